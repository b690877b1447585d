/* src/store/open.c: the store's file.  Opening checks the file is a
 * blotter store (and whole), loads the audit key, brings the schema up
 * by its numbered migration steps, each in its own transaction, and
 * prepares every statement.  A new store is built under a temporary name
 * and published as the store by its first commit; temporary files that
 * crashed creations left are swept away. */
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

const char *const store_migrations[STORE_SCHEMA_VERSION] = {
	/* 0 -> 1: the journal, reference data, quotes and projections. */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
	"INSERT INTO meta(key, value) VALUES('app', 'blotter');"
	"CREATE TABLE journal(seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL,"
	" kind TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);"
	"CREATE TABLE instruments(symbol TEXT PRIMARY KEY,"
	" class TEXT NOT NULL, ccy TEXT NOT NULL, tick INTEGER NOT NULL,"
	" lot INTEGER NOT NULL, mult INTEGER NOT NULL,"
	" issuer TEXT NOT NULL DEFAULT '', sector TEXT NOT NULL DEFAULT '',"
	" underlying TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE accounts(id TEXT PRIMARY KEY,"
	" name TEXT NOT NULL DEFAULT '', ccy TEXT NOT NULL,"
	" nav INTEGER NOT NULL, cash INTEGER NOT NULL);"
	"CREATE TABLE fx(pair TEXT PRIMARY KEY, rate INTEGER NOT NULL);"
	"CREATE TABLE quotes(symbol TEXT PRIMARY KEY, bid INTEGER NOT NULL,"
	" ask INTEGER NOT NULL, bidsz INTEGER NOT NULL,"
	" asksz INTEGER NOT NULL, mark INTEGER NOT NULL);"
	"CREATE TABLE orders(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
	" account TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL,"
	" type TEXT NOT NULL, tif TEXT NOT NULL, status TEXT NOT NULL,"
	" prev_status TEXT NOT NULL, qty INTEGER NOT NULL,"
	" cum_qty INTEGER NOT NULL, notional INTEGER NOT NULL,"
	" limit_px INTEGER NOT NULL, stop_px INTEGER NOT NULL,"
	" trail INTEGER NOT NULL, trail_pct INTEGER NOT NULL,"
	" triggered INTEGER NOT NULL, gtd_date INTEGER NOT NULL,"
	" venue TEXT NOT NULL, note TEXT NOT NULL, reason TEXT NOT NULL,"
	" created INTEGER NOT NULL, updated INTEGER NOT NULL,"
	" last_seq INTEGER NOT NULL);"
	/* Keyed by order: a fill is looked up, busted and listed through
	 * its order, and a venue's repeated report names the same order. */
	"CREATE TABLE executions(order_id TEXT NOT NULL,"
	" exec_id TEXT NOT NULL, account TEXT NOT NULL,"
	" symbol TEXT NOT NULL, side TEXT NOT NULL, qty INTEGER NOT NULL,"
	" px INTEGER NOT NULL, ts INTEGER NOT NULL,"
	" busted INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL,"
	" PRIMARY KEY(order_id, exec_id)) WITHOUT ROWID;"
	"CREATE TABLE positions(account TEXT NOT NULL, symbol TEXT NOT NULL,"
	" qty INTEGER NOT NULL, cost INTEGER NOT NULL,"
	" realized INTEGER NOT NULL, PRIMARY KEY(account, symbol));",

	/*
	 * 1 -> 2: the open orders in creation order.  Only open orders are
	 * in orders_open: most orders are done, and a done order costs that
	 * index nothing.  Orders by account or symbol are found by a scan
	 * (about 50 ms a million orders); an index on either cost about 10%
	 * of the write rate, paid on every order.  The journal has no index
	 * besides its seq: an order's entries lie between the seq and
	 * last_seq of its orders row.
	 */
	"CREATE INDEX orders_open ON orders(seq) WHERE " STORE_OPEN_SQL ";",

	/*
	 * 2 -> 3: users, compliance rules, halts and alerts; who wrote each
	 * journal row and entered each order; the hash chain over the
	 * journal.  Rows written before this step have no hash: the chain
	 * starts at the first row written after it (audit_from).  A rule's
	 * seq is the journal seq of the rule.add that first added it (the
	 * order rules are listed in); an alert's, the seq of its entry.
	 */
	"ALTER TABLE journal ADD COLUMN user TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE journal ADD COLUMN hash BLOB;"
	"ALTER TABLE orders ADD COLUMN user TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE users(login TEXT PRIMARY KEY, role TEXT NOT NULL,"
	" name TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL);"
	"CREATE TABLE rules(id TEXT PRIMARY KEY, seq INTEGER NOT NULL,"
	" kind TEXT NOT NULL, action TEXT NOT NULL, enabled INTEGER NOT NULL,"
	" acct TEXT NOT NULL DEFAULT '', sym TEXT NOT NULL DEFAULT '',"
	" issuer TEXT NOT NULL DEFAULT '', trader TEXT NOT NULL DEFAULT '',"
	" by_ TEXT NOT NULL, allow INTEGER NOT NULL DEFAULT 0,"
	" lim INTEGER NOT NULL DEFAULT 0, warn_at INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE halts(acct TEXT PRIMARY KEY, reason TEXT NOT NULL,"
	" user TEXT NOT NULL, ts INTEGER NOT NULL);"
	"CREATE TABLE alerts(seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL,"
	" kind TEXT NOT NULL, account TEXT NOT NULL, symbol TEXT NOT NULL,"
	" rule_id TEXT NOT NULL, user TEXT NOT NULL, detail TEXT NOT NULL);"
	"INSERT OR REPLACE INTO meta(key, value) SELECT '"
	STORE_META_AUDIT_FROM "', COALESCE(max(seq), 0) + 1 FROM journal;",

	/*
	 * 3 -> 4: blocks.  An order's block is the id of the block it is a
	 * member of; a block order names itself.  Only block orders and
	 * their members are in orders_block, so other orders cost it
	 * nothing.
	 */
	"ALTER TABLE orders ADD COLUMN block TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX orders_block ON orders(block) WHERE block <> '';",

	/*
	 * 4 -> 5: the login that ran blotter when an order was entered,
	 * beside the user it acted as, so that four eyes hold between
	 * people (review.same_login).  Older orders have none ('').
	 */
	"ALTER TABLE orders ADD COLUMN login TEXT NOT NULL DEFAULT '';",

	/*
	 * 5 -> 6: the keyed audit trail.  Rows written from here on are
	 * chained with HMAC-SHA-256 under the audit key, kept outside the
	 * store; rows written before keep their SHA-256.  store_migrate()
	 * seals where the keyed rows start, with the key, in this step's
	 * transaction (see STORE_META_AUDIT_KEYED).
	 */
	"INSERT OR REPLACE INTO meta(key, value) SELECT '"
	STORE_META_AUDIT_KEYED "', (COALESCE(max(seq), 0) + 1) || ':'"
	" FROM journal;",

	/*
	 * 6 -> 7: the orders of an account, and of a symbol, newest first,
	 * and those that ended unfilled, for paging by key
	 * (store_page_orders()): a page of a filter that few orders match
	 * is found at once, not by a scan of every newer order.  Account
	 * and symbol never change after order.new (no update sets them), so
	 * each costs an order one insert; orders_ended, one insert for an
	 * order that ends unfilled (see STORE_ENDED_SQL).
	 */
	"CREATE INDEX orders_account ON orders(account, seq);"
	"CREATE INDEX orders_symbol ON orders(symbol, seq);"
	"CREATE INDEX orders_ended ON orders(seq) WHERE " STORE_ENDED_SQL ";",

	/*
	 * 7 -> 8: the open orders of an account in a symbol, newest first,
	 * for the screen's page of an account, a symbol and the open
	 * statuses at once: through orders_open it walked every open order
	 * when few or none matched.  Only open orders are in it, as in
	 * orders_open: an order filled as it came costs it nothing.
	 */
	"CREATE INDEX orders_open_place ON orders(account, symbol, seq)"
	" WHERE " STORE_OPEN_SQL ";",

	/*
	 * 8 -> 9: an order acknowledged, and filled, by its venue in the
	 * instant it was entered is one journal row: its order.new with the
	 * ack and the fill joined on (see store_split_row()).  Nothing
	 * stored changes; the step keeps a blotter that would read such a
	 * row as a bare order.new from opening the store.
	 */
	"SELECT 1;",

	/*
	 * 9 -> 10: FIX sessions.  Each session's next sequence numbers
	 * and its generation (fix reset starts a new one: numbers from 1,
	 * and the older messages are history, never resent); every
	 * application message sent and received, in the transaction of
	 * the order events it belongs to, for resends and for show fix;
	 * and each ClOrdID sent, by the order it names.
	 */
	"CREATE TABLE fix_sessions(name TEXT PRIMARY KEY,"
	" gen INTEGER NOT NULL, next_out INTEGER NOT NULL,"
	" next_in INTEGER NOT NULL, state TEXT NOT NULL DEFAULT '',"
	" peer TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE fix_messages(id INTEGER PRIMARY KEY,"
	" session TEXT NOT NULL, gen INTEGER NOT NULL, dir TEXT NOT NULL,"
	" seq INTEGER NOT NULL, ts INTEGER NOT NULL, msgtype TEXT NOT NULL,"
	" order_id TEXT NOT NULL, body BLOB NOT NULL);"
	"CREATE INDEX fix_messages_seq ON fix_messages(session, gen, dir, seq);"
	"CREATE INDEX fix_messages_order ON fix_messages(order_id)"
	" WHERE order_id <> '';"
	"CREATE TABLE fix_clordids(session TEXT NOT NULL,"
	" clordid TEXT NOT NULL, order_id TEXT NOT NULL,"
	" PRIMARY KEY(session, clordid)) WITHOUT ROWID;"
	"CREATE TABLE fix_orders(session TEXT NOT NULL,"
	" order_id TEXT NOT NULL, clordid TEXT NOT NULL,"
	" n INTEGER NOT NULL, PRIMARY KEY(session, order_id)) WITHOUT ROWID;"
	/* Fills by hand of a desk's orders asked for on a blotter that
	 * does not hold the desk, until the holder books them. */
	"CREATE TABLE desk_fills(id INTEGER PRIMARY KEY,"
	" order_id TEXT NOT NULL, qty INTEGER NOT NULL, px INTEGER NOT NULL,"
	" user TEXT NOT NULL, ts INTEGER NOT NULL);",
};

