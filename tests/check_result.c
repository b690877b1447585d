/* tests/check_result.c: typed command results (src/cmd/result.c) and
 * their formatting at the edge (format_result in src/cmd/format.c).
 *
 * Each test fills a result as the engine would and checks that what the
 * reader gets back is the values put in, and that the edge prints exactly
 * what printing directly would have. */
#include "config.h"
#include "result.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fixed.h"
#include "format.h"
#include "order.h"
#include "sbuf.h"

static struct order
an_order(void)
{
	struct order o;

	memset(&o, 0, sizeof o);
	str_copy(o.id, sizeof o.id, "O1");
	str_copy(o.account, sizeof o.account, "ACC1");
	str_copy(o.symbol, sizeof o.symbol, "ACME");
	o.side = SIDE_BUY;
	o.type = OTYPE_LIMIT;
	o.tif = TIF_DAY;
	o.status = ORDER_PARTIALLY_FILLED;
	o.qty = 300;
	o.cum_qty = 100;
	o.limit_px = 10050 * (PX_SCALE / 1000);
	o.updated = 1767607200;
	return o;
}

START_TEST(test_items_read_back)
{
	struct result *r = result_new();
	struct order o = an_order();
	struct result_item it;

	result_message(r, "%d orders canceled", 3);
	result_event(r, &o, "fill", 100, o.limit_px, "partial");
	result_order(r, &o, PX_SCALE / 100);
	ck_assert_uint_eq(result_count(r), 3);
	result_at(r, 0, &it);
	ck_assert_int_eq(it.kind, RESULT_MESSAGE);
	ck_assert_str_eq(it.text, "3 orders canceled");
	result_at(r, 1, &it);
	ck_assert_int_eq(it.kind, RESULT_EVENT);
	ck_assert_str_eq(it.event.id, "O1");
	ck_assert_str_eq(it.event.what, "fill");
	ck_assert_int_eq(it.event.fill_qty, 100);
	ck_assert_int_eq(it.event.leaves, 200);
	ck_assert_str_eq(it.event.text, "partial");
	result_at(r, 2, &it);
	ck_assert_int_eq(it.kind, RESULT_ORDER);
	ck_assert_int_eq(it.order->qty, 300);
	ck_assert_int_eq(it.tick, PX_SCALE / 100);
	result_free(r);
}
END_TEST

/* Strings survive the arena growing under them. */
START_TEST(test_strings_survive_growth)
{
	struct result *r = result_new();
	struct format_field f[2] = {
		{ "login", "alice", 8, false, false },
		{ "role", "trader", 0, false, false },
	};
	struct result_item it;
	char big[600];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	result_record(r, f, 2);
	for (int i = 0; i < 100; i++)
		result_message(r, "%s", big);
	result_at(r, 0, &it);
	ck_assert_int_eq(it.kind, RESULT_RECORD);
	ck_assert_uint_eq(it.nfields, 2);
	ck_assert_str_eq(it.fields[0].value, "alice");
	ck_assert_str_eq(it.fields[1].key, "role");
	result_at(r, 100, &it);
	ck_assert_str_eq(it.text, big);
	result_free(r);
}
END_TEST

START_TEST(test_reset_forgets)
{
	struct result *r = result_new();

	result_message(r, "one");
	result_reset(r);
	ck_assert_uint_eq(result_count(r), 0);
	result_note(r, "two");
	ck_assert_uint_eq(result_count(r), 1);
	result_free(r);
}
END_TEST

/* The edge prints what printing directly prints, in text and JSON. */
static void
same_as_direct(bool json)
{
	struct result *r = result_new();
	struct order o = an_order();
	struct sbuf a = { 0 }, b = { 0 };

	result_event(r, &o, "new", 0, 0, NULL);
	result_event(r, &o, "fill", 100, o.limit_px, "");
	result_order_header(r, 12);
	result_order(r, &o, PX_SCALE / 100);
	result_note(r, "no positions");
	result_message(r, "done");
	result_warning(r, "late");
	format_result(&a, r, json);

	struct result_event ev;
	result_event_of(&ev, &o, "new", 0, 0, NULL);
	format_event_of(&b, &ev, json);
	result_event_of(&ev, &o, "fill", 100, o.limit_px, "");
	format_event_of(&b, &ev, json);
	if (!json)
		format_order_header(&b, 12);
	format_order(&b, &o, PX_SCALE / 100, 12, json);
	if (!json)
		format_message(&b, false, "no positions");
	format_message(&b, json, "done");
	format_message(&b, json, "warning: late");
	ck_assert_str_eq(a.p, b.p);
	sbuf_free(&a);
	sbuf_free(&b);
	result_free(r);
}

START_TEST(test_format_text_same)
{
	same_as_direct(false);
}
END_TEST

