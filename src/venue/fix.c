/* src/venue/fix.c: a broker over FIX 4.4, the `fix` venue (initiator).
 *
 * One TCP connection to the broker, driven by the session layer
 * (fixsession.h).  The worker calls this venue only inside a store
 * transaction, and everything the session writes goes into that
 * transaction: the next sequence numbers, every application message sent
 * and received, and the ClOrdIDs sent.  Bytes for the broker are held
 * here until the transaction has committed (fix_flush()), so the broker
 * never sees a number or an order the store could lose: after a crash the
 * store numbers on from what was sent, and resends what the broker asks
 * for from the same rows.
 *
 * New orders go out as NewOrderSingle (D) under their own id as ClOrdID;
 * a cancel (F) or replace (G) goes out under "ID.N" naming the ClOrdID the
 * broker knows the order by (OrigClOrdID).  ExecutionReports (8) and
 * OrderCancelRejects (9) come back as venue events.  Between connections
 * the venue dials again after 1, 2, 4 ... up to 30 seconds, and only
 * within the session's hours when it has some. */
#include "config.h"
#include "venue.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "err.h"
#include "fix.h"
#include "fixed.h"
#include "fixsession.h"
#include "fixlink.h"
#include "fixstore.h"
#include "names.h"
#include "sbuf.h"
#include "store.h"
#include "tzone.h"

#define BACKOFF_MIN_MS	1000
#define BACKOFF_MAX_MS	30000
#define READ_CHUNK	65536

enum conn { CONN_DOWN, CONN_CONNECTING, CONN_UP };

struct fixv {
	struct venue *v;
	struct venue_fix_config cfg;
	struct fixlink l;		/* the session and its connection */
	struct tzone *zone;		/* of the hours, or NULL: UTC */
	enum conn conn;
	int64_t	next_dial;		/* ms: when to dial again */
	int	backoff;		/* ms: the next wait after a failure */
};

static void
note(struct fixv *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct fixv *f, const char *fmt, ...)
{
	char	text[512];
	va_list	ap;
	int	n;

	if (!f->v->note)
		return;
	n = snprintf(text, sizeof text, "fix %s: ", f->cfg.name);
	va_start(ap, fmt);
	vsnprintf(text + n, sizeof text - (size_t)n, fmt, ap);
	va_end(ap);
	f->v->note(f->v->ctx, text);
}

/* The connection is gone: dial again after the back-off, which doubles up
 * to its most at each failure and starts again at the next logon. */
static void
hang_up(struct fixv *f)
{
	fixlink_close(&f->l);
	f->conn = CONN_DOWN;
	f->next_dial = fixlink_now_ms() + f->backoff;
	f->backoff = f->backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS :
	    f->backoff * 2;
}

static void
on_hangup(void *owner)
{
	hang_up(owner);
}

static void
on_event(void *owner, enum fix_session_event ev, const char *text)
{
	struct fixv *f = owner;

	if (ev == FIX_SESSION_EV_LOGON)
		f->backoff = BACKOFF_MIN_MS;
	note(f, "%s", text);
}

/* ---- the broker's messages ---------------------------------------------- */

/* The order a ClOrdID (11), else OrigClOrdID (41), of M names. */
static int
order_of(struct fixv *f, const struct fix_msg *m, char *id, size_t size)
{
	static const int tags[] = { 11, 41 };
	char	clordid[FIXSTORE_CLORDID_MAX];
	struct err err = { "" };

	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		if (!fixlink_field(m, tags[i], clordid, sizeof clordid)[0])
			continue;
		int r = store_fix_order_of(f->l.st, f->cfg.name, clordid, id,
		    size, &err);
		if (r == -1) {
			fixlink_fail(&f->l, &err);
			return -1;
		}
		if (r == 1)
			return 1;
	}
	return 0;
}

static void
emit(struct fixv *f, struct venue_event *ev)
{
	f->v->emit(f->v->ctx, ev);
}

