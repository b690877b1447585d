/* src/app/blocks.c: the buy-side workflow: staged orders grouped into
 * blocks, the blocks worked as single orders, and their fills booked back
 * to the accounts.  The orders come staged from a trade file or a model
 * rebalance (import.c); confirmations and the day's summary are reports
 * of their own (reports.c).
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

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "book.h"
#include "cmd.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "result.h"
#include "store.h"
#include "venue.h"
#include "exec.h"
#include "exec-part.h"
#include "blocks.h"
#include "blocks-int.h"

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

/* Call FN with every block, live or done, in the order they were made
 * (FN returns nonzero to stop). */
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

/* The block ID (live or done) into TMP; fails unless it is a block. */
struct order *
blocks_find(struct exec *x, const char *id, struct order *tmp,
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
	if (exec_apply_status(x, o, ev, err) == -1)
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
	struct order tmp, *bp = blocks_find(x, id, &tmp, err), b;
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
	int rc = each_block(x, keep_block_id, &ids, err);

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
		if (!blocks_find(x, c->id, &tmp, err) ||
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
	struct order tmp, *b = blocks_find(x, c->id, &tmp, err);
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
	struct order tmp, *b = blocks_find(x, c->id, &tmp, err);
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

	if (!blocks_find(x, c->id, &tmp, err))
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

/* ---- the engine's hooks -------------------------------------------- */

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
