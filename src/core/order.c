/* src/core/order.c: an order, its status machine and its fills.
 *
 * Every status change is one lookup in trans[] below: a row names the
 * status an event may arrive in and the status it leads to.  Two targets
 * are computed from the order rather than fixed:
 *
 *   BY_CUM    from the filled quantity: filled when cum == qty, else
 *             partially_filled when cum > 0, else new.  A fill or bust while
 *             a cancel or replace is pending keeps that pending status
 *             (unless the order is now complete), so the venue's answer to
 *             the request still finds the order waiting for it.
 *   PREVIOUS  the status saved when the cancel or replace was requested,
 *             brought up to date with fills that came in meanwhile.
 *
 * A (status, event) pair without a row is refused with a sentence a trader
 * can read and the order is left as it was.  order_fill(), order_bust() and
 * order_change_apply() work on a copy and commit only when everything,
 * the status change included, succeeded. */
#include "config.h"
#include "order.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "err.h"
#include "fixed.h"
#include "names.h"

/* Computed targets, beyond the real statuses. */
enum {
	TO_BY_CUM = ORDER_STATUS_COUNT,
	TO_PREVIOUS
};

struct trans {
	unsigned char from;	/* enum order_status */
	unsigned char ev;	/* enum order_event */
	unsigned char to;	/* a status, TO_BY_CUM or TO_PREVIOUS */
};

#define T(f, e, t)	{ ORDER_##f, OEV_##e, t }
#define S(x)		ORDER_##x

/* THE transition table. */
static const struct trans trans[] = {
	T(STAGED, RELEASE, S(PENDING_NEW)),
	T(STAGED, FLAG, S(FLAGGED)),
	T(FLAGGED, APPROVE, S(PENDING_NEW)),
	T(STAGED, REJECT, S(REJECTED)),
	T(FLAGGED, REJECT, S(REJECTED)),
	T(PENDING_NEW, REJECT, S(REJECTED)),

	/* A fill may have come before the ack. */
	T(PENDING_NEW, ACK, TO_BY_CUM),

	T(PENDING_NEW, FILL, TO_BY_CUM),
	T(NEW, FILL, TO_BY_CUM),
	T(PARTIALLY_FILLED, FILL, TO_BY_CUM),
	T(PENDING_CANCEL, FILL, TO_BY_CUM),
	T(PENDING_REPLACE, FILL, TO_BY_CUM),
	/* A late fill on an order already ended: kept, status unchanged. */
	T(CANCELED, FILL, S(CANCELED)),
	T(EXPIRED, FILL, S(EXPIRED)),
	T(DONE_FOR_DAY, FILL, S(DONE_FOR_DAY)),

	T(PENDING_NEW, CANCEL_REQ, S(PENDING_CANCEL)),
	T(NEW, CANCEL_REQ, S(PENDING_CANCEL)),
	T(PARTIALLY_FILLED, CANCEL_REQ, S(PENDING_CANCEL)),
	T(STAGED, CANCELED, S(CANCELED)),
	T(FLAGGED, CANCELED, S(CANCELED)),
	T(PENDING_NEW, CANCELED, S(CANCELED)),
	T(NEW, CANCELED, S(CANCELED)),
	T(PARTIALLY_FILLED, CANCELED, S(CANCELED)),
	T(PENDING_CANCEL, CANCELED, S(CANCELED)),
	T(PENDING_REPLACE, CANCELED, S(CANCELED)),
	T(PENDING_CANCEL, CANCEL_REJECT, TO_PREVIOUS),

	T(NEW, REPLACE_REQ, S(PENDING_REPLACE)),
	T(PARTIALLY_FILLED, REPLACE_REQ, S(PENDING_REPLACE)),
	T(PENDING_REPLACE, REPLACED, TO_BY_CUM),
	T(PENDING_REPLACE, REPLACE_REJECT, TO_PREVIOUS),

	T(PENDING_NEW, EXPIRE, S(EXPIRED)),
	T(NEW, EXPIRE, S(EXPIRED)),
	T(PARTIALLY_FILLED, EXPIRE, S(EXPIRED)),
	T(PENDING_CANCEL, EXPIRE, S(EXPIRED)),
	T(PENDING_REPLACE, EXPIRE, S(EXPIRED)),

	T(NEW, DONE_FOR_DAY, S(DONE_FOR_DAY)),
	T(PARTIALLY_FILLED, DONE_FOR_DAY, S(DONE_FOR_DAY)),
	T(PENDING_CANCEL, DONE_FOR_DAY, S(DONE_FOR_DAY)),
	T(PENDING_REPLACE, DONE_FOR_DAY, S(DONE_FOR_DAY)),

	T(NEW, BUST, TO_BY_CUM),
	T(PARTIALLY_FILLED, BUST, TO_BY_CUM),
	T(FILLED, BUST, TO_BY_CUM),
	T(PENDING_CANCEL, BUST, TO_BY_CUM),
	T(PENDING_REPLACE, BUST, TO_BY_CUM),
	T(CANCELED, BUST, S(CANCELED)),
	T(EXPIRED, BUST, S(EXPIRED)),
	T(DONE_FOR_DAY, BUST, S(DONE_FOR_DAY)),
};

