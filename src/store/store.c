/* src/store/store.c: the SQLite store.
 *
 * One file holds an append-only journal (seq, ts, user, kind, ref, body,
 * hash) of every event, the truth, and projections built from it:
 * reference data, quotes and marks, orders, executions and positions,
 * users, compliance rules, halts and alerts.  A writer runs inside
 * store_begin()/store_commit(); each event appends its journal row (a
 * compact JSON object) and updates the projections in the same
 * transaction, so a crash keeps both or neither.
 *
 * The journal is also the audit trail.  Each row carries the user it was
 * written for (store_set_user()) and an HMAC-SHA-256, under the audit key
 * kept outside the store (auditkey.c), over the hash of the row before it
 * and its own seq, ts, user, kind, ref and body (see store_chain_hash()),
 * so a row changed, inserted or deleted behind blotter's back breaks the
 * chain, and without the key it cannot be recomputed.  The head of the chain is read with
 * the journal's last seq at store_begin(), moved on by each row added,
 * and saved in meta (audit_head, "SEQ:HEX") at each commit that added
 * rows, so rows cut from the end are seen too.  A store upgraded from
 * schema 2 starts its chain at its first new row (meta audit_from); one
 * upgraded from schema 4 keys its chain from its first new row (meta
 * audit_keyed), the rows before keeping their plain SHA-256.
 *
 * A new store is built under a temporary name (PATH.new-XXXXXX), without
 * a WAL, and renamed to PATH when its first transaction commits: the
 * schema and whatever that transaction wrote (the seed data) arrive
 * together or not at all.  An existing store is checked (integrity_check
 * of its projections) before anything is written to it.
 *
 * Most rows are held back and written together, many to a statement,
 * when the transaction commits or earlier when a read needs their table:
 *
 *   - journal rows, JOURNAL_ROWS at a time.  Under BEGIN IMMEDIATE only
 *     this connection writes, so each row's seq is counted from the
 *     journal's largest at begin and known before the row is written.
 *   - order and position rows, in two maps of dirty copies (order id, and
 *     "account<US>symbol", to the newest copy): an order that gets new,
 *     ack and fill in one transaction costs one row write.
 *   - the executions of orders created in this transaction, which are
 *     checked for a repeated exec id in memory.  Other executions are
 *     written at once: their insert is the check.
 *
 * The journal has no index but its seq.  An order row's seq is the
 * journal seq of its order.new entry, so creation order is seq order, and
 * its last_seq that of its latest entry: its history lies between the two.
 * An execution row keeps the seq of its fill entry.
 *
 * Every statement is prepared once, at open.  A write that fails part way
 * through marks the transaction broken: commit then rolls it back, so no
 * step is ever half saved.  The schema grows by numbered migration steps
 * (PRAGMA user_version), each in its own transaction. */
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

#define STORE_BUSY_MS	5000
#define POS_KEY_MAX	(ACCOUNT_MAX + SYMBOL_MAX + 1)
#define ORDER_NCOLS	27	/* in STORE_ORDER_COLS */
#define FLUSH_ROWS	32	/* new orders rows one insert writes */
#define EXEC_NCOLS	10	/* in ST_EXEC_INSERT */
#define JOURNAL_NCOLS	6	/* ts, kind, ref, body, user, hash */
#define JOURNAL_ROWS	64	/* journal rows one insert writes */

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
	 * and of a status, for paging by key (store_page_orders()): a page
	 * of a filter that few orders match is found at once, not by a scan
	 * of every newer order.  Account and symbol never change after
	 * order.new (no update sets them), so each costs an order one
	 * insert; the status, one more each time a transaction leaves the
	 * order in another status (an order that is entered and filled in
	 * one is written once).
	 */
	"CREATE INDEX orders_account ON orders(account, seq);"
	"CREATE INDEX orders_symbol ON orders(symbol, seq);"
	"CREATE INDEX orders_status ON orders(status, seq);",
};

/* The columns ST_EXEC_INSERT writes, EXEC_NCOLS of them. */
#define EXEC_INSERT_COLS \
	"order_id, exec_id, account, symbol, side, qty, px, ts, busted, seq"
/* The columns ST_JOURNAL writes, JOURNAL_NCOLS of them. */
#define JOURNAL_INSERT_COLS	"ts, kind, ref, body, user, hash"
/* The columns of an audit row as read back. */
#define AUDIT_COLS	"seq, ts, user, kind, ref, body, hash"

/* The prepared statements, by use. */
enum {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_JOURNAL,
	ST_JOURNAL_MANY,
	ST_JOURNAL_LAST,
	ST_INSTRUMENT_PUT,
	ST_ACCOUNT_PUT,
	ST_FX_PUT,
	ST_QUOTE_PUT,
	ST_ORDER_INSERT,
	ST_ORDER_INSERT_MANY,
	ST_ORDER_UPDATE,
	ST_ORDER_GET,
	ST_ORDER_SEQ,
	ST_ORDER_RANGE,
	ST_EXEC_INSERT,
	ST_EXEC_INSERT_MANY,
	ST_EXEC_BUST,
	ST_EXEC_SEEN,
	ST_EXEC_EACH,
	ST_HISTORY,
	ST_POSITION_PUT,
	ST_LOAD_INSTRUMENTS,
	ST_LOAD_ACCOUNTS,
	ST_LOAD_FX,
	ST_LOAD_QUOTES,
	ST_LOAD_ORDERS,
	ST_LOAD_POSITIONS,
	ST_ORDER_TOTAL,
	ST_META_GET,
	ST_META_SET,
	ST_ORDER_TOUCH,
	ST_USER_PUT,
	ST_USER_GET,
	ST_USER_EACH,
	ST_RULE_PUT,
	ST_RULE_SEEN,
	ST_RULE_DEL,
	ST_RULE_EACH,
	ST_HALT_PUT,
	ST_HALT_DEL,
	ST_HALT_EACH,
	ST_ALERT_PUT,
	ST_ALERT_EACH,
	ST_AUDIT_ALL,
	ST_AUDIT_ORDER,
	ST_DATA_VERSION,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_JOURNAL] = "INSERT INTO journal(" JOURNAL_INSERT_COLS ")"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	/* JOURNAL_ROWS rows at once (see ST_ORDER_INSERT_MANY). */
	[ST_JOURNAL_MANY] = NULL,		/* built at open */
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
	    " WHERE ?1 IS NULL OR kind = ?1 ORDER BY seq",
	/* An order's entries: the range of its history (see ST_HISTORY),
	 * its events and the audit entries filed under it. */
	[ST_AUDIT_ORDER] = "SELECT " AUDIT_COLS " FROM journal"
	    " WHERE seq BETWEEN ?1 AND ?2 AND ref = ?3"
	    " AND kind NOT IN " SJ_REFDATA_SQL
	    " AND (?4 IS NULL OR kind = ?4) ORDER BY seq",
};

/* An order row held back until commit, and the free list it returns to. */
struct dirty_order {
	struct order o;
	int64_t	seq;			/* journal seq of its order.new */
	int64_t	last_seq;		/* of its latest journal entry */
	bool	fresh;			/* not in the orders table yet */
	int	execs;			/* its first held_exec, or -1 */
	struct dirty_order *next;	/* free list */
};

/* An execution of an order created in this transaction, held back with
 * it.  No row of such an order can be in the executions table, so its
 * held executions are all a repeated exec id is checked against. */
struct held_exec {
	struct store_exec x;
	int64_t	seq;			/* of its fill entry */
	int	next;			/* the order's next held_exec, or -1 */
};

struct dirty_pos {
	struct position p;
	struct dirty_pos *next;		/* free list */
};

/* A journal body being written: one JSON object.  Also the text of the
 * journal rows held back. */
struct jbuf {
	char	*p;
	size_t	len, cap;
	bool	first;			/* no member written yet */
};

/* A journal row held back; its user, kind, ref and body are in the
 * store's held text, at these offsets. */
struct jrow {
	int64_t	ts;
	size_t	user, userlen;
	size_t	kind, kindlen;
	size_t	ref, reflen;
	size_t	body, bodylen;
	unsigned char hash[STORE_HASH_LEN];
};

struct store {
	sqlite3	*db;
	char	*path;
	bool	is_new;
	char	*tmp;			/* a new store's file until its first
					   commit (see store_open()), or NULL */
	int	tmp_fd;			/* holds tmp locked (flock), or -1 */
	bool	in_txn;
	bool	broken;			/* a write in this transaction failed */
	int64_t	seq;			/* the journal's last seq, in a txn */
	int64_t	begin_seq;		/* ... as it was at store_begin() */
	unsigned char head[STORE_HASH_LEN];	/* the hash of row seq */
	bool	cut;			/* the recorded head was not the last
					   row's at begin (see head_check) */
	int64_t	cut_seq;		/* the recorded head */
	unsigned char first_prev[STORE_HASH_LEN];	/* head at begin */
	struct store_key key;		/* the audit trail's */
	char	user[USER_MAX];		/* store_set_user() */
	size_t	userlen;
	sqlite3_stmt *st[ST_COUNT];
	struct hmap *dirty_orders;	/* id -> struct dirty_order */
	struct hmap *dirty_pos;		/* "acct\037sym" -> struct dirty_pos */
	struct dirty_order *free_orders;
	struct dirty_pos *free_pos;
	struct held_exec *hx;		/* of fresh dirty orders */
	int	nhx, caphx;
	struct jbuf jb;
	struct jrow jrows[JOURNAL_ROWS];	/* held back, seq order */
	int	njrows;			/* the last has seq S->seq */
	struct jbuf jtext;		/* their refs and bodies */
	struct store_ckpt *ckpt;	/* background checkpoints, or NULL */
	struct dirty_order **batch;	/* what insert_orders() is writing */
	/* Every numeric order id in the orders table is at most id_max, as
	 * long as id_max_ok and no other connection has committed since
	 * data_version read id_max_dv: a new order with a larger numeric id
	 * needs no lookup to be known new.  Too large only costs lookups. */
	int64_t	id_max;
	int64_t	id_max_dv;
	bool	id_max_ok;
};

/* --- Names of enums as stored --------------------------------------------- */

#define NAME_LOOKUP(fn, type, count, namefn)				\
int									\
fn(const char *s, type *out)						\
{									\
	int	i;							\
									\
	for (i = 0; s != NULL && i < (int)(count); i++)			\
		if (strcmp(s, namefn((type)i)) == 0) {			\
			*out = (type)i;					\
			return 0;					\
		}							\
	return -1;							\
}

NAME_LOOKUP(store_side_of, enum order_side, SIDE_COUNT, order_side_name)
NAME_LOOKUP(store_type_of, enum order_type, OTYPE_COUNT, order_type_name)
NAME_LOOKUP(store_tif_of, enum order_tif, TIF_COUNT, order_tif_name)
NAME_LOOKUP(store_status_of, enum order_status, ORDER_STATUS_COUNT,
    order_status_name)
NAME_LOOKUP(store_event_of, enum order_event, OEV_EVENT_COUNT,
    order_event_name)
NAME_LOOKUP(store_class_of, enum asset_class, ASSET_CLASS_COUNT,
    asset_class_name)
NAME_LOOKUP(store_role_of, enum user_role, ROLE_COUNT, user_role_name)
NAME_LOOKUP(store_rule_kind_of, enum rule_kind, RULE_KIND_COUNT,
    rule_kind_name)
NAME_LOOKUP(store_rule_action_of, enum rule_action, RULE_ACTION_COUNT,
    rule_action_name)
NAME_LOOKUP(store_rule_by_of, enum rule_by, RULE_BY_COUNT, rule_by_name)

#undef NAME_LOOKUP

/* --- Journal kinds and the hash chain ------------------------------------- */

static const char *const order_kinds[] = {
	SJ_ORDER_NEW, SJ_ORDER_STATUS, SJ_ORDER_AMEND, SJ_ORDER_STOP, SJ_FILL,
	SJ_BUST, SJ_ORDER_BLOCK
};

static const char *const other_kinds[] = {
	SJ_INSTRUMENT, SJ_ACCOUNT, SJ_FX, SJ_USER_ADD, SJ_RULE_ADD,
	SJ_RULE_ENABLE, SJ_RULE_DISABLE, SJ_RULE_DEL, SJ_HALT, SJ_RESUME,
	SJ_ALERT, SJ_POSITION
};

bool
store_kind_order(const char *kind)
{
	size_t	i;

	for (i = 0; i < sizeof order_kinds / sizeof order_kinds[0]; i++)
		if (strcmp(kind, order_kinds[i]) == 0)
			return true;
	return false;
}

bool
store_kind_reserved(const char *kind)
{
	size_t	i;

	if (strncmp(kind, "order.", 6) == 0 || store_kind_order(kind))
		return true;
	for (i = 0; i < sizeof other_kinds / sizeof other_kinds[0]; i++)
		if (strcmp(kind, other_kinds[i]) == 0)
			return true;
	return false;
}

