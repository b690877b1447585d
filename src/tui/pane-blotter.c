/* src/tui/pane-blotter.c: the blotter, a window on the store's orders.
 *
 * The screen holds up to PAGE_HOLD orders around the rows shown and asks
 * the worker for the page just older or newer than them, by the id of
 * the last or first order held, as the cursor nears either end; Home
 * asks for the newest page, End for the oldest, and new data for the
 * rows held again.  Nothing is found by position, so a page deep in ten
 * million orders costs what the first does; how many match is counted
 * apart, seldom.  The cursor follows an order, not a row; blocks show
 * their members under them (blocktree.c). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blocktree.h"
#include "format.h"
#include "screen-int.h"

const char *const ui_sort_names[SORT_COUNT] = { "time", "symbol", "status",
    "account", "qty" };

static int sort_col_g;
static bool sort_rev_g;

static int
cmp_orders(const void *a, const void *b)
{
	const struct order *x = *(const struct order *const *)a;
	const struct order *y = *(const struct order *const *)b;
	int c = 0;

	switch (sort_col_g) {
	case 1:
		c = strcmp(x->symbol, y->symbol);
		break;
	case 2:
		c = (int)x->status - (int)y->status;
		break;
	case 3:
		c = strcmp(x->account, y->account);
		break;
	case 4:
		c = x->qty < y->qty ? -1 : x->qty > y->qty;
		break;
	}
	if (c == 0)	/* newest first, as the view has them */
		c = x < y ? -1 : x > y;
	return sort_rev_g ? -c : c;
}

/* Whether the blotter holds every order matching its filter. */
bool
ui_blotter_all_held(const struct ui *u)
{
	return !u->page_anchor[0] && !u->page_older;
}

/* The rows held, as pointers: sorted when they are every matching
 * order, newest first otherwise (sorting a million orders by symbol
 * would need the store to do it), and then each block's members moved
 * under it.  Row I of the blotter is element I.
 * With DEPTH and NMEMBERS, also whether each row sits under its block
 * and how many members a block row has under it (see blocktree.h).
 * Caller frees the arrays. */
static const struct order **
blotter_rows(struct ui *u, size_t *n, unsigned char **depth,
    size_t **nmembers)
{
	const struct order **rows = xcalloc(u->npage + 1, sizeof *rows);

	*n = u->npage;
	for (size_t i = 0; i < u->npage; i++)
		rows[i] = &u->page[i];
	if (ui_blotter_all_held(u)) {
		sort_col_g = u->sort_col;
		sort_rev_g = u->sort_rev;
		qsort(rows, *n, sizeof *rows, cmp_orders);
	}
	if (depth)
		*depth = xcalloc(u->npage + 1, 1);
	if (nmembers)
		*nmembers = xcalloc(u->npage + 1, sizeof **nmembers);
	blocktree_group(rows, *n, depth ? *depth : NULL, nmembers ?
	    *nmembers : NULL);
	return rows;
}

/* The selection follows the order, not the row: find the order the
 * cursor is on (sel_id) in the rows held and move the cursor to its row,
 * wherever new orders or a new sort put it.  With no order chosen yet,
 * the one under the cursor becomes it.  Returns that order (borrowed
 * from the page), or NULL when it is not among the rows held. */
const struct order *
ui_selected_order(struct ui *u)
{
	size_t n;
	const struct order **rows = blotter_rows(u, &n, NULL, NULL);
	const struct order *o = NULL;
	int64_t i = u->sel[P_BLOTTER];

	if (!u->sel_id[0] && i >= 0 && (size_t)i < n)
		str_copy(u->sel_id, sizeof u->sel_id, rows[i]->id);
	for (size_t k = 0; u->sel_id[0] && k < n; k++)
		if (strcmp(rows[k]->id, u->sel_id) == 0) {
			o = rows[k];
			u->sel[P_BLOTTER] = (int)k;
			break;
		}
	free(rows);
	return o;
}

/* The cursor moved: the order now under it is the one it follows. */
void
ui_select_row(struct ui *u)
{
	u->sel_id[0] = '\0';
	(void)ui_selected_order(u);
}

/* The order the trader sees under the cursor, or NULL after saying why
 * nothing was done. */
const struct order *
ui_acted_order(struct ui *u, const char *what)
{
	const struct order *o = ui_selected_order(u);

	if (!o && u->sel_id[0])
		ui_add_message(u, TH_MESSAGE_WARN,
		    "%s: order %s is no longer in "
		    "the blotter; nothing done", what, u->sel_id);
	else if (!o)
		ui_add_message(u, TH_MESSAGE_WARN, "%s: no order selected",
		    what);
	return o;
}

