/* src/app/tzone.c: a zone of the tz database read from its TZif file
 * (RFC 8536): the transitions it lists, then its footer rule (a POSIX TZ
 * string such as EST5EDT,M3.2.0,M11.1.0) for instants past the last of
 * them.  The process's TZ and tzset() are never touched, so other
 * threads' localtime_r() are unaffected. */
#include "config.h"
#include "tzone.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "err.h"

#define TZONE_FILE_MAX	(1 << 20)	/* the largest zone file read */

/* A day of the footer rule: Jn (1..365, no Feb 29), n (0..365) or
 * Mm.w.d (day d, 0 Sunday, of week w, 5 the last, of month m). */
struct tz_day {
	char	kind;			/* 'J', 'n' or 'M' */
	int	n, m, w, d;
	int32_t	time;			/* local seconds from midnight */
};

struct tz_rule {
	bool	set;			/* the file has a footer rule */
	bool	dst;			/* with daylight saving */
	int32_t	std_off, dst_off;	/* seconds east of UTC */
	struct tz_day start, end;
};

struct tzone {
	char	*name;
	size_t	n;			/* transitions */
	int64_t	*at;			/* UTC instants, ascending */
	uint8_t	*type;			/* each transition's type */
	size_t	ntypes;
	int32_t	*off;			/* each type's offset east */
	struct tz_rule rule;
};

static int64_t
be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	if (bytes == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

/* ---- the footer rule (POSIX TZ string) ------------------------------ */

static bool
tz_name(const char **s)
{
	const char *p = *s;

	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		if (*p != '>')
			return false;
		*s = p + 1;
		return true;
	}
	while (isalpha((unsigned char)*p))
		p++;
	if (p - *s < 3)
		return false;
	*s = p;
	return true;
}

/* [+-]hh[:mm[:ss]] into seconds. */
static bool
tz_time(const char **s, int32_t *out)
{
	const char *p = *s;
	int sign = 1, part[3] = { 0, 0, 0 };

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (int i = 0; i < 3; i++) {
		if (i && *p != ':')
			break;
		if (i)
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		for (int k = 0; isdigit((unsigned char)*p); k++, p++) {
			if (k == 3)
				return false;
			part[i] = part[i] * 10 + (*p - '0');
		}
	}
	if (part[0] > 167 || part[1] > 59 || part[2] > 59)
		return false;
	*out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	*s = p;
	return true;
}

static bool
tz_num(const char **s, int *out, int lo, int hi)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)**s))
		return false;
	v = strtol(*s, &end, 10);
	if (v < lo || v > hi)
		return false;
	*out = (int)v;
	*s = end;
	return true;
}

static bool
tz_day(const char **s, struct tz_day *d)
{
	d->time = 2 * 3600;
	if (**s == 'J') {
		d->kind = 'J';
		(*s)++;
		if (!tz_num(s, &d->n, 1, 365))
			return false;
	} else if (**s == 'M') {
		d->kind = 'M';
		(*s)++;
		if (!tz_num(s, &d->m, 1, 12) || *(*s)++ != '.' ||
		    !tz_num(s, &d->w, 1, 5) || *(*s)++ != '.' ||
		    !tz_num(s, &d->d, 0, 6))
			return false;
	} else {
		d->kind = 'n';
		if (!tz_num(s, &d->n, 0, 365))
			return false;
	}
	if (**s == '/') {
		(*s)++;
		return tz_time(s, &d->time);
	}
	return true;
}

static bool
tz_rule_parse(const char *s, struct tz_rule *r)
{
	int32_t west;

	memset(r, 0, sizeof *r);
	if (!tz_name(&s) || !tz_time(&s, &west))
		return false;
	r->std_off = -west;
	r->set = true;
	if (!*s)
		return true;
	if (!tz_name(&s))
		return false;
	r->dst = true;
	r->dst_off = r->std_off + 3600;
	if (*s && *s != ',') {
		if (!tz_time(&s, &west))
			return false;
		r->dst_off = -west;
	}
	if (!*s) {			/* the US rule, as glibc assumes */
		r->start = (struct tz_day){ 'M', 0, 3, 2, 0, 2 * 3600 };
		r->end = (struct tz_day){ 'M', 0, 11, 1, 0, 2 * 3600 };
		return true;
	}
	return *s++ == ',' && tz_day(&s, &r->start) && *s++ == ',' &&
	    tz_day(&s, &r->end) && !*s;
}

/* The day number of rule day D in year Y. */
static int64_t
tz_day_of(const struct tz_day *d, int64_t y)
{
	int64_t jan1 = calendar_days_from_civil(y, 1, 1);

	if (d->kind == 'J')
		return jan1 + d->n - 1 +
		    (calendar_month_days(y, 2) == 29 && d->n >= 60);
	if (d->kind == 'n')
		return jan1 + d->n;
	int64_t first = calendar_days_from_civil(y, d->m, 1);
	int64_t next = first + calendar_month_days(y, d->m);
	int sunday0 = (calendar_weekday(first) + 1) % 7;
	int64_t day = first + (d->d - sunday0 + 7) % 7 + (d->w - 1) * 7;
	while (day >= next)
		day -= 7;
	return day;
}

