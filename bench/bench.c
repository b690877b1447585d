/* bench/bench.c: make bench.  One million orders (or argv[1]) go through
 * the whole path a script takes: text -> parse -> worker -> engine -> sim
 * fill -> position -> journal committed in the store.  Then plain batched
 * inserts of as many 12-column rows, the yardstick orders per second are
 * measured against, and of the same journal rows, so the rates compare.
 * Figures, one a line; nothing is asserted here. */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "err.h"
#include "runtime.h"
#include "store.h"

#define WINDOW	4096
#define CHUNK	100000

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long failures;

static size_t
collect(struct runtime *rt, bool wait)
{
	size_t n = 0;

	if (wait)
		runtime_wait(rt, -1);
	struct rt_request *r = runtime_results(rt);
	while (r) {
		struct rt_request *next = (struct rt_request *)r->node.next;
		if (r->status != RT_OK) {
			if (failures++ < 5)
				fprintf(stderr, "bench: line %d: %s\n", r->line,
				    r->err);
		}
		runtime_request_done(rt, r);
		n++;
		r = next;
	}
	return n;
}

static void
submit_line(struct runtime *rt, const char *line, int lineno,
    size_t *inflight)
{
	struct rt_request *req = runtime_request_new(rt);
	struct err err = { "" };

	if (cmd_parse(line, &req->cmd, &err) == -1) {
		fprintf(stderr, "bench: cannot parse '%s': %s\n", line, err.msg);
		exit(1);
	}
	req->cmd.line = lineno;
	while (*inflight >= WINDOW)
		*inflight -= collect(rt, true);
	runtime_submit(rt, req);
	(*inflight)++;
}

