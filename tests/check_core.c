/* tests/check_core.c: unit tests of the domain layer (src/core): errors,
 * fixed-point numbers, the hash map, instruments and accounts, the order
 * status machine and fills, positions and P&L, fx and the book, and the
 * reader of hand-written files and the UTF-8 checks.
 *
 * Prices and amounts are written as text and parsed with fixed_parse(), so
 * each case reads like what a trader types. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "book.h"
#include "err.h"
#include "sbuf.h"
#include "textfile.h"
#include "utf8.h"
#include "fixed.h"
#include "fx.h"
#include "hmap.h"
#include "instrument.h"
#include "names.h"
#include "order.h"
#include "position.h"
#include "testlib.h"

/* An order O7-like order: ID, QTY units, limit buy at 10, in STATUS. */
static struct order
mk_order(const char *id, int64_t qty, enum order_status status)
{
	struct order o = testlib_order(id, "ACC1", "ACME", SIDE_BUY, qty,
	    10 * PX_SCALE);

	o.status = status;
	o.prev_status = ORDER_NEW;
	return o;
}

/* ------------------------------------------------------------------ err */

START_TEST(test_err_set_clear)
{
	struct err err;

	ck_assert_int_eq(err_set(&err, "quantity %d is odd", 3), -1);
	ck_assert_str_eq(err.msg, "quantity 3 is odd");
	err_clear(&err);
	ck_assert_str_eq(err.msg, "");
	ck_assert_int_eq(err_set(NULL, "nobody hears %s", "this"), -1);
	ck_assert_int_eq(err_prefix(NULL, "x"), -1);
	err_clear(NULL);
}
END_TEST

START_TEST(test_err_prefix)
{
	struct err err;

	err_set(&err, "unknown symbol ZZZ");
	ck_assert_int_eq(err_prefix(&err, "%s:%d: error: ", "a.blot", 7), -1);
	ck_assert_str_eq(err.msg, "a.blot:7: error: unknown symbol ZZZ");
	err_clear(&err);
	err_prefix(&err, "only ");
	ck_assert_str_eq(err.msg, "only ");
}
END_TEST

START_TEST(test_err_truncates)
{
	struct err err;
	char	big[1000];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	err_set(&err, "%s", big);
	ck_assert_uint_eq(strlen(err.msg), ERR_MSG_MAX - 1);
	err_set(&err, "tail");
	err_prefix(&err, "%s", big);
	ck_assert_uint_eq(strlen(err.msg), ERR_MSG_MAX - 1);
	ck_assert_int_eq(err.msg[0], 'x');
	err_set(&err, "%s", big);
	err_prefix(&err, "ctx: ");
	ck_assert_uint_eq(strlen(err.msg), ERR_MSG_MAX - 1);
	ck_assert(strncmp(err.msg, "ctx: xxx", 8) == 0);
}
END_TEST

START_TEST(test_xalloc)
{
	char	*p = xmalloc(0), *q;
	int	*z = xcalloc(16, sizeof *z);
	int	i;

	for (i = 0; i < 16; i++)
		ck_assert_int_eq(z[i], 0);
	p = xrealloc(p, 64);
	memset(p, 'a', 64);
	q = xstrdup("ACME");
	ck_assert_str_eq(q, "ACME");
	free(p);
	free(q);
	free(z);
}
END_TEST

START_TEST(test_str_copy)
{
	/* As snprintf(dst, size, "%s", src): cut to fit, always ended. */
	char	buf[5], ref[5];
	static const char *const src[] = { "", "a", "abcd", "abcde",
	    "abcdefgh" };

	for (size_t i = 0; i < sizeof src / sizeof *src; i++) {
		for (size_t size = 1; size <= sizeof buf; size++) {
			memset(buf, 'x', sizeof buf);
			memset(ref, 'x', sizeof ref);
			ck_assert_ptr_eq(str_copy(buf, size, src[i]), buf);
			snprintf(ref, size, "%s", src[i]);
			ck_assert_mem_eq(buf, ref, sizeof buf);
		}
	}
}
END_TEST

START_TEST(test_fatal_exits_70)
{
	/* The message is expected: keep the test output clean. */
	if (freopen("/dev/null", "w", stderr) == NULL)
		ck_abort_msg("cannot reopen stderr");
	fatal("broken invariant %d", 42);
}
END_TEST

static void
hook_exit_71(void)
{
	_exit(71);
}

START_TEST(test_fatal_runs_hook_first)
{
	fatal_hook = hook_exit_71;
	fatal("never printed");
}
END_TEST

/* ---------------------------------------------------------------- fixed */

static const struct {
	const char *s;
	int	dec;
	int64_t	want;
} parse_ok[] = {
	{ "12", 8, 1200000000LL },
	{ "-0.5", 8, -50000000LL },
	{ "99.125", 8, 9912500000LL },
	{ "0.5", 8, 50000000LL },
	{ ".5", 8, 50000000LL },
	{ "-.25", 8, -25000000LL },
	{ "5.", 8, 500000000LL },
	{ "0", 8, 0 },
	{ "-0", 8, 0 },
	{ "007", 8, 700000000LL },
	{ "10.12345678", 8, 1012345678LL },
	{ "10.123456780000", 8, 1012345678LL },	/* zeros cost nothing */
	{ "0.00390625", 8, 390625LL },
	{ "92233720368.54775807", 8, INT64_MAX },
	{ "-92233720368.54775807", 8, -INT64_MAX },
	{ "1.5", 6, 1500000LL },
	{ "995000", 6, 995000000000LL },
	{ "42", 0, 42 },
	{ "42.000", 0, 42 },
};

START_TEST(test_fixed_parse_ok)
{
	struct err err;
	int64_t	v = -1;
	size_t	i;

	for (i = 0; i < sizeof parse_ok / sizeof parse_ok[0]; i++) {
		ck_assert_msg(fixed_parse(parse_ok[i].s, parse_ok[i].dec, &v,
		    "price", &err) == 0, "%s: %s", parse_ok[i].s, err.msg);
		ck_assert_msg(v == parse_ok[i].want, "%s gave %lld",
		    parse_ok[i].s, (long long)v);
	}
}
END_TEST

static const struct {
	const char *s;
	const char *msg;
} parse_bad[] = {
	{ "", "'' is not a price" },
	{ "-", "'-' is not a price" },
	{ ".", "'.' is not a price" },
	{ "abc", "'abc' is not a price" },
	{ "1e5", "'1e5' is not a price" },
	{ "1,000", "'1,000' is not a price" },
	{ "1.2.3", "'1.2.3' is not a price" },
	{ "12abc", "'12abc' is not a price" },
	{ " 12", "' 12' is not a price" },
	{ "12 ", "'12 ' is not a price" },
	{ "+5", "'+5' is not a price" },
	{ "--5", "'--5' is not a price" },
	{ "10.123456789", "price 10.123456789 has more than 8 decimals" },
	{ "0.0000000001", "price 0.0000000001 has more than 8 decimals" },
	{ "92233720368.54775808", "price 92233720368.54775808 is too large" },
	{ "123456789012345678901234", "price 123456789012345678901234 is "
	    "too large" },
};

START_TEST(test_fixed_parse_bad)
{
	struct err err;
	int64_t	v = 77;
	size_t	i;

	for (i = 0; i < sizeof parse_bad / sizeof parse_bad[0]; i++) {
		ck_assert_msg(fixed_parse(parse_bad[i].s, PX_DECIMALS, &v,
		    "price", &err) == -1, "%s parsed", parse_bad[i].s);
		ck_assert_str_eq(err.msg, parse_bad[i].msg);
		ck_assert_int_eq(v, 77);
	}
	ck_assert_int_eq(fixed_parse("1.5", 0, &v, "quantity", &err), -1);
	ck_assert_str_eq(err.msg, "quantity 1.5 is not a whole number");
	ck_assert_int_eq(fixed_parse("x", 6, &v, "amount", &err), -1);
	ck_assert_str_eq(err.msg, "'x' is not an amount");
	ck_assert_int_eq(fixed_parse("1.2345678", 6, &v, "amount", &err), -1);
	ck_assert_str_eq(err.msg, "amount 1.2345678 has more than 6 decimals");
	ck_assert_int_eq(fixed_parse(NULL, 6, &v, "rate", &err), -1);
	ck_assert_int_eq(v, 77);
}
END_TEST

static const struct {
	const char *s;
	int64_t	want;
} qty_ok[] = {
	{ "100", 100 },
	{ "5k", 5000 },
	{ "5K", 5000 },
	{ "2.5m", 2500000 },
	{ "2.5M", 2500000 },
	{ "1.5k", 1500 },
	{ "1.001k", 1001 },
	{ "1.000k", 1000 },
	{ "0.5k", 500 },
	{ ".5k", 500 },
	{ "1m", 1000000 },
	{ "0", 0 },
	{ "-100", -100 },
	{ "-2k", -2000 },
	{ "1000000000000", QTY_MAX },
	{ "1000000m", QTY_MAX },
	{ "-1000000000000", -QTY_MAX },
	{ "100.0", 100 },
};

START_TEST(test_qty_parse_ok)
{
	struct err err;
	int64_t	v;
	size_t	i;

	for (i = 0; i < sizeof qty_ok / sizeof qty_ok[0]; i++) {
		v = -42;
		ck_assert_msg(qty_parse(qty_ok[i].s, &v, &err) == 0, "%s: %s",
		    qty_ok[i].s, err.msg);
		ck_assert_msg(v == qty_ok[i].want, "%s gave %lld", qty_ok[i].s,
		    (long long)v);
	}
}
END_TEST

static const struct {
	const char *s;
	const char *msg;
} qty_bad[] = {
	{ "0.5", "quantity 0.5 is not a whole number" },
	{ "1.0005k", "quantity 1.0005k is not a whole number" },
	{ "2.5000001m", "quantity 2.5000001m is not a whole number" },
	{ "1.0000000000000000000001", "quantity 1.0000000000000000000001 "
	    "is not a whole number" },
	{ "1000000000001", "quantity 1000000000001 is too large (at most "
	    "1000000000000)" },
	{ "1000000.001m", "quantity 1000000.001m is too large (at most "
	    "1000000000000)" },
	{ "-1000000000001", "quantity -1000000000001 is too large (at most "
	    "1000000000000)" },
	{ "99999999999999999999999999", "quantity 99999999999999999999999999 "
	    "is too large (at most 1000000000000)" },
	{ "", "'' is not a quantity" },
	{ "k", "'k' is not a quantity" },
	{ "-", "'-' is not a quantity" },
	{ "5x", "'5x' is not a quantity" },
	{ "5kk", "'5kk' is not a quantity" },
	{ "5km", "'5km' is not a quantity" },
	{ "1e3", "'1e3' is not a quantity" },
	{ "5 k", "'5 k' is not a quantity" },
	{ "1,000", "'1,000' is not a quantity" },
};

START_TEST(test_qty_parse_bad)
{
	struct err err;
	int64_t	v = 9;
	size_t	i;

	for (i = 0; i < sizeof qty_bad / sizeof qty_bad[0]; i++) {
		ck_assert_msg(qty_parse(qty_bad[i].s, &v, &err) == -1,
		    "%s parsed", qty_bad[i].s);
		ck_assert_str_eq(err.msg, qty_bad[i].msg);
		ck_assert_int_eq(v, 9);
	}
	ck_assert_int_eq(qty_parse(NULL, &v, &err), -1);
}
END_TEST

START_TEST(test_duration_parse)
{
	static const struct {
		const char *s;
		int64_t	want;	/* -1: must fail */
	} cases[] = {
		{ "90", 90 }, { "30s", 30 }, { "5m", 300 }, { "2h", 7200 },
		{ "1d", 86400 }, { "0", 0 }, { "5M", 300 }, { "1.5h", 5400 },
		{ "0.5m", 30 },
		{ "-5m", -1 }, { "-1", -1 }, { "", -1 }, { "m", -1 },
		{ "5x", -1 }, { "5mm", -1 }, { "1.5s", -1 }, { "1e3", -1 },
		{ "99999999999999999999d", -1 },
	};
	struct err err;
	int64_t	v;
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		v = -7;
		if (cases[i].want < 0) {
			ck_assert_msg(duration_parse(cases[i].s, &v,
			    &err) == -1, "%s parsed", cases[i].s);
			ck_assert_int_eq(v, -7);
			ck_assert(err.msg[0] != '\0');
		} else {
			ck_assert_msg(duration_parse(cases[i].s, &v, &err) == 0,
			    "%s: %s", cases[i].s, err.msg);
			ck_assert_int_eq(v, cases[i].want);
		}
	}
	duration_parse("-5m", &v, &err);
	ck_assert_str_eq(err.msg, "duration -5m is negative");
}
END_TEST

START_TEST(test_fixed_fmt)
{
	static const struct {
		int64_t	v;
		int	dec, mindec;
		const char *want;
	} cases[] = {
		{ 1050000000LL, 8, 2, "10.50" },
		{ 99125000000LL, 8, 2, "991.25" },
		{ 123456789LL, 8, 2, "1.23456789" },
		{ 10000000000LL, 8, 0, "100" },
		{ 10000000000LL, 8, 2, "100.00" },
		{ -100000000LL, 8, 2, "-1.00" },
		{ -50000000LL, 8, 2, "-0.50" },
		{ -1LL, 8, 0, "-0.00000001" },
		{ 0, 8, 2, "0.00" },
		{ 0, 8, 0, "0" },
		{ 390625LL, 8, 2, "0.00390625" },
		{ 995000000000LL, 6, 2, "995000.00" },
		{ 1025000000LL, 6, 2, "1025.00" },
		{ 1500000LL, 6, 0, "1.5" },
		{ 42, 0, 0, "42" },
		{ 42, 0, 2, "42" },	/* never more than DECIMALS */
		{ INT64_MAX, 8, 0, "92233720368.54775807" },
		{ INT64_MIN, 8, 0, "-92233720368.54775808" },
		{ INT64_MIN, 0, 0, "-9223372036854775808" },
	};
	char	buf[64], tiny[5];
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(fixed_fmt(cases[i].v, cases[i].dec,
		    cases[i].mindec, buf, sizeof buf), cases[i].want);
	/* A short buffer truncates and stays terminated. */
	ck_assert_str_eq(fixed_fmt(99125000000LL, 8, 2, tiny, sizeof tiny),
	    "991.");
}
END_TEST

START_TEST(test_fixed_parse_fmt_roundtrip)
{
	static const char *const texts[] = {
		"0.01", "99.5", "99.00390625", "99.03125", "5000.25",
		"-12.3456789", "1000000000", "0.00000001",
	};
	char	buf[64];
	size_t	i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		ck_assert_str_eq(fixed_fmt(P(texts[i]), 8, 0, buf, sizeof buf),
		    texts[i]);
}
END_TEST

/* Every parser reads numbers through fixed_scan(): where it stops, the
 * suffixes it takes only when asked, and how the value fits a scale. */
START_TEST(test_fixed_scan)
{
	static const struct {
		const char *s;
		unsigned flags;
		int	dec;
		const char *rest;	/* what follows the number; NULL: none */
		enum fixed_fit fit;
		int64_t	want;
	} cases[] = {
		{ "", 0, 0, NULL, FIXED_FIT, 0 },
		{ "-", 0, 0, NULL, FIXED_FIT, 0 },
		{ ".", 0, 0, NULL, FIXED_FIT, 0 },
		{ "+5", 0, 0, NULL, FIXED_FIT, 0 },
		{ "x1", 0, 0, NULL, FIXED_FIT, 0 },
		{ "+5", FIXED_SCAN_PLUS, 0, "", FIXED_FIT, 5 },
		{ "12", 0, 2, "", FIXED_FIT, 1200 },
		{ "-0.5", 0, 1, "", FIXED_FIT, -5 },
		{ ".25", 0, 2, "", FIXED_FIT, 25 },
		{ "7.", 0, 0, "", FIXED_FIT, 7 },
		{ "1.50000", 0, 1, "", FIXED_FIT, 15 },
		{ "1.25", 0, 1, "", FIXED_FINE, 0 },
		{ "1.5", 0, 0, "", FIXED_FINE, 0 },
		{ "5k", 0, 0, "k", FIXED_FIT, 5 },
		{ "5k", FIXED_SCAN_KM, 0, "", FIXED_FIT, 5000 },
		{ "2.5M", FIXED_SCAN_KM, 0, "", FIXED_FIT, 2500000 },
		{ "1.2bn", FIXED_SCAN_KM, 1, "bn", FIXED_FIT, 12 },
		{ "1.2bn", FIXED_SCAN_BN, 6, "", FIXED_FIT,
		    1200000000000000LL },
		{ "1.2345k", FIXED_SCAN_KM, 0, "", FIXED_FINE, 0 },
		{ "5%", FIXED_SCAN_KM, 0, "%", FIXED_FIT, 5 },
		{ "9223372036854775807", 0, 0, "", FIXED_FIT, INT64_MAX },
		{ "9223372036854775808", 0, 0, "", FIXED_BIG, 0 },
		{ "-9223372036854775807", 0, 0, "", FIXED_FIT, -INT64_MAX },
		{ "00000000000000000000001", 0, 0, "", FIXED_FIT, 1 },
		{ "12345678901234567890", 0, 0, "", FIXED_BIG, 0 },
		{ "1", 0, 18, "", FIXED_FIT, 1000000000000000000LL },
		{ "10", 0, 18, "", FIXED_BIG, 0 },
		{ "1bn", FIXED_SCAN_BN, 18, "", FIXED_BIG, 0 },
		{ "0.000000001bn", FIXED_SCAN_BN, 0, "", FIXED_FIT, 1 },
		{ "0bn", FIXED_SCAN_BN, 18, "", FIXED_FIT, 0 },
		{ "0.0000000000000000001", 0, 18, "", FIXED_FINE, 0 },
		/* More decimals than are kept is "fine", before "big". */
		{ "99999999999999999999.5", 0, 0, "", FIXED_FINE, 0 },
	};
	struct fixed_dec d;
	const char *end;
	int64_t	v;
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		end = fixed_scan(cases[i].s, cases[i].flags, &d);
		if (cases[i].rest == NULL) {
			ck_assert_msg(end == NULL, "%s scanned", cases[i].s);
			continue;
		}
		ck_assert_msg(end != NULL, "%s did not scan", cases[i].s);
		ck_assert_str_eq(end, cases[i].rest);
		v = -42;
		ck_assert_msg(fixed_dec_value(&d, cases[i].dec, &v) ==
		    cases[i].fit, "%s: fit", cases[i].s);
		ck_assert_msg(v == (cases[i].fit == FIXED_FIT ? cases[i].want :
		    -42), "%s: %lld", cases[i].s, (long long)v);
	}
}
END_TEST

