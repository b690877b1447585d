/* src/app/runtime.c: the worker thread.
 *
 * The worker owns the store connection, the engine (exec) and through it
 * the venues.  It sleeps on its inbound queue, takes every request that is
 * waiting, and runs them in one transaction: one commit for many orders
 * (group commit), and nothing is published before its commit.  When the
 * store fails mid-group, the transaction is rolled back, memory is read
 * back from the store, and every request of the group that had run is
 * answered as failed: nothing that was not saved is ever reported done. */
#include "config.h"
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "cmd.h"
#include "exec.h"
#include "format.h"
#include "paths.h"
#include "result.h"
#include "sbuf.h"
#include "store.h"
#include "tzone.h"
#include "view.h"

#define GROUP_MAX	4096	/* requests per transaction at most */
/* The most memory a pooled request keeps for its answer. */
#define KEEP_MAX	(256 * 1024)
#define POOL_MAX	8192	/* requests kept for reuse at most */

struct runtime {
	struct runtime_opts opts;
	char	db_path[4096];
	struct msgq *in, *out, *views;
	pthread_t thread;
	struct store *st;
	int	lock_fd;		/* holds the store for this process */
	bool	held;			/* the lease on lock_fd is ours */
	struct exec *x;
	bool	halted;
	bool	cal_warned;		/* the calendar was warned of */
	struct rt_request *done[GROUP_MAX];	/* the group being run */
	/* Requests given back for reuse (the submitting thread's). */
	struct rt_request *pool;
	size_t	npool;
	/* Start-up handshake. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int	started;		/* 0 waiting, 1 ready, -1 failed */
	struct err start_err;
};

/* A request that only asks the worker to stop. */
static struct rt_request quit_req;

static void
finish_start(struct runtime *rt, int state)
{
	pthread_mutex_lock(&rt->lock);
	rt->started = state;
	pthread_cond_signal(&rt->cond);
	pthread_mutex_unlock(&rt->lock);
}

/* The venue lease: one blotter at a time runs the venues of a store,
 * and the others hand it their orders through the store.  The lease is
 * an flock() on STORE.lock, which the system lets go of when the holder
 * ends, however it ends: no stale lease to clear after a crash.  A batch
 * run needs the lease (its script expects answers at once); the screen
 * works without it and keeps asking for it at each tick (take_over()),
 * so that when the holder quits another takes its venues within one. */
/* The holder writes what it is into the lock file: "script" or
 * "screen" (a screen or --serve, which works others' orders). */
static void
say_holder(struct runtime *rt)
{
	const char *what = rt->opts.interactive ? "screen\n" : "script\n";

	if (ftruncate(rt->lock_fd, 0) == 0)
		(void)!pwrite(rt->lock_fd, what, strlen(what), 0);
}

static bool
holder_is_script(int fd)
{
	char	buf[8] = "";

	return pread(fd, buf, 6, 0) == 6 && memcmp(buf, "script", 6) == 0;
}

static int
take_lease(struct runtime *rt, bool *held, struct err *err)
{
	char path[4200];

	snprintf(path, sizeof path, "%s.lock", rt->db_path);
	/* Never through a symlink: whoever planted one would have blotter
	 * create or lock a file of their choosing. */
	rt->lock_fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC, 0600);
	if (rt->lock_fd == -1 && errno == ELOOP)
		return err_set(err, "%s: is a symbolic link; blotter does not "
		    "follow it for a store's lock: remove it", path);
	if (rt->lock_fd == -1)
		return err_set(err, "%s: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(rt->lock_fd, &sb) == -1 || !S_ISREG(sb.st_mode))
		return err_set(err, "%s: not a regular file; blotter keeps a "
		    "store's lock in one: remove it", path);
	*held = rt->held = flock(rt->lock_fd, LOCK_EX | LOCK_NB) == 0;
	if (*held) {
		say_holder(rt);
		return 0;
	}
	/* A screen or blotter --serve runs the venues for the others; a
	 * script runs them for itself only and answers nobody else's. */
	if (!rt->opts.interactive && holder_is_script(rt->lock_fd))
		return err_set(err, "%s is in use by another blotter that holds "
		    "its venues for a script of its own; wait for it to end",
		    rt->db_path);
	return 0;
}

