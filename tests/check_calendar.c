/* tests/check_calendar.c: unit tests of the trading calendar
 * (src/core/calendar.c) and of reading its file (src/app/calendar-file.c):
 * civil dates, weekends and holidays, the session at a time, the next
 * open and close, and business days for settlement over holidays; the
 * venue's time zone (src/app/tzone.c). */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "calendar.h"
#include "err.h"
#include "tzone.h"
#include "testlib.h"

#define DAY	CALENDAR_DAY

/* Clock value of Y-M-D at HH:MM. */
static int64_t
at(int y, int m, int d, int hh, int mm)
{
	return calendar_days_from_civil(y, m, d) * DAY + hh * 3600 + mm * 60;
}

/* A calendar with a few 2026 NYSE holidays. */
static struct calendar *
cal2026(void)
{
	static const int32_t h[] = { 20260101, 20260119, 20260216, 20260403,
	    20260525, 20260619, 20260703, 20260907, 20261126, 20261225 };
	struct calendar *c = calendar_new();
	struct err err;

	for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
		ck_assert_int_eq(calendar_add_holiday(c, h[i], &err), 0);
	return c;
}

START_TEST(test_degenerate)
{
	struct calendar *c = calendar_new();
	struct err err = { "" };

	calendar_free(NULL);
	ck_assert_uint_eq(calendar_holidays(NULL), 0);
	ck_assert_uint_eq(calendar_holidays(c), 0);
	ck_assert_int_eq(calendar_add_holiday(c, 0, &err), -1);
	ck_assert_int_eq(calendar_add_holiday(c, 20260230, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "20260230"));
	ck_assert_int_eq(calendar_add_holiday(c, -20260101, &err), -1);
	ck_assert_int_eq(calendar_add_holiday(c, 100000101, &err), -1);
	ck_assert_int_eq(calendar_add_holiday(c, 20260119, &err), 0);
	ck_assert_int_eq(calendar_add_holiday(c, 20260119, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "2026-01-19 is listed twice"));
	/* A Saturday is accepted and changes nothing. */
	ck_assert_int_eq(calendar_add_holiday(c, 20260110, &err), 0);
	ck_assert_uint_eq(calendar_holidays(c), 2);
	ck_assert(!calendar_trading_day(c, calendar_days_from_civil(2026, 1,
	    10)));
	calendar_free(c);
}
END_TEST

START_TEST(test_civil)
{
	int64_t y;
	int m, d;

	ck_assert_int_eq(calendar_days_from_civil(1970, 1, 1), 0);
	ck_assert_int_eq(calendar_weekday(0), 3);		/* Thursday */
	ck_assert_int_eq(calendar_weekday(-1), 2);
	ck_assert_int_eq(calendar_weekday(calendar_days_from_civil(2026, 1,
	    5)), 0);						/* Monday */
	ck_assert_int_eq(calendar_date(calendar_days_from_civil(2000, 2, 29)),
	    20000229);
	calendar_civil_from_days(-1, &y, &m, &d);
	ck_assert(y == 1969 && m == 12 && d == 31);
	ck_assert_int_eq(calendar_day_of(0), 0);
	ck_assert_int_eq(calendar_day_of(DAY - 1), 0);
	ck_assert_int_eq(calendar_day_of(-1), -1);
	ck_assert_int_eq(calendar_day_of(-DAY), -1);
	ck_assert_int_eq(calendar_day_of(-DAY - 1), -2);
	ck_assert(calendar_date_valid(20240229));
	ck_assert(!calendar_date_valid(20230229));
	ck_assert(!calendar_date_valid(21000229));
	ck_assert(!calendar_date_valid(20241301));
	ck_assert(!calendar_date_valid(20240100));
}
END_TEST

/* Dates and weekdays written for a trader, from the one place that
 * writes them. */
