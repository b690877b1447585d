/* tests/check_settings.c: unit tests of the configuration file
 * (src/app/settings.c): the plain settings, the fix.NAME lines that
 * define FIX sessions and the route.CLASS lines, each bad line's message,
 * and that a file with a bad line changes nothing. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "sbuf.h"
#include "settings.h"
#include "testlib.h"

/* Load TEXT as a blotterrc over S.  Returns settings_load()'s answer;
 * ERRS gets its errors with the file's name cut off each line
 * ("2: message\n"). */
static int
load(const char *text, struct settings *s, char *errs, size_t size)
{
	char	path[] = "/tmp/check-settings.XXXXXX";
	struct sbuf e = { 0 };
	const char *p;
	size_t	n = 0, plen;
	int	rc;

	testlib_temp_file(path, text, strlen(text));
	rc = settings_load(s, path, &e);
	ck_assert_int_eq(unlink(path), 0);
	plen = strlen(path);
	for (p = e.p ? e.p : ""; *p && n + 1 < size; ) {
		if (strncmp(p, path, plen) == 0 && p[plen] == ':') {
			p += plen + 1;
			continue;
		}
		errs[n++] = *p++;
	}
	errs[n] = '\0';
	sbuf_free(&e);
	return rc;
}

/* Load TEXT, which must be good. */
static void
load_good(const char *text, struct settings *s)
{
	char	errs[4096];

	settings_init(s);
	ck_assert_msg(load(text, s, errs, sizeof errs) == 0, "%s: %s", text,
	    errs);
	ck_assert_str_eq(errs, "");
}

/* TEXT must be refused with exactly the errors WANT, leaving the settings
 * as they were. */
static void
load_bad(const char *text, const char *want)
{
	static struct settings s, before;
	char	errs[4096];

	settings_init(&s);
	before = s;
	ck_assert_msg(load(text, &s, errs, sizeof errs) == -1, "%s", text);
	ck_assert_msg(strcmp(errs, want) == 0, "%s\n got: %s want: %s", text,
	    errs, want);
	ck_assert_msg(memcmp(&s, &before, sizeof s) == 0, "%s changed the "
	    "settings", text);
}

START_TEST(test_degenerate)
{
	static struct settings s;
	struct sbuf e = { 0 };

	settings_init(&s);
	ck_assert(s.confirm);
	ck_assert_str_eq(s.theme, "default");
	ck_assert_str_eq(s.tz, "America/New_York");
	ck_assert_uint_eq(s.nfix, 0);
	for (int c = 0; c < ASSET_CLASS_COUNT; c++)
		ck_assert_str_eq(s.route[c], "");
	/* An empty file and one of comments change nothing. */
	load_good("", &s);
	ck_assert_uint_eq(s.nfix, 0);
	load_good("# nothing\n\n   \t\n  # fix.X = initiator h:1\n", &s);
	ck_assert_uint_eq(s.nfix, 0);
	/* A file that is not there. */
	settings_init(&s);
	ck_assert_int_eq(settings_load(&s, "/nonexistent/blotterrc", &e), -1);
	ck_assert_ptr_nonnull(strstr(e.p, "/nonexistent/blotterrc: cannot "
	    "open"));
	sbuf_free(&e);
}
END_TEST

START_TEST(test_plain)
{
	static struct settings s;

	load_good("confirm = no\ntheme = dark\nkeymap = vi\nsim.delay = 5s\n"
	    "review.same_login = refuse\ntz = Europe/London\n", &s);
	ck_assert(!s.confirm);
	ck_assert_str_eq(s.theme, "dark");
	ck_assert_str_eq(s.keymap, "vi");
	ck_assert_int_eq(s.sim_delay, 5);
	ck_assert(s.same_login_refuse);
	ck_assert_str_eq(s.tz, "Europe/London");
	load_bad("confirm = maybe\n", "1: confirm is yes or no, not 'maybe'\n");
	load_bad("theme = ../x\n", "1: theme: '../x' is not a file name "
	    "(letters, digits, - and _)\n");
	load_bad("sim.delay = soon\n", "1: 'soon' is not a duration (like 90, "
	    "30s, 5m, 2h or 1d)\n");
	load_bad("review.same_login = maybe\n", "1: review.same_login is alert "
	    "or refuse, not 'maybe'\n");
	load_bad("tz = ../../etc/passwd\n", "1: tz: '../../etc/passwd' is not "
	    "a time zone name (such as America/New_York)\n");
	load_bad("confirm\n", "1: expected 'setting = value'\n");
	load_bad("fixes = 1\n", "1: unknown setting 'fixes' (settings: "
	    "confirm, theme, keymap, sim.delay, review.same_login, tz, "
	    "fix.NAME, route.CLASS)\n");
	/* Every bad line is reported, and none is applied. */
	load_bad("confirm = no\nbogus = 1\nroute.equity = LSE\nconfirm = x\n",
	    "2: unknown setting 'bogus' (settings: confirm, theme, keymap, "
	    "sim.delay, review.same_login, tz, fix.NAME, route.CLASS)\n"
	    "4: confirm is yes or no, not 'x'\n");
}
END_TEST

