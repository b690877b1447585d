/* tests/check_compliance.c: unit tests of the compliance rules
 * (src/core/compliance.c): names, reading rules key by key, validating and
 * writing them back, every rule kind just inside and just outside its
 * boundary, actions and warning tiers, scoping, post-trade checks and the
 * exposure table that feeds concentration.
 *
 * Rules are written as the text a user types after "rule add ID", and
 * prices and amounts as text parsed with fixed_parse(), so each case reads
 * like a trading desk's rulebook.  One small world (instruments, an
 * account, an exposure table, stored working orders and an order count)
 * stands behind the callbacks of struct cpl_env. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "compliance.h"
#include "err.h"
#include "fixed.h"
#include "hmap.h"
#include "instrument.h"
#include "order.h"
#include "testlib.h"

/* Set each key=value word of TEXT (values may be double-quoted) on R;
 * -1 with ERR at the first refusal. */
static int
rule_apply(struct rule *r, const char *text, struct err *err)
{
	char	key[64], val[256];
	const char *p = text;
	size_t	n;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return 0;
		for (n = 0; *p != '=' && *p != ' ' && *p != '\0'; p++)
			key[n++] = *p;
		key[n] = '\0';
		if (*p == '=')
			p++;
		n = 0;
		if (*p == '"') {
			for (p++; *p != '"' && *p != '\0'; p++)
				val[n++] = *p;
			if (*p == '"')
				p++;
		} else
			for (; *p != ' ' && *p != '\0'; p++)
				val[n++] = *p;
		val[n] = '\0';
		if (rule_set(r, key, val, err) == -1)
			return -1;
	}
}

/* Rule ID from TEXT; it must read and validate. */
static struct rule
mk_rule(const char *id, const char *text)
{
	struct rule r;
	struct err err;

	ck_assert_msg(rule_init(&r, id, &err) == 0, "%s: %s", id, err.msg);
	ck_assert_msg(rule_apply(&r, text, &err) == 0, "%s: %s", text,
	    err.msg);
	ck_assert_msg(rule_validate(&r, &err) == 0, "%s: %s", text, err.msg);
	return r;
}

/* The message rule_apply() and rule_validate() give for TEXT ("" when
 * the rule is accepted). */
static const char *
rule_error(const char *text)
{
	static struct err err;
	struct rule r;

	ck_assert(rule_init(&r, "R1", &err) == 0);
	if (rule_apply(&r, text, &err) == 0 && rule_validate(&r, &err) == 0)
		return "";
	return err.msg;
}

/* Whether A and B are the same rule, field by field. */
static bool
rule_eq(const struct rule *a, const struct rule *b)
{
	return strcmp(a->id, b->id) == 0 && a->kind == b->kind &&
	    a->action == b->action && a->enabled == b->enabled &&
	    strcmp(a->acct, b->acct) == 0 && strcmp(a->sym, b->sym) == 0 &&
	    strcmp(a->issuer, b->issuer) == 0 &&
	    strcmp(a->trader, b->trader) == 0 && a->by == b->by &&
	    a->allow == b->allow && a->limit == b->limit &&
	    a->warn_at == b->warn_at && a->have_kind == b->have_kind &&
	    a->limit_key == b->limit_key;
}

/* -------------------------------------------------------------------- world */

#define NINST	16

/* What the callbacks of an env read. */
struct world {
	struct account acct;
	struct instrument ins[NINST];
	int	nins;
	struct hmap *by_sym;
	struct cpl_expo *expo;
	int64_t	work_buy, work_sell;	/* signed leaves of other orders */
	int64_t	rate;			/* orders already this second */
	int	calls;			/* callback calls */
};

static struct world W;

/* Add instrument SYM to the world. */
static struct instrument *
add_ins(const char *sym, enum asset_class cls, const char *ccy,
    const char *issuer, const char *sector, const char *under)
{
	struct instrument *in = &W.ins[W.nins++];

	*in = testlib_instrument(sym, cls, ccy);
	str_copy(in->issuer, sizeof in->issuer, issuer);
	str_copy(in->sector, sizeof in->sector, sector);
	str_copy(in->underlying, sizeof in->underlying, under);
	hmap_put(W.by_sym, in->symbol, in);
	return in;
}

/* The world's instrument SYM; it must exist. */
static const struct instrument *
I(const char *sym)
{
	const struct instrument *in = hmap_get(W.by_sym, sym);

	ck_assert_msg(in != NULL, "no instrument %s", sym);
	return in;
}

static void
setup(void)
{
	struct err err;

	memset(&W, 0, sizeof W);
	W.by_sym = hmap_new();
	W.expo = cpl_expo_new();
	ck_assert(account_init(&W.acct, "ACC1", &err) == 0);
	W.acct.nav = M("1000000");
	add_ins("AAPL", ASSET_EQUITY, "USD", "Apple Inc.", "Technology", "");
	add_ins("AAPLB", ASSET_BOND, "USD", "Apple Inc.", "Technology", "");
	add_ins("AAPLC1", ASSET_OPTION, "USD", "OCC", "Derivatives", "AAPL");
	add_ins("MSFT", ASSET_EQUITY, "USD", "Microsoft Corp.", "Technology",
	    "");
	add_ins("XOM", ASSET_EQUITY, "USD", "Exxon Mobil", "Energy", "");
	add_ins("SAP", ASSET_EQUITY, "EUR", "SAP SE", "Technology", "");
	add_ins("BUND", ASSET_BOND, "EUR", "Germany", "Sovereign", "");
	add_ins("SPX", ASSET_EQUITY, "USD", "S&P", "Index", "");
	add_ins("ESZ5", ASSET_FUTURE, "USD", "CME", "Derivatives", "SPX");
	add_ins("SPXW", ASSET_OPTION, "USD", "CBOE", "Derivatives", "ESZ5");
	add_ins("LOOPA", ASSET_OPTION, "USD", "", "", "LOOPB");
	add_ins("LOOPB", ASSET_OPTION, "USD", "", "", "LOOPA");
	add_ins("BARE", ASSET_EQUITY, "USD", "", "", "");
}

static void
teardown(void)
{
	hmap_free(W.by_sym);
	cpl_expo_free(W.expo);
}

static const struct instrument *
cb_instrument(void *ctx, const char *sym)
{
	struct world *w = ctx;

	w->calls++;
	return hmap_get(w->by_sym, sym);
}

static int64_t
cb_working(void *ctx, int dir)
{
	struct world *w = ctx;

	w->calls++;
	return dir > 0 ? w->work_buy : w->work_sell;
}

static int64_t
cb_group(void *ctx, enum rule_by by, const char *key)
{
	struct world *w = ctx;

	w->calls++;
	return cpl_expo_group(w->expo, w->acct.id, by, key);
}

static int64_t
cb_rate(void *ctx, const struct rule *r)
{
	struct world *w = ctx;

	(void)r;
	w->calls++;
	return w->rate;
}

/* An env over the world: MARK (text, "" none), POSITION units, fx 1. */
static struct cpl_env
env_of(const char *mark, int64_t position)
{
	struct cpl_env env;

	memset(&env, 0, sizeof env);
	env.ctx = &W;
	env.acct = &W.acct;
	env.mark = mark[0] != '\0' ? P(mark) : 0;
	env.position = position;
	env.fx = PX_SCALE;
	env.working = cb_working;
	env.group_value = cb_group;
	env.instrument = cb_instrument;
	env.rate_count = cb_rate;
	return env;
}

/* A new order of ACC1 by alice: SIDE QTY SYM at limit PX ("" market). */
static struct cpl_order
ord(enum order_side side, int64_t qty, const char *sym, const char *px)
{
	struct cpl_order o;

	memset(&o, 0, sizeof o);
	o.acct = "ACC1";
	o.user = "alice";
	o.in = I(sym);
	o.side = side;
	o.qty = o.leaves = qty;
	o.limit_px = px[0] != '\0' ? P(px) : 0;
	return o;
}

static struct cpl_result RES;

/* Check O in ENV against the one rule TEXT; returns its outcome. */
static enum rule_action
check1(const char *text, const struct cpl_order *o,
    const struct cpl_env *env)
{
	struct rule r = mk_rule("R1", text);

	cpl_check(&r, 1, o, env, &RES);
	ck_assert_int_eq(RES.broken, RES.n);
	if (RES.n > 0) {
		ck_assert_str_eq(RES.out[0].rule_id, "R1");
		ck_assert_int_eq(RES.out[0].kind, r.kind);
		ck_assert_int_eq(RES.out[0].outcome, RES.worst);
	}
	return RES.worst;
}

/* The detail of the first outcome of the last check. */
static const char *
detail(void)
{
	ck_assert_int_ge(RES.n, 1);
	return RES.out[0].detail;
}

/* -------------------------------------------------------------------- names */

START_TEST(test_role_names)
{
	enum user_role r;
	int	i;

	for (i = 0; i < ROLE_COUNT; i++) {
		ck_assert_int_eq(user_role_parse(user_role_name(
		    (enum user_role)i), &r), 0);
		ck_assert_int_eq(r, i);
	}
	ck_assert_str_eq(user_role_name(ROLE_PM), "pm");
	ck_assert_int_eq(user_role_parse("Compliance", &r), 0);
	ck_assert_int_eq(r, ROLE_COMPLIANCE);
	ck_assert_int_eq(user_role_parse("boss", &r), -1);
	ck_assert_int_eq(user_role_parse("", &r), -1);
	ck_assert_int_eq(user_role_parse(NULL, &r), -1);
	ck_assert_str_eq(user_role_name(ROLE_COUNT), "?");
}
END_TEST

