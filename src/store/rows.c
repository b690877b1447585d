/* src/store/rows.c: the projections' rows read into structs (columns
 * as in store-int.h), and the names enums are stored by. */
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

/* --- Names of enums as stored --------------------------------------------- */

#define NAME_LOOKUP(fn, type, count, namefn)				\
int									\
fn(const char *s, type *out)						\
{									\
	int	i;							\
									\
	for (i = 0; s != NULL && i < (int)(count); i++)			\
		if (s[0] == namefn((type)i)[0] &&			\
		    strcmp(s, namefn((type)i)) == 0) {			\
			*out = (type)i;					\
			return 0;					\
		}							\
	return -1;							\
}

NAME_LOOKUP(store_side_of, enum order_side, SIDE_COUNT, order_side_name)
NAME_LOOKUP(store_type_of, enum order_type, OTYPE_COUNT, order_type_name)
NAME_LOOKUP(store_tif_of, enum order_tif, TIF_COUNT, order_tif_name)
NAME_LOOKUP(store_status_of, enum order_status, ORDER_STATUS_COUNT,
    order_status_name)
NAME_LOOKUP(store_event_of, enum order_event, OEV_EVENT_COUNT,
    order_event_name)
NAME_LOOKUP(store_class_of, enum asset_class, ASSET_CLASS_COUNT,
    asset_class_name)
NAME_LOOKUP(store_role_of, enum user_role, ROLE_COUNT, user_role_name)
NAME_LOOKUP(store_rule_kind_of, enum rule_kind, RULE_KIND_COUNT,
    rule_kind_name)
NAME_LOOKUP(store_rule_action_of, enum rule_action, RULE_ACTION_COUNT,
    rule_action_name)
NAME_LOOKUP(store_rule_by_of, enum rule_by, RULE_BY_COUNT, rule_by_name)

#undef NAME_LOOKUP

/* --- Row readers (columns as in store-int.h) ------------------------------ */

int
store_order_from_row(sqlite3_stmt *st, struct order *o, int64_t *seq,
    int64_t *last_seq, const char **bad)
{
	memset(o, 0, sizeof *o);
	store_col_text(st, 0, o->id, sizeof o->id);
	store_col_text(st, 1, o->account, sizeof o->account);
	store_col_text(st, 2, o->symbol, sizeof o->symbol);
	if (store_side_of(store_col_str(st, 3), &o->side) == -1)
		return *bad = "side", -1;
	if (store_type_of(store_col_str(st, 4), &o->type) == -1)
		return *bad = "type", -1;
	if (store_tif_of(store_col_str(st, 5), &o->tif) == -1)
		return *bad = "tif", -1;
	if (store_status_of(store_col_str(st, 6), &o->status) == -1)
		return *bad = "status", -1;
	if (store_status_of(store_col_str(st, 7), &o->prev_status) == -1)
		return *bad = "prev_status", -1;
	o->qty = sqlite3_column_int64(st, 8);
	o->cum_qty = sqlite3_column_int64(st, 9);
	o->notional = sqlite3_column_int64(st, 10);
	o->limit_px = sqlite3_column_int64(st, 11);
	o->stop_px = sqlite3_column_int64(st, 12);
	o->trail = sqlite3_column_int64(st, 13);
	o->trail_pct = sqlite3_column_int(st, 14) != 0;
	o->triggered = sqlite3_column_int(st, 15) != 0;
	o->gtd_date = (int32_t)sqlite3_column_int64(st, 16);
	store_col_text(st, 17, o->venue, sizeof o->venue);
	store_col_text(st, 18, o->note, sizeof o->note);
	store_col_text(st, 19, o->reason, sizeof o->reason);
	o->created = sqlite3_column_int64(st, 20);
	o->updated = sqlite3_column_int64(st, 21);
	if (seq != NULL)
		*seq = sqlite3_column_int64(st, 22);
	if (last_seq != NULL)
		*last_seq = sqlite3_column_int64(st, 23);
	store_col_text(st, 24, o->user, sizeof o->user);
	store_col_text(st, 25, o->block, sizeof o->block);
	store_col_text(st, 26, o->login, sizeof o->login);
	return 0;
}

