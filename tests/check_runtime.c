/* tests/check_runtime.c: the message queue between threads, and the worker
 * as its callers see it: results in order, stop at the first failure,
 * expect fail, nothing reported before it is stored; how out=FILE is
 * written; and the venue lease passing to a session that waited for it. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>

#include "cmd.h"
#include "err.h"
#include "msgq.h"
#include "paths.h"
#include "runtime.h"
#include "view.h"
#include "testlib.h"

struct item {
	struct msgq_node node;
	long	n;
};

static void *
producer(void *arg)
{
	struct msgq *q = arg;

	for (long i = 0; i < 200000; i++) {
		struct item *it = xmalloc(sizeof *it);
		it->node.next = NULL;
		it->n = i;
		msgq_push(q, &it->node);
	}
	return NULL;
}

START_TEST(test_msgq_order_across_threads)
{
	struct err e = { "" };
	struct msgq *q = msgq_new(&e);
	pthread_t t;
	long want = 0;

	ck_assert_ptr_nonnull(q);
	ck_assert_ptr_null(msgq_take_all(q));
	pthread_create(&t, NULL, producer, q);
	while (want < 200000) {
		msgq_wait(q, 1000);
		struct msgq_node *n = msgq_take_all(q);
		while (n) {
			struct item *it = (struct item *)n;
			n = n->next;
			ck_assert_int_eq(it->n, want);
			want++;
			free(it);
		}
	}
	pthread_join(t, NULL);
	ck_assert_ptr_null(msgq_take_all(q));
	msgq_free(q, NULL);
}
END_TEST

START_TEST(test_msgq_chain_push)
{
	struct err e = { "" };
	struct msgq *q = msgq_new(&e);
	struct item a = { { NULL }, 1 }, b = { { NULL }, 2 }, c = { { NULL }, 3 };

	a.node.next = &b.node;
	msgq_push(q, &a.node);
	msgq_push(q, &c.node);
	msgq_wait(q, 0);
	struct msgq_node *n = msgq_take_all(q);
	ck_assert_ptr_eq(n, &a.node);
	ck_assert_ptr_eq(n->next, &b.node);
	ck_assert_ptr_eq(n->next->next, &c.node);
	ck_assert_ptr_null(c.node.next);
	msgq_free(q, NULL);
}
END_TEST

static char dir[] = "/tmp/check-runtime.XXXXXX";
static char db[300];

static struct runtime *
start(bool halt)
{
	struct runtime_opts o = { .db_path = db, .empty = true,
	    .halt_on_error = halt };
	struct err e = { "" };

	ck_assert_int_eq(cmd_time_parse("2026-01-05T09:30:00", &o.start, &e),
	    0);
	struct runtime *rt = runtime_start(&o, &e);
	ck_assert_msg(rt != NULL, "%s", e.msg);
	return rt;
}

static void
submit(struct runtime *rt, const char *line, int lineno, bool expect_fail)
{
	struct rt_request *r = xcalloc(1, sizeof *r);
	struct err e = { "" };

	r->invalid = cmd_parse(line, &r->cmd, &e) == -1;
	if (r->invalid)
		snprintf(r->err, sizeof r->err, "%s", e.msg);
	r->cmd.line = lineno;
	r->expect_fail = expect_fail;
	r->fail_line = lineno + 1;
	runtime_submit(rt, r);
}

/* Take N results, in order, into STATUS[] and LINE[]. */
static void
collect(struct runtime *rt, int n, enum rt_status *status, int *line,
    char errs[][ERR_MSG_MAX])
{
	int got = 0;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (got < n) {
		runtime_wait(rt, 2000);
		struct rt_request *r = runtime_results(rt);
		/* A wake-up may come with nothing (its result was taken with
		 * the one before): only a worker silent for long has lost
		 * results. */
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ck_assert_msg(r != NULL || t1.tv_sec - t0.tv_sec < 10,
		    "results missing: %d of %d after 10 s", got, n);
		if (r)
			t0 = t1;
		while (r) {
			struct rt_request *next = (struct rt_request *)
			    r->node.next;
			ck_assert_int_lt(got, n);
			status[got] = r->status;
			line[got] = r->line;
			if (errs)
				snprintf(errs[got], ERR_MSG_MAX, "%s", r->err);
			got++;
			runtime_request_free(r);
			r = next;
		}
	}
}