void
store_put_be64(unsigned char *p, uint64_t v)
{
	int	i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

/* Hash row R chained to PREV, under KEY when not NULL.  The fixed part and
 * the three short strings go to SHA-256 in one piece when they fit, the
 * body in another: on the write path this is a few hundred nanoseconds a
 * row (the key's padded blocks are hashed once, in KEY). */
void
store_chain_hash(const unsigned char *prev, const struct store_chain_row *r,
    const struct store_key *key, unsigned char *out)
{
	static const unsigned char nul;
	unsigned char head[STORE_HASH_LEN + 16 + 256], *p = head;
	struct hmac_sha256 m;
	struct sha256 *c = &m.inner;

	if (key != NULL)
		m = key->mac;
	else
		sha256_init(c);
	memcpy(p, prev, STORE_HASH_LEN);
	store_put_be64(p + STORE_HASH_LEN, (uint64_t)r->seq);
	store_put_be64(p + STORE_HASH_LEN + 8, (uint64_t)r->ts);
	p += STORE_HASH_LEN + 16;
	if (r->userlen + r->kindlen + r->reflen + 3 <=
	    sizeof head - (size_t)(p - head)) {
		memcpy(p, r->user, r->userlen);
		p += r->userlen;
		*p++ = 0;
		memcpy(p, r->kind, r->kindlen);
		p += r->kindlen;
		*p++ = 0;
		memcpy(p, r->ref, r->reflen);
		p += r->reflen;
		*p++ = 0;
		sha256_update(c, head, (size_t)(p - head));
	} else {
		/* Only a doctored row read back by verify is this long. */
		sha256_update(c, head, (size_t)(p - head));
		sha256_update(c, r->user, r->userlen);
		sha256_update(c, &nul, 1);
		sha256_update(c, r->kind, r->kindlen);
		sha256_update(c, &nul, 1);
		sha256_update(c, r->ref, r->reflen);
		sha256_update(c, &nul, 1);
	}
	sha256_update(c, r->body, r->bodylen);
	if (key != NULL)
		hmac_sha256_final(&m, out);
	else
		sha256_final(c, out);
}

/* Read "SEQ:HEX", as head_save() writes it. */
int
store_head_parse(const char *text, int64_t *seq, unsigned char *hash)
{
	int64_t	v = 0;

	if (text == NULL || *text < '0' || *text > '9')
		return -1;
	for (; *text >= '0' && *text <= '9'; text++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*text - '0');
	}
	if (*text++ != ':')
		return -1;
	if (sha256_hex_decode(text, hash, STORE_HASH_LEN) == -1)
		return -1;
	if (text[2 * STORE_HASH_LEN] != '\0')
		return -1;
	*seq = v;
	return 0;
}

/* "SEQ:HEX" of SEQ and HASH into BUF (at least 24 + 2 * STORE_HASH_LEN
 * bytes); returns its length. */