/* The columns ST_EXEC_INSERT writes, EXEC_NCOLS of them. */
#define EXEC_INSERT_COLS \
	"order_id, exec_id, account, symbol, side, qty, px, ts, busted, seq"
/* The columns ST_JOURNAL writes, JOURNAL_NCOLS of them. */
#define JOURNAL_INSERT_COLS	"ts, kind, ref, body, user, hash"
/* The columns of an audit row as read back. */
#define AUDIT_COLS	"seq, ts, user, kind, ref, body, hash"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_JOURNAL] = "INSERT INTO journal(" JOURNAL_INSERT_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	/* JOURNAL_ROWS rows at once (see ST_ORDER_INSERT_MANY). */
	[ST_JOURNAL_MANY] = NULL,		/* built at open */
	/* The first row after a cut, numbered past it (store_begin()). */
	[ST_JOURNAL_AT] = "INSERT INTO journal(seq, " JOURNAL_INSERT_COLS ")"
	    " VALUES(?7, ?1, ?2, ?3, ?4, ?5, ?6)",
	/* The last seq and the head of the chain: one step down the key. */
	[ST_JOURNAL_LAST] = "SELECT seq, hash FROM journal"
	    " ORDER BY seq DESC LIMIT 1",
	[ST_INSTRUMENT_PUT] = "INSERT INTO instruments(" STORE_INSTRUMENT_COLS
	    ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT(symbol) DO UPDATE SET class = excluded.class,"
	    " ccy = excluded.ccy, tick = excluded.tick, lot = excluded.lot,"
	    " mult = excluded.mult, issuer = excluded.issuer,"
	    " sector = excluded.sector, underlying = excluded.underlying",
	[ST_ACCOUNT_PUT] = "INSERT INTO accounts(" STORE_ACCOUNT_COLS
	    ") VALUES(?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
	    " ccy = excluded.ccy, nav = excluded.nav, cash = excluded.cash",
	[ST_FX_PUT] = "INSERT INTO fx(pair, rate) VALUES(?1, ?2)"
	    " ON CONFLICT(pair) DO UPDATE SET rate = excluded.rate",
	[ST_QUOTE_PUT] = "INSERT INTO quotes(symbol, bid, ask, bidsz, asksz,"
	    " mark) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT(symbol) DO UPDATE SET bid = excluded.bid,"
	    " ask = excluded.ask, bidsz = excluded.bidsz,"
	    " asksz = excluded.asksz, mark = excluded.mark",
	[ST_ORDER_INSERT] = "INSERT INTO orders(" STORE_ORDER_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26,"
	    " ?27)",
	/*
	 * FLUSH_ROWS rows of ORDER_NCOLS values, built at open.  One
	 * statement for many rows spares each row a statement's start and
	 * end: cursors on the table and its four indexes opened, positioned
	 * from the root and closed.  OR FAIL needs no statement journal;
	 * a failure breaks the whole transaction anyway.
	 */
	[ST_ORDER_INSERT_MANY] = NULL,		/* built at open */
	/*
	 * By seq, the row's own key.  An order's id, account and symbol
	 * never change after order.new (no later entry carries them), and
	 * leaving them out of SET spares the indexes on them an update.
	 */
	[ST_ORDER_UPDATE] = "UPDATE orders SET"
	    " side = ?4, type = ?5, tif = ?6, status = ?7, prev_status = ?8,"
	    " qty = ?9, cum_qty = ?10, notional = ?11, limit_px = ?12,"
	    " stop_px = ?13, trail = ?14, trail_pct = ?15, triggered = ?16,"
	    " gtd_date = ?17, venue = ?18, note = ?19, reason = ?20,"
	    " created = ?21, updated = ?22, last_seq = ?24, user = ?25,"
	    " block = ?26"
	    " WHERE seq = ?23",
	[ST_ORDER_GET] = "SELECT " STORE_ORDER_COLS " FROM orders"
	    " WHERE id = ?1",
	/* The id index alone answers it. */
	[ST_ORDER_SEQ] = "SELECT seq FROM orders WHERE id = ?1",
	[ST_ORDER_RANGE] = "SELECT seq, last_seq FROM orders WHERE id = ?1",
	[ST_EXEC_INSERT] = "INSERT INTO executions(" EXEC_INSERT_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_EXEC_INSERT_MANY] = NULL,		/* built at open */
	[ST_EXEC_BUST] = "UPDATE executions SET busted = 1"
	    " WHERE order_id = ?1 AND exec_id = ?2 AND busted = 0",
	[ST_EXEC_SEEN] = "SELECT 1 FROM executions"
	    " WHERE order_id = ?1 AND exec_id = ?2",
	[ST_EXEC_EACH] = "SELECT " STORE_EXEC_COLS " FROM executions"
	    " WHERE order_id = ?1 ORDER BY seq",
	/* A range of the journal's key: no index on ref is kept. */
	[ST_HISTORY] = "SELECT seq, ts, kind, body FROM journal"
	    " WHERE seq BETWEEN ?1 AND ?2 AND ref = ?3"
	    " AND kind IN " SJ_ORDER_SQL " ORDER BY seq",
	[ST_POSITION_PUT] = "INSERT INTO positions(" STORE_POSITION_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT(account, symbol) DO UPDATE SET qty = excluded.qty,"
	    " cost = excluded.cost, realized = excluded.realized",
	[ST_LOAD_INSTRUMENTS] = "SELECT " STORE_INSTRUMENT_COLS
	    " FROM instruments ORDER BY rowid",
	[ST_LOAD_ACCOUNTS] = "SELECT " STORE_ACCOUNT_COLS
	    " FROM accounts ORDER BY rowid",
	[ST_LOAD_FX] = "SELECT pair, rate FROM fx ORDER BY rowid",
	[ST_LOAD_QUOTES] = "SELECT symbol, bid, ask, bidsz, asksz, mark"
	    " FROM quotes ORDER BY rowid",
	/* Through orders_open: at start most orders are done. */
	[ST_LOAD_ORDERS] = STORE_LOAD_ORDERS_SQL,
	[ST_LOAD_POSITIONS] = "SELECT " STORE_POSITION_COLS
	    " FROM positions ORDER BY rowid",
	[ST_ORDER_TOTAL] = "SELECT count(*) FROM orders",
	[ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[ST_META_SET] = "INSERT INTO meta(key, value) VALUES(?1, ?2)"
	    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	/* An audit entry filed under an order not held back. */
	[ST_ORDER_TOUCH] = "UPDATE orders SET last_seq = ?2 WHERE seq = ?1",
	/* Changes when another connection commits. */
	[ST_DATA_VERSION] = "PRAGMA data_version",
	/* A user changed keeps the time it was created. */
	[ST_USER_PUT] = "INSERT INTO users(" STORE_USER_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(login) DO UPDATE SET"
	    " role = excluded.role, name = excluded.name",
	[ST_USER_GET] = "SELECT " STORE_USER_COLS " FROM users"
	    " WHERE login = ?1",
	[ST_USER_EACH] = "SELECT " STORE_USER_COLS " FROM users"
	    " ORDER BY login",
	/* A rule replaced, enabled or disabled keeps its place (seq). */
	[ST_RULE_PUT] = "INSERT INTO rules(" STORE_RULE_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
	    " ON CONFLICT(id) DO UPDATE SET kind = excluded.kind,"
	    " action = excluded.action, enabled = excluded.enabled,"
	    " acct = excluded.acct, sym = excluded.sym,"
	    " issuer = excluded.issuer, trader = excluded.trader,"
	    " by_ = excluded.by_, allow = excluded.allow, lim = excluded.lim,"
	    " warn_at = excluded.warn_at",
	[ST_RULE_SEEN] = "SELECT 1 FROM rules WHERE id = ?1",
	[ST_RULE_DEL] = "DELETE FROM rules WHERE id = ?1",
	[ST_RULE_EACH] = "SELECT " STORE_RULE_COLS " FROM rules ORDER BY seq",
	[ST_HALT_PUT] = "INSERT INTO halts(" STORE_HALT_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(acct) DO UPDATE SET"
	    " reason = excluded.reason, user = excluded.user, ts = excluded.ts",
	[ST_HALT_DEL] = "DELETE FROM halts WHERE acct = ?1",
	[ST_HALT_EACH] = "SELECT " STORE_HALT_COLS " FROM halts ORDER BY acct",
	[ST_ALERT_PUT] = "INSERT INTO alerts(" STORE_ALERT_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_ALERT_EACH] = "SELECT " STORE_ALERT_COLS " FROM alerts"
	    " ORDER BY seq",
	/* Every entry, or those of one kind (?1 NULL: all). */
	[ST_AUDIT_ALL] = "SELECT " AUDIT_COLS " FROM journal"
	    " WHERE ?1 IS NULL OR kind = ?1 OR kind = '" SJ_ORDER_NEW "'"
	    " ORDER BY seq",
	/* An order's entries: the range of its history (see ST_HISTORY),
	 * its events and the audit entries filed under it. */
	[ST_AUDIT_ORDER] = "SELECT " AUDIT_COLS " FROM journal"
	    " WHERE seq BETWEEN ?1 AND ?2 AND ref = ?3"
	    " AND kind NOT IN " SJ_REFDATA_SQL
	    " AND (?4 IS NULL OR kind = ?4 OR kind = '" SJ_ORDER_NEW "')"
	    " ORDER BY seq",
	[ST_FIX_SESSION] = "SELECT gen, next_out, next_in FROM fix_sessions"
	    " WHERE name = ?1",
	[ST_FIX_SEQS] = "INSERT INTO fix_sessions(name, gen, next_out,"
	    " next_in) VALUES(?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE"
	    " SET gen = excluded.gen, next_out = excluded.next_out,"
	    " next_in = excluded.next_in",
	/* Where a session stands, for the blotters that do not hold it. */
	[ST_FIX_STATE] = "INSERT INTO fix_sessions(name, gen, next_out,"
	    " next_in, state, peer, at) VALUES(?1, 0, 1, 1, ?2, ?3, ?4)"
	    " ON CONFLICT(name) DO UPDATE SET state = excluded.state,"
	    " peer = excluded.peer, at = excluded.at",
	[ST_FIX_EACH] = "SELECT name, state, next_out, next_in, peer, at"
	    " FROM fix_sessions ORDER BY name",
	[ST_FIX_MSG_PUT] = "INSERT INTO fix_messages(session, gen, dir, seq,"
	    " ts, msgtype, order_id, body) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8)",
	[ST_FIX_MSG_ORDER_SET] = "UPDATE fix_messages SET order_id = ?4"
	    " WHERE session = ?1 AND gen = ?2 AND dir = 'in' AND seq = ?3",
	[ST_FIX_MSG_OUT] = "SELECT body FROM fix_messages WHERE session = ?1"
	    " AND gen = ?2 AND dir = 'out' AND seq = ?3 ORDER BY id DESC"
	    " LIMIT 1",
	/* order_id <> '' lets the partial index fix_messages_order serve
	 * these two, and +session keeps the planner off fix_messages_seq,
	 * which would read every message of the session for each order
	 * sent (bench/fix-loop.sh: half the CPU at 10,000 orders). */
	[ST_FIX_MSG_ORDER] = "SELECT session, dir, seq, ts, msgtype, body"
	    " FROM fix_messages WHERE order_id = ?1 AND order_id <> ''"
	    " ORDER BY id",
	[ST_FIX_MSG_SENT] = "SELECT 1 FROM fix_messages WHERE order_id = ?1"
	    " AND order_id <> '' AND +session = ?2 AND gen = ?3"
	    " AND dir = 'out' AND msgtype = ?4 LIMIT 1",
	[ST_FIX_CLORDID_PUT] = "INSERT OR REPLACE INTO fix_clordids(session,"
	    " clordid, order_id) VALUES(?1, ?2, ?3)",
	/* The ClOrdID the broker knows an order by, and how many cancels
	 * and replaces were sent for it. */
	[ST_FIX_CURRENT_GET] = "SELECT clordid, n FROM fix_orders"
	    " WHERE session = ?1 AND order_id = ?2",
	[ST_FIX_CURRENT_PUT] = "INSERT INTO fix_orders(session, order_id,"
	    " clordid, n) VALUES(?1, ?2, ?3, 0) ON CONFLICT(session, order_id)"
	    " DO UPDATE SET clordid = excluded.clordid",
	[ST_FIX_BUMP] = "UPDATE fix_orders SET n = n + 1"
	    " WHERE session = ?1 AND order_id = ?2",
	[ST_DESK_FILL_PUT] = "INSERT INTO desk_fills(order_id, qty, px, user,"
	    " ts) VALUES(?1, ?2, ?3, ?4, ?5)",
	[ST_DESK_FILL_EACH] = "SELECT id, order_id, qty, px, user, ts"
	    " FROM desk_fills ORDER BY id",
	[ST_DESK_FILL_DEL] = "DELETE FROM desk_fills WHERE id = ?1",
	[ST_DESK_FILL_ASKED] = "SELECT COALESCE(sum(qty), 0) FROM desk_fills"
	    " WHERE order_id = ?1 AND qty > 0 AND qty <= ?2",
	[ST_FIX_CLORDID_GET] = "SELECT order_id FROM fix_clordids"
	    " WHERE session = ?1 AND clordid = ?2",
};

