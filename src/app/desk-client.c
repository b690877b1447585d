/* src/app/desk-client.c: a client's messages to the desk, run once its
 * session has read them, and the fills by hand (see desk-int.h). */
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


/* The order a client's NewOrderSingle M asks for into REQ, or -1 with
 * why in ERR. */
static int
order_of_msg(struct desk_client *c, const struct fix_msg *m,
    struct order_req *r, struct err *err)
{
	char	v[64];

	memset(r, 0, sizeof *r);
	str_copy(r->account, sizeof r->account, c->cfg.account[0] ?
	    c->cfg.account : c->cfg.id);
	str_copy(r->venue, sizeof r->venue, c->d->cfg.name);
	if (!fixlink_field(m, 55, r->symbol, sizeof r->symbol)[0])
		return err_set(err, "no Symbol (55)");
	switch (fixlink_field(m, 54, v, sizeof v)[0]) {
	case '1': r->side = SIDE_BUY; break;
	case '2': r->side = SIDE_SELL; break;
	case '5': case '6': r->side = SIDE_SHORT; break;
	default: return err_set(err, "Side (54) '%s' is not taken here", v);
	}
	switch (fixlink_field(m, 40, v, sizeof v)[0]) {
	case '1': r->type = OTYPE_MARKET; break;
	case '2': r->type = OTYPE_LIMIT; break;
	case '3': r->type = OTYPE_STOP; break;
	case '4': r->type = OTYPE_STOP_LIMIT; break;
	default: return err_set(err, "OrdType (40) '%s' is not taken here", v);
	}
	switch (fixlink_field(m, 59, v, sizeof v)[0]) {
	case '\0': case '0': r->tif = TIF_DAY; break;
	case '1': r->tif = TIF_GTC; break;
	case '2': r->tif = TIF_OPG; break;
	case '3': r->tif = TIF_IOC; break;
	case '4': r->tif = TIF_FOK; break;
	case '7': r->tif = TIF_ATC; break;
	case '6': {
		int64_t date;
		r->tif = TIF_GTD;
		if (fixlink_field_fixed(m, 432, 0, &date) == -1 ||
		    date <= 0 || date > 99991231)
			return err_set(err, "TimeInForce GTD needs ExpireDate "
			    "(432)");
		r->gtd_date = (int32_t)date;
		break;
	}
	default:
		return err_set(err, "TimeInForce (59) '%s' is not taken here",
		    v);
	}
	if (fixlink_field_fixed(m, 38, 0, &r->qty) == -1)
		return err_set(err, "OrderQty (38) is not a whole number");
	if ((r->type == OTYPE_LIMIT || r->type == OTYPE_STOP_LIMIT) &&
	    fixlink_field_fixed(m, 44, 8, &r->limit_px) == -1)
		return err_set(err, "Price (44) is missing or not a price");
	if ((r->type == OTYPE_STOP || r->type == OTYPE_STOP_LIMIT) &&
	    fixlink_field_fixed(m, 99, 8, &r->stop_px) == -1)
		return err_set(err, "StopPx (99) is missing or not a price");
	snprintf(r->note, sizeof r->note, "client %s ClOrdID %s", c->cfg.id,
	    fixlink_field(m, 11, v, sizeof v));
	return 0;
}

