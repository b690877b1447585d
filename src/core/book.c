/* src/core/book.c: the runtime's memory of the world.
 *
 * One hmap per kind of thing, each value a heap copy the book owns:
 * instruments and accounts by id, quotes by symbol, live orders by id and
 * positions by "ACCT\x1fSYM" (the unit separator cannot occur in an id).
 * Each live order also keeps its share of the sums of its account, symbol
 * and side (struct book_side) and what it was counted for, so taking it
 * out again is exact whatever it has become since.
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


struct book {
	struct hmap *instruments;	/* symbol -> struct instrument * */
	struct hmap *accounts;		/* id -> struct account * */
	struct hmap *quotes;		/* symbol -> struct book_quote * */
	struct hmap *orders;		/* id -> struct held * */
	struct hmap *positions;		/* ACCT\x1fSYM -> struct position */
	struct live *live;		/* the sums; changes while reading */
	struct fx_table *fx;
};

/* A live order and its share of the sums. */
struct held {
	struct order o;			/* first: the book hands out &h->o */
	char	key[POSITION_KEY_MAX];	/* the sums it is in; "": none */
	int	side;			/* 0 buys, 1 sells */
	int64_t	qty, px;		/* what it is counted for */
	size_t	dirty;			/* its place in the dirty list + 1 */
};

/* The sums per "ACCT\x1fSYM", and the orders that may have changed since
 * they were counted (counted again before the sums are next read). */
struct live {
	struct hmap *sums;		/* ACCT\x1fSYM -> struct book_side[2] */
	struct held **dirty;
	size_t	ndirty, cap;
};

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
	b->live = xcalloc(1, sizeof *b->live);
	b->live->sums = hmap_new();
	b->fx = fx_table_new();
	return b;
}

/* Free B and everything it holds; NULL is a no-op. */
void
book_free(struct book *b)
{
	if (b == NULL)
		return;
	hmap_free_values(b->instruments);
	hmap_free_values(b->accounts);
	hmap_free_values(b->quotes);
	hmap_free_values(b->orders);
	hmap_free_values(b->positions);
	hmap_free_values(b->live->sums);
	free(b->live->dirty);
	free(b->live);
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
		str_copy(bq->q.symbol, sizeof bq->q.symbol, sym);
		hmap_put(b->quotes, bq->q.symbol, bq);
	}
	return bq;
}

/* Put H on the list of orders to count again. */
static void
mark(struct live *lv, struct held *h)
{
	if (h->dirty)
		return;
	if (lv->ndirty == lv->cap) {
		lv->cap = lv->cap ? lv->cap * 2 : 64;
		lv->dirty = xrealloc(lv->dirty, lv->cap * sizeof *lv->dirty);
	}
	lv->dirty[lv->ndirty++] = h;
	h->dirty = lv->ndirty;
}

/* Take H off the list of orders to count again. */
static void
unmark(struct live *lv, struct held *h)
{
	if (!h->dirty)
		return;
	struct held *last = lv->dirty[--lv->ndirty];
	lv->dirty[h->dirty - 1] = last;
	last->dirty = h->dirty;
	h->dirty = 0;
}

/* The live order ID, borrowed, or NULL.  The caller may change it. */
struct order *
book_order(const struct book *b, const char *id)
{
	struct held *h = hmap_get(b->orders, id);

	if (h == NULL)
		return NULL;
	mark(b->live, h);
	return &h->o;
}

/* The live order ID was changed in place. */
void
book_touch_order(const struct book *b, const char *id)
{
	struct held *h = hmap_get(b->orders, id);

	if (h)
		mark(b->live, h);
}

/* The price O counts at (see book.h). */
int64_t
book_order_px(const struct order *o)
{
	if (order_side_sign(o->side) > 0 && o->limit_px > 0)
		return o->limit_px;
	return o->limit_px > o->stop_px ? o->limit_px : o->stop_px;
}

/* Add O's share to S (DIR 1) or take it out (DIR -1): QTY at PX. */
static void
side_add(struct book_side *s, int64_t qty, int64_t px, int dir)
{
	if (px > 0) {
		s->qty += dir * (__int128)qty;
		s->notional += dir * (__int128)qty * px;
	} else
		s->mkt_qty += dir * (__int128)qty;
	if (dir > 0)
		s->n++;
	else
		s->n--;
}

