/* tests/check_runtime.c: the message queue between threads, and the worker
 * as its callers see it: results in order, stop at the first failure,
 * expect fail, nothing reported before it is stored, and the venue lease
 * passing to a session that waited for it. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>

#include "cmd.h"
#include "err.h"
#include "msgq.h"
#include "runtime.h"

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

	while (got < n) {
		runtime_wait(rt, 2000);
		struct rt_request *r = runtime_results(rt);
		ck_assert_msg(r != NULL || got < n, "results missing");
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
	ck_assert_ptr_nonnull(mkdtemp(strcpy(dir,
	    "/tmp/check-runtime.XXXXXX")));
	snprintf(db, sizeof db, "%s/rt.db", dir);
}

static void
teardown(void)
{
	char cmd[400];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
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

/* A session that does not hold the venues takes them within a second of
 * the holder ending, and sends the order that waited for them. */
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
	o.start = runtime_wall_clock();
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
	    (t1.tv_nsec - t0.tv_nsec) / 1000000 < 1000);
	ck_assert_msg(filled, "the order that waited was not sent within a "
	    "second of the lease going free: %s", errs[0]);
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
	int failed;

	tcase_add_test(q, test_msgq_order_across_threads);
	tcase_add_test(q, test_msgq_chain_push);
	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, test_results_in_order_and_halt);
	tcase_add_test(r, test_keep_going_and_expect_fail);
	tcase_add_test(r, test_bad_store_refused);
	tcase_add_test(r, test_lease_taken_over);
	suite_add_tcase(s, q);
	suite_add_tcase(s, r);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
