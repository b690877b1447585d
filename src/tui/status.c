/* src/tui/status.c: the status line on top and the key bar below.
 *
 * The status line, left to right: who acts, what needs attention (a
 * halt, orders waiting for review), the store, the sim venue, the FIX
 * sessions ("FIX BRK:up LSE:down", each in its state's colours), the
 * trading session, the clock and the firm's P&L.  The last three always
 * show; when the line is short the store goes first, then the sim, then
 * the sessions are cut to the first few and a count. */
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

/* ---- FIX sessions ----------------------------------------------------- */

const char *
ui_fix_word(enum view_fix_state s)
{
	switch (s) {
	case VIEW_FIX_UP:		return "up";
	case VIEW_FIX_CONNECTING:	return "conn";
	case VIEW_FIX_DOWN:		return "down";
	case VIEW_FIX_OFF:		return "off";
	case VIEW_FIX_UNKNOWN:		break;
	}
	return "?";
}

enum theme_element
ui_fix_element(enum view_fix_state s, enum theme_element normal)
{
	switch (s) {
	case VIEW_FIX_UP:		return TH_FIX_UP;
	case VIEW_FIX_CONNECTING:	return TH_FIX_CONNECTING;
	case VIEW_FIX_DOWN:
	case VIEW_FIX_UNKNOWN:		return TH_FIX_DOWN;
	case VIEW_FIX_OFF:		break;
	}
	return normal;
}

/* How much S calls for attention: down most, then on its way up. */
static int
fix_rank(enum view_fix_state s)
{
	switch (s) {
	case VIEW_FIX_DOWN:
	case VIEW_FIX_UNKNOWN:		return 3;
	case VIEW_FIX_CONNECTING:	return 2;
	case VIEW_FIX_UP:		return 1;
	case VIEW_FIX_OFF:		break;
	}
	return 0;
}

/* The state of FIX[FROM..N) that calls for attention most. */
static enum view_fix_state
fix_worst(const struct view_fix *fix, size_t from, size_t n)
{
	enum view_fix_state w = VIEW_FIX_OFF;

	for (size_t i = from; i < n; i++)
		if (fix_rank(fix[i].state) > fix_rank(w))
			w = fix[i].state;
	return w;
}

#define FIX_PREFIX	"| FIX "

size_t
ui_fix_badges(const struct view_fix *fix, size_t n, int room,
    struct ui_fix_badge *out, int *width, bool *whole)
{
	int	w[VIEW_FIX_MAX], used = (int)strlen(FIX_PREFIX);
	size_t	k, up = 0;

	*width = 0;
	*whole = false;
	if (n > VIEW_FIX_MAX)
		n = VIEW_FIX_MAX;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(out[i].text, sizeof out[i].text, "%s:%s",
		    fix[i].name, ui_fix_word(fix[i].state));
		out[i].el = ui_fix_element(fix[i].state, TH_STATUS_BAR);
		w[i] = (int)strlen(out[i].text);
		up += fix[i].state == VIEW_FIX_UP;
	}
	/* Every session by name, each with a blank after it. */
	for (k = 0; k < n; k++)
		used += w[k] + 1;
	if (used <= room) {
		*width = used;
		*whole = true;
		return n;
	}
	/* The first K by name and a count of the rest, in the colours of
	 * the worst of them: a session down never hides in the count. */
	for (k = n - 1; k >= 1; k--) {
		char	more[16];
		used = (int)strlen(FIX_PREFIX);
		for (size_t i = 0; i < k; i++)
			used += w[i] + 1;
		snprintf(more, sizeof more, "+%zu", n - k);
		used += (int)strlen(more) + 1;
		if (used > room)
			continue;
		str_copy(out[k].text, sizeof out[k].text, more);
		out[k].el = ui_fix_element(fix_worst(fix, k, n),
		    TH_STATUS_BAR);
		*width = used;
		return k + 1;
	}
	/* How many are up, in the colours of the worst. */
	snprintf(out[0].text, sizeof out[0].text, "%zu/%zu up", up, n);
	out[0].el = ui_fix_element(fix_worst(fix, 0, n), TH_STATUS_BAR);
	used = (int)strlen(FIX_PREFIX) + (int)strlen(out[0].text) + 1;
	if (used > room)
		return 0;
	*width = used;
	return 1;
}

/* ---- the status line ---------------------------------------------------- */

/* Who acts and as what, then what needs attention (a halt, orders waiting
 * for review), then the store, the venue, the FIX sessions, the session,
 * the clock and the P&L; when that does not fit, the store and then the
 * venue are left out, then the FIX sessions are cut, and only then is the
 * line cut on the right. */
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
	 * line is short, the store's name goes first, then the venue, then
	 * the FIX sessions give way. */
	const char *venue = v && v->remote ? "via other blotter" : "up";
	char	store[280] = "", sim[40] = "";
	struct ui_fix_badge badges[VIEW_FIX_MAX + 1];
	size_t	nbadges = 0;
	int	fixw = 0;
	snprintf(seg, sizeof seg, "| %s %s | firm P&L %s USD", session,
	    clock + 11, tot);
	for (int drop = 0; drop < 3; drop++) {
		bool whole;
		store[0] = sim[0] = '\0';
		if (drop < 1)
			snprintf(store, sizeof store, "| %s ", label);
		if (drop < 2)
			snprintf(sim, sizeof sim, "| sim: %s ", venue);
		int room = u->cols - x - (int)strlen(store) -
		    (int)strlen(sim) - (int)strlen(seg);
		nbadges = v ? ui_fix_badges(v->fix, v->nfix, room, badges,
		    &fixw, &whole) : 0;
		if (room >= 0 && (nbadges == 0 ? !v || v->nfix == 0 : whole))
			break;
	}
	x = status_put(u, x, TH_STATUS_BAR, store);
	x = status_put(u, x, TH_STATUS_BAR, sim);
	if (nbadges) {
		x = status_put(u, x, TH_STATUS_BAR, FIX_PREFIX);
		for (size_t i = 0; i < nbadges; i++) {
			x = status_put(u, x, badges[i].el, badges[i].text);
			x = status_put(u, x, TH_STATUS_BAR, " ");
		}
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
