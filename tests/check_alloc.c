/* tests/check_alloc.c: unit tests of the block arithmetic (src/core/alloc.c):
 * splitting a booking among a block's members, method names, rebalance
 * targets and settlement dates.
 *
 * Every successful split is checked for the invariants a trader relies on
 * (shares add up to the booking, nobody gets more than its room) by
 * split_ok(); the property test adds "within one lot of the ideal share",
 * the ideal being computed here again, independently, in exact rationals. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "err.h"
#include "fixed.h"
#include "instrument.h"
#include "testlib.h"

#define W	ALLOC_W_SCALE
#define NMAX	16

/* A member with ACCOUNT, ORDER_ID, REQUEST, DONE and WEIGHT (out unset). */
static struct alloc_member
mb(const char *account, const char *order_id, int64_t request, int64_t done,
    int64_t weight)
{
	struct alloc_member m;

	m.account = account;
	m.order_id = order_id;
	m.request = request;
	m.done = done;
	m.weight = weight;
	m.out = -1;		/* must be overwritten */
	return m;
}

/* Split and insist it works: outs add up to QTY, each within its room,
 * and (weights) nothing goes to a member of weight 0. */
static void
split_ok(enum alloc_method method, int64_t qty, int64_t lot,
    struct alloc_member *m, size_t n)
{
	struct err err;
	__int128 sum = 0;
	size_t	i;

	err_clear(&err);
	ck_assert_msg(alloc_split(method, qty, lot, m, n, &err) == 0,
	    "split %lld lot %lld: %s", (long long)qty, (long long)lot,
	    err.msg);
	for (i = 0; i < n; i++) {
		ck_assert_msg(m[i].out >= 0 && m[i].out <= m[i].request -
		    m[i].done, "member %zu: %lld with room %lld", i,
		    (long long)m[i].out, (long long)(m[i].request - m[i].done));
		if (method == ALLOC_WEIGHTS && m[i].weight == 0)
			ck_assert_int_eq(m[i].out, 0);
		sum += m[i].out;
	}
	ck_assert_msg(sum == qty, "shares add up to %lld, not %lld",
	    (long long)sum, (long long)qty);
}

/* Split and insist it fails with a message containing WANT, every out 0. */
static void
split_fails(enum alloc_method method, int64_t qty, int64_t lot,
    struct alloc_member *m, size_t n, const char *want)
{
	struct err err;
	size_t	i;

	err_clear(&err);
	ck_assert_int_eq(alloc_split(method, qty, lot, m, n, &err), -1);
	ck_assert_msg(strstr(err.msg, want) != NULL, "'%s' lacks '%s'",
	    err.msg, want);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(m[i].out, 0);
}

/* Check M[i].out against WANT[i] for every member. */
static void
outs_are(const struct alloc_member *m, size_t n, const int64_t *want)
{
	size_t	i;

	for (i = 0; i < n; i++)
		ck_assert_msg(m[i].out == want[i], "member %zu (%s): %lld, "
		    "want %lld", i, m[i].order_id, (long long)m[i].out,
		    (long long)want[i]);
}

/* ---------------------------------------------------------- degenerate */

START_TEST(test_split_degenerate)
{
	struct alloc_member m[3];
	struct err err;

	/* No members at all. */
	ck_assert_int_eq(alloc_split(ALLOC_PRORATA, 100, 1, NULL, 0, &err),
	    -1);
	ck_assert_str_eq(err.msg, "there is nothing to allocate to: the "
	    "block has no members");
	ck_assert_int_eq(alloc_split(ALLOC_PRORATA, 100, 1, NULL, 3, &err),
	    -1);
	m[0] = mb("A", "O1", 100, 0, W);
	split_fails(ALLOC_PRORATA, 100, 1, m, 0, "no members");
	ck_assert_int_eq(m[0].out, -1);	/* n == 0: nothing touched */
	/* NULL err is allowed. */
	ck_assert_int_eq(alloc_split(ALLOC_PRORATA, 100, 0, m, 1, NULL), -1);

	m[0] = mb("A", "O1", 300, 0, W);
	m[1] = mb("B", "O2", 200, 0, W);
	split_fails(ALLOC_PRORATA, 100, 0, m, 2, "cannot allocate in lots "
	    "of 0: a lot is at least 1");
	split_fails(ALLOC_PRORATA, 100, -100, m, 2, "lots of -100");
	split_fails(ALLOC_PRORATA, -1, 1, m, 2, "cannot allocate -1: the "
	    "quantity is negative");
	split_fails((enum alloc_method)7, 100, 1, m, 2, "method 7 is "
	    "unknown");
	split_fails(ALLOC_METHOD_COUNT, 100, 1, m, 2, "unknown");

	/* Over the room. */
	split_fails(ALLOC_PRORATA, 501, 1, m, 2, "cannot allocate 501: the "
	    "block's members can take only 500 more");
	m[0].done = 250;
	m[1].done = 150;
	split_fails(ALLOC_EVEN, 500, 100, m, 2, "cannot allocate 500: the "
	    "block's members can take only 100 more");
	m[0].done = 300;
	m[1].done = 200;
	split_fails(ALLOC_PRORATA, 1, 1, m, 2, "cannot allocate 1: every "
	    "member of the block already has all it asked for");

	/* Bad members. */
	m[0] = mb("A", "O1", 0, 0, W);
	m[1] = mb("B", "O2", 200, 0, W);
	split_fails(ALLOC_PRORATA, 100, 1, m, 2, "order O1: its quantity 0 "
	    "is not positive");
	m[0] = mb("A", "O1", 100, 101, W);
	split_fails(ALLOC_PRORATA, 50, 1, m, 2, "order O1: 101 already "
	    "allocated does not fit its quantity 100");
	m[0] = mb("A", NULL, 100, -1, W);
	split_fails(ALLOC_PRORATA, 50, 1, m, 2, "account A: -1 already");
	m[0] = mb(NULL, NULL, 100, 0, W);
	m[1] = mb("B", "", 100, 0, -W / 2);
	split_fails(ALLOC_WEIGHTS, 50, 1, m, 2, "account B: weight -0.5 is "
	    "negative");
	/* A negative weight only matters to the weights method. */
	split_ok(ALLOC_PRORATA, 50, 1, m, 2);
	m[1] = mb(NULL, NULL, -5, 0, W);
	split_fails(ALLOC_PRORATA, 50, 1, m, 2, "member 2: its quantity -5");

	/* Zero is a valid booking of nothing. */
	m[0] = mb("A", "O1", 300, 0, W);
	m[1] = mb("B", "O2", 200, 200, W);
	split_ok(ALLOC_PRORATA, 0, 100, m, 2);
	ck_assert_int_eq(m[0].out, 0);
	ck_assert_int_eq(m[1].out, 0);
	m[0].done = 300;
	split_ok(ALLOC_EVEN, 0, 1, m, 2);
}
END_TEST

