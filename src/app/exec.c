/* src/app/exec.c: runs commands against the book, the store and the venues.
 *
 * The book (memory) holds reference data, quotes, live orders and
 * positions; the store holds everything, and every change to the book is
 * journaled in the same step.  A command is checked completely before the
 * first change, so a refused command changes nothing.  Venue answers are
 * queued by exec_emit() while a venue call runs and applied afterwards, in
 * order, by exec_drain() (exec-pipe.c): each one goes through the order
 * status table, then to the store, then into the book.
 *
 * This file holds the engine's state and what every other file of the
 * engine uses: the journal, order events and warnings, the session's
 * hours, and the hooks the parts (compliance, blocks) attach to. */

#include "config.h"
#include "exec.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "calendar.h"
#include "cmd.h"
#include "csv.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "hmap.h"
#include "view.h"
#include "fx.h"
#include "sbuf.h"
#include "store.h"
#include "desk.h"
#include "venue.h"
#include "exec-int.h"

/* ---- small helpers ---------------------------------------------------- */

int
exec_store_fail(struct exec *x, struct err *err)
{
	x->store_failed = true;
	(void)err;
	return -1;
}

struct venue *
exec_venue_find(struct exec *x, const char *name)
{
	for (size_t i = 0; i < x->nvenues; i++)
		if (strcmp(x->venues[i]->name, name) == 0)
			return x->venues[i];
	return NULL;
}

/* A new entry of KIND in the session's log (the oldest goes). */
static struct view_log *
log_entry(struct exec *x, enum view_log_kind kind)
{
	struct view_log *e = &x->events[x->event_seq++ % VIEW_EVENTS];

	memset(e, 0, sizeof *e);
	e->kind = kind;
	x->changed = true;
	return e;
}

/* Keep TEXT (one line, or several) in the session's log. */
void
exec_keep_line(struct exec *x, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		struct view_log *e = log_entry(x, VIEW_LOG_NOTE);
		snprintf(e->text, sizeof e->text, "%.*s", (int)n, text);
		text += n;
		text += *text == '\n';
	}
}

void
exec_log_alert(struct exec *x, const struct store_alert *a)
{
	if (x->keep_events)
		log_entry(x, VIEW_LOG_ALERT)->alert = *a;
}

void
exec_event_line(struct exec *x, const struct order *o, const char *what,
    int64_t qty, int64_t px, const char *text)
{
	/* An interactive session shows events from its log, once. */
	if (x->keep_events) {
		struct view_log *e = log_entry(x, VIEW_LOG_EVENT);
		result_event_of(&e->ev, o, what, qty, px, NULL);
		e->ev.text = NULL;
		str_copy(e->text, sizeof e->text, text ? text : "");
	} else if (x->res) {
		result_event(x->res, o, what, qty, px, text);
	}
}

void
exec_warn(struct exec *x, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!x->res && !x->keep_events)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (x->keep_events)
		str_copy(log_entry(x, VIEW_LOG_WARNING)->text, VIEW_EVENT_LEN,
		    msg);
	else if (x->res)
		result_warning(x->res, msg);
}

/* YYYYMMDD of a clock value. */
int32_t
exec_date_of(int64_t t)
{
	return calendar_date(calendar_day_of(t));
}

/* Find an order: live ones in the book, done ones in the store (copied to
 * TMP).  Returns the order, or NULL with ERR ("unknown order"). */
struct order *
exec_find_order(struct exec *x, const char *id, struct order *tmp,
    struct err *err)
{
	struct order *o = book_order(x->bk, id);

	if (o)
		return o;
	int r = store_get_order(x->st, id, tmp, err);
	if (r == 1)
		return tmp;
	if (r == 0)
		err_set(err, "unknown order '%s'", id);
	else
		x->store_failed = true;
	return NULL;
}

/* Keep the latest state of O among the recent orders the screen shows,
 * dropping the oldest beyond RECENT_MAX. */
