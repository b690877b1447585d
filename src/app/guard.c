/* src/app/guard.c: compliance, users, halts, alerts and the audit trail,
 * for the engine in exec.c.
 *
 * The guard keeps in memory what the store says about who may do what:
 * the users and their roles, the acting user (the login, or whom an admin
 * acts as), the rules in the order they were added, the halts in force,
 * and the post-trade breaches still open.  Every change goes to the store
 * first (journaled, so it is in the audit trail), then into memory.
 *
 * The pre-trade check asks core (cpl_check) with values from the book.
 * Concentration rules need each account's market value by symbol, issuer
 * and sector; the guard keeps those sums up to date (cpl_expo) as fills
 * and marks move them, but only while such a rule is enabled, so a store
 * without one pays nothing for them.
 *
 * Four eyes hold between people, not only between users: an order keeps
 * the login that ran blotter when it was entered, every approval and
 * rejection records the login beside the acting user, and an approval
 * from the login that entered the order (under whatever user) is either
 * refused or let through with an alert, as review.same_login says.  The
 * setting comes from the configuration file and from the store (set by
 * an admin, journaled); refuse in either one refuses, so a trader cannot
 * loosen with their own blotterrc what the store's admin tightened. */
#include "config.h"
#include "exec.h"
#include "exec-part.h"
#include "sbuf.h"
#include "view.h"
#include "guard.h"

#include <ctype.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "cmd.h"
#include "compliance.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "fx.h"
#include "hmap.h"
#include "position.h"
#include "result.h"
#include "sbuf.h"
#include "store.h"
#include "textfile.h"

#define HALT_ALL	"*"	/* the halts key of a halt of the whole store */
#define SAME_LOGIN	"review.same_login"	/* the setting and its rule */
/* The rule column of show compliance and show alerts: at least this
 * wide, and as wide as the longest rule id in it (review.same_login). */
#define RULE_COL	10

/* A value of review.same_login; SL_UNSET: the store has none. */
enum same_login { SL_UNSET, SL_ALERT, SL_REFUSE };

struct halt {
	char	reason[NOTE_MAX];
	char	user[USER_MAX];
	int64_t	ts;
};

struct rate {
	int64_t	sec;
	int64_t	count;
};

struct guard {
	char	login[USER_MAX];	/* who runs blotter */
	char	user[USER_MAX];		/* who acts: the login, or as LOGIN */
	struct hmap *users;		/* login -> struct store_user */
	struct rule *rules;		/* in the order they were added */
	size_t	nrules, caprules;
	bool	expo_on;		/* an enabled concentration rule */
	bool	post_on;		/* an enabled post-trade rule */
	struct cpl_expo *expo;
	struct hmap *halts;		/* account or HALT_ALL -> struct halt */
	struct hmap *breaches;		/* rule\037acct\037group -> int */
	struct hmap *rates;		/* rule\037user -> struct rate */
	struct store_alert alerts[VIEW_ALERTS];
	uint64_t nalerts;
	bool	rc_refuse;		/* the configuration says refuse */
	enum same_login store_same_login;	/* the store's setting */
};

/* The guard's hooks into the engine (at the end of the file), and its
 * state found through them. */
static const struct exec_hooks guard_hooks;
#define GUARD(x)	((struct guard *)exec_part((x), &guard_hooks))

/* Role masks. */
#define R(x)		(1u << ROLE_##x)
#define HALT_ROLES	(R(COMPLIANCE) | R(ADMIN))

static struct guard *
guard_new(void)
{
	struct guard *g = xcalloc(1, sizeof *g);
	struct passwd *pw = getpwuid(geteuid());

	/* The login from the system, not from the environment: roles mean
	 * nothing if anyone can claim to be anyone. */
	if (pw && pw->pw_name && pw->pw_name[0])
		str_copy(g->login, sizeof g->login, pw->pw_name);
	else
		snprintf(g->login, sizeof g->login, "uid%ld", (long)geteuid());
	return g;
}

static void
clear(struct guard *g)
{
	hmap_free_values(g->users);
	hmap_free_values(g->halts);
	hmap_free_values(g->breaches);
	hmap_free_values(g->rates);
	g->users = g->halts = g->breaches = g->rates = NULL;
	free(g->rules);
	g->rules = NULL;
	g->nrules = g->caprules = 0;
	cpl_expo_free(g->expo);
	g->expo = NULL;
	g->expo_on = g->post_on = false;
}

static void
guard_free(struct guard *g)
{
	if (!g)
		return;
	clear(g);
	free(g);
}

/* ---- who ---------------------------------------------------------------- */

static const struct store_user *
user_of(const struct guard *g, const char *login)
{
	return g->users ? hmap_get(g->users, login) : NULL;
}

static const char *
guard_user(const struct exec *x)
{
	return GUARD(x)->user[0] ? GUARD(x)->user : GUARD(x)->login;
}

static const char *
guard_login(const struct exec *x)
{
	return GUARD(x)->login;
}

void
guard_set_same_login(struct exec *x, bool refuse)
{
	GUARD(x)->rc_refuse = refuse;
}

static void
remember_user(struct guard *g, const struct store_user *u)
{
	struct store_user *c = hmap_get(g->users, u->login);

	if (!c) {
		c = xmalloc(sizeof *c);
		hmap_put(g->users, u->login, c);
	}
	*c = *u;
}

static int
ld_user(void *ctx, const struct store_user *u)
{
	remember_user(ctx, u);
	return 0;
}

/* Names of the roles in MASK: "trader, pm or admin". */
static void
role_list(unsigned mask, char *buf, size_t len)
{
	size_t used = 0;
	int n = 0, total = 0;

	for (int r = 0; r < ROLE_COUNT; r++)
		total += (mask >> r) & 1;
	buf[0] = '\0';
	for (int r = 0; r < ROLE_COUNT && used < len; r++) {
		if (!((mask >> r) & 1))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    n == 0 ? "" : n + 1 == total ? " or " : ", ",
		    user_role_name((enum user_role)r));
		n++;
	}
}

/* The roles that may run a command of KIND, and what it does (for the
 * refusal); 0 when anyone may, users or not. */
static unsigned
roles_for(enum cmd_kind kind, const char **doing)
{
	return cmd_roles(kind, doing);
}

int
guard_permit(struct exec *x, const struct cmd *c, struct err *err)
{
	struct guard *g = GUARD(x);
	const char *doing;
	unsigned need = roles_for(c->kind, &doing);
	const struct store_user *u;
	char list[64];

	store_set_user(exec_store(x), guard_user(x));
	if (need == 0)
		return 0;
	u = user_of(g, guard_user(x));
	if (!u)
		return err_set(err, "%s is not a user of this store: an admin "
		    "adds users with 'user add LOGIN role=..'", guard_user(x));
	if (need & (1u << u->role))
		return 0;
	role_list(need, list, sizeof list);
	return err_set(err, "%s is %s %s: only %s users may %s", u->login,
	    u->role == ROLE_ADMIN || u->role == ROLE_OPS ? "an" : "a",
	    user_role_name(u->role), list, doing);
}

/* ---- alerts --------------------------------------------------------------- */

