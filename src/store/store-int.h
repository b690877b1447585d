/* src/store/store-int.h: what the files of the store share (store.c, the
 * files beside it, and verify.c): the struct store, the schema steps,
 * the column lists of the projections, the row readers, the names of enums
 * as stored, the journal's hash chain, and the wording of SQLite
 * failures. */
#ifndef BLOTTER_STORE_INT_H
#define BLOTTER_STORE_INT_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "account.h"
#include "compliance.h"
#include "instrument.h"
#include "order.h"
#include "position.h"
#include "quote.h"
#include "sha256.h"
#include "store.h"

struct err;

/* store_migrations[v] takes a store from schema v to v + 1. */
extern const char *const store_migrations[STORE_SCHEMA_VERSION];

/* Journal kinds. */
#define SJ_INSTRUMENT	"instrument"
#define SJ_ACCOUNT	"account"
#define SJ_FX		"fx"
#define SJ_ORDER_NEW	"order.new"
#define SJ_ORDER_STATUS	"order.status"
#define SJ_ORDER_AMEND	"order.amend"
#define SJ_ORDER_STOP	"order.stop"
#define SJ_FILL		"fill"
#define SJ_BUST		"bust"
#define SJ_USER_ADD	"user.add"
#define SJ_RULE_ADD	"rule.add"
#define SJ_RULE_ENABLE	"rule.enable"
#define SJ_RULE_DISABLE	"rule.disable"
#define SJ_RULE_DEL	"rule.del"
#define SJ_HALT		"halt"
#define SJ_RESUME	"resume"
#define SJ_ALERT	"alert"
#define SJ_ORDER_BLOCK	"order.block"
#define SJ_POSITION	"position.load"
/*
 * The kinds whose ref is not an order id, as an SQL list: reference data,
 * users, rules, halts and alerts.  Every other kind is filed under an
 * order: its events, and the audit entries of store_audit() (compliance
 * checks, approvals) whose ref names one.  An order's last_seq counts
 * both, so its audit entries lie in its seq..last_seq range too.
 */
#define SJ_REFDATA_SQL \
	"('instrument', 'account', 'fx', 'user.add', 'rule.add'," \
	" 'rule.enable', 'rule.disable', 'rule.del', 'halt', 'resume'," \
	" 'alert', 'position.load')"
/* The kinds that are events of an order (its history), as an SQL list. */
#define SJ_ORDER_SQL \
	"('order.new', 'order.status', 'order.amend', 'order.stop', 'fill'," \
	" 'bust', 'order.block')"
/* Whether KIND is one of the kinds above (or any "order." kind), which
 * store_audit() may not write. */
bool	store_kind_reserved(const char *kind);
/* Whether KIND is an event of an order (in SJ_ORDER_SQL). */
bool	store_kind_order(const char *kind);

/*
 * Settings kept by the store itself; store_meta_set() refuses every key
 * that starts with "audit_".  audit_from: the first seq of the chain.
 * audit_head: "SEQ:HEX", the last row written and its hash, saved at each
 * commit that added rows.  audit_cut:L: "SEQ:HEX", the head as it was
 * recorded when a writer found the journal ending at L instead (rows cut
 * from its end, or added or replaced behind blotter's back); the writer
 * chains row L + 1 to that recorded hash, so the break stays in the chain
 * and store_verify() can tell what happened.
 */
#define STORE_META_AUDIT	"audit_"
#define STORE_META_AUDIT_FROM	"audit_from"
#define STORE_META_AUDIT_HEAD	"audit_head"
#define STORE_META_AUDIT_CUT	"audit_cut:"
/* Read "SEQ:HEX" (HEX 2 * STORE_HASH_LEN hex digits): 0, or -1 when TEXT
 * is not that. */
int	store_head_parse(const char *text, int64_t *seq, unsigned char *hash);

/* The longest kind and ref store_audit() takes, NUL included. */
#define STORE_AUDIT_KIND_MAX	32
#define STORE_AUDIT_REF_MAX	128

