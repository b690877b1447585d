/* include/result.h: what a command gave back, typed.  The worker fills a
 * result as it runs a command (messages, order events, the rows of a
 * table); whoever shows it formats it at the edge: batch output with
 * format_result(), the screen in its own panes.  Nothing here is text
 * meant to be read back: an order event is the order's values, a row of
 * show positions the position's numbers.
 *
 * A result keeps its memory between commands (result_reset()), so a
 * script line that fills it costs no allocation once it has grown. */
#ifndef BLOTTER_RESULT_H
#define BLOTTER_RESULT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compliance.h"
#include "format.h"
#include "order.h"
#include "store.h"

enum result_kind {
	RESULT_MESSAGE,		/* a sentence ("3 orders canceled") */
	RESULT_NOTE,		/* a sentence for a reader only ("no
				   orders"): JSON output leaves it out */
	RESULT_WARNING,		/* something went wrong on the way */
	RESULT_HELP,		/* a page of help text */
	RESULT_EVENT,		/* something happened to an order */
	RESULT_ORDER_HEADER,	/* a table of orders starts */
	RESULT_ORDER,
	RESULT_ORIGIN,		/* who entered the order shown */
	RESULT_EXEC_HEADER,	/* its fills follow */
	RESULT_EXEC,
	RESULT_HISTORY_HEADER,	/* its journal follows */
	RESULT_HISTORY,
	RESULT_POSITION_HEADER,
	RESULT_POSITION,
	RESULT_PNL_HEADER,
	RESULT_PNL,
	RESULT_RECORD_HEADER,	/* a table of named fields (users, rules,
				   alerts, the audit, blocks...) */
	RESULT_RECORD,
	RESULT_CHECK,		/* what compliance says of an order not
				   entered (check ...) */
	RESULT_BLOCK_HEADER,	/* a table of blocks starts */
	RESULT_BLOCK,		/* a block order and its allocation */
	RESULT_ALLOC,		/* an allocation of a block's fills,
				   booked or previewed; its rows follow */
	RESULT_ALLOC_ROW,	/* one member's share of it */
	RESULT_BOOKING_HEADER,	/* a table of booked allocations starts */
	RESULT_BOOKING,		/* one allocation booked to a member */
};

/* A block as show blocks and show block list it. */
struct result_block {
	char	id[ORDER_ID_MAX];
	char	symbol[SYMBOL_MAX];
	enum order_side side;
	enum order_status status;
	int64_t	qty, cum_qty;
	int64_t	allocated;		/* of cum_qty, booked to members */
	int64_t	avg_px;			/* PX_SCALE, 0: no fill */
	int64_t	orders;			/* its member orders */
};

/* An allocation of QTY of a block's fills at PX (PX_SCALE) by METHOD;
 * PREVIEW: only shown, not booked. */
struct result_alloc {
	char	block[ORDER_ID_MAX];
	char	symbol[SYMBOL_MAX];
	char	method[16];
	int64_t	qty, px;
	bool	preview;
};

/* An allocation booked: fill BOOKING ("1-100": the block's units it
 * covers) of block BLOCK, QTY at PX to member ORDER of ACCOUNT, for
 * GROSS (MONEY_SCALE). */
struct result_booking {
	char	block[ORDER_ID_MAX];
	char	booking[EXEC_ID_MAX];
	char	account[ACCOUNT_MAX];
	char	order[ORDER_ID_MAX];
	char	symbol[SYMBOL_MAX];
	enum order_side side;
	int64_t	qty, px, gross;
};

/* A member order's share of an allocation: it asked for REQUESTED, had
 * BEFORE filled, gets QTY at PX for GROSS (MONEY_SCALE). */
struct result_alloc_row {
	char	block[ORDER_ID_MAX];
	char	account[ACCOUNT_MAX];
	char	order[ORDER_ID_MAX];
	int64_t	requested, before, qty, px, gross;
	bool	preview;
};

/* Something that happened to an order: the order as it now stands, what
 * happened ("new", "fill", "canceled"...), and for a fill its quantity
 * and price (else 0). */