START_TEST(test_date_text)
{
	char	buf[16], tiny[5];

	ck_assert_str_eq(calendar_date_fmt(20260105, buf, sizeof buf),
	    "2026-01-05");
	ck_assert_str_eq(calendar_date_fmt(99991231, buf, sizeof buf),
	    "9999-12-31");
	ck_assert_str_eq(calendar_date_fmt(5000101, buf, sizeof buf),
	    "0500-01-01");
	ck_assert_str_eq(calendar_date_fmt(20260105, tiny, sizeof tiny),
	    "2026");
	ck_assert_ptr_null(calendar_date_fmt(20260105, NULL, 0));
	ck_assert_str_eq(calendar_weekday_name(calendar_weekday(
	    calendar_days_from_civil(2026, 1, 5))), "Mon");
	ck_assert_str_eq(calendar_weekday_name(6), "Sun");
	ck_assert_str_eq(calendar_weekday_name(7), "?");
	ck_assert_str_eq(calendar_weekday_name(-1), "?");
}
END_TEST

/* The one reader of YYYY-MM-DD: the form only; the caller checks the
 * date is real and what follows it. */
START_TEST(test_date_scan)
{
	static const struct {
		const char *s;
		const char *rest;	/* NULL: not a date */
		int32_t	want;
	} cases[] = {
		{ "2026-01-05", "", 20260105 },
		{ "2026-01-05T09:30", "T09:30", 20260105 },
		{ "2026-02-30", "", 20260230 },		/* form only */
		{ "0001-01-01", "", 10101 },
		{ "", NULL, 0 },
		{ "2026-1-05", NULL, 0 },
		{ "2026/01/05", NULL, 0 },
		{ "2026-01-0", NULL, 0 },
		{ "20260105", NULL, 0 },
		{ "-026-01-05", NULL, 0 },
		{ "2026-01-+5", NULL, 0 },
		{ "\xef\xbc\x92" "026-01-05", NULL, 0 },	/* a wide 2 */
	};
	int32_t	d;
	const char *end;

	ck_assert_ptr_null(calendar_date_scan(NULL, &d));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		d = -1;
		end = calendar_date_scan(cases[i].s, &d);
		if (cases[i].rest == NULL) {
			ck_assert_msg(end == NULL && d == -1, "%s read",
			    cases[i].s);
			continue;
		}
		ck_assert_msg(end != NULL, "%s not read", cases[i].s);
		ck_assert_str_eq(end, cases[i].rest);
		ck_assert_int_eq(d, cases[i].want);
	}
}
END_TEST

START_TEST(test_weekends_and_holidays)
{
	struct calendar *c = cal2026();
	static const struct {
		int32_t	date;
		bool	nocal, cal;	/* trading day without / with holidays */
	} cases[] = {
		{ 20260102, true, true },	/* Friday */
		{ 20260103, false, false },	/* Saturday */
		{ 20260104, false, false },	/* Sunday */
		{ 20260105, true, true },	/* Monday */
		{ 20260101, true, false },	/* New Year's Day */
		{ 20260119, true, false },	/* Martin Luther King Jr. Day */
		{ 20260403, true, false },	/* Good Friday */
		{ 20260703, true, false },	/* July 4th observed */
		{ 20260704, false, false },	/* the Saturday itself */
		{ 20261224, true, true },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t dt = cases[i].date;
		int64_t day = calendar_days_from_civil(dt / 10000,
		    dt / 100 % 100, dt % 100);
		ck_assert_msg(calendar_trading_day(NULL, day) == cases[i].nocal,
		    "%d without holidays", (int)dt);
		ck_assert_msg(calendar_trading_day(c, day) == cases[i].cal,
		    "%d", (int)dt);
	}
	calendar_free(c);
}
END_TEST