static int
head_format(char *buf, size_t size, int64_t seq, const unsigned char *hash)
{
	int	n;

	n = snprintf(buf, size, "%lld:", (long long)seq);
	sha256_hex_encode(hash, STORE_HASH_LEN, buf + n);
	n += 2 * STORE_HASH_LEN;
	buf[n] = '\0';
	return n;
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
static int
run(sqlite3_stmt *st)
{
	int	rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* The first column of the first row of SQL as an integer. */
static int
query_int(sqlite3 *db, const char *sql, int64_t *out)
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
static void
bind_str(sqlite3_stmt *st, int i, const char *s, size_t max)
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

static const char *
col_str(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* --- Row readers (columns as in store-int.h) ------------------------------ */

int
store_order_from_row(sqlite3_stmt *st, struct order *o, int64_t *seq,
    int64_t *last_seq, const char **bad)
{
	memset(o, 0, sizeof *o);
	store_col_text(st, 0, o->id, sizeof o->id);
	store_col_text(st, 1, o->account, sizeof o->account);
	store_col_text(st, 2, o->symbol, sizeof o->symbol);
	if (store_side_of(col_str(st, 3), &o->side) == -1)
		return *bad = "side", -1;
	if (store_type_of(col_str(st, 4), &o->type) == -1)
		return *bad = "type", -1;
	if (store_tif_of(col_str(st, 5), &o->tif) == -1)
		return *bad = "tif", -1;
	if (store_status_of(col_str(st, 6), &o->status) == -1)
		return *bad = "status", -1;
	if (store_status_of(col_str(st, 7), &o->prev_status) == -1)
		return *bad = "prev_status", -1;
	o->qty = sqlite3_column_int64(st, 8);
	o->cum_qty = sqlite3_column_int64(st, 9);
	o->notional = sqlite3_column_int64(st, 10);
	o->limit_px = sqlite3_column_int64(st, 11);
	o->stop_px = sqlite3_column_int64(st, 12);
	o->trail = sqlite3_column_int64(st, 13);
	o->trail_pct = sqlite3_column_int(st, 14) != 0;
	o->triggered = sqlite3_column_int(st, 15) != 0;
	o->gtd_date = (int32_t)sqlite3_column_int64(st, 16);
	store_col_text(st, 17, o->venue, sizeof o->venue);
	store_col_text(st, 18, o->note, sizeof o->note);
	store_col_text(st, 19, o->reason, sizeof o->reason);
	o->created = sqlite3_column_int64(st, 20);
	o->updated = sqlite3_column_int64(st, 21);
	if (seq != NULL)
		*seq = sqlite3_column_int64(st, 22);
	if (last_seq != NULL)
		*last_seq = sqlite3_column_int64(st, 23);
	store_col_text(st, 24, o->user, sizeof o->user);
	store_col_text(st, 25, o->block, sizeof o->block);
	store_col_text(st, 26, o->login, sizeof o->login);
	return 0;
}

int
store_instrument_from_row(sqlite3_stmt *st, struct instrument *in,
    const char **bad)
{
	memset(in, 0, sizeof *in);
	store_col_text(st, 0, in->symbol, sizeof in->symbol);
	if (store_class_of(col_str(st, 1), &in->cls) == -1)
		return *bad = "class", -1;
	store_col_text(st, 2, in->ccy, sizeof in->ccy);
	in->tick = sqlite3_column_int64(st, 3);
	in->lot = sqlite3_column_int64(st, 4);
	in->mult = sqlite3_column_int64(st, 5);
	store_col_text(st, 6, in->issuer, sizeof in->issuer);
	store_col_text(st, 7, in->sector, sizeof in->sector);
	store_col_text(st, 8, in->underlying, sizeof in->underlying);
	return 0;
}

void
store_account_from_row(sqlite3_stmt *st, struct account *a)
{
	memset(a, 0, sizeof *a);
	store_col_text(st, 0, a->id, sizeof a->id);
	store_col_text(st, 1, a->name, sizeof a->name);
	store_col_text(st, 2, a->ccy, sizeof a->ccy);
	a->nav = sqlite3_column_int64(st, 3);
	a->cash = sqlite3_column_int64(st, 4);
}

void
store_position_from_row(sqlite3_stmt *st, struct position *p)
{
	memset(p, 0, sizeof *p);
	store_col_text(st, 0, p->account, sizeof p->account);
	store_col_text(st, 1, p->symbol, sizeof p->symbol);
	p->qty = sqlite3_column_int64(st, 2);
	p->cost = sqlite3_column_int64(st, 3);
	p->realized = sqlite3_column_int64(st, 4);
}

int
store_exec_from_row(sqlite3_stmt *st, struct store_exec *x,
    const char **bad)
{
	memset(x, 0, sizeof *x);
	store_col_text(st, 0, x->exec_id, sizeof x->exec_id);
	store_col_text(st, 1, x->order_id, sizeof x->order_id);
	store_col_text(st, 2, x->account, sizeof x->account);
	store_col_text(st, 3, x->symbol, sizeof x->symbol);
	if (store_side_of(col_str(st, 4), &x->side) == -1)
		return *bad = "side", -1;
	x->qty = sqlite3_column_int64(st, 5);
	x->px = sqlite3_column_int64(st, 6);
	x->ts = sqlite3_column_int64(st, 7);
	x->busted = sqlite3_column_int(st, 8) != 0;
	return 0;
}

int
store_user_from_row(sqlite3_stmt *st, struct store_user *u,
    const char **bad)
{
	memset(u, 0, sizeof *u);
	store_col_text(st, 0, u->login, sizeof u->login);
	if (store_role_of(col_str(st, 1), &u->role) == -1)
		return *bad = "role", -1;
	store_col_text(st, 2, u->name, sizeof u->name);
	u->created = sqlite3_column_int64(st, 3);
	return 0;
}

int
store_rule_from_row(sqlite3_stmt *st, struct rule *r, int64_t *seq,
    const char **bad)
{
	memset(r, 0, sizeof *r);
	store_col_text(st, 0, r->id, sizeof r->id);
	if (store_rule_kind_of(col_str(st, 1), &r->kind) == -1)
		return *bad = "kind", -1;
	if (store_rule_action_of(col_str(st, 2), &r->action) == -1)
		return *bad = "action", -1;
	r->enabled = sqlite3_column_int(st, 3) != 0;
	store_col_text(st, 4, r->acct, sizeof r->acct);
	store_col_text(st, 5, r->sym, sizeof r->sym);
	store_col_text(st, 6, r->issuer, sizeof r->issuer);
	store_col_text(st, 7, r->trader, sizeof r->trader);
	if (store_rule_by_of(col_str(st, 8), &r->by) == -1)
		return *bad = "by", -1;
	r->allow = (unsigned)sqlite3_column_int64(st, 9);
	r->limit = sqlite3_column_int64(st, 10);
	r->warn_at = sqlite3_column_int64(st, 11);
	r->have_kind = true;
	if (seq != NULL)
		*seq = sqlite3_column_int64(st, 12);
	return 0;
}

void
store_alert_from_row(sqlite3_stmt *st, struct store_alert *a)
{
	memset(a, 0, sizeof *a);
	a->seq = sqlite3_column_int64(st, 0);
	a->ts = sqlite3_column_int64(st, 1);
	store_col_text(st, 2, a->kind, sizeof a->kind);
	store_col_text(st, 3, a->account, sizeof a->account);
	store_col_text(st, 4, a->symbol, sizeof a->symbol);
	store_col_text(st, 5, a->rule_id, sizeof a->rule_id);
	store_col_text(st, 6, a->user, sizeof a->user);
	store_col_text(st, 7, a->detail, sizeof a->detail);
}

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
	rc = query_int(db, "PRAGMA schema_version", &v);
	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA user_version", &v);
	if (rc == SQLITE_OK)
		rc = query_int(db, "SELECT count(*) FROM sqlite_master",
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
	app = rc == SQLITE_ROW ? col_str(st, 0) : NULL;
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
	mode = rc == SQLITE_ROW ? col_str(st, 0) : NULL;
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
		snprintf(buf, size, "%s", col_str(st, 0));
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
	head_format(val, sizeof val, from, seal);
	rc = sqlite3_prepare_v2(s->db, "UPDATE meta SET value = ?1 WHERE key"
	    " = '" STORE_META_AUDIT_KEYED "'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(st, 1, val, -1, SQLITE_STATIC);
	rc = run(st);
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
		rc = query_int(s->db, "PRAGMA user_version", &v);
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

/* HEAD followed by NROWS groups of NCOLS parameters; caller frees. */
static char *
values_sql(const char *head, int ncols, int nrows)
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

/* Open PATH, check it is ours, upgrade it and prepare every statement. */
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

/* Pages in the WAL after which the checkpointer is woken (SQLite's own
 * default), and after which the writer checkpoints itself, should the
 * checkpointer ever fall that far behind. */
#define WAL_POKE_PAGES		1000
#define WAL_INLINE_PAGES	262144

/* The WAL hook: runs on the writer after each commit. */
static int
wal_grew(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store *s = arg;

	if (pages >= WAL_INLINE_PAGES)
		(void)sqlite3_wal_checkpoint_v2(db, name,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	else if (pages >= WAL_POKE_PAGES)
		store_ckpt_poke(s->ckpt);
	return SQLITE_OK;
}

/* Finalize S's statements and close its connection (and checkpointer). */
static void
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

const char *
store_integrity_line(const char *line, char *buf, size_t size)
{
	static const char main_db[] = "*** in database main ***\n";
	size_t	i;

	if (strncmp(line, main_db, sizeof main_db - 1) == 0)
		line += sizeof main_db - 1;
	snprintf(buf, size, "%s", line);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')
			buf[i] = ' ';
	return buf;
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
		name = col_str(tables, 0);
		snprintf(sql, sizeof sql, "PRAGMA integrity_check(\"%s\")",
		    name);
		rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
		if (rc != SQLITE_OK)
			break;
		if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
		    strcmp(col_str(st, 0), "ok") != 0)
			snprintf(msg, sizeof msg, "table %s: %s", name,
			    store_integrity_line(col_str(st, 0), sql,
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
	many[0] = values_sql("INSERT OR FAIL INTO orders(" STORE_ORDER_COLS
	    ") VALUES", ORDER_NCOLS, FLUSH_ROWS);
	many[1] = values_sql("INSERT OR FAIL INTO journal("
	    JOURNAL_INSERT_COLS ") VALUES", JOURNAL_NCOLS, JOURNAL_ROWS);
	many[2] = values_sql("INSERT OR FAIL INTO executions("
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
static void
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

	snprintf(dir, size, "%s", path);
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
static int
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
	store_close(s);
	return NULL;
}

/* --- Held-back projections ------------------------------------------------ */

static int	journal_flush(struct store *, struct err *);

/* Forget the held-back rows; their copies go back to the free lists. */
static void
dirty_drop(struct store *s)
{
	size_t	pos = 0;
	void	*val;

	s->nhx = 0;
	if (hmap_count(s->dirty_orders) > 0) {
		while (hmap_next(s->dirty_orders, &pos, NULL, &val)) {
			struct dirty_order *d = val;

			d->next = s->free_orders;
			s->free_orders = d;
		}
		hmap_free(s->dirty_orders);
		s->dirty_orders = hmap_new();
	}
	pos = 0;
	if (hmap_count(s->dirty_pos) > 0) {
		while (hmap_next(s->dirty_pos, &pos, NULL, &val)) {
			struct dirty_pos *d = val;

			d->next = s->free_pos;
			s->free_pos = d;
		}
		hmap_free(s->dirty_pos);
		s->dirty_pos = hmap_new();
	}
}

/* Mark the open transaction broken after a failed write, so commit will
 * not save half a step, and explain RC.  A failure before anything of the
 * step was written leaves the transaction as it was, unless SQLite rolled
 * it back itself (a full disk, an I/O error). */
static int
write_fail(struct store *s, int rc, bool partial, const char *what,
    struct err *err)
{
	if (s->in_txn && (partial || sqlite3_get_autocommit(s->db)))
		s->broken = true;
	return store_sql_fail(err, s->path, s->db, rc, what);
}

/* Bind D to the orders insert (FRESH) or update statement, as the row
 * whose first parameter is B + 1; the update has no id, account or
 * symbol. */
static void
bind_order(sqlite3_stmt *st, int b, const struct dirty_order *d,
    bool fresh)
{
	const struct order *o = &d->o;

	if (fresh) {
		bind_str(st, b + 1, o->id, sizeof o->id);
		bind_str(st, b + 2, o->account, sizeof o->account);
		bind_str(st, b + 3, o->symbol, sizeof o->symbol);
	}
	sqlite3_bind_text(st, b + 4, order_side_name(o->side), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, b + 5, order_type_name(o->type), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, b + 6, order_tif_name(o->tif), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, b + 7, order_status_name(o->status), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, b + 8, order_status_name(o->prev_status), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, b + 9, o->qty);
	sqlite3_bind_int64(st, b + 10, o->cum_qty);
	sqlite3_bind_int64(st, b + 11, o->notional);
	sqlite3_bind_int64(st, b + 12, o->limit_px);
	sqlite3_bind_int64(st, b + 13, o->stop_px);
	sqlite3_bind_int64(st, b + 14, o->trail);
	sqlite3_bind_int(st, b + 15, o->trail_pct);
	sqlite3_bind_int(st, b + 16, o->triggered);
	sqlite3_bind_int64(st, b + 17, o->gtd_date);
	bind_str(st, b + 18, o->venue, sizeof o->venue);
	bind_str(st, b + 19, o->note, sizeof o->note);
	bind_str(st, b + 20, o->reason, sizeof o->reason);
	sqlite3_bind_int64(st, b + 21, o->created);
	sqlite3_bind_int64(st, b + 22, o->updated);
	sqlite3_bind_int64(st, b + 23, d->seq);
	sqlite3_bind_int64(st, b + 24, d->last_seq);
	bind_str(st, b + 25, o->user, sizeof o->user);
	bind_str(st, b + 26, o->block, sizeof o->block);
	if (fresh)
		bind_str(st, b + 27, o->login, sizeof o->login);
}

/* Insert rows 0..N-1: FULL rows to a statement with MANY (NCOLS
 * parameters a row), the rest one by one with ONE.  BIND binds row I to a
 * statement as the row whose first parameter is B + 1.  Returns SQLite's
 * result code. */
static int
insert_rows(struct store *s, int many, int one, int full, int ncols, int n,
    void (*bind)(struct store *, sqlite3_stmt *, int b, int i))
{
	sqlite3_stmt *st = s->st[many];
	int	i = 0, k, rc = SQLITE_OK;

	for (; i + full <= n && rc == SQLITE_OK; i += full) {
		for (k = 0; k < full; k++)
			bind(s, st, k * ncols, i + k);
		rc = run(st);
	}
	st = s->st[one];
	for (; i < n && rc == SQLITE_OK; i++) {
		bind(s, st, 0, i);
		rc = run(st);
	}
	return rc;
}

/* The new orders being inserted by insert_orders(). */
static void
bind_batch_order(struct store *s, sqlite3_stmt *st, int b, int i)
{
	bind_order(st, b, s->batch[i], true);
}

/* Insert the N new orders of BATCH: FLUSH_ROWS in one statement, fewer
 * one by one.  Fails with the transaction marked broken. */
static int
insert_orders(struct store *s, struct dirty_order **batch, int n,
    struct err *err)
{
	char	what[64 + ORDER_ID_MAX];
	int	rc;

	s->batch = batch;
	rc = insert_rows(s, ST_ORDER_INSERT_MANY, ST_ORDER_INSERT, FLUSH_ROWS,
	    ORDER_NCOLS, n, bind_batch_order);
	s->batch = NULL;
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving order %s%s",
		    batch[0]->o.id, n > 1 ? " and the next" : "");
		return write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Bind execution X, of journal seq SEQ, to the executions insert as the
 * row whose first parameter is B + 1. */
static void
bind_exec(sqlite3_stmt *st, int b, const struct store_exec *x, int64_t seq)
{
	bind_str(st, b + 1, x->order_id, sizeof x->order_id);
	bind_str(st, b + 2, x->exec_id, sizeof x->exec_id);
	bind_str(st, b + 3, x->account, sizeof x->account);
	bind_str(st, b + 4, x->symbol, sizeof x->symbol);
	sqlite3_bind_text(st, b + 5, order_side_name(x->side), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, b + 6, x->qty);
	sqlite3_bind_int64(st, b + 7, x->px);
	sqlite3_bind_int64(st, b + 8, x->ts);
	sqlite3_bind_int(st, b + 9, x->busted);
	sqlite3_bind_int64(st, b + 10, seq);
}

static void
bind_held_exec(struct store *s, sqlite3_stmt *st, int b, int i)
{
	bind_exec(st, b, &s->hx[i].x, s->hx[i].seq);
}

/* Insert the held executions: FLUSH_ROWS a statement, the rest one by
 * one.  Fails with the transaction marked broken. */
static int
insert_execs(struct store *s, struct err *err)
{
	int	rc = insert_rows(s, ST_EXEC_INSERT_MANY, ST_EXEC_INSERT,
	    FLUSH_ROWS, EXEC_NCOLS, s->nhx, bind_held_exec);

	if (rc != SQLITE_OK)
		return write_fail(s, rc, true, "saving executions", err);
	s->nhx = 0;
	return 0;
}

/* Write the held-back order and position rows.  Fails with the
 * transaction marked broken. */
static int
dirty_flush(struct store *s, struct err *err)
{
	struct dirty_order *batch[FLUSH_ROWS];
	char	what[64 + ORDER_ID_MAX];
	size_t	pos = 0;
	void	*val;
	int	n = 0, rc;

	while (hmap_next(s->dirty_orders, &pos, NULL, &val)) {
		struct dirty_order *d = val;
		sqlite3_stmt *st = s->st[ST_ORDER_UPDATE];

		if (d->fresh) {
			batch[n++] = d;
			if (n == FLUSH_ROWS) {
				if (insert_orders(s, batch, n, err) == -1)
					return -1;
				n = 0;
			}
			continue;
		}
		bind_order(st, 0, d, false);
		rc = run(st);
		if (rc != SQLITE_OK) {
			snprintf(what, sizeof what, "saving order %s",
			    d->o.id);
			return write_fail(s, rc, true, what, err);
		}
	}
	if (n > 0 && insert_orders(s, batch, n, err) == -1)
		return -1;
	if (s->nhx > 0 && insert_execs(s, err) == -1)
		return -1;
	pos = 0;
	while (hmap_next(s->dirty_pos, &pos, NULL, &val)) {
		struct dirty_pos *d = val;
		sqlite3_stmt *st = s->st[ST_POSITION_PUT];

		bind_str(st, 1, d->p.account, sizeof d->p.account);
		bind_str(st, 2, d->p.symbol, sizeof d->p.symbol);
		sqlite3_bind_int64(st, 3, d->p.qty);
		sqlite3_bind_int64(st, 4, d->p.cost);
		sqlite3_bind_int64(st, 5, d->p.realized);
		rc = run(st);
		if (rc != SQLITE_OK)
			return write_fail(s, rc, true, "saving a position",
			    err);
	}
	dirty_drop(s);
	return 0;
}

/* Refuse a read that would first write what a broken transaction holds
 * back. */
static int
check_unbroken(struct store *s, struct err *err)
{
	if (s->broken)
		return err_set(err, "%s: an earlier write in this transaction "
		    "failed; roll it back first", s->path);
	return 0;
}

/* Write what is held back before a read of the orders, executions or
 * positions. */
static int
flush_for_read(struct store *s, struct err *err)
{
	if (hmap_count(s->dirty_orders) == 0 && hmap_count(s->dirty_pos) == 0)
		return 0;
	if (check_unbroken(s, err) == -1)
		return -1;
	return dirty_flush(s, err);
}

/* Write the journal rows held back before a read of the journal. */
static int
journal_for_read(struct store *s, struct err *err)
{
	if (s->njrows == 0)
		return 0;
	if (check_unbroken(s, err) == -1)
		return -1;
	return journal_flush(s, err);
}

/* Hold back O as it is after journal entry LAST; D is its copy held
 * already, or NULL, and SEQ the seq of its order.new. */
static void
dirty_order_put(struct store *s, struct dirty_order *d,
    const struct order *o, int64_t seq, int64_t last, bool fresh)
{
	if (d != NULL) {
		d->o = *o;
		d->last_seq = last;
		return;
	}
	if (s->free_orders != NULL) {
		d = s->free_orders;
		s->free_orders = d->next;
	} else {
		d = xmalloc(sizeof *d);
	}
	d->o = *o;
	d->seq = seq;
	d->last_seq = last;
	d->fresh = fresh;
	d->execs = -1;
	d->next = NULL;
	hmap_put(s->dirty_orders, d->o.id, d);
}

static void
dirty_pos_put(struct store *s, const struct position *p)
{
	char	key[POS_KEY_MAX];
	size_t	na = strnlen(p->account, ACCOUNT_MAX - 1);
	size_t	ns = strnlen(p->symbol, SYMBOL_MAX - 1);
	struct dirty_pos *d;

	/* "account\037symbol" */
	memcpy(key, p->account, na);
	key[na] = '\037';
	memcpy(key + na + 1, p->symbol, ns);
	key[na + 1 + ns] = '\0';
	d = hmap_get(s->dirty_pos, key);
	if (d == NULL) {
		if (s->free_pos != NULL) {
			d = s->free_pos;
			s->free_pos = d->next;
		} else {
			d = xmalloc(sizeof *d);
		}
		d->next = NULL;
		hmap_put(s->dirty_pos, key, d);
	}
	d->p = *p;
}

int
store_audit_head(struct store *s, char *buf, size_t size, struct err *err)
{
	unsigned char h[STORE_HASH_LEN];
	sqlite3_stmt *st = s->st[ST_JOURNAL_LAST];
	int64_t	seq = 0;
	int	rc;

	if (journal_for_read(s, err) == -1)
		return -1;
	memset(h, 0, sizeof h);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == STORE_HASH_LEN)
			memcpy(h, sqlite3_column_blob(st, 1), sizeof h);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(err, s->path, s->db, rc, "reading the "
		    "audit trail");
	if (size < STORE_HEAD_MAX)
		return err_set(err, "no room for the head of the audit trail");
	head_format(buf, size, seq, h);
	return 0;
}

/* --- Closing and transactions --------------------------------------------- */

/* Close S, rolling back an open transaction; NULL is a no-op. */
void
store_close(struct store *s)
{
	struct dirty_order *o;
	struct dirty_pos *p;

	if (s == NULL)
		return;
	if (s->db != NULL && s->dirty_orders != NULL)
		store_rollback(s);
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
	free(s->path);
	free(s);
}

bool
store_is_new(const struct store *s)
{
	return s->is_new;
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

/* Set how long a write waits for another process's lock. */
void
store_set_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(s->db, ms > 0 ? ms : 0);
}

bool
store_in_txn(const struct store *s)
{
	return s->in_txn;
}

/* Set meta KEY to VALUE as part of the commit; fails with the
 * transaction marked broken. */
static int
meta_put(struct store *s, const char *key, const char *value,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_META_SET];
	int	rc;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = run(st);
	if (rc != SQLITE_OK)
		return write_fail(s, rc, true, "saving the head of the audit "
		    "trail", err);
	return 0;
}

/* Save the head of the chain, "SEQ:HEX", when this transaction added
 * rows: a journal that ends before it lost rows from its end.  When the
 * head recorded before did not match the last row, record that too (the
 * new rows are chained to it). */
static int
head_save(struct store *s, const unsigned char *first_prev,
    struct err *err)
{
	char	key[32 + 24], val[24 + 2 * STORE_HASH_LEN];

	if (s->seq == s->begin_seq)
		return 0;
	if (s->cut) {
		snprintf(key, sizeof key, STORE_META_AUDIT_CUT "%lld",
		    (long long)s->begin_seq);
		head_format(val, sizeof val, s->cut_seq, first_prev);
		if (meta_put(s, key, val, err) == -1)
			return -1;
	}
	head_format(val, sizeof val, s->seq, s->head);
	return meta_put(s, STORE_META_AUDIT_HEAD, val, err);
}

/*
 * Compare the head recorded at the last commit with the journal's last
 * row.  They differ only when the journal was changed behind blotter's
 * back: rows cut from its end, or added, or the last one replaced.  The
 * new rows are then chained to the recorded head, not to the last row,
 * so that writing on does not make the damage disappear.
 */
static int
head_check(struct store *s, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_META_GET];
	unsigned char h[STORE_HASH_LEN];
	int64_t	seq = 0;
	int	rc, bad = -1;

	sqlite3_bind_text(st, 1, STORE_META_AUDIT_HEAD, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		bad = store_head_parse(col_str(st, 0), &seq, h);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(err, s->path, s->db, rc,
		    "starting a transaction");
	s->cut = false;
	/* None yet (an upgraded store), or unreadable: verify says so. */
	if (rc == SQLITE_DONE || bad == -1)
		return 0;
	if (seq == s->seq && memcmp(h, s->head, STORE_HASH_LEN) == 0)
		return 0;
	s->cut = true;
	s->cut_seq = seq;
	memcpy(s->head, h, STORE_HASH_LEN);
	return 0;
}

/* Start a write transaction (BEGIN IMMEDIATE: the lock is taken now, so a
 * busy store fails here, before any work is done). */
int
store_begin(struct store *s, struct err *err)
{
	sqlite3_stmt *st;
	int	rc;

	if (s->in_txn)
		return err_set(err, "%s: a transaction is already open",
		    s->path);
	if (s->db == NULL)
		return err_set(err, "%s is closed after an earlier failure",
		    s->path);
	rc = run(s->st[ST_BEGIN]);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, s->path, s->db, rc,
		    "starting a transaction");
	/*
	 * Under BEGIN IMMEDIATE no other connection writes until we commit,
	 * so the journal's seqs can be counted from here: an entry held back
	 * knows its seq before it is written, and so do the execution and
	 * order rows that point at it.  So can its hash: the chain goes on
	 * from the last row's (from zeros after a row written before the
	 * chain began), unless head_check() finds the journal changed.
	 */
	st = s->st[ST_JOURNAL_LAST];
	rc = sqlite3_step(st);
	s->seq = 0;
	memset(s->head, 0, sizeof s->head);
	if (rc == SQLITE_ROW) {
		const void *h = sqlite3_column_blob(st, 1);

		s->seq = sqlite3_column_int64(st, 0);
		if (h != NULL && sqlite3_column_bytes(st, 1) == STORE_HASH_LEN)
			memcpy(s->head, h, STORE_HASH_LEN);
	}
	s->begin_seq = s->seq;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_sql_fail(err, s->path, s->db, rc,
		    "starting a transaction");
		run(s->st[ST_ROLLBACK]);
		return -1;
	}
	if (head_check(s, err) == -1) {
		run(s->st[ST_ROLLBACK]);
		return -1;
	}
	memcpy(s->first_prev, s->head, STORE_HASH_LEN);
	/* Another blotter's orders may be above the largest id known. */
	if (s->id_max_ok) {
		int64_t	dv;
		struct err e2;

		if (store_data_version(s, &dv, &e2) == -1 ||
		    dv != s->id_max_dv)
			s->id_max_ok = false;
	}
	s->in_txn = true;
	s->broken = false;
	return 0;
}

/* Write the held-back rows and commit; on any failure roll everything
 * back, so the caller never has half a transaction saved. */
int
store_commit(struct store *s, struct err *err)
{
	int	rc;

	if (!s->in_txn)
		return err_set(err, "%s: no transaction is open to commit",
		    s->path);
	if (s->broken || sqlite3_get_autocommit(s->db)) {
		store_rollback(s);
		return err_set(err, "%s: a write in this transaction failed; "
		    "nothing from it was saved", s->path);
	}
	if (journal_flush(s, err) == -1 || dirty_flush(s, err) == -1 ||
	    head_save(s, s->first_prev, err) == -1) {
		store_rollback(s);
		return -1;
	}
	rc = run(s->st[ST_COMMIT]);
	if (rc != SQLITE_OK) {
		store_sql_fail(err, s->path, s->db, rc, "saving");
		store_rollback(s);
		return -1;
	}
	s->in_txn = false;
	if (s->tmp != NULL)
		return store_publish(s, err);
	return 0;
}

/* Forget the open transaction and what it held back. */
void
store_rollback(struct store *s)
{
	int	i;

	if (s == NULL)
		return;
	dirty_drop(s);
	s->njrows = 0;
	s->jtext.len = 0;
	if (s->db != NULL && (s->in_txn || !sqlite3_get_autocommit(s->db))) {
		/* A read left mid-way must not keep the rollback waiting. */
		for (i = 0; i < ST_COUNT; i++)
			if (s->st[i] != NULL)
				sqlite3_reset(s->st[i]);
		if (!sqlite3_get_autocommit(s->db))
			run(s->st[ST_ROLLBACK]);
	}
	s->in_txn = false;
	s->broken = false;
}

/* Refuse a journaled write outside a transaction or in a broken one. */
static int
check_writable(struct store *s, struct err *err)
{
	if (!s->in_txn)
		return err_set(err, "%s: a write outside a transaction was "
		    "refused", s->path);
	if (s->broken)
		return err_set(err, "%s: an earlier write in this transaction "
		    "failed; nothing more is written until it is rolled back",
		    s->path);
	return 0;
}

/* --- Journal bodies: compact JSON ----------------------------------------- */

/* Make room for N more bytes and a terminating NUL. */
static void
jb_need(struct jbuf *b, size_t n)
{
	size_t	cap;

	if (b->len + n + 1 <= b->cap)
		return;
	cap = b->cap != 0 ? b->cap : 512;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

static void
jb_begin(struct jbuf *b)
{
	b->len = 0;
	jb_need(b, 1);
	b->p[b->len++] = '{';
	b->first = true;
}

static void
jb_end(struct jbuf *b)
{
	jb_need(b, 1);
	b->p[b->len++] = '}';
	b->p[b->len] = '\0';
}

/* Member name KEY (plain ASCII, no escaping needed) and its colon. */
static void
jb_key(struct jbuf *b, const char *key)
{
	size_t	n = strlen(key);

	jb_need(b, n + 4);
	if (!b->first)
		b->p[b->len++] = ',';
	b->first = false;
	b->p[b->len++] = '"';
	memcpy(b->p + b->len, key, n);
	b->len += n;
	b->p[b->len++] = '"';
	b->p[b->len++] = ':';
}

/* V in decimal, written by hand: snprintf spends more on reading its
 * format than on the digits. */
static void
jb_int(struct jbuf *b, const char *key, int64_t v)
{
	char	tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t	n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof tmp - p);
	jb_key(b, key);
	jb_need(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
jb_bool(struct jbuf *b, const char *key, bool v)
{
	jb_key(b, key);
	jb_need(b, 5);
	memcpy(b->p + b->len, v ? "true" : "false", v ? 4 : 5);
	b->len += v ? 4 : 5;
}

/* A JSON string of S (at most MAX bytes): quote and backslash escaped,
 * control characters as \n, \t, ... or \u00XX; other bytes as they are. */
static void
jb_str(struct jbuf *b, const char *key, const char *s, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t	i, n = strnlen(s, max);
	char	*p;

	jb_key(b, key);
	jb_need(b, 6 * n + 2);
	p = b->p + b->len;
	*p++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
		case '\\':
			*p++ = '\\';
			*p++ = (char)c;
			break;
		case '\b':
			*p++ = '\\';
			*p++ = 'b';
			break;
		case '\f':
			*p++ = '\\';
			*p++ = 'f';
			break;
		case '\n':
			*p++ = '\\';
			*p++ = 'n';
			break;
		case '\r':
			*p++ = '\\';
			*p++ = 'r';
			break;
		case '\t':
			*p++ = '\\';
			*p++ = 't';
			break;
		default:
			if (c < 0x20) {
				memcpy(p, "\\u00", 4);
				p[4] = hex[c >> 4];
				p[5] = hex[c & 0xf];
				p += 6;
			} else {
				*p++ = (char)c;
			}
		}
	}
	*p++ = '"';
	b->len = (size_t)(p - b->p);
}

static void
jb_name(struct jbuf *b, const char *key, const char *name)
{
	jb_str(b, key, name, 64);
}

/*
 * Every field of O.  Fields at their default (zero, false, empty; the
 * previous status the same as the status, updated the same as created)
 * are left out: a new order's entry is then about half the size, which
 * is less to write and less to hash on every order.  Readers take a
 * missing member as its default.
 */
static void
jb_order(struct jbuf *b, const struct order *o)
{
	jb_begin(b);
	jb_str(b, "id", o->id, sizeof o->id);
	jb_str(b, "account", o->account, sizeof o->account);
	jb_str(b, "symbol", o->symbol, sizeof o->symbol);
	jb_name(b, "side", order_side_name(o->side));
	jb_name(b, "type", order_type_name(o->type));
	jb_name(b, "tif", order_tif_name(o->tif));
	jb_name(b, "status", order_status_name(o->status));
	if (o->prev_status != o->status)
		jb_name(b, "prev_status", order_status_name(o->prev_status));
	jb_int(b, "qty", o->qty);
	if (o->cum_qty)
		jb_int(b, "cum_qty", o->cum_qty);
	if (o->notional)
		jb_int(b, "notional", o->notional);
	if (o->limit_px)
		jb_int(b, "limit_px", o->limit_px);
	if (o->stop_px)
		jb_int(b, "stop_px", o->stop_px);
	if (o->trail)
		jb_int(b, "trail", o->trail);
	if (o->trail_pct)
		jb_bool(b, "trail_pct", o->trail_pct);
	if (o->triggered)
		jb_bool(b, "triggered", o->triggered);
	if (o->gtd_date)
		jb_int(b, "gtd_date", o->gtd_date);
	jb_str(b, "venue", o->venue, sizeof o->venue);
	if (o->note[0])
		jb_str(b, "note", o->note, sizeof o->note);
	if (o->reason[0])
		jb_str(b, "reason", o->reason, sizeof o->reason);
	jb_int(b, "created", o->created);
	if (o->updated != o->created)
		jb_int(b, "updated", o->updated);
	if (o->user[0])
		jb_str(b, "user", o->user, sizeof o->user);
	if (o->block[0])
		jb_str(b, "block", o->block, sizeof o->block);
	if (o->login[0])
		jb_str(b, "login", o->login, sizeof o->login);
	jb_end(b);
}

/* The fields of C that are set, as members of the open object. */
static void
jb_change(struct jbuf *b, const struct order_change *c)
{
	if (c->have_qty)
		jb_int(b, "qty", c->qty);
	if (c->have_limit)
		jb_int(b, "limit", c->limit_px);
	if (c->have_stop)
		jb_int(b, "stop", c->stop_px);
	if (c->have_tif) {
		jb_name(b, "tif", order_tif_name(c->tif));
		if (c->tif == TIF_GTD)
			jb_int(b, "gtd", c->gtd_date);
	}
}

/* The login of REC, when it names one, as a member of the open object. */
static void
jb_login(struct jbuf *b, const struct store_order_rec *rec)
{
	if (rec->login != NULL && rec->login[0] != '\0')
		jb_str(b, "login", rec->login, USER_MAX);
}

/* Bind held-back row R as the row whose first parameter is B + 1. */
static void
bind_jrow(struct store *s, sqlite3_stmt *st, int b, const struct jrow *r)
{
	const char *t = s->jtext.p;

	sqlite3_bind_int64(st, b + 1, r->ts);
	sqlite3_bind_text(st, b + 2, t + r->kind, (int)r->kindlen,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, b + 3, t + r->ref, (int)r->reflen,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, b + 4, t + r->body, (int)r->bodylen,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, b + 5, t + r->user, (int)r->userlen,
	    SQLITE_STATIC);
	sqlite3_bind_blob(st, b + 6, r->hash, STORE_HASH_LEN, SQLITE_STATIC);
}

static void
bind_held_jrow(struct store *s, sqlite3_stmt *st, int b, int i)
{
	bind_jrow(s, st, b, &s->jrows[i]);
}

/*
 * Insert the journal rows held back: JOURNAL_ROWS in one statement, fewer
 * one by one.  They belong to steps already done, so a failure marks the
 * transaction broken.
 *
 * SQLite gives each row one more than the largest seq, the seq counted
 * for it, and appends it without looking the seq up first; the last
 * row's seq confirms the count.
 */
static int
journal_flush(struct store *s, struct err *err)
{
	int	n = s->njrows, rc;

	if (n == 0)
		return 0;
	rc = insert_rows(s, ST_JOURNAL_MANY, ST_JOURNAL, JOURNAL_ROWS,
	    JOURNAL_NCOLS, n, bind_held_jrow);
	s->njrows = 0;
	s->jtext.len = 0;
	if (rc != SQLITE_OK)
		return write_fail(s, rc, true, "journaling", err);
	if (sqlite3_last_insert_rowid(s->db) != s->seq) {
		s->broken = true;
		return err_set(err, "%s: journal seq %lld was expected, SQLite "
		    "gave %lld", s->path, (long long)s->seq,
		    (long long)sqlite3_last_insert_rowid(s->db));
	}
	return 0;
}

/* Copy N bytes of SRC to the end of the held text; returns their
 * offset.  Room was made already. */
static size_t
jtext_put(struct jbuf *t, const char *src, size_t n)
{
	size_t	off = t->len;

	memcpy(t->p + off, src, n);
	t->len += n;
	return off;
}

/* Append a journal row with the body in S->jb, as seq S->seq + 1, by the
 * current user, and chain it: its hash becomes the head.  It is held back
 * and written with others when JOURNAL_ROWS are waiting, before a read of
 * the journal, or at commit. */
static int
journal_add(struct store *s, int64_t ts, const char *kind, const char *ref,
    size_t refmax, struct err *err)
{
	struct jbuf *t = &s->jtext;
	struct store_chain_row c;
	struct jrow *r;

	if (s->njrows == JOURNAL_ROWS && journal_flush(s, err) == -1)
		return -1;
	r = &s->jrows[s->njrows];
	r->ts = ts;
	r->userlen = s->userlen;
	r->kindlen = strlen(kind);
	r->reflen = strnlen(ref, refmax);
	r->bodylen = s->jb.len;
	jb_need(t, r->userlen + r->kindlen + r->reflen + r->bodylen);
	r->user = jtext_put(t, s->user, r->userlen);
	r->kind = jtext_put(t, kind, r->kindlen);
	r->ref = jtext_put(t, ref, r->reflen);
	r->body = jtext_put(t, s->jb.p, r->bodylen);
	c.seq = s->seq + 1;
	c.ts = ts;
	c.user = s->user;
	c.userlen = r->userlen;
	c.kind = kind;
	c.kindlen = r->kindlen;
	c.ref = ref;
	c.reflen = r->reflen;
	c.body = s->jb.p;
	c.bodylen = r->bodylen;
	store_chain_hash(s->head, &c, &s->key, r->hash);
	memcpy(s->head, r->hash, STORE_HASH_LEN);
	s->njrows++;
	s->seq++;
	return 0;
}

/* --- Reference data and quotes -------------------------------------------- */

/* Journal INST and put it in the instruments table. */
int
store_put_instrument(struct store *s, const struct instrument *in,
    int64_t ts, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_INSTRUMENT_PUT];
	char	what[32 + SYMBOL_MAX];
	int	rc;

	if (check_writable(s, err) == -1)
		return -1;
	if (in->symbol[0] == '\0')
		return err_set(err, "%s: an instrument without a symbol "
		    "cannot be stored", s->path);
	jb_begin(&s->jb);
	jb_str(&s->jb, "symbol", in->symbol, sizeof in->symbol);
	jb_name(&s->jb, "class", asset_class_name(in->cls));
	jb_str(&s->jb, "ccy", in->ccy, sizeof in->ccy);
	jb_int(&s->jb, "tick", in->tick);
	jb_int(&s->jb, "lot", in->lot);
	jb_int(&s->jb, "mult", in->mult);
	jb_str(&s->jb, "issuer", in->issuer, sizeof in->issuer);
	jb_str(&s->jb, "sector", in->sector, sizeof in->sector);
	jb_str(&s->jb, "underlying", in->underlying, sizeof in->underlying);
	jb_end(&s->jb);
	if (journal_add(s, ts, SJ_INSTRUMENT, in->symbol, sizeof in->symbol,
	    err) == -1)
		return -1;
	bind_str(st, 1, in->symbol, sizeof in->symbol);
	sqlite3_bind_text(st, 2, asset_class_name(in->cls), -1, SQLITE_STATIC);
	bind_str(st, 3, in->ccy, sizeof in->ccy);
	sqlite3_bind_int64(st, 4, in->tick);
	sqlite3_bind_int64(st, 5, in->lot);
	sqlite3_bind_int64(st, 6, in->mult);
	bind_str(st, 7, in->issuer, sizeof in->issuer);
	bind_str(st, 8, in->sector, sizeof in->sector);
	bind_str(st, 9, in->underlying, sizeof in->underlying);
	rc = run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving instrument %.*s",
		    SYMBOL_MAX - 1, in->symbol);
		return write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Journal ACCT and put it in the accounts table. */
int
store_put_account(struct store *s, const struct account *a, int64_t ts,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ACCOUNT_PUT];
	char	what[32 + ACCOUNT_MAX];
	int	rc;

	if (check_writable(s, err) == -1)
		return -1;
	if (a->id[0] == '\0')
		return err_set(err, "%s: an account without an id cannot be "
		    "stored", s->path);
	jb_begin(&s->jb);
	jb_str(&s->jb, "id", a->id, sizeof a->id);
	jb_str(&s->jb, "name", a->name, sizeof a->name);
	jb_str(&s->jb, "ccy", a->ccy, sizeof a->ccy);
	jb_int(&s->jb, "nav", a->nav);
	jb_int(&s->jb, "cash", a->cash);
	jb_end(&s->jb);
	if (journal_add(s, ts, SJ_ACCOUNT, a->id, sizeof a->id, err) == -1)
		return -1;
	bind_str(st, 1, a->id, sizeof a->id);
	bind_str(st, 2, a->name, sizeof a->name);
	bind_str(st, 3, a->ccy, sizeof a->ccy);
	sqlite3_bind_int64(st, 4, a->nav);
	sqlite3_bind_int64(st, 5, a->cash);
	rc = run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving account %.*s",
		    ACCOUNT_MAX - 1, a->id);
		return write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Journal an fx rate and put it in the fx table. */
int
store_put_fx(struct store *s, const char *pair, int64_t rate, int64_t ts,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FX_PUT];
	int	rc;

	if (check_writable(s, err) == -1)
		return -1;
	if (pair == NULL || *pair == '\0' || strlen(pair) >= SYMBOL_MAX)
		return err_set(err, "%s: an fx rate needs a currency pair",
		    s->path);
	jb_begin(&s->jb);
	jb_int(&s->jb, "rate", rate);
	jb_end(&s->jb);
	if (journal_add(s, ts, SJ_FX, pair, SYMBOL_MAX, err) == -1)
		return -1;
	bind_str(st, 1, pair, SYMBOL_MAX);
	sqlite3_bind_int64(st, 2, rate);
	rc = run(st);
	if (rc != SQLITE_OK)
		return write_fail(s, rc, true, "saving an fx rate", err);
	return 0;
}

/* Journal start-of-day holdings and hold the position back for commit. */
int
store_load_position(struct store *s, const struct position *pos, int64_t ts,
    struct err *err)
{
	if (check_writable(s, err) == -1)
		return -1;
	if (pos->account[0] == '\0' || pos->symbol[0] == '\0')
		return err_set(err, "%s: a position needs an account and a "
		    "symbol", s->path);
	jb_begin(&s->jb);
	jb_str(&s->jb, "account", pos->account, sizeof pos->account);
	jb_str(&s->jb, "symbol", pos->symbol, sizeof pos->symbol);
	jb_int(&s->jb, "qty", pos->qty);
	jb_int(&s->jb, "cost", pos->cost);
	jb_end(&s->jb);
	if (journal_add(s, ts, SJ_POSITION, pos->account, sizeof pos->account,
	    err) == -1)
		return -1;
	dirty_pos_put(s, pos);
	return 0;
}

/* Put the latest quote and mark of a symbol (no journal row: market data
 * is not an event of ours).  Works inside or outside a transaction. */
int
store_put_quote(struct store *s, const struct quote *q, int64_t mark,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_QUOTE_PUT];
	int	rc;

	if (s->broken)
		return check_writable(s, err);
	bind_str(st, 1, q->symbol, sizeof q->symbol);
	sqlite3_bind_int64(st, 2, q->bid);
	sqlite3_bind_int64(st, 3, q->ask);
	sqlite3_bind_int64(st, 4, q->bidsz);
	sqlite3_bind_int64(st, 5, q->asksz);
	sqlite3_bind_int64(st, 6, mark);
	rc = run(st);
	if (rc != SQLITE_OK)
		return write_fail(s, rc, false, "saving a quote", err);
	return 0;
}

