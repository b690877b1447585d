/* src/core/position.c: a position by average cost, and its P&L.
 *
 * A position keeps its open quantity and the signed money paid for it
 * (cost; negative for a short).  Adding moves the average cost; reducing
 * takes out the reduced share of cost, so the average of what is left is
 * unchanged, and realizes the difference with the fill's proceeds; crossing
 * zero closes the old side and opens the new one at the fill price.  All in
 * MONEY_SCALE integers: a closed position has exactly zero cost, whatever
 * the rounding on the way. */
#include "config.h"
#include "position.h"

#include <stdbool.h>
#include <string.h>

#include "fixed.h"

/* "ACCT\037SYM" into KEY; see position.h. */
char *
position_map_key(char *key, const char *acct, const char *sym)
{
	size_t	an = strnlen(acct, ACCOUNT_MAX - 1);
	size_t	sn = strnlen(sym, SYMBOL_MAX - 1);

	memcpy(key, acct, an);
	key[an] = '\037';
	memcpy(key + an + 1, sym, sn);
	key[an + 1 + sn] = '\0';
	return key;
}

static bool
within(__int128 v, int64_t limit)
{
	return v <= limit && v >= -(__int128)limit;
}

static int64_t
clamp64(__int128 v)
{
	if (v > INT64_MAX)
		return INT64_MAX;
	if (v < -INT64_MAX)
		return -INT64_MAX;
	return (int64_t)v;
}

/* Apply a fill of SIGNED_QTY at PX in 128 bits; see position.h. */
int
position_try_fill(struct position *p, int64_t signed_qty, int64_t px,
    int64_t mult, int64_t limit, int64_t *realized_out)
{
	__int128 qty = p->qty, cost = p->cost, realized = 0, amount;
	__int128 open, close, close_signed, removed, proceeds, rest;

	if (realized_out)
		*realized_out = 0;
	if (signed_qty == 0)
		return 0;
	if (money_wide((__int128)signed_qty * px, mult, &amount) == -1 ||
	    !within(amount, limit))
		return -1;
	if (qty == 0 || (qty > 0) == (signed_qty > 0)) {
		qty += signed_qty;
		cost += amount;
	} else {
		open = qty < 0 ? -qty : qty;
		close = signed_qty < 0 ? -(__int128)signed_qty : signed_qty;
		if (close > open)
			close = open;
		close_signed = signed_qty < 0 ? -close : close;
		/* The closed share of cost, so the rest keeps its average.
		 * When the whole position closes this is exactly the cost. */
		removed = fixed_muldiv128(cost, close, open);
		/* Parts of the fill's amount, which fit: they fit too. */
		(void)money_wide(close_signed * px, mult, &proceeds);
		realized = -proceeds - removed;
		qty += close_signed;
		cost -= removed;
		rest = signed_qty - close_signed;
		if (rest != 0) {
			qty = rest;
			(void)money_wide(rest * px, mult, &cost);
		}
	}
	if (qty > INT64_MAX || qty < -INT64_MAX || !within(cost, limit) ||
	    !within(realized, limit) || !within(p->realized + realized, limit))
		return -1;
	p->qty = (int64_t)qty;
	p->cost = (int64_t)cost;
	p->realized += (int64_t)realized;
	if (realized_out)
		*realized_out = (int64_t)realized;
	return 0;
}

/* Apply a fill of SIGNED_QTY at PX; returns the P&L it realized. */
int64_t
position_apply_fill(struct position *p, int64_t signed_qty, int64_t px,
    int64_t mult)
{
	int64_t	realized;

	if (position_try_fill(p, signed_qty, px, mult, INT64_MAX,
	    &realized) == -1)
		return 0;
	return realized;
}

/* Unrealized P&L at MARK: market value minus cost. */
int64_t
position_unrealized(const struct position *p, int64_t mark, int64_t mult)
{
	__int128 mv;

	if (money_wide((__int128)p->qty * mark, mult, &mv) == -1)
		return p->qty < 0 ? -INT64_MAX : INT64_MAX;
	return clamp64(mv - p->cost);
}

/* Signed market value of the open quantity at MARK. */
int64_t
position_market_value(const struct position *p, int64_t mark, int64_t mult)
{
	__int128 mv;

	if (money_wide((__int128)p->qty * mark, mult, &mv) == -1)
		return p->qty < 0 ? -INT64_MAX : INT64_MAX;
	return clamp64(mv);
}

/* Average cost per unit in price terms, unrounded; 0 when flat. */
double
position_avg_cost(const struct position *p, int64_t mult)
{
	if (p->qty == 0 || mult == 0)
		return 0.0;
	return (double)p->cost / (double)MONEY_SCALE /
	    ((double)p->qty * (double)mult / (double)PX_SCALE);
}
