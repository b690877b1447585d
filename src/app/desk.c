/* src/app/desk.c: the sell-side desk (see desk.h).
 *
 * Each desk listens on its port.  A connection is told apart by the
 * CompIDs of its first message (the client's Logon) and handed to that
 * client's session, one fixlink each, kept in the store as "NAME:ID".
 * A second connection for a client already connected is closed.
 *
 * A client's messages are queued while its session reads them and run
 * once it has (a session's hook may not call the session back, and
 * running an order sends ExecutionReports).  The desk is also the venue
 * of its clients' orders: it takes them at once (new), cancels and
 * replaces them at once, and ends the DAY ones at the close; the trader
 * fills them by hand.  The ExecutionReports go out from the engine's
 * journaled hook, so every change of a client's order, whoever made it,
 * reaches the client, in the transaction that made it. */
#include "config.h"
#include "desk.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "book.h"
#include "calendar.h"
#include "cmd.h"
#include "err.h"
#include "exec.h"
#include "result.h"
#include "fix.h"
#include "fixed.h"
#include "fixlink.h"
#include "fixstore.h"
#include "instrument.h"
#include "names.h"
#include "store.h"
#include "venue.h"
#include "exec-part.h"
#include "desk-int.h"

#define LOGON_WAIT_MS	10000

static const struct exec_hooks desk_hooks;
static int desk_open(struct exec *, struct err *);

static struct desks *
desks_of(struct exec *x)
{
	return exec_part(x, &desk_hooks);
}

/* The desk whose venue is NAME, or NULL. */
static struct desk *
desk_named(struct exec *x, const char *name)
{
	struct desks *ds = desks_of(x);

	for (size_t i = 0; ds && i < ds->n; i++)
		if (strcmp(ds->d[i]->cfg.name, name) == 0)
			return ds->d[i];
	return NULL;
}

/* The client of D whose order O is ("fix:ID" entered it), or NULL. */
static struct desk_client *
client_of(struct desk *d, const struct order *o)
{
	if (strncmp(o->user, "fix:", 4) != 0)
		return NULL;
	for (size_t i = 0; i < d->nclients; i++)
		if (strcmp(d->clients[i].cfg.id, o->user + 4) == 0)
			return &d->clients[i];
	return NULL;
}

/* The journaled hook: tell the client what happened to its order. */
static int
desk_journaled(struct exec *x, const struct order *o,
    const struct store_order_rec *rec, struct err *err)
{
	struct desk *d = desk_named(x, o->venue);
	struct desk_client *c;
	struct desk_req *req;
	char	et = 0;

	if (!d || !(c = client_of(d, o)))
		return 0;
	if (rec->kind == SOJ_NEW && d->entering == c && d->entering_clordid) {
		if (store_fix_put_clordid(c->l.st, c->l.name,
		    d->entering_clordid, o->id, err) == -1 ||
		    store_fix_set_current(c->l.st, c->l.name, o->id,
		    d->entering_clordid, err) == -1)
			return exec_store_fail(x, err);
		d->entering_clordid = NULL;
	}
	req = desk_req_of(d, o->id);
	switch (rec->kind) {
	case SOJ_NEW:
		if (o->status == ORDER_REJECTED)
			et = '8';
		else if (o->status == ORDER_FLAGGED)
			et = 'A';
		break;
	case SOJ_FILL:
		if (desk_send_er(c, o, 'F', NULL, rec->exec_id, rec->qty, rec->px,
		    "", err) == -1)
			return exec_store_fail(x, err);
		return 0;
	case SOJ_BUST:
		et = 'H';
		break;
	case SOJ_STATUS:
		switch (rec->ev) {
		case OEV_ACK:
			et = '0';
			break;
		case OEV_FLAG:
			et = 'A';
			break;
		case OEV_REJECT:
			et = '8';
			break;
		case OEV_CANCELED:
			et = '4';
			break;
		case OEV_REPLACED:
			et = '5';
			if (req && store_fix_set_current(c->l.st, c->l.name,
			    o->id, req->clordid, err) == -1)
				return exec_store_fail(x, err);
			break;
		case OEV_EXPIRE:
			et = 'C';
			break;
		case OEV_DONE_FOR_DAY:
			et = '3';
			break;
		case OEV_CANCEL_REJECT:
		case OEV_REPLACE_REJECT:
			if (!req)
				return 0;
			if (desk_send_cancel_reject(c, o->id, req, fixlink_ord_status(o->status), '0', o->reason, err) == -1)
				return exec_store_fail(x, err);
			desk_req_done(d, req);
			return 0;
		default:
			return 0;
		}
		break;
	default:
		return 0;
	}
	if (!et)
		return 0;
	/* A cancel or replace the client asked for is answered under the
	 * ClOrdID of that request. */
	const struct desk_req *with = req && ((et == '4' && req->type == 'F') ||
	    (et == '5' && req->type == 'G')) ? req : NULL;
	if (desk_send_er(c, o, et, with, NULL, 0, 0, et == '8' || et == '4' ||
	    et == 'C' || et == '3' ? o->reason : et == 'A' ?
	    "held for compliance review" : "", err) == -1)
		return exec_store_fail(x, err);
	if (with || order_status_done(o->status))
		if ((req = desk_req_of(d, o->id)))
			desk_req_done(d, req);
	return 0;
}

