/* src/app/exec-int.h: the engine's own state and what its files share
 * (exec.c: state, journal and hooks; exec-pipe.c: venue answers, market
 * data and the clock; exec-order.c: order entry; exec-refdata.c:
 * reference data; exec-show.c: show commands; exec-expect.c: expect;
 * exec-help.c: help; exec-load.c: start and reload; exec-view.c: the
 * screen's snapshot; exec-run.c: assembly and dispatch).  Parts see
 * exec-part.h only. */
#ifndef BLOTTER_EXEC_INT_H
#define BLOTTER_EXEC_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compliance.h"
#include "order.h"
#include "result.h"
#include "sbuf.h"
#include "view.h"
#include "exec-part.h"

struct book;
struct calendar;
struct cmd;
struct cmd_filter;
struct err;
struct hmap;
struct order_change;
struct position;
struct store;
struct venue;
struct venue_event;

#define EXEC_MAX_VENUES	8
#define EXEC_SESSIONS_MAX	64	/* FIX sessions of one venue (a desk's
					   clients) */
#define EXEC_MAX_PARTS	4
#define DEFAULT_VENUE	"sim"

/* Recent orders travel in every view for the prompt's completion of order
 * ids; the blotter itself pages from the store. */
#define EXEC_RECENT_MAX	200

/* The last move of a quote, for the screen. */
struct quote_move {
	int64_t	mid;
	int	dir;
	int64_t	changed;
};

/* A part attached to the engine: its hooks and its state. */
struct exec_sub {
	const struct exec_hooks *hooks;
	void	*state;
};

struct exec {
	struct store *st;
	struct book *bk;
	struct venue *venues[EXEC_MAX_VENUES];
	size_t	nvenues;
	int64_t	now;
	struct calendar *cal;		/* trading days and sessions (owned) */
	char	default_acct[ACCOUNT_MAX];
	int64_t	next_id;
	/* Venue answers waiting to be applied. */
	struct venue_event *pend;
	size_t	npend, cappend;
	int64_t	venue_commit_us;	/* when venue input was last
					   committed (exec_venues_gather()) */
	/* Result of the command being run (NULL: quiet). */
	struct result *res;
	bool	json_files;		/* files written are JSON lines */
	bool	store_failed;
	/* For the screen: the latest state of recent orders (done ones too),
	 * oldest first, and the last move of each quote. */
	struct hmap *recent;		/* id -> struct order (owned) */
	struct hmap *moves;		/* symbol -> struct quote_move (owned) */
	bool	changed;		/* since the last view */
	/* The sessions the last view showed (exec-view.c). */
	struct view_fix fix_shown[VIEW_FIX_MAX];
	size_t	nfix_shown;
	int64_t	pnl[VIEW_PNL_POINTS];
	size_t	npnl;
	int64_t	pnl_at;			/* clock of the last P&L sample */
	int64_t	sim_delay;		/* the sim answers late (seconds) */
	bool	remote;			/* another blotter holds the venues */
	int64_t	data_version;		/* of the store, at our last look */
	bool	keep_events;		/* an interactive session's log */
	struct view_log events[VIEW_EVENTS];
	uint64_t event_seq;
	struct exec_sub parts[EXEC_MAX_PARTS];	/* guard, review, blocks */
	size_t	nparts;
	struct exec_setup setup;	/* brokers and routes (exec-venues.c) */
	/* Venues outside kept open through a reload, and those of venues[]
	 * that came back from there (their orders are not restored). */
	struct venue *kept[EXEC_MAX_VENUES];
	size_t	nkept;
	struct venue *reused[EXEC_MAX_VENUES];
	size_t	nreused;
	const char *acting_as;		/* a desk's client (exec_act_as()) */
};

/* exec.c */
/* A new engine over ST with nothing read yet (see exec_load_all()). */
struct exec *exec_alloc(struct store *, int64_t now, bool remote,
	    struct err *);
/* Start running a command: its result into RES (NULL: quiet); no store
 * failure and no venue answer pending yet. */
void	exec_begin(struct exec *, struct result *res);
struct venue *exec_venue_find(struct exec *, const char *name);
bool	exec_venue_known(struct exec *, const char *name);
/* Keep TEXT (one line, or several) in the session's event log. */
void	exec_keep_line(struct exec *, const char *text);
/* An order event for whoever is looking (output or the session's log). */
void	exec_event_line(struct exec *, const struct order *, const char *what,
	    int64_t qty, int64_t px, const char *text);
