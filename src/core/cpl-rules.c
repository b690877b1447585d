/* src/core/cpl-rules.c: compliance rules as values: their names, and
 * reading, checking and writing their parameters.
 *
 * A rule is a plain value filled in key by key by rule_set(), checked
 * whole by rule_validate() and written back as text by rule_format().
 * limit holds the one number a kind is measured against, in that kind's
 * unit: money (MONEY_SCALE) for max_notional, whole units for max_qty and
 * position_limit, percent (PX_SCALE) for price_collar and concentration,
 * orders for rate_limit; warn_at is in the same unit.  Keys may come in
 * any order, so until kind= is known limit= and warn_at= are kept "raw":
 * the number as money (6 decimals, k/m suffixes allowed), converted to the
 * kind's unit once kind= arrives.  limit_key remembers whether limit came
 * from limit=, pct= or per_s=, so a parameter foreign to the kind is
 * refused whichever order the keys came in.
 *
 * The numbers of a rule written for a trader (limits in messages) are
 * formatted here too, in the kind's unit, for cpl-check.c to share. */
#include "config.h"
#include "compliance.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cpl-int.h"
#include "err.h"
#include "fixed.h"
#include "names.h"

/* ------------------------------------------------------------- names */

static const char *const role_names[ROLE_COUNT] = {
	[ROLE_TRADER] = "trader",
	[ROLE_PM] = "pm",
	[ROLE_COMPLIANCE] = "compliance",
	[ROLE_OPS] = "ops",
	[ROLE_ADMIN] = "admin",
};

static const char *const kind_names[RULE_KIND_COUNT] = {
	[RULE_RESTRICTED] = "restricted",
	[RULE_MAX_NOTIONAL] = "max_notional",
	[RULE_MAX_QTY] = "max_qty",
	[RULE_PRICE_COLLAR] = "price_collar",
	[RULE_POSITION_LIMIT] = "position_limit",
	[RULE_CONCENTRATION] = "concentration",
	[RULE_SHORT_SALE] = "short_sale",
	[RULE_ASSET_CLASS] = "asset_class",
	[RULE_RATE_LIMIT] = "rate_limit",
};

static const char *const action_names[RULE_ACTION_COUNT] = {
	[RULE_PASS] = "pass",
	[RULE_WARN] = "warn",
	[RULE_REVIEW] = "review",
	[RULE_BLOCK] = "block",
};

static const char *const by_names[RULE_BY_COUNT] = {
	[RULE_BY_SYMBOL] = "symbol",
	[RULE_BY_ISSUER] = "issuer",
	[RULE_BY_SECTOR] = "sector",
};

#define KIND_LIST "restricted, max_notional, max_qty, price_collar, " \
	"position_limit, concentration, short_sale, asset_class, rate_limit"
#define KEY_LIST "kind, action, acct, sym, issuer, trader, by, allow, " \
	"limit, pct, per_s, warn_at"
#define CLASS_LIST "equity, bond, fx, future, option"

/* The name of R, or "?" out of range. */
const char *
user_role_name(enum user_role r)
{
	return names_get(role_names, ROLE_COUNT, (int)r);
}

/* Parse a role name (any case) into *OUT; -1 when unknown. */
int
user_role_parse(const char *s, enum user_role *out)
{
	int	i = names_find(role_names, 0, ROLE_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum user_role)i;
	return 0;
}

/* The name of K, or "?" out of range. */
const char *
rule_kind_name(enum rule_kind k)
{
	return names_get(kind_names, RULE_KIND_COUNT, (int)k);
}

/* The name of A ("pass" for no outcome), or "?" out of range. */
const char *
rule_action_name(enum rule_action a)
{
	return names_get(action_names, RULE_ACTION_COUNT, (int)a);
}

/* The name of B, or "?" out of range. */
const char *
rule_by_name(enum rule_by b)
{
	return names_get(by_names, RULE_BY_COUNT, (int)b);
}

/* Parse a kind name (any case) into *OUT; -1 when unknown. */
int
rule_kind_parse(const char *s, enum rule_kind *out)
{
	int	i = names_find(kind_names, 0, RULE_KIND_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum rule_kind)i;
	return 0;
}