START_TEST(test_session)
{
	struct calendar *c = cal2026();
	static const struct {
		int	y, m, d, hh, mm;
		enum calendar_session want;
	} cases[] = {
		{ 2026, 1, 5, 0, 0, CALENDAR_PRE_OPEN },
		{ 2026, 1, 5, 9, 29, CALENDAR_PRE_OPEN },
		{ 2026, 1, 5, 9, 30, CALENDAR_OPEN_NOW },
		{ 2026, 1, 5, 15, 59, CALENDAR_OPEN_NOW },
		{ 2026, 1, 5, 16, 0, CALENDAR_CLOSED },
		{ 2026, 1, 5, 23, 59, CALENDAR_CLOSED },
		{ 2026, 1, 10, 12, 0, CALENDAR_CLOSED },	/* Saturday */
		{ 2026, 1, 11, 9, 0, CALENDAR_CLOSED },		/* Sunday */
		{ 2026, 1, 19, 9, 0, CALENDAR_CLOSED },		/* holiday */
		{ 2026, 1, 19, 12, 0, CALENDAR_CLOSED },
		{ 2026, 1, 20, 9, 0, CALENDAR_PRE_OPEN },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t t = at(cases[i].y, cases[i].m, cases[i].d,
		    cases[i].hh, cases[i].mm);
		ck_assert_msg(calendar_session(c, t) == cases[i].want,
		    "%d-%02d-%02d %02d:%02d: %s", cases[i].y, cases[i].m,
		    cases[i].d, cases[i].hh, cases[i].mm,
		    calendar_session_name(calendar_session(c, t)));
	}
	/* One second either side of the boundaries. */
	ck_assert_int_eq(calendar_session(c, at(2026, 1, 5, 9, 30) - 1),
	    CALENDAR_PRE_OPEN);
	ck_assert_int_eq(calendar_session(c, at(2026, 1, 5, 16, 0) - 1),
	    CALENDAR_OPEN_NOW);
	ck_assert_str_eq(calendar_session_name(CALENDAR_PRE_OPEN), "pre-open");
	ck_assert_str_eq(calendar_session_name(CALENDAR_OPEN_NOW), "open");
	ck_assert_str_eq(calendar_session_name(CALENDAR_CLOSED), "closed");
	calendar_free(c);
}
END_TEST

START_TEST(test_next_session)
{
	struct calendar *c = cal2026();

	/* Pre-open: today's open; open: tomorrow's. */
	ck_assert_int_eq(calendar_next_open(c, at(2026, 1, 6, 8, 0)),
	    at(2026, 1, 6, 9, 30));
	ck_assert_int_eq(calendar_next_open(c, at(2026, 1, 6, 9, 30)),
	    at(2026, 1, 7, 9, 30));
	/* Friday after the close: Monday. */
	ck_assert_int_eq(calendar_next_open(c, at(2026, 1, 9, 16, 30)),
	    at(2026, 1, 12, 9, 30));
	ck_assert_int_eq(calendar_next_open(NULL, at(2026, 1, 16, 16, 30)),
	    at(2026, 1, 19, 9, 30));
	/* Friday before Martin Luther King Jr. Day: Tuesday. */
	ck_assert_int_eq(calendar_next_open(c, at(2026, 1, 16, 16, 30)),
	    at(2026, 1, 20, 9, 30));
	/* New Year's Eve to the first Friday of the year. */
	ck_assert_int_eq(calendar_next_open(c, at(2025, 12, 31, 17, 0)),
	    at(2026, 1, 2, 9, 30));
	/* The close that ends a DAY order entered then. */
	ck_assert_int_eq(calendar_next_close(c, at(2026, 1, 6, 8, 0)),
	    at(2026, 1, 6, 16, 0));
	ck_assert_int_eq(calendar_next_close(c, at(2026, 1, 6, 15, 59)),
	    at(2026, 1, 6, 16, 0));
	ck_assert_int_eq(calendar_next_close(c, at(2026, 1, 6, 16, 0)),
	    at(2026, 1, 7, 16, 0));
	ck_assert_int_eq(calendar_next_close(c, at(2026, 7, 2, 17, 0)),
	    at(2026, 7, 6, 16, 0));
	calendar_free(c);
}
END_TEST