START_TEST(test_split_weights_fail)
{
	struct alloc_member m[3];

	/* All weights zero. */
	m[0] = mb("A", "O1", 100, 0, 0);
	m[1] = mb("B", "O2", 100, 0, 0);
	split_fails(ALLOC_WEIGHTS, 10, 1, m, 2, "cannot allocate 10: every "
	    "member with room left has weight 0");
	/* The only weighted member is full: same. */
	m[0] = mb("A", "O1", 100, 100, W);
	split_fails(ALLOC_WEIGHTS, 10, 1, m, 2, "has weight 0");
	/* Weighted members short of room: no fallback to weight 0. */
	m[0] = mb("A", "O1", 100, 0, W);
	m[1] = mb("B", "O2", 100, 60, 2 * W);
	m[2] = mb("C", "O3", 1000, 0, 0);
	split_fails(ALLOC_WEIGHTS, 200, 1, m, 3, "cannot allocate 200: the "
	    "members with a weight can take only 140 more (60 short)");
	/* Exactly their room works, and C still gets nothing. */
	split_ok(ALLOC_WEIGHTS, 140, 1, m, 3);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 40);
	ck_assert_int_eq(m[2].out, 0);
}
END_TEST

/* -------------------------------------------------------------- prorata */

START_TEST(test_split_prorata_exact)
{
	struct alloc_member m[4];
	static const int64_t full[] = { 100, 200, 300, 400 };
	static const int64_t half[] = { 50, 100, 150, 200 };
	static const int64_t lots[] = { 0, 100, 200, 200 };

	m[0] = mb("A", "O1", 100, 0, 0);
	m[1] = mb("B", "O2", 200, 0, 0);
	m[2] = mb("C", "O3", 300, 0, 0);
	m[3] = mb("D", "O4", 400, 0, 0);
	split_ok(ALLOC_PRORATA, 1000, 1, m, 4);
	outs_are(m, 4, full);
	split_ok(ALLOC_PRORATA, 1000, 100, m, 4);
	outs_are(m, 4, full);
	split_ok(ALLOC_PRORATA, 500, 1, m, 4);
	outs_are(m, 4, half);
	split_ok(ALLOC_PRORATA, 500, 50, m, 4);
	outs_are(m, 4, half);
	/* Lots of 100: ideals 50/100/150/200 floor to 0/100/100/200; the
	 * one lot left has remainders A 50 and C 50 to choose from, and C
	 * asked for more. */
	split_ok(ALLOC_PRORATA, 500, 100, m, 4);
	outs_are(m, 4, lots);
}
END_TEST

START_TEST(test_split_odd_lots)
{
	struct alloc_member m[3];

	/* 150 and 50 in lots of 100: 200 booked.  Ideals 150/50, floors
	 * 100/0; the leftover lot fits neither (A would reach 200), so it
	 * goes in pieces: A 50 (larger request), then B 50. */
	m[0] = mb("A", "O1", 150, 0, 0);
	m[1] = mb("B", "O2", 50, 0, 0);
	split_ok(ALLOC_PRORATA, 200, 100, m, 2);
	ck_assert_int_eq(m[0].out, 150);
	ck_assert_int_eq(m[1].out, 50);
	/* 100 booked: ideals 75/25, the lot to A. */
	split_ok(ALLOC_PRORATA, 100, 100, m, 2);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 0);
	/* 150 booked: ideals 112.5/37.5: A's lot, then 50 to B (37.5 below
	 * its ideal against A's -12.5). */
	split_ok(ALLOC_PRORATA, 150, 100, m, 2);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 50);
	/* 50 booked: less than a lot, all to the largest remainder. */
	split_ok(ALLOC_PRORATA, 50, 100, m, 2);
	ck_assert_int_eq(m[0].out, 50);
	ck_assert_int_eq(m[1].out, 0);

	/* Three members, lot 100, 150/150/100: 300 booked.  Ideals 112.5,
	 * 112.5, 75; floors 100/100/0; lot to C (75 is the largest). */
	m[0] = mb("A", "O1", 150, 0, 0);
	m[1] = mb("B", "O2", 150, 0, 0);
	m[2] = mb("C", "O3", 100, 0, 0);
	split_ok(ALLOC_PRORATA, 300, 100, m, 3);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 100);
	ck_assert_int_eq(m[2].out, 100);
	/* All of it. */
	split_ok(ALLOC_PRORATA, 400, 100, m, 3);
	ck_assert_int_eq(m[0].out, 150);
	ck_assert_int_eq(m[1].out, 150);
	ck_assert_int_eq(m[2].out, 100);
}
END_TEST

START_TEST(test_split_one_lot)
{
	struct alloc_member m[3];

	/* A block of exactly one lot goes whole to the largest share. */
	m[0] = mb("A", "O1", 300, 0, 0);
	m[1] = mb("B", "O2", 300, 0, 0);
	m[2] = mb("C", "O3", 400, 0, 0);
	split_ok(ALLOC_PRORATA, 100, 100, m, 3);
	ck_assert_int_eq(m[0].out, 0);
	ck_assert_int_eq(m[1].out, 0);
	ck_assert_int_eq(m[2].out, 100);
	/* Equal shares: the account that sorts first. */
	m[0] = mb("B", "O1", 500, 0, 0);
	m[1] = mb("A", "O2", 500, 0, 0);
	split_ok(ALLOC_PRORATA, 100, 100, m, 2);
	ck_assert_int_eq(m[0].out, 0);
	ck_assert_int_eq(m[1].out, 100);
	/* A single member takes everything. */
	m[0] = mb("A", "O1", 100, 0, 0);
	split_ok(ALLOC_PRORATA, 100, 100, m, 1);
	ck_assert_int_eq(m[0].out, 100);
	split_ok(ALLOC_EVEN, 37, 100, m, 1);
	ck_assert_int_eq(m[0].out, 37);
	/* Lot 1, one unit, many members: the largest request. */
	m[0] = mb("A", "O1", 10, 0, 0);
	m[1] = mb("B", "O2", 30, 0, 0);
	m[2] = mb("C", "O3", 20, 0, 0);
	split_ok(ALLOC_PRORATA, 1, 1, m, 3);
	ck_assert_int_eq(m[1].out, 1);
}
END_TEST

