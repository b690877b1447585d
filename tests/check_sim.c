/* tests/check_sim.c: the simulated venue, one test per fill rule.
 *
 * Each test opens a sim venue on 2026-01-05 (a Monday) whose events are
 * collected into an array, sends orders built with mk(), moves quotes and
 * the clock, and checks the events in the order they came. */
#include "config.h"
#include "venue.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "err.h"
#include "fixed.h"
#include "testlib.h"

#define EV_MAX		4096
#define DAY0		20458		/* 2026-01-05, days since 1970 */
#define AT(d, h, m, s)	((int64_t)(DAY0 + (d)) * 86400 + (h) * 3600 + \
			    (m) * 60 + (s))
#define PX(x)		((int64_t)llround((x) * PX_SCALE))
#define UNL		QUOTE_SIZE_UNLIMITED

static struct venue_event evs[EV_MAX];
static size_t nev;
static size_t nemitted;		/* all events, also past EV_MAX */
static struct venue *v;

static void
collect(void *ctx, const struct venue_event *e)
{
	(void)ctx;
	if (nev < EV_MAX)
		evs[nev++] = *e;
	nemitted++;
}

static void
open_at(int64_t now)
{
	venue_free(v);
	v = venue_sim_new("SIM", now, collect, NULL);
	nev = nemitted = 0;
}

static void
setup(void)
{
	v = NULL;
	open_at(AT(0, 9, 30, 0));
}

static void
teardown(void)
{
	venue_free(v);
	v = NULL;
}

static struct order
mk(const char *id, enum order_side side, int64_t qty, enum order_type type,
    int64_t limit, int64_t stop, enum order_tif tif)
{
	struct order o = testlib_order(id, "ACC1", "ACME", side, qty, limit);

	str_copy(o.venue, sizeof o.venue, "SIM");
	o.type = type;
	o.tif = tif;
	o.stop_px = stop;
	return o;
}

static void
send_order(const struct order *o)
{
	struct err err;

	memset(&err, 0, sizeof err);
	ck_assert_msg(v->ops->send_new(v, o, &err) == 0, "send_new %s: %s",
	    o->id, err.msg);
}

static void
quote_sym(const char *sym, double bid, double ask, int64_t bidsz,
    int64_t asksz)
{
	struct quote q;

	memset(&q, 0, sizeof q);
	snprintf(q.symbol, sizeof q.symbol, "%s", sym);
	q.bid = PX(bid);
	q.ask = PX(ask);
	q.bidsz = bidsz;
	q.asksz = asksz;
	v->ops->on_quote(v, &q);
}

static void
quote(double bid, double ask, int64_t bidsz, int64_t asksz)
{
	quote_sym("ACME", bid, ask, bidsz, asksz);
}

static void
clock_to(int64_t t)
{
	v->ops->on_clock(v, t);
}

static void
cancel(const char *id)
{
	struct order o = mk(id, SIDE_BUY, 1, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct err err;

	ck_assert_int_eq(v->ops->send_cancel(v, &o, &err), 0);
}

static void
replace(const struct order *o, const struct order_change *c)
{
	struct err err;

	ck_assert_int_eq(v->ops->send_replace(v, o, c, &err), 0);
}

/* Check event I: its kind, order and (when not -1) quantity and price. */
#define EV(i, k, id, q, p) ev_check(__LINE__, (i), (k), (id), (q), (p))

static void
ev_check(int line, size_t i, enum venue_event_kind k, const char *id,
    int64_t q, int64_t p)
{
	ck_assert_msg(i < nev, "line %d: event %zu missing (%zu events)",
	    line, i, nev);
	ck_assert_msg(evs[i].kind == k, "line %d: event %zu is %s, not %s",
	    line, i, venue_event_kind_name(evs[i].kind),
	    venue_event_kind_name(k));
	ck_assert_msg(strcmp(evs[i].order_id, id) == 0,
	    "line %d: event %zu is for %s, not %s", line, i, evs[i].order_id,
	    id);
	if (q != -1)
		ck_assert_msg(evs[i].qty == q, "line %d: event %zu qty %lld, "
		    "not %lld", line, i, (long long)evs[i].qty, (long long)q);
	if (p != -1)
		ck_assert_msg(evs[i].px == p, "line %d: event %zu px %lld, "
		    "not %lld", line, i, (long long)evs[i].px, (long long)p);
}

#define NEV(n) ck_assert_msg(nev == (n), "%zu events, not %zu", nev, \
	    (size_t)(n))

/* Degenerate inputs first. */

START_TEST(test_free_null_and_names)
{
	venue_free(NULL);
	ck_assert_str_eq(venue_event_kind_name(VEV_ACK), "ack");
	ck_assert_str_eq(venue_event_kind_name(VEV_STOP_MOVED), "stop_moved");
	ck_assert_str_eq(venue_event_kind_name(VEV_BUST), "bust");
	ck_assert_str_eq(venue_event_kind_name(VEV_KIND_COUNT), "unknown");
	ck_assert_str_eq(venue_event_kind_name((enum venue_event_kind)-1),
	    "unknown");
	ck_assert_str_eq(v->ops->kind, "sim");
	ck_assert_str_eq(v->name, "SIM");
	ck_assert_uint_eq(v->flags, 0);
}
END_TEST