/* --- Opening -------------------------------------------------------------- */

/* Is DB a blotter store (or an empty file), and of which schema? */
int
store_check_file(sqlite3 *db, const char *path, int *version, bool *empty,
    struct err *err)
{
	sqlite3_stmt *st;
	int64_t	v, tables;
	const char *app;
	bool	ours;
	int	rc;

	/* The first read: a file whose header is not SQLite's fails here. */
	rc = store_query_int(db, "PRAGMA schema_version", &v);
	if (rc == SQLITE_OK)
		rc = store_query_int(db, "PRAGMA user_version", &v);
	if (rc == SQLITE_OK)
		rc = store_query_int(db, "SELECT count(*) FROM sqlite_master",
		    &tables);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, path, db, rc, "reading the schema");
	*version = (int)v;
	*empty = v == 0 && tables == 0;
	if (*empty)
		return 0;
	/* Another program's database has no meta row saying it is ours. */
	rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'app'",
	    -1, &st, NULL);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_ERROR)
			return err_set(err, "%s is not a blotter store", path);
		return store_sql_fail(err, path, db, rc, "reading the schema");
	}
	rc = sqlite3_step(st);
	app = rc == SQLITE_ROW ? store_col_str(st, 0) : NULL;
	ours = app != NULL && strcmp(app, "blotter") == 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(err, path, db, rc, "reading the schema");
	if (!ours || v < 1)
		return err_set(err, "%s is not a blotter store", path);
	if (v > STORE_SCHEMA_VERSION)
		return err_set(err, "%s was written by a newer blotter (schema "
		    "%d; this one reads up to %d)", path, *version,
		    STORE_SCHEMA_VERSION);
	return 0;
}

