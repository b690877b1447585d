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

	format_event(&b, &o, "new", 0, 0, NULL, json);
	format_event(&b, &o, "fill", 100, o.limit_px, "", json);
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
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