static int
open_store(struct runtime *rt, struct err *err)
{
	const char *dir;

	bool held;

	rt->st = store_open(rt->db_path, err);
	if (!rt->st)
		return -1;
	if (take_lease(rt, &held, err) == -1)
		return -1;
	if (store_begin(rt->st, err) == -1)
		return -1;
	rt->x = exec_new_setup(rt->st, rt->opts.start, !held, rt->opts.setup,
	    err);
	if (!rt->x)
		goto fail;
	exec_keep_events(rt->x, rt->opts.interactive);
	exec_set_sim_delay(rt->x, rt->opts.sim_delay);
	exec_set_same_login(rt->x, rt->opts.same_login_refuse);
	exec_set_json_files(rt->x, rt->opts.json);
	if (store_is_new(rt->st) && !rt->opts.empty) {
		if (!(dir = paths_datadir(err)) ||
		    exec_seed(rt->x, dir, err) == -1)
			goto fail;
	}
	if (store_commit(rt->st, err) == -1)
		goto fail;
	exec_venues_flush(rt->x);
	return 0;
fail:
	store_rollback(rt->st);
	return -1;
}

static void
set_result(struct rt_request *req, enum rt_status status, int line,
    const char *err)
{
	req->status = status;
	req->line = line;
	req->out = NULL;
	/* Most results carry no message: no printf for them. */
	if (!err)
		req->err[0] = '\0';
	else if (err != req->err)
		str_copy(req->err, sizeof req->err, err);
}

/* Run one request and record in it what to tell the caller. */
static void
run_one(struct runtime *rt, struct rt_request *req)
{
	struct err err;		/* set by what fails; not cleared per line */
	int rc;

	err.msg[0] = '\0';
	/* Only what this request gives back is its result: a reused
	 * request, a line that did not parse or a page must not hand back
	 * the previous command's. */
	if (req->res)
		result_reset(req->res);
	if (rt->halted) {
		set_result(req, RT_SKIPPED, req->cmd.line, NULL);
		return;
	}
	if (req->page && req->page_count) {
		rc = exec_page_total(rt->x, &req->cmd.filter, &req->total,
		    &err);
	} else if (req->page) {
		rc = exec_page(rt->x, &req->cmd.filter, req->page_where,
		    req->page_key, req->page_limit, &req->rows, &req->nrows,
		    &err);
	} else if (req->invalid) {
		rc = -1;
		str_copy(err.msg, sizeof err.msg, req->err);
	} else {
		if (!req->res && !rt->opts.quiet)
			req->res = result_new();
		rc = exec_run(rt->x, &req->cmd, rt->opts.quiet ? NULL :
		    req->res, &err);
	}
	if (rc == 0 && req->expect_fail) {
		char msg[ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "expect fail: the command on line %d "
		    "succeeded", req->cmd.line);
		set_result(req, RT_FAILED, req->fail_line, msg);
	} else if (rc == -1 && req->expect_fail && !exec_store_failed(rt->x)) {
		set_result(req, RT_OK, req->cmd.line, NULL);
	} else if (rc == -1) {
		set_result(req, RT_FAILED, req->cmd.line, err.msg);
	} else {
		set_result(req, RT_OK, req->cmd.line, NULL);
	}
	if (req->status == RT_FAILED && rt->opts.halt_on_error)
		rt->halted = true;
	/* A script's clock that leaves the calendar's years (or a missing
	 * calendar) is said once; the screen says it at its start. */
	char msg[ERR_MSG_MAX];
	if (!rt->opts.interactive && !rt->cal_warned &&
	    calendar_shipped_warning(exec_calendar(rt->x), exec_now(rt->x),
	    msg, sizeof msg)) {
		req->warn = xstrdup(msg);
		rt->cal_warned = true;
	}
}