/* Journal mode and the connection's settings. */
static int
store_setup(struct store *s, struct err *err)
{
	sqlite3_stmt *st;
	const char *mode;
	bool	wal;
	int	rc;

	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, s->path, s->db, rc,
		    "switching to write-ahead logging");
	rc = sqlite3_step(st);
	mode = rc == SQLITE_ROW ? store_col_str(st, 0) : NULL;
	wal = mode != NULL && strcmp(mode, "wal") == 0;
	if (rc == SQLITE_ROW && !wal)
		err_set(err, "%s: cannot use write-ahead logging (the journal "
		    "mode stays %s)", s->path, mode != NULL ? mode : "unknown");
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_sql_fail(err, s->path, s->db, rc,
		    "switching to write-ahead logging");
	if (!wal)
		return -1;
	/*
	 * In WAL mode, synchronous=NORMAL syncs at checkpoints, not at each
	 * commit: a committed transaction is in the WAL file (the OS page
	 * cache) and survives a killed process, since the next open replays
	 * the WAL.  Only a power loss or OS crash can lose the last commits,
	 * and even then the file stays consistent.
	 */
	rc = sqlite3_exec(s->db,
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = OFF;"
	    "PRAGMA cache_size = -16384;"	/* KiB: 16 MB */
	    "PRAGMA temp_store = MEMORY;", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, s->path, s->db, rc,
		    "setting up the connection");
	return 0;
}

