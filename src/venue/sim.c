/* src/venue/sim.c: the embedded simulated venue.
 *
 * The sim matches orders against the latest quote of each symbol and
 * answers at once through the venue's emit callback.  Nothing is random:
 * the same orders, quotes and clock always give the same events.
 *
 * The runtime applies events only after each call returns, so the sim keeps
 * its own copy of every working order (struct sim_order) with its own
 * filled quantity and stop state.  Each copy sits in:
 *   - the id map (sim.orders), for cancels and replaces;
 *   - the list of all working orders in arrival order (sim.all), walked at
 *     the close to expire DAY and GTD orders;
 *   - exactly one queue of its symbol (struct sim_sym).  The queues that
 *     grow with resting orders are binary heaps, so entering, canceling and
 *     filling an order costs O(log n) however deep the book:
 *       active[side]  market orders and triggered stops, by arrival;
 *       limits[side]  limit orders, best price first, then by arrival;
 *       stops[side]   untriggered stops, nearest trigger price first;
 *     the others are lists in arrival order:
 *       trailing      untriggered trailing stops (they move every quote);
 *       auction       OPG and ATC orders waiting for the open or the close.
 * A quote sets the symbol's prices and displayed sizes; each fill uses the
 * sizes up until the next quote.  An order leaves every structure and is
 * freed as soon as it is done, so memory follows the working orders (plus
 * one small record per symbol seen).
 *
 * Venue time is seconds since 1970-01-01 without a time zone: the day is
 * t / 86400 and the session runs from 09:30:00 to 16:00:00 of each trading
 * day of the calendar (venue_sim_set_calendar(); weekends only without
 * one): no open, no close and no expiry on weekends and holidays. */
#include "config.h"
#include "venue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "err.h"
#include "fixed.h"
#include "hmap.h"

#define SIM_PCT		(100 * PX_SCALE)	/* 100 % as a scaled percent */

/* Index of an order's side: what a buy or a sell trades against. */
enum { SIM_BUY, SIM_SELL };

enum sim_queue {
	SQ_NONE, SQ_ACTIVE, SQ_LIMIT, SQ_STOP, SQ_TRAIL, SQ_AUCTION
};

struct sim_sym;

struct sim_order {
	char	id[ORDER_ID_MAX];
	struct sim_sym *sym;
	int	side;			/* SIM_BUY or SIM_SELL */
	enum order_type type;
	enum order_tif tif;
	int64_t	qty;			/* ordered */
	int64_t	cum;			/* filled here (or before a restart) */
	int64_t	limit;			/* PX_SCALE; 0: none */
	int64_t	stop;			/* PX_SCALE; trailing: current stop */
	int64_t	trail;			/* amount, or percent x PX_SCALE */
	int64_t	best;			/* trailing: best price seen, 0: none */
	bool	trail_pct;
	bool	triggered;
	bool	in_book;		/* in the id map and the all list */
	int32_t	gtd_date;		/* YYYYMMDD */
	uint64_t seq;			/* arrival order */
	enum sim_queue queue;
	size_t	hidx;			/* place in a heap queue */
	struct sim_order *qprev, *qnext;	/* in a list queue */
	struct sim_order *aprev, *anext;	/* in sim.all */
};

struct sim_list {
	struct sim_order *head, *tail;
};

/* A binary heap of orders, the one that goes first at the top. */
struct sim_slot {
	int64_t	rank;			/* lower first */
	uint64_t seq;			/* then earlier first */
	struct sim_order *o;
};

struct sim_heap {
	struct sim_slot *a;
	size_t	n, cap;
};

struct sim_sym {
	char	symbol[SYMBOL_MAX];
	/* What a buy [SIM_BUY] or a sell [SIM_SELL] trades against: the ask
	 * and the bid.  Price 0: no quote on that side; size -1: unlimited,
	 * otherwise what is left of the displayed size. */
	int64_t	px[2], sz[2];
	struct sim_heap active[2], limits[2], stops[2];
	struct sim_list trailing, auction;
};

struct sim {
	struct venue *v;
	int64_t	now;
	uint64_t seq;
	struct hmap *orders;		/* id -> struct sim_order */
	struct hmap *syms;		/* symbol -> struct sim_sym */
	struct sim_list all;		/* every working order, by arrival */
	size_t	nexpiring;		/* working orders that are not GTC */
	struct sim_order **tmp;		/* scratch for sorting orders */
	size_t	ntmp;
	const struct calendar *cal;	/* borrowed; NULL: weekends only */
};

static const char *const sim_tif_label[TIF_COUNT] = {
	[TIF_DAY] = "DAY", [TIF_GTC] = "GTC", [TIF_IOC] = "IOC",
	[TIF_FOK] = "FOK", [TIF_GTD] = "GTD", [TIF_OPG] = "OPG",
	[TIF_ATC] = "ATC",
};