void
exec_remember_order(struct exec *x, const struct order *o)
{
	struct order *r = hmap_get(x->recent, o->id);

	x->changed = true;
	if (r) {
		*r = *o;
		return;
	}
	r = xmalloc(sizeof *r);
	*r = *o;
	hmap_put(x->recent, r->id, r);
	while (hmap_count(x->recent) > EXEC_RECENT_MAX) {
		size_t pos = 0;
		const char *key;
		void *val;
		char oldest[ORDER_ID_MAX];
		if (!hmap_next(x->recent, &pos, &key, &val))
			break;
		str_copy(oldest, sizeof oldest, key);
		free(hmap_del(x->recent, oldest));
	}
}

int
exec_journal(struct exec *x, const struct order *o,
    const struct store_order_rec *rec, const struct position *pos,
    struct err *err)
{
	struct store_order_rec r = *rec;
	int rc;

	/* Who shapes an order's terms or sends it is kept on the entry:
	 * such a login is not the order's only reviewer (review.c). */
	if (r.kind == SOJ_AMEND || r.kind == SOJ_BLOCK ||
	    (r.kind == SOJ_STATUS && (r.ev == OEV_RELEASE ||
	    r.ev == OEV_FLAG || r.ev == OEV_REPLACE_REQ)))
		r.login = exec_hook_login(x);
	rc = store_order(x->st, o, &r, pos, err);

	/* O (or the book's copy of it) changed: the money sums follow. */
	book_touch_order(x->bk, o->id);

	if (rc == -1)
		return exec_store_fail(x, err);
	if (rc == 0) {
		x->changed = true;
		if (exec_hook_journaled(x, o, &r, err) == -1)
			return -1;
		/* Only a screen shows the recent orders: a script keeps
		 * none. */
		if (x->keep_events)
			exec_remember_order(x, o);
	}
	return rc;
}

int
exec_journal_event(struct exec *x, const struct order *o, enum order_event ev,
    const struct order_change *chg, struct err *err)
{
	struct store_order_rec rec = { .kind = SOJ_STATUS, .ev = ev,
	    .chg = chg, .ts = x->now };

	return exec_journal(x, o, &rec, NULL, err);
}

bool
exec_venue_known(struct exec *x, const char *name)
{
	return exec_venue_find(x, name) || (x->remote &&
	    (strcmp(name, DEFAULT_VENUE) == 0 || exec_setup_names(x, name)));
}

int
exec_apply_status(struct exec *x, struct order *o, enum order_event ev,
    struct err *err)
{
	if (order_apply(o, ev, err) == -1)
		return -1;
	o->updated = x->now;
	return exec_journal_event(x, o, ev, NULL, err);
}

int
exec_session_allows(const struct exec *x, const struct order *o,
    struct err *err)
{
	if (exec_session_check(x, o->symbol, o->type, o->tif, o->gtd_date,
	    err) == -1)
		return err_prefix(err, "order %s: ", o->id);
	return 0;
}

void
exec_event(struct exec *x, const struct order *o, const char *what,
    const char *text)
{
	exec_event_line(x, o, what, 0, 0, text);
}

int32_t
exec_date(const struct exec *x)
{
	return exec_date_of(x->now);
}

void
exec_report(void *ctx, const char *msg)
{
	struct exec *x = ctx;

	if (x->keep_events)
		exec_keep_line(x, msg);
	else if (x->res)
		result_message(x->res, "%s", msg);
}

void
exec_note(struct exec *x, const char *text)
{
	if (x->keep_events)
		exec_keep_line(x, text);
}

/* Write T as "Tue 2026-01-06 09:30" into BUF. */
void
exec_session_time_fmt(int64_t t, char *buf, size_t len)
{
	char ts[24];

	cmd_time_fmt(t, ts, sizeof ts);
	ts[10] = ' ';
	ts[16] = '\0';
	snprintf(buf, len, "%s %s", calendar_weekday_name(calendar_weekday(
	    calendar_day_of(t))), ts);
}