/* The hash a keyed chain starting at FROM follows in DB: row FROM - 1's,
 * when it is chained (at or after audit_from) and has one; else zeros. */
static int
keyed_prev(sqlite3 *db, int64_t from, unsigned char *prev)
{
	sqlite3_stmt *st;
	int	rc;

	memset(prev, 0, STORE_HASH_LEN);
	rc = sqlite3_prepare_v2(db, "SELECT hash FROM journal WHERE seq = ?1"
	    " AND seq >= (SELECT COALESCE(max(CAST(value AS INTEGER)), 1)"
	    " FROM meta WHERE key = '" STORE_META_AUDIT_FROM "')", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, from - 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == STORE_HASH_LEN)
		memcpy(prev, sqlite3_column_blob(st, 0), STORE_HASH_LEN);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Meta KEY of DB into BUF: 1 found, 0 not (or no meta table), or an
 * SQLite error code (negated). */
static int
meta_text(sqlite3 *db, const char *key, char *buf, size_t size)
{
	sqlite3_stmt *st;
	int	rc;

	rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1",
	    -1, &st, NULL);
	if (rc == SQLITE_ERROR)
		return 0;
	if (rc != SQLITE_OK)
		return -rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		str_copy(buf, size, store_col_str(st, 0));
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -rc;
}

/* Seal the start of the keyed chain that the schema step wrote ("FROM:")
 * with S's key, inside the step's transaction. */
