/* tests/check_store.c: unit tests of the SQLite store (src/store/).
 *
 * Each test gets a fresh directory under /tmp (mkdtemp) and removes it
 * afterwards.  Orders and positions are moved with the core functions
 * (order_apply, order_fill, position_apply_fill), as the runtime does, so
 * what is stored is self-consistent and store_verify() must agree. */
#include "config.h"
#include "store.h"

#include <check.h>
#include <dirent.h>
#include <json.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "fixed.h"
#include "order.h"
#include "position.h"
#include "sha256.h"
#include "../src/store/store-int.h"
#include "testlib.h"

#define T0	1767623400LL		/* 2026-01-05T14:30:00Z */
#define PX(x)	((int64_t)((x) * PX_SCALE + 0.5))

static char tdir[64];
static char dbpath[128];

static void
setup(void)
{
	snprintf(tdir, sizeof tdir, "/tmp/check_store.XXXXXX");
	testlib_temp_dir(tdir);
	snprintf(dbpath, sizeof dbpath, "%s/blotter.db", tdir);
}

static void
teardown(void)
{
	char	p[512];
	struct dirent *e;
	DIR	*d = opendir(tdir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", tdir, e->d_name);
		chmod(p, 0600);
		unlink(p);
	}
	closedir(d);
	rmdir(tdir);
}

/* --- Helpers -------------------------------------------------------------- */

/* Open the store; a new one is written in place by an empty first
 * commit, as the tests read it with connections of their own. */
static struct store *
open_ok(void)
{
	struct err e = { "" };
	struct store *s = store_open(dbpath, &e);

	ck_assert_msg(s != NULL, "store_open: %s", e.msg);
	if (store_is_new(s)) {
		ck_assert_msg(store_begin(s, &e) == 0, "store_begin: %s",
		    e.msg);
		ck_assert_msg(store_commit(s, &e) == 0, "store_commit: %s",
		    e.msg);
	}
	return s;
}

static void
begin_ok(struct store *s)
{
	struct err e = { "" };

	ck_assert_msg(store_begin(s, &e) == 0, "store_begin: %s", e.msg);
}

static void
commit_ok(struct store *s)
{
	struct err e = { "" };

	ck_assert_msg(store_commit(s, &e) == 0, "store_commit: %s", e.msg);
}

/* The first column of the first row of SQL, on a connection of its own. */
static int64_t
sql_int(const char *sql)
{
	sqlite3	*db;
	sqlite3_stmt *st;
	int64_t	v = -1;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
sql_text(const char *sql, char *buf, size_t len)
{
	sqlite3	*db;
	sqlite3_stmt *st;

	buf[0] = '\0';
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		snprintf(buf, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void
sql_exec(const char *sql)
{
	sqlite3	*db;
	char	*msg = NULL;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg != NULL ? msg : "");
	sqlite3_close(db);
}

static void
mk_instrument(struct instrument *in, const char *sym, enum asset_class cls,
    int64_t mult)
{
	memset(in, 0, sizeof *in);
	snprintf(in->symbol, sizeof in->symbol, "%s", sym);
	in->cls = cls;
	snprintf(in->ccy, sizeof in->ccy, "USD");
	in->tick = PX_SCALE / 100;
	in->lot = 1;
	in->mult = mult;
}

static void
mk_account(struct account *a, const char *id)
{
	memset(a, 0, sizeof *a);
	snprintf(a->id, sizeof a->id, "%s", id);
	snprintf(a->name, sizeof a->name, "Fund %s", id);
	snprintf(a->ccy, sizeof a->ccy, "USD");
	a->nav = 1000000 * MONEY_SCALE;
	a->cash = 250000 * MONEY_SCALE;
}

static void
mk_order(struct order *o, const char *id, const char *acct, const char *sym,
    enum order_side side, int64_t qty, int64_t limit)
{
	memset(o, 0, sizeof *o);
	snprintf(o->id, sizeof o->id, "%s", id);
	snprintf(o->account, sizeof o->account, "%s", acct);
	snprintf(o->symbol, sizeof o->symbol, "%s", sym);
	o->side = side;
	o->type = limit > 0 ? OTYPE_LIMIT : OTYPE_MARKET;
	o->tif = TIF_DAY;
	o->status = ORDER_PENDING_NEW;
	o->prev_status = ORDER_PENDING_NEW;
	o->qty = qty;
	o->limit_px = limit;
	snprintf(o->venue, sizeof o->venue, "sim");
	o->created = T0;
	o->updated = T0;
}

/* Positions the tests keep alongside the store, like the runtime does. */
struct tbook {
	struct position pos[16];
	int	n;
};

static struct position *
tbook_pos(struct tbook *b, const char *acct, const char *sym)
{
	int	i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->pos[i].account, acct) == 0 &&
		    strcmp(b->pos[i].symbol, sym) == 0)
			return &b->pos[i];
	ck_assert_int_lt(b->n, 16);
	memset(&b->pos[b->n], 0, sizeof b->pos[b->n]);
	snprintf(b->pos[b->n].account, ACCOUNT_MAX, "%s", acct);
	snprintf(b->pos[b->n].symbol, SYMBOL_MAX, "%s", sym);
	return &b->pos[b->n++];
}

static void
put_instrument(struct store *s, const struct instrument *in)
{
	struct err e = { "" };

	ck_assert_msg(store_put_instrument(s, in, T0, &e) == 0, "%s", e.msg);
}

static void
put_account(struct store *s, const struct account *a)
{
	struct err e = { "" };

	ck_assert_msg(store_put_account(s, a, T0, &e) == 0, "%s", e.msg);
}

static void
put_new(struct store *s, struct order *o, int64_t ts)
{
	struct store_order_rec r = { .kind = SOJ_NEW, .ts = ts };
	struct err e = { "" };

	o->updated = ts;
	ck_assert_msg(store_order(s, o, &r, NULL, &e) == 0, "%s", e.msg);
}

static void
put_event(struct store *s, struct order *o, enum order_event ev,
    const struct order_change *chg, int64_t ts)
{
	struct store_order_rec r = { .kind = SOJ_STATUS, .ev = ev,
	    .chg = chg, .ts = ts };
	struct err e = { "" };

	if (chg != NULL)
		ck_assert_msg(order_change_apply(o, chg, &e) == 0, "%s",
		    e.msg);
	ck_assert_msg(order_apply(o, ev, &e) == 0, "%s", e.msg);
	o->updated = ts;
	ck_assert_msg(store_order(s, o, &r, NULL, &e) == 0, "%s", e.msg);
}

/* A fill (BUST false) or its bust, with the position moved to match. */
static void
put_exec(struct store *s, struct tbook *b, struct order *o,
    const char *exec_id, int64_t qty, int64_t px, int64_t mult, bool bust,
    int64_t ts)
{
	struct store_order_rec r = { .kind = bust ? SOJ_BUST : SOJ_FILL,
	    .exec_id = exec_id, .qty = qty, .px = px, .ts = ts };
	struct position *p = tbook_pos(b, o->account, o->symbol);
	struct err e = { "" };
	int	sign = order_side_sign(o->side) * (bust ? -1 : 1);

	if (bust)
		ck_assert_msg(order_bust(o, qty, px, &e) == 0, "%s", e.msg);
	else
		ck_assert_msg(order_fill(o, qty, px, &e) == 0, "%s", e.msg);
	position_apply_fill(p, sign * qty, px, mult);
	o->updated = ts;
	ck_assert_msg(store_order(s, o, &r, p, &e) == 0, "%s", e.msg);
}

static void
put_fill(struct store *s, struct tbook *b, struct order *o,
    const char *exec_id, int64_t qty, int64_t px, int64_t ts)
{
	put_exec(s, b, o, exec_id, qty, px, PX_SCALE, false, ts);
}

/* Report lines of store_verify(), collected. */
struct lines {
	char	buf[16384];
	int	n;
};

static void
collect(void *ctx, const char *line)
{
	struct lines *l = ctx;
	size_t	len = strlen(l->buf);

	snprintf(l->buf + len, sizeof l->buf - len, "%s\n", line);
	l->n++;
}

static long
verify(struct lines *l)
{
	struct err e = { "" };
	long	n;

	memset(l, 0, sizeof *l);
	n = store_verify(dbpath, collect, l, &e);
	ck_assert_msg(n >= 0, "store_verify: %s", e.msg);
	ck_assert_int_eq(n, l->n);
	return n;
}

/*
 * A small trading day in the store, used by the verify tests:
 * O1 buy 100 ACME filled in two (E1, E2); O2 sell 150 ACME, 120 filled
 * (E3, reducing then flipping the position), the rest canceled; O3 buy a
 * bond (mult 0.01), partly filled; O4 staged and amended.
 */
static void
build_day(void)
{
	struct store *s = open_ok();
	struct instrument acme, bond;
	struct account a1;
	struct order o1, o2, o3, o4;
	struct order_change chg;
	struct tbook b = { .n = 0 };
	struct store_order_rec r = { .kind = SOJ_AMEND, .ts = T0 + 9 };
	struct err e = { "" };

	begin_ok(s);
	mk_instrument(&acme, "ACME", ASSET_EQUITY, PX_SCALE);
	mk_instrument(&bond, "UST10", ASSET_BOND, PX_SCALE / 100);
	put_instrument(s, &acme);
	put_instrument(s, &bond);
	mk_account(&a1, "A1");
	put_account(s, &a1);
	ck_assert(store_put_fx(s, "EURUSD", PX(1.085), T0, &e) == 0);
	commit_ok(s);

	begin_ok(s);
	mk_order(&o1, "O1", "A1", "ACME", SIDE_BUY, 100, PX(10.5));
	/* Each ack a moment after its order.new: the day keeps a row for
	 * every entry (see test_joined_rows for those that join). */
	put_new(s, &o1, T0 + 1);
	put_event(s, &o1, OEV_ACK, NULL, T0 + 2);
	put_fill(s, &b, &o1, "E1", 40, PX(10.25), T0 + 2);
	put_fill(s, &b, &o1, "E2", 60, PX(10.5), T0 + 3);
	commit_ok(s);

	begin_ok(s);
	mk_order(&o2, "O2", "A1", "ACME", SIDE_SELL, 150, 0);
	put_new(s, &o2, T0 + 4);
	put_event(s, &o2, OEV_ACK, NULL, T0 + 5);
	put_fill(s, &b, &o2, "E3", 120, PX(11.13), T0 + 5);
	put_event(s, &o2, OEV_CANCEL_REQ, NULL, T0 + 6);
	snprintf(o2.reason, sizeof o2.reason, "trader canceled");
	put_event(s, &o2, OEV_CANCELED, NULL, T0 + 6);
	mk_order(&o3, "O3", "A1", "UST10", SIDE_BUY, 1000000, PX(99.5));
	put_new(s, &o3, T0 + 7);
	put_event(s, &o3, OEV_ACK, NULL, T0 + 8);
	put_exec(s, &b, &o3, "E4", 250000, PX(99.5), PX_SCALE / 100, false,
	    T0 + 8);
	commit_ok(s);

	begin_ok(s);
	mk_order(&o4, "O4", "A1", "ACME", SIDE_BUY, 10, PX(9));
	o4.status = ORDER_STAGED;
	put_new(s, &o4, T0 + 9);
	memset(&chg, 0, sizeof chg);
	chg.have_qty = true;
	chg.qty = 20;
	ck_assert(order_change_apply(&o4, &chg, &e) == 0);
	r.chg = &chg;
	ck_assert_msg(store_order(s, &o4, &r, NULL, &e) == 0, "%s", e.msg);
	commit_ok(s);
	store_close(s);
}

/* --- Opening -------------------------------------------------------------- */

START_TEST(test_open_degenerate)
{
	struct err e = { "" };
	char	p[256];

	store_close(NULL);
	store_rollback(NULL);
	ck_assert_ptr_null(store_open(NULL, &e));
	ck_assert_ptr_null(store_open("", &e));
	ck_assert_ptr_null(store_open(tdir, &e));
	ck_assert_msg(strstr(e.msg, tdir) != NULL, "%s", e.msg);
	snprintf(p, sizeof p, "%s/no/such/dir/x.db", tdir);
	ck_assert_ptr_null(store_open(p, &e));
	ck_assert_msg(strstr(e.msg, p) != NULL &&
	    strstr(e.msg, "cannot be opened") != NULL, "%s", e.msg);
	ck_assert_int_eq(store_verify(p, NULL, NULL, &e), -1);
	ck_assert_msg(strstr(e.msg, p) != NULL, "%s", e.msg);
}
END_TEST

/* Files in the test's folder, but for the key and the lock. */
static int
files_in_tdir(void)
{
	DIR	*d = opendir(tdir);
	struct dirent *e;
	int	n = 0;
	size_t	len;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] != '.' && !(len > 4 &&
		    strcmp(e->d_name + len - 4, ".key") == 0))
			n++;
	}
	closedir(d);
	return n;
}

