/* src/tui/theme.c: element styles, the theme file loader and colour pairs.
 *
 * Three tables indexed by enum theme_element hold the theme: element_names
 * (the names in theme files, shared by loader and writer), builtin (the
 * default theme, identical to themes/default.theme) and mono (the
 * attribute each element keeps when there are no colours, so selection,
 * headers and errors stay visible).  The current theme, cur[], starts as
 * a copy of builtin; each file read is parsed over a copy of cur[] (or of
 * builtin, to switch) and copied back only when every line was good.
 * live[] holds what theme_attr() returns and is rebuilt by theme_apply(),
 * the one place that talks to curses about colours.  Parsing never needs
 * initscr(). */
#include "config.h"
#include "theme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "sbuf.h"
#include "textfile.h"

#ifndef A_ITALIC
#define A_ITALIC	((attr_t)0)	/* accepted, shown as nothing */
#endif

_Static_assert(TH_ORDER_DONE_FOR_DAY - TH_ORDER_STAGED + 1 ==
    ORDER_STATUS_COUNT, "one theme element per order status");

static const char *const element_names[TH_COUNT] = {
	[TH_NORMAL] = "normal",
	[TH_HEADER] = "header",
	[TH_PANE_TITLE] = "pane.title",
	[TH_PANE_BORDER] = "pane.border",
	[TH_PANE_FOCUS] = "pane.focus",
	[TH_SELECTION] = "selection",
	[TH_STATUS_BAR] = "status.bar",
	[TH_STATUS_HALTED] = "status.halted",
	[TH_PROMPT] = "prompt",
	[TH_MESSAGE_ERROR] = "message.error",
	[TH_MESSAGE_WARN] = "message.warn",
	[TH_MESSAGE_INFO] = "message.info",
	[TH_PNL_UP] = "pnl.up",
	[TH_PNL_DOWN] = "pnl.down",
	[TH_QUOTE_UP] = "quote.up",
	[TH_QUOTE_DOWN] = "quote.down",
	[TH_FIX_UP] = "fix.up",
	[TH_FIX_CONNECTING] = "fix.connecting",
	[TH_FIX_DOWN] = "fix.down",
	[TH_ORDER_STAGED] = "order.staged",
	[TH_ORDER_FLAGGED] = "order.flagged",
	[TH_ORDER_PENDING_NEW] = "order.pending_new",
	[TH_ORDER_NEW] = "order.new",
	[TH_ORDER_PARTIALLY_FILLED] = "order.partially_filled",
	[TH_ORDER_FILLED] = "order.filled",
	[TH_ORDER_PENDING_CANCEL] = "order.pending_cancel",
	[TH_ORDER_CANCELED] = "order.canceled",
	[TH_ORDER_PENDING_REPLACE] = "order.pending_replace",
	[TH_ORDER_REJECTED] = "order.rejected",
	[TH_ORDER_EXPIRED] = "order.expired",
	[TH_ORDER_DONE_FOR_DAY] = "order.done_for_day",
};

#define D	THEME_DEFAULT

