/* src/fix/session.c: the FIX session layer, as QuickFIX 1.15's Session
 * and SessionState do it, without their threads, sockets and stores.
 *
 * Each message read is framed (fix_frame()), split (fix_parse()) and
 * checked against the dictionary (fix_validate()); a garbled one is
 * dropped and counts for nothing.  Then, as QuickFIX's Session::verify():
 * the logon state, SendingTime within 120 s, the CompIDs, and the
 * MsgSeqNum against the next one expected.  A number too high queues the
 * message and asks for the gap once; the queue is worked through as the
 * gap fills.  A number too low ends the session unless PossDupFlag says
 * it is a resend, which is then ignored.
 *
 * Messages go out with the codec's builder, so the fields are in the
 * order QuickFIX sends them: 8, 9, 35, the header by tag, the body by
 * tag, 10.  Application messages are numbered and handed to the store
 * hook before they are sent; a ResendRequest is answered from the store,
 * each message again with PossDupFlag=Y and its first SendingTime as
 * OrigSendingTime, and every number the store has no message for (an
 * admin message) covered by a SequenceReset-GapFill. */
#include "config.h"
#include "fixsession.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fix.h"
#include "session-int.h"

/*
 * What QuickFIX 1.15 writes where FIX leaves the words to the engine:
 * the Text (58) of its Rejects and Logouts, the TestReqID of its own
 * TestRequest, and its log lines, from its Session.cpp and the
 * SessionRejectReason texts of its Values.h.  Kept here, in one place,
 * so that they stay the same as the peer's tools expect.
 */
#define TXT_TEST_REQ_ID		"TEST"
#define TXT_TOO_LOW		"MsgSeqNum too low, expecting %lld but " \
				"received %lld"
#define TXT_TOO_HIGH		"MsgSeqNum too high, expecting %lld but " \
				"received %lld"
#define TXT_NEXT_TOO_HIGH	"NextExpectedMsgSeqNum too high, " \
				"expecting %lld but received %lld"
#define TXT_NEXT_TOO_LOW	"Sending retransmits due to received " \
				"NextExpectedMsgSeqNum is too low. " \
				"FROM: %lld TO: %lld"
#define TXT_BAD_BEGIN		"Incorrect BeginString"
#define TXT_BAD_STATE		"Logon state is not valid for message"
#define TXT_ALREADY_ASKED	"Already sent ResendRequest FROM: %lld " \
				"TO: %lld.  Not sending another."
#define TXT_SATISFIED		"ResendRequest for messages FROM: %lld " \
				"TO: %lld has been satisfied."
#define TXT_SENT_RESEND		"Sent ResendRequest FROM: %lld TO: %lld"
#define TXT_GOT_RESEND		"Received ResendRequest FROM: %lld TO: %lld"
#define TXT_SENT_SEQRESET	"Sent SequenceReset TO: %lld"
#define TXT_GOT_SEQRESET	"Received SequenceReset FROM: %lld TO: %lld"
#define TXT_RESENDING		"Resending Message: %lld"
#define TXT_QUEUED		"Processing QUEUED message: %lld"
#define TXT_RESET_FLAG		"Logon contains ResetSeqNumFlag=Y, " \
				"reseting sequence numbers to 1"
#define TXT_EARLY_RESPONSE	"Received logon response before sending " \
				"request"
#define TXT_INITIATED_LOGON	"Initiated logon request"
#define TXT_GOT_LOGON		"Received logon request"
#define TXT_ANSWERED_LOGON	"Responding to logon request"
#define TXT_GOT_LOGON_REPLY	"Received logon response"
#define TXT_INITIATED_LOGOUT	"Initiated logout request"
#define TXT_GOT_LOGOUT		"Received logout request"
#define TXT_ANSWERED_LOGOUT	"Sending logout response"
#define TXT_GOT_LOGOUT_REPLY	"Received logout response"
#define TXT_LOGON_TIMEOUT	"Timed out waiting for logon response"
#define TXT_LOGOUT_TIMEOUT	"Timed out waiting for logout response"
#define TXT_HB_TIMEOUT		"Timed out waiting for heartbeat"
#define TXT_SENT_TEST		"Sent test request TEST"
#define TXT_DISCONNECTING	"Disconnecting"