/* A buy-side desk: two brokers; a sell-side desk: clients in. */
START_TEST(test_fix_good)
{
	static struct settings s;
	const struct settings_fix *f;

	load_good("# brokers\n"
	    "fix.GS = initiator fix.gs.example:9876 sender=DESK target=GSFIX\n"
	    "fix.MS-2 = initiator\t10.0.0.7:443  sender=DESK target=MS "
	    "heartbeat=10 reset=logon hours=22:00-06:00 tz=Asia/Tokyo "
	    "account=F1   # night desk\n"
	    "fix.v6 = initiator [fe80::1]:9876 sender=A target=B reset=never "
	    "hours=08:00-16:30\n"
	    "fix.DESK = acceptor 9877 sender=DESK clients=FUND1:F1,FUND2\n"
	    "fix.DESK2 = acceptor 127.0.0.1:65535 heartbeat=3600 "
	    "clients=C.1:acct-9 sender=X reset=logon\n"
	    "fix.all6 = acceptor [::]:1 sender=S clients=C\n", &s);
	ck_assert_uint_eq(s.nfix, 6);

	f = &s.fix[0];
	ck_assert_str_eq(f->name, "GS");
	ck_assert(f->initiator);
	ck_assert_str_eq(f->host, "fix.gs.example");
	ck_assert_int_eq(f->port, 9876);
	ck_assert_str_eq(f->sender, "DESK");
	ck_assert_str_eq(f->target, "GSFIX");
	ck_assert_int_eq(f->heartbeat, 30);
	ck_assert(!f->reset_on_logon);
	ck_assert_int_eq(f->hours_start, -1);
	ck_assert_int_eq(f->hours_end, -1);
	ck_assert_str_eq(f->tz, "");
	ck_assert_str_eq(f->account, "");
	ck_assert_uint_eq(f->nclients, 0);

	f = &s.fix[1];
	ck_assert_str_eq(f->name, "MS-2");
	ck_assert_str_eq(f->host, "10.0.0.7");
	ck_assert_int_eq(f->port, 443);
	ck_assert_int_eq(f->heartbeat, 10);
	ck_assert(f->reset_on_logon);
	ck_assert_int_eq(f->hours_start, 22 * 60);
	ck_assert_int_eq(f->hours_end, 6 * 60);
	ck_assert_str_eq(f->tz, "Asia/Tokyo");
	ck_assert_str_eq(f->account, "F1");

	f = &s.fix[2];
	ck_assert_str_eq(f->host, "fe80::1");
	ck_assert_int_eq(f->port, 9876);
	ck_assert(!f->reset_on_logon);
	ck_assert_int_eq(f->hours_start, 8 * 60);
	ck_assert_int_eq(f->hours_end, 16 * 60 + 30);

	f = &s.fix[3];
	ck_assert_str_eq(f->name, "DESK");
	ck_assert(!f->initiator);
	ck_assert_str_eq(f->host, "");
	ck_assert_int_eq(f->port, 9877);
	ck_assert_str_eq(f->sender, "DESK");
	ck_assert_str_eq(f->target, "");
	ck_assert_int_eq(f->heartbeat, 30);
	ck_assert_int_eq(f->hours_start, -1);
	ck_assert_uint_eq(f->nclients, 2);
	ck_assert_str_eq(f->clients[0].id, "FUND1");
	ck_assert_str_eq(f->clients[0].account, "F1");
	ck_assert_str_eq(f->clients[1].id, "FUND2");
	ck_assert_str_eq(f->clients[1].account, "");

	f = &s.fix[4];
	ck_assert_str_eq(f->host, "127.0.0.1");
	ck_assert_int_eq(f->port, 65535);
	ck_assert_int_eq(f->heartbeat, 3600);
	ck_assert(f->reset_on_logon);
	ck_assert_str_eq(f->sender, "X");
	ck_assert_uint_eq(f->nclients, 1);
	ck_assert_str_eq(f->clients[0].id, "C.1");
	ck_assert_str_eq(f->clients[0].account, "acct-9");

	f = &s.fix[5];
	ck_assert_str_eq(f->host, "::");
	ck_assert_int_eq(f->port, 1);
}
END_TEST

