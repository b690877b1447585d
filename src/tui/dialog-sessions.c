/* src/tui/dialog-sessions.c: the FIX sessions, an overlay over the panes.
 *
 * One line for each session set up (fix.NAME in the settings): its state
 * in the session's own words, painted as the status line paints it, the
 * next sequence numbers out and in, the broker's address, and whether
 * this blotter holds it or another one does (the line is then what that
 * one last wrote to the store, and when).  It is drawn from the view
 * alone, at each paint, so it follows the sessions as they change; the
 * latest message under it shows why one went down. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "screen-int.h"

/* Where session F is held, in words, into BUF. */
static const char *
held_text(const struct view_fix *f, char *buf, size_t len)
{
	char	when[32];

	if (!f->elsewhere)
		str_copy(buf, len, "here");
	else if (f->since == 0)
		str_copy(buf, len, "other blotter");
	else
		snprintf(buf, len, "other, since %s",
		    cmd_time_fmt(f->since, when, sizeof when));
	return buf;
}

void
ui_draw_sessions(struct ui *u)
{
	int	h = u->rows - 4, w = u->cols - 4, y = 2, x = 2;
	const struct view *v = u->v;
	size_t	n = v ? v->nfix : 0;
	char	k1[KEYMAP_KEY_NAME_MAX], held[64], num[24];

	ui_overlay_clear(u);
	ui_put(y, x + 1, w - 2, TH_PANE_FOCUS, "FIX sessions: %zu  (%s "
	    "closes)", n, ui_key_for(u, "dialog", "dialog-close", k1,
	    sizeof k1));
	if (n == 0) {
		ui_put(y + 2, x + 1, w - 2, TH_NORMAL, "No FIX session is set "
		    "up (fix.NAME = initiator HOST:PORT ... in blotterrc)");
		return;
	}
	if (v->remote)
		ui_put(y + 1, x + 1, w - 2, TH_NORMAL, "Held by another "
		    "blotter: as it last wrote them to the store");
	/* Columns as wide as what they show; the address and where the
	 * session is held come last and give way at 80 columns. */
	int wname = 4, wstate = 5, wout = 3, win = 2, wpeer = 4;
	for (size_t i = 0; i < n; i++) {
		const struct view_fix *f = &v->fix[i];
		wname = ui_wider(wname, f->name);
		wstate = ui_wider(wstate, f->state_text);
		snprintf(num, sizeof num, "%" PRId64, f->next_out);
		wout = ui_wider(wout, num);
		snprintf(num, sizeof num, "%" PRId64, f->next_in);
		win = ui_wider(win, num);
		wpeer = ui_wider(wpeer, f->peer);
	}
	if (wpeer > 24)
		wpeer = 24;
	ui_put(y + 2, x + 1, w - 2, TH_HEADER, "%-*s %-*s %*s %*s %-*s %s",
	    wname, "NAME", wstate, "STATE", wout, "OUT", win, "IN", wpeer,
	    "PEER", "HELD");
	for (size_t i = 0; i < n && (int)i < h - 6; i++) {
		const struct view_fix *f = &v->fix[i];
		int	row = y + 3 + (int)i, col = x + 1, end = x + w - 1;
		ui_put(row, col, end - col, TH_NORMAL, "%-*s ", wname,
		    f->name);
		col += wname + 1;
		ui_put(row, col, end - col, ui_fix_element(f->state,
		    TH_NORMAL), "%-*s", wstate, f->state_text);
		col += wstate;
		ui_put(row, col, end - col, TH_NORMAL, " %*" PRId64 " %*"
		    PRId64 " %-*.*s %s", wout, f->next_out, win, f->next_in,
		    wpeer, wpeer, f->peer, held_text(f, held, sizeof held));
	}
	ui_put(y + h - 3, x + 1, w - 2, TH_NORMAL, "OUT, IN: the next "
	    "sequence numbers; fix reset NAME (admin) sets both to 1");
	if (u->nmsgs > 0)
		ui_put(y + h - 1, x + 1, w - 2, u->msgs[u->nmsgs - 1].el, "%s",
		    u->msgs[u->nmsgs - 1].text);
}
