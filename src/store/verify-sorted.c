/* src/store/verify-sorted.c: pass 2 of verify by order id: the journal's
 * order entries grouped by order, merged with the orders table by id and
 * the executions table by (order id, exec id), every disagreement named
 * in order. */
#include "config.h"
#include "store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify-int.h"

/* An enum field of an order, named only when it differs (most agree). */
#define DIFF_ENUM(v, k, field, name, p, j)				\
	do {								\
		if ((p) != (j))						\
			v_diff_name(v, "orders", k, field, name(p),	\
			    name(j));					\
	} while (0)

/* Compare the replayed order with its projection row P, whose seq and
 * last_seq are SEQ and LAST_SEQ. */
void
v_compare_order_row(struct verify *v, const struct v_order *vo,
    const struct order *p, int64_t seq, int64_t last_seq)
{
	const struct order *j = &vo->o;
	const char *k = vo->ref;

	v_diff_int(v, "orders", k, "seq", seq, vo->seq);
	v_diff_int(v, "orders", k, "last_seq", last_seq, vo->last_seq);
	v_diff_str(v, "orders", k, "account", p->account, j->account);
	v_diff_str(v, "orders", k, "symbol", p->symbol, j->symbol);
	DIFF_ENUM(v, k, "side", order_side_name, p->side, j->side);
	DIFF_ENUM(v, k, "type", order_type_name, p->type, j->type);
	DIFF_ENUM(v, k, "tif", order_tif_name, p->tif, j->tif);
	DIFF_ENUM(v, k, "status", order_status_name, p->status, j->status);
	DIFF_ENUM(v, k, "prev_status", order_status_name, p->prev_status,
	    j->prev_status);
	v_diff_int(v, "orders", k, "qty", p->qty, j->qty);
	v_diff_int(v, "orders", k, "cum_qty", p->cum_qty, j->cum_qty);
	v_diff_int(v, "orders", k, "notional", p->notional, j->notional);
	v_diff_int(v, "orders", k, "limit_px", p->limit_px, j->limit_px);
	v_diff_int(v, "orders", k, "stop_px", p->stop_px, j->stop_px);
	v_diff_int(v, "orders", k, "trail", p->trail, j->trail);
	v_diff_bool(v, "orders", k, "trail_pct", p->trail_pct, j->trail_pct);
	v_diff_bool(v, "orders", k, "triggered", p->triggered, j->triggered);
	v_diff_int(v, "orders", k, "gtd_date", p->gtd_date, j->gtd_date);
	v_diff_str(v, "orders", k, "venue", p->venue, j->venue);
	v_diff_str(v, "orders", k, "note", p->note, j->note);
	v_diff_str(v, "orders", k, "reason", p->reason, j->reason);
	v_diff_int(v, "orders", k, "created", p->created, j->created);
	v_diff_int(v, "orders", k, "updated", p->updated, j->updated);
	v_diff_str(v, "orders", k, "user", p->user, j->user);
	v_diff_str(v, "orders", k, "block", p->block, j->block);
	v_diff_str(v, "orders", k, "login", p->login, j->login);
}

/* Compare the replayed order with its projection row in ST. */
static void
compare_order(struct verify *v, const struct v_order *vo, sqlite3_stmt *st)
{
	struct order p;
	const char *bad;
	int64_t	seq, last_seq;

	if (store_order_from_row(st, &p, &seq, &last_seq, &bad) == -1) {
		v_problem(v, "orders %s: unknown %s in the projection", vo->ref,
		    bad);
		return;
	}
	v_compare_order_row(v, vo, &p, seq, last_seq);
}

static int
vexec_cmp(const void *a, const void *b)
{
	return strcmp(((const struct v_exec *)a)->x.exec_id,
	    ((const struct v_exec *)b)->x.exec_id);
}

