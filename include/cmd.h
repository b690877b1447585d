/* include/cmd.h: the command language of COMMANDS.md, parsed into a plain
 * struct cmd that the runtime executes.
 *
 * The parser only reads text: it checks the form of a command (words,
 * options, numbers, dates) and leaves everything that needs the store
 * (does the symbol exist, is the price on the tick) to the runtime. */
#ifndef BLOTTER_CMD_H
#define BLOTTER_CMD_H
#include <stdbool.h>
#include <stdint.h>
#include "account.h"
#include "alloc.h"
#include "compliance.h"
#include "instrument.h"
#include "order.h"
#include "order-req.h"

struct err;

#define CMD_PATH_MAX	1024

enum cmd_kind {
	CMD_EMPTY,		/* blank line or comment only */
	CMD_CLOCK_SET,		/* t */
	CMD_CLOCK_ADVANCE,	/* secs */
	CMD_INSTRUMENT_ADD,	/* inst, have */
	CMD_ACCOUNT_ADD,	/* acct, have */
	CMD_LOAD_INSTRUMENTS,	/* path */
	CMD_LOAD_ACCOUNTS,	/* path */
	CMD_FX,			/* pair (in sym), px = rate */
	CMD_QUOTE,		/* sym, bid, ask, bidsz, asksz */
	CMD_MARK,		/* sym, px */
	CMD_ORDER,		/* ord; stage when ord.stage */
	CMD_RELEASE,		/* id */
	CMD_CANCEL,		/* id */
	CMD_CANCEL_ALL,		/* filter.acct, filter.sym */
	CMD_REPLACE,		/* id, change */
	CMD_SHOW_ORDERS,	/* filter */
	CMD_SHOW_ORDER,		/* id */
	CMD_SHOW_POSITIONS,	/* filter.acct */
	CMD_SHOW_PNL,		/* filter.acct */
	CMD_EXPECT_ORDER,	/* id, exp */
	CMD_EXPECT_POSITION,	/* filter.acct, sym, exp */
	CMD_EXPECT_PNL,		/* filter.acct, exp */
	CMD_EXPECT_COUNT,	/* filter, exp.count */
	CMD_EXPECT_FAIL,
	CMD_HELP,		/* sym: topic or "" */
	CMD_USER_ADD,		/* user, role, text: name */
	CMD_AS,			/* user */
	CMD_SHOW_USERS,
	CMD_RULE_ADD,		/* rule */
	CMD_RULE_LIST,
	CMD_RULE_DEL,		/* rule.id */
	CMD_RULE_DISABLE,	/* rule.id */
	CMD_RULE_ENABLE,	/* rule.id */
	CMD_LOAD_RULES,		/* path */
	CMD_APPROVE,		/* id, text: reason */
	CMD_REJECT,		/* id, text: reason */
	CMD_SHOW_COMPLIANCE,	/* id or "" */
	CMD_SHOW_AUDIT,		/* id or "" */
	CMD_SHOW_ALERTS,
	CMD_HALT,		/* filter.acct, text: reason */
	CMD_RESUME,		/* filter.acct */
	CMD_CHECK_ORDER,	/* ord: what compliance would say, not sent */
	CMD_IMPORT_TRADES,	/* path */
	CMD_LOAD_POSITIONS,	/* path */
	CMD_REBALANCE,		/* path: the model; filter.acct */
	CMD_REPORT_CONFIRMS,	/* id: block or ""; out: file or "" */
	CMD_BLOCK,		/* members, nmembers; id: block id or "" */
	CMD_BLOCK_AUTO,		/* filter.sym */
	CMD_ALLOC,		/* id: the block; alloc */
	CMD_SHOW_BLOCKS,
	CMD_SHOW_BLOCK,		/* id */
	CMD_SHOW_ALLOCATIONS,	/* id or "" */
	CMD_EXPECT_BLOCK,	/* id, exp (status, qty, cum, avgpx, orders) */
	CMD_EXPECT_ALLOCATION,	/* id, filter.acct, exp (qty, avgpx) */
	CMD_RELEASE_ALL,	/* filter.acct, filter.sym: staged orders and
				   blocks */
	CMD_ALLOC_ALL,		/* alloc: every block with fills to book */
	CMD_REPORT_SUMMARY,	/* the day: orders, blocks, notional, fills */
	CMD_SET,		/* setting, value: a setting of the store */
	CMD_SHOW_SETTINGS,	/* the settings in force and where from */
	CMD_AUDIT_HEAD,		/* the head of the audit trail, to anchor */
	CMD_FIX_STATUS,		/* each FIX session: state, numbers, peer */
	CMD_FIX_RESET,		/* text: the session's numbers back to 1 */
	CMD_SHOW_FIX,		/* id: the FIX messages of an order */
	CMD_WAIT_ORDER,		/* id, exp.status, t: wait until it holds */
	CMD_FILL,		/* id, ord.req.qty, px: a desk's hand fill */
	CMD_KIND_COUNT
};

