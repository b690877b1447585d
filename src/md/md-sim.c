/* src/md/md-sim.c: the demo market behind `blotter --demo`.
 *
 * Each symbol carries a fair price (PX_SCALE, never rounded) that follows
 * a geometric random walk, pulled gently back toward its reference price
 * so that a market left running for hours stays where a trader expects it.
 * At its own pace (md_profile_of()) a symbol moves by the time elapsed
 * since it last moved, and a new quote is cut from the fair price: bid and
 * ask on the tick, one to three ticks apart (FX one to two pips), sizes in
 * round lots.  A quote that differs from the last one handed out is marked
 * pending; md_sim_step() hands pending quotes out, oldest symbol first,
 * and keeps what does not fit for the next call.
 *
 * Randomness: every symbol has its own xoshiro256** stream seeded from the
 * market's seed and the symbol, so adding a symbol never changes the path
 * of another.  Normal deviates are sums of twelve uniforms (Irwin-Hall),
 * in integers; every price computation is integer arithmetic, so the same
 * seed and step times give the same quotes on every machine. */
#include "config.h"
#include "md.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fixed.h"
#include "hmap.h"

#define PPB		1000000000LL	/* 1.0 as a relative change */
#define DAY_SECS	23400		/* a trading day, 6.5 hours: the
					 * volatilities are per such day */
#define REVERT_SECS	21600		/* time constant of the pull toward
					 * the reference, 6 hours */
#define VOL_BP_MAX	10000		/* 100% a day is plenty for a demo */
#define REF_PX_MAX	(PX_MAX / 8)	/* room for the walk's upper rail */
#define HIGH_PX		(100000 * PX_SCALE)	/* above this an equity trades
						 * in single shares */

struct md_sym {
	struct instrument inst;
	int64_t	ref;			/* PX_SCALE: the walk's centre */
	int64_t	fair;			/* PX_SCALE: off the tick */
	int64_t	lo, hi;			/* PX_SCALE: hard rails of FAIR */
	int64_t	vol_ppb;		/* per trading day */
	enum md_pace pace;
	int64_t	size_unit;		/* units: what sizes are counted in */
	int64_t	pip;			/* PX_SCALE: FX only */
	bool	started;		/* has seen a step */
	bool	pending;		/* Q not handed out yet */
	int64_t	last_t;			/* when it last moved */
	int64_t	next_t;			/* when it moves next */
	struct quote q;			/* the current quote */
	uint64_t rng[4];		/* xoshiro256** state */
};

struct md_sim {
	uint64_t seed;
	struct md_sym **syms;		/* in the order added */
	size_t	n, cap;
	struct hmap *by_symbol;		/* symbol -> struct md_sym * */
	bool	started;		/* a step has run */
	int64_t	now;			/* the last step's time */
	size_t	cursor;			/* where handing out resumes */
};

