/* src/cmd/parse-block.c: the parsers of blocks, allocation and model
 * trades: import trades, rebalance, block and alloc, with the allocation
 * method and the weights= list of alloc. */
#include "config.h"
#include "cmd.h"

#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "fixed.h"
#include "parse-int.h"

/* import trades FILE: the runtime reads the file into staged orders. */
int
parse_import(struct pctx *c)
{
	const struct word *f;

	if (parse_sub_command(c, CMD_IMPORT_TRADES, "import trades "
	    "FILE.csv") == -1)
		return -1;
	if ((f = parse_pos_at(c, 2)) == NULL || f->text[0] == '\0')
		return parse_fail(c, "which file? (import trades FILE.csv)");
	if (parse_path(c, f->text, c->cmd->path) == -1)
		return -1;
	c->cmd->kind = CMD_IMPORT_TRADES;
	return parse_no_more(c, 3);
}

/* rebalance model=FILE [acct=..] */
int
parse_rebalance(struct pctx *c)
{
	static const char *const keys[] = { "model", "acct", NULL };
	struct opts o;
	const char *v;

	parse_opts_init(&o, keys);
	if (parse_opts_words(c, 1, &o, NULL, "rebalance model=FILE.csv "
	    "[acct=..]") == -1)
		return -1;
	if ((v = parse_opt_get(&o, "model")) == NULL)
		return parse_fail(c, "model= is required (rebalance "
		    "model=FILE.csv [acct=..])");
	if (parse_path(c, v, c->cmd->path) == -1)
		return -1;
	if ((v = parse_opt_get(&o, "acct")) != NULL &&
	    parse_ident(c, v, c->cmd->filter.acct, sizeof c->cmd->filter.acct,
	    "account") == -1)
		return -1;
	c->cmd->kind = CMD_REBALANCE;
	return 0;
}

/* block ORDER_ID ORDER_ID... [id=BLOCK_ID] | block auto [sym=..].
 *
 * "auto" right after "block" always means block auto, and it is refused
 * among the orders too: an order literally named "auto" cannot be put in
 * a block by hand (block auto, or rename the order with id= when staging
 * it).  One order makes a block of one; the usual block has several. */
int
parse_block(struct pctx *c)
{
	static const char *const auto_keys[] = { "sym", NULL };
	static const char *const keys[] = { "id", NULL };
	const struct word *w;
	struct cmd *cmd = c->cmd;
	struct opts o;
	const char *v;
	size_t	k;
	int	i;

	if (c->hit == CMD_BLOCK_AUTO) {
		parse_set_what(c, 0, 2);
		if (parse_opts_rest(c, 2, &o, auto_keys) == -1 ||
		    parse_filter(c, &o, &cmd->filter) == -1)
			return -1;
		cmd->kind = CMD_BLOCK_AUTO;
		return 0;
	}
	parse_opts_init(&o, keys);
	for (i = 1; (w = parse_word_at(c, i)) != NULL; i++) {
		if (w->eq >= 0) {
			if (parse_opt_take(c, &o, w) == -1)
				return -1;
			continue;
		}
		if (strcasecmp(w->text, "auto") == 0)
			return parse_fail(c, "'%s' cannot be an order id here; "
			    "block auto [sym=..] stands alone", w->text);
		if (cmd->nmembers == CMD_BLOCK_MAX)
			return parse_fail(c, "too many orders at '%s' (at most "
			    "%d in one block)", w->text, CMD_BLOCK_MAX);
		if (parse_ident(c, w->text, cmd->members[cmd->nmembers],
		    sizeof cmd->members[0], "order id") == -1)
			return -1;
		for (k = 0; k < cmd->nmembers; k++)
			if (strcmp(cmd->members[k], w->text) == 0)
				return parse_fail(c, "order '%s' is named "
				    "twice", w->text);
		cmd->nmembers++;
	}
	if (cmd->nmembers == 0)
		return parse_fail(c, "which orders? (block ORDER_ID "
		    "ORDER_ID... [id=BLOCK_ID] or block auto [sym=..])");
	if ((v = parse_opt_get(&o, "id")) != NULL &&
	    parse_ident(c, v, cmd->id, sizeof cmd->id, "block id") == -1)
		return -1;
	cmd->kind = CMD_BLOCK;
	return 0;
}

/* Parse an allocation method (prorata, even or weights; any case).  Kept
 * here rather than calling alloc_method_parse() so that the parser
 * depends on no code of the allocation module. */
static int
get_alloc_method(struct pctx *c, const char *s, enum alloc_method *m)
{
	if (strcasecmp(s, "prorata") == 0)
		*m = ALLOC_PRORATA;
	else if (strcasecmp(s, "even") == 0)
		*m = ALLOC_EVEN;
	else if (strcasecmp(s, "weights") == 0)
		*m = ALLOC_WEIGHTS;
	else
		return parse_fail(c, "'%s' is not an allocation method "
		    "(prorata, even or weights)", s);
	return 0;
}

/* Weights are written with at most as many decimals as ALLOC_W_SCALE
 * keeps. */
#define WEIGHT_DECIMALS	6
_Static_assert(ALLOC_W_SCALE == 1000000LL,
    "WEIGHT_DECIMALS must match ALLOC_W_SCALE");

/* The largest weight one account may have: the sum of CMD_WEIGHTS_MAX
 * of them, scaled by ALLOC_W_SCALE, stays far inside 64 bits, and a
 * quantity times that sum inside 128. */
#define WEIGHT_MAX	1000000000LL

