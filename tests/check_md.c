/* tests/check_md.c: the demo market (src/md): its reference prices, the
 * rules every quote it hands out must follow, its pace, and that a seed
 * fixes it.
 *
 * Most tests run the shipped instrument master ($srcdir/data/
 * instruments.csv, read with a small splitter below) through a market
 * stepped once a second, and check every quote as it comes out. */
#include "config.h"
#include "md.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fixed.h"
#include "hmap.h"
#include "instrument.h"
#include "quote.h"
#include "testlib.h"

#define INST_MAX	256
#define OUT_MAX		512
#define T0		((int64_t)1767605400)	/* 2026-01-05 09:30 UTC */
#define HOURS(h)	((int64_t)(h) * 3600)

/* ---------------------------------------------------- the instruments */

static struct instrument insts[INST_MAX];
static size_t ninsts;
static int64_t refs[INST_MAX];		/* md_ref_px() of insts[i] */
static struct hmap *by_symbol;		/* symbol -> &insts[i] */

/* Split LINE in place at commas into at most MAX fields; returns the
 * count.  The shipped file quotes nothing, so neither does this. */
static size_t
split_csv(char *line, char **fields, size_t max)
{
	size_t	n = 0;
	char	*p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		fields[n++] = p;
		p = strchr(p, ',');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

/* Load the shipped instrument master into INSTS (once per process). */
static void
load_instruments(void)
{
	const char *srcdir = getenv("srcdir");
	char	path[4096], line[1024], *f[16];
	FILE	*fp;
	int	lineno = 0;

	if (ninsts > 0)
		return;
	by_symbol = hmap_new();
	snprintf(path, sizeof path, "%s/data/instruments.csv",
	    srcdir != NULL && *srcdir != '\0' ? srcdir : ".");
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	while (fgets(line, sizeof line, fp) != NULL) {
		struct instrument *in = &insts[ninsts];
		enum asset_class cls;
		struct err err;
		size_t	n;

		lineno++;
		if (lineno == 1 || line[0] == '#' || line[0] == '\n')
			continue;
		n = split_csv(line, f, 16);
		ck_assert_msg(n >= 6, "%s:%d: %zu fields", path, lineno, n);
		ck_assert_msg(asset_class_parse(f[1], &cls, &err) == 0,
		    "%s:%d: %s", path, lineno, err.msg);
		ck_assert_msg(instrument_init(in, f[0], cls, f[2], &err) == 0,
		    "%s:%d: %s", path, lineno, err.msg);
		in->tick = P(f[3]);
		in->lot = strtoll(f[4], NULL, 10);
		in->mult = P(f[5]);
		if (n >= 9)
			snprintf(in->underlying, sizeof in->underlying, "%s",
			    f[8]);
		ck_assert_msg(instrument_validate(in, &err) == 0,
		    "%s:%d: %s", path, lineno, err.msg);
		ck_assert_ptr_null(hmap_put(by_symbol, in->symbol, in));
		refs[ninsts] = md_ref_px(in->symbol);
		ck_assert_uint_lt(++ninsts, INST_MAX);
	}
	fclose(fp);
	ck_assert_uint_gt(ninsts, 50);
}

/* The loaded instrument SYMBOL, or NULL. */
static const struct instrument *
inst_of(const char *symbol)
{
	return hmap_get(by_symbol, symbol);
}

/* The index in INSTS of SYMBOL, which must be there. */
static size_t
inst_index(const char *symbol)
{
	const struct instrument *in = inst_of(symbol);

	if (in == NULL)
		ck_abort_msg("quote for unknown symbol '%s'", symbol);
	return (size_t)(in - insts);
}

/* A market with every shipped instrument at its built-in price. */
static struct md_sim *
market(uint64_t seed)
{
	struct md_sim *sim = md_sim_new(seed);
	struct err err;
	size_t	i;

	load_instruments();
	for (i = 0; i < ninsts; i++)
		ck_assert_msg(md_sim_add(sim, &insts[i], 0, &err) == 0, "%s",
		    err.msg);
	ck_assert_uint_eq(md_sim_count(sim), ninsts);
	return sim;
}

/* An instrument of class CLS with TICK and LOT given as text / units. */
static struct instrument
mk_inst(const char *symbol, enum asset_class cls, const char *ccy,
    const char *tick, int64_t lot)
{
	struct instrument in = testlib_instrument(symbol, cls, ccy);

	in.tick = P(tick);
	in.lot = lot;
	return in;
}

/* ------------------------------------------------------ quote checks */

/* The pip of a shipped FX pair. */
static int64_t
pip_of(const struct instrument *in)
{
	return strcmp(in->ccy, "JPY") == 0 ? P("0.01") : P("0.0001");
}

/* Why Q is not a quote a trader could trade on, or NULL when it is.
 * (The checks run on millions of quotes: plain tests, and check's
 * assertions only on failure, keep the suite fast.) */
static const char *
quote_fault(const struct quote *q)
{
	static char why[256];
	const struct instrument *in = inst_of(q->symbol);
	int64_t	spread, unit, lo, hi;

#define FAULT(...)	(snprintf(why, sizeof why, __VA_ARGS__), why)
	if (in == NULL)
		return FAULT("quote for unknown symbol '%s'", q->symbol);
	if (q->bid <= 0 || q->bid >= q->ask)
		return FAULT("%s: bid %lld, ask %lld", q->symbol,
		    (long long)q->bid, (long long)q->ask);
	if (q->bid % in->tick != 0 || q->ask % in->tick != 0)
		return FAULT("%s: %lld/%lld off the tick %lld", q->symbol,
		    (long long)q->bid, (long long)q->ask, (long long)in->tick);
	if (q->bidsz <= 0 || q->asksz <= 0 || q->bidsz % in->lot != 0 ||
	    q->asksz % in->lot != 0)
		return FAULT("%s: sizes %lld/%lld, lot %lld", q->symbol,
		    (long long)q->bidsz, (long long)q->asksz,
		    (long long)in->lot);
	spread = q->ask - q->bid;
	switch (in->cls) {
	case ASSET_EQUITY:
		unit = strcmp(q->symbol, "BRK.A") == 0 ? 1 : 100;
		lo = in->tick;
		hi = 3 * in->tick;
		if (q->bidsz % unit != 0 || q->asksz % unit != 0 ||
		    q->bidsz > 50 * unit || q->asksz > 50 * unit)
			return FAULT("%s: sizes %lld/%lld", q->symbol,
			    (long long)q->bidsz, (long long)q->asksz);
		break;
	case ASSET_BOND:
	case ASSET_FX:
		lo = in->cls == ASSET_FX ? pip_of(in) : in->tick;
		hi = in->cls == ASSET_FX ? 2 * pip_of(in) : 2 * in->tick;
		if (q->bidsz < 1000000 || q->bidsz > 10000000 ||
		    q->asksz < 1000000 || q->asksz > 10000000)
			return FAULT("%s: sizes %lld/%lld", q->symbol,
			    (long long)q->bidsz, (long long)q->asksz);
		break;
	case ASSET_FUTURE:
		lo = in->tick;
		hi = 3 * in->tick;
		if (q->bidsz < 5 || q->bidsz > 200 || q->asksz < 5 ||
		    q->asksz > 200)
			return FAULT("%s: sizes %lld/%lld", q->symbol,
			    (long long)q->bidsz, (long long)q->asksz);
		break;
	default:
		lo = in->tick;
		hi = 3 * in->tick;
		break;
	}
	if (spread < lo || spread > hi)
		return FAULT("%s: spread %lld outside %lld..%lld", q->symbol,
		    (long long)spread, (long long)lo, (long long)hi);
	return NULL;
#undef FAULT
}

static void
check_quote(const struct quote *q)
{
	const char *why = quote_fault(q);

	if (why != NULL)
		ck_abort_msg("%s", why);
}

/* The band (percent of the reference) a class's mid must stay in. */
static int
band_pct(enum asset_class cls)
{
	switch (cls) {
	case ASSET_BOND:
		return 3;
	case ASSET_FX:
		return 10;
	default:
		return 25;
	}
}

/* ------------------------------------------------------ degenerate */

START_TEST(test_null_and_empty)
{
	struct md_sim *sim;
	struct quote out[4];
	struct err err;
	int64_t	mid = 7;

	md_sim_free(NULL);
	ck_assert_uint_eq(md_sim_step(NULL, T0, out, 4), 0);
	ck_assert_uint_eq(md_sim_count(NULL), 0);
	ck_assert_int_eq(md_sim_mark(NULL, "AAPL", &mid), -1);
	sim = md_sim_new(1);
	ck_assert_uint_eq(md_sim_count(sim), 0);
	ck_assert_uint_eq(md_sim_step(sim, T0, out, 4), 0);
	ck_assert_uint_eq(md_sim_step(sim, T0 + 1, NULL, 4), 0);
	ck_assert_int_eq(md_sim_mark(sim, "AAPL", &mid), -1);
	ck_assert_int_eq(md_sim_mark(sim, NULL, &mid), -1);
	ck_assert_int_eq(md_sim_quote(sim, "AAPL", &out[0]), -1);
	ck_assert_int_eq(mid, 7);
	ck_assert_int_eq(md_sim_add(sim, NULL, 0, &err), -1);
	ck_assert_str_eq(err.msg, "demo market: no instrument to add");
	ck_assert_int_eq(md_sim_add(NULL, NULL, 0, NULL), -1);
	md_sim_free(sim);
}
END_TEST

START_TEST(test_add_rejects)
{
	struct md_sim *sim = md_sim_new(1);
	struct instrument in = mk_inst("ACME", ASSET_EQUITY, "USD", "0.01", 1);
	struct instrument bad = in;
	struct err err;

	ck_assert_int_eq(md_sim_add(sim, &in, 0, &err), 0);
	ck_assert_int_eq(md_sim_add(sim, &in, 0, &err), -1);
	ck_assert_str_eq(err.msg, "ACME: already in the demo market");
	ck_assert_int_eq(md_sim_add(sim, &in, P("20"), &err), -1);

	snprintf(bad.symbol, sizeof bad.symbol, "BAD1");
	ck_assert_int_eq(md_sim_add(sim, &bad, -P("1"), &err), -1);
	ck_assert_str_eq(err.msg,
	    "BAD1: reference price -1.00 must be positive");
	ck_assert_int_eq(md_sim_add(sim, &bad, 1, &err), -1);
	ck_assert_str_eq(err.msg,
	    "BAD1: reference price 0.00000001 is below the tick 0.01");
	ck_assert_int_eq(md_sim_add(sim, &bad, PX_MAX, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "too large"));
	bad.tick = 0;
	ck_assert_int_eq(md_sim_add(sim, &bad, 0, &err), -1);
	ck_assert_str_eq(err.msg, "BAD1: tick 0 must be positive");
	bad.tick = P("0.01");
	bad.lot = 0;
	ck_assert_int_eq(md_sim_add(sim, &bad, 0, &err), -1);
	snprintf(bad.symbol, sizeof bad.symbol, "bad sym");
	bad.lot = 1;
	ck_assert_int_eq(md_sim_add(sim, &bad, 0, &err), -1);

	/* Nothing of the failures stuck. */
	ck_assert_uint_eq(md_sim_count(sim), 1);
	ck_assert_int_eq(md_sim_mark(sim, "BAD1", NULL), -1);
	md_sim_free(sim);
}
END_TEST

/* ------------------------------------------------------------ prices */

START_TEST(test_table_covers_master)
{
	struct md_profile prof;
	size_t	i;

	load_instruments();
	for (i = 0; i < ninsts; i++) {
		const struct instrument *in = &insts[i];
		int64_t	px = md_ref_px(in->symbol);

		ck_assert_msg(px > 0, "%s has no reference price", in->symbol);
		ck_assert_int_eq(md_profile_of(in, &prof), 1);
		ck_assert_int_eq(prof.ref_px, px);
		ck_assert_msg(prof.vol_bp > 0 && prof.vol_bp <= 300,
		    "%s: volatility %d bp", in->symbol, prof.vol_bp);
		ck_assert_msg(px >= 100 * in->tick, "%s: price within 100 ticks "
		    "of zero", in->symbol);
		if (in->cls == ASSET_BOND)
			ck_assert_msg(px >= P("80") && px <= P("105"),
			    "%s: bond at %lld", in->symbol, (long long)px);
	}
	ck_assert_int_eq(md_ref_px("NOSUCH"), 0);
	ck_assert_int_eq(md_ref_px(""), 0);
	ck_assert_int_eq(md_ref_px(NULL), 0);
}
END_TEST

/* Levels a trader would recognise. */
START_TEST(test_table_levels)
{
	static const struct {
		const char *symbol, *lo, *hi;
	} cases[] = {
		{ "EURUSD", "1.15", "1.19" },
		{ "GBPUSD", "1.32", "1.38" },
		{ "USDJPY", "150", "165" },
		{ "USDCHF", "0.75", "0.90" },
		{ "AUDUSD", "0.60", "0.70" },
		{ "ESH6", "5800", "6200" },
		{ "NQH6", "20000", "22000" },
		{ "CLG6", "60", "80" },
		{ "GCG6", "2500", "2700" },
		{ "ZNH6", "105", "115" },
		{ "FGBLH6", "125", "135" },
		{ "UST10Y", "99", "101" },
		{ "AAPL", "50", "500" },
		{ "KO", "50", "500" },
		{ "7203.T", "1000", "5000" },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t	px = md_ref_px(cases[i].symbol);

		ck_assert_msg(px >= P(cases[i].lo) && px <= P(cases[i].hi),
		    "%s at %lld", cases[i].symbol, (long long)px);
	}
}
END_TEST

/* Symbols the table does not know still start somewhere sensible. */
START_TEST(test_profile_defaults)
{
	static const struct {
		const char *symbol;
		enum asset_class cls;
		const char *ccy, *tick, *underlying, *lo, *hi;
	} cases[] = {
		{ "ZZZ", ASSET_EQUITY, "USD", "0.01", "", "50", "500" },
		{ "ZZZ.T", ASSET_EQUITY, "JPY", "5", "", "500", "1000" },
		{ "ACME-5-2030", ASSET_BOND, "USD", "0.001", "", "99", "101" },
		{ "EURJPY", ASSET_FX, "JPY", "0.001", "", "183.76", "183.78" },
		{ "EUR/CHF", ASSET_FX, "CHF", "0.00001", "", "0.93", "0.94" },
		{ "GBPAUD", ASSET_FX, "AUD", "0.00001", "", "2.0", "2.1" },
		{ "XXXYYY", ASSET_FX, "USD", "0.00001", "", "1", "1" },
		{ "USDUSD", ASSET_FX, "USD", "0.00001", "", "1", "1" },
		{ "ESU6", ASSET_FUTURE, "USD", "0.25", "SPX", "5800", "6200" },
		{ "ZNU6", ASSET_FUTURE, "USD", "0.015625", "UST10Y", "105",
		    "115" },
		{ "XYZH6", ASSET_FUTURE, "USD", "0.01", "NOSUCH", "100",
		    "100" },
		{ "AAPL C250", ASSET_OPTION, "USD", "0.01", "", "1", "20" },
	};
	struct md_profile prof;
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct instrument in;

		memset(&in, 0, sizeof in);
		snprintf(in.symbol, sizeof in.symbol, "%s", cases[i].symbol);
		in.cls = cases[i].cls;
		snprintf(in.ccy, sizeof in.ccy, "%s", cases[i].ccy);
		in.tick = P(cases[i].tick);
		in.lot = 1;
		in.mult = PX_SCALE;
		snprintf(in.underlying, sizeof in.underlying, "%s",
		    cases[i].underlying);
		ck_assert_int_eq(md_profile_of(&in, &prof), 0);
		ck_assert_msg(prof.ref_px >= P(cases[i].lo) &&
		    prof.ref_px <= P(cases[i].hi), "%s at %lld",
		    cases[i].symbol, (long long)prof.ref_px);
		ck_assert_int_gt(prof.vol_bp, 0);
	}
}
END_TEST