START_TEST(test_fixed_fmt_sep)
{
	static const struct {
		int64_t	v;
		int	dec, mindec;
		const char *want;
	} cases[] = {
		{ 0, 0, 0, "0" },
		{ 999, 0, 0, "999" },
		{ 1000, 0, 0, "1,000" },
		{ -1001, 0, 0, "-1,001" },
		{ 100000000000001LL, 6, 2, "100,000,000.000001" },
		{ 123456789LL, 8, 2, "1.23456789" },
		{ -123456789000000LL, 8, 2, "-1,234,567.89" },
		{ INT64_MIN, 0, 0, "-9,223,372,036,854,775,808" },
		{ INT64_MAX, 8, 0, "92,233,720,368.54775807" },
	};
	char	buf[64], tiny[6];
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(fixed_fmt_sep(cases[i].v, cases[i].dec,
		    cases[i].mindec, buf, sizeof buf), cases[i].want);
	ck_assert_str_eq(fixed_fmt_sep(1234567, 0, 0, tiny, sizeof tiny),
	    "1,234");
	/* Money keeps the sign of an amount that rounds to no cents. */
	ck_assert_str_eq(money_fmt(-1, buf, sizeof buf), "-0.00");
	ck_assert_str_eq(money_fmt(1234567890000LL, buf, sizeof buf),
	    "1,234,567.89");
}
END_TEST

START_TEST(test_fixed_muldiv)
{
	static const struct {
		int64_t	a, b, c, want;
	} cases[] = {
		{ 5, 1, 2, 3 },		/* 2.5 rounds away from zero */
		{ -5, 1, 2, -3 },
		{ 5, -1, 2, -3 },
		{ 5, 1, -2, -3 },
		{ -5, -1, 2, 3 },
		{ -5, 1, -2, 3 },
		{ 7, 1, 3, 2 },		/* 2.33 */
		{ 8, 1, 3, 3 },		/* 2.67 */
		{ -8, 1, 3, -3 },
		{ 1, 1, 3, 0 },
		{ 3, 1, 2, 2 },		/* 1.5 */
		{ 0, 12345, 7, 0 },
		/* Products past 64 bits stay exact. */
		{ INT64_MAX, 4, 4, INT64_MAX },
		{ INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX },
		{ 3037000500LL, 3037000500LL, 10, 922337203700025000LL },
		/* Results past 64 bits saturate. */
		{ INT64_MAX, 4, 2, INT64_MAX },
		{ INT64_MIN, 4, 2, INT64_MIN },
		/* Averaging 30.02 over 3 units, PX_SCALE from MONEY_SCALE. */
		{ 30020000, 100, 3, 1000666667 },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t got = fixed_muldiv(cases[i].a, cases[i].b, cases[i].c);

		ck_assert_msg(got == cases[i].want, "case %zu: %lld", i,
		    (long long)got);
	}
}
END_TEST

START_TEST(test_money_of)
{
	static const struct {
		int64_t	qty;
		const char *px, *mult, *want;
	} cases[] = {
		{ 100, "10", "1", "1000" },
		{ -100, "10", "1", "-1000" },
		{ 1, "10.005", "1", "10.005" },
		{ 3, "0.3333", "1", "0.9999" },
		/* Half a micro-unit rounds away from zero, both signs. */
		{ 1, "0.0000005", "1", "0.000001" },
		{ -1, "0.0000005", "1", "-0.000001" },
		{ 1, "0.00000049", "1", "0" },
		{ -1, "0.00000049", "1", "0" },
		{ 1, "0.00000001", "50", "0.000001" },	/* 0.5 micro */
		{ -1, "0.00000001", "50", "-0.000001" },
		{ 3, "0.00000001", "0.5", "0" },
		{ 1, "0.00000015", "1", "0" },
		{ 10, "0.00000015", "1", "0.000002" },	/* 1.5 micro */
		/* Bonds: percent of par, mult 0.01, 1/32 and 1/256 ticks. */
		{ 1000000, "99.50", "0.01", "995000" },
		{ 1000000, "99.00390625", "0.01", "990039.0625" },
		{ 1000, "99.03125", "0.01", "990.3125" },
		{ 1, "99.00390625", "0.01", "0.990039" },	/* .0625 */
		{ 3, "100.00390625", "0.01", "3.000117" },	/* .1875 */
		{ 5, "0.00390625", "0.01", "0.000195" },	/* .3125 */
		{ 2, "0.00390625", "0.01", "0.000078" },	/* 78.125 */
		{ 7, "0.03125", "0.01", "0.002188" },		/* .75 */
		{ -7, "0.03125", "0.01", "-0.002188" },
		/* Futures. */
		{ 2, "5000.25", "50", "500025" },
		{ -2, "5010.50", "50", "-501050" },
		{ 0, "5010.50", "50", "0" },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t got = money_of(cases[i].qty, P(cases[i].px),
		    P(cases[i].mult));

		ck_assert_msg(got == M(cases[i].want), "%lld x %s x %s = %lld",
		    (long long)cases[i].qty, cases[i].px, cases[i].mult,
		    (long long)got);
	}
}
END_TEST

START_TEST(test_money_of_overflow)
{
	/* Fits 128 bits but not the 64-bit result: saturates. */
	ck_assert_int_eq(money_of(QTY_MAX, PX_MAX, PX_SCALE), INT64_MAX);
	ck_assert_int_eq(money_of(-QTY_MAX, PX_MAX, PX_SCALE), INT64_MIN);
	/* Past 128 bits: the long double fallback, saturating too. */
	ck_assert_int_eq(money_of(INT64_MAX, INT64_MAX, INT64_MAX), INT64_MAX);
	ck_assert_int_eq(money_of(INT64_MIN, INT64_MAX, INT64_MAX), INT64_MIN);
	ck_assert_int_eq(money_of(0, INT64_MAX, INT64_MAX), 0);
	/* The largest sane trade is still exact. */
	ck_assert_int_eq(money_of(1000000000LL, P("9000"), PX_SCALE),
	    M("9000000000000"));
}
END_TEST

/* Checked products: the largest that fit 64 bits, and one past. */
START_TEST(test_money_mul_edges)
{
	int64_t	v = 7;
	char	buf[48];

	/* The documented limit is exact. */
	ck_assert_int_eq(money_mul(1000000000LL, P("1000"), PX_SCALE, &v), 0);
	ck_assert_int_eq(v, MONEY_MAX);
	/* 9,223,372,036,854 units of 1.00 fit; one unit more does not. */
	ck_assert_int_eq(money_mul(9223372036854LL, PX_SCALE, PX_SCALE, &v),
	    0);
	ck_assert_int_eq(v, 9223372036854000000LL);
	v = 7;
	ck_assert_int_eq(money_mul(9223372036855LL, PX_SCALE, PX_SCALE, &v),
	    -1);
	ck_assert_int_eq(v, 7);
	ck_assert_int_eq(money_mul(-9223372036855LL, PX_SCALE, PX_SCALE, &v),
	    -1);
	/* The largest quantity at the largest price: 1e21, refused. */
	ck_assert_int_eq(money_mul(QTY_MAX, PX_MAX, PX_SCALE, &v), -1);
	ck_assert_int_eq(money_mul(INT64_MAX, INT64_MAX, INT64_MAX, &v), -1);
	ck_assert_int_eq(v, 7);
	ck_assert_int_eq(money_mul(0, INT64_MAX, INT64_MAX, &v), 0);
	ck_assert_int_eq(v, 0);
	/* A*B/C in 128 bits: fits when the quotient does. */
	ck_assert_int_eq(fixed_muldiv_fit(INT64_MAX, 2, 2, &v), 0);
	ck_assert_int_eq(v, INT64_MAX);
	ck_assert_int_eq(fixed_muldiv_fit(INT64_MAX, 2, 1, &v), -1);
	ck_assert_int_eq(fixed_muldiv_fit(INT64_MIN, 1, 1, &v), 0);
	ck_assert_int_eq(v, INT64_MIN);
	ck_assert_int_eq(fixed_muldiv_fit(INT64_MIN, -1, 1, &v), -1);
	/* Amounts in messages. */
	ck_assert_str_eq(money_fmt(MONEY_MAX, buf, sizeof buf),
	    "1,000,000,000,000.00");
	ck_assert_str_eq(money_fmt(INT64_MAX, buf, sizeof buf),
	    "9,223,372,036,854.78");
	ck_assert_str_eq(money_fmt(INT64_MIN, buf, sizeof buf),
	    "-9,223,372,036,854.78");
	ck_assert_str_eq(money_fmt(0, buf, sizeof buf), "0.00");
	ck_assert_str_eq(money_fmt(-M("999.995"), buf, sizeof buf),
	    "-1,000.00");
	ck_assert_str_eq(money_fmt(M("123.4"), buf, sizeof buf), "123.40");
}
END_TEST

START_TEST(test_fixed_to_double)
{
	ck_assert_double_eq_tol(fixed_to_double(1050000000LL, 8), 10.5, 1e-12);
	ck_assert_double_eq_tol(fixed_to_double(-1500000LL, 6), -1.5, 1e-12);
	ck_assert_double_eq_tol(fixed_to_double(42, 0), 42.0, 1e-12);
}
END_TEST

/* ----------------------------------------------------------------- hmap */

/* A map that owns its values frees them with itself, deleted ones
 * included (run under valgrind or --enable-sanitizers to see a leak). */
START_TEST(test_hmap_free_values)
{
	struct hmap *m = hmap_new();
	char	key[16];
	int	i;

	hmap_free_values(NULL);
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "k%d", i);
		hmap_put(m, key, xstrdup(key));
	}
	for (i = 0; i < 100; i += 3) {
		snprintf(key, sizeof key, "k%d", i);
		free(hmap_del(m, key));
	}
	ck_assert_uint_eq(hmap_count(m), 66);
	hmap_free_values(m);
}
END_TEST

/* One lookup for every table of names, both ways. */
START_TEST(test_names)
{
	static const char *const names[4] = { "zero", "One", NULL, "three" };

	ck_assert_str_eq(names_get(names, 4, 0), "zero");
	ck_assert_str_eq(names_get(names, 4, 3), "three");
	ck_assert_str_eq(names_get(names, 4, 2), "?");
	ck_assert_str_eq(names_get(names, 4, 4), "?");
	ck_assert_str_eq(names_get(names, 4, -1), "?");
	ck_assert_int_eq(names_find(names, 0, 4, "ONE"), 1);
	ck_assert_int_eq(names_find(names, 0, 4, "three"), 3);
	ck_assert_int_eq(names_find(names, 2, 4, "one"), -1);
	ck_assert_int_eq(names_find(names, 0, 3, "three"), -1);
	ck_assert_int_eq(names_find(names, 0, 4, "on"), -1);
	ck_assert_int_eq(names_find(names, 0, 4, ""), -1);
	ck_assert_int_eq(names_find(names, 0, 4, NULL), -1);
}
END_TEST

START_TEST(test_hmap_basic)
{
	struct hmap *m = hmap_new();
	int	a = 1, b = 2, c = 3;
	const char *key;
	void	*val;
	size_t	pos = 0;

	hmap_free(NULL);
	ck_assert_ptr_null(hmap_get(m, "x"));
	ck_assert_ptr_null(hmap_del(m, "x"));
	ck_assert_uint_eq(hmap_count(m), 0);
	ck_assert_int_eq(hmap_next(m, &pos, &key, &val), 0);
	ck_assert_ptr_null(hmap_put(m, "a", &a));
	ck_assert_ptr_null(hmap_put(m, "b", &b));
	ck_assert_ptr_null(hmap_put(m, "", &c));	/* empty key is a key */
	ck_assert_ptr_eq(hmap_get(m, "a"), &a);
	ck_assert_ptr_eq(hmap_get(m, ""), &c);
	/* Replacing keeps the place in the order. */
	ck_assert_ptr_eq(hmap_put(m, "a", &c), &a);
	ck_assert_uint_eq(hmap_count(m), 3);
	pos = 0;
	ck_assert_int_eq(hmap_next(m, &pos, &key, &val), 1);
	ck_assert_str_eq(key, "a");
	ck_assert_ptr_eq(val, &c);
	ck_assert_int_eq(hmap_next(m, &pos, &key, &val), 1);
	ck_assert_str_eq(key, "b");
	ck_assert_int_eq(hmap_next(m, &pos, &key, &val), 1);
	ck_assert_str_eq(key, "");
	ck_assert_int_eq(hmap_next(m, &pos, &key, &val), 0);
	ck_assert_int_eq(hmap_next(m, &pos, &key, &val), 0);
	/* Keys are copied. */
	{
		char	k[8] = "dyn";

		hmap_put(m, k, &b);
		strcpy(k, "zzz");
		ck_assert_ptr_eq(hmap_get(m, "dyn"), &b);
		ck_assert_ptr_null(hmap_get(m, "zzz"));
	}
	ck_assert_ptr_eq(hmap_del(m, "b"), &b);
	ck_assert_ptr_null(hmap_get(m, "b"));
	ck_assert_ptr_null(hmap_del(m, "b"));
	ck_assert_uint_eq(hmap_count(m), 3);
	hmap_free(m);
}
END_TEST

START_TEST(test_hmap_100k)
{
	enum { N = 100000 };
	struct hmap *m = hmap_new();
	char	key[32];
	const char *k;
	void	*val;
	size_t	pos, i, n;

	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "key%zu", i);
		ck_assert_ptr_null(hmap_put(m, key, (void *)(i + 1)));
	}
	ck_assert_uint_eq(hmap_count(m), N);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "key%zu", i);
		ck_assert_ptr_eq(hmap_get(m, key), (void *)(i + 1));
	}
	ck_assert_ptr_null(hmap_get(m, "key100000"));
	/* Insertion order. */
	for (pos = 0, n = 0; hmap_next(m, &pos, &k, &val); n++)
		ck_assert_ptr_eq(val, (void *)(n + 1));
	ck_assert_uint_eq(n, N);
	/* Delete the even ones. */
	for (i = 0; i < N; i += 2) {
		snprintf(key, sizeof key, "key%zu", i);
		ck_assert_ptr_eq(hmap_del(m, key), (void *)(i + 1));
	}
	ck_assert_uint_eq(hmap_count(m), N / 2);
	for (pos = 0, n = 0; hmap_next(m, &pos, &k, &val); n++) {
		ck_assert_ptr_eq(val, (void *)(2 * n + 2));
		snprintf(key, sizeof key, "key%zu", 2 * n + 1);
		ck_assert_str_eq(k, key);
	}
	ck_assert_uint_eq(n, N / 2);
	/* Re-added keys go to the end. */
	for (i = 0; i < N; i += 2) {
		snprintf(key, sizeof key, "key%zu", i);
		ck_assert_ptr_null(hmap_put(m, key, (void *)(i + 1)));
	}
	ck_assert_uint_eq(hmap_count(m), N);
	for (pos = 0, n = 0; hmap_next(m, &pos, &k, &val); n++) {
		size_t want = n < N / 2 ? 2 * n + 2 : 2 * (n - N / 2) + 1;

		ck_assert_ptr_eq(val, (void *)want);
	}
	ck_assert_uint_eq(n, N);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof key, "key%zu", i);
		ck_assert_ptr_eq(hmap_get(m, key), (void *)(i + 1));
	}
	hmap_free(m);
}
END_TEST

START_TEST(test_hmap_churn_compacts)
{
	/* Many more insertions than live keys: tombstones must be swept, and
	 * order and lookups must survive every compaction. */
	enum { LIVE = 1000, ROUNDS = 200 };
	struct hmap *m = hmap_new();
	char	key[32];
	const char *k;
	void	*val;
	size_t	i, pos, n, prev;

	for (i = 0; i < LIVE * ROUNDS; i++) {
		snprintf(key, sizeof key, "o%zu", i);
		hmap_put(m, key, (void *)(i + 1));
		if (i >= LIVE) {
			snprintf(key, sizeof key, "o%zu", i - LIVE);
			ck_assert_ptr_eq(hmap_del(m, key),
			    (void *)(i - LIVE + 1));
			pos = 0;
			ck_assert(hmap_next(m, &pos, &k, &val));
			ck_assert_ptr_eq(val, (void *)(i - LIVE + 2));
		}
	}
	ck_assert_uint_eq(hmap_count(m), LIVE);
	for (pos = 0, n = 0, prev = 0; hmap_next(m, &pos, &k, &val); n++) {
		ck_assert_uint_gt((size_t)val, prev);
		prev = (size_t)val;
	}
	ck_assert_uint_eq(n, LIVE);
	for (i = LIVE * (ROUNDS - 1); i < LIVE * ROUNDS; i++) {
		snprintf(key, sizeof key, "o%zu", i);
		ck_assert_ptr_eq(hmap_get(m, key), (void *)(i + 1));
	}
	snprintf(key, sizeof key, "o%d", 0);
	ck_assert_ptr_null(hmap_get(m, key));
	hmap_free(m);
}
END_TEST

START_TEST(test_hmap_delete_while_iterating)
{
	struct hmap *m = hmap_new();
	char	key[16];
	const char *k;
	void	*val;
	size_t	i, pos, n;

	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "%zu", i);
		hmap_put(m, key, (void *)(i + 1));
	}
	/* Drop every entry as it is visited: none may be skipped. */
	for (pos = 0, n = 0; hmap_next(m, &pos, &k, &val); n++) {
		ck_assert_ptr_eq(val, (void *)(n + 1));
		ck_assert_ptr_eq(hmap_del(m, k), val);
	}
	ck_assert_uint_eq(n, 100);
	ck_assert_uint_eq(hmap_count(m), 0);
	hmap_put(m, "again", (void *)1);
	pos = 0;
	ck_assert_int_eq(hmap_next(m, &pos, &k, &val), 1);
	ck_assert_str_eq(k, "again");
	hmap_free(m);
}
END_TEST

