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

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "paths.h"
#include "sbuf.h"
#include "store.h"

#define GROUP_MAX	4096	/* requests per transaction at most */

struct runtime {
	struct runtime_opts opts;
	char	db_path[4096];
	struct msgq *in, *out;
	pthread_t thread;
	struct store *st;
	struct exec *x;
	bool	halted;
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

static int
open_store(struct runtime *rt, struct err *err)
{
	const char *dir;

	rt->st = store_open(rt->db_path, err);
	if (!rt->st)
		return -1;
	if (store_begin(rt->st, err) == -1)
		return -1;
	rt->x = exec_new(rt->st, rt->opts.start, err);
	if (!rt->x)
		goto fail;
	if (store_is_new(rt->st) && !rt->opts.empty) {
		if (!(dir = paths_datadir(err)) ||
		    exec_seed(rt->x, dir, err) == -1)
			goto fail;
	}
	if (store_commit(rt->st, err) == -1)
		goto fail;
	return 0;
fail:
	store_rollback(rt->st);
	return -1;
}

static struct rt_result *
result_new(const struct rt_request *req, enum rt_status status)
{
	struct rt_result *r = xcalloc(1, sizeof *r);

	r->status = status;
	r->line = req->cmd.line;
	return r;
}

/* Run one request; the result says what to tell the caller. */
static struct rt_result *
run_one(struct runtime *rt, const struct rt_request *req, struct sbuf *buf)
{
	struct err err = { "" };
	struct rt_result *r;
	int rc;

	if (rt->halted)
		return result_new(req, RT_SKIPPED);
	if (req->invalid) {
		rc = -1;
		snprintf(err.msg, sizeof err.msg, "%s", req->err);
	} else {
		sbuf_reset(buf);
		rc = exec_run(rt->x, &req->cmd, rt->opts.json,
		    rt->opts.quiet ? NULL : buf, &err);
	}
	if (rc == 0 && req->expect_fail) {
		r = result_new(req, RT_FAILED);
		r->line = req->fail_line;
		snprintf(r->err, sizeof r->err, "expect fail: the command on "
		    "line %d succeeded", req->cmd.line);
	} else if (rc == -1 && req->expect_fail && !exec_store_failed(rt->x)) {
		r = result_new(req, RT_OK);
	} else if (rc == -1) {
		r = result_new(req, RT_FAILED);
		snprintf(r->err, sizeof r->err, "%s", err.msg);
	} else {
		r = result_new(req, RT_OK);
		if (buf->len)
			r->out = xstrdup(buf->p);
	}
	if (r->status == RT_FAILED && rt->opts.halt_on_error)
		rt->halted = true;
	return r;
}

/* The store failed: undo the group and answer every request in it that
 * had run as failed, then read memory back from the store. */
static void
abandon_group(struct runtime *rt, struct rt_result **res, size_t n,
    const char *why)
{
	struct err err = { "" };

	store_rollback(rt->st);
	for (size_t i = 0; i < n; i++) {
		free(res[i]->out);
		res[i]->out = NULL;
		if (res[i]->status == RT_SKIPPED)
			continue;
		res[i]->status = RT_FAILED;
		snprintf(res[i]->err, sizeof res[i]->err, "not saved: %s", why);
	}
	if (rt->opts.halt_on_error)
		rt->halted = true;
	if (exec_reload(rt->x, &err) == -1)
		fatal("the store cannot be read back after a failure: %s",
		    err.msg);
}

/* Run up to GROUP_MAX requests from *LIST in one transaction and publish
 * their results after the commit.  Returns true when asked to stop. */
static bool
run_group(struct runtime *rt, struct msgq_node **list)
{
	struct rt_result *res[GROUP_MAX];
	struct sbuf buf = { 0 };
	struct err err = { "" };
	size_t n = 0;
	bool quit = false, failed = false;

	if (store_begin(rt->st, &err) == -1) {
		failed = true;
	}
	while (*list && n < GROUP_MAX) {
		struct rt_request *req = (struct rt_request *)*list;
		*list = (*list)->next;
		if (req == &quit_req) {
			quit = true;
			break;
		}
		if (failed) {
			res[n] = result_new(req, RT_FAILED);
			snprintf(res[n]->err, sizeof res[n]->err, "%s",
			    err.msg);
			n++;
			free(req);
			continue;
		}
		res[n++] = run_one(rt, req, &buf);
		free(req);
		if (exec_store_failed(rt->x)) {
			abandon_group(rt, res, n, res[n - 1]->err);
			failed = true;
			snprintf(err.msg, sizeof err.msg, "%s",
			    res[n - 1]->err);
		}
	}
	if (!failed && store_commit(rt->st, &err) == -1)
		abandon_group(rt, res, n, err.msg);
	sbuf_free(&buf);
	for (size_t i = 0; i < n; i++)
		msgq_push(rt->out, &res[i]->node);
	return quit;
}

static void *
worker(void *arg)
{
	struct runtime *rt = arg;
	sigset_t all;

	/* Signals belong to the caller's thread (SIGWINCH, SIGINT). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	if (open_store(rt, &rt->start_err) == -1) {
		finish_start(rt, -1);
		return NULL;
	}
	finish_start(rt, 1);
	for (;;) {
		msgq_wait(rt->in, -1);
		struct msgq_node *list = msgq_take_all(rt->in);
		bool quit = false;
		while (list && !quit)
			quit = run_group(rt, &list);
		if (quit) {
			/* Anything queued behind the stop is dropped. */
			while (list) {
				struct msgq_node *next = list->next;
				if (list != &quit_req.node)
					free(list);
				list = next;
			}
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
	snprintf(rt->db_path, sizeof rt->db_path, "%s", opts->db_path);
	rt->opts.db_path = rt->db_path;
	pthread_mutex_init(&rt->lock, NULL);
	pthread_cond_init(&rt->cond, NULL);
	if (!(rt->in = msgq_new(err)) || !(rt->out = msgq_new(err)))
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
		goto fail;
	}
	return rt;
fail:
	msgq_free(rt->in, NULL);
	msgq_free(rt->out, NULL);
	pthread_mutex_destroy(&rt->lock);
	pthread_cond_destroy(&rt->cond);
	free(rt);
	return NULL;
}

void
runtime_submit(struct runtime *rt, struct rt_request *req)
{
	msgq_push(rt->in, &req->node);
}

struct rt_result *
runtime_results(struct runtime *rt)
{
	return (struct rt_result *)msgq_take_all(rt->out);
}

void
runtime_result_free(struct rt_result *r)
{
	if (!r)
		return;
	free(r->out);
	free(r);
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
free_result_node(struct msgq_node *n)
{
	runtime_result_free((struct rt_result *)n);
}

void
runtime_stop(struct runtime *rt)
{
	if (!rt)
		return;
	msgq_push(rt->in, &quit_req.node);
	pthread_join(rt->thread, NULL);
	exec_free(rt->x);
	store_close(rt->st);
	msgq_free(rt->in, NULL);
	msgq_free(rt->out, free_result_node);
	pthread_mutex_destroy(&rt->lock);
	pthread_cond_destroy(&rt->cond);
	free(rt);
}
