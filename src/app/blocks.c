/* src/app/blocks.c: the buy-side workflow: orders staged from a trade file
 * or a model rebalance, grouped into blocks, the blocks worked as single
 * orders, and their fills booked back to the accounts.
 *
 * A block is an order of its own (no account; its id in its block field)
 * for the sum of its members' quantities.  Its members are the accounts'
 * orders; they name the block and never go to a venue themselves.  They
 * follow the block's status (released, acknowledged, rejected) and take
 * fills only from allocations: each booking gives every member its share
 * at the average price of the block fills that booking covers, as a fill
 * whose execution id names the block and the slice of its fills
 * ("B1/1-1500").  What the block filled and no booking has covered yet is
 * its unallocated quantity, shown in positions.  A member ends when the
 * block has ended and every fill is booked. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "book.h"
#include "calendar.h"
#include "cmd.h"
#include "csv.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "fx.h"
#include "paths.h"
#include "result.h"
#include "sbuf.h"
#include "store.h"
#include "venue.h"
#include "exec.h"
#include "exec-part.h"
#include "sbuf.h"
#include "view.h"
#include "blocks.h"

/* What blocks keep between commands. */
struct blocks {
	int64_t	next_block;		/* tried first for B<n> block ids */
};

static const struct exec_hooks blocks_hooks;
#define BLOCKS(x)	((struct blocks *)exec_part((x), &blocks_hooks))

/* ---- members -------------------------------------------------------- */

struct members {
	struct order *o;
	size_t	n, cap;
	int64_t	cum, notional;	/* allocated so far: the members' fills */
};

static int
collect_member(void *ctx, const struct order *o)
{
	struct members *m = ctx;

	if (!order_in_block(o))
		return 0;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->o = xrealloc(m->o, m->cap * sizeof *m->o);
	}
	m->o[m->n++] = *o;
	m->cum += o->cum_qty;
	m->notional += o->notional;
	return 0;
}

/* The members of block ID, in the order they were entered. */
static int
members_load(struct exec *x, const char *id, struct members *m,
    struct err *err)
{
	struct store_order_filter f;

	memset(m, 0, sizeof *m);
	memset(&f, 0, sizeof f);
	f.block = id;
	if (store_each_order(exec_store(x), &f, collect_member, m, err) == -1)
		return exec_store_fail(x, err);
	return 0;
}

static void
members_free(struct members *m)
{
	free(m->o);
	m->o = NULL;
	m->n = m->cap = 0;
}

/* The block ID (live or done) into TMP; fails unless it is a block. */
static struct order *
find_block(struct exec *x, const char *id, struct order *tmp,
    struct err *err)
{
	struct order *b = exec_find_order(x, id, tmp, err);

	if (!b)
		return NULL;
	if (!order_is_block(b)) {
		err_set(err, "order %s is not a block", id);
		return NULL;
	}
	return b;
}

/* Journal a status event of O (live in the book) and say so: as WHAT,
 * or (NULL) as the status it reached. */
static int
member_event(struct exec *x, struct order *o, enum order_event ev,
    const char *what, const char *text, struct err *err)
{
	if (order_apply(o, ev, err) == -1)
		return -1;
	o->updated = exec_now(x);
	if (exec_journal_status(x, o, ev, err) == -1)
		return -1;
	exec_event(x, o, what ? what : order_status_name(o->status), text);
	return 0;
}

/* ---- making blocks -------------------------------------------------- */

/* Whether two staged orders can go out as one order. */
static bool
same_terms(const struct order *a, const struct order *b)
{
	return strcmp(a->symbol, b->symbol) == 0 && a->side == b->side &&
	    a->type == b->type && a->limit_px == b->limit_px &&
	    a->stop_px == b->stop_px && a->trail == b->trail &&
	    a->trail_pct == b->trail_pct && a->tif == b->tif &&
	    a->gtd_date == b->gtd_date && strcmp(a->venue, b->venue) == 0;
}

/* Why O cannot join a block, or NULL. */
static const char *
unblockable(const struct order *o)
{
	if (order_is_block(o))
		return "is a block itself";
	if (order_in_block(o))
		return "is already in a block";
	if (o->status == ORDER_FLAGGED)
		return "is waiting for compliance review";
	if (o->status != ORDER_STAGED)
		return "has gone out (only staged orders can be blocked)";
	return NULL;
}

/* A free block id: ID if given, else the next "B<n>". */
static int
block_id(struct exec *x, const char *want, char *id, struct err *err)
{
	int r;

	if (want[0]) {
		if ((r = exec_id_taken(x, want, err)) == -1)
			return -1;
		if (r == 1)
			return err_set(err, "order id '%s' is already used",
			    want);
		str_copy(id, ORDER_ID_MAX, want);
		return 0;
	}
	for (;; BLOCKS(x)->next_block++) {
		snprintf(id, ORDER_ID_MAX, "B%" PRId64, BLOCKS(x)->next_block);
		if ((r = exec_id_taken(x, id, err)) == -1)
			return -1;
		if (r == 0)
			return 0;
	}
}

/* Make block ID of the N staged orders IDS (checked by the caller). */
static int
make_block(struct exec *x, char (*ids)[ORDER_ID_MAX], size_t n,
    const char *id, struct err *err)
{
	struct order b, *first = book_order(exec_book_rw(x), ids[0]);
	struct store_order_rec rec = { .kind = SOJ_NEW, .ts = exec_now(x) };

	b = *first;
	str_copy(b.id, sizeof b.id, id);
	str_copy(b.block, sizeof b.block, id);
	b.account[0] = '\0';
	b.qty = 0;
	b.cum_qty = b.notional = 0;
	b.reason[0] = '\0';
	b.status = b.prev_status = ORDER_STAGED;
	str_copy(b.user, sizeof b.user, exec_hook_user(x));
	str_copy(b.login, sizeof b.login, exec_hook_login(x));
	b.created = b.updated = exec_now(x);
	for (size_t i = 0; i < n; i++)
		b.qty += book_order(exec_book_rw(x), ids[i])->qty;
	snprintf(b.note, sizeof b.note, "block of %zu order%s", n,
	    n == 1 ? "" : "s");
	if (b.qty > QTY_MAX)
		return err_set(err, "block %s: %" PRId64 " is more than one "
		    "order can carry", id, b.qty);
	if (exec_check_money(x, &b, b.qty, err) == -1)
		return err_prefix(err, "block %s: ", id);
	if (exec_journal(x, &b, &rec, NULL, err) != 0)
		return -1;
	book_add_order(exec_book_rw(x), &b);
	for (size_t i = 0; i < n; i++) {
		struct order *o = book_order(exec_book_rw(x), ids[i]);
		struct store_order_rec jr = { .kind = SOJ_BLOCK,
		    .ts = exec_now(x) };
		str_copy(o->block, sizeof o->block, id);
		o->updated = exec_now(x);
		if (exec_journal(x, o, &jr, NULL, err) != 0)
			return -1;
	}
	exec_event(x, book_order(exec_book_rw(x), id), "staged", b.note);
	return 0;
}

int
blocks_cmd_block(struct exec *x, const struct cmd *c,
    struct err *err)
{
	char id[ORDER_ID_MAX];
	const struct order *first = NULL;
	const char *why;

	for (size_t i = 0; i < c->nmembers; i++) {
		struct order tmp, *o = book_order(exec_book_rw(x),
		    c->members[i]);
		if (!o) {
			if (!(o = exec_find_order(x, c->members[i], &tmp, err)))
				return -1;
			return err_set(err, "order %s is %s: only staged "
			    "orders can be blocked", o->id,
			    order_status_name(o->status));
		}
		if ((why = unblockable(o)) != NULL)
			return err_set(err, "order %s %s", o->id, why);
		if (!first) {
			first = o;
		} else if (!same_terms(first, o)) {
			return err_set(err, "order %s cannot go out with %s: a "
			    "block's orders share symbol, side, price, tif and "
			    "venue", o->id, first->id);
		}
	}
	if (block_id(x, c->id, id, err) == -1)
		return -1;
	if (make_block(x, (char (*)[ORDER_ID_MAX])c->members, c->nmembers,
	    id, err) == -1)
		return -1;
	return 0;
}

/* Staged orders, sorted by their terms, then as they were entered. */
static int
auto_cmp(const void *pa, const void *pb)
{
	const struct order *a = *(const struct order *const *)pa;
	const struct order *b = *(const struct order *const *)pb;
	int r;

	if ((r = strcmp(a->symbol, b->symbol)) != 0)
		return r;
	if (a->side != b->side)
		return (int)a->side - (int)b->side;
	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	if (a->limit_px != b->limit_px)
		return a->limit_px < b->limit_px ? -1 : 1;
	if (a->stop_px != b->stop_px)
		return a->stop_px < b->stop_px ? -1 : 1;
	if (a->trail != b->trail)
		return a->trail < b->trail ? -1 : 1;
	if (a->trail_pct != b->trail_pct)
		return a->trail_pct ? 1 : -1;
	if (a->tif != b->tif)
		return (int)a->tif - (int)b->tif;
	if (a->gtd_date != b->gtd_date)
		return a->gtd_date < b->gtd_date ? -1 : 1;
	if ((r = strcmp(a->venue, b->venue)) != 0)
		return r;
	if (a->created != b->created)
		return a->created < b->created ? -1 : 1;
	/* Automatic ids are numbers: shorter is older. */
	if (strlen(a->id) != strlen(b->id))
		return strlen(a->id) < strlen(b->id) ? -1 : 1;
	return strcmp(a->id, b->id);
}