/* Keep A among the session's latest alerts. */
static void
keep_alert(struct guard *g, const struct store_alert *a)
{
	g->alerts[g->nalerts++ % VIEW_ALERTS] = *a;
}

/* Record an alert in the store and show it in the session. */
static int
raise_alert(struct exec *x, const char *kind, const char *acct,
    const char *sym, const char *rule_id, const char *detail,
    struct err *err)
{
	struct guard *g = GUARD(x);
	struct store_alert a;
	char line[VIEW_EVENT_LEN];

	memset(&a, 0, sizeof a);
	a.ts = exec_now(x);
	str_copy(a.kind, sizeof a.kind, kind);
	str_copy(a.account, sizeof a.account, acct);
	str_copy(a.symbol, sizeof a.symbol, sym);
	str_copy(a.rule_id, sizeof a.rule_id, rule_id);
	str_copy(a.user, sizeof a.user, guard_user(x));
	str_copy(a.detail, sizeof a.detail, detail);
	if (store_add_alert(exec_store(x), &a, err) == -1)
		return exec_store_fail(x, err);
	keep_alert(g, &a);
	exec_log_alert(x, &a);
	exec_touch(x);
	if (exec_res(x) && !exec_keeps_events(x))
		result_message(exec_res(x), "%s", format_alert(&a, line,
		    sizeof line));
	return 0;
}

static int
guard_alert(struct exec *x, const char *kind, const char *acct,
    const char *sym, const char *detail, struct err *err)
{
	return raise_alert(x, kind, acct, sym, "", detail, err);
}

/* ---- halts ---------------------------------------------------------------- */

static int
guard_halted(struct exec *x, const char *acct, struct err *err)
{
	struct guard *g = GUARD(x);
	const struct halt *h;
	const char *scope;

	if (!g->halts || hmap_count(g->halts) == 0)
		return 0;
	if ((h = hmap_get(g->halts, HALT_ALL)))
		scope = "the whole store";
	else if ((h = hmap_get(g->halts, acct)))
		scope = acct;
	else
		return 0;
	return err_set(err, "trading is halted for %s%s%s%s (by %s): new "
	    "orders and replaces are refused; cancels still go through",
	    scope, h->reason[0] ? " (" : "", h->reason,
	    h->reason[0] ? ")" : "", h->user);
}

static int
ld_halt(void *ctx, const char *acct, const char *reason, const char *user,
    int64_t ts)
{
	struct guard *g = ctx;
	struct halt *h = xcalloc(1, sizeof *h);

	str_copy(h->reason, sizeof h->reason, reason);
	str_copy(h->user, sizeof h->user, user);
	h->ts = ts;
	free(hmap_put(g->halts, acct[0] ? acct : HALT_ALL, h));
	return 0;
}

static int
do_halt(struct exec *x, const struct cmd *c, bool halt, struct err *err)
{
	struct guard *g = GUARD(x);
	const char *acct = c->filter.acct;
	const char *key = acct[0] ? acct : HALT_ALL;
	const char *scope = acct[0] ? acct : "the whole store";

	if (acct[0] && !book_account(exec_book_rw(x), acct))
		return err_set(err, "unknown account '%s'", acct);
	if (halt && hmap_get(g->halts, key))
		return err_set(err, "trading is already halted for %s", scope);
	if (!halt && !hmap_get(g->halts, key))
		return err_set(err, "trading is not halted for %s", scope);
	if (store_put_halt(exec_store(x), acct, halt, c->text, exec_now(x),
	    err) == -1)
		return exec_store_fail(x, err);
	if (halt)
		ld_halt(g, acct, c->text, guard_user(x), exec_now(x));
	else
		free(hmap_del(g->halts, key));
	struct store_alert a;
	memset(&a, 0, sizeof a);
	str_copy(a.kind, sizeof a.kind, halt ? "halt" : "resume");
	str_copy(a.account, sizeof a.account, acct);
	str_copy(a.user, sizeof a.user, guard_user(x));
	snprintf(a.detail, sizeof a.detail, "%.*s", (int)sizeof a.detail - 1,
	    c->text);
	char line[VIEW_EVENT_LEN];
	keep_alert(g, &a);
	exec_log_alert(x, &a);
	exec_touch(x);
	if (exec_res(x))
		result_message(exec_res(x), "%s", format_alert(&a, line,
		    sizeof line) + strlen("alert: "));
	return 0;
}

/* ---- exposures ------------------------------------------------------------ */

/* Put ACCT's position in SYM at its market value in the account's base
 * currency (the cost when the symbol has no mark yet). */
static void
revalue(struct exec *x, const char *acct, const char *sym)
{
	struct guard *g = GUARD(x);
	const struct instrument *in = book_instrument(exec_book_rw(x), sym);
	const struct account *a = book_account(exec_book_rw(x), acct);
	const struct position *p = book_position(exec_book_rw(x), acct, sym,
	    false);
	const struct book_quote *bq = book_quote(exec_book_rw(x), sym);
	struct err e = { "" };
	int64_t mv, base = 0;

	if (!in || !a || !g->expo)
		return;
	if (!p)
		mv = 0;
	else if (bq && bq->mark)
		mv = position_market_value(p, bq->mark, in->mult);
	else
		mv = p->cost;
	if (mv != 0 && fx_convert(book_fx(exec_book_rw(x)), mv, in->ccy, a->ccy,
	    &base,
	    &e) == -1) {
		/* No rate counts nothing; a value too large to convert
		 * counts as the most there is, never as nothing. */
		base = !fx_linked(book_fx(exec_book_rw(x)), in->ccy,
		    a->ccy) ? 0 :
		    mv > 0 ? INT64_MAX : -INT64_MAX;
	}
	cpl_expo_set(g->expo, acct, in, base);
}

static void
rebuild_expo(struct exec *x)
{
	struct guard *g = GUARD(x);
	struct position *p;
	size_t pos = 0;

	if (!g->expo_on) {
		cpl_expo_free(g->expo);
		g->expo = NULL;
		return;
	}
	if (!g->expo)
		g->expo = cpl_expo_new();
	cpl_expo_clear(g->expo);
	while ((p = book_next_position(exec_book_rw(x), &pos)))
		revalue(x, p->account, p->symbol);
}

struct holder_ctx {
	struct exec *x;
	const char *sym;
};

static void
revalue_holder(void *ctx, const char *acct)
{
	struct holder_ctx *h = ctx;

	revalue(h->x, acct, h->sym);
}

static void
guard_mark_moved(struct exec *x, const char *sym)
{
	struct guard *g = GUARD(x);

	if (!g || !g->expo_on)
		return;
	if (!sym) {
		rebuild_expo(x);
		return;
	}
	struct holder_ctx h = { x, sym };
	cpl_expo_each_holder(g->expo, sym, revalue_holder, &h);
}

/* After the rules changed: which kinds are active, and the exposures
 * they need. */
static void
rules_changed(struct exec *x)
{
	struct guard *g = GUARD(x);
	bool expo = false, post = false;

	for (size_t i = 0; i < g->nrules; i++) {
		if (!g->rules[i].enabled)
			continue;
		expo |= g->rules[i].kind == RULE_CONCENTRATION;
		post |= cpl_post_trade_kind(g->rules[i].kind);
	}
	g->post_on = post;
	if (expo != g->expo_on || (expo && !g->expo)) {
		g->expo_on = expo;
		rebuild_expo(x);
	}
}