/* Parse warn, review or block (any case) into *OUT; "pass" is not an
 * action a rule can take. */
int
rule_action_parse(const char *s, enum rule_action *out)
{
	int	i = names_find(action_names, RULE_WARN, RULE_ACTION_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum rule_action)i;
	return 0;
}

/* Parse symbol, issuer or sector (any case). */
static int
rule_by_parse(const char *s, enum rule_by *out)
{
	int	i = names_find(by_names, 0, RULE_BY_COUNT, s);

	if (i < 0)
		return -1;
	*out = (enum rule_by)i;
	return 0;
}

/* ------------------------------------------------------------ numbers */

/* V scaled by 10^DEC with MINDEC..DEC decimals and thousands separators
 * ("1,000,000.01") into BUF of CPL_NUMBUF bytes. */
static char *
fmt_num(int64_t v, int dec, int mindec, char *buf)
{
	return fixed_fmt_sep(v, dec, mindec, buf, CPL_NUMBUF);
}

/* Money with cents at least: "1,000,000.00". */
char *
cpl_fmt_money(int64_t v, char *buf)
{
	return fmt_num(v, MONEY_DECIMALS, 2, buf);
}

/* Whole units: "1,001". */
char *
cpl_fmt_units(int64_t v, char *buf)
{
	return fmt_num(v, 0, 0, buf);
}

/* A price with cents at least: "110.00". */
char *
cpl_fmt_px(int64_t v, char *buf)
{
	return fmt_num(v, PX_DECIMALS, 2, buf);
}

/* A percent as written in a rule: "5", "2.5". */
static char *
fmt_pct(int64_t v, char *buf)
{
	return fixed_fmt(v, PX_DECIMALS, 0, buf, CPL_NUMBUF);
}

/* How a number in a rule parameter failed to read. */
enum num_status { NUM_OK, NUM_JUNK, NUM_FINE, NUM_BIG, NUM_NEG };

#define NUM_SUFFIX	1u	/* k and m multiply by 1,000 and 1,000,000 */
#define NUM_PERCENT	2u	/* a trailing % is allowed */

/* Read S as digits[.digits][k|m][%] scaled by 10^DEC into *OUT. */
static enum num_status
num_scan(const char *s, int dec, unsigned flags, int64_t *out)
{
	struct fixed_dec d;
	const char *end;

	end = fixed_scan(s, flags & NUM_SUFFIX ? FIXED_SCAN_KM : 0, &d);
	if (end != NULL && (flags & NUM_PERCENT) && *end == '%')
		end++;
	if (end == NULL || *end != '\0')
		return NUM_JUNK;
	if (d.neg)
		return NUM_NEG;
	switch (fixed_dec_value(&d, dec, out)) {
	case FIXED_FINE:
		return NUM_FINE;
	case FIXED_BIG:
		return NUM_BIG;
	default:
		return NUM_OK;
	}
}

/* ------------------------------------------------------------- rules */

/* The unit a kind's limit and warn_at are kept in. */
enum unit { UNIT_NONE, UNIT_MONEY, UNIT_QTY, UNIT_PCT, UNIT_COUNT };

static enum unit
kind_unit(enum rule_kind k)
{
	switch (k) {
	case RULE_MAX_NOTIONAL:
		return UNIT_MONEY;
	case RULE_MAX_QTY:
	case RULE_POSITION_LIMIT:
		return UNIT_QTY;
	case RULE_PRICE_COLLAR:
	case RULE_CONCENTRATION:
		return UNIT_PCT;
	case RULE_RATE_LIMIT:
		return UNIT_COUNT;
	default:
		return UNIT_NONE;
	}
}

/* The parameters beyond kind, action and acct, as bits. */
enum {
	P_SYM = 1u << 0,
	P_ISSUER = 1u << 1,
	P_TRADER = 1u << 2,
	P_BY = 1u << 3,
	P_ALLOW = 1u << 4,
	P_LIMIT = 1u << 5,
	P_PCT = 1u << 6,
	P_PER_S = 1u << 7,
	P_WARN = 1u << 8,
};