/* The rows the blotter shows at once. */
static int
blotter_height(const struct ui *u)
{
	int h = u->r[P_BLOTTER].h - 3;

	return h > 0 ? h : 1;
}

/* Keep the cursor among the rows held, or up to a page past either end
 * where more are coming (it waits there on "..." for them), and the top
 * row where the cursor shows. */
static void
blotter_scroll(struct ui *u, int h)
{
	int lo = u->page_anchor[0] ? -PAGE_ROWS : 0;
	int hi = (int)u->npage - 1 + (u->page_older ? PAGE_ROWS : 0);
	int *sel = &u->sel[P_BLOTTER], *top = &u->top[P_BLOTTER];

	if (hi < lo)
		hi = lo;
	if (*sel > hi)
		*sel = hi;
	if (*sel < lo)
		*sel = lo;
	if (*top > *sel)
		*top = *sel;
	if (*sel >= *top + h)
		*top = *sel - h + 1;
}

/* Where the first row held lies among every matching order: how many
 * newer ones there are, into *FROM; false when not known.  Exact at the
 * newest page and, once counted, at the oldest; in between it is carried
 * along as the blotter pages. */
static bool
blotter_from(const struct ui *u, int64_t *from)
{
	if (!u->page_anchor[0])
		*from = 0;
	else if (!u->page_older && u->page_total_known)
		*from = u->page_total - (int64_t)u->npage;
	else if (u->page_from_known)
		*from = u->page_from;
	else
		return false;
	if (*from < 0)
		*from = 0;
	return true;
}

/* Forget the rows held: the next page (newest or, with END, oldest)
 * replaces them, and answers asked before are not taken. */
static void
blotter_reset(struct ui *u, bool end)
{
	u->npage = 0;
	u->page_anchor[0] = '\0';
	u->page_older = false;
	u->page_from_known = false;
	u->page_end = end;
	u->page_stale = true;
	u->page_gen++;
	u->sel[P_BLOTTER] = u->top[P_BLOTTER] = 0;
	u->sel_id[0] = '\0';
}

/* Home: the newest order, asking for the newest page unless it is
 * held. */
void
ui_blotter_home(struct ui *u)
{
	u->sel[P_BLOTTER] = u->top[P_BLOTTER] = 0;
	if (u->page_anchor[0] || u->page_end)
		blotter_reset(u, false);
	else
		ui_select_row(u);
}

/* End: the oldest order, asking for the oldest page unless it is
 * held. */
void
ui_blotter_end(struct ui *u)
{
	if (u->page_older || u->page_end || u->page_pending) {
		blotter_reset(u, true);
		return;
	}
	u->sel[P_BLOTTER] = u->npage > 0 ? (int)u->npage - 1 : 0;
	blotter_scroll(u, blotter_height(u));
	ui_select_row(u);
}

/* The cursor BY rows down (up when negative): past the rows held it
 * waits on "..." for the next page, and the order it then rests on is
 * the one it follows. */
void
ui_blotter_move(struct ui *u, int by)
{
	u->sel[P_BLOTTER] += by;
	blotter_scroll(u, blotter_height(u));
	ui_select_row(u);
}

/* Ask the worker for what the blotter lacks, one request at a time (the
 * screen keeps drawing meanwhile): the oldest page after End; the page
 * newer or older than the rows held when the rows shown come within a
 * screen of either end; the rows held again when the data changed; and
 * now and then how many orders match. */