/* Compare the order's executions, journal and projection, by exec id. */
static void
compare_execs(struct verify *v, struct v_order *vo)
{
	char	k[EXEC_ID_MAX + ORDER_ID_MAX + 16];
	size_t	i = 0, n = 0;
	int	c;

	/* qsort() must not be given a NULL array, even an empty one. */
	if (vo->nx > 1)
		qsort(vo->x, vo->nx, sizeof *vo->x, vexec_cmp);
	if (vo->npx > 1)
		qsort(vo->px, vo->npx, sizeof *vo->px, vexec_cmp);
	while (i < vo->nx || n < vo->npx) {
		const struct store_exec *j = i < vo->nx ? &vo->x[i].x : NULL;
		const struct store_exec *p = n < vo->npx ? &vo->px[n].x : NULL;

		if (j == NULL)
			c = 1;
		else if (p == NULL)
			c = -1;
		else
			c = strcmp(j->exec_id, p->exec_id);
		/* Most pairs agree: no key is written for them. */
		if (c == 0 && strcmp(p->account, j->account) == 0 &&
		    strcmp(p->symbol, j->symbol) == 0 && p->side == j->side &&
		    p->qty == j->qty && p->px == j->px && p->ts == j->ts &&
		    p->busted == j->busted && vo->px[n].seq == vo->x[i].seq) {
			i++;
			n++;
			continue;
		}
		snprintf(k, sizeof k, "%s (order %s)", c < 0 ? j->exec_id :
		    p->exec_id, vo->ref);
		if (c < 0) {
			v_problem(v, "executions %s: in the journal, missing "
			    "from the projection", k);
			i++;
			continue;
		}
		if (c > 0) {
			v_problem(v, "executions %s: in the projection, not in "
			    "the journal", k);
			n++;
			continue;
		}
		v_diff_str(v, "executions", k, "account", p->account,
		    j->account);
		v_diff_str(v, "executions", k, "symbol", p->symbol, j->symbol);
		v_diff_name(v, "executions", k, "side",
		    order_side_name(p->side), order_side_name(j->side));
		v_diff_int(v, "executions", k, "qty", p->qty, j->qty);
		v_diff_int(v, "executions", k, "px", p->px, j->px);
		v_diff_int(v, "executions", k, "ts", p->ts, j->ts);
		v_diff_bool(v, "executions", k, "busted", p->busted, j->busted);
		v_diff_int(v, "executions", k, "seq", vo->px[n].seq,
		    vo->x[i].seq);
		i++;
		n++;
	}
}

/* Add the projection's execution in ST to the current order's list. */
static void
vo_add_proj_exec(struct verify *v, struct v_order *vo, sqlite3_stmt *st)
{
	const char *bad;

	if (vo->npx == vo->cappx) {
		vo->cappx = vo->cappx != 0 ? vo->cappx * 2 : 16;
		vo->px = xrealloc(vo->px, vo->cappx * sizeof *vo->px);
	}
	if (store_exec_from_row(st, &vo->px[vo->npx].x, &bad) == -1) {
		v_problem(v, "executions %s: unknown %s in the projection",
		    vo->px[vo->npx].x.exec_id, bad);
		return;
	}
	vo->px[vo->npx].seq = sqlite3_column_int64(st, V_EXEC_SEQ_COL);
	vo->npx++;
}

/* Walk the journal's order entries by order id and seq alongside the
 * orders table by id and the executions table by (order id, exec id). */
