/* src/tui/ui.c: the full-screen interface.
 *
 * The UI thread owns curses.  It sleeps in poll() on the keyboard, the
 * runtime's result fd and its view fd; it never touches the store or a
 * venue.  What it draws comes from the newest view (a snapshot the worker
 * publishes), what the trader does becomes command text for the worker,
 * and the answers land in the messages pane.
 *
 * Layout (80x24 and up): a status line on top, the key bar at the bottom;
 * on the left the ticket, the blotter and the positions; on the right the
 * quotes, the P&L with its chart and the messages.  Any pane can be zoomed
 * to the whole screen.  Action handlers change state only; one paint
 * function draws everything from that state.
 *
 * Compliance lives in the same picture: the status line says who is acting
 * and in what role, how many orders wait for review and whether trading is
 * halted; flagged orders stand out in the blotter; the review list (an
 * overlay over the panes) lets a compliance user approve or reject them,
 * and the kill switch halts or resumes the whole store, always after a
 * y/n question.  New alerts land in the messages pane as warnings.
 *
 * Blocks: the blotter shows a block's members right under it, indented
 * (blocktree.c), and the allocation wizard (an overlay, like the review
 * list) splits a block's unallocated fills among its accounts.  The
 * wizard computes no split itself: it asks the worker quietly for
 * "show block B" and "alloc B ... preview" and draws the answers
 * (allocwiz.c reads them), and books with the very command it last
 * previewed, without "preview". */
#include "config.h"
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "allocwiz.h"
#include "blocktree.h"
#include "calendar.h"
#include "cmd.h"
#include "demo.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "keymap.h"
#include "paths.h"
#include "runtime.h"
#include "sbuf.h"
#include "termcheck.h"
#include "theme.h"
#include "utf8.h"
#include "view.h"

#define MIN_COLS	80
#define MIN_ROWS	24
#define MSG_MAX		300
#define MSG_LEN		200
#define HIST_MAX	100
#define LINE_MAX_LEN	400
#define PAGE_ROWS	500
#define QUIET_MAX	8
#define WZ_CMD_MAX	4096	/* an alloc command with its weights */
#define KEYS_AT_ONCE	1024	/* keys taken from the terminal per look */
/* A question answered sooner than this after it showed was not read:
 * the answer came with the key that asked it (a paste the terminal sent
 * in pieces, xy), and is ignored. */
#define ASK_READ_MS	100
/* What the terminal sends around pasted text (bracketed paste), as keys
 * of our own: above KEY_MAX, within the 16 bits curses keeps. */
#define KEY_PASTE_BEGIN	(KEY_MAX + 0x100)
#define KEY_PASTE_END	(KEY_MAX + 0x101)
#define CTRL_C		3
#define CTRL_Z		26
#define CTRL_BACKSLASH	28

enum pane {
	P_TICKET, P_BLOTTER, P_POSITIONS, P_QUOTES, P_PNL, P_MESSAGES,
	P_COUNT
};

static const char *const pane_names[P_COUNT] = {
	"ticket", "blotter", "positions", "quotes", "pnl", "messages"
};

static const char *const pane_titles[P_COUNT] = {
	"Ticket", "Blotter", "Positions", "Quotes", "P&L", "Messages"
};

enum mode {
	M_NORMAL,	/* keys go to the focused pane */
	M_PROMPT,	/* the ':' command line */
	M_FILTER,	/* the '/' filter line */
	M_TICKET,	/* typing in the ticket */
	M_CONFIRM,	/* a y/n question */
	M_HELP,		/* the list of bindings */
	M_TEXT,		/* a page of text (order details) */
	M_REVIEW,	/* the orders waiting for compliance review */
	M_REASON,	/* the reason for rejecting one of them */
	M_ALLOC		/* the allocation wizard */
};

enum ticket_field {
	TF_SIDE, TF_QTY, TF_SYMBOL, TF_TYPE, TF_PRICE, TF_STOP, TF_TIF,
	TF_ACCT, TF_VENUE, TF_COUNT
};

static const char *const ticket_labels[TF_COUNT] = {
	"Side", "Qty", "Symbol", "Type", "Limit", "Stop", "TIF", "Acct",
	"Venue"
};

/* The ticket's order types, cycled with Space like the side. */
static const char *const type_words[] = { "market", "limit", "stop",
    "stop_limit" };
#define NTYPES	4

static const char *const side_words[] = { "buy", "sell", "short", "cover" };

struct rect {
	int	y, x, h, w;
};

struct message {
	char	text[MSG_LEN];
	enum theme_element el;
};

struct ui {
	struct runtime *rt;
	struct view *v;
	struct keymap *km;
	const struct ui_opts *opts;
	enum mode mode;
	enum pane focus;
	int	zoom;			/* a pane, or -1 */
	bool	quit, utf8;
	int	rows, cols;
	struct rect r[P_COUNT];
	int	sel[P_COUNT], top[P_COUNT];
	/* The order under the blotter's cursor: the cursor stays on it as
	 * orders come and go ("" until the rows under the cursor arrive). */
	char	sel_id[ORDER_ID_MAX];
	/* The same for the positions' cursor: the position it is on, as
	 * block, account and symbol ("" until a row is under it). */
	char	sel_pos[ORDER_ID_MAX + ACCOUNT_MAX + SYMBOL_MAX + 4];
	/* Inside bracketed paste: what comes is text, never a key. */
	bool	pasting;
	int	paste_dropped;		/* pasted characters left out */
	double	ask_ms;			/* when the question showed (mono_ms) */
	char	help_pane[16];		/* the pane the help lists keys of */
	/* The blotter's filter and sort. */
	char	filter_text[LINE_MAX_LEN];
	struct cmd_filter filter;
	/* A new filter keeps the cursor on its order when the order still
	 * shows: the first page asked after it (rehome_asked) decides. */
	bool	rehome, rehome_asked;
	/* The other lists' filters (positions, quotes, messages): text the
	 * rows shown contain; and the pane the open '/' line filters. */
	char	find[P_COUNT][LINE_MAX_LEN];
	enum pane filter_pane;
	int	sort_col;		/* 0: newest first */
	bool	sort_rev;
	/* The blotter pages through the store: PAGE_ROWS orders from
	 * page_skip on (newest first), of page_total matching the filter. */
	struct order *page;
	size_t	npage, page_skip;
	int64_t	page_total;
	bool	page_pending, page_stale;
	double	page_asked;		/* when the pending page was asked for */
	/* Messages, oldest first. */
	struct message msgs[MSG_MAX];
	int	nmsgs;
	uint64_t event_seq;		/* the view events already shown */
	/* The command line, with history. */
	char	line[LINE_MAX_LEN];
	int	cur;
	char	hist[HIST_MAX][LINE_MAX_LEN];
	int	nhist, hpos;
	/* A y/n question, the command a yes sends, and the mode a no goes
	 * back to. */
	char	ask[256], ask_cmd[WZ_CMD_MAX];
	enum mode ask_back;
	/* The ticket. */
	char	tk[TF_COUNT][48];
	int	tk_field;
	char	tk_check[160];		/* what is wrong with it, or "" */
	/* What compliance says of the ticket's order ("check ..."): the
	 * command last asked, the request on its way, and the answer. */
	char	tk_cpl_asked[LINE_MAX_LEN];
	struct rt_request *tk_cpl_req;
	bool	tk_cpl_again;		/* the ticket changed meanwhile */
	char	tk_cpl[160];
	bool	tk_cpl_pass;
	/* A page of text, and the mode Esc goes back to. */
	char	*text;
	int	text_top;
	enum mode text_back;
	char	details_id[ORDER_ID_MAX];	/* the order it is about */
	/* Requests whose answers feed the details rather than the
	 * messages (the worker hands the same request back). */
	struct rt_request *quiet[QUIET_MAX];
	/* The review list: the selected row, and its order, so the cursor
	 * stays on it while the list changes. */
	int	review_sel, review_top;
	char	review_id[ORDER_ID_MAX];
	char	review_done[ORDER_ID_MAX];	/* answered from this screen */
	char	reason_id[ORDER_ID_MAX];	/* the order being rejected */
	/* The view's alert lines as last seen: they carry no sequence, so
	 * new ones are found by comparing with these. */
	char	alerts_seen[VIEW_ALERTS][VIEW_EVENT_LEN];
	size_t	nalerts_seen;
	bool	alerts_known;		/* a view was seen at all */
	bool	confirm;		/* ask before cancels and flattens */
	struct calendar *cal;		/* the session in the status line */
	/* The allocation wizard: the block as the engine describes it, the
	 * method chosen (weights in wz), the row under the cursor, and the
	 * share being typed.  wz_gen counts the wizard's looks at a block
	 * (opening it, a new fill): an answer to an older look is dropped.
	 * The split shown answers wz_shown; Enter books only when that is
	 * the split chosen and nothing is on its way. */
	struct allocwiz wz;
	enum alloc_method wz_method;
	int	wz_sel, wz_top;
	bool	wz_editing;
	char	wz_line[32];
	int	wz_cur;
	bool	wz_info_ok;		/* the block's accounts are known */
	char	wz_err[ERR_MSG_MAX];	/* why there is no split to show */
	char	wz_note[ERR_MSG_MAX];	/* what was wrong with a key */
	unsigned wz_gen, wz_info_gen, wz_prev_gen;
	struct rt_request *wz_info_req, *wz_prev_req;
	char	wz_sent[WZ_CMD_MAX], wz_shown[WZ_CMD_MAX];
};

static volatile sig_atomic_t resize_pending, stop_pending, suspend_pending;

/* BLOTTER_TIMING=FILE: how long each key took to reach the screen, and
 * when the first frame with orders was drawn, for make bench. */
static FILE *timing;

static double
mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* ---- terminal --------------------------------------------------------- */

static void
on_winch(int sig)
{
	(void)sig;
	resize_pending = 1;
}

static void
on_stop(int sig)
{
	(void)sig;
	stop_pending = 1;
}

/* Ask the terminal to mark pasted text (bracketed paste), or stop. */
static void
paste_mode(bool on)
{
	static const char on_seq[] = "\033[?2004h", off_seq[] = "\033[?2004l";

	if (!isatty(STDOUT_FILENO))
		return;
	if (on)
		(void)!write(STDOUT_FILENO, on_seq, sizeof on_seq - 1);
	else
		(void)!write(STDOUT_FILENO, off_seq, sizeof off_seq - 1);
}

static void
on_suspend(int sig)
{
	(void)sig;
	suspend_pending = 1;
}

static void
restore_terminal(void)
{
	if (!isendwin())
		endwin();
	paste_mode(false);
}

/* A crash still leaves a usable terminal: restore it, then die of the
 * same signal. */
