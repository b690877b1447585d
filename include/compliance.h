/* include/compliance.h: pre-trade and post-trade compliance rules.
 *
 * A rule is a plain value: its kind, its scope (every account or one), its
 * parameters and the action taken when it breaks.  cpl_check() runs a set
 * of rules over one order as it would stand after entry (or after a
 * replace) and reports every rule that breaks, with the most severe action
 * among them.  Everything it needs from the world arrives in a struct
 * cpl_env, values filled in by the caller and callbacks for what is only
 * sometimes needed (working orders, group market values, order rates), so
 * this module reads no clock, store or book of its own.
 *
 * Three files: src/core/cpl-rules.c (names, rule_set/validate/format),
 * cpl-check.c (cpl_check) and cpl-exposure.c (struct cpl_expo); the check
 * uses the other two, which know nothing of it. */
#ifndef BLOTTER_COMPLIANCE_H
#define BLOTTER_COMPLIANCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "account.h"
#include "instrument.h"
#include "order.h"

struct err;

#define RULE_ID_MAX	32
#define CPL_DETAIL_MAX	160
#define CPL_OUTCOMES_MAX 32	/* broken rules one check reports in full */

/* Roles of the users of a store. */
enum user_role {
	ROLE_TRADER,
	ROLE_PM,
	ROLE_COMPLIANCE,
	ROLE_OPS,
	ROLE_ADMIN,
	ROLE_COUNT
};

const char *user_role_name(enum user_role);
int	user_role_parse(const char *, enum user_role *);

enum rule_kind {
	RULE_RESTRICTED,	/* sym= or issuer= */
	RULE_MAX_NOTIONAL,	/* limit= money, account base ccy */
	RULE_MAX_QTY,		/* limit= units [sym=] */
	RULE_PRICE_COLLAR,	/* pct= */
	RULE_POSITION_LIMIT,	/* sym= limit= units */
	RULE_CONCENTRATION,	/* pct= [by=symbol|issuer|sector] */
	RULE_SHORT_SALE,
	RULE_ASSET_CLASS,	/* allow=equity,bond,... */
	RULE_RATE_LIMIT,	/* per_s= [trader=] */
	RULE_KIND_COUNT
};

/* Outcomes and actions, least severe first: a comparison picks the worst. */
enum rule_action {
	RULE_PASS,
	RULE_WARN,
	RULE_REVIEW,
	RULE_BLOCK,
	RULE_ACTION_COUNT
};

enum rule_by { RULE_BY_SYMBOL, RULE_BY_ISSUER, RULE_BY_SECTOR,
	RULE_BY_COUNT };

/* Which key of rule_set() gave limit its value.  rule_set() needs it to
 * read "limit=5 kind=max_qty" like "kind=max_qty limit=5" and to refuse
 * pct= on a max_qty rule whichever comes first; a rule built in code
 * leaves it RULE_KEY_NONE and its limit counts as its kind's own key. */
enum rule_limit_key { RULE_KEY_NONE, RULE_KEY_LIMIT, RULE_KEY_PCT,
	RULE_KEY_PER_S };

/*
 * One rule.  The unit of limit and warn_at depends on the kind:
 * max_notional money (MONEY_SCALE, account base ccy); max_qty and
 * position_limit units; price_collar and concentration percent
 * (PX_SCALE: 5% is 5 * PX_SCALE); rate_limit orders a second.  warn_at
 * 0 means no warning tier.
 */
struct rule {
	char	id[RULE_ID_MAX];
	enum rule_kind kind;
	enum rule_action action;	/* warn, review or block */
	bool	enabled;
	char	acct[ACCOUNT_MAX];	/* "" = every account */
	char	sym[SYMBOL_MAX];	/* restricted, max_qty, position_limit */
	char	issuer[NAME_MAX_LEN];	/* restricted */
	char	trader[USER_MAX];	/* rate_limit: "" = each trader */
	enum rule_by by;		/* concentration */
	unsigned allow;			/* asset_class: 1u << enum asset_class */
	int64_t	limit;
	int64_t	warn_at;
	bool	have_kind;		/* kind= was given (rule_set) */
	enum rule_limit_key limit_key;	/* which key set limit (rule_set) */
};

/* Start RULE with ID and defaults (no kind yet, action review, enabled).
 * Fails when ID is not a usable identifier. */
int	rule_init(struct rule *, const char *id, struct err *);
/* Set one parameter from its text, as written after "rule add ID":
 * kind, action, acct, sym, issuer, trader, by, allow, limit, pct, per_s,
 * warn_at.  An unknown key or a bad value fails with ERR naming both; the
 * rule is then unchanged. */
int	rule_set(struct rule *, const char *key, const char *value,
	    struct err *);