START_TEST(test_hmap_oldest_after_deletes)
{
	/* The first live entry is remembered across deletes at the front,
	 * in the middle and of everything. */
	struct hmap *m = hmap_new();
	const char *k;
	size_t	pos;

	hmap_put(m, "a", (void *)1);
	hmap_put(m, "b", (void *)2);
	hmap_put(m, "c", (void *)3);
	hmap_put(m, "d", (void *)4);
	hmap_del(m, "b");
	pos = 0;
	ck_assert_int_eq(hmap_next(m, &pos, &k, NULL), 1);
	ck_assert_str_eq(k, "a");
	hmap_del(m, "a");
	pos = 0;
	ck_assert_int_eq(hmap_next(m, &pos, &k, NULL), 1);
	ck_assert_str_eq(k, "c");
	/* A position held from before the deletes still steps on. */
	pos = 1;
	ck_assert_int_eq(hmap_next(m, &pos, &k, NULL), 1);
	ck_assert_str_eq(k, "c");
	hmap_del(m, "d");
	hmap_del(m, "c");
	pos = 0;
	ck_assert_int_eq(hmap_next(m, &pos, &k, NULL), 0);
	hmap_put(m, "e", (void *)5);
	hmap_put(m, "a", (void *)6);
	pos = 0;
	ck_assert_int_eq(hmap_next(m, &pos, &k, NULL), 1);
	ck_assert_str_eq(k, "e");
	ck_assert_int_eq(hmap_next(m, &pos, &k, NULL), 1);
	ck_assert_str_eq(k, "a");
	ck_assert_int_eq(hmap_next(m, &pos, &k, NULL), 0);
	hmap_free(m);
}
END_TEST

/* ----------------------------------------------------------- instrument */

START_TEST(test_ident_valid)
{
	static const struct {
		const char *s;
		bool	ok;
	} cases[] = {
		{ "ACME", true }, { "BRK.B", true }, { "ESZ6", true },
		{ "T-2026-1.5", true }, { "a", true }, { "x/y:z", true },
		{ "", false }, { "AC ME", false }, { "AC\tME", false },
		{ "AC#", false }, { "A\"B", false }, { "A=B", false },
		{ "A@B", false }, { "caf\xc3\xa9", false },
		{ "A\x1f" "B", false },
		{ "ABCDEFGHIJKLMNOPQRSTUVW", true },	/* 23 */
		{ "ABCDEFGHIJKLMNOPQRSTUVWX", false },	/* 24 */
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(ident_valid(cases[i].s, SYMBOL_MAX) ==
		    cases[i].ok, "'%s'", cases[i].s);
	ck_assert(!ident_valid(NULL, SYMBOL_MAX));
	ck_assert(ident_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", ACCOUNT_MAX));
	ck_assert(!ident_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
	    ACCOUNT_MAX));
}
END_TEST

START_TEST(test_ccy_valid)
{
	ck_assert(ccy_valid("USD"));
	ck_assert(ccy_valid("JPY"));
	ck_assert(!ccy_valid("usd"));
	ck_assert(!ccy_valid("US"));
	ck_assert(!ccy_valid("USDX"));
	ck_assert(!ccy_valid("U1D"));
	ck_assert(!ccy_valid(""));
	ck_assert(!ccy_valid(NULL));
}
END_TEST

START_TEST(test_instrument_init)
{
	struct instrument inst, keep;
	struct err err;

	ck_assert_int_eq(instrument_init(&inst, "ACME", ASSET_EQUITY, "USD",
	    &err), 0);
	ck_assert_str_eq(inst.symbol, "ACME");
	ck_assert_str_eq(inst.ccy, "USD");
	ck_assert_int_eq(inst.cls, ASSET_EQUITY);
	ck_assert_int_eq(inst.tick, 1000000);
	ck_assert_int_eq(inst.lot, 1);
	ck_assert_int_eq(inst.mult, PX_SCALE);
	ck_assert_str_eq(inst.issuer, "");
	ck_assert_str_eq(inst.underlying, "");
	ck_assert_int_eq(instrument_validate(&inst, &err), 0);

	ck_assert_int_eq(instrument_init(&inst, "T-2030", ASSET_BOND, "USD",
	    &err), 0);
	ck_assert_int_eq(inst.mult, P("0.01"));
	ck_assert_int_eq(inst.tick, P("0.01"));
	ck_assert_int_eq(instrument_init(&inst, "ESZ6", ASSET_FUTURE, "USD",
	    &err), 0);
	ck_assert_int_eq(inst.mult, PX_SCALE);

	keep = inst;
	ck_assert_int_eq(instrument_init(&inst, "BAD SYM", ASSET_EQUITY, "USD",
	    &err), -1);
	ck_assert(strstr(err.msg, "'BAD SYM' is not a valid symbol") != NULL);
	ck_assert_int_eq(instrument_init(&inst, "", ASSET_EQUITY, "USD",
	    &err), -1);
	ck_assert_int_eq(instrument_init(&inst, "ACME", ASSET_EQUITY, "usd",
	    &err), -1);
	ck_assert(strstr(err.msg, "'usd' is not a currency code") != NULL);
	ck_assert_int_eq(instrument_init(&inst, "ACME", ASSET_CLASS_COUNT,
	    "USD", &err), -1);
	ck_assert_mem_eq(&inst, &keep, sizeof inst);
}
END_TEST

START_TEST(test_instrument_validate)
{
	struct instrument inst;
	struct err err;

	instrument_init(&inst, "ACME", ASSET_EQUITY, "USD", &err);
	inst.tick = 0;
	ck_assert_int_eq(instrument_validate(&inst, &err), -1);
	ck_assert_str_eq(err.msg, "ACME: tick 0 must be positive");
	inst.tick = P("0.01");
	inst.lot = 0;
	ck_assert_int_eq(instrument_validate(&inst, &err), -1);
	ck_assert_str_eq(err.msg, "ACME: lot 0 must be positive");
	inst.lot = 100;
	inst.mult = -1;
	ck_assert_int_eq(instrument_validate(&inst, &err), -1);
	ck_assert(strstr(err.msg, "multiplier") != NULL);
	inst.mult = P("50");
	ck_assert_int_eq(instrument_validate(&inst, &err), 0);
	strcpy(inst.ccy, "US");
	ck_assert_int_eq(instrument_validate(&inst, &err), -1);
}
END_TEST

START_TEST(test_instrument_check_price)
{
	static const struct {
		const char *tick, *px;
		const char *msg;	/* NULL: accepted */
	} cases[] = {
		{ "0.01", "10.00", NULL },
		{ "0.01", "10.01", NULL },
		{ "0.01", "0.01", NULL },
		{ "0.01", "1000000000", NULL },
		{ "0.01", "10.005", "ACME: price 10.005 is not on the tick "
		    "0.01" },
		{ "0.01", "-1", "ACME: price -1.00 must be positive" },
		{ "0.01", "0", "ACME: price 0.00 must be positive" },
		{ "0.01", "1000000000.01", "ACME: price 1000000000.01 is too "
		    "large (at most 1000000000.00)" },
		{ "0.05", "10.05", NULL },
		{ "0.05", "10.07", "ACME: price 10.07 is not on the tick "
		    "0.05" },
		{ "0.25", "5000.25", NULL },
		{ "0.25", "5000.10", "ACME: price 5000.10 is not on the tick "
		    "0.25" },
		/* Bonds quoted in 1/256 and 1/32 of a point. */
		{ "0.00390625", "99.00390625", NULL },
		{ "0.00390625", "99.5", NULL },
		{ "0.00390625", "99.001", "ACME: price 99.001 is not on the "
		    "tick 0.00390625" },
		{ "0.03125", "99.03125", NULL },
		{ "0.03125", "99.15625", NULL },
		{ "0.03125", "99.00390625", "ACME: price 99.00390625 is not on "
		    "the tick 0.03125" },
		{ "1", "12", NULL },
		{ "1", "12.5", "ACME: price 12.50 is not on the tick 1.00" },
	};
	struct instrument inst;
	struct err err;
	size_t	i;

	instrument_init(&inst, "ACME", ASSET_EQUITY, "USD", &err);
	ck_assert_int_eq(P("0.00390625"), 390625);	/* 1/256 exactly */
	ck_assert_int_eq(P("0.03125") * 32, PX_SCALE);	/* 1/32 exactly */
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int	rc;

		inst.tick = P(cases[i].tick);
		rc = instrument_check_price(&inst, P(cases[i].px), "price",
		    &err);
		if (cases[i].msg == NULL) {
			ck_assert_msg(rc == 0, "%s on %s: %s", cases[i].px,
			    cases[i].tick, err.msg);
		} else {
			ck_assert_msg(rc == -1, "%s on %s accepted",
			    cases[i].px, cases[i].tick);
			ck_assert_str_eq(err.msg, cases[i].msg);
		}
	}
	inst.tick = P("0.01");
	ck_assert_int_eq(instrument_check_price(&inst, P("1.001"), "stop",
	    &err), -1);
	ck_assert_str_eq(err.msg, "ACME: stop 1.001 is not on the tick 0.01");
	ck_assert_int_eq(instrument_check_price(&inst, 0, NULL, &err), -1);
	ck_assert_str_eq(err.msg, "ACME: price 0.00 must be positive");
}
END_TEST

START_TEST(test_instrument_check_qty)
{
	static const struct {
		int64_t	lot, qty;
		const char *msg;	/* NULL: accepted */
	} cases[] = {
		{ 1, 1, NULL },
		{ 1, 150, NULL },
		{ 100, 200, NULL },
		{ 100, 150, "ACME: quantity 150 is not a multiple of lot 100" },
		{ 1, 0, "ACME: quantity 0 must be positive" },
		{ 100, -100, "ACME: quantity -100 must be positive" },
		{ 1, QTY_MAX, NULL },
		{ 1, QTY_MAX + 1, "ACME: quantity 1000000000001 is too large "
		    "(at most 1000000000000)" },
		{ 1000, 1000000, NULL },
	};
	struct instrument inst;
	struct err err;
	size_t	i;

	instrument_init(&inst, "ACME", ASSET_EQUITY, "USD", &err);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int	rc;

		inst.lot = cases[i].lot;
		rc = instrument_check_qty(&inst, cases[i].qty, &err);
		if (cases[i].msg == NULL) {
			ck_assert_msg(rc == 0, "%lld: %s",
			    (long long)cases[i].qty, err.msg);
		} else {
			ck_assert_int_eq(rc, -1);
			ck_assert_str_eq(err.msg, cases[i].msg);
		}
	}
}
END_TEST

START_TEST(test_asset_class)
{
	static const char *const names[] = {
		"equity", "bond", "fx", "future", "option"
	};
	enum asset_class c;
	struct err err;
	int	i;

	for (i = 0; i < ASSET_CLASS_COUNT; i++) {
		ck_assert_str_eq(asset_class_name((enum asset_class)i),
		    names[i]);
		ck_assert_int_eq(asset_class_parse(names[i], &c, &err), 0);
		ck_assert_int_eq(c, i);
	}
	ck_assert_int_eq(asset_class_parse("BOND", &c, &err), 0);
	ck_assert_int_eq(c, ASSET_BOND);
	ck_assert_int_eq(asset_class_parse("Future", &c, &err), 0);
	ck_assert_int_eq(c, ASSET_FUTURE);
	c = ASSET_FX;
	ck_assert_int_eq(asset_class_parse("stock", &c, &err), -1);
	ck_assert_str_eq(err.msg, "'stock' is not an asset class (equity, "
	    "bond, fx, future or option)");
	ck_assert_int_eq(c, ASSET_FX);
	ck_assert_int_eq(asset_class_parse("", &c, &err), -1);
	ck_assert_str_eq(asset_class_name(ASSET_CLASS_COUNT), "?");
}
END_TEST

/* -------------------------------------------------------------- account */

START_TEST(test_account_init)
{
	struct account a, keep;
	struct err err;

	ck_assert_int_eq(account_init(&a, "ACC1", &err), 0);
	ck_assert_str_eq(a.id, "ACC1");
	ck_assert_str_eq(a.ccy, "USD");
	ck_assert_str_eq(a.name, "");
	ck_assert_int_eq(a.nav, 0);
	ck_assert_int_eq(a.cash, 0);
	ck_assert_int_eq(account_init(&a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
	    &err), 0);
	keep = a;
	ck_assert_int_eq(account_init(&a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
	    &err), -1);
	ck_assert_int_eq(account_init(&a, "my acct", &err), -1);
	ck_assert(strstr(err.msg, "'my acct' is not a valid account id") !=
	    NULL);
	ck_assert_int_eq(account_init(&a, "", &err), -1);
	ck_assert_int_eq(account_init(&a, NULL, &err), -1);
	ck_assert_mem_eq(&a, &keep, sizeof a);
}
END_TEST

/* --------------------------------------------------------------- orders */

/* The legal transitions, written independently of order.c: from, event,
 * and the status reached by an order of 100 with 40 filled whose status
 * before a pending request was new. */
static const struct {
	enum order_status from;
	enum order_event ev;
	enum order_status to;
} legal[] = {
	{ ORDER_STAGED, OEV_RELEASE, ORDER_PENDING_NEW },
	{ ORDER_STAGED, OEV_FLAG, ORDER_FLAGGED },
	{ ORDER_FLAGGED, OEV_APPROVE, ORDER_PENDING_NEW },
	{ ORDER_STAGED, OEV_REJECT, ORDER_REJECTED },
	{ ORDER_FLAGGED, OEV_REJECT, ORDER_REJECTED },
	{ ORDER_PENDING_NEW, OEV_REJECT, ORDER_REJECTED },
	{ ORDER_PENDING_NEW, OEV_ACK, ORDER_PARTIALLY_FILLED },
	{ ORDER_PENDING_NEW, OEV_FILL, ORDER_PARTIALLY_FILLED },
	{ ORDER_NEW, OEV_FILL, ORDER_PARTIALLY_FILLED },
	{ ORDER_PARTIALLY_FILLED, OEV_FILL, ORDER_PARTIALLY_FILLED },
	{ ORDER_PENDING_CANCEL, OEV_FILL, ORDER_PENDING_CANCEL },
	{ ORDER_PENDING_REPLACE, OEV_FILL, ORDER_PENDING_REPLACE },
	{ ORDER_CANCELED, OEV_FILL, ORDER_CANCELED },
	{ ORDER_EXPIRED, OEV_FILL, ORDER_EXPIRED },
	{ ORDER_DONE_FOR_DAY, OEV_FILL, ORDER_DONE_FOR_DAY },
	{ ORDER_PENDING_NEW, OEV_CANCEL_REQ, ORDER_PENDING_CANCEL },
	{ ORDER_NEW, OEV_CANCEL_REQ, ORDER_PENDING_CANCEL },
	{ ORDER_PARTIALLY_FILLED, OEV_CANCEL_REQ, ORDER_PENDING_CANCEL },
	{ ORDER_STAGED, OEV_CANCELED, ORDER_CANCELED },
	{ ORDER_FLAGGED, OEV_CANCELED, ORDER_CANCELED },
	{ ORDER_PENDING_NEW, OEV_CANCELED, ORDER_CANCELED },
	{ ORDER_NEW, OEV_CANCELED, ORDER_CANCELED },
	{ ORDER_PARTIALLY_FILLED, OEV_CANCELED, ORDER_CANCELED },
	{ ORDER_PENDING_CANCEL, OEV_CANCELED, ORDER_CANCELED },
	{ ORDER_PENDING_REPLACE, OEV_CANCELED, ORDER_CANCELED },
	{ ORDER_PENDING_CANCEL, OEV_CANCEL_REJECT, ORDER_PARTIALLY_FILLED },
	{ ORDER_NEW, OEV_REPLACE_REQ, ORDER_PENDING_REPLACE },
	{ ORDER_PARTIALLY_FILLED, OEV_REPLACE_REQ, ORDER_PENDING_REPLACE },
	{ ORDER_PENDING_REPLACE, OEV_REPLACED, ORDER_PARTIALLY_FILLED },
	{ ORDER_PENDING_REPLACE, OEV_REPLACE_REJECT, ORDER_PARTIALLY_FILLED },
	{ ORDER_PENDING_NEW, OEV_EXPIRE, ORDER_EXPIRED },
	{ ORDER_NEW, OEV_EXPIRE, ORDER_EXPIRED },
	{ ORDER_PARTIALLY_FILLED, OEV_EXPIRE, ORDER_EXPIRED },
	{ ORDER_PENDING_CANCEL, OEV_EXPIRE, ORDER_EXPIRED },
	{ ORDER_PENDING_REPLACE, OEV_EXPIRE, ORDER_EXPIRED },
	{ ORDER_NEW, OEV_DONE_FOR_DAY, ORDER_DONE_FOR_DAY },
	{ ORDER_PARTIALLY_FILLED, OEV_DONE_FOR_DAY, ORDER_DONE_FOR_DAY },
	{ ORDER_PENDING_CANCEL, OEV_DONE_FOR_DAY, ORDER_DONE_FOR_DAY },
	{ ORDER_PENDING_REPLACE, OEV_DONE_FOR_DAY, ORDER_DONE_FOR_DAY },
	{ ORDER_NEW, OEV_BUST, ORDER_PARTIALLY_FILLED },
	{ ORDER_PARTIALLY_FILLED, OEV_BUST, ORDER_PARTIALLY_FILLED },
	{ ORDER_FILLED, OEV_BUST, ORDER_PARTIALLY_FILLED },
	{ ORDER_PENDING_CANCEL, OEV_BUST, ORDER_PENDING_CANCEL },
	{ ORDER_PENDING_REPLACE, OEV_BUST, ORDER_PENDING_REPLACE },
	{ ORDER_CANCELED, OEV_BUST, ORDER_CANCELED },
	{ ORDER_EXPIRED, OEV_BUST, ORDER_EXPIRED },
	{ ORDER_DONE_FOR_DAY, OEV_BUST, ORDER_DONE_FOR_DAY },
};

