/* include/order.h: an order, its status machine and its fills.
 *
 * Every status change goes through order_apply(), which consults the one
 * transition table in order.c; a change the table does not allow is refused
 * with a message and the order is left as it was. */
#ifndef BLOTTER_ORDER_H
#define BLOTTER_ORDER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "account.h"
#include "instrument.h"

struct err;

#define ORDER_ID_MAX	32
#define VENUE_NAME_MAX	16
#define VENUE_SESSION_NAME_MAX	48	/* a venue's FIX session: "DESK:CLIENT" */
#define NOTE_MAX	128
#define EXEC_ID_MAX	64
#define USER_MAX	32	/* a login */

enum order_side { SIDE_BUY, SIDE_SELL, SIDE_SHORT, SIDE_COVER, SIDE_COUNT };

enum order_type {
	OTYPE_MARKET,
	OTYPE_LIMIT,
	OTYPE_STOP,
	OTYPE_STOP_LIMIT,
	OTYPE_TRAILING_STOP,
	OTYPE_COUNT
};

enum order_tif {
	TIF_DAY, TIF_GTC, TIF_IOC, TIF_FOK, TIF_GTD, TIF_OPG, TIF_ATC,
	TIF_COUNT
};

enum order_status {
	ORDER_STAGED,
	ORDER_FLAGGED,
	ORDER_PENDING_NEW,
	ORDER_NEW,
	ORDER_PARTIALLY_FILLED,
	ORDER_FILLED,
	ORDER_PENDING_CANCEL,
	ORDER_CANCELED,
	ORDER_PENDING_REPLACE,
	ORDER_REJECTED,
	ORDER_EXPIRED,
	ORDER_DONE_FOR_DAY,
	ORDER_STATUS_COUNT
};

/* What happens to an order; the table maps (status, event) to a status. */
enum order_event {
	OEV_RELEASE,		/* staged -> pending_new */
	OEV_FLAG,		/* staged -> flagged (compliance review) */
	OEV_APPROVE,		/* flagged -> pending_new */
	OEV_REJECT,		/* refused before or at the venue -> rejected */
	OEV_ACK,		/* venue accepted -> new */
	OEV_FILL,		/* a fill: partially_filled or filled */
	OEV_CANCEL_REQ,		/* -> pending_cancel */
	OEV_CANCELED,		/* -> canceled */
	OEV_CANCEL_REJECT,	/* pending_cancel -> status before */
	OEV_REPLACE_REQ,	/* -> pending_replace */
	OEV_REPLACED,		/* pending_replace -> new/partially_filled */
	OEV_REPLACE_REJECT,	/* pending_replace -> status before */
	OEV_EXPIRE,		/* -> expired */
	OEV_DONE_FOR_DAY,	/* -> done_for_day */
	OEV_BUST,		/* a fill taken back: status from cum */
	OEV_EVENT_COUNT
};

struct order {
	char	id[ORDER_ID_MAX];
	char	account[ACCOUNT_MAX];
	char	symbol[SYMBOL_MAX];
	enum order_side side;
	enum order_type type;
	enum order_tif tif;
	enum order_status status;
	enum order_status prev_status;	/* before a pending cancel/replace */
	int64_t	qty;			/* units */
	int64_t	cum_qty;		/* units filled */
	int64_t	notional;		/* MONEY_SCALE: sum of fill qty x px */
	int64_t	limit_px;		/* PX_SCALE; 0: none */
	int64_t	stop_px;		/* PX_SCALE; 0: none (trailing: current) */
	int64_t	trail;			/* PX_SCALE amount, or percent if
					   trail_pct */
	bool	trail_pct;
	bool	triggered;		/* a stop that has triggered */
	int32_t	gtd_date;		/* YYYYMMDD for tif=gtd, else 0 */
	char	venue[VENUE_NAME_MAX];
	char	note[NOTE_MAX];
	char	reason[NOTE_MAX];	/* why rejected / canceled / flagged */
	char	user[USER_MAX];		/* who entered it */
	char	login[USER_MAX];	/* the login running blotter then
					   ("" before schema 5) */
	char	block[ORDER_ID_MAX];	/* a member: its block's id; a block:
					   its own id; else "" */
	int64_t	created;		/* seconds since the epoch (venue time) */
	int64_t	updated;
};

/* The fields a replace may change; a field is changed when its have_ bit
 * is set. */
struct order_change {
	bool	have_qty, have_limit, have_stop, have_tif;
	int64_t	qty, limit_px, stop_px;
	enum order_tif tif;
	int32_t	gtd_date;
};

/* Apply EV to O through the transition table.  Refused transitions leave O
 * unchanged and explain why in ERR. */
int	order_apply(struct order *, enum order_event, struct err *);
/* Whether the table allows EV in status S (no side effects). */
bool	order_can(enum order_status, enum order_event);
/* Record a fill of QTY at PX: cum, notional, status.  Refuses a fill larger
 * than the open quantity or in a status that takes no fills. */
int	order_fill(struct order *, int64_t qty, int64_t px, struct err *);
/* O's notional with a fill of QTY at PX added (QTY < 0: taken back, a
 * bust) into *OUT: 0, or -1 (OUT unchanged) when past 64 bits. */
int	order_notional_after(const struct order *, int64_t qty, int64_t px,
	    int64_t *out);
/* Take back a fill of QTY at PX (a venue's bust). */
int	order_bust(struct order *, int64_t qty, int64_t px, struct err *);
/* Validate and apply C to a copy, then to O (replace accepted). */
int	order_change_apply(struct order *, const struct order_change *,
	    struct err *);
/* A block order (the one that goes to the venue for its members). */
bool	order_is_block(const struct order *);
/* A member of a block: it trades only through the block. */
bool	order_in_block(const struct order *);
/* Open quantity: qty - cum while the order works, 0 once it is done. */
int64_t	order_leaves(const struct order *);
/* Average fill price (PX_SCALE), 0 without fills. */
int64_t	order_avg_px(const struct order *);
/* +1 for buy/cover, -1 for sell/short. */
int	order_side_sign(enum order_side);
/* Terminal statuses: filled, canceled, rejected, expired, done_for_day. */
bool	order_status_done(enum order_status);
/* At a venue and able to fill: new, partially_filled, pending_*. */
bool	order_status_working(enum order_status);

const char *order_side_name(enum order_side);
const char *order_type_name(enum order_type);
const char *order_tif_name(enum order_tif);
const char *order_status_name(enum order_status);
const char *order_event_name(enum order_event);
int	order_side_parse(const char *, enum order_side *);
int	order_type_parse(const char *, enum order_type *);
int	order_status_parse(const char *, enum order_status *);
/* Parse "day", "gtc", ... or "gtd:YYYY-MM-DD" (date into *GTD). */
int	order_tif_parse(const char *, enum order_tif *, int32_t *gtd,
	    struct err *);
/* Format a tif ("gtd:2026-01-09" for gtd) into BUF. */
char	*order_tif_fmt(enum order_tif, int32_t gtd, char *buf, size_t len);

#endif
