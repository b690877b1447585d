/* src/app/exec-view.c: snapshots and pages of orders for the screen.
 *
 * A snapshot (struct view) is built whole from the engine after each
 * change and handed to the screen's thread, which keeps no pointer into
 * the engine.  The FIX sessions travel in it as values: read from the
 * venues when this blotter holds them, from what the holder last wrote
 * to the store when another one does. */
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
#include "fixstore.h"
#include "store.h"
#include "desk.h"
#include "venue.h"
#include "exec-int.h"

/* Whether every currency account A's P&L goes through has a rate. */
static bool
account_rates(struct exec *x, const struct account *a)
{
	size_t pos = 0;
	struct position *p;
	const struct instrument *in;

	if (!fx_linked(book_fx(x->bk), a->ccy, "USD"))
		return false;
	while ((p = book_next_position(x->bk, &pos)))
		if (strcmp(p->account, a->id) == 0 &&
		    (in = book_instrument(x->bk, p->symbol)) != NULL &&
		    !fx_linked(book_fx(x->bk), in->ccy, a->ccy))
			return false;
	return true;
}

/* Firm-wide P&L in USD into V, with the unallocated block fills among its
 * positions: firm_ok false when a currency has no rate, firm_past (and
 * sums of 0) when what there is to add up is past 64 bits. */
static void
firm_pnl(struct exec *x, struct view *v)
{
	size_t pos = 0;
	const struct account *a;
	int64_t r = 0, u = 0;
	bool past = false;

	v->firm_ok = true;
	while ((a = book_next_account(x->bk, &pos))) {
		struct err e = { "" };
		int64_t ar, au;
		if (exec_account_pnl(x, a, &ar, &au, &e) == -1 ||
		    !exec_firm_add(x, ar, au, a->ccy, &r, &u, &past)) {
			/* Every rate there but no sum: past 64 bits. */
			if (account_rates(x, a))
				past = true;
			else
				v->firm_ok = false;
		}
	}
	for (size_t i = 0; i < v->npositions; i++) {
		const struct view_position *p = &v->positions[i];
		if (p->block[0] && !exec_firm_add(x, p->realized, p->unrealized,
		    p->ccy, &r, &u, &past)) {
			if (fx_linked(book_fx(x->bk), p->ccy, "USD"))
				past = true;
			else
				v->firm_ok = false;
		}
	}
	int64_t total;
	past |= __builtin_add_overflow(r, u, &total);
	v->firm_past = past;
	v->firm_realized = past ? 0 : r;
	v->firm_unrealized = past ? 0 : u;
	v->firm_total = past ? 0 : total;
}

/* Append position F to view CTX (room for it or not). */
static void
view_add_position(void *ctx, const struct format_position *f)
{
	struct view *v = ctx;
	struct view_position *vp;

	if (v->npositions == v->cappositions) {
		v->cappositions = v->cappositions ? v->cappositions * 2 : 8;
		v->positions = xrealloc(v->positions, v->cappositions *
		    sizeof *v->positions);
	}
	vp = &v->positions[v->npositions++];
	memset(vp, 0, sizeof *vp);
	str_copy(vp->account, sizeof vp->account, f->account);
	str_copy(vp->symbol, sizeof vp->symbol, f->symbol);
	str_copy(vp->ccy, sizeof vp->ccy, f->ccy);
	str_copy(vp->base_ccy, sizeof vp->base_ccy, f->base_ccy);
	if (f->block)
		str_copy(vp->block, sizeof vp->block, f->block);
	vp->qty = f->qty;
	vp->avg_cost = f->avg_cost;
	vp->mark = f->mark;
	vp->realized = f->realized;
	vp->unrealized = f->unrealized;
	vp->have_base = f->have_base;
	vp->realized_base = f->realized_base;
	vp->unrealized_base = f->unrealized_base;
}

/* ---- FIX sessions -------------------------------------------------- */

_Static_assert(VIEW_FIX_MAX >= EXEC_MAX_VENUES,
    "every venue of the engine fits in a view");

/* A session's state, in the words of the venue or the store, as the
 * screen tells it apart. */
