/* tests/check_requests.c: what the batch path relies on between its two
 * threads: the wake-up fd is readable exactly while a queue holds
 * messages and taking from an empty queue reads nothing, and a request
 * reused from the runtime's free list starts as empty as a new one and
 * carries nothing of its last answer into its next. */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "err.h"
#include "msgq.h"
#include "result.h"
#include "runtime.h"
#include "testlib.h"

static bool
readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/* The read() system calls this process made so far, or -1 when the
 * system does not count them. */
static long
reads_so_far(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	long n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "syscr: %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

START_TEST(test_fd_follows_the_queue)
{
	struct err e = { "" };
	struct msgq *q = msgq_new(&e);
	struct msgq_node a = { 0 }, b = { 0 }, c = { 0 };

	ck_assert_ptr_nonnull(q);
	ck_assert(!readable(msgq_fd(q)));
	ck_assert_ptr_null(msgq_take_all(q));
	ck_assert(!readable(msgq_fd(q)));
	msgq_push(q, &a);
	ck_assert(readable(msgq_fd(q)));
	msgq_push(q, &b);
	ck_assert(readable(msgq_fd(q)));
	ck_assert_ptr_eq(msgq_take_all(q), &a);
	ck_assert_ptr_eq(a.next, &b);
	ck_assert(!readable(msgq_fd(q)));
	ck_assert_ptr_null(msgq_take_all(q));
	msgq_push(q, &c);
	ck_assert(readable(msgq_fd(q)));
	ck_assert_ptr_eq(msgq_take_all(q), &c);
	ck_assert(!readable(msgq_fd(q)));
	msgq_free(q, NULL);
}
END_TEST

/* A caller looks for results after every line it submits: an empty
 * queue must not cost it a system call each time. */
START_TEST(test_empty_take_reads_nothing)
{
	struct err e = { "" };
	struct msgq *q = msgq_new(&e);
	long before = reads_so_far();

	ck_assert_ptr_nonnull(q);
	for (int i = 0; i < 1000; i++)
		ck_assert_ptr_null(msgq_take_all(q));
	long after = reads_so_far();
	if (before >= 0 && after >= 0)
		ck_assert_msg(after - before < 10, "%ld reads for 1000 takes "
		    "from an empty queue", after - before);
	msgq_free(q, NULL);
}
END_TEST

#define RACE_N	200000

struct producer {
	struct msgq *q;
	struct msgq_node *nodes;
};

static void *
produce(void *arg)
{
	struct producer *p = arg;

	for (long i = 0; i < RACE_N; i++)
		msgq_push(p->q, &p->nodes[i]);
	return NULL;
}

/* Pushes racing takes: every node arrives once, in order, and once all
 * are taken the fd is not left readable over the empty queue. */
START_TEST(test_fd_after_racing_pushes)
{
	struct err e = { "" };
	struct producer p = { msgq_new(&e), calloc(RACE_N,
	    sizeof(struct msgq_node)) };
	pthread_t t;
	long got = 0;

	ck_assert_ptr_nonnull(p.q);
	ck_assert_int_eq(pthread_create(&t, NULL, produce, &p), 0);
	while (got < RACE_N) {
		msgq_wait(p.q, 1000);
		for (struct msgq_node *n = msgq_take_all(p.q); n; n = n->next)
			ck_assert_ptr_eq(n, &p.nodes[got++]);
	}
	pthread_join(t, NULL);
	ck_assert(!readable(msgq_fd(p.q)));
	msgq_free(p.q, NULL);
	free(p.nodes);
}
END_TEST

static char dir[] = "/tmp/check-requests.XXXXXX";
static char db[300];

static void
setup(void)
{
	testlib_temp_dir(strcpy(dir, "/tmp/check-requests.XXXXXX"));
	snprintf(db, sizeof db, "%s/rq.db", dir);
}

static void
teardown(void)
{
	testlib_rm_dir(dir);
}

/* Whether run() asks for the typed result only. */
static bool typed;

/* Run LINE in a request from RT's free list and return it, answered. */
static struct rt_request *
run(struct runtime *rt, const char *line, bool expect_fail)
{
	struct rt_request *r = runtime_request_new(rt);
	struct err e = { "" };

	ck_assert_ptr_null(r->node.next);
	ck_assert(!r->invalid && !r->expect_fail && !r->page && !r->typed);
	ck_assert_ptr_null(r->out);
	ck_assert_ptr_null(r->warn);
	ck_assert_ptr_null(r->rows);
	ck_assert_int_eq(r->status, RT_OK);
	ck_assert_str_eq(r->err, "");
	ck_assert_int_eq(cmd_parse(line, &r->cmd, &e), 0);
	r->cmd.line = 1;
	r->expect_fail = expect_fail;
	r->typed = typed;
	runtime_submit(rt, r);
	runtime_wait(rt, 5000);
	struct rt_request *back = runtime_results(rt);
	ck_assert_ptr_eq(back, r);
	ck_assert_ptr_null(back->node.next);
	return back;
}

/* A request that carried a long text, then a failure, reused: nothing
 * of either shows in the next answer. */
START_TEST(test_reused_request_starts_empty)
{
	struct runtime_opts o = { .db_path = db, .empty = true };
	struct err e = { "" };

	ck_assert_int_eq(cmd_time_parse("2026-01-05T09:30:00", &o.start, &e),
	    0);
	struct runtime *rt = runtime_start(&o, &e);
	ck_assert_msg(rt != NULL, "%s", e.msg);

	struct rt_request *r = run(rt, "help", false);
	ck_assert_int_eq(r->status, RT_OK);
	ck_assert_ptr_nonnull(r->out);
	ck_assert_uint_gt(strlen(r->out), 200);
	struct rt_request *first = r;
	runtime_request_done(rt, r);

	r = run(rt, "cancel NOSUCH", false);
	ck_assert_ptr_eq(r, first);
	ck_assert_int_eq(r->status, RT_FAILED);
	ck_assert_str_ne(r->err, "");
	runtime_request_done(rt, r);

	r = run(rt, "instrument add RQ class=equity ccy=USD", false);
	ck_assert_int_eq(r->status, RT_OK);
	ck_assert_str_eq(r->err, "");
	runtime_request_done(rt, r);
	r = run(rt, "account add RA", false);
	runtime_request_done(rt, r);
	r = run(rt, "quote RQ 9.99 10.01", false);
	runtime_request_done(rt, r);

	/* Shorter text in the buffer that held help's. */
	r = run(rt, "buy 100 RQ acct=RA id=B1", false);
	ck_assert_int_eq(r->status, RT_OK);
	ck_assert_ptr_nonnull(r->out);
	ck_assert_str_eq(r->out, "B1 new buy 100 RQ mkt day acct=RA -> "
	    "pending_new\nB1 ack -> new\nB1 fill 100 @ 10.01 -> filled "
	    "(100/100)\n");
	runtime_request_done(rt, r);

	/* A failure expected is answered done, with no message left. */
	r = run(rt, "cancel NOSUCH", true);
	ck_assert_int_eq(r->status, RT_OK);
	ck_assert_str_eq(r->err, "");
	runtime_request_done(rt, r);

	r = run(rt, "expect count orders 1", false);
	ck_assert_int_eq(r->status, RT_OK);
	ck_assert_ptr_null(r->out);
	runtime_request_done(rt, r);

	/* Asked for the typed result only: the same answer, not worded. */
	typed = true;
	r = run(rt, "show order B1", false);
	typed = false;
	ck_assert_int_eq(r->status, RT_OK);
	ck_assert_ptr_nonnull(r->res);
	ck_assert_uint_gt(result_count(r->res), 2);
	ck_assert_ptr_null(r->out);
	runtime_request_done(rt, r);
	r = run(rt, "show order B1", false);
	ck_assert(!r->typed);
	ck_assert_ptr_nonnull(r->out);
	ck_assert_ptr_nonnull(strstr(r->out, "B1"));
	runtime_request_done(rt, r);
	runtime_stop(rt);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("requests");
	TCase *q = tcase_create("msgq");
	TCase *r = tcase_create("reuse");

	tcase_add_test(q, test_fd_follows_the_queue);
	tcase_add_test(q, test_empty_take_reads_nothing);
	tcase_add_test(q, test_fd_after_racing_pushes);
	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, test_reused_request_starts_empty);
	suite_add_tcase(s, q);
	suite_add_tcase(s, r);
	return testlib_run(srunner_create(s));
}