/* Whether an order of TYPE and TIF for SYM may go to a venue now.  While
 * the session is open, anything may.  Before the open (pre-open) a limit
 * or stop order may wait for today's session, and a market order may
 * only be an OPG or ATC order; IOC and FOK need a session to trade in.  After
 * the close, on weekends and holidays only orders that outlive the day
 * (GTC, GTD) that are not market orders are taken: a DAY order would
 * expire at once and a market order would trade at a stale quote. */
int
exec_session_check(const struct exec *x, const char *sym, enum order_type type,
    enum order_tif tif, int32_t gtd_date, struct err *err)
{
	enum calendar_session s = calendar_session(x->cal, x->now);
	char when[32], day[16];

	/* A GTD order ends at the close of the last trading day on or
	 * before its date: none left (its date a weekend or holiday after
	 * the last close) and it would expire at once. */
	if (tif == TIF_GTD && calendar_date_valid(gtd_date) &&
	    calendar_last_close_by(x->cal, gtd_date) <= x->now) {
		exec_session_time_fmt(calendar_last_close_by(x->cal, gtd_date),
		    when, sizeof when);
		return err_set(err, "%s: tif=gtd:%s ends at the last close on "
		    "or before that date, %s, which is past (give a later "
		    "date)", sym, calendar_date_fmt(gtd_date, day, sizeof day),
		    when);
	}
	if (s == CALENDAR_OPEN_NOW)
		return 0;
	exec_session_time_fmt(calendar_next_open(x->cal, x->now), when,
	    sizeof when);
	if (s == CALENDAR_PRE_OPEN) {
		if (type == OTYPE_MARKET && tif != TIF_OPG && tif != TIF_ATC)
			return err_set(err, "%s: the session opens at %s; a "
			    "market order is taken before the open only as "
			    "tif=opg or tif=atc (or give a limit price)", sym,
			    when);
		if (tif == TIF_IOC || tif == TIF_FOK)
			return err_set(err, "%s: the session opens at %s; a "
			    "tif=%s order has nothing to trade against before "
			    "the open", sym, when, order_tif_name(tif));
		return 0;
	}
	if (type == OTYPE_MARKET)
		return err_set(err, "%s: the session is closed until %s; a "
		    "market order is taken only while it is open (give a "
		    "limit price and tif=gtc)", sym, when);
	if (tif == TIF_OPG)
		return err_set(err, "%s: the session is closed until %s; a "
		    "tif=opg order is taken on the day of that open, before "
		    "09:30", sym, when);
	if (tif != TIF_GTC && tif != TIF_GTD)
		return err_set(err, "%s: the session is closed until %s; a "
		    "tif=%s order would expire at once (use tif=gtc)", sym,
		    when, order_tif_name(tif));
	return 0;
}

int
exec_id_taken(struct exec *x, const char *id, struct err *err)
{
	struct order tmp;

	if (book_order(x->bk, id))
		return 1;
	int r = store_get_order(x->st, id, &tmp, err);
	if (r == -1)
		x->store_failed = true;
	return r;
}

bool
exec_store_failed(const struct exec *x)
{
	return x->store_failed;
}

int64_t
exec_now(const struct exec *x)
{
	return x->now;
}

const struct calendar *
exec_calendar(const struct exec *x)
{
	return x->cal;
}

const struct book *
exec_book(const struct exec *x)
{
	return x->bk;
}

void
exec_keep_events(struct exec *x, bool on)
{
	x->keep_events = on;
}

void
exec_set_sim_delay(struct exec *x, int64_t secs)
{
	if (secs <= 0 || x->sim_delay > 0 || x->nvenues == 0)
		return;
	x->sim_delay = secs;
	x->venues[0] = venue_delay_new(x->venues[0], secs, x->now);
}

