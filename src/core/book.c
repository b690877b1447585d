/* src/core/book.c: the runtime's memory of the world.
 *
 * One hmap per kind of thing, each value a heap copy the book owns:
 * instruments and accounts by id, quotes by symbol, live orders by id and
 * positions by "ACCT\x1fSYM" (the unit separator cannot occur in an id).
 * Putting a row whose key exists overwrites the copy in place, so pointers
 * handed out earlier stay valid and see the new contents; dropping an
 * order frees it.  Iteration follows insertion order (hmap). */
#include "config.h"
#include "book.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fx.h"
#include "hmap.h"

#define POS_KEY_MAX	(ACCOUNT_MAX + SYMBOL_MAX + 1)

struct book {
	struct hmap *instruments;	/* symbol -> struct instrument * */
	struct hmap *accounts;		/* id -> struct account * */
	struct hmap *quotes;		/* symbol -> struct book_quote * */
	struct hmap *orders;		/* id -> struct order * */
	struct hmap *positions;		/* ACCT\x1fSYM -> struct position */
	struct hmap *held;		/* ACCT\x1fSYM -> struct order_set */
	struct fx_table *fx;
};

/* The live orders of one account in one symbol, oldest first: what an
 * order's checks look at without walking every order of the book. */
struct order_set {
	size_t	n, cap;
	struct order **o;
};

