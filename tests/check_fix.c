/* tests/check_fix.c: the FIX codec (src/fix/): framing a stream, parsing
 * and building messages, the dictionary reader and the check of a
 * message against the FIX 4.4 dictionary, one SessionRejectReason at a
 * time.  Messages are written with '|' for SOH; the hand-checked ones
 * carry BodyLength and CheckSum worked out apart from the code. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "fix.h"
#include "testlib.h"
#include "../src/fix/fix-int.h"

#define DICT_PATH	BLOTTER_SRCDIR "/data/fix/FIX44.xml"

static struct fix_dict *dict;

/* Hand-checked messages: a Logon, a NewOrderSingle, an ExecutionReport
 * (a fill), a MarketDataSnapshotFullRefresh with two NoMDEntries and a
 * NewOrderSingle with two NoPartyIDs. */
static const char logon[] = "8=FIX.4.4|9=67|35=A|34=1|49=CLIENT|"
    "52=20261207-14:30:00.000|56=BROKER|98=0|108=30|10=115|";
static const char nos[] = "8=FIX.4.4|9=128|35=D|34=2|49=CLIENT|"
    "52=20261207-14:30:01.250|56=BROKER|11=ORD-1|38=200|40=2|44=10.05|"
    "54=1|55=ACME|59=0|60=20261207-14:30:01.250|10=089|";
static const char er[] = "8=FIX.4.4|9=149|35=8|34=3|49=BROKER|"
    "52=20261207-14:30:01.300|56=CLIENT|6=10.05|11=ORD-1|14=200|17=EX-1|"
    "31=10.05|32=200|37=BRK-1|38=200|39=2|54=1|55=ACME|150=F|151=0|"
    "10=037|";
static const char md[] = "8=FIX.4.4|9=121|35=W|34=4|49=BROKER|"
    "52=20261207-14:30:02.000|56=CLIENT|55=ACME|262=MD1|268=2|269=0|"
    "270=10|271=500|269=1|270=10.1|271=300|10=202|";
static const char nosp[] = "8=FIX.4.4|9=168|35=D|34=5|49=CLIENT|"
    "52=20261207-14:30:03.000|56=BROKER|11=ORD-2|38=100|40=1|54=2|"
    "55=ACME|60=20261207-14:30:03.000|453=2|448=TRADER1|447=D|452=11|"
    "448=DESK9|447=D|452=12|10=180|";

/* TEXT with '|' turned into SOH, in OUT (room for 4096 bytes). */
static size_t
soh(char *out, const char *text)
{
	size_t	n = strlen(text);

	ck_assert_uint_lt(n, 4096);
	for (size_t i = 0; i <= n; i++)
		out[i] = text[i] == '|' ? FIX_SOH : text[i];
	return n;
}

/* OUT with '|' for SOH, to compare and print. */
static char *
pipes(char *out, const char *msg, size_t len)
{
	for (size_t i = 0; i < len; i++)
		out[i] = msg[i] == FIX_SOH ? '|' : msg[i];
	out[len] = '\0';
	return out;
}

/* A whole FIX 4.4 message around BODY ("35=..|..|"), with BodyLength
 * and CheckSum counted here, apart from the codec. */
static size_t
frame(char *out, const char *body)
{
	char	tmp[4096];
	size_t	n;
	unsigned sum = 0;

	n = (size_t)snprintf(tmp, sizeof tmp, "8=FIX.4.4|9=%zu|%s",
	    strlen(body), body);
	soh(out, tmp);
	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)out[i];
	n += (size_t)sprintf(out + n, "10=%03u\001", sum % 256);
	return n;
}

static void
parse_ok(const char *text, struct fix_msg *m, char *buf)
{
	struct err e = { "" };
	size_t	n = soh(buf, text);

	ck_assert_msg(fix_parse(buf, n, m, &e) == 0, "%s: %s", text, e.msg);
}

START_TEST(test_checksum)
{
	char	buf[4096];

	ck_assert_uint_eq(fix_checksum("", 0), 0);
	ck_assert_uint_eq(fix_checksum("\001", 1), 1);
	/* 'A' is 65: 4 of them are 260, 4 modulo 256. */
	ck_assert_uint_eq(fix_checksum("AAAA", 4), 4);
	ck_assert_uint_eq(fix_checksum("\377\001", 2), 0);
	/* The Logon's 10=115 covers every byte before "10=". */
	soh(buf, logon);
	ck_assert_uint_eq(fix_checksum(buf, strlen(logon) - 7), 115);
	/* Every length to past two folds of eight-byte words, at every
	 * alignment, bytes of every value (255s are the lanes' worst), as
	 * a plain sum gives it. */
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)(i % 7 == 0 ? 255 : (i * 131 + 17) % 256);
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len + off <= 1100; len++) {
			unsigned sum = 0;

			for (size_t i = 0; i < len; i++)
				sum += (unsigned char)buf[off + i];
			ck_assert_uint_eq(fix_checksum(buf + off, len),
			    sum % 256);
		}
	memset(buf, 255, sizeof buf);
	ck_assert_uint_eq(fix_checksum(buf, sizeof buf),
	    (unsigned)(255u * sizeof buf % 256));
}
END_TEST

/* Values of every length to five words, each with bytes of every value
 * but SOH (0x01 and 0x81 next to it, 0x00 and 0xff among them), parse
 * to the bytes they were built of. */
START_TEST(test_parse_value_lengths)
{
	struct fix_builder *b = malloc(sizeof *b);
	struct fix_msg *m = malloc(sizeof *m);
	char	out[1024], val[64];
	struct err e = { "" };

	for (size_t len = 1; len < 41; len++) {
		long	n;

		for (size_t i = 0; i < len; i++) {
			static const char bytes[] = "\x02\x81\x80\xff\x7f=A9";

			val[i] = bytes[(i + len) % (sizeof bytes - 1)];
		}
		val[len] = '\0';
		fix_build_init(b, out, sizeof out);
		fix_build_begin(b, "FIX.4.4", "0");
		fix_build_str(b, 58, val);
		fix_build_str(b, 112, "X");
		n = fix_build_end(b, &e);
		ck_assert_msg(n > 0, "%s", e.msg);
		ck_assert_msg(fix_parse(out, (size_t)n, m, &e) == 0, "%zu: %s",
		    len, e.msg);
		int	k = fix_msg_find(m, 58, 0);
		ck_assert_int_ge(k, 0);
		ck_assert_uint_eq(m->f[k].len, len);
		ck_assert(memcmp(m->f[k].val, val, len) == 0);
		ck_assert_int_eq(fix_msg_find(m, 112, 0), k + 1);
	}
	free(b);
	free(m);
}
END_TEST

