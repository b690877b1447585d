/* src/app/import.c: what comes in from files for the buy-side workflow
 * (see blocks.c): start-of-day positions, trade files and model
 * rebalances.
 *
 * Positions are loaded as they are.  The rows of a trade file and the
 * trades a rebalance works out are staged as orders, each checked by
 * compliance.  Every order of one file or model is first held to the
 * money limit, waiting in the book beside those before it, so that one
 * past the limit stages nothing. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "book.h"
#include "cmd.h"
#include "csv.h"
#include "err.h"
#include "fixed.h"
#include "fx.h"
#include "result.h"
#include "store.h"
#include "exec.h"
#include "exec-part.h"
#include "blocks.h"

/* ---- start-of-day positions ----------------------------------------- */

/* The instrument SYM of a row for account ACCT (NULL: a model's row for
 * every account); NULL with the reason when either is not known. */
static const struct instrument *
row_instrument(struct exec *x, const char *acct, const char *sym,
    struct err *err)
{
	const struct instrument *in = NULL;

	if (acct && !book_account(exec_book_rw(x), acct))
		err_set(err, "unknown account '%s'", acct);
	else if (!(in = book_instrument(exec_book_rw(x), sym)))
		err_set(err, "unknown symbol '%s'", sym);
	return in;
}

static const char *const position_cols[] = { "account", "symbol", "qty",
    "avg_cost" };
static const char *const position_need[] = { "account", "symbol", "qty",
    NULL };

static int
parse_position_row(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	struct exec *x = ctx;
	struct position *p = row;
	const char *acct = csv_get(c, f, n, "account");
	const char *sym = csv_get(c, f, n, "symbol");
	const char *v;
	const struct instrument *in;
	int64_t px = 0;
	bool neg;

	memset(p, 0, sizeof *p);
	if (!(in = row_instrument(x, acct, sym, err)))
		return -1;
	str_copy(p->account, sizeof p->account, acct);
	str_copy(p->symbol, sizeof p->symbol, sym);
	v = csv_get(c, f, n, "qty");
	neg = *v == '-';
	if (qty_parse(neg ? v + 1 : v, &p->qty, err) == -1)
		return -1;
	if (p->qty % in->lot != 0)
		return err_set(err, "%s: quantity %s is not a multiple of lot "
		    "%" PRId64, sym, v, in->lot);
	if (neg)
		p->qty = -p->qty;
	v = csv_get(c, f, n, "avg_cost");
	if (*v && fixed_parse(v, PX_DECIMALS, &px, "average cost", err) == -1)
		return -1;
	if (px < 0)
		return err_set(err, "average cost %s cannot be negative", v);
	if (p->qty != 0 && px == 0)
		return err_set(err, "%s: a position needs its average cost",
		    sym);
	if (money_mul(p->qty, px, in->mult, &p->cost) == -1 ||
	    p->cost > MONEY_MAX || p->cost < -MONEY_MAX) {
		char lim[48];
		return err_set(err, "%s: %s at %s costs more than the limit "
		    "of %s %s a position may have", sym, csv_get(c, f, n,
		    "qty"), v, money_fmt(MONEY_MAX, lim, sizeof lim), in->ccy);
	}
	/* In the account's own currency too, as an order's: its P&L must
	 * convert.  No rate yet holds nothing back (it waits for one). */
	const struct account *a = book_account(exec_book_rw(x), acct);
	if (!exec_base_within(x, a, in->ccy, p->cost, MONEY_MAX)) {
		char lim[48];
		return err_set(err, "%s: %s at %s costs more than the limit "
		    "of %s %s a position of account %s may have", sym,
		    csv_get(c, f, n, "qty"), v, money_fmt(MONEY_MAX, lim,
		    sizeof lim), a->ccy, acct);
	}
	return 0;
}

static const char *
position_key(const void *row)
{
	static char key[POSITION_KEY_MAX];
	const struct position *p = row;

	return position_map_key(key, p->account, p->symbol);
}

static int
put_position_row(void *ctx, const void *row, struct err *err)
{
	struct exec *x = ctx;
	const struct position *in = row;
	struct position *p = book_position(exec_book_rw(x), in->account,
	    in->symbol, true);
	struct position after = *p;

	after.qty = in->qty;
	after.cost = in->cost;
	if (store_load_position(exec_store(x), &after, exec_now(x), err) == -1)
		return exec_store_fail(x, err);
	*p = after;
	exec_hook_after_fill(x, in->account, in->symbol, err);
	return 0;
}

