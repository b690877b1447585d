/* src/tui/dialog-confirm.c: the y/n question before what cannot be
 * undone (a cancel, a flatten, a halt, booking an allocation). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "screen-int.h"

static void
vask(struct ui *u, const char *cmd, const char *fmt, va_list ap)
{
	vsnprintf(u->ask, sizeof u->ask, fmt, ap);
	str_copy(u->ask_cmd, sizeof u->ask_cmd, cmd);
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

