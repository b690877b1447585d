/* src/tui/screen.c: the full-screen interface: its start and its loop.
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
 * previewed, without "preview".
 *
 * This file holds the loop and the one paint function, which calls each
 * pane's and dialog's draw function; the files they live in are listed
 * in screen.h, each calling only the files below it. */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "demo.h"
#include "paths.h"
#include "sbuf.h"
#include "termcheck.h"
#include "ui.h"
#include "screen-int.h"

static void
paint(struct ui *u)
{
	erase();
	if (u->rows < MIN_ROWS || u->cols < MIN_COLS) {
		ui_put(0, 0, u->cols, TH_MESSAGE_WARN, "terminal too small: "
		    "%dx%d, blotter needs %dx%d", u->cols, u->rows, MIN_COLS,
		    MIN_ROWS);
		refresh();
		return;
	}
	ui_draw_status(u);
	for (int p = 0; p < P_COUNT; p++) {
		if (u->zoom >= 0 && p != u->zoom)
			continue;
		ui_frame(u, (enum pane)p);
		ui_panes[p]->draw(u);
	}
	if (u->mode == M_HELP)
		ui_draw_help(u);
	else if (u->mode == M_TEXT && u->text)
		ui_draw_overlay_text(u, "Details", u->text, &u->text_top);
	else if (u->mode == M_REVIEW || u->mode == M_REASON)
		ui_draw_review(u);
	else if (u->mode == M_SESSIONS)
		ui_draw_sessions(u);
	else if (ui_wizard_on(u))
		ui_draw_alloc(u);
	ui_draw_bar(u);
	refresh();
}

static void
relayout(struct ui *u)
{
	endwin();
	refresh();
	getmaxyx(stdscr, u->rows, u->cols);
	ui_layout(u);
	clear();
}

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
	u->km = keymap_new(ui_actions, ui_nactions);
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
		ui_add_message(u, TH_MESSAGE_ERROR, "%s", errs.p);
	sbuf_free(&errs);
}

int
ui_run(const struct ui_opts *o)
{
	struct ui u;
	struct err err = { "" };
	struct runtime_opts ro = { .db_path = o->db_path, .empty = o->empty,
	    .interactive = true, .quiet = false };

	double started = ui_mono_ms(), key_at = 0;
	bool first_frame = false;
	const char *tpath = getenv("BLOTTER_TIMING");

	char why[256];
	if (!termcheck_usable(getenv("TERM"), why, sizeof why)) {
		fprintf(stderr, "blotter: %s\n", why);
		return 2;
	}
	if (tpath && *tpath)
		ui_timing = fopen(tpath, "a");
	memset(&u, 0, sizeof u);
	u.opts = o;
	u.zoom = -1;
	u.focus = P_BLOTTER;
	u.confirm = o->confirm && getenv("BLOTTER_NO_CONFIRM") == NULL;
	ro.sim_delay = o->sim_delay;
	ro.setup = o->setup;
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
	ui_install_signals();
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
	ui_paste_mode(true);
	curs_set(0);
	const char *nc = getenv("NO_COLOR");
	theme_apply(has_colors() && !(nc && *nc));
	getmaxyx(stdscr, u.rows, u.cols);
	ui_layout(&u);
	ui_add_message(&u, TH_MESSAGE_INFO, "store %s; ? for help, q to quit",
	    o->store_label);
	if (o->settings_errors && *o->settings_errors)
		ui_add_message(&u, TH_MESSAGE_ERROR, "%s", o->settings_errors);
	if (demo_moved) {
		char when[32];
		cmd_time_fmt(ro.start, when, sizeof when);
		ui_add_message(&u, TH_MESSAGE_INFO,
		    "demo: the market's day starts "
		    "at the next open, %s", when);
	}
	char calnote[ERR_MSG_MAX];
	if (calendar_shipped_warning(u.cal, runtime_wall_clock(), calnote,
	    sizeof calnote))
		ui_add_message(&u, TH_MESSAGE_WARN, "%s", calnote);
	while (!u.quit && !ui_stop_pending) {
		struct pollfd fds[3] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = runtime_fd(u.rt), .events = POLLIN },
			{ .fd = runtime_view_fd(u.rt), .events = POLLIN },
		};
		if (ui_suspend_pending) {
			ui_suspend_pending = 0;
			ui_suspend();
		}
		if (ui_resize_pending) {
			ui_resize_pending = 0;
			relayout(&u);
		}
		ui_take_results(&u);
		ui_take_view(&u);
		paint(&u);
		ui_request_page(&u);
		if (ui_timing && key_at > 0) {
			fprintf(ui_timing, "key %.3f ms\n",
			    ui_mono_ms() - key_at);
			key_at = 0;
		}
		if (ui_timing && !first_frame && u.npage) {
			fprintf(ui_timing, "first frame with orders %.1f ms\n",
			    ui_mono_ms() - started);
			first_frame = true;
		}
		if (ui_timing)
			fflush(ui_timing);
		if (poll(fds, 3, ms_to_next_second()) == -1 && errno != EINTR)
			break;
		if (fds[0].revents & (POLLIN | POLLHUP)) {
			key_at = ui_mono_ms();
			ui_read_keys(&u);
		}
	}
	ui_restore_terminal();
	runtime_stop(u.rt);
	demo_market_free();
	view_free(u.v);
	allocwiz_free(&u.wz);
	free(u.page);
	keymap_free(u.km);
	calendar_free(u.cal);
	free(u.text);
	if (ui_timing)
		fclose(ui_timing);
	return 0;
}