/* The limits: 16 sessions, 32 clients, the longest name and ids. */
START_TEST(test_fix_limits)
{
	static struct settings s;
	struct sbuf t = { 0 };
	char	id63[64], acct31[32];

	memset(id63, 'I', 63);
	id63[63] = '\0';
	memset(acct31, 'A', 31);
	acct31[31] = '\0';
	for (int i = 0; i < SETTINGS_FIX_MAX - 1; i++)
		sbuf_printf(&t, "fix.S%d = initiator h:%d sender=A target=B\n",
		    i, i + 1);
	sbuf_printf(&t, "fix.ABCDEFGHIJKLMNO = acceptor 9 sender=%s clients=",
	    id63);
	for (int i = 0; i < SETTINGS_CLIENTS_MAX; i++)
		sbuf_printf(&t, "%sC%d:%s", i ? "," : "", i, acct31);
	sbuf_puts(&t, "\n");
	load_good(t.p, &s);
	ck_assert_uint_eq(s.nfix, SETTINGS_FIX_MAX);
	ck_assert_str_eq(s.fix[15].name, "ABCDEFGHIJKLMNO");
	ck_assert_str_eq(s.fix[15].sender, id63);
	ck_assert_uint_eq(s.fix[15].nclients, SETTINGS_CLIENTS_MAX);
	ck_assert_str_eq(s.fix[15].clients[31].id, "C31");
	ck_assert_str_eq(s.fix[15].clients[31].account, acct31);

	/* One more session. */
	sbuf_puts(&t, "fix.S99 = initiator h:1 sender=A target=B\n");
	load_bad(t.p, "17: fix.S99: more than 16 FIX sessions\n");

	/* One more client. */
	sbuf_reset(&t);
	sbuf_puts(&t, "fix.D = acceptor 9 sender=S clients=");
	for (int i = 0; i <= SETTINGS_CLIENTS_MAX; i++)
		sbuf_printf(&t, "%sC%d", i ? "," : "", i);
	sbuf_puts(&t, "\n");
	load_bad(t.p, "1: fix.D: more than 32 clients\n");

	/* One character more. */
	sbuf_reset(&t);
	sbuf_printf(&t, "fix.X = initiator h:1 sender=%sJ target=B\n", id63);
	load_bad(t.p, "1: fix.X: sender 'IIIIIIIIIIIIIIIIIIII...' is longer "
	    "than 63 characters\n");
	sbuf_reset(&t);
	sbuf_printf(&t, "fix.X = acceptor 1 sender=A clients=C:%sB\n", acct31);
	load_bad(t.p, "1: fix.X: client C's account 'AAAAAAAAAAAAAAAAAAAA...' "
	    "is longer than 31 characters\n");
	sbuf_free(&t);
}
END_TEST