START_TEST(test_parse_hand_checked)
{
	static const char *const all[] = { logon, nos, er, md, nosp };
	struct fix_msg *m = malloc(sizeof *m);
	char	buf[4096];
	int	i;

	for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
		struct fix_reject why;

		parse_ok(all[k], m, buf);
		ck_assert_int_eq(m->f[0].tag, 8);
		ck_assert_int_eq(m->f[m->n - 1].tag, 10);
		ck_assert_msg(fix_validate(dict, m, &why) == 0, "%s: %d %d %s",
		    all[k], why.reason, why.ref_tag, why.text);
	}
	parse_ok(nos, m, buf);
	ck_assert_uint_eq(m->n, 16);
	ck_assert(fix_field_is(&m->f[2], "D"));
	i = fix_msg_find(m, 44, 0);
	ck_assert_int_eq(i, 10);
	ck_assert_uint_eq(m->f[i].len, 5);
	ck_assert(memcmp(m->f[i].val, "10.05", 5) == 0);
	/* In place: the value points into the buffer. */
	ck_assert_ptr_eq(m->f[i].val, strstr(buf, "44=") + 3);
	ck_assert_int_eq(fix_msg_find(m, 453, 0), -1);
	parse_ok(md, m, buf);
	i = fix_msg_find(m, 270, 0);
	ck_assert(fix_field_is(&m->f[i], "10"));
	i = fix_msg_find(m, 270, (size_t)i + 1);
	ck_assert(fix_field_is(&m->f[i], "10.1"));
	free(m);
}
END_TEST

START_TEST(test_parse_garbled)
{
	static const struct {
		const char *text;
		const char *why;
	} cases[] = {
		{ "", "too few" },
		{ "8=FIX.4.4|", "too few" },
		{ "9=5|8=FIX.4.4|35=0|10=000|", "BeginString (8) is not" },
		{ "8=FIX.4.4|35=0|9=5|10=000|", "BodyLength (9) is not" },
		{ "8=FIX.4.4|9=10|34=1|35=0|10=000|", "MsgType (35) is not" },
		{ "8=FIX.4.4|9=5|35=0|10=163|34=1|", "CheckSum (10) is not" },
		{ "8=FIX.4.4|9=x|35=0|10=000|", "not a number" },
		/* 9=5 is right for "35=0|": one more or less is garbled. */
		{ "8=FIX.4.4|9=6|35=0|10=164|", "BodyLength (9) is 6" },
		{ "8=FIX.4.4|9=4|35=0|10=162|", "BodyLength (9) is 4" },
		/* A leading zero is still the number 5. */
		{ "8=FIX.4.4|9=05|35=0|10=211|", NULL },
		{ "8=FIX.4.4|9=5|35=0|10=164|", "CheckSum (10) is 164" },
		{ "8=FIX.4.4|9=5|35=0|10=162|", "CheckSum (10) is 162" },
		{ "8=FIX.4.4|9=5|35=0|10=63|", "three digits" },
		{ "8=FIX.4.4|9=5|35=0|10=0163|", "three digits" },
		{ "8=FIX.4.4|9=5|35=0|10=16x|", "three digits" },
		{ "8=FIX.4.4|9=5|35=0|10=163", "not ended by SOH" },
		{ "8=FIX.4.4|9=5|35=0|junk|10=163|", "has no '='" },
		{ "8=FIX.4.4|9=10|35=0|95=30|96=ab|10=000|",
		    "the 30 bytes its length" },
	};
	struct fix_msg *m = malloc(sizeof *m);
	char	buf[4096];

	/* The one right frame of the table, and the checksum it needs. */
	ck_assert_int_eq(fix_parse(buf, soh(buf,
	    "8=FIX.4.4|9=5|35=0|10=163|"), m, NULL), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = { "" };
		size_t	n = soh(buf, cases[i].text);
		int	rc = fix_parse(buf, n, m, &e);

		if (cases[i].why == NULL) {
			ck_assert_msg(rc == 0, "%s: %s", cases[i].text, e.msg);
			continue;
		}
		ck_assert_msg(rc == -1, "%s parsed", cases[i].text);
		ck_assert_msg(strstr(e.msg, cases[i].why) != NULL,
		    "%s: '%s' lacks '%s'", cases[i].text, e.msg, cases[i].why);
	}
	free(m);
}
END_TEST

