/* src/store/refdata.c: reference data (instruments, accounts, fx rates,
 * start-of-day positions), each journaled and put in its table, and the
 * latest quotes, which are not journaled. */
#include "config.h"
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "hmap.h"
#include "sha256.h"
#include "store-int.h"

/* --- Reference data and quotes -------------------------------------------- */

/* Journal INST and put it in the instruments table. */
int
store_put_instrument(struct store *s, const struct instrument *in,
    int64_t ts, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_INSTRUMENT_PUT];
	char	what[32 + SYMBOL_MAX];
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (in->symbol[0] == '\0')
		return err_set(err, "%s: an instrument without a symbol "
		    "cannot be stored", s->path);
	store_jb_begin(&s->jb);
	store_jb_str(&s->jb, "symbol", in->symbol, sizeof in->symbol);
	store_jb_name(&s->jb, "class", asset_class_name(in->cls));
	store_jb_str(&s->jb, "ccy", in->ccy, sizeof in->ccy);
	store_jb_int(&s->jb, "tick", in->tick);
	store_jb_int(&s->jb, "lot", in->lot);
	store_jb_int(&s->jb, "mult", in->mult);
	store_jb_str(&s->jb, "issuer", in->issuer, sizeof in->issuer);
	store_jb_str(&s->jb, "sector", in->sector, sizeof in->sector);
	store_jb_str(&s->jb, "underlying", in->underlying,
	    sizeof in->underlying);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, SJ_INSTRUMENT, in->symbol,
	    sizeof in->symbol,
	    err) == -1)
		return -1;
	store_bind_str(st, 1, in->symbol, sizeof in->symbol);
	sqlite3_bind_text(st, 2, asset_class_name(in->cls), -1, SQLITE_STATIC);
	store_bind_str(st, 3, in->ccy, sizeof in->ccy);
	sqlite3_bind_int64(st, 4, in->tick);
	sqlite3_bind_int64(st, 5, in->lot);
	sqlite3_bind_int64(st, 6, in->mult);
	store_bind_str(st, 7, in->issuer, sizeof in->issuer);
	store_bind_str(st, 8, in->sector, sizeof in->sector);
	store_bind_str(st, 9, in->underlying, sizeof in->underlying);
	rc = store_run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving instrument %.*s",
		    SYMBOL_MAX - 1, in->symbol);
		return store_write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Journal ACCT and put it in the accounts table. */
int
store_put_account(struct store *s, const struct account *a, int64_t ts,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ACCOUNT_PUT];
	char	what[32 + ACCOUNT_MAX];
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (a->id[0] == '\0')
		return err_set(err, "%s: an account without an id cannot be "
		    "stored", s->path);
	store_jb_begin(&s->jb);
	store_jb_str(&s->jb, "id", a->id, sizeof a->id);
	store_jb_str(&s->jb, "name", a->name, sizeof a->name);
	store_jb_str(&s->jb, "ccy", a->ccy, sizeof a->ccy);
	store_jb_int(&s->jb, "nav", a->nav);
	store_jb_int(&s->jb, "cash", a->cash);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, SJ_ACCOUNT, a->id, sizeof a->id,
	    err) == -1)
		return -1;
	store_bind_str(st, 1, a->id, sizeof a->id);
	store_bind_str(st, 2, a->name, sizeof a->name);
	store_bind_str(st, 3, a->ccy, sizeof a->ccy);
	sqlite3_bind_int64(st, 4, a->nav);
	sqlite3_bind_int64(st, 5, a->cash);
	rc = store_run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving account %.*s",
		    ACCOUNT_MAX - 1, a->id);
		return store_write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Journal an fx rate and put it in the fx table. */
int
store_put_fx(struct store *s, const char *pair, int64_t rate, int64_t ts,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_FX_PUT];
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (pair == NULL || *pair == '\0' || strlen(pair) >= SYMBOL_MAX)
		return err_set(err, "%s: an fx rate needs a currency pair",
		    s->path);
	store_jb_begin(&s->jb);
	store_jb_int(&s->jb, "rate", rate);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, SJ_FX, pair, SYMBOL_MAX, err) == -1)
		return -1;
	store_bind_str(st, 1, pair, SYMBOL_MAX);
	sqlite3_bind_int64(st, 2, rate);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "saving an fx rate", err);
	return 0;
}

/* Journal start-of-day holdings and hold the position back for commit. */
int
store_load_position(struct store *s, const struct position *pos, int64_t ts,
    struct err *err)
{
	if (store_check_writable(s, err) == -1)
		return -1;
	if (pos->account[0] == '\0' || pos->symbol[0] == '\0')
		return err_set(err, "%s: a position needs an account and a "
		    "symbol", s->path);
	store_jb_begin(&s->jb);
	store_jb_str(&s->jb, "account", pos->account, sizeof pos->account);
	store_jb_str(&s->jb, "symbol", pos->symbol, sizeof pos->symbol);
	store_jb_int(&s->jb, "qty", pos->qty);
	store_jb_int(&s->jb, "cost", pos->cost);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, SJ_POSITION, pos->account,
	    sizeof pos->account,
	    err) == -1)
		return -1;
	store_dirty_pos_put(s, pos);
	return 0;
}

/* Put the latest quote and mark of a symbol (no journal row: market data
 * is not an event of ours).  Works inside or outside a transaction. */
int
store_put_quote(struct store *s, const struct quote *q, int64_t mark,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_QUOTE_PUT];
	int	rc;

	if (s->broken)
		return store_check_writable(s, err);
	store_bind_str(st, 1, q->symbol, sizeof q->symbol);
	sqlite3_bind_int64(st, 2, q->bid);
	sqlite3_bind_int64(st, 3, q->ask);
	sqlite3_bind_int64(st, 4, q->bidsz);
	sqlite3_bind_int64(st, 5, q->asksz);
	sqlite3_bind_int64(st, 6, mark);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, false, "saving a quote", err);
	return 0;
}
