/* tests/check_fix_session.c: the FIX session layer (src/fix/session.c)
 * against a fake peer and a fake clock.  The peer's messages and the
 * ones the session must send are written with '|' for SOH; BodyLength
 * and CheckSum are counted here, apart from the code, and the clock
 * starts at 2026-12-07 14:30:00 UTC so every SendingTime is known. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fix.h"
#include "fixsession.h"
#include "testlib.h"
#include "../src/fix/session-int.h"

#define DICT_PATH	BLOTTER_SRCDIR "/data/fix/FIX44.xml"
#define T0		1796653800000LL	/* 2026-12-07 14:30:00.000 */
#define NSENT		64
#define NSTORE		64

/* A NewOrderSingle's body, which the dictionary accepts. */
#define NOS_BODY	"11=ORD-1|38=200|40=2|44=10.05|54=1|55=ACME|59=0|" \
			"60=20261207-14:30:01.250|"

static struct fix_dict *dict;

/* What the session did to the world. */
static struct {
	int64_t	clock;
	char	sent[NSENT][1024];	/* with '|' for SOH */
	int	nsent;
	int64_t	p_out, p_in;
	int	npersist;
	char	*store[NSTORE];
	size_t	store_len[NSTORE];
	int64_t	delivered[NSENT];
	bool	possdup[NSENT];
	int	ndelivered;
	char	events[16384];
	int	kinds[FIX_SESSION_EV_DISCONNECT + 1];
	int	disconnects;
} F;

static struct fix_session *S;

static void
h_send(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	ck_assert_int_lt(F.nsent, NSENT);
	ck_assert_uint_lt(len, sizeof F.sent[0]);
	for (size_t i = 0; i < len; i++)
		F.sent[F.nsent][i] = buf[i] == FIX_SOH ? '|' : buf[i];
	F.sent[F.nsent][len] = '\0';
	F.nsent++;
}

static int64_t
h_now(void *ctx)
{
	(void)ctx;
	return F.clock;
}

static void
h_persist(void *ctx, int64_t out, int64_t in)
{
	(void)ctx;
	F.p_out = out;
	F.p_in = in;
	F.npersist++;
}

static int
h_store(void *ctx, int64_t seq, const char *buf, size_t len, struct err *e)
{
	(void)ctx;
	if (seq <= 0 || seq >= NSTORE)
		return err_set(e, "no room for %lld", (long long)seq);
	free(F.store[seq]);
	F.store[seq] = malloc(len);
	memcpy(F.store[seq], buf, len);
	F.store_len[seq] = len;
	return 0;
}

static int
h_load(void *ctx, int64_t seq, char *buf, size_t cap, size_t *len)
{
	(void)ctx;
	if (seq <= 0 || seq >= NSTORE || F.store[seq] == NULL)
		return 0;
	ck_assert_uint_le(F.store_len[seq], cap);
	memcpy(buf, F.store[seq], F.store_len[seq]);
	*len = F.store_len[seq];
	return 1;
}

static void
h_deliver(void *ctx, const struct fix_msg *m, bool possdup)
{
	int64_t	seq = 0;

	(void)ctx;
	ck_assert_int_ge(fix_msg_find(m, 34, 0), 0);
	ck_assert_int_eq(fix_field_int(&m->f[fix_msg_find(m, 34, 0)], &seq),
	    0);
	F.possdup[F.ndelivered] = possdup;
	F.delivered[F.ndelivered++] = seq;
}

static void
h_event(void *ctx, enum fix_session_event kind, const char *text)
{
	size_t	n = strlen(F.events);

	(void)ctx;
	F.kinds[kind]++;
	snprintf(F.events + n, sizeof F.events - n, "%s\n", text);
}

static void
h_disconnect(void *ctx)
{
	(void)ctx;
	F.disconnects++;
}

/* The SendingTime of clock MS, worked out for the test's one day. */
static const char *
stamp(int64_t ms)
{
	static char buf[4][32];
	static int k;
	int64_t	d = ms - T0 + (14 * 3600 + 30 * 60) * 1000LL, s = d / 1000;

	k = (k + 1) % 4;
	ck_assert(d >= 0 && s < 86400);
	snprintf(buf[k], sizeof buf[k], "20261207-%02d:%02d:%02d.%03d",
	    (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60),
	    (int)(d % 1000));
	return buf[k];
}

/* BODY ("35=..|..|") framed as FIX 4.4 with '|' for SOH into OUT. */
static char *
frame(char *out, size_t cap, const char *body)
{
	unsigned sum = 0;
	int	n = snprintf(out, cap, "8=FIX.4.4|9=%zu|%s", strlen(body),
	    body);

	for (int i = 0; i < n; i++)
		sum += (unsigned char)(out[i] == '|' ? FIX_SOH : out[i]);
	snprintf(out + n, cap - (size_t)n, "10=%03u|", sum % 256);
	return out;
}

