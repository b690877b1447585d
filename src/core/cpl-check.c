/* src/core/cpl-check.c: the pre-trade and post-trade check of one order
 * against a set of compliance rules.
 *
 * cpl_check() walks the rules once.  Whatever several rules need from the
 * world (the instrument's underlying chain, working orders, the order's
 * value in the base currency, a group's market value) is fetched lazily
 * the first time a rule asks and kept for the rest of that check; nothing
 * is allocated and nothing is formatted unless a rule breaks, so a check
 * costs a few comparisons per rule.  Thresholds are compared exactly in
 * 128-bit integers. */
#include "config.h"
#include "compliance.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cpl-int.h"
#include "err.h"
#include "fixed.h"

#define CHAIN_MAX	8	/* underlying levels followed */

/* The percent NUM / DEN (NUM already times 100, DEN > 0) with 2 decimals,
 * or more when 2 would not show it is above ABOVE (PX_SCALE).  Formed in
 * 128 bits: a position far past a tiny NAV, or a limit far from a tiny
 * mark, is shown as it is, in whole percent past what 64 bits hold. */
static char *
fmt_pct_over(unsigned __int128 num, unsigned __int128 den, int64_t above,
    char *buf)
{
	unsigned __int128 v = (num * PX_SCALE + den / 2) / den, r = v;
	int64_t	unit = 1000000;
	char	digits[48], *p = digits + sizeof digits;
	int	d;

	for (d = 2; d <= PX_DECIMALS; d++, unit /= 10) {
		r = (v / unit + (v % unit * 2 >= (unsigned)unit ? 1 : 0)) *
		    unit;
		if (r > (unsigned __int128)above)
			break;
	}
	if (d > PX_DECIMALS)
		r = v;
	if (r <= INT64_MAX)
		return fixed_fmt((int64_t)r, PX_DECIMALS, 2, buf, CPL_NUMBUF);
	r = (r + PX_SCALE / 2) / PX_SCALE;
	*--p = '\0';
	do {
		*--p = (char)('0' + (int)(r % 10));
		r /= 10;
	} while (r > 0);
	str_copy(buf, CPL_NUMBUF, p);
	return buf;
}

/* What one check has fetched so far (each item on first need). */
struct chk {
	const struct cpl_order *o;
	const struct cpl_env *env;
	struct cpl_result *res;
	const char *base;		/* base currency for messages */
	int	dir;			/* +1 buy/cover, -1 sell/short */
	/* The instrument and its underlyings, CHAIN_MAX levels at most. */
	bool	have_chain;
	int	nchain;
	const struct instrument *chain[CHAIN_MAX + 1];
	/* working(+1) and working(-1). */
	bool	have_work[2];
	int64_t	work[2];
	/* The order's price and its fx status: 0 ok, 1 no price, 2 no fx. */
	bool	have_px;
	int	px_state;
	int64_t	px;
	/* The order's qty and signed leaves in money of the base ccy. */
	bool	have_notional, have_delta;
	int64_t	notional, delta;
	/* group_value() by BY, for the order's instrument. */
	bool	have_group[RULE_BY_COUNT];
	int64_t	group[RULE_BY_COUNT];
};

/* Other working orders' signed leaves in direction DIR. */
static int64_t
chk_working(struct chk *c, int dir)
{
	int	i = dir > 0 ? 0 : 1;

	if (!c->have_work[i]) {
		c->have_work[i] = true;
		c->work[i] = c->env->working != NULL ?
		    c->env->working(c->env->ctx, dir) : 0;
	}
	return c->work[i];
}

/* The instrument chain: the order's instrument, then its underlyings. */
static void
chk_chain(struct chk *c)
{
	const struct instrument *in = c->o->in;

	if (c->have_chain)
		return;
	c->have_chain = true;
	c->chain[0] = in;
	c->nchain = 1;
	while (c->nchain <= CHAIN_MAX && in->underlying[0] != '\0' &&
	    c->env->instrument != NULL &&
	    (in = c->env->instrument(c->env->ctx, in->underlying)) != NULL)
		c->chain[c->nchain++] = in;
}