/* Time. */

static int64_t
sim_sod(int64_t t)
{
	return t - calendar_day_of(t) * CALENDAR_DAY;
}

/* The first session boundary (09:30:00 or 16:00:00 of a trading day)
 * strictly after T. */
static int64_t
sim_next_boundary(const struct sim *s, int64_t t)
{
	int64_t open = calendar_next_open(s->cal, t);
	int64_t close = calendar_next_close(s->cal, t);

	return open < close ? open : close;
}

/* Whether the session is open at T: only then does anything trade. */
static bool
sim_open_at(const struct sim *s, int64_t t)
{
	return calendar_session(s->cal, t) == CALENDAR_OPEN_NOW;
}

/* Events. */

static void
sim_emit(struct sim *s, const char *id, enum venue_event_kind kind,
    int64_t qty, int64_t px, const char *text)
{
	struct venue_event ev;

	if (s->v->emit == NULL)
		return;
	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	str_copy(ev.order_id, sizeof ev.order_id, id);
	ev.qty = qty;
	ev.px = px;
	if (text != NULL)
		str_copy(ev.text, sizeof ev.text, text);
	s->v->emit(s->v->ctx, &ev);
}

/* Report a fill of QTY at PX, with the quote's sizes left after it; the
 * exec id names the order's cumulative quantity after it, which only
 * grows, so ids never repeat. */
static void
sim_emit_fill(struct sim *s, const struct sim_order *o, int64_t qty,
    int64_t px)
{
	const struct sim_sym *y = o->sym;
	struct venue_event ev;

	if (s->v->emit == NULL)
		return;
	memset(&ev, 0, sizeof ev);
	ev.kind = VEV_FILL;
	str_copy(ev.order_id, sizeof ev.order_id, o->id);
	snprintf(ev.exec_id, sizeof ev.exec_id, "%s.%lld", o->id,
	    (long long)o->cum);
	ev.qty = qty;
	ev.px = px;
	/* What is left of the displayed size is the store's to keep. */
	ev.has_quote = true;
	str_copy(ev.quote.symbol, sizeof ev.quote.symbol, y->symbol);
	ev.quote.bid = y->px[SIM_SELL];
	ev.quote.ask = y->px[SIM_BUY];
	ev.quote.bidsz = y->sz[SIM_SELL];
	ev.quote.asksz = y->sz[SIM_BUY];
	s->v->emit(s->v->ctx, &ev);
}

/* Orders. */

static bool
sim_is_stop(const struct sim_order *o)
{
	return o->type == OTYPE_STOP || o->type == OTYPE_STOP_LIMIT ||
	    o->type == OTYPE_TRAILING_STOP;
}

/* The limit the order trades at once it may trade; 0 for market-like. */
static int64_t
sim_limit(const struct sim_order *o)
{
	if (o->type == OTYPE_MARKET || o->type == OTYPE_STOP)
		return 0;
	return o->limit;
}

static bool
sim_marketable(const struct sim_order *o, int64_t px)
{
	int64_t lim = sim_limit(o);

	if (px <= 0)
		return false;
	if (lim == 0)
		return true;
	return o->side == SIM_BUY ? lim >= px : lim <= px;
}

/* What O could fill right now against its symbol's quote. */
static int64_t
sim_available(const struct sim_order *o)
{
	const struct sim_sym *y = o->sym;
	int64_t q = o->qty - o->cum;

	if (q <= 0 || !sim_marketable(o, y->px[o->side]))
		return 0;
	if (y->sz[o->side] >= 0 && y->sz[o->side] < q)
		q = y->sz[o->side];
	return q;
}

/* Fill O as far as its price and the displayed size allow. */
static void
sim_fill(struct sim *s, struct sim_order *o)
{
	struct sim_sym *y = o->sym;
	int64_t q = sim_available(o);

	if (q <= 0)
		return;
	o->cum += q;
	if (y->sz[o->side] >= 0)
		y->sz[o->side] -= q;
	sim_emit_fill(s, o, q, y->px[o->side]);
}

/* O's rank in heap queue Q: lower goes first, equal ranks by arrival. */
static int64_t
sim_rank(const struct sim_order *o, enum sim_queue q)
{
	int sign = o->side == SIM_BUY ? 1 : -1;

	switch (q) {
	case SQ_LIMIT:
		/* The highest buy limit, the lowest sell limit. */
		return -sign * sim_limit(o);
	case SQ_STOP:
		/* The stop the market reaches first: the lowest buy stop as
		 * the ask rises, the highest sell stop as the bid falls. */
		return sign * o->stop;
	default:
		return 0;
	}
}

/* Lists. */

