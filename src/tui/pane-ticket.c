/* src/tui/pane-ticket.c: the order ticket.
 *
 * Fields are typed or cycled (side, type); the ticket is checked as it
 * is typed by the engine's own order rules (ticket_rules()) and
 * compliance is asked about it quietly; Enter sends the order to the
 * worker as values (a struct cmd), not as text to parse. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "instrument.h"
#include "order-req.h"
#include "result.h"
#include "screen-int.h"

static const char *const ticket_labels[TF_COUNT] = {
	"Side", "Qty", "Symbol", "Type", "Limit", "Stop", "TIF", "Acct",
	"Venue"
};

/* The ticket's order types, cycled with Space like the side. */
static const char *const type_words[] = { "market", "limit", "stop",
    "stop_limit" };
#define NTYPES	4

static const char *const side_words[] = { "buy", "sell", "short", "cover" };

static void
draw_ticket(struct ui *u)
{
	struct rect r = u->r[P_TICKET];
	int x = r.x + 2, w = r.w - 4;

	if (u->mode != M_TICKET) {
		ui_put(r.y + 1, x, w, TH_NORMAL, "b buy  s sell   : command   "
		    "? help   q quit");
		ui_put(r.y + 2, x, w, TH_NORMAL, "account %s",
		    u->v && u->v->default_acct[0] ? u->v->default_acct : "-");
		return;
	}
	/* The fields flow over two lines; the check's result goes in the
	 * border below them. */
	int cx = x, cy = r.y + 1;
	for (int f = 0; f < TF_COUNT; f++) {
		char cell[64];
		snprintf(cell, sizeof cell, "%s:%s ", ticket_labels[f],
		    u->tk[f]);
		if (cx + (int)strlen(cell) > x + w && cy == r.y + 1) {
			cx = x;
			cy++;
		}
		ui_put(cy, cx, x + w - cx, f == u->tk_field ? TH_SELECTION :
		    TH_NORMAL, "%s", cell);
		cx += (int)strlen(cell);
	}
	if (!u->tk_check[0] && u->tk_cpl[0])
		ui_put(r.y + r.h - 1, x, w, u->tk_cpl_pass ? TH_PANE_BORDER :
		    TH_MESSAGE_WARN, " %s ", u->tk_cpl);
	else
		ui_put(r.y + r.h - 1, x, w, u->tk_check[0] ? TH_MESSAGE_WARN :
		    TH_PANE_BORDER, " %s ", u->tk_check[0] ? u->tk_check :
		    "Enter sends, Tab next, Space changes, Esc closes");
}

const struct ui_pane ui_pane_ticket = { draw_ticket };

/* The order on the ticket as a request: the typed fields read as
 * values (a price only where the type takes one, as the ticket shows
 * it).  Returns 0, or -1 with ERR naming the field that does not read. */
static int
ticket_request(const struct ui *u, struct order_req *r, struct err *err)
{
	const char *type = u->tk[TF_TYPE];

	memset(r, 0, sizeof *r);
	str_copy(r->symbol, sizeof r->symbol, u->tk[TF_SYMBOL]);
	str_copy(r->account, sizeof r->account, u->tk[TF_ACCT]);
	if (strcmp(u->tk[TF_VENUE], "sim") != 0)
		str_copy(r->venue, sizeof r->venue, u->tk[TF_VENUE]);
	if (order_side_parse(u->tk[TF_SIDE], &r->side) == -1)
		return err_set(err, "'%s' is not a side", u->tk[TF_SIDE]);
	if (order_type_parse(type, &r->type) == -1)
		return err_set(err, "'%s' is not an order type", type);
	if (u->tk[TF_QTY][0] && qty_parse(u->tk[TF_QTY], &r->qty, err) == -1)
		return -1;
	if (order_tif_parse(u->tk[TF_TIF][0] ? u->tk[TF_TIF] : "day",
	    &r->tif, &r->gtd_date, err) == -1)
		return -1;
	bool takes_limit = r->type == OTYPE_LIMIT ||
	    r->type == OTYPE_STOP_LIMIT;
	bool takes_stop = r->type == OTYPE_STOP ||
	    r->type == OTYPE_STOP_LIMIT;
	if (takes_limit && u->tk[TF_PRICE][0] && fixed_parse(u->tk[TF_PRICE],
	    PX_DECIMALS, &r->limit_px, ticket_labels[TF_PRICE], err) == -1)
		return -1;
	if (takes_stop && u->tk[TF_STOP][0] && fixed_parse(u->tk[TF_STOP],
	    PX_DECIMALS, &r->stop_px, ticket_labels[TF_STOP], err) == -1)
		return -1;
	return 0;
}