static void
setup(void)
{
	testlib_temp_dir(strcpy(dir, "/tmp/check-runtime.XXXXXX"));
	snprintf(db, sizeof db, "%s/rt.db", dir);
}

static void
teardown(void)
{
	testlib_rm_dir(dir);
}

START_TEST(test_results_in_order_and_halt)
{
	struct runtime *rt = start(true);
	enum rt_status st[6];
	int line[6];
	char errs[6][ERR_MSG_MAX];

	submit(rt, "instrument add ACME class=equity", 1, false);
	submit(rt, "account add A1", 2, false);
	submit(rt, "buy 100 NOPE", 3, false);		/* fails */
	submit(rt, "buy 100 ACME id=LATE", 4, false);	/* skipped */
	submit(rt, "byu 5 ACME", 5, false);		/* skipped too */
	submit(rt, "quote ACME 1 2", 6, false);
	collect(rt, 6, st, line, errs);
	ck_assert_int_eq(st[0], RT_OK);
	ck_assert_int_eq(st[1], RT_OK);
	ck_assert_int_eq(st[2], RT_FAILED);
	ck_assert_int_eq(line[2], 3);
	ck_assert_msg(strstr(errs[2], "NOPE") != NULL, "%s", errs[2]);
	ck_assert_int_eq(st[3], RT_SKIPPED);
	ck_assert_int_eq(st[4], RT_SKIPPED);
	ck_assert_int_eq(st[5], RT_SKIPPED);
	runtime_stop(rt);

	/* What ran before the failure was saved; what was skipped was not. */
	rt = start(false);
	submit(rt, "expect count orders 0", 1, false);
	submit(rt, "buy 100 ACME acct=A1 id=LATE", 2, false);
	collect(rt, 2, st, line, NULL);
	ck_assert_int_eq(st[0], RT_OK);
	ck_assert_int_eq(st[1], RT_OK);
	runtime_stop(rt);
}
END_TEST

START_TEST(test_keep_going_and_expect_fail)
{
	struct runtime *rt = start(false);
	enum rt_status st[5];
	int line[5];
	char errs[5][ERR_MSG_MAX];

	submit(rt, "instrument add ACME class=equity", 1, false);
	submit(rt, "buy 0 ACME", 2, true);		/* fails as expected */
	submit(rt, "instrument add ACME2 class=equity", 4, true); /* succeeds */
	submit(rt, "bogus words", 6, false);		/* parse error */
	submit(rt, "instrument add ACME3 class=equity", 7, false);
	collect(rt, 5, st, line, errs);
	ck_assert_int_eq(st[0], RT_OK);
	ck_assert_int_eq(st[1], RT_OK);
	ck_assert_int_eq(st[2], RT_FAILED);
	ck_assert_int_eq(line[2], 5);		/* the expect fail line */
	ck_assert_msg(strstr(errs[2], "succeeded") != NULL, "%s", errs[2]);
	ck_assert_int_eq(st[3], RT_FAILED);
	ck_assert_msg(strstr(errs[3], "bogus") != NULL, "%s", errs[3]);
	ck_assert_int_eq(st[4], RT_OK);
	runtime_stop(rt);
}
END_TEST

/* Run LINES[] (N of them) on a runtime whose sim answers DELAY seconds
 * late; every line must succeed. */