static enum view_fix_state
fix_state_of(const char *text, bool logged_on)
{
	static const struct {
		const char *text;
		enum view_fix_state state;
	} words[] = {
		{ "logged on", VIEW_FIX_UP },
		{ "connecting", VIEW_FIX_CONNECTING },
		{ "connected", VIEW_FIX_CONNECTING },
		{ "logging on", VIEW_FIX_CONNECTING },
		{ "outside its hours", VIEW_FIX_OFF },
	};

	if (logged_on)
		return VIEW_FIX_UP;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(text, words[i].text) == 0)
			return words[i].state;
	return VIEW_FIX_DOWN;
}

/* The sessions of the venues this blotter holds into OUT; how many. */
static size_t
fix_held(struct exec *x, struct view_fix *out)
{
	size_t	n = 0;

	for (size_t i = 0; i < x->nvenues && n < VIEW_FIX_MAX; i++) {
		struct venue *v = x->venues[i];
		struct venue_fix_status s[VIEW_FIX_MAX];
		size_t	k = v->ops->sessions ? v->ops->sessions(v, s,
		    VIEW_FIX_MAX - n) : 0;
		for (size_t j = 0; j < k; j++) {
			struct view_fix *f = &out[n++];
			memset(f, 0, sizeof *f);
			str_copy(f->name, sizeof f->name, s[j].name);
			str_copy(f->state_text, sizeof f->state_text,
			    s[j].state ? s[j].state : "");
			f->state = fix_state_of(f->state_text, s[j].logged_on);
			f->logged_on = s[j].logged_on;
			f->next_out = s[j].next_out;
			f->next_in = s[j].next_in;
			str_copy(f->peer, sizeof f->peer, s[j].peer);
		}
	}
	return n;
}

struct fix_remote {
	struct view_fix *fix;
	size_t	n;
};

/* One session as the store has it, onto the one of the same name. */
static int
fix_remote_one(void *ctx, const struct fixstore_session *q)
{
	struct fix_remote *r = ctx;

	for (size_t i = 0; i < r->n; i++) {
		struct view_fix *f = &r->fix[i];
		if (strcmp(f->name, q->name) != 0)
			continue;
		if (q->state[0]) {
			str_copy(f->state_text, sizeof f->state_text,
			    q->state);
			f->state = fix_state_of(q->state, false);
			f->logged_on = f->state == VIEW_FIX_UP;
			f->since = q->at;
		}
		if (q->peer[0])
			str_copy(f->peer, sizeof f->peer, q->peer);
		f->next_out = q->next_out;
		f->next_in = q->next_in;
	}
	return 0;
}

/* The sessions of the setup as the blotter holding them last wrote them
 * to the store, into OUT; how many.  A session never written is "never
 * connected"; when the store cannot be read, each says so. */
static size_t
fix_remote(struct exec *x, struct view_fix *out)
{
	struct fix_remote r = { out, 0 };
	struct err e = { "" };

	for (size_t i = 0; i < x->setup.nfix && r.n < VIEW_FIX_MAX; i++) {
		const struct venue_fix_config *c = &x->setup.fix[i];
		struct view_fix *f = &out[r.n++];
		memset(f, 0, sizeof *f);
		str_copy(f->name, sizeof f->name, c->name);
		str_copy(f->state_text, sizeof f->state_text,
		    "never connected");
		f->state = VIEW_FIX_DOWN;
		f->next_out = f->next_in = 1;
		snprintf(f->peer, sizeof f->peer, "%s:%d", c->host, c->port);
		f->elsewhere = true;
	}
	/* A desk's clients, as "DESK:CLIENT". */
	for (size_t i = 0; i < x->setup.ndesk; i++) {
		const struct desk_config *d = &x->setup.desk[i];
		for (size_t k = 0; k < d->nclients && r.n < VIEW_FIX_MAX;
		    k++) {
			struct view_fix *f = &out[r.n++];
			memset(f, 0, sizeof *f);
			snprintf(f->name, sizeof f->name, "%s:%s", d->name,
			    d->clients[k].id);
			str_copy(f->state_text, sizeof f->state_text,
			    "never connected");
			f->state = VIEW_FIX_DOWN;
			f->next_out = f->next_in = 1;
			snprintf(f->peer, sizeof f->peer, "client %s on port %d",
			    d->clients[k].id, d->port);
			f->elsewhere = true;
		}
	}
	if (r.n && store_fix_each_session(x->st, fix_remote_one, &r, &e) ==
	    -1)
		for (size_t i = 0; i < r.n; i++) {
			str_copy(out[i].state_text, sizeof out[i].state_text,
			    "store not readable");
			out[i].state = VIEW_FIX_UNKNOWN;
		}
	return r.n;
}