START_TEST(test_parse_limits)
{
	struct fix_msg *m = malloc(sizeof *m);
	char	*buf = malloc(FIX_FIELDS_MAX * 8 + 64), body[8192];
	struct err e = { "" };
	size_t	n = 0, len;

	/* Exactly FIX_FIELDS_MAX fields parse; one more is refused. */
	n = (size_t)sprintf(body, "35=0|");
	for (int i = 0; i < FIX_FIELDS_MAX - 4; i++)
		n += (size_t)sprintf(body + n, "58=x|");
	len = frame(buf, body);
	ck_assert_msg(fix_parse(buf, len, m, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(m->n, FIX_FIELDS_MAX);
	sprintf(body + n, "58=x|");
	len = frame(buf, body);
	ck_assert_int_eq(fix_parse(buf, len, m, &e), -1);
	ck_assert_str_eq(e.msg, "more than 512 fields");
	/* A DATA field holds SOH and '=' as its length field says. */
	len = frame(buf, "35=B|148=Hi|33=1|58=x|95=5|96=a|b=c|");
	ck_assert_msg(fix_parse(buf, len, m, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(m->f[7].tag, 96);
	ck_assert_uint_eq(m->f[7].len, 5);
	ck_assert(memcmp(m->f[7].val, "a\001b=c", 5) == 0);
	/* A tag that is not a positive number parses as tag 0. */
	len = frame(buf, "35=0|x1=2|0=3|-5=4|=6|");
	ck_assert_msg(fix_parse(buf, len, m, &e) == 0, "%s", e.msg);
	for (size_t i = 3; i < 7; i++)
		ck_assert_int_eq(m->f[i].tag, 0);
	free(buf);
	free(m);
}
END_TEST

START_TEST(test_frame)
{
	char	buf[4096], two[8192];
	size_t	len, n;

	len = soh(buf, logon);
	ck_assert_int_eq(fix_frame(buf, len, &n), FIX_FRAME_OK);
	ck_assert_uint_eq(n, len);
	/* Every shorter prefix wants more bytes. */
	for (size_t i = 0; i < len; i++)
		ck_assert_msg(fix_frame(buf, i, &n) == FIX_FRAME_MORE, "%zu",
		    i);
	/* Two messages back to back: the first alone. */
	memcpy(two, buf, len);
	memcpy(two + len, buf, len);
	ck_assert_int_eq(fix_frame(two, 2 * len, &n), FIX_FRAME_OK);
	ck_assert_uint_eq(n, len);
	/* Garbage ahead of a message is dropped up to "8=FIX". */
	memcpy(two, "xx58=1\001", 7);
	memcpy(two + 7, buf, len);
	ck_assert_int_eq(fix_frame(two, 7 + len, &n), FIX_FRAME_GARBAGE);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(fix_frame(two + n, len, &n), FIX_FRAME_OK);
	/* Garbage with no message: all but a tail that may become one. */
	ck_assert_int_eq(fix_frame("hello 8=F", 9, &n), FIX_FRAME_GARBAGE);
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(fix_frame("hello", 5, &n), FIX_FRAME_GARBAGE);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(fix_frame("8=F", 3, &n), FIX_FRAME_MORE);
	ck_assert_int_eq(fix_frame("9=F", 3, &n), FIX_FRAME_GARBAGE);
	ck_assert_uint_eq(n, 3);
	/* A body length that is no number, or puts "10=" elsewhere. */
	len = soh(buf, "8=FIX.4.4|9=x5|35=0|10=161|8=FIX");
	ck_assert_int_eq(fix_frame(buf, len, &n), FIX_FRAME_GARBAGE);
	ck_assert_uint_eq(n, len - 5);
	len = soh(buf, "8=FIX.4.4|9=6|35=0|10=161|");
	ck_assert_int_eq(fix_frame(buf, len + 1, &n), FIX_FRAME_GARBAGE);
	ck_assert_uint_eq(n, len + 1);
	len = soh(buf, "8=FIX.4.4|9=4|35=0|10=161|");
	ck_assert_int_eq(fix_frame(buf, len, &n), FIX_FRAME_GARBAGE);
	/* A body of a gigabyte is refused, not waited for. */
	len = soh(buf, "8=FIX.4.4|9=99999999|");
	ck_assert_int_eq(fix_frame(buf, len, &n), FIX_FRAME_GARBAGE);
	len = soh(buf, "8=FIX.4.4|9=123456789|");
	ck_assert_int_eq(fix_frame(buf, len, &n), FIX_FRAME_GARBAGE);
	/* No SOH in the first 32 bytes: no BeginString. */
	memset(buf, 'X', 40);
	memcpy(buf, "8=FIX", 5);
	ck_assert_int_eq(fix_frame(buf, 40, &n), FIX_FRAME_GARBAGE);
	ck_assert_uint_eq(n, 40);
}
END_TEST

/* Build the NewOrderSingle with parties, its fields added out of order. */
static long
build_nosp(struct fix_builder *b)
{
	struct err e = { "" };
	long	n;

	fix_build_begin(b, "FIX.4.4", "D");
	fix_build_str(b, 55, "ACME");
	fix_build_group(b, 453, 2);
	fix_build_str(b, 448, "TRADER1");
	fix_build_char(b, 447, 'D');
	fix_build_int(b, 452, 11);
	fix_build_str(b, 448, "DESK9");
	fix_build_char(b, 447, 'D');
	fix_build_int(b, 452, 12);
	fix_build_group_end(b);
	fix_build_time(b, 60, INT64_C(1796653803000));
	fix_build_str(b, 11, "ORD-2");
	fix_build_str(b, 56, "BROKER");
	fix_build_fixed(b, 38, 100, 0);
	fix_build_char(b, 54, '2');
	fix_build_time(b, 52, INT64_C(1796653803000));
	fix_build_char(b, 40, '1');
	fix_build_int(b, 34, 5);
	fix_build_str(b, 49, "CLIENT");
	n = fix_build_end(b, &e);
	ck_assert_msg(n > 0, "%s", e.msg);
	return n;
}

START_TEST(test_build_order)
{
	struct fix_builder *b = malloc(sizeof *b);
	char	out[4096], text[4096];
	long	n;

	fix_build_init(b, out, sizeof out);
	n = build_nosp(b);
	ck_assert_str_eq(pipes(text, out, (size_t)n), nosp);
	/* The builder is reused: the next message forgets the last. */
	fix_build_begin(b, "FIX.4.4", "A");
	fix_build_int(b, 108, 30);
	fix_build_int(b, 98, 0);
	fix_build_str(b, 56, "BROKER");
	fix_build_time(b, 52, INT64_C(1796653800000));
	fix_build_str(b, 49, "CLIENT");
	fix_build_int(b, 34, 1);
	n = fix_build_end(b, NULL);
	ck_assert_str_eq(pipes(text, out, (size_t)n), logon);
	free(b);
}
END_TEST

START_TEST(test_build_values)
{
	static const struct {
		int64_t	v;
		int	dec;
		const char *text;
	} fixed[] = {
		{ 0, 8, "0" }, { 1005000000, 8, "10.05" }, { 100, 0, "100" },
		{ -5, 2, "-0.05" }, { 123456789, 4, "12345.6789" },
		{ 100000000, 8, "1" }, { INT64_MAX, 0, "9223372036854775807" },
		{ INT64_MIN, 18, "-9.223372036854775808" }, { 7, 1, "0.7" },
	};
	static const struct {
		int64_t	ms;
		const char *text;
	} times[] = {
		{ 0, "19700101-00:00:00.000" },
		{ INT64_C(1700000000123), "20231114-22:13:20.123" },
		{ INT64_C(1709208000007), "20240229-12:00:00.007" },
		{ INT64_C(951782400000), "20000229-00:00:00.000" },
		{ INT64_C(253402300799999), "99991231-23:59:59.999" },
	};
	struct fix_builder *b = malloc(sizeof *b);
	char	out[256], want[256];
	long	n;

	fix_build_init(b, out, sizeof out);
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		fix_build_begin(b, "FIX.4.4", "0");
		fix_build_fixed(b, 44, fixed[i].v, fixed[i].dec);
		n = fix_build_end(b, NULL);
		ck_assert_int_gt(n, 0);
		snprintf(want, sizeof want, "\00144=%s\001", fixed[i].text);
		ck_assert_msg(strstr(out, want) != NULL, "%s", fixed[i].text);
	}
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		fix_build_begin(b, "FIX.4.4", "0");
		fix_build_time(b, 52, times[i].ms);
		n = fix_build_end(b, NULL);
		ck_assert_int_gt(n, 0);
		snprintf(want, sizeof want, "\00152=%s\001", times[i].text);
		ck_assert_msg(strstr(out, want) != NULL, "%s", times[i].text);
	}
	fix_build_begin(b, "FIX.4.4", "0");
	fix_build_int(b, 34, INT64_MIN);
	ck_assert_int_gt(fix_build_end(b, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "\00134=-9223372036854775808\001"));
	free(b);
}
END_TEST

START_TEST(test_build_refuses)
{
	static const struct {
		int	what;
		const char *why;
	} cases[] = {
		{ 0, "tag 9 is not one to add" },
		{ 1, "tag 10 is not one to add" },
		{ 2, "tag 0 is not one to add" },
		{ 3, "holds SOH" },
		{ 4, "tag 58 has no value" },
		{ 5, "a group is still open" },
		{ 6, "not open" },
		{ 7, "the message needs" },
		{ 8, "MsgType '' is not one" },
		{ 9, "outside years" },
		{ 10, "19 decimals" },
		{ 11, "longer than 16384 bytes" },
		{ 12, "nested deeper" },
	};
	struct fix_builder *b = malloc(sizeof *b);
	char	out[128], big[2000];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = { "" };

		fix_build_init(b, out, sizeof out);
		fix_build_begin(b, "FIX.4.4", cases[i].what == 8 ? "" : "0");
		fix_build_int(b, 34, 1);
		switch (cases[i].what) {
		case 0: fix_build_int(b, 9, 5); break;
		case 1: fix_build_int(b, 10, 5); break;
		case 2: fix_build_int(b, 0, 5); break;
		case 3: fix_build_str(b, 58, "a\001b"); break;
		case 4: fix_build_str(b, 58, ""); break;
		case 5: fix_build_group(b, 453, 1); break;
		case 6: fix_build_group_end(b); break;
		case 7: fix_build_str(b, 58, big + sizeof big - 200); break;
		case 9: fix_build_time(b, 52, -1); break;
		case 10: fix_build_fixed(b, 44, 1, 19); break;
		case 11:
			for (int k = 0; k < 10; k++)
				fix_build_str(b, 58, big);
			break;
		case 12:
			for (int k = 0; k < FIX_BUILD_DEPTH + 1; k++)
				fix_build_group(b, 453, 1);
			break;
		}
		ck_assert_int_eq(fix_build_end(b, &e), -1);
		ck_assert_msg(strstr(e.msg, cases[i].why) != NULL,
		    "%zu: '%s' lacks '%s'", i, e.msg, cases[i].why);
	}
	free(b);
}
END_TEST

START_TEST(test_round_trip)
{
	struct fix_builder *b = malloc(sizeof *b);
	struct fix_msg *m = malloc(sizeof *m);
	struct fix_reject why;
	struct err e = { "" };
	char	out[4096];
	long	n;
	int	i;

	fix_build_init(b, out, sizeof out);
	/* An ExecutionReport with a DATA field holding SOH. */
	fix_build_begin(b, "FIX.4.4", "8");
	fix_build_str(b, 49, "BROKER");
	fix_build_str(b, 56, "CLIENT");
	fix_build_int(b, 34, 77);
	fix_build_time(b, 52, INT64_C(1796653801300));
	fix_build_str(b, 37, "BRK-1");
	fix_build_str(b, 17, "EX-9");
	fix_build_char(b, 150, 'F');
	fix_build_char(b, 39, '1');
	fix_build_str(b, 55, "ACME");
	fix_build_char(b, 54, '1');
	fix_build_fixed(b, 151, 150, 0);
	fix_build_fixed(b, 14, 50, 0);
	fix_build_fixed(b, 6, 1005000000, 8);
	fix_build_fixed(b, 31, 1005000000, 8);
	fix_build_int(b, 354, 3);
	fix_build_data(b, 355, "a\001b", 3);
	n = fix_build_end(b, &e);
	ck_assert_msg(n > 0, "%s", e.msg);
	ck_assert_int_eq(fix_frame(out, (size_t)n, &(size_t){ 0 }),
	    FIX_FRAME_OK);
	ck_assert_msg(fix_parse(out, (size_t)n, m, &e) == 0, "%s", e.msg);
	ck_assert_msg(fix_validate(dict, m, &why) == 0, "%d %d %s",
	    why.reason, why.ref_tag, why.text);
	i = fix_msg_find(m, 355, 0);
	ck_assert_uint_eq(m->f[i].len, 3);
	/* Body fields came out sorted: 6 first, 355 last. */
	ck_assert_int_eq(m->f[7].tag, 6);
	ck_assert_int_eq(m->f[m->n - 2].tag, 355);
	/* The group message builds, parses and passes too. */
	n = build_nosp(b);
	ck_assert_msg(fix_parse(out, (size_t)n, m, &e) == 0, "%s", e.msg);
	ck_assert_msg(fix_validate(dict, m, &why) == 0, "%d %d %s",
	    why.reason, why.ref_tag, why.text);
	free(m);
	free(b);
}
END_TEST

START_TEST(test_dict_lookups)
{
	ck_assert_str_eq(fix_dict_begin(dict), "FIX.4.4");
	ck_assert_str_eq(fix_dict_field_name(dict, 11), "ClOrdID");
	ck_assert_str_eq(fix_dict_field_name(dict, 956),
	    "LegInterestAccrualDate");
	ck_assert_ptr_null(fix_dict_field_name(dict, 0));
	ck_assert_ptr_null(fix_dict_field_name(dict, -1));
	ck_assert_ptr_null(fix_dict_field_name(dict, 957));
	ck_assert_ptr_null(fix_dict_field_name(dict, 99999));
	ck_assert_int_eq(fix_dict_field_tag(dict, "OrdStatus"), 39);
	ck_assert_int_eq(fix_dict_field_tag(dict, "ordstatus"), -1);
	ck_assert_int_eq(fix_dict_field_type(dict, 44), FIX_T_PRICE);
	ck_assert_int_eq(fix_dict_field_type(dict, 453), FIX_T_NUMINGROUP);
	ck_assert_int_eq(fix_dict_field_type(dict, 52), FIX_T_UTCTIMESTAMP);
	ck_assert_str_eq(fix_dict_value_name(dict, 39, "0", 1), "NEW");
	ck_assert_str_eq(fix_dict_value_name(dict, 39, "2", 1), "FILLED");
	ck_assert_str_eq(fix_dict_value_name(dict, 54, "1X", 1), "BUY");
	ck_assert_ptr_null(fix_dict_value_name(dict, 39, "Z", 1));
	ck_assert_ptr_null(fix_dict_value_name(dict, 39, "", 0));
	ck_assert_ptr_null(fix_dict_value_name(dict, 11, "0", 1));
	ck_assert_str_eq(fix_dict_msg_name(dict, "D"), "NewOrderSingle");
	ck_assert_str_eq(fix_dict_msg_name(dict, "8"), "ExecutionReport");
	ck_assert_str_eq(fix_dict_msg_name(dict, "BH"), "ConfirmationRequest");
	ck_assert_ptr_null(fix_dict_msg_name(dict, "B"
	    "Z"));
	ck_assert_ptr_null(fix_dict_msg_name(dict, ""));
}
END_TEST

/* The codec's own tables of FIX 4.4 (header tags, DATA fields and their
 * length fields) agree with the dictionary. */
START_TEST(test_dict_tables)
{
	size_t	ndata = 0;

	for (size_t i = 0; i < fix_nheader_tags; i++) {
		if (i > 0)
			ck_assert_int_lt(fix_header_tags[i - 1],
			    fix_header_tags[i]);
	}
	for (int t = 1; t <= dict->maxtag; t++) {
		int	h = fix_layout_find(dict->header, t) != -1;
		bool	inner = false;

		/* NoHops' fields are the header's too, one level down. */
		for (size_t k = 0; k < dict->header->n; k++)
			if (dict->header->e[k].group != NULL &&
			    fix_layout_find(dict->header->e[k].group, t) != -1)
				inner = true;
		ck_assert_msg(fix_header_tag(t) == (h || inner), "%d", t);
		if (fix_dict_field_type(dict, t) == FIX_T_DATA)
			ndata++;
	}
	ck_assert_uint_eq(ndata, fix_ndata_pairs);
	for (size_t i = 0; i < fix_ndata_pairs; i++) {
		ck_assert_int_eq(fix_dict_field_type(dict,
		    fix_data_pairs[i].len_tag), FIX_T_LENGTH);
		ck_assert_int_eq(fix_dict_field_type(dict,
		    fix_data_pairs[i].data_tag), FIX_T_DATA);
		ck_assert_int_eq(fix_data_tag(fix_data_pairs[i].len_tag),
		    fix_data_pairs[i].data_tag);
	}
	ck_assert_int_eq(fix_data_tag(9), 0);
	/* And no other tag is a length field. */
	for (int t = -1; t <= dict->maxtag + 1; t++) {
		int	want = 0;

		for (size_t i = 0; i < fix_ndata_pairs; i++)
			if (fix_data_pairs[i].len_tag == t)
				want = fix_data_pairs[i].data_tag;
		ck_assert_msg(fix_data_tag(t) == want, "%d", t);
	}
}
END_TEST

/* Components resolve into messages: required only where the component
 * is required too; groups keep their delimiter and nest. */
START_TEST(test_dict_components)
{
	const struct fix_mdef *m = fix_dict_msg(dict, "D", 1);
	const struct fix_layout *g;
	int	k;

	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->cat, "app");
	ck_assert((k = fix_layout_find(m->body, 11)) >= 0);
	ck_assert(m->body->e[k].required);
	ck_assert((k = fix_layout_find(m->body, 55)) >= 0);	/* Instrument */
	ck_assert(!m->body->e[k].required);
	ck_assert((k = fix_layout_find(m->body, 453)) >= 0);	/* Parties */
	g = m->body->e[k].group;
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->e[0].tag, 448);
	ck_assert_int_eq(g->e[1].tag, 447);
	ck_assert((k = fix_layout_find(g, 802)) >= 0);		/* PtysSubGrp */
	ck_assert_ptr_nonnull(g->e[k].group);
	ck_assert_int_eq(g->e[k].group->e[0].tag, 523);
	ck_assert_int_eq(fix_layout_find(m->body, 448), -1);
	m = fix_dict_msg(dict, "W", 1);
	k = fix_layout_find(m->body, 268);
	ck_assert(m->body->e[k].required);
	ck_assert(m->body->e[k].group->e[0].required);
	ck_assert_int_eq(fix_layout_find(dict->trailer, 10), 2);
}
END_TEST