/* ---- the check -------------------------------------------------------------- */

struct env_ctx {
	struct exec *x;
	const struct order *o;
	const char *user;
};

static int64_t
env_working(void *ctx, int dir)
{
	struct env_ctx *e = ctx;
	struct order *w;
	size_t pos = 0;
	int64_t sum = 0;

	while ((w = book_next_order(exec_book_rw(e->x), &pos))) {
		if (strcmp(w->symbol, e->o->symbol) != 0 ||
		    strcmp(w->account, e->o->account) != 0 ||
		    strcmp(w->id, e->o->id) == 0 ||
		    order_side_sign(w->side) != dir)
			continue;
		if (w->status != ORDER_PENDING_NEW &&
		    !order_status_working(w->status))
			continue;
		sum += dir * order_leaves(w);
	}
	return sum;
}

static int64_t
env_group(void *ctx, enum rule_by by, const char *key)
{
	struct env_ctx *e = ctx;
	struct guard *g = GUARD(e->x);

	return g->expo ? cpl_expo_group(g->expo, e->o->account, by, key) : 0;
}

static const struct instrument *
env_instrument(void *ctx, const char *sym)
{
	struct env_ctx *e = ctx;

	return book_instrument(exec_book_rw(e->x), sym);
}

static void
rate_key(const struct rule *r, const char *user, char *buf, size_t len)
{
	snprintf(buf, len, "%s\037%s", r->id, r->trader[0] ? r->trader : user);
}

static int64_t
env_rate(void *ctx, const struct rule *r)
{
	struct env_ctx *e = ctx;
	struct guard *g = GUARD(e->x);
	char key[RULE_ID_MAX + USER_MAX + 2];
	const struct rate *rt;

	rate_key(r, e->user, key, sizeof key);
	rt = g->rates ? hmap_get(g->rates, key) : NULL;
	return rt && rt->sec == exec_now(e->x) ? rt->count : 0;
}

/* Count O against the rate limits that cover it. */
static void
count_rate(struct exec *x, const struct order *o)
{
	struct guard *g = GUARD(x);
	const char *user = guard_user(x);
	char key[RULE_ID_MAX + USER_MAX + 2];

	for (size_t i = 0; i < g->nrules; i++) {
		const struct rule *r = &g->rules[i];
		if (!r->enabled || r->kind != RULE_RATE_LIMIT ||
		    (r->acct[0] && strcmp(r->acct, o->account) != 0) ||
		    (r->trader[0] && strcmp(r->trader, user) != 0))
			continue;
		rate_key(r, user, key, sizeof key);
		struct rate *rt = hmap_get(g->rates, key);
		if (!rt) {
			rt = xcalloc(1, sizeof *rt);
			hmap_put(g->rates, key, rt);
		}
		if (rt->sec != exec_now(x)) {
			rt->sec = exec_now(x);
			rt->count = 0;
		}
		rt->count++;
	}
}

/* Fill the world the check needs for ORDER (acct/symbol of O). */
static void
fill_env(struct exec *x, struct env_ctx *ec, const struct order *o,
    const struct instrument *in, struct cpl_env *env)
{
	const struct account *a = book_account(exec_book_rw(x), o->account);
	const struct position *p = book_position(exec_book_rw(x), o->account,
	    o->symbol,
	    false);
	const struct book_quote *bq = book_quote(exec_book_rw(x), o->symbol);
	struct err e = { "" };
	int64_t rate = 0;

	ec->x = x;
	ec->o = o;
	ec->user = guard_user(x);
	memset(env, 0, sizeof *env);
	env->ctx = ec;
	env->acct = a;
	env->mark = bq ? bq->mark : 0;
	env->position = p ? p->qty : 0;
	/* One unit of the instrument's currency in the base currency. */
	if (a && fx_convert(book_fx(exec_book_rw(x)), PX_SCALE, in->ccy, a->ccy,
	    &rate,
	    &e) == -1)
		rate = 0;
	env->fx = rate;
	env->working = env_working;
	env->group_value = env_group;
	env->instrument = env_instrument;
	env->rate_count = env_rate;
}

/* The outcomes of RES as one line: "R1 max_qty: ...; R2 ...". */
static void
summarize(const struct cpl_result *res, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int sev = RULE_BLOCK; sev >= RULE_WARN; sev--) {
		for (int i = 0; i < res->n && used + 1 < len; i++) {
			const struct cpl_outcome *oc = &res->out[i];
			if ((int)oc->outcome != sev)
				continue;
			used += (size_t)snprintf(buf + used, len - used,
			    "%s%s (%s): %s", used ? "; " : "", oc->rule_id,
			    rule_kind_name(oc->kind), oc->detail);
		}
	}
	if (used >= len && len > 4)
		memcpy(buf + len - 4, "...", 4);
}

static int
guard_check(struct exec *x, const struct order *o, bool replace,
    struct cpl_result *res, char *summary)
{
	struct guard *g = GUARD(x);
	struct cpl_order co;
	struct cpl_env env;
	struct env_ctx ec;
	const struct instrument *in;

	/* Only the counts: the outcomes are written as they are found. */
	res->worst = RULE_PASS;
	res->checked = res->broken = res->n = 0;
	if (summary)
		summary[0] = '\0';
	if (g->nrules == 0 || !(in = book_instrument(exec_book_rw(x),
	    o->symbol)))
		return RULE_PASS;
	memset(&co, 0, sizeof co);
	co.acct = o->account;
	co.user = guard_user(x);
	co.in = in;
	co.side = o->side;
	co.qty = o->qty;
	co.leaves = o->qty - o->cum_qty;
	co.limit_px = o->type == OTYPE_LIMIT || o->type == OTYPE_STOP_LIMIT ?
	    o->limit_px : 0;
	co.replace = replace;
	fill_env(x, &ec, o, in, &env);
	cpl_check(g->rules, g->nrules, &co, &env, res);
	if (res->checked == 0)
		return RULE_PASS;
	if (summary)
		summarize(res, summary, NOTE_MAX);
	return (int)res->worst;
}

static int
guard_record(struct exec *x, const struct order *o,
    const struct cpl_result *res, struct err *err)
{
	char detail[CPL_DETAIL_MAX];

	if (res->checked == 0)
		return 0;
	if (res->worst != RULE_BLOCK)
		count_rate(x, o);
	if (res->n == 0) {
		snprintf(detail, sizeof detail,
		    "%d rule%s checked, none broken",
		    res->checked, res->checked == 1 ? "" : "s");
		const char *kv[] = { "rule", "", "kind", "", "outcome", "pass",
		    "detail", detail, NULL };
		if (store_audit(exec_store(x), exec_now(x), "check", o->id, kv,
		    err) == -1)
			return exec_store_fail(x, err);
		return 0;
	}
	for (int i = 0; i < res->n; i++) {
		const struct cpl_outcome *oc = &res->out[i];
		const char *kv[] = { "rule", oc->rule_id,
		    "kind", rule_kind_name(oc->kind),
		    "outcome", rule_action_name(oc->outcome),
		    "detail", oc->detail, NULL };
		if (store_audit(exec_store(x), exec_now(x), "check", o->id, kv,
		    err) == -1)
			return exec_store_fail(x, err);
	}
	if (res->broken > res->n) {
		snprintf(detail, sizeof detail, "%d more rules broke",
		    res->broken - res->n);
		const char *kv[] = { "rule", "", "kind", "", "outcome",
		    "more", "detail", detail, NULL };
		if (store_audit(exec_store(x), exec_now(x), "check", o->id, kv,
		    err) == -1)
			return exec_store_fail(x, err);
	}
	return 0;
}

