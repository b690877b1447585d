/* include/fixstore.h: what the store keeps of FIX sessions: each
 * session's next sequence numbers, the application messages sent and
 * received (written in the transaction of the order events they carry,
 * so that what was sent is what the books say), and the ClOrdIDs sent
 * for each order.
 *
 * A session's generation counts its resets (fix reset, ResetSeqNumFlag):
 * messages of an older generation are history, shown but never resent. */
#ifndef BLOTTER_FIXSTORE_H
#define BLOTTER_FIXSTORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct store;

/* The longest session name, ClOrdID and MsgType kept, NUL included. */
#define FIXSTORE_NAME_MAX	96	/* NAME, or NAME:CLIENT for a desk */
#define FIXSTORE_CLORDID_MAX	64
#define FIXSTORE_MSGTYPE_MAX	8

struct fixstore_seqs {
	int64_t	gen;			/* resets so far */
	int64_t	next_out, next_in;	/* the next to send and to receive */
};

/* The numbers of session NAME into *OUT: 1, or 0 when the store has none
 * yet (*OUT is then generation 0, both numbers 1), or -1 (ERR). */
int	store_fix_seqs(struct store *, const char *name,
	    struct fixstore_seqs *out, struct err *);
/* Keep NAME's numbers (in a transaction). */
int	store_fix_set_seqs(struct store *, const char *name,
	    const struct fixstore_seqs *, struct err *);

/* Keep where NAME stands: STATE ("logged on"), its PEER, since AT
 * (seconds since 1970 UTC). */
int	store_fix_set_state(struct store *, const char *name,
	    const char *state, const char *peer, int64_t at, struct err *);
/* One session as the store has it. */
struct fixstore_session {
	const char *name, *state, *peer;
	int64_t	next_out, next_in, at;
};
/* Call FN for each session kept, by name; FN's non-zero return stops
 * the walk and is returned. */
int	store_fix_each_session(struct store *,
	    int (*fn)(void *, const struct fixstore_session *), void *ctx,
	    struct err *);

/* Keep application message SEQ of NAME's generation GEN, sent (OUT) or
 * received, of MSGTYPE, about order ORDER_ID ("" for none), as the LEN
 * bytes at BUF, at TS (seconds since 1970 UTC). */
int	store_fix_put_msg(struct store *, const char *name, int64_t gen,
	    bool out, int64_t seq, int64_t ts, const char *msgtype,
	    const char *order_id, const char *buf, size_t len, struct err *);
/* Message SEQ received in NAME's generation GEN is about ORDER_ID (a
 * client's new order, known once it is entered). */
int	store_fix_in_order(struct store *, const char *name, int64_t gen,
	    int64_t seq, const char *order_id, struct err *);
/* Copy message SEQ sent in NAME's generation GEN into BUF (CAP bytes),
 * its length into *LEN: 1, 0 when none was kept (or it does not fit),
 * -1 (ERR). */
int	store_fix_get_out(struct store *, const char *name, int64_t gen,
	    int64_t seq, char *buf, size_t cap, size_t *len, struct err *);
/* Whether a message of MSGTYPE about ORDER_ID went out in NAME's
 * generation GEN: 1, 0, or -1 (ERR). */
int	store_fix_sent(struct store *, const char *name, int64_t gen,
	    const char *order_id, const char *msgtype, struct err *);

/* CLORDID, sent by NAME, names order ORDER_ID. */
int	store_fix_put_clordid(struct store *, const char *name,
	    const char *clordid, const char *order_id, struct err *);
/* The order CLORDID of NAME names into ORDER_ID (SIZE bytes): 1, 0 when
 * NAME never sent it, -1 (ERR). */
int	store_fix_order_of(struct store *, const char *name,
	    const char *clordid, char *order_id, size_t size, struct err *);

/* The ClOrdID the broker knows ORDER_ID by (its first, or that of the
 * last replace it confirmed) into CLORDID (SIZE bytes), and into *N how
 * many cancels and replaces were sent for it: 1, 0 when NAME never sent
 * it, -1 (ERR). */
int	store_fix_current(struct store *, const char *name,
	    const char *order_id, char *clordid, size_t size, int64_t *n,
	    struct err *);
/* The broker knows ORDER_ID by CLORDID from now on. */
int	store_fix_set_current(struct store *, const char *name,
	    const char *order_id, const char *clordid, struct err *);
/* One more cancel or replace was sent for ORDER_ID. */
int	store_fix_bump(struct store *, const char *name,
	    const char *order_id, struct err *);

/* A fill by hand of a desk's order, asked for where the desk is not
 * held: kept until the holder books it. */
struct fixstore_fill {
	int64_t	id;
	const char *order_id, *user;
	int64_t	qty, px, ts;
};
int	store_desk_fill_put(struct store *, const char *order_id, int64_t qty,
	    int64_t px, const char *user, int64_t ts, struct err *);
/* Call FN for each fill asked for, oldest first (FN's non-zero return
 * stops the walk and is returned); then forget it with
 * store_desk_fill_del(). */
int	store_desk_fill_each(struct store *,
	    int (*fn)(void *, const struct fixstore_fill *), void *ctx,
	    struct err *);
int	store_desk_fill_del(struct store *, int64_t id, struct err *);
/* The quantity of ORDER_ID's fills asked for and not booked yet. */
int	store_desk_fill_asked(struct store *, const char *order_id,
	    int64_t *qty, struct err *);

/* One message of an order, as kept. */
struct fixstore_msg {
	const char *session;
	bool	out;
	int64_t	seq, ts;
	const char *msgtype;
	const char *body;
	size_t	len;
};
/* Call FN for each message kept about ORDER_ID, oldest first; FN's
 * non-zero return stops the walk and is returned. */
int	store_fix_each_msg(struct store *, const char *order_id,
	    int (*fn)(void *, const struct fixstore_msg *), void *ctx,
	    struct err *);

#endif
