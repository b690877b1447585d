/* src/venue/fixlink.c: one FIX session over one TCP connection, kept in
 * the store (see fixlink.h). */
#include "config.h"
#include "fixlink.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fix.h"
#include "fixed.h"
#include "names.h"
#include "store.h"

#define WRITE_WAIT_MS	5000

int64_t
fixlink_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void
fixlink_fail(struct fixlink *l, const struct err *err)
{
	if (!l->failed)
		l->fail = *err;
	l->failed = true;
}

/* The worker calls in inside its transaction; only the Logout at close
 * comes outside one, and what it numbers is kept in a transaction of its
 * own, or the next run would send that number again. */
static bool
own_txn(struct fixlink *l, struct err *err)
{
	if (store_in_txn(l->st))
		return false;
	return store_begin(l->st, err) == 0;
}

static void
end_own_txn(struct fixlink *l, bool own)
{
	struct err err = { "" };

	if (!own)
		return;
	if (l->failed || store_commit(l->st, &err) == -1)
		store_rollback(l->st);
}

/* ---- the session's hooks ------------------------------------------------ */

static void
h_send(void *ctx, const char *buf, size_t len)
{
	struct fixlink *l = ctx;

	sbuf_add(&l->out, buf, len);
}

static int64_t
h_now(void *ctx)
{
	(void)ctx;
	return fixlink_now_ms();
}

/* Numbers only grow, but for a reset (fix reset, ResetSeqNumFlag): then
 * a new generation starts, whose messages are the only ones resent. */
static void
h_persist(void *ctx, int64_t next_out, int64_t next_in)
{
	struct fixlink *l = ctx;
	struct err err = { "" };

	if (next_out < l->seqs.next_out || next_in < l->seqs.next_in)
		l->seqs.gen++;
	l->seqs.next_out = next_out;
	l->seqs.next_in = next_in;
	bool own = own_txn(l, &err);
	if (store_fix_set_seqs(l->st, l->name, &l->seqs, &err) == -1)
		fixlink_fail(l, &err);
	end_own_txn(l, own);
}

static int
h_store(void *ctx, int64_t seq, const char *buf, size_t len, struct err *err)
{
	struct fixlink *l = ctx;
	bool	own = own_txn(l, err);
	int	rc = 0;

	if (store_fix_put_msg(l->st, l->name, l->seqs.gen, true, seq,
	    fixlink_now_ms() / 1000, l->about_type ? l->about_type : "",
	    l->about_order ? l->about_order : "", buf, len, err) == -1) {
		fixlink_fail(l, err);
		rc = -1;
	}
	end_own_txn(l, own);
	return rc;
}

static int
h_load(void *ctx, int64_t seq, char *buf, size_t cap, size_t *len)
{
	struct fixlink *l = ctx;
	struct err err = { "" };
	int	r = store_fix_get_out(l->st, l->name, l->seqs.gen, seq, buf,
	    cap, len, &err);

	if (r == -1)
		fixlink_fail(l, &err);
	return r == 1;
}

static void
h_deliver(void *ctx, const struct fix_msg *m, bool possdup)
{
	struct fixlink *l = ctx;

	if (l->deliver)
		l->deliver(l->owner, m, possdup);
}

static void
h_event(void *ctx, enum fix_session_event ev, const char *text)
{
	struct fixlink *l = ctx;

	if (l->event)
		l->event(l->owner, ev, text);
}

static void
h_disconnect(void *ctx)
{
	struct fixlink *l = ctx;

	/* What the session queued last (its Logout) still goes out. */
	if (l->fd != -1 && l->out.len)
		(void)!write(l->fd, l->out.p, l->out.len);
	fixlink_close(l);
	if (l->hangup)
		l->hangup(l->owner);
}

/* ---- the link ----------------------------------------------------------- */

int
fixlink_init(struct fixlink *l, const char *name,
    const struct fix_session_config *cfg, struct store *st, struct err *err)
{
	struct fix_session_hooks h = {
		.ctx = l, .send = h_send, .now_ms = h_now,
		.persist_seqs = h_persist, .store = h_store, .load = h_load,
		.deliver = h_deliver, .event = h_event,
		.disconnect = h_disconnect,
	};

	str_copy(l->name, sizeof l->name, name);
	l->st = st;
	l->fd = -1;
	if (store_fix_seqs(st, name, &l->seqs, err) == -1)
		return -1;
	if (!(l->sess = fix_session_new(cfg, &h, err)))
		return -1;
	fix_session_restore(l->sess, l->seqs.next_out, l->seqs.next_in);
	return 0;
}

void
fixlink_free(struct fixlink *l)
{
	if (l->fd != -1)
		close(l->fd);
	l->fd = -1;
	fix_session_free(l->sess);
	l->sess = NULL;
	sbuf_free(&l->out);
}

void
fixlink_attach(struct fixlink *l, int fd)
{
	if (l->fd != -1)
		close(l->fd);
	l->fd = fd;
	l->out.len = 0;
}

void
fixlink_close(struct fixlink *l)
{
	if (l->fd != -1)
		close(l->fd);
	l->fd = -1;
	l->out.len = 0;
}

