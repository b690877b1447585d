/* src/tui/pane-quotes.c: the quotes pane, one row a symbol. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen-int.h"

/* The quote under the quotes' cursor (borrowed from the view), or NULL
 * when the list shows none. */
const struct view_quote *
ui_selected_quote(const struct ui *u)
{
	int *idx, n = ui_shown_rows(u, P_QUOTES, &idx), i = u->sel[P_QUOTES];
	const struct view_quote *q = i >= 0 && i < n ?
	    &u->v->quotes[idx[i]] : NULL;

	free(idx);
	return q;
}

static void
draw_quotes(struct ui *u)
{
	struct rect r = u->r[P_QUOTES];
	int h = r.h - 3, w = r.w - 2;
	int *idx, n = ui_shown_rows(u, P_QUOTES, &idx);
	char (*px)[2][40] = xcalloc(n ? (size_t)n : 1, sizeof *px);
	int wsym = 6, wb = 3, wa = 3;
	/* Rows per quote: 1, or 2 when a symbol and its prices do not fit
	 * on one line (a long symbol with 1/256 prices at 80 columns): the
	 * symbol, then the bid and the ask under it; nothing is cut. */
	int per = 1;

	for (int pass = 0; pass < 2; pass++) {
		int shown = h / per;
		wsym = 6, wb = 3, wa = 3;
		ui_scroll_into_view(u, P_QUOTES, n, shown);
		for (int k = u->top[P_QUOTES]; k < n &&
		    k < u->top[P_QUOTES] + shown; k++) {
			const struct view_quote *q = &u->v->quotes[idx[k]];
			if (q->q.bid)
				ui_px_text(u, q->q.symbol, q->q.bid, px[k][0],
				    sizeof px[k][0]);
			else
				str_copy(px[k][0], sizeof px[k][0], "-");
			if (q->q.ask)
				ui_px_text(u, q->q.symbol, q->q.ask, px[k][1],
				    sizeof px[k][1]);
			else
				str_copy(px[k][1], sizeof px[k][1], "-");
			wsym = ui_wider(wsym, q->q.symbol);
			wb = ui_wider(wb, px[k][0]);
			wa = ui_wider(wa, px[k][1]);
		}
		if (per == 2 || wsym + 1 + wb + 1 + wa <= w || h < 2)
			break;
		per = 2;
	}
	/* Room to spare goes between the columns, up to the usual
	 * spacing; the direction of the last move shows when it fits. */
	int gap = ((per == 1 ? w - wsym : w - 2) - wb - wa - 2) / 2;
	gap = gap > 4 ? 4 : gap < 1 ? 1 : gap;
	wb += gap - 1;
	wa += gap - 1;
	if (per == 1) {
		ui_put(r.y + 1, r.x + 1, w, TH_HEADER, "%-*s %*s %*s", wsym,
		    "SYMBOL", wb, "BID", wa, "ASK");
	} else {
		/* BID and ASK over the prices, SYMBOL before them. */
		char head[128];
		snprintf(head, sizeof head, "  %*s %*s", wb, "BID", wa, "ASK");
		if (strspn(head, " ") > 6)
			memcpy(head, "SYMBOL", 6);
		ui_put(r.y + 1, r.x + 1, w, TH_HEADER, "%s", head);
	}
	for (int i = 0; i < h / per && u->top[P_QUOTES] + i < n; i++) {
		int k = u->top[P_QUOTES] + i, y = r.y + 2 + i * per;
		const struct view_quote *q = &u->v->quotes[idx[k]];
		bool sel = u->focus == P_QUOTES && k == u->sel[P_QUOTES];
		/* The last change stays highlighted for two seconds. */
		bool fresh = q->changed && u->v->now - q->changed < 2;
		enum theme_element el = sel ? TH_SELECTION : !fresh ? TH_NORMAL :
		    q->dir > 0 ? TH_QUOTE_UP : q->dir < 0 ? TH_QUOTE_DOWN :
		    TH_NORMAL;
		const char *dir = q->dir > 0 ? "+" : q->dir < 0 ? "-" : " ";
		if (per == 1) {
			ui_put(y, r.x + 1, w, el, "%-*s %*s %*s %s", wsym,
			    q->q.symbol, wb, px[k][0], wa, px[k][1], dir);
			continue;
		}
		ui_put(y, r.x + 1, w, el, "%-*s", w, q->q.symbol);
		ui_put(y + 1, r.x + 1, w, el, "  %*s %*s %s", wb, px[k][0], wa,
		    px[k][1], dir);
	}
	if (n == 0 && u->find[P_QUOTES][0])
		ui_put(r.y + 2, r.x + 1, w, TH_NORMAL, "no quotes match");
	free(px);
	free(idx);
}

const struct ui_pane ui_pane_quotes = { draw_quotes };
