/* src/app/exec-expect.c: expectations: each compares what the engine
 * keeps, exactly at the scale it keeps it, and collects every mismatch. */
#include "config.h"
#include "exec.h"

#include <errno.h>
#include <float.h>
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

/* ---- expectations ----------------------------------------------------- */

void
exp_add(struct expect_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->len >= sizeof r->msg - 1)
		return;
	if (r->bad && r->len < sizeof r->msg - 3)
		r->len += (size_t)snprintf(r->msg + r->len,
		    sizeof r->msg - r->len, "; ");
	va_start(ap, fmt);
	int n = vsnprintf(r->msg + r->len, sizeof r->msg - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len = r->len + (size_t)n < sizeof r->msg ? r->len +
		    (size_t)n : sizeof r->msg - 1;
	r->bad = true;
}

void
exp_fixed(struct expect_report *r, const char *what, int64_t found,
    int decimals, const struct cmd_num *want)
{
	bool	price = decimals == PX_DECIMALS;
	/* The coarsest a number is read at: whole units for quantities,
	 * cents for money and prices, 1e-6 for prices under 1. */
	__int128 one = (__int128)fixed_pow10(want->dec);
	int	floor = decimals == 0 ? 0 : price && want->v < one &&
		    want->v > -one ? 6 : 2;
	int	d = want->dec > floor ? want->dec : floor;
	__int128 f = found, w = want->v;
	char	fb[48], wb[48];

	if (d < decimals) {
		__int128 unit = (__int128)fixed_pow10(decimals - d);
		f = (f >= 0 ? f + unit / 2 : f - unit / 2) / unit;
	} else {
		for (int i = decimals; i < d; i++)
			f *= 10;
	}
	for (int i = want->dec; i < d; i++)
		w *= 10;
	if (f == w)
		return;
	exp_add(r, "%s is %s, expected %s", what,
	    fixed_fmt(found, decimals, 0, fb, sizeof fb),
	    fixed_fmt(want->v, want->dec, 0, wb, sizeof wb));
}

int
exp_done(struct expect_report *r, const char *what, struct err *err)
{
	if (!r->bad)
		return 0;
	return err_set(err, "%s: %s", what, r->msg);
}

int
exec_cmd_expect_order(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order tmp, *o = exec_find_order(x, c->id, &tmp, err);
	const struct cmd_expect *e = &c->exp;
	struct expect_report r = { "", 0, false };
	char what[64];

	if (!o)
		return err_prefix(err, "expect order: ");
	if ((e->have & EXP_STATUS) && o->status != e->status)
		exp_add(&r, "status is %s, expected %s",
		    order_status_name(o->status), order_status_name(e->status));
	if (e->have & EXP_CUM)
		exp_fixed(&r, "cum", o->cum_qty, 0, &e->cum);
	if (e->have & EXP_LEAVES)
		exp_fixed(&r, "leaves", order_leaves(o), 0, &e->leaves);
	if (e->have & EXP_QTY)
		exp_fixed(&r, "qty", o->qty, 0, &e->qty);
	if (e->have & EXP_AVGPX)
		exp_fixed(&r, "avgpx", order_avg_px(o), PX_DECIMALS,
		    &e->avgpx);
	if (e->have & EXP_PX)
		exp_fixed(&r, "px", o->limit_px, PX_DECIMALS, &e->px);
	snprintf(what, sizeof what, "expect order %s", o->id);
	return exp_done(&r, what, err);
}

/* The average cost of P per unit (PX_SCALE, rounded half away from zero
 * as position_avg_cost() is to a double): its cost over its size. */
static int64_t
avg_cost_px(struct exec *x, const struct position *p)
{
	const struct instrument *in = book_instrument(x->bk, p->symbol);
	__int128 den = (__int128)p->qty * (in ? in->mult : PX_SCALE);

	if (den == 0)
		return 0;
	return (int64_t)fixed_muldiv128((__int128)p->cost *
	    (PX_SCALE / MONEY_SCALE), PX_SCALE, den);
}

int
exec_cmd_expect_position(struct exec *x, const struct cmd *c, struct err *err)
{
	const struct cmd_expect *e = &c->exp;
	struct expect_report r = { "", 0, false };
	struct position flat, *p;
	struct format_position v;
	char what[96];

	if (!book_account(x->bk, c->filter.acct))
		return err_set(err, "expect position: unknown account '%s'",
		    c->filter.acct);
	if (!book_instrument(x->bk, c->sym))
		return err_set(err, "expect position: unknown symbol '%s'",
		    c->sym);
	p = book_position(x->bk, c->filter.acct, c->sym, false);
	if (!p) {
		memset(&flat, 0, sizeof flat);
		str_copy(flat.account, sizeof flat.account, c->filter.acct);
		str_copy(flat.symbol, sizeof flat.symbol, c->sym);
		p = &flat;
	}
	exec_position_view(x, p, &v);
	if (e->have & EXP_QTY)
		exp_fixed(&r, "qty", v.qty, 0, &e->qty);
	if (e->have & EXP_AVGCOST)
		exp_fixed(&r, "avgcost", avg_cost_px(x, p), PX_DECIMALS,
		    &e->avgcost);
	if (e->have & EXP_REALIZED)
		exp_fixed(&r, "realized", v.realized, MONEY_DECIMALS,
		    &e->realized);
	if (e->have & EXP_UNREALIZED)
		exp_fixed(&r, "unrealized", v.unrealized, MONEY_DECIMALS,
		    &e->unrealized);
	snprintf(what, sizeof what, "expect position %s %s", c->filter.acct,
	    c->sym);
	return exp_done(&r, what, err);
}

int
exec_cmd_expect_pnl(struct exec *x, const struct cmd *c, struct err *err)
{
	const struct cmd_expect *e = &c->exp;
	const struct account *a = book_account(x->bk, c->filter.acct);
	struct expect_report r = { "", 0, false };
	int64_t real, unreal;
	char what[64];

	if (!a)
		return err_set(err, "expect pnl: unknown account '%s'",
		    c->filter.acct);
	if (exec_account_pnl(x, a, &real, &unreal, err) == -1)
		return err_prefix(err, "expect pnl %s: ", a->id);
	if (e->have & EXP_REALIZED)
		exp_fixed(&r, "realized", real, MONEY_DECIMALS, &e->realized);
	if (e->have & EXP_UNREALIZED)
		exp_fixed(&r, "unrealized", unreal, MONEY_DECIMALS,
		    &e->unrealized);
	if (e->have & EXP_TOTAL)
		exp_fixed(&r, "total", real + unreal, MONEY_DECIMALS,
		    &e->total);
	snprintf(what, sizeof what, "expect pnl %s", a->id);
	return exp_done(&r, what, err);
}

int
exec_cmd_expect_count(struct exec *x, const struct cmd *c, struct err *err)
{
	struct store_order_filter f = { c->filter.acct, c->filter.sym,
	    exec_status_mask(&c->filter), 0, 0, NULL };
	int64_t n;

	if (store_count_orders(x->st, &f, &n, err) == -1)
		return exec_store_fail(x, err);
	if (n != c->exp.count)
		return err_set(err, "expect count orders: found %" PRId64
		    ", expected %" PRId64, n, c->exp.count);
	return 0;
}