static const char *const param_names[] = {
	"sym", "issuer", "trader", "by", "allow", "limit", "pct", "per_s",
	"warn_at"
};
#define NPARAM	(sizeof param_names / sizeof param_names[0])

/* The parameters kind K takes. */
static unsigned
kind_params(enum rule_kind k)
{
	switch (k) {
	case RULE_RESTRICTED:
		return P_SYM | P_ISSUER;
	case RULE_MAX_NOTIONAL:
		return P_LIMIT | P_WARN;
	case RULE_MAX_QTY:
		return P_LIMIT | P_SYM | P_WARN;
	case RULE_PRICE_COLLAR:
		return P_PCT | P_WARN;
	case RULE_POSITION_LIMIT:
		return P_SYM | P_LIMIT | P_WARN;
	case RULE_CONCENTRATION:
		return P_PCT | P_BY | P_WARN;
	case RULE_ASSET_CLASS:
		return P_ALLOW;
	case RULE_RATE_LIMIT:
		return P_PER_S | P_TRADER | P_WARN;
	default:
		return 0;
	}
}

/* The key that gives kind K its limit: P_LIMIT, P_PCT or P_PER_S, or 0. */
static unsigned
kind_limit_param(enum rule_kind k)
{
	return kind_params(k) & (P_LIMIT | P_PCT | P_PER_S);
}

/* The parameters R carries, as bits. */
static unsigned
rule_params(const struct rule *r)
{
	unsigned p = 0;

	if (r->sym[0] != '\0')
		p |= P_SYM;
	if (r->issuer[0] != '\0')
		p |= P_ISSUER;
	if (r->trader[0] != '\0')
		p |= P_TRADER;
	if (r->by != RULE_BY_SYMBOL)
		p |= P_BY;
	if (r->allow != 0)
		p |= P_ALLOW;
	if (r->warn_at != 0)
		p |= P_WARN;
	switch (r->limit_key) {
	case RULE_KEY_LIMIT:
		p |= P_LIMIT;
		break;
	case RULE_KEY_PCT:
		p |= P_PCT;
		break;
	case RULE_KEY_PER_S:
		p |= P_PER_S;
		break;
	default:
		if (r->limit != 0)
			p |= r->have_kind && kind_limit_param(r->kind) != 0 ?
			    kind_limit_param(r->kind) : P_LIMIT;
		break;
	}
	return p;
}

/* The names of the bits of P, comma separated, into BUF. */
static char *
param_list(unsigned p, char *buf, size_t len)
{
	size_t	i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < NPARAM; i++)
		if (p & (1u << i)) {
			snprintf(buf + n, len - n, "%s%s", n > 0 ? ", " : "",
			    param_names[i]);
			n = strlen(buf);
		}
	return buf;
}

/* Refuse the first parameter of P that R's kind does not take. */
static int
check_params(const struct rule *r, unsigned p, struct err *err)
{
	unsigned takes = kind_params(r->kind), bad = p & ~takes;
	char	list[128];
	size_t	i;

	if (bad == 0)
		return 0;
	for (i = 0; !(bad & (1u << i)); i++)
		;
	if (takes == 0)
		return err_set(err, "rule %s: %s does not apply to %s (it "
		    "takes no parameters)", r->id, param_names[i],
		    kind_names[r->kind]);
	return err_set(err, "rule %s: %s does not apply to %s (it takes %s)",
	    r->id, param_names[i], kind_names[r->kind],
	    param_list(takes, list, sizeof list));
}

int
rule_init(struct rule *r, const char *id, struct err *err)
{
	if (!ident_valid(id, RULE_ID_MAX))
		return err_set(err, "'%s' is not a valid rule id (1 to %d "
		    "printable characters without blanks, #, \", = or @)",
		    id != NULL ? id : "", RULE_ID_MAX - 1);
	memset(r, 0, sizeof *r);
	str_copy(r->id, sizeof r->id, id);
	r->action = RULE_REVIEW;
	r->enabled = true;
	r->by = RULE_BY_SYMBOL;
	r->limit_key = RULE_KEY_NONE;
	return 0;
}