/* --- Orders --------------------------------------------------------------- */

/* Whether ID has a row in the orders table (1, with its seq), 0, or -1. */
static int
order_row_seq(struct store *s, const char *id, int64_t *seq,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ORDER_SEQ];
	int	rc;

	bind_str(st, 1, id, ORDER_ID_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(err, s->path, s->db, rc, "looking up an order");
}

/* REC's execution as stored. */
static void
exec_of(struct store_exec *x, const struct order *o,
    const struct store_order_rec *rec)
{
	size_t	n = strlen(rec->exec_id);	/* checked: < EXEC_ID_MAX */

	memcpy(x->exec_id, rec->exec_id, n + 1);
	memcpy(x->order_id, o->id, sizeof x->order_id);
	memcpy(x->account, o->account, sizeof x->account);
	memcpy(x->symbol, o->symbol, sizeof x->symbol);
	x->side = o->side;
	x->qty = rec->qty;
	x->px = rec->px;
	x->ts = rec->ts;
	x->busted = false;
}

/* The fill or bust of REC for D, an order created in this transaction:
 * hold the execution back, or mark the held one busted. */
static int
order_exec_held(struct store *s, struct dirty_order *d,
    const struct order *o, const struct store_order_rec *rec,
    struct err *err)
{
	struct held_exec *h;
	int	i;

