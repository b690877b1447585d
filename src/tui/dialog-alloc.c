/* src/tui/dialog-alloc.c: the allocation wizard, over the panes.
 *
 * It splits a block's unallocated fills among its accounts.  It
 * computes no split itself: it asks the worker quietly for "show block
 * B" and "alloc B ... preview", draws the answers (read by allocwiz.c),
 * and books with the very command it last previewed. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixed.h"
#include "format.h"
#include "screen-int.h"

/* A percentage of ALLOCWIZ_TOTAL as "55.56%" into BUF. */
static char *
pct_fmt(int64_t w, char *buf, size_t len)
{
	char t[32];

	fixed_fmt((w + 5000) / 10000, 2, 2, t, sizeof t);
	snprintf(buf, len, "%s%%", t);
	return buf;
}

/* The allocation wizard: the block on top, the methods with the one
 * chosen, what the split would book, then one row per account with its
 * request, what it already has, its weight and its share of the
 * booking, and the latest message, so the booking's answer shows. */
void
ui_draw_alloc(struct ui *u)
{
	int h = u->rows - 4, w = u->cols - 4, y = 2, x = 2;
	const struct allocwiz *z = &u->wz;
	int n = (int)z->nacct, list_h = h - 7, t = y + 3;
	int64_t *weight = xcalloc(z->nacct + 1, sizeof *weight);
	char k1[KEYMAP_KEY_NAME_MAX], k2[KEYMAP_KEY_NAME_MAX];
	char k3[KEYMAP_KEY_NAME_MAX], k4[KEYMAP_KEY_NAME_MAX];

	ui_overlay_clear(u);
	if (u->wz_info_ok)
		ui_put(y, x + 1, w - 2, TH_PANE_FOCUS, "Allocate %s: %s %"
		    PRId64 " %s, filled %" PRId64 ", allocated %" PRId64
		    ", unallocated %" PRId64, z->block, z->side, z->qty,
		    z->symbol, z->filled, z->allocated, z->unallocated);
	else
		ui_put(y, x + 1, w - 2, TH_PANE_FOCUS, "Allocate block %s",
		    z->block);
	/* The methods, the chosen one marked (and in brackets, for screens
	 * without colour), then how to change them. */
	int mx = x + 1;
	mx += (int)strlen("Method: ");
	ui_put(y + 1, x + 1, w - 2, TH_NORMAL, "Method: ");
	for (int m = 0; m < ALLOC_METHOD_COUNT; m++) {
		char cell[24];
		snprintf(cell, sizeof cell, m == (int)u->wz_method ? "[%s]" :
		    " %s ", alloc_method_name((enum alloc_method)m));
		ui_put(y + 1, mx, x + w - 1 - mx, m == (int)u->wz_method ?
		    TH_SELECTION : TH_NORMAL, "%s", cell);
		mx += (int)strlen(cell) + 1;
	}
	ui_put(y + 1, mx + 1, x + w - 2 - mx, TH_NORMAL, "%s next  %s/%s/%s",
	    ui_key_for(u, "alloc", "alloc-method-next", k1, sizeof k1),
	    ui_key_for(u, "alloc", "alloc-prorata", k2, sizeof k2),
	    ui_key_for(u, "alloc", "alloc-even", k3, sizeof k3),
	    ui_key_for(u, "alloc", "alloc-weights", k4, sizeof k4));
	/* What the split would book, or why there is none; "..." while the
	 * split shown is not yet the one chosen. */
	char want[WZ_CMD_MAX];
	bool current = !u->wz_prev_req && allocwiz_command(z, u->wz_method,
	    true, want, sizeof want) && strcmp(want, u->wz_shown) == 0;
	if (u->wz_err[0]) {
		/* The engine's reasons run long: a second line, at a blank,
		 * and the table moves down one. */
		int len = (int)strlen(u->wz_err), cut = len;
		if (len > w - 2) {
			cut = w - 2;
			while (cut > 0 && u->wz_err[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = w - 2;
		}
		ui_put(y + 2, x + 1, w - 2, TH_MESSAGE_WARN, "%.*s", cut,
		    u->wz_err);
		if (cut < len) {
			ui_put(y + 3, x + 1, w - 2, TH_MESSAGE_WARN, "%s",
			    u->wz_err + cut + (u->wz_err[cut] == ' '));
			t++;
			list_h--;
		}
	} else if (z->have_preview && z->nothing && z->filled == 0)
		ui_put(y + 2, x + 1, w - 2, TH_MESSAGE_WARN, "Nothing to "
		    "allocate: block %s has no fills yet", z->block);
	else if (z->have_preview && z->nothing)
		ui_put(y + 2, x + 1, w - 2, TH_MESSAGE_WARN, "Nothing to "
		    "allocate: block %s has filled %" PRId64 " and all of it "
		    "is booked", z->block, z->filled);
	else if (z->have_preview)
		ui_put(y + 2, x + 1, w - 2, TH_NORMAL, "Would book %" PRId64
		    " %s at %s (%s)%s", z->book_qty, z->symbol, z->px,
		    z->method, current ? "" : "  ...");
	else
		ui_put(y + 2, x + 1, w - 2, TH_NORMAL, "...");
	ui_put(t, x + 1, w - 2, TH_HEADER, "%-10s %9s %8s %8s %9s %7s %14s",
	    "ACCOUNT", "REQUESTED", "BEFORE", "WEIGHT", "QTY", "SHARE",
	    "NOTIONAL");
	if (n > 0) {
		allocwiz_basis(z, u->wz_method, weight);
		if (allocwiz_normalize(weight, z->nacct, ALLOCWIZ_TOTAL,
		    weight, NULL) == -1)
			memset(weight, 0, z->nacct * sizeof *weight);
	}
	if (u->wz_sel >= n)
		u->wz_sel = n - 1;
	if (u->wz_sel < 0)
		u->wz_sel = 0;
	if (u->wz_top > u->wz_sel)
		u->wz_top = u->wz_sel;
	if (list_h > 0 && u->wz_sel >= u->wz_top + list_h)
		u->wz_top = u->wz_sel - list_h + 1;
	for (int i = 0; i < list_h && u->wz_top + i < n; i++) {
		int k = u->wz_top + i;
		const struct allocwiz_acct *a = &z->acct[k];
		char wt[40], q[24], sh[40], g[32];
		pct_fmt(weight[k], wt, sizeof wt);
		bool show = z->have_preview && !z->nothing && !u->wz_err[0];
		snprintf(q, sizeof q, show ? "%" PRId64 : "-", a->qty);
		if (show && z->book_qty > 0)
			pct_fmt(fixed_muldiv(a->qty, ALLOCWIZ_TOTAL,
			    z->book_qty), sh, sizeof sh);
		else
			str_copy(sh, sizeof sh, "-");
		if (show)
			format_money(a->gross, g, sizeof g);
		else
			str_copy(g, sizeof g, "-");
		ui_put(t + 1 + i, x + 1, w - 2, k == u->wz_sel ? TH_SELECTION :
		    TH_NORMAL, "%-10.10s %9" PRId64 " %8" PRId64 " %8s %9s %7s "
		    "%14s", a->account, a->request, a->before, wt, q, sh, g);
	}
	if (n == 0 && !u->wz_err[0])
		ui_put(t + 1, x + 1, w - 2, TH_NORMAL, "...");
	if (u->wz_note[0])
		ui_put(y + h - 2, x + 1, w - 2, TH_MESSAGE_WARN, "%s",
		    u->wz_note);
	if (u->nmsgs > 0)
		ui_put(y + h - 1, x + 1, w - 2, u->msgs[u->nmsgs - 1].el, "%s",
		    u->msgs[u->nmsgs - 1].text);
	free(weight);
}

/* Ask the worker, quietly, for the block and its accounts, unless that
 * question is already on its way (its answer then asks again if the
 * wizard looked afresh meanwhile). */
static void
wizard_info(struct ui *u)
{
	char echo[LINE_MAX_LEN];
	struct cmd c;

	if (u->wz_info_req)
		return;
	ui_cmd_on(&c, CMD_SHOW_BLOCK, u->wz.block, NULL, echo, sizeof echo);
	struct rt_request *r = ui_request_of(&c);
	r->typed = true;
	u->wz_info_req = r;
	u->wz_info_gen = u->wz_gen;
	runtime_submit(u->rt, r);
}

/* Ask for the preview of the split chosen, once per change and one at a
 * time; the answer shows in the wizard (ui_take_wizard()). */
static void
wizard_preview(struct ui *u)
{
	char want[WZ_CMD_MAX];

	if (!ui_wizard_on(u) || u->wz_prev_req)
		return;
	if (!allocwiz_command(&u->wz, u->wz_method, true, want, sizeof want)) {
		snprintf(u->wz_err, sizeof u->wz_err, "these weights do not "
		    "fit on one command line; use the alloc command");
		return;
	}
	if (strcmp(want, u->wz_shown) == 0)
		return;
	/* The words name the split shown; the values are what is sent. */
	struct rt_request *r = xcalloc(1, sizeof *r);
	if (!allocwiz_cmd(&u->wz, u->wz_method, true, &r->cmd)) {
		snprintf(u->wz_err, sizeof u->wz_err, "these weights do not "
		    "fit on one command; use the alloc command");
		free(r);
		return;
	}
	str_copy(u->wz_sent, sizeof u->wz_sent, want);
	r->typed = true;
	u->wz_prev_req = r;
	u->wz_prev_gen = u->wz_gen;
	runtime_submit(u->rt, r);
}

/* Look at the block afresh: what was asked before is stale. */
static void
wizard_refresh(struct ui *u)
{
	u->wz_gen++;
	u->wz_shown[0] = '\0';
	wizard_info(u);
	wizard_preview(u);
}

/* Open the wizard on block ID, by the default method. */
void
ui_wizard_open(struct ui *u, const char *id)
{
	allocwiz_free(&u->wz);
	str_copy(u->wz.block, sizeof u->wz.block, id);
	u->wz_method = ALLOC_PRORATA;
	u->wz_sel = u->wz_top = 0;
	u->wz_editing = false;
	u->wz_info_ok = false;
	u->wz_err[0] = u->wz_note[0] = '\0';
	u->mode = M_ALLOC;
	wizard_refresh(u);
}

/* The answers to wizard_info() and wizard_preview(): true when R was one
 * of them (an answer to an older look, or for a closed wizard, is only
 * dropped). */
bool
ui_take_wizard(struct ui *u, struct rt_request *r)
{
	struct err e = { "" };

	if (r == u->wz_info_req) {
		u->wz_info_req = NULL;
		if (!ui_wizard_on(u))
			return true;
		if (u->wz_info_gen != u->wz_gen) {
			wizard_info(u);
			return true;
		}
		if (r->status == RT_FAILED)
			str_copy(u->wz_err, sizeof u->wz_err, r->err);
		else if (allocwiz_read_block(&u->wz, r->res, &e) == -1)
			str_copy(u->wz_err, sizeof u->wz_err, e.msg);
		else
			u->wz_info_ok = true;
		wizard_preview(u);
		return true;
	}
	if (r != u->wz_prev_req)
		return false;
	u->wz_prev_req = NULL;
	if (!ui_wizard_on(u))
		return true;
	if (u->wz_prev_gen == u->wz_gen) {
		str_copy(u->wz_shown, sizeof u->wz_shown, u->wz_sent);
		u->wz_err[0] = '\0';
		if (r->status == RT_FAILED) {
			str_copy(u->wz_err, sizeof u->wz_err, r->err);
			u->wz.have_preview = false;
		} else if (allocwiz_read_preview(&u->wz, r->res, &e) == -1) {
			str_copy(u->wz_err, sizeof u->wz_err, e.msg);
			u->wz.have_preview = false;
		}
	}
	wizard_preview(u);
	return true;
}

/* A new view or blotter page: when the block filled more, look at it
 * again (and drop a y/n question about the old split).  The view's
 * recent orders are newer than the page, so they are asked first. */
void
ui_wizard_watch(struct ui *u)
{
	const struct order *b = NULL;

	if (!ui_wizard_on(u) || !u->wz_info_ok || u->wz_info_req)
		return;
	for (size_t i = 0; u->v && !b && i < u->v->norders; i++)
		if (strcmp(u->v->orders[i].id, u->wz.block) == 0)
			b = &u->v->orders[i];
	if (!b)
		b = ui_find_local_order(u, u->wz.block);
	if (!b || b->cum_qty == u->wz.filled)
		return;
	if (u->mode == M_CONFIRM) {
		u->mode = M_ALLOC;
		snprintf(u->wz_note, sizeof u->wz_note, "block %s filled more: "
		    "check the new split before booking", u->wz.block);
	}
	wizard_refresh(u);
}

/* Split by M from now on.  Weights start from the split by the method
 * left, so switching to them changes nothing until a share is typed. */
void
ui_wizard_method(struct ui *u, enum alloc_method m)
{
	if (m == ALLOC_WEIGHTS && u->wz_method != ALLOC_WEIGHTS) {
		size_t n = u->wz.nacct;
		if (!u->wz_info_ok || n == 0) {
			snprintf(u->wz_note, sizeof u->wz_note, "wait for the "
			    "block's accounts");
			return;
		}
		int64_t *w = xcalloc(n, sizeof *w);
		allocwiz_basis(&u->wz, u->wz_method, w);
		if (allocwiz_normalize(w, n, ALLOCWIZ_TOTAL, w, NULL) == 0)
			for (size_t i = 0; i < n; i++)
				u->wz.acct[i].weight = w[i];
		free(w);
	}
	u->wz_method = m;
	wizard_preview(u);
}

/* Give the selected account the share typed and re-balance the others
 * (by weights from now on); a share that makes no sense stays on the
 * line with the reason. */
static void
wizard_share(struct ui *u)
{
	struct err e = { "" };
	size_t n = u->wz.nacct;
	int64_t share, booking = u->wz.have_preview && !u->wz.nothing ?
	    u->wz.book_qty : u->wz.unallocated;

	if (!u->wz_info_ok || n == 0 || u->wz_sel >= (int)n) {
		u->wz_editing = false;
		return;
	}
	if (allocwiz_parse_share(u->wz_line, booking, &share, &e) == -1) {
		str_copy(u->wz_note, sizeof u->wz_note, e.msg);
		return;
	}
	int64_t *basis = xcalloc(n, sizeof *basis), *out = xcalloc(n,
	    sizeof *out);
	allocwiz_basis(&u->wz, u->wz_method, basis);
	if (allocwiz_rebalance(basis, n, (size_t)u->wz_sel, share, out,
	    &e) == -1) {
		str_copy(u->wz_note, sizeof u->wz_note, e.msg);
	} else {
		for (size_t i = 0; i < n; i++)
			u->wz.acct[i].weight = out[i];
		u->wz_method = ALLOC_WEIGHTS;
		u->wz_editing = false;
		u->wz_note[0] = '\0';
		wizard_preview(u);
	}
	free(basis);
	free(out);
}

/* Book the split shown: the command previewed, without "preview", after
 * a y/n question when confirmations are on.  Refused while the split
 * shown is not the one chosen, or there is none. */
void
ui_wizard_book(struct ui *u)
{
	char cmd[WZ_CMD_MAX], want[WZ_CMD_MAX];
	const struct allocwiz *z = &u->wz;

	if (u->wz_prev_req || u->wz_info_req) {
		snprintf(u->wz_note, sizeof u->wz_note, "wait for the split to "
		    "show before booking");
		return;
	}
	if (u->wz_err[0]) {
		snprintf(u->wz_note, sizeof u->wz_note, "this split cannot be "
		    "booked: change the method or the shares");
		return;
	}
	if (!allocwiz_command(z, u->wz_method, true, want, sizeof want) ||
	    strcmp(want, u->wz_shown) || !z->have_preview) {
		snprintf(u->wz_note, sizeof u->wz_note, "wait for the split to "
		    "show before booking");
		return;
	}
	if (z->nothing) {
		snprintf(u->wz_note, sizeof u->wz_note, "nothing to allocate "
		    "in block %s", z->block);
		return;
	}
	size_t takers = 0;
	for (size_t i = 0; i < z->nacct; i++)
		takers += z->acct[i].qty > 0;
	struct cmd c;
	allocwiz_command(z, u->wz_method, false, cmd, sizeof cmd);
	if (!allocwiz_cmd(z, u->wz_method, false, &c)) {
		snprintf(u->wz_note, sizeof u->wz_note, "this split cannot be "
		    "booked: change the method or the shares");
		return;
	}
	u->wz_note[0] = '\0';
	ui_ask(u, &c, cmd, "Book %" PRId64 " %s of block %s at %s to %zu account%s "
	    "(%s)?", z->book_qty, z->symbol, z->block, z->px, takers,
	    takers == 1 ? "" : "s", z->method);
	if (u->mode == M_CONFIRM)
		u->ask_back = M_ALLOC;
	else
		u->mode = M_NORMAL;	/* sent: the answer goes to messages */
}

/* The wizard's typing: the share being typed takes every key, and a
 * digit the wizard does not bind starts one.  Returns true when KEY was
 * taken so; the wizard's actions then come from the action table. */
bool
ui_alloc_typed(struct ui *u, int key)
{
	int n = (int)u->wz.nacct;

	if (u->wz_editing) {
		if (key == 27) {
			u->wz_editing = false;
			u->wz_note[0] = '\0';
		} else if (key == '\r' || key == '\n') {
			wizard_share(u);
		} else {
			ui_edit_key(u->wz_line, sizeof u->wz_line, &u->wz_cur,
			    key);
		}
		return true;
	}
	if (!keymap_action_local(u->km, "alloc", key) &&
	    ((key >= '0' && key <= '9') || key == '.')) {
		if (!u->wz_info_ok || n == 0)
			return true;
		u->wz_line[0] = (char)key;
		u->wz_line[1] = '\0';
		u->wz_cur = 1;
		u->wz_editing = true;
		return true;
	}
	return false;
}
