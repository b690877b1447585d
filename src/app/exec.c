/* src/app/exec.c: runs commands against the book, the store and the venues.
 *
 * The book (memory) holds reference data, quotes, live orders and
 * positions; the store holds everything, and every change to the book is
 * journaled in the same step.  A command is checked completely before the
 * first change, so a refused command changes nothing.  Venue answers are
 * queued by emit() while a venue call runs and applied afterwards, in
 * order, by drain(): each one goes through the order status table, then
 * to the store, then into the book. */
#include "config.h"
#include "exec.h"

#include <errno.h>
#include <inttypes.h>
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
#include "sbuf.h"
#include "store.h"
#include "venue.h"
#include "exec-int.h"

struct quote_move {
	int64_t	mid;
	int	dir;
	int64_t	changed;
};

/* Recent orders travel in every view for the prompt's completion of order
 * ids; the blotter itself pages from the store. */
#define RECENT_MAX	200

/* ---- small helpers ---------------------------------------------------- */

static int
store_fail(struct exec *x, struct err *err)
{
	x->store_failed = true;
	(void)err;
	return -1;
}

static void
emit(void *ctx, const struct venue_event *ev)
{
	struct exec *x = ctx;

	if (x->npend == x->cappend) {
		x->cappend = x->cappend ? x->cappend * 2 : 16;
		x->pend = xrealloc(x->pend, x->cappend * sizeof *x->pend);
	}
	x->pend[x->npend++] = *ev;
}

/* Whether NAME is a venue orders can go to: one of ours, or the default
 * venue run by the blotter that holds the venues. */
static bool
venue_known(struct exec *x, const char *name);

static struct venue *
venue_find(struct exec *x, const char *name)
{
	for (size_t i = 0; i < x->nvenues; i++)
		if (strcmp(x->venues[i]->name, name) == 0)
			return x->venues[i];
	return NULL;
}

/* Keep TEXT (one line, or several) in the session's event log. */
static void
keep_event(struct exec *x, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		char *line = x->events[x->event_seq++ % VIEW_EVENTS];
		snprintf(line, VIEW_EVENT_LEN, "%.*s", (int)n, text);
		text += n;
		text += *text == '\n';
	}
	x->changed = true;
}

static void
event_line(struct exec *x, const struct order *o, const char *what,
    int64_t qty, int64_t px, const char *text)
{
	/* An interactive session shows events from its log, once. */
	if (x->keep_events) {
		sbuf_reset(&x->evbuf);
		format_event(&x->evbuf, o, what, qty, px, text, false);
		keep_event(x, x->evbuf.p);
	} else if (x->out) {
		format_event(x->out, o, what, qty, px, text, x->json);
	}
}

static void
warn_line(struct exec *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn_line(struct exec *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!x->out && !x->keep_events)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (x->keep_events) {
		char line[VIEW_EVENT_LEN];
		snprintf(line, sizeof line, "warning: %.140s", msg);
		keep_event(x, line);
	} else if (x->out) {
		format_message(x->out, x->json, "warning: %s", msg);
	}
}

/* YYYYMMDD of a clock value. */
static int32_t
date_of(int64_t t)
{
	return calendar_date(calendar_day_of(t));
}

/* Find an order: live ones in the book, done ones in the store (copied to
 * TMP).  Returns the order, or NULL with ERR ("unknown order"). */
static struct order *
find_order(struct exec *x, const char *id, struct order *tmp,
    struct err *err)
{
	struct order *o = book_order(x->bk, id);

	if (o)
		return o;
	int r = store_get_order(x->st, id, tmp, err);
	if (r == 1)
		return tmp;
	if (r == 0)
		err_set(err, "unknown order '%s'", id);
	else
		x->store_failed = true;
	return NULL;
}

/* Keep the latest state of O among the recent orders the screen shows,
 * dropping the oldest beyond RECENT_MAX. */
static void
remember_order(struct exec *x, const struct order *o)
{
	struct order *r = hmap_get(x->recent, o->id);

	x->changed = true;
	if (r) {
		*r = *o;
		return;
	}
	r = xmalloc(sizeof *r);
	*r = *o;
	hmap_put(x->recent, r->id, r);
	while (hmap_count(x->recent) > RECENT_MAX) {
		size_t pos = 0;
		const char *key;
		void *val;
		char oldest[ORDER_ID_MAX];
		if (!hmap_next(x->recent, &pos, &key, &val))
			break;
		str_copy(oldest, sizeof oldest, key);
		free(hmap_del(x->recent, oldest));
	}
}

static int
journal(struct exec *x, const struct order *o,
    const struct store_order_rec *rec, const struct position *pos,
    struct err *err)
{
	struct store_order_rec r = *rec;
	int rc;

	/* Who shapes an order's terms or sends it is kept on the entry:
	 * such a login is not the order's only reviewer (guard.c). */
	if (r.kind == SOJ_AMEND || r.kind == SOJ_BLOCK ||
	    (r.kind == SOJ_STATUS && (r.ev == OEV_RELEASE ||
	    r.ev == OEV_FLAG || r.ev == OEV_REPLACE_REQ)))
		r.login = guard_login(x);
	rc = store_order(x->st, o, &r, pos, err);

	/* O (or the book's copy of it) changed: the money sums follow. */
	book_touch_order(x->bk, o->id);

	if (rc == -1)
		return store_fail(x, err);
	if (rc == 0) {
		x->changed = true;
		/* Only a screen shows the recent orders: a script keeps
		 * none. */
		if (x->keep_events)
			remember_order(x, o);
	}
	return rc;
}

static int
journal_status(struct exec *x, const struct order *o, enum order_event ev,
    const struct order_change *chg, struct err *err)
{
	struct store_order_rec rec = { .kind = SOJ_STATUS, .ev = ev,
	    .chg = chg, .ts = x->now };

	return journal(x, o, &rec, NULL, err);
}

/* ---- venue answers ---------------------------------------------------- */

/* A venue trading on our quotes used up some of Q's displayed size: the
 * book and the store keep what is left, in the fill's transaction, so that
 * neither a restart nor a reload offers that size again.  A quote the book
 * has replaced since (other prices) is left alone. */
static int
keep_quote_left(struct exec *x, const struct quote *q, struct err *err)
{
	struct book_quote *bq;

	if (!book_quote(x->bk, q->symbol))
		return 0;
	bq = book_quote_mut(x->bk, q->symbol);
	if (bq->q.bid != q->bid || bq->q.ask != q->ask ||
	    (bq->q.bidsz == q->bidsz && bq->q.asksz == q->asksz))
		return 0;
	bq->q.bidsz = q->bidsz;
	bq->q.asksz = q->asksz;
	x->changed = true;
	if (store_put_quote(x->st, &bq->q, bq->mark, err) == -1)
		return store_fail(x, err);
	return 0;
}

static int
before_send(struct exec *x, const struct venue *v, struct err *err);

/* A fill of QTY @ PX that the books cannot hold (O's notional or its
 * position past 64 bits) is never booked: nothing of it is journaled.
 * O, as it was before the fill, ends instead, with the refused fill as its
 * reason (WHY goes to the warning).  While its venue still works some of
 * it, the venue is asked to cancel that (its answer is queued and applied
 * by drain()); otherwise, or when the order cannot wait for that answer,
 * O is canceled here.  An alert tells compliance that the venue made a
 * trade the books do not hold.  Returns -1 only when the store failed. */
static int
fill_refused(struct exec *x, struct order *o, bool from_store, int64_t qty,
    int64_t px, const char *why, struct err *err)
{
	char p[48], q[24], detail[CPL_DETAIL_MAX];
	char id[ORDER_ID_MAX], acct[ACCOUNT_MAX], sym[SYMBOL_MAX];
	struct venue *v = venue_find(x, o->venue);
	struct err verr = { "" };
	/* What the venue still works after this fill, as it sees it. */
	bool rest = v && qty < o->qty - o->cum_qty;

	warn_line(x, "venue fill for order %s refused: %s", o->id, why);
	fixed_fmt(px, PX_DECIMALS, 2, p, sizeof p);
	snprintf(q, sizeof q, "%" PRId64, qty);
	str_copy(id, sizeof id, o->id);
	str_copy(acct, sizeof acct, o->account);
	str_copy(sym, sizeof sym, o->symbol);
	snprintf(detail, sizeof detail, "order %.31s: venue fill of %.20s @ "
	    "%.20s not booked (past what the books hold); order canceled",
	    id, q, p);
	/* Ended already, or a cancel on its way for the rest: nothing to
	 * end. */
	if (from_store || order_status_done(o->status) ||
	    (o->status == ORDER_PENDING_CANCEL && rest))
		return guard_alert(x, "fill", acct, sym, detail, err);
	snprintf(o->reason, sizeof o->reason, "fill of %s @ %s refused: past "
	    "what the books can hold", q, p);
	o->updated = x->now;
	if (rest && order_can(o->status, OEV_CANCEL_REQ)) {
		if (order_apply(o, OEV_CANCEL_REQ, err) == -1 ||
		    journal_status(x, o, OEV_CANCEL_REQ, NULL, err) == -1 ||
		    before_send(x, v, err) == -1)
			return -1;
		event_line(x, o, "cancel_sent", 0, 0, o->reason);
		if (v->ops->send_cancel(v, o, &verr) == 0)
			return guard_alert(x, "fill", acct, sym, detail, err);
		if (order_apply(o, OEV_CANCEL_REJECT, err) == -1 ||
		    journal_status(x, o, OEV_CANCEL_REJECT, NULL, err) == -1)
			return -1;
		warn_line(x, "order %s: cancel not sent: %s", id, verr.msg);
		rest = false;
	}
	if (order_apply(o, OEV_CANCELED, err) == -1 ||
	    journal_status(x, o, OEV_CANCELED, NULL, err) == -1)
		return -1;
	event_line(x, o, "canceled", 0, 0, o->reason);
	struct order b = *o;
	book_drop_order(x->bk, id);
	/* A replace was pending: the venue still works the rest, so it is
	 * told to cancel it too (its answer finds the order ended). */
	if (rest) {
		if (before_send(x, v, err) == -1)
			return -1;
		if (v->ops->send_cancel(v, &b, &verr) == -1)
			warn_line(x, "order %s: cancel not sent: %s", id,
			    verr.msg);
	}
	if (guard_alert(x, "fill", acct, sym, detail, err) == -1)
		return -1;
	/* A block's orders follow it. */
	return order_is_block(&b) ? blocks_sync(x, &b, err) : 0;
}

/* Apply one venue event.  Returns -1 only when the store failed; an event
 * the status table refuses is reported and dropped, never applied. */