START_TEST(test_split_ties)
{
	/* Even split of 2 among 3: every remainder is 2/3, so the ties
	 * decide: larger request, then account, then order id (strcmp). */
	static const struct {
		const char *acct[3], *id[3];
		int64_t	req[3];
		int64_t	want[3];
	} cases[] = {
		{ { "A", "A", "A" }, { "O1", "O2", "O3" }, { 10, 20, 30 },
		    { 0, 1, 1 } },
		{ { "B", "A", "C" }, { "O1", "O2", "O3" }, { 10, 10, 10 },
		    { 1, 1, 0 } },
		{ { "A", "A", "A" }, { "O3", "O1", "O2" }, { 10, 10, 10 },
		    { 0, 1, 1 } },
		/* strcmp order: "O10" sorts before "O2". */
		{ { "A", "A", "A" }, { "O2", "O10", "O9" }, { 10, 10, 10 },
		    { 1, 1, 0 } },
		/* Request beats account, account beats order id. */
		{ { "Z", "A", "A" }, { "O1", "O2", "O3" }, { 11, 10, 10 },
		    { 1, 1, 0 } },
		{ { "B", "A", "C" }, { "O1", "O9", "O0" }, { 10, 10, 10 },
		    { 1, 1, 0 } },
		/* Missing ids sort as "". */
		{ { NULL, "A", "A" }, { NULL, "O2", "O1" }, { 10, 10, 10 },
		    { 1, 0, 1 } },
	};
	size_t	i, j;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct alloc_member m[3];

		for (j = 0; j < 3; j++)
			m[j] = mb(cases[i].acct[j], cases[i].id[j],
			    cases[i].req[j], 0, 0);
		split_ok(ALLOC_EVEN, 2, 1, m, 3);
		for (j = 0; j < 3; j++)
			ck_assert_msg(m[j].out == cases[i].want[j],
			    "case %zu member %zu: %lld", i, j,
			    (long long)m[j].out);
	}

	/* The remainder is compared to the last fraction of a unit before
	 * any tie-break: 4 between requests 4 and 5 is 1.78/2.22, so the
	 * spare unit goes to the smaller request (0.78 against 0.22). */
	{
		struct alloc_member m[2];

		m[0] = mb("A", "O1", 4, 0, 0);
		m[1] = mb("B", "O2", 5, 0, 0);
		split_ok(ALLOC_PRORATA, 4, 1, m, 2);
		ck_assert_int_eq(m[0].out, 2);
		ck_assert_int_eq(m[1].out, 2);
		/* Weights 2:1 of 1 unit: 0.67 against 0.33 beats B's larger
		 * request. */
		m[0] = mb("A", "O1", 10, 0, 2 * W);
		m[1] = mb("B", "O2", 100, 0, W);
		split_ok(ALLOC_WEIGHTS, 1, 1, m, 2);
		ck_assert_int_eq(m[0].out, 1);
		ck_assert_int_eq(m[1].out, 0);
		/* The same in the pieces below a lot. */
		split_ok(ALLOC_WEIGHTS, 1, 100, m, 2);
		ck_assert_int_eq(m[0].out, 1);
		ck_assert_int_eq(m[1].out, 0);
	}

	/* The same ties with lots, in prorata: requests 250/250/500, 500
	 * booked in lots of 100.  Ideals 125/125/250: floors 100/100/200,
	 * remainders 25/25/50: the lot to C. */
	{
		struct alloc_member m[3];

		m[0] = mb("B", "O1", 250, 0, 0);
		m[1] = mb("A", "O2", 250, 0, 0);
		m[2] = mb("C", "O3", 500, 0, 0);
		split_ok(ALLOC_PRORATA, 500, 100, m, 3);
		ck_assert_int_eq(m[0].out, 100);
		ck_assert_int_eq(m[1].out, 100);
		ck_assert_int_eq(m[2].out, 300);
		/* 400 booked: ideals 100/100/200, no remainder at all. */
		split_ok(ALLOC_PRORATA, 400, 100, m, 3);
		ck_assert_int_eq(m[0].out, 100);
		ck_assert_int_eq(m[1].out, 100);
		ck_assert_int_eq(m[2].out, 200);
		/* 200 booked: ideals 50/50/100, floors 0/0/100: the spare
		 * lot ties on remainder and request; account A wins. */
		split_ok(ALLOC_PRORATA, 200, 100, m, 3);
		ck_assert_int_eq(m[0].out, 0);
		ck_assert_int_eq(m[1].out, 100);
		ck_assert_int_eq(m[2].out, 100);
	}
}
END_TEST

