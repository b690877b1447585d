/* src/store/held.c: what a transaction holds back until it commits or a
 * read needs it: journal rows, already chained, many to a statement;
 * order and position rows, the newest copy of each; the executions of
 * orders created in the transaction.  A write that fails part way marks
 * the transaction broken, so that no step is ever half saved. */
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

/* Forget the held-back rows; their copies go back to the free lists. */
void
store_dirty_drop(struct store *s)
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
int
store_write_fail(struct store *s, int rc, bool partial, const char *what,
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
		store_bind_str(st, b + 1, o->id, sizeof o->id);
		store_bind_str(st, b + 2, o->account, sizeof o->account);
		store_bind_str(st, b + 3, o->symbol, sizeof o->symbol);
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
	store_bind_str(st, b + 18, o->venue, sizeof o->venue);
	store_bind_str(st, b + 19, o->note, sizeof o->note);
	store_bind_str(st, b + 20, o->reason, sizeof o->reason);
	sqlite3_bind_int64(st, b + 21, o->created);
	sqlite3_bind_int64(st, b + 22, o->updated);
	sqlite3_bind_int64(st, b + 23, d->seq);
	sqlite3_bind_int64(st, b + 24, d->last_seq);
	store_bind_str(st, b + 25, o->user, sizeof o->user);
	store_bind_str(st, b + 26, o->block, sizeof o->block);
	if (fresh)
		store_bind_str(st, b + 27, o->login, sizeof o->login);
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
		rc = store_run(st);
	}
	st = s->st[one];
	for (; i < n && rc == SQLITE_OK; i++) {
		bind(s, st, 0, i);
		rc = store_run(st);
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
		return store_write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Bind execution X, of journal seq SEQ, to the executions insert as the
 * row whose first parameter is B + 1. */
void
store_bind_exec(sqlite3_stmt *st, int b, const struct store_exec *x,
    int64_t seq)
{
	store_bind_str(st, b + 1, x->order_id, sizeof x->order_id);
	store_bind_str(st, b + 2, x->exec_id, sizeof x->exec_id);
	store_bind_str(st, b + 3, x->account, sizeof x->account);
	store_bind_str(st, b + 4, x->symbol, sizeof x->symbol);
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
	store_bind_exec(st, b, &s->hx[i].x, s->hx[i].seq);
}

/* Insert the held executions: FLUSH_ROWS a statement, the rest one by
 * one.  Fails with the transaction marked broken. */
static int
insert_execs(struct store *s, struct err *err)
{
	int	rc = insert_rows(s, ST_EXEC_INSERT_MANY, ST_EXEC_INSERT,
	    FLUSH_ROWS, EXEC_NCOLS, s->nhx, bind_held_exec);

	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "saving executions", err);
	s->nhx = 0;
	return 0;
}