/* An ExecutionReport: its ExecType (150) as the venue event it is. */
static void
on_exec_report(struct fixv *f, const struct fix_msg *m, const char *order_id)
{
	struct venue_event ev;
	char	et[4], buf[64];

	memset(&ev, 0, sizeof ev);
	str_copy(ev.order_id, sizeof ev.order_id, order_id);
	fixlink_field(m, 58, ev.text, sizeof ev.text);
	fixlink_field(m, 17, ev.exec_id, sizeof ev.exec_id);
	switch (fixlink_field(m, 150, et, sizeof et)[0]) {
	case '0':
		ev.kind = VEV_ACK;
		break;
	case '1': case '2': case 'F':	/* 1 and 2: FIX 4.2's fills */
		ev.kind = VEV_FILL;
		if (fixlink_field_fixed(m, 32, 0, &ev.qty) == -1 ||
		    fixlink_field_fixed(m, 31, 8, &ev.px) == -1 || ev.qty <= 0 ||
		    !ev.exec_id[0]) {
			note(f, "execution report for order %s without a "
			    "usable LastQty, LastPx or ExecID: ignored",
			    order_id);
			return;
		}
		break;
	case '4':
		ev.kind = VEV_CANCELED;
		break;
	case '5':
		ev.kind = VEV_REPLACED;
		if (fixlink_field_fixed(m, 38, 0, &ev.change.qty) == 0)
			ev.change.have_qty = true;
		if (fixlink_field_fixed(m, 44, 8, &ev.change.limit_px) == 0)
			ev.change.have_limit = true;
		if (fixlink_field_fixed(m, 99, 8, &ev.change.stop_px) == 0)
			ev.change.have_stop = true;
		/* From here the broker knows the order by the replace's
		 * ClOrdID: a later cancel names it. */
		if (fixlink_field(m, 11, buf, sizeof buf)[0]) {
			struct err err = { "" };
			if (store_fix_set_current(f->l.st, f->cfg.name,
			    order_id, buf, &err) == -1) {
				fixlink_fail(&f->l, &err);
				return;
			}
		}
		break;
	case '8':
		ev.kind = VEV_REJECT;
		if (!ev.text[0])
			str_copy(ev.text, sizeof ev.text,
			    "refused by the broker");
		break;
	case 'C':
		ev.kind = VEV_EXPIRED;
		break;
	case '3':
		ev.kind = VEV_DONE_FOR_DAY;
		break;
	case 'H':			/* trade cancel */
	case 'G':			/* trade correct: the old one out */
		ev.kind = VEV_BUST;
		fixlink_field(m, 19, ev.exec_id, sizeof ev.exec_id);
		if (!ev.exec_id[0]) {
			note(f, "trade %s for order %s names no ExecRefID: "
			    "ignored", et[0] == 'H' ? "cancel" : "correction",
			    order_id);
			return;
		}
		/* qty and px 0: the store takes back the execution as it
		 * was booked. */
		emit(f, &ev);
		if (et[0] == 'H')
			return;
		/* ... and the corrected trade in. */
		memset(&ev, 0, sizeof ev);
		str_copy(ev.order_id, sizeof ev.order_id, order_id);
		ev.kind = VEV_FILL;
		fixlink_field(m, 17, ev.exec_id, sizeof ev.exec_id);
		if (fixlink_field_fixed(m, 32, 0, &ev.qty) == -1 ||
		    fixlink_field_fixed(m, 31, 8, &ev.px) == -1 || ev.qty <= 0)
			return;
		break;
	case 'I': {
		int64_t	cum = 0, avg = 0;
		ev.kind = VEV_STATUS;
		fixlink_field(m, 39, buf, sizeof buf);
		ev.status_code = buf[0];
		(void)fixlink_field_fixed(m, 14, 0, &cum);
		(void)fixlink_field_fixed(m, 6, 8, &avg);
		ev.qty = cum;
		ev.px = avg;
		break;
	}
	default:
		/* Pending new, cancel or replace, restated, stopped,
		 * suspended: the order is where its own status says. */
		note(f, "order %s: execution report of type %s noted", order_id,
		    et);
		return;
	}
	emit(f, &ev);
}

