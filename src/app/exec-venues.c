/* src/app/exec-venues.c: the venues outside the process (FIX brokers):
 * opening them from the setup, their I/O between commands, routing by
 * asset class, and the commands about them (fix status, fix reset, show
 * fix, wait order).
 *
 * An external venue's I/O runs inside the worker's transaction
 * (exec_venues_poll()), so what a broker says and what the session keeps
 * of it commit together; what goes out waits for the commit
 * (exec_venues_flush()). */
#include "config.h"
#include "exec.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "book.h"
#include "err.h"
#include "fix.h"
#include "fixstore.h"
#include "cmd.h"
#include "sbuf.h"
#include "result.h"
#include "store.h"
#include "desk.h"
#include "venue.h"
#include "exec-int.h"
#include "exec-part.h"

static void
venue_note(void *ctx, const char *text)
{
	exec_note(ctx, text);
}

void
exec_keep_venues(struct exec *x)
{
	x->nreused = 0;
	for (size_t i = 0; i < x->nvenues; i++) {
		struct venue *v = x->venues[i];
		if (v->ops->resync)
			x->kept[x->nkept++] = v;
		else
			venue_free(v);
	}
	x->nvenues = 0;
}

bool
exec_venue_kept(const struct exec *x, const struct venue *v)
{
	for (size_t i = 0; i < x->nreused; i++)
		if (x->reused[i] == v)
			return true;
	return false;
}

int
exec_take_kept(struct exec *x, const char *name, struct venue **out,
    struct err *err)
{
	for (size_t i = 0; i < x->nkept; i++) {
		struct venue *v = x->kept[i];
		if (strcmp(v->name, name) != 0)
			continue;
		x->kept[i] = x->kept[--x->nkept];
		if (v->ops->resync(v, err) == -1) {
			venue_free(v);
			return -1;
		}
		x->reused[x->nreused++] = v;
		*out = v;
		return 1;
	}
	return 0;
}

int
exec_open_fix_venues(struct exec *x, struct err *err)
{
	const struct exec_setup *su = &x->setup;

	for (size_t i = 0; i < su->nfix; i++) {
		struct venue *v;
		if (x->nvenues == EXEC_MAX_VENUES)
			return err_set(err, "at most %d venues", EXEC_MAX_VENUES);
		int r = exec_take_kept(x, su->fix[i].name, &v, err);
		if (r == -1)
			return -1;
		if (r == 1) {
			v->note = venue_note;
			x->venues[x->nvenues++] = v;
			continue;
		}
		v = venue_fix_new(&su->fix[i], su->dict, x->st, exec_emit, x,
		    err);
		if (!v)
			return -1;
		v->note = venue_note;
		x->venues[x->nvenues++] = v;
	}
	return 0;
}

const struct exec_setup *
exec_setup_of(const struct exec *x)
{
	return &x->setup;
}

const char *
exec_route(const struct exec *x, const struct instrument *in)
{
	const char *r = x->setup.route[in->cls];

	return r[0] ? r : DEFAULT_VENUE;
}

void
exec_venue_names(const struct exec *x, char *buf, size_t size)
{
	size_t	n = (size_t)snprintf(buf, size, "%s", DEFAULT_VENUE);

	for (size_t i = 0; i < x->setup.nfix && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, ", %s",
		    x->setup.fix[i].name);
}

/* ---- I/O between commands --------------------------------------------- */

int
exec_venues_wait(struct exec *x, struct pollfd *p, int max, int *timeout_ms)
{
	int	n = 0;

	for (size_t i = 0; i < x->nvenues; i++) {
		struct venue *v = x->venues[i];
		int t = -1;
		if (!v->ops->wait)
			continue;
		n += v->ops->wait(v, p + n, max - n, &t);
		if (t >= 0 && (*timeout_ms < 0 || t < *timeout_ms))
			*timeout_ms = t;
	}
	return n;
}

