/* src/fix/codec.c: FIX messages as bytes, without a dictionary.
 *
 * A message is "tag=value" fields each ended by SOH: BeginString (8),
 * BodyLength (9) and MsgType (35) first, CheckSum (10) last.  BodyLength
 * counts the bytes after 9's SOH up to and including the SOH before
 * "10="; CheckSum is the sum of every byte before "10=" modulo 256, in
 * three digits.  A DATA field may hold SOH: the length field before it
 * (fix_data_pairs) says how many bytes it takes.
 *
 * fix_parse() splits a message into a caller's fixed array of fields that
 * point into the buffer: nothing is copied or allocated.  The builder
 * stages each field, or each repeating group whole, as one unit in its
 * own buffer, then writes the units sorted (header fields first, by tag)
 * into the caller's buffer behind 8, 9 and 35 and ahead of 10, the order
 * QuickFIX 1.15 sends. */
#include "config.h"
#include "fix.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "err.h"
#include "fix-int.h"

/* FIX 4.4's length fields and the DATA fields they count, by length field
 * (fix_data_tag() stops at the first above the one it looks for). */
const struct fix_data_pair fix_data_pairs[] = {
	{ 90, 91 }, { 93, 89 }, { 95, 96 }, { 212, 213 }, { 348, 349 },
	{ 350, 351 }, { 352, 353 }, { 354, 355 }, { 356, 357 },
	{ 358, 359 }, { 360, 361 }, { 362, 363 }, { 364, 365 },
	{ 445, 446 }, { 618, 619 }, { 621, 622 },
};
const size_t fix_ndata_pairs = sizeof fix_data_pairs /
    sizeof fix_data_pairs[0];

/* The fields of FIX 4.4's standard header, by tag. */
const int fix_header_tags[] = {
	8, 9, 34, 35, 43, 49, 50, 52, 56, 57, 90, 91, 97, 115, 116, 122,
	128, 129, 142, 143, 144, 145, 212, 213, 347, 369, 627, 628, 629, 630,
};
const size_t fix_nheader_tags = sizeof fix_header_tags /
    sizeof fix_header_tags[0];

/* The largest body a stream may announce before it is taken for garbage. */
#define FRAME_BODY_MAX	(1024 * 1024)
/* The longest "8=FIX.x.y" field the framer waits for. */
#define FRAME_BEGIN_MAX	32

int
fix_data_tag(int len_tag)
{
	/* Asked of every field parsed: the pairs are by length tag, and
	 * most tags are below the first. */
	for (size_t i = 0; i < fix_ndata_pairs &&
	    fix_data_pairs[i].len_tag <= len_tag; i++)
		if (fix_data_pairs[i].len_tag == len_tag)
			return fix_data_pairs[i].data_tag;
	return 0;
}