static void
on_deliver(void *owner, const struct fix_msg *m, bool possdup)
{
	struct fixv *f = owner;
	char	type[FIXSTORE_MSGTYPE_MAX], id[ORDER_ID_MAX] = "";
	struct err err = { "" };
	int	r;

	(void)possdup;	/* a fill seen before is a known ExecID */
	fixlink_field(m, 35, type, sizeof type);
	r = order_of(f, m, id, sizeof id);
	if (r == -1 || fixlink_keep_in(&f->l, m, id, &err) == -1)
		return;
	if (strcmp(type, "8") != 0 && strcmp(type, "9") != 0) {
		note(f, "message of type %s from the broker ignored", type);
		return;
	}
	if (r == 0) {
		char clordid[FIXSTORE_CLORDID_MAX];
		note(f, "%s for ClOrdID '%s', which names no order of ours: "
		    "ignored", type[0] == '8' ? "execution report" :
		    "cancel reject", fixlink_field(m, 11, clordid, sizeof clordid));
		return;
	}
	if (type[0] == '8') {
		on_exec_report(f, m, id);
		return;
	}
	/* OrderCancelReject: to a cancel (1) or a replace (2). */
	struct venue_event ev;
	char	to[4];
	memset(&ev, 0, sizeof ev);
	str_copy(ev.order_id, sizeof ev.order_id, id);
	fixlink_field(m, 58, ev.text, sizeof ev.text);
	ev.kind = fixlink_field(m, 434, to, sizeof to)[0] == '2' ?
	    VEV_REPLACE_REJECT : VEV_CANCEL_REJECT;
	emit(f, &ev);
}

/* ---- orders out --------------------------------------------------------- */

static const char tif_code[TIF_COUNT] = {
	[TIF_DAY] = '0', [TIF_GTC] = '1', [TIF_IOC] = '3', [TIF_FOK] = '4',
	[TIF_GTD] = '6', [TIF_OPG] = '2', [TIF_ATC] = '7',
};

static int
type_fields(struct fix_builder *b, const struct order *o, int64_t limit,
    int64_t stop, struct err *err)
{
	static const char code[] = {
		[OTYPE_MARKET] = '1', [OTYPE_LIMIT] = '2', [OTYPE_STOP] = '3',
		[OTYPE_STOP_LIMIT] = '4',
	};

	if (o->type == OTYPE_TRAILING_STOP)
		return err_set(err, "a broker over FIX takes market, limit, "
		    "stop and stop-limit orders, not trailing stops");
	fix_build_char(b, 40, code[o->type]);
	if (o->type == OTYPE_LIMIT || o->type == OTYPE_STOP_LIMIT)
		fix_build_fixed(b, 44, limit, 8);
	if (o->type == OTYPE_STOP || o->type == OTYPE_STOP_LIMIT)
		fix_build_fixed(b, 99, stop, 8);
	fix_build_char(b, 59, tif_code[o->tif]);
	if (o->tif == TIF_GTD && o->gtd_date > 0)
		fix_build_int(b, 432, o->gtd_date);
	return 0;
}

static void
order_fields(struct fixv *f, struct fix_builder *b, const struct order *o,
    int64_t qty)
{
	fix_build_str(b, 1, f->cfg.account[0] ? f->cfg.account : o->account);
	fix_build_str(b, 55, o->symbol);
	fix_build_char(b, 54, fixlink_side(o->side));
	fix_build_time(b, 60, fixlink_now_ms());
	fix_build_int(b, 38, qty);
}

/* Send the message begun about O's order: numbered, kept and held for
 * the commit.  Returns 0, or -1 (ERR). */
static int
send_app(struct fixv *f, const struct order *o, const char *type,
    struct err *err)
{
	return fixlink_send(&f->l, o->id, type, err);
}

static int
fix_send_new(struct venue *v, const struct order *o, struct err *err)
{
	struct fixv *f = v->impl;
	struct fix_builder *b;
	int	r;

	/* Sent before a restart: the broker has it, or asks for it again
	 * by its number; a second D would be a second order. */
	r = store_fix_sent(f->l.st, f->cfg.name, f->l.seqs.gen, o->id, "D", err);
	if (r != 0)
		return r == 1 ? 0 : -1;
	if (store_fix_put_clordid(f->l.st, f->cfg.name, o->id, o->id, err) ==
	    -1 || store_fix_set_current(f->l.st, f->cfg.name, o->id, o->id,
	    err) == -1)
		return -1;
	b = fix_session_app_begin(f->l.sess, "D");
	fix_build_str(b, 11, o->id);
	order_fields(f, b, o, o->qty);
	if (type_fields(b, o, o->limit_px, o->stop_px, err) == -1)
		return -1;
	return send_app(f, o, "D", err);
}