/* Report why VALUE for KEY of rule ID did not read as a number. */
static int
num_err(const char *id, const char *key, const char *value,
    enum num_status st, enum unit u, struct err *err)
{
	switch (st) {
	case NUM_NEG:
		return err_set(err, "rule %s: %s '%s' is negative", id, key,
		    value);
	case NUM_BIG:
		return err_set(err, "rule %s: %s '%s' is too large", id, key,
		    value);
	case NUM_FINE:
		if (u == UNIT_QTY || u == UNIT_COUNT)
			return err_set(err, "rule %s: %s '%s' is not a whole "
			    "number", id, key, value);
		return err_set(err, "rule %s: %s '%s' has more than %d "
		    "decimals", id, key, value,
		    u == UNIT_PCT ? PX_DECIMALS : MONEY_DECIMALS);
	default:
		return err_set(err, "rule %s: %s '%s' is not a number", id,
		    key, value);
	}
}

/* Read VALUE of KEY in unit U (UNIT_NONE: raw, money-scaled). */
static int
num_read(const char *id, const char *key, const char *value, enum unit u,
    int64_t *out, struct err *err)
{
	enum num_status st;
	int64_t	v = 0;

	switch (u) {
	case UNIT_QTY:
		st = num_scan(value, 0, NUM_SUFFIX, &v);
		if (st == NUM_OK && v > QTY_MAX)
			st = NUM_BIG;
		break;
	case UNIT_PCT:
		st = num_scan(value, PX_DECIMALS, NUM_PERCENT, &v);
		break;
	case UNIT_COUNT:
		st = num_scan(value, 0, 0, &v);
		break;
	case UNIT_MONEY:
		st = num_scan(value, MONEY_DECIMALS, NUM_SUFFIX, &v);
		break;
	default:
		st = num_scan(value, MONEY_DECIMALS, NUM_SUFFIX | NUM_PERCENT,
		    &v);
		break;
	}
	if (st != NUM_OK)
		return num_err(id, key, value, st, u, err);
	*out = v;
	return 0;
}

/* Convert RAW (money-scaled, as read before the kind was known) of KEY
 * into unit U. */
static int
raw_convert(const char *id, const char *key, int64_t raw, enum unit u,
    int64_t *out, struct err *err)
{
	char	b[CPL_NUMBUF];

	switch (u) {
	case UNIT_QTY:
	case UNIT_COUNT:
		if (raw % MONEY_SCALE != 0)
			return err_set(err, "rule %s: %s %s is not a whole "
			    "number", id, key,
			    fixed_fmt(raw, MONEY_DECIMALS, 0, b, sizeof b));
		*out = raw / MONEY_SCALE;
		if (u == UNIT_QTY && *out > QTY_MAX)
			return err_set(err, "rule %s: %s %s is too large", id,
			    key, fixed_fmt(raw, MONEY_DECIMALS, 0, b,
			    sizeof b));
		return 0;
	case UNIT_PCT:
		if (raw > INT64_MAX / (PX_SCALE / MONEY_SCALE))
			return err_set(err, "rule %s: %s %s is too large", id,
			    key, fixed_fmt(raw, MONEY_DECIMALS, 0, b,
			    sizeof b));
		*out = raw * (PX_SCALE / MONEY_SCALE);
		return 0;
	default:
		*out = raw;
		return 0;
	}
}

/* Set the kind of T (a copy being changed) and bring the numbers read
 * before it into its unit. */