/* Insert O by arrival, from the tail back: a newcomer belongs there. */
static void
sim_list_insert(struct sim_list *l, struct sim_order *o)
{
	struct sim_order *p;

	for (p = l->tail; p != NULL && p->seq > o->seq; p = p->qprev)
		;
	o->qprev = p;
	o->qnext = p != NULL ? p->qnext : l->head;
	if (o->qnext != NULL)
		o->qnext->qprev = o;
	else
		l->tail = o;
	if (p != NULL)
		p->qnext = o;
	else
		l->head = o;
}

static void
sim_list_remove(struct sim_list *l, struct sim_order *o)
{
	if (o->qprev != NULL)
		o->qprev->qnext = o->qnext;
	else
		l->head = o->qnext;
	if (o->qnext != NULL)
		o->qnext->qprev = o->qprev;
	else
		l->tail = o->qprev;
	o->qprev = o->qnext = NULL;
}

/* Heaps.  Each slot carries its order's rank and arrival so that sifting
 * compares without touching the orders themselves. */

static bool
sim_slot_ahead(const struct sim_slot *a, const struct sim_slot *b)
{
	return a->rank != b->rank ? a->rank < b->rank : a->seq < b->seq;
}

static void
sim_heap_set(struct sim_heap *h, size_t i, const struct sim_slot *e)
{
	h->a[i] = *e;
	e->o->hidx = i;
}

static void
sim_heap_up(struct sim_heap *h, size_t i)
{
	struct sim_slot e = h->a[i];

	while (i > 0 && sim_slot_ahead(&e, &h->a[(i - 1) / 2])) {
		sim_heap_set(h, i, &h->a[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	sim_heap_set(h, i, &e);
}

static void
sim_heap_down(struct sim_heap *h, size_t i)
{
	struct sim_slot e = h->a[i];
	size_t c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && sim_slot_ahead(&h->a[c + 1], &h->a[c]))
			c++;
		if (!sim_slot_ahead(&h->a[c], &e))
			break;
		sim_heap_set(h, i, &h->a[c]);
		i = c;
	}
	sim_heap_set(h, i, &e);
}

static void
sim_heap_push(struct sim_heap *h, struct sim_order *o, enum sim_queue q)
{
	struct sim_slot e = { sim_rank(o, q), o->seq, o };

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 8;
		h->a = xrealloc(h->a, h->cap * sizeof *h->a);
	}
	h->a[h->n++] = e;
	sim_heap_up(h, h->n - 1);
}

static void
sim_heap_remove(struct sim_heap *h, struct sim_order *o)
{
	size_t i = o->hidx;

	if (--h->n != i) {
		sim_heap_set(h, i, &h->a[h->n]);
		sim_heap_up(h, i);
		sim_heap_down(h, h->a[i].o->hidx);
	}
	/* Give memory back once the book has thinned out. */
	if (h->cap > 64 && h->n < h->cap / 4) {
		h->cap /= 2;
		h->a = xrealloc(h->a, h->cap * sizeof *h->a);
	}
}

static struct sim_order *
sim_heap_top(const struct sim_heap *h)
{
	return h->n > 0 ? h->a[0].o : NULL;
}

/* Queues. */

static struct sim_heap *
sim_queue_heap(struct sim_order *o)
{
	struct sim_sym *y = o->sym;

	switch (o->queue) {
	case SQ_ACTIVE:
		return &y->active[o->side];
	case SQ_LIMIT:
		return &y->limits[o->side];
	case SQ_STOP:
		return &y->stops[o->side];
	default:
		return NULL;
	}
}

static struct sim_list *
sim_queue_list(struct sim_order *o)
{
	switch (o->queue) {
	case SQ_TRAIL:
		return &o->sym->trailing;
	case SQ_AUCTION:
		return &o->sym->auction;
	default:
		return NULL;
	}
}

static bool
sim_expiring_tif(enum order_tif tif)
{
	return tif != TIF_GTC;
}

/* Put O into the queue its state calls for, and into the book if it is
 * not there yet. */
static void
sim_file(struct sim *s, struct sim_order *o)
{
	struct sim_heap *h;

	if (!o->in_book) {
		hmap_put(s->orders, o->id, o);
		o->aprev = s->all.tail;
		o->anext = NULL;
		if (s->all.tail != NULL)
			s->all.tail->anext = o;
		else
			s->all.head = o;
		s->all.tail = o;
		o->in_book = true;
		if (sim_expiring_tif(o->tif))
			s->nexpiring++;
	}
	if (o->tif == TIF_OPG || o->tif == TIF_ATC)
		o->queue = SQ_AUCTION;
	else if (o->type == OTYPE_TRAILING_STOP && !o->triggered)
		o->queue = SQ_TRAIL;
	else if (sim_is_stop(o) && !o->triggered)
		o->queue = SQ_STOP;
	else if (sim_limit(o) != 0)
		o->queue = SQ_LIMIT;
	else
		o->queue = SQ_ACTIVE;
	h = sim_queue_heap(o);
	if (h != NULL)
		sim_heap_push(h, o, o->queue);
	else
		sim_list_insert(sim_queue_list(o), o);
}