/* The first column of the first row of SQL (one number) on DB. */
static int64_t
query_int(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	int64_t n = -1;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static int64_t
count_rows(const char *db, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
	return query_int(db, sql);
}

/* Bytes of the store's pages in use (free pages not counted). */
static int64_t
store_bytes(const char *db)
{
	return query_int(db, "SELECT (page_count - freelist_count) * "
	    "page_size FROM pragma_page_count, pragma_freelist_count, "
	    "pragma_page_size");
}

/* CPU seconds this process spent so far, every thread. */
static double
cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* CPU seconds of the calling thread alone. */
static double
thread_cpu_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Rows per second of N plain inserts into a fresh 12-column table of
 * DST (an order's worth of integers and short texts, no index but the
 * key), WINDOW rows a transaction, one prepared statement, the store's
 * pragmas: what SQLite does with no engine, journal or chain around it.
 * The rows are made before the clock starts. */
static double
plain12_rate(const char *dst, long n)
{
	static const char *const sides[] = { "buy", "sell" };
	sqlite3 *out;
	sqlite3_stmt *wr;
	double t0, spent;
	char	(*acct)[16] = malloc((size_t)n * sizeof *acct);

	unlink(dst);
	if (acct == NULL || sqlite3_open(dst, &out) != SQLITE_OK) {
		free(acct);
		return 0;
	}
	for (long i = 0; i < n; i++)
		snprintf(acct[i], sizeof acct[i], "A%ld", i % 50);
	sqlite3_exec(out, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    "PRAGMA cache_size=-16384;"
	    "CREATE TABLE plain(seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL,"
	    " account TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL,"
	    " type TEXT NOT NULL, tif TEXT NOT NULL, status TEXT NOT NULL,"
	    " qty INTEGER NOT NULL, px INTEGER NOT NULL, venue TEXT NOT NULL,"
	    " user TEXT NOT NULL);", 0, 0, 0);
	sqlite3_prepare_v2(out, "INSERT INTO plain(ts, account, symbol, side,"
	    " type, tif, status, qty, px, venue, user) VALUES (?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?)", -1, &wr, NULL);
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		if (i % WINDOW == 0)
			sqlite3_exec(out, "BEGIN", 0, 0, 0);
		sqlite3_bind_int64(wr, 1, 1767605400 + i / 1000);
		sqlite3_bind_text(wr, 2, acct[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(wr, 3, "BENCH", -1, SQLITE_STATIC);
		sqlite3_bind_text(wr, 4, sides[i % 2], -1, SQLITE_STATIC);
		sqlite3_bind_text(wr, 5, "market", -1, SQLITE_STATIC);
		sqlite3_bind_text(wr, 6, "day", -1, SQLITE_STATIC);
		sqlite3_bind_text(wr, 7, "filled", -1, SQLITE_STATIC);
		sqlite3_bind_int64(wr, 8, 100);
		sqlite3_bind_int64(wr, 9, 10001000000 - (i % 2) * 2000000);
		sqlite3_bind_text(wr, 10, "sim", -1, SQLITE_STATIC);
		sqlite3_bind_text(wr, 11, "root", -1, SQLITE_STATIC);
		sqlite3_step(wr);
		sqlite3_reset(wr);
		if (i % WINDOW == WINDOW - 1 || i == n - 1)
			sqlite3_exec(out, "COMMIT", 0, 0, 0);
	}
	spent = now_s() - t0;
	sqlite3_finalize(wr);
	sqlite3_close(out);
	unlink(dst);
	free(acct);
	return spent > 0 ? (double)n / spent : 0;
}

/* A table's rows, each column's value kept. */
struct rows {
	sqlite3_value **v;		/* n rows of ncols */
	long	n;
	int	ncols;
};

static void
rows_load(sqlite3 *in, const char *table, struct rows *r)
{
	sqlite3_stmt *st;
	char	sql[128];
	long	cap = 0;

	memset(r, 0, sizeof *r);
	snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid", table);
	if (sqlite3_prepare_v2(in, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	r->ncols = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (r->n == cap) {
			cap = cap ? cap * 2 : 4096;
			r->v = realloc(r->v, (size_t)cap * (size_t)r->ncols *
			    sizeof *r->v);
		}
		for (int c = 0; c < r->ncols; c++)
			r->v[r->n * r->ncols + c] =
			    sqlite3_value_dup(sqlite3_column_value(st, c));
		r->n++;
	}
	sqlite3_finalize(st);
}

static void
rows_free(struct rows *r)
{
	for (long i = 0; i < r->n * r->ncols; i++)
		sqlite3_value_free(r->v[i]);
	free(r->v);
}

static sqlite3_stmt *
rows_insert(sqlite3 *out, const char *table, int ncols)
{
	sqlite3_stmt *st = NULL;
	char	sql[512];
	int	k = snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (?", table);

	for (int c = 1; c < ncols; c++)
		k += snprintf(sql + k, sizeof sql - (size_t)k, ", ?");
	snprintf(sql + k, sizeof sql - (size_t)k, ")");
	sqlite3_prepare_v2(out, sql, -1, &st, NULL);
	return st;
}

static void
rows_put(sqlite3_stmt *st, const struct rows *r, long i)
{
	for (int c = 0; c < r->ncols; c++)
		sqlite3_bind_value(st, c + 1, r->v[i * r->ncols + c]);
	sqlite3_step(st);
	sqlite3_reset(st);
}

/* The floor under the batch path: only what the store writes for the
 * orders of SRC (from its first order on), with nothing of the engine,
 * the journal's chaining or the text around them.  Each order's row,
 * the executions and the journal rows from FIRST_SEQ on are inserted
 * again, plainly, WINDOW orders a transaction, into a copy of SRC's
 * schema (every index the store keeps) in DST.  Orders per second. */
static double
floor_rate(const char *src, const char *dst, int64_t first_seq)
{
	sqlite3 *in, *out;
	sqlite3_stmt *st, *ins[3];
	static const char *const tables[3] = { "orders", "executions",
	    "journal" };
	struct rows r[3];
	long	at[3] = { 0, 0, 0 };
	double	t0, spent;

	unlink(dst);
	if (sqlite3_open_v2(src, &in, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_open(dst, &out) != SQLITE_OK)
		return 0;
	/* The store's page size, before the first table. */
	char	pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA page_size = %d;",
	    (int)query_int(src, "PRAGMA page_size"));
	sqlite3_exec(out, pragma, 0, 0, 0);
	sqlite3_exec(out, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    "PRAGMA cache_size=-16384;", 0, 0, 0);
	sqlite3_prepare_v2(in, "SELECT sql FROM sqlite_master WHERE sql IS NOT"
	    " NULL AND name IN ('orders', 'executions', 'journal') OR"
	    " tbl_name IN ('orders', 'executions') AND type = 'index' AND"
	    " sql IS NOT NULL ORDER BY type = 'index', rowid", -1, &st,
	    NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		sqlite3_exec(out, (const char *)sqlite3_column_text(st, 0), 0,
		    0, 0);
	sqlite3_finalize(st);
	for (int t = 0; t < 3; t++) {
		rows_load(in, tables[t], &r[t]);
		ins[t] = rows_insert(out, tables[t], r[t].ncols);
	}
	sqlite3_close(in);
	/* The journal's rows before the orders (the set-up's) are not
	 * theirs. */
	while (at[2] < r[2].n &&
	    sqlite3_value_int64(r[2].v[at[2] * r[2].ncols]) < first_seq)
		at[2]++;
	t0 = now_s();
	for (long i = 0; i < r[0].n; i++) {
		if (i % WINDOW == 0)
			sqlite3_exec(out, "BEGIN", 0, 0, 0);
		rows_put(ins[0], &r[0], i);
		/* Its executions and journal rows: those up to its seq's
		 * successor's. */
		int64_t next = i + 1 < r[0].n ?
		    sqlite3_value_int64(r[0].v[(i + 1) * r[0].ncols]) :
		    INT64_MAX;
		while (at[1] < r[1].n && sqlite3_value_int64(r[1].v[at[1] *
		    r[1].ncols + r[1].ncols - 1]) < next)
			rows_put(ins[1], &r[1], at[1]++);
		while (at[2] < r[2].n &&
		    sqlite3_value_int64(r[2].v[at[2] * r[2].ncols]) < next)
			rows_put(ins[2], &r[2], at[2]++);
		if (i % WINDOW == WINDOW - 1 || i == r[0].n - 1)
			sqlite3_exec(out, "COMMIT", 0, 0, 0);
	}
	spent = now_s() - t0;
	for (int t = 0; t < 3; t++) {
		sqlite3_finalize(ins[t]);
		rows_free(&r[t]);
	}
	sqlite3_close(out);
	unlink(dst);
	return spent > 0 ? (double)r[0].n / spent : 0;
}

struct row {
	int64_t	ts;
	char	*kind, *ref, *body, *user;
	unsigned char hash[32];
};

static int
poke_checkpointer(void *arg, sqlite3 *db, const char *name, int pages)
{
	if (pages >= 1000)
		store_ckpt_poke(arg);
	return SQLITE_OK;
}

/* Insert the journal rows of SRC into a fresh table in DST, GROUP rows a
 * transaction, same pragmas as the store.  With BACKGROUND, the WAL is
 * checkpointed by a thread of its own as the store does; without, SQLite
 * checkpoints at commit, as a plain insert loop would.  Only the inserts
 * are timed. */
static double
plain_insert_rate(const char *src, const char *dst, int group,
    bool background)
{
	struct store_ckpt *ck = NULL;
	sqlite3 *in, *out;
	sqlite3_stmt *rd, *wr;
	struct row *rows = calloc(CHUNK, sizeof *rows);
	double spent = 0;
	int64_t total = 0;

	unlink(dst);
	if (sqlite3_open_v2(src, &in, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
	    || sqlite3_open(dst, &out) != SQLITE_OK)
		return 0;
	sqlite3_exec(out, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    "PRAGMA cache_size=-16384;"
	    "CREATE TABLE journal(seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL,"
	    " kind TEXT NOT NULL, ref TEXT, body TEXT NOT NULL,"
	    " user TEXT NOT NULL DEFAULT '', hash BLOB);", 0, 0, 0);
	if (background && (ck = store_ckpt_start(dst)) != NULL)
		sqlite3_wal_hook(out, poke_checkpointer, ck);
	/* The same rows, user and hash included: only the chaining (the
	 * hashing) is what the store does beyond this loop. */
	sqlite3_prepare_v2(in, "SELECT ts, kind, ref, body, user, hash FROM "
	    "journal ORDER BY seq", -1, &rd, NULL);
	sqlite3_prepare_v2(out, "INSERT INTO journal(ts, kind, ref, body, "
	    "user, hash) VALUES (?, ?, ?, ?, ?, ?)", -1, &wr, NULL);
	/* A finished SELECT starts again when stepped: stop at its end. */
	bool more = true;
	while (more) {
		int n = 0;
		while (n < CHUNK && (more = sqlite3_step(rd) == SQLITE_ROW)) {
			rows[n].ts = sqlite3_column_int64(rd, 0);
			rows[n].kind = strdup((const char *)
			    sqlite3_column_text(rd, 1));
			const unsigned char *ref = sqlite3_column_text(rd, 2);
			rows[n].ref = ref ? strdup((const char *)ref) : NULL;
			rows[n].body = strdup((const char *)
			    sqlite3_column_text(rd, 3));
			rows[n].user = strdup((const char *)
			    sqlite3_column_text(rd, 4));
			if (sqlite3_column_bytes(rd, 5) == 32)
				memcpy(rows[n].hash, sqlite3_column_blob(rd, 5),
				    32);
			n++;
		}
		if (n == 0)
			break;
		double t0 = now_s();
		for (int i = 0; i < n; i++) {
			if (i % group == 0)
				sqlite3_exec(out, "BEGIN", 0, 0, 0);
			sqlite3_bind_int64(wr, 1, rows[i].ts);
			sqlite3_bind_text(wr, 2, rows[i].kind, -1, SQLITE_STATIC);
			sqlite3_bind_text(wr, 3, rows[i].ref, -1, SQLITE_STATIC);
			sqlite3_bind_text(wr, 4, rows[i].body, -1, SQLITE_STATIC);
			sqlite3_bind_text(wr, 5, rows[i].user, -1, SQLITE_STATIC);
			sqlite3_bind_blob(wr, 6, rows[i].hash, 32, SQLITE_STATIC);
			sqlite3_step(wr);
			sqlite3_reset(wr);
			if (i % group == group - 1 || i == n - 1)
				sqlite3_exec(out, "COMMIT", 0, 0, 0);
		}
		spent += now_s() - t0;
		total += n;
		for (int i = 0; i < n; i++) {
			free(rows[i].kind);
			free(rows[i].ref);
			free(rows[i].body);
			free(rows[i].user);
		}
	}
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	sqlite3_close(in);
	store_ckpt_stop(ck);
	sqlite3_close(out);
	unlink(dst);
	free(rows);
	return spent > 0 ? (double)total / spent : 0;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	char dir[] = "/tmp/blotter-bench.XXXXXX", db[256], plain_db[256];
	char line[128];
	struct runtime_opts ro = { .empty = true, .quiet = true };
	struct err err = { "" };
	struct rusage ru;
	size_t inflight = 0;
	int lineno = 0;

	if (n <= 0 || !mkdtemp(dir))
		return 2;
	snprintf(db, sizeof db, "%s/bench.db", dir);
	snprintf(plain_db, sizeof plain_db, "%s/plain.db", dir);
	ro.db_path = db;
	cmd_time_parse("2026-01-05T09:30:00", &ro.start, &err);
	struct runtime *rt = runtime_start(&ro, &err);
	if (!rt) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	static const char *const setup[] = {
		"instrument add BENCH class=equity ccy=USD",
		"account add B1 nav=100m",
		"quote BENCH 99.99 100.01",
	};
	for (size_t i = 0; i < sizeof setup / sizeof *setup; i++)
		submit_line(rt, setup[i], ++lineno, &inflight);
	while (inflight)
		inflight -= collect(rt, true);
	/* The set-up's rows are not the million's. */
	int64_t rows0 = count_rows(db, "journal");
	int64_t bytes0 = store_bytes(db);

	double c0 = cpu_s(), m0 = thread_cpu_s(), t0 = now_s();
	for (long i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%s 100 BENCH", i % 2 ? "sell" :
		    "buy");
		submit_line(rt, line, ++lineno, &inflight);
		inflight -= collect(rt, false);
	}
	while (inflight)
		inflight -= collect(rt, true);
	double t1 = now_s(), c1 = cpu_s(), m1 = thread_cpu_s();
	runtime_stop(rt);
	getrusage(RUSAGE_SELF, &ru);

	int64_t rows = count_rows(db, "journal") - rows0;
	int64_t orders = count_rows(db, "orders");
	double secs = t1 - t0;
	printf("orders: %ld\n", n);
	printf("seconds: %.2f\n", secs);
	printf("orders per second: %.0f\n", (double)n / secs);
	/* CPU time (both threads and the checkpointer) varies less than the
	 * wall clock on a shared machine: per-order cost flatness reads
	 * best here. */
	printf("CPU microseconds per order: %.1f\n", (c1 - c0) * 1e6 /
	    (double)n);
	printf("  of which the script's thread (parse, submit, answers): "
	    "%.1f\n", (m1 - m0) * 1e6 / (double)n);
	printf("store bytes per order: %.0f\n",
	    (double)(store_bytes(db) - bytes0) / (double)n);
	printf("journal rows: %" PRId64 "\n", rows);
	printf("journal rows per second: %.0f\n", (double)rows / secs);
	printf("peak RSS (MB): %.1f\n", (double)ru.ru_maxrss / 1024);
	fflush(stdout);
	/* The yardstick: plain 12-column inserts, as many rows as orders. */
	double plain12 = plain12_rate(plain_db, n);
	printf("plain batched 12-column insert rows per second: %.0f\n",
	    plain12);
	printf("orders per second / plain 12-column insert rows per second: "
	    "%.2f\n", plain12 > 0 ? (double)n / secs / plain12 : 0);
	/* What no engine could beat: the same rows written plainly. */
	double floor = floor_rate(db, plain_db, rows0 + 1);
	printf("the store's own rows of an order, written plainly, orders per "
	    "second: %.0f (%.2f of the 12-column rate)\n", floor,
	    plain12 > 0 ? floor / plain12 : 0);
	fflush(stdout);
	double plain = plain_insert_rate(db, plain_db, WINDOW, false);
	double plain_bg = plain_insert_rate(db, plain_db, WINDOW, true);
	double rate = (double)rows / secs;
	printf("plain batched insert rows per second: %.0f\n", plain);
	printf("journal rate / plain insert rate: %.2f\n",
	    plain > 0 ? rate / plain : 0);
	printf("plain batched insert rows per second, checkpointing in the "
	    "background as the store does: %.0f\n", plain_bg);
	printf("journal rate / that plain insert rate: %.2f\n",
	    plain_bg > 0 ? rate / plain_bg : 0);
	if (failures || orders != n)
		printf("failures: %ld (orders stored: %" PRId64 ")\n", failures,
		    orders);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench: could not remove %s\n", dir);
	return failures ? 1 : 0;
}
