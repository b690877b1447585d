/* tests/check_parse.c: the command-language parser (src/cmd/parse*.c).
 *
 * One test per behaviour, most of them tables: a line and what it must
 * parse into, or a malformed line and a word its error must name. */
#include "config.h"
#include "cmd.h"

#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "compliance.h"
#include "err.h"
#include "exec.h"
#include "fixed.h"
#include "order.h"
#include "quote.h"
#include "store.h"
#include "testlib.h"

#define N_OF(a)		(sizeof (a) / sizeof (a)[0])

/* An expect's number as written: V / 10^DEC. */
#define ck_num(n, want_v, want_dec) do { \
	ck_assert_int_eq((n).v, (want_v)); \
	ck_assert_int_eq((n).dec, (want_dec)); \
} while (0)

/* Parse LINE into C, failing the test with the parser's message. */
static void
parse_ok(const char *line, struct cmd *c)
{
	struct err e = { "" };
	int	rc = cmd_parse(line, c, &e);

	ck_assert_msg(rc == 0, "'%s' failed: %s", line, e.msg);
}

/* Parse LINE, which must fail with a message containing NEEDLE. */
static void
parse_bad(const char *line, const char *needle)
{
	struct cmd c;
	struct err e = { "" };
	int	rc = cmd_parse(line, &c, &e);

	ck_assert_msg(rc == -1, "'%s' parsed but should fail", line);
	ck_assert_msg(e.msg[0] != '\0', "'%s': empty message", line);
	ck_assert_msg(strstr(e.msg, needle) != NULL,
	    "'%s': message \"%s\" does not mention \"%s\"", line, e.msg,
	    needle);
}

/* ---- degenerate input ---- */

START_TEST(test_null_and_empty)
{
	static const char *const empties[] = {
		"", " ", "\t \t", "\n", "\r\n", "# a comment", "   # indented",
		"#", "  \t# x \"unterminated", "\t\n",
	};
	struct cmd c;
	struct err e = { "" };
	size_t	i;

	ck_assert_int_eq(cmd_parse(NULL, &c, &e), -1);
	ck_assert_str_ne(e.msg, "");
	ck_assert_int_eq(cmd_parse("buy 1 X", NULL, &e), -1);
	ck_assert_int_eq(cmd_parse("buy 1 X", &c, NULL), 0);
	ck_assert_int_eq(cmd_parse("byu 1 X", &c, NULL), -1);
	for (i = 0; i < N_OF(empties); i++) {
		memset(&c, 0xa5, sizeof c);
		parse_ok(empties[i], &c);
		ck_assert_msg(c.kind == CMD_EMPTY, "'%s'", empties[i]);
		ck_assert_int_eq(c.line, 0);
		ck_assert_str_eq(c.sym, "");
		ck_assert_int_eq(c.have, 0);
	}
}
END_TEST

START_TEST(test_struct_zeroed)
{
	struct cmd c;

	memset(&c, 0x5a, sizeof c);
	parse_ok("mark ACME 10", &c);
	ck_assert_int_eq(c.line, 0);
	ck_assert_str_eq(c.id, "");
	ck_assert_int_eq(c.have, 0);
	ck_assert_int_eq(c.ord.req.qty, 0);
	ck_assert_str_eq(c.filter.acct, "");
	ck_assert_int_eq(c.exp.have, 0);
	ck_assert_str_eq(c.path, "");
}
END_TEST

/* ---- lexing ---- */

START_TEST(test_lex_quotes)
{
	static const struct {
		const char *line;
		const char *note;
	} cases[] = {
		{ "buy 1 X note=\"call me\"", "call me" },
		{ "buy 1 X note=plain", "plain" },
		{ "buy 1 X note=\"\"", "" },
		{ "buy 1 X note=", "" },
		{ "buy 1 X note=\"say \\\"hi\\\"\"", "say \"hi\"" },
		{ "buy 1 X note=\"# not a comment\" # a comment",
		    "# not a comment" },
		{ "buy 1 X note=\"a=b c\"", "a=b c" },
		{ "buy 1 X note=\"  tabs\tand  blanks \"",
		    "  tabs\tand  blanks " },
		{ "buy 1 X note=half\"way there\"", "halfway there" },
		{ "buy 1 X note=\"back\\slash\"", "back\\slash" },
		{ "buy 1 X note=\"x\"\n", "x" },
		{ "buy 1 X note=\"x\"\r\n", "x" },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_int_eq(c.kind, CMD_ORDER);
		ck_assert_msg(strcmp(c.ord.req.note, cases[i].note) == 0,
		    "'%s': note '%s', want '%s'", cases[i].line, c.ord.req.note,
		    cases[i].note);
	}
	parse_ok("account add F1 name=\"Acme Capital\"", &c);
	ck_assert_str_eq(c.acct.name, "Acme Capital");
	parse_ok("load instruments \"my data/instr ume nts.csv\"", &c);
	ck_assert_str_eq(c.path, "my data/instr ume nts.csv");
}
END_TEST

START_TEST(test_lex_blanks_and_comments)
{
	struct cmd c;

	parse_ok("\t buy\t100   ACME\t@\t10.00  # the first order\r\n", &c);
	ck_assert_int_eq(c.kind, CMD_ORDER);
	ck_assert_int_eq(c.ord.req.qty, 100);
	ck_assert_str_eq(c.sym, "ACME");
	ck_assert_int_eq(c.ord.req.limit_px, P("10.00"));
	parse_ok("buy 100 ACME#comment right after", &c);
	ck_assert_str_eq(c.sym, "ACME");
	ck_assert_int_eq(c.ord.req.type, OTYPE_MARKET);
	parse_ok("mark ACME 10 # 11", &c);
	ck_assert_int_eq(c.px, P("10"));
	/* A quoted word holding '=' is not an option. */
	parse_ok("load accounts \"a=b.csv\"", &c);
	ck_assert_str_eq(c.path, "a=b.csv");
}
END_TEST

START_TEST(test_lex_errors)
{
	char	longline[5000];
	size_t	i;

	parse_bad("buy 1 X note=\"call me", "note=\"call me");
	parse_bad("account add F1 name=\"Acme", "name=\"Acme");
	parse_bad("\"", "quote");
	memset(longline, 'a', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	parse_bad(longline, "too long");
	/* A line has room for a full block and its options, no more. */
	strcpy(longline, "help");
	for (i = 0; i < 2 * (CMD_BLOCK_MAX + 3); i++)
		strcat(longline, " w");
	parse_bad(longline, "too many words");
}
END_TEST

/* ---- keywords and identifiers ---- */

START_TEST(test_keywords_case_insensitive)
{
	static const struct {
		const char *line;
		enum cmd_kind kind;
	} cases[] = {
		{ "BUY 100 ACME", CMD_ORDER },
		{ "Sell 100 ACME", CMD_ORDER },
		{ "STAGE SHORT 100 ACME", CMD_ORDER },
		{ "Clock Set 2026-01-05T09:30:00", CMD_CLOCK_SET },
		{ "CLOCK ADVANCE 5M", CMD_CLOCK_ADVANCE },
		{ "INSTRUMENT ADD ACME CLASS=EQUITY", CMD_INSTRUMENT_ADD },
		{ "Account Add F1 NAV=5M", CMD_ACCOUNT_ADD },
		{ "LOAD INSTRUMENTS x.csv", CMD_LOAD_INSTRUMENTS },
		{ "Load Accounts x.csv", CMD_LOAD_ACCOUNTS },
		{ "FX EURUSD 1.08", CMD_FX },
		{ "QUOTE ACME 10 11 BIDSZ=5K", CMD_QUOTE },
		{ "MARK ACME 10", CMD_MARK },
		{ "RELEASE O1", CMD_RELEASE },
		{ "CANCEL O1", CMD_CANCEL },
		{ "CANCEL ALL ACCT=F1", CMD_CANCEL_ALL },
		{ "Cancel All", CMD_CANCEL_ALL },
		{ "REPLACE O1 QTY=5 TIF=GTC", CMD_REPLACE },
		{ "SHOW ORDERS STATUS=OPEN", CMD_SHOW_ORDERS },
		{ "Show Order O1", CMD_SHOW_ORDER },
		{ "SHOW POSITIONS", CMD_SHOW_POSITIONS },
		{ "SHOW PNL ACCT=F1", CMD_SHOW_PNL },
		{ "EXPECT ORDER O1 STATUS=FILLED", CMD_EXPECT_ORDER },
		{ "EXPECT POSITION F1 ACME QTY=1K", CMD_EXPECT_POSITION },
		{ "EXPECT PNL F1 TOTAL=1", CMD_EXPECT_PNL },
		{ "EXPECT COUNT ORDERS STATUS=DONE 3", CMD_EXPECT_COUNT },
		{ "Expect Fail", CMD_EXPECT_FAIL },
		{ "HELP", CMD_HELP },
		{ "IMPORT TRADES t.csv", CMD_IMPORT_TRADES },
		{ "Load Positions p.csv", CMD_LOAD_POSITIONS },
		{ "REBALANCE MODEL=m.csv ACCT=F1", CMD_REBALANCE },
		{ "Report Confirms B1 OUT=c.txt", CMD_REPORT_CONFIRMS },
		{ "BLOCK O1 O2 ID=B1", CMD_BLOCK },
		{ "Block Auto SYM=ACME", CMD_BLOCK_AUTO },
		{ "BLOCK AUTO", CMD_BLOCK_AUTO },
		{ "ALLOC B1 METHOD=EVEN LOT=1K PREVIEW", CMD_ALLOC },
		{ "Alloc B1 Method=Weights Weights=F1:1", CMD_ALLOC },
		{ "SHOW BLOCKS", CMD_SHOW_BLOCKS },
		{ "Show Block B1", CMD_SHOW_BLOCK },
		{ "SHOW ALLOCATIONS B1", CMD_SHOW_ALLOCATIONS },
		{ "EXPECT BLOCK B1 STATUS=FILLED ORDERS=2", CMD_EXPECT_BLOCK },
		{ "Expect Allocation B1 F1 QTY=1K", CMD_EXPECT_ALLOCATION },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_msg(c.kind == cases[i].kind, "'%s': kind %s, want %s",
		    cases[i].line, cmd_kind_name(c.kind),
		    cmd_kind_name(cases[i].kind));
	}
	parse_ok("BUY 100 ACME @ 10 MKT=x ALGO=TWAP", &c);
	ck_assert_str_eq(c.ord.algo, "TWAP");
	parse_ok("Buy 1 X Mkt TIF=GTD:2026-01-09", &c);
	ck_assert_int_eq(c.ord.req.type, OTYPE_MARKET);
	ck_assert_int_eq(c.ord.req.tif, TIF_GTD);
	ck_assert_int_eq(c.ord.req.gtd_date, 20260109);
}
END_TEST

START_TEST(test_identifiers_case_sensitive)
{
	struct cmd c;

	parse_ok("buy 100 acme acct=Fund1 id=MyOrder venue=Sim", &c);
	ck_assert_str_eq(c.sym, "acme");
	ck_assert_str_eq(c.ord.req.account, "Fund1");
	ck_assert_str_eq(c.ord.id, "MyOrder");
	ck_assert_str_eq(c.ord.req.venue, "Sim");
	parse_ok("cancel oRdEr-1", &c);
	ck_assert_str_eq(c.id, "oRdEr-1");
	parse_ok("show orders acct=lower sym=MiXeD", &c);
	ck_assert_str_eq(c.filter.acct, "lower");
	ck_assert_str_eq(c.filter.sym, "MiXeD");
	parse_ok("expect position Fund1 BRK.B", &c);
	ck_assert_str_eq(c.filter.acct, "Fund1");
	ck_assert_str_eq(c.sym, "BRK.B");
	parse_ok("account add LS-EQ01", &c);
	ck_assert_str_eq(c.acct.id, "LS-EQ01");
	/* A symbol that looks like a keyword is still a symbol. */
	parse_ok("buy 100 ALL", &c);
	ck_assert_str_eq(c.sym, "ALL");
}
END_TEST

/* ---- time ---- */

START_TEST(test_time_parse)
{
	static const struct {
		const char *s;
		int64_t	t;
	} cases[] = {
		{ "1970-01-01T00:00:00", 0 },
		{ "1970-01-01T00:00", 0 },
		{ "1969-12-31T23:59:59", -1 },
		{ "2026-01-05T09:30:00", 1767605400 },
		{ "2026-01-05t09:30:00", 1767605400 },
		{ "2026-01-05T09:30", 1767605400 },
		{ "2024-02-29T23:59:59", 1709251199 },
		{ "2000-02-29T00:00:00", 951782400 },
		{ "2026-12-31T16:00", 1798732800 },
		{ "2100-03-01T00:00:00", 4107542400LL },
		{ "9999-12-31T23:59:59", 253402300799LL },
		{ "0001-01-01T00:00:00", -62135596800LL },
	};
	struct err e;
	int64_t	t;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		t = 42;
		ck_assert_msg(cmd_time_parse(cases[i].s, &t, &e) == 0,
		    "%s: %s", cases[i].s, e.msg);
		ck_assert_msg(t == cases[i].t, "%s: %lld, want %lld",
		    cases[i].s, (long long)t, (long long)cases[i].t);
	}
}
END_TEST

