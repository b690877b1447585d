/* src/core/compliance.c: pre-trade and post-trade compliance rules.
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
 * cpl_check() walks the rules once.  Whatever several rules need from the
 * world (the instrument's underlying chain, working orders, the order's
 * value in the base currency, a group's market value) is fetched lazily
 * the first time a rule asks and kept for the rest of that check; nothing
 * is allocated and nothing is formatted unless a rule breaks, so a check
 * costs a few comparisons per rule.  Thresholds are compared exactly in
 * 128-bit integers.
 *
 * struct cpl_expo keeps, per account, the market value of each position
 * and the sum of each symbol, issuer and sector group, in three hash maps:
 * "acct\037sym" -> position (its value and pointers to its three groups),
 * "acct\037by\037key" -> group sum, and sym -> the accounts holding it.
 * Setting a position's value moves the difference into its groups. */
#include "config.h"
#include "compliance.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "fixed.h"
#include "hmap.h"

#define CHAIN_MAX	8	/* underlying levels followed */
#define NUMBUF		48	/* a formatted number */

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
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "?";
}

/* Parse a role name (any case) into *OUT; -1 when unknown. */
int
user_role_parse(const char *s, enum user_role *out)
{
	int	i;

	for (i = 0; s != NULL && i < ROLE_COUNT; i++)
		if (strcasecmp(s, role_names[i]) == 0) {
			*out = (enum user_role)i;
			return 0;
		}
	return -1;
}

/* The name of K, or "?" out of range. */
const char *
rule_kind_name(enum rule_kind k)
{
	return (unsigned)k < RULE_KIND_COUNT ? kind_names[k] : "?";
}

/* The name of A ("pass" for no outcome), or "?" out of range. */
const char *
rule_action_name(enum rule_action a)
{
	return (unsigned)a < RULE_ACTION_COUNT ? action_names[a] : "?";
}

/* The name of B, or "?" out of range. */
const char *
rule_by_name(enum rule_by b)
{
	return (unsigned)b < RULE_BY_COUNT ? by_names[b] : "?";
}

/* Parse a kind name (any case) into *OUT; -1 when unknown. */
int
rule_kind_parse(const char *s, enum rule_kind *out)
{
	int	i;

	for (i = 0; s != NULL && i < RULE_KIND_COUNT; i++)
		if (strcasecmp(s, kind_names[i]) == 0) {
			*out = (enum rule_kind)i;
			return 0;
		}
	return -1;
}

/* Parse warn, review or block (any case) into *OUT; "pass" is not an
 * action a rule can take. */
int
rule_action_parse(const char *s, enum rule_action *out)
{
	int	i;

	for (i = RULE_WARN; s != NULL && i < RULE_ACTION_COUNT; i++)
		if (strcasecmp(s, action_names[i]) == 0) {
			*out = (enum rule_action)i;
			return 0;
		}
	return -1;
}

/* Parse symbol, issuer or sector (any case). */
static int
rule_by_parse(const char *s, enum rule_by *out)
{
	int	i;

	for (i = 0; s != NULL && i < RULE_BY_COUNT; i++)
		if (strcasecmp(s, by_names[i]) == 0) {
			*out = (enum rule_by)i;
			return 0;
		}
	return -1;
}

/* ------------------------------------------------------------ numbers */

/* V scaled by 10^DEC with MINDEC..DEC decimals and thousands separators
 * ("1,000,000.01") into BUF of at least NUMBUF bytes. */
static char *
fmt_num(int64_t v, int dec, int mindec, char *buf)
{
	char	tmp[NUMBUF];
	const char *p = tmp;
	char	*o = buf;
	size_t	nd, i;

	fixed_fmt(v, dec, mindec, tmp, sizeof tmp);
	if (*p == '-')
		*o++ = *p++;
	nd = strcspn(p, ".");
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			*o++ = ',';
		*o++ = p[i];
	}
	strcpy(o, p + nd);
	return buf;
}

/* Money with cents at least: "1,000,000.00". */
static char *
fmt_money(int64_t v, char *buf)
{
	return fmt_num(v, MONEY_DECIMALS, 2, buf);
}

/* Whole units: "1,001". */
static char *
fmt_units(int64_t v, char *buf)
{
	return fmt_num(v, 0, 0, buf);
}

/* A price with cents at least: "110.00". */
static char *
fmt_px(int64_t v, char *buf)
{
	return fmt_num(v, PX_DECIMALS, 2, buf);
}