START_TEST(test_kind_names)
{
	static const char *const names[] = { "restricted", "max_notional",
		"max_qty", "price_collar", "position_limit", "concentration",
		"short_sale", "asset_class", "rate_limit" };
	enum rule_kind k;
	int	i;

	ck_assert_int_eq(sizeof names / sizeof names[0], RULE_KIND_COUNT);
	for (i = 0; i < RULE_KIND_COUNT; i++) {
		ck_assert_str_eq(rule_kind_name((enum rule_kind)i), names[i]);
		ck_assert_int_eq(rule_kind_parse(names[i], &k), 0);
		ck_assert_int_eq(k, i);
	}
	ck_assert_int_eq(rule_kind_parse("MAX_QTY", &k), 0);
	ck_assert_int_eq(k, RULE_MAX_QTY);
	ck_assert_int_eq(rule_kind_parse("max-qty", &k), -1);
	ck_assert_int_eq(rule_kind_parse(NULL, &k), -1);
	ck_assert_str_eq(rule_kind_name(RULE_KIND_COUNT), "?");
}
END_TEST

START_TEST(test_action_names)
{
	enum rule_action a = RULE_PASS;

	ck_assert_str_eq(rule_action_name(RULE_PASS), "pass");
	ck_assert_str_eq(rule_action_name(RULE_WARN), "warn");
	ck_assert_str_eq(rule_action_name(RULE_REVIEW), "review");
	ck_assert_str_eq(rule_action_name(RULE_BLOCK), "block");
	ck_assert_int_eq(rule_action_parse("warn", &a), 0);
	ck_assert_int_eq(a, RULE_WARN);
	ck_assert_int_eq(rule_action_parse("Review", &a), 0);
	ck_assert_int_eq(a, RULE_REVIEW);
	ck_assert_int_eq(rule_action_parse("block", &a), 0);
	ck_assert_int_eq(a, RULE_BLOCK);
	/* A rule cannot be told to pass. */
	ck_assert_int_eq(rule_action_parse("pass", &a), -1);
	ck_assert_int_eq(rule_action_parse("reject", &a), -1);
	ck_assert_int_eq(a, RULE_BLOCK);
	ck_assert(RULE_PASS < RULE_WARN && RULE_WARN < RULE_REVIEW &&
	    RULE_REVIEW < RULE_BLOCK);
}
END_TEST

START_TEST(test_by_names)
{
	ck_assert_str_eq(rule_by_name(RULE_BY_SYMBOL), "symbol");
	ck_assert_str_eq(rule_by_name(RULE_BY_ISSUER), "issuer");
	ck_assert_str_eq(rule_by_name(RULE_BY_SECTOR), "sector");
	ck_assert_str_eq(rule_by_name(RULE_BY_COUNT), "?");
	ck_assert(cpl_post_trade_kind(RULE_POSITION_LIMIT));
	ck_assert(cpl_post_trade_kind(RULE_CONCENTRATION));
	ck_assert(!cpl_post_trade_kind(RULE_MAX_QTY));
	ck_assert(!cpl_post_trade_kind(RULE_SHORT_SALE));
	ck_assert(!cpl_post_trade_kind(RULE_RATE_LIMIT));
}
END_TEST

/* ----------------------------------------------------------------- rule_set */