/* A cancel's or replace's ClOrdID, kept, and the one it replaces. */
static int
next_clordid(struct fixv *f, const struct order *o, char *clordid,
    char *orig, struct err *err)
{
	int64_t	n;
	int	r = store_fix_current(f->l.st, f->cfg.name, o->id, orig,
	    FIXSTORE_CLORDID_MAX, &n, err);

	if (r == -1)
		return -1;
	if (r == 0)
		return err_set(err, "order %s was never sent to %s", o->id,
		    f->cfg.name);
	snprintf(clordid, FIXSTORE_CLORDID_MAX, "%s.%lld", o->id,
	    (long long)n + 1);
	if (store_fix_put_clordid(f->l.st, f->cfg.name, clordid, o->id, err) ==
	    -1 || store_fix_bump(f->l.st, f->cfg.name, o->id, err) == -1)
		return -1;
	return 0;
}

static int
fix_send_cancel(struct venue *v, const struct order *o, struct err *err)
{
	struct fixv *f = v->impl;
	char	clordid[FIXSTORE_CLORDID_MAX], orig[FIXSTORE_CLORDID_MAX];

	if (next_clordid(f, o, clordid, orig, err) == -1)
		return -1;
	struct fix_builder *b = fix_session_app_begin(f->l.sess, "F");
	fix_build_str(b, 11, clordid);
	fix_build_str(b, 41, orig);
	order_fields(f, b, o, o->qty);
	return send_app(f, o, "F", err);
}

static int
fix_send_replace(struct venue *v, const struct order *o,
    const struct order_change *chg, struct err *err)
{
	struct fixv *f = v->impl;
	char	clordid[FIXSTORE_CLORDID_MAX], orig[FIXSTORE_CLORDID_MAX];

	if (chg->have_tif)
		return err_set(err, "a broker over FIX is not asked to change "
		    "an order's time in force: cancel it and enter it again");
	if (next_clordid(f, o, clordid, orig, err) == -1)
		return -1;
	struct fix_builder *b = fix_session_app_begin(f->l.sess, "G");
	fix_build_str(b, 11, clordid);
	fix_build_str(b, 41, orig);
	order_fields(f, b, o, chg->have_qty ? chg->qty : o->qty);
	if (type_fields(b, o, chg->have_limit ? chg->limit_px : o->limit_px,
	    chg->have_stop ? chg->stop_px : o->stop_px, err) == -1)
		return -1;
	return send_app(f, o, "G", err);
}

/* A working order after a restart: the broker is asked where it stands
 * (OrderStatusRequest), and its answer is compared with the books. */
static int
fix_restore(struct venue *v, const struct order *o, struct err *err)
{
	struct fixv *f = v->impl;
	char	orig[FIXSTORE_CLORDID_MAX];
	int64_t	n;
	int	r = store_fix_current(f->l.st, f->cfg.name, o->id, orig,
	    sizeof orig, &n, err);

	if (r != 1)
		return r;
	struct fix_builder *b = fix_session_app_begin(f->l.sess, "H");
	fix_build_str(b, 11, orig);
	fix_build_str(b, 55, o->symbol);
	fix_build_char(b, 54, fixlink_side(o->side));
	return send_app(f, o, "H", err);
}

/* ---- the connection ----------------------------------------------------- */

static bool in_hours(const struct fixv *f, int64_t now_ms);

/* Where the session stands, in words (static text). */
static const char *
state_name(const struct fixv *f)
{
	static const char *const names[] = {
		[FIX_SESSION_DISCONNECTED] = "disconnected",
		[FIX_SESSION_CONNECTED] = "connected",
		[FIX_SESSION_LOGON_SENT] = "logging on",
		[FIX_SESSION_LOGGED_ON] = "logged on",
		[FIX_SESSION_LOGOUT_SENT] = "logging out",
	};

	if (f->conn == CONN_DOWN)
		return in_hours(f, fixlink_now_ms()) ? "disconnected" :
		    "outside its hours";
	if (f->conn == CONN_CONNECTING)
		return "connecting";
	return names[fix_session_state(f->l.sess)];
}