START_TEST(test_format_json_same)
{
	same_as_direct(true);
}
END_TEST

/* A note is for a reader: JSON output leaves it out. */
START_TEST(test_note_not_in_json)
{
	struct result *r = result_new();
	struct sbuf a = { 0 };

	result_note(r, "no orders");
	format_result(&a, r, true);
	ck_assert_ptr_null(a.p);
	format_result(&a, r, false);
	ck_assert_str_eq(a.p, "no orders\n");
	sbuf_free(&a);
	result_free(r);
}
END_TEST

/* What R prints in text and in JSON. */
static void
check_prints(const struct result *r, const char *text, const char *json)
{
	struct sbuf a = { 0 }, b = { 0 };

	format_result(&a, r, false);
	format_result(&b, r, true);
	ck_assert_str_eq(a.p ? a.p : "", text);
	ck_assert_str_eq(b.p ? b.p : "", json);
	sbuf_free(&a);
	sbuf_free(&b);
}

static struct cpl_result
a_check(int checked, int n)
{
	struct cpl_result c;
	static const struct cpl_outcome out[] = {
		{ "R1", RULE_MAX_QTY, RULE_BLOCK, "qty 900 is over 500" },
		{ "R2", RULE_PRICE_COLLAR, RULE_WARN, "3.1% off the mark" },
	};

	memset(&c, 0, sizeof c);
	c.checked = checked;
	c.broken = n;
	c.n = n;
	memcpy(c.out, out, (size_t)n * sizeof *out);
	return c;
}

/* check ...: the text the ticket reads "pass" in, from typed values. */
START_TEST(test_check_prints_and_reads_back)
{
	struct result *r = result_new();
	struct result_item it;
	struct cpl_result c;

	c = a_check(0, 0);
	result_check(r, RULE_PASS, &c);
	check_prints(r, "pass: no compliance rule applies\n",
	    "{\"message\":\"pass: no compliance rule applies\"}\n");
	result_reset(r);
	c = a_check(1, 0);
	result_check(r, RULE_PASS, &c);
	check_prints(r, "pass: 1 rule checked, none broken\n",
	    "{\"message\":\"pass: 1 rule checked, none broken\"}\n");
	result_reset(r);
	c = a_check(5, 2);
	c.worst = RULE_PASS;		/* the verdict given wins */
	result_check(r, RULE_BLOCK, &c);
	check_prints(r, "block: 2 of 5 rules broken\n"
	    "  block R1 (max_qty): qty 900 is over 500\n"
	    "  warn R2 (price_collar): 3.1% off the mark\n",
	    "{\"message\":\"block: 2 of 5 rules broken\"}\n"
	    "{\"message\":\"  block R1 (max_qty): qty 900 is over 500\"}\n"
	    "{\"message\":\"  warn R2 (price_collar): 3.1% off the mark\"}\n");
	ck_assert_uint_eq(result_count(r), 1);
	result_at(r, 0, &it);
	ck_assert_int_eq(it.kind, RESULT_CHECK);
	ck_assert_int_eq(it.check->worst, RULE_BLOCK);
	ck_assert_int_eq(it.check->checked, 5);
	ck_assert_int_eq(it.check->broken, 2);
	ck_assert_int_eq(it.check->n, 2);
	ck_assert_str_eq(it.check->out[1].rule_id, "R2");
	ck_assert_int_eq(it.check->out[1].outcome, RULE_WARN);
	result_reset(r);
	c = a_check(2, 1);
	result_check(r, RULE_REVIEW, &c);
	check_prints(r, "review: 1 of 2 rules broken\n"
	    "  block R1 (max_qty): qty 900 is over 500\n",
	    "{\"message\":\"review: 1 of 2 rules broken\"}\n"
	    "{\"message\":\"  block R1 (max_qty): qty 900 is over 500\"}\n");
	result_free(r);
}
END_TEST

static struct result_block
a_block(void)
{
	struct result_block b;

	memset(&b, 0, sizeof b);
	str_copy(b.id, sizeof b.id, "BK1");
	str_copy(b.symbol, sizeof b.symbol, "AAPL");
	b.side = SIDE_BUY;
	b.status = ORDER_PARTIALLY_FILLED;
	b.qty = 2000;
	b.cum_qty = 900;
	b.allocated = 100;
	b.avg_px = 10002 * (PX_SCALE / 100);
	b.orders = 4;
	return b;
}

