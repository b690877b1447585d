/* include/theme.h: the colours and attributes of each element of the screen.
 *
 * Draw code paints by element, never by colour:
 *	wattrset(w, theme_attr(TH_ORDER_REJECTED));
 * A theme is a text file (themes/default.theme describes the format) read
 * into a table of styles without touching curses; theme_apply() then turns
 * the table into colour pairs (or, without colours, into attributes only)
 * and is the only function that calls init_pair(). */
#ifndef BLOTTER_THEME_H
#define BLOTTER_THEME_H
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include "order.h"

struct sbuf;

enum theme_element {
	TH_NORMAL,
	TH_HEADER,
	TH_PANE_TITLE,
	TH_PANE_BORDER,
	TH_PANE_FOCUS,
	TH_SELECTION,
	TH_STATUS_BAR,
	TH_STATUS_HALTED,	/* trading halted, in the status line */
	TH_PROMPT,
	TH_MESSAGE_ERROR,
	TH_MESSAGE_WARN,
	TH_MESSAGE_INFO,
	TH_PNL_UP,
	TH_PNL_DOWN,
	TH_QUOTE_UP,
	TH_QUOTE_DOWN,
	TH_FIX_UP,		/* a FIX session logged on */
	TH_FIX_CONNECTING,	/* one on its way up */
	TH_FIX_DOWN,		/* one down when it should be up */
	/* One per enum order_status, in the same order. */
	TH_ORDER_STAGED,
	TH_ORDER_FLAGGED,
	TH_ORDER_PENDING_NEW,
	TH_ORDER_NEW,
	TH_ORDER_PARTIALLY_FILLED,
	TH_ORDER_FILLED,
	TH_ORDER_PENDING_CANCEL,
	TH_ORDER_CANCELED,
	TH_ORDER_PENDING_REPLACE,
	TH_ORDER_REJECTED,
	TH_ORDER_EXPIRED,
	TH_ORDER_DONE_FOR_DAY,
	TH_COUNT
};

/* Colours as a theme names them: THEME_DEFAULT (the terminal's own),
 * 0-7 the basic colours (COLOR_BLACK ... COLOR_WHITE), 8-15 their bright
 * variants (brightred ...), THEME_COLOUR(n) for colorN (0-255). */
#define THEME_DEFAULT		(-1)
#define THEME_COLOUR(n)		(256 + (n))

/* One element's style as written in the theme file (a plain value). */
struct theme_style {
	int	fg, bg;
	attr_t	attrs;			/* A_BOLD ...; 0 for none */
};

/* The element's name in theme files ("order.partially_filled"); NULL when
 * EL is out of range.  Borrowed. */
const char *theme_element_name(enum theme_element);
/* Parse an element NAME into *EL.  Returns 0, or -1 (EL untouched). */
int	theme_element_parse(const char *name, enum theme_element *);
/* The element an order row in status S is painted with. */
enum theme_element theme_order_status(enum order_status);

/* Go back to the built-in theme (the same as themes/default.theme). */
void	theme_reset(void);
/* Read the theme file PATH on top of the current theme: the elements it
 * names change, the others keep their style (so a user's file can adjust
 * a shipped one).  Every bad line is appended to ERRORS (may be NULL) as
 * "PATH:LINE: message\n"; a file that cannot be read or has any bad line
 * changes nothing and returns -1.  Returns 0 on success.  Needs no curses;
 * call theme_apply() afterwards to use it on screen. */
int	theme_load(const char *path, struct sbuf *errors);
/* Switch to the theme file PATH: as theme_load(), but over the built-in
 * defaults, so an element the file leaves out gets its default and
 * nothing of the previous theme remains.  On error nothing changes. */
int	theme_switch(const char *path, struct sbuf *errors);
/* Copy the current style of EL into *OUT.  Returns 0, or -1 out of range. */
int	theme_style(enum theme_element, struct theme_style *out);
/* Append the current theme to OUT in the theme file format (loadable). */
void	theme_write(struct sbuf *out);

/* Parse a colour NAME ("red", "brightred", "color208", "default").
 * Returns 0, or -1 (COLOUR untouched). */
int	theme_colour_parse(const char *name, int *colour);
/* Name COLOUR into BUF (LEN bytes, 16 is enough).  Returns BUF or NULL. */
char	*theme_colour_name(int colour, char *buf, size_t len);
/* The curses colour number for COLOUR on a terminal with NCOLOURS colours:
 * a bright colour becomes its basic colour plus A_BOLD (stored in *BOLD,
 * may be NULL; meaningful for foregrounds) below 16 colours, colorN beyond
 * the terminal becomes the nearest basic colour or -1 (default). */
int	theme_colour_resolve(int colour, int ncolours, attr_t *bold);

/* Whether the screen should use colours: has_colors() and NO_COLOR unset
 * or empty.  Call after initscr(). */
bool	theme_colour_wanted(void);
/* Make the current theme live, after initscr(): with USE_COLOUR, one
 * colour pair per distinct fg/bg (start_color(), use_default_colors() and
 * init_pair() happen here and nowhere else); without, attributes only,
 * each element keeping a built-in one (selection reverse, header
 * underline ...) so the screen stays readable.  Call again after
 * theme_load(), theme_switch() or theme_reset(); the caller then repaints
 * everything. */
void	theme_apply(bool use_colour);
/* The attributes to paint EL with, COLOR_PAIR() included once applied.
 * Before theme_apply(), or without colours: attributes only. */
attr_t	theme_attr(enum theme_element);

#endif
