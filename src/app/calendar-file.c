/* src/app/calendar-file.c: reading the trading calendar from a CSV file
 * (data/calendar.csv ships the exchange's holidays).  The file is checked
 * whole before a calendar is made: a bad line gives no calendar, with
 * FILE:LINE in the error. */
#include "config.h"
#include "calendar.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "err.h"
#include "paths.h"

struct cal_row {
	int32_t	date;
	char	key[12];
};

static const char *const cal_cols[] = { "date", "name" };
static const char *const cal_need[] = { "date", NULL };

static int
parse_cal_row(void *ctx, const struct csv *c, char **f, int n, void *row,
    struct err *err)
{
	struct cal_row *r = row;
	const char *s = csv_get(c, f, n, "date");
	int32_t v = 0;
	const char *end = calendar_date_scan(s, &v);

	(void)ctx;
	if (end == NULL || *end != '\0')
		return err_set(err, "'%s' is not a date (YYYY-MM-DD)", s);
	if (!calendar_date_valid(v))
		return err_set(err, "'%s' is not a date of the calendar", s);
	r->date = v;
	str_copy(r->key, sizeof r->key, s);
	return 0;
}

static const char *
cal_key(const void *row)
{
	return ((const struct cal_row *)row)->key;
}

static int
put_cal_row(void *ctx, const void *row, struct err *err)
{
	return calendar_add_holiday(ctx, ((const struct cal_row *)row)->date,
	    err);
}

static const struct csv_kind calendar_csv = { cal_cols, 2, cal_need,
    sizeof(struct cal_row), parse_cal_row, cal_key, put_cal_row };

struct calendar *
calendar_load(const char *path, struct err *err)
{
	struct calendar *c = calendar_new();
	int count = 0;

	if (csv_load(c, path, &calendar_csv, NULL, &count, err) == -1) {
		calendar_free(c);
		return NULL;
	}
	return c;
}

/* The shipped calendar's path into PATH (data/calendar.csv when there is
 * no data folder); returns the data folder, or NULL. */
static const char *
shipped_path(char *path, size_t len)
{
	const char *dir = paths_datadir(NULL);

	snprintf(path, len, "%s/calendar.csv", dir ? dir : "data");
	return dir;
}

struct calendar *
calendar_load_shipped(struct err *err)
{
	char path[4200];

	if (shipped_path(path, sizeof path) == NULL)
		return calendar_new();
	if (access(path, F_OK) == -1 && errno == ENOENT)
		return calendar_new();
	return calendar_load(path, err);
}

/* Called for every command of a script until it says something: the
 * calendar decides before any file is looked at. */
bool
calendar_shipped_warning(const struct calendar *c, int64_t t, char *msg,
    size_t len)
{
	char path[4200];
	const char *dir;
	int64_t y;
	int m, d;

	if (calendar_holidays(c) > 0) {
		calendar_civil_from_days(calendar_day_of(t), &y, &m, &d);
		if (y <= calendar_last_year(c))
			return false;
	}
	dir = shipped_path(path, sizeof path);
	if (calendar_holidays(c) == 0) {
		snprintf(msg, len, "the trading calendar %s %s: exchange "
		    "holidays are unknown, only weekends are closed", path,
		    dir && access(path, F_OK) == 0 ? "lists no holidays" :
		    "is missing");
		return true;
	}
	snprintf(msg, len, "the trading calendar lists holidays only up to "
	    "%d; update %s (holidays after %d are unknown: only weekends "
	    "are closed)", calendar_last_year(c), path,
	    calendar_last_year(c));
	return true;
}
