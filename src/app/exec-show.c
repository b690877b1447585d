/* src/app/exec-show.c: the show commands (orders, one order, positions,
 * P&L) and the P&L sums the screen's snapshot shares with them. */
#include "config.h"
#include "exec.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "calendar.h"
#include "cmd.h"
#include "csv.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "hmap.h"
#include "view.h"
#include "fx.h"
#include "store.h"
#include "venue.h"
#include "exec-int.h"

/* ---- looking ---------------------------------------------------------- */

unsigned
exec_status_mask(const struct cmd_filter *f)
{
	unsigned m = 0;

	switch (f->status_kind) {
	case FILTER_ANY:
		return 0;
	case FILTER_ONE:
		return 1u << f->status;
	case FILTER_OPEN:
	case FILTER_DONE:
		for (int s = 0; s < ORDER_STATUS_COUNT; s++)
			if (order_status_done((enum order_status)s) ==
			    (f->status_kind == FILTER_DONE))
				m |= 1u << s;
		return m;
	}
	return 0;
}

struct show_ctx {
	struct exec *x;
	int	n;
};

/* An order's fills and history, their prices with the decimals of its
 * tick. */
struct hist_ctx {
	struct exec *x;
	int64_t	tick;
};

static int
show_one_order(void *ctx, const struct order *o)
{
	struct show_ctx *s = ctx;

	/* The edge fits the symbol column to the rows. */
	if (s->n++ == 0)
		result_order_header(s->x->res, 0);
	result_order(s->x->res, o, exec_order_tick(s->x, o));
	return 0;
}

int
exec_cmd_show_orders(struct exec *x, const struct cmd *c, struct err *err)
{
	struct store_order_filter f = { c->filter.acct, c->filter.sym,
	    exec_status_mask(&c->filter), 0, 0, NULL };
	struct show_ctx s = { x, 0 };

	if (!x->res)
		return 0;
	if (store_each_order(x->st, &f, show_one_order, &s, err) == -1)
		return exec_store_fail(x, err);
	if (s.n == 0)
		result_note(x->res, "no orders");
	return 0;
}

int64_t
exec_order_tick(struct exec *x, const struct order *o)
{
	const struct instrument *in = book_instrument(x->bk, o->symbol);

	return in ? in->tick : 0;
}

static int
show_exec(void *ctx, const struct store_exec *e)
{
	struct hist_ctx *h = ctx;

	result_exec(h->x->res, e, h->tick);
	return 0;
}

static int
show_hist(void *ctx, int64_t seq, int64_t ts, const char *kind,
    const char *body)
{
	struct hist_ctx *h = ctx;

	result_history(h->x->res, seq, ts, kind, body, h->tick);
	return 0;
}

int
exec_cmd_show_order(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order tmp, *o = exec_find_order(x, c->id, &tmp, err);

	if (!o)
		return -1;
	if (!x->res)
		return 0;
	int symw = format_symbol_width(0, o->symbol);
	result_order_header(x->res, symw);
	result_order(x->res, o, exec_order_tick(x, o));
	/* Four eyes: the acting user and the login behind it. */
	result_origin(x->res, o->user[0] ? o->user : "(not kept)",
	    o->login[0] ? o->login : "(not kept)");
	result_exec_header(x->res);
	struct hist_ctx h = { x, exec_order_tick(x, o) };
	if (store_each_exec(x->st, o->id, show_exec, &h, err) == -1)
		return exec_store_fail(x, err);
	result_history_header(x->res);
	if (store_each_history(x->st, o->id, show_hist, &h, err) == -1)
		return exec_store_fail(x, err);
	return 0;
}

/* A position with its P&L in both currencies. */
void
exec_position_view(struct exec *x, const struct position *p,
    struct format_position *v)
{
	const struct instrument *in = book_instrument(x->bk, p->symbol);
	const struct account *a = book_account(x->bk, p->account);
	const struct book_quote *bq = book_quote(x->bk, p->symbol);
	int64_t mult = in ? in->mult : PX_SCALE;
	struct err e = { "" };

