/* src/app/exec-load.c: start and reload: everything live is read back
 * from the store into the book, the venues start and get the working
 * orders, and another blotter's changes are followed. */
#include "config.h"
#include "exec.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "calendar.h"
#include "cmd.h"
#include "csv.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "hmap.h"
#include "view.h"
#include "fx.h"
#include "store.h"
#include "venue.h"
#include "exec-int.h"

/* ---- start and reload ------------------------------------------------- */

struct load_ctx {
	struct exec *x;
	struct err *err;
	char	(*resend)[ORDER_ID_MAX];
	size_t	nresend, capresend;
};

static int
ld_instrument(void *ctx, const struct instrument *in)
{
	book_put_instrument(((struct load_ctx *)ctx)->x->bk, in);
	return 0;
}

static int
ld_account(void *ctx, const struct account *a)
{
	book_put_account(((struct load_ctx *)ctx)->x->bk, a);
	return 0;
}

static int
ld_fx(void *ctx, const char *pair, int64_t rate)
{
	struct load_ctx *l = ctx;

	return fx_set(book_fx(l->x->bk), pair, rate, l->err);
}

static int
ld_quote(void *ctx, const struct quote *q, int64_t mark)
{
	struct load_ctx *l = ctx;
	struct book_quote *bq = book_quote_mut(l->x->bk, q->symbol);

	bq->q = *q;
	bq->mark = mark;
	return 0;
}

static int
ld_order(void *ctx, const struct order *o)
{
	struct load_ctx *l = ctx;

	book_add_order(l->x->bk, o);
	return 0;
}

static int
ld_position(void *ctx, const struct position *p)
{
	struct load_ctx *l = ctx;
	struct position *bp = book_position(l->x->bk, p->account, p->symbol,
	    true);

	*bp = *p;
	return 0;
}

struct latest {
	struct order *o;
	size_t	n;
};

static int
collect_latest(void *ctx, const struct order *o)
{
	struct latest *l = ctx;

	l->o[l->n++] = *o;
	return 0;
}

/* The prompt completes the ids of the newest orders of the store. */
static int
seed_recent(struct exec *x, struct err *err)
{
	struct store_order_filter f = { .latest = EXEC_RECENT_MAX };
	struct latest l = { xcalloc(EXEC_RECENT_MAX, sizeof *l.o), 0 };
	int rc = store_each_order(x->st, &f, collect_latest, &l, err);

	for (size_t i = l.n; rc == 0 && i > 0; i--)
		exec_remember_order(x, &l.o[i - 1]);
	free(l.o);
	return rc;
}

/* When O, a working order, ends by its time in force (0: it never does
 * by itself): DAY and ATC orders at the first session close after their
 * entry, OPG orders at the first open, GTD orders at the close of the
 * last trading day on or before their date (as the sim venue ends them). */
static int64_t
order_end(const struct exec *x, const struct order *o)
{
	switch (o->tif) {
	case TIF_DAY:
	case TIF_ATC:
		return calendar_next_close(x->cal, o->created);
	case TIF_OPG:
		return calendar_next_open(x->cal, o->created);
	case TIF_GTD:
		if (!calendar_date_valid(o->gtd_date))
			return 0;
		return calendar_last_close_by(x->cal, o->gtd_date);
	default:
		return 0;
	}
}

/* Expire the orders of IDS, whose end passed while no blotter held the
 * venues: as the venue would have at that close, journaled (so --verify
 * replays it) and reported. */
static int
expire_unseen(struct exec *x, char (*ids)[ORDER_ID_MAX], size_t n,
    struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct order *o = book_order(x->bk, ids[i]);
		struct venue_event ev;
		char when[32];
		if (!o)
			continue;
		memset(&ev, 0, sizeof ev);
		ev.kind = VEV_EXPIRED;
		str_copy(ev.order_id, sizeof ev.order_id, o->id);
		exec_session_time_fmt(order_end(x, o), when, sizeof when);
		snprintf(ev.text, sizeof ev.text, "%s order expired at the "
		    "%s, %s, while no blotter was running",
		    o->tif == TIF_OPG ? "OPG" : o->tif == TIF_GTD ? "GTD" :
		    o->tif == TIF_ATC ? "ATC" : "DAY", o->tif == TIF_OPG ?
		    "open" : "close", when);
		exec_emit(x, &ev);
		if (exec_drain(x, err) == -1)
			return -1;
	}
	return 0;
}

