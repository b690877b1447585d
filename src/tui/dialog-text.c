/* src/tui/dialog-text.c: pages over the panes: the help and an order's
 * details (with the compliance checks it went through). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "result.h"
#include "sbuf.h"
#include "screen-int.h"

/* The details page of order ID: who entered it and why it was flagged
 * (or rejected) on top, where an 80-column screen shows them, then the
 * worker's answer RES to "show order", worded here.  *FILLS_AT gets where
 * its fills start in the page (the compliance checks go before them).
 * Caller frees. */
char *
ui_details_text(const struct ui *u, const char *id, const struct result *res,
    size_t *fills_at)
{
	const struct order *o = ui_find_local_order(u, id);
	struct sbuf b = { 0 };

	if (o) {
		char px[48] = "";
		if (o->limit_px) {
			px[0] = ' ', px[1] = '@', px[2] = ' ';
			ui_px_text(u, o->symbol, o->limit_px, px + 3,
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
	size_t n = res ? result_count(res) : 0, head = n;
	struct result_item it;
	for (size_t i = 0; i < n && head == n; i++) {
		result_at(res, i, &it);
		if (it.kind == RESULT_EXEC_HEADER)
			head = i;
	}
	if (res)
		format_result_part(&b, res, 0, head, false);
	*fills_at = b.len;
	if (res)
		format_result_part(&b, res, head, n, false);
	if (!b.p)
		sbuf_puts(&b, "");
	return sbuf_take(&b);
}

/* Add the compliance checks in R to the details page, if it still shows
 * that order. */
void
ui_details_append(struct ui *u, const struct rt_request *r)
{
	if (r->cmd.kind != CMD_SHOW_COMPLIANCE || u->mode != M_TEXT ||
	    !u->text || strcmp(u->details_id, r->cmd.id) != 0)
		return;
	const char *body = r->status == RT_FAILED ? r->err : r->out ? r->out :
	    "none\n";
	/* Before the fills and the history, which can run long: the
	 * checks show on the first page. */
	size_t len = strlen(u->text);
	size_t head = u->details_fills_at < len ? u->details_fills_at : len;
	bool at = head < len;
	char *t = xcalloc(1, len + strlen(body) + 32);
	sprintf(t, "%.*s%sCompliance checks:\n%s%s%s", (int)head, u->text,
	    at ? "" : "\n", body, at ? "\n" : "", u->text + head);
	free(u->text);
	u->text = t;
}

void
ui_draw_help(struct ui *u)
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
	ui_draw_overlay_text(u, "Help", b.p ? b.p : "", &u->text_top);
	sbuf_free(&b);
}