/* One journal row as the hash chain covers it; lengths in bytes. */
struct store_chain_row {
	int64_t	seq, ts;
	const char *user, *kind, *ref, *body;
	size_t	userlen, kindlen, reflen, bodylen;
};
/* The key of the audit trail (see auditkey.c), set up for HMAC. */
#define STORE_KEY_PATH_MAX	4096
/* The schema whose step keys the audit trail (5 -> 6). */
#define STORE_SCHEMA_KEYED	6
struct store_key {
	struct hmac_sha256 mac;
	char	path[STORE_KEY_PATH_MAX];	/* the key file */
};
/* V as 8 bytes big-endian at P, as the chain writes seqs and times. */
void	store_put_be64(unsigned char *p, uint64_t v);
/* The row's hash: SHA-256 of PREV (STORE_HASH_LEN bytes; zeros for the
 * first row of the chain), seq and ts as 8 bytes big-endian each, then
 * user, kind and ref each followed by a zero byte, then the body; with
 * KEY, HMAC-SHA-256 of the same bytes under KEY. */
void	store_chain_hash(const unsigned char *prev,
	    const struct store_chain_row *, const struct store_key *key,
	    unsigned char *out);

/*
 * The keyed chain.  Rows from seq FROM on are keyed; rows of a store
 * upgraded from schema 4 that were written before the key keep their
 * plain SHA-256.  meta audit_keyed is "FROM:SEAL", SEAL the HMAC of FROM
 * and of the hash of row FROM - 1 (PREV, zeros when none is chained):
 * the boundary cannot be moved to pass keyed rows off as plain without
 * the key.  The schema step writes "FROM:" and store_migrate() seals it
 * in the same transaction.
 */
#define STORE_META_AUDIT_KEYED	"audit_keyed"
/* The key file of the store at PATH: $BLOTTER_AUDIT_KEY, or PATH.key. */
void	store_key_path(const char *path, char *buf, size_t size);
/* Read the key of the store at PATH into K (K->path names its file);
 * with CREATE, make one (mode 0600) when there is none.  Returns 1, 0
 * when there is none and not CREATE, or -1 (ERR: unreadable, not 0600,
 * not a key). */
int	store_key_load(const char *path, bool create, struct store_key *k,
	    struct err *);
/* Remove what writes of PATH stopped by a crash left beside it:
 * PATH.new-XXXXXX files of ours that nobody holds locked (a writer locks
 * its temporary file until it has its name). */
void	store_sweep_tmp(const char *path);
/* Whether a store at PATH of a schema before the keyed trail may be
 * keyed now: only while it has no key (0), since a key already there says
 * it was keyed and set back behind blotter's back (-1, ERR says so). */
int	store_key_absent(const char *path, struct err *);
/* A line of PRAGMA integrity_check's answer as one line of text in BUF:
 * the database's name left out, line breaks as spaces. */
const char *store_integrity_line(const char *line, char *buf, size_t size);
/* Read where the keyed chain of DB (the store at PATH) starts into
 * *FROM and check its seal with K.  Returns 0, or -1 (ERR: missing or
 * unreadable, *FROM 0; or not sealed with K, *FROM as recorded). */
int	store_keyed_read(sqlite3 *db, const char *path,
	    const struct store_key *k, int64_t *from, struct err *);
/* The seal of a keyed chain starting at FROM after PREV. */
void	store_key_seal(const struct store_key *, int64_t from,
	    const unsigned char *prev, unsigned char *out);

/*
 * The condition of the partial index orders_open.  A query reaches that
 * index only with this very condition (SQLite matches the expression, not
 * its meaning), so every read of the open orders uses it as it is.
 * Changing it needs a new schema step.
 *
 * Written with OR rather than as status IN (...): SQLite evaluates the
 * condition for every orders row written, and an IN list of more than two
 * constants there builds a temporary b-tree of the list each time (see
 * EXPLAIN of the insert), which costs a fifth of the row's insert.
 */
#define STORE_OPEN_SQL \
	"(status = 'staged' OR status = 'flagged' OR status = 'pending_new'" \
	" OR status = 'new' OR status = 'partially_filled'" \
	" OR status = 'pending_cancel' OR status = 'pending_replace')"
#define STORE_OPEN_MASK \
	(1u << ORDER_STAGED | 1u << ORDER_FLAGGED | 1u << ORDER_PENDING_NEW | \
	1u << ORDER_NEW | 1u << ORDER_PARTIALLY_FILLED | \
	1u << ORDER_PENDING_CANCEL | 1u << ORDER_PENDING_REPLACE)

