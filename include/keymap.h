/* include/keymap.h: which key does what in which pane of the screen.
 *
 * A key is an int: a curses key code (KEY_UP, KEY_F(1), ...), a character
 * (printable ASCII or a control character), or keymap_meta(k) for Alt/Meta
 * plus a key.  Names such as "Enter", "C-l" or "M-v" map to and from these
 * codes through one table shared by the loader, the help screen and the
 * writer.  Bindings live per pane; a pane's own binding wins over the same
 * key in "global".  Keymaps are text files (keymaps/default.keys describes
 * the format); loading applies a whole file or, if any line is bad, none. */
#ifndef BLOTTER_KEYMAP_H
#define BLOTTER_KEYMAP_H
#include <stdbool.h>
#include <stddef.h>

struct sbuf;
struct keymap;				/* opaque: fields live in keymap.c */

/* Alt/Meta: far above curses key codes (KEY_MAX and ncurses' extended
 * keys) and above Unicode, so it never collides with a real key. */
#define KEYMAP_META		0x1000000
#define KEYMAP_KEY_NAME_MAX	24	/* longest name plus NUL, with room */

struct ui;

/* The panes, by their place in keymap_panes[]. */
enum keymap_pane {
	KEYMAP_GLOBAL, KEYMAP_BLOTTER, KEYMAP_POSITIONS, KEYMAP_PNL,
	KEYMAP_QUOTES, KEYMAP_MESSAGES, KEYMAP_TICKET, KEYMAP_PROMPT,
	KEYMAP_DIALOG, KEYMAP_REVIEW, KEYMAP_ALLOC, KEYMAP_HELP
};
#define KEYMAP_IN(pane)	(1u << (pane))	/* a bit of keymap_action.panes */

/* An action a key can be bound to; "none" is reserved (it unbinds).
 * The screen declares each of its actions once (ui_actions[] in
 * src/tui/actions.c): the keymap reads the name, the panes and whether
 * it acts; the help screen the help; the screen runs the handler. */
struct keymap_action {
	const char *name;		/* lower-case, dashes: "order-cancel" */
	void	(*run)(struct ui *);	/* the screen's handler; may be NULL */
	unsigned panes;			/* KEYMAP_IN() bits: where it works */
	bool	acts;			/* sends, changes, answers or quits */
	const char *help;		/* one line for the help screen */
};

/* Whether ACTION does something a stray key must not do: send, cancel or
 * change an order, answer a question, quit (or is unknown); false for
 * what only moves, shows, or opens a line or the ticket to type in. */
bool	keymap_action_acts(const struct keymap *, const char *action);

/* Whether ACTION does anything when its key is pressed in PANE (the
 * focused pane, or "global" when the ticket is merely focused): what
 * the help lists and the screen runs there.  False for an unknown pane
 * or action. */
bool	keymap_action_works(const struct keymap *, const char *pane,
	    const char *action);
/* The entry of ACTION in the keymap's table, or NULL.  Borrowed. */
const struct keymap_action *keymap_action_entry(const struct keymap *,
	    const char *action);

/* The panes, in help-screen order: "global" first. */
extern const char *const keymap_panes[];
extern const size_t keymap_npanes;

/* One binding as the help screen and the writer see it. */
struct keymap_binding {
	const char *pane;		/* borrowed: a keymap_panes[] entry */
	int	key;
	char	key_name[KEYMAP_KEY_NAME_MAX];
	const char *action;		/* borrowed: from the action table */
	const char *help;		/* borrowed: from the action table */
};

/* Make an empty keymap accepting the N ACTIONS (borrowed: the table must
 * outlive the keymap).  Never NULL (out of memory is fatal). */
struct keymap *keymap_new(const struct keymap_action *actions, size_t n);
void	keymap_free(struct keymap *);		/* NULL is a no-op */

/* Read the keymap file PATH and apply it on top of what is loaded: a
 * binding replaces the same pane and key (keeping its place), "none"
 * removes it.  Every bad line is appended to ERRORS (may be NULL) as
 * "PATH:LINE: message\n"; a file that cannot be read or has any bad line
 * changes nothing and returns -1.  Returns 0 on success. */
int	keymap_load(struct keymap *, const char *path, struct sbuf *errors);

/* The action bound to KEY in PANE, else in "global"; NULL when unbound.
 * In the panes that take typed text (keymap_pane_takes_text()), printable
 * keys they do not bind themselves are text: NULL, never a global action.
 * An unknown or NULL PANE looks in "global" only.  Borrowed. */
const char *keymap_action(const struct keymap *, const char *pane, int key);
/* The action bound to KEY in PANE itself, ignoring "global".  Borrowed. */
const char *keymap_action_local(const struct keymap *, const char *pane,
	    int key);
/* The first key (in binding order) that runs ACTION in PANE as
 * keymap_action() resolves it, or -1: for the help bar ("b buy"). */
int	keymap_key_for(const struct keymap *, const char *pane,
	    const char *action);
/* The help text of ACTION, or NULL if the table has no such action. */
const char *keymap_action_help(const struct keymap *, const char *action);

/* The number of bindings in PANE, or in every pane when PANE is NULL. */
size_t	keymap_count(const struct keymap *, const char *pane);
/* Iterate the bindings of PANE (every pane when NULL) in pane order, then
 * file order: start with *POS = 0; fills B and returns 1, or 0 at the end. */
int	keymap_next(const struct keymap *, const char *pane, size_t *pos,
	    struct keymap_binding *b);
/* Iterate the bindings that work in PANE, as keymap_action() resolves
 * keys there: the global ones the pane neither shadows nor takes as
 * text, then the pane's own (in "global", the global ones).  Start
 * with *POS = 0; fills B and returns 1, or 0 at the end (or for an
 * unknown PANE). */
int	keymap_next_in(const struct keymap *, const char *pane, size_t *pos,
	    struct keymap_binding *b);
/* Append every binding to OUT in the keymap file format (loadable). */
void	keymap_write(const struct keymap *, struct sbuf *out);

/* Whether PANE is a known pane name. */
bool	keymap_pane_valid(const char *pane);
/* Whether PANE takes typed text (prompt, ticket). */
bool	keymap_pane_takes_text(const char *pane);

/* Name KEY into BUF (LEN bytes, KEYMAP_KEY_NAME_MAX is enough): "a", "?",
 * "Enter", "C-x", "M-v", "F5".  Returns BUF, or NULL when KEY has no name
 * (BUF then holds a description such as "key 0x1c", if it fits). */
char	*keymap_key_name(int key, char *buf, size_t len);
/* Parse a key NAME into *KEY.  Returns 0, or -1 (KEY untouched). */
int	keymap_key_parse(const char *name, int *key);
/* The I-th entry of the key name table (including aliases such as Del
 * for Delete, which come after the canonical names); NULL past the end.
 * Printable characters other than Space and Hash are not in the table. */
const char *keymap_key_table(size_t i, int *key);
/* KEY with Alt/Meta held: what the screen builds when ESC comes right
 * before another key. */
int	keymap_meta(int key);
/* The key that ESC followed at once by NEXT stands for, as terminals send
 * Alt: M-NEXT; or -1 when NEXT cannot take Alt (a curses key such as an
 * arrow, ESC itself, nothing: ERR) and ESC is a key of its own. */
int	keymap_after_esc(int next);
/* Whether KEY is a printable ASCII character (text in prompt and ticket). */
bool	keymap_key_is_text(int key);
/* Fold the codes one key may arrive as into the code the table uses:
 * keypad KEY_ENTER into Enter ('\r'), DEL (127) into Backspace. */
int	keymap_key_canon(int key);

#endif
