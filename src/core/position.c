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

#include "fixed.h"

/* Apply a fill of SIGNED_QTY at PX; returns the P&L it realized. */
int64_t
position_apply_fill(struct position *p, int64_t signed_qty, int64_t px,
    int64_t mult)
{
	int64_t	open, close, close_signed, removed, proceeds, realized;
	int64_t	rest;

	if (signed_qty == 0)
		return 0;
	if (p->qty == 0 || (p->qty > 0) == (signed_qty > 0)) {
		p->qty += signed_qty;
		p->cost += money_of(signed_qty, px, mult);
		return 0;
	}
	open = p->qty < 0 ? -p->qty : p->qty;
	close = signed_qty < 0 ? -signed_qty : signed_qty;
	if (close > open)
		close = open;
	close_signed = signed_qty < 0 ? -close : close;
	/* The closed share of cost, so the rest keeps its average.  When the
	 * whole position closes this is exactly the cost. */
	removed = fixed_muldiv(p->cost, close, open);
	proceeds = money_of(close_signed, px, mult);
	realized = -proceeds - removed;
	p->qty += close_signed;
	p->cost -= removed;
	rest = signed_qty - close_signed;
	if (rest != 0) {
		p->qty = rest;
		p->cost = money_of(rest, px, mult);
	}
	p->realized += realized;
	return realized;
}

/* Unrealized P&L at MARK: market value minus cost. */
int64_t
position_unrealized(const struct position *p, int64_t mark, int64_t mult)
{
	return money_of(p->qty, mark, mult) - p->cost;
}

/* Signed market value of the open quantity at MARK. */
int64_t
position_market_value(const struct position *p, int64_t mark, int64_t mult)
{
	return money_of(p->qty, mark, mult);
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
