/* src/core/utf8.c: the bytes of text that came from people.
 *
 * Files people write are checked with utf8_valid() before a line is
 * used; text that reaches a terminal outside curses (batch output, error
 * lines) goes through utf8_visible(), which shows control characters the
 * way curses does on the screen, so an ESC in a note can never move the
 * cursor, recolour the terminal or retitle its window, and a bidirectional
 * control can never make a name or a note read backwards. */
#include "config.h"
#include "utf8.h"

#include <stdio.h>

#include "sbuf.h"

static size_t
char_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* The shortest form only, no surrogates, nothing past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

size_t
utf8_char_len(const char *s, size_t n)
{
	return n == 0 ? 0 : char_len((const unsigned char *)s, n);
}

size_t
utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t len = u[i] < 0x80 ? 1 : char_len(u + i, n - i);
		if (len == 0)
			return i;
		i += len;
	}
	return n;
}

#define ESC_MAX	12	/* the longest escape, "<U+202E>", and its NUL */

/* Whether CP is a bidirectional control: the marks (ALM, LRM, RLM), the
 * embeddings and overrides (LRE .. RLO) and the isolates (LRI .. PDI).
 * Shown as they are, they turn the text around them backwards. */
static bool
is_bidi_control(unsigned long cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

unsigned long
utf8_bidi_control(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;

	if (len == 2 && (u[0] & 0xe0) == 0xc0)
		cp = (u[0] & 0x1ful) << 6 | (u[1] & 0x3f);
	else if (len == 3 && (u[0] & 0xf0) == 0xe0)
		cp = (u[0] & 0x0ful) << 12 | (u[1] & 0x3ful) << 6 |
		    (u[2] & 0x3f);
	else
		return 0;
	return is_bidi_control(cp) ? cp : 0;
}

/* How the character of LEN bytes at S is shown: 0 as it is, else the
 * escape written into ESC. */
static int
escape_of(const unsigned char *s, size_t len, bool keep_newlines,
    char esc[ESC_MAX])
{
	unsigned long cp;

	if (len == 0)
		return snprintf(esc, ESC_MAX, "\\x%02X", s[0]);
	if (len == 1 && (s[0] < 0x20 || s[0] == 0x7f)) {
		if (s[0] == '\n' && keep_newlines)
			return 0;
		return snprintf(esc, ESC_MAX, "^%c",
		    s[0] == 0x7f ? '?' : s[0] + 64);
	}
	if (len == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return snprintf(esc, ESC_MAX, "~%c", s[1] - 0x80 + 64);
	if ((cp = utf8_bidi_control((const char *)s, len)) != 0)
		return snprintf(esc, ESC_MAX, "<U+%04lX>", cp);
	return 0;
}

void
utf8_visible(struct sbuf *b, const char *s, size_t n, bool keep_newlines)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, plain = 0;
	char esc[ESC_MAX];

	while (i < n) {
		size_t len = char_len(u + i, n - i);
		if (escape_of(u + i, len, keep_newlines, esc) == 0) {
			i += len;
			continue;
		}
		/* The run of plain text before it (no NUL: a NUL is
		 * escaped), then the escape. */
		sbuf_printf(b, "%.*s%s", (int)(i - plain), s + plain, esc);
		i += len ? len : 1;
		plain = i;
	}
	if (plain < n)
		sbuf_printf(b, "%.*s", (int)(n - plain), s + plain);
}

bool
utf8_needs_escape(const char *s, size_t n, bool keep_newlines)
{
	const unsigned char *u = (const unsigned char *)s;
	char esc[ESC_MAX];

	for (size_t i = 0; i < n; ) {
		size_t len = char_len(u + i, n - i);
		if (escape_of(u + i, len, keep_newlines, esc) != 0)
			return true;
		i += len;
	}
	return false;
}
