/* src/store/store.c: the SQLite store, its closing and its transactions.
 * The rest lives beside it (see store-int.h for which file calls which).
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
 * chain, and without the key it cannot be recomputed.  The head of the
 * chain is read with the journal's last seq at store_begin(), moved on
 * by each row added, and saved in meta (audit_head, "SEQ:HEX") at each
 * commit that added rows, so rows cut from the end are seen too.  A store upgraded from
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

/* --- Closing and transactions --------------------------------------------- */

/* Close S, rolling back an open transaction; NULL is a no-op. */
void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->db != NULL && s->dirty_orders != NULL)
		store_rollback(s);
	store_destroy(s);
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
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "saving the head of the "
		    "audit trail", err);
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

	if (s->seq == s->from_seq)
		return 0;
	if (s->cut) {
		snprintf(key, sizeof key, STORE_META_AUDIT_CUT "%lld",
		    (long long)s->begin_seq);
		store_head_format(val, sizeof val, s->cut_seq, first_prev);
		if (meta_put(s, key, val, err) == -1)
			return -1;
	}
	store_head_format(val, sizeof val, s->seq, s->head);
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
		bad = store_head_parse(store_col_str(st, 0), &seq, h);
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
	rc = store_run(s->st[ST_BEGIN]);
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
		store_run(s->st[ST_ROLLBACK]);
		return -1;
	}
	if (head_check(s, err) == -1) {
		store_run(s->st[ST_ROLLBACK]);
		return -1;
	}
	/* Rows cut from the journal's end may still be named by the
	 * projections (an order's seq, an execution's): the rows written on
	 * are numbered after the recorded head, never reusing theirs. */
	s->seq_gap = s->cut && s->cut_seq > s->seq;
	if (s->seq_gap)
		s->seq = s->cut_seq;
	s->from_seq = s->seq;
	s->unsealed = false;
	s->join_seq = 0;
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
	if (store_journal_flush(s, err) == -1 ||
	    store_dirty_flush(s, err) == -1 ||
	    head_save(s, s->first_prev, err) == -1) {
		store_rollback(s);
		return -1;
	}
	rc = store_run(s->st[ST_COMMIT]);
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
	store_dirty_drop(s);
	s->njrows = 0;
	s->jtext.len = 0;
	s->join_seq = 0;
	s->unsealed = false;
	if (s->db != NULL && (s->in_txn || !sqlite3_get_autocommit(s->db))) {
		/* A read left mid-way must not keep the rollback waiting. */
		for (i = 0; i < ST_COUNT; i++)
			if (s->st[i] != NULL)
				sqlite3_reset(s->st[i]);
		if (!sqlite3_get_autocommit(s->db))
			store_run(s->st[ST_ROLLBACK]);
	}
	s->in_txn = false;
	s->broken = false;
}