/* Each SessionRejectReason the check gives, from a message that differs
 * from a good one in that one way. */
START_TEST(test_reject_reasons)
{
#define NOS_HDR	"35=D|34=2|49=C|52=20261207-14:30:01.250|56=B|"
#define NOS_BODY "11=O1|38=200|40=2|44=10.05|54=1|55=ACME|" \
	"60=20261207-14:30:01.250|"
#define PTY	"448=T1|447=D|452=11|"
	static const struct {
		const char *body;
		enum fix_reason reason;
		int	ref_tag;
		const char *text;
	} cases[] = {
		{ NOS_HDR NOS_BODY, -1, 0, NULL },
		{ NOS_HDR NOS_BODY "x7=1|", FIX_R_INVALID_TAG, 0,
		    "not a positive" },
		{ NOS_HDR "0=1|" NOS_BODY, FIX_R_INVALID_TAG, 0, "field 8" },
		{ NOS_HDR "38=200|40=2|54=1|55=A|60=20261207-14:30:01|",
		    FIX_R_REQUIRED_MISSING, 11, "ClOrdID (11) is missing" },
		{ "35=D|34=2|52=20261207-14:30:01.250|56=B|" NOS_BODY,
		    FIX_R_REQUIRED_MISSING, 49, "from the header" },
		{ "35=A|34=1|49=C|52=20261207-14:30:00|56=B|98=0|",
		    FIX_R_REQUIRED_MISSING, 108, "HeartBtInt" },
		{ "35=W|34=1|49=C|52=20261207-14:30:00|56=B|55=A|",
		    FIX_R_REQUIRED_MISSING, 268, "NoMDEntries" },
		{ NOS_HDR NOS_BODY "150=F|", FIX_R_NOT_FOR_MSGTYPE, 150,
		    "NewOrderSingle" },
		{ NOS_HDR NOS_BODY "448=T1|", FIX_R_NOT_FOR_MSGTYPE, 448,
		    NULL },
		{ NOS_HDR NOS_BODY "9999=1|", FIX_R_UNDEFINED_TAG, 9999, NULL },
		{ NOS_HDR NOS_BODY "58=|", FIX_R_NO_VALUE, 58, "no value" },
		{ NOS_HDR NOS_BODY "21=9|", FIX_R_BAD_VALUE, 21, NULL },
		{ NOS_HDR NOS_BODY "18=1 ~|", FIX_R_BAD_VALUE, 18, NULL },
		{ NOS_HDR NOS_BODY "18=1 |", FIX_R_BAD_VALUE, 18, NULL },
		{ NOS_HDR NOS_BODY "18=1 2 G|", -1, 0, NULL },
		{ NOS_HDR NOS_BODY "21=12|", FIX_R_BAD_FORMAT, 21, NULL },
		{ NOS_HDR NOS_BODY "99=1.2.3|", FIX_R_BAD_FORMAT, 99, NULL },
		{ NOS_HDR NOS_BODY "453=-1|", FIX_R_BAD_FORMAT, 453, NULL },
		{ NOS_HDR NOS_BODY "432=20261301|", FIX_R_BAD_FORMAT, 432,
		    NULL },
		{ NOS_HDR NOS_BODY "126=20261207-24:00:00|", FIX_R_BAD_FORMAT,
		    126, "UTC timestamp" },
		{ NOS_HDR NOS_BODY "126=20261207-23:59:60.123456789|", -1, 0,
		    NULL },
		{ NOS_HDR NOS_BODY "126=20261207-23:00:00.|", FIX_R_BAD_FORMAT,
		    126, NULL },
		{ NOS_HDR NOS_BODY "200=202612w6|", FIX_R_BAD_FORMAT, 200,
		    NULL },
		{ NOS_HDR NOS_BODY "200=202612w5|", -1, 0, NULL },
		{ NOS_HDR NOS_BODY "114=y|", FIX_R_BAD_FORMAT, 114, NULL },
		{ NOS_HDR NOS_BODY "1=A|1=A|", FIX_R_REPEATED, 1, NULL },
		{ NOS_HDR "34=3|" NOS_BODY, FIX_R_REPEATED, 34, NULL },
		{ "35=ZZ|34=2|49=C|52=20261207-14:30:01|56=B|",
		    FIX_R_INVALID_MSGTYPE, 35, "'ZZ'" },
		{ NOS_HDR NOS_BODY "115=X|", FIX_R_OUT_OF_ORDER, 115, NULL },
		{ NOS_HDR NOS_BODY "93=1|89=x|58=a|", FIX_R_OUT_OF_ORDER, 58,
		    NULL },
		{ NOS_HDR NOS_BODY "93=1|89=x|", -1, 0, NULL },
		{ NOS_HDR NOS_BODY "453=1|" PTY, -1, 0, NULL },
		{ NOS_HDR NOS_BODY "453=1|447=D|448=T1|", FIX_R_GROUP_ORDER,
		    447, "starts with tag 447" },
		{ NOS_HDR NOS_BODY "453=1|448=T1|452=11|447=D|",
		    FIX_R_GROUP_ORDER, 447, "out of order" },
		{ NOS_HDR NOS_BODY "453=1|448=T1|447=D|447=D|",
		    FIX_R_REPEATED, 447, NULL },
		{ NOS_HDR NOS_BODY "453=2|" PTY, FIX_R_GROUP_COUNT, 453,
		    "has 1" },
		{ NOS_HDR NOS_BODY "453=1|" PTY PTY, FIX_R_GROUP_COUNT, 453,
		    "has more" },
		{ NOS_HDR NOS_BODY "453=0|", -1, 0, NULL },
		{ NOS_HDR NOS_BODY "453=1|448=T1|802=2|523=a|523=b|",
		    -1, 0, NULL },
		{ NOS_HDR NOS_BODY "453=1|448=T1|802=2|523=a|",
		    FIX_R_GROUP_COUNT, 802, NULL },
		/* In a group entry, a required field must be there. */
		{ "35=W|34=1|49=C|52=20261207-14:30:00|56=B|55=A|268=1|"
		    "269=0|270=1|", -1, 0, NULL },
		{ "35=W|34=1|49=C|52=20261207-14:30:00|56=B|55=A|268=1|"
		    "270=1|", FIX_R_GROUP_ORDER, 270, NULL },
		{ "35=W|34=1|49=C|52=20261207-14:30:00|56=B|55=A|268=1|"
		    "269=X|", FIX_R_BAD_VALUE, 269, NULL },
		{ NOS_HDR "627=1|628=H|" NOS_BODY, -1, 0, NULL },
	};
	struct fix_msg *m = malloc(sizeof *m);
	char	buf[4096];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fix_reject why = { 0, 0, "" };
		struct err e = { "" };
		size_t	n = frame(buf, cases[i].body);
		int	rc;

		ck_assert_msg(fix_parse(buf, n, m, &e) == 0, "%s", e.msg);
		rc = fix_validate(dict, m, &why);
		if ((int)cases[i].reason == -1) {
			ck_assert_msg(rc == 0, "%s: %d %d %s", cases[i].body,
			    why.reason, why.ref_tag, why.text);
			continue;
		}
		ck_assert_msg(rc == -1, "%s passed", cases[i].body);
		ck_assert_msg(why.reason == cases[i].reason &&
		    why.ref_tag == cases[i].ref_tag, "%s: %d %d %s, not %d %d",
		    cases[i].body, why.reason, why.ref_tag, why.text,
		    cases[i].reason, cases[i].ref_tag);
		if (cases[i].text != NULL)
			ck_assert_msg(strstr(why.text, cases[i].text) != NULL,
			    "'%s' lacks '%s'", why.text, cases[i].text);
	}
	free(m);