/* Take O out of its queue, keeping it in the book. */
static void
sim_unfile(struct sim_order *o)
{
	struct sim_heap *h = sim_queue_heap(o);
	struct sim_list *l = sim_queue_list(o);

	if (h != NULL)
		sim_heap_remove(h, o);
	else if (l != NULL)
		sim_list_remove(l, o);
	o->queue = SQ_NONE;
}

/* O is done: drop it from every structure and free it. */
static void
sim_finish(struct sim *s, struct sim_order *o)
{
	sim_unfile(o);
	if (o->in_book) {
		hmap_del(s->orders, o->id);
		if (o->aprev != NULL)
			o->aprev->anext = o->anext;
		else
			s->all.head = o->anext;
		if (o->anext != NULL)
			o->anext->aprev = o->aprev;
		else
			s->all.tail = o->aprev;
		if (sim_expiring_tif(o->tif))
			s->nexpiring--;
	}
	free(o);
}

/* Move a trailing stop with the best price seen: the highest bid for a
 * sell, the lowest ask for a buy.  The stop only ever moves in the
 * order's favour; each move is reported. */
static void
sim_trail(struct sim *s, struct sim_order *o)
{
	int64_t px = o->sym->px[o->side], stop;

	if (o->type != OTYPE_TRAILING_STOP || o->triggered || px <= 0)
		return;
	if (o->best != 0 &&
	    (o->side == SIM_SELL ? px <= o->best : px >= o->best))
		return;
	o->best = px;
	if (o->side == SIM_SELL)
		stop = o->trail_pct ?
		    fixed_muldiv(px, SIM_PCT - o->trail, SIM_PCT) :
		    px - o->trail;
	else
		stop = o->trail_pct ?
		    fixed_muldiv(px, SIM_PCT + o->trail, SIM_PCT) :
		    px + o->trail;
	if (stop <= 0)
		return;
	if (o->stop != 0 &&
	    (o->side == SIM_SELL ? stop <= o->stop : stop >= o->stop))
		return;
	o->stop = stop;
	sim_emit(s, o->id, VEV_STOP_MOVED, 0, stop, NULL);
}

/* Whether an untriggered stop's price has been reached: a buy stop when
 * the ask is at or above it, a sell stop when the bid is at or below. */
static bool
sim_stop_hit(const struct sim_order *o)
{
	int64_t px = o->sym->px[o->side];

	if (o->stop <= 0 || px <= 0)
		return false;
	return o->side == SIM_BUY ? px >= o->stop : px <= o->stop;
}

static void
sim_trigger(struct sim *s, struct sim_order *o)
{
	o->triggered = true;
	sim_emit(s, o->id, VEV_TRIGGERED, 0, o->stop, NULL);
}

/* A market, limit or triggered order (in no queue) trades now: FOK fills
 * whole or not at all, IOC cancels what is left, the rest rests. */
static void
sim_execute(struct sim *s, struct sim_order *o)
{
	char text[NOTE_MAX];

	/* Outside the session nothing trades: the order waits for the
	 * open (the last quote is stale until then). */
	if (!sim_open_at(s, s->now) && o->tif != TIF_IOC &&
	    o->tif != TIF_FOK) {
		sim_file(s, o);
		return;
	}
	if (o->tif == TIF_FOK && sim_available(o) < o->qty - o->cum) {
		snprintf(text, sizeof text,
		    "FOK: %lld could not be filled at once",
		    (long long)(o->qty - o->cum));
		sim_emit(s, o->id, VEV_CANCELED, 0, 0, text);
		sim_finish(s, o);
		return;
	}
	sim_fill(s, o);
	if (o->cum >= o->qty) {
		sim_finish(s, o);
		return;
	}
	if (o->tif == TIF_IOC || o->tif == TIF_FOK) {
		snprintf(text, sizeof text, "IOC: the unfilled %lld canceled",
		    (long long)(o->qty - o->cum));
		sim_emit(s, o->id, VEV_CANCELED, 0, 0, text);
		sim_finish(s, o);
		return;
	}
	sim_file(s, o);
}

/* O (in no queue) has just arrived or changed: an auction order waits for
 * its auction, a stop is moved and checked, anything else trades now. */
static void
sim_work(struct sim *s, struct sim_order *o)
{
	if (o->tif == TIF_OPG || o->tif == TIF_ATC) {
		sim_file(s, o);
		return;
	}
	if (sim_is_stop(o) && !o->triggered) {
		sim_trail(s, o);
		if (!sim_stop_hit(o)) {
			sim_file(s, o);
			return;
		}
		sim_trigger(s, o);
	}
	sim_execute(s, o);
}