static bool
same_fix(const struct view_fix *a, const struct view_fix *b)
{
	return strcmp(a->name, b->name) == 0 && a->state == b->state &&
	    strcmp(a->state_text, b->state_text) == 0 &&
	    a->logged_on == b->logged_on && a->next_out == b->next_out &&
	    a->next_in == b->next_in && strcmp(a->peer, b->peer) == 0 &&
	    a->elsewhere == b->elsewhere && a->since == b->since;
}

/* Whether the N sessions in FIX differ from those X's last view showed.
 * A session changes (a dial, a logon, a heartbeat's numbers) with
 * nothing else marking the engine changed, so each view compares. */
static bool
fix_moved(const struct exec *x, const struct view_fix *fix, size_t n)
{
	if (n != x->nfix_shown)
		return true;
	for (size_t i = 0; i < n; i++)
		if (!same_fix(&fix[i], &x->fix_shown[i]))
			return true;
	return false;
}

struct view *
exec_view(struct exec *x, bool force)
{
	struct view *v;
	size_t pos, n;
	void *val;
	struct view_fix fix[VIEW_FIX_MAX];
	size_t nfix = 0;

	/* Held here, the sessions are read every time, to see them change;
	 * held elsewhere, they change only in the store, which marks the
	 * engine changed when another blotter writes to it. */
	if (!x->remote)
		nfix = fix_held(x, fix);
	if (!x->changed && !force && (x->remote || !fix_moved(x, fix, nfix)))
		return NULL;
	x->changed = false;
	if (x->remote)
		nfix = fix_remote(x, fix);
	x->nfix_shown = nfix;
	memcpy(x->fix_shown, fix, nfix * sizeof *fix);
	v = xcalloc(1, sizeof *v);
	v->now = x->now;
	v->remote = x->remote;
	memcpy(v->fix, fix, nfix * sizeof *fix);
	v->nfix = nfix;
	str_copy(v->default_acct, sizeof v->default_acct, x->default_acct);
	/* Orders, newest first. */
	n = hmap_count(x->recent);
	v->orders = xcalloc(n ? n : 1, sizeof *v->orders);
	pos = 0;
	while (hmap_next(x->recent, &pos, NULL, &val))
		v->orders[n - 1 - v->norders++] = *(struct order *)val;
	/* Positions with P&L. */
	struct position *p;
	pos = 0;
	n = 0;
	while ((p = book_next_position(x->bk, &pos)))
		n++;
	v->positions = xcalloc(n ? n : 1, sizeof *v->positions);
	v->cappositions = n ? n : 1;
	pos = 0;
	while ((p = book_next_position(x->bk, &pos))) {
		struct format_position f;
		if (p->qty == 0 && p->realized == 0)
			continue;
		exec_position_view(x, p, &f);
		view_add_position(v, &f);
	}
	/* Then what blocks filled and nobody booked yet, a line each. */
	struct err e = { "" };
	if (exec_hook_each_unallocated(x, view_add_position, v, &e) == -1)
		exec_warn(x, "%s", e.msg);
	/* Quotes, in instrument order, and the instruments themselves. */
	const struct instrument *in;
	n = 0;
	pos = 0;
	while ((in = book_next_instrument(x->bk, &pos)))
		n++;
	v->quotes = xcalloc(n ? n : 1, sizeof *v->quotes);
	v->instruments = xcalloc(n ? n : 1, sizeof *v->instruments);
	pos = 0;
	while ((in = book_next_instrument(x->bk, &pos))) {
		const struct book_quote *bq = book_quote(x->bk, in->symbol);
		struct view_instrument *vi =
		    &v->instruments[v->ninstruments++];
		str_copy(vi->symbol, sizeof vi->symbol, in->symbol);
		vi->cls = in->cls;
		vi->tick = in->tick;
		vi->lot = in->lot;
		if (!bq || (!bq->q.bid && !bq->mark))
			continue;
		struct view_quote *vq = &v->quotes[v->nquotes++];
		const struct quote_move *m = hmap_get(x->moves, in->symbol);
		vq->q = bq->q;
		str_copy(vq->q.symbol, sizeof vq->q.symbol, in->symbol);
		vq->mark = bq->mark;
		vq->dir = m ? m->dir : 0;
		vq->changed = m ? m->changed : 0;
	}
	const struct account *a;
	v->accounts = xcalloc(book_account_count(x->bk) + 1,
	    sizeof *v->accounts);
	pos = 0;
	while ((a = book_next_account(x->bk, &pos)))
		str_copy(v->accounts[v->naccounts++], ACCOUNT_MAX, a->id);
	/* Firm P&L, sampled for the chart at most once a second. */
	firm_pnl(x, v);
	if (v->firm_ok && !v->firm_past && (x->npnl == 0 ||
	    x->now > x->pnl_at)) {
		if (x->npnl == VIEW_PNL_POINTS) {
			memmove(x->pnl, x->pnl + 1, (VIEW_PNL_POINTS - 1) *
			    sizeof *x->pnl);
			x->npnl--;
		}
		x->pnl[x->npnl++] = v->firm_total;
		x->pnl_at = x->now;
	}
	memcpy(v->pnl, x->pnl, x->npnl * sizeof *x->pnl);
	v->npnl = x->npnl;
	v->event_seq = x->event_seq;
	v->nevents = x->event_seq < VIEW_EVENTS ? x->event_seq : VIEW_EVENTS;
	for (size_t i = 0; i < v->nevents; i++)
		v->events[i] = x->events[(x->event_seq - v->nevents + i) %
		    VIEW_EVENTS];
	exec_hook_view(x, v);
	return v;
}

