/* include/fixlink.h: one FIX session over one TCP connection, kept in the
 * store: what a broker venue (src/venue/fix.c) and the desk that takes
 * clients' orders (src/app/desk.c) share.
 *
 * The session's next numbers, its generation and every application
 * message sent and received go into the store's open transaction (a
 * transaction of the link's own when none is open: the Logout at close).
 * Bytes for the peer are held until that transaction has committed
 * (fixlink_flush()), so the peer never sees a number the store could
 * lose. */
#ifndef BLOTTER_FIXLINK_H
#define BLOTTER_FIXLINK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "fixsession.h"
#include "fixstore.h"
#include "order.h"
#include "sbuf.h"

struct fix_msg;
struct store;

struct fixlink {
	char	name[FIXSTORE_NAME_MAX];	/* the session in the store */
	struct store *st;		/* borrowed: the worker's */
	struct fix_session *sess;
	struct fixstore_seqs seqs;	/* as kept */
	int	fd;			/* the connection, or -1 */
	struct sbuf out;		/* bytes held until the commit */
	char	peer[300];		/* host:port, for messages */
	/* What the message being sent is about (fixlink_send()). */
	const char *about_order;
	const char *about_type;
	/* A store write failed inside a session call. */
	bool	failed;
	struct err fail;
	const char *kept_state;		/* as the store last had it */
	/* The owner's: an application message of the peer's (M borrowed),
	 * a line for the log, and the session asking to hang up (the
	 * connection is closed already). */
	void	(*deliver)(void *owner, const struct fix_msg *m, bool possdup);
	void	(*event)(void *owner, enum fix_session_event, const char *);
	void	(*hangup)(void *owner);
	void	*owner;
	char	rd[65536];
};

/* Milliseconds since 1970 UTC, the session's clock. */
int64_t	fixlink_now_ms(void);

/* Set L up as session NAME of CFG (its numbers read back from ST), with
 * no connection.  0, or -1 with why in ERR. */
int	fixlink_init(struct fixlink *l, const char *name,
	    const struct fix_session_config *cfg, struct store *st,
	    struct err *err);
void	fixlink_free(struct fixlink *l);

/* Take FD, a connected socket, as L's connection (FD is L's from now). */
void	fixlink_attach(struct fixlink *l, int fd);
/* Close the connection, forgetting what was held for it. */
void	fixlink_close(struct fixlink *l);
/* Read what the peer sent and run it through the session.  Returns 0, or
 * -1 when the peer closed the connection (L is closed then). */
int	fixlink_read(struct fixlink *l);
/* Write what was held, once the transaction committed.  Returns 0, or -1
 * when the connection failed (L is closed then; what was kept is resent
 * after the next logon). */
int	fixlink_flush(struct fixlink *l);

/* Number, keep and send (after the commit) the application message begun
 * with fix_session_app_begin(), about order ORDER_ID ("" for none), of
 * MSGTYPE.  Returns 0, or -1 (ERR). */
int	fixlink_send(struct fixlink *l, const char *order_id,
	    const char *msgtype, struct err *err);
/* Keep message M received, about order ORDER_ID ("" for none). */
int	fixlink_keep_in(struct fixlink *l, const struct fix_msg *m,
	    const char *order_id, struct err *err);
/* Keep where the session stands (STATE, static text) when that changed. */
void	fixlink_keep_state(struct fixlink *l, const char *state);
/* A store write failed inside a session call (ERR says why; the first
 * is kept). */
void	fixlink_fail(struct fixlink *l, const struct err *err);
/* A store write that failed inside a session call, into ERR: -1 then,
 * and the failure is forgotten; 0 when none failed. */
int	fixlink_failed(struct fixlink *l, struct err *err);
/* After the store was read again: the session's numbers as the store has
 * them.  Returns 1 when they differed (the connection was closed: a
 * rollback took back numbers it used), 0, or -1 (ERR). */
int	fixlink_resync(struct fixlink *l, struct err *err);
/* Both numbers back to 1, a new generation (fix reset). */
int	fixlink_reset(struct fixlink *l, struct err *err);

/* FIX Side (54) of SIDE (buy to cover is a buy), and OrdStatus (39) of
 * STATUS (a staged or flagged order is pending new). */
char	fixlink_side(enum order_side side);
char	fixlink_ord_status(enum order_status status);

/* Field TAG of M as a NUL-terminated copy in BUF of SIZE ("" when
 * absent). */
const char *fixlink_field(const struct fix_msg *m, int tag, char *buf,
	    size_t size);
/* Decimal field TAG of M scaled by 10^DECIMALS into *OUT: 0, or -1
 * (absent, or not a number that fits). */
int	fixlink_field_fixed(const struct fix_msg *m, int tag, int decimals,
	    int64_t *out);

#endif