START_TEST(test_rule_init)
{
	struct rule r;
	struct err err;
	char	longid[RULE_ID_MAX + 1];

	ck_assert_int_eq(rule_init(&r, "R1", &err), 0);
	ck_assert_str_eq(r.id, "R1");
	ck_assert(!r.have_kind);
	ck_assert_int_eq(r.action, RULE_REVIEW);
	ck_assert(r.enabled);
	ck_assert_str_eq(r.acct, "");
	ck_assert_int_eq(r.by, RULE_BY_SYMBOL);
	ck_assert_int_eq(r.limit, 0);
	ck_assert_int_eq(r.warn_at, 0);
	ck_assert_int_eq(r.limit_key, RULE_KEY_NONE);
	ck_assert_int_eq(rule_init(&r, "", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "is not a valid rule id"));
	ck_assert_int_eq(rule_init(&r, "a b", &err), -1);
	ck_assert_int_eq(rule_init(&r, NULL, &err), -1);
	memset(longid, 'x', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	ck_assert_int_eq(rule_init(&r, longid, &err), -1);
	longid[RULE_ID_MAX - 1] = '\0';
	ck_assert_int_eq(rule_init(&r, longid, &err), 0);
}
END_TEST

START_TEST(test_rule_set_unknown_key)
{
	ck_assert_str_eq(rule_error("kind=max_qty foo=1"),
	    "rule R1: unknown parameter 'foo' (kind, action, acct, sym, "
	    "issuer, trader, by, allow, limit, pct, per_s, warn_at)");
	ck_assert_ptr_nonnull(strstr(rule_error("=5"), "has no name"));
}
END_TEST

START_TEST(test_rule_set_bad_numbers)
{
	static const struct { const char *text, *msg; } cases[] = {
		{ "kind=max_qty limit=12x",
		  "rule R1: limit '12x' is not a number" },
		{ "kind=max_qty limit=",
		  "rule R1: limit '' is not a number" },
		{ "kind=max_qty limit=-5",
		  "rule R1: limit '-5' is negative" },
		{ "kind=max_qty limit=1.5",
		  "rule R1: limit '1.5' is not a whole number" },
		{ "kind=max_qty limit=2000000m",
		  "rule R1: limit '2000000m' is too large" },
		{ "kind=max_notional limit=1.0000001",
		  "rule R1: limit '1.0000001' has more than 6 decimals" },
		{ "kind=max_notional limit=5mm",
		  "rule R1: limit '5mm' is not a number" },
		{ "kind=price_collar pct=five",
		  "rule R1: pct 'five' is not a number" },
		{ "kind=concentration pct=1.000000001",
		  "rule R1: pct '1.000000001' has more than 8 decimals" },
		{ "kind=rate_limit per_s=2.5",
		  "rule R1: per_s '2.5' is not a whole number" },
		{ "kind=rate_limit per_s=5k",
		  "rule R1: per_s '5k' is not a number" },
		{ "kind=max_qty limit=1000 warn_at=8OO",
		  "rule R1: warn_at '8OO' is not a number" },
		{ "limit=99999999999999999999",
		  "rule R1: limit '99999999999999999999' is too large" },
		/* Read before the kind, converted when it comes. */
		{ "limit=1.5 kind=max_qty",
		  "rule R1: limit 1.5 is not a whole number" },
		{ "warn_at=2.5 kind=rate_limit per_s=5",
		  "rule R1: warn_at 2.5 is not a whole number" },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(rule_error(cases[i].text), cases[i].msg);
}
END_TEST

START_TEST(test_rule_set_bad_words)
{
	ck_assert_str_eq(rule_error("kind=max_size limit=5"),
	    "rule R1: unknown kind 'max_size' (restricted, max_notional, "
	    "max_qty, price_collar, position_limit, concentration, "
	    "short_sale, asset_class, rate_limit)");
	ck_assert_str_eq(rule_error("kind=max_qty limit=5 action=reject"),
	    "rule R1: action 'reject' is not warn, review or block");
	ck_assert_str_eq(rule_error("kind=max_qty limit=5 action=pass"),
	    "rule R1: action 'pass' is not warn, review or block");
	ck_assert_str_eq(rule_error("kind=concentration pct=5 by=country"),
	    "rule R1: by 'country' is not symbol, issuer or sector");
	ck_assert_str_eq(rule_error("kind=asset_class allow=equity,stock"),
	    "rule R1: 'stock' is not an asset class (equity, bond, fx, "
	    "future, option)");
	ck_assert_ptr_nonnull(strstr(rule_error("kind=asset_class "
	    "allow=equity,,bond"), "not a list of asset classes"));
	ck_assert_ptr_nonnull(strstr(rule_error("kind=asset_class allow="),
	    "not a list of asset classes"));
	ck_assert_str_eq(rule_error("kind=restricted sym=\"A B\""),
	    "rule R1: 'A B' is not a valid symbol");
	ck_assert_str_eq(rule_error("kind=max_qty limit=5 acct=a#b"),
	    "rule R1: 'a#b' is not a valid account");
	ck_assert_str_eq(rule_error("kind=rate_limit per_s=5 trader=\"\""),
	    "rule R1: '' is not a valid login");
	ck_assert_ptr_nonnull(strstr(rule_error("kind=restricted issuer="),
	    "is not a valid issuer"));
	ck_assert_str_eq(rule_error("kind=max_qty limit=5 kind=max_notional"),
	    "rule R1: kind is already max_qty");
	/* The same kind twice is harmless. */
	ck_assert_str_eq(rule_error("kind=max_qty limit=5 kind=max_qty"), "");
}
END_TEST

START_TEST(test_rule_set_unchanged_on_error)
{
	struct rule r = mk_rule("R1", "kind=max_qty limit=1000 sym=AAPL "
	    "warn_at=800 action=block"), before = r;
	struct err err;

	ck_assert_int_eq(rule_set(&r, "limit", "12x", &err), -1);
	ck_assert_int_eq(rule_set(&r, "warn_at", "-1", &err), -1);
	ck_assert_int_eq(rule_set(&r, "action", "no", &err), -1);
	ck_assert_int_eq(rule_set(&r, "kind", "max_notional", &err), -1);
	ck_assert_int_eq(rule_set(&r, "pct", "5", &err), -1);
	ck_assert_int_eq(rule_set(&r, "sym", "", &err), -1);
	ck_assert_int_eq(rule_set(&r, "bogus", "1", &err), -1);
	ck_assert(rule_eq(&r, &before));
	ck_assert_int_eq(rule_set(&r, "limit", "2k", &err), 0);
	ck_assert_int_eq(r.limit, 2000);
}
END_TEST

START_TEST(test_rule_set_order_independent)
{
	static const char *const pairs[][2] = {
		{ "kind=max_qty warn_at=800 limit=1000",
		  "warn_at=800 limit=1000 kind=max_qty" },
		{ "kind=max_notional limit=5m warn_at=4.5m",
		  "warn_at=4500000 limit=5000000.000000 kind=max_notional" },
		{ "kind=position_limit sym=AAPL limit=5k warn_at=4k",
		  "limit=5000 warn_at=4000 sym=AAPL kind=position_limit" },
		{ "kind=concentration pct=10 warn_at=8 by=issuer",
		  "limit=10 by=issuer warn_at=8 kind=concentration" },
		{ "kind=concentration pct=10 warn_at=8.5",
		  "pct=10% warn_at=8.5 kind=concentration" },
		{ "kind=price_collar pct=5 warn_at=2.5",
		  "warn_at=2.5 limit=5 kind=price_collar" },
		{ "kind=rate_limit per_s=5 warn_at=3",
		  "warn_at=3 per_s=5 kind=rate_limit" },
	};
	size_t	i;

	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		struct rule a = mk_rule("R1", pairs[i][0]);
		struct rule b = mk_rule("R1", pairs[i][1]);

		ck_assert_msg(rule_eq(&a, &b), "%s vs %s", pairs[i][0],
		    pairs[i][1]);
	}
}
END_TEST

START_TEST(test_rule_set_units)
{
	struct rule r;

	r = mk_rule("R1", "kind=max_notional limit=5m warn_at=2.5k");
	ck_assert_int_eq(r.limit, 5000000 * MONEY_SCALE);
	ck_assert_int_eq(r.warn_at, 2500 * MONEY_SCALE);
	r = mk_rule("R1", "kind=max_notional limit=1000000.01");
	ck_assert_int_eq(r.limit, M("1000000.01"));
	r = mk_rule("R1", "kind=max_qty limit=2.5k");
	ck_assert_int_eq(r.limit, 2500);
	r = mk_rule("R1", "kind=max_qty limit=1M");
	ck_assert_int_eq(r.limit, 1000000);
	r = mk_rule("R1", "kind=price_collar pct=5%");
	ck_assert_int_eq(r.limit, 5 * PX_SCALE);
	ck_assert_int_eq(r.limit_key, RULE_KEY_PCT);
	r = mk_rule("R1", "kind=concentration limit=2.5");
	ck_assert_int_eq(r.limit, P("2.5"));
	ck_assert_int_eq(r.limit_key, RULE_KEY_PCT);
	r = mk_rule("R1", "kind=rate_limit per_s=20 trader=bob");
	ck_assert_int_eq(r.limit, 20);
	ck_assert_str_eq(r.trader, "bob");
	r = mk_rule("R1", "kind=asset_class allow=Equity,bond,equity");
	ck_assert_uint_eq(r.allow, (1u << ASSET_EQUITY) | (1u << ASSET_BOND));
	r = mk_rule("R1", "kind=restricted issuer=\"Apple Inc.\" acct=ACC1 "
	    "action=block");
	ck_assert_str_eq(r.issuer, "Apple Inc.");
	ck_assert_str_eq(r.acct, "ACC1");
	ck_assert_int_eq(r.action, RULE_BLOCK);
}
END_TEST

START_TEST(test_rule_foreign_params)
{
	/* Refused when the kind is known... */
	ck_assert_str_eq(rule_error("kind=max_qty pct=5 limit=1000"),
	    "rule R1: pct does not apply to max_qty (it takes sym, limit, "
	    "warn_at)");
	ck_assert_str_eq(rule_error("kind=rate_limit limit=5"),
	    "rule R1: limit does not apply to rate_limit (it takes trader, "
	    "per_s, warn_at)");
	ck_assert_str_eq(rule_error("kind=short_sale sym=AAPL"),
	    "rule R1: sym does not apply to short_sale (it takes no "
	    "parameters)");
	ck_assert_str_eq(rule_error("kind=max_qty limit=5 by=symbol"),
	    "rule R1: by does not apply to max_qty (it takes sym, limit, "
	    "warn_at)");
	ck_assert_str_eq(rule_error("kind=restricted sym=A warn_at=3"),
	    "rule R1: warn_at does not apply to restricted (it takes sym, "
	    "issuer)");
	/* ... and whichever order the keys came in. */
	ck_assert_str_eq(rule_error("pct=5 kind=max_qty limit=1000"),
	    "rule R1: pct does not apply to max_qty (it takes sym, limit, "
	    "warn_at)");
	ck_assert_str_eq(rule_error("limit=5 kind=rate_limit"),
	    "rule R1: limit does not apply to rate_limit (it takes trader, "
	    "per_s, warn_at)");
	ck_assert_str_eq(rule_error("sym=AAPL kind=concentration pct=5"),
	    "rule R1: sym does not apply to concentration (it takes by, "
	    "pct, warn_at)");
	ck_assert_str_eq(rule_error("allow=bond kind=restricted sym=A"),
	    "rule R1: allow does not apply to restricted (it takes sym, "
	    "issuer)");
	ck_assert_str_eq(rule_error("by=sector kind=max_notional limit=1"),
	    "rule R1: by does not apply to max_notional (it takes limit, "
	    "warn_at)");
	ck_assert_str_eq(rule_error("warn_at=1 limit=2 kind=asset_class "
	    "allow=bond"),
	    "rule R1: limit does not apply to asset_class (it takes allow)");
}
END_TEST

START_TEST(test_rule_set_keys_any_case)
{
	struct rule a = mk_rule("R1", "KIND=Max_Qty LIMIT=10 Action=BLOCK");
	struct rule b = mk_rule("R1", "kind=max_qty limit=10 action=block");

	ck_assert(rule_eq(&a, &b));
}
END_TEST

START_TEST(test_rule_validate_missing)
{
	static const struct { const char *text, *msg; } cases[] = {
		{ "", "rule R1: kind= is missing (restricted, max_notional, "
		  "max_qty, price_collar, position_limit, concentration, "
		  "short_sale, asset_class, rate_limit)" },
		{ "limit=5 action=block", "rule R1: kind= is missing "
		  "(restricted, max_notional, max_qty, price_collar, "
		  "position_limit, concentration, short_sale, asset_class, "
		  "rate_limit)" },
		{ "kind=restricted",
		  "rule R1: restricted needs sym= or issuer=" },
		{ "kind=max_notional",
		  "rule R1: max_notional needs limit= above zero" },
		{ "kind=max_notional limit=0",
		  "rule R1: max_notional needs limit= above zero" },
		{ "kind=max_qty sym=AAPL",
		  "rule R1: max_qty needs limit= above zero" },
		{ "kind=price_collar",
		  "rule R1: price_collar needs pct= above zero" },
		{ "kind=concentration by=issuer",
		  "rule R1: concentration needs pct= above zero" },
		{ "kind=position_limit limit=5",
		  "rule R1: position_limit needs sym=" },
		{ "kind=position_limit sym=AAPL",
		  "rule R1: position_limit needs limit= above zero" },
		{ "kind=asset_class", "rule R1: asset_class needs allow= "
		  "(some of equity, bond, fx, future, option)" },
		{ "kind=rate_limit trader=bob",
		  "rule R1: rate_limit needs per_s= above zero" },
		{ "kind=rate_limit per_s=0",
		  "rule R1: rate_limit needs per_s= above zero" },
		{ "kind=short_sale", "" },
		{ "kind=short_sale action=warn acct=ACC9", "" },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(rule_error(cases[i].text), cases[i].msg);
}
END_TEST

START_TEST(test_rule_validate_warn_at)
{
	ck_assert_str_eq(rule_error("kind=max_qty limit=1000 warn_at=1000"),
	    "rule R1: warn_at 1,000 must be below the limit 1,000");
	ck_assert_str_eq(rule_error("kind=max_qty warn_at=1001 limit=1000"),
	    "rule R1: warn_at 1,001 must be below the limit 1,000");
	ck_assert_str_eq(rule_error("kind=max_notional limit=1m "
	    "warn_at=2m"), "rule R1: warn_at 2,000,000.00 must be below "
	    "the limit 1,000,000.00");
	ck_assert_str_eq(rule_error("kind=concentration pct=10 warn_at=10"),
	    "rule R1: warn_at 10% must be below the limit 10%");
	ck_assert_str_eq(rule_error("kind=rate_limit per_s=5 warn_at=5"),
	    "rule R1: warn_at 5 must be below the limit 5");
	ck_assert_str_eq(rule_error("kind=max_qty limit=1000 warn_at=999"),
	    "");
	ck_assert_str_eq(rule_error("kind=price_collar pct=5 "
	    "warn_at=4.99999999"), "");
}
END_TEST

START_TEST(test_rule_validate_built_in_code)
{
	struct rule r;
	struct err err;

	/* A rule filled in field by field, as a store might load it. */
	ck_assert_int_eq(rule_init(&r, "R9", &err), 0);
	r.kind = RULE_CONCENTRATION;
	r.have_kind = true;
	r.limit = 10 * PX_SCALE;
	r.by = RULE_BY_SECTOR;
	ck_assert_int_eq(rule_validate(&r, &err), 0);
	r.kind = RULE_RESTRICTED;
	r.by = RULE_BY_SYMBOL;
	strcpy(r.sym, "AAPL");
	ck_assert_int_eq(rule_validate(&r, &err), -1);
	ck_assert_str_eq(err.msg, "rule R9: limit does not apply to "
	    "restricted (it takes sym, issuer)");
	r.limit = 0;
	ck_assert_int_eq(rule_validate(&r, &err), 0);
	r.action = RULE_PASS;
	ck_assert_int_eq(rule_validate(&r, &err), -1);
	ck_assert_str_eq(err.msg, "rule R9: action must be warn, review or "
	    "block");
}
END_TEST

/* ------------------------------------------------------------------- format */

START_TEST(test_rule_format_text)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "limit=1000 kind=max_qty action=block",
		  "kind=max_qty limit=1000 action=block" },
		{ "kind=max_qty limit=1k sym=AAPL warn_at=800 acct=ACC1",
		  "kind=max_qty sym=AAPL limit=1000 warn_at=800 acct=ACC1 "
		  "action=review" },
		{ "kind=max_notional limit=5m warn_at=4000000.5",
		  "kind=max_notional limit=5000000 warn_at=4000000.5 "
		  "action=review" },
		{ "kind=restricted issuer=\"Apple Inc.\" action=block",
		  "kind=restricted issuer=\"Apple Inc.\" action=block" },
		{ "kind=concentration limit=10 by=issuer action=warn",
		  "kind=concentration by=issuer pct=10 action=warn" },
		{ "kind=concentration pct=2.5",
		  "kind=concentration by=symbol pct=2.5 action=review" },
		{ "kind=asset_class allow=bond,equity",
		  "kind=asset_class allow=equity,bond action=review" },
		{ "kind=rate_limit per_s=5 trader=bob warn_at=3",
		  "kind=rate_limit trader=bob per_s=5 warn_at=3 "
		  "action=review" },
		{ "kind=short_sale", "kind=short_sale action=review" },
	};
	struct rule r;
	char	buf[256];
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = mk_rule("R1", cases[i].in);
		ck_assert_str_eq(rule_format(&r, buf, sizeof buf),
		    cases[i].out);
	}
	/* A short buffer is cut, never overrun. */
	r = mk_rule("R1", cases[1].in);
	ck_assert_str_eq(rule_format(&r, buf, 10), "kind=max_");
	ck_assert_ptr_eq(rule_format(&r, buf, 0), buf);
}
END_TEST

