/* include/store.h: the SQLite store: an append-only journal of events (the
 * truth) and projections (orders, executions, positions, reference data)
 * written in the same transaction.
 *
 * One connection, used by one thread (the runtime's worker).  Writers must
 * run inside store_begin()/store_commit(); readers see the open
 * transaction's own writes. */
#ifndef BLOTTER_STORE_H
#define BLOTTER_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "account.h"
#include "compliance.h"
#include "instrument.h"
#include "order.h"
#include "position.h"
#include "quote.h"

struct err;
struct store;

#define STORE_SCHEMA_VERSION	10

/* Open the store at PATH, creating and initialising it when absent and
 * migrating an older schema forward.  A new store is made under a
 * temporary name and appears at PATH, schema and all, when its first
 * transaction commits (put the seed data in that one): closed or killed
 * before that, it leaves no store.  Fails, naming PATH, when the file is
 * empty or not a blotter store, is damaged (integrity check), its audit
 * key is missing or not its own, it is locked by another writer past the
 * busy timeout, or cannot be written. */
struct store *store_open(const char *path, struct err *);
/* Close S; NULL is a no-op.  An open transaction is rolled back. */
void	store_close(struct store *);
/* True when store_open() created the file (it wants seed data). */
bool	store_is_new(const struct store *);
const char *store_path(const struct store *);		/* borrowed */
/* How long a writer waits for another process's lock (default 5000 ms). */
void	store_set_busy_timeout(struct store *, int ms);

/* Transactions.  begin is BEGIN IMMEDIATE; commit writes the projections
 * still held back and commits; rollback forgets both. */
int	store_begin(struct store *, struct err *);
int	store_commit(struct store *, struct err *);
void	store_rollback(struct store *);
bool	store_in_txn(const struct store *);

/* Reference data: journal + table, replacing a row with the same key. */
int	store_put_instrument(struct store *, const struct instrument *,
	    int64_t ts, struct err *);
int	store_put_account(struct store *, const struct account *, int64_t ts,
	    struct err *);
int	store_put_fx(struct store *, const char *pair, int64_t rate,
	    int64_t ts, struct err *);
/* Latest quote and mark of a symbol (a table only: not journaled). */
int	store_put_quote(struct store *, const struct quote *, int64_t mark,
	    struct err *);

/* What happened to an order, for the journal. */
enum store_order_kind {
	SOJ_NEW,	/* a new order: the whole order is written */
	SOJ_STATUS,	/* ev through the status table; chg for OEV_REPLACED */
	SOJ_AMEND,	/* chg applied without a status change (staged) */
	SOJ_STOP,	/* stop_px / triggered changed (stops, trailing) */
	SOJ_FILL,	/* exec_id, qty, px; the position changed too */
	SOJ_BUST,	/* exec_id, qty, px taken back */
	SOJ_BLOCK	/* the order joined block o->block (or left: "") */
};

struct store_order_rec {
	enum store_order_kind kind;
	enum order_event ev;			/* SOJ_STATUS */
	const struct order_change *chg;		/* SOJ_STATUS/REPLACED, AMEND */
	const char *exec_id;			/* SOJ_FILL, SOJ_BUST */
	int64_t	qty, px;			/* SOJ_FILL, SOJ_BUST */
	int64_t	ts;				/* event time */
	const char *login;	/* who shaped or sent it (amend, block,
				   release, flag, replace_req); NULL: none */
};

/* What the journal entry KIND (BODY) of an order says a login did to it:
 * "entered", "amended", "released" or "put in a block", with the login
 * in LOGIN; NULL when the entry names no login (four eyes: whoever did
 * any of these is not the order's only reviewer). */
const char *store_entry_act(const char *kind, const char *body, char *login,
	    size_t len);

/* Returned by store_order() for an order id (SOJ_NEW) or an execution id
 * (SOJ_FILL) that was recorded before: nothing was written and the
 * transaction is unharmed. */
#define STORE_DUPLICATE	(-2)

/* Journal REC for ORDER (as it is after the event) and update the orders
 * projection; for fills and busts also the executions and POS (the
 * position after the fill).  Returns 0, STORE_DUPLICATE, or -1 (ERR). */
int	store_order(struct store *, const struct order *,
	    const struct store_order_rec *, const struct position *pos,
	    struct err *);

/* One execution as stored. */
struct store_exec {
	char	exec_id[EXEC_ID_MAX];
	char	order_id[ORDER_ID_MAX];
	char	account[ACCOUNT_MAX];
	char	symbol[SYMBOL_MAX];
	enum order_side side;
	int64_t	qty, px, ts;
	bool	busted;
};

/* Selects orders: NULL or "" strings match anything; status_mask has bit
 * (1u << status) for each status wanted, 0 for all. */