/* A percent as written in a rule: "5", "2.5". */
static char *
fmt_pct(int64_t v, char *buf)
{
	return fixed_fmt(v, PX_DECIMALS, 0, buf, NUMBUF);
}

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
		return fixed_fmt((int64_t)r, PX_DECIMALS, 2, buf, NUMBUF);
	r = (r + PX_SCALE / 2) / PX_SCALE;
	*--p = '\0';
	do {
		*--p = (char)('0' + (int)(r % 10));
		r /= 10;
	} while (r > 0);
	snprintf(buf, NUMBUF, "%s", p);
	return buf;
}

/* How a number in a rule parameter failed to read. */
enum num_status { NUM_OK, NUM_JUNK, NUM_FINE, NUM_BIG, NUM_NEG };

#define NUM_SUFFIX	1u	/* k and m multiply by 1,000 and 1,000,000 */
#define NUM_PERCENT	2u	/* a trailing % is allowed */

/* Read S as digits[.digits][k|m][%] scaled by 10^DEC into *OUT. */
static enum num_status
num_scan(const char *s, int dec, unsigned flags, int64_t *out)
{
	static const uint64_t p10[19] = {
		1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
		10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
		100000000000ULL, 1000000000000ULL, 10000000000000ULL,
		100000000000000ULL, 1000000000000000ULL,
		10000000000000000ULL, 100000000000000000ULL,
		1000000000000000000ULL
	};
	const char *ip, *ipend, *fp, *fpend;
	unsigned __int128 v = 0;
	uint64_t frac = 0;
	bool	neg = false;
	int	exp = dec, nf;

	if (*s == '-') {
		neg = true;
		s++;
	}
	ip = s;
	while (*s >= '0' && *s <= '9')
		s++;
	ipend = fp = fpend = s;
	if (*s == '.') {
		fp = ++s;
		while (*s >= '0' && *s <= '9')
			s++;
		fpend = s;
	}
	if (ipend == ip && fpend == fp)
		return NUM_JUNK;
	if ((flags & NUM_SUFFIX) && (*s == 'k' || *s == 'K')) {
		exp += 3;
		s++;
	} else if ((flags & NUM_SUFFIX) && (*s == 'm' || *s == 'M')) {
		exp += 6;
		s++;
	}
	if ((flags & NUM_PERCENT) && *s == '%')
		s++;
	if (*s != '\0')
		return NUM_JUNK;
	if (neg)
		return NUM_NEG;
	while (fpend > fp && fpend[-1] == '0')
		fpend--;
	nf = (int)(fpend - fp);
	if (nf > exp)
		return NUM_FINE;
	while (ip < ipend && *ip == '0')
		ip++;
	if (ipend - ip > 19)
		return NUM_BIG;
	for (; ip < ipend; ip++)
		v = v * 10 + (unsigned)(*ip - '0');
	for (; fp < fpend; fp++)
		frac = frac * 10 + (unsigned)(*fp - '0');
	/* v < 10^19 and exp <= 14: the product fits in 128 bits. */
	v = v * p10[exp] + (unsigned __int128)frac * p10[exp - nf];
	if (v > (unsigned __int128)INT64_MAX)
		return NUM_BIG;
	*out = (int64_t)v;
	return NUM_OK;
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

/* Copy SRC into DST of SIZE bytes, truncating. */
static void
copy_str(char *dst, const char *src, size_t size)
{
	size_t	n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Start R as rule ID: no kind, action review, enabled, every account. */
int
rule_init(struct rule *r, const char *id, struct err *err)
{
	if (!ident_valid(id, RULE_ID_MAX))
		return err_set(err, "'%s' is not a valid rule id (1 to %d "
		    "printable characters without blanks, #, \", = or @)",
		    id != NULL ? id : "", RULE_ID_MAX - 1);
	memset(r, 0, sizeof *r);
	copy_str(r->id, id, sizeof r->id);
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
	char	b[NUMBUF];

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
		copy_str(t.acct, value, sizeof t.acct);
	} else if (strcasecmp(key, "sym") == 0) {
		if (!ident_valid(value, SYMBOL_MAX))
			return err_set(err, "rule %s: '%s' is not a valid "
			    "symbol", t.id, value);
		copy_str(t.sym, value, sizeof t.sym);
		p = P_SYM;
	} else if (strcasecmp(key, "issuer") == 0) {
		if (!text_valid(value, NAME_MAX_LEN))
			return err_set(err, "rule %s: '%s' is not a valid "
			    "issuer (1 to %d characters, no quotes)", t.id,
			    value, NAME_MAX_LEN - 1);
		copy_str(t.issuer, value, sizeof t.issuer);
		p = P_ISSUER;
	} else if (strcasecmp(key, "trader") == 0) {
		if (!ident_valid(value, USER_MAX))
			return err_set(err, "rule %s: '%s' is not a valid "
			    "login", t.id, value);
		copy_str(t.trader, value, sizeof t.trader);
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

/* The limit-like value V of R's kind as text for a message. */
static char *
fmt_limit(const struct rule *r, int64_t v, char *buf)
{
	switch (kind_unit(r->kind)) {
	case UNIT_MONEY:
		return fmt_money(v, buf);
	case UNIT_PCT:
		fmt_pct(v, buf);
		strcat(buf, "%");
		return buf;
	default:
		return fmt_units(v, buf);
	}
}

/* Check that R is whole: kind, its parameters and nothing else. */
int
rule_validate(const struct rule *r, struct err *err)
{
	const char *kn;
	char	a[NUMBUF], b[NUMBUF];

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
		    "limit %s", r->id, fmt_limit(r, r->warn_at, a),
		    fmt_limit(r, r->limit, b));
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
	char	v[NUMBUF];
	size_t	pos = 0;
	unsigned p = rule_params(r);
	enum unit u = r->have_kind ? kind_unit(r->kind) : UNIT_NONE;
	int	i;

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
		size_t	n = 0;

		list[0] = '\0';
		for (i = 0; i < ASSET_CLASS_COUNT; i++)
			if (r->allow & (1u << i)) {
				snprintf(list + n, sizeof list - n, "%s%s",
				    n > 0 ? "," : "",
				    asset_class_name((enum asset_class)i));
				n = strlen(list);
			}
		put_kv(buf, len, &pos, "allow", list);
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

/* ------------------------------------------------------------- check */

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
	copy_str(out->rule_id, r->id, sizeof out->rule_id);
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
	char	w[NUMBUF], l[NUMBUF];

	fmt_limit(r, r->limit, l);
	if (a == RULE_WARN && r->action != RULE_WARN)
		snprintf(buf, len, "(warning at %s, %s %s)",
		    fmt_limit(r, r->warn_at, w), word, l);
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
	char	v[NUMBUF], w[NUMBUF], l[NUMBUF];
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
	fmt_money(c->notional, v);
	fmt_money(r->limit, l);
	if (a == RULE_WARN && r->action != RULE_WARN)
		set_detail(out, "notional %s %s is past the warning level "
		    "%s %s (limit %s %s)", v, c->base,
		    fmt_money(r->warn_at, w), c->base, l, c->base);
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
	char	v[NUMBUF], w[NUMBUF], l[NUMBUF];

	if ((out = chk_record(c, r, a)) == NULL)
		return;
	fmt_units(shown, v);
	fmt_units(r->limit, l);
	if (a == RULE_WARN && r->action != RULE_WARN)
		set_detail(out, "%s %s is past the warning level %s "
		    "(limit %s)", what, v, fmt_units(r->warn_at, w), l);
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
	char	p[NUMBUF], b[96], x[NUMBUF], y[NUMBUF];

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
	    fmt_px(lim, x), p, fmt_px(mark, y), b);
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
	char	p[NUMBUF], b[96];
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
	char	q[NUMBUF], p[NUMBUF], w[NUMBUF];

	if (c->o->leaves <= pos + work)
		return;
	if ((out = chk_record(c, r, r->action)) == NULL)
		return;
	fmt_units(c->o->leaves, q);
	if (pos <= 0)
		set_detail(out, "sell %s with no long position (use short)",
		    q);
	else if (work != 0)
		set_detail(out, "sell %s exceeds the long position %s less "
		    "%s working to sell (use short)", q, fmt_units(pos, p),
		    fmt_units(-work, w));
	else
		set_detail(out, "sell %s exceeds the long position %s (use "
		    "short)", q, fmt_units(pos, p));
}

/* asset_class: the instrument's class among those allowed. */
static void
eval_asset_class(struct chk *c, const struct rule *r)
{
	enum asset_class cls = c->o->in->cls;
	struct cpl_outcome *out;
	char	list[64];
	size_t	n = 0;
	int	i;

	if ((unsigned)cls < ASSET_CLASS_COUNT && (r->allow & (1u << cls)))
		return;
	if ((out = chk_record(c, r, r->action)) == NULL)
		return;
	list[0] = '\0';
	for (i = 0; i < ASSET_CLASS_COUNT; i++)
		if (r->allow & (1u << i)) {
			snprintf(list + n, sizeof list - n, "%s%s",
			    n > 0 ? ", " : "",
			    asset_class_name((enum asset_class)i));
			n = strlen(list);
		}
	set_detail(out, "class %s is not allowed (%s)",
	    asset_class_name(cls), list);
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
		switch (r->kind) {
		case RULE_RESTRICTED:
			eval_restricted(&c, r);
			break;
		case RULE_MAX_NOTIONAL:
			eval_notional(&c, r);
			break;
		case RULE_MAX_QTY:
			eval_max_qty(&c, r);
			break;
		case RULE_PRICE_COLLAR:
			eval_collar(&c, r);
			break;
		case RULE_POSITION_LIMIT:
			eval_position(&c, r);
			break;
		case RULE_CONCENTRATION:
			eval_concentration(&c, r);
			break;
		case RULE_SHORT_SALE:
			eval_short_sale(&c, r);
			break;
		case RULE_ASSET_CLASS:
			eval_asset_class(&c, r);
			break;
		case RULE_RATE_LIMIT:
			eval_rate(&c, r);
			break;
		default:
			break;
		}
	}
}