START_TEST(test_rule_format_roundtrip)
{
	static const char *const texts[] = {
		"kind=restricted sym=AAPL action=block",
		"kind=restricted issuer=\"Apple Inc.\" acct=ACC1",
		"kind=restricted sym=X issuer=\"Big #1 Corp\"",
		"kind=max_notional limit=1000000.01 warn_at=900000 action=warn",
		"kind=max_notional limit=2.5m acct=ACC2",
		"kind=max_qty limit=1000",
		"kind=max_qty limit=1000 sym=AAPL warn_at=999 action=block",
		"kind=price_collar pct=5 warn_at=2.5",
		"kind=price_collar pct=0.00000001",
		"kind=position_limit sym=AAPL limit=5000 warn_at=4000",
		"kind=concentration pct=10",
		"kind=concentration pct=10 by=issuer warn_at=8",
		"kind=concentration pct=12.5 by=sector action=block",
		"kind=short_sale action=block acct=ACC1",
		"kind=asset_class allow=equity,bond,fx,future,option",
		"kind=asset_class allow=future",
		"kind=rate_limit per_s=5",
		"kind=rate_limit per_s=100 trader=alice warn_at=80",
	};
	char	buf[256];
	size_t	i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct rule a = mk_rule("R1", texts[i]), b;

		rule_format(&a, buf, sizeof buf);
		b = mk_rule("R1", buf);
		ck_assert_msg(rule_eq(&a, &b), "%s -> %s", texts[i], buf);
	}
}
END_TEST

/* ------------------------------------------------------------------ max_qty */

START_TEST(test_max_qty_boundary)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 1000, "AAPL", "100");
	const char *r = "kind=max_qty limit=1000 action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 1);
	ck_assert_int_eq(RES.broken, 0);
	o.qty = o.leaves = 1001;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_int_eq(RES.broken, 1);
	ck_assert_str_eq(detail(), "quantity 1,001 exceeds the limit 1,000");
	/* Sells count the same. */
	o.side = SIDE_SELL;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	/* No callback is needed to count a quantity. */
	ck_assert_int_eq(W.calls, 0);
}
END_TEST

START_TEST(test_max_qty_symbol)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 5000, "MSFT", "100");
	const char *r = "kind=max_qty limit=1000 sym=AAPL action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	o.in = I("AAPL");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_int_eq(RES.checked, 1);
}
END_TEST

START_TEST(test_max_qty_replace_uses_qty)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 1200, "AAPL", "100");

	/* Replaced up to 1,200 with 800 already filled: the new total
	 * counts, not what is left. */
	o.replace = true;
	o.leaves = 400;
	ck_assert_int_eq(check1("kind=max_qty limit=1000 action=review", &o,
	    &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "quantity 1,200 exceeds the limit 1,000");
}
END_TEST

/* ----------------------------------------------------------------- notional */

START_TEST(test_notional_boundary)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 10000, "AAPL", "100");
	const char *r = "kind=max_notional limit=1m action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 1);
	o.limit_px = P("100.000001");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "notional 1,000,000.01 USD exceeds the "
	    "limit 1,000,000.00 USD");
	/* A limit of 1,000,000.01 lets that same order through. */
	ck_assert_int_eq(check1("kind=max_notional limit=1000000.01", &o,
	    &env), RULE_PASS);
}
END_TEST

START_TEST(test_notional_market_uses_mark)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_SELL, 10000, "AAPL", "");
	const char *r = "kind=max_notional limit=1m action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	env.mark = P("100.000001");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	/* The limit price wins over the mark when there is one. */
	o.limit_px = P("99");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	/* Nothing to value a market order with: it breaks. */
	o.limit_px = 0;
	env.mark = 0;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "no price to value the order");
}
END_TEST

START_TEST(test_notional_fx)
{
	struct cpl_env env = env_of("", 0);
	struct cpl_order o = ord(SIDE_BUY, 1000, "SAP", "100");
	const char *r = "kind=max_notional limit=125000 action=review";

	/* 100,000 EUR at 1.25 is 125,000.00 USD, exactly the limit. */
	env.fx = P("1.25");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	/* 100,000.008 EUR is 125,000.01 USD. */
	o.limit_px = P("100.000008");
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "notional 125,000.01 USD exceeds the "
	    "limit 125,000.00 USD");
	/* An account kept in EUR needs no rate. */
	strcpy(W.acct.ccy, "EUR");
	env.fx = 0;
	o.limit_px = P("125");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.limit_px = P("125.00001");
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "notional 125,000.01 EUR exceeds the "
	    "limit 125,000.00 EUR");
	/* A USD account without an EUR rate cannot value it. */
	strcpy(W.acct.ccy, "USD");
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "no fx rate to convert EUR to USD");
}
END_TEST

START_TEST(test_notional_bond_mult)
{
	struct cpl_env env = env_of("", 0);
	struct cpl_order o = ord(SIDE_BUY, 1000000, "AAPLB", "99.5");
	const char *r = "kind=max_notional limit=995000 action=block";

	/* A bond is priced per 100 of face: 1,000,000 at 99.50 is 995,000. */
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.limit_px = P("99.500001");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "notional 995,000.01 USD exceeds the "
	    "limit 995,000.00 USD");
}
END_TEST

START_TEST(test_notional_replace_uses_qty)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 10001, "AAPL", "100");
	const char *r = "kind=max_notional limit=1m action=block";

	/* Replaced up to 10,001 with 9,000 filled: the whole order is
	 * valued, not the 1,001 left. */
	o.replace = true;
	o.leaves = 1001;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "notional 1,000,100.00 USD exceeds the "
	    "limit 1,000,000.00 USD");
	o.qty = 10000;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
}
END_TEST

/* ------------------------------------------------------------------- collar */

START_TEST(test_collar_boundary)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 10, "AAPL", "105");
	const char *r = "kind=price_collar pct=5 action=block";
	static const struct { const char *px; enum rule_action a; } cases[] = {
		{ "105", RULE_PASS },
		{ "95", RULE_PASS },
		{ "100", RULE_PASS },
		{ "105.00000001", RULE_BLOCK },
		{ "94.99999999", RULE_BLOCK },
		{ "110", RULE_BLOCK },
		{ "50", RULE_BLOCK },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		o.limit_px = P(cases[i].px);
		ck_assert_msg(check1(r, &o, &env) == cases[i].a, "%s",
		    cases[i].px);
		ck_assert_int_eq(RES.checked, 1);
	}
	o.limit_px = P("110");
	check1(r, &o, &env);
	ck_assert_str_eq(detail(), "limit 110.00 is 10.00% from the mark "
	    "100.00 (collar 5%)");
	o.limit_px = P("90");
	check1(r, &o, &env);
	ck_assert_str_eq(detail(), "limit 90.00 is 10.00% from the mark "
	    "100.00 (collar 5%)");
	/* Just past the collar shows enough decimals to tell. */
	o.limit_px = P("105.001");
	check1(r, &o, &env);
	ck_assert_str_eq(detail(), "limit 105.001 is 5.001% from the mark "
	    "100.00 (collar 5%)");
	o.limit_px = P("105.00000001");
	check1(r, &o, &env);
	ck_assert_str_eq(detail(), "limit 105.00000001 is 5.00000001% from "
	    "the mark 100.00 (collar 5%)");
}
END_TEST

START_TEST(test_collar_needs_limit_and_mark)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_SELL, 10, "AAPL", "");
	const char *r = "kind=price_collar pct=1 action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	o.limit_px = P("200");
	env.mark = 0;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	/* A mark with many digits is compared exactly: 1/3 % away. */
	env.mark = P("3");
	o.limit_px = P("3.01");
	ck_assert_int_eq(check1("kind=price_collar pct=0.33333333", &o,
	    &env), RULE_REVIEW);
	ck_assert_int_eq(check1("kind=price_collar pct=0.33333334", &o,
	    &env), RULE_PASS);
}
END_TEST

/* ----------------------------------------------------------------- position */

START_TEST(test_position_limit_working)
{
	struct cpl_env env = env_of("100", 3000);
	struct cpl_order o = ord(SIDE_BUY, 1000, "AAPL", "100");
	const char *r = "kind=position_limit sym=AAPL limit=5000 action=block";

	W.work_buy = 1000;
	W.work_sell = -4000;
	/* 3,000 held + 1,000 working + 1,000 = 5,000: at the limit. */
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 1);
	o.qty = o.leaves = 1001;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "position after the order 5,001 exceeds "
	    "the limit 5,000");
	/* Covering buys count with buys. */
	o.side = SIDE_COVER;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	/* Only the order's direction counts: a sell goes the other way. */
	o.side = SIDE_SELL;
	o.qty = o.leaves = 4000;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	/* Short side: -3,000 - 4,000 working - 1,000 is past -5,000. */
	env.position = -3000;
	o.side = SIDE_SHORT;
	o.qty = o.leaves = 1000;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "position after the order -8,000 exceeds "
	    "the limit 5,000");
	W.work_sell = -1000;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.leaves = 1001;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
}
END_TEST