bool
exec_remote(const struct exec *x)
{
	return x->remote;
}

void
exec_drop_kept(struct exec *x)
{
	for (size_t i = 0; i < x->nkept; i++)
		venue_free(x->kept[i]);
	x->nkept = 0;
}

bool
exec_setup_names(const struct exec *x, const char *name)
{
	for (size_t i = 0; i < x->setup.nfix; i++)
		if (strcmp(x->setup.fix[i].name, name) == 0)
			return true;
	for (size_t i = 0; i < x->setup.ndesk; i++)
		if (strcmp(x->setup.desk[i].name, name) == 0)
			return true;
	return false;
}

void
exec_close_venues(struct exec *x)
{
	for (size_t i = 0; i < x->nvenues; i++)
		venue_free(x->venues[i]);
	x->nvenues = 0;
	exec_drop_kept(x);
}

void
exec_free(struct exec *x)
{
	if (!x)
		return;
	exec_close_venues(x);
	book_free(x->bk);
	free(x->pend);
	hmap_free_values(x->recent);
	hmap_free_values(x->moves);
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks->free)
			x->parts[i].hooks->free(x->parts[i].state);
	calendar_free(x->cal);
	free(x);
}

/* ---- the engine and its parts ----------------------------------------- */

struct exec *
exec_alloc(struct store *st, int64_t now, bool remote, struct err *err)
{
	struct exec *x = xcalloc(1, sizeof *x);

	x->remote = remote;
	x->st = st;
	x->bk = book_new();
	x->now = now;
	x->recent = hmap_new();
	x->moves = hmap_new();
	if (!(x->cal = calendar_load_shipped(err))) {
		exec_free(x);
		return NULL;
	}
	return x;
}

void
exec_begin(struct exec *x, struct result *res)
{
	x->res = res;
	x->store_failed = false;
	x->npend = 0;
}

void
exec_attach(struct exec *x, const struct exec_hooks *h, void *state)
{
	if (x->nparts == EXEC_MAX_PARTS)
		fatal("exec_attach: more than %d parts", EXEC_MAX_PARTS);
	x->parts[x->nparts].hooks = h;
	x->parts[x->nparts].state = state;
	x->nparts++;
}

void *
exec_part(const struct exec *x, const struct exec_hooks *h)
{
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks == h)
			return x->parts[i].state;
	return NULL;
}

struct store *
exec_store(const struct exec *x)
{
	return x->st;
}

struct book *
exec_book_rw(const struct exec *x)
{
	return x->bk;
}

struct result *
exec_res(const struct exec *x)
{
	return x->res;
}

bool
exec_json_files(const struct exec *x)
{
	return x->json_files;
}

void
exec_set_json_files(struct exec *x, bool json)
{
	x->json_files = json;
}

struct result *
exec_set_res(struct exec *x, struct result *res)
{
	struct result *was = x->res;

	x->res = res;
	return was;
}

void
exec_touch(struct exec *x)
{
	x->changed = true;
}

bool
exec_keeps_events(const struct exec *x)
{
	return x->keep_events;
}

/* Call hook H of every part that has it (CALL: H and its arguments);
 * return -1 from the caller at the first that fails. */
#define EACH_PART(x, h, call)						\
	for (size_t i_ = 0; i_ < (x)->nparts; i_++)			\
		if ((x)->parts[i_].hooks->h &&				\
		    (x)->parts[i_].hooks->call == -1)			\
			return -1

int
exec_hook_halted(struct exec *x, const char *acct, struct err *err)
{
	EACH_PART(x, halted, halted(x, acct, err));
	return 0;
}

int
exec_hook_check(struct exec *x, const struct order *o, bool replace,
    struct cpl_result *res, char *summary)
{
	int worst = RULE_PASS;