/* Index into legal[] of (S, EV), or -1 when not legal. */
static int
legal_find(enum order_status s, enum order_event ev)
{
	size_t	i;

	for (i = 0; i < sizeof legal / sizeof legal[0]; i++)
		if (legal[i].from == s && legal[i].ev == ev)
			return (int)i;
	return -1;
}

START_TEST(test_order_table_every_pair)
{
	int	s, ev, nlegal = 0;

	for (s = 0; s < ORDER_STATUS_COUNT; s++) {
		for (ev = 0; ev < OEV_EVENT_COUNT; ev++) {
			bool want = legal_find((enum order_status)s,
			    (enum order_event)ev) >= 0;

			ck_assert_msg(order_can((enum order_status)s,
			    (enum order_event)ev) == want, "%s + %s: %s",
			    order_status_name((enum order_status)s),
			    order_event_name((enum order_event)ev),
			    want ? "should be legal" : "should be refused");
			nlegal += want;
		}
	}
	ck_assert_int_eq(nlegal, (int)(sizeof legal / sizeof legal[0]));
	ck_assert(!order_can(ORDER_STATUS_COUNT, OEV_FILL));
	ck_assert(!order_can(ORDER_NEW, OEV_EVENT_COUNT));
}
END_TEST

START_TEST(test_order_table_targets)
{
	struct err err;
	size_t	i;

	for (i = 0; i < sizeof legal / sizeof legal[0]; i++) {
		struct order o = mk_order("O7", 100, legal[i].from);

		o.cum_qty = 40;
		o.notional = M("400");
		ck_assert_msg(order_apply(&o, legal[i].ev, &err) == 0,
		    "%s + %s: %s", order_status_name(legal[i].from),
		    order_event_name(legal[i].ev), err.msg);
		ck_assert_msg(o.status == legal[i].to, "%s + %s gave %s",
		    order_status_name(legal[i].from),
		    order_event_name(legal[i].ev),
		    order_status_name(o.status));
		/* order_apply changes nothing but the status (and the saved
		 * status on a request). */
		ck_assert_int_eq(o.cum_qty, 40);
		ck_assert_int_eq(o.qty, 100);
		ck_assert_int_eq(o.notional, M("400"));
		if (legal[i].ev == OEV_CANCEL_REQ ||
		    legal[i].ev == OEV_REPLACE_REQ)
			ck_assert_int_eq(o.prev_status, legal[i].from);
		else
			ck_assert_int_eq(o.prev_status, ORDER_NEW);
	}
}
END_TEST

START_TEST(test_order_by_cum_edges)
{
	/* (status, event, cum of 100, expected) for the computed targets. */
	static const struct {
		enum order_status from, prev;
		enum order_event ev;
		int64_t	cum;
		enum order_status to;
	} cases[] = {
		{ ORDER_PENDING_NEW, ORDER_NEW, OEV_ACK, 0, ORDER_NEW },
		{ ORDER_PENDING_NEW, ORDER_NEW, OEV_ACK, 100, ORDER_FILLED },
		{ ORDER_NEW, ORDER_NEW, OEV_FILL, 100, ORDER_FILLED },
		{ ORDER_PENDING_CANCEL, ORDER_NEW, OEV_FILL, 100,
		    ORDER_FILLED },
		{ ORDER_PENDING_REPLACE, ORDER_PARTIALLY_FILLED, OEV_FILL, 100,
		    ORDER_FILLED },
		{ ORDER_FILLED, ORDER_NEW, OEV_BUST, 0, ORDER_NEW },
		{ ORDER_PARTIALLY_FILLED, ORDER_NEW, OEV_BUST, 0, ORDER_NEW },
		{ ORDER_PENDING_CANCEL, ORDER_NEW, OEV_BUST, 0,
		    ORDER_PENDING_CANCEL },
		{ ORDER_PENDING_REPLACE, ORDER_NEW, OEV_REPLACED, 0,
		    ORDER_NEW },
		{ ORDER_PENDING_REPLACE, ORDER_NEW, OEV_REPLACED, 100,
		    ORDER_FILLED },
		/* PREVIOUS follows fills made while the request pended. */
		{ ORDER_PENDING_CANCEL, ORDER_NEW, OEV_CANCEL_REJECT, 0,
		    ORDER_NEW },
		{ ORDER_PENDING_CANCEL, ORDER_PARTIALLY_FILLED,
		    OEV_CANCEL_REJECT, 0, ORDER_NEW },
		{ ORDER_PENDING_CANCEL, ORDER_PARTIALLY_FILLED,
		    OEV_CANCEL_REJECT, 60, ORDER_PARTIALLY_FILLED },
		{ ORDER_PENDING_CANCEL, ORDER_NEW, OEV_CANCEL_REJECT, 100,
		    ORDER_FILLED },
		{ ORDER_PENDING_CANCEL, ORDER_PENDING_NEW, OEV_CANCEL_REJECT, 0,
		    ORDER_PENDING_NEW },
		{ ORDER_PENDING_REPLACE, ORDER_PARTIALLY_FILLED,
		    OEV_REPLACE_REJECT, 30, ORDER_PARTIALLY_FILLED },
		{ ORDER_PENDING_REPLACE, ORDER_NEW, OEV_REPLACE_REJECT, 100,
		    ORDER_FILLED },
	};
	struct err err;
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct order o = mk_order("O7", 100, cases[i].from);

		o.prev_status = cases[i].prev;
		o.cum_qty = cases[i].cum;
		ck_assert_int_eq(order_apply(&o, cases[i].ev, &err), 0);
		ck_assert_msg(o.status == cases[i].to, "case %zu: %s", i,
		    order_status_name(o.status));
	}
}
END_TEST

START_TEST(test_order_illegal_unchanged)
{
	static const struct {
		enum order_status s;
		enum order_event ev;
		const char *msg;
	} cases[] = {
		{ ORDER_FILLED, OEV_CANCEL_REQ, "order O7 is filled: cannot "
		    "cancel it" },
		{ ORDER_FILLED, OEV_CANCELED, "order O7 is filled: cannot "
		    "cancel it" },
		{ ORDER_CANCELED, OEV_CANCEL_REQ, "order O7 is canceled: "
		    "cannot cancel it" },
		{ ORDER_REJECTED, OEV_FILL, "order O7 is rejected: cannot fill "
		    "it" },
		{ ORDER_STAGED, OEV_FILL, "order O7 is staged: cannot fill "
		    "it" },
		{ ORDER_NEW, OEV_RELEASE, "order O7 is new: cannot release "
		    "it" },
		{ ORDER_STAGED, OEV_ACK, "order O7 is staged: cannot "
		    "acknowledge it" },
		{ ORDER_PENDING_NEW, OEV_REPLACE_REQ, "order O7 is "
		    "pending_new: cannot replace it" },
		{ ORDER_PARTIALLY_FILLED, OEV_CANCEL_REJECT, "order O7 is "
		    "partially_filled: it has no cancel pending" },
		{ ORDER_NEW, OEV_REPLACED, "order O7 is new: it has no replace "
		    "pending" },
		{ ORDER_FILLED, OEV_EXPIRE, "order O7 is filled: cannot expire "
		    "it" },
		{ ORDER_STAGED, OEV_EXPIRE, "order O7 is staged: cannot expire "
		    "it" },
		{ ORDER_FLAGGED, OEV_DONE_FOR_DAY, "order O7 is flagged: "
		    "cannot end it for the day" },
		{ ORDER_STAGED, OEV_APPROVE, "order O7 is staged: cannot "
		    "approve it" },
		{ ORDER_NEW, OEV_REJECT, "order O7 is new: cannot reject it" },
		{ ORDER_REJECTED, OEV_BUST, "order O7 is rejected: cannot bust "
		    "a fill of it" },
		{ ORDER_PENDING_CANCEL, OEV_REPLACE_REQ, "order O7 is "
		    "pending_cancel: cannot replace it" },
		{ ORDER_PENDING_REPLACE, OEV_CANCEL_REQ, "order O7 is "
		    "pending_replace: cannot cancel it" },
		{ ORDER_FLAGGED, OEV_FLAG, "order O7 is flagged: cannot flag "
		    "it for review" },
	};
	struct err err;
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct order o = mk_order("O7", 100, cases[i].s), keep;

		o.cum_qty = cases[i].s == ORDER_FILLED ? 100 : 0;
		keep = o;
		ck_assert_int_eq(order_apply(&o, cases[i].ev, &err), -1);
		ck_assert_str_eq(err.msg, cases[i].msg);
		ck_assert_mem_eq(&o, &keep, sizeof o);
	}
	{
		struct order o = mk_order("O7", 100, ORDER_NEW), keep = o;

		ck_assert_int_eq(order_apply(&o, OEV_EVENT_COUNT, &err), -1);
		ck_assert_mem_eq(&o, &keep, sizeof o);
	}
}
END_TEST

START_TEST(test_order_lifecycle)
{
	struct order o = mk_order("O1", 100, ORDER_STAGED);
	struct err err;

	ck_assert_int_eq(order_apply(&o, OEV_RELEASE, &err), 0);
	ck_assert_int_eq(o.status, ORDER_PENDING_NEW);
	ck_assert_int_eq(order_leaves(&o), 100);
	ck_assert_int_eq(order_apply(&o, OEV_ACK, &err), 0);
	ck_assert_int_eq(o.status, ORDER_NEW);
	ck_assert_int_eq(order_apply(&o, OEV_CANCEL_REQ, &err), 0);
	ck_assert_int_eq(o.status, ORDER_PENDING_CANCEL);
	ck_assert_int_eq(o.prev_status, ORDER_NEW);
	ck_assert_int_eq(order_apply(&o, OEV_CANCEL_REJECT, &err), 0);
	ck_assert_int_eq(o.status, ORDER_NEW);
	ck_assert_int_eq(order_apply(&o, OEV_CANCEL_REQ, &err), 0);
	ck_assert_int_eq(order_apply(&o, OEV_CANCELED, &err), 0);
	ck_assert_int_eq(o.status, ORDER_CANCELED);
	ck_assert_int_eq(order_leaves(&o), 0);

	o = mk_order("O2", 100, ORDER_STAGED);
	ck_assert_int_eq(order_apply(&o, OEV_FLAG, &err), 0);
	ck_assert_int_eq(order_apply(&o, OEV_RELEASE, &err), -1);
	ck_assert_int_eq(order_apply(&o, OEV_APPROVE, &err), 0);
	ck_assert_int_eq(o.status, ORDER_PENDING_NEW);
	ck_assert_int_eq(order_apply(&o, OEV_REJECT, &err), 0);
	ck_assert_int_eq(o.status, ORDER_REJECTED);
	ck_assert_int_eq(order_leaves(&o), 0);
}
END_TEST

