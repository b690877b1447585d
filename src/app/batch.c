/* src/app/batch.c: the batch runner.
 *
 * Lines are parsed here and handed to the worker in order; up to WINDOW
 * requests are in flight at once so the worker can commit many in one
 * transaction.  One line of lookahead attaches an "expect fail" to the
 * command before it.  Results come back in order and are printed as they
 * arrive: output on stdout, "FILE:LINE: error: WHAT" on stderr. */
#include "config.h"
#include "batch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "err.h"
#include "paths.h"
#include "runtime.h"
#include "sbuf.h"
#include "textfile.h"
#include "utf8.h"

/* Requests in flight at most.  Enough for the worker to commit hundreds
 * in a transaction; few enough that the requests it recycles (8 KB each)
 * are still in the cache when the next lines are parsed into them: 2048
 * cycled through 17 MB and cost 3% more CPU for a million orders. */
#define WINDOW		256
#define BATCH_START	"2026-01-05T09:30:00"

struct batch {
	const char *name;	/* for error lines */
	struct runtime *rt;
	size_t	inflight;
	int	failures;
	bool	stop;		/* halted: read no further */
	bool	unreadable;	/* reading the script failed */
	bool	keep_going;
	char	dir[CMD_PATH_MAX];	/* the script's folder, "" for stdin */
};

/* Write S to FP with the control characters a note, a name or a reason
 * from the store may hold made visible, as the screen shows them: none of
 * them reaches the terminal.  JSON text has none to change: format.c
 * escapes them inside strings. */
static void
put_visible(FILE *fp, const char *s, bool keep_newlines)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;

	/* Printable ASCII (and newlines where they are kept), which is
	 * nearly every result, has nothing to escape: no need to look at
	 * it character by character. */
	while ((u[n] >= 0x20 && u[n] < 0x7f) || (u[n] == '\n' && keep_newlines))
		n++;
	if (u[n] == '\0') {
		fwrite(s, 1, n, fp);
		return;
	}
	n += strlen(s + n);
	if (!utf8_needs_escape(s, n, keep_newlines)) {
		fwrite(s, 1, n, fp);
		return;
	}
	struct sbuf vis = { 0 };
	utf8_visible(&vis, s, n, keep_newlines);
	fputs(vis.p, fp);
	sbuf_free(&vis);
}

static void
take_results(struct batch *b)
{
	struct rt_request *r = runtime_results(b->rt);

	while (r) {
		struct rt_request *next = (struct rt_request *)r->node.next;
		if (r->out)
			put_visible(stdout, r->out, true);
		if (r->warn) {
			fflush(stdout);
			fprintf(stderr, "%s:%d: warning: %s\n", b->name,
			    r->cmd.line, r->warn);
		}
		if (r->status == RT_FAILED) {
			fflush(stdout);
			fprintf(stderr, "%s:%d: error: ", b->name, r->line);
			put_visible(stderr, r->err, false);
			fputc('\n', stderr);
			b->failures++;
			if (!b->keep_going)
				b->stop = true;
		}
		b->inflight--;
		runtime_request_done(b->rt, r);
		r = next;
	}
}

static void
submit(struct batch *b, struct rt_request *req)
{
	while (b->inflight >= WINDOW) {
		runtime_wait(b->rt, -1);
		take_results(b);
	}
	b->inflight++;
	runtime_submit(b->rt, req);
}

/* A file a command names that is not where it says relative to the
 * working folder is looked for next to the script, so a shipped script
 * runs from anywhere. */
static void
near_script(const struct batch *b, char *path)
{
	char alt[2 * CMD_PATH_MAX];

	if (!b->dir[0] || !path[0] || path[0] == '/' ||
	    access(path, F_OK) == 0)
		return;
	snprintf(alt, sizeof alt, "%s/%s", b->dir, path);
	if (strlen(alt) < CMD_PATH_MAX && access(alt, F_OK) == 0)
		memcpy(path, alt, strlen(alt) + 1);
}

static struct rt_request *
parse_line(const struct batch *b, const char *line, int lineno)
{
	/* Every field a request may carry starts empty; cmd_parse() clears
	 * the command. */
	struct rt_request *req = runtime_request_new(b->rt);
	struct err err = { "" };

	req->invalid = cmd_parse(line, &req->cmd, &err) == -1;
	if (req->invalid) {
		memset(&req->cmd, 0, sizeof req->cmd);
		str_copy(req->err, sizeof req->err, err.msg);
	}
	req->cmd.line = lineno;
	if (!req->invalid)
		near_script(b, req->cmd.path);
	return req;
}