/* Read the book back from the store and hand the venues what they held:
 * quotes first (no order rests yet, so nothing fills), then the working
 * orders; an order the venue never answered (pending_new) is sent again.
 * At START, orders whose day ended while no blotter ran expire instead
 * (a reload after a failure only reads back what the store holds). */
int
exec_load_all(struct exec *x, bool start, struct err *err)
{
	static const struct store_loader loader = { ld_instrument, ld_account,
	    ld_fx, ld_quote, ld_order, ld_position };
	struct load_ctx l = { x, err, NULL, 0, 0 };
	char buf[ACCOUNT_MAX];
	int64_t total;
	size_t pos = 0, nexpired = 0;
	char (*expired)[ORDER_ID_MAX] = NULL;
	struct order *o;
	int rc = -1;

	if (store_load(x->st, &loader, &l, err) == -1)
		return -1;
	if (store_meta_get(x->st, "default_account", buf, sizeof buf, err) == 1)
		str_copy(x->default_acct, sizeof x->default_acct, buf);
	if (store_order_id_max(x->st, &total, err) == -1)
		return -1;
	if (seed_recent(x, err) == -1)
		return -1;
	x->next_id = total + 1;
	if (x->remote) {
		if (exec_hook_load(x, err) == -1)
			return -1;
		return store_data_version(x->st, &x->data_version, err);
	}
	x->venues[x->nvenues++] = venue_sim_new(DEFAULT_VENUE, x->now,
	    exec_emit, x);
	venue_sim_set_calendar(x->venues[0], x->cal);
	if (x->sim_delay > 0)
		x->venues[0] = venue_delay_new(x->venues[0], x->sim_delay,
		    x->now);
	if (exec_open_fix_venues(x, err) == -1 ||
	    exec_hook_open_venues(x, err) == -1)
		return -1;
	for (size_t i = 0; i < x->nvenues; i++) {
		struct venue *v = x->venues[i];
		size_t qp = 0;
		const struct instrument *in;
		while ((in = book_next_instrument(x->bk, &qp))) {
			const struct book_quote *bq = book_quote(x->bk,
			    in->symbol);
			if (bq && bq->q.bid && bq->q.ask)
				if (v->ops->on_quote)
					v->ops->on_quote(v, &bq->q);
		}
	}
	x->npend = 0;
	expired = xcalloc(book_order_count(x->bk) + 1, ORDER_ID_MAX);
	while ((o = book_next_order(x->bk, &pos))) {
		struct venue *v = exec_venue_find(x, o->venue);
		if (order_in_block(o))
			continue;	/* at no venue: its block is */
		/* Its day ended while no blotter ran: it expires (below),
		 * it is not worked again. */
		if (start && (order_status_working(o->status) ||
		    o->status == ORDER_PENDING_NEW) && order_end(x, o) != 0 &&
		    order_end(x, o) <= x->now) {
			str_copy(expired[nexpired++], ORDER_ID_MAX, o->id);
			continue;
		}
		if (o->status == ORDER_PENDING_NEW) {
			if (l.nresend == l.capresend) {
				l.capresend = l.capresend ? l.capresend * 2 : 8;
				l.resend = xrealloc(l.resend, l.capresend *
				    sizeof *l.resend);
			}
			str_copy(l.resend[l.nresend++], ORDER_ID_MAX, o->id);
		} else if (order_status_working(o->status) && v &&
		    !exec_venue_kept(x, v) && v->ops->restore &&
		    v->ops->restore(v, o, err) == -1) {
			goto out;
		}
	}
	x->npend = 0;
	for (size_t i = 0; i < l.nresend; i++) {
		o = book_order(x->bk, l.resend[i]);
		if (o && exec_send_order(x, o, err) == -1)
			goto out;
	}
	/* A cancel another blotter asked for reaches the venue now. */
	pos = 0;
	size_t ncancel = 0;
	char (*cancel)[ORDER_ID_MAX] = xcalloc(book_order_count(x->bk) + 1,
	    ORDER_ID_MAX);
	while ((o = book_next_order(x->bk, &pos)))
		if (o->status == ORDER_PENDING_CANCEL && !order_in_block(o) &&
		    !(start && order_end(x, o) != 0 && order_end(x, o) <=
		    x->now))
			str_copy(cancel[ncancel++], ORDER_ID_MAX, o->id);
	for (size_t i = 0; i < ncancel; i++) {
		struct venue *v;
		o = book_order(x->bk, cancel[i]);
		if (!o || !(v = exec_venue_find(x, o->venue)))
			continue;
		if (v->ops->send_cancel(v, o, err) == -1 || exec_drain(x,
		    err) == -1) {
			free(cancel);
			goto out;
		}
	}
	free(cancel);
	/* A replace no venue answered was lost with the session it was sent
	 * in (the slow venue's queue, the sim's book): the order is back to
	 * what it was, saying so, and may be replaced again. */
	pos = 0;
	while ((o = book_next_order(x->bk, &pos))) {
		struct venue_event ev;
		if (o->status != ORDER_PENDING_REPLACE || order_in_block(o) ||
		    !exec_venue_find(x, o->venue) || (start && order_end(x,
		    o) !=
		    0 && order_end(x, o) <= x->now))
			continue;
		memset(&ev, 0, sizeof ev);
		ev.kind = VEV_REPLACE_REJECT;
		str_copy(ev.order_id, sizeof ev.order_id, o->id);
		str_copy(ev.text, sizeof ev.text, "the venue's session was "
		    "reopened before it answered the replace: replace again");
		exec_emit(x, &ev);
	}
	if (exec_drain(x, err) == -1)
		goto out;
	if (store_data_version(x->st, &x->data_version, err) == -1)
		goto out;
	rc = 0;
out:
	/* Users, rules and exposures: after the positions are in. */
	if (rc == 0 && exec_hook_load(x, err) == -1)
		rc = -1;
	if (rc == 0 && expire_unseen(x, expired, nexpired, err) == -1)
		rc = -1;
	free(expired);
	free(l.resend);
	return rc;
}

