/* src/store/store-int.h: what store.c and verify.c share: the schema steps,
 * the column lists of the projections, the row readers, the names of enums
 * as stored, and the wording of SQLite failures. */
#ifndef BLOTTER_STORE_INT_H
#define BLOTTER_STORE_INT_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "account.h"
#include "instrument.h"
#include "order.h"
#include "position.h"
#include "quote.h"
#include "store.h"

struct err;

/* store_migrations[v] takes a store from schema v to v + 1. */
extern const char *const store_migrations[STORE_SCHEMA_VERSION];

/* Journal kinds. */
#define SJ_INSTRUMENT	"instrument"
#define SJ_ACCOUNT	"account"
#define SJ_FX		"fx"
#define SJ_ORDER_NEW	"order.new"
#define SJ_ORDER_STATUS	"order.status"
#define SJ_ORDER_AMEND	"order.amend"
#define SJ_ORDER_STOP	"order.stop"
#define SJ_FILL		"fill"
#define SJ_BUST		"bust"
/* The kinds whose ref is not an order id, as an SQL list. */
#define SJ_REFDATA_SQL	"('instrument', 'account', 'fx')"

/*
 * The condition of the partial index orders_open.  A query reaches that
 * index only with this very condition (SQLite matches the expression, not
 * its meaning), so every read of the open orders uses it as it is.
 * Changing it needs a new schema step.
 *
 * Written with OR rather than as status IN (...): SQLite evaluates the
 * condition for every orders row written, and an IN list of more than two
 * constants there builds a temporary b-tree of the list each time (see
 * EXPLAIN of the insert), which costs a fifth of the row's insert.
 */
#define STORE_OPEN_SQL \
	"(status = 'staged' OR status = 'flagged' OR status = 'pending_new'" \
	" OR status = 'new' OR status = 'partially_filled'" \
	" OR status = 'pending_cancel' OR status = 'pending_replace')"
#define STORE_OPEN_MASK \
	(1u << ORDER_STAGED | 1u << ORDER_FLAGGED | 1u << ORDER_PENDING_NEW | \
	1u << ORDER_NEW | 1u << ORDER_PARTIALLY_FILLED | \
	1u << ORDER_PENDING_CANCEL | 1u << ORDER_PENDING_REPLACE)

/* Column lists read by the store_*_from_row() functions, in their order. */
#define STORE_ORDER_COLS \
	"id, account, symbol, side, type, tif, status, prev_status, qty, " \
	"cum_qty, notional, limit_px, stop_px, trail, trail_pct, triggered, " \
	"gtd_date, venue, note, reason, created, updated, seq, last_seq"
#define STORE_INSTRUMENT_COLS \
	"symbol, class, ccy, tick, lot, mult, issuer, sector, underlying"
#define STORE_ACCOUNT_COLS	"id, name, ccy, nav, cash"
#define STORE_POSITION_COLS	"account, symbol, qty, cost, realized"
#define STORE_EXEC_COLS \
	"exec_id, order_id, account, symbol, side, qty, px, ts, busted"

/* The open orders at start, oldest first, through orders_open. */
#define STORE_LOAD_ORDERS_SQL \
	"SELECT " STORE_ORDER_COLS " FROM orders WHERE " STORE_OPEN_SQL \
	" ORDER BY seq"

/* Write into BUF (SIZE bytes) "SELECT WHAT FROM orders" with the
 * conditions of F, a ? for each of its account and symbol, in that order,
 * and ORDERED by seq if asked.  The statuses are SQL literals. */
void	store_filter_sql(char *buf, size_t size, const char *what,
	    const struct store_order_filter *f, bool ordered);

/* Read the row of STMT (columns as above) into OUT; 0, or -1 with the
 * column that holds a value no enum has (its name into *BAD).  SEQ and
 * LAST_SEQ may be NULL. */
int	store_order_from_row(sqlite3_stmt *, struct order *, int64_t *seq,
	    int64_t *last_seq, const char **bad);
int	store_instrument_from_row(sqlite3_stmt *, struct instrument *,
	    const char **bad);
void	store_account_from_row(sqlite3_stmt *, struct account *);
void	store_position_from_row(sqlite3_stmt *, struct position *);
int	store_exec_from_row(sqlite3_stmt *, struct store_exec *,
	    const char **bad);

/* Enum values from their stored names: 0, or -1 for an unknown name. */
int	store_side_of(const char *, enum order_side *);
int	store_type_of(const char *, enum order_type *);
int	store_tif_of(const char *, enum order_tif *);
int	store_status_of(const char *, enum order_status *);
int	store_event_of(const char *, enum order_event *);
int	store_class_of(const char *, enum asset_class *);

/* Copy text column COL of STMT into DST of SIZE bytes (NULL as ""). */
void	store_col_text(sqlite3_stmt *, int col, char *dst, size_t size);

/* Explain in ERR, naming PATH, that WHAT failed with RC on DB.  Returns
 * -1. */
int	store_sql_fail(struct err *, const char *path, sqlite3 *, int rc,
	    const char *what);

/* Check that DB is a blotter store, or an empty file: *VERSION gets its
 * user_version and *EMPTY whether it holds nothing yet.  Fails, naming
 * PATH, for a file that is not a database, another program's database, a
 * newer schema, or one that cannot be read. */
int	store_check_file(sqlite3 *, const char *path, int *version,
	    bool *empty, struct err *);

/* Configure SQLite once per process, before the first connection. */
void	store_sqlite_setup(void);

#endif