/* Column lists read by the store_*_from_row() functions, in their order. */
#define STORE_ORDER_COLS \
	"id, account, symbol, side, type, tif, status, prev_status, qty, " \
	"cum_qty, notional, limit_px, stop_px, trail, trail_pct, triggered, " \
	"gtd_date, venue, note, reason, created, updated, seq, last_seq, user, " \
	"block, login"
#define STORE_INSTRUMENT_COLS \
	"symbol, class, ccy, tick, lot, mult, issuer, sector, underlying"
#define STORE_ACCOUNT_COLS	"id, name, ccy, nav, cash"
#define STORE_POSITION_COLS	"account, symbol, qty, cost, realized"
#define STORE_EXEC_COLS \
	"exec_id, order_id, account, symbol, side, qty, px, ts, busted"
#define STORE_USER_COLS	"login, role, name, created"
#define STORE_RULE_COLS \
	"id, kind, action, enabled, acct, sym, issuer, trader, by_, allow, " \
	"lim, warn_at, seq"
#define STORE_HALT_COLS	"acct, reason, user, ts"
#define STORE_ALERT_COLS \
	"seq, ts, kind, account, symbol, rule_id, user, detail"

/* The open orders at start, oldest first, through orders_open, named so
 * that no index on another column is picked instead. */
#define STORE_OPEN_INDEX	" INDEXED BY orders_open"
/* The open orders of one account in one symbol (schema 8). */
#define STORE_OPEN_PLACE_INDEX	" INDEXED BY orders_open_place"

/*
 * The condition of the partial index orders_ended: the orders that ended
 * without being filled, few beside the filled ones, so a page of them is
 * found without a scan.  An order enters the index once, when it ends;
 * an index on every status would be written at each change of status
 * (a fifth of the batch path's write rate).  Used as it is, like
 * STORE_OPEN_SQL.
 */
#define STORE_ENDED_SQL \
	"(status = 'canceled' OR status = 'rejected' OR status = 'expired'" \
	" OR status = 'done_for_day')"
#define STORE_ENDED_MASK \
	(1u << ORDER_CANCELED | 1u << ORDER_REJECTED | 1u << ORDER_EXPIRED | \
	1u << ORDER_DONE_FOR_DAY)
#define STORE_ENDED_INDEX	" INDEXED BY orders_ended"
#define STORE_LOAD_ORDERS_SQL \
	"SELECT " STORE_ORDER_COLS " FROM orders" STORE_OPEN_INDEX \
	" WHERE " STORE_OPEN_SQL " ORDER BY seq"

/* Write into BUF (SIZE bytes) "SELECT WHAT FROM orders" with the
 * conditions of F, a ? for each of its account and symbol, in that order,
 * and ORDERED by seq if asked.  The statuses are SQL literals. */
void	store_filter_sql(char *buf, size_t size, const char *what,
	    const struct store_order_filter *f, bool ordered);

/* Write into BUF (SIZE bytes, STORE_PAGE_SQL_MAX is enough) the query of
 * store_page_orders(): the STORE_ORDER_COLS and seq of the orders
 * matching F, ?1 its account, ?2 its symbol, ?3 its block, ?4 the seq of
 * the key (BEFORE, AFTER) and ?5 the limit. */
#define STORE_PAGE_SQL_MAX	16384
void	store_page_sql(char *buf, size_t size,
	    const struct store_order_filter *f, enum store_page where);

/* Read the row of STMT (columns as above) into OUT; 0, or -1 with the
 * column that holds a value no enum has (its name into *BAD).  SEQ and
 * LAST_SEQ may be NULL. */
int	store_order_from_row(sqlite3_stmt *, struct order *, int64_t *seq,
	    int64_t *last_seq, const char **bad);
int	store_instrument_from_row(sqlite3_stmt *, struct instrument *,
	    const char **bad);
void	store_account_from_row(sqlite3_stmt *, struct account *);
void	store_position_from_row(sqlite3_stmt *, struct position *);
int	store_exec_from_row(sqlite3_stmt *, struct store_exec *,
	    const char **bad);
int	store_user_from_row(sqlite3_stmt *, struct store_user *,
	    const char **bad);
/* SEQ (the rule's place in the added order) may be NULL. */
int	store_rule_from_row(sqlite3_stmt *, struct rule *, int64_t *seq,
	    const char **bad);
