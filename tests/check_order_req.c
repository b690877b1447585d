/* tests/check_order_req.c: the rules of entering an order (order-req.c):
 * what a request must be to become an order, what a replace may change,
 * the order built from a request, and what the pre-trade check's worst
 * action does to an order. */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"
#include "err.h"
#include "fixed.h"
#include "order-req.h"

#define TODAY	20260105

/* ACME: tick 0.05, lot 100. */
static void
acme(struct instrument *in)
{
	struct err e = { "" };

	ck_assert_int_eq(instrument_init(in, "ACME", ASSET_EQUITY, "USD", &e),
	    0);
	in->tick = 5 * PX_SCALE / 100;
	in->lot = 100;
}

/* A limit buy of 200 ACME at 10.05, good for the day. */
static void
limit_buy(struct order_req *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->account, sizeof r->account, "A1");
	snprintf(r->symbol, sizeof r->symbol, "ACME");
	r->side = SIDE_BUY;
	r->type = OTYPE_LIMIT;
	r->tif = TIF_DAY;
	r->qty = 200;
	r->limit_px = 1005 * PX_SCALE / 100;
	snprintf(r->venue, sizeof r->venue, "sim");
}

START_TEST(test_check_refuses)
{
	static const struct {
		const char *what;
		int	field;
		int64_t	value;
		const char *msg;
	} cases[] = {
		{ "zero qty", 0, 0, "must be positive" },
		{ "negative qty", 0, -100, "must be positive" },
		{ "qty past QTY_MAX", 0, QTY_MAX + 100, "too large" },
		{ "qty off the lot", 0, 150, "not a multiple of lot 100" },
		{ "limit off the tick", 1, 1003 * PX_SCALE / 100,
		    "not on the tick" },
		{ "negative limit", 1, -PX_SCALE, "must be positive" },
		{ "limit order without limit", 1, 0, "needs a limit price" },
		{ "side out of range", 2, SIDE_COUNT, "not a side" },
		{ "type out of range", 3, OTYPE_COUNT, "not a type" },
		{ "tif out of range", 4, TIF_COUNT, "not a time in force" },
		{ "gtd date past", 5, TODAY - 1, "already past" },
		{ "stop on a limit order", 6, 10 * PX_SCALE,
		    "takes no stop price" },
	};
	struct instrument in;

	acme(&in);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct order_req r;
		struct err e = { "" };

		limit_buy(&r);
		switch (cases[i].field) {
		case 0: r.qty = cases[i].value; break;
		case 1: r.limit_px = cases[i].value; break;
		case 2: r.side = (enum order_side)cases[i].value; break;
		case 3: r.type = (enum order_type)cases[i].value; break;
		case 4: r.tif = (enum order_tif)cases[i].value; break;
		case 5:
			r.tif = TIF_GTD;
			r.gtd_date = (int32_t)cases[i].value;
			break;
		case 6: r.stop_px = cases[i].value; break;
		}
		ck_assert_msg(order_req_check(&r, &in, TODAY, &e) == -1,
		    "%s: passed", cases[i].what);
		ck_assert_msg(strstr(e.msg, cases[i].msg) != NULL,
		    "%s: '%s'", cases[i].what, e.msg);
	}
}
END_TEST

START_TEST(test_check_types)
{
	struct instrument in;
	struct order_req r;
	struct err e = { "" };

	acme(&in);
	limit_buy(&r);
	ck_assert_msg(order_req_check(&r, &in, TODAY, &e) == 0, "%s", e.msg);
	/* A market order has no limit. */
	r.type = OTYPE_MARKET;
	ck_assert_int_eq(order_req_check(&r, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "takes no limit price"), "%s", e.msg);
	r.limit_px = 0;
	ck_assert_msg(order_req_check(&r, &in, TODAY, &e) == 0, "%s", e.msg);
	/* A stop needs its stop price, on the tick. */
	r.type = OTYPE_STOP;
	ck_assert_int_eq(order_req_check(&r, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "needs a stop price"), "%s", e.msg);
	r.stop_px = 951 * PX_SCALE / 100;
	ck_assert_int_eq(order_req_check(&r, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "stop price 9.51 is not on the tick"),
	    "%s", e.msg);
	r.stop_px = 950 * PX_SCALE / 100;
	ck_assert_msg(order_req_check(&r, &in, TODAY, &e) == 0, "%s", e.msg);
	/* A stop limit needs both. */
	r.type = OTYPE_STOP_LIMIT;
	ck_assert_int_eq(order_req_check(&r, &in, TODAY, &e), -1);
	r.limit_px = 945 * PX_SCALE / 100;
	ck_assert_msg(order_req_check(&r, &in, TODAY, &e) == 0, "%s", e.msg);
	/* A trailing stop: a positive trail, under 100%, maybe a limit. */
	r.type = OTYPE_TRAILING_STOP;
	r.stop_px = 0;
	ck_assert_int_eq(order_req_check(&r, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "trail must be positive"), "%s", e.msg);
	r.trail = 100 * PX_SCALE;
	r.trail_pct = true;
	ck_assert_int_eq(order_req_check(&r, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "100% or more"), "%s", e.msg);
	r.trail = 5 * PX_SCALE;
	ck_assert_msg(order_req_check(&r, &in, TODAY, &e) == 0, "%s", e.msg);
	/* Only a trailing stop takes a trail. */
	r.type = OTYPE_LIMIT;
	ck_assert_int_eq(order_req_check(&r, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "only a trailing stop"), "%s", e.msg);
	/* GTD today is fine. */
	r.trail = 0;
	r.tif = TIF_GTD;
	r.gtd_date = TODAY;
	ck_assert_msg(order_req_check(&r, &in, TODAY, &e) == 0, "%s", e.msg);
}
END_TEST

