/* src/app/exec-order.c: order entry: new orders (checked completely
 * before the first change), staging and release, cancels and replaces. */
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
#include "order-req.h"
#include "exec-int.h"

/* ---- orders ----------------------------------------------------------- */

/* The request of order command CO for account ACCT in SYM at VENUE:
 * the values the command gave, with the store's defaults filled in. */
static void
req_of_cmd(const struct cmd_order *co, const char *acct, const char *sym,
    const char *venue, struct order_req *r)
{
	*r = co->req;
	str_copy(r->account, sizeof r->account, acct);
	str_copy(r->symbol, sizeof r->symbol, sym);
	str_copy(r->venue, sizeof r->venue, venue);
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

	if (exec_hook_halted(x, o->account, err) == -1)
		return -1;
	worst = exec_hook_check(x, o, false, &res, NULL);
	if (x->res)
		result_check(x->res, (enum rule_action)worst, &res);
	return 0;
}

int
exec_cmd_order(struct exec *x, const struct cmd *c, struct err *err)
{
	return exec_new_order(x, c, false, NULL, NULL, err);
}

int
exec_new_order(struct exec *x, const struct cmd *c, bool check, int *worst_out,
    char *id_out, struct err *err)
{
	const struct cmd_order *co = &c->ord;
	const char *acct_id = co->req.account[0] ? co->req.account : x->default_acct;
	const struct instrument *in;
	struct order o;

	if (!*acct_id)
		return err_set(err, "no account given and the store has no "
		    "default account: add acct=ACCOUNT");
	if (!book_account(x->bk, acct_id))
		return err_set(err, "unknown account '%s'", acct_id);
	if (!(in = book_instrument(x->bk, c->sym)))
		return err_set(err, "unknown symbol '%s'", c->sym);
	const char *vname = co->req.venue[0] ? co->req.venue :
	    exec_route(x, in);
	struct order_req req;
	req_of_cmd(co, acct_id, in->symbol, vname, &req);
	if (order_req_check(&req, in, exec_date_of(x->now), err) == -1)
		return -1;
	if (co->algo[0])
		return err_set(err, "no execution algorithm named '%s' is "
		    "available", co->algo);
	if (!exec_venue_known(x, vname)) {
		char names[256];
		exec_venue_names(x, names, sizeof names);
		return err_set(err, "no venue named '%s' (venues: %s)", vname,
		    names);
	}
	if (!co->req.stage && c->kind != CMD_CHECK_ORDER &&
	    exec_session_check(x, in->symbol, co->req.type, co->req.tif, co->req.gtd_date,
	    err) == -1)
		return -1;

	order_req_build(&req, &o);
	if (c->kind == CMD_CHECK_ORDER) {
		/* A what-if: the order is checked, never stored or counted. */
		str_copy(o.id, sizeof o.id, co->id[0] ? co->id : "check");
	} else if (co->id[0]) {
		if (!ident_valid(co->id, sizeof o.id))
			return err_set(err, "'%s' is not a usable order id",
			    co->id);
		int r = exec_id_taken(x, co->id, err);
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
	str_copy(o.user, sizeof o.user, exec_hook_user(x));
	str_copy(o.login, sizeof o.login, exec_hook_login(x));
	o.created = o.updated = x->now;
	if (check_money(x, &o, o.qty, err) == -1)
		return -1;

	/* Pre-trade compliance, before the order is stored: it goes out,
	 * waits for review, or is kept rejected.  A staged order is checked
	 * when it is released. */
	int worst = RULE_PASS;
	enum order_verdict verdict = ORDER_VERDICT_GO;
	char why[NOTE_MAX];
	struct cpl_result res;
	res.checked = 0;
	if (c->kind == CMD_CHECK_ORDER)
		return check_only(x, &o, err);
	if (!co->req.stage || check) {
		if (exec_hook_halted(x, acct_id, err) == -1)
			return -1;
		worst = exec_hook_check(x, &o, false, &res, why);
		verdict = order_verdict_of(worst, false);
		order_verdict_mark(&o, verdict, why);
	}

	/* Commit before sending: the order is journaled before any venue
	 * can see it. */
	struct store_order_rec rec = { .kind = SOJ_NEW, .ts = x->now };
	int r;
	while ((r = exec_journal(x, &o, &rec, NULL, err)) == STORE_DUPLICATE &&
	    !co->id[0])
		snprintf(o.id, sizeof o.id, "%" PRId64, x->next_id++);
	if (r != 0)
		return -1;
	note_numeric_id(x, o.id);
	if (worst_out)
		*worst_out = worst;
	if (id_out)
		str_copy(id_out, ORDER_ID_MAX, o.id);
	if (exec_hook_record(x, &o, &res, err) == -1)
		return -1;
	if (verdict == ORDER_VERDICT_REFUSE) {
		exec_event_line(x, &o, "rejected", 0, 0, o.reason);
		return err_set(err, "order %s rejected by compliance: %s", o.id,
		    why);
	}
	struct order *live = book_add_order(x->bk, &o);
	if (verdict == ORDER_VERDICT_REVIEW) {
		exec_event_line(x, live, "flagged", 0, 0, why);
		return 0;
	}
	exec_event_line(x, live, co->req.stage ? "staged" : "new", 0, 0, NULL);
	if (verdict == ORDER_VERDICT_WARN)
		exec_warn(x, "order %s: compliance warning: %s", live->id, why);
	if (co->req.stage)
		return 0;
	return exec_send_order(x, live, err);
}

int
exec_cmd_release(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order tmp, *o = exec_find_order(x, c->id, &tmp, err);

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
		return exec_hook_block_release(x, o, err);
	if (exec_hook_halted(x, o->account, err) == -1)
		return -1;
	char why[NOTE_MAX];
	struct cpl_result res;
	enum order_verdict verdict = order_verdict_of(exec_hook_check(x, o,
	    false, &res, why), false);
	if (exec_hook_record(x, o, &res, err) == -1)
		return -1;
	if (verdict == ORDER_VERDICT_REFUSE ||
	    verdict == ORDER_VERDICT_REVIEW) {
		bool refuse = verdict == ORDER_VERDICT_REFUSE;
		enum order_event ev = refuse ? OEV_REJECT : OEV_FLAG;
		char id[ORDER_ID_MAX];
		str_copy(o->reason, sizeof o->reason, why);
		if (order_apply(o, ev, err) == -1)
			return -1;
		o->updated = x->now;
		if (exec_journal_event(x, o, ev, NULL, err) == -1)
			return -1;
		exec_event_line(x, o, refuse ? "rejected" : "flagged", 0, 0,
		    why);
		if (!refuse)
			return 0;
		str_copy(id, sizeof id, o->id);
		book_drop_order(x->bk, id);
		return err_set(err, "order %s rejected by compliance: %s", id,
		    why);
	}
	if (verdict == ORDER_VERDICT_WARN)
		exec_warn(x, "order %s: compliance warning: %s", o->id, why);
	if (order_apply(o, OEV_RELEASE, err) == -1)
		return -1;
	o->updated = x->now;
	if (exec_journal_event(x, o, OEV_RELEASE, NULL, err) == -1)
		return -1;
	exec_event_line(x, o, "released", 0, 0, NULL);
	return exec_send_order(x, o, err);
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
int
exec_cmd_release_all(struct exec *x, const struct cmd *c, struct err *err)
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
		if (exec_cmd_release(x, &one, &e2) == 0) {
			done++;
			continue;
		}
		if (x->store_failed) {
			free(ids);
			return err_set(err, "%s", e2.msg);
		}
		if (failed++ == 0)
			err_set(err, "%s", e2.msg);
		exec_warn(x, "%s", e2.msg);
	}
	free(ids);
	if (x->res)
		result_message(x->res, "%d released%s", done,
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
	if (order_in_block(o) && exec_hook_member_cancel(x, o, err) == -1)
		return -1;
	if (o->status == ORDER_STAGED || o->status == ORDER_FLAGGED) {
		char id[ORDER_ID_MAX];
		if (order_apply(o, OEV_CANCELED, err) == -1)
			return -1;
		o->updated = x->now;
		if (exec_journal_event(x, o, OEV_CANCELED, NULL, err) == -1)
			return -1;
		exec_event_line(x, o, "canceled", 0, 0, NULL);
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
	struct venue *v = exec_venue_find(x, o->venue);
	if (!v && !x->remote)
		return err_set(err, "order %s: its venue %s is not available",
		    o->id, o->venue);
	if (order_apply(o, OEV_CANCEL_REQ, err) == -1)
		return -1;
	o->updated = x->now;
	if (exec_journal_event(x, o, OEV_CANCEL_REQ, NULL, err) == -1)
		return -1;
	if (!v) {
		/* The blotter holding the venue sends it. */
		exec_event_line(x, o, "cancel_sent", 0, 0, NULL);
		return 0;
	}
	if (exec_before_send(x, v, err) == -1)
		return -1;
	struct err verr = { "" };
	if (v->ops->send_cancel(v, o, &verr) == -1) {
		/* Not sent: back to where it was. */
		if (order_apply(o, OEV_CANCEL_REJECT, err) == -1 ||
		    exec_journal_event(x, o, OEV_CANCEL_REJECT, NULL,
		    err) == -1)
			return -1;
		return err_set(err, "order %s: cancel not sent: %s", o->id,
		    verr.msg);
	}
	return exec_drain(x, err);
}

int
exec_cmd_cancel(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order *o = book_order(x->bk, c->id);
	struct order tmp;

	if (!o) {
		struct order *done = exec_find_order(x, c->id, &tmp, err);
		if (!done)
			return -1;
		return err_set(err, "order %s is %s: nothing left to cancel",
		    done->id, order_status_name(done->status));
	}
	return cancel_order(x, o, err);
}

int
exec_cmd_cancel_all(struct exec *x, const struct cmd *c, struct err *err)
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
			exec_warn(x, "%s", e2.msg);
			skipped++;
		} else {
			done++;
		}
	}
	free(ids);
	if (x->res)
		result_message(x->res, "%d order%s canceled%s", done,
		    done == 1 ? "" : "s", skipped ? " (some were skipped)" :
		    "");
	return 0;
}