START_TEST(test_split_not_lot_multiple)
{
	struct alloc_member m[3];

	/* 250 among three equal requests in lots of 100: ideals 83.3 each,
	 * two lots by account, the 50 to the one left below its ideal. */
	m[0] = mb("A", "O1", 1000, 0, 0);
	m[1] = mb("B", "O2", 1000, 0, 0);
	m[2] = mb("C", "O3", 1000, 0, 0);
	split_ok(ALLOC_PRORATA, 250, 100, m, 3);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 100);
	ck_assert_int_eq(m[2].out, 50);
	/* 250 between two: 125 each; one odd piece of 50, not two of 25. */
	split_ok(ALLOC_PRORATA, 250, 100, m, 2);
	ck_assert_int_eq(m[0].out, 150);
	ck_assert_int_eq(m[1].out, 100);
	/* Rooms that are not lot multiples: 150 each, all 450 booked. */
	m[0] = mb("A", "O1", 150, 0, 0);
	m[1] = mb("B", "O2", 150, 0, 0);
	m[2] = mb("C", "O3", 150, 0, 0);
	split_ok(ALLOC_PRORATA, 450, 100, m, 3);
	ck_assert_int_eq(m[0].out, 150);
	ck_assert_int_eq(m[1].out, 150);
	ck_assert_int_eq(m[2].out, 150);
	/* A lot larger than the booking. */
	split_ok(ALLOC_PRORATA, 7, 1000, m, 3);
	ck_assert_int_eq(m[0].out, 7);
	ck_assert_int_eq(m[1].out, 0);
	ck_assert_int_eq(m[2].out, 0);
	/* Lot 1 is plain largest remainder: 10 among 3 equal. */
	split_ok(ALLOC_PRORATA, 10, 1, m, 3);
	ck_assert_int_eq(m[0].out, 4);
	ck_assert_int_eq(m[1].out, 3);
	ck_assert_int_eq(m[2].out, 3);
}
END_TEST

START_TEST(test_split_caps)
{
	struct alloc_member m[3];

	/* B has 50 left: its ideal 300 is capped, A takes the rest. */
	m[0] = mb("A", "O1", 1000, 0, 0);
	m[1] = mb("B", "O2", 1000, 950, 0);
	split_ok(ALLOC_PRORATA, 600, 1, m, 2);
	ck_assert_int_eq(m[0].out, 550);
	ck_assert_int_eq(m[1].out, 50);
	/* In lots of 100: ideals 550/50, floors 500/0, remainders 50/50;
	 * the lot goes to A (B has no room for a whole lot). */
	split_ok(ALLOC_PRORATA, 600, 100, m, 2);
	ck_assert_int_eq(m[0].out, 600);
	ck_assert_int_eq(m[1].out, 0);
	/* The whole room. */
	split_ok(ALLOC_PRORATA, 1050, 100, m, 2);
	ck_assert_int_eq(m[0].out, 1000);
	ck_assert_int_eq(m[1].out, 50);

	/* Caps in cascade: rooms 10/40/100 of equal requests, 120 booked.
	 * Round 1: 40 each, A capped at 10; round 2: 55 each, B capped at
	 * 40; C takes 70. */
	m[0] = mb("A", "O1", 100, 90, 0);
	m[1] = mb("B", "O2", 100, 60, 0);
	m[2] = mb("C", "O3", 100, 0, 0);
	split_ok(ALLOC_PRORATA, 120, 1, m, 3);
	ck_assert_int_eq(m[0].out, 10);
	ck_assert_int_eq(m[1].out, 40);
	ck_assert_int_eq(m[2].out, 70);
	/* An ideal exactly at the room is not capped: 120 even among
	 * rooms 40/40/100 of 3 gives 40 each. */
	m[0].done = 60;
	split_ok(ALLOC_EVEN, 120, 1, m, 3);
	ck_assert_int_eq(m[0].out, 40);
	ck_assert_int_eq(m[1].out, 40);
	ck_assert_int_eq(m[2].out, 40);
	/* Redistribution keeps the proportions: requests 100/200/300, A
	 * full, 300 booked: B and C share 1:2. */
	m[0] = mb("A", "O1", 100, 100, 0);
	m[1] = mb("B", "O2", 200, 0, 0);
	m[2] = mb("C", "O3", 300, 0, 0);
	split_ok(ALLOC_PRORATA, 300, 1, m, 3);
	ck_assert_int_eq(m[0].out, 0);
	ck_assert_int_eq(m[1].out, 120);
	ck_assert_int_eq(m[2].out, 180);
}
END_TEST

START_TEST(test_split_incremental)
{
	/* A block of 300/500/200 in lots of 100 filled 150, 250, 600: each
	 * booking covers the fills since the last, done grows, never past
	 * the request, and ends equal to it. */
	struct alloc_member m[3];
	static const int64_t fills[] = { 150, 250, 600 };
	size_t	f, i;

	m[0] = mb("A", "O1", 300, 0, 0);
	m[1] = mb("B", "O2", 500, 0, 0);
	m[2] = mb("C", "O3", 200, 0, 0);
	for (f = 0; f < 3; f++) {
		split_ok(ALLOC_PRORATA, fills[f], 100, m, 3);
		for (i = 0; i < 3; i++) {
			m[i].done += m[i].out;
			ck_assert_int_le(m[i].done, m[i].request);
		}
	}
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(m[i].done, m[i].request);
	/* Nothing more can be booked. */
	split_fails(ALLOC_PRORATA, 1, 1, m, 3, "already has all it asked");

	/* The same in many random slices, every method and lot. */
	{
		uint64_t seed = 12345;
		int	round;

		for (round = 0; round < 300; round++) {
			struct alloc_member b[5];
			char	ids[5][8];
			int64_t	total = 0, lot;
			enum alloc_method meth;

			seed = seed * 6364136223846793005ULL +
			    1442695040888963407ULL;
			lot = (seed >> 40) % 3 == 0 ? 1 : 100;
			meth = (enum alloc_method)((seed >> 20) % 3);
			for (i = 0; i < 5; i++) {
				seed = seed * 6364136223846793005ULL +
				    1442695040888963407ULL;
				snprintf(ids[i], sizeof ids[i], "O%zu", i);
				b[i] = mb(ids[i] + 1, ids[i],
				    (int64_t)(1 + (seed >> 33) % 20) *
				    (lot == 1 ? 7 : 100), 0,
				    (int64_t)(1 + (seed >> 50) % 5) * W);
				total += b[i].request;
			}
			while (total > 0) {
				int64_t	slice;

				seed = seed * 6364136223846793005ULL +
				    1442695040888963407ULL;
				slice = 1 + (int64_t)((seed >> 30) %
				    (uint64_t)total);
				if ((seed >> 10) % 4 == 0)
					slice = total;
				split_ok(meth, slice, lot, b, 5);
				for (i = 0; i < 5; i++) {
					b[i].done += b[i].out;
					ck_assert_int_le(b[i].done,
					    b[i].request);
				}
				total -= slice;
			}
			for (i = 0; i < 5; i++)
				ck_assert_int_eq(b[i].done, b[i].request);
		}
	}
}
END_TEST

