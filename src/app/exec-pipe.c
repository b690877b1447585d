/* src/app/exec-pipe.c: the event pipeline: venue answers queued while a
 * venue call runs are applied in order (status table, store, book), fills
 * a book cannot take are refused and alerted, orders go to their venues,
 * and quotes, marks and the clock move the market. */
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
#include "fixlink.h"
#include "venue.h"
#include "exec-int.h"

static int apply_quote(struct exec *, const struct quote *, struct err *);

void
exec_emit(void *ctx, const struct venue_event *ev)
{
	struct exec *x = ctx;

	if (x->npend == x->cappend) {
		x->cappend = x->cappend ? x->cappend * 2 : 16;
		x->pend = xrealloc(x->pend, x->cappend * sizeof *x->pend);
	}
	x->pend[x->npend++] = *ev;
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
		return exec_store_fail(x, err);
	return 0;
}

/* A fill of QTY @ PX that the books cannot hold (O's notional or its
 * position past 64 bits) is never booked: nothing of it is journaled.
 * O, as it was before the fill, ends instead, with the refused fill as its
 * reason (WHY goes to the warning).  While its venue still works some of
 * it, the venue is asked to cancel that (its answer is queued and applied
 * by exec_drain()); otherwise, or when the order cannot wait for that answer,
 * O is canceled here.  An alert tells compliance that the venue made a
 * trade the books do not hold.  Returns -1 only when the store failed. */
static int
fill_refused(struct exec *x, struct order *o, bool from_store, int64_t qty,
    int64_t px, const char *why, struct err *err)
{
	char p[48], q[24], detail[CPL_DETAIL_MAX];
	char id[ORDER_ID_MAX], acct[ACCOUNT_MAX], sym[SYMBOL_MAX];
	struct venue *v = exec_venue_find(x, o->venue);
	struct err verr = { "" };
	/* What the venue still works after this fill, as it sees it. */
	bool rest = v && qty < o->qty - o->cum_qty;

	exec_warn(x, "venue fill for order %s refused: %s", o->id, why);
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
		return exec_hook_alert(x, "fill", acct, sym, "", detail,
		    err);
	snprintf(o->reason, sizeof o->reason, "fill of %s @ %s refused: past "
	    "what the books can hold", q, p);
	o->updated = x->now;
	if (rest && order_can(o->status, OEV_CANCEL_REQ)) {
		if (order_apply(o, OEV_CANCEL_REQ, err) == -1 ||
		    exec_journal_event(x, o, OEV_CANCEL_REQ, NULL, err) == -1 ||
		    exec_before_send(x, v, err) == -1)
			return -1;
		exec_event_line(x, o, "cancel_sent", 0, 0, o->reason);
		if (v->ops->send_cancel(v, o, &verr) == 0)
			return exec_hook_alert(x, "fill", acct, sym, "",
			    detail, err);
		if (order_apply(o, OEV_CANCEL_REJECT, err) == -1 ||
		    exec_journal_event(x, o, OEV_CANCEL_REJECT, NULL,
		    err) == -1)
			return -1;
		exec_warn(x, "order %s: cancel not sent: %s", id, verr.msg);
		rest = false;
	}
	if (order_apply(o, OEV_CANCELED, err) == -1 ||
	    exec_journal_event(x, o, OEV_CANCELED, NULL, err) == -1)
		return -1;
	exec_event_line(x, o, "canceled", 0, 0, o->reason);
	struct order b = *o;
	book_drop_order(x->bk, id);
	/* A replace was pending: the venue still works the rest, so it is
	 * told to cancel it too (its answer finds the order ended). */
	if (rest) {
		if (exec_before_send(x, v, err) == -1)
			return -1;
		if (v->ops->send_cancel(v, &b, &verr) == -1)
			exec_warn(x, "order %s: cancel not sent: %s", id,
			    verr.msg);
	}
	if (exec_hook_alert(x, "fill", acct, sym, "", detail, err) == -1)
		return -1;
	/* A block's orders follow it. */
	return order_is_block(&b) ? exec_hook_block_moved(x, &b, err) : 0;
}

struct booked_find {
	const char *exec_id;
	struct store_exec found;
	bool	seen;
};

static int
booked_one(void *ctx, const struct store_exec *e)
{
	struct booked_find *b = ctx;

	if (strcmp(e->exec_id, b->exec_id) != 0 || e->busted)
		return 0;
	b->found = *e;
	b->seen = true;
	return 1;
}

/* EV, a bust naming only its execution, with the quantity and price it
 * was booked at into *OUT: 1, 0 when there is no such execution (said),
 * -1 (the store failed). */