START_TEST(test_bad_orders_rejected)
{
	struct order o = mk("O1", SIDE_BUY, 0, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct order l = mk("O2", SIDE_BUY, 100, OTYPE_LIMIT, 0, 0, TIF_DAY);
	struct order s = mk("O3", SIDE_SELL, 100, OTYPE_STOP, 0, 0, TIF_DAY);
	struct order t = mk("O4", SIDE_SELL, 100, OTYPE_TRAILING_STOP, 0, 0,
	    TIF_DAY);
	struct order d = mk("O5", SIDE_BUY, 100, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct err err;

	send_order(&o);
	send_order(&l);
	send_order(&s);
	send_order(&t);
	NEV(4);
	EV(0, VEV_REJECT, "O1", 0, 0);
	EV(1, VEV_REJECT, "O2", 0, 0);
	EV(2, VEV_REJECT, "O3", 0, 0);
	EV(3, VEV_REJECT, "O4", 0, 0);
	ck_assert_str_ne(evs[0].text, "");
	/* A second order under a working id never reaches the book. */
	send_order(&d);
	ck_assert_int_eq(v->ops->send_new(v, &d, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "O5"));
	NEV(5);
	EV(4, VEV_ACK, "O5", -1, -1);
}
END_TEST

START_TEST(test_marketable_limit_price_improvement)
{
	struct order o = mk("O1", SIDE_BUY, 100, OTYPE_LIMIT, PX(10.10), 0,
	    TIF_DAY);
	struct order s = mk("O2", SIDE_SELL, 50, OTYPE_LIMIT, PX(9.90), 0,
	    TIF_DAY);

	quote(10.00, 10.05, UNL, UNL);
	send_order(&o);
	send_order(&s);
	NEV(4);
	EV(0, VEV_ACK, "O1", -1, -1);
	EV(1, VEV_FILL, "O1", 100, PX(10.05));
	ck_assert_str_eq(evs[1].exec_id, "O1.100");
	EV(2, VEV_ACK, "O2", -1, -1);
	EV(3, VEV_FILL, "O2", 50, PX(10.00));
	ck_assert_str_eq(evs[3].exec_id, "O2.50");
}
END_TEST

START_TEST(test_resting_limit_filled_by_later_quote)
{
	struct order b = mk("B", SIDE_BUY, 100, OTYPE_LIMIT, PX(10.00), 0,
	    TIF_DAY);
	struct order s = mk("S", SIDE_SHORT, 200, OTYPE_LIMIT, PX(10.20), 0,
	    TIF_DAY);

	quote(9.95, 10.05, UNL, UNL);
	send_order(&b);
	send_order(&s);
	NEV(2);
	quote(9.98, 10.02, UNL, UNL);	/* neither limit reached */
	NEV(2);
	quote(9.90, 9.97, UNL, UNL);	/* ask under the buy limit */
	NEV(3);
	EV(2, VEV_FILL, "B", 100, PX(9.97));
	quote(10.25, 10.30, UNL, UNL);	/* bid over the sell limit */
	NEV(4);
	EV(3, VEV_FILL, "S", 200, PX(10.25));
	quote(10.25, 10.30, UNL, UNL);	/* both done: nothing more */
	NEV(4);
}
END_TEST

START_TEST(test_displayed_size_used_up_and_reset)
{
	struct order a = mk("A", SIDE_BUY, 200, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct order b = mk("B", SIDE_BUY, 200, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct order c = mk("C", SIDE_SELL, 50, OTYPE_MARKET, 0, 0, TIF_DAY);

	quote(10.00, 10.05, 0, 300);
	send_order(&a);
	send_order(&b);
	send_order(&c);			/* bid size 0: nothing to sell into */
	NEV(5);
	EV(1, VEV_FILL, "A", 200, PX(10.05));
	EV(3, VEV_FILL, "B", 100, PX(10.05));
	ck_assert_str_eq(evs[3].exec_id, "B.100");
	EV(4, VEV_ACK, "C", -1, -1);
	quote(10.01, 10.06, 30, 500);	/* sizes reset */
	NEV(7);
	EV(5, VEV_FILL, "B", 100, PX(10.06));
	ck_assert_str_eq(evs[5].exec_id, "B.200");
	EV(6, VEV_FILL, "C", 30, PX(10.01));
	quote(10.02, 10.07, 100, 100);
	NEV(8);
	EV(7, VEV_FILL, "C", 20, PX(10.02));
	ck_assert_str_eq(evs[7].exec_id, "C.50");
}
END_TEST

/* Each fill reports the quote it took with what is left of its sizes, so
 * that a sim started again on that quote offers no more than is left. */
START_TEST(test_fill_reports_size_left)
{
	struct order a = mk("A", SIDE_BUY, 60, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct order s = mk("S", SIDE_SELL, 50, OTYPE_LIMIT, PX(10.00), 0,
	    TIF_GTC);
	struct order b = mk("B", SIDE_BUY, 100, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct quote left;

	quote(9.99, 10.05, 30, 100);
	send_order(&a);
	send_order(&s);			/* rests above the 9.99 bid */
	NEV(3);
	EV(1, VEV_FILL, "A", 60, PX(10.05));
	ck_assert(evs[1].has_quote);
	ck_assert_str_eq(evs[1].quote.symbol, "ACME");
	ck_assert_int_eq(evs[1].quote.bid, PX(9.99));
	ck_assert_int_eq(evs[1].quote.ask, PX(10.05));
	ck_assert_int_eq(evs[1].quote.bidsz, 30);
	ck_assert_int_eq(evs[1].quote.asksz, 40);
	ck_assert(!evs[0].has_quote);
	/* A later quote fills the resting sell and uses up its bid. */
	quote(10.00, 10.05, 20, UNL);
	NEV(4);
	EV(3, VEV_FILL, "S", 20, PX(10.00));
	ck_assert(evs[3].has_quote);
	ck_assert_int_eq(evs[3].quote.bidsz, 0);
	ck_assert_int_eq(evs[3].quote.asksz, UNL);
	/* A new sim on the quote as left: nothing on the bid for the rest
	 * of S, the ask still unlimited. */
	left = evs[3].quote;
	open_at(AT(0, 10, 0, 0));
	v->ops->on_quote(v, &left);
	s.status = ORDER_PARTIALLY_FILLED;
	s.cum_qty = 20;
	struct err err = { "" };
	ck_assert_int_eq(v->ops->restore(v, &s, &err), 0);
	send_order(&b);
	NEV(2);
	EV(1, VEV_FILL, "B", 100, PX(10.05));
	ck_assert_int_eq(evs[1].quote.asksz, UNL);
	quote(10.00, 10.05, UNL, UNL);
	NEV(3);
	EV(2, VEV_FILL, "S", 30, PX(10.00));
}
END_TEST

START_TEST(test_market_partial_then_rest)
{
	struct order o = mk("O1", SIDE_BUY, 300, OTYPE_MARKET, 0, 0, TIF_DAY);

	quote(10.00, 10.05, UNL, 100);
	send_order(&o);
	NEV(2);
	EV(1, VEV_FILL, "O1", 100, PX(10.05));
	quote(10.00, 10.10, UNL, 150);
	NEV(3);
	EV(2, VEV_FILL, "O1", 150, PX(10.10));
	quote(10.00, 10.20, UNL, UNL);
	NEV(4);
	EV(3, VEV_FILL, "O1", 50, PX(10.20));
	ck_assert_str_eq(evs[3].exec_id, "O1.300");
	/* The resting remainder was DAY: nothing left to expire. */
	clock_to(AT(0, 16, 0, 0));
	NEV(4);
}
END_TEST

START_TEST(test_market_without_quote)
{
	struct order d = mk("D", SIDE_BUY, 100, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct order i = mk("I", SIDE_BUY, 100, OTYPE_MARKET, 0, 0, TIF_IOC);
	struct order s = mk("S", SIDE_SELL, 100, OTYPE_MARKET, 0, 0, TIF_GTC);

	send_order(&d);
	send_order(&i);
	NEV(3);
	EV(0, VEV_ACK, "D", -1, -1);
	EV(1, VEV_ACK, "I", -1, -1);
	EV(2, VEV_CANCELED, "I", -1, -1);
	ck_assert_str_eq(evs[2].text, "IOC: the unfilled 100 canceled");
	/* A bid-only quote is still no ask for the buy. */
	quote(10.00, 0, UNL, UNL);
	NEV(3);
	send_order(&s);
	NEV(5);
	EV(4, VEV_FILL, "S", 100, PX(10.00));
	quote(10.00, 10.05, UNL, UNL);
	NEV(6);
	EV(5, VEV_FILL, "D", 100, PX(10.05));
}
END_TEST

START_TEST(test_ioc_partial)
{
	struct order o = mk("O1", SIDE_BUY, 500, OTYPE_LIMIT, PX(10.05), 0,
	    TIF_IOC);

	quote(10.00, 10.05, UNL, 200);
	send_order(&o);
	NEV(3);
	EV(0, VEV_ACK, "O1", -1, -1);
	EV(1, VEV_FILL, "O1", 200, PX(10.05));
	EV(2, VEV_CANCELED, "O1", 0, -1);
	ck_assert_str_eq(evs[2].text, "IOC: the unfilled 300 canceled");
	/* Gone from the book: a later quote fills nothing, cancel fails. */
	quote(10.00, 10.00, UNL, UNL);
	cancel("O1");
	NEV(4);
	EV(3, VEV_CANCEL_REJECT, "O1", -1, -1);
}
END_TEST

START_TEST(test_fok_all_or_nothing)
{
	struct order no = mk("F1", SIDE_BUY, 500, OTYPE_MARKET, 0, 0, TIF_FOK);
	struct order px = mk("F2", SIDE_BUY, 100, OTYPE_LIMIT, PX(10.00), 0,
	    TIF_FOK);
	struct order yes = mk("F3", SIDE_SELL, 400, OTYPE_MARKET, 0, 0,
	    TIF_FOK);

	quote(10.00, 10.05, 400, 300);
	send_order(&no);			/* 500 wanted, 300 shown */
	send_order(&px);			/* size is there, price is not */
	send_order(&yes);			/* 400 wanted, 400 shown */
	NEV(6);
	EV(0, VEV_ACK, "F1", -1, -1);
	EV(1, VEV_CANCELED, "F1", 0, -1);
	ck_assert_ptr_nonnull(strstr(evs[1].text, "FOK"));
	EV(2, VEV_ACK, "F2", -1, -1);
	EV(3, VEV_CANCELED, "F2", 0, -1);
	EV(4, VEV_ACK, "F3", -1, -1);
	EV(5, VEV_FILL, "F3", 400, PX(10.00));
}
END_TEST

START_TEST(test_fok_leaves_size)
{
	struct order no = mk("F1", SIDE_BUY, 500, OTYPE_MARKET, 0, 0, TIF_FOK);
	struct order m = mk("M", SIDE_BUY, 300, OTYPE_MARKET, 0, 0, TIF_DAY);

	quote(10.00, 10.05, 400, 300);
	send_order(&no);
	send_order(&m);
	NEV(4);
	EV(1, VEV_CANCELED, "F1", 0, -1);
	EV(3, VEV_FILL, "M", 300, PX(10.05));
}
END_TEST

START_TEST(test_stops_trigger)
{
	struct order b = mk("BS", SIDE_BUY, 100, OTYPE_STOP, 0, PX(10.50),
	    TIF_DAY);
	struct order s = mk("SS", SIDE_SELL, 100, OTYPE_STOP, 0, PX(9.50),
	    TIF_DAY);

	quote(10.00, 10.05, UNL, UNL);
	send_order(&b);
	send_order(&s);
	NEV(2);
	quote(10.40, 10.49, UNL, UNL);	/* ask under the buy stop */
	NEV(2);
	quote(10.45, 10.50, UNL, UNL);	/* ask reaches it */
	NEV(4);
	EV(2, VEV_TRIGGERED, "BS", -1, PX(10.50));
	EV(3, VEV_FILL, "BS", 100, PX(10.50));
	quote(9.51, 9.60, UNL, UNL);
	NEV(4);
	quote(9.40, 9.45, UNL, UNL);	/* bid falls through the sell stop */
	NEV(6);
	EV(4, VEV_TRIGGERED, "SS", -1, PX(9.50));
	EV(5, VEV_FILL, "SS", 100, PX(9.40));
}
END_TEST

START_TEST(test_stop_waits_without_quote)
{
	struct order s = mk("SS", SIDE_SELL, 100, OTYPE_STOP, 0, PX(9.50),
	    TIF_DAY);

	send_order(&s);
	quote(0, 9.00, UNL, UNL);	/* no bid: the sell stop waits */
	NEV(1);
	quote(9.50, 9.55, UNL, UNL);
	NEV(3);
	EV(1, VEV_TRIGGERED, "SS", -1, -1);
	EV(2, VEV_FILL, "SS", 100, PX(9.50));
}
END_TEST

START_TEST(test_stop_limit)
{
	struct order o = mk("SL", SIDE_BUY, 100, OTYPE_STOP_LIMIT, PX(10.60),
	    PX(10.50), TIF_DAY);

	quote(10.00, 10.05, UNL, UNL);
	send_order(&o);
	NEV(1);
	/* Triggered, but the ask is above the limit: it rests. */
	quote(10.60, 10.70, UNL, UNL);
	NEV(2);
	EV(1, VEV_TRIGGERED, "SL", -1, PX(10.50));
	/* Back below the stop: a triggered order stays a limit order. */
	quote(10.30, 10.40, UNL, 60);
	NEV(3);
	EV(2, VEV_FILL, "SL", 60, PX(10.40));
	quote(10.50, 10.60, UNL, UNL);
	NEV(4);
	EV(3, VEV_FILL, "SL", 40, PX(10.60));
}
END_TEST

START_TEST(test_stop_through_at_entry)
{
	struct order b = mk("BS", SIDE_BUY, 100, OTYPE_STOP, 0, PX(10.00),
	    TIF_DAY);
	struct order s = mk("SL", SIDE_SELL, 100, OTYPE_STOP_LIMIT, PX(10.10),
	    PX(10.20), TIF_DAY);

	quote(10.00, 10.05, UNL, UNL);
	send_order(&b);
	send_order(&s);
	NEV(5);
	EV(0, VEV_ACK, "BS", -1, -1);
	EV(1, VEV_TRIGGERED, "BS", -1, PX(10.00));
	EV(2, VEV_FILL, "BS", 100, PX(10.05));
	EV(3, VEV_ACK, "SL", -1, -1);
	EV(4, VEV_TRIGGERED, "SL", -1, PX(10.20));
	/* Triggered into a limit of 10.10: the bid 10.00 is below it, so
	 * it rests until a bid reaches 10.10. */
	quote(10.10, 10.15, UNL, UNL);
	NEV(6);
	EV(5, VEV_FILL, "SL", 100, PX(10.10));
}
END_TEST

START_TEST(test_stop_ioc_acts_when_triggered)
{
	struct order o = mk("SI", SIDE_BUY, 300, OTYPE_STOP, 0, PX(10.50),
	    TIF_IOC);

	quote(10.00, 10.05, UNL, UNL);
	send_order(&o);
	NEV(1);				/* waits for its stop */
	quote(10.45, 10.50, UNL, 100);
	NEV(4);
	EV(1, VEV_TRIGGERED, "SI", -1, -1);
	EV(2, VEV_FILL, "SI", 100, PX(10.50));
	EV(3, VEV_CANCELED, "SI", -1, -1);
	ck_assert_str_eq(evs[3].text, "IOC: the unfilled 200 canceled");
}
END_TEST

START_TEST(test_replace_refused)
{
	struct order m = mk("M", SIDE_BUY, 100, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct order_change c;

	send_order(&m);			/* no quote: rests */
	memset(&c, 0, sizeof c);
	c.have_limit = true;
	c.limit_px = PX(10.00);
	replace(&m, &c);		/* a market order has no price */
	NEV(2);
	EV(1, VEV_REPLACE_REJECT, "M", -1, -1);
	/* Refused: the order still works as it was. */
	quote(10.00, 10.05, UNL, UNL);
	NEV(3);
	EV(2, VEV_FILL, "M", 100, PX(10.05));
}
END_TEST

START_TEST(test_trailing_amount)
{
	struct order o = mk("TS", SIDE_SELL, 100, OTYPE_TRAILING_STOP, 0, 0,
	    TIF_DAY);

	o.trail = PX(0.50);
	quote(10.00, 10.05, UNL, UNL);
	send_order(&o);
	NEV(2);
	EV(1, VEV_STOP_MOVED, "TS", -1, PX(9.50));
	quote(10.40, 10.45, UNL, UNL);	/* new high bid: stop up */
	NEV(3);
	EV(2, VEV_STOP_MOVED, "TS", -1, PX(9.90));
	quote(10.20, 10.25, UNL, UNL);	/* lower bid: the stop stays */
	NEV(3);
	quote(10.40, 10.45, UNL, UNL);	/* same high: no move */
	NEV(3);
	quote(9.90, 9.95, UNL, UNL);	/* falls to the stop */
	NEV(5);
	EV(3, VEV_TRIGGERED, "TS", -1, PX(9.90));
	EV(4, VEV_FILL, "TS", 100, PX(9.90));
}
END_TEST

START_TEST(test_trailing_percent_buy)
{
	struct order o = mk("TB", SIDE_BUY, 100, OTYPE_TRAILING_STOP, 0, 0,
	    TIF_DAY);

	o.trail = PX(2);		/* 2 % */
	o.trail_pct = true;
	send_order(&o);			/* no quote: best comes later */
	NEV(1);
	quote(9.95, 10.00, UNL, UNL);
	NEV(2);
	EV(1, VEV_STOP_MOVED, "TB", -1, PX(10.20));
	quote(9.00, 9.10, UNL, UNL);	/* lower ask: stop down */
	NEV(3);
	EV(2, VEV_STOP_MOVED, "TB", -1, PX(9.282));
	quote(9.20, 9.25, UNL, UNL);
	NEV(3);
	quote(9.25, 9.30, UNL, UNL);	/* ask through 9.282 */
	NEV(5);
	EV(3, VEV_TRIGGERED, "TB", -1, PX(9.282));
	EV(4, VEV_FILL, "TB", 100, PX(9.30));
}
END_TEST

START_TEST(test_trailing_percent_rounding_and_limit)
{
	struct order o = mk("TL", SIDE_SELL, 100, OTYPE_TRAILING_STOP,
	    PX(9.00), 0, TIF_DAY);

	o.trail = PX(1.5);		/* 1.5 % */
	o.trail_pct = true;
	quote(10.00000003, 10.1, UNL, UNL);
	send_order(&o);
	NEV(2);
	/* 10.00000003 x 0.985 = 9.8500000295 -> 9.85000003 */
	EV(1, VEV_STOP_MOVED, "TL", -1, 985000003);
	quote(8.50, 8.60, UNL, UNL);	/* triggers; 9.00 limit not met */
	NEV(3);
	EV(2, VEV_TRIGGERED, "TL", -1, -1);
	quote(9.00, 9.10, UNL, UNL);
	NEV(4);
	EV(3, VEV_FILL, "TL", 100, PX(9.00));
}
END_TEST

START_TEST(test_day_expiry_at_close)
{
	struct order d = mk("D", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_DAY);
	struct order s = mk("S", SIDE_SELL, 100, OTYPE_STOP, 0, PX(8.00),
	    TIF_DAY);
	struct order m = mk("M", SIDE_BUY, 100, OTYPE_MARKET, 0, 0, TIF_DAY);

	quote(10.00, 0, UNL, UNL);
	send_order(&d);
	send_order(&s);
	send_order(&m);			/* no ask: rests */
	NEV(3);
	clock_to(AT(0, 15, 59, 59));
	NEV(3);
	clock_to(AT(0, 16, 0, 0));
	NEV(6);
	EV(3, VEV_EXPIRED, "D", -1, -1);
	EV(4, VEV_EXPIRED, "S", -1, -1);
	EV(5, VEV_EXPIRED, "M", -1, -1);
	cancel("D");
	NEV(7);
	EV(6, VEV_CANCEL_REJECT, "D", -1, -1);
	clock_to(AT(1, 16, 0, 0));
	NEV(7);
}
END_TEST

START_TEST(test_day_after_close_lives_to_next_close)
{
	struct order d = mk("D", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_DAY);

	clock_to(AT(0, 17, 0, 0));
	send_order(&d);
	clock_to(AT(1, 9, 30, 0));
	clock_to(AT(1, 15, 59, 59));
	NEV(1);
	clock_to(AT(1, 16, 0, 0));
	NEV(2);
	EV(1, VEV_EXPIRED, "D", -1, -1);
}
END_TEST

START_TEST(test_gtc_survives)
{
	struct order g = mk("G", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_GTC);

	quote(9.50, 9.60, UNL, UNL);
	send_order(&g);
	clock_to(AT(0, 16, 0, 0));
	clock_to(AT(30, 12, 0, 0));
	NEV(1);
	quote(8.90, 8.95, UNL, UNL);
	NEV(2);
	EV(1, VEV_FILL, "G", 100, PX(8.95));
}
END_TEST

START_TEST(test_gtd)
{
	struct order g = mk("G", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_GTD);
	struct order old = mk("P", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_GTD);

	g.gtd_date = 20260107;		/* Wednesday */
	old.gtd_date = 20260101;	/* already past: ends at this close */
	send_order(&g);
	send_order(&old);
	clock_to(AT(0, 16, 0, 0));
	NEV(3);
	EV(2, VEV_EXPIRED, "P", -1, -1);
	clock_to(AT(1, 16, 0, 0));	/* Tuesday: still good */
	NEV(3);
	clock_to(AT(2, 15, 59, 59));
	NEV(3);
	clock_to(AT(2, 16, 0, 0));	/* on its date: expires */
	NEV(4);
	EV(3, VEV_EXPIRED, "G", -1, -1);
	ck_assert_ptr_nonnull(strstr(evs[3].text, "GTD"));
}
END_TEST

/* A GTD order whose date is not a trading day ends at the close of the
 * last trading day before it; weekends and holidays have no close. */
START_TEST(test_gtd_closed_day)
{
	struct calendar *cal = calendar_new();
	struct err err;
	struct order sat = mk("S", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_GTD);
	struct order hol = mk("H", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_GTD);
	struct order mon = mk("M", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_GTD);

	/* Martin Luther King Jr. Day, Monday 2026-01-19. */
	ck_assert_int_eq(calendar_add_holiday(cal, 20260119, &err), 0);
	venue_sim_set_calendar(v, cal);
	sat.gtd_date = 20260110;	/* Saturday: ends Friday the 9th */
	hol.gtd_date = 20260119;	/* the holiday: ends Friday the 16th */
	mon.gtd_date = 20260112;	/* Monday: good over the weekend */
	send_order(&sat);
	send_order(&hol);
	send_order(&mon);
	NEV(3);
	clock_to(AT(3, 16, 0, 0));	/* Thursday */
	NEV(3);
	clock_to(AT(4, 16, 0, 0));	/* Friday the 9th */
	NEV(4);
	EV(3, VEV_EXPIRED, "S", -1, -1);
	clock_to(AT(5, 16, 0, 0));	/* Saturday: no close */
	clock_to(AT(6, 16, 0, 0));
	NEV(4);
	clock_to(AT(7, 16, 0, 0));	/* Monday the 12th */
	NEV(5);
	EV(4, VEV_EXPIRED, "M", -1, -1);
	clock_to(AT(11, 16, 0, 0));	/* Friday the 16th */
	NEV(6);
	EV(5, VEV_EXPIRED, "H", -1, -1);
	venue_free(v);
	v = NULL;
	calendar_free(cal);
}
END_TEST

START_TEST(test_opg_at_open)
{
	struct order a = mk("A", SIDE_BUY, 300, OTYPE_MARKET, 0, 0, TIF_OPG);
	struct order b = mk("B", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_OPG);
	struct order late = mk("L", SIDE_BUY, 100, OTYPE_MARKET, 0, 0,
	    TIF_OPG);
	struct order night = mk("N", SIDE_BUY, 100, OTYPE_MARKET, 0, 0,
	    TIF_OPG);

	open_at(AT(0, 8, 0, 0));
	quote(10.00, 10.05, UNL, 200);
	send_order(&a);
	send_order(&b);
	NEV(2);				/* waits for the open */
	quote(10.00, 10.05, UNL, 200);
	NEV(2);
	clock_to(AT(0, 9, 29, 59));
	NEV(2);
	clock_to(AT(0, 9, 30, 0));
	NEV(5);
	EV(2, VEV_FILL, "A", 200, PX(10.05));
	EV(3, VEV_EXPIRED, "A", -1, -1);
	ck_assert_str_eq(evs[3].text, "OPG: not filled at the open");
	EV(4, VEV_EXPIRED, "B", -1, -1);
	send_order(&late);			/* session open */
	NEV(6);
	EV(5, VEV_REJECT, "L", -1, -1);
	ck_assert_str_eq(evs[5].text,
	    "OPG orders are taken only before the open");
	clock_to(AT(0, 16, 30, 0));
	send_order(&night);			/* after the close */
	NEV(7);
	EV(6, VEV_REJECT, "N", -1, -1);
}
END_TEST

START_TEST(test_atc_at_close)
{
	struct order a = mk("A", SIDE_SELL, 100, OTYPE_MARKET, 0, 0, TIF_ATC);
	struct order b = mk("B", SIDE_SELL, 100, OTYPE_LIMIT, PX(11.00), 0,
	    TIF_ATC);
	struct order late = mk("L", SIDE_SELL, 100, OTYPE_MARKET, 0, 0,
	    TIF_ATC);
	struct order d = mk("D", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_DAY);

	send_order(&a);
	send_order(&b);
	send_order(&d);
	quote(10.00, 10.05, UNL, UNL);	/* ATC does not trade before 16:00 */
	NEV(3);
	clock_to(AT(0, 15, 59, 59));
	NEV(3);
	clock_to(AT(0, 16, 0, 0));
	NEV(6);
	EV(3, VEV_FILL, "A", 100, PX(10.00));
	EV(4, VEV_EXPIRED, "B", -1, -1);
	ck_assert_str_eq(evs[4].text, "ATC: not filled at the close");
	/* Then the DAY orders. */
	EV(5, VEV_EXPIRED, "D", -1, -1);
	send_order(&late);
	NEV(7);
	EV(6, VEV_REJECT, "L", -1, -1);
	ck_assert_str_eq(evs[6].text,
	    "ATC orders are taken only before the close");
}
END_TEST

START_TEST(test_multi_day_jump)
{
	struct order o = mk("O", SIDE_BUY, 100, OTYPE_MARKET, 0, 0, TIF_OPG);
	struct order g = mk("G", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_GTD);
	struct order d = mk("D", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_DAY);
	struct order c = mk("C", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_GTC);

	open_at(AT(0, 7, 0, 0));
	g.gtd_date = 20260108;
	quote(10.00, 10.05, UNL, UNL);
	send_order(&o);
	send_order(&g);
	send_order(&d);
	send_order(&c);
	NEV(4);
	/* One call crosses the open, then four closes: every boundary in
	 * time order. */
	clock_to(AT(4, 12, 0, 0));
	NEV(7);
	EV(4, VEV_FILL, "O", 100, PX(10.05));
	EV(5, VEV_EXPIRED, "D", -1, -1);	/* Monday's close */
	EV(6, VEV_EXPIRED, "G", -1, -1);	/* Thursday's close */
	/* The clock set back to before Monday's open: nothing expires
	 * again, and a quote before the open trades nothing; at the open
	 * the GTC order trades against it. */
	clock_to(AT(0, 8, 0, 0));
	NEV(7);
	quote(8.00, 8.50, UNL, UNL);
	NEV(7);
	clock_to(AT(0, 9, 30, 0));
	NEV(8);
	EV(7, VEV_FILL, "C", 100, PX(8.50));
}
END_TEST

/* Outside the session nothing trades: a marketable limit taken on a
 * Saturday (GTC) or before the open (DAY) waits, quotes move prices
 * only, and at the open the orders trade against the last quote. */
START_TEST(test_closed_trades_nothing)
{
	struct order sat = mk("S", SIDE_BUY, 100, OTYPE_LIMIT, PX(10.10), 0,
	    TIF_GTC);
	struct order pre = mk("P", SIDE_SELL, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_DAY);

	open_at(AT(5, 12, 0, 0));	/* Saturday 2026-01-10 */
	quote(10.00, 10.05, UNL, UNL);
	send_order(&sat);
	NEV(1);
	EV(0, VEV_ACK, "S", -1, -1);
	quote(10.00, 10.04, UNL, UNL);
	NEV(1);
	clock_to(AT(7, 8, 0, 0));	/* Monday, before the open */
	send_order(&pre);
	NEV(2);
	EV(1, VEV_ACK, "P", -1, -1);
	quote(9.98, 10.03, UNL, UNL);
	NEV(2);
	clock_to(AT(7, 9, 30, 0));
	NEV(4);
	EV(2, VEV_FILL, "S", 100, PX(10.03));
	EV(3, VEV_FILL, "P", 100, PX(9.98));
}
END_TEST

START_TEST(test_cancel_and_reject)
{
	struct order o = mk("O7", SIDE_BUY, 100, OTYPE_LIMIT, PX(9.00), 0,
	    TIF_DAY);

	quote(10.00, 10.05, UNL, UNL);
	send_order(&o);
	cancel("O7");
	NEV(2);
	EV(1, VEV_CANCELED, "O7", -1, -1);
	cancel("O7");
	cancel("NOPE");
	NEV(4);
	EV(2, VEV_CANCEL_REJECT, "O7", -1, -1);
	ck_assert_str_eq(evs[2].text,
	    "order O7 is no longer working at the venue");
	EV(3, VEV_CANCEL_REJECT, "NOPE", -1, -1);
	quote(8.00, 8.05, UNL, UNL);	/* canceled: never fills */
	NEV(4);
}
END_TEST

START_TEST(test_replace_price_marketable)
{
	struct order o = mk("O1", SIDE_BUY, 500, OTYPE_LIMIT, PX(9.90), 0,
	    TIF_DAY);
	struct order_change c;

	quote(10.00, 10.05, UNL, 200);
	send_order(&o);
	NEV(1);
	memset(&c, 0, sizeof c);
	c.have_limit = true;
	c.limit_px = PX(10.10);
	replace(&o, &c);
	NEV(3);
	EV(1, VEV_REPLACED, "O1", -1, -1);
	ck_assert(evs[1].change.have_limit);
	ck_assert_int_eq(evs[1].change.limit_px, PX(10.10));
	EV(2, VEV_FILL, "O1", 200, PX(10.05));
	/* The rest rests at the new limit. */
	quote(10.00, 10.10, UNL, UNL);
	NEV(4);
	EV(3, VEV_FILL, "O1", 300, PX(10.10));
	/* Unknown order now. */
	replace(&o, &c);
	NEV(5);
	EV(4, VEV_REPLACE_REJECT, "O1", -1, -1);
}
END_TEST

START_TEST(test_replace_qty_to_filled)
{
	struct order o = mk("O1", SIDE_BUY, 500, OTYPE_MARKET, 0, 0, TIF_DAY);
	struct order_change c;

	quote(10.00, 10.05, UNL, 200);
	send_order(&o);
	NEV(2);
	memset(&c, 0, sizeof c);
	c.have_qty = true;
	c.qty = 100;			/* below the 200 filled */
	replace(&o, &c);
	NEV(3);
	EV(2, VEV_REPLACE_REJECT, "O1", -1, -1);
	c.qty = 200;			/* exactly filled: done */
	replace(&o, &c);
	NEV(4);
	EV(3, VEV_REPLACED, "O1", -1, -1);
	ck_assert_int_eq(evs[3].change.qty, 200);
	quote(10.00, 10.05, UNL, UNL);
	cancel("O1");
	NEV(5);
	EV(4, VEV_CANCEL_REJECT, "O1", -1, -1);
}
END_TEST

START_TEST(test_replace_stop_through)
{
	struct order o = mk("S", SIDE_SELL, 100, OTYPE_STOP, 0, PX(9.00),
	    TIF_GTC);
	struct order_change c;

	quote(10.00, 10.05, UNL, UNL);
	send_order(&o);
	memset(&c, 0, sizeof c);
	c.have_stop = true;
	c.stop_px = PX(10.00);
	replace(&o, &c);
	NEV(4);
	EV(1, VEV_REPLACED, "S", -1, -1);
	EV(2, VEV_TRIGGERED, "S", -1, PX(10.00));
	EV(3, VEV_FILL, "S", 100, PX(10.00));
}
END_TEST

START_TEST(test_restore_then_fill)
{
	struct order o = mk("O1", SIDE_BUY, 500, OTYPE_LIMIT, PX(10.00), 0,
	    TIF_DAY);
	struct order t = mk("T1", SIDE_SELL, 100, OTYPE_TRAILING_STOP, 0,
	    PX(9.50), TIF_GTC);
	struct order done = mk("X", SIDE_BUY, 100, OTYPE_MARKET, 0, 0,
	    TIF_DAY);
	struct err err;

	quote(10.00, 10.05, UNL, 200);
	send_order(&o);
	NEV(1);
	/* A restart: a new sim learns the working orders, silently. */
	open_at(AT(0, 10, 0, 0));
	o.status = ORDER_PARTIALLY_FILLED;
	o.cum_qty = 200;
	t.status = ORDER_NEW;
	t.trail = PX(0.50);
	done.status = ORDER_FILLED;
	ck_assert_int_eq(v->ops->restore(v, &o, &err), 0);
	ck_assert_int_eq(v->ops->restore(v, &t, &err), 0);
	ck_assert_int_eq(v->ops->restore(v, &done, &err), -1);
	ck_assert_int_eq(v->ops->restore(v, &o, &err), -1);
	NEV(0);
	quote(9.80, 9.99, UNL, UNL);
	NEV(1);
	EV(0, VEV_FILL, "O1", 300, PX(9.99));
	ck_assert_str_eq(evs[0].exec_id, "O1.500");
	/* The restored trailing stop keeps its level until a better bid. */
	quote(9.90, 9.95, UNL, UNL);
	NEV(1);
	quote(10.10, 10.15, UNL, UNL);
	NEV(2);
	EV(1, VEV_STOP_MOVED, "T1", -1, PX(9.60));
	quote(9.60, 9.65, UNL, UNL);
	NEV(4);
	EV(2, VEV_TRIGGERED, "T1", -1, -1);
	EV(3, VEV_FILL, "T1", 100, PX(9.60));
}
END_TEST

START_TEST(test_priority)
{
	struct order l1 = mk("L1", SIDE_BUY, 100, OTYPE_LIMIT, PX(10.00), 0,
	    TIF_DAY);
	struct order l2 = mk("L2", SIDE_BUY, 100, OTYPE_LIMIT, PX(10.02), 0,
	    TIF_DAY);
	struct order l3 = mk("L3", SIDE_BUY, 100, OTYPE_LIMIT, PX(10.00), 0,
	    TIF_DAY);
	struct order st = mk("ST", SIDE_BUY, 100, OTYPE_STOP, 0, PX(9.95),
	    TIF_DAY);
	struct order m1 = mk("M1", SIDE_BUY, 100, OTYPE_MARKET, 0, 0,
	    TIF_DAY);
	struct order s1 = mk("S1", SIDE_SELL, 100, OTYPE_LIMIT, PX(10.10), 0,
	    TIF_DAY);
	struct order s2 = mk("S2", SIDE_SELL, 100, OTYPE_LIMIT, PX(10.05), 0,
	    TIF_DAY);

	/* No ask yet: everything rests; the stop waits for an ask. */
	quote(9.00, 0, UNL, UNL);
	send_order(&l1);
	send_order(&l2);
	send_order(&l3);
	send_order(&st);
	send_order(&m1);
	send_order(&s1);
	send_order(&s2);
	NEV(7);
	/* 350 shown: stop (arrived before the market order), market, then
	 * the best limit, then the older of the two at 10.00. */
	quote(10.20, 9.99, 150, 350);
	NEV(14);
	EV(7, VEV_TRIGGERED, "ST", -1, -1);
	EV(8, VEV_FILL, "ST", 100, PX(9.99));
	EV(9, VEV_FILL, "M1", 100, PX(9.99));
	EV(10, VEV_FILL, "L2", 100, PX(9.99));
	EV(11, VEV_FILL, "L1", 50, PX(9.99));
	/* Sells: the lower limit first. */
	EV(12, VEV_FILL, "S2", 100, PX(10.20));
	EV(13, VEV_FILL, "S1", 50, PX(10.20));
	/* The next quote: L1 before L3 at the same price. */
	quote(9.00, 10.00, UNL, 100);
	NEV(16);
	EV(14, VEV_FILL, "L1", 50, PX(10.00));
	EV(15, VEV_FILL, "L3", 50, PX(10.00));
}
END_TEST

START_TEST(test_many_orders_bounded)
{
	struct order o;
	char id[ORDER_ID_MAX];
	int i, n = 200000;

	quote(10.00, 10.05, UNL, UNL);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "N%d", i);
		o = mk(id, i % 2 ? SIDE_SELL : SIDE_BUY, 100, OTYPE_MARKET, 0,
		    0, TIF_DAY);
		send_order(&o);
		nev = 0;
	}
	ck_assert_uint_eq(nemitted, 2 * (size_t)n);
	/* All done: the close has nothing to expire. */
	clock_to(AT(0, 16, 0, 0));
	ck_assert_uint_eq(nemitted, 2 * (size_t)n);
}
END_TEST

static Suite *
sim_suite(void)
{
	Suite *s = suite_create("sim");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_free_null_and_names);
	tcase_add_test(tc, test_bad_orders_rejected);
	tcase_add_test(tc, test_marketable_limit_price_improvement);
	tcase_add_test(tc, test_resting_limit_filled_by_later_quote);
	tcase_add_test(tc, test_displayed_size_used_up_and_reset);
	tcase_add_test(tc, test_fill_reports_size_left);
	tcase_add_test(tc, test_market_partial_then_rest);
	tcase_add_test(tc, test_market_without_quote);
	tcase_add_test(tc, test_ioc_partial);
	tcase_add_test(tc, test_fok_all_or_nothing);
	tcase_add_test(tc, test_fok_leaves_size);
	tcase_add_test(tc, test_stops_trigger);
	tcase_add_test(tc, test_stop_waits_without_quote);
	tcase_add_test(tc, test_stop_limit);
	tcase_add_test(tc, test_stop_through_at_entry);
	tcase_add_test(tc, test_stop_ioc_acts_when_triggered);
	tcase_add_test(tc, test_trailing_amount);
	tcase_add_test(tc, test_trailing_percent_buy);
	tcase_add_test(tc, test_trailing_percent_rounding_and_limit);
	tcase_add_test(tc, test_day_expiry_at_close);
	tcase_add_test(tc, test_day_after_close_lives_to_next_close);
	tcase_add_test(tc, test_gtc_survives);
	tcase_add_test(tc, test_gtd);
	tcase_add_test(tc, test_gtd_closed_day);
	tcase_add_test(tc, test_closed_trades_nothing);
	tcase_add_test(tc, test_opg_at_open);
	tcase_add_test(tc, test_atc_at_close);
	tcase_add_test(tc, test_multi_day_jump);
	tcase_add_test(tc, test_cancel_and_reject);
	tcase_add_test(tc, test_replace_price_marketable);
	tcase_add_test(tc, test_replace_qty_to_filled);
	tcase_add_test(tc, test_replace_stop_through);
	tcase_add_test(tc, test_replace_refused);
	tcase_add_test(tc, test_restore_then_fill);
	tcase_add_test(tc, test_priority);
	tcase_add_test(tc, test_many_orders_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sim_suite());

	return testlib_run(sr);
}