/* Keep the latest state of O for the screen. */
void	exec_remember_order(struct exec *, const struct order *);
/* Journal event EV of O (with the change CHG, may be NULL). */
int	exec_journal_event(struct exec *, const struct order *,
	    enum order_event, const struct order_change *, struct err *);
/* T as the session's times are said. */
void	exec_session_time_fmt(int64_t t, char *buf, size_t len);
/* Whether an order of SYM of that type and TIF may go now; see
 * exec_session_allows(). */
int	exec_session_check(const struct exec *, const char *sym,
	    enum order_type, enum order_tif, int32_t gtd_date, struct err *);

/* exec-pipe.c */
/* Queue a venue's answer (the venues' callback; CTX is the exec). */
void	exec_emit(void *ctx, const struct venue_event *);
/* Apply the queued venue answers, in order. */
int	exec_drain(struct exec *, struct err *);
/* Before a message goes to V: commit when V is outside the process. */
int	exec_before_send(struct exec *, const struct venue *, struct err *);
/* Move the clock to T (venues may expire orders on the way). */
int	exec_set_clock(struct exec *, int64_t t, struct err *);

void	exec_close_venues(struct exec *);

/* exec-load.c */
/* Read everything back from the store (START: also start the venues and
 * hand them the working orders). */
int	exec_load_all(struct exec *, bool start, struct err *);

/* exec-refdata.c */
int	exec_load_instruments(struct exec *, const char *path, int *count,
	    struct err *);
int	exec_load_accounts(struct exec *, const char *path, int *count,
	    struct err *);
int	exec_put_fx(struct exec *, const char *pair, int64_t rate,
	    struct err *);

/* exec-show.c */
/* The order statuses filter F names, as a mask. */
unsigned exec_status_mask(const struct cmd_filter *);
/* A position with its P&L in both currencies. */
void	exec_position_view(struct exec *, const struct position *,
	    struct format_position *);
/* Realized and unrealized P&L of account A in its currency. */
int	exec_account_pnl(struct exec *, const struct account *,
	    int64_t *realized, int64_t *unrealized, struct err *);
/* Add an account's P&L in CCY to the firm's (*R, *U); see exec-show.c. */
bool	exec_firm_add(struct exec *, int64_t realized, int64_t unrealized,
	    const char *ccy, int64_t *r, int64_t *u, bool *past);

/* Command handlers: one signature, named by the dispatch (exec-run.c). */
int	exec_cmd_clock_set(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_clock_advance(struct exec *, const struct cmd *,
	    struct err *);
int	exec_cmd_quote(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_mark(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_instrument_add(struct exec *, const struct cmd *,
	    struct err *);
int	exec_cmd_account_add(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_load_instruments(struct exec *, const struct cmd *,
	    struct err *);
int	exec_cmd_load_accounts(struct exec *, const struct cmd *,
	    struct err *);
int	exec_cmd_fx(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_order(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_release(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_release_all(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_cancel(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_cancel_all(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_replace(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_show_orders(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_show_order(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_show_positions(struct exec *, const struct cmd *,
	    struct err *);
int	exec_cmd_show_pnl(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_audit_head(struct exec *, const struct cmd *, struct err *);

/* exec-venues.c */
/* Close every venue but those outside the process, which are kept (in
 * step with the store) for exec_open_fix_venues() to take back; then
 * close those it did not take back. */
void	exec_keep_venues(struct exec *);
void	exec_drop_kept(struct exec *);
/* Whether V came back from a reload (its orders are where they were). */
bool	exec_venue_kept(const struct exec *, const struct venue *);
/* Open the FIX venues of the setup (the holder of the venues only). */
int	exec_open_fix_venues(struct exec *, struct err *);
/* Whether NAME is a venue of the setup, open here or not. */
bool	exec_setup_names(const struct exec *, const char *name);
/* Where an order in IN goes without venue=: its class's route, or the
 * sim. */
const char *exec_route(const struct exec *, const struct instrument *in);
/* The venues an order may name, "sim, NAME, ...", into BUF. */
void	exec_venue_names(const struct exec *, char *buf, size_t size);
int	exec_cmd_fix_status(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_fix_reset(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_show_fix(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_wait_order(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_expect_order(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_expect_position(struct exec *, const struct cmd *,
	    struct err *);
int	exec_cmd_expect_pnl(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_expect_count(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_help(struct exec *, const struct cmd *, struct err *);

#endif