/* The opening quote sits on the reference, given or built in. */
START_TEST(test_opening_quote)
{
	struct md_sim *sim = md_sim_new(5);
	struct instrument acme = mk_inst("ACME", ASSET_EQUITY, "USD", "0.01", 1);
	struct instrument zn;
	struct quote q, out[8];
	struct err err;
	int64_t	mid;
	size_t	n;

	load_instruments();
	zn = *inst_of("ZNH6");
	ck_assert_int_eq(md_sim_add(sim, &acme, P("42"), &err), 0);
	ck_assert_int_eq(md_sim_add(sim, &zn, 0, &err), 0);
	ck_assert_int_eq(md_sim_mark(sim, "ZNH6", &mid), 0);
	ck_assert_int_le(llabs(mid - P("110")), zn.tick);
	ck_assert_int_eq(md_sim_mark(sim, "ACME", &mid), 0);
	ck_assert_int_le(llabs(mid - P("42")), P("0.02"));
	ck_assert_int_eq(md_sim_quote(sim, "ACME", &q), 0);
	ck_assert_int_eq((q.bid + q.ask + 1) / 2, mid);

	/* The first step hands out both opening quotes, unchanged. */
	n = md_sim_step(sim, T0, out, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(out[0].symbol, "ACME");
	ck_assert_str_eq(out[1].symbol, "ZNH6");
	ck_assert_int_eq(memcmp(&out[0], &q, sizeof q), 0);
	md_sim_free(sim);
}
END_TEST

/* ------------------------------------------------------- determinism */

/* Run SIM for STEPS one-second steps from T0 into a digest of every quote
 * handed out (FNV-1a over the raw structs); *COUNT gets their number. */
static uint64_t
run_digest(struct md_sim *sim, int steps, size_t *count)
{
	static struct quote out[OUT_MAX];
	uint64_t h = 0xcbf29ce484222325ULL;
	int	t;

	*count = 0;
	for (t = 0; t < steps; t++) {
		size_t	n = md_sim_step(sim, T0 + t, out, OUT_MAX), i, j;

		for (i = 0; i < n; i++) {
			const unsigned char *p = (const void *)&out[i];

			for (j = 0; j < sizeof out[i]; j++)
				h = (h ^ p[j]) * 0x100000001b3ULL;
		}
		*count += n;
	}
	return h;
}

START_TEST(test_same_seed_same_quotes)
{
	static struct quote a[OUT_MAX], b[OUT_MAX];
	struct md_sim *x = market(42), *y = market(42);
	size_t	total = 0;
	int	t;

	/* Quote against quote, not only digests: the first difference is
	 * the one worth reading. */
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	for (t = 0; t < 10000; t++) {
		size_t	na = md_sim_step(x, T0 + t, a, OUT_MAX);
		size_t	nb = md_sim_step(y, T0 + t, b, OUT_MAX);

		if (na != nb || memcmp(a, b, na * sizeof a[0]) != 0)
			ck_abort_msg("step %d differs", t);
		total += na;
	}
	/* Roughly one quote per symbol every two seconds. */
	ck_assert_uint_gt(total, ninsts * 10000 / 4);
	ck_assert_uint_lt(total, ninsts * 10000);
	md_sim_free(x);
	md_sim_free(y);
}
END_TEST

START_TEST(test_other_seed_other_quotes)
{
	struct md_sim *x = market(42), *y = market(43), *z = market(0);
	size_t	nx, ny, nz;
	uint64_t hx = run_digest(x, 10000, &nx);
	uint64_t hy = run_digest(y, 10000, &ny);
	uint64_t hz = run_digest(z, 10000, &nz);
	int64_t	mx, my;

	ck_assert_uint_ne(hx, hy);
	ck_assert_uint_ne(hx, hz);
	ck_assert_uint_ne(hy, hz);
	/* Not only the sizes: the prices went their own ways. */
	ck_assert_int_eq(md_sim_mark(x, "AAPL", &mx), 0);
	ck_assert_int_eq(md_sim_mark(y, "AAPL", &my), 0);
	ck_assert_int_ne(mx, my);
	md_sim_free(x);
	md_sim_free(y);
	md_sim_free(z);
}
END_TEST

/* A symbol's path depends on the seed and the step times only, not on
 * which other symbols share the market or the order they were added. */
START_TEST(test_symbols_independent)
{
	static struct quote out[OUT_MAX];
	struct md_sim *all = market(7), *one = md_sim_new(7);
	struct quote solo[2], *mine;
	struct err err;
	int	t;

	ck_assert_int_eq(md_sim_add(one, inst_of("NVDA"), 0, &err), 0);
	for (t = 0; t < 600; t++) {
		size_t	n = md_sim_step(all, T0 + t, out, OUT_MAX), i;
		size_t	m = md_sim_step(one, T0 + t, solo, 2);

		mine = NULL;
		for (i = 0; i < n; i++)
			if (strcmp(out[i].symbol, "NVDA") == 0)
				mine = &out[i];
		if (m != (mine != NULL) || (mine != NULL &&
		    memcmp(mine, &solo[0], sizeof solo[0]) != 0))
			ck_abort_msg("NVDA alone differs at step %d", t);
	}
	md_sim_free(all);
	md_sim_free(one);
}
END_TEST

/* ------------------------------------------------------ a trading day */

/* Eight hours at one-second steps: every quote valid, every mid within
 * its class's band of the reference, every symbol quoted at least once a
 * minute, and the busy ones about every second. */
START_TEST(test_trading_day)
{
	static struct quote out[OUT_MAX];
	static int64_t last[INST_MAX], count[INST_MAX];
	struct md_sim *sim = market(2026);
	int64_t	t, worst_gap = 0;
	size_t	i, n;

	n = md_sim_step(sim, T0, out, OUT_MAX);
	ck_assert_uint_eq(n, ninsts);		/* every opening quote */
	for (i = 0; i < n; i++) {
		check_quote(&out[i]);
		last[inst_index(out[i].symbol)] = T0;
	}
	for (t = T0 + 1; t <= T0 + HOURS(8); t++) {
		n = md_sim_step(sim, t, out, OUT_MAX);
		for (i = 0; i < n; i++) {
			const struct quote *q = &out[i];
			size_t	k = inst_index(q->symbol);
			int64_t	ref = refs[k];
			int64_t	mid = (q->bid + q->ask) / 2;
			int64_t	band = ref / 100 * band_pct(insts[k].cls);

			check_quote(q);
			if (llabs(mid - ref) > band)
				ck_abort_msg("%s: mid %lld strayed from %lld",
				    q->symbol, (long long)mid, (long long)ref);
			if (t - last[k] > worst_gap)
				worst_gap = t - last[k];
			last[k] = t;
			count[k]++;
		}
	}
	for (i = 0; i < ninsts; i++) {
		int64_t	every_ms = HOURS(8) * 1000 / (count[i] + 1);
		struct md_profile prof;

		ck_assert_msg(T0 + HOURS(8) - last[i] <= 60,
		    "%s: silent at the close", insts[i].symbol);
		md_profile_of(&insts[i], &prof);
		ck_assert_msg(every_ms >= 1000 && every_ms <= 3300,
		    "%s: a quote every %lld ms", insts[i].symbol,
		    (long long)every_ms);
		if (prof.pace == MD_PACE_BUSY)
			ck_assert_msg(every_ms <= 1200,
			    "%s: busy, yet a quote every %lld ms",
			    insts[i].symbol, (long long)every_ms);
	}
	/* A minute is the promise; the pace tables keep it to seconds. */
	ck_assert_int_le(worst_gap, 60);
	ck_assert_int_le(worst_gap, 10);
	md_sim_free(sim);
}
END_TEST

/* Left running for a week of wall-clock time, the market stays put. */
START_TEST(test_long_run_and_gaps)
{
	static struct quote out[OUT_MAX];
	struct md_sim *sim = market(99);
	int64_t	t = T0;
	size_t	i, n;
	int	k;

	/* Steps of a minute for a week, then a jump of three days. */
	for (k = 0; k <= 7 * 24 * 60 + 1; k++) {
		if (k == 7 * 24 * 60 + 1)
			t += HOURS(72);
		n = md_sim_step(sim, t, out, OUT_MAX);
		for (i = 0; i < n; i++) {
			size_t	j = inst_index(out[i].symbol);
			int64_t	ref = refs[j];
			int64_t	mid = (out[i].bid + out[i].ask) / 2;

			check_quote(&out[i]);
			if (llabs(mid - ref) >
			    ref / 100 * band_pct(insts[j].cls))
				ck_abort_msg("%s: mid %lld strayed from %lld",
				    out[i].symbol, (long long)mid,
				    (long long)ref);
		}
		t += 60;
	}
	md_sim_free(sim);
}
END_TEST

/* ---------------------------------------------------- the step rules */

START_TEST(test_time_backwards)
{
	static struct quote out[OUT_MAX];
	struct md_sim *sim = market(3);
	struct instrument late = mk_inst("LATE", ASSET_EQUITY, "USD", "0.01",
	    1);
	struct quote before, after;
	struct err err;
	int64_t	t;

	for (t = T0; t < T0 + 100; t++)
		md_sim_step(sim, t, out, OUT_MAX);
	ck_assert_int_eq(md_sim_quote(sim, "ESH6", &before), 0);
	ck_assert_uint_eq(md_sim_step(sim, T0 + 50, out, OUT_MAX), 0);
	ck_assert_uint_eq(md_sim_step(sim, 0, out, OUT_MAX), 0);
	ck_assert_uint_eq(md_sim_step(sim, INT64_MIN, out, OUT_MAX), 0);
	ck_assert_int_eq(md_sim_quote(sim, "ESH6", &after), 0);
	ck_assert_int_eq(memcmp(&before, &after, sizeof before), 0);
	/* Not even a newcomer's opening quote: the clock is refused. */
	ck_assert_int_eq(md_sim_add(sim, &late, P("10"), &err), 0);
	ck_assert_uint_eq(md_sim_step(sim, T0 + 1, out, OUT_MAX), 0);
	/* Back at the last step's time, only the newcomer speaks. */
	ck_assert_uint_eq(md_sim_step(sim, T0 + 99, out, OUT_MAX), 1);
	ck_assert_str_eq(out[0].symbol, "LATE");
	ck_assert_uint_gt(md_sim_step(sim, T0 + 100, out, OUT_MAX), 0);
	md_sim_free(sim);
}
END_TEST

/* The ends of the clock: no overflow, and the quotes stay sound. */
START_TEST(test_extreme_times)
{
	static const int64_t times[] = { INT64_MIN, INT64_MIN + 1, -1, 0, 1,
	    T0, INT64_MAX - 2, INT64_MAX - 1, INT64_MAX, INT64_MAX };
	static struct quote out[OUT_MAX];
	struct md_sim *sim = market(21);
	size_t	i, k, n;

	for (k = 0; k < sizeof times / sizeof times[0]; k++) {
		n = md_sim_step(sim, times[k], out, OUT_MAX);
		for (i = 0; i < n; i++)
			check_quote(&out[i]);
	}
	ck_assert_uint_eq(md_sim_step(sim, INT64_MAX, out, OUT_MAX), 0);
	ck_assert_uint_eq(md_sim_step(sim, T0, out, OUT_MAX), 0);
	md_sim_free(sim);
}
END_TEST

/* Called four times a second with the same clock, as the runtime does:
 * only the first call of a second has anything to say. */
START_TEST(test_same_time_repeats)
{
	static struct quote out[OUT_MAX];
	struct md_sim *sim = market(11);
	int64_t	t;
	int	k;

	for (t = T0; t < T0 + 120; t++) {
		md_sim_step(sim, t, out, OUT_MAX);
		for (k = 0; k < 3; k++)
			if (md_sim_step(sim, t, out, OUT_MAX) != 0)
				ck_abort_msg("a repeat at %lld said something",
				    (long long)t);
	}
	md_sim_free(sim);
}
END_TEST

START_TEST(test_max_zero)
{
	static struct quote out[OUT_MAX];
	struct md_sim *sim = market(8);

	ck_assert_uint_eq(md_sim_step(sim, T0, out, 0), 0);
	ck_assert_uint_eq(md_sim_step(sim, T0, NULL, 0), 0);
	ck_assert_uint_eq(md_sim_step(sim, T0, NULL, OUT_MAX), 0);
	/* Nothing was lost: the opening quotes are all still there. */
	ck_assert_uint_eq(md_sim_step(sim, T0, out, OUT_MAX), ninsts);
	ck_assert_uint_eq(md_sim_step(sim, T0, out, OUT_MAX), 0);
	md_sim_free(sim);
}
END_TEST

/* A short OUT hands quotes out in turn: every symbol gets its say. */
START_TEST(test_small_max_takes_turns)
{
	struct md_sim *sim = market(12);
	static bool seen[INST_MAX];
	struct quote out[5];
	size_t	i, n, nseen = 0;
	int64_t	t;

	for (t = T0; t < T0 + 60 && nseen < ninsts; t++) {
		n = md_sim_step(sim, t, out, 5);
		ck_assert_uint_le(n, 5);
		for (i = 0; i < n; i++) {
			size_t	k = inst_index(out[i].symbol);

			check_quote(&out[i]);
			if (!seen[k]) {
				seen[k] = true;
				nseen++;
			}
		}
	}
	ck_assert_uint_eq(nseen, ninsts);
	md_sim_free(sim);
}
END_TEST

/* A symbol added once the market runs opens at the next step. */
START_TEST(test_add_while_running)
{
	static struct quote out[OUT_MAX];
	struct md_sim *sim = market(13);
	struct instrument in = mk_inst("LATE", ASSET_EQUITY, "USD", "0.01", 1);
	struct err err;
	size_t	i, n;
	bool	found = false;
	int64_t	t;

	for (t = T0; t < T0 + 30; t++)
		md_sim_step(sim, t, out, OUT_MAX);
	ck_assert_int_eq(md_sim_add(sim, &in, P("12.34"), &err), 0);
	n = md_sim_step(sim, t, out, OUT_MAX);
	for (i = 0; i < n; i++)
		if (strcmp(out[i].symbol, "LATE") == 0) {
			found = true;
			ck_assert_int_lt(out[i].bid, out[i].ask);
			ck_assert_int_le(llabs(out[i].bid - P("12.34")),
			    P("0.02"));
		}
	ck_assert(found);
	md_sim_free(sim);
}
END_TEST

/* Odd instruments: a coarse tick, a big lot, a tiny price. */
START_TEST(test_odd_instruments)
{
	static const struct {
		const char *symbol;
		enum asset_class cls;
		const char *tick;
		int64_t	lot;
		const char *ref;
	} cases[] = {
		{ "COARSE", ASSET_EQUITY, "5", 1, "0" },
		{ "BIGLOT", ASSET_EQUITY, "0.01", 250, "17" },
		{ "PENNY", ASSET_EQUITY, "0.0001", 1, "0.0005" },
		{ "ONETICK", ASSET_EQUITY, "0.01", 1, "0.01" },
		{ "FXLOT", ASSET_FX, "0.0001", 1000000, "0" },
		{ "FUTLOT", ASSET_FUTURE, "1", 7, "0" },
		{ "OPT", ASSET_OPTION, "0.05", 1, "0" },
	};
	struct md_sim *sim = md_sim_new(77);
	int64_t	ticks[sizeof cases / sizeof cases[0]];
	struct quote out[16];
	struct err err;
	size_t	i, k, n;
	int64_t	t;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct instrument in = mk_inst(cases[i].symbol, cases[i].cls,
		    "USD", cases[i].tick, cases[i].lot);

		ck_assert_msg(md_sim_add(sim, &in, P(cases[i].ref), &err) == 0,
		    "%s", err.msg);
		ticks[i] = in.tick;
	}
	for (t = T0; t < T0 + 3600; t++) {
		n = md_sim_step(sim, t, out, 16);
		for (k = 0; k < n; k++) {
			const struct quote *q = &out[k];

			for (i = 0; strcmp(cases[i].symbol, q->symbol) != 0;
			    i++)
				;
			if (q->bid <= 0 || q->bid >= q->ask ||
			    q->bid % ticks[i] != 0 || q->ask % ticks[i] != 0 ||
			    q->bidsz <= 0 || q->asksz <= 0 ||
			    q->bidsz % cases[i].lot != 0 ||
			    q->asksz % cases[i].lot != 0)
				ck_abort_msg("%s: %lld x %lld / %lld x %lld",
				    q->symbol, (long long)q->bidsz,
				    (long long)q->bid, (long long)q->ask,
				    (long long)q->asksz);
		}
	}
	md_sim_free(sim);
}
END_TEST