int
blocks_cmd_block_auto(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct book *bk = exec_book_rw(x);
	size_t pos = 0, n = 0, nblocks = 0, norders = 0;
	struct order *o, **list;
	char (*ids)[ORDER_ID_MAX];
	int rc = 0;

	if (c->filter.sym[0] && !book_instrument(bk, c->filter.sym))
		return err_set(err, "unknown symbol '%s'", c->filter.sym);
	list = xcalloc(book_order_count(bk) + 1, sizeof *list);
	while ((o = book_next_order(bk, &pos)))
		if (unblockable(o) == NULL && (!c->filter.sym[0] ||
		    strcmp(c->filter.sym, o->symbol) == 0))
			list[n++] = o;
	qsort(list, n, sizeof *list, auto_cmp);
	/* Ids first: making a block adds to the book and moves its
	 * entries. */
	ids = xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		str_copy(ids[i], ORDER_ID_MAX, list[i]->id);
	for (size_t i = 0; i < n && rc == 0;) {
		size_t j = i + 1;
		const struct order *a = book_order(bk, ids[i]);
		while (j < n && same_terms(a, book_order(bk, ids[j])))
			j++;
		char id[ORDER_ID_MAX];
		if (block_id(x, "", id, err) == -1 ||
		    make_block(x, ids + i, j - i, id, err) == -1)
			rc = -1;
		nblocks++;
		norders += j - i;
		i = j;
	}
	free(ids);
	free(list);
	if (rc == 0 && exec_res(x))
		result_message(exec_res(x), "%zu block%s from %zu "
		    "staged order%s", nblocks, nblocks == 1 ? "" : "s", norders,
		    norders == 1 ? "" : "s");
	return rc;
}

/* ---- releasing and following ---------------------------------------- */

static int
blocks_leave(struct exec *x, struct order *o, struct err *err)
{
	struct order tmp, *b = exec_find_order(x, o->block, &tmp, err);
	struct order_change chg;

	if (!b)
		return -1;
	if (b->status != ORDER_STAGED)
		return err_set(err, "order %s trades through block %s, which "
		    "has gone out: cancel the block", o->id, b->id);
	memset(&chg, 0, sizeof chg);
	chg.have_qty = true;
	chg.qty = b->qty - o->qty;
	if (chg.qty <= 0) {
		/* The last member: the block goes with it. */
		snprintf(b->reason, sizeof b->reason, "its last order %s left",
		    o->id);
		if (member_event(x, b, OEV_CANCELED, "canceled", b->reason,
		    err) == -1)
			return -1;
		book_drop_order(exec_book_rw(x), b->id);
	} else {
		struct store_order_rec rec = { .kind = SOJ_AMEND, .chg = &chg,
		    .ts = exec_now(x) };
		b->qty = chg.qty;
		b->updated = exec_now(x);
		if (exec_journal(x, b, &rec, NULL, err) != 0)
			return -1;
	}
	struct store_order_rec jr = { .kind = SOJ_BLOCK, .ts = exec_now(x) };
	o->block[0] = '\0';
	o->updated = exec_now(x);
	return exec_journal(x, o, &jr, NULL, err) != 0 ? -1 : 0;
}

static int
blocks_release(struct exec *x, struct order *b, struct err *err)
{
	struct members m;
	char id[ORDER_ID_MAX], firstbad[ERR_MSG_MAX] = "";
	int nblocked = 0, nflagged = 0, rc = 0;

	str_copy(id, sizeof id, b->id);
	if (members_load(x, id, &m, err) == -1)
		return -1;
	for (size_t i = 0; i < m.n; i++)
		if (exec_hook_halted(x, m.o[i].account, err) == -1) {
			members_free(&m);
			return err_prefix(err, "block %s: ", id);
		}
	/* Every member is checked as the order it is; one that breaks a
	 * block rule is kept rejected, one that needs review waits for it
	 * on its own.  Either leaves the block. */
	for (size_t i = 0; i < m.n && rc == 0; i++) {
		struct order *o = book_order(exec_book_rw(x), m.o[i].id);
		struct cpl_result res;
		char why[NOTE_MAX];
		int worst;
		if (!o || o->status != ORDER_STAGED)
			continue;
		worst = exec_hook_check(x, o, false, &res, why);
		if ((rc = exec_hook_record(x, o, &res, err)) == -1)
			break;
		if (worst == RULE_WARN)
			exec_warn(x, "order %s: compliance warning: %s", o->id,
			    why);
		if (worst != RULE_BLOCK && worst != RULE_REVIEW)
			continue;
		if ((rc = blocks_leave(x, o, err)) == -1)
			break;
		str_copy(o->reason, sizeof o->reason, why);
		if (worst == RULE_BLOCK) {
			if (nblocked++ == 0)
				snprintf(firstbad, sizeof firstbad, "order %s "
				    "rejected by compliance: %s", o->id, why);
			rc = member_event(x, o, OEV_REJECT, "rejected", why,
			    err);
			book_drop_order(exec_book_rw(x), m.o[i].id);
		} else {
			nflagged++;
			rc = member_event(x, o, OEV_FLAG, "flagged", why, err);
		}
	}
	if (rc == 0 && nblocked > 0)
		rc = err_set(err, "block %s not released: %s%s", id, firstbad,
		    nblocked > 1 ? " (and others: see show compliance)" : "");
	if (rc == 0 && !(b = book_order(exec_book_rw(x), id)))
		rc = err_set(err, "block %s not released: none of its orders "
		    "is left", id);
	if (rc == -1) {
		members_free(&m);
		return -1;
	}
	if (nflagged > 0)
		exec_warn(x, "block %s: %d order%s taken out for compliance "
		    "review", id, nflagged, nflagged == 1 ? "" : "s");
	/* The members still in it are released with it, then the block
	 * goes. */
	for (size_t i = 0; i < m.n && rc == 0; i++) {
		struct order *o = book_order(exec_book_rw(x), m.o[i].id);
		if (o && o->status == ORDER_STAGED && order_in_block(o))
			rc = member_event(x, o, OEV_RELEASE, "released", NULL,
			    err);
	}
	members_free(&m);
	if (rc == -1 || member_event(x, b, OEV_RELEASE, "released", NULL,
	    err) == -1)
		return -1;
	return exec_send_order(x, b, err);
}

/* The event that ends an open member when its block ended in S. */
static enum order_event
ending(enum order_status s)
{
	switch (s) {
	case ORDER_EXPIRED:
		return OEV_EXPIRE;
	case ORDER_DONE_FOR_DAY:
		return OEV_DONE_FOR_DAY;
	case ORDER_REJECTED:
		return OEV_REJECT;
	default:
		return OEV_CANCELED;
	}
}

static int
blocks_sync(struct exec *x, const struct order *b, struct err *err)
{
	struct members m;
	int rc = 0;

	if (members_load(x, b->id, &m, err) == -1)
		return -1;
	bool all_booked = m.cum == b->cum_qty;
	for (size_t i = 0; i < m.n && rc == 0; i++) {
		struct order *o = book_order(exec_book_rw(x), m.o[i].id);
		char why[NOTE_MAX];
		if (!o)
			continue;
		if (o->status == ORDER_PENDING_NEW) {
			if (b->status == ORDER_REJECTED) {
				snprintf(o->reason, sizeof o->reason, "block "
				    "%s rejected: %.70s", b->id, b->reason);
				rc = member_event(x, o, OEV_REJECT, "rejected",
				    o->reason, err);
				book_drop_order(exec_book_rw(x), m.o[i].id);
				continue;
			}
			if (b->status != ORDER_PENDING_NEW)
				rc = member_event(x, o, OEV_ACK, "ack", NULL,
				    err);
		}
		if (rc == 0 && order_status_done(b->status) && all_booked &&
		    !order_status_done(o->status)) {
			enum order_event ev = ending(b->status);
			snprintf(why, sizeof why, "block %s %s", b->id,
			    order_status_name(b->status));
			str_copy(o->reason, sizeof o->reason, why);
			rc = member_event(x, o, ev, NULL, why, err);
			book_drop_order(exec_book_rw(x), m.o[i].id);
		}
	}
	members_free(&m);
	return rc;
}

/* ---- allocation ----------------------------------------------------- */