/* The ticket checked as the trader types, by the rules the engine
 * applies to every order (order_req_check()): the symbol is known, the
 * fields read, and the request is checked against the instrument; a
 * quantity not typed yet is taken as one lot, so the rest is checked
 * meanwhile.  What is wrong goes in WHY (LEN bytes), "" when nothing
 * is.  The engine checks the order again when it comes. */
static void
ticket_rules(const struct ui *u, char *why, size_t len)
{
	const struct view_instrument *vi = ui_find_instrument(u,
	    u->tk[TF_SYMBOL]);
	struct order_req r;
	struct instrument in;
	struct err e = { "" };

	why[0] = '\0';
	if (u->tk[TF_SYMBOL][0] && !vi) {
		snprintf(why, len, "unknown symbol '%s'", u->tk[TF_SYMBOL]);
		return;
	}
	if (ticket_request(u, &r, &e) == -1) {
		str_copy(why, len, e.msg);
		return;
	}
	if (!vi)
		return;
	if (instrument_init(&in, vi->symbol, vi->cls, "USD", &e) == -1) {
		str_copy(why, len, e.msg);
		return;
	}
	in.tick = vi->tick;
	in.lot = vi->lot;
	if (!u->tk[TF_QTY][0])
		r.qty = in.lot > 0 ? in.lot : 1;
	int32_t today = u->v ? calendar_date(calendar_day_of(u->v->now)) : 0;
	if (order_req_check(&r, &in, today, &e) == -1)
		str_copy(why, len, e.msg);
}

/* Check the ticket as the trader types (ticket_rules()). */
static void
ticket_validate(struct ui *u)
{
	ticket_rules(u, u->tk_check, sizeof u->tk_check);
}

static void ticket_preview(struct ui *);

/* Check the ticket as it is typed, then ask compliance about it. */
static void
ticket_check(struct ui *u)
{
	ticket_validate(u);
	ticket_preview(u);
}

void
ui_ticket_open(struct ui *u, int side)
{
	memset(u->tk, 0, sizeof u->tk);
	str_copy(u->tk[TF_SIDE], sizeof u->tk[TF_SIDE], side_words[side]);
	str_copy(u->tk[TF_TIF], sizeof u->tk[TF_TIF], "day");
	str_copy(u->tk[TF_TYPE], sizeof u->tk[TF_TYPE], "market");
	str_copy(u->tk[TF_VENUE], sizeof u->tk[TF_VENUE], "sim");
	if (u->v)
		str_copy(u->tk[TF_ACCT], sizeof u->tk[TF_ACCT],
		    u->v->default_acct);
	const struct view_quote *q = u->focus == P_QUOTES ?
	    ui_selected_quote(u) : NULL;
	if (q)
		str_copy(u->tk[TF_SYMBOL], sizeof u->tk[TF_SYMBOL],
		    q->q.symbol);
	u->tk_field = u->tk[TF_SYMBOL][0] ? TF_QTY : TF_SYMBOL;
	u->mode = M_TICKET;
	u->focus = P_TICKET;
	ticket_check(u);
}

/* The order on the ticket as the command a trader would type (BUF of
 * LEN bytes): shown in the messages, never parsed. */