START_TEST(test_time_parse_bad)
{
	static const char *const bad[] = {
		"", "2026", "2026-01-05", "2026-01-05 09:30:00",
		"2026-13-01T09:30:00", "2026-00-01T09:30:00",
		"2026-01-00T09:30:00", "2026-01-32T09:30:00",
		"2026-02-29T09:30:00", "1900-02-29T00:00:00",
		"2100-02-29T00:00:00", "2026-04-31T00:00:00",
		"2026-01-05T24:00:00", "2026-01-05T09:60:00",
		"2026-01-05T09:30:60", "2026-01-05T09:30:0",
		"2026-01-05T9:30:00", "26-01-05T09:30:00",
		"2026/01/05T09:30:00", "2026-01-05T09:30:00Z",
		"2026-01-05T09:30:00.5", "2026-1-5T09:30:00",
		"abcd-ef-ghTij:kl:mn", "2026-01-05T09-30-00",
		"+026-01-05T09:30:00", "2026-01-05T09:30:",
	};
	struct err e;
	int64_t	t;
	size_t	i;

	ck_assert_int_eq(cmd_time_parse(NULL, &t, &e), -1);
	for (i = 0; i < N_OF(bad); i++) {
		t = 42;
		e.msg[0] = '\0';
		ck_assert_msg(cmd_time_parse(bad[i], &t, &e) == -1,
		    "'%s' parsed", bad[i]);
		ck_assert_int_eq(t, 42);
		ck_assert_msg(strstr(e.msg, bad[i]) != NULL &&
		    strstr(e.msg, "YYYY-MM-DDTHH:MM:SS") != NULL,
		    "'%s': %s", bad[i], e.msg);
	}
}
END_TEST

START_TEST(test_time_leap_years)
{
	static const struct {
		int	year;
		bool	leap;
	} years[] = {
		{ 1600, true }, { 1700, false }, { 1900, false },
		{ 1970, false }, { 1972, true }, { 2000, true },
		{ 2023, false }, { 2024, true }, { 2026, false },
		{ 2028, true }, { 2100, false }, { 2400, true },
	};
	char	s[32], back[32];
	int64_t	feb28, mar1;
	size_t	i;
	int	rc;

	for (i = 0; i < N_OF(years); i++) {
		snprintf(s, sizeof s, "%04d-02-29T12:00:00", years[i].year);
		rc = cmd_time_parse(s, &feb28, NULL);
		ck_assert_msg((rc == 0) == years[i].leap, "%s", s);
		if (rc == 0)
			ck_assert_str_eq(cmd_time_fmt(feb28, back, sizeof back),
			    s);
		snprintf(s, sizeof s, "%04d-02-28T00:00:00", years[i].year);
		ck_assert_int_eq(cmd_time_parse(s, &feb28, NULL), 0);
		snprintf(s, sizeof s, "%04d-03-01T00:00:00", years[i].year);
		ck_assert_int_eq(cmd_time_parse(s, &mar1, NULL), 0);
		ck_assert_int_eq(mar1 - feb28,
		    (years[i].leap ? 2 : 1) * 86400);
	}
}
END_TEST

START_TEST(test_time_fmt_round_trip)
{
	static const int64_t ts[] = {
		0, 1, -1, 59, 86399, 86400, 1767605400, 1709251199,
		951782400, 4107542400LL, 253402300799LL, -62135596800LL,
		-86401,
	};
	char	buf[32];
	int64_t	t, back;
	size_t	i;

	ck_assert_str_eq(cmd_time_fmt(1767605400, buf, sizeof buf),
	    "2026-01-05T09:30:00");
	ck_assert_str_eq(cmd_time_fmt(0, buf, 20), "1970-01-01T00:00:00");
	ck_assert_str_eq(cmd_time_fmt(-1, buf, sizeof buf),
	    "1969-12-31T23:59:59");
	ck_assert_ptr_null(cmd_time_fmt(0, NULL, 0));
	ck_assert_ptr_eq(cmd_time_fmt(0, buf, 0), buf);
	ck_assert_str_eq(cmd_time_fmt(0, buf, 5), "1970");
	for (i = 0; i < N_OF(ts); i++) {
		cmd_time_fmt(ts[i], buf, sizeof buf);
		ck_assert_msg(cmd_time_parse(buf, &back, NULL) == 0, "%s", buf);
		ck_assert_msg(back == ts[i], "%lld -> %s -> %lld",
		    (long long)ts[i], buf, (long long)back);
	}
	/* Every day of a few years, through leap days and year ends. */
	for (t = 1704067200LL - 86400; t < 1704067200LL + 3 * 366 * 86400;
	    t += 86400 + 3601) {
		cmd_time_fmt(t, buf, sizeof buf);
		ck_assert_int_eq(cmd_time_parse(buf, &back, NULL), 0);
		ck_assert_int_eq(back, t);
	}
}
END_TEST

START_TEST(test_clock)
{
	static const struct {
		const char *line;
		enum cmd_kind kind;
		int64_t	t;
	} cases[] = {
		{ "clock set 2026-01-05T09:30:00", CMD_CLOCK_SET, 1767605400 },
		{ "clock set 2026-01-05T09:30", CMD_CLOCK_SET, 1767605400 },
		{ "clock set 2024-02-29T16:00:00", CMD_CLOCK_SET,
		    1709222400 },
		{ "clock advance 5m", CMD_CLOCK_ADVANCE, 300 },
		{ "clock advance 30s", CMD_CLOCK_ADVANCE, 30 },
		{ "clock advance 2h", CMD_CLOCK_ADVANCE, 7200 },
		{ "clock advance 90", CMD_CLOCK_ADVANCE, 90 },
		{ "clock advance 0", CMD_CLOCK_ADVANCE, 0 },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_int_eq(c.kind, cases[i].kind);
		ck_assert_msg(c.t == cases[i].t, "'%s': %lld", cases[i].line,
		    (long long)c.t);
	}
}
END_TEST

/* ---- reference data ---- */

START_TEST(test_instrument_add)
{
	struct cmd c;

	parse_ok("instrument add ACME class=equity", &c);
	ck_assert_int_eq(c.kind, CMD_INSTRUMENT_ADD);
	ck_assert_str_eq(c.inst.symbol, "ACME");
	ck_assert_int_eq(c.inst.cls, ASSET_EQUITY);
	ck_assert_str_eq(c.inst.ccy, "USD");
	ck_assert_int_eq(c.inst.tick, P("0.01"));
	ck_assert_int_eq(c.inst.lot, 1);
	ck_assert_int_eq(c.inst.mult, PX_SCALE);
	ck_assert_int_eq(c.have, 0);

	parse_ok("instrument add UST10Y class=bond ccy=USD tick=0.001", &c);
	ck_assert_int_eq(c.inst.cls, ASSET_BOND);
	ck_assert_int_eq(c.inst.mult, P("0.01"));
	ck_assert_int_eq(c.inst.tick, P("0.001"));
	ck_assert_int_eq(c.have, HAVE_CCY | HAVE_TICK);

	parse_ok("instrument add ESH6 class=future ccy=USD tick=0.25 lot=1 "
	    "mult=50 issuer=\"CME Group\" sector=Index underlying=SPX", &c);
	ck_assert_int_eq(c.inst.cls, ASSET_FUTURE);
	ck_assert_int_eq(c.inst.tick, P("0.25"));
	ck_assert_int_eq(c.inst.lot, 1);
	ck_assert_int_eq(c.inst.mult, P("50"));
	ck_assert_str_eq(c.inst.issuer, "CME Group");
	ck_assert_str_eq(c.inst.sector, "Index");
	ck_assert_str_eq(c.inst.underlying, "SPX");
	ck_assert_int_eq(c.have, HAVE_CCY | HAVE_TICK | HAVE_LOT | HAVE_MULT |
	    HAVE_ISSUER | HAVE_SECTOR | HAVE_UNDERLYING);

	/* Options in any order; lot takes k suffixes. */
	parse_ok("instrument add VOD.L lot=1k ccy=GBP class=Equity", &c);
	ck_assert_str_eq(c.inst.ccy, "GBP");
	ck_assert_int_eq(c.inst.lot, 1000);
	ck_assert_int_eq(c.have, HAVE_CCY | HAVE_LOT);

	parse_ok("instrument add EURUSD class=fx", &c);
	ck_assert_int_eq(c.inst.cls, ASSET_FX);
	parse_ok("instrument add AAPL260116C200 class=option mult=100 "
	    "underlying=AAPL", &c);
	ck_assert_int_eq(c.inst.cls, ASSET_OPTION);
	ck_assert_int_eq(c.inst.mult, P("100"));
	parse_ok("instrument add B class=bond mult=1", &c);
	ck_assert_int_eq(c.inst.mult, PX_SCALE);
	ck_assert_int_eq(c.have, HAVE_MULT);
}
END_TEST

START_TEST(test_account_add)
{
	const struct {
		const char *line;
		unsigned have;
		int64_t	nav, cash;
	} cases[] = {
		{ "account add F1", 0, 0, 0 },
		{ "account add F1 nav=50m", HAVE_NAV, M("50000000"), 0 },
		{ "account add F1 nav=1.2bn", HAVE_NAV, M("1200000000"), 0 },
		{ "account add F1 nav=1.2BN cash=250k", HAVE_NAV | HAVE_CASH,
		    M("1200000000"), M("250000") },
		{ "account add F1 nav=2.5M", HAVE_NAV, M("2500000"), 0 },
		{ "account add F1 nav=185400000.00 cash=5932800.50",
		    HAVE_NAV | HAVE_CASH, M("185400000.0"),
		    M("5932800.5") },
		{ "account add F1 cash=-1000.25", HAVE_CASH, 0,
		    M("-1000.25") },
		{ "account add F1 cash=0.000001", HAVE_CASH, 0, 1 },
		{ "account add F1 nav=0.0000001m", HAVE_NAV, 100000, 0 },
		{ "account add F1 nav=0", HAVE_NAV, 0, 0 },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_int_eq(c.kind, CMD_ACCOUNT_ADD);
		ck_assert_str_eq(c.acct.id, "F1");
		ck_assert_str_eq(c.acct.ccy, "USD");
		ck_assert_msg(c.have == cases[i].have, "'%s'", cases[i].line);
		ck_assert_msg(c.acct.nav == cases[i].nav, "'%s': nav %lld",
		    cases[i].line, (long long)c.acct.nav);
		ck_assert_msg(c.acct.cash == cases[i].cash, "'%s': cash %lld",
		    cases[i].line, (long long)c.acct.cash);
	}
	parse_ok("account add EU1 ccy=EUR name=\"Euro Fund\" nav=10m", &c);
	ck_assert_str_eq(c.acct.ccy, "EUR");
	ck_assert_str_eq(c.acct.name, "Euro Fund");
	ck_assert_int_eq(c.have, HAVE_CCY | HAVE_NAME | HAVE_NAV);
}
END_TEST

START_TEST(test_load_and_fx)
{
	struct cmd c;

	parse_ok("load instruments data/instruments.csv", &c);
	ck_assert_int_eq(c.kind, CMD_LOAD_INSTRUMENTS);
	ck_assert_str_eq(c.path, "data/instruments.csv");
	parse_ok("load accounts /tmp/Accounts.CSV", &c);
	ck_assert_int_eq(c.kind, CMD_LOAD_ACCOUNTS);
	ck_assert_str_eq(c.path, "/tmp/Accounts.CSV");
	parse_ok("fx EURUSD 1.0850", &c);
	ck_assert_int_eq(c.kind, CMD_FX);
	ck_assert_str_eq(c.sym, "EURUSD");
	ck_assert_int_eq(c.px, P("1.085"));
	parse_ok("fx USDJPY 157.25", &c);
	ck_assert_int_eq(c.px, P("157.25"));
	parse_ok("fx GBPUSD 0.00000001", &c);
	ck_assert_int_eq(c.px, 1);
}
END_TEST

/* ---- market data ---- */

START_TEST(test_quote_and_mark)
{
	const struct {
		const char *line;
		int64_t	bid, ask, bidsz, asksz;
	} cases[] = {
		{ "quote ACME 10.00 10.05", P("10"), P("10.05"),
		    QUOTE_SIZE_UNLIMITED, QUOTE_SIZE_UNLIMITED },
		{ "quote ACME 10 10", P("10"), P("10"), QUOTE_SIZE_UNLIMITED,
		    QUOTE_SIZE_UNLIMITED },
		{ "quote ACME 10 10.05 bidsz=500", P("10"), P("10.05"), 500,
		    QUOTE_SIZE_UNLIMITED },
		{ "quote ACME 10 10.05 asksz=2.5k bidsz=1m", P("10"),
		    P("10.05"), 1000000, 2500 },
		{ "quote ACME 99.125 99.25 bidsz=0 asksz=0", P("99.125"),
		    P("99.25"), 0, 0 },
		{ "quote ACME 0.0001 0.0002", P("0.0001"), P("0.0002"),
		    QUOTE_SIZE_UNLIMITED, QUOTE_SIZE_UNLIMITED },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_int_eq(c.kind, CMD_QUOTE);
		ck_assert_str_eq(c.sym, "ACME");
		ck_assert_int_eq(c.bid, cases[i].bid);
		ck_assert_int_eq(c.ask, cases[i].ask);
		ck_assert_int_eq(c.bidsz, cases[i].bidsz);
		ck_assert_int_eq(c.asksz, cases[i].asksz);
	}
	parse_ok("mark ACME 10.025", &c);
	ck_assert_int_eq(c.kind, CMD_MARK);
	ck_assert_str_eq(c.sym, "ACME");
	ck_assert_int_eq(c.px, P("10.025"));
}
END_TEST

/* ---- orders ---- */