/* Keep in step with themes/default.theme (a test compares them). */
static const struct theme_style builtin[TH_COUNT] = {
	[TH_NORMAL] = { D, D, 0 },
	[TH_HEADER] = { D, D, A_BOLD | A_UNDERLINE },
	[TH_PANE_TITLE] = { COLOR_CYAN, D, A_BOLD },
	[TH_PANE_BORDER] = { COLOR_BLUE, D, 0 },
	[TH_PANE_FOCUS] = { COLOR_CYAN, D, A_BOLD },
	[TH_SELECTION] = { D, D, A_REVERSE },
	[TH_STATUS_BAR] = { COLOR_BLACK, COLOR_CYAN, 0 },
	[TH_STATUS_HALTED] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[TH_PROMPT] = { D, D, A_BOLD },
	[TH_MESSAGE_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[TH_MESSAGE_WARN] = { COLOR_YELLOW, D, A_BOLD },
	[TH_MESSAGE_INFO] = { COLOR_GREEN, D, 0 },
	[TH_PNL_UP] = { COLOR_GREEN, D, 0 },
	[TH_PNL_DOWN] = { COLOR_RED, D, 0 },
	[TH_QUOTE_UP] = { COLOR_GREEN, D, A_BOLD },
	[TH_QUOTE_DOWN] = { COLOR_RED, D, A_BOLD },
	[TH_FIX_UP] = { COLOR_BLACK, COLOR_GREEN, 0 },
	[TH_FIX_CONNECTING] = { COLOR_BLACK, COLOR_YELLOW, 0 },
	[TH_FIX_DOWN] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[TH_ORDER_STAGED] = { COLOR_CYAN, D, 0 },
	[TH_ORDER_FLAGGED] = { COLOR_MAGENTA, D, A_BOLD },
	[TH_ORDER_PENDING_NEW] = { D, D, A_DIM },
	[TH_ORDER_NEW] = { D, D, 0 },
	[TH_ORDER_PARTIALLY_FILLED] = { COLOR_YELLOW, D, 0 },
	[TH_ORDER_FILLED] = { COLOR_GREEN, D, 0 },
	[TH_ORDER_PENDING_CANCEL] = { COLOR_YELLOW, D, A_DIM },
	[TH_ORDER_CANCELED] = { D, D, A_DIM },
	[TH_ORDER_PENDING_REPLACE] = { COLOR_YELLOW, D, A_DIM },
	[TH_ORDER_REJECTED] = { COLOR_RED, D, A_BOLD },
	[TH_ORDER_EXPIRED] = { D, D, A_DIM },
	[TH_ORDER_DONE_FOR_DAY] = { D, D, A_DIM },
};

#undef D

/* Without colours these always show, whatever the theme says: what tells
 * a selected row, a heading, a focused pane or a loss apart. */
static const attr_t mono[TH_COUNT] = {
	[TH_HEADER] = A_UNDERLINE,
	[TH_PANE_TITLE] = A_BOLD,
	[TH_PANE_FOCUS] = A_BOLD,
	[TH_SELECTION] = A_REVERSE,
	[TH_STATUS_BAR] = A_REVERSE,
	/* Not reversed: it stands out of the reversed status line. */
	[TH_STATUS_HALTED] = A_BOLD | A_UNDERLINE,
	[TH_PROMPT] = A_BOLD,
	[TH_MESSAGE_ERROR] = A_BOLD,
	[TH_MESSAGE_WARN] = A_BOLD,
	[TH_PNL_DOWN] = A_UNDERLINE,
	[TH_QUOTE_DOWN] = A_UNDERLINE,
	/* A session down stands out as a halt does; one on its way up is
	 * underlined. */
	[TH_FIX_CONNECTING] = A_UNDERLINE,
	[TH_FIX_DOWN] = A_BOLD | A_UNDERLINE,
	[TH_ORDER_FLAGGED] = A_BOLD,
	[TH_ORDER_REJECTED] = A_BOLD,
};

static const struct {
	const char *name;
	attr_t	attr;
} attr_names[] = {
	{ "bold", A_BOLD }, { "dim", A_DIM }, { "underline", A_UNDERLINE },
	{ "reverse", A_REVERSE }, { "standout", A_STANDOUT },
	{ "blink", A_BLINK }, { "italic", A_ITALIC },
};

#define NATTRS	(sizeof attr_names / sizeof attr_names[0])

static const char *const colour_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static struct theme_style cur[TH_COUNT];
static attr_t live[TH_COUNT];
static bool initialised;		/* cur and live hold a theme */

/* ------------------------------------------------------------- elements */

const char *
theme_element_name(enum theme_element el)
{
	if ((unsigned)el >= TH_COUNT)
		return NULL;
	return element_names[el];
}

int
theme_element_parse(const char *name, enum theme_element *el)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < TH_COUNT; i++)
		if (strcmp(element_names[i], name) == 0) {
			if (el)
				*el = (enum theme_element)i;
			return 0;
		}
	return -1;
}

enum theme_element
theme_order_status(enum order_status s)
{
	if ((unsigned)s >= ORDER_STATUS_COUNT)
		return TH_NORMAL;
	return (enum theme_element)(TH_ORDER_STAGED + (int)s);
}