void	store_alert_from_row(sqlite3_stmt *, struct store_alert *);

/* Enum values from their stored names: 0, or -1 for an unknown name. */
int	store_side_of(const char *, enum order_side *);
int	store_type_of(const char *, enum order_type *);
int	store_tif_of(const char *, enum order_tif *);
int	store_status_of(const char *, enum order_status *);
int	store_event_of(const char *, enum order_event *);
int	store_class_of(const char *, enum asset_class *);
int	store_role_of(const char *, enum user_role *);
int	store_rule_kind_of(const char *, enum rule_kind *);
int	store_rule_action_of(const char *, enum rule_action *);
int	store_rule_by_of(const char *, enum rule_by *);

/* Copy text column COL of STMT into DST of SIZE bytes (NULL as ""). */
void	store_col_text(sqlite3_stmt *, int col, char *dst, size_t size);

/* Explain in ERR, naming PATH, that WHAT failed with RC on DB.  Returns
 * -1. */
int	store_sql_fail(struct err *, const char *path, sqlite3 *, int rc,
	    const char *what);

/* Check that DB is a blotter store, or an empty file: *VERSION gets its
 * user_version and *EMPTY whether it holds nothing yet.  Fails, naming
 * PATH, for a file that is not a database, another program's database, a
 * newer schema, or one that cannot be read. */
int	store_check_file(sqlite3 *, const char *path, int *version,
	    bool *empty, struct err *);

/*
 * A journal body read in place (body.c): the flat JSON object the store
 * writes, members in the order written.  Strings are NUL-terminated
 * copies in the reader's buffer, valid until the next parse.
 */
#define STORE_BODY_MAX	48	/* members; more is left to json-c */
enum store_body_type {
	STORE_BODY_NULL, STORE_BODY_BOOL, STORE_BODY_INT, STORE_BODY_STR,
	STORE_BODY_OTHER		/* a fraction, object or array */
};
struct store_body_member {
	const char *key;
	size_t	off;			/* of the key's opening quote */
	enum store_body_type type;
	int64_t	i;			/* INT, or BOOL as 0/1 */
	const char *s;			/* STR */
	size_t	slen;
};
struct store_body {
	struct store_body_member m[STORE_BODY_MAX];
	int	n;
	char	*buf;
	size_t	cap;
};
void	store_body_init(struct store_body *);
void	store_body_free(struct store_body *);
/* Read TEXT (LEN bytes) into B: 0, or -1 when it is not in the flat form
 * the store writes (read it with a JSON library then; B is left empty). */
int	store_body_parse(struct store_body *b, const char *text, size_t len);
/* The member KEY of B (the last, when repeated), or NULL. */
const struct store_body_member *store_body_get(const struct store_body *,
	    const char *key);

/* A journal body being written: one JSON object.  Also the text of the
 * journal rows held back. */
struct jbuf {
	char	*p;
	size_t	len, cap;
	bool	first;			/* no member written yet */
};

/*
 * entry.c: the entries a journal row holds.  An order that its venue
 * acknowledged, and may have filled, in the instant it was entered is one
 * row, its order.new with the acknowledgement and the fill joined on as
 * the last members: "ack" (who acknowledged, the venue's user) and, when
 * filled, "fill" (the execution id), "fill_qty" and "fill_px" (see
 * store_order()).  Every reader of the journal takes a row's entries from
 * store_split_row(): the kinds, users and bodies, byte for byte, that the
 * entries had when each was a row of its own.
 */
#define STORE_JOIN_ACK	"ack"
#define STORE_JOIN_FILL	"fill"
#define STORE_ENTRY_PARTS	3
struct store_entry {
	const char *kind, *user, *body;
	size_t	bodylen;
};
struct store_split {
	struct store_entry e[STORE_ENTRY_PARTS];
	int	n;
	struct store_body sb;
	struct jbuf made[2];		/* the order.new's and the fill's */
};
void	store_split_init(struct store_split *);
void	store_split_free(struct store_split *);
/* The entries of the row KIND by USER with BODY (LEN bytes) into SP->e:
 * returns how many (1 to STORE_ENTRY_PARTS).  They point into the row or
 * into SP, valid until the next call. */
int	store_split_row(struct store_split *sp, const char *kind,
	    const char *user, const char *body, size_t len);

