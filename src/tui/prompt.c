/* src/tui/prompt.c: the command line at the bottom of the screen.
 *
 * The ':' prompt (with history and completion), the '/' filter of the
 * focused list and the reason typed for rejecting an order. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen-int.h"

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
		for (size_t i = 0; cmd_first_word(i); i++)
			try_word(cmd_first_word(i), word, len, &found,
			    &matches);
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
		ui_add_message(u, TH_MESSAGE_INFO, "%d matches for '%.*s'",
		    matches,
		    (int)len, word);
	char rest[LINE_MAX_LEN];
	str_copy(rest, sizeof rest, u->line + u->cur);
	char added[LINE_MAX_LEN];
	snprintf(added, sizeof added, "%s%s", found + len, matches == 1 ?
	    " " : "");
	if (strlen(u->line) + strlen(added) >= LINE_MAX_LEN - 1)
		return;
	snprintf(u->line + u->cur, LINE_MAX_LEN - (size_t)u->cur, "%s%s",
	    added, rest);
	u->cur += (int)strlen(added);
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
	str_copy(u->hist[u->nhist++], LINE_MAX_LEN, line);
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
		(void)ui_selected_position(u);
	} else if (p == P_QUOTES) {
		const struct view_quote *q = ui_selected_quote(u);
		if (q)
			str_copy(sym, sizeof sym, q->q.symbol);
	}
	n = ui_shown_rows(u, p, &idx);
	int was = u->sel[p] >= 0 && u->sel[p] < n ? idx[u->sel[p]] : -1;
	free(idx);
	str_copy(u->find[p], sizeof u->find[p], text);
	n = ui_shown_rows(u, p, &idx);
	u->sel[p] = u->top[p] = 0;
	if (p == P_POSITIONS) {
		if (!ui_selected_position(u)) {
			u->sel[p] = 0;
			u->sel_pos[0] = '\0';
			(void)ui_selected_position(u);
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
		ui_apply_filter(u, text);
	else
		apply_find(u, u->filter_pane, text);
}

/* Close the command, filter or reason line; closing the filter line with
 * CLEAR (Esc) clears the filter, without it (Ctrl-C) leaves it. */
void
ui_prompt_close(struct ui *u, bool clear)
{
	if (u->mode == M_FILTER && clear)
		filter_pane_apply(u, "");
	u->mode = u->mode == M_REASON ? M_REVIEW : M_NORMAL;
}

/* Enter on the line: run the command, apply the filter, or send the
 * rejection (whose line stays open without a reason). */
void
ui_prompt_submit(struct ui *u)
{
	if (u->mode == M_REASON) {
		if (ui_reject_submit(u))
			u->mode = M_REVIEW;
		return;
	}
	if (u->mode == M_PROMPT) {
		history_add(u, u->line);
		ui_submit(u, u->line);
	} else {
		filter_pane_apply(u, u->line);
	}
	u->mode = M_NORMAL;
}

/* Complete the word before the cursor, on the command line only. */
void
ui_prompt_complete(struct ui *u)
{
	if (u->mode == M_PROMPT)
		complete(u);
}

/* STEP back (-1) or on (1) in the command line's history. */
void
ui_prompt_history(struct ui *u, int step)
{
	if (u->mode != M_PROMPT)
		return;
	u->hpos += step;
	if (u->hpos < 0)
		u->hpos = 0;
	if (u->hpos >= u->nhist) {
		u->hpos = u->nhist;
		u->line[0] = '\0';
	} else {
		str_copy(u->line, sizeof u->line, u->hist[u->hpos]);
	}
	u->cur = (int)strlen(u->line);
}