/* -------------------------------------------------------------- colours */

int
theme_colour_parse(const char *name, int *colour)
{
	const char *digits;
	char	*end;
	long	n;

	if (name == NULL || colour == NULL)
		return -1;
	if (strcasecmp(name, "default") == 0) {
		*colour = THEME_DEFAULT;
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(name, colour_names[i]) == 0) {
			*colour = i;
			return 0;
		}
		if (strncasecmp(name, "bright", 6) == 0 &&
		    strcasecmp(name + 6, colour_names[i]) == 0) {
			*colour = 8 + i;
			return 0;
		}
	}
	if (strncasecmp(name, "color", 5) == 0)
		digits = name + 5;
	else if (strncasecmp(name, "colour", 6) == 0)
		digits = name + 6;
	else
		return -1;
	/* Plain decimal digits only: no sign, blanks or hex. */
	if (digits[0] < '0' || digits[0] > '9' || strlen(digits) > 3)
		return -1;
	errno = 0;
	n = strtol(digits, &end, 10);
	if (*end != '\0' || errno != 0 || n < 0 || n > 255)
		return -1;
	*colour = THEME_COLOUR((int)n);
	return 0;
}

char *
theme_colour_name(int colour, char *buf, size_t len)
{
	int	n;

	if (buf == NULL || len == 0)
		return NULL;
	if (colour == THEME_DEFAULT)
		n = snprintf(buf, len, "default");
	else if (colour >= 0 && colour < 8)
		n = snprintf(buf, len, "%s", colour_names[colour]);
	else if (colour >= 8 && colour < 16)
		n = snprintf(buf, len, "bright%s", colour_names[colour - 8]);
	else if (colour >= THEME_COLOUR(0) && colour <= THEME_COLOUR(255))
		n = snprintf(buf, len, "color%d", colour - THEME_COLOUR(0));
	else
		return NULL;
	return n >= 0 && (size_t)n < len ? buf : NULL;
}

/* A grey level 0-255 as black, white or the terminal's default. */
static int
nearest_grey(int v)
{
	if (v < 64)
		return COLOR_BLACK;
	if (v >= 192)
		return COLOR_WHITE;
	return THEME_DEFAULT;
}

/* The basic colour (0-7) or default nearest to entry N of the 256-colour
 * palette: the 6x6x6 cube keeps the components that are at least about
 * half of the strongest one, so orange stays red and dark green green. */
static int
nearest_basic(int n)
{
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };
	int	r, g, b, mx, th;

	if (n < 8)
		return n;
	if (n < 16)
		return n - 8;
	if (n >= 232)
		return nearest_grey(8 + 10 * (n - 232));
	n -= 16;
	r = n / 36;
	g = n / 6 % 6;
	b = n % 6;
	if (r == g && g == b)
		return nearest_grey(level[r]);
	mx = r > g ? r : g;
	mx = mx > b ? mx : b;
	th = mx / 2 + 1;
	return (r >= th ? COLOR_RED : 0) | (g >= th ? COLOR_GREEN : 0) |
	    (b >= th ? COLOR_BLUE : 0);
}

int
theme_colour_resolve(int colour, int ncolours, attr_t *bold)
{
	int	n;

	if (bold)
		*bold = 0;
	if (colour < 0 || colour > THEME_COLOUR(255))
		return THEME_DEFAULT;
	if (colour < 16) {
		if (colour < ncolours)
			return colour;
		if (colour < 8)
			return THEME_DEFAULT;
		/* brightred on 8 colours: red, and bold brightens it. */
		if (bold)
			*bold = A_BOLD;
		return colour - 8 < ncolours ? colour - 8 : THEME_DEFAULT;
	}
	if (colour < THEME_COLOUR(0))
		return THEME_DEFAULT;
	n = colour - THEME_COLOUR(0);
	if (n < ncolours)
		return n;
	n = nearest_basic(n);
	return n < ncolours ? n : THEME_DEFAULT;
}

/* ------------------------------------------------------------ the table */