/* The split of block B's unallocated fills (QTY at PX) by C: OUT gets
 * one share per member of M.  Fails when it cannot be done. */
static int
split(struct exec *x, const struct cmd_alloc *ca, const struct order *b,
    const struct members *m, int64_t qty, struct alloc_member *am,
    struct err *err)
{
	const struct instrument *in = book_instrument(exec_book_rw(x),
	    b->symbol);
	int64_t lot = ca->lot ? ca->lot : in ? in->lot : 1;
	size_t i, k;

	if (in && lot % in->lot != 0)
		return err_set(err, "lot=%" PRId64 " is not a multiple of %s's "
		    "lot %" PRId64, lot, b->symbol, in->lot);
	for (k = 0; k < ca->nweights; k++) {
		for (i = 0; i < m->n; i++)
			if (strcmp(m->o[i].account, ca->wacct[k]) == 0)
				break;
		if (i == m->n)
			return err_set(err, "weights: account %s has no order "
			    "in block %s", ca->wacct[k], b->id);
	}
	for (i = 0; i < m->n; i++) {
		const struct order *o = &m->o[i];
		int same = 0;
		memset(&am[i], 0, sizeof am[i]);
		am[i].account = o->account;
		am[i].order_id = o->id;
		am[i].request = o->qty;
		am[i].done = o->cum_qty;
		/* An account's weight is shared by its orders in the
		 * block. */
		for (size_t j = 0; j < m->n; j++)
			same += strcmp(m->o[j].account, o->account) == 0;
		for (k = 0; k < ca->nweights; k++)
			if (strcmp(ca->wacct[k], o->account) == 0)
				am[i].weight = ca->weight[k] / same;
	}
	if (alloc_split(ca->method, qty, lot, am, m->n, err) == -1)
		return err_prefix(err, "block %s: ", b->id);
	return 0;
}

static void
alloc_row(struct exec *x, const char *block, const struct order *o,
    int64_t share, int64_t px, int64_t mult, bool preview)
{
	struct result_alloc_row a;

	if (!exec_res(x))
		return;
	memset(&a, 0, sizeof a);
	str_copy(a.block, sizeof a.block, block);
	str_copy(a.account, sizeof a.account, o->account);
	str_copy(a.order, sizeof a.order, o->id);
	a.requested = o->qty;
	a.before = o->cum_qty;
	a.qty = share;
	a.px = px;
	a.gross = money_of(share, px, mult);
	a.preview = preview;
	result_alloc_row(exec_res(x), &a);
}

/* Book (or with PREVIEW only show) block ID's fills not yet allocated. */
static int
alloc_block(struct exec *x, const char *id, const struct cmd_alloc *ca,
    bool quiet_if_none, struct err *err)
{
	struct order tmp, *bp = find_block(x, id, &tmp, err), b;
	struct members m;
	struct alloc_member *am;
	int rc = 0;

	if (!bp)
		return -1;
	b = *bp;
	if (members_load(x, b.id, &m, err) == -1)
		return -1;
	int64_t qty = b.cum_qty - m.cum;
	int64_t notional = b.notional - m.notional;
	if (qty <= 0) {
		members_free(&m);
		if (!quiet_if_none && exec_res(x))
			result_message(exec_res(x), "block %s: "
			    "nothing to allocate (%" PRId64 " filled, all "
			    "booked)", b.id, b.cum_qty);
		return 0;
	}
	const struct instrument *in = book_instrument(exec_book_rw(x),
	    b.symbol);
	int64_t mult = in ? in->mult : PX_SCALE;
	/* Every account in the booking gets the average price of the fills
	 * it covers (money to price: x PX_SCALE / MONEY_SCALE). */
	int64_t px = fixed_muldiv(notional, PX_SCALE / MONEY_SCALE, qty);
	am = xcalloc(m.n + 1, sizeof *am);
	if (split(x, ca, &b, &m, qty, am, err) == -1) {
		rc = -1;
		goto out;
	}
	if (exec_res(x)) {
		struct result_alloc ra;
		memset(&ra, 0, sizeof ra);
		str_copy(ra.block, sizeof ra.block, b.id);
		str_copy(ra.symbol, sizeof ra.symbol, b.symbol);
		str_copy(ra.method, sizeof ra.method,
		    alloc_method_name(ca->method));
		ra.qty = qty;
		ra.px = px;
		ra.preview = ca->preview;
		result_alloc(exec_res(x), &ra);
	}
	char exec_id[EXEC_ID_MAX + 64];
	snprintf(exec_id, sizeof exec_id, "%s/%" PRId64 "-%" PRId64, b.id,
	    m.cum + 1, m.cum + qty);
	if (strlen(exec_id) >= EXEC_ID_MAX) {
		rc = err_set(err, "block %s: its id is too long to name its "
		    "allocations", b.id);
		goto out;
	}
	for (size_t i = 0; i < m.n && rc == 0; i++) {
		if (am[i].out == 0)
			continue;
		alloc_row(x, b.id, &m.o[i], am[i].out, px, mult, ca->preview);
		if (ca->preview)
			continue;
		struct venue_event ev;
		memset(&ev, 0, sizeof ev);
		ev.kind = VEV_FILL;
		str_copy(ev.order_id, sizeof ev.order_id, m.o[i].id);
		str_copy(ev.exec_id, sizeof ev.exec_id, exec_id);
		ev.qty = am[i].out;
		ev.px = px;
		/* Quiet: the table above is the report. */
		struct result *out = exec_set_res(x, NULL);
		rc = exec_apply_event(x, &ev, err);
		(void)exec_set_res(x, out);
		struct order after, *ap = exec_find_order(x, m.o[i].id, &after,
		    err);
		if (rc == 0 && (!ap || ap->cum_qty != m.o[i].cum_qty +
		    am[i].out))
			rc = err_set(err, "block %s: order %s did not take its "
			    "allocation of %" PRId64 "; see the messages", b.id,
			    m.o[i].id, am[i].out);
	}
	if (rc == 0 && !ca->preview)
		rc = blocks_sync(x, &b, err);
out:
	free(am);
	members_free(&m);
	return rc;
}

int
blocks_cmd_alloc(struct exec *x, const struct cmd *c,
    struct err *err)
{
	return alloc_block(x, c->id, &c->alloc, false, err);
}

/* The ids of every block, oldest first. */
struct block_ids {
	char	(*id)[ORDER_ID_MAX];
	size_t	n, cap;
};

static int
keep_block_id(void *ctx, const struct order *b)
{
	struct block_ids *ids = ctx;

	if (!order_is_block(b) || b->cum_qty == 0)
		return 0;
	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? ids->cap * 2 : 64;
		ids->id = xrealloc(ids->id, ids->cap * ORDER_ID_MAX);
	}
	str_copy(ids->id[ids->n++], ORDER_ID_MAX, b->id);
	return 0;
}

/* alloc all: every block with fills no booking has covered. */
int
blocks_cmd_alloc_all(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct block_ids ids = { NULL, 0, 0 };
	struct store_order_filter f;
	int rc = 0;

	memset(&f, 0, sizeof f);
	f.block = STORE_BLOCKS;
	if (store_each_order(exec_store(x), &f, keep_block_id, &ids, err) == -1)
		rc = exec_store_fail(x, err);
	for (size_t i = 0; i < ids.n && rc == 0; i++)
		rc = alloc_block(x, ids.id[i], &c->alloc, true, err);
	free(ids.id);
	return rc;
}

/* ---- looking -------------------------------------------------------- */

struct block_row {
	const struct order *b;
	size_t	norders;
	int64_t	alloc;
};

static void
block_line(struct exec *x, const struct block_row *r, bool header)
{
	const struct order *b = r->b;
	struct result_block bl;

	memset(&bl, 0, sizeof bl);
	str_copy(bl.id, sizeof bl.id, b->id);
	str_copy(bl.symbol, sizeof bl.symbol, b->symbol);
	bl.side = b->side;
	bl.status = b->status;
	bl.qty = b->qty;
	bl.cum_qty = b->cum_qty;
	bl.allocated = r->alloc;
	bl.avg_px = order_avg_px(b);
	bl.orders = (int64_t)r->norders;
	/* The edge fits the symbol column to the rows. */
	if (header)
		result_block_header(exec_res(x), 0);
	result_block(exec_res(x), &bl, 0);
}

struct each_block {
	struct exec *x;
	int	n;
	int	rc;
	struct err *err;
};

static int
show_one_block(void *ctx, const struct order *b)
{
	struct each_block *e = ctx;
	struct members m;
	struct block_row r = { b, 0, 0 };

	if (!order_is_block(b))
		return 0;
	if (members_load(e->x, b->id, &m, e->err) == -1)
		return e->rc = -1, 1;
	r.norders = m.n;
	r.alloc = m.cum;
	members_free(&m);
	block_line(e->x, &r, e->n++ == 0);
	return 0;
}

