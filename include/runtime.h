/* include/runtime.h: the worker thread that owns the store, the engine and
 * the venues, and the two queues its callers talk to it through.
 *
 * A caller submits requests (parsed commands) and takes results, in the
 * same order, from runtime_results(); runtime_fd() becomes readable when
 * results are waiting.  The worker runs every request that is queued when
 * it wakes in one transaction (group commit) and publishes the results
 * only after the commit. */
#ifndef BLOTTER_RUNTIME_H
#define BLOTTER_RUNTIME_H
#include <stdbool.h>
#include <stdint.h>
#include "cmd.h"
#include "err.h"
#include "msgq.h"
#include "sbuf.h"
#include "store.h"

struct result;
struct runtime;
struct exec;
struct exec_setup;
struct view;

struct runtime_opts {
	const char *db_path;	/* the store to open or create */
	bool	empty;		/* a new store gets no shipped data */
	int64_t	start;		/* the clock at start (virtual clock) */
	bool	json;		/* results as JSON lines */
	bool	quiet;		/* no result text, errors only */
	bool	halt_on_error;	/* skip everything after a failure */
	bool	interactive;	/* wall clock, periodic ticks, views */
	int64_t	sim_delay;	/* the sim venue answers this late (s) */
	bool	same_login_refuse;	/* review.same_login = refuse */
	/* Called by the worker at each tick of an interactive session with
	 * the clock; it may hand quotes to exec_market() (the demo market).
	 * Runs inside the tick's transaction. */
	void	(*market)(void *ctx, struct exec *, int64_t now);
	void	*market_ctx;
	/* Brokers and routes from the settings (borrowed; NULL: none). */
	const struct exec_setup *setup;
};

enum rt_status { RT_OK, RT_FAILED, RT_SKIPPED };

/* One command on its way to the worker and back: the caller fills the
 * first part and submits it; the worker runs it, fills in the result and
 * hands the same message back, so whoever allocated it frees it. */
struct rt_request {
	struct msgq_node node;
	struct cmd cmd;
	bool	invalid;		/* the line did not parse: err says why */
	bool	expect_fail;		/* followed by "expect fail" */
	int	fail_line;		/* the line of that "expect fail" */
	bool	typed;			/* the caller reads only the typed
					   result: nothing is worded */
	/* A page of orders instead of a command (the screen's blotter):
	 * the filter is cmd.filter; page_where and page_key say which page
	 * (exec_page()), and the worker fills rows and nrows.  With
	 * page_count it counts instead: total gets how many orders match,
	 * and no rows are read. */
	bool	page;
	bool	page_count;
	enum store_page page_where;
	char	page_key[ORDER_ID_MAX];
	size_t	page_limit;
	struct order *rows;		/* newest first; freed with the request */
	size_t	nrows;
	int64_t	total;
	/* The result. */
	enum rt_status status;
	int	line;			/* the line the error belongs to */
	/* What the command gave back, as text: worded from RES by
	 * runtime_results() on the caller's thread, never by the worker;
	 * NULL when there is nothing to print. */
	char	*out;
	char	*warn;			/* for stderr, or NULL */
	char	err[ERR_MSG_MAX];	/* the parse error, then the result's */
	/* The runtime's own, kept when the request is reused so that no
	 * line allocates: what the command gave back, typed (the worker
	 * fills it; NULL in a quiet run), and the text OUT points into. */
	struct result *res;
	struct sbuf text;
};

/* Start the worker: it opens (or creates and seeds) the store and recovers
 * it.  Returns NULL with ERR when the store cannot be used. */
struct runtime *runtime_start(const struct runtime_opts *, struct err *);
/* Hand REQ to the worker (the queue owns it from here). */
void	runtime_submit(struct runtime *, struct rt_request *);
/* Take back every request that has its result, oldest first (the caller
 * frees each with runtime_request_free), each with its result worded in
 * OUT here, on the caller's thread (JSON lines when the runtime's json
 * option says so). */
struct rt_request *runtime_results(struct runtime *);
void	runtime_request_free(struct rt_request *);
/* A request to fill in and submit, reused from RT's free list when it has
 * one: every field is empty but cmd, which the caller fills (cmd_parse()
 * clears it first).  A caller that submits many gives each result back
 * with runtime_request_done() instead of freeing it, and none of them
 * allocates or clears a whole request again.  Only for the thread that
 * submits; runtime_stop() frees the list. */
struct rt_request *runtime_request_new(struct runtime *);
void	runtime_request_done(struct runtime *, struct rt_request *);
int	runtime_fd(const struct runtime *);
/* Wait until results are published or TIMEOUT_MS passed. */
void	runtime_wait(struct runtime *, int timeout_ms);
/* The fd that becomes readable when a new view is published, and the
 * newest view (older ones are freed; caller frees with view_free()), or
 * NULL when none came since the last call. */
int	runtime_view_fd(const struct runtime *);
struct view *runtime_take_view(struct runtime *);
/* The clock of an interactive session: venue time now, in seconds since
 * the epoch with the venue zone's offset at this instant applied (the
 * process's local zone until runtime_clock_zone() is called); when
 * BLOTTER_CLOCK is set (YYYY-MM-DDTHH:MM:SS) it starts there and runs at
 * the wall clock's pace. */
int64_t	runtime_wall_clock(void);
/* Read the venue's time zone NAME (America/New_York) for the clock; call
 * before the clock is first read and before any thread starts.  Returns
 * 0, or -1 with ERR naming the zone and why it cannot be read. */
int	runtime_clock_zone(const char *name, struct err *);
/* Check BLOTTER_CLOCK: 0, or -1 with what is wrong with it in ERR. */
int	runtime_clock_check(struct err *);
/* Whether BLOTTER_CLOCK set the clock. */
bool	runtime_clock_pinned(void);
/* Move the interactive clock so that it reads T now and runs on from
 * there at the wall clock's pace (the demo's day starts at an open). */
void	runtime_clock_start_at(int64_t t);
/* Stop the worker after what is queued, and free everything. */
void	runtime_stop(struct runtime *);

#endif
