/* src/tui/keymap.c: key names, and per-pane bindings of an action table.
 *
 * key_names[] is the one table of key names and codes: the loader parses
 * with it, the help screen and the writer name keys with it.  Printable
 * ASCII characters stand for themselves and are not in the table, except
 * Space and Hash ('#' starts a comment in keymap files).  Canonical names
 * come first; a code's first entry is its name when writing, so C-i is
 * written Tab and C-m Enter, and aliases (Del, PageUp, ...) only parse.
 *
 * A keymap holds, per pane, an array of bindings in file order: the key
 * and the index of its action in the caller's table.  Loading parses the
 * whole file into a list first and commits only when no line was bad, so
 * a broken user file leaves the keymap exactly as it was. */
#include "config.h"
#include "keymap.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "sbuf.h"
#include "textfile.h"

const char *const keymap_panes[] = {
	"global", "blotter", "positions", "pnl", "quotes", "messages",
	"ticket", "prompt", "dialog", "review", "alloc", "help",
};
const size_t keymap_npanes = sizeof keymap_panes / sizeof keymap_panes[0];

#define NPANES		(sizeof keymap_panes / sizeof keymap_panes[0])
_Static_assert(NPANES == KEYMAP_HELP + 1, "enum keymap_pane names every pane");
#define PANE_GLOBAL	0
#define ACTION_NONE	((size_t)-1)	/* "none": unbind */

struct key_name {
	const char *name;
	int	code;
};

#define CTL(c)	((c) & 0x1f)

static const struct key_name key_names[] = {
	{ "Enter", '\r' }, { "Esc", 27 }, { "Tab", '\t' },
	{ "S-Tab", KEY_BTAB }, { "Space", ' ' }, { "Hash", '#' },
	{ "Backspace", KEY_BACKSPACE }, { "Delete", KEY_DC },
	{ "Insert", KEY_IC }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE },
	{ "Up", KEY_UP }, { "Down", KEY_DOWN },
	{ "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "F1", KEY_F(1) }, { "F2", KEY_F(2) }, { "F3", KEY_F(3) },
	{ "F4", KEY_F(4) }, { "F5", KEY_F(5) }, { "F6", KEY_F(6) },
	{ "F7", KEY_F(7) }, { "F8", KEY_F(8) }, { "F9", KEY_F(9) },
	{ "F10", KEY_F(10) }, { "F11", KEY_F(11) }, { "F12", KEY_F(12) },
	{ "C-a", CTL('a') }, { "C-b", CTL('b') }, { "C-c", CTL('c') },
	{ "C-d", CTL('d') }, { "C-e", CTL('e') }, { "C-f", CTL('f') },
	{ "C-g", CTL('g') }, { "C-h", CTL('h') }, { "C-i", CTL('i') },
	{ "C-j", CTL('j') }, { "C-k", CTL('k') }, { "C-l", CTL('l') },
	{ "C-m", CTL('m') }, { "C-n", CTL('n') }, { "C-o", CTL('o') },
	{ "C-p", CTL('p') }, { "C-q", CTL('q') }, { "C-r", CTL('r') },
	{ "C-s", CTL('s') }, { "C-t", CTL('t') }, { "C-u", CTL('u') },
	{ "C-v", CTL('v') }, { "C-w", CTL('w') }, { "C-x", CTL('x') },
	{ "C-y", CTL('y') }, { "C-z", CTL('z') },
	/* Aliases: accepted when reading, never written. */
	{ "Return", '\r' }, { "Escape", 27 }, { "BTab", KEY_BTAB },
	{ "Del", KEY_DC }, { "Ins", KEY_IC },
	{ "PageUp", KEY_PPAGE }, { "PageDown", KEY_NPAGE },
};

#define NKEYNAMES	(sizeof key_names / sizeof key_names[0])

struct binding {
	int	key;
	size_t	action;			/* index into the action table */
};

struct keymap {
	const struct keymap_action *actions;
	size_t	nactions;
	struct {
		struct binding *v;
		size_t	n, cap;
	} pane[NPANES];
};

