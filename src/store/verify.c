/* src/store/verify.c: check a store's audit trail, replay its journal and
 * compare what it gives with the projections.
 *
 * Two passes over one read snapshot, so verifying a store of millions of
 * orders needs memory only for reference data, positions, users, rules,
 * halts and the orders whose history is under way at one time:
 *
 *   1. The whole journal in seq order.  Every row's hash is checked
 *      against the hash chain (from the seq where the chain began,
 *      audit_from, to the head recorded at the last commit); a row
 *      changed, inserted or deleted behind blotter's back is reported in
 *      words an operator can act on, naming the entry.  Reference data and
 *      fills rebuild instruments (for their multipliers), accounts, fx
 *      rates and every position (a position depends on the order of fills
 *      across orders); users, rules and halts are replayed, and each
 *      alert is compared with the alerts table as it comes (both are in
 *      seq order).  Then the tables are compared.
 *   2. The orders.  Each order is replayed through the core functions
 *      (order_apply, order_fill, ...), an event the status table refuses
 *      being a problem of its own, and its fields, the seq of its latest
 *      entry and its executions are compared with the projection rows.
 *      First during pass 1's walk, each order between the seq and
 *      last_seq of its row, each compared with its row as it ends and
 *      the executions as sums of hashes (see live_free() in
 *      verify-walk.c); each entry of an order goes through one function,
 *      v_replay_entry(), in either pass; when that finds anything to say,
 *      the journal's order entries grouped by order id (SQLite sorts
 *      them by id, then seq: the journal has no index on ref), merged
 *      with the orders table by id and the executions table by its key
 *      (order id, exec id), which names every disagreement in order.
 *
 * Every disagreement is one line naming the table, the key, the field, the
 * projection's value and the journal's.
 *
 * The whole file goes through PRAGMA integrity_check, before the passes
 * or, when the file is read as immutable, beside them on a thread and a
 * connection of its own (the passes' lines held back meanwhile); a
 * damaged file is reported and not replayed.  Read as immutable, the
 * chain too is checked on a thread of its own, pass 1 handing it each
 * journal row as it reads it (no second read of the journal), and when
 * it finds anything to report the run is made again with the chain in
 * pass 1, for the lines to come in their places; and the orders table is
 * read for pass 2 on a thread and a connection of its own, so that pass
 * 1's thread only replays.  Keyed rows are checked
 * with the audit key, which verify needs (a missing key is an error), and
 * the chain may be checked to pass through a head kept elsewhere (--head).
 * Verify writes nothing: an idle store is read as an immutable file. */
#include "config.h"
#include "store.h"

#include <errno.h>
#include <inttypes.h>
#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "hmap.h"
#include "verify-int.h"

/* The files of verify, each calling only those below it:
 *   verify.c         the entry point and the driver;
 *   verify-walk.c    pass 1, and pass 2 alongside it;
 *   verify-chain.c   the audit chain;
 *   verify-sorted.c  pass 2 by order id;
 *   verify-tables.c  the tables against the replay, the integrity check;
 *   verify-replay.c  replaying entries, reference data and orders;
 *   verify-body.c    reading journal bodies;
 *   verify-report.c  the report: lines, problems, differences. */

/* --- The whole check ------------------------------------------------------ */

static void
free_values(struct hmap *m)
{
	size_t	pos = 0;
	void	*val;

	while (hmap_next(m, &pos, NULL, &val))
		free(val);
	hmap_free(m);
}

/* Escape the path part of a "file:PATH?..." URI: %, # and ? in a file
 * name would otherwise be read as URI syntax.  Caller frees. */