static int32_t
tz_rule_offset(const struct tz_rule *r, int64_t t)
{
	int64_t y;
	int m, d;

	if (!r->dst)
		return r->std_off;
	calendar_civil_from_days(calendar_day_of(t + r->std_off), &y, &m, &d);
	int64_t start = tz_day_of(&r->start, y) * CALENDAR_DAY +
	    r->start.time - r->std_off;
	int64_t end = tz_day_of(&r->end, y) * CALENDAR_DAY + r->end.time -
	    r->dst_off;
	bool in_dst = start < end ? t >= start && t < end :
	    !(t >= end && t < start);
	return in_dst ? r->dst_off : r->std_off;
}

/* ---- the TZif file --------------------------------------------------- */

/* Parse the zone file of LEN bytes at P into Z; false when it is not one. */
static bool
tzif_parse(struct tzone *z, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	int tsize = 4;

	for (int pass = 0; pass < 2; pass++) {
		if ((size_t)(end - p) < 44 || memcmp(p, "TZif", 4) != 0)
			return false;
		bool v2 = p[4] >= '2';
		uint64_t isut = (uint32_t)be(p + 20, 4);
		uint64_t isstd = (uint32_t)be(p + 24, 4);
		uint64_t nleap = (uint32_t)be(p + 28, 4);
		uint64_t ntime = (uint32_t)be(p + 32, 4);
		uint64_t ntype = (uint32_t)be(p + 36, 4);
		uint64_t nchar = (uint32_t)be(p + 40, 4);
		uint64_t size = ntime * tsize + ntime + ntype * 6 + nchar +
		    nleap * (tsize + 4) + isstd + isut;
		p += 44;
		if (ntype == 0 || ntype > 256 || ntime > len || nleap > len ||
		    isstd > len || isut > len || nchar > len ||
		    size > (uint64_t)(end - p))
			return false;
		if (pass == 0 && v2) {	/* the 64-bit data follows */
			p += size;
			tsize = 8;
			continue;
		}
		z->n = ntime;
		z->ntypes = ntype;
		z->at = xcalloc(ntime + 1, sizeof *z->at);
		z->type = xcalloc(ntime + 1, 1);
		z->off = xcalloc(ntype, sizeof *z->off);
		for (size_t i = 0; i < ntime; i++)
			z->at[i] = be(p + i * tsize, tsize);
		p += ntime * tsize;
		for (size_t i = 0; i < ntime; i++)
			if ((z->type[i] = p[i]) >= ntype)
				return false;
		p += ntime;
		for (size_t i = 0; i < ntype; i++)
			z->off[i] = (int32_t)be(p + i * 6, 4);
		p += size - ntime * (tsize + 1);
		if (!v2 || tsize == 4)
			return true;
		/* The footer: "\nRULE\n", RULE possibly empty. */
		if (p >= end || *p != '\n')
			return false;
		const unsigned char *nl = memchr(p + 1, '\n', end - p - 1);
		if (!nl || nl - p - 1 >= 128)
			return false;
		char rule[128];
		memcpy(rule, p + 1, nl - p - 1);
		rule[nl - p - 1] = '\0';
		return !rule[0] || tz_rule_parse(rule, &z->rule);
	}
	return false;
}

static bool
name_ok(const char *name)
{
	if (!*name || *name == '/' || strlen(name) > 200 ||
	    strstr(name, ".."))
		return false;
	for (const char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("/_+-", *c))
			return false;
	return true;
}

void
tzone_free(struct tzone *z)
{
	if (!z)
		return;
	free(z->name);
	free(z->at);
	free(z->type);
	free(z->off);
	free(z);
}

struct tzone *
tzone_load(const char *name, struct err *err)
{
	const char *dir = getenv("TZDIR");
	char path[4200];
	unsigned char *buf;
	size_t len;
	FILE *f;

	if (!name_ok(name)) {
		err_set(err, "'%s' is not a time zone name (such as "
		    "America/New_York)", name);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir :
	    "/usr/share/zoneinfo", name);
	if (!(f = fopen(path, "rb"))) {
		if (errno == ENOENT || errno == ENOTDIR)
			err_set(err, "no time zone '%s' (no %s; is tzdata "
			    "installed?)", name, path);
		else
			err_set(err, "time zone '%s': cannot read %s: %s", name,
			    path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(TZONE_FILE_MAX);
	len = fread(buf, 1, TZONE_FILE_MAX, f);
	bool bad = ferror(f) || len == TZONE_FILE_MAX;
	fclose(f);
	struct tzone *z = xcalloc(1, sizeof *z);
	if (bad || !tzif_parse(z, buf, len)) {
		free(buf);
		tzone_free(z);
		err_set(err, "time zone '%s': %s is not a time zone file",
		    name, path);
		return NULL;
	}
	free(buf);
	z->name = xstrdup(name);
	return z;
}

const char *
tzone_name(const struct tzone *z)
{
	return z->name;
}

int32_t
tzone_offset(const struct tzone *z, int64_t t)
{
	size_t lo = 0, hi = z->n;

	if (z->n == 0 || t < z->at[0])
		return z->n == 0 && z->rule.set ? tz_rule_offset(&z->rule, t) :
		    z->off[0];
	if (t >= z->at[z->n - 1] && z->rule.set)
		return tz_rule_offset(&z->rule, t);
	/* The last transition at or before T. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->off[z->type[lo]];
}