/* ---- the desk as the venue of its clients' orders --------------------------- */

static void
emit_event(struct desk *d, enum venue_event_kind kind, const struct order *o,
    const struct order_change *chg, const char *text)
{
	struct venue_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	str_copy(ev.order_id, sizeof ev.order_id, o->id);
	if (chg)
		ev.change = *chg;
	if (text)
		str_copy(ev.text, sizeof ev.text, text);
	d->v->emit(d->v->ctx, &ev);
}

/* The desk takes an order at once: the trader works it from here. */
static int
desk_send_new(struct venue *v, const struct order *o, struct err *err)
{
	(void)err;
	emit_event(v->impl, VEV_ACK, o, NULL, NULL);
	return 0;
}

static int
desk_send_cancel(struct venue *v, const struct order *o, struct err *err)
{
	struct desk *d = v->impl;

	(void)err;
	emit_event(d, VEV_CANCELED, o, NULL, desk_req_of(d, o->id) ?
	    "canceled at the client's request" : "canceled by the desk");
	return 0;
}

static int
desk_send_replace(struct venue *v, const struct order *o,
    const struct order_change *chg, struct err *err)
{
	(void)err;
	emit_event(v->impl, VEV_REPLACED, o, chg, NULL);
	return 0;
}

/* At the close, the DAY orders still open at the desk are done for the
 * day (their clients are told so). */
static void
desk_on_clock(struct venue *v, int64_t now)
{
	struct desk *d = v->impl;
	const struct calendar *cal = exec_calendar(d->x);
	struct book *bk = exec_book_rw(d->x);
	size_t	pos = 0, n = 0;
	struct order *o;

	if (d->next_close == 0) {
		d->next_close = calendar_next_close(cal, now);
		return;
	}
	if (now < d->next_close)
		return;
	d->next_close = calendar_next_close(cal, now);
	char (*ids)[ORDER_ID_MAX] = xcalloc(book_order_count(bk) + 1,
	    ORDER_ID_MAX);
	while ((o = book_next_order(bk, &pos)))
		if (strcmp(o->venue, d->cfg.name) == 0 && o->tif == TIF_DAY &&
		    order_status_working(o->status))
			str_copy(ids[n++], ORDER_ID_MAX, o->id);
	for (size_t i = 0; i < n; i++) {
		struct venue_event ev;
		memset(&ev, 0, sizeof ev);
		ev.kind = VEV_DONE_FOR_DAY;
		str_copy(ev.order_id, sizeof ev.order_id, ids[i]);
		str_copy(ev.text, sizeof ev.text, "done for the day at the "
		    "close");
		v->emit(v->ctx, &ev);
	}
	free(ids);
}