/* Every bad fix.NAME line, with its message. */
START_TEST(test_fix_bad)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
		/* The name. */
		{ "fix. = initiator h:1 sender=A target=B",
		  "fix.: the session's name is missing (fix.NAME = ...)" },
		{ "fix.a.b = initiator h:1 sender=A target=B",
		  "fix.a.b: the name is not a word (letters, digits, - and "
		  "_)" },
		{ "fix.ABCDEFGHIJKLMNOP = initiator h:1 sender=A target=B",
		  "fix.ABCDEFGHIJKLMNOP: the name is longer than 15 characters "
		  "(it names a venue)" },
		{ "fix.sim = initiator h:1 sender=A target=B",
		  "fix.sim: sim is the name of the built-in simulated venue; "
		  "choose another" },
		{ "fix.SMART = acceptor 1 sender=A clients=C",
		  "fix.SMART: SMART is the name of the built-in smart router "
		  "(venue=smart); choose another" },
		/* The kind and the address. */
		{ "fix.X =", "fix.X: initiator or acceptor is missing" },
		{ "fix.X = router h:1",
		  "fix.X: a session is initiator or acceptor, not 'router'" },
		{ "fix.X = initiator",
		  "fix.X: the initiator's HOST:PORT is missing" },
		{ "fix.X = acceptor",
		  "fix.X: the acceptor's [ADDR:]PORT is missing" },
		{ "fix.X = initiator broker sender=A target=B",
		  "fix.X: 'broker' is not HOST:PORT" },
		{ "fix.X = initiator broker:0 sender=A target=B",
		  "fix.X: port '0' is not a number 1..65535" },
		{ "fix.X = initiator broker:65536 sender=A target=B",
		  "fix.X: port '65536' is not a number 1..65535" },
		{ "fix.X = initiator broker:000009876 sender=A target=B",
		  "fix.X: port '000009876' is not a number 1..65535" },
		{ "fix.X = initiator broker:fix sender=A target=B",
		  "fix.X: port 'fix' is not a number 1..65535" },
		{ "fix.X = initiator broker: sender=A target=B",
		  "fix.X: port '' is not a number 1..65535" },
		{ "fix.X = initiator :9876 sender=A target=B",
		  "fix.X: the host of ':9876' is empty (HOST:PORT)" },
		{ "fix.X = acceptor :9876 sender=A clients=C",
		  "fix.X: the host of ':9876' is empty ([ADDR:]PORT)" },
		{ "fix.X = acceptor -1 sender=A clients=C",
		  "fix.X: port '-1' is not a number 1..65535" },
		{ "fix.X = initiator ::1:9876 sender=A target=B",
		  "fix.X: '::1:9876': an IPv6 address goes in brackets, "
		  "[ADDR]:PORT" },
		{ "fix.X = initiator [::1]9876 sender=A target=B",
		  "fix.X: '[::1]9876' is not HOST:PORT" },
		{ "fix.X = acceptor [::1 sender=A clients=C",
		  "fix.X: '[::1' is not [ADDR:]PORT" },
		{ "fix.X = initiator []:1 sender=A target=B",
		  "fix.X: the host of '[]:1' is empty (HOST:PORT)" },
		{ "fix.X = initiator [::g]:1 sender=A target=B",
		  "fix.X: '::g' is not a host name or address" },
		{ "fix.X = initiator bro/ker:9876 sender=A target=B",
		  "fix.X: 'bro/ker' is not a host name or address" },
		/* What must be there. */
		{ "fix.X = initiator h:1 target=B",
		  "fix.X: sender= is missing (our CompID)" },
		{ "fix.X = initiator h:1 sender=A",
		  "fix.X: target= is missing (the broker's CompID)" },
		{ "fix.X = acceptor 1 sender=A",
		  "fix.X: clients= is missing (the CompIDs of the clients it "
		  "takes orders from)" },
		/* Options. */
		{ "fix.X = initiator h:1 sender=A|B target=B",
		  "fix.X: sender 'A|B' is not a FIX CompID (printable ASCII "
		  "without blanks, | or =)" },
		{ "fix.X = initiator h:1 sender=A target=B=C",
		  "fix.X: target 'B=C' is not a FIX CompID (printable ASCII "
		  "without blanks, | or =)" },
		{ "fix.X = initiator h:1 sender=\xc3\xa9 target=B",
		  "fix.X: sender '\xc3\xa9' is not a FIX CompID (printable "
		  "ASCII without blanks, | or =)" },
		{ "fix.X = initiator h:1 sender= target=B",
		  "fix.X: sender= is empty" },
		{ "fix.X = initiator h:1 sender=A target=B sender=C",
		  "fix.X: sender= is given twice" },
		{ "fix.X = initiator h:1 sender=A target=B md=yes",
		  "fix.X: unknown option 'md' (an initiator takes sender, "
		  "target, heartbeat, reset, hours, tz and account)" },
		{ "fix.X = acceptor 1 sender=A clients=C Heartbeat=5",
		  "fix.X: unknown option 'Heartbeat' (an acceptor takes "
		  "sender, clients, reset and heartbeat)" },
		{ "fix.X = initiator h:1 sender=A target=B logon",
		  "fix.X: 'logon' is not an option (key=value)" },
		{ "fix.X = initiator h:1 sender=A target=B clients=C",
		  "fix.X: clients= is for an acceptor, not an initiator" },
		{ "fix.X = acceptor 1 sender=A clients=C target=B",
		  "fix.X: target= is for an initiator, not an acceptor" },
		{ "fix.X = acceptor 1 sender=A clients=C hours=08:00-17:00",
		  "fix.X: hours= is for an initiator, not an acceptor" },
		{ "fix.X = acceptor 1 sender=A clients=C account=F1",
		  "fix.X: account= is for an initiator, not an acceptor" },
		{ "fix.X = initiator h:1 sender=A target=B heartbeat=0",
		  "fix.X: heartbeat '0' is not 1..3600 seconds" },
		{ "fix.X = initiator h:1 sender=A target=B heartbeat=3601",
		  "fix.X: heartbeat '3601' is not 1..3600 seconds" },
		{ "fix.X = initiator h:1 sender=A target=B heartbeat=30s",
		  "fix.X: heartbeat '30s' is not 1..3600 seconds" },
		{ "fix.X = acceptor 1 sender=A clients=C heartbeat=99999999999",
		  "fix.X: heartbeat '99999999999' is not 1..3600 seconds" },
		{ "fix.X = initiator h:1 sender=A target=B reset=always",
		  "fix.X: reset is logon or never, not 'always'" },
		{ "fix.X = initiator h:1 sender=A target=B hours=9:00-17:00",
		  "fix.X: hours '9:00-17:00' is not HH:MM-HH:MM (like "
		  "08:00-17:30, or 22:00-06:00 over midnight)" },
		{ "fix.X = initiator h:1 sender=A target=B hours=08:00-24:00",
		  "fix.X: hours '08:00-24:00' is not HH:MM-HH:MM (like "
		  "08:00-17:30, or 22:00-06:00 over midnight)" },
		{ "fix.X = initiator h:1 sender=A target=B hours=08:60-09:00",
		  "fix.X: hours '08:60-09:00' is not HH:MM-HH:MM (like "
		  "08:00-17:30, or 22:00-06:00 over midnight)" },
		{ "fix.X = initiator h:1 sender=A target=B hours=08:00",
		  "fix.X: hours '08:00' is not HH:MM-HH:MM (like "
		  "08:00-17:30, or 22:00-06:00 over midnight)" },
		{ "fix.X = initiator h:1 sender=A target=B hours=08:00-09:000",
		  "fix.X: hours '08:00-09:000' is not HH:MM-HH:MM (like "
		  "08:00-17:30, or 22:00-06:00 over midnight)" },
		{ "fix.X = initiator h:1 sender=A target=B hours=08:00-08:00",
		  "fix.X: hours 08:00-08:00: the end is the start (leave "
		  "hours= out for a session that is always up)" },
		{ "fix.X = initiator h:1 sender=A target=B hours=08:00-09:00 "
		  "tz=../../etc/passwd",
		  "fix.X: tz: '../../etc/passwd' is not a time zone name (such "
		  "as America/New_York)" },
		{ "fix.X = initiator h:1 sender=A target=B tz=Europe/London",
		  "fix.X: tz= is the zone of hours=, which is not given" },
		{ "fix.X = initiator h:1 sender=A target=B account=F@1",
		  "fix.X: account 'F@1' is not an account id (printable "
		  "characters without blanks, #, \", =, @ or |)" },
		{ "fix.X = initiator h:1 sender=A target=B account=F|1",
		  "fix.X: account 'F|1' is not an account id (printable "
		  "characters without blanks, #, \", =, @ or |)" },
		/* Clients. */
		{ "fix.X = acceptor 1 sender=A clients=C,,D",
		  "fix.X: clients 'C,,D' has an empty entry "
		  "(ID[:ACCOUNT],...)" },
		{ "fix.X = acceptor 1 sender=A clients=C,",
		  "fix.X: clients 'C,' has an empty entry (ID[:ACCOUNT],...)" },
		{ "fix.X = acceptor 1 sender=A clients=,C",
		  "fix.X: clients ',C' has an empty entry (ID[:ACCOUNT],...)" },
		{ "fix.X = acceptor 1 sender=A clients=C:F1:F2",
		  "fix.X: client 'C:F1:F2' is not ID[:ACCOUNT]" },
		{ "fix.X = acceptor 1 sender=A clients=C:F1,D,C:F2",
		  "fix.X: client 'C' is listed twice" },
		{ "fix.X = acceptor 1 sender=A clients=C:",
		  "fix.X: client C's account is empty" },
		{ "fix.X = acceptor 1 sender=A clients=:F1",
		  "fix.X: the client id is empty" },
		{ "fix.X = acceptor 1 sender=A clients=C|D",
		  "fix.X: client 'C|D' is not a FIX CompID (printable ASCII "
		  "without blanks, | or =)" },
		{ "fix.X = acceptor 1 sender=A clients=C:F\"1",
		  "fix.X: client C's account 'F\"1' is not an account id "
		  "(printable characters without blanks, #, \", =, @ or |)" },
	};
	char	text[512], want[512];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "%s\n", cases[i].line);
		snprintf(want, sizeof want, "1: %s\n", cases[i].want);
		load_bad(text, want);
	}
}
END_TEST