	memset(v, 0, sizeof *v);
	v->account = p->account;
	v->symbol = p->symbol;
	v->ccy = in ? in->ccy : "USD";
	v->base_ccy = a ? a->ccy : "USD";
	v->qty = p->qty;
	v->avg_cost = position_avg_cost(p, mult);
	v->mark = bq ? bq->mark : 0;
	v->tick = in ? in->tick : 0;
	v->realized = p->realized;
	v->unrealized = v->mark ? position_unrealized(p, v->mark, mult) : 0;
	v->have_base = fx_convert(book_fx(x->bk), v->realized, v->ccy,
	    v->base_ccy, &v->realized_base, &e) == 0 &&
	    fx_convert(book_fx(x->bk), v->unrealized, v->ccy, v->base_ccy,
	    &v->unrealized_base, &e) == 0;
	v->base_too_large = !v->have_base &&
	    fx_linked(book_fx(x->bk), v->ccy, v->base_ccy);
}

/* Widen *CTX (an int) to the symbol of unallocated fills V. */
static void
measure_unalloc(void *ctx, const struct format_position *v)
{
	*(int *)ctx = format_symbol_width(*(int *)ctx, v->symbol);
}

/* Whether position P is one show positions lists under filter ACCT. */
static bool
position_shown(const struct position *p, const char *acct)
{
	if (acct[0] && strcmp(acct, p->account))
		return false;
	return p->qty != 0 || p->realized != 0 || p->cost != 0;
}

int
exec_cmd_show_positions(struct exec *x, const struct cmd *c, struct err *err)
{
	size_t pos = 0;
	struct position *p;
	int n = 0, symw = 0;
	struct err e = { "" };

	if (c->filter.acct[0] && !book_account(x->bk, c->filter.acct))
		return err_set(err, "unknown account '%s'", c->filter.acct);
	if (!x->res)
		return 0;
	/* Text: the symbol column fits the longest symbol shown. */
	while ((p = book_next_position(x->bk, &pos)))
		if (position_shown(p, c->filter.acct))
			symw = format_symbol_width(symw, p->symbol);
	if (!c->filter.acct[0])
		(void)exec_hook_each_unallocated(x, measure_unalloc, &symw, &e);
	pos = 0;
	while ((p = book_next_position(x->bk, &pos))) {
		struct format_position v;
		if (!position_shown(p, c->filter.acct))
			continue;
		if (n++ == 0)
			result_position_header(x->res, symw);
		exec_position_view(x, p, &v);
		v.symw = symw;
		result_position(x->res, &v);
	}
	exec_hook_unallocated_rows(x, c->filter.acct, symw, &n);
	if (n == 0)
		result_note(x->res, "no positions");
	return 0;
}

/* *SUM += V for account A's P&L, or -1 naming what it cannot hold. */
static int
money_sum(int64_t *sum, int64_t v, const struct account *a, struct err *err)
{
	char	buf[48];

	if (!__builtin_add_overflow(*sum, v, sum))
		return 0;
	return err_set(err, "the P&L of account %s is past the %s %s blotter "
	    "can add up", a->id, money_fmt(INT64_MAX, buf, sizeof buf),
	    a->ccy);
}

/* P&L of account A in its base currency. */
int
exec_account_pnl(struct exec *x, const struct account *a, int64_t *realized,
    int64_t *unrealized, struct err *err)
{
	size_t pos = 0;
	struct position *p;

	*realized = *unrealized = 0;
	while ((p = book_next_position(x->bk, &pos))) {
		struct format_position v;
		if (strcmp(p->account, a->id) != 0)
			continue;
		exec_position_view(x, p, &v);
		if (!v.have_base &&
		    (fx_convert(book_fx(x->bk), v.realized, v.ccy, a->ccy,
		    &v.realized_base, err) == -1 ||
		    fx_convert(book_fx(x->bk), v.unrealized, v.ccy, a->ccy,
		    &v.unrealized_base, err) == -1))
			return -1;
		if (money_sum(realized, v.realized_base, a, err) == -1 ||
		    money_sum(unrealized, v.unrealized_base, a, err) == -1)
			return -1;
	}
	return 0;
}

static bool
account_has_positions(struct exec *x, const char *acct)
{
	size_t pos = 0;
	struct position *p;

	while ((p = book_next_position(x->bk, &pos)))
		if (strcmp(p->account, acct) == 0 && (p->qty || p->realized))
			return true;
	return false;
}

/* Add REALIZED and UNREALIZED, in CCY, to the firm's USD sums *R and *U,
 * setting *PAST when a sum goes past 64 bits.  False when either amount
 * cannot be converted (no rate, or too large). */