START_TEST(test_order_fill_partial_then_full)
{
	struct order o = mk_order("O7", 100, ORDER_NEW);
	struct err err;

	ck_assert_int_eq(order_avg_px(&o), 0);
	ck_assert_int_eq(order_fill(&o, 30, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_PARTIALLY_FILLED);
	ck_assert_int_eq(o.cum_qty, 30);
	ck_assert_int_eq(o.notional, M("300"));
	ck_assert_int_eq(order_leaves(&o), 70);
	ck_assert_int_eq(order_avg_px(&o), P("10"));
	ck_assert_int_eq(order_fill(&o, 70, P("11"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_FILLED);
	ck_assert_int_eq(o.cum_qty, 100);
	ck_assert_int_eq(o.notional, M("1070"));
	ck_assert_int_eq(order_leaves(&o), 0);
	ck_assert_int_eq(order_avg_px(&o), P("10.70"));
	/* A filled order takes no more. */
	ck_assert_int_eq(order_fill(&o, 1, P("11"), &err), -1);
	ck_assert_str_eq(err.msg, "order O7 is filled: cannot fill it");
}
END_TEST

START_TEST(test_order_fill_overfill_refused)
{
	struct order o = mk_order("O7", 100, ORDER_NEW), keep;
	struct err err;

	ck_assert_int_eq(order_fill(&o, 80, P("10"), &err), 0);
	keep = o;
	ck_assert_int_eq(order_fill(&o, 50, P("10"), &err), -1);
	ck_assert_str_eq(err.msg, "fill of 50 would take order O7 past its "
	    "quantity 100 (80 filled)");
	ck_assert_mem_eq(&o, &keep, sizeof o);
	ck_assert_int_eq(order_fill(&o, 0, P("10"), &err), -1);
	ck_assert_int_eq(order_fill(&o, -5, P("10"), &err), -1);
	ck_assert_int_eq(order_fill(&o, 5, 0, &err), -1);
	ck_assert_int_eq(order_fill(&o, 5, -P("1"), &err), -1);
	ck_assert_int_eq(order_fill(&o, INT64_MAX, P("10"), &err), -1);
	ck_assert_mem_eq(&o, &keep, sizeof o);
	ck_assert_int_eq(order_fill(&o, 20, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_FILLED);
}
END_TEST

START_TEST(test_order_fill_refused_statuses)
{
	static const enum order_status no_fill[] = {
		ORDER_STAGED, ORDER_FLAGGED, ORDER_FILLED, ORDER_REJECTED,
	};
	struct err err;
	size_t	i;

	for (i = 0; i < sizeof no_fill / sizeof no_fill[0]; i++) {
		struct order o = mk_order("O7", 100, no_fill[i]), keep = o;

		ck_assert_int_eq(order_fill(&o, 10, P("10"), &err), -1);
		ck_assert_mem_eq(&o, &keep, sizeof o);
	}
}
END_TEST

START_TEST(test_order_fill_before_ack)
{
	struct order o = mk_order("O7", 100, ORDER_PENDING_NEW);
	struct err err;

	ck_assert_int_eq(order_fill(&o, 100, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_FILLED);
	o = mk_order("O8", 100, ORDER_PENDING_NEW);
	ck_assert_int_eq(order_fill(&o, 10, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_PARTIALLY_FILLED);
}
END_TEST

START_TEST(test_order_fill_while_pending)
{
	struct order o = mk_order("O7", 100, ORDER_NEW);
	struct err err;

	ck_assert_int_eq(order_apply(&o, OEV_CANCEL_REQ, &err), 0);
	ck_assert_int_eq(order_fill(&o, 30, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_PENDING_CANCEL);
	ck_assert_int_eq(order_leaves(&o), 70);
	ck_assert_int_eq(order_apply(&o, OEV_CANCEL_REJECT, &err), 0);
	ck_assert_int_eq(o.status, ORDER_PARTIALLY_FILLED);

	ck_assert_int_eq(order_apply(&o, OEV_REPLACE_REQ, &err), 0);
	ck_assert_int_eq(o.prev_status, ORDER_PARTIALLY_FILLED);
	ck_assert_int_eq(order_fill(&o, 20, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_PENDING_REPLACE);
	ck_assert_int_eq(order_fill(&o, 50, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_FILLED);
	ck_assert_int_eq(order_apply(&o, OEV_REPLACE_REJECT, &err), -1);
}
END_TEST

START_TEST(test_order_late_fill)
{
	static const enum order_event ends[] = {
		OEV_CANCELED, OEV_EXPIRE, OEV_DONE_FOR_DAY
	};
	static const enum order_status ended[] = {
		ORDER_CANCELED, ORDER_EXPIRED, ORDER_DONE_FOR_DAY
	};
	struct err err;
	size_t	i;

	for (i = 0; i < 3; i++) {
		struct order o = mk_order("O7", 100, ORDER_NEW), keep;

		ck_assert_int_eq(order_fill(&o, 20, P("10"), &err), 0);
		ck_assert_int_eq(order_apply(&o, ends[i], &err), 0);
		ck_assert_int_eq(o.status, ended[i]);
		ck_assert_int_eq(order_leaves(&o), 0);
		/* The late fill is kept; the status stays. */
		ck_assert_int_eq(order_fill(&o, 40, P("10.50"), &err), 0);
		ck_assert_int_eq(o.status, ended[i]);
		ck_assert_int_eq(o.cum_qty, 60);
		ck_assert_int_eq(o.notional, M("620"));
		ck_assert_int_eq(order_leaves(&o), 0);
		/* Still never past the ordered quantity... */
		keep = o;
		ck_assert_int_eq(order_fill(&o, 41, P("10"), &err), -1);
		ck_assert_str_eq(err.msg, "fill of 41 would take order O7 past "
		    "its quantity 100 (60 filled)");
		ck_assert_mem_eq(&o, &keep, sizeof o);
		/* ...but up to it, and then the status still stays. */
		ck_assert_int_eq(order_fill(&o, 40, P("10"), &err), 0);
		ck_assert_int_eq(o.status, ended[i]);
		ck_assert_int_eq(o.cum_qty, 100);
	}
}
END_TEST

START_TEST(test_order_bust)
{
	struct order o = mk_order("O7", 100, ORDER_NEW), keep;
	struct err err;

	ck_assert_int_eq(order_fill(&o, 30, P("10"), &err), 0);
	ck_assert_int_eq(order_fill(&o, 70, P("11"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_FILLED);
	ck_assert_int_eq(order_bust(&o, 70, P("11"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_PARTIALLY_FILLED);
	ck_assert_int_eq(o.cum_qty, 30);
	ck_assert_int_eq(o.notional, M("300"));
	ck_assert_int_eq(order_leaves(&o), 70);
	keep = o;
	ck_assert_int_eq(order_bust(&o, 31, P("10"), &err), -1);
	ck_assert_str_eq(err.msg, "bust of 31 is more than the 30 filled on "
	    "order O7");
	ck_assert_int_eq(order_bust(&o, 0, P("10"), &err), -1);
	ck_assert_int_eq(order_bust(&o, 10, 0, &err), -1);
	ck_assert_mem_eq(&o, &keep, sizeof o);
	ck_assert_int_eq(order_bust(&o, 30, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_NEW);
	ck_assert_int_eq(o.cum_qty, 0);
	ck_assert_int_eq(o.notional, 0);
	ck_assert_int_eq(order_avg_px(&o), 0);

	/* A bust on a canceled order keeps it canceled. */
	o = mk_order("O8", 100, ORDER_NEW);
	ck_assert_int_eq(order_fill(&o, 40, P("10"), &err), 0);
	ck_assert_int_eq(order_apply(&o, OEV_CANCELED, &err), 0);
	ck_assert_int_eq(order_bust(&o, 40, P("10"), &err), 0);
	ck_assert_int_eq(o.status, ORDER_CANCELED);
	ck_assert_int_eq(o.cum_qty, 0);

	/* Nothing to bust on a staged order. */
	o = mk_order("O9", 100, ORDER_STAGED);
	keep = o;
	ck_assert_int_eq(order_bust(&o, 1, P("10"), &err), -1);
	ck_assert_str_eq(err.msg, "order O9 is staged: cannot bust a fill of "
	    "it");
	ck_assert_mem_eq(&o, &keep, sizeof o);
}
END_TEST

START_TEST(test_order_replace_rules)
{
	struct order o = mk_order("O7", 100, ORDER_NEW), keep;
	struct order_change c;
	struct err err;

	ck_assert_int_eq(order_fill(&o, 80, P("10"), &err), 0);
	keep = o;

	memset(&c, 0, sizeof c);
	c.have_qty = true;
	c.qty = 50;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
	ck_assert_str_eq(err.msg, "replace would bring order O7 to 50, below "
	    "the 80 already filled");
	c.qty = 0;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
	c.qty = QTY_MAX + 1;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
	ck_assert_mem_eq(&o, &keep, sizeof o);

	/* All or nothing: a good qty with a bad stop changes nothing. */
	c.qty = 200;
	c.have_stop = true;
	c.stop_px = P("9");
	ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
	ck_assert_str_eq(err.msg, "order O7 is a limit order: it has no stop "
	    "price to change");
	ck_assert_mem_eq(&o, &keep, sizeof o);

	memset(&c, 0, sizeof c);
	c.have_qty = c.have_limit = true;
	c.qty = 80;
	c.limit_px = P("10.25");
	ck_assert_int_eq(order_change_apply(&o, &c, &err), 0);
	ck_assert_int_eq(o.qty, 80);
	ck_assert_int_eq(o.limit_px, P("10.25"));
	ck_assert_int_eq(order_leaves(&o), 0);

	c.limit_px = 0;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
	ck_assert_str_eq(err.msg, "replace limit 0.00 must be positive");
}
END_TEST

START_TEST(test_order_replace_by_type)
{
	static const struct {
		enum order_type type;
		int64_t	limit;
		bool	limit_ok, stop_ok;
	} cases[] = {
		{ OTYPE_MARKET, 0, false, false },
		{ OTYPE_LIMIT, 1000000000, true, false },
		{ OTYPE_STOP, 0, false, true },
		{ OTYPE_STOP_LIMIT, 1000000000, true, true },
		{ OTYPE_TRAILING_STOP, 0, false, true },
		{ OTYPE_TRAILING_STOP, 1000000000, true, true },
	};
	struct order_change c;
	struct err err;
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct order o = mk_order("O7", 100, ORDER_NEW), keep;

		o.type = cases[i].type;
		o.limit_px = cases[i].limit;
		o.stop_px = o.type == OTYPE_MARKET || o.type == OTYPE_LIMIT ?
		    0 : P("9");
		keep = o;
		memset(&c, 0, sizeof c);
		c.have_limit = true;
		c.limit_px = P("11");
		ck_assert_int_eq(order_change_apply(&o, &c, &err),
		    cases[i].limit_ok ? 0 : -1);
		if (!cases[i].limit_ok) {
			ck_assert(strstr(err.msg, "has no limit price") !=
			    NULL);
			ck_assert_mem_eq(&o, &keep, sizeof o);
		} else {
			ck_assert_int_eq(o.limit_px, P("11"));
		}
		memset(&c, 0, sizeof c);
		c.have_stop = true;
		c.stop_px = P("8.5");
		ck_assert_int_eq(order_change_apply(&o, &c, &err),
		    cases[i].stop_ok ? 0 : -1);
		if (cases[i].stop_ok)
			ck_assert_int_eq(o.stop_px, P("8.5"));
	}
	{
		struct order o = mk_order("O7", 100, ORDER_NEW);

		o.type = OTYPE_MARKET;
		o.limit_px = 0;
		memset(&c, 0, sizeof c);
		c.have_limit = true;
		c.limit_px = P("11");
		ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
		ck_assert_str_eq(err.msg, "order O7 is a market order: it has "
		    "no limit price to change");
	}
}
END_TEST

START_TEST(test_order_replace_tif)
{
	struct order o = mk_order("O7", 100, ORDER_NEW), keep;
	struct order_change c;
	struct err err;

	memset(&c, 0, sizeof c);
	c.have_tif = true;
	c.tif = TIF_GTC;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), 0);
	ck_assert_int_eq(o.tif, TIF_GTC);
	keep = o;
	c.tif = TIF_GTD;
	c.gtd_date = 0;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
	ck_assert_mem_eq(&o, &keep, sizeof o);
	c.gtd_date = 20260230;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
	c.gtd_date = 20260109;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), 0);
	ck_assert_int_eq(o.tif, TIF_GTD);
	ck_assert_int_eq(o.gtd_date, 20260109);
	c.tif = TIF_DAY;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), 0);
	ck_assert_int_eq(o.gtd_date, 0);
	/* A done order takes no replace. */
	o.status = ORDER_FILLED;
	keep = o;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), -1);
	ck_assert_str_eq(err.msg, "order O7 is filled: cannot replace it");
	ck_assert_mem_eq(&o, &keep, sizeof o);
}
END_TEST

START_TEST(test_order_replace_flow)
{
	struct order o = mk_order("O7", 100, ORDER_NEW);
	struct order_change c;
	struct err err;

	ck_assert_int_eq(order_fill(&o, 60, P("10"), &err), 0);
	ck_assert_int_eq(order_apply(&o, OEV_REPLACE_REQ, &err), 0);
	ck_assert_int_eq(o.status, ORDER_PENDING_REPLACE);
	/* Replaced down to what is filled: the order is complete. */
	memset(&c, 0, sizeof c);
	c.have_qty = true;
	c.qty = 60;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), 0);
	ck_assert_int_eq(order_apply(&o, OEV_REPLACED, &err), 0);
	ck_assert_int_eq(o.status, ORDER_FILLED);

	o = mk_order("O8", 100, ORDER_NEW);
	ck_assert_int_eq(order_apply(&o, OEV_REPLACE_REQ, &err), 0);
	c.qty = 200;
	ck_assert_int_eq(order_change_apply(&o, &c, &err), 0);
	ck_assert_int_eq(order_apply(&o, OEV_REPLACED, &err), 0);
	ck_assert_int_eq(o.status, ORDER_NEW);
	ck_assert_int_eq(order_leaves(&o), 200);
	ck_assert_int_eq(order_apply(&o, OEV_REPLACE_REQ, &err), 0);
	ck_assert_int_eq(order_apply(&o, OEV_REPLACE_REJECT, &err), 0);
	ck_assert_int_eq(o.status, ORDER_NEW);
	ck_assert_int_eq(o.qty, 200);
}
END_TEST

START_TEST(test_order_leaves_avg_px)
{
	struct order o = mk_order("O7", 3, ORDER_STAGED);
	struct err err;

	ck_assert_int_eq(order_leaves(&o), 3);
	o.status = ORDER_NEW;
	ck_assert_int_eq(order_fill(&o, 1, P("10.00"), &err), 0);
	ck_assert_int_eq(order_fill(&o, 1, P("10.01"), &err), 0);
	ck_assert_int_eq(order_fill(&o, 1, P("10.01"), &err), 0);
	ck_assert_int_eq(o.notional, M("30.02"));
	/* 10.0066666... rounds half away from zero at 8 decimals. */
	ck_assert_int_eq(order_avg_px(&o), P("10.00666667"));
	o = mk_order("O8", 10, ORDER_NEW);
	ck_assert_int_eq(order_fill(&o, 4, P("99.00390625"), &err), 0);
	ck_assert_int_eq(order_avg_px(&o), P("99.00390625"));
	ck_assert_int_eq(order_leaves(&o), 6);
	/* Notional keeps 6 decimals: one unit's average is good to 1e-6. */
	o = mk_order("O9", 10, ORDER_NEW);
	ck_assert_int_eq(order_fill(&o, 1, P("99.00390625"), &err), 0);
	ck_assert_int_eq(order_avg_px(&o), P("99.003906"));
	ck_assert_int_eq(order_apply(&o, OEV_EXPIRE, &err), 0);
	ck_assert_int_eq(order_leaves(&o), 0);
}
END_TEST

START_TEST(test_order_status_sets)
{
	static const struct {
		enum order_status s;
		bool	done, working;
	} cases[] = {
		{ ORDER_STAGED, false, false },
		{ ORDER_FLAGGED, false, false },
		{ ORDER_PENDING_NEW, false, false },
		{ ORDER_NEW, false, true },
		{ ORDER_PARTIALLY_FILLED, false, true },
		{ ORDER_FILLED, true, false },
		{ ORDER_PENDING_CANCEL, false, true },
		{ ORDER_CANCELED, true, false },
		{ ORDER_PENDING_REPLACE, false, true },
		{ ORDER_REJECTED, true, false },
		{ ORDER_EXPIRED, true, false },
		{ ORDER_DONE_FOR_DAY, true, false },
	};
	size_t	i;

	ck_assert_int_eq(sizeof cases / sizeof cases[0], ORDER_STATUS_COUNT);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(order_status_done(cases[i].s), cases[i].done);
		ck_assert_int_eq(order_status_working(cases[i].s),
		    cases[i].working);
	}
	ck_assert_int_eq(order_side_sign(SIDE_BUY), 1);
	ck_assert_int_eq(order_side_sign(SIDE_COVER), 1);
	ck_assert_int_eq(order_side_sign(SIDE_SELL), -1);
	ck_assert_int_eq(order_side_sign(SIDE_SHORT), -1);
}
END_TEST

START_TEST(test_order_names)
{
	static const char *const statuses[] = {
		"staged", "flagged", "pending_new", "new", "partially_filled",
		"filled", "pending_cancel", "canceled", "pending_replace",
		"rejected", "expired", "done_for_day",
	};
	static const char *const sides[] = { "buy", "sell", "short", "cover" };
	static const char *const types[] = {
		"market", "limit", "stop", "stop_limit", "trailing_stop"
	};
	static const char *const tifs[] = {
		"day", "gtc", "ioc", "fok", "gtd", "opg", "atc"
	};
	enum order_status st;
	enum order_side sd;
	enum order_type ty;
	int	i;

	for (i = 0; i < ORDER_STATUS_COUNT; i++) {
		ck_assert_str_eq(order_status_name((enum order_status)i),
		    statuses[i]);
		ck_assert_int_eq(order_status_parse(statuses[i], &st), 0);
		ck_assert_int_eq(st, i);
	}
	for (i = 0; i < SIDE_COUNT; i++) {
		ck_assert_str_eq(order_side_name((enum order_side)i), sides[i]);
		ck_assert_int_eq(order_side_parse(sides[i], &sd), 0);
		ck_assert_int_eq(sd, i);
	}
	for (i = 0; i < OTYPE_COUNT; i++) {
		ck_assert_str_eq(order_type_name((enum order_type)i), types[i]);
		ck_assert_int_eq(order_type_parse(types[i], &ty), 0);
		ck_assert_int_eq(ty, i);
	}
	for (i = 0; i < TIF_COUNT; i++)
		ck_assert_str_eq(order_tif_name((enum order_tif)i), tifs[i]);
	for (i = 0; i < OEV_EVENT_COUNT; i++)
		ck_assert_str_ne(order_event_name((enum order_event)i), "?");
	ck_assert_int_eq(order_status_parse("Partially_Filled", &st), 0);
	ck_assert_int_eq(st, ORDER_PARTIALLY_FILLED);
	ck_assert_int_eq(order_side_parse("SHORT", &sd), 0);
	ck_assert_int_eq(sd, SIDE_SHORT);
	ck_assert_int_eq(order_type_parse("Stop_Limit", &ty), 0);
	ck_assert_int_eq(ty, OTYPE_STOP_LIMIT);
	sd = SIDE_BUY;
	ck_assert_int_eq(order_side_parse("purchase", &sd), -1);
	ck_assert_int_eq(order_side_parse("", &sd), -1);
	ck_assert_int_eq(order_side_parse(NULL, &sd), -1);
	ck_assert_int_eq(sd, SIDE_BUY);
	ck_assert_int_eq(order_status_parse("cancelled", &st), -1);
	ck_assert_int_eq(order_status_parse("open", &st), -1);
	ck_assert_int_eq(order_type_parse("mkt", &ty), -1);
	ck_assert_str_eq(order_status_name(ORDER_STATUS_COUNT), "?");
	ck_assert_str_eq(order_side_name(SIDE_COUNT), "?");
}
END_TEST

START_TEST(test_order_tif_parse_fmt)
{
	static const struct {
		const char *s;
		int	ok;
		enum order_tif tif;
		int32_t	gtd;
	} cases[] = {
		{ "day", 1, TIF_DAY, 0 },
		{ "GTC", 1, TIF_GTC, 0 },
		{ "ioc", 1, TIF_IOC, 0 },
		{ "Fok", 1, TIF_FOK, 0 },
		{ "opg", 1, TIF_OPG, 0 },
		{ "atc", 1, TIF_ATC, 0 },
		{ "gtd:2026-01-09", 1, TIF_GTD, 20260109 },
		{ "GTD:2024-02-29", 1, TIF_GTD, 20240229 },
		{ "gtd:2000-02-29", 1, TIF_GTD, 20000229 },
		{ "gtd:2026-12-31", 1, TIF_GTD, 20261231 },
		{ "gtd", 0, TIF_DAY, 0 },
		{ "gtd:", 0, TIF_DAY, 0 },
		{ "gtd:2025-02-29", 0, TIF_DAY, 0 },
		{ "gtd:1900-02-29", 0, TIF_DAY, 0 },
		{ "gtd:2026-13-01", 0, TIF_DAY, 0 },
		{ "gtd:2026-04-31", 0, TIF_DAY, 0 },
		{ "gtd:2026-00-10", 0, TIF_DAY, 0 },
		{ "gtd:2026-1-09", 0, TIF_DAY, 0 },
		{ "gtd:26-01-09", 0, TIF_DAY, 0 },
		{ "gtd:2026-01-09x", 0, TIF_DAY, 0 },
		{ "gtd:2026/01/09", 0, TIF_DAY, 0 },
		{ "day:2026-01-09", 0, TIF_DAY, 0 },
		{ "gtx", 0, TIF_DAY, 0 },
		{ "", 0, TIF_DAY, 0 },
	};
	struct err err;
	enum order_tif tif;
	int32_t	gtd;
	char	buf[32];
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tif = TIF_FOK;
		gtd = -1;
		if (cases[i].ok) {
			ck_assert_msg(order_tif_parse(cases[i].s, &tif, &gtd,
			    &err) == 0, "%s: %s", cases[i].s, err.msg);
			ck_assert_int_eq(tif, cases[i].tif);
			ck_assert_int_eq(gtd, cases[i].gtd);
		} else {
			ck_assert_msg(order_tif_parse(cases[i].s, &tif, &gtd,
			    &err) == -1, "%s parsed", cases[i].s);
			ck_assert_int_eq(tif, TIF_FOK);
			ck_assert_int_eq(gtd, -1);
		}
	}
	order_tif_parse("gtd", &tif, &gtd, &err);
	ck_assert(strstr(err.msg, "gtd:YYYY-MM-DD") != NULL);
	ck_assert_str_eq(order_tif_fmt(TIF_GTD, 20260109, buf, sizeof buf),
	    "gtd:2026-01-09");
	ck_assert_str_eq(order_tif_fmt(TIF_DAY, 0, buf, sizeof buf), "day");
	ck_assert_str_eq(order_tif_fmt(TIF_IOC, 0, buf, sizeof buf), "ioc");
	/* Format and parse agree. */
	ck_assert_int_eq(order_tif_parse(order_tif_fmt(TIF_GTD, 20261231, buf,
	    sizeof buf), &tif, &gtd, &err), 0);
	ck_assert_int_eq(gtd, 20261231);
	ck_assert_int_eq(order_tif_parse("ioc", &tif, NULL, &err), 0);
}
END_TEST

/* ------------------------------------------------------------ positions */

/* The key positions are filed under: account, unit separator, symbol,
 * each cut to its field, so every map agrees on it. */
START_TEST(test_position_map_key)
{
	char	key[POSITION_KEY_MAX], acct[64], sym[64];

	ck_assert_str_eq(position_map_key(key, "ACC1", "ACME"),
	    "ACC1\037ACME");
	ck_assert_str_eq(position_map_key(key, "", ""), "\037");
	memset(acct, 'A', sizeof acct - 1);
	acct[sizeof acct - 1] = '\0';
	memset(sym, 'S', sizeof sym - 1);
	sym[sizeof sym - 1] = '\0';
	position_map_key(key, acct, sym);
	ck_assert_uint_eq(strlen(key), (ACCOUNT_MAX - 1) + 1 + (SYMBOL_MAX - 1));
	ck_assert_int_eq(key[ACCOUNT_MAX - 1], '\037');
	ck_assert_int_eq(key[ACCOUNT_MAX - 2], 'A');
	ck_assert_int_eq(key[ACCOUNT_MAX], 'S');
}
END_TEST

START_TEST(test_pos_add_and_reduce)
{
	struct position p = { .qty = 0 };

	ck_assert_int_eq(position_apply_fill(&p, 100, P("10"), PX_SCALE), 0);
	ck_assert_int_eq(position_apply_fill(&p, 100, P("12"), PX_SCALE), 0);
	ck_assert_int_eq(p.qty, 200);
	ck_assert_int_eq(p.cost, M("2200"));
	ck_assert_double_eq_tol(position_avg_cost(&p, PX_SCALE), 11.0, 1e-12);
	ck_assert_int_eq(position_apply_fill(&p, -50, P("13"), PX_SCALE),
	    M("100"));
	ck_assert_int_eq(p.qty, 150);
	ck_assert_int_eq(p.realized, M("100"));
	/* Reducing keeps the average. */
	ck_assert_double_eq_tol(position_avg_cost(&p, PX_SCALE), 11.0, 1e-12);
	ck_assert_int_eq(position_unrealized(&p, P("12"), PX_SCALE), M("150"));
	ck_assert_int_eq(position_market_value(&p, P("12"), PX_SCALE),
	    M("1800"));
	/* A losing sale realizes a loss. */
	ck_assert_int_eq(position_apply_fill(&p, -150, P("10"), PX_SCALE),
	    M("-150"));
	ck_assert_int_eq(p.qty, 0);
	ck_assert_int_eq(p.cost, 0);
	ck_assert_int_eq(p.realized, M("-50"));
	ck_assert_double_eq(position_avg_cost(&p, PX_SCALE), 0.0);
	ck_assert_int_eq(position_unrealized(&p, P("99"), PX_SCALE), 0);
	ck_assert_int_eq(position_apply_fill(&p, 0, P("10"), PX_SCALE), 0);
}
END_TEST

START_TEST(test_pos_short_and_cover)
{
	struct position p = { .qty = 0 };

	ck_assert_int_eq(position_apply_fill(&p, -100, P("50"), PX_SCALE), 0);
	ck_assert_int_eq(p.cost, M("-5000"));
	ck_assert_double_eq_tol(position_avg_cost(&p, PX_SCALE), 50.0, 1e-12);
	ck_assert_int_eq(position_apply_fill(&p, 40, P("45"), PX_SCALE),
	    M("200"));
	ck_assert_int_eq(p.qty, -60);
	ck_assert_double_eq_tol(position_avg_cost(&p, PX_SCALE), 50.0, 1e-12);
	/* Short 60 at 50, marked at 48: a gain of 120. */
	ck_assert_int_eq(position_unrealized(&p, P("48"), PX_SCALE), M("120"));
	ck_assert_int_eq(position_market_value(&p, P("48"), PX_SCALE),
	    M("-2880"));
	/* Adding to the short moves the average. */
	ck_assert_int_eq(position_apply_fill(&p, -60, P("52"), PX_SCALE), 0);
	ck_assert_double_eq_tol(position_avg_cost(&p, PX_SCALE), 51.0, 1e-12);
	/* Covering above the average loses. */
	ck_assert_int_eq(position_apply_fill(&p, 120, P("53"), PX_SCALE),
	    M("-240"));
	ck_assert_int_eq(p.qty, 0);
	ck_assert_int_eq(p.cost, 0);
	ck_assert_int_eq(p.realized, M("-40"));
}
END_TEST

START_TEST(test_pos_flip)
{
	struct position p = { .qty = 0 };

	position_apply_fill(&p, 100, P("10"), PX_SCALE);
	ck_assert_int_eq(position_apply_fill(&p, -150, P("12"), PX_SCALE),
	    M("200"));
	ck_assert_int_eq(p.qty, -50);
	ck_assert_int_eq(p.cost, M("-600"));
	ck_assert_double_eq_tol(position_avg_cost(&p, PX_SCALE), 12.0, 1e-12);
	/* And back through zero the other way. */
	ck_assert_int_eq(position_apply_fill(&p, 80, P("11"), PX_SCALE),
	    M("50"));
	ck_assert_int_eq(p.qty, 30);
	ck_assert_int_eq(p.cost, M("330"));
	ck_assert_double_eq_tol(position_avg_cost(&p, PX_SCALE), 11.0, 1e-12);
	ck_assert_int_eq(p.realized, M("250"));
}
END_TEST

START_TEST(test_pos_bond)
{
	int64_t	mult = P("0.01");
	struct position p = { .qty = 0 };

	ck_assert_int_eq(position_apply_fill(&p, 1000000, P("99.50"), mult), 0);
	ck_assert_int_eq(p.cost, M("995000"));
	ck_assert_double_eq_tol(position_avg_cost(&p, mult), 99.5, 1e-12);
	ck_assert_int_eq(position_market_value(&p, P("99.75"), mult),
	    M("997500"));
	ck_assert_int_eq(position_unrealized(&p, P("99.75"), mult),
	    M("2500"));
	/* 1/256 and 1/32 prices stay exact. */
	ck_assert_int_eq(position_apply_fill(&p, -500000, P("99.00390625"),
	    mult), M("-2480.46875"));
	ck_assert_int_eq(position_apply_fill(&p, -500000, P("100.03125"),
	    mult), M("2656.25"));
	ck_assert_int_eq(p.qty, 0);
	ck_assert_int_eq(p.cost, 0);
	ck_assert_int_eq(p.realized, M("175.78125"));
}
END_TEST

START_TEST(test_pos_future)
{
	int64_t	mult = P("50");
	struct position p = { .qty = 0 };

	position_apply_fill(&p, 2, P("5000.25"), mult);
	ck_assert_int_eq(p.cost, M("500025"));
	ck_assert_double_eq_tol(position_avg_cost(&p, mult), 5000.25, 1e-9);
	ck_assert_int_eq(position_unrealized(&p, P("5001.00"), mult),
	    M("75"));
	ck_assert_int_eq(position_apply_fill(&p, -2, P("5010.50"), mult),
	    M("1025"));
	ck_assert_int_eq(p.realized, M("1025"));
	ck_assert_int_eq(p.cost, 0);
	/* Short a future. */
	position_apply_fill(&p, -1, P("5000"), mult);
	ck_assert_int_eq(position_unrealized(&p, P("4990.25"), mult),
	    M("487.50"));
	ck_assert_int_eq(position_apply_fill(&p, 1, P("4990.25"), mult),
	    M("487.50"));
}
END_TEST

START_TEST(test_pos_thirds)
{
	struct position p = { .qty = 0 };
	int64_t	r, total = 0, exact;
	int	i;

	position_apply_fill(&p, 3, P("10"), PX_SCALE);
	position_apply_fill(&p, 3, P("10.01"), PX_SCALE);
	ck_assert_int_eq(p.cost, M("60.03"));
	/* Average 10.005; each single sale at 10.02 should make 0.015. */
	for (i = 0; i < 6; i++) {
		r = position_apply_fill(&p, -1, P("10.02"), PX_SCALE);
		ck_assert_int_le(llabs(r - M("0.015")), 1);
		total += r;
	}
	ck_assert_int_eq(p.qty, 0);
	ck_assert_int_eq(p.cost, 0);
	ck_assert_int_eq(total, M("0.09"));

	/* Thirds that do not divide: 30.02 over 3 units. */
	memset(&p, 0, sizeof p);
	position_apply_fill(&p, 1, P("10"), PX_SCALE);
	position_apply_fill(&p, 2, P("10.01"), PX_SCALE);
	total = 0;
	for (i = 0; i < 3; i++) {
		r = position_apply_fill(&p, -1, P("10.50"), PX_SCALE);
		/* Exact: 10.50 - 10.006666.. = 0.493333.. */
		exact = M("0.493333");
		ck_assert_int_le(llabs(r - exact), 1);
		total += r;
		if (p.qty != 0)
			ck_assert_double_eq_tol(position_avg_cost(&p,
			    PX_SCALE), 30.02 / 3, 1e-6);
	}
	ck_assert_int_eq(p.cost, 0);
	/* Whatever the per-sale rounding, the total is exact. */
	ck_assert_int_eq(total, M("31.50") - M("30.02"));
	ck_assert_int_eq(p.realized, total);
}
END_TEST

START_TEST(test_pos_conservation)
{
	/* Pseudo-random fills: realized - cost equals the cash paid and
	 * received (within a micro-unit per split fill), and a flat position
	 * has no cost. */
	static const int64_t mults[] = { 100000000LL, 1000000LL, 5000000000LL };
	uint32_t seed = 12345;
	size_t	m;
	int	i;

	for (m = 0; m < sizeof mults / sizeof mults[0]; m++) {
		struct position p = { .qty = 0 };
		int64_t	cash = 0, slack = 0;

		for (i = 0; i < 5000; i++) {
			int64_t	q, px, before = p.qty;

			seed = seed * 1103515245u + 12345u;
			q = (int64_t)(seed >> 16) % 301 - 150;
			seed = seed * 1103515245u + 12345u;
			px = P("1") + (int64_t)(seed >> 8) % 100000 * 390625;
			position_apply_fill(&p, q, px, mults[m]);
			cash -= money_of(q, px, mults[m]);
			if (before != 0 && p.qty != 0 &&
			    (before > 0) != (p.qty > 0))
				slack++;
			if (p.qty == 0)
				ck_assert_int_eq(p.cost, 0);
			ck_assert_int_le(llabs(p.realized - p.cost - cash),
			    slack);
		}
	}
}
END_TEST

/* The example from the field: two buys of 5e9 @ 1000 and a sell of 1e10
 * @ 1099.99 wrapped the cost (avg cost -844.67).  Nothing wraps now: past
 * the limit the fill is refused and the position left as it was. */
START_TEST(test_pos_limits)
{
	struct position p = { .qty = 0 }, was;
	int64_t	r = 7;

	/* Past the documented limit an order's fill is refused ... */
	ck_assert_int_eq(position_try_fill(&p, 5000000000LL, P("1000"),
	    PX_SCALE, MONEY_MAX, &r), -1);
	ck_assert_int_eq(p.qty, 0);
	ck_assert_int_eq(p.cost, 0);
	/* ... and past 64 bits any fill is. */
	ck_assert_int_eq(position_try_fill(&p, 5000000000LL, P("1000"),
	    PX_SCALE, INT64_MAX, &r), 0);
	ck_assert_int_eq(r, 0);
	was = p;
	ck_assert_int_eq(position_try_fill(&p, 5000000000LL, P("1000"),
	    PX_SCALE, INT64_MAX, &r), -1);
	ck_assert_int_eq(position_apply_fill(&p, 5000000000LL, P("1000"),
	    PX_SCALE), 0);
	ck_assert_mem_eq(&p, &was, sizeof p);
	ck_assert_int_eq(position_try_fill(&p, -5000000000LL, P("1099.99"),
	    PX_SCALE, INT64_MAX, &r), 0);
	ck_assert_int_eq(r, M("499950000000"));
	ck_assert_int_eq(p.qty, 0);
	ck_assert_int_eq(p.cost, 0);

	/* At the limit exactly: taken, exact; one unit more is not. */
	memset(&p, 0, sizeof p);
	ck_assert_int_eq(position_try_fill(&p, 1000000000LL, P("1000"),
	    PX_SCALE, MONEY_MAX, NULL), 0);
	ck_assert_int_eq(p.cost, MONEY_MAX);
	ck_assert_int_eq(position_try_fill(&p, 1, P("1000"), PX_SCALE,
	    MONEY_MAX, NULL), -1);
	ck_assert_int_eq(p.qty, 1000000000LL);
	ck_assert_double_eq_tol(position_avg_cost(&p, PX_SCALE), 1000.0,
	    1e-9);
	ck_assert_int_eq(position_try_fill(&p, -1000000000LL, P("1099.99"),
	    PX_SCALE, INT64_MAX, &r), 0);
	ck_assert_int_eq(r, M("99990000000"));
	ck_assert_int_eq(p.realized, M("99990000000"));

	/* Realized P&L is held to the limit too. */
	memset(&p, 0, sizeof p);
	p.realized = MONEY_MAX - M("1");
	ck_assert_int_eq(position_try_fill(&p, 1, P("10"), PX_SCALE,
	    MONEY_MAX, NULL), 0);
	ck_assert_int_eq(position_try_fill(&p, -1, P("11"), PX_SCALE,
	    MONEY_MAX, &r), 0);
	ck_assert_int_eq(p.realized, MONEY_MAX);
	ck_assert_int_eq(position_try_fill(&p, 1, P("10"), PX_SCALE,
	    MONEY_MAX, NULL), 0);
	ck_assert_int_eq(position_try_fill(&p, -1, P("10.01"), PX_SCALE,
	    MONEY_MAX, &r), -1);
	ck_assert_int_eq(p.realized, MONEY_MAX);
	ck_assert_int_eq(p.qty, 1);

	/* Values at a mark past 64 bits are held there, never wrapped. */
	memset(&p, 0, sizeof p);
	p.qty = QTY_MAX;
	p.cost = -INT64_MAX;
	ck_assert_int_eq(position_market_value(&p, PX_MAX, PX_SCALE),
	    INT64_MAX);
	ck_assert_int_eq(position_unrealized(&p, PX_SCALE, PX_SCALE),
	    INT64_MAX);
	p.qty = -QTY_MAX;
	p.cost = INT64_MAX;
	ck_assert_int_eq(position_market_value(&p, PX_MAX, PX_SCALE),
	    -INT64_MAX);
	ck_assert_int_eq(position_unrealized(&p, PX_SCALE, PX_SCALE),
	    -INT64_MAX);
}
END_TEST

/* A fill whose notional cannot be kept is refused, never saturated. */
START_TEST(test_order_fill_notional_limit)
{
	struct order o = mk_order("BIG", QTY_MAX, ORDER_NEW);
	struct err err = { "" };

	o.limit_px = PX_MAX;
	ck_assert_int_eq(order_fill(&o, QTY_MAX, PX_MAX, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "notional would overflow"));
	ck_assert_int_eq(o.cum_qty, 0);
	ck_assert_int_eq(o.notional, 0);
	ck_assert_int_eq(order_fill(&o, 9223372036LL, P("1000"), &err), 0);
	ck_assert_int_eq(o.notional, 9223372036000000000LL);
	ck_assert_int_eq(order_fill(&o, 1, P("1000"), &err), -1);
	ck_assert_int_eq(o.cum_qty, 9223372036LL);
}
END_TEST

/* A conversion past 64 bits fails saying so; it never saturates. */
START_TEST(test_fx_convert_too_large)
{
	struct fx_table *fx = fx_table_new();
	struct err err = { "" };
	int64_t	out = 7;

	ck_assert_int_eq(fx_set(fx, "USDJPY", P("150"), &err), 0);
	ck_assert_int_eq(fx_set(fx, "EURUSD", P("1.10"), &err), 0);
	ck_assert_int_eq(fx_convert(fx, M("1000"), "USD", "JPY", &out, &err),
	    0);
	ck_assert_int_eq(out, M("150000"));
	/* 1e12 USD is 1.5e14 JPY: more than 64 bits hold at 6 decimals. */
	ck_assert_int_eq(fx_convert(fx, MONEY_MAX, "USD", "JPY", &out, &err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "too large to convert to JPY"));
	ck_assert_int_eq(out, M("150000"));
	/* The largest that fits, and one past, by the inverse pair. */
	ck_assert_int_eq(fx_convert(fx, INT64_MAX / 150 * 150, "JPY", "USD",
	    &out, &err), 0);
	ck_assert_int_eq(fx_convert(fx, 61489146912365172LL, "USD", "JPY",
	    &out, &err), 0);
	ck_assert_int_eq(out, 9223372036854775800LL);
	ck_assert_int_eq(fx_convert(fx, 61489146912365173LL, "USD", "JPY",
	    &out, &err), -1);
	/* Through USD: EUR to JPY. */
	err.msg[0] = '\0';
	ck_assert_int_eq(fx_convert(fx, MONEY_MAX, "EUR", "JPY", &out, &err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "too large"));
	fx_table_free(fx);
}
END_TEST

START_TEST(test_pos_currency)
{
	/* A EUR instrument held by a USD account: P&L in EUR, then in USD at
	 * the current rate. */
	struct fx_table *fx = fx_table_new();
	struct position p = { .qty = 0 };
	struct err err;
	int64_t	usd;

	ck_assert_int_eq(fx_set(fx, "EURUSD", P("1.0850"), &err), 0);
	position_apply_fill(&p, 100, P("20"), PX_SCALE);
	ck_assert_int_eq(position_apply_fill(&p, -100, P("21.50"), PX_SCALE),
	    M("150"));
	ck_assert_int_eq(fx_convert(fx, p.realized, "EUR", "USD", &usd, &err),
	    0);
	ck_assert_int_eq(usd, M("162.75"));
	fx_table_free(fx);
}
END_TEST

/* ------------------------------------------------------------------- fx */

static void
collect_pairs(void *arg, const char *pair, int64_t rate)
{
	char	*out = arg;

	strcat(out, pair);
	strcat(out, rate == P("1.0850") ? "=1.085 " : " ");
}

START_TEST(test_fx_set_get)
{
	static const char *const bad[] = {
		"EURUS", "eurusd", "EURUSDX", "EUR/USD", "", "EUR1SD",
	};
	struct fx_table *fx = fx_table_new();
	struct err err;
	char	seen[128] = "";
	size_t	i;

	fx_table_free(NULL);
	ck_assert_int_eq(fx_get(fx, "EURUSD"), 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_int_eq(fx_set(fx, bad[i], P("1"), &err), -1);
	ck_assert_str_eq(err.msg, "'EUR1SD' is not a currency pair (six "
	    "capital letters, like EURUSD)");
	ck_assert_int_eq(fx_set(fx, "EUREUR", P("1"), &err), -1);
	ck_assert_int_eq(fx_set(fx, "EURUSD", 0, &err), -1);
	ck_assert_int_eq(fx_set(fx, "EURUSD", -P("1"), &err), -1);
	ck_assert_int_eq(fx_get(fx, "EURUSD"), 0);
	ck_assert_int_eq(fx_set(fx, "GBPUSD", P("1.27"), &err), 0);
	ck_assert_int_eq(fx_set(fx, "EURUSD", P("1.08"), &err), 0);
	ck_assert_int_eq(fx_set(fx, "USDJPY", P("150"), &err), 0);
	ck_assert_int_eq(fx_set(fx, "EURUSD", P("1.0850"), &err), 0);
	ck_assert_int_eq(fx_get(fx, "EURUSD"), P("1.0850"));
	ck_assert_int_eq(fx_get(fx, "USDEUR"), 0);
	fx_each(fx, collect_pairs, seen);
	ck_assert_str_eq(seen, "GBPUSD EURUSD=1.085 USDJPY ");
	fx_table_free(fx);
}
END_TEST

START_TEST(test_fx_convert)
{
	static const struct {
		const char *from, *to, *amount, *want;
	} cases[] = {
		{ "EUR", "EUR", "100", "100" },
		{ "USD", "USD", "-3.14", "-3.14" },
		{ "EUR", "USD", "100", "108.50" },		/* direct */
		{ "USD", "EUR", "108.50", "100" },		/* inverse */
		{ "USD", "EUR", "1", "0.921659" },		/* 0.92165898 */
		{ "USD", "EUR", "-1", "-0.921659" },
		{ "USD", "JPY", "2", "300" },
		{ "JPY", "USD", "100", "0.666667" },		/* 0.6666.. */
		{ "EUR", "JPY", "100", "16275" },		/* cross */
		{ "JPY", "EUR", "16275", "100" },		/* inverse */
		{ "GBP", "EUR", "1085", "1270" },		/* via USD */
		{ "EUR", "GBP", "1270", "1085" },
		{ "EUR", "USD", "0.000001", "0.000001" },	/* 1.085 */
		{ "USD", "CHF", "10", "9" },			/* USDCHF 0.9 */
		{ "CHF", "EUR", "0.9", "0.921659" },
	};
	struct fx_table *fx = fx_table_new();
	struct err err;
	int64_t	out;
	size_t	i;

	fx_set(fx, "EURUSD", P("1.0850"), &err);
	fx_set(fx, "USDJPY", P("150"), &err);
	fx_set(fx, "GBPUSD", P("1.27"), &err);
	fx_set(fx, "USDCHF", P("0.9"), &err);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = 42;
		ck_assert_msg(fx_convert(fx, M(cases[i].amount), cases[i].from,
		    cases[i].to, &out, &err) == 0, "%s->%s: %s",
		    cases[i].from, cases[i].to, err.msg);
		ck_assert_msg(out == M(cases[i].want), "%s %s -> %s gave %lld",
		    cases[i].amount, cases[i].from, cases[i].to,
		    (long long)out);
	}
	/* Half away from zero: 1 micro at 1.5 is 1.5 micro. */
	fx_set(fx, "AUDUSD", P("1.5"), &err);
	fx_convert(fx, 1, "AUD", "USD", &out, &err);
	ck_assert_int_eq(out, 2);
	fx_convert(fx, -1, "AUD", "USD", &out, &err);
	ck_assert_int_eq(out, -2);
	/* A direct pair wins over a cross. */
	fx_set(fx, "EURJPY", P("160"), &err);
	fx_convert(fx, M("1"), "EUR", "JPY", &out, &err);
	ck_assert_int_eq(out, M("160"));
	fx_convert(fx, M("160"), "JPY", "EUR", &out, &err);
	ck_assert_int_eq(out, M("1"));

	out = 42;
	ck_assert_int_eq(fx_convert(fx, M("1"), "EUR", "SEK", &out, &err), -1);
	ck_assert_str_eq(err.msg, "no fx rate for EUR to SEK: add one with 'fx "
	    "EURSEK RATE'");
	ck_assert_int_eq(fx_convert(fx, M("1"), "USD", "SEK", &out, &err), -1);
	ck_assert_str_eq(err.msg, "no fx rate for USD to SEK: add one with 'fx "
	    "USDSEK RATE'");
	ck_assert_int_eq(fx_convert(fx, M("1"), "NOK", "SEK", &out, &err), -1);
	ck_assert_int_eq(fx_convert(fx, M("1"), "eur", "USD", &out, &err), -1);
	ck_assert_int_eq(out, 42);
	fx_table_free(fx);

	/* An empty table still converts a currency into itself. */
	fx = fx_table_new();
	ck_assert_int_eq(fx_convert(fx, M("5"), "EUR", "EUR", &out, &err), 0);
	ck_assert_int_eq(out, M("5"));
	ck_assert_int_eq(fx_convert(fx, M("5"), "EUR", "JPY", &out, &err), -1);
	ck_assert_str_eq(err.msg, "no fx rate for EUR to JPY: add one with 'fx "
	    "EURJPY RATE'");
	fx_table_free(fx);
}
END_TEST

/* ----------------------------------------------------------------- book */

START_TEST(test_book_reference)
{
	struct book *b = book_new();
	struct instrument inst;
	struct account acct;
	const struct instrument *ip, *ip2;
	const struct account *ap;
	struct err err;
	size_t	pos = 0;

	book_free(NULL);
	ck_assert_ptr_null(book_instrument(b, "ACME"));
	instrument_init(&inst, "ACME", ASSET_EQUITY, "USD", &err);
	book_put_instrument(b, &inst);
	instrument_init(&inst, "T-2030", ASSET_BOND, "USD", &err);
	book_put_instrument(b, &inst);
	ip = book_instrument(b, "ACME");
	ck_assert_ptr_nonnull(ip);
	ck_assert_ptr_ne(ip, &inst);
	ck_assert_int_eq(ip->mult, PX_SCALE);
	/* Replacing keeps the pointer and the order, updates the copy. */
	instrument_init(&inst, "ACME", ASSET_EQUITY, "USD", &err);
	inst.lot = 100;
	book_put_instrument(b, &inst);
	ip2 = book_instrument(b, "ACME");
	ck_assert_ptr_eq(ip, ip2);
	ck_assert_int_eq(ip2->lot, 100);
	ip = book_next_instrument(b, &pos);
	ck_assert_str_eq(ip->symbol, "ACME");
	ip = book_next_instrument(b, &pos);
	ck_assert_str_eq(ip->symbol, "T-2030");
	ck_assert_ptr_null(book_next_instrument(b, &pos));

	ck_assert_uint_eq(book_account_count(b), 0);
	account_init(&acct, "ACC1", &err);
	book_put_account(b, &acct);
	account_init(&acct, "ACC2", &err);
	acct.nav = M("1000000");
	book_put_account(b, &acct);
	acct.nav = M("2000000");
	book_put_account(b, &acct);
	ck_assert_uint_eq(book_account_count(b), 2);
	ap = book_account(b, "ACC2");
	ck_assert_int_eq(ap->nav, M("2000000"));
	ck_assert_ptr_null(book_account(b, "acc2"));
	pos = 0;
	ck_assert_str_eq(book_next_account(b, &pos)->id, "ACC1");
	ck_assert_str_eq(book_next_account(b, &pos)->id, "ACC2");
	ck_assert_ptr_null(book_next_account(b, &pos));

	ck_assert_int_eq(fx_set(book_fx(b), "EURUSD", P("1.1"), &err), 0);
	ck_assert_ptr_eq(book_fx(b), book_fx(b));
	ck_assert_int_eq(fx_get(book_fx(b), "EURUSD"), P("1.1"));
	book_free(b);
}
END_TEST

START_TEST(test_book_quotes)
{
	struct book *b = book_new();
	struct book_quote *q;

	ck_assert_ptr_null(book_quote(b, "ACME"));
	q = book_quote_mut(b, "ACME");
	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(q->q.symbol, "ACME");
	ck_assert_int_eq(q->q.bid, 0);
	ck_assert_int_eq(q->q.ask, 0);
	ck_assert_int_eq(q->mark, 0);
	q->q.bid = P("9.99");
	q->q.ask = P("10.01");
	q->mark = P("10");
	ck_assert_ptr_eq(book_quote_mut(b, "ACME"), q);
	ck_assert_ptr_eq(book_quote(b, "ACME"), q);
	ck_assert_int_eq(book_quote(b, "ACME")->mark, P("10"));
	book_free(b);
}
END_TEST

START_TEST(test_book_orders)
{
	struct book *b = book_new();
	struct order o, *p;
	size_t	pos;
	int	n;

	ck_assert_uint_eq(book_order_count(b), 0);
	pos = 0;
	ck_assert_ptr_null(book_next_order(b, &pos));
	o = mk_order("O1", 100, ORDER_NEW);
	p = book_add_order(b, &o);
	ck_assert_ptr_ne(p, &o);
	ck_assert_str_eq(p->id, "O1");
	/* The book's copy is independent of the caller's. */
	o.qty = 5;
	ck_assert_int_eq(book_order(b, "O1")->qty, 100);
	o = mk_order("O2", 200, ORDER_NEW);
	book_add_order(b, &o);
	o = mk_order("O3", 300, ORDER_STAGED);
	book_add_order(b, &o);
	ck_assert_uint_eq(book_order_count(b), 3);
	book_order(b, "O2")->cum_qty = 7;
	ck_assert_int_eq(book_order(b, "O2")->cum_qty, 7);

	book_drop_order(b, "O2");
	book_drop_order(b, "O2");
	book_drop_order(b, "nope");
	ck_assert_ptr_null(book_order(b, "O2"));
	ck_assert_uint_eq(book_order_count(b), 2);
	pos = 0;
	ck_assert_str_eq(book_next_order(b, &pos)->id, "O1");
	ck_assert_str_eq(book_next_order(b, &pos)->id, "O3");
	ck_assert_ptr_null(book_next_order(b, &pos));

	/* Dropping done orders while walking the book. */
	o = mk_order("O4", 400, ORDER_NEW);
	book_add_order(b, &o);
	book_order(b, "O1")->status = ORDER_FILLED;
	book_order(b, "O4")->status = ORDER_CANCELED;
	for (pos = 0, n = 0; (p = book_next_order(b, &pos)) != NULL; n++)
		if (order_status_done(p->status))
			book_drop_order(b, p->id);
	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(book_order_count(b), 1);
	ck_assert_ptr_nonnull(book_order(b, "O3"));
	book_free(b);
}
END_TEST

/* A small seeded generator, so a failing sequence can be replayed. */
static uint64_t
rnd_next(uint64_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 7;
	*st ^= *st << 17;
	return *st;
}

static int64_t
rnd_in(uint64_t *st, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd_next(st) % (uint64_t)(hi - lo + 1));
}