static void
run_lines(int64_t delay, const char *const *lines, int n)
{
	struct runtime_opts o = { .db_path = db, .empty = true,
	    .sim_delay = delay };
	struct err e = { "" };
	enum rt_status st[16];
	int line[16];
	char errs[16][ERR_MSG_MAX];

	ck_assert_int_le(n, 16);
	ck_assert_int_eq(cmd_time_parse("2026-01-05T09:30:00", &o.start, &e),
	    0);
	struct runtime *rt = runtime_start(&o, &e);
	ck_assert_msg(rt != NULL, "%s", e.msg);
	for (int i = 0; i < n; i++)
		submit(rt, lines[i], i + 1, false);
	collect(rt, n, st, line, errs);
	for (int i = 0; i < n; i++)
		ck_assert_msg(st[i] == RT_OK, "line %d '%s': %s", i + 1,
		    lines[i], errs[i]);
	runtime_stop(rt);
}

/* The displayed size the slow sim used up, by an order it took late and by
 * a resting order a later quote filled, is not offered again after a
 * restart. */
START_TEST(test_delayed_sim_size_survives_restart)
{
	static const char *const one[] = {
		"instrument add ACME class=equity",
		"account add A1",
		"quote ACME 10.00 10.02 asksz=100",
		"buy 100 ACME acct=A1 id=D1",
		"expect order D1 status=pending_new",
		"clock advance 10s",
		"expect order D1 status=filled cum=100",
		"buy 100 ACME @ 9.90 acct=A1 id=D2 tif=gtc",
		"clock advance 10s",
		"expect order D2 status=new",
		"quote ACME 9.80 9.90 asksz=150",
		"expect order D2 status=filled cum=100",
	};
	static const char *const two[] = {
		"buy 100 ACME acct=A1 id=D3",
		"clock advance 10s",
		"expect order D3 status=partially_filled cum=50",
		"buy 100 ACME acct=A1 id=D4",
		"clock advance 10s",
		"expect order D4 status=new cum=0",
	};

	run_lines(5, one, sizeof one / sizeof *one);
	run_lines(5, two, sizeof two / sizeof *two);
}
END_TEST

/* A fill the books cannot hold, on an order whose replace the slow venue
 * has not answered yet: the order is canceled here and at the venue, so
 * that what the venue still worked can never fill later. */
START_TEST(test_refused_fill_while_replace_pending)
{
	static const char *const lines[] = {
		"instrument add BIG class=equity ccy=USD",
		"account add F1 ccy=USD",
		"quote BIG 900.00 1000.00",
		"short 1000000000 BIG @ 1000 acct=F1 id=R1 tif=gtc",
		"clock advance 10s",
		"expect order R1 status=new",
		"replace R1 qty=999999999",
		"expect order R1 status=pending_replace",
		"quote BIG 9300.00 9301.00 bidsz=999999990",
		"expect order R1 status=canceled cum=0 leaves=0",
		"clock advance 10s",
		"quote BIG 1000.00 1000.01 bidsz=5",
		"expect order R1 status=canceled cum=0",
		"expect position F1 BIG qty=0",
	};

	run_lines(5, lines, sizeof lines / sizeof *lines);
}
END_TEST

/* A replace the slow sim still held when the session ended is lost with
 * it: after the restart the order is back to what it was, not pending a
 * replace forever, and can be replaced again. */
START_TEST(test_held_replace_lost_with_session)
{
	static const char *const one[] = {
		"instrument add ACME class=equity",
		"account add A1",
		"quote ACME 10.00 10.02",
		"buy 100 ACME @ 9.00 acct=A1 id=H1 tif=gtc",
		"clock advance 10s",
		"expect order H1 status=new",
		"replace H1 px=9.50",
		"expect order H1 status=pending_replace",
	};
	static const char *const two[] = {
		"expect order H1 status=new px=9.00",
		"replace H1 px=9.50",
		"clock advance 10s",
		"expect order H1 status=new px=9.50",
	};

	run_lines(5, one, sizeof one / sizeof *one);
	run_lines(5, two, sizeof two / sizeof *two);
}
END_TEST