	for (i = d->execs; i != -1; i = s->hx[i].next)
		if (strcmp(s->hx[i].x.exec_id, rec->exec_id) == 0)
			break;
	if (rec->kind == SOJ_BUST) {
		if (i == -1 || s->hx[i].x.busted)
			return err_set(err, "%s: order %s has no fill %s to "
			    "bust; nothing was saved", s->path, o->id,
			    rec->exec_id);
		s->hx[i].x.busted = true;
		return 0;
	}
	if (i != -1) {
		err_set(err, "%s: execution %s of order %s was already "
		    "recorded; nothing was saved", s->path, rec->exec_id,
		    o->id);
		return STORE_DUPLICATE;
	}
	if (s->nhx == s->caphx) {
		s->caphx = s->caphx != 0 ? s->caphx * 2 : 256;
		s->hx = xrealloc(s->hx, (size_t)s->caphx * sizeof *s->hx);
	}
	h = &s->hx[s->nhx];
	exec_of(&h->x, o, rec);
	h->seq = s->seq + 1;		/* the fill entry's, written next */
	h->next = d->execs;
	d->execs = s->nhx++;
	return 0;
}

/* The step of a fill or bust that can be refused, done before anything
 * else is written: record the execution, or mark it busted.  D is the
 * order's held-back copy, if any. */
static int
order_exec(struct store *s, struct dirty_order *d, const struct order *o,
    const struct store_order_rec *rec, struct err *err)
{
	struct store_exec x;
	sqlite3_stmt *st;
	char	what[64 + EXEC_ID_MAX];
	int	rc;

	if (d != NULL && d->fresh)
		return order_exec_held(s, d, o, rec, err);
	if (rec->kind == SOJ_FILL) {
		/* Its seq is that of the fill entry written next. */
		st = s->st[ST_EXEC_INSERT];
		exec_of(&x, o, rec);
		bind_exec(st, 0, &x, s->seq + 1);
		rc = run(st);
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			err_set(err, "%s: execution %s of order %s was "
			    "already recorded; nothing was saved", s->path,
			    rec->exec_id, o->id);
			return STORE_DUPLICATE;
		}
	} else {
		st = s->st[ST_EXEC_BUST];
		bind_str(st, 1, o->id, sizeof o->id);
		bind_str(st, 2, rec->exec_id, EXEC_ID_MAX);
		rc = run(st);
		if (rc == SQLITE_OK && sqlite3_changes(s->db) == 0)
			return err_set(err, "%s: order %s has no fill %s to "
			    "bust; nothing was saved", s->path, o->id,
			    rec->exec_id);
	}
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving execution %.*s",
		    EXEC_ID_MAX - 1, rec->exec_id);
		return write_fail(s, rc, false, what, err);
	}
	return 0;
}

/* Check REC before anything is written. */
static int
order_rec_check(struct store *s, const struct order *o,
    const struct store_order_rec *rec, struct err *err)
{
	switch (rec->kind) {
	case SOJ_NEW:
	case SOJ_STOP:
	case SOJ_BLOCK:
		return 0;
	case SOJ_STATUS:
		if ((unsigned)rec->ev >= OEV_EVENT_COUNT)
			return err_set(err, "%s: order %s: unknown event %d",
			    s->path, o->id, (int)rec->ev);
		return 0;
	case SOJ_AMEND:
		if (rec->chg == NULL)
			return err_set(err, "%s: order %s: an amend without "
			    "a change", s->path, o->id);
		return 0;
	case SOJ_FILL:
	case SOJ_BUST:
		if (rec->exec_id == NULL || rec->exec_id[0] == '\0' ||
		    strlen(rec->exec_id) >= EXEC_ID_MAX)
			return err_set(err, "%s: order %s: a %s needs an "
			    "execution id (1 to %d characters)", s->path,
			    o->id, rec->kind == SOJ_FILL ? "fill" : "bust",
			    EXEC_ID_MAX - 1);
		return 0;
	}
	return err_set(err, "%s: order %s: unknown journal kind %d", s->path,
	    o->id, (int)rec->kind);
}

/* ID's value when it is all digits, 1 to 18 of them (as
 * store_order_id_max() counts ids); -1 otherwise. */
static int64_t
numeric_id(const char *id)
{
	int64_t	v = 0;
	size_t	n;

	for (n = 0; id[n] != '\0'; n++) {
		if (id[n] < '0' || id[n] > '9' || n == 18)
			return -1;
		v = v * 10 + (id[n] - '0');
	}
	return n > 0 ? v : -1;
}

/* Journal REC for O and update its projections. */
int
store_order(struct store *s, const struct order *o,
    const struct store_order_rec *rec, const struct position *pos,
    struct err *err)
{
	struct dirty_order *d;
	const char *kind = NULL;
	int64_t	seq = 0;		/* of the order's order.new */
	int64_t	nid;
	int	found;

	if (check_writable(s, err) == -1)
		return -1;
	if (o->id[0] == '\0' || strnlen(o->id, sizeof o->id) == sizeof o->id)
		return err_set(err, "%s: an order needs an id of 1 to %d "
		    "characters", s->path, ORDER_ID_MAX - 1);
	if (order_rec_check(s, o, rec, err) == -1)
		return -1;
	d = hmap_get(s->dirty_orders, o->id);
	found = d != NULL;
	nid = numeric_id(o->id);
	if (found)
		seq = d->seq;
	else if (rec->kind == SOJ_NEW && s->id_max_ok && nid > s->id_max)
		found = 0;		/* above every numeric id stored */
	else if ((found = order_row_seq(s, o->id, &seq, err)) == -1)
		return -1;
	if (rec->kind == SOJ_NEW && found) {
		err_set(err, "%s: order id %s is already taken; nothing "
		    "was saved", s->path, o->id);
		return STORE_DUPLICATE;
	}
	if (rec->kind != SOJ_NEW && !found)
		return err_set(err, "%s: order %s is not in the store; nothing "
		    "was saved", s->path, o->id);
	if (rec->kind == SOJ_FILL || rec->kind == SOJ_BUST) {
		int rc = order_exec(s, d, o, rec, err);
		if (rc < 0)
			return rc;
	}

	switch (rec->kind) {
	case SOJ_NEW:
		kind = SJ_ORDER_NEW;
		jb_order(&s->jb, o);
		break;
	case SOJ_STATUS:
		kind = SJ_ORDER_STATUS;
		jb_begin(&s->jb);
		jb_name(&s->jb, "event", order_event_name(rec->ev));
		jb_name(&s->jb, "status", order_status_name(o->status));
		if (o->reason[0] != '\0')
			jb_str(&s->jb, "reason", o->reason, sizeof o->reason);
		if (rec->ev == OEV_REPLACED && rec->chg != NULL)
			jb_change(&s->jb, rec->chg);
		jb_login(&s->jb, rec);
		jb_end(&s->jb);
		break;
	case SOJ_AMEND:
		kind = SJ_ORDER_AMEND;
		jb_begin(&s->jb);
		jb_change(&s->jb, rec->chg);
		jb_login(&s->jb, rec);
		jb_end(&s->jb);
		break;
	case SOJ_STOP:
		kind = SJ_ORDER_STOP;
		jb_begin(&s->jb);
		jb_int(&s->jb, "stop", o->stop_px);
		jb_bool(&s->jb, "triggered", o->triggered);
		jb_end(&s->jb);
		break;
	case SOJ_FILL:
	case SOJ_BUST:
		kind = rec->kind == SOJ_FILL ? SJ_FILL : SJ_BUST;
		jb_begin(&s->jb);
		jb_str(&s->jb, "exec_id", rec->exec_id, EXEC_ID_MAX);
		jb_int(&s->jb, "qty", rec->qty);
		jb_int(&s->jb, "px", rec->px);
		jb_str(&s->jb, "account", o->account, sizeof o->account);
		jb_str(&s->jb, "symbol", o->symbol, sizeof o->symbol);
		jb_name(&s->jb, "side", order_side_name(o->side));
		jb_end(&s->jb);
		break;
	case SOJ_BLOCK:
		kind = SJ_ORDER_BLOCK;
		jb_begin(&s->jb);
		jb_str(&s->jb, "block", o->block, sizeof o->block);
		jb_login(&s->jb, rec);
		jb_end(&s->jb);
		break;
	}
	if (journal_add(s, rec->ts, kind, o->id, sizeof o->id, err) == -1) {
		/* The execution row is already in: never commit it alone. */
		if (rec->kind == SOJ_FILL || rec->kind == SOJ_BUST)
			s->broken = true;
		return -1;
	}
	if (rec->kind == SOJ_NEW) {
		seq = s->seq;
		if (nid > s->id_max)
			s->id_max = nid;
	}
	dirty_order_put(s, d, o, seq, s->seq, rec->kind == SOJ_NEW);
	if (pos != NULL && (rec->kind == SOJ_FILL || rec->kind == SOJ_BUST))
		dirty_pos_put(s, pos);
	return 0;
}