/* The peer sends BODY, a printf format ("35=..|"), framed here. */
static void
peer_raw(const char *fmt, ...)
{
	char	body[2048], msg[2200];
	va_list	ap;
	size_t	n;

	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	frame(msg, sizeof msg, body);
	n = strlen(msg);
	for (size_t i = 0; i < n; i++)
		if (msg[i] == '|')
			msg[i] = FIX_SOH;
	fix_session_input(S, msg, n);
}

/* The peer sends a message of TYPE numbered SEQ, stamped now, with the
 * body fields REST. */
static void
peer(const char *type, int64_t seq, const char *rest)
{
	peer_raw("35=%s|34=%lld|49=EXCH|52=%s|56=BLOTTER|%s", type,
	    (long long)seq, stamp(F.clock), rest);
}

/* What the session must send: TYPE numbered SEQ, stamped now, REST. */
static const char *
want(const char *type, int64_t seq, const char *rest)
{
	static char out[2][2048];
	static int k;
	char	body[1800];

	k = (k + 1) % 2;
	snprintf(body, sizeof body, "35=%s|34=%lld|49=BLOTTER|52=%s|56=EXCH|%s",
	    type, (long long)seq, stamp(F.clock), rest);
	return frame(out[k], sizeof out[k], body);
}

static void
start(bool initiator, bool reset)
{
	struct fix_session_config c = { .initiator = initiator,
	    .begin = "FIX.4.4", .sender = "BLOTTER", .target = "EXCH",
	    .heartbeat = 30, .reset_on_logon = reset, .dict = dict };
	struct fix_session_hooks h = { NULL, h_send, h_now, h_persist,
	    h_store, h_load, h_deliver, h_event, h_disconnect };
	struct err e = { "" };

	for (int i = 0; i < NSTORE; i++)
		free(F.store[i]);
	memset(&F, 0, sizeof F);
	F.clock = T0;
	fix_session_free(S);
	S = fix_session_new(&c, &h, &e);
	ck_assert_msg(S != NULL, "%s", e.msg);
}

static void
clear_sent(void)
{
	F.nsent = 0;
	F.events[0] = '\0';
}

/* An acceptor logged on: the peer's Logon numbered 1 answered. */
static void
acceptor_logged_on(void)
{
	start(false, false);
	fix_session_connected(S);
	peer("A", 1, "98=0|108=30|");
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
	clear_sent();
}

static void
teardown(void)
{
	fix_session_free(S);
	S = NULL;
	for (int i = 0; i < NSTORE; i++)
		free(F.store[i]);
	memset(&F, 0, sizeof F);
}

START_TEST(test_logon_initiator)
{
	start(true, false);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_DISCONNECTED);
	fix_session_connected(S);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], "8=FIX.4.4|9=66|35=A|34=1|49=BLOTTER|"
	    "52=20261207-14:30:00.000|56=EXCH|98=0|108=30|10=050|");
	ck_assert_str_eq(F.sent[0], want("A", 1, "98=0|108=30|"));
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGON_SENT);
	ck_assert_int_eq(F.p_out, 2);
	F.clock += 250;
	peer("A", 1, "98=0|108=30|");
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_int_eq(fix_session_next_in(S), 2);
	ck_assert_int_eq(F.p_in, 2);
	ck_assert_ptr_nonnull(strstr(F.events, "Received logon response"));
}
END_TEST

START_TEST(test_logon_acceptor)
{
	start(false, false);
	fix_session_connected(S);
	ck_assert_int_eq(F.nsent, 0);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_CONNECTED);
	peer("A", 1, "98=0|108=45|");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("A", 1, "98=0|108=45|"));
	ck_assert_int_eq(fix_session_heartbeat(S), 45);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
	ck_assert_int_eq(fix_session_next_out(S), 2);
	ck_assert_int_eq(fix_session_next_in(S), 2);
}
END_TEST

START_TEST(test_logon_timeout)
{
	start(true, false);
	fix_session_connected(S);
	F.clock += 9999;
	fix_session_tick(S);
	ck_assert_int_eq(F.disconnects, 0);
	F.clock += 1;
	fix_session_tick(S);
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_DISCONNECTED);
	ck_assert_ptr_nonnull(strstr(F.events,
	    "Timed out waiting for logon response"));
}
END_TEST