static int
keyed_seal(struct store *s)
{
	unsigned char prev[STORE_HASH_LEN], seal[STORE_HASH_LEN];
	char	val[64 + 2 * STORE_HASH_LEN], *end;
	sqlite3_stmt *st;
	long long from;
	int	rc;

	rc = meta_text(s->db, STORE_META_AUDIT_KEYED, val, sizeof val);
	if (rc <= 0)
		return rc == 0 ? SQLITE_ERROR : -rc;
	errno = 0;
	from = strtoll(val, &end, 10);
	if (errno != 0 || end == val || strcmp(end, ":") != 0 || from < 1)
		return SQLITE_CORRUPT;
	if ((rc = keyed_prev(s->db, from, prev)) != SQLITE_OK)
		return rc;
	store_key_seal(&s->key, from, prev, seal);
	store_head_format(val, sizeof val, from, seal);
	rc = sqlite3_prepare_v2(s->db, "UPDATE meta SET value = ?1 WHERE key"
	    " = '" STORE_META_AUDIT_KEYED "'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, val, -1, SQLITE_STATIC);
	rc = store_run(st);
	sqlite3_finalize(st);
	return rc;
}

int
store_keyed_read(sqlite3 *db, const char *path, const struct store_key *k,
    int64_t *from, struct err *err)
{
	unsigned char prev[STORE_HASH_LEN], seal[STORE_HASH_LEN];
	unsigned char want[STORE_HASH_LEN];
	char	val[64 + 2 * STORE_HASH_LEN];
	int	rc;

	*from = 0;
	rc = meta_text(db, STORE_META_AUDIT_KEYED, val, sizeof val);
	if (rc < 0)
		return store_sql_fail(err, path, db, -rc, "reading the audit "
		    "trail");
	if (rc == 0)
		return err_set(err, "%s: the record of where its keyed audit "
		    "trail starts (" STORE_META_AUDIT_KEYED ") is missing",
		    path);
	if (store_head_parse(val, from, seal) == -1 || *from < 1) {
		*from = 0;
		return err_set(err, "%s: the record of where its keyed audit "
		    "trail starts (" STORE_META_AUDIT_KEYED ") is unreadable",
		    path);
	}
	if ((rc = keyed_prev(db, *from, prev)) != SQLITE_OK)
		return store_sql_fail(err, path, db, rc, "reading the audit "
		    "trail");
	store_key_seal(k, *from, prev, want);
	if (memcmp(want, seal, STORE_HASH_LEN) != 0)
		return err_set(err, "%s: its keyed audit trail was not written "
		    "with the audit key %s, or where it starts was changed",
		    path, k->path);
	return 0;
}

/* Run the migration steps from the file's schema up to ours, each in its
 * own transaction.  VERSION is the schema seen at open; the lock is taken
 * only when there is something to do, and the version read again under
 * it, in case another process upgraded the file meanwhile. */
static int
store_migrate(struct store *s, int version, struct err *err)
{
	char	sql[64];
	int64_t	v;
	int	rc;

	if (version >= STORE_SCHEMA_VERSION)
		return 0;
	for (;;) {
		rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return store_sql_fail(err, s->path, s->db, rc,
			    "upgrading the store");
		rc = store_query_int(s->db, "PRAGMA user_version", &v);
		if (rc != SQLITE_OK)
			goto fail;
		if (v >= STORE_SCHEMA_VERSION || v < 0) {
			sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
			return 0;
		}
		rc = sqlite3_exec(s->db, store_migrations[v], NULL, NULL,
		    NULL);
		if (rc == SQLITE_OK &&
		    strstr(store_migrations[v], STORE_META_AUDIT_KEYED) != NULL)
			rc = keyed_seal(s);
		if (rc != SQLITE_OK)
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
		    (int)v + 1);
		rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			goto fail;
	}
fail:
	store_sql_fail(err, s->path, s->db, rc, "upgrading the store");
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Pages added to the WAL after which the checkpointer is woken (SQLite's
 * own default), and after which the writer checkpoints itself, should
 * the checkpointer ever fall that far behind (1 GiB).
 * The WAL starts again from its beginning only when a checkpoint has
 * copied all of it before the next commit, which a steady stream of
 * commits seldom allows: woken at every commit past the mark, the
 * checkpointer would copy and sync the file a few frames at a time, one
 * sync every few orders. */
#define WAL_POKE_PAGES		1000
#define WAL_INLINE_PAGES	262144

/* The WAL hook: runs on the writer after each commit. */
static int
wal_grew(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store *s = arg;

	if (pages < s->ckpt_pages)
		s->ckpt_pages = 0;		/* the WAL started again */
	if (pages >= WAL_INLINE_PAGES) {
		(void)sqlite3_wal_checkpoint_v2(db, name,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	} else if (pages - s->ckpt_pages >= WAL_POKE_PAGES) {
		s->ckpt_pages = pages;
		store_ckpt_poke(s->ckpt);
	}
	return SQLITE_OK;
}

/* Finalize S's statements and close its connection (and checkpointer). */
void
store_disconnect(struct store *s)
{
	int	i;

	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(s->st[i]);
		s->st[i] = NULL;
	}
	/* The checkpointer's connection goes first, so that closing the
	 * last connection checkpoints and removes the WAL. */
	store_ckpt_stop(s->ckpt);
	s->ckpt = NULL;
	sqlite3_close(s->db);
	s->db = NULL;
}

/*
 * Refuse a damaged store before anything trades on it.  PRAGMA
 * integrity_check of every table with its indexes: the projections that
 * trading reads and updates in place, each index checked against its rows
 * (a lost row in orders_open would lose an open order), and the journal,
 * the truth the projections are rebuilt from and the audit trail, which
 * nothing may be added to while part of it is lost.  On a store of
 * 165,000 orders (118 MB, 495,000 journal rows) this costs about 220 ms
 * with the file in the page cache, 80 ms of it the journal.
 */
static int
store_check_integrity(struct store *s, struct err *err)
{
	sqlite3_stmt *tables, *st;
	char	sql[256], msg[512];
	const char *name;
	int	rc, trc = SQLITE_DONE;

	rc = sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_master WHERE"
	    " type = 'table' ORDER BY name", -1, &tables, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, s->path, s->db, rc, "checking it");
	msg[0] = '\0';
	while (msg[0] == '\0' && (trc = sqlite3_step(tables)) == SQLITE_ROW) {
		name = store_col_str(tables, 0);
		snprintf(sql, sizeof sql, "PRAGMA integrity_check(\"%s\")",
		    name);
		rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
		if (rc != SQLITE_OK)
			break;
		if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
		    strcmp(store_col_str(st, 0), "ok") != 0)
			snprintf(msg, sizeof msg, "table %s: %s", name,
			    store_integrity_line(store_col_str(st, 0), sql,
			    sizeof sql));
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			break;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(tables);
	if (msg[0] != '\0')
		return err_set(err, "%s is damaged (integrity check of %s): "
		    "blotter will not trade on it until it is repaired; see "
		    "blotter --verify, and restore it from a backup", s->path,
		    msg);
	if (rc != SQLITE_OK || (trc != SQLITE_DONE && trc != SQLITE_ROW))
		return store_sql_fail(err, s->path, s->db, rc != SQLITE_OK ?
		    rc : trc, "checking it");
	return 0;
}

/*
 * Open FILE for S (named S->path in messages), check it is ours, load the
 * audit key, upgrade the schema and prepare every statement.  CREATING: a
 * new store's temporary file, which nobody else sees: no WAL, no syncs (a
 * crash leaves only the temporary file), no checkpointer.
 */
