/* include/utf8.h: checking text is UTF-8, and showing it on a terminal
 * with every control character made visible. */
#ifndef BLOTTER_UTF8_H
#define BLOTTER_UTF8_H
#include <stdbool.h>
#include <stddef.h>

struct sbuf;

/* The length of the well-formed UTF-8 prefix of the N bytes at S: N when
 * all of it is UTF-8, else the offset of the first bad byte.  Overlong
 * forms, surrogates and code points past U+10FFFF are bad. */
size_t	utf8_valid(const char *s, size_t n);
/* The length of the well-formed UTF-8 character at S (of at most N
 * bytes), or 0 when S does not start one. */
size_t	utf8_char_len(const char *s, size_t n);
/* The code point of the bidirectional control (U+061C, U+200E, U+200F,
 * U+202A .. U+202E, U+2066 .. U+2069) that the LEN bytes at S encode, or
 * 0 when they encode anything else. */
unsigned long utf8_bidi_control(const char *s, size_t len);
/* Append the N bytes at S to B as a terminal can show them safely, the way
 * the screen (curses) shows them: C0 controls as ^@ .. ^_ (ESC is ^[), DEL
 * as ^?, C1 controls (U+0080 .. U+009F) as ~@ .. ~_, bidirectional
 * controls (U+061C, U+200E, U+200F, U+202A .. U+202E, U+2066 .. U+2069) as
 * <U+202E> and so on, and a byte that is not UTF-8 as \xHH.  A newline is
 * kept when KEEP_NEWLINES, else shown as ^J. */
void	utf8_visible(struct sbuf *b, const char *s, size_t n,
	    bool keep_newlines);
/* Whether utf8_visible() would change the N bytes at S. */
bool	utf8_needs_escape(const char *s, size_t n, bool keep_newlines);

#endif