static int
client_new(struct desk_client *c, const struct fix_msg *m, struct err *err)
{
	struct desk *d = c->d;
	char	clordid[FIXSTORE_CLORDID_MAX], id[ORDER_ID_MAX], who[80];
	struct cmd *cmd;
	struct err why = { "" };
	int	r, worst = 0;

	if (!fixlink_field(m, 11, clordid, sizeof clordid)[0])
		return desk_reject_new(c, m, '0', "no ClOrdID (11)", err);
	r = store_fix_order_of(c->l.st, c->l.name, clordid, id, sizeof id,
	    err);
	if (r == -1)
		return -1;
	if (r == 1)
		return desk_reject_new(c, m, '6', "duplicate ClOrdID", err);
	cmd = xcalloc(1, sizeof *cmd);
	cmd->kind = CMD_ORDER;
	if (order_of_msg(c, m, &cmd->ord.req, &why) == -1) {
		free(cmd);
		return desk_reject_new(c, m, '0', why.msg, err);
	}
	str_copy(cmd->sym, sizeof cmd->sym, cmd->ord.req.symbol);
	snprintf(who, sizeof who, "fix:%s", c->cfg.id);
	exec_act_as(d->x, who);
	d->entering = c;
	d->entering_clordid = clordid;
	r = exec_new_order(d->x, cmd, false, &worst, id, &why);
	d->entering = NULL;
	d->entering_clordid = NULL;
	exec_act_as(d->x, NULL);
	free(cmd);
	if (r == -1 && exec_store_failed(d->x)) {
		*err = why;
		return -1;
	}
	/* Refused before it was an order (a rule of the order itself): the
	 * client is told here; an order kept rejected told it already. */
	if (r == -1 && worst != RULE_BLOCK)
		return desk_reject_new(c, m, '0', why.msg, err);
	return 0;
}

/* A cancel (F) or replace (G) of a client's order. */
static int
client_change(struct desk_client *c, const struct fix_msg *m, char type,
    struct err *err)
{
	struct desk *d = c->d;
	struct desk_req q = { .type = type };
	struct cmd *cmd;
	struct err why = { "" };
	char	who[80];
	int	r;

	fixlink_field(m, 11, q.clordid, sizeof q.clordid);
	fixlink_field(m, 41, q.orig, sizeof q.orig);
	r = store_fix_order_of(c->l.st, c->l.name, q.orig, q.order_id,
	    sizeof q.order_id, err);
	if (r == -1)
		return -1;
	if (r == 0 || desk_req_of(d, q.order_id) || d->nreqs == REQS_MAX)
		return desk_send_cancel_reject(c, r ? q.order_id : "", &q,
		    r ? '6' : '8', r ? '3' : '1', r ? "a cancel or replace "
		    "of this order is under way" : "unknown order", err);
	cmd = xcalloc(1, sizeof *cmd);
	str_copy(cmd->id, sizeof cmd->id, q.order_id);
	if (type == 'F') {
		cmd->kind = CMD_CANCEL;
	} else {
		cmd->kind = CMD_REPLACE;
		if (fixlink_field_fixed(m, 38, 0, &cmd->change.qty) == 0)
			cmd->change.have_qty = true;
		if (fixlink_field_fixed(m, 44, 8, &cmd->change.limit_px) == 0)
			cmd->change.have_limit = true;
		if (fixlink_field_fixed(m, 99, 8, &cmd->change.stop_px) == 0)
			cmd->change.have_stop = true;
	}
	if (store_fix_put_clordid(c->l.st, c->l.name, q.clordid, q.order_id,
	    err) == -1) {
		free(cmd);
		return -1;
	}
	d->reqs[d->nreqs++] = q;
	snprintf(who, sizeof who, "fix:%s", c->cfg.id);
	exec_act_as(d->x, who);
	r = type == 'F' ? exec_cmd_cancel(d->x, cmd, &why) :
	    exec_cmd_replace(d->x, cmd, &why);
	exec_act_as(d->x, NULL);
	free(cmd);
	if (r == 0)
		return 0;
	if (exec_store_failed(d->x)) {
		*err = why;
		return -1;
	}
	/* Refused at once (done, or a change the rules refuse). */
	struct desk_req *p = desk_req_of(d, q.order_id);
	if (p)
		desk_req_done(d, p);
	struct order tmp, *o = exec_find_order(d->x, q.order_id, &tmp, &why);
	return desk_send_cancel_reject(c, q.order_id, &q, o ? fixlink_ord_status(o->status) : '8', order_status_done(o ? o->status :
	    ORDER_REJECTED) ? '0' : '2', why.msg, err);
}