/* The store failed: undo the group, read memory back from the store, and
 * answer for the group once: its first request fails, naming the lines
 * that were not saved, and the others are skipped (never reported done). */
static void
abandon_group(struct runtime *rt, struct rt_request **done, size_t n,
    const char *why)
{
	struct err err = { "" };
	char msg[ERR_MSG_MAX];
	size_t first = n;

	store_rollback(rt->st);
	for (size_t i = 0; i < n; i++) {
		/* What the undone commands gave back never happened. */
		if (done[i]->res)
			result_reset(done[i]->res);
		if (first == n && done[i]->status != RT_SKIPPED)
			first = i;
		else
			set_result(done[i], RT_SKIPPED, done[i]->line, NULL);
	}
	if (first < n) {
		int from = done[first]->cmd.line, to = done[n - 1]->cmd.line;
		if (from == to || to == 0)
			str_copy(msg, sizeof msg, why);
		else
			snprintf(msg, sizeof msg, "%s (lines %d to %d were not "
			    "saved)", why, from, to);
		set_result(done[first], RT_FAILED, from, msg);
	}
	if (rt->opts.halt_on_error)
		rt->halted = true;
	if (exec_reload(rt->x, &err) == -1)
		fatal("the store cannot be read back after a failure: %s",
		    err.msg);
}

/* Run up to GROUP_MAX requests from *LIST in one transaction and hand
 * them back after the commit.  Returns true when asked to stop. */
static bool
run_group(struct runtime *rt, struct msgq_node **list)
{
	struct rt_request **done = rt->done;
	struct err err = { "" };
	size_t n = 0;
	bool quit = false, failed = false;

	if (store_begin(rt->st, &err) == -1) {
		/* Nothing can run: the first request carries the reason, so
		 * every call makes progress. */
		struct rt_request *req = (struct rt_request *)*list;
		*list = (*list)->next;
		if (req == &quit_req)
			return true;
		req->node.next = NULL;
		if (rt->halted)
			set_result(req, RT_SKIPPED, req->cmd.line, NULL);
		else
			set_result(req, RT_FAILED, req->cmd.line, err.msg);
		if (rt->opts.halt_on_error)
			rt->halted = true;
		msgq_push(rt->out, &req->node);
		return false;
	}
	/* Another blotter's commits first: its orders, fills, quotes. */
	if (exec_follow_others(rt->x, &err) == -1) {
		store_rollback(rt->st);
		if (exec_reload(rt->x, &err) == -1)
			fatal("the store cannot be read back: %s", err.msg);
		return false;
	}
	while (*list && n < GROUP_MAX) {
		struct rt_request *req = (struct rt_request *)*list;
		*list = (*list)->next;
		if (req == &quit_req) {
			quit = true;
			break;
		}
		done[n++] = req;
		if (failed) {
			/* The group was abandoned: the rest waits for the next
			 * transaction, or is skipped when stopping at errors. */
			if (rt->halted) {
				set_result(req, RT_SKIPPED, req->cmd.line, NULL);
				continue;
			}
			n--;
			req->node.next = *list;
			*list = &req->node;
			break;
		}
		run_one(rt, req);
		if (exec_store_failed(rt->x)) {
			str_copy(err.msg, sizeof err.msg, req->err);
			abandon_group(rt, done, n, err.msg);
			failed = true;
		}
	}
	if (!failed && store_commit(rt->st, &err) == -1)
		abandon_group(rt, done, n, err.msg);
	exec_venues_flush(rt->x);
	/* Hand the group back together, after the commit. */
	for (size_t i = 0; i + 1 < n; i++)
		done[i]->node.next = &done[i + 1]->node;
	if (n) {
		done[n - 1]->node.next = NULL;
		msgq_push(rt->out, &done[0]->node);
	}
	return quit;
}

#define TICK_MS		250	/* an interactive session's clock tick */
#define EXEC_WAIT_FDS	16	/* descriptors of the venues outside */