/* ------------------------------------------------------------ key names */

bool
keymap_key_is_text(int key)
{
	return key >= 0x20 && key < 0x7f;
}

int
keymap_meta(int key)
{
	return key | KEYMAP_META;
}

int
keymap_after_esc(int next)
{
	/* A curses key (an arrow, F5) or another ESC never takes Alt: the
	 * ESC stays a key of its own. */
	if (next < 0 || next == 27 || next >= KEY_MIN || (next & KEYMAP_META))
		return -1;
	return keymap_meta(next);
}

int
keymap_key_canon(int key)
{
	if (key == KEY_ENTER)
		return '\r';
	if (key == 127)
		return KEY_BACKSPACE;
	return key;
}

const char *
keymap_key_table(size_t i, int *key)
{
	if (i >= NKEYNAMES)
		return NULL;
	if (key)
		*key = key_names[i].code;
	return key_names[i].name;
}

/* The canonical name of a key without Meta, or NULL. */
static const char *
base_name(int key, char *one)
{
	for (size_t i = 0; i < NKEYNAMES; i++)
		if (key_names[i].code == key)
			return key_names[i].name;
	if (keymap_key_is_text(key)) {
		one[0] = (char)key;
		one[1] = '\0';
		return one;
	}
	return NULL;
}

char *
keymap_key_name(int key, char *buf, size_t len)
{
	bool	meta = key >= 0 && (key & KEYMAP_META);
	int	base = meta ? key & ~KEYMAP_META : key;
	char	one[2];
	const char *name = base_name(base, one);

	if (name == NULL || (base & KEYMAP_META)) {
		if (len > 0)
			snprintf(buf, len, "key 0x%x", (unsigned)key);
		return NULL;
	}
	if (len == 0)
		return NULL;
	if ((size_t)snprintf(buf, len, "%s%s", meta ? "M-" : "", name) >= len)
		return NULL;
	return buf;
}

/* Parse a key name without the M- prefix. */
static int
parse_base(const char *name, int *key)
{
	if (name[0] != '\0' && name[1] == '\0') {
		if (!keymap_key_is_text((unsigned char)name[0]))
			return -1;
		*key = (unsigned char)name[0];
		return 0;
	}
	for (size_t i = 0; i < NKEYNAMES; i++)
		if (strcasecmp(key_names[i].name, name) == 0) {
			*key = key_names[i].code;
			return 0;
		}
	return -1;
}

int
keymap_key_parse(const char *name, int *key)
{
	int	k;

	if (name == NULL || key == NULL || name[0] == '\0')
		return -1;
	/* "M-" itself is not a key; "M" and "-" are, as single characters. */
	if ((name[0] == 'M' || name[0] == 'm') && name[1] == '-' &&
	    name[2] != '\0') {
		if (parse_base(name + 2, &k) == -1)
			return -1;
		*key = keymap_meta(k);
		return 0;
	}
	if (parse_base(name, &k) == -1)
		return -1;
	*key = k;
	return 0;
}

/* ---------------------------------------------------------------- panes */

static int
pane_index(const char *pane)
{
	if (pane == NULL)
		return -1;
	for (size_t i = 0; i < NPANES; i++)
		if (strcmp(keymap_panes[i], pane) == 0)
			return (int)i;
	return -1;
}

bool
keymap_pane_valid(const char *pane)
{
	return pane_index(pane) >= 0;
}

static bool
pane_takes_text(int p)
{
	return p >= 0 && (strcmp(keymap_panes[p], "prompt") == 0 ||
	    strcmp(keymap_panes[p], "ticket") == 0);
}

bool
keymap_pane_takes_text(const char *pane)
{
	return pane_takes_text(pane_index(pane));
}

/* ------------------------------------------------------------- the map */

struct keymap *
keymap_new(const struct keymap_action *actions, size_t n)
{
	struct keymap *km = xcalloc(1, sizeof *km);

	km->actions = actions;
	km->nactions = n;
	return km;
}

