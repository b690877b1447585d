/* src/tui/status.c: the status line on top and the key bar below. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "format.h"
#include "ui.h"
#include "screen-int.h"

/* Write TEXT in the status line from column X; returns the column after
 * it. */
static int
status_put(const struct ui *u, int x, enum theme_element el,
    const char *text)
{
	ui_put(0, x, u->cols - x, el, "%s", text);
	return x + (int)strlen(text);
}

/* Who acts and as what, then what needs attention (a halt, orders waiting
 * for review), then the store, the venue, the session, the clock and the
 * P&L; when that does not fit, the store and then the venue are left
 * out, and only then is the line cut on the right. */
void
ui_draw_status(struct ui *u)
{
	char clock[24] = "-", tot[48] = "-", seg[256];
	const char *label = strrchr(u->opts->store_label, '/');
	const struct view *v = u->v;
	/* The clock itself, not the last view's: a quiet market publishes
	 * no view, and the status line must still tick. */
	int64_t now = runtime_wall_clock();
	const char *session = calendar_session_name(calendar_session(u->cal,
	    now));
	int x;

	label = label ? label + 1 : u->opts->store_label;
	cmd_time_fmt(now, clock, sizeof clock);
	if (v) {
		if (v->firm_past) {
			char lim[32];
			format_money_sep(INT64_MAX, lim, sizeof lim);
			snprintf(tot, sizeof tot, "past %s", lim);
		} else
			format_money_sep(v->firm_total, tot, sizeof tot);
	}
	attrset(theme_attr(TH_STATUS_BAR));
	mvhline(0, 0, ' ', u->cols);
	if (v && v->user[0])
		snprintf(seg, sizeof seg, " %s (%s) ", v->user, v->role[0] ?
		    v->role : "no role");
	else
		snprintf(seg, sizeof seg, " %s ", ui_login_name());
	x = status_put(u, 0, TH_STATUS_BAR, seg);
	if (v && v->halted) {
		/* The reason takes what the review count, the session, the
		 * clock and the P&L leave (40 columns at most). */
		char tail[128];
		int room = u->cols - x - 2 - (int)strlen(" HALTED:  ");
		room -= snprintf(tail, sizeof tail, "| %s %s | firm P&L %s USD",
		    session, clock + 11, tot);
		if (v->nflagged)
			room -= snprintf(tail, sizeof tail, "| %zu for review ",
			    v->nflagged);
		room = room > 40 ? 40 : room < 0 ? 0 : room;
		snprintf(seg, sizeof seg, " HALTED%s%.*s ", v->halt_reason[0] &&
		    room > 0 ? ": " : "", room, v->halt_reason);
		x = status_put(u, x, TH_STATUS_HALTED, seg);
		x = status_put(u, x, TH_STATUS_BAR, " ");
	}
	if (v && v->nflagged) {
		x = status_put(u, x, TH_STATUS_BAR, "| ");
		snprintf(seg, sizeof seg, "%zu for review", v->nflagged);
		x = status_put(u, x, TH_ORDER_FLAGGED, seg);
		x = status_put(u, x, TH_STATUS_BAR, " ");
	}
	/* The session, the clock and the firm P&L matter most: when the
	 * line is short, the store's name goes first, then the venue. */
	const char *venue = v && v->remote ? "via other blotter" : "up";
	for (int drop = 0; drop < 3; drop++) {
		char store[280] = "", sim[40] = "";
		if (drop < 1)
			snprintf(store, sizeof store, "| %s ", label);
		if (drop < 2)
			snprintf(sim, sizeof sim, "| sim: %s ", venue);
		snprintf(seg, sizeof seg, "%s%s| %s %s | firm P&L %s USD",
		    store, sim, session, clock + 11, tot);
		if (x + (int)strlen(seg) <= u->cols)
			break;
	}
	status_put(u, x, TH_STATUS_BAR, seg);
}

void
ui_draw_bar(struct ui *u)
{
	int y = u->rows - 1;

	attrset(theme_attr(TH_NORMAL));
	mvhline(y, 0, ' ', u->cols);
	switch (u->mode) {
	case M_PROMPT:
	case M_FILTER:
		ui_put(y, 0, u->cols, TH_PROMPT, "%s%s", u->mode == M_PROMPT ?
		    ":" : "/", u->line);
		move(y, 1 + u->cur);
		curs_set(1);
		return;
	case M_REASON: {
		char label[64];
		int n = snprintf(label, sizeof label, "Reject %s reason: ",
		    u->reason_id);
		ui_put(y, 0, u->cols, TH_PROMPT, "%s%s", label, u->line);
		move(y, n + u->cur);
		curs_set(1);
		return;
	}
	case M_CONFIRM: {
		char yes[KEYMAP_KEY_NAME_MAX], no[KEYMAP_KEY_NAME_MAX];
		ui_put(y, 0, u->cols, TH_MESSAGE_WARN, "%s (%s/%s)", u->ask,
		    ui_key_for(u, "dialog", "dialog-yes", yes, sizeof yes),
		    ui_key_for(u, "dialog", "dialog-no", no, sizeof no));
		break;
	}
	case M_ALLOC: {
		char k1[KEYMAP_KEY_NAME_MAX], k2[KEYMAP_KEY_NAME_MAX];
		char k3[KEYMAP_KEY_NAME_MAX], k4[KEYMAP_KEY_NAME_MAX];
		if (u->wz_editing) {
			char label[64];
			int n = snprintf(label, sizeof label, "Share for %s "
			    "(40%% or a quantity): ", u->wz_sel < (int)
			    u->wz.nacct ? u->wz.acct[u->wz_sel].account : "?");
			ui_put(y, 0, u->cols, TH_PROMPT, "%s%s", label,
			    u->wz_line);
			move(y, n + u->wz_cur);
			curs_set(1);
			return;
		}
		ui_put(y, 0, u->cols, TH_STATUS_BAR,
		    " %s/%s account  type 40%% "
		    "or 300: its share  %s book  %s close", ui_key_for(u,
		        "alloc",
		    "cursor-up", k1, sizeof k1), ui_key_for(u, "alloc",
		    "cursor-down", k2, sizeof k2), ui_key_for(u, "alloc",
		    "alloc-book", k3, sizeof k3), ui_key_for(u, "alloc",
		    "dialog-close", k4, sizeof k4));
		break;
	}
	default:
		ui_put(y, 0, u->cols, TH_STATUS_BAR, " ? help  : command  b/s "
		    "ticket  c cancel  r replace  / filter  Tab pane  z zoom  "
		    "q quit");
	}
	curs_set(0);
}