/* ------------------------------------------------------------ random */

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(uint64_t s[4])
{
	uint64_t r = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

/* A number in [0, N), N > 0 (multiply-shift; the bias is invisible). */
static uint64_t
rng_below(uint64_t s[4], uint64_t n)
{
	return (uint64_t)(((unsigned __int128)rng_next(s) * n) >> 64);
}

/* A standard normal deviate times 2^20: twelve 20-bit uniforms, centred
 * (mean exactly 0, standard deviation 2^20, never beyond 6 of them). */
static int64_t
rng_gauss_q20(uint64_t s[4])
{
	int64_t	sum = 0;
	int	i;

	for (i = 0; i < 4; i++) {
		uint64_t r = rng_next(s);

		sum += (int64_t)(r & 0xfffff) +
		    (int64_t)((r >> 20) & 0xfffff) +
		    (int64_t)((r >> 40) & 0xfffff);
	}
	return sum - 6 * ((int64_t)1 << 20) + 6;
}

/* Seed S from the market's SEED and SYMBOL (FNV-1a), through splitmix64 as
 * xoshiro's authors advise. */
static void
rng_seed(uint64_t s[4], uint64_t seed, const char *symbol)
{
	uint64_t h = 0xcbf29ce484222325ULL, x;
	int	i;

	for (; *symbol != '\0'; symbol++)
		h = (h ^ (unsigned char)*symbol) * 0x100000001b3ULL;
	x = seed;
	x = splitmix64(&x) ^ h;
	for (i = 0; i < 4; i++)
		s[i] = splitmix64(&x);
}

/* ------------------------------------------------------------- prices */

/* floor(sqrt(X)). */
static uint64_t
isqrt64(uint64_t x)
{
	uint64_t r = 0, b = (uint64_t)1 << 62;

	while (b > x)
		b >>= 2;
	while (b != 0) {
		if (x >= r + b) {
			x -= r + b;
			r = (r >> 1) + b;
		} else
			r >>= 1;
		b >>= 2;
	}
	return r;
}

/* PX (> 0) rounded to the nearest multiple of TICK, half up. */
static int64_t
round_tick(int64_t px, int64_t tick)
{
	return (px + tick / 2) / tick * tick;
}

/* Move S's fair price over DT seconds: a proportional shock with variance
 * vol^2 * DT / day, plus a pull of DT / REVERT_SECS of the way back to the
 * reference.  A gap longer than the pull's time constant counts as one. */
static void
sym_move(struct md_sym *s, int64_t dt)
{
	uint64_t var;
	int64_t	sd, shock, dev, pull, fair;

	if (dt <= 0)
		return;
	if (dt > REVERT_SECS)
		dt = REVERT_SECS;
	var = (uint64_t)((unsigned __int128)s->vol_ppb * (uint64_t)s->vol_ppb *
	    (uint64_t)dt / DAY_SECS);
	sd = (int64_t)isqrt64(var);
	shock = sd * rng_gauss_q20(s->rng) / ((int64_t)1 << 20);
	dev = fixed_muldiv(s->fair - s->ref, PPB, s->ref);
	pull = -dev * dt / REVERT_SECS;
	fair = s->fair + fixed_muldiv(s->fair, shock, PPB) +
	    fixed_muldiv(s->ref, pull, PPB);
	if (fair < s->lo)
		fair = s->lo;
	if (fair > s->hi)
		fair = s->hi;
	s->fair = fair;
}

/* The spread of S's next quote, in ticks. */
static int64_t
spread_ticks(struct md_sym *s)
{
	uint64_t r = rng_below(s->rng, 100);
	int64_t	n;

	switch (s->inst.cls) {
	case ASSET_BOND:
		return r < 60 ? 1 : 2;
	case ASSET_FX:
		/* One, one and a half or two pips, on the tick. */
		n = s->pip * (int64_t)(2 + r % 3) / 2 / s->inst.tick;
		if (n < 1)
			n = 1 + (int64_t)(r % 2);
		return n;
	case ASSET_FUTURE:
		return r < 75 ? 1 : 2;
	default:
		return r < 55 ? 1 : r < 85 ? 2 : 3;
	}
}

/* A displayed size for S: a count of its size unit, on the lot. */
static int64_t
quote_size(struct md_sym *s)
{
	static const int64_t shares[] = { 1, 2, 3, 4, 5, 6, 8, 10, 12, 15,
	    20, 25, 30, 40, 50 };
	static const int64_t millions[] = { 1, 2, 3, 4, 5, 6, 8, 10 };
	static const int64_t contracts[] = { 5, 10, 15, 20, 25, 30, 40, 50,
	    75, 100, 150, 200 };
	int64_t	qty, lot = s->inst.lot;

	switch (s->inst.cls) {
	case ASSET_BOND:
	case ASSET_FX:
		qty = millions[rng_below(s->rng, 8)] * 1000000;
		break;
	case ASSET_FUTURE:
		qty = contracts[rng_below(s->rng, 12)];
		break;
	default:
		qty = shares[rng_below(s->rng, 15)] * s->size_unit;
		break;
	}
	qty = (qty + lot - 1) / lot * lot;
	return qty > QTY_MAX ? QTY_MAX / lot * lot : qty;
}

/* Cut a new quote for S from its fair price; mark it pending when it
 * differs from the current one. */
static void
sym_requote(struct md_sym *s)
{
	struct quote q = s->q;
	int64_t	tick = s->inst.tick, n = spread_ticks(s);

	q.bid = round_tick(s->fair - n * tick / 2, tick);
	if (q.bid < tick)
		q.bid = tick;
	q.ask = q.bid + n * tick;
	q.bidsz = quote_size(s);
	q.asksz = quote_size(s);
	if (q.bid != s->q.bid || q.ask != s->q.ask ||
	    q.bidsz != s->q.bidsz || q.asksz != s->q.asksz) {
		s->q = q;
		s->pending = true;
	}
}

/* NOW plus SECS (> 0), stopping at the end of time. */
static int64_t
later(int64_t now, int64_t secs)
{
	return now > INT64_MAX - secs ? INT64_MAX : now + secs;
}

/* Seconds until S moves again. */
static int64_t
sym_interval(struct md_sym *s)
{
	switch (s->pace) {
	case MD_PACE_BUSY:
		return 1;
	case MD_PACE_QUIET:
		return 2 + (int64_t)rng_below(s->rng, 3);
	default:
		return 1 + (int64_t)rng_below(s->rng, 3);
	}
}

/* -------------------------------------------------------------- market */

/* Return a new market with no symbols; the caller frees it. */
struct md_sim *
md_sim_new(uint64_t seed)
{
	struct md_sim *sim = xcalloc(1, sizeof *sim);

	sim->seed = seed;
	sim->by_symbol = hmap_new();
	return sim;
}

/* Free SIM and every symbol in it. */
void
md_sim_free(struct md_sim *sim)
{
	size_t	i;

	if (sim == NULL)
		return;
	for (i = 0; i < sim->n; i++)
		free(sim->syms[i]);
	free(sim->syms);
	hmap_free(sim->by_symbol);
	free(sim);
}

/* Add INST around REF_PX (0: the built-in price); SIM is unchanged on
 * failure. */
int
md_sim_add(struct md_sim *sim, const struct instrument *inst, int64_t ref_px,
    struct err *err)
{
	struct md_profile prof;
	struct md_sym *s;
	char	pbuf[48], tbuf[48];

	if (sim == NULL || inst == NULL)
		return err_set(err, "demo market: no instrument to add");
	if (instrument_validate(inst, err) == -1)
		return -1;
	if (hmap_get(sim->by_symbol, inst->symbol) != NULL)
		return err_set(err, "%s: already in the demo market",
		    inst->symbol);
	if (ref_px < 0)
		return err_set(err, "%s: reference price %s must be positive",
		    inst->symbol, fixed_fmt(ref_px, PX_DECIMALS, 2, pbuf,
		    sizeof pbuf));
	md_profile_of(inst, &prof);
	if (ref_px > 0)
		prof.ref_px = ref_px;
	fixed_fmt(prof.ref_px, PX_DECIMALS, 2, pbuf, sizeof pbuf);
	if (prof.ref_px < inst->tick)
		return err_set(err, "%s: reference price %s is below the tick "
		    "%s", inst->symbol, pbuf, fixed_fmt(inst->tick,
		    PX_DECIMALS, 0, tbuf, sizeof tbuf));
	if (prof.ref_px > REF_PX_MAX)
		return err_set(err, "%s: reference price %s is too large for "
		    "the demo market", inst->symbol, pbuf);

	s = xcalloc(1, sizeof *s);
	s->inst = *inst;
	s->ref = s->fair = prof.ref_px;
	/* Rails far outside anything the pull lets happen: a price that
	 * stays positive and finite whatever the dice say. */
	s->lo = s->ref / 4 > inst->tick ? s->ref / 4 : inst->tick;
	s->hi = s->ref * 4;
	if (prof.vol_bp < 0)
		prof.vol_bp = 0;
	if (prof.vol_bp > VOL_BP_MAX)
		prof.vol_bp = VOL_BP_MAX;
	s->vol_ppb = (int64_t)prof.vol_bp * (PPB / 10000);
	s->pace = prof.pace;
	/* Round lots of 100 shares, or single lots for the rare share worth
	 * more than 100,000 (Berkshire A); options in tens of contracts. */
	s->size_unit = inst->cls == ASSET_OPTION ? 10 :
	    s->ref > HIGH_PX ? 1 : 100;
	s->size_unit = (s->size_unit + inst->lot - 1) / inst->lot * inst->lot;
	s->pip = strcmp(inst->ccy, "JPY") == 0 || s->ref >= 50 * PX_SCALE ?
	    PX_SCALE / 100 : PX_SCALE / 10000;
	rng_seed(s->rng, sim->seed, inst->symbol);
	str_copy(s->q.symbol, sizeof s->q.symbol, inst->symbol);
	sym_requote(s);
	s->pending = true;

	if (sim->n == sim->cap) {
		sim->cap = sim->cap != 0 ? sim->cap * 2 : 64;
		sim->syms = xrealloc(sim->syms, sim->cap * sizeof *sim->syms);
	}
	sim->syms[sim->n++] = s;
	hmap_put(sim->by_symbol, s->inst.symbol, s);
	return 0;
}

/* Count the symbols in SIM. */
size_t
md_sim_count(const struct md_sim *sim)
{
	return sim != NULL ? sim->n : 0;
}

/* Move every symbol that is due by NOW, then hand out up to MAX pending
 * quotes, resuming where the last short OUT stopped. */
size_t
md_sim_step(struct md_sim *sim, int64_t now, struct quote *out, size_t max)
{
	size_t	i, k = 0;
	int64_t	dt;

	if (sim == NULL || (sim->started && now < sim->now))
		return 0;
	sim->started = true;
	sim->now = now;
	for (i = 0; i < sim->n; i++) {
		struct md_sym *s = sim->syms[i];

		if (!s->started) {
			/* Its opening quote is already pending. */
			s->started = true;
			s->last_t = now;
			s->next_t = later(now, sym_interval(s));
			continue;
		}
		if (now < s->next_t || now == s->last_t)
			continue;
		/* A clock that leaps across most of int64 counts as a long
		 * gap, not as undefined arithmetic. */
		if (__builtin_sub_overflow(now, s->last_t, &dt))
			dt = INT64_MAX;
		sym_move(s, dt);
		sym_requote(s);
		s->last_t = now;
		s->next_t = later(now, sym_interval(s));
	}
	if (out == NULL || sim->n == 0)
		return 0;
	for (i = 0; i < sim->n; i++) {
		size_t	j = (sim->cursor + i) % sim->n;
		struct md_sym *s = sim->syms[j];

		if (!s->pending)
			continue;
		if (k == max) {
			/* OUT is full: the next call starts here, so a
			 * small MAX still reaches every symbol in turn. */
			sim->cursor = j;
			break;
		}
		out[k++] = s->q;
		s->pending = false;
	}
	return k;
}

/* SYMBOL's state in SIM, or NULL when either is unknown. */
static const struct md_sym *
sym_find(const struct md_sim *sim, const char *symbol)
{
	return sim != NULL && symbol != NULL ?
	    hmap_get(sim->by_symbol, symbol) : NULL;
}

/* Set *MID to the midpoint of SYMBOL's current quote. */
int
md_sim_mark(const struct md_sim *sim, const char *symbol, int64_t *mid)
{
	const struct md_sym *s;

	if ((s = sym_find(sim, symbol)) == NULL)
		return -1;
	if (mid != NULL)
		*mid = (s->q.bid + s->q.ask + 1) / 2;
	return 0;
}

/* Copy SYMBOL's current quote into Q. */
int
md_sim_quote(const struct md_sim *sim, const char *symbol, struct quote *q)
{
	const struct md_sym *s;

	if ((s = sym_find(sim, symbol)) == NULL)
		return -1;
	if (q != NULL)
		*q = s->q;
	return 0;
}