START_TEST(test_position_limit_other_symbol)
{
	struct cpl_env env = env_of("100", 1000000);
	struct cpl_order o = ord(SIDE_BUY, 1000, "MSFT", "100");

	ck_assert_int_eq(check1("kind=position_limit sym=AAPL limit=5 "
	    "action=block", &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	ck_assert_int_eq(W.calls, 0);
}
END_TEST

START_TEST(test_position_limit_replace)
{
	struct cpl_env env = env_of("100", 4000);
	struct cpl_order o = ord(SIDE_BUY, 3000, "AAPL", "100");
	const char *r = "kind=position_limit sym=AAPL limit=5000 action=block";

	/* Replaced up to 3,000 with 2,000 already in the position: only
	 * the 1,000 left open can still add to it. */
	o.replace = true;
	o.leaves = 1000;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.leaves = 1001;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "position after the order 5,001 exceeds "
	    "the limit 5,000");
}
END_TEST

/* ------------------------------------------------------------ concentration */

/* Holdings of ACC1: Apple 40,000 + 30,000 (bond), Microsoft 20,000,
 * Exxon 10,000 (NAV 1,000,000). */
static void
hold_some(void)
{
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("40000"));
	cpl_expo_set(W.expo, "ACC1", I("AAPLB"), M("30000"));
	cpl_expo_set(W.expo, "ACC1", I("MSFT"), M("20000"));
	cpl_expo_set(W.expo, "ACC1", I("XOM"), M("10000"));
	/* Another account's holdings do not count. */
	cpl_expo_set(W.expo, "ACC2", I("AAPL"), M("900000"));
}

START_TEST(test_concentration_symbol)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 600, "AAPL", "100");
	const char *r = "kind=concentration pct=10 action=block";

	hold_some();
	/* 40,000 + 60,000 = 10% of NAV exactly. */
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 1);
	o.limit_px = P("100.00002");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "AAPL would be 10.000001% of NAV "
	    "(limit 10%)");
	o.limit_px = P("100");
	o.qty = o.leaves = 601;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "AAPL would be 10.01% of NAV (limit 10%)");
}
END_TEST

START_TEST(test_concentration_issuer)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 300, "AAPL", "100");
	const char *r = "kind=concentration pct=10 by=issuer action=review";

	hold_some();
	/* Apple: 40,000 + 30,000 + 30,000 = 100,000. */
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.qty = o.leaves = 301;
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "issuer Apple Inc. would be 10.01% of NAV "
	    "(limit 10%)");
	/* The bond adds to the same issuer: 30,000 face at 100 is 30,000
	 * with its 0.01 multiplier. */
	o = ord(SIDE_BUY, 30000, "AAPLB", "100");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.qty = o.leaves = 30001;
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "issuer Apple Inc. would be 10.0001% of "
	    "NAV (limit 10%)");
}
END_TEST

START_TEST(test_concentration_sector)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 300, "MSFT", "100");
	const char *r = "kind=concentration pct=12 by=sector action=block";

	hold_some();
	/* Technology: 40,000 + 30,000 + 20,000 + 30,000 = 12%. */
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.limit_px = P("100.00004");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "sector Technology would be 12.000001% "
	    "of NAV (limit 12%)");
	/* Energy is far from it. */
	o = ord(SIDE_BUY, 1100, "XOM", "100");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.qty = o.leaves = 1101;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "sector Energy would be 12.01% of NAV "
	    "(limit 12%)");
}
END_TEST

START_TEST(test_concentration_short)
{
	struct cpl_env env = env_of("100", -800);
	struct cpl_order o = ord(SIDE_SHORT, 200, "AAPL", "100");
	const char *r = "kind=concentration pct=10 action=block";

	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("-80000"));
	/* -80,000 - 20,000: 10% short is at the limit. */
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.qty = o.leaves = 201;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "AAPL would be 10.01% of NAV (limit 10%)");
	/* A cover takes it back toward zero. */
	o.side = SIDE_COVER;
	o.qty = o.leaves = 1000;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	/* Buying through zero to 10% long is fine, one more is not. */
	o.qty = o.leaves = 1800;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.qty = o.leaves = 1801;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
}
END_TEST

START_TEST(test_concentration_reducing)
{
	struct cpl_env env = env_of("100", 2000);
	struct cpl_order o = ord(SIDE_SELL, 100, "AAPL", "100");
	const char *r = "kind=concentration pct=10 action=block";

	/* 200,000 held: twice the limit.  Selling works the breach down. */
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("200000"));
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	/* Selling through zero to a short past the limit is not. */
	o.qty = o.leaves = 3001;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	/* Buying more is refused. */
	o = ord(SIDE_BUY, 1, "AAPL", "100");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
}
END_TEST

START_TEST(test_concentration_fx_and_nav)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 800, "SAP", "100");
	const char *r = "kind=concentration pct=10 limit=10 action=block";

	/* 80,000 EUR at 1.25 is 100,000 USD: 10%. */
	env.fx = P("1.25");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.qty = o.leaves = 801;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "SAP would be 10.01% of NAV (limit 10%)");
	env.fx = 0;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "no fx rate to convert EUR to USD");
	/* Without a NAV there is nothing to measure against. */
	W.acct.nav = 0;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	W.acct.nav = -M("5");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	env.acct = NULL;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
}
END_TEST

/* A position far past a tiny NAV, a limit far from a tiny mark: the
 * percent is formed past 64 bits and shown as it is, never wrapped. */
START_TEST(test_percent_past_64_bits)
{
	struct cpl_env env = env_of("1000000000", 0);
	struct cpl_order o = ord(SIDE_BUY, 1000, "AAPL", "1000000000");

	W.acct.nav = M("0.01");
	ck_assert_int_eq(check1("kind=concentration pct=1 action=block", &o,
	    &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "AAPL would be 10000000000000000% of NAV "
	    "(limit 1%)");
	env = env_of("0.00000001", 0);
	ck_assert_int_eq(check1("kind=price_collar pct=5 action=block", &o,
	    &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "limit 1,000,000,000.00 is "
	    "9999999999999999900% from the mark 0.00000001 (collar 5%)");
	/* Inside 64 bits: to the cent still. */
	o.limit_px = P("9");
	ck_assert_int_eq(check1("kind=price_collar pct=5 action=block", &o,
	    &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "limit 9.00 is 89999999900.00% from the "
	    "mark 0.00000001 (collar 5%)");
}
END_TEST

START_TEST(test_concentration_group_key_fallback)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 1001, "BARE", "100");

	/* No issuer: the symbol is its own issuer group. */
	ck_assert_str_eq(cpl_group_key(I("BARE"), RULE_BY_ISSUER), "BARE");
	ck_assert_str_eq(cpl_group_key(I("BARE"), RULE_BY_SECTOR), "BARE");
	ck_assert_str_eq(cpl_group_key(I("AAPL"), RULE_BY_SYMBOL), "AAPL");
	ck_assert_str_eq(cpl_group_key(I("AAPL"), RULE_BY_ISSUER),
	    "Apple Inc.");
	ck_assert_str_eq(cpl_group_key(I("AAPL"), RULE_BY_SECTOR),
	    "Technology");
	ck_assert_int_eq(check1("kind=concentration pct=10 by=issuer "
	    "action=block", &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "issuer BARE would be 10.01% of NAV "
	    "(limit 10%)");
}
END_TEST

START_TEST(test_concentration_no_price)
{
	struct cpl_env env = env_of("", 0);
	struct cpl_order o = ord(SIDE_BUY, 1, "AAPL", "");

	ck_assert_int_eq(check1("kind=concentration pct=10 action=warn", &o,
	    &env), RULE_WARN);
	ck_assert_str_eq(detail(), "no price to value the order");
	/* The mark values a market order. */
	env.mark = P("100");
	ck_assert_int_eq(check1("kind=concentration pct=10 action=warn", &o,
	    &env), RULE_PASS);
}
END_TEST

/* --------------------------------------------------------------- short sale */

START_TEST(test_short_sale)
{
	struct cpl_env env = env_of("100", 100);
	struct cpl_order o = ord(SIDE_SELL, 100, "AAPL", "100");
	const char *r = "kind=short_sale action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 1);
	o.qty = o.leaves = 101;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "sell 101 exceeds the long position 100 "
	    "(use short)");
	o.qty = o.leaves = 200;
	check1(r, &o, &env);
	ck_assert_str_eq(detail(), "sell 200 exceeds the long position 100 "
	    "(use short)");
	/* Short, cover and buy are not sells. */
	o.side = SIDE_SHORT;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	o.side = SIDE_BUY;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.side = SIDE_COVER;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
}
END_TEST

START_TEST(test_short_sale_working)
{
	struct cpl_env env = env_of("100", 100);
	struct cpl_order o = ord(SIDE_SELL, 50, "AAPL", "100");
	const char *r = "kind=short_sale action=review";

	W.work_sell = -50;
	W.work_buy = 1000;	/* working buys do not make shares to sell */
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.qty = o.leaves = 51;
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "sell 51 exceeds the long position 100 "
	    "less 50 working to sell (use short)");
	/* A replace counts what would be left open. */
	o.replace = true;
	o.qty = 80;
	o.leaves = 50;
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	/* Nothing held: any sell breaks. */
	env.position = 0;
	W.work_sell = 0;
	o.leaves = 1;
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "sell 1 with no long position (use short)");
	env.position = -10;
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
}
END_TEST

/* -------------------------------------------------------------- asset class */

START_TEST(test_asset_class)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 1, "AAPL", "100");
	const char *r = "kind=asset_class allow=bond,equity action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 1);
	o.in = I("BUND");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.in = I("ESZ5");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "class future is not allowed "
	    "(equity, bond)");
	o.in = I("SPXW");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "class option is not allowed "
	    "(equity, bond)");
}
END_TEST

/* --------------------------------------------------------------- rate limit */