/* Filters shared by show orders, cancel all, expect count. */
enum cmd_status_filter { FILTER_ANY, FILTER_OPEN, FILTER_DONE, FILTER_ONE };

struct cmd_filter {
	char	acct[ACCOUNT_MAX];	/* "" = any */
	char	sym[SYMBOL_MAX];	/* "" = any */
	enum cmd_status_filter status_kind;
	enum order_status status;	/* when FILTER_ONE */
};

/* An order as typed: everything the trader said, nothing looked up. */
struct cmd_order {
	/* The order asked for, as core's rules read it (order-req.h): its
	 * account "" for the store's default, its venue "" for default
	 * routing; its symbol is the command's too (cmd.sym). */
	struct order_req req;
	char	id[ORDER_ID_MAX];	/* "" = the store assigns one */
	char	algo[32];		/* "" = none */
};

/* Expected values of an expect command; each checked only if its bit is
 * set in have.  A number is compared at the decimals it is written with,
 * at least cents for money and prices (1e-6 for prices under 1), whole
 * units for quantities: avgcost=10.02 matches 10.01666667, avgpx=100.104
 * does not match 100.10. */
enum {
	EXP_STATUS = 1 << 0, EXP_CUM = 1 << 1, EXP_LEAVES = 1 << 2,
	EXP_AVGPX = 1 << 3, EXP_QTY = 1 << 4, EXP_PX = 1 << 5,
	EXP_AVGCOST = 1 << 6, EXP_REALIZED = 1 << 7, EXP_UNREALIZED = 1 << 8,
	EXP_TOTAL = 1 << 9, EXP_ORDERS = 1 << 10
};

/* A number as written: V / 10^DEC exactly ("100.104": 100104, 3). */
#define CMD_NUM_DECIMALS_MAX	12
struct cmd_num {
	int64_t	v;
	int	dec;
};

struct cmd_expect {
	unsigned have;
	enum order_status status;
	struct cmd_num cum, leaves, avgpx, qty, px;
	struct cmd_num avgcost, realized, unrealized, total;
	int64_t	count;		/* expect count; expect block orders= */
};

#define CMD_BLOCK_MAX	64	/* orders named on one block command */
#define CMD_WEIGHTS_MAX	64	/* accounts in one weights= list */

/* alloc BLOCK_ID [method=] [weights=ACCT:W,...] [lot=N] [preview].
 * weights= alone means method=weights. */
struct cmd_alloc {
	enum alloc_method method;
	bool	preview;
	int64_t	lot;			/* 0: the instrument's lot */
	size_t	nweights;
	char	wacct[CMD_WEIGHTS_MAX][ACCOUNT_MAX];
	int64_t	weight[CMD_WEIGHTS_MAX];	/* ALLOC_W_SCALE, > 0 */
};

/* Which optional fields an instrument/account add named (INST_HAVE_*). */
enum {
	HAVE_TICK = 1 << 0, HAVE_LOT = 1 << 1, HAVE_MULT = 1 << 2,
	HAVE_ISSUER = 1 << 3, HAVE_SECTOR = 1 << 4, HAVE_UNDERLYING = 1 << 5,
	HAVE_NAME = 1 << 6, HAVE_CCY = 1 << 7, HAVE_NAV = 1 << 8,
	HAVE_CASH = 1 << 9
};

struct cmd {
	enum cmd_kind kind;
	int	line;			/* 1-based line in its script, 0 if none */
	char	sym[SYMBOL_MAX];	/* symbol, fx pair, help topic */
	char	id[ORDER_ID_MAX];	/* order id */
	unsigned have;			/* HAVE_* for instrument/account add */
	struct instrument inst;
	struct account acct;
	int64_t	t;			/* clock set: epoch s; advance: s */
	int64_t	bid, ask, bidsz, asksz;	/* quote */
	int64_t	px;			/* mark price, fx rate */
	struct cmd_order ord;
	struct order_change change;
	struct cmd_filter filter;
	struct cmd_expect exp;
	char	user[USER_MAX];		/* user add, as */
	enum user_role role;		/* user add */
	char	text[NOTE_MAX];		/* a reason, a user's name */
	char	setting[32], value[16];	/* set SETTING VALUE */
	struct rule rule;		/* rule add; rule.id for del/enable */
	size_t	nmembers;		/* block ORDER_ID... */
	/* The large fields come last: cmd_parse() clears what is above
	 * and only the strings' first bytes and the counts below, so a
	 * line costs no clearing of kilobytes it does not use. */
	char	path[CMD_PATH_MAX];
	char	out[CMD_PATH_MAX];	/* report confirms out= */
	char	members[CMD_BLOCK_MAX][ORDER_ID_MAX];
	struct cmd_alloc alloc;		/* entries past its nweights unset */
};