/* ResetSeqNumFlag=Y from the peer resets both numbers; ours too. */
START_TEST(test_logon_reset)
{
	start(false, false);
	fix_session_restore(S, 10, 20);
	fix_session_connected(S);
	peer("A", 1, "98=0|108=30|141=Y|");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("A", 1, "98=0|108=30|141=Y|"));
	ck_assert_int_eq(fix_session_next_out(S), 2);
	ck_assert_int_eq(fix_session_next_in(S), 2);
	ck_assert_int_eq(F.p_out, 2);
	ck_assert_int_eq(F.p_in, 2);

	/* Without the flag the numbers carry on: 1 is too low for 20. */
	start(false, false);
	fix_session_restore(S, 10, 20);
	fix_session_connected(S);
	peer("A", 1, "98=0|108=30|");
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_str_eq(F.sent[0], want("5", 10, "58=MsgSeqNum too low, "
	    "expecting 20 but received 1|"));

	/* An initiator that resets on logon says so. */
	start(true, true);
	fix_session_restore(S, 5, 7);
	fix_session_connected(S);
	ck_assert_str_eq(F.sent[0], want("A", 1, "98=0|108=30|141=Y|"));
	peer("A", 1, "98=0|108=30|141=Y|");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
	ck_assert_int_eq(fix_session_next_in(S), 2);
	ck_assert_int_eq(fix_session_next_out(S), 2);

	/* The peer resets in its answer: we reset and answer again. */
	start(true, false);
	fix_session_restore(S, 5, 7);
	fix_session_connected(S);
	ck_assert_str_eq(F.sent[0], want("A", 5, "98=0|108=30|"));
	peer("A", 1, "98=0|108=30|141=Y|");
	ck_assert_int_eq(F.nsent, 2);
	ck_assert_str_eq(F.sent[1], want("A", 1, "98=0|108=30|141=Y|"));
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
	ck_assert_int_eq(fix_session_next_in(S), 2);
	ck_assert_int_eq(fix_session_next_out(S), 2);
}
END_TEST

/* An acceptor that resets on logon starts again at 1 whatever the
 * peer's Logon says. */
START_TEST(test_logon_reset_acceptor)
{
	start(false, true);
	fix_session_restore(S, 5, 5);
	fix_session_connected(S);
	peer("A", 1, "98=0|108=30|");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("A", 1, "98=0|108=30|"));
	ck_assert_int_eq(fix_session_next_out(S), 2);
	ck_assert_int_eq(fix_session_next_in(S), 2);
	ck_assert_int_eq(F.kinds[FIX_SESSION_EV_LOGON], 1);
	ck_assert_int_eq(F.kinds[FIX_SESSION_EV_DISCONNECT], 0);
}
END_TEST

START_TEST(test_timestamps)
{
	static const struct {
		const char *text;
		int64_t	ms;
	} cases[] = {
		{ "20261207-14:30:00.000", T0 },
		{ "20261207-14:30:00", T0 },
		{ "20261207-14:30:00.5", T0 + 500 },
		{ "20261207-14:30:01.123456", T0 + 1123 },
		{ "19700101-00:00:00.001", 1 },
		{ "20240229-23:59:59.999", 1709251199999LL },
		{ "20261207 14:30:00.000", -1 },
		{ "20261207-14:30:00.", -1 },
		{ "20261207-14:3x:00.000", -1 },
		{ "2026120-14:30:00", -1 },
	};
	char	out[32];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fix_field f = { 52, cases[i].text,
		    strlen(cases[i].text) };

		ck_assert_msg(fix_session_parse_time(&f) == cases[i].ms,
		    "%s", cases[i].text);
	}
	fix_session_format_time(out, T0 + 7);
	ck_assert_str_eq(out, "20261207-14:30:00.007");
	fix_session_format_time(out, 1709251199999LL);
	ck_assert_str_eq(out, "20240229-23:59:59.999");
}
END_TEST

/* NextExpectedMsgSeqNum (789) in the peer's Logon: lower than ours
 * resends from there after the answer; higher ends the session. */
START_TEST(test_logon_next_expected)
{
	struct fix_builder *b;
	struct err e = { "" };
	char	exp[1024], body[1024];
	const char *now;

	start(false, false);
	b = fix_session_app_begin(S, "D");
	fix_build_str(b, 11, "ORD-1");
	ck_assert_int_eq(fix_session_app_send(S, &e), 1);
	fix_session_connected(S);
	F.clock += 1000;
	now = stamp(F.clock);
	peer("A", 1, "98=0|108=30|789=1|");
	ck_assert_int_eq(F.nsent, 3);
	ck_assert_str_eq(F.sent[0], want("A", 2, "98=0|108=30|"));
	snprintf(body, sizeof body, "35=D|34=1|43=Y|49=BLOTTER|52=%s|56=EXCH|"
	    "122=20261207-14:30:00.000|11=ORD-1|", now);
	ck_assert_str_eq(F.sent[1], frame(exp, sizeof exp, body));
	snprintf(body, sizeof body, "35=4|34=2|43=Y|49=BLOTTER|52=%s|56=EXCH|"
	    "122=%s|36=3|123=Y|", now, now);
	ck_assert_str_eq(F.sent[2], frame(exp, sizeof exp, body));
	ck_assert_int_eq(fix_session_next_out(S), 3);
	ck_assert_ptr_nonnull(strstr(F.events, "Sending retransmits due to "
	    "received NextExpectedMsgSeqNum is too low. FROM: 1 TO: 2"));

	start(false, false);
	fix_session_connected(S);
	peer("A", 1, "98=0|108=30|789=5|");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("5", 1, "58=NextExpectedMsgSeqNum "
	    "too high, expecting 1 but received 5|"));
	ck_assert_int_eq(F.disconnects, 1);

	/* Equal: nothing more. */
	start(false, false);
	fix_session_connected(S);
	peer("A", 1, "98=0|108=30|789=1|");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
}
END_TEST

