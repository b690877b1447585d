/* src/app/desk-int.h: what the files of the desk share (desk.c: the
 * part, the venue and the connections; desk-client.c: a client's
 * messages and the fills by hand; desk-er.c: the messages to clients).
 * desk.c calls the other two, desk-client.c calls desk-er.c. */
#ifndef BLOTTER_DESK_INT_H
#define BLOTTER_DESK_INT_H
#include <stdbool.h>
#include <stdint.h>
#include "desk.h"
#include "fixlink.h"
#include "fixstore.h"
#include "order.h"

struct exec;
struct fix_msg;

#define PENDING_MAX	8
#define REQS_MAX	64
#define DESKS_MAX	8

struct desk_client {
	struct desk *d;
	struct desk_client_config cfg;
	struct fixlink l;
	struct sbuf inq;		/* messages read, to run */
};

/* A connection not yet told apart: the bytes of its first message. */
struct pending_conn {
	int	fd;
	int64_t	since;
	size_t	len;
	char	buf[4096];
};

/* A cancel or replace a client asked for, until it is answered. */
struct desk_req {
	char	order_id[ORDER_ID_MAX];
	char	clordid[FIXSTORE_CLORDID_MAX];
	char	orig[FIXSTORE_CLORDID_MAX];
	char	type;			/* 'F' or 'G' */
};

struct desk {
	struct desk_config cfg;
	struct exec *x;
	struct venue *v;
	int	lfd;
	struct desk_client *clients;
	size_t	nclients;
	struct pending_conn pend[PENDING_MAX];
	size_t	npend;
	int64_t	next_close;		/* of the session, for DAY orders */
	/* The client's order being entered: its SOJ_NEW names it. */
	struct desk_client *entering;
	const char *entering_clordid;
	struct desk_req reqs[REQS_MAX];
	size_t	nreqs;
	int64_t	nfills;			/* hand fills, for their ids */
};

/* The part: the desks open (each owned by its venue). */
struct desks {
	struct desk *d[DESKS_MAX];
	size_t	n;
};

/* desk-er.c */
void	desk_note(struct desk *d, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The cancel or replace under way for ORDER_ID, or NULL; forget R. */
struct desk_req *desk_req_of(struct desk *d, const char *order_id);
void	desk_req_done(struct desk *d, struct desk_req *r);
int	desk_send_er(struct desk_client *c, const struct order *o,
	    char exectype, const struct desk_req *req, const char *exec_id,
	    int64_t last, int64_t lastpx, const char *text, struct err *err);
int	desk_send_cancel_reject(struct desk_client *c, const char *order_id,
	    const struct desk_req *req, char status, char reason,
	    const char *text, struct err *err);
int	desk_reject_new(struct desk_client *c, const struct fix_msg *m,
	    char reason, const char *why, struct err *err);

/* desk-client.c: the session hooks of a client's link, and running what
 * it read (-1 only when the store failed). */
void	desk_on_deliver(void *owner, const struct fix_msg *m, bool possdup);
void	desk_on_event(void *owner, enum fix_session_event ev,
	    const char *text);
void	desk_on_hangup(void *owner);
int	desk_run_queue(struct desk_client *c, struct err *err);
/* Whether O takes a hand fill of QTY (0, or -1 with ERR); book one. */
int	desk_fill_allowed(const struct order *o, int64_t qty, struct err *err);
int	desk_hand_fill(struct desk *d, const struct order *o, int64_t qty,
	    int64_t px, struct err *err);
/* Book the fills of D's orders asked for on blotters not holding it. */
int	desk_book_asked_fills(struct desk *d, struct err *err);

#endif
