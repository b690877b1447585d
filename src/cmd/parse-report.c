/* src/cmd/parse-report.c: the parsers of what blotter shows and checks:
 * show, expect (the numbers of a batch script's checks, kept at the
 * decimals written), report and help. */
#include "config.h"
#include "cmd.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "fixed.h"
#include "order.h"
#include "parse-int.h"

/* Parse a count S (a whole number, no suffix) into OUT.  KEY names the
 * option it came from, or is NULL for a positional word. */
static int
get_count(struct pctx *c, const char *key, const char *s, int64_t *out)
{
	const char *p;
	int64_t	v = 0;

	for (p = s; isdigit((unsigned char)*p); p++)
		;
	if (*p != '\0' || p == s || p - s > 15) {
		if (key != NULL)
			return parse_fail(c, "%s='%s' is not a count (a whole "
			    "number)", key, s);
		return parse_fail(c, "'%s' is not a count (a whole number)", s);
	}
	for (p = s; *p != '\0'; p++)
		v = v * 10 + (*p - '0');
	*out = v;
	return 0;
}

/* Parse a number to compare in an expect, exactly as written (its
 * decimals are the precision it is compared at); SUFFIX_OK allows
 * k/m/bn. */
static int
get_expect_num(struct pctx *c, const char *key, const char *s,
    bool suffix_ok, struct cmd_num *out)
{
	struct fixed_dec d;
	const char *dot = strchr(s, '.');
	int	written = 0, dec;

	if (!parse_decimal_word(s, suffix_ok, &d))
		return parse_fail(c, "%s='%s' is not a number", key, s);
	/* The decimals written, trailing zeros too: 100.100 is to the
	 * tenth of a cent. */
	for (const char *q = dot ? dot + 1 : ""; isdigit((unsigned char)*q);
	    q++)
		written++;
	dec = written > d.shift ? written - d.shift : 0;
	if (dec > CMD_NUM_DECIMALS_MAX || fixed_dec_value(&d, dec,
	    &out->v) != FIXED_FIT)
		return parse_fail(c, "%s='%s' has more than %d decimals or is "
		    "too large", key, s, CMD_NUM_DECIMALS_MAX);
	out->dec = dec;
	return 0;
}

/* Parse one order status ("filled"). */
static int
get_status(struct pctx *c, const char *s, enum order_status *st)
{
	char	buf[KEYWORD_MAX];

	if (!parse_kw_copy(s, buf) || order_status_parse(buf, st) == -1)
		return parse_fail(c, "'%s' is not an order status (staged, "
		    "flagged, pending_new, new, partially_filled, filled, "
		    "pending_cancel, canceled, pending_replace, rejected, "
		    "expired or done_for_day)", s);
	return 0;
}

/* show orders [filters] | show order ID | show positions | show pnl |
 * show compliance|audit [ID] | show alerts|users|rules | show blocks |
 * show block BLOCK_ID | show allocations [BLOCK_ID] */
int
parse_show(struct pctx *c)
{
	static const char *const order_keys[] = { "acct", "sym", "status",
	    NULL };
	static const char *const acct_keys[] = { "acct", NULL };
	const char *const *keys;
	const struct word *sub = parse_pos_at(c, 1);
	struct opts o;

	if (parse_sub_word(c, "orders, order ORDER_ID, positions, pnl, "
	    "compliance, audit, alerts, users, settings, rules, blocks, block "
	    "BLOCK_ID or allocations") == -1)
		return -1;
	if (c->hit == CMD_SHOW_ORDERS) {
		keys = order_keys;
		c->cmd->kind = CMD_SHOW_ORDERS;
	} else if (c->hit == CMD_SHOW_ORDER) {
		c->cmd->kind = CMD_SHOW_ORDER;
		return parse_one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "order id", "which order? (show order ORDER_ID)");
	} else if (c->hit == CMD_SHOW_POSITIONS) {
		keys = acct_keys;
		c->cmd->kind = CMD_SHOW_POSITIONS;
	} else if (c->hit == CMD_SHOW_PNL) {
		keys = acct_keys;
		c->cmd->kind = CMD_SHOW_PNL;
	} else if (c->hit == CMD_SHOW_COMPLIANCE ||
	    c->hit == CMD_SHOW_AUDIT) {
		c->cmd->kind = c->hit;
		return parse_one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "order id", NULL);
	} else if (c->hit == CMD_SHOW_ALERTS || c->hit == CMD_SHOW_USERS ||
	    c->hit == CMD_SHOW_SETTINGS || c->hit == CMD_SHOW_BLOCKS) {
		c->cmd->kind = c->hit;
		return parse_no_more(c, 2);
	} else if (c->hit == CMD_SHOW_BLOCK) {
		c->cmd->kind = CMD_SHOW_BLOCK;
		return parse_one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "block id", "which block? (show block BLOCK_ID)");
	} else if (c->hit == CMD_SHOW_ALLOCATIONS) {
		c->cmd->kind = CMD_SHOW_ALLOCATIONS;
		return parse_one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "block id", NULL);
	} else {
		parse_set_what(c, 0, 1);
		return parse_fail(c, "cannot show '%s' (orders, order "
		    "ORDER_ID, positions, pnl, compliance, audit, alerts, "
		    "users, settings, rules, blocks, block BLOCK_ID or "
		    "allocations)", sub->text);
	}
	if (parse_opts_rest(c, 2, &o, keys) == -1)
		return -1;
	return parse_filter(c, &o, &c->cmd->filter);
}