static int
apply_event(struct exec *x, const struct venue_event *ev, struct err *err)
{
	struct order tmp, before, *o;
	struct err e2 = { "" };
	struct position *pos = NULL;
	struct store_order_rec rec = { .ts = x->now };
	const char *what = venue_event_kind_name(ev->kind);
	int64_t qty = 0, px = 0;
	bool from_store = false;

	if (ev->kind == VEV_FILL && ev->has_quote &&
	    keep_quote_left(x, &ev->quote, err) == -1)
		return -1;
	o = book_order(x->bk, ev->order_id);
	if (!o) {
		int r = store_get_order(x->st, ev->order_id, &tmp, err);
		if (r == -1)
			return store_fail(x, err);
		if (r == 0) {
			warn_line(x, "venue reported %s for unknown order '%s'; "
			    "ignored", what, ev->order_id);
			return 0;
		}
		o = &tmp;
		from_store = true;
	}
	before = *o;
	o->updated = x->now;
	switch (ev->kind) {
	case VEV_ACK:
		rec.kind = SOJ_STATUS;
		rec.ev = OEV_ACK;
		break;
	case VEV_REJECT:
		str_copy(o->reason, sizeof o->reason, ev->text);
		rec.kind = SOJ_STATUS;
		rec.ev = OEV_REJECT;
		break;
	case VEV_CANCELED:
		if (ev->text[0])
			str_copy(o->reason, sizeof o->reason, ev->text);
		rec.kind = SOJ_STATUS;
		rec.ev = OEV_CANCELED;
		break;
	case VEV_CANCEL_REJECT:
		rec.kind = SOJ_STATUS;
		rec.ev = OEV_CANCEL_REJECT;
		break;
	case VEV_REPLACED:
		rec.kind = SOJ_STATUS;
		rec.ev = OEV_REPLACED;
		rec.chg = &ev->change;
		break;
	case VEV_REPLACE_REJECT:
		rec.kind = SOJ_STATUS;
		rec.ev = OEV_REPLACE_REJECT;
		break;
	case VEV_EXPIRED:
		if (ev->text[0])
			str_copy(o->reason, sizeof o->reason, ev->text);
		rec.kind = SOJ_STATUS;
		rec.ev = OEV_EXPIRE;
		break;
	case VEV_TRIGGERED:
		o->triggered = true;
		rec.kind = SOJ_STOP;
		break;
	case VEV_STOP_MOVED:
		o->stop_px = ev->px;
		rec.kind = SOJ_STOP;
		px = ev->px;
		break;
	case VEV_FILL:
	case VEV_BUST: {
		const struct instrument *in = book_instrument(x->bk, o->symbol);
		if (!in) {
			*o = before;
			warn_line(x, "execution for unknown symbol %s ignored",
			    o->symbol);
			return 0;
		}
		int r = ev->kind == VEV_FILL ?
		    order_fill(o, ev->qty, ev->px, &e2) :
		    order_bust(o, ev->qty, ev->px, &e2);
		int64_t notional;
		/* A fill whose notional is past 64 bits ends the order like
		 * one its position cannot hold (below). */
		if (r == -1 && ev->kind == VEV_FILL && ev->qty > 0 &&
		    ev->px > 0 && ev->qty <= o->qty - o->cum_qty &&
		    order_notional_after(o, ev->qty, ev->px, &notional) == -1)
			return fill_refused(x, o, from_store, ev->qty,
			    ev->px, e2.msg, err);
		if (r == -1)
			break;
		/* Work on a copy of the position: the store decides whether
		 * this execution is new before anything changes.  A block's
		 * fills move no position until they are allocated. */
		struct position after;
		memset(&after, 0, sizeof after);
		if (!order_is_block(o)) {
			pos = book_position(x->bk, o->account, o->symbol, true);
			after = *pos;
			int64_t signed_qty = order_side_sign(o->side) * ev->qty;
			/* Past what a position can hold the fill is refused
			 * loudly, never kept wrapped (entry keeps orders far
			 * inside: MONEY_MAX). */
			if (position_try_fill(&after, ev->kind == VEV_FILL ?
			    signed_qty : -signed_qty, ev->px, in->mult,
			    INT64_MAX, NULL) == -1) {
				char lim[48];
				err_set(&e2, "account %s's position in %s "
				    "would be past the %s %s a position can "
				    "hold", o->account, o->symbol, money_fmt(
				    INT64_MAX, lim, sizeof lim), in->ccy);
				if (ev->kind == VEV_BUST)
					break;
				*o = before;
				return fill_refused(x, o, from_store,
				    ev->qty, ev->px, e2.msg, err);
			}
		}
		rec.kind = ev->kind == VEV_FILL ? SOJ_FILL : SOJ_BUST;
		rec.exec_id = ev->exec_id;
		rec.qty = qty = ev->qty;
		rec.px = px = ev->px;
		r = journal(x, o, &rec, pos ? &after : NULL, err);
		if (r == -1)
			return -1;
		if (r == STORE_DUPLICATE || (r != 0 && !x->store_failed)) {
			*o = before;
			warn_line(x, "%s execution '%s' for order %s ignored",
			    ev->kind == VEV_FILL ? "duplicate" : "unknown",
			    ev->exec_id, ev->order_id);
			return 0;
		}
		if (pos)
			*pos = after;
		goto applied;
	}
	default:
		*o = before;
		warn_line(x, "venue sent an unknown event for order %s",
		    ev->order_id);
		return 0;
	}
	if (!e2.msg[0] && rec.kind == SOJ_STATUS) {
		if (rec.ev == OEV_REPLACED &&
		    order_change_apply(o, &ev->change, &e2) == -1)
			goto refused;
		if (order_apply(o, rec.ev, &e2) == -1)
			goto refused;
	}
	if (e2.msg[0])
		goto refused;
	if (journal(x, o, &rec, NULL, err) == -1)
		return -1;
applied:
	event_line(x, o, what, qty, px,
	    ev->kind == VEV_FILL ? NULL : ev->text);
	/* The position moved: compliance looks at it again (copies: the
	 * order may leave the book). */
	char acct[ACCOUNT_MAX], sym[SYMBOL_MAX];
	str_copy(acct, sizeof acct, o->account);
	str_copy(sym, sizeof sym, o->symbol);
	if (order_is_block(o)) {
		/* Its members follow a block's status. */
		struct order b = *o;
		if (!from_store && order_status_done(o->status))
			book_drop_order(x->bk, o->id);
		if (b.status != before.status || order_status_done(b.status))
			return blocks_sync(x, &b, err);
		return 0;
	}
	if (!from_store && order_status_done(o->status))
		book_drop_order(x->bk, o->id);
	if (rec.kind == SOJ_FILL || rec.kind == SOJ_BUST)
		return guard_after_fill(x, acct, sym, err);
	return 0;
refused:
	*o = before;
	warn_line(x, "venue %s for order %s refused: %s", what, ev->order_id,
	    e2.msg);
	return 0;
}

/* Apply every queued venue answer, oldest first. */
static int
drain(struct exec *x, struct err *err)
{
	char who[USER_MAX] = "";
	int rc = 0;

	if (x->npend == 0)
		return 0;
	/* What a venue reports is journaled as the venue's doing (named
	 * again only when the venue changes). */
	for (size_t i = 0; i < x->npend && rc == 0; i++) {
		const struct order *o = book_order(x->bk, x->pend[i].order_id);
		const char *venue = o ? o->venue : DEFAULT_VENUE;
		if (strncmp(who, "venue:", 6) != 0 ||
		    strcmp(who + 6, venue) != 0) {
			snprintf(who, sizeof who, "venue:%s", venue);
			store_set_user(x->st, who);
		}
		rc = apply_event(x, &x->pend[i], err);
	}
	store_set_user(x->st, guard_user(x));
	x->npend = 0;
	return rc;
}

/* Commit before a message leaves the process: write-ahead for venues whose
 * counterparty would remember an order we had lost. */
static int
before_send(struct exec *x, const struct venue *v, struct err *err)
{
	if (!(v->flags & VENUE_EXTERNAL) || !store_in_txn(x->st))
		return 0;
	if (store_commit(x->st, err) == -1 || store_begin(x->st, err) == -1)
		return store_fail(x, err);
	return 0;
}

static bool
venue_known(struct exec *x, const char *name)
{
	return venue_find(x, name) || (x->remote &&
	    strcmp(name, DEFAULT_VENUE) == 0);
}

/* Hand O (status pending_new, already journaled) to its venue.  When
 * another blotter holds the venues, the order waits in the store for it:
 * that blotter sees the commit and sends it. */
static int
send_order(struct exec *x, struct order *o, struct err *err)
{
	struct venue *v = venue_find(x, o->venue);
	struct err verr = { "" };
	char id[ORDER_ID_MAX];

	if (x->remote)
		return 0;

	str_copy(id, sizeof id, o->id);
	if (v && before_send(x, v, err) == -1)
		return -1;
	if (!v || v->ops->send_new(v, o, &verr) == -1) {
		/* It never left: the order ends rejected, and says why. */
		str_copy(o->reason, sizeof o->reason,
		    v ? verr.msg : "venue is not available");
		if (order_apply(o, OEV_REJECT, &verr) == -1)
			return err_set(err, "%s", verr.msg);
		if (journal_status(x, o, OEV_REJECT, NULL, err) == -1)
			return -1;
		event_line(x, o, "rejected", 0, 0, o->reason);
		book_drop_order(x->bk, id);
		return 0;
	}
	return drain(x, err);
}

/* ---- for guard.c ------------------------------------------------------ */

int
exec_store_fail(struct exec *x, struct err *err)
{
	return store_fail(x, err);
}

struct order *
exec_find_order(struct exec *x, const char *id, struct order *tmp,
    struct err *err)
{
	return find_order(x, id, tmp, err);
}

int
exec_journal_status(struct exec *x, const struct order *o,
    enum order_event ev, struct err *err)
{
	return journal_status(x, o, ev, NULL, err);
}

int
exec_send_order(struct exec *x, struct order *o, struct err *err)
{
	return send_order(x, o, err);
}

static int session_allows(const struct exec *, const char *,
    enum order_type, enum order_tif, int32_t, struct err *);

int
exec_session_allows(const struct exec *x, const struct order *o,
    struct err *err)
{
	if (session_allows(x, o->symbol, o->type, o->tif, o->gtd_date,
	    err) == -1)
		return err_prefix(err, "order %s: ", o->id);
	return 0;
}

void
exec_event(struct exec *x, const struct order *o, const char *what,
    const char *text)
{
	event_line(x, o, what, 0, 0, text);
}

void
exec_warn(struct exec *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	warn_line(x, "%s", msg);
}

int
exec_journal(struct exec *x, const struct order *o,
    const struct store_order_rec *rec, const struct position *pos,
    struct err *err)
{
	return journal(x, o, rec, pos, err);
}

int
exec_apply_event(struct exec *x, const struct venue_event *ev,
    struct err *err)
{
	return apply_event(x, ev, err);
}

static int id_taken(struct exec *, const char *, struct err *);

int
exec_id_taken(struct exec *x, const char *id, struct err *err)
{
	return id_taken(x, id, err);
}

int32_t
exec_date(const struct exec *x)
{
	return date_of(x->now);
}

int32_t
exec_date_of(int64_t t)
{
	return date_of(t);
}

void
exec_report(void *ctx, const char *msg)
{
	struct exec *x = ctx;

	if (x->keep_events)
		keep_event(x, msg);
	else if (x->out)
		format_message(x->out, x->json, "%s", msg);
}

void
exec_note(struct exec *x, const char *text)
{
	if (x->keep_events)
		keep_event(x, text);
}

/* ---- reference data --------------------------------------------------- */

static void
set_default_account(struct exec *x, const char *id, struct err *err)
{
	if (x->default_acct[0])
		return;
	str_copy(x->default_acct, sizeof x->default_acct, id);
	if (store_meta_set(x->st, "default_account", id, err) == -1)
		x->store_failed = true;
}

static int
put_instrument(struct exec *x, const struct instrument *in, struct err *err)
{
	if (store_put_instrument(x->st, in, x->now, err) == -1)
		return store_fail(x, err);
	book_put_instrument(x->bk, in);
	return 0;
}

static int
put_account(struct exec *x, const struct account *a, struct err *err)
{
	if (store_put_account(x->st, a, x->now, err) == -1)
		return store_fail(x, err);
	book_put_account(x->bk, a);
	set_default_account(x, a->id, err);
	return x->store_failed ? -1 : 0;
}

static int
check_instrument(const struct exec *x, const struct instrument *in,
    struct err *err)
{
	if (instrument_validate(in, err) == -1)
		return -1;
	if (in->underlying[0] && strcmp(in->underlying, in->symbol) == 0)
		return err_set(err, "%s cannot be its own underlying",
		    in->symbol);
	(void)x;
	return 0;
}

static int
do_instrument_add(struct exec *x, const struct cmd *c, struct err *err)
{
	if (book_instrument(x->bk, c->inst.symbol))
		return err_set(err, "instrument %s already exists",
		    c->inst.symbol);
	if (check_instrument(x, &c->inst, err) == -1)
		return -1;
	return put_instrument(x, &c->inst, err);
}

static int
do_account_add(struct exec *x, const struct cmd *c, struct err *err)
{
	if (book_account(x->bk, c->acct.id))
		return err_set(err, "account %s already exists", c->acct.id);
	if (c->acct.nav < 0)
		return err_set(err, "account %s: NAV cannot be negative",
		    c->acct.id);
	return put_account(x, &c->acct, err);
}

/* ---- CSV loading ------------------------------------------------------ */

static int
parse_instrument_row(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	(void)ctx;
	struct instrument *in = row;
	const char *sym = csv_get(c, f, n, "symbol");
	const char *cls = csv_get(c, f, n, "class");
	const char *ccy = csv_get(c, f, n, "ccy");
	const char *v;
	enum asset_class ac;

	if (!*sym)
		return err_set(err, "no symbol");
	if (asset_class_parse(cls, &ac, err) == -1)
		return -1;
	if (instrument_init(in, sym, ac, *ccy ? ccy : "USD", err) == -1)
		return -1;
	if (*(v = csv_get(c, f, n, "tick")) &&
	    fixed_parse(v, PX_DECIMALS, &in->tick, "tick", err) == -1)
		return -1;
	if (*(v = csv_get(c, f, n, "lot")) && qty_parse(v, &in->lot, err) == -1)
		return -1;
	if (*(v = csv_get(c, f, n, "mult")) &&
	    fixed_parse(v, PX_DECIMALS, &in->mult, "multiplier", err) == -1)
		return -1;
	str_copy(in->issuer, sizeof in->issuer, csv_get(c, f, n, "issuer"));
	str_copy(in->sector, sizeof in->sector, csv_get(c, f, n, "sector"));
	v = csv_get(c, f, n, "underlying");
	if (strlen(v) >= sizeof in->underlying)
		return err_set(err, "underlying '%s' is too long", v);
	str_copy(in->underlying, sizeof in->underlying, v);
	return instrument_validate(in, err);
}

static int
parse_money(const char *s, int64_t *out, const char *what, struct err *err)
{
	return fixed_parse(s, MONEY_DECIMALS, out, what, err);
}

static int
parse_account_row(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	(void)ctx;
	struct account *a = row;
	const char *v;

	if (account_init(a, csv_get(c, f, n, "id"), err) == -1)
		return -1;
	v = csv_get(c, f, n, "name");
	if (strlen(v) >= sizeof a->name)
		return err_set(err, "name is longer than %zu characters",
		    sizeof a->name - 1);
	str_copy(a->name, sizeof a->name, v);
	if (*(v = csv_get(c, f, n, "ccy"))) {
		if (!ccy_valid(v))
			return err_set(err, "'%s' is not a currency code", v);
		str_copy(a->ccy, sizeof a->ccy, v);
	}
	if (*(v = csv_get(c, f, n, "nav")) &&
	    parse_money(v, &a->nav, "NAV", err) == -1)
		return -1;
	if (a->nav < 0)
		return err_set(err, "NAV cannot be negative");
	if (*(v = csv_get(c, f, n, "cash")) &&
	    parse_money(v, &a->cash, "cash", err) == -1)
		return -1;
	return 0;
}