/* Where a GTD order ends: the close of the last trading day on or
 * before its date; and the trading day after a day. */
START_TEST(test_last_close_by)
{
	struct calendar *c = cal2026();

	ck_assert_int_eq(calendar_last_close_by(c, 20260107),
	    at(2026, 1, 7, 16, 0));
	/* A Saturday, a Sunday: the Friday before. */
	ck_assert_int_eq(calendar_last_close_by(c, 20260110),
	    at(2026, 1, 9, 16, 0));
	ck_assert_int_eq(calendar_last_close_by(NULL, 20260111),
	    at(2026, 1, 9, 16, 0));
	/* Martin Luther King Jr. Day: the Friday before; without the
	 * holiday, the day itself. */
	ck_assert_int_eq(calendar_last_close_by(c, 20260119),
	    at(2026, 1, 16, 16, 0));
	ck_assert_int_eq(calendar_last_close_by(NULL, 20260119),
	    at(2026, 1, 19, 16, 0));
	/* New Year's Day 2026, a Thursday: New Year's Eve. */
	ck_assert_int_eq(calendar_last_close_by(c, 20260101),
	    at(2025, 12, 31, 16, 0));
	ck_assert_int_eq(calendar_next_trading_date(c,
	    calendar_days_from_civil(2026, 1, 16)), 20260120);
	ck_assert_int_eq(calendar_next_trading_date(c,
	    calendar_days_from_civil(2026, 1, 6)), 20260107);
	ck_assert_int_eq(calendar_next_trading_date(NULL,
	    calendar_days_from_civil(2026, 7, 2)), 20260703);
	ck_assert_int_eq(calendar_next_trading_date(c,
	    calendar_days_from_civil(2026, 7, 2)), 20260706);
	calendar_free(c);
}
END_TEST