/* ---- post-trade ------------------------------------------------------------- */

static void
breach_key(const struct rule *r, const char *acct, const char *group,
    char *buf, size_t len)
{
	snprintf(buf, len, "%s\037%s\037%s", r->id, acct, group);
}

static int
guard_after_fill(struct exec *x, const char *acct, const char *sym,
    struct err *err)
{
	struct guard *g = GUARD(x);
	const struct instrument *in;
	struct cpl_result res;
	struct cpl_order co;
	struct cpl_env env;
	struct env_ctx ec;
	struct order o;
	char key[RULE_ID_MAX + ACCOUNT_MAX + NAME_MAX_LEN + 4];

	if (g->expo_on)
		revalue(x, acct, sym);
	if (!g->post_on || !(in = book_instrument(exec_book_rw(x), sym)))
		return 0;
	memset(&o, 0, sizeof o);
	str_copy(o.account, sizeof o.account, acct);
	str_copy(o.symbol, sizeof o.symbol, sym);
	memset(&co, 0, sizeof co);
	co.acct = acct;
	co.user = guard_user(x);
	co.in = in;
	co.post_trade = true;
	fill_env(x, &ec, &o, in, &env);
	cpl_check(g->rules, g->nrules, &co, &env, &res);
	/* Each post-trade rule covering this position: a new breach is an
	 * alert, and so is the end of one. */
	for (size_t i = 0; i < g->nrules; i++) {
		const struct rule *r = &g->rules[i];
		const struct cpl_outcome *hit = NULL;
		const char *group;
		if (!r->enabled || !cpl_post_trade_kind(r->kind) ||
		    (r->acct[0] && strcmp(r->acct, acct) != 0))
			continue;
		if (r->kind == RULE_POSITION_LIMIT) {
			if (strcmp(r->sym, sym) != 0)
				continue;
			group = r->sym;
		} else {
			group = cpl_group_key(in, r->by);
		}
		for (int k = 0; k < res.n; k++)
			if (strcmp(res.out[k].rule_id, r->id) == 0)
				hit = &res.out[k];
		breach_key(r, acct, group, key, sizeof key);
		int *level = hmap_get(g->breaches, key);
		/* An alert when the position crosses a level (the warning,
		 * then the limit), and when it is back within both. */
		if (hit && (!level || *level < (int)hit->outcome)) {
			if (!level) {
				level = xcalloc(1, sizeof *level);
				hmap_put(g->breaches, key, level);
			}
			*level = (int)hit->outcome;
			if (raise_alert(x, "breach", acct, sym, r->id,
			    hit->detail, err) == -1)
				return -1;
		} else if (hit && level) {
			*level = (int)hit->outcome;
		} else if (!hit && level) {
			char detail[CPL_DETAIL_MAX];
			free(hmap_del(g->breaches, key));
			snprintf(detail, sizeof detail, "%s %s is back within "
			    "its limit", rule_kind_name(r->kind), group);
			if (raise_alert(x, "cleared", acct, sym, r->id, detail,
			    err) == -1)
				return -1;
		}
	}
	return 0;
}

static int
ld_alert(void *ctx, const struct store_alert *a)
{
	struct exec *x = ctx;
	struct guard *g = GUARD(x);
	const struct instrument *in;
	char key[RULE_ID_MAX + ACCOUNT_MAX + NAME_MAX_LEN + 4];

	keep_alert(g, a);
	if (strcmp(a->kind, "breach") != 0 && strcmp(a->kind, "cleared") != 0)
		return 0;
	/* Which breaches are open: the rule, account and group of each. */
	for (size_t i = 0; i < g->nrules; i++) {
		const struct rule *r = &g->rules[i];
		if (strcmp(r->id, a->rule_id) != 0)
			continue;
		in = book_instrument(exec_book_rw(x), a->symbol);
		const char *group = r->kind == RULE_POSITION_LIMIT ? r->sym :
		    in ? cpl_group_key(in, r->by) : a->symbol;
		breach_key(r, a->account, group, key, sizeof key);
		if (a->kind[0] == 'b') {
			int *level = xcalloc(1, sizeof *level);
			/* The level it reached is not kept: the limit. */
			*level = RULE_BLOCK;
			free(hmap_put(g->breaches, key, level));
		} else
			free(hmap_del(g->breaches, key));
	}
	return 0;
}

/* ---- load ------------------------------------------------------------------- */

static struct rule *
find_rule(struct guard *g, const char *id)
{
	for (size_t i = 0; i < g->nrules; i++)
		if (strcmp(g->rules[i].id, id) == 0)
			return &g->rules[i];
	return NULL;
}

static void
append_rule(struct guard *g, const struct rule *r)
{
	if (g->nrules == g->caprules) {
		g->caprules = g->caprules ? g->caprules * 2 : 16;
		g->rules = xrealloc(g->rules, g->caprules * sizeof *g->rules);
	}
	g->rules[g->nrules++] = *r;
}

static int
ld_rule(void *ctx, const struct rule *r)
{
	append_rule(ctx, r);
	return 0;
}

/* The store's review.same_login, kept in meta beside its journal entry. */
static int
ld_same_login(struct exec *x, struct err *err)
{
	struct guard *g = GUARD(x);
	char val[16];
	int rc = store_meta_get(exec_store(x), SAME_LOGIN, val, sizeof val,
	    err);

	if (rc == -1)
		return exec_store_fail(x, err);
	g->store_same_login = rc == 0 ? SL_UNSET :
	    strcmp(val, "refuse") == 0 ? SL_REFUSE : SL_ALERT;
	return 0;
}

static int
guard_load(struct exec *x, struct err *err)
{
	struct guard *g = GUARD(x);
	char acting[USER_MAX];

	str_copy(acting, sizeof acting, g->user);
	clear(g);
	g->users = hmap_new();
	g->halts = hmap_new();
	g->breaches = hmap_new();
	g->rates = hmap_new();
	g->nalerts = 0;
	if (store_each_user(exec_store(x), ld_user, g, err) == -1)
		return exec_store_fail(x, err);
	if (hmap_count(g->users) == 0) {
		/* Whoever creates the store is its admin. */
		struct store_user u;
		memset(&u, 0, sizeof u);
		str_copy(u.login, sizeof u.login, g->login);
		u.role = ROLE_ADMIN;
		snprintf(u.name, sizeof u.name, "store owner");
		u.created = exec_now(x);
		store_set_user(exec_store(x), g->login);
		if (store_put_user(exec_store(x), &u, exec_now(x), err) == -1)
			return exec_store_fail(x, err);
		remember_user(g, &u);
	}
	/* Acting as someone survives a reload while they are still a user. */
	g->user[0] = '\0';
	if (acting[0] && user_of(g, acting))
		str_copy(g->user, sizeof g->user, acting);
	store_set_user(exec_store(x), guard_user(x));
	if (store_each_rule(exec_store(x), ld_rule, g, err) == -1 ||
	    store_each_halt(exec_store(x), ld_halt, g, err) == -1)
		return exec_store_fail(x, err);
	rules_changed(x);
	if (store_each_alert(exec_store(x), ld_alert, x, err) == -1)
		return exec_store_fail(x, err);
	return ld_same_login(x, err);
}