/* A line that did not parse hands back its error and no output: not the
 * text of the command before it. */
START_TEST(test_bad_line_has_no_output)
{
	struct runtime_opts o = { .db_path = db, .empty = true };
	struct err e = { "" };
	struct rt_request *r;
	int got = 0;

	ck_assert_int_eq(cmd_time_parse("2026-01-05T09:30:00", &o.start, &e),
	    0);
	struct runtime *rt = runtime_start(&o, &e);
	ck_assert_msg(rt != NULL, "%s", e.msg);
	submit(rt, "instrument add ACME class=equity", 1, false);
	submit(rt, "account add A1", 2, false);
	submit(rt, "quote ACME 10.00 10.02", 3, false);
	submit(rt, "buy 100 ACME acct=A1 id=P1", 4, false);
	submit(rt, "bogus words", 5, false);
	while (got < 5) {
		runtime_wait(rt, 2000);
		r = runtime_results(rt);
		ck_assert_msg(r != NULL, "results missing");
		while (r) {
			struct rt_request *next = (struct rt_request *)
			    r->node.next;
			got++;
			if (got == 4)
				ck_assert_msg(r->out && strstr(r->out, "P1"),
				    "the order printed nothing");
			if (got == 5) {
				ck_assert_int_eq(r->status, RT_FAILED);
				ck_assert_msg(r->out == NULL,
				    "a bad line printed: %s", r->out);
			}
			runtime_request_free(r);
			r = next;
		}
	}
	runtime_stop(rt);
}
END_TEST

/* The output of each of N requests, in order, into OUT[] (NULL: none;
 * caller frees). */
static void
outputs(struct runtime *rt, int n, char **out)
{
	int got = 0;

	while (got < n) {
		runtime_wait(rt, 2000);
		struct rt_request *r = runtime_results(rt);
		ck_assert_msg(r != NULL, "results missing");
		while (r) {
			struct rt_request *next = (struct rt_request *)
			    r->node.next;
			ck_assert_int_lt(got, n);
			out[got++] = r->out ? xstrdup(r->out) : NULL;
			runtime_request_free(r);
			r = next;
		}
	}
}

static int
lines_of(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* Each request hands back what it printed, and only that, as JSON lines
 * when asked; a quiet run prints nothing. */
START_TEST(test_output_is_the_requests_own)
{
	static const char *const script[] = {
		"instrument add ACME class=equity", "account add A1",
		"quote ACME 10.00 10.02", "buy 100 ACME acct=A1 id=P1",
		"show orders", "buy 50 ACME acct=A1 id=P2", "show orders",
		"check buy 10 ACME acct=A1",
	};
	const int n = (int)(sizeof script / sizeof *script);
	char *out[8];

	for (int quiet = 0; quiet <= 1; quiet++) {
		struct runtime_opts o = { .db_path = db, .empty = true,
		    .json = true, .quiet = quiet };
		struct err e = { "" };
		ck_assert_int_eq(cmd_time_parse("2026-01-05T09:30:00",
		    &o.start, &e), 0);
		struct runtime *rt = runtime_start(&o, &e);
		ck_assert_msg(rt != NULL, "%s", e.msg);
		for (int i = 0; i < n; i++)
			submit(rt, script[i], i + 1, false);
		outputs(rt, n, out);
		runtime_stop(rt);
		if (quiet) {
			for (int i = 0; i < n; i++)
				ck_assert_msg(out[i] == NULL, "%s printed %s",
				    script[i], out[i]);
		} else {
			ck_assert_ptr_null(out[2]);
			ck_assert_msg(strstr(out[3], "{\"event\":\"new\",\"id\":"
			    "\"P1\"") == out[3], "%s", out[3]);
			ck_assert_int_eq(lines_of(out[4]), 1);
			ck_assert_msg(strstr(out[4], "{\"id\":\"P1\"") ==
			    out[4], "%s", out[4]);
			ck_assert_ptr_null(strstr(out[5], "P1"));
			ck_assert_int_eq(lines_of(out[6]), 2);
			ck_assert_ptr_null(strstr(out[6], "event"));
			ck_assert_str_eq(out[7], "{\"message\":\"pass: no "
			    "compliance rule applies\"}\n");
		}
		for (int i = 0; i < n; i++)
			free(out[i]);
		char cmd[400];
		snprintf(cmd, sizeof cmd, "rm -f '%s'*", db);
		ck_assert_int_eq(system(cmd), 0);
	}
}
END_TEST

START_TEST(test_bad_store_refused)
{
	struct runtime_opts o = { .db_path = db, .empty = true };
	struct err e = { "" };
	FILE *f = fopen(db, "w");

	fputs("not a database at all, but long enough to have a header....",
	    f);
	fclose(f);
	ck_assert_ptr_null(runtime_start(&o, &e));
	ck_assert_msg(strstr(e.msg, db) != NULL, "%s", e.msg);
}
END_TEST

/* The names in DIR, sorted into one line ("a b"). */
static void
dir_names(const char *folder, char *buf, size_t len)
{
	struct dirent **list;
	int n = scandir(folder, &list, NULL, alphasort);

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.' || (strcmp(list[i]->d_name, ".") &&
		    strcmp(list[i]->d_name, "..")))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			    buf[0] ? " " : "", list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

