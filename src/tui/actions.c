/* src/tui/actions.c: the screen's actions, declared once.
 *
 * ui_actions[] is the one table of what a key can be bound to: the
 * action's name (what keymap files say), its handler, the panes whose
 * keys run it (KEYMAP_IN() bits), whether it acts (sends, changes an
 * order, answers a question, quits: never from a burst of keys), and
 * its line in the help.  The keymap loads bindings against it, the help
 * lists from it, keys.c runs the handler of the action a key resolves
 * to where the table says it works.
 *
 * An action that works in several modes (a move, closing) does there
 * what that mode means: the handler looks at the mode, never at the
 * key's name.  Handlers change state only; the paint that follows
 * draws it. */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>

#include "ui.h"
#include "screen-int.h"

/* ---- moves ------------------------------------------------------------ */

enum move { MOVE_UP, MOVE_DOWN, MOVE_PAGE_UP, MOVE_PAGE_DOWN, MOVE_FIRST,
	MOVE_LAST };

/* A move in the focused pane's list.  A move picks the row under the
 * cursor: the blotter's order, the positions' position. */
static void
move_pane(struct ui *u, enum move m)
{
	int rows = ui_pane_rows(u, u->focus), page = u->r[u->focus].h - 3;
	int *sel = &u->sel[u->focus];

	/* The blotter holds a window on the store and moves it by key. */
	if (u->focus == P_BLOTTER) {
		switch (m) {
		case MOVE_UP:		ui_blotter_move(u, -1); break;
		case MOVE_DOWN:		ui_blotter_move(u, 1); break;
		case MOVE_PAGE_UP:	ui_blotter_move(u, -page); break;
		case MOVE_PAGE_DOWN:	ui_blotter_move(u, page); break;
		case MOVE_FIRST:	ui_blotter_home(u); break;
		case MOVE_LAST:		ui_blotter_end(u); break;
		}
		return;
	}
	switch (m) {
	case MOVE_UP:		(*sel)--; break;
	case MOVE_DOWN:		*sel += *sel + 1 < rows; break;
	case MOVE_PAGE_UP:	*sel -= page; break;
	case MOVE_PAGE_DOWN:	*sel += page; break;
	case MOVE_FIRST:	*sel = 0; break;
	case MOVE_LAST:		*sel = rows - 1; break;
	}
	if (*sel < 0)
		*sel = 0;
	if (u->focus == P_POSITIONS) {
		ui_scroll_into_view(u, P_POSITIONS, rows, page);
		u->sel_pos[0] = '\0';
		(void)ui_selected_position(u);
	}
}

/* A move in the review list: the cursor picks the order now under it. */
static void
move_review(struct ui *u, enum move m)
{
	int n = u->v ? (int)u->v->nflagged : 0, page = u->rows - 10;

	switch (m) {
	case MOVE_UP:		u->review_sel--; break;
	case MOVE_DOWN:		u->review_sel++; break;
	case MOVE_PAGE_UP:	u->review_sel -= page > 1 ? page : 1; break;
	case MOVE_PAGE_DOWN:	u->review_sel += page > 1 ? page : 1; break;
	case MOVE_FIRST:	u->review_sel = 0; break;
	case MOVE_LAST:		u->review_sel = n - 1; break;
	}
	if (u->review_sel < 0)
		u->review_sel = 0;
	if (u->review_sel >= n)
		u->review_sel = n > 0 ? n - 1 : 0;
	str_copy(u->review_id, sizeof u->review_id, n > 0 ?
	    u->v->flagged[u->review_sel].id : "");
}

/* A move among the wizard's accounts (it has no pages). */
static void
move_alloc(struct ui *u, enum move m)
{
	int n = (int)u->wz.nacct;

	switch (m) {
	case MOVE_UP:		u->wz_sel -= u->wz_sel > 0; break;
	case MOVE_DOWN:		u->wz_sel += u->wz_sel + 1 < n; break;
	case MOVE_FIRST:	u->wz_sel = 0; break;
	case MOVE_LAST:		u->wz_sel = n > 0 ? n - 1 : 0; break;
	default:		break;
	}
}