/* Read the numbers of an expect from O into EXP.  QTY_KEYS and MONEY_KEYS
 * may use k/m/bn suffixes; prices may not. */
static int
get_expects(struct pctx *c, const struct opts *o, struct cmd_expect *exp)
{
	static const struct {
		const char *key;
		unsigned bit;
		bool	suffix_ok;
		size_t	off;
	} nums[] = {
		{ "cum", EXP_CUM, true, offsetof(struct cmd_expect, cum) },
		{ "leaves", EXP_LEAVES, true,
		    offsetof(struct cmd_expect, leaves) },
		{ "avgpx", EXP_AVGPX, false,
		    offsetof(struct cmd_expect, avgpx) },
		{ "qty", EXP_QTY, true, offsetof(struct cmd_expect, qty) },
		{ "px", EXP_PX, false, offsetof(struct cmd_expect, px) },
		{ "avgcost", EXP_AVGCOST, false,
		    offsetof(struct cmd_expect, avgcost) },
		{ "realized", EXP_REALIZED, true,
		    offsetof(struct cmd_expect, realized) },
		{ "unrealized", EXP_UNREALIZED, true,
		    offsetof(struct cmd_expect, unrealized) },
		{ "total", EXP_TOTAL, true,
		    offsetof(struct cmd_expect, total) },
	};
	const char *v;
	size_t	i;

	if ((v = parse_opt_get(o, "status")) != NULL) {
		if (get_status(c, v, &exp->status) == -1)
			return -1;
		exp->have |= EXP_STATUS;
	}
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		if ((v = parse_opt_get(o, nums[i].key)) == NULL)
			continue;
		if (get_expect_num(c, nums[i].key, v, nums[i].suffix_ok,
		    (struct cmd_num *)(void *)((char *)exp + nums[i].off)) ==
		    -1)
			return -1;
		exp->have |= nums[i].bit;
	}
	return 0;
}

/* expect count orders [acct=] [sym=] [status=] N */
static int
parse_expect_count(struct pctx *c)
{
	static const char *const keys[] = { "acct", "sym", "status", NULL };
	const struct word *n = NULL;
	struct opts o;

	if (!parse_is_kw(parse_word_at(c, 2), "orders"))
		return parse_fail(c, "count what? (expect count orders "
		    "[acct=..] [sym=..] [status=..] N)");
	parse_opts_init(&o, keys);
	if (parse_opts_words(c, 3, &o, &n, "expect count orders [filters] "
	    "N") == -1)
		return -1;
	if (n == NULL)
		return parse_fail(c, "how many? (expect count orders [acct=..] "
		    "[sym=..] [status=..] N)");
	if (get_count(c, NULL, n->text, &c->cmd->exp.count) == -1)
		return -1;
	if (parse_filter(c, &o, &c->cmd->filter) == -1)
		return -1;
	c->cmd->kind = CMD_EXPECT_COUNT;
	return 0;
}