static Suite *
md_suite(void)
{
	Suite	*s = suite_create("md");
	TCase	*tc;

	tc = tcase_create("degenerate");
	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_add_rejects);
	suite_add_tcase(s, tc);

	tc = tcase_create("prices");
	tcase_add_test(tc, test_table_covers_master);
	tcase_add_test(tc, test_table_levels);
	tcase_add_test(tc, test_profile_defaults);
	tcase_add_test(tc, test_opening_quote);
	suite_add_tcase(s, tc);

	tc = tcase_create("determinism");
	tcase_add_test(tc, test_same_seed_same_quotes);
	tcase_add_test(tc, test_other_seed_other_quotes);
	tcase_add_test(tc, test_symbols_independent);
	suite_add_tcase(s, tc);

	tc = tcase_create("market");
	tcase_add_test(tc, test_trading_day);
	tcase_add_test(tc, test_long_run_and_gaps);
	tcase_add_test(tc, test_odd_instruments);
	suite_add_tcase(s, tc);

	tc = tcase_create("step");
	tcase_add_test(tc, test_time_backwards);
	tcase_add_test(tc, test_extreme_times);
	tcase_add_test(tc, test_same_time_repeats);
	tcase_add_test(tc, test_max_zero);
	tcase_add_test(tc, test_small_max_takes_turns);
	tcase_add_test(tc, test_add_while_running);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(md_suite());

	return testlib_run(sr);
}