static int
each_block(struct exec *x, int (*fn)(void *, const struct order *),
    void *ctx, struct err *err)
{
	struct store_order_filter f;

	memset(&f, 0, sizeof f);
	f.block = STORE_BLOCKS;
	if (store_each_order(exec_store(x), &f, fn, ctx, err) == -1)
		return exec_store_fail(x, err);
	return 0;
}

int
blocks_cmd_show_blocks(struct exec *x, const struct cmd *c,
    struct err *err)
{
	(void)c;
	struct each_block e = { x, 0, 0, err };

	if (!exec_res(x))
		return 0;
	if (each_block(x, show_one_block, &e, err) == -1 || e.rc == -1)
		return -1;
	if (e.n == 0)
		result_note(exec_res(x), "no blocks");
	return 0;
}

/* The allocations of block B: one row per member fill it booked. */
struct alloc_ctx {
	struct exec *x;
	const char *block;
	const struct order *o;
	int	n;
	int	symw;			/* the symbol column's width at least */
};

static int
show_alloc_exec(void *ctx, const struct store_exec *e)
{
	struct alloc_ctx *a = ctx;
	struct exec *x = a->x;
	const struct instrument *in = book_instrument(exec_book_rw(x),
	    e->symbol);
	size_t bl = strlen(a->block);

	if (strncmp(e->exec_id, a->block, bl) != 0 || e->exec_id[bl] != '/' ||
	    e->busted)
		return 0;
	struct result_booking bk;
	memset(&bk, 0, sizeof bk);
	str_copy(bk.block, sizeof bk.block, a->block);
	str_copy(bk.booking, sizeof bk.booking, e->exec_id + bl + 1);
	str_copy(bk.account, sizeof bk.account, e->account);
	str_copy(bk.order, sizeof bk.order, e->order_id);
	str_copy(bk.symbol, sizeof bk.symbol, e->symbol);
	bk.side = e->side;
	bk.qty = e->qty;
	bk.px = e->px;
	bk.gross = money_of(e->qty, e->px, in ? in->mult : PX_SCALE);
	/* The edge fits the symbol column to the rows. */
	if (a->n++ == 0)
		result_booking_header(exec_res(x), a->symw);
	result_booking(exec_res(x), &bk, a->symw);
	return 0;
}

/* The allocations of BLOCK; *N rows so far, their symbol column at
 * least SYMW wide. */
static int
show_allocs_of(struct exec *x, const char *block, int *n, int symw,
    struct err *err)
{
	struct members m;
	struct alloc_ctx a = { x, block, NULL, *n, symw };
	int rc = 0;

	if (members_load(x, block, &m, err) == -1)
		return -1;
	for (size_t i = 0; i < m.n && rc == 0; i++) {
		a.o = &m.o[i];
		if (m.o[i].cum_qty > 0 && store_each_exec(exec_store(x),
		    m.o[i].id,
		    show_alloc_exec, &a, err) == -1)
			rc = exec_store_fail(x, err);
	}
	members_free(&m);
	*n = a.n;
	return rc;
}

struct allocs_all {
	struct exec *x;
	int	n, rc;
	struct err *err;
};

static int
allocs_of_block(void *ctx, const struct order *b)
{
	struct allocs_all *a = ctx;

	if (order_is_block(b) && show_allocs_of(a->x, b->id, &a->n, 0,
	    a->err) == -1)
		return a->rc = -1, 1;
	return 0;
}

int
blocks_cmd_show_allocations(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct order tmp;
	int n = 0;

	if (!exec_res(x))
		return 0;
	if (c->id[0]) {
		if (!find_block(x, c->id, &tmp, err) ||
		    show_allocs_of(x, c->id, &n, 0, err) == -1)
			return -1;
	} else {
		struct allocs_all a = { x, 0, 0, err };
		if (each_block(x, allocs_of_block, &a, err) == -1 ||
		    a.rc == -1)
			return -1;
		n = a.n;
	}
	if (n == 0)
		result_note(exec_res(x), "no allocations booked");
	return 0;
}

int
blocks_cmd_show_block(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct order tmp, *b = find_block(x, c->id, &tmp, err);
	struct members m;
	int n = 0;

	if (!b)
		return -1;
	if (!exec_res(x))
		return 0;
	struct order copy = *b;
	if (members_load(x, copy.id, &m, err) == -1)
		return -1;
	struct block_row r = { &copy, m.n, m.cum };
	block_line(x, &r, true);
	result_note(exec_res(x), "%" PRId64 " unallocated; orders:",
	    copy.cum_qty - m.cum);
	int symw = 0;
	for (size_t i = 0; i < m.n; i++)
		symw = format_symbol_width(symw, m.o[i].symbol);
	result_order_header(exec_res(x), symw);
	for (size_t i = 0; i < m.n; i++)
		result_order(exec_res(x), &m.o[i], exec_order_tick(x,
		    &m.o[i]));
	members_free(&m);
	result_note(exec_res(x), "allocations:");
	/* Its allocations are in its members' symbol: SYMW fits. */
	if (show_allocs_of(x, copy.id, &n, symw, err) == -1)
		return -1;
	if (n == 0)
		result_note(exec_res(x), "  none booked yet");
	return 0;
}

int
blocks_cmd_expect_block(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct order tmp, *b = find_block(x, c->id, &tmp, err);
	const struct cmd_expect *e = &c->exp;
	struct expect_report r = { "", 0, false };
	struct members m;
	char what[64];

	if (!b)
		return err_prefix(err, "expect block: ");
	if ((e->have & EXP_STATUS) && b->status != e->status)
		exp_add(&r, "status is %s, expected %s",
		    order_status_name(b->status), order_status_name(e->status));
	if (e->have & EXP_QTY)
		exp_fixed(&r, "qty", b->qty, 0, &e->qty);
	if (e->have & EXP_CUM)
		exp_fixed(&r, "cum", b->cum_qty, 0, &e->cum);
	if (e->have & EXP_AVGPX)
		exp_fixed(&r, "avgpx", order_avg_px(b), PX_DECIMALS,
		    &e->avgpx);
	if (e->have & EXP_ORDERS) {
		struct order copy = *b;
		if (members_load(x, copy.id, &m, err) == -1)
			return -1;
		if ((int64_t)m.n != e->count)
			exp_add(&r, "orders is %zu, expected %" PRId64, m.n,
			    e->count);
		members_free(&m);
	}
	snprintf(what, sizeof what, "expect block %s", c->id);
	return exp_done(&r, what, err);
}

int
blocks_cmd_expect_allocation(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct order tmp;
	const struct cmd_expect *e = &c->exp;
	struct expect_report r = { "", 0, false };
	struct members m;
	int64_t qty = 0, notional = 0;
	char what[96];
	bool found = false;

	if (!find_block(x, c->id, &tmp, err))
		return err_prefix(err, "expect allocation: ");
	if (!book_account(exec_book_rw(x), c->filter.acct))
		return err_set(err, "expect allocation: unknown account '%s'",
		    c->filter.acct);
	if (members_load(x, c->id, &m, err) == -1)
		return -1;
	for (size_t i = 0; i < m.n; i++)
		if (strcmp(m.o[i].account, c->filter.acct) == 0) {
			found = true;
			qty += m.o[i].cum_qty;
			notional += m.o[i].notional;
		}
	members_free(&m);
	snprintf(what, sizeof what, "expect allocation %s %s", c->id,
	    c->filter.acct);
	if (!found)
		return err_set(err, "%s: account %s has no order in block %s",
		    what, c->filter.acct, c->id);
	if (e->have & EXP_QTY)
		exp_fixed(&r, "qty", qty, 0, &e->qty);
	if (e->have & EXP_AVGPX)
		exp_fixed(&r, "avgpx", qty ? fixed_muldiv(notional,
		    PX_SCALE / MONEY_SCALE, qty) : 0, PX_DECIMALS, &e->avgpx);
	return exp_done(&r, what, err);
}

/* What blocks filled and no booking covered yet: one position per
 * block, under the account "unallocated". */
struct unalloc_ctx {
	struct exec *x;
	void	(*fn)(void *, const struct format_position *);
	void	*ctx;
	struct err err;
};

