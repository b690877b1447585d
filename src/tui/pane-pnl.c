/* src/tui/pane-pnl.c: the P&L pane and its chart. */
#include "config.h"


#include "format.h"
#include "screen-int.h"

static void
draw_pnl(struct ui *u)
{
	struct rect r = u->r[P_PNL];
	int w = r.w - 2;
	char rl[32], ur[32], tot[32], lim[32];

	if (!u->v)
		return;
	const struct view *v = u->v;
	if (v->firm_past) {
		format_money_sep(INT64_MAX, lim, sizeof lim);
		ui_put(r.y + 1, r.x + 1, w, TH_NORMAL, "real -  unreal -");
		ui_put(r.y + 2, r.x + 1, w, TH_MESSAGE_ERROR,
		    "firm P&L is past "
		    "the %s USD blotter can add up", lim);
	} else {
		format_money_sep(v->firm_realized, rl, sizeof rl);
		format_money_sep(v->firm_unrealized, ur, sizeof ur);
		format_money_sep(v->firm_total, tot, sizeof tot);
		ui_put(r.y + 1, r.x + 1, w, TH_NORMAL, "real %s  unreal %s", rl,
		    ur);
		ui_put(r.y + 2, r.x + 1, w, v->firm_total < 0 ? TH_PNL_DOWN :
		    TH_PNL_UP, "firm %s USD%s", tot, v->firm_ok ? "" :
		    " (an fx rate is missing)");
	}
	/* The intraday chart: the last W samples, scaled to the chart's
	 * rows, in block characters (or ASCII without UTF-8). */
	int ch = r.h - 4, cw = w;
	if (ch <= 0 || v->npnl == 0)
		return;
	size_t n = v->npnl < (size_t)cw ? v->npnl : (size_t)cw;
	const int64_t *pts = v->pnl + v->npnl - n;
	int64_t lo = pts[0], hi = pts[0];
	for (size_t i = 0; i < n; i++) {
		lo = pts[i] < lo ? pts[i] : lo;
		hi = pts[i] > hi ? pts[i] : hi;
	}
	static const char *const blocks[] = { " ", "\u2581", "\u2582",
	    "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = " .:-=+*#%";
	int levels = ch * 8;
	for (size_t i = 0; i < n; i++) {
		int lv = hi == lo ? levels / 2 : (int)((double)(pts[i] - lo) /
		    (double)(hi - lo) * (levels - 1)) + 1;
		for (int row = 0; row < ch; row++) {
			int cell = lv - (ch - 1 - row) * 8;
			cell = cell < 0 ? 0 : cell > 8 ? 8 : cell;
			attrset(theme_attr(pts[i] < 0 ? TH_PNL_DOWN : TH_PNL_UP));
			if (u->utf8)
				mvaddstr(r.y + 3 + row, r.x + 1 + (int)i,
				    blocks[cell]);
			else
				mvaddch(r.y + 3 + row, r.x + 1 + (int)i,
				    (chtype)(unsigned char)ascii[cell]);
		}
	}
	attrset(theme_attr(TH_NORMAL));
}

const struct ui_pane ui_pane_pnl = { draw_pnl };