static int
set_kind(struct rule *t, const char *value, struct err *err)
{
	enum rule_kind k;
	enum unit u;

	if (rule_kind_parse(value, &k) == -1)
		return err_set(err, "rule %s: unknown kind '%s' (%s)", t->id,
		    value, KIND_LIST);
	if (t->have_kind) {
		if (k == t->kind)
			return 0;
		return err_set(err, "rule %s: kind is already %s", t->id,
		    kind_names[t->kind]);
	}
	t->kind = k;
	t->have_kind = true;
	u = kind_unit(k);
	if (t->limit_key == RULE_KEY_LIMIT) {
		if (u == UNIT_PCT)
			t->limit_key = RULE_KEY_PCT;
		if (u != UNIT_COUNT && raw_convert(t->id, "limit", t->limit,
		    u, &t->limit, err) == -1)
			return -1;
	}
	if (t->warn_at != 0 && raw_convert(t->id, "warn_at", t->warn_at, u,
	    &t->warn_at, err) == -1)
		return -1;
	/* What came before the kind must belong to it, or "pct=5
	 * kind=max_qty limit=1000" would lose the pct unnoticed. */
	return check_params(t, rule_params(t), err);
}

/* Whether S is text fit for an issuer name: printable, no quote. */
static bool
text_valid(const char *s, size_t max)
{
	size_t	n;

	if (*s == '\0')
		return false;
	for (n = 0; s[n] != '\0'; n++) {
		unsigned char c = (unsigned char)s[n];

		if (n + 1 >= max || c < ' ' || c == 0x7f || c == '"' ||
		    c == '\\')
			return false;
	}
	return true;
}

/* Set parameter KEY of R from VALUE; R is unchanged on failure. */
int
rule_set(struct rule *r, const char *key, const char *value,
    struct err *err)
{
	struct rule t = *r;
	unsigned p = 0;
	enum unit u = t.have_kind ? kind_unit(t.kind) : UNIT_NONE;

	if (key == NULL || *key == '\0')
		return err_set(err, "rule %s: a parameter has no name",
		    r->id);
	if (value == NULL)
		value = "";
	if (strcasecmp(key, "kind") == 0) {
		if (set_kind(&t, value, err) == -1)
			return -1;
	} else if (strcasecmp(key, "action") == 0) {
		if (rule_action_parse(value, &t.action) == -1)
			return err_set(err, "rule %s: action '%s' is not warn, "
			    "review or block", t.id, value);
	} else if (strcasecmp(key, "acct") == 0) {
		if (!ident_valid(value, ACCOUNT_MAX))
			return err_set(err, "rule %s: '%s' is not a valid "
			    "account", t.id, value);
		str_copy(t.acct, sizeof t.acct, value);
	} else if (strcasecmp(key, "sym") == 0) {
		if (!ident_valid(value, SYMBOL_MAX))
			return err_set(err, "rule %s: '%s' is not a valid "
			    "symbol", t.id, value);
		str_copy(t.sym, sizeof t.sym, value);
		p = P_SYM;
	} else if (strcasecmp(key, "issuer") == 0) {
		if (!text_valid(value, NAME_MAX_LEN))
			return err_set(err, "rule %s: '%s' is not a valid "
			    "issuer (1 to %d characters, no quotes)", t.id,
			    value, NAME_MAX_LEN - 1);
		str_copy(t.issuer, sizeof t.issuer, value);
		p = P_ISSUER;
	} else if (strcasecmp(key, "trader") == 0) {
		if (!ident_valid(value, USER_MAX))
			return err_set(err, "rule %s: '%s' is not a valid "
			    "login", t.id, value);
		str_copy(t.trader, sizeof t.trader, value);
		p = P_TRADER;
	} else if (strcasecmp(key, "by") == 0) {
		if (rule_by_parse(value, &t.by) == -1)
			return err_set(err, "rule %s: by '%s' is not symbol, "
			    "issuer or sector", t.id, value);
		p = P_BY;
	} else if (strcasecmp(key, "allow") == 0) {
		char	item[32];
		const char *s = value, *e;
		enum asset_class c;

		t.allow = 0;
		do {
			e = strchr(s, ',');
			if (e == NULL)
				e = s + strlen(s);
			if (e == s || (size_t)(e - s) >= sizeof item)
				return err_set(err, "rule %s: allow '%s' is "
				    "not a list of asset classes (%s)", t.id,
				    value, CLASS_LIST);
			memcpy(item, s, (size_t)(e - s));
			item[e - s] = '\0';
			if (asset_class_parse(item, &c, NULL) == -1)
				return err_set(err, "rule %s: '%s' is not an "
				    "asset class (%s)", t.id, item,
				    CLASS_LIST);
			t.allow |= 1u << c;
			s = e + 1;
		} while (*e != '\0');
		p = P_ALLOW;
	} else if (strcasecmp(key, "limit") == 0) {
		if (num_read(t.id, "limit", value, u, &t.limit, err) == -1)
			return -1;
		t.limit_key = u == UNIT_PCT ? RULE_KEY_PCT : RULE_KEY_LIMIT;
		p = u == UNIT_PCT ? P_PCT : P_LIMIT;
	} else if (strcasecmp(key, "pct") == 0) {
		if (num_read(t.id, "pct", value, UNIT_PCT, &t.limit, err) == -1)
			return -1;
		t.limit_key = RULE_KEY_PCT;
		p = P_PCT;
	} else if (strcasecmp(key, "per_s") == 0) {
		if (num_read(t.id, "per_s", value, UNIT_COUNT, &t.limit,
		    err) == -1)
			return -1;
		t.limit_key = RULE_KEY_PER_S;
		p = P_PER_S;
	} else if (strcasecmp(key, "warn_at") == 0) {
		if (num_read(t.id, "warn_at", value, u, &t.warn_at, err) == -1)
			return -1;
		p = P_WARN;
	} else
		return err_set(err, "rule %s: unknown parameter '%s' (%s)",
		    r->id, key, KEY_LIST);
	if (t.have_kind && p != 0 && check_params(&t, p, err) == -1)
		return -1;
	*r = t;
	return 0;
}