/* An OrderStatusRequest: where the order stands. */
static int
client_status(struct desk_client *c, const struct fix_msg *m, struct err *err)
{
	char	clordid[FIXSTORE_CLORDID_MAX], id[ORDER_ID_MAX];
	struct order tmp, *o;
	struct err why = { "" };
	int	r;

	fixlink_field(m, 11, clordid, sizeof clordid);
	r = store_fix_order_of(c->l.st, c->l.name, clordid, id, sizeof id,
	    err);
	if (r == -1)
		return -1;
	if (r == 0 || !(o = exec_find_order(c->d->x, id, &tmp, &why)))
		return desk_reject_new(c, m, '5', "unknown order", err);
	return desk_send_er(c, o, 'I', NULL, NULL, 0, 0, "", err);
}

void
desk_on_deliver(void *owner, const struct fix_msg *m, bool possdup)
{
	struct desk_client *c = owner;
	char	len[24];
	int	n;

	(void)possdup;	/* a ClOrdID seen before is refused as such */
	n = snprintf(len, sizeof len, "%zu:", m->len);
	sbuf_add(&c->inq, len, (size_t)n);
	sbuf_add(&c->inq, m->buf, m->len);
}

/* Run the messages C's session read.  -1 only when the store failed. */
int
desk_run_queue(struct desk_client *c, struct err *err)
{
	struct fix_msg *m = NULL;
	size_t	off = 0;
	int	rc = 0;

	while (rc == 0 && off < c->inq.len) {
		char	*end;
		size_t	len = strtoul(c->inq.p + off, &end, 10);
		const char *body = end + 1;
		char	type[FIXSTORE_MSGTYPE_MAX], id[ORDER_ID_MAX] = "";
		struct err perr;

		off = (size_t)(body - c->inq.p) + len;
		if (!m)
			m = xcalloc(1, sizeof *m);
		if (fix_parse(body, len, m, &perr) == -1)
			continue;	/* checked by the session already */
		fixlink_field(m, 35, type, sizeof type);
		/* Filed under the order it names (a new one: once entered). */
		char clordid[FIXSTORE_CLORDID_MAX];
		if (fixlink_field(m, strcmp(type, "D") == 0 ||
		    strcmp(type, "H") == 0 ? 11 : 41, clordid,
		    sizeof clordid)[0] && store_fix_order_of(c->l.st,
		    c->l.name, clordid, id, sizeof id, err) == -1) {
			rc = -1;
			break;
		}
		if (fixlink_keep_in(&c->l, m, id, err) == -1) {
			rc = -1;
			break;
		}
		if (strcmp(type, "D") == 0 && !id[0]) {
			int64_t seq = 0;
			(void)fixlink_field_fixed(m, 34, 0, &seq);
			rc = client_new(c, m, err);
			int r = rc == 0 ? store_fix_order_of(c->l.st,
			    c->l.name, clordid, id, sizeof id, err) : 0;
			if (r == -1)
				rc = -1;
			else if (r == 1)
				rc = store_fix_in_order(c->l.st, c->l.name,
				    c->l.seqs.gen, seq, id, err);
		} else if (strcmp(type, "D") == 0)
			rc = client_new(c, m, err);
		else if (strcmp(type, "F") == 0 || strcmp(type, "G") == 0)
			rc = client_change(c, m, type[0], err);
		else if (strcmp(type, "H") == 0)
			rc = client_status(c, m, err);
		else
			desk_note(c->d, "%s sent a message of type %s: not taken "
			    "here", c->cfg.id, type);
	}
	c->inq.len = 0;
	free(m);
	return rc;
}

void
desk_on_event(void *owner, enum fix_session_event ev, const char *text)
{
	struct desk_client *c = owner;

	(void)ev;
	desk_note(c->d, "%s: %s", c->cfg.id, text);
}

