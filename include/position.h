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

/* Room for a position key: account, separator, symbol and NUL. */
#define POSITION_KEY_MAX	(ACCOUNT_MAX + SYMBOL_MAX + 1)

/* Write the key a position is filed under in maps, "ACCT\037SYM" (the
 * unit separator cannot occur in an id), into KEY of POSITION_KEY_MAX
 * bytes, each part cut to its field.  Returns KEY. */
char	*position_map_key(char *key, const char *acct, const char *sym);
/* Apply a fill of SIGNED_QTY (negative sells) at PX with multiplier MULT:
 * add, reduce (realizing P&L at the kept average cost) or flip through
 * zero, in 128 bits.  Returns 0, or -1 with the position unchanged when
 * its cost, its realized P&L or the fill's own amount would be past LIMIT
 * in magnitude (MONEY_SCALE: MONEY_MAX for what an order may bring,
 * INT64_MAX for what can be kept at all).  REALIZED, when not NULL, gets
 * the P&L this fill realized. */
int	position_try_fill(struct position *, int64_t signed_qty, int64_t px,
	    int64_t mult, int64_t limit, int64_t *realized);
/* position_try_fill() with the 64-bit limit, for fills known to fit;
 * returns the P&L this fill realized (MONEY_SCALE), 0 when it did not
 * fit and the position was left as it was. */
int64_t	position_apply_fill(struct position *, int64_t signed_qty, int64_t px,
	    int64_t mult);
/* Unrealized P&L at MARK (PX_SCALE): money of qty at mark minus cost,
 * formed in 128 bits and held to +-INT64_MAX. */
int64_t	position_unrealized(const struct position *, int64_t mark,
	    int64_t mult);
/* Market value at MARK (MONEY_SCALE, signed), held to +-INT64_MAX. */
int64_t	position_market_value(const struct position *, int64_t mark,
	    int64_t mult);
/* Average cost per unit in price terms, unrounded; 0 when flat. */
double	position_avg_cost(const struct position *, int64_t mult);

#endif