void
keymap_free(struct keymap *km)
{
	if (km == NULL)
		return;
	for (size_t p = 0; p < NPANES; p++)
		free(km->pane[p].v);
	free(km);
}

static size_t
action_index(const struct keymap *km, const char *name)
{
	for (size_t i = 0; i < km->nactions; i++)
		if (strcmp(km->actions[i].name, name) == 0)
			return i;
	return ACTION_NONE;
}

const char *
keymap_action_help(const struct keymap *km, const char *action)
{
	size_t	a;

	if (km == NULL || action == NULL)
		return NULL;
	a = action_index(km, action);
	return a == ACTION_NONE ? NULL : km->actions[a].help;
}

/* The binding of KEY in pane P, or NULL. */
static const struct binding *
find(const struct keymap *km, int p, int key)
{
	for (size_t i = 0; i < km->pane[p].n; i++)
		if (km->pane[p].v[i].key == key)
			return &km->pane[p].v[i];
	return NULL;
}

/* Bind KEY in pane P to action A, or unbind it when A is ACTION_NONE. */
static void
set_binding(struct keymap *km, int p, int key, size_t a)
{
	struct binding *v = km->pane[p].v;
	size_t	n = km->pane[p].n;

	for (size_t i = 0; i < n; i++) {
		if (v[i].key != key)
			continue;
		if (a == ACTION_NONE) {
			memmove(&v[i], &v[i + 1], (n - i - 1) * sizeof *v);
			km->pane[p].n--;
		} else {
			v[i].action = a;	/* keep its place */
		}
		return;
	}
	if (a == ACTION_NONE)
		return;
	if (n == km->pane[p].cap) {
		km->pane[p].cap = n ? 2 * n : 16;
		km->pane[p].v = xrealloc(v, km->pane[p].cap * sizeof *v);
	}
	km->pane[p].v[n] = (struct binding){ .key = key, .action = a };
	km->pane[p].n++;
}

/* The binding keymap_action() would use for KEY in pane P, or NULL. */
static const struct binding *
resolve(const struct keymap *km, int p, int key)
{
	const struct binding *b = NULL;

	if (p > PANE_GLOBAL)
		b = find(km, p, key);
	if (b != NULL)
		return b;
	/* Typed text goes to the field, not to a global shortcut. */
	if (pane_takes_text(p) && keymap_key_is_text(key))
		return NULL;
	return find(km, PANE_GLOBAL, key);
}

const char *
keymap_action(const struct keymap *km, const char *pane, int key)
{
	const struct binding *b;

	if (km == NULL)
		return NULL;
	b = resolve(km, pane_index(pane), key);
	return b ? km->actions[b->action].name : NULL;
}

const char *
keymap_action_local(const struct keymap *km, const char *pane, int key)
{
	const struct binding *b;
	int	p = pane_index(pane);

	if (km == NULL || p < 0)
		return NULL;
	b = find(km, p, key);
	return b ? km->actions[b->action].name : NULL;
}

/* Describe binding X of pane P in B, for the help screen and writers. */
static void
binding_out(const struct keymap *km, size_t p, const struct binding *x,
    struct keymap_binding *b)
{
	b->pane = keymap_panes[p];
	b->key = x->key;
	keymap_key_name(x->key, b->key_name, sizeof b->key_name);
	b->action = km->actions[x->action].name;
	b->help = km->actions[x->action].help;
}

int
keymap_next_in(const struct keymap *km, const char *pane, size_t *pos,
    struct keymap_binding *b)
{
	int	p = pane_index(pane);

