/* src/tui/screen-int.h: what the files of the full-screen interface share.
 *
 * Private to src/tui/: the screen's state (struct ui, owned by the loop
 * in screen.c), its modes and panes, and the functions the panes and
 * dialogs call.  The files stand in floors, each calling only the
 * floors below it, never back up:
 *
 *   screen.c          the loop: start, paint (each pane through
 *                     ui_panes[], panes.c), relayout
 *   keys.c            keys from the terminal to the mode's keys and
 *                     the action table
 *   actions.c         ui_actions[]: every action, its handler, where it
 *                     works, its help
 *   results.c         answers and views from the worker
 *   pane-*.c, prompt.c, status.c, dialog-*.c
 *                     one pane or dialog each: its drawing and what its
 *                     actions call
 *   screen-base.c     messages, requests, layout, drawing helpers
 *   terminal.c        signals, bracketed paste, suspend
 *   engine-text.c     the one place that reads the engine's printed text
 */
#ifndef BLOTTER_TUI_SCREEN_INT_H
#define BLOTTER_TUI_SCREEN_INT_H
#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "allocwiz.h"
#include "cmd.h"
#include "err.h"
#include "order.h"
#include "runtime.h"
#include "theme.h"
#include "ui.h"
#include "view.h"

struct calendar;
struct keymap;
struct ui_opts;

#define MIN_COLS	80
#define MIN_ROWS	24
#define MSG_MAX		300
#define MSG_LEN		200
#define HIST_MAX	100
#define LINE_MAX_LEN	400
/* The blotter: the orders a page asks for, the most it holds, and how
 * often at most it counts them. */
#define PAGE_ROWS	500
#define PAGE_HOLD	(2 * PAGE_ROWS)
#define PAGE_COUNT_MS	3000
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


/* The panes by number: keymap pane names and titles. */
extern const char *const ui_pane_names[P_COUNT];
extern const char *const ui_pane_titles[P_COUNT];

/* What a page of the blotter is asked for: the rows held again (new
 * data), the orders just older or newer than them, or the oldest. */
enum ui_page_ask { UI_PAGE_AGAIN, UI_PAGE_OLDER, UI_PAGE_NEWER,
	UI_PAGE_LAST };

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
	M_ALLOC,	/* the allocation wizard */
	M_SESSIONS	/* the FIX sessions */
};

enum ticket_field {
	TF_SIDE, TF_QTY, TF_SYMBOL, TF_TYPE, TF_PRICE, TF_STOP, TF_TIF,
	TF_ACCT, TF_VENUE, TF_COUNT
};


#define SORT_COUNT	5	/* the blotter sorts by these columns */
extern const char *const ui_sort_names[SORT_COUNT];

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
	int	key;			/* the key an action handler runs for */
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
	 * shows: the first page of the filter decides. */
	bool	rehome;
	/* The other lists' filters (positions, quotes, messages): text the
	 * rows shown contain; and the pane the open '/' line filters. */
	char	find[P_COUNT][LINE_MAX_LEN];
	enum pane filter_pane;
	int	sort_col;		/* 0: newest first */
	bool	sort_rev;
	/* The blotter pages through the store by key, never by position:
	 * it holds npage orders (at most PAGE_HOLD), newest first, from
	 * the one just older than page_anchor on ("": from the newest);
	 * page_older says the store has matching orders older than the last
	 * held.  sel and top of P_BLOTTER index these rows; past either
	 * end (while more are coming) they show as "...".  A page asked
	 * for is answered for the rows held when it was asked (page_gen). */
	struct order *page;
	size_t	npage;
	char	page_anchor[ORDER_ID_MAX];
	bool	page_older;
	bool	page_pending, page_stale;
	bool	page_end;		/* End: the oldest page wanted */
	enum ui_page_ask page_ask;	/* what the pending page is for */
	unsigned page_gen, page_ask_gen;
	double	page_asked;		/* when the pending page was asked for */
	/* How many orders match the filter, counted apart from the pages
	 * (page_total_known), when the filter changes and, while orders
	 * change, at most every count_every ms (PAGE_COUNT_MS, or a hundred
	 * times what the last count took); and the trader's place:
	 * page_from orders newer than the first held (page_from_known). */
	int64_t	page_total, page_from;
	bool	page_total_known, page_from_known;
	bool	count_pending, count_stale, count_failed;
	unsigned count_gen, filter_gen;
	double	count_asked, counted_at, count_every;
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
	char	ask[256], ask_echo[WZ_CMD_MAX];
	struct cmd ask_cmd;		/* what a yes sends */
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
	size_t	details_fills_at;	/* where its fills start in text */
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
	struct store_alert alerts_seen[VIEW_ALERTS];
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