static int
unalloc_row(void *ctx, const struct order *b)
{
	struct unalloc_ctx *u = ctx;
	struct exec *x = u->x;
	struct members m;

	if (!order_is_block(b) || b->cum_qty == 0)
		return 0;
	if (members_load(x, b->id, &m, &u->err) == -1)
		return 1;
	int64_t qty = b->cum_qty - m.cum, notional = b->notional - m.notional;
	members_free(&m);
	if (qty <= 0)
		return 0;
	const struct instrument *in = book_instrument(exec_book_rw(x),
	    b->symbol);
	const struct book_quote *bq = book_quote(exec_book_rw(x), b->symbol);
	int64_t mult = in ? in->mult : PX_SCALE,
	    sign = order_side_sign(b->side);
	struct position p;
	struct format_position v;
	memset(&p, 0, sizeof p);
	str_copy(p.account, sizeof p.account, b->id);
	str_copy(p.symbol, sizeof p.symbol, b->symbol);
	p.qty = sign * qty;
	/* The cost of the fills, with the multiplier (notional has none). */
	p.cost = sign * fixed_muldiv(notional, mult, PX_SCALE);
	memset(&v, 0, sizeof v);
	v.account = "unallocated";
	v.symbol = p.symbol;
	v.ccy = v.base_ccy = in ? in->ccy : "USD";
	v.tick = in ? in->tick : 0;
	v.qty = p.qty;
	v.avg_cost = position_avg_cost(&p, mult);
	v.mark = bq ? bq->mark : 0;
	v.unrealized = v.mark ? position_unrealized(&p, v.mark, mult) : 0;
	v.unrealized_base = v.unrealized;
	v.have_base = true;
	v.block = b->id;
	u->fn(u->ctx, &v);
	return 0;
}

static int
blocks_each_unallocated(struct exec *x,
    void (*fn)(void *, const struct format_position *), void *ctx,
    struct err *err)
{
	struct unalloc_ctx u = { x, fn, ctx, { "" } };
	struct store_order_filter f;

	memset(&f, 0, sizeof f);
	f.block = STORE_BLOCKS;
	if (store_each_order(exec_store(x), &f, unalloc_row, &u,
	    &u.err) == -1 ||
	    u.err.msg[0])
		return err_set(err, "unallocated fills: %s", u.err.msg);
	return 0;
}

struct unalloc_rows {
	struct exec *x;
	int	*n;
	int	symw;			/* the symbol column's width */
};

static void
unalloc_print(void *ctx, const struct format_position *v)
{
	struct unalloc_rows *r = ctx;
	struct format_position w = *v;

	w.symw = r->symw;
	if ((*r->n)++ == 0)
		result_position_header(exec_res(r->x), r->symw);
	result_position(exec_res(r->x), &w);
}

static void
blocks_unallocated(struct exec *x, const char *acct, int symw, int *n)
{
	struct unalloc_rows r = { x, n, symw };
	struct err err = { "" };

	if (acct && acct[0])
		return;		/* no account holds them yet */
	if (blocks_each_unallocated(x, unalloc_print, &r, &err) == -1)
		exec_warn(x, "%s", err.msg);
}

/* ---- start-of-day positions ----------------------------------------- */

static const char *const position_cols[] = { "account", "symbol", "qty",
    "avg_cost" };
static const char *const position_need[] = { "account", "symbol", "qty",
    NULL };

static int
parse_position_row(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	struct exec *x = ctx;
	struct position *p = row;
	const char *acct = csv_get(c, f, n, "account");
	const char *sym = csv_get(c, f, n, "symbol");
	const char *v;
	const struct instrument *in;
	int64_t px = 0;
	bool neg;

	memset(p, 0, sizeof *p);
	if (!book_account(exec_book_rw(x), acct))
		return err_set(err, "unknown account '%s'", acct);
	if (!(in = book_instrument(exec_book_rw(x), sym)))
		return err_set(err, "unknown symbol '%s'", sym);
	str_copy(p->account, sizeof p->account, acct);
	str_copy(p->symbol, sizeof p->symbol, sym);
	v = csv_get(c, f, n, "qty");
	neg = *v == '-';
	if (qty_parse(neg ? v + 1 : v, &p->qty, err) == -1)
		return -1;
	if (p->qty % in->lot != 0)
		return err_set(err, "%s: quantity %s is not a multiple of lot "
		    "%" PRId64, sym, v, in->lot);
	if (neg)
		p->qty = -p->qty;
	v = csv_get(c, f, n, "avg_cost");
	if (*v && fixed_parse(v, PX_DECIMALS, &px, "average cost", err) == -1)
		return -1;
	if (px < 0)
		return err_set(err, "average cost %s cannot be negative", v);
	if (p->qty != 0 && px == 0)
		return err_set(err, "%s: a position needs its average cost",
		    sym);
	if (money_mul(p->qty, px, in->mult, &p->cost) == -1 ||
	    p->cost > MONEY_MAX || p->cost < -MONEY_MAX) {
		char lim[48];
		return err_set(err, "%s: %s at %s costs more than the limit "
		    "of %s %s a position may have", sym, csv_get(c, f, n,
		    "qty"), v, money_fmt(MONEY_MAX, lim, sizeof lim), in->ccy);
	}
	/* In the account's own currency too, as an order's: its P&L must
	 * convert.  No rate yet holds nothing back (it waits for one). */
	const struct account *a = book_account(exec_book_rw(x), acct);
	if (!exec_base_within(x, a, in->ccy, p->cost, MONEY_MAX)) {
		char lim[48];
		return err_set(err, "%s: %s at %s costs more than the limit "
		    "of %s %s a position of account %s may have", sym,
		    csv_get(c, f, n, "qty"), v, money_fmt(MONEY_MAX, lim,
		    sizeof lim), a->ccy, acct);
	}
	return 0;
}

static const char *
position_key(const void *row)
{
	static char key[POSITION_KEY_MAX];
	const struct position *p = row;

	return position_map_key(key, p->account, p->symbol);
}

static int
put_position_row(void *ctx, const void *row, struct err *err)
{
	struct exec *x = ctx;
	const struct position *in = row;
	struct position *p = book_position(exec_book_rw(x), in->account,
	    in->symbol, true);
	struct position after = *p;

	after.qty = in->qty;
	after.cost = in->cost;
	if (store_load_position(exec_store(x), &after, exec_now(x), err) == -1)
		return exec_store_fail(x, err);
	*p = after;
	exec_hook_after_fill(x, in->account, in->symbol, err);
	return 0;
}

static const struct csv_kind positions_csv = { position_cols, 4,
    position_need, sizeof(struct position), parse_position_row,
    position_key, put_position_row };

/* ---- staging from files --------------------------------------------- */

/* Orders staged by one import or rebalance, and what compliance said. */
struct staging {
	struct exec *x;
	int	staged, flagged, rejected, warned;
	char	first_rejected[ERR_MSG_MAX];
	const char *note;
	size_t	ntent;			/* tentative orders in the book */
};

/* The id of tentative order I: no order id can look like it. */
static void
tentative_id(size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "\037staging %zu", i);
}

/* Hold the order C would stage to the money limit, counting the orders
 * of the same file or model before it, which wait in the book meanwhile:
 * every one is checked before the first is staged, so that one past the
 * limit stages nothing. */
static int
tentative_add(struct staging *s, const struct cmd *c, struct err *err)
{
	struct exec *x = s->x;
	const struct instrument *in = book_instrument(exec_book_rw(x), c->sym);
	struct order o;

	memset(&o, 0, sizeof o);
	tentative_id(s->ntent, o.id, sizeof o.id);
	str_copy(o.account, sizeof o.account, c->ord.req.account);
	str_copy(o.symbol, sizeof o.symbol, in ? in->symbol : c->sym);
	o.side = c->ord.req.side;
	o.type = c->ord.req.type;
	o.tif = c->ord.req.tif;
	o.qty = c->ord.req.qty;
	o.limit_px = c->ord.req.limit_px;
	o.stop_px = c->ord.req.stop_px;
	o.status = o.prev_status = ORDER_STAGED;
	if (exec_check_money(x, &o, o.qty, err) == -1)
		return -1;
	book_add_order(exec_book_rw(x), &o);
	s->ntent++;
	return 0;
}

/* Take the tentative orders out of the book again. */
static void
tentative_drop(struct staging *s)
{
	char	id[ORDER_ID_MAX];

	for (size_t i = 0; i < s->ntent; i++) {
		tentative_id(i, id, sizeof id);
		book_drop_order(exec_book_rw(s->x), id);
	}
	s->ntent = 0;
}

/* Stage the order of C, checked by compliance (quietly: the summary
 * says what happened).  -1 only when nothing could be stored. */
static int
stage_one(struct staging *s, struct cmd *c, struct err *err)
{
	struct exec *x = s->x;
	struct result *out = exec_set_res(x, NULL);
	struct err e = { "" };
	int worst = RULE_PASS, rc;

	c->ord.req.stage = true;
	str_copy(c->ord.req.note, sizeof c->ord.req.note, s->note);
	rc = exec_new_order(x, c, true, &worst, NULL, &e);
	(void)exec_set_res(x, out);
	if (rc == -1 && worst != RULE_BLOCK)
		return err_set(err, "%s", e.msg);
	if (worst == RULE_BLOCK) {
		if (s->rejected++ == 0)
			snprintf(s->first_rejected, sizeof s->first_rejected,
			    "%s", e.msg);
	} else if (worst == RULE_REVIEW) {
		s->flagged++;
	} else {
		s->warned += worst == RULE_WARN;
		s->staged++;
	}
	return 0;
}