bool
exec_has_external(const struct exec *x)
{
	for (size_t i = 0; i < x->nvenues; i++)
		if (x->venues[i]->ops->wait)
			return true;
	return false;
}

int
exec_venues_poll(struct exec *x, struct err *err)
{
	for (size_t i = 0; i < x->nvenues; i++) {
		struct venue *v = x->venues[i];
		if (!v->ops->wait)
			continue;
		x->npend = 0;
		if (v->ops->poll(v, 0) == -1) {
			err_set(err, "venue %s: the store failed while it "
			    "kept the session's messages", v->name);
			return exec_store_fail(x, err);
		}
		if (exec_drain(x, err) == -1)
			return -1;
	}
	return 0;
}

int
exec_venues_work(struct exec *x, struct err *err)
{
	exec_begin(x, NULL);
	return exec_venues_poll(x, err);
}

/*
 * Group commit of what the venues send.  Each commit writes every page it
 * touched to the WAL; the commit of one execution report writes a dozen
 * (the order, its fill, the journal, the position, the FIX message and
 * the session's numbers), and with reports arriving one by one, commits
 * were most of the worker's time.  So while reports flow, those that come
 * within a millisecond of the last commit go into one transaction: at
 * most one commit of venue input a millisecond under load, and none held
 * back when input is sparse (the last commit was longer ago).  A report
 * is committed at most that much later; orders going out never wait.
 * The worker sleeps out the rest of the millisecond and reads what came
 * at once, rather than waking for each report.
 */
#define GATHER_US	1000

static int64_t
mono_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int
exec_venues_gather(struct exec *x, int wake_fd, struct err *err)
{
	int64_t	now = mono_us(), until = x->venue_commit_us + GATHER_US;
	struct timespec ts;

	if (now >= until)
		return 0;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(until - now) * 1000;
	if (wake_fd >= 0) {
		struct pollfd p = { .fd = wake_fd, .events = POLLIN };

		/* A command came: it runs after this commit. */
		if (ppoll(&p, 1, &ts, NULL) != 0)
			return 0;
	} else {
		nanosleep(&ts, NULL);
	}
	return exec_venues_poll(x, err);
}

void
exec_venues_committed(struct exec *x)
{
	x->venue_commit_us = mono_us();
}

void
exec_venues_flush(struct exec *x)
{
	for (size_t i = 0; i < x->nvenues; i++)
		if (x->venues[i]->ops->flush)
			x->venues[i]->ops->flush(x->venues[i]);
}

/* ---- commands ----------------------------------------------------------- */

static void
status_line(struct exec *x, const char *name, const char *state,
    int64_t next_out, int64_t next_in, const char *peer, const char *note)
{
	if (x->res)
		result_message(x->res, "%-15s %-18s out %-8lld in %-8lld %s%s",
		    name, state, (long long)next_out, (long long)next_in, peer,
		    note);
}

/* A session another blotter holds, as it last wrote it to the store. */
static int
remote_status(void *ctx, const struct fixstore_session *q)
{
	struct exec *x = ctx;
	char	when[32], note[96], venue[VENUE_NAME_MAX];

	/* A broker's session is named as its venue; a desk client's
	 * "DESK:CLIENT". */
	str_copy(venue, sizeof venue, q->name);
	venue[strcspn(venue, ":")] = '\0';
	if (!exec_setup_names(x, venue))
		return 0;
	cmd_time_fmt(q->at, when, sizeof when);
	snprintf(note, sizeof note, " (held by another blotter; since %s)",
	    when);
	status_line(x, q->name, q->state[0] ? q->state : "never connected",
	    q->next_out, q->next_in, q->peer, note);
	return 0;
}

