/* src/store/body.c: read a journal body without a JSON library.
 *
 * The store writes every body as one flat JSON object of strings,
 * integers and booleans, without spaces (see the jb_* writers).  Replay
 * reads millions of them, and a general parser costs more than the rest
 * of the replay together: json-c allocates an object and a hash table per
 * body, and switches the thread's locale on every call.  This reader
 * takes exactly that flat form, in place, into a table of members; a body
 * in any other form (spaces, nested values, fractions, \u escapes, a
 * number out of range) is refused, and the caller reads it with json-c
 * instead, so what a body means never depends on which reader took it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store-int.h"

void
store_body_init(struct store_body *b)
{
	memset(b, 0, sizeof *b);
}

void
store_body_free(struct store_body *b)
{
	free(b->buf);
	memset(b, 0, sizeof *b);
}

/* Decode the string at *P (just after its opening quote) into the
 * buffer at *W, NUL-terminated; *P ends after the closing quote.
 * Returns the decoded length, or -1 for a form left to json-c. */
static long
body_string(const char **p, const char *end, char **w)
{
	const char *s = *p;
	char	*o = *w, *start = *w;

	while (s < end) {
		unsigned char c = (unsigned char)*s++;

		if (c == '"') {
			*o++ = '\0';
			*p = s;
			*w = o;
			return (long)(o - start - 1);
		}
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		if (s == end)
			return -1;
		switch (*s++) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '/':
			*o++ = '/';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		default:
			return -1;	/* \u and anything else */
		}
	}
	return -1;
}

static int
body_flat(struct store_body *b, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	char	*w;

	b->n = 0;
	/* Decoded strings never grow: the text's length is room enough. */
	if (len + 1 > b->cap) {
		b->cap = len + 1 > 512 ? len + 1 : 512;
		free(b->buf);
		b->buf = xmalloc(b->cap);
	}
	w = b->buf;
	if (len < 2 || *p++ != '{' || end[-1] != '}')
		return -1;
	end--;
	if (p == end)
		return 0;
	for (;;) {
		struct store_body_member *m;
		long	n;

		if (b->n == STORE_BODY_MAX || p == end || *p++ != '"')
			return -1;
		m = &b->m[b->n];
		m->key = w;
		m->off = (size_t)(p - text) - 1;
		if ((n = body_string(&p, end, &w)) < 0 || p == end ||
		    *p++ != ':' || p == end)
			return -1;
		if (*p == '"') {
			p++;
			m->type = STORE_BODY_STR;
			m->s = w;
			if ((n = body_string(&p, end, &w)) < 0)
				return -1;
			m->slen = (size_t)n;
		} else if (*p == '-' || (*p >= '0' && *p <= '9')) {
			bool	neg = *p == '-';
			uint64_t u = 0;

			if (neg && ++p == end)
				return -1;
			/* No leading zeros, no fraction, no exponent. */
			if (*p == '0' && p + 1 < end && p[1] >= '0' &&
			    p[1] <= '9')
				return -1;
			if (*p < '0' || *p > '9')
				return -1;
			for (; p < end && *p >= '0' && *p <= '9'; p++) {
				if (u > (UINT64_MAX - 9) / 10)
					return -1;
				u = u * 10 + (uint64_t)(*p - '0');
			}
			if (u > (neg ? (uint64_t)INT64_MAX + 1 :
			    (uint64_t)INT64_MAX))
				return -1;
			m->type = STORE_BODY_INT;
			m->i = neg ? (int64_t)(0 - u) : (int64_t)u;
		} else if (end - p >= 4 && memcmp(p, "true", 4) == 0) {
			p += 4;
			m->type = STORE_BODY_BOOL;
			m->i = 1;
		} else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
			p += 5;
			m->type = STORE_BODY_BOOL;
			m->i = 0;
		} else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
			p += 4;
			m->type = STORE_BODY_NULL;
		} else {
			return -1;
		}
		b->n++;
		if (p == end)
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

int
store_body_parse(struct store_body *b, const char *text, size_t len)
{
	if (body_flat(b, text, len) == 0)
		return 0;
	b->n = 0;
	return -1;
}

const struct store_body_member *
store_body_get(const struct store_body *b, const char *key)
{
	int	i;

	/* The last of repeated members counts, as in json-c. */
	for (i = b->n; i-- > 0;)
		if (b->m[i].key[0] == key[0] && strcmp(b->m[i].key, key) == 0)
			return &b->m[i];
	return NULL;
}