static const char *
instrument_key(const void *row)
{
	return ((const struct instrument *)row)->symbol;
}

static const char *
account_key(const void *row)
{
	return ((const struct account *)row)->id;
}

static int
put_instrument_row(void *x, const void *row, struct err *err)
{
	return put_instrument(x, row, err);
}

static int
put_account_row(void *x, const void *row, struct err *err)
{
	return put_account(x, row, err);
}

static const char *const instrument_cols[] = { "symbol", "class", "ccy",
    "tick", "lot", "mult", "issuer", "sector", "underlying" };
static const char *const account_cols[] = { "id", "name", "ccy", "nav",
    "cash" };

static const struct csv_kind instruments_csv = { instrument_cols, 9, NULL,
    sizeof(struct instrument), parse_instrument_row, instrument_key,
    put_instrument_row };
static const struct csv_kind accounts_csv = { account_cols, 5, NULL,
    sizeof(struct account), parse_account_row, account_key,
    put_account_row };

static int
load_instruments(struct exec *x, const char *path, int *count,
    struct err *err)
{
	return csv_load(x, path, &instruments_csv, exec_report, count, err);
}

static int
load_accounts(struct exec *x, const char *path, int *count, struct err *err)
{
	return csv_load(x, path, &accounts_csv, exec_report, count, err);
}

static int
put_fx(struct exec *x, const char *pair, int64_t rate, struct err *err)
{
	if (fx_set(book_fx(x->bk), pair, rate, err) == -1)
		return -1;
	if (store_put_fx(x->st, pair, rate, x->now, err) == -1)
		return store_fail(x, err);
	guard_mark_moved(x, NULL);
	return 0;
}

/* One row of fx.csv: a pair and its rate. */
struct fx_row {
	char	pair[8];
	int64_t	rate;
};

static int
parse_fx_row(void *ctx, const struct csv *c, char **f, int n, void *row,
    struct err *err)
{
	struct fx_row *r = row;
	const char *pair = csv_get(c, f, n, "pair");
	struct fx_table *check = fx_table_new();
	int rc;

	(void)ctx;
	/* The rules of the fx command, on a table of its own. */
	rc = fixed_parse(csv_get(c, f, n, "rate"), PX_DECIMALS, &r->rate,
	    "rate", err) == -1 ? -1 : fx_set(check, pair, r->rate, err);
	fx_table_free(check);
	if (rc == 0)
		str_copy(r->pair, sizeof r->pair, pair);
	return rc;
}

static const char *
fx_key(const void *row)
{
	return ((const struct fx_row *)row)->pair;
}

static int
put_fx_row(void *x, const void *row, struct err *err)
{
	const struct fx_row *r = row;

	return put_fx(x, r->pair, r->rate, err);
}

static const char *const fx_cols[] = { "pair", "rate" };
static const char *const fx_need[] = { "pair", "rate", NULL };

static const struct csv_kind fx_csv = { fx_cols, 2, fx_need,
    sizeof(struct fx_row), parse_fx_row, fx_key, put_fx_row };

/* Load the rates of PATH whole or not at all, like every loader. */
static int
load_fx(struct exec *x, const char *path, struct err *err)
{
	int n;

	return csv_load(x, path, &fx_csv, exec_report, &n, err);
}

int
exec_seed(struct exec *x, const char *dir, struct err *err)
{
	char p[4096];
	int n;

	snprintf(p, sizeof p, "%s/instruments.csv", dir);
	if (load_instruments(x, p, &n, err) == -1)
		return -1;
	snprintf(p, sizeof p, "%s/accounts.csv", dir);
	if (load_accounts(x, p, &n, err) == -1)
		return -1;
	snprintf(p, sizeof p, "%s/fx.csv", dir);
	return load_fx(x, p, err);
}

/* ---- orders ----------------------------------------------------------- */

static int
check_prices(const struct instrument *in, int64_t limit, int64_t stop,
    struct err *err)
{
	if (limit && instrument_check_price(in, limit, "limit price", err) == -1)
		return -1;
	if (stop && instrument_check_price(in, stop, "stop price", err) == -1)
		return -1;
	return 0;
}

/* Write T as "Tue 2026-01-06 09:30" into BUF. */
static void
session_time_fmt(int64_t t, char *buf, size_t len)
{
	static const char *const wd[7] = { "Mon", "Tue", "Wed", "Thu", "Fri",
	    "Sat", "Sun" };
	char ts[24];

	cmd_time_fmt(t, ts, sizeof ts);
	ts[10] = ' ';
	ts[16] = '\0';
	snprintf(buf, len, "%s %s", wd[calendar_weekday(calendar_day_of(t))],
	    ts);
}

/* Whether an order of TYPE and TIF for SYM may go to a venue now.  While
 * the session is open, anything may.  Before the open (pre-open) a limit
 * or stop order may wait for today's session, and a market order may
 * only be an OPG or ATC order; IOC and FOK need a session to trade in.  After
 * the close, on weekends and holidays only orders that outlive the day
 * (GTC, GTD) that are not market orders are taken: a DAY order would
 * expire at once and a market order would trade at a stale quote. */
static int
session_allows(const struct exec *x, const char *sym, enum order_type type,
    enum order_tif tif, int32_t gtd_date, struct err *err)
{
	enum calendar_session s = calendar_session(x->cal, x->now);
	char when[32];

	/* A GTD order ends at the close of the last trading day on or
	 * before its date: none left (its date a weekend or holiday after
	 * the last close) and it would expire at once. */
	if (tif == TIF_GTD && calendar_date_valid(gtd_date) &&
	    calendar_last_close_by(x->cal, gtd_date) <= x->now) {
		session_time_fmt(calendar_last_close_by(x->cal, gtd_date),
		    when, sizeof when);
		return err_set(err, "%s: tif=gtd:%04d-%02d-%02d ends at the "
		    "last close on or before that date, %s, which is past "
		    "(give a later date)", sym, gtd_date / 10000,
		    gtd_date / 100 % 100, gtd_date % 100, when);
	}
	if (s == CALENDAR_OPEN_NOW)
		return 0;
	session_time_fmt(calendar_next_open(x->cal, x->now), when,
	    sizeof when);
	if (s == CALENDAR_PRE_OPEN) {
		if (type == OTYPE_MARKET && tif != TIF_OPG && tif != TIF_ATC)
			return err_set(err, "%s: the session opens at %s; a "
			    "market order is taken before the open only as "
			    "tif=opg or tif=atc (or give a limit price)", sym,
			    when);
		if (tif == TIF_IOC || tif == TIF_FOK)
			return err_set(err, "%s: the session opens at %s; a "
			    "tif=%s order has nothing to trade against before "
			    "the open", sym, when, order_tif_name(tif));
		return 0;
	}
	if (type == OTYPE_MARKET)
		return err_set(err, "%s: the session is closed until %s; a "
		    "market order is taken only while it is open (give a "
		    "limit price and tif=gtc)", sym, when);
	if (tif == TIF_OPG)
		return err_set(err, "%s: the session is closed until %s; a "
		    "tif=opg order is taken on the day of that open, before "
		    "09:30", sym, when);
	if (tif != TIF_GTC && tif != TIF_GTD)
		return err_set(err, "%s: the session is closed until %s; a "
		    "tif=%s order would expire at once (use tif=gtc)", sym,
		    when, order_tif_name(tif));
	return 0;
}

/* The price order O is checked at for money: a buy's limit (it pays no
 * more), else the highest of its limit, its stop and the quote it trades
 * against (the mark when that side has no price): a sell may fill above
 * its limit.  0 when no price is known yet. */
/* The price a market order to buy (BUY) or sell SYM trades at: the
 * quote's side it takes, else the mark; 0 when neither is known. */
static int64_t
market_px(struct exec *x, const char *sym, bool buy)
{
	const struct book_quote *bq = book_quote(x->bk, sym);
	int64_t px;

	if (!bq)
		return 0;
	px = buy ? bq->q.ask : bq->q.bid;
	return px > 0 ? px : bq->mark;
}

static int64_t
entry_px(struct exec *x, const struct order *o)
{
	bool buy = order_side_sign(o->side) > 0;
	int64_t px;

	if (buy && o->limit_px)
		return o->limit_px;
	px = market_px(x, o->symbol, buy);
	if (o->limit_px > px)
		px = o->limit_px;
	if (o->stop_px > px)
		px = o->stop_px;
	return px;
}

/* Whether AMOUNT of CCY is within LIMIT also in account A's currency
 * (true when there is no rate: its P&L then waits for one anyway). */
bool
exec_base_within(struct exec *x, const struct account *a, const char *ccy,
    int64_t amount, int64_t limit)
{
	struct err e = { "" };
	int64_t base;

	if (!a || strcmp(a->ccy, ccy) == 0)
		return true;
	if (fx_convert(book_fx(x->bk), amount, ccy, a->ccy, &base, &e) == 0)
		return base <= limit && base >= -limit;
	/* No rate: nothing to hold it to; a rate but too large: refused. */
	return !fx_linked(book_fx(x->bk), ccy, a->ccy);
}

/* Fill into *P (O's account's position) what the account's other live
 * orders in O's symbol on O's side may still fill, each at its own price
 * (book_order_px), those without one at the market; *WQ gets their
 * quantity.  -1 when that would take the position past MONEY_MAX (past
 * 64 bits when it only works the position down towards flat).  The book
 * keeps their sums as orders come, change and go, so this costs the same
 * however many orders rest: they count as one fill at their average
 * price. */
static int
same_side_first(struct exec *x, const struct order *o, struct position *p,
    int64_t *wq)
{
	const struct instrument *in = book_instrument(x->bk, o->symbol);
	int sign = order_side_sign(o->side);
	struct book_side s;
	int64_t mpx;

	book_side_sums(x->bk, o->account, o->symbol, sign, o->id, &s);
	if (s.mkt_qty > 0) {
		/* Orders without a price: at the market on their side. */
		if ((mpx = market_px(x, o->symbol, sign > 0)) > 0) {
			s.qty += s.mkt_qty;
			s.notional += s.mkt_qty * mpx;
		}
	}
	*wq = s.qty > INT64_MAX ? INT64_MAX : (int64_t)s.qty;
	if (s.qty == 0)
		return 0;
	/* Their money: notional x multiplier, rounded once. */
	__int128 money, qty = p->qty, cost = p->cost, realized = 0;
	__int128 limit = MONEY_MAX;
	if (s.qty > INT64_MAX || money_wide(s.notional, in->mult, &money) ==
	    -1 || money > INT64_MAX)
		return -1;
	if (qty == 0 || (qty > 0) == (sign > 0)) {
		/* Adds to the position (the usual case). */
		qty += sign * s.qty;
		cost += sign * money;
	} else {
		/* Works it down: the closed share of its cost goes, the
		 * rest of the orders open the other way at their average.
		 * Down to flat only has to fit. */
		__int128 open = qty < 0 ? -qty : qty;
		__int128 close = s.qty < open ? s.qty : open;
		__int128 proceeds = money * close / s.qty;
		__int128 removed = cost * close / open;
		if (s.qty <= open)
			limit = INT64_MAX;
		realized = -sign * proceeds - removed;
		qty += sign * close;
		cost -= removed;
		if (s.qty > close) {
			qty = sign * (s.qty - close);
			cost = sign * (money - proceeds);
		}
	}
	if (qty > INT64_MAX || qty < -INT64_MAX || cost > limit ||
	    cost < -limit || realized > limit || realized < -limit ||
	    p->realized + realized > limit || p->realized + realized < -limit)
		return -1;
	p->qty = (int64_t)qty;
	p->cost = (int64_t)cost;
	p->realized += (int64_t)realized;
	return 0;
}

/* Refuse order O for QTY more units when its notional, or its account's
 * position after it fills at the entry price, would be past MONEY_MAX in
 * the instrument's or in the account's currency: every amount stored or
 * converted then fits its 64 bits, with room to spare.  An order that
 * only brings the position closer to flat is never held back by the limit
 * (a large position can always be worked down): it only has to fit. */
static int
check_money(struct exec *x, const struct order *o, int64_t qty,
    struct err *err)
{
	const struct instrument *in = book_instrument(x->bk, o->symbol);
	const struct account *a = book_account(x->bk, o->account);
	const struct position *bp = NULL;
	struct position p;
	int64_t px = entry_px(x, o), amount, limit = MONEY_MAX, wq = 0;
	int64_t sq = order_side_sign(o->side) * qty;
	char lim[48], v[48], pxs[48];