/* Copy SRC into DST of SIZE bytes, truncating. */
static void
copy_str(char *dst, const char *src, size_t size)
{
	size_t	n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Create an empty book. */
struct book *
book_new(void)
{
	struct book *b = xcalloc(1, sizeof *b);

	b->instruments = hmap_new();
	b->accounts = hmap_new();
	b->quotes = hmap_new();
	b->orders = hmap_new();
	b->positions = hmap_new();
	b->held = hmap_new();
	b->fx = fx_table_new();
	return b;
}

/* Free every value of M, then M. */
static void
free_map(struct hmap *m)
{
	size_t	pos = 0;
	void	*val;

	while (hmap_next(m, &pos, NULL, &val))
		free(val);
	hmap_free(m);
}

/* Free B and everything it holds; NULL is a no-op. */
void
book_free(struct book *b)
{
	if (b == NULL)
		return;
	free_map(b->instruments);
	free_map(b->accounts);
	free_map(b->quotes);
	free_map(b->orders);
	free_map(b->positions);
	size_t	pos = 0;
	void	*val;
	while (hmap_next(b->held, &pos, NULL, &val)) {
		free(((struct order_set *)val)->o);
		free(val);
	}
	hmap_free(b->held);
	fx_table_free(b->fx);
	free(b);
}

/* Put a copy of SIZE bytes at SRC under KEY, overwriting an existing copy
 * in place.  Returns the book's copy. */
static void *
put_copy(struct hmap *m, const char *key, const void *src, size_t size)
{
	void	*v = hmap_get(m, key);

	if (v == NULL) {
		v = xmalloc(size);
		hmap_put(m, key, v);
	}
	if (v != src)
		memcpy(v, src, size);
	return v;
}

/* The instrument SYM, borrowed, or NULL. */
const struct instrument *
book_instrument(const struct book *b, const char *sym)
{
	return hmap_get(b->instruments, sym);
}

/* Store a copy of INST, replacing the one with the same symbol. */
void
book_put_instrument(struct book *b, const struct instrument *inst)
{
	put_copy(b->instruments, inst->symbol, inst, sizeof *inst);
}

/* The account ID, borrowed, or NULL. */
const struct account *
book_account(const struct book *b, const char *id)
{
	return hmap_get(b->accounts, id);
}

/* Store a copy of ACCT, replacing the one with the same id. */
void
book_put_account(struct book *b, const struct account *acct)
{
	put_copy(b->accounts, acct->id, acct, sizeof *acct);
}

/* Number of accounts in the book. */
size_t
book_account_count(const struct book *b)
{
	return hmap_count(b->accounts);
}

/* The book's fx table, borrowed. */
struct fx_table *
book_fx(struct book *b)
{
	return b->fx;
}

/* The market state of SYM, borrowed, or NULL when never quoted/marked. */
const struct book_quote *
book_quote(const struct book *b, const char *sym)
{
	return hmap_get(b->quotes, sym);
}

/* The market state of SYM, created empty (no prices, no mark) if new. */
struct book_quote *
book_quote_mut(struct book *b, const char *sym)
{
	struct book_quote *bq = hmap_get(b->quotes, sym);

	if (bq == NULL) {
		bq = xcalloc(1, sizeof *bq);
		copy_str(bq->q.symbol, sym, sizeof bq->q.symbol);
		hmap_put(b->quotes, bq->q.symbol, bq);
	}
	return bq;
}

/* The live order ID, borrowed, or NULL. */
struct order *
book_order(const struct book *b, const char *id)
{
	return hmap_get(b->orders, id);
}

/* "ACCT\x1fSYM" into KEY (POS_KEY_MAX bytes). */
static void
pos_key(char *key, const char *acct, const char *sym)
{
	size_t	an = strnlen(acct, ACCOUNT_MAX - 1);
	size_t	sn = strnlen(sym, SYMBOL_MAX - 1);

	memcpy(key, acct, an);
	key[an] = '\x1f';
	memcpy(key + an + 1, sym, sn);
	key[an + 1 + sn] = '\0';
}

/* Put O, the book's copy, in the set of its account and symbol. */
static void
held_add(struct book *b, struct order *o)
{
	char	key[POS_KEY_MAX];
	struct order_set *set;

	pos_key(key, o->account, o->symbol);
	if ((set = hmap_get(b->held, key)) == NULL) {
		set = xcalloc(1, sizeof *set);
		hmap_put(b->held, key, set);
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 8;
		set->o = xrealloc(set->o, set->cap * sizeof *set->o);
	}
	set->o[set->n++] = o;
}

/* Take O out of SET; whether it was there. */
static bool
set_del(struct order_set *set, const struct order *o)
{
	for (size_t i = set->n; i-- > 0;)
		if (set->o[i] == o) {
			memmove(set->o + i, set->o + i + 1,
			    (set->n - i - 1) * sizeof *set->o);
			set->n--;
			return true;
		}
	return false;
}

/* Take O out of the set of ACCT and SYM (what it was filed under), or,
 * changed in place since, out of whichever set holds it: no set may keep
 * an order that is freed. */
static void
held_del(struct book *b, const struct order *o, const char *acct,
    const char *sym)
{
	char	key[POS_KEY_MAX];
	struct order_set *set;
	size_t	pos = 0;
	void	*val;

	pos_key(key, acct, sym);
	if ((set = hmap_get(b->held, key)) != NULL && set_del(set, o))
		return;
	while (hmap_next(b->held, &pos, NULL, &val))
		if (set_del(val, o))
			return;
}

/* Store a copy of O (an order with the same id is overwritten in place);
 * returns the book's copy, which stays valid until dropped. */
struct order *
book_add_order(struct book *b, const struct order *o)
{
	struct order *old = hmap_get(b->orders, o->id), *cp;
	char	acct[ACCOUNT_MAX], sym[SYMBOL_MAX];

	if (old == NULL) {
		cp = put_copy(b->orders, o->id, o, sizeof *o);
		held_add(b, cp);
		return cp;
	}
	memcpy(acct, old->account, sizeof acct);
	memcpy(sym, old->symbol, sizeof sym);
	cp = put_copy(b->orders, o->id, o, sizeof *o);
	if (strcmp(acct, cp->account) != 0 || strcmp(sym, cp->symbol) != 0) {
		held_del(b, cp, acct, sym);
		held_add(b, cp);
	}
	return cp;
}

/* Forget and free the order ID; an unknown id is a no-op.  Safe while
 * iterating with book_next_order(), not over book_orders_of(). */
void
book_drop_order(struct book *b, const char *id)
{
	struct order *o = hmap_del(b->orders, id);

	if (o != NULL)
		held_del(b, o, o->account, o->symbol);
	free(o);
}

/* The live orders of ACCT in SYM, oldest first, and their number. */
struct order *const *
book_orders_of(const struct book *b, const char *acct, const char *sym,
    size_t *n)
{
	char	key[POS_KEY_MAX];
	const struct order_set *set;

	pos_key(key, acct, sym);
	set = hmap_get(b->held, key);
	*n = set ? set->n : 0;
	return set ? set->o : NULL;
}

/* Number of live orders in the book. */
size_t
book_order_count(const struct book *b)
{
	return hmap_count(b->orders);
}

/* The next live order after *POS, oldest first; NULL at the end. */
struct order *
book_next_order(const struct book *b, size_t *pos)
{
	void	*val;

	return hmap_next(b->orders, pos, NULL, &val) ? val : NULL;
}

/* The position of ACCT in SYM, borrowed; created flat when CREATE, else
 * NULL if it never existed. */
struct position *
book_position(struct book *b, const char *acct, const char *sym,
    bool create)
{
	char	key[POS_KEY_MAX];
	struct position *p;

	pos_key(key, acct, sym);
	p = hmap_get(b->positions, key);
	if (p == NULL && create) {
		p = xcalloc(1, sizeof *p);
		copy_str(p->account, acct, sizeof p->account);
		copy_str(p->symbol, sym, sizeof p->symbol);
		hmap_put(b->positions, key, p);
	}
	return p;
}

/* The next position after *POS, in creation order; NULL at the end. */
struct position *
book_next_position(const struct book *b, size_t *pos)
{
	void	*val;

	return hmap_next(b->positions, pos, NULL, &val) ? val : NULL;
}

/* The next instrument after *POS, in the order first put; NULL at the end. */
const struct instrument *
book_next_instrument(const struct book *b, size_t *pos)
{
	void	*val;

	return hmap_next(b->instruments, pos, NULL, &val) ? val : NULL;
}

/* The next account after *POS, in the order first put; NULL at the end. */
const struct account *
book_next_account(const struct book *b, size_t *pos)
{
	void	*val;

	return hmap_next(b->accounts, pos, NULL, &val) ? val : NULL;
}