/* show block: the block row as the block wizard reads it. */
START_TEST(test_block_prints_and_reads_back)
{
	struct result *r = result_new();
	struct result_block b = a_block();
	struct result_item it;

	result_block_header(r, format_symbol_width(0, b.symbol));
	result_block(r, &b, 0);
	check_prints(r,
	    "BLOCK       SYMBOL      SIDE    QTY           CUM_QTY       "
	    "ALLOCATED     AVG_PX          STATUS              ORDERS\n"
	    "BK1         AAPL        buy     2000          900           100  "
	    "         100.02          partially_filled    4\n",
	    "{\"block\":\"BK1\",\"symbol\":\"AAPL\",\"side\":\"buy\","
	    "\"qty\":2000,\"cum_qty\":900,\"allocated\":100,"
	    "\"avg_px\":100.02,\"status\":\"partially_filled\","
	    "\"orders\":4}\n");
	result_at(r, 1, &it);
	ck_assert_int_eq(it.kind, RESULT_BLOCK);
	ck_assert_str_eq(it.block->id, "BK1");
	ck_assert_int_eq(it.block->cum_qty - it.block->allocated, 800);
	ck_assert_int_eq(it.block->avg_px, 10002 * (PX_SCALE / 100));
	ck_assert_int_eq(it.block->orders, 4);
	/* A longer symbol in the table widens the column. */
	result_reset(r);
	result_block_header(r, 12);
	result_block(r, &b, 12);
	check_prints(r,
	    "BLOCK       SYMBOL        SIDE    QTY           CUM_QTY       "
	    "ALLOCATED     AVG_PX          STATUS              ORDERS\n"
	    "BK1         AAPL          buy     2000          900           "
	    "100           100.02          partially_filled    4\n",
	    "{\"block\":\"BK1\",\"symbol\":\"AAPL\",\"side\":\"buy\","
	    "\"qty\":2000,\"cum_qty\":900,\"allocated\":100,"
	    "\"avg_px\":100.02,\"status\":\"partially_filled\","
	    "\"orders\":4}\n");
	result_free(r);
}
END_TEST

static void
add_row(struct result *r, const char *acct, const char *order,
    int64_t req, int64_t before, int64_t qty)
{
	struct result_alloc_row a;

	memset(&a, 0, sizeof a);
	str_copy(a.block, sizeof a.block, "BK1");
	str_copy(a.account, sizeof a.account, acct);
	str_copy(a.order, sizeof a.order, order);
	a.requested = req;
	a.before = before;
	a.qty = qty;
	a.px = 10002 * (PX_SCALE / 100);
	a.gross = qty * 10002 * (MONEY_SCALE / 100);
	a.preview = true;
	result_alloc_row(r, &a);
}

/* alloc ... preview: the text the block wizard reads, from numbers. */
START_TEST(test_alloc_prints_and_reads_back)
{
	struct result *r = result_new();
	struct result_alloc a;
	struct result_item it;

	memset(&a, 0, sizeof a);
	str_copy(a.block, sizeof a.block, "BK1");
	str_copy(a.symbol, sizeof a.symbol, "AAPL");
	str_copy(a.method, sizeof a.method, "weights");
	a.qty = 800;
	a.px = 10002 * (PX_SCALE / 100);
	a.preview = true;
	result_alloc(r, &a);
	add_row(r, "MAIN", "o1", 1000, 100, 500);
	add_row(r, "GROWTH01", "o2", 500, 0, 200);
	check_prints(r,
	    "block BK1: would book 800 AAPL at 100.02 (weights)\n"
	    "ACCOUNT       ORDER       REQUESTED     BEFORE        "
	    "QTY           PX              GROSS\n"
	    "MAIN          o1          1000          100           "
	    "500           100.02          50010.00\n"
	    "GROWTH01      o2          500           0             "
	    "200           100.02          20004.00\n",
	    "{\"block\":\"BK1\",\"account\":\"MAIN\",\"order\":\"o1\","
	    "\"requested\":1000,\"before\":100,\"qty\":500,\"px\":100.02,"
	    "\"gross\":50010.00,\"preview\":true}\n"
	    "{\"block\":\"BK1\",\"account\":\"GROWTH01\",\"order\":\"o2\","
	    "\"requested\":500,\"before\":0,\"qty\":200,\"px\":100.02,"
	    "\"gross\":20004.00,\"preview\":true}\n");
	result_at(r, 0, &it);
	ck_assert_int_eq(it.kind, RESULT_ALLOC);
	ck_assert_int_eq(it.alloc->qty, 800);
	ck_assert_str_eq(it.alloc->method, "weights");
	ck_assert(it.alloc->preview);
	result_at(r, 1, &it);
	ck_assert_int_eq(it.kind, RESULT_ALLOC_ROW);
	ck_assert_str_eq(it.alloc_row->account, "MAIN");
	ck_assert_int_eq(it.alloc_row->qty, 500);
	ck_assert_int_eq(it.alloc_row->gross, 50010 * MONEY_SCALE);
	/* Booked, not previewed. */
	result_reset(r);
	a.preview = false;
	result_alloc(r, &a);
	check_prints(r, "block BK1: booked 800 AAPL at 100.02 (weights)\n"
	    "ACCOUNT       ORDER       REQUESTED     BEFORE        "
	    "QTY           PX              GROSS\n", "");
	result_free(r);
}
END_TEST

