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

/* Live orders, by id; iteration runs oldest first.  Change an order in
 * place only through a pointer from book_order() or book_add_order(), or
 * call book_touch_order() after (iteration hands out pointers to read). */
struct order *book_order(const struct book *, const char *id);
struct order *book_add_order(struct book *, const struct order *);  /* copy */
void	book_drop_order(struct book *, const char *id);
size_t	book_order_count(const struct book *);
/* Iterate orders: start with *POS = 0; NULL at the end. */
struct order *book_next_order(const struct book *, size_t *pos);

/* What the live orders of one account in one symbol on one side could
 * still add to its position, summed as orders come, change and go, so an
 * entry's money check costs the same with 20,000 orders resting as with
 * none.  Blocks and orders with nothing left to fill count for nothing. */
struct book_side {
	__int128 qty;			/* open quantity of those with a
					   price */
	__int128 notional;		/* that quantity x its price (PX_SCALE
					   x units) */
	__int128 mkt_qty;		/* open quantity of those without */
	size_t	n;			/* orders counted */
};
/* The price a live order counts at: a buy's limit, else the higher of its
 * limit and its stop; 0 when it has neither (it trades at the market). */
int64_t	book_order_px(const struct order *);
/* The sums of ACCT in SYM on side SIGN (1 buys, -1 sells) into *S,
 * leaving out the live order EXCEPT (an id; NULL: none). */
void	book_side_sums(const struct book *, const char *acct,
	    const char *sym, int sign, const char *except,
	    struct book_side *s);
/* The same sums from a walk over every live order (tests, checks). */
void	book_side_recount(const struct book *, const char *acct,
	    const char *sym, int sign, struct book_side *s);
/* Say that the live order ID (if any) was changed in place: its share of
 * the sums is taken again before they are next read.  book_order() and
 * book_add_order() say so themselves. */
void	book_touch_order(const struct book *, const char *id);

/* Positions, by account and symbol. */
struct position *book_position(struct book *, const char *acct,
	    const char *sym, bool create);
struct position *book_next_position(const struct book *, size_t *pos);
const struct instrument *book_next_instrument(const struct book *,
	    size_t *pos);
const struct account *book_next_account(const struct book *, size_t *pos);

#endif