START_TEST(test_new_file)
{
	struct err e = { "" };
	struct store *s;
	char	mode[16];

	/* A new store is not at its name until its first commit: closed
	 * before that, it leaves nothing behind. */
	s = store_open(dbpath, &e);
	ck_assert_msg(s != NULL, "%s", e.msg);
	ck_assert(store_is_new(s));
	ck_assert_int_eq(access(dbpath, F_OK), -1);
	store_close(s);
	ck_assert_int_eq(access(dbpath, F_OK), -1);
	ck_assert_int_eq(files_in_tdir(), 0);
	s = open_ok();
	ck_assert_int_eq(access(dbpath, F_OK), 0);
	ck_assert(store_is_new(s));
	ck_assert_str_eq(store_path(s), dbpath);
	ck_assert(!store_in_txn(s));
	store_close(s);
	ck_assert_int_eq(sql_int("PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(sql_int("PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sql_text("PRAGMA journal_mode", mode, sizeof mode);
	ck_assert_str_eq(mode, "wal");
	ck_assert_int_eq(sql_int("SELECT count(*) FROM meta WHERE key = 'app'"
	    " AND value = 'blotter'"), 1);
	s = open_ok();
	ck_assert(!store_is_new(s));
	store_close(s);
}
END_TEST

/* An existing empty file is somebody else's: refused, left as it is,
 * never set up as a store; so is an SQLite file with nothing in it. */
START_TEST(test_empty_file_refused)
{
	FILE	*f = fopen(dbpath, "w");
	struct err e = { "" };
	struct stat sb;
	char	want[512];

	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_ptr_null(store_open(dbpath, &e));
	snprintf(want, sizeof want, "%s is empty, not a blotter store: "
	    "blotter sets up only a file it creates itself; remove it or name "
	    "a new file", dbpath);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(stat(dbpath, &sb), 0);
	ck_assert_int_eq(sb.st_size, 0);
	sql_exec("PRAGMA user_version = 0; VACUUM;");
	ck_assert_ptr_null(store_open(dbpath, &e));
	snprintf(want, sizeof want, "%s is not a blotter store (it holds no "
	    "tables): blotter sets up only a file it creates itself", dbpath);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"), 0);
}
END_TEST

/* A version-1 file (the first migration step only) is brought to 3. */
START_TEST(test_migrate_v1)
{
	struct store *s;
	char	sql[4096];

	snprintf(sql, sizeof sql, "%s PRAGMA user_version = 1;",
	    store_migrations[0]);
	sql_exec(sql);
	sql_exec("INSERT INTO fx(pair, rate) VALUES('EURUSD', 108500000)");
	ck_assert_int_eq(sql_int("PRAGMA user_version"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'index' AND sql IS NOT NULL"), 0);
	s = open_ok();
	ck_assert(!store_is_new(s));
	store_close(s);
	ck_assert_int_eq(sql_int("PRAGMA user_version"), STORE_SCHEMA_VERSION);
	/* orders: 6; fix_messages: 2 (schema 10). */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'index' AND sql IS NOT NULL"), 8);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'index' AND name = 'orders_open'"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'index' AND name = 'orders_open_place'"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'index' AND name = 'orders_block'"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'index' AND name IN ('orders_account',"
	    " 'orders_symbol', 'orders_ended')"), 3);
	/* The journal and the executions have no index besides their key. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'index' AND tbl_name IN ('journal', 'executions')"
	    " AND sql IS NOT NULL"), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM pragma_table_info("
	    "'orders') WHERE name = 'last_seq'"), 1);
	ck_assert_int_eq(sql_int("SELECT rate FROM fx"), 108500000);
}
END_TEST

START_TEST(test_newer_refused)
{
	struct store *s = open_ok();
	struct err e = { "" };
	char	want[256];

	store_close(s);
	snprintf(want, sizeof want, "PRAGMA user_version = %d",
	    STORE_SCHEMA_VERSION + 1);
	sql_exec(want);
	ck_assert_ptr_null(store_open(dbpath, &e));
	snprintf(want, sizeof want, "%s was written by a newer blotter "
	    "(schema %d; this one reads up to %d)", dbpath,
	    STORE_SCHEMA_VERSION + 1, STORE_SCHEMA_VERSION);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(store_verify(dbpath, NULL, NULL, &e), -1);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(sql_int("PRAGMA user_version"),
	    STORE_SCHEMA_VERSION + 1);
}
END_TEST

START_TEST(test_garbage_refused)
{
	FILE	*f = fopen(dbpath, "w");
	struct err e = { "" };
	char	want[256];
	int	i;

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 200; i++)
		fputs("this is not a database, just some text.\n", f);
	fclose(f);
	ck_assert_ptr_null(store_open(dbpath, &e));
	snprintf(want, sizeof want, "%s is not a blotter store (file is not "
	    "a database)", dbpath);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(store_verify(dbpath, NULL, NULL, &e), -1);
	ck_assert_str_eq(e.msg, want);
}
END_TEST

START_TEST(test_foreign_sqlite_refused)
{
	struct err e = { "" };
	char	want[256];

	sql_exec("CREATE TABLE recipes(name TEXT, minutes INTEGER);"
	    "INSERT INTO recipes VALUES('soup', 40);");
	ck_assert_ptr_null(store_open(dbpath, &e));
	snprintf(want, sizeof want, "%s is not a blotter store", dbpath);
	ck_assert_str_eq(e.msg, want);
	/* Untouched: still the other program's, not switched to WAL. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM recipes"), 1);
	ck_assert_int_eq(sql_int("PRAGMA user_version"), 0);
	/* Even with a user_version of its own. */
	sql_exec("PRAGMA user_version = 9");
	ck_assert_ptr_null(store_open(dbpath, &e));
	ck_assert_str_eq(e.msg, want);
}
END_TEST

START_TEST(test_readonly_refused)
{
	struct store *s = open_ok();
	struct err e = { "" };

	store_close(s);
	/* The superuser writes whatever the mode: nothing to test then. */
	if (geteuid() == 0)
		return;
	ck_assert_int_eq(chmod(dbpath, 0444), 0);
	ck_assert_ptr_null(store_open(dbpath, &e));
	ck_assert_msg(strstr(e.msg, "is read-only") != NULL, "%s", e.msg);
}
END_TEST

/* The plan SQLite makes for SQL on the store's file, one line a step. */
static void
sql_plan(const char *sql, char *buf, size_t len)
{
	sqlite3	*db;
	sqlite3_stmt *st;
	char	q[2048];

	buf[0] = '\0';
	snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s\n",
		    (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The open orders are read through the partial index orders_open: at
 * start, by the filter of the open statuses, and when counting them. */
/* Collect order ids (for test_latest_orders). */
static int
collect_ids(void *ctx, const struct order *o)
{
	struct { char ids[8][ORDER_ID_MAX]; int n; } *seen = ctx;

	if (seen->n < 8)
		snprintf(seen->ids[seen->n++], ORDER_ID_MAX, "%s", o->id);
	return 0;
}

START_TEST(test_latest_orders)
{
	struct store *s = open_ok();
	struct order o;
	struct err e = { "" };
	char id[16];
	struct store_order_filter f = { NULL, NULL, 0, 3, 0, NULL };
	struct seen { char ids[8][ORDER_ID_MAX]; int n; } seen = { .n = 0 };

	begin_ok(s);
	for (int i = 1; i <= 5; i++) {
		snprintf(id, sizeof id, "L%d", i);
		mk_order(&o, id, "A1", "ACME", SIDE_BUY, 100, 0);
		put_new(s, &o, T0 + i);
	}
	commit_ok(s);
	ck_assert_int_eq(store_each_order(s, &f, collect_ids, &seen, &e), 0);
	ck_assert_int_eq(seen.n, 3);
	ck_assert_str_eq(seen.ids[0], "L5");
	ck_assert_str_eq(seen.ids[1], "L4");
	ck_assert_str_eq(seen.ids[2], "L3");
	/* The next page: skip the newest three. */
	f.skip = 3;
	seen.n = 0;
	ck_assert_int_eq(store_each_order(s, &f, collect_ids, &seen, &e), 0);
	ck_assert_int_eq(seen.n, 2);
	ck_assert_str_eq(seen.ids[0], "L2");
	ck_assert_str_eq(seen.ids[1], "L1");
	store_close(s);
}
END_TEST

/* Pages by key: newest first, before and after an order, the last page,
 * with a filter, each through an index and never a sort. */
START_TEST(test_page_orders)
{
	struct store *s = open_ok();
	struct order o;
	struct err e = { "" };
	char	id[16], sql[1280], plan[1024];
	size_t	n;
	struct store_order_filter all = { NULL, NULL, 0, 0, 0, NULL };
	struct store_order_filter a2 = { "A2", NULL, 0, 0, 0, NULL };
	struct store_order_filter sym = { NULL, "XYZ", 0, 0, 0, NULL };
	struct store_order_filter open = { NULL, NULL, STORE_OPEN_MASK, 0, 0,
	    NULL };
	struct store_order_filter open_place = { "A2", "ACME",
	    STORE_OPEN_MASK, 0, 0, NULL };
	struct store_order_filter open_nobody = { "A2", "XYZ",
	    STORE_OPEN_MASK, 0, 0, NULL };
	struct store_order_filter ended = { NULL, NULL, 1u << ORDER_CANCELED |
	    1u << ORDER_REJECTED | 1u << ORDER_NEW, 0, 0, NULL };
	struct store_order_filter gone = { NULL, NULL, 1u << ORDER_CANCELED |
	    1u << ORDER_REJECTED, 0, 0, NULL };
	struct store_order_filter none = { NULL, NULL, 1u << 30, 0, 0, NULL };
	struct seen { char ids[8][ORDER_ID_MAX]; int n; } seen = { .n = 0 };

	/* Degenerate: nothing asked, an unknown key, no key. */
	ck_assert_int_eq(store_page_orders(s, &all, STORE_PAGE_FIRST, NULL, 0,
	    collect_ids, &seen, &n, &e), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(store_page_orders(s, &all, STORE_PAGE_FIRST, NULL, 3,
	    collect_ids, &seen, &n, &e), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(store_page_orders(s, &all, STORE_PAGE_BEFORE, "P1",
	    3, collect_ids, &seen, &n, &e), -1);
	ck_assert_msg(strstr(e.msg, "order P1 is not in the store") != NULL,
	    "%s", e.msg);
	ck_assert_int_eq(store_page_orders(s, &all, STORE_PAGE_AFTER, NULL,
	    3, collect_ids, &seen, &n, &e), -1);

	/* P1..P7; P2, P4, P6 in A2; P7 of XYZ. */
	begin_ok(s);
	for (int i = 1; i <= 7; i++) {
		snprintf(id, sizeof id, "P%d", i);
		mk_order(&o, id, i % 2 == 0 ? "A2" : "A1", i == 7 ? "XYZ" :
		    "ACME", SIDE_BUY, 100, 0);
		put_new(s, &o, T0 + i);
	}
	/* Held back still: a page reads what the transaction wrote. */
	ck_assert_int_eq(store_page_orders(s, &all, STORE_PAGE_FIRST, NULL, 3,
	    collect_ids, &seen, &n, &e), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(seen.ids[0], "P7");
	ck_assert_str_eq(seen.ids[2], "P5");
	commit_ok(s);

#define PAGE(f, where, key, lim, ...) do {				\
	static const char *const want_[] = { __VA_ARGS__ };		\
	seen.n = 0;							\
	ck_assert_int_eq(store_page_orders(s, f, where, key, lim,	\
	    collect_ids, &seen, &n, &e), 0);				\
	ck_assert_uint_eq(n, sizeof want_ / sizeof want_[0] - 1);	\
	ck_assert_int_eq(seen.n, (int)n);				\
	for (int k_ = 0; k_ < seen.n; k_++)				\
		ck_assert_str_eq(seen.ids[k_], want_[k_]);		\
} while (0)
	PAGE(&all, STORE_PAGE_FIRST, NULL, 3, "P7", "P6", "P5", NULL);
	PAGE(&all, STORE_PAGE_BEFORE, "P5", 3, "P4", "P3", "P2", NULL);
	PAGE(&all, STORE_PAGE_BEFORE, "P2", 3, "P1", NULL);
	PAGE(&all, STORE_PAGE_BEFORE, "P1", 3, NULL);
	PAGE(&all, STORE_PAGE_AFTER, "P2", 3, "P5", "P4", "P3", NULL);
	PAGE(&all, STORE_PAGE_AFTER, "P6", 3, "P7", NULL);
	PAGE(&all, STORE_PAGE_AFTER, "P7", 3, NULL);
	PAGE(&all, STORE_PAGE_LAST, NULL, 3, "P3", "P2", "P1", NULL);
	PAGE(&all, STORE_PAGE_LAST, NULL, 9, "P7", "P6", "P5", "P4", "P3",
	    "P2", "P1", NULL);
	PAGE(&a2, STORE_PAGE_FIRST, NULL, 2, "P6", "P4", NULL);
	/* The key need not match the filter. */
	PAGE(&a2, STORE_PAGE_BEFORE, "P5", 2, "P4", "P2", NULL);
	PAGE(&a2, STORE_PAGE_AFTER, "P3", 1, "P4", NULL);
	PAGE(&a2, STORE_PAGE_LAST, NULL, 1, "P2", NULL);
	PAGE(&sym, STORE_PAGE_FIRST, NULL, 5, "P7", NULL);
	PAGE(&open, STORE_PAGE_BEFORE, "P3", 5, "P2", "P1", NULL);
	/* An account in a symbol, open: P2, P4, P6; none of A2 in XYZ. */
	PAGE(&open_place, STORE_PAGE_FIRST, NULL, 5, "P6", "P4", "P2", NULL);
	PAGE(&open_place, STORE_PAGE_BEFORE, "P4", 5, "P2", NULL);
	PAGE(&open_place, STORE_PAGE_AFTER, "P2", 1, "P4", NULL);
	PAGE(&open_place, STORE_PAGE_LAST, NULL, 2, "P4", "P2", NULL);
	PAGE(&open_nobody, STORE_PAGE_FIRST, NULL, 5, NULL);
	PAGE(&none, STORE_PAGE_FIRST, NULL, 5, NULL);
	/* Several statuses; those that end unfilled through their index. */
	begin_ok(s);
	ck_assert_int_eq(store_get_order(s, "P3", &o, &e), 1);
	put_event(s, &o, OEV_ACK, NULL, T0 + 20);
	ck_assert_int_eq(store_get_order(s, "P5", &o, &e), 1);
	put_event(s, &o, OEV_REJECT, NULL, T0 + 21);
	commit_ok(s);
	PAGE(&ended, STORE_PAGE_FIRST, NULL, 5, "P5", "P3", NULL);
	PAGE(&ended, STORE_PAGE_AFTER, "P1", 1, "P3", NULL);
	PAGE(&ended, STORE_PAGE_LAST, NULL, 5, "P5", "P3", NULL);
	PAGE(&gone, STORE_PAGE_FIRST, NULL, 5, "P5", NULL);
	PAGE(&gone, STORE_PAGE_BEFORE, "P5", 5, NULL);
	PAGE(&gone, STORE_PAGE_AFTER, "P1", 5, "P5", NULL);
#undef PAGE
	store_close(s);

	/* Each page through an index, in its order: no sort, no scan. */
	for (int w = STORE_PAGE_FIRST; w <= STORE_PAGE_LAST; w++) {
		store_page_sql(sql, sizeof sql, &a2, (enum store_page)w);
		sql_plan(sql, plan, sizeof plan);
		ck_assert_msg(strstr(plan, "orders_account") != NULL, "%s: %s",
		    sql, plan);
		ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "%s: %s",
		    sql, plan);
		store_page_sql(sql, sizeof sql, &sym, (enum store_page)w);
		sql_plan(sql, plan, sizeof plan);
		ck_assert_msg(strstr(plan, "orders_symbol") != NULL, "%s: %s",
		    sql, plan);
		store_page_sql(sql, sizeof sql, &open, (enum store_page)w);
		sql_plan(sql, plan, sizeof plan);
		ck_assert_msg(strstr(plan, "orders_open") != NULL, "%s: %s",
		    sql, plan);
		ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "%s: %s",
		    sql, plan);
		store_page_sql(sql, sizeof sql, &open_place,
		    (enum store_page)w);
		sql_plan(sql, plan, sizeof plan);
		ck_assert_msg(strstr(plan, "orders_open_place") != NULL,
		    "%s: %s", sql, plan);
		ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "%s: %s",
		    sql, plan);
		store_page_sql(sql, sizeof sql, &all, (enum store_page)w);
		sql_plan(sql, plan, sizeof plan);
		ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "%s: %s",
		    sql, plan);
		store_page_sql(sql, sizeof sql, &ended, (enum store_page)w);
		sql_plan(sql, plan, sizeof plan);
		ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "%s: %s",
		    sql, plan);
		store_page_sql(sql, sizeof sql, &gone, (enum store_page)w);
		sql_plan(sql, plan, sizeof plan);
		ck_assert_msg(strstr(plan, "orders_ended") != NULL, "%s: %s",
		    sql, plan);
		ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "%s: %s",
		    sql, plan);
	}
	/* Newest first by OFFSET, several statuses go down the key too. */
	ended.latest = 5;
	store_filter_sql(sql, sizeof sql, "id", &ended, true);
	sql_plan(sql, plan, sizeof plan);
	ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "%s: %s", sql,
	    plan);
}
END_TEST

START_TEST(test_open_orders_plan)
{
	struct store *s = open_ok();
	struct store_order_filter open = { NULL, NULL, STORE_OPEN_MASK, 0, 0, NULL };
	struct store_order_filter some = { NULL, NULL,
	    1u << ORDER_NEW | 1u << ORDER_FILLED, 0, 0, NULL };
	struct store_order_filter all = { "", "", 0, 0, 0, NULL };
	char	sql[1024], plan[1024];

	store_close(s);
	sql_plan(STORE_LOAD_ORDERS_SQL, plan, sizeof plan);
	ck_assert_msg(strstr(plan, "orders_open") != NULL, "%s", plan);
	ck_assert_msg(strstr(plan, "TEMP B-TREE") == NULL, "%s", plan);
	store_filter_sql(sql, sizeof sql, STORE_ORDER_COLS, &open, true);
	sql_plan(sql, plan, sizeof plan);
	ck_assert_msg(strstr(plan, "orders_open") != NULL, "%s: %s", sql,
	    plan);
	store_filter_sql(sql, sizeof sql, "count(*)", &open, false);
	sql_plan(sql, plan, sizeof plan);
	ck_assert_msg(strstr(plan, "orders_open") != NULL, "%s: %s", sql,
	    plan);
	/* Other sets cannot use it, and say which statuses as literals. */
	store_filter_sql(sql, sizeof sql, "count(*)", &some, false);
	ck_assert_str_eq(sql, "SELECT count(*) FROM orders WHERE status IN"
	    " ('new', 'filled')");
	sql_plan(sql, plan, sizeof plan);
	ck_assert_msg(strstr(plan, "orders_open") == NULL, "%s", plan);
	store_filter_sql(sql, sizeof sql, "id", &all, true);
	ck_assert_str_eq(sql, "SELECT id FROM orders ORDER BY seq");
	/* Too small a buffer is cut short, never overrun. */
	memset(sql, 'x', sizeof sql);
	store_filter_sql(sql, 16, STORE_ORDER_COLS, &open, true);
	ck_assert_uint_eq(strlen(sql), 15);
	ck_assert_int_eq(sql[16], 'x');
}
END_TEST

/* --- Round trips ---------------------------------------------------------- */

struct loaded {
	struct instrument in[4];
	struct account acct[4];
	char	pair[4][SYMBOL_MAX];
	int64_t	rate[4];
	struct quote q[4];
	int64_t	mark[4];
	struct order o[8];
	struct position p[4];
	int	nin, nacct, nfx, nq, no, np;
};

static int
ld_instrument(void *ctx, const struct instrument *in)
{
	struct loaded *l = ctx;

	ck_assert_int_lt(l->nin, 4);
	l->in[l->nin++] = *in;
	return 0;
}

static int
ld_account(void *ctx, const struct account *a)
{
	struct loaded *l = ctx;

	ck_assert_int_lt(l->nacct, 4);
	l->acct[l->nacct++] = *a;
	return 0;
}

static int
ld_fx(void *ctx, const char *pair, int64_t rate)
{
	struct loaded *l = ctx;

	ck_assert_int_lt(l->nfx, 4);
	snprintf(l->pair[l->nfx], SYMBOL_MAX, "%s", pair);
	l->rate[l->nfx++] = rate;
	return 0;
}

static int
ld_quote(void *ctx, const struct quote *q, int64_t mark)
{
	struct loaded *l = ctx;

	ck_assert_int_lt(l->nq, 4);
	l->q[l->nq] = *q;
	l->mark[l->nq++] = mark;
	return 0;
}

static int
ld_order(void *ctx, const struct order *o)
{
	struct loaded *l = ctx;

	ck_assert_int_lt(l->no, 8);
	l->o[l->no++] = *o;
	return 0;
}

static int
ld_position(void *ctx, const struct position *p)
{
	struct loaded *l = ctx;

	ck_assert_int_lt(l->np, 4);
	l->p[l->np++] = *p;
	return 0;
}

static const struct store_loader loader = {
	ld_instrument, ld_account, ld_fx, ld_quote, ld_order, ld_position
};

static void
load_ok(struct store *s, struct loaded *l)
{
	struct err e = { "" };

	memset(l, 0, sizeof *l);
	ck_assert_msg(store_load(s, &loader, l, &e) == 0, "%s", e.msg);
}

START_TEST(test_roundtrip_reference)
{
	struct store *s = open_ok();
	struct instrument a, b, got;
	struct account x, y;
	struct quote q;
	struct loaded l;
	struct err e = { "" };

	mk_instrument(&a, "ACME", ASSET_EQUITY, PX_SCALE);
	mk_instrument(&b, "FUT-Z6", ASSET_FUTURE, 50 * PX_SCALE);
	snprintf(b.ccy, sizeof b.ccy, "EUR");
	b.tick = PX_SCALE / 4;
	b.lot = 5;
	snprintf(b.issuer, sizeof b.issuer, "Eurex \"AG\"");
	snprintf(b.sector, sizeof b.sector, "Index\\Futures");
	snprintf(b.underlying, sizeof b.underlying, "SX5E");
	mk_account(&x, "A1");
	mk_account(&y, "B-2");
	snprintf(y.ccy, sizeof y.ccy, "EUR");
	y.nav = -5;
	y.cash = 123456789012LL;

	begin_ok(s);
	put_instrument(s, &a);
	put_instrument(s, &b);
	a.tick = PX_SCALE / 1000;		/* replaced, keeps its place */
	put_instrument(s, &a);
	put_account(s, &x);
	put_account(s, &y);
	ck_assert(store_put_fx(s, "EURUSD", PX(1.085), T0, &e) == 0);
	ck_assert(store_put_fx(s, "GBPUSD", PX(1.27), T0, &e) == 0);
	ck_assert(store_put_fx(s, "EURUSD", PX(1.09), T0, &e) == 0);
	commit_ok(s);
	memset(&q, 0, sizeof q);
	snprintf(q.symbol, sizeof q.symbol, "ACME");
	q.bid = PX(10.01);
	q.ask = PX(10.03);
	q.bidsz = 500;
	q.asksz = QUOTE_SIZE_UNLIMITED;
	/* Quotes need no transaction. */
	ck_assert_msg(store_put_quote(s, &q, PX(10.02), &e) == 0, "%s", e.msg);
	store_close(s);

	s = open_ok();
	load_ok(s, &l);
	ck_assert_int_eq(l.nin, 2);
	ck_assert_mem_eq(&l.in[0], &a, sizeof a);
	ck_assert_mem_eq(&l.in[1], &b, sizeof b);
	got = l.in[1];
	ck_assert_str_eq(got.issuer, "Eurex \"AG\"");
	ck_assert_int_eq(got.mult, 50 * PX_SCALE);
	ck_assert_int_eq(l.nacct, 2);
	ck_assert_mem_eq(&l.acct[0], &x, sizeof x);
	ck_assert_mem_eq(&l.acct[1], &y, sizeof y);
	ck_assert_int_eq(l.nfx, 2);
	ck_assert_str_eq(l.pair[0], "EURUSD");
	ck_assert_int_eq(l.rate[0], PX(1.09));
	ck_assert_str_eq(l.pair[1], "GBPUSD");
	ck_assert_int_eq(l.nq, 1);
	ck_assert_mem_eq(&l.q[0], &q, sizeof q);
	ck_assert_int_eq(l.mark[0], PX(10.02));
	ck_assert_int_eq(l.no, 0);
	ck_assert_int_eq(l.np, 0);
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal"), 8);
}
END_TEST

/* An order with every field set away from its default. */
static void
mk_full_order(struct order *o)
{
	memset(o, 0, sizeof *o);
	snprintf(o->id, sizeof o->id, "O-RT-1");
	snprintf(o->account, sizeof o->account, "ACC/1");
	snprintf(o->symbol, sizeof o->symbol, "BRK.B");
	o->side = SIDE_COVER;
	o->type = OTYPE_TRAILING_STOP;
	o->tif = TIF_GTD;
	o->status = ORDER_PENDING_REPLACE;
	o->prev_status = ORDER_PARTIALLY_FILLED;
	o->qty = 1234567;
	o->cum_qty = 1000;
	o->notional = 15012345678LL;
	o->limit_px = 15012345678LL;
	o->stop_px = 14900000001LL;
	o->trail = 250000000;
	o->trail_pct = true;
	o->triggered = true;
	o->gtd_date = 20260109;
	snprintf(o->venue, sizeof o->venue, "fix-gs");
	snprintf(o->note, sizeof o->note, "say \"hi\" \\ back\nslash\t\x01"
	    "\x1f caf\xc3\xa9 {\"x\":1}");
	snprintf(o->reason, sizeof o->reason, "price moved: \"%s\"", "5%");
	snprintf(o->user, sizeof o->user, "trader.one");
	snprintf(o->login, sizeof o->login, "jdoe");
	o->created = T0 - 86400;
	o->updated = T0 + 12345;
}

