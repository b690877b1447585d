/* src/core/calendar.c: the trading calendar.
 *
 * The one home of calendar arithmetic: civil dates as day numbers (H.
 * Hinnant's days_from_civil, proleptic Gregorian, so nothing depends on
 * the time zone or the C library), weekdays, the session of a trading day
 * and business days for settlement.  A calendar holds the exchange's
 * holidays that fall on weekdays, as sorted day numbers, so "is this a
 * trading day" is a binary search and "how many holidays between two
 * days" two of them.  No I/O: src/app/calendar-file.c reads the file. */
#include "config.h"
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

struct calendar {
	int64_t	*days;			/* weekday holidays, ascending */
	size_t	n, cap;
	size_t	nadded;			/* every holiday added */
	int	last_year;		/* of the latest holiday added */
};

int64_t
calendar_days_from_civil(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
calendar_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t
calendar_day_of(int64_t t)
{
	return t >= 0 ? t / CALENDAR_DAY :
	    -((-(t + 1)) / CALENDAR_DAY) - 1;
}

int32_t
calendar_date(int64_t day)
{
	int64_t	y;
	int	m, d;

	calendar_civil_from_days(day, &y, &m, &d);
	return (int32_t)(y * 10000 + m * 100 + d);
}

int
calendar_month_days(int64_t y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	bool	leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

	return m == 2 && leap ? 29 : mdays[m - 1];
}

bool
calendar_date_valid(int32_t date)
{
	int	y = date / 10000, m = date / 100 % 100, d = date % 100;

	return date > 0 && y >= 1 && y <= 9999 && m >= 1 && m <= 12 &&
	    d >= 1 && d <= calendar_month_days(y, m);
}

/* The day number of DATE, a valid date. */
static int64_t
day_of_date(int32_t date)
{
	return calendar_days_from_civil(date / 10000, date / 100 % 100,
	    date % 100);
}

int
calendar_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday (3). */
	return (int)(((day % 7) + 7 + 3) % 7);
}

const char *
calendar_weekday_name(int w)
{
	static const char *const names[7] = { "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat", "Sun" };

	return w >= 0 && w < 7 ? names[w] : "?";
}

const char *
calendar_date_scan(const char *s, int32_t *date)
{
	int32_t	v = 0;
	int	i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return NULL;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return NULL;
		v = v * 10 + (s[i] - '0');
	}
	*date = v;
	return s + 10;
}

char *
calendar_date_fmt(int32_t date, char *buf, size_t len)
{
	if (buf != NULL && len > 0)
		snprintf(buf, len, "%04d-%02d-%02d", (int)(date / 10000),
		    (int)(date / 100 % 100), (int)(date % 100));
	return buf;
}

struct calendar *
calendar_new(void)
{
	return xcalloc(1, sizeof(struct calendar));
}

void
calendar_free(struct calendar *c)
{
	if (c == NULL)
		return;
	free(c->days);
	free(c);
}

/* The index of the first holiday at or after DAY. */
static size_t
lower_bound(const struct calendar *c, int64_t day)
{
	size_t	lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
calendar_add_holiday(struct calendar *c, int32_t date, struct err *err)
{
	int64_t	day;
	size_t	i;
	char	ymd[16];

	if (!calendar_date_valid(date))
		return err_set(err, "%d is not a date (YYYY-MM-DD)", (int)date);
	day = day_of_date(date);
	i = lower_bound(c, day);
	if (i < c->n && c->days[i] == day)
		return err_set(err, "%s is listed twice",
		    calendar_date_fmt(date, ymd, sizeof ymd));
	c->nadded++;
	if (date / 10000 > c->last_year)
		c->last_year = date / 10000;
	if (calendar_weekday(day) >= 5)
		return 0;	/* closed anyway */
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->days = xrealloc(c->days, c->cap * sizeof *c->days);
	}
	memmove(c->days + i + 1, c->days + i, (c->n - i) * sizeof *c->days);
	c->days[i] = day;
	c->n++;
	return 0;
}