static int
staging_done(struct staging *s, const char *what, struct err *err)
{
	struct exec *x = s->x;

	if (exec_res(x))
		result_message(exec_res(x), "%s: %d order%s "
		    "staged, %d flagged for review, %d rejected by compliance"
		    "%s", what, s->staged, s->staged == 1 ? "" : "s",
		    s->flagged, s->rejected, s->warned ? " (with warnings)" :
		    "");
	if (s->rejected)
		return err_set(err, "%s: %d order%s rejected by compliance, "
		    "the first: %s", what, s->rejected, s->rejected == 1 ?
		    "" : "s", s->first_rejected);
	return 0;
}

static const char *const trade_cols[] = { "account", "symbol", "side",
    "qty", "limit", "tif" };
static const char *const trade_need[] = { "account", "symbol", "side",
    "qty", NULL };

/* A trade row, checked as the order command would check it. */
static int
parse_trade_row(void *ctx, const struct csv *c, char **f, int n, void *row,
    struct err *err)
{
	struct exec *x = ctx;
	struct cmd *cmd = row;
	struct cmd_order *co = &cmd->ord;
	const char *acct = csv_get(c, f, n, "account");
	const char *sym = csv_get(c, f, n, "symbol");
	const char *v;
	const struct instrument *in;

	memset(cmd, 0, sizeof *cmd);
	cmd->kind = CMD_ORDER;
	if (!book_account(exec_book_rw(x), acct))
		return err_set(err, "unknown account '%s'", acct);
	if (!(in = book_instrument(exec_book_rw(x), sym)))
		return err_set(err, "unknown symbol '%s'", sym);
	str_copy(co->req.account, sizeof co->req.account, acct);
	str_copy(cmd->sym, sizeof cmd->sym, sym);
	v = csv_get(c, f, n, "side");
	if (order_side_parse(v, &co->req.side) == -1)
		return err_set(err, "'%s' is not a side (buy, sell, short or "
		    "cover)", v);
	if (qty_parse(csv_get(c, f, n, "qty"), &co->req.qty, err) == -1 ||
	    instrument_check_qty(in, co->req.qty, err) == -1)
		return -1;
	co->req.type = OTYPE_MARKET;
	if (*(v = csv_get(c, f, n, "limit"))) {
		if (fixed_parse(v, PX_DECIMALS, &co->req.limit_px, "limit", err) ==
		    -1 || instrument_check_price(in, co->req.limit_px, "limit",
		    err) == -1)
			return -1;
		co->req.type = OTYPE_LIMIT;
	}
	co->req.tif = TIF_DAY;
	if (*(v = csv_get(c, f, n, "tif")) &&
	    order_tif_parse(v, &co->req.tif, &co->req.gtd_date, err) == -1)
		return -1;
	if (co->req.tif == TIF_GTD && co->req.gtd_date < exec_date(x))
		return err_set(err, "tif=%s: that date is already past", v);
	return 0;
}

static int
put_trade_row(void *ctx, const void *row, struct err *err)
{
	struct staging *s = ctx;

	/* Every line was good and held to the limit: stage them now. */
	tentative_drop(s);
	return stage_one(s, (struct cmd *)row, err);
}

static int
parse_trade_row_s(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	struct staging *s = ctx;

	if (parse_trade_row(s->x, c, f, n, row, err) == -1)
		return -1;
	return tentative_add(s, row, err);
}

/* Report a bad line for a loader whose context starts with the exec. */
static void
report_first(void *ctx, const char *msg)
{
	exec_report(*(struct exec **)ctx, msg);
}

static const struct csv_kind trades_csv = { trade_cols, 6, trade_need,
    sizeof(struct cmd), parse_trade_row_s, NULL, put_trade_row };

int
blocks_cmd_import_trades(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct staging s = { .x = x };
	char note[NOTE_MAX], what[CMD_PATH_MAX + 16];
	const char *base = strrchr(c->path, '/');
	int n;

	snprintf(note, sizeof note, "import %.100s", base ? base + 1 : c->path);
	s.note = note;
	if (csv_load(&s, c->path, &trades_csv, report_first, &n, err) == -1) {
		tentative_drop(&s);
		return -1;
	}
	str_copy(what, sizeof what, c->path);
	return staging_done(&s, what, err);
}

/* ---- rebalance ------------------------------------------------------ */

struct model_row {
	char	account[ACCOUNT_MAX];	/* "" = every account */
	char	symbol[SYMBOL_MAX];
	int64_t	weight;			/* percent, PX_SCALE */
};

static const char *const model_cols[] = { "account", "symbol", "weight" };
static const char *const model_need[] = { "symbol", "weight", NULL };

static int
parse_model_row(void *ctx, const struct csv *c, char **f, int n, void *row,
    struct err *err)
{
	struct exec *x = ctx;
	struct model_row *r = row;
	const char *acct = csv_get(c, f, n, "account");
	const char *sym = csv_get(c, f, n, "symbol");
	const char *w = csv_get(c, f, n, "weight");

	memset(r, 0, sizeof *r);
	if (*acct && !book_account(exec_book_rw(x), acct))
		return err_set(err, "unknown account '%s'", acct);
	if (!book_instrument(exec_book_rw(x), sym))
		return err_set(err, "unknown symbol '%s'", sym);
	if (fixed_parse(w, PX_DECIMALS, &r->weight, "weight", err) == -1)
		return -1;
	if (r->weight < 0 || r->weight > 100 * PX_SCALE)
		return err_set(err, "weight %s is not a percentage of NAV "
		    "(0 to 100)", w);
	str_copy(r->account, sizeof r->account, acct);
	str_copy(r->symbol, sizeof r->symbol, sym);
	return 0;
}

static const char *
model_key(const void *row)
{
	static char key[POSITION_KEY_MAX];
	const struct model_row *r = row;

	return position_map_key(key, r->account, r->symbol);
}

struct model {
	struct model_row *rows;
	size_t	n, cap;
};

static int
keep_model_row(void *ctx, const void *row, struct err *err)
{
	struct model *m = ctx;

	(void)err;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->rows = xrealloc(m->rows, m->cap * sizeof *m->rows);
	}
	m->rows[m->n++] = *(const struct model_row *)row;
	return 0;
}

/* One trade of a rebalance, before it is staged. */
struct rb_trade {
	char	account[ACCOUNT_MAX];
	char	symbol[SYMBOL_MAX];
	int64_t	delta;		/* signed units */
};

/* Append the trade of DELTA units of SYM for ACCT. */
static void
add_trade(struct rb_trade **t, size_t *nt, size_t *cap, const char *acct,
    const char *sym, int64_t delta)
{
	if (*nt == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*t = xrealloc(*t, *cap * sizeof **t);
	}
	str_copy((*t)[*nt].account, ACCOUNT_MAX, acct);
	str_copy((*t)[*nt].symbol, SYMBOL_MAX, sym);
	(*t)[(*nt)++].delta = delta;
}

/* Whether the model M holds rows for ACCT of its own. */
static bool
model_names(const struct model *m, const char *acct)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->rows[i].account, acct) == 0)
			return true;
	return false;
}

static bool
holds_any(struct exec *x, const char *acct)
{
	size_t pos = 0;
	struct position *p;

	while ((p = book_next_position(exec_book_rw(x), &pos)))
		if (p->qty != 0 && strcmp(p->account, acct) == 0)
			return true;
	return false;
}

/* The target of ACCT in IN at WEIGHT: err when it cannot be priced. */
static int
target_of(struct exec *x, const struct account *a,
    const struct instrument *in, int64_t weight, int64_t *target,
    struct err *err)
{
	const struct book_quote *bq = book_quote(exec_book_rw(x), in->symbol);
	int64_t nav;

	if (weight == 0) {
		*target = 0;
		return 0;
	}
	if (!bq || bq->mark <= 0)
		return err_set(err, "%s has no mark: quote or mark it first",
		    in->symbol);
	if (fx_convert(book_fx(exec_book_rw(x)), a->nav, a->ccy, in->ccy, &nav,
	    err) == -1)
		return err_prefix(err, "account %s: ", a->id);
	*target = rebalance_target(weight, nav, bq->mark, in->mult, in->lot);
	if (*target > QTY_MAX) {
		char w[48], n[48], mk[48];
		return err_set(err, "account %s: %s%% of its NAV of %s %s in "
		    "%s at the mark %s is a target of more than %lld units, "
		    "the most an order may have", a->id, fixed_fmt(weight,
		    PX_DECIMALS, 0, w, sizeof w), money_fmt(nav, n, sizeof n),
		    in->ccy, in->symbol, fixed_fmt(bq->mark, PX_DECIMALS, 2,
		    mk, sizeof mk), (long long)QTY_MAX);
	}
	return 0;
}

