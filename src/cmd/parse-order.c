/* src/cmd/parse-order.c: the parsers of orders: [stage] buy|sell|short|
 * cover and check (one order line, read by parse_order()), release, cancel
 * and replace. */
#include "config.h"
#include "cmd.h"

#include <string.h>
#include <strings.h>

#include "err.h"
#include "fixed.h"
#include "order.h"
#include "parse-int.h"

/* Parse a time in force ("day", "gtd:2026-01-09"). */
static int
get_tif(struct pctx *c, const char *s, enum order_tif *tif, int32_t *gtd)
{
	*gtd = 0;
	if (order_tif_parse(s, tif, gtd, c->err) == -1)
		return parse_fail_core(c);
	return 0;
}

/* Parse "trail=0.50" or "trail=2%" into O. */
static int
get_trail(struct pctx *c, const char *s, struct cmd_order *o)
{
	char	buf[64];
	size_t	n = strlen(s);

	if (n > 0 && s[n - 1] == '%') {
		if (n >= sizeof buf)
			return parse_fail(c, "trail=%s is not a percentage", s);
		memcpy(buf, s, n - 1);
		buf[n - 1] = '\0';
		if (fixed_parse(buf, PX_DECIMALS, &o->req.trail, "percentage",
		    c->err) == -1)
			return parse_fail(c, "trail=%s is not a percentage "
			    "(like trail=2%%)", s);
		if (o->req.trail <= 0 || o->req.trail >= 100 * PX_SCALE)
			return parse_fail(c, "trail=%s must be above 0%% and "
			    "below 100%%", s);
		o->req.trail_pct = true;
		return 0;
	}
	o->req.trail_pct = false;
	return parse_px(c, s, &o->req.trail, "price", "trail");
}

/* [stage] buy|sell|short|cover QTY SYMBOL [@ PRICE | mkt] [options]; SIDE is
 * the index of the side word. */
static int
parse_order(struct pctx *c, int side)
{
	static const char *const keys[] = { "stop", "trail", "tif", "acct",
	    "venue", "id", "algo", "note", NULL };
	struct cmd_order *ord = &c->cmd->ord;
	const struct word *sw = parse_pos_at(c, side), *qty, *w, *px = NULL,
	    *mkt = NULL;
	const char *pxtext = NULL, *v;
	char	buf[KEYWORD_MAX];
	struct opts o;
	int	i;

	if (sw == NULL)
		return parse_fail(c, "what? (stage buy|sell|short|cover QTY "
		    "SYMBOL ...)");
	if (!parse_kw_copy(sw->text, buf) ||
	    order_side_parse(buf, &ord->req.side) == -1)
		return parse_fail(c, "'%s' is not a side (buy, sell, short or "
		    "cover)", sw->text);
	parse_set_what(c, 0, side + 1);
	ord->req.stage = side > 0;
	if ((qty = parse_pos_at(c, side + 1)) == NULL)
		return parse_fail(c, "how many? (%s QTY SYMBOL [@ PRICE])",
		    c->what);
	if (parse_qty(c, qty->text, &ord->req.qty) == -1)
		return -1;
	if (parse_ident_at(c, side + 2, c->cmd->sym, sizeof c->cmd->sym,
	    "symbol", "which symbol? (%s %s SYMBOL [@ PRICE])", c->what,
	    qty->text) == -1)
		return -1;
	str_copy(ord->req.symbol, sizeof ord->req.symbol, c->cmd->sym);

	parse_opts_init(&o, keys);
	/* With an algorithm, keys the order does not know are its
	 * parameters, wherever they stand on the line. */
	for (i = side + 3; (w = parse_word_at(c, i)) != NULL; i++)
		if (w->eq == 4 && strncasecmp(w->text, "algo", 4) == 0)
			o.extra_ok = true;
	for (i = side + 3; (w = parse_word_at(c, i)) != NULL; i++) {
		if (w->eq >= 0) {
			if (parse_opt_take(c, &o, w) == -1)
				return -1;
		} else if (w->text[0] == '@') {
			if (px != NULL)
				return parse_fail(c, "two prices ('@ %s' and "
				    "'%s')", pxtext, w->text);
			px = w;
			pxtext = w->text + 1;
			if (*pxtext == '\0') {
				const struct word *n = parse_pos_at(c, i + 1);

				if (n == NULL)
					return parse_fail(c, "'@' needs a "
					    "price (%s %s %s @ 10.00)", c->what,
					    qty->text, c->cmd->sym);
				pxtext = n->text;
				i++;
			}
		} else if (strcasecmp(w->text, "mkt") == 0) {
			if (mkt != NULL)
				return parse_fail(c, "'mkt' is given twice");
			mkt = w;
		} else {
			return parse_fail(c, "unexpected word '%s' (%s QTY "
			    "SYMBOL [@ PRICE | mkt] [key=value ...])", w->text,
			    c->what);
		}
	}
	if (px != NULL && mkt != NULL)
		return parse_fail(c, "'mkt' and '@ %s' cannot go together: a "
		    "market order has no price", pxtext);
	if (px != NULL && parse_px(c, pxtext, &ord->req.limit_px, "price",
	    "price") == -1)
		return -1;
	if (parse_opt_get(&o, "stop") != NULL &&
	    parse_opt_get(&o, "trail") != NULL)
		return parse_fail(c, "stop=%s and trail=%s cannot go together: "
		    "a trailing stop moves its own stop",
		    parse_opt_get(&o, "stop"), parse_opt_get(&o, "trail"));
	if ((v = parse_opt_get(&o, "stop")) != NULL &&
	    parse_px(c, v, &ord->req.stop_px, "price", "stop") == -1)
		return -1;
	if ((v = parse_opt_get(&o, "trail")) != NULL &&
	    get_trail(c, v, ord) == -1)
		return -1;
	if (parse_opt_get(&o, "trail") != NULL)
		ord->req.type = OTYPE_TRAILING_STOP;
	else if (ord->req.stop_px != 0)
		ord->req.type = px != NULL ? OTYPE_STOP_LIMIT : OTYPE_STOP;
	else
		ord->req.type = px != NULL ? OTYPE_LIMIT : OTYPE_MARKET;
	ord->req.tif = TIF_DAY;
	if ((v = parse_opt_get(&o, "tif")) != NULL &&
	    get_tif(c, v, &ord->req.tif, &ord->req.gtd_date) == -1)
		return -1;
	if ((v = parse_opt_get(&o, "acct")) != NULL &&
	    parse_ident(c, v, ord->req.account, sizeof ord->req.account,
	    "account") == -1)
		return -1;
	if ((v = parse_opt_get(&o, "venue")) != NULL &&
	    parse_ident(c, v, ord->req.venue, sizeof ord->req.venue,
	    "venue") == -1)
		return -1;
	if ((v = parse_opt_get(&o, "id")) != NULL &&
	    parse_ident(c, v, ord->id, sizeof ord->id, "order id") == -1)
		return -1;
	if ((v = parse_opt_get(&o, "algo")) != NULL &&
	    parse_ident(c, v, ord->algo, sizeof ord->algo, "algorithm") == -1)
		return -1;
	if ((v = parse_opt_get(&o, "note")) != NULL &&
	    parse_text(c, v, ord->req.note, sizeof ord->req.note, "note") == -1)
		return -1;
	c->cmd->kind = CMD_ORDER;
	return 0;
}