int
store_instrument_from_row(sqlite3_stmt *st, struct instrument *in,
    const char **bad)
{
	memset(in, 0, sizeof *in);
	store_col_text(st, 0, in->symbol, sizeof in->symbol);
	if (store_class_of(store_col_str(st, 1), &in->cls) == -1)
		return *bad = "class", -1;
	store_col_text(st, 2, in->ccy, sizeof in->ccy);
	in->tick = sqlite3_column_int64(st, 3);
	in->lot = sqlite3_column_int64(st, 4);
	in->mult = sqlite3_column_int64(st, 5);
	store_col_text(st, 6, in->issuer, sizeof in->issuer);
	store_col_text(st, 7, in->sector, sizeof in->sector);
	store_col_text(st, 8, in->underlying, sizeof in->underlying);
	return 0;
}

void
store_account_from_row(sqlite3_stmt *st, struct account *a)
{
	memset(a, 0, sizeof *a);
	store_col_text(st, 0, a->id, sizeof a->id);
	store_col_text(st, 1, a->name, sizeof a->name);
	store_col_text(st, 2, a->ccy, sizeof a->ccy);
	a->nav = sqlite3_column_int64(st, 3);
	a->cash = sqlite3_column_int64(st, 4);
}

void
store_position_from_row(sqlite3_stmt *st, struct position *p)
{
	memset(p, 0, sizeof *p);
	store_col_text(st, 0, p->account, sizeof p->account);
	store_col_text(st, 1, p->symbol, sizeof p->symbol);
	p->qty = sqlite3_column_int64(st, 2);
	p->cost = sqlite3_column_int64(st, 3);
	p->realized = sqlite3_column_int64(st, 4);
}

int
store_exec_from_row(sqlite3_stmt *st, struct store_exec *x,
    const char **bad)
{
	memset(x, 0, sizeof *x);
	store_col_text(st, 0, x->exec_id, sizeof x->exec_id);
	store_col_text(st, 1, x->order_id, sizeof x->order_id);
	store_col_text(st, 2, x->account, sizeof x->account);
	store_col_text(st, 3, x->symbol, sizeof x->symbol);
	if (store_side_of(store_col_str(st, 4), &x->side) == -1)
		return *bad = "side", -1;
	x->qty = sqlite3_column_int64(st, 5);
	x->px = sqlite3_column_int64(st, 6);
	x->ts = sqlite3_column_int64(st, 7);
	x->busted = sqlite3_column_int(st, 8) != 0;
	return 0;
}

int
store_user_from_row(sqlite3_stmt *st, struct store_user *u,
    const char **bad)
{
	memset(u, 0, sizeof *u);
	store_col_text(st, 0, u->login, sizeof u->login);
	if (store_role_of(store_col_str(st, 1), &u->role) == -1)
		return *bad = "role", -1;
	store_col_text(st, 2, u->name, sizeof u->name);
	u->created = sqlite3_column_int64(st, 3);
	return 0;
}

int
store_rule_from_row(sqlite3_stmt *st, struct rule *r, int64_t *seq,
    const char **bad)
{
	memset(r, 0, sizeof *r);
	store_col_text(st, 0, r->id, sizeof r->id);
	if (store_rule_kind_of(store_col_str(st, 1), &r->kind) == -1)
		return *bad = "kind", -1;
	if (store_rule_action_of(store_col_str(st, 2), &r->action) == -1)
		return *bad = "action", -1;
	r->enabled = sqlite3_column_int(st, 3) != 0;
	store_col_text(st, 4, r->acct, sizeof r->acct);
	store_col_text(st, 5, r->sym, sizeof r->sym);
	store_col_text(st, 6, r->issuer, sizeof r->issuer);
	store_col_text(st, 7, r->trader, sizeof r->trader);
	if (store_rule_by_of(store_col_str(st, 8), &r->by) == -1)
		return *bad = "by", -1;
	r->allow = (unsigned)sqlite3_column_int64(st, 9);
	r->limit = sqlite3_column_int64(st, 10);
	r->warn_at = sqlite3_column_int64(st, 11);
	r->have_kind = true;
	if (seq != NULL)
		*seq = sqlite3_column_int64(st, 12);
	return 0;
}

void
store_alert_from_row(sqlite3_stmt *st, struct store_alert *a)
{
	memset(a, 0, sizeof *a);
	a->seq = sqlite3_column_int64(st, 0);
	a->ts = sqlite3_column_int64(st, 1);
	store_col_text(st, 2, a->kind, sizeof a->kind);
	store_col_text(st, 3, a->account, sizeof a->account);
	store_col_text(st, 4, a->symbol, sizeof a->symbol);
	store_col_text(st, 5, a->rule_id, sizeof a->rule_id);
	store_col_text(st, 6, a->user, sizeof a->user);
	store_col_text(st, 7, a->detail, sizeof a->detail);
}