/* The venue's time zone, set once before any thread starts. */
static struct tzone *venue_zone;

int
runtime_clock_zone(const char *name, struct err *err)
{
	struct tzone *z = tzone_load(name, err);

	if (!z)
		return -1;
	tzone_free(venue_zone);
	venue_zone = z;
	return 0;
}

/* The venue's time now, in venue seconds: the wall clock in the venue's
 * zone, whatever the process's TZ says. */
static int64_t
local_now(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (venue_zone)
		return (int64_t)t + tzone_offset(venue_zone, t);
	localtime_r(&t, &tm);
	return (int64_t)t + tm.tm_gmtoff;
}

/* BLOTTER_CLOCK, read once: how far the screen's clock is from the local
 * time, and what was wrong with the variable. */
static pthread_once_t clock_once = PTHREAD_ONCE_INIT;
static int64_t clock_offset;
static struct err clock_err;

static void
read_clock_env(void)
{
	const char *s = getenv("BLOTTER_CLOCK");
	int64_t t;

	if (!s || !*s)
		return;
	if (cmd_time_parse(s, &t, &clock_err) == 0)
		clock_offset = t - local_now();
	else
		err_prefix(&clock_err, "BLOTTER_CLOCK: ");
}

int
runtime_clock_check(struct err *err)
{
	pthread_once(&clock_once, read_clock_env);
	if (clock_err.msg[0])
		return err_set(err, "%s", clock_err.msg);
	return 0;
}

bool
runtime_clock_pinned(void)
{
	const char *s = getenv("BLOTTER_CLOCK");

	return s && *s;
}

void
runtime_clock_start_at(int64_t t)
{
	pthread_once(&clock_once, read_clock_env);
	clock_offset = t - local_now();
}

int64_t
runtime_wall_clock(void)
{
	pthread_once(&clock_once, read_clock_env);
	return local_now() + clock_offset;
}

/* An interactive session's tick: the wall clock, the demo market, then a
 * view for the screen when anything changed.  A store failure here is
 * rolled back and shows in the next view's absence of change. */
/* The holder of the lease quit (or died): take it and become the
 * holder, which sends the orders the others left pending.  When that
 * cannot be saved, give the lease back and try again at the next tick. */
static void
take_over(struct runtime *rt)
{
	struct err err = { "" };

	if (rt->held || rt->lock_fd == -1 ||
	    flock(rt->lock_fd, LOCK_EX | LOCK_NB) == -1)
		return;
	say_holder(rt);
	if (store_begin(rt->st, &err) == -1)
		goto give_back;
	if (exec_hold_venues(rt->x, true, &err) == 0 &&
	    store_commit(rt->st, &err) == 0) {
		rt->held = true;
		return;
	}
	store_rollback(rt->st);
	if (store_begin(rt->st, &err) == 0) {
		if (exec_hold_venues(rt->x, false, &err) == 0)
			(void)store_commit(rt->st, &err);
		else
			store_rollback(rt->st);
	}
give_back:
	flock(rt->lock_fd, LOCK_UN);
}

static void
tick(struct runtime *rt, bool force)
{
	struct err err = { "" };

	take_over(rt);
	if (store_begin(rt->st, &err) == 0) {
		if (exec_follow_others(rt->x, &err) != -1 &&
		    exec_set_time(rt->x, runtime_wall_clock(), &err) == 0 &&
		    rt->opts.market)
			rt->opts.market(rt->opts.market_ctx, rt->x,
			    exec_now(rt->x));
		if (exec_store_failed(rt->x) || store_commit(rt->st, &err) == -1)
			store_rollback(rt->st);
		exec_venues_flush(rt->x);
	}
	struct view *v = exec_view(rt->x, force);
	if (v) {
		v->node.next = NULL;
		msgq_push(rt->views, &v->node);
	}
}

/* Sleep until a request comes or TIMEOUT_MS (-1: for ever) passes; with
 * venues outside the process, wake for their I/O too and work it, in a
 * transaction of its own, committed before anything goes out. */
