/* include/venue.h: the one interface every venue adapter implements.
 *
 * The runtime hands a venue new orders, cancels and replaces, market data
 * and the clock; the venue answers with venue events through the emit
 * callback, which may be called from inside any of these calls (the sim
 * answers at once) or later from poll().  The runtime queues what is
 * emitted and applies it after the call returns, so an adapter never sees
 * its own events re-enter it. */
#ifndef BLOTTER_VENUE_H
#define BLOTTER_VENUE_H
#include <stdbool.h>
#include <stdint.h>
#include "order.h"
#include "quote.h"

struct calendar;
struct err;
struct fix_dict;
struct pollfd;
struct store;
struct venue_fix_status;

enum venue_event_kind {
	VEV_ACK,		/* order accepted and working */
	VEV_REJECT,		/* new order refused (text says why) */
	VEV_FILL,		/* exec_id, qty, px */
	VEV_CANCELED,		/* canceled by request, IOC/FOK rest, ... */
	VEV_CANCEL_REJECT,
	VEV_REPLACED,		/* change applied */
	VEV_REPLACE_REJECT,
	VEV_EXPIRED,		/* DAY/GTD/OPG end of life */
	VEV_TRIGGERED,		/* a stop triggered */
	VEV_STOP_MOVED,		/* a trailing stop moved to px */
	VEV_BUST,		/* exec_id taken back */
	VEV_DONE_FOR_DAY,	/* the venue is done with it for the day */
	VEV_STATUS,		/* where the venue says the order stands:
				   status_code (FIX OrdStatus), qty its
				   cum, px its average price */
	VEV_KIND_COUNT
};

struct venue_event {
	enum venue_event_kind kind;
	char	order_id[ORDER_ID_MAX];
	char	exec_id[EXEC_ID_MAX];
	int64_t	qty;			/* fill quantity */
	int64_t	px;			/* fill price or new stop (PX_SCALE) */
	struct order_change change;	/* VEV_REPLACED: what changed */
	char	text[NOTE_MAX];		/* reason, for rejects and cancels */
	/* VEV_FILL from a venue that trades against our quotes (the sim):
	 * the quote it traded on, its sizes now what is left after this
	 * fill, to be stored with the fill so that a restart offers no
	 * more than is left. */
	bool	has_quote;
	struct quote quote;
	char	status_code;		/* VEV_STATUS */
};

/* Marks a venue whose counterparty is outside this process: the runtime
 * commits the open transaction before handing such a venue anything. */
#define VENUE_EXTERNAL	0x1

struct venue;

struct venue_ops {
	const char *kind;		/* "sim", "fix", "rest" */
	/* Take a new order (already committed to the store for external
	 * venues).  Failure means it never left; the text says why. */
	int	(*send_new)(struct venue *, const struct order *, struct err *);
	int	(*send_cancel)(struct venue *, const struct order *,
		    struct err *);
	int	(*send_replace)(struct venue *, const struct order *,
		    const struct order_change *, struct err *);
	/* Market data and time; either may produce fills and expiries
	 * (NULL: the venue has no use for them). */
	void	(*on_quote)(struct venue *, const struct quote *);
	void	(*on_clock)(struct venue *, int64_t now);
	/* Restore a working order after a restart, without answering
	 * (NULL: nothing to restore). */
	int	(*restore)(struct venue *, const struct order *, struct err *);
	/* Do pending I/O, waiting at most TIMEOUT_MS.  An external venue
	 * is called inside a store transaction, and may write to it. */
	int	(*poll)(struct venue *, int timeout_ms);
	/* External venues (NULL for others): the descriptors to wait on,
	 * at most MAX into P, and in *TIMEOUT_MS how soon poll() wants to be
	 * called at the latest.  Returns how many. */
	int	(*wait)(struct venue *, struct pollfd *p, int max,
		    int *timeout_ms);
	/* External venues: send what was made ready while the transaction
	 * was open; called once it has committed (NULL for others). */
	void	(*flush)(struct venue *);
	/* A venue kept open through a reload of the engine (NULL: closed
	 * and opened again): put what it holds in memory back in step with
	 * the store.  0, or -1 (ERR). */
	int	(*resync)(struct venue *, struct err *);
	/* The venue's FIX sessions, at most MAX into OUT; how many (NULL:
	 * none). */
	size_t	(*sessions)(struct venue *, struct venue_fix_status *out,
		    size_t max);
	void	(*close)(struct venue *);	/* frees impl */
};

struct venue {
	const struct venue_ops *ops;
	char	name[VENUE_NAME_MAX];
	unsigned flags;
	void	*impl;
	void	(*emit)(void *ctx, const struct venue_event *);
	void	*ctx;
	/* A line about the venue itself for the log (a session's logon,
	 * a dropped connection); NULL: none kept. */
	void	(*note)(void *ctx, const char *text);
};

/* A broker over FIX 4.4 (fix.NAME = initiator in the settings). */
struct venue_fix_config {
	char	name[VENUE_NAME_MAX];
	char	host[256];
	int	port;
	char	sender[64], target[64];
	int	heartbeat;		/* seconds */
	bool	reset_on_logon;
	int	hours_start, hours_end;	/* minutes after midnight; -1: always */
	char	tz[64];			/* of the hours ("": UTC) */
	char	account[32];		/* Account (1) sent ("": the order's) */
};
/* A FIX venue NAME: its session's numbers, messages and ClOrdIDs live in
 * ST (borrowed, the worker's: every call but venue_free() comes inside
 * one of its transactions); DICT checks the broker's messages (borrowed).
 * It dials at its first poll.  NULL with why in ERR. */
struct venue *venue_fix_new(const struct venue_fix_config *,
	    const struct fix_dict *dict, struct store *st,
	    void (*emit)(void *, const struct venue_event *), void *ctx,
	    struct err *);
bool	venue_is_fix(const struct venue *);
/* Where a FIX session of a venue stands: a broker's is named as the
 * venue, a desk's clients' as "DESK:CLIENT". */
struct venue_fix_status {
	char	name[VENUE_SESSION_NAME_MAX];
	const char *state;		/* static text */
	bool	logged_on;
	int64_t	next_out, next_in;
	char	peer[300];
};
void	venue_fix_status(const struct venue *, struct venue_fix_status *);
/* After the store was read again (a rollback, another blotter's commit):
 * what V holds in memory as the store has it.  When a rollback took back
 * numbers it had used, the connection is dropped and made again. */
int	venue_fix_resync(struct venue *, struct err *);
/* Both sequence numbers of V back to 1, while it is disconnected. */
int	venue_fix_reset(struct venue *, struct err *);

/* Create the embedded simulated venue NAME; its events go to EMIT(CTX).
 * NOW is the clock at start (seconds since the epoch, venue time). */
struct venue *venue_sim_new(const char *name, int64_t now,
	    void (*emit)(void *, const struct venue_event *), void *ctx);
/* Give sim venue V the trading calendar CAL (borrowed: it outlives V;
 * NULL: weekends only, the default): sessions open and close, and orders
 * expire, on its trading days only. */
void	venue_sim_set_calendar(struct venue *, const struct calendar *);
/* Wrap INNER (owned from here) so that it receives every new order,
 * cancel and replace DELAY seconds of clock after they are sent: a slow
 * venue.  NOW is the clock at start. */
struct venue *venue_delay_new(struct venue *inner, int64_t delay,
	    int64_t now);
/* Close V and free it; NULL is a no-op. */
void	venue_free(struct venue *);
const char *venue_event_kind_name(enum venue_event_kind);

#endif