/* ---- commands ----------------------------------------------------------------- */

int
guard_cmd_user_add(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct guard *g = GUARD(x);
	const struct store_user *old = user_of(g, c->user);
	struct store_user u;

	if (old && old->role == ROLE_ADMIN && c->role != ROLE_ADMIN) {
		size_t pos = 0, admins = 0;
		void *val;
		while (hmap_next(g->users, &pos, NULL, &val))
			admins += ((struct store_user *)val)->role ==
			    ROLE_ADMIN;
		if (admins == 1)
			return err_set(err, "%s is the only admin of this "
			    "store: add another admin first", c->user);
	}
	memset(&u, 0, sizeof u);
	str_copy(u.login, sizeof u.login, c->user);
	u.role = c->role;
	snprintf(u.name, sizeof u.name, "%.*s", (int)sizeof u.name - 1,
	    c->text[0] ? c->text : old ? old->name : "");
	u.created = old ? old->created : exec_now(x);
	if (store_put_user(exec_store(x), &u, exec_now(x), err) == -1)
		return exec_store_fail(x, err);
	remember_user(g, &u);
	if (exec_res(x))
		result_message(exec_res(x), "user %s %s as %s",
		    u.login,
		    old ? "changed" : "added", user_role_name(u.role));
	return 0;
}

int
guard_cmd_as(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct guard *g = GUARD(x);
	const struct store_user *me = user_of(g, g->login);
	char from[USER_MAX];

	if (!me || me->role != ROLE_ADMIN)
		return err_set(err, "only an admin running blotter may act as "
		    "another user (%s is %s)", g->login, me ?
		    user_role_name(me->role) : "not a user of this store");
	if (!user_of(g, c->user))
		return err_set(err, "%s is not a user of this store", c->user);
	str_copy(from, sizeof from, guard_user(x));
	const char *kv[] = { "login", g->login, "from", from, NULL };
	if (store_audit(exec_store(x), exec_now(x), "as", c->user, kv,
	    err) == -1)
		return exec_store_fail(x, err);
	if (strcmp(c->user, g->login) == 0)
		g->user[0] = '\0';
	else
		str_copy(g->user, sizeof g->user, c->user);
	store_set_user(exec_store(x), guard_user(x));
	exec_touch(x);
	if (exec_res(x))
		result_message(exec_res(x), "acting as %s (%s)",
		    c->user,
		    user_role_name(user_of(g, c->user)->role));
	return 0;
}

int
guard_cmd_show_users(struct exec *x, const struct cmd *c,
    struct err *err)
{
	(void)c;
	struct guard *g = GUARD(x);
	size_t pos = 0, shown = 0;
	void *val;
	(void)err;

	if (!exec_res(x))
		return 0;
	while (hmap_next(g->users, &pos, NULL, &val)) {
		const struct store_user *u = val;
		const char *acting = strcmp(u->login, guard_user(x)) == 0 ?
		    "acting" : "";
		struct format_field f[] = {
			{ "login", u->login, 12, false, false },
			{ "role", user_role_name(u->role), 10, false, false },
			{ "now", acting, 6, false, false },
			{ "name", u->name, 0, false, false },
		};
		if (shown++ == 0)
			result_record_header(exec_res(x), f, 4);
		result_record(exec_res(x), f, 4);
	}
	return 0;
}

/* Add RULE (complete and valid) to the store and to memory. */
static int
add_rule(struct exec *x, const struct rule *r, struct err *err)
{
	if (find_rule(GUARD(x), r->id))
		return err_set(err, "rule %s already exists: delete it first "
		    "(rule del %s)", r->id, r->id);
	if (r->acct[0] && !book_account(exec_book_rw(x), r->acct))
		return err_set(err, "rule %s: unknown account '%s'", r->id,
		    r->acct);
	if (store_put_rule(exec_store(x), r, "rule.add", exec_now(x),
	    err) == -1)
		return exec_store_fail(x, err);
	append_rule(GUARD(x), r);
	rules_changed(x);
	return 0;
}

int
guard_cmd_rule_add(struct exec *x, const struct cmd *c,
    struct err *err)
{
	char text[256];

	if (add_rule(x, &c->rule, err) == -1)
		return -1;
	if (exec_res(x))
		result_message(exec_res(x), "rule %s added: %s",
		    c->rule.id,
		    rule_format(&c->rule, text, sizeof text));
	return 0;
}

int
guard_cmd_rule_change(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct guard *g = GUARD(x);
	struct rule *r = find_rule(g, c->rule.id);
	const char *what;

	if (!r)
		return err_set(err, "no rule '%s' (rule list shows them)",
		    c->rule.id);
	if (c->kind == CMD_RULE_DEL) {
		if (store_del_rule(exec_store(x), r->id, exec_now(x),
		    err) == -1)
			return exec_store_fail(x, err);
		size_t i = (size_t)(r - g->rules);
		memmove(&g->rules[i], &g->rules[i + 1],
		    (g->nrules - i - 1) * sizeof *g->rules);
		g->nrules--;
		what = "deleted";
	} else {
		bool on = c->kind == CMD_RULE_ENABLE;
		if (r->enabled == on)
			return err_set(err, "rule %s is already %s", r->id,
			    on ? "enabled" : "disabled");
		struct rule changed = *r;
		changed.enabled = on;
		if (store_put_rule(exec_store(x), &changed, on ? "rule.enable" :
		    "rule.disable", exec_now(x), err) == -1)
			return exec_store_fail(x, err);
		*r = changed;
		what = on ? "enabled" : "disabled";
	}
	rules_changed(x);
	if (exec_res(x))
		result_message(exec_res(x), "rule %s %s",
		    c->rule.id, what);
	return 0;
}

int
guard_cmd_rule_list(struct exec *x, const struct cmd *c,
    struct err *err)
{
	(void)c;
	struct guard *g = GUARD(x);
	char text[256];
	(void)err;

	if (!exec_res(x))
		return 0;
	if (g->nrules == 0) {
		result_message(exec_res(x), "no compliance rules");
		return 0;
	}
	for (size_t i = 0; i < g->nrules; i++) {
		const struct rule *r = &g->rules[i];
		struct format_field f[] = {
			{ "id", r->id, 12, false, false },
			{ "kind", rule_kind_name(r->kind), 14, false, false },
			{ "acct", r->acct[0] ? r->acct : "*", 10, false, false },
			{ "action", rule_action_name(r->action), 6, false,
			    false },
			{ "state", r->enabled ? "on" : "off", 5, false, false },
			{ "params", rule_format(r, text, sizeof text), 0,
			    false, false },
		};
		if (i == 0)
			result_record_header(exec_res(x), f, 6);
		result_record(exec_res(x), f, 6);
	}
	return 0;
}