bool
exec_firm_add(struct exec *x, int64_t realized, int64_t unrealized,
    const char *ccy, int64_t *r, int64_t *u, bool *past)
{
	struct err e = { "" };
	int64_t ru, uu;

	if (fx_convert(book_fx(x->bk), realized, ccy, "USD", &ru, &e) == -1 ||
	    fx_convert(book_fx(x->bk), unrealized, ccy, "USD", &uu, &e) == -1)
		return false;
	*past |= __builtin_add_overflow(*r, ru, r) ||
	    __builtin_add_overflow(*u, uu, u);
	return true;
}

/* A row of show pnl for a block's unallocated fills, in the firm total
 * too; no account holds them until they are booked. */
struct unalloc_pnl {
	struct exec *x;
	int	*n;
	int64_t	*firm_r, *firm_u;
	bool	*firm_ok, *firm_fits;
};

static void
unalloc_pnl_row(void *ctx, const struct format_position *p)
{
	struct unalloc_pnl *up = ctx;
	struct exec *x = up->x;
	struct format_pnl v = { p->account, p->ccy, false, p->realized,
	    p->unrealized, p->block };
	bool past = false;

	if ((*up->n)++ == 0)
		result_pnl_header(x->res);
	if (!exec_firm_add(x, v.realized, v.unrealized, v.base_ccy, up->firm_r,
	    up->firm_u, &past))
		*up->firm_ok = false;
	else if (past)
		*up->firm_ok = *up->firm_fits = false;
	result_pnl(x->res, &v);
}

int
exec_cmd_show_pnl(struct exec *x, const struct cmd *c, struct err *err)
{
	size_t pos = 0;
	const struct account *a;
	int64_t firm_r = 0, firm_u = 0;
	bool firm_ok = true, firm_fits = true, firm_partial = false;
	int n = 0;

	if (c->filter.acct[0] && !book_account(x->bk, c->filter.acct))
		return err_set(err, "unknown account '%s'", c->filter.acct);
	if (!x->res)
		return 0;
	while ((a = book_next_account(x->bk, &pos))) {
		struct format_pnl v = { a->id, a->ccy, false, 0, 0, NULL };
		struct err e2 = { "" };
		if (c->filter.acct[0] ? strcmp(c->filter.acct, a->id) != 0 :
		    !account_has_positions(x, a->id))
			continue;
		if (n++ == 0)
			result_pnl_header(x->res);
		if (exec_account_pnl(x, a, &v.realized, &v.unrealized,
		    &e2) == -1) {
			result_message(x->res, "%s: %s", a->id,
			    e2.msg);
			firm_ok = false;
			firm_partial = true;
			continue;
		}
		bool past = false;
		if (!exec_firm_add(x, v.realized, v.unrealized, a->ccy, &firm_r,
		    &firm_u, &past)) {
			firm_ok = false;
			if (fx_linked(book_fx(x->bk), a->ccy, "USD"))
				firm_fits = false;
		} else if (past)
			firm_ok = firm_fits = false;
		result_pnl(x->res, &v);
	}
	if (!c->filter.acct[0]) {
		struct unalloc_pnl up = { x, &n, &firm_r, &firm_u, &firm_ok,
		    &firm_fits };
		struct err e2 = { "" };
		if (exec_hook_each_unallocated(x, unalloc_pnl_row, &up,
		    &e2) == -1)
			exec_warn(x, "%s", e2.msg);
	}
	if (n == 0)
		result_note(x->res, "no P&L yet");
	if (!c->filter.acct[0] && n > 0) {
		struct format_pnl v = { "FIRM", "USD", true, firm_r, firm_u,
		    NULL };
		char buf[48];
		if (firm_ok)
			result_pnl(x->res, &v);
		else if (!firm_fits)
			result_message(x->res, "firm-wide P&L is past "
			    "the %s USD blotter can add up", money_fmt(
			    INT64_MAX, buf, sizeof buf));
		else if (firm_partial)
			result_message(x->res, "firm-wide P&L needs "
			    "the P&L of every account");
		else
			result_message(x->res, "firm-wide P&L needs "
			    "an fx rate for every account currency");
	}
	return 0;
}

/* audit head: the head of the audit trail, for keeping elsewhere. */
int
exec_cmd_audit_head(struct exec *x, const struct cmd *c, struct err *err)
{
	char	head[STORE_HEAD_MAX];

	(void)c;
	if (store_audit_head(x->st, head, sizeof head, err) == -1)
		return exec_store_fail(x, err);
	if (x->res)
		result_message(x->res, "%s", head);
	return 0;
}
