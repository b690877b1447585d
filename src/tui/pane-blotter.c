/* src/tui/pane-blotter.c: the blotter, a page of the store's orders.
 *
 * The screen holds a page of PAGE_ROWS orders around the rows shown and
 * asks the worker for another when the cursor leaves it or the data
 * changed.  The cursor follows an order, not a row; blocks show their
 * members under them (blocktree.c). */
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

/* The rows of the page held, as pointers: sorted when the page holds
 * every matching order, newest first otherwise (sorting a million orders
 * by symbol would need the store to do it), and then each block's
 * members moved under it.  Row I of the blotter is element I - page_skip.
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
	if (u->page_skip == 0 && (int64_t)u->npage >= u->page_total) {
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
	int64_t i = u->sel[P_BLOTTER] - (int64_t)u->page_skip;

	if (!u->sel_id[0] && i >= 0 && (size_t)i < n)
		str_copy(u->sel_id, sizeof u->sel_id, rows[i]->id);
	for (size_t k = 0; u->sel_id[0] && k < n; k++)
		if (strcmp(rows[k]->id, u->sel_id) == 0) {
			o = rows[k];
			u->sel[P_BLOTTER] = (int)(u->page_skip + k);
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

/* Ask the worker for the page around the blotter's top row when the rows
 * on screen are not all held, or the data changed; one request at a
 * time, and the screen keeps drawing meanwhile. */
void
ui_request_page(struct ui *u)
{
	int top = u->top[P_BLOTTER], h = u->r[P_BLOTTER].h - 3;
	size_t end = (size_t)top + (size_t)(h > 0 ? h : 0);

	if ((size_t)top < u->page_skip || (end > u->page_skip + u->npage &&
	    (int64_t)(u->page_skip + u->npage) < u->page_total))
		u->page_stale = true;
	if (u->page_pending || !u->page_stale)
		return;
	struct rt_request *r = xcalloc(1, sizeof *r);
	r->page = true;
	r->page_skip = top > PAGE_ROWS / 4 ? (size_t)(top - PAGE_ROWS / 4) : 0;
	r->page_limit = PAGE_ROWS;
	r->cmd.kind = CMD_SHOW_ORDERS;
	r->cmd.filter = u->filter;
	runtime_submit(u->rt, r);
	u->page_pending = true;
	u->page_stale = false;
	u->rehome_asked = u->rehome;
	u->page_asked = ui_mono_ms();
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

	ui_scroll_into_view(u, P_BLOTTER, (int)u->page_total, h);
	for (int i = 0; i < h && u->top[P_BLOTTER] + i < u->page_total; i++) {
		int64_t k = u->top[P_BLOTTER] + i - (int64_t)u->page_skip;
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
	for (int i = 0; i < h && u->top[P_BLOTTER] + i < u->page_total; i++) {
		int64_t k = u->top[P_BLOTTER] + i - (int64_t)u->page_skip;
		if (k < 0 || (size_t)k >= n) {
			ui_put(r.y + 2 + i, r.x + 1, w, TH_NORMAL, "...");
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
	if (u->page_total == 0)
		ui_put(r.y + 2, r.x + 2, w - 2, TH_NORMAL, "%s",
		    u->page_pending ?
		    "..." : u->filter_text[0] ? "no orders match the filter" :
		    "no orders yet");
	else if (u->page_total > h)
		ui_put(r.y + r.h - 1, r.x + r.w - 24, 22, TH_PANE_BORDER,
		    " %d of %" PRId64 " ", u->sel[P_BLOTTER] + 1, u->page_total);
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
	u->sel[P_BLOTTER] = u->top[P_BLOTTER] = 0;
	u->npage = 0;
	u->page_skip = 0;
	u->page_total = 0;
	u->page_stale = true;
	u->rehome = true;
	u->rehome_asked = false;
}

/* The first page of a new blotter filter is in: the cursor stays on its
 * order when the filter shows it; otherwise it goes to the first row,
 * and the order it follows is that row's, so a key acts only on the
 * order highlighted. */
void
ui_rehome_blotter(struct ui *u)
{
	u->rehome = u->rehome_asked = false;
	if (ui_selected_order(u))
		return;
	u->sel[P_BLOTTER] = u->top[P_BLOTTER] = 0;
	ui_select_row(u);
}