START_TEST(test_split_even_weights)
{
	struct alloc_member m[4];

	m[0] = mb("A", "O1", 1000, 0, 1 * W);
	m[1] = mb("B", "O2", 100, 0, 2 * W);
	m[2] = mb("C", "O3", 5000, 0, 3 * W);
	/* Even ignores requests, but not rooms: B is capped at 100. */
	split_ok(ALLOC_EVEN, 300, 1, m, 3);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 100);
	ck_assert_int_eq(m[2].out, 100);
	split_ok(ALLOC_EVEN, 600, 100, m, 3);
	/* Lots of 100: ideals 250/100/250, floors 200/100/200, the
	 * spare lot to C, which asked for more than A. */
	ck_assert_int_eq(m[0].out, 200);
	ck_assert_int_eq(m[1].out, 100);
	ck_assert_int_eq(m[2].out, 300);
	/* Weights 1:2:3 of 600 is 100/200/300, B capped at 100: the other
	 * 100 is shared 1:3 by A and C. */
	split_ok(ALLOC_WEIGHTS, 600, 1, m, 3);
	ck_assert_int_eq(m[0].out, 125);
	ck_assert_int_eq(m[1].out, 100);
	ck_assert_int_eq(m[2].out, 375);
	/* Fractional weights 0.25/0.25/0.5. */
	m[0].weight = W / 4;
	m[1].weight = W / 4;
	m[2].weight = W / 2;
	split_ok(ALLOC_WEIGHTS, 400, 1, m, 3);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 100);
	ck_assert_int_eq(m[2].out, 200);
	/* Weight 0 takes nothing. */
	m[1].weight = 0;
	split_ok(ALLOC_WEIGHTS, 300, 1, m, 3);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 0);
	ck_assert_int_eq(m[2].out, 200);
	/* ...while prorata ignores weights altogether. */
	split_ok(ALLOC_PRORATA, 610, 1, m, 3);
	ck_assert_int_eq(m[0].out, 100);
	ck_assert_int_eq(m[1].out, 10);
	ck_assert_int_eq(m[2].out, 500);
	/* Even over members with nothing left. */
	m[0] = mb("A", "O1", 100, 100, 0);
	m[1] = mb("B", "O2", 100, 0, 0);
	m[2] = mb("C", "O3", 100, 0, 0);
	m[3] = mb("D", "O4", 100, 100, 0);
	split_ok(ALLOC_EVEN, 100, 1, m, 4);
	ck_assert_int_eq(m[0].out, 0);
	ck_assert_int_eq(m[1].out, 50);
	ck_assert_int_eq(m[2].out, 50);
	ck_assert_int_eq(m[3].out, 0);
}
END_TEST

START_TEST(test_split_huge)
{
	struct alloc_member m[3];

	/* 1e12 split 4:3:3: products of 1e24 need 128 bits. */
	m[0] = mb("A", "O1", 400000000000LL, 0, 0);
	m[1] = mb("B", "O2", 300000000000LL, 0, 0);
	m[2] = mb("C", "O3", 300000000000LL, 0, 0);
	split_ok(ALLOC_PRORATA, QTY_MAX, 100, m, 3);
	ck_assert_int_eq(m[0].out, 400000000000LL);
	ck_assert_int_eq(m[1].out, 300000000000LL);
	ck_assert_int_eq(m[2].out, 300000000000LL);
	/* A third of 1e12 in lots of 1000. */
	split_ok(ALLOC_EVEN, QTY_MAX - 1, 1000, m, 3);
	ck_assert_int_eq(m[0].out + m[1].out + m[2].out, QTY_MAX - 1);
	/* Near the 64-bit edge: requests and weights of ~2^62. */
	m[0] = mb("A", "O1", INT64_MAX / 2, 0, INT64_MAX);
	m[1] = mb("B", "O2", INT64_MAX / 2, 0, INT64_MAX - 1);
	m[2] = mb("C", "O3", 1, 0, 1);
	split_ok(ALLOC_PRORATA, INT64_MAX - 2, 1, m, 3);
	split_ok(ALLOC_PRORATA, INT64_MAX / 2, 1000000, m, 3);
	split_ok(ALLOC_WEIGHTS, INT64_MAX - 2, 1, m, 3);
	split_ok(ALLOC_WEIGHTS, 12345678901234567LL, 7, m, 3);
	split_ok(ALLOC_EVEN, INT64_MAX / 3, INT64_MAX, m, 3);
	split_ok(ALLOC_PRORATA, INT64_MAX, 1, m, 3);	/* every unit */
	ck_assert_int_eq(m[0].out, INT64_MAX / 2);
	ck_assert_int_eq(m[2].out, 1);
	m[2].done = 1;
	split_fails(ALLOC_PRORATA, INT64_MAX, 1, m, 3, "cannot allocate "
	    "9223372036854775807: the block's members can take only "
	    "9223372036854775806 more");
}
END_TEST

/* ---------------------------------------------------- property test */

/* Ideal share of each eligible member in exact rationals: NUM[i] / DEN[i],
 * found by capping one member at a time (the largest overshoot first), a
 * different route from alloc.c's all-at-once rounds. */
static void
ref_ideal(enum alloc_method method, int64_t qty, const struct alloc_member *m,
    size_t n, __int128 *num, __int128 *den)
{
	bool	capped[NMAX] = { false };
	__int128 left = qty;
	size_t	i;

	for (;;) {
		__int128 s = 0;
		size_t	worst = n;
		__int128 wn = 0;	/* its overshoot, over s */

		for (i = 0; i < n; i++) {
			int64_t	b = method == ALLOC_PRORATA ? m[i].request :
			    method == ALLOC_EVEN ? 1 : m[i].weight;

			num[i] = 0;
			den[i] = 1;
			if (capped[i]) {
				num[i] = m[i].request - m[i].done;
				continue;
			}
			if (m[i].request == m[i].done || b == 0)
				continue;
			s += b;
		}
		for (i = 0; i < n; i++) {
			int64_t	b = method == ALLOC_PRORATA ? m[i].request :
			    method == ALLOC_EVEN ? 1 : m[i].weight;
			__int128 over_n, room = m[i].request - m[i].done;

			if (capped[i] || room == 0 || b == 0)
				continue;
			num[i] = left * b;
			den[i] = s;
			/* Overshoot (ideal - room) as a fraction over s. */
			over_n = num[i] - room * s;
			if (over_n > 0 && (worst == n || over_n > wn)) {
				worst = i;
				wn = over_n;
			}
		}
		if (worst == n)
			return;
		capped[worst] = true;
		left -= m[worst].request - m[worst].done;
	}
}