/* Whether NOW_MS is within the session's hours. */
static bool
in_hours(const struct fixv *f, int64_t now_ms)
{
	if (f->cfg.hours_start < 0)
		return true;
	int64_t t = now_ms / 1000;
	if (f->zone)
		t += tzone_offset(f->zone, t);
	int m = (int)((t % 86400 + 86400) % 86400 / 60);
	int a = f->cfg.hours_start, z = f->cfg.hours_end;
	return a <= z ? m >= a && m < z : m >= a || m < z;
}

static void
dial(struct fixv *f)
{
	struct addrinfo hints, *res = NULL;
	char	port[8];
	int	rc, fd;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%d", f->cfg.port);
	rc = getaddrinfo(f->cfg.host, port, &hints, &res);
	if (rc != 0 || !res) {
		note(f, "cannot find %s: %s", f->cfg.host, gai_strerror(rc));
		hang_up(f);
		return;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1 || (connect(fd, res->ai_addr, res->ai_addrlen) == -1 &&
	    errno != EINPROGRESS)) {
		note(f, "cannot connect to %s: %s", f->l.peer, strerror(errno));
		if (fd != -1)
			close(fd);
		freeaddrinfo(res);
		hang_up(f);
		return;
	}
	freeaddrinfo(res);
	int one = 1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	fixlink_attach(&f->l, fd);
	f->conn = CONN_CONNECTING;
}

/* The connection came up: log on. */
static void
connected(struct fixv *f)
{
	int	e = 0;
	socklen_t len = sizeof e;

	if (getsockopt(f->l.fd, SOL_SOCKET, SO_ERROR, &e, &len) == -1 || e) {
		note(f, "cannot connect to %s: %s", f->l.peer,
		    strerror(e ? e : errno));
		hang_up(f);
		return;
	}
	f->conn = CONN_UP;
	note(f, "connected to %s", f->l.peer);
	fix_session_connected(f->l.sess);
}

static int
fix_poll(struct venue *v, int timeout_ms)
{
	struct fixv *f = v->impl;
	int64_t	now = fixlink_now_ms();
	struct pollfd p;
	struct err err = { "" };

	(void)timeout_ms;
	if (f->conn == CONN_DOWN) {
		if (now >= f->next_dial && in_hours(f, now))
			dial(f);
	} else {
		p.fd = f->l.fd;
		p.events = f->conn == CONN_CONNECTING ? POLLOUT : POLLIN;
		if (poll(&p, 1, 0) > 0) {
			if (f->conn == CONN_CONNECTING) {
				connected(f);
			} else if (fixlink_read(&f->l) == -1) {
				note(f, "%s closed the connection", f->l.peer);
				hang_up(f);
			}
		}
	}
	if (f->conn == CONN_UP) {
		fix_session_tick(f->l.sess);
		if (!in_hours(f, now) && fix_session_state(f->l.sess) ==
		    FIX_SESSION_LOGGED_ON)
			fix_session_logout(f->l.sess, "");
	}
	fixlink_keep_state(&f->l, state_name(f));
	return fixlink_failed(&f->l, &err);
}

static int
fix_wait(struct venue *v, struct pollfd *p, int max, int *timeout_ms)
{
	struct fixv *f = v->impl;
	int64_t	now = fixlink_now_ms();

	if (f->conn == CONN_DOWN) {
		int64_t t = f->next_dial - now;
		*timeout_ms = t < 0 ? 0 : t > 1000 ? 1000 : (int)t;
		return 0;
	}
	*timeout_ms = 1000;		/* the session's clock */
	if (max < 1)
		return 0;
	p->fd = f->l.fd;
	p->events = f->conn == CONN_CONNECTING ? POLLOUT : POLLIN;
	p->revents = 0;
	return 1;
}

static void
fix_flush(struct venue *v)
{
	struct fixv *f = v->impl;

	if (f->conn != CONN_UP) {
		f->l.out.len = 0;
		return;
	}
	if (fixlink_flush(&f->l) == -1) {
		/* Kept in the store: the broker asks for them after the
		 * next logon. */
		note(f, "cannot write to %s: %s", f->l.peer, strerror(errno));
		hang_up(f);
	}
}

