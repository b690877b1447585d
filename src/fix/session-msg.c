/* src/fix/session-msg.c: what the FIX session layer does that needs no
 * session: reading a message's fields, UTCTimestamps to and from ms, the
 * queue of messages that came ahead of their turn, and a stored message
 * rewritten as a resend. */
#include "config.h"
#include "session-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "err.h"
#include "fix-int.h"

const struct fix_field *
fix_session_field(const struct fix_msg *m, int tag)
{
	int	i = fix_msg_find(m, tag, 0);

	return i < 0 ? NULL : &m->f[i];
}

int64_t
fix_session_field_int(const struct fix_msg *m, int tag, int64_t dflt)
{
	const struct fix_field *f = fix_session_field(m, tag);
	int64_t	v;

	return f != NULL && fix_field_int(f, &v) == 0 ? v : dflt;
}

bool
fix_session_field_yes(const struct fix_msg *m, int tag)
{
	const struct fix_field *f = fix_session_field(m, tag);

	return f != NULL && fix_field_is(f, "Y");
}

void
fix_session_msg_type(const struct fix_msg *m, char *out)
{
	const struct fix_field *f = &m->f[2];

	out[0] = '\0';
	if (f->len < 8) {
		memcpy(out, f->val, f->len);
		out[f->len] = '\0';
	}
}

bool
fix_session_admin_type(const char *t)
{
	return t[0] != '\0' && t[1] == '\0' && strchr("012345A", t[0]);
}

int64_t
fix_session_parse_time(const struct fix_field *f)
{
	const char *p = f->val;
	int	v[6], i;
	int64_t	ms = 0;
	static const int at[] = { 0, 4, 6, 9, 12, 15 }, w[] = { 4, 2, 2, 2,
	    2, 2 };

	if (f->len < 17 || p[8] != '-' || p[11] != ':' || p[14] != ':')
		return -1;
	for (i = 0; i < 6; i++) {
		v[i] = 0;
		for (int j = 0; j < w[i]; j++) {
			char	c = p[at[i] + j];

			if (c < '0' || c > '9')
				return -1;
			v[i] = v[i] * 10 + (c - '0');
		}
	}
	if (f->len > 17) {
		if (p[17] != '.' || f->len < 19)
			return -1;
		/* Milliseconds: more digits are cut, fewer padded. */
		for (i = 0; i < 3; i++) {
			char	c = 18 + (size_t)i < f->len ? p[18 + i] : '0';

			if (c < '0' || c > '9')
				return -1;
			ms = ms * 10 + (c - '0');
		}
	}
	return ((calendar_days_from_civil(v[0], v[1], v[2]) * 24 + v[3]) * 60 +
	    v[4]) * 60000 + v[5] * 1000LL + ms;
}

void
fix_session_format_time(char *out, int64_t ms)
{
	if (!fix_time_fmt(out, ms))
		out[0] = '\0';
}

void
fix_session_queue_put(struct fix_session_queue *q, int64_t seq,
    const char *type, const char *buf, size_t len)
{
	struct fix_session_queued *e = NULL;

	for (size_t i = 0; i < q->n; i++)
		if (q->q[i].seq == seq) {
			e = &q->q[i];
			free(e->buf);
		}
	if (e == NULL) {
		if (q->n == q->cap) {
			q->cap = q->cap ? 2 * q->cap : 8;
			q->q = xrealloc(q->q, q->cap * sizeof *q->q);
		}
		e = &q->q[q->n++];
	}
	e->seq = seq;
	str_copy(e->type, sizeof e->type, type);
	e->buf = xmalloc(len);
	memcpy(e->buf, buf, len);
	e->len = len;
}

bool
fix_session_queue_take(struct fix_session_queue *q, int64_t seq,
    struct fix_session_queued *out)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->q[i].seq == seq) {
			*out = q->q[i];
			q->q[i] = q->q[--q->n];
			return true;
		}
	return false;
}

void
fix_session_queue_clear_below(struct fix_session_queue *q, int64_t seq)
{
	size_t	i = 0;

	while (i < q->n)
		if (q->q[i].seq < seq) {
			free(q->q[i].buf);
			q->q[i] = q->q[--q->n];
		} else
			i++;
}

/* Append "TAG=VALUE" and SOH at OUT + *POS. */
static void
put_field(char *out, size_t *pos, int tag, const char *val, size_t len)
{
	*pos += (size_t)sprintf(out + *pos, "%d=", tag);
	memcpy(out + *pos, val, len);
	*pos += len;
	out[(*pos)++] = FIX_SOH;
}

size_t
fix_session_resend_copy(const struct fix_msg *m, const char *stamp,
    char *out, size_t cap)
{
	struct fix_field hdr[FIX_FIELDS_MAX];
	const struct fix_field *st = fix_session_field(m, 52);
	size_t	nh = 0, pos, body, len;
	char	head[64];
	int	hn;

	/* Room for the fields added and "8=...|9=nnnnn|" ahead of them. */
	if (st == NULL || st->len > 64 || m->len + 2 * 64 + 64 > cap)
		return 0;
	hdr[nh++] = (struct fix_field){ 43, "Y", 1 };
	hdr[nh++] = (struct fix_field){ 52, stamp, strlen(stamp) };
	hdr[nh++] = (struct fix_field){ 122, st->val, st->len };
	for (size_t i = 3; i < m->n; i++) {
		int	t = m->f[i].tag;

		if (fix_header_tag(t) && t != 43 && t != 52 && t != 122)
			hdr[nh++] = m->f[i];
	}
	for (size_t i = 1; i < nh; i++)
		for (size_t j = i; j > 0 && hdr[j - 1].tag > hdr[j].tag; j--) {
			struct fix_field tmp = hdr[j];

			hdr[j] = hdr[j - 1];
			hdr[j - 1] = tmp;
		}
	body = 32;
	pos = body;
	put_field(out, &pos, 35, m->f[2].val, m->f[2].len);
	for (size_t i = 0; i < nh; i++)
		put_field(out, &pos, hdr[i].tag, hdr[i].val, hdr[i].len);
	for (size_t i = 3; i < m->n; i++)
		if (!fix_header_tag(m->f[i].tag) && m->f[i].tag != 10)
			put_field(out, &pos, m->f[i].tag, m->f[i].val,
			    m->f[i].len);
	len = pos - body;
	hn = snprintf(head, sizeof head, "8=%.*s\0019=%zu\001",
	    (int)(m->f[0].len < 16 ? m->f[0].len : 16), m->f[0].val, len);
	if (hn < 0 || (size_t)hn > body)
		return 0;
	memmove(out + hn, out + body, len);
	memcpy(out, head, (size_t)hn);
	pos = (size_t)hn + len;
	pos += (size_t)sprintf(out + pos, "10=%03u\001",
	    fix_checksum(out, pos));
	return pos;
}