/* expect order|position|pnl|count|block|allocation|fail ... */
int
parse_expect(struct pctx *c)
{
	static const char *const order_keys[] = { "status", "cum", "leaves",
	    "avgpx", "qty", "px", NULL };
	static const char *const pos_keys[] = { "qty", "avgcost", "realized",
	    "unrealized", NULL };
	static const char *const pnl_keys[] = { "realized", "unrealized",
	    "total", NULL };
	static const char *const block_keys[] = { "status", "qty", "cum",
	    "avgpx", "orders", NULL };
	static const char *const alloc_keys[] = { "qty", "avgpx", NULL };
	const char *const *keys;
	const struct word *sub = parse_pos_at(c, 1);
	struct cmd *cmd = c->cmd;
	struct opts o;
	const char *v;
	int	next;

	if (parse_sub_word(c, "order, position, pnl, count, block, allocation "
	    "or fail") == -1)
		return -1;
	if (c->hit == CMD_EXPECT_ORDER) {
		if (parse_ident_at(c, 2, cmd->id, sizeof cmd->id, "order id",
		    "which order? (expect order ORDER_ID [status=..] [cum=N] "
		    "...)") == -1)
			return -1;
		keys = order_keys;
		cmd->kind = CMD_EXPECT_ORDER;
		next = 3;
	} else if (c->hit == CMD_EXPECT_POSITION) {
		if (parse_ident_at(c, 2, cmd->filter.acct,
		    sizeof cmd->filter.acct, "account", "which account? "
		    "(expect position ACCOUNT SYMBOL [qty=N] ...)") == -1 ||
		    parse_ident_at(c, 3, cmd->sym, sizeof cmd->sym, "symbol",
		    "which symbol? (expect position %s SYMBOL [qty=N] ...)",
		    cmd->filter.acct) == -1)
			return -1;
		keys = pos_keys;
		cmd->kind = CMD_EXPECT_POSITION;
		next = 4;
	} else if (c->hit == CMD_EXPECT_PNL) {
		if (parse_ident_at(c, 2, cmd->filter.acct,
		    sizeof cmd->filter.acct, "account", "which account? "
		    "(expect pnl ACCOUNT [realized=X] [unrealized=X] "
		    "[total=X])") == -1)
			return -1;
		keys = pnl_keys;
		cmd->kind = CMD_EXPECT_PNL;
		next = 3;
	} else if (c->hit == CMD_EXPECT_COUNT) {
		return parse_expect_count(c);
	} else if (c->hit == CMD_EXPECT_FAIL) {
		cmd->kind = CMD_EXPECT_FAIL;
		return parse_no_more(c, 2);
	} else if (c->hit == CMD_EXPECT_BLOCK) {
		if (parse_ident_at(c, 2, cmd->id, sizeof cmd->id, "block id",
		    "which block? (expect block BLOCK_ID [status=..] [qty=N] "
		    "[cum=N] [avgpx=P] [orders=N])") == -1)
			return -1;
		keys = block_keys;
		cmd->kind = CMD_EXPECT_BLOCK;
		next = 3;
	} else if (c->hit == CMD_EXPECT_ALLOCATION) {
		if (parse_ident_at(c, 2, cmd->id, sizeof cmd->id, "block id",
		    "which block? (expect allocation BLOCK_ID ACCOUNT [qty=N] "
		    "[avgpx=P])") == -1 ||
		    parse_ident_at(c, 3, cmd->filter.acct,
		    sizeof cmd->filter.acct, "account", "which account? "
		    "(expect allocation %s ACCOUNT [qty=N] [avgpx=P])",
		    cmd->id) == -1)
			return -1;
		keys = alloc_keys;
		cmd->kind = CMD_EXPECT_ALLOCATION;
		next = 4;
	} else {
		parse_set_what(c, 0, 1);
		return parse_fail(c, "cannot expect '%s' (order, position, "
		    "pnl, count, block, allocation or fail)", sub->text);
	}
	if (parse_opts_rest(c, next, &o, keys) == -1)
		return -1;
	/* orders= is a count of member orders, not a number compared at
	 * its written decimals; only expect block knows it. */
	if ((v = parse_opt_get(&o, "orders")) != NULL) {
		if (get_count(c, "orders", v, &cmd->exp.count) == -1)
			return -1;
		cmd->exp.have |= EXP_ORDERS;
	}
	return get_expects(c, &o, &cmd->exp);
}

/* report confirms [BLOCK_ID] [out=FILE] | report summary */
int
parse_report(struct pctx *c)
{
	static const char *const keys[] = { "out", NULL };
	const struct word *id = NULL;
	struct opts o;
	const char *v;

	if (parse_sub_word(c, "report confirms [BLOCK_ID] [out=FILE] or report "
	    "summary") == -1)
		return -1;
	if (c->hit == CMD_REPORT_SUMMARY) {
		c->cmd->kind = CMD_REPORT_SUMMARY;
		return parse_no_more(c, 2);
	}
	if (parse_sub_command(c, CMD_REPORT_CONFIRMS, "report confirms "
	    "[BLOCK_ID] [out=FILE]") == -1)
		return -1;
	parse_opts_init(&o, keys);
	if (parse_opts_words(c, 2, &o, &id, "report confirms [BLOCK_ID] "
	    "[out=FILE]") == -1)
		return -1;
	if (id != NULL && parse_ident(c, id->text, c->cmd->id,
	    sizeof c->cmd->id, "block id") == -1)
		return -1;
	if ((v = parse_opt_get(&o, "out")) != NULL &&
	    parse_path(c, v, c->cmd->out) == -1)
		return -1;
	c->cmd->kind = CMD_REPORT_CONFIRMS;
	return 0;
}

/* help [TOPIC]: the topic's words, lower-cased, into sym. */
int
parse_help(struct pctx *c)
{
	char	topic[SYMBOL_MAX];
	size_t	used = 0, n;
	int	i;

	topic[0] = '\0';
	for (i = 1; i < c->lx->n; i++) {
		const char *s = c->lx->w[i].text;

		n = strlen(s);
		if (used + n + (used > 0) >= sizeof topic)
			return parse_fail(c, "topic '%s' is too long", s);
		if (used > 0)
			topic[used++] = ' ';
		while (*s != '\0')
			topic[used++] = (char)tolower((unsigned char)*s++);
		topic[used] = '\0';
	}
	memcpy(c->cmd->sym, topic, used + 1);
	c->cmd->kind = CMD_HELP;
	return 0;
}
