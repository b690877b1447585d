/* include/md.h: market data.  The demo market: a seeded random walk around
 * realistic prices that hands out top-of-book quotes as the clock moves.
 *
 * The caller drives it with explicit times; the same seed and the same
 * sequence of md_sim_step() times give exactly the same quotes. */
#ifndef BLOTTER_MD_H
#define BLOTTER_MD_H
#include <stddef.h>
#include <stdint.h>
#include "instrument.h"
#include "quote.h"

struct err;
struct md_sim;				/* opaque: fields live in md-sim.c */

/* How often a symbol updates in the demo market. */
enum md_pace {
	MD_PACE_NORMAL,			/* every 1 to 3 seconds, 2 on average */
	MD_PACE_BUSY,			/* every second */
	MD_PACE_QUIET			/* every 2 to 4 seconds, 3 on average */
};

/* How a symbol behaves in the demo market. */
struct md_profile {
	int64_t	ref_px;			/* PX_SCALE, > 0: the walk's centre */
	int	vol_bp;			/* volatility per trading day, bp */
	enum md_pace pace;
};

/* Return the built-in reference price (PX_SCALE) of SYMBOL, or 0 when the
 * table has no row for it. */
int64_t	md_ref_px(const char *symbol);
/* Fill PROF for INST from the built-in tables: the symbol's own row, else
 * (futures) its underlying, else (FX) a cross of known currencies, else the
 * asset class's default.  Returns 1 when the symbol has its own row, 0 when
 * a default was used; PROF is always filled. */
int	md_profile_of(const struct instrument *, struct md_profile *);

/* Create a demo market with no symbols, its randomness fixed by SEED
 * (caller frees). */
struct md_sim *md_sim_new(uint64_t seed);
void	md_sim_free(struct md_sim *);			/* NULL is a no-op */
/* Add a copy of INST around REF_PX (PX_SCALE), or around md_profile_of()'s
 * price when REF_PX is 0.  Its first quote comes out at the next step.
 * Fails on a bad instrument, a negative, sub-tick or huge REF_PX, or a
 * symbol already added; the market is then unchanged. */
int	md_sim_add(struct md_sim *, const struct instrument *, int64_t ref_px,
	    struct err *);
/* Count the symbols in the market. */
size_t	md_sim_count(const struct md_sim *);
/* Advance the market to NOW (seconds, never earlier than the last step's)
 * and copy into OUT up to MAX quotes of the symbols that changed and have
 * not been handed out yet; those left over come out at the next step.
 * Returns the number copied.  A NOW earlier than the last step's changes
 * nothing and returns 0.  Call it at least once a second for a lively
 * screen; more calls with the same NOW are cheap. */
size_t	md_sim_step(struct md_sim *, int64_t now, struct quote *out,
	    size_t max);
/* Set *MID to the midpoint of SYMBOL's current quote (PX_SCALE, rounded
 * half up).  Returns 0, or -1 when the symbol is not in the market. */
int	md_sim_mark(const struct md_sim *, const char *symbol, int64_t *mid);
/* Copy SYMBOL's current quote into Q (whether or not it has been handed
 * out yet).  Returns 0, or -1 when the symbol is not in the market. */
int	md_sim_quote(const struct md_sim *, const char *symbol,
	    struct quote *q);

#endif
