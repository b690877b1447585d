/* bench/bench-fix.c: make bench.  How many FIX 4.4 messages a second the
 * codec handles: framing, parsing and checking against the dictionary an
 * ExecutionReport and a MarketDataSnapshotFullRefresh of ten entries,
 * and building a NewOrderSingle with two parties.  The dictionary is the
 * file named on the command line (make bench passes data/fix/FIX44.xml).
 * Figures, one a line; nothing is asserted here.
 *
 *   bench-fix FIX44.xml [DIR]
 *
 * With DIR, the three messages are written there first (er.fix, md.fix,
 * nos.fix) for bench-fix-qf to time QuickFIX on the same bytes. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "fix.h"

#define NPARSE	1000000
#define NBUILD	1000000

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Build the ExecutionReport the parse figures use into OUT. */
static long
build_er(struct fix_builder *b, int64_t seq)
{
	fix_build_begin(b, "FIX.4.4", "8");
	fix_build_str(b, 49, "BROKER");
	fix_build_str(b, 56, "CLIENT");
	fix_build_int(b, 34, seq);
	fix_build_time(b, 52, INT64_C(1796653801300) + seq);
	fix_build_str(b, 37, "BRK-000001");
	fix_build_str(b, 11, "ORD-000001");
	fix_build_str(b, 17, "EX-000001");
	fix_build_char(b, 150, 'F');
	fix_build_char(b, 39, '1');
	fix_build_str(b, 55, "ACME");
	fix_build_char(b, 54, '1');
	fix_build_fixed(b, 38, 200, 0);
	fix_build_fixed(b, 32, 50, 0);
	fix_build_fixed(b, 31, 1005000000, 8);
	fix_build_fixed(b, 151, 150, 0);
	fix_build_fixed(b, 14, 50, 0);
	fix_build_fixed(b, 6, 1005000000, 8);
	fix_build_time(b, 60, INT64_C(1796653801300) + seq);
	return fix_build_end(b, NULL);
}

static long
build_md(struct fix_builder *b)
{
	fix_build_begin(b, "FIX.4.4", "W");
	fix_build_str(b, 49, "BROKER");
	fix_build_str(b, 56, "CLIENT");
	fix_build_int(b, 34, 2);
	fix_build_time(b, 52, INT64_C(1796653801300));
	fix_build_str(b, 55, "ACME");
	fix_build_str(b, 262, "MD1");
	fix_build_group(b, 268, 10);
	for (int i = 0; i < 10; i++) {
		fix_build_char(b, 269, i % 2 ? '1' : '0');
		fix_build_fixed(b, 270, 1000000000 + (i % 2 ? 1 : -1) *
		    i * 1000000, 8);
		fix_build_fixed(b, 271, 100 * (i + 1), 0);
	}
	fix_build_group_end(b);
	return fix_build_end(b, NULL);
}

static long
build_nos(struct fix_builder *b, int64_t seq)
{
	fix_build_begin(b, "FIX.4.4", "D");
	fix_build_str(b, 49, "CLIENT");
	fix_build_str(b, 56, "BROKER");
	fix_build_int(b, 34, seq);
	fix_build_time(b, 52, INT64_C(1796653801300) + seq);
	fix_build_str(b, 11, "ORD-000001");
	fix_build_str(b, 1, "ACC1");
	fix_build_group(b, 453, 2);
	fix_build_str(b, 448, "TRADER1");
	fix_build_char(b, 447, 'D');
	fix_build_int(b, 452, 11);
	fix_build_str(b, 448, "DESK9");
	fix_build_char(b, 447, 'D');
	fix_build_int(b, 452, 12);
	fix_build_group_end(b);
	fix_build_str(b, 55, "ACME");
	fix_build_char(b, 54, '1');
	fix_build_time(b, 60, INT64_C(1796653801300) + seq);
	fix_build_fixed(b, 38, 200, 0);
	fix_build_char(b, 40, '2');
	fix_build_fixed(b, 44, 1005000000, 8);
	fix_build_char(b, 59, '0');
	return fix_build_end(b, NULL);
}

/* Write the LEN bytes at MSG to DIR/NAME, or say why not. */
static int
write_msg(const char *dir, const char *name, const char *msg, long len)
{
	char	path[4096];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(msg, 1, (size_t)len, f) != (size_t)len ||
	    fclose(f) != 0) {
		fprintf(stderr, "bench-fix: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

/* Frame, parse and check the LEN bytes at MSG N times. */
static void
bench_parse(const struct fix_dict *d, const char *what, const char *msg,
    long len)
{
	struct fix_msg *m = malloc(sizeof *m);
	struct fix_reject why;
	double	t0, t;
	size_t	n;

	t0 = now_s();
	for (int i = 0; i < NPARSE; i++)
		if (fix_frame(msg, (size_t)len, &n) != FIX_FRAME_OK ||
		    fix_parse(msg, n, m, NULL) == -1 ||
		    fix_validate(d, m, &why) == -1) {
			fprintf(stderr, "bench-fix: %s does not pass\n", what);
			exit(1);
		}
	t = now_s() - t0;
	printf("fix frame+parse+validate %s (%ld bytes, %zu fields): "
	    "%.0f msg/s\n", what, len, m->n, NPARSE / t);
	free(m);
}

int
main(int argc, char **argv)
{
	struct fix_builder *b = malloc(sizeof *b);
	struct fix_dict *d;
	struct err e = { "" };
	char	er[2048], md[2048], out[2048];
	long	erlen, mdlen, len = 0;
	double	t0, t;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: bench-fix FIX44.xml [DIR]\n");
		return 2;
	}
	t0 = now_s();
	if (fix_dict_load(argv[1], &d, &e) == -1) {
		fprintf(stderr, "bench-fix: %s\n", e.msg);
		return 1;
	}
	printf("fix dictionary load: %.1f ms\n", (now_s() - t0) * 1e3);
	fix_build_init(b, er, sizeof er);
	erlen = build_er(b, 1);
	fix_build_init(b, md, sizeof md);
	mdlen = build_md(b);
	if (argc == 3) {
		fix_build_init(b, out, sizeof out);
		len = build_nos(b, 1);
		if (write_msg(argv[2], "er.fix", er, erlen) == -1 ||
		    write_msg(argv[2], "md.fix", md, mdlen) == -1 ||
		    write_msg(argv[2], "nos.fix", out, len) == -1)
			return 1;
		len = 0;
	}
	bench_parse(d, "ExecutionReport", er, erlen);
	bench_parse(d, "MarketDataSnapshot", md, mdlen);
	fix_build_init(b, out, sizeof out);
	t0 = now_s();
	for (int i = 0; i < NBUILD; i++)
		len += build_nos(b, i);
	t = now_s() - t0;
	printf("fix build NewOrderSingle (%ld bytes): %.0f msg/s\n",
	    len / NBUILD, NBUILD / t);
	fix_dict_free(d);
	free(b);
	return 0;
}
