/* src/tui/screen-base.c: what every pane and dialog of the screen uses.
 *
 * The messages list, requests to the worker (echoed or quiet), the
 * layout of the panes, drawing helpers (a cut line of text, a pane's
 * frame, an overlay page), the rows a list's filter shows, opening
 * the command line, the help and a page of text.  It calls no pane. */
#include "config.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "sbuf.h"
#include "utf8.h"
#include "screen-int.h"

const char *const ui_pane_names[P_COUNT] = {
	"ticket", "blotter", "positions", "quotes", "pnl", "messages"
};

const char *const ui_pane_titles[P_COUNT] = {
	"Ticket", "Blotter", "Positions", "Quotes", "P&L", "Messages"
};

FILE *ui_timing;

double
ui_mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

void
ui_add_message(struct ui *u, enum theme_element el, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void
ui_add_message(struct ui *u, enum theme_element el, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (char *p = buf; *p; ) {
		size_t n = strcspn(p, "\n");
		if (u->nmsgs == MSG_MAX) {
			memmove(u->msgs, u->msgs + 1, (MSG_MAX - 1) *
			    sizeof *u->msgs);
			u->nmsgs--;
		}
		snprintf(u->msgs[u->nmsgs].text, MSG_LEN, "%.*s", (int)n, p);
		u->msgs[u->nmsgs++].el = el;
		p += n;
		p += *p == '\n';
	}
}

/* Parse TEXT into a request for the worker, or say what is wrong with
 * it; NULL for a blank line too. */
struct rt_request *
ui_make_request(struct ui *u, const char *text)
{
	struct rt_request *r = xcalloc(1, sizeof *r);
	struct err err = { "" };

	if (cmd_parse(text, &r->cmd, &err) == -1) {
		ui_add_message(u, TH_MESSAGE_ERROR, "%s", err.msg);
		free(r);
		return NULL;
	}
	if (r->cmd.kind == CMD_EMPTY) {
		free(r);
		return NULL;
	}
	return r;
}

/* Send TEXT to the worker as a command; its answer arrives later. */
void
ui_submit(struct ui *u, const char *text)
{
	struct rt_request *r = ui_make_request(u, text);

	if (!r)
		return;
	ui_add_message(u, TH_PROMPT, "> %s", text);
	runtime_submit(u->rt, r);
}

struct rt_request *
ui_request_of(const struct cmd *c)
{
	struct rt_request *r = xcalloc(1, sizeof *r);

	r->cmd = *c;
	return r;
}

void
ui_submit_cmd(struct ui *u, const struct cmd *c, const char *echo)
{
	ui_add_message(u, TH_PROMPT, "> %s", echo);
	runtime_submit(u->rt, ui_request_of(c));
}

void
ui_cmd_on(struct cmd *c, enum cmd_kind kind, const char *id,
    const char *text, char *echo, size_t len)
{
	const struct cmd_spec *sp = cmd_spec_of(kind);

	cmd_clear(c);
	c->kind = kind;
	str_copy(c->id, sizeof c->id, id);
	if (text != NULL) {
		str_copy(c->text, sizeof c->text, text);
		snprintf(echo, len, "%s %s reason=\"%s\"", sp ? sp->name : "",
		    id, text);
	} else {
		snprintf(echo, len, "%s %s", sp ? sp->name : "", id);
	}
}

void
ui_submit_on(struct ui *u, enum cmd_kind kind, const char *id,
    const char *text)
{
	char	echo[LINE_MAX_LEN + NOTE_MAX];
	struct cmd c;

	ui_cmd_on(&c, kind, id, text, echo, sizeof echo);
	ui_submit_cmd(u, &c, echo);
}

/* Send C without echoing it: its answer goes to the details page (see
 * ui_take_quiet()), not to the messages.  Nothing is sent when too many such
 * answers are still on their way. */
static void
submit_quiet(struct ui *u, const struct cmd *c)
{
	int slot = 0;

	while (slot < QUIET_MAX && u->quiet[slot])
		slot++;
	if (slot == QUIET_MAX)
		return;
	struct rt_request *r = ui_request_of(c);
	u->quiet[slot] = r;
	runtime_submit(u->rt, r);
}

/* Whether R is the answer to a quiet request (and forget it if so). */
bool
ui_take_quiet(struct ui *u, const struct rt_request *r)
{
	for (int i = 0; i < QUIET_MAX; i++)
		if (u->quiet[i] == r) {
			u->quiet[i] = NULL;
			return true;
		}
	return false;
}

/* The order ID as the screen holds it (blotter page, review list, recent
 * orders), or NULL. */
const struct order *
ui_find_local_order(const struct ui *u, const char *id)
{
	for (size_t i = 0; i < u->npage; i++)
		if (strcmp(u->page[i].id, id) == 0)
			return &u->page[i];
	for (size_t i = 0; u->v && i < u->v->nflagged; i++)
		if (strcmp(u->v->flagged[i].id, id) == 0)
			return &u->v->flagged[i];
	for (size_t i = 0; u->v && i < u->v->norders; i++)
		if (strcmp(u->v->orders[i].id, id) == 0)
			return &u->v->orders[i];
	return NULL;
}

/* Show TEXT (owned from here) as a page; Esc goes back to the mode the
 * screen is in now. */
void
ui_open_text(struct ui *u, char *text, const char *order_id)
{
	free(u->text);
	u->text = text;
	u->text_top = 0;
	u->text_back = u->mode == M_REVIEW ? M_REVIEW : M_NORMAL;
	str_copy(u->details_id, sizeof u->details_id, order_id ? order_id : "");
	u->mode = M_TEXT;
}

/* Ask for the details of order ID: the order with its fills and history,
 * then, quietly, the compliance checks it went through. */
void
ui_open_details(struct ui *u, const char *id)
{
	char echo[LINE_MAX_LEN];
	struct cmd c;

	ui_submit_on(u, CMD_SHOW_ORDER, id, NULL);
	ui_cmd_on(&c, CMD_SHOW_COMPLIANCE, id, NULL, echo, sizeof echo);
	submit_quiet(u, &c);
}

/* Whether TEXT contains WHAT, whatever the case ("" is in any text). */
static bool
contains_nocase(const char *text, const char *what)
{
	size_t n = strlen(what);

	for (;; text++) {
		if (strncasecmp(text, what, n) == 0)
			return true;
		if (!*text)
			return false;
	}
}

/* Whether row K of list P shows under the pane's filter: a position by
 * its account (or block) or symbol, a quote by its symbol, a message by
 * its text. */
static bool
row_shown(const struct ui *u, enum pane p, int k)
{
	const char *f = u->find[p];

	if (!f[0])
		return true;
	switch (p) {
	case P_POSITIONS:
		return contains_nocase(u->v->positions[k].account, f) ||
		    contains_nocase(u->v->positions[k].block, f) ||
		    contains_nocase(u->v->positions[k].symbol, f);
	case P_QUOTES:
		return contains_nocase(u->v->quotes[k].q.symbol, f);
	case P_MESSAGES:
		return contains_nocase(u->msgs[k].text, f);
	default:
		return true;
	}
}

/* The rows of list P that its filter shows: how many, and their indexes
 * in the view (or the messages) in *IDX (caller frees) unless IDX is
 * NULL (only the count). */
int
ui_shown_rows(const struct ui *u, enum pane p, int **idx)
{
	int n = p == P_MESSAGES ? u->nmsgs : !u->v ? 0 :
	    p == P_POSITIONS ? (int)u->v->npositions :
	    p == P_QUOTES ? (int)u->v->nquotes : 0, m = 0;

	if (idx)
		*idx = xcalloc(n ? (size_t)n : 1, sizeof **idx);
	for (int k = 0; k < n; k++)
		if (row_shown(u, p, k)) {
			if (idx)
				(*idx)[m] = k;
			m++;
		}
	return m;
}

/* The panes whose keys are read in M_NORMAL: the ticket takes text only
 * while it is being filled, so when merely focused it has the global
 * keys. */
const char *
ui_normal_pane(const struct ui *u)
{
	return u->focus == P_TICKET ? "global" : ui_pane_names[u->focus];
}

int
ui_pane_rows(struct ui *u, enum pane p)
{
	if (!u->v)
		return 0;
	switch (p) {
	case P_BLOTTER:
		return (int)u->page_total;
	case P_POSITIONS:
	case P_QUOTES:
	case P_MESSAGES:
		return ui_shown_rows(u, p, NULL);
	default:
		return 0;
	}
}

void
ui_layout(struct ui *u)
{
	int body_y = 1, body_h = u->rows - 2;
	/* The right column holds a bond's quote at 80 columns: a 12-letter
	 * symbol and two prices in 1/32. */
	int rw = u->cols - u->cols * 62 / 100 < 32 ? 32 :
	    u->cols - u->cols * 62 / 100, lw = u->cols - rw;
	int tk_h = 4, pos_h = body_h * 35 / 100;
	int q_h = body_h * 40 / 100, pnl_h = 7;

	u->r[P_TICKET] = (struct rect){ body_y, 0, tk_h, lw };
	u->r[P_BLOTTER] = (struct rect){ body_y + tk_h, 0,
	    body_h - tk_h - pos_h, lw };
	u->r[P_POSITIONS] = (struct rect){ body_y + body_h - pos_h, 0, pos_h,
	    lw };
	u->r[P_QUOTES] = (struct rect){ body_y, lw, q_h, rw };
	u->r[P_PNL] = (struct rect){ body_y + q_h, lw, pnl_h, rw };
	u->r[P_MESSAGES] = (struct rect){ body_y + q_h + pnl_h, lw,
	    body_h - q_h - pnl_h, rw };
	if (u->zoom >= 0)
		u->r[u->zoom] = (struct rect){ body_y, 0, body_h, u->cols };
}

void
ui_put(int y, int x, int w, enum theme_element el, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Write formatted text at (Y, X), cut to W columns. */
void
ui_put(int y, int x, int w, enum theme_element el, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (w <= 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	attrset(theme_attr(el));
	/* Control characters as batch output shows them (curses would move
	 * the cursor for a tab, a CR or a backspace). */
	if (utf8_needs_escape(buf, strlen(buf), false)) {
		struct sbuf vis = { 0 };
		utf8_visible(&vis, buf, strlen(buf), false);
		mvaddnstr(y, x, vis.p, w);
		sbuf_free(&vis);
	} else {
		mvaddnstr(y, x, buf, w);
	}
	attrset(theme_attr(TH_NORMAL));
}

void
ui_frame(struct ui *u, enum pane p)
{
	struct rect r = u->r[p];
	bool f = u->focus == p;
	char title[64];

	attrset(theme_attr(f ? TH_PANE_FOCUS : TH_PANE_BORDER));
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	snprintf(title, sizeof title, " %s%s ", ui_pane_titles[p],
	    u->zoom == (int)p ? " (zoomed)" : "");
	if (p == P_BLOTTER && u->filter_text[0])
		snprintf(title, sizeof title, " Blotter /%.30s ",
		    u->filter_text);
	else if (u->find[p][0])
		snprintf(title, sizeof title, " %s /%.30s ", ui_pane_titles[p],
		    u->find[p]);
	ui_put(r.y, r.x + 2, r.w - 4, f ? TH_PANE_FOCUS : TH_PANE_TITLE, "%s",
	    title);
}

/* Keep the selection of P visible in a list of N rows shown H at a time. */
void
ui_scroll_into_view(struct ui *u, enum pane p, int n, int h)
{
	if (u->sel[p] >= n)
		u->sel[p] = n - 1;
	if (u->sel[p] < 0)
		u->sel[p] = 0;
	if (u->top[p] > u->sel[p])
		u->top[p] = u->sel[p];
	if (h > 0 && u->sel[p] >= u->top[p] + h)
		u->top[p] = u->sel[p] - h + 1;
	if (u->top[p] < 0)
		u->top[p] = 0;
}

/* Price PX of SYM with every decimal of the instrument's tick. */
char *
ui_px_text(const struct ui *u, const char *sym, int64_t px, char *buf,
    size_t len)
{
	const struct view_instrument *in = ui_find_instrument(u, sym);

	return format_px_tick(px, in ? in->tick : 0, buf, len);
}

int
ui_wider(int w, const char *text)
{
	int n = (int)strlen(text);

	return n > w ? n : w;
}

/* CUT (at least 1) moved back, when it falls inside a UTF-8 character of
 * S, to where that character starts (never below 1): where a line may
 * be broken. */
int
ui_char_start(const char *s, int cut)
{
	while (cut > 1 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return cut;
}

const char *
ui_login_name(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "-";
}

/* The name of the first key that runs ACTION in PANE, or "?" unbound. */
const char *
ui_key_for(const struct ui *u, const char *pane, const char *action,
    char *buf, size_t len)
{
	int key = keymap_key_for(u->km, pane, action);

	if (key < 0 || !keymap_key_name(key, buf, len))
		str_copy(buf, len, "?");
	return buf;
}

/* Clear the screen between the status line and the key bar and frame
 * it: an overlay (help, review, details) hides the panes entirely. */
void
ui_overlay_clear(struct ui *u)
{
	int top = 1, bottom = u->rows - 2, right = u->cols - 1;

	attrset(theme_attr(TH_NORMAL));
	for (int y = top; y <= bottom; y++)
		mvhline(y, 0, ' ', u->cols);
	attrset(theme_attr(TH_PANE_FOCUS));
	mvhline(top, 1, ACS_HLINE, right - 1);
	mvhline(bottom, 1, ACS_HLINE, right - 1);
	mvvline(top + 1, 0, ACS_VLINE, bottom - top - 1);
	mvvline(top + 1, right, ACS_VLINE, bottom - top - 1);
	mvaddch(top, 0, ACS_ULCORNER);
	mvaddch(top, right, ACS_URCORNER);
	mvaddch(bottom, 0, ACS_LLCORNER);
	mvaddch(bottom, right, ACS_LRCORNER);
	attrset(theme_attr(TH_NORMAL));
}

/* The length of TEXT's next line on a page W wide: a line wider than
 * the page goes on in the next rows, broken after a comma or a blank
 * where one is near, so nothing is cut. */
static size_t
overlay_line(const char *p, int w)
{
	size_t n = strcspn(p, "\n"), cut = n;

	if (w > 12 && n > (size_t)(w - 2)) {
		cut = (size_t)(w - 2);
		size_t brk = cut;
		while (brk > cut / 2 && p[brk - 1] != ',' && p[brk - 1] != ' ')
			brk--;
		if (brk > cut / 2)
			cut = brk;
		cut = (size_t)ui_char_start(p, (int)cut);
	}
	return cut;
}

/* TEXT in a window over the panes from its line *TOP on; *TOP stays
 * within the text, so the last page is as far as it scrolls. */
void
ui_draw_overlay_text(struct ui *u, const char *title, const char *text,
    int *top)
{
	int h = u->rows - 4, w = u->cols - 4;
	int y = 2, x = 2, line = 0, lines = 0;
	char close[KEYMAP_KEY_NAME_MAX];

	for (const char *p = text; *p; lines++) {
		size_t n = strcspn(p, "\n"), cut = overlay_line(p, w);
		p += cut;
		if (cut == n)
			p += *p == '\n';
	}
	if (*top > lines - (h - 2))
		*top = lines - (h - 2);
	if (*top < 0)
		*top = 0;
	ui_overlay_clear(u);
	ui_put(y, x + 1, w - 2, TH_PANE_FOCUS, "%s  (%s closes, arrows "
	    "scroll)", title, ui_key_for(u, u->mode == M_HELP ? "help" :
	    "dialog", "dialog-close", close, sizeof close));
	for (const char *p = text; *p && line - *top < h - 2; ) {
		size_t n = strcspn(p, "\n"), cut = overlay_line(p, w);
		if (line >= *top)
			ui_put(y + 2 + line - *top, x + 1, w - 2, TH_NORMAL,
			    "%.*s", (int)cut, p);
		line++;
		p += cut;
		if (cut == n)
			p += *p == '\n';
	}
}

/* Whether the allocation wizard is up (under a y/n question too). */
bool
ui_wizard_on(const struct ui *u)
{
	return u->mode == M_ALLOC || (u->mode == M_CONFIRM &&
	    u->ask_back == M_ALLOC);
}

const struct view_instrument *
ui_find_instrument(const struct ui *u, const char *sym)
{
	for (size_t i = 0; u->v && i < u->v->ninstruments; i++)
		if (strcmp(u->v->instruments[i].symbol, sym) == 0)
			return &u->v->instruments[i];
	return NULL;
}

/* Edit LINE (or the ticket field) with KEY; returns true when the key was
 * text editing. */
bool
ui_edit_key(char *buf, size_t cap, int *cur, int key)
{
	size_t len = strlen(buf);

	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (*cur > 0) {
			memmove(buf + *cur - 1, buf + *cur, len - (size_t)*cur + 1);
			(*cur)--;
		}
		return true;
	}
	if (key == KEY_DC) {
		if ((size_t)*cur < len)
			memmove(buf + *cur, buf + *cur + 1, len - (size_t)*cur);
		return true;
	}
	if (key == KEY_LEFT) {
		*cur -= *cur > 0;
		return true;
	}
	if (key == KEY_RIGHT) {
		*cur += (size_t)*cur < len;
		return true;
	}
	if (key == KEY_HOME || key == 1) {
		*cur = 0;
		return true;
	}
	if (key == KEY_END || key == 5) {
		*cur = (int)len;
		return true;
	}
	if (key >= 32 && key < 127 && len + 1 < cap) {
		memmove(buf + *cur + 1, buf + *cur, len - (size_t)*cur + 1);
		buf[(*cur)++] = (char)key;
		return true;
	}
	return false;
}

void
ui_open_line(struct ui *u, enum mode m, const char *text)
{
	u->mode = m;
	str_copy(u->line, sizeof u->line, text);
	u->cur = (int)strlen(u->line);
	u->hpos = u->nhist;
}

/* Show the keys that work in PANE, over the mode we are in. */
void
ui_open_help(struct ui *u, const char *pane)
{
	u->text_back = u->mode;
	u->mode = M_HELP;
	u->text_top = 0;
	str_copy(u->help_pane, sizeof u->help_pane, pane);
}