/* Scrolling a page of text (the help, an order's details). */
static void
move_text(struct ui *u, enum move m)
{
	int page = u->rows - 6 > 1 ? u->rows - 6 : 1;

	switch (m) {
	case MOVE_UP:		u->text_top--; break;
	case MOVE_DOWN:		u->text_top++; break;
	case MOVE_PAGE_UP:	u->text_top -= page; break;
	case MOVE_PAGE_DOWN:	u->text_top += page; break;
	case MOVE_FIRST:	u->text_top = 0; break;
	case MOVE_LAST:		u->text_top = INT_MAX / 2; break; /* drawing
				 * stops at the end */
	}
	if (u->text_top < 0)
		u->text_top = 0;
}

/* A move where the screen is; a question takes none. */
static void
move_cursor(struct ui *u, enum move m)
{
	switch (u->mode) {
	case M_NORMAL:
		move_pane(u, m);
		break;
	case M_REVIEW:
		move_review(u, m);
		break;
	case M_ALLOC:
		move_alloc(u, m);
		break;
	case M_HELP:
	case M_TEXT:
		move_text(u, m);
		break;
	default:
		break;
	}
}

static void
act_cursor_up(struct ui *u)
{
	move_cursor(u, MOVE_UP);
}

static void
act_cursor_down(struct ui *u)
{
	move_cursor(u, MOVE_DOWN);
}

static void
act_page_up(struct ui *u)
{
	move_cursor(u, MOVE_PAGE_UP);
}

static void
act_page_down(struct ui *u)
{
	move_cursor(u, MOVE_PAGE_DOWN);
}

static void
act_cursor_first(struct ui *u)
{
	move_cursor(u, MOVE_FIRST);
}

static void
act_cursor_last(struct ui *u)
{
	move_cursor(u, MOVE_LAST);
}

/* ---- the screen ------------------------------------------------------- */

static void
act_help(struct ui *u)
{
	ui_open_help(u, u->mode == M_REVIEW ? "review" : u->mode == M_ALLOC ?
	    "alloc" : ui_normal_pane(u));
}

static void
act_quit(struct ui *u)
{
	if (u->mode != M_CONFIRM)	/* a question is answered first */
		u->quit = true;
}

static void
act_redraw(struct ui *u)
{
	clear();
}

static void
act_prompt_open(struct ui *u)
{
	ui_open_line(u, M_PROMPT, "");
}

/* The '/' line on the focused list (a keymap may bind it elsewhere: the
 * blotter's then). */
static void
act_filter(struct ui *u)
{
	u->filter_pane = u->focus == P_POSITIONS || u->focus == P_QUOTES ||
	    u->focus == P_MESSAGES ? u->focus : P_BLOTTER;
	ui_open_line(u, M_FILTER, u->filter_pane == P_BLOTTER ?
	    u->filter_text : u->find[u->filter_pane]);
}

static void
act_pane_next(struct ui *u)
{
	u->focus = (enum pane)((u->focus + 1) % P_COUNT);
}

static void
act_pane_prev(struct ui *u)
{
	u->focus = (enum pane)((u->focus + P_COUNT - 1) % P_COUNT);
}

static void
act_zoom(struct ui *u)
{
	u->zoom = u->zoom == (int)u->focus ? -1 : (int)u->focus;
	ui_layout(u);
}

/* Close what is open over the panes or on the bottom line. */
static void
act_dialog_close(struct ui *u)
{
	switch (u->mode) {
	case M_PROMPT:
	case M_FILTER:
	case M_REASON:
		ui_prompt_close(u, true);
		break;
	case M_TICKET:
		ui_ticket_close(u);
		break;
	case M_CONFIRM:
		u->mode = u->ask_back;
		break;
	case M_HELP:
	case M_TEXT:
		u->mode = u->text_back;
		break;
	default:
		u->mode = M_NORMAL;
		break;
	}
}

/* Yes to the question; over a page of text, any answer closes it.  A
 * yes that comes before the question could be read is ignored. */