START_TEST(test_split_property)
{
	static const int64_t lots[] = { 1, 1, 5, 37, 100, 100, 1000 };
	uint64_t seed = 0x5eed;
	int	c, nsplit = 0;

	for (c = 0; c < 20000; c++) {
		struct alloc_member m[NMAX], p[NMAX];
		char	acct[NMAX][8], id[NMAX][8];
		__int128 num[NMAX], den[NMAX], room = 0;
		enum alloc_method meth;
		int64_t	lot, qty;
		size_t	n, i, k;

#define NEXT()	(seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17)
		NEXT();
		n = 1 + seed % 10;
		meth = (enum alloc_method)((seed >> 8) % 3);
		lot = lots[(seed >> 16) % (sizeof lots / sizeof lots[0])];
		for (i = 0; i < n; i++) {
			int64_t	req, done;

			NEXT();
			/* Lot multiples half the time, small odd sizes too. */
			req = 1 + (int64_t)(seed % 3000);
			if ((seed >> 12) % 2 == 0)
				req = lot * (1 + (int64_t)((seed >> 20) % 30));
			done = 0;
			if ((seed >> 32) % 3 == 0)
				done = (int64_t)((seed >> 36) %
				    (uint64_t)(req + 1));
			/* Few accounts so ties on them happen. */
			snprintf(acct[i], sizeof acct[i], "AC%d",
			    (int)((seed >> 44) % 3));
			snprintf(id[i], sizeof id[i], "O%zu", i);
			m[i] = mb(acct[i], id[i], req, done,
			    (int64_t)((seed >> 50) % 4) * W / 2);
			if (meth != ALLOC_WEIGHTS || m[i].weight > 0)
				room += req - done;
		}
		NEXT();
		if (room == 0) {
			split_fails(meth, 1, lot, m, n, "cannot allocate 1");
			continue;
		}
		qty = (int64_t)(seed % (uint64_t)(room + 1));
		if ((seed >> 40) % 8 == 0)
			qty = (int64_t)room;
		if ((seed >> 40) % 8 == 1) {
			split_fails(meth, (int64_t)room + 1, lot, m, n,
			    "cannot allocate");
			continue;
		}
		split_ok(meth, qty, lot, m, n);
		nsplit++;
		ref_ideal(meth, qty, m, n, num, den);
		for (i = 0; i < n; i++) {
			/* |out - ideal| <= lot, in exact rationals. */
			__int128 d = (__int128)m[i].out * den[i] - num[i];

			ck_assert_msg(d <= (__int128)lot * den[i] &&
			    -d < (__int128)lot * den[i],
			    "case %d member %zu: out %lld, ideal %lld/%lld, "
			    "lot %lld", c, i, (long long)m[i].out,
			    (long long)num[i], (long long)den[i],
			    (long long)lot);
			/* Nothing to a member with no ideal share. */
			if (num[i] == 0)
				ck_assert_int_eq(m[i].out, 0);
		}
		/* The order of the members does not matter: reversed,
		 * every order gets the same share. */
		for (i = 0; i < n; i++)
			p[i] = m[n - 1 - i];
		split_ok(meth, qty, lot, p, n);
		for (i = 0; i < n; i++) {
			k = n - 1 - i;
			ck_assert_msg(p[i].out == m[k].out, "case %d: order "
			    "%s gets %lld reversed, %lld not", c, m[k].order_id,
			    (long long)p[i].out, (long long)m[k].out);
		}
#undef NEXT
	}
	ck_assert_int_gt(nsplit, 15000);
}
END_TEST

/* -------------------------------------------------------------- names */

START_TEST(test_alloc_method_names)
{
	static const char *const names[] = { "prorata", "even", "weights" };
	enum alloc_method meth;
	struct err err;
	int	i;

	for (i = 0; i < ALLOC_METHOD_COUNT; i++) {
		ck_assert_str_eq(alloc_method_name((enum alloc_method)i),
		    names[i]);
		meth = ALLOC_METHOD_COUNT;
		ck_assert_int_eq(alloc_method_parse(names[i], &meth, &err), 0);
		ck_assert_int_eq(meth, i);
	}
	ck_assert_str_eq(alloc_method_name(ALLOC_METHOD_COUNT), "?");
	ck_assert_str_eq(alloc_method_name((enum alloc_method)-1), "?");
	ck_assert_int_eq(alloc_method_parse("ProRata", &meth, &err), 0);
	ck_assert_int_eq(meth, ALLOC_PRORATA);
	ck_assert_int_eq(alloc_method_parse("EVEN", &meth, &err), 0);
	ck_assert_int_eq(meth, ALLOC_EVEN);
	meth = ALLOC_WEIGHTS;
	ck_assert_int_eq(alloc_method_parse("pro-rata", &meth, &err), -1);
	ck_assert_str_eq(err.msg, "'pro-rata' is not an allocation method "
	    "(prorata, even or weights)");
	ck_assert_int_eq(meth, ALLOC_WEIGHTS);	/* unchanged */
	ck_assert_int_eq(alloc_method_parse("", &meth, &err), -1);
	ck_assert_int_eq(alloc_method_parse(NULL, &meth, &err), -1);
	ck_assert_str_eq(err.msg, "'' is not an allocation method (prorata, "
	    "even or weights)");
	ck_assert_int_eq(alloc_method_parse("weight", &meth, NULL), -1);
}
END_TEST

/* ---------------------------------------------------------- rebalance */