#undef NOS_HDR
#undef NOS_BODY
#undef PTY
}
END_TEST

/* A small dictionary around LINES: its <fields>, <components> and body. */
#define MINI(fields, comps, body) \
	"<?xml version='1.0' encoding='utf-8'?>\n" \
	"<!-- a small dictionary -->\n" \
	"<fix major='4' minor='4'>\n" \
	" <header>\n" \
	"  <field name='BeginString' required='Y'/>\n" \
	"  <field name=\"BodyLength\" required=\"Y\" />\n" \
	"  <field name='MsgType' required='Y' />\n" \
	" </header>\n" \
	" <trailer><field name='CheckSum' required='Y'/></trailer>\n" \
	" <messages>\n" \
	"  <message name='Heartbeat' msgtype='0' msgcat='admin'>\n" \
	body \
	"  </message>\n" \
	" </messages>\n" \
	" <components>\n" comps " </components>\n" \
	" <fields>\n" \
	"  <field number='8' name='BeginString' type='STRING'/>\n" \
	"  <field number='9' name='BodyLength' type='LENGTH'/>\n" \
	"  <field number='35' name='MsgType' type='STRING'>\n" \
	"   <value enum='0' description='HEARTBEAT'/>\n" \
	"  </field>\n" \
	"  <field number='10' name='CheckSum' type='STRING'/>\n" \
	"  <field number='112' name='TestReqID' type='STRING'/>\n" \
	fields \
	" </fields>\n" \
	"</fix>\n"

