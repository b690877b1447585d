/* src/tui/dialog-confirm.c: the y/n question before what cannot be
 * undone (a cancel, a flatten, a halt, booking an allocation). */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "allocwiz.h"
#include "blocktree.h"
#include "calendar.h"
#include "cmd.h"
#include "demo.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "keymap.h"
#include "paths.h"
#include "runtime.h"
#include "sbuf.h"
#include "termcheck.h"
#include "theme.h"
#include "utf8.h"
#include "view.h"
#include "screen.h"

void
ui_ask(struct ui *u, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void
ui_ask_always(struct ui *u, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
vask(struct ui *u, const char *cmd, const char *fmt, va_list ap)
{
	vsnprintf(u->ask, sizeof u->ask, fmt, ap);
	snprintf(u->ask_cmd, sizeof u->ask_cmd, "%s", cmd);
	u->mode = M_CONFIRM;
	u->ask_back = M_NORMAL;
	u->ask_ms = ui_mono_ms();
}

/* Ask a y/n question whose yes sends CMD (or send it at once when
 * confirmations are off). */
void
ui_ask(struct ui *u, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	if (!u->confirm) {
		ui_submit(u, cmd);
		return;
	}
	va_start(ap, fmt);
	vask(u, cmd, fmt, ap);
	va_end(ap);
}

/* Ask a y/n question whose yes sends CMD, whatever the confirm setting:
 * for what stops or restarts a whole desk. */
void
ui_ask_always(struct ui *u, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vask(u, cmd, fmt, ap);
	va_end(ap);
}

/* A key while a y/n question shows: the dialog pane's bindings (keymap
 * files may change them); Ctrl-C says no in every keymap.  A yes that
 * comes before the question could be read is ignored. */
void
ui_key_confirm(struct ui *u, int key)
{
	const char *a = keymap_action(u->km, "dialog", keymap_key_canon(key));
	char name[KEYMAP_KEY_NAME_MAX];

	if (key == CTRL_C || (a && (strcmp(a, "dialog-no") == 0 ||
	    strcmp(a, "dialog-close") == 0))) {
		u->mode = u->ask_back;
	} else if (a && strcmp(a, "dialog-yes") == 0 &&
	    ui_mono_ms() - u->ask_ms < ASK_READ_MS) {
		if (!keymap_key_name(keymap_key_canon(key), name, sizeof name))
			snprintf(name, sizeof name, "yes");
		ui_add_message(u, TH_MESSAGE_WARN, "%s ignored: it came with the "
		    "key that asked, before the question showed (a paste?); "
		    "answer again", name);
	} else if (a && strcmp(a, "dialog-yes") == 0) {
		ui_submit(u, u->ask_cmd);
		u->mode = M_NORMAL;
	}
}