START_TEST(test_rebalance_target)
{
	static const struct {
		const char *pct, *nav, *mark, *mult;
		int64_t	lot, want;
	} cases[] = {
		/* Equities: 2.5 % of 1m at 50 is 500 shares. */
		{ "2.5", "1000000", "50", "1", 1, 500 },
		{ "2.5", "1000000", "50", "1", 100, 500 },
		/* 50000 / 33 = 1515.15: 15 lots. */
		{ "5", "1000000", "33", "1", 100, 1500 },
		{ "5", "1000000", "33", "1", 1, 1515 },
		/* 10000 / 40 = 250 = 2.5 lots: halves away from zero. */
		{ "1", "1000000", "40", "1", 100, 300 },
		{ "-1", "1000000", "40", "1", 100, -300 },
		{ "1", "-1000000", "40", "1", 100, -300 },
		/* Just under and over the half. */
		{ "0.99999", "1000000", "40", "1", 100, 200 },
		{ "1.00001", "1000000", "40", "1", 100, 300 },
		/* 1/3 of a share rounds to 0; 2/3 to 1. */
		{ "1", "100", "3", "1", 1, 0 },
		{ "2", "100", "3", "1", 1, 1 },
		/* Half a unit at lot 1: 1.5 -> 2, 0.5 -> 1, -0.5 -> -1. */
		{ "1.5", "100", "1", "1", 1, 2 },
		{ "0.5", "100", "1", "1", 1, 1 },
		{ "-0.5", "100", "1", "1", 1, -1 },
		/* Bonds (mult 0.01): 10 % of 10m at 99.5 is 1,005,025.1
		 * face: 1005 lots of 1000. */
		{ "10", "10000000", "99.5", "0.01", 1000, 1005000 },
		{ "1", "10000000", "100", "0.01", 1000, 100000 },
		/* 100,000 / 0.8 = 125,000 face = 12.5 lots of 10,000. */
		{ "1", "10000000", "80", "0.01", 10000, 130000 },
		{ "-1", "10000000", "80", "0.01", 10000, -130000 },
		/* A future: 20 % of 10m at 4000 x 50 is 10 contracts. */
		{ "20", "10000000", "4000", "50", 1, 10 },
		{ "20", "10000000", "4000.25", "50", 1, 10 },
		/* Fractional prices and weights. */
		{ "0.00000001", "100000000000", "0.00000001", "1", 1,
		    1000000000 },
		{ "12.345", "123456.789", "17.01", "1", 1, 896 },
		/* Zero weight or NAV is zero units. */
		{ "0", "1000000", "50", "1", 100, 0 },
		{ "5", "0", "50", "1", 100, 0 },
		/* No mark or no multiplier: nothing to compute. */
		{ "5", "1000000", "0", "1", 100, 0 },
		{ "5", "1000000", "-50", "1", 100, 0 },
		{ "5", "1000000", "50", "0", 100, 0 },
		{ "5", "1000000", "50", "-1", 100, 0 },
		/* A lot below 1 counts as 1. */
		{ "5", "1000000", "33", "1", 0, 1515 },
		{ "5", "1000000", "33", "1", -100, 1515 },
		/* A lot far larger than the target. */
		{ "5", "1000000", "33", "1", 1000000, 0 },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t got = rebalance_target(P(cases[i].pct),
		    M(cases[i].nav), P(cases[i].mark), P(cases[i].mult),
		    cases[i].lot);

		ck_assert_msg(got == cases[i].want, "case %zu: %lld, want %lld",
		    i, (long long)got, (long long)cases[i].want);
	}
}
END_TEST

START_TEST(test_rebalance_target_extremes)
{
	/* 12.345 % of 123456.789 at 17.01 = 895.97.. (checked by hand:
	 * 15240.74 / 17.01). */
	ck_assert_int_eq(rebalance_target(P("12.345"), M("123456.789"),
	    P("17.01"), P("1"), 1), 896);
	/* The whole NAV of 1e12 at a 1e-8 price: 1e20 units, beyond 64
	 * bits: saturates rather than wrapping. */
	ck_assert_int_eq(rebalance_target(P("100"), M("1000000000000"), 1,
	    P("1"), 1), INT64_MAX);
	ck_assert_int_eq(rebalance_target(P("-100"), M("1000000000000"), 1,
	    P("1"), 100), INT64_MIN);
	/* Every factor at its 64-bit maximum stays exact: 1 unit. */
	ck_assert_int_eq(rebalance_target(INT64_MAX, INT64_MAX, INT64_MAX,
	    INT64_MAX, 1), 1);
	/* mark x mult x lot past 128 bits: far below half a lot. */
	ck_assert_int_eq(rebalance_target(P("100"), M("1000000"), INT64_MAX,
	    INT64_MAX, INT64_MAX), 0);
	/* Huge but representable: 1e12 units at price 1, lot 1000. */
	ck_assert_int_eq(rebalance_target(P("100"), M("1000000000000"),
	    P("1"), P("1"), 1000), QTY_MAX);
	ck_assert_int_eq(rebalance_target(P("50"), M("1000000000000"),
	    P("1"), P("1"), 1000), QTY_MAX / 2);
	/* INT64_MIN weight, exact and saturating. */
	ck_assert_int_eq(rebalance_target(INT64_MIN, 1, 1, 1, 1), INT64_MIN);
	ck_assert_int_eq(rebalance_target(INT64_MIN, 2, 1, 1, 1), INT64_MIN);
}
END_TEST

/* ------------------------------------------------------------- settle */

START_TEST(test_settle_days)
{
	static const struct {
		enum asset_class cls;
		const char *ccy;
		int	want;
	} cases[] = {
		{ ASSET_EQUITY, "USD", 1 },
		{ ASSET_EQUITY, "EUR", 2 },
		{ ASSET_EQUITY, "GBP", 2 },
		{ ASSET_EQUITY, "JPY", 2 },
		{ ASSET_BOND, "USD", 1 },
		{ ASSET_BOND, "EUR", 1 },
		{ ASSET_FX, "USD", 2 },
		{ ASSET_FX, "EUR", 2 },
		{ ASSET_FUTURE, "USD", 1 },
		{ ASSET_FUTURE, "EUR", 1 },
		{ ASSET_OPTION, "USD", 1 },
	};
	struct instrument inst;
	struct err err;
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(instrument_init(&inst, "SYM", cases[i].cls,
		    cases[i].ccy, &err), 0);
		ck_assert_msg(settle_days(&inst) == cases[i].want,
		    "%s %s: T+%d", asset_class_name(cases[i].cls),
		    cases[i].ccy, settle_days(&inst));
	}
	ck_assert_int_eq(settle_days(NULL), 2);
}
END_TEST