#undef T
#undef S

static const char *const side_names[SIDE_COUNT] = {
	"buy", "sell", "short", "cover"
};

static const char *const type_names[OTYPE_COUNT] = {
	"market", "limit", "stop", "stop_limit", "trailing_stop"
};

static const char *const tif_names[TIF_COUNT] = {
	"day", "gtc", "ioc", "fok", "gtd", "opg", "atc"
};

static const char *const status_names[ORDER_STATUS_COUNT] = {
	[ORDER_STAGED] = "staged",
	[ORDER_FLAGGED] = "flagged",
	[ORDER_PENDING_NEW] = "pending_new",
	[ORDER_NEW] = "new",
	[ORDER_PARTIALLY_FILLED] = "partially_filled",
	[ORDER_FILLED] = "filled",
	[ORDER_PENDING_CANCEL] = "pending_cancel",
	[ORDER_CANCELED] = "canceled",
	[ORDER_PENDING_REPLACE] = "pending_replace",
	[ORDER_REJECTED] = "rejected",
	[ORDER_EXPIRED] = "expired",
	[ORDER_DONE_FOR_DAY] = "done_for_day",
};

static const char *const event_names[OEV_EVENT_COUNT] = {
	[OEV_RELEASE] = "release",
	[OEV_FLAG] = "flag",
	[OEV_APPROVE] = "approve",
	[OEV_REJECT] = "reject",
	[OEV_ACK] = "ack",
	[OEV_FILL] = "fill",
	[OEV_CANCEL_REQ] = "cancel_req",
	[OEV_CANCELED] = "canceled",
	[OEV_CANCEL_REJECT] = "cancel_reject",
	[OEV_REPLACE_REQ] = "replace_req",
	[OEV_REPLACED] = "replaced",
	[OEV_REPLACE_REJECT] = "replace_reject",
	[OEV_EXPIRE] = "expire",
	[OEV_DONE_FOR_DAY] = "done_for_day",
	[OEV_BUST] = "bust",
};

/* What a refused event would have done, after "order O7 is filled: ". */
static const char *const event_refusals[OEV_EVENT_COUNT] = {
	[OEV_RELEASE] = "cannot release it",
	[OEV_FLAG] = "cannot flag it for review",
	[OEV_APPROVE] = "cannot approve it",
	[OEV_REJECT] = "cannot reject it",
	[OEV_ACK] = "cannot acknowledge it",
	[OEV_FILL] = "cannot fill it",
	[OEV_CANCEL_REQ] = "cannot cancel it",
	[OEV_CANCELED] = "cannot cancel it",
	[OEV_CANCEL_REJECT] = "it has no cancel pending",
	[OEV_REPLACE_REQ] = "cannot replace it",
	[OEV_REPLACED] = "it has no replace pending",
	[OEV_REPLACE_REJECT] = "it has no replace pending",
	[OEV_EXPIRE] = "cannot expire it",
	[OEV_DONE_FOR_DAY] = "cannot end it for the day",
	[OEV_BUST] = "cannot bust a fill of it",
};

/* The row for EV in status S, or NULL. */
static const struct trans *
trans_find(enum order_status s, enum order_event ev)
{
	size_t	i;

	for (i = 0; i < sizeof trans / sizeof trans[0]; i++)
		if (trans[i].from == s && trans[i].ev == ev)
			return &trans[i];
	return NULL;
}

/* The status cum_qty gives an order that was working. */
static enum order_status
status_by_cum(const struct order *o)
{
	if (o->qty > 0 && o->cum_qty >= o->qty)
		return ORDER_FILLED;
	return o->cum_qty > 0 ? ORDER_PARTIALLY_FILLED : ORDER_NEW;
}