/* live[] for attributes only: the theme's own plus the built-in ones. */
static void
make_mono(void)
{
	for (int i = 0; i < TH_COUNT; i++)
		live[i] = cur[i].attrs | mono[i];
}

static void
ensure_init(void)
{
	if (initialised)
		return;
	memcpy(cur, builtin, sizeof cur);
	make_mono();
	initialised = true;
}

void
theme_reset(void)
{
	memcpy(cur, builtin, sizeof cur);
	make_mono();
	initialised = true;
}

int
theme_style(enum theme_element el, struct theme_style *out)
{
	if ((unsigned)el >= TH_COUNT || out == NULL)
		return -1;
	ensure_init();
	*out = cur[el];
	return 0;
}

attr_t
theme_attr(enum theme_element el)
{
	if ((unsigned)el >= TH_COUNT)
		return A_NORMAL;
	ensure_init();
	return live[el];
}

void
theme_write(struct sbuf *out)
{
	ensure_init();
	sbuf_puts(out, "# element                 foreground  background"
	    "  attributes\n");
	for (int i = 0; i < TH_COUNT; i++) {
		char	fg[16], bg[16];

		if (!theme_colour_name(cur[i].fg, fg, sizeof fg))
			str_copy(fg, sizeof fg, "default");
		if (!theme_colour_name(cur[i].bg, bg, sizeof bg))
			str_copy(bg, sizeof bg, "default");
		sbuf_printf(out, "%-25s %-11s %-11s", element_names[i], fg, bg);
		for (size_t a = 0; a < NATTRS; a++)
			if (attr_names[a].attr != 0 &&
			    (cur[i].attrs & attr_names[a].attr))
				sbuf_printf(out, " %s", attr_names[a].name);
		/* Trim the padding of a line without attributes. */
		while (out->len > 0 && out->p[out->len - 1] == ' ')
			out->p[--out->len] = '\0';
		sbuf_puts(out, "\n");
	}
}

/* -------------------------------------------------------------- loading */

static const char SEPS[] = " \t\r\n\v\f";
#define MAXFIELDS	16

static void
bad_colour(struct sbuf *errors, const char *path, unsigned lineno,
    const char *what, const char *name)
{
	if (errors)
		sbuf_printf(errors, "%s:%u: unknown %s colour \"%s\" (expected "
		    "default, black, red, green, yellow, blue, magenta, cyan, "
		    "white, bright..., or color0 to color255)\n", path, lineno,
		    what, name);
}

/* Parse LINE (comment already cut) into TMP, remembering in SEEN the line
 * each element came from.  Returns 0 (or 1 for a blank line), or -1 with
 * the message appended to ERRORS. */
static int
parse_line(char *line, const char *path, unsigned lineno,
    struct theme_style *tmp, unsigned *seen, struct sbuf *errors)
{
	char	*f[MAXFIELDS], *save = NULL, *t;
	size_t	nf = 0;
	enum theme_element el;
	struct theme_style st = { 0, 0, 0 };
	bool	none = false;