	if (!in || px <= 0 || qty <= 0)
		return 0;
	/* A block's members' positions are checked, not its own. */
	if (!order_is_block(o))
		bp = book_position(x->bk, o->account, o->symbol, false);
	if (bp)
		p = *bp;
	else
		memset(&p, 0, sizeof p);
	/* The account's other orders on this side may fill first: two
	 * orders each inside the limit must not pass it together. */
	if (!order_is_block(o) && same_side_first(x, o, &p, &wq) == -1)
		return err_set(err, "%s: account %s's other live orders on "
		    "this side (%lld to fill) would take its position past "
		    "the limit of %s %s", o->symbol, o->account,
		    (long long)wq, money_fmt(MONEY_MAX, lim, sizeof lim),
		    in->ccy);
	/* Only brings the position closer to flat: it has only to fit. */
	if (p.qty != 0 && (p.qty > 0) != (sq > 0) &&
	    qty <= (p.qty < 0 ? -p.qty : p.qty))
		limit = INT64_MAX;
	/* The texts of a refusal are formed only when there is one (the
	 * order path runs this for every order). */
	bool fits = money_mul(qty, px, in->mult, &amount) == 0;
	if (!fits || amount > limit)
		return err_set(err, "%s: %lld at %s is a notional of %s%s %s, "
		    "past the limit of %s %s %s", o->symbol, (long long)qty,
		    format_px(px, pxs, sizeof pxs), fits ? "" : "more than ",
		    money_fmt(fits ? amount : INT64_MAX, v, sizeof v),
		    in->ccy, money_fmt(limit, lim, sizeof lim), in->ccy,
		    limit == MONEY_MAX ? "an order may have" :
		    "blotter can hold");
	/* Closing only has to fit where it is kept, in the instrument's
	 * currency: a position that grew past the account's currency (a
	 * rally) can always be worked down; its P&L then shows as too large
	 * to convert. */
	if (limit == INT64_MAX && !order_is_block(o))
		return position_try_fill(&p, sq, px, in->mult, limit, NULL) ==
		    -1 ? err_set(err, "%s: account %s's position after %lld at "
		    "%s would be past the %s %s blotter can hold", o->symbol,
		    o->account, (long long)qty, format_px(px, pxs, sizeof pxs),
		    money_fmt(limit, lim, sizeof lim), in->ccy) : 0;
	if (!exec_base_within(x, a, in->ccy, amount, limit))
		goto base;
	if (order_is_block(o))
		return 0;
	if (position_try_fill(&p, sq, px, in->mult, limit, NULL) == -1)
		return err_set(err, "%s: account %s's position after %lld at "
		    "%s%s%.0lld%s would have a cost or P&L past the limit of "
		    "%s %s", o->symbol, o->account, (long long)qty,
		    format_px(px, pxs, sizeof pxs), wq ? ", with " : "",
		    (long long)wq, wq ? " more on this side in its other live "
		    "orders," : "", money_fmt(limit, lim, sizeof lim),
		    in->ccy);
	if (exec_base_within(x, a, in->ccy, p.cost, limit) &&
	    exec_base_within(x, a, in->ccy, p.realized, limit))
		return 0;
base:
	return err_set(err, "%s: %lld at %s would take account %s past the "
	    "limit of %s %s in its own currency", o->symbol, (long long)qty,
	    format_px(px, pxs, sizeof pxs), o->account,
	    money_fmt(limit, lim, sizeof lim), a->ccy);
}

int
exec_check_money(struct exec *x, const struct order *o, int64_t qty,
    struct err *err)
{
	return check_money(x, o, qty, err);
}

static int
id_taken(struct exec *x, const char *id, struct err *err)
{
	struct order tmp;

	if (book_order(x->bk, id))
		return 1;
	int r = store_get_order(x->st, id, &tmp, err);
	if (r == -1)
		x->store_failed = true;
	return r;
}

/* Keep the next automatic id above a numeric id the trader chose. */
static void
note_numeric_id(struct exec *x, const char *id)
{
	char *end;
	long long v;

	if (*id < '0' || *id > '9')
		return;
	v = strtoll(id, &end, 10);
	if (*end == '\0' && v >= x->next_id && v < INT64_MAX)
		x->next_id = v + 1;
}

/* Report what compliance would say of O, a complete order not stored:
 * one line a broken rule, or that it passes. */
static int
check_only(struct exec *x, const struct order *o, struct err *err)
{
	struct cpl_result res;
	int worst;

	if (guard_halted(x, o->account, err) == -1)
		return -1;
	worst = guard_check(x, o, false, &res, NULL);
	if (!x->out)
		return 0;
	if (res.checked == 0) {
		format_message(x->out, x->json, "pass: no compliance rule "
		    "applies");
		return 0;
	}
	if (res.n == 0) {
		format_message(x->out, x->json, "pass: %d rule%s checked, none "
		    "broken", res.checked, res.checked == 1 ? "" : "s");
		return 0;
	}
	format_message(x->out, x->json, "%s: %d of %d rule%s broken",
	    worst == RULE_BLOCK ? "block" : worst == RULE_REVIEW ? "review" :
	    "warn", res.broken, res.checked, res.checked == 1 ? "" : "s");
	for (int i = 0; i < res.n; i++)
		format_message(x->out, x->json, "  %s %s (%s): %s",
		    rule_action_name(res.out[i].outcome), res.out[i].rule_id,
		    rule_kind_name(res.out[i].kind), res.out[i].detail);
	return 0;
}

static int
do_order(struct exec *x, const struct cmd *c, struct err *err)
{
	return exec_new_order(x, c, false, NULL, NULL, err);
}

int
exec_new_order(struct exec *x, const struct cmd *c, bool check, int *worst_out,
    char *id_out, struct err *err)
{
	const struct cmd_order *co = &c->ord;
	const char *acct_id = co->acct[0] ? co->acct : x->default_acct;
	const struct instrument *in;
	struct order o;

	if (!*acct_id)
		return err_set(err, "no account given and the store has no "
		    "default account: add acct=ACCOUNT");
	if (!book_account(x->bk, acct_id))
		return err_set(err, "unknown account '%s'", acct_id);
	if (!(in = book_instrument(x->bk, c->sym)))
		return err_set(err, "unknown symbol '%s'", c->sym);
	if (instrument_check_qty(in, co->qty, err) == -1)
		return -1;
	if (check_prices(in, co->limit_px, co->stop_px, err) == -1)
		return -1;
	if (co->type == OTYPE_TRAILING_STOP) {
		if (co->trail <= 0)
			return err_set(err, "%s: the trail must be positive",
			    in->symbol);
		if (co->trail_pct && co->trail >= 100 * PX_SCALE)
			return err_set(err, "%s: a trail of 100%% or more "
			    "never triggers", in->symbol);
	}
	if (co->algo[0])
		return err_set(err, "no execution algorithm named '%s' is "
		    "available", co->algo);
	const char *vname = co->venue[0] ? co->venue : DEFAULT_VENUE;
	if (!venue_known(x, vname))
		return err_set(err, "no venue named '%s' (venues: %s)", vname,
		    DEFAULT_VENUE);
	if (co->tif == TIF_GTD && co->gtd_date < date_of(x->now))
		return err_set(err, "tif=gtd: the date %d-%02d-%02d is already "
		    "past", co->gtd_date / 10000, co->gtd_date / 100 % 100,
		    co->gtd_date % 100);
	if (!co->stage && c->kind != CMD_CHECK_ORDER &&
	    session_allows(x, in->symbol, co->type, co->tif, co->gtd_date,
	    err) == -1)
		return -1;

	memset(&o, 0, sizeof o);
	if (c->kind == CMD_CHECK_ORDER) {
		/* A what-if: the order is checked, never stored or counted. */
		str_copy(o.id, sizeof o.id, co->id[0] ? co->id : "check");
	} else if (co->id[0]) {
		if (!ident_valid(co->id, sizeof o.id))
			return err_set(err, "'%s' is not a usable order id",
			    co->id);
		int r = id_taken(x, co->id, err);
		if (r == -1)
			return -1;
		if (r == 1)
			return err_set(err, "order id '%s' is already used",
			    co->id);
		str_copy(o.id, sizeof o.id, co->id);
	} else {
		/* Above every numeric id in the store: no lookup needed (the
		 * store still refuses a duplicate, and then we move on). */
		snprintf(o.id, sizeof o.id, "%" PRId64, x->next_id++);
	}
	str_copy(o.account, sizeof o.account, acct_id);
	str_copy(o.symbol, sizeof o.symbol, in->symbol);
	o.side = co->side;
	o.type = co->type;
	o.tif = co->tif;
	o.gtd_date = co->tif == TIF_GTD ? co->gtd_date : 0;
	o.qty = co->qty;
	o.limit_px = co->limit_px;
	o.stop_px = co->stop_px;
	o.trail = co->trail;
	o.trail_pct = co->trail_pct;
	o.status = co->stage ? ORDER_STAGED : ORDER_PENDING_NEW;
	o.prev_status = o.status;
	str_copy(o.venue, sizeof o.venue, vname);
	str_copy(o.note, sizeof o.note, co->note);
	str_copy(o.user, sizeof o.user, guard_user(x));
	str_copy(o.login, sizeof o.login, guard_login(x));
	o.created = o.updated = x->now;
	if (check_money(x, &o, o.qty, err) == -1)
		return -1;

	/* Pre-trade compliance, before the order is stored: it goes out,
	 * waits for review, or is kept rejected.  A staged order is checked
	 * when it is released. */
	int worst = RULE_PASS;
	char why[NOTE_MAX];
	struct cpl_result res;
	res.checked = 0;
	if (c->kind == CMD_CHECK_ORDER)
		return check_only(x, &o, err);
	if (!co->stage || check) {
		if (guard_halted(x, acct_id, err) == -1)
			return -1;
		worst = guard_check(x, &o, false, &res, why);
		if (worst == RULE_BLOCK) {
			o.status = o.prev_status = ORDER_REJECTED;
			str_copy(o.reason, sizeof o.reason, why);
		} else if (worst == RULE_REVIEW) {
			o.status = o.prev_status = ORDER_FLAGGED;
			str_copy(o.reason, sizeof o.reason, why);
		}
	}

	/* Commit before sending: the order is journaled before any venue
	 * can see it. */
	struct store_order_rec rec = { .kind = SOJ_NEW, .ts = x->now };
	int r;
	while ((r = journal(x, &o, &rec, NULL, err)) == STORE_DUPLICATE &&
	    !co->id[0])
		snprintf(o.id, sizeof o.id, "%" PRId64, x->next_id++);
	if (r != 0)
		return -1;
	note_numeric_id(x, o.id);
	if (worst_out)
		*worst_out = worst;
	if (id_out)
		str_copy(id_out, ORDER_ID_MAX, o.id);
	if (guard_record(x, &o, &res, err) == -1)
		return -1;
	if (worst == RULE_BLOCK) {
		event_line(x, &o, "rejected", 0, 0, o.reason);
		return err_set(err, "order %s rejected by compliance: %s", o.id,
		    why);
	}
	struct order *live = book_add_order(x->bk, &o);
	if (worst == RULE_REVIEW) {
		event_line(x, live, "flagged", 0, 0, why);
		return 0;
	}
	event_line(x, live, co->stage ? "staged" : "new", 0, 0, NULL);
	if (worst == RULE_WARN)
		warn_line(x, "order %s: compliance warning: %s", live->id, why);
	if (co->stage)
		return 0;
	return send_order(x, live, err);
}

static int
do_release(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order tmp, *o = find_order(x, c->id, &tmp, err);

	if (!o)
		return -1;
	if (order_in_block(o))
		return err_set(err, "order %s is in block %s: release the "
		    "block", o->id, o->block);
	if (o->status == ORDER_FLAGGED)
		return err_set(err, "order %s is waiting for compliance "
		    "review: it must be approved first", o->id);
	if (o->status != ORDER_STAGED)
		return err_set(err, "order %s is %s: only a staged order can "
		    "be released", o->id, order_status_name(o->status));
	/* Named: release all refuses order by order. */
	if (exec_session_allows(x, o, err) == -1)
		return -1;
	if (order_is_block(o))
		return blocks_release(x, o, err);
	if (guard_halted(x, o->account, err) == -1)
		return -1;
	char why[NOTE_MAX];
	struct cpl_result res;
	int worst = guard_check(x, o, false, &res, why);
	if (guard_record(x, o, &res, err) == -1)
		return -1;
	if (worst == RULE_BLOCK || worst == RULE_REVIEW) {
		enum order_event ev = worst == RULE_BLOCK ? OEV_REJECT :
		    OEV_FLAG;
		char id[ORDER_ID_MAX];
		str_copy(o->reason, sizeof o->reason, why);
		if (order_apply(o, ev, err) == -1)
			return -1;
		o->updated = x->now;
		if (journal_status(x, o, ev, NULL, err) == -1)
			return -1;
		event_line(x, o, worst == RULE_BLOCK ? "rejected" : "flagged", 0,
		    0, why);
		if (worst == RULE_REVIEW)
			return 0;
		str_copy(id, sizeof id, o->id);
		book_drop_order(x->bk, id);
		return err_set(err, "order %s rejected by compliance: %s", id,
		    why);
	}
	if (worst == RULE_WARN)
		warn_line(x, "order %s: compliance warning: %s", o->id, why);
	if (order_apply(o, OEV_RELEASE, err) == -1)
		return -1;
	o->updated = x->now;
	if (journal_status(x, o, OEV_RELEASE, NULL, err) == -1)
		return -1;
	event_line(x, o, "released", 0, 0, NULL);
	return send_order(x, o, err);
}

