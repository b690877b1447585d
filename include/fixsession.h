/* include/fixsession.h: the FIX 4.4 session layer over the codec (fix.h):
 * logon, heartbeats, sequence numbers, gaps and resends, rejects and
 * logout, for either end of a connection.  It owns no socket, thread,
 * clock or store: bytes go out, time comes in and sequence numbers and
 * sent messages are kept through the hooks its owner gives; bytes read
 * from the peer come in through fix_session_input().  Where FIX leaves
 * a choice it does what QuickFIX 1.15 does. */
#ifndef BLOTTER_FIXSESSION_H
#define BLOTTER_FIXSESSION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct fix_builder;
struct fix_dict;
struct fix_msg;
struct fix_session;			/* opaque: fields live in session.c */

/* Where a session stands. */
enum fix_session_state {
	FIX_SESSION_DISCONNECTED,	/* no connection */
	FIX_SESSION_CONNECTED,		/* connected, no Logon either way */
	FIX_SESSION_LOGON_SENT,		/* our Logon is out, none came */
	FIX_SESSION_LOGGED_ON,		/* Logon both ways */
	FIX_SESSION_LOGOUT_SENT		/* our Logout is out, awaiting one */
};

/* What an event line is about. */
enum fix_session_event {
	FIX_SESSION_EV_INFO,		/* anything else */
	FIX_SESSION_EV_LOGON,		/* the session is logged on */
	FIX_SESSION_EV_LOGOUT,		/* a Logout went out or came in */
	FIX_SESSION_EV_REJECT,		/* a message of the peer's refused */
	FIX_SESSION_EV_GAP,		/* a sequence number out of line */
	FIX_SESSION_EV_RESEND,		/* resends asked for or made */
	FIX_SESSION_EV_DROP,		/* garbled bytes or a message dropped */
	FIX_SESSION_EV_DISCONNECT	/* the session asks to hang up */
};

/* Who the session is.  The strings are copied by fix_session_new(). */
struct fix_session_config {
	bool	initiator;		/* we send the first Logon */
	const char *begin;		/* BeginString: "FIX.4.4" */
	const char *sender;		/* our SenderCompID */
	const char *target;		/* the peer's */
	int	heartbeat;		/* HeartBtInt an initiator asks, s */
	bool	reset_on_logon;		/* both sequence numbers to 1 */
	const struct fix_dict *dict;	/* incoming messages' check; borrowed,
					 * must outlive the session */
};

/* The world outside.  CTX is passed back to every hook; every hook but
 * deliver, event and disconnect must be set.  A hook must not call the
 * session's functions: it runs in the middle of one. */
struct fix_session_hooks {
	void	*ctx;
	/* Write LEN bytes to the peer (a failed write is the owner's to
	 * notice: it calls fix_session_disconnected()). */
	void	(*send)(void *ctx, const char *buf, size_t len);
	/* Milliseconds since 1970 UTC. */
	int64_t	(*now_ms)(void *ctx);
	/* The next sequence numbers to send and to receive changed. */
	void	(*persist_seqs)(void *ctx, int64_t next_out, int64_t next_in);
	/* Keep application message SEQ, sent as the LEN bytes at BUF, for
	 * a resend.  Returns 0, or -1 with why in ERR (the message is then
	 * neither sent nor numbered). */
	int	(*store)(void *ctx, int64_t seq, const char *buf, size_t len,
		    struct err *err);
	/* Copy stored message SEQ into the CAP bytes at BUF and its length
	 * into *LEN.  Returns 1, or 0 when there is none (an admin message:
	 * it is gap-filled). */
	int	(*load)(void *ctx, int64_t seq, char *buf, size_t cap,
		    size_t *len);
	/* An application message of the peer's, in sequence order; POSSDUP
	 * when it came as a resend (PossDupFlag=Y).  M is borrowed. */
	void	(*deliver)(void *ctx, const struct fix_msg *m, bool possdup);
	/* A line for the log, in QuickFIX's words. */
	void	(*event)(void *ctx, enum fix_session_event,
		    const char *text);
	/* Hang up the connection; the session is already disconnected. */
	void	(*disconnect)(void *ctx);
};

/* A new disconnected session whose next sequence numbers are 1 (see
 * fix_session_restore()).  Returns NULL with why in ERR when CONFIG
 * lacks a name, a dictionary or a hook. */
struct fix_session *fix_session_new(const struct fix_session_config *,
	    const struct fix_session_hooks *, struct err *);
void	fix_session_free(struct fix_session *);	/* NULL is a no-op */

/* Resume after a restart: the next sequence numbers as persisted. */
void	fix_session_restore(struct fix_session *, int64_t next_out,
	    int64_t next_in);
/* Both next sequence numbers to 1 (persisted). */
void	fix_session_reset(struct fix_session *);

/* The connection is up: an initiator sends its Logon. */
void	fix_session_connected(struct fix_session *);
/* The connection is gone: forget the logon, the queue and the buffer. */
void	fix_session_disconnected(struct fix_session *);
/* LEN more bytes read from the peer, any part of a message or several. */
void	fix_session_input(struct fix_session *, const char *buf, size_t len);
/* Time passed: heartbeat, TestRequest, timeouts.  Call it at least once
 * a second while connected. */
void	fix_session_tick(struct fix_session *);
/* Send a Logout with TEXT ("" for none) and wait for the peer's. */
void	fix_session_logout(struct fix_session *, const char *text);

/* Start application message MSGTYPE: add the body fields to the builder
 * returned (borrowed, good until fix_session_app_send()); the header is
 * the session's. */
struct fix_builder *fix_session_app_begin(struct fix_session *,
	    const char *msgtype);
/* Number, store and send the message begun.  Returns its MsgSeqNum, or
 * -1 with why in ERR.  Sent only while logged on; stored anyway, so the
 * peer asks for it after the next logon. */
int64_t	fix_session_app_send(struct fix_session *, struct err *);

enum fix_session_state fix_session_state(const struct fix_session *);
int64_t	fix_session_next_out(const struct fix_session *);
int64_t	fix_session_next_in(const struct fix_session *);
/* The heartbeat interval in use, in seconds (the initiator's). */
int	fix_session_heartbeat(const struct fix_session *);

#endif