/* --- Reads ---------------------------------------------------------------- */

/* Explain a row whose column BAD holds a value this blotter does not
 * know. */
static int
bad_row(struct store *s, const char *table, const char *key,
    const char *bad, struct err *err)
{
	return err_set(err, "%s: %s %s has an unknown %s; run blotter "
	    "--verify", s->path, table, key, bad);
}

/* Read ORDER_ID into OUT: the held-back copy, else the table row. */
int
store_get_order(struct store *s, const char *order_id, struct order *out,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ORDER_GET];
	struct dirty_order *d;
	const char *bad;
	int	rc, r;

	if (order_id == NULL)
		return 0;
	if ((d = hmap_get(s->dirty_orders, order_id)) != NULL) {
		*out = d->o;
		return 1;
	}
	bind_str(st, 1, order_id, ORDER_ID_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct order tmp;

		r = store_order_from_row(st, &tmp, NULL, NULL, &bad);
		sqlite3_reset(st);
		if (r == -1)
			return bad_row(s, "order", order_id, bad, err);
		*out = tmp;
		return 1;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(err, s->path, s->db, rc, "reading an order");
}

/* Whether EXEC_ID of ORDER_ID was recorded already. */
int
store_exec_seen(struct store *s, const char *order_id, const char *exec_id,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_EXEC_SEEN];
	int	rc;

	if (order_id == NULL || exec_id == NULL)
		return 0;
	if (flush_for_read(s, err) == -1)
		return -1;
	bind_str(st, 1, order_id, ORDER_ID_MAX);
	bind_str(st, 2, exec_id, EXEC_ID_MAX);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(err, s->path, s->db, rc,
	    "looking up an execution");
}

/* Append to the SQL in BUF, of SIZE bytes with N used (or wanted): like
 * snprintf, counting on past the end without writing there. */
static size_t
sql_add(char *buf, size_t size, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t
sql_add(char *buf, size_t size, size_t n, const char *fmt, ...)
{
	va_list	ap;
	int	k;

	va_start(ap, fmt);
	k = vsnprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, fmt,
	    ap);
	va_end(ap);
	return n + (k > 0 ? (size_t)k : 0);
}

/* "SELECT WHAT FROM orders" with F's conditions.  The statuses are
 * written as literals (names from a fixed enum, nothing to quote), and
 * the open set as STORE_OPEN_SQL exactly, so the planner can pick
 * orders_open. */
void
store_filter_sql(char *buf, size_t size, const char *what,
    const struct store_order_filter *f, bool ordered)
{
	const char *and = " WHERE ";
	unsigned mask = f != NULL ? f->status_mask : 0;
	size_t	n;
	int	i, k = 0;

	n = sql_add(buf, size, 0, "SELECT %s FROM orders%s", what,
	    mask == STORE_OPEN_MASK ? STORE_OPEN_INDEX : "");
	if (f != NULL && f->acct != NULL && f->acct[0] != '\0') {
		n = sql_add(buf, size, n, "%saccount = ?", and);
		and = " AND ";
	}
	if (f != NULL && f->sym != NULL && f->sym[0] != '\0') {
		n = sql_add(buf, size, n, "%ssymbol = ?", and);
		and = " AND ";
	}
	if (f != NULL && f->block != NULL && strcmp(f->block,
	    STORE_BLOCKS) == 0) {
		n = sql_add(buf, size, n, "%sblock = id AND block <> ''", and);
		and = " AND ";
	} else if (f != NULL && f->block != NULL && f->block[0] != '\0') {
		n = sql_add(buf, size, n, "%sblock = ? AND block <> ''", and);
		and = " AND ";
	}
	if (mask == STORE_OPEN_MASK) {
		n = sql_add(buf, size, n, "%s%s", and, STORE_OPEN_SQL);
	} else if (mask != 0) {
		/* Newest first, several statuses are read down the table's
		 * key: through orders_status, SQLite would sort them all. */
		n = sql_add(buf, size, n, "%s%sstatus IN (", and, ordered &&
		    (mask & (mask - 1)) != 0 ? "+" : "");
		for (i = 0; i < ORDER_STATUS_COUNT; i++)
			if (mask & (1u << i))
				n = sql_add(buf, size, n, "%s'%s'",
				    k++ > 0 ? ", " : "",
				    order_status_name((enum order_status)i));
		/* Only unknown status bits: nothing can match. */
		n = sql_add(buf, size, n, "%s)", k == 0 ? "NULL" : "");
	}
	if (ordered && f != NULL && f->latest > 0)
		sql_add(buf, size, n, " ORDER BY seq DESC LIMIT %zu OFFSET %zu",
		    f->latest, f->skip);
	else if (ordered)
		sql_add(buf, size, n, " ORDER BY seq");
}

/* Bind F's account, symbol and block to ST from parameter 1 on; returns
 * the next parameter's number. */
static int
filter_bind(sqlite3_stmt *st, const struct store_order_filter *f)
{
	int	k = 1;

	if (f != NULL && f->acct != NULL && f->acct[0] != '\0')
		sqlite3_bind_text(st, k++, f->acct, -1, SQLITE_STATIC);
	if (f != NULL && f->sym != NULL && f->sym[0] != '\0')
		sqlite3_bind_text(st, k++, f->sym, -1, SQLITE_STATIC);
	if (f != NULL && f->block != NULL && f->block[0] != '\0' &&
	    strcmp(f->block, STORE_BLOCKS) != 0)
		sqlite3_bind_text(st, k++, f->block, -1, SQLITE_STATIC);
	return k;
}

/* Prepare "SELECT WHAT FROM orders" with F's conditions bound. */
static int
filter_prepare(struct store *s, const char *what,
    const struct store_order_filter *f, bool ordered, sqlite3_stmt **out,
    struct err *err)
{
	char	sql[1024];
	int	rc;

	store_filter_sql(sql, sizeof sql, what, f, ordered);
	rc = sqlite3_prepare_v2(s->db, sql, -1, out, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, s->path, s->db, rc,
		    "reading orders");
	(void)filter_bind(*out, f);
	return 0;
}

/* Call FN for each order matching F, oldest first. */
int
store_each_order(struct store *s, const struct store_order_filter *f,
    int (*fn)(void *, const struct order *), void *ctx, struct err *err)
{
	sqlite3_stmt *st;
	struct order o;
	const char *bad;
	int	rc;

	if (flush_for_read(s, err) == -1 ||
	    filter_prepare(s, STORE_ORDER_COLS, f, true, &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_order_from_row(st, &o, NULL, NULL, &bad) == -1) {
			bad_row(s, "order", o.id, bad, err);
			sqlite3_finalize(st);
			return -1;
		}
		if (fn(ctx, &o) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sql_fail(err, s->path, s->db, rc,
		    "reading orders");
	return 0;
}

/* One arm of a page's query: F's conditions (?1 account, ?2 symbol, ?3
 * block, ?4 the key's seq), with the status condition COND, or none. */
static size_t
page_arm(char *buf, size_t size, size_t n, const struct store_order_filter *f,
    enum store_page where, const char *cond)
{
	const char *and = " WHERE ";

	n = sql_add(buf, size, n, "SELECT " STORE_ORDER_COLS ", seq AS k_"
	    " FROM orders%s", cond != NULL && strcmp(cond, STORE_OPEN_SQL) ==
	    0 ? STORE_OPEN_INDEX : "");
	if (f != NULL && f->acct != NULL && f->acct[0] != '\0') {
		n = sql_add(buf, size, n, "%saccount = ?1", and);
		and = " AND ";
	}
	if (f != NULL && f->sym != NULL && f->sym[0] != '\0') {
		n = sql_add(buf, size, n, "%ssymbol = ?2", and);
		and = " AND ";
	}
	if (f != NULL && f->block != NULL && strcmp(f->block,
	    STORE_BLOCKS) == 0) {
		n = sql_add(buf, size, n, "%sblock = id AND block <> ''", and);
		and = " AND ";
	} else if (f != NULL && f->block != NULL && f->block[0] != '\0') {
		n = sql_add(buf, size, n, "%sblock = ?3 AND block <> ''", and);
		and = " AND ";
	}
	if (cond != NULL) {
		n = sql_add(buf, size, n, "%s%s", and, cond);
		and = " AND ";
	}
	if (where == STORE_PAGE_BEFORE)
		n = sql_add(buf, size, n, "%sseq < ?4", and);
	else if (where == STORE_PAGE_AFTER)
		n = sql_add(buf, size, n, "%sseq > ?4", and);
	return n;
}

/*
 * The statuses: the open set as STORE_OPEN_SQL (orders_open), one status
 * through orders_status; several, one arm each through orders_status,
 * which SQLite merges in seq order (MERGE (UNION ALL)) instead of
 * sorting every match.
 */
void
store_page_sql(char *buf, size_t size, const struct store_order_filter *f,
    enum store_page where)
{
	unsigned mask = f != NULL ? f->status_mask : 0;
	char	cond[64];
	size_t	n = 0;
	int	i, arms = 0;

	if (mask == STORE_OPEN_MASK) {
		n = page_arm(buf, size, n, f, where, STORE_OPEN_SQL);
		arms = 1;
	} else if (mask != 0) {
		for (i = 0; i < ORDER_STATUS_COUNT; i++) {
			if (!(mask & (1u << i)))
				continue;
			snprintf(cond, sizeof cond, "status = '%s'",
			    order_status_name((enum order_status)i));
			if (arms++ > 0)
				n = sql_add(buf, size, n, " UNION ALL ");
			n = page_arm(buf, size, n, f, where, cond);
		}
		/* Only unknown status bits: nothing can match. */
		if (arms == 0)
			n = page_arm(buf, size, n, f, where, "0");
	} else {
		n = page_arm(buf, size, n, f, where, NULL);
	}
	/* The newer pages are read upwards, from the key or the oldest. */
	sql_add(buf, size, n, " ORDER BY k_ %s LIMIT ?5",
	    where == STORE_PAGE_AFTER || where == STORE_PAGE_LAST ? "ASC" :
	    "DESC");
}

int
store_page_orders(struct store *s, const struct store_order_filter *f,
    enum store_page where, const char *key, size_t limit,
    int (*fn)(void *, const struct order *), void *ctx, size_t *n,
    struct err *err)
{
	char	sql[STORE_PAGE_SQL_MAX];
	struct order *up = NULL, o;
	sqlite3_stmt *st;
	const char *bad;
	int64_t	seq = 0;
	size_t	got = 0, i;
	bool	upward = where == STORE_PAGE_AFTER || where == STORE_PAGE_LAST;
	int	rc, found;

	*n = 0;
	if (limit == 0)
		return 0;
	if (where < STORE_PAGE_FIRST || where > STORE_PAGE_LAST)
		return err_set(err, "%s: unknown page of orders %d", s->path,
		    (int)where);
	if (flush_for_read(s, err) == -1)
		return -1;
	if (where == STORE_PAGE_BEFORE || where == STORE_PAGE_AFTER) {
		if (key == NULL || *key == '\0')
			return err_set(err, "%s: a page before or after an "
			    "order needs the order's id", s->path);
		found = order_row_seq(s, key, &seq, err);
		if (found == -1)
			return -1;
		if (found == 0)
			return err_set(err, "%s: order %s is not in the "
			    "store", s->path, key);
	}
	store_page_sql(sql, sizeof sql, f, where);
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, s->path, s->db, rc,
		    "reading orders");
	if (f != NULL && f->acct != NULL)
		sqlite3_bind_text(st, 1, f->acct, -1, SQLITE_STATIC);
	if (f != NULL && f->sym != NULL)
		sqlite3_bind_text(st, 2, f->sym, -1, SQLITE_STATIC);
	if (f != NULL && f->block != NULL)
		sqlite3_bind_text(st, 3, f->block, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, seq);
	sqlite3_bind_int64(st, 5, limit > INT64_MAX ? INT64_MAX :
	    (int64_t)limit);
	/* Read upwards, a page is handed over newest first: held until
	 * its last row. */
	if (upward)
		up = xmalloc((limit < 1024 ? limit : 1024) * sizeof *up);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_order_from_row(st, &o, NULL, NULL, &bad) == -1) {
			bad_row(s, "order", o.id, bad, err);
			goto fail;
		}
		if (upward) {
			if (got >= 1024 && (got & (got - 1)) == 0)
				up = xrealloc(up, 2 * got * sizeof *up);
			up[got++] = o;
			continue;
		}
		got++;
		if (fn(ctx, &o) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		store_sql_fail(err, s->path, s->db, rc, "reading orders");
		goto fail;
	}
	for (i = got; upward && i-- > 0;)
		if (fn(ctx, &up[i]) != 0)
			break;
	free(up);
	*n = got;
	return 0;
fail:
	sqlite3_finalize(st);
	free(up);
	return -1;
}

/* Step ST, a one-off statement whose answer is one number, into *N, and
 * finalize it.  WHAT says what was being done, for the error. */
