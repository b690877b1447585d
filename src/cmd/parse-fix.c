/* src/cmd/parse-fix.c: the parsers of FIX sessions' commands (fix status,
 * fix reset, show fix) and of wait order. */
#include "config.h"

#include <string.h>

#include "err.h"
#include "fixed.h"
#include "parse-int.h"

#define WAIT_DEFAULT_SECS	10

/* wait order ORDER_ID status=S [timeout=DURATION] */
static int
parse_wait(struct pctx *c)
{
	static const char *const keys[] = { "status", "timeout", NULL };
	struct opts o;
	const struct word *id = NULL;
	const char *v;
	char	buf[KEYWORD_MAX];

	parse_opts_init(&o, keys);
	if (parse_opts_words(c, 2, &o, &id, "wait order ORDER_ID status=S "
	    "[timeout=DURATION]") == -1)
		return -1;
	if (!id)
		return parse_fail(c, "which order? (wait order ORDER_ID "
		    "status=S)");
	if (parse_ident(c, id->text, c->cmd->id, sizeof c->cmd->id,
	    "order id") == -1)
		return -1;
	if (!(v = parse_opt_get(&o, "status")))
		return parse_fail(c, "wait for which status? (status=filled, "
		    "say)");
	if (!parse_kw_copy(v, buf) || order_status_parse(buf,
	    &c->cmd->exp.status) == -1)
		return parse_fail(c, "'%s' is not an order status", v);
	c->cmd->exp.have = EXP_STATUS;
	c->cmd->t = WAIT_DEFAULT_SECS;
	if ((v = parse_opt_get(&o, "timeout")) &&
	    (duration_parse(v, &c->cmd->t, c->err) == -1 || c->cmd->t <= 0 ||
	    c->cmd->t > 3600))
		return parse_fail(c, "timeout '%s' is not a duration of 1s to "
		    "1h", v);
	return 0;
}

/* fill ORDER_ID QTY @ PRICE */
static int
parse_fill(struct pctx *c)
{
	const struct word *qty = parse_word_at(c, 2), *at = parse_word_at(c, 3),
	    *px = parse_word_at(c, 4);

	if (parse_ident_at(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order? (fill ORDER_ID QTY @ PRICE)") == -1)
		return -1;
	if (!qty || !at || !px || strcmp(at->text, "@") != 0)
		return parse_fail(c, "fill ORDER_ID QTY @ PRICE");
	if (parse_qty(c, qty->text, &c->cmd->ord.req.qty) == -1)
		return -1;
	if (c->cmd->ord.req.qty <= 0)
		return parse_fail(c, "the quantity must be above zero");
	if (parse_px(c, px->text, &c->cmd->px, "price", "price") == -1)
		return -1;
	return parse_no_more(c, 5);
}

int
parse_fix(struct pctx *c)
{
	switch (c->hit) {
	case CMD_FILL:
		parse_set_what(c, 0, 1);
		c->cmd->kind = CMD_FILL;
		return parse_fill(c);
	case CMD_FIX_STATUS:
		parse_set_what(c, 0, 2);
		c->cmd->kind = CMD_FIX_STATUS;
		return parse_no_more(c, 2);
	case CMD_FIX_RESET:
		parse_set_what(c, 0, 2);
		c->cmd->kind = CMD_FIX_RESET;
		return parse_one_ident(c, 2, c->cmd->text, sizeof c->cmd->text,
		    "session name", "which session? (fix reset NAME)");
	case CMD_SHOW_FIX:
		parse_set_what(c, 0, 2);
		c->cmd->kind = CMD_SHOW_FIX;
		return parse_one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "order id", "which order? (show fix ORDER_ID)");
	case CMD_WAIT_ORDER:
		parse_set_what(c, 0, 2);
		c->cmd->kind = CMD_WAIT_ORDER;
		return parse_wait(c);
	default:
		return parse_fail(c, "what? (fix status, fix reset NAME, "
		    "show fix ORDER_ID or wait order ORDER_ID status=S)");
	}
}