/* Resolve a row's target for O (still in its old status). */
static enum order_status
trans_target(const struct trans *t, const struct order *o)
{
	enum order_status by_cum;

	switch (t->to) {
	case TO_BY_CUM:
		by_cum = status_by_cum(o);
		if (by_cum != ORDER_FILLED &&
		    (t->ev == OEV_FILL || t->ev == OEV_BUST) &&
		    (o->status == ORDER_PENDING_CANCEL ||
		    o->status == ORDER_PENDING_REPLACE))
			return o->status;
		return by_cum;
	case TO_PREVIOUS:
		by_cum = status_by_cum(o);
		if (by_cum == ORDER_FILLED)
			return ORDER_FILLED;
		/* Fills or busts while pending move new/partially_filled. */
		if (o->prev_status == ORDER_NEW ||
		    o->prev_status == ORDER_PARTIALLY_FILLED)
			return by_cum;
		return o->prev_status;
	default:
		return (enum order_status)t->to;
	}
}

/* Explain why EV cannot happen to O in its status. */
static int
refuse(const struct order *o, enum order_event ev, struct err *err)
{
	return err_set(err, "order %s is %s: %s", o->id,
	    order_status_name(o->status), event_refusals[ev]);
}

/* Move O through EV per the table; refused events leave O unchanged. */
int
order_apply(struct order *o, enum order_event ev, struct err *err)
{
	const struct trans *t;
	enum order_status to;

	if ((unsigned)ev >= OEV_EVENT_COUNT)
		return err_set(err, "order %s: unknown event %d", o->id,
		    (int)ev);
	if ((unsigned)o->status >= ORDER_STATUS_COUNT)
		return err_set(err, "order %s has an unknown status %d", o->id,
		    (int)o->status);
	t = trans_find(o->status, ev);
	if (t == NULL)
		return refuse(o, ev, err);
	to = trans_target(t, o);
	if (ev == OEV_CANCEL_REQ || ev == OEV_REPLACE_REQ)
		o->prev_status = o->status;
	o->status = to;
	return 0;
}

/* Whether the table has a row for EV in status S. */
bool
order_can(enum order_status s, enum order_event ev)
{
	if ((unsigned)s >= ORDER_STATUS_COUNT ||
	    (unsigned)ev >= OEV_EVENT_COUNT)
		return false;
	return trans_find(s, ev) != NULL;
}

/* O's notional with a fill of QTY at PX added (QTY < 0: taken back)
 * into *OUT, or -1. */
int
order_notional_after(const struct order *o, int64_t qty, int64_t px,
    int64_t *out)
{
	int64_t	amount, sum;

	if (money_mul(qty, px, PX_SCALE, &amount) == -1 ||
	    __builtin_add_overflow(o->notional, amount, &sum))
		return -1;
	*out = sum;
	return 0;
}

/* Record a fill of QTY at PX: all of cum, notional and status, or none. */
int
order_fill(struct order *o, int64_t qty, int64_t px, struct err *err)
{
	struct order tmp;
	char	buf[48];

	if (qty <= 0)
		return err_set(err, "fill of %lld on order %s: the quantity "
		    "must be positive", (long long)qty, o->id);
	if (px <= 0)
		return err_set(err, "fill on order %s at %s: the price must "
		    "be positive", o->id, fixed_fmt(px, PX_DECIMALS, 2, buf,
		    sizeof buf));
	if (!order_can(o->status, OEV_FILL))
		return refuse(o, OEV_FILL, err);
	if (o->cum_qty < 0 || o->cum_qty > o->qty ||
	    qty > o->qty - o->cum_qty)
		return err_set(err, "fill of %lld would take order %s past its "
		    "quantity %lld (%lld filled)", (long long)qty, o->id,
		    (long long)o->qty, (long long)o->cum_qty);
	tmp = *o;
	tmp.cum_qty += qty;
	if (order_notional_after(o, qty, px, &tmp.notional) == -1)
		return err_set(err, "fill of %lld at %s on order %s: the "
		    "order's notional would overflow", (long long)qty,
		    fixed_fmt(px, PX_DECIMALS, 2, buf, sizeof buf), o->id);
	if (order_apply(&tmp, OEV_FILL, err) == -1)
		return -1;
	*o = tmp;
	return 0;
}