START_TEST(test_roundtrip_order)
{
	struct store *s = open_ok();
	struct order o, got;
	struct position p;
	struct tbook b = { .n = 0 };
	struct loaded l;
	struct err e = { "" };

	mk_full_order(&o);
	begin_ok(s);
	put_new(s, &o, o.updated);
	memset(&got, 0xa5, sizeof got);
	/* Held back, still readable in the transaction. */
	ck_assert_int_eq(store_get_order(s, o.id, &got, &e), 1);
	ck_assert_mem_eq(&got, &o, sizeof o);
	commit_ok(s);
	store_close(s);

	s = open_ok();
	memset(&got, 0xa5, sizeof got);
	ck_assert_int_eq(store_get_order(s, o.id, &got, &e), 1);
	ck_assert_str_eq(got.id, o.id);
	ck_assert_str_eq(got.account, o.account);
	ck_assert_str_eq(got.symbol, o.symbol);
	ck_assert_int_eq(got.side, o.side);
	ck_assert_int_eq(got.type, o.type);
	ck_assert_int_eq(got.tif, o.tif);
	ck_assert_int_eq(got.status, o.status);
	ck_assert_int_eq(got.prev_status, o.prev_status);
	ck_assert_int_eq(got.qty, o.qty);
	ck_assert_int_eq(got.cum_qty, o.cum_qty);
	ck_assert_int_eq(got.notional, o.notional);
	ck_assert_int_eq(got.limit_px, o.limit_px);
	ck_assert_int_eq(got.stop_px, o.stop_px);
	ck_assert_int_eq(got.trail, o.trail);
	ck_assert(got.trail_pct);
	ck_assert(got.triggered);
	ck_assert_int_eq(got.gtd_date, o.gtd_date);
	ck_assert_str_eq(got.venue, o.venue);
	ck_assert_str_eq(got.note, o.note);
	ck_assert_str_eq(got.reason, o.reason);
	ck_assert_int_eq(got.created, o.created);
	ck_assert_int_eq(got.updated, o.updated);
	ck_assert_str_eq(got.user, "trader.one");
	ck_assert_str_eq(got.login, "jdoe");
	ck_assert_mem_eq(&got, &o, sizeof o);
	ck_assert_int_eq(store_get_order(s, "nope", &got, &e), 0);

	/* A position through a fill, and the open order through the load. */
	begin_ok(s);
	o.status = ORDER_NEW;
	put_exec(s, &b, &o, "X1", 500, PX(150.5), PX_SCALE, false, T0 + 20000);
	commit_ok(s);
	load_ok(s, &l);
	ck_assert_int_eq(l.no, 1);
	ck_assert_mem_eq(&l.o[0], &o, sizeof o);
	ck_assert_int_eq(l.np, 1);
	p = *tbook_pos(&b, o.account, o.symbol);
	ck_assert_mem_eq(&l.p[0], &p, sizeof p);
	ck_assert_int_eq(l.p[0].qty, 500);
	store_close(s);
}
END_TEST

struct hist {
	int64_t	seq[8], ts[8];
	char	kind[8][16];
	char	body[8][1024];
	int	n;
};

static int
hist_add(void *ctx, int64_t seq, int64_t ts, const char *kind,
    const char *body)
{
	struct hist *h = ctx;

	ck_assert_int_lt(h->n, 8);
	h->seq[h->n] = seq;
	h->ts[h->n] = ts;
	snprintf(h->kind[h->n], sizeof h->kind[h->n], "%s", kind);
	snprintf(h->body[h->n], sizeof h->body[h->n], "%s", body);
	h->n++;
	return 0;
}

/* Bodies are JSON that json-c reads back to the same strings. */
START_TEST(test_json_bodies)
{
	struct store *s = open_ok();
	struct order o;
	struct hist h = { .n = 0 };
	struct json_object *j, *m;
	struct err e = { "" };

	mk_full_order(&o);
	begin_ok(s);
	put_new(s, &o, o.updated);
	commit_ok(s);
	ck_assert_int_eq(store_each_history(s, o.id, hist_add, &h, &e), 0);
	ck_assert_int_eq(h.n, 1);
	ck_assert_str_eq(h.kind[0], "order.new");
	ck_assert_ptr_null(strchr(h.body[0], '\n'));
	j = json_tokener_parse(h.body[0]);
	ck_assert_ptr_nonnull(j);
	ck_assert(json_object_object_get_ex(j, "note", &m));
	ck_assert_str_eq(json_object_get_string(m), o.note);
	ck_assert(json_object_object_get_ex(j, "reason", &m));
	ck_assert_str_eq(json_object_get_string(m), o.reason);
	ck_assert(json_object_object_get_ex(j, "side", &m));
	ck_assert_str_eq(json_object_get_string(m), "cover");
	ck_assert(json_object_object_get_ex(j, "status", &m));
	ck_assert_str_eq(json_object_get_string(m), "pending_replace");
	ck_assert(json_object_object_get_ex(j, "limit_px", &m));
	ck_assert_int_eq(json_object_get_int64(m), o.limit_px);
	ck_assert(json_object_object_get_ex(j, "triggered", &m));
	ck_assert(json_object_get_boolean(m));
	json_object_put(j);
	ck_assert_msg(strstr(h.body[0], "\\u0001\\u001f") != NULL, "%s",
	    h.body[0]);
	store_close(s);
}
END_TEST

/* --- Refusals and rollback ------------------------------------------------ */

START_TEST(test_duplicate_order_refused)
{
	struct store *s = open_ok();
	struct order o1, o2;
	struct store_order_rec r = { .kind = SOJ_NEW, .ts = T0 };
	struct err e = { "" };
	int64_t	n;

	mk_order(&o1, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	begin_ok(s);
	put_new(s, &o1, T0);
	commit_ok(s);

	begin_ok(s);
	o1.qty = 999;
	ck_assert_int_eq(store_order(s, &o1, &r, NULL, &e), STORE_DUPLICATE);
	ck_assert_msg(strstr(e.msg, "O1") != NULL &&
	    strstr(e.msg, "already") != NULL, "%s", e.msg);
	/* A duplicate still held back in this transaction. */
	mk_order(&o2, "O2", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o2, T0);
	ck_assert_int_eq(store_order(s, &o2, &r, NULL, &e), STORE_DUPLICATE);
	ck_assert_msg(strstr(e.msg, "O2") != NULL, "%s", e.msg);
	commit_ok(s);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);
	ck_assert_int_eq(n, 2);
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT qty FROM orders WHERE id = 'O1'"),
	    100);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal"), 2);
}
END_TEST

START_TEST(test_duplicate_numeric_id_refused)
{
	/* Numbered ids above the largest one known skip the lookup; that
	 * must never let a duplicate through: not one of this blotter's,
	 * not one another blotter wrote meanwhile, not one below a larger
	 * id, and not one with leading zeros. */
	struct store *s = open_ok(), *other;
	struct order o;
	struct store_order_rec r = { .kind = SOJ_NEW, .ts = T0 };
	struct err e = { "" };
	int64_t	n = -1;

	begin_ok(s);
	mk_order(&o, "7", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o, T0);
	commit_ok(s);
	ck_assert_int_eq(store_order_id_max(s, &n, &e), 0);
	ck_assert_int_eq(n, 7);

	begin_ok(s);
	ck_assert_int_eq(store_order(s, &o, &r, NULL, &e), STORE_DUPLICATE);
	mk_order(&o, "9", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o, T0);
	commit_ok(s);
	begin_ok(s);
	ck_assert_int_eq(store_order(s, &o, &r, NULL, &e), STORE_DUPLICATE);
	mk_order(&o, "8", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o, T0);
	mk_order(&o, "0010", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o, T0);
	commit_ok(s);
	begin_ok(s);
	ck_assert_int_eq(store_order(s, &o, &r, NULL, &e), STORE_DUPLICATE);
	store_rollback(s);

	/* Another blotter on the same file numbers past ours. */
	other = open_ok();
	begin_ok(other);
	mk_order(&o, "12", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(other, &o, T0);
	commit_ok(other);
	store_close(other);
	begin_ok(s);
	ck_assert_int_eq(store_order(s, &o, &r, NULL, &e), STORE_DUPLICATE);
	ck_assert_msg(strstr(e.msg, "12") != NULL, "%s", e.msg);
	mk_order(&o, "13", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o, T0);
	commit_ok(s);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);
	ck_assert_int_eq(n, 6);
	store_close(s);
}
END_TEST

START_TEST(test_duplicate_exec_refused)
{
	struct store *s = open_ok();
	struct order o, copy, got;
	struct tbook b = { .n = 0 };
	struct store_order_rec r = { .kind = SOJ_FILL, .exec_id = "E1",
	    .qty = 10, .px = PX(10), .ts = T0 + 2 };
	struct err e = { "" };
	struct lines l;

	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	begin_ok(s);
	put_instrument(s, &(struct instrument){ .symbol = "ACME",
	    .ccy = "USD", .tick = 1000000, .lot = 1, .mult = PX_SCALE });
	put_new(s, &o, T0);
	put_event(s, &o, OEV_ACK, NULL, T0 + 1);
	put_fill(s, &b, &o, "E1", 30, PX(10), T0 + 2);
	commit_ok(s);

	begin_ok(s);
	copy = o;
	ck_assert(order_fill(&copy, 10, PX(10), &e) == 0);
	ck_assert_int_eq(store_order(s, &copy, &r, &b.pos[0], &e),
	    STORE_DUPLICATE);
	ck_assert_msg(strstr(e.msg, "E1") != NULL &&
	    strstr(e.msg, "already recorded") != NULL, "%s", e.msg);
	ck_assert_int_eq(store_exec_seen(s, "O1", "E1", &e), 1);
	ck_assert_int_eq(store_exec_seen(s, "O1", "E9", &e), 0);
	/* The refusal broke nothing: the transaction still commits. */
	commit_ok(s);
	ck_assert_int_eq(store_get_order(s, "O1", &got, &e), 1);
	ck_assert_int_eq(got.cum_qty, 30);
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " kind = 'fill'"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM executions"), 1);
	ck_assert_int_eq(verify(&l), 0);
}
END_TEST

START_TEST(test_write_outside_txn_refused)
{
	struct store *s = open_ok();
	struct order o;
	struct instrument in;
	struct store_order_rec r = { .kind = SOJ_NEW, .ts = T0 };
	struct store_order_rec bad = { .kind = SOJ_FILL, .qty = 1, .px = 1 };
	struct err e = { "" };

	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	mk_instrument(&in, "ACME", ASSET_EQUITY, PX_SCALE);
	ck_assert_int_eq(store_order(s, &o, &r, NULL, &e), -1);
	ck_assert_int_eq(store_put_instrument(s, &in, T0, &e), -1);
	ck_assert_int_eq(store_commit(s, &e), -1);
	begin_ok(s);
	ck_assert_int_eq(store_begin(s, &e), -1);
	ck_assert(store_in_txn(s));
	/* Not in the store yet, and a fill without an execution id. */
	ck_assert_int_eq(store_order(s, &o, &bad, NULL, &e), -1);
	ck_assert_msg(strstr(e.msg, "execution id") != NULL, "%s", e.msg);
	bad.exec_id = "E1";
	ck_assert_int_eq(store_order(s, &o, &bad, NULL, &e), -1);
	ck_assert_msg(strstr(e.msg, "not in the store") != NULL, "%s", e.msg);
	o.id[0] = '\0';
	ck_assert_int_eq(store_order(s, &o, &r, NULL, &e), -1);
	commit_ok(s);
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal"), 0);
}
END_TEST

START_TEST(test_rollback_drops)
{
	struct store *s = open_ok();
	struct order o1, o2, got;
	struct tbook b = { .n = 0 };
	struct loaded l;
	struct err e = { "" };
	int64_t	n;

	mk_order(&o1, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	begin_ok(s);
	put_new(s, &o1, T0);
	commit_ok(s);

	begin_ok(s);
	mk_order(&o2, "O2", "A1", "ACME", SIDE_SELL, 50, 0);
	put_new(s, &o2, T0 + 1);
	put_event(s, &o1, OEV_ACK, NULL, T0 + 1);
	put_fill(s, &b, &o1, "E1", 100, PX(10), T0 + 2);
	ck_assert_int_eq(store_get_order(s, "O2", &got, &e), 1);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);	/* flushes */
	ck_assert_int_eq(n, 2);
	put_event(s, &o2, OEV_ACK, NULL, T0 + 3);		/* held again */
	store_rollback(s);
	ck_assert(!store_in_txn(s));

	ck_assert_int_eq(store_get_order(s, "O2", &got, &e), 0);
	ck_assert_int_eq(store_get_order(s, "O1", &got, &e), 1);
	ck_assert_int_eq(got.status, ORDER_PENDING_NEW);
	ck_assert_int_eq(got.cum_qty, 0);
	ck_assert_int_eq(store_exec_seen(s, "O1", "E1", &e), 0);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);
	ck_assert_int_eq(n, 1);
	load_ok(s, &l);
	ck_assert_int_eq(l.np, 0);
	ck_assert_int_eq(l.no, 1);
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM positions"), 0);
}
END_TEST

/* Closing with a transaction open rolls it back. */
START_TEST(test_close_rolls_back)
{
	struct store *s = open_ok();
	struct order o;

	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	begin_ok(s);
	put_new(s, &o, T0);
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal"), 0);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders"), 0);
}
END_TEST

/* --- Reads ---------------------------------------------------------------- */

struct ids {
	char	id[8][ORDER_ID_MAX];
	int	n, stop_after;
};

static int
ids_add(void *ctx, const struct order *o)
{
	struct ids *x = ctx;

	ck_assert_int_lt(x->n, 8);
	snprintf(x->id[x->n++], ORDER_ID_MAX, "%s", o->id);
	return x->stop_after > 0 && x->n >= x->stop_after;
}

