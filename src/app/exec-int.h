/* src/app/exec-int.h: what exec.c shares with the parts of the engine
 * kept in files of their own (guard.c: compliance, users, halts, alerts
 * and the audit trail).  Not for the rest of the program. */
#ifndef BLOTTER_EXEC_INT_H
#define BLOTTER_EXEC_INT_H
#include <stdbool.h>
#include <stdint.h>
#include "compliance.h"
#include "order.h"
#include "sbuf.h"
#include "view.h"

struct format_position;

struct book;
struct calendar;
struct cmd;
struct err;
struct guard;
struct hmap;
struct order_change;
struct position;
struct store;
struct store_order_rec;
struct venue;
struct venue_event;

#define EXEC_MAX_VENUES	8
#define DEFAULT_VENUE	"sim"

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
	/* Output of the command being run (NULL: quiet). */
	struct sbuf *out;
	bool	json;
	bool	store_failed;
	/* For the screen: the latest state of recent orders (done ones too),
	 * oldest first, and the last move of each quote. */
	struct hmap *recent;		/* id -> struct order (owned) */
	struct hmap *moves;		/* symbol -> struct quote_move (owned) */
	bool	changed;		/* since the last view */
	int64_t	pnl[VIEW_PNL_POINTS];
	size_t	npnl;
	int64_t	pnl_at;			/* clock of the last P&L sample */
	int64_t	sim_delay;		/* the sim answers late (seconds) */
	bool	remote;			/* another blotter holds the venues */
	int64_t	data_version;		/* of the store, at our last look */
	bool	keep_events;		/* an interactive session's log */
	char	events[VIEW_EVENTS][VIEW_EVENT_LEN];
	uint64_t event_seq;
	struct sbuf evbuf;
	struct guard *guard;		/* compliance, users, halts, alerts */
	int64_t	next_block;		/* tried first for B<n> block ids */
};


/* exec.c, for guard.c. */
int	exec_store_fail(struct exec *, struct err *);
struct order *exec_find_order(struct exec *, const char *id, struct order *,
	    struct err *);
int	exec_journal_status(struct exec *, const struct order *,
	    enum order_event, struct err *);
int	exec_send_order(struct exec *, struct order *, struct err *);
/* The tick of O's instrument (0 when it is not known): the decimals its
 * prices show with in text. */
int64_t	exec_order_tick(struct exec *, const struct order *);
/* Whether O may go to its venue in the session now (see calendar.h):
 * 0, or -1 with a message naming O and saying until when it may not. */
int	exec_session_allows(const struct exec *, const struct order *,
	    struct err *);
void	exec_event(struct exec *, const struct order *, const char *what,
	    const char *text);