static struct sim_sym *
sim_sym_get(struct sim *s, const char *symbol)
{
	struct sim_sym *y = hmap_get(s->syms, symbol);

	if (y == NULL) {
		y = xcalloc(1, sizeof *y);
		str_copy(y->symbol, sizeof y->symbol, symbol);
		hmap_put(s->syms, y->symbol, y);
	}
	return y;
}

/* Copy what the sim needs of order O into a new sim order (not booked). */
static struct sim_order *
sim_order_new(struct sim *s, const struct order *order)
{
	struct sim_order *o = xcalloc(1, sizeof *o);

	str_copy(o->id, sizeof o->id, order->id);
	o->sym = sim_sym_get(s, order->symbol);
	o->side = order_side_sign(order->side) > 0 ? SIM_BUY : SIM_SELL;
	o->type = order->type;
	o->tif = order->tif;
	o->qty = order->qty;
	o->cum = order->cum_qty;
	o->limit = order->limit_px;
	o->stop = order->stop_px;
	o->trail = order->trail;
	o->trail_pct = order->trail_pct;
	o->triggered = order->triggered;
	o->gtd_date = order->gtd_date;
	o->seq = ++s->seq;
	return o;
}

/* Why order O cannot be taken now, or NULL when it can.  TEXT holds a
 * message built here. */
static const char *
sim_refusal(const struct sim *s, const struct sim_order *o, char *text,
    size_t len)
{
	int64_t sod = sim_sod(s->now);

	if ((unsigned)o->type >= OTYPE_COUNT)
		return "unknown order type";
	if ((unsigned)o->tif >= TIF_COUNT)
		return "unknown time in force";
	if (o->qty <= 0 || o->cum < 0 || o->cum >= o->qty) {
		snprintf(text, len, "quantity %lld with %lld filled leaves "
		    "nothing to work", (long long)o->qty, (long long)o->cum);
		return text;
	}
	if ((o->type == OTYPE_LIMIT || o->type == OTYPE_STOP_LIMIT) &&
	    o->limit <= 0)
		return "a limit order needs a positive limit price";
	if ((o->type == OTYPE_STOP || o->type == OTYPE_STOP_LIMIT) &&
	    o->stop <= 0)
		return "a stop order needs a positive stop price";
	if (o->type == OTYPE_TRAILING_STOP &&
	    (o->trail <= 0 || (o->trail_pct && o->trail >= SIM_PCT)))
		return "a trailing stop needs a trail above 0 (and below 100%)";
	if ((o->tif == TIF_OPG || o->tif == TIF_ATC) && sim_is_stop(o)) {
		snprintf(text, len, "%s orders must be market or limit",
		    sim_tif_label[o->tif]);
		return text;
	}
	if (o->tif == TIF_OPG && sod >= CALENDAR_OPEN)
		return "OPG orders are taken only before the open";
	if (o->tif == TIF_ATC && sod >= CALENDAR_CLOSE)
		return "ATC orders are taken only before the close";
	return NULL;
}

static int
sim_send_new(struct venue *v, const struct order *order, struct err *err)
{
	struct sim *s = v->impl;
	struct sim_order *o;
	const char *why;
	char text[NOTE_MAX];

	if (hmap_get(s->orders, order->id) != NULL)
		return err_set(err, "order %s is already working at venue %s",
		    order->id, v->name);
	o = sim_order_new(s, order);
	if (o->type == OTYPE_TRAILING_STOP) {
		/* Entry sets the best price afresh; a new order has not
		 * triggered whatever it says. */
		o->stop = 0;
		o->best = 0;
	}
	o->triggered = false;
	why = sim_refusal(s, o, text, sizeof text);
	if (why != NULL) {
		sim_emit(s, o->id, VEV_REJECT, 0, 0, why);
		free(o);
		return 0;
	}
	sim_emit(s, o->id, VEV_ACK, 0, 0, NULL);
	sim_work(s, o);
	return 0;
}

static void
sim_reject_unknown(struct sim *s, const char *id, enum venue_event_kind k)
{
	char text[NOTE_MAX];

	snprintf(text, sizeof text,
	    "order %s is no longer working at the venue", id);
	sim_emit(s, id, k, 0, 0, text);
}

static int
sim_send_cancel(struct venue *v, const struct order *order, struct err *err)
{
	struct sim *s = v->impl;
	struct sim_order *o = hmap_get(s->orders, order->id);

	if (o == NULL) {
		sim_reject_unknown(s, order->id, VEV_CANCEL_REJECT);
		return 0;
	}
	sim_emit(s, o->id, VEV_CANCELED, 0, 0, NULL);
	sim_finish(s, o);
	return 0;
}

/* Apply change C to a copy of O; on success commit it to O and return
 * NULL, else return why (TEXT may hold the message) and leave O as it
 * was. */
