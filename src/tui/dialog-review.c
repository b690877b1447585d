/* src/tui/dialog-review.c: the list of orders waiting for review.
 *
 * An overlay over the panes where a compliance user approves or rejects
 * (with a reason typed on the prompt line) the flagged orders. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "screen-int.h"

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
	str_copy(u->review_id, sizeof u->review_id, n ?
	    u->v->flagged[u->review_sel].id : "");
	return n ? &u->v->flagged[u->review_sel] : NULL;
}

/* The order under the review list's cursor, or NULL. */
const struct order *
ui_review_selected(struct ui *u)
{
	return review_sync(u);
}

/* The review list: every order waiting for compliance review, oldest
 * first, the full reason of the selected one, and the latest message, so
 * the answer to an approval shows without closing the list. */
void
ui_draw_review(struct ui *u)
{
	int h = u->rows - 4, w = u->cols - 4, y = 2, x = 2;
	const struct view *v = u->v;
	int n = v ? (int)v->nflagged : 0, list_h = h - 6;
	char k1[KEYMAP_KEY_NAME_MAX], k2[KEYMAP_KEY_NAME_MAX];
	char k3[KEYMAP_KEY_NAME_MAX], px[40];

	const struct order *cur = review_sync(u);
	ui_overlay_clear(u);
	ui_put(y, x + 1, w - 2, TH_PANE_FOCUS, "Review: %d order%s waiting for "
	    "compliance  (%s closes)", n, n == 1 ? "" : "s", ui_key_for(u,
	    "review", "dialog-close", k1, sizeof k1));
	if (v && v->can_review)
		ui_put(y + 1, x + 1, w - 2, TH_NORMAL, "%s approve   %s reject "
		    "(asks why)   %s details", ui_key_for(u, "review",
		    "review-approve", k1, sizeof k1), ui_key_for(u, "review",
		    "review-reject", k2, sizeof k2), ui_key_for(u, "review",
		    "order-details", k3, sizeof k3));
	else
		ui_put(y + 1, x + 1, w - 2, TH_MESSAGE_WARN, "Read only: only "
		    "compliance users may approve or reject (%s is %s)",
		    v ? v->user : ui_login_name(), v && v->role[0] ? v->role :
		    "no role");
	/* Columns as wide as what they show: nothing the reviewer needs is
	 * cut but the reason, which is repeated in full below the list. */
	int wid = 2, wacct = 4, wqty = 3, wsym = 6, wpx = 5, wuser = 4;
	for (int k = 0; k < n; k++) {
		const struct order *o = &v->flagged[k];
		char q[24];
		snprintf(q, sizeof q, "%" PRId64, o->qty);
		if (o->limit_px)
			ui_px_text(u, o->symbol, o->limit_px, px, sizeof px);
		else
			str_copy(px, sizeof px, "mkt");
		wid = ui_wider(wid, o->id);
		wacct = ui_wider(wacct, o->account);
		wqty = ui_wider(wqty, q);
		wsym = ui_wider(wsym, o->symbol);
		wpx = ui_wider(wpx, px);
		wuser = ui_wider(wuser, o->user);
	}
	ui_put(y + 2, x + 1, w - 2, TH_HEADER, "%-*s %-*s %-5s %*s %-*s %*s "
	    "%-*s %s", wid, "ID", wacct, "ACCT", "SIDE", wqty, "QTY", wsym,
	    "SYMBOL", wpx, "PRICE", wuser, "USER", "REASON");
	if (n == 0) {
		ui_put(y + 3, x + 1, w - 2, TH_NORMAL, "No orders waiting for "
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
			ui_px_text(u, o->symbol, o->limit_px, px, sizeof px);
		else
			str_copy(px, sizeof px, "mkt");
		ui_put(y + 3 + i, x + 1, w - 2, o == cur ? TH_SELECTION :
		    TH_ORDER_FLAGGED, "%-*s %-*s %-5s %*" PRId64 " %-*s %*s "
		    "%-*s %s", wid, o->id, wacct, o->account,
		    order_side_name(o->side), wqty, o->qty, wsym, o->symbol,
		    wpx, px, wuser, o->user, o->reason);
	}
	if (cur)
		ui_put(y + h - 2, x + 1, w - 2, TH_NORMAL, "%s: %s", cur->id,
		    cur->reason);
	else if (u->review_id[0])
		ui_put(y + h - 2, x + 1, w - 2, TH_NORMAL,
		    "%s: no longer waiting "
		    "for review (answered elsewhere)", u->review_id);
	if (u->nmsgs > 0)
		ui_put(y + h - 1, x + 1, w - 2, u->msgs[u->nmsgs - 1].el, "%s",
		    u->msgs[u->nmsgs - 1].text);
}

/* Whether the acting user may approve or reject; says why not. */
bool
ui_may_review(struct ui *u)
{
	if (u->v && u->v->can_review)
		return true;
	ui_add_message(u, TH_MESSAGE_WARN,
	    "only compliance users may approve or "
	    "reject orders (%s is %s)", u->v ? u->v->user : ui_login_name(),
	    u->v && u->v->role[0] ? u->v->role : "no role");
	return false;
}

/* Send the rejection of reason_id with the reason typed; an empty reason
 * is refused and the line stays open.  Returns true when sent. */
bool
ui_reject_submit(struct ui *u)
{
	char why[NOTE_MAX];
	const char *p = u->line;
	size_t n;

	/* The reason as typed, blanks around it left out: sent as a
	 * value, so quotes and backslashes are the trader's own. */
	while (*p == ' ')
		p++;
	n = strlen(p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (n == 0) {
		ui_add_message(u, TH_MESSAGE_ERROR,
		    "reject %s: a rejection needs "
		    "a reason (Esc to go back)", u->reason_id);
		return false;
	}
	if (n >= sizeof why) {
		ui_add_message(u, TH_MESSAGE_ERROR, "reject %s: the reason is "
		    "too long (at most %zu characters)", u->reason_id,
		    sizeof why - 1);
		return false;
	}
	memcpy(why, p, n);
	why[n] = '\0';
	str_copy(u->review_done, sizeof u->review_done, u->reason_id);
	ui_submit_on(u, CMD_REJECT, u->reason_id, why);
	return true;
}