/* A write that fails half way (the file size limit) leaves the old file
 * as it was and no temporary file; a good one replaces it whole, 0600. */
START_TEST(test_write_private)
{
	char folder[] = "/tmp/check-out.XXXXXX", path[64], names[256];
	struct rlimit old, small;
	struct err e = { "" };
	struct stat st;
	size_t big = 64 * 1024;
	char *data = xmalloc(big);
	FILE *f;

	memset(data, 'r', big);
	ck_assert_ptr_nonnull(mkdtemp(folder));
	snprintf(path, sizeof path, "%s/report.csv", folder);
	f = fopen(path, "w");
	fputs("old report\n", f);
	fclose(f);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	ck_assert_int_eq(paths_write_private(path, data, big, &e), -1);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_msg(strstr(e.msg, path) != NULL, "%s", e.msg);
	dir_names(folder, names, sizeof names);
	ck_assert_str_eq(names, "report.csv");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 11);
	ck_assert_int_eq(paths_write_private(path, data, big, &e), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, (off_t)big);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	dir_names(folder, names, sizeof names);
	ck_assert_str_eq(names, "report.csv");
	unlink(path);
	rmdir(folder);
	free(data);
}
END_TEST

/* A session that does not hold the venues takes them when the holder
 * ends, and sends the order that waited for them.  It asks at every tick
 * (250 ms), so it takes them within a second; the test allows five, so a
 * loaded machine or a sanitizer build cannot make it fail. */