int
fixlink_read(struct fixlink *l)
{
	for (;;) {
		ssize_t n = read(l->fd, l->rd, sizeof l->rd);
		if (n > 0) {
			fix_session_input(l->sess, l->rd, (size_t)n);
			if (l->fd == -1)
				return 0;	/* the session hung up */
			continue;
		}
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return 0;
		fix_session_disconnected(l->sess);
		fixlink_close(l);
		return -1;
	}
}

int
fixlink_flush(struct fixlink *l)
{
	size_t	off = 0;

	if (l->fd == -1) {
		l->out.len = 0;
		return 0;
	}
	while (off < l->out.len) {
		ssize_t n = write(l->fd, l->out.p + off, l->out.len - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			struct pollfd p = { .fd = l->fd, .events = POLLOUT };
			if (poll(&p, 1, WRITE_WAIT_MS) > 0)
				continue;
		}
		fix_session_disconnected(l->sess);
		fixlink_close(l);
		return -1;
	}
	l->out.len = 0;
	return 0;
}

int
fixlink_send(struct fixlink *l, const char *order_id, const char *msgtype,
    struct err *err)
{
	l->about_order = order_id;
	l->about_type = msgtype;
	int64_t seq = fix_session_app_send(l->sess, err);
	l->about_order = l->about_type = NULL;
	if (fixlink_failed(l, err) == -1)
		return -1;
	return seq < 0 ? -1 : 0;
}

int
fixlink_keep_in(struct fixlink *l, const struct fix_msg *m,
    const char *order_id, struct err *err)
{
	char	type[FIXSTORE_MSGTYPE_MAX];
	int64_t	seq = 0;

	fixlink_field(m, 35, type, sizeof type);
	(void)fixlink_field_fixed(m, 34, 0, &seq);
	if (store_fix_put_msg(l->st, l->name, l->seqs.gen, false, seq,
	    fixlink_now_ms() / 1000, type, order_id, m->buf, m->len,
	    err) == -1) {
		fixlink_fail(l, err);
		return -1;
	}
	return 0;
}

void
fixlink_keep_state(struct fixlink *l, const char *state)
{
	struct err err = { "" };

	if (state == l->kept_state)
		return;
	bool own = own_txn(l, &err);
	if (store_fix_set_state(l->st, l->name, state, l->peer,
	    fixlink_now_ms() / 1000, &err) == -1)
		fixlink_fail(l, &err);
	else
		l->kept_state = state;
	end_own_txn(l, own);
}

int
fixlink_failed(struct fixlink *l, struct err *err)
{
	if (!l->failed)
		return 0;
	l->failed = false;
	*err = l->fail;
	return -1;
}

int
fixlink_resync(struct fixlink *l, struct err *err)
{
	struct fixstore_seqs q;

	if (store_fix_seqs(l->st, l->name, &q, err) == -1)
		return -1;
	l->failed = false;
	l->kept_state = NULL;
	if (q.gen == l->seqs.gen && q.next_out ==
	    fix_session_next_out(l->sess) && q.next_in ==
	    fix_session_next_in(l->sess))
		return 0;
	fix_session_disconnected(l->sess);
	fixlink_close(l);
	l->seqs = q;
	fix_session_restore(l->sess, q.next_out, q.next_in);
	return 1;
}

int
fixlink_reset(struct fixlink *l, struct err *err)
{
	fix_session_reset(l->sess);
	return fixlink_failed(l, err);
}

const char *
fixlink_field(const struct fix_msg *m, int tag, char *buf, size_t size)
{
	int	i = fix_msg_find(m, tag, 0);
	size_t	n;

	buf[0] = '\0';
	if (i < 0)
		return buf;
	n = m->f[i].len < size - 1 ? m->f[i].len : size - 1;
	memcpy(buf, m->f[i].val, n);
	buf[n] = '\0';
	return buf;
}

int
fixlink_field_fixed(const struct fix_msg *m, int tag, int decimals,
    int64_t *out)
{
	char	buf[64];
	struct err err;

	if (!fixlink_field(m, tag, buf, sizeof buf)[0])
		return -1;
	return fixed_parse(buf, decimals, out, "", &err);
}

char
fixlink_side(enum order_side side)
{
	return side == SIDE_SELL ? '2' : side == SIDE_SHORT ? '5' : '1';
}

char
fixlink_ord_status(enum order_status status)
{
	static const char code[ORDER_STATUS_COUNT] = {
		[ORDER_STAGED] = 'A', [ORDER_FLAGGED] = 'A',
		[ORDER_PENDING_NEW] = 'A', [ORDER_NEW] = '0',
		[ORDER_PARTIALLY_FILLED] = '1', [ORDER_FILLED] = '2',
		[ORDER_PENDING_CANCEL] = '6', [ORDER_CANCELED] = '4',
		[ORDER_PENDING_REPLACE] = 'E', [ORDER_REJECTED] = '8',
		[ORDER_EXPIRED] = 'C', [ORDER_DONE_FOR_DAY] = '3',
	};

	return (unsigned)status < ORDER_STATUS_COUNT ? code[status] : '8';
}