static void
act_dialog_yes(struct ui *u)
{
	char name[KEYMAP_KEY_NAME_MAX];

	if (u->mode == M_TEXT) {
		u->mode = u->text_back;
	} else if (u->mode == M_SESSIONS) {
		u->mode = M_NORMAL;
	} else if (ui_mono_ms() - u->ask_ms < ASK_READ_MS) {
		if (!keymap_key_name(keymap_key_canon(u->key), name,
		    sizeof name))
			str_copy(name, sizeof name, "yes");
		ui_add_message(u, TH_MESSAGE_WARN, "%s ignored: it came with "
		    "the key that asked, before the question showed (a "
		    "paste?); answer again", name);
	} else {
		ui_submit_cmd(u, &u->ask_cmd, u->ask_echo);
		u->mode = M_NORMAL;
	}
}

static void
act_dialog_no(struct ui *u)
{
	u->mode = u->mode == M_TEXT ? u->text_back : u->mode == M_SESSIONS ?
	    M_NORMAL : u->ask_back;
}

/* ---- the blotter and the positions ------------------------------------ */

static void
act_sort_next(struct ui *u)
{
	u->sort_col = (u->sort_col + 1) % SORT_COUNT;
	ui_add_message(u, TH_MESSAGE_INFO, "blotter sorted by %s%s",
	    ui_sort_names[u->sort_col], !ui_blotter_all_held(u) ?
	    " (filter to 500 orders or fewer to sort them)" : "");
	/* A new sort keeps the cursor on its order. */
	(void)ui_selected_order(u);
}

static void
act_sort_reverse(struct ui *u)
{
	u->sort_rev = !u->sort_rev;
	(void)ui_selected_order(u);
}

static void
act_ticket_buy(struct ui *u)
{
	ui_ticket_open(u, 0);
}

static void
act_ticket_sell(struct ui *u)
{
	ui_ticket_open(u, 1);
}

/* The details of the blotter's order, or of the review list's. */
static void
act_order_details(struct ui *u)
{
	const struct order *o;

	if (u->mode == M_REVIEW) {
		o = ui_review_selected(u);
		if (!o && u->review_id[0])
			ui_add_message(u, TH_MESSAGE_WARN, "order-details: "
			    "order %s is no longer waiting for review; nothing "
			    "done", u->review_id);
		else if (o)
			ui_open_details(u, o->id);
	} else if (u->focus == P_BLOTTER &&
	    (o = ui_acted_order(u, "details"))) {
		ui_open_details(u, o->id);
	}
}

static void
act_order_cancel(struct ui *u)
{
	const struct order *o;
	char echo[LINE_MAX_LEN];
	struct cmd c;

	if (u->focus == P_BLOTTER && (o = ui_acted_order(u, "cancel"))) {
		ui_cmd_on(&c, CMD_CANCEL, o->id, NULL, echo, sizeof echo);
		ui_ask(u, &c, echo, "Cancel order %s (%s %" PRId64 " %s)?",
		    o->id, order_side_name(o->side), o->qty, o->symbol);
	}
}

static void
act_order_replace(struct ui *u)
{
	const struct order *o;
	char cmd[LINE_MAX_LEN];

	if (u->focus == P_BLOTTER && (o = ui_acted_order(u, "replace"))) {
		snprintf(cmd, sizeof cmd, "replace %s ", o->id);
		ui_open_line(u, M_PROMPT, cmd);
	}
}

static void
act_cancel_all(struct ui *u)
{
	struct cmd c;

	cmd_clear(&c);
	c.kind = CMD_CANCEL_ALL;
	ui_ask(u, &c, "cancel all", "Cancel every open order?");
}

static void
act_position_flatten(struct ui *u)
{
	const struct view_position *p = u->focus == P_POSITIONS ?
	    ui_selected_position(u) : NULL;
	char cmd[LINE_MAX_LEN];

	if (u->focus == P_POSITIONS && !p && u->sel_pos[0]) {
		ui_add_message(u, TH_MESSAGE_WARN, "flatten: that position is "
		    "no longer shown; nothing done");
	} else if (p && p->block[0]) {
		ui_add_message(u, TH_MESSAGE_WARN, "flatten: block %s's fills "
		    "are in no account yet; book them first (%s on the block "
		    "in the blotter)", p->block, ui_key_for(u, "blotter",
		    "alloc-wizard", cmd, sizeof cmd));
	} else if (p && p->qty != 0) {
		/* A market order for the whole position, as the ticket
		 * sends one. */
		struct order_req req = { .side = p->qty > 0 ? SIDE_SELL :
		    SIDE_COVER, .type = OTYPE_MARKET, .tif = TIF_DAY,
		    .qty = p->qty > 0 ? p->qty : -p->qty };
		struct cmd c;

		str_copy(req.account, sizeof req.account, p->account);
		str_copy(req.symbol, sizeof req.symbol, p->symbol);
		cmd_order_of(&c, CMD_ORDER, &req);
		snprintf(cmd, sizeof cmd, "%s %" PRId64 " %s acct=%s",
		    order_side_name(req.side), req.qty, p->symbol, p->account);
		ui_ask(u, &c, cmd, "Flatten %s %s: %s?", p->account,
		    p->symbol, cmd);
	}
}

