/* bench/bench-compliance.c: make bench.  How long a pre-trade compliance
 * check takes with a realistic rulebook: 20 active rules of every kind
 * (several scoped to the account) over an account holding 10,000
 * positions in 10,000 instruments of 200 issuers and 11 sectors, kept in
 * a cpl_expo.  The env's callbacks do what the engine does: hash lookups
 * for instruments, cpl_expo_group() for group values, a per-rule counter
 * for order rates and a stored figure for working orders.  Then the cost
 * of revaluing every holder of a symbol after its mark moves.
 * Figures, one a line; nothing is asserted here. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "compliance.h"
#include "err.h"
#include "fixed.h"
#include "hmap.h"
#include "instrument.h"
#include "order.h"

#define NINST		10000
#define NISSUER		200
#define NSECTOR		11
#define NOTHER		20	/* other accounts, each holding NOTHER_POS */
#define NOTHER_POS	500
#define NCHECK		1000000
#define NMOVE		1000000

static const char *const sectors[NSECTOR] = {
	"Technology", "Energy", "Financials", "Health Care", "Industrials",
	"Materials", "Utilities", "Real Estate", "Consumer Staples",
	"Consumer Discretionary", "Communication",
};

/* The engine as the callbacks see it. */
struct engine {
	struct hmap *by_sym;		/* symbol -> struct instrument */
	struct cpl_expo *expo;
	const char *acct;		/* the account being checked */
	const struct rule *rules;	/* to index the rate counters */
	int64_t	rate[32];		/* orders this second, per rule */
	int64_t	working[2];		/* buys, sells of the symbol */
	int	moving;			/* instrument whose mark moved */
	int64_t	revalued;		/* holders revalued */
};

static struct instrument ins[NINST];
static int64_t	mark[NINST];		/* PX_SCALE */
static int64_t	held[NINST];		/* ACC1's position, units */

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const struct instrument *
cb_instrument(void *ctx, const char *sym)
{
	struct engine *e = ctx;

	return hmap_get(e->by_sym, sym);
}

static int64_t
cb_working(void *ctx, int dir)
{
	struct engine *e = ctx;

	return e->working[dir > 0 ? 0 : 1];
}

static int64_t
cb_group(void *ctx, enum rule_by by, const char *key)
{
	struct engine *e = ctx;

	return cpl_expo_group(e->expo, e->acct, by, key);
}

static int64_t
cb_rate(void *ctx, const struct rule *r)
{
	struct engine *e = ctx;

	return e->rate[r - e->rules];
}