void
desk_on_hangup(void *owner)
{
	struct desk_client *c = owner;

	desk_note(c->d, "%s: disconnected", c->cfg.id);
}

/* ---- fills by hand ------------------------------------------------------ */

/* Whether O may take a hand fill of QTY: 0, or -1 with why in ERR. */
int
desk_fill_allowed(const struct order *o, int64_t qty, struct err *err)
{
	if (!order_status_working(o->status) || o->status ==
	    ORDER_PENDING_NEW)
		return err_set(err, "order %s is %s: it takes no fill now",
		    o->id, order_status_name(o->status));
	if (qty > order_leaves(o))
		return err_set(err, "order %s has %lld left to fill, not %lld",
		    o->id, (long long)order_leaves(o), (long long)qty);
	return 0;
}

/* Book a fill of QTY @ PX of O, at desk D, as the desk's venue would. */
int
desk_hand_fill(struct desk *d, const struct order *o, int64_t qty, int64_t px,
    struct err *err)
{
	struct venue_event ev;

	if (desk_fill_allowed(o, qty, err) == -1)
		return -1;
	memset(&ev, 0, sizeof ev);
	ev.kind = VEV_FILL;
	str_copy(ev.order_id, sizeof ev.order_id, o->id);
	ev.qty = qty;
	ev.px = px;
	/* Unique for the order: the clock and how many fills the desk
	 * made since it opened. */
	snprintf(ev.exec_id, sizeof ev.exec_id, "%s-%lld-%lld", o->id,
	    (long long)exec_now(d->x), (long long)++d->nfills);
	d->v->emit(d->v->ctx, &ev);
	return exec_drain(d->x, err);
}

/* A fill asked for on a blotter that does not hold the desk. */
struct asked_fill {
	int64_t	id, qty, px;
	char	order_id[ORDER_ID_MAX];
	char	user[USER_MAX];
};

struct asked {
	struct asked_fill *f;
	size_t	n, cap;
};

static int
asked_one(void *ctx, const struct fixstore_fill *f)
{
	struct asked *a = ctx;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->f = xrealloc(a->f, a->cap * sizeof *a->f);
	}
	struct asked_fill *t = &a->f[a->n++];
	t->id = f->id;
	t->qty = f->qty;
	t->px = f->px;
	str_copy(t->order_id, sizeof t->order_id, f->order_id);
	str_copy(t->user, sizeof t->user, f->user);
	return 0;
}

/* Book the fills asked for elsewhere of D's orders; each is forgotten
 * once booked, or said and forgotten when it cannot be. */
int
desk_book_asked_fills(struct desk *d, struct err *err)
{
	struct asked a = { 0 };
	struct book *bk = exec_book_rw(d->x);
	int	rc = 0;

	if (store_desk_fill_each(exec_store(d->x), asked_one, &a, err) == -1)
		rc = exec_store_fail(d->x, err);
	for (size_t i = 0; rc == 0 && i < a.n; i++) {
		struct asked_fill *f = &a.f[i];
		struct order *o = book_order(bk, f->order_id);
		struct err why = { "" };
		if (o && strcmp(o->venue, d->cfg.name) != 0)
			continue;	/* another desk's */
		if (store_desk_fill_del(exec_store(d->x), f->id, err) == -1) {
			rc = exec_store_fail(d->x, err);
			break;
		}
		if (!o) {
			desk_note(d, "the fill of order %s that %s asked for is not "
			    "booked: the order is done", f->order_id, f->user);
			continue;
		}
		exec_act_as(d->x, f->user);
		rc = desk_hand_fill(d, o, f->qty, f->px, &why);
		exec_act_as(d->x, NULL);
		if (rc == -1 && !exec_store_failed(d->x)) {
			desk_note(d, "the fill of order %s that %s asked for is not "
			    "booked: %s", f->order_id, f->user, why.msg);
			rc = 0;
		} else if (rc == -1) {
			*err = why;
		}
	}
	free(a.f);
	return rc;
}


