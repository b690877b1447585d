/* src/venue/delay.c: a venue that answers late.  It wraps another venue
 * and holds every new order, cancel and replace for a fixed time before
 * handing it on; market data and the clock pass straight through.  With
 * it the sim venue behaves like a slow broker, to show that a slow venue
 * never freezes the screen.  Messages go out when the clock passes their
 * time, in the order they came. */
#include "config.h"
#include "venue.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

enum held_kind { HELD_NEW, HELD_CANCEL, HELD_REPLACE };

struct held {
	enum held_kind kind;
	struct order o;
	struct order_change chg;
	int64_t	due;
};

struct delay {
	struct venue *inner;
	int64_t	delay, now;
	struct held *q;
	size_t	n, cap;
};

static int
hold(struct venue *v, enum held_kind kind, const struct order *o,
    const struct order_change *chg)
{
	struct delay *d = v->impl;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->q = xrealloc(d->q, d->cap * sizeof *d->q);
	}
	struct held *h = &d->q[d->n++];
	h->kind = kind;
	h->o = *o;
	if (chg)
		h->chg = *chg;
	h->due = d->now + d->delay;
	return 0;
}

static int
d_send_new(struct venue *v, const struct order *o, struct err *err)
{
	return hold(v, HELD_NEW, o, NULL);
}

static int
d_send_cancel(struct venue *v, const struct order *o, struct err *err)
{
	return hold(v, HELD_CANCEL, o, NULL);
}

static int
d_send_replace(struct venue *v, const struct order *o,
    const struct order_change *chg, struct err *err)
{
	return hold(v, HELD_REPLACE, o, chg);
}

static void
d_on_quote(struct venue *v, const struct quote *q)
{
	struct delay *d = v->impl;

	d->inner->ops->on_quote(d->inner, q);
}

/* Hand on what is due.  A message the inner venue refuses is answered
 * here, as the venue itself would have. */
static void
deliver(struct venue *v)
{
	struct delay *d = v->impl;
	size_t i = 0;

	while (i < d->n && d->q[i].due <= d->now) {
		struct held *h = &d->q[i++];
		struct venue *in = d->inner;
		struct err err = { "" };
		struct venue_event ev = { 0 };
		int rc;

		if (h->kind == HELD_NEW)
			rc = in->ops->send_new(in, &h->o, &err);
		else if (h->kind == HELD_CANCEL)
			rc = in->ops->send_cancel(in, &h->o, &err);
		else
			rc = in->ops->send_replace(in, &h->o, &h->chg, &err);
		if (rc == 0)
			continue;
		ev.kind = h->kind == HELD_NEW ? VEV_REJECT : h->kind ==
		    HELD_CANCEL ? VEV_CANCEL_REJECT : VEV_REPLACE_REJECT;
		str_copy(ev.order_id, sizeof ev.order_id, h->o.id);
		str_copy(ev.text, sizeof ev.text, err.msg);
		v->emit(v->ctx, &ev);
	}
	if (i == 0)
		return;		/* nothing was due (the queue may be unmade) */
	memmove(d->q, d->q + i, (d->n - i) * sizeof *d->q);
	d->n -= i;
}

static void
d_on_clock(struct venue *v, int64_t now)
{
	struct delay *d = v->impl;

	d->inner->ops->on_clock(d->inner, now);
	d->now = now;
	deliver(v);
}

static int
d_restore(struct venue *v, const struct order *o, struct err *err)
{
	struct delay *d = v->impl;

	return d->inner->ops->restore(d->inner, o, err);
}

static int
d_poll(struct venue *v, int timeout_ms)
{
	struct delay *d = v->impl;

	return d->inner->ops->poll ? d->inner->ops->poll(d->inner,
	    timeout_ms) : 0;
}

static void
d_close(struct venue *v)
{
	struct delay *d = v->impl;

	venue_free(d->inner);
	free(d->q);
	free(d);
}

static const struct venue_ops delay_ops = {
	.kind = "delay",
	.send_new = d_send_new,
	.send_cancel = d_send_cancel,
	.send_replace = d_send_replace,
	.on_quote = d_on_quote,
	.on_clock = d_on_clock,
	.restore = d_restore,
	.poll = d_poll,
	.close = d_close,
};

struct venue *
venue_delay_new(struct venue *inner, int64_t delay, int64_t now)
{
	struct venue *v = xcalloc(1, sizeof *v);
	struct delay *d = xcalloc(1, sizeof *d);

	d->inner = inner;
	d->delay = delay;
	d->now = now;
	v->ops = &delay_ops;
	str_copy(v->name, sizeof v->name, inner->name);
	v->flags = inner->flags;
	v->impl = d;
	v->emit = inner->emit;
	v->ctx = inner->ctx;
	return v;
}
