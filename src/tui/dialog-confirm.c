/* src/tui/dialog-confirm.c: the y/n question before what cannot be
 * undone (a cancel, a flatten, a halt, booking an allocation). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "screen-int.h"

static void
vask(struct ui *u, const struct cmd *c, const char *echo, const char *fmt,
    va_list ap)
{
	vsnprintf(u->ask, sizeof u->ask, fmt, ap);
	u->ask_cmd = *c;
	str_copy(u->ask_echo, sizeof u->ask_echo, echo);
	u->mode = M_CONFIRM;
	u->ask_back = M_NORMAL;
	u->ask_ms = ui_mono_ms();
}

/* Ask a y/n question whose yes sends C (or send it at once when
 * confirmations are off). */
void
ui_ask(struct ui *u, const struct cmd *c, const char *echo,
    const char *fmt, ...)
{
	va_list ap;

	if (!u->confirm) {
		ui_submit_cmd(u, c, echo);
		return;
	}
	va_start(ap, fmt);
	vask(u, c, echo, fmt, ap);
	va_end(ap);
}

/* Ask a y/n question whose yes sends C, whatever the confirm setting:
 * for what stops or restarts a whole desk. */
void
ui_ask_always(struct ui *u, const struct cmd *c, const char *echo,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vask(u, c, echo, fmt, ap);
	va_end(ap);
}

