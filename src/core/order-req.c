/* src/core/order-req.c: the rules of entering an order (see
 * order-req.h).  Checks run in the order a trader fixes a ticket: the
 * kind of order, its size, its prices, then its dates; the first rule
 * broken is the one reported. */
#include "config.h"
#include "order-req.h"

#include <string.h>

#include "compliance.h"
#include "err.h"
#include "fixed.h"

/* Limit and stop prices: each positive and on the tick when given. */
static int
check_prices(const struct instrument *in, int64_t limit, int64_t stop,
    struct err *err)
{
	if (limit && instrument_check_price(in, limit, "limit price",
	    err) == -1)
		return -1;
	if (stop && instrument_check_price(in, stop, "stop price", err) == -1)
		return -1;
	return 0;
}

/* The prices the order's type needs are there, and no others (a
 * trailing stop moves its own stop and may have a limit). */
static int
check_type(const struct order_req *r, const struct instrument *in,
    struct err *err)
{
	bool	want_limit = r->type == OTYPE_LIMIT ||
		    r->type == OTYPE_STOP_LIMIT;
	bool	want_stop = r->type == OTYPE_STOP ||
		    r->type == OTYPE_STOP_LIMIT;
	const char *name = order_type_name(r->type);

	if (want_limit && !r->limit_px)
		return err_set(err, "%s: a %s order needs a limit price",
		    in->symbol, name);
	if (!want_limit && r->type != OTYPE_TRAILING_STOP && r->limit_px)
		return err_set(err, "%s: a %s order takes no limit price",
		    in->symbol, name);
	if (want_stop && !r->stop_px)
		return err_set(err, "%s: a %s order needs a stop price",
		    in->symbol, name);
	if (!want_stop && r->type != OTYPE_TRAILING_STOP && r->stop_px)
		return err_set(err, "%s: a %s order takes no stop price",
		    in->symbol, name);
	if (r->type != OTYPE_TRAILING_STOP && r->trail)
		return err_set(err, "%s: only a trailing stop takes a trail",
		    in->symbol);
	return 0;
}

/* A GTD date of DATE (YYYYMMDD) is not before TODAY. */
static int
check_gtd(int32_t date, int32_t today, struct err *err)
{
	if (date < today)
		return err_set(err, "tif=gtd: the date %d-%02d-%02d is already "
		    "past", date / 10000, date / 100 % 100, date % 100);
	return 0;
}

int
order_req_check(const struct order_req *r, const struct instrument *in,
    int32_t today, struct err *err)
{
	if ((unsigned)r->side >= SIDE_COUNT)
		return err_set(err, "%s: not a side of an order", in->symbol);
	if ((unsigned)r->type >= OTYPE_COUNT)
		return err_set(err, "%s: not a type of order", in->symbol);
	if ((unsigned)r->tif >= TIF_COUNT)
		return err_set(err, "%s: not a time in force", in->symbol);
	if (check_type(r, in, err) == -1)
		return -1;
	if (instrument_check_qty(in, r->qty, err) == -1)
		return -1;
	if (check_prices(in, r->limit_px, r->stop_px, err) == -1)
		return -1;
	if (r->type == OTYPE_TRAILING_STOP) {
		if (r->trail <= 0)
			return err_set(err, "%s: the trail must be positive",
			    in->symbol);
		if (r->trail_pct && r->trail >= 100 * PX_SCALE)
			return err_set(err, "%s: a trail of 100%% or more "
			    "never triggers", in->symbol);
	}
	if (r->tif == TIF_GTD)
		return check_gtd(r->gtd_date, today, err);
	return 0;
}

int
order_req_check_change(const struct order_change *chg,
    const struct instrument *in, int32_t today, struct err *err)
{
	if (chg->have_qty && instrument_check_qty(in, chg->qty, err) == -1)
		return -1;
	if (check_prices(in, chg->have_limit ? chg->limit_px : 0,
	    chg->have_stop ? chg->stop_px : 0, err) == -1)
		return -1;
	if (chg->have_tif && (unsigned)chg->tif >= TIF_COUNT)
		return err_set(err, "%s: not a time in force", in->symbol);
	if (chg->have_tif && chg->tif == TIF_GTD && chg->gtd_date < today)
		return err_set(err, "tif=gtd: that date is already past");
	return 0;
}

void
order_req_build(const struct order_req *r, struct order *o)
{
	memset(o, 0, sizeof *o);
	str_copy(o->account, sizeof o->account, r->account);
	str_copy(o->symbol, sizeof o->symbol, r->symbol);
	o->side = r->side;
	o->type = r->type;
	o->tif = r->tif;
	o->gtd_date = r->tif == TIF_GTD ? r->gtd_date : 0;
	o->qty = r->qty;
	o->limit_px = r->limit_px;
	o->stop_px = r->stop_px;
	o->trail = r->trail;
	o->trail_pct = r->trail_pct;
	o->status = r->stage ? ORDER_STAGED : ORDER_PENDING_NEW;
	o->prev_status = o->status;
	str_copy(o->venue, sizeof o->venue, r->venue);
	str_copy(o->note, sizeof o->note, r->note);
}

enum order_verdict
order_verdict_of(int worst, bool replace)
{
	switch (worst) {
	case RULE_PASS:
		return ORDER_VERDICT_GO;
	case RULE_WARN:
		return ORDER_VERDICT_WARN;
	case RULE_REVIEW:
		return replace ? ORDER_VERDICT_REFUSE : ORDER_VERDICT_REVIEW;
	default:
		/* A block, or an action this build does not know: the
		 * careful answer. */
		return ORDER_VERDICT_REFUSE;
	}
}

void
order_verdict_mark(struct order *o, enum order_verdict v, const char *why)
{
	if (v == ORDER_VERDICT_REFUSE)
		o->status = o->prev_status = ORDER_REJECTED;
	else if (v == ORDER_VERDICT_REVIEW)
		o->status = o->prev_status = ORDER_FLAGGED;
	else
		return;
	str_copy(o->reason, sizeof o->reason, why);
}
