/* src/store/verify-report.c: what verify says: lines handed to the
 * report or held back, problems counted, a projection's field that
 * differs from the journal's, in words an operator can act on.  Calls
 * nothing else of verify. */
#include "config.h"
#include "store.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "verify-int.h"

/* Hand LINE to the report, or hold it back. */
void
v_say(struct verify *v, const char *line)
{
	if (v->report == NULL)
		return;
	if (!v->defer) {
		v->report(v->ctx, line);
		return;
	}
	if (v->nheld == v->capheld) {
		v->capheld = v->capheld != 0 ? v->capheld * 2 : 64;
		v->held = xrealloc(v->held, v->capheld * sizeof *v->held);
	}
	v->held[v->nheld++] = xstrdup(line);
}

/* Report the lines held back (SEND), or forget them. */
void
v_held_end(struct verify *v, bool send)
{
	size_t	i;

	for (i = 0; i < v->nheld; i++) {
		if (send && v->report != NULL)
			v->report(v->ctx, v->held[i]);
		free(v->held[i]);
	}
	v->nheld = 0;
	v->defer = false;
}

void
v_problem(struct verify *v, const char *fmt, ...)
{
	char	line[VERIFY_LINE_MAX];
	va_list	ap;

	v->problems++;
	if (v->report == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	v_say(v, line);
}

/* S quoted for a report line, control characters escaped. */
static const char *
quoted(const char *s, char *buf, size_t size)
{
	size_t	n = 0;

	if (size < 8)
		return "";
	buf[n++] = '"';
	for (; s != NULL && *s != '\0' && n + 6 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

/* S for a report line: control characters as '?', cut to fit SIZE. */
const char *
v_clean(const char *s, char *buf, size_t size)
{
	size_t	n;

	for (n = 0; s[n] != '\0' && n + 1 < size; n++)
		buf[n] = (unsigned char)s[n] < 0x20 || s[n] == 0x7f ? '?' :
		    s[n];
	buf[n] = '\0';
	return buf;
}

void
v_diff_int(struct verify *v, const char *table, const char *key,
    const char *field, int64_t proj, int64_t jour)
{
	if (proj != jour)
		v_problem(v, "%s %s: %s is %" PRId64 " in the projection, %"
		    PRId64 " by the journal", table, key, field, proj, jour);
}

void
v_diff_str(struct verify *v, const char *table, const char *key,
    const char *field, const char *proj, const char *jour)
{
	char	a[NOTE_MAX * 4 + 8], b[NOTE_MAX * 4 + 8];

	if (strcmp(proj, jour) != 0)
		v_problem(v, "%s %s: %s is %s in the projection, %s by the "
		    "journal", table, key, field, quoted(proj, a, sizeof a),
		    quoted(jour, b, sizeof b));
}

/* Enum names compare unquoted: "status is filled ..., new by ...". */
void
v_diff_name(struct verify *v, const char *table, const char *key,
    const char *field, const char *proj, const char *jour)
{
	if (strcmp(proj, jour) != 0)
		v_problem(v, "%s %s: %s is %s in the projection, %s by the "
		    "journal", table, key, field, proj, jour);
}

void
v_diff_bool(struct verify *v, const char *table, const char *key,
    const char *field, bool proj, bool jour)
{
	if (proj != jour)
		v_diff_name(v, table, key, field, proj ? "true" : "false",
		    jour ? "true" : "false");
}

int
v_sql_fail(struct verify *v, int rc, const char *what)
{
	return store_sql_fail(v->err, v->path, v->db, rc, what);
}

const char *
v_col_str(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s != NULL ? s : "";
}