/* Oldest first: automatic ids are numbers, so shorter is older. */
static int
id_cmp(const void *pa, const void *pb)
{
	const char *a = pa, *b = pb;
	size_t la = strlen(a), lb = strlen(b);

	return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

/* release all [acct=] [sym=]: every staged order and block, in id
 * order; a failure is reported and the rest still go. */
static int
do_release_all(struct exec *x, const struct cmd *c, struct err *err)
{
	size_t pos = 0, n = book_order_count(x->bk), nids = 0;
	char (*ids)[ORDER_ID_MAX] = xcalloc(n + 1, ORDER_ID_MAX);
	struct order *o;
	int done = 0, failed = 0;

	if (c->filter.acct[0] && !book_account(x->bk, c->filter.acct)) {
		free(ids);
		return err_set(err, "unknown account '%s'", c->filter.acct);
	}
	while ((o = book_next_order(x->bk, &pos)) && nids < n)
		if (o->status == ORDER_STAGED && !order_in_block(o) &&
		    (!c->filter.acct[0] || strcmp(c->filter.acct,
		    o->account) == 0) && (!c->filter.sym[0] ||
		    strcmp(c->filter.sym, o->symbol) == 0))
			str_copy(ids[nids++], ORDER_ID_MAX, o->id);
	qsort(ids, nids, ORDER_ID_MAX, id_cmp);
	for (size_t i = 0; i < nids; i++) {
		struct cmd one;
		struct err e2 = { "" };
		memset(&one, 0, sizeof one);
		one.kind = CMD_RELEASE;
		str_copy(one.id, sizeof one.id, ids[i]);
		if (do_release(x, &one, &e2) == 0) {
			done++;
			continue;
		}
		if (x->store_failed) {
			free(ids);
			return err_set(err, "%s", e2.msg);
		}
		if (failed++ == 0)
			err_set(err, "%s", e2.msg);
		warn_line(x, "%s", e2.msg);
	}
	free(ids);
	if (x->out)
		format_message(x->out, x->json, "%d released%s", done,
		    failed ? ", some refused" : "");
	if (failed)
		return err_prefix(err, "%d not released; the first: ", failed);
	return 0;
}

/* Cancel O (a live order from the book).  Staged and flagged orders never
 * left: they are canceled here; working ones ask their venue. */
static int
cancel_order(struct exec *x, struct order *o, struct err *err)
{
	if (order_in_block(o) && blocks_leave(x, o, err) == -1)
		return -1;
	if (o->status == ORDER_STAGED || o->status == ORDER_FLAGGED) {
		char id[ORDER_ID_MAX];
		if (order_apply(o, OEV_CANCELED, err) == -1)
			return -1;
		o->updated = x->now;
		if (journal_status(x, o, OEV_CANCELED, NULL, err) == -1)
			return -1;
		event_line(x, o, "canceled", 0, 0, NULL);
		str_copy(id, sizeof id, o->id);
		book_drop_order(x->bk, id);
		return 0;
	}
	if (o->status == ORDER_PENDING_CANCEL)
		return err_set(err, "order %s: a cancel is already pending",
		    o->id);
	if (o->status == ORDER_PENDING_REPLACE)
		return err_set(err, "order %s: a replace is pending; cancel "
		    "when it is answered", o->id);
	struct venue *v = venue_find(x, o->venue);
	if (!v && !x->remote)
		return err_set(err, "order %s: its venue %s is not available",
		    o->id, o->venue);
	if (order_apply(o, OEV_CANCEL_REQ, err) == -1)
		return -1;
	o->updated = x->now;
	if (journal_status(x, o, OEV_CANCEL_REQ, NULL, err) == -1)
		return -1;
	if (!v) {
		/* The blotter holding the venue sends it. */
		event_line(x, o, "cancel_sent", 0, 0, NULL);
		return 0;
	}
	if (before_send(x, v, err) == -1)
		return -1;
	struct err verr = { "" };
	if (v->ops->send_cancel(v, o, &verr) == -1) {
		/* Not sent: back to where it was. */
		if (order_apply(o, OEV_CANCEL_REJECT, err) == -1 ||
		    journal_status(x, o, OEV_CANCEL_REJECT, NULL, err) == -1)
			return -1;
		return err_set(err, "order %s: cancel not sent: %s", o->id,
		    verr.msg);
	}
	return drain(x, err);
}

static int
do_cancel(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order *o = book_order(x->bk, c->id);
	struct order tmp;

	if (!o) {
		struct order *done = find_order(x, c->id, &tmp, err);
		if (!done)
			return -1;
		return err_set(err, "order %s is %s: nothing left to cancel",
		    done->id, order_status_name(done->status));
	}
	return cancel_order(x, o, err);
}


static int
do_cancel_all(struct exec *x, const struct cmd *c, struct err *err)
{
	size_t pos = 0, n = 0, nids = 0;
	char (*ids)[ORDER_ID_MAX] = NULL;
	struct order *o;
	int done = 0, skipped = 0;

	if (c->filter.acct[0] && !book_account(x->bk, c->filter.acct))
		return err_set(err, "unknown account '%s'", c->filter.acct);
	if (c->filter.sym[0] && !book_instrument(x->bk, c->filter.sym))
		return err_set(err, "unknown symbol '%s'", c->filter.sym);
	/* Collect first: canceling drops orders from the book. */
	n = book_order_count(x->bk);
	ids = xcalloc(n ? n : 1, sizeof *ids);
	while ((o = book_next_order(x->bk, &pos)) && nids < n)
		if (cmd_filter_match(&c->filter, o) &&
		    o->status != ORDER_PENDING_CANCEL &&
		    !(order_in_block(o) && o->status != ORDER_STAGED))
			str_copy(ids[nids++], ORDER_ID_MAX, o->id);
	for (size_t i = 0; i < nids; i++) {
		struct err e2 = { "" };
		o = book_order(x->bk, ids[i]);
		if (!o)
			continue;
		if (cancel_order(x, o, &e2) == -1) {
			if (x->store_failed) {
				free(ids);
				return err_set(err, "%s", e2.msg);
			}
			warn_line(x, "%s", e2.msg);
			skipped++;
		} else {
			done++;
		}
	}
	free(ids);
	if (x->out)
		format_message(x->out, x->json, "%d order%s canceled%s", done,
		    done == 1 ? "" : "s", skipped ? " (some were skipped)" :
		    "");
	return 0;
}

static int
do_replace(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order *o = book_order(x->bk, c->id), tmp, copy;
	const struct instrument *in;
	const struct order_change *chg = &c->change;

	if (!o) {
		struct order *done = find_order(x, c->id, &tmp, err);
		if (!done)
			return -1;
		return err_set(err, "order %s is %s: it can no longer be "
		    "replaced", done->id, order_status_name(done->status));
	}
	if (order_in_block(o))
		return err_set(err, "order %s is in block %s: it trades only "
		    "through the block", o->id, o->block);
	if (order_is_block(o) && chg->have_qty)
		return err_set(err, "block %s: its quantity is its members' "
		    "sum; change or cancel a member before it goes out", o->id);
	if (!(in = book_instrument(x->bk, o->symbol)))
		return err_set(err, "unknown symbol '%s'", o->symbol);
	if (chg->have_qty && instrument_check_qty(in, chg->qty, err) == -1)
		return -1;
	if (check_prices(in, chg->have_limit ? chg->limit_px : 0,
	    chg->have_stop ? chg->stop_px : 0, err) == -1)
		return -1;
	if (chg->have_tif && chg->tif == TIF_GTD &&
	    chg->gtd_date < date_of(x->now))
		return err_set(err, "tif=gtd: that date is already past");
	copy = *o;
	if (order_change_apply(&copy, chg, err) == -1)
		return -1;
	if ((chg->have_qty || chg->have_limit || chg->have_stop) &&
	    check_money(x, &copy, copy.qty - copy.cum_qty, err) == -1)
		return -1;
	if (o->status == ORDER_FLAGGED)
		return err_set(err, "order %s is waiting for compliance review: "
		    "cancel it and enter the order again to change it", o->id);
	if (o->status == ORDER_STAGED) {
		*o = copy;
		o->updated = x->now;
		struct store_order_rec rec = { .kind = SOJ_AMEND, .chg = chg,
		    .ts = x->now };
		if (journal(x, o, &rec, NULL, err) == -1)
			return -1;
		event_line(x, o, "amended", 0, 0, NULL);
		return 0;
	}
	if (o->status == ORDER_PENDING_CANCEL ||
	    o->status == ORDER_PENDING_REPLACE ||
	    o->status == ORDER_PENDING_NEW)
		return err_set(err, "order %s is %s: wait for the venue's "
		    "answer", o->id, order_status_name(o->status));
	if (chg->have_tif && session_allows(x, o->symbol, copy.type,
	    copy.tif, copy.gtd_date, err) == -1)
		return -1;
	struct venue *v = venue_find(x, o->venue);
	if (!v && x->remote)
		return err_set(err, "order %s: replace it from the blotter that "
		    "holds the venue (this one sends new orders and cancels "
		    "through the store)", o->id);
	if (!v)
		return err_set(err, "order %s: its venue %s is not available",
		    o->id, o->venue);
	/* A replace is checked as the order would stand after it; one that
	 * breaks a blocking or review rule is refused (a working order
	 * cannot wait at its venue for a review). */
	if (guard_halted(x, o->account, err) == -1)
		return -1;
	char why[NOTE_MAX];
	struct cpl_result res;
	int worst = guard_check(x, &copy, true, &res, why);
	if (guard_record(x, o, &res, err) == -1)
		return -1;
	if (worst == RULE_BLOCK || worst == RULE_REVIEW)
		return err_set(err, "order %s: replace refused by compliance: "
		    "%s", o->id, why);
	if (worst == RULE_WARN)
		warn_line(x, "order %s: compliance warning: %s", o->id, why);
	if (order_apply(o, OEV_REPLACE_REQ, err) == -1)
		return -1;
	o->updated = x->now;
	if (journal_status(x, o, OEV_REPLACE_REQ, NULL, err) == -1)
		return -1;
	if (before_send(x, v, err) == -1)
		return -1;
	struct err verr = { "" };
	if (v->ops->send_replace(v, o, chg, &verr) == -1) {
		if (order_apply(o, OEV_REPLACE_REJECT, err) == -1 ||
		    journal_status(x, o, OEV_REPLACE_REJECT, NULL, err) == -1)
			return -1;
		return err_set(err, "order %s: replace not sent: %s", o->id,
		    verr.msg);
	}
	return drain(x, err);
}

/* ---- market data and the clock ---------------------------------------- */

static int
put_quote(struct exec *x, const struct book_quote *bq, struct err *err)
{
	if (store_put_quote(x->st, &bq->q, bq->mark, err) == -1)
		return store_fail(x, err);
	return 0;
}

static int apply_quote(struct exec *, const struct quote *, struct err *);

/* Market prices stay within PX_MAX like order prices, so every product
 * with a quantity fits 128 bits and the mid their sum. */
static int
check_market_px(const char *sym, int64_t px, const char *what,
    struct err *err)
{
	char	a[48], b[48];

	if (px <= PX_MAX)
		return 0;
	return err_set(err, "%s: %s %s is too large (at most %s)", sym, what,
	    fixed_fmt(px, PX_DECIMALS, 2, a, sizeof a), fixed_fmt(PX_MAX,
	    PX_DECIMALS, 2, b, sizeof b));
}

static int
do_quote(struct exec *x, const struct cmd *c, struct err *err)
{
	const struct instrument *in = book_instrument(x->bk, c->sym);

	if (!in)
		return err_set(err, "unknown symbol '%s'", c->sym);
	if (c->bid <= 0 || c->ask <= 0)
		return err_set(err, "%s: quote prices must be positive",
		    c->sym);
	if (c->bid > c->ask)
		return err_set(err, "%s: crossed quote (bid above ask)",
		    c->sym);
	if (check_market_px(in->symbol, c->ask, "ask", err) == -1)
		return -1;
	struct quote q = { .bid = c->bid, .ask = c->ask, .bidsz = c->bidsz,
	    .asksz = c->asksz };
	str_copy(q.symbol, sizeof q.symbol, in->symbol);
	return apply_quote(x, &q, err);
}

/* Record the move of SYM's mid for the quotes pane. */
static void
note_move(struct exec *x, const char *sym, int64_t mid)
{
	struct quote_move *m = hmap_get(x->moves, sym);

	if (!m) {
		m = xcalloc(1, sizeof *m);
		hmap_put(x->moves, sym, m);
	} else if (mid != m->mid) {
		m->dir = mid > m->mid ? 1 : -1;
		m->changed = x->now;
	}
	m->mid = mid;
	x->changed = true;
	guard_mark_moved(x, sym);
}

/* Q (a checked quote for a known symbol) becomes the market: the book,
 * the store, then every venue, whose fills are applied at once. */
static int
apply_quote(struct exec *x, const struct quote *nq, struct err *err)
{
	struct book_quote *bq = book_quote_mut(x->bk, nq->symbol);

	bq->q = *nq;
	bq->mark = fixed_muldiv(nq->bid + nq->ask, 1, 2);
	note_move(x, nq->symbol, bq->mark);
	if (put_quote(x, bq, err) == -1)
		return -1;
	struct quote q = bq->q;
	for (size_t i = 0; i < x->nvenues; i++) {
		x->venues[i]->ops->on_quote(x->venues[i], &q);
		if (drain(x, err) == -1)
			return -1;
	}
	return 0;
}

static int
do_mark(struct exec *x, const struct cmd *c, struct err *err)
{
	const struct instrument *in = book_instrument(x->bk, c->sym);

	if (!in)
		return err_set(err, "unknown symbol '%s'", c->sym);
	if (c->px <= 0)
		return err_set(err, "%s: a mark must be positive", c->sym);
	if (check_market_px(in->symbol, c->px, "mark", err) == -1)
		return -1;
	struct book_quote *bq = book_quote_mut(x->bk, in->symbol);
	str_copy(bq->q.symbol, sizeof bq->q.symbol, in->symbol);
	bq->mark = c->px;
	note_move(x, in->symbol, c->px);
	return put_quote(x, bq, err);
}

static int
set_clock(struct exec *x, int64_t t, struct err *err)
{
	x->now = t;
	for (size_t i = 0; i < x->nvenues; i++) {
		x->venues[i]->ops->on_clock(x->venues[i], t);
		if (drain(x, err) == -1)
			return -1;
	}
	return 0;
}

/* ---- looking ---------------------------------------------------------- */

static unsigned
status_mask(const struct cmd_filter *f)
{
	unsigned m = 0;

	switch (f->status_kind) {
	case FILTER_ANY:
		return 0;
	case FILTER_ONE:
		return 1u << f->status;
	case FILTER_OPEN:
	case FILTER_DONE:
		for (int s = 0; s < ORDER_STATUS_COUNT; s++)
			if (order_status_done((enum order_status)s) ==
			    (f->status_kind == FILTER_DONE))
				m |= 1u << s;
		return m;
	}
	return 0;
}

struct show_ctx {
	struct exec *x;
	int	n;
	int	symw;			/* the widest symbol shown */
	bool	measure;		/* a first pass: only measure */
};

/* An order's fills and history, their prices with the decimals of its
 * tick. */
struct hist_ctx {
	struct exec *x;
	int64_t	tick;
};

static int
show_one_order(void *ctx, const struct order *o)
{
	struct show_ctx *s = ctx;

	if (s->measure) {
		s->symw = format_symbol_width(s->symw, o->symbol);
		return 0;
	}
	if (s->n++ == 0 && !s->x->json)
		format_order_header(s->x->out, s->symw);
	format_order(s->x->out, o, exec_order_tick(s->x, o), s->symw,
	    s->x->json);
	return 0;
}

static int
do_show_orders(struct exec *x, const struct cmd *c, struct err *err)
{
	struct store_order_filter f = { c->filter.acct, c->filter.sym,
	    status_mask(&c->filter), 0, 0, NULL };
	struct show_ctx s = { x, 0, 0, !x->json };

	if (!x->out)
		return 0;
	/* Text: the symbol column fits the longest symbol shown. */
	if (s.measure && store_each_order(x->st, &f, show_one_order, &s,
	    err) == -1)
		return store_fail(x, err);
	s.measure = false;
	if (store_each_order(x->st, &f, show_one_order, &s, err) == -1)
		return store_fail(x, err);
	if (s.n == 0 && !x->json)
		format_message(x->out, false, "no orders");
	return 0;
}

int64_t
exec_order_tick(struct exec *x, const struct order *o)
{
	const struct instrument *in = book_instrument(x->bk, o->symbol);

	return in ? in->tick : 0;
}

static int
show_exec(void *ctx, const struct store_exec *e)
{
	struct hist_ctx *h = ctx;

	format_exec(h->x->out, e, h->tick, h->x->json);
	return 0;
}


static int
show_hist(void *ctx, int64_t seq, int64_t ts, const char *kind,
    const char *body)
{
	struct hist_ctx *h = ctx;

	format_history(h->x->out, seq, ts, kind, body, h->tick, h->x->json);
	return 0;
}

static int
do_show_order(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order tmp, *o = find_order(x, c->id, &tmp, err);

	if (!o)
		return -1;
	if (!x->out)
		return 0;
	int symw = format_symbol_width(0, o->symbol);
	if (!x->json)
		format_order_header(x->out, symw);
	format_order(x->out, o, exec_order_tick(x, o), symw, x->json);
	/* Four eyes: the acting user and the login behind it. */
	if (!x->json)
		sbuf_printf(x->out, "entered by %s from login %s\nfills:\n",
		    o->user[0] ? o->user : "(not kept)",
		    o->login[0] ? o->login : "(not kept)");
	struct hist_ctx h = { x, exec_order_tick(x, o) };
	if (store_each_exec(x->st, o->id, show_exec, &h, err) == -1)
		return store_fail(x, err);
	if (!x->json)
		sbuf_puts(x->out, "history:\n");
	if (store_each_history(x->st, o->id, show_hist, &h, err) == -1)
		return store_fail(x, err);
	return 0;
}

/* A position with its P&L in both currencies. */
static void
position_view(struct exec *x, const struct position *p,
    struct format_position *v)
{
	const struct instrument *in = book_instrument(x->bk, p->symbol);
	const struct account *a = book_account(x->bk, p->account);
	const struct book_quote *bq = book_quote(x->bk, p->symbol);
	int64_t mult = in ? in->mult : PX_SCALE;
	struct err e = { "" };

	memset(v, 0, sizeof *v);
	v->account = p->account;
	v->symbol = p->symbol;
	v->ccy = in ? in->ccy : "USD";
	v->base_ccy = a ? a->ccy : "USD";
	v->qty = p->qty;
	v->avg_cost = position_avg_cost(p, mult);
	v->mark = bq ? bq->mark : 0;
	v->tick = in ? in->tick : 0;
	v->realized = p->realized;
	v->unrealized = v->mark ? position_unrealized(p, v->mark, mult) : 0;
	v->have_base = fx_convert(book_fx(x->bk), v->realized, v->ccy,
	    v->base_ccy, &v->realized_base, &e) == 0 &&
	    fx_convert(book_fx(x->bk), v->unrealized, v->ccy, v->base_ccy,
	    &v->unrealized_base, &e) == 0;
	v->base_too_large = !v->have_base &&
	    fx_linked(book_fx(x->bk), v->ccy, v->base_ccy);
}

/* Widen *CTX (an int) to the symbol of unallocated fills V. */
static void
measure_unalloc(void *ctx, const struct format_position *v)
{
	*(int *)ctx = format_symbol_width(*(int *)ctx, v->symbol);
}

/* Whether position P is one show positions lists under filter ACCT. */
static bool
position_shown(const struct position *p, const char *acct)
{
	if (acct[0] && strcmp(acct, p->account))
		return false;
	return p->qty != 0 || p->realized != 0 || p->cost != 0;
}

static int
do_show_positions(struct exec *x, const struct cmd *c, struct err *err)
{
	size_t pos = 0;
	struct position *p;
	int n = 0, symw = 0;
	struct err e = { "" };

	if (c->filter.acct[0] && !book_account(x->bk, c->filter.acct))
		return err_set(err, "unknown account '%s'", c->filter.acct);
	if (!x->out)
		return 0;
	/* Text: the symbol column fits the longest symbol shown. */
	while (!x->json && (p = book_next_position(x->bk, &pos)))
		if (position_shown(p, c->filter.acct))
			symw = format_symbol_width(symw, p->symbol);
	if (!x->json && !c->filter.acct[0])
		(void)blocks_each_unallocated(x, measure_unalloc, &symw, &e);
	pos = 0;
	while ((p = book_next_position(x->bk, &pos))) {
		struct format_position v;
		if (!position_shown(p, c->filter.acct))
			continue;
		if (n++ == 0 && !x->json)
			format_position_header(x->out, symw);
		position_view(x, p, &v);
		v.symw = symw;
		format_position(x->out, &v, x->json);
	}
	blocks_unallocated(x, c->filter.acct, symw, &n);
	if (n == 0 && !x->json)
		format_message(x->out, false, "no positions");
	return 0;
}

/* *SUM += V for account A's P&L, or -1 naming what it cannot hold. */
static int
money_sum(int64_t *sum, int64_t v, const struct account *a, struct err *err)
{
	char	buf[48];

	if (!__builtin_add_overflow(*sum, v, sum))
		return 0;
	return err_set(err, "the P&L of account %s is past the %s %s blotter "
	    "can add up", a->id, money_fmt(INT64_MAX, buf, sizeof buf),
	    a->ccy);
}

/* P&L of account A in its base currency. */
static int
account_pnl(struct exec *x, const struct account *a, int64_t *realized,
    int64_t *unrealized, struct err *err)
{
	size_t pos = 0;
	struct position *p;

	*realized = *unrealized = 0;
	while ((p = book_next_position(x->bk, &pos))) {
		struct format_position v;
		if (strcmp(p->account, a->id) != 0)
			continue;
		position_view(x, p, &v);
		if (!v.have_base &&
		    (fx_convert(book_fx(x->bk), v.realized, v.ccy, a->ccy,
		    &v.realized_base, err) == -1 ||
		    fx_convert(book_fx(x->bk), v.unrealized, v.ccy, a->ccy,
		    &v.unrealized_base, err) == -1))
			return -1;
		if (money_sum(realized, v.realized_base, a, err) == -1 ||
		    money_sum(unrealized, v.unrealized_base, a, err) == -1)
			return -1;
	}
	return 0;
}

static bool
account_has_positions(struct exec *x, const char *acct)
{
	size_t pos = 0;
	struct position *p;

	while ((p = book_next_position(x->bk, &pos)))
		if (strcmp(p->account, acct) == 0 && (p->qty || p->realized))
			return true;
	return false;
}

/* Add REALIZED and UNREALIZED, in CCY, to the firm's USD sums *R and *U,
 * setting *PAST when a sum goes past 64 bits.  False when either amount
 * cannot be converted (no rate, or too large). */
static bool
firm_add(struct exec *x, int64_t realized, int64_t unrealized,
    const char *ccy, int64_t *r, int64_t *u, bool *past)
{
	struct err e = { "" };
	int64_t ru, uu;

	if (fx_convert(book_fx(x->bk), realized, ccy, "USD", &ru, &e) == -1 ||
	    fx_convert(book_fx(x->bk), unrealized, ccy, "USD", &uu, &e) == -1)
		return false;
	*past |= __builtin_add_overflow(*r, ru, r) ||
	    __builtin_add_overflow(*u, uu, u);
	return true;
}

/* A row of show pnl for a block's unallocated fills, in the firm total
 * too; no account holds them until they are booked. */
struct unalloc_pnl {
	struct exec *x;
	int	*n;
	int64_t	*firm_r, *firm_u;
	bool	*firm_ok, *firm_fits;
};

static void
unalloc_pnl_row(void *ctx, const struct format_position *p)
{
	struct unalloc_pnl *up = ctx;
	struct exec *x = up->x;
	struct format_pnl v = { p->account, p->ccy, false, p->realized,
	    p->unrealized, p->block };
	bool past = false;

	if ((*up->n)++ == 0 && !x->json)
		format_pnl_header(x->out);
	if (!firm_add(x, v.realized, v.unrealized, v.base_ccy, up->firm_r,
	    up->firm_u, &past))
		*up->firm_ok = false;
	else if (past)
		*up->firm_ok = *up->firm_fits = false;
	format_pnl(x->out, &v, x->json);
}

static int
do_show_pnl(struct exec *x, const struct cmd *c, struct err *err)
{
	size_t pos = 0;
	const struct account *a;
	int64_t firm_r = 0, firm_u = 0;
	bool firm_ok = true, firm_fits = true, firm_partial = false;
	int n = 0;

	if (c->filter.acct[0] && !book_account(x->bk, c->filter.acct))
		return err_set(err, "unknown account '%s'", c->filter.acct);
	if (!x->out)
		return 0;
	while ((a = book_next_account(x->bk, &pos))) {
		struct format_pnl v = { a->id, a->ccy, false, 0, 0, NULL };
		struct err e2 = { "" };
		if (c->filter.acct[0] ? strcmp(c->filter.acct, a->id) != 0 :
		    !account_has_positions(x, a->id))
			continue;
		if (n++ == 0 && !x->json)
			format_pnl_header(x->out);
		if (account_pnl(x, a, &v.realized, &v.unrealized, &e2) == -1) {
			format_message(x->out, x->json, "%s: %s", a->id,
			    e2.msg);
			firm_ok = false;
			firm_partial = true;
			continue;
		}
		bool past = false;
		if (!firm_add(x, v.realized, v.unrealized, a->ccy, &firm_r,
		    &firm_u, &past)) {
			firm_ok = false;
			if (fx_linked(book_fx(x->bk), a->ccy, "USD"))
				firm_fits = false;
		} else if (past)
			firm_ok = firm_fits = false;
		format_pnl(x->out, &v, x->json);
	}
	if (!c->filter.acct[0]) {
		struct unalloc_pnl up = { x, &n, &firm_r, &firm_u, &firm_ok,
		    &firm_fits };
		struct err e2 = { "" };
		if (blocks_each_unallocated(x, unalloc_pnl_row, &up, &e2) == -1)
			exec_warn(x, "%s", e2.msg);
	}
	if (n == 0 && !x->json)
		format_message(x->out, false, "no P&L yet");
	if (!c->filter.acct[0] && n > 0) {
		struct format_pnl v = { "FIRM", "USD", true, firm_r, firm_u,
		    NULL };
		char buf[48];
		if (firm_ok)
			format_pnl(x->out, &v, x->json);
		else if (!firm_fits)
			format_message(x->out, x->json, "firm-wide P&L is past "
			    "the %s USD blotter can add up", money_fmt(
			    INT64_MAX, buf, sizeof buf));
		else if (firm_partial)
			format_message(x->out, x->json, "firm-wide P&L needs "
			    "the P&L of every account");
		else
			format_message(x->out, x->json, "firm-wide P&L needs "
			    "an fx rate for every account currency");
	}
	return 0;
}

/* ---- expectations ----------------------------------------------------- */

void
exp_add(struct expect_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->len >= sizeof r->msg - 1)
		return;
	if (r->bad && r->len < sizeof r->msg - 3)
		r->len += (size_t)snprintf(r->msg + r->len,
		    sizeof r->msg - r->len, "; ");
	va_start(ap, fmt);
	int n = vsnprintf(r->msg + r->len, sizeof r->msg - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len = r->len + (size_t)n < sizeof r->msg ? r->len +
		    (size_t)n : sizeof r->msg - 1;
	r->bad = true;
}

/* Half a cent, or 1e-6 for a price under 1. */
void
exp_num(struct expect_report *r, const char *what, double found,
    double want, bool is_price)
{
	double tol = is_price && want > -1 && want < 1 ? 1e-6 : 0.005;

	if (found - want > tol + 1e-9 || want - found > tol + 1e-9)
		exp_add(r, "%s is %.10g, expected %.10g", what, found, want);
}

int
exp_done(struct expect_report *r, const char *what, struct err *err)
{
	if (!r->bad)
		return 0;
	return err_set(err, "%s: %s", what, r->msg);
}

static int
do_expect_order(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order tmp, *o = find_order(x, c->id, &tmp, err);
	const struct cmd_expect *e = &c->exp;
	struct expect_report r = { "", 0, false };
	char what[64];

	if (!o)
		return err_prefix(err, "expect order: ");
	if ((e->have & EXP_STATUS) && o->status != e->status)
		exp_add(&r, "status is %s, expected %s",
		    order_status_name(o->status), order_status_name(e->status));
	if (e->have & EXP_CUM)
		exp_num(&r, "cum", (double)o->cum_qty, e->cum, false);
	if (e->have & EXP_LEAVES)
		exp_num(&r, "leaves", (double)order_leaves(o), e->leaves, false);
	if (e->have & EXP_QTY)
		exp_num(&r, "qty", (double)o->qty, e->qty, false);
	if (e->have & EXP_AVGPX)
		exp_num(&r, "avgpx", fixed_to_double(order_avg_px(o),
		    PX_DECIMALS), e->avgpx, true);
	if (e->have & EXP_PX)
		exp_num(&r, "px", fixed_to_double(o->limit_px, PX_DECIMALS),
		    e->px, true);
	snprintf(what, sizeof what, "expect order %s", o->id);
	return exp_done(&r, what, err);
}

static int
do_expect_position(struct exec *x, const struct cmd *c, struct err *err)
{
	const struct cmd_expect *e = &c->exp;
	struct expect_report r = { "", 0, false };
	struct position flat, *p;
	struct format_position v;
	char what[96];

	if (!book_account(x->bk, c->filter.acct))
		return err_set(err, "expect position: unknown account '%s'",
		    c->filter.acct);
	if (!book_instrument(x->bk, c->sym))
		return err_set(err, "expect position: unknown symbol '%s'",
		    c->sym);
	p = book_position(x->bk, c->filter.acct, c->sym, false);
	if (!p) {
		memset(&flat, 0, sizeof flat);
		str_copy(flat.account, sizeof flat.account, c->filter.acct);
		str_copy(flat.symbol, sizeof flat.symbol, c->sym);
		p = &flat;
	}
	position_view(x, p, &v);
	if (e->have & EXP_QTY)
		exp_num(&r, "qty", (double)v.qty, e->qty, false);
	if (e->have & EXP_AVGCOST)
		exp_num(&r, "avgcost", v.avg_cost, e->avgcost, true);
	if (e->have & EXP_REALIZED)
		exp_num(&r, "realized", fixed_to_double(v.realized,
		    MONEY_DECIMALS), e->realized, false);
	if (e->have & EXP_UNREALIZED)
		exp_num(&r, "unrealized", fixed_to_double(v.unrealized,
		    MONEY_DECIMALS), e->unrealized, false);
	snprintf(what, sizeof what, "expect position %s %s", c->filter.acct,
	    c->sym);
	return exp_done(&r, what, err);
}

static int
do_expect_pnl(struct exec *x, const struct cmd *c, struct err *err)
{
	const struct cmd_expect *e = &c->exp;
	const struct account *a = book_account(x->bk, c->filter.acct);
	struct expect_report r = { "", 0, false };
	int64_t real, unreal;
	char what[64];

	if (!a)
		return err_set(err, "expect pnl: unknown account '%s'",
		    c->filter.acct);
	if (account_pnl(x, a, &real, &unreal, err) == -1)
		return err_prefix(err, "expect pnl %s: ", a->id);
	if (e->have & EXP_REALIZED)
		exp_num(&r, "realized", fixed_to_double(real, MONEY_DECIMALS),
		    e->realized, false);
	if (e->have & EXP_UNREALIZED)
		exp_num(&r, "unrealized", fixed_to_double(unreal,
		    MONEY_DECIMALS), e->unrealized, false);
	if (e->have & EXP_TOTAL)
		exp_num(&r, "total", fixed_to_double(real + unreal,
		    MONEY_DECIMALS), e->total, false);
	snprintf(what, sizeof what, "expect pnl %s", a->id);
	return exp_done(&r, what, err);
}

static int
do_expect_count(struct exec *x, const struct cmd *c, struct err *err)
{
	struct store_order_filter f = { c->filter.acct, c->filter.sym,
	    status_mask(&c->filter), 0, 0, NULL };
	int64_t n;

	if (store_count_orders(x->st, &f, &n, err) == -1)
		return store_fail(x, err);
	if (n != c->exp.count)
		return err_set(err, "expect count orders: found %" PRId64
		    ", expected %" PRId64, n, c->exp.count);
	return 0;
}

/* audit head: the head of the audit trail, for keeping elsewhere. */
static int
do_audit_head(struct exec *x, struct err *err)
{
	char	head[STORE_HEAD_MAX];

	if (store_audit_head(x->st, head, sizeof head, err) == -1)
		return exec_store_fail(x, err);
	if (x->out)
		format_message(x->out, x->json, "%s", head);
	return 0;
}

static int
do_help(struct exec *x, const char *topic, struct err *err)
{
	const char *text = cmd_help(topic);

	if (!text)
		return err_set(err, "no help on '%s'; try help, help buy, "
		    "help tif, help expect", topic);
	if (!x->out)
		return 0;
	if (x->json)
		format_message(x->out, true, "%s", text);
	else
		sbuf_puts(x->out, text);
	return 0;
}

/* ---- dispatch --------------------------------------------------------- */

int
exec_run(struct exec *x, const struct cmd *c, bool json, struct sbuf *out,
    struct err *err)
{
	int n = 0, rc = 0;

	x->out = out;
	x->json = json;
	x->store_failed = false;
	x->npend = 0;
	if (guard_permit(x, c, err) == -1) {
		x->out = NULL;
		return -1;
	}
	switch (c->kind) {
	case CMD_EMPTY:
	case CMD_EXPECT_FAIL:
		break;
	case CMD_CLOCK_SET:
		rc = set_clock(x, c->t, err);
		break;
	case CMD_CLOCK_ADVANCE:
		if (c->t < 0)
			rc = err_set(err, "the clock only moves forward");
		else
			rc = set_clock(x, x->now + c->t, err);
		break;
	case CMD_INSTRUMENT_ADD:
		rc = do_instrument_add(x, c, err);
		break;
	case CMD_ACCOUNT_ADD:
		rc = do_account_add(x, c, err);
		break;
	case CMD_LOAD_INSTRUMENTS:
		rc = load_instruments(x, c->path, &n, err);
		if (rc == 0 && out)
			format_message(out, json, "%d instruments loaded", n);
		break;
	case CMD_LOAD_ACCOUNTS:
		rc = load_accounts(x, c->path, &n, err);
		if (rc == 0 && out)
			format_message(out, json, "%d accounts loaded", n);
		break;
	case CMD_FX:
		rc = put_fx(x, c->sym, c->px, err);
		break;
	case CMD_QUOTE:
		rc = do_quote(x, c, err);
		break;
	case CMD_MARK:
		rc = do_mark(x, c, err);
		break;
	case CMD_ORDER:
	case CMD_CHECK_ORDER:
		rc = do_order(x, c, err);
		break;
	case CMD_RELEASE:
		rc = do_release(x, c, err);
		break;
	case CMD_RELEASE_ALL:
		rc = do_release_all(x, c, err);
		break;
	case CMD_CANCEL:
		rc = do_cancel(x, c, err);
		break;
	case CMD_CANCEL_ALL:
		rc = do_cancel_all(x, c, err);
		break;
	case CMD_REPLACE:
		rc = do_replace(x, c, err);
		break;
	case CMD_SHOW_ORDERS:
		rc = do_show_orders(x, c, err);
		break;
	case CMD_SHOW_ORDER:
		rc = do_show_order(x, c, err);
		break;
	case CMD_SHOW_POSITIONS:
		rc = do_show_positions(x, c, err);
		break;
	case CMD_SHOW_PNL:
		rc = do_show_pnl(x, c, err);
		break;
	case CMD_EXPECT_ORDER:
		rc = do_expect_order(x, c, err);
		break;
	case CMD_EXPECT_POSITION:
		rc = do_expect_position(x, c, err);
		break;
	case CMD_EXPECT_PNL:
		rc = do_expect_pnl(x, c, err);
		break;
	case CMD_EXPECT_COUNT:
		rc = do_expect_count(x, c, err);
		break;
	case CMD_HELP:
		rc = do_help(x, c->sym, err);
		break;
	case CMD_USER_ADD:
	case CMD_AS:
	case CMD_SHOW_USERS:
	case CMD_RULE_ADD:
	case CMD_RULE_LIST:
	case CMD_RULE_DEL:
	case CMD_RULE_DISABLE:
	case CMD_RULE_ENABLE:
	case CMD_LOAD_RULES:
	case CMD_APPROVE:
	case CMD_REJECT:
	case CMD_SHOW_COMPLIANCE:
	case CMD_SHOW_AUDIT:
	case CMD_SHOW_ALERTS:
	case CMD_HALT:
	case CMD_RESUME:
	case CMD_SET:
	case CMD_SHOW_SETTINGS:
		rc = guard_run(x, c, err);
		break;
	case CMD_IMPORT_TRADES:
	case CMD_LOAD_POSITIONS:
	case CMD_REBALANCE:
	case CMD_REPORT_CONFIRMS:
	case CMD_BLOCK:
	case CMD_BLOCK_AUTO:
	case CMD_ALLOC:
	case CMD_SHOW_BLOCKS:
	case CMD_SHOW_BLOCK:
	case CMD_SHOW_ALLOCATIONS:
	case CMD_EXPECT_BLOCK:
	case CMD_EXPECT_ALLOCATION:
	case CMD_ALLOC_ALL:
	case CMD_REPORT_SUMMARY:
		rc = blocks_run(x, c, err);
		break;
	case CMD_AUDIT_HEAD:
		rc = do_audit_head(x, err);
		break;
	default:
		rc = err_set(err, "this command cannot run here");
		break;
	}
	x->out = NULL;
	return rc;
}

bool
exec_store_failed(const struct exec *x)
{
	return x->store_failed;
}

int64_t
exec_now(const struct exec *x)
{
	return x->now;
}

const struct calendar *
exec_calendar(const struct exec *x)
{
	return x->cal;
}

const struct book *
exec_book(const struct exec *x)
{
	return x->bk;
}

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
	struct store_order_filter f = { .latest = RECENT_MAX };
	struct latest l = { xcalloc(RECENT_MAX, sizeof *l.o), 0 };
	int rc = store_each_order(x->st, &f, collect_latest, &l, err);

	for (size_t i = l.n; rc == 0 && i > 0; i--)
		remember_order(x, &l.o[i - 1]);
	free(l.o);
	return rc;
}