/* The ids of the orders F selects, joined by spaces, and their count. */
static const char *
select_ids(struct store *s, const char *acct, const char *sym,
    unsigned mask, char *buf, size_t len)
{
	struct store_order_filter f = { acct, sym, mask, 0, 0, NULL };
	struct ids x = { .n = 0 };
	struct err e = { "" };
	int64_t	n = -1;
	int	i;

	ck_assert_msg(store_each_order(s, &f, ids_add, &x, &e) == 0, "%s",
	    e.msg);
	ck_assert_msg(store_count_orders(s, &f, &n, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(n, x.n);
	buf[0] = '\0';
	for (i = 0; i < x.n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
		    i > 0 ? " " : "", x.id[i]);
	return buf;
}

#define BIT(s)	(1u << (s))

START_TEST(test_filters_and_counts)
{
	struct store *s = open_ok();
	static const struct {
		const char *id, *acct, *sym;
		enum order_status st;
	} rows[] = {
		{ "O5", "A1", "AAA", ORDER_NEW },
		{ "O1", "A1", "BBB", ORDER_FILLED },
		{ "O3", "A2", "AAA", ORDER_CANCELED },
		{ "O2", "A2", "BBB", ORDER_NEW },
		{ "O4", "A1", "AAA", ORDER_PARTIALLY_FILLED },
	};
	struct order o;
	struct ids x = { .n = 0, .stop_after = 2 };
	struct err e = { "" };
	char	buf[128];
	size_t	i;

	begin_ok(s);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		mk_order(&o, rows[i].id, rows[i].acct, rows[i].sym, SIDE_BUY,
		    100, 0);
		o.status = rows[i].st;
		put_new(s, &o, T0 + (int64_t)i);
	}
	/* Inside the transaction: the held-back rows are seen. */
	ck_assert_str_eq(select_ids(s, NULL, NULL, 0, buf, sizeof buf),
	    "O5 O1 O3 O2 O4");
	commit_ok(s);
	ck_assert_str_eq(select_ids(s, "", "", 0, buf, sizeof buf),
	    "O5 O1 O3 O2 O4");
	ck_assert_str_eq(select_ids(s, "A1", NULL, 0, buf, sizeof buf),
	    "O5 O1 O4");
	ck_assert_str_eq(select_ids(s, NULL, "AAA", 0, buf, sizeof buf),
	    "O5 O3 O4");
	ck_assert_str_eq(select_ids(s, "A1", "AAA", 0, buf, sizeof buf),
	    "O5 O4");
	ck_assert_str_eq(select_ids(s, NULL, NULL, BIT(ORDER_NEW), buf,
	    sizeof buf), "O5 O2");
	ck_assert_str_eq(select_ids(s, NULL, NULL, BIT(ORDER_NEW) |
	    BIT(ORDER_PARTIALLY_FILLED), buf, sizeof buf), "O5 O2 O4");
	ck_assert_str_eq(select_ids(s, "A2", NULL, BIT(ORDER_FILLED) |
	    BIT(ORDER_CANCELED), buf, sizeof buf), "O3");
	ck_assert_str_eq(select_ids(s, "A3", NULL, 0, buf, sizeof buf), "");
	ck_assert_str_eq(select_ids(s, NULL, NULL, 1u << 31, buf, sizeof buf),
	    "");
	ck_assert_int_eq(store_each_order(s, NULL, ids_add, &x, &e), 0);
	ck_assert_int_eq(x.n, 2);
	store_close(s);
}
END_TEST

struct execs {
	struct store_exec x[4];
	int	n;
};

static int
execs_add(void *ctx, const struct store_exec *x)
{
	struct execs *v = ctx;

	ck_assert_int_lt(v->n, 4);
	v->x[v->n++] = *x;
	return 0;
}

START_TEST(test_history_and_execs)
{
	struct store *s = open_ok();
	struct order o;
	struct tbook b = { .n = 0 };
	struct hist h = { .n = 0 };
	struct execs v = { .n = 0 };
	struct err e = { "" };

	mk_order(&o, "O7", "A1", "ACME", SIDE_SHORT, 100, PX(20));
	begin_ok(s);
	put_new(s, &o, T0);
	put_event(s, &o, OEV_ACK, NULL, T0 + 1);
	put_fill(s, &b, &o, "E-b", 40, PX(20.25), T0 + 2);
	commit_ok(s);
	begin_ok(s);
	put_fill(s, &b, &o, "E-a", 60, PX(20), T0 + 3);
	commit_ok(s);

	ck_assert_int_eq(store_each_exec(s, "O7", execs_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 2);
	ck_assert_str_eq(v.x[0].exec_id, "E-b");
	ck_assert_str_eq(v.x[0].order_id, "O7");
	ck_assert_str_eq(v.x[0].account, "A1");
	ck_assert_str_eq(v.x[0].symbol, "ACME");
	ck_assert_int_eq(v.x[0].side, SIDE_SHORT);
	ck_assert_int_eq(v.x[0].qty, 40);
	ck_assert_int_eq(v.x[0].px, PX(20.25));
	ck_assert_int_eq(v.x[0].ts, T0 + 2);
	ck_assert(!v.x[0].busted);
	ck_assert_str_eq(v.x[1].exec_id, "E-a");
	ck_assert_int_eq(v.x[1].qty, 60);

	ck_assert_int_eq(store_each_history(s, "O7", hist_add, &h, &e), 0);
	ck_assert_int_eq(h.n, 4);
	ck_assert_str_eq(h.kind[0], "order.new");
	ck_assert_str_eq(h.kind[1], "order.status");
	ck_assert_str_eq(h.body[1], "{\"event\":\"ack\",\"status\":\"new\"}");
	ck_assert_str_eq(h.kind[2], "fill");
	ck_assert_str_eq(h.body[2], "{\"exec_id\":\"E-b\",\"qty\":40,"
	    "\"px\":2025000000,\"account\":\"A1\",\"symbol\":\"ACME\","
	    "\"side\":\"short\"}");
	ck_assert_str_eq(h.kind[3], "fill");
	ck_assert(h.seq[0] < h.seq[1] && h.seq[1] < h.seq[2] &&
	    h.seq[2] < h.seq[3]);
	ck_assert_int_eq(h.ts[3], T0 + 3);
	v.n = 0;
	ck_assert_int_eq(store_each_exec(s, "none", execs_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 0);
	store_close(s);
}
END_TEST

/* The journal seq of an order's latest entry, by the journal. */
static int64_t
journal_last(const char *id)
{
	char	sql[256];

	snprintf(sql, sizeof sql, "SELECT max(seq) FROM journal WHERE"
	    " ref = '%s' AND kind NOT IN " SJ_REFDATA_SQL, id);
	return sql_int(sql);
}

static int64_t
row_last_seq(const char *id)
{
	char	sql[256];

	snprintf(sql, sizeof sql, "SELECT last_seq FROM orders WHERE"
	    " id = '%s'", id);
	return sql_int(sql);
}

/* Orders X<FROM>..X<TO - 1>: each new, acked and filled. */
static void
put_others(struct store *s, struct tbook *b, int from, int to, int64_t ts)
{
	struct order x;
	char	id[16], xid[16];
	int	i;

	for (i = from; i < to; i++) {
		snprintf(id, sizeof id, "X%03d", i);
		snprintf(xid, sizeof xid, "XE%03d", i);
		mk_order(&x, id, "A1", "ACME", SIDE_SELL, 10, 0);
		put_new(s, &x, ts);
		put_event(s, &x, OEV_ACK, NULL, ts);
		put_fill(s, b, &x, xid, 10, PX(10), ts);
	}
}

static void
check_o1_history(struct store *s, int n)
{
	static const char *const kinds[] = {
		"order.new", "order.status", "fill", "fill", "fill", "fill"
	};
	struct hist h = { .n = 0 };
	struct err e = { "" };
	int	i;

	ck_assert_msg(store_each_history(s, "O1", hist_add, &h, &e) == 0,
	    "%s", e.msg);
	ck_assert_int_eq(h.n, n);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(h.kind[i], kinds[i]);
		ck_assert(i == 0 || h.seq[i - 1] < h.seq[i]);
		ck_assert_int_eq(h.ts[i], T0 + i);
	}
}

/*
 * An order's history is the range of the journal between its order.new
 * and its latest entry: right while the order is held back, after a
 * flush in the middle of a transaction, after commits, with many other
 * orders' entries in between and reference data filed under the same
 * name inside the range.
 */
START_TEST(test_history_interleaved)
{
	struct store *s = open_ok();
	struct order o;
	struct account a;
	struct instrument in;
	struct tbook b = { .n = 0 };
	struct hist h = { .n = 0 };
	struct lines l;
	struct err e = { "" };
	int64_t	n;

	mk_instrument(&in, "ACME", ASSET_EQUITY, PX_SCALE);
	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	begin_ok(s);
	put_instrument(s, &in);
	put_new(s, &o, T0);
	put_others(s, &b, 0, 10, T0);
	put_event(s, &o, OEV_ACK, NULL, T0 + 1);
	mk_account(&a, "O1");			/* ref O1, not an order */
	put_account(s, &a);
	mk_instrument(&in, "O1", ASSET_EQUITY, PX_SCALE);
	put_instrument(s, &in);
	put_others(s, &b, 10, 20, T0);
	put_fill(s, &b, &o, "E1", 10, PX(10), T0 + 2);
	put_others(s, &b, 20, 40, T0);	/* more than a batch of each */
	check_o1_history(s, 3);			/* held back */
	commit_ok(s);
	check_o1_history(s, 3);
	ck_assert_int_eq(row_last_seq("O1"), journal_last("O1"));

	begin_ok(s);
	put_others(s, &b, 40, 60, T0);
	put_fill(s, &b, &o, "E2", 10, PX(10), T0 + 3);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);	/* flushes */
	put_others(s, &b, 60, 70, T0);
	put_fill(s, &b, &o, "E3", 10, PX(10), T0 + 4);	/* held again */
	check_o1_history(s, 5);
	commit_ok(s);
	check_o1_history(s, 5);

	begin_ok(s);
	put_others(s, &b, 70, 80, T0);
	commit_ok(s);
	begin_ok(s);
	put_fill(s, &b, &o, "E4", 10, PX(10), T0 + 5);	/* a row update */
	put_others(s, &b, 80, 90, T0);
	commit_ok(s);
	check_o1_history(s, 6);

	/* Another order's history has its own entries only. */
	ck_assert_int_eq(store_each_history(s, "X042", hist_add, &h, &e), 0);
	ck_assert_int_eq(h.n, 3);
	ck_assert_str_eq(h.kind[0], "order.new");
	ck_assert_str_eq(h.kind[2], "fill");
	ck_assert_msg(strstr(h.body[2], "XE042") != NULL, "%s", h.body[2]);
	h.n = 0;
	ck_assert_int_eq(store_each_history(s, "nope", hist_add, &h, &e), 0);
	ck_assert_int_eq(store_each_history(s, NULL, hist_add, &h, &e), 0);
	ck_assert_int_eq(h.n, 0);
	store_close(s);

	/* Every order's last_seq is its latest entry's. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders"), 91);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM orders o WHERE"
	    " last_seq <> (SELECT max(seq) FROM journal j WHERE j.ref = o.id"
	    " AND kind NOT IN " SJ_REFDATA_SQL ") OR seq <> (SELECT seq FROM"
	    " journal j WHERE j.ref = o.id AND kind = 'order.new')"), 0);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
}
END_TEST

/* last_seq follows the order's latest entry through inserts, updates in
 * later transactions, flushes and rollbacks. */
START_TEST(test_last_seq_roundtrip)
{
	struct store *s = open_ok();
	struct order o, o2;
	struct tbook b = { .n = 0 };
	struct err e = { "" };
	int64_t	n, first, last, top;

	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	mk_order(&o2, "O2", "A1", "ACME", SIDE_BUY, 100, 0);
	begin_ok(s);
	put_new(s, &o, T0);
	commit_ok(s);
	first = sql_int("SELECT seq FROM journal WHERE kind = 'order.new'");
	ck_assert_int_eq(sql_int("SELECT seq FROM orders"), first);
	ck_assert_int_eq(row_last_seq("O1"), first);

	begin_ok(s);
	put_new(s, &o2, T0);
	put_event(s, &o, OEV_ACK, NULL, T0 + 1);
	put_new(s, &(struct order){ .id = "O3", .account = "A1",
	    .symbol = "ACME", .qty = 1 }, T0);
	commit_ok(s);
	last = journal_last("O1");
	ck_assert_int_eq(row_last_seq("O1"), last);
	ck_assert_int_gt(last, first);
	ck_assert_int_eq(row_last_seq("O2"), journal_last("O2"));
	ck_assert_int_lt(row_last_seq("O2"), last);
	ck_assert_int_eq(sql_int("SELECT seq FROM orders WHERE id = 'O1'"),
	    first);

	begin_ok(s);
	put_fill(s, &b, &o, "E1", 10, PX(10), T0 + 2);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);	/* flushes */
	put_fill(s, &b, &o, "E2", 10, PX(10), T0 + 3);
	put_event(s, &o2, OEV_ACK, NULL, T0 + 3);
	commit_ok(s);
	ck_assert_int_eq(row_last_seq("O1"), journal_last("O1"));
	ck_assert_int_eq(row_last_seq("O2"), journal_last("O2"));
	ck_assert_int_gt(row_last_seq("O2"), row_last_seq("O1"));
	last = row_last_seq("O1");
	top = sql_int("SELECT max(seq) FROM journal");

	/* Rolled back: neither the entries nor the new last_seq stay, and
	 * the seqs are counted again from the journal. */
	begin_ok(s);
	put_fill(s, &b, &o, "E3", 10, PX(10), T0 + 4);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);
	store_rollback(s);
	ck_assert_int_eq(row_last_seq("O1"), last);
	begin_ok(s);
	o.cum_qty = 20;
	put_fill(s, &b, &o, "E3", 10, PX(10), T0 + 4);
	commit_ok(s);
	ck_assert_int_eq(row_last_seq("O1"), top + 1);
	ck_assert_int_eq(journal_last("O1"), top + 1);
	ck_assert_int_eq(sql_int("SELECT seq FROM executions WHERE"
	    " exec_id = 'E3'"), top + 1);
	store_close(s);
}
END_TEST

/* Execution ids are unique per order: a venue's repeated report names
 * the same order; another order may use the same id. */
START_TEST(test_duplicate_exec_per_order)
{
	struct store *s = open_ok();
	struct order o1, o2, copy;
	struct tbook b = { .n = 0 };
	struct execs v = { .n = 0 };
	struct store_order_rec r = { .kind = SOJ_FILL, .exec_id = "E1",
	    .qty = 10, .px = PX(10), .ts = T0 + 9 };
	struct lines l;
	struct err e = { "" };
	int64_t	rows;

	begin_ok(s);
	put_instrument(s, &(struct instrument){ .symbol = "ACME",
	    .ccy = "USD", .tick = 1000000, .lot = 1, .mult = PX_SCALE });
	mk_order(&o1, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	mk_order(&o2, "O2", "A1", "ACME", SIDE_SELL, 100, 0);
	put_new(s, &o1, T0);
	put_new(s, &o2, T0);
	put_event(s, &o1, OEV_ACK, NULL, T0 + 1);
	put_event(s, &o2, OEV_ACK, NULL, T0 + 1);
	put_fill(s, &b, &o1, "E1", 30, PX(10), T0 + 5);
	put_fill(s, &b, &o2, "E1", 20, PX(11), T0 + 5);	/* another order */
	/* Listed in the order they came, not by time or id. */
	put_fill(s, &b, &o1, "E0", 5, PX(10), T0 + 2);
	/* Refused while the order is still new in this transaction too. */
	copy = o1;
	ck_assert(order_fill(&copy, 10, PX(10), &e) == 0);
	ck_assert_int_eq(store_order(s, &copy, &r, &b.pos[0], &e),
	    STORE_DUPLICATE);
	ck_assert_msg(strstr(e.msg, "E1") != NULL && strstr(e.msg, "O1") !=
	    NULL && strstr(e.msg, "already recorded") != NULL, "%s", e.msg);
	/* A bust of a fill the order does not have, or twice. */
	r.kind = SOJ_BUST;
	r.exec_id = "E7";
	ck_assert_int_eq(store_order(s, &copy, &r, &b.pos[0], &e), -1);
	ck_assert_msg(strstr(e.msg, "no fill E7") != NULL, "%s", e.msg);
	put_exec(s, &b, &o1, "E0", 5, PX(10), PX_SCALE, true, T0 + 6);
	r.exec_id = "E0";
	ck_assert_int_eq(store_order(s, &o1, &r, &b.pos[0], &e), -1);
	ck_assert_msg(strstr(e.msg, "no fill E0") != NULL, "%s", e.msg);
	put_fill(s, &b, &o1, "E2", 5, PX(10), T0 + 7);
	/* Seen inside the transaction, and nothing from the refusals. */
	ck_assert_int_eq(store_exec_seen(s, "O1", "E0", &e), 1);
	ck_assert_int_eq(store_exec_seen(s, "O1", "E7", &e), 0);
	commit_ok(s);
	/* The instrument, 2 x (new, ack), 3 fills, a bust and a fill. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal"), 10);
	ck_assert_int_eq(sql_int("SELECT busted FROM executions WHERE"
	    " order_id = 'O1' AND exec_id = 'E0'"), 1);
	r = (struct store_order_rec){ .kind = SOJ_FILL, .exec_id = "E1",
	    .qty = 10, .px = PX(10), .ts = T0 + 9 };
	ck_assert_int_eq(store_exec_seen(s, "O1", "E1", &e), 1);
	ck_assert_int_eq(store_exec_seen(s, "O2", "E1", &e), 1);
	ck_assert_int_eq(store_exec_seen(s, "O2", "E0", &e), 0);
	ck_assert_int_eq(store_exec_seen(s, "O3", "E1", &e), 0);
	ck_assert_int_eq(store_exec_seen(s, NULL, "E1", &e), 0);
	ck_assert_int_eq(store_exec_seen(s, "O1", NULL, &e), 0);

	rows = sql_int("SELECT count(*) FROM journal");
	begin_ok(s);
	copy = o2;
	ck_assert(order_fill(&copy, 10, PX(10), &e) == 0);
	ck_assert_int_eq(store_order(s, &copy, &r, &b.pos[0], &e),
	    STORE_DUPLICATE);
	ck_assert_msg(strstr(e.msg, "E1") != NULL && strstr(e.msg, "O2") !=
	    NULL && strstr(e.msg, "already recorded") != NULL, "%s", e.msg);
	/* Busting O2's E1 leaves O1's alone. */
	put_exec(s, &b, &o2, "E1", 20, PX(11), PX_SCALE, true, T0 + 10);
	commit_ok(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal"), rows + 1);

	ck_assert_int_eq(store_each_exec(s, "O1", execs_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 3);
	ck_assert_str_eq(v.x[0].exec_id, "E1");
	ck_assert_str_eq(v.x[1].exec_id, "E0");
	ck_assert_str_eq(v.x[2].exec_id, "E2");
	ck_assert(!v.x[0].busted);
	ck_assert(v.x[1].busted);
	v.n = 0;
	ck_assert_int_eq(store_each_exec(s, "O2", execs_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 1);
	ck_assert(v.x[0].busted);
	ck_assert_str_eq(v.x[0].order_id, "O2");
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM executions"), 4);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);

	/* Verify matches executions by order and id, seq included. */
	sql_exec("UPDATE executions SET seq = seq + 1 WHERE order_id = 'O1'"
	    " AND exec_id = 'E0'");
	ck_assert_int_eq(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "executions E0 (order O1): seq is ") !=
	    NULL, "%s", l.buf);
	sql_exec("UPDATE executions SET seq = seq - 1, busted = 1"
	    " WHERE order_id = 'O1' AND exec_id = 'E1'");
	ck_assert_int_eq(verify(&l), 3);
	ck_assert_msg(strstr(l.buf, "executions E1 (order O1): busted is "
	    "true in the projection, false by the journal") != NULL, "%s",
	    l.buf);
}
END_TEST

/* Replace, amend, stop, cancel-reject and bust, all journaled. */
START_TEST(test_replace_amend_stop_bust)
{
	struct store *s = open_ok();
	struct order o, st, sp, got;
	struct order_change chg;
	struct tbook b = { .n = 0 };
	struct hist h = { .n = 0 };
	struct execs v = { .n = 0 };
	struct store_order_rec r;
	struct lines l;
	struct err e = { "" };

	begin_ok(s);
	put_instrument(s, &(struct instrument){ .symbol = "ACME",
	    .ccy = "USD", .tick = 1000000, .lot = 1, .mult = PX_SCALE });
	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 100, PX(10));
	put_new(s, &o, T0);
	put_event(s, &o, OEV_ACK, NULL, T0 + 1);
	put_fill(s, &b, &o, "E1", 50, PX(10), T0 + 2);
	put_event(s, &o, OEV_REPLACE_REQ, NULL, T0 + 3);
	memset(&chg, 0, sizeof chg);
	chg.have_qty = chg.have_limit = chg.have_tif = true;
	chg.qty = 200;
	chg.limit_px = PX(10.5);
	chg.tif = TIF_GTD;
	chg.gtd_date = 20260131;
	put_event(s, &o, OEV_REPLACED, &chg, T0 + 4);
	put_event(s, &o, OEV_CANCEL_REQ, NULL, T0 + 5);
	snprintf(o.reason, sizeof o.reason, "too late to cancel");
	put_event(s, &o, OEV_CANCEL_REJECT, NULL, T0 + 6);
	put_exec(s, &b, &o, "E1", 50, PX(10), PX_SCALE, true, T0 + 7);
	ck_assert_int_eq(o.status, ORDER_NEW);

	mk_order(&st, "O2", "A1", "ACME", SIDE_SELL, 10, PX(12));
	st.status = ORDER_STAGED;
	put_new(s, &st, T0 + 8);
	memset(&chg, 0, sizeof chg);
	chg.have_qty = chg.have_tif = true;
	chg.qty = 30;
	chg.tif = TIF_GTC;
	ck_assert(order_change_apply(&st, &chg, &e) == 0);
	st.updated = T0 + 9;
	r = (struct store_order_rec){ .kind = SOJ_AMEND, .chg = &chg,
	    .ts = T0 + 9 };
	ck_assert_msg(store_order(s, &st, &r, NULL, &e) == 0, "%s", e.msg);

	mk_order(&sp, "O3", "A1", "ACME", SIDE_SELL, 10, 0);
	sp.type = OTYPE_TRAILING_STOP;
	sp.trail = PX(0.5);
	sp.stop_px = PX(9.5);
	put_new(s, &sp, T0 + 10);
	sp.stop_px = PX(9.75);
	sp.triggered = true;
	sp.updated = T0 + 11;
	r = (struct store_order_rec){ .kind = SOJ_STOP, .ts = T0 + 11 };
	ck_assert_msg(store_order(s, &sp, &r, NULL, &e) == 0, "%s", e.msg);
	commit_ok(s);

	ck_assert_int_eq(store_get_order(s, "O1", &got, &e), 1);
	ck_assert_mem_eq(&got, &o, sizeof o);
	ck_assert_int_eq(got.qty, 200);
	ck_assert_int_eq(got.cum_qty, 0);
	ck_assert_int_eq(store_get_order(s, "O2", &got, &e), 1);
	ck_assert_mem_eq(&got, &st, sizeof st);
	ck_assert_int_eq(store_get_order(s, "O3", &got, &e), 1);
	ck_assert_mem_eq(&got, &sp, sizeof sp);
	ck_assert_int_eq(store_each_exec(s, "O1", execs_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 1);
	ck_assert(v.x[0].busted);
	ck_assert_int_eq(store_each_history(s, "O1", hist_add, &h, &e), 0);
	ck_assert_int_eq(h.n, 8);
	ck_assert_str_eq(h.body[4], "{\"event\":\"replaced\","
	    "\"status\":\"partially_filled\",\"qty\":200,\"limit\":1050000000,"
	    "\"tif\":\"gtd\",\"gtd\":20260131}");
	ck_assert_str_eq(h.body[6], "{\"event\":\"cancel_reject\","
	    "\"status\":\"partially_filled\","
	    "\"reason\":\"too late to cancel\"}");
	ck_assert_str_eq(h.kind[7], "bust");
	h.n = 0;
	ck_assert_int_eq(store_each_history(s, "O3", hist_add, &h, &e), 0);
	ck_assert_str_eq(h.body[1], "{\"stop\":975000000,\"triggered\":true}");
	h.n = 0;
	ck_assert_int_eq(store_each_history(s, "O2", hist_add, &h, &e), 0);
	ck_assert_str_eq(h.body[1], "{\"qty\":30,\"tif\":\"gtc\"}");
	/* A second bust of the same fill is refused. */
	begin_ok(s);
	r = (struct store_order_rec){ .kind = SOJ_BUST, .exec_id = "E1",
	    .qty = 50, .px = PX(10), .ts = T0 + 12 };
	ck_assert_int_eq(store_order(s, &o, &r, NULL, &e), -1);
	ck_assert_msg(strstr(e.msg, "no fill E1") != NULL, "%s", e.msg);
	commit_ok(s);
	store_close(s);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
}
END_TEST

START_TEST(test_load_open_orders_only)
{
	struct store *s = open_ok();
	static const enum order_status st[] = {
		ORDER_FILLED, ORDER_NEW, ORDER_CANCELED, ORDER_STAGED,
		ORDER_REJECTED, ORDER_EXPIRED, ORDER_DONE_FOR_DAY,
		ORDER_PENDING_CANCEL, ORDER_FLAGGED
	};
	struct order o;
	struct loaded l;
	char	id[8];
	size_t	i;

	begin_ok(s);
	for (i = 0; i < sizeof st / sizeof st[0]; i++) {
		snprintf(id, sizeof id, "Z%zu", 9 - i);
		mk_order(&o, id, "A1", "ACME", SIDE_BUY, 100, 0);
		o.status = st[i];
		put_new(s, &o, T0);
	}
	commit_ok(s);
	load_ok(s, &l);
	ck_assert_int_eq(l.no, 4);
	ck_assert_str_eq(l.o[0].id, "Z8");
	ck_assert_str_eq(l.o[1].id, "Z6");
	ck_assert_str_eq(l.o[2].id, "Z2");
	ck_assert_str_eq(l.o[3].id, "Z1");
	ck_assert_int_eq(l.o[3].status, ORDER_FLAGGED);
	store_close(s);
}
END_TEST

static int
stop_load(void *ctx, const struct order *o)
{
	(void)ctx;
	(void)o;
	return -1;
}

START_TEST(test_load_stops)
{
	struct store *s = open_ok();
	struct store_loader ld = { .order = stop_load };
	struct order o;
	struct err e = { "" };

	begin_ok(s);
	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o, T0);
	commit_ok(s);
	ck_assert_int_eq(store_load(s, &ld, NULL, &e), -1);
	ck_assert_msg(strstr(e.msg, "O1") != NULL, "%s", e.msg);
	store_close(s);
}
END_TEST

START_TEST(test_meta_and_total)
{
	struct store *s = open_ok();
	struct order o;
	struct err e = { "" };
	char	buf[32];
	int64_t	n = -1;

	ck_assert_int_eq(store_order_total(s, &n, &e), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_meta_get(s, "default_account", buf, sizeof buf,
	    &e), 0);
	ck_assert_int_eq(store_meta_set(s, "default_account", "A1", &e), 0);
	ck_assert_int_eq(store_meta_get(s, "default_account", buf, sizeof buf,
	    &e), 1);
	ck_assert_str_eq(buf, "A1");
	begin_ok(s);
	ck_assert_int_eq(store_meta_set(s, "default_account", "B2", &e), 0);
	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o, T0);
	mk_order(&o, "O2", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o, T0);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);
	ck_assert_int_eq(n, 2);
	store_rollback(s);
	ck_assert_int_eq(store_meta_get(s, "default_account", buf, 3, &e), 1);
	ck_assert_str_eq(buf, "A1");
	ck_assert_int_eq(store_meta_get(s, "default_account", buf, 2, &e), 1);
	ck_assert_str_eq(buf, "A");
	ck_assert_int_eq(store_meta_set(s, "app", "other", &e), -1);
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);
	ck_assert_int_eq(n, 0);
	store_close(s);
}
END_TEST