static void
on_crash(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* Ctrl-\ arrives as a key (raw mode); a SIGQUIT sent from outside
	 * ends the screen the same clean way as SIGTERM. */
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_suspend;
	sigaction(SIGTSTP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	fatal_hook = restore_terminal;
}

/* ---- messages and commands -------------------------------------------- */

static void
add_message(struct ui *u, enum theme_element el, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add_message(struct ui *u, enum theme_element el, const char *fmt, ...)
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
static struct rt_request *
make_request(struct ui *u, const char *text)
{
	struct rt_request *r = xcalloc(1, sizeof *r);
	struct err err = { "" };

	if (cmd_parse(text, &r->cmd, &err) == -1) {
		add_message(u, TH_MESSAGE_ERROR, "%s", err.msg);
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
static void
submit(struct ui *u, const char *text)
{
	struct rt_request *r = make_request(u, text);

	if (!r)
		return;
	add_message(u, TH_PROMPT, "> %s", text);
	runtime_submit(u->rt, r);
}

/* Send TEXT without echoing it: its answer goes to the details page (see
 * take_quiet()), not to the messages.  Nothing is sent when too many such
 * answers are still on their way. */
static void
submit_quiet(struct ui *u, const char *text)
{
	int slot = 0;

	while (slot < QUIET_MAX && u->quiet[slot])
		slot++;
	if (slot == QUIET_MAX)
		return;
	struct rt_request *r = make_request(u, text);
	if (!r)
		return;
	u->quiet[slot] = r;
	runtime_submit(u->rt, r);
}

/* Whether R is the answer to a quiet request (and forget it if so). */
static bool
take_quiet(struct ui *u, const struct rt_request *r)
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
static const struct order *
find_local_order(const struct ui *u, const char *id)
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

static char *px_text(const struct ui *, const char *, int64_t, char *,
    size_t);

/* The details page of order ID: who entered it and why it was flagged
 * (or rejected) on top, where an 80-column screen shows them, then the
 * worker's answer to "show order".  Caller frees. */
static char *
details_text(const struct ui *u, const char *id, const char *out)
{
	const struct order *o = find_local_order(u, id);
	struct sbuf b = { 0 };

	if (o) {
		char px[48] = "";
		if (o->limit_px) {
			px[0] = ' ', px[1] = '@', px[2] = ' ';
			px_text(u, o->symbol, o->limit_px, px + 3,
			    sizeof px - 3);
		}
		sbuf_printf(&b, "Order %s: %s %" PRId64 " %s%s, account %s, "
		    "%s\n", o->id, order_side_name(o->side), o->qty, o->symbol,
		    px, o->account, order_status_name(o->status));
		sbuf_printf(&b, "Entered by: %s, login %s\n", o->user[0] ?
		    o->user : "(not recorded)", o->login[0] ? o->login :
		    "(not recorded)");
		if (o->reason[0])
			sbuf_printf(&b, "%s: %s\n", o->status == ORDER_FLAGGED ?
			    "Flagged for review" : o->status == ORDER_REJECTED ?
			    "Rejected" : "Reason", o->reason);
		sbuf_puts(&b, "\n");
	}
	sbuf_puts(&b, out);
	return sbuf_take(&b);
}

/* Show TEXT (owned from here) as a page; Esc goes back to the mode the
 * screen is in now. */
static void
open_text(struct ui *u, char *text, const char *order_id)
{
	free(u->text);
	u->text = text;
	u->text_top = 0;
	u->text_back = u->mode == M_REVIEW ? M_REVIEW : M_NORMAL;
	snprintf(u->details_id, sizeof u->details_id, "%s", order_id ?
	    order_id : "");
	u->mode = M_TEXT;
}

/* Ask for the details of order ID: the order with its fills and history,
 * then, quietly, the compliance checks it went through. */
static void
open_details(struct ui *u, const char *id)
{
	char cmd[LINE_MAX_LEN];

	snprintf(cmd, sizeof cmd, "show order %s", id);
	submit(u, cmd);
	snprintf(cmd, sizeof cmd, "show compliance %s", id);
	submit_quiet(u, cmd);
}

/* Add the compliance checks in R to the details page, if it still shows
 * that order. */
static void
details_append(struct ui *u, const struct rt_request *r)
{
	if (r->cmd.kind != CMD_SHOW_COMPLIANCE || u->mode != M_TEXT ||
	    !u->text || strcmp(u->details_id, r->cmd.id) != 0)
		return;
	const char *body = r->status == RT_FAILED ? r->err : r->out ? r->out :
	    "none\n";
	/* Before the fills and the history, which can run long: the
	 * checks show on the first page. */
	const char *at = strstr(u->text, "\nfills:\n");
	size_t head = at ? (size_t)(at - u->text) + 1 : strlen(u->text);
	char *t = xcalloc(1, strlen(u->text) + strlen(body) + 32);
	sprintf(t, "%.*s%sCompliance checks:\n%s%s%s", (int)head, u->text,
	    at ? "" : "\n", body, at ? "\n" : "", u->text + head);
	free(u->text);
	u->text = t;
}

/* Whether the answer to a command of KIND reads better as a page than as
 * lines in the narrow messages pane. */
static bool
shows_as_page(enum cmd_kind kind)
{
	switch (kind) {
	case CMD_SHOW_ORDER:
	case CMD_SHOW_POSITIONS:
	case CMD_SHOW_PNL:
	case CMD_SHOW_USERS:
	case CMD_RULE_LIST:
	case CMD_SHOW_COMPLIANCE:
	case CMD_SHOW_AUDIT:
	case CMD_SHOW_ALERTS:
	case CMD_SHOW_SETTINGS:
		return true;
	default:
		return false;
	}
}

static bool take_ticket_check(struct ui *, struct rt_request *);
static const struct order *selected_order(struct ui *);
static void rehome_blotter(struct ui *);
static const struct view_position *selected_position(struct ui *);
static bool take_wizard(struct ui *, struct rt_request *);
static void wizard_watch(struct ui *);

static void
take_results(struct ui *u)
{
	struct rt_request *r = runtime_results(u->rt);

	while (r) {
		struct rt_request *next = (struct rt_request *)r->node.next;
		if (r->page) {
			u->page_pending = false;
			if (timing)
				fprintf(timing, "page %.3f ms\n", mono_ms() -
				    u->page_asked);
			if (r->status == RT_FAILED) {
				add_message(u, TH_MESSAGE_ERROR, "%s", r->err);
			} else if (u->rehome && !u->rehome_asked) {
				/* Asked before the filter changed. */
				u->page_stale = true;
			} else {
				free(u->page);
				u->page = r->rows;
				r->rows = NULL;
				u->npage = r->nrows;
				u->page_skip = r->page_skip;
				u->page_total = r->total;
				if (u->rehome && u->rehome_asked)
					rehome_blotter(u);
				else
					(void)selected_order(u);
				wizard_watch(u);
			}
			runtime_request_free(r);
			r = next;
			continue;
		}
		if (take_ticket_check(u, r) || take_wizard(u, r))
			;
		else if (take_quiet(u, r))
			details_append(u, r);
		else if (r->status == RT_FAILED)
			add_message(u, TH_MESSAGE_ERROR, "%s", r->err);
		else if (r->out && shows_as_page(r->cmd.kind) &&
		    (u->mode == M_NORMAL || u->mode == M_REVIEW)) {
			bool one = r->cmd.kind == CMD_SHOW_ORDER;
			open_text(u, one ? details_text(u, r->cmd.id, r->out) :
			    xstrdup(r->out), one ? r->cmd.id : NULL);
		} else if (r->out)
			add_message(u, TH_MESSAGE_INFO, "%s", r->out);
		runtime_request_free(r);
		r = next;
	}
}

/* The element an event line is shown in: warnings and alerts stand out. */
static enum theme_element
event_element(const char *t)
{
	return strncmp(t, "warning:", 8) == 0 || strncmp(t, "alert:", 6) == 0 ?
	    TH_MESSAGE_WARN : TH_MESSAGE_INFO;
}

/* How many alert lines at the start of V were seen last time: the longest
 * run that ends the lines seen and starts the new ones (the view keeps
 * the latest VIEW_ALERTS, so old ones drop off the front). */
static size_t
alerts_overlap(const struct ui *u, const struct view *v)
{
	size_t nold = u->nalerts_seen;

	for (size_t k = nold < v->nalerts ? nold : v->nalerts; k > 0; k--) {
		size_t i = 0;
		while (i < k && strcmp(u->alerts_seen[nold - k + i],
		    v->alerts[i]) == 0)
			i++;
		if (i == k)
			return k;
	}
	return 0;
}

/* Show the alerts of V that are new since the last view, as warnings,
 * unless the same line just came as an event (from event FROM on).  The
 * alerts a store already had when the screen started are not news. */
static void
take_alerts(struct ui *u, const struct view *v, size_t from)
{
	size_t n = v->nalerts < VIEW_ALERTS ? v->nalerts : VIEW_ALERTS;
	size_t start = alerts_overlap(u, v);

	/* Nothing in common: the worker read its alerts back from the store
	 * (after another desk's change), worded afresh.  Only the lines it
	 * gained are news; the rest were shown in their first wording. */
	if (start == 0 && u->nalerts_seen > 0)
		start = n < u->nalerts_seen ? n : u->nalerts_seen;
	if (u->alerts_known)
		for (size_t i = start; i < n; i++) {
			bool shown = false;
			for (size_t e = from; e < v->nevents && !shown; e++)
				shown = strcmp(v->events[e], v->alerts[i]) == 0;
			if (!shown)
				add_message(u, TH_MESSAGE_WARN, "%s",
				    v->alerts[i]);
		}
	memcpy(u->alerts_seen, v->alerts, n * sizeof v->alerts[0]);
	u->nalerts_seen = n;
	u->alerts_known = true;
}

/* Take the newest view, and the order events and alerts it brings. */
static void
take_view(struct ui *u)
{
	struct view *v = runtime_take_view(u->rt);

	if (!v)
		return;
	view_free(u->v);
	u->v = v;
	u->page_stale = true;
	uint64_t first = v->event_seq - v->nevents;
	size_t from = v->nevents;
	for (size_t i = 0; i < v->nevents; i++) {
		if (first + i < u->event_seq)
			continue;
		if (from == v->nevents)
			from = i;
		add_message(u, event_element(v->events[i]), "%s",
		    v->events[i]);
	}
	u->event_seq = v->event_seq;
	take_alerts(u, v, from);
	wizard_watch(u);
	(void)selected_position(u);
}

/* ---- the blotter's rows ----------------------------------------------- */


static const char *const sort_names[] = { "time", "symbol", "status",
    "account", "qty" };
#define SORT_COUNT	5

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
static const struct order *
selected_order(struct ui *u)
{
	size_t n;
	const struct order **rows = blotter_rows(u, &n, NULL, NULL);
	const struct order *o = NULL;
	int64_t i = u->sel[P_BLOTTER] - (int64_t)u->page_skip;

	if (!u->sel_id[0] && i >= 0 && (size_t)i < n)
		snprintf(u->sel_id, sizeof u->sel_id, "%s", rows[i]->id);
	for (size_t k = 0; u->sel_id[0] && k < n; k++)
		if (strcmp(rows[k]->id, u->sel_id) == 0) {
			o = rows[k];
			u->sel[P_BLOTTER] = (int)(u->page_skip + k);
			break;
		}
	free(rows);
	return o;
}

/* What names position P under the positions' cursor: its block (a
 * block's unbooked fills), account and symbol. */
static void
position_key(const struct view_position *p, char *out, size_t cap)
{
	snprintf(out, cap, "%s %s %s", p->block, p->account, p->symbol);
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
static int
shown_rows(const struct ui *u, enum pane p, int **idx)
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

/* The selection follows the position, not the row, as in the blotter:
 * move the positions' cursor to the position it is on (sel_pos) in the
 * newest view; with none chosen yet, the one under the cursor becomes
 * it.  Returns it (borrowed from the view), or NULL when it is no longer
 * shown. */
static const struct view_position *
selected_position(struct ui *u)
{
	char key[sizeof u->sel_pos];
	int *idx, n = shown_rows(u, P_POSITIONS, &idx), i = u->sel[P_POSITIONS];
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

/* The quote under the quotes' cursor (borrowed from the view), or NULL
 * when the list shows none. */
static const struct view_quote *
selected_quote(const struct ui *u)
{
	int *idx, n = shown_rows(u, P_QUOTES, &idx), i = u->sel[P_QUOTES];
	const struct view_quote *q = i >= 0 && i < n ?
	    &u->v->quotes[idx[i]] : NULL;

	free(idx);
	return q;
}

/* The panes whose keys are read in M_NORMAL: the ticket takes text only
 * while it is being filled, so when merely focused it has the global
 * keys. */
static const char *
normal_pane(const struct ui *u)
{
	return u->focus == P_TICKET ? "global" : pane_names[u->focus];
}

/* The cursor moved: the order now under it is the one it follows. */
static void
select_row(struct ui *u)
{
	u->sel_id[0] = '\0';
	(void)selected_order(u);
}

/* The order the trader sees under the cursor, or NULL after saying why
 * nothing was done. */
static const struct order *
acted_order(struct ui *u, const char *what)
{
	const struct order *o = selected_order(u);

	if (!o && u->sel_id[0])
		add_message(u, TH_MESSAGE_WARN, "%s: order %s is no longer in "
		    "the blotter; nothing done", what, u->sel_id);
	else if (!o)
		add_message(u, TH_MESSAGE_WARN, "%s: no order selected", what);
	return o;
}

/* Ask the worker for the page around the blotter's top row when the rows
 * on screen are not all held, or the data changed; one request at a
 * time, and the screen keeps drawing meanwhile. */
static void
request_page(struct ui *u)
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
	u->page_asked = mono_ms();
}

static int
pane_rows(struct ui *u, enum pane p)
{
	if (!u->v)
		return 0;
	switch (p) {
	case P_BLOTTER:
		return (int)u->page_total;
	case P_POSITIONS:
	case P_QUOTES:
	case P_MESSAGES:
		return shown_rows(u, p, NULL);
	default:
		return 0;
	}
}

/* ---- layout and drawing ----------------------------------------------- */

static void
layout(struct ui *u)
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

static void
put(int y, int x, int w, enum theme_element el, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Write formatted text at (Y, X), cut to W columns. */
static void
put(int y, int x, int w, enum theme_element el, const char *fmt, ...)
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

static void
frame(struct ui *u, enum pane p)
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
	snprintf(title, sizeof title, " %s%s ", pane_titles[p],
	    u->zoom == (int)p ? " (zoomed)" : "");
	if (p == P_BLOTTER && u->filter_text[0])
		snprintf(title, sizeof title, " Blotter /%.30s ",
		    u->filter_text);
	else if (u->find[p][0])
		snprintf(title, sizeof title, " %s /%.30s ", pane_titles[p],
		    u->find[p]);
	put(r.y, r.x + 2, r.w - 4, f ? TH_PANE_FOCUS : TH_PANE_TITLE, "%s",
	    title);
}

/* Keep the selection of P visible in a list of N rows shown H at a time. */
static void
scroll_into_view(struct ui *u, enum pane p, int n, int h)
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

static void
draw_ticket(struct ui *u)
{
	struct rect r = u->r[P_TICKET];
	int x = r.x + 2, w = r.w - 4;

	if (u->mode != M_TICKET) {
		put(r.y + 1, x, w, TH_NORMAL, "b buy  s sell   : command   "
		    "? help   q quit");
		put(r.y + 2, x, w, TH_NORMAL, "account %s",
		    u->v && u->v->default_acct[0] ? u->v->default_acct : "-");
		return;
	}
	/* The fields flow over two lines; the check's result goes in the
	 * border below them. */
	int cx = x, cy = r.y + 1;
	for (int f = 0; f < TF_COUNT; f++) {
		char cell[64];
		snprintf(cell, sizeof cell, "%s:%s ", ticket_labels[f],
		    u->tk[f]);
		if (cx + (int)strlen(cell) > x + w && cy == r.y + 1) {
			cx = x;
			cy++;
		}
		put(cy, cx, x + w - cx, f == u->tk_field ? TH_SELECTION :
		    TH_NORMAL, "%s", cell);
		cx += (int)strlen(cell);
	}
	if (!u->tk_check[0] && u->tk_cpl[0])
		put(r.y + r.h - 1, x, w, u->tk_cpl_pass ? TH_PANE_BORDER :
		    TH_MESSAGE_WARN, " %s ", u->tk_cpl);
	else
		put(r.y + r.h - 1, x, w, u->tk_check[0] ? TH_MESSAGE_WARN :
		    TH_PANE_BORDER, " %s ", u->tk_check[0] ? u->tk_check :
		    "Enter sends, Tab next, Space changes, Esc closes");
}

static const struct view_instrument *find_instrument(const struct ui *,
    const char *);

/* Price PX of SYM with every decimal of the instrument's tick. */
static char *
px_text(const struct ui *u, const char *sym, int64_t px, char *buf,
    size_t len)
{
	const struct view_instrument *in = find_instrument(u, sym);

	return format_px_tick(px, in ? in->tick : 0, buf, len);
}

static int
wider(int w, const char *text)
{
	int n = (int)strlen(text);

	return n > w ? n : w;
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
		px_text(u, o->symbol, o->limit_px, c->px, sizeof c->px);
	else
		snprintf(c->px, sizeof c->px, "%s", o->stop_px ? "stop" :
		    "mkt");
	if (a)
		px_text(u, o->symbol, a, c->avg, sizeof c->avg);
	else
		c->avg[0] = '\0';
	if (order_is_block(o) && nmem)
		snprintf(c->acct, sizeof c->acct, "block (%zu)", nmem);
	else
		snprintf(c->acct, sizeof c->acct, "%s", order_is_block(o) ?
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

	scroll_into_view(u, P_BLOTTER, (int)u->page_total, h);
	for (int i = 0; i < h && u->top[P_BLOTTER] + i < u->page_total; i++) {
		int64_t k = u->top[P_BLOTTER] + i - (int64_t)u->page_skip;
		if (k < 0 || (size_t)k >= n)
			continue;
		const struct order *o = rows[k];
		struct blotter_cells *c = &cells[k];
		blotter_cells(u, o, depth[k], corner_w, nmem[k], c);
		wid = wider(wid, c->id);
		wside = wider(wside, order_side_name(o->side));
		wqty = wider(wqty, c->qty);
		wsym = wider(wsym, o->symbol);
		wpx = wider(wpx, c->px);
		wst = wider(wst, order_status_name(o->status));
		wcum = wider(wcum, c->cum);
		wavg = wider(wavg, c->avg);
		wacct = wider(wacct, c->acct);
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
		put(r.y + 1, r.x + 1, w, TH_HEADER, " %-*s %-*s %*s %-*s %*s "
		    "%-*s %*s %*s %-*s %s", wid, "ID", wside, "SIDE", wqty,
		    "QTY", wsym, "SYMBOL", wpx, "PRICE", wst, "STATUS", wcum,
		    "CUM", wavg, "AVGPX", wacct, "ACCOUNT", "TIF");
	else
		put(r.y + 1, r.x + 1, w, TH_HEADER, " %-*.*s%s%-*s %*s %-*s %*s "
		    "%s", wid, wid, "ID", idsep, wside, "SIDE", wqty, "QTY",
		    wsym, "SYMBOL", wpx, "PRICE", wst < 6 ? "STAT" : "STATUS");
	for (int i = 0; i < h && u->top[P_BLOTTER] + i < u->page_total; i++) {
		int64_t k = u->top[P_BLOTTER] + i - (int64_t)u->page_skip;
		if (k < 0 || (size_t)k >= n) {
			put(r.y + 2 + i, r.x + 1, w, TH_NORMAL, "...");
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
			put(r.y + 2 + i, r.x + 1, w, el, "%c%-*s %-*s %*s %-*s "
			    "%*s %-*s %*s %*s %-*s %s", mark, wid, c->id,
			    wside, order_side_name(o->side), wqty, c->qty,
			    wsym, o->symbol, wpx, c->px, wst,
			    order_status_name(o->status), wcum, c->cum, wavg,
			    c->avg, wacct, c->acct, c->tif);
		else
			put(r.y + 2 + i, r.x + 1, w, el, "%c%-*.*s%s%-*s %*s "
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
		put(r.y + 2, r.x + 2, w - 2, TH_NORMAL, "%s", u->page_pending ?
		    "..." : u->filter_text[0] ? "no orders match the filter" :
		    "no orders yet");
	else if (u->page_total > h)
		put(r.y + r.h - 1, r.x + r.w - 24, 22, TH_PANE_BORDER,
		    " %d of %" PRId64 " ", u->sel[P_BLOTTER] + 1, u->page_total);
	free(cells);
	free(rows);
	free(depth);
	free(nmem);
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
	int *idx, n = shown_rows(u, P_POSITIONS, &idx);
	struct position_cells *cells = xcalloc(n ? (size_t)n : 1,
	    sizeof *cells);
	int wacct = 7, wsym = 6, wqty = 3, wavg = 7, wur = 6, wmk = 4;

	scroll_into_view(u, P_POSITIONS, n, h);
	for (int k = u->top[P_POSITIONS]; k < n && k < u->top[P_POSITIONS] + h;
	    k++) {
		const struct view_position *p = &u->v->positions[idx[k]];
		struct position_cells *c = &cells[k];
		const struct view_instrument *in = find_instrument(u,
		    p->symbol);
		/* A block's fills nobody booked yet: a line of its own. */
		if (p->block[0])
			snprintf(c->acct, sizeof c->acct, "block %s", p->block);
		else
			snprintf(c->acct, sizeof c->acct, "%s", p->account);
		snprintf(c->qty, sizeof c->qty, "%" PRId64, p->qty);
		/* The average cost to the tick's decimals, or more. */
		snprintf(c->avg, sizeof c->avg, "%.*f",
		    format_tick_decimals(in ? in->tick : 0) + 2, p->avg_cost);
		char *e = c->avg + strlen(c->avg) - 1;
		for (int d = 0; d < 2 && *e == '0'; d++)
			*e-- = '\0';
		format_money_sep(p->unrealized, c->ur, sizeof c->ur);
		if (p->mark)
			px_text(u, p->symbol, p->mark, c->mk, sizeof c->mk);
		else
			snprintf(c->mk, sizeof c->mk, "-");
		wacct = wider(wacct, c->acct);
		wsym = wider(wsym, p->symbol);
		wqty = wider(wqty, c->qty);
		wavg = wider(wavg, c->avg);
		wur = wider(wur, c->ur);
		wmk = wider(wmk, c->mk);
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
	put(r.y + 1, r.x + 1, w, TH_HEADER, "%s", head);
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
		put(r.y + 2 + i, r.x + 1, w, sel ? TH_SELECTION :
		    p->unrealized < 0 ? TH_PNL_DOWN : TH_PNL_UP, "%s", line);
	}
	if (n == 0 && u->find[P_POSITIONS][0])
		put(r.y + 2, r.x + 2, w - 2, TH_NORMAL, "no positions match "
		    "the filter");
	free(cells);
	free(idx);
}

static void
draw_quotes(struct ui *u)
{
	struct rect r = u->r[P_QUOTES];
	int h = r.h - 3, w = r.w - 2;
	int *idx, n = shown_rows(u, P_QUOTES, &idx);
	char (*px)[2][40] = xcalloc(n ? (size_t)n : 1, sizeof *px);
	int wsym = 6, wb = 3, wa = 3;
	/* Rows per quote: 1, or 2 when a symbol and its prices do not fit
	 * on one line (a long symbol with 1/256 prices at 80 columns): the
	 * symbol, then the bid and the ask under it; nothing is cut. */
	int per = 1;

	for (int pass = 0; pass < 2; pass++) {
		int shown = h / per;
		wsym = 6, wb = 3, wa = 3;
		scroll_into_view(u, P_QUOTES, n, shown);
		for (int k = u->top[P_QUOTES]; k < n &&
		    k < u->top[P_QUOTES] + shown; k++) {
			const struct view_quote *q = &u->v->quotes[idx[k]];
			if (q->q.bid)
				px_text(u, q->q.symbol, q->q.bid, px[k][0],
				    sizeof px[k][0]);
			else
				snprintf(px[k][0], sizeof px[k][0], "-");
			if (q->q.ask)
				px_text(u, q->q.symbol, q->q.ask, px[k][1],
				    sizeof px[k][1]);
			else
				snprintf(px[k][1], sizeof px[k][1], "-");
			wsym = wider(wsym, q->q.symbol);
			wb = wider(wb, px[k][0]);
			wa = wider(wa, px[k][1]);
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
		put(r.y + 1, r.x + 1, w, TH_HEADER, "%-*s %*s %*s", wsym,
		    "SYMBOL", wb, "BID", wa, "ASK");
	} else {
		/* BID and ASK over the prices, SYMBOL before them. */
		char head[128];
		snprintf(head, sizeof head, "  %*s %*s", wb, "BID", wa, "ASK");
		if (strspn(head, " ") > 6)
			memcpy(head, "SYMBOL", 6);
		put(r.y + 1, r.x + 1, w, TH_HEADER, "%s", head);
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
			put(y, r.x + 1, w, el, "%-*s %*s %*s %s", wsym,
			    q->q.symbol, wb, px[k][0], wa, px[k][1], dir);
			continue;
		}
		put(y, r.x + 1, w, el, "%-*s", w, q->q.symbol);
		put(y + 1, r.x + 1, w, el, "  %*s %*s %s", wb, px[k][0], wa,
		    px[k][1], dir);
	}
	if (n == 0 && u->find[P_QUOTES][0])
		put(r.y + 2, r.x + 1, w, TH_NORMAL, "no quotes match");
	free(px);
	free(idx);
}

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
		put(r.y + 1, r.x + 1, w, TH_NORMAL, "real -  unreal -");
		put(r.y + 2, r.x + 1, w, TH_MESSAGE_ERROR, "firm P&L is past "
		    "the %s USD blotter can add up", lim);
	} else {
		format_money_sep(v->firm_realized, rl, sizeof rl);
		format_money_sep(v->firm_unrealized, ur, sizeof ur);
		format_money_sep(v->firm_total, tot, sizeof tot);
		put(r.y + 1, r.x + 1, w, TH_NORMAL, "real %s  unreal %s", rl,
		    ur);
		put(r.y + 2, r.x + 1, w, v->firm_total < 0 ? TH_PNL_DOWN :
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

/* CUT (at least 1) moved back, when it falls inside a UTF-8 character of
 * S, to where that character starts (never below 1): where a line may
 * be broken. */
static int
char_start(const char *s, int cut)
{
	while (cut > 1 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return cut;
}

/* Break TEXT into rows of at most W bytes, at blanks where it can and
 * never inside a UTF-8 character: row I is LEN[I] bytes from START[I]
 * (at most MAX rows kept).  Returns the number of rows. */
static int
wrap_text(const char *text, int w, int *start, int *len, int max)
{
	int n = 0, p = 0, total = (int)strlen(text);

	if (w < 1)
		w = 1;
	for (;;) {
		int take = total - p;
		if (take > w) {
			int cut = w;
			while (cut > 0 && text[p + cut] != ' ')
				cut--;
			if (cut == 0)
				cut = char_start(text + p, w);
			take = cut;
		}
		if (n < max) {
			start[n] = p;
			len[n] = take;
		}
		n++;
		p += take;
		if (p >= total)
			return n < max ? n : max;
		if (text[p] == ' ')
			p++;
	}
}

#define MSG_ROWS	(MSG_LEN + 1)	/* a message wraps to this many at most */

/* The messages, newest at the bottom, each wrapped to the pane's width
 * so a refusal reads whole at 80 columns; when focused, from the message
 * scrolled to. */
static void
draw_messages(struct ui *u)
{
	struct rect r = u->r[P_MESSAGES];
	int h = r.h - 2, w = r.w - 2;
	int first = 0, skip = 0, rows = 0, y = 0;
	int st[MSG_ROWS], ln[MSG_ROWS];
	/* The messages the filter shows, and how many. */
	int *idx, nm = shown_rows(u, P_MESSAGES, &idx);

	if (h <= 0 || w <= 0) {
		free(idx);
		return;
	}
	if (nm == 0 && u->find[P_MESSAGES][0])
		put(r.y + 1, r.x + 1, w, TH_NORMAL, "no messages match");
	if (u->focus == P_MESSAGES) {
		scroll_into_view(u, P_MESSAGES, nm, h);
		first = u->top[P_MESSAGES];
		/* The message scrolled to shows whole when it can. */
		for (int i = first; i <= u->sel[P_MESSAGES] && i < nm; i++)
			rows += wrap_text(u->msgs[idx[i]].text, w, st, ln,
			    MSG_ROWS);
		while (rows > h && first < u->sel[P_MESSAGES])
			rows -= wrap_text(u->msgs[idx[first++]].text, w, st,
			    ln, MSG_ROWS);
		u->top[P_MESSAGES] = first;
	} else {
		/* The newest that fit, the oldest of them cut at its top. */
		first = nm;
		while (first > 0 && rows < h)
			rows += wrap_text(u->msgs[idx[--first]].text, w, st,
			    ln, MSG_ROWS);
		skip = rows > h ? rows - h : 0;
	}
	for (int i = first; i < nm && y < h; i++) {
		const struct message *m = &u->msgs[idx[i]];
		int n = wrap_text(m->text, w, st, ln, MSG_ROWS);
		for (int k = 0; k < n && y < h; k++) {
			if (skip > 0) {
				skip--;
				continue;
			}
			put(r.y + 1 + y++, r.x + 1, w, m->el, "%.*s", ln[k],
			    m->text + st[k]);
		}
	}
	free(idx);
}

static const char *
login_name(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "-";
}

/* Write TEXT in the status line from column X; returns the column after
 * it. */
static int
status_put(const struct ui *u, int x, enum theme_element el,
    const char *text)
{
	put(0, x, u->cols - x, el, "%s", text);
	return x + (int)strlen(text);
}

/* Who acts and as what, then what needs attention (a halt, orders waiting
 * for review), then the store, the venue, the session, the clock and the
 * P&L; when that does not fit, the store and then the venue are left
 * out, and only then is the line cut on the right. */
static void
draw_status(struct ui *u)
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
		snprintf(seg, sizeof seg, " %s ", login_name());
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

/* The name of the first key that runs ACTION in PANE, or "?" unbound. */
static const char *
key_for(const struct ui *u, const char *pane, const char *action,
    char *buf, size_t len)
{
	int key = keymap_key_for(u->km, pane, action);

	if (key < 0 || !keymap_key_name(key, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

static void
draw_bar(struct ui *u)
{
	int y = u->rows - 1;

	attrset(theme_attr(TH_NORMAL));
	mvhline(y, 0, ' ', u->cols);
	switch (u->mode) {
	case M_PROMPT:
	case M_FILTER:
		put(y, 0, u->cols, TH_PROMPT, "%s%s", u->mode == M_PROMPT ?
		    ":" : "/", u->line);
		move(y, 1 + u->cur);
		curs_set(1);
		return;
	case M_REASON: {
		char label[64];
		int n = snprintf(label, sizeof label, "Reject %s reason: ",
		    u->reason_id);
		put(y, 0, u->cols, TH_PROMPT, "%s%s", label, u->line);
		move(y, n + u->cur);
		curs_set(1);
		return;
	}
	case M_CONFIRM: {
		char yes[KEYMAP_KEY_NAME_MAX], no[KEYMAP_KEY_NAME_MAX];
		put(y, 0, u->cols, TH_MESSAGE_WARN, "%s (%s/%s)", u->ask,
		    key_for(u, "dialog", "dialog-yes", yes, sizeof yes),
		    key_for(u, "dialog", "dialog-no", no, sizeof no));
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
			put(y, 0, u->cols, TH_PROMPT, "%s%s", label,
			    u->wz_line);
			move(y, n + u->wz_cur);
			curs_set(1);
			return;
		}
		put(y, 0, u->cols, TH_STATUS_BAR, " %s/%s account  type 40%% "
		    "or 300: its share  %s book  %s close", key_for(u, "alloc",
		    "cursor-up", k1, sizeof k1), key_for(u, "alloc",
		    "cursor-down", k2, sizeof k2), key_for(u, "alloc",
		    "alloc-book", k3, sizeof k3), key_for(u, "alloc",
		    "dialog-close", k4, sizeof k4));
		break;
	}
	default:
		put(y, 0, u->cols, TH_STATUS_BAR, " ? help  : command  b/s "
		    "ticket  c cancel  r replace  / filter  Tab pane  z zoom  "
		    "q quit");
	}
	curs_set(0);
}

/* Clear the screen between the status line and the key bar and frame
 * it: an overlay (help, review, details) hides the panes entirely. */
static void
overlay_clear(struct ui *u)
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
		cut = (size_t)char_start(p, (int)cut);
	}
	return cut;
}

/* TEXT in a window over the panes from its line *TOP on; *TOP stays
 * within the text, so the last page is as far as it scrolls. */
static void
draw_overlay_text(struct ui *u, const char *title, const char *text,
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
	overlay_clear(u);
	put(y, x + 1, w - 2, TH_PANE_FOCUS, "%s  (%s closes, arrows "
	    "scroll)", title, key_for(u, u->mode == M_HELP ? "help" :
	    "dialog", "dialog-close", close, sizeof close));
	for (const char *p = text; *p && line - *top < h - 2; ) {
		size_t n = strcspn(p, "\n"), cut = overlay_line(p, w);
		if (line >= *top)
			put(y + 2 + line - *top, x + 1, w - 2, TH_NORMAL,
			    "%.*s", (int)cut, p);
		line++;
		p += cut;
		if (cut == n)
			p += *p == '\n';
	}
}

static void
draw_help(struct ui *u)
{
	struct sbuf b = { 0 };
	struct keymap_binding kb;
	size_t pos = 0;

	/* Only what works where the trader is: the focused pane's keys
	 * and the global ones it does not shadow. */
	sbuf_printf(&b, "Key bindings in force in the %s pane (pane, key, "
	    "action):\n", u->help_pane[0] ? u->help_pane : "global");
	while (keymap_next_in(u->km, u->help_pane[0] ? u->help_pane :
	    "global", &pos, &kb))
		sbuf_printf(&b, "  %-10s %-8s %-18s %s\n", kb.pane, kb.key_name,
		    kb.action, kb.help ? kb.help : "");
	draw_overlay_text(u, "Help", b.p ? b.p : "", &u->text_top);
	sbuf_free(&b);
}

/* Keep the review list's cursor on the order it was on while orders come
 * and go.  When that order left the list because this screen approved or
 * rejected it, the cursor takes the order now on its row, the next one
 * to answer; when it left otherwise (answered elsewhere), the cursor
 * stays on nothing until moved, so no key acts on the order that took
 * its row.  Returns the order under the cursor, or NULL. */
static const struct order *
review_sync(struct ui *u)
{
	int n = u->v ? (int)u->v->nflagged : 0;

	for (int i = 0; u->review_id[0] && i < n; i++)
		if (strcmp(u->v->flagged[i].id, u->review_id) == 0) {
			u->review_sel = i;
			return &u->v->flagged[i];
		}
	if (u->review_sel >= n)
		u->review_sel = n - 1;
	if (u->review_sel < 0)
		u->review_sel = 0;
	if (u->review_id[0] && strcmp(u->review_id, u->review_done) != 0)
		return NULL;
	snprintf(u->review_id, sizeof u->review_id, "%s", n ?
	    u->v->flagged[u->review_sel].id : "");
	return n ? &u->v->flagged[u->review_sel] : NULL;
}

/* The order under the review list's cursor, or NULL. */
static const struct order *
review_selected(struct ui *u)
{
	return review_sync(u);
}

/* The review list: every order waiting for compliance review, oldest
 * first, the full reason of the selected one, and the latest message, so
 * the answer to an approval shows without closing the list. */
static void
draw_review(struct ui *u)
{
	int h = u->rows - 4, w = u->cols - 4, y = 2, x = 2;
	const struct view *v = u->v;
	int n = v ? (int)v->nflagged : 0, list_h = h - 6;
	char k1[KEYMAP_KEY_NAME_MAX], k2[KEYMAP_KEY_NAME_MAX];
	char k3[KEYMAP_KEY_NAME_MAX], px[40];

	const struct order *cur = review_sync(u);
	overlay_clear(u);
	put(y, x + 1, w - 2, TH_PANE_FOCUS, "Review: %d order%s waiting for "
	    "compliance  (%s closes)", n, n == 1 ? "" : "s", key_for(u,
	    "review", "dialog-close", k1, sizeof k1));
	if (v && v->can_review)
		put(y + 1, x + 1, w - 2, TH_NORMAL, "%s approve   %s reject "
		    "(asks why)   %s details", key_for(u, "review",
		    "review-approve", k1, sizeof k1), key_for(u, "review",
		    "review-reject", k2, sizeof k2), key_for(u, "review",
		    "order-details", k3, sizeof k3));
	else
		put(y + 1, x + 1, w - 2, TH_MESSAGE_WARN, "Read only: only "
		    "compliance users may approve or reject (%s is %s)",
		    v ? v->user : login_name(), v && v->role[0] ? v->role :
		    "no role");
	/* Columns as wide as what they show: nothing the reviewer needs is
	 * cut but the reason, which is repeated in full below the list. */
	int wid = 2, wacct = 4, wqty = 3, wsym = 6, wpx = 5, wuser = 4;
	for (int k = 0; k < n; k++) {
		const struct order *o = &v->flagged[k];
		char q[24];
		snprintf(q, sizeof q, "%" PRId64, o->qty);
		if (o->limit_px)
			px_text(u, o->symbol, o->limit_px, px, sizeof px);
		else
			snprintf(px, sizeof px, "mkt");
		wid = wider(wid, o->id);
		wacct = wider(wacct, o->account);
		wqty = wider(wqty, q);
		wsym = wider(wsym, o->symbol);
		wpx = wider(wpx, px);
		wuser = wider(wuser, o->user);
	}
	put(y + 2, x + 1, w - 2, TH_HEADER, "%-*s %-*s %-5s %*s %-*s %*s "
	    "%-*s %s", wid, "ID", wacct, "ACCT", "SIDE", wqty, "QTY", wsym,
	    "SYMBOL", wpx, "PRICE", wuser, "USER", "REASON");
	if (n == 0) {
		put(y + 3, x + 1, w - 2, TH_NORMAL, "No orders waiting for "
		    "review");
	} else {
		if (u->review_top > u->review_sel)
			u->review_top = u->review_sel;
		if (list_h > 0 && u->review_sel >= u->review_top + list_h)
			u->review_top = u->review_sel - list_h + 1;
		if (u->review_top < 0)
			u->review_top = 0;
	}
	for (int i = 0; i < list_h && u->review_top + i < n; i++) {
		int k = u->review_top + i;
		const struct order *o = &v->flagged[k];
		if (o->limit_px)
			px_text(u, o->symbol, o->limit_px, px, sizeof px);
		else
			snprintf(px, sizeof px, "mkt");
		put(y + 3 + i, x + 1, w - 2, o == cur ? TH_SELECTION :
		    TH_ORDER_FLAGGED, "%-*s %-*s %-5s %*" PRId64 " %-*s %*s "
		    "%-*s %s", wid, o->id, wacct, o->account,
		    order_side_name(o->side), wqty, o->qty, wsym, o->symbol,
		    wpx, px, wuser, o->user, o->reason);
	}
	if (cur)
		put(y + h - 2, x + 1, w - 2, TH_NORMAL, "%s: %s", cur->id,
		    cur->reason);
	else if (u->review_id[0])
		put(y + h - 2, x + 1, w - 2, TH_NORMAL, "%s: no longer waiting "
		    "for review (answered elsewhere)", u->review_id);
	if (u->nmsgs > 0)
		put(y + h - 1, x + 1, w - 2, u->msgs[u->nmsgs - 1].el, "%s",
		    u->msgs[u->nmsgs - 1].text);
}

/* Whether the allocation wizard is up (under a y/n question too). */
static bool
wizard_on(const struct ui *u)
{
	return u->mode == M_ALLOC || (u->mode == M_CONFIRM &&
	    u->ask_back == M_ALLOC);
}

/* A percentage of ALLOCWIZ_TOTAL as "55.56%" into BUF. */
static char *
pct_fmt(int64_t w, char *buf, size_t len)
{
	char t[32];

	fixed_fmt((w + 5000) / 10000, 2, 2, t, sizeof t);
	snprintf(buf, len, "%s%%", t);
	return buf;
}

/* The allocation wizard: the block on top, the methods with the one
 * chosen, what the split would book, then one row per account with its
 * request, what it already has, its weight and its share of the
 * booking, and the latest message, so the booking's answer shows. */
static void
draw_alloc(struct ui *u)
{
	int h = u->rows - 4, w = u->cols - 4, y = 2, x = 2;
	const struct allocwiz *z = &u->wz;
	int n = (int)z->nacct, list_h = h - 7, t = y + 3;
	int64_t *weight = xcalloc(z->nacct + 1, sizeof *weight);
	char k1[KEYMAP_KEY_NAME_MAX], k2[KEYMAP_KEY_NAME_MAX];
	char k3[KEYMAP_KEY_NAME_MAX], k4[KEYMAP_KEY_NAME_MAX];

	overlay_clear(u);
	if (u->wz_info_ok)
		put(y, x + 1, w - 2, TH_PANE_FOCUS, "Allocate %s: %s %"
		    PRId64 " %s, filled %" PRId64 ", allocated %" PRId64
		    ", unallocated %" PRId64, z->block, z->side, z->qty,
		    z->symbol, z->filled, z->allocated, z->unallocated);
	else
		put(y, x + 1, w - 2, TH_PANE_FOCUS, "Allocate block %s",
		    z->block);
	/* The methods, the chosen one marked (and in brackets, for screens
	 * without colour), then how to change them. */
	int mx = x + 1;
	mx += (int)strlen("Method: ");
	put(y + 1, x + 1, w - 2, TH_NORMAL, "Method: ");
	for (int m = 0; m < ALLOC_METHOD_COUNT; m++) {
		char cell[24];
		snprintf(cell, sizeof cell, m == (int)u->wz_method ? "[%s]" :
		    " %s ", alloc_method_name((enum alloc_method)m));
		put(y + 1, mx, x + w - 1 - mx, m == (int)u->wz_method ?
		    TH_SELECTION : TH_NORMAL, "%s", cell);
		mx += (int)strlen(cell) + 1;
	}
	put(y + 1, mx + 1, x + w - 2 - mx, TH_NORMAL, "%s next  %s/%s/%s",
	    key_for(u, "alloc", "alloc-method-next", k1, sizeof k1),
	    key_for(u, "alloc", "alloc-prorata", k2, sizeof k2),
	    key_for(u, "alloc", "alloc-even", k3, sizeof k3),
	    key_for(u, "alloc", "alloc-weights", k4, sizeof k4));
	/* What the split would book, or why there is none; "..." while the
	 * split shown is not yet the one chosen. */
	char want[WZ_CMD_MAX];
	bool current = !u->wz_prev_req && allocwiz_command(z, u->wz_method,
	    true, want, sizeof want) && strcmp(want, u->wz_shown) == 0;
	if (u->wz_err[0]) {
		/* The engine's reasons run long: a second line, at a blank,
		 * and the table moves down one. */
		int len = (int)strlen(u->wz_err), cut = len;
		if (len > w - 2) {
			cut = w - 2;
			while (cut > 0 && u->wz_err[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = w - 2;
		}
		put(y + 2, x + 1, w - 2, TH_MESSAGE_WARN, "%.*s", cut,
		    u->wz_err);
		if (cut < len) {
			put(y + 3, x + 1, w - 2, TH_MESSAGE_WARN, "%s",
			    u->wz_err + cut + (u->wz_err[cut] == ' '));
			t++;
			list_h--;
		}
	} else if (z->have_preview && z->nothing && z->filled == 0)
		put(y + 2, x + 1, w - 2, TH_MESSAGE_WARN, "Nothing to "
		    "allocate: block %s has no fills yet", z->block);
	else if (z->have_preview && z->nothing)
		put(y + 2, x + 1, w - 2, TH_MESSAGE_WARN, "Nothing to "
		    "allocate: block %s has filled %" PRId64 " and all of it "
		    "is booked", z->block, z->filled);
	else if (z->have_preview)
		put(y + 2, x + 1, w - 2, TH_NORMAL, "Would book %" PRId64
		    " %s at %s (%s)%s", z->book_qty, z->symbol, z->px,
		    z->method, current ? "" : "  ...");
	else
		put(y + 2, x + 1, w - 2, TH_NORMAL, "...");
	put(t, x + 1, w - 2, TH_HEADER, "%-10s %9s %8s %8s %9s %7s %14s",
	    "ACCOUNT", "REQUESTED", "BEFORE", "WEIGHT", "QTY", "SHARE",
	    "NOTIONAL");
	if (n > 0) {
		allocwiz_basis(z, u->wz_method, weight);
		if (allocwiz_normalize(weight, z->nacct, ALLOCWIZ_TOTAL,
		    weight, NULL) == -1)
			memset(weight, 0, z->nacct * sizeof *weight);
	}
	if (u->wz_sel >= n)
		u->wz_sel = n - 1;
	if (u->wz_sel < 0)
		u->wz_sel = 0;
	if (u->wz_top > u->wz_sel)
		u->wz_top = u->wz_sel;
	if (list_h > 0 && u->wz_sel >= u->wz_top + list_h)
		u->wz_top = u->wz_sel - list_h + 1;
	for (int i = 0; i < list_h && u->wz_top + i < n; i++) {
		int k = u->wz_top + i;
		const struct allocwiz_acct *a = &z->acct[k];
		char wt[40], q[24], sh[40], g[32];
		pct_fmt(weight[k], wt, sizeof wt);
		bool show = z->have_preview && !z->nothing && !u->wz_err[0];
		snprintf(q, sizeof q, show ? "%" PRId64 : "-", a->qty);
		if (show && z->book_qty > 0)
			pct_fmt(fixed_muldiv(a->qty, ALLOCWIZ_TOTAL,
			    z->book_qty), sh, sizeof sh);
		else
			snprintf(sh, sizeof sh, "-");
		if (show)
			format_money(a->gross, g, sizeof g);
		else
			snprintf(g, sizeof g, "-");
		put(t + 1 + i, x + 1, w - 2, k == u->wz_sel ? TH_SELECTION :
		    TH_NORMAL, "%-10.10s %9" PRId64 " %8" PRId64 " %8s %9s %7s "
		    "%14s", a->account, a->request, a->before, wt, q, sh, g);
	}
	if (n == 0 && !u->wz_err[0])
		put(t + 1, x + 1, w - 2, TH_NORMAL, "...");
	if (u->wz_note[0])
		put(y + h - 2, x + 1, w - 2, TH_MESSAGE_WARN, "%s", u->wz_note);
	if (u->nmsgs > 0)
		put(y + h - 1, x + 1, w - 2, u->msgs[u->nmsgs - 1].el, "%s",
		    u->msgs[u->nmsgs - 1].text);
	free(weight);
}

static void
paint(struct ui *u)
{
	erase();
	if (u->rows < MIN_ROWS || u->cols < MIN_COLS) {
		put(0, 0, u->cols, TH_MESSAGE_WARN, "terminal too small: "
		    "%dx%d, blotter needs %dx%d", u->cols, u->rows, MIN_COLS,
		    MIN_ROWS);
		refresh();
		return;
	}
	draw_status(u);
	for (int p = 0; p < P_COUNT; p++) {
		if (u->zoom >= 0 && p != u->zoom)
			continue;
		frame(u, (enum pane)p);
		switch ((enum pane)p) {
		case P_TICKET: draw_ticket(u); break;
		case P_BLOTTER: draw_blotter(u); break;
		case P_POSITIONS: draw_positions(u); break;
		case P_QUOTES: draw_quotes(u); break;
		case P_PNL: draw_pnl(u); break;
		case P_MESSAGES: draw_messages(u); break;
		default: break;
		}
	}
	if (u->mode == M_HELP)
		draw_help(u);
	else if (u->mode == M_TEXT && u->text)
		draw_overlay_text(u, "Details", u->text, &u->text_top);
	else if (u->mode == M_REVIEW || u->mode == M_REASON)
		draw_review(u);
	else if (wizard_on(u))
		draw_alloc(u);
	draw_bar(u);
	refresh();
}

static void
relayout(struct ui *u)
{
	endwin();
	refresh();
	getmaxyx(stdscr, u->rows, u->cols);
	layout(u);
	clear();
}

/* ---- the ticket ------------------------------------------------------- */

static const struct view_instrument *
find_instrument(const struct ui *u, const char *sym)
{
	for (size_t i = 0; u->v && i < u->v->ninstruments; i++)
		if (strcmp(u->v->instruments[i].symbol, sym) == 0)
			return &u->v->instruments[i];
	return NULL;
}

/* Check the ticket as the trader types: symbol, lot and tick. */
static void
ticket_validate(struct ui *u)
{
	const struct view_instrument *in = find_instrument(u, u->tk[TF_SYMBOL]);
	struct err e = { "" };
	int64_t q = 0, px = 0;

	u->tk_check[0] = '\0';
	if (u->tk[TF_SYMBOL][0] && !in) {
		snprintf(u->tk_check, sizeof u->tk_check, "unknown symbol '%s'",
		    u->tk[TF_SYMBOL]);
		return;
	}
	if (u->tk[TF_QTY][0]) {
		if (qty_parse(u->tk[TF_QTY], &q, &e) == -1) {
			snprintf(u->tk_check, sizeof u->tk_check, "%s", e.msg);
			return;
		}
		if (in && (q <= 0 || q % in->lot)) {
			snprintf(u->tk_check, sizeof u->tk_check, "quantity "
			    "must be a positive multiple of the lot %" PRId64,
			    in->lot);
			return;
		}
	}
	const char *type = u->tk[TF_TYPE];
	bool want_limit = strcmp(type, "limit") == 0 ||
	    strcmp(type, "stop_limit") == 0;
	bool want_stop = strncmp(type, "stop", 4) == 0;
	if (want_limit && !u->tk[TF_PRICE][0]) {
		snprintf(u->tk_check, sizeof u->tk_check, "a %s order needs a "
		    "limit price", type);
		return;
	}
	if (want_stop && !u->tk[TF_STOP][0]) {
		snprintf(u->tk_check, sizeof u->tk_check, "a %s order needs a "
		    "stop price", type);
		return;
	}
	for (int f = TF_PRICE; f <= TF_STOP; f++) {
		if (!u->tk[f][0])
			continue;
		if (fixed_parse(u->tk[f], PX_DECIMALS, &px, ticket_labels[f],
		    &e) == -1) {
			snprintf(u->tk_check, sizeof u->tk_check, "%s", e.msg);
			return;
		}
		if (in && (px <= 0 || px % in->tick)) {
			char t[32];
			snprintf(u->tk_check, sizeof u->tk_check, "%s is not on "
			    "the tick %s", u->tk[f], fixed_fmt(in->tick,
			    PX_DECIMALS, 0, t, sizeof t));
			return;
		}
	}
}

static void ticket_preview(struct ui *);

/* Check the ticket as it is typed, then ask compliance about it. */
static void
ticket_check(struct ui *u)
{
	ticket_validate(u);
	ticket_preview(u);
}

static void
ticket_open(struct ui *u, int side)
{
	memset(u->tk, 0, sizeof u->tk);
	snprintf(u->tk[TF_SIDE], sizeof u->tk[TF_SIDE], "%s", side_words[side]);
	snprintf(u->tk[TF_TIF], sizeof u->tk[TF_TIF], "day");
	snprintf(u->tk[TF_TYPE], sizeof u->tk[TF_TYPE], "market");
	snprintf(u->tk[TF_VENUE], sizeof u->tk[TF_VENUE], "sim");
	if (u->v)
		snprintf(u->tk[TF_ACCT], sizeof u->tk[TF_ACCT], "%s",
		    u->v->default_acct);
	const struct view_quote *q = u->focus == P_QUOTES ?
	    selected_quote(u) : NULL;
	if (q)
		snprintf(u->tk[TF_SYMBOL], sizeof u->tk[TF_SYMBOL], "%s",
		    q->q.symbol);
	u->tk_field = u->tk[TF_SYMBOL][0] ? TF_QTY : TF_SYMBOL;
	u->mode = M_TICKET;
	u->focus = P_TICKET;
	ticket_check(u);
}

/* The order on the ticket as a command (BUF of LEN bytes). */
static void
ticket_command(const struct ui *u, char *buf, size_t len)
{
	int n;

	n = snprintf(buf, len, "%s %s %s", u->tk[TF_SIDE], u->tk[TF_QTY],
	    u->tk[TF_SYMBOL]);
	const char *type = u->tk[TF_TYPE];
	if (u->tk[TF_PRICE][0] && (strcmp(type, "limit") == 0 ||
	    strcmp(type, "stop_limit") == 0))
		n += snprintf(buf + n, len - (size_t)n, " @ %s",
		    u->tk[TF_PRICE]);
	if (u->tk[TF_STOP][0] && strncmp(type, "stop", 4) == 0)
		n += snprintf(buf + n, len - (size_t)n, " stop=%s",
		    u->tk[TF_STOP]);
	if (u->tk[TF_VENUE][0] && strcmp(u->tk[TF_VENUE], "sim") != 0)
		n += snprintf(buf + n, len - (size_t)n, " venue=%s",
		    u->tk[TF_VENUE]);
	if (u->tk[TF_TIF][0])
		n += snprintf(buf + n, len - (size_t)n, " tif=%s",
		    u->tk[TF_TIF]);
	if (u->tk[TF_ACCT][0])
		snprintf(buf + n, len - (size_t)n, " acct=%s",
		    u->tk[TF_ACCT]);
}

/* Ask the worker what compliance would say of the ticket's order, once
 * per change and one question at a time; the answer shows in the
 * ticket (take_ticket_check()). */
static void
ticket_preview(struct ui *u)
{
	char cmd[LINE_MAX_LEN], ask[LINE_MAX_LEN];

	if (u->mode != M_TICKET || u->tk_check[0] || !u->tk[TF_QTY][0] ||
	    !u->tk[TF_SYMBOL][0]) {
		u->tk_cpl[0] = '\0';
		u->tk_cpl_asked[0] = '\0';
		return;
	}
	ticket_command(u, cmd, sizeof cmd);
	snprintf(ask, sizeof ask, "check %.*s", (int)sizeof ask - 7, cmd);
	if (strcmp(ask, u->tk_cpl_asked) == 0)
		return;
	if (u->tk_cpl_req) {
		u->tk_cpl_again = true;
		return;
	}
	struct rt_request *r = make_request(u, ask);
	if (!r)
		return;
	snprintf(u->tk_cpl_asked, sizeof u->tk_cpl_asked, "%s", ask);
	u->tk_cpl_again = false;
	u->tk_cpl_req = r;
	runtime_submit(u->rt, r);
}

/* The answer to ticket_preview(): its first lines, shortened. */
static bool
take_ticket_check(struct ui *u, struct rt_request *r)
{
	if (r != u->tk_cpl_req)
		return false;
	u->tk_cpl_req = NULL;
	u->tk_cpl[0] = '\0';
	u->tk_cpl_pass = true;
	if (r->status != RT_FAILED && r->out) {
		const char *p = r->out, *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);
		u->tk_cpl_pass = strncmp(p, "pass", 4) == 0;
		if (u->tk_cpl_pass || !nl || !nl[1])
			snprintf(u->tk_cpl, sizeof u->tk_cpl, "compliance: %.*s",
			    n, p);
		else {
			/* "review: 2 of 3 rules broken", then a line a rule
			 * ("  block R1 (max_qty): ..."): the worst and the
			 * first rule. */
			const char *d = nl + 1;
			int broken = atoi(p + strcspn(p, ":") + 1);
			while (*d == ' ')
				d++;
			d += strcspn(d, " ");
			d += *d == ' ';
			snprintf(u->tk_cpl, sizeof u->tk_cpl, "compliance: %.*s: "
			    "%.*s%s", (int)strcspn(p, ":"), p,
			    (int)strcspn(d, "\n"), d, broken > 1 ? " (and "
			    "more)" : "");
		}
	}
	if (u->tk_cpl_again) {
		u->tk_cpl_asked[0] = '\0';
		ticket_preview(u);
	}
	return true;
}

static void
ticket_submit(struct ui *u)
{
	char cmd[LINE_MAX_LEN];

	ticket_check(u);
	if (u->tk_check[0]) {
		add_message(u, TH_MESSAGE_ERROR, "ticket: %s", u->tk_check);
		return;
	}
	if (!u->tk[TF_QTY][0] || !u->tk[TF_SYMBOL][0]) {
		snprintf(u->tk_check, sizeof u->tk_check, "the ticket needs a "
		    "quantity and a symbol");
		return;
	}
	ticket_command(u, cmd, sizeof cmd);
	submit(u, cmd);
	u->mode = M_NORMAL;
	u->focus = P_BLOTTER;
}

/* ---- line editing ----------------------------------------------------- */

static const char *const command_words[] = { "buy", "sell", "short",
    "cover", "stage", "release", "cancel", "replace", "quote", "mark",
    "instrument", "account", "load", "fx", "clock", "show", "expect",
    "help", NULL };

/* Count CAND as a completion of WORD (LEN long), keeping the first. */
static void
try_word(const char *cand, const char *word, size_t len, const char **found,
    int *matches)
{
	if (strncmp(cand, word, len) != 0)
		return;
	if (!*found)
		*found = cand;
	(*matches)++;
}

/* Complete the word before the cursor: commands first, then symbols,
 * accounts and order ids. */
static void
complete(struct ui *u)
{
	int start = u->cur;
	const char *found = NULL;
	int matches = 0;

	while (start > 0 && u->line[start - 1] != ' ' &&
	    u->line[start - 1] != '=')
		start--;
	size_t len = (size_t)(u->cur - start);
	const char *word = u->line + start;
	if (start == 0)
		for (int i = 0; command_words[i]; i++)
			try_word(command_words[i], word, len, &found, &matches);
	for (size_t i = 0; u->v && i < u->v->ninstruments; i++)
		try_word(u->v->instruments[i].symbol, word, len, &found,
		    &matches);
	for (size_t i = 0; u->v && i < u->v->naccounts; i++)
		try_word(u->v->accounts[i], word, len, &found, &matches);
	for (size_t i = 0; u->v && i < u->v->norders; i++)
		try_word(u->v->orders[i].id, word, len, &found, &matches);
	if (!found || len >= strlen(found))
		return;
	if (matches > 1)
		add_message(u, TH_MESSAGE_INFO, "%d matches for '%.*s'", matches,
		    (int)len, word);
	char rest[LINE_MAX_LEN];
	snprintf(rest, sizeof rest, "%s", u->line + u->cur);
	char added[LINE_MAX_LEN];
	snprintf(added, sizeof added, "%s%s", found + len, matches == 1 ?
	    " " : "");
	if (strlen(u->line) + strlen(added) >= LINE_MAX_LEN - 1)
		return;
	snprintf(u->line + u->cur, LINE_MAX_LEN - (size_t)u->cur, "%s%s",
	    added, rest);
	u->cur += (int)strlen(added);
}

/* Edit LINE (or the ticket field) with KEY; returns true when the key was
 * text editing. */
static bool
edit_key(char *buf, size_t cap, int *cur, int key)
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

static void
history_add(struct ui *u, const char *line)
{
	if (!*line || (u->nhist && strcmp(u->hist[u->nhist - 1], line) == 0))
		return;
	if (u->nhist == HIST_MAX) {
		memmove(u->hist, u->hist + 1, (HIST_MAX - 1) * sizeof *u->hist);
		u->nhist--;
	}
	snprintf(u->hist[u->nhist++], LINE_MAX_LEN, "%s", line);
}

static void
apply_filter(struct ui *u, const char *text)
{
	struct cmd c;
	struct err e = { "" };
	char line[LINE_MAX_LEN + 16];

	snprintf(line, sizeof line, "show orders %s", text);
	if (cmd_parse(line, &c, &e) == -1) {
		add_message(u, TH_MESSAGE_ERROR, "filter: %s (use acct=, sym=, "
		    "status=)", e.msg);
		return;
	}
	u->filter = c.filter;
	snprintf(u->filter_text, sizeof u->filter_text, "%s", text);
	/* The first page of the new filter comes; the cursor stays on its
	 * order when it is there (rehome, on the page's arrival). */
	(void)selected_order(u);
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
static void
rehome_blotter(struct ui *u)
{
	u->rehome = u->rehome_asked = false;
	if (selected_order(u))
		return;
	u->sel[P_BLOTTER] = u->top[P_BLOTTER] = 0;
	select_row(u);
}

/* Filter list P (positions, quotes, messages) by TEXT, "" for none.
 * The cursor stays on its row when the filter shows it, as in the
 * blotter; otherwise it goes to the first row shown (messages: the
 * newest). */
static void
apply_find(struct ui *u, enum pane p, const char *text)
{
	char sym[SYMBOL_MAX + 1] = "";
	int *idx, n;

	if (p == P_POSITIONS) {
		(void)selected_position(u);
	} else if (p == P_QUOTES) {
		const struct view_quote *q = selected_quote(u);
		if (q)
			snprintf(sym, sizeof sym, "%s", q->q.symbol);
	}
	n = shown_rows(u, p, &idx);
	int was = u->sel[p] >= 0 && u->sel[p] < n ? idx[u->sel[p]] : -1;
	free(idx);
	snprintf(u->find[p], sizeof u->find[p], "%s", text);
	n = shown_rows(u, p, &idx);
	u->sel[p] = u->top[p] = 0;
	if (p == P_POSITIONS) {
		if (!selected_position(u)) {
			u->sel[p] = 0;
			u->sel_pos[0] = '\0';
			(void)selected_position(u);
		}
	} else if (p == P_QUOTES) {
		for (int k = 0; sym[0] && k < n; k++)
			if (strcmp(u->v->quotes[idx[k]].q.symbol, sym) == 0)
				u->sel[p] = k;
	} else {
		u->sel[p] = n > 0 ? n - 1 : 0;
		for (int k = 0; was >= 0 && k < n; k++)
			if (idx[k] == was)
				u->sel[p] = k;
	}
	free(idx);
}

/* Filter the list the '/' line was opened on. */
static void
filter_pane_apply(struct ui *u, const char *text)
{
	if (u->filter_pane == P_BLOTTER)
		apply_filter(u, text);
	else
		apply_find(u, u->filter_pane, text);
}

/* ---- actions ---------------------------------------------------------- */

static void
ask(struct ui *u, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
ask_always(struct ui *u, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
vask(struct ui *u, const char *cmd, const char *fmt, va_list ap)
{
	vsnprintf(u->ask, sizeof u->ask, fmt, ap);
	snprintf(u->ask_cmd, sizeof u->ask_cmd, "%s", cmd);
	u->mode = M_CONFIRM;
	u->ask_back = M_NORMAL;
	u->ask_ms = mono_ms();
}

/* Ask a y/n question whose yes sends CMD (or send it at once when
 * confirmations are off). */
static void
ask(struct ui *u, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	if (!u->confirm) {
		submit(u, cmd);
		return;
	}
	va_start(ap, fmt);
	vask(u, cmd, fmt, ap);
	va_end(ap);
}

/* Ask a y/n question whose yes sends CMD, whatever the confirm setting:
 * for what stops or restarts a whole desk. */
static void
ask_always(struct ui *u, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vask(u, cmd, fmt, ap);
	va_end(ap);
}

static void
open_line(struct ui *u, enum mode m, const char *text)
{
	u->mode = m;
	snprintf(u->line, sizeof u->line, "%s", text);
	u->cur = (int)strlen(u->line);
	u->hpos = u->nhist;
}

/* Show the keys that work in PANE, over the mode we are in. */
static void
open_help(struct ui *u, const char *pane)
{
	u->text_back = u->mode;
	u->mode = M_HELP;
	u->text_top = 0;
	snprintf(u->help_pane, sizeof u->help_pane, "%s", pane);
}

/* ---- the allocation wizard -------------------------------------------- */

/* Ask the worker, quietly, for the block and its accounts, unless that
 * question is already on its way (its answer then asks again if the
 * wizard looked afresh meanwhile). */
static void
wizard_info(struct ui *u)
{
	char cmd[LINE_MAX_LEN];

	if (u->wz_info_req)
		return;
	snprintf(cmd, sizeof cmd, "show block %s", u->wz.block);
	struct rt_request *r = make_request(u, cmd);
	if (!r)
		return;
	u->wz_info_req = r;
	u->wz_info_gen = u->wz_gen;
	runtime_submit(u->rt, r);
}

/* Ask for the preview of the split chosen, once per change and one at a
 * time; the answer shows in the wizard (take_wizard()). */
static void
wizard_preview(struct ui *u)
{
	char want[WZ_CMD_MAX];

	if (!wizard_on(u) || u->wz_prev_req)
		return;
	if (!allocwiz_command(&u->wz, u->wz_method, true, want, sizeof want)) {
		snprintf(u->wz_err, sizeof u->wz_err, "these weights do not "
		    "fit on one command line; use the alloc command");
		return;
	}
	if (strcmp(want, u->wz_shown) == 0)
		return;
	/* Parsed here rather than by make_request(): what is wrong with
	 * the command belongs in the wizard, not in the messages. */
	struct rt_request *r = xcalloc(1, sizeof *r);
	struct err e = { "" };
	if (cmd_parse(want, &r->cmd, &e) == -1) {
		snprintf(u->wz_err, sizeof u->wz_err, "%s", e.msg);
		free(r);
		return;
	}
	snprintf(u->wz_sent, sizeof u->wz_sent, "%s", want);
	u->wz_prev_req = r;
	u->wz_prev_gen = u->wz_gen;
	runtime_submit(u->rt, r);
}

/* Look at the block afresh: what was asked before is stale. */
static void
wizard_refresh(struct ui *u)
{
	u->wz_gen++;
	u->wz_shown[0] = '\0';
	wizard_info(u);
	wizard_preview(u);
}

/* Open the wizard on block ID, by the default method. */
static void
wizard_open(struct ui *u, const char *id)
{
	allocwiz_free(&u->wz);
	snprintf(u->wz.block, sizeof u->wz.block, "%s", id);
	u->wz_method = ALLOC_PRORATA;
	u->wz_sel = u->wz_top = 0;
	u->wz_editing = false;
	u->wz_info_ok = false;
	u->wz_err[0] = u->wz_note[0] = '\0';
	u->mode = M_ALLOC;
	wizard_refresh(u);
}

/* The answers to wizard_info() and wizard_preview(): true when R was one
 * of them (an answer to an older look, or for a closed wizard, is only
 * dropped). */
static bool
take_wizard(struct ui *u, struct rt_request *r)
{
	struct err e = { "" };

	if (r == u->wz_info_req) {
		u->wz_info_req = NULL;
		if (!wizard_on(u))
			return true;
		if (u->wz_info_gen != u->wz_gen) {
			wizard_info(u);
			return true;
		}
		if (r->status == RT_FAILED)
			snprintf(u->wz_err, sizeof u->wz_err, "%s", r->err);
		else if (allocwiz_parse_block(&u->wz, r->out ? r->out : "",
		    &e) == -1)
			snprintf(u->wz_err, sizeof u->wz_err, "%s", e.msg);
		else
			u->wz_info_ok = true;
		wizard_preview(u);
		return true;
	}
	if (r != u->wz_prev_req)
		return false;
	u->wz_prev_req = NULL;
	if (!wizard_on(u))
		return true;
	if (u->wz_prev_gen == u->wz_gen) {
		snprintf(u->wz_shown, sizeof u->wz_shown, "%s", u->wz_sent);
		u->wz_err[0] = '\0';
		if (r->status == RT_FAILED) {
			snprintf(u->wz_err, sizeof u->wz_err, "%s", r->err);
			u->wz.have_preview = false;
		} else if (allocwiz_parse_preview(&u->wz, r->out ? r->out : "",
		    &e) == -1) {
			snprintf(u->wz_err, sizeof u->wz_err, "%s", e.msg);
			u->wz.have_preview = false;
		}
	}
	wizard_preview(u);
	return true;
}

/* A new view or blotter page: when the block filled more, look at it
 * again (and drop a y/n question about the old split).  The view's
 * recent orders are newer than the page, so they are asked first. */
static void
wizard_watch(struct ui *u)
{
	const struct order *b = NULL;

	if (!wizard_on(u) || !u->wz_info_ok || u->wz_info_req)
		return;
	for (size_t i = 0; u->v && !b && i < u->v->norders; i++)
		if (strcmp(u->v->orders[i].id, u->wz.block) == 0)
			b = &u->v->orders[i];
	if (!b)
		b = find_local_order(u, u->wz.block);
	if (!b || b->cum_qty == u->wz.filled)
		return;
	if (u->mode == M_CONFIRM) {
		u->mode = M_ALLOC;
		snprintf(u->wz_note, sizeof u->wz_note, "block %s filled more: "
		    "check the new split before booking", u->wz.block);
	}
	wizard_refresh(u);
}

/* Split by M from now on.  Weights start from the split by the method
 * left, so switching to them changes nothing until a share is typed. */
static void
wizard_method(struct ui *u, enum alloc_method m)
{
	if (m == ALLOC_WEIGHTS && u->wz_method != ALLOC_WEIGHTS) {
		size_t n = u->wz.nacct;
		if (!u->wz_info_ok || n == 0) {
			snprintf(u->wz_note, sizeof u->wz_note, "wait for the "
			    "block's accounts");
			return;
		}
		int64_t *w = xcalloc(n, sizeof *w);
		allocwiz_basis(&u->wz, u->wz_method, w);
		if (allocwiz_normalize(w, n, ALLOCWIZ_TOTAL, w, NULL) == 0)
			for (size_t i = 0; i < n; i++)
				u->wz.acct[i].weight = w[i];
		free(w);
	}
	u->wz_method = m;
	wizard_preview(u);
}

/* Give the selected account the share typed and re-balance the others
 * (by weights from now on); a share that makes no sense stays on the
 * line with the reason. */
static void
wizard_share(struct ui *u)
{
	struct err e = { "" };
	size_t n = u->wz.nacct;
	int64_t share, booking = u->wz.have_preview && !u->wz.nothing ?
	    u->wz.book_qty : u->wz.unallocated;

	if (!u->wz_info_ok || n == 0 || u->wz_sel >= (int)n) {
		u->wz_editing = false;
		return;
	}
	if (allocwiz_parse_share(u->wz_line, booking, &share, &e) == -1) {
		snprintf(u->wz_note, sizeof u->wz_note, "%s", e.msg);
		return;
	}
	int64_t *basis = xcalloc(n, sizeof *basis), *out = xcalloc(n,
	    sizeof *out);
	allocwiz_basis(&u->wz, u->wz_method, basis);
	if (allocwiz_rebalance(basis, n, (size_t)u->wz_sel, share, out,
	    &e) == -1) {
		snprintf(u->wz_note, sizeof u->wz_note, "%s", e.msg);
	} else {
		for (size_t i = 0; i < n; i++)
			u->wz.acct[i].weight = out[i];
		u->wz_method = ALLOC_WEIGHTS;
		u->wz_editing = false;
		u->wz_note[0] = '\0';
		wizard_preview(u);
	}
	free(basis);
	free(out);
}

/* Book the split shown: the command previewed, without "preview", after
 * a y/n question when confirmations are on.  Refused while the split
 * shown is not the one chosen, or there is none. */
static void
wizard_book(struct ui *u)
{
	char cmd[WZ_CMD_MAX], want[WZ_CMD_MAX];
	const struct allocwiz *z = &u->wz;

	if (u->wz_prev_req || u->wz_info_req) {
		snprintf(u->wz_note, sizeof u->wz_note, "wait for the split to "
		    "show before booking");
		return;
	}
	if (u->wz_err[0]) {
		snprintf(u->wz_note, sizeof u->wz_note, "this split cannot be "
		    "booked: change the method or the shares");
		return;
	}
	if (!allocwiz_command(z, u->wz_method, true, want, sizeof want) ||
	    strcmp(want, u->wz_shown) || !z->have_preview) {
		snprintf(u->wz_note, sizeof u->wz_note, "wait for the split to "
		    "show before booking");
		return;
	}
	if (z->nothing) {
		snprintf(u->wz_note, sizeof u->wz_note, "nothing to allocate "
		    "in block %s", z->block);
		return;
	}
	size_t takers = 0;
	for (size_t i = 0; i < z->nacct; i++)
		takers += z->acct[i].qty > 0;
	allocwiz_command(z, u->wz_method, false, cmd, sizeof cmd);
	u->wz_note[0] = '\0';
	ask(u, cmd, "Book %" PRId64 " %s of block %s at %s to %zu account%s "
	    "(%s)?", z->book_qty, z->symbol, z->block, z->px, takers,
	    takers == 1 ? "" : "s", z->method);
	if (u->mode == M_CONFIRM)
		u->ask_back = M_ALLOC;
	else
		u->mode = M_NORMAL;	/* sent: the answer goes to messages */
}

/* A key in the wizard: the share being typed takes every key; otherwise
 * a digit starts a share, and the wizard's own bindings apply (of the
 * global ones only those that make sense over it). */
static void
key_alloc(struct ui *u, int key)
{
	const char *a;
	int n = (int)u->wz.nacct;

	if (u->wz_editing) {
		if (key == 27) {
			u->wz_editing = false;
			u->wz_note[0] = '\0';
		} else if (key == '\r' || key == '\n') {
			wizard_share(u);
		} else {
			edit_key(u->wz_line, sizeof u->wz_line, &u->wz_cur,
			    key);
		}
		return;
	}
	if (!keymap_action_local(u->km, "alloc", key) &&
	    ((key >= '0' && key <= '9') || key == '.')) {
		if (!u->wz_info_ok || n == 0)
			return;
		u->wz_line[0] = (char)key;
		u->wz_line[1] = '\0';
		u->wz_cur = 1;
		u->wz_editing = true;
		return;
	}
	if (!(a = keymap_action(u->km, "alloc", key)))
		return;
	u->wz_note[0] = '\0';
	if (strcmp(a, "dialog-close") == 0)
		u->mode = M_NORMAL;
	else if (strcmp(a, "help") == 0)
		open_help(u, "alloc");
	else if (strcmp(a, "quit") == 0)
		u->quit = true;
	else if (strcmp(a, "redraw") == 0)
		clear();
	else if (strcmp(a, "cursor-up") == 0)
		u->wz_sel -= u->wz_sel > 0;
	else if (strcmp(a, "cursor-down") == 0)
		u->wz_sel += u->wz_sel + 1 < n;
	else if (strcmp(a, "cursor-first") == 0)
		u->wz_sel = 0;
	else if (strcmp(a, "cursor-last") == 0)
		u->wz_sel = n > 0 ? n - 1 : 0;
	else if (strcmp(a, "alloc-method-next") == 0)
		wizard_method(u, (enum alloc_method)((u->wz_method + 1) %
		    ALLOC_METHOD_COUNT));
	else if (strcmp(a, "alloc-prorata") == 0)
		wizard_method(u, ALLOC_PRORATA);
	else if (strcmp(a, "alloc-even") == 0)
		wizard_method(u, ALLOC_EVEN);
	else if (strcmp(a, "alloc-weights") == 0)
		wizard_method(u, ALLOC_WEIGHTS);
	else if (strcmp(a, "alloc-share") == 0 && u->wz_info_ok && n > 0) {
		u->wz_line[0] = '\0';
		u->wz_cur = 0;
		u->wz_editing = true;
	} else if (strcmp(a, "alloc-book") == 0)
		wizard_book(u);
}

/* The kill switch: halt every account of the store, or resume, after a
 * question that is asked even with confirmations off. */
static void
halt_toggle(struct ui *u)
{
	const struct view *v = u->v;

	if (!v)
		return;
	if (!v->can_halt)
		add_message(u, TH_MESSAGE_WARN, "only admin or compliance "
		    "users can halt trading (%s is %s)", v->user, v->role[0] ?
		    v->role : "no role");
	else if (v->halted)
		ask_always(u, "resume", "Resume trading?");
	else
		ask_always(u, "halt reason=\"kill switch\"", "Halt all "
		    "trading? New orders and replaces will be refused");
}

/* Whether the acting user may approve or reject; says why not. */
static bool
may_review(struct ui *u)
{
	if (u->v && u->v->can_review)
		return true;
	add_message(u, TH_MESSAGE_WARN, "only compliance users may approve or "
	    "reject orders (%s is %s)", u->v ? u->v->user : login_name(),
	    u->v && u->v->role[0] ? u->v->role : "no role");
	return false;
}

/* A key in the review list: its own pane's bindings, and of the global
 * ones only those that make sense over the list. */
static void
key_review(struct ui *u, int key)
{
	const char *a = keymap_action(u->km, "review", key);
	const struct order *o = review_selected(u);
	int n = u->v ? (int)u->v->nflagged : 0, page = u->rows - 10;
	char cmd[LINE_MAX_LEN];

	if (!a)
		return;
	if (strcmp(a, "dialog-close") == 0 || strcmp(a, "review-open") == 0)
		u->mode = M_NORMAL;
	else if (strcmp(a, "help") == 0)
		open_help(u, "review");
	else if (strcmp(a, "quit") == 0)
		u->quit = true;
	else if (strcmp(a, "redraw") == 0)
		clear();
	else if (strcmp(a, "cursor-up") == 0)
		u->review_sel--;
	else if (strcmp(a, "cursor-down") == 0)
		u->review_sel++;
	else if (strcmp(a, "page-up") == 0)
		u->review_sel -= page > 1 ? page : 1;
	else if (strcmp(a, "page-down") == 0)
		u->review_sel += page > 1 ? page : 1;
	else if (strcmp(a, "cursor-first") == 0)
		u->review_sel = 0;
	else if (strcmp(a, "cursor-last") == 0)
		u->review_sel = n - 1;
	else if ((strcmp(a, "order-details") == 0 ||
	    strcmp(a, "review-approve") == 0 ||
	    strcmp(a, "review-reject") == 0) && !o && u->review_id[0])
		add_message(u, TH_MESSAGE_WARN, "%s: order %s is no longer "
		    "waiting for review; nothing done", a, u->review_id);
	else if (strcmp(a, "order-details") == 0 && o)
		open_details(u, o->id);
	else if (strcmp(a, "review-approve") == 0 && o && may_review(u)) {
		snprintf(cmd, sizeof cmd, "approve %s", o->id);
		snprintf(u->review_done, sizeof u->review_done, "%s", o->id);
		submit(u, cmd);
	} else if (strcmp(a, "review-reject") == 0 && o && may_review(u)) {
		snprintf(u->reason_id, sizeof u->reason_id, "%s", o->id);
		open_line(u, M_REASON, "");
	}
	/* A move picks the order now under the cursor. */
	if (strncmp(a, "cursor-", 7) == 0 || strncmp(a, "page-", 5) == 0) {
		if (u->review_sel < 0)
			u->review_sel = 0;
		if (u->review_sel >= n)
			u->review_sel = n > 0 ? n - 1 : 0;
		snprintf(u->review_id, sizeof u->review_id, "%s", n > 0 ?
		    u->v->flagged[u->review_sel].id : "");
	}
}

/* Send the rejection of reason_id with the reason typed; an empty reason
 * is refused and the line stays open.  Returns true when sent. */
static bool
reject_submit(struct ui *u)
{
	char why[LINE_MAX_LEN], cmd[LINE_MAX_LEN * 2 + 64];
	const char *p = u->line;
	size_t n = 0;

	while (*p == ' ')
		p++;
	/* Quotes inside the reason are escaped; a trailing backslash would
	 * escape the closing quote, so it goes with the trailing blanks. */
	for (; *p && n + 2 < sizeof why; p++) {
		if (*p == '"')
			why[n++] = '\\';
		why[n++] = *p;
	}
	while (n > 0 && (why[n - 1] == ' ' || why[n - 1] == '\\'))
		n--;
	why[n] = '\0';
	if (n == 0) {
		add_message(u, TH_MESSAGE_ERROR, "reject %s: a rejection needs "
		    "a reason (Esc to go back)", u->reason_id);
		return false;
	}
	snprintf(cmd, sizeof cmd, "reject %s reason=\"%s\"", u->reason_id,
	    why);
	snprintf(u->review_done, sizeof u->review_done, "%s", u->reason_id);
	submit(u, cmd);
	return true;
}

static void
do_action(struct ui *u, const char *a)
{
	int rows = pane_rows(u, u->focus);
	int page = u->r[u->focus].h - 3;
	const struct order *o;
	char cmd[LINE_MAX_LEN];

	if (strcmp(a, "quit") == 0)
		u->quit = true;
	else if (strcmp(a, "help") == 0)
		open_help(u, normal_pane(u));
	else if (strcmp(a, "review-open") == 0) {
		u->mode = M_REVIEW;
		u->review_sel = u->review_top = 0;
		u->review_id[0] = '\0';
	} else if (strcmp(a, "halt-toggle") == 0) {
		halt_toggle(u);
	} else if (strcmp(a, "prompt-open") == 0)
		open_line(u, M_PROMPT, "");
	else if (strcmp(a, "filter") == 0) {
		/* The focused list (a keymap may bind it elsewhere: the
		 * blotter's then). */
		u->filter_pane = u->focus == P_POSITIONS || u->focus ==
		    P_QUOTES || u->focus == P_MESSAGES ? u->focus : P_BLOTTER;
		open_line(u, M_FILTER, u->filter_pane == P_BLOTTER ?
		    u->filter_text : u->find[u->filter_pane]);
	}
	else if (strcmp(a, "pane-next") == 0)
		u->focus = (enum pane)((u->focus + 1) % P_COUNT);
	else if (strcmp(a, "pane-prev") == 0)
		u->focus = (enum pane)((u->focus + P_COUNT - 1) % P_COUNT);
	else if (strcmp(a, "zoom") == 0) {
		u->zoom = u->zoom == (int)u->focus ? -1 : (int)u->focus;
		layout(u);
	} else if (strcmp(a, "redraw") == 0)
		clear();
	else if (strcmp(a, "cursor-up") == 0)
		u->sel[u->focus]--;
	else if (strcmp(a, "cursor-down") == 0)
		u->sel[u->focus] += u->sel[u->focus] + 1 < rows;
	else if (strcmp(a, "page-up") == 0)
		u->sel[u->focus] -= page;
	else if (strcmp(a, "page-down") == 0)
		u->sel[u->focus] += page;
	else if (strcmp(a, "cursor-first") == 0)
		u->sel[u->focus] = 0;
	else if (strcmp(a, "cursor-last") == 0)
		u->sel[u->focus] = rows - 1;
	else if (strcmp(a, "sort-next") == 0) {
		u->sort_col = (u->sort_col + 1) % SORT_COUNT;
		add_message(u, TH_MESSAGE_INFO, "blotter sorted by %s%s",
		    sort_names[u->sort_col], u->page_total > PAGE_ROWS ?
		    " (filter to 500 orders or fewer to sort them)" : "");
	} else if (strcmp(a, "sort-reverse") == 0)
		u->sort_rev = !u->sort_rev;
	else if (strcmp(a, "ticket-buy") == 0)
		ticket_open(u, 0);
	else if (strcmp(a, "ticket-sell") == 0)
		ticket_open(u, 1);
	else if (strcmp(a, "order-details") == 0) {
		if (u->focus == P_BLOTTER && (o = acted_order(u, "details")))
			open_details(u, o->id);
	} else if (strcmp(a, "order-cancel") == 0) {
		if (u->focus == P_BLOTTER && (o = acted_order(u, "cancel"))) {
			snprintf(cmd, sizeof cmd, "cancel %s", o->id);
			ask(u, cmd, "Cancel order %s (%s %" PRId64 " %s)?", o->id,
			    order_side_name(o->side), o->qty, o->symbol);
		}
	} else if (strcmp(a, "order-replace") == 0) {
		if (u->focus == P_BLOTTER && (o = acted_order(u, "replace"))) {
			snprintf(cmd, sizeof cmd, "replace %s ", o->id);
			open_line(u, M_PROMPT, cmd);
		}
	} else if (strcmp(a, "cancel-all") == 0) {
		ask(u, "cancel all", "Cancel every open order?");
	} else if (strcmp(a, "position-flatten") == 0) {
		const struct view_position *p = u->focus == P_POSITIONS ?
		    selected_position(u) : NULL;
		if (u->focus == P_POSITIONS && !p && u->sel_pos[0]) {
			add_message(u, TH_MESSAGE_WARN, "flatten: that "
			    "position is no longer shown; nothing done");
		} else if (p && p->block[0]) {
			add_message(u, TH_MESSAGE_WARN, "flatten: block %s's "
			    "fills are in no account yet; book them first (%s "
			    "on the block in the blotter)", p->block,
			    key_for(u, "blotter", "alloc-wizard", cmd,
			    sizeof cmd));
		} else if (p) {
			if (p->qty == 0)
				return;
			snprintf(cmd, sizeof cmd, "%s %" PRId64 " %s acct=%s",
			    p->qty > 0 ? "sell" : "cover", p->qty > 0 ? p->qty :
			    -p->qty, p->symbol, p->account);
			ask(u, cmd, "Flatten %s %s: %s?", p->account, p->symbol,
			    cmd);
		}
	} else if (strcmp(a, "alloc-wizard") == 0) {
		o = u->focus == P_BLOTTER ? acted_order(u, "allocate") : NULL;
		if (!o && u->focus == P_BLOTTER)
			;	/* acted_order() said why */
		else if (o && (order_is_block(o) || order_in_block(o)))
			wizard_open(u, o->block);
		else
			add_message(u, TH_MESSAGE_WARN, "%s: select a block",
			    key_for(u, "blotter", "alloc-wizard", cmd,
			    sizeof cmd));
	}
	if (u->sel[u->focus] < 0)
		u->sel[u->focus] = 0;
	/* A move picks the order under the cursor; a new sort keeps it. */
	if (u->focus == P_BLOTTER && (strncmp(a, "cursor-", 7) == 0 ||
	    strncmp(a, "page-", 5) == 0))
		select_row(u);
	else if (u->focus == P_POSITIONS && (strncmp(a, "cursor-", 7) == 0 ||
	    strncmp(a, "page-", 5) == 0)) {
		scroll_into_view(u, P_POSITIONS, rows, page);
		u->sel_pos[0] = '\0';
		(void)selected_position(u);
	} else if (u->focus == P_BLOTTER && strncmp(a, "sort-", 5) == 0)
		(void)selected_order(u);
}

/* A key on the command, filter or reason line: the prompt pane's
 * bindings, then editing.  Ctrl-C cancels the line in every keymap. */
static void
key_line(struct ui *u, int key)
{
	const char *a = keymap_action(u->km, "prompt", keymap_key_canon(key));

	if (key == CTRL_C || (a && strcmp(a, "dialog-close") == 0)) {
		/* Esc on the filter line clears the filter; Ctrl-C leaves
		 * it as it was. */
		if (u->mode == M_FILTER && key != CTRL_C)
			filter_pane_apply(u, "");
		u->mode = u->mode == M_REASON ? M_REVIEW : M_NORMAL;
		return;
	}
	if (a && strcmp(a, "prompt-submit") == 0) {
		if (u->mode == M_REASON) {
			if (reject_submit(u))
				u->mode = M_REVIEW;
			return;
		}
		if (u->mode == M_PROMPT) {
			history_add(u, u->line);
			submit(u, u->line);
		} else {
			filter_pane_apply(u, u->line);
		}
		u->mode = M_NORMAL;
		return;
	}
	if (a && strcmp(a, "prompt-complete") == 0) {
		if (u->mode == M_PROMPT)
			complete(u);
		return;
	}
	if (a && (strcmp(a, "history-prev") == 0 ||
	    strcmp(a, "history-next") == 0)) {
		if (u->mode != M_PROMPT)
			return;
		u->hpos += strcmp(a, "history-prev") == 0 ? -1 : 1;
		if (u->hpos < 0)
			u->hpos = 0;
		if (u->hpos >= u->nhist) {
			u->hpos = u->nhist;
			u->line[0] = '\0';
		} else {
			snprintf(u->line, sizeof u->line, "%s", u->hist[u->hpos]);
		}
		u->cur = (int)strlen(u->line);
		return;
	}
	if (a && strcmp(a, "redraw") == 0) {
		clear();
		return;
	}
	edit_key(u->line, sizeof u->line, &u->cur, key);
}

/* Complete the symbol field from the instruments: the longest common
 * prefix of the symbols that start with what is typed.  Returns true
 * when it added something (false: nothing to add, move on). */
static bool
complete_symbol(struct ui *u, char *f, size_t cap)
{
	size_t len = strlen(f), common = 0;
	const char *first = NULL;

	for (size_t i = 0; u->v && i < u->v->ninstruments; i++) {
		const char *sym = u->v->instruments[i].symbol;
		if (strncmp(sym, f, len) != 0)
			continue;
		if (!first) {
			first = sym;
			common = strlen(sym);
		} else {
			size_t k = len;
			while (k < common && sym[k] == first[k])
				k++;
			common = k;
		}
	}
	if (!first || common <= len || common >= cap)
		return false;
	memcpy(f + len, first + len, common - len);
	f[common] = '\0';
	return true;
}

/* Type KEY into the ticket's field (the side and type are chosen, not
 * typed); false when the field takes no typing. */
static bool
ticket_type(struct ui *u, int key)
{
	char *f = u->tk[u->tk_field];
	int cur = (int)strlen(f);

	if (u->tk_field == TF_SIDE || u->tk_field == TF_TYPE)
		return false;
	edit_key(f, sizeof u->tk[0], &cur, key);
	/* A limit price typed into a market ticket makes it a limit
	 * order, as @ does on the command line. */
	if (u->tk_field == TF_PRICE && f[0] &&
	    strcmp(u->tk[TF_TYPE], "market") == 0)
		snprintf(u->tk[TF_TYPE], sizeof u->tk[0], "limit");
	if (u->tk_field == TF_STOP && f[0] &&
	    strcmp(u->tk[TF_TYPE], "market") == 0)
		snprintf(u->tk[TF_TYPE], sizeof u->tk[0], "stop");
	ticket_check(u);
	return true;
}

/* A key in the ticket being filled: the ticket pane's bindings (keymap
 * files may change them), then choosing or typing.  Ctrl-C closes it in
 * every keymap. */
static void
key_ticket(struct ui *u, int key)
{
	char *f = u->tk[u->tk_field];
	const char *a = keymap_action(u->km, "ticket", keymap_key_canon(key));

	if (key == CTRL_C || (a && strcmp(a, "dialog-close") == 0)) {
		u->mode = M_NORMAL;
		u->focus = P_BLOTTER;
	} else if (a && strcmp(a, "ticket-submit") == 0) {
		ticket_submit(u);
	} else if (a && strcmp(a, "field-next") == 0 &&
	    u->tk_field == TF_SYMBOL && complete_symbol(u, f, sizeof u->tk[0])) {
		ticket_check(u);
	} else if (a && strcmp(a, "field-next") == 0) {
		u->tk_field = (u->tk_field + 1) % TF_COUNT;
	} else if (a && strcmp(a, "field-prev") == 0) {
		u->tk_field = (u->tk_field + TF_COUNT - 1) % TF_COUNT;
	} else if (a && strcmp(a, "redraw") == 0) {
		clear();
	} else if (u->tk_field == TF_SIDE && (key == ' ' || key == KEY_LEFT ||
	    key == KEY_RIGHT)) {
		int s = 0;
		while (s < 4 && strcmp(side_words[s], f) != 0)
			s++;
		s = (s + (key == KEY_LEFT ? 3 : 1)) % 4;
		snprintf(f, sizeof u->tk[0], "%s", side_words[s]);
	} else if (u->tk_field == TF_TYPE && (key == ' ' || key == KEY_LEFT ||
	    key == KEY_RIGHT)) {
		int t = 0;
		while (t < NTYPES && strcmp(type_words[t], f) != 0)
			t++;
		t = (t + (key == KEY_LEFT ? NTYPES - 1 : 1)) % NTYPES;
		snprintf(f, sizeof u->tk[0], "%s", type_words[t]);
		ticket_check(u);
	} else {
		(void)ticket_type(u, key);
	}
}

/* A key while a y/n question shows: the dialog pane's bindings (keymap
 * files may change them); Ctrl-C says no in every keymap.  A yes that
 * comes before the question could be read is ignored. */
static void
key_confirm(struct ui *u, int key)
{
	const char *a = keymap_action(u->km, "dialog", keymap_key_canon(key));
	char name[KEYMAP_KEY_NAME_MAX];

	if (key == CTRL_C || (a && (strcmp(a, "dialog-no") == 0 ||
	    strcmp(a, "dialog-close") == 0))) {
		u->mode = u->ask_back;
	} else if (a && strcmp(a, "dialog-yes") == 0 &&
	    mono_ms() - u->ask_ms < ASK_READ_MS) {
		if (!keymap_key_name(keymap_key_canon(key), name, sizeof name))
			snprintf(name, sizeof name, "yes");
		add_message(u, TH_MESSAGE_WARN, "%s ignored: it came with the "
		    "key that asked, before the question showed (a paste?); "
		    "answer again", name);
	} else if (a && strcmp(a, "dialog-yes") == 0) {
		submit(u, u->ask_cmd);
		u->mode = M_NORMAL;
	}
}

/* A key over the help (the help pane's bindings) or an order's details
 * (the dialog pane's, where an answer closes it too): keymap files may
 * change them; Ctrl-C closes in every keymap. */
static void
key_text(struct ui *u, int key)
{
	const char *pane = u->mode == M_HELP ? "help" : "dialog";
	const char *a = keymap_action(u->km, pane, keymap_key_canon(key));
	int page = u->rows - 6 > 1 ? u->rows - 6 : 1;

	if (key == CTRL_C || (a && (strcmp(a, "dialog-close") == 0 ||
	    (u->mode == M_TEXT && (strcmp(a, "dialog-yes") == 0 ||
	    strcmp(a, "dialog-no") == 0)))))
		u->mode = u->text_back;
	else if (!a || !keymap_action_works(pane, a))
		return;
	else if (strcmp(a, "quit") == 0)
		u->quit = true;
	else if (strcmp(a, "cursor-down") == 0)
		u->text_top++;
	else if (strcmp(a, "cursor-up") == 0)
		u->text_top--;
	else if (strcmp(a, "page-down") == 0)
		u->text_top += page;
	else if (strcmp(a, "page-up") == 0)
		u->text_top -= page;
	else if (strcmp(a, "cursor-first") == 0)
		u->text_top = 0;
	else if (strcmp(a, "cursor-last") == 0)
		u->text_top = INT_MAX / 2;	/* drawing stops at the end */
	if (u->text_top < 0)
		u->text_top = 0;
}

/* Stop the screen for the shell (Ctrl-Z, SIGTSTP): the terminal as it
 * was, bracketed paste off; back on when the shell continues us. */
static void
suspend(void)
{
	struct sigaction dfl, old;

	restore_terminal();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	paste_mode(true);
	resize_pending = 1;	/* relayout() redraws it all */
}

/* Whether keys go into a line or a field being typed. */
static bool
typing(const struct ui *u)
{
	return u->mode == M_PROMPT || u->mode == M_FILTER ||
	    u->mode == M_REASON || u->mode == M_TICKET ||
	    (u->mode == M_ALLOC && u->wz_editing);
}

static bool
too_small(const struct ui *u)
{
	return u->rows < MIN_ROWS || u->cols < MIN_COLS;
}

/* One character of pasted text: into the line or field being typed, as
 * text (a line break is a blank, never Enter); anywhere else it is
 * dropped, and counted for the message. */
static void
paste_key(struct ui *u, int key)
{
	if (key == '\r' || key == '\n' || key == '\t')
		key = ' ';
	if (!typing(u) || !keymap_key_is_text(key)) {
		u->paste_dropped++;
		return;
	}
	if (u->mode == M_TICKET) {
		if (!ticket_type(u, key))
			u->paste_dropped++;
	} else if (u->mode == M_ALLOC) {
		edit_key(u->wz_line, sizeof u->wz_line, &u->wz_cur, key);
	} else {
		edit_key(u->line, sizeof u->line, &u->cur, key);
	}
}

/* Whether KEY may act although it came with others faster than anyone
 * types (a paste the terminal did not mark, or keys fired by a script):
 * only when what it does changes nothing but what the screen shows, or
 * opens a line or the ticket to type in.  A key that would send,
 * cancel, answer a question or quit never acts from such a burst. */
static bool
burst_allows(struct ui *u, int key)
{
	const char *a;
	int k = keymap_key_canon(key);

	switch (u->mode) {
	case M_HELP:
	case M_TEXT:
		return true;
	case M_CONFIRM:
		a = keymap_action(u->km, "dialog", k);
		return key == CTRL_C || (a && (strcmp(a, "dialog-no") == 0 ||
		    strcmp(a, "dialog-close") == 0));
	case M_REVIEW:
		a = keymap_action(u->km, "review", k);
		break;
	case M_ALLOC:
		if (u->wz_editing)
			return true;
		a = keymap_action(u->km, "alloc", k);
		/* A digit starts typing a share, which books nothing. */
		if (!a)
			return true;
		break;
	case M_NORMAL:
		a = keymap_action(u->km, normal_pane(u), k);
		break;
	default:
		return true;
	}
	return a == NULL || !keymap_action_acts(u->km, a);
}

/* The keymap pane whose bindings the mode reads keys with. */
static const char *
key_pane(const struct ui *u)
{
	switch (u->mode) {
	case M_PROMPT:
	case M_FILTER:
	case M_REASON:
		return "prompt";
	case M_TICKET:
		return "ticket";
	case M_CONFIRM:
		return "dialog";
	case M_HELP:
		return "help";
	case M_TEXT:
		return "dialog";
	case M_REVIEW:
		return "review";
	case M_ALLOC:
		return "alloc";
	case M_NORMAL:
		break;
	}
	return normal_pane(u);
}

/* One key, as the mode it arrives in takes it. */
static void
dispatch_key(struct ui *u, int key)
{
	switch (u->mode) {
	case M_PROMPT:
	case M_FILTER:
	case M_REASON:
		key_line(u, key);
		return;
	case M_REVIEW:
		if (key == CTRL_C)
			u->mode = M_NORMAL;
		else
			key_review(u, keymap_key_canon(key));
		return;
	case M_TICKET:
		key_ticket(u, key);
		return;
	case M_CONFIRM:
		key_confirm(u, key);
		return;
	case M_ALLOC:
		if (key == CTRL_C && u->wz_editing) {
			u->wz_editing = false;
			u->wz_note[0] = '\0';
		} else if (key == CTRL_C) {
			u->mode = M_NORMAL;
		} else {
			key_alloc(u, keymap_key_canon(key));
		}
		return;
	case M_HELP:
	case M_TEXT:
		key_text(u, key);
		return;
	case M_NORMAL:
		break;
	}
	const char *a = keymap_action(u->km, normal_pane(u),
	    keymap_key_canon(key));
	/* Only what works in the focused pane, as the help lists it. */
	if (a && keymap_action_works(normal_pane(u), a))
		do_action(u, a);
	else if (!a && key == CTRL_C)
		stop_pending = 1;	/* as an interrupt always did */
}

/* Whether KEY would send what is typed to the worker: Enter on the :
 * prompt or the reject reason, or the ticket's send key.  The / filter
 * changes no order, so its Enter is not one of them. */
static bool
sends_typed(const struct ui *u, int key)
{
	int k = keymap_key_canon(key);
	const char *a;

	if (u->mode == M_PROMPT || u->mode == M_REASON) {
		a = keymap_action(u->km, "prompt", k);
		return a && strcmp(a, "prompt-submit") == 0;
	}
	if (u->mode == M_TICKET) {
		a = keymap_action(u->km, "ticket", k);
		return a && strcmp(a, "ticket-submit") == 0;
	}
	return false;
}

/* Act on one KEY from the terminal (not pasted); count in *DROPPED the
 * keys of a BURST that may not act, in *HELD the Enters of a burst
 * that would have sent what was typed, in *SMALL those ignored while
 * the terminal is too small. */
static void
take_key(struct ui *u, int key, bool burst, int *dropped, int *held,
    int *small)
{
	if (key == KEY_RESIZE) {
		resize_pending = 1;
		return;
	}
	/* Ctrl-\ ends the screen as SIGTERM does, and Ctrl-Z stops it for
	 * the shell, always. */
	if (key == CTRL_BACKSLASH) {
		stop_pending = 1;
		return;
	}
	if (key == CTRL_Z) {
		suspend();
		return;
	}
	if (too_small(u)) {
		const char *a = keymap_action(u->km, "global",
		    keymap_key_canon(key));
		if (key == CTRL_C || (a && strcmp(a, "quit") == 0))
			u->quit = true;
		else
			(*small)++;
		return;
	}
	if (burst && !typing(u) && !burst_allows(u, key)) {
		(*dropped)++;
		return;
	}
	/* Text pasted by a terminal that does not mark pastes, ending in a
	 * line break: it stays on the line, for the trader to read and run
	 * with an Enter of their own. */
	if (burst && sends_typed(u, key)) {
		(*held)++;
		return;
	}
	dispatch_key(u, key);
}

/* Take every key the terminal has for us, then act on them.  ESC right
 * before another key is that key with Alt/Meta (M-x).  Keys that arrive
 * together, more than one in a look, came faster than anyone types: in
 * a line or field they are text, elsewhere only keys that change no
 * order act (burst_allows()).  Pasted text the terminal marks (bracketed
 * paste) is text for the line or field being typed, and ignored
 * elsewhere.  While the terminal is too small only quitting acts. */
static void
read_keys(struct ui *u)
{
	int keys[KEYS_AT_ONCE];
	bool pasting = u->pasting, burst = false;
	int dropped = 0, held = 0, small_dropped = 0, key;

	for (;;) {
		size_t n = 0;
		while (n < KEYS_AT_ONCE && (key = getch()) != ERR) {
			if (key == KEY_PASTE_BEGIN || key == KEY_PASTE_END)
				pasting = key == KEY_PASTE_BEGIN;
			else if (key == 27 && !pasting) {
				int next = getch();
				if (keymap_after_esc(next) != -1)
					key = keymap_after_esc(next);
				else if (next != ERR)
					ungetch(next);
			}
			keys[n++] = key;
		}
		if (n == 0)
			break;
		burst = burst || n > 1;
		for (size_t i = 0; i < n && !u->quit && !stop_pending; i++) {
			key = keys[i];
			if (key == KEY_PASTE_BEGIN) {
				u->pasting = true;
				u->paste_dropped = 0;
				continue;
			}
			if (key == KEY_PASTE_END) {
				u->pasting = false;
				if (u->paste_dropped)
					add_message(u, TH_MESSAGE_WARN, "paste: "
					    "%d character%s left out: pasted "
					    "text goes only into the : prompt, "
					    "the / filter or the ticket, as "
					    "plain text", u->paste_dropped,
					    u->paste_dropped == 1 ? "" : "s");
				continue;
			}
			if (u->pasting) {
				/* Not even text while the screen cannot show
				 * where it would go. */
				if (too_small(u))
					small_dropped++;
				else
					paste_key(u, key);
				continue;
			}
			/* M-x unbound where it arrives: the Esc and the x
			 * it was typed as (Esc closes, then x). */
			if (key >= 0 && (key & KEYMAP_META) &&
			    !keymap_action(u->km, key_pane(u), key)) {
				take_key(u, 27, burst, &dropped, &held,
				    &small_dropped);
				key &= ~KEYMAP_META;
			}
			take_key(u, key, burst, &dropped, &held,
			    &small_dropped);
		}
	}
	if (dropped)
		add_message(u, TH_MESSAGE_WARN, "%d key%s ignored: keys that "
		    "come together faster than anyone types (a paste?) are "
		    "not taken as commands; paste into the : prompt or the "
		    "ticket", dropped, dropped == 1 ? "" : "s");
	if (held && typing(u)) {
		char k[KEYMAP_KEY_NAME_MAX];
		bool tk = u->mode == M_TICKET;
		add_message(u, TH_MESSAGE_WARN, "pasted text: press %s to %s",
		    key_for(u, tk ? "ticket" : "prompt", tk ? "ticket-submit" :
		    "prompt-submit", k, sizeof k), tk ? "send the order" :
		    u->mode == M_REASON ? "reject the order" : "run it");
	}
	if (small_dropped)
		add_message(u, TH_MESSAGE_WARN, "%d key%s ignored while the "
		    "terminal was too small", small_dropped, small_dropped ==
		    1 ? "" : "s");
}

/* ---- start and the loop ----------------------------------------------- */

/* Milliseconds until the wall clock's next second (and a little more, to
 * land past it): the loop wakes then to paint the status line's clock,
 * once a second and no more often. */
static int
ms_to_next_second(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return 1000 - (int)(ts.tv_nsec / 1000000) + 5;
}

static void
load_keys_and_theme(struct ui *u)
{
	const char *dir = paths_datadir(NULL);
	char path[4200], base[4000];
	struct sbuf errs = { 0 };

	paths_config_dir(base, sizeof base);
	u->km = keymap_new(keymap_actions, keymap_nactions);
	/* Shipped files sit beside data/; a user's copy overrides them. */
	if (dir) {
		snprintf(path, sizeof path, "%s/../keymaps/default.keys", dir);
		keymap_load(u->km, path, &errs);
		snprintf(path, sizeof path, "%s/../themes/default.theme", dir);
		theme_load(path, &errs);
	}
	const char *km = getenv("BLOTTER_KEYMAP");
	if (!(km && *km) && u->opts->keymap[0])
		km = u->opts->keymap;
	if (km && *km && dir) {
		snprintf(path, sizeof path, "%s/../keymaps/%s.keys", dir, km);
		keymap_load(u->km, path, &errs);
	}
	const char *th = getenv("BLOTTER_THEME");
	if (!(th && *th) && u->opts->theme[0])
		th = u->opts->theme;
	if (th && *th && dir) {
		snprintf(path, sizeof path, "%s/../themes/%s.theme", dir, th);
		theme_load(path, &errs);
	}
	snprintf(path, sizeof path, "%s/default.keys", base);
	if (access(path, R_OK) == 0)
		keymap_load(u->km, path, &errs);
	snprintf(path, sizeof path, "%s/default.theme", base);
	if (access(path, R_OK) == 0)
		theme_load(path, &errs);
	if (errs.len)
		add_message(u, TH_MESSAGE_ERROR, "%s", errs.p);
	sbuf_free(&errs);
}

int
ui_run(const struct ui_opts *o)
{
	struct ui u;
	struct err err = { "" };
	struct runtime_opts ro = { .db_path = o->db_path, .empty = o->empty,
	    .interactive = true, .quiet = false };

	double started = mono_ms(), key_at = 0;
	bool first_frame = false;
	const char *tpath = getenv("BLOTTER_TIMING");

	char why[256];
	if (!termcheck_usable(getenv("TERM"), why, sizeof why)) {
		fprintf(stderr, "blotter: %s\n", why);
		return 2;
	}
	if (tpath && *tpath)
		timing = fopen(tpath, "a");
	memset(&u, 0, sizeof u);
	u.opts = o;
	u.zoom = -1;
	u.focus = P_BLOTTER;
	u.confirm = o->confirm && getenv("BLOTTER_NO_CONFIRM") == NULL;
	ro.sim_delay = o->sim_delay;
	ro.same_login_refuse = o->same_login_refuse;
	if (runtime_clock_check(&err) == -1 ||
	    !(u.cal = calendar_load_shipped(&err))) {
		fprintf(stderr, "blotter: %s\n", err.msg);
		return 1;
	}
	/* A demo shows a market that trades: outside the session its day
	 * starts at the next open rather than refusing every DAY order. */
	bool demo_moved = false;
	if (o->demo && !runtime_clock_pinned() &&
	    calendar_session(u.cal, runtime_wall_clock()) !=
	    CALENDAR_OPEN_NOW) {
		runtime_clock_start_at(calendar_next_open(u.cal,
		    runtime_wall_clock()));
		demo_moved = true;
	}
	ro.start = runtime_wall_clock();
	if (o->demo)
		demo_market_attach(&ro, o->seed);
	u.rt = runtime_start(&ro, &err);
	if (!u.rt) {
		fprintf(stderr, "blotter: %s\n", err.msg);
		calendar_free(u.cal);
		return 1;
	}
	setlocale(LC_ALL, "");
	u.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	install_signals();
	load_keys_and_theme(&u);
	initscr();
	/* Raw: Ctrl-C, Ctrl-\ and Ctrl-Z come as keys, in order with the
	 * others (a Ctrl-C cancels the line it was typed in), and Ctrl-S and
	 * Ctrl-Q are keys too, not flow control. */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	/* ESC then a key within this is Alt with the key (M-x); ESCDELAY
	 * in the environment says otherwise. */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	paste_mode(true);
	curs_set(0);
	const char *nc = getenv("NO_COLOR");
	theme_apply(has_colors() && !(nc && *nc));
	getmaxyx(stdscr, u.rows, u.cols);
	layout(&u);
	add_message(&u, TH_MESSAGE_INFO, "store %s; ? for help, q to quit",
	    o->store_label);
	if (o->settings_errors && *o->settings_errors)
		add_message(&u, TH_MESSAGE_ERROR, "%s", o->settings_errors);
	if (demo_moved) {
		char when[32];
		cmd_time_fmt(ro.start, when, sizeof when);
		add_message(&u, TH_MESSAGE_INFO, "demo: the market's day starts "
		    "at the next open, %s", when);
	}
	char calnote[ERR_MSG_MAX];
	if (calendar_shipped_warning(u.cal, runtime_wall_clock(), calnote,
	    sizeof calnote))
		add_message(&u, TH_MESSAGE_WARN, "%s", calnote);
	while (!u.quit && !stop_pending) {
		struct pollfd fds[3] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = runtime_fd(u.rt), .events = POLLIN },
			{ .fd = runtime_view_fd(u.rt), .events = POLLIN },
		};
		if (suspend_pending) {
			suspend_pending = 0;
			suspend();
		}
		if (resize_pending) {
			resize_pending = 0;
			relayout(&u);
		}
		take_results(&u);
		take_view(&u);
		paint(&u);
		request_page(&u);
		if (timing && key_at > 0) {
			fprintf(timing, "key %.3f ms\n", mono_ms() - key_at);
			key_at = 0;
		}
		if (timing && !first_frame && u.npage) {
			fprintf(timing, "first frame with orders %.1f ms\n",
			    mono_ms() - started);
			first_frame = true;
		}
		if (timing)
			fflush(timing);
		if (poll(fds, 3, ms_to_next_second()) == -1 && errno != EINTR)
			break;
		if (fds[0].revents & (POLLIN | POLLHUP)) {
			key_at = mono_ms();
			read_keys(&u);
		}
	}
	restore_terminal();
	runtime_stop(u.rt);
	demo_market_free();
	view_free(u.v);
	allocwiz_free(&u.wz);
	free(u.page);
	keymap_free(u.km);
	calendar_free(u.cal);
	free(u.text);
	if (timing)
		fclose(timing);
	return 0;
}