START_TEST(test_order_types)
{
	const struct {
		const char *line;
		enum order_side side;
		bool	stage;
		int64_t	qty;
		enum order_type type;
		int64_t	limit, stop, trail;
		bool	pct;
	} cases[] = {
		{ "buy 100 ACME", SIDE_BUY, false, 100, OTYPE_MARKET, 0, 0,
		    0, false },
		{ "buy 100 ACME mkt", SIDE_BUY, false, 100, OTYPE_MARKET, 0,
		    0, 0, false },
		{ "sell 5k ACME @ 10.00", SIDE_SELL, false, 5000, OTYPE_LIMIT,
		    P("10"), 0, 0, false },
		{ "short 2.5m ACME @10.5", SIDE_SHORT, false, 2500000,
		    OTYPE_LIMIT, P("10.5"), 0, 0, false },
		{ "cover 100 ACME @ 9.99", SIDE_COVER, false, 100,
		    OTYPE_LIMIT, P("9.99"), 0, 0, false },
		{ "buy 100 ACME stop=10.50", SIDE_BUY, false, 100, OTYPE_STOP,
		    0, P("10.5"), 0, false },
		{ "buy 100 ACME mkt stop=10.50", SIDE_BUY, false, 100,
		    OTYPE_STOP, 0, P("10.5"), 0, false },
		{ "sell 100 ACME @ 9.90 stop=10", SIDE_SELL, false, 100,
		    OTYPE_STOP_LIMIT, P("9.9"), P("10"), 0, false },
		{ "sell 100 ACME stop=10 @9.90", SIDE_SELL, false, 100,
		    OTYPE_STOP_LIMIT, P("9.9"), P("10"), 0, false },
		{ "sell 100 ACME trail=0.50", SIDE_SELL, false, 100,
		    OTYPE_TRAILING_STOP, 0, 0, P("0.5"), false },
		{ "sell 100 ACME trail=2%", SIDE_SELL, false, 100,
		    OTYPE_TRAILING_STOP, 0, 0, P("2"), true },
		{ "buy 100 ACME trail=1.5% @ 11", SIDE_BUY, false, 100,
		    OTYPE_TRAILING_STOP, P("11"), 0, P("1.5"), true },
		{ "stage buy 100 ACME", SIDE_BUY, true, 100, OTYPE_MARKET, 0,
		    0, 0, false },
		{ "stage sell 1k ACME @ 10", SIDE_SELL, true, 1000,
		    OTYPE_LIMIT, P("10"), 0, 0, false },
		{ "stage short 100 ACME stop=9", SIDE_SHORT, true, 100,
		    OTYPE_STOP, 0, P("9"), 0, false },
		{ "stage cover 100 ACME trail=1% @ 10", SIDE_COVER, true, 100,
		    OTYPE_TRAILING_STOP, P("10"), 0, P("1"), true },
		/* Zero and negative quantities are for the runtime to
		 * refuse. */
		{ "buy 0 ACME", SIDE_BUY, false, 0, OTYPE_MARKET, 0, 0, 0,
		    false },
		{ "sell -100 ACME @ 10", SIDE_SELL, false, -100, OTYPE_LIMIT,
		    P("10"), 0, 0, false },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		const char *l = cases[i].line;

		parse_ok(l, &c);
		ck_assert_msg(c.kind == CMD_ORDER, "'%s'", l);
		ck_assert_msg(c.ord.req.side == cases[i].side, "'%s': side", l);
		ck_assert_msg(c.ord.req.stage == cases[i].stage, "'%s': stage", l);
		ck_assert_msg(c.ord.req.qty == cases[i].qty, "'%s': qty %lld", l,
		    (long long)c.ord.req.qty);
		ck_assert_str_eq(c.sym, "ACME");
		ck_assert_msg(c.ord.req.type == cases[i].type, "'%s': type %d", l,
		    (int)c.ord.req.type);
		ck_assert_msg(c.ord.req.limit_px == cases[i].limit, "'%s': limit",
		    l);
		ck_assert_msg(c.ord.req.stop_px == cases[i].stop, "'%s': stop", l);
		ck_assert_msg(c.ord.req.trail == cases[i].trail, "'%s': trail", l);
		ck_assert_msg(c.ord.req.trail_pct == cases[i].pct, "'%s': pct", l);
		ck_assert_msg(c.ord.req.tif == TIF_DAY, "'%s': tif", l);
		ck_assert_int_eq(c.ord.req.gtd_date, 0);
		ck_assert_str_eq(c.ord.req.account, "");
		ck_assert_str_eq(c.ord.id, "");
	}
}
END_TEST

START_TEST(test_order_tif)
{
	static const struct {
		const char *word;
		enum order_tif tif;
		int32_t	gtd;
	} cases[] = {
		{ "day", TIF_DAY, 0 }, { "gtc", TIF_GTC, 0 },
		{ "ioc", TIF_IOC, 0 }, { "fok", TIF_FOK, 0 },
		{ "opg", TIF_OPG, 0 }, { "atc", TIF_ATC, 0 },
		{ "IOC", TIF_IOC, 0 }, { "Gtc", TIF_GTC, 0 },
		{ "gtd:2026-01-09", TIF_GTD, 20260109 },
		{ "GTD:2028-02-29", TIF_GTD, 20280229 },
	};
	struct cmd c;
	char	line[128];
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		snprintf(line, sizeof line, "buy 100 ACME @ 10 tif=%s",
		    cases[i].word);
		parse_ok(line, &c);
		ck_assert_msg(c.ord.req.tif == cases[i].tif, "'%s'", line);
		ck_assert_int_eq(c.ord.req.gtd_date, cases[i].gtd);
		snprintf(line, sizeof line, "replace O1 tif=%s", cases[i].word);
		parse_ok(line, &c);
		ck_assert(c.change.have_tif);
		ck_assert_msg(c.change.tif == cases[i].tif, "'%s'", line);
		ck_assert_int_eq(c.change.gtd_date, cases[i].gtd);
	}
}
END_TEST

START_TEST(test_order_options)
{
	struct cmd c;

	parse_ok("buy 1k ACME @ 10.00 tif=gtc acct=F1 venue=sim id=T-1 "
	    "algo=twap note=\"for the close\"", &c);
	ck_assert_int_eq(c.ord.req.qty, 1000);
	ck_assert_int_eq(c.ord.req.type, OTYPE_LIMIT);
	ck_assert_int_eq(c.ord.req.tif, TIF_GTC);
	ck_assert_str_eq(c.ord.req.account, "F1");
	ck_assert_str_eq(c.ord.req.venue, "sim");
	ck_assert_str_eq(c.ord.id, "T-1");
	ck_assert_str_eq(c.ord.algo, "twap");
	ck_assert_str_eq(c.ord.req.note, "for the close");

	/* Options in any order, also before the price. */
	parse_ok("sell 100 ACME note=x acct=F2 @ 10 id=A", &c);
	ck_assert_str_eq(c.ord.req.account, "F2");
	ck_assert_str_eq(c.ord.id, "A");
	ck_assert_int_eq(c.ord.req.limit_px, P("10"));

	/* With algo=, unknown keys are its parameters; known keys keep
	 * their meaning. */
	parse_ok("buy 10k ACME algo=vwap start=10:00 end=15:30 pov=10% "
	    "acct=F1", &c);
	ck_assert_str_eq(c.ord.algo, "vwap");
	ck_assert_str_eq(c.ord.req.account, "F1");
	parse_ok("buy 10k ACME start=10:00 algo=twap", &c);
	ck_assert_str_eq(c.ord.algo, "twap");
}
END_TEST

/* ---- order life ---- */

START_TEST(test_release_cancel_replace)
{
	struct cmd c;

	parse_ok("release O-17", &c);
	ck_assert_int_eq(c.kind, CMD_RELEASE);
	ck_assert_str_eq(c.id, "O-17");
	parse_ok("cancel O-17", &c);
	ck_assert_int_eq(c.kind, CMD_CANCEL);
	ck_assert_str_eq(c.id, "O-17");
	parse_ok("cancel all", &c);
	ck_assert_int_eq(c.kind, CMD_CANCEL_ALL);
	ck_assert_str_eq(c.filter.acct, "");
	ck_assert_str_eq(c.filter.sym, "");
	parse_ok("cancel ALL sym=ACME acct=F1", &c);
	ck_assert_int_eq(c.kind, CMD_CANCEL_ALL);
	ck_assert_str_eq(c.filter.acct, "F1");
	ck_assert_str_eq(c.filter.sym, "ACME");
	ck_assert_int_eq(c.filter.status_kind, FILTER_ANY);

	parse_ok("replace O1 qty=2k", &c);
	ck_assert_int_eq(c.kind, CMD_REPLACE);
	ck_assert_str_eq(c.id, "O1");
	ck_assert(c.change.have_qty);
	ck_assert(!c.change.have_limit && !c.change.have_stop &&
	    !c.change.have_tif);
	ck_assert_int_eq(c.change.qty, 2000);
	parse_ok("replace O1 px=10.05 stop=10 tif=ioc qty=300", &c);
	ck_assert(c.change.have_qty && c.change.have_limit &&
	    c.change.have_stop && c.change.have_tif);
	ck_assert_int_eq(c.change.qty, 300);
	ck_assert_int_eq(c.change.limit_px, P("10.05"));
	ck_assert_int_eq(c.change.stop_px, P("10"));
	ck_assert_int_eq(c.change.tif, TIF_IOC);
	parse_ok("replace O1 px=11", &c);
	ck_assert(c.change.have_limit && !c.change.have_qty);
	parse_ok("replace O1 stop=9.5", &c);
	ck_assert(c.change.have_stop && !c.change.have_limit);
	parse_ok("replace O1 qty=0", &c);
	ck_assert(c.change.have_qty);
	ck_assert_int_eq(c.change.qty, 0);
}
END_TEST

/* ---- looking and checking ---- */

START_TEST(test_show)
{
	static const struct {
		const char *line;
		enum cmd_kind kind;
		const char *acct, *sym;
		enum cmd_status_filter sk;
		enum order_status st;
	} cases[] = {
		{ "show orders", CMD_SHOW_ORDERS, "", "", FILTER_ANY, 0 },
		{ "show orders acct=F1", CMD_SHOW_ORDERS, "F1", "", FILTER_ANY,
		    0 },
		{ "show orders sym=ACME status=open", CMD_SHOW_ORDERS, "",
		    "ACME", FILTER_OPEN, 0 },
		{ "show orders status=done acct=F1 sym=X", CMD_SHOW_ORDERS,
		    "F1", "X", FILTER_DONE, 0 },
		{ "show orders status=partially_filled", CMD_SHOW_ORDERS, "",
		    "", FILTER_ONE, ORDER_PARTIALLY_FILLED },
		{ "show orders status=Canceled", CMD_SHOW_ORDERS, "", "",
		    FILTER_ONE, ORDER_CANCELED },
		{ "show orders status=done_for_day", CMD_SHOW_ORDERS, "", "",
		    FILTER_ONE, ORDER_DONE_FOR_DAY },
		{ "show orders status=staged", CMD_SHOW_ORDERS, "", "",
		    FILTER_ONE, ORDER_STAGED },
		{ "show positions", CMD_SHOW_POSITIONS, "", "", FILTER_ANY,
		    0 },
		{ "show positions acct=F1", CMD_SHOW_POSITIONS, "F1", "",
		    FILTER_ANY, 0 },
		{ "show pnl", CMD_SHOW_PNL, "", "", FILTER_ANY, 0 },
		{ "show pnl acct=F2", CMD_SHOW_PNL, "F2", "", FILTER_ANY, 0 },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_msg(c.kind == cases[i].kind, "'%s'", cases[i].line);
		ck_assert_str_eq(c.filter.acct, cases[i].acct);
		ck_assert_str_eq(c.filter.sym, cases[i].sym);
		ck_assert_msg(c.filter.status_kind == cases[i].sk, "'%s'",
		    cases[i].line);
		if (cases[i].sk == FILTER_ONE)
			ck_assert_int_eq(c.filter.status, cases[i].st);
	}
	parse_ok("show order O-9", &c);
	ck_assert_int_eq(c.kind, CMD_SHOW_ORDER);
	ck_assert_str_eq(c.id, "O-9");
}
END_TEST

START_TEST(test_expect_order)
{
	struct cmd c;

	parse_ok("expect order O1", &c);
	ck_assert_int_eq(c.kind, CMD_EXPECT_ORDER);
	ck_assert_str_eq(c.id, "O1");
	ck_assert_int_eq(c.exp.have, 0);
	parse_ok("expect order O1 status=partially_filled cum=1.5k "
	    "leaves=500 avgpx=10.0125 qty=2k px=10.05", &c);
	ck_assert_int_eq(c.exp.have, EXP_STATUS | EXP_CUM | EXP_LEAVES |
	    EXP_AVGPX | EXP_QTY | EXP_PX);
	ck_assert_int_eq(c.exp.status, ORDER_PARTIALLY_FILLED);
	ck_num(c.exp.cum, 1500, 0);
	ck_num(c.exp.leaves, 500, 0);
	ck_num(c.exp.avgpx, 100125, 4);
	ck_num(c.exp.qty, 2000, 0);
	ck_num(c.exp.px, 1005, 2);
	parse_ok("expect order O1 status=FILLED leaves=0", &c);
	ck_assert_int_eq(c.exp.status, ORDER_FILLED);
	ck_assert_int_eq(c.exp.have, EXP_STATUS | EXP_LEAVES);
	ck_num(c.exp.leaves, 0, 0);
}
END_TEST

