/* include/exec.h: the engine room of the worker: runs parsed commands
 * against the book (memory), the store and the venues, and applies what the
 * venues answer.
 *
 * It never opens or closes transactions for whole commands: the runtime
 * wraps a group of commands in one transaction (group commit) and commits
 * before it tells anyone the outcome.  The one exception is a venue outside
 * the process (VENUE_EXTERNAL): the open transaction is committed before a
 * message is handed to it, so nothing a counterparty has seen can be lost. */
#ifndef BLOTTER_EXEC_H
#define BLOTTER_EXEC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct cmd;
struct cmd_filter;
struct order;
struct err;
struct exec;
struct result;
struct store;
struct book;
struct desk_config;
struct fix_dict;
struct pollfd;
struct venue_fix_config;
struct calendar;
struct quote;
struct view;

/* Build the engine over ST (borrowed): read everything live back from the
 * store, start the venues and hand them the working orders (none when
 * REMOTE: another blotter holds the venues).  NOW is the clock at start.  Must run inside a transaction (it may resend orders the
 * venue never saw). */
struct exec *exec_new(struct store *, int64_t now, bool remote,
	    struct err *);
/* What the settings add to the engine: brokers over FIX, the dictionary
 * their messages are checked against, and where an order without venue=
 * goes by asset class ("": the sim).  Borrowed: it outlives the engine. */
struct exec_setup {
	const struct venue_fix_config *fix;
	size_t	nfix;
	const struct fix_dict *dict;
	char	route[ASSET_CLASS_COUNT][VENUE_NAME_MAX];
	const struct desk_config *desk;	/* acceptors: clients' orders in */
	size_t	ndesk;
};
/* As exec_new(), with SETUP (NULL: none). */
struct exec *exec_new_setup(struct store *, int64_t now, bool remote,
	    const struct exec_setup *, struct err *);
/* The venues outside the process, between commands: the descriptors to
 * wait on (at most MAX into P; *TIMEOUT_MS lowered to when they want to
 * be called, -1 for never), their I/O inside a transaction, and what they
 * send once it committed. */
bool	exec_has_external(const struct exec *);
int	exec_venues_wait(struct exec *, struct pollfd *p, int max,
	    int *timeout_ms);
int	exec_venues_poll(struct exec *, struct err *);
/* exec_venues_poll() between commands, when no result is being built. */
int	exec_venues_work(struct exec *, struct err *);
/* After exec_venues_poll(): while venue input flows, more of it into the
 * same transaction, for up to a millisecond after the last commit of
 * venue input (exec_venues_committed()), or until WAKE_FD (-1: none) is
 * readable.  0, or -1 with ERR when the store failed. */
int	exec_venues_gather(struct exec *, int wake_fd, struct err *);
void	exec_venues_committed(struct exec *);
void	exec_venues_flush(struct exec *);
void	exec_free(struct exec *);			/* NULL is a no-op */
/* Load the shipped reference data of DATADIR into a new store. */
int	exec_seed(struct exec *, const char *datadir, struct err *);
/* Run C.  What it gives back (messages, events, rows) is added to RES
 * when it is not NULL; the caller formats it (format_result()).  Returns
 * 0, or -1 with ERR; a failed command has changed nothing unless
 * exec_store_failed() says the store itself failed (then the caller rolls
 * back and calls exec_reload()), or compliance blocked an order: that
 * order is kept, rejected, with the outcome of its check, and both are
 * to be committed. */
int	exec_run(struct exec *, const struct cmd *, struct result *,
	    struct err *);
/* Files the engine writes (report confirms out=FILE) are JSON lines
 * when JSON, else text as a reader sees it. */
void	exec_set_json_files(struct exec *, bool json);
/* True when the last failure came from the store (disk full, I/O...). */
bool	exec_store_failed(const struct exec *);
/* Forget memory and read it back from the store (after a rollback). */
int	exec_reload(struct exec *, struct err *);
int64_t	exec_now(const struct exec *);
/* The trading calendar the engine uses; borrowed. */
const struct calendar *exec_calendar(const struct exec *);
/* Move the clock to NOW (the wall clock of an interactive session); an
 * earlier time is ignored.  Venues may expire orders on the way. */
int	exec_set_time(struct exec *, int64_t now, struct err *);
/* Take Q as the market for its symbol, as a quote command would. */
int	exec_market(struct exec *, const struct quote *, struct err *);
/* A snapshot for the screen when something changed since the last one
 * (or always, with FORCE); NULL when nothing did.  Caller frees it with
 * view_free(). */
struct view *exec_view(struct exec *, bool force);
/* True when another blotter holds the venues: this one runs none and its
 * orders wait in the store for that one. */
bool	exec_remote(const struct exec *);
/* Become the blotter that holds the venues (HOLD; the caller took the
 * lease), or stop being it: reload with the venues open, restore the
 * working orders at them and send what others left pending (or reload
 * with none).  Inside a transaction.  Returns 0 (also when nothing
 * changes), or -1 (the caller rolls back and calls it again with !HOLD). */
int	exec_hold_venues(struct exec *, bool hold, struct err *);
/* When another process committed to the store since we last looked, read
 * everything back (and, holding the venues, send what it left for them).
 * Inside a transaction.  Returns 1 when it did, 0, or -1. */
int	exec_follow_others(struct exec *, struct err *);
/* Make the sim venue answer SECS seconds late (a slow venue). */
void	exec_set_sim_delay(struct exec *, int64_t secs);
/* review.same_login from the configuration: REFUSE an approval by the
 * login that entered the order (else allow it with an alert).  The
 * store's own setting, when stricter, wins. */
void	exec_set_same_login(struct exec *, bool refuse);
/* A page of orders for the screen: at most LIMIT matching F, newest
 * first, on the page WHERE says (KEY: the order it is before or after),
 * found by key as store_page_orders() finds it, in *ROWS (caller frees);
 * *N gets how many.  Nothing is counted: the cost does not grow with how
 * deep in the store the page lies. */
int	exec_page(struct exec *, const struct cmd_filter *,
	    enum store_page where, const char *key, size_t limit,
	    struct order **rows, size_t *n, struct err *);
/* How many orders match F in all (a count: it costs in proportion to the
 * matches, so the screen asks for it apart from its pages, and seldom). */
int	exec_page_total(struct exec *, const struct cmd_filter *,
	    int64_t *total, struct err *);
/* Keep a log of order events for the screen's messages pane. */
void	exec_keep_events(struct exec *, bool);
const struct book *exec_book(const struct exec *);

#endif