/* A name used twice, and a zone that is not there. */
START_TEST(test_fix_twice)
{
	static struct settings s;
	char	errs[1024];

	load_bad("fix.GS = initiator h:1 sender=A target=B\n"
	    "# again\n"
	    "fix.GS = acceptor 2 sender=A clients=C\n",
	    "3: fix.GS is defined twice (first on line 1)\n");
	load_bad("fix.GS = initiator h:1 sender=A target=B\n"
	    "fix.gs = initiator h:2 sender=A target=B\n",
	    "2: fix.gs: the name differs from fix.GS (line 1) only in case\n");
	/* A bad line does not take the name. */
	load_bad("fix.GS = initiator h:0 sender=A target=B\n"
	    "fix.GS = initiator h:1 sender=A target=B\n",
	    "1: fix.GS: port '0' is not a number 1..65535\n");

	settings_init(&s);
	ck_assert_int_eq(load("fix.X = initiator h:1 sender=A target=B "
	    "hours=08:00-09:00 tz=Nowhere/Atlantis\n", &s, errs, sizeof errs),
	    -1);
	ck_assert_msg(strncmp(errs, "1: fix.X: tz: no time zone "
	    "'Nowhere/Atlantis' (no ", 47) == 0, "%s", errs);
}
END_TEST