/* A pane as the screen's core sees it: the core owns the layout, the
 * frames and the focus, and draws each pane through this; the panes'
 * keys come as actions (actions.c).  ui_panes[] (panes.c) lists them
 * by enum pane. */
struct ui_pane {
	void	(*draw)(struct ui *);	/* inside its frame, from the state */
};
extern const struct ui_pane ui_pane_ticket, ui_pane_blotter,
    ui_pane_positions, ui_pane_quotes, ui_pane_pnl, ui_pane_messages;
extern const struct ui_pane *const ui_panes[P_COUNT];

/* Set by signal handlers (terminal.c), read by the loop. */
extern volatile sig_atomic_t ui_resize_pending, ui_stop_pending,
    ui_suspend_pending;

/* BLOTTER_TIMING=FILE: how long each key took to reach the screen, and
 * when the first frame with orders was drawn, for make bench. */
extern FILE *ui_timing;

/* terminal.c */
void
ui_paste_mode(bool on);
void
ui_restore_terminal(void);
void
ui_install_signals(void);
void
ui_suspend(void);

/* screen-base.c */
double
ui_mono_ms(void);
void
ui_add_message(struct ui *u, enum theme_element el, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
struct rt_request *ui_make_request(struct ui *u, const char *text);
/* A request for command C as it stands (built from values, not text). */
struct rt_request *ui_request_of(const struct cmd *c);
/* Send C to the worker, shown in the messages as "> ECHO". */
void	ui_submit_cmd(struct ui *u, const struct cmd *c, const char *echo);
/* Command KIND on ID (an order's or a block's) into C, with TEXT (a
 * reason) unless NULL; ECHO (LEN bytes) gets the words a trader would
 * type for it.  Values, not a line to parse again. */
void	ui_cmd_on(struct cmd *c, enum cmd_kind kind, const char *id,
	    const char *text, char *echo, size_t len);
/* Send command KIND on ID, as ui_cmd_on() makes it. */
void	ui_submit_on(struct ui *u, enum cmd_kind kind, const char *id,
	    const char *text);
void
ui_submit(struct ui *u, const char *text);
bool
ui_take_quiet(struct ui *u, const struct rt_request *r);
const struct order *ui_find_local_order(const struct ui *u, const char *id);
void
ui_open_text(struct ui *u, char *text, const char *order_id);
void
ui_open_details(struct ui *u, const char *id);
int
ui_shown_rows(const struct ui *u, enum pane p, int **idx);
const char *ui_normal_pane(const struct ui *u);
int
ui_pane_rows(struct ui *u, enum pane p);
void
ui_layout(struct ui *u);
void
ui_put(int y, int x, int w, enum theme_element el, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void
ui_frame(struct ui *u, enum pane p);
void
ui_scroll_into_view(struct ui *u, enum pane p, int n, int h);
char *ui_px_text(const struct ui *u, const char *sym, int64_t px, char *buf,
    size_t len);
int
ui_wider(int w, const char *text);
int
ui_char_start(const char *s, int cut);
const char *ui_login_name(void);
const char *ui_key_for(const struct ui *u, const char *pane, const char *action,
    char *buf, size_t len);
void
ui_overlay_clear(struct ui *u);
void
ui_draw_overlay_text(struct ui *u, const char *title, const char *text,
    int *top);
bool
ui_wizard_on(const struct ui *u);
const struct view_instrument *ui_find_instrument(const struct ui *u,
    const char *sym);
bool
ui_edit_key(char *buf, size_t cap, int *cur, int key);
void
ui_open_line(struct ui *u, enum mode m, const char *text);
void
ui_open_help(struct ui *u, const char *pane);

/* dialog-confirm.c */
/* Ask a y/n question whose yes sends C (shown as ECHO). */
void
ui_ask(struct ui *u, const struct cmd *c, const char *echo,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void
ui_ask_always(struct ui *u, const struct cmd *c, const char *echo,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* dialog-text.c */
struct result;
char *ui_details_text(const struct ui *u, const char *id,
    const struct result *res, size_t *fills_at);
void
ui_details_append(struct ui *u, const struct rt_request *r);
void
ui_draw_help(struct ui *u);

/* pane-ticket.c */
void
ui_ticket_open(struct ui *u, int side);
bool
ui_take_ticket_check(struct ui *u, struct rt_request *r);
bool
ui_ticket_type(struct ui *u, int key);

/* pane-blotter.c */
const struct order *ui_selected_order(struct ui *u);
void
ui_select_row(struct ui *u);
const struct order *ui_acted_order(struct ui *u, const char *what);
void
ui_request_page(struct ui *u);
void
ui_take_page(struct ui *u, struct rt_request *r);
void
ui_blotter_home(struct ui *u);
void
ui_blotter_end(struct ui *u);
void
ui_blotter_move(struct ui *u, int by);
bool
ui_blotter_all_held(const struct ui *u);
void
ui_apply_filter(struct ui *u, const char *text);
void
ui_rehome_blotter(struct ui *u);

/* pane-positions.c */
const struct view_position *ui_selected_position(struct ui *u);

/* pane-quotes.c */
const struct view_quote *ui_selected_quote(const struct ui *u);

/* pane-pnl.c */

/* pane-messages.c */

/* status.c */
void
ui_draw_status(struct ui *u);
void
ui_draw_bar(struct ui *u);
/* A FIX session in the status line: "BRK:up", or what stands for those
 * left out ("+2", "1/3 up"), and the element it is painted with. */
struct ui_fix_badge {
	char	text[VENUE_NAME_MAX + 8];
	enum theme_element el;
};
/* The N sessions FIX as the status line shows them in at most ROOM
 * columns, "| FIX " before and a blank after included: a badge each
 * while they fit, else the first ones and "+2" for the rest, else "1/3
 * up" alone.  Into OUT (room for N + 1); *WIDTH gets the columns taken,
 * *WHOLE whether every session shows by name.  Returns how many badges,
 * 0 when there is no session or no room even for the count. */
size_t	ui_fix_badges(const struct view_fix *fix, size_t n, int room,
	    struct ui_fix_badge *out, int *width, bool *whole);
/* Session state S in a word ("up", "down"), and the element it is
 * painted with; the element is NORMAL for a state that is neither good
 * nor bad. */
const char *ui_fix_word(enum view_fix_state);
enum theme_element ui_fix_element(enum view_fix_state, enum theme_element
	    normal);

/* prompt.c */

/* dialog-review.c */
void
ui_draw_review(struct ui *u);
bool
ui_reject_submit(struct ui *u);

/* dialog-sessions.c */
void
ui_draw_sessions(struct ui *u);

/* dialog-alloc.c */
void
ui_draw_alloc(struct ui *u);
void
ui_wizard_open(struct ui *u, const char *id);
bool
ui_take_wizard(struct ui *u, struct rt_request *r);
void
ui_wizard_watch(struct ui *u);

/* results.c */
void
ui_take_results(struct ui *u);
void
ui_take_view(struct ui *u);

/* actions.c */

/* keys.c */
void
ui_read_keys(struct ui *u);

/* actions.c: ui_actions[] (declared in ui.h) and its runner: run
 * ACTION's handler, KEY being the key that asked for it, when the table
 * says it works in PANE.  Returns false (nothing done) otherwise. */
bool	ui_action_run(struct ui *, const char *pane, const char *action,
	    int key);

/* The panes' and dialogs' parts that actions call. */
const struct order *ui_review_selected(struct ui *u);
bool	ui_may_review(struct ui *u);
bool	ui_alloc_typed(struct ui *u, int key);
void	ui_wizard_method(struct ui *u, enum alloc_method m);
void	ui_wizard_book(struct ui *u);
void	ui_ticket_submit(struct ui *u);
void	ui_ticket_close(struct ui *u);
void	ui_ticket_field_next(struct ui *u);
void	ui_ticket_field_prev(struct ui *u);
void	ui_ticket_key(struct ui *u, int key);
void	ui_prompt_close(struct ui *u, bool clear);
void	ui_prompt_submit(struct ui *u);
void	ui_prompt_complete(struct ui *u);
void	ui_prompt_history(struct ui *u, int step);

#endif