size_t
calendar_holidays(const struct calendar *c)
{
	return c ? c->nadded : 0;
}

int
calendar_last_year(const struct calendar *c)
{
	return c ? c->last_year : 0;
}

bool
calendar_trading_day(const struct calendar *c, int64_t day)
{
	size_t	i;

	if (calendar_weekday(day) >= 5)
		return false;
	if (c == NULL)
		return true;
	i = lower_bound(c, day);
	return !(i < c->n && c->days[i] == day);
}

enum calendar_session
calendar_session(const struct calendar *c, int64_t t)
{
	int64_t	day = calendar_day_of(t), sod = t - day * CALENDAR_DAY;

	if (!calendar_trading_day(c, day) || sod >= CALENDAR_CLOSE)
		return CALENDAR_CLOSED;
	return sod < CALENDAR_OPEN ? CALENDAR_PRE_OPEN : CALENDAR_OPEN_NOW;
}

const char *
calendar_session_name(enum calendar_session s)
{
	switch (s) {
	case CALENDAR_PRE_OPEN:
		return "pre-open";
	case CALENDAR_OPEN_NOW:
		return "open";
	case CALENDAR_CLOSED:
	default:
		return "closed";
	}
}

/* The first trading day at or after DAY.  Ends: holidays are finite. */
static int64_t
trading_day_from(const struct calendar *c, int64_t day)
{
	while (!calendar_trading_day(c, day))
		day++;
	return day;
}

/* The first time SOD (seconds into a trading day) strictly after T. */
static int64_t
next_at(const struct calendar *c, int64_t t, int64_t sod)
{
	int64_t	day = calendar_day_of(t);

	if (t - day * CALENDAR_DAY >= sod)
		day++;
	return trading_day_from(c, day) * CALENDAR_DAY + sod;
}

int64_t
calendar_next_open(const struct calendar *c, int64_t t)
{
	return next_at(c, t, CALENDAR_OPEN);
}

int64_t
calendar_next_close(const struct calendar *c, int64_t t)
{
	return next_at(c, t, CALENDAR_CLOSE);
}

int64_t
calendar_last_close_by(const struct calendar *c, int32_t date)
{
	int64_t	day = day_of_date(date);

	/* Ends: a week holds five weekdays and holidays are finite. */
	while (!calendar_trading_day(c, day))
		day--;
	return day * CALENDAR_DAY + CALENDAR_CLOSE;
}

int32_t
calendar_next_trading_date(const struct calendar *c, int64_t day)
{
	return calendar_date(trading_day_from(c, day + 1));
}

/* The number of holidays in the days FROM..TO (inclusive). */
static int64_t
holidays_between(const struct calendar *c, int64_t from, int64_t to)
{
	if (c == NULL || from > to)
		return 0;
	return (int64_t)(lower_bound(c, to + 1) - lower_bound(c, from));
}

int32_t
calendar_add_trading_days(const struct calendar *c, int32_t date, int days)
{
	int64_t	z, rest, weeks, y, from;
	int	step, m, d;

	if (!calendar_date_valid(date))
		return 0;
	if (days == 0)
		return date;
	z = day_of_date(date);
	step = days > 0 ? 1 : -1;
	rest = (int64_t)days * step;
	while (rest > 0) {
		if (rest > 10) {
			/* Any 7 days in a row hold 5 weekdays: jump whole
			 * weeks (leaving days to walk, so a weekend start
			 * lands right), then walk again as many days as
			 * the jump passed holidays. */
			weeks = (rest - 1) / 5;
			from = z;
			z += step * weeks * 7;
			rest -= weeks * 5;
			rest += step > 0 ? holidays_between(c, from + 1, z) :
			    holidays_between(c, z, from - 1);
			continue;
		}
		z += step;
		if (calendar_trading_day(c, z))
			rest--;
	}
	calendar_civil_from_days(z, &y, &m, &d);
	if (y < 1 || y > 9999)
		return 0;
	return (int32_t)(y * 10000 + m * 100 + d);
}
