/* src/tui/pane-positions.c: the positions pane, marked to market. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "screen-int.h"

/* What names position P under the positions' cursor: its block (a
 * block's unbooked fills), account and symbol. */
static void
position_key(const struct view_position *p, char *out, size_t cap)
{
	snprintf(out, cap, "%s %s %s", p->block, p->account, p->symbol);
}

/* The selection follows the position, not the row, as in the blotter:
 * move the positions' cursor to the position it is on (sel_pos) in the
 * newest view; with none chosen yet, the one under the cursor becomes
 * it.  Returns it (borrowed from the view), or NULL when it is no longer
 * shown. */
const struct view_position *
ui_selected_position(struct ui *u)
{
	char key[sizeof u->sel_pos];
	int *idx, n = ui_shown_rows(u, P_POSITIONS, &idx),
	    i = u->sel[P_POSITIONS];
	const struct view_position *p = NULL;

	if (!u->sel_pos[0] && i >= 0 && i < n)
		position_key(&u->v->positions[idx[i]], u->sel_pos,
		    sizeof u->sel_pos);
	for (int k = 0; u->sel_pos[0] && k < n; k++) {
		position_key(&u->v->positions[idx[k]], key, sizeof key);
		if (strcmp(key, u->sel_pos) == 0) {
			u->sel[P_POSITIONS] = k;
			p = &u->v->positions[idx[k]];
			break;
		}
	}
	free(idx);
	return p;
}

/* A position's cells as text. */
struct position_cells {
	char	acct[ACCOUNT_MAX + ORDER_ID_MAX + 8], qty[24], avg[40];
	char	ur[48], mk[40];
};

static void
draw_positions(struct ui *u)
{
	struct rect r = u->r[P_POSITIONS];
	int h = r.h - 3, w = r.w - 2;
	int *idx, n = ui_shown_rows(u, P_POSITIONS, &idx);
	struct position_cells *cells = xcalloc(n ? (size_t)n : 1,
	    sizeof *cells);
	int wacct = 7, wsym = 6, wqty = 3, wavg = 7, wur = 6, wmk = 4;

	ui_scroll_into_view(u, P_POSITIONS, n, h);
	for (int k = u->top[P_POSITIONS]; k < n && k < u->top[P_POSITIONS] + h;
	    k++) {
		const struct view_position *p = &u->v->positions[idx[k]];
		struct position_cells *c = &cells[k];
		const struct view_instrument *in = ui_find_instrument(u,
		    p->symbol);
		/* A block's fills nobody booked yet: a line of its own. */
		if (p->block[0])
			snprintf(c->acct, sizeof c->acct, "block %s", p->block);
		else
			str_copy(c->acct, sizeof c->acct, p->account);
		snprintf(c->qty, sizeof c->qty, "%" PRId64, p->qty);
		/* The average cost to the tick's decimals, or more. */
		snprintf(c->avg, sizeof c->avg, "%.*f",
		    format_tick_decimals(in ? in->tick : 0) + 2, p->avg_cost);
		char *e = c->avg + strlen(c->avg) - 1;
		for (int d = 0; d < 2 && *e == '0'; d++)
			*e-- = '\0';
		format_money_sep(p->unrealized, c->ur, sizeof c->ur);
		if (p->mark)
			ui_px_text(u, p->symbol, p->mark, c->mk, sizeof c->mk);
		else
			str_copy(c->mk, sizeof c->mk, "-");
		wacct = ui_wider(wacct, c->acct);
		wsym = ui_wider(wsym, p->symbol);
		wqty = ui_wider(wqty, c->qty);
		wavg = ui_wider(wavg, c->avg);
		wur = ui_wider(wur, c->ur);
		wmk = ui_wider(wmk, c->mk);
	}
	/* What does not fit goes a whole column at a time, the average
	 * cost first, then the mark: no number is ever cut. */
	int need = wacct + 1 + wsym + 1 + wqty + 1 + wavg + 1 + wmk + 1 + wur;
	bool show_avg = need <= w;
	bool show_mk = (show_avg ? need : need - wavg - 1) <= w;
	char head[512];
	int o = snprintf(head, sizeof head, "%-*s %-*s %*s", wacct, "ACCOUNT",
	    wsym, "SYMBOL", wqty, "QTY");
	if (show_avg)
		o += snprintf(head + o, sizeof head - (size_t)o, " %*s", wavg,
		    "AVGCOST");
	if (show_mk)
		o += snprintf(head + o, sizeof head - (size_t)o, " %*s", wmk,
		    "MARK");
	snprintf(head + o, sizeof head - (size_t)o, " %*s", wur, "UNREAL");
	ui_put(r.y + 1, r.x + 1, w, TH_HEADER, "%s", head);
	for (int i = 0; i < h && u->top[P_POSITIONS] + i < n; i++) {
		int k = u->top[P_POSITIONS] + i;
		const struct view_position *p = &u->v->positions[idx[k]];
		const struct position_cells *c = &cells[k];
		char key[sizeof u->sel_pos];
		position_key(p, key, sizeof key);
		bool sel = u->focus == P_POSITIONS &&
		    k == u->sel[P_POSITIONS] &&
		    (!u->sel_pos[0] || strcmp(key, u->sel_pos) == 0);
		char line[512];
		o = snprintf(line, sizeof line, "%-*s %-*s %*s", wacct, c->acct,
		    wsym, p->symbol, wqty, c->qty);
		if (show_avg)
			o += snprintf(line + o, sizeof line - (size_t)o, " %*s",
			    wavg, c->avg);
		if (show_mk)
			o += snprintf(line + o, sizeof line - (size_t)o, " %*s",
			    wmk, c->mk);
		snprintf(line + o, sizeof line - (size_t)o, " %*s", wur, c->ur);
		ui_put(r.y + 2 + i, r.x + 1, w, sel ? TH_SELECTION :
		    p->unrealized < 0 ? TH_PNL_DOWN : TH_PNL_UP, "%s", line);
	}
	if (n == 0 && u->find[P_POSITIONS][0])
		ui_put(r.y + 2, r.x + 2, w - 2, TH_NORMAL, "no positions match "
		    "the filter");
	free(cells);
	free(idx);
}

const struct ui_pane ui_pane_positions = { draw_positions };
