/* src/cmd/parse-refdata.c: the parsers of reference data, the market and
 * the clock: clock set|advance, instrument add, account add, load, fx,
 * quote and mark.  An instrument or an account is built here with its
 * core init and the options given are marked in the command's HAVE_
 * bits, so that the engine can tell a default from a value typed. */
#include "config.h"
#include "cmd.h"

#include <ctype.h>
#include <string.h>

#include "account.h"
#include "fixed.h"
#include "instrument.h"
#include "quote.h"
#include "parse-int.h"

/* Copy a currency code S ("USD") into DST. */
static int
get_ccy(struct pctx *c, const char *s, char *dst)
{
	if (!ccy_valid(s))
		return parse_fail(c, "'%s' is not a currency code (three "
		    "capital letters, like USD)", s);
	memcpy(dst, s, CCY_MAX);
	return 0;
}

/* Parse an amount of money S (k/m/bn suffixes) at MONEY_DECIMALS. */
static int
get_money(struct pctx *c, const char *s, int64_t *out, const char *what)
{
	struct fixed_dec d;

	if (!parse_decimal_word(s, true, &d))
		return parse_fail(c, "'%s' is not an amount (like 250000, 50m "
		    "or 1.2bn)", s);
	if (fixed_dec_value(&d, MONEY_DECIMALS, out) != FIXED_FIT)
		return parse_fail(c, "%s %s has more than %d decimals or is "
		    "too large", what, s, MONEY_DECIMALS);
	return 0;
}

/* clock set TIME | clock advance DURATION */
int
parse_clock(struct pctx *c)
{
	const struct word *sub = parse_pos_at(c, 1), *v;

	if (sub == NULL)
		return parse_fail(c, "set or advance? (clock set "
		    "2026-01-05T09:30:00, clock advance 5m)");
	parse_set_what(c, 0, 2);
	if (c->hit == CMD_CLOCK_SET) {
		if ((v = parse_pos_at(c, 2)) == NULL)
			return parse_fail(c, "to what time? (clock set "
			    "2026-01-05T09:30:00)");
		if (cmd_time_parse(v->text, &c->cmd->t, c->err) == -1)
			return parse_fail_core(c);
		c->cmd->kind = CMD_CLOCK_SET;
		return parse_no_more(c, 3);
	}
	if (c->hit == CMD_CLOCK_ADVANCE) {
		if ((v = parse_pos_at(c, 2)) == NULL)
			return parse_fail(c, "by how long? (clock advance 5m)");
		if (duration_parse(v->text, &c->cmd->t, c->err) == -1)
			return parse_fail_core(c);
		c->cmd->kind = CMD_CLOCK_ADVANCE;
		return parse_no_more(c, 3);
	}
	parse_set_what(c, 0, 1);
	return parse_fail(c, "'%s' is not set or advance", sub->text);
}

/* instrument add SYMBOL class=.. [ccy=] [tick=] [lot=] [mult=] [issuer=]
 * [sector=] [underlying=] */