/* Tell a new connection apart by its first message's CompIDs. */
static void
identify(struct desk *d, struct pending_conn *p)
{
	struct fix_msg *m = xcalloc(1, sizeof *m);
	char	sender[64], target[64];
	struct err err;
	size_t	n;

	if (fix_frame(p->buf, p->len, &n) != FIX_FRAME_OK ||
	    fix_parse(p->buf, n, m, &err) == -1) {
		desk_note(d, "a connection sent no FIX message: closed");
		goto drop;
	}
	fixlink_field(m, 49, sender, sizeof sender);
	fixlink_field(m, 56, target, sizeof target);
	if (strcmp(target, d->cfg.sender) != 0) {
		desk_note(d, "a connection from %s for %s, not %s: closed", sender,
		    target, d->cfg.sender);
		goto drop;
	}
	for (size_t i = 0; i < d->nclients; i++) {
		struct desk_client *c = &d->clients[i];
		if (strcmp(c->cfg.id, sender) != 0)
			continue;
		if (c->l.fd != -1) {
			desk_note(d, "%s connected a second time: closed", sender);
			goto drop;
		}
		fixlink_attach(&c->l, p->fd);
		fix_session_connected(c->l.sess);
		fix_session_input(c->l.sess, p->buf, p->len);
		free(m);
		p->fd = -1;
		return;
	}
	desk_note(d, "%s is not a client of this desk: closed", sender);
drop:
	close(p->fd);
	p->fd = -1;
	free(m);
}

static void
take_connections(struct desk *d)
{
	int	fd;

	while ((fd = accept4(d->lfd, NULL, NULL, SOCK_NONBLOCK |
	    SOCK_CLOEXEC)) != -1) {
		if (d->npend == PENDING_MAX) {
			close(fd);
			continue;
		}
		int one = 1;
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof one);
		struct pending_conn *p = &d->pend[d->npend++];
		p->fd = fd;
		p->len = 0;
		p->since = fixlink_now_ms();
	}
}

