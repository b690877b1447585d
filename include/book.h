/* include/book.h: the runtime's memory of the world: reference data,
 * quotes and marks, the orders still alive, and every position.
 *
 * Plain containers, no rules: the runtime decides what goes in.  Orders
 * that are done are dropped from the book (the store keeps them). */
#ifndef BLOTTER_BOOK_H
#define BLOTTER_BOOK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "account.h"
#include "instrument.h"
#include "order.h"
#include "position.h"
#include "quote.h"

struct book;
struct fx_table;

/* The latest market state of a symbol. */
struct book_quote {
	struct quote q;			/* bid/ask 0 until quoted */
	int64_t	mark;			/* PX_SCALE; 0: no mark */
};

struct book *book_new(void);
void	book_free(struct book *);			/* NULL is a no-op */

/* Reference data; put copies in, replacing a row with the same key.
 * Getters return borrowed pointers or NULL. */
const struct instrument *book_instrument(const struct book *, const char *);
void	book_put_instrument(struct book *, const struct instrument *);
const struct account *book_account(const struct book *, const char *);
void	book_put_account(struct book *, const struct account *);
size_t	book_account_count(const struct book *);
struct fx_table *book_fx(struct book *);		/* borrowed */

/* Quotes and marks. */
const struct book_quote *book_quote(const struct book *, const char *sym);
struct book_quote *book_quote_mut(struct book *, const char *sym);	/* creates */

/* Live orders, by id; iteration runs oldest first. */
struct order *book_order(const struct book *, const char *id);
struct order *book_add_order(struct book *, const struct order *);  /* copy */
void	book_drop_order(struct book *, const char *id);
size_t	book_order_count(const struct book *);
/* Iterate orders: start with *POS = 0; NULL at the end. */
struct order *book_next_order(const struct book *, size_t *pos);
/* The live orders of ACCT in SYM, oldest first, *N of them (borrowed:
 * valid until an order is added or dropped).  An order changed in place
 * to another account or symbol stays filed under its old ones. */
struct order *const *book_orders_of(const struct book *, const char *acct,
	    const char *sym, size_t *n);

/* Positions, by account and symbol. */
struct position *book_position(struct book *, const char *acct,
	    const char *sym, bool create);
struct position *book_next_position(const struct book *, size_t *pos);
const struct instrument *book_next_instrument(const struct book *,
	    size_t *pos);
const struct account *book_next_account(const struct book *, size_t *pos);

#endif