static const struct csv_kind positions_csv = { position_cols, 4,
    position_need, sizeof(struct position), parse_position_row,
    position_key, put_position_row };

int
blocks_cmd_load_positions(struct exec *x, const struct cmd *c,
    struct err *err)
{
	int n;

	if (csv_load(x, c->path, &positions_csv, exec_report, &n,
	    err) == -1)
		return -1;
	if (exec_res(x))
		result_message(exec_res(x), "%d position%s "
		    "loaded", n, n == 1 ? "" : "s");
	return 0;
}

/* ---- staging from files --------------------------------------------- */

/* Orders staged by one import or rebalance, and what compliance said. */
struct staging {
	struct exec *x;
	int	staged, flagged, rejected, warned;
	char	first_rejected[ERR_MSG_MAX];
	char	note[NOTE_MAX];		/* the note of every order staged */
	size_t	ntent;			/* tentative orders in the book */
};

/* Note on S's orders what staged them: VERB and the base name of the
 * file at PATH ("import trades.csv"). */
static void
staging_note(struct staging *s, const char *verb, const char *path)
{
	const char *base = strrchr(path, '/');

	snprintf(s->note, sizeof s->note, "%s %.100s", verb, base ? base + 1 :
	    path);
}

/* The id of tentative order I: no order id can look like it. */
static void
tentative_id(size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "\037staging %zu", i);
}

/* Hold the order C would stage to the money limit, counting the orders
 * of the same file or model before it, which wait in the book meanwhile:
 * every one is checked before the first is staged, so that one past the
 * limit stages nothing. */
static int
tentative_add(struct staging *s, const struct cmd *c, struct err *err)
{
	struct exec *x = s->x;
	const struct instrument *in = book_instrument(exec_book_rw(x), c->sym);
	struct order o;

	memset(&o, 0, sizeof o);
	tentative_id(s->ntent, o.id, sizeof o.id);
	str_copy(o.account, sizeof o.account, c->ord.req.account);
	str_copy(o.symbol, sizeof o.symbol, in ? in->symbol : c->sym);
	o.side = c->ord.req.side;
	o.type = c->ord.req.type;
	o.tif = c->ord.req.tif;
	o.qty = c->ord.req.qty;
	o.limit_px = c->ord.req.limit_px;
	o.stop_px = c->ord.req.stop_px;
	o.status = o.prev_status = ORDER_STAGED;
	if (exec_check_money(x, &o, o.qty, err) == -1)
		return -1;
	book_add_order(exec_book_rw(x), &o);
	s->ntent++;
	return 0;
}

/* Take the tentative orders out of the book again. */
static void
tentative_drop(struct staging *s)
{
	char	id[ORDER_ID_MAX];

	for (size_t i = 0; i < s->ntent; i++) {
		tentative_id(i, id, sizeof id);
		book_drop_order(exec_book_rw(s->x), id);
	}
	s->ntent = 0;
}

/* Stage the order of C, checked by compliance (quietly: the summary
 * says what happened).  -1 only when nothing could be stored. */
static int
stage_one(struct staging *s, struct cmd *c, struct err *err)
{
	struct exec *x = s->x;
	struct result *out = exec_set_res(x, NULL);
	struct err e = { "" };
	int worst = RULE_PASS, rc;

	c->ord.req.stage = true;
	str_copy(c->ord.req.note, sizeof c->ord.req.note, s->note);
	rc = exec_new_order(x, c, true, &worst, NULL, &e);
	(void)exec_set_res(x, out);
	if (rc == -1 && worst != RULE_BLOCK)
		return err_set(err, "%s", e.msg);
	if (worst == RULE_BLOCK) {
		if (s->rejected++ == 0)
			snprintf(s->first_rejected, sizeof s->first_rejected,
			    "%s", e.msg);
	} else if (worst == RULE_REVIEW) {
		s->flagged++;
	} else {
		s->warned += worst == RULE_WARN;
		s->staged++;
	}
	return 0;
}

static int
staging_done(struct staging *s, const char *what, struct err *err)
{
	struct exec *x = s->x;

	if (exec_res(x))
		result_message(exec_res(x), "%s: %d order%s "
		    "staged, %d flagged for review, %d rejected by compliance"
		    "%s", what, s->staged, s->staged == 1 ? "" : "s",
		    s->flagged, s->rejected, s->warned ? " (with warnings)" :
		    "");
	if (s->rejected)
		return err_set(err, "%s: %d order%s rejected by compliance, "
		    "the first: %s", what, s->rejected, s->rejected == 1 ?
		    "" : "s", s->first_rejected);
	return 0;
}