/* Resolve the price to value the order at and whether fx is usable. */
static int
chk_price(struct chk *c)
{
	const struct cpl_env *env = c->env;

	if (c->have_px)
		return c->px_state;
	c->have_px = true;
	c->px = c->o->limit_px > 0 ? c->o->limit_px : env->mark;
	if (c->px <= 0)
		c->px_state = 1;
	else if (env->fx == 0 && env->acct != NULL &&
	    strcmp(env->acct->ccy, c->o->in->ccy) != 0)
		c->px_state = 2;
	else
		c->px_state = 0;
	return c->px_state;
}

/* QTY units at the order's price in the base currency (chk_price ok). */
static int64_t
chk_value(struct chk *c, int64_t qty)
{
	const struct cpl_env *env = c->env;
	int64_t	m = money_of(qty, c->px, c->o->in->mult);

	if (env->acct != NULL && strcmp(env->acct->ccy, c->o->in->ccy) == 0)
		return m;
	if (env->fx == 0 || env->fx == PX_SCALE)
		return m;
	return fixed_muldiv(m, env->fx, PX_SCALE);
}

/* The group value of the order's instrument under BY. */
static int64_t
chk_group(struct chk *c, enum rule_by by)
{
	if (!c->have_group[by]) {
		c->have_group[by] = true;
		c->group[by] = c->env->group_value != NULL ?
		    c->env->group_value(c->env->ctx, by,
		    cpl_group_key(c->o->in, by)) : 0;
	}
	return c->group[by];
}

/* Record outcome A of R; returns the slot for its detail, or NULL when
 * the result has no room left (the outcome still counts). */
static struct cpl_outcome *
chk_record(struct chk *c, const struct rule *r, enum rule_action a)
{
	struct cpl_result *res = c->res;
	struct cpl_outcome *out;

	res->broken++;
	if (a > res->worst)
		res->worst = a;
	if (res->n >= CPL_OUTCOMES_MAX)
		return NULL;
	out = &res->out[res->n++];
	str_copy(out->rule_id, sizeof out->rule_id, r->id);
	out->kind = r->kind;
	out->outcome = a;
	out->detail[0] = '\0';
	return out;
}