static int
pass_orders_sorted(struct verify *v)
{
	static const char *const sql[3] = {
		"SELECT ref, seq, ts, kind, body, user FROM journal"
		" WHERE kind NOT IN " SJ_REFDATA_SQL " ORDER BY ref, seq",
		"SELECT " STORE_ORDER_COLS " FROM orders ORDER BY id",
		"SELECT " STORE_EXEC_COLS ", seq FROM executions"
		" ORDER BY order_id, exec_id",
	};
	sqlite3_stmt *st[3] = { NULL, NULL, NULL };
	struct v_order *vo = &v->vo;
	struct v_entry e;
	struct body b;
	int	i, rc, jr, orr, er, ret = -1;

	v->cur = vo;

	for (i = 0; i < 3; i++) {
		rc = sqlite3_prepare_v2(v->db, sql[i], -1, &st[i], NULL);
		if (rc != SQLITE_OK) {
			v_sql_fail(v, rc, "reading the journal");
			goto out;
		}
	}
	jr = sqlite3_step(st[0]);
	orr = sqlite3_step(st[1]);
	er = sqlite3_step(st[2]);
	while (jr == SQLITE_ROW) {
		if (sqlite3_column_type(st[0], 0) == SQLITE_NULL) {
			v_problem(v, "journal seq %lld: a %s entry names no "
			    "order", sqlite3_column_int64(st[0], 1),
			    v_col_str(st[0], 3));
			jr = sqlite3_step(st[0]);
			continue;
		}
		v_vo_reset(vo, v_col_str(st[0], 0));
		do {
			const char *body = v_col_str(st[0], 4);
			int	k, n = store_split_row(&v->split,
			    v_col_str(st[0], 3), v_col_str(st[0], 5), body,
			    strlen(body));

			for (k = 0; k < n; k++) {
				const struct store_entry *se = &v->split.e[k];

				e.seq = sqlite3_column_int64(st[0], 1);
				e.ts = sqlite3_column_int64(st[0], 2);
				e.kind = se->kind;
				e.ref = vo->ref;
				e.user = se->user;
				e.b = &b;
				v_body_read(v, &b, se->body,
				    strlen(se->body));
				v_replay_entry(v, &e);
				v_body_done(&b);
			}
			jr = sqlite3_step(st[0]);
		} while (jr == SQLITE_ROW &&
		    strcmp(v_col_str(st[0], 0), vo->ref) == 0);

		while (orr == SQLITE_ROW &&
		    strcmp(v_col_str(st[1], 0), vo->ref) < 0) {
			v_problem(v, "orders %s: in the projection, not in the "
			    "journal", v_col_str(st[1], 0));
			orr = sqlite3_step(st[1]);
		}
		if (orr == SQLITE_ROW &&
		    strcmp(v_col_str(st[1], 0), vo->ref) == 0) {
			if (vo->created)
				compare_order(v, vo, st[1]);
			else
				v_problem(v, "orders %s: in the projection, "
				    "but the journal never created it",
				    vo->ref);
			orr = sqlite3_step(st[1]);
		} else if (vo->created) {
			v_problem(v, "orders %s: in the journal, missing from "
			    "the projection", vo->ref);
		}

		while (er == SQLITE_ROW &&
		    strcmp(v_col_str(st[2], 1), vo->ref) < 0) {
			v_problem(v, "executions %s: of order %s, which is not "
			    "in the journal", v_col_str(st[2], 0),
			    v_col_str(st[2], 1));
			er = sqlite3_step(st[2]);
		}
		while (er == SQLITE_ROW &&
		    strcmp(v_col_str(st[2], 1), vo->ref) == 0) {
			vo_add_proj_exec(v, vo, st[2]);
			er = sqlite3_step(st[2]);
		}
		compare_execs(v, vo);
	}
	for (; orr == SQLITE_ROW; orr = sqlite3_step(st[1]))
		v_problem(v, "orders %s: in the projection, not in the journal",
		    v_col_str(st[1], 0));
	for (; er == SQLITE_ROW; er = sqlite3_step(st[2]))
		v_problem(v, "executions %s: of order %s, which is not in the "
		    "journal", v_col_str(st[2], 0), v_col_str(st[2], 1));
	rc = jr != SQLITE_DONE ? jr : orr != SQLITE_DONE ? orr : er;
	if (rc != SQLITE_DONE) {
		v_sql_fail(v, rc, "reading the journal");
		goto out;
	}
	ret = v_compare_settings(v);
out:
	for (i = 0; i < 3; i++)
		sqlite3_finalize(st[i]);
	return ret;
}

/* Pass 2: done alongside pass 1 (DONE), else by sorting the journal's
 * entries by ref. */
int
v_pass_orders(struct verify *v, bool done)
{
	if (done && v->n_noref == 0)
		return v_compare_settings(v);
	return pass_orders_sorted(v);
}
