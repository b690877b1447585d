/* src/app/guard.c: compliance and users, for the engine in exec.c.
 *
 * The guard keeps in memory what the store says about who may do what:
 * the users and their roles, the acting user (the login, or whom an admin
 * acts as), the rules in the order they were added, and the post-trade
 * breaches still open.  Every change goes to the store first (journaled,
 * so it is in the audit trail), then into memory.
 *
 * The pre-trade check asks core (cpl_check) with values from the book.
 * Concentration rules need each account's market value by symbol, issuer
 * and sector; the guard keeps those sums up to date (cpl_expo) as fills
 * and marks move them, but only while such a rule is enabled, so a store
 * without one pays nothing for them.
 *
 * The review of flagged orders, halts and alerts make a part of their
 * own (review.c); the guard raises its post-trade breaches through the
 * engine's alert hook. */
#include "config.h"
#include "exec.h"
#include "exec-part.h"
#include "sbuf.h"
#include "view.h"
#include "guard.h"

#include <ctype.h>
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
#include "store.h"
#include "textfile.h"

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
	struct hmap *breaches;		/* rule\037acct\037group -> int */
	struct hmap *rates;		/* rule\037user -> struct rate */
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
	hmap_free_values(g->breaches);
	hmap_free_values(g->rates);
	g->users = g->breaches = g->rates = NULL;
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

/* Check CO, what O would be (post-trade: the position it names) in IN,
 * against the rules, for the acting user in the world the book shows. */
static void
run_check(struct exec *x, const struct order *o,
    const struct instrument *in, struct cpl_order *co,
    struct cpl_result *res)
{
	struct guard *g = GUARD(x);
	struct cpl_env env;
	struct env_ctx ec;

	co->acct = o->account;
	co->user = guard_user(x);
	co->in = in;
	fill_env(x, &ec, o, in, &env);
	cpl_check(g->rules, g->nrules, co, &env, res);
}

static int
guard_check(struct exec *x, const struct order *o, bool replace,
    struct cpl_result *res, char *summary)
{
	struct guard *g = GUARD(x);
	struct cpl_order co;
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
	co.side = o->side;
	co.qty = o->qty;
	co.leaves = o->qty - o->cum_qty;
	co.limit_px = o->type == OTYPE_LIMIT || o->type == OTYPE_STOP_LIMIT ?
	    o->limit_px : 0;
	co.replace = replace;
	run_check(x, o, in, &co, res);
	if (res->checked == 0)
		return RULE_PASS;
	if (summary)
		summarize(res, summary, NOTE_MAX);
	return (int)res->worst;
}

/* One entry of O's compliance record in the audit trail. */
static int
audit_check(struct exec *x, const struct order *o, const char *const *kv,
    struct err *err)
{
	if (store_audit(exec_store(x), exec_now(x), "check", o->id, kv,
	    err) == -1)
		return exec_store_fail(x, err);
	return 0;
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
		return audit_check(x, o, kv, err);
	}
	for (int i = 0; i < res->n; i++) {
		const struct cpl_outcome *oc = &res->out[i];
		const char *kv[] = { "rule", oc->rule_id,
		    "kind", rule_kind_name(oc->kind),
		    "outcome", rule_action_name(oc->outcome),
		    "detail", oc->detail, NULL };
		if (audit_check(x, o, kv, err) == -1)
			return -1;
	}
	if (res->broken > res->n) {
		snprintf(detail, sizeof detail, "%d more rules broke",
		    res->broken - res->n);
		const char *kv[] = { "rule", "", "kind", "", "outcome",
		    "more", "detail", detail, NULL };
		return audit_check(x, o, kv, err);
	}
	return 0;
}

/* ---- post-trade ------------------------------------------------------------- */

/* The key of a breach of R by ACCT's position in SYM (IN, NULL when it
 * is not known) into BUF: the rule, the account and the group R sums by
 * (a position limit's: its symbol).  Returns the group. */
static const char *
breach_key(const struct rule *r, const char *acct,
    const struct instrument *in, const char *sym, char *buf, size_t len)
{
	const char *group = r->kind == RULE_POSITION_LIMIT ? r->sym :
	    in ? cpl_group_key(in, r->by) : sym;

	snprintf(buf, len, "%s\037%s\037%s", r->id, acct, group);
	return group;
}