static void
wait_for_work(struct runtime *rt, int timeout_ms)
{
	struct pollfd p[1 + EXEC_WAIT_FDS];
	struct err err = { "" };
	int	t = timeout_ms;

	if (!exec_has_external(rt->x)) {
		msgq_wait(rt->in, timeout_ms);
		return;
	}
	p[0].fd = msgq_fd(rt->in);
	p[0].events = POLLIN;
	int n = exec_venues_wait(rt->x, p + 1, EXEC_WAIT_FDS, &t);
	(void)poll(p, (nfds_t)n + 1, t);
	if (store_begin(rt->st, &err) == -1)
		return;
	if (exec_venues_work(rt->x, &err) == -1 ||
	    exec_venues_gather(rt->x, msgq_fd(rt->in), &err) == -1 ||
	    exec_store_failed(rt->x) || store_commit(rt->st, &err) == -1) {
		store_rollback(rt->st);
		return;
	}
	exec_venues_committed(rt->x);
	exec_venues_flush(rt->x);
}

static void *
worker(void *arg)
{
	struct runtime *rt = arg;
	sigset_t all;

	/* Named, so top -H and debuggers show which thread is which. */
	pthread_setname_np(pthread_self(), "blotter-worker");
	/* Signals belong to the caller's thread (SIGWINCH, SIGINT). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	if (open_store(rt, &rt->start_err) == -1) {
		finish_start(rt, -1);
		return NULL;
	}
	finish_start(rt, 1);
	if (rt->opts.interactive)
		tick(rt, true);
	for (;;) {
		wait_for_work(rt, rt->opts.interactive ? TICK_MS : -1);
		struct msgq_node *list = msgq_take_all(rt->in);
		if (rt->opts.interactive && !list) {
			tick(rt, false);
			continue;
		}
		bool quit = false;
		while (list && !quit)
			quit = run_group(rt, &list);
		if (rt->opts.interactive && !quit)
			tick(rt, false);
		if (quit) {
			/* Anything queued behind the stop is handed back not
			 * run, for its owner to free. */
			for (struct msgq_node *n = list; n; n = n->next)
				set_result((struct rt_request *)n, RT_SKIPPED,
				    ((struct rt_request *)n)->cmd.line, NULL);
			if (list)
				msgq_push(rt->out, list);
			break;
		}
	}
	return NULL;
}

struct runtime *
runtime_start(const struct runtime_opts *opts, struct err *err)
{
	struct runtime *rt = xcalloc(1, sizeof *rt);

	rt->opts = *opts;
	rt->lock_fd = -1;
	str_copy(rt->db_path, sizeof rt->db_path, opts->db_path);
	rt->opts.db_path = rt->db_path;
	pthread_mutex_init(&rt->lock, NULL);
	pthread_cond_init(&rt->cond, NULL);
	if (!(rt->in = msgq_new(err)) || !(rt->out = msgq_new(err)) ||
	    !(rt->views = msgq_new(err)))
		goto fail;
	if (pthread_create(&rt->thread, NULL, worker, rt) != 0) {
		err_set(err, "cannot start the worker thread");
		goto fail;
	}
	pthread_mutex_lock(&rt->lock);
	while (rt->started == 0)
		pthread_cond_wait(&rt->cond, &rt->lock);
	pthread_mutex_unlock(&rt->lock);
	if (rt->started == -1) {
		pthread_join(rt->thread, NULL);
		*err = rt->start_err;
		exec_free(rt->x);
		store_close(rt->st);
		if (rt->lock_fd != -1)
			close(rt->lock_fd);
		goto fail;
	}
	return rt;
fail:
	msgq_free(rt->in, NULL);
	msgq_free(rt->out, NULL);
	msgq_free(rt->views, NULL);
	pthread_mutex_destroy(&rt->lock);
	pthread_cond_destroy(&rt->cond);
	free(rt);
	return NULL;
}