/* Whether K can break on a fill alone. */
bool
cpl_post_trade_kind(enum rule_kind k)
{
	return k == RULE_POSITION_LIMIT || k == RULE_CONCENTRATION;
}

/* ------------------------------------------------------------ exposure */

#define EXPO_KEY_MAX	(ACCOUNT_MAX + NAME_MAX_LEN + 8)

struct expo_grp {
	__int128 sum;		/* wide: positions at the limit add up */
};

struct expo_pos {
	int64_t	mv;
	struct expo_grp *grp[RULE_BY_COUNT];	/* NULL until first set */
	char	key[RULE_BY_COUNT][NAME_MAX_LEN];	/* group keys */
};

struct expo_holders {
	size_t	n, cap;
	char	**acct;
};

struct cpl_expo {
	struct hmap *pos;	/* "acct\037sym" -> struct expo_pos */
	struct hmap *grp;	/* "acct\037by\037key" -> struct expo_grp */
	struct hmap *holders;	/* sym -> struct expo_holders */
};

/* "A\037B" (or "A\037<by>\037B" when BY >= 0) into BUF. */
static void
expo_key(char *buf, const char *a, int by, const char *b)
{
	size_t	na = strlen(a), nb = strlen(b);
	char	*p = buf;

	/* Longer than their fields allow: cut, as the fields would. */
	if (na > ACCOUNT_MAX - 1)
		na = ACCOUNT_MAX - 1;
	if (nb > NAME_MAX_LEN - 1)
		nb = NAME_MAX_LEN - 1;

	memcpy(p, a, na);
	p += na;
	*p++ = '\037';
	if (by >= 0) {
		*p++ = (char)('0' + by);
		*p++ = '\037';
	}
	memcpy(p, b, nb);
	p[nb] = '\0';
}