START_TEST(test_settle_over_holiday)
{
	struct calendar *c = cal2026();
	static const struct {
		int32_t	trade;
		int	days;
		int32_t	nocal, cal;
	} cases[] = {
		/* T+1 on the Friday before Martin Luther King Jr. Day. */
		{ 20260116, 1, 20260119, 20260120 },
		{ 20260116, 2, 20260120, 20260121 },
		/* Over July 3rd (observed) and the weekend. */
		{ 20260702, 1, 20260703, 20260706 },
		/* Christmas on a Friday. */
		{ 20261224, 1, 20261225, 20261228 },
		{ 20261223, 2, 20261225, 20261228 },
		/* Backwards over a holiday. */
		{ 20260120, -1, 20260119, 20260116 },
		/* A trade on the holiday itself settles on trading days. */
		{ 20260119, 1, 20260120, 20260120 },
		{ 20260119, 0, 20260119, 20260119 },
		/* Far: the jump over weeks must count the holidays in them. */
		{ 20260102, 250, 20261218, 20261231 },
		{ 20261231, -250, 20260115, 20260102 },
		{ 20260101, 2147483647, 0, 0 },
		{ 20260230, 1, 0, 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t a = calendar_add_trading_days(NULL, cases[i].trade,
		    cases[i].days);
		int32_t b = settle_date(c, cases[i].trade, cases[i].days);
		ck_assert_msg(a == cases[i].nocal, "%d %+d, weekends only: %d",
		    (int)cases[i].trade, cases[i].days, (int)a);
		ck_assert_msg(b == cases[i].cal, "%d %+d: %d, want %d",
		    (int)cases[i].trade, cases[i].days, (int)b,
		    (int)cases[i].cal);
	}
	calendar_free(c);
}
END_TEST

/* Every start day of 2025-2027 and every count up to 60 either way, on
 * the shipped calendar, against walking one day at a time. */
START_TEST(test_settle_walk)
{
	struct err err = { "" };
	char path[4200];
	const char *src = getenv("srcdir");
	struct calendar *c;

	snprintf(path, sizeof path, "%s/data/calendar.csv", src ? src : ".");
	c = calendar_load(path, &err);
	ck_assert_msg(c != NULL, "%s", err.msg);
	for (int64_t z = calendar_days_from_civil(2025, 1, 1);
	    z < calendar_days_from_civil(2028, 1, 1); z++) {
		int32_t start = calendar_date(z);
		for (int k = -60; k <= 60; k++) {
			int64_t w = z;
			int left = k < 0 ? -k : k, step = k < 0 ? -1 : 1;
			while (left > 0) {
				w += step;
				if (calendar_trading_day(c, w))
					left--;
			}
			ck_assert_msg(calendar_add_trading_days(c, start, k) ==
			    calendar_date(w), "%d %+d", (int)start, k);
		}
	}
	calendar_free(c);
}
END_TEST

START_TEST(test_shipped_file)
{
	struct err err = { "" };
	char path[4200];
	const char *src = getenv("srcdir");
	struct calendar *c;

	snprintf(path, sizeof path, "%s/data/calendar.csv", src ? src : ".");
	c = calendar_load(path, &err);
	ck_assert_msg(c != NULL, "%s", err.msg);
	/* Ten NYSE holidays a year, the 2025 day of mourning, and no
	 * observed New Year's Day in 2028 (it is a Saturday). */
	ck_assert_uint_eq(calendar_holidays(c), 40);
	ck_assert(!calendar_trading_day(c, calendar_days_from_civil(2025, 1,
	    9)));
	ck_assert(!calendar_trading_day(c, calendar_days_from_civil(2027, 3,
	    26)));
	ck_assert(calendar_trading_day(c, calendar_days_from_civil(2027, 12,
	    31)));
	ck_assert(!calendar_trading_day(c, calendar_days_from_civil(2028, 11,
	    23)));
	/* It knows holidays up to 2028: in 2029 a trader is told so. */
	ck_assert_int_eq(calendar_last_year(c), 2028);
	ck_assert_int_eq(calendar_last_year(NULL), 0);
	char msg[320];
	ck_assert(!calendar_shipped_warning(c, at(2028, 12, 29, 10, 0), msg,
	    sizeof msg));
	ck_assert(calendar_shipped_warning(c, at(2029, 1, 2, 10, 0), msg,
	    sizeof msg));
	ck_assert_msg(strstr(msg, "lists holidays only up to 2028; update ") &&
	    strstr(msg, "calendar.csv"), "%s", msg);
	calendar_free(c);
	/* No holidays at all: said whatever the year. */
	c = calendar_new();
	ck_assert(calendar_shipped_warning(c, at(2026, 1, 5, 10, 0), msg,
	    sizeof msg));
	ck_assert_msg(strstr(msg, "holidays are unknown"), "%s", msg);
	calendar_free(c);
}
END_TEST

/* A bad file gives no calendar and names the file and the line. */
START_TEST(test_bad_file)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "date,name\n2026-01-19,MLK\n2026-13-01,bad\n", ":3: " },
		{ "date,name\n2026-01-19,MLK\n2026-01-19,again\n", ":3: " },
		{ "date,name\n20260119,MLK\n", ":2: " },
		{ "name\nMLK\n", "date" },
		{ "day,name\n2026-01-19,MLK\n", ":1: " },
	};
	char path[] = "/tmp/check_calendar.XXXXXX";
	struct err err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		testlib_temp_file(path, cases[i].text, strlen(cases[i].text));
		err.msg[0] = '\0';
		ck_assert_ptr_null(calendar_load(path, &err));
		ck_assert_msg(strstr(err.msg, path) != NULL &&
		    strstr(err.msg, cases[i].want) != NULL, "%zu: %s", i,
		    err.msg);
		unlink(path);
		strcpy(path, "/tmp/check_calendar.XXXXXX");
	}
	err.msg[0] = '\0';
	ck_assert_ptr_null(calendar_load("/nonexistent/calendar.csv", &err));
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/calendar.csv"));
}
END_TEST