static void
act_alloc_wizard(struct ui *u)
{
	const struct order *o = u->focus == P_BLOTTER ?
	    ui_acted_order(u, "allocate") : NULL;
	char key[KEYMAP_KEY_NAME_MAX];

	if (!o && u->focus == P_BLOTTER)
		;	/* ui_acted_order() said why */
	else if (o && (order_is_block(o) || order_in_block(o)))
		ui_wizard_open(u, o->block);
	else
		ui_add_message(u, TH_MESSAGE_WARN, "%s: select a block",
		    ui_key_for(u, "blotter", "alloc-wizard", key, sizeof key));
}

/* ---- compliance ------------------------------------------------------- */

/* The review list opens from the panes and closes on the same key. */
static void
act_review_open(struct ui *u)
{
	if (u->mode == M_REVIEW) {
		u->mode = M_NORMAL;
		return;
	}
	u->mode = M_REVIEW;
	u->review_sel = u->review_top = 0;
	u->review_id[0] = '\0';
}

/* The review list's order, or NULL after saying why nothing is done. */
static const struct order *
reviewed_order(struct ui *u, const char *action)
{
	const struct order *o = ui_review_selected(u);

	if (!o && u->review_id[0])
		ui_add_message(u, TH_MESSAGE_WARN, "%s: order %s is no longer "
		    "waiting for review; nothing done", action, u->review_id);
	return o;
}

static void
act_review_approve(struct ui *u)
{
	const struct order *o = reviewed_order(u, "review-approve");

	if (o && ui_may_review(u)) {
		str_copy(u->review_done, sizeof u->review_done, o->id);
		ui_submit_on(u, CMD_APPROVE, o->id, NULL);
	}
}

static void
act_review_reject(struct ui *u)
{
	const struct order *o = reviewed_order(u, "review-reject");

	if (o && ui_may_review(u)) {
		str_copy(u->reason_id, sizeof u->reason_id, o->id);
		ui_open_line(u, M_REASON, "");
	}
}

/* The kill switch: halt every account of the store, or resume, after a
 * question that is asked even with confirmations off. */
static void
act_halt_toggle(struct ui *u)
{
	const struct view *v = u->v;
	struct cmd c;

	if (!v)
		return;
	cmd_clear(&c);
	if (!v->can_halt) {
		ui_add_message(u, TH_MESSAGE_WARN, "only admin or compliance "
		    "users can halt trading (%s is %s)", v->user, v->role[0] ?
		    v->role : "no role");
	} else if (v->halted) {
		c.kind = CMD_RESUME;
		ui_ask_always(u, &c, "resume", "Resume trading?");
	} else {
		c.kind = CMD_HALT;
		str_copy(c.text, sizeof c.text, "kill switch");
		ui_ask_always(u, &c, "halt reason=\"kill switch\"", "Halt all "
		    "trading? New orders and replaces will be refused");
	}
}

/* ---- FIX sessions ----------------------------------------------------- */

/* The list of FIX sessions opens from the panes and closes on the same
 * key; over a question or a page of text the key does nothing. */
static void
act_sessions_open(struct ui *u)
{
	if (u->mode == M_SESSIONS)
		u->mode = M_NORMAL;
	else if (u->mode == M_NORMAL)
		u->mode = M_SESSIONS;
}

/* ---- the allocation wizard -------------------------------------------- */

static void
act_alloc_method_next(struct ui *u)
{
	ui_wizard_method(u, (enum alloc_method)((u->wz_method + 1) %
	    ALLOC_METHOD_COUNT));
}