/* --- Locks ---------------------------------------------------------------- */

START_TEST(test_locked)
{
	struct store *s = open_ok();
	struct err e = { "" };
	struct timespec t0, t1;
	sqlite3	*db;
	double	secs;

	store_set_busy_timeout(s, 100);
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL),
	    SQLITE_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(store_begin(s, &e), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(strstr(e.msg, "locked") != NULL &&
	    strstr(e.msg, dbpath) != NULL, "%s", e.msg);
	ck_assert_msg(secs >= 0.05 && secs < 3, "waited %.3f s", secs);
	ck_assert(!store_in_txn(s));
	ck_assert_int_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	begin_ok(s);
	commit_ok(s);
	store_close(s);
}
END_TEST

/* --- Verify --------------------------------------------------------------- */

START_TEST(test_verify_healthy)
{
	struct lines l;

	build_day();
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
	/* The position flipped: realized P&L on the reduced 100. */
	ck_assert_int_eq(sql_int("SELECT qty FROM positions WHERE"
	    " symbol = 'ACME'"), -20);
	ck_assert_int_eq(sql_int("SELECT realized FROM positions WHERE"
	    " symbol = 'ACME'"), 73 * MONEY_SCALE);
}
END_TEST

START_TEST(test_verify_cum_qty)
{
	struct lines l;

	build_day();
	sql_exec("UPDATE orders SET cum_qty = 60 WHERE id = 'O1'");
	ck_assert_int_ge(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "orders O1: cum_qty is 60 in the "
	    "projection, 100 by the journal") != NULL, "%s", l.buf);
}
END_TEST

START_TEST(test_verify_last_seq)
{
	struct lines l;
	char	want[128];
	int64_t	last;

	build_day();
	last = sql_int("SELECT last_seq FROM orders WHERE id = 'O2'");
	ck_assert_int_gt(last, sql_int("SELECT seq FROM orders"
	    " WHERE id = 'O2'"));
	sql_exec("UPDATE orders SET last_seq = seq WHERE id = 'O2'");
	ck_assert_int_eq(verify(&l), 1);
	snprintf(want, sizeof want, "orders O2: last_seq is %lld in the "
	    "projection, %lld by the journal", (long long)sql_int("SELECT"
	    " seq FROM orders WHERE id = 'O2'"), (long long)last);
	ck_assert_msg(strstr(l.buf, want) != NULL, "%s", l.buf);
}
END_TEST

START_TEST(test_verify_position)
{
	struct lines l;

	build_day();
	sql_exec("UPDATE positions SET qty = qty + 1 WHERE symbol = 'UST10'");
	ck_assert_int_eq(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "positions A1/UST10: qty is 250001 in "
	    "the projection, 250000 by the journal") != NULL, "%s", l.buf);
}
END_TEST

START_TEST(test_verify_deleted_exec)
{
	struct lines l;

	build_day();
	sql_exec("DELETE FROM executions WHERE exec_id = 'E2'");
	ck_assert_int_eq(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "executions E2 (order O1): in the "
	    "journal, missing from the projection") != NULL, "%s", l.buf);
}
END_TEST

/* The login that entered an order is in its order.new entry: a
 * projection that says otherwise is a problem. */
START_TEST(test_verify_login)
{
	struct lines l;

	build_day();
	sql_exec("UPDATE orders SET login = 'mallory' WHERE id = 'O1'");
	ck_assert_int_eq(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "orders O1: login is \"mallory\" in the "
	    "projection, \"\" by the journal") != NULL, "%s", l.buf);
}
END_TEST

/* An approval from the login that entered the order is a note, not a
 * problem; one from another login is neither. */
START_TEST(test_verify_same_login_note)
{
	static const char *const same[] = { "by", "carl", "login", "alice",
	    "reason", "", "same_login", "yes", NULL };
	static const char *const other[] = { "by", "cora", "login", "bob",
	    "reason", "", NULL };
	struct store *s = open_ok();
	struct order o;
	struct lines l;
	struct err e = { "" };
	long	n;

	store_set_user(s, "tina");
	begin_ok(s);
	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 10, 0);
	snprintf(o.user, sizeof o.user, "tina");
	snprintf(o.login, sizeof o.login, "alice");
	o.status = o.prev_status = ORDER_FLAGGED;
	put_new(s, &o, T0);
	mk_order(&o, "O2", "A1", "ACME", SIDE_BUY, 20, 0);
	snprintf(o.user, sizeof o.user, "tina");
	snprintf(o.login, sizeof o.login, "alice");
	o.status = o.prev_status = ORDER_FLAGGED;
	put_new(s, &o, T0);
	store_set_user(s, "carl");
	ck_assert_int_eq(store_audit(s, T0, "approve", "O1", same, &e), 0);
	store_set_user(s, "cora");
	ck_assert_int_eq(store_audit(s, T0, "approve", "O2", other, &e), 0);
	commit_ok(s);
	store_close(s);

	memset(&l, 0, sizeof l);
	n = store_verify(dbpath, collect, &l, &e);
	ck_assert_msg(n == 0, "%s%s", e.msg, l.buf);
	ck_assert_int_eq(l.n, 1);
	ck_assert_msg(strstr(l.buf, "note: journal seq 3: order O1 was "
	    "approved by carl from login alice, the login that entered it "
	    "(as tina)\n") == l.buf, "%s", l.buf);
}
END_TEST

/* A login that amended or released an order is not its only reviewer
 * either: the journal keeps that login on those entries, and an approval
 * from it is a note naming what it did. */
START_TEST(test_verify_same_login_acts)
{
	static const char *const bob[] = { "by", "carl", "login", "bob",
	    "reason", "", "same_login", "yes", NULL };
	static const char *const eve[] = { "by", "cora", "login", "eve",
	    "reason", "", "same_login", "yes", NULL };
	struct order_change chg = { .have_qty = true, .qty = 15 };
	struct store_order_rec amend = { .kind = SOJ_AMEND, .chg = &chg,
	    .ts = T0, .login = "bob" };
	struct store_order_rec flag = { .kind = SOJ_STATUS, .ev = OEV_FLAG,
	    .ts = T0, .login = "eve" };
	struct store *s = open_ok();
	struct order o, p;
	struct lines l;
	struct err e = { "" };
	long	n;
	char	login[USER_MAX];

	store_set_user(s, "tina");
	begin_ok(s);
	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 10, 0);
	snprintf(o.login, sizeof o.login, "alice");
	o.status = o.prev_status = ORDER_STAGED;
	put_new(s, &o, T0);
	p = o;
	snprintf(p.id, sizeof p.id, "O2");
	put_new(s, &p, T0);
	o.qty = 15;
	ck_assert_int_eq(store_order(s, &o, &amend, NULL, &e), 0);
	o.status = ORDER_FLAGGED;
	ck_assert_int_eq(store_order(s, &o, &flag, NULL, &e), 0);
	p.status = ORDER_FLAGGED;
	ck_assert_int_eq(store_order(s, &p, &flag, NULL, &e), 0);
	ck_assert_int_eq(store_audit(s, T0, "approve", "O1", bob, &e), 0);
	ck_assert_int_eq(store_audit(s, T0, "approve", "O2", eve, &e), 0);
	commit_ok(s);
	store_close(s);

	memset(&l, 0, sizeof l);
	n = store_verify(dbpath, collect, &l, &e);
	ck_assert_msg(n == 0, "%s%s", e.msg, l.buf);
	ck_assert_int_eq(l.n, 2);
	ck_assert_msg(strstr(l.buf, "order O1 was approved by carl from login "
	    "bob, the login that amended it\n") != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "order O2 was approved by cora from login "
	    "eve, the login that released it\n") != NULL, "%s", l.buf);
	ck_assert_str_eq(store_entry_act("order.amend", "{\"qty\":1,"
	    "\"login\":\"bob\"}", login, sizeof login), "amended");
	ck_assert_str_eq(login, "bob");
	ck_assert_ptr_null(store_entry_act("order.status", "{\"event\":"
	    "\"approve\",\"login\":\"bob\"}", login, sizeof login));
}
END_TEST

/* The store's review.same_login is journaled: loosening it in meta
 * behind blotter's back is a problem. */
START_TEST(test_verify_setting)
{
	static const char *const kv[] = { "value", "refuse", "login", "root",
	    NULL };
	struct store *s = open_ok();
	struct lines l;
	struct err e = { "" };

	store_set_user(s, "root");
	begin_ok(s);
	ck_assert_int_eq(store_audit(s, T0, "set", "review.same_login", kv,
	    &e), 0);
	ck_assert_int_eq(store_meta_set(s, "review.same_login", "refuse", &e),
	    0);
	commit_ok(s);
	store_close(s);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
	sql_exec("UPDATE meta SET value = 'alert' WHERE key ="
	    " 'review.same_login'");
	ck_assert_int_eq(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "meta review.same_login: value is "
	    "\"alert\" in the projection, \"refuse\" by the journal") != NULL,
	    "%s", l.buf);
	sql_exec("DELETE FROM meta WHERE key = 'review.same_login'");
	ck_assert_int_eq(verify(&l), 1);
}
END_TEST

START_TEST(test_verify_missing_rows)
{
	struct lines l;

	build_day();
	sql_exec("DELETE FROM orders WHERE id = 'O4';"
	    "INSERT INTO orders SELECT seq + 100, 'O9', account, symbol,"
	    " side, type, tif, status, prev_status, qty, cum_qty, notional,"
	    " limit_px, stop_px, trail, trail_pct, triggered, gtd_date, venue,"
	    " note, reason, created, updated, last_seq, user, block, login"
	    " FROM orders"
	    " WHERE id = 'O1';"
	    "UPDATE instruments SET mult = 1 WHERE symbol = 'UST10';"
	    "UPDATE orders SET reason = 'x' WHERE id = 'O2';");
	ck_assert_int_eq(verify(&l), 4);
	ck_assert_msg(strstr(l.buf, "orders O4: in the journal, missing "
	    "from the projection") != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "orders O9: in the projection, not in "
	    "the journal") != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "instruments UST10: mult is 1 in the "
	    "projection, 1000000 by the journal") != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "orders O2: reason is \"x\" in the "
	    "projection, \"trader canceled\" by the journal") != NULL, "%s",
	    l.buf);
}
END_TEST

START_TEST(test_verify_illegal_event)
{
	struct lines l;
	char	want[128];
	int64_t	seq;

	build_day();
	sql_exec("INSERT INTO journal(ts, kind, ref, body) VALUES(1,"
	    " 'order.status', 'O1',"
	    " '{\"event\":\"cancel_req\",\"status\":\"pending_cancel\"}')");
	seq = sql_int("SELECT max(seq) FROM journal");
	ck_assert_int_ge(verify(&l), 1);
	snprintf(want, sizeof want, "journal seq %lld: order O1 cannot go "
	    "from filled by cancel_req", (long long)seq);
	ck_assert_msg(strstr(l.buf, want) != NULL, "%s", l.buf);
	snprintf(want, sizeof want, "journal entry %lld (order.status of "
	    "order O1) has no hash: it was added behind blotter's back",
	    (long long)seq);
	ck_assert_msg(strstr(l.buf, want) != NULL, "%s", l.buf);
}
END_TEST

START_TEST(test_verify_bad_body)
{
	struct lines l;
	char	want[512];
	long long last;

	build_day();
	last = sql_int("SELECT max(seq) FROM journal");
	sql_exec("INSERT INTO journal(ts, kind, ref, body) VALUES(1,"
	    " 'order.status', 'O3', '{\"event\":');"
	    "INSERT INTO journal(ts, kind, ref, body) VALUES(1,"
	    " 'fill', 'O3', '{\"exec_id\":\"E9\"} junk');"
	    "INSERT INTO journal(ts, kind, ref, body) VALUES(1,"
	    " 'order.stop', 'O3', '{\"stop\":\"high\",\"triggered\":true}');");
	/* The entries count for last_seq even unreadable: the projection,
	 * which never saw them, ends its history too early.  Written behind
	 * blotter's back, they have no hash and come after the last write:
	 * the first is named, the other two counted. */
	ck_assert_msg(verify(&l) == 7, "%s", l.buf);
	snprintf(want, sizeof want, "journal entry %lld (order.status of "
	    "order O3) has no hash: it was added behind blotter's back\n"
	    "journal entries %lld to %lld, after it, do not match their "
	    "hashes either (2 entries)\n"
	    "the journal ends at entry %lld but was last written to entry "
	    "%lld: entries were added after its last write\n", last + 1,
	    last + 2, last + 3, last + 3, last);
	ck_assert_msg(strstr(l.buf, want) != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "the order.status body does not parse")
	    != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "the fill body does not parse")
	    != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "the order.stop body has no stop")
	    != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "orders O3: last_seq is ") != NULL, "%s",
	    l.buf);
}
END_TEST

/* --- Recovery after a killed process -------------------------------------- */

/* Trade until killed: each transaction a new order, its ack, a fill and
 * the position. */
static void
crash_child(int fd)
{
	struct store *s;
	struct tbook b = { .n = 0 };
	struct order o;
	struct err e = { "" };
	char	id[16], xid[16];
	int	i;

	if ((s = store_open(dbpath, &e)) == NULL)
		_exit(2);
	for (i = 0; i < 10000000; i++) {
		const char *sym = i % 3 == 0 ? "AAA" : "BBB";
		enum order_side side = i % 2 == 0 ? SIDE_BUY : SIDE_SELL;
		int64_t	qty = 10 + i % 7 * 10;

		snprintf(id, sizeof id, "C%07d", i);
		snprintf(xid, sizeof xid, "X%07d", i);
		mk_order(&o, id, i % 5 == 0 ? "A2" : "A1", sym, side, qty, 0);
		if (store_begin(s, &e) == -1)
			_exit(3);
		put_new(s, &o, T0 + i);
		put_event(s, &o, OEV_ACK, NULL, T0 + i);
		put_exec(s, &b, &o, xid, i % 4 == 0 ? qty / 2 : qty,
		    PX(10) + i % 13 * PX(0.01), i % 3 == 0 ? PX_SCALE :
		    50 * PX_SCALE, false, T0 + i);
		if (store_commit(s, &e) == -1)
			_exit(4);
		if (i == 0 && write(fd, "x", 1) != 1)
			_exit(5);
	}
	_exit(0);
}

struct sums {
	char	key[8][64];
	int64_t	qty[8];
	int	n;
};

static int64_t *
sums_at(struct sums *m, const char *acct, const char *sym)
{
	char	key[64];
	int	i;

	snprintf(key, sizeof key, "%s/%s", acct, sym);
	for (i = 0; i < m->n; i++)
		if (strcmp(m->key[i], key) == 0)
			return &m->qty[i];
	ck_assert_int_lt(m->n, 8);
	snprintf(m->key[m->n], sizeof m->key[m->n], "%s", key);
	m->qty[m->n] = 0;
	return &m->qty[m->n++];
}

static int
sum_order(void *ctx, const struct order *o)
{
	*sums_at(ctx, o->account, o->symbol) +=
	    order_side_sign(o->side) * o->cum_qty;
	return 0;
}

static int
sum_position(void *ctx, const struct position *p)
{
	struct sums *m = ctx;

	/* Stored positions must equal the fills counted by sum_order. */
	ck_assert_int_eq(*sums_at(m, p->account, p->symbol), p->qty);
	return 0;
}

START_TEST(test_crash_recovery)
{
	struct store *s = open_ok();
	struct instrument in;
	struct account a;
	struct lines l;
	struct sums m = { .n = 0 };
	struct store_loader ld = { .position = sum_position };
	struct err e = { "" };
	int64_t	n;
	int	fds[2], status;
	char	c;
	pid_t	pid;

	begin_ok(s);
	mk_instrument(&in, "AAA", ASSET_EQUITY, PX_SCALE);
	put_instrument(s, &in);
	mk_instrument(&in, "BBB", ASSET_FUTURE, 50 * PX_SCALE);
	put_instrument(s, &in);
	mk_account(&a, "A1");
	put_account(s, &a);
	mk_account(&a, "A2");
	put_account(s, &a);
	commit_ok(s);
	store_close(s);

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		crash_child(fds[1]);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);
	usleep(100 * 1000);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	    "the writer ended by itself (status %d)", status);

	s = open_ok();
	ck_assert_int_eq(store_order_total(s, &n, &e), 0);
	ck_assert_int_ge(n, 1);
	ck_assert_int_eq(store_each_order(s, NULL, sum_order, &m, &e), 0);
	ck_assert_int_eq(store_load(s, &ld, &m, &e), 0);
	store_close(s);
	/* A fill has a row, or joins its order's order.new. */
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " kind = 'fill' OR (kind = 'order.new' AND"
	    " json_extract(body, '$.fill') IS NOT NULL)"), n);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM executions"), n);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
}
END_TEST

/* --- SHA-256 -------------------------------------------------------------- */