/* Make CMD an empty command: every field zero or "", the entries of its
 * lists past their counts left as they were (nobody reads them). */
void	cmd_clear(struct cmd *);
/* Parse one line of the command language into CMD.  A blank or comment
 * line gives CMD_EMPTY.  A malformed line fails with ERR saying what is
 * wrong with which word; CMD is then undefined. */
int	cmd_parse(const char *line, struct cmd *, struct err *);
/* Convert "2026-01-05T09:30:00" (venue time) to seconds since the epoch,
 * and back (buffer of at least 20 bytes). */
int	cmd_time_parse(const char *, int64_t *, struct err *);
char	*cmd_time_fmt(int64_t, char *buf, size_t len);
/* Whether order O passes filter F (account, symbol, status). */
bool	cmd_filter_match(const struct cmd_filter *, const struct order *);
/* Name of a command kind, for messages ("buy", "expect order"). */
const char *cmd_kind_name(enum cmd_kind);

/* ---- the command table (include/commands.def) ---- */

/* Who may run a command: one bit a role, or CMD_OPEN for anyone (a user
 * of the store or not).  No bit at all is nobody. */
#define CMD_ROLE(r)	(1u << ROLE_##r)
#define CMD_OPEN	(1u << 31)
#define CMD_ROLES_ORDER	(CMD_ROLE(TRADER) | CMD_ROLE(PM) | \
			 CMD_ROLE(ADMIN))
#define CMD_ROLES_CANCEL (CMD_ROLES_ORDER | CMD_ROLE(OPS))
#define CMD_ROLES_REFDATA (CMD_ROLE(OPS) | CMD_ROLE(ADMIN))
#define CMD_ROLES_HALT	(CMD_ROLE(COMPLIANCE) | CMD_ROLE(ADMIN))
#define CMD_ROLES_USER	(CMD_ROLES_ORDER | CMD_ROLE(COMPLIANCE) | \
			 CMD_ROLE(OPS))
/* What the guard is given for a kind nobody may run: a bit no role has. */
#define CMD_NOBODY	(1u << ROLE_COUNT)

/* One command as commands.def declares it (its parser stays private to
 * the parser). */
struct cmd_spec {
	enum cmd_kind kind;
	const char *name;	/* in messages: "expect order" */
	const char *words;	/* how a line starts: "buy|sell|..." */
	unsigned roles;		/* CMD_ROLE bits, CMD_OPEN; 0: nobody */
	const char *doing;	/* in a refusal: "enter orders" */
	const char *usage;	/* the syntax, for blotter(1) */
	const char *topics;	/* names of its help, blank-separated */
	const char *help;	/* the text of help TOPIC */
};

/* The declaration of KIND, or NULL for a kind that has none. */
const struct cmd_spec *cmd_spec_of(enum cmd_kind);
/* The roles that may run KIND, as the guard reads them: 0 when anyone
 * may, users or not, else a mask of role bits; a kind with no
 * declaration or no role gets CMD_NOBODY, which refuses everyone.  Sets
 * *DOING to what the command does, for the refusal. */
unsigned cmd_roles(enum cmd_kind, const char **doing);
/* The text of "help TOPIC" (TOPIC lower-cased; "" or NULL for the list of
 * commands), or NULL when there is no help on TOPIC. */
const char *cmd_help(const char *topic);

/* The I-th distinct word a command line may start with ("buy",
 * "show"...), NULL past the last: for completing what is typed. */
const char *cmd_first_word(size_t i);

/* Fill C as a command of KIND (CMD_ORDER, CMD_CHECK_ORDER) for the order
 * R asks for: what the screen's ticket hands the worker, values and not
 * text to parse again. */
struct order_req;
void	cmd_order_of(struct cmd *, enum cmd_kind, const struct order_req *);

#endif