START_TEST(test_restart_resumes)
{
	start(true, false);
	fix_session_restore(S, 7, 9);
	fix_session_connected(S);
	ck_assert_str_eq(F.sent[0], want("A", 7, "98=0|108=30|"));
	peer("A", 9, "98=0|108=30|");
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
	ck_assert_int_eq(fix_session_next_out(S), 8);
	ck_assert_int_eq(fix_session_next_in(S), 10);
	ck_assert_int_eq(F.p_out, 8);
	ck_assert_int_eq(F.p_in, 10);
}
END_TEST

START_TEST(test_heartbeat)
{
	acceptor_logged_on();
	F.clock += 29999;
	fix_session_tick(S);
	ck_assert_int_eq(F.nsent, 0);
	F.clock += 1;
	fix_session_tick(S);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("0", 2, ""));
	/* A TestRequest is answered with its TestReqID. */
	peer("1", 2, "112=ABC 1|");
	ck_assert_int_eq(F.nsent, 2);
	ck_assert_str_eq(F.sent[1], want("0", 3, "112=ABC 1|"));
	ck_assert_int_eq(fix_session_next_in(S), 3);
}
END_TEST

/* Silence: a TestRequest "TEST" after 1.2 intervals; an answer puts
 * things right; 2.4 intervals without one end the session. */
START_TEST(test_test_request)
{
	acceptor_logged_on();
	F.clock += 30000;
	fix_session_tick(S);		/* our heartbeat */
	clear_sent();
	F.clock += 5999;
	fix_session_tick(S);
	ck_assert_int_eq(F.nsent, 0);
	F.clock += 1;
	fix_session_tick(S);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("1", 3, "112=TEST|"));
	ck_assert_ptr_nonnull(strstr(F.events, "Sent test request TEST"));
	peer("0", 2, "112=TEST|");
	ck_assert_int_eq(F.disconnects, 0);
	clear_sent();
	/* No answer this time. */
	F.clock += 36000;
	fix_session_tick(S);
	ck_assert_int_eq(F.nsent, 1);
	F.clock += 35999;
	fix_session_tick(S);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_int_eq(F.disconnects, 0);
	F.clock += 1;
	fix_session_tick(S);
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_DISCONNECTED);
	ck_assert_ptr_nonnull(strstr(F.events,
	    "Timed out waiting for heartbeat"));
}
END_TEST

/* Too high: queued, a ResendRequest once, the queue worked through in
 * order as the gap fills. */
START_TEST(test_gap_resend_request)
{
	acceptor_logged_on();
	peer("D", 4, NOS_BODY);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("2", 2, "7=2|16=0|"));
	ck_assert_int_eq(F.ndelivered, 0);
	ck_assert_int_eq(fix_session_next_in(S), 2);
	peer("D", 5, NOS_BODY);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_ptr_nonnull(strstr(F.events, "Already sent ResendRequest "
	    "FROM: 2 TO: 3.  Not sending another."));
	peer_raw("35=D|34=2|43=Y|49=EXCH|52=%s|56=BLOTTER|122=%s|" NOS_BODY,
	    stamp(F.clock), stamp(F.clock - 500));
	ck_assert_int_eq(F.ndelivered, 1);
	ck_assert(F.possdup[0]);
	peer("D", 3, NOS_BODY);
	ck_assert_int_eq(F.ndelivered, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(F.delivered[i], 2 + i);
	ck_assert(!F.possdup[1]);
	ck_assert_int_eq(fix_session_next_in(S), 6);
	ck_assert_int_eq(F.p_in, 6);
	ck_assert_int_eq(F.nsent, 1);
}
END_TEST

START_TEST(test_gap_fill_in)
{
	acceptor_logged_on();
	peer("D", 5, NOS_BODY);
	ck_assert_int_eq(F.nsent, 1);
	peer_raw("35=4|34=2|43=Y|49=EXCH|52=%s|56=BLOTTER|122=%s|36=5|123=Y|",
	    stamp(F.clock), stamp(F.clock));
	ck_assert_int_eq(F.ndelivered, 1);
	ck_assert_int_eq(F.delivered[0], 5);
	ck_assert_int_eq(fix_session_next_in(S), 6);
	ck_assert_int_eq(F.nsent, 1);
}
END_TEST

START_TEST(test_sequence_reset)
{
	acceptor_logged_on();
	/* Reset mode: the number it carries is not checked. */
	peer("4", 99, "36=10|");
	ck_assert_int_eq(fix_session_next_in(S), 10);
	ck_assert_int_eq(F.p_in, 10);
	ck_assert_int_eq(F.nsent, 0);
	peer("D", 10, NOS_BODY);
	ck_assert_int_eq(F.ndelivered, 1);
	/* Backwards is refused. */
	peer("4", 11, "36=5|");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("3", 2, "45=11|58=Value is incorrect "
	    "(out of range) for this tag|372=4|373=5|"));
	ck_assert_int_eq(fix_session_next_in(S), 11);
}
END_TEST

