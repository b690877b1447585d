/* src/app/exec-part.h: what the engine offers the parts that subscribe to
 * it (guard.c: compliance and users; review.c: review, halts, alerts and
 * the audit trail; blocks.c: blocks and allocation, with import.c and
 * reports.c: imports, rebalances and confirmations).  A part attaches
 * a table of hooks and its own state; the engine calls the hooks at the
 * points named below and never a part by name.  The engine's state stays
 * in the engine: parts reach it through these functions.  Not for the
 * rest of the program. */
#ifndef BLOTTER_EXEC_PART_H
#define BLOTTER_EXEC_PART_H
#include <stdbool.h>
#include <stdint.h>
#include "compliance.h"
#include "order.h"

struct account;
struct book;
struct calendar;
struct cmd;
struct cpl_result;
struct err;
struct exec;
struct format_position;
struct position;
struct sbuf;
struct store;
struct store_order_rec;
struct venue;
struct exec_setup;
struct venue_event;
struct fix_dict;
struct view;

/* Where a part hooks into the engine.  Any hook may be NULL. */
struct exec_hooks {
	/* Before a new order or a replace for ACCT: -1 with why when
	 * trading is halted for it. */
	int	(*halted)(struct exec *, const char *acct, struct err *);
	/* The pre-trade check of O (as it would stand): the worst action
	 * (enum rule_action), details in RES, SUMMARY (NOTE_MAX, may be
	 * NULL) one line naming the rules that broke. */
	int	(*check)(struct exec *, const struct order *, bool replace,
		    struct cpl_result *, char *summary);
	/* After O's own journal entry: keep the outcome RES of its check. */
	int	(*record)(struct exec *, const struct order *,
		    const struct cpl_result *, struct err *);
	/* After a fill in ACCT/SYM. */
	int	(*after_fill)(struct exec *, const char *acct, const char *sym,
		    struct err *);
	/* Raise an alert of KIND about ACCT (and SYM, may be ""), under
	 * rule RULE_ID (may be ""). */
	int	(*alert)(struct exec *, const char *kind, const char *acct,
		    const char *sym, const char *rule_id, const char *detail,
		    struct err *);
	/* The mark of SYM (or an fx rate: SYM NULL) moved. */
	void	(*mark_moved)(struct exec *, const char *sym);
	/* Everything was read back from the store: read the part's own. */
	int	(*load)(struct exec *, struct err *);
	/* Fill the part's fields of a snapshot for the screen. */
	void	(*view)(struct exec *, struct view *);
	/* The acting user's login, and the login running blotter. */
	const char *(*user)(const struct exec *);
	const char *(*login)(const struct exec *);
	/* Block B (as it now is) moved: its members follow. */
	int	(*block_moved)(struct exec *, const struct order *b,
		    struct err *);
	/* Release staged block B: its members are checked and go too. */
	int	(*block_release)(struct exec *, struct order *b, struct err *);
	/* Cancel O, a member of a block that has not gone out. */
	int	(*member_cancel)(struct exec *, struct order *o, struct err *);
	/* The rows of show positions for what no booking covers yet. */
	void	(*unallocated_rows)(struct exec *, const char *acct, int symw,
		    int *nrows);
	/* Call FN with each position no booking covers yet. */
	int	(*each_unallocated)(struct exec *,
		    void (*fn)(void *, const struct format_position *),
		    void *ctx, struct err *);
	/* After an entry of O (as it now is) was journaled: REC says what
	 * happened to it (a client's order tells its client). */
	int	(*journaled)(struct exec *, const struct order *o,
		    const struct store_order_rec *rec, struct err *);
	/* The venues of the settings are opening (the holder of the venues
	 * only): open the part's own. */
	int	(*open_venues)(struct exec *, struct err *);
	/* Release the part's STATE with the engine. */
	void	(*free)(void *state);
};

/* Attach a part: HOOKS (static, borrowed) with its STATE (owned by the
 * engine from now on: released by HOOKS->free). */
void	exec_attach(struct exec *, const struct exec_hooks *, void *state);
/* The state attached with HOOKS (NULL when that part is not there). */
void	*exec_part(const struct exec *, const struct exec_hooks *);

/* The engine's state, for parts. */
struct store *exec_store(const struct exec *);
struct book *exec_book_rw(const struct exec *);
/* The result of the command being run (NULL: quiet). */
struct result *exec_res(const struct exec *);
/* Whether a file the command writes (report confirms out=) is JSON
 * lines rather than text. */
bool	exec_json_files(const struct exec *);
/* Put results into RES (NULL: quiet) from now on; returns where they
 * went. */