/* Write OUT's detail from a printf format, truncated to fit. */
static void set_detail(struct cpl_outcome *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void
set_detail(struct cpl_outcome *out, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(out->detail, sizeof out->detail, fmt, ap);
	va_end(ap);
}

/* Record the price or fx problem (chk_price() STATE) of R. */
static void
chk_no_value(struct chk *c, const struct rule *r, int state)
{
	struct cpl_outcome *out = chk_record(c, r, r->action);

	if (out == NULL)
		return;
	if (state == 1)
		set_detail(out, "no price to value the order");
	else
		set_detail(out, "no fx rate to convert %s to %s",
		    c->o->in->ccy, c->base);
}

/* The tier of MEASURE against R: its action past the limit, warn past
 * warn_at, else pass. */
static enum rule_action
tier(const struct rule *r, int64_t measure)
{
	if (measure > r->limit)
		return r->action;
	if (r->warn_at > 0 && measure > r->warn_at)
		return RULE_WARN;
	return RULE_PASS;
}

/* "(WORD X)" or "(warning at W, WORD X)" by the tier A of R. */
static void
fmt_bound(const struct rule *r, enum rule_action a, const char *word,
    char *buf, size_t len)
{
	char	w[CPL_NUMBUF], l[CPL_NUMBUF];

	cpl_fmt_limit(r, r->limit, l);
	if (a == RULE_WARN && r->action != RULE_WARN)
		snprintf(buf, len, "(warning at %s, %s %s)",
		    cpl_fmt_limit(r, r->warn_at, w), word, l);
	else
		snprintf(buf, len, "(%s %s)", word, l);
}

/* restricted: the symbol or issuer anywhere up the underlying chain. */
static void
eval_restricted(struct chk *c, const struct rule *r)
{
	const struct instrument *in = c->o->in, *hit = NULL;
	struct cpl_outcome *out;
	bool	sym_hit = false;
	int	i;

	if (r->sym[0] != '\0') {
		/* The underlying's name is on the instrument itself: look
		 * further up only when that is not it. */
		if (strcmp(in->symbol, r->sym) == 0 ||
		    strcmp(in->underlying, r->sym) == 0)
			sym_hit = true;
		else if (in->underlying[0] != '\0') {
			chk_chain(c);
			for (i = 1; !sym_hit && i < c->nchain; i++)
				sym_hit = strcmp(c->chain[i]->underlying,
				    r->sym) == 0;
		}
	}
	if (!sym_hit && r->issuer[0] != '\0') {
		if (strcasecmp(in->issuer, r->issuer) == 0)
			hit = in;
		else if (in->underlying[0] != '\0') {
			chk_chain(c);
			for (i = 1; hit == NULL && i < c->nchain; i++)
				if (strcasecmp(c->chain[i]->issuer,
				    r->issuer) == 0)
					hit = c->chain[i];
		}
	}
	if ((!sym_hit && hit == NULL) ||
	    (out = chk_record(c, r, r->action)) == NULL)
		return;
	if (sym_hit && strcmp(in->symbol, r->sym) == 0)
		set_detail(out, "%s is restricted", r->sym);
	else if (sym_hit)
		set_detail(out, "%s is restricted (%s is on %s)", r->sym,
		    in->symbol, r->sym);
	else if (hit == in)
		set_detail(out, "issuer %s is restricted", r->issuer);
	else
		set_detail(out, "issuer %s is restricted (%s is on %s)",
		    r->issuer, in->symbol, hit->symbol);
}

/* max_notional: qty x price x mult in the base currency. */
static void
eval_notional(struct chk *c, const struct rule *r)
{
	struct cpl_outcome *out;
	enum rule_action a;
	char	v[CPL_NUMBUF], w[CPL_NUMBUF], l[CPL_NUMBUF];
	int	st = chk_price(c);

	if (st != 0) {
		chk_no_value(c, r, st);
		return;
	}
	if (!c->have_notional) {
		c->have_notional = true;
		c->notional = chk_value(c, c->o->qty);
		if (c->notional < 0)
			c->notional = -c->notional;
	}
	if ((a = tier(r, c->notional)) == RULE_PASS)
		return;
	if ((out = chk_record(c, r, a)) == NULL)
		return;
	cpl_fmt_money(c->notional, v);
	cpl_fmt_money(r->limit, l);
	if (a == RULE_WARN && r->action != RULE_WARN)
		set_detail(out, "notional %s %s is past the warning level "
		    "%s %s (limit %s %s)", v, c->base,
		    cpl_fmt_money(r->warn_at, w), c->base, l, c->base);
	else
		set_detail(out, "notional %s %s exceeds the limit %s %s", v,
		    c->base, l, c->base);
}

/* Record a units measure (quantity, position) against R's limit. */
static void
units_outcome(struct chk *c, const struct rule *r, enum rule_action a,
    const char *what, int64_t shown)
{
	struct cpl_outcome *out;
	char	v[CPL_NUMBUF], w[CPL_NUMBUF], l[CPL_NUMBUF];

	if ((out = chk_record(c, r, a)) == NULL)
		return;
	cpl_fmt_units(shown, v);
	cpl_fmt_units(r->limit, l);
	if (a == RULE_WARN && r->action != RULE_WARN)
		set_detail(out, "%s %s is past the warning level %s "
		    "(limit %s)", what, v, cpl_fmt_units(r->warn_at, w), l);
	else
		set_detail(out, "%s %s exceeds the limit %s", what, v, l);
}

/* max_qty: the order quantity. */
static void
eval_max_qty(struct chk *c, const struct rule *r)
{
	enum rule_action a = tier(r, c->o->qty);

	if (a != RULE_PASS)
		units_outcome(c, r, a, "quantity", c->o->qty);
}

/* price_collar: |limit - mark| / mark * 100 against pct, exactly. */
static void
eval_collar(struct chk *c, const struct rule *r)
{
	int64_t	lim = c->o->limit_px, mark = c->env->mark;
	unsigned __int128 dist, m;
	struct cpl_outcome *out;
	enum rule_action a = RULE_PASS;
	char	p[CPL_NUMBUF], b[96], x[CPL_NUMBUF], y[CPL_NUMBUF];

	/* dist% > pct  <=>  |lim - mark| * 100 * PX_SCALE > pct * mark. */
	dist = (unsigned __int128)(lim > mark ? lim - mark : mark - lim) *
	    100u * PX_SCALE;
	m = (unsigned __int128)mark;
	if (dist > (unsigned __int128)r->limit * m)
		a = r->action;
	else if (r->warn_at > 0 && dist > (unsigned __int128)r->warn_at * m)
		a = RULE_WARN;
	if (a == RULE_PASS || (out = chk_record(c, r, a)) == NULL)
		return;
	fmt_pct_over(dist / PX_SCALE, m, a == RULE_WARN &&
	    r->action != RULE_WARN ? r->warn_at : r->limit, p);
	fmt_bound(r, a, "collar", b, sizeof b);
	set_detail(out, "limit %s is %s%% from the mark %s %s",
	    cpl_fmt_px(lim, x), p, cpl_fmt_px(mark, y), b);
}

/* position_limit: the position with same-side working orders and this
 * one (post-trade: the position alone). */
static void
eval_position(struct chk *c, const struct rule *r)
{
	int64_t	after = c->env->position;
	enum rule_action a;

	if (!c->o->post_trade)
		after += chk_working(c, c->dir) + c->dir * c->o->leaves;
	if ((a = tier(r, after < 0 ? -after : after)) == RULE_PASS)
		return;
	units_outcome(c, r, a, c->o->post_trade ? "position" :
	    "position after the order", after);
}

/* concentration: the group's value after the order against pct of NAV. */
static void
eval_concentration(struct chk *c, const struct rule *r)
{
	int64_t	nav = c->env->acct != NULL ? c->env->acct->nav : 0;
	__int128 after;			/* wide: group plus order */
	unsigned __int128 mag, bound;
	struct cpl_outcome *out;
	enum rule_action a = RULE_PASS;
	const char *key;
	char	p[CPL_NUMBUF], b[96];
	int	st;

	after = chk_group(c, r->by);
	if (!c->o->post_trade) {
		__int128 before = after;

		if ((st = chk_price(c)) != 0) {
			chk_no_value(c, r, st);
			return;
		}
		if (!c->have_delta) {
			c->have_delta = true;
			c->delta = chk_value(c, c->dir * c->o->leaves);
		}
		after += c->delta;
		/* An order that brings the group closer to flat only helps:
		 * a breach may always be worked down. */
		if ((after < 0 ? -after : after) <=
		    (before < 0 ? -before : before) &&
		    (after < 0) == (before < 0))
			return;
	}
	/* |after| / nav * 100 > pct  <=>  |after| * 100 * PX > pct * nav. */
	mag = (unsigned __int128)(after < 0 ? -after : after) * 100u * PX_SCALE;
	bound = (unsigned __int128)r->limit * (unsigned __int128)nav;
	if (mag > bound)
		a = r->action;
	else if (r->warn_at > 0 &&
	    mag > (unsigned __int128)r->warn_at * (unsigned __int128)nav)
		a = RULE_WARN;
	if (a == RULE_PASS || (out = chk_record(c, r, a)) == NULL)
		return;
	fmt_pct_over(mag / PX_SCALE, (unsigned __int128)nav,
	    a == RULE_WARN && r->action != RULE_WARN ? r->warn_at : r->limit,
	    p);
	fmt_bound(r, a, "limit", b, sizeof b);
	key = cpl_group_key(c->o->in, r->by);
	set_detail(out, "%s%s%s %s %s%% of NAV %s",
	    r->by == RULE_BY_SYMBOL ? "" : rule_by_name(r->by),
	    r->by == RULE_BY_SYMBOL ? "" : " ", key,
	    c->o->post_trade ? "is" : "would be", p, b);
}

/* short_sale: a sell beyond the long position less other working sells. */
static void
eval_short_sale(struct chk *c, const struct rule *r)
{
	int64_t	pos = c->env->position, work = chk_working(c, -1);
	struct cpl_outcome *out;
	char	q[CPL_NUMBUF], p[CPL_NUMBUF], w[CPL_NUMBUF];

	if (c->o->leaves <= pos + work)
		return;
	if ((out = chk_record(c, r, r->action)) == NULL)
		return;
	cpl_fmt_units(c->o->leaves, q);
	if (pos <= 0)
		set_detail(out, "sell %s with no long position (use short)",
		    q);
	else if (work != 0)
		set_detail(out, "sell %s exceeds the long position %s less "
		    "%s working to sell (use short)", q, cpl_fmt_units(pos, p),
		    cpl_fmt_units(-work, w));
	else
		set_detail(out, "sell %s exceeds the long position %s (use "
		    "short)", q, cpl_fmt_units(pos, p));
}

/* asset_class: the instrument's class among those allowed. */
static void
eval_asset_class(struct chk *c, const struct rule *r)
{
	enum asset_class cls = c->o->in->cls;
	struct cpl_outcome *out;
	char	list[64];

	if ((unsigned)cls < ASSET_CLASS_COUNT && (r->allow & (1u << cls)))
		return;
	if ((out = chk_record(c, r, r->action)) == NULL)
		return;
	set_detail(out, "class %s is not allowed (%s)",
	    asset_class_name(cls), cpl_class_list(r->allow, ", ", list,
	    sizeof list));
}

/* rate_limit: this order on top of those already counted this second. */
static void
eval_rate(struct chk *c, const struct rule *r)
{
	int64_t	n = (c->env->rate_count != NULL ?
	    c->env->rate_count(c->env->ctx, r) : 0) + 1;
	struct cpl_outcome *out;
	enum rule_action a;
	char	b[96];

	if ((a = tier(r, n)) == RULE_PASS ||
	    (out = chk_record(c, r, a)) == NULL)
		return;
	fmt_bound(r, a, "limit", b, sizeof b);
	set_detail(out, "%lld order%s in this second %s", (long long)n,
	    n == 1 ? "" : "s", b);
}

/* How each kind of rule judges an order. */
static void (*const evals[RULE_KIND_COUNT])(struct chk *,
    const struct rule *) = {
	[RULE_RESTRICTED] = eval_restricted,
	[RULE_MAX_NOTIONAL] = eval_notional,
	[RULE_MAX_QTY] = eval_max_qty,
	[RULE_PRICE_COLLAR] = eval_collar,
	[RULE_POSITION_LIMIT] = eval_position,
	[RULE_CONCENTRATION] = eval_concentration,
	[RULE_SHORT_SALE] = eval_short_sale,
	[RULE_ASSET_CLASS] = eval_asset_class,
	[RULE_RATE_LIMIT] = eval_rate,
};

/* Whether R's kind has anything to say about the order C. */
static bool
applies(const struct chk *c, const struct rule *r)
{
	const struct cpl_order *o = c->o;

	if (o->post_trade && !cpl_post_trade_kind(r->kind))
		return false;
	switch (r->kind) {
	case RULE_MAX_QTY:
		return r->sym[0] == '\0' || strcmp(r->sym, o->in->symbol) == 0;
	case RULE_PRICE_COLLAR:
		return o->limit_px > 0 && c->env->mark > 0;
	case RULE_POSITION_LIMIT:
		return strcmp(r->sym, o->in->symbol) == 0;
	case RULE_CONCENTRATION:
		return c->env->acct != NULL && c->env->acct->nav > 0;
	case RULE_SHORT_SALE:
		return o->side == SIDE_SELL;
	case RULE_RATE_LIMIT:
		return r->trader[0] == '\0' || (o->user != NULL &&
		    strcmp(r->trader, o->user) == 0);
	default:
		return (unsigned)r->kind < RULE_KIND_COUNT;
	}
}

/* Run the enabled rules that apply to O in ENV; see compliance.h. */
void
cpl_check(const struct rule *rules, size_t n, const struct cpl_order *o,
    const struct cpl_env *env, struct cpl_result *res)
{
	struct chk c;
	size_t	i;

	res->worst = RULE_PASS;
	res->checked = res->broken = res->n = 0;
	if (o == NULL || env == NULL || o->in == NULL)
		return;
	/* Only the scalars: the caches are set as they are filled. */
	c.o = o;
	c.env = env;
	c.res = res;
	c.base = env->acct != NULL ? env->acct->ccy : o->in->ccy;
	c.dir = order_side_sign(o->side);
	c.have_chain = c.have_px = c.have_notional = c.have_delta = false;
	c.have_work[0] = c.have_work[1] = false;
	memset(c.have_group, 0, sizeof c.have_group);
	for (i = 0; i < n; i++) {
		const struct rule *r = &rules[i];

		if (!r->enabled)
			continue;
		if (r->acct[0] != '\0' && (o->acct == NULL ||
		    strcmp(r->acct, o->acct) != 0))
			continue;
		if (!applies(&c, r))
			continue;
		res->checked++;
		/* applies() admits known kinds only. */
		evals[r->kind](&c, r);
	}
}

/* Whether K can break on a fill alone. */
bool
cpl_post_trade_kind(enum rule_kind k)
{
	return k == RULE_POSITION_LIMIT || k == RULE_CONCENTRATION;
}