static int
guard_after_fill(struct exec *x, const char *acct, const char *sym,
    struct err *err)
{
	struct guard *g = GUARD(x);
	const struct instrument *in;
	struct cpl_result res;
	struct cpl_order co;
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
	co.post_trade = true;
	run_check(x, &o, in, &co, &res);
	/* Each post-trade rule covering this position: a new breach is an
	 * alert, and so is the end of one. */
	for (size_t i = 0; i < g->nrules; i++) {
		const struct rule *r = &g->rules[i];
		const struct cpl_outcome *hit = NULL;
		const char *group;
		if (!r->enabled || !cpl_post_trade_kind(r->kind) ||
		    (r->acct[0] && strcmp(r->acct, acct) != 0))
			continue;
		if (r->kind == RULE_POSITION_LIMIT && strcmp(r->sym, sym) != 0)
			continue;
		for (int k = 0; k < res.n; k++)
			if (strcmp(res.out[k].rule_id, r->id) == 0)
				hit = &res.out[k];
		group = breach_key(r, acct, in, sym, key, sizeof key);
		int *level = hmap_get(g->breaches, key);
		/* An alert when the position crosses a level (the warning,
		 * then the limit), and when it is back within both. */
		if (hit && (!level || *level < (int)hit->outcome)) {
			if (!level) {
				level = xcalloc(1, sizeof *level);
				hmap_put(g->breaches, key, level);
			}
			*level = (int)hit->outcome;
			if (exec_hook_alert(x, "breach", acct, sym, r->id,
			    hit->detail, err) == -1)
				return -1;
		} else if (hit && level) {
			*level = (int)hit->outcome;
		} else if (!hit && level) {
			char detail[CPL_DETAIL_MAX];
			free(hmap_del(g->breaches, key));
			snprintf(detail, sizeof detail, "%s %s is back within "
			    "its limit", rule_kind_name(r->kind), group);
			if (exec_hook_alert(x, "cleared", acct, sym, r->id,
			    detail, err) == -1)
				return -1;
		}
	}
	return 0;
}

/* Which breaches are open, from the alerts that opened and closed them. */
static int
ld_breach(void *ctx, const struct store_alert *a)
{
	struct exec *x = ctx;
	struct guard *g = GUARD(x);
	const struct instrument *in;
	char key[RULE_ID_MAX + ACCOUNT_MAX + NAME_MAX_LEN + 4];

	if (strcmp(a->kind, "breach") != 0 && strcmp(a->kind, "cleared") != 0)
		return 0;
	/* Which breaches are open: the rule, account and group of each. */
	for (size_t i = 0; i < g->nrules; i++) {
		const struct rule *r = &g->rules[i];
		if (strcmp(r->id, a->rule_id) != 0)
			continue;
		in = book_instrument(exec_book_rw(x), a->symbol);
		breach_key(r, a->account, in, a->symbol, key, sizeof key);
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

static int
guard_load(struct exec *x, struct err *err)
{
	struct guard *g = GUARD(x);
	char acting[USER_MAX];

	str_copy(acting, sizeof acting, g->user);
	clear(g);
	g->users = hmap_new();
	g->breaches = hmap_new();
	g->rates = hmap_new();
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
	if (store_each_rule(exec_store(x), ld_rule, g, err) == -1)
		return exec_store_fail(x, err);
	rules_changed(x);
	if (store_each_alert(exec_store(x), ld_breach, x, err) == -1)
		return exec_store_fail(x, err);
	return 0;
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

/* ---- for the screen ------------------------------------------------------------ */

static void
guard_view(struct exec *x, struct view *v)
{
	const struct store_user *u = user_of(GUARD(x), guard_user(x));

	str_copy(v->user, sizeof v->user, guard_user(x));
	str_copy(v->role, sizeof v->role, u ? user_role_name(u->role) :
	    "no role");
	v->can_review = u && u->role == ROLE_COMPLIANCE;
	v->can_halt = u && (HALT_ROLES & (1u << u->role));
}

static void
free_guard(void *g)
{
	guard_free(g);
}

static const struct exec_hooks guard_hooks = {
	.check = guard_check,
	.record = guard_record,
	.after_fill = guard_after_fill,
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
