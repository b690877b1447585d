/* src/fix/session-int.h: what the FIX session layer's files share: the
 * fields of a message it reads, UTCTimestamps, the queue of messages
 * that came ahead of their turn, and a stored message made a resend. */
#ifndef BLOTTER_SESSION_INT_H
#define BLOTTER_SESSION_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fix.h"

/* A message that came ahead of its turn, kept until the gap fills. */
struct fix_session_queued {
	int64_t	seq;
	char	type[8];
	char	*buf;			/* owned */
	size_t	len;
};

struct fix_session_queue {
	struct fix_session_queued *q;
	size_t	n, cap;
};

/* Field TAG of M, or NULL (borrowed). */
const struct fix_field *fix_session_field(const struct fix_msg *m, int tag);
/* Field TAG of M as a number, or DFLT when absent or not a number. */
int64_t	fix_session_field_int(const struct fix_msg *m, int tag,
	    int64_t dflt);
/* Whether field TAG of M is "Y". */
bool	fix_session_field_yes(const struct fix_msg *m, int tag);
/* MsgType of M into OUT (8 bytes), "" when it does not fit. */
void	fix_session_msg_type(const struct fix_msg *m, char *out);
/* Whether MsgType T is one of the session's own (0-5, A). */
bool	fix_session_admin_type(const char *t);

/* A UTCTimestamp "YYYYMMDD-HH:MM:SS[.sss...]" as ms since 1970, or -1. */
int64_t	fix_session_parse_time(const struct fix_field *f);
/* MS as "YYYYMMDD-HH:MM:SS.sss" into OUT (at least 22 bytes). */
void	fix_session_format_time(char *out, int64_t ms);

/* Keep a copy of the LEN bytes at BUF, message SEQ of TYPE; one kept
 * before as SEQ is replaced. */
void	fix_session_queue_put(struct fix_session_queue *, int64_t seq,
	    const char *type, const char *buf, size_t len);
/* Take message SEQ into *OUT (the caller frees its buf). */
bool	fix_session_queue_take(struct fix_session_queue *, int64_t seq,
	    struct fix_session_queued *out);
/* Forget the messages numbered below SEQ (all for INT64_MAX). */
void	fix_session_queue_clear_below(struct fix_session_queue *,
	    int64_t seq);

/* Stored message M again for a resend, into the CAP bytes at OUT:
 * PossDupFlag=Y, its SendingTime as OrigSendingTime, SendingTime STAMP;
 * the header by tag as the builder writes it, the body as it was.
 * Returns its length, or 0 when M has no SendingTime or would not fit. */
size_t	fix_session_resend_copy(const struct fix_msg *m, const char *stamp,
	    char *out, size_t cap);

#endif