struct rules_file {
	struct exec *x;
	const char *path;
	struct sbuf *errors;
	struct rule *list;
	size_t	n, cap;
};

#define RULES_BAD_LISTED	20	/* bad lines named by number */

/* ERRORS (one "PATH:LINE: what" a line, as textfile_lines() and
 * rules_line() wrote them, the reader's refusals among them) as one error:
 * the first in full and the numbers of the others. */
static int
rules_errors(const char *path, const char *errors, struct err *err)
{
	struct sbuf others = { 0 };
	size_t	plen = strlen(path);
	int	nbad = 0, n = (int)strcspn(errors, "\n");

	for (const char *l = errors; *l != '\0'; ) {
		const char *nl = strchr(l, '\n');
		if (strncmp(l, path, plen) == 0 && l[plen] == ':' &&
		    isdigit((unsigned char)l[plen + 1]) && nbad++ > 0 &&
		    nbad <= RULES_BAD_LISTED + 1)
			sbuf_printf(&others, "%s%lu", nbad > 2 ? ", " : "",
			    strtoul(l + plen + 1, NULL, 10));
		if (nl == NULL)
			break;
		l = nl + 1;
	}
	if (nbad > 1)
		err_set(err, "%.*s (also bad: line%s %s%s)", n, errors,
		    nbad > 2 ? "s" : "", others.p, nbad > RULES_BAD_LISTED + 1 ?
		    ", ..." : "");
	else
		err_set(err, "%.*s", n, errors);
	sbuf_free(&others);
	return -1;
}

/* One line of a rules file: what follows "rule add" (or the whole
 * command). */
static int
rules_line(void *ctx, char *line, unsigned lineno)
{
	struct rules_file *f = ctx;
	char text[TEXTFILE_LINE_MAX + 16];	/* "rule add " and the line */
	struct cmd c;
	struct err e = { "" };
	const char *p = line;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '\n' || *p == '\r')
		return 0;
	if (strncasecmp(p, "rule", 4) == 0 && (p[4] == ' ' || p[4] == '\t'))
		str_copy(text, sizeof text, p);
	else
		snprintf(text, sizeof text, "rule add %s", p);
	if (cmd_parse(text, &c, &e) == -1 || c.kind != CMD_RULE_ADD) {
		sbuf_printf(f->errors, "%s:%u: %s\n", f->path, lineno,
		    e.msg[0] ? e.msg : "not a rule (ID kind=.. [params])");
		return -1;	/* its message is in F->errors */
	}
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->list[i].id, c.rule.id) == 0) {
			sbuf_printf(f->errors,
			    "%s:%u: rule %s is given twice\n",
			    f->path, lineno, c.rule.id);
			return -1;	/* its message is in F->errors */
		}
	if (find_rule(GUARD(f->x), c.rule.id)) {
		sbuf_printf(f->errors, "%s:%u: rule %s already exists: delete "
		    "it first\n", f->path, lineno, c.rule.id);
		return -1;	/* its message is in F->errors */
	}
	if (c.rule.acct[0] && !book_account(exec_book_rw(f->x), c.rule.acct)) {
		sbuf_printf(f->errors, "%s:%u: rule %s: unknown account '%s'\n",
		    f->path, lineno, c.rule.id, c.rule.acct);
		return -1;	/* its message is in F->errors */
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->list = xrealloc(f->list, f->cap * sizeof *f->list);
	}
	f->list[f->n++] = c.rule;
	return 0;
}

int
guard_cmd_load_rules(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct sbuf errors = { 0 };
	struct rules_file f = { .x = x, .path = c->path, .errors = &errors };
	int rc = 0;

	/* All or nothing: every line is read and checked before the first
	 * rule is added. */
	if (textfile_lines(c->path, rules_line, &f, &errors) == -1)
		rc = rules_errors(c->path, errors.p ? errors.p : c->path, err);
	for (size_t i = 0; rc == 0 && i < f.n; i++)
		rc = add_rule(x, &f.list[i], err);
	if (rc == 0 && exec_res(x))
		result_message(exec_res(x), "%zu rules loaded from %s", f.n,
		    c->path);
	free(f.list);
	sbuf_free(&errors);
	return rc;
}

/* The flagged order ID, live in the book, and the four-eyes rule. */
static struct order *
reviewable(struct exec *x, const char *id, const char *verb,
    struct err *err)
{
	struct order tmp, *o = book_order(exec_book_rw(x), id);

	if (!o) {
		struct order *done = exec_find_order(x, id, &tmp, err);
		if (done)
			err_set(err, "order %s is %s: only a flagged order can "
			    "be %s", done->id, order_status_name(done->status),
			    verb);
		return NULL;
	}
	if (o->status != ORDER_FLAGGED) {
		err_set(err, "order %s is %s: only a flagged order can be %s",
		    o->id, order_status_name(o->status), verb);
		return NULL;
	}
	if (strcmp(o->user, guard_user(x)) == 0) {
		err_set(err, "order %s was entered by %s: another compliance "
		    "user must review it", o->id, o->user);
		return NULL;
	}
	return o;
}

/* A login, and the first thing an order's history says it did. */
struct acts {
	const char *login;
	const char *act;
};

static int
find_act(void *ctx, int64_t seq, int64_t ts, const char *kind,
    const char *body)
{
	struct acts *a = ctx;
	char login[USER_MAX];
	const char *act = store_entry_act(kind, body, login, sizeof login);

	(void)seq;
	(void)ts;
	/* The entering login is the order's own (same_login()). */
	if (act == NULL || strcmp(kind, "order.new") == 0 ||
	    strcmp(login, a->login) != 0)
		return 0;
	a->act = act;
	return 1;
}

/* What the login running blotter did to O into *ACT: "entered" (O's own
 * login), else the first of "amended", "released" or "put in a block" in
 * its history, or NULL when it did none of these.  Orders entered before
 * logins were kept have none: they cannot tell.  Returns 0, or -1 when
 * the store could not be read. */
static int
same_login(struct exec *x, const struct order *o, const char **act,
    struct err *err)
{
	struct acts a = { GUARD(x)->login, NULL };

	*act = NULL;
	if (o->login[0] && strcmp(o->login, GUARD(x)->login) == 0) {
		*act = "entered";
		return 0;
	}
	if (store_each_history(exec_store(x), o->id, find_act, &a, err) == -1)
		return exec_store_fail(x, err);
	*act = a.act;
	return 0;
}

/* Refuse (-1) O's approval by a login that entered, amended or released
 * it (ACT) when review.same_login is refuse, in the store or in the
 * configuration; and any approval of an order that keeps no login
 * (entered before logins were kept), since that another login approves
 * it cannot be shown. */