int
exec_reload(struct exec *x, struct err *err)
{
	/* A session to a broker stays up through a reload: it is the same
	 * session, and its state is in the store (exec_keep_venues()). */
	exec_keep_venues(x);
	book_free(x->bk);
	x->bk = book_new();
	x->default_acct[0] = '\0';
	x->npend = 0;
	int rc = exec_load_all(x, false, err);
	exec_drop_kept(x);
	return rc;
}

int
exec_hold_venues(struct exec *x, bool hold, struct err *err)
{
	if (x->remote == !hold)
		return 0;
	/* Reload as the holder: the venues open, the working orders are
	 * restored at them, and what others left pending is sent.  Or, given
	 * back, reload with no venue at all. */
	x->remote = !hold;
	x->npend = 0;
	x->store_failed = false;
	x->res = NULL;
	if (exec_reload(x, err) == -1)
		return exec_store_fail(x, err);
	if (x->keep_events)
		exec_keep_line(x, hold ? "this blotter now holds the venues" :
		    "another blotter holds the venues");
	x->changed = true;
	return 0;
}

int
exec_follow_others(struct exec *x, struct err *err)
{
	int64_t v;

	if (store_data_version(x->st, &v, err) == -1)
		return exec_store_fail(x, err);
	if (v == x->data_version)
		return 0;
	x->changed = true;
	if (exec_reload(x, err) == -1)
		return exec_store_fail(x, err);
	return 1;
}
