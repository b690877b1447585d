/* src/store/fixstore.c: FIX sessions' numbers, messages and ClOrdIDs in
 * the store (see fixstore.h). */
#include "config.h"
#include "fixstore.h"

#include <sqlite3.h>
#include <string.h>

#include "err.h"
#include "fixed.h"
#include "order.h"
#include "store-int.h"

static int
name_ok(struct store *s, const char *name, struct err *err)
{
	if (name[0] == '\0' || strnlen(name, FIXSTORE_NAME_MAX) >=
	    FIXSTORE_NAME_MAX)
		return err_set(err, "%s: a FIX session's name is 1 to %d "
		    "characters", s->path, FIXSTORE_NAME_MAX - 1);
	return 0;
}

int
store_fix_seqs(struct store *s, const char *name, struct fixstore_seqs *out,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_SESSION];
	int	rc;

	out->gen = 0;
	out->next_out = out->next_in = 1;
	if (name_ok(s, name, err) == -1)
		return -1;
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->gen = sqlite3_column_int64(st, 0);
		out->next_out = sqlite3_column_int64(st, 1);
		out->next_in = sqlite3_column_int64(st, 2);
	}
	return store_row_end(s, st, rc, "reading a FIX session's sequence "
	    "numbers", err);
}

int
store_fix_set_seqs(struct store *s, const char *name,
    const struct fixstore_seqs *q, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_SEQS];
	int	rc;

	if (store_check_writable(s, err) == -1 || name_ok(s, name, err) == -1)
		return -1;
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	sqlite3_bind_int64(st, 2, q->gen);
	sqlite3_bind_int64(st, 3, q->next_out);
	sqlite3_bind_int64(st, 4, q->next_in);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true,
		    "saving a FIX session's sequence numbers", err);
	return 0;
}

int
store_fix_put_msg(struct store *s, const char *name, int64_t gen, bool out,
    int64_t seq, int64_t ts, const char *msgtype, const char *order_id,
    const char *buf, size_t len, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_MSG_PUT];
	int	rc;

	if (store_check_writable(s, err) == -1 || name_ok(s, name, err) == -1)
		return -1;
	if (len > (size_t)1 << 30)
		return err_set(err, "%s: a FIX message of %zu bytes is too "
		    "long to keep", s->path, len);
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	sqlite3_bind_int64(st, 2, gen);
	sqlite3_bind_text(st, 3, out ? "out" : "in", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, seq);
	sqlite3_bind_int64(st, 5, ts);
	store_bind_str(st, 6, msgtype, FIXSTORE_MSGTYPE_MAX);
	store_bind_str(st, 7, order_id ? order_id : "", ORDER_ID_MAX);
	sqlite3_bind_blob(st, 8, buf, (int)len, SQLITE_STATIC);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "keeping a FIX message",
		    err);
	return 0;
}

int
store_fix_get_out(struct store *s, const char *name, int64_t gen,
    int64_t seq, char *buf, size_t cap, size_t *len, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_MSG_OUT];
	int	rc, found = 0;

	*len = 0;
	if (name_ok(s, name, err) == -1)
		return -1;
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	sqlite3_bind_int64(st, 2, gen);
	sqlite3_bind_int64(st, 3, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, 0);
		size_t	n = (size_t)sqlite3_column_bytes(st, 0);
		if (p && n <= cap) {
			memcpy(buf, p, n);
			*len = n;
			found = 1;
		}
	}
	if (store_row_end(s, st, rc, "reading a FIX message to send again",
	    err) == -1)
		return -1;
	return found;
}

int
store_fix_sent(struct store *s, const char *name, int64_t gen,
    const char *order_id, const char *msgtype, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_MSG_SENT];
	int	rc;

	store_bind_str(st, 1, order_id, ORDER_ID_MAX);
	store_bind_str(st, 2, name, FIXSTORE_NAME_MAX);
	sqlite3_bind_int64(st, 3, gen);
	store_bind_str(st, 4, msgtype, FIXSTORE_MSGTYPE_MAX);
	rc = sqlite3_step(st);
	return store_row_end(s, st, rc, "looking for an order's FIX message",
	    err);
}

int
store_fix_order_of(struct store *s, const char *name, const char *clordid,
    char *order_id, size_t size, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_CLORDID_GET];
	int	rc;

	order_id[0] = '\0';
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	store_bind_str(st, 2, clordid, FIXSTORE_CLORDID_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_col_text(st, 0, order_id, size);
	return store_row_end(s, st, rc, "looking up a ClOrdID", err);
}

int
store_fix_each_msg(struct store *s, const char *order_id,
    int (*fn)(void *, const struct fixstore_msg *), void *ctx,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_MSG_ORDER];
	int	rc, stop = 0;

	if (store_flush_for_read(s, err) == -1)
		return -1;
	store_bind_str(st, 1, order_id, ORDER_ID_MAX);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *dir = store_col_str(st, 1);
		struct fixstore_msg m = {
			.session = store_col_str(st, 0),
			.out = dir && strcmp(dir, "out") == 0,
			.seq = sqlite3_column_int64(st, 2),
			.ts = sqlite3_column_int64(st, 3),
			.msgtype = store_col_str(st, 4),
			.body = sqlite3_column_blob(st, 5),
			.len = (size_t)sqlite3_column_bytes(st, 5),
		};
		if (!m.session || !m.msgtype)
			continue;
		if (!m.body)
			m.body = "";
		stop = fn(ctx, &m);
	}
	return store_each_end(s, st, rc, stop, "reading an order's FIX "
	    "messages", err);
}