START_TEST(test_dict_malformed)
{
	static const struct {
		const char *text;
		const char *why;		/* after "PATH:" */
	} cases[] = {
		{ MINI("", "", "   <field name='TestReqID' required='N'/>\n"),
		    NULL },
		{ MINI("", "  <component name='C'>"
		    "<field name='TestReqID' required='Y'/></component>\n",
		    "   <component name='C' required='Y'/>\n"), NULL },
		{ MINI("", "", "   words\n"), "12: text is not expected" },
		{ MINI("", "", "   <field name='TestReqID required='N'/>\n"),
		    "12: '=' is expected" },
		{ MINI("", "", "   <field name='TestReqID' required=N/>\n"),
		    "12: an attribute value must be in quotes" },
		{ MINI("", "", "   <field name='TestReqID' name='TestReqID'/>"
		    "\n"), "12: attribute name is given twice" },
		{ MINI("", "", "   <field name='Nope' required='N'/>\n"),
		    "12: field Nope is not in <fields>" },
		{ MINI("", "", "   <component name='C' required='N'/>\n"),
		    "12: component C is not in <components>" },
		{ MINI("", "", "   <field name='TestReqID' required='?'/>\n"),
		    "12: required='?' is not Y or N" },
		{ MINI("", "", "   <group name='TestReqID' required='N'>"
		    "<field name='TestReqID' required='N'/></group>\n"),
		    "12: group TestReqID: its field is not a NUMINGROUP" },
		{ MINI("", "", "   <field name='TestReqID' required='N'/>\n"
		    "   <field name='TestReqID' required='N'/>\n"),
		    "13: field TestReqID is listed twice" },
		{ MINI("", "", "   <fieldx name='TestReqID' required='N'/>\n"),
		    "12: <fieldx> is not expected in <message>" },
		{ MINI("", "", "   <field name='TestReqID' required='N'>\n"),
		    "</field> is expected" },
		{ MINI("  <field number='58' name='Text' type='STRANGE'/>\n",
		    "", ""), "24: field Text: type 'STRANGE' is not one" },
		{ MINI("  <field number='x' name='Text' type='STRING'/>\n",
		    "", ""), "24: field number 'x' is not 1 to 99999" },
		{ MINI("  <field number='112' name='Text' type='STRING'/>\n",
		    "", ""), "24: field number 112 is already TestReqID" },
		{ MINI("  <field number='58' name='Text' type='STRING'>"
		    "<enum value='a'/></field>\n", "", ""),
		    "24: <enum> is not expected in <field>" },
		{ MINI("", "  <component name='C'>"
		    "<component name='C' required='N'/></component>\n",
		    "   <component name='C' required='N'/>\n"),
		    "nest more than 16 deep" },
		{ MINI("", "", "   <field name='TestReqID' required='N' a='&x;'"
		    "/>\n"), "12: an entity other than" },
		{ "<!DOCTYPE fix>\n<fix/>\n", "1: an element is expected" },
		{ "<fix major='4' minor='4'>\n<![CDATA[x]]>\n</fix>\n",
		    "2: only elements and comments" },
		{ "<fox major='4' minor='4'/>\n",
		    "1: the root element is <fox>" },
		{ "<fix major='4'/>\n", "1: <fix> needs a minor" },
		{ "<fix major='4' minor='4'/>\n", "1: <fix> has no <fields>" },
		{ "<fix major='4' minor='4'>\n<!-- open\n", "comment is not "
		    "closed" },
		{ "<fix major='4' minor='4'>\n<header>\n", "2: <header> is not "
		    "closed" },
		{ "<fix major='4' minor='4'>\n</fix>\n<fix/>", "3: nothing "
		    "may follow" },
		{ "", "1: an element is expected" },
	};
	char	path[] = "/tmp/check-fix.XXXXXX";
	struct fix_dict *d = NULL;
	struct err e = { "" };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char	want[256];
		int	rc;

		strcpy(path, "/tmp/check-fix.XXXXXX");
		testlib_temp_file(path, cases[i].text, strlen(cases[i].text));
		d = NULL;
		rc = fix_dict_load(path, &d, &e);
		unlink(path);
		if (cases[i].why == NULL) {
			ck_assert_msg(rc == 0, "%zu: %s", i, e.msg);
			ck_assert_str_eq(fix_dict_begin(d), "FIX.4.4");
			ck_assert_int_eq(fix_dict_field_tag(d, "TestReqID"),
			    112);
			fix_dict_free(d);
			continue;
		}
		ck_assert_msg(rc == -1, "%zu loaded", i);
		ck_assert_ptr_null(d);
		snprintf(want, sizeof want, "%s:%s", path, cases[i].why);
		if (strchr("0123456789", cases[i].why[0]) == NULL)
			snprintf(want, sizeof want, "%s", cases[i].why);
		ck_assert_msg(strstr(e.msg, want) != NULL, "%zu: '%s' lacks "
		    "'%s'", i, e.msg, want);
	}
	ck_assert_int_eq(fix_dict_load("/nonexistent/FIX44.xml", &d, &e), -1);
	ck_assert_str_eq(e.msg, "/nonexistent/FIX44.xml: cannot open: "
	    "No such file or directory");
	fix_dict_free(NULL);
}
END_TEST