START_TEST(test_rate_limit)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 1, "AAPL", "100");
	const char *r = "kind=rate_limit per_s=5 action=block";

	W.rate = 4;	/* this is the fifth */
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 1);
	W.rate = 5;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "6 orders in this second (limit 5)");
	/* A rule for bob leaves alice alone. */
	ck_assert_int_eq(check1("kind=rate_limit per_s=5 trader=bob", &o,
	    &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	ck_assert_int_eq(check1("kind=rate_limit per_s=5 trader=alice", &o,
	    &env), RULE_REVIEW);
	/* Replaces count the same. */
	o.replace = true;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	/* The first order in a second with a limit of one. */
	W.rate = 0;
	ck_assert_int_eq(check1("kind=rate_limit per_s=1", &o, &env),
	    RULE_PASS);
}
END_TEST

/* --------------------------------------------------------------- restricted */

START_TEST(test_restricted_symbol)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 1, "AAPL", "100");
	const char *r = "kind=restricted sym=AAPL action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_int_eq(RES.checked, 1);
	ck_assert_str_eq(detail(), "AAPL is restricted");
	o.side = SIDE_SELL;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	o.in = I("MSFT");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	ck_assert_int_eq(RES.checked, 1);
	/* An equity has no underlying to look up. */
	ck_assert_int_eq(W.calls, 0);
}
END_TEST

START_TEST(test_restricted_underlying)
{
	struct cpl_env env = env_of("5", 0);
	struct cpl_order o = ord(SIDE_BUY, 1, "AAPLC1", "5");

	ck_assert_int_eq(check1("kind=restricted sym=AAPL action=block", &o,
	    &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "AAPL is restricted (AAPLC1 is on AAPL)");
	/* Two levels down: an option on a future on the index. */
	o.in = I("SPXW");
	ck_assert_int_eq(check1("kind=restricted sym=SPX", &o, &env),
	    RULE_REVIEW);
	ck_assert_str_eq(detail(), "SPX is restricted (SPXW is on SPX)");
	ck_assert_int_eq(check1("kind=restricted sym=ESZ5", &o, &env),
	    RULE_REVIEW);
	/* Without a way to look instruments up only the first level is
	 * known. */
	env.instrument = NULL;
	ck_assert_int_eq(check1("kind=restricted sym=ESZ5", &o, &env),
	    RULE_REVIEW);
	ck_assert_int_eq(check1("kind=restricted sym=SPX", &o, &env),
	    RULE_PASS);
	/* A loop in the underlyings ends. */
	env.instrument = cb_instrument;
	W.calls = 0;
	o.in = I("LOOPA");
	ck_assert_int_eq(check1("kind=restricted sym=NOPE", &o, &env),
	    RULE_PASS);
	ck_assert_int_eq(check1("kind=restricted issuer=Nobody", &o, &env),
	    RULE_PASS);
	ck_assert_int_le(W.calls, 16);
}
END_TEST

START_TEST(test_restricted_issuer)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 1, "AAPL", "100");
	const char *r = "kind=restricted issuer=\"Apple Inc.\" action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "issuer Apple Inc. is restricted");
	o.in = I("AAPLB");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "issuer Apple Inc. is restricted");
	o.in = I("AAPLC1");
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "issuer Apple Inc. is restricted "
	    "(AAPLC1 is on AAPL)");
	o.in = I("MSFT");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	/* Issuer names are matched without regard to case. */
	o.in = I("AAPL");
	ck_assert_int_eq(check1("kind=restricted issuer=\"APPLE INC.\"", &o,
	    &env), RULE_REVIEW);
	/* Issuer two levels up. */
	o.in = I("SPXW");
	ck_assert_int_eq(check1("kind=restricted issuer=S&P", &o, &env),
	    RULE_REVIEW);
	ck_assert_str_eq(detail(), "issuer S&P is restricted (SPXW is on "
	    "SPX)");
}
END_TEST

START_TEST(test_restricted_sym_and_issuer)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 1, "MSFT", "100");
	const char *r = "kind=restricted sym=XOM issuer=\"Microsoft Corp.\"";

	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "issuer Microsoft Corp. is restricted");
	o.in = I("XOM");
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
	ck_assert_str_eq(detail(), "XOM is restricted");
	o.in = I("AAPL");
	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
}
END_TEST

/* ------------------------------------------------------------------ actions */

START_TEST(test_each_action)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 2, "AAPL", "100");

	ck_assert_int_eq(check1("kind=max_qty limit=1 action=warn", &o, &env),
	    RULE_WARN);
	ck_assert_int_eq(RES.out[0].outcome, RULE_WARN);
	ck_assert_str_eq(detail(), "quantity 2 exceeds the limit 1");
	ck_assert_int_eq(check1("kind=max_qty limit=1 action=review", &o,
	    &env), RULE_REVIEW);
	ck_assert_int_eq(check1("kind=max_qty limit=1 action=block", &o,
	    &env), RULE_BLOCK);
	/* Review is the default. */
	ck_assert_int_eq(check1("kind=max_qty limit=1", &o, &env),
	    RULE_REVIEW);
}
END_TEST

START_TEST(test_worst_wins)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 2000, "ESZ5", "110");
	struct rule rules[] = {
		mk_rule("QTY", "kind=max_qty limit=1000 action=warn"),
		mk_rule("CLASS", "kind=asset_class allow=equity action=block"),
		mk_rule("OK", "kind=max_qty limit=5000 action=block"),
		mk_rule("COLLAR", "kind=price_collar pct=5 action=review"),
		mk_rule("SPX", "kind=restricted sym=SPX action=warn"),
	};

	cpl_check(rules, 5, &o, &env, &RES);
	ck_assert_int_eq(RES.worst, RULE_BLOCK);
	ck_assert_int_eq(RES.checked, 5);
	ck_assert_int_eq(RES.broken, 4);
	ck_assert_int_eq(RES.n, 4);
	ck_assert_str_eq(RES.out[0].rule_id, "QTY");
	ck_assert_int_eq(RES.out[0].outcome, RULE_WARN);
	ck_assert_int_eq(RES.out[0].kind, RULE_MAX_QTY);
	ck_assert_str_eq(RES.out[1].rule_id, "CLASS");
	ck_assert_int_eq(RES.out[1].outcome, RULE_BLOCK);
	ck_assert_str_eq(RES.out[2].rule_id, "COLLAR");
	ck_assert_int_eq(RES.out[2].outcome, RULE_REVIEW);
	ck_assert_str_eq(RES.out[2].detail, "limit 110.00 is 10.00% from the "
	    "mark 100.00 (collar 5%)");
	ck_assert_str_eq(RES.out[3].rule_id, "SPX");
	ck_assert_str_eq(RES.out[3].detail, "SPX is restricted (ESZ5 is on "
	    "SPX)");
	/* Without the block, review is the worst. */
	rules[1].enabled = false;
	cpl_check(rules, 5, &o, &env, &RES);
	ck_assert_int_eq(RES.worst, RULE_REVIEW);
	ck_assert_int_eq(RES.checked, 4);
	ck_assert_int_eq(RES.broken, 3);
}
END_TEST

START_TEST(test_outcomes_overflow)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 2, "AAPL", "100");
	struct rule rules[CPL_OUTCOMES_MAX + 8];
	char	id[16];
	size_t	i;

	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		snprintf(id, sizeof id, "Q%zu", i);
		rules[i] = mk_rule(id, i + 1 == sizeof rules / sizeof rules[0] ?
		    "kind=max_qty limit=1 action=block" :
		    "kind=max_qty limit=1 action=warn");
	}
	cpl_check(rules, sizeof rules / sizeof rules[0], &o, &env, &RES);
	ck_assert_int_eq(RES.checked, CPL_OUTCOMES_MAX + 8);
	ck_assert_int_eq(RES.broken, CPL_OUTCOMES_MAX + 8);
	ck_assert_int_eq(RES.n, CPL_OUTCOMES_MAX);
	/* The last rule did not fit but its action still counts. */
	ck_assert_int_eq(RES.worst, RULE_BLOCK);
	ck_assert_str_eq(RES.out[CPL_OUTCOMES_MAX - 1].rule_id, "Q31");
}
END_TEST

/* ------------------------------------------------------------------ warn_at */

START_TEST(test_warn_at_max_qty)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 800, "AAPL", "100");
	const char *r = "kind=max_qty warn_at=800 limit=1000 action=block";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.qty = o.leaves = 801;
	ck_assert_int_eq(check1(r, &o, &env), RULE_WARN);
	ck_assert_int_eq(RES.broken, 1);
	ck_assert_str_eq(detail(), "quantity 801 is past the warning level "
	    "800 (limit 1,000)");
	o.qty = o.leaves = 1000;
	ck_assert_int_eq(check1(r, &o, &env), RULE_WARN);
	o.qty = o.leaves = 1001;
	ck_assert_int_eq(check1(r, &o, &env), RULE_BLOCK);
	ck_assert_str_eq(detail(), "quantity 1,001 exceeds the limit 1,000");
}
END_TEST

START_TEST(test_warn_at_notional)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 8000, "AAPL", "100");
	const char *r = "kind=max_notional limit=1m warn_at=800k "
	    "action=review";

	ck_assert_int_eq(check1(r, &o, &env), RULE_PASS);
	o.limit_px = P("100.000002");
	ck_assert_int_eq(check1(r, &o, &env), RULE_WARN);
	ck_assert_str_eq(detail(), "notional 800,000.016 USD is past the "
	    "warning level 800,000.00 USD (limit 1,000,000.00 USD)");
	o.qty = o.leaves = 10001;
	o.limit_px = P("100");
	ck_assert_int_eq(check1(r, &o, &env), RULE_REVIEW);
}
END_TEST

