/* include/ui.h: the full-screen interface. */
#ifndef BLOTTER_UI_H
#define BLOTTER_UI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"

struct ui_opts {
	const char *db_path;	/* the store */
	bool	empty;		/* a new store gets no shipped data */
	bool	demo;		/* a moving demo market */
	uint64_t seed;		/* for the demo market */
	const char *store_label;	/* what the status line calls the store */
	bool	confirm;	/* ask before cancels and flattens */
	char	theme[64], keymap[64];	/* "" or a shipped file's name */
	int64_t	sim_delay;	/* the sim venue answers this late (s) */
	bool	same_login_refuse;	/* review.same_login = refuse */
	const struct exec_setup *setup;	/* brokers and routes, or NULL */
	const char *settings_errors;	/* shown in the messages pane */
};

/* Run the screen until the trader quits.  Returns the exit status (0, or
 * 1 when the store cannot be opened; the reason is printed after the
 * terminal is restored). */
int	ui_run(const struct ui_opts *);

/* The screen's actions, one entry each (src/tui/actions.c): what a
 * keymap binds keys to, the help lists and the screen runs. */
extern const struct keymap_action ui_actions[];
extern const size_t ui_nactions;

#endif