static int
exec_as_booked(struct exec *x, const struct venue_event *ev,
    struct venue_event *out, struct err *err)
{
	struct booked_find b = { ev->exec_id, { .qty = 0 }, false };

	if (store_each_exec(x->st, ev->order_id, booked_one, &b, err) == -1)
		return exec_store_fail(x, err);
	if (!b.seen) {
		exec_warn(x, "venue took back execution '%s' of order %s, "
		    "which is not booked; ignored", ev->exec_id, ev->order_id);
		return 0;
	}
	*out = *ev;
	out->qty = b.found.qty;
	out->px = b.found.px;
	return 1;
}

/* Where a venue says O stands (after a restart, VEV_STATUS) against the
 * books: every difference is an alert for the desk to resolve; nothing
 * is changed here. */
static int
venue_status_check(struct exec *x, const struct order *o,
    const struct venue_event *ev, struct err *err)
{
	char	detail[256], cum[32], vcum[32];
	char	want = fixlink_ord_status(o->status);

	/* A request under way: the venue answers it on its own. */
	if ((o->status == ORDER_PENDING_CANCEL ||
	    o->status == ORDER_PENDING_REPLACE) && (ev->status_code == '0' ||
	    ev->status_code == '1'))
		want = ev->status_code;
	if (ev->status_code == want && ev->qty == o->cum_qty)
		return 0;
	fixed_fmt(o->cum_qty, 0, 0, cum, sizeof cum);
	fixed_fmt(ev->qty, 0, 0, vcum, sizeof vcum);
	snprintf(detail, sizeof detail, "venue %s reports order %s with "
	    "OrdStatus %c and %s filled; the blotter has it %s with %s filled",
	    o->venue, o->id, ev->status_code ? ev->status_code : '?', vcum,
	    order_status_name(o->status), cum);
	exec_warn(x, "%s", detail);
	return exec_hook_alert(x, "reconcile", o->account, o->symbol, "",
	    detail, err);
}

/* Apply one venue event.  Returns -1 only when the store failed; an event
 * the status table refuses is reported and dropped, never applied. */