static char *
uri_escape(const char *uri)
{
	const char *q = strchr(uri, '?');
	size_t n = strlen(uri);
	char *out = xmalloc(n * 3 + 1), *w = out;

	for (const char *p = uri; *p; p++) {
		if (p < q && p >= uri + 5 && (*p == '%' || *p == '#' ||
		    *p == '?')) {
			w += sprintf(w, "%%%02X", (unsigned char)*p);
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return out;
}

/* Pass 2 alongside pass 1 is over: 1 when it found all agreeing, with
 * the executions table folded by the check's thread when it could. */
static int
stream_done(struct verify *v, struct v_stream *s, struct v_check *c)
{
	if (c->started) {
		v_check_join(c);
		if (c->ret == 0 && c->w.problems == 0 && c->xret == 0)
			return v_stream_finish(v, s, c->xp, c->nxp);
	}
	return v_stream_finish(v, s, NULL, 0);
}

/* The size of the file named PATH followed by SUFFIX, or -1 when there
 * is none (so >= 0: there is one). */
static off_t
beside_size(const char *path, const char *suffix)
{
	char	p[4200];
	struct stat sb;

	snprintf(p, sizeof p, "%s%s", path, suffix);
	return stat(p, &sb) == 0 ? sb.st_size : -1;
}

/* Opening PATH failed (ERR says how): when it has a write-ahead log that
 * could not be read for want of its index, say so and what to do. */
static void
wal_unreadable(const char *path, struct err *err)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (beside_size(path, "-wal") > 0 && beside_size(path, "-shm") == -1)
		err_set(err, "%s: its write-ahead log %s-wal holds entries "
		    "not yet in the file, and they cannot be read without its "
		    "index %s-shm, which cannot be made here (read-only): copy "
		    "%s and %s-wal to a writable folder and verify the copy",
		    path, base, base, base, base);
}

long
store_verify(const char *path, void (*report)(void *, const char *),
    void *ctx, struct err *err)
{
	return store_verify_head(path, NULL, report, ctx, err);
}

/* Verify PATH (see store_verify_head()), the chain on a thread of its
 * own when BESIDE and the file is immutable.  When that thread finds
 * anything to report, *AGAIN: the run is to be made again with the chain
 * in the walk, for every line to come in its place. */
static long
verify_run(const char *path, const char *head,
    void (*report)(void *, const char *), void *ctx, struct err *err,
    bool beside, bool *again)
{
	struct store_key key;
	struct verify v;
	struct stat before, after;
	bool	empty, immutable = false;
	struct v_stream os;
	struct v_check chk;
	struct v_chain_check cc;
	struct sha256 xkey;
	bool	keyed;
	char	*side_uri = NULL;
	int	rc, version, r = -1;
	off_t	wal;

	memset(&v, 0, sizeof v);
	memset(&os, 0, sizeof os);
	memset(&chk, 0, sizeof chk);
	memset(&cc, 0, sizeof cc);
	*again = false;
	v.path = path;
	v.report = report;
	v.ctx = ctx;
	v.err = err;
	if (path == NULL || *path == '\0')
		return err_set(err, "no store file was named");
	if (head != NULL) {
		v.ch.anchor = true;
		if (store_head_parse(head, &v.ch.anchor_seq,
		    v.ch.anchor_hash) == -1 || v.ch.anchor_seq < 1) {
			char	h[8 + 2 * STORE_HASH_LEN];

			v.ch.anchor_seq = 0;
			snprintf(h, sizeof h, "0:%s", head);
			if (store_head_parse(h, &v.ch.anchor_seq,
			    v.ch.anchor_hash) == -1)
				return err_set(err, "--head %s: not a head "
				    "(SEQ:HASH or HASH, as 'audit head' "
				    "prints it)", head);
		}
	}
	store_sqlite_setup();
	/*
	 * Verify writes nothing, not even the -wal and -shm files a reader
	 * of a WAL store makes (it may be run on a read-only copy, in a
	 * read-only folder, by root who is never refused).  A store with
	 * neither a WAL nor a rollback journal beside it is whole in its
	 * file and nobody is writing it: it is read as an immutable file,
	 * and checked afterwards to be unchanged.  One with a WAL is in use
	 * (or was left by a crash): it is read through the WAL, as a reader
	 * next to its writers.
	 */
	wal = beside_size(path, "-wal");
	if (stat(path, &before) == 0) {
		/* A pipe would be waited on for ever. */
		if (!S_ISREG(before.st_mode))
			return err_set(err, "%s is not a blotter store (not a "
			    "file)", path);
		immutable = wal == -1 && beside_size(path, "-journal") == -1;
	}
	if (immutable || (wal <= 0 && access(path, W_OK) == -1 &&
	    errno == EROFS)) {
		/* Nobody can write a store on a read-only file system, and
		 * SQLite could not create its WAL index there: read it as an
		 * immutable file.  Not when its WAL holds something: that
		 * would be read without the entries in the WAL. */
		char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
		char *q = uri_escape(uri);
		rc = sqlite3_open_v2(q, &v.db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
		sqlite3_free(uri);
		side_uri = q;
	} else {
		rc = sqlite3_open_v2(path, &v.db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX, NULL);
	}
	if (rc != SQLITE_OK) {
		store_sql_fail(err, path, v.db, rc, "opening");
		wal_unreadable(path, err);
		sqlite3_close(v.db);
		return -1;
	}
	sqlite3_busy_timeout(v.db, 5000);
	/* Both passes read the whole file, the second in two orders at
	 * once: map it rather than copy each page in, and keep more of it. */
	sqlite3_exec(v.db, "PRAGMA mmap_size = 4294967296;"
	    "PRAGMA cache_size = -65536;", NULL, NULL, NULL);
	rc = store_check_file(v.db, path, &version, &empty, err);
	if (rc == -1 && !immutable && sqlite3_extended_errcode(v.db) ==
	    SQLITE_READONLY_RECOVERY && access(path, W_OK) == 0) {
		/* A writer killed in the middle left the WAL's index to be
		 * rebuilt, which a reader may not do: open it as a writer
		 * would, which rebuilds the index (not the store), and read
		 * on.  Nothing of the store is written. */
		sqlite3_close(v.db);
		v.db = NULL;
		if (sqlite3_open_v2(path, &v.db, SQLITE_OPEN_READWRITE |
		    SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
			/* Nor is the WAL copied into the file at close. */
			sqlite3_db_config(v.db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
			    1, NULL);
			sqlite3_busy_timeout(v.db, 5000);
			sqlite3_exec(v.db, "PRAGMA query_only = 1;"
			    "PRAGMA mmap_size = 4294967296;"
			    "PRAGMA cache_size = -65536;", NULL, NULL, NULL);
			err->msg[0] = '\0';
			rc = store_check_file(v.db, path, &version, &empty,
			    err);
		}
	}
	if (rc == -1) {
		wal_unreadable(path, err);
		goto out;
	}
	if (empty) {
		err_set(err, "%s is not a blotter store (it is empty)", path);
		goto out;
	}
	/* Verify reads, never writes: an older store is upgraded by opening
	 * it for work first. */
	if (version < STORE_SCHEMA_KEYED && store_key_absent(path, err) == -1)
		goto out;
	if (version < STORE_SCHEMA_VERSION) {
		err_set(err, "%s was written by an older blotter (schema %d): "
		    "open it once with this blotter to upgrade it, then verify",
		    path, version);
		goto out;
	}
	/* The keyed chain cannot be checked without its key: that is an
	 * error, never a pass. */
	rc = store_key_load(path, false, &key, err);
	if (rc == -1)
		goto out;
	if (rc == 0) {
		err_set(err, "%s: its audit key %s is missing: the audit trail "
		    "cannot be checked without it; set BLOTTER_AUDIT_KEY to "
		    "where it is kept", path, key.path);
		goto out;
	}
	v.ch.key = &key;
	/* One read transaction: both passes see the same snapshot. */
	rc = sqlite3_exec(v.db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		v_sql_fail(&v, rc, "reading the store");
		goto out;
	}
	/*
	 * A file nobody writes can be read by a second connection that sees
	 * the very same: the integrity check runs beside the passes, on the
	 * other core, and what the passes find is held back until it is
	 * known to be whole.
	 */
	keyed = v_xkey_draw(&xkey) == 0;
	if (side_uri != NULL && v_check_start(&v, &chk, side_uri,
	    keyed ? &xkey : NULL) == 0) {
		v.defer = true;
		/* The chain likewise, on a third connection. */
		if (beside)
			v_chain_start_beside(&v, &cc, side_uri);
	} else {
		if (v_check_file_integrity(&v) == -1)
			goto out;
		/* Replaying a damaged file tells nothing more: it is repaired
		 * first. */
		if (v.problems > 0) {
			sqlite3_exec(v.db, "COMMIT", NULL, NULL, NULL);
			r = 0;
			goto out;
		}
	}
	v.tok = json_tokener_new();
	if (v.tok == NULL)
		fatal("out of memory");
	v.instruments = hmap_new();
	v.accounts = hmap_new();
	v.fx = hmap_new();
	v.positions = hmap_new();
	v.users = hmap_new();
	v.rules = hmap_new();
	v.halts = hmap_new();
	v_stream_start(&v, &os, keyed ? &xkey : NULL, chk.started ?
	    side_uri : NULL);
	if (v_pass_journal(&v, &os) == 0 && v_compare_tables(&v) == 0 &&
	    v_pass_orders(&v, stream_done(&v, &os, &chk) == 1) == 0)
		r = 0;
	sqlite3_finalize(v.alerts);
	v.alerts = NULL;
	sqlite3_exec(v.db, "COMMIT", NULL, NULL, NULL);
	if (chk.started) {
		v_check_end(&chk, true);
		if (chk.ret == -1) {
			*err = chk.err;
			v_held_end(&v, false);
			r = -1;
		} else if (chk.w.problems > 0) {
			/* Damaged: only what the check found is reported. */
			v_held_end(&v, false);
			v.problems = chk.w.problems;
			r = 0;
		} else if (v.chain_beside && !v_chain_whole(&cc)) {
			v_held_end(&v, false);
			*again = true;
			r = -1;
		} else {
			v_held_end(&v, true);
		}
	}
	/* Read as immutable, the file must not have changed meanwhile. */
	if (r == 0 && immutable && (stat(path, &after) == -1 ||
	    after.st_ino != before.st_ino || after.st_size != before.st_size ||
	    after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != before.st_mtim.tv_nsec ||
	    beside_size(path, "-wal") >= 0)) {
		err_set(err, "%s was written to while it was verified: verify "
		    "it again", path);
		r = -1;
	}
out:
	v_stream_stop(&os);
	store_body_free(&os.w.sb);
	store_split_free(&os.w.split);
	free(os.w.held);
	v_check_end(&chk, false);
	v_chain_end(&cc);
	free(side_uri);
	if (v.tok != NULL)
		json_tokener_free(v.tok);
	store_body_free(&v.sb);
	store_split_free(&v.split);
	free_values(v.instruments);
	free_values(v.accounts);
	free_values(v.fx);
	free_values(v.positions);
	free_values(v.users);
	free_values(v.rules);
	free_values(v.halts);
	free(v.ch.cut);
	free(v.vo.ref);
	free(v.vo.x);
	free(v.vo.px);
	free(v.vo.acts);
	free(v.held);
	sqlite3_close(v.db);
	return r == 0 ? v.problems : -1;
}

long
store_verify_head(const char *path, const char *head,
    void (*report)(void *, const char *), void *ctx, struct err *err)
{
	bool	again;
	long	n;

	n = verify_run(path, head, report, ctx, err, true, &again);
	if (again)
		n = verify_run(path, head, report, ctx, err, false, &again);
	return n;
}