void
ui_request_page(struct ui *u)
{
	int top = u->top[P_BLOTTER], h = blotter_height(u);
	double now = ui_mono_ms();
	enum ui_page_ask ask;
	struct rt_request *r;

	if (u->page_pending || u->count_pending)
		return;
	if (u->page_end)
		ask = UI_PAGE_LAST;
	else if (u->npage > 0 && u->page_anchor[0] && top < h)
		ask = UI_PAGE_NEWER;
	else if (u->npage > 0 && u->page_older &&
	    (size_t)(top > 0 ? top : 0) + 2 * (size_t)h > u->npage)
		ask = UI_PAGE_OLDER;
	else if (u->page_stale)
		ask = UI_PAGE_AGAIN;
	else {
		if ((u->page_total_known || u->count_failed) &&
		    (!u->count_stale || now - u->counted_at < u->count_every))
			return;
		r = xcalloc(1, sizeof *r);
		r->page = r->page_count = true;
		r->cmd.kind = CMD_SHOW_ORDERS;
		r->cmd.filter = u->filter;
		u->count_pending = true;
		u->count_asked = now;
		u->count_stale = false;
		u->count_gen = u->filter_gen;
		runtime_submit(u->rt, r);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->page = true;
	r->cmd.kind = CMD_SHOW_ORDERS;
	r->cmd.filter = u->filter;
	/* One more than kept: whether there are more beyond. */
	r->page_limit = PAGE_ROWS + 1;
	switch (ask) {
	case UI_PAGE_AGAIN:
		r->page_where = u->page_anchor[0] ? STORE_PAGE_BEFORE :
		    STORE_PAGE_FIRST;
		str_copy(r->page_key, sizeof r->page_key, u->page_anchor);
		/* The newest page grows with what came meanwhile rather
		 * than losing the rows under the cursor. */
		r->page_limit = (u->npage > PAGE_ROWS ? u->npage : PAGE_ROWS) +
		    (u->page_anchor[0] ? 0 : PAGE_ROWS / 2) + 1;
		u->page_stale = false;
		break;
	case UI_PAGE_OLDER:
		r->page_where = STORE_PAGE_BEFORE;
		str_copy(r->page_key, sizeof r->page_key,
		    u->page[u->npage - 1].id);
		break;
	case UI_PAGE_NEWER:
		r->page_where = STORE_PAGE_AFTER;
		str_copy(r->page_key, sizeof r->page_key, u->page[0].id);
		break;
	case UI_PAGE_LAST:
		r->page_where = STORE_PAGE_LAST;
		u->page_stale = false;
		break;
	}
	u->page_ask = ask;
	u->page_ask_gen = u->page_gen;
	runtime_submit(u->rt, r);
	u->page_pending = true;
	u->page_asked = now;
}

/* Rows FROM (N of them) in place of rows [AT, AT + DEL) of the rows
 * held. */
static void
blotter_splice(struct ui *u, size_t at, size_t del, const struct order *from,
    size_t n)
{
	size_t keep = u->npage - at - del;
	struct order *p = xcalloc(u->npage - del + n + 1, sizeof *p);

	if (at)
		memcpy(p, u->page, at * sizeof *p);
	if (n)
		memcpy(p + at, from, n * sizeof *p);
	if (keep)
		memcpy(p + at + n, u->page + at + del, keep * sizeof *p);
	free(u->page);
	u->page = p;
	u->npage = u->npage - del + n;
}

/* Hold at most PAGE_HOLD rows: drop the ones furthest from those shown
 * (newer ones after paging down, older ones after paging up). */
static void
blotter_trim(struct ui *u, bool newer, int h)
{
	int top = u->top[P_BLOTTER];
	size_t d;

	if (u->npage <= PAGE_HOLD)
		return;
	d = u->npage - PAGE_HOLD;
	if (newer) {
		size_t room = top > 0 ? (size_t)top : 0;
		if (d > room)
			d = room;
		if (d == 0)
			return;
		/* The first row kept is now just older than the last
		 * dropped. */
		str_copy(u->page_anchor, sizeof u->page_anchor,
		    u->page[d - 1].id);
		blotter_splice(u, 0, d, NULL, 0);
		u->page_from += (int64_t)d;
		u->sel[P_BLOTTER] -= (int)d;
		u->top[P_BLOTTER] -= (int)d;
	} else {
		size_t shown = (size_t)(top > 0 ? top : 0) + (size_t)h;
		size_t room = u->npage > shown ? u->npage - shown : 0;
		if (d > room)
			d = room;
		if (d == 0)
			return;
		u->npage -= d;
		u->page_older = true;
	}
}

/* A page of the blotter is in: it takes the place of the rows held, or
 * joins them at the end it was asked for; the cursor stays on its
 * order. */
void
ui_take_page(struct ui *u, struct rt_request *r)
{
	size_t g = r->nrows, m;
	int h = blotter_height(u);

	if (r->page_count) {
		u->count_pending = false;
		u->counted_at = ui_mono_ms();
		/* The worker does nothing else while it counts: a count
		 * that takes long comes seldom (1% of the time at most). */
		u->count_every = 100 * (u->counted_at - u->count_asked);
		if (u->count_every < PAGE_COUNT_MS)
			u->count_every = PAGE_COUNT_MS;
		if (r->status == RT_FAILED) {
			u->count_failed = u->count_stale = true;
			ui_add_message(u, TH_MESSAGE_ERROR, "%s", r->err);
			return;
		}
		if (u->count_gen != u->filter_gen)
			return;	/* asked for another filter */
		/* Orders arrive newest: as many more now stand above rows
		 * held in the middle of the store. */
		if (u->page_total_known && u->page_from_known)
			u->page_from += r->total - u->page_total;
		u->page_total = r->total;
		u->page_total_known = true;
		if (blotter_from(u, &u->page_from))
			u->page_from_known = true;
		return;
	}
	u->page_pending = false;
	if (u->page_ask_gen != u->page_gen) {
		u->page_stale = true;	/* asked for rows no longer held */
		return;
	}
	if (r->status == RT_FAILED) {
		ui_add_message(u, TH_MESSAGE_ERROR, "%s", r->err);
		/* The order the page was asked around is gone from the
		 * store: start again from the newest. */
		if (r->page_where == STORE_PAGE_BEFORE ||
		    r->page_where == STORE_PAGE_AFTER)
			blotter_reset(u, false);
		return;
	}
	/* Where the rows held start, carried along below. */
	u->page_from_known = blotter_from(u, &u->page_from);
	switch (u->page_ask) {
	case UI_PAGE_AGAIN:
		m = g == r->page_limit ? g - 1 : g;
		free(u->page);
		u->page = r->rows;
		r->rows = NULL;
		u->npage = m;
		u->page_older = g == r->page_limit;
		if (m == 0 && u->page_anchor[0]) {
			/* Nothing left below the key: from the newest. */
			u->page_anchor[0] = '\0';
			u->page_stale = true;
		}
		blotter_trim(u, true, h);
		if (u->rehome) {
			u->page_from_known = blotter_from(u, &u->page_from);
			ui_rehome_blotter(u);
			ui_wizard_watch(u);
			return;
		}
		break;
	case UI_PAGE_OLDER:
		m = g > PAGE_ROWS ? PAGE_ROWS : g;
		blotter_splice(u, u->npage, 0, r->rows, m);
		u->page_older = g > PAGE_ROWS;
		blotter_trim(u, true, h);
		break;
	case UI_PAGE_NEWER:
		m = g > PAGE_ROWS ? g - 1 : g;
		blotter_splice(u, 0, 0, r->rows + (g - m), m);
		if (g > PAGE_ROWS)
			str_copy(u->page_anchor, sizeof u->page_anchor,
			    r->rows[0].id);
		else
			u->page_anchor[0] = '\0';
		u->sel[P_BLOTTER] += (int)m;
		u->top[P_BLOTTER] += (int)m;
		u->page_from -= (int64_t)m;
		blotter_trim(u, false, h);
		break;
	case UI_PAGE_LAST:
		m = g > PAGE_ROWS ? g - 1 : g;
		free(u->page);
		u->page = xcalloc(m + 1, sizeof *u->page);
		memcpy(u->page, r->rows + (g - m), m * sizeof *u->page);
		u->npage = m;
		if (g > PAGE_ROWS)
			str_copy(u->page_anchor, sizeof u->page_anchor,
			    r->rows[0].id);
		else
			u->page_anchor[0] = '\0';
		u->page_older = false;
		u->page_end = u->rehome = false;
		u->page_from_known = false;
		u->sel[P_BLOTTER] = m > 0 ? (int)m - 1 : 0;
		u->top[P_BLOTTER] = (int)m > h ? (int)m - h : 0;
		u->sel_id[0] = '\0';
		break;
	}
	/* Exact at either end; carried along in between. */
	if (blotter_from(u, &u->page_from))
		u->page_from_known = true;
	(void)ui_selected_order(u);
	ui_wizard_watch(u);
}

/* A blotter row's cells as text, so the columns can be as wide as their
 * longest cell: a symbol or a price is never cut. */
struct blotter_cells {
	char	id[ORDER_ID_MAX + 4], qty[24], px[40], cum[24], avg[40];
	char	acct[ACCOUNT_MAX + 32], tif[24];
};

static void
blotter_cells(const struct ui *u, const struct order *o, bool member,
    int corner_w, size_t nmem, struct blotter_cells *c)
{
	int64_t a = order_avg_px(o);

	/* Blanks hold the corner's place; it is drawn over them. */
	snprintf(c->id, sizeof c->id, "%*s%s", member ? corner_w : 0, "",
	    o->id);
	snprintf(c->qty, sizeof c->qty, "%" PRId64, o->qty);
	snprintf(c->cum, sizeof c->cum, "%" PRId64, o->cum_qty);
	if (o->limit_px)
		ui_px_text(u, o->symbol, o->limit_px, c->px, sizeof c->px);
	else
		str_copy(c->px, sizeof c->px, o->stop_px ? "stop" : "mkt");
	if (a)
		ui_px_text(u, o->symbol, a, c->avg, sizeof c->avg);
	else
		c->avg[0] = '\0';
	if (order_is_block(o) && nmem)
		snprintf(c->acct, sizeof c->acct, "block (%zu)", nmem);
	else
		str_copy(c->acct, sizeof c->acct, order_is_block(o) ?
		    "block" : o->account);
	order_tif_fmt(o->tif, o->gtd_date, c->tif, sizeof c->tif);
}

static void
draw_blotter(struct ui *u)
{
	struct rect r = u->r[P_BLOTTER];
	int h = r.h - 3, w = r.w - 2;
	bool wide = w >= 90;
	size_t n, *nmem;
	unsigned char *depth;
	const struct order **rows = blotter_rows(u, &n, &depth, &nmem);
	/* A member under its block: its id after a corner, one column of
	 * it in the narrow layout, two in the wide one. */
	const char *corner = u->utf8 ? (wide ? "\u2514\u2500" : "\u2514") :
	    wide ? "`-" : "`";
	int corner_w = wide ? 2 : 1;
	struct blotter_cells *cells = xcalloc(n ? n : 1, sizeof *cells);
	/* Each column as wide as its header or its longest cell in view. */
	int wid = 2, wside = 4, wqty = 3, wsym = 6, wpx = 5, wst = 6;
	int wcum = 3, wavg = 5, wacct = 7;

	int64_t from;

	blotter_scroll(u, h > 0 ? h : 1);
	for (int i = 0; i < h; i++) {
		int64_t k = u->top[P_BLOTTER] + i;
		if (k < 0 || (size_t)k >= n)
			continue;
		const struct order *o = rows[k];
		struct blotter_cells *c = &cells[k];
		blotter_cells(u, o, depth[k], corner_w, nmem[k], c);
		wid = ui_wider(wid, c->id);
		wside = ui_wider(wside, order_side_name(o->side));
		wqty = ui_wider(wqty, c->qty);
		wsym = ui_wider(wsym, o->symbol);
		wpx = ui_wider(wpx, c->px);
		wst = ui_wider(wst, order_status_name(o->status));
		wcum = ui_wider(wcum, c->cum);
		wavg = ui_wider(wavg, c->avg);
		wacct = ui_wider(wacct, c->acct);
	}
	/* Narrow: the status takes what is left; a status that does not
	 * fit shows as its abbreviation (the man page lists them), and
	 * only then is the id cut, never the symbol or the price. */
	int fixed = 1 + wid + 1 + wside + 1 + wqty + 1 + wsym + 1 + wpx + 1;
	if (!wide && w - fixed < FORMAT_STATUS_SHORT && wid > 3) {
		int cut = FORMAT_STATUS_SHORT - (w - fixed);
		wid = wid - cut > 3 ? wid - cut : 3;
	}
	/* Still no room for a whole status (a long symbol with 1/256
	 * prices at 80 columns): the id column goes (Enter shows it). */
	if (!wide && w - (1 + wid + 1 + wside + 1 + wqty + 1 + wsym + 1 +
	    wpx + 1) < FORMAT_STATUS_SHORT)
		wid = 0;
	const char *idsep = wid ? " " : "";
	if (!wide)
		wst = w - (1 + wid + (int)strlen(idsep) + wside + 1 + wqty +
		    1 + wsym + 1 + wpx + 1);

	/* The first column marks orders waiting for compliance review with
	 * '!', so they show without colours too. */
	if (wide)
		ui_put(r.y + 1, r.x + 1, w, TH_HEADER,
		    " %-*s %-*s %*s %-*s %*s "
		    "%-*s %*s %*s %-*s %s", wid, "ID", wside, "SIDE", wqty,
		    "QTY", wsym, "SYMBOL", wpx, "PRICE", wst, "STATUS", wcum,
		    "CUM", wavg, "AVGPX", wacct, "ACCOUNT", "TIF");
	else
		ui_put(r.y + 1, r.x + 1, w, TH_HEADER,
		    " %-*.*s%s%-*s %*s %-*s %*s "
		    "%s", wid, wid, "ID", idsep, wside, "SIDE", wqty, "QTY",
		    wsym, "SYMBOL", wpx, "PRICE", wst < 6 ? "STAT" : "STATUS");
	for (int i = 0; i < h; i++) {
		int64_t k = u->top[P_BLOTTER] + i;
		if (k < 0 || (size_t)k >= n) {
			/* Rows on their way from the store. */
			if ((k < 0 && u->page_anchor[0]) ||
			    ((size_t)k >= n && u->page_older))
				ui_put(r.y + 2 + i, r.x + 1, w, TH_NORMAL,
				    "...");
			continue;
		}
		const struct order *o = rows[k];
		const struct blotter_cells *c = &cells[k];
		bool sel = u->focus == P_BLOTTER && u->top[P_BLOTTER] + i ==
		    u->sel[P_BLOTTER] && (!u->sel_id[0] ||
		    strcmp(o->id, u->sel_id) == 0);
		enum theme_element el = sel ? TH_SELECTION :
		    theme_order_status(o->status);
		char mark = o->status == ORDER_FLAGGED ? '!' : ' ';
		if (wide)
			ui_put(r.y + 2 + i, r.x + 1, w, el,
			    "%c%-*s %-*s %*s %-*s "
			    "%*s %-*s %*s %*s %-*s %s", mark, wid, c->id,
			    wside, order_side_name(o->side), wqty, c->qty,
			    wsym, o->symbol, wpx, c->px, wst,
			    order_status_name(o->status), wcum, c->cum, wavg,
			    c->avg, wacct, c->acct, c->tif);
		else
			ui_put(r.y + 2 + i, r.x + 1, w, el,
			    "%c%-*.*s%s%-*s %*s "
			    "%-*s %*s %s", mark, wid, wid, c->id, idsep, wside,
			    order_side_name(o->side), wqty, c->qty, wsym,
			    o->symbol, wpx, c->px,
			    format_status_fit(o->status, wst));
		if (depth[k] && (wide || wid > 0)) {
			attrset(theme_attr(el));
			mvaddstr(r.y + 2 + i, r.x + 2, corner);
			attrset(theme_attr(TH_NORMAL));
		}
	}
	/* The place of the cursor among every match, once counted. */
	if (n == 0 && ui_blotter_all_held(u))
		ui_put(r.y + 2, r.x + 2, w - 2, TH_NORMAL, "%s",
		    u->page_pending || u->page_stale || u->page_end ?
		    "..." : u->filter_text[0] ? "no orders match the filter" :
		    "no orders yet");
	else if (u->page_total_known && u->page_total > h &&
	    u->sel[P_BLOTTER] >= 0 && (size_t)u->sel[P_BLOTTER] < n &&
	    blotter_from(u, &from)) {
		int64_t at = from + u->sel[P_BLOTTER] + 1;
		if (at > u->page_total)
			at = u->page_total;
		ui_put(r.y + r.h - 1, r.x + r.w - 24, 22, TH_PANE_BORDER,
		    " %" PRId64 " of %" PRId64 " ", at, u->page_total);
	}
	free(cells);
	free(rows);
	free(depth);
	free(nmem);
}

const struct ui_pane ui_pane_blotter = { draw_blotter };

void
ui_apply_filter(struct ui *u, const char *text)
{
	struct cmd c;
	struct err e = { "" };
	char line[LINE_MAX_LEN + 16];

	snprintf(line, sizeof line, "show orders %s", text);
	if (cmd_parse(line, &c, &e) == -1) {
		ui_add_message(u, TH_MESSAGE_ERROR,
		    "filter: %s (use acct=, sym=, "
		    "status=)", e.msg);
		return;
	}
	u->filter = c.filter;
	str_copy(u->filter_text, sizeof u->filter_text, text);
	/* The first page of the new filter comes; the cursor stays on its
	 * order when it is there (rehome, on the page's arrival). */
	(void)ui_selected_order(u);
	char keep[ORDER_ID_MAX];
	str_copy(keep, sizeof keep, u->sel_id);
	blotter_reset(u, false);
	str_copy(u->sel_id, sizeof u->sel_id, keep);
	u->rehome = true;
	u->filter_gen++;
	u->page_total_known = false;
	u->count_failed = false;
}

/* The first page of a new blotter filter is in: the cursor stays on its
 * order when the filter shows it; otherwise it goes to the first row,
 * and the order it follows is that row's, so a key acts only on the
 * order highlighted. */
void
ui_rehome_blotter(struct ui *u)
{
	u->rehome = false;
	if (ui_selected_order(u))
		return;
	u->sel[P_BLOTTER] = u->top[P_BLOTTER] = 0;
	ui_select_row(u);
}