/* Configure SQLite once per process, before the first connection. */
void	store_sqlite_setup(void);

/* --- The store's own parts (store.c and the files beside it) ----------- */

/*
 * How the store's files sit: base.c (SQLite helpers, errors), rows.c
 * (rows and enum names), chain.c (kinds, hash chain), jbuf.c (journal
 * bodies) and body.c (reading them) call nothing of the store's;
 * auditkey.c and checkpoint.c call base.c; held.c (rows held back until
 * commit, the journal buffer) calls those; refdata.c, orders.c and
 * admin.c (users, rules, halts, alerts, the audit trail, settings) call
 * held.c; reads.c calls held.c and admin.c; open.c (the file, its
 * schema, its statements) calls the low files; store.c (closing and
 * transactions) calls open.c, held.c and admin.c.  No file calls one
 * that calls it.
 */

struct hmap;

#define STORE_BUSY_MS	5000
#define POS_KEY_MAX	(ACCOUNT_MAX + SYMBOL_MAX + 1)
#define ORDER_NCOLS	27	/* in STORE_ORDER_COLS */
#define FLUSH_ROWS	32	/* new orders rows one insert writes */
#define EXEC_NCOLS	10	/* in ST_EXEC_INSERT */
#define JOURNAL_NCOLS	6	/* ts, kind, ref, body, user, hash */
#define JOURNAL_ROWS	64	/* journal rows one insert writes */

/* The prepared statements, by use. */
enum {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_JOURNAL,
	ST_JOURNAL_MANY,
	ST_JOURNAL_AT,
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
	ST_FIX_SESSION,
	ST_FIX_SEQS,
	ST_FIX_STATE,
	ST_FIX_EACH,
	ST_FIX_MSG_PUT,
	ST_FIX_MSG_OUT,
	ST_FIX_MSG_ORDER_SET,
	ST_FIX_MSG_ORDER,
	ST_FIX_MSG_SENT,
	ST_FIX_CLORDID_PUT,
	ST_FIX_CLORDID_GET,
	ST_FIX_CURRENT_GET,
	ST_FIX_CURRENT_PUT,
	ST_FIX_BUMP,
	ST_DESK_FILL_PUT,
	ST_DESK_FILL_EACH,
	ST_DESK_FILL_DEL,
	ST_DESK_FILL_ASKED,
	ST_COUNT
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
	int64_t	from_seq;		/* the seq before this transaction's
					   first row: begin_seq, or after a
					   cut the recorded head's */
	bool	seq_gap;		/* its first row is numbered past a
					   cut (see store_begin()) */
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
	int	jfirst;			/* the first store_journal_flush()
					   binds from */
	bool	unsealed;		/* the last held row waits for its
					   hash (store_journal_seal()) */
	/* The order.new held last, which its venue's ack and fill of the
	 * same instant join (see store_order()): its seq (0: none), what
	 * joined it (JOINED_ACK, JOINED_FILL) and the user who
	 * acknowledged. */
	int64_t	join_seq;
	unsigned joined;
	char	join_user[USER_MAX];
#define JOINED_ACK	1u
#define JOINED_FILL	2u
	struct store_ckpt *ckpt;	/* background checkpoints, or NULL */
	int	ckpt_pages;		/* WAL pages when it was last woken */
	struct dirty_order **batch;	/* what insert_orders() is writing */
	struct dirty_order **flush;	/* store_dirty_flush()'s, by seq */
	size_t	nflush, capflush;
	/* Every numeric order id in the orders table is at most id_max, as
	 * long as id_max_ok and no other connection has committed since
	 * data_version read id_max_dv: a new order with a larger numeric id
	 * needs no lookup to be known new.  Too large only costs lookups. */
	int64_t	id_max;
	int64_t	id_max_dv;
	bool	id_max_ok;
};

/* base.c: SQLite helpers. */
/* Step a write statement to its end and reset it; SQLITE_OK or the
 * error. */
int	store_run(sqlite3_stmt *);
/* The first column of the first row of SQL as an integer (0: none). */
int	store_query_int(sqlite3 *, const char *sql, int64_t *out);
/* Bind the string S, at most MAX bytes, without copying it. */
void	store_bind_str(sqlite3_stmt *, int i, const char *s, size_t max);
/* Text column COL (NULL when NULL). */
const char *store_col_str(sqlite3_stmt *, int col);
/* HEAD followed by NROWS groups of NCOLS parameters; caller frees. */
char	*store_values_sql(const char *head, int ncols, int nrows);

