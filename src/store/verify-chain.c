/* src/store/verify-chain.c: checking the journal's audit chain for
 * verify, row by row in seq order, from where it begins to the head
 * recorded at the last commit (and through a head kept elsewhere). */
#include "config.h"
#include "store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "verify-int.h"

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

/* The chain alone, on the thread's own connection: every row in seq
 * order, as the walk would give them. */
static void *
chain_run(void *arg)
{
	struct v_chain_check *c = arg;
	struct verify *w = &c->w;
	struct store_chain_row r;
	sqlite3_stmt *st;
	const void *hash;
	int	rc;

	c->ret = -1;
	if (v_chain_start(w) == -1)
		return NULL;
	rc = sqlite3_prepare_v2(w->db, "SELECT seq, ts, user, kind, ref, body,"
	    " hash FROM journal ORDER BY seq", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		v_sql_fail(w, rc, "reading the journal");
		return NULL;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.seq = sqlite3_column_int64(st, 0);
		r.ts = sqlite3_column_int64(st, 1);
		r.user = v_col_str(st, 2);
		r.userlen = (size_t)sqlite3_column_bytes(st, 2);
		r.kind = v_col_str(st, 3);
		r.kindlen = (size_t)sqlite3_column_bytes(st, 3);
		r.ref = v_col_str(st, 4);
		r.reflen = (size_t)sqlite3_column_bytes(st, 4);
		r.body = v_col_str(st, 5);
		r.bodylen = (size_t)sqlite3_column_bytes(st, 5);
		hash = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL :
		    sqlite3_column_blob(st, 6);
		v_chain_row(w, &r, hash, hash != NULL ?
		    sqlite3_column_bytes(st, 6) : 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		v_sql_fail(w, rc, "reading the journal");
		return NULL;
	}
	v_chain_finish(w);
	v_chain_anchor(w);
	c->ret = 0;
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
	if (sqlite3_open_v2(uri, &w->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
	    sqlite3_exec(w->db, "PRAGMA mmap_size = 4294967296;", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    pthread_create(&c->th, NULL, chain_run, c) != 0) {
		sqlite3_close(w->db);
		w->db = NULL;
		return -1;
	}
	c->started = true;
	v->chain_beside = true;
	return 0;
}

bool
v_chain_whole(struct v_chain_check *c)
{
	if (!c->started)
		return false;
	pthread_join(c->th, NULL);
	c->started = false;
	return c->ret == 0 && c->w.problems == 0 && c->w.nheld == 0;
}

void
v_chain_end(struct v_chain_check *c)
{
	if (c->started) {
		pthread_join(c->th, NULL);
		c->started = false;
	}
	v_held_end(&c->w, false);
	free(c->w.held);
	free(c->w.ch.cut);
	sqlite3_close(c->w.db);
	c->w.db = NULL;
}