static int
int_answer(struct store *s, sqlite3_stmt *st, int64_t *n, const char *what,
    struct err *err)
{
	int	rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_sql_fail(err, s->path, s->db, rc, what);
	return 0;
}

/* Count the orders matching F into *N. */
int
store_count_orders(struct store *s, const struct store_order_filter *f,
    int64_t *n, struct err *err)
{
	sqlite3_stmt *st;

	if (flush_for_read(s, err) == -1 ||
	    filter_prepare(s, "count(*)", f, false, &st, err) == -1)
		return -1;
	return int_answer(s, st, n, "counting orders", err);
}

/* Refuse to restart a statement that a callback's caller is still
 * stepping through. */
static int
check_idle(struct store *s, sqlite3_stmt *st, struct err *err)
{
	if (sqlite3_stmt_busy(st))
		return err_set(err, "%s: a read of the store was started again "
		    "from inside itself", s->path);
	return 0;
}

/* Finish stepping ST: reset it, and fail with WHAT unless every row was
 * read (RC is SQLITE_DONE, or a callback asked to stop). */
static int
step_end(struct store *s, sqlite3_stmt *st, int rc, const char *what,
    struct err *err)
{
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_sql_fail(err, s->path, s->db, rc, what);
	return 0;
}

/* Call FN for each execution of ORDER_ID, oldest first. */
int
store_each_exec(struct store *s, const char *order_id,
    int (*fn)(void *, const struct store_exec *), void *ctx,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_EXEC_EACH];
	struct store_exec x;
	const char *bad;
	int	rc;

	if (check_idle(s, st, err) == -1 || flush_for_read(s, err) == -1)
		return -1;
	bind_str(st, 1, order_id, ORDER_ID_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_exec_from_row(st, &x, &bad) == -1) {
			sqlite3_reset(st);
			return bad_row(s, "execution", x.exec_id, bad, err);
		}
		if (fn(ctx, &x) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return step_end(s, st, rc, "reading executions", err);
}

/* The seqs of ORDER_ID's first and latest journal entries: 1, 0 for an
 * order not in the store, or -1.  A held-back copy is newer than the
 * table row. */
static int
order_range(struct store *s, const char *order_id, int64_t *first,
    int64_t *last, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ORDER_RANGE];
	struct dirty_order *d;
	int	rc;

	if ((d = hmap_get(s->dirty_orders, order_id)) != NULL) {
		*first = d->seq;
		*last = d->last_seq;
		return 1;
	}
	bind_str(st, 1, order_id, ORDER_ID_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*first = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(err, s->path, s->db, rc, "looking up an order");
}

/* Call FN for each journal entry of ORDER_ID, oldest first: those
 * between its order.new and its latest entry that name it. */
int
store_each_history(struct store *s, const char *order_id,
    int (*fn)(void *, int64_t seq, int64_t ts, const char *kind,
    const char *body), void *ctx, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_HISTORY];
	int64_t	first = 0, last = 0;
	int	rc;

	if (order_id == NULL)
		return 0;
	if (check_idle(s, st, err) == -1)
		return -1;
	if (journal_for_read(s, err) == -1)
		return -1;
	if ((rc = order_range(s, order_id, &first, &last, err)) <= 0)
		return rc;
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	bind_str(st, 3, order_id, ORDER_ID_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = col_str(st, 2), *body = col_str(st, 3);

		if (fn(ctx, sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1), kind != NULL ? kind : "",
		    body != NULL ? body : "") != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return step_end(s, st, rc, "reading the journal", err);
}

/* Step one load statement, handing each row to the loader.  Returns 0,
 * or -1 when a callback stopped the load or a row could not be read. */
static int
load_table(struct store *s, int which, const struct store_loader *l,
    void *ctx, struct err *err)
{
	sqlite3_stmt *st = s->st[which];
	struct instrument in;
	struct account a;
	struct quote q;
	struct order o;
	struct position p;
	const char *bad = NULL, *what = "", *key = "";
	int	rc, r = 0;

	if (check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		switch (which) {
		case ST_LOAD_INSTRUMENTS:
			what = "instrument";
			r = store_instrument_from_row(st, &in, &bad);
			key = in.symbol;
			if (r == 0 && l->instrument != NULL)
				r = l->instrument(ctx, &in);
			break;
		case ST_LOAD_ACCOUNTS:
			store_account_from_row(st, &a);
			what = "account";
			key = a.id;
			if (l->account != NULL)
				r = l->account(ctx, &a);
			break;
		case ST_LOAD_FX:
			what = "fx rate";
			key = col_str(st, 0);
			if (key == NULL)
				key = "";
			if (l->fx != NULL)
				r = l->fx(ctx, key,
				    sqlite3_column_int64(st, 1));
			break;
		case ST_LOAD_QUOTES:
			memset(&q, 0, sizeof q);
			store_col_text(st, 0, q.symbol, sizeof q.symbol);
			q.bid = sqlite3_column_int64(st, 1);
			q.ask = sqlite3_column_int64(st, 2);
			q.bidsz = sqlite3_column_int64(st, 3);
			q.asksz = sqlite3_column_int64(st, 4);
			what = "quote";
			key = q.symbol;
			if (l->quote != NULL)
				r = l->quote(ctx, &q,
				    sqlite3_column_int64(st, 5));
			break;
		case ST_LOAD_ORDERS:
			what = "order";
			r = store_order_from_row(st, &o, NULL, NULL, &bad);
			key = o.id;
			if (r == 0 && l->order != NULL)
				r = l->order(ctx, &o);
			break;
		case ST_LOAD_POSITIONS:
			store_position_from_row(st, &p);
			what = "position";
			key = p.symbol;
			if (l->position != NULL)
				r = l->position(ctx, &p);
			break;
		}
		if (bad != NULL) {
			bad_row(s, what, key, bad, err);
			sqlite3_reset(st);
			return -1;
		}
		if (r == -1) {
			err_set(err, "%s: loading stopped at %s %s", s->path,
			    what, key);
			sqlite3_reset(st);
			return -1;
		}
	}
	return step_end(s, st, rc, "loading the store", err);
}

/* Hand the loader the reference data, quotes, open orders and positions,
 * each in the order they were first stored. */
int
store_load(struct store *s, const struct store_loader *l, void *ctx,
    struct err *err)
{
	static const int tables[] = {
		ST_LOAD_INSTRUMENTS, ST_LOAD_ACCOUNTS, ST_LOAD_FX,
		ST_LOAD_QUOTES, ST_LOAD_ORDERS, ST_LOAD_POSITIONS
	};
	size_t	i;

	if (flush_for_read(s, err) == -1)
		return -1;
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (load_table(s, tables[i], l, ctx, err) == -1)
			return -1;
	return 0;
}

/* Count every order stored. */
int
store_order_total(struct store *s, int64_t *n, struct err *err)
{
	int	rc;
	sqlite3_stmt *st = s->st[ST_ORDER_TOTAL];

	if (flush_for_read(s, err) == -1)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_sql_fail(err, s->path, s->db, rc,
		    "counting orders");
	return 0;
}

/* The largest all-digit order id.  Read once at start: a full scan of the
 * ids, which are in the primary key's index.  The store keeps it too, to
 * know a new order's id unused without looking it up. */
int
store_order_id_max(struct store *s, int64_t *n, struct err *err)
{
	sqlite3_stmt *st;
	int64_t	dv;
	int	rc;

	/* The version first: a commit by another blotter between the two
	 * reads shows as a change at the next store_begin(). */
	if (flush_for_read(s, err) == -1 ||
	    store_data_version(s, &dv, err) == -1)
		return -1;
	/* Ids as numeric_id() reads them. */
	rc = sqlite3_prepare_v2(s->db, "SELECT COALESCE(MAX(CAST(id AS "
	    "INTEGER)), 0) FROM orders WHERE id <> '' AND length(id) <= 18 "
	    "AND id NOT GLOB '*[^0-9]*'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_sql_fail(err, s->path, s->db, rc,
		    "reading order ids");
	if (int_answer(s, st, n, "reading order ids", err) == -1)
		return -1;
	s->id_max = *n;
	s->id_max_dv = dv;
	s->id_max_ok = true;
	return 0;
}

/* --- Users, rules, halts, alerts and the audit trail ---------------------- */

/* Set who the journal rows written from now on are by; NULL is "". */
void
store_set_user(struct store *s, const char *login)
{
	size_t	n = login != NULL ? strnlen(login, USER_MAX - 1) : 0;

	memcpy(s->user, login != NULL ? login : "", n);
	s->user[n] = '\0';
	s->userlen = n;
}

/* Whether S (at most MAX bytes with its NUL) is 1 to MAX - 1 bytes. */
static bool
name_ok(const char *str, size_t max)
{
	return str != NULL && str[0] != '\0' && strnlen(str, max) < max;
}

/* Journal U and put it in the users table; a user already there keeps
 * the time it was created. */
int
store_put_user(struct store *s, const struct store_user *u, int64_t ts,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_USER_PUT];
	int64_t	created = u->created != 0 ? u->created : ts;
	char	what[32 + USER_MAX];
	int	rc;

	if (check_writable(s, err) == -1)
		return -1;
	if (!name_ok(u->login, sizeof u->login))
		return err_set(err, "%s: a user needs a login of 1 to %d "
		    "characters", s->path, USER_MAX - 1);
	if ((unsigned)u->role >= ROLE_COUNT)
		return err_set(err, "%s: user %s: unknown role %d", s->path,
		    u->login, (int)u->role);
	jb_begin(&s->jb);
	jb_str(&s->jb, "login", u->login, sizeof u->login);
	jb_name(&s->jb, "role", user_role_name(u->role));
	jb_str(&s->jb, "name", u->name, sizeof u->name);
	jb_int(&s->jb, "created", created);
	jb_end(&s->jb);
	if (journal_add(s, ts, SJ_USER_ADD, u->login, sizeof u->login,
	    err) == -1)
		return -1;
	bind_str(st, 1, u->login, sizeof u->login);
	sqlite3_bind_text(st, 2, user_role_name(u->role), -1, SQLITE_STATIC);
	bind_str(st, 3, u->name, sizeof u->name);
	sqlite3_bind_int64(st, 4, created);
	rc = run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving user %s", u->login);
		return write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Read user LOGIN into OUT: 1, 0 when there is no such user, -1. */
int
store_get_user(struct store *s, const char *login, struct store_user *out,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_USER_GET];
	struct store_user u;
	const char *bad = NULL;
	int	rc, r = 0;

	if (login == NULL || login[0] == '\0')
		return 0;
	if (check_idle(s, st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r = store_user_from_row(st, &u, &bad);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW && r == -1)
		return bad_row(s, "user", login, bad, err);
	if (rc == SQLITE_ROW) {
		*out = u;
		return 1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(err, s->path, s->db, rc, "reading a user");
}

/* Call FN for each user, by login; FN returning non-zero stops. */
int
store_each_user(struct store *s, int (*fn)(void *, const struct store_user *),
    void *ctx, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_USER_EACH];
	struct store_user u;
	const char *bad;
	int	rc;

	if (check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_user_from_row(st, &u, &bad) == -1) {
			sqlite3_reset(st);
			return bad_row(s, "user", u.login, bad, err);
		}
		if (fn(ctx, &u) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return step_end(s, st, rc, "reading users", err);
}

/* Journal a rule.add, rule.enable or rule.disable of R and put R in the
 * rules table.  A rule already there keeps its place in the list; enable
 * and disable set the enabled flag whatever R says.  A rule not there is
 * added, whichever the kind. */
int
store_put_rule(struct store *s, const struct rule *r, const char *kind,
    int64_t ts, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_RULE_PUT];
	const char *k = NULL;
	char	what[32 + RULE_ID_MAX];
	bool	enabled = r->enabled;
	int	rc;

	if (check_writable(s, err) == -1)
		return -1;
	if (kind != NULL && strcmp(kind, SJ_RULE_ADD) == 0) {
		k = SJ_RULE_ADD;
	} else if (kind != NULL && strcmp(kind, SJ_RULE_ENABLE) == 0) {
		k = SJ_RULE_ENABLE;
		enabled = true;
	} else if (kind != NULL && strcmp(kind, SJ_RULE_DISABLE) == 0) {
		k = SJ_RULE_DISABLE;
		enabled = false;
	} else {
		return err_set(err, "%s: a rule is journaled as rule.add, "
		    "rule.enable or rule.disable, not %s", s->path,
		    kind != NULL ? kind : "nothing");
	}
	if (!name_ok(r->id, sizeof r->id))
		return err_set(err, "%s: a rule needs an id of 1 to %d "
		    "characters", s->path, RULE_ID_MAX - 1);
	if ((unsigned)r->kind >= RULE_KIND_COUNT ||
	    (unsigned)r->action >= RULE_ACTION_COUNT ||
	    (unsigned)r->by >= RULE_BY_COUNT)
		return err_set(err, "%s: rule %s has an unknown kind, action "
		    "or grouping; nothing was saved", s->path, r->id);
	jb_begin(&s->jb);
	jb_str(&s->jb, "id", r->id, sizeof r->id);
	jb_name(&s->jb, "kind", rule_kind_name(r->kind));
	jb_name(&s->jb, "action", rule_action_name(r->action));
	jb_bool(&s->jb, "enabled", enabled);
	jb_str(&s->jb, "acct", r->acct, sizeof r->acct);
	jb_str(&s->jb, "sym", r->sym, sizeof r->sym);
	jb_str(&s->jb, "issuer", r->issuer, sizeof r->issuer);
	jb_str(&s->jb, "trader", r->trader, sizeof r->trader);
	jb_name(&s->jb, "by", rule_by_name(r->by));
	jb_int(&s->jb, "allow", r->allow);
	jb_int(&s->jb, "limit", r->limit);
	jb_int(&s->jb, "warn_at", r->warn_at);
	jb_end(&s->jb);
	if (journal_add(s, ts, k, r->id, sizeof r->id, err) == -1)
		return -1;
	bind_str(st, 1, r->id, sizeof r->id);
	sqlite3_bind_text(st, 2, rule_kind_name(r->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rule_action_name(r->action), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 4, enabled);
	bind_str(st, 5, r->acct, sizeof r->acct);
	bind_str(st, 6, r->sym, sizeof r->sym);
	bind_str(st, 7, r->issuer, sizeof r->issuer);
	bind_str(st, 8, r->trader, sizeof r->trader);
	sqlite3_bind_text(st, 9, rule_by_name(r->by), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, r->allow);
	sqlite3_bind_int64(st, 11, r->limit);
	sqlite3_bind_int64(st, 12, r->warn_at);
	sqlite3_bind_int64(st, 13, s->seq);
	rc = run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving rule %s", r->id);
		return write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Journal the deletion of rule ID and delete it: 1, or 0 (nothing
 * written) when there is no such rule. */
int
store_del_rule(struct store *s, const char *id, int64_t ts,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_RULE_SEEN];
	char	what[32 + RULE_ID_MAX];
	int	rc;

	if (check_writable(s, err) == -1)
		return -1;
	if (!name_ok(id, RULE_ID_MAX))
		return 0;
	bind_str(st, 1, id, RULE_ID_MAX);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_sql_fail(err, s->path, s->db, rc,
		    "looking up a rule");
	jb_begin(&s->jb);
	jb_str(&s->jb, "id", id, RULE_ID_MAX);
	jb_end(&s->jb);
	if (journal_add(s, ts, SJ_RULE_DEL, id, RULE_ID_MAX, err) == -1)
		return -1;
	st = s->st[ST_RULE_DEL];
	bind_str(st, 1, id, RULE_ID_MAX);
	rc = run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "deleting rule %s", id);
		return write_fail(s, rc, true, what, err);
	}
	return 1;
}

