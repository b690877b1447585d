/* include/calendar.h: the trading calendar: civil dates, weekends and
 * exchange holidays, the session of a trading day (09:30 to 16:00 venue
 * time), the next open and close, and business-day arithmetic for
 * settlement.  Venue time counts seconds since 1970-01-01 like UTC (no
 * zone, no daylight saving); a day number counts days since 1970-01-01;
 * a date is YYYYMMDD. */
#ifndef BLOTTER_CALENDAR_H
#define BLOTTER_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct calendar;			/* opaque: fields live in calendar.c */

#define CALENDAR_DAY	86400
#define CALENDAR_OPEN	(9 * 3600 + 30 * 60)	/* 09:30:00 */
#define CALENDAR_CLOSE	(16 * 3600)		/* 16:00:00 */

enum calendar_session {
	CALENDAR_PRE_OPEN,	/* a trading day before 09:30 */
	CALENDAR_OPEN_NOW,	/* a trading day, 09:30 to 16:00 */
	CALENDAR_CLOSED,	/* after 16:00, weekends and holidays */
};

/* Days since 1970-01-01 of Y-M-D, proleptic Gregorian (no check). */
int64_t	calendar_days_from_civil(int64_t y, int m, int d);
/* The inverse of calendar_days_from_civil(). */
void	calendar_civil_from_days(int64_t day, int64_t *y, int *m, int *d);
/* The day number of clock value T (floor division). */
int64_t	calendar_day_of(int64_t t);
/* YYYYMMDD of day number DAY. */
int32_t	calendar_date(int64_t day);
/* The number of days in month M (1..12) of year Y. */
int	calendar_month_days(int64_t y, int m);
/* Whether DATE (YYYYMMDD) is a real date of years 1..9999. */
bool	calendar_date_valid(int32_t date);
/* Day of the week of DAY: 0 Monday .. 6 Sunday. */
int	calendar_weekday(int64_t day);
/* "Mon" .. "Sun" for weekday W (0 Monday), "?" out of range. */
const char *calendar_weekday_name(int w);
/* Read a date written YYYY-MM-DD at S into *DATE as YYYYMMDD (not checked
 * for a real date: calendar_date_valid() tells).  Returns the end of the
 * date, where the caller decides what may follow, or NULL (DATE
 * unchanged) when S does not start with one. */
const char *calendar_date_scan(const char *s, int32_t *date);
/* DATE (YYYYMMDD) as "YYYY-MM-DD" into BUF (11 bytes hold it).  Returns
 * BUF. */
char	*calendar_date_fmt(int32_t date, char *buf, size_t len);

/* An empty calendar: weekends only.  Caller frees with calendar_free(). */
struct calendar *calendar_new(void);
void	calendar_free(struct calendar *);	/* NULL is a no-op */
/* Close the exchange on DATE (YYYYMMDD).  Returns 0, or -1 with ERR when
 * DATE is not a date or is listed already.  A Saturday or Sunday is
 * accepted and changes nothing. */
int	calendar_add_holiday(struct calendar *, int32_t date, struct err *);
/* The number of holidays added. */
size_t	calendar_holidays(const struct calendar *);
/* The year of the latest holiday added (0 when none): after it the
 * calendar knows weekends only. */
int	calendar_last_year(const struct calendar *);

/* In every function below a NULL calendar means weekends only. */
/* Whether day number DAY is a trading day (a weekday, not a holiday). */
bool	calendar_trading_day(const struct calendar *, int64_t day);
/* The session at clock T. */
enum calendar_session calendar_session(const struct calendar *, int64_t t);
/* "pre-open", "open" or "closed". */
const char *calendar_session_name(enum calendar_session);
/* The first session open (09:30 of a trading day) strictly after T. */
int64_t	calendar_next_open(const struct calendar *, int64_t t);
/* The first session close (16:00 of a trading day) strictly after T:
 * when a DAY order entered at T ends. */
int64_t	calendar_next_close(const struct calendar *, int64_t t);
/* The close (16:00) of the last trading day on or before DATE (YYYYMMDD,
 * a valid date): when a GTD order of that date ends. */
int64_t	calendar_last_close_by(const struct calendar *, int32_t date);
/* The date (YYYYMMDD) of the first trading day after day number DAY. */
int32_t	calendar_next_trading_date(const struct calendar *, int64_t day);
/* The date DAYS trading days after DATE (before it when DAYS is negative);
 * DATE itself for 0 even on a closed day; 0 when DATE is not a date of
 * years 1..9999 or the result falls outside them. */
int32_t	calendar_add_trading_days(const struct calendar *, int32_t date,
	    int days);

/* Read a calendar file (src/app/calendar-file.c, the one part that does
 * I/O): CSV with a header naming `date` (YYYY-MM-DD) and optionally
 * `name`.  Returns the calendar (caller frees), or NULL with ERR naming
 * FILE:LINE; a bad file gives no calendar at all. */
struct calendar *calendar_load(const char *path, struct err *);
/* The shipped calendar, DATADIR/calendar.csv (paths_datadir()); weekends
 * only when there is no such file.  NULL with ERR when it is bad. */
struct calendar *calendar_load_shipped(struct err *);
/* What a trader must know about shipped calendar C at clock T: that there
 * is no calendar file, or that T is past the last year it lists holidays
 * for (holidays are unknown then).  Returns true with the sentence in
 * MSG (LEN bytes), false when there is nothing to say. */
bool	calendar_shipped_warning(const struct calendar *, int64_t t,
	    char *msg, size_t len);

#endif