static void
hex_of(const unsigned char *h, size_t n, char *out)
{
	size_t	i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* The NIST vectors (FIPS 180-4 examples), one call and byte by byte. */
START_TEST(test_sha256_vectors)
{
	static const struct {
		const char *msg, *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4959"
		    "91b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb41"
		    "0ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
		    "19db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac4503"
		    "7afee9d1" },
	};
	unsigned char out[SHA256_LEN];
	char	hex[2 * SHA256_LEN + 1];
	struct sha256 c;
	size_t	i, k;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		sha256(v[i].msg, strlen(v[i].msg), out);
		hex_of(out, sizeof out, hex);
		ck_assert_str_eq(hex, v[i].hex);
		sha256_init(&c);
		for (k = 0; v[i].msg[k] != '\0'; k++)
			sha256_update(&c, v[i].msg + k, 1);
		sha256_final(&c, out);
		hex_of(out, sizeof out, hex);
		ck_assert_str_eq(hex, v[i].hex);
	}
}
END_TEST

/* HMAC-SHA-256: the RFC 4231 test cases 1 to 4, 6 and 7 (5 truncates the
 * MAC), in one piece and byte by byte; a key over a block is hashed. */
START_TEST(test_hmac_sha256_rfc4231)
{
	static const struct {
		int	keybyte, keylen, databyte, datalen;
		const char *key, *data, *hex;
	} v[] = {
		{ 0x0b, 20, 0, 0, NULL, "Hi There",
		    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c"
		    "2e32cff7" },
		{ 0, 0, 0, 0, "Jefe", "what do ya want for nothing?",
		    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b9"
		    "64ec3843" },
		{ 0xaa, 20, 0xdd, 50, NULL, NULL,
		    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514"
		    "ced565fe" },
		{ -1, 25, 0xcd, 50, NULL, NULL,
		    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff4"
		    "6729665b" },
		{ 0xaa, 131, 0, 0, NULL, "Test Using Larger Than Block-Size "
		    "Key - Hash Key First",
		    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f"
		    "0ee37f54" },
		{ 0xaa, 131, 0, 0, NULL, "This is a test using a larger than "
		    "block-size key and a larger than block-size data. The key "
		    "needs to be hashed before being used by the HMAC "
		    "algorithm.",
		    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f5153"
		    "5c3a35e2" },
	};
	unsigned char key[200], data[200], out[SHA256_LEN];
	char	hex[2 * SHA256_LEN + 1];
	struct hmac_sha256 c;
	size_t	i, k, keylen, datalen;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (v[i].key != NULL) {
			keylen = strlen(v[i].key);
			memcpy(key, v[i].key, keylen);
		} else {
			keylen = (size_t)v[i].keylen;
			for (k = 0; k < keylen; k++)
				key[k] = (unsigned char)(v[i].keybyte == -1 ?
				    k + 1 : (size_t)v[i].keybyte);
		}
		if (v[i].data != NULL) {
			datalen = strlen(v[i].data);
			memcpy(data, v[i].data, datalen);
		} else {
			datalen = (size_t)v[i].datalen;
			memset(data, v[i].databyte, datalen);
		}
		hmac_sha256_key(&c, key, keylen);
		hmac_sha256_update(&c, data, datalen);
		hmac_sha256_final(&c, out);
		hex_of(out, sizeof out, hex);
		ck_assert_msg(strcmp(hex, v[i].hex) == 0, "case %zu: %s", i,
		    hex);
		hmac_sha256_key(&c, key, keylen);
		for (k = 0; k < datalen; k++)
			hmac_sha256_update(&c, data + k, 1);
		hmac_sha256_final(&c, out);
		hex_of(out, sizeof out, hex);
		ck_assert_msg(strcmp(hex, v[i].hex) == 0, "case %zu bytewise: "
		    "%s", i, hex);
	}
}
END_TEST

/* One million 'a', in pieces of uneven sizes across block boundaries. */
/* Hex digits in either case decode; a non-digit or an early end fails
 * without reading past the text. */
START_TEST(test_sha256_hex_decode)
{
	unsigned char out[4];

	ck_assert_int_eq(sha256_hex_decode("00fFa9", out, 3), 0);
	ck_assert_int_eq(out[0], 0x00);
	ck_assert_int_eq(out[1], 0xff);
	ck_assert_int_eq(out[2], 0xa9);
	ck_assert_int_eq(sha256_hex_decode("", out, 0), 0);
	ck_assert_int_eq(sha256_hex_decode("0g", out, 1), -1);
	ck_assert_int_eq(sha256_hex_decode("g0", out, 1), -1);
	ck_assert_int_eq(sha256_hex_decode("abc", out, 2), -1);
	ck_assert_int_eq(sha256_hex_decode("a", out, 1), -1);
	ck_assert_int_eq(sha256_hex_decode("0x12", out, 2), -1);
}
END_TEST

START_TEST(test_sha256_million)
{
	static const size_t piece[] = { 1, 63, 64, 65, 127, 1000, 55, 56 };
	unsigned char out[SHA256_LEN];
	char	a[1000], hex[2 * SHA256_LEN + 1];
	struct sha256 c;
	size_t	left = 1000000, i = 0, n;

	memset(a, 'a', sizeof a);
	sha256_init(&c);
	sha256_update(&c, a, 0);
	while (left > 0) {
		n = piece[i++ % (sizeof piece / sizeof piece[0])];
		if (n > left)
			n = left;
		sha256_update(&c, a, n);
		left -= n;
	}
	sha256_final(&c, out);
	hex_of(out, sizeof out, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a4972"
	    "00e046d39ccc7112cd0");
}
END_TEST

/* Every length around the padding boundaries hashes the same in one call
 * and in two. */
START_TEST(test_sha256_split)
{
	unsigned char buf[200], one[SHA256_LEN], two[SHA256_LEN];
	struct sha256 c;
	size_t	n, k;

	for (n = 0; n < sizeof buf; n++)
		buf[n] = (unsigned char)(n * 37 + 11);
	for (n = 0; n <= sizeof buf; n++) {
		sha256(buf, n, one);
		for (k = 0; k <= n; k += n / 3 + 1) {
			sha256_init(&c);
			sha256_update(&c, buf, k);
			sha256_update(&c, buf + k, n - k);
			sha256_final(&c, two);
			ck_assert_msg(memcmp(one, two, SHA256_LEN) == 0,
			    "length %zu split at %zu", n, k);
		}
	}
}
END_TEST

/* --- The audit trail ------------------------------------------------------ */

static void
put_be64(struct sha256 *c, int64_t v)
{
	unsigned char b[8];
	int	i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (56 - 8 * i));
	sha256_update(c, b, 8);
}

/* The audit key in the store's key file (64 hex digits), as bytes. */
static void
read_key(unsigned char *key)
{
	char	p[512], text[80];
	FILE	*f;
	int	i;
	unsigned v;

	snprintf(p, sizeof p, "%s.key", dbpath);
	ck_assert_ptr_nonnull(f = fopen(p, "r"));
	ck_assert_ptr_nonnull(fgets(text, sizeof text, f));
	fclose(f);
	ck_assert_int_eq(strlen(text), 65);
	for (i = 0; i < 32; i++) {
		ck_assert_int_eq(sscanf(text + 2 * i, "%2x", &v), 1);
		key[i] = (unsigned char)v;
	}
}

/* Recompute the chain from the table by its definition (not by the
 * store's code), check every row and the head in meta; the number of
 * rows chained.  Rows from audit_keyed on are HMAC-SHA-256 under the key
 * in the key file, those before SHA-256. */
static int64_t
chain_check(void)
{
	sqlite3	*db;
	sqlite3_stmt *st;
	unsigned char prev[SHA256_LEN], h[SHA256_LEN], key[32];
	char	hex[2 * SHA256_LEN + 1], head[128], want[128];
	struct hmac_sha256 m;
	struct sha256 *c = &m.inner;
	int64_t	n = 0, last = 0, keyed;
	int	col;

	memset(prev, 0, sizeof prev);
	keyed = sql_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key ="
	    " 'audit_keyed'");
	ck_assert_int_ge(keyed, 1);
	read_key(key);
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT seq, ts, user, kind,"
	    " ref, body, hash FROM journal WHERE seq >= (SELECT value FROM"
	    " meta WHERE key = 'audit_from') ORDER BY seq", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		if (last >= keyed)
			hmac_sha256_key(&m, key, sizeof key);
		else
			sha256_init(c);
		sha256_update(c, prev, sizeof prev);
		put_be64(c, last);
		put_be64(c, sqlite3_column_int64(st, 1));
		for (col = 2; col <= 5; col++) {
			const unsigned char *t = sqlite3_column_text(st, col);

			sha256_update(c, t, (size_t)sqlite3_column_bytes(st,
			    col));
			if (col < 5)
				sha256_update(c, "", 1);
		}
		if (last >= keyed)
			hmac_sha256_final(&m, h);
		else
			sha256_final(c, h);
		ck_assert_int_eq(sqlite3_column_bytes(st, 6), SHA256_LEN);
		ck_assert_msg(memcmp(h, sqlite3_column_blob(st, 6),
		    SHA256_LEN) == 0, "journal seq %lld", (long long)last);
		memcpy(prev, h, sizeof prev);
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (n > 0) {
		hex_of(prev, sizeof prev, hex);
		snprintf(want, sizeof want, "%lld:%s", (long long)last, hex);
		sql_text("SELECT value FROM meta WHERE key = 'audit_head'",
		    head, sizeof head);
		ck_assert_str_eq(head, want);
	}
	return n;
}

/* The chain goes on across transactions, users and reopening; each row
 * carries the user it was written for. */
START_TEST(test_chain_across_txns)
{
	struct store *s = open_ok();
	struct instrument in;
	struct account a;
	struct order o1, o2;
	struct tbook b = { .n = 0 };
	struct lines l;

	ck_assert_int_eq(sql_int("SELECT value FROM meta WHERE key ="
	    " 'audit_from'"), 1);
	store_set_user(s, "alice");
	begin_ok(s);
	mk_instrument(&in, "ACME", ASSET_EQUITY, PX_SCALE);
	put_instrument(s, &in);
	mk_account(&a, "A1");
	put_account(s, &a);
	mk_order(&o1, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o1, T0);
	put_event(s, &o1, OEV_ACK, NULL, T0);
	commit_ok(s);
	/* The ack of the same instant joined its order.new's row. */
	ck_assert_int_eq(chain_check(), 3);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " kind = 'order.new' AND json_extract(body, '$.ack') = 'alice'"),
	    1);
	begin_ok(s);
	put_fill(s, &b, &o1, "E1", 100, PX(10), T0 + 1);
	commit_ok(s);
	store_close(s);

	s = open_ok();
	store_set_user(s, "a-login-much-longer-than-the-thirty-one-bytes");
	begin_ok(s);
	mk_order(&o2, "O2", "A1", "ACME", SIDE_SELL, 50, 0);
	put_new(s, &o2, T0 + 2);
	commit_ok(s);
	store_set_user(s, NULL);
	begin_ok(s);
	put_event(s, &o2, OEV_ACK, NULL, T0 + 3);
	commit_ok(s);
	store_close(s);
	ck_assert_int_eq(chain_check(), 6);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " user = 'alice'"), 4);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " user = 'a-login-much-longer-than-the-th'"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " user = ''"), 1);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
}
END_TEST

/* A rolled-back transaction leaves the head where it was, and one that
 * adds nothing does not write it. */
START_TEST(test_chain_rollback)
{
	struct store *s = open_ok();
	struct instrument in;
	struct account a;
	struct lines l;
	char	head[128], after[128];

	begin_ok(s);
	mk_instrument(&in, "ACME", ASSET_EQUITY, PX_SCALE);
	put_instrument(s, &in);
	commit_ok(s);
	sql_text("SELECT value FROM meta WHERE key = 'audit_head'", head,
	    sizeof head);
	ck_assert_msg(strncmp(head, "1:", 2) == 0, "%s", head);
	begin_ok(s);
	mk_account(&a, "A1");
	put_account(s, &a);
	mk_account(&a, "A2");
	put_account(s, &a);
	store_rollback(s);
	begin_ok(s);
	commit_ok(s);
	sql_text("SELECT value FROM meta WHERE key = 'audit_head'", after,
	    sizeof after);
	ck_assert_str_eq(after, head);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal"), 1);
	begin_ok(s);
	mk_account(&a, "A3");
	put_account(s, &a);
	commit_ok(s);
	store_close(s);
	ck_assert_int_eq(chain_check(), 2);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
}
END_TEST

static int
user_add(void *ctx, const struct store_user *u)
{
	struct store_user *v = ctx;
	int	i;

	for (i = 0; v[i].login[0] != '\0'; i++)
		;
	ck_assert_int_lt(i, 3);
	v[i] = *u;
	return 0;
}

START_TEST(test_users)
{
	struct store *s = open_ok();
	struct store_user u, got, all[4];
	struct lines l;
	struct err e = { "" };
	char	who[32];

	memset(&u, 0, sizeof u);
	ck_assert_int_eq(store_put_user(s, &u, T0, &e), -1);	/* no txn */
	store_set_user(s, "root");
	begin_ok(s);
	ck_assert_int_eq(store_put_user(s, &u, T0, &e), -1);	/* no login */
	snprintf(u.login, sizeof u.login, "alice");
	u.role = ROLE_COUNT;
	ck_assert_int_eq(store_put_user(s, &u, T0, &e), -1);
	ck_assert_msg(strstr(e.msg, "unknown role") != NULL, "%s", e.msg);
	u.role = ROLE_TRADER;
	snprintf(u.name, sizeof u.name, "Alice \"Ace\" Smith");
	ck_assert_msg(store_put_user(s, &u, T0, &e) == 0, "%s", e.msg);
	snprintf(u.login, sizeof u.login, "bob");
	u.role = ROLE_COMPLIANCE;
	u.created = T0 - 5;
	u.name[0] = '\0';
	ck_assert_msg(store_put_user(s, &u, T0, &e) == 0, "%s", e.msg);
	commit_ok(s);

	ck_assert_int_eq(store_get_user(s, "alice", &got, &e), 1);
	ck_assert_str_eq(got.login, "alice");
	ck_assert_int_eq(got.role, ROLE_TRADER);
	ck_assert_str_eq(got.name, "Alice \"Ace\" Smith");
	ck_assert_int_eq(got.created, T0);
	ck_assert_int_eq(store_get_user(s, "nobody", &got, &e), 0);
	ck_assert_int_eq(store_get_user(s, "", &got, &e), 0);
	ck_assert_int_eq(store_get_user(s, NULL, &got, &e), 0);

	/* A change keeps the time the user was created. */
	begin_ok(s);
	snprintf(u.login, sizeof u.login, "alice");
	u.role = ROLE_PM;
	u.created = 0;
	ck_assert_msg(store_put_user(s, &u, T0 + 100, &e) == 0, "%s", e.msg);
	commit_ok(s);
	memset(all, 0, sizeof all);
	ck_assert_int_eq(store_each_user(s, user_add, all, &e), 0);
	ck_assert_str_eq(all[0].login, "alice");
	ck_assert_int_eq(all[0].role, ROLE_PM);
	ck_assert_int_eq(all[0].created, T0);
	ck_assert_str_eq(all[1].login, "bob");
	ck_assert_int_eq(all[1].created, T0 - 5);
	ck_assert_str_eq(all[2].login, "");
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " kind = 'user.add' AND ref = 'alice'"), 2);
	sql_text("SELECT user FROM journal WHERE seq = 1", who, sizeof who);
	ck_assert_str_eq(who, "root");
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
	sql_exec("UPDATE users SET role = 'admin' WHERE login = 'bob'");
	ck_assert_int_eq(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "users bob: role is admin in the "
	    "projection, compliance by the journal") != NULL, "%s", l.buf);
}
END_TEST

struct rules_seen {
	struct rule r[4];
	int	n;
};

static int
rule_add(void *ctx, const struct rule *r)
{
	struct rules_seen *v = ctx;

	ck_assert_int_lt(v->n, 4);
	v->r[v->n++] = *r;
	return 0;
}

static void
mk_rule(struct rule *r, const char *id, enum rule_kind kind)
{
	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", id);
	r->kind = kind;
	r->action = RULE_REVIEW;
	r->enabled = true;
	r->have_kind = true;
}

START_TEST(test_rules)
{
	struct store *s = open_ok();
	struct rule r1, r2, r3;
	struct rules_seen v;
	struct lines l;
	struct err e = { "" };

	mk_rule(&r1, "R1", RULE_MAX_QTY);
	r1.action = RULE_BLOCK;
	snprintf(r1.sym, sizeof r1.sym, "ACME");
	r1.limit = 1000;
	r1.warn_at = 800;
	mk_rule(&r2, "R2", RULE_CONCENTRATION);
	snprintf(r2.acct, sizeof r2.acct, "A1");
	r2.by = RULE_BY_ISSUER;
	r2.limit = 5 * PX_SCALE;
	mk_rule(&r3, "R3", RULE_RATE_LIMIT);
	snprintf(r3.trader, sizeof r3.trader, "bob");
	snprintf(r3.issuer, sizeof r3.issuer, "Acme \"Corp\"");
	r3.allow = 1u << ASSET_EQUITY | 1u << ASSET_BOND;
	r3.limit = 5;
	r3.action = RULE_WARN;
	begin_ok(s);
	ck_assert_int_eq(store_put_rule(s, &r1, "rule.frob", T0, &e), -1);
	ck_assert_msg(strstr(e.msg, "rule.frob") != NULL, "%s", e.msg);
	ck_assert_int_eq(store_put_rule(s, &r1, NULL, T0, &e), -1);
	r1.kind = RULE_KIND_COUNT;
	ck_assert_int_eq(store_put_rule(s, &r1, "rule.add", T0, &e), -1);
	r1.kind = RULE_MAX_QTY;
	ck_assert_msg(store_put_rule(s, &r1, "rule.add", T0, &e) == 0, "%s",
	    e.msg);
	ck_assert(store_put_rule(s, &r2, "rule.add", T0, &e) == 0);
	ck_assert(store_put_rule(s, &r3, "rule.add", T0, &e) == 0);
	commit_ok(s);
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_rule(s, rule_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 3);
	ck_assert_mem_eq(&v.r[0], &r1, sizeof r1);
	ck_assert_mem_eq(&v.r[1], &r2, sizeof r2);
	ck_assert_mem_eq(&v.r[2], &r3, sizeof r3);

	/* Disabled and replaced rules keep their place. */
	begin_ok(s);
	ck_assert(store_put_rule(s, &r1, "rule.disable", T0 + 1, &e) == 0);
	r2.limit = 7 * PX_SCALE;
	ck_assert(store_put_rule(s, &r2, "rule.add", T0 + 1, &e) == 0);
	commit_ok(s);
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_rule(s, rule_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 3);
	ck_assert_str_eq(v.r[0].id, "R1");
	ck_assert(!v.r[0].enabled);
	ck_assert_int_eq(v.r[1].limit, 7 * PX_SCALE);
	ck_assert_str_eq(v.r[2].id, "R3");

	/* Deleted, it goes; added again, it comes last. */
	begin_ok(s);
	ck_assert_int_eq(store_del_rule(s, "R1", T0 + 2, &e), 1);
	ck_assert_int_eq(store_del_rule(s, "R1", T0 + 2, &e), 0);
	ck_assert_int_eq(store_del_rule(s, "nope", T0 + 2, &e), 0);
	ck_assert_int_eq(store_del_rule(s, "", T0 + 2, &e), 0);
	r1.enabled = false;
	ck_assert(store_put_rule(s, &r1, "rule.enable", T0 + 3, &e) == 0);
	commit_ok(s);
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_rule(s, rule_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 3);
	ck_assert_str_eq(v.r[0].id, "R2");
	ck_assert_str_eq(v.r[2].id, "R1");
	ck_assert(v.r[2].enabled);
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " kind = 'rule.del'"), 1);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
	sql_exec("UPDATE rules SET lim = 1 WHERE id = 'R2';"
	    "DELETE FROM rules WHERE id = 'R3'");
	ck_assert_int_eq(verify(&l), 2);
	ck_assert_msg(strstr(l.buf, "rules R2: limit is 1 in the projection, "
	    "700000000 by the journal") != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "rules R3: in the journal, missing from "
	    "the projection") != NULL, "%s", l.buf);
}
END_TEST

