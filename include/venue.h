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
	/* Market data and time; either may produce fills and expiries. */
	void	(*on_quote)(struct venue *, const struct quote *);
	void	(*on_clock)(struct venue *, int64_t now);
	/* Restore a working order after a restart, without answering. */
	int	(*restore)(struct venue *, const struct order *, struct err *);
	/* Do pending I/O, waiting at most TIMEOUT_MS. */
	int	(*poll)(struct venue *, int timeout_ms);
	void	(*close)(struct venue *);	/* frees impl */
};

struct venue {
	const struct venue_ops *ops;
	char	name[VENUE_NAME_MAX];
	unsigned flags;
	void	*impl;
	void	(*emit)(void *ctx, const struct venue_event *);
	void	*ctx;
};

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
