/* src/app/reports.c: the reports of the buy-side workflow (see
 * blocks.c): confirmations, one per account and execution, and the day's
 * summary of orders, blocks, fill rate and notional. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "book.h"
#include "calendar.h"
#include "cmd.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "fx.h"
#include "paths.h"
#include "result.h"
#include "sbuf.h"
#include "store.h"
#include "exec.h"
#include "exec-part.h"
#include "blocks.h"
#include "blocks-int.h"

/* ---- confirmations -------------------------------------------------- */

struct confirms {
	struct exec *x;
	struct sbuf *file;		/* out=FILE: its text (else NULL) */
	bool	json;			/* the file is JSON lines */
	int	n;
	const struct order *o;
	int	symw;			/* the widest symbol shown */
	bool	measure;		/* a first pass: only measure */
};

static int
confirm_exec(void *ctx, const struct store_exec *e)
{
	struct confirms *cf = ctx;
	const struct instrument *in = book_instrument(exec_book_rw(cf->x),
	    e->symbol);
	const struct account *a = book_account(exec_book_rw(cf->x), e->account);
	char td[16], sd[16], q[24], p[32], g[32], fee[32], net[32];
	int32_t trade, settle;
	int64_t gross, fees = 0;

	if (e->busted)
		return 0;
	if (cf->measure) {
		cf->symw = format_symbol_width(cf->symw, e->symbol);
		return 0;
	}
	trade = exec_date_of(e->ts);
	settle = settle_date(exec_calendar(cf->x), trade,
	    in ? settle_days(in) : 2);
	calendar_date_fmt(trade, td, sizeof td);
	calendar_date_fmt(settle, sd, sizeof sd);
	gross = money_of(e->qty, e->px, in ? in->mult : PX_SCALE);
	snprintf(q, sizeof q, "%" PRId64, e->qty);
	format_px(e->px, p, sizeof p);
	format_money(gross, g, sizeof g);
	format_money(fees, fee, sizeof fee);
	/* A buyer pays the fees on top, a seller has them taken off. */
	format_money(order_side_sign(e->side) > 0 ? gross + fees : gross - fees,
	    net, sizeof net);
	struct format_field f[] = {
		{ "account", e->account, 12, false, false },
		{ "trade_date", td, 11, false, false },
		{ "settle_date", sd, 11, false, false },
		{ "side", order_side_name(e->side), 6, false, false },
		{ "qty", q, 12, true, false },
		{ "symbol", e->symbol, format_symbol_width(cf->symw, e->symbol),
		    false, false },
		{ "px", p, 14, true, false },
		{ "gross", g, 16, true, false },
		{ "fees", fee, 8, true, false },
		{ "net", net, 16, true, false },
		{ "ccy", in ? in->ccy : "", 4, false, false },
		{ "order", e->order_id, 10, false, false },
		{ "exec_id", e->exec_id, 0, false, false },
		{ "account_name", a ? a->name : "", 0, false, true },
	};
	if (cf->n++ == 0) {
		struct format_field h[13];
		static const char *const names[] = { "ACCOUNT", "TRADE DATE",
		    "SETTLE", "SIDE", "QTY", "SYMBOL", "PX", "GROSS", "FEES",
		    "NET", "CCY", "ORDER", "EXECUTION" };
		for (int i = 0; i < 13; i++) {
			h[i] = f[i];
			h[i].value = names[i];
		}
		if (!cf->file)
			result_record_header(exec_res(cf->x), h, 13);
		else if (!cf->json)
			format_record_header(cf->file, h, 13);
	}
	if (cf->file)
		format_record(cf->file, cf->json, f, 14);
	else
		result_record(exec_res(cf->x), f, 14);
	return 0;
}

static int
confirm_order(void *ctx, const struct order *o)
{
	struct confirms *cf = ctx;
	struct err e = { "" };

	/* A block's own fills are not the accounts' trades: its members'
	 * allocations are. */
	if (o->account[0] == '\0' || o->cum_qty == 0)
		return 0;
	if (store_each_exec(exec_store(cf->x), o->id, confirm_exec, cf,
	    &e) == -1)
		return 1;
	return 0;
}

