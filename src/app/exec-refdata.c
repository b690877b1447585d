/* src/app/exec-refdata.c: reference data: instruments, accounts and fx
 * rates, one at a time or from CSV files, and the shipped seed. */
#include "config.h"
#include "exec.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "calendar.h"
#include "cmd.h"
#include "csv.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "hmap.h"
#include "view.h"
#include "fx.h"
#include "store.h"
#include "venue.h"
#include "exec-int.h"

/* ---- reference data --------------------------------------------------- */

static void
set_default_account(struct exec *x, const char *id, struct err *err)
{
	if (x->default_acct[0])
		return;
	str_copy(x->default_acct, sizeof x->default_acct, id);
	if (store_meta_set(x->st, "default_account", id, err) == -1)
		x->store_failed = true;
}

static int
put_instrument(struct exec *x, const struct instrument *in, struct err *err)
{
	if (store_put_instrument(x->st, in, x->now, err) == -1)
		return exec_store_fail(x, err);
	book_put_instrument(x->bk, in);
	return 0;
}

static int
put_account(struct exec *x, const struct account *a, struct err *err)
{
	if (store_put_account(x->st, a, x->now, err) == -1)
		return exec_store_fail(x, err);
	book_put_account(x->bk, a);
	set_default_account(x, a->id, err);
	return x->store_failed ? -1 : 0;
}

static int
check_instrument(const struct exec *x, const struct instrument *in,
    struct err *err)
{
	if (instrument_validate(in, err) == -1)
		return -1;
	if (in->underlying[0] && strcmp(in->underlying, in->symbol) == 0)
		return err_set(err, "%s cannot be its own underlying",
		    in->symbol);
	(void)x;
	return 0;
}

int
exec_cmd_instrument_add(struct exec *x, const struct cmd *c, struct err *err)
{
	if (book_instrument(x->bk, c->inst.symbol))
		return err_set(err, "instrument %s already exists",
		    c->inst.symbol);
	if (check_instrument(x, &c->inst, err) == -1)
		return -1;
	return put_instrument(x, &c->inst, err);
}

int
exec_cmd_account_add(struct exec *x, const struct cmd *c, struct err *err)
{
	if (book_account(x->bk, c->acct.id))
		return err_set(err, "account %s already exists", c->acct.id);
	if (c->acct.nav < 0)
		return err_set(err, "account %s: NAV cannot be negative",
		    c->acct.id);
	return put_account(x, &c->acct, err);
}

/* ---- CSV loading ------------------------------------------------------ */

static int
parse_instrument_row(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	(void)ctx;
	struct instrument *in = row;
	const char *sym = csv_get(c, f, n, "symbol");
	const char *cls = csv_get(c, f, n, "class");
	const char *ccy = csv_get(c, f, n, "ccy");
	const char *v;
	enum asset_class ac;

	if (!*sym)
		return err_set(err, "no symbol");
	if (asset_class_parse(cls, &ac, err) == -1)
		return -1;
	if (instrument_init(in, sym, ac, *ccy ? ccy : "USD", err) == -1)
		return -1;
	if (*(v = csv_get(c, f, n, "tick")) &&
	    fixed_parse(v, PX_DECIMALS, &in->tick, "tick", err) == -1)
		return -1;
	if (*(v = csv_get(c, f, n, "lot")) && qty_parse(v, &in->lot, err) == -1)
		return -1;
	if (*(v = csv_get(c, f, n, "mult")) &&
	    fixed_parse(v, PX_DECIMALS, &in->mult, "multiplier", err) == -1)
		return -1;
	str_copy(in->issuer, sizeof in->issuer, csv_get(c, f, n, "issuer"));
	str_copy(in->sector, sizeof in->sector, csv_get(c, f, n, "sector"));
	v = csv_get(c, f, n, "underlying");
	if (strlen(v) >= sizeof in->underlying)
		return err_set(err, "underlying '%s' is too long", v);
	str_copy(in->underlying, sizeof in->underlying, v);
	return instrument_validate(in, err);
}

static int
parse_money(const char *s, int64_t *out, const char *what, struct err *err)
{
	return fixed_parse(s, MONEY_DECIMALS, out, what, err);
}

static int
parse_account_row(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	(void)ctx;
	struct account *a = row;
	const char *v;

	if (account_init(a, csv_get(c, f, n, "id"), err) == -1)
		return -1;
	v = csv_get(c, f, n, "name");
	if (strlen(v) >= sizeof a->name)
		return err_set(err, "name is longer than %zu characters",
		    sizeof a->name - 1);
	str_copy(a->name, sizeof a->name, v);
	if (*(v = csv_get(c, f, n, "ccy"))) {
		if (!ccy_valid(v))
			return err_set(err, "'%s' is not a currency code", v);
		str_copy(a->ccy, sizeof a->ccy, v);
	}
	if (*(v = csv_get(c, f, n, "nav")) &&
	    parse_money(v, &a->nav, "NAV", err) == -1)
		return -1;
	if (a->nav < 0)
		return err_set(err, "NAV cannot be negative");
	if (*(v = csv_get(c, f, n, "cash")) &&
	    parse_money(v, &a->cash, "cash", err) == -1)
		return -1;
	return 0;
}