/* The asset classes of ALLOW (1u << class) joined by SEP into BUF. */
char *
cpl_class_list(unsigned allow, const char *sep, char *buf, size_t len)
{
	size_t	n = 0;
	int	i;

	buf[0] = '\0';
	for (i = 0; i < ASSET_CLASS_COUNT; i++)
		if (allow & (1u << i)) {
			snprintf(buf + n, len - n, "%s%s", n > 0 ? sep : "",
			    asset_class_name((enum asset_class)i));
			n = strlen(buf);
		}
	return buf;
}

/* The limit-like value V of R's kind as text for a message. */
char *
cpl_fmt_limit(const struct rule *r, int64_t v, char *buf)
{
	switch (kind_unit(r->kind)) {
	case UNIT_MONEY:
		return cpl_fmt_money(v, buf);
	case UNIT_PCT:
		fmt_pct(v, buf);
		strcat(buf, "%");
		return buf;
	default:
		return cpl_fmt_units(v, buf);
	}
}

/* Check that R is whole: kind, its parameters and nothing else. */
int
rule_validate(const struct rule *r, struct err *err)
{
	const char *kn;
	char	a[CPL_NUMBUF], b[CPL_NUMBUF];

	if (!r->have_kind || (unsigned)r->kind >= RULE_KIND_COUNT)
		return err_set(err, "rule %s: kind= is missing (%s)", r->id,
		    KIND_LIST);
	kn = kind_names[r->kind];
	if (r->action < RULE_WARN || r->action > RULE_BLOCK)
		return err_set(err, "rule %s: action must be warn, review or "
		    "block", r->id);
	if (check_params(r, rule_params(r), err) == -1)
		return -1;
	switch (r->kind) {
	case RULE_RESTRICTED:
		if (r->sym[0] == '\0' && r->issuer[0] == '\0')
			return err_set(err, "rule %s: restricted needs sym= "
			    "or issuer=", r->id);
		break;
	case RULE_POSITION_LIMIT:
		if (r->sym[0] == '\0')
			return err_set(err, "rule %s: position_limit needs "
			    "sym=", r->id);
		/* FALLTHROUGH */
	case RULE_MAX_NOTIONAL:
	case RULE_MAX_QTY:
		if (r->limit <= 0)
			return err_set(err, "rule %s: %s needs limit= above "
			    "zero", r->id, kn);
		break;
	case RULE_PRICE_COLLAR:
	case RULE_CONCENTRATION:
		if (r->limit <= 0)
			return err_set(err, "rule %s: %s needs pct= above "
			    "zero", r->id, kn);
		break;
	case RULE_ASSET_CLASS:
		if ((r->allow & ((1u << ASSET_CLASS_COUNT) - 1)) == 0)
			return err_set(err, "rule %s: asset_class needs "
			    "allow= (some of %s)", r->id, CLASS_LIST);
		break;
	case RULE_RATE_LIMIT:
		if (r->limit <= 0)
			return err_set(err, "rule %s: rate_limit needs per_s= "
			    "above zero", r->id);
		break;
	default:
		break;
	}
	if (r->warn_at < 0 || (r->warn_at > 0 && r->warn_at >= r->limit))
		return err_set(err, "rule %s: warn_at %s must be below the "
		    "limit %s", r->id, cpl_fmt_limit(r, r->warn_at, a),
		    cpl_fmt_limit(r, r->limit, b));
	return 0;
}