struct store_order_filter {
	const char *acct;
	const char *sym;
	unsigned status_mask;
	size_t	latest;	/* 0: every match, oldest first; N: the newest N
			   matches, newest first */
	size_t	skip;	/* with latest: skip this many newest matches */
	const char *block;	/* a block and its members; NULL: any;
				   STORE_BLOCKS: every block */
};
#define STORE_BLOCKS	"\001blocks"

/* Read ORDER_ID into OUT: 1 found, 0 not found, -1 error. */
int	store_get_order(struct store *, const char *order_id, struct order *,
	    struct err *);
/* True (1) when EXEC_ID of ORDER_ID was already recorded, 0 if not, -1
 * error. */
int	store_exec_seen(struct store *, const char *order_id,
	    const char *exec_id, struct err *);
/* Call FN for each order matching F in the order they were created; FN
 * returning non-zero stops.  Returns 0 or -1. */
int	store_each_order(struct store *, const struct store_order_filter *,
	    int (*fn)(void *, const struct order *), void *, struct err *);
/* Where a page of orders lies (store_page_orders()). */
enum store_page {
	STORE_PAGE_FIRST,	/* the newest matches */
	STORE_PAGE_BEFORE,	/* the matches just older than the key */
	STORE_PAGE_AFTER,	/* the matches just newer than the key */
	STORE_PAGE_LAST		/* the oldest matches */
};
/* Call FN for at most LIMIT orders matching F (its latest and skip are
 * not used), newest first, on the page WHERE says; KEY is the id of the
 * order the page is BEFORE or AFTER (it need not match F).  The page is
 * found by key through an index, never by counting rows past, so it
 * costs the same on the last page of a large store as on the first.  *N
 * gets the number of orders on the page (0: none beyond KEY).  Returns 0,
 * or -1 (ERR: KEY is not in the store, or the store failed). */
int	store_page_orders(struct store *, const struct store_order_filter *f,
	    enum store_page where, const char *key, size_t limit,
	    int (*fn)(void *, const struct order *), void *, size_t *n,
	    struct err *);
/* Count orders matching F into *N. */
int	store_count_orders(struct store *, const struct store_order_filter *,
	    int64_t *n, struct err *);
/* The fills of ORDER_ID, oldest first. */
int	store_each_exec(struct store *, const char *order_id,
	    int (*fn)(void *, const struct store_exec *), void *,
	    struct err *);
/* The journal entries of ORDER_ID, oldest first: seq, time, kind and the
 * entry's JSON body. */
int	store_each_history(struct store *, const char *order_id,
	    int (*fn)(void *, int64_t seq, int64_t ts, const char *kind,
	    const char *body), void *, struct err *);

/* Everything the runtime keeps in memory, read back at start: reference
 * data, quotes, the orders that are not done, and positions.  Any callback
 * may be NULL; one returning -1 stops the load. */
struct store_loader {
	int	(*instrument)(void *, const struct instrument *);
	int	(*account)(void *, const struct account *);
	int	(*fx)(void *, const char *pair, int64_t rate);
	int	(*quote)(void *, const struct quote *, int64_t mark);
	int	(*order)(void *, const struct order *);
	int	(*position)(void *, const struct position *);
};
int	store_load(struct store *, const struct store_loader *, void *,
	    struct err *);
/* Set ACCOUNT's position in SYMBOL to QTY at COST (MONEY_SCALE, signed,
 * instrument currency), keeping its realized P&L: start-of-day holdings
 * ("position.load").  POS is the position as it is after the load. */
int	store_load_position(struct store *, const struct position *pos,
	    int64_t ts, struct err *);
/* Number of orders ever stored. */
int	store_order_total(struct store *, int64_t *n, struct err *);
/* The largest order id made only of digits, as a number (0 if none): new
 * automatic ids are numbered above it. */
int	store_order_id_max(struct store *, int64_t *n, struct err *);

/* A number that changes when another process commits to the store. */
int	store_data_version(struct store *, int64_t *v, struct err *);

/* Small settings (default account, ...): get 1 found, 0 not, -1 error. */
int	store_meta_get(struct store *, const char *key, char *buf, size_t len,
	    struct err *);
int	store_meta_set(struct store *, const char *key, const char *value,
	    struct err *);

/* --- Users, rules, halts, alerts and the audit trail (schema 3) ----------
 *
 * The journal is the audit trail: every row carries the user it was
 * written for and an HMAC-SHA-256, under the audit key kept outside the
 * store (STORE.key, or $BLOTTER_AUDIT_KEY), over the row and the hash of
 * the row before it, so an entry changed, inserted or deleted behind
 * blotter's back breaks the chain (store_verify() reports it).  The head of the
 * chain (seq and hash of the last row) is also kept in meta at each
 * commit, so entries cut from the end are found too. */

#define STORE_HASH_LEN	32

/* Who the journal rows written from now on are by ("" until set). */
void	store_set_user(struct store *, const char *login);

struct store_user {
	char	login[USER_MAX];
	enum user_role role;
	char	name[NAME_MAX_LEN];
	int64_t	created;
};
/* Add or change a user (journal kind "user.add"). */
int	store_put_user(struct store *, const struct store_user *, int64_t ts,
	    struct err *);
