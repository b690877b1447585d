/* src/store/base.c: what every part of the store uses: SQLite set up
 * once per process, its failures in words an operator can act on, and
 * small helpers to step, bind and read statements.  It calls nothing
 * else of the store's. */
#include "config.h"
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "hmap.h"
#include "sha256.h"
#include "store-int.h"

void
store_put_be64(unsigned char *p, uint64_t v)
{
	int	i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

/* --- Errors --------------------------------------------------------------- */

/* Explain a failed SQLite call in words an operator can act on. */
int
store_sql_fail(struct err *err, const char *path, sqlite3 *db, int rc,
    const char *what)
{
	const char *msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	int	sys = db != NULL ? sqlite3_system_errno(db) : 0;

	switch (rc & 0xff) {
	case SQLITE_FULL:
		return err_set(err, "%s: the disk is full; nothing from this "
		    "step was saved", path);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(err, "%s is locked by another blotter "
		    "(database is locked)", path);
	case SQLITE_READONLY:
		return err_set(err, "%s is read-only: %s", path, msg);
	case SQLITE_NOTADB:
		return err_set(err, "%s is not a blotter store (file is not a "
		    "database)", path);
	case SQLITE_CORRUPT:
		return err_set(err, "%s is damaged (%s) while %s", path, msg,
		    what);
	case SQLITE_IOERR:
		return err_set(err, "%s: the disk failed while %s (%s%s%s); "
		    "nothing from this step was saved", path, what, msg,
		    sys != 0 ? ": " : "", sys != 0 ? strerror(sys) : "");
	case SQLITE_CANTOPEN:
		if (sys == EACCES || sys == EROFS || sys == EPERM)
			return err_set(err, "%s is read-only: cannot open it "
			    "for writing (%s)", path, strerror(sys));
		return err_set(err, "%s cannot be opened (%s)", path,
		    sys != 0 ? strerror(sys) : msg);
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return err_set(err, "%s: not allowed while %s (%s)", path,
		    what, msg);
	case SQLITE_NOMEM:
		fatal("out of memory");
	default:
		return err_set(err, "%s: %s failed: %s", path, what, msg);
	}
}

/* --- Small SQLite helpers ------------------------------------------------- */

/* Step a write statement to its end and reset it; SQLITE_OK or the
 * error. */
int
store_run(sqlite3_stmt *st)
{
	int	rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* The first column of the first row of SQL as an integer. */
int
store_query_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int	rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Bind the string S, at most MAX bytes, without copying it. */
void
store_bind_str(sqlite3_stmt *st, int i, const char *s, size_t max)
{
	sqlite3_bind_text(st, i, s, (int)strnlen(s, max), SQLITE_STATIC);
}

/* Copy text column COL into DST of SIZE bytes, truncating; NULL is "". */
void
store_col_text(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	size_t	n = s != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;

	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

const char *
store_col_str(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* HEAD followed by NROWS groups of NCOLS parameters; caller frees. */
char *
store_values_sql(const char *head, int ncols, int nrows)
{
	size_t	len = strlen(head), size;
	char	*sql;
	int	r, c;

	size = len + (size_t)nrows * ((size_t)ncols * 2 + 3) + 1;
	sql = xmalloc(size);
	memcpy(sql, head, len);
	for (r = 0; r < nrows; r++) {
		sql[len++] = r > 0 ? ',' : ' ';
		sql[len++] = '(';
		for (c = 0; c < ncols; c++) {
			if (c > 0)
				sql[len++] = ',';
			sql[len++] = '?';
		}
		sql[len++] = ')';
	}
	sql[len] = '\0';
	return sql;
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void
sqlite_setup_once(void)
{
	/* Before SQLite starts: no global memory statistics, whose mutex
	 * every allocation would take.  Each connection is used by one
	 * thread at a time (SQLITE_OPEN_NOMUTEX). */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

void
store_sqlite_setup(void)
{
	pthread_once(&sqlite_once, sqlite_setup_once);
}

const char *
store_integrity_line(const char *line, char *buf, size_t size)
{
	static const char main_db[] = "*** in database main ***\n";
	size_t	i;

	if (strncmp(line, main_db, sizeof main_db - 1) == 0)
		line += sizeof main_db - 1;
	str_copy(buf, size, line);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')
			buf[i] = ' ';
	return buf;
}