static const char *
sim_change(const struct sim *s, struct sim_order *o,
    const struct order_change *c, char *text, size_t len)
{
	struct sim_order t = *o;
	int64_t sod = sim_sod(s->now);

	if (c->have_qty) {
		if (c->qty < o->cum || c->qty <= 0) {
			snprintf(text, len, "order %s: quantity %lld is below "
			    "the %lld already filled", o->id,
			    (long long)c->qty, (long long)o->cum);
			return text;
		}
		t.qty = c->qty;
	}
	if (c->have_limit) {
		if (sim_limit(o) == 0) {
			snprintf(text, len, "order %s has no limit price to "
			    "change", o->id);
			return text;
		}
		if (c->limit_px <= 0)
			return "a limit price must be positive";
		t.limit = c->limit_px;
	}
	if (c->have_stop) {
		if (!sim_is_stop(o)) {
			snprintf(text, len, "order %s has no stop price to "
			    "change", o->id);
			return text;
		}
		if (c->stop_px <= 0)
			return "a stop price must be positive";
		/* Once triggered the stop no longer matters; keep it for
		 * the record. */
		t.stop = c->stop_px;
	}
	if (c->have_tif) {
		if ((unsigned)c->tif >= TIF_COUNT)
			return "unknown time in force";
		if (c->tif != o->tif &&
		    (c->tif == TIF_OPG || o->tif == TIF_OPG ||
		    c->tif == TIF_ATC || o->tif == TIF_ATC))
			return "an order cannot move into or out of an "
			    "auction";
		t.tif = c->tif;
		t.gtd_date = c->tif == TIF_GTD ? c->gtd_date : 0;
	}
	if (t.tif == TIF_ATC && sod >= CALENDAR_CLOSE)
		return "ATC orders are changed only before the close";
	if (t.tif == TIF_OPG && sod >= CALENDAR_OPEN)
		return "OPG orders are changed only before the open";
	*o = t;
	return NULL;
}

static int
sim_send_replace(struct venue *v, const struct order *order,
    const struct order_change *c, struct err *err)
{
	struct sim *s = v->impl;
	struct sim_order *o = hmap_get(s->orders, order->id);
	struct venue_event ev;
	enum order_tif was;
	const char *why;
	char text[NOTE_MAX];

	if (o == NULL) {
		sim_reject_unknown(s, order->id, VEV_REPLACE_REJECT);
		return 0;
	}
	was = o->tif;
	sim_unfile(o);
	why = sim_change(s, o, c, text, sizeof text);
	if (why != NULL) {
		sim_file(s, o);
		sim_emit(s, o->id, VEV_REPLACE_REJECT, 0, 0, why);
		return 0;
	}
	if (sim_expiring_tif(was) != sim_expiring_tif(o->tif)) {
		if (sim_expiring_tif(o->tif))
			s->nexpiring++;
		else
			s->nexpiring--;
	}
	if (s->v->emit != NULL) {
		memset(&ev, 0, sizeof ev);
		ev.kind = VEV_REPLACED;
		str_copy(ev.order_id, sizeof ev.order_id, o->id);
		ev.change = *c;
		s->v->emit(s->v->ctx, &ev);
	}
	if (o->cum >= o->qty) {
		sim_finish(s, o);
		return 0;
	}
	sim_work(s, o);
	return 0;
}

/* Trade the side SIDE of symbol Y against its quote: market orders and
 * triggered stops first in arrival order, then limits by price and
 * arrival, while the displayed size lasts. */
static void
sim_match(struct sim *s, struct sim_sym *y, int side)
{
	struct sim_order *o;

	if (y->px[side] <= 0)
		return;
	while (y->sz[side] != 0 &&
	    (o = sim_heap_top(&y->active[side])) != NULL) {
		sim_fill(s, o);
		if (o->cum < o->qty)
			return;		/* the displayed size ran out */
		sim_finish(s, o);
	}
	while (y->sz[side] != 0 &&
	    (o = sim_heap_top(&y->limits[side])) != NULL &&
	    sim_marketable(o, y->px[side])) {
		sim_fill(s, o);
		if (o->cum < o->qty)
			return;
		sim_finish(s, o);
	}
}

/* Keep O at S->tmp[I], growing the scratch array as needed. */
static void
sim_tmp_set(struct sim *s, size_t i, struct sim_order *o)
{
	if (i >= s->ntmp) {
		s->ntmp = s->ntmp ? 2 * s->ntmp : 16;
		s->tmp = xrealloc(s->tmp, s->ntmp * sizeof *s->tmp);
	}
	s->tmp[i] = o;
}