/* A ResendRequest: application messages from the store again, admin
 * ones (not stored) gap-filled. */
START_TEST(test_resend_out)
{
	struct fix_builder *b;
	struct err e = { "" };
	char	first[32];

	acceptor_logged_on();
	b = fix_session_app_begin(S, "8");
	fix_build_str(b, 37, "O-1");
	fix_build_str(b, 17, "X-1");
	fix_build_char(b, 150, '0');
	fix_build_char(b, 39, '0');
	fix_build_str(b, 55, "ACME");
	fix_build_char(b, 54, '1');
	fix_build_int(b, 151, 200);
	fix_build_int(b, 14, 0);
	fix_build_int(b, 6, 0);
	ck_assert_int_eq(fix_session_app_send(S, &e), 2);
	ck_assert_str_eq(F.sent[0], want("8", 2, "6=0|14=0|17=X-1|37=O-1|"
	    "39=0|54=1|55=ACME|150=0|151=200|"));
	ck_assert_ptr_nonnull(F.store[2]);
	snprintf(first, sizeof first, "%s", stamp(F.clock));
	F.clock += 30000;
	fix_session_tick(S);		/* heartbeat 3 */
	peer("0", 2, "");
	b = fix_session_app_begin(S, "8");
	fix_build_str(b, 37, "O-2");
	fix_build_str(b, 17, "X-2");
	fix_build_char(b, 150, '0');
	fix_build_char(b, 39, '0');
	fix_build_str(b, 55, "ACME");
	fix_build_char(b, 54, '2');
	fix_build_int(b, 151, 5);
	fix_build_int(b, 14, 0);
	fix_build_int(b, 6, 0);
	ck_assert_int_eq(fix_session_app_send(S, &e), 4);
	clear_sent();
	F.clock += 1000;
	peer("2", 3, "7=1|16=0|");
	ck_assert_int_eq(F.nsent, 4);
	{
		char	exp[1024], body[1024];
		const char *now = stamp(F.clock);

		snprintf(body, sizeof body, "35=4|34=1|43=Y|49=BLOTTER|52=%s|"
		    "56=EXCH|122=%s|36=2|123=Y|", now, now);
		ck_assert_str_eq(F.sent[0], frame(exp, sizeof exp, body));
		snprintf(body, sizeof body, "35=8|34=2|43=Y|49=BLOTTER|52=%s|"
		    "56=EXCH|122=%s|6=0|14=0|17=X-1|37=O-1|39=0|54=1|55=ACME|"
		    "150=0|151=200|", now, first);
		ck_assert_str_eq(F.sent[1], frame(exp, sizeof exp, body));
		snprintf(body, sizeof body, "35=4|34=3|43=Y|49=BLOTTER|52=%s|"
		    "56=EXCH|122=%s|36=4|123=Y|", now, now);
		ck_assert_str_eq(F.sent[2], frame(exp, sizeof exp, body));
		ck_assert_ptr_nonnull(strstr(F.sent[3], "|34=4|43=Y|"));
		ck_assert_ptr_nonnull(strstr(F.sent[3], "|37=O-2|"));
	}
	ck_assert_int_eq(fix_session_next_out(S), 5);
	ck_assert_int_eq(fix_session_next_in(S), 4);
	ck_assert_ptr_nonnull(strstr(F.events, "Resending Message: 2"));

	/* A range ending in admin messages is gap-filled to the end. */
	clear_sent();
	F.clock += 30000;
	fix_session_tick(S);		/* heartbeat 5 */
	clear_sent();
	peer("2", 4, "7=4|16=5|");
	ck_assert_int_eq(F.nsent, 2);
	ck_assert_ptr_nonnull(strstr(F.sent[0], "|35=8|34=4|43=Y|"));
	ck_assert_ptr_nonnull(strstr(F.sent[1], "|35=4|34=5|43=Y|"));
	ck_assert_ptr_nonnull(strstr(F.sent[1], "|36=6|123=Y|"));
}
END_TEST

START_TEST(test_too_low)
{
	acceptor_logged_on();
	peer("D", 2, NOS_BODY);
	ck_assert_int_eq(F.ndelivered, 1);
	peer("D", 2, NOS_BODY);
	ck_assert_int_eq(F.ndelivered, 1);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("5", 2, "58=MsgSeqNum too low, "
	    "expecting 3 but received 2|"));
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_DISCONNECTED);
	ck_assert_int_eq(fix_session_next_in(S), 3);
}
END_TEST