/* Create an empty exposure table; caller frees with cpl_expo_free(). */
struct cpl_expo *
cpl_expo_new(void)
{
	struct cpl_expo *e = xcalloc(1, sizeof *e);

	e->pos = hmap_new();
	e->grp = hmap_new();
	e->holders = hmap_new();
	return e;
}

/* Free every entry of E and its maps. */
static void
expo_drop(struct cpl_expo *e)
{
	const char *k;
	void	*v;
	size_t	it, i;

	for (it = 0; hmap_next(e->pos, &it, &k, &v);)
		free(v);
	for (it = 0; hmap_next(e->grp, &it, &k, &v);)
		free(v);
	for (it = 0; hmap_next(e->holders, &it, &k, &v);) {
		struct expo_holders *h = v;

		for (i = 0; i < h->n; i++)
			free(h->acct[i]);
		free(h->acct);
		free(h);
	}
	hmap_free(e->pos);
	hmap_free(e->grp);
	hmap_free(e->holders);
}

/* Release E and everything it holds. */
void
cpl_expo_free(struct cpl_expo *e)
{
	if (e == NULL)
		return;
	expo_drop(e);
	free(e);
}

/* Forget every position and group of E. */
void
cpl_expo_clear(struct cpl_expo *e)
{
	if (e == NULL)
		return;
	expo_drop(e);
	e->pos = hmap_new();
	e->grp = hmap_new();
	e->holders = hmap_new();
}