/* Append " KEY=VALUE" to BUF at *POS, quoting VALUE when it needs it. */
static void
put_kv(char *buf, size_t len, size_t *pos, const char *key,
    const char *value)
{
	bool	q = value[0] == '\0' || strpbrk(value, " \t#\"") != NULL;
	int	n;

	if (*pos >= len)
		return;
	n = snprintf(buf + *pos, len - *pos, "%s%s=%s%s%s",
	    *pos > 0 ? " " : "", key, q ? "\"" : "", value, q ? "\"" : "");
	if (n > 0)
		*pos += (size_t)n;
	if (*pos >= len)
		*pos = len;
}

/* Write R's parameters as rule_set() reads them into BUF. */
char *
rule_format(const struct rule *r, char *buf, size_t len)
{
	char	v[CPL_NUMBUF];
	size_t	pos = 0;
	unsigned p = rule_params(r);
	enum unit u = r->have_kind ? kind_unit(r->kind) : UNIT_NONE;

	if (buf == NULL || len == 0)
		return buf;
	buf[0] = '\0';
	if (r->have_kind)
		put_kv(buf, len, &pos, "kind", rule_kind_name(r->kind));
	if (p & P_SYM)
		put_kv(buf, len, &pos, "sym", r->sym);
	if (p & P_ISSUER)
		put_kv(buf, len, &pos, "issuer", r->issuer);
	if (p & P_TRADER)
		put_kv(buf, len, &pos, "trader", r->trader);
	if ((p & P_BY) || (r->have_kind && r->kind == RULE_CONCENTRATION))
		put_kv(buf, len, &pos, "by", rule_by_name(r->by));
	if (p & P_ALLOW) {
		char	list[64];

		put_kv(buf, len, &pos, "allow", cpl_class_list(r->allow, ",",
		    list, sizeof list));
	}
	if (p & P_LIMIT) {
		if (u == UNIT_QTY || u == UNIT_COUNT)
			snprintf(v, sizeof v, "%lld", (long long)r->limit);
		else
			fixed_fmt(r->limit, MONEY_DECIMALS, 0, v, sizeof v);
		put_kv(buf, len, &pos, "limit", v);
	}
	if (p & P_PCT)
		put_kv(buf, len, &pos, "pct", fmt_pct(r->limit, v));
	if (p & P_PER_S) {
		snprintf(v, sizeof v, "%lld", (long long)r->limit);
		put_kv(buf, len, &pos, "per_s", v);
	}
	if (p & P_WARN) {
		if (u == UNIT_QTY || u == UNIT_COUNT)
			snprintf(v, sizeof v, "%lld", (long long)r->warn_at);
		else if (u == UNIT_PCT)
			fmt_pct(r->warn_at, v);
		else
			fixed_fmt(r->warn_at, MONEY_DECIMALS, 0, v, sizeof v);
		put_kv(buf, len, &pos, "warn_at", v);
	}
	if (r->acct[0] != '\0')
		put_kv(buf, len, &pos, "acct", r->acct);
	put_kv(buf, len, &pos, "action", rule_action_name(r->action));
	return buf;
}