static void
close_venues(struct exec *x)
{
	for (size_t i = 0; i < x->nvenues; i++)
		venue_free(x->venues[i]);
	x->nvenues = 0;
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
		session_time_fmt(order_end(x, o), when, sizeof when);
		snprintf(ev.text, sizeof ev.text, "%s order expired at the "
		    "%s, %s, while no blotter was running",
		    o->tif == TIF_OPG ? "OPG" : o->tif == TIF_GTD ? "GTD" :
		    o->tif == TIF_ATC ? "ATC" : "DAY", o->tif == TIF_OPG ?
		    "open" : "close", when);
		emit(x, &ev);
		if (drain(x, err) == -1)
			return -1;
	}
	return 0;
}

/* Read the book back from the store and hand the venues what they held:
 * quotes first (no order rests yet, so nothing fills), then the working
 * orders; an order the venue never answered (pending_new) is sent again.
 * At START, orders whose day ended while no blotter ran expire instead
 * (a reload after a failure only reads back what the store holds). */
static int
load_all(struct exec *x, bool start, struct err *err)
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
	x->next_block = 1;
	if (x->remote) {
		if (guard_load(x, err) == -1)
			return -1;
		return store_data_version(x->st, &x->data_version, err);
	}
	x->venues[x->nvenues++] = venue_sim_new(DEFAULT_VENUE, x->now, emit, x);
	venue_sim_set_calendar(x->venues[0], x->cal);
	if (x->sim_delay > 0)
		x->venues[0] = venue_delay_new(x->venues[0], x->sim_delay,
		    x->now);
	for (size_t i = 0; i < x->nvenues; i++) {
		struct venue *v = x->venues[i];
		size_t qp = 0;
		const struct instrument *in;
		while ((in = book_next_instrument(x->bk, &qp))) {
			const struct book_quote *bq = book_quote(x->bk,
			    in->symbol);
			if (bq && bq->q.bid && bq->q.ask)
				v->ops->on_quote(v, &bq->q);
		}
	}
	x->npend = 0;
	expired = xcalloc(book_order_count(x->bk) + 1, ORDER_ID_MAX);
	while ((o = book_next_order(x->bk, &pos))) {
		struct venue *v = venue_find(x, o->venue);
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
		    v->ops->restore(v, o, err) == -1) {
			goto out;
		}
	}
	x->npend = 0;
	for (size_t i = 0; i < l.nresend; i++) {
		o = book_order(x->bk, l.resend[i]);
		if (o && send_order(x, o, err) == -1)
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
		if (!o || !(v = venue_find(x, o->venue)))
			continue;
		if (v->ops->send_cancel(v, o, err) == -1 || drain(x, err) == -1) {
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
		    !venue_find(x, o->venue) || (start && order_end(x, o) !=
		    0 && order_end(x, o) <= x->now))
			continue;
		memset(&ev, 0, sizeof ev);
		ev.kind = VEV_REPLACE_REJECT;
		str_copy(ev.order_id, sizeof ev.order_id, o->id);
		str_copy(ev.text, sizeof ev.text, "the venue's session was "
		    "reopened before it answered the replace: replace again");
		emit(x, &ev);
	}
	if (drain(x, err) == -1)
		goto out;
	if (store_data_version(x->st, &x->data_version, err) == -1)
		goto out;
	rc = 0;