int
exec_apply_event(struct exec *x, const struct venue_event *ev, struct err *err)
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
	/* A bust that names only the execution takes it back as booked. */
	struct venue_event booked;
	if (ev->kind == VEV_BUST && ev->qty == 0) {
		int r = exec_as_booked(x, ev, &booked, err);
		if (r != 1)
			return r;
		ev = &booked;
	}
	o = book_order(x->bk, ev->order_id);
	if (!o) {
		int r = store_get_order(x->st, ev->order_id, &tmp, err);
		if (r == -1)
			return exec_store_fail(x, err);
		if (r == 0) {
			exec_warn(x,
			    "venue reported %s for unknown order '%s'; "
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
	case VEV_EXPIRED:
	case VEV_DONE_FOR_DAY:
		/* An end the venue may say why of. */
		if (ev->text[0])
			str_copy(o->reason, sizeof o->reason, ev->text);
		rec.kind = SOJ_STATUS;
		rec.ev = ev->kind == VEV_CANCELED ? OEV_CANCELED :
		    ev->kind == VEV_EXPIRED ? OEV_EXPIRE : OEV_DONE_FOR_DAY;
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
	case VEV_STATUS:
		*o = before;
		return venue_status_check(x, o, ev, err);
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
			exec_warn(x, "execution for unknown symbol %s ignored",
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
		if (r == -1 && ev->kind == VEV_FILL && ev->exec_id[0]) {
			/* A report sent again for an order it ended. */
			int seen = store_exec_seen(x->st, o->id, ev->exec_id,
			    err);
			if (seen == -1)
				return exec_store_fail(x, err);
			if (seen == 1) {
				*o = before;
				exec_warn(x, "duplicate execution '%s' for "
				    "order %s ignored", ev->exec_id, o->id);
				return 0;
			}
		}
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
		r = exec_journal(x, o, &rec, pos ? &after : NULL, err);
		if (r == -1)
			return -1;
		if (r == STORE_DUPLICATE || (r != 0 && !x->store_failed)) {
			*o = before;
			exec_warn(x, "%s execution '%s' for order %s ignored",
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
		exec_warn(x, "venue sent an unknown event for order %s",
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
	if (exec_journal(x, o, &rec, NULL, err) == -1)
		return -1;
applied:
	exec_event_line(x, o, what, qty, px,
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
			return exec_hook_block_moved(x, &b, err);
		return 0;
	}
	if (!from_store && order_status_done(o->status))
		book_drop_order(x->bk, o->id);
	if (rec.kind == SOJ_FILL || rec.kind == SOJ_BUST)
		return exec_hook_after_fill(x, acct, sym, err);
	return 0;
refused:
	*o = before;
	exec_warn(x, "venue %s for order %s refused: %s", what, ev->order_id,
	    e2.msg);
	return 0;
}

/* Apply every queued venue answer, oldest first. */
int
exec_drain(struct exec *x, struct err *err)
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
		rc = exec_apply_event(x, &x->pend[i], err);
	}
	store_set_user(x->st, exec_hook_user(x));
	x->npend = 0;
	return rc;
}

/* Commit before a message leaves the process: write-ahead for venues whose
 * counterparty would remember an order we had lost.  A venue that holds
 * what it sends until the transaction has committed (one with a flush:
 * the FIX sessions) needs no commit of its own: the order and the message
 * commit together, in the group they came in, and only then go out. */
int
exec_before_send(struct exec *x, const struct venue *v, struct err *err)
{
	if (!(v->flags & VENUE_EXTERNAL) || v->ops->flush ||
	    !store_in_txn(x->st))
		return 0;
	if (store_commit(x->st, err) == -1 || store_begin(x->st, err) == -1)
		return exec_store_fail(x, err);
	return 0;
}

/* Hand O (status pending_new, already journaled) to its venue.  When
 * another blotter holds the venues, the order waits in the store for it:
 * that blotter sees the commit and sends it. */
int
exec_send_order(struct exec *x, struct order *o, struct err *err)
{
	struct venue *v = exec_venue_find(x, o->venue);
	struct err verr = { "" };
	char id[ORDER_ID_MAX];

	if (x->remote)
		return 0;

	str_copy(id, sizeof id, o->id);
	if (v && exec_before_send(x, v, err) == -1)
		return -1;
	if (!v || v->ops->send_new(v, o, &verr) == -1) {
		/* It never left: the order ends rejected, and says why. */
		str_copy(o->reason, sizeof o->reason,
		    v ? verr.msg : "venue is not available");
		if (order_apply(o, OEV_REJECT, &verr) == -1)
			return err_set(err, "%s", verr.msg);
		if (exec_journal_event(x, o, OEV_REJECT, NULL, err) == -1)
			return -1;
		exec_event_line(x, o, "rejected", 0, 0, o->reason);
		book_drop_order(x->bk, id);
		return 0;
	}
	return exec_drain(x, err);
}

/* ---- market data and the clock ---------------------------------------- */

static int
put_quote(struct exec *x, const struct book_quote *bq, struct err *err)
{
	if (store_put_quote(x->st, &bq->q, bq->mark, err) == -1)
		return exec_store_fail(x, err);
	return 0;
}

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

int
exec_cmd_quote(struct exec *x, const struct cmd *c, struct err *err)
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
	exec_hook_mark_moved(x, sym);
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
		if (x->venues[i]->ops->on_quote)
			x->venues[i]->ops->on_quote(x->venues[i], &q);
		if (exec_drain(x, err) == -1)
			return -1;
	}
	return 0;
}

int
exec_cmd_mark(struct exec *x, const struct cmd *c, struct err *err)
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

int
exec_set_clock(struct exec *x, int64_t t, struct err *err)
{
	x->now = t;
	for (size_t i = 0; i < x->nvenues; i++) {
		if (x->venues[i]->ops->on_clock)
			x->venues[i]->ops->on_clock(x->venues[i], t);
		if (exec_drain(x, err) == -1)
			return -1;
	}
	return 0;
}

/* ---- for the screen --------------------------------------------------- */

int
exec_set_time(struct exec *x, int64_t now, struct err *err)
{
	x->npend = 0;
	x->store_failed = false;
	x->res = NULL;
	if (now <= x->now)
		return 0;
	return exec_set_clock(x, now, err);
}

int
exec_market(struct exec *x, const struct quote *q, struct err *err)
{
	x->npend = 0;
	x->store_failed = false;
	x->res = NULL;
	if (!book_instrument(x->bk, q->symbol))
		return err_set(err, "unknown symbol '%s'", q->symbol);
	if (q->bid <= 0 || q->ask <= 0 || q->bid > q->ask)
		return err_set(err, "%s: not a valid quote", q->symbol);
	if (check_market_px(q->symbol, q->ask, "ask", err) == -1)
		return -1;
	return apply_quote(x, q, err);
}

int
exec_cmd_clock_set(struct exec *x, const struct cmd *c, struct err *err)
{
	return exec_set_clock(x, c->t, err);
}

int
exec_cmd_clock_advance(struct exec *x, const struct cmd *c, struct err *err)
{
	if (c->t < 0)
		return err_set(err, "the clock only moves forward");
	return exec_set_clock(x, x->now + c->t, err);
}