static void
act_alloc_prorata(struct ui *u)
{
	ui_wizard_method(u, ALLOC_PRORATA);
}

static void
act_alloc_even(struct ui *u)
{
	ui_wizard_method(u, ALLOC_EVEN);
}

static void
act_alloc_weights(struct ui *u)
{
	ui_wizard_method(u, ALLOC_WEIGHTS);
}

static void
act_alloc_share(struct ui *u)
{
	if (!u->wz_info_ok || u->wz.nacct == 0)
		return;
	u->wz_line[0] = '\0';
	u->wz_cur = 0;
	u->wz_editing = true;
}

static void
act_alloc_book(struct ui *u)
{
	ui_wizard_book(u);
}

/* ---- the ticket and the command line ---------------------------------- */

static void
act_ticket_submit(struct ui *u)
{
	ui_ticket_submit(u);
}

static void
act_field_next(struct ui *u)
{
	ui_ticket_field_next(u);
}

static void
act_field_prev(struct ui *u)
{
	ui_ticket_field_prev(u);
}

static void
act_prompt_submit(struct ui *u)
{
	ui_prompt_submit(u);
}

static void
act_prompt_complete(struct ui *u)
{
	ui_prompt_complete(u);
}

static void
act_history_prev(struct ui *u)
{
	ui_prompt_history(u, -1);
}

static void
act_history_next(struct ui *u)
{
	ui_prompt_history(u, 1);
}

/* ---- the table -------------------------------------------------------- */

/* Where actions work: the screen's own panes (GLOBAL: every one, and
 * "global" itself, where the keys of a merely focused ticket go), the
 * lists that move (MOVES), the lists a '/' filters (LISTS). */
#define IN(p)	KEYMAP_IN(KEYMAP_##p)
#define GLOBAL	(IN(GLOBAL) | IN(BLOTTER) | IN(POSITIONS) | IN(PNL) | \
		 IN(QUOTES) | IN(MESSAGES))
#define LISTS	(IN(BLOTTER) | IN(POSITIONS) | IN(QUOTES) | IN(MESSAGES))
#define MOVES	(LISTS | IN(REVIEW) | IN(HELP) | IN(DIALOG))
#define ACTS	true
#define SHOWS	false