START_TEST(test_route)
{
	static struct settings s;

	load_good("route.equity = GS\nroute.FX = fx-desk\nroute.option = "
	    "smart\nroute.bond = sim\n", &s);
	ck_assert_str_eq(s.route[ASSET_EQUITY], "GS");
	ck_assert_str_eq(s.route[ASSET_FX], "fx-desk");
	ck_assert_str_eq(s.route[ASSET_OPTION], "smart");
	ck_assert_str_eq(s.route[ASSET_BOND], "sim");
	ck_assert_str_eq(s.route[ASSET_FUTURE], "");
	/* The venue may be defined after, or elsewhere: the engine checks. */
	load_good("route.future = LATER\nfix.LATER = initiator h:1 sender=A "
	    "target=B\n", &s);
	ck_assert_str_eq(s.route[ASSET_FUTURE], "LATER");
	ck_assert_uint_eq(s.nfix, 1);

	load_bad("route.stock = GS\n", "1: route.stock: 'stock' is not an "
	    "asset class (equity, bond, fx, future or option)\n");
	load_bad("route. = GS\n", "1: route.: '' is not an asset class "
	    "(equity, bond, fx, future or option)\n");
	load_bad("route.equity =\n", "1: route.equity: the venue is missing\n");
	load_bad("route.equity = G S\n", "1: route.equity: 'G S' is not a "
	    "venue name (a word of letters, digits, - and _, at most 15 "
	    "characters)\n");
	load_bad("route.bond = ABCDEFGHIJKLMNOP\n", "1: route.bond: "
	    "'ABCDEFGHIJKLMNOP' is not a venue name (a word of letters, "
	    "digits, - and _, at most 15 characters)\n");
	load_bad("route.equity = GS\nroute.EQUITY = MS\n",
	    "2: route.EQUITY is set twice (first on line 1)\n");
}
END_TEST

static Suite *
settings_suite(void)
{
	Suite	*s = suite_create("settings");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_degenerate);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_fix_good);
	tcase_add_test(tc, test_fix_limits);
	tcase_add_test(tc, test_fix_bad);
	tcase_add_test(tc, test_fix_twice);
	tcase_add_test(tc, test_route);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(settings_suite());

	return testlib_run(sr);
}