int
blocks_cmd_report_confirms(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct sbuf buf = { 0 };
	struct confirms cf = { x, c->out[0] ? &buf : NULL, exec_json_files(x),
	    0, NULL, 0, true };
	struct store_order_filter f;
	struct order tmp;
	int rc = 0;

	if (c->id[0] && !blocks_find(x, c->id, &tmp, err))
		return -1;
	if (!cf.file && !exec_res(x))
		return 0;
	memset(&f, 0, sizeof f);
	f.block = c->id[0] ? c->id : NULL;
	/* Text: the symbol column fits the longest symbol shown. */
	if (cf.measure && store_each_order(exec_store(x), &f, confirm_order,
	    &cf,
	    err) == -1)
		return exec_store_fail(x, err);
	cf.measure = false;
	if (store_each_order(exec_store(x), &f, confirm_order, &cf, err) == -1)
		return exec_store_fail(x, err);
	if (c->out[0]) {
		rc = paths_write_private(c->out, buf.p ? buf.p : "", buf.len,
		    err);
		if (rc == 0 && exec_res(x))
			result_message(exec_res(x), "%d confirmation%s "
			    "written to %s", cf.n, cf.n == 1 ? "" : "s",
			    c->out);
	} else if (cf.n == 0) {
		result_note(exec_res(x), "no executions to confirm");
	}
	sbuf_free(&buf);
	return rc;
}

/* ---- the day's summary ---------------------------------------------- */

struct acct_sum {
	char	id[ACCOUNT_MAX];
	int	orders;
	__int128 bought, sold;		/* MONEY_SCALE, base ccy (wide) */
};

struct summary {
	struct exec *x;
	int	orders, blocks, members, filled;
	int64_t	qty, cum;		/* account orders, units */
	__int128 bought, sold;		/* MONEY_SCALE, USD; wide sums */
	bool	fx_missing, too_large;	/* amounts left out, and why */
	struct acct_sum *acct;
	size_t	nacct, cap;
};

static struct acct_sum *
acct_sum(struct summary *s, const char *id)
{
	for (size_t i = 0; i < s->nacct; i++)
		if (strcmp(s->acct[i].id, id) == 0)
			return &s->acct[i];
	if (s->nacct == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->acct = xrealloc(s->acct, s->cap * sizeof *s->acct);
	}
	memset(&s->acct[s->nacct], 0, sizeof s->acct[0]);
	str_copy(s->acct[s->nacct].id, ACCOUNT_MAX, id);
	return &s->acct[s->nacct++];
}

/* Convert AMOUNT from FROM to TO for the summary: false, noting whether
 * a rate is missing or the amount too large, when it cannot. */
static bool
sum_convert(struct summary *s, int64_t amount, const char *from,
    const char *to, int64_t *out)
{
	struct err e = { "" };

	if (fx_convert(book_fx(exec_book_rw(s->x)), amount, from, to, out,
	    &e) == 0)
		return true;
	if (fx_linked(book_fx(exec_book_rw(s->x)), from, to))
		s->too_large = true;
	else
		s->fx_missing = true;
	return false;
}