static void
read_pending(struct desk *d)
{
	for (size_t i = 0; i < d->npend; i++) {
		struct pending_conn *p = &d->pend[i];
		size_t	n;
		ssize_t r = read(p->fd, p->buf + p->len, sizeof p->buf -
		    p->len);
		if (r > 0)
			p->len += (size_t)r;
		if (r == 0 || (r == -1 && errno != EAGAIN && errno != EINTR) ||
		    fixlink_now_ms() - p->since > LOGON_WAIT_MS ||
		    p->len == sizeof p->buf) {
			close(p->fd);
			p->fd = -1;
		} else if (fix_frame(p->buf, p->len, &n) != FIX_FRAME_MORE) {
			identify(d, p);
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < d->npend; i++)
		if (d->pend[i].fd != -1)
			d->pend[k++] = d->pend[i];
	d->npend = k;
}

static const char *
client_state(const struct desk_client *c)
{
	return c->l.fd == -1 ? "disconnected" :
	    fix_session_state(c->l.sess) == FIX_SESSION_LOGGED_ON ?
	    "logged on" : "logging on";
}

static int
desk_poll(struct venue *v, int timeout_ms)
{
	struct desk *d = v->impl;
	struct err err = { "" };
	int	rc = 0;

	(void)timeout_ms;
	take_connections(d);
	read_pending(d);
	if (desk_book_asked_fills(d, &err) == -1)
		return -1;
	for (size_t i = 0; i < d->nclients && rc == 0; i++) {
		struct desk_client *c = &d->clients[i];
		struct pollfd p = { .fd = c->l.fd, .events = POLLIN };
		if (c->l.fd != -1 && poll(&p, 1, 0) > 0 &&
		    fixlink_read(&c->l) == -1)
			desk_note(d, "%s closed the connection", c->cfg.id);
		if (c->l.fd != -1)
			fix_session_tick(c->l.sess);
		if (fixlink_failed(&c->l, &err) == -1 ||
		    desk_run_queue(c, &err) == -1)
			rc = -1;
		fixlink_keep_state(&c->l, client_state(c));
		if (rc == 0 && fixlink_failed(&c->l, &err) == -1)
			rc = -1;
	}
	if (rc == -1)
		desk_note(d, "the store failed: %s", err.msg);
	return rc;
}

static int
desk_wait(struct venue *v, struct pollfd *p, int max, int *timeout_ms)
{
	struct desk *d = v->impl;
	int	n = 0;

	*timeout_ms = 1000;
	if (n < max) {
		p[n].fd = d->lfd;
		p[n++].events = POLLIN;
	}
	for (size_t i = 0; i < d->npend && n < max; i++) {
		p[n].fd = d->pend[i].fd;
		p[n++].events = POLLIN;
	}
	for (size_t i = 0; i < d->nclients && n < max; i++)
		if (d->clients[i].l.fd != -1) {
			p[n].fd = d->clients[i].l.fd;
			p[n++].events = POLLIN;
		}
	return n;
}

static void
desk_flush(struct venue *v)
{
	struct desk *d = v->impl;

	for (size_t i = 0; i < d->nclients; i++) {
		struct desk_client *c = &d->clients[i];
		if (fixlink_flush(&c->l) == -1)
			desk_note(d, "cannot write to %s: connection closed",
			    c->cfg.id);
	}
}

static int
desk_resync(struct venue *v, struct err *err)
{
	struct desk *d = v->impl;

	d->nreqs = 0;
	for (size_t i = 0; i < d->nclients; i++)
		if (fixlink_resync(&d->clients[i].l, err) == -1)
			return -1;
	return 0;
}

static void
desk_close(struct venue *v)
{
	struct desk *d = v->impl;
	struct desks *ds = desks_of(d->x);

	for (size_t i = 0; i < d->nclients; i++) {
		struct desk_client *c = &d->clients[i];
		if (c->l.fd != -1 && fix_session_state(c->l.sess) ==
		    FIX_SESSION_LOGGED_ON) {
			fix_session_logout(c->l.sess, "");
			(void)fixlink_flush(&c->l);
		}
		fixlink_close(&c->l);
		fix_session_disconnected(c->l.sess);
		fixlink_keep_state(&c->l, "disconnected");
		fixlink_free(&c->l);
		sbuf_free(&c->inq);
	}
	for (size_t i = 0; i < d->npend; i++)
		close(d->pend[i].fd);
	if (d->lfd != -1)
		close(d->lfd);
	for (size_t i = 0; ds && i < ds->n; i++)
		if (ds->d[i] == d)
			ds->d[i] = ds->d[--ds->n];
	free(d->clients);
	free(d);
}

static size_t
desk_sessions(struct venue *v, struct venue_fix_status *out, size_t max)
{
	struct desk *d = v->impl;
	size_t	n = 0;

	for (size_t i = 0; i < d->nclients && n < max; i++) {
		struct desk_client *c = &d->clients[i];
		struct venue_fix_status *s = &out[n++];
		memset(s, 0, sizeof *s);
		str_copy(s->name, sizeof s->name, c->l.name);
		s->state = client_state(c);
		s->logged_on = c->l.fd != -1 && fix_session_state(c->l.sess) ==
		    FIX_SESSION_LOGGED_ON;
		s->next_out = fix_session_next_out(c->l.sess);
		s->next_in = fix_session_next_in(c->l.sess);
		snprintf(s->peer, sizeof s->peer, "client %s on port %d",
		    c->cfg.id, d->cfg.port);
	}
	return n;
}

static const struct venue_ops desk_ops = {
	.kind = "desk",
	.send_new = desk_send_new,
	.send_cancel = desk_send_cancel,
	.send_replace = desk_send_replace,
	.on_clock = desk_on_clock,
	.poll = desk_poll,
	.wait = desk_wait,
	.flush = desk_flush,
	.resync = desk_resync,
	.sessions = desk_sessions,
	.close = desk_close,
};

/* ---- opening ------------------------------------------------------------- */

static int
listen_on(struct desk *d, struct err *err)
{
	struct addrinfo hints, *res = NULL;
	char	port[8];
	int	rc, one = 1;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(port, sizeof port, "%d", d->cfg.port);
	rc = getaddrinfo(d->cfg.addr[0] ? d->cfg.addr : NULL, port, &hints,
	    &res);
	if (rc != 0 || !res)
		return err_set(err, "desk %s: cannot listen on %s:%d: %s",
		    d->cfg.name, d->cfg.addr, d->cfg.port, gai_strerror(rc));
	d->lfd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (d->lfd == -1 || setsockopt(d->lfd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one) == -1 || bind(d->lfd, res->ai_addr,
	    res->ai_addrlen) == -1 || listen(d->lfd, 16) == -1) {
		err_set(err, "desk %s: cannot listen on %s:%d: %s",
		    d->cfg.name, d->cfg.addr[0] ? d->cfg.addr : "*",
		    d->cfg.port, strerror(errno));
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	return 0;
}

static struct desk *
desk_new(struct exec *x, const struct desk_config *cfg, struct err *err)
{
	struct desk *d = xcalloc(1, sizeof *d);
	struct venue *v = xcalloc(1, sizeof *v);

	d->cfg = *cfg;
	d->x = x;
	d->v = v;
	d->lfd = -1;
	d->clients = xcalloc(cfg->nclients ? cfg->nclients : 1,
	    sizeof *d->clients);
	v->ops = &desk_ops;
	v->impl = d;
	v->emit = exec_emit;
	v->ctx = x;
	v->flags = VENUE_EXTERNAL;
	str_copy(v->name, sizeof v->name, cfg->name);
	for (size_t i = 0; i < cfg->nclients; i++) {
		struct desk_client *c = &d->clients[i];
		char	name[FIXSTORE_NAME_MAX];
		struct fix_session_config sc = {
			.initiator = false, .begin = "FIX.4.4",
			.sender = cfg->sender, .target = cfg->clients[i].id,
			.heartbeat = cfg->heartbeat,
			.reset_on_logon = cfg->reset_on_logon,
			.dict = exec_fix_dict(x),
		};
		c->d = d;
		c->cfg = cfg->clients[i];
		c->l.deliver = desk_on_deliver;
		c->l.event = desk_on_event;
		c->l.hangup = desk_on_hangup;
		c->l.owner = c;
		snprintf(c->l.peer, sizeof c->l.peer, "client %s",
		    c->cfg.id);
		snprintf(name, sizeof name, "%s:%s", cfg->name, c->cfg.id);
		d->nclients++;
		if (fixlink_init(&c->l, name, &sc, exec_store(x), err) == -1)
			goto fail;
	}
	if (listen_on(d, err) == -1)
		goto fail;
	return d;
fail:
	desk_close(v);
	free(v);
	return NULL;
}

static int
desk_open(struct exec *x, struct err *err)
{
	const struct exec_setup *su = exec_setup_of(x);
	struct desks *ds = desks_of(x);

	for (size_t i = 0; ds && i < su->ndesk; i++) {
		struct venue *v;
		int r = exec_take_kept(x, su->desk[i].name, &v, err);
		if (r == -1)
			return -1;
		if (r == 0) {
			struct desk *d = desk_new(x, &su->desk[i], err);
			if (!d)
				return -1;
			v = d->v;
			ds->d[ds->n++] = d;
		}
		v->note = NULL;
		if (exec_add_venue(x, v, err) == -1)
			return -1;
	}
	return 0;
}

static void
desks_free(void *state)
{
	free(state);
}

static const struct exec_hooks desk_hooks = {
	.journaled = desk_journaled,
	.open_venues = desk_open,
	.free = desks_free,
};

void
desk_attach(struct exec *x)
{
	exec_attach(x, &desk_hooks, xcalloc(1, sizeof(struct desks)));
}

/* Whether NAME is a desk of the settings. */
static bool
is_desk(const struct exec *x, const char *name)
{
	const struct exec_setup *su = exec_setup_of(x);

	for (size_t i = 0; i < su->ndesk; i++)
		if (strcmp(su->desk[i].name, name) == 0)
			return true;
	return false;
}

int
desk_cmd_fill(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order tmp, *o = exec_find_order(x, c->id, &tmp, err);
	struct desk *d;

	if (!o)
		return -1;
	if (!(d = desk_named(x, o->venue))) {
		if (!exec_remote(x) || !is_desk(x, o->venue))
			return err_set(err, "order %s is at venue %s, which "
			    "fills it itself: only a client's order at a desk "
			    "is filled by hand", o->id, o->venue);
		/* The desk is another blotter's: it books the fill, after
		 * those asked for before. */
		struct order left = *o;
		int64_t asked = 0;
		if (store_desk_fill_asked(exec_store(x), o->id, &asked,
		    err) == -1)
			return exec_store_fail(x, err);
		left.cum_qty = asked > left.qty - left.cum_qty ? left.qty :
		    left.cum_qty + asked;
		if (desk_fill_allowed(&left, c->ord.req.qty, err) == -1)
			return -1;
		if (store_desk_fill_put(exec_store(x), o->id, c->ord.req.qty,
		    c->px, exec_hook_user(x), exec_now(x), err) == -1)
			return exec_store_fail(x, err);
		if (exec_res(x))
			result_message(exec_res(x), "%s: the fill goes to the "
			    "blotter that holds desk %s", o->id, o->venue);
		return 0;
	}
	return desk_hand_fill(d, o, c->ord.req.qty, c->px, err);
}