void
runtime_submit(struct runtime *rt, struct rt_request *req)
{
	req->node.next = NULL;
	msgq_push(rt->in, &req->node);
}

struct rt_request *
runtime_results(struct runtime *rt)
{
	struct rt_request *list = (struct rt_request *)msgq_take_all(rt->out);

	/* Worded here, on the caller's thread: the worker only fills the
	 * typed result.  A caller that reads only that asks for no text. */
	for (struct rt_request *r = list; r;
	    r = (struct rt_request *)r->node.next) {
		r->out = NULL;
		if (r->typed || !r->res || result_count(r->res) == 0)
			continue;
		sbuf_reset(&r->text);
		format_result(&r->text, r->res, rt->opts.json);
		r->out = r->text.len ? r->text.p : NULL;
	}
	return list;
}

void
runtime_request_free(struct rt_request *r)
{
	if (!r)
		return;
	result_free(r->res);
	sbuf_free(&r->text);
	free(r->warn);
	free(r->rows);
	free(r);
}

struct rt_request *
runtime_request_new(struct runtime *rt)
{
	struct rt_request *r = rt->pool;

	if (!r)
		return xcalloc(1, sizeof *r);
	rt->pool = (struct rt_request *)r->node.next;
	rt->npool--;
	/* Everything after the command up to the kept result; the command
	 * is the caller's to fill (8 KB that cmd_parse() clears anyway). */
	memset(&r->invalid, 0, offsetof(struct rt_request, res) -
	    offsetof(struct rt_request, invalid));
	r->node.next = NULL;
	return r;
}

void
runtime_request_done(struct runtime *rt, struct rt_request *r)
{
	if (!r)
		return;
	if (rt->npool >= POOL_MAX) {
		runtime_request_free(r);
		return;
	}
	free(r->warn);
	free(r->rows);
	r->out = r->warn = NULL;
	/* A request kept for reuse keeps what a usual line needs, not what
	 * one large answer (show orders of a whole store) grew it to. */
	if (result_size(r->res) > KEEP_MAX) {
		result_free(r->res);
		r->res = NULL;
	}
	if (r->text.cap > KEEP_MAX)
		sbuf_free(&r->text);
	r->rows = NULL;
	r->node.next = rt->pool ? &rt->pool->node : NULL;
	rt->pool = r;
	rt->npool++;
}

int
runtime_fd(const struct runtime *rt)
{
	return msgq_fd(rt->out);
}

void
runtime_wait(struct runtime *rt, int timeout_ms)
{
	msgq_wait(rt->out, timeout_ms);
}

static void
free_view_node(struct msgq_node *n)
{
	view_free((struct view *)n);
}

int
runtime_view_fd(const struct runtime *rt)
{
	return msgq_fd(rt->views);
}

struct view *
runtime_take_view(struct runtime *rt)
{
	struct msgq_node *n = msgq_take_all(rt->views);
	struct view *newest = NULL;

	while (n) {
		struct msgq_node *next = n->next;
		view_free(newest);
		newest = (struct view *)n;
		n = next;
	}
	return newest;
}

static void
free_result_node(struct msgq_node *n)
{
	runtime_request_free((struct rt_request *)n);
}

void
runtime_stop(struct runtime *rt)
{
	if (!rt)
		return;
	quit_req.node.next = NULL;
	msgq_push(rt->in, &quit_req.node);
	pthread_join(rt->thread, NULL);
	exec_free(rt->x);
	store_close(rt->st);
	if (rt->lock_fd != -1)
		close(rt->lock_fd);
	msgq_free(rt->in, NULL);
	msgq_free(rt->out, free_result_node);
	msgq_free(rt->views, free_view_node);
	while (rt->pool) {
		struct rt_request *next = (struct rt_request *)
		    rt->pool->node.next;
		runtime_request_free(rt->pool);
		rt->pool = next;
	}
	pthread_mutex_destroy(&rt->lock);
	pthread_cond_destroy(&rt->cond);
	free(rt);
}