struct halts_seen {
	char	acct[4][ACCOUNT_MAX], reason[4][NOTE_MAX], user[4][USER_MAX];
	int64_t	ts[4];
	int	n;
};

static int
halt_add(void *ctx, const char *acct, const char *reason, const char *user,
    int64_t ts)
{
	struct halts_seen *h = ctx;

	ck_assert_int_lt(h->n, 4);
	snprintf(h->acct[h->n], ACCOUNT_MAX, "%s", acct);
	snprintf(h->reason[h->n], NOTE_MAX, "%s", reason);
	snprintf(h->user[h->n], USER_MAX, "%s", user);
	h->ts[h->n++] = ts;
	return 0;
}

struct alerts_seen {
	struct store_alert a[8];
	int	n;
};

static int
alert_add(void *ctx, const struct store_alert *a)
{
	struct alerts_seen *v = ctx;

	ck_assert_int_lt(v->n, 8);
	v->a[v->n++] = *a;
	return 0;
}

START_TEST(test_halts_and_alerts)
{
	struct store *s = open_ok();
	struct store_alert a;
	struct halts_seen h = { .n = 0 };
	struct alerts_seen v = { .n = 0 };
	struct lines l;
	struct err e = { "" };
	char	longer[NOTE_MAX + 8];

	store_set_user(s, "ops1");
	begin_ok(s);
	ck_assert(store_put_halt(s, "", true, "fat fingers", T0, &e) == 0);
	ck_assert(store_put_halt(s, "A1", true, "margin call", T0 + 1,
	    &e) == 0);
	ck_assert(store_put_halt(s, "A1", false, "paid", T0 + 2, &e) == 0);
	ck_assert(store_put_halt(s, "A2", true, NULL, T0 + 3, &e) == 0);
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	ck_assert_int_eq(store_put_halt(s, "A3", true, longer, T0, &e), -1);
	memset(&a, 0, sizeof a);
	ck_assert_int_eq(store_add_alert(s, &a, &e), -1);	/* no kind */
	a.ts = T0 + 4;
	snprintf(a.kind, sizeof a.kind, "breach");
	snprintf(a.account, sizeof a.account, "A2");
	snprintf(a.symbol, sizeof a.symbol, "ACME");
	snprintf(a.rule_id, sizeof a.rule_id, "R1");
	snprintf(a.detail, sizeof a.detail, "position 1200 over 1000");
	ck_assert_msg(store_add_alert(s, &a, &e) == 0, "%s", e.msg);
	commit_ok(s);

	ck_assert_int_eq(store_each_halt(s, halt_add, &h, &e), 0);
	ck_assert_int_eq(h.n, 2);
	ck_assert_str_eq(h.acct[0], "");
	ck_assert_str_eq(h.reason[0], "fat fingers");
	ck_assert_str_eq(h.user[0], "ops1");
	ck_assert_int_eq(h.ts[0], T0);
	ck_assert_str_eq(h.acct[1], "A2");
	ck_assert_str_eq(h.reason[1], "");

	ck_assert_int_eq(store_each_alert(s, alert_add, &v, &e), 0);
	ck_assert_int_eq(v.n, 5);
	ck_assert_str_eq(v.a[0].kind, "halt");
	ck_assert_str_eq(v.a[0].account, "");
	ck_assert_str_eq(v.a[0].detail, "fat fingers");
	ck_assert_str_eq(v.a[2].kind, "resume");
	ck_assert_str_eq(v.a[2].detail, "paid");
	ck_assert_str_eq(v.a[4].kind, "breach");
	ck_assert_str_eq(v.a[4].user, "ops1");		/* the writer's */
	ck_assert_str_eq(v.a[4].rule_id, "R1");
	ck_assert_int_eq(v.a[4].ts, T0 + 4);
	ck_assert_int_eq(v.a[4].seq, 5);
	ck_assert_int_eq(v.a[0].seq, 1);
	store_close(s);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
	sql_exec("DELETE FROM halts WHERE acct = '';"
	    "UPDATE alerts SET detail = 'none' WHERE seq = 5");
	ck_assert_int_eq(verify(&l), 2);
	ck_assert_msg(strstr(l.buf, "halts (the whole store): in the journal, "
	    "missing from the projection") != NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "alerts 5: detail is \"none\" in the "
	    "projection, \"position 1200 over 1000\" by the journal") != NULL,
	    "%s", l.buf);
}
END_TEST

struct audit_seen {
	int64_t	seq[16];
	char	kind[16][16], user[16][USER_MAX], ref[16][16];
	char	body[16][256];
	bool	hashed[16];
	int	n;
};

static int
audit_add(void *ctx, const struct store_audit_row *r)
{
	static const unsigned char zero[STORE_HASH_LEN];
	struct audit_seen *v = ctx;

	ck_assert_int_lt(v->n, 16);
	ck_assert_ptr_nonnull(r->hash);
	v->seq[v->n] = r->seq;
	snprintf(v->kind[v->n], sizeof v->kind[v->n], "%s", r->kind);
	snprintf(v->user[v->n], sizeof v->user[v->n], "%s", r->user);
	snprintf(v->ref[v->n], sizeof v->ref[v->n], "%s", r->ref);
	snprintf(v->body[v->n], sizeof v->body[v->n], "%s", r->body);
	v->hashed[v->n] = memcmp(r->hash, zero, sizeof zero) != 0;
	v->n++;
	return 0;
}

/* An order acknowledged and filled by its venue in the instant it was
 * entered is one row; every reader sees its three entries as they were
 * when each had a row, and verify replays and checks them. */
START_TEST(test_joined_rows)
{
	struct store *s = open_ok();
	struct instrument in;
	struct account a;
	struct order o1, o2;
	struct tbook b = { .n = 0 };
	struct audit_seen v = { .n = 0 };
	struct hist h = { .n = 0 };
	struct lines l;
	struct err e = { "" };
	long long seq;

	begin_ok(s);
	mk_instrument(&in, "ACME", ASSET_EQUITY, PX_SCALE);
	put_instrument(s, &in);
	mk_account(&a, "A1");
	put_account(s, &a);
	commit_ok(s);

	begin_ok(s);
	store_set_user(s, "ann");
	mk_order(&o1, "O1", "A1", "ACME", SIDE_BUY, 100, 0);
	put_new(s, &o1, T0);
	store_set_user(s, "venue:sim");
	put_event(s, &o1, OEV_ACK, NULL, T0);
	put_fill(s, &b, &o1, "E1", 100, PX(10.5), T0);
	/* A second order: its ack and first fill join, a second fill of
	 * the same instant has a row of its own, as has one later. */
	store_set_user(s, "ann");
	mk_order(&o2, "O2", "A1", "ACME", SIDE_SELL, 50, 0);
	put_new(s, &o2, T0);
	store_set_user(s, "venue:sim");
	put_event(s, &o2, OEV_ACK, NULL, T0);
	put_fill(s, &b, &o2, "E2", 20, PX(10.25), T0);
	put_fill(s, &b, &o2, "E3", 10, PX(10.25), T0);
	put_fill(s, &b, &o2, "E4", 20, PX(10.25), T0 + 1);
	commit_ok(s);

	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " ref = 'O1'"), 1);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " ref = 'O2'"), 3);
	ck_assert_int_eq(sql_int("SELECT seq FROM executions WHERE"
	    " exec_id = 'E2'"), sql_int("SELECT seq FROM journal WHERE"
	    " ref = 'O2' AND kind = 'order.new'"));
	seq = sql_int("SELECT seq FROM journal WHERE ref = 'O1'");
	ck_assert_int_eq(sql_int("SELECT seq FROM executions WHERE"
	    " exec_id = 'E1'"), seq);
	ck_assert_int_eq(sql_int("SELECT last_seq FROM orders WHERE"
	    " id = 'O1'"), seq);

	/* The history, as three rows would have given it. */
	ck_assert_int_eq(store_each_history(s, "O1", hist_add, &h, &e), 0);
	ck_assert_int_eq(h.n, 3);
	ck_assert_str_eq(h.kind[0], "order.new");
	ck_assert_str_eq(h.body[0], "{\"id\":\"O1\",\"account\":\"A1\","
	    "\"symbol\":\"ACME\",\"side\":\"buy\",\"type\":\"market\","
	    "\"tif\":\"day\",\"status\":\"pending_new\",\"qty\":100,"
	    "\"venue\":\"sim\",\"created\":1767623400}");
	ck_assert_str_eq(h.kind[1], "order.status");
	ck_assert_str_eq(h.body[1], "{\"event\":\"ack\",\"status\":\"new\"}");
	ck_assert_str_eq(h.kind[2], "fill");
	ck_assert_str_eq(h.body[2], "{\"exec_id\":\"E1\",\"qty\":100,"
	    "\"px\":1050000000,\"account\":\"A1\",\"symbol\":\"ACME\","
	    "\"side\":\"buy\"}");
	ck_assert_int_eq(h.seq[0], seq);
	ck_assert_int_eq(h.seq[2], seq);

	/* The audit trail: each entry by its own user, one seq and hash. */
	ck_assert_int_eq(store_each_audit(s, "O1", NULL, audit_add, &v, &e),
	    0);
	ck_assert_int_eq(v.n, 3);
	ck_assert_str_eq(v.user[0], "ann");
	ck_assert_str_eq(v.user[1], "venue:sim");
	ck_assert_str_eq(v.user[2], "venue:sim");
	ck_assert_str_eq(v.body[2], h.body[2]);
	ck_assert_int_eq(v.seq[1], seq);
	ck_assert(v.hashed[2]);
	v.n = 0;
	ck_assert_int_eq(store_each_audit(s, NULL, "fill", audit_add, &v, &e),
	    0);
	ck_assert_int_eq(v.n, 4);
	ck_assert_str_eq(v.ref[0], "O1");
	ck_assert_str_eq(v.ref[3], "O2");
	store_close(s);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);

	/* The joined members are chained like the rest. */
	sql_exec("UPDATE journal SET body = replace(body, '\"fill_qty\":100',"
	    " '\"fill_qty\":10') WHERE ref = 'O1'");
	ck_assert_int_ge(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "(order.new of order O1) was changed "
	    "after it was written") != NULL, "%s", l.buf);
}
END_TEST

/* Audit entries: refused kinds and members, an order's entries with its
 * history, filed under it in the same and in a later transaction. */
START_TEST(test_audit_entries)
{
	struct store *s = open_ok();
	struct instrument in;
	struct account a;
	struct order o1, o2;
	struct audit_seen v;
	struct hist h = { .n = 0 };
	struct lines l;
	struct err e = { "" };
	const char *kv[] = { "rule", "R1", "outcome", "warn", "detail",
	    "qty \"1500\" over 1000", NULL };
	const char *bad_key[] = { "bad key", "x", NULL };
	const char *approve[] = { "by", "bob", "reason", NULL, NULL };
	char	longref[STORE_AUDIT_REF_MAX + 1];

	ck_assert_int_eq(store_audit(s, T0, "check", "O1", kv, &e), -1);
	store_set_user(s, "alice");
	begin_ok(s);
	mk_instrument(&in, "ACME", ASSET_EQUITY, PX_SCALE);
	put_instrument(s, &in);
	mk_account(&a, "A1");
	put_account(s, &a);
	mk_order(&o1, "O1", "A1", "ACME", SIDE_BUY, 1500, 0);
	put_new(s, &o1, T0);
	ck_assert_int_eq(store_audit(s, T0, "order.check", "O1", kv, &e), -1);
	ck_assert_int_eq(store_audit(s, T0, "fill", "O1", kv, &e), -1);
	ck_assert_int_eq(store_audit(s, T0, "halt", "O1", kv, &e), -1);
	ck_assert_int_eq(store_audit(s, T0, "", "O1", kv, &e), -1);
	ck_assert_int_eq(store_audit(s, T0, NULL, "O1", kv, &e), -1);
	ck_assert_int_eq(store_audit(s, T0, "a kind", "O1", kv, &e), -1);
	ck_assert_int_eq(store_audit(s, T0, "check", "O1", bad_key, &e), -1);
	ck_assert_msg(strstr(e.msg, "bad key") != NULL, "%s", e.msg);
	memset(longref, 'r', sizeof longref - 1);
	longref[sizeof longref - 1] = '\0';
	ck_assert_int_eq(store_audit(s, T0, "check", longref, kv, &e), -1);
	ck_assert_msg(store_audit(s, T0, "check", "O1", kv, &e) == 0, "%s",
	    e.msg);
	ck_assert(store_audit(s, T0, "login", NULL, NULL, &e) == 0);
	commit_ok(s);
	ck_assert_int_eq(row_last_seq("O1"), 4);

	begin_ok(s);
	mk_order(&o2, "O2", "A1", "ACME", SIDE_SELL, 10, 0);
	put_new(s, &o2, T0 + 1);
	commit_ok(s);
	store_set_user(s, "bob");
	begin_ok(s);		/* O1 is not held back: its row is updated */
	ck_assert(store_audit(s, T0 + 2, "approve", "O1", approve, &e) == 0);
	commit_ok(s);
	ck_assert_int_eq(row_last_seq("O1"), 7);

	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_audit(s, "O1", NULL, audit_add, &v, &e),
	    0);
	ck_assert_int_eq(v.n, 3);
	ck_assert_str_eq(v.kind[0], "order.new");
	ck_assert_str_eq(v.kind[1], "check");
	ck_assert_str_eq(v.user[1], "alice");
	ck_assert_str_eq(v.body[1], "{\"rule\":\"R1\",\"outcome\":\"warn\","
	    "\"detail\":\"qty \\\"1500\\\" over 1000\"}");
	ck_assert_str_eq(v.kind[2], "approve");
	ck_assert_str_eq(v.user[2], "bob");
	ck_assert_str_eq(v.body[2], "{\"by\":\"bob\",\"reason\":\"\"}");
	ck_assert(v.hashed[0] && v.hashed[1] && v.hashed[2]);
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_audit(s, "O1", "check", audit_add, &v,
	    &e), 0);
	ck_assert_int_eq(v.n, 1);
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_audit(s, NULL, "check", audit_add, &v,
	    &e), 0);
	ck_assert_int_eq(v.n, 1);
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_audit(s, NULL, NULL, audit_add, &v, &e),
	    0);
	ck_assert_int_eq(v.n, 7);
	ck_assert_str_eq(v.kind[4], "login");
	ck_assert_str_eq(v.ref[4], "");
	ck_assert_str_eq(v.body[4], "{}");
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_audit(s, "nope", NULL, audit_add, &v, &e),
	    0);
	ck_assert_int_eq(v.n, 0);
	/* The history shows the order's events only. */
	ck_assert_int_eq(store_each_history(s, "O1", hist_add, &h, &e), 0);
	ck_assert_int_eq(h.n, 1);
	store_close(s);
	ck_assert_int_eq(chain_check(), 7);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
}
END_TEST

/* A store of schema 2 upgrades; its chain starts at its first new row,
 * and it verifies before and after writing. */
START_TEST(test_migrate_v2)
{
	struct store *s;
	struct order o;
	struct audit_seen v;
	struct lines l;
	struct err e = { "" };
	char	sql[8192];

	snprintf(sql, sizeof sql, "%s %s PRAGMA user_version = 2;",
	    store_migrations[0], store_migrations[1]);
	sql_exec(sql);
	sql_exec("INSERT INTO journal(ts, kind, ref, body) VALUES(1, 'fx',"
	    " 'EURUSD', '{\"rate\":108500000}');"
	    "INSERT INTO fx(pair, rate) VALUES('EURUSD', 108500000);");
	ck_assert_int_eq(store_verify(dbpath, NULL, NULL, &e), -1);
	ck_assert_msg(strstr(e.msg, "older blotter (schema 2)") != NULL, "%s",
	    e.msg);
	s = open_ok();
	ck_assert(!store_is_new(s));
	store_close(s);
	ck_assert_int_eq(sql_int("PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(sql_int("SELECT value FROM meta WHERE key ="
	    " 'audit_from'"), 2);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);

	s = open_ok();
	store_set_user(s, "alice");
	begin_ok(s);
	ck_assert(store_put_fx(s, "GBPUSD", PX(1.27), T0, &e) == 0);
	mk_order(&o, "O1", "A1", "ACME", SIDE_BUY, 10, 0);
	put_new(s, &o, T0);
	commit_ok(s);
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(store_each_audit(s, NULL, NULL, audit_add, &v, &e),
	    0);
	ck_assert_int_eq(v.n, 3);
	ck_assert(!v.hashed[0]);	/* before the chain: zeros */
	ck_assert(v.hashed[1] && v.hashed[2]);
	store_close(s);
	ck_assert_int_eq(sql_int("SELECT count(*) FROM journal WHERE"
	    " hash IS NULL"), 1);
	ck_assert_int_eq(chain_check(), 2);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
}
END_TEST

/* Row SEQ of the journal as the chain covers it, its text copied into
 * BUF; the row's stored hash into HASH. */
static void
chain_row_of(int64_t seq, struct store_chain_row *r, char buf[4][512],
    unsigned char *hash)
{
	sqlite3	*db;
	sqlite3_stmt *st;
	int	i;

	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT ts, user, kind, ref,"
	    " body, hash FROM journal WHERE seq = ?1", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, seq);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	r->seq = seq;
	r->ts = sqlite3_column_int64(st, 0);
	for (i = 0; i < 4; i++)
		snprintf(buf[i], 512, "%s", (const char *)
		    sqlite3_column_text(st, i + 1));
	r->user = buf[0];
	r->kind = buf[1];
	r->ref = buf[2];
	r->body = buf[3];
	r->userlen = strlen(buf[0]);
	r->kindlen = strlen(buf[1]);
	r->reflen = strlen(buf[2]);
	r->bodylen = strlen(buf[3]);
	memset(hash, 0, SHA256_LEN);
	if (sqlite3_column_bytes(st, 5) == SHA256_LEN)
		memcpy(hash, sqlite3_column_blob(st, 5), SHA256_LEN);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The audit key: made 0600 beside a new store, or where BLOTTER_AUDIT_KEY
 * says; one that is not a key, is a symbolic link, or that others may
 * read is refused, naming it, and nothing is written. */
