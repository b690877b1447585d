/* bench/bench-screen-page.c: how long the screen's blotter waits for a
 * page of orders from the engine (exec_page(), as the worker runs it for
 * the screen), and how long the count of the matches it asks for apart
 * takes (exec_page_total()).
 *
 *   bench/bench-screen-page STORE [ACCT SYM]
 *
 * STORE is any store (make one with blotter --batch).  ACCT and SYM are
 * the account and symbol of the filtered pages (default A03 and S3).
 * Pages are of 501 orders, as the screen asks them (500 and one to see
 * whether there are more); a page deep in the store is asked for again
 * as the screen does on new data, 1,001 orders.  Each is run 11 times;
 * the median is printed, in ms.  Figures only; nothing is asserted. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "err.h"
#include "exec.h"
#include "order.h"
#include "store.h"

#define RUNS	11
#define LIMIT	501

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
die(const char *what, const struct err *err)
{
	fprintf(stderr, "bench-screen-page: %s: %s\n", what, err->msg);
	exit(1);
}

/* The filter of "show orders TEXT". */
static struct cmd_filter
filter(const char *text)
{
	char	line[256];
	struct cmd c;
	struct err err = { "" };

	snprintf(line, sizeof line, "show orders %s", text);
	if (cmd_parse(line, &c, &err) == -1)
		die(text, &err);
	return c.filter;
}

/* Time one page RUNS times; print the median, how many orders it held
 * and the id of its first and last (into FIRST and LAST when not
 * NULL). */
static void
page(struct exec *x, const char *what, const char *text,
    enum store_page where, const char *key, size_t limit, char *first,
    char *last)
{
	struct cmd_filter f = filter(text);
	struct err err = { "" };
	struct order *rows = NULL;
	double	t[RUNS];
	size_t	n = 0;

	for (int i = 0; i < RUNS; i++) {
		free(rows);
		double	t0 = now_ms();
		if (exec_page(x, &f, where, key, limit, &rows, &n, &err) == -1)
			die(what, &err);
		t[i] = now_ms() - t0;
	}
	qsort(t, RUNS, sizeof t[0], cmp_double);
	printf("%-40s %8.3f ms  (%zu orders, %s .. %s)\n", what, t[RUNS / 2],
	    n, n ? rows[0].id : "", n ? rows[n - 1].id : "");
	if (first != NULL)
		snprintf(first, ORDER_ID_MAX, "%s", n ? rows[0].id : "");
	if (last != NULL)
		snprintf(last, ORDER_ID_MAX, "%s", n ? rows[n - 1].id : "");
	free(rows);
}

/* Time the count of TEXT's matches (three runs, the median). */
static void
count(struct exec *x, const char *text)
{
	struct cmd_filter f = filter(text);
	struct err err = { "" };
	double	t[3];
	int64_t	total = 0;

	for (int i = 0; i < 3; i++) {
		double	t0 = now_ms();
		if (exec_page_total(x, &f, &total, &err) == -1)
			die(text, &err);
		t[i] = now_ms() - t0;
	}
	qsort(t, 3, sizeof t[0], cmp_double);
	printf("count %-34s %8.3f ms  (%" PRId64 " orders)\n",
	    text[0] ? text : "(all)", t[1], total);
}

int
main(int argc, char **argv)
{
	char	acct[64], sym[64], both[160], a[ORDER_ID_MAX], b[ORDER_ID_MAX];
	char	what[96];
	struct err err = { "" };
	struct store *s;
	struct exec *x;
	double	t0;

	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: bench-screen-page STORE [ACCT SYM]\n");
		return 2;
	}
	snprintf(acct, sizeof acct, "acct=%s", argc == 4 ? argv[2] : "A03");
	snprintf(sym, sizeof sym, "sym=%s", argc == 4 ? argv[3] : "S3");
	snprintf(both, sizeof both, "%s %s status=open", acct, sym);
	t0 = now_ms();
	if ((s = store_open(argv[1], &err)) == NULL)
		die(argv[1], &err);
	/* Without the venues: nothing is sent, the store is only read. */
	if (store_begin(s, &err) == -1 ||
	    (x = exec_new(s, 0, true, &err)) == NULL ||
	    store_commit(s, &err) == -1)
		die(argv[1], &err);
	printf("open and load: %.0f ms; pages of %d orders\n", now_ms() - t0,
	    LIMIT);
	page(x, "first page (Home)", "", STORE_PAGE_FIRST, NULL, LIMIT, NULL,
	    b);
	page(x, "next page (older)", "", STORE_PAGE_BEFORE, b, LIMIT, NULL,
	    NULL);
	page(x, "last page (End)", "", STORE_PAGE_LAST, NULL, LIMIT, a, NULL);
	page(x, "the page above the last (newer)", "", STORE_PAGE_AFTER, a,
	    LIMIT, NULL, NULL);
	page(x, "the last 1000 again (new data)", "", STORE_PAGE_BEFORE, a,
	    2 * LIMIT - 1, NULL, NULL);
	const char *filters[] = { acct, sym, "status=open", both };
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		snprintf(what, sizeof what, "%s first", filters[i]);
		page(x, what, filters[i], STORE_PAGE_FIRST, NULL, LIMIT, NULL,
		    b);
		snprintf(what, sizeof what, "%s older", filters[i]);
		if (b[0])
			page(x, what, filters[i], STORE_PAGE_BEFORE, b, LIMIT,
			    NULL, NULL);
		snprintf(what, sizeof what, "%s last", filters[i]);
		page(x, what, filters[i], STORE_PAGE_LAST, NULL, LIMIT, NULL,
		    NULL);
	}
	count(x, "");
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		count(x, filters[i]);
	exec_free(x);
	store_close(s);
	return 0;
}