struct result *exec_set_res(struct exec *, struct result *);
/* Something the screen shows changed. */
void	exec_touch(struct exec *);
/* Whether order events go to the interactive session's log. */
bool	exec_keeps_events(const struct exec *);

/* Run the hooks of every part (see struct exec_hooks): with no part, there
 * is no halt, the check passes, the user is "", and a block cannot be
 * released. */
int	exec_hook_halted(struct exec *, const char *acct, struct err *);
int	exec_hook_check(struct exec *, const struct order *, bool replace,
	    struct cpl_result *, char *summary);
int	exec_hook_record(struct exec *, const struct order *,
	    const struct cpl_result *, struct err *);
int	exec_hook_after_fill(struct exec *, const char *acct, const char *sym,
	    struct err *);
int	exec_hook_alert(struct exec *, const char *kind, const char *acct,
	    const char *sym, const char *rule_id, const char *detail,
	    struct err *);
void	exec_hook_mark_moved(struct exec *, const char *sym);
int	exec_hook_load(struct exec *, struct err *);
void	exec_hook_view(struct exec *, struct view *);
const char *exec_hook_user(const struct exec *);
const char *exec_hook_login(const struct exec *);
int	exec_hook_block_moved(struct exec *, const struct order *,
	    struct err *);
int	exec_hook_block_release(struct exec *, struct order *, struct err *);
int	exec_hook_member_cancel(struct exec *, struct order *, struct err *);
void	exec_hook_unallocated_rows(struct exec *, const char *acct,
	    int symw, int *nrows);
int	exec_hook_open_venues(struct exec *, struct err *);
int	exec_hook_journaled(struct exec *, const struct order *,
	    const struct store_order_rec *, struct err *);
int	exec_hook_each_unallocated(struct exec *,
	    void (*fn)(void *, const struct format_position *), void *ctx,
	    struct err *);

/* Helpers of the engine, for parts. */
int	exec_store_fail(struct exec *, struct err *);
struct order *exec_find_order(struct exec *, const char *id, struct order *,
	    struct err *);
/* Move O (live in the book) by EV at the clock and journal it; fails
 * when the status machine refuses EV (O unchanged) or the store did. */
int	exec_apply_status(struct exec *, struct order *, enum order_event,
	    struct err *);
int	exec_send_order(struct exec *, struct order *, struct err *);
/* Cancel, or replace, order C->id as the commands do (C->change). */
int	exec_cmd_cancel(struct exec *, const struct cmd *, struct err *);
int	exec_cmd_replace(struct exec *, const struct cmd *, struct err *);
/* Act as WHO (a client of the desk: "fix:ID") until called with NULL:
 * the user and login orders and journal entries name. */
void	exec_act_as(struct exec *, const char *who);
/* Take back the venue NAME kept through a reload into *OUT, in step with
 * the store again: 1, 0 when none is kept, -1 (ERR). */
int	exec_take_kept(struct exec *, const char *name, struct venue **out,
	    struct err *);
/* What the settings gave the engine. */
const struct exec_setup *exec_setup_of(const struct exec *);
/* A venue's answers go to the engine through this (CTX: the exec), and
 * are applied by exec_drain(); -1 only when the store failed. */
void	exec_emit(void *ctx, const struct venue_event *);
int	exec_drain(struct exec *, struct err *);
/* Add venue V (owned from here) to the engine's, or -1 when full. */
int	exec_add_venue(struct exec *, struct venue *v, struct err *);
/* The FIX dictionary of the setup (NULL without FIX sessions). */
const struct fix_dict *exec_fix_dict(const struct exec *);
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
/* Keep alert A in the interactive session's log. */
struct store_alert;
void	exec_log_alert(struct exec *, const struct store_alert *);

/* What an expect found wrong, collected one mismatch after another. */
struct expect_report {
	char	msg[320];
	size_t	len;
	bool	bad;
};
void	exp_add(struct expect_report *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Compare FOUND, scaled by 10^DECIMALS (0: a quantity, MONEY_DECIMALS,
 * PX_DECIMALS), with WANT exactly at the decimals WANT is written with,
 * never coarser than whole units for quantities, cents for money and
 * prices, 1e-6 for prices under 1: FOUND is rounded there half away from
 * zero.  avgcost=10.02 matches 10.01666667; avgpx=100.104 does not match
 * 100.10. */
struct cmd_num;
void	exp_fixed(struct expect_report *, const char *what, int64_t found,
	    int decimals, const struct cmd_num *want);
/* Fail with "WHAT: mismatches" when anything was wrong. */
int	exp_done(struct expect_report *, const char *what, struct err *);

#endif
