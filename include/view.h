/* include/view.h: what the screen draws: a read-only snapshot of the
 * worker's world, built by the worker after each change and handed to the
 * UI thread whole.  The UI never reads the store or the book directly. */
#ifndef BLOTTER_VIEW_H
#define BLOTTER_VIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "msgq.h"
#include "order.h"
#include "quote.h"
#include "result.h"
#include "store.h"

struct view_position {
	char	account[ACCOUNT_MAX];	/* "unallocated" for a block's */
	char	block[ORDER_ID_MAX];	/* the block, or "" */
	char	symbol[SYMBOL_MAX];
	char	ccy[CCY_MAX], base_ccy[CCY_MAX];
	int64_t	qty;
	double	avg_cost;
	int64_t	mark;			/* PX_SCALE, 0: none */
	int64_t	realized, unrealized;	/* MONEY_SCALE, instrument ccy */
	bool	have_base;
	int64_t	realized_base, unrealized_base;
};

struct view_quote {
	struct quote q;
	int64_t	mark;
	int	dir;			/* last move of the mid: +1, -1, 0 */
	int64_t	changed;		/* clock of the last change */
};

struct view_instrument {
	char	symbol[SYMBOL_MAX];
	enum asset_class cls;
	int64_t	tick, lot;
};

/* A FIX session as the screen shows it: values copied from the venue
 * (or, when another blotter holds the venues, from what that one last
 * wrote to the store), nothing pointing into the worker's memory. */
enum view_fix_state {
	VIEW_FIX_DOWN,		/* disconnected, logging out, never connected */
	VIEW_FIX_CONNECTING,	/* connecting, connected, logging on */
	VIEW_FIX_UP,		/* logged on */
	VIEW_FIX_OFF,		/* outside its hours: down, as it should be */
	VIEW_FIX_UNKNOWN	/* the store could not be read */
};
#define VIEW_FIX_MAX	8
#define VIEW_FIX_STATE_LEN	24
#define VIEW_FIX_PEER_LEN	300
struct view_fix {
	char	name[VENUE_SESSION_NAME_MAX];
	enum view_fix_state state;
	char	state_text[VIEW_FIX_STATE_LEN];	/* the session's own words:
						   "logging on" */
	bool	logged_on;
	int64_t	next_out, next_in;	/* the next sequence numbers */
	char	peer[VIEW_FIX_PEER_LEN];	/* HOST:PORT */
	bool	elsewhere;		/* another blotter holds it: this is
					   what that one last wrote */
	int64_t	since;			/* elsewhere: when it wrote it (0:
					   never) */
};

#define VIEW_PNL_POINTS	240
#define VIEW_EVENTS	64
#define VIEW_EVENT_LEN	160
#define VIEW_ALERTS	16

/* One entry of an interactive session's log, as values: the screen words
 * it (an order event as a batch script prints it). */
enum view_log_kind {
	VIEW_LOG_NOTE,		/* a sentence: TEXT */
	VIEW_LOG_EVENT,		/* something happened to an order: EV, and
				   why in TEXT */
	VIEW_LOG_WARNING,	/* something went wrong on the way: TEXT */
	VIEW_LOG_ALERT		/* a compliance alert: ALERT */
};
struct view_log {
	enum view_log_kind kind;
	struct result_event ev;		/* its text is NULL: see TEXT */
	struct store_alert alert;
	char	text[VIEW_EVENT_LEN];
};

struct view {
	struct msgq_node node;
	uint64_t version;
	int64_t	now;			/* the clock, venue time */
	struct order *orders;		/* recent ones, newest first */
	size_t	norders;
	struct view_position *positions;	/* accounts', then blocks' */
	size_t	npositions, cappositions;
	struct view_quote *quotes;
	size_t	nquotes;
	struct view_instrument *instruments;
	size_t	ninstruments;
	char	(*accounts)[ACCOUNT_MAX];
	size_t	naccounts;
	char	default_acct[ACCOUNT_MAX];
	bool	remote;			/* another blotter holds the venues */
	bool	firm_ok;		/* every currency converts to USD */
	bool	firm_past;		/* the firm's P&L is past what 64 bits
					   add up: the sums below are 0 */
	int64_t	firm_realized, firm_unrealized;	/* MONEY_SCALE, USD */
	int64_t	firm_total;		/* their sum */
	int64_t	pnl[VIEW_PNL_POINTS];	/* firm total P&L, oldest first */
	size_t	npnl;
	/* The session's latest log entries, oldest first; event_seq counts
	 * every entry ever, so a reader sees which are new. */
	struct view_log events[VIEW_EVENTS];
	size_t	nevents;
	uint64_t event_seq;
	/* Who is acting, and in what role ("" when the login is not a user
	 * of this store). */
	char	user[USER_MAX];
	char	role[16];
	bool	can_review;		/* a compliance user: may approve */
	bool	can_halt;		/* admin or compliance */
	/* Trading halted for the whole store, and why. */
	bool	halted;
	char	halt_reason[NOTE_MAX];
	/* Orders waiting for compliance review, oldest first, with the
	 * reason they were flagged in their reason field. */
	struct order *flagged;
	size_t	nflagged;
	/* The latest alerts, oldest first. */
	struct store_alert alerts[VIEW_ALERTS];
	size_t	nalerts;
	/* The FIX sessions set up (fix.NAME), in the settings' order; none
	 * when there are none. */
	struct view_fix fix[VIEW_FIX_MAX];
	size_t	nfix;
};

/* Entry E of a session's log in words, one line as a batch script prints
 * it, into BUF (LEN bytes); returns BUF.  For whoever shows the log, on
 * its own thread. */
char	*view_log_text(const struct view_log *, char *buf, size_t len);

/* Free V and everything it holds; NULL is a no-op. */
void	view_free(struct view *);

#endif
