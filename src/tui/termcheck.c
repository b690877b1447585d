/* src/tui/termcheck.c: the terminal types the screen can draw on.  A
 * type without cursor addressing (dumb, a printing terminal) or one the
 * terminfo database does not know would give a garbled screen or end the
 * program inside curses; the screen is refused before it starts. */
#include "config.h"
#include "termcheck.h"

#include <curses.h>
#include <stdio.h>
#include <term.h>

bool
termcheck_usable(const char *term, char *why, size_t len)
{
	TERMINAL *saved = cur_term, *t;
	int status = 0;
	bool ok;

	if (!term || !*term) {
		snprintf(why, len, "TERM is not set, so the screen cannot be "
		    "drawn; set it to your terminal's type (for example "
		    "TERM=xterm-256color), or run scripts with --batch");
		return false;
	}
	/* A terminal of its own: whatever was set up stays as it was. */
	if (setupterm(term, -1, &status) != OK) {
		snprintf(why, len, "TERM=%s is a terminal type this system does "
		    "not know (no terminfo entry); set TERM to your "
		    "terminal's type, or run scripts with --batch", term);
		return false;
	}
	t = cur_term;
	const char *cup = tigetstr("cup");
	ok = cup && cup != (char *)-1 && tigetflag("hc") <= 0 &&
	    tigetflag("gn") <= 0;
	set_curterm(saved);
	del_curterm(t);
	if (!ok)
		snprintf(why, len, "TERM=%s cannot move the cursor, so the "
		    "screen cannot be drawn; use a terminal such as xterm, or "
		    "run scripts with --batch", term);
	return ok;
}
