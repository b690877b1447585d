/* src/tui/pane-messages.c: the messages pane, newest at the bottom. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "screen-int.h"

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
				cut = ui_char_start(text + p, w);
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
	int *idx, nm = ui_shown_rows(u, P_MESSAGES, &idx);

	if (h <= 0 || w <= 0) {
		free(idx);
		return;
	}
	if (nm == 0 && u->find[P_MESSAGES][0])
		ui_put(r.y + 1, r.x + 1, w, TH_NORMAL, "no messages match");
	if (u->focus == P_MESSAGES) {
		ui_scroll_into_view(u, P_MESSAGES, nm, h);
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
			ui_put(r.y + 1 + y++, r.x + 1, w, m->el, "%.*s", ln[k],
			    m->text + st[k]);
		}
	}
	free(idx);
}

const struct ui_pane ui_pane_messages = { draw_messages };
