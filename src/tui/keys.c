/* src/tui/keys.c: keys from the terminal to what they do.
 *
 * Every key the terminal has is read at once: ESC before a key is Alt,
 * keys that arrive together are a burst (only keys that change no order
 * act), bracketed paste is text.  Each key then goes to the handler of
 * the mode it arrives in: a line, the ticket, a dialog, or in the panes
 * the action table (actions.c). */
#include "config.h"

#include <string.h>

#include "screen-int.h"

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
		if (!ui_ticket_type(u, key))
			u->paste_dropped++;
	} else if (u->mode == M_ALLOC) {
		ui_edit_key(u->wz_line, sizeof u->wz_line, &u->wz_cur, key);
	} else {
		ui_edit_key(u->line, sizeof u->line, &u->cur, key);
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
		a = keymap_action(u->km, ui_normal_pane(u), k);
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
	case M_SESSIONS:
		return "dialog";
	case M_REVIEW:
		return "review";
	case M_ALLOC:
		return "alloc";
	case M_NORMAL:
		break;
	}
	return ui_normal_pane(u);
}

/* One key, as the mode it arrives in takes it: what the action table
 * runs for the action the key is bound to where the screen is, else
 * the mode's own keys (typing, Ctrl-C). */
static void
dispatch_key(struct ui *u, int key)
{
	const char *pane = key_pane(u), *a;
	int k = keymap_key_canon(key);

	switch (u->mode) {
	case M_PROMPT:
	case M_FILTER:
	case M_REASON:
		a = keymap_action(u->km, pane, k);
		if (key == CTRL_C)	/* cancels the line in every keymap */
			ui_prompt_close(u, false);
		else if (!a || !ui_action_run(u, pane, a, key))
			ui_edit_key(u->line, sizeof u->line, &u->cur, key);
		return;
	case M_TICKET:
		a = keymap_action(u->km, pane, k);
		if (key == CTRL_C)
			ui_ticket_close(u);
		else if (!a || !ui_action_run(u, pane, a, key))
			ui_ticket_key(u, key);
		return;
	case M_CONFIRM:
	case M_HELP:
	case M_TEXT:
		a = keymap_action(u->km, pane, k);
		if (key == CTRL_C)	/* says no, or closes */
			u->mode = u->mode == M_CONFIRM ? u->ask_back :
			    u->text_back;
		else if (a)
			(void)ui_action_run(u, pane, a, key);
		return;
	case M_SESSIONS:
		a = keymap_action(u->km, pane, k);
		if (key == CTRL_C)
			u->mode = M_NORMAL;
		else if (a)
			(void)ui_action_run(u, pane, a, key);
		return;
	case M_REVIEW:
		if (key == CTRL_C) {
			u->mode = M_NORMAL;
			return;
		}
		a = keymap_action(u->km, pane, k);
		/* The cursor stays on its order while the list changes. */
		(void)ui_review_selected(u);
		if (a)
			(void)ui_action_run(u, pane, a, k);
		return;
	case M_ALLOC:
		if (key == CTRL_C && u->wz_editing) {
			u->wz_editing = false;
			u->wz_note[0] = '\0';
		} else if (key == CTRL_C) {
			u->mode = M_NORMAL;
		} else if (!ui_alloc_typed(u, k) &&
		    (a = keymap_action(u->km, pane, k))) {
			u->wz_note[0] = '\0';
			(void)ui_action_run(u, pane, a, k);
		}
		return;
	case M_NORMAL:
		break;
	}
	/* Only what works in the focused pane, as the help lists it. */
	a = keymap_action(u->km, pane, k);
	if (a)
		(void)ui_action_run(u, pane, a, key);
	else if (key == CTRL_C)
		ui_stop_pending = 1;	/* as an interrupt always did */
}

/* Whether KEY would send what is typed to the worker: Enter on the :
 * prompt or the reject reason, or the ticket's send key (the acting
 * actions of those panes).  The / filter changes no order, so its Enter
 * is not one of them. */
static bool
sends_typed(const struct ui *u, int key)
{
	const char *pane = u->mode == M_TICKET ? "ticket" : "prompt";
	const char *a = keymap_action(u->km, pane, keymap_key_canon(key));

	if (u->mode != M_PROMPT && u->mode != M_REASON && u->mode != M_TICKET)
		return false;
	return a && keymap_action_works(u->km, pane, a) &&
	    keymap_action_acts(u->km, a);
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
		ui_resize_pending = 1;
		return;
	}
	/* Ctrl-\ ends the screen as SIGTERM does, and Ctrl-Z stops it for
	 * the shell, always. */
	if (key == CTRL_BACKSLASH) {
		ui_stop_pending = 1;
		return;
	}
	if (key == CTRL_Z) {
		ui_suspend();
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
void
ui_read_keys(struct ui *u)
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
		for (size_t i = 0; i < n && !u->quit && !ui_stop_pending; i++) {
			key = keys[i];
			if (key == KEY_PASTE_BEGIN) {
				u->pasting = true;
				u->paste_dropped = 0;
				continue;
			}
			if (key == KEY_PASTE_END) {
				u->pasting = false;
				if (u->paste_dropped)
					ui_add_message(u, TH_MESSAGE_WARN,
					    "paste: "
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
		ui_add_message(u, TH_MESSAGE_WARN,
		    "%d key%s ignored: keys that "
		    "come together faster than anyone types (a paste?) are "
		    "not taken as commands; paste into the : prompt or the "
		    "ticket", dropped, dropped == 1 ? "" : "s");
	if (held && typing(u)) {
		char k[KEYMAP_KEY_NAME_MAX];
		bool tk = u->mode == M_TICKET;
		ui_add_message(u, TH_MESSAGE_WARN,
		    "pasted text: press %s to %s",
		    ui_key_for(u, tk ? "ticket" : "prompt",
		        tk ? "ticket-submit" :
		    "prompt-submit", k, sizeof k), tk ? "send the order" :
		    u->mode == M_REASON ? "reject the order" : "run it");
	}
	if (small_dropped)
		ui_add_message(u, TH_MESSAGE_WARN, "%d key%s ignored while the "
		    "terminal was too small", small_dropped, small_dropped ==
		    1 ? "" : "s");
}