static const char *const trade_cols[] = { "account", "symbol", "side",
    "qty", "limit", "tif" };
static const char *const trade_need[] = { "account", "symbol", "side",
    "qty", NULL };

/* A trade row, checked as the order command would check it. */
static int
parse_trade_row(void *ctx, const struct csv *c, char **f, int n, void *row,
    struct err *err)
{
	struct exec *x = ctx;
	struct cmd *cmd = row;
	struct cmd_order *co = &cmd->ord;
	const char *acct = csv_get(c, f, n, "account");
	const char *sym = csv_get(c, f, n, "symbol");
	const char *v;
	const struct instrument *in;

	memset(cmd, 0, sizeof *cmd);
	cmd->kind = CMD_ORDER;
	if (!(in = row_instrument(x, acct, sym, err)))
		return -1;
	str_copy(co->req.account, sizeof co->req.account, acct);
	str_copy(cmd->sym, sizeof cmd->sym, sym);
	v = csv_get(c, f, n, "side");
	if (order_side_parse(v, &co->req.side) == -1)
		return err_set(err, "'%s' is not a side (buy, sell, short or "
		    "cover)", v);
	if (qty_parse(csv_get(c, f, n, "qty"), &co->req.qty, err) == -1 ||
	    instrument_check_qty(in, co->req.qty, err) == -1)
		return -1;
	co->req.type = OTYPE_MARKET;
	if (*(v = csv_get(c, f, n, "limit"))) {
		if (fixed_parse(v, PX_DECIMALS, &co->req.limit_px, "limit", err) ==
		    -1 || instrument_check_price(in, co->req.limit_px, "limit",
		    err) == -1)
			return -1;
		co->req.type = OTYPE_LIMIT;
	}
	co->req.tif = TIF_DAY;
	if (*(v = csv_get(c, f, n, "tif")) &&
	    order_tif_parse(v, &co->req.tif, &co->req.gtd_date, err) == -1)
		return -1;
	if (co->req.tif == TIF_GTD && co->req.gtd_date < exec_date(x))
		return err_set(err, "tif=%s: that date is already past", v);
	return 0;
}

static int
put_trade_row(void *ctx, const void *row, struct err *err)
{
	struct staging *s = ctx;

	/* Every line was good and held to the limit: stage them now. */
	tentative_drop(s);
	return stage_one(s, (struct cmd *)row, err);
}

static int
parse_trade_row_s(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	struct staging *s = ctx;

	if (parse_trade_row(s->x, c, f, n, row, err) == -1)
		return -1;
	return tentative_add(s, row, err);
}

/* Report a bad line for a loader whose context starts with the exec. */
static void
report_first(void *ctx, const char *msg)
{
	exec_report(*(struct exec **)ctx, msg);
}

static const struct csv_kind trades_csv = { trade_cols, 6, trade_need,
    sizeof(struct cmd), parse_trade_row_s, NULL, put_trade_row };

int
blocks_cmd_import_trades(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct staging s = { .x = x };
	char what[CMD_PATH_MAX + 16];
	int n;

	staging_note(&s, "import", c->path);
	if (csv_load(&s, c->path, &trades_csv, report_first, &n, err) == -1) {
		tentative_drop(&s);
		return -1;
	}
	str_copy(what, sizeof what, c->path);
	return staging_done(&s, what, err);
}

/* ---- rebalance ------------------------------------------------------ */

struct model_row {
	char	account[ACCOUNT_MAX];	/* "" = every account */
	char	symbol[SYMBOL_MAX];
	int64_t	weight;			/* percent, PX_SCALE */
};

static const char *const model_cols[] = { "account", "symbol", "weight" };
static const char *const model_need[] = { "symbol", "weight", NULL };

static int
parse_model_row(void *ctx, const struct csv *c, char **f, int n, void *row,
    struct err *err)
{
	struct exec *x = ctx;
	struct model_row *r = row;
	const char *acct = csv_get(c, f, n, "account");
	const char *sym = csv_get(c, f, n, "symbol");
	const char *w = csv_get(c, f, n, "weight");