int
parse_instrument(struct pctx *c)
{
	static const char *const keys[] = { "class", "ccy", "tick", "lot",
	    "mult", "issuer", "sector", "underlying", NULL };
	struct instrument *in = &c->cmd->inst;
	enum asset_class cls;
	struct opts o;
	char	symbol[SYMBOL_MAX], ccy[CCY_MAX] = "USD";
	const char *v;
	int64_t	n;

	if (parse_sub_command(c, CMD_INSTRUMENT_ADD, "instrument add SYMBOL "
	    "class=equity ...") == -1 ||
	    parse_ident_at(c, 2, symbol, sizeof symbol, "symbol",
	    "which symbol? (instrument add SYMBOL class=equity ...)") == -1 ||
	    parse_opts_rest(c, 3, &o, keys) == -1)
		return -1;
	if ((v = parse_opt_get(&o, "class")) == NULL)
		return parse_fail(c, "class= is required (equity, bond, fx, "
		    "future or option)");
	if (asset_class_parse(v, &cls, c->err) == -1)
		return parse_fail_core(c);
	if ((v = parse_opt_get(&o, "ccy")) != NULL) {
		if (get_ccy(c, v, ccy) == -1)
			return -1;
		c->cmd->have |= HAVE_CCY;
	}
	if (instrument_init(in, symbol, cls, ccy, c->err) == -1)
		return parse_fail_core(c);
	if ((v = parse_opt_get(&o, "tick")) != NULL) {
		if (parse_px(c, v, &in->tick, "number", "tick") == -1)
			return -1;
		c->cmd->have |= HAVE_TICK;
	}
	if ((v = parse_opt_get(&o, "lot")) != NULL) {
		if (parse_qty(c, v, &n) == -1)
			return -1;
		if (n <= 0)
			return parse_fail(c, "lot %s must be above zero", v);
		in->lot = n;
		c->cmd->have |= HAVE_LOT;
	}
	if ((v = parse_opt_get(&o, "mult")) != NULL) {
		if (parse_px(c, v, &in->mult, "number", "multiplier") == -1)
			return -1;
		c->cmd->have |= HAVE_MULT;
	}
	if ((v = parse_opt_get(&o, "issuer")) != NULL) {
		if (parse_text(c, v, in->issuer, sizeof in->issuer,
		    "issuer") == -1)
			return -1;
		c->cmd->have |= HAVE_ISSUER;
	}
	if ((v = parse_opt_get(&o, "sector")) != NULL) {
		if (parse_text(c, v, in->sector, sizeof in->sector,
		    "sector") == -1)
			return -1;
		c->cmd->have |= HAVE_SECTOR;
	}
	if ((v = parse_opt_get(&o, "underlying")) != NULL) {
		if (parse_ident(c, v, in->underlying, sizeof in->underlying,
		    "underlying symbol") == -1)
			return -1;
		c->cmd->have |= HAVE_UNDERLYING;
	}
	c->cmd->kind = CMD_INSTRUMENT_ADD;
	return 0;
}

/* account add ID [name=] [ccy=] [nav=] [cash=] */
int
parse_account(struct pctx *c)
{
	static const char *const keys[] = { "name", "ccy", "nav", "cash",
	    NULL };
	struct account *a = &c->cmd->acct;
	char	ident[ACCOUNT_MAX];
	struct opts o;
	const char *v;

	if (parse_sub_command(c, CMD_ACCOUNT_ADD, "account add ID [name=..] "
	    "[ccy=USD] [nav=..] [cash=..]") == -1 ||
	    parse_ident_at(c, 2, ident, sizeof ident, "account",
	    "which account? (account add ID [name=..] [ccy=USD] [nav=..] "
	    "[cash=..])") == -1 ||
	    parse_opts_rest(c, 3, &o, keys) == -1)
		return -1;
	if (account_init(a, ident, c->err) == -1)
		return parse_fail_core(c);
	if ((v = parse_opt_get(&o, "name")) != NULL) {
		if (parse_text(c, v, a->name, sizeof a->name, "name") == -1)
			return -1;
		c->cmd->have |= HAVE_NAME;
	}
	if ((v = parse_opt_get(&o, "ccy")) != NULL) {
		if (get_ccy(c, v, a->ccy) == -1)
			return -1;
		c->cmd->have |= HAVE_CCY;
	}
	if ((v = parse_opt_get(&o, "nav")) != NULL) {
		if (get_money(c, v, &a->nav, "nav") == -1)
			return -1;
		if (a->nav < 0)
			return parse_fail(c, "nav %s is negative", v);
		c->cmd->have |= HAVE_NAV;
	}
	if ((v = parse_opt_get(&o, "cash")) != NULL) {
		if (get_money(c, v, &a->cash, "cash") == -1)
			return -1;
		c->cmd->have |= HAVE_CASH;
	}
	c->cmd->kind = CMD_ACCOUNT_ADD;
	return 0;
}

/* load instruments|accounts|positions|rules FILE.  The runtime reads the
 * file (positions: account,symbol,qty,avg_cost); only its name is here. */
