/* src/store/verify-walk.c: pass 1 of verify, the whole journal in seq
 * order, and pass 2 alongside it while it can be (see the comment above
 * live_free()). */
#include "config.h"
#include "store.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "err.h"
#include "hmap.h"
#include "sha256.h"
#include "verify-int.h"

static void	stream_row(struct v_stream *, const struct v_entry *);
static void	stream_after(struct v_stream *, int64_t);

/* How many members of the row just split (SP) its first entry has that
 * store_split_row() read already: a joined row's order.new has the
 * members before its joined "ack" (the last one), read in place; 0 for a
 * row of one entry, or when there are none. */
static int
split_first(const struct store_split *sp)
{
	const struct store_body_member *a;

	if (sp->n < 2 || (a = store_body_get(&sp->sb, STORE_JOIN_ACK)) == NULL)
		return 0;
	return (int)(a - sp->sb.m);
}

/* Entry SE of the journal row R: replayed, and handed to the order pass
 * OS.  NPRE > 0: its body's members are the first NPRE of the row's,
 * read by store_split_row(). */
static void
walk_entry(struct verify *v, struct v_stream *os,
    const struct store_chain_row *r, bool noref,
    const struct store_entry *se, int npre)
{
	const char *kind = se->kind;
	unsigned kc = v_kind_class(kind);
	bool	order = (kc & KC_ORDER) != 0;
	/* The body is read once, for the order pass and for the reference
	 * data and positions. */
	bool	read = os->on || !order || (kc & KC_EXEC) != 0;
	struct v_entry e;
	struct body b;

	if (read && npre > 0)
		v_body_read_from(v, &b, se->body, &v->split.sb, npre);
	else if (read)	/* to a NUL, as the store reads it */
		v_body_read(v, &b, se->body, strlen(se->body));
	if (order || (kc & KC_REFDATA) == 0) {
		if (noref)
			v->n_noref++;
		else if (order)
			v->n_order++;
		else
			v->n_audit++;
		if (os->on) {
			e.seq = r->seq;
			e.ts = r->ts;
			e.kind = kind;
			e.ref = noref ? NULL : r->ref;
			e.user = se->user;
			e.b = &b;
			stream_row(os, &e);
		}
	}
	if ((order && (kc & KC_EXEC) == 0) ||
	    (kc == 0 && strncmp(kind, "order.", 6) != 0)) {
		/* An order's entry, or an audit entry. */
	} else if (!b.ok) {
		/* The order pass reports a bad fill body. */
		if ((kc & KC_EXEC) == 0)
			v_body_unread(v, r->seq, kind);
	} else {
		b.missing = NULL;
		v_replay_other(v, r->seq, r->ts, se->user, kind, r->ref, &b);
	}
	if (read)
		v_body_done(&b);
}

/*
 * Walk the whole journal in seq order: every row through the hash chain
 * (here, or handed to the chain's thread); reference data, fills, users,
 * rules, halts and alerts replayed.  Bodies of order entries are left to
 * pass 2, which reports a bad fill body.
 */