bool
fix_header_tag(int tag)
{
	size_t	lo = 0, hi = fix_nheader_tags;

	while (lo < hi) {
		size_t	mid = (lo + hi) / 2;

		if (fix_header_tags[mid] == tag)
			return true;
		if (fix_header_tags[mid] < tag)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

unsigned
fix_checksum(const char *p, size_t len)
{
	const uint64_t lo = UINT64_C(0x00ff00ff00ff00ff);
	unsigned sum = 0;
	size_t	i = 0;

	/* Eight bytes at a time, in four 16-bit lanes, folded before a
	 * lane could overflow (64 words add at most 64 * 510 to one). */
	while (len - i >= 8) {
		uint64_t lanes = 0;

		for (int k = 0; k < 64 && len - i >= 8; k++, i += 8) {
			uint64_t w;

			memcpy(&w, p + i, sizeof w);
			lanes += (w & lo) + (w >> 8 & lo);
		}
		lanes = (lanes & UINT64_C(0x0000ffff0000ffff)) +
		    (lanes >> 16 & UINT64_C(0x0000ffff0000ffff));
		sum += (unsigned)((lanes + (lanes >> 32)) & 0xffffffff);
	}
	for (; i < len; i++)
		sum += (unsigned char)p[i];
	return sum % 256;
}

/* Read the LEN digits at P as an unsigned number into *V: 1 to 9 digits
 * and nothing else.  Returns 0 or -1. */
static int
digits(const char *p, size_t len, long *v)
{
	long	x = 0;

	if (len == 0 || len > 9)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return 0;
}

/* Where garbage before a message ends: the next "8=FIX" after FROM, or
 * the start of a tail that could still become one. */
static size_t
next_start(const char *buf, size_t len, size_t from)
{
	static const char mark[] = "8=FIX";
	size_t	i;

	for (i = from; i + 5 <= len; i++)
		if (buf[i] == '8' && memcmp(buf + i, mark, 5) == 0)
			return i;
	for (; i < len; i++)
		if (memcmp(buf + i, mark, len - i) == 0)
			return i;
	return len;
}

enum fix_frame
fix_frame(const char *buf, size_t len, size_t *n)
{
	const char *soh;
	size_t	i, body, total;
	long	blen = 0;

	if (len == 0)
		return FIX_FRAME_MORE;
	if (memcmp(buf, "8=FIX", len < 5 ? len : 5) != 0)
		goto garbage;
	if (len < 5)
		return FIX_FRAME_MORE;
	soh = memchr(buf, FIX_SOH, len < FRAME_BEGIN_MAX ? len :
	    FRAME_BEGIN_MAX);
	if (soh == NULL) {
		if (len < FRAME_BEGIN_MAX)
			return FIX_FRAME_MORE;
		goto garbage;
	}
	i = (size_t)(soh - buf) + 1;
	if (memcmp(buf + i, "9=", len - i < 2 ? len - i : 2) != 0)
		goto garbage;
	if (len - i < 2)
		return FIX_FRAME_MORE;
	for (i += 2, body = i; i < len && buf[i] != FIX_SOH; i++)
		if (buf[i] < '0' || buf[i] > '9' || i - body >= 8)
			goto garbage;
	if (i == len)
		return FIX_FRAME_MORE;
	if (digits(buf + body, i - body, &blen) == -1 ||
	    blen > FRAME_BODY_MAX)
		goto garbage;
	body = i + 1;
	total = body + (size_t)blen + 7;
	if (len < total)
		return FIX_FRAME_MORE;
	i = body + (size_t)blen;
	if (memcmp(buf + i, "10=", 3) != 0 || buf[total - 1] != FIX_SOH)
		goto garbage;
	*n = total;
	return FIX_FRAME_OK;
garbage:
	*n = next_start(buf, len, 1);
	return FIX_FRAME_GARBAGE;
}

/* The first SOH from P on before END, or END: eight bytes at a time
 * (values are short, and a call to memchr() costs more than most take),
 * a word's first SOH found as its first zero byte once XORed with SOHs. */
static inline const char *
find_soh(const char *p, const char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = UINT64_C(0x0101010101010101);

	while (end - p >= 8) {
		uint64_t w, x;

		memcpy(&w, p, sizeof w);
		x = w ^ ones * FIX_SOH;
		/* The lowest bit set is at the first zero byte of X (the
		 * borrow only marks bytes above it). */
		x = (x - ones) & ~x & ones * 0x80;
		if (x != 0)
			return p + (__builtin_ctzll(x) >> 3);
		p += 8;
	}
#endif
	while (p < end && *p != FIX_SOH)
		p++;
	return p;
}

int
fix_parse(const char *buf, size_t len, struct fix_msg *m, struct err *err)
{
	size_t	p = 0, body, end;
	int	data_tag = 0;
	long	data_len = 0, v;
	const struct fix_field *f;

	m->buf = buf;
	m->len = len;
	m->n = 0;
	while (p < len) {
		struct fix_field *nf;
		size_t	q = p;
		const char *soh;

		long	tag = 0;

		if (m->n == FIX_FIELDS_MAX)
			return err_set(err, "more than %d fields",
			    FIX_FIELDS_MAX);
		/* The tag's digits, read as they are passed: 1 to 9 of them,
		 * no leading zero, else the tag is 0 (not a tag). */
		while (q < len && buf[q] >= '0' && buf[q] <= '9' && q - p < 9)
			tag = tag * 10 + (buf[q++] - '0');
		if (q == p || buf[p] == '0' || q == len || buf[q] != '=')
			tag = 0;
		while (q < len && buf[q] != '=' && buf[q] != FIX_SOH)
			q++;
		if (q == len || buf[q] != '=')
			return err_set(err, "field %zu at byte %zu has no '='",
			    m->n + 1, p);
		nf = &m->f[m->n];
		nf->tag = (int)tag;
		nf->val = buf + q + 1;
		if (data_tag != 0 && nf->tag == data_tag) {
			if ((size_t)data_len >= len - q - 1 ||
			    buf[q + 1 + (size_t)data_len] != FIX_SOH)
				return err_set(err, "field %d is not the %ld "
				    "bytes its length field says", nf->tag,
				    data_len);
			nf->len = (size_t)data_len;
		} else {
			soh = find_soh(buf + q + 1, buf + len);
			if (soh == buf + len)
				return err_set(err, "field %.*s is not ended "
				    "by SOH", (int)(q - p < 12 ? q - p : 12),
				    buf + p);
			nf->len = (size_t)(soh - nf->val);
		}
		p = (size_t)(nf->val - buf) + nf->len + 1;
		m->n++;
		data_tag = fix_data_tag(nf->tag);
		if (data_tag != 0 && digits(nf->val, nf->len, &data_len) == -1)
			data_tag = 0;
	}
	f = m->f;
	if (m->n < 4)
		return err_set(err, "%zu fields: too few for a message", m->n);
	if (f[0].tag != 8)
		return err_set(err, "BeginString (8) is not the first field");
	if (f[1].tag != 9)
		return err_set(err, "BodyLength (9) is not the second field");
	if (f[2].tag != 35)
		return err_set(err, "MsgType (35) is not the third field");
	if (f[m->n - 1].tag != 10)
		return err_set(err, "CheckSum (10) is not the last field");
	if (digits(f[1].val, f[1].len, &v) == -1)
		return err_set(err, "BodyLength (9) '%.*s' is not a number",
		    (int)(f[1].len < 12 ? f[1].len : 12), f[1].val);
	body = (size_t)(f[1].val - buf) + f[1].len + 1;
	end = (size_t)(f[m->n - 1].val - buf) - 3;
	if ((size_t)v != end - body)
		return err_set(err, "BodyLength (9) is %ld but the body has "
		    "%zu bytes", v, end - body);
	f += m->n - 1;
	if (f->len != 3 || digits(f->val, 3, &v) == -1)
		return err_set(err, "CheckSum (10) '%.*s' is not three digits",
		    (int)(f->len < 12 ? f->len : 12), f->val);
	if ((unsigned)v != fix_checksum(buf, end))
		return err_set(err, "CheckSum (10) is %03ld but the bytes sum "
		    "to %03u", v, fix_checksum(buf, end));
	return 0;
}

int
fix_msg_find(const struct fix_msg *m, int tag, size_t from)
{
	for (size_t i = from; i < m->n; i++)
		if (m->f[i].tag == tag)
			return (int)i;
	return -1;
}

int
fix_field_int(const struct fix_field *f, int64_t *v)
{
	size_t	i = 0;
	int64_t	x = 0;
	bool	neg = false;

	if (f->len > 0 && f->val[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == f->len || f->len - i > 18)
		return -1;
	for (; i < f->len; i++) {
		if (f->val[i] < '0' || f->val[i] > '9')
			return -1;
		x = x * 10 + (f->val[i] - '0');
	}
	*v = neg ? -x : x;
	return 0;
}

bool
fix_field_is(const struct fix_field *f, const char *s)
{
	size_t	n = strlen(s);

	return f->len == n && memcmp(f->val, s, n) == 0;
}

/* Keep the builder's first error. */
static void
build_fail(struct fix_builder *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
build_fail(struct fix_builder *b, const char *fmt, ...)
{
	va_list	ap;

	if (b->error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(b->error, sizeof b->error, fmt, ap);
	va_end(ap);
}

/* Write the decimal digits of V at P; returns how many. */
static size_t
put_u64(char *p, uint64_t v)
{
	char	tmp[20];
	size_t	n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

void
fix_build_init(struct fix_builder *b, char *out, size_t cap)
{
	b->out = out;
	b->cap = cap;
	fix_build_begin(b, "FIX.4.4", "0");
}

void
fix_build_begin(struct fix_builder *b, const char *begin,
    const char *msgtype)
{
	b->len = 0;
	b->nunit = 0;
	b->depth = 0;
	b->error[0] = '\0';
	if (strlen(begin) >= sizeof b->begin || begin[0] == '\0' ||
	    strchr(begin, FIX_SOH) != NULL)
		build_fail(b, "BeginString '%s' is not one", begin);
	if (strlen(msgtype) >= sizeof b->msgtype || msgtype[0] == '\0' ||
	    strchr(msgtype, FIX_SOH) != NULL)
		build_fail(b, "MsgType '%s' is not one", msgtype);
	str_copy(b->begin, sizeof b->begin, begin);
	str_copy(b->msgtype, sizeof b->msgtype, msgtype);
}

/* Stage "TAG=" and room for VLEN value bytes and SOH; returns where the
 * value goes, or NULL after recording why not. */
static char *
stage(struct fix_builder *b, int tag, size_t vlen)
{
	char	*p;
	size_t	n;

	if (b->error[0] != '\0')
		return NULL;
	if (tag <= 0 || tag == 8 || tag == 9 || tag == 10 || tag == 35) {
		build_fail(b, "tag %d is not one to add", tag);
		return NULL;
	}
	if (vlen == 0) {
		build_fail(b, "tag %d has no value", tag);
		return NULL;
	}
	if (b->depth == 0 && b->nunit == FIX_BUILD_UNITS) {
		build_fail(b, "more than %d fields", FIX_BUILD_UNITS);
		return NULL;
	}
	if (vlen > sizeof b->stage || sizeof b->stage - b->len < vlen + 12) {
		build_fail(b, "the message is longer than %d bytes",
		    FIX_MSG_MAX);
		return NULL;
	}
	p = b->stage + b->len;
	n = put_u64(p, (uint64_t)tag);
	p[n++] = '=';
	p[n + vlen] = FIX_SOH;
	if (b->depth == 0) {
		b->unit[b->nunit].tag = tag;
		b->unit[b->nunit].header = fix_header_tag(tag);
		b->unit[b->nunit].off = b->len;
		b->unit[b->nunit].len = n + vlen + 1;
		b->nunit++;
	} else
		b->unit[b->group_unit].len += n + vlen + 1;
	b->len += n + vlen + 1;
	return p + n;
}

void
fix_build_int(struct fix_builder *b, int tag, int64_t v)
{
	char	tmp[24];
	size_t	n = 0;
	char	*p;

	if (v < 0)
		tmp[n++] = '-';
	n += put_u64(tmp + n, v < 0 ? -(uint64_t)v : (uint64_t)v);
	if ((p = stage(b, tag, n)) != NULL)
		memcpy(p, tmp, n);
}

void
fix_build_data(struct fix_builder *b, int tag, const char *s, size_t len)
{
	char	*p;

	if ((p = stage(b, tag, len)) != NULL)
		memcpy(p, s, len);
}

void
fix_build_str(struct fix_builder *b, int tag, const char *s)
{
	size_t	len = strlen(s);

	if (memchr(s, FIX_SOH, len) != NULL)
		build_fail(b, "the value of tag %d holds SOH", tag);
	fix_build_data(b, tag, s, len);
}

void
fix_build_char(struct fix_builder *b, int tag, char c)
{
	char	*p;

	if (c == FIX_SOH || c == '\0')
		build_fail(b, "tag %d: a character that cannot be sent", tag);
	if ((p = stage(b, tag, 1)) != NULL)
		*p = c;
}

void
fix_build_fixed(struct fix_builder *b, int tag, int64_t v, int decimals)
{
	char	tmp[48], *p;
	size_t	n = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v, scale = 1;

	if (decimals < 0 || decimals > 18) {
		build_fail(b, "tag %d: %d decimals", tag, decimals);
		return;
	}
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	if (v < 0)
		tmp[n++] = '-';
	n += put_u64(tmp + n, u / scale);
	if (u % scale != 0) {
		uint64_t frac = u % scale;
		int	d = decimals;

		while (frac % 10 == 0) {
			frac /= 10;
			d--;
		}
		tmp[n++] = '.';
		for (int i = d - 1; i >= 0; i--, frac /= 10)
			tmp[n + (size_t)i] = (char)('0' + frac % 10);
		n += (size_t)d;
	}
	if ((p = stage(b, tag, n)) != NULL)
		memcpy(p, tmp, n);
}

/* Write the two digits of V (0..99) at P. */
static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

bool
fix_time_fmt(char *out, int64_t ms)
{
	int64_t	secs, y;
	int	d, mo;

	if (ms < 0 || ms >= INT64_C(253402300800000))
		return false;
	secs = ms / 1000 % 86400;
	calendar_civil_from_days(ms / 86400000, &y, &mo, &d);
	put2(out, (int)(y / 100));
	put2(out + 2, (int)(y % 100));
	put2(out + 4, mo);
	put2(out + 6, d);
	out[8] = '-';
	put2(out + 9, (int)(secs / 3600));
	out[11] = ':';
	put2(out + 12, (int)(secs / 60 % 60));
	out[14] = ':';
	put2(out + 15, (int)(secs % 60));
	out[17] = '.';
	out[18] = (char)('0' + ms % 1000 / 100);
	put2(out + 19, (int)(ms % 100));
	out[FIX_TIME_LEN] = '\0';
	return true;
}

void
fix_build_time(struct fix_builder *b, int tag, int64_t ms)
{
	char	t[FIX_TIME_LEN + 1], *p;

	if (!fix_time_fmt(t, ms)) {
		build_fail(b, "tag %d: time %lld is outside years 1970-9999",
		    tag, (long long)ms);
		return;
	}
	if ((p = stage(b, tag, FIX_TIME_LEN)) == NULL)
		return;
	memcpy(p, t, FIX_TIME_LEN);
}

void
fix_build_group(struct fix_builder *b, int tag, int n)
{
	size_t	before = b->nunit;

	if (b->depth == FIX_BUILD_DEPTH) {
		build_fail(b, "groups nested deeper than %d", FIX_BUILD_DEPTH);
		return;
	}
	if (n < 0) {
		build_fail(b, "group %d: %d entries", tag, n);
		return;
	}
	fix_build_int(b, tag, n);
	if (b->error[0] != '\0')
		return;
	if (b->depth == 0)
		b->group_unit = before;
	b->depth++;
}

void
fix_build_group_end(struct fix_builder *b)
{
	if (b->depth == 0)
		build_fail(b, "a group ended that was not open");
	else
		b->depth--;
}

long
fix_build_end(struct fix_builder *b, struct err *err)
{
	size_t	order[FIX_BUILD_UNITS], blen, need, pos;
	char	*o = b->out;

	if (b->error[0] == '\0' && b->depth != 0)
		build_fail(b, "a group is still open");
	if (b->error[0] != '\0')
		return err_set(err, "%s", b->error);
	/* Stable insertion sort: header fields first, then by tag. */
	for (size_t i = 0; i < b->nunit; i++) {
		size_t	j = i;

		while (j > 0) {
			size_t	a = order[j - 1];

			if (b->unit[a].header > b->unit[i].header ||
			    (b->unit[a].header == b->unit[i].header &&
			    b->unit[a].tag <= b->unit[i].tag))
				break;
			order[j] = a;
			j--;
		}
		order[j] = i;
	}
	size_t	nbegin = strlen(b->begin), ntype = strlen(b->msgtype);
	unsigned sum;

	blen = 3 + ntype + 1 + b->len;
	/* A NUL after the last SOH. */
	need = 2 + nbegin + 1 + 2 + 20 + 1 + blen + 7 + 1;
	if (need > b->cap)
		return err_set(err, "the message needs %zu bytes, the buffer "
		    "has %zu", need, b->cap);
	/* By hand: a printf reads its format on every message. */
	memcpy(o, "8=", 2);
	memcpy(o + 2, b->begin, nbegin);
	pos = 2 + nbegin;
	memcpy(o + pos, "\0019=", 3);
	pos += 3;
	pos += put_u64(o + pos, (uint64_t)blen);
	memcpy(o + pos, "\00135=", 4);
	pos += 4;
	memcpy(o + pos, b->msgtype, ntype);
	pos += ntype;
	o[pos++] = FIX_SOH;
	for (size_t i = 0; i < b->nunit; i++) {
		memcpy(o + pos, b->stage + b->unit[order[i]].off,
		    b->unit[order[i]].len);
		pos += b->unit[order[i]].len;
	}
	sum = fix_checksum(o, pos);
	memcpy(o + pos, "10=", 3);
	o[pos + 3] = (char)('0' + sum / 100);
	o[pos + 4] = (char)('0' + sum / 10 % 10);
	o[pos + 5] = (char)('0' + sum % 10);
	o[pos + 6] = FIX_SOH;
	o[pos + 7] = '\0';
	pos += 7;
	return (long)pos;
}