static int
same_login_refuse(struct exec *x, const struct order *o, const char *act,
    struct err *err)
{
	struct guard *g = GUARD(x);
	const char *where = g->store_same_login == SL_REFUSE ? "the store" :
	    "the configuration";

	if (g->store_same_login != SL_REFUSE && !g->rc_refuse)
		return 0;
	if (o->login[0] == '\0')
		return err_set(err, "order %s was entered before blotter kept "
		    "logins: that another login approves it cannot be shown, "
		    "and %s is refuse (in %s); cancel it and enter it again",
		    o->id, SAME_LOGIN, where);
	if (act == NULL)
		return 0;
	if (strcmp(act, "entered") != 0)
		return err_set(err, "order %s was %s from login %s, the login "
		    "approving it: %s is refuse (in %s), so someone at "
		    "another login must approve it", o->id, act, g->login,
		    SAME_LOGIN, where);
	return err_set(err, "order %s was entered by %s from login %s, the "
	    "login approving it: %s is refuse (in %s), so someone at another "
	    "login must approve it", o->id, o->user, o->login, SAME_LOGIN,
	    where);
}

/* An approval by a login that entered, amended or released O (ACT), let
 * through: a check in its compliance record, and an alert for compliance
 * users. */
static int
same_login_alert(struct exec *x, const struct order *o, const char *act,
    struct err *err)
{
	char detail[4 * USER_MAX + 64];	/* an alert keeps less */
	char alert[sizeof detail + ORDER_ID_MAX + 8];
	const char *login = GUARD(x)->login;

	if (strcmp(act, "entered") == 0)
		snprintf(detail, sizeof detail, "entered by %.31s and approved "
		    "by %.31s, both from login %.31s", o->user, guard_user(x),
		    o->login);
	else
		snprintf(detail, sizeof detail, "%s and approved by %.31s, "
		    "both from login %.31s", act, guard_user(x), login);
	const char *kv[] = { "rule", SAME_LOGIN, "kind", "four_eyes",
	    "outcome", "alert", "act", act, "detail", detail, NULL };
	if (store_audit(exec_store(x), exec_now(x), "check", o->id, kv,
	    err) == -1)
		return exec_store_fail(x, err);
	/* The alert says the same of the order it names. */
	snprintf(alert, sizeof alert, "order %.31s %s", o->id, detail);
	return raise_alert(x, "same_login", o->account, o->symbol,
	    SAME_LOGIN, alert, err);
}

/* The audit entry of a review (KIND approve or reject) of O: the acting
 * user, the login, whether that login entered, amended or released the
 * order (ACT), the reason. */
static int
audit_review(struct exec *x, const char *kind, const struct order *o,
    const char *act, const char *reason, struct err *err)
{
	/* same_login=yes only when it is: the list ends early otherwise. */
	const char *kv[] = { "by", guard_user(x), "login", GUARD(x)->login,
	    "reason", reason, act ? "same_login" : NULL, "yes",
	    "same_login_act", act, NULL };

	if (store_audit(exec_store(x), exec_now(x), kind, o->id, kv, err) == -1)
		return exec_store_fail(x, err);
	return 0;
}

int
guard_cmd_approve(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct order *o = reviewable(x, c->id, "approved", err);
	const char *act;

	if (!o)
		return -1;
	if (guard_halted(x, o->account, err) == -1)
		return -1;
	if (exec_session_allows(x, o, err) == -1)
		return -1;	/* it stays flagged: approve it in the session */
	if (same_login(x, o, &act, err) == -1)
		return -1;
	if (same_login_refuse(x, o, act, err) == -1)
		return -1;
	if (order_apply(o, OEV_APPROVE, err) == -1)
		return -1;
	o->updated = exec_now(x);
	if (exec_journal_status(x, o, OEV_APPROVE, err) == -1)
		return -1;
	if (audit_review(x, "approve", o, act, c->text, err) == -1)
		return -1;
	if (act && same_login_alert(x, o, act, err) == -1)
		return -1;
	exec_event(x, o, "approved", c->text[0] ? c->text : NULL);
	return exec_send_order(x, o, err);
}

int
guard_cmd_reject(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct order *o = reviewable(x, c->id, "rejected", err);
	char id[ORDER_ID_MAX];
	const char *act;

	if (!o || same_login(x, o, &act, err) == -1)
		return -1;
	snprintf(o->reason, sizeof o->reason, "rejected by compliance "
	    "(%.24s): %.70s", guard_user(x), c->text);
	if (order_apply(o, OEV_REJECT, err) == -1)
		return -1;
	o->updated = exec_now(x);
	if (exec_journal_status(x, o, OEV_REJECT, err) == -1)
		return -1;
	if (audit_review(x, "reject", o, act, c->text, err) == -1)
		return -1;
	exec_event(x, o, "rejected", o->reason);
	str_copy(id, sizeof id, o->id);
	book_drop_order(exec_book_rw(x), id);
	return 0;
}

/* set review.same_login alert|refuse: journaled, and kept in meta where
 * every blotter on the store reads it at start. */
int
guard_cmd_set(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct guard *g = GUARD(x);
	bool refuse = strcmp(c->value, "refuse") == 0;
	const char *kv[] = { "value", c->value, "login", g->login, NULL };

	if (store_audit(exec_store(x), exec_now(x), "set", c->setting, kv,
	    err) == -1 ||
	    store_meta_set(exec_store(x), SAME_LOGIN, c->value, err) == -1)
		return exec_store_fail(x, err);
	g->store_same_login = refuse ? SL_REFUSE : SL_ALERT;
	exec_touch(x);
	if (exec_res(x))
		result_message(exec_res(x), "%s = %s in the store%s",
		    SAME_LOGIN, c->value, !refuse && g->rc_refuse ? " (this "
		    "session's configuration still says refuse)" : "");
	return 0;
}

int
guard_cmd_show_settings(struct exec *x, const struct cmd *c,
    struct err *err)
{
	(void)c;
	struct guard *g = GUARD(x);
	bool refuse = g->store_same_login == SL_REFUSE || g->rc_refuse;
	const char *store = g->store_same_login == SL_UNSET ? "" :
	    g->store_same_login == SL_REFUSE ? "refuse" : "alert";
	const char *from = g->store_same_login == SL_REFUSE ? "store" :
	    g->rc_refuse ? "configuration" : g->store_same_login == SL_ALERT ?
	    "store" : "default";
	(void)err;

	if (!exec_res(x))
		return 0;
	struct format_field f[] = {
		{ "setting", SAME_LOGIN, 18, false, false },
		{ "value", refuse ? "refuse" : "alert", 6, false, false },
		{ "from", from, 13, false, false },
		{ "store", store, 6, false, false },
		{ "config", g->rc_refuse ? "refuse" : "alert", 0, false, false },
	};
	result_record_header(exec_res(x), f, 5);
	result_record(exec_res(x), f, 5);
	return 0;
}

/* A member of a journal body (JSON object text), or "". */
static const char *
body_get(struct json_object *j, const char *key)
{
	struct json_object *v;

	if (!j || !json_object_object_get_ex(j, key, &v) || !v)
		return "";
	return json_object_get_string(v);
}