/* Lines of an order: [stage] buy|sell|short|cover ... */
int
parse_trade(struct pctx *c)
{
	bool	stage = parse_is_kw(parse_word_at(c, 0), "stage");

	return parse_order(c, stage ? 1 : 0);
}

/* check buy 100 AAPL ...: the order as a what-if. */
int
parse_check(struct pctx *c)
{
	if (parse_order(c, 1) == -1)
		return -1;
	c->cmd->ord.req.stage = false;
	c->cmd->kind = CMD_CHECK_ORDER;
	return 0;
}

/* release all|cancel all [acct=..] [sym=..]: KIND, for the orders the
 * filter picks. */
static int
parse_all(struct pctx *c, enum cmd_kind kind)
{
	static const char *const keys[] = { "acct", "sym", NULL };
	struct opts o;

	parse_set_what(c, 0, 2);
	c->cmd->kind = kind;
	if (parse_opts_rest(c, 2, &o, keys) == -1)
		return -1;
	return parse_filter(c, &o, &c->cmd->filter);
}

/* release ORDER_ID | release BLOCK_ID: the runtime tells them apart. */
int
parse_release(struct pctx *c)
{
	if (c->hit == CMD_RELEASE_ALL)
		return parse_all(c, CMD_RELEASE_ALL);
	c->cmd->kind = CMD_RELEASE;
	return parse_one_ident(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order or block? (release ORDER_ID or release BLOCK_ID)");
}

/* cancel ORDER_ID | cancel all [acct=] [sym=] */
int
parse_cancel(struct pctx *c)
{
	/* "all" is a positional word: with it, the order id is there. */
	if (c->hit == CMD_CANCEL_ALL)
		return parse_all(c, CMD_CANCEL_ALL);
	c->cmd->kind = CMD_CANCEL;
	return parse_one_ident(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order? (cancel ORDER_ID or cancel all)");
}

/* replace ORDER_ID [qty=N] [px=P] [stop=P] [tif=..] */
int
parse_replace(struct pctx *c)
{
	static const char *const keys[] = { "qty", "px", "stop", "tif", NULL };
	struct order_change *ch = &c->cmd->change;
	struct opts o;
	const char *v;

	if (parse_ident_at(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order? (replace ORDER_ID [qty=N] [px=P] [stop=P] "
	    "[tif=..])") == -1 ||
	    parse_opts_rest(c, 2, &o, keys) == -1)
		return -1;
	if ((v = parse_opt_get(&o, "qty")) != NULL) {
		if (parse_qty(c, v, &ch->qty) == -1)
			return -1;
		ch->have_qty = true;
	}
	if ((v = parse_opt_get(&o, "px")) != NULL) {
		if (parse_px(c, v, &ch->limit_px, "price", "price") == -1)
			return -1;
		ch->have_limit = true;
	}
	if ((v = parse_opt_get(&o, "stop")) != NULL) {
		if (parse_px(c, v, &ch->stop_px, "price", "stop") == -1)
			return -1;
		ch->have_stop = true;
	}
	if ((v = parse_opt_get(&o, "tif")) != NULL) {
		if (get_tif(c, v, &ch->tif, &ch->gtd_date) == -1)
			return -1;
		ch->have_tif = true;
	}
	if (!ch->have_qty && !ch->have_limit && !ch->have_stop &&
	    !ch->have_tif)
		return parse_fail(c, "nothing to change (replace %s qty=N, "
		    "px=P, stop=P or tif=..)", c->cmd->id);
	c->cmd->kind = CMD_REPLACE;
	return 0;
}
