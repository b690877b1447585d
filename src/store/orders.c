/* src/store/orders.c: an order's journal entries (new, status, amend,
 * stop, fill, bust, block) and the projections they update: the order's
 * row, its executions and the position. */
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
    const struct order *o, const struct store_order_rec *rec, int64_t seq,
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
	h->seq = seq;
	h->next = d->execs;
	d->execs = s->nhx++;
	return 0;
}

/* The step of a fill or bust that can be refused, done before anything
 * else is written: record the execution, or mark it busted.  D is the
 * order's held-back copy, if any; SEQ that of the fill's entry. */
static int
order_exec(struct store *s, struct dirty_order *d, const struct order *o,
    const struct store_order_rec *rec, int64_t seq, struct err *err)
{
	struct store_exec x;
	sqlite3_stmt *st;
	char	what[64 + EXEC_ID_MAX];
	int	rc;

	if (d != NULL && d->fresh)
		return order_exec_held(s, d, o, rec, seq, err);
	if (rec->kind == SOJ_FILL) {
		st = s->st[ST_EXEC_INSERT];
		exec_of(&x, o, rec);
		store_bind_exec(st, 0, &x, seq);
		rc = store_run(st);
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			err_set(err, "%s: execution %s of order %s was "
			    "already recorded; nothing was saved", s->path,
			    rec->exec_id, o->id);
			return STORE_DUPLICATE;
		}
	} else {
		st = s->st[ST_EXEC_BUST];
		store_bind_str(st, 1, o->id, sizeof o->id);
		store_bind_str(st, 2, rec->exec_id, EXEC_ID_MAX);
		rc = store_run(st);
		if (rc == SQLITE_OK && sqlite3_changes(s->db) == 0)
			return err_set(err, "%s: order %s has no fill %s to "
			    "bust; nothing was saved", s->path, o->id,
			    rec->exec_id);
	}
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving execution %.*s",
		    EXEC_ID_MAX - 1, rec->exec_id);
		return store_write_fail(s, rc, false, what, err);
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

/* REC's journal body for O into S->jb; returns its kind. */
static const char *
order_body(struct store *s, const struct order *o,
    const struct store_order_rec *rec)
{
	const char *kind = NULL;

	switch (rec->kind) {
	case SOJ_NEW:
		kind = SJ_ORDER_NEW;
		store_jb_order(&s->jb, o);
		break;
	case SOJ_STATUS:
		kind = SJ_ORDER_STATUS;
		store_jb_begin(&s->jb);
		store_jb_name(&s->jb, "event", order_event_name(rec->ev));
		store_jb_name(&s->jb, "status", order_status_name(o->status));
		if (o->reason[0] != '\0')
			store_jb_str(&s->jb, "reason", o->reason,
			    sizeof o->reason);
		if (rec->ev == OEV_REPLACED && rec->chg != NULL)
			store_jb_change(&s->jb, rec->chg);
		store_jb_login(&s->jb, rec);
		store_jb_end(&s->jb);
		break;
	case SOJ_AMEND:
		kind = SJ_ORDER_AMEND;
		store_jb_begin(&s->jb);
		store_jb_change(&s->jb, rec->chg);
		store_jb_login(&s->jb, rec);
		store_jb_end(&s->jb);
		break;
	case SOJ_STOP:
		kind = SJ_ORDER_STOP;
		store_jb_begin(&s->jb);
		store_jb_int(&s->jb, "stop", o->stop_px);
		store_jb_bool(&s->jb, "triggered", o->triggered);
		store_jb_end(&s->jb);
		break;
	case SOJ_FILL:
	case SOJ_BUST:
		kind = rec->kind == SOJ_FILL ? SJ_FILL : SJ_BUST;
		store_jb_fill(&s->jb, rec->exec_id, rec->qty, rec->px,
		    o->account, o->symbol, order_side_name(o->side));
		break;
	case SOJ_BLOCK:
		kind = SJ_ORDER_BLOCK;
		store_jb_begin(&s->jb);
		store_jb_str(&s->jb, "block", o->block, sizeof o->block);
		store_jb_login(&s->jb, rec);
		store_jb_end(&s->jb);
		break;
	}
	return kind;
}

/* Journal REC for O and update its projections. */
int
store_order(struct store *s, const struct order *o,
    const struct store_order_rec *rec, const struct position *pos,
    struct err *err)
{
	struct dirty_order *d;
	int64_t	seq = 0;		/* of the order's order.new */
	int64_t	nid;
	int	found;
	bool	join;

	if (store_check_writable(s, err) == -1)
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
	else if ((found = store_order_row_seq(s, o->id, &seq, err)) == -1)
		return -1;
	if (rec->kind == SOJ_NEW && found) {
		err_set(err, "%s: order id %s is already taken; nothing "
		    "was saved", s->path, o->id);
		return STORE_DUPLICATE;
	}
	if (rec->kind != SOJ_NEW && !found)
		return err_set(err, "%s: order %s is not in the store; nothing "
		    "was saved", s->path, o->id);
	/* An order acknowledged and filled as it came is one row. */
	join = store_join_fits(s, o, seq, rec);
	if (rec->kind == SOJ_FILL || rec->kind == SOJ_BUST) {
		int rc = order_exec(s, d, o, rec, join ? s->seq : s->seq + 1,
		    err);
		if (rc < 0)
			return rc;
	}
	if (join) {
		store_join(s, rec);
	} else if (store_journal_add(s, rec->ts, order_body(s, o, rec), o->id,
	    sizeof o->id, err) == -1) {
		/* The execution row is already in: never commit it alone. */
		if (rec->kind == SOJ_FILL || rec->kind == SOJ_BUST)
			s->broken = true;
		return -1;
	} else if (rec->kind == SOJ_NEW) {
		seq = s->seq;
		if (nid > s->id_max)
			s->id_max = nid;
	}
	store_dirty_order_put(s, d, o, seq, s->seq, rec->kind == SOJ_NEW);
	if (pos != NULL && (rec->kind == SOJ_FILL || rec->kind == SOJ_BUST))
		store_dirty_pos_put(s, pos);
	return 0;
}