static void
fix_close(struct venue *v)
{
	struct fixv *f = v->impl;

	if (f->conn == CONN_UP &&
	    fix_session_state(f->l.sess) == FIX_SESSION_LOGGED_ON) {
		fix_session_logout(f->l.sess, "");
		(void)fixlink_flush(&f->l);
	}
	fixlink_close(&f->l);
	f->conn = CONN_DOWN;
	fix_session_disconnected(f->l.sess);
	fixlink_keep_state(&f->l, state_name(f));
	fixlink_free(&f->l);
	tzone_free(f->zone);
	free(f);
}

static size_t
fix_sessions(struct venue *v, struct venue_fix_status *out, size_t max)
{
	if (max < 1)
		return 0;
	venue_fix_status(v, out);
	return 1;
}

static const struct venue_ops fix_ops = {
	.kind = "fix",
	.send_new = fix_send_new,
	.send_cancel = fix_send_cancel,
	.send_replace = fix_send_replace,
	.restore = fix_restore,
	.poll = fix_poll,
	.wait = fix_wait,
	.flush = fix_flush,
	.resync = venue_fix_resync,
	.sessions = fix_sessions,
	.close = fix_close,
};

struct venue *
venue_fix_new(const struct venue_fix_config *cfg, const struct fix_dict *dict,
    struct store *st, void (*emitfn)(void *, const struct venue_event *),
    void *ctx, struct err *err)
{
	struct fixv *f = xcalloc(1, sizeof *f);
	struct venue *v = xcalloc(1, sizeof *v);
	struct fix_session_config sc = {
		.initiator = true,
		.begin = "FIX.4.4",
		.sender = cfg->sender,
		.target = cfg->target,
		.heartbeat = cfg->heartbeat,
		.reset_on_logon = cfg->reset_on_logon,
		.dict = dict,
	};

	f->cfg = *cfg;
	f->backoff = BACKOFF_MIN_MS;
	f->l.deliver = on_deliver;
	f->l.event = on_event;
	f->l.hangup = on_hangup;
	f->l.owner = f;
	snprintf(f->l.peer, sizeof f->l.peer, "%s:%d", cfg->host, cfg->port);
	if (cfg->tz[0] && !(f->zone = tzone_load(cfg->tz, err)))
		goto fail;
	if (fixlink_init(&f->l, cfg->name, &sc, st, err) == -1)
		goto fail;
	v->ops = &fix_ops;
	str_copy(v->name, sizeof v->name, cfg->name);
	v->flags = VENUE_EXTERNAL;
	v->impl = f;
	v->emit = emitfn;
	v->ctx = ctx;
	f->v = v;
	return v;
fail:
	err_prefix(err, "fix %s: ", cfg->name);
	fixlink_free(&f->l);
	tzone_free(f->zone);
	free(f);
	free(v);
	return NULL;
}

void
venue_fix_status(const struct venue *v, struct venue_fix_status *out)
{
	const struct fixv *f = v->impl;

	memset(out, 0, sizeof *out);
	str_copy(out->name, sizeof out->name, f->cfg.name);
	str_copy(out->peer, sizeof out->peer, f->l.peer);
	out->state = state_name(f);
	out->logged_on = fix_session_state(f->l.sess) == FIX_SESSION_LOGGED_ON;
	out->next_out = fix_session_next_out(f->l.sess);
	out->next_in = fix_session_next_in(f->l.sess);
}

int
venue_fix_resync(struct venue *v, struct err *err)
{
	struct fixv *f = v->impl;
	int	r = fixlink_resync(&f->l, err);

	if (r == 1) {
		note(f, "the store's sequence numbers differ from the "
		    "session's (a write was rolled back): connecting again");
		f->conn = CONN_DOWN;
		f->next_dial = 0;
	}
	return r == -1 ? -1 : 0;
}

int
venue_fix_reset(struct venue *v, struct err *err)
{
	struct fixv *f = v->impl;

	if (fix_session_state(f->l.sess) != FIX_SESSION_DISCONNECTED)
		return err_set(err, "fix %s is connected: its sequence "
		    "numbers are reset only while it is down (or by "
		    "reset=logon)", f->cfg.name);
	return fixlink_reset(&f->l, err);
}

bool
venue_is_fix(const struct venue *v)
{
	return v->ops == &fix_ops;
}