int
store_fix_current(struct store *s, const char *name, const char *order_id,
    char *clordid, size_t size, int64_t *n, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_CURRENT_GET];
	int	rc;

	clordid[0] = '\0';
	*n = 0;
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	store_bind_str(st, 2, order_id, ORDER_ID_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_col_text(st, 0, clordid, size);
		*n = sqlite3_column_int64(st, 1);
	}
	return store_row_end(s, st, rc, "looking up an order's ClOrdID", err);
}

/* Run ST, bound to NAME, A and B (when not NULL). */
static int
order_write(struct store *s, sqlite3_stmt *st, const char *name,
    const char *a, const char *b, struct err *err)
{
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	store_bind_str(st, 2, a, FIXSTORE_CLORDID_MAX);
	if (b)
		store_bind_str(st, 3, b, FIXSTORE_CLORDID_MAX);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "keeping an order's "
		    "ClOrdID", err);
	return 0;
}

int
store_fix_put_clordid(struct store *s, const char *name, const char *clordid,
    const char *order_id, struct err *err)
{
	/* The same binding as an order's row, the ClOrdID first. */
	return order_write(s, s->st[ST_FIX_CLORDID_PUT], name, clordid,
	    order_id, err);
}

int
store_fix_set_current(struct store *s, const char *name, const char *order_id,
    const char *clordid, struct err *err)
{
	return order_write(s, s->st[ST_FIX_CURRENT_PUT], name, order_id,
	    clordid, err);
}

int
store_fix_bump(struct store *s, const char *name, const char *order_id,
    struct err *err)
{
	return order_write(s, s->st[ST_FIX_BUMP], name, order_id, NULL, err);
}

int
store_fix_set_state(struct store *s, const char *name, const char *state,
    const char *peer, int64_t at, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_STATE];
	int	rc;

	if (store_check_writable(s, err) == -1 || name_ok(s, name, err) == -1)
		return -1;
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	store_bind_str(st, 2, state, 64);
	store_bind_str(st, 3, peer, 300);
	sqlite3_bind_int64(st, 4, at);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "keeping a FIX session's "
		    "state", err);
	return 0;
}

int
store_fix_each_session(struct store *s,
    int (*fn)(void *, const struct fixstore_session *), void *ctx,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_EACH];
	int	rc, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fixstore_session q = {
			.name = store_col_str(st, 0),
			.state = store_col_str(st, 1),
			.next_out = sqlite3_column_int64(st, 2),
			.next_in = sqlite3_column_int64(st, 3),
			.peer = store_col_str(st, 4),
			.at = sqlite3_column_int64(st, 5),
		};
		if (!q.name || !q.state || !q.peer)
			continue;
		stop = fn(ctx, &q);
	}
	return store_each_end(s, st, rc, stop, "reading the FIX sessions",
	    err);
}

int
store_desk_fill_put(struct store *s, const char *order_id, int64_t qty,
    int64_t px, const char *user, int64_t ts, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_DESK_FILL_PUT];
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	store_bind_str(st, 1, order_id, ORDER_ID_MAX);
	sqlite3_bind_int64(st, 2, qty);
	sqlite3_bind_int64(st, 3, px);
	store_bind_str(st, 4, user, USER_MAX);
	sqlite3_bind_int64(st, 5, ts);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "keeping a fill for the "
		    "desk", err);
	return 0;
}

int
store_desk_fill_each(struct store *s,
    int (*fn)(void *, const struct fixstore_fill *), void *ctx,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_DESK_FILL_EACH];
	int	rc, stop = 0;

	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fixstore_fill f = {
			.id = sqlite3_column_int64(st, 0),
			.order_id = store_col_str(st, 1),
			.qty = sqlite3_column_int64(st, 2),
			.px = sqlite3_column_int64(st, 3),
			.user = store_col_str(st, 4),
			.ts = sqlite3_column_int64(st, 5),
		};
		if (!f.order_id || !f.user)
			continue;
		stop = fn(ctx, &f);
	}
	return store_each_end(s, st, rc, stop, "reading the fills for the desk",
	    err);
}

int
store_desk_fill_del(struct store *s, int64_t id, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_DESK_FILL_DEL];
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "forgetting a fill for "
		    "the desk", err);
	return 0;
}

int
store_fix_in_order(struct store *s, const char *name, int64_t gen,
    int64_t seq, const char *order_id, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FIX_MSG_ORDER_SET];
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	store_bind_str(st, 1, name, FIXSTORE_NAME_MAX);
	sqlite3_bind_int64(st, 2, gen);
	sqlite3_bind_int64(st, 3, seq);
	store_bind_str(st, 4, order_id, ORDER_ID_MAX);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "filing a FIX message "
		    "under its order", err);
	return 0;
}

int
store_desk_fill_asked(struct store *s, const char *order_id, int64_t *qty,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_DESK_FILL_ASKED];
	int	rc;

	*qty = 0;
	store_bind_str(st, 1, order_id, ORDER_ID_MAX);
	sqlite3_bind_int64(st, 2, QTY_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*qty = sqlite3_column_int64(st, 0);
	return store_row_end(s, st, rc, "reading the fills asked of the desk",
	    err) == -1 ? -1 : 0;
}