/* The running sums equal a full recount, for every account, symbol and
 * side, with and without leaving an order out. */
static void
check_sums(const struct book *b, uint64_t *st, int step)
{
	static const char *accts[] = { "ACC1", "ACC2" }, *syms[] = { "ACME",
	    "US912828XG55" };
	struct book_side run, all;
	char	id[16];

	for (int a = 0; a < 2; a++)
		for (int y = 0; y < 2; y++)
			for (int sign = -1; sign <= 1; sign += 2) {
				book_side_sums(b, accts[a], syms[y], sign, NULL,
				    &run);
				book_side_recount(b, accts[a], syms[y], sign,
				    &all);
				ck_assert_msg(run.qty == all.qty &&
				    run.notional == all.notional &&
				    run.mkt_qty == all.mkt_qty &&
				    run.n == all.n, "step %d: %s %s %d: %zu "
				    "orders counted, %zu live", step, accts[a],
				    syms[y], sign, run.n, all.n);
			}
	/* Leaving one order out takes out exactly its share. */
	snprintf(id, sizeof id, "O%d", (int)rnd_in(st, 0, 60));
	const struct order *o = book_order(b, id);
	if (o == NULL)
		return;
	int sign = order_side_sign(o->side);
	book_side_sums(b, o->account, o->symbol, sign, id, &run);
	book_side_recount(b, o->account, o->symbol, sign, &all);
	if (order_leaves(o) > 0 && !order_is_block(o)) {
		int64_t px = book_order_px(o);
		all.n--;
		if (px > 0) {
			all.qty -= order_leaves(o);
			all.notional -= (__int128)order_leaves(o) * px;
		} else
			all.mkt_qty -= order_leaves(o);
	}
	ck_assert_msg(run.qty == all.qty && run.notional == all.notional &&
	    run.mkt_qty == all.mkt_qty && run.n == all.n,
	    "step %d: leaving out %s", step, id);
}