/* show allocations, and show block's allocations: a booking's values. */
START_TEST(test_booking_prints_and_reads_back)
{
	struct result *r = result_new();
	struct result_booking bk;
	struct result_item it;

	memset(&bk, 0, sizeof bk);
	str_copy(bk.block, sizeof bk.block, "BK1");
	str_copy(bk.booking, sizeof bk.booking, "1-100");
	str_copy(bk.account, sizeof bk.account, "MAIN");
	str_copy(bk.order, sizeof bk.order, "o1");
	str_copy(bk.symbol, sizeof bk.symbol, "AAPL");
	bk.side = SIDE_BUY;
	bk.qty = 100;
	bk.px = 10002 * (PX_SCALE / 100);
	bk.gross = 1000200 * (MONEY_SCALE / 100);
	result_booking_header(r, format_symbol_width(0, bk.symbol));
	result_booking(r, &bk, 0);
	check_prints(r,
	    "BLOCK       BOOKING           ACCOUNT       ORDER       "
	    "SYMBOL      SIDE    QTY           PX              GROSS\n"
	    "BK1         1-100             MAIN          o1          "
	    "AAPL        buy     100           100.02          10002.00\n",
	    "{\"block\":\"BK1\",\"booking\":\"1-100\",\"account\":\"MAIN\","
	    "\"order\":\"o1\",\"symbol\":\"AAPL\",\"side\":\"buy\","
	    "\"qty\":100,\"px\":100.02,\"gross\":10002.00}\n");
	result_at(r, 1, &it);
	ck_assert_int_eq(it.kind, RESULT_BOOKING);
	ck_assert_str_eq(it.booking->order, "o1");
	ck_assert_int_eq(it.booking->qty, 100);
	ck_assert_int_eq(it.booking->gross, 10002 * MONEY_SCALE);
	result_free(r);
}
END_TEST

/* The text edge fits a table's symbol column to its rows: the engine
 * need not measure them first. */
START_TEST(test_edge_fits_symbol_column)
{
	struct result *r = result_new();
	struct order o = an_order(), p = an_order();
	struct result_block b = a_block();
	struct sbuf a = { 0 }, d = { 0 };

	str_copy(p.symbol, sizeof p.symbol, "LONGSYMBOLNAME12");
	result_order_header(r, 0);
	result_order(r, &o, 0);
	result_order(r, &p, 0);
	str_copy(b.symbol, sizeof b.symbol, "VERYLONGSYMBOLNAME12345");
	result_block_header(r, 0);
	result_block(r, &b, 0);
	format_result(&a, r, false);
	format_order_header(&d, 16);
	format_order(&d, &o, 0, 16, false);
	format_order(&d, &p, 0, 16, false);
	format_block_header(&d, 23);
	format_block(&d, &b, 23, false);
	ck_assert_str_eq(a.p, d.p);
	ck_assert_ptr_nonnull(strstr(a.p, "SYMBOL           TYPE"));
	sbuf_free(&a);
	sbuf_free(&d);
	result_free(r);
}
END_TEST

/* A field for JSON only is left out of text, header included. */
START_TEST(test_json_only_field)
{
	struct result *r = result_new();
	const struct format_field f[] = {
		{ "login", "alice", 8, false, false },
		{ "role", "trader", 0, false, false },
		{ "name", "Alice", 0, false, true },
	};
	const struct format_field total[] = {
		{ "orders", "3", 0, true, true },
	};

	result_record_header(r, f, 3);
	result_record(r, f, 3);
	result_record(r, total, 1);
	check_prints(r, "LOGIN     ROLE\nalice     trader\n",
	    "{\"login\":\"alice\",\"role\":\"trader\",\"name\":\"Alice\"}\n"
	    "{\"orders\":3}\n");
	result_free(r);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("result");
	TCase *tc = tcase_create("result");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_items_read_back);
	tcase_add_test(tc, test_strings_survive_growth);
	tcase_add_test(tc, test_reset_forgets);
	tcase_add_test(tc, test_format_text_same);
	tcase_add_test(tc, test_format_json_same);
	tcase_add_test(tc, test_note_not_in_json);
	tcase_add_test(tc, test_check_prints_and_reads_back);
	tcase_add_test(tc, test_block_prints_and_reads_back);
	tcase_add_test(tc, test_alloc_prints_and_reads_back);
	tcase_add_test(tc, test_booking_prints_and_reads_back);
	tcase_add_test(tc, test_json_only_field);
	tcase_add_test(tc, test_edge_fits_symbol_column);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