/* The trades that bring ACCT to the model rows that apply to it. */
static int
rebalance_account(struct exec *x, const struct account *a,
    const struct model *m, bool own, struct rb_trade **t, size_t *nt,
    size_t *cap, struct err *err)
{
	struct book *bk = exec_book_rw(x);
	size_t pos = 0;
	struct position *p;

	/* Symbols in the model. */
	for (size_t i = 0; i < m->n; i++) {
		const struct model_row *r = &m->rows[i];
		if (own ? strcmp(r->account, a->id) != 0 : r->account[0])
			continue;
		const struct instrument *in = book_instrument(bk, r->symbol);
		const struct position *hp = book_position(bk, a->id, r->symbol,
		    false);
		int64_t target = 0;
		if (target_of(x, a, in, r->weight, &target, err) == -1)
			return -1;
		int64_t delta;
		if (__builtin_sub_overflow(target, hp ? hp->qty : 0, &delta))
			return err_set(err, "account %s: %s: the trade to the "
			    "target of %lld from the position of %lld is past "
			    "64 bits", a->id, r->symbol, (long long)target,
			    (long long)hp->qty);
		if (delta != 0)
			add_trade(t, nt, cap, a->id, r->symbol, delta);
	}
	/* Held, but not in the model: out. */
	while ((p = book_next_position(bk, &pos))) {
		bool in_model = false;
		if (p->qty == 0 || strcmp(p->account, a->id) != 0)
			continue;
		for (size_t i = 0; i < m->n && !in_model; i++)
			in_model = strcmp(m->rows[i].symbol, p->symbol) == 0 &&
			    (own ? strcmp(m->rows[i].account, a->id) == 0 :
			    m->rows[i].account[0] == '\0');
		if (!in_model)
			add_trade(t, nt, cap, a->id, p->symbol, -p->qty);
	}
	return 0;
}

/* Parse with the exec, keep into the model. */
struct model_load {
	struct exec *x;
	struct model m;
};

static int
parse_model_row_l(void *ctx, const struct csv *c, char **f, int n,
    void *row, struct err *err)
{
	return parse_model_row(((struct model_load *)ctx)->x, c, f, n, row,
	    err);
}

static int
keep_model_row_l(void *ctx, const void *row, struct err *err)
{
	return keep_model_row(&((struct model_load *)ctx)->m, row, err);
}

static int
id_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
blocks_cmd_rebalance(struct exec *x, const struct cmd *c,
    struct err *err)
{
	static const struct csv_kind k = { model_cols, 3, model_need,
	    sizeof(struct model_row), parse_model_row_l, model_key,
	    keep_model_row_l };
	struct model_load ml = { x, { NULL, 0, 0 } };
	struct model *m = &ml.m;
	struct rb_trade *t = NULL;
	size_t nt = 0, cap = 0, pos = 0, na = 0;
	const struct account *a;
	const char **accts = NULL;
	struct staging s = { .x = x };
	char note[NOTE_MAX], what[CMD_PATH_MAX + 16];
	const char *base = strrchr(c->path, '/');
	bool named = false;
	int n, rc = -1;

	if (c->filter.acct[0] && !book_account(exec_book_rw(x), c->filter.acct))
		return err_set(err, "unknown account '%s'", c->filter.acct);
	if (csv_load(&ml, c->path, &k, report_first, &n, err) == -1)
		goto out;
	for (size_t i = 0; i < m->n; i++)
		named |= m->rows[i].account[0] != '\0';
	/* The accounts: the one asked for; else those the file names;
	 * else every account that holds something. */
	accts = xcalloc(book_account_count(exec_book_rw(x)) + 1, sizeof *accts);
	while ((a = book_next_account(exec_book_rw(x), &pos))) {
		if (c->filter.acct[0] ? strcmp(a->id, c->filter.acct) == 0 :
		    named ? model_names(m, a->id) : holds_any(x, a->id))
			accts[na++] = a->id;
	}
	qsort(accts, na, sizeof *accts, id_cmp);
	/* Every target is priced before anything is staged. */
	for (size_t i = 0; i < na; i++) {
		a = book_account(exec_book_rw(x), accts[i]);
		if (rebalance_account(x, a, m, model_names(m, a->id), &t, &nt,
		    &cap, err) == -1)
			goto out;
	}
	snprintf(note, sizeof note, "rebalance %.100s", base ? base + 1 :
	    c->path);
	s.note = note;
	/* Sells first: they raise the cash the buys spend.  The first round
	 * holds every order to the money limit, the second stages them. */
	for (int round = 0; round < 2; round++) {
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < nt; i++) {
				struct cmd oc;
				if ((pass == 0) != (t[i].delta < 0))
					continue;
				struct order_req rq = { .side = t[i].delta <
				    0 ? SIDE_SELL : SIDE_BUY, .qty =
				    t[i].delta < 0 ? -t[i].delta : t[i].delta,
				    .type = OTYPE_MARKET, .tif = TIF_DAY };
				str_copy(rq.account, sizeof rq.account,
				    t[i].account);
				str_copy(rq.symbol, sizeof rq.symbol,
				    t[i].symbol);
				cmd_order_of(&oc, CMD_ORDER, &rq);
				if ((round == 0 ? tentative_add(&s, &oc, err) :
				    stage_one(&s, &oc, err)) == -1) {
					tentative_drop(&s);
					goto out;
				}
			}
		tentative_drop(&s);
	}
	snprintf(what, sizeof what, "rebalance to %.900s (%zu account%s)",
	    c->path,
	    na, na == 1 ? "" : "s");
	rc = staging_done(&s, what, err);
out:
	free(accts);
	free(t);
	free(m->rows);
	return rc;
}

/* ---- confirmations -------------------------------------------------- */

struct confirms {
	struct exec *x;
	struct sbuf *file;		/* out=FILE: its text (else NULL) */
	bool	json;			/* the file is JSON lines */
	int	n;
	const struct order *o;
	int	symw;			/* the widest symbol shown */
	bool	measure;		/* a first pass: only measure */
};

static int
confirm_exec(void *ctx, const struct store_exec *e)
{
	struct confirms *cf = ctx;
	const struct instrument *in = book_instrument(exec_book_rw(cf->x),
	    e->symbol);
	const struct account *a = book_account(exec_book_rw(cf->x), e->account);
	char td[16], sd[16], q[24], p[32], g[32], fee[32], net[32];
	int32_t trade, settle;
	int64_t gross, fees = 0;

	if (e->busted)
		return 0;
	if (cf->measure) {
		cf->symw = format_symbol_width(cf->symw, e->symbol);
		return 0;
	}
	trade = exec_date_of(e->ts);
	settle = settle_date(exec_calendar(cf->x), trade,
	    in ? settle_days(in) : 2);
	calendar_date_fmt(trade, td, sizeof td);
	calendar_date_fmt(settle, sd, sizeof sd);
	gross = money_of(e->qty, e->px, in ? in->mult : PX_SCALE);
	snprintf(q, sizeof q, "%" PRId64, e->qty);
	format_px(e->px, p, sizeof p);
	format_money(gross, g, sizeof g);
	format_money(fees, fee, sizeof fee);
	/* A buyer pays the fees on top, a seller has them taken off. */
	format_money(order_side_sign(e->side) > 0 ? gross + fees : gross - fees,
	    net, sizeof net);
	struct format_field f[] = {
		{ "account", e->account, 12, false, false },
		{ "trade_date", td, 11, false, false },
		{ "settle_date", sd, 11, false, false },
		{ "side", order_side_name(e->side), 6, false, false },
		{ "qty", q, 12, true, false },
		{ "symbol", e->symbol, format_symbol_width(cf->symw, e->symbol),
		    false, false },
		{ "px", p, 14, true, false },
		{ "gross", g, 16, true, false },
		{ "fees", fee, 8, true, false },
		{ "net", net, 16, true, false },
		{ "ccy", in ? in->ccy : "", 4, false, false },
		{ "order", e->order_id, 10, false, false },
		{ "exec_id", e->exec_id, 0, false, false },
		{ "account_name", a ? a->name : "", 0, false, true },
	};
	if (cf->n++ == 0) {
		struct format_field h[13];
		static const char *const names[] = { "ACCOUNT", "TRADE DATE",
		    "SETTLE", "SIDE", "QTY", "SYMBOL", "PX", "GROSS", "FEES",
		    "NET", "CCY", "ORDER", "EXECUTION" };
		for (int i = 0; i < 13; i++) {
			h[i] = f[i];
			h[i].value = names[i];
		}
		if (!cf->file)
			result_record_header(exec_res(cf->x), h, 13);
		else if (!cf->json)
			format_record_header(cf->file, h, 13);
	}
	if (cf->file)
		format_record(cf->file, cf->json, f, 14);
	else
		result_record(exec_res(cf->x), f, 14);
	return 0;
}

static int
confirm_order(void *ctx, const struct order *o)
{
	struct confirms *cf = ctx;
	struct err e = { "" };

	/* A block's own fills are not the accounts' trades: its members'
	 * allocations are. */
	if (o->account[0] == '\0' || o->cum_qty == 0)
		return 0;
	if (store_each_exec(exec_store(cf->x), o->id, confirm_exec, cf,
	    &e) == -1)
		return 1;
	return 0;
}