	if (km == NULL || pos == NULL || b == NULL || p < 0)
		return 0;
	for (;;) {
		size_t	i = *pos, ng = km->pane[PANE_GLOBAL].n;
		size_t	own = p > PANE_GLOBAL ? km->pane[p].n : 0;
		const struct binding *x;
		int	from = PANE_GLOBAL;

		if (i < ng) {
			x = &km->pane[PANE_GLOBAL].v[i];
			/* Shadowed by the pane, or text in a text pane. */
			if (resolve(km, p, x->key) != x) {
				(*pos)++;
				continue;
			}
		} else if (i - ng < own) {
			x = &km->pane[p].v[i - ng];
			from = p;
		} else {
			return 0;
		}
		/* Bound, but doing nothing where the trader is. */
		if (!(km->actions[x->action].panes & KEYMAP_IN(p))) {
			(*pos)++;
			continue;
		}
		binding_out(km, from, x, b);
		(*pos)++;
		return 1;
	}
}

bool
keymap_action_works(const struct keymap *km, const char *pane,
    const char *action)
{
	int	p = pane_index(pane);
	size_t	a;

	if (km == NULL || p < 0 || action == NULL)
		return false;
	a = action_index(km, action);
	return a != ACTION_NONE && (km->actions[a].panes & KEYMAP_IN(p));
}

const struct keymap_action *
keymap_action_entry(const struct keymap *km, const char *action)
{
	size_t	a;

	if (km == NULL || action == NULL)
		return NULL;
	a = action_index(km, action);
	return a == ACTION_NONE ? NULL : &km->actions[a];
}

bool
keymap_action_acts(const struct keymap *km, const char *action)
{
	size_t	a;

	if (km == NULL || action == NULL)
		return true;
	a = action_index(km, action);
	return a == ACTION_NONE || km->actions[a].acts;
}

int
keymap_key_for(const struct keymap *km, const char *pane, const char *action)
{
	int	p = pane_index(pane);
	size_t	a;

	if (km == NULL || action == NULL)
		return -1;
	a = action_index(km, action);
	if (a == ACTION_NONE)
		return -1;
	if (p < 0)
		p = PANE_GLOBAL;
	for (size_t i = 0; i < km->pane[p].n; i++)
		if (km->pane[p].v[i].action == a)
			return km->pane[p].v[i].key;
	if (p == PANE_GLOBAL)
		return -1;
	/* A global key counts only if the pane does not shadow it. */
	for (size_t i = 0; i < km->pane[PANE_GLOBAL].n; i++) {
		const struct binding *g = &km->pane[PANE_GLOBAL].v[i];

		if (g->action == a && resolve(km, p, g->key) == g)
			return g->key;
	}
	return -1;
}

size_t
keymap_count(const struct keymap *km, const char *pane)
{
	size_t	n = 0;
	int	p;

	if (km == NULL)
		return 0;
	if (pane == NULL) {
		for (size_t i = 0; i < NPANES; i++)
			n += km->pane[i].n;
		return n;
	}
	p = pane_index(pane);
	return p < 0 ? 0 : km->pane[p].n;
}

int
keymap_next(const struct keymap *km, const char *pane, size_t *pos,
    struct keymap_binding *b)
{
	size_t	first = 0, last = NPANES, i;
	const struct binding *x;

	if (km == NULL || pos == NULL || b == NULL)
		return 0;
	if (pane != NULL) {
		int	p = pane_index(pane);

		if (p < 0)
			return 0;
		first = (size_t)p;
		last = first + 1;
	}
	i = *pos;
	for (size_t p = first; p < last; p++) {
		if (i >= km->pane[p].n) {
			i -= km->pane[p].n;
			continue;
		}
		x = &km->pane[p].v[i];
		binding_out(km, p, x, b);
		(*pos)++;
		return 1;
	}
	return 0;
}

void
keymap_write(const struct keymap *km, struct sbuf *out)
{
	struct keymap_binding b;
	size_t	pos = 0;

	sbuf_puts(out, "# pane      key        action\n");
	while (keymap_next(km, NULL, &pos, &b))
		sbuf_printf(out, "%-11s %-10s %s\n", b.pane, b.key_name,
		    b.action);
}

/* -------------------------------------------------------------- loading */