	for (t = strtok_r(line, SEPS, &save); t != NULL;
	    t = strtok_r(NULL, SEPS, &save)) {
		if (nf < MAXFIELDS)
			f[nf] = t;
		nf++;
	}
	if (nf == 0)
		return 1;
	if (nf < 3 || nf > 3 + NATTRS + 1) {
		if (errors)
			sbuf_printf(errors, "%s:%u: expected ELEMENT "
			    "FOREGROUND BACKGROUND [ATTRIBUTE...], found %zu "
			    "field%s\n",
			    path, lineno, nf, nf == 1 ? "" : "s");
		return -1;
	}
	if (theme_element_parse(f[0], &el) == -1) {
		if (errors)
			sbuf_printf(errors, "%s:%u: unknown element \"%s\"\n",
			    path, lineno, f[0]);
		return -1;
	}
	if (theme_colour_parse(f[1], &st.fg) == -1) {
		bad_colour(errors, path, lineno, "foreground", f[1]);
		return -1;
	}
	if (theme_colour_parse(f[2], &st.bg) == -1) {
		bad_colour(errors, path, lineno, "background", f[2]);
		return -1;
	}
	for (size_t i = 3; i < nf; i++) {
		size_t	a;

		if (strcasecmp(f[i], "none") == 0) {
			none = true;
			continue;
		}
		for (a = 0; a < NATTRS; a++)
			if (strcasecmp(f[i], attr_names[a].name) == 0)
				break;
		if (a == NATTRS) {
			if (errors)
				sbuf_printf(errors, "%s:%u: unknown attribute "
				    "\"%s\" (expected bold, dim, underline, "
				    "reverse, standout, blink, italic or "
				    "none)\n", path, lineno, f[i]);
			return -1;
		}
		st.attrs |= attr_names[a].attr;
	}
	if (none && nf > 4) {
		if (errors)
			sbuf_printf(errors, "%s:%u: attribute none cannot go "
			    "with other attributes\n", path, lineno);
		return -1;
	}
	if (seen[el]) {
		if (errors)
			sbuf_printf(errors, "%s:%u: %s is already set on line "
			    "%u\n", path, lineno, element_names[el], seen[el]);
		return -1;
	}
	seen[el] = lineno;
	tmp[el] = st;
	return 0;
}

/* Read PATH over BASE; commit to the current theme only if every line is
 * good. */
/* A theme file being read into a copy of the theme. */
struct theme_file {
	const char *path;
	struct theme_style *tmp;
	unsigned seen[TH_COUNT];
	struct sbuf *errors;
};

static int
theme_file_line(void *ctx, char *line, unsigned lineno)
{
	struct theme_file *f = ctx;

	return parse_line(line, f->path, lineno, f->tmp, f->seen, f->errors);
}

static int
load_over(const char *path, const struct theme_style *base,
    struct sbuf *errors)
{
	struct theme_style tmp[TH_COUNT];
	struct theme_file f = { path, tmp, { 0 }, errors };

	if (path == NULL)
		return -1;
	memcpy(tmp, base, sizeof tmp);
	if (textfile_lines(path, theme_file_line, &f, errors) == -1)
		return -1;
	memcpy(cur, tmp, sizeof cur);
	make_mono();
	initialised = true;
	return 0;
}

int
theme_load(const char *path, struct sbuf *errors)
{
	ensure_init();
	return load_over(path, cur, errors);
}

int
theme_switch(const char *path, struct sbuf *errors)
{
	return load_over(path, builtin, errors);
}

/* ------------------------------------------------------------- applying */

bool
theme_colour_wanted(void)
{
	const char *nc = getenv("NO_COLOR");

	return has_colors() && (nc == NULL || nc[0] == '\0');
}

void
theme_apply(bool use_colour)
{
	short	pf[TH_COUNT], pb[TH_COUNT];	/* pairs made so far */
	int	npairs = 0;
	bool	default_colours;

	ensure_init();
	make_mono();
	if (!use_colour || !has_colors())
		return;
	/* Both are harmless to repeat, and a new screen needs them again. */
	if (start_color() == ERR)
		return;
	default_colours = use_default_colors() == OK;
	for (int i = 0; i < TH_COUNT; i++) {
		attr_t	bold;
		int	fg = theme_colour_resolve(cur[i].fg, COLORS, &bold);
		int	bg = theme_colour_resolve(cur[i].bg, COLORS, NULL);
		int	pair = -1;

		if (!default_colours) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		if (fg == -1 && bg == -1) {
			pair = 0;	/* the terminal's own colours */
		} else {
			for (int p = 0; p < npairs && pair < 0; p++)
				if (pf[p] == fg && pb[p] == bg)
					pair = p + 1;
			if (pair < 0 && npairs + 1 < COLOR_PAIRS &&
			    init_pair((short)(npairs + 1), (short)fg,
			    (short)bg) == OK) {
				pf[npairs] = (short)fg;
				pb[npairs] = (short)bg;
				pair = ++npairs;
			}
		}
		if (pair < 0)		/* out of pairs: stay readable */
			live[i] = cur[i].attrs | mono[i];
		else
			live[i] = cur[i].attrs | bold | COLOR_PAIR(pair);
	}
}
