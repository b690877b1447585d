/* include/termcheck.h: whether a terminal type can draw the screen. */
#ifndef BLOTTER_TERMCHECK_H
#define BLOTTER_TERMCHECK_H
#include <stdbool.h>
#include <stddef.h>

/* Whether terminal type TERM (NULL or "": not set) is known here and can
 * move the cursor, which the screen needs.  If not, WHY (LEN bytes) gets
 * a sentence saying so and what to do instead. */
bool	termcheck_usable(const char *term, char *why, size_t len);

#endif