START_TEST(test_audit_key)
{
	struct store *s;
	struct err e = { "" };
	struct stat sb;
	char	key[512], other[512], text[80];
	FILE	*f;

	snprintf(key, sizeof key, "%s.key", dbpath);
	snprintf(other, sizeof other, "%s/elsewhere.key", tdir);
	s = open_ok();
	store_close(s);
	ck_assert_int_eq(stat(key, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(sb.st_size, 65);
	ck_assert_ptr_nonnull(f = fopen(key, "r"));
	ck_assert_ptr_nonnull(fgets(text, sizeof text, f));
	fclose(f);
	ck_assert_int_eq(strspn(text, "0123456789abcdef"), 64);

	/* Elsewhere: the store is not written with another key. */
	ck_assert_int_eq(setenv("BLOTTER_AUDIT_KEY", other, 1), 0);
	ck_assert_ptr_null(store_open(dbpath, &e));
	ck_assert_msg(strstr(e.msg, other) != NULL &&
	    strstr(e.msg, "is missing") != NULL, "%s", e.msg);
	ck_assert_int_eq(access(other, F_OK), -1);
	ck_assert_int_eq(rename(key, other), 0);
	s = open_ok();
	store_close(s);
	ck_assert_int_eq(access(key, F_OK), -1);
	ck_assert_int_eq(chmod(other, 0640), 0);
	ck_assert_ptr_null(store_open(dbpath, &e));
	ck_assert_msg(strstr(e.msg, "must be its owner's alone (mode 0600, "
	    "not 0640)") != NULL, "%s", e.msg);
	ck_assert_int_eq(chmod(other, 0600), 0);
	ck_assert_int_eq(unsetenv("BLOTTER_AUDIT_KEY"), 0);

	/* A link is refused; so is a file that is not a key. */
	ck_assert_int_eq(symlink(other, key), 0);
	ck_assert_ptr_null(store_open(dbpath, &e));
	ck_assert_msg(strstr(e.msg, "is a symbolic link") != NULL, "%s",
	    e.msg);
	ck_assert_int_eq(unlink(key), 0);
	ck_assert_ptr_nonnull(f = fopen(key, "w"));
	fputs("not a key\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(key, 0600), 0);
	ck_assert_ptr_null(store_open(dbpath, &e));
	ck_assert_msg(strstr(e.msg, "is not 64 hex digits") != NULL, "%s",
	    e.msg);
	ck_assert_int_eq(store_verify(dbpath, NULL, NULL, &e), -1);
	ck_assert_msg(strstr(e.msg, "is not 64 hex digits") != NULL, "%s",
	    e.msg);
	/* Another key of the right form: not this store's. */
	ck_assert_ptr_nonnull(f = fopen(key, "w"));
	fprintf(f, "%064d\n", 7);
	fclose(f);
	ck_assert_ptr_null(store_open(dbpath, &e));
	ck_assert_msg(strstr(e.msg, "was not written with the audit key")
	    != NULL, "%s", e.msg);
}
END_TEST

/*
 * A schema 4 store, its chain plain SHA-256, is upgraded: the rows it
 * had keep their hashes and verify, the rows written after are keyed.
 * Recomputing a keyed row with SHA-256, or moving the keyed start past
 * it, is found.
 */
START_TEST(test_migrate_v4_keyed)
{
	static const unsigned char zeros[SHA256_LEN];
	struct store_chain_row r = { .seq = 1, .ts = 1, .user = "",
	    .kind = "fx", .ref = "EURUSD", .body = "{\"rate\":108500000}" };
	unsigned char h1[SHA256_LEN], h2[SHA256_LEN], h[SHA256_LEN];
	char	sql[8192], hex[2 * SHA256_LEN + 1], text[4][512];
	struct store *s;
	struct lines l;
	struct err e = { "" };

	snprintf(sql, sizeof sql, "%s %s %s %s PRAGMA user_version = 4;",
	    store_migrations[0], store_migrations[1], store_migrations[2],
	    store_migrations[3]);
	sql_exec(sql);
	r.kindlen = 2;
	r.reflen = 6;
	r.bodylen = strlen(r.body);
	store_chain_hash(zeros, &r, NULL, h1);
	hex_of(h1, sizeof h1, hex);
	snprintf(sql, sizeof sql, "INSERT INTO journal(ts, kind, ref, body,"
	    " user, hash) VALUES(1, 'fx', 'EURUSD', '%s', '', X'%s');"
	    "INSERT INTO fx(pair, rate) VALUES('EURUSD', 108500000);"
	    "INSERT INTO meta(key, value) VALUES('audit_head', '1:%s');",
	    r.body, hex, hex);
	sql_exec(sql);

	s = open_ok();
	ck_assert(!store_is_new(s));
	begin_ok(s);
	ck_assert(store_put_fx(s, "GBPUSD", PX(1.27), T0, &e) == 0);
	commit_ok(s);
	store_close(s);
	ck_assert_int_eq(sql_int("PRAGMA user_version"), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(sql_int("SELECT CAST(value AS INTEGER) FROM meta"
	    " WHERE key = 'audit_keyed'"), 2);
	ck_assert_int_eq(chain_check(), 2);
	ck_assert_msg(verify(&l) == 0, "%s", l.buf);
	/* Row 1 kept its plain hash; row 2 is not a plain hash. */
	chain_row_of(1, &r, text, h);
	ck_assert(memcmp(h, h1, SHA256_LEN) == 0);
	chain_row_of(2, &r, text, h);
	store_chain_hash(h1, &r, NULL, h2);
	ck_assert(memcmp(h, h2, SHA256_LEN) != 0);

	/* Row 2 recomputed with SHA-256, the head moved to match. */
	hex_of(h2, sizeof h2, hex);
	snprintf(sql, sizeof sql, "UPDATE journal SET hash = X'%s' WHERE"
	    " seq = 2; UPDATE meta SET value = '2:%s' WHERE key ="
	    " 'audit_head';", hex, hex);
	sql_exec(sql);
	ck_assert_int_eq(verify(&l), 1);
	ck_assert_str_eq(l.buf, "journal entry 2 (fx rate GBPUSD) was "
	    "changed after it was written\n");
	/* ... and the keyed start moved past it, with some seal. */
	sql_exec("UPDATE meta SET value = '3:' || hex(zeroblob(32)) WHERE"
	    " key = 'audit_keyed'");
	ck_assert_msg(verify(&l) == 1, "%s", l.buf);
	snprintf(sql, sizeof sql, "its keyed audit trail was not written "
	    "with the audit key %s.key, or where it starts was changed\n",
	    dbpath);
	ck_assert_str_eq(l.buf, sql);
	/* ... or gone: a writer refuses the store too. */
	sql_exec("DELETE FROM meta WHERE key = 'audit_keyed'");
	ck_assert_int_ge(verify(&l), 1);
	ck_assert_msg(strncmp(l.buf, "the record of where its keyed audit "
	    "trail starts (audit_keyed) is missing\n", 73) == 0, "%s", l.buf);
	ck_assert_ptr_null(store_open(dbpath, &e));
	ck_assert_msg(strstr(e.msg, "(audit_keyed) is missing") != NULL,
	    "%s", e.msg);
}
END_TEST

static int
file_mode(const char *suffix)
{
	char	p[256];
	struct stat sb;

	snprintf(p, sizeof p, "%s%s", dbpath, suffix);
	if (stat(p, &sb) == -1)
		return -1;
	return (int)(sb.st_mode & 0777);
}

/* A new store, its WAL and shared memory are its owner's alone. */
START_TEST(test_file_mode)
{
	struct store *s;
	struct instrument in;
	mode_t	old = umask(022);

	s = open_ok();
	begin_ok(s);
	mk_instrument(&in, "ACME", ASSET_EQUITY, PX_SCALE);
	put_instrument(s, &in);
	commit_ok(s);
	ck_assert_int_eq(file_mode(""), 0600);
	ck_assert_int_eq(file_mode("-wal"), 0600);
	ck_assert_int_eq(file_mode("-shm"), 0600);
	store_close(s);
	umask(old);
	ck_assert_int_eq(file_mode(""), 0600);
}
END_TEST

/* Remove the store and its WAL files. */
static void
db_remove(void)
{
	char	p[256];

	unlink(dbpath);
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
}

/*
 * The journal changed behind blotter's back, each case on a fresh copy of
 * build_day() (18 entries: 1-4 reference data, 5-8 O1, 9-13 O2, 14-16
 * O3, 17-18 O4).  Each line given must be among the report's.
 */
START_TEST(test_verify_tampered)
{
	static const struct {
		const char *sql;
		const char *want[3];
	} t[] = {
		{ "UPDATE journal SET body = replace(body, '\"qty\":60',"
		    " '\"qty\":6') WHERE seq = 8",
		    { "journal entry 8 (fill of order O1) was changed after it "
		    "was written\n" } },
		{ "UPDATE journal SET user = 'mallory' WHERE seq = 10",
		    { "journal entry 10 (order.status of order O2) was changed "
		    "after it was written\n" } },
		{ "UPDATE journal SET ts = ts + 1 WHERE seq = 1",
		    { "journal entry 1 (instrument ACME) was changed after it "
		    "was written\n" } },
		{ "DELETE FROM journal WHERE seq = 12",
		    { "journal entry 12 is missing: deleted\n" } },
		{ "DELETE FROM journal WHERE seq IN (6, 7)",
		    { "journal entries 6 to 7 are missing: deleted\n" } },
		{ "DELETE FROM journal WHERE seq = 18",
		    { "the journal ends at entry 17 but was last written to "
		    "entry 18: entries were cut from its end\n" } },
		{ "DELETE FROM journal",
		    { "the journal is empty but was last written to entry 18: "
		    "its entries were deleted\n" } },
		/* A row forged into the gap of a deleted one. */
		{ "DELETE FROM journal WHERE seq = 12;"
		    "INSERT INTO journal(seq, ts, kind, ref, body, user, hash)"
		    " SELECT 12, ts, kind, ref, body, user, randomblob(32)"
		    " FROM journal WHERE seq = 10",
		    { "journal entry 12 (order.status of order O2) was changed "
		    "after it was written\n",
		    "journal entry 13, after it, does not match its hash "
		    "either\n" } },
		{ "INSERT INTO journal(ts, kind, ref, body) VALUES(1,"
		    " 'order.status', 'O4', '{}')",
		    { "journal entry 19 (order.status of order O4) has no "
		    "hash: it was added behind blotter's back\n",
		    "the journal ends at entry 19 but was last written to "
		    "entry 18: entries were added after its last write\n" } },
		/* Two bodies swapped: each entry is named. */
		{ "CREATE TEMP TABLE sw AS SELECT seq, body FROM journal"
		    " WHERE seq IN (7, 11);"
		    "UPDATE journal SET body = (SELECT body FROM sw"
		    " WHERE sw.seq = 18 - journal.seq) WHERE seq IN (7, 11)",
		    { "journal entry 7 (fill of order O1) was changed after it "
		    "was written\n",
		    "journal entry 11 (fill of order O2) was changed after it "
		    "was written\n" } },
		/* One entry deleted and the rest renumbered: one line for
		 * the break and one for the count, not one a row. */
		{ "DELETE FROM journal WHERE seq = 5;"
		    "UPDATE journal SET seq = seq - 1 WHERE seq > 5",
		    { "journal entry 5 (order.status of order O1) was changed "
		    "after it was written\n"
		    "journal entries 6 to 17, after it, do not match their "
		    "hashes either (12 entries)\n",
		    "the journal ends at entry 17 but was last written to "
		    "entry 18: entries were cut from its end\n" } },
		{ "UPDATE journal SET hash = randomblob(32) WHERE seq = 18",
		    { "journal entry 18 (order.amend of order O4) was changed "
		    "after it was written\n",
		    "journal entry 18, the last, is not the one last written: "
		    "it was replaced\n" } },
		{ "UPDATE meta SET value = '9' WHERE key = 'audit_from'",
		    { "journal entry 1 (instrument ACME) is chained but lies "
		    "before the start of the audit trail at entry 9: the "
		    "start was moved to leave entries unchecked\n" } },
		{ "DELETE FROM meta WHERE key = 'audit_head'",
		    { "the record of the journal's last entry (audit_head) is "
		    "missing: entries cut from its end could not be told\n" } },
		{ "DELETE FROM meta WHERE key = 'audit_from'",
		    { "the store does not record where its audit trail starts "
		    "(audit_from): every journal entry is checked\n" } },
	};
	struct lines l;
	size_t	i, k;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		db_remove();
		build_day();
		ck_assert_msg(verify(&l) == 0, "%s", l.buf);
		sql_exec(t[i].sql);
		ck_assert_msg(verify(&l) >= 1, "case %zu: %s", i, t[i].sql);
		for (k = 0; k < 3 && t[i].want[k] != NULL; k++)
			ck_assert_msg(strstr(l.buf, t[i].want[k]) != NULL,
			    "case %zu: want \"%s\" in:\n%s", i, t[i].want[k],
			    l.buf);
	}
}
END_TEST

/* Rows cut from the end stay found after blotter writes on: the next
 * writer records the cut and chains its rows to the head it recorded. */
START_TEST(test_verify_cut_then_written)
{
	struct store *s;
	struct account a;
	struct lines l;

	build_day();
	sql_exec("DELETE FROM journal WHERE seq = 18");
	s = open_ok();
	begin_ok(s);
	mk_account(&a, "A9");
	put_account(s, &a);
	commit_ok(s);
	begin_ok(s);
	mk_account(&a, "A8");
	put_account(s, &a);
	commit_ok(s);
	store_close(s);
	ck_assert_int_ge(verify(&l), 1);
	ck_assert_msg(strstr(l.buf, "when blotter next wrote to the journal, "
	    "it ended at entry 17 but had been written to entry 18: entries "
	    "were cut from its end\n") != NULL, "%s", l.buf);
	/* The rows written after it are sound, and the end agrees. */
	ck_assert_msg(strstr(l.buf, "journal entry 18") == NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "journal entry 19") == NULL, "%s", l.buf);
	ck_assert_msg(strstr(l.buf, "the journal ends") == NULL, "%s", l.buf);
	/* Nobody but the store writes those settings. */
	s = open_ok();
	{
		struct err e = { "" };

		ck_assert_int_eq(store_meta_set(s, "audit_head", "1:00", &e),
		    -1);
		ck_assert_int_eq(store_meta_set(s, "audit_cut:17", "", &e),
		    -1);
		ck_assert_int_eq(store_meta_set(s, "audit_from", "1", &e), -1);
	}
	store_close(s);
}
END_TEST

/* The in-place body reader takes the flat form the store writes and
 * refuses every other, which replay then reads with json-c. */
START_TEST(test_body_reader)
{
	static const char *const refused[] = {
		"", "{", "}", "[]", "{\"a\":1", "{\"a\":1,}", "{ \"a\":1}",
		"{\"a\": 1}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}",
		"{\"a\":-}", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":\"\\u0041\"}",
		"{\"a\":\"x}", "{\"a\":tru}", "{a:1}",
		"{\"a\":99999999999999999999}", "{\"a\":9223372036854775808}",
	};
	struct store_body b;
	const struct store_body_member *m;
	size_t	i;

	store_body_init(&b);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		ck_assert_msg(store_body_parse(&b, refused[i],
		    strlen(refused[i])) == -1, "%s", refused[i]);
		ck_assert_int_eq(b.n, 0);
	}
	ck_assert_int_eq(store_body_parse(&b, "{}", 2), 0);
	ck_assert_int_eq(b.n, 0);
	const char *t = "{\"id\":\"7\",\"qty\":-9223372036854775808,"
	    "\"ok\":true,\"no\":false,\"n\":null,\"s\":\"a\\\"b\\\\c\\n\","
	    "\"qty\":100}";
	ck_assert_int_eq(store_body_parse(&b, t, strlen(t)), 0);
	ck_assert_int_eq(b.n, 7);
	m = store_body_get(&b, "id");
	ck_assert_int_eq(m->type, STORE_BODY_STR);
	ck_assert_str_eq(m->s, "7");
	/* The last of a repeated member counts, as in json-c. */
	m = store_body_get(&b, "qty");
	ck_assert_int_eq(m->type, STORE_BODY_INT);
	ck_assert_int_eq(m->i, 100);
	ck_assert_int_eq(b.m[1].i, INT64_MIN);
	ck_assert_int_eq(store_body_get(&b, "ok")->i, 1);
	ck_assert_int_eq(store_body_get(&b, "no")->type, STORE_BODY_BOOL);
	ck_assert_int_eq(store_body_get(&b, "no")->i, 0);
	ck_assert_int_eq(store_body_get(&b, "n")->type, STORE_BODY_NULL);
	ck_assert_str_eq(store_body_get(&b, "s")->s, "a\"b\\c\n");
	ck_assert_uint_eq(store_body_get(&b, "s")->slen, 6);
	ck_assert_ptr_null(store_body_get(&b, "missing"));
	store_body_free(&b);
}
END_TEST

/* --- ---------------------------------------------------------------------- */

static Suite *
store_suite(void)
{
	Suite	*su = suite_create("store");
	TCase	*tc;

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_degenerate);
	tcase_add_test(tc, test_new_file);
	tcase_add_test(tc, test_empty_file_refused);
	tcase_add_test(tc, test_migrate_v1);
	tcase_add_test(tc, test_newer_refused);
	tcase_add_test(tc, test_garbage_refused);
	tcase_add_test(tc, test_foreign_sqlite_refused);
	tcase_add_test(tc, test_readonly_refused);
	tcase_add_test(tc, test_locked);
	tcase_add_test(tc, test_open_orders_plan);
	suite_add_tcase(su, tc);

	tc = tcase_create("data");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_roundtrip_reference);
	tcase_add_test(tc, test_roundtrip_order);
	tcase_add_test(tc, test_json_bodies);
	tcase_add_test(tc, test_body_reader);
	tcase_add_test(tc, test_duplicate_order_refused);
	tcase_add_test(tc, test_duplicate_numeric_id_refused);
	tcase_add_test(tc, test_latest_orders);
	tcase_add_test(tc, test_page_orders);
	tcase_add_test(tc, test_duplicate_exec_refused);
	tcase_add_test(tc, test_write_outside_txn_refused);
	tcase_add_test(tc, test_rollback_drops);
	tcase_add_test(tc, test_close_rolls_back);
	tcase_add_test(tc, test_filters_and_counts);
	tcase_add_test(tc, test_history_and_execs);
	tcase_add_test(tc, test_history_interleaved);
	tcase_add_test(tc, test_last_seq_roundtrip);
	tcase_add_test(tc, test_duplicate_exec_per_order);
	tcase_add_test(tc, test_replace_amend_stop_bust);
	tcase_add_test(tc, test_load_open_orders_only);
	tcase_add_test(tc, test_load_stops);
	tcase_add_test(tc, test_meta_and_total);
	suite_add_tcase(su, tc);

	tc = tcase_create("verify");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_verify_healthy);
	tcase_add_test(tc, test_verify_cum_qty);
	tcase_add_test(tc, test_verify_last_seq);
	tcase_add_test(tc, test_verify_position);
	tcase_add_test(tc, test_verify_deleted_exec);
	tcase_add_test(tc, test_verify_missing_rows);
	tcase_add_test(tc, test_verify_illegal_event);
	tcase_add_test(tc, test_verify_bad_body);
	tcase_add_test(tc, test_verify_login);
	tcase_add_test(tc, test_verify_same_login_note);
	tcase_add_test(tc, test_verify_same_login_acts);
	tcase_add_test(tc, test_verify_setting);
	tcase_add_test(tc, test_crash_recovery);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(su, tc);

	tc = tcase_create("audit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sha256_vectors);
	tcase_add_test(tc, test_sha256_million);
	tcase_add_test(tc, test_hmac_sha256_rfc4231);
	tcase_add_test(tc, test_sha256_hex_decode);
	tcase_add_test(tc, test_sha256_split);
	tcase_add_test(tc, test_chain_across_txns);
	tcase_add_test(tc, test_chain_rollback);
	tcase_add_test(tc, test_users);
	tcase_add_test(tc, test_rules);
	tcase_add_test(tc, test_halts_and_alerts);
	tcase_add_test(tc, test_audit_entries);
	tcase_add_test(tc, test_joined_rows);
	tcase_add_test(tc, test_migrate_v2);
	tcase_add_test(tc, test_migrate_v4_keyed);
	tcase_add_test(tc, test_audit_key);
	tcase_add_test(tc, test_file_mode);
	tcase_add_test(tc, test_verify_tampered);
	tcase_add_test(tc, test_verify_cut_then_written);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return testlib_run(srunner_create(store_suite()));
}