/* A field a component requires is required where the component is. */
START_TEST(test_dict_required)
{
	static const char *const texts[] = {
		MINI("", "  <component name='C'>"
		    "<field name='TestReqID' required='Y'/></component>\n",
		    "   <component name='C' required='N'/>\n"),
		MINI("", "  <component name='C'>"
		    "<field name='TestReqID' required='Y'/></component>\n",
		    "   <component name='C' required='Y'/>\n"),
		MINI("", "  <component name='C'>"
		    "<field name='TestReqID' required='N'/></component>\n",
		    "   <component name='C' required='Y'/>\n"),
	};
	static const bool want[] = { false, true, false };

	for (size_t i = 0; i < 3; i++) {
		char	path[] = "/tmp/check-fix.XXXXXX";
		struct fix_dict *d;
		struct err e = { "" };
		const struct fix_mdef *m;

		testlib_temp_file(path, texts[i], strlen(texts[i]));
		ck_assert_msg(fix_dict_load(path, &d, &e) == 0, "%s", e.msg);
		unlink(path);
		m = fix_dict_msg(d, "0", 1);
		ck_assert_ptr_nonnull(m);
		ck_assert_uint_eq(m->body->n, 1);
		ck_assert_int_eq(m->body->e[0].tag, 112);
		ck_assert_msg(m->body->e[0].required == want[i], "%zu", i);
		ck_assert(d->header->e[2].required);
		fix_dict_free(d);
	}
}
END_TEST