static int
dirty_by_seq(const void *a, const void *b)
{
	const struct dirty_order *x = *(struct dirty_order *const *)a;
	const struct dirty_order *y = *(struct dirty_order *const *)b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Write the held-back order and position rows.  Fails with the
 * transaction marked broken. */
int
store_dirty_flush(struct store *s, struct err *err)
{
	char	what[64 + ORDER_ID_MAX];
	size_t	pos = 0, i;
	void	*val;
	int	n = 0, rc;

	/* Rows changed, in seq order; the new ones gathered. */
	s->nflush = 0;
	while (hmap_next(s->dirty_orders, &pos, NULL, &val)) {
		if (s->nflush == s->capflush) {
			s->capflush = s->capflush ? s->capflush * 2 : 256;
			s->flush = xrealloc(s->flush, s->capflush *
			    sizeof *s->flush);
		}
		s->flush[s->nflush++] = val;
	}
	if (s->nflush > 1)
		qsort(s->flush, s->nflush, sizeof *s->flush, dirty_by_seq);
	for (i = 0; i < s->nflush; i++) {
		struct dirty_order *d = s->flush[i];
		sqlite3_stmt *st = s->st[ST_ORDER_UPDATE];

		if (d->fresh) {
			s->flush[n++] = d;
			continue;
		}
		bind_order(st, 0, d, false);
		rc = store_run(st);
		if (rc != SQLITE_OK) {
			snprintf(what, sizeof what, "saving order %s",
			    d->o.id);
			return store_write_fail(s, rc, true, what, err);
		}
	}
	/* New rows in the order of their keys: SQLite appends them to the
	 * table and to each index instead of seeking for every one. */
	if (n > 0 && insert_orders(s, s->flush, n, err) == -1)
		return -1;
	if (s->nhx > 0 && insert_execs(s, err) == -1)
		return -1;
	pos = 0;
	while (hmap_next(s->dirty_pos, &pos, NULL, &val)) {
		struct dirty_pos *d = val;
		sqlite3_stmt *st = s->st[ST_POSITION_PUT];

		store_bind_str(st, 1, d->p.account, sizeof d->p.account);
		store_bind_str(st, 2, d->p.symbol, sizeof d->p.symbol);
		sqlite3_bind_int64(st, 3, d->p.qty);
		sqlite3_bind_int64(st, 4, d->p.cost);
		sqlite3_bind_int64(st, 5, d->p.realized);
		rc = store_run(st);
		if (rc != SQLITE_OK)
			return store_write_fail(s, rc, true,
			    "saving a position",
			    err);
	}
	store_dirty_drop(s);
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
int
store_flush_for_read(struct store *s, struct err *err)
{
	if (hmap_count(s->dirty_orders) == 0 && hmap_count(s->dirty_pos) == 0)
		return 0;
	if (check_unbroken(s, err) == -1)
		return -1;
	return store_dirty_flush(s, err);
}

/* Write the journal rows held back before a read of the journal. */
int
store_journal_for_read(struct store *s, struct err *err)
{
	if (s->njrows == 0)
		return 0;
	if (check_unbroken(s, err) == -1)
		return -1;
	return store_journal_flush(s, err);
}

/* Hold back O as it is after journal entry LAST; D is its copy held
 * already, or NULL, and SEQ the seq of its order.new. */
void
store_dirty_order_put(struct store *s, struct dirty_order *d,
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

void
store_dirty_pos_put(struct store *s, const struct position *p)
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

	if (store_journal_for_read(s, err) == -1)
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
	store_head_format(buf, size, seq, h);
	return 0;
}

/* Refuse a journaled write outside a transaction or in a broken one. */
int
store_check_writable(struct store *s, struct err *err)
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
	bind_jrow(s, st, b, &s->jrows[s->jfirst + i]);
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
int
store_journal_flush(struct store *s, struct err *err)
{
	int	n = s->njrows, rc = SQLITE_OK;

	if (n == 0)
		return 0;
	store_journal_seal(s);
	s->jfirst = 0;
	if (s->seq_gap) {
		/* The first row after a cut takes its seq explicitly; SQLite
		 * numbers the rest after it. */
		sqlite3_stmt *st = s->st[ST_JOURNAL_AT];

		bind_jrow(s, st, 0, &s->jrows[0]);
		sqlite3_bind_int64(st, 7, s->seq - n + 1);
		rc = store_run(st);
		s->seq_gap = false;
		s->jfirst = 1;
	}
	if (rc == SQLITE_OK)
		rc = insert_rows(s, ST_JOURNAL_MANY, ST_JOURNAL, JOURNAL_ROWS,
		    JOURNAL_NCOLS, n - s->jfirst, bind_held_jrow);
	s->njrows = 0;
	s->join_seq = 0;
	s->jtext.len = 0;
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "journaling", err);
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

/* Chain the last row held, if it waits for its hash: an order.new is
 * hashed once nothing more can join it (see store_join()). */
void
store_journal_seal(struct store *s)
{
	const char *t = s->jtext.p;
	struct store_chain_row c;
	struct jrow *r;

	if (!s->unsealed)
		return;
	r = &s->jrows[s->njrows - 1];
	c.seq = s->seq;
	c.ts = r->ts;
	c.user = t + r->user;
	c.userlen = r->userlen;
	c.kind = t + r->kind;
	c.kindlen = r->kindlen;
	c.ref = t + r->ref;
	c.reflen = r->reflen;
	c.body = t + r->body;
	c.bodylen = r->bodylen;
	store_chain_hash(s->head, &c, &s->key, r->hash);
	memcpy(s->head, r->hash, STORE_HASH_LEN);
	s->unsealed = false;
}

/* Append a journal row with the body in S->jb, as seq S->seq + 1, by
 * USER (ULEN bytes), and chain it: its hash becomes the head (for an
 * order.new, once nothing more joins it).  It is held back and written
 * with others when JOURNAL_ROWS are waiting, before a read of the
 * journal, or at commit. */
static int
journal_add_as(struct store *s, int64_t ts, const char *kind,
    const char *ref, size_t refmax, const char *user, size_t ulen,
    struct err *err)
{
	struct jbuf *t = &s->jtext;
	struct jrow *r;

	store_journal_seal(s);
	s->join_seq = 0;
	if (s->njrows == JOURNAL_ROWS && store_journal_flush(s, err) == -1)
		return -1;
	r = &s->jrows[s->njrows];
	r->ts = ts;
	r->userlen = ulen;
	r->kindlen = strlen(kind);
	r->reflen = strnlen(ref, refmax);
	r->bodylen = s->jb.len;
	store_jb_need(t, r->userlen + r->kindlen + r->reflen + r->bodylen);
	r->user = jtext_put(t, user, r->userlen);
	r->kind = jtext_put(t, kind, r->kindlen);
	r->ref = jtext_put(t, ref, r->reflen);
	r->body = jtext_put(t, s->jb.p, r->bodylen);
	s->njrows++;
	s->seq++;
	s->unsealed = true;
	/* Only an order.new is joined, and only while it is the last row
	 * held. */
	if (strcmp(kind, SJ_ORDER_NEW) == 0) {
		s->join_seq = s->seq;
		s->joined = 0;
	} else {
		store_journal_seal(s);
	}
	return 0;
}

int
store_journal_add(struct store *s, int64_t ts, const char *kind,
    const char *ref, size_t refmax, struct err *err)
{
	return journal_add_as(s, ts, kind, ref, refmax, s->user, s->userlen,
	    err);
}

/* Whether REC, for O whose order.new has seq NEW_SEQ, joins that row: an
 * acknowledgement with nothing to say but the status new, or after it
 * the first fill by the same venue user, in the same instant, while the
 * row is the last one held. */
bool
store_join_fits(const struct store *s, const struct order *o,
    int64_t new_seq, const struct store_order_rec *rec)
{
	/* join_seq is set only while the last row held is an order.new
	 * not chained yet. */
	if (s->join_seq == 0 || new_seq != s->join_seq ||
	    s->jrows[s->njrows - 1].ts != rec->ts)
		return false;
	if (rec->kind == SOJ_STATUS)
		return s->joined == 0 && rec->ev == OEV_ACK &&
		    rec->chg == NULL && rec->login == NULL &&
		    o->status == ORDER_NEW && o->reason[0] == '\0';
	return rec->kind == SOJ_FILL && s->joined == JOINED_ACK &&
	    strcmp(s->join_user, s->user) == 0;
}

/* Join REC (which store_join_fits()) to the order.new held last, as the
 * last members of its body.  The row is not chained yet: it keeps its
 * seq, time, user and ref. */
void
store_join(struct store *s, const struct store_order_rec *rec)
{
	struct jrow *r = &s->jrows[s->njrows - 1];
	struct jbuf *b = &s->jtext;

	/* The body is the last of the held text: reopen it. */
	b->len = r->body + r->bodylen - 1;
	b->first = false;
	if (rec->kind == SOJ_STATUS) {
		store_jb_str(b, STORE_JOIN_ACK, s->user, sizeof s->user);
		memcpy(s->join_user, s->user, sizeof s->user);
		s->joined |= JOINED_ACK;
	} else {
		store_jb_str(b, STORE_JOIN_FILL, rec->exec_id, EXEC_ID_MAX);
		store_jb_int(b, "fill_qty", rec->qty);
		store_jb_int(b, "fill_px", rec->px);
		s->joined |= JOINED_FILL;
	}
	store_jb_need(b, 1);
	b->p[b->len++] = '}';
	r->bodylen = b->len - r->body;
}

/* --- Orders --------------------------------------------------------------- */

/* Whether ID has a row in the orders table (1, with its seq), 0, or -1. */
int
store_order_row_seq(struct store *s, const char *id, int64_t *seq,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ORDER_SEQ];
	int	rc;

	store_bind_str(st, 1, id, ORDER_ID_MAX);
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

/* --- Reads ---------------------------------------------------------------- */

/* Explain a row whose column BAD holds a value this blotter does not
 * know. */
int
store_bad_row(struct store *s, const char *table, const char *key,
    const char *bad, struct err *err)
{
	return err_set(err, "%s: %s %s has an unknown %s; run blotter "
	    "--verify", s->path, table, key, bad);
}

/* Refuse to restart a statement that a callback's caller is still
 * stepping through. */
int
store_check_idle(struct store *s, sqlite3_stmt *st, struct err *err)
{
	if (sqlite3_stmt_busy(st))
		return err_set(err, "%s: a read of the store was started again "
		    "from inside itself", s->path);
	return 0;
}

/* Finish stepping ST: reset it, and fail with WHAT unless every row was
 * read (RC is SQLITE_DONE, or a callback asked to stop). */
int
store_step_end(struct store *s, sqlite3_stmt *st, int rc, const char *what,
    struct err *err)
{
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_sql_fail(err, s->path, s->db, rc, what);
	return 0;
}

int
store_row_end(struct store *s, sqlite3_stmt *st, int rc, const char *what,
    struct err *err)
{
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sql_fail(err, s->path, s->db, rc, what);
	return rc == SQLITE_ROW;
}

int
store_each_end(struct store *s, sqlite3_stmt *st, int rc, int stop,
    const char *what, struct err *err)
{
	if (stop) {
		sqlite3_reset(st);
		return stop;
	}
	return store_step_end(s, st, rc, what, err);
}

/* The seqs of ORDER_ID's first and latest journal entries: 1, 0 for an
 * order not in the store, or -1.  A held-back copy is newer than the
 * table row. */
int
store_order_range(struct store *s, const char *order_id, int64_t *first,
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
	store_bind_str(st, 1, order_id, ORDER_ID_MAX);
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