out:
	/* Users, rules and exposures: after the positions are in. */
	if (rc == 0 && guard_load(x, err) == -1)
		rc = -1;
	if (rc == 0 && expire_unseen(x, expired, nexpired, err) == -1)
		rc = -1;
	free(expired);
	free(l.resend);
	return rc;
}

/* Free a map and the values it owns. */
static void
free_all(struct hmap *m)
{
	size_t pos = 0;
	void *val;

	while (hmap_next(m, &pos, NULL, &val))
		free(val);
	hmap_free(m);
}

struct exec *
exec_new(struct store *st, int64_t now, bool remote, struct err *err)
{
	struct exec *x = xcalloc(1, sizeof *x);

	x->remote = remote;
	x->st = st;
	x->bk = book_new();
	x->now = now;
	x->recent = hmap_new();
	x->moves = hmap_new();
	x->guard = guard_new();
	if (!(x->cal = calendar_load_shipped(err)) ||
	    load_all(x, true, err) == -1) {
		exec_free(x);
		return NULL;
	}
	return x;
}

int
exec_reload(struct exec *x, struct err *err)
{
	close_venues(x);
	book_free(x->bk);
	x->bk = book_new();
	x->default_acct[0] = '\0';
	x->npend = 0;
	return load_all(x, false, err);
}