/* Parse weights=ACCT:W,ACCT:W,... into A: each account once, each weight
 * above zero with at most 6 decimals.  An account may hold ':' (the last
 * one splits), never ','. */
static int
get_weights(struct pctx *c, const char *s, struct cmd_alloc *a)
{
	char	buf[LINE_MAX_LEN], *entry, *next, *colon;
	size_t	n = strlen(s), k;
	int64_t	w;

	if (n >= sizeof buf)
		return parse_fail(c, "weights= is too long");
	memcpy(buf, s, n + 1);
	a->nweights = 0;
	for (entry = buf; entry != NULL; entry = next) {
		if ((next = strchr(entry, ',')) != NULL)
			*next++ = '\0';
		if (*entry == '\0')
			return parse_fail(c, "weights=%s has an empty entry "
			    "(weights=ACCT:W,ACCT:W,...)", s);
		if ((colon = strrchr(entry, ':')) == NULL)
			return parse_fail(c, "weights= entry '%s' is not "
			    "ACCOUNT:WEIGHT (like %s:2.5)", entry, entry);
		*colon = '\0';
		if (*entry == '\0')
			return parse_fail(c, "weights= entry ':%s' has no "
			    "account (ACCOUNT:WEIGHT, like F1:%s)", colon + 1,
			    colon + 1);
		if (colon[1] == '\0')
			return parse_fail(c, "weights= entry '%s:' has no "
			    "weight (ACCOUNT:WEIGHT, like %s:2.5)", entry,
			    entry);
		if (a->nweights == CMD_WEIGHTS_MAX)
			return parse_fail(c, "weights= names too many accounts "
			    "(at most %d)", CMD_WEIGHTS_MAX);
		if (parse_ident(c, entry, a->wacct[a->nweights],
		    sizeof a->wacct[0], "account") == -1)
			return -1;
		for (k = 0; k < a->nweights; k++)
			if (strcmp(a->wacct[k], entry) == 0)
				return parse_fail(c, "account '%s' is given "
				    "twice in weights=", entry);
		if (fixed_parse(colon + 1, WEIGHT_DECIMALS, &w, "weight",
		    c->err) == -1)
			return parse_fail_core(c);
		if (w <= 0)
			return parse_fail(c, "weight %s for %s must be above "
			    "zero", colon + 1, entry);
		if (w > WEIGHT_MAX * ALLOC_W_SCALE)
			return parse_fail(c, "weight %s for %s is too large "
			    "(at most %lld)", colon + 1, entry,
			    (long long)WEIGHT_MAX);
		a->weight[a->nweights++] = w;
	}
	return 0;
}

/* alloc BLOCK_ID [method=prorata|even|weights] [weights=ACCT:W,...]
 * [lot=N] [preview]; preview may stand anywhere after the block id. */
int
parse_alloc(struct pctx *c)
{
	static const char *const keys[] = { "method", "weights", "lot",
	    NULL };
	struct cmd_alloc *a = &c->cmd->alloc;
	const struct word *id = parse_pos_at(c, 1), *w;
	struct opts o;
	const char *v;
	int	i;

	if (id == NULL)
		return parse_fail(c, "which block? (alloc BLOCK_ID "
		    "[method=prorata|even|weights] [weights=ACCT:W,...] "
		    "[lot=N] [preview])");
	bool	all = c->hit == CMD_ALLOC_ALL;
	if (!all && parse_ident(c, id->text, c->cmd->id, sizeof c->cmd->id,
	    "block id") == -1)
		return -1;
	parse_opts_init(&o, keys);
	for (i = 2; (w = parse_word_at(c, i)) != NULL; i++) {
		if (w->eq >= 0) {
			if (parse_opt_take(c, &o, w) == -1)
				return -1;
		} else if (strcasecmp(w->text, "preview") != 0) {
			return parse_fail(c, "unexpected word '%s' (alloc %s "
			    "[method=..] [weights=..] [lot=N] [preview])",
			    w->text, id->text);
		} else if (a->preview) {
			return parse_fail(c, "'%s' is given twice", w->text);
		} else {
			a->preview = true;
		}
	}
	a->method = ALLOC_PRORATA;
	if ((v = parse_opt_get(&o, "method")) != NULL &&
	    get_alloc_method(c, v, &a->method) == -1)
		return -1;
	if (all && (parse_opt_get(&o, "weights") != NULL ||
	    a->method == ALLOC_WEIGHTS))
		return parse_fail(c, "weights are for one block at a time "
		    "(alloc BLOCK_ID weights=..)");
	if ((v = parse_opt_get(&o, "weights")) != NULL) {
		/* weights= alone says method=weights. */
		if (parse_opt_get(&o, "method") == NULL)
			a->method = ALLOC_WEIGHTS;
		else if (a->method != ALLOC_WEIGHTS)
			return parse_fail(c, "weights= goes with "
			    "method=weights, not method=%s",
			    parse_opt_get(&o, "method"));
		if (get_weights(c, v, a) == -1)
			return -1;
	} else if (a->method == ALLOC_WEIGHTS) {
		return parse_fail(c, "method=weights needs weights=ACCT:W,... "
		    "(like weights=F1:2,F2:1)");
	}
	if ((v = parse_opt_get(&o, "lot")) != NULL) {
		if (parse_qty(c, v, &a->lot) == -1)
			return -1;
		if (a->lot <= 0)
			return parse_fail(c, "lot %s must be above zero", v);
	}
	c->cmd->kind = all ? CMD_ALLOC_ALL : CMD_ALLOC;
	return 0;
}
