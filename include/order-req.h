/* include/order-req.h: the rules of entering an order: a request (what a
 * command or the screen's ticket gives) checked against its instrument,
 * turned into an order, and the pre-trade check's worst action turned
 * into what happens to the order.  One set of rules for every way in. */
#ifndef BLOTTER_ORDER_REQ_H
#define BLOTTER_ORDER_REQ_H
#include <stdbool.h>
#include <stdint.h>
#include "account.h"
#include "instrument.h"
#include "order.h"

struct err;

/* A new order as asked for, before it has an id, a user or a time. */
struct order_req {
	char	account[ACCOUNT_MAX];
	char	symbol[SYMBOL_MAX];
	enum order_side side;
	enum order_type type;
	enum order_tif tif;
	int32_t	gtd_date;		/* YYYYMMDD for tif=gtd, else 0 */
	int64_t	qty;			/* units */
	int64_t	limit_px;		/* PX_SCALE; 0: none */
	int64_t	stop_px;		/* PX_SCALE; 0: none */
	int64_t	trail;			/* PX_SCALE amount, or percent */
	bool	trail_pct;
	bool	stage;			/* kept until released */
	char	venue[VENUE_NAME_MAX];
	char	note[NOTE_MAX];
};

/* Check REQ against IN, its instrument, on day TODAY (YYYYMMDD): a known
 * side, type and time in force; a quantity positive, within QTY_MAX and a
 * multiple of the lot; the prices its type needs, positive and on the
 * tick, and no others; a trailing stop's trail positive and, in percent,
 * under 100; a GTD date not past.  Returns 0, or -1 with the first rule
 * REQ breaks in ERR, in words a trader can act on. */
int	order_req_check(const struct order_req *, const struct instrument *,
	    int32_t today, struct err *);
/* Check a replace CHG of an order in IN on day TODAY: the quantity and
 * prices it names as order_req_check() does, a GTD date not past. */
int	order_req_check_change(const struct order_change *,
	    const struct instrument *, int32_t today, struct err *);
/* Fill O with the order REQ asks for: staged or pending new; the id,
 * users and times are left to the caller (O is cleared first). */
void	order_req_build(const struct order_req *, struct order *);

/* What the pre-trade check's worst action means for an order. */
enum order_verdict {
	ORDER_VERDICT_GO,		/* it goes on */
	ORDER_VERDICT_WARN,		/* it goes on, with a warning */
	ORDER_VERDICT_REVIEW,		/* it waits, flagged, for review */
	ORDER_VERDICT_REFUSE		/* it is rejected (a replace: refused) */
};
/* The verdict on WORST (enum rule_action) for a new order, or for a
 * REPLACE (a working order cannot wait at its venue for a review: a
 * replace that needs one is refused). */
enum order_verdict order_verdict_of(int worst, bool replace);
/* Mark new order O as VERDICT says, with WHY as its reason: rejected or
 * flagged; O is unchanged when it goes on. */
void	order_verdict_mark(struct order *, enum order_verdict,
	    const char *why);

#endif