static void
ticket_command(const struct ui *u, char *buf, size_t len)
{
	int n;

	n = snprintf(buf, len, "%s %s %s", u->tk[TF_SIDE], u->tk[TF_QTY],
	    u->tk[TF_SYMBOL]);
	const char *type = u->tk[TF_TYPE];
	if (u->tk[TF_PRICE][0] && (strcmp(type, "limit") == 0 ||
	    strcmp(type, "stop_limit") == 0))
		n += snprintf(buf + n, len - (size_t)n, " @ %s",
		    u->tk[TF_PRICE]);
	if (u->tk[TF_STOP][0] && strncmp(type, "stop", 4) == 0)
		n += snprintf(buf + n, len - (size_t)n, " stop=%s",
		    u->tk[TF_STOP]);
	if (u->tk[TF_VENUE][0] && strcmp(u->tk[TF_VENUE], "sim") != 0)
		n += snprintf(buf + n, len - (size_t)n, " venue=%s",
		    u->tk[TF_VENUE]);
	if (u->tk[TF_TIF][0])
		n += snprintf(buf + n, len - (size_t)n, " tif=%s",
		    u->tk[TF_TIF]);
	if (u->tk[TF_ACCT][0])
		snprintf(buf + n, len - (size_t)n, " acct=%s",
		    u->tk[TF_ACCT]);
}

/* Ask the worker what compliance would say of the ticket's order, once
 * per change and one question at a time; the answer shows in the
 * ticket (ui_take_ticket_check()). */
static void
ticket_preview(struct ui *u)
{
	char cmd[LINE_MAX_LEN], ask[LINE_MAX_LEN];
	struct order_req req;
	struct cmd c;
	struct err e = { "" };

	if (u->mode != M_TICKET || u->tk_check[0] || !u->tk[TF_QTY][0] ||
	    !u->tk[TF_SYMBOL][0] || ticket_request(u, &req, &e) == -1) {
		u->tk_cpl[0] = '\0';
		u->tk_cpl_asked[0] = '\0';
		return;
	}
	ticket_command(u, cmd, sizeof cmd);
	snprintf(ask, sizeof ask, "check %.*s", (int)sizeof ask - 7, cmd);
	if (strcmp(ask, u->tk_cpl_asked) == 0)
		return;
	if (u->tk_cpl_req) {
		u->tk_cpl_again = true;
		return;
	}
	cmd_order_of(&c, CMD_CHECK_ORDER, &req);
	struct rt_request *r = ui_request_of(&c);
	str_copy(u->tk_cpl_asked, sizeof u->tk_cpl_asked, ask);
	u->tk_cpl_again = false;
	r->typed = true;
	u->tk_cpl_req = r;
	runtime_submit(u->rt, r);
}

/* Compliance's answer R to the ticket's check, in the ticket's border
 * (BUF of LEN bytes): the verdict, and the first rule that broke.
 * Returns whether it passed. */
static bool
ticket_check_summary(const struct result *r, char *buf, size_t len)
{
	struct result_item it;

	buf[0] = '\0';
	for (size_t i = 0, n = result_count(r); i < n; i++) {
		result_at(r, i, &it);
		if (it.kind != RESULT_CHECK)
			continue;
		char	line[512], full[600];
		bool	pass = format_check_line(it.check, true, line,
		    sizeof line);
		snprintf(full, sizeof full, "compliance: %s", line);
		str_copy(buf, len, full);
		return pass;
	}
	return true;
}

/* The answer to ticket_preview(): its first lines, shortened. */
bool
ui_take_ticket_check(struct ui *u, struct rt_request *r)
{
	if (r != u->tk_cpl_req)
		return false;
	u->tk_cpl_req = NULL;
	u->tk_cpl[0] = '\0';
	u->tk_cpl_pass = true;
	if (r->status != RT_FAILED && r->res)
		u->tk_cpl_pass = ticket_check_summary(r->res, u->tk_cpl,
		    sizeof u->tk_cpl);
	if (u->tk_cpl_again) {
		u->tk_cpl_asked[0] = '\0';
		ticket_preview(u);
	}
	return true;
}

void
ui_ticket_submit(struct ui *u)
{
	char cmd[LINE_MAX_LEN];
	struct order_req req;
	struct cmd c;
	struct err e = { "" };

	ticket_check(u);
	if (u->tk_check[0]) {
		ui_add_message(u, TH_MESSAGE_ERROR, "ticket: %s", u->tk_check);
		return;
	}
	if (!u->tk[TF_QTY][0] || !u->tk[TF_SYMBOL][0]) {
		snprintf(u->tk_check, sizeof u->tk_check, "the ticket needs a "
		    "quantity and a symbol");
		return;
	}
	if (ticket_request(u, &req, &e) == -1) {
		ui_add_message(u, TH_MESSAGE_ERROR, "ticket: %s", e.msg);
		return;
	}
	/* The order goes as values; its text is only the echo. */
	cmd_order_of(&c, CMD_ORDER, &req);
	ticket_command(u, cmd, sizeof cmd);
	ui_submit_cmd(u, &c, cmd);
	u->mode = M_NORMAL;
	u->focus = P_BLOTTER;
}