	memset(r, 0, sizeof *r);
	if (!row_instrument(x, *acct ? acct : NULL, sym, err))
		return -1;
	if (fixed_parse(w, PX_DECIMALS, &r->weight, "weight", err) == -1)
		return -1;
	if (r->weight < 0 || r->weight > 100 * PX_SCALE)
		return err_set(err, "weight %s is not a percentage of NAV "
		    "(0 to 100)", w);
	str_copy(r->account, sizeof r->account, acct);
	str_copy(r->symbol, sizeof r->symbol, sym);
	return 0;
}

static const char *
model_key(const void *row)
{
	static char key[POSITION_KEY_MAX];
	const struct model_row *r = row;

	return position_map_key(key, r->account, r->symbol);
}

struct model {
	struct model_row *rows;
	size_t	n, cap;
};

static int
keep_model_row(void *ctx, const void *row, struct err *err)
{
	struct model *m = ctx;

	(void)err;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->rows = xrealloc(m->rows, m->cap * sizeof *m->rows);
	}
	m->rows[m->n++] = *(const struct model_row *)row;
	return 0;
}

/* One trade of a rebalance, before it is staged. */
struct rb_trade {
	char	account[ACCOUNT_MAX];
	char	symbol[SYMBOL_MAX];
	int64_t	delta;		/* signed units */
};

/* Append the trade of DELTA units of SYM for ACCT. */
static void
add_trade(struct rb_trade **t, size_t *nt, size_t *cap, const char *acct,
    const char *sym, int64_t delta)
{
	if (*nt == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*t = xrealloc(*t, *cap * sizeof **t);
	}
	str_copy((*t)[*nt].account, ACCOUNT_MAX, acct);
	str_copy((*t)[*nt].symbol, SYMBOL_MAX, sym);
	(*t)[(*nt)++].delta = delta;
}

/* Whether the model M holds rows for ACCT of its own. */
static bool
model_names(const struct model *m, const char *acct)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->rows[i].account, acct) == 0)
			return true;
	return false;
}

static bool
holds_any(struct exec *x, const char *acct)
{
	size_t pos = 0;
	struct position *p;

	while ((p = book_next_position(exec_book_rw(x), &pos)))
		if (p->qty != 0 && strcmp(p->account, acct) == 0)
			return true;
	return false;
}

/* The target of ACCT in IN at WEIGHT: err when it cannot be priced. */
static int
target_of(struct exec *x, const struct account *a,
    const struct instrument *in, int64_t weight, int64_t *target,
    struct err *err)
{
	const struct book_quote *bq = book_quote(exec_book_rw(x), in->symbol);
	int64_t nav;

	if (weight == 0) {
		*target = 0;
		return 0;
	}
	if (!bq || bq->mark <= 0)
		return err_set(err, "%s has no mark: quote or mark it first",
		    in->symbol);
	if (fx_convert(book_fx(exec_book_rw(x)), a->nav, a->ccy, in->ccy, &nav,
	    err) == -1)
		return err_prefix(err, "account %s: ", a->id);
	*target = rebalance_target(weight, nav, bq->mark, in->mult, in->lot);
	if (*target > QTY_MAX) {
		char w[48], n[48], mk[48];
		return err_set(err, "account %s: %s%% of its NAV of %s %s in "
		    "%s at the mark %s is a target of more than %lld units, "
		    "the most an order may have", a->id, fixed_fmt(weight,
		    PX_DECIMALS, 0, w, sizeof w), money_fmt(nav, n, sizeof n),
		    in->ccy, in->symbol, fixed_fmt(bq->mark, PX_DECIMALS, 2,
		    mk, sizeof mk), (long long)QTY_MAX);
	}
	return 0;
}

/* The trades that bring ACCT to the model rows that apply to it. */
static int
rebalance_account(struct exec *x, const struct account *a,
    const struct model *m, bool own, struct rb_trade **t, size_t *nt,
    size_t *cap, struct err *err)
{
	struct book *bk = exec_book_rw(x);
	size_t pos = 0;
	struct position *p;

	/* Symbols in the model. */
	for (size_t i = 0; i < m->n; i++) {
		const struct model_row *r = &m->rows[i];
		if (own ? strcmp(r->account, a->id) != 0 : r->account[0])
			continue;
		const struct instrument *in = book_instrument(bk, r->symbol);
		const struct position *hp = book_position(bk, a->id, r->symbol,
		    false);
		int64_t target = 0;
		if (target_of(x, a, in, r->weight, &target, err) == -1)
			return -1;
		int64_t delta;
		if (__builtin_sub_overflow(target, hp ? hp->qty : 0, &delta))
			return err_set(err, "account %s: %s: the trade to the "
			    "target of %lld from the position of %lld is past "
			    "64 bits", a->id, r->symbol, (long long)target,
			    (long long)hp->qty);
		if (delta != 0)
			add_trade(t, nt, cap, a->id, r->symbol, delta);
	}
	/* Held, but not in the model: out. */
	while ((p = book_next_position(bk, &pos))) {
		bool in_model = false;
		if (p->qty == 0 || strcmp(p->account, a->id) != 0)
			continue;
		for (size_t i = 0; i < m->n && !in_model; i++)
			in_model = strcmp(m->rows[i].symbol, p->symbol) == 0 &&
			    (own ? strcmp(m->rows[i].account, a->id) == 0 :
			    m->rows[i].account[0] == '\0');
		if (!in_model)
			add_trade(t, nt, cap, a->id, p->symbol, -p->qty);
	}
	return 0;
}

