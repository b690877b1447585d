/* src/tui/results.c: what the worker sends back to the screen.
 *
 * Answers to commands (to the messages, a page of text, the ticket's
 * compliance line or the allocation wizard), pages of the blotter and
 * its counts (pane-blotter.c takes them), and
 * each new view with its order events and alerts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "screen-int.h"

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

void
ui_take_results(struct ui *u)
{
	struct rt_request *r = runtime_results(u->rt);

	while (r) {
		struct rt_request *next = (struct rt_request *)r->node.next;
		if (r->page) {
			if (ui_timing && !r->page_count)
				fprintf(ui_timing, "page %.3f ms\n",
				    ui_mono_ms() - u->page_asked);
			ui_take_page(u, r);
			runtime_request_free(r);
			r = next;
			continue;
		}
		if (ui_take_ticket_check(u, r) || ui_take_wizard(u, r))
			;
		else if (ui_take_quiet(u, r))
			ui_details_append(u, r);
		else if (r->status == RT_FAILED)
			ui_add_message(u, TH_MESSAGE_ERROR, "%s", r->err);
		else if (r->out && shows_as_page(r->cmd.kind) &&
		    (u->mode == M_NORMAL || u->mode == M_REVIEW)) {
			bool one = r->cmd.kind == CMD_SHOW_ORDER;
			size_t fills_at = 0;
			ui_open_text(u, one ? ui_details_text(u, r->cmd.id,
			    r->res, &fills_at) :
			    xstrdup(r->out), one ? r->cmd.id : NULL);
			u->details_fills_at = fills_at;
		} else if (r->out)
			ui_add_message(u, TH_MESSAGE_INFO, "%s", r->out);
		runtime_request_free(r);
		r = next;
	}
}

/* Whether A and B are the same alert: the same values, whether read back
 * from the store (with its journal seq) or raised live (without). */
static bool
same_alert(const struct store_alert *a, const struct store_alert *b)
{
	return a->ts == b->ts && strcmp(a->kind, b->kind) == 0 &&
	    strcmp(a->account, b->account) == 0 &&
	    strcmp(a->symbol, b->symbol) == 0 &&
	    strcmp(a->rule_id, b->rule_id) == 0 &&
	    strcmp(a->user, b->user) == 0 &&
	    strcmp(a->detail, b->detail) == 0;
}

/* How many alerts at the start of V were seen last time: the longest run
 * that ends the alerts seen and starts the new ones (the view keeps the
 * latest VIEW_ALERTS, so old ones drop off the front). */
static size_t
alerts_overlap(const struct ui *u, const struct view *v)
{
	size_t nold = u->nalerts_seen;

	for (size_t k = nold < v->nalerts ? nold : v->nalerts; k > 0; k--) {
		size_t i = 0;
		while (i < k && same_alert(&u->alerts_seen[nold - k + i],
		    &v->alerts[i]))
			i++;
		if (i == k)
			return k;
	}
	return 0;
}

/* Show the alerts of V that are new since the last view, as warnings,
 * unless the same alert just came in the log (from entry FROM on).  The
 * alerts a store already had when the screen started are not news. */
static void
take_alerts(struct ui *u, const struct view *v, size_t from)
{
	size_t n = v->nalerts < VIEW_ALERTS ? v->nalerts : VIEW_ALERTS;
	size_t start = alerts_overlap(u, v);

	/* Nothing in common: the worker read its alerts back from the store
	 * (after another desk's change) and older ones dropped off.  Only
	 * the alerts it gained are news. */
	if (start == 0 && u->nalerts_seen > 0)
		start = n < u->nalerts_seen ? n : u->nalerts_seen;
	if (u->alerts_known)
		for (size_t i = start; i < n; i++) {
			bool shown = false;
			char line[VIEW_EVENT_LEN];
			for (size_t e = from; e < v->nevents && !shown; e++)
				shown = v->events[e].kind == VIEW_LOG_ALERT &&
				    same_alert(&v->events[e].alert,
				    &v->alerts[i]);
			if (!shown)
				ui_add_message(u, TH_MESSAGE_WARN, "%s",
				    format_alert(&v->alerts[i], line,
				    sizeof line));
		}
	memcpy(u->alerts_seen, v->alerts, n * sizeof v->alerts[0]);
	u->nalerts_seen = n;
	u->alerts_known = true;
}

/* Take the newest view, and the order events and alerts it brings. */
void
ui_take_view(struct ui *u)
{
	struct view *v = runtime_take_view(u->rt);

	if (!v)
		return;
	view_free(u->v);
	u->v = v;
	u->page_stale = u->count_stale = true;
	uint64_t first = v->event_seq - v->nevents;
	size_t from = v->nevents;
	for (size_t i = 0; i < v->nevents; i++) {
		if (first + i < u->event_seq)
			continue;
		if (from == v->nevents)
			from = i;
		char line[VIEW_EVENT_LEN * 2];
		enum view_log_kind k = v->events[i].kind;
		ui_add_message(u, k == VIEW_LOG_WARNING || k == VIEW_LOG_ALERT ?
		    TH_MESSAGE_WARN : TH_MESSAGE_INFO, "%s",
		    view_log_text(&v->events[i], line, sizeof line));
	}
	u->event_seq = v->event_seq;
	take_alerts(u, v, from);
	ui_wizard_watch(u);
	(void)ui_selected_position(u);
}