/* Text (58) of a Reject by SessionRejectReason (373); NULL sends none. */
static const char *const reject_text[] = {
	[0] = "Invalid tag number",
	[1] = "Required tag missing",
	[2] = "Tag not defined for this message type",
	[3] = "Undefined Tag",
	[4] = "Tag specified without a value",
	[5] = "Value is incorrect (out of range) for this tag",
	[6] = "Incorrect data format for value",
	[7] = "Decryption problem",
	[8] = "Signature problem",
	[9] = "CompID problem",
	[10] = "SendingTime accuracy problem",
	[11] = "Invalid MsgType",
	[13] = "Tag appears more than once",
	[14] = "Tag specified out of required order",
	[16] = "Incorrect NumInGroup count for repeating group",
};
#define NREJECT_TEXT	(sizeof reject_text / sizeof reject_text[0])

/* QuickFIX's defaults: MaxLatency, LogonTimeout, LogoutTimeout. */
#define MAX_LATENCY_MS		120000
#define LOGON_TIMEOUT_MS	10000
#define LOGOUT_TIMEOUT_MS	2000

/* SessionRejectReason values the session itself gives. */
#define REASON_VALUE		5
#define REASON_COMPID		9
#define REASON_TIME		10

struct fix_session {
	struct fix_session_config cfg;
	struct fix_session_hooks h;
	char	*begin, *sender, *target;

	bool	connected;
	bool	sent_logon, received_logon, sent_logout;
	bool	sent_reset, received_reset;
	int64_t	next_out, next_in;
	int	hb;			/* HeartBtInt in use, s */
	int	test_requests;		/* sent since the last message in */
	int64_t	last_sent, last_recv;	/* ms */
	int64_t	resend_begin, resend_end;	/* asked for; 0, 0: none */

	struct fix_session_queue q;
	bool	draining;

	char	*in;			/* bytes read, not yet a message */
	size_t	inlen, incap;

	struct fix_builder *ab;		/* admin messages */
	struct fix_builder *pb;		/* the application message begun */
	struct fix_msg *rm;		/* a stored message being resent */
	char	aout[FIX_MSG_MAX];
	char	pout[FIX_MSG_MAX];
	char	rin[FIX_MSG_MAX];
	char	rout[2 * FIX_MSG_MAX];
};

static void	process(struct fix_session *, const char *, size_t, bool);

/* ---- small things ---- */