/* Parse with the exec, keep into the model. */
struct model_load {
	struct exec *x;
	struct model m;
};

static int
parse_model_row_l(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	return parse_model_row(((struct model_load *)ctx)->x, c, f, n, row,
	    err);
}

static int
keep_model_row_l(void *ctx, const void *row, struct err *err)
{
	return keep_model_row(&((struct model_load *)ctx)->m, row, err);
}

static int
id_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
blocks_cmd_rebalance(struct exec *x, const struct cmd *c,
    struct err *err)
{
	static const struct csv_kind k = { model_cols, 3, model_need,
	    sizeof(struct model_row), parse_model_row_l, model_key,
	    keep_model_row_l };
	struct model_load ml = { x, { NULL, 0, 0 } };
	struct model *m = &ml.m;
	struct rb_trade *t = NULL;
	size_t nt = 0, cap = 0, pos = 0, na = 0;
	const struct account *a;
	const char **accts = NULL;
	struct staging s = { .x = x };
	char what[CMD_PATH_MAX + 16];
	bool named = false;
	int n, rc = -1;

	if (c->filter.acct[0] && !book_account(exec_book_rw(x), c->filter.acct))
		return err_set(err, "unknown account '%s'", c->filter.acct);
	if (csv_load(&ml, c->path, &k, report_first, &n, err) == -1)
		goto out;
	for (size_t i = 0; i < m->n; i++)
		named |= m->rows[i].account[0] != '\0';
	/* The accounts: the one asked for; else those the file names;
	 * else every account that holds something. */
	accts = xcalloc(book_account_count(exec_book_rw(x)) + 1, sizeof *accts);
	while ((a = book_next_account(exec_book_rw(x), &pos))) {
		if (c->filter.acct[0] ? strcmp(a->id, c->filter.acct) == 0 :
		    named ? model_names(m, a->id) : holds_any(x, a->id))
			accts[na++] = a->id;
	}
	qsort(accts, na, sizeof *accts, id_cmp);
	/* Every target is priced before anything is staged. */
	for (size_t i = 0; i < na; i++) {
		a = book_account(exec_book_rw(x), accts[i]);
		if (rebalance_account(x, a, m, model_names(m, a->id), &t, &nt,
		    &cap, err) == -1)
			goto out;
	}
	staging_note(&s, "rebalance", c->path);
	/* Sells first: they raise the cash the buys spend.  The first round
	 * holds every order to the money limit, the second stages them. */
	for (int round = 0; round < 2; round++) {
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < nt; i++) {
				struct cmd oc;
				if ((pass == 0) != (t[i].delta < 0))
					continue;
				struct order_req rq = { .side = t[i].delta <
				    0 ? SIDE_SELL : SIDE_BUY, .qty =
				    t[i].delta < 0 ? -t[i].delta : t[i].delta,
				    .type = OTYPE_MARKET, .tif = TIF_DAY };
				str_copy(rq.account, sizeof rq.account,
				    t[i].account);
				str_copy(rq.symbol, sizeof rq.symbol,
				    t[i].symbol);
				cmd_order_of(&oc, CMD_ORDER, &rq);
				if ((round == 0 ? tentative_add(&s, &oc, err) :
				    stage_one(&s, &oc, err)) == -1) {
					tentative_drop(&s);
					goto out;
				}
			}
		tentative_drop(&s);
	}
	snprintf(what, sizeof what, "rebalance to %.900s (%zu account%s)",
	    c->path,
	    na, na == 1 ? "" : "s");
	rc = staging_done(&s, what, err);
out:
	free(accts);
	free(t);
	free(m->rows);
	return rc;
}