START_TEST(test_check_change)
{
	struct instrument in;
	struct order_change c;
	struct err e = { "" };

	acme(&in);
	memset(&c, 0, sizeof c);
	ck_assert_int_eq(order_req_check_change(&c, &in, TODAY, &e), 0);
	c.have_qty = true;
	c.qty = 250;
	ck_assert_int_eq(order_req_check_change(&c, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "not a multiple of lot"), "%s", e.msg);
	c.qty = 300;
	c.have_limit = true;
	c.limit_px = 1001 * PX_SCALE / 100;
	ck_assert_int_eq(order_req_check_change(&c, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "limit price"), "%s", e.msg);
	c.limit_px = 1000 * PX_SCALE / 100;
	c.have_stop = true;
	c.stop_px = 1;			/* 0.00000001: off the tick */
	ck_assert_int_eq(order_req_check_change(&c, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "stop price"), "%s", e.msg);
	c.have_stop = false;
	c.have_tif = true;
	c.tif = TIF_GTD;
	c.gtd_date = TODAY - 1;
	ck_assert_int_eq(order_req_check_change(&c, &in, TODAY, &e), -1);
	ck_assert_msg(strstr(e.msg, "already past"), "%s", e.msg);
	c.gtd_date = TODAY;
	ck_assert_msg(order_req_check_change(&c, &in, TODAY, &e) == 0, "%s",
	    e.msg);
}
END_TEST

START_TEST(test_build)
{
	struct order_req r;
	struct order o;

	limit_buy(&r);
	r.tif = TIF_GTC;
	r.gtd_date = 20260109;		/* not a GTD order: dropped */
	snprintf(r.note, sizeof r.note, "rebalance");
	memset(&o, 0xff, sizeof o);
	order_req_build(&r, &o);
	ck_assert_str_eq(o.account, "A1");
	ck_assert_str_eq(o.symbol, "ACME");
	ck_assert_str_eq(o.venue, "sim");
	ck_assert_str_eq(o.note, "rebalance");
	ck_assert_str_eq(o.id, "");
	ck_assert_str_eq(o.reason, "");
	ck_assert_int_eq(o.side, SIDE_BUY);
	ck_assert_int_eq(o.type, OTYPE_LIMIT);
	ck_assert_int_eq(o.tif, TIF_GTC);
	ck_assert_int_eq(o.gtd_date, 0);
	ck_assert_int_eq(o.qty, 200);
	ck_assert_int_eq(o.cum_qty, 0);
	ck_assert_int_eq(o.limit_px, 1005 * PX_SCALE / 100);
	ck_assert_int_eq(o.status, ORDER_PENDING_NEW);
	ck_assert_int_eq(o.prev_status, ORDER_PENDING_NEW);
	r.stage = true;
	r.tif = TIF_GTD;
	order_req_build(&r, &o);
	ck_assert_int_eq(o.status, ORDER_STAGED);
	ck_assert_int_eq(o.gtd_date, 20260109);
}
END_TEST

START_TEST(test_verdict)
{
	static const struct {
		int	worst;
		bool	replace;
		enum order_verdict v;
		enum order_status st;
	} cases[] = {
		{ RULE_PASS, false, ORDER_VERDICT_GO, ORDER_PENDING_NEW },
		{ RULE_WARN, false, ORDER_VERDICT_WARN, ORDER_PENDING_NEW },
		{ RULE_REVIEW, false, ORDER_VERDICT_REVIEW, ORDER_FLAGGED },
		{ RULE_BLOCK, false, ORDER_VERDICT_REFUSE, ORDER_REJECTED },
		{ RULE_PASS, true, ORDER_VERDICT_GO, ORDER_PENDING_NEW },
		{ RULE_WARN, true, ORDER_VERDICT_WARN, ORDER_PENDING_NEW },
		{ RULE_REVIEW, true, ORDER_VERDICT_REFUSE, ORDER_REJECTED },
		{ RULE_BLOCK, true, ORDER_VERDICT_REFUSE, ORDER_REJECTED },
		{ RULE_BLOCK + 1, false, ORDER_VERDICT_REFUSE, ORDER_REJECTED },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct order_req r;
		struct order o;
		enum order_verdict v = order_verdict_of(cases[i].worst,
		    cases[i].replace);

		ck_assert_msg(v == cases[i].v, "case %zu: verdict %d", i,
		    (int)v);
		limit_buy(&r);
		order_req_build(&r, &o);
		order_verdict_mark(&o, v, "max_qty Q1");
		ck_assert_int_eq(o.status, cases[i].st);
		ck_assert_int_eq(o.prev_status, cases[i].st);
		ck_assert_str_eq(o.reason, o.status == ORDER_PENDING_NEW ? "" :
		    "max_qty Q1");
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("order_req");
	TCase *t = tcase_create("rules");
	SRunner *sr;
	int failed;

	tcase_add_test(t, test_check_refuses);
	tcase_add_test(t, test_check_types);
	tcase_add_test(t, test_check_change);
	tcase_add_test(t, test_build);
	tcase_add_test(t, test_verdict);
	suite_add_tcase(s, t);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