/* An order with random terms: ID, an account, a symbol, a side, a type. */
static struct order
rnd_order(uint64_t *st, const char *id)
{
	struct order o = mk_order(id, rnd_in(st, 1, 1000000000000LL),
	    ORDER_NEW);

	if (rnd_next(st) & 1)
		str_copy(o.account, sizeof o.account, "ACC2");
	if (rnd_next(st) & 1)
		str_copy(o.symbol, sizeof o.symbol, "US912828XG55");
	o.side = (enum order_side)rnd_in(st, SIDE_BUY, SIDE_COVER);
	switch (rnd_in(st, 0, 3)) {
	case 0:
		o.type = OTYPE_MARKET;
		o.limit_px = 0;
		break;
	case 1:
		o.type = OTYPE_STOP;
		o.limit_px = 0;
		o.stop_px = rnd_in(st, 1, 1000000000LL * PX_SCALE);
		break;
	default:
		o.limit_px = rnd_in(st, 1, 1000000000LL * PX_SCALE);
		break;
	}
	o.tif = TIF_GTC;
	return o;
}

/* What the live orders could still add, per account, symbol and side, is
 * kept as orders are added, filled, amended, replaced, canceled, expired,
 * rejected and reloaded, and never drifts from a full recount. */
START_TEST(test_book_side_sums)
{
	struct book *b = book_new();
	uint64_t st = 0x9e3779b97f4a7c15ULL;
	char	id[16];
	int	next = 0;

	for (int step = 0; step < 6000; step++) {
		struct order o, *p;
		snprintf(id, sizeof id, "O%d", (int)rnd_in(&st, 0, next));
		p = book_order(b, id);
		switch (rnd_in(&st, 0, 9)) {
		case 0:
		case 1:		/* entered */
			snprintf(id, sizeof id, "O%d", next++);
			o = rnd_order(&st, id);
			if (rnd_in(&st, 0, 9) == 0)
				str_copy(o.block, sizeof o.block, id);
			book_add_order(b, &o);
			break;
		case 2:		/* filled, in part or in full */
			if (p && order_leaves(p) > 0) {
				p->cum_qty += rnd_in(&st, 1, order_leaves(p));
				p->status = p->cum_qty == p->qty ?
				    ORDER_FILLED : ORDER_PARTIALLY_FILLED;
			}
			break;
		case 3:		/* amended in place (staged) */
			if (p) {
				p->qty += rnd_in(&st, 0, 1000);
				if (p->limit_px)
					p->limit_px = rnd_in(&st, 1,
					    1000 * PX_SCALE);
				if (p->stop_px)
					p->stop_px = rnd_in(&st, 1,
					    1000 * PX_SCALE);
			}
			break;
		case 4:		/* replaced: a new copy, maybe elsewhere */
			if (p) {
				o = rnd_order(&st, id);
				o.cum_qty = p->cum_qty < o.qty ? p->cum_qty : 0;
				book_add_order(b, &o);
			}
			break;
		case 5:		/* canceled, expired or rejected, then gone */
			if (p) {
				static const enum order_status end[] = {
				    ORDER_CANCELED, ORDER_EXPIRED,
				    ORDER_REJECTED };
				p->status = end[rnd_in(&st, 0, 2)];
				if (rnd_next(&st) & 1)
					book_drop_order(b, id);
			}
			break;
		case 6:		/* changed after the sums were read (the
				 * journal says so) */
			if (p) {
				struct book_side s;
				book_side_sums(b, p->account, p->symbol, 1,
				    NULL, &s);
				p->cum_qty = p->qty > 1 ? p->qty / 2 : 0;
				p->side = p->side == SIDE_BUY ? SIDE_SELL :
				    SIDE_BUY;
				str_copy(p->account, sizeof p->account,
				    strcmp(p->account, "ACC1") ? "ACC1" :
				    "ACC2");
				book_touch_order(b, id);
			}
			break;
		case 7:		/* dropped */
			book_drop_order(b, id);
			break;
		case 8:		/* reloaded: a new book from the old one's
				 * orders */
			if (rnd_in(&st, 0, 30) == 0) {
				struct book *nb = book_new();
				size_t pos = 0;
				const struct order *q;
				while ((q = book_next_order(b, &pos)))
					book_add_order(nb, q);
				book_free(b);
				b = nb;
			}
			break;
		default:	/* read */
			break;
		}
		check_sums(b, &st, step);
	}
	book_free(b);
}
END_TEST

START_TEST(test_book_many_orders)
{
	enum { N = 200000 };
	struct book *b = book_new();
	struct order o = mk_order("", 100, ORDER_NEW), *p;
	size_t	i, pos;

	for (i = 0; i < N; i++) {
		snprintf(o.id, sizeof o.id, "O%zu", i);
		o.qty = (int64_t)i + 1;
		book_add_order(b, &o);
		/* Keep a window of live orders, as a day of trading does. */
		if (i >= 100) {
			snprintf(o.id, sizeof o.id, "O%zu", i - 100);
			book_drop_order(b, o.id);
		}
	}
	ck_assert_uint_eq(book_order_count(b), 100);
	for (pos = 0, i = N - 100; (p = book_next_order(b, &pos)) != NULL;
	    i++)
		ck_assert_int_eq(p->qty, (int64_t)i + 1);
	ck_assert_uint_eq(i, N);
	book_free(b);
}
END_TEST

START_TEST(test_book_positions)
{
	struct book *b = book_new();
	struct position *p, *q;
	size_t	pos = 0;

	ck_assert_ptr_null(book_position(b, "ACC1", "ACME", false));
	p = book_position(b, "ACC1", "ACME", true);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->account, "ACC1");
	ck_assert_str_eq(p->symbol, "ACME");
	ck_assert_int_eq(p->qty, 0);
	ck_assert_int_eq(p->cost, 0);
	ck_assert_int_eq(p->realized, 0);
	position_apply_fill(p, 100, P("10"), PX_SCALE);
	ck_assert_ptr_eq(book_position(b, "ACC1", "ACME", false), p);
	ck_assert_ptr_eq(book_position(b, "ACC1", "ACME", true), p);
	ck_assert_int_eq(book_position(b, "ACC1", "ACME", false)->qty, 100);
	/* The account and symbol halves of the key cannot run together. */
	p = book_position(b, "AB", "C", true);
	q = book_position(b, "A", "BC", true);
	ck_assert_ptr_ne(p, q);
	ck_assert_ptr_null(book_position(b, "ACC2", "ACME", false));
	ck_assert_str_eq(book_next_position(b, &pos)->account, "ACC1");
	ck_assert_str_eq(book_next_position(b, &pos)->account, "AB");
	ck_assert_str_eq(book_next_position(b, &pos)->account, "A");
	ck_assert_ptr_null(book_next_position(b, &pos));
	book_free(b);
}
END_TEST