#define RESULT_WHAT_MAX	20
struct result_event {
	char	id[ORDER_ID_MAX];
	char	account[ACCOUNT_MAX];
	char	symbol[SYMBOL_MAX];
	char	what[RESULT_WHAT_MAX];
	enum order_side side;
	enum order_type type;
	enum order_tif tif;
	enum order_status status;
	int32_t	gtd_date;
	bool	trail_pct;
	bool	block;			/* a block order (no account shown) */
	int64_t	qty, cum_qty, leaves;	/* the order's */
	int64_t	limit_px, stop_px, trail;
	int64_t	fill_qty, fill_px;	/* this event's (0: none) */
	int64_t	time;			/* the order's last update */
	const char *text;		/* why, or "" */
};

/* The most fields a record row has. */
#define RESULT_FIELDS_MAX	16

/* One item of a result, as result_at() hands it out: the member that
 * KIND names is filled; pointers are the result's, valid until it is
 * reset or freed. */
struct result_item {
	enum result_kind kind;
	const char *text;	/* MESSAGE, NOTE, WARNING, HELP */
	struct result_event event;
	const struct order *order;
	const struct store_exec *exec;
	int64_t	tick;		/* ORDER, EXEC, HISTORY: the instrument's */
	int	symw;		/* the *_HEADER of a table: its symbol
				   column's width at least (the text
				   edge widens it to the rows of orders,
				   blocks and bookings that follow) */
	/* ORIGIN */
	const char *user, *login;
	/* HISTORY */
	int64_t	seq, ts;
	const char *hkind, *body;
	/* POSITION, PNL (their strings point into the result) */
	struct format_position position;
	struct format_pnl pnl;
	/* RECORD, RECORD_HEADER */
	struct format_field fields[RESULT_FIELDS_MAX];
	size_t	nfields;
	/* CHECK: worst is the verdict (RULE_PASS: none broke), the rules
	 * checked and broken, and the outcomes */
	const struct cpl_result *check;
	/* BLOCK */
	const struct result_block *block;
	/* ALLOC, ALLOC_ROW */
	const struct result_alloc *alloc;
	const struct result_alloc_row *alloc_row;
	/* BOOKING */
	const struct result_booking *booking;
};

struct result;

struct result *result_new(void);
void	result_free(struct result *);		/* NULL is a no-op */
/* Forget the items, keep the memory. */
void	result_reset(struct result *);
size_t	result_count(const struct result *);
/* The memory R keeps for its items (0 for NULL). */
size_t	result_size(const struct result *);
/* Item I (I < result_count()) into *IT. */
void	result_at(const struct result *, size_t i, struct result_item *it);

void	result_message(struct result *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	result_note(struct result *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	result_warning(struct result *, const char *msg);
void	result_help(struct result *, const char *text);
/* Fill EV from order O and what happened (TEXT may be NULL). */
void	result_event_of(struct result_event *ev, const struct order *o,
	    const char *what, int64_t qty, int64_t px, const char *text);
void	result_event(struct result *, const struct order *, const char *what,
	    int64_t qty, int64_t px, const char *text);
void	result_order_header(struct result *, int symw);
void	result_order(struct result *, const struct order *, int64_t tick);
void	result_origin(struct result *, const char *user, const char *login);
void	result_exec_header(struct result *);
void	result_exec(struct result *, const struct store_exec *, int64_t tick);
void	result_history_header(struct result *);
void	result_history(struct result *, int64_t seq, int64_t ts,
	    const char *kind, const char *body, int64_t tick);
void	result_position_header(struct result *, int symw);
void	result_position(struct result *, const struct format_position *);
void	result_pnl_header(struct result *);
void	result_pnl(struct result *, const struct format_pnl *);
/* A record row of N (at most RESULT_FIELDS_MAX) fields, and the header
 * of a table of them. */
void	result_record_header(struct result *, const struct format_field *,
	    size_t n);
void	result_record(struct result *, const struct format_field *, size_t n);
/* The outcome of a compliance check of an order that is not entered:
 * WORST the verdict, RES the rules checked and what broke. */
void	result_check(struct result *, enum rule_action worst,
	    const struct cpl_result *res);
/* A table of blocks, its symbol column at least SYMW wide (format_result
 * fits it to the rows that follow), and one block of it (SYMW: its own
 * symbol's width at least, when printed alone). */
void	result_block_header(struct result *, int symw);
void	result_block(struct result *, const struct result_block *, int symw);
void	result_alloc(struct result *, const struct result_alloc *);
void	result_alloc_row(struct result *, const struct result_alloc_row *);
/* A table of bookings and one booking of it, SYMW as for blocks. */
void	result_booking_header(struct result *, int symw);
void	result_booking(struct result *, const struct result_booking *,
	    int symw);

#endif