struct show_ctx {
	struct exec *x;
	size_t	n;
	bool	measure;	/* only find the widest cell */
	int	rule_w;		/* the rule (show audit: ref) column's width */
	int	sym_w;		/* show alerts: the symbol column's width */
};

/* In a measuring pass: widen the rule (or ref) column for TEXT. */
static bool
show_measure(struct show_ctx *s, const char *text)
{
	int	n = (int)strlen(text);

	if (s->measure && n > s->rule_w)
		s->rule_w = n;
	return s->measure;
}

static int
show_check(void *ctx, const struct store_audit_row *r)
{
	struct show_ctx *s = ctx;
	struct json_object *j = json_tokener_parse(r->body);
	char t[24];

	if (show_measure(s, body_get(j, "rule"))) {
		json_object_put(j);
		return 0;
	}
	cmd_time_fmt(r->ts, t, sizeof t);
	struct format_field f[] = {
		{ "time", t, 19, false, false },
		{ "order", r->ref, 10, false, false },
		{ "rule", body_get(j, "rule"), s->rule_w, false, false },
		{ "kind", body_get(j, "kind"), 14, false, false },
		{ "outcome", body_get(j, "outcome"), 7, false, false },
		{ "user", r->user, 10, false, false },
		{ "detail", body_get(j, "detail"), 0, false, false },
	};
	if (s->n++ == 0)
		result_record_header(exec_res(s->x), f, 7);
	result_record(exec_res(s->x), f, 7);
	json_object_put(j);
	return 0;
}

static int
show_audit_row(void *ctx, const struct store_audit_row *r)
{
	struct show_ctx *s = ctx;
	char t[24], seq[24], hash[2 * 8 + 1];

	if (show_measure(s, r->ref))
		return 0;
	cmd_time_fmt(r->ts, t, sizeof t);
	snprintf(seq, sizeof seq, "%" PRId64, r->seq);
	hash[0] = '\0';
	for (int i = 0; r->hash && i < 8; i++)
		snprintf(hash + 2 * i, 3, "%02x", r->hash[i]);
	struct format_field f[] = {
		{ "seq", seq, 7, true, false },
		{ "time", t, 19, false, false },
		{ "user", r->user, 12, false, false },
		{ "kind", r->kind, 13, false, false },
		{ "ref", r->ref, s->rule_w, false, false },
		{ "hash", hash, 16, false, false },
		{ "detail", r->body, 0, false, false },
	};
	if (s->n++ == 0)
		result_record_header(exec_res(s->x), f, 7);
	result_record(exec_res(s->x), f, 7);
	return 0;
}

static int
show_alert(void *ctx, const struct store_alert *a)
{
	struct show_ctx *s = ctx;
	char t[24];

	if (s->measure && (int)strlen(a->symbol) > s->sym_w)
		s->sym_w = (int)strlen(a->symbol);
	if (show_measure(s, a->rule_id))
		return 0;
	cmd_time_fmt(a->ts, t, sizeof t);
	struct format_field f[] = {
		{ "time", t, 19, false, false },
		{ "kind", a->kind, 10, false, false },
		{ "account", a->account[0] ? a->account : "*", 10, false,
		    false },
		{ "symbol", a->symbol, s->sym_w, false, false },
		{ "rule", a->rule_id, s->rule_w, false, false },
		{ "user", a->user, 10, false, false },
		{ "detail", a->detail, 0, false, false },
	};
	if (s->n++ == 0)
		result_record_header(exec_res(s->x), f, 7);
	result_record(exec_res(s->x), f, 7);
	return 0;
}

int
guard_cmd_show_log(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct show_ctx s = { x, 0, false, RULE_COL, 8 };
	const char *id = c->id[0] ? c->id : NULL;
	struct order tmp;
	int rc;

	if (!exec_res(x))
		return 0;
	if (id && !exec_find_order(x, id, &tmp, err))
		return -1;
	/* Text: a first pass finds how wide the rule (show audit: ref)
	 * column must be, so the columns after it stay under their
	 * headers. */
	for (s.measure = true; ; s.measure = false) {
		if (c->kind == CMD_SHOW_ALERTS)
			rc = store_each_alert(exec_store(x), show_alert, &s,
			    err);
		else if (c->kind == CMD_SHOW_COMPLIANCE)
			rc = store_each_audit(exec_store(x), id, "check",
			    show_check,
			    &s, err);
		else
			rc = store_each_audit(exec_store(x), id, NULL,
			    show_audit_row,
			    &s, err);
		if (rc == -1)
			return exec_store_fail(x, err);
		if (!s.measure)
			break;
	}
	if (s.n == 0)
		result_message(exec_res(x), "%s", c->kind ==
		    CMD_SHOW_ALERTS ? "no alerts" : c->kind ==
		    CMD_SHOW_COMPLIANCE ? "no compliance checks" :
		    "no audit entries");
	return 0;
}

int
guard_cmd_halt(struct exec *x, const struct cmd *c,
    struct err *err)
{
	return do_halt(x, c, true, err);
}

int
guard_cmd_resume(struct exec *x, const struct cmd *c,
    struct err *err)
{
	return do_halt(x, c, false, err);
}

/* ---- for the screen ------------------------------------------------------------ */

static void
guard_view(struct exec *x, struct view *v)
{
	struct guard *g = GUARD(x);
	const struct store_user *u = user_of(g, guard_user(x));
	const struct halt *h;
	struct order *o;
	size_t pos = 0, n = 0;

	str_copy(v->user, sizeof v->user, guard_user(x));
	str_copy(v->role, sizeof v->role, u ? user_role_name(u->role) :
	    "no role");
	v->can_review = u && u->role == ROLE_COMPLIANCE;
	v->can_halt = u && (HALT_ROLES & (1u << u->role));
	if (g->halts && (h = hmap_get(g->halts, HALT_ALL))) {
		v->halted = true;
		str_copy(v->halt_reason, sizeof v->halt_reason,
		    h->reason);
	}
	while ((o = book_next_order(exec_book_rw(x), &pos)))
		n += o->status == ORDER_FLAGGED;
	if (n) {
		v->flagged = xcalloc(n, sizeof *v->flagged);
		pos = 0;
		while ((o = book_next_order(exec_book_rw(x), &pos)) &&
		    v->nflagged < n)
			if (o->status == ORDER_FLAGGED)
				v->flagged[v->nflagged++] = *o;
	}
	v->nalerts = g->nalerts < VIEW_ALERTS ? g->nalerts : VIEW_ALERTS;
	for (size_t i = 0; i < v->nalerts; i++)
		v->alerts[i] = g->alerts[(g->nalerts - v->nalerts + i) %
		    VIEW_ALERTS];
}

static void
free_guard(void *g)
{
	guard_free(g);
}

static const struct exec_hooks guard_hooks = {
	.halted = guard_halted,
	.check = guard_check,
	.record = guard_record,
	.after_fill = guard_after_fill,
	.alert = guard_alert,
	.mark_moved = guard_mark_moved,
	.load = guard_load,
	.view = guard_view,
	.user = guard_user,
	.login = guard_login,
	.free = free_guard,
};

void
guard_attach(struct exec *x)
{
	exec_attach(x, &guard_hooks, guard_new());
}