/* Random damage to good messages: parse, validate and frame never crash
 * or read past the bytes given (the sanitizer build watches). */
START_TEST(test_fuzz)
{
	static const char *const all[] = { logon, nos, er, md, nosp };
	struct fix_msg *m = malloc(sizeof *m);
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		char	good[4096], *buf;
		size_t	len = soh(good, all[round % 5]), n;
		struct fix_reject why;

		seed = seed * 1103515245 + 12345;
		for (int k = 0; k <= (int)(seed >> 16) % 4; k++) {
			size_t	at;

			seed = seed * 1103515245 + 12345;
			at = (seed >> 8) % len;
			switch ((seed >> 20) % 4) {
			case 0:
				good[at] = (char)(seed >> 24);
				break;
			case 1:
				if (len == 1)
					break;
				memmove(good + at, good + at + 1, len - at - 1);
				len--;
				break;
			case 2:
				memmove(good + at + 1, good + at, len - at);
				good[at] = "=\0019|8"[(seed >> 24) % 5];
				len++;
				break;
			case 3:
				len = at + 1;
				break;
			}
		}
		/* A copy of exactly LEN bytes, so overreads are caught. */
		buf = malloc(len);
		memcpy(buf, good, len);
		(void)fix_frame(buf, len, &n);
		if (fix_parse(buf, len, m, NULL) == 0)
			(void)fix_validate(dict, m, &why);
		free(buf);
	}
	free(m);
}
END_TEST

/* Random damage to a small dictionary: the reader refuses or loads it,
 * never crashes, and frees what it built either way. */
START_TEST(test_fuzz_dict)
{
	static const char good[] = MINI(
	    "  <field number='627' name='NoHops' type='NUMINGROUP'/>\n",
	    "  <component name='C'>"
	    "<group name='NoHops' required='Y'>"
	    "<field name='TestReqID' required='N'/></group></component>\n",
	    "   <component name='C' required='Y'/>\n");
	char	text[sizeof good + 16];
	unsigned seed = 777;
	int	loaded = 0;

	for (int round = 0; round < 2000; round++) {
		char	path[] = "/tmp/check-fix.XXXXXX";
		size_t	len = sizeof good - 1;
		struct fix_dict *d = NULL;
		struct err e = { "" };

		memcpy(text, good, sizeof good);
		seed = seed * 1103515245 + 12345;
		for (int k = 0; k <= (int)(seed >> 16) % 3; k++) {
			size_t	at;

			seed = seed * 1103515245 + 12345;
			at = (seed >> 8) % len;
			if ((seed >> 20) % 2 == 0)
				text[at] = "<>/'\"= !-?&x\n"[(seed >> 24) % 13];
			else {
				memmove(text + at, text + at + 1, len - at);
				len--;
			}
		}
		testlib_temp_file(path, text, len);
		if (fix_dict_load(path, &d, &e) == 0) {
			loaded++;
			fix_dict_free(d);
		} else
			ck_assert_msg(strncmp(e.msg, path, strlen(path)) == 0,
			    "%s", e.msg);
		unlink(path);
	}
	/* Some damage is harmless (inside a comment, say). */
	ck_assert_int_gt(loaded, 0);
	ck_assert_int_lt(loaded, 2000);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("fix");
	TCase	*t = tcase_create("fix");
	struct err e = { "" };
	int	rc;

	if (fix_dict_load(DICT_PATH, &dict, &e) == -1) {
		fprintf(stderr, "%s\n", e.msg);
		return EXIT_FAILURE;
	}
	tcase_add_test(t, test_checksum);
	tcase_add_test(t, test_parse_hand_checked);
	tcase_add_test(t, test_parse_value_lengths);
	tcase_add_test(t, test_parse_garbled);
	tcase_add_test(t, test_parse_limits);
	tcase_add_test(t, test_frame);
	tcase_add_test(t, test_build_order);
	tcase_add_test(t, test_build_values);
	tcase_add_test(t, test_build_refuses);
	tcase_add_test(t, test_round_trip);
	tcase_add_test(t, test_dict_lookups);
	tcase_add_test(t, test_dict_tables);
	tcase_add_test(t, test_dict_components);
	tcase_add_test(t, test_reject_reasons);
	tcase_add_test(t, test_dict_malformed);
	tcase_add_test(t, test_dict_required);
	tcase_add_test(t, test_fuzz);
	tcase_add_test(t, test_fuzz_dict);
	suite_add_tcase(s, t);
	rc = testlib_run(srunner_create(s));
	fix_dict_free(dict);
	return rc;
}