/* ---------------------------------------------------------------- suite */

/* ---- textfile -------------------------------------------------------- */

struct tf_seen {
	char	text[8][64];
	unsigned lineno[8];
	int	n;
};

static int
tf_line(void *ctx, char *line, unsigned lineno)
{
	struct tf_seen *t = ctx;

	if (t->n < 8) {
		snprintf(t->text[t->n], sizeof t->text[0], "%s", line);
		t->lineno[t->n++] = lineno;
	}
	return strcmp(line, "bad") == 0 ? -1 : 0;
}

START_TEST(test_textfile_lines)
{
	static const char text[] = "one # a comment\n# only a comment\r\n"
	    "three\n";
	char path[] = "/tmp/check-textfile.XXXXXX";
	struct tf_seen t = { .n = 0 };
	struct sbuf errs = { 0 };
	FILE *f;

	testlib_temp_file(path, text, sizeof text - 1);
	ck_assert_int_eq(textfile_lines(path, tf_line, &t, &errs), 0);
	ck_assert_int_eq(t.n, 3);
	ck_assert_str_eq(t.text[0], "one ");
	ck_assert_str_eq(t.text[1], "");
	ck_assert_str_eq(t.text[2], "three");
	ck_assert_uint_eq(t.lineno[2], 3);
	/* One bad line makes the file bad; every line is still seen. */
	f = fopen(path, "w");
	fputs("bad\nfine\n", f);
	fclose(f);
	t.n = 0;
	ck_assert_int_eq(textfile_lines(path, tf_line, &t, &errs), -1);
	ck_assert_int_eq(t.n, 2);
	unlink(path);
	/* A missing file is named. */
	ck_assert_int_eq(textfile_lines(path, tf_line, &t, &errs), -1);
	ck_assert_ptr_nonnull(strstr(errs.p, "cannot open"));
	ck_assert_ptr_nonnull(strstr(errs.p, path));
	sbuf_free(&errs);
}
END_TEST

/* Every refused line is named, the next ones are still read, and nothing
 * is ever cut: a line holding a NUL, bytes that are not UTF-8, or more
 * than TEXTFILE_LINE_MAX bytes. */
START_TEST(test_textfile_next_refuses)
{
	char path[] = "/tmp/check-textfile.XXXXXX", *line;
	struct sbuf in = { 0 };
	struct err e = { "" };
	struct textfile *tf;

	sbuf_puts(&in, "rule add R1 kind=notional limit=1000");
	sbuf_puts(&in, "X action=block\n");	/* X: the NUL, below */
	sbuf_puts(&in, "caf\xc3\xa9 ok\r\n");	/* 2: UTF-8, CRLF */
	sbuf_puts(&in, "bad \xff byte\n");	/* 3 */
	sbuf_puts(&in, "overlong \xc0\xaf slash\n");	/* 4 */
	sbuf_puts(&in, "surrogate \xed\xa0\x80\n");	/* 5 */
	for (int i = 0; i < TEXTFILE_LINE_MAX + 1; i++)	/* 6: one too many */
		sbuf_puts(&in, "x");
	sbuf_puts(&in, "\n");
	for (int i = 0; i < TEXTFILE_LINE_MAX; i++)	/* 7: just fits */
		sbuf_puts(&in, "y");
	sbuf_puts(&in, "\r\n");
	sbuf_puts(&in, "\n");				/* 8: empty */
	sbuf_puts(&in, "last, no newline");		/* 9 */
	*strchr(in.p, 'X') = '\0';
	testlib_temp_file(path, in.p, in.len);
	sbuf_free(&in);

	tf = textfile_open(path, &e);
	ck_assert_ptr_nonnull(tf);
	ck_assert_int_eq(textfile_next(tf, &line, &e), -1);
	ck_assert_uint_eq(textfile_lineno(tf), 1);
	ck_assert_msg(strstr(e.msg, "NUL") && strstr(e.msg, "byte 37"), "%s",
	    e.msg);
	ck_assert_int_eq(textfile_next(tf, &line, &e), 1);
	ck_assert_str_eq(line, "caf\xc3\xa9 ok");
	ck_assert_int_eq(textfile_next(tf, &line, &e), -1);
	ck_assert_msg(strstr(e.msg, "not UTF-8") && strstr(e.msg, "0xFF") &&
	    strstr(e.msg, "byte 5"), "%s", e.msg);
	ck_assert_int_eq(textfile_next(tf, &line, &e), -1);
	ck_assert_uint_eq(textfile_lineno(tf), 4);
	ck_assert_int_eq(textfile_next(tf, &line, &e), -1);
	ck_assert_uint_eq(textfile_lineno(tf), 5);
	ck_assert_int_eq(textfile_next(tf, &line, &e), -1);
	ck_assert_uint_eq(textfile_lineno(tf), 6);
	ck_assert_msg(strstr(e.msg, "longer than 4095 bytes"), "%s", e.msg);
	ck_assert_int_eq(textfile_next(tf, &line, &e), 1);
	ck_assert_uint_eq(textfile_lineno(tf), 7);
	ck_assert_uint_eq(strlen(line), TEXTFILE_LINE_MAX);
	ck_assert_int_eq(textfile_next(tf, &line, &e), 1);
	ck_assert_str_eq(line, "");
	ck_assert_int_eq(textfile_next(tf, &line, &e), 1);
	ck_assert_str_eq(line, "last, no newline");
	ck_assert_uint_eq(textfile_lineno(tf), 9);
	ck_assert_int_eq(textfile_next(tf, &line, &e), 0);
	ck_assert_int_eq(textfile_next(tf, &line, &e), 0);
	textfile_close(tf);
	unlink(path);
}
END_TEST

/* A line of a megabyte is refused without being kept, and so is the rest
 * of a file with no newline at all. */
START_TEST(test_textfile_next_streams)
{
	char path[] = "/tmp/check-textfile.XXXXXX", *line;
	size_t big = 1 << 20;
	char *data = xmalloc(big + 16);
	struct err e = { "" };
	struct textfile *tf;

	memset(data, 'z', big);
	memcpy(data + big, "\nafter", 6);
	testlib_temp_file(path, data, big + 6);
	tf = textfile_open(path, &e);
	ck_assert_int_eq(textfile_next(tf, &line, &e), -1);
	ck_assert_int_eq(textfile_next(tf, &line, &e), 1);
	ck_assert_str_eq(line, "after");
	ck_assert_uint_eq(textfile_lineno(tf), 2);
	textfile_close(tf);
	unlink(path);
	free(data);
}
END_TEST

/* A read that fails (a folder read as a file: EISDIR) is not the end of
 * the file: -2 with the reason, and it stays failed. */
START_TEST(test_textfile_read_failure)
{
	char dir[] = "/tmp/check-textfile.XXXXXX", *line;
	struct err e = { "" };
	struct sbuf errs = { 0 };
	struct tf_seen t = { .n = 0 };
	struct textfile *tf;

	testlib_temp_dir(dir);
	tf = textfile_open(dir, &e);
	if (tf == NULL) {
		/* A C library that will not open a folder at all. */
		ck_assert_msg(strstr(e.msg, "cannot open"), "%s", e.msg);
	} else {
		ck_assert_int_eq(textfile_next(tf, &line, &e), -2);
		ck_assert_msg(strstr(e.msg, "reading failed"), "%s", e.msg);
		ck_assert_int_eq(textfile_next(tf, &line, &e), -2);
		textfile_close(tf);
	}
	ck_assert_int_eq(textfile_lines(dir, tf_line, &t, &errs), -1);
	ck_assert_ptr_nonnull(strstr(errs.p, dir));
	ck_assert_int_eq(t.n, 0);
	sbuf_free(&errs);
	testlib_rm_dir(dir);
}
END_TEST

/* textfile_lines() names a refused line as FILE:LINE and never hands it
 * on: the rule with a NUL is not seen as a shorter rule. */
START_TEST(test_textfile_lines_refused)
{
	char path[] = "/tmp/check-textfile.XXXXXX", want[64];
	static const char data[] = "one\nlimit=1000\0 action=block\nthree\n";
	struct tf_seen t = { .n = 0 };
	struct sbuf errs = { 0 };

	testlib_temp_file(path, data, sizeof data - 1);
	ck_assert_int_eq(textfile_lines(path, tf_line, &t, &errs), -1);
	ck_assert_int_eq(t.n, 2);
	ck_assert_str_eq(t.text[0], "one");
	ck_assert_str_eq(t.text[1], "three");
	ck_assert_uint_eq(t.lineno[1], 3);
	snprintf(want, sizeof want, "%s:2: ", path);
	ck_assert_msg(strstr(errs.p, want) && strstr(errs.p, "NUL"), "%s",
	    errs.p);
	sbuf_free(&errs);
	unlink(path);
}
END_TEST

START_TEST(test_utf8_valid)
{
	static const struct { const char *s; size_t good; } cases[] = {
		{ "", 0 },
		{ "plain", 5 },
		{ "caf\xc3\xa9", 5 },
		{ "\xe2\x82\xac 1", 5 },		/* euro sign */
		{ "\xf0\x9f\x98\x80", 4 },		/* U+1F600 */
		{ "a\x80", 1 },				/* lone continuation */
		{ "ab\xc3", 2 },			/* cut short */
		{ "\xc1\xbf", 0 },			/* overlong */
		{ "\xe0\x80\xaf", 0 },			/* overlong */
		{ "\xed\xbf\xbf", 0 },			/* surrogate */
		{ "\xf4\x90\x80\x80", 0 },		/* past U+10FFFF */
		{ "x\xfe", 1 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		ck_assert_msg(utf8_valid(cases[i].s, strlen(cases[i].s)) ==
		    cases[i].good, "case %zu", i);
}
END_TEST

/* Control characters as curses shows them, bidirectional controls by
 * code point; everything else as it is. */
START_TEST(test_utf8_visible)
{
	static const struct { const char *in, *out; bool nl; } cases[] = {
		{ "", "", false },
		{ "plain caf\xc3\xa9", "plain caf\xc3\xa9", false },
		{ "\x1b[31mred\x1b]0;title\x07", "^[[31mred^[]0;title^G",
		    false },
		{ "a\tb\rc\bd\x7f", "a^Ib^Mc^Hd^?", false },
		{ "two\nlines\n", "two^Jlines^J", false },
		{ "two\nlines\n", "two\nlines\n", true },
		{ "csi \xc2\x9b" "2J", "csi ~[2J", false },
		{ "nbsp \xc2\xa0!", "nbsp \xc2\xa0!", false },
		{ "raw \x9b byte", "raw \\x9B byte", false },
		{ "\x1f\x01", "^_^A", false },
	};
	/* Bidirectional controls, which would show the text around them
	 * backwards, and their neighbours, which are ordinary text. */
	static const struct { const char *in, *out; } bidi[] = {
		{ "\xe2\x80\xaegnp.exe", "<U+202E>gnp.exe" },
		{ "a\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad" "b",
		    "a<U+202A><U+202B><U+202C><U+202D>b" },
		{ "\xe2\x81\xa6x\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
		    "<U+2066>x<U+2067><U+2068><U+2069>" },
		{ "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c",
		    "<U+200E><U+200F><U+061C>" },
		{ "\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa\xd8\x9b",
		    "\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa\xd8\x9b" },
	};

	for (size_t i = 0; i < sizeof bidi / sizeof *bidi; i++) {
		struct sbuf b = { 0 };
		size_t n = strlen(bidi[i].in);
		utf8_visible(&b, bidi[i].in, n, false);
		ck_assert_msg(strcmp(b.p, bidi[i].out) == 0, "bidi case %zu: %s",
		    i, b.p);
		ck_assert(utf8_needs_escape(bidi[i].in, n, false) ==
		    (strcmp(bidi[i].in, bidi[i].out) != 0));
		sbuf_free(&b);
	}
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct sbuf b = { 0 };
		size_t n = strlen(cases[i].in);
		utf8_visible(&b, cases[i].in, n, cases[i].nl);
		ck_assert_str_eq(b.p ? b.p : "", cases[i].out);
		ck_assert(utf8_needs_escape(cases[i].in, n, cases[i].nl) ==
		    (strcmp(cases[i].in, cases[i].out) != 0));
		sbuf_free(&b);
	}
	/* A NUL inside the bytes is shown, not taken for the end. */
	struct sbuf b = { 0 };
	utf8_visible(&b, "a\0b", 3, false);
	ck_assert_str_eq(b.p, "a^@b");
	sbuf_free(&b);
}
END_TEST

static Suite *
core_suite(void)
{
	Suite	*s = suite_create("core");
	TCase	*tc;

	tc = tcase_create("textfile");
	tcase_add_test(tc, test_textfile_lines);
	tcase_add_test(tc, test_textfile_next_refuses);
	tcase_add_test(tc, test_textfile_next_streams);
	tcase_add_test(tc, test_textfile_read_failure);
	tcase_add_test(tc, test_textfile_lines_refused);
	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_utf8_visible);
	suite_add_tcase(s, tc);
	tc = tcase_create("err");
	tcase_add_test(tc, test_err_set_clear);
	tcase_add_test(tc, test_err_prefix);
	tcase_add_test(tc, test_err_truncates);
	tcase_add_test(tc, test_xalloc);
	tcase_add_test(tc, test_str_copy);
	suite_add_tcase(s, tc);

	tc = tcase_create("fixed");
	tcase_add_test(tc, test_fixed_parse_ok);
	tcase_add_test(tc, test_fixed_parse_bad);
	tcase_add_test(tc, test_qty_parse_ok);
	tcase_add_test(tc, test_qty_parse_bad);
	tcase_add_test(tc, test_duration_parse);
	tcase_add_test(tc, test_fixed_fmt);
	tcase_add_test(tc, test_fixed_parse_fmt_roundtrip);
	tcase_add_test(tc, test_fixed_scan);
	tcase_add_test(tc, test_fixed_fmt_sep);
	tcase_add_test(tc, test_fixed_muldiv);
	tcase_add_test(tc, test_money_of);
	tcase_add_test(tc, test_money_of_overflow);
	tcase_add_test(tc, test_money_mul_edges);
	tcase_add_test(tc, test_fixed_to_double);
	suite_add_tcase(s, tc);

	tc = tcase_create("hmap");
	tcase_add_test(tc, test_hmap_basic);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_hmap_free_values);
	tcase_add_test(tc, test_hmap_100k);
	tcase_add_test(tc, test_hmap_churn_compacts);
	tcase_add_test(tc, test_hmap_delete_while_iterating);
	tcase_add_test(tc, test_hmap_oldest_after_deletes);
	suite_add_tcase(s, tc);

	tc = tcase_create("instrument");
	tcase_add_test(tc, test_ident_valid);
	tcase_add_test(tc, test_ccy_valid);
	tcase_add_test(tc, test_instrument_init);
	tcase_add_test(tc, test_instrument_validate);
	tcase_add_test(tc, test_instrument_check_price);
	tcase_add_test(tc, test_instrument_check_qty);
	tcase_add_test(tc, test_asset_class);
	tcase_add_test(tc, test_account_init);
	suite_add_tcase(s, tc);

	tc = tcase_create("order");
	tcase_add_test(tc, test_order_table_every_pair);
	tcase_add_test(tc, test_order_table_targets);
	tcase_add_test(tc, test_order_by_cum_edges);
	tcase_add_test(tc, test_order_illegal_unchanged);
	tcase_add_test(tc, test_order_lifecycle);
	tcase_add_test(tc, test_order_fill_partial_then_full);
	tcase_add_test(tc, test_order_fill_overfill_refused);
	tcase_add_test(tc, test_order_fill_refused_statuses);
	tcase_add_test(tc, test_order_fill_before_ack);
	tcase_add_test(tc, test_order_fill_while_pending);
	tcase_add_test(tc, test_order_late_fill);
	tcase_add_test(tc, test_order_bust);
	tcase_add_test(tc, test_order_replace_rules);
	tcase_add_test(tc, test_order_replace_by_type);
	tcase_add_test(tc, test_order_replace_tif);
	tcase_add_test(tc, test_order_replace_flow);
	tcase_add_test(tc, test_order_leaves_avg_px);
	tcase_add_test(tc, test_order_status_sets);
	tcase_add_test(tc, test_order_names);
	tcase_add_test(tc, test_order_tif_parse_fmt);
	suite_add_tcase(s, tc);

	tc = tcase_create("position");
	tcase_add_test(tc, test_position_map_key);
	tcase_add_test(tc, test_pos_add_and_reduce);
	tcase_add_test(tc, test_pos_short_and_cover);
	tcase_add_test(tc, test_pos_flip);
	tcase_add_test(tc, test_pos_bond);
	tcase_add_test(tc, test_pos_future);
	tcase_add_test(tc, test_pos_thirds);
	tcase_add_test(tc, test_pos_conservation);
	tcase_add_test(tc, test_pos_currency);
	tcase_add_test(tc, test_pos_limits);
	tcase_add_test(tc, test_order_fill_notional_limit);
	tcase_add_test(tc, test_fx_convert_too_large);
	suite_add_tcase(s, tc);

	tc = tcase_create("fx");
	tcase_add_test(tc, test_fx_set_get);
	tcase_add_test(tc, test_fx_convert);
	suite_add_tcase(s, tc);

	tc = tcase_create("book");
	tcase_add_test(tc, test_book_reference);
	tcase_add_test(tc, test_book_quotes);
	tcase_add_test(tc, test_book_orders);
	tcase_add_test(tc, test_book_side_sums);
	tcase_add_test(tc, test_book_many_orders);
	tcase_add_test(tc, test_book_positions);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite	*s = core_suite();
	SRunner	*sr = srunner_create(s);

	/* fatal() ends the process: only testable in a forked child. */
	if (srunner_fork_status(sr) != CK_NOFORK) {
		TCase	*tc = tcase_create("fatal");

		tcase_add_exit_test(tc, test_fatal_exits_70, 70);
		tcase_add_exit_test(tc, test_fatal_runs_hook_first, 71);
		suite_add_tcase(s, tc);
	}

	return testlib_run(sr);
}