START_TEST(test_lease_taken_over)
{
	struct runtime_opts o = { .db_path = db, .empty = true,
	    .interactive = true, .quiet = true };
	static const char *const setup_lines[] = {
	    "instrument add AAA class=equity ccy=USD", "account add MAIN",
	    "quote AAA 10.00 10.02",
	    "buy 10 AAA @ 10.02 acct=MAIN id=P1 tif=gtc",
	    "expect order P1 status=pending_new" };
	enum rt_status st[5];
	int line[5], fd;
	char errs[5][ERR_MSG_MAX], lock[320];
	struct err e = { "" };
	struct timespec t0, t1;
	bool filled = false;

	/* Another process's lease, as a screen holding the venues. */
	snprintf(lock, sizeof lock, "%s.lock", db);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
	/* A clock ahead of the wall clock, in the session: an interactive
	 * session's clock never goes back, and orders trade whatever the
	 * time of day the test runs at. */
	ck_assert_int_eq(cmd_time_parse("2030-01-07T10:00:00", &o.start, &e),
	    0);
	struct runtime *rt = runtime_start(&o, &e);
	ck_assert_msg(rt != NULL, "%s", e.msg);
	for (int i = 0; i < 5; i++)
		submit(rt, setup_lines[i], i + 1, false);
	collect(rt, 5, st, line, errs);
	for (int i = 0; i < 5; i++)
		ck_assert_msg(st[i] == RT_OK, "%s: %s", setup_lines[i],
		    errs[i]);
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		usleep(50000);
		submit(rt, "expect order P1 status=filled", 6, false);
		collect(rt, 1, st, line, errs);
		filled = st[0] == RT_OK;
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while (!filled && (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000 < 5000);
	ck_assert_msg(filled, "the order that waited was not sent within "
	    "five seconds of the lease going free: %s", errs[0]);
	runtime_stop(rt);
}
END_TEST

/* A firm whose P&L is past what 64 bits add up says so on the screen,
 * not that an fx rate is missing, and never shows a wrapped sum. */
START_TEST(test_firm_pnl_past_64_bits)
{
	struct runtime_opts o = { .db_path = db, .empty = true,
	    .interactive = true, .quiet = true };
	static const char *const lines[] = {
	    "instrument add BIG class=equity ccy=USD", "account add A1",
	    "account add A2", "quote BIG 1.00 1.00",
	    "buy 500000000000 BIG @ 1.00 acct=A1",
	    "buy 500000000000 BIG @ 1.00 acct=A2",
	    "quote BIG 1000000000 1000000000" };
	enum rt_status st[7];
	int line[7];
	char errs[7][ERR_MSG_MAX];
	struct err e = { "" };
	struct timespec t0, t1;
	bool seen = false, ok = false;

	/* A clock ahead of the wall clock, in the session: an interactive
	 * session's clock never goes back, and orders trade whatever the
	 * time of day the test runs at. */
	ck_assert_int_eq(cmd_time_parse("2030-01-07T10:00:00", &o.start, &e),
	    0);
	struct runtime *rt = runtime_start(&o, &e);
	ck_assert_msg(rt != NULL, "%s", e.msg);
	for (int i = 0; i < 7; i++)
		submit(rt, lines[i], i + 1, false);
	collect(rt, 7, st, line, errs);
	for (int i = 0; i < 7; i++)
		ck_assert_msg(st[i] == RT_OK, "%s: %s", lines[i], errs[i]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		usleep(50000);
		struct view *v = runtime_take_view(rt);
		/* The newest view after every line ran. */
		if (v && v->npositions == 2) {
			seen = true;
			ok = v->firm_past && v->firm_ok &&
			    v->firm_realized == 0 && v->firm_unrealized == 0 &&
			    v->firm_total == 0;
		}
		view_free(v);
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while (!ok && (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000 < 5000);
	ck_assert_msg(seen, "no view of the two positions");
	ck_assert_msg(ok, "the firm's P&L past 64 bits was not said so");
	runtime_stop(rt);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("runtime");
	TCase *q = tcase_create("msgq");
	TCase *r = tcase_create("worker");
	SRunner *sr;

	tcase_add_test(q, test_msgq_order_across_threads);
	tcase_add_test(q, test_msgq_chain_push);
	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, test_results_in_order_and_halt);
	tcase_add_test(r, test_keep_going_and_expect_fail);
	tcase_add_test(r, test_bad_store_refused);
	tcase_add_test(r, test_write_private);
	tcase_add_test(r, test_delayed_sim_size_survives_restart);
	tcase_add_test(r, test_held_replace_lost_with_session);
	tcase_add_test(r, test_refused_fill_while_replace_pending);
	tcase_add_test(r, test_bad_line_has_no_output);
	tcase_add_test(r, test_output_is_the_requests_own);
	tcase_add_test(r, test_lease_taken_over);
	tcase_add_test(r, test_firm_pnl_past_64_bits);
	suite_add_tcase(s, q);
	suite_add_tcase(s, r);
	sr = srunner_create(s);
	return testlib_run(sr);
}