/* ---- the venue's time zone (src/app/tzone.c) ------------------------- */

/* UTC instant of Y-M-D HH:MM:SS. */
static int64_t
utc(int y, int m, int d, int hh, int mm, int ss)
{
	return at(y, m, d, hh, mm) + ss;
}

START_TEST(test_tz_new_york)
{
	struct err err = { "" };
	struct tzone *z = tzone_load("America/New_York", &err);

	ck_assert_msg(z != NULL, "%s", err.msg);
	ck_assert_str_eq(tzone_name(z), "America/New_York");
	/* Winter EST, summer EDT. */
	ck_assert_int_eq(tzone_offset(z, utc(2026, 1, 15, 14, 30, 0)), -18000);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 7, 1, 13, 30, 0)), -14400);
	/* 2026-03-08 02:00 EST is 07:00 UTC: the clock jumps to 03:00. */
	ck_assert_int_eq(tzone_offset(z, utc(2026, 3, 8, 6, 59, 59)), -18000);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 3, 8, 7, 0, 0)), -14400);
	/* 2026-11-01 02:00 EDT is 06:00 UTC: back to 01:00. */
	ck_assert_int_eq(tzone_offset(z, utc(2026, 11, 1, 5, 59, 59)), -14400);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 11, 1, 6, 0, 0)), -18000);
	/* Past the listed transitions the file's rule decides: the second
	 * Sunday of March 2040 is the 11th. */
	ck_assert_int_eq(tzone_offset(z, utc(2040, 3, 11, 6, 59, 59)), -18000);
	ck_assert_int_eq(tzone_offset(z, utc(2040, 3, 11, 7, 0, 0)), -14400);
	ck_assert_int_eq(tzone_offset(z, utc(2040, 12, 24, 12, 0, 0)), -18000);
	tzone_free(z);
	tzone_free(NULL);
}
END_TEST

START_TEST(test_tz_london)
{
	struct err err = { "" };
	struct tzone *z = tzone_load("Europe/London", &err);

	ck_assert_msg(z != NULL, "%s", err.msg);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 1, 15, 12, 0, 0)), 0);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 7, 1, 12, 0, 0)), 3600);
	/* BST from 01:00 UTC on the last Sunday of March (the 29th). */
	ck_assert_int_eq(tzone_offset(z, utc(2026, 3, 29, 0, 59, 59)), 0);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 3, 29, 1, 0, 0)), 3600);
	tzone_free(z);
}
END_TEST

/* The zone agrees with the C library's reading of the same zone at
 * instants from 1900 to 2100, in both hemispheres. */
START_TEST(test_tz_like_libc)
{
	static const char *const zones[] = { "America/New_York",
	    "Europe/London", "Australia/Sydney", "America/Sao_Paulo",
	    "Asia/Kolkata", "UTC" };
	struct err err = { "" };
	char env[64];

	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		struct tzone *z = tzone_load(zones[i], &err);
		ck_assert_msg(z != NULL, "%s", err.msg);
		snprintf(env, sizeof env, "%s", zones[i]);
		setenv("TZ", env, 1);
		tzset();
		for (int64_t t = -2208988800LL; t < 4102444800LL;
		    t += 7 * 3600 + 13) {
			time_t tt = (time_t)t;
			struct tm tm;
			localtime_r(&tt, &tm);
			ck_assert_msg(tzone_offset(z, t) == tm.tm_gmtoff,
			    "%s at %lld: %d, libc %ld", zones[i], (long long)t,
			    tzone_offset(z, t), tm.tm_gmtoff);
		}
		tzone_free(z);
	}
	unsetenv("TZ");
	tzset();
}
END_TEST

