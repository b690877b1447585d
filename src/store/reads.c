/* src/store/reads.c: reading orders (by filter, newest first, by page),
 * executions, an order's history, and everything the engine loads at
 * start. */
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
	store_bind_str(st, 1, order_id, ORDER_ID_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct order tmp;

		r = store_order_from_row(st, &tmp, NULL, NULL, &bad);
		sqlite3_reset(st);
		if (r == -1)
			return store_bad_row(s, "order", order_id, bad, err);
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
	if (store_flush_for_read(s, err) == -1)
		return -1;
	store_bind_str(st, 1, order_id, ORDER_ID_MAX);
	store_bind_str(st, 2, exec_id, EXEC_ID_MAX);
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

/* F's conditions on account, symbol and block after the N bytes of BUF,
 * each joined by *AND (" WHERE ", then " AND "); their parameters are
 * "?" in that order, or ?1, ?2 and ?3 when NUMBERED.  Returns the new
 * length. */
static size_t
filter_where(char *buf, size_t size, size_t n,
    const struct store_order_filter *f, bool numbered, const char **and)
{
	if (f == NULL)
		return n;
	if (f->acct != NULL && f->acct[0] != '\0') {
		n = sql_add(buf, size, n, "%saccount = %s", *and,
		    numbered ? "?1" : "?");
		*and = " AND ";
	}
	if (f->sym != NULL && f->sym[0] != '\0') {
		n = sql_add(buf, size, n, "%ssymbol = %s", *and,
		    numbered ? "?2" : "?");
		*and = " AND ";
	}
	if (f->block != NULL && strcmp(f->block, STORE_BLOCKS) == 0) {
		n = sql_add(buf, size, n, "%sblock = id AND block <> ''",
		    *and);
		*and = " AND ";
	} else if (f->block != NULL && f->block[0] != '\0') {
		n = sql_add(buf, size, n, "%sblock = %s AND block <> ''",
		    *and, numbered ? "?3" : "?");
		*and = " AND ";
	}
	return n;
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

	bool	place = f != NULL && f->acct != NULL && f->acct[0] != '\0' &&
	    f->sym != NULL && f->sym[0] != '\0';

	n = sql_add(buf, size, 0, "SELECT %s FROM orders%s", what,
	    mask != STORE_OPEN_MASK ? "" : place ? STORE_OPEN_PLACE_INDEX :
	    STORE_OPEN_INDEX);
	n = filter_where(buf, size, n, f, false, &and);
	if (mask == STORE_OPEN_MASK) {
		n = sql_add(buf, size, n, "%s%s", and, STORE_OPEN_SQL);
	} else if (mask != 0) {
		n = sql_add(buf, size, n, "%sstatus IN (", and);
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

	if (store_flush_for_read(s, err) == -1 ||
	    filter_prepare(s, STORE_ORDER_COLS, f, true, &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_order_from_row(st, &o, NULL, NULL, &bad) == -1) {
			store_bad_row(s, "order", o.id, bad, err);
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

/* The query of a page: F's conditions (?1 account, ?2 symbol, ?3 block,
 * ?4 the key's seq), the status condition COND (or none), through the
 * index INDEX ("" for SQLite's choice). */
static size_t
page_query(char *buf, size_t size, const struct store_order_filter *f,
    enum store_page where, const char *cond, const char *index)
{
	const char *and = " WHERE ";
	size_t	n;

	n = sql_add(buf, size, 0, "SELECT " STORE_ORDER_COLS " FROM orders%s",
	    index);
	n = filter_where(buf, size, n, f, true, &and);
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
 * The statuses: the open set through orders_open (or, for one account
 * in one symbol, orders_open_place), any of those that end
 * unfilled through orders_ended (with its condition, which the set
 * implies, written out so that SQLite sees the index serves it); other
 * sets go down the table's key (or the account's or symbol's index),
 * skipping what does not match: the statuses left are the common ones.
 */
void
store_page_sql(char *buf, size_t size, const struct store_order_filter *f,
    enum store_page where)
{
	unsigned mask = f != NULL ? f->status_mask : 0;
	char	cond[512];
	const char *index = "";
	size_t	n = 0;
	int	i, k = 0;

	if (mask == STORE_OPEN_MASK) {
		bool	place = f->acct != NULL && f->acct[0] != '\0' &&
		    f->sym != NULL && f->sym[0] != '\0';

		str_copy(cond, sizeof cond, STORE_OPEN_SQL);
		index = place ? STORE_OPEN_PLACE_INDEX : STORE_OPEN_INDEX;
	} else if (mask != 0) {
		bool	ended = (mask & ~STORE_ENDED_MASK) == 0;

		n = (size_t)snprintf(cond, sizeof cond, "%sstatus IN (",
		    ended ? "" : "+");
		for (i = 0; i < ORDER_STATUS_COUNT; i++)
			if (mask & (1u << i))
				n += (size_t)snprintf(cond + n, sizeof cond - n,
				    "%s'%s'", k++ > 0 ? ", " : "",
				    order_status_name((enum order_status)i));
		/* Only unknown status bits: nothing can match. */
		snprintf(cond + n, sizeof cond - n, "%s)%s%s",
		    k == 0 ? "NULL" : "", ended && k > 0 ? " AND " : "",
		    ended && k > 0 ? STORE_ENDED_SQL : "");
		if (ended && k > 0)
			index = STORE_ENDED_INDEX;
	}
	n = page_query(buf, size, f, where, mask != 0 ? cond : NULL, index);
	/* The newer pages are read upwards, from the key or the oldest. */
	sql_add(buf, size, n, " ORDER BY seq %s LIMIT ?5",
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
	bool	upward = where == STORE_PAGE_AFTER ||
	    where == STORE_PAGE_LAST;
	int	rc, found;

	*n = 0;
	if (limit == 0)
		return 0;
	if (where < STORE_PAGE_FIRST || where > STORE_PAGE_LAST)
		return err_set(err, "%s: unknown page of orders %d", s->path,
		    (int)where);
	if (store_flush_for_read(s, err) == -1)
		return -1;
	if (where == STORE_PAGE_BEFORE || where == STORE_PAGE_AFTER) {
		if (key == NULL || *key == '\0')
			return err_set(err, "%s: a page before or after an "
			    "order needs the order's id", s->path);
		found = store_order_row_seq(s, key, &seq, err);
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
			store_bad_row(s, "order", o.id, bad, err);
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

	if (store_flush_for_read(s, err) == -1 ||
	    filter_prepare(s, "count(*)", f, false, &st, err) == -1)
		return -1;
	return int_answer(s, st, n, "counting orders", err);
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

	if (store_check_idle(s, st, err) == -1 ||
	    store_flush_for_read(s, err) == -1)
		return -1;
	store_bind_str(st, 1, order_id, ORDER_ID_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_exec_from_row(st, &x, &bad) == -1) {
			sqlite3_reset(st);
			return store_bad_row(s, "execution", x.exec_id, bad,
			    err);
		}
		if (fn(ctx, &x) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return store_step_end(s, st, rc, "reading executions", err);
}

/* Call FN for each journal entry of ORDER_ID, oldest first: those
 * between its order.new and its latest entry that name it. */
int
store_each_history(struct store *s, const char *order_id,
    int (*fn)(void *, int64_t seq, int64_t ts, const char *kind,
    const char *body), void *ctx, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_HISTORY];
	struct store_split sp;
	int64_t	first = 0, last = 0;
	bool	stop = false;
	int	rc;

	if (order_id == NULL)
		return 0;
	if (store_check_idle(s, st, err) == -1)
		return -1;
	if (store_journal_for_read(s, err) == -1)
		return -1;
	if ((rc = store_order_range(s, order_id, &first, &last, err)) <= 0)
		return rc;
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, last);
	store_bind_str(st, 3, order_id, ORDER_ID_MAX);
	store_split_init(&sp);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = store_col_str(st, 2);
		const char *body = store_col_str(st, 3);
		int	i, n;

		body = body != NULL ? body : "";
		n = store_split_row(&sp, kind != NULL ? kind : "", "", body,
		    (size_t)sqlite3_column_bytes(st, 3));
		for (i = 0; i < n && !stop; i++)
			stop = fn(ctx, sqlite3_column_int64(st, 0),
			    sqlite3_column_int64(st, 1), sp.e[i].kind,
			    sp.e[i].body) != 0;
	}
	store_split_free(&sp);
	if (stop)
		rc = SQLITE_DONE;
	return store_step_end(s, st, rc, "reading the journal", err);
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

	if (store_check_idle(s, st, err) == -1)
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
			key = store_col_str(st, 0);
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
			store_bad_row(s, what, key, bad, err);
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
	return store_step_end(s, st, rc, "loading the store", err);
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

	if (store_flush_for_read(s, err) == -1)
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

	if (store_flush_for_read(s, err) == -1)
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
	if (store_flush_for_read(s, err) == -1 ||
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
