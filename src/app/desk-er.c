/* src/app/desk-er.c: what the desk sends its clients: ExecutionReports
 * and OrderCancelRejects (see desk-int.h). */
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


void
desk_note(struct desk *d, const char *fmt, ...)
{
	char	text[512];
	va_list	ap;
	int	n = snprintf(text, sizeof text, "desk %s: ", d->cfg.name);

	va_start(ap, fmt);
	vsnprintf(text + n, sizeof text - (size_t)n, fmt, ap);
	va_end(ap);
	exec_note(d->x, text);
}

struct desk_req *
desk_req_of(struct desk *d, const char *order_id)
{
	for (size_t i = 0; i < d->nreqs; i++)
		if (strcmp(d->reqs[i].order_id, order_id) == 0)
			return &d->reqs[i];
	return NULL;
}

void
desk_req_done(struct desk *d, struct desk_req *r)
{
	*r = d->reqs[--d->nreqs];
}

/* ---- ExecutionReports ---------------------------------------------------- */

/* An ExecutionReport of EXECTYPE about O to client C: ClOrdID the one
 * the client knows O by (or REQ's), EXEC_ID for a fill (else made), LAST
 * its quantity and LASTPX its price, TEXT (may be ""). */
int
desk_send_er(struct desk_client *c, const struct order *o, char exectype,
    const struct desk_req *req, const char *exec_id, int64_t last,
    int64_t lastpx, const char *text, struct err *err)
{
	char	clordid[FIXSTORE_CLORDID_MAX], made[ORDER_ID_MAX + 24];
	int64_t	n;
	struct fix_builder *b;

	if (store_fix_current(c->l.st, c->l.name, o->id, clordid,
	    sizeof clordid, &n, err) == -1)
		return -1;
	if (!exec_id) {
		snprintf(made, sizeof made, "%s.%lld.%lld", o->id,
		    (long long)c->l.seqs.gen,
		    (long long)fix_session_next_out(c->l.sess));
		exec_id = made;
	}
	b = fix_session_app_begin(c->l.sess, "8");
	fix_build_str(b, 37, o->id);
	fix_build_str(b, 11, req ? req->clordid : clordid);
	if (req)
		fix_build_str(b, 41, req->orig);
	fix_build_str(b, 17, exec_id);
	fix_build_char(b, 150, exectype);
	fix_build_char(b, 39, fixlink_ord_status(o->status));
	fix_build_str(b, 55, o->symbol);
	fix_build_char(b, 54, fixlink_side(o->side));
	fix_build_int(b, 38, o->qty);
	if (o->limit_px)
		fix_build_fixed(b, 44, o->limit_px, 8);
	fix_build_int(b, 14, o->cum_qty);
	fix_build_int(b, 151, order_leaves(o));
	fix_build_fixed(b, 6, order_avg_px(o), 8);
	if (last) {
		fix_build_int(b, 32, last);
		fix_build_fixed(b, 31, lastpx, 8);
	}
	if (text && text[0])
		fix_build_str(b, 58, text);
	fix_build_time(b, 60, fixlink_now_ms());
	return fixlink_send(&c->l, o->id, "8", err);
}

/* An OrderCancelReject to client C for REQ (about order ORDER_ID, whose
 * status is STATUS) with REASON (CxlRejReason) and TEXT. */
int
desk_send_cancel_reject(struct desk_client *c, const char *order_id,
    const struct desk_req *req, char status, char reason, const char *text,
    struct err *err)
{
	struct fix_builder *b = fix_session_app_begin(c->l.sess, "9");

	fix_build_str(b, 37, order_id[0] ? order_id : "NONE");
	fix_build_str(b, 11, req->clordid);
	fix_build_str(b, 41, req->orig);
	fix_build_char(b, 39, status);
	fix_build_char(b, 434, req->type == 'G' ? '2' : '1');
	fix_build_char(b, 102, reason);
	if (text && text[0])
		fix_build_str(b, 58, text);
	return fixlink_send(&c->l, order_id, "9", err);
}

/* A NewOrderSingle that never became an order: an ExecutionReport
 * Rejected under its ClOrdID, with WHY. */
int
desk_reject_new(struct desk_client *c, const struct fix_msg *m, char reason,
    const char *why, struct err *err)
{
	char	exec_id[48], clordid[FIXSTORE_CLORDID_MAX];
	struct fix_builder *b = fix_session_app_begin(c->l.sess, "8");

	/* Unique in the session: its generation and this message's number. */
	snprintf(exec_id, sizeof exec_id, "R%lld.%lld",
	    (long long)c->l.seqs.gen, (long long)fix_session_next_out(
	    c->l.sess));
	fix_build_str(b, 37, "NONE");
	fix_build_str(b, 11, fixlink_field(m, 11, clordid, sizeof clordid)[0] ?
	    clordid : "NONE");
	fix_build_str(b, 17, exec_id);
	fix_build_char(b, 150, '8');
	fix_build_char(b, 39, '8');
	fix_build_char(b, 103, reason);
	{
		char sym[SYMBOL_MAX], side[4];
		fix_build_str(b, 55, fixlink_field(m, 55, sym, sizeof sym)[0] ?
		    sym : "?");
		fix_build_char(b, 54, fixlink_field(m, 54, side,
		    sizeof side)[0] ? side[0] : '1');
	}
	fix_build_int(b, 14, 0);
	fix_build_int(b, 151, 0);
	fix_build_int(b, 6, 0);
	fix_build_str(b, 58, why);
	fix_build_time(b, 60, fixlink_now_ms());
	return fixlink_send(&c->l, "", "8", err);
}