struct pending {
	int	pane;
	int	key;
	size_t	action;			/* ACTION_NONE: unbind */
	unsigned line;
};

static const char SEPS[] = " \t\r\n\v\f";

/* Parse LINE (comment already cut) into *OUT; on a bad line append the
 * message for PATH:LINENO to ERRORS and return -1.  Returns 0 for a
 * binding, 1 for a blank line. */
static int
parse_line(const struct keymap *km, char *line, const char *path,
    unsigned lineno, struct pending *out, struct sbuf *errors)
{
	char	*f[4], *save = NULL;
	size_t	nf = 0;
	char	*t;

	for (t = strtok_r(line, SEPS, &save); t != NULL;
	    t = strtok_r(NULL, SEPS, &save)) {
		if (nf < 4)
			f[nf] = t;
		nf++;
	}
	if (nf == 0)
		return 1;
	if (nf != 3) {
		if (errors)
			sbuf_printf(errors, "%s:%u: expected PANE KEY ACTION, "
			    "found %zu field%s\n", path, lineno, nf,
			    nf == 1 ? "" : "s");
		return -1;
	}
	out->line = lineno;
	out->pane = pane_index(f[0]);
	if (out->pane < 0) {
		if (errors) {
			sbuf_printf(errors, "%s:%u: unknown pane \"%s\" "
			    "(expected", path, lineno, f[0]);
			for (size_t i = 0; i < NPANES; i++)
				sbuf_printf(errors, "%s %s", i ? "," : "",
				    keymap_panes[i]);
			sbuf_puts(errors, ")\n");
		}
		return -1;
	}
	if (keymap_key_parse(f[1], &out->key) == -1) {
		if (errors)
			sbuf_printf(errors, "%s:%u: unknown key name \"%s\"\n",
			    path, lineno, f[1]);
		return -1;
	}
	if (strcmp(f[2], "none") == 0) {
		out->action = ACTION_NONE;
	} else {
		out->action = action_index(km, f[2]);
		if (out->action == ACTION_NONE) {
			if (errors)
				sbuf_printf(errors, "%s:%u: unknown action "
				    "\"%s\"\n", path, lineno, f[2]);
			return -1;
		}
	}
	return 0;
}

/* A keymap file being read: its bindings are held here until the whole
 * file has proved good. */
struct keymap_file {
	struct keymap *km;
	const char *path;
	struct sbuf *errors;
	struct pending *list;
	size_t	n, cap;
};

static int
keymap_file_line(void *ctx, char *line, unsigned lineno)
{
	struct keymap_file *f = ctx;
	struct pending pd;

	switch (parse_line(f->km, line, f->path, lineno, &pd, f->errors)) {
	case -1:
		return -1;
	case 1:
		return 0;
	}
	/* Twice in one file is a mistake: the second would win silently.
	 * C-i and Tab are the same key. */
	for (size_t i = 0; i < f->n; i++) {
		char	kn[KEYMAP_KEY_NAME_MAX];

		if (f->list[i].pane != pd.pane || f->list[i].key != pd.key)
			continue;
		if (f->errors)
			sbuf_printf(f->errors, "%s:%u: %s %s is already bound "
			    "on line %u\n", f->path, lineno,
			    keymap_panes[pd.pane], keymap_key_name(pd.key, kn,
			    sizeof kn) ? kn : "key", f->list[i].line);
		return -1;
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->list = xrealloc(f->list, f->cap * sizeof *f->list);
	}
	f->list[f->n++] = pd;
	return 0;
}

int
keymap_load(struct keymap *km, const char *path, struct sbuf *errors)
{
	struct keymap_file f = { km, path, errors, NULL, 0, 0 };
	int	rc;

	if (km == NULL || path == NULL)
		return -1;
	rc = textfile_lines(path, keymap_file_line, &f, errors);
	if (rc == 0)
		for (size_t i = 0; i < f.n; i++)
			set_binding(km, f.list[i].pane, f.list[i].key,
			    f.list[i].action);
	free(f.list);
	return rc;
}