/* Check that RULE is complete: a kind, and every parameter its kind
 * needs, warn_at below limit.  Fails with what is missing. */
int	rule_validate(const struct rule *, struct err *);
/* The rule's parameters as text, as rule_set() reads them back:
 * "kind=max_qty limit=1000 action=block".  Returns BUF. */
char	*rule_format(const struct rule *, char *buf, size_t len);

const char *rule_kind_name(enum rule_kind);
const char *rule_action_name(enum rule_action);
const char *rule_by_name(enum rule_by);
int	rule_kind_parse(const char *, enum rule_kind *);
int	rule_action_parse(const char *, enum rule_action *);

/* The order being checked, as it would stand.  For a replace, qty and
 * limit_px are the new ones, and leaves what would be left open. */
struct cpl_order {
	const char *acct;
	const char *user;		/* who enters it */
	const struct instrument *in;
	enum order_side side;
	int64_t	qty;			/* units */
	int64_t	leaves;			/* units still to trade */
	int64_t	limit_px;		/* PX_SCALE; 0: market */
	bool	replace;
	bool	post_trade;		/* no order: re-check positions only */
};

/* The world as the check needs it.  Values are filled in; callbacks are
 * called only by rules that need them, and may be NULL when no such rule
 * is active. */
struct cpl_env {
	void	*ctx;
	const struct account *acct;	/* NAV and base currency */
	int64_t	mark;			/* PX_SCALE, the order's symbol; 0 none */
	int64_t	position;		/* signed units held in acct/symbol */
	int64_t	fx;			/* instrument ccy -> base, PX_SCALE; 0
					   when no rate is known */
	/* Signed leaves of the other working orders in acct/symbol of
	 * direction DIR (+1 buys and covers, -1 sells and shorts). */
	int64_t	(*working)(void *ctx, int dir);
	/* Signed market value (MONEY_SCALE, base ccy) that account holds
	 * in the group KEY of BY. */
	int64_t	(*group_value)(void *ctx, enum rule_by by, const char *key);
	/* An instrument by symbol (to follow underlyings); NULL unknown. */
	const struct instrument *(*instrument)(void *ctx, const char *sym);
	/* New orders and replaces already counted this second for RULE
	 * (its trader, or the order's user when it names none). */
	int64_t	(*rate_count)(void *ctx, const struct rule *);
};

struct cpl_outcome {
	char	rule_id[RULE_ID_MAX];
	enum rule_kind kind;
	enum rule_action outcome;	/* warn, review or block */
	char	detail[CPL_DETAIL_MAX];	/* what broke, with the numbers */
};

struct cpl_result {
	enum rule_action worst;		/* RULE_PASS when nothing broke */
	int	checked;		/* rules that applied to the order */
	int	broken;			/* rules that broke or warned */
	int	n;			/* outcomes in out[] (<= broken) */
	struct cpl_outcome out[CPL_OUTCOMES_MAX];
};

/* Run the enabled rules among RULES[0..N) that apply to ORDER (scope and
 * kind) and fill RES.  Post-trade checks run only position_limit and
 * concentration, on the position as it is. */
void	cpl_check(const struct rule *rules, size_t n, const struct cpl_order *,
	    const struct cpl_env *, struct cpl_result *);
/* Whether RULE can break after a fill (position_limit, concentration). */
bool	cpl_post_trade_kind(enum rule_kind);

/*
 * Market value held by account and group, kept up to date as positions
 * and marks change, so a concentration check costs a lookup however many
 * positions an account holds.  Values are signed, MONEY_SCALE, in the
 * account's base currency.
 */
struct cpl_expo;
struct cpl_expo *cpl_expo_new(void);
void	cpl_expo_free(struct cpl_expo *);		/* NULL is a no-op */
/* Set the market value of ACCT's position in IN to MV (replacing what it
 * was), moving the sums of its symbol, issuer and sector groups. */
void	cpl_expo_set(struct cpl_expo *, const char *acct,
	    const struct instrument *in, int64_t mv);
/* The sum of group KEY of BY in ACCT (0 when nothing is held). */
int64_t	cpl_expo_group(const struct cpl_expo *, const char *acct,
	    enum rule_by, const char *key);
/* The group key of IN under BY: its symbol, issuer or sector (the symbol
 * when the instrument names no issuer or sector). */
const char *cpl_group_key(const struct instrument *, enum rule_by);
/* Call FN for each account holding SYM (to revalue after a mark moves). */
void	cpl_expo_each_holder(const struct cpl_expo *, const char *sym,
	    void (*fn)(void *, const char *acct), void *);
void	cpl_expo_clear(struct cpl_expo *);

#endif