/* chain.c: "SEQ:HEX" of SEQ and HASH into BUF (at least 24 + 2 *
 * STORE_HASH_LEN bytes); returns its length. */
int	store_head_format(char *buf, size_t size, int64_t seq,
	    const unsigned char *hash);

/* jbuf.c: a journal body being written, one compact JSON object. */
void	store_jb_need(struct jbuf *, size_t n);
void	store_jb_begin(struct jbuf *);
void	store_jb_end(struct jbuf *);
void	store_jb_int(struct jbuf *, const char *key, int64_t v);
void	store_jb_bool(struct jbuf *, const char *key, bool v);
void	store_jb_str(struct jbuf *, const char *key, const char *s,
	    size_t max);
void	store_jb_name(struct jbuf *, const char *key, const char *name);
/* A fill's or bust's body: the execution and whose it is (SIDE's
 * name); the one writer of it, so that a joined fill reads back the
 * same bytes (entry.c). */
void	store_jb_fill(struct jbuf *, const char *exec_id, int64_t qty,
	    int64_t px, const char *account, const char *symbol,
	    const char *side);
/* Every field of O, those at their default left out. */
void	store_jb_order(struct jbuf *, const struct order *o);
/* The fields of C that are set, as members of the open object. */
void	store_jb_change(struct jbuf *, const struct order_change *c);
/* The login of REC, when it names one, as a member. */
void	store_jb_login(struct jbuf *, const struct store_order_rec *rec);

/* open.c: finalize S's statements and close its connection. */
void	store_disconnect(struct store *);
/* Remove a new store's temporary file, which never became the store. */
void	store_drop_tmp(struct store *);
/* Make a new store's file the store, after its first commit. */
int	store_publish(struct store *, struct err *);
/* Free S, closed and without a transaction. */
void	store_destroy(struct store *);

/* held.c: rows held back until commit, and the journal buffer. */
void	store_dirty_drop(struct store *);
int	store_write_fail(struct store *, int rc, bool partial,
	    const char *what, struct err *);
int	store_dirty_flush(struct store *, struct err *);
int	store_flush_for_read(struct store *, struct err *);
int	store_journal_for_read(struct store *, struct err *);
void	store_dirty_order_put(struct store *, struct dirty_order *d,
	    const struct order *o, int64_t seq, int64_t last, bool fresh);
void	store_dirty_pos_put(struct store *, const struct position *p);
int	store_check_writable(struct store *, struct err *);
int	store_journal_flush(struct store *, struct err *);
/* Whether REC for O joins the order.new (seq NEW_SEQ) held last, and
 * joining it (see held.c). */
bool	store_join_fits(const struct store *, const struct order *,
	    int64_t new_seq, const struct store_order_rec *);
void	store_join(struct store *, const struct store_order_rec *);
/* Chain the last held row if it waits for its hash. */
void	store_journal_seal(struct store *);
int	store_journal_add(struct store *, int64_t ts, const char *kind,
	    const char *ref, size_t refmax, struct err *);
void	store_bind_exec(sqlite3_stmt *, int b, const struct store_exec *x,
	    int64_t seq);
int	store_order_row_seq(struct store *, const char *id, int64_t *seq,
	    struct err *);
int	store_bad_row(struct store *, const char *table, const char *key,
	    const char *bad, struct err *);
int	store_check_idle(struct store *, sqlite3_stmt *, struct err *);
int	store_step_end(struct store *, sqlite3_stmt *, int rc,
	    const char *what, struct err *);
/* After stepping ST for at most one row (RC the step's code): reset it;
 * 1 when there was a row, 0 when not, -1 (WHAT failed). */
int	store_row_end(struct store *, sqlite3_stmt *, int rc,
	    const char *what, struct err *);
/* After a loop over ST's rows that a callback may STOP (RC the last
 * step's code): reset it; STOP, or -1 (WHAT failed). */
int	store_each_end(struct store *, sqlite3_stmt *, int rc, int stop,
	    const char *what, struct err *);
int	store_order_range(struct store *, const char *order_id,
	    int64_t *first, int64_t *last, struct err *);

#endif