/* Count H as it is now. */
static void
count(struct live *lv, struct held *h)
{
	int64_t	leaves = order_leaves(&h->o);
	struct book_side *s;

	h->key[0] = '\0';
	if (leaves <= 0 || order_is_block(&h->o))
		return;
	position_map_key(h->key, h->o.account, h->o.symbol);
	h->side = order_side_sign(h->o.side) > 0 ? 0 : 1;
	h->qty = leaves;
	h->px = book_order_px(&h->o);
	if ((s = hmap_get(lv->sums, h->key)) == NULL) {
		s = xcalloc(2, sizeof *s);
		hmap_put(lv->sums, h->key, s);
	}
	side_add(&s[h->side], h->qty, h->px, 1);
}

/* Take out what H was counted for. */
static void
uncount(struct live *lv, struct held *h)
{
	struct book_side *s;

	if (h->key[0] == '\0')
		return;
	if ((s = hmap_get(lv->sums, h->key)) == NULL)
		fatal("book: sums of %s lost", h->o.id);
	side_add(&s[h->side], h->qty, h->px, -1);
	h->key[0] = '\0';
}

/* Count again every order that may have changed. */
static void
settle(struct live *lv)
{
	for (size_t i = 0; i < lv->ndirty; i++) {
		uncount(lv, lv->dirty[i]);
		count(lv, lv->dirty[i]);
		lv->dirty[i]->dirty = 0;
	}
	lv->ndirty = 0;
}

/* Store a copy of O (an order with the same id is overwritten in place);
 * returns the book's copy, which stays valid until dropped. */
struct order *
book_add_order(struct book *b, const struct order *o)
{
	struct held *h = hmap_get(b->orders, o->id);

	if (h == NULL) {
		h = xcalloc(1, sizeof *h);
		h->o = *o;
		hmap_put(b->orders, h->o.id, h);
		count(b->live, h);
		return &h->o;
	}
	uncount(b->live, h);
	if (&h->o != o)
		h->o = *o;
	count(b->live, h);
	return &h->o;
}

/* Forget and free the order ID; an unknown id is a no-op.  Safe while
 * iterating with book_next_order(). */
void
book_drop_order(struct book *b, const char *id)
{
	struct held *h = hmap_del(b->orders, id);

	if (h == NULL)
		return;
	unmark(b->live, h);
	uncount(b->live, h);
	free(h);
}

/* The sums of ACCT in SYM on side SIGN, without the order EXCEPT. */
void
book_side_sums(const struct book *b, const char *acct, const char *sym,
    int sign, const char *except, struct book_side *s)
{
	char	key[POSITION_KEY_MAX];
	const struct book_side *sums;
	const struct held *h;
	int	side = sign > 0 ? 0 : 1;

	settle(b->live);
	position_map_key(key, acct, sym);
	sums = hmap_get(b->live->sums, key);
	if (sums)
		*s = sums[side];
	else
		memset(s, 0, sizeof *s);
	if (except && (h = hmap_get(b->orders, except)) != NULL &&
	    h->key[0] && h->side == side && strcmp(h->key, key) == 0)
		side_add(s, h->qty, h->px, -1);
}

/* The same sums from every live order as it is now. */
void
book_side_recount(const struct book *b, const char *acct, const char *sym,
    int sign, struct book_side *s)
{
	size_t	pos = 0;
	const struct order *o;

	memset(s, 0, sizeof *s);
	while ((o = book_next_order(b, &pos)) != NULL) {
		int64_t	leaves = order_leaves(o);
		if (leaves > 0 && !order_is_block(o) &&
		    order_side_sign(o->side) == (sign > 0 ? 1 : -1) &&
		    strcmp(o->account, acct) == 0 &&
		    strcmp(o->symbol, sym) == 0)
			side_add(s, leaves, book_order_px(o), 1);
	}
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
	char	key[POSITION_KEY_MAX];
	struct position *p;

	position_map_key(key, acct, sym);
	p = hmap_get(b->positions, key);
	if (p == NULL && create) {
		p = xcalloc(1, sizeof *p);
		str_copy(p->account, sizeof p->account, acct);
		str_copy(p->symbol, sizeof p->symbol, sym);
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