START_TEST(test_settle_date)
{
	/* Cross-checked with Python's datetime. */
	static const struct {
		int32_t	trade;
		int	days;
		int32_t	want;
	} cases[] = {
		{ 20240315, 1, 20240318 },	/* Fri -> Mon */
		{ 20240315, 2, 20240319 },	/* Fri -> Tue */
		{ 20240315, 0, 20240315 },
		{ 20240316, 0, 20240316 },	/* Sat stays Sat at T+0 */
		{ 20240316, 1, 20240318 },	/* Sat -> Mon */
		{ 20240317, 1, 20240318 },	/* Sun -> Mon */
		{ 20240317, 2, 20240319 },	/* Sun -> Tue */
		{ 20240229, 1, 20240301 },	/* leap day -> March */
		{ 20240228, 2, 20240301 },
		{ 20230228, 1, 20230301 },
		{ 20241231, 1, 20250101 },	/* year end, no holidays */
		{ 20241231, 2, 20250102 },
		{ 20251231, 1, 20260101 },
		{ 20251231, 2, 20260102 },
		{ 20260102, 1, 20260105 },	/* Fri -> Mon */
		{ 20200228, 1, 20200302 },	/* Fri over Feb 29 weekend */
		{ 21000228, 1, 21000301 },	/* 2100 is no leap year */
		{ 20000228, 1, 20000229 },	/* 2000 is */
		{ 20000229, 1, 20000301 },
		{ 19991231, 1, 20000103 },
		{ 20240101, 5, 20240108 },	/* a week */
		{ 20240101, 6, 20240109 },
		{ 20240101, 10, 20240115 },
		{ 20240106, 5, 20240112 },	/* Sat + 5 is Fri, not Sat */
		{ 20240106, 10, 20240119 },
		{ 20240107, 10, 20240119 },
		{ 20240105, -1, 20240104 },	/* backwards */
		{ 20240108, -1, 20240105 },
		{ 20240106, -1, 20240105 },
		{ 20240102, -2, 20231229 },
		{ 19700101, 1, 19700102 },
		{ 10101, 1, 10102 },		/* year 1 */
		{ 99991231, 0, 99991231 },
		{ 99991231, 1, 0 },		/* past year 9999 */
		{ 10101, -1, 0 },		/* before year 1 */
		/* Not dates. */
		{ 20240230, 1, 0 },
		{ 20230229, 0, 0 },
		{ 21000229, 1, 0 },
		{ 20241301, 1, 0 },
		{ 20240001, 1, 0 },
		{ 20240100, 1, 0 },
		{ 20240132, 1, 0 },
		{ 0, 1, 0 },
		{ -20240101, 1, 0 },
		{ 100000101, 1, 0 },
		{ 20240101, 2147483647, 0 },
		{ 20240101, -2147483647 - 1, 0 },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t got = settle_date(NULL, cases[i].trade, cases[i].days);

		ck_assert_msg(got == cases[i].want, "%d + %d: %d, want %d",
		    (int)cases[i].trade, cases[i].days, (int)got,
		    (int)cases[i].want);
	}
}
END_TEST

/* Walk the calendar one day at a time from 1999-12-25 (a Saturday) to
 * 2031, and check settle_date() against counting weekdays by hand. */
START_TEST(test_settle_date_walk)
{
	enum { SPAN = 12000, AHEAD = 15 };
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	static int32_t date[SPAN];
	static bool weekday[SPAN];
	int	y = 1999, m = 12, d = 25, wd = 5;	/* 0 Monday */
	int	i, k, j;

	for (i = 0; i < SPAN; i++) {
		int	ml = mdays[m - 1] + (m == 2 && y % 4 == 0 &&
		    (y % 100 != 0 || y % 400 == 0));

		date[i] = y * 10000 + m * 100 + d;
		weekday[i] = wd < 5;
		wd = (wd + 1) % 7;
		if (++d > ml) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	for (i = 0; i + 3 * AHEAD < SPAN; i++) {
		ck_assert_int_eq(settle_date(NULL, date[i], 0), date[i]);
		for (k = 1, j = i; k <= AHEAD; k++) {
			do
				j++;
			while (!weekday[j]);
			ck_assert_msg(settle_date(NULL, date[i], k) == date[j],
			    "%d + %d: %d, want %d", (int)date[i], k,
			    (int)settle_date(NULL, date[i], k), (int)date[j]);
		}
		if (i < 3 * AHEAD)
			continue;
		for (k = 1, j = i; k <= AHEAD; k++) {
			do
				j--;
			while (!weekday[j]);
			ck_assert_int_eq(settle_date(NULL, date[i], -k), date[j]);
		}
	}
}
END_TEST

static Suite *
alloc_suite(void)
{
	Suite	*s = suite_create("alloc");
	TCase	*tc;

	tc = tcase_create("split");
	tcase_add_test(tc, test_split_degenerate);
	tcase_add_test(tc, test_split_weights_fail);
	tcase_add_test(tc, test_split_prorata_exact);
	tcase_add_test(tc, test_split_odd_lots);
	tcase_add_test(tc, test_split_one_lot);
	tcase_add_test(tc, test_split_ties);
	tcase_add_test(tc, test_split_not_lot_multiple);
	tcase_add_test(tc, test_split_caps);
	tcase_add_test(tc, test_split_incremental);
	tcase_add_test(tc, test_split_even_weights);
	tcase_add_test(tc, test_split_huge);
	tcase_add_test(tc, test_split_property);
	tcase_add_test(tc, test_alloc_method_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("rebalance");
	tcase_add_test(tc, test_rebalance_target);
	tcase_add_test(tc, test_rebalance_target_extremes);
	suite_add_tcase(s, tc);

	tc = tcase_create("settle");
	tcase_add_test(tc, test_settle_days);
	tcase_add_test(tc, test_settle_date);
	tcase_add_test(tc, test_settle_date_walk);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(alloc_suite());

	return testlib_run(sr);
}
