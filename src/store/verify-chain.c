/* src/store/verify-chain.c: checking the journal's audit chain for
 * verify, row by row in seq order, from where it begins to the head
 * recorded at the last commit (and through a head kept elsewhere); and
 * the queue that hands rows from one of verify's threads to another. */
#include "config.h"
#include "store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "verify-int.h"

/* --- The queue between threads ------------------------------------------- */

void
v_q_init(struct v_queue *q, size_t size)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->size = size;
	q->on = true;
}

void
v_q_free(struct v_queue *q)
{
	int	i;

	if (!q->on)
		return;
	for (i = 0; i < V_QCHUNKS; i++)
		free(q->c[i].p);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	memset(q, 0, sizeof *q);
}

struct v_chunk *
v_q_fill(struct v_queue *q)
{
	struct v_chunk *c;

	pthread_mutex_lock(&q->mu);
	while (!q->stopped && q->put - q->got == V_QCHUNKS)
		pthread_cond_wait(&q->cv, &q->mu);
	c = q->stopped ? NULL : &q->c[q->put % V_QCHUNKS];
	pthread_mutex_unlock(&q->mu);
	/* Not the consumer's until passed on: filled without the lock. */
	if (c != NULL) {
		if (c->p == NULL) {
			c->p = xmalloc(q->size);
			c->cap = q->size;
		}
		c->len = 0;
	}
	q->filling = c;
	return c;
}