static int
store_connect(struct store *s, const char *file, bool creating,
    struct err *err)
{
	char	*many[3] = { NULL, NULL, NULL }, val[128];
	const char *path = s->path;
	int64_t	from;
	bool	empty;
	int	i, rc, version;

	rc = sqlite3_open_v2(file, &s->db, SQLITE_OPEN_READWRITE |
	    (creating ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, path, s->db, rc, "opening");
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (store_check_file(s->db, path, &version, &empty, err) == -1)
		return -1;
	/* A file with nothing in it that blotter did not make is somebody
	 * else's: it is never set up as a store. */
	if (empty && !creating)
		return err_set(err, "%s is not a blotter store (it holds no "
		    "tables): blotter sets up only a file it creates itself",
		    path);
	/* SQLite falls back to read-only when the file is not writable. */
	if (sqlite3_db_readonly(s->db, "main") == 1)
		return err_set(err, "%s is read-only: cannot open it for "
		    "writing", path);
	if (!creating && store_check_integrity(s, err) == -1)
		return -1;
	if (creating) {
		/*
		 * SQLite's pages of 4 KiB.  Pages of 8 or 16 KiB make --batch a
		 * tenth faster (fewer WAL frames for the same rows), but every
		 * commit writes whole pages, and the commit of an order or two
		 * that a venue's report makes writes two to four times the
		 * bytes: a FIX round trip took a third longer (make bench).
		 */
		rc = sqlite3_exec(s->db, "PRAGMA journal_mode = MEMORY;"
		    "PRAGMA synchronous = OFF;", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return store_sql_fail(err, path, s->db, rc,
			    "setting up the connection");
	} else if (store_setup(s, err) == -1) {
		return -1;
	}
	/*
	 * The audit key: made when the store gets its keyed chain (a new
	 * store, or an older one upgraded now); afterwards it must be
	 * there, or the journal could not be chained on.
	 */
	rc = creating ? 0 : meta_text(s->db, STORE_META_AUDIT_KEYED, val,
	    sizeof val);
	if (rc < 0)
		return store_sql_fail(err, path, s->db, -rc, "reading the "
		    "audit trail");
	if (!creating && rc == 0 && version < STORE_SCHEMA_KEYED &&
	    store_key_absent(path, err) == -1)
		return -1;
	/* A key a crash left unlinked (KEY.new-XXXXXX) goes, key and all. */
	store_key_path(path, s->key.path, sizeof s->key.path);
	store_sweep_tmp(s->key.path);
	i = store_key_load(path, rc == 0, &s->key, err);
	if (i == -1)
		return -1;
	if (i == 0)
		return err_set(err, "%s: its audit key %s is missing: blotter "
		    "writes nothing it cannot chain with it; restore the key, "
		    "or set BLOTTER_AUDIT_KEY to where it is kept", path,
		    s->key.path);
	if (store_migrate(s, version, err) == -1 ||
	    store_keyed_read(s->db, path, &s->key, &from, err) == -1)
		return -1;
	many[0] = store_values_sql("INSERT OR FAIL INTO orders("
	    STORE_ORDER_COLS
	    ") VALUES", ORDER_NCOLS, FLUSH_ROWS);
	many[1] = store_values_sql("INSERT OR FAIL INTO journal("
	    JOURNAL_INSERT_COLS ") VALUES", JOURNAL_NCOLS, JOURNAL_ROWS);
	many[2] = store_values_sql("INSERT OR FAIL INTO executions("
	    EXEC_INSERT_COLS ") VALUES", EXEC_NCOLS, FLUSH_ROWS);
	for (i = 0, rc = SQLITE_OK; i < ST_COUNT && rc == SQLITE_OK; i++) {
		const char *sql = stmt_sql[i];

		if (i == ST_ORDER_INSERT_MANY)
			sql = many[0];
		else if (i == ST_JOURNAL_MANY)
			sql = many[1];
		else if (i == ST_EXEC_INSERT_MANY)
			sql = many[2];
		rc = sqlite3_prepare_v3(s->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL);
	}
	for (i = 0; i < 3; i++)
		free(many[i]);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, path, s->db, rc,
		    "preparing the store");
	/* Checkpoint in the background; the hook replaces SQLite's own
	 * checkpoint at commit. */
	if (!creating && (s->ckpt = store_ckpt_start(file)) != NULL)
		sqlite3_wal_hook(s->db, wal_grew, s);
	return 0;
}

/* Remove a new store's temporary file, which never became the store. */
void
store_drop_tmp(struct store *s)
{
	char	p[4200];

	if (s->tmp == NULL)
		return;
	unlink(s->tmp);
	snprintf(p, sizeof p, "%s-journal", s->tmp);
	unlink(p);
	free(s->tmp);
	s->tmp = NULL;
	if (s->tmp_fd != -1)
		close(s->tmp_fd);
	s->tmp_fd = -1;
}

/* The folder of PATH into DIR. */
static void
dir_of(const char *path, char *dir, size_t size)
{
	char	*slash;

	str_copy(dir, size, path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		snprintf(dir, size, ".");
}

/* Is NAME the temporary file of a new store PATH's creation, BASE.new-
 * and the six letters and digits mkostemp() chose? */
static bool
is_tmp_name(const char *name, const char *base)
{
	size_t	n = strlen(base), i;

	if (strncmp(name, base, n) != 0 || strncmp(name + n, ".new-", 5) != 0)
		return false;
	name += n + 5;
	for (i = 0; i < 6; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9')))
			return false;
	return name[6] == '\0';
}

/* Is the open file FD (of status SB) what a creation that stopped left:
 * ours, not locked by a blotter making it now, and never a store in use
 * (a store's file says write-ahead logging in its header; one being made
 * never does)?  A file still empty and under a minute old may be one a
 * blotter has made but not yet locked: it is left for later. */
static bool
is_stale_tmp(int fd, const struct stat *sb)
{
	unsigned char head[20];

	if (!S_ISREG(sb->st_mode) || sb->st_uid != geteuid())
		return false;
	if (sb->st_size == 0 && sb->st_mtime > time(NULL) - 60)
		return false;
	if (pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head &&
	    memcmp(head, "SQLite format 3", 16) == 0 && head[18] == 2)
		return false;
	return flock(fd, LOCK_EX | LOCK_NB) == 0;
}

/*
 * Remove the temporary files that creations of PATH stopped by a crash
 * left beside it (PATH.new-XXXXXX and its rollback journal).  A blotter
 * making the store holds its file locked until it is renamed, so a file
 * nobody holds was left by one that stopped; nothing in it was ever
 * acknowledged (the store exists only once it has its name).
 */
void
store_sweep_tmp(const char *path)
{
	char	dir[4200], p[8400];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct stat sb, now;
	struct dirent *e;
	DIR	*d;
	int	fd;

	dir_of(path, dir, sizeof dir);
	if (*base == '\0' || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!is_tmp_name(e->d_name, base))
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd == -1)
			continue;
		/* Still the file that was checked and locked. */
		if (fstat(fd, &sb) == 0 && is_stale_tmp(fd, &sb) &&
		    lstat(p, &now) == 0 && now.st_ino == sb.st_ino &&
		    now.st_dev == sb.st_dev) {
			unlink(p);
			snprintf(p + strlen(p), sizeof p - strlen(p),
			    "-journal");
			unlink(p);
		}
		close(fd);
	}
	closedir(d);
}

/*
 * The first commit of a new store made it whole: move its temporary file
 * to the store's name, never over a file that is there (another blotter
 * may have created the store meanwhile), and open it there for good.
 */
int
store_publish(struct store *s, struct err *err)
{
	char	dir[4200];
	int	fd, rc;

	store_disconnect(s);
	/* The file's pages reach the disk before its name does. */
	if ((fd = open(s->tmp, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1) {
		err_set(err, "%s: cannot save the new store (%s)", s->path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		store_drop_tmp(s);
		return -1;
	}
	close(fd);
	rc = renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->path, RENAME_NOREPLACE);
	if (rc == -1 && (errno == EINVAL || errno == ENOSYS)) {
		/* A file system without it: link() fails on an existing
		 * name too. */
		if ((rc = link(s->tmp, s->path)) == 0)
			unlink(s->tmp);
	}
	if (rc == -1) {
		if (errno == EEXIST)
			err_set(err, "%s was created by another blotter "
			    "meanwhile; nothing was written to it: start "
			    "again", s->path);
		else
			err_set(err, "%s cannot be created (%s)", s->path,
			    strerror(errno));
		store_drop_tmp(s);
		return -1;
	}
	free(s->tmp);
	s->tmp = NULL;
	close(s->tmp_fd);
	s->tmp_fd = -1;
	dir_of(s->path, dir, sizeof dir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	return store_connect(s, s->path, false, err);
}

/*
 * A new store is made under a temporary name beside PATH and becomes
 * PATH only when its first transaction commits: a crash or a failure
 * before that leaves no store, never half of one, and what the creator
 * writes in that transaction (the seed data) comes with the schema.
 */
struct store *
store_open(const char *path, struct err *err)
{
	struct store *s;
	struct stat sb;
	char	tmp[4200];
	int	fd;

	if (path == NULL || *path == '\0') {
		err_set(err, "no store file was named");
		return NULL;
	}
	store_sqlite_setup();
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->dirty_orders = hmap_new();
	s->dirty_pos = hmap_new();
	s->tmp_fd = -1;
	store_sweep_tmp(path);
	if (stat(path, &sb) == 0) {
		/* A store on a read-only file system or without write
		 * permission: say so plainly (SQLite would fail later, on
		 * the WAL index). */
		if (access(path, W_OK) == -1 && (errno == EROFS ||
		    errno == EACCES || errno == EPERM)) {
			err_set(err, "%s is read-only: cannot open it for "
			    "writing (%s)", path, strerror(errno));
			goto fail;
		}
		if (!S_ISREG(sb.st_mode)) {
			err_set(err, "%s is not a blotter store (not a file)",
			    path);
			goto fail;
		}
		if (sb.st_size == 0) {
			err_set(err, "%s is empty, not a blotter store: blotter "
			    "sets up only a file it creates itself; remove it "
			    "or name a new file", path);
			goto fail;
		}
		if (store_connect(s, path, false, err) == -1)
			goto fail;
		return s;
	}
	if (errno != ENOENT) {
		err_set(err, "%s cannot be opened (%s)", path,
		    strerror(errno));
		goto fail;
	}
	/* Created 0600 (mkstemp): a store is its owner's alone, and SQLite
	 * gives the -wal and -shm files the database file's mode. */
	snprintf(tmp, sizeof tmp, "%s.new-XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		err_set(err, "%s cannot be opened (%s)", path,
		    strerror(errno));
		goto fail;
	}
	/* Locked until it is the store or removed: a blotter cleaning up
	 * after a crashed creation leaves it (store_sweep_tmp()). */
	(void)flock(fd, LOCK_EX);
	s->tmp_fd = fd;
	s->tmp = xstrdup(tmp);
	s->is_new = true;
	if (store_connect(s, tmp, true, err) == -1)
		goto fail;
	return s;
fail:
	store_destroy(s);
	return NULL;
}

void
store_destroy(struct store *s)
{
	struct dirty_order *o;
	struct dirty_pos *p;

	if (s == NULL)
		return;
	if (s->db != NULL && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	store_disconnect(s);
	store_drop_tmp(s);
	while ((o = s->free_orders) != NULL) {
		s->free_orders = o->next;
		free(o);
	}
	while ((p = s->free_pos) != NULL) {
		s->free_pos = p->next;
		free(p);
	}
	hmap_free(s->dirty_orders);
	hmap_free(s->dirty_pos);
	free(s->jb.p);
	free(s->jtext.p);
	free(s->hx);
	free(s->flush);
	free(s->path);
	free(s);
}