/* A zone file with no transitions, only its rule: the rule alone gives
 * the offsets. */
START_TEST(test_tz_rule_only)
{
	static const unsigned char head[44] = { 'T', 'Z', 'i', 'f', '2',
	    [39] = 1, [43] = 4 };
	static const unsigned char type[10] = { 0xff, 0xff, 0xb9, 0xb0, 0, 0,
	    'E', 'S', 'T', 0 };
	static const char footer[] = "\nEST5EDT,M3.2.0,M11.1.0\n";
	char dir[] = "/tmp/check_tz.XXXXXX", path[64];
	struct err err = { "" };

	testlib_temp_dir(dir);
	snprintf(path, sizeof path, "%s/Rule", dir);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(head, 1, sizeof head, f);
	fwrite(type, 1, sizeof type, f);
	fwrite(head, 1, sizeof head, f);
	fwrite(type, 1, sizeof type, f);
	fwrite(footer, 1, strlen(footer), f);
	fclose(f);
	setenv("TZDIR", dir, 1);
	struct tzone *z = tzone_load("Rule", &err);
	ck_assert_msg(z != NULL, "%s", err.msg);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 1, 15, 12, 0, 0)), -18000);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 3, 8, 6, 59, 59)), -18000);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 3, 8, 7, 0, 0)), -14400);
	ck_assert_int_eq(tzone_offset(z, utc(2026, 11, 1, 6, 0, 0)), -18000);
	tzone_free(z);
	/* A file that is not a zone. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("EST5EDT\n", f);
	fclose(f);
	ck_assert_ptr_null(tzone_load("Rule", &err));
	ck_assert_msg(strstr(err.msg, "is not a time zone file") &&
	    strstr(err.msg, path), "%s", err.msg);
	unsetenv("TZDIR");
	testlib_rm_dir(dir);
}
END_TEST

START_TEST(test_tz_bad)
{
	static const char *const bad[] = { "", "/etc/passwd", "../etc/passwd",
	    "America/../../etc", "New York", "America/New_York\n" };
	struct err err = { "" };

	ck_assert_ptr_null(tzone_load("Nowhere/Atlantis", &err));
	ck_assert_msg(strstr(err.msg, "no time zone 'Nowhere/Atlantis'") &&
	    strstr(err.msg, "/usr/share/zoneinfo/Nowhere/Atlantis"), "%s",
	    err.msg);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err.msg[0] = '\0';
		ck_assert_ptr_null(tzone_load(bad[i], &err));
		ck_assert_msg(strstr(err.msg, "not a time zone name"), "%s",
		    err.msg);
	}
	/* A directory of the database is no zone. */
	ck_assert_ptr_null(tzone_load("America", &err));
	ck_assert_msg(strstr(err.msg, "America"), "%s", err.msg);
}
END_TEST

static Suite *
calendar_suite(void)
{
	Suite	*s = suite_create("calendar");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_degenerate);
	tcase_add_test(tc, test_civil);
	tcase_add_test(tc, test_date_text);
	tcase_add_test(tc, test_date_scan);
	tcase_add_test(tc, test_weekends_and_holidays);
	tcase_add_test(tc, test_session);
	tcase_add_test(tc, test_next_session);
	tcase_add_test(tc, test_last_close_by);
	tcase_add_test(tc, test_settle_over_holiday);
	tcase_add_test(tc, test_settle_walk);
	suite_add_tcase(s, tc);
	tc = tcase_create("file");
	tcase_add_test(tc, test_shipped_file);
	tcase_add_test(tc, test_bad_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("zone");
	tcase_add_test(tc, test_tz_new_york);
	tcase_add_test(tc, test_tz_london);
	tcase_add_test(tc, test_tz_like_libc);
	tcase_add_test(tc, test_tz_rule_only);
	tcase_add_test(tc, test_tz_bad);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(calendar_suite());

	return testlib_run(sr);
}