static int
walk_journal(struct verify *v, struct v_stream *os)
{
	struct store_chain_row r;
	sqlite3_stmt *st;
	const void *hash;
	int	rc, i, n, hashlen;

	if (!v->chain_beside && v_chain_start(v) == -1)
		return -1;
	rc = sqlite3_prepare_v2(v->db, "SELECT " STORE_ALERT_COLS
	    " FROM alerts ORDER BY seq", -1, &v->alerts, NULL);
	if (rc != SQLITE_OK)
		return v_sql_fail(v, rc, "reading alerts");
	v->arc = sqlite3_step(v->alerts);
	rc = sqlite3_prepare_v2(v->db, "SELECT seq, ts, user, kind, ref, body,"
	    " hash FROM journal ORDER BY seq", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return v_sql_fail(v, rc, "reading the journal");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind;
		bool	noref;

		/* Each column read once. */
		r.seq = sqlite3_column_int64(st, 0);
		r.ts = sqlite3_column_int64(st, 1);
		r.user = v_col_str(st, 2);
		r.kind = kind = v_col_str(st, 3);
		r.ref = (const char *)sqlite3_column_text(st, 4);
		noref = r.ref == NULL &&
		    sqlite3_column_type(st, 4) == SQLITE_NULL;
		if (r.ref == NULL)
			r.ref = "";
		r.body = v_col_str(st, 5);
		r.userlen = (size_t)sqlite3_column_bytes(st, 2);
		r.kindlen = (size_t)sqlite3_column_bytes(st, 3);
		r.reflen = (size_t)sqlite3_column_bytes(st, 4);
		r.bodylen = (size_t)sqlite3_column_bytes(st, 5);
		hash = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL :
		    sqlite3_column_blob(st, 6);
		hashlen = hash != NULL ? sqlite3_column_bytes(st, 6) : 0;
		if (v->chain_beside)
			v_chain_feed(v, &r, hash, hashlen);
		else
			v_chain_row(v, &r, hash, hashlen);
		v->n_rows++;
		/* A row may hold several entries (see store_split_row()). */
		n = store_split_row(&v->split, kind, r.user, r.body,
		    strlen(r.body));
		for (i = 0; i < n; i++)
			walk_entry(v, os, &r, noref, &v->split.e[i],
			    i == 0 ? split_first(&v->split) : 0);
		if (os->on)
			stream_after(os, r.seq);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return v_sql_fail(v, rc, "reading the journal");
	for (; v->arc == SQLITE_ROW; v->arc = sqlite3_step(v->alerts))
		v_problem(v, "alerts %lld: in the projection, not in the "
		    "journal", sqlite3_column_int64(v->alerts, 0));
	if (v->arc != SQLITE_DONE)
		return v_sql_fail(v, v->arc, "reading alerts");
	if (!v->chain_beside) {
		v_chain_finish(v);
		v_chain_anchor(v);
	}
	return 0;
}

int
v_pass_journal(struct verify *v, struct v_stream *os)
{
	int	r = walk_journal(v, os);

	/* The chain's thread has every row, or knows the walk broke off. */
	if (v->chain_q != NULL)
		v_q_close(v->chain_q, r == 0);
	return r;
}

/*
 * Pass 2 without sorting the journal, for a store that is whole: the
 * orders are replayed during pass 1's walk of the journal.  The orders
 * table is read alongside, by seq (its rowid): when the walk reaches an
 * order's seq (its order.new) the order starts, and when it passes its
 * last_seq (the seq of its latest entry) the order is over and is
 * compared with its row as the sorted pass compares them.  The orders
 * being replayed at once are those between the two: few.  Each order
 * thus gets the very entries the sorted pass would give it (its ref's)
 * as long as every entry lies in the range of its order.
 *
 * The executions table is not in seq order: each execution of an order
 * over is hashed (SHA-256 under a secret drawn for the run: every field
 * the sorted pass compares), and the hashes are summed.  The executions
 * table is summed the same way, in its own order, on the integrity
 * check's thread when there is one.  Equal sums and counts: every row
 * agrees with its replay, as the sorted pass would find; a tamperer
 * cannot make unequal rows sum alike without the secret.
 *
 * The first thing this pass would report (a problem, or a note), an
 * entry outside every order's range, a row left over, an order that
 * differs from its row, or sums that differ, and it gives up: the
 * sorted pass then runs after pass 1 and reports everything in its
 * order.
 */

static void
live_free(struct v_live *l)
{
	free(l->vo.ref);
	free(l->vo.x);
	free(l->vo.px);
	free(l->vo.acts);
	free(l);
}

/* Give up: the sorted pass will run. */
void
v_stream_stop(struct v_stream *s)
{
	struct v_live *l;
	size_t	pos = 0;
	void	*val;

	if (s->live != NULL) {
		while (hmap_next(s->live, &pos, NULL, &val))
			live_free(val);
		hmap_free(s->live);
		s->live = NULL;
	}
	while ((l = s->spare) != NULL) {
		s->spare = l->next;
		live_free(l);
	}
	free(s->heap);
	s->heap = NULL;
	s->nheap = s->capheap = 0;
	if (s->rstarted) {
		v_q_stop(&s->rq);
		pthread_join(s->rth, NULL);
		s->rstarted = false;
	}
	sqlite3_finalize(s->orders);
	s->orders = NULL;
	sqlite3_close(s->rdb);
	s->rdb = NULL;
	v_q_free(&s->rq);
	s->row = NULL;
	v_held_end(&s->w, false);
	s->on = false;
}

/* Draw the secret the executions are hashed under into KEY: 0, or -1
 * when there is no randomness to be had. */
int
v_xkey_draw(struct sha256 *key)
{
	unsigned char secret[64];

	if (getrandom(secret, sizeof secret, 0) != (ssize_t)sizeof secret)
		return -1;
	sha256_init(key);
	sha256_update(key, secret, sizeof secret);
	return 0;
}

/* The orders table by seq, on the reader's connection, into chunks of
 * rows for the walk: until the end, or until the walk stops. */
static void *
reader_run(void *arg)
{
	struct v_stream *s = arg;
	struct v_chunk *c = NULL;
	struct v_orow *o;
	const char *bad;
	int	rc;

	while ((rc = sqlite3_step(s->orders)) == SQLITE_ROW) {
		if (c == NULL && (c = v_q_fill(&s->rq)) == NULL)
			return NULL;
		o = (struct v_orow *)(void *)(c->p + c->len);
		o->ok = store_order_from_row(s->orders, &o->p, &o->pseq,
		    &o->plast, &bad) == 0;
		c->len += sizeof *o;
		if (c->len + sizeof *o > c->cap) {
			v_q_put(&s->rq);
			c = NULL;
		}
	}
	v_q_close(&s->rq, rc == SQLITE_DONE);
	return NULL;
}

/* The rows of orders a chunk holds. */
#define V_OROWS	1024

/* The next row of the orders table, its seq in S->next. */
static void
stream_step(struct v_stream *s)
{
	struct v_chunk *c;

	if (!s->rstarted) {
		s->orc = sqlite3_step(s->orders);
		if (s->orc == SQLITE_ROW)
			s->next = sqlite3_column_int64(s->orders,
			    V_ORDER_SEQ_COL);
		return;
	}
	/* The reader's: the next of its chunk, else of the next chunk. */
	c = &s->rq.c[s->rq.got % V_QCHUNKS];
	if (s->row != NULL && (s->rq.reading += sizeof *s->row) >= c->len) {
		v_q_give(&s->rq);
		s->row = NULL;
	}
	while (s->row == NULL) {
		if ((c = v_q_take(&s->rq)) == NULL) {
			s->orc = s->rq.whole ? SQLITE_DONE : SQLITE_ERROR;
			return;
		}
		if (c->len > 0)
			break;
		v_q_give(&s->rq);
	}
	s->row = (const struct v_orow *)(const void *)(c->p + s->rq.reading);
	s->orc = SQLITE_ROW;
	s->next = s->row->pseq;
}

/* Start beside pass 1, executions hashed under KEY; off when it cannot
 * (KEY NULL, say).  The orders table is read whole, each row kept while
 * its order is replayed: on a thread and a connection of its own reading
 * URI (immutable, as V's: they see the very same), else on V's. */
void
v_stream_start(struct verify *v, struct v_stream *s, const struct sha256 *key,
    const char *uri)
{
	struct verify *w = &s->w;
	sqlite3	*db = v->db;

	memset(s, 0, sizeof *s);
	w->path = v->path;
	w->db = v->db;
	w->report = v->report;
	w->ctx = v->ctx;
	w->err = &s->err;
	w->defer = true;
	w->tok = v->tok;
	if (key == NULL) {
		v_stream_stop(s);
		return;
	}
	if (uri != NULL && sqlite3_open_v2(uri, &s->rdb, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
	    sqlite3_exec(s->rdb, "PRAGMA mmap_size = 4294967296;", NULL,
	    NULL, NULL) == SQLITE_OK) {
		db = s->rdb;
	} else {
		sqlite3_close(s->rdb);
		s->rdb = NULL;
	}
	if (sqlite3_prepare_v2(db, "SELECT " STORE_ORDER_COLS " FROM orders"
	    " ORDER BY seq", -1, &s->orders, NULL) != SQLITE_OK) {
		v_stream_stop(s);
		return;
	}
	if (s->rdb != NULL) {
		v_q_init(&s->rq, V_OROWS * sizeof(struct v_orow));
		if (pthread_create(&s->rth, NULL, reader_run, s) != 0) {
			v_stream_stop(s);
			return;
		}
		s->rstarted = true;
	}
	s->xkey = *key;
	s->live = hmap_new();
	s->on = true;
	stream_step(s);
}

static bool
stream_clean(const struct v_stream *s)
{
	return s->w.problems == 0 && s->w.nheld == 0;
}

static void
heap_push(struct v_stream *s, struct v_live *l)
{
	size_t	i, up;

	if (s->nheap == s->capheap) {
		s->capheap = s->capheap != 0 ? 2 * s->capheap : 64;
		s->heap = xrealloc(s->heap, s->capheap * sizeof *s->heap);
	}
	for (i = s->nheap++; i > 0; i = up) {
		up = (i - 1) / 2;
		if (s->heap[up]->plast <= l->plast)
			break;
		s->heap[i] = s->heap[up];
	}
	s->heap[i] = l;
}

static struct v_live *
heap_pop(struct v_stream *s)
{
	struct v_live *top = s->heap[0], *last = s->heap[--s->nheap];
	size_t	i = 0, c;

	while ((c = 2 * i + 1) < s->nheap) {
		if (c + 1 < s->nheap && s->heap[c + 1]->plast <
		    s->heap[c]->plast)
			c++;
		if (last->plast <= s->heap[c]->plast)
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->nheap > 0)
		s->heap[i] = last;
	return top;
}

/* The orders whose order.new is at SEQ start, their rows kept; a row
 * whose seq was passed without it, or that cannot be read, is a
 * problem. */
static void
stream_admit(struct v_stream *s, int64_t seq)
{
	struct v_live *l;
	const char *bad;

	while (s->on && s->orc == SQLITE_ROW && s->next <= seq) {
		if (s->next < seq) {
			v_stream_stop(s);
			return;
		}
		if ((l = s->spare) != NULL) {
			s->spare = l->next;
		} else {
			l = xmalloc(sizeof *l);
			memset(l, 0, sizeof *l);
		}
		if (s->row != NULL) {
			l->p = s->row->p;
			l->pseq = s->row->pseq;
			l->plast = s->row->plast;
		}
		if ((s->row != NULL ? !s->row->ok :
		    store_order_from_row(s->orders, &l->p, &l->pseq,
		    &l->plast, &bad) == -1) ||
		    hmap_count(s->live) >= V_LIVE_MAX ||
		    hmap_get(s->live, l->p.id) != NULL) {
			live_free(l);
			v_stream_stop(s);
			return;
		}
		v_vo_reset(&l->vo, l->p.id);
		hmap_put(s->live, l->p.id, l);
		heap_push(s, l);
		stream_step(s);
	}
	if (s->on && s->orc != SQLITE_ROW && s->orc != SQLITE_DONE)
		v_stream_stop(s);
}

/* Order L is over: it is compared with its row, its executions folded
 * to be compared with the table's at the end. */
static void
stream_end_order(struct v_stream *s, struct v_live *l)
{
	struct v_order *vo = &l->vo;
	size_t	i;

	hmap_del(s->live, vo->ref);
	l->next = s->spare;
	s->spare = l;
	if (!vo->created) {
		v_stream_stop(s);
		return;
	}
	v_compare_order_row(&s->w, vo, &l->p, l->pseq, l->plast);
	if (!stream_clean(s)) {
		v_stream_stop(s);
		return;
	}
	for (i = 0; i < vo->nx; i++)
		v_exec_fold(&s->xkey, s->xj, vo->ref, &vo->x[i].x,
		    vo->x[i].seq);
	s->nxj += (int64_t)vo->nx;
}

/* Journal entry E, not reference data: replay it in its order. */
static void
stream_row(struct v_stream *s, const struct v_entry *e)
{
	struct v_live *l;

	stream_admit(s, e->seq);
	if (!s->on)
		return;
	if (e->ref == NULL || (l = hmap_get(s->live, e->ref)) == NULL) {
		/* Outside every order's range (a setting's entry, say). */
		v_stream_stop(s);
		return;
	}
	s->w.cur = &l->vo;
	v_replay_entry(&s->w, e);
	if (!stream_clean(s))
		v_stream_stop(s);
}

/* After entry SEQ: the orders whose history ends there are over. */
static void
stream_after(struct v_stream *s, int64_t seq)
{
	stream_admit(s, seq);
	while (s->on && s->nheap > 0 && s->heap[0]->plast <= seq)
		stream_end_order(s, heap_pop(s));
}

/* The journal is read: 1 when every order and execution agreed, else 0
 * (the sorted pass is needed).  XP and NXP: the executions table's sum
 * and count when folded already (XP not NULL).  The same_login setting
 * goes to V. */
int
v_stream_finish(struct verify *v, struct v_stream *s, const uint64_t *xp,
    int64_t nxp)
{
	while (s->on && s->nheap > 0)
		stream_end_order(s, heap_pop(s));
	if (s->on && xp == NULL) {
		if (v_execs_fold(v->db, &s->xkey, s->xp, &nxp) == -1)
			v_stream_stop(s);
		xp = s->xp;
	}
	if (!s->on || s->orc != SQLITE_DONE || hmap_count(s->live) != 0 ||
	    !stream_clean(s) || nxp != s->nxj ||
	    memcmp(s->xj, xp, sizeof s->xj) != 0) {
		v_stream_stop(s);
		return 0;
	}
	memcpy(v->same_login, s->w.same_login, sizeof v->same_login);
	v_stream_stop(s);
	return 1;
}