	/* The counts only: the outcomes are kilobytes, and no one reads
	 * past res->n. */
	res->worst = RULE_PASS;
	res->checked = res->broken = res->n = 0;
	if (summary)
		summary[0] = '\0';
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks->check) {
			int w = x->parts[i].hooks->check(x, o, replace, res,
			    summary);
			if (w > worst)
				worst = w;
		}
	return worst;
}

int
exec_hook_record(struct exec *x, const struct order *o,
    const struct cpl_result *res, struct err *err)
{
	EACH_PART(x, record, record(x, o, res, err));
	return 0;
}

int
exec_hook_after_fill(struct exec *x, const char *acct, const char *sym,
    struct err *err)
{
	EACH_PART(x, after_fill, after_fill(x, acct, sym, err));
	return 0;
}

int
exec_hook_alert(struct exec *x, const char *kind, const char *acct,
    const char *sym, const char *rule_id, const char *detail,
    struct err *err)
{
	EACH_PART(x, alert, alert(x, kind, acct, sym, rule_id, detail, err));
	return 0;
}

void
exec_hook_mark_moved(struct exec *x, const char *sym)
{
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks->mark_moved)
			x->parts[i].hooks->mark_moved(x, sym);
}

int
exec_hook_load(struct exec *x, struct err *err)
{
	EACH_PART(x, load, load(x, err));
	return 0;
}

void
exec_hook_view(struct exec *x, struct view *v)
{
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks->view)
			x->parts[i].hooks->view(x, v);
}

int
exec_hook_open_venues(struct exec *x, struct err *err)
{
	EACH_PART(x, open_venues, open_venues(x, err));
	return 0;
}

int
exec_hook_journaled(struct exec *x, const struct order *o,
    const struct store_order_rec *rec, struct err *err)
{
	EACH_PART(x, journaled, journaled(x, o, rec, err));
	return 0;
}

void
exec_act_as(struct exec *x, const char *who)
{
	x->acting_as = who;
	store_set_user(x->st, who ? who : exec_hook_user(x));
}

int
exec_add_venue(struct exec *x, struct venue *v, struct err *err)
{
	if (x->nvenues == EXEC_MAX_VENUES) {
		venue_free(v);
		return err_set(err, "at most %d venues", EXEC_MAX_VENUES);
	}
	x->venues[x->nvenues++] = v;
	return 0;
}

const struct fix_dict *
exec_fix_dict(const struct exec *x)
{
	return x->setup.dict;
}

const char *
exec_hook_user(const struct exec *x)
{
	if (x->acting_as)
		return x->acting_as;
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks->user)
			return x->parts[i].hooks->user(x);
	return "";
}

const char *
exec_hook_login(const struct exec *x)
{
	if (x->acting_as)
		return x->acting_as;
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks->login)
			return x->parts[i].hooks->login(x);
	return "";
}

int
exec_hook_block_moved(struct exec *x, const struct order *b,
    struct err *err)
{
	EACH_PART(x, block_moved, block_moved(x, b, err));
	return 0;
}

int
exec_hook_block_release(struct exec *x, struct order *b, struct err *err)
{
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks->block_release)
			return x->parts[i].hooks->block_release(x, b, err);
	return err_set(err, "block %s cannot be released here", b->id);
}

int
exec_hook_member_cancel(struct exec *x, struct order *o, struct err *err)
{
	EACH_PART(x, member_cancel, member_cancel(x, o, err));
	return 0;
}

void
exec_hook_unallocated_rows(struct exec *x, const char *acct, int symw,
    int *nrows)
{
	for (size_t i = 0; i < x->nparts; i++)
		if (x->parts[i].hooks->unallocated_rows)
			x->parts[i].hooks->unallocated_rows(x, acct, symw,
			    nrows);
}

int
exec_hook_each_unallocated(struct exec *x,
    void (*fn)(void *, const struct format_position *), void *ctx,
    struct err *err)
{
	EACH_PART(x, each_unallocated, each_unallocated(x, fn, ctx, err));
	return 0;
}