static const char *
instrument_key(const void *row)
{
	return ((const struct instrument *)row)->symbol;
}

static const char *
account_key(const void *row)
{
	return ((const struct account *)row)->id;
}

static int
put_instrument_row(void *x, const void *row, struct err *err)
{
	return put_instrument(x, row, err);
}

static int
put_account_row(void *x, const void *row, struct err *err)
{
	return put_account(x, row, err);
}

static const char *const instrument_cols[] = { "symbol", "class", "ccy",
    "tick", "lot", "mult", "issuer", "sector", "underlying" };
static const char *const account_cols[] = { "id", "name", "ccy", "nav",
    "cash" };

static const struct csv_kind instruments_csv = { instrument_cols, 9, NULL,
    sizeof(struct instrument), parse_instrument_row, instrument_key,
    put_instrument_row };
static const struct csv_kind accounts_csv = { account_cols, 5, NULL,
    sizeof(struct account), parse_account_row, account_key,
    put_account_row };

int
exec_load_instruments(struct exec *x, const char *path, int *count,
    struct err *err)
{
	return csv_load(x, path, &instruments_csv, exec_report, count, err);
}

int
exec_load_accounts(struct exec *x, const char *path, int *count,
    struct err *err)
{
	return csv_load(x, path, &accounts_csv, exec_report, count, err);
}

int
exec_put_fx(struct exec *x, const char *pair, int64_t rate, struct err *err)
{
	if (fx_set(book_fx(x->bk), pair, rate, err) == -1)
		return -1;
	if (store_put_fx(x->st, pair, rate, x->now, err) == -1)
		return exec_store_fail(x, err);
	exec_hook_mark_moved(x, NULL);
	return 0;
}

/* One row of fx.csv: a pair and its rate. */
struct fx_row {
	char	pair[8];
	int64_t	rate;
};

static int
parse_fx_row(void *ctx, const struct csv *c, char **f, int n, void *row,
    struct err *err)
{
	struct fx_row *r = row;
	const char *pair = csv_get(c, f, n, "pair");
	struct fx_table *check = fx_table_new();
	int rc;

	(void)ctx;
	/* The rules of the fx command, on a table of its own. */
	rc = fixed_parse(csv_get(c, f, n, "rate"), PX_DECIMALS, &r->rate,
	    "rate", err) == -1 ? -1 : fx_set(check, pair, r->rate, err);
	fx_table_free(check);
	if (rc == 0)
		str_copy(r->pair, sizeof r->pair, pair);
	return rc;
}

static const char *
fx_key(const void *row)
{
	return ((const struct fx_row *)row)->pair;
}

static int
put_fx_row(void *x, const void *row, struct err *err)
{
	const struct fx_row *r = row;

	return exec_put_fx(x, r->pair, r->rate, err);
}

static const char *const fx_cols[] = { "pair", "rate" };
static const char *const fx_need[] = { "pair", "rate", NULL };

static const struct csv_kind fx_csv = { fx_cols, 2, fx_need,
    sizeof(struct fx_row), parse_fx_row, fx_key, put_fx_row };

/* Load the rates of PATH whole or not at all, like every loader. */
static int
load_fx(struct exec *x, const char *path, struct err *err)
{
	int n;

	return csv_load(x, path, &fx_csv, exec_report, &n, err);
}

int
exec_seed(struct exec *x, const char *dir, struct err *err)
{
	char p[4096];
	int n;

	snprintf(p, sizeof p, "%s/instruments.csv", dir);
	if (exec_load_instruments(x, p, &n, err) == -1)
		return -1;
	snprintf(p, sizeof p, "%s/accounts.csv", dir);
	if (exec_load_accounts(x, p, &n, err) == -1)
		return -1;
	snprintf(p, sizeof p, "%s/fx.csv", dir);
	return load_fx(x, p, err);
}

int
exec_cmd_load_instruments(struct exec *x, const struct cmd *c,
    struct err *err)
{
	int n = 0;

	if (exec_load_instruments(x, c->path, &n, err) == -1)
		return -1;
	if (x->res)
		result_message(x->res, "%d instruments loaded", n);
	return 0;
}

int
exec_cmd_load_accounts(struct exec *x, const struct cmd *c, struct err *err)
{
	int n = 0;

	if (exec_load_accounts(x, c->path, &n, err) == -1)
		return -1;
	if (x->res)
		result_message(x->res, "%d accounts loaded", n);
	return 0;
}

int
exec_cmd_fx(struct exec *x, const struct cmd *c, struct err *err)
{
	return exec_put_fx(x, c->sym, c->px, err);
}
