/* include/position.h: a position by average cost, and its P&L.
 *
 * cost is the signed money paid for the open quantity (negative for a
 * short), so the average cost is cost / (qty x mult) and is never rounded
 * beyond MONEY_SCALE; realized P&L accumulates in MONEY_SCALE. */
#ifndef BLOTTER_POSITION_H
#define BLOTTER_POSITION_H
#include <stdint.h>
#include "account.h"
#include "instrument.h"

struct position {
	char	account[ACCOUNT_MAX];
	char	symbol[SYMBOL_MAX];
	int64_t	qty;		/* units, negative when short */
	int64_t	cost;		/* MONEY_SCALE, instrument currency, signed */
	int64_t	realized;	/* MONEY_SCALE, instrument currency */
};

/* Apply a fill of SIGNED_QTY (negative sells) at PX with multiplier MULT:
 * add, reduce (realizing P&L at the kept average cost) or flip through
 * zero.  Returns the P&L this fill realized (MONEY_SCALE). */
int64_t	position_apply_fill(struct position *, int64_t signed_qty, int64_t px,
	    int64_t mult);
/* Unrealized P&L at MARK (PX_SCALE): money of qty at mark minus cost. */
int64_t	position_unrealized(const struct position *, int64_t mark,
	    int64_t mult);
/* Market value at MARK (MONEY_SCALE, signed). */
int64_t	position_market_value(const struct position *, int64_t mark,
	    int64_t mult);
/* Average cost per unit in price terms, unrounded; 0 when flat. */
double	position_avg_cost(const struct position *, int64_t mult);

#endif