void
exec_free(struct exec *x)
{
	if (!x)
		return;
	close_venues(x);
	book_free(x->bk);
	free(x->pend);
	free_all(x->recent);
	free_all(x->moves);
	sbuf_free(&x->evbuf);
	guard_free(x->guard);
	calendar_free(x->cal);
	free(x);
}

/* ---- for the screen --------------------------------------------------- */

int
exec_set_time(struct exec *x, int64_t now, struct err *err)
{
	x->npend = 0;
	x->store_failed = false;
	x->out = NULL;
	if (now <= x->now)
		return 0;
	return set_clock(x, now, err);
}

int
exec_market(struct exec *x, const struct quote *q, struct err *err)
{
	x->npend = 0;
	x->store_failed = false;
	x->out = NULL;
	if (!book_instrument(x->bk, q->symbol))
		return err_set(err, "unknown symbol '%s'", q->symbol);
	if (q->bid <= 0 || q->ask <= 0 || q->bid > q->ask)
		return err_set(err, "%s: not a valid quote", q->symbol);
	if (check_market_px(q->symbol, q->ask, "ask", err) == -1)
		return -1;
	return apply_quote(x, q, err);
}

/* Whether every currency account A's P&L goes through has a rate. */
static bool
account_rates(struct exec *x, const struct account *a)
{
	size_t pos = 0;
	struct position *p;
	const struct instrument *in;

	if (!fx_linked(book_fx(x->bk), a->ccy, "USD"))
		return false;
	while ((p = book_next_position(x->bk, &pos)))
		if (strcmp(p->account, a->id) == 0 &&
		    (in = book_instrument(x->bk, p->symbol)) != NULL &&
		    !fx_linked(book_fx(x->bk), in->ccy, a->ccy))
			return false;
	return true;
}

/* Firm-wide P&L in USD into V, with the unallocated block fills among its
 * positions: firm_ok false when a currency has no rate, firm_past (and
 * sums of 0) when what there is to add up is past 64 bits. */
static void
firm_pnl(struct exec *x, struct view *v)
{
	size_t pos = 0;
	const struct account *a;
	int64_t r = 0, u = 0;
	bool past = false;

	v->firm_ok = true;
	while ((a = book_next_account(x->bk, &pos))) {
		struct err e = { "" };
		int64_t ar, au;
		if (account_pnl(x, a, &ar, &au, &e) == -1 ||
		    !firm_add(x, ar, au, a->ccy, &r, &u, &past)) {
			/* Every rate there but no sum: past 64 bits. */
			if (account_rates(x, a))
				past = true;
			else
				v->firm_ok = false;
		}
	}
	for (size_t i = 0; i < v->npositions; i++) {
		const struct view_position *p = &v->positions[i];
		if (p->block[0] && !firm_add(x, p->realized, p->unrealized,
		    p->ccy, &r, &u, &past)) {
			if (fx_linked(book_fx(x->bk), p->ccy, "USD"))
				past = true;
			else
				v->firm_ok = false;
		}
	}
	int64_t total;
	past |= __builtin_add_overflow(r, u, &total);
	v->firm_past = past;
	v->firm_realized = past ? 0 : r;
	v->firm_unrealized = past ? 0 : u;
	v->firm_total = past ? 0 : total;
}

/* Append position F to view CTX (room for it or not). */
static void
view_add_position(void *ctx, const struct format_position *f)
{
	struct view *v = ctx;
	struct view_position *vp;

	if (v->npositions == v->cappositions) {
		v->cappositions = v->cappositions ? v->cappositions * 2 : 8;
		v->positions = xrealloc(v->positions, v->cappositions *
		    sizeof *v->positions);
	}
	vp = &v->positions[v->npositions++];
	memset(vp, 0, sizeof *vp);
	str_copy(vp->account, sizeof vp->account, f->account);
	str_copy(vp->symbol, sizeof vp->symbol, f->symbol);
	str_copy(vp->ccy, sizeof vp->ccy, f->ccy);
	str_copy(vp->base_ccy, sizeof vp->base_ccy, f->base_ccy);
	if (f->block)
		str_copy(vp->block, sizeof vp->block, f->block);
	vp->qty = f->qty;
	vp->avg_cost = f->avg_cost;
	vp->mark = f->mark;
	vp->realized = f->realized;
	vp->unrealized = f->unrealized;
	vp->have_base = f->have_base;
	vp->realized_base = f->realized_base;
	vp->unrealized_base = f->unrealized_base;
}

struct view *
exec_view(struct exec *x, bool force)
{
	struct view *v;
	size_t pos, n;
	void *val;

	if (!x->changed && !force)
		return NULL;
	x->changed = false;
	v = xcalloc(1, sizeof *v);
	v->now = x->now;
	v->remote = x->remote;
	str_copy(v->default_acct, sizeof v->default_acct, x->default_acct);
	/* Orders, newest first. */
	n = hmap_count(x->recent);
	v->orders = xcalloc(n ? n : 1, sizeof *v->orders);
	pos = 0;
	while (hmap_next(x->recent, &pos, NULL, &val))
		v->orders[n - 1 - v->norders++] = *(struct order *)val;
	/* Positions with P&L. */
	struct position *p;
	pos = 0;
	n = 0;
	while ((p = book_next_position(x->bk, &pos)))
		n++;
	v->positions = xcalloc(n ? n : 1, sizeof *v->positions);
	v->cappositions = n ? n : 1;
	pos = 0;
	while ((p = book_next_position(x->bk, &pos))) {
		struct format_position f;
		if (p->qty == 0 && p->realized == 0)
			continue;
		position_view(x, p, &f);
		view_add_position(v, &f);
	}
	/* Then what blocks filled and nobody booked yet, a line each. */
	struct err e = { "" };
	if (blocks_each_unallocated(x, view_add_position, v, &e) == -1)
		exec_warn(x, "%s", e.msg);
	/* Quotes, in instrument order, and the instruments themselves. */
	const struct instrument *in;
	n = 0;
	pos = 0;
	while ((in = book_next_instrument(x->bk, &pos)))
		n++;
	v->quotes = xcalloc(n ? n : 1, sizeof *v->quotes);
	v->instruments = xcalloc(n ? n : 1, sizeof *v->instruments);
	pos = 0;
	while ((in = book_next_instrument(x->bk, &pos))) {
		const struct book_quote *bq = book_quote(x->bk, in->symbol);
		struct view_instrument *vi =
		    &v->instruments[v->ninstruments++];
		str_copy(vi->symbol, sizeof vi->symbol, in->symbol);
		vi->cls = in->cls;
		vi->tick = in->tick;
		vi->lot = in->lot;
		if (!bq || (!bq->q.bid && !bq->mark))
			continue;
		struct view_quote *vq = &v->quotes[v->nquotes++];
		const struct quote_move *m = hmap_get(x->moves, in->symbol);
		vq->q = bq->q;
		str_copy(vq->q.symbol, sizeof vq->q.symbol, in->symbol);
		vq->mark = bq->mark;
		vq->dir = m ? m->dir : 0;
		vq->changed = m ? m->changed : 0;
	}
	const struct account *a;
	v->accounts = xcalloc(book_account_count(x->bk) + 1,
	    sizeof *v->accounts);
	pos = 0;
	while ((a = book_next_account(x->bk, &pos)))
		str_copy(v->accounts[v->naccounts++], ACCOUNT_MAX, a->id);
	/* Firm P&L, sampled for the chart at most once a second. */
	firm_pnl(x, v);
	if (v->firm_ok && !v->firm_past && (x->npnl == 0 ||
	    x->now > x->pnl_at)) {
		if (x->npnl == VIEW_PNL_POINTS) {
			memmove(x->pnl, x->pnl + 1, (VIEW_PNL_POINTS - 1) *
			    sizeof *x->pnl);
			x->npnl--;
		}
		x->pnl[x->npnl++] = v->firm_total;
		x->pnl_at = x->now;
	}
	memcpy(v->pnl, x->pnl, x->npnl * sizeof *x->pnl);
	v->npnl = x->npnl;
	v->event_seq = x->event_seq;
	v->nevents = x->event_seq < VIEW_EVENTS ? x->event_seq : VIEW_EVENTS;
	for (size_t i = 0; i < v->nevents; i++)
		memcpy(v->events[i], x->events[(x->event_seq - v->nevents + i) %
		    VIEW_EVENTS], VIEW_EVENT_LEN);
	guard_view(x, v);
	return v;
}

void
view_free(struct view *v)
{
	if (!v)
		return;
	free(v->orders);
	free(v->positions);
	free(v->quotes);
	free(v->instruments);
	free(v->accounts);
	free(v->flagged);
	free(v);
}

void
exec_keep_events(struct exec *x, bool on)
{
	x->keep_events = on;
}

void
exec_set_sim_delay(struct exec *x, int64_t secs)
{
	if (secs <= 0 || x->sim_delay > 0 || x->nvenues == 0)
		return;
	x->sim_delay = secs;
	x->venues[0] = venue_delay_new(x->venues[0], secs, x->now);
}

void
exec_set_same_login(struct exec *x, bool refuse)
{
	guard_set_same_login(x, refuse);
}

bool
exec_remote(const struct exec *x)
{
	return x->remote;
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
	x->out = NULL;
	if (exec_reload(x, err) == -1)
		return store_fail(x, err);
	if (x->keep_events)
		keep_event(x, hold ? "this blotter now holds the venues" :
		    "another blotter holds the venues");
	x->changed = true;
	return 0;
}

int
exec_follow_others(struct exec *x, struct err *err)
{
	int64_t v;

	if (store_data_version(x->st, &v, err) == -1)
		return store_fail(x, err);
	if (v == x->data_version)
		return 0;
	x->changed = true;
	if (exec_reload(x, err) == -1)
		return store_fail(x, err);
	return 1;
}

struct page_ctx {
	struct order *rows;
	size_t	n, cap;
};

static int
page_row(void *ctx, const struct order *o)
{
	struct page_ctx *p = ctx;

	if (p->n < p->cap)
		p->rows[p->n++] = *o;
	return 0;
}

int
exec_page(struct exec *x, const struct cmd_filter *f, size_t skip,
    size_t limit, struct order **rows, size_t *n, int64_t *total,
    struct err *err)
{
	struct store_order_filter sf = { f->acct, f->sym, status_mask(f),
	    limit ? limit : 1, skip, NULL };
	struct page_ctx p = { xcalloc(limit ? limit : 1, sizeof *p.rows), 0,
	    limit };

	if (store_count_orders(x->st, &sf, total, err) == -1 ||
	    store_each_order(x->st, &sf, page_row, &p, err) == -1) {
		free(p.rows);
		return store_fail(x, err);
	}
	*rows = p.rows;
	*n = p.n;
	return 0;
}
