/* bench/bench-page.c: how long a page of orders takes on a store, by key
 * (store_page_orders()) and, for comparison, by OFFSET as the screen
 * pages today (store_each_order() with latest and skip).
 *
 *   bench/bench-page STORE [LIMIT]
 *
 * STORE is any store (make one with blotter --batch; opening it upgrades
 * it).  Each page is read 21 times; the median is printed, in ms.
 * Figures only; nothing is asserted. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "order.h"
#include "store.h"

#define RUNS	21

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

struct last {
	char	id[ORDER_ID_MAX];
	size_t	n;
};

static int
keep_last(void *ctx, const struct order *o)
{
	struct last *l = ctx;

	snprintf(l->id, sizeof l->id, "%s", o->id);
	l->n++;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Time one page RUNS times; print the median and what it held. */
static void
page(struct store *s, const char *what, const struct store_order_filter *f,
    enum store_page where, const char *key, size_t limit, struct last *out)
{
	double	t[RUNS];
	struct err err = { "" };
	struct last l;
	size_t	n = 0;

	for (int i = 0; i < RUNS; i++) {
		memset(&l, 0, sizeof l);
		double	t0 = now_ms();
		if (store_page_orders(s, f, where, key, limit, keep_last, &l,
		    &n, &err) == -1) {
			fprintf(stderr, "bench-page: %s\n", err.msg);
			exit(1);
		}
		t[i] = now_ms() - t0;
	}
	qsort(t, RUNS, sizeof t[0], cmp_double);
	printf("%-44s %8.3f ms  (%zu orders, last %s)\n", what, t[RUNS / 2], n,
	    l.id);
	if (out != NULL)
		*out = l;
}

/* The same page by OFFSET: the newest LIMIT after SKIP. */
static void
offset_page(struct store *s, const char *what,
    struct store_order_filter f, size_t skip, size_t limit)
{
	double	t[5];
	struct err err = { "" };
	struct last l;

	f.latest = limit;
	f.skip = skip;
	for (int i = 0; i < 5; i++) {
		memset(&l, 0, sizeof l);
		double	t0 = now_ms();
		if (store_each_order(s, &f, keep_last, &l, &err) == -1) {
			fprintf(stderr, "bench-page: %s\n", err.msg);
			exit(1);
		}
		t[i] = now_ms() - t0;
	}
	qsort(t, 5, sizeof t[0], cmp_double);
	printf("%-44s %8.3f ms  (%zu orders, last %s)\n", what, t[2], l.n,
	    l.id);
}

int
main(int argc, char **argv)
{
	struct store_order_filter all = { 0 }, acct = { 0 }, sym = { 0 };
	struct store_order_filter open = { 0 }, done = { 0 }, both = { 0 };
	struct err err = { "" };
	struct store *s;
	struct last first;
	int64_t	total = 0, nacct = 0;
	size_t	limit = argc > 2 ? (size_t)atol(argv[2]) : 50;
	double	t0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-page STORE [LIMIT]\n");
		return 2;
	}
	t0 = now_ms();
	if ((s = store_open(argv[1], &err)) == NULL) {
		fprintf(stderr, "bench-page: %s\n", err.msg);
		return 1;
	}
	printf("open (integrity check, upgrade): %.0f ms\n", now_ms() - t0);
	acct.acct = "A3";
	sym.sym = "S7";
	open.status_mask = 1u << ORDER_STAGED | 1u << ORDER_FLAGGED |
	    1u << ORDER_PENDING_NEW | 1u << ORDER_NEW |
	    1u << ORDER_PARTIALLY_FILLED | 1u << ORDER_PENDING_CANCEL |
	    1u << ORDER_PENDING_REPLACE;
	done.status_mask = 1u << ORDER_CANCELED | 1u << ORDER_REJECTED;
	both.acct = "A3";
	both.sym = "S7";
	both.status_mask = open.status_mask;
	if (store_order_total(s, &total, &err) == -1 ||
	    store_count_orders(s, &acct, &nacct, &err) == -1) {
		fprintf(stderr, "bench-page: %s\n", err.msg);
		return 1;
	}
	printf("orders: %" PRId64 " (account A3: %" PRId64 "), page of %zu\n",
	    total, nacct, limit);
	page(s, "first page", &all, STORE_PAGE_FIRST, NULL, limit, &first);
	page(s, "next page (before the first's last)", &all,
	    STORE_PAGE_BEFORE, first.id, limit, NULL);
	page(s, "last page", &all, STORE_PAGE_LAST, NULL, limit, NULL);
	page(s, "acct=A3 first page", &acct, STORE_PAGE_FIRST, NULL, limit,
	    &first);
	page(s, "acct=A3 next page", &acct, STORE_PAGE_BEFORE, first.id,
	    limit, NULL);
	page(s, "acct=A3 last page", &acct, STORE_PAGE_LAST, NULL, limit,
	    NULL);
	page(s, "sym=S7 last page", &sym, STORE_PAGE_LAST, NULL, limit, NULL);
	page(s, "status=open first page", &open, STORE_PAGE_FIRST, NULL,
	    limit, NULL);
	page(s, "status=open last page", &open, STORE_PAGE_LAST, NULL, limit,
	    NULL);
	page(s, "acct=A3 sym=S7 status=open last page", &both,
	    STORE_PAGE_LAST, NULL, limit, NULL);
	page(s, "status=canceled|rejected first page", &done,
	    STORE_PAGE_FIRST, NULL, limit, NULL);
	page(s, "status=canceled|rejected last page", &done,
	    STORE_PAGE_LAST, NULL, limit, NULL);
	offset_page(s, "by OFFSET: last page", all,
	    total > (int64_t)limit ? (size_t)total - limit : 0, limit);
	offset_page(s, "by OFFSET: acct=A3 last page", acct,
	    nacct > (int64_t)limit ? (size_t)nacct - limit : 0, limit);
	store_close(s);
	return 0;
}