static int
sim_cmp_seq(const void *pa, const void *pb)
{
	const struct sim_order *a = *(struct sim_order *const *)pa;
	const struct sim_order *b = *(struct sim_order *const *)pb;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void sim_trade(struct sim *, struct sim_sym *);

/* A new quote sets the symbol's prices and sizes; in the session the
 * orders trade against it at once. */
static void
sim_on_quote(struct venue *v, const struct quote *q)
{
	struct sim *s = v->impl;
	struct sim_sym *y = sim_sym_get(s, q->symbol);

	y->px[SIM_BUY] = q->ask > 0 ? q->ask : 0;
	y->sz[SIM_BUY] = q->asksz < 0 ? -1 : q->asksz;
	y->px[SIM_SELL] = q->bid > 0 ? q->bid : 0;
	y->sz[SIM_SELL] = q->bidsz < 0 ? -1 : q->bidsz;
	if (sim_open_at(s, s->now))
		sim_trade(s, y);
}

/* Trade symbol Y against its quote, in the session: trailing stops move
 * first, then every stop is checked, then the queues match. */
static void
sim_trade(struct sim *s, struct sim_sym *y)
{
	struct sim_order *o, *next;
	size_t n = 0, i;
	int side;

	/* Trailing stops move first, then every stop is checked. */
	for (o = y->trailing.head; o != NULL; o = next) {
		next = o->qnext;
		sim_trail(s, o);
		if (sim_stop_hit(o)) {
			sim_unfile(o);
			sim_tmp_set(s, n++, o);
		}
	}
	for (side = SIM_BUY; side <= SIM_SELL; side++)
		while ((o = sim_heap_top(&y->stops[side])) != NULL &&
		    sim_stop_hit(o)) {
			sim_unfile(o);
			sim_tmp_set(s, n++, o);
		}
	/* The triggered stops report in arrival order, then trade below in
	 * priority order with the rest; IOC and FOK stops act at once. */
	if (n > 1)
		qsort(s->tmp, n, sizeof *s->tmp, sim_cmp_seq);
	for (i = 0; i < n; i++) {
		o = s->tmp[i];
		sim_trigger(s, o);
		if (o->tif == TIF_IOC || o->tif == TIF_FOK)
			sim_execute(s, o);
		else
			sim_file(s, o);
	}
	sim_match(s, y, SIM_BUY);
	sim_match(s, y, SIM_SELL);
}

static int
sim_cmp_priority(const void *pa, const void *pb)
{
	const struct sim_order *a = *(struct sim_order *const *)pa;
	const struct sim_order *b = *(struct sim_order *const *)pb;
	int64_t la = sim_limit(a), lb = sim_limit(b);

	if ((la == 0) != (lb == 0))
		return la == 0 ? -1 : 1;
	if (la != lb)
		return (a->side == SIM_BUY ? la > lb : la < lb) ? -1 : 1;
	return sim_cmp_seq(pa, pb);
}

/* Run the auction for TIF (OPG at the open, ATC at the close): each such
 * order trades as IOC against its symbol's quote, in priority order, and
 * whatever does not fill expires with TEXT. */
static void
sim_auction(struct sim *s, enum order_tif tif, const char *text)
{
	struct sim_order *o;
	size_t pos = 0, n, i;
	const char *key;
	void *val;
	int side;

	while (hmap_next(s->syms, &pos, &key, &val)) {
		struct sim_sym *y = val;

		for (side = SIM_BUY; side <= SIM_SELL; side++) {
			n = 0;
			for (o = y->auction.head; o != NULL; o = o->qnext)
				if (o->tif == tif && o->side == side)
					sim_tmp_set(s, n++, o);
			if (n > 1)
				qsort(s->tmp, n, sizeof *s->tmp,
				    sim_cmp_priority);
			for (i = 0; i < n; i++) {
				o = s->tmp[i];
				sim_fill(s, o);
				if (o->cum < o->qty)
					sim_emit(s, o->id, VEV_EXPIRED, 0, 0,
					    text);
				sim_finish(s, o);
			}
		}
	}
}

/* The session closes on trading day DAY: ATC orders trade, then every
 * order whose time in force ends today expires, in arrival order.  A GTD
 * order ends at the close of the last trading day on or before its date:
 * today's when its date comes before the next trading day. */
static void
sim_close_session(struct sim *s, int64_t day)
{
	struct sim_order *o, *next;
	int32_t next_date = calendar_next_trading_date(s->cal, day);
	char text[NOTE_MAX];

	sim_auction(s, TIF_ATC, "ATC: not filled at the close");
	for (o = s->all.head; o != NULL; o = next) {
		next = o->anext;
		if (o->tif == TIF_GTC ||
		    (o->tif == TIF_GTD && o->gtd_date >= next_date))
			continue;
		snprintf(text, sizeof text, "%s order expired at the close",
		    sim_tif_label[o->tif]);
		sim_emit(s, o->id, VEV_EXPIRED, 0, 0, text);
		sim_finish(s, o);
	}
}

/* The session opened: what waited for it trades against the last
 * quotes, symbol by symbol. */
static void
sim_trade_all(struct sim *s)
{
	size_t pos = 0;
	const char *key;
	void *val;

	while (hmap_next(s->syms, &pos, &key, &val))
		sim_trade(s, val);
}

static void
sim_on_clock(struct venue *v, int64_t now)
{
	struct sim *s = v->impl;
	int64_t b;

	/* The clock was set back (a script replaying a morning): follow it,
	 * so the boundaries after the new time are crossed again. */
	if (now < s->now) {
		bool was_open = sim_open_at(s, s->now);
		s->now = now;
		if (!was_open && sim_open_at(s, now))
			sim_trade_all(s);
		return;
	}
	while (s->now < now) {
		/* Only non-GTC orders care about the boundaries; skip the
		 * days when there are none, trading what waited once when
		 * a session opened on the way. */
		if (s->nexpiring == 0) {
			bool opened = calendar_next_open(s->cal, s->now) <= now;
			s->now = now;
			if (opened)
				sim_trade_all(s);
			break;
		}
		b = sim_next_boundary(s, s->now);
		if (b > now)
			break;
		s->now = b;
		if (sim_sod(b) == CALENDAR_OPEN) {
			sim_auction(s, TIF_OPG, "OPG: not filled at the open");
			sim_trade_all(s);
		} else {
			sim_close_session(s, calendar_day_of(b));
		}
	}
	if (s->now < now)
		s->now = now;
}

static int
sim_restore(struct venue *v, const struct order *order, struct err *err)
{
	struct sim *s = v->impl;
	struct sim_order *o;
	char text[NOTE_MAX];
	const char *why;

	switch (order->status) {
	case ORDER_PENDING_NEW:
	case ORDER_NEW:
	case ORDER_PARTIALLY_FILLED:
	case ORDER_PENDING_CANCEL:
	case ORDER_PENDING_REPLACE:
		break;
	default:
		return err_set(err, "order %s is not working and cannot be "
		    "restored at venue %s", order->id, v->name);
	}
	if (hmap_get(s->orders, order->id) != NULL)
		return err_set(err, "order %s is already working at venue %s",
		    order->id, v->name);
	o = sim_order_new(s, order);
	/* The stop in the order is the trailing stop's current level; the
	 * best price behind it is learned again from the next quote. */
	o->best = 0;
	if (o->qty <= 0 || o->cum < 0 || o->cum >= o->qty ||
	    (unsigned)o->type >= OTYPE_COUNT ||
	    (unsigned)o->tif >= TIF_COUNT) {
		why = sim_refusal(s, o, text, sizeof text);
		err_set(err, "order %s cannot be restored at venue %s: %s",
		    order->id, v->name, why != NULL ? why : "bad order");
		free(o);
		return -1;
	}
	sim_file(s, o);
	return 0;
}

static int
sim_poll(struct venue *v, int timeout_ms)
{
	return 0;
}

static void
sim_close(struct venue *v)
{
	struct sim *s = v->impl;
	struct sim_order *o, *next;
	size_t pos = 0;
	const char *key;
	void *val;
	int side;

	if (s == NULL)
		return;
	for (o = s->all.head; o != NULL; o = next) {
		next = o->anext;
		free(o);
	}
	while (hmap_next(s->syms, &pos, &key, &val)) {
		struct sim_sym *y = val;

		for (side = SIM_BUY; side <= SIM_SELL; side++) {
			free(y->active[side].a);
			free(y->limits[side].a);
			free(y->stops[side].a);
		}
		free(y);
	}
	free(s->tmp);
	hmap_free(s->syms);
	hmap_free(s->orders);
	free(s);
	v->impl = NULL;
}

static const struct venue_ops sim_ops = {
	.kind = "sim",
	.send_new = sim_send_new,
	.send_cancel = sim_send_cancel,
	.send_replace = sim_send_replace,
	.on_quote = sim_on_quote,
	.on_clock = sim_on_clock,
	.restore = sim_restore,
	.poll = sim_poll,
	.close = sim_close,
};

/* Create the simulated venue NAME at clock NOW; caller frees with
 * venue_free().  Ends the program only when memory is out. */
struct venue *
venue_sim_new(const char *name, int64_t now,
    void (*emit)(void *, const struct venue_event *), void *ctx)
{
	struct venue *v = xcalloc(1, sizeof *v);
	struct sim *s = xcalloc(1, sizeof *s);

	v->ops = &sim_ops;
	str_copy(v->name, sizeof v->name, name != NULL ? name : "sim");
	v->flags = 0;
	v->impl = s;
	v->emit = emit;
	v->ctx = ctx;
	s->v = v;
	s->now = now;
	s->orders = hmap_new();
	s->syms = hmap_new();
	return v;
}

void
venue_sim_set_calendar(struct venue *v, const struct calendar *cal)
{
	struct sim *s = v->impl;

	s->cal = cal;
}
