/* include/format.h: results as a trader reads them (aligned text) or as a
 * program reads them (one JSON object per line, field names of
 * COMMANDS.md).  Only what is printed is rounded: prices to at most 8
 * decimals, money to the cent. */
#ifndef BLOTTER_FORMAT_H
#define BLOTTER_FORMAT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "order.h"
#include "store.h"

struct sbuf;

/* A position with its P&L worked out by the caller. */
struct format_position {
	const char *account, *symbol, *ccy, *base_ccy;
	int64_t	qty;
	double	avg_cost;
	int64_t	mark;			/* PX_SCALE, 0: none */
	int64_t	realized, unrealized;	/* MONEY_SCALE, instrument ccy */
	bool	have_base;		/* false: no fx rate to base */
	bool	base_too_large;		/* !have_base for an amount past
					 * 64 bits, not a missing rate */
	int64_t	realized_base, unrealized_base;
	const char *block;		/* unallocated fills of this block */
	int64_t	tick;			/* the mark's decimals (0: 2 at least) */
	int	symw;			/* text: the symbol column's width
					   (the longest symbol shown) */
};

struct format_pnl {
	const char *account, *base_ccy;
	bool	firm;			/* the firm-wide total row */
	int64_t	realized, unrealized;	/* MONEY_SCALE, base ccy */
	const char *block;		/* unallocated fills of this block */
};

/* Text tables give symbols at least FORMAT_SYMBOL_W columns, more when
 * a longer one is shown (up to 23): the caller measures its rows first
 * with format_symbol_width() and passes the widest as SYMW. */
#define FORMAT_SYMBOL_W	10
/* The wider of W (at least FORMAT_SYMBOL_W) and symbol SYM. */
int	format_symbol_width(int w, const char *sym);
void	format_order_header(struct sbuf *, int symw);
/* One order.  In text its prices have every decimal of tick TICK (the
 * instrument's; 0: as few as 2), its symbol in SYMW columns. */
void	format_order(struct sbuf *, const struct order *, int64_t tick,
	    int symw, bool json);
void	format_position_header(struct sbuf *, int symw);
void	format_position(struct sbuf *, const struct format_position *,
	    bool json);
void	format_pnl_header(struct sbuf *);
void	format_pnl(struct sbuf *, const struct format_pnl *, bool json);
/* One fill; in text its price with every decimal of tick TICK. */
void	format_exec(struct sbuf *, const struct store_exec *, int64_t tick,
	    bool json);
/* One journal entry of an order.  In text, the prices in BODY (scaled
 * integers) read as prices with the decimals of tick TICK, the notional
 * as money. */
void	format_history(struct sbuf *, int64_t seq, int64_t ts,
	    const char *kind, const char *body, int64_t tick, bool json);
/* One line for something that happened to an order (a result_event():
 * WHAT is "new", "fill", "canceled"...; a fill's quantity and price). */
struct result_event;
void	format_event_of(struct sbuf *, const struct result_event *, bool json);
/* Every item of result R, in order: tables get their headers in text
 * only, notes are for a reader only. */
struct result;
void	format_result(struct sbuf *, const struct result *, bool json);
/* The same for items FROM up to TO (exclusive) of R. */
void	format_result_part(struct sbuf *, const struct result *, size_t from,
	    size_t to, bool json);
/* Alert A as one line ("alert: breach F1 R1: ..."; a halt: "alert:
 * trading halted for F1 by ..."), into BUF; returns BUF. */
char	*format_alert(const struct store_alert *, char *buf, size_t len);
/* A plain message line ("3 orders canceled"), or {"message": ...}. */
void	format_message(struct sbuf *, bool json, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* A named field of a record row (users, rules, alerts, the audit). */
struct format_field {
	const char *key;
	const char *value;
	int	width;			/* text: padded to this many columns */
	bool	num;			/* JSON: a number, not a string */
	bool	json_only;		/* text leaves it out */
};
void	format_record(struct sbuf *, bool json, const struct format_field *,
	    size_t n);
void	format_record_header(struct sbuf *, const struct format_field *,
	    size_t n);
/* The outcome of a compliance check (check ...): "pass: ..." or the
 * verdict and one line per rule broken. */
struct cpl_result;
void	format_check(struct sbuf *, const struct cpl_result *, bool json);
/* The verdict of check C in one line into BUF: "pass: ..." or, with
 * RULE, the worst and the first rule that broke ("review: R1 (max_qty):
 * ... (and more)"), else the count ("review: 2 of 3 rules broken").
 * Returns whether it passed. */
bool	format_check_line(const struct cpl_result *, bool rule, char *buf,
	    size_t len);
/* Blocks (show blocks, show block), an allocation's head line and table
 * header (text only) and its rows. */
struct result_block;
struct result_alloc;
struct result_alloc_row;
void	format_block_header(struct sbuf *, int symw);
void	format_block(struct sbuf *, const struct result_block *, int symw,
	    bool json);
void	format_alloc(struct sbuf *, const struct result_alloc *, bool json);
void	format_alloc_row(struct sbuf *, const struct result_alloc_row *,
	    bool json);
/* Allocations booked (show allocations, show block). */
struct result_booking;
void	format_booking_header(struct sbuf *, int symw);
void	format_booking(struct sbuf *, const struct result_booking *,
	    int symw, bool json);
/* Money rounded to the cent, as text ("-1234.50"). */
char	*format_money(int64_t m, char *buf, size_t len);
/* The same for a sum kept in 128 bits (totals of many amounts). */
char	*format_money_wide(__int128 m, char *buf, size_t len);
/* A price with 2 to 8 decimals ("10.05", "99.00390625"). */
char	*format_px(int64_t px, char *buf, size_t len);
/* The decimals a price on tick TICK (PX_SCALE) needs: the tick's own, at
 * least 2 (0.0001: 4, 1/32 = 0.03125: 5; 0 or less: 2). */
int	format_tick_decimals(int64_t tick);
/* A price with every decimal of tick TICK ("1.1000" on 0.0001), more
 * when PX has them (a mid between two ticks). */
char	*format_px_tick(int64_t px, int64_t tick, char *buf, size_t len);
/* Money rounded to the cent with thousands separators ("-1,234,567.50"). */
char	*format_money_sep(int64_t m, char *buf, size_t len);
/* Order status STATUS in at most WIDTH columns: its name when it fits,
 * else its abbreviation of at most FORMAT_STATUS_SHORT columns (stgd,
 * flag, pnew, pfill, fill, pcxl, cxl, prpl, rej, exp, dfd; new stays). */
#define FORMAT_STATUS_SHORT	5
const char *format_status_fit(enum order_status, int width);

#endif