START_TEST(test_warn_at_others)
{
	struct cpl_env env = env_of("100", 3500);
	struct cpl_order o = ord(SIDE_BUY, 500, "AAPL", "103");

	/* price_collar */
	o.limit_px = P("102");
	ck_assert_int_eq(check1("kind=price_collar pct=5 warn_at=2 "
	    "action=block", &o, &env), RULE_PASS);
	o.limit_px = P("103");
	ck_assert_int_eq(check1("kind=price_collar pct=5 warn_at=2 "
	    "action=block", &o, &env), RULE_WARN);
	ck_assert_str_eq(detail(), "limit 103.00 is 3.00% from the mark "
	    "100.00 (warning at 2%, collar 5%)");
	/* position_limit: 3,500 + 500 = 4,000 is the warning level. */
	o.limit_px = P("100");
	ck_assert_int_eq(check1("kind=position_limit sym=AAPL limit=5000 "
	    "warn_at=4000 action=block", &o, &env), RULE_PASS);
	o.leaves = 501;
	ck_assert_int_eq(check1("kind=position_limit sym=AAPL limit=5000 "
	    "warn_at=4000 action=block", &o, &env), RULE_WARN);
	ck_assert_str_eq(detail(), "position after the order 4,001 is past "
	    "the warning level 4,000 (limit 5,000)");
	/* concentration: 50,000 + 50,100 is past 10%, within 12%. */
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("50000"));
	ck_assert_int_eq(check1("kind=concentration pct=12 warn_at=10 "
	    "action=block", &o, &env), RULE_WARN);
	ck_assert_str_eq(detail(), "AAPL would be 10.01% of NAV (warning at "
	    "10%, limit 12%)");
	/* rate_limit */
	W.rate = 2;
	ck_assert_int_eq(check1("kind=rate_limit per_s=5 warn_at=3", &o,
	    &env), RULE_PASS);
	W.rate = 3;
	ck_assert_int_eq(check1("kind=rate_limit per_s=5 warn_at=3", &o,
	    &env), RULE_WARN);
	ck_assert_str_eq(detail(), "4 orders in this second (warning at 3, "
	    "limit 5)");
	W.rate = 5;
	ck_assert_int_eq(check1("kind=rate_limit per_s=5 warn_at=3", &o,
	    &env), RULE_REVIEW);
}
END_TEST

/* -------------------------------------------------------------------- scope */

START_TEST(test_scope_account)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 2, "AAPL", "100");
	struct rule rules[] = {
		mk_rule("MINE", "kind=max_qty limit=1 acct=ACC1 action=warn"),
		mk_rule("THEIRS", "kind=max_qty limit=1 acct=ACC2 "
		    "action=block"),
		mk_rule("ALL", "kind=max_qty limit=1 action=review"),
	};

	cpl_check(rules, 3, &o, &env, &RES);
	ck_assert_int_eq(RES.checked, 2);
	ck_assert_int_eq(RES.broken, 2);
	ck_assert_int_eq(RES.worst, RULE_REVIEW);
	ck_assert_str_eq(RES.out[0].rule_id, "MINE");
	ck_assert_str_eq(RES.out[1].rule_id, "ALL");
	o.acct = "ACC2";
	cpl_check(rules, 3, &o, &env, &RES);
	ck_assert_int_eq(RES.worst, RULE_BLOCK);
	ck_assert_str_eq(RES.out[0].rule_id, "THEIRS");
	/* An order without an account only meets the rules for all. */
	o.acct = NULL;
	cpl_check(rules, 3, &o, &env, &RES);
	ck_assert_int_eq(RES.checked, 1);
}
END_TEST

START_TEST(test_disabled_skipped)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 2, "AAPL", "100");
	struct rule r = mk_rule("R1", "kind=max_qty limit=1 action=block");

	r.enabled = false;
	cpl_check(&r, 1, &o, &env, &RES);
	ck_assert_int_eq(RES.worst, RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	ck_assert_int_eq(RES.broken, 0);
}
END_TEST

START_TEST(test_post_trade)
{
	struct cpl_env env = env_of("100", 5000);
	struct cpl_order o;
	struct rule rules[] = {
		mk_rule("QTY", "kind=max_qty limit=1 action=block"),
		mk_rule("RES", "kind=restricted sym=AAPL action=block"),
		mk_rule("SS", "kind=short_sale action=block"),
		mk_rule("CLS", "kind=asset_class allow=bond action=block"),
		mk_rule("RATE", "kind=rate_limit per_s=1 action=block"),
		mk_rule("NOT", "kind=max_notional limit=1 action=block"),
		mk_rule("COL", "kind=price_collar pct=1 action=block"),
		mk_rule("POS", "kind=position_limit sym=AAPL limit=5000 "
		    "action=review"),
		mk_rule("CON", "kind=concentration pct=10 action=warn"),
	};
	size_t	n = sizeof rules / sizeof rules[0];

	memset(&o, 0, sizeof o);
	o.acct = "ACC1";
	o.in = I("AAPL");
	o.side = SIDE_SELL;
	o.limit_px = P("200");
	o.post_trade = true;
	W.rate = 10;
	W.work_buy = 100000;	/* working orders do not count after a fill */
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("100000"));
	cpl_check(rules, n, &o, &env, &RES);
	ck_assert_int_eq(RES.checked, 2);
	ck_assert_int_eq(RES.broken, 0);
	ck_assert_int_eq(RES.worst, RULE_PASS);
	env.position = -5001;
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("-100000.01"));
	cpl_check(rules, n, &o, &env, &RES);
	ck_assert_int_eq(RES.broken, 2);
	ck_assert_int_eq(RES.worst, RULE_REVIEW);
	ck_assert_str_eq(RES.out[0].rule_id, "POS");
	ck_assert_str_eq(RES.out[0].detail, "position -5,001 exceeds the "
	    "limit 5,000");
	ck_assert_str_eq(RES.out[1].rule_id, "CON");
	ck_assert_int_eq(RES.out[1].outcome, RULE_WARN);
	ck_assert_str_eq(RES.out[1].detail, "AAPL is 10.000001% of NAV "
	    "(limit 10%)");
	/* No price is needed to re-check what is held. */
	env.mark = 0;
	o.limit_px = 0;
	cpl_check(rules, n, &o, &env, &RES);
	ck_assert_int_eq(RES.broken, 2);
}
END_TEST

/* --------------------------------------------------------------- degenerate */

START_TEST(test_no_rules)
{
	struct cpl_env env = env_of("100", 0);
	struct cpl_order o = ord(SIDE_BUY, 2, "AAPL", "100");

	RES.worst = RULE_BLOCK;
	RES.checked = RES.broken = RES.n = 7;
	cpl_check(NULL, 0, &o, &env, &RES);
	ck_assert_int_eq(RES.worst, RULE_PASS);
	ck_assert_int_eq(RES.checked, 0);
	ck_assert_int_eq(RES.broken, 0);
	ck_assert_int_eq(RES.n, 0);
	/* An order without an instrument cannot be checked: nothing runs. */
	o.in = NULL;
	{
		struct rule r = mk_rule("R1", "kind=max_qty limit=1");

		cpl_check(&r, 1, &o, &env, &RES);
		ck_assert_int_eq(RES.checked, 0);
	}
}
END_TEST

START_TEST(test_null_callbacks)
{
	struct cpl_env env;
	struct cpl_order o = ord(SIDE_SELL, 2000, "AAPLC1", "5");
	struct rule rules[] = {
		mk_rule("QTY", "kind=max_qty limit=1000"),
		mk_rule("CLS", "kind=asset_class allow=equity"),
		mk_rule("NOT", "kind=max_notional limit=1k"),
		mk_rule("COL", "kind=price_collar pct=5"),
		mk_rule("RES", "kind=restricted sym=AAPL"),
	};

	/* A bare env: no callbacks, no account, no fx. */
	memset(&env, 0, sizeof env);
	env.mark = P("5");
	cpl_check(rules, 5, &o, &env, &RES);
	ck_assert_int_eq(RES.checked, 5);
	ck_assert_int_eq(RES.broken, 4);
	ck_assert_str_eq(RES.out[2].detail, "notional 10,000.00 USD exceeds "
	    "the limit 1,000.00 USD");
	ck_assert_str_eq(RES.out[3].detail, "AAPL is restricted (AAPLC1 is "
	    "on AAPL)");
	/* Rules whose callback is missing read it as nothing. */
	{
		struct rule more[] = {
			mk_rule("POS", "kind=position_limit sym=AAPLC1 "
			    "limit=2000"),
			mk_rule("SS", "kind=short_sale"),
			mk_rule("RATE", "kind=rate_limit per_s=1"),
		};

		env.position = 2000;
		cpl_check(more, 3, &o, &env, &RES);
		ck_assert_int_eq(RES.checked, 3);
		ck_assert_int_eq(RES.broken, 0);
	}
}
END_TEST

START_TEST(test_callbacks_called_once)
{
	struct cpl_env env = env_of("100", 1000);
	struct cpl_order o = ord(SIDE_SELL, 10, "AAPLC1", "100");
	struct rule rules[] = {
		mk_rule("P1", "kind=position_limit sym=AAPLC1 limit=5000"),
		mk_rule("P2", "kind=position_limit sym=AAPLC1 limit=4000"),
		mk_rule("SS", "kind=short_sale"),
		mk_rule("C1", "kind=concentration pct=10 by=issuer"),
		mk_rule("C2", "kind=concentration pct=20 by=issuer"),
		mk_rule("R1", "kind=restricted issuer=Nobody"),
		mk_rule("R2", "kind=restricted issuer=Somebody"),
	};

	cpl_check(rules, 7, &o, &env, &RES);
	ck_assert_int_eq(RES.checked, 7);
	ck_assert_int_eq(RES.broken, 0);
	/* working(-1) once, group_value(issuer) once, AAPL looked up once. */
	ck_assert_int_eq(W.calls, 3);
}
END_TEST

/* ----------------------------------------------------------------- exposure */