int
parse_load(struct pctx *c)
{
	const struct word *sub = parse_pos_at(c, 1), *f;

	if (parse_sub_word(c, "load instruments FILE, load accounts FILE, load "
	    "positions FILE, load rules FILE") == -1)
		return -1;
	if (c->hit == CMD_LOAD_INSTRUMENTS || c->hit == CMD_LOAD_ACCOUNTS ||
	    c->hit == CMD_LOAD_POSITIONS || c->hit == CMD_LOAD_RULES)
		c->cmd->kind = c->hit;
	else {
		parse_set_what(c, 0, 1);
		return parse_fail(c, "'%s' is not instruments, accounts, "
		    "positions or rules", sub->text);
	}
	if ((f = parse_pos_at(c, 2)) == NULL || f->text[0] == '\0')
		return parse_fail(c, "which file? (%s FILE)", c->what);
	if (parse_path(c, f->text, c->cmd->path) == -1)
		return -1;
	return parse_no_more(c, 3);
}

/* fx PAIR RATE */
int
parse_fx(struct pctx *c)
{
	const struct word *pair = parse_pos_at(c, 1),
	    *rate = parse_pos_at(c, 2);
	int	i;

	if (pair == NULL)
		return parse_fail(c, "which pair? (fx EURUSD 1.0850)");
	for (i = 0; pair->text[i] != '\0'; i++)
		if (!isupper((unsigned char)pair->text[i]))
			break;
	if (i != 6 || pair->text[6] != '\0')
		return parse_fail(c, "'%s' is not a currency pair (six capital "
		    "letters, like EURUSD)", pair->text);
	if (rate == NULL)
		return parse_fail(c, "at what rate? (fx %s 1.0850)",
		    pair->text);
	if (parse_px(c, rate->text, &c->cmd->px, "rate", "rate") == -1)
		return -1;
	memcpy(c->cmd->sym, pair->text, 7);
	c->cmd->kind = CMD_FX;
	return parse_no_more(c, 3);
}

/* quote SYMBOL BID ASK [bidsz=N] [asksz=N] */
int
parse_quote(struct pctx *c)
{
	static const char *const keys[] = { "bidsz", "asksz", NULL };
	const struct word *bid = parse_pos_at(c, 2), *ask = parse_pos_at(c, 3);
	struct cmd *cmd = c->cmd;
	struct opts o;
	const char *v;

	if (parse_ident_at(c, 1, cmd->sym, sizeof cmd->sym, "symbol",
	    "which symbol? (quote SYMBOL BID ASK)") == -1)
		return -1;
	if (bid == NULL || ask == NULL)
		return parse_fail(c, "a bid and an ask are needed (quote %s "
		    "BID ASK)", cmd->sym);
	if (parse_px(c, bid->text, &cmd->bid, "price", "bid") == -1 ||
	    parse_px(c, ask->text, &cmd->ask, "price", "ask") == -1)
		return -1;
	if (cmd->bid > cmd->ask)
		return parse_fail(c, "crossed quote: bid %s is above ask %s",
		    bid->text, ask->text);
	if (parse_opts_rest(c, 4, &o, keys) == -1)
		return -1;
	cmd->bidsz = cmd->asksz = QUOTE_SIZE_UNLIMITED;
	if ((v = parse_opt_get(&o, "bidsz")) != NULL) {
		if (parse_qty(c, v, &cmd->bidsz) == -1)
			return -1;
		if (cmd->bidsz < 0)
			return parse_fail(c, "bidsz=%s is negative", v);
	}
	if ((v = parse_opt_get(&o, "asksz")) != NULL) {
		if (parse_qty(c, v, &cmd->asksz) == -1)
			return -1;
		if (cmd->asksz < 0)
			return parse_fail(c, "asksz=%s is negative", v);
	}
	cmd->kind = CMD_QUOTE;
	return 0;
}

/* mark SYMBOL PRICE */
int
parse_mark(struct pctx *c)
{
	const struct word *px = parse_pos_at(c, 2);

	if (parse_ident_at(c, 1, c->cmd->sym, sizeof c->cmd->sym, "symbol",
	    "which symbol? (mark SYMBOL PRICE)") == -1)
		return -1;
	if (px == NULL)
		return parse_fail(c, "at what price? (mark %s PRICE)",
		    c->cmd->sym);
	if (parse_px(c, px->text, &c->cmd->px, "price", "price") == -1)
		return -1;
	c->cmd->kind = CMD_MARK;
	return parse_no_more(c, 3);
}