/* Take back a fill of QTY at PX: cum, notional and status, or none. */
int
order_bust(struct order *o, int64_t qty, int64_t px, struct err *err)
{
	struct order tmp;
	char	buf[48];

	if (qty <= 0)
		return err_set(err, "bust of %lld on order %s: the quantity "
		    "must be positive", (long long)qty, o->id);
	if (px <= 0)
		return err_set(err, "bust on order %s at %s: the price must "
		    "be positive", o->id, fixed_fmt(px, PX_DECIMALS, 2, buf,
		    sizeof buf));
	if (!order_can(o->status, OEV_BUST))
		return refuse(o, OEV_BUST, err);
	if (qty > o->cum_qty)
		return err_set(err, "bust of %lld is more than the %lld filled "
		    "on order %s", (long long)qty, (long long)o->cum_qty,
		    o->id);
	tmp = *o;
	tmp.cum_qty -= qty;
	if (order_notional_after(o, -qty, px, &tmp.notional) == -1)
		return err_set(err, "bust of %lld at %s on order %s: the "
		    "order's notional would overflow", (long long)qty,
		    fixed_fmt(px, PX_DECIMALS, 2, buf, sizeof buf), o->id);
	/* A bust at another price than its fill must not leave residue. */
	if (tmp.cum_qty == 0)
		tmp.notional = 0;
	if (order_apply(&tmp, OEV_BUST, err) == -1)
		return -1;
	*o = tmp;
	return 0;
}

/* True when YMD (YYYYMMDD) is a real calendar date a ticket may name. */
static bool
date_valid(int32_t ymd)
{
	return ymd / 10000 >= 1900 && calendar_date_valid(ymd);
}

/* Refuse a replace price WHAT that is not positive or too large. */
static int
check_px(const char *what, int64_t px, struct err *err)
{
	char	buf[48];

	fixed_fmt(px, PX_DECIMALS, 2, buf, sizeof buf);
	if (px <= 0)
		return err_set(err, "replace %s %s must be positive", what,
		    buf);
	if (px > PX_MAX)
		return err_set(err, "replace %s %s is too large", what, buf);
	return 0;
}

/* Validate C against O and apply it to a copy, then to O. */
int
order_change_apply(struct order *o, const struct order_change *c,
    struct err *err)
{
	struct order tmp;

	if (order_status_done(o->status))
		return err_set(err, "order %s is %s: cannot replace it", o->id,
		    order_status_name(o->status));
	tmp = *o;
	if (c->have_qty) {
		if (c->qty <= 0)
			return err_set(err, "replace quantity %lld must be "
			    "positive", (long long)c->qty);
		if (c->qty > QTY_MAX)
			return err_set(err, "replace quantity %lld is too "
			    "large (at most %lld)", (long long)c->qty,
			    (long long)QTY_MAX);
		if (c->qty < o->cum_qty)
			return err_set(err, "replace would bring order %s to "
			    "%lld, below the %lld already filled", o->id,
			    (long long)c->qty, (long long)o->cum_qty);
		tmp.qty = c->qty;
	}
	if (c->have_limit) {
		bool has_limit = o->type == OTYPE_LIMIT ||
		    o->type == OTYPE_STOP_LIMIT ||
		    (o->type == OTYPE_TRAILING_STOP && o->limit_px > 0);

		if (!has_limit)
			return err_set(err, "order %s is a %s order: it has no "
			    "limit price to change", o->id,
			    order_type_name(o->type));
		if (check_px("limit", c->limit_px, err) == -1)
			return -1;
		tmp.limit_px = c->limit_px;
	}
	if (c->have_stop) {
		if (o->type != OTYPE_STOP && o->type != OTYPE_STOP_LIMIT &&
		    o->type != OTYPE_TRAILING_STOP)
			return err_set(err, "order %s is a %s order: it has no "
			    "stop price to change", o->id,
			    order_type_name(o->type));
		if (check_px("stop", c->stop_px, err) == -1)
			return -1;
		tmp.stop_px = c->stop_px;
	}
	if (c->have_tif) {
		if ((unsigned)c->tif >= TIF_COUNT)
			return err_set(err, "replace of order %s: unknown time "
			    "in force %d", o->id, (int)c->tif);
		if (c->tif == TIF_GTD && !date_valid(c->gtd_date))
			return err_set(err, "tif gtd needs a date: "
			    "gtd:YYYY-MM-DD");
		tmp.tif = c->tif;
		tmp.gtd_date = c->tif == TIF_GTD ? c->gtd_date : 0;
	}
	*o = tmp;
	return 0;
}

/* Open quantity: qty - cum while the order is not done, else 0. */
bool
order_is_block(const struct order *o)
{
	return o->block[0] != '\0' && strcmp(o->block, o->id) == 0;
}

bool
order_in_block(const struct order *o)
{
	return o->block[0] != '\0' && strcmp(o->block, o->id) != 0;
}