START_TEST(test_possdup_seen)
{
	acceptor_logged_on();
	peer("D", 2, NOS_BODY);
	peer_raw("35=D|34=2|43=Y|49=EXCH|52=%s|56=BLOTTER|122=%s|" NOS_BODY,
	    stamp(F.clock), stamp(F.clock - 1000));
	ck_assert_int_eq(F.ndelivered, 1);
	ck_assert_int_eq(F.nsent, 0);
	ck_assert_int_eq(F.disconnects, 0);
	ck_assert_int_eq(fix_session_next_in(S), 3);
	/* Without OrigSendingTime it is refused, still not counted. */
	peer_raw("35=D|34=2|43=Y|49=EXCH|52=%s|56=BLOTTER|" NOS_BODY,
	    stamp(F.clock));
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("3", 2, "45=2|58=Required tag "
	    "missing|371=122|372=D|373=1|"));
	ck_assert_int_eq(fix_session_next_in(S), 3);
	ck_assert_int_eq(F.ndelivered, 1);
}
END_TEST

START_TEST(test_garbled)
{
	char	msg[1024], raw[1024];
	size_t	n;
	int64_t	persists;

	acceptor_logged_on();
	persists = F.npersist;
	/* A wrong checksum. */
	frame(msg, sizeof msg, "35=0|34=2|49=EXCH|52=20261207-14:30:00.000|"
	    "56=BLOTTER|");
	n = strlen(msg);
	msg[n - 2] = msg[n - 2] == '0' ? '1' : '0';
	for (size_t i = 0; i < n; i++)
		raw[i] = msg[i] == '|' ? FIX_SOH : msg[i];
	fix_session_input(S, raw, n);
	/* A field that is no "tag=value". */
	frame(msg, sizeof msg, "35=0|34=2|49=EXCH|52=20261207-14:30:00.000|"
	    "56=BLOTTER|junk|");
	n = strlen(msg);
	for (size_t i = 0; i < n; i++)
		raw[i] = msg[i] == '|' ? FIX_SOH : msg[i];
	fix_session_input(S, raw, n);
	/* Noise between messages. */
	fix_session_input(S, "hello", 5);
	ck_assert_int_eq(F.nsent, 0);
	ck_assert_int_eq(F.disconnects, 0);
	ck_assert_int_eq(fix_session_next_in(S), 2);
	ck_assert_int_eq(F.npersist, persists);
	/* A good one, a byte at a time, still counts. */
	frame(msg, sizeof msg, "35=D|34=2|49=EXCH|52=20261207-14:30:00.000|"
	    "56=BLOTTER|" NOS_BODY);
	n = strlen(msg);
	for (size_t i = 0; i < n; i++) {
		char	c = msg[i] == '|' ? FIX_SOH : msg[i];

		ck_assert_int_eq(F.ndelivered, 0);
		fix_session_input(S, &c, 1);
	}
	ck_assert_int_eq(F.ndelivered, 1);
	ck_assert_int_eq(fix_session_next_in(S), 3);
}
END_TEST

START_TEST(test_compid)
{
	acceptor_logged_on();
	peer_raw("35=D|34=2|49=OTHER|52=%s|56=BLOTTER|" NOS_BODY,
	    stamp(F.clock));
	ck_assert_int_eq(F.ndelivered, 0);
	ck_assert_int_eq(F.nsent, 2);
	ck_assert_str_eq(F.sent[0], want("3", 2, "45=2|58=CompID problem|"
	    "372=D|373=9|"));
	ck_assert_str_eq(F.sent[1], want("5", 3, ""));
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGOUT_SENT);
	ck_assert_int_eq(fix_session_next_in(S), 3);
	/* The peer's Logout ends it. */
	peer("5", 3, "");
	ck_assert_int_eq(F.nsent, 2);
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_ptr_nonnull(strstr(F.events, "Received logout response"));
}
END_TEST

START_TEST(test_compid_target)
{
	acceptor_logged_on();
	peer_raw("35=0|34=2|49=EXCH|52=%s|56=SOMEONE|", stamp(F.clock));
	ck_assert_int_eq(F.nsent, 2);
	ck_assert_str_eq(F.sent[0], want("3", 2, "45=2|58=CompID problem|"
	    "372=0|373=9|"));
	ck_assert_str_eq(F.sent[1], want("5", 3, ""));
}
END_TEST

START_TEST(test_begin_string)
{
	char	msg[512];
	size_t	n;

	acceptor_logged_on();
	frame(msg, sizeof msg, "35=0|34=2|49=EXCH|52=20261207-14:30:00.000|"
	    "56=BLOTTER|");
	msg[8] = '2';			/* FIX.4.2: 2 off the sum */
	n = strlen(msg);
	ck_assert_str_eq(msg + n - 7, "10=006|");
	memcpy(msg + n - 7, "10=004|", 7);
	for (size_t i = 0; i < n; i++)
		if (msg[i] == '|')
			msg[i] = FIX_SOH;
	fix_session_input(S, msg, n);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("5", 2, "58=Incorrect BeginString|"));
	ck_assert_int_eq(fix_session_next_in(S), 3);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGOUT_SENT);
}
END_TEST

