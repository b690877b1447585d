/* include/alloc.h: the arithmetic of block trading, kept pure so it can be
 * tested to the unit: splitting a block's fills among its members, the
 * target quantities of a model rebalance, and settlement dates.
 *
 * Quantities are whole units; weights are scaled by ALLOC_W_SCALE; money
 * and prices follow fixed.h. */
#ifndef BLOTTER_ALLOC_H
#define BLOTTER_ALLOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "instrument.h"

struct calendar;
struct err;

#define ALLOC_W_SCALE	1000000LL	/* 1.0 as an allocation weight */

enum alloc_method { ALLOC_PRORATA, ALLOC_EVEN, ALLOC_WEIGHTS,
	ALLOC_METHOD_COUNT };

/* One member of a block as the split sees it. */
struct alloc_member {
	const char *account;	/* tie-break after the request */
	const char *order_id;	/* last tie-break */
	int64_t	request;	/* the member's order quantity (> 0) */
	int64_t	done;		/* already allocated to it (0..request) */
	int64_t	weight;		/* ALLOC_WEIGHTS only: ALLOC_W_SCALE, >= 0 */
	int64_t	out;		/* result: this booking's share */
};

/* Split QTY among the N members by METHOD: in proportion to their requests
 * (prorata), equally (even) or to their weights (weights).  Each share is
 * rounded down to LOT and the lots left over go one at a time to the
 * largest remainders (ties: larger request, then account, then order id).
 * No member gets more than request - done: what it cannot take goes to
 * the others in the same proportions.  What cannot be placed in whole lots
 * goes in smaller pieces, largest remainder first, each member taking all
 * it can up to its room, so the shares always add up to QTY and each is
 * within one lot of its ideal.  Under weights, members of weight 0 take
 * nothing, even when the others run out of room.  Fails (ERR), leaving
 * every out at 0, when QTY is negative or exceeds what the members (with
 * a weight) can still take, LOT is below 1, N is 0, the members with room
 * all weigh nothing, or a member's request, done or weight is out of
 * range. */
int	alloc_split(enum alloc_method, int64_t qty, int64_t lot,
	    struct alloc_member *, size_t n, struct err *);

/* The method's name ("prorata"), or "?" out of range. */
const char *alloc_method_name(enum alloc_method);
/* Parse "prorata", "even", "weights" (case-insensitive). */
int	alloc_method_parse(const char *, enum alloc_method *, struct err *);

/* A rebalance target: WEIGHT_PCT (PX_SCALE: 2.5 % is 2.5 * PX_SCALE) of
 * NAV (MONEY_SCALE, already in the instrument's currency) divided by
 * MARK x MULT (PX_SCALE each), rounded to the nearest LOT (halves away
 * from zero).  Exact in 128 bits.  0 when MARK or MULT is not positive. */
int64_t	rebalance_target(int64_t weight_pct, int64_t nav, int64_t mark,
	    int64_t mult, int64_t lot);

/* Settlement: business days after trade date for an instrument
 * (T+1 US equities, Treasuries and corporate bonds, T+2 FX spot and
 * equities outside the US dollar, T+1 futures and options; 2 for NULL),
 * and the date that many business days of CAL (its trading days: Monday
 * to Friday but its holidays; weekends only for NULL) after TRADE
 * (YYYYMMDD): TRADE itself for 0 even on a closed day, before TRADE when
 * DAYS is negative, 0 when TRADE is not a date of years 1..9999 or the
 * result falls outside them. */
int	settle_days(const struct instrument *);
int32_t	settle_date(const struct calendar *, int32_t trade, int days);

#endif