/* Read LOGIN into OUT: 1 found, 0 not, -1 error. */
int	store_get_user(struct store *, const char *login, struct store_user *,
	    struct err *);
int	store_each_user(struct store *,
	    int (*fn)(void *, const struct store_user *), void *,
	    struct err *);

/* Add or replace a rule ("rule.add"), or record that it was enabled or
 * disabled ("rule.enable", "rule.disable": RULE as it is now). */
int	store_put_rule(struct store *, const struct rule *, const char *kind,
	    int64_t ts, struct err *);
/* Delete rule ID ("rule.del"): 1 deleted, 0 no such rule, -1 error. */
int	store_del_rule(struct store *, const char *id, int64_t ts,
	    struct err *);
/* Every rule, in the order they were added. */
int	store_each_rule(struct store *, int (*fn)(void *, const struct rule *),
	    void *, struct err *);

/* Halt ("halt") or resume ("resume") trading for ACCT ("" = the whole
 * store), with REASON; a halt also goes into the alerts. */
int	store_put_halt(struct store *, const char *acct, bool halted,
	    const char *reason, int64_t ts, struct err *);
/* The halts in force: ACCT ("" whole store), reason, user, time. */
int	store_each_halt(struct store *, int (*fn)(void *, const char *acct,
	    const char *reason, const char *user, int64_t ts), void *,
	    struct err *);

struct store_alert {
	int64_t	seq;			/* journal seq (0 when writing) */
	int64_t	ts;
	char	kind[16];		/* breach, cleared, halt, resume */
	char	account[ACCOUNT_MAX];
	char	symbol[SYMBOL_MAX];	/* may be "" */
	char	rule_id[RULE_ID_MAX];	/* may be "" */
	char	user[USER_MAX];
	char	detail[CPL_DETAIL_MAX];
};
/* Record an alert ("alert"). */
int	store_add_alert(struct store *, const struct store_alert *,
	    struct err *);
/* Every alert, oldest first. */
int	store_each_alert(struct store *,
	    int (*fn)(void *, const struct store_alert *), void *,
	    struct err *);

/* Append an audit entry of KIND about REF (an order id, a login, ...)
 * whose body holds the string members KV: key, value, key, value, ...,
 * NULL.  For entries that change no table: compliance checks ("check"),
 * "as", approvals' reasons. */
int	store_audit(struct store *, int64_t ts, const char *kind,
	    const char *ref, const char *const *kv, struct err *);

/* The head of the audit trail: the last journal entry's seq and hash
 * (seq 0 and zeros when the journal is empty), written into BUF as
 * "SEQ:HEX" for keeping outside the store (blotter --verify --head).
 * BUF holds at least STORE_HEAD_MAX bytes. */
#define STORE_HEAD_MAX	(24 + 2 * STORE_HASH_LEN)
int	store_audit_head(struct store *, char *buf, size_t size,
	    struct err *);

/* One journal entry as read back. */
struct store_audit_row {
	int64_t	seq, ts;
	const char *user, *kind, *ref, *body;	/* borrowed during the call */
	const unsigned char *hash;		/* STORE_HASH_LEN bytes */
};
/* Call FN for each journal entry, oldest first: all of them (ORDER_ID
 * NULL) or those of one order; only KIND when KIND is not NULL. */
int	store_each_audit(struct store *, const char *order_id,
	    const char *kind, int (*fn)(void *, const struct store_audit_row *),
	    void *, struct err *);

/* A thread that checkpoints the WAL of the store at PATH in the background
 * with a connection of its own, so that committing never pays for copying
 * pages into the database file.  NULL when it cannot start (then SQLite's
 * own checkpoints at commit are kept).  store_open() starts one for its
 * store; a caller with its own connection may use one too. */
struct store_ckpt;
struct store_ckpt *store_ckpt_start(const char *path);
/* Ask for a checkpoint now (the WAL has grown). */
void	store_ckpt_poke(struct store_ckpt *);
/* Stop the thread and close its connection; NULL is a no-op. */
void	store_ckpt_stop(struct store_ckpt *);

/* Replay the journal of the store at PATH and compare what it gives with
 * the projections; REPORT gets one line per disagreement, and one line
 * starting "note: " (not a disagreement) per approval by the login that
 * entered the order.  Returns the number of disagreements, or -1 (ERR)
 * when the store cannot be read. */
long	store_verify(const char *path, void (*report)(void *, const char *),
	    void *, struct err *);
/* The same, and check that the journal still passes through HEAD, a head
 * as store_audit_head() gives it ("SEQ:HEX", or "HEX" alone) and kept
 * elsewhere: an entry cut or rewritten since is reported.  A HEAD that is
 * not a head is an error. */
long	store_verify_head(const char *path, const char *head,
	    void (*report)(void *, const char *), void *, struct err *);

#endif