/* A Logon numbered too high is answered, then waits in the queue for
 * the gap: taken from there it only counts. */
START_TEST(test_logon_gap)
{
	start(false, false);
	fix_session_connected(S);
	peer("A", 3, "98=0|108=30|");
	ck_assert_int_eq(F.nsent, 2);
	ck_assert_str_eq(F.sent[0], want("A", 1, "98=0|108=30|"));
	ck_assert_str_eq(F.sent[1], want("2", 2, "7=1|16=0|"));
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
	ck_assert_int_eq(fix_session_next_in(S), 1);
	peer_raw("35=4|34=1|43=Y|49=EXCH|52=%s|56=BLOTTER|122=%s|36=3|123=Y|",
	    stamp(F.clock), stamp(F.clock));
	ck_assert_int_eq(fix_session_next_in(S), 4);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGGED_ON);
	ck_assert_int_eq(F.disconnects, 0);
	peer("D", 4, NOS_BODY);
	ck_assert_int_eq(F.ndelivered, 1);
}
END_TEST

START_TEST(test_sending_time)
{
	acceptor_logged_on();
	peer_raw("35=D|34=2|49=EXCH|52=%s|56=BLOTTER|" NOS_BODY,
	    stamp(F.clock - 120000));
	ck_assert_int_eq(F.ndelivered, 1);
	ck_assert_int_eq(F.nsent, 0);
	/* Whole seconds are compared, as QuickFIX does: 120.5 s apart in
	 * the same two seconds is 120. */
	F.clock += 999;
	peer_raw("35=0|34=3|49=EXCH|52=%s|56=BLOTTER|",
	    stamp(F.clock - 120500));
	ck_assert_int_eq(F.nsent, 0);
	ck_assert_int_eq(fix_session_next_in(S), 4);
	F.clock -= 999;
	peer_raw("35=D|34=4|49=EXCH|52=%s|56=BLOTTER|" NOS_BODY,
	    stamp(F.clock - 120001));
	ck_assert_int_eq(F.ndelivered, 1);
	ck_assert_int_eq(F.nsent, 2);
	ck_assert_str_eq(F.sent[0], want("3", 2, "45=4|58=SendingTime "
	    "accuracy problem|372=D|373=10|"));
	ck_assert_str_eq(F.sent[1], want("5", 3, ""));
	/* No answer to the Logout within 2 s. */
	F.clock += 2000;
	fix_session_tick(S);
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_ptr_nonnull(strstr(F.events,
	    "Timed out waiting for logout response"));
}
END_TEST

START_TEST(test_validation_reject)
{
	acceptor_logged_on();
	/* NewOrderSingle without Side (54). */
	peer("D", 2, "11=ORD-1|38=200|40=2|44=10.05|55=ACME|59=0|"
	    "60=20261207-14:30:01.250|");
	ck_assert_int_eq(F.ndelivered, 0);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("3", 2, "45=2|58=Required tag "
	    "missing|371=54|372=D|373=1|"));
	ck_assert_int_eq(fix_session_next_in(S), 3);
	/* A value the field does not take. */
	peer("D", 3, "11=ORD-1|38=200|40=2|44=10.05|54=Q|55=ACME|59=0|"
	    "60=20261207-14:30:01.250|");
	ck_assert_str_eq(F.sent[1], want("3", 3, "45=3|58=Value is incorrect "
	    "(out of range) for this tag|371=54|372=D|373=5|"));
	/* A MsgType the dictionary lacks: no RefTagID. */
	peer("ZZ", 4, "");
	ck_assert_str_eq(F.sent[2], want("3", 4, "45=4|58=Invalid MsgType|"
	    "372=ZZ|373=11|"));
	ck_assert_int_eq(fix_session_next_in(S), 5);
	ck_assert_int_eq(F.ndelivered, 0);
	ck_assert_int_eq(F.disconnects, 0);
}
END_TEST

START_TEST(test_second_logon)
{
	acceptor_logged_on();
	peer("A", 2, "98=0|108=30|");
	ck_assert_int_eq(F.nsent, 0);
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_DISCONNECTED);
	ck_assert_ptr_nonnull(strstr(F.events,
	    "Logon state is not valid for message"));

	/* Nor is anything but a Logon taken first. */
	start(false, false);
	fix_session_connected(S);
	peer("D", 1, NOS_BODY);
	ck_assert_int_eq(F.ndelivered, 0);
	ck_assert_int_eq(F.disconnects, 1);
}
END_TEST