/* Call FN for each rule in the order they were added. */
int
store_each_rule(struct store *s, int (*fn)(void *, const struct rule *),
    void *ctx, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_RULE_EACH];
	struct rule r;
	const char *bad;
	int	rc;

	if (check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_rule_from_row(st, &r, NULL, &bad) == -1) {
			sqlite3_reset(st);
			return bad_row(s, "rule", r.id, bad, err);
		}
		if (fn(ctx, &r) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return step_end(s, st, rc, "reading rules", err);
}

/* Put the alert of journal entry S->seq in the alerts table: that of a
 * halt or resume, or of an "alert" entry. */
static int
alert_row(struct store *s, int64_t ts, const char *kind, const char *acct,
    const char *sym, const char *rule_id, const char *user,
    const char *detail, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ALERT_PUT];
	int	rc;

	sqlite3_bind_int64(st, 1, s->seq);
	sqlite3_bind_int64(st, 2, ts);
	bind_str(st, 3, kind, sizeof ((struct store_alert *)0)->kind);
	bind_str(st, 4, acct, ACCOUNT_MAX);
	bind_str(st, 5, sym, SYMBOL_MAX);
	bind_str(st, 6, rule_id, RULE_ID_MAX);
	bind_str(st, 7, user, USER_MAX);
	bind_str(st, 8, detail, CPL_DETAIL_MAX);
	rc = run(st);
	if (rc != SQLITE_OK)
		return write_fail(s, rc, true, "saving an alert", err);
	return 0;
}

/* Journal a halt or resume of ACCT ("" the whole store) and update the
 * halts table; either also becomes an alert, under the entry's seq.  A
 * resume of what is not halted is recorded all the same. */
int
store_put_halt(struct store *s, const char *acct, bool halted,
    const char *reason, int64_t ts, struct err *err)
{
	sqlite3_stmt *st;
	const char *kind = halted ? SJ_HALT : SJ_RESUME;
	int	rc;

	if (check_writable(s, err) == -1)
		return -1;
	if (acct == NULL)
		acct = "";
	if (reason == NULL)
		reason = "";
	if (strnlen(acct, ACCOUNT_MAX) >= ACCOUNT_MAX)
		return err_set(err, "%s: an account id is at most %d "
		    "characters", s->path, ACCOUNT_MAX - 1);
	if (strnlen(reason, NOTE_MAX) >= NOTE_MAX)
		return err_set(err, "%s: the reason for a %s is at most %d "
		    "characters", s->path, kind, NOTE_MAX - 1);
	jb_begin(&s->jb);
	jb_str(&s->jb, "reason", reason, NOTE_MAX);
	jb_end(&s->jb);
	if (journal_add(s, ts, kind, acct, ACCOUNT_MAX, err) == -1)
		return -1;
	if (halted) {
		st = s->st[ST_HALT_PUT];
		bind_str(st, 1, acct, ACCOUNT_MAX);
		bind_str(st, 2, reason, NOTE_MAX);
		bind_str(st, 3, s->user, USER_MAX);
		sqlite3_bind_int64(st, 4, ts);
	} else {
		st = s->st[ST_HALT_DEL];
		bind_str(st, 1, acct, ACCOUNT_MAX);
	}
	rc = run(st);
	if (rc != SQLITE_OK)
		return write_fail(s, rc, true, halted ? "saving a halt" :
		    "saving a resume", err);
	return alert_row(s, ts, kind, acct, "", "", s->user, reason, err);
}

/* Call FN for each halt in force, by account ("" first). */
int
store_each_halt(struct store *s, int (*fn)(void *, const char *acct,
    const char *reason, const char *user, int64_t ts), void *ctx,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_HALT_EACH];
	int	rc;

	if (check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *acct = col_str(st, 0), *reason = col_str(st, 1);
		const char *user = col_str(st, 2);

		if (fn(ctx, acct != NULL ? acct : "",
		    reason != NULL ? reason : "", user != NULL ? user : "",
		    sqlite3_column_int64(st, 3)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return step_end(s, st, rc, "reading halts", err);
}

/* Journal alert A ("alert", filed under its account) and put it in the
 * alerts table under the entry's seq.  An alert naming no user is the
 * current user's. */
int
store_add_alert(struct store *s, const struct store_alert *a,
    struct err *err)
{
	const char *user = a->user[0] != '\0' ? a->user : s->user;

	if (check_writable(s, err) == -1)
		return -1;
	if (!name_ok(a->kind, sizeof a->kind))
		return err_set(err, "%s: an alert needs a kind of 1 to %d "
		    "characters", s->path, (int)sizeof a->kind - 1);
	jb_begin(&s->jb);
	jb_str(&s->jb, "kind", a->kind, sizeof a->kind);
	jb_str(&s->jb, "account", a->account, sizeof a->account);
	jb_str(&s->jb, "symbol", a->symbol, sizeof a->symbol);
	jb_str(&s->jb, "rule_id", a->rule_id, sizeof a->rule_id);
	jb_str(&s->jb, "user", user, USER_MAX);
	jb_str(&s->jb, "detail", a->detail, sizeof a->detail);
	jb_end(&s->jb);
	if (journal_add(s, a->ts, SJ_ALERT, a->account, sizeof a->account,
	    err) == -1)
		return -1;
	return alert_row(s, a->ts, a->kind, a->account, a->symbol, a->rule_id,
	    user, a->detail, err);
}

/* Call FN for each alert, oldest first. */
int
store_each_alert(struct store *s,
    int (*fn)(void *, const struct store_alert *), void *ctx,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ALERT_EACH];
	struct store_alert a;
	int	rc;

	if (check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_alert_from_row(st, &a);
		if (fn(ctx, &a) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return step_end(s, st, rc, "reading alerts", err);
}

/* Whether S is a name made of letters, digits and the characters of
 * EXTRA, 1 to MAX - 1 bytes. */
static bool
word_ok(const char *str, size_t max, const char *extra)
{
	size_t	i;

	if (!name_ok(str, max))
		return false;
	for (i = 0; str[i] != '\0'; i++) {
		unsigned char c = (unsigned char)str[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && strchr(extra, c) == NULL)
			return false;
	}
	return true;
}

/*
 * Journal an audit entry of KIND about REF with the string members KV.
 * An entry filed under an order (REF its id) moves the order's last_seq
 * on, as its events do, so store_each_audit() finds it with the order:
 * write it after the order's order.new.
 */
int
store_audit(struct store *s, int64_t ts, const char *kind, const char *ref,
    const char *const *kv, struct err *err)
{
	struct dirty_order *d = NULL;
	sqlite3_stmt *st;
	int64_t	oseq = 0;
	int	found = 0, rc;
	size_t	i;

	if (check_writable(s, err) == -1)
		return -1;
	if (!word_ok(kind, STORE_AUDIT_KIND_MAX, "._-"))
		return err_set(err, "%s: an audit entry's kind is 1 to %d "
		    "letters, digits, '.', '_' or '-'", s->path,
		    STORE_AUDIT_KIND_MAX - 1);
	if (store_kind_reserved(kind))
		return err_set(err, "%s: %s is a kind of entry only the "
		    "store writes", s->path, kind);
	if (ref == NULL)
		ref = "";
	if (strnlen(ref, STORE_AUDIT_REF_MAX) >= STORE_AUDIT_REF_MAX)
		return err_set(err, "%s: an audit entry's subject is at most "
		    "%d characters", s->path, STORE_AUDIT_REF_MAX - 1);
	for (i = 0; kv != NULL && kv[i] != NULL; i += 2)
		if (!word_ok(kv[i], 64, "_"))
			return err_set(err, "%s: audit entry %s: \"%s\" is "
			    "not a usable member name", s->path, kind, kv[i]);
	/* The order it is about, if any, looked up before anything is
	 * written. */
	if (ref[0] != '\0' && strlen(ref) < ORDER_ID_MAX) {
		if ((d = hmap_get(s->dirty_orders, ref)) != NULL)
			found = 1;
		else if ((found = order_row_seq(s, ref, &oseq, err)) == -1)
			return -1;
	}
	jb_begin(&s->jb);
	for (i = 0; kv != NULL && kv[i] != NULL; i += 2)
		jb_str(&s->jb, kv[i], kv[i + 1] != NULL ? kv[i + 1] : "",
		    (size_t)-1);
	jb_end(&s->jb);
	if (journal_add(s, ts, kind, ref, STORE_AUDIT_REF_MAX, err) == -1)
		return -1;
	if (d != NULL) {
		d->last_seq = s->seq;
	} else if (found) {
		st = s->st[ST_ORDER_TOUCH];
		sqlite3_bind_int64(st, 1, oseq);
		sqlite3_bind_int64(st, 2, s->seq);
		rc = run(st);
		if (rc != SQLITE_OK)
			return write_fail(s, rc, true, "saving an order's "
			    "audit trail", err);
	}
	return 0;
}

/* Call FN for each journal entry, oldest first: all, or ORDER_ID's (its
 * events and the audit entries filed under it after its order.new), of
 * KIND only when KIND is not NULL. */
int
store_each_audit(struct store *s, const char *order_id, const char *kind,
    int (*fn)(void *, const struct store_audit_row *), void *ctx,
    struct err *err)
{
	static const unsigned char nohash[STORE_HASH_LEN];
	struct store_audit_row r;
	sqlite3_stmt *st;
	int64_t	first = 0, last = 0;
	int	rc;

	st = s->st[order_id != NULL ? ST_AUDIT_ORDER : ST_AUDIT_ALL];
	if (check_idle(s, st, err) == -1 || journal_for_read(s, err) == -1)
		return -1;
	if (order_id != NULL) {
		if ((rc = order_range(s, order_id, &first, &last, err)) <= 0)
			return rc;
		sqlite3_bind_int64(st, 1, first);
		sqlite3_bind_int64(st, 2, last);
		bind_str(st, 3, order_id, ORDER_ID_MAX);
		if (kind != NULL)
			sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
	} else if (kind != NULL) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, 1);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.seq = sqlite3_column_int64(st, 0);
		r.ts = sqlite3_column_int64(st, 1);
		r.user = col_str(st, 2);
		r.kind = col_str(st, 3);
		r.ref = col_str(st, 4);
		r.body = col_str(st, 5);
		/* A row from before the chain began has no hash: zeros. */
		r.hash = sqlite3_column_blob(st, 6);
		if (r.hash == NULL ||
		    sqlite3_column_bytes(st, 6) != STORE_HASH_LEN)
			r.hash = nohash;
		r.user = r.user != NULL ? r.user : "";
		r.kind = r.kind != NULL ? r.kind : "";
		r.ref = r.ref != NULL ? r.ref : "";
		r.body = r.body != NULL ? r.body : "";
		if (fn(ctx, &r) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return step_end(s, st, rc, "reading the journal", err);
}

/* --- Settings ------------------------------------------------------------- */

/* Read setting KEY into BUF (truncated to LEN): 1, 0 when unset, -1. */
int
store_meta_get(struct store *s, const char *key, char *buf, size_t len,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_META_GET];
	int	rc;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && buf != NULL && len > 0)
		store_col_text(st, 0, buf, len);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(err, s->path, s->db, rc, "reading a setting");
}

/* Set KEY to VALUE; inside a transaction or on its own. */
int
store_meta_set(struct store *s, const char *key, const char *value,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_META_SET];
	int	rc;

	if (key == NULL || value == NULL)
		return err_set(err, "%s: a setting needs a name and a value",
		    s->path);
	/* The marker that tells a blotter store from other files, and the
	 * ends of the audit trail, which only the store writes. */
	if (strcmp(key, "app") == 0 || strncmp(key, STORE_META_AUDIT,
	    strlen(STORE_META_AUDIT)) == 0)
		return err_set(err, "%s: the setting '%s' is reserved",
		    s->path, key);
	if (s->broken)
		return check_writable(s, err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = run(st);
	if (rc != SQLITE_OK)
		return write_fail(s, rc, false, "saving a setting", err);
	return 0;
}

/* PRAGMA data_version: it changes when another connection (another
 * blotter) commits to the file, and not when this one does. */
int
store_data_version(struct store *s, int64_t *v, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_DATA_VERSION];
	int	rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_sql_fail(err, s->path, s->db, rc,
		    "watching for other blotters");
	return 0;
}