START_TEST(test_expo_set_replaces)
{
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("100"));
	cpl_expo_set(W.expo, "ACC1", I("AAPLB"), M("50"));
	cpl_expo_set(W.expo, "ACC1", I("MSFT"), M("20"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SYMBOL,
	    "AAPL"), M("100"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_ISSUER,
	    "Apple Inc."), M("150"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR,
	    "Technology"), M("170"));
	/* Setting again replaces: the groups move by the difference. */
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("250.000001"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SYMBOL,
	    "AAPL"), M("250.000001"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_ISSUER,
	    "Apple Inc."), M("300.000001"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR,
	    "Technology"), M("320.000001"));
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), -M("30"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_ISSUER,
	    "Apple Inc."), M("20"));
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), 0);
	cpl_expo_set(W.expo, "ACC1", I("AAPLB"), 0);
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_ISSUER,
	    "Apple Inc."), 0);
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR,
	    "Technology"), M("20"));
}
END_TEST

START_TEST(test_expo_accounts_apart)
{
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("100"));
	cpl_expo_set(W.expo, "ACC2", I("AAPL"), M("7"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SYMBOL,
	    "AAPL"), M("100"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC2", RULE_BY_ISSUER,
	    "Apple Inc."), M("7"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC3", RULE_BY_SYMBOL,
	    "AAPL"), 0);
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SYMBOL,
	    "MSFT"), 0);
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_COUNT,
	    "AAPL"), 0);
	/* The three kinds of group never mix, even under one name. */
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR,
	    "AAPL"), 0);
	ck_assert_int_eq(cpl_expo_group(NULL, "ACC1", RULE_BY_SYMBOL,
	    "AAPL"), 0);
	/* Keys are separated: account AC + C1 is not account A + CC1. */
	{
		struct instrument in = *I("AAPL");

		strcpy(in.symbol, "C1");
		cpl_expo_set(W.expo, "AC", &in, M("1"));
		strcpy(in.symbol, "CC1");
		ck_assert_int_eq(cpl_expo_group(W.expo, "A", RULE_BY_SYMBOL,
		    "CC1"), 0);
		ck_assert_int_eq(cpl_expo_group(W.expo, "AC", RULE_BY_SYMBOL,
		    "C1"), M("1"));
	}
}
END_TEST

START_TEST(test_expo_instrument_moves_group)
{
	struct instrument in = *I("AAPL");

	cpl_expo_set(W.expo, "ACC1", &in, M("100"));
	/* The instrument master moves AAPL to another issuer and sector. */
	strcpy(in.issuer, "Apple Holdings");
	strcpy(in.sector, "Consumer");
	cpl_expo_set(W.expo, "ACC1", &in, M("120"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_ISSUER,
	    "Apple Inc."), 0);
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_ISSUER,
	    "Apple Holdings"), M("120"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR,
	    "Technology"), 0);
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR,
	    "Consumer"), M("120"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SYMBOL,
	    "AAPL"), M("120"));
}
END_TEST

/* Append ACCT to the string CTX. */
static void
collect(void *ctx, const char *acct)
{
	strcat(ctx, acct);
	strcat(ctx, ";");
}

START_TEST(test_expo_holders)
{
	char	seen[256] = "";

	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("100"));
	cpl_expo_set(W.expo, "ACC2", I("AAPL"), M("5"));
	cpl_expo_set(W.expo, "ACC2", I("MSFT"), M("5"));
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("90"));
	cpl_expo_set(W.expo, "ACC3", I("AAPL"), 0);
	cpl_expo_each_holder(W.expo, "AAPL", collect, seen);
	ck_assert_str_eq(seen, "ACC1;ACC2;ACC3;");
	seen[0] = '\0';
	cpl_expo_each_holder(W.expo, "MSFT", collect, seen);
	ck_assert_str_eq(seen, "ACC2;");
	seen[0] = '\0';
	cpl_expo_each_holder(W.expo, "XOM", collect, seen);
	cpl_expo_each_holder(NULL, "AAPL", collect, seen);
	cpl_expo_each_holder(W.expo, "AAPL", NULL, seen);
	ck_assert_str_eq(seen, "");
}
END_TEST

START_TEST(test_expo_clear_and_free)
{
	char	seen[64] = "";

	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("100"));
	cpl_expo_clear(W.expo);
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SYMBOL,
	    "AAPL"), 0);
	cpl_expo_each_holder(W.expo, "AAPL", collect, seen);
	ck_assert_str_eq(seen, "");
	/* Usable again after clearing. */
	cpl_expo_set(W.expo, "ACC1", I("AAPL"), M("3"));
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_ISSUER,
	    "Apple Inc."), M("3"));
	cpl_expo_free(NULL);
	cpl_expo_clear(NULL);
	cpl_expo_set(NULL, "ACC1", I("AAPL"), 1);
}
END_TEST

START_TEST(test_expo_many)
{
	static const char *const sectors[] = { "A", "B", "C" };
	struct instrument in;
	struct err err;
	int64_t	total = 0;
	int	i;

	/* 3,000 positions over 30 issuers and 3 sectors, set twice. */
	for (i = 0; i < 3000; i++) {
		char	sym[16];

		snprintf(sym, sizeof sym, "S%d", i);
		ck_assert_int_eq(instrument_init(&in, sym, ASSET_EQUITY, "USD",
		    &err), 0);
		snprintf(in.issuer, sizeof in.issuer, "I%d", i % 30);
		snprintf(in.sector, sizeof in.sector, "%s", sectors[i % 3]);
		cpl_expo_set(W.expo, "ACC1", &in, M("1") * i);
		cpl_expo_set(W.expo, "ACC1", &in, M("2") * i);
		total += M("2") * i;
	}
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR, "A") +
	    cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR, "B") +
	    cpl_expo_group(W.expo, "ACC1", RULE_BY_SECTOR, "C"), total);
	/* Issuer I7 holds S7, S37, ..., S2977: 100 of them. */
	ck_assert_int_eq(cpl_expo_group(W.expo, "ACC1", RULE_BY_ISSUER, "I7"),
	    M("2") * (100 * 7 + 30 * (99 * 100 / 2)));
}
END_TEST

/* -------------------------------------------------------------------- suite */

static Suite *
compliance_suite(void)
{
	Suite	*s = suite_create("compliance");
	TCase	*tc;

	tc = tcase_create("names");
	tcase_add_test(tc, test_role_names);
	tcase_add_test(tc, test_kind_names);
	tcase_add_test(tc, test_action_names);
	tcase_add_test(tc, test_by_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("rule");
	tcase_add_test(tc, test_rule_init);
	tcase_add_test(tc, test_rule_set_unknown_key);
	tcase_add_test(tc, test_rule_set_bad_numbers);
	tcase_add_test(tc, test_rule_set_bad_words);
	tcase_add_test(tc, test_rule_set_unchanged_on_error);
	tcase_add_test(tc, test_rule_set_order_independent);
	tcase_add_test(tc, test_rule_set_units);
	tcase_add_test(tc, test_rule_foreign_params);
	tcase_add_test(tc, test_rule_set_keys_any_case);
	tcase_add_test(tc, test_rule_validate_missing);
	tcase_add_test(tc, test_rule_validate_warn_at);
	tcase_add_test(tc, test_rule_validate_built_in_code);
	tcase_add_test(tc, test_rule_format_text);
	tcase_add_test(tc, test_rule_format_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_max_qty_boundary);
	tcase_add_test(tc, test_max_qty_symbol);
	tcase_add_test(tc, test_max_qty_replace_uses_qty);
	tcase_add_test(tc, test_notional_boundary);
	tcase_add_test(tc, test_notional_market_uses_mark);
	tcase_add_test(tc, test_notional_fx);
	tcase_add_test(tc, test_notional_bond_mult);
	tcase_add_test(tc, test_notional_replace_uses_qty);
	tcase_add_test(tc, test_collar_boundary);
	tcase_add_test(tc, test_collar_needs_limit_and_mark);
	tcase_add_test(tc, test_position_limit_working);
	tcase_add_test(tc, test_position_limit_other_symbol);
	tcase_add_test(tc, test_position_limit_replace);
	tcase_add_test(tc, test_concentration_symbol);
	tcase_add_test(tc, test_percent_past_64_bits);
	tcase_add_test(tc, test_concentration_issuer);
	tcase_add_test(tc, test_concentration_sector);
	tcase_add_test(tc, test_concentration_short);
	tcase_add_test(tc, test_concentration_reducing);
	tcase_add_test(tc, test_concentration_fx_and_nav);
	tcase_add_test(tc, test_concentration_group_key_fallback);
	tcase_add_test(tc, test_concentration_no_price);
	tcase_add_test(tc, test_short_sale);
	tcase_add_test(tc, test_short_sale_working);
	tcase_add_test(tc, test_asset_class);
	tcase_add_test(tc, test_rate_limit);
	tcase_add_test(tc, test_restricted_symbol);
	tcase_add_test(tc, test_restricted_underlying);
	tcase_add_test(tc, test_restricted_issuer);
	tcase_add_test(tc, test_restricted_sym_and_issuer);
	tcase_add_test(tc, test_each_action);
	tcase_add_test(tc, test_worst_wins);
	tcase_add_test(tc, test_outcomes_overflow);
	tcase_add_test(tc, test_warn_at_max_qty);
	tcase_add_test(tc, test_warn_at_notional);
	tcase_add_test(tc, test_warn_at_others);
	tcase_add_test(tc, test_scope_account);
	tcase_add_test(tc, test_disabled_skipped);
	tcase_add_test(tc, test_post_trade);
	tcase_add_test(tc, test_no_rules);
	tcase_add_test(tc, test_null_callbacks);
	tcase_add_test(tc, test_callbacks_called_once);
	suite_add_tcase(s, tc);

	tc = tcase_create("exposure");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_expo_set_replaces);
	tcase_add_test(tc, test_expo_accounts_apart);
	tcase_add_test(tc, test_expo_instrument_moves_group);
	tcase_add_test(tc, test_expo_holders);
	tcase_add_test(tc, test_expo_clear_and_free);
	tcase_add_test(tc, test_expo_many);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite	*s = compliance_suite();
	SRunner	*sr = srunner_create(s);

	return testlib_run(sr);
}