START_TEST(test_expect_position_pnl)
{
	struct cmd c;

	parse_ok("expect position F1 ACME qty=-500 avgcost=10.025 "
	    "realized=-1250.50 unrealized=2.5k", &c);
	ck_assert_int_eq(c.kind, CMD_EXPECT_POSITION);
	ck_assert_str_eq(c.filter.acct, "F1");
	ck_assert_str_eq(c.sym, "ACME");
	ck_assert_int_eq(c.exp.have, EXP_QTY | EXP_AVGCOST | EXP_REALIZED |
	    EXP_UNREALIZED);
	ck_num(c.exp.qty, -500, 0);
	ck_num(c.exp.avgcost, 10025, 3);
	ck_num(c.exp.realized, -125050, 2);
	ck_num(c.exp.unrealized, 2500, 0);
	parse_ok("expect position F1 UST10Y qty=1m", &c);
	ck_num(c.exp.qty, 1000000, 0);
	ck_assert_int_eq(c.exp.have, EXP_QTY);

	parse_ok("expect pnl F1 realized=100 unrealized=-50.25 total=49.75",
	    &c);
	ck_assert_int_eq(c.kind, CMD_EXPECT_PNL);
	ck_assert_str_eq(c.filter.acct, "F1");
	ck_assert_int_eq(c.exp.have, EXP_REALIZED | EXP_UNREALIZED |
	    EXP_TOTAL);
	ck_num(c.exp.realized, 100, 0);
	ck_num(c.exp.unrealized, -5025, 2);
	ck_num(c.exp.total, 4975, 2);
	parse_ok("expect pnl F1 total=1.2bn", &c);
	ck_num(c.exp.total, 1200000000, 0);
	parse_ok("expect pnl F1 total=0", &c);
	ck_assert_int_eq(c.exp.have, EXP_TOTAL);
}
END_TEST

START_TEST(test_expect_count_fail)
{
	static const struct {
		const char *line;
		int64_t	n;
		const char *acct, *sym;
		enum cmd_status_filter sk;
	} cases[] = {
		{ "expect count orders 0", 0, "", "", FILTER_ANY },
		{ "expect count orders 3", 3, "", "", FILTER_ANY },
		{ "expect count orders acct=F1 12", 12, "F1", "", FILTER_ANY },
		{ "expect count orders sym=ACME status=open 2", 2, "", "ACME",
		    FILTER_OPEN },
		{ "expect count orders status=done acct=F1 sym=X 7", 7, "F1",
		    "X", FILTER_DONE },
		{ "expect count orders status=filled 1", 1, "", "",
		    FILTER_ONE },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_int_eq(c.kind, CMD_EXPECT_COUNT);
		ck_assert_msg(c.exp.count == cases[i].n, "'%s'", cases[i].line);
		ck_assert_str_eq(c.filter.acct, cases[i].acct);
		ck_assert_str_eq(c.filter.sym, cases[i].sym);
		ck_assert_int_eq(c.filter.status_kind, cases[i].sk);
	}
	ck_assert_int_eq(c.filter.status, ORDER_FILLED);
	parse_ok("expect fail", &c);
	ck_assert_int_eq(c.kind, CMD_EXPECT_FAIL);
	parse_ok("expect fail # the line above must fail", &c);
	ck_assert_int_eq(c.kind, CMD_EXPECT_FAIL);
}
END_TEST

START_TEST(test_help)
{
	struct cmd c;

	parse_ok("help", &c);
	ck_assert_int_eq(c.kind, CMD_HELP);
	ck_assert_str_eq(c.sym, "");
	parse_ok("help orders", &c);
	ck_assert_str_eq(c.sym, "orders");
	parse_ok("HELP Expect", &c);
	ck_assert_str_eq(c.sym, "expect");
	parse_ok("help show orders", &c);
	ck_assert_str_eq(c.sym, "show orders");
}
END_TEST

START_TEST(test_kind_names)
{
	int	k;

	ck_assert_str_eq(cmd_kind_name(CMD_EXPECT_ORDER), "expect order");
	ck_assert_str_eq(cmd_kind_name(CMD_CLOCK_SET), "clock set");
	ck_assert_str_eq(cmd_kind_name(CMD_CANCEL_ALL), "cancel all");
	ck_assert_str_eq(cmd_kind_name(CMD_IMPORT_TRADES), "import trades");
	ck_assert_str_eq(cmd_kind_name(CMD_LOAD_POSITIONS), "load positions");
	ck_assert_str_eq(cmd_kind_name(CMD_REBALANCE), "rebalance");
	ck_assert_str_eq(cmd_kind_name(CMD_REPORT_CONFIRMS),
	    "report confirms");
	ck_assert_str_eq(cmd_kind_name(CMD_BLOCK), "block");
	ck_assert_str_eq(cmd_kind_name(CMD_BLOCK_AUTO), "block auto");
	ck_assert_str_eq(cmd_kind_name(CMD_ALLOC), "alloc");
	ck_assert_str_eq(cmd_kind_name(CMD_SHOW_BLOCKS), "show blocks");
	ck_assert_str_eq(cmd_kind_name(CMD_SHOW_BLOCK), "show block");
	ck_assert_str_eq(cmd_kind_name(CMD_SHOW_ALLOCATIONS),
	    "show allocations");
	ck_assert_str_eq(cmd_kind_name(CMD_EXPECT_BLOCK), "expect block");
	ck_assert_str_eq(cmd_kind_name(CMD_EXPECT_ALLOCATION),
	    "expect allocation");
	for (k = 0; k < CMD_KIND_COUNT; k++) {
		const char *n = cmd_kind_name((enum cmd_kind)k);

		ck_assert_ptr_nonnull(n);
		ck_assert_msg(n[0] != '\0', "kind %d has no name", k);
	}
	ck_assert_ptr_nonnull(cmd_kind_name(CMD_KIND_COUNT));
	ck_assert_ptr_nonnull(cmd_kind_name((enum cmd_kind)-1));
}
END_TEST

/* ---- malformed lines ---- */

static const struct {
	const char *line;
	const char *needle;
} bad_lines[] = {
	/* commands */
	{ "byu 100 ACME", "unknown command 'byu'" },
	{ "buyy 100 ACME", "'buyy'" },
	{ "foo=bar", "foo=bar" },
	{ "instrument", "instrument add" },
	{ "instrument del ACME", "'del'" },
	{ "account", "account add" },
	{ "account remove F1", "'remove'" },
	{ "load", "load instruments" },
	{ "load trades x.csv", "'trades'" },
	{ "load instruments", "which file" },
	{ "load accounts a.csv b.csv", "'b.csv'" },
	{ "show", "show: what?" },
	{ "show trades", "'trades'" },
	{ "show order", "which order" },
	{ "show order O1 O2", "'O2'" },
	{ "show positions sym=ACME", "'sym='" },
	{ "expect", "expect: what?" },
	{ "expect orders O1", "'orders'" },
	{ "expect fail now", "'now'" },
	{ "stage", "stage" },
	{ "stage hold 100 ACME", "'hold'" },
	/* clock */
	{ "clock", "set or advance" },
	{ "clock stop", "'stop'" },
	{ "clock set", "clock set" },
	{ "clock set 2026-13-01T09:30:00", "clock set: '2026-13-01T09:30:00' "
	    "is not a date and time (YYYY-MM-DDTHH:MM:SS)" },
	{ "clock set 2026-02-29T09:30:00", "'2026-02-29T09:30:00'" },
	{ "clock set tomorrow", "'tomorrow'" },
	{ "clock set 2026-01-05T09:30:00 extra", "'extra'" },
	{ "clock advance", "clock advance" },
	{ "clock advance soon", "soon" },
	{ "clock advance -5m", "-5m" },
	{ "clock advance 5m 5m", "'5m'" },
	/* reference data */
	{ "instrument add", "which symbol" },
	{ "instrument add ACME", "class=" },
	{ "instrument add ACME class=stock", "'stock'" },
	{ "instrument add ACME class=equity ccy=usd", "'usd'" },
	{ "instrument add ACME class=equity ccy=US", "'US'" },
	{ "instrument add ACME class=equity tick=abc", "abc" },
	{ "instrument add ACME class=equity tick=0", "tick 0" },
	{ "instrument add ACME class=equity tick=-0.01", "-0.01" },
	{ "instrument add ACME class=equity lot=0", "lot 0" },
	{ "instrument add ACME class=equity lot=ten", "ten" },
	{ "instrument add ACME class=equity mult=x", "'x'" },
	{ "instrument add ACME class=equity colour=red", "'colour='" },
	{ "instrument add ACME class=equity class=bond", "class=" },
	{ "instrument add ACME class=equity extra", "'extra'" },
	{ "instrument add ACME class=equity issuer=", "issuer=" },
	{ "instrument add ACME class=equity underlying=\"A B\"", "A B" },
	{ "account add", "which account" },
	{ "account add F1 nav=lots", "'lots'" },
	{ "account add F1 nav=1.2.3m", "1.2.3m" },
	{ "account add F1 nav=5q", "'5q'" },
	{ "account add F1 nav=-5m", "-5m" },
	{ "account add F1 cash=0.0000001", "0.0000001" },
	{ "account add F1 ccy=euro", "'euro'" },
	{ "account add F1 base=EUR", "'base='" },
	{ "account add F1 nav=1m nav=2m", "nav= is given twice" },
	{ "account add \"F 1\"", "F 1" },
	{ "fx", "which pair" },
	{ "fx EURUSD", "rate" },
	{ "fx eurusd 1.08", "'eurusd'" },
	{ "fx EURUS 1.08", "'EURUS'" },
	{ "fx EURUSDX 1.08", "'EURUSDX'" },
	{ "fx EURUSD one", "'one'" },
	{ "fx EURUSD 0", "rate 0" },
	{ "fx EURUSD -1.08", "-1.08" },
	{ "fx EURUSD 1.08 1.09", "'1.09'" },
	/* market data */
	{ "quote", "which symbol" },
	{ "quote ACME 10", "ask" },
	{ "quote ACME x 10", "quote: 'x' is not a price" },
	{ "quote ACME 10 x", "'x' is not a" },
	{ "quote ACME 10.05 10.00", "crossed quote: bid 10.05 is above ask "
	    "10.00" },
	{ "quote ACME 0 10", "bid 0" },
	{ "quote ACME -1 10", "-1" },
	{ "quote ACME 10 10.05 bidsz=lots", "'lots'" },
	{ "quote ACME 10 10.05 bidsz=-5", "bidsz=-5" },
	{ "quote ACME 10 10.05 bidsz=5 bidsz=6", "bidsz= is given twice" },
	{ "quote ACME 10 10.05 size=5", "'size='" },
	{ "quote ACME 10 10.05 11", "'11'" },
	{ "quote ACME 10.123456789 11", "10.123456789" },
	{ "mark ACME", "price" },
	{ "mark ACME ten", "'ten'" },
	{ "mark ACME 0", "price 0" },
	{ "mark ACME 10 11", "'11'" },
	/* orders */
	{ "buy", "how many" },
	{ "buy 100", "which symbol" },
	{ "buy ten ACME", "buy: 'ten' is not a quantity" },
	{ "buy ACME 100", "'ACME' is not a quantity" },
	{ "buy 1.5 ACME", "1.5" },
	{ "buy 5x ACME", "'5x'" },
	{ "sell 100 ACME @", "'@' needs a price" },
	{ "sell 100 ACME @ acct=F1", "'@' needs a price" },
	{ "sell 100 ACME @ ten", "'ten'" },
	{ "sell 100 ACME @ten", "'ten'" },
	{ "sell 100 ACME @ 0", "price 0" },
	{ "sell 100 ACME @ -10", "-10" },
	{ "sell 100 ACME @ 10 @11", "'@11'" },
	{ "sell 100 ACME @ 10 mkt", "'mkt'" },
	{ "sell 100 ACME mkt @10", "'mkt'" },
	{ "sell 100 ACME mkt mkt", "'mkt'" },
	{ "sell 100 ACME 10.00", "'10.00'" },
	{ "sell 100 ACME limit", "'limit'" },
	{ "sell 100 ACME stop=10 trail=0.5", "stop=10" },
	{ "sell 100 ACME trail=1% stop=10", "trail=1%" },
	{ "sell 100 ACME stop=x", "'x'" },
	{ "sell 100 ACME stop=0", "stop 0" },
	{ "sell 100 ACME trail=x", "'x' is not a price" },
	{ "sell 100 ACME trail=0", "trail 0" },
	{ "sell 100 ACME trail=x%", "trail=x%" },
	{ "sell 100 ACME trail=0%", "trail=0%" },
	{ "sell 100 ACME trail=150%", "trail=150%" },
	{ "sell 100 ACME tif=forever", "'forever'" },
	{ "sell 100 ACME tif=gtd", "gtd" },
	{ "sell 100 ACME tif=gtd:2026-02-30", "2026-02-30" },
	{ "sell 100 ACME tif=gtd:tomorrow", "gtd:tomorrow" },
	{ "sell 100 ACME foo=1", "sell: unknown option" },
	{ "sell 100 ACME foo=1", "'foo='" },
	{ "sell 100 ACME tif=day tif=gtc", "tif= is given twice" },
	{ "sell 100 ACME acct=F1 ACCT=F2", "acct= is given twice" },
	{ "sell 100 ACME algo=a algo=b", "algo= is given twice" },
	{ "sell 100 ACME acct=", "acct= needs a value" },
	{ "sell 100 ACME acct=\"F 1\"", "F 1" },
	{ "sell 100 ACME id=a=b", "a=b" },
	{ "sell 100 ACME venue=averyveryverylongvenue", "venue" },
	{ "stage buy", "how many" },
	{ "stage buy ten ACME", "stage buy: 'ten' is not a quantity" },
	{ "stage buy 100 ACME px=10", "'px='" },
	/* order life */
	{ "release", "which order" },
	{ "release O1 O2", "'O2'" },
	{ "release O1 now=1", "'now='" },
	{ "cancel", "cancel: which order? (cancel ORDER_ID or cancel all)" },
	{ "cancel O1 O2", "'O2'" },
	{ "cancel O1 acct=F1", "'acct='" },
	{ "cancel all status=open", "'status='" },
	{ "cancel all F1", "'F1'" },
	{ "cancel all acct=F1 acct=F2", "acct= is given twice" },
	{ "replace", "which order" },
	{ "replace O1", "nothing to change" },
	{ "replace O1 qty=ten", "'ten'" },
	{ "replace O1 px=abc", "'abc'" },
	{ "replace O1 px=0", "price 0" },
	{ "replace O1 stop=-1", "-1" },
	{ "replace O1 tif=later", "'later'" },
	{ "replace O1 limit=10", "'limit='" },
	{ "replace O1 qty=1 qty=2", "qty= is given twice" },
	{ "replace O1 10.00", "'10.00'" },
	/* looking */
	{ "show orders status=working", "'working'" },
	{ "show orders status=OPENED", "'OPENED'" },
	{ "show orders side=buy", "'side='" },
	{ "show orders ACME", "'ACME'" },
	{ "show pnl sym=ACME", "'sym='" },
	/* expects */
	{ "expect order", "which order" },
	{ "expect order O1 status=open", "'open'" },
	{ "expect order O1 status=bogus", "'bogus'" },
	{ "expect order O1 cum=ten", "cum='ten'" },
	{ "expect order O1 cum=5k5", "5k5" },
	{ "expect order O1 cum=1e3", "1e3" },
	{ "expect order O1 cum=", "cum= needs a value" },
	{ "expect order O1 cum=-", "'-'" },
	{ "expect order O1 cum=.", "'.'" },
	{ "expect order O1 avgpx=10k", "10k" },
	{ "expect order O1 avgpx=nan", "nan" },
	{ "expect order O1 px=inf", "inf" },
	{ "expect order O1 qty=0x10", "0x10" },
	{ "expect order O1 avgcost=10", "'avgcost='" },
	{ "expect order O1 cum=1 cum=2", "cum= is given twice" },
	{ "expect order O1 filled", "'filled'" },
	{ "expect position", "which account" },
	{ "expect position F1", "which symbol" },
	{ "expect position F1 ACME total=5", "'total='" },
	{ "expect position F1 ACME qty=1,000", "1,000" },
	{ "expect position F1 ACME realized=12.5.0", "12.5.0" },
	{ "expect pnl", "which account" },
	{ "expect pnl F1 cum=5", "'cum='" },
	{ "expect pnl F1 total=lots", "'lots'" },
	{ "expect count", "count what" },
	{ "expect count fills 3", "count what" },
	{ "expect count orders", "how many" },
	{ "expect count orders acct=F1", "how many" },
	{ "expect count orders three", "'three'" },
	{ "expect count orders -1", "'-1'" },
	{ "expect count orders 1.5", "'1.5'" },
	{ "expect count orders 1 2", "'2'" },
	{ "expect count orders side=buy 1", "'side='" },
	{ "expect count orders status=nope 1", "'nope'" },
	/* help */
	{ "help averyveryverylongtopicname", "averyveryverylongtopicname" },
};