const struct keymap_action ui_actions[] = {
	{ "help", act_help, GLOBAL | IN(REVIEW) | IN(ALLOC), SHOWS,
	  "Show every key binding" },
	{ "prompt-open", act_prompt_open, GLOBAL, SHOWS,
	  "Open the command prompt" },
	{ "pane-next", act_pane_next, GLOBAL, SHOWS,
	  "Focus the next pane" },
	{ "pane-prev", act_pane_prev, GLOBAL, SHOWS,
	  "Focus the previous pane" },
	{ "filter", act_filter, LISTS, SHOWS,
	  "Filter the focused list" },
	{ "order-details", act_order_details, IN(BLOTTER) | IN(REVIEW), SHOWS,
	  "Show the details of the selected row" },
	{ "ticket-buy", act_ticket_buy, GLOBAL, SHOWS,
	  "New buy order ticket" },
	{ "ticket-sell", act_ticket_sell, GLOBAL, SHOWS,
	  "New sell order ticket" },
	{ "order-cancel", act_order_cancel, IN(BLOTTER), ACTS,
	  "Cancel the selected order (asks)" },
	{ "order-replace", act_order_replace, IN(BLOTTER), ACTS,
	  "Replace the selected order" },
	{ "cancel-all", act_cancel_all, GLOBAL, ACTS,
	  "Cancel every working order (asks)" },
	{ "position-flatten", act_position_flatten, IN(POSITIONS), ACTS,
	  "Flatten the selected position (asks)" },
	{ "alloc-wizard", act_alloc_wizard, IN(BLOTTER), SHOWS,
	  "Allocate the selected block order" },
	{ "alloc-method-next", act_alloc_method_next, IN(ALLOC), SHOWS,
	  "Next allocation method" },
	{ "alloc-prorata", act_alloc_prorata, IN(ALLOC), SHOWS,
	  "Split pro rata to the orders" },
	{ "alloc-even", act_alloc_even, IN(ALLOC), SHOWS,
	  "Split equally among the orders" },
	{ "alloc-weights", act_alloc_weights, IN(ALLOC), SHOWS,
	  "Split by weights" },
	{ "alloc-share", act_alloc_share, IN(ALLOC), SHOWS,
	  "Type a share for the account" },
	{ "alloc-book", act_alloc_book, IN(ALLOC), ACTS,
	  "Book the split shown (asks)" },
	{ "review-open", act_review_open, GLOBAL | IN(REVIEW), SHOWS,
	  "List the orders waiting for review" },
	{ "review-approve", act_review_approve, IN(REVIEW), ACTS,
	  "Approve the selected order" },
	{ "review-reject", act_review_reject, IN(REVIEW), ACTS,
	  "Reject the selected order (asks why)" },
	{ "halt-toggle", act_halt_toggle, GLOBAL, ACTS,
	  "Halt all trading, or resume it (asks)" },
	{ "sessions-open", act_sessions_open, GLOBAL | IN(DIALOG), SHOWS,
	  "List the FIX sessions" },
	{ "zoom", act_zoom, GLOBAL, SHOWS,
	  "Zoom the focused pane or restore the layout" },
	{ "redraw", act_redraw, GLOBAL | IN(REVIEW) | IN(ALLOC) | IN(TICKET) |
	  IN(PROMPT), SHOWS,
	  "Redraw the screen" },
	{ "quit", act_quit, GLOBAL | IN(REVIEW) | IN(ALLOC) | IN(HELP) |
	  IN(DIALOG), ACTS,
	  "Quit" },
	{ "cursor-up", act_cursor_up, MOVES | IN(ALLOC), SHOWS,
	  "Move up" },
	{ "cursor-down", act_cursor_down, MOVES | IN(ALLOC), SHOWS,
	  "Move down" },
	{ "page-up", act_page_up, MOVES, SHOWS,
	  "Move up one page" },
	{ "page-down", act_page_down, MOVES, SHOWS,
	  "Move down one page" },
	{ "cursor-first", act_cursor_first, MOVES | IN(ALLOC), SHOWS,
	  "Move to the first row" },
	{ "cursor-last", act_cursor_last, MOVES | IN(ALLOC), SHOWS,
	  "Move to the last row" },
	{ "sort-next", act_sort_next, IN(BLOTTER), SHOWS,
	  "Sort by the next column" },
	{ "sort-reverse", act_sort_reverse, IN(BLOTTER), SHOWS,
	  "Reverse the sort order" },
	{ "dialog-close", act_dialog_close, IN(REVIEW) | IN(ALLOC) | IN(HELP) |
	  IN(DIALOG) | IN(TICKET) | IN(PROMPT), SHOWS,
	  "Close the dialog" },
	{ "dialog-yes", act_dialog_yes, IN(DIALOG), ACTS,
	  "Answer yes" },
	{ "dialog-no", act_dialog_no, IN(DIALOG), SHOWS,
	  "Answer no" },
	{ "field-next", act_field_next, IN(TICKET), SHOWS,
	  "Go to the next field" },
	{ "field-prev", act_field_prev, IN(TICKET), SHOWS,
	  "Go to the previous field" },
	{ "ticket-submit", act_ticket_submit, IN(TICKET), ACTS,
	  "Send the order" },
	{ "prompt-submit", act_prompt_submit, IN(PROMPT), ACTS,
	  "Run the command" },
	{ "prompt-complete", act_prompt_complete, IN(PROMPT), SHOWS,
	  "Complete the word" },
	{ "history-prev", act_history_prev, IN(PROMPT), SHOWS,
	  "Previous command in the history" },
	{ "history-next", act_history_next, IN(PROMPT), SHOWS,
	  "Next command in the history" },
};
const size_t ui_nactions = sizeof ui_actions / sizeof ui_actions[0];

bool
ui_action_run(struct ui *u, const char *pane, const char *action, int key)
{
	const struct keymap_action *e = keymap_action_entry(u->km, action);

	if (!e || !e->run || !keymap_action_works(u->km, pane, action))
		return false;
	u->key = key;
	e->run(u);
	return true;
}