/* Add RULE ID from key=value TEXT (no quoted blanks but one issuer). */
static void
add_rule(struct rule *r, const char *id, const char *text)
{
	char	buf[256], *save = NULL, *w, *eq;
	struct err err;

	if (rule_init(r, id, &err) == -1)
		goto fail;
	snprintf(buf, sizeof buf, "%s", text);
	for (w = strtok_r(buf, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if ((eq = strchr(w, '=')) == NULL)
			continue;
		*eq = '\0';
		/* '_' stands for a blank inside an issuer name. */
		for (char *p = eq + 1; *p != '\0'; p++)
			if (*p == '_' && strcmp(w, "issuer") == 0)
				*p = ' ';
		if (rule_set(r, w, eq + 1, &err) == -1)
			goto fail;
	}
	if (rule_validate(r, &err) == -1)
		goto fail;
	return;
fail:
	fprintf(stderr, "bench-compliance: %s\n", err.msg);
	exit(1);
}

/* Revalue holder ACCT of the instrument whose mark moved (every holder
 * holds what ACC1 holds). */
static void
revalue(void *ctx, const char *acct)
{
	struct engine *e = ctx;
	int	k = e->moving;

	cpl_expo_set(e->expo, acct, &ins[k],
	    money_of(held[k], mark[k], ins[k].mult));
	e->revalued++;
}

int
main(void)
{
	struct engine eng;
	struct account acct;
	struct rule rules[20];
	struct cpl_result res;
	struct cpl_order o;
	struct cpl_env env;
	struct err err;
	int64_t	nav = 0, worst_sum = 0, broken = 0, checked = 0;
	double	t0, t1;
	size_t	nrules = sizeof rules / sizeof rules[0];
	int	i, a, n_rules_acct = 0;
	char	name[32];

	memset(&eng, 0, sizeof eng);
	eng.by_sym = hmap_new();
	eng.expo = cpl_expo_new();
	eng.acct = "ACC1";
	eng.rules = rules;
	if (account_init(&acct, "ACC1", &err) == -1) {
		fprintf(stderr, "bench-compliance: %s\n", err.msg);
		return 1;
	}

	/* 10,000 instruments: equities, a bond in ten, an option on an
	 * equity in ten (so restricted issuers follow underlyings). */
	for (i = 0; i < NINST; i++) {
		enum asset_class cls = i % 10 == 3 ? ASSET_BOND :
		    i % 10 == 7 ? ASSET_OPTION : ASSET_EQUITY;

		snprintf(name, sizeof name, "S%05d", i);
		if (instrument_init(&ins[i], name, cls, "USD", &err) == -1) {
			fprintf(stderr, "bench-compliance: %s\n", err.msg);
			return 1;
		}
		snprintf(ins[i].issuer, sizeof ins[i].issuer, "Issuer %03d",
		    i % NISSUER);
		snprintf(ins[i].sector, sizeof ins[i].sector, "%s",
		    sectors[i % NSECTOR]);
		if (cls == ASSET_OPTION) {
			snprintf(ins[i].underlying, sizeof ins[i].underlying,
			    "S%05d", i - 7);
			ins[i].issuer[0] = '\0';
		}
		mark[i] = (20 + i % 180) * PX_SCALE + (i % 100) * 1000000;
		held[i] = cls == ASSET_BOND ? 100000 : 1000 + i % 500;
		hmap_put(eng.by_sym, ins[i].symbol, &ins[i]);
	}
	/* ACC1 holds all of them; twenty other accounts 500 each. */
	for (i = 0; i < NINST; i++) {
		int64_t	mv = money_of(held[i], mark[i], ins[i].mult);

		cpl_expo_set(eng.expo, "ACC1", &ins[i], mv);
		nav += mv;
	}
	for (a = 0; a < NOTHER; a++) {
		snprintf(name, sizeof name, "ACC%d", a + 2);
		for (i = 0; i < NOTHER_POS; i++) {
			int	k = (a * 7919 + i * 104729) % NINST;

			cpl_expo_set(eng.expo, name, &ins[k],
			    money_of(held[k], mark[k], ins[k].mult));
		}
	}
	acct.nav = nav + nav / 10;	/* some cash on top */

	add_rule(&rules[0], "R01", "kind=restricted sym=S09999 action=block");
	add_rule(&rules[1], "R02", "kind=restricted issuer=Issuer_199 "
	    "acct=ACC1 action=block");
	add_rule(&rules[2], "R03", "kind=restricted issuer=Issuer_013 "
	    "action=review");
	add_rule(&rules[3], "R04", "kind=max_notional limit=5m "
	    "action=block");
	add_rule(&rules[4], "R05", "kind=max_notional limit=1m warn_at=800k "
	    "acct=ACC1 action=review");
	add_rule(&rules[5], "R06", "kind=max_qty limit=100k action=block");
	add_rule(&rules[6], "R07", "kind=max_qty limit=10k sym=S00042 "
	    "acct=ACC1");
	add_rule(&rules[7], "R08", "kind=price_collar pct=10 action=block");
	add_rule(&rules[8], "R09", "kind=price_collar pct=5 warn_at=3 "
	    "acct=ACC1");
	add_rule(&rules[9], "R10", "kind=position_limit sym=S00001 "
	    "limit=50000 action=block");
	add_rule(&rules[10], "R11", "kind=position_limit sym=S00002 "
	    "limit=50000 warn_at=40000 acct=ACC1");
	add_rule(&rules[11], "R12", "kind=concentration pct=5 by=symbol "
	    "acct=ACC1 action=block");
	add_rule(&rules[12], "R13", "kind=concentration pct=10 by=issuer "
	    "warn_at=8 acct=ACC1");
	add_rule(&rules[13], "R14", "kind=concentration pct=25 by=sector "
	    "acct=ACC1 action=review");
	add_rule(&rules[14], "R15", "kind=concentration pct=15 by=issuer "
	    "action=warn");
	add_rule(&rules[15], "R16", "kind=short_sale acct=ACC1 "
	    "action=block");
	add_rule(&rules[16], "R17", "kind=asset_class "
	    "allow=equity,bond,option acct=ACC1 action=block");
	add_rule(&rules[17], "R18", "kind=rate_limit per_s=1000 "
	    "action=block");
	add_rule(&rules[18], "R19", "kind=rate_limit per_s=100 trader=alice "
	    "warn_at=80 acct=ACC1");
	add_rule(&rules[19], "R20", "kind=max_qty limit=500k warn_at=400k "
	    "action=block");
	for (i = 0; i < (int)nrules; i++)
		if (rules[i].acct[0] != '\0')
			n_rules_acct++;

	memset(&env, 0, sizeof env);
	env.ctx = &eng;
	env.acct = &acct;
	env.fx = PX_SCALE;
	env.working = cb_working;
	env.group_value = cb_group;
	env.instrument = cb_instrument;
	env.rate_count = cb_rate;
	memset(&o, 0, sizeof o);
	o.acct = "ACC1";

	t0 = now_s();
	for (i = 0; i < NCHECK; i++) {
		int	k = (int)(((int64_t)i * 7919) % NINST);
		int	s = i & 3;

		/* What the engine fills in per order: cheap array reads. */
		o.in = &ins[k];
		o.side = s == 0 ? SIDE_BUY : s == 1 ? SIDE_SELL :
		    s == 2 ? SIDE_SHORT : SIDE_COVER;
		o.qty = o.leaves = 100 + i % 900;
		o.user = (i & 1) ? "alice" : "bob";
		/* Limit orders within 2% of the mark; one in eight market. */
		o.limit_px = (i & 7) == 5 ? 0 :
		    mark[k] + (mark[k] / 100) * ((i % 5) - 2);
		env.mark = mark[k];
		env.position = held[k];
		eng.working[0] = (i % 3) * 100;
		eng.working[1] = -(int64_t)(i % 4) * 100;
		/* A new second every 50 orders. */
		if (i % 50 == 0)
			memset(eng.rate, 0, sizeof eng.rate);
		cpl_check(rules, nrules, &o, &env, &res);
		for (a = 17; a <= 18; a++)
			eng.rate[a]++;
		worst_sum += res.worst;
		broken += res.broken;
		checked += res.checked;
	}
	t1 = now_s();
	printf("compliance: %zu rules (%d for the account), %d positions: "
	    "%d checks, average %.2f us per order (target 5 us)\n", nrules,
	    n_rules_acct, NINST, NCHECK, (t1 - t0) * 1e6 / NCHECK);
	printf("compliance: %.1f rules applied and %.3f broken per order, "
	    "worst sum %lld\n", (double)checked / NCHECK,
	    (double)broken / NCHECK, (long long)worst_sum);

	/* Mark moves: revalue every holder of the symbol. */
	t0 = now_s();
	for (i = 0; i < NMOVE; i++) {
		int	k = (int)(((int64_t)i * 104729) % NINST);

		mark[k] += (i & 1) ? 1000000 : -1000000;
		eng.moving = k;
		cpl_expo_each_holder(eng.expo, ins[k].symbol, revalue, &eng);
	}
	t1 = now_s();
	printf("compliance: %d mark moves, %.2f holders each: average %.2f "
	    "us per move, %.3f us per cpl_expo_set\n", NMOVE,
	    (double)eng.revalued / NMOVE, (t1 - t0) * 1e6 / NMOVE,
	    (t1 - t0) * 1e6 / (double)eng.revalued);
	/* The sector sums must still add up to ACC1's holdings. */
	{
		int64_t	sum = 0, want = 0;

		for (i = 0; i < NSECTOR; i++)
			sum += cpl_expo_group(eng.expo, "ACC1",
			    RULE_BY_SECTOR, sectors[i]);
		for (i = 0; i < NINST; i++)
			want += money_of(held[i], mark[i], ins[i].mult);
		printf("compliance: ACC1 sector sums %s\n",
		    sum == want ? "agree with its positions" : "DISAGREE");
	}
	cpl_expo_free(eng.expo);
	hmap_free(eng.by_sym);
	return 0;
}