START_TEST(test_logout)
{
	acceptor_logged_on();
	peer("5", 2, "58=bye|");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("5", 2, ""));
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_int_eq(fix_session_next_in(S), 3);
	ck_assert_ptr_nonnull(strstr(F.events, "Received logout request"));

	/* Ours first. */
	acceptor_logged_on();
	fix_session_logout(S, "end of day");
	ck_assert_str_eq(F.sent[0], want("5", 2, "58=end of day|"));
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_LOGOUT_SENT);
	F.clock += 1999;
	fix_session_tick(S);
	ck_assert_int_eq(F.disconnects, 0);
	peer("5", 2, "");
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_int_eq(F.disconnects, 1);
	ck_assert_int_eq(fix_session_state(S), FIX_SESSION_DISCONNECTED);
}
END_TEST

START_TEST(test_app_send)
{
	struct fix_builder *b;
	struct err e = { "" };

	/* Before the logon: numbered and stored, not sent. */
	start(true, false);
	b = fix_session_app_begin(S, "D");
	fix_build_str(b, 11, "ORD-1");
	ck_assert_int_eq(fix_session_app_send(S, &e), 1);
	ck_assert_int_eq(F.nsent, 0);
	ck_assert_ptr_nonnull(F.store[1]);
	ck_assert_int_eq(F.p_out, 2);
	/* A session message is not the caller's to send. */
	fix_session_app_begin(S, "0");
	ck_assert_int_eq(fix_session_app_send(S, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "session message"));
	/* A store that fails: nothing numbered, nothing sent. */
	fix_session_restore(S, NSTORE, 1);
	b = fix_session_app_begin(S, "D");
	fix_build_str(b, 11, "ORD-2");
	ck_assert_int_eq(fix_session_app_send(S, &e), -1);
	ck_assert_int_eq(fix_session_next_out(S), NSTORE);
	/* Resetting on logon: refused while not logged on. */
	start(true, true);
	b = fix_session_app_begin(S, "D");
	fix_build_str(b, 11, "ORD-1");
	ck_assert_int_eq(fix_session_app_send(S, &e), -1);
	ck_assert_int_eq(fix_session_next_out(S), 1);
	/* Logged on: sent as stored. */
	acceptor_logged_on();
	b = fix_session_app_begin(S, "D");
	fix_build_str(b, 11, "ORD-1");
	ck_assert_int_eq(fix_session_app_send(S, &e), 2);
	ck_assert_int_eq(F.nsent, 1);
	ck_assert_str_eq(F.sent[0], want("D", 2, "11=ORD-1|"));
	ck_assert_uint_eq(F.store_len[2], strlen(F.sent[0]));
}
END_TEST

START_TEST(test_new_refuses)
{
	struct fix_session_config c = { .begin = "FIX.4.4", .sender = "A",
	    .target = "", .heartbeat = 30, .dict = dict };
	struct fix_session_hooks h = { NULL, h_send, h_now, h_persist,
	    h_store, h_load, NULL, NULL, NULL };
	struct err e = { "" };

	ck_assert_ptr_null(fix_session_new(&c, &h, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "TargetCompID"));
	c.target = "B";
	h.load = NULL;
	ck_assert_ptr_null(fix_session_new(&c, &h, &e));
	h.load = h_load;
	c.dict = NULL;
	ck_assert_ptr_null(fix_session_new(&c, &h, &e));
	c.dict = dict;
	fix_session_free(fix_session_new(&c, &h, &e));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("fix_session");
	TCase	*t = tcase_create("fix_session");
	struct err e = { "" };
	int	rc;

	if (fix_dict_load(DICT_PATH, &dict, &e) == -1) {
		fprintf(stderr, "%s\n", e.msg);
		return EXIT_FAILURE;
	}
	tcase_add_checked_fixture(t, NULL, teardown);
	tcase_add_test(t, test_logon_initiator);
	tcase_add_test(t, test_logon_acceptor);
	tcase_add_test(t, test_logon_timeout);
	tcase_add_test(t, test_logon_reset);
	tcase_add_test(t, test_logon_reset_acceptor);
	tcase_add_test(t, test_timestamps);
	tcase_add_test(t, test_logon_next_expected);
	tcase_add_test(t, test_restart_resumes);
	tcase_add_test(t, test_heartbeat);
	tcase_add_test(t, test_test_request);
	tcase_add_test(t, test_gap_resend_request);
	tcase_add_test(t, test_gap_fill_in);
	tcase_add_test(t, test_sequence_reset);
	tcase_add_test(t, test_resend_out);
	tcase_add_test(t, test_too_low);
	tcase_add_test(t, test_possdup_seen);
	tcase_add_test(t, test_garbled);
	tcase_add_test(t, test_compid);
	tcase_add_test(t, test_compid_target);
	tcase_add_test(t, test_begin_string);
	tcase_add_test(t, test_logon_gap);
	tcase_add_test(t, test_sending_time);
	tcase_add_test(t, test_validation_reject);
	tcase_add_test(t, test_second_logon);
	tcase_add_test(t, test_logout);
	tcase_add_test(t, test_app_send);
	tcase_add_test(t, test_new_refuses);
	suite_add_tcase(s, t);
	rc = testlib_run(srunner_create(s));
	fix_dict_free(dict);
	return rc;
}