int
blocks_cmd_report_confirms(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct sbuf buf = { 0 };
	struct confirms cf = { x, c->out[0] ? &buf : NULL, exec_json_files(x),
	    0, NULL, 0, true };
	struct store_order_filter f;
	struct order tmp;
	int rc = 0;

	if (c->id[0] && !find_block(x, c->id, &tmp, err))
		return -1;
	if (!cf.file && !exec_res(x))
		return 0;
	memset(&f, 0, sizeof f);
	f.block = c->id[0] ? c->id : NULL;
	/* Text: the symbol column fits the longest symbol shown. */
	if (cf.measure && store_each_order(exec_store(x), &f, confirm_order,
	    &cf,
	    err) == -1)
		return exec_store_fail(x, err);
	cf.measure = false;
	if (store_each_order(exec_store(x), &f, confirm_order, &cf, err) == -1)
		return exec_store_fail(x, err);
	if (c->out[0]) {
		rc = paths_write_private(c->out, buf.p ? buf.p : "", buf.len,
		    err);
		if (rc == 0 && exec_res(x))
			result_message(exec_res(x), "%d confirmation%s "
			    "written to %s", cf.n, cf.n == 1 ? "" : "s",
			    c->out);
	} else if (cf.n == 0) {
		result_note(exec_res(x), "no executions to confirm");
	}
	sbuf_free(&buf);
	return rc;
}

/* ---- the day's summary ---------------------------------------------- */

struct acct_sum {
	char	id[ACCOUNT_MAX];
	int	orders;
	__int128 bought, sold;		/* MONEY_SCALE, base ccy (wide) */
};

struct summary {
	struct exec *x;
	int	orders, blocks, members, filled;
	int64_t	qty, cum;		/* account orders, units */
	__int128 bought, sold;		/* MONEY_SCALE, USD; wide sums */
	bool	fx_missing, too_large;	/* amounts left out, and why */
	struct acct_sum *acct;
	size_t	nacct, cap;
};

static struct acct_sum *
acct_sum(struct summary *s, const char *id)
{
	for (size_t i = 0; i < s->nacct; i++)
		if (strcmp(s->acct[i].id, id) == 0)
			return &s->acct[i];
	if (s->nacct == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->acct = xrealloc(s->acct, s->cap * sizeof *s->acct);
	}
	memset(&s->acct[s->nacct], 0, sizeof s->acct[0]);
	str_copy(s->acct[s->nacct].id, ACCOUNT_MAX, id);
	return &s->acct[s->nacct++];
}

/* Convert AMOUNT from FROM to TO for the summary: false, noting whether
 * a rate is missing or the amount too large, when it cannot. */
static bool
sum_convert(struct summary *s, int64_t amount, const char *from,
    const char *to, int64_t *out)
{
	struct err e = { "" };

	if (fx_convert(book_fx(exec_book_rw(s->x)), amount, from, to, out,
	    &e) == 0)
		return true;
	if (fx_linked(book_fx(exec_book_rw(s->x)), from, to))
		s->too_large = true;
	else
		s->fx_missing = true;
	return false;
}

static int
sum_order(void *ctx, const struct order *o)
{
	struct summary *s = ctx;
	struct exec *x = s->x;
	const struct instrument *in = book_instrument(exec_book_rw(x),
	    o->symbol);
	const struct account *a = book_account(exec_book_rw(x), o->account);
	int64_t gross, base, usd;

	if (order_is_block(o)) {
		s->blocks++;
		return 0;
	}
	s->orders++;
	s->members += order_in_block(o);
	s->filled += o->status == ORDER_FILLED;
	s->qty += o->qty;
	s->cum += o->cum_qty;
	struct acct_sum *as = acct_sum(s, o->account);
	as->orders++;
	if (o->cum_qty == 0 || !in)
		return 0;
	/* The notional carries no multiplier: add it. */
	if (fixed_muldiv_fit(o->notional, in->mult, PX_SCALE, &gross) == -1) {
		s->too_large = true;
		return 0;
	}
	bool buy = order_side_sign(o->side) > 0;
	/* The account's column and the firm's line each leave out only
	 * what they cannot convert, saying why. */
	if (sum_convert(s, gross, in->ccy, a ? a->ccy : "USD", &base))
		*(buy ? &as->bought : &as->sold) += base;
	if (sum_convert(s, gross, in->ccy, "USD", &usd))
		*(buy ? &s->bought : &s->sold) += usd;
	return 0;
}

static int
acct_sum_cmp(const void *a, const void *b)
{
	return strcmp(((const struct acct_sum *)a)->id,
	    ((const struct acct_sum *)b)->id);
}

int
blocks_cmd_report_summary(struct exec *x, const struct cmd *c,
    struct err *err)
{
	(void)c;
	struct summary s;
	char b[32], sd[32], pct[16];

	memset(&s, 0, sizeof s);
	s.x = x;
	if (store_each_order(exec_store(x), NULL, sum_order, &s, err) == -1) {
		free(s.acct);
		return exec_store_fail(x, err);
	}
	if (!exec_res(x)) {
		free(s.acct);
		return 0;
	}
	qsort(s.acct, s.nacct, sizeof *s.acct, acct_sum_cmp);
	format_money_wide(s.bought, b, sizeof b);
	format_money_wide(s.sold, sd, sizeof sd);
	/* Fill rate: units filled of units ordered, to 0.01 %. */
	snprintf(pct, sizeof pct, "%.2f", s.qty ? 100.0 * (double)s.cum /
	    (double)s.qty : 0.0);
	char no[16], nb[16], nm[16], nf[16];
	snprintf(no, sizeof no, "%d", s.orders);
	snprintf(nb, sizeof nb, "%d", s.blocks);
	snprintf(nm, sizeof nm, "%d", s.members);
	snprintf(nf, sizeof nf, "%d", s.filled);
	/* The totals: one record for programs, two sentences for a
	 * reader. */
	const struct format_field total[] = {
		{ "orders", no, 0, true, true },
		{ "blocks", nb, 0, true, true },
		{ "in_blocks", nm, 0, true, true },
		{ "filled", nf, 0, true, true },
		{ "bought_usd", b, 0, true, true },
		{ "sold_usd", sd, 0, true, true },
		{ "fill_rate_pct", pct, 0, true, true },
	};
	result_record(exec_res(x), total, 7);
	result_note(exec_res(x), "orders %d (%d in %d blocks), %d filled; "
	    "fill rate %s %%", s.orders, s.members, s.blocks, s.filled, pct);
	result_note(exec_res(x), "notional bought %s USD, sold %s USD%s%s", b,
	    sd, s.fx_missing ? " (some currencies have no fx rate and are "
	    "left out)" : "", s.too_large ? " (some amounts are too large to "
	    "convert and are left out)" : "");
	for (size_t i = 0; i < s.nacct; i++) {
		const struct account *a = book_account(exec_book_rw(x),
		    s.acct[i].id);
		char n[16], bb[32], ss[32];
		snprintf(n, sizeof n, "%d", s.acct[i].orders);
		format_money_wide(s.acct[i].bought, bb, sizeof bb);
		format_money_wide(s.acct[i].sold, ss, sizeof ss);
		const struct format_field f[] = {
			{ "account", s.acct[i].id, 12, false, false },
			{ "orders", n, 8, true, false },
			{ "bought", bb, 16, true, false },
			{ "sold", ss, 16, true, false },
			{ "ccy", a ? a->ccy : "", 0, false, false },
		};
		if (i == 0)
			result_record_header(exec_res(x), f, 5);
		result_record(exec_res(x), f, 5);
	}
	free(s.acct);
	return 0;
}

/* ---- dispatch ------------------------------------------------------- */

int
blocks_cmd_load_positions(struct exec *x, const struct cmd *c,
    struct err *err)
{
	int n;

	if (csv_load(x, c->path, &positions_csv, exec_report, &n,
	    err) == -1)
		return -1;
	if (exec_res(x))
		result_message(exec_res(x), "%d position%s "
		    "loaded", n, n == 1 ? "" : "s");
	return 0;
}

/* A new store or a reload: block ids are tried from B1 again. */
static int
blocks_load(struct exec *x, struct err *err)
{
	(void)err;
	BLOCKS(x)->next_block = 1;
	return 0;
}

static const struct exec_hooks blocks_hooks = {
	.load = blocks_load,
	.block_moved = blocks_sync,
	.block_release = blocks_release,
	.member_cancel = blocks_leave,
	.unallocated_rows = blocks_unallocated,
	.each_unallocated = blocks_each_unallocated,
	.free = free,
};

void
blocks_attach(struct exec *x)
{
	struct blocks *b = xcalloc(1, sizeof *b);

	b->next_block = 1;
	exec_attach(x, &blocks_hooks, b);
}