START_TEST(test_malformed)
{
	parse_bad(bad_lines[_i].line, bad_lines[_i].needle);
}
END_TEST

START_TEST(test_compliance_cmds)
{
	struct cmd c;
	struct err e = { "" };

	ck_assert_int_eq(cmd_parse("user add bob role=trader name=\"Bob B\"",
	    &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_USER_ADD);
	ck_assert_str_eq(c.user, "bob");
	ck_assert_int_eq(c.role, ROLE_TRADER);
	ck_assert_str_eq(c.text, "Bob B");
	ck_assert_int_eq(cmd_parse("USER ADD carl ROLE=compliance", &c, &e), 0);
	ck_assert_int_eq(c.role, ROLE_COMPLIANCE);
	ck_assert_int_eq(cmd_parse("as bob", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_AS);
	ck_assert_str_eq(c.user, "bob");
	ck_assert_int_eq(cmd_parse("rule add R1 kind=max_qty limit=1k "
	    "warn_at=800 acct=F1 action=block", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_RULE_ADD);
	ck_assert_str_eq(c.rule.id, "R1");
	ck_assert_int_eq(c.rule.kind, RULE_MAX_QTY);
	ck_assert_int_eq(c.rule.limit, 1000);
	ck_assert_int_eq(c.rule.warn_at, 800);
	ck_assert_str_eq(c.rule.acct, "F1");
	ck_assert_int_eq(c.rule.action, RULE_BLOCK);
	ck_assert_int_eq(cmd_parse("rule add R2 kind=restricted "
	    "issuer=\"Apple Inc.\"", &c, &e), 0);
	ck_assert_str_eq(c.rule.issuer, "Apple Inc.");
	ck_assert_int_eq(c.rule.action, RULE_REVIEW);
	ck_assert_int_eq(cmd_parse("rule list", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_RULE_LIST);
	ck_assert_int_eq(cmd_parse("show rules", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_RULE_LIST);
	ck_assert_int_eq(cmd_parse("rule del R1", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_RULE_DEL);
	ck_assert_str_eq(c.rule.id, "R1");
	ck_assert_int_eq(cmd_parse("rule disable R1", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_RULE_DISABLE);
	ck_assert_int_eq(cmd_parse("rule enable R1", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_RULE_ENABLE);
	ck_assert_int_eq(cmd_parse("load rules data/rules.example", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_LOAD_RULES);
	ck_assert_str_eq(c.path, "data/rules.example");
	ck_assert_int_eq(cmd_parse("approve O1", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_APPROVE);
	ck_assert_str_eq(c.text, "");
	ck_assert_int_eq(cmd_parse("approve O1 reason=\"ok by desk head\"", &c,
	    &e), 0);
	ck_assert_str_eq(c.text, "ok by desk head");
	ck_assert_int_eq(cmd_parse("reject O1 reason=\"too big\"", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_REJECT);
	ck_assert_str_eq(c.id, "O1");
	ck_assert_str_eq(c.text, "too big");
	ck_assert_int_eq(cmd_parse("halt acct=F1 reason=\"desk\"", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_HALT);
	ck_assert_str_eq(c.filter.acct, "F1");
	ck_assert_int_eq(cmd_parse("halt", &c, &e), 0);
	ck_assert_str_eq(c.filter.acct, "");
	ck_assert_int_eq(cmd_parse("resume", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_RESUME);
	ck_assert_int_eq(cmd_parse("set review.same_login refuse", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_SET);
	ck_assert_str_eq(c.setting, "review.same_login");
	ck_assert_str_eq(c.value, "refuse");
	ck_assert_int_eq(cmd_parse("SET Review.Same_Login ALERT", &c, &e), 0);
	ck_assert_str_eq(c.value, "alert");
	ck_assert_int_eq(cmd_parse("show settings", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_SHOW_SETTINGS);
	ck_assert_int_eq(cmd_parse("show compliance", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_SHOW_COMPLIANCE);
	ck_assert_str_eq(c.id, "");
	ck_assert_int_eq(cmd_parse("show audit O1", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_SHOW_AUDIT);
	ck_assert_str_eq(c.id, "O1");
	ck_assert_int_eq(cmd_parse("show alerts", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_SHOW_ALERTS);
	ck_assert_int_eq(cmd_parse("show users", &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_SHOW_USERS);
	ck_assert_int_eq(cmd_parse("check sell 100 AAPL @ 190.5 acct=F1", &c,
	    &e), 0);
	ck_assert_int_eq(c.kind, CMD_CHECK_ORDER);
	ck_assert_int_eq(c.ord.req.side, SIDE_SELL);
	ck_assert_int_eq(c.ord.req.qty, 100);
	ck_assert(!c.ord.req.stage);
}
END_TEST

static const struct {
	const char *line;
	const char *needle;
} bad_compliance[] = {
	{ "user", "user add LOGIN" },
	{ "user add", "whose login" },
	{ "user add bob", "role= is missing" },
	{ "user add bob role=boss", "'boss' is not a role" },
	{ "user add bob role=trader extra", "unexpected word" },
	{ "as", "as whom" },
	{ "as bob alice", "unexpected word" },
	{ "rule", "rule add, list" },
	{ "rule frob R1", "cannot 'frob' a rule" },
	{ "rule add", "which rule" },
	{ "rule add R1", "kind" },
	{ "rule add R1 kind=max_qty", "limit" },
	{ "rule add R1 kind=max_qty limit=ten", "limit" },
	{ "rule add R1 kind=bogus", "bogus" },
	{ "rule add R1 kind=max_qty limit=5 action=maybe", "maybe" },
	{ "rule add R1 kind=max_qty limit=5 color=red", "color" },
	{ "rule add R1 kind=max_qty limit=5 stray", "unexpected word" },
	{ "rule del", "which rule" },
	{ "rule del R1 R2", "unexpected word" },
	{ "approve", "which order" },
	{ "approve O1 because", "unexpected word" },
	{ "reject O1", "needs its reason" },
	{ "reject O1 reason=", "reason= needs a value" },
	{ "halt F1", "unexpected word" },
	{ "resume reason=x", "unknown option 'reason='" },
	{ "show audit O1 O2", "unexpected word" },
	{ "show alerts now", "unexpected word" },
	{ "load rules", "which file" },
	{ "audit", "audit head" },
	{ "audit tail", "audit head" },
	{ "audit head 5", "unexpected word" },
};

START_TEST(test_bad_compliance)
{
	struct cmd c;
	struct err e = { "" };

	ck_assert_msg(cmd_parse(bad_compliance[_i].line, &c, &e) == -1,
	    "'%s' parsed but should fail", bad_compliance[_i].line);
	ck_assert_msg(strstr(e.msg, bad_compliance[_i].needle) != NULL,
	    "'%s': '%s' does not say '%s'", bad_compliance[_i].line, e.msg,
	    bad_compliance[_i].needle);
}
END_TEST


/* ---- blocks, allocation and model trades ---- */

/* The commands that used to be "not available in this version" parse now,
 * each into its own kind. */
START_TEST(test_block_section_parses)
{
	static const struct {
		const char *line;
		enum cmd_kind kind;
	} cases[] = {
		{ "import trades t.csv", CMD_IMPORT_TRADES },
		{ "rebalance model=m.csv", CMD_REBALANCE },
		{ "block O1 O2 id=B1", CMD_BLOCK },
		{ "alloc B1 method=even", CMD_ALLOC },
		{ "report confirms", CMD_REPORT_CONFIRMS },
		{ "show blocks", CMD_SHOW_BLOCKS },
		{ "show block B1", CMD_SHOW_BLOCK },
		{ "show allocations", CMD_SHOW_ALLOCATIONS },
		{ "expect block B1 qty=5", CMD_EXPECT_BLOCK },
		{ "expect allocation B1 F1", CMD_EXPECT_ALLOCATION },
		{ "release all", CMD_RELEASE_ALL },
		{ "Release ALL acct=F1 sym=ACME", CMD_RELEASE_ALL },
		{ "alloc all", CMD_ALLOC_ALL },
		{ "alloc all method=even lot=100 preview", CMD_ALLOC_ALL },
		{ "report summary", CMD_REPORT_SUMMARY },
		{ "audit head", CMD_AUDIT_HEAD },
		{ "Audit HEAD", CMD_AUDIT_HEAD },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_msg(c.kind == cases[i].kind, "'%s': kind %s, want %s",
		    cases[i].line, cmd_kind_name(c.kind),
		    cmd_kind_name(cases[i].kind));
	}
}
END_TEST

START_TEST(test_import_load_rebalance)
{
	struct cmd c;

	parse_ok("import trades data/trades.csv", &c);
	ck_assert_int_eq(c.kind, CMD_IMPORT_TRADES);
	ck_assert_str_eq(c.path, "data/trades.csv");
	parse_ok("import trades \"my trades.csv\"", &c);
	ck_assert_str_eq(c.path, "my trades.csv");
	parse_ok("load positions /tmp/Positions.CSV", &c);
	ck_assert_int_eq(c.kind, CMD_LOAD_POSITIONS);
	ck_assert_str_eq(c.path, "/tmp/Positions.CSV");

	parse_ok("rebalance model=models/Growth.csv", &c);
	ck_assert_int_eq(c.kind, CMD_REBALANCE);
	ck_assert_str_eq(c.path, "models/Growth.csv");
	ck_assert_str_eq(c.filter.acct, "");
	/* Options in any order; the account keeps its case. */
	parse_ok("rebalance acct=Fund1 model=\"model one.csv\"", &c);
	ck_assert_str_eq(c.path, "model one.csv");
	ck_assert_str_eq(c.filter.acct, "Fund1");
}
END_TEST

START_TEST(test_report_confirms)
{
	static const struct {
		const char *line;
		const char *id, *out;
	} cases[] = {
		{ "report confirms", "", "" },
		{ "report confirms B-1", "B-1", "" },
		{ "report confirms out=confirms.txt", "", "confirms.txt" },
		{ "report confirms B1 out=\"c 1.txt\"", "B1", "c 1.txt" },
		/* The block id may follow the option. */
		{ "report confirms out=c.txt B1", "B1", "c.txt" },
		{ "report confirmations B1", "B1", "" },
		{ "REPORT CONFIRMS b1 OUT=C.TXT", "b1", "C.TXT" },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		parse_ok(cases[i].line, &c);
		ck_assert_int_eq(c.kind, CMD_REPORT_CONFIRMS);
		ck_assert_msg(strcmp(c.id, cases[i].id) == 0, "'%s': id '%s'",
		    cases[i].line, c.id);
		ck_assert_msg(strcmp(c.out, cases[i].out) == 0,
		    "'%s': out '%s'", cases[i].line, c.out);
		ck_assert_str_eq(c.path, "");
	}
}
END_TEST

START_TEST(test_block)
{
	struct cmd c;

	parse_ok("block O1 O2", &c);
	ck_assert_int_eq(c.kind, CMD_BLOCK);
	ck_assert_uint_eq(c.nmembers, 2);
	ck_assert_str_eq(c.members[0], "O1");
	ck_assert_str_eq(c.members[1], "O2");
	ck_assert_str_eq(c.id, "");
	parse_ok("block O1 O2 O3 id=BLK-1", &c);
	ck_assert_uint_eq(c.nmembers, 3);
	ck_assert_str_eq(c.members[2], "O3");
	ck_assert_str_eq(c.id, "BLK-1");
	/* id= anywhere; members keep their order and their case. */
	parse_ok("block ID=B2 o-1 O-1", &c);
	ck_assert_uint_eq(c.nmembers, 2);
	ck_assert_str_eq(c.members[0], "o-1");
	ck_assert_str_eq(c.members[1], "O-1");
	ck_assert_str_eq(c.id, "B2");
	/* A block of one is allowed. */
	parse_ok("block O7", &c);
	ck_assert_int_eq(c.kind, CMD_BLOCK);
	ck_assert_uint_eq(c.nmembers, 1);
	ck_assert_str_eq(c.members[0], "O7");

	parse_ok("block auto", &c);
	ck_assert_int_eq(c.kind, CMD_BLOCK_AUTO);
	ck_assert_uint_eq(c.nmembers, 0);
	ck_assert_str_eq(c.filter.sym, "");
	parse_ok("block AUTO sym=Acme", &c);
	ck_assert_int_eq(c.kind, CMD_BLOCK_AUTO);
	ck_assert_str_eq(c.filter.sym, "Acme");
	ck_assert_str_eq(c.filter.acct, "");
}
END_TEST

START_TEST(test_block_limits)
{
	char	line[4096], want[128];
	struct cmd c;
	size_t	i;

	/* CMD_BLOCK_MAX orders and an id= fit on one line. */
	strcpy(line, "block");
	for (i = 1; i <= CMD_BLOCK_MAX; i++)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    " O%zu", i);
	strcat(line, " id=BIG");
	parse_ok(line, &c);
	ck_assert_uint_eq(c.nmembers, CMD_BLOCK_MAX);
	ck_assert_str_eq(c.members[CMD_BLOCK_MAX - 1], "O64");
	ck_assert_str_eq(c.id, "BIG");
	/* One more is refused, naming the first order that does not fit. */
	strcat(line, " O65");
	snprintf(want, sizeof want, "block: too many orders at 'O65' (at "
	    "most %d in one block)", CMD_BLOCK_MAX);
	parse_bad(line, want);

	/* The same order twice, wherever the second one stands. */
	parse_bad("block O1 O1", "block: order 'O1' is named twice");
	parse_bad("block O1 O2 O3 O2 id=B", "block: order 'O2' is named twice");
	/* Case matters: these are two orders. */
	parse_ok("block o1 O1", &c);
	ck_assert_uint_eq(c.nmembers, 2);
}
END_TEST

START_TEST(test_alloc)
{
	static const struct {
		const char *line;
		enum alloc_method method;
		bool	preview;
		int64_t	lot;
	} cases[] = {
		{ "alloc B1", ALLOC_PRORATA, false, 0 },
		{ "alloc B1 method=prorata", ALLOC_PRORATA, false, 0 },
		{ "alloc B1 method=even", ALLOC_EVEN, false, 0 },
		{ "alloc B1 method=EVEN", ALLOC_EVEN, false, 0 },
		{ "alloc B1 method=ProRata preview", ALLOC_PRORATA, true, 0 },
		{ "alloc B1 preview", ALLOC_PRORATA, true, 0 },
		{ "alloc B1 PREVIEW method=even", ALLOC_EVEN, true, 0 },
		{ "alloc B1 lot=100", ALLOC_PRORATA, false, 100 },
		{ "alloc B1 lot=1k method=even", ALLOC_EVEN, false, 1000 },
		{ "alloc B1 lot=2.5m", ALLOC_PRORATA, false, 2500000 },
		{ "alloc B1 lot=100 preview method=prorata", ALLOC_PRORATA,
		    true, 100 },
	};
	struct cmd c;
	size_t	i;

	for (i = 0; i < N_OF(cases); i++) {
		const char *l = cases[i].line;

		parse_ok(l, &c);
		ck_assert_msg(c.kind == CMD_ALLOC, "'%s'", l);
		ck_assert_str_eq(c.id, "B1");
		ck_assert_msg(c.alloc.method == cases[i].method, "'%s': "
		    "method %d", l, (int)c.alloc.method);
		ck_assert_msg(c.alloc.preview == cases[i].preview,
		    "'%s': preview", l);
		ck_assert_msg(c.alloc.lot == cases[i].lot, "'%s': lot %lld", l,
		    (long long)c.alloc.lot);
		ck_assert_uint_eq(c.alloc.nweights, 0);
	}
}
END_TEST

START_TEST(test_alloc_weights)
{
	char	line[4096];
	struct cmd c;
	size_t	i;

	/* weights= alone means method=weights. */
	parse_ok("alloc B1 weights=F1:2,F2:1", &c);
	ck_assert_int_eq(c.kind, CMD_ALLOC);
	ck_assert_int_eq(c.alloc.method, ALLOC_WEIGHTS);
	ck_assert_uint_eq(c.alloc.nweights, 2);
	ck_assert_str_eq(c.alloc.wacct[0], "F1");
	ck_assert_int_eq(c.alloc.weight[0], 2 * ALLOC_W_SCALE);
	ck_assert_str_eq(c.alloc.wacct[1], "F2");
	ck_assert_int_eq(c.alloc.weight[1], ALLOC_W_SCALE);
	ck_assert(!c.alloc.preview);

	parse_ok("alloc B1 method=weights weights=Fund-A:0.5,fund-a:1.25,"
	    "X:0.000001 preview lot=100", &c);
	ck_assert_int_eq(c.alloc.method, ALLOC_WEIGHTS);
	ck_assert_uint_eq(c.alloc.nweights, 3);
	ck_assert_str_eq(c.alloc.wacct[0], "Fund-A");
	ck_assert_int_eq(c.alloc.weight[0], ALLOC_W_SCALE / 2);
	ck_assert_str_eq(c.alloc.wacct[1], "fund-a");
	ck_assert_int_eq(c.alloc.weight[1], ALLOC_W_SCALE * 5 / 4);
	ck_assert_str_eq(c.alloc.wacct[2], "X");
	ck_assert_int_eq(c.alloc.weight[2], 1);
	ck_assert(c.alloc.preview);
	ck_assert_int_eq(c.alloc.lot, 100);

	/* Method word in any case; an account may hold ':' (the last one
	 * splits); the largest weight. */
	parse_ok("alloc B1 METHOD=Weights weights=EU:F1:40,F2:1000000000", &c);
	ck_assert_int_eq(c.alloc.method, ALLOC_WEIGHTS);
	ck_assert_str_eq(c.alloc.wacct[0], "EU:F1");
	ck_assert_int_eq(c.alloc.weight[0], 40 * ALLOC_W_SCALE);
	ck_assert_int_eq(c.alloc.weight[1], 1000000000LL * ALLOC_W_SCALE);
	parse_ok("alloc B1 weights=F1:1", &c);
	ck_assert_uint_eq(c.alloc.nweights, 1);

	/* CMD_WEIGHTS_MAX accounts fit; one more does not. */
	strcpy(line, "alloc B1 weights=");
	for (i = 1; i <= CMD_WEIGHTS_MAX; i++)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "%sA%zu:1", i > 1 ? "," : "", i);
	parse_ok(line, &c);
	ck_assert_uint_eq(c.alloc.nweights, CMD_WEIGHTS_MAX);
	ck_assert_str_eq(c.alloc.wacct[CMD_WEIGHTS_MAX - 1], "A64");
	strcat(line, ",A65:1");
	parse_bad(line, "alloc: weights= names too many accounts (at most "
	    "64)");
}
END_TEST

START_TEST(test_show_blocks)
{
	struct cmd c;

	parse_ok("show blocks", &c);
	ck_assert_int_eq(c.kind, CMD_SHOW_BLOCKS);
	ck_assert_str_eq(c.id, "");
	parse_ok("show block Blk-7", &c);
	ck_assert_int_eq(c.kind, CMD_SHOW_BLOCK);
	ck_assert_str_eq(c.id, "Blk-7");
	parse_ok("show allocations", &c);
	ck_assert_int_eq(c.kind, CMD_SHOW_ALLOCATIONS);
	ck_assert_str_eq(c.id, "");
	parse_ok("show allocations B1", &c);
	ck_assert_int_eq(c.kind, CMD_SHOW_ALLOCATIONS);
	ck_assert_str_eq(c.id, "B1");
	parse_ok("show allocs B2", &c);
	ck_assert_int_eq(c.kind, CMD_SHOW_ALLOCATIONS);
	ck_assert_str_eq(c.id, "B2");
	parse_ok("release B1", &c);
	ck_assert_int_eq(c.kind, CMD_RELEASE);
	ck_assert_str_eq(c.id, "B1");
}
END_TEST

START_TEST(test_expect_block)
{
	struct cmd c;

	parse_ok("expect block B1", &c);
	ck_assert_int_eq(c.kind, CMD_EXPECT_BLOCK);
	ck_assert_str_eq(c.id, "B1");
	ck_assert_int_eq(c.exp.have, 0);
	parse_ok("expect block B1 status=partially_filled qty=5k cum=2.5k "
	    "avgpx=10.0125 orders=3", &c);
	ck_assert_int_eq(c.exp.have, EXP_STATUS | EXP_QTY | EXP_CUM |
	    EXP_AVGPX | EXP_ORDERS);
	ck_assert_int_eq(c.exp.status, ORDER_PARTIALLY_FILLED);
	ck_num(c.exp.qty, 5000, 0);
	ck_num(c.exp.cum, 2500, 0);
	ck_num(c.exp.avgpx, 100125, 4);
	ck_assert_int_eq(c.exp.count, 3);
	parse_ok("expect block B1 orders=0 status=FILLED qty=1m", &c);
	ck_assert_int_eq(c.exp.have, EXP_ORDERS | EXP_STATUS | EXP_QTY);
	ck_assert_int_eq(c.exp.count, 0);
	ck_assert_int_eq(c.exp.status, ORDER_FILLED);
	ck_num(c.exp.qty, 1000000, 0);
	parse_ok("expect block B1 orders=64", &c);
	ck_assert_int_eq(c.exp.have, EXP_ORDERS);
	ck_assert_int_eq(c.exp.count, 64);

	parse_ok("expect allocation B1 Fund1", &c);
	ck_assert_int_eq(c.kind, CMD_EXPECT_ALLOCATION);
	ck_assert_str_eq(c.id, "B1");
	ck_assert_str_eq(c.filter.acct, "Fund1");
	ck_assert_int_eq(c.exp.have, 0);
	parse_ok("expect allocation B1 F2 qty=1.5k avgpx=99.875", &c);
	ck_assert_int_eq(c.exp.have, EXP_QTY | EXP_AVGPX);
	ck_num(c.exp.qty, 1500, 0);
	ck_num(c.exp.avgpx, 99875, 3);
	parse_ok("expect allocation B1 F2 qty=0", &c);
	ck_assert_int_eq(c.exp.have, EXP_QTY);
	ck_num(c.exp.qty, 0, 0);
}
END_TEST

/* Malformed block, allocation and model-trade lines, with the whole
 * message where it is short enough to state. */
static const struct {
	const char *line;
	const char *needle;
} bad_blocks[] = {
	/* import, load positions, rebalance */
	{ "import", "import: what? (import trades FILE.csv)" },
	{ "import orders x.csv", "import: 'orders' is not trades (import "
	    "trades FILE.csv)" },
	{ "import trades", "import trades: which file? (import trades "
	    "FILE.csv)" },
	{ "import trades \"\"", "import trades: which file?" },
	{ "import trades a.csv b.csv", "import trades: unexpected word "
	    "'b.csv'" },
	{ "import trades a.csv acct=F1", "import trades: unknown option "
	    "'acct='; it takes no options" },
	{ "load positions", "load positions: which file? (load positions "
	    "FILE)" },
	{ "load positions p.csv extra", "load positions: unexpected word "
	    "'extra'" },
	{ "load trades x.csv", "load: 'trades' is not instruments, accounts, "
	    "positions or rules" },
	{ "rebalance", "rebalance: model= is required (rebalance "
	    "model=FILE.csv [acct=..])" },
	{ "rebalance acct=F1", "rebalance: model= is required" },
	{ "rebalance m.csv", "rebalance: unexpected word 'm.csv' (rebalance "
	    "model=FILE.csv [acct=..])" },
	{ "rebalance model=m.csv now", "rebalance: unexpected word 'now'" },
	{ "rebalance model=", "rebalance: model= needs a value" },
	{ "rebalance model=a.csv MODEL=b.csv", "rebalance: model= is given "
	    "twice" },
	{ "rebalance model=m.csv sym=ACME", "rebalance: unknown option "
	    "'sym='; options are model=, acct=" },
	{ "rebalance model=m.csv acct=\"F 1\"", "rebalance: 'F 1' is not a "
	    "valid account" },
	/* report */
	{ "report", "report: what? (report confirms [BLOCK_ID] [out=FILE] or "
	    "report summary)" },
	{ "report summary now", "report summary: unexpected word 'now'" },
	{ "alloc all weights=F1:1", "alloc: weights are for one block at a "
	    "time (alloc BLOCK_ID weights=..)" },
	{ "release all status=open", "release all: unknown option 'status='" },
	{ "report fills", "report: 'fills' is not confirms (report confirms "
	    "[BLOCK_ID] [out=FILE])" },
	{ "report confirms B1 B2", "report confirms: unexpected word 'B2' "
	    "(report confirms [BLOCK_ID] [out=FILE])" },
	{ "report confirms out=", "report confirms: out= needs a value" },
	{ "report confirms out=a out=b", "report confirms: out= is given "
	    "twice" },
	{ "report confirms fmt=csv", "report confirms: unknown option "
	    "'fmt='; options are out=" },
	{ "report confirms \"B 1\"", "report confirms: 'B 1' is not a valid "
	    "block id" },
	/* block */
	{ "block", "block: which orders? (block ORDER_ID ORDER_ID... "
	    "[id=BLOCK_ID] or block auto [sym=..])" },
	{ "block id=B1", "block: which orders?" },
	{ "block O1 O2 id=", "block: id= needs a value" },
	{ "block O1 O2 id=B1 id=B2", "block: id= is given twice" },
	{ "block O1 O2 sym=ACME", "block: unknown option 'sym='; options are "
	    "id=" },
	{ "block O1 auto", "block: 'auto' cannot be an order id here; block "
	    "auto [sym=..] stands alone" },
	{ "block O1 \"O 2\"", "block: 'O 2' is not a valid order id" },
	{ "block O1 O2 id=\"B 1\"", "block: 'B 1' is not a valid block id" },
	{ "block auto O1", "block auto: unexpected word 'O1'" },
	{ "block auto acct=F1", "block auto: unknown option 'acct='; options "
	    "are sym=" },
	{ "block auto sym=", "block auto: sym= needs a value" },
	/* alloc */
	{ "alloc", "alloc: which block? (alloc BLOCK_ID [method=prorata|"
	    "even|weights] [weights=ACCT:W,...] [lot=N] [preview])" },
	{ "alloc method=even", "alloc: which block?" },
	{ "alloc B1 method=fifo", "alloc: 'fifo' is not an allocation method "
	    "(prorata, even or weights)" },
	{ "alloc B1 method=", "alloc: method= needs a value" },
	{ "alloc B1 method=even method=even", "alloc: method= is given "
	    "twice" },
	{ "alloc B1 method=weights", "alloc: method=weights needs "
	    "weights=ACCT:W,... (like weights=F1:2,F2:1)" },
	{ "alloc B1 method=even weights=F1:1", "alloc: weights= goes with "
	    "method=weights, not method=even" },
	{ "alloc B1 weights=F1:1 method=Prorata", "alloc: weights= goes with "
	    "method=weights, not method=Prorata" },
	{ "alloc B1 weights=", "alloc: weights= needs a value" },
	{ "alloc B1 weights=A:", "alloc: weights= entry 'A:' has no weight "
	    "(ACCOUNT:WEIGHT, like A:2.5)" },
	{ "alloc B1 weights=:5", "alloc: weights= entry ':5' has no account "
	    "(ACCOUNT:WEIGHT, like F1:5)" },
	{ "alloc B1 weights=A", "alloc: weights= entry 'A' is not "
	    "ACCOUNT:WEIGHT (like A:2.5)" },
	{ "alloc B1 weights=A:0", "alloc: weight 0 for A must be above "
	    "zero" },
	{ "alloc B1 weights=A:0.000000", "alloc: weight 0.000000 for A must "
	    "be above zero" },
	{ "alloc B1 weights=A:-1", "alloc: weight -1 for A must be above "
	    "zero" },
	{ "alloc B1 weights=A:x", "alloc: 'x' is not a weight" },
	{ "alloc B1 weights=A:1e3", "alloc: '1e3' is not a weight" },
	{ "alloc B1 weights=A:5%", "alloc: '5%' is not a weight" },
	{ "alloc B1 weights=A:0.0000001", "alloc: weight 0.0000001 has more "
	    "than 6 decimals" },
	{ "alloc B1 weights=A:1000000000.000001", "alloc: weight "
	    "1000000000.000001 for A is too large (at most 1000000000)" },
	{ "alloc B1 weights=A:99999999999999999999", "99999999999999999999" },
	{ "alloc B1 weights=A:1,B:2,A:3", "alloc: account 'A' is given twice "
	    "in weights=" },
	{ "alloc B1 weights=A:1,,B:2", "alloc: weights=A:1,,B:2 has an empty "
	    "entry (weights=ACCT:W,ACCT:W,...)" },
	{ "alloc B1 weights=A:1,", "alloc: weights=A:1, has an empty entry" },
	{ "alloc B1 weights=,A:1", "alloc: weights=,A:1 has an empty entry" },
	{ "alloc B1 weights=\"A B:1\"", "alloc: 'A B' is not a valid "
	    "account" },
	{ "alloc B1 weights=A@x:1", "alloc: 'A@x' is not a valid account" },
	{ "alloc B1 lot=0", "alloc: lot 0 must be above zero" },
	{ "alloc B1 lot=-100", "alloc: lot -100 must be above zero" },
	{ "alloc B1 lot=ten", "alloc: 'ten' is not a quantity" },
	{ "alloc B1 lot=1.5", "alloc: quantity 1.5 is not a whole number" },
	{ "alloc B1 lot=", "alloc: lot= needs a value" },
	{ "alloc B1 preview preview", "alloc: 'preview' is given twice" },
	{ "alloc B1 B2", "alloc: unexpected word 'B2' (alloc B1 [method=..] "
	    "[weights=..] [lot=N] [preview])" },
	{ "alloc B1 now", "alloc: unexpected word 'now'" },
	{ "alloc B1 acct=F1", "alloc: unknown option 'acct='; options are "
	    "method=, weights=, lot=" },
	{ "alloc \"B 1\"", "alloc: 'B 1' is not a valid block id" },
	/* release, show */
	{ "release", "release: which order or block? (release ORDER_ID or "
	    "release BLOCK_ID)" },
	{ "show", "show: what? (orders, order ORDER_ID, positions, pnl, "
	    "compliance, audit, alerts, users, settings, rules, blocks, block "
	    "BLOCK_ID or allocations)" },
	{ "show widgets", "show: cannot show 'widgets' (orders, order "
	    "ORDER_ID, positions, pnl, compliance, audit, alerts, users, "
	    "settings, rules, blocks, block BLOCK_ID or allocations)" },
	{ "set", "set: a setting of the store is one of: review.same_login "
	    "alert|refuse" },
	{ "set review.other on", "set: 'review.other' is not a setting: a "
	    "setting of the store is one of: review.same_login alert|refuse" },
	{ "set review.same_login", "set review.same_login: the value is "
	    "alert or refuse" },
	{ "set review.same_login maybe", "set review.same_login: 'maybe' is "
	    "not a value: the value is alert or refuse" },
	{ "set review.same_login refuse now", "set review.same_login: "
	    "unexpected word 'now'" },
	{ "show blocks B1", "show blocks: unexpected word 'B1'" },
	{ "show blocks status=open", "show blocks: unknown option "
	    "'status='; it takes no options" },
	{ "show block", "show block: which block? (show block BLOCK_ID)" },
	{ "show block B1 B2", "show block: unexpected word 'B2'" },
	{ "show allocations B1 B2", "show allocations: unexpected word "
	    "'B2'" },
	{ "show allocations acct=F1", "show allocations: unknown option "
	    "'acct='; it takes no options" },
	/* expect */
	{ "expect", "expect: what? (order, position, pnl, count, block, "
	    "allocation or fail)" },
	{ "expect widget W1", "expect: cannot expect 'widget' (order, "
	    "position, pnl, count, block, allocation or fail)" },
	{ "expect block", "expect block: which block? (expect block BLOCK_ID "
	    "[status=..] [qty=N] [cum=N] [avgpx=P] [orders=N])" },
	{ "expect block B1 status=bogus", "expect block: 'bogus' is not an "
	    "order status" },
	{ "expect block B1 status=open", "expect block: 'open' is not an "
	    "order status" },
	{ "expect block B1 orders=two", "expect block: orders='two' is not a "
	    "count (a whole number)" },
	{ "expect block B1 orders=1.5", "expect block: orders='1.5' is not a "
	    "count" },
	{ "expect block B1 orders=-1", "expect block: orders='-1' is not a "
	    "count" },
	{ "expect block B1 orders=2k", "expect block: orders='2k' is not a "
	    "count" },
	{ "expect block B1 qty=ten", "expect block: qty='ten' is not a "
	    "number" },
	{ "expect block B1 avgpx=10k", "expect block: avgpx='10k' is not a "
	    "number" },
	{ "expect block B1 leaves=5", "expect block: unknown option "
	    "'leaves='; options are status=, qty=, cum=, avgpx=, orders=" },
	{ "expect block B1 orders=1 orders=2", "expect block: orders= is "
	    "given twice" },
	{ "expect block B1 filled", "expect block: unexpected word "
	    "'filled'" },
	{ "expect order O1 orders=2", "expect order: unknown option "
	    "'orders='" },
	{ "expect allocation", "expect allocation: which block? (expect "
	    "allocation BLOCK_ID ACCOUNT [qty=N] [avgpx=P])" },
	{ "expect allocation B1", "expect allocation: which account? (expect "
	    "allocation B1 ACCOUNT [qty=N] [avgpx=P])" },
	{ "expect allocation B1 qty=5", "expect allocation: which account?" },
	{ "expect allocation B1 F1 ACME", "expect allocation: unexpected "
	    "word 'ACME'" },
	{ "expect allocation B1 F1 cum=5", "expect allocation: unknown option "
	    "'cum='; options are qty=, avgpx=" },
	{ "expect allocation B1 F1 avgpx=10k", "expect allocation: "
	    "avgpx='10k' is not a number" },
	{ "expect allocation B1 \"F 1\"", "expect allocation: 'F 1' is not a "
	    "valid account" },
};

START_TEST(test_bad_blocks)
{
	parse_bad(bad_blocks[_i].line, bad_blocks[_i].needle);
}
END_TEST

START_TEST(test_field_bounds)
{
	char	line[4096], word[1200];
	struct cmd c;
	size_t	n;

	/* Exactly as long as fits: accepted, copied whole. */
	memset(word, 'S', SYMBOL_MAX - 1);
	word[SYMBOL_MAX - 1] = '\0';
	snprintf(line, sizeof line, "buy 100 %s", word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.sym, word);
	/* One more: refused, never truncated. */
	word[SYMBOL_MAX - 1] = 'S';
	word[SYMBOL_MAX] = '\0';
	snprintf(line, sizeof line, "buy 100 %s", word);
	parse_bad(line, word);
	parse_bad(line, "too long");
	snprintf(line, sizeof line, "quote %s 1 2", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "instrument add %s class=equity", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "show orders sym=%s", word);
	parse_bad(line, word);

	memset(word, 'A', ACCOUNT_MAX - 1);
	word[ACCOUNT_MAX - 1] = '\0';
	snprintf(line, sizeof line, "account add %s", word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.acct.id, word);
	word[ACCOUNT_MAX - 1] = 'A';
	word[ACCOUNT_MAX] = '\0';
	snprintf(line, sizeof line, "account add %s", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "buy 1 X acct=%s", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "expect pnl %s", word);
	parse_bad(line, word);

	memset(word, 'I', ORDER_ID_MAX - 1);
	word[ORDER_ID_MAX - 1] = '\0';
	snprintf(line, sizeof line, "cancel %s", word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.id, word);
	word[ORDER_ID_MAX - 1] = 'I';
	word[ORDER_ID_MAX] = '\0';
	snprintf(line, sizeof line, "cancel %s", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "buy 1 X id=%s", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "expect order %s", word);
	parse_bad(line, word);

	memset(word, 'n', NOTE_MAX - 1);
	word[NOTE_MAX - 1] = '\0';
	snprintf(line, sizeof line, "buy 1 X note=\"%s\"", word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.ord.req.note, word);
	word[NOTE_MAX - 1] = 'n';
	word[NOTE_MAX] = '\0';
	snprintf(line, sizeof line, "buy 1 X note=\"%s\"", word);
	parse_bad(line, "note");

	memset(word, 'N', NAME_MAX_LEN);
	word[NAME_MAX_LEN] = '\0';
	snprintf(line, sizeof line, "account add F1 name=\"%s\"", word);
	parse_bad(line, "name");
	snprintf(line, sizeof line, "instrument add X class=bond issuer=%s",
	    word);
	parse_bad(line, "issuer");

	memset(word, 'g', 32);
	word[32] = '\0';
	snprintf(line, sizeof line, "buy 1 X algo=%s", word);
	parse_bad(line, word);

	n = CMD_PATH_MAX;
	memset(word, 'p', n);
	word[n] = '\0';
	snprintf(line, sizeof line, "load accounts %s", word);
	parse_bad(line, "too long");
	word[n - 1] = '\0';
	snprintf(line, sizeof line, "load accounts %s", word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.path, word);
	snprintf(line, sizeof line, "rebalance model=%s", word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.path, word);
	snprintf(line, sizeof line, "report confirms out=%s", word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.out, word);
	word[n - 1] = 'p';
	snprintf(line, sizeof line, "import trades %s", word);
	parse_bad(line, "import trades: file name");
	parse_bad(line, "too long (at most 1023 characters)");
	snprintf(line, sizeof line, "load positions %s", word);
	parse_bad(line, "too long");
	snprintf(line, sizeof line, "rebalance model=%s", word);
	parse_bad(line, "rebalance: file name");
	snprintf(line, sizeof line, "report confirms out=%s", word);
	parse_bad(line, "report confirms: file name");

	/* Block ids and members are order ids; weights= accounts are
	 * accounts. */
	memset(word, 'B', ORDER_ID_MAX - 1);
	word[ORDER_ID_MAX - 1] = '\0';
	snprintf(line, sizeof line, "block O1 %s id=%s", word, word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.members[1], word);
	ck_assert_str_eq(c.id, word);
	word[ORDER_ID_MAX - 1] = 'B';
	word[ORDER_ID_MAX] = '\0';
	snprintf(line, sizeof line, "block O1 %s", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "block O1 id=%s", word);
	parse_bad(line, "block id");
	snprintf(line, sizeof line, "alloc %s", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "show block %s", word);
	parse_bad(line, word);
	snprintf(line, sizeof line, "expect allocation %s F1", word);
	parse_bad(line, word);
	memset(word, 'A', ACCOUNT_MAX - 1);
	word[ACCOUNT_MAX - 1] = '\0';
	snprintf(line, sizeof line, "alloc B1 weights=%s:1", word);
	parse_ok(line, &c);
	ck_assert_str_eq(c.alloc.wacct[0], word);
	word[ACCOUNT_MAX - 1] = 'A';
	word[ACCOUNT_MAX] = '\0';
	snprintf(line, sizeof line, "alloc B1 weights=%s:1", word);
	parse_bad(line, word);
	parse_bad(line, "too long");
	snprintf(line, sizeof line, "expect allocation B1 %s", word);
	parse_bad(line, word);
}
END_TEST

/* ---- the command table (include/commands.def) ---- */

/* Every kind is declared, under its own kind, with a name, the words its
 * lines start with, its syntax, who may run it, and help on both sides of
 * its topics or on neither. */
START_TEST(test_table_complete)
{
	for (int k = 0; k < CMD_KIND_COUNT; k++) {
		const struct cmd_spec *s = cmd_spec_of((enum cmd_kind)k);

		ck_assert_msg(s != NULL, "kind %d is not declared", k);
		ck_assert_int_eq(s->kind, k);
		ck_assert_str_eq(cmd_kind_name((enum cmd_kind)k), s->name);
		ck_assert_msg(s->roles != 0, "%s: no role may run it", s->name);
		ck_assert_msg(s->roles == CMD_OPEN ? s->doing[0] == '\0' :
		    s->doing[0] != '\0', "%s: refusal words", s->name);
		ck_assert_msg((s->topics[0] == '\0') == (s->help[0] == '\0'),
		    "%s: help topics without text or text without topics",
		    s->name);
		if (k == CMD_EMPTY)
			continue;
		ck_assert_msg(s->words[0] != '\0', "%s: no words", s->name);
		ck_assert_msg(s->usage[0] != '\0', "%s: no usage", s->name);
	}
	ck_assert_ptr_null(cmd_spec_of(CMD_KIND_COUNT));
	ck_assert_ptr_null(cmd_spec_of((enum cmd_kind)-1));
}
END_TEST

/* Deny by default: a kind the table does not declare is refused to every
 * role; the declared ones get their roles and refusal words. */
START_TEST(test_table_deny_by_default)
{
	const enum cmd_kind undeclared[] = { CMD_KIND_COUNT,
	    (enum cmd_kind)(CMD_KIND_COUNT + 7), (enum cmd_kind)-1 };
	const char *doing;
	unsigned need;

	for (size_t i = 0; i < N_OF(undeclared); i++) {
		doing = NULL;
		need = cmd_roles(undeclared[i], &doing);
		ck_assert_uint_ne(need, 0);
		for (int r = 0; r < ROLE_COUNT; r++)
			ck_assert_msg(!(need & (1u << r)), "role %s may run an "
			    "undeclared command", user_role_name(r));
		ck_assert_ptr_nonnull(doing);
	}
	ck_assert_uint_eq(cmd_roles(CMD_ORDER, &doing),
	    CMD_ROLE(TRADER) | CMD_ROLE(PM) | CMD_ROLE(ADMIN));
	ck_assert_str_eq(doing, "enter orders");
	ck_assert_uint_eq(cmd_roles(CMD_SET, &doing), CMD_ROLE(ADMIN));
	ck_assert_str_eq(doing, "change the store's settings");
	ck_assert_uint_eq(cmd_roles(CMD_SHOW_ORDERS, &doing), 0);
	ck_assert_uint_eq(cmd_roles(CMD_HELP, &doing), 0);
}
END_TEST

/* Each spelling in the table reaches the parser of its command: alone on
 * a line it parses into that kind, or fails in that command's words, never
 * as an unknown command; in capitals too. */
START_TEST(test_table_words_parse)
{
	for (int k = 1; k < CMD_KIND_COUNT; k++) {
		const struct cmd_spec *s = cmd_spec_of((enum cmd_kind)k);
		const char *p = s != NULL ? s->words : "";

		while (*p != '\0') {
			char	line[64], first[32];
			size_t	n = strcspn(p, "|");
			struct cmd c;
			struct err e = { "" };

			ck_assert_uint_lt(n, sizeof line);
			memcpy(line, p, n);
			line[n] = '\0';
			p += n + (p[n] == '|');
			snprintf(first, sizeof first, "%.*s",
			    (int)strcspn(line, " "), line);
			for (int upper = 0; upper < 2; upper++) {
				if (upper)
					for (char *q = line; *q; q++)
						*q = (char)toupper(
						    (unsigned char)*q);
				if (cmd_parse(line, &c, &e) == 0) {
					ck_assert_msg(
					    c.kind == (enum cmd_kind)k,
					    "'%s' parsed as %s, not %s", line,
					    cmd_kind_name(c.kind), s->name);
					continue;
				}
				ck_assert_msg(strncmp(e.msg, first,
				    strlen(first)) == 0, "'%s': %s", line,
				    e.msg);
			}
		}
	}
	parse_bad("order 10 AAPL", "unknown command 'order'");
	parse_bad("buys 10 AAPL", "unknown command 'buys'");
}
END_TEST

/* help: every name of a command's topics gives that command's text (no
 * other topic takes the name first), the list names every command, and
 * the ideas that are not commands are there. */
/* The words a line may start with, for completion: every command's,
 * each once. */
START_TEST(test_table_first_words)
{
	static const char *const want[] = { "buy", "stage", "approve",
	    "rule", "show", "expect", "alloc", "halt", "audit" };
	size_t n = 0;

	for (size_t i = 0; cmd_first_word(i); i++, n++)
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(cmd_first_word(i), cmd_first_word(j));
	ck_assert_uint_gt(n, 20);
	for (size_t k = 0; k < N_OF(want); k++) {
		bool seen = false;
		for (size_t i = 0; cmd_first_word(i); i++)
			seen = seen || strcmp(cmd_first_word(i), want[k]) == 0;
		ck_assert_msg(seen, "%s is not offered", want[k]);
	}
}
END_TEST

START_TEST(test_table_help)
{
	const char *all = cmd_help("");

	ck_assert_ptr_nonnull(all);
	ck_assert_ptr_eq(cmd_help(NULL), all);
	for (int k = 0; k < CMD_KIND_COUNT; k++) {
		const struct cmd_spec *s = cmd_spec_of((enum cmd_kind)k);
		char	word[32];

		if (s == NULL)
			continue;	/* test_table_complete says so */
		for (const char *p = s->topics; *p != '\0'; ) {
			size_t	n = strcspn(p, " ");

			snprintf(word, sizeof word, "%.*s", (int)n, p);
			ck_assert_msg(cmd_help(word) == s->help, "help %s is "
			    "not %s's", word, s->name);
			p += n + strspn(p + n, " ");
		}
		if (k == CMD_EMPTY)
			continue;
		snprintf(word, sizeof word, "%.*s",
		    (int)strcspn(s->words, " |"), s->words);
		ck_assert_msg(strstr(all, word) != NULL, "help does not list "
		    "%s", s->name);
	}
	ck_assert_ptr_nonnull(strstr(cmd_help("tif"), "gtd:YYYY-MM-DD"));
	ck_assert_ptr_nonnull(strstr(cmd_help("statuses"), "done_for_day"));
	ck_assert_ptr_nonnull(cmd_help("show"));
	ck_assert_ptr_nonnull(cmd_help("expect"));
	ck_assert_ptr_null(cmd_help("nosuchthing"));
	ck_assert_ptr_null(cmd_help("audit head"));
}
END_TEST

/* The guard reads the table: a command kind the table does not declare
 * is refused even to the store's admin, while a declared command that
 * needs no role runs. */
START_TEST(test_guard_refuses_undeclared)
{
	char	dir[] = "/tmp/check_parse.XXXXXX", path[64];
	struct err e = { "" };
	struct cmd c;
	struct store *st;
	struct exec *x;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/guard.db", dir);
	st = store_open(path, &e);
	ck_assert_msg(st != NULL, "store_open: %s", e.msg);
	ck_assert_msg(store_begin(st, &e) == 0, "store_begin: %s", e.msg);
	x = exec_new(st, 1767605400, true, &e);
	ck_assert_msg(x != NULL, "exec_new: %s", e.msg);

	memset(&c, 0, sizeof c);
	c.kind = CMD_KIND_COUNT;
	ck_assert_int_eq(exec_run(x, &c, NULL, &e), -1);
	ck_assert_msg(strstr(e.msg, "is an admin: only") != NULL,
	    "not refused by the guard: %s", e.msg);

	e.msg[0] = '\0';
	parse_ok("show users", &c);
	ck_assert_msg(exec_run(x, &c, NULL, &e) == 0, "show users: %s",
	    e.msg);

	exec_free(x);
	store_rollback(st);
	store_close(st);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

static Suite *
parse_suite(void)
{
	Suite	*s = suite_create("parse");
	TCase	*tc = tcase_create("parse");

	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_struct_zeroed);
	tcase_add_test(tc, test_lex_quotes);
	tcase_add_test(tc, test_lex_blanks_and_comments);
	tcase_add_test(tc, test_lex_errors);
	tcase_add_test(tc, test_keywords_case_insensitive);
	tcase_add_test(tc, test_identifiers_case_sensitive);
	tcase_add_test(tc, test_time_parse);
	tcase_add_test(tc, test_time_parse_bad);
	tcase_add_test(tc, test_time_leap_years);
	tcase_add_test(tc, test_time_fmt_round_trip);
	tcase_add_test(tc, test_clock);
	tcase_add_test(tc, test_instrument_add);
	tcase_add_test(tc, test_account_add);
	tcase_add_test(tc, test_load_and_fx);
	tcase_add_test(tc, test_quote_and_mark);
	tcase_add_test(tc, test_order_types);
	tcase_add_test(tc, test_order_tif);
	tcase_add_test(tc, test_order_options);
	tcase_add_test(tc, test_release_cancel_replace);
	tcase_add_test(tc, test_show);
	tcase_add_test(tc, test_expect_order);
	tcase_add_test(tc, test_expect_position_pnl);
	tcase_add_test(tc, test_expect_count_fail);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_kind_names);
	tcase_add_loop_test(tc, test_malformed, 0, (int)N_OF(bad_lines));
	tcase_add_test(tc, test_block_section_parses);
	tcase_add_test(tc, test_import_load_rebalance);
	tcase_add_test(tc, test_report_confirms);
	tcase_add_test(tc, test_block);
	tcase_add_test(tc, test_block_limits);
	tcase_add_test(tc, test_alloc);
	tcase_add_test(tc, test_alloc_weights);
	tcase_add_test(tc, test_show_blocks);
	tcase_add_test(tc, test_expect_block);
	tcase_add_loop_test(tc, test_bad_blocks, 0, (int)N_OF(bad_blocks));
	tcase_add_test(tc, test_compliance_cmds);
	tcase_add_loop_test(tc, test_bad_compliance, 0,
	    (int)N_OF(bad_compliance));
	tcase_add_test(tc, test_field_bounds);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_test(tc, test_table_complete);
	tcase_add_test(tc, test_table_deny_by_default);
	tcase_add_test(tc, test_table_words_parse);
	tcase_add_test(tc, test_table_help);
	tcase_add_test(tc, test_table_first_words);
	tcase_add_test(tc, test_guard_refuses_undeclared);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testlib_run(srunner_create(parse_suite()));
}