int
exec_cmd_replace(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order *o = book_order(x->bk, c->id), tmp, copy;
	const struct instrument *in;
	const struct order_change *chg = &c->change;

	if (!o) {
		struct order *done = exec_find_order(x, c->id, &tmp, err);
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
	if (order_req_check_change(chg, in, exec_date_of(x->now), err) == -1)
		return -1;
	copy = *o;
	if (order_change_apply(&copy, chg, err) == -1)
		return -1;
	if ((chg->have_qty || chg->have_limit || chg->have_stop) &&
	    check_money(x, &copy, copy.qty - copy.cum_qty, err) == -1)
		return -1;
	if (o->status == ORDER_FLAGGED)
		return err_set(err,
		    "order %s is waiting for compliance review: "
		    "cancel it and enter the order again to change it", o->id);
	if (o->status == ORDER_STAGED) {
		*o = copy;
		o->updated = x->now;
		struct store_order_rec rec = { .kind = SOJ_AMEND, .chg = chg,
		    .ts = x->now };
		if (exec_journal(x, o, &rec, NULL, err) == -1)
			return -1;
		exec_event_line(x, o, "amended", 0, 0, NULL);
		return 0;
	}
	if (o->status == ORDER_PENDING_CANCEL ||
	    o->status == ORDER_PENDING_REPLACE ||
	    o->status == ORDER_PENDING_NEW)
		return err_set(err, "order %s is %s: wait for the venue's "
		    "answer", o->id, order_status_name(o->status));
	if (chg->have_tif && exec_session_check(x, o->symbol, copy.type,
	    copy.tif, copy.gtd_date, err) == -1)
		return -1;
	struct venue *v = exec_venue_find(x, o->venue);
	if (!v && x->remote)
		return err_set(err,
		    "order %s: replace it from the blotter that "
		    "holds the venue (this one sends new orders and cancels "
		    "through the store)", o->id);
	if (!v)
		return err_set(err, "order %s: its venue %s is not available",
		    o->id, o->venue);
	/* A replace is checked as the order would stand after it; one that
	 * breaks a blocking or review rule is refused (a working order
	 * cannot wait at its venue for a review). */
	if (exec_hook_halted(x, o->account, err) == -1)
		return -1;
	char why[NOTE_MAX];
	struct cpl_result res;
	enum order_verdict verdict = order_verdict_of(exec_hook_check(x, &copy,
	    true, &res, why), true);
	if (exec_hook_record(x, o, &res, err) == -1)
		return -1;
	if (verdict == ORDER_VERDICT_REFUSE)
		return err_set(err, "order %s: replace refused by compliance: "
		    "%s", o->id, why);
	if (verdict == ORDER_VERDICT_WARN)
		exec_warn(x, "order %s: compliance warning: %s", o->id, why);
	if (order_apply(o, OEV_REPLACE_REQ, err) == -1)
		return -1;
	o->updated = x->now;
	if (exec_journal_event(x, o, OEV_REPLACE_REQ, NULL, err) == -1)
		return -1;
	if (exec_before_send(x, v, err) == -1)
		return -1;
	struct err verr = { "" };
	if (v->ops->send_replace(v, o, chg, &verr) == -1) {
		if (order_apply(o, OEV_REPLACE_REJECT, err) == -1 ||
		    exec_journal_event(x, o, OEV_REPLACE_REJECT, NULL,
		    err) == -1)
			return -1;
		return err_set(err, "order %s: replace not sent: %s", o->id,
		    verr.msg);
	}
	return exec_drain(x, err);
}