void	exec_warn(struct exec *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	exec_journal(struct exec *, const struct order *,
	    const struct store_order_rec *, const struct position *,
	    struct err *);
/* Apply one venue event (or an allocation's fill) as if the venue had
 * sent it; -1 only when the store failed. */
int	exec_apply_event(struct exec *, const struct venue_event *,
	    struct err *);
/* Enter the order of C (CMD_ORDER) as the order command does.  CHECK:
 * run compliance on a staged order too (imports, rebalances).  *WORST
 * (may be NULL) gets the compliance outcome, RULE_BLOCK when the order
 * was kept rejected (then the call fails); ID (ORDER_ID_MAX bytes, may be
 * NULL) the order's id. */
int	exec_new_order(struct exec *, const struct cmd *, bool check,
	    int *worst, char *id, struct err *);
/* 1 when ID is an order id in use, 0 if not, -1 error. */
int	exec_id_taken(struct exec *, const char *id, struct err *);
/* Refuse order O for QTY more units past the money limit (MONEY_MAX). */
int	exec_check_money(struct exec *, const struct order *, int64_t qty,
	    struct err *);
/* Whether AMOUNT of CCY is within LIMIT (MONEY_SCALE) also in account A's
 * currency: true when A is NULL, keeps CCY or has no rate to it yet. */
bool	exec_base_within(struct exec *, const struct account *a,
	    const char *ccy, int64_t amount, int64_t limit);
/* YYYYMMDD of the clock, and of any time. */
int32_t	exec_date(const struct exec *);
int32_t	exec_date_of(int64_t t);
/* One line of a report (a bad line of a file) for whoever is looking:
 * the command's output, or the session's log.  CTX is the exec. */
void	exec_report(void *ctx, const char *msg);
/* Keep TEXT in the interactive session's log (the messages pane). */
void	exec_note(struct exec *, const char *text);

/* What an expect found wrong, collected one mismatch after another. */
struct expect_report {
	char	msg[320];
	size_t	len;
	bool	bad;
};
void	exp_add(struct expect_report *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Compare FOUND, scaled by 10^DECIMALS, with WANT exactly at that scale:
 * a WANT off by one unit of the last decimal, or with more decimals than
 * FOUND carries, is a mismatch. */
void	exp_fixed(struct expect_report *, const char *what, int64_t found,
	    int decimals, double want);
/* Fail with "WHAT: mismatches" when anything was wrong. */
int	exp_done(struct expect_report *, const char *what, struct err *);

/* guard.c: compliance, users, halts, alerts and the audit trail. */
struct guard *guard_new(void);
void	guard_free(struct guard *);
/* Read users, rules, halts and breaches back from the store; make the
 * login the admin of a store that has no users yet. */
int	guard_load(struct exec *, struct err *);
/* Whether the acting user may run C; fails with why not. */
int	guard_permit(struct exec *, const struct cmd *, struct err *);
/* Refuse new orders and replaces for ACCT while trading is halted. */
int	guard_halted(struct exec *, const char *acct, struct err *);
/* Run the pre-trade check on O (as it would stand; for a replace, after
 * the change) and return the worst action (enum rule_action).  RES gets
 * the details and SUMMARY (NOTE_MAX bytes, may be NULL) one line naming
 * the rules that broke.  Nothing is written: see guard_record(). */
int	guard_check(struct exec *, const struct order *, bool replace,
	    struct cpl_result *res, char *summary);
/* Write the outcomes of RES, the check of O, in the audit trail (after
 * O's own entry, so they are found with the order) and count O against
 * rate limits when it goes on. */
int	guard_record(struct exec *, const struct order *,
	    const struct cpl_result *, struct err *);
/* After a fill in ACCT/SYM: revalue, re-check positions, raise alerts. */
int	guard_after_fill(struct exec *, const char *acct, const char *sym,
	    struct err *);
/* Raise an alert of KIND about ACCT (and SYM, may be ""): journaled,
 * kept for the session and shown.  Fails only when the store does. */
int	guard_alert(struct exec *, const char *kind, const char *acct,
	    const char *sym, const char *detail, struct err *);
/* The mark of SYM moved (or an fx rate: SYM NULL): revalue holders. */
void	guard_mark_moved(struct exec *, const char *sym);
/* Run a compliance or users command. */
int	guard_run(struct exec *, const struct cmd *, struct err *);
/* Fill the view's user, role, halt, review list and alerts. */
void	guard_view(struct exec *, struct view *);
/* The acting user's login ("" when the login is not a user). */
const char *guard_user(const struct exec *);
/* The login running blotter (from the system, whoever it acts as). */
const char *guard_login(const struct exec *);
/* review.same_login of the configuration (see exec_set_same_login). */
void	guard_set_same_login(struct exec *, bool refuse);

/* blocks.c: blocks, allocation, imports, rebalances and confirmations. */
/* Run a command of that family. */
int	blocks_run(struct exec *, const struct cmd *, struct err *);
/* Release block B (staged): its members are checked and go with it. */
int	blocks_release(struct exec *, struct order *b, struct err *);
/* Block B (as it now is) moved: its members follow. */
int	blocks_sync(struct exec *, const struct order *b, struct err *);
/* Cancel member O of a block that has not gone out: it leaves the
 * block.  Refused once the block is at the venue. */
int	blocks_leave(struct exec *, struct order *o, struct err *);
/* The rows of show positions for fills not yet allocated, their symbols
 * in SYMW columns. */
void	blocks_unallocated(struct exec *, const char *acct, int symw,
	    int *nrows);
/* Call FN with each block's fills that no booking covers yet, as a
 * position of the account "unallocated" in the instrument's currency
 * (its block field names the block; borrowed for the call).  Returns 0,
 * or -1 with the reason in ERR. */
int	blocks_each_unallocated(struct exec *,
	    void (*fn)(void *, const struct format_position *), void *ctx,
	    struct err *);

#endif