void
v_q_put(struct v_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->put++;
	q->filling = NULL;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void
v_q_close(struct v_queue *q, bool whole)
{
	if (!q->on)
		return;
	pthread_mutex_lock(&q->mu);
	if (!q->closed) {
		if (q->filling != NULL)
			q->put++;	/* the last chunk */
		q->closed = true;
		q->whole = whole;
	}
	q->filling = NULL;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

struct v_chunk *
v_q_take(struct v_queue *q)
{
	struct v_chunk *c;

	pthread_mutex_lock(&q->mu);
	while (q->got == q->put && !q->closed && !q->stopped)
		pthread_cond_wait(&q->cv, &q->mu);
	c = q->got < q->put && !q->stopped ? &q->c[q->got % V_QCHUNKS] :
	    NULL;
	pthread_mutex_unlock(&q->mu);
	q->reading = 0;
	return c;
}

void
v_q_give(struct v_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->got++;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void
v_q_stop(struct v_queue *q)
{
	if (!q->on)
		return;
	pthread_mutex_lock(&q->mu);
	q->stopped = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* --- The hash chain ------------------------------------------------------- */

/* What an entry is about, for a report line: "order.status of order X". */
static const char *
describe(const char *kind, const char *ref, char *buf, size_t size)
{
	char	k[STORE_AUDIT_KIND_MAX * 2], r[STORE_AUDIT_REF_MAX];

	v_clean(kind, k, sizeof k);
	v_clean(ref, r, sizeof r);
	if (store_kind_order(kind))
		snprintf(buf, size, "%s of order %s", k, r);
	else if (strcmp(kind, SJ_INSTRUMENT) == 0)
		snprintf(buf, size, "instrument %s", r);
	else if (strcmp(kind, SJ_ACCOUNT) == 0)
		snprintf(buf, size, "account %s", r);
	else if (strcmp(kind, SJ_FX) == 0)
		snprintf(buf, size, "fx rate %s", r);
	else if (strcmp(kind, SJ_USER_ADD) == 0)
		snprintf(buf, size, "%s of user %s", k, r);
	else if (strncmp(kind, "rule.", 5) == 0)
		snprintf(buf, size, "%s of rule %s", k, r);
	else if (strcmp(kind, SJ_HALT) == 0 || strcmp(kind, SJ_RESUME) == 0)
		snprintf(buf, size, "%s of %s%s", k, ref[0] != '\0' ?
		    "account " : "the whole store", r);
	else if (ref[0] == '\0')
		str_copy(buf, size, k);
	else if (strcmp(kind, SJ_ALERT) == 0)
		snprintf(buf, size, "alert for account %s", r);
	else
		snprintf(buf, size, "%s about %s", k, r);
	return buf;
}

/* Report what a writer found at the journal's end (see v_cut). */
static void
report_cut(struct verify *v, const struct v_cut *k)
{
	if (k->seq > k->at)
		v_problem(v, "when blotter next wrote to the journal, it ended "
		    "at entry %" PRId64 " but had been written to entry %"
		    PRId64 ": entries were cut from its end", k->at, k->seq);
	else if (k->seq < k->at)
		v_problem(v, "when blotter next wrote to the journal, it ended "
		    "at entry %" PRId64 " but had been written to entry %"
		    PRId64 " only: entries were added behind blotter's back",
		    k->at, k->seq);
	else
		v_problem(v, "when blotter next wrote to the journal, its last "
		    "entry %" PRId64 " was not the one last written: it was "
		    "replaced", k->at);
}

/* Read the chain's ends and the cuts recorded by writers from meta. */
int
v_chain_start(struct verify *v)
{
	struct chain *c = &v->ch;
	struct err e = { "" };
	sqlite3_stmt *st;
	const char *key, *val;
	int64_t	n;
	int	rc;

	c->from = 0;
	c->have_head = false;
	rc = sqlite3_prepare_v2(v->db, "SELECT key, value FROM meta WHERE"
	    " key = '" STORE_META_AUDIT_FROM "' OR key = '"
	    STORE_META_AUDIT_HEAD "' OR (key >= '" STORE_META_AUDIT_CUT "'"
	    " AND key < '" STORE_META_AUDIT_CUT "~') ORDER BY key", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return v_sql_fail(v, rc, "reading the audit trail");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key = v_col_str(st, 0);
		val = v_col_str(st, 1);
		if (strcmp(key, STORE_META_AUDIT_FROM) == 0) {
			char	*end;

			errno = 0;
			n = strtoll(val, &end, 10);
			if (errno == 0 && end != val && *end == '\0' && n >= 1)
				c->from = n;
		} else if (strcmp(key, STORE_META_AUDIT_HEAD) == 0) {
			c->have_head = true;
			c->head_ok = store_head_parse(val, &c->head_seq,
			    c->head_hash) == 0;
		} else {
			struct v_cut *k;

			if (c->ncut == c->capcut) {
				c->capcut = c->capcut != 0 ? 2 * c->capcut : 4;
				c->cut = xrealloc(c->cut,
				    c->capcut * sizeof *c->cut);
			}
			k = &c->cut[c->ncut];
			k->at = strtoll(key + strlen(STORE_META_AUDIT_CUT),
			    NULL, 10);
			if (store_head_parse(val, &k->seq, k->hash) == -1) {
				v_problem(v, "the record of a change to the "
				    "journal's end (%s) is unreadable", key);
				continue;
			}
			c->ncut++;
			report_cut(v, k);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return v_sql_fail(v, rc, "reading the audit trail");
	if (c->from == 0) {
		v_problem(v, "the store does not record where its audit trail "
		    "starts (audit_from): every journal entry is checked");
		c->from = 1;
	}
	c->next = c->from;
	c->linked = true;
	memset(c->prev, 0, sizeof c->prev);
	/* Where the keyed rows start, sealed with the key: a wrong key, or
	 * the start moved to pass keyed rows off as plain, is found here. */
	if (store_keyed_read(v->db, v->path, c->key, &c->keyed_from,
	    &e) == -1) {
		size_t	len = strlen(v->path);

		v_problem(v, "%s", strncmp(e.msg, v->path, len) == 0 &&
		    e.msg[len] == ':' ? e.msg + len + 2 : e.msg);
		if (c->keyed_from == 0)
			c->keyed_from = c->from;
	}
	return 0;
}

/* Close a run of broken links with one line for the rest of it. */
static void
chain_end_run(struct verify *v)
{
	struct chain *c = &v->ch;

	if (c->run > 1 && c->run == 2)
		v_problem(v, "journal entry %" PRId64 ", after it, does not "
		    "match its hash either", c->run_last);
	else if (c->run > 2)
		v_problem(v, "journal entries %" PRId64 " to %" PRId64
		    ", after it, do not match their hashes either (%ld "
		    "entries)",
		    c->run_first + 1, c->run_last, c->run - 1);
	c->run = 0;
}

/*
 * Check one journal row against the chain, in seq order.  Each row's link
 * is checked against the hash stored in the row before it, so a row
 * changed in place is reported alone and the rows after it still check.
 * A run of rows that fail one after another (rows renumbered, say) is one
 * line for the first and one for the count.
 */
void
v_chain_row(struct verify *v, const struct store_chain_row *r,
    const unsigned char *hash, int hashlen)
{
	struct chain *c = &v->ch;
	unsigned char h[STORE_HASH_LEN];
	char	d[256];
	const char *bad = NULL;
	size_t	i;

	c->last = r->seq;
	c->last_hashed = hash != NULL && hashlen == STORE_HASH_LEN;
	if (c->last_hashed)
		memcpy(c->last_hash, hash, STORE_HASH_LEN);
	if (r->seq < c->from) {
		/* Before the chain began (an upgraded store): no hashes. */
		if (hash != NULL && !c->moved) {
			v_problem(v, "journal entry %" PRId64 " (%s) is "
			    "chained but lies before the start of the audit "
			    "trail at entry %" PRId64 ": the start was moved "
			    "to leave entries unchecked", r->seq,
			    describe(r->kind, r->ref, d, sizeof d), c->from);
			c->moved = true;
		}
		return;
	}
	/* The seqs of entries cut from the end, which the writer that found
	 * the cut numbered past (v_chain_start() named them), are no gap. */
	for (i = 0; i < c->ncut && r->seq > c->next; i++)
		if (c->cut[i].at + 1 == c->next && c->cut[i].seq + 1 == r->seq)
			c->next = r->seq;
	if (r->seq > c->next) {
		chain_end_run(v);
		if (r->seq == c->next + 1)
			v_problem(v, "journal entry %" PRId64 " is missing: "
			    "deleted", c->next);
		else
			v_problem(v, "journal entries %" PRId64 " to %" PRId64
			    " are missing: deleted", c->next, r->seq - 1);
		c->linked = false;
	}
	/* A writer that found the journal's end changed chained this row
	 * to the head it had recorded (v_chain_start() reported it). */
	for (i = 0; i < c->ncut; i++)
		if ((c->cut[i].seq > c->cut[i].at ? c->cut[i].seq :
		    c->cut[i].at) + 1 == r->seq) {
			memcpy(c->prev, c->cut[i].hash, STORE_HASH_LEN);
			c->linked = true;
		}
	if (hash == NULL) {
		bad = "has no hash: it was added behind blotter's back";
	} else if (hashlen != STORE_HASH_LEN) {
		bad = "was changed after it was written";
	} else if (c->linked) {
		store_chain_hash(c->prev, r, r->seq >= c->keyed_from ?
		    c->key : NULL, h);
		if (memcmp(h, hash, STORE_HASH_LEN) != 0)
			bad = "was changed after it was written";
	}
	if (bad != NULL) {
		if (c->run++ == 0) {
			v_problem(v, "journal entry %" PRId64 " (%s) %s",
			    r->seq, describe(r->kind, r->ref, d, sizeof d),
			    bad);
			c->run_first = r->seq;
		}
		c->run_last = r->seq;
	} else {
		chain_end_run(v);
	}
	c->linked = hash != NULL && hashlen == STORE_HASH_LEN;
	if (c->linked)
		memcpy(c->prev, hash, STORE_HASH_LEN);
	c->next = r->seq + 1;
	if (c->anchor && !c->anchor_seen && c->linked &&
	    (c->anchor_seq == 0 || c->anchor_seq == r->seq) &&
	    memcmp(hash, c->anchor_hash, STORE_HASH_LEN) == 0)
		c->anchor_seen = true;
}

/* Does the chain still pass through the anchored head (--head)? */
void
v_chain_anchor(struct verify *v)
{
	struct chain *c = &v->ch;

	if (!c->anchor || c->anchor_seen)
		return;
	if (c->anchor_seq == 0)
		v_problem(v, "no journal entry has the anchored head's "
		    "hash: the journal was rewritten or cut since the head "
		    "was taken");
	else if (c->anchor_seq > c->last)
		v_problem(v, "the journal ends at entry %" PRId64 " but the "
		    "anchored head is entry %" PRId64 ": entries were cut from "
		    "its end", c->last, c->anchor_seq);
	else
		v_problem(v, "journal entry %" PRId64 " is not the "
		    "anchored head (its hash differs): the journal was "
		    "rewritten since the head was taken", c->anchor_seq);
}

/* After the last row: does the journal end where it was last written? */
void
v_chain_finish(struct verify *v)
{
	struct chain *c = &v->ch;

	chain_end_run(v);
	if (!c->have_head) {
		if (c->last >= c->from)
			v_problem(v, "the record of the journal's last entry "
			    "(audit_head) is missing: entries cut from its "
			    "end could not be told");
		return;
	}
	if (!c->head_ok) {
		v_problem(v, "the record of the journal's last entry "
		    "(audit_head) is unreadable");
		return;
	}
	if (c->last == 0 && c->head_seq > 0)
		v_problem(v, "the journal is empty but was last written to "
		    "entry %" PRId64 ": its entries were deleted",
		    c->head_seq);
	else if (c->last < c->head_seq)
		v_problem(v, "the journal ends at entry %" PRId64 " but was "
		    "last written to entry %" PRId64 ": entries were cut from "
		    "its end", c->last, c->head_seq);
	else if (c->last > c->head_seq)
		v_problem(v, "the journal ends at entry %" PRId64 " but was "
		    "last written to entry %" PRId64 ": entries were added "
		    "after its last write", c->last, c->head_seq);
	else if (!c->last_hashed ||
	    memcmp(c->last_hash, c->head_hash, STORE_HASH_LEN) != 0)
		v_problem(v, "journal entry %" PRId64 ", the last, is not the "
		    "one last written: it was replaced", c->last);
}

/*
 * A journal row handed from the walk to the chain's thread: this, then
 * its user, kind, ref and body, each with a NUL after it, then its hash,
 * the whole padded to 8 bytes.
 */
struct v_qrow {
	int64_t	seq, ts;
	uint32_t userlen, kindlen, reflen, bodylen;
	int32_t	hashlen;		/* -1: NULL */
	uint32_t size;			/* of the whole */
};

/* The bytes of the walk's chunks: chunks of about this size (a row larger
 * has one to itself). */
#define V_CHAIN_CHUNK	(256 * 1024)

static size_t
qrow_size(const struct store_chain_row *r, int hashlen)
{
	size_t	n = sizeof(struct v_qrow) + r->userlen + r->kindlen +
	    r->reflen + r->bodylen + 4 + (hashlen > 0 ? (size_t)hashlen : 0);

	return (n + 7) & ~(size_t)7;
}

static char *
put_bytes(char *w, const char *s, size_t len)
{
	memcpy(w, s, len);
	w[len] = '\0';
	return w + len + 1;
}

void
v_chain_feed(struct verify *v, const struct store_chain_row *r,
    const unsigned char *hash, int hashlen)
{
	struct v_queue *q = v->chain_q;
	struct v_chunk *c = q->filling;
	size_t	size = qrow_size(r, hash != NULL ? hashlen : 0);
	struct v_qrow h;
	char	*w;

	if (q->dropped)
		return;
	if (c != NULL && c->len > 0 && c->len + size > c->cap) {
		v_q_put(q);
		c = NULL;
	}
	if (c == NULL && (c = v_q_fill(q)) == NULL) {
		q->dropped = true;	/* the chain's thread gave up */
		return;
	}
	if (c->len + size > c->cap) {
		c->cap = c->len + size;
		c->p = xrealloc(c->p, c->cap);
	}
	h.seq = r->seq;
	h.ts = r->ts;
	h.userlen = (uint32_t)r->userlen;
	h.kindlen = (uint32_t)r->kindlen;
	h.reflen = (uint32_t)r->reflen;
	h.bodylen = (uint32_t)r->bodylen;
	h.hashlen = hash != NULL ? hashlen : -1;
	h.size = (uint32_t)size;
	w = c->p + c->len;
	memcpy(w, &h, sizeof h);
	w += sizeof h;
	w = put_bytes(w, r->user, r->userlen);
	w = put_bytes(w, r->kind, r->kindlen);
	w = put_bytes(w, r->ref, r->reflen);
	w = put_bytes(w, r->body, r->bodylen);
	if (hash != NULL && hashlen > 0)
		memcpy(w, hash, (size_t)hashlen);
	c->len += size;
}

/* The chain alone, on the thread's own connection for meta, its rows in
 * seq order as the walk reads them. */
static void *
chain_run(void *arg)
{
	struct v_chain_check *c = arg;
	struct verify *w = &c->w;
	struct store_chain_row r;
	struct v_chunk *k;
	struct v_qrow h;
	const char *p;
	size_t	at;

	c->ret = -1;
	if (v_chain_start(w) == -1) {
		v_q_stop(&c->q);
		return NULL;
	}
	while ((k = v_q_take(&c->q)) != NULL) {
		for (at = 0; at < k->len; at += h.size) {
			memcpy(&h, k->p + at, sizeof h);
			p = k->p + at + sizeof h;
			r.seq = h.seq;
			r.ts = h.ts;
			r.user = p;
			r.userlen = h.userlen;
			p += h.userlen + 1;
			r.kind = p;
			r.kindlen = h.kindlen;
			p += h.kindlen + 1;
			r.ref = p;
			r.reflen = h.reflen;
			p += h.reflen + 1;
			r.body = p;
			r.bodylen = h.bodylen;
			p += h.bodylen + 1;
			v_chain_row(w, &r, h.hashlen >= 0 ?
			    (const unsigned char *)p : NULL,
			    h.hashlen >= 0 ? h.hashlen : 0);
		}
		v_q_give(&c->q);
	}
	/* The walk ended early: its error is the run's. */
	c->ret = 0;
	if (!c->q.whole)
		return NULL;
	v_chain_finish(w);
	v_chain_anchor(w);
	return NULL;
}

int
v_chain_start_beside(struct verify *v, struct v_chain_check *c,
    const char *uri)
{
	struct verify *w = &c->w;

	memset(c, 0, sizeof *c);
	w->path = v->path;
	w->report = v->report;
	w->ctx = v->ctx;
	w->err = &c->err;
	w->defer = true;
	w->ch = v->ch;			/* the key, and the anchor (--head) */
	v_q_init(&c->q, V_CHAIN_CHUNK);
	if (sqlite3_open_v2(uri, &w->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
	    pthread_create(&c->th, NULL, chain_run, c) != 0) {
		sqlite3_close(w->db);
		w->db = NULL;
		v_q_free(&c->q);
		return -1;
	}
	c->started = true;
	v->chain_beside = true;
	v->chain_q = &c->q;
	return 0;
}

bool
v_chain_whole(struct v_chain_check *c)
{
	if (!c->started)
		return false;
	v_q_close(&c->q, false);	/* when the walk did not */
	pthread_join(c->th, NULL);
	c->started = false;
	return c->ret == 0 && c->w.problems == 0 && c->w.nheld == 0;
}

void
v_chain_end(struct v_chain_check *c)
{
	if (c->started) {
		v_q_close(&c->q, false);
		pthread_join(c->th, NULL);
		c->started = false;
	}
	v_q_free(&c->q);
	v_held_end(&c->w, false);
	free(c->w.held);
	free(c->w.ch.cut);
	sqlite3_close(c->w.db);
	c->w.db = NULL;
}