int
exec_cmd_fix_status(struct exec *x, const struct cmd *c, struct err *err)
{
	size_t	shown = 0;

	(void)c;
	if (x->remote && x->setup.nfix) {
		if (store_fix_each_session(x->st, remote_status, x, err) == -1)
			return exec_store_fail(x, err);
		return 0;
	}
	for (size_t i = 0; i < x->nvenues; i++) {
		struct venue *v = x->venues[i];
		struct venue_fix_status s[EXEC_SESSIONS_MAX];
		size_t	n = v->ops->sessions ? v->ops->sessions(v, s,
		    EXEC_SESSIONS_MAX) : 0;
		for (size_t k = 0; k < n; k++)
			status_line(x, s[k].name, s[k].state, s[k].next_out,
			    s[k].next_in, s[k].peer, "");
		shown += n;
	}
	if (shown == 0 && x->res)
		result_message(x->res, "no FIX session is set up (fix.NAME in "
		    "blotterrc)");
	return 0;
}

int
exec_cmd_fix_reset(struct exec *x, const struct cmd *c, struct err *err)
{
	struct venue *v = exec_venue_find(x, c->text);
	struct fixstore_seqs q;
	char	was_out[24], was_in[24];

	if (!v || !venue_is_fix(v))
		return err_set(err, "no FIX session named '%s'", c->text);
	if (store_fix_seqs(x->st, c->text, &q, err) == -1)
		return exec_store_fail(x, err);
	if (venue_fix_reset(v, err) == -1)
		return -1;
	snprintf(was_out, sizeof was_out, "%lld", (long long)q.next_out);
	snprintf(was_in, sizeof was_in, "%lld", (long long)q.next_in);
	const char *kv[] = { "next_out_was", was_out, "next_in_was", was_in,
	    NULL };
	if (store_audit(x->st, x->now, "fix.reset", c->text, kv, err) == -1)
		return exec_store_fail(x, err);
	if (x->res)
		result_message(x->res, "fix %s: sequence numbers reset to 1 "
		    "(were %s out, %s in)", c->text, was_out, was_in);
	return 0;
}

struct show_fix {
	struct exec *x;
	const struct fix_dict *dict;
	size_t	n;
};

/* One message as "SEQ DIR TIME Name(tag)=value ..." lines. */
static int
show_fix_msg(void *ctx, const struct fixstore_msg *m)
{
	struct show_fix *sf = ctx;
	struct fix_msg *fm = xcalloc(1, sizeof *fm);
	struct err err = { "" };
	struct sbuf line = { 0 };
	char	when[32];

	sf->n++;
	cmd_time_fmt(m->ts, when, sizeof when);
	sbuf_printf(&line, "%s %-3s %5lld %s", when, m->out ? "out" : "in",
	    (long long)m->seq, m->session);
	if (fix_parse(m->body, m->len, fm, &err) == -1) {
		sbuf_printf(&line, " (garbled: %s)", err.msg);
	} else {
		for (size_t i = 0; i < fm->n; i++) {
			const struct fix_field *f = &fm->f[i];
			const char *name = sf->dict ?
			    fix_dict_field_name(sf->dict, f->tag) : NULL;
			if (f->tag == 8 || f->tag == 9 || f->tag == 10)
				continue;
			if (name)
				sbuf_printf(&line, " %s=", name);
			else
				sbuf_printf(&line, " %d=", f->tag);
			sbuf_add(&line, f->val, f->len);
		}
	}
	if (sf->x->res)
		result_message(sf->x->res, "%s", line.p ? line.p : "");
	sbuf_free(&line);
	free(fm);
	return 0;
}

int
exec_cmd_show_fix(struct exec *x, const struct cmd *c, struct err *err)
{
	struct order tmp;
	struct show_fix sf = { x, x->setup.dict, 0 };

	if (!exec_find_order(x, c->id, &tmp, err))
		return -1;
	if (store_fix_each_msg(x->st, c->id, show_fix_msg, &sf, err) == -1)
		return exec_store_fail(x, err);
	if (sf.n == 0 && x->res)
		result_message(x->res, "order %s has no FIX messages", c->id);
	return 0;
}

