/* src/tui/actions.c: what the keys of the screen's panes do.
 *
 * Each action a key can be bound to in the panes is handled here, from
 * the focused pane's state; handlers change state only, the paint that
 * follows draws it. */
#include "config.h"

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
#include "screen.h"

/* The kill switch: halt every account of the store, or resume, after a
 * question that is asked even with confirmations off. */
static void
halt_toggle(struct ui *u)
{
	const struct view *v = u->v;

	if (!v)
		return;
	if (!v->can_halt)
		ui_add_message(u, TH_MESSAGE_WARN, "only admin or compliance "
		    "users can halt trading (%s is %s)", v->user, v->role[0] ?
		    v->role : "no role");
	else if (v->halted)
		ui_ask_always(u, "resume", "Resume trading?");
	else
		ui_ask_always(u, "halt reason=\"kill switch\"", "Halt all "
		    "trading? New orders and replaces will be refused");
}

void
ui_do_action(struct ui *u, const char *a)
{
	int rows = ui_pane_rows(u, u->focus);
	int page = u->r[u->focus].h - 3;
	const struct order *o;
	char cmd[LINE_MAX_LEN];

	if (strcmp(a, "quit") == 0)
		u->quit = true;
	else if (strcmp(a, "help") == 0)
		ui_open_help(u, ui_normal_pane(u));
	else if (strcmp(a, "review-open") == 0) {
		u->mode = M_REVIEW;
		u->review_sel = u->review_top = 0;
		u->review_id[0] = '\0';
	} else if (strcmp(a, "halt-toggle") == 0) {
		halt_toggle(u);
	} else if (strcmp(a, "prompt-open") == 0)
		ui_open_line(u, M_PROMPT, "");
	else if (strcmp(a, "filter") == 0) {
		/* The focused list (a keymap may bind it elsewhere: the
		 * blotter's then). */
		u->filter_pane = u->focus == P_POSITIONS || u->focus ==
		    P_QUOTES || u->focus == P_MESSAGES ? u->focus : P_BLOTTER;
		ui_open_line(u, M_FILTER, u->filter_pane == P_BLOTTER ?
		    u->filter_text : u->find[u->filter_pane]);
	}
	else if (strcmp(a, "pane-next") == 0)
		u->focus = (enum pane)((u->focus + 1) % P_COUNT);
	else if (strcmp(a, "pane-prev") == 0)
		u->focus = (enum pane)((u->focus + P_COUNT - 1) % P_COUNT);
	else if (strcmp(a, "zoom") == 0) {
		u->zoom = u->zoom == (int)u->focus ? -1 : (int)u->focus;
		ui_layout(u);
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
		ui_add_message(u, TH_MESSAGE_INFO, "blotter sorted by %s%s",
		    ui_sort_names[u->sort_col], u->page_total > PAGE_ROWS ?
		    " (filter to 500 orders or fewer to sort them)" : "");
	} else if (strcmp(a, "sort-reverse") == 0)
		u->sort_rev = !u->sort_rev;
	else if (strcmp(a, "ticket-buy") == 0)
		ui_ticket_open(u, 0);
	else if (strcmp(a, "ticket-sell") == 0)
		ui_ticket_open(u, 1);
	else if (strcmp(a, "order-details") == 0) {
		if (u->focus == P_BLOTTER && (o = ui_acted_order(u, "details")))
			ui_open_details(u, o->id);
	} else if (strcmp(a, "order-cancel") == 0) {
		if (u->focus == P_BLOTTER && (o = ui_acted_order(u, "cancel"))) {
			snprintf(cmd, sizeof cmd, "cancel %s", o->id);
			ui_ask(u, cmd, "Cancel order %s (%s %" PRId64 " %s)?", o->id,
			    order_side_name(o->side), o->qty, o->symbol);
		}
	} else if (strcmp(a, "order-replace") == 0) {
		if (u->focus == P_BLOTTER && (o = ui_acted_order(u, "replace"))) {
			snprintf(cmd, sizeof cmd, "replace %s ", o->id);
			ui_open_line(u, M_PROMPT, cmd);
		}
	} else if (strcmp(a, "cancel-all") == 0) {
		ui_ask(u, "cancel all", "Cancel every open order?");
	} else if (strcmp(a, "position-flatten") == 0) {
		const struct view_position *p = u->focus == P_POSITIONS ?
		    ui_selected_position(u) : NULL;
		if (u->focus == P_POSITIONS && !p && u->sel_pos[0]) {
			ui_add_message(u, TH_MESSAGE_WARN, "flatten: that "
			    "position is no longer shown; nothing done");
		} else if (p && p->block[0]) {
			ui_add_message(u, TH_MESSAGE_WARN, "flatten: block %s's "
			    "fills are in no account yet; book them first (%s "
			    "on the block in the blotter)", p->block,
			    ui_key_for(u, "blotter", "alloc-wizard", cmd,
			    sizeof cmd));
		} else if (p) {
			if (p->qty == 0)
				return;
			snprintf(cmd, sizeof cmd, "%s %" PRId64 " %s acct=%s",
			    p->qty > 0 ? "sell" : "cover", p->qty > 0 ? p->qty :
			    -p->qty, p->symbol, p->account);
			ui_ask(u, cmd, "Flatten %s %s: %s?", p->account, p->symbol,
			    cmd);
		}
	} else if (strcmp(a, "alloc-wizard") == 0) {
		o = u->focus == P_BLOTTER ? ui_acted_order(u, "allocate") : NULL;
		if (!o && u->focus == P_BLOTTER)
			;	/* ui_acted_order() said why */
		else if (o && (order_is_block(o) || order_in_block(o)))
			ui_wizard_open(u, o->block);
		else
			ui_add_message(u, TH_MESSAGE_WARN, "%s: select a block",
			    ui_key_for(u, "blotter", "alloc-wizard", cmd,
			    sizeof cmd));
	}
	if (u->sel[u->focus] < 0)
		u->sel[u->focus] = 0;
	/* A move picks the order under the cursor; a new sort keeps it. */
	if (u->focus == P_BLOTTER && (strncmp(a, "cursor-", 7) == 0 ||
	    strncmp(a, "page-", 5) == 0))
		ui_select_row(u);
	else if (u->focus == P_POSITIONS && (strncmp(a, "cursor-", 7) == 0 ||
	    strncmp(a, "page-", 5) == 0)) {
		ui_scroll_into_view(u, P_POSITIONS, rows, page);
		u->sel_pos[0] = '\0';
		(void)ui_selected_position(u);
	} else if (u->focus == P_BLOTTER && strncmp(a, "sort-", 5) == 0)
		(void)ui_selected_order(u);
}