static int
sum_order(void *ctx, const struct order *o)
{
	struct summary *s = ctx;
	struct exec *x = s->x;
	const struct instrument *in = book_instrument(exec_book_rw(x),
	    o->symbol);
	const struct account *a = book_account(exec_book_rw(x), o->account);
	int64_t gross, base, usd;

	if (order_is_block(o)) {
		s->blocks++;
		return 0;
	}
	s->orders++;
	s->members += order_in_block(o);
	s->filled += o->status == ORDER_FILLED;
	s->qty += o->qty;
	s->cum += o->cum_qty;
	struct acct_sum *as = acct_sum(s, o->account);
	as->orders++;
	if (o->cum_qty == 0 || !in)
		return 0;
	/* The notional carries no multiplier: add it. */
	if (fixed_muldiv_fit(o->notional, in->mult, PX_SCALE, &gross) == -1) {
		s->too_large = true;
		return 0;
	}
	bool buy = order_side_sign(o->side) > 0;
	/* The account's column and the firm's line each leave out only
	 * what they cannot convert, saying why. */
	if (sum_convert(s, gross, in->ccy, a ? a->ccy : "USD", &base))
		*(buy ? &as->bought : &as->sold) += base;
	if (sum_convert(s, gross, in->ccy, "USD", &usd))
		*(buy ? &s->bought : &s->sold) += usd;
	return 0;
}

static int
acct_sum_cmp(const void *a, const void *b)
{
	return strcmp(((const struct acct_sum *)a)->id,
	    ((const struct acct_sum *)b)->id);
}

int
blocks_cmd_report_summary(struct exec *x, const struct cmd *c,
    struct err *err)
{
	(void)c;
	struct summary s;
	char b[32], sd[32], pct[16];

	memset(&s, 0, sizeof s);
	s.x = x;
	if (store_each_order(exec_store(x), NULL, sum_order, &s, err) == -1) {
		free(s.acct);
		return exec_store_fail(x, err);
	}
	if (!exec_res(x)) {
		free(s.acct);
		return 0;
	}
	qsort(s.acct, s.nacct, sizeof *s.acct, acct_sum_cmp);
	format_money_wide(s.bought, b, sizeof b);
	format_money_wide(s.sold, sd, sizeof sd);
	/* Fill rate: units filled of units ordered, to 0.01 %. */
	snprintf(pct, sizeof pct, "%.2f", s.qty ? 100.0 * (double)s.cum /
	    (double)s.qty : 0.0);
	char no[16], nb[16], nm[16], nf[16];
	snprintf(no, sizeof no, "%d", s.orders);
	snprintf(nb, sizeof nb, "%d", s.blocks);
	snprintf(nm, sizeof nm, "%d", s.members);
	snprintf(nf, sizeof nf, "%d", s.filled);
	/* The totals: one record for programs, two sentences for a
	 * reader. */
	const struct format_field total[] = {
		{ "orders", no, 0, true, true },
		{ "blocks", nb, 0, true, true },
		{ "in_blocks", nm, 0, true, true },
		{ "filled", nf, 0, true, true },
		{ "bought_usd", b, 0, true, true },
		{ "sold_usd", sd, 0, true, true },
		{ "fill_rate_pct", pct, 0, true, true },
	};
	result_record(exec_res(x), total, 7);
	result_note(exec_res(x), "orders %d (%d in %d blocks), %d filled; "
	    "fill rate %s %%", s.orders, s.members, s.blocks, s.filled, pct);
	result_note(exec_res(x), "notional bought %s USD, sold %s USD%s%s", b,
	    sd, s.fx_missing ? " (some currencies have no fx rate and are "
	    "left out)" : "", s.too_large ? " (some amounts are too large to "
	    "convert and are left out)" : "");
	for (size_t i = 0; i < s.nacct; i++) {
		const struct account *a = book_account(exec_book_rw(x),
		    s.acct[i].id);
		char n[16], bb[32], ss[32];
		snprintf(n, sizeof n, "%d", s.acct[i].orders);
		format_money_wide(s.acct[i].bought, bb, sizeof bb);
		format_money_wide(s.acct[i].sold, ss, sizeof ss);
		const struct format_field f[] = {
			{ "account", s.acct[i].id, 12, false, false },
			{ "orders", n, 8, true, false },
			{ "bought", bb, 16, true, false },
			{ "sold", ss, 16, true, false },
			{ "ccy", a ? a->ccy : "", 0, false, false },
		};
		if (i == 0)
			result_record_header(exec_res(x), f, 5);
		result_record(exec_res(x), f, 5);
	}
	free(s.acct);
	return 0;
}