static void
ev(struct fix_session *s, enum fix_session_event kind, const char *fmt, ...)
{
	char	line[512];
	va_list	ap;

	if (s->h.event == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	s->h.event(s->h.ctx, kind, line);
}

static int64_t
now(struct fix_session *s)
{
	return s->h.now_ms(s->h.ctx);
}

static void
set_seqs(struct fix_session *s, int64_t out, int64_t in)
{
	if (out == s->next_out && in == s->next_in)
		return;
	s->next_out = out;
	s->next_in = in;
	s->h.persist_seqs(s->h.ctx, out, in);
}

static void
incr_in(struct fix_session *s)
{
	set_seqs(s, s->next_out, s->next_in + 1);
}

static bool
logged_on(const struct fix_session *s)
{
	return s->connected && s->sent_logon && s->received_logon;
}

/* ---- sending ---- */

static void
disconnect(struct fix_session *s, bool hang_up)
{
	if (s->connected && hang_up) {
		ev(s, FIX_SESSION_EV_DISCONNECT, TXT_DISCONNECTING);
		s->connected = false;
		if (s->h.disconnect != NULL)
			s->h.disconnect(s->h.ctx);
	}
	s->connected = false;
	s->received_logon = s->sent_logon = s->sent_logout = false;
	s->received_reset = s->sent_reset = false;
	s->test_requests = 0;
	s->resend_begin = s->resend_end = 0;
	fix_session_queue_clear_below(&s->q, INT64_MAX);
	s->inlen = 0;
}

/* Add the session's header to the admin message begun in S->ab, numbered
 * SEQ (0: the next, which then counts) and stamped STAMP, and send it
 * when the state allows, as QuickFIX's Session::sendRaw(). */
static void
send_admin(struct fix_session *s, int64_t seq, int64_t stamp)
{
	struct fix_builder *b = s->ab;
	struct err err;
	long	n;
	char	t[24];
	bool	numbered = seq == 0;

	fix_session_format_time(t, stamp);
	fix_build_int(b, 34, numbered ? s->next_out : seq);
	fix_build_str(b, 49, s->sender);
	fix_build_str(b, 52, t);
	fix_build_str(b, 56, s->target);
	if ((n = fix_build_end(b, &err)) < 0) {
		ev(s, FIX_SESSION_EV_INFO, "%s", err.msg);
		return;
	}
	s->last_sent = now(s);
	if (numbered)
		set_seqs(s, s->next_out + 1, s->next_in);
	if (strchr("A524", b->msgtype[0]) != NULL || logged_on(s))
		s->h.send(s->h.ctx, s->aout, (size_t)n);
}

static void
begin_admin(struct fix_session *s, const char *type)
{
	fix_build_begin(s->ab, s->begin, type);
}

static void
send_logout(struct fix_session *s, const char *text)
{
	begin_admin(s, "5");
	if (text != NULL && text[0] != '\0')
		fix_build_str(s->ab, 58, text);
	send_admin(s, 0, now(s));
	s->sent_logout = true;
}

static void
send_heartbeat(struct fix_session *s, const struct fix_field *test_req_id)
{
	begin_admin(s, "0");
	if (test_req_id != NULL)
		fix_build_data(s->ab, 112, test_req_id->val,
		    test_req_id->len);
	send_admin(s, 0, now(s));
}

/* A Logon: ours as initiator, or the answer to the peer's THEIRS. */
static void
send_logon(struct fix_session *s, const struct fix_msg *theirs)
{
	begin_admin(s, "A");
	fix_build_int(s->ab, 98, 0);
	if (theirs == NULL) {
		fix_build_int(s->ab, 108, s->hb);
		if (s->cfg.reset_on_logon && s->next_out == 1 &&
		    s->next_in == 1) {
			fix_build_char(s->ab, 141, 'Y');
			s->sent_reset = true;
		}
	} else {
		fix_build_int(s->ab, 108, s->hb);
		if (s->received_reset)
			fix_build_char(s->ab, 141, 'Y');
	}
	send_admin(s, 0, now(s));
	s->sent_logon = true;
}

static void
send_resend_request(struct fix_session *s, int64_t seq)
{
	begin_admin(s, "2");
	fix_build_int(s->ab, 7, s->next_in);
	fix_build_int(s->ab, 16, 0);
	send_admin(s, 0, now(s));
	ev(s, FIX_SESSION_EV_RESEND, TXT_SENT_RESEND, (long long)s->next_in,
	    0LL);
	s->resend_begin = s->next_in;
	s->resend_end = seq - 1;
}

/* A Reject of M, as QuickFIX's Session::generateReject(). */
static void
send_reject(struct fix_session *s, const struct fix_msg *m, int reason,
    int ref_tag)
{
	const char *text = reason >= 0 && (size_t)reason < NREJECT_TEXT ?
	    reject_text[reason] : NULL;
	int64_t	seq = fix_session_field_int(m, 34, 0);
	char	type[8];

	fix_session_msg_type(m, type);
	begin_admin(s, "3");
	if (seq > 0)
		fix_build_int(s->ab, 45, seq);
	if (type[0] != '\0')
		fix_build_str(s->ab, 372, type);
	fix_build_int(s->ab, 373, reason);
	if (strcmp(type, "A") != 0 && strcmp(type, "4") != 0 &&
	    seq == s->next_in)
		incr_in(s);
	if (text != NULL && (ref_tag != 0 || reason == 0)) {
		fix_build_int(s->ab, 371, ref_tag);
		fix_build_str(s->ab, 58, text);
		ev(s, FIX_SESSION_EV_REJECT, "Message %lld Rejected: %s:%d",
		    (long long)seq, text, ref_tag);
	} else if (text != NULL) {
		fix_build_str(s->ab, 58, text);
		ev(s, FIX_SESSION_EV_REJECT, "Message %lld Rejected: %s",
		    (long long)seq, text);
	} else
		ev(s, FIX_SESSION_EV_REJECT, "Message %lld Rejected",
		    (long long)seq);
	/* QuickFIX refuses to send a Reject before the Logon. */
	if (s->received_logon)
		send_admin(s, 0, now(s));
}

/* SequenceReset-GapFill numbered SEQ, to go on at NEW_SEQ. */
static void
send_gap_fill(struct fix_session *s, int64_t seq, int64_t new_seq)
{
	int64_t	t = now(s);
	char	stamp[24];

	fix_session_format_time(stamp, t);
	begin_admin(s, "4");
	fix_build_char(s->ab, 43, 'Y');
	fix_build_str(s->ab, 122, stamp);
	fix_build_int(s->ab, 36, new_seq);
	fix_build_char(s->ab, 123, 'Y');
	send_admin(s, seq, t);
	ev(s, FIX_SESSION_EV_RESEND, TXT_SENT_SEQRESET, (long long)new_seq);
}

/* Send stored message M again (fix_session_resend_copy()).  Returns
 * false when it will not go. */
static bool
resend_stored(struct fix_session *s, const struct fix_msg *m)
{
	char	stamp[24];
	size_t	n;

	fix_session_format_time(stamp, now(s));
	n = fix_session_resend_copy(m, stamp, s->rout, sizeof s->rout);
	if (n == 0)
		return false;
	s->last_sent = now(s);
	s->h.send(s->h.ctx, s->rout, n);
	return true;
}

/* Answer a ResendRequest for BEGIN to END, as QuickFIX's
 * Session::generateRetransmits() with every message persisted. */
static void
retransmit(struct fix_session *s, int64_t begin, int64_t end)
{
	int64_t	gap = 0;
	struct err err;

	for (int64_t seq = begin; seq <= end && s->connected; seq++) {
		size_t	len = 0;
		char	type[8] = "";
		bool	app = false;

		if (s->h.load(s->h.ctx, seq, s->rin, sizeof s->rin,
		    &len) == 1 && len <= sizeof s->rin &&
		    fix_parse(s->rin, len, s->rm, &err) == 0 &&
		    fix_session_field_int(s->rm, 34, 0) == seq) {
			fix_session_msg_type(s->rm, type);
			app = !fix_session_admin_type(type);
		}
		if (!app) {
			if (gap == 0)
				gap = seq;
			continue;
		}
		if (gap != 0)
			send_gap_fill(s, gap, seq);
		gap = 0;
		if (resend_stored(s, s->rm))
			ev(s, FIX_SESSION_EV_RESEND, TXT_RESENDING,
			    (long long)seq);
		else
			gap = seq;
	}
	if (gap != 0 && s->connected)
		send_gap_fill(s, gap, end + 1);
}

/* ---- checking what comes in ---- */

/* Whether a message of TYPE may come now (QuickFIX's validLogonState). */
static bool
valid_logon_state(const struct fix_session *s, const char *type)
{
	bool	logon = strcmp(type, "A") == 0;

	if ((logon && s->sent_reset) || s->received_reset)
		return true;
	if ((logon && !s->received_logon) || (!logon && s->received_logon))
		return true;
	if (strcmp(type, "5") == 0 && s->sent_logon)
		return true;
	if (strcmp(type, "5") != 0 && s->sent_logout)
		return true;
	return strcmp(type, "4") == 0 || strcmp(type, "3") == 0;
}

/* A Reject of M with REASON, then a Logout (QuickFIX's doBadTime and
 * doBadCompID). */
static void
reject_and_logout(struct fix_session *s, const struct fix_msg *m,
    int reason)
{
	send_reject(s, m, reason, 0);
	send_logout(s, "");
}

static void
target_too_high(struct fix_session *s, const struct fix_msg *m)
{
	int64_t	seq = fix_session_field_int(m, 34, 0);
	char	type[8];

	ev(s, FIX_SESSION_EV_GAP, TXT_TOO_HIGH, (long long)s->next_in,
	    (long long)seq);
	fix_session_msg_type(m, type);
	fix_session_queue_put(&s->q, seq, type, m->buf, m->len);
	if ((s->resend_begin != 0 || s->resend_end != 0) &&
	    seq >= s->resend_begin) {
		ev(s, FIX_SESSION_EV_GAP, TXT_ALREADY_ASKED,
		    (long long)s->resend_begin, (long long)s->resend_end);
		return;
	}
	send_resend_request(s, seq);
}

static void
target_too_low(struct fix_session *s, const struct fix_msg *m)
{
	int64_t	seq = fix_session_field_int(m, 34, 0);
	const struct fix_field *orig, *st;
	char	type[8], text[128];

	if (!fix_session_field_yes(m, 43)) {
		snprintf(text, sizeof text, TXT_TOO_LOW,
		    (long long)s->next_in, (long long)seq);
		send_logout(s, text);
		ev(s, FIX_SESSION_EV_GAP, "%s", text);
		disconnect(s, true);
		return;
	}
	/* A resend of one already seen: checked, then ignored. */
	fix_session_msg_type(m, type);
	if (strcmp(type, "4") == 0)
		return;
	if ((orig = fix_session_field(m, 122)) == NULL) {
		send_reject(s, m, FIX_R_REQUIRED_MISSING, 122);
		return;
	}
	st = fix_session_field(m, 52);
	if (st != NULL &&
	    fix_session_parse_time(orig) > fix_session_parse_time(st))
		reject_and_logout(s, m, REASON_TIME);
}

/* QuickFIX's Session::verify(): whether M may go on. */
static bool
verify(struct fix_session *s, const struct fix_msg *m, bool check_high,
    bool check_low)
{
	const struct fix_field *snd = fix_session_field(m, 49);
	const struct fix_field *tgt = fix_session_field(m, 56);
	const struct fix_field *st = fix_session_field(m, 52);
	int64_t	seq = fix_session_field_int(m, 34, 0), t;
	char	type[8];

	fix_session_msg_type(m, type);
	if (!valid_logon_state(s, type)) {
		ev(s, FIX_SESSION_EV_DROP, TXT_BAD_STATE);
		disconnect(s, true);
		return false;
	}
	/* In whole seconds, as QuickFIX compares them: a counterparty's
	 * scripts tuned to it see the same answers. */
	t = st != NULL ? fix_session_parse_time(st) : -1;
	if (t < 0 || llabs(now(s) / 1000 - t / 1000) > MAX_LATENCY_MS / 1000) {
		reject_and_logout(s, m, REASON_TIME);
		return false;
	}
	if (snd == NULL || tgt == NULL || !fix_field_is(snd, s->target) ||
	    !fix_field_is(tgt, s->sender)) {
		reject_and_logout(s, m, REASON_COMPID);
		return false;
	}
	if (check_high && seq > s->next_in) {
		target_too_high(s, m);
		return false;
	}
	if (check_low && seq < s->next_in) {
		target_too_low(s, m);
		return false;
	}
	if ((check_high || check_low) &&
	    (s->resend_begin != 0 || s->resend_end != 0) &&
	    seq >= s->resend_end) {
		ev(s, FIX_SESSION_EV_RESEND, TXT_SATISFIED,
		    (long long)s->resend_begin, (long long)s->resend_end);
		s->resend_begin = s->resend_end = 0;
	}
	s->last_recv = now(s);
	s->test_requests = 0;
	return true;
}

/* Work through the queue while it holds the next message expected. */
static void
next_queued(struct fix_session *s)
{
	struct fix_session_queued e;

	if (s->draining)
		return;
	s->draining = true;
	while (s->connected && fix_session_queue_take(&s->q, s->next_in, &e)) {
		ev(s, FIX_SESSION_EV_GAP, TXT_QUEUED, (long long)e.seq);
		if (strcmp(e.type, "A") == 0 || strcmp(e.type, "2") == 0)
			incr_in(s);
		else
			process(s, e.buf, e.len, true);
		free(e.buf);
	}
	s->draining = false;
}

/* ---- the messages that come in ---- */

static void
next_logon(struct fix_session *s, const struct fix_msg *m)
{
	bool	reset = fix_session_field_yes(m, 141);
	int64_t	seq, next, out_before;

	s->received_reset = reset;
	if (reset) {
		ev(s, FIX_SESSION_EV_INFO, TXT_RESET_FLAG);
		if (!s->sent_reset)
			set_seqs(s, 1, 1);
	}
	if (s->cfg.initiator && !s->sent_logon && !reset) {
		ev(s, FIX_SESSION_EV_DROP, TXT_EARLY_RESPONSE);
		disconnect(s, true);
		return;
	}
	if (!s->cfg.initiator && s->cfg.reset_on_logon)
		set_seqs(s, 1, 1);
	if (!verify(s, m, false, true))
		return;
	out_before = s->next_out;
	s->received_logon = true;
	/* NextExpectedMsgSeqNum (789): what the peer has of ours. */
	if ((next = fix_session_field_int(m, 789, 0)) > s->next_out) {
		char	text[128];

		snprintf(text, sizeof text, TXT_NEXT_TOO_HIGH,
		    (long long)s->next_out, (long long)next);
		ev(s, FIX_SESSION_EV_GAP, "%s", text);
		send_logout(s, text);
		disconnect(s, true);
		return;
	}
	if (!s->cfg.initiator || (s->received_reset && !s->sent_reset)) {
		s->hb = (int)fix_session_field_int(m, 108, s->hb);
		ev(s, FIX_SESSION_EV_INFO, TXT_GOT_LOGON);
		send_logon(s, m);
		ev(s, FIX_SESSION_EV_LOGON, TXT_ANSWERED_LOGON);
	} else
		ev(s, FIX_SESSION_EV_LOGON, TXT_GOT_LOGON_REPLY);
	s->sent_reset = s->received_reset = false;
	seq = fix_session_field_int(m, 34, 0);
	if (seq > s->next_in && !reset)
		target_too_high(s, m);
	else {
		incr_in(s);
		next_queued(s);
	}
	/* Ours from there on, this Logon's answer among them. */
	if (next > 0 && next < out_before && s->connected) {
		ev(s, FIX_SESSION_EV_RESEND, TXT_NEXT_TOO_LOW, (long long)next,
		    (long long)(s->next_out - 1));
		retransmit(s, next, s->next_out - 1);
	}
}

static void
next_logout(struct fix_session *s, const struct fix_msg *m)
{
	if (!verify(s, m, false, false))
		return;
	if (!s->sent_logout) {
		ev(s, FIX_SESSION_EV_LOGOUT, TXT_GOT_LOGOUT);
		send_logout(s, "");
		ev(s, FIX_SESSION_EV_LOGOUT, TXT_ANSWERED_LOGOUT);
	} else
		ev(s, FIX_SESSION_EV_LOGOUT, TXT_GOT_LOGOUT_REPLY);
	incr_in(s);
	disconnect(s, true);
}

static void
next_sequence_reset(struct fix_session *s, const struct fix_msg *m)
{
	bool	gap_fill = fix_session_field_yes(m, 123);
	int64_t	new_seq;

	if (!verify(s, m, gap_fill, gap_fill))
		return;
	if ((new_seq = fix_session_field_int(m, 36, 0)) <= 0)
		return;
	ev(s, FIX_SESSION_EV_GAP, TXT_GOT_SEQRESET, (long long)s->next_in,
	    (long long)new_seq);
	if (new_seq > s->next_in) {
		set_seqs(s, s->next_out, new_seq);
		if (gap_fill) {
			fix_session_queue_clear_below(&s->q, new_seq);
			next_queued(s);
		}
	} else if (new_seq < s->next_in)
		send_reject(s, m, REASON_VALUE, 0);
}

static void
next_resend_request(struct fix_session *s, const struct fix_msg *m)
{
	int64_t	begin, end, seq = fix_session_field_int(m, 34, 0);

	if (!verify(s, m, false, false))
		return;
	begin = fix_session_field_int(m, 7, 0);
	end = fix_session_field_int(m, 16, 0);
	ev(s, FIX_SESSION_EV_RESEND, TXT_GOT_RESEND, (long long)begin,
	    (long long)end);
	if (end == 0 || end >= s->next_out)
		end = s->next_out - 1;
	retransmit(s, begin, end);
	if (seq == s->next_in)
		incr_in(s);
}

/* One whole message of LEN bytes at BUF; QUEUED when it comes from the
 * queue (which the caller works through), as QuickFIX's Session::next(). */
static void
process(struct fix_session *s, const char *buf, size_t len, bool queued)
{
	struct fix_msg *m = xmalloc(sizeof *m);
	struct fix_reject why;
	struct err err;
	char	type[8];

	if (fix_parse(buf, len, m, &err) == -1) {
		ev(s, FIX_SESSION_EV_DROP, "%s", err.msg);
		goto out;
	}
	fix_session_msg_type(m, type);
	if (!fix_field_is(&m->f[0], s->begin)) {
		if (strcmp(type, "5") == 0)
			next_logout(s, m);
		else {
			send_logout(s, TXT_BAD_BEGIN);
			incr_in(s);
		}
		goto tail;
	}
	if (fix_validate(s->cfg.dict, m, &why) == -1) {
		/* InvalidMessageType carries no field in QuickFIX. */
		send_reject(s, m, (int)why.reason,
		    why.reason == FIX_R_INVALID_MSGTYPE ? 0 : why.ref_tag);
		if (!s->received_logon && strcmp(type, "A") == 0)
			disconnect(s, true);
		goto tail;
	}
	if (strcmp(type, "A") == 0)
		next_logon(s, m);
	else if (strcmp(type, "0") == 0) {
		if (verify(s, m, true, true)) {
			incr_in(s);
			next_queued(s);
		}
	} else if (strcmp(type, "1") == 0) {
		if (verify(s, m, true, true)) {
			send_heartbeat(s, fix_session_field(m, 112));
			incr_in(s);
			next_queued(s);
		}
	} else if (strcmp(type, "4") == 0)
		next_sequence_reset(s, m);
	else if (strcmp(type, "5") == 0)
		next_logout(s, m);
	else if (strcmp(type, "2") == 0)
		next_resend_request(s, m);
	else if (strcmp(type, "3") == 0) {
		if (verify(s, m, false, true)) {
			if (s->h.deliver != NULL)
				s->h.deliver(s->h.ctx, m,
				    fix_session_field_yes(m, 43));
			incr_in(s);
			next_queued(s);
		}
	} else if (verify(s, m, true, true)) {
		if (s->h.deliver != NULL)
			s->h.deliver(s->h.ctx, m, fix_session_field_yes(m, 43));
		incr_in(s);
	}
tail:
	if (!queued)
		next_queued(s);
	if (logged_on(s))
		fix_session_tick(s);
out:
	free(m);
}

/* ---- the interface ---- */

struct fix_session *
fix_session_new(const struct fix_session_config *cfg,
    const struct fix_session_hooks *h, struct err *err)
{
	struct fix_session *s;

	if (cfg->begin == NULL || cfg->begin[0] == '\0' ||
	    cfg->sender == NULL || cfg->sender[0] == '\0' ||
	    cfg->target == NULL || cfg->target[0] == '\0')
		return err_set(err, "a FIX session needs a BeginString, a "
		    "SenderCompID and a TargetCompID"), NULL;
	if (cfg->dict == NULL)
		return err_set(err, "a FIX session needs a dictionary"), NULL;
	if (h->send == NULL || h->now_ms == NULL || h->persist_seqs == NULL ||
	    h->store == NULL || h->load == NULL)
		return err_set(err, "a FIX session needs its send, clock, "
		    "sequence and store hooks"), NULL;
	if (cfg->heartbeat < 0)
		return err_set(err, "HeartBtInt %d is negative",
		    cfg->heartbeat), NULL;
	s = xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	s->h = *h;
	s->begin = xstrdup(cfg->begin);
	s->sender = xstrdup(cfg->sender);
	s->target = xstrdup(cfg->target);
	s->cfg.begin = s->begin;
	s->cfg.sender = s->sender;
	s->cfg.target = s->target;
	s->next_out = s->next_in = 1;
	s->hb = cfg->heartbeat;
	s->ab = xmalloc(sizeof *s->ab);
	s->pb = xmalloc(sizeof *s->pb);
	s->rm = xmalloc(sizeof *s->rm);
	fix_build_init(s->ab, s->aout, sizeof s->aout);
	fix_build_init(s->pb, s->pout, sizeof s->pout);
	return s;
}

void
fix_session_free(struct fix_session *s)
{
	if (s == NULL)
		return;
	fix_session_queue_clear_below(&s->q, INT64_MAX);
	free(s->q.q);
	free(s->in);
	free(s->ab);
	free(s->pb);
	free(s->rm);
	free(s->begin);
	free(s->sender);
	free(s->target);
	free(s);
}

void
fix_session_restore(struct fix_session *s, int64_t next_out, int64_t next_in)
{
	s->next_out = next_out > 0 ? next_out : 1;
	s->next_in = next_in > 0 ? next_in : 1;
}

void
fix_session_reset(struct fix_session *s)
{
	set_seqs(s, 1, 1);
}

void
fix_session_connected(struct fix_session *s)
{
	disconnect(s, false);
	s->connected = true;
	s->hb = s->cfg.heartbeat;
	s->last_sent = s->last_recv = now(s);
	if (!s->cfg.initiator)
		return;
	if (s->cfg.reset_on_logon)
		set_seqs(s, 1, 1);
	send_logon(s, NULL);
	ev(s, FIX_SESSION_EV_INFO, TXT_INITIATED_LOGON);
}

void
fix_session_disconnected(struct fix_session *s)
{
	disconnect(s, false);
}

void
fix_session_input(struct fix_session *s, const char *buf, size_t len)
{
	size_t	off = 0, n;

	if (!s->connected)
		return;
	if (s->incap - s->inlen < len) {
		s->incap = s->inlen + len + 4096;
		s->in = xrealloc(s->in, s->incap);
	}
	memcpy(s->in + s->inlen, buf, len);
	s->inlen += len;
	while (s->connected && off < s->inlen) {
		enum fix_frame r = fix_frame(s->in + off, s->inlen - off, &n);

		if (r == FIX_FRAME_MORE)
			break;
		if (r == FIX_FRAME_GARBAGE)
			ev(s, FIX_SESSION_EV_DROP, "Dropped %zu bytes that "
			    "are no FIX message", n);
		else
			process(s, s->in + off, n, false);
		off += n;
	}
	if (!s->connected)
		s->inlen = 0;
	else {
		memmove(s->in, s->in + off, s->inlen - off);
		s->inlen -= off;
	}
}

void
fix_session_tick(struct fix_session *s)
{
	int64_t	t = now(s), hb = (int64_t)s->hb * 1000;

	if (!s->connected)
		return;
	if (!s->received_logon) {
		if (s->sent_logon && t - s->last_recv >= LOGON_TIMEOUT_MS) {
			ev(s, FIX_SESSION_EV_DISCONNECT, TXT_LOGON_TIMEOUT);
			disconnect(s, true);
		}
		return;
	}
	if (hb == 0)
		return;
	if (s->sent_logout && t - s->last_sent >= LOGOUT_TIMEOUT_MS) {
		ev(s, FIX_SESSION_EV_DISCONNECT, TXT_LOGOUT_TIMEOUT);
		disconnect(s, true);
		return;
	}
	if (t - s->last_sent < hb && t - s->last_recv < hb)
		return;
	/* QuickFIX: 2.4 intervals of silence end the session; a
	 * TestRequest goes out after 1.2 more for each one sent. */
	if ((t - s->last_recv) * 10 >= 24 * hb) {
		ev(s, FIX_SESSION_EV_DISCONNECT, TXT_HB_TIMEOUT);
		disconnect(s, true);
	} else if ((t - s->last_recv) * 10 >= 12 * (s->test_requests + 1) *
	    hb) {
		begin_admin(s, "1");
		fix_build_str(s->ab, 112, TXT_TEST_REQ_ID);
		send_admin(s, 0, t);
		s->test_requests++;
		ev(s, FIX_SESSION_EV_INFO, TXT_SENT_TEST);
	} else if (t - s->last_sent >= hb && s->test_requests == 0)
		send_heartbeat(s, NULL);
}

void
fix_session_logout(struct fix_session *s, const char *text)
{
	if (logged_on(s) && !s->sent_logout) {
		ev(s, FIX_SESSION_EV_LOGOUT, TXT_INITIATED_LOGOUT);
		send_logout(s, text);
	} else if (s->connected && !s->sent_logout)
		disconnect(s, true);
}

struct fix_builder *
fix_session_app_begin(struct fix_session *s, const char *msgtype)
{
	fix_build_begin(s->pb, s->begin, msgtype);
	return s->pb;
}

int64_t
fix_session_app_send(struct fix_session *s, struct err *err)
{
	struct fix_builder *b = s->pb;
	int64_t	seq = s->next_out, t = now(s);
	char	stamp[24];
	long	n;

	if (fix_session_admin_type(b->msgtype))
		return err_set(err, "MsgType %s is a session message",
		    b->msgtype);
	/* QuickFIX does not number a message the next Logon would drop. */
	if (!logged_on(s) && s->cfg.reset_on_logon)
		return err_set(err, "%s: not logged on, and the next logon "
		    "resets the sequence numbers", s->target);
	fix_session_format_time(stamp, t);
	fix_build_int(b, 34, seq);
	fix_build_str(b, 49, s->sender);
	fix_build_str(b, 52, stamp);
	fix_build_str(b, 56, s->target);
	if ((n = fix_build_end(b, err)) < 0)
		return -1;
	if (s->h.store(s->h.ctx, seq, s->pout, (size_t)n, err) == -1)
		return -1;
	set_seqs(s, seq + 1, s->next_in);
	if (logged_on(s)) {
		s->last_sent = t;
		s->h.send(s->h.ctx, s->pout, (size_t)n);
	}
	return seq;
}

enum fix_session_state
fix_session_state(const struct fix_session *s)
{
	if (!s->connected)
		return FIX_SESSION_DISCONNECTED;
	if (s->sent_logout)
		return FIX_SESSION_LOGOUT_SENT;
	if (s->sent_logon && s->received_logon)
		return FIX_SESSION_LOGGED_ON;
	if (s->sent_logon)
		return FIX_SESSION_LOGON_SENT;
	return FIX_SESSION_CONNECTED;
}

int64_t
fix_session_next_out(const struct fix_session *s)
{
	return s->next_out;
}

int64_t
fix_session_next_in(const struct fix_session *s)
{
	return s->next_in;
}

int
fix_session_heartbeat(const struct fix_session *s)
{
	return s->hb;
}