/* Complete the symbol field from the instruments: the longest common
 * prefix of the symbols that start with what is typed.  Returns true
 * when it added something (false: nothing to add, move on). */
static bool
complete_symbol(struct ui *u, char *f, size_t cap)
{
	size_t len = strlen(f), common = 0;
	const char *first = NULL;

	for (size_t i = 0; u->v && i < u->v->ninstruments; i++) {
		const char *sym = u->v->instruments[i].symbol;
		if (strncmp(sym, f, len) != 0)
			continue;
		if (!first) {
			first = sym;
			common = strlen(sym);
		} else {
			size_t k = len;
			while (k < common && sym[k] == first[k])
				k++;
			common = k;
		}
	}
	if (!first || common <= len || common >= cap)
		return false;
	memcpy(f + len, first + len, common - len);
	f[common] = '\0';
	return true;
}

/* Type KEY into the ticket's field (the side and type are chosen, not
 * typed); false when the field takes no typing. */
bool
ui_ticket_type(struct ui *u, int key)
{
	char *f = u->tk[u->tk_field];
	int cur = (int)strlen(f);

	if (u->tk_field == TF_SIDE || u->tk_field == TF_TYPE)
		return false;
	ui_edit_key(f, sizeof u->tk[0], &cur, key);
	/* A limit price typed into a market ticket makes it a limit
	 * order, as @ does on the command line. */
	if (u->tk_field == TF_PRICE && f[0] &&
	    strcmp(u->tk[TF_TYPE], "market") == 0)
		str_copy(u->tk[TF_TYPE], sizeof u->tk[0], "limit");
	if (u->tk_field == TF_STOP && f[0] &&
	    strcmp(u->tk[TF_TYPE], "market") == 0)
		str_copy(u->tk[TF_TYPE], sizeof u->tk[0], "stop");
	ticket_check(u);
	return true;
}

/* Close the ticket unsent. */
void
ui_ticket_close(struct ui *u)
{
	u->mode = M_NORMAL;
	u->focus = P_BLOTTER;
}

/* The next field; from the symbol, first complete what is typed. */
void
ui_ticket_field_next(struct ui *u)
{
	char *f = u->tk[u->tk_field];

	if (u->tk_field == TF_SYMBOL && complete_symbol(u, f, sizeof u->tk[0]))
		ticket_check(u);
	else
		u->tk_field = (u->tk_field + 1) % TF_COUNT;
}

/* The previous field. */
void
ui_ticket_field_prev(struct ui *u)
{
	u->tk_field = (u->tk_field + TF_COUNT - 1) % TF_COUNT;
}

/* A key in the ticket that runs none of its actions: Space and the
 * arrows choose the side and the type, other keys are typed. */
void
ui_ticket_key(struct ui *u, int key)
{
	char *f = u->tk[u->tk_field];

	if (u->tk_field == TF_SIDE && (key == ' ' || key == KEY_LEFT ||
	    key == KEY_RIGHT)) {
		int s = 0;
		while (s < 4 && strcmp(side_words[s], f) != 0)
			s++;
		s = (s + (key == KEY_LEFT ? 3 : 1)) % 4;
		str_copy(f, sizeof u->tk[0], side_words[s]);
	} else if (u->tk_field == TF_TYPE && (key == ' ' || key == KEY_LEFT ||
	    key == KEY_RIGHT)) {
		int t = 0;
		while (t < NTYPES && strcmp(type_words[t], f) != 0)
			t++;
		t = (t + (key == KEY_LEFT ? NTYPES - 1 : 1)) % NTYPES;
		str_copy(f, sizeof u->tk[0], type_words[t]);
		ticket_check(u);
	} else {
		(void)ui_ticket_type(u, key);
	}
}