char *
view_log_text(const struct view_log *e, char *buf, size_t len)
{
	struct sbuf b = { 0 };
	struct result_event ev;

	if (!buf || len == 0)
		return buf;
	switch (e->kind) {
	case VIEW_LOG_EVENT:
		ev = e->ev;
		ev.text = e->text;
		format_event_of(&b, &ev, false);
		if (b.len && b.p[b.len - 1] == '\n')
			b.p[--b.len] = '\0';
		str_copy(buf, len, b.p ? b.p : "");
		sbuf_free(&b);
		break;
	case VIEW_LOG_ALERT:
		format_alert(&e->alert, buf, len);
		break;
	case VIEW_LOG_WARNING:
		snprintf(buf, len, "warning: %s", e->text);
		break;
	default:
		str_copy(buf, len, e->text);
		break;
	}
	return buf;
}

void
view_free(struct view *v)
{
	if (!v)
		return;
	free(v->orders);
	free(v->positions);
	free(v->quotes);
	free(v->instruments);
	free(v->accounts);
	free(v->flagged);
	free(v);
}

struct page_ctx {
	struct order *rows;
	size_t	n, cap;
};

static int
page_row(void *ctx, const struct order *o)
{
	struct page_ctx *p = ctx;

	if (p->n < p->cap)
		p->rows[p->n++] = *o;
	return 0;
}

int
exec_page(struct exec *x, const struct cmd_filter *f, enum store_page where,
    const char *key, size_t limit, struct order **rows, size_t *n,
    struct err *err)
{
	struct store_order_filter sf = { f->acct, f->sym, exec_status_mask(f),
	    0, 0, NULL };
	struct page_ctx p = { xcalloc(limit ? limit : 1, sizeof *p.rows), 0,
	    limit };
	size_t got;

	if (store_page_orders(x->st, &sf, where, key, limit, page_row, &p,
	    &got, err) == -1) {
		free(p.rows);
		return exec_store_fail(x, err);
	}
	*rows = p.rows;
	*n = p.n;
	return 0;
}

int
exec_page_total(struct exec *x, const struct cmd_filter *f, int64_t *total,
    struct err *err)
{
	struct store_order_filter sf = { f->acct, f->sym, exec_status_mask(f),
	    0, 0, NULL };

	if (store_count_orders(x->st, &sf, total, err) == -1)
		return exec_store_fail(x, err);
	return 0;
}