int64_t
order_leaves(const struct order *o)
{
	if (order_status_done(o->status) || o->cum_qty >= o->qty)
		return 0;
	return o->qty - o->cum_qty;
}

/* Average fill price in PX_SCALE, rounded half away from zero; 0 unfilled. */
int64_t
order_avg_px(const struct order *o)
{
	if (o->cum_qty <= 0)
		return 0;
	return fixed_muldiv(o->notional, PX_SCALE / MONEY_SCALE, o->cum_qty);
}

/* +1 for buy and cover, -1 for sell and short. */
int
order_side_sign(enum order_side side)
{
	return side == SIDE_BUY || side == SIDE_COVER ? 1 : -1;
}

/* True for the statuses nothing more happens in (bar late fills). */
bool
order_status_done(enum order_status s)
{
	return s == ORDER_FILLED || s == ORDER_CANCELED ||
	    s == ORDER_REJECTED || s == ORDER_EXPIRED ||
	    s == ORDER_DONE_FOR_DAY;
}

/* True while the order is at a venue and able to fill. */
bool
order_status_working(enum order_status s)
{
	return s == ORDER_NEW || s == ORDER_PARTIALLY_FILLED ||
	    s == ORDER_PENDING_CANCEL || s == ORDER_PENDING_REPLACE;
}

/* The name of a side ("?" when out of range). */
const char *
order_side_name(enum order_side v)
{
	return names_get(side_names, SIDE_COUNT, (int)v);
}

/* The name of an order type ("?" when out of range). */
const char *
order_type_name(enum order_type v)
{
	return names_get(type_names, OTYPE_COUNT, (int)v);
}

/* The name of a time in force ("?" when out of range). */
const char *
order_tif_name(enum order_tif v)
{
	return names_get(tif_names, TIF_COUNT, (int)v);
}

/* The name of a status ("?" when out of range). */
const char *
order_status_name(enum order_status v)
{
	return names_get(status_names, ORDER_STATUS_COUNT, (int)v);
}

/* The name of an event ("?" when out of range). */
const char *
order_event_name(enum order_event v)
{
	return names_get(event_names, OEV_EVENT_COUNT, (int)v);
}

/* Parse a side name, ignoring case; 0 or -1. */
int
order_side_parse(const char *s, enum order_side *out)
{
	int	i = names_find(side_names, 0, SIDE_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum order_side)i;
	return 0;
}

/* Parse an order type name, ignoring case; 0 or -1. */
int
order_type_parse(const char *s, enum order_type *out)
{
	int	i = names_find(type_names, 0, OTYPE_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum order_type)i;
	return 0;
}

/* Parse a status name, ignoring case; 0 or -1. */
int
order_status_parse(const char *s, enum order_status *out)
{
	int	i = names_find(status_names, 0, ORDER_STATUS_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum order_status)i;
	return 0;
}

/* Parse a tif name, or "gtd:YYYY-MM-DD" with the date into *GTD. */
int
order_tif_parse(const char *s, enum order_tif *tif, int32_t *gtd,
    struct err *err)
{
	int	i;

	if (s == NULL)
		return err_set(err, "a time in force is missing");
	if (strncasecmp(s, "gtd:", 4) == 0) {
		const char *p = s + 4, *end;
		int32_t	date;

		if (!(end = calendar_date_scan(p, &date)) || *end)
			return err_set(err, "'%s': a gtd date is written "
			    "gtd:YYYY-MM-DD", s);
		if (!date_valid(date))
			return err_set(err, "'%s': %s is not a date", s, p);
		*tif = TIF_GTD;
		if (gtd != NULL)
			*gtd = date;
		return 0;
	}
	i = names_find(tif_names, 0, TIF_COUNT, s);
	if (i == TIF_GTD)
		return err_set(err, "tif gtd needs a date: gtd:YYYY-MM-DD");
	if (i < 0)
		return err_set(err, "'%s' is not a time in force (day, gtc, "
		    "ioc, fok, gtd:YYYY-MM-DD, opg or atc)", s);
	*tif = (enum order_tif)i;
	if (gtd != NULL)
		*gtd = 0;
	return 0;
}

/* Write TIF ("gtd:2026-01-09" for gtd with a date) into BUF; returns BUF. */
char *
order_tif_fmt(enum order_tif tif, int32_t gtd, char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return buf;
	if (tif == TIF_GTD && gtd > 0) {
		char date[16];
		snprintf(buf, len, "gtd:%s", calendar_date_fmt(gtd, date,
		    sizeof date));
	} else {
		str_copy(buf, len, order_tif_name(tif));
	}
	return buf;
}
