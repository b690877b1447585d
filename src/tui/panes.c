/* src/tui/panes.c: the screen's panes, in the order of enum pane.
 *
 * The one list the core draws from: each pane file exports its
 * struct ui_pane, and nothing but this list names them all. */
#include "config.h"

#include "screen-int.h"

const struct ui_pane *const ui_panes[P_COUNT] = {
	[P_TICKET] = &ui_pane_ticket,
	[P_BLOTTER] = &ui_pane_blotter,
	[P_POSITIONS] = &ui_pane_positions,
	[P_QUOTES] = &ui_pane_quotes,
	[P_PNL] = &ui_pane_pnl,
	[P_MESSAGES] = &ui_pane_messages,
};