/* The group KEY of BY in ACCT, created at 0 when new. */
static struct expo_grp *
expo_group_get(struct cpl_expo *e, const char *acct, enum rule_by by,
    const char *key)
{
	char	k[EXPO_KEY_MAX];
	struct expo_grp *g;

	expo_key(k, acct, (int)by, key);
	if ((g = hmap_get(e->grp, k)) == NULL) {
		g = xcalloc(1, sizeof *g);
		hmap_put(e->grp, k, g);
	}
	return g;
}

/* Set ACCT's market value in IN to MV, moving its groups' sums. */
void
cpl_expo_set(struct cpl_expo *e, const char *acct,
    const struct instrument *in, int64_t mv)
{
	char	k[EXPO_KEY_MAX];
	struct expo_pos *p;
	int	b;

	if (e == NULL || acct == NULL || in == NULL)
		return;
	expo_key(k, acct, -1, in->symbol);
	if ((p = hmap_get(e->pos, k)) == NULL) {
		struct expo_holders *h;

		p = xcalloc(1, sizeof *p);
		hmap_put(e->pos, k, p);
		if ((h = hmap_get(e->holders, in->symbol)) == NULL) {
			h = xcalloc(1, sizeof *h);
			hmap_put(e->holders, in->symbol, h);
		}
		if (h->n == h->cap) {
			h->cap = h->cap != 0 ? h->cap * 2 : 4;
			h->acct = xrealloc(h->acct, h->cap * sizeof *h->acct);
		}
		h->acct[h->n++] = xstrdup(acct);
	}
	for (b = 0; b < RULE_BY_COUNT; b++) {
		const char *gk = cpl_group_key(in, (enum rule_by)b);

		if (p->grp[b] != NULL && strcmp(p->key[b], gk) == 0) {
			p->grp[b]->sum += (__int128)mv - p->mv;
			continue;
		}
		/* First set, or the instrument moved to another group. */
		if (p->grp[b] != NULL)
			p->grp[b]->sum -= p->mv;
		p->grp[b] = expo_group_get(e, acct, (enum rule_by)b, gk);
		copy_str(p->key[b], gk, sizeof p->key[b]);
		p->grp[b]->sum += mv;
	}
	p->mv = mv;
}

/* The sum of group KEY of BY in ACCT; 0 when nothing is held. */
int64_t
cpl_expo_group(const struct cpl_expo *e, const char *acct, enum rule_by by,
    const char *key)
{
	char	k[EXPO_KEY_MAX];
	const struct expo_grp *g;

	if (e == NULL || acct == NULL || key == NULL ||
	    (unsigned)by >= RULE_BY_COUNT)
		return 0;
	expo_key(k, acct, (int)by, key);
	g = hmap_get(e->grp, k);
	if (g == NULL)
		return 0;
	/* Held to 64 bits: a sum that large breaks any limit either way. */
	if (g->sum > INT64_MAX)
		return INT64_MAX;
	if (g->sum < -INT64_MAX)
		return -INT64_MAX;
	return (int64_t)g->sum;
}

/* IN's key under BY: its symbol, issuer or sector (symbol when empty). */
const char *
cpl_group_key(const struct instrument *in, enum rule_by by)
{
	if (by == RULE_BY_ISSUER && in->issuer[0] != '\0')
		return in->issuer;
	if (by == RULE_BY_SECTOR && in->sector[0] != '\0')
		return in->sector;
	return in->symbol;
}

/* Call FN(ARG, acct) for each account that has held SYM. */
void
cpl_expo_each_holder(const struct cpl_expo *e, const char *sym,
    void (*fn)(void *, const char *acct), void *arg)
{
	const struct expo_holders *h;
	size_t	i;

	if (e == NULL || sym == NULL || fn == NULL ||
	    (h = hmap_get(e->holders, sym)) == NULL)
		return;
	for (i = 0; i < h->n; i++)
		fn(arg, h->acct[i]);
}