/* A line the reader refused (a NUL, not UTF-8, too long): a request that
 * fails in its turn with the reader's message. */
static struct rt_request *
bad_line(const struct batch *b, const struct err *err, int lineno)
{
	struct rt_request *req = runtime_request_new(b->rt);

	memset(&req->cmd, 0, sizeof req->cmd);
	req->invalid = true;
	str_copy(req->err, sizeof req->err, err->msg);
	req->cmd.line = lineno;
	return req;
}

static int
run_stream(struct batch *b, FILE *f)
{
	struct textfile *tf = textfile_from(f);
	struct err err = { "" };
	char *line;
	int lineno = 0, r = 0;
	struct rt_request *held = NULL;

	while (!b->stop && (r = textfile_next(tf, &line, &err)) != 0) {
		if (r == -2)
			break;
		lineno = (int)textfile_lineno(tf);
		struct rt_request *req = r == 1 ? parse_line(b, line, lineno) :
		    bad_line(b, &err, lineno);
		if (!req->invalid && req->cmd.kind == CMD_EMPTY) {
			runtime_request_done(b->rt, req);
			continue;
		}
		if (!req->invalid && req->cmd.kind == CMD_EXPECT_FAIL) {
			if (held && !held->expect_fail) {
				held->expect_fail = true;
				held->fail_line = lineno;
				runtime_request_done(b->rt, req);
				continue;
			}
			req->invalid = true;
			snprintf(req->err, sizeof req->err, "expect fail: no "
			    "command just before it to expect a failure from");
		}
		if (held)
			submit(b, held);
		held = req;
		take_results(b);
	}
	if (held && !b->stop)
		submit(b, held);
	else
		runtime_request_done(b->rt, held);
	textfile_close(tf);
	while (b->inflight > 0) {
		runtime_wait(b->rt, -1);
		take_results(b);
	}
	if (r == -2) {
		/* The rest of the script is unknown: stop as for a script
		 * that cannot be read at all. */
		fflush(stdout);
		fprintf(stderr, "%s: error: %s\n", b->name, err.msg);
		b->unreadable = true;
	}
	return 0;
}

int
batch_run(const struct batch_opts *o)
{
	struct batch b = { .keep_going = o->keep_going };
	struct runtime_opts ro = { .empty = o->empty, .json = o->json,
	    .halt_on_error = !o->keep_going,
	    .same_login_refuse = o->same_login_refuse, .setup = o->setup };
	char dir[4000] = "", path[4100];
	struct err err = { "" };
	FILE *f;
	int rc;

	if (strcmp(o->script, "-") == 0) {
		f = stdin;
		b.name = "stdin";
	} else if (!(f = fopen(o->script, "r"))) {
		fprintf(stderr, "blotter: cannot read the script %s: %s\n",
		    o->script, strerror(errno));
		return 2;
	} else {
		const char *slash = strrchr(o->script, '/');
		b.name = o->script;
		if (slash && (size_t)(slash - o->script) < sizeof b.dir)
			snprintf(b.dir, sizeof b.dir, "%.*s",
			    (int)(slash - o->script), o->script);
	}
	if (cmd_time_parse(BATCH_START, &ro.start, &err) == -1)
		fatal("%s", err.msg);
	if (o->db_path) {
		ro.db_path = o->db_path;
	} else if (paths_temp_store(dir, sizeof dir, path, sizeof path) == 0) {
		ro.db_path = path;
	} else {
		fprintf(stderr, "blotter: cannot create a temporary store: "
		    "%s\n", strerror(errno));
		rc = 1;
		goto out;
	}
	b.rt = runtime_start(&ro, &err);
	if (!b.rt) {
		fprintf(stderr, "blotter: %s\n", err.msg);
		rc = 1;
		goto out;
	}
	run_stream(&b, f);
	runtime_stop(b.rt);
	fflush(stdout);
	rc = b.unreadable ? 2 : b.failures ? 1 : 0;
out:
	if (f != stdin)
		fclose(f);
	if (dir[0])
		paths_remove_temp_store(dir, path);
	return rc;
}
