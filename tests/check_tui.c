/* tests/check_tui.c: unit tests of the screen's text-file tables: key
 * names and keymaps (src/tui/keymap.c), element names and themes
 * (src/tui/theme.c); and of the screen's pure helpers for blocks: the
 * blotter's grouping of members under their block (src/tui/blocktree.c)
 * and the allocation wizard's weights and readers (src/tui/allocwiz.c),
 * the readers also against the engine's real answers; and of the FIX
 * sessions the screen shows: as the engine puts them in the view (held
 * here and held by another blotter) and as the status line fits them
 * (src/app/exec-view.c, src/tui/status.c).
 *
 * Files under test are written to a fresh directory per test, so error
 * messages carry a known "PATH:LINE: " prefix.  The shipped keymaps and
 * themes are read from $srcdir (default ".").  Parsing needs no curses;
 * the one test of theme_apply() makes a screen with newterm() on
 * /dev/null and is skipped when the terminal type is not installed. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <inttypes.h>
#include <curses.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "allocwiz.h"
#include "blocktree.h"
#include "cmd.h"
#include "err.h"
#include "exec.h"
#include "fix.h"
#include "fixed.h"
#include "fixstore.h"
#include "format.h"
#include "keymap.h"
#include "order.h"
#include "result.h"
#include "runtime.h"
#include "sbuf.h"
#include "store.h"
#include "termcheck.h"
#include "testlib.h"
#include "theme.h"
#include "ui.h"
#include "venue.h"
#include "view.h"
#include "../src/tui/screen-int.h"

/* ------------------------------------------------------------- helpers */

static char tmpdir[64];

static void
setup_tmp(void)
{
	str_copy(tmpdir, sizeof tmpdir, "/tmp/check_tui.XXXXXX");
	testlib_temp_dir(tmpdir);
}

static void
teardown_tmp(void)
{
	testlib_rm_dir(tmpdir);
}

/* Write TEXT to a new file in the test's directory; returns its path
 * (caller frees). */
static char *
write_file(const char *text)
{
	char	*path = malloc(128);

	ck_assert_ptr_nonnull(path);
	snprintf(path, 128, "%s/f.XXXXXX", tmpdir);
	testlib_temp_file(path, text, strlen(text));
	return path;
}

/* The path of a shipped file, e.g. shipped("keymaps", "vi.keys"). */
static const char *
shipped(const char *dir, const char *name)
{
	static char path[1024];
	const char *srcdir = getenv("srcdir");

	snprintf(path, sizeof path, "%s/%s/%s",
	    srcdir && *srcdir ? srcdir : ".", dir, name);
	return path;
}

/* How many lines TEXT has (NULL: none). */
static int
count_lines(const char *text)
{
	int	n = 0;

	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}

static struct keymap *
new_keymap(void)
{
	return keymap_new(ui_actions, ui_nactions);
}

/* Load PATH into KM and insist that it worked without a message. */
static void
must_load_keys(struct keymap *km, const char *path)
{
	struct sbuf err = { 0 };
	int	rc = keymap_load(km, path, &err);

	ck_assert_msg(rc == 0 && err.len == 0, "%s: %s", path,
	    err.p ? err.p : "failed");
	sbuf_free(&err);
}

/* Every binding of KM as text, one per line (caller frees). */
static char *
dump_keys(const struct keymap *km)
{
	struct sbuf out = { 0 };

	keymap_write(km, &out);
	return sbuf_take(&out);
}

static void
snapshot_theme(struct theme_style *s)
{
	for (int i = 0; i < TH_COUNT; i++)
		ck_assert_int_eq(theme_style((enum theme_element)i, &s[i]), 0);
}

static bool
same_theme(const struct theme_style *a, const struct theme_style *b)
{
	for (int i = 0; i < TH_COUNT; i++)
		if (a[i].fg != b[i].fg || a[i].bg != b[i].bg ||
		    a[i].attrs != b[i].attrs)
			return false;
	return true;
}

/* ------------------------------------------------------------ key names */

START_TEST(test_key_parse_degenerate)
{
	static const char *const bad[] = {
		"", "Foo", "ab", "C-", "C-1", "C-ab", "F0", "F13", "\x01",
		"\x7f", "\xc3\xa9", "M-", "M-M-x", "M-Foo", "Enter ", "\t",
		"S-", "S-a", "key 0x1c",
	};
	int	key = 12345;

	ck_assert_int_eq(keymap_key_parse(NULL, &key), -1);
	ck_assert_int_eq(keymap_key_parse("a", NULL), -1);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(keymap_key_parse(bad[i], &key) == -1,
		    "\"%s\" parsed", bad[i]);
		ck_assert_int_eq(key, 12345);
	}
}
END_TEST

START_TEST(test_key_table_round_trip)
{
	char	buf[KEYMAP_KEY_NAME_MAX];
	const char *name;
	int	code, key, n = 0;

	for (size_t i = 0; (name = keymap_key_table(i, &code)) != NULL; i++) {
		bool	canonical = true;
		int	other;

		n++;
		ck_assert_msg(keymap_key_parse(name, &key) == 0, "%s", name);
		ck_assert_int_eq(key, code);
		ck_assert_msg(keymap_key_name(code, buf, sizeof buf) == buf,
		    "%s has no name", name);
		ck_assert_int_eq(keymap_key_parse(buf, &key), 0);
		ck_assert_int_eq(key, code);
		/* The first entry of a code is the name written. */
		for (size_t j = 0; j < i; j++)
			if (keymap_key_table(j, &other) && other == code)
				canonical = false;
		if (canonical)
			ck_assert_str_eq(buf, name);
		/* With Meta, too. */
		ck_assert_ptr_nonnull(keymap_key_name(keymap_meta(code), buf,
		    sizeof buf));
		ck_assert_int_eq(keymap_key_parse(buf, &key), 0);
		ck_assert_int_eq(key, keymap_meta(code));
	}
	/* 17 named keys, F1-F12, C-a..C-z, and the aliases. */
	ck_assert_int_ge(n, 17 + 12 + 26);
	ck_assert_ptr_null(keymap_key_table((size_t)n, &code));
}
END_TEST

START_TEST(test_key_printable_round_trip)
{
	char	buf[KEYMAP_KEY_NAME_MAX];
	int	key;

	for (int c = 0x20; c < 0x7f; c++) {
		ck_assert(keymap_key_is_text(c));
		ck_assert_ptr_nonnull(keymap_key_name(c, buf, sizeof buf));
		if (c == ' ')
			ck_assert_str_eq(buf, "Space");
		else if (c == '#')
			ck_assert_str_eq(buf, "Hash");
		else
			ck_assert(buf[0] == c && buf[1] == '\0');
		ck_assert_int_eq(keymap_key_parse(buf, &key), 0);
		ck_assert_int_eq(key, c);
		ck_assert_ptr_nonnull(keymap_key_name(keymap_meta(c), buf,
		    sizeof buf));
		ck_assert(strncmp(buf, "M-", 2) == 0);
		ck_assert_int_eq(keymap_key_parse(buf, &key), 0);
		ck_assert_int_eq(key, keymap_meta(c));
	}
	ck_assert(!keymap_key_is_text(0x1f));
	ck_assert(!keymap_key_is_text(0x7f));
	ck_assert(!keymap_key_is_text(KEY_UP));
	ck_assert(!keymap_key_is_text(keymap_meta('a')));
}
END_TEST

START_TEST(test_key_names_special)
{
	static const struct {
		const char *in;
		int	key;
		const char *out;
	} cases[] = {
		{ "C-i", '\t', "Tab" },
		{ "C-m", '\r', "Enter" },
		{ "C-I", '\t', "Tab" },
		{ "c-x", 0x18, "C-x" },
		{ "enter", '\r', "Enter" },
		{ "Return", '\r', "Enter" },
		{ "Escape", 27, "Esc" },
		{ "Del", KEY_DC, "Delete" },
		{ "Ins", KEY_IC, "Insert" },
		{ "PageDown", KEY_NPAGE, "PgDn" },
		{ "BTab", KEY_BTAB, "S-Tab" },
		{ "S-Tab", KEY_BTAB, "S-Tab" },
		{ "F12", KEY_F(12), "F12" },
		{ "Hash", '#', "Hash" },
		{ "#", '#', "Hash" },
		{ "M", 'M', "M" },
		{ "-", '-', "-" },
		{ "M--", KEYMAP_META | '-', "M--" },
		{ "M-x", KEYMAP_META | 'x', "M-x" },
		{ "M-X", KEYMAP_META | 'X', "M-X" },
		{ "m-v", KEYMAP_META | 'v', "M-v" },
		{ "M-<", KEYMAP_META | '<', "M-<" },
		{ "M-Enter", KEYMAP_META | '\r', "M-Enter" },
		{ "M-C-a", KEYMAP_META | 1, "M-C-a" },
		{ "M-Hash", KEYMAP_META | '#', "M-Hash" },
		{ "M-Up", KEYMAP_META | KEY_UP, "M-Up" },
	};
	char	buf[KEYMAP_KEY_NAME_MAX];
	int	key;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_msg(keymap_key_parse(cases[i].in, &key) == 0, "%s",
		    cases[i].in);
		ck_assert_int_eq(key, cases[i].key);
		ck_assert_ptr_nonnull(keymap_key_name(key, buf, sizeof buf));
		ck_assert_str_eq(buf, cases[i].out);
	}
	ck_assert_int_eq(keymap_meta(keymap_meta('x')), keymap_meta('x'));
}
END_TEST

START_TEST(test_key_name_unnamed)
{
	char	buf[KEYMAP_KEY_NAME_MAX], tiny[3];

	ck_assert_ptr_null(keymap_key_name(0x1c, buf, sizeof buf));
	ck_assert_str_eq(buf, "key 0x1c");
	ck_assert_ptr_null(keymap_key_name(0, buf, sizeof buf));
	ck_assert_ptr_null(keymap_key_name(-1, buf, sizeof buf));
	ck_assert_ptr_null(keymap_key_name(ERR, buf, sizeof buf));
	ck_assert_ptr_null(keymap_key_name(0x7f, buf, sizeof buf));
	ck_assert_ptr_null(keymap_key_name(0xe9, buf, sizeof buf));
	ck_assert_ptr_null(keymap_key_name(KEY_RESIZE, buf, sizeof buf));
	ck_assert_ptr_null(keymap_key_name(keymap_meta(0x1c), buf,
	    sizeof buf));
	/* Too small a buffer: no half names. */
	ck_assert_ptr_null(keymap_key_name(KEY_BACKSPACE, tiny, sizeof tiny));
	ck_assert_ptr_null(keymap_key_name('a', buf, 0));
	ck_assert_ptr_nonnull(keymap_key_name('a', tiny, 2));
	ck_assert_str_eq(tiny, "a");
}
END_TEST

START_TEST(test_key_canon)
{
	ck_assert_int_eq(keymap_key_canon(KEY_ENTER), '\r');
	ck_assert_int_eq(keymap_key_canon(127), KEY_BACKSPACE);
	ck_assert_int_eq(keymap_key_canon('\r'), '\r');
	ck_assert_int_eq(keymap_key_canon('a'), 'a');
	ck_assert_int_eq(keymap_key_canon(KEY_UP), KEY_UP);
}
END_TEST

/* --------------------------------------------------------------- keymap */

/* ESC right before a key is that key with Alt, as terminals send M-x;
 * before a curses key, ESC or nothing it stays a key of its own. */
START_TEST(test_key_after_esc)
{
	ck_assert_int_eq(keymap_after_esc(ERR), -1);
	ck_assert_int_eq(keymap_after_esc(27), -1);
	ck_assert_int_eq(keymap_after_esc(KEY_UP), -1);
	ck_assert_int_eq(keymap_after_esc(KEY_F(5)), -1);
	ck_assert_int_eq(keymap_after_esc(keymap_meta('x')), -1);
	ck_assert_int_eq(keymap_after_esc('x'), keymap_meta('x'));
	ck_assert_int_eq(keymap_after_esc('<'), keymap_meta('<'));
	ck_assert_int_eq(keymap_after_esc('\r'), keymap_meta('\r'));
	ck_assert_int_eq(keymap_after_esc(0x16), keymap_meta(0x16));
	/* The emacs keymap's names for what arrives. */
	int	k;
	ck_assert_int_eq(keymap_key_parse("M-x", &k), 0);
	ck_assert_int_eq(keymap_after_esc('x'), k);
	ck_assert_int_eq(keymap_key_parse("M-Enter", &k), 0);
	ck_assert_int_eq(keymap_after_esc('\r'), k);
}
END_TEST

START_TEST(test_keymap_actions_table)
{
	ck_assert_int_ge(ui_nactions, 34);
	for (size_t i = 0; i < ui_nactions; i++) {
		const char *n = ui_actions[i].name;

		ck_assert_msg(strspn(n, "abcdefghijklmnopqrstuvwxyz-") ==
		    strlen(n) && n[0] != '-', "%s", n);
		ck_assert_str_ne(n, "none");
		ck_assert(ui_actions[i].help && ui_actions[i].help[0]);
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(ui_actions[j].name, n);
	}
	ck_assert_int_eq(keymap_npanes, 12);
	ck_assert(keymap_pane_valid("alloc"));
	ck_assert(!keymap_pane_takes_text("alloc"));
	ck_assert_str_eq(keymap_panes[0], "global");
	ck_assert(keymap_pane_valid("blotter"));
	ck_assert(keymap_pane_valid("review"));
	ck_assert(!keymap_pane_takes_text("review"));
	ck_assert(!keymap_pane_valid("Blotter"));
	ck_assert(!keymap_pane_valid(NULL));
	ck_assert(keymap_pane_takes_text("prompt"));
	ck_assert(keymap_pane_takes_text("ticket"));
	ck_assert(!keymap_pane_takes_text("blotter"));
	ck_assert(!keymap_pane_takes_text(NULL));
}
END_TEST

START_TEST(test_keymap_degenerate)
{
	struct keymap *km = new_keymap();
	struct keymap_binding b;
	struct sbuf err = { 0 };
	size_t	pos = 0;
	char	*path;

	keymap_free(NULL);
	ck_assert_ptr_null(keymap_action(NULL, "global", 'q'));
	ck_assert_ptr_null(keymap_action(km, "global", 'q'));
	ck_assert_ptr_null(keymap_action(km, NULL, 'q'));
	ck_assert_int_eq(keymap_count(km, NULL), 0);
	ck_assert_int_eq(keymap_count(NULL, NULL), 0);
	ck_assert_int_eq(keymap_next(km, NULL, &pos, &b), 0);
	ck_assert_int_eq(keymap_load(km, NULL, &err), -1);
	ck_assert_int_eq(keymap_load(NULL, "x", &err), -1);
	ck_assert_int_eq(keymap_key_for(km, "blotter", "quit"), -1);
	ck_assert_int_eq(keymap_key_for(km, "blotter", "no-such"), -1);
	/* An empty file and a file of comments are fine. */
	path = write_file("");
	must_load_keys(km, path);
	free(path);
	path = write_file("# nothing\n\n   \t\n# global q quit\n");
	must_load_keys(km, path);
	free(path);
	ck_assert_int_eq(keymap_count(km, NULL), 0);
	/* No trailing newline, CRLF line ends, blanks around fields. */
	path = write_file("global q quit\r\n  blotter\tc   order-cancel  ");
	must_load_keys(km, path);
	free(path);
	ck_assert_str_eq(keymap_action(km, "global", 'q'), "quit");
	ck_assert_str_eq(keymap_action(km, "blotter", 'c'), "order-cancel");
	ck_assert_str_eq(keymap_action_help(km, "quit"), "Quit");
	ck_assert_ptr_null(keymap_action_help(km, "no-such"));
	ck_assert_ptr_null(keymap_action_help(km, NULL));
	keymap_free(km);
	sbuf_free(&err);
}
END_TEST

START_TEST(test_keymap_good_file)
{
	struct keymap *km = new_keymap();
	char	*path = write_file(
	    "# a small keymap\n"
	    "global   q      quit   # the end\n"
	    "global   Hash   help\n"
	    "global   C-l    redraw\n"
	    "global   M-x    prompt-open\n"
	    "blotter  Enter  order-details\n"
	    "blotter  q      order-cancel\n"
	    "prompt   Enter  prompt-submit\n");

	must_load_keys(km, path);
	ck_assert_int_eq(keymap_count(km, NULL), 7);
	ck_assert_int_eq(keymap_count(km, "global"), 4);
	ck_assert_int_eq(keymap_count(km, "blotter"), 2);
	ck_assert_int_eq(keymap_count(km, "nowhere"), 0);
	ck_assert_str_eq(keymap_action(km, "global", 'q'), "quit");
	ck_assert_str_eq(keymap_action(km, "global", '#'), "help");
	ck_assert_str_eq(keymap_action(km, "quotes", 0x0c), "redraw");
	ck_assert_str_eq(keymap_action(km, "quotes", keymap_meta('x')),
	    "prompt-open");
	ck_assert_ptr_null(keymap_action(km, "quotes", 'x'));
	ck_assert_str_eq(keymap_action(km, "blotter", '\r'), "order-details");
	ck_assert_ptr_null(keymap_action(km, "positions", '\r'));
	/* The pane's binding wins over global. */
	ck_assert_str_eq(keymap_action(km, "blotter", 'q'), "order-cancel");
	ck_assert_str_eq(keymap_action(km, "positions", 'q'), "quit");
	ck_assert_str_eq(keymap_action_local(km, "blotter", 'q'),
	    "order-cancel");
	ck_assert_ptr_null(keymap_action_local(km, "positions", 'q'));
	ck_assert_ptr_null(keymap_action_local(km, "nowhere", 'q'));
	/* An unknown pane sees global only. */
	ck_assert_str_eq(keymap_action(km, "nowhere", 'q'), "quit");
	free(path);
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_text_panes)
{
	struct keymap *km = new_keymap();
	char	*path = write_file(
	    "global  q      quit\n"
	    "global  Space  zoom\n"
	    "global  C-l    redraw\n"
	    "global  F1     help\n"
	    "global  Tab    pane-next\n"
	    "prompt  Tab    prompt-complete\n"
	    "ticket  b      field-next\n");

	must_load_keys(km, path);
	/* Printable keys are typed into text panes... */
	ck_assert_ptr_null(keymap_action(km, "prompt", 'q'));
	ck_assert_ptr_null(keymap_action(km, "ticket", ' '));
	ck_assert_ptr_null(keymap_action(km, "ticket", 'q'));
	/* ...unless the pane binds them; other keys fall back to global. */
	ck_assert_str_eq(keymap_action(km, "ticket", 'b'), "field-next");
	ck_assert_str_eq(keymap_action(km, "prompt", 0x0c), "redraw");
	ck_assert_str_eq(keymap_action(km, "prompt", KEY_F(1)), "help");
	ck_assert_str_eq(keymap_action(km, "prompt", '\t'), "prompt-complete");
	ck_assert_str_eq(keymap_action(km, "ticket", '\t'), "pane-next");
	ck_assert_str_eq(keymap_action(km, "dialog", 'q'), "quit");
	/* The help bar asks which key runs an action. */
	ck_assert_int_eq(keymap_key_for(km, "prompt", "quit"), -1);
	ck_assert_int_eq(keymap_key_for(km, "blotter", "quit"), 'q');
	ck_assert_int_eq(keymap_key_for(km, "prompt", "redraw"), 0x0c);
	ck_assert_int_eq(keymap_key_for(km, "prompt", "pane-next"), -1);
	ck_assert_int_eq(keymap_key_for(km, "prompt", "prompt-complete"),
	    '\t');
	ck_assert_int_eq(keymap_key_for(km, NULL, "zoom"), ' ');
	free(path);
	keymap_free(km);
}
END_TEST

/* The help screen lists what works in the focused pane: the global keys
 * the pane does not shadow (nor take as text), then its own. */
START_TEST(test_keymap_next_in_pane)
{
	struct keymap *km = new_keymap();
	struct keymap_binding b;
	size_t	pos = 0;
	char	*path = write_file(
	    "global    q      quit\n"
	    "global    C-l    redraw\n"
	    "global    x      cancel-all\n"
	    "blotter   x      order-cancel\n"
	    "blotter   j      cursor-down\n"
	    "positions f      position-flatten\n"
	    "prompt    Up     history-prev\n");

	must_load_keys(km, path);
	/* Degenerate: no keymap, no pane, an unknown pane. */
	ck_assert_int_eq(keymap_next_in(NULL, "global", &pos, &b), 0);
	ck_assert_int_eq(keymap_next_in(km, NULL, &pos, &b), 0);
	ck_assert_int_eq(keymap_next_in(km, "nowhere", &pos, &b), 0);
	ck_assert_int_eq(keymap_next_in(km, "global", NULL, &b), 0);
	/* The blotter: global q and C-l, not global x (shadowed), then
	 * its own x and j; never positions' f. */
	pos = 0;
	ck_assert_int_eq(keymap_next_in(km, "blotter", &pos, &b), 1);
	ck_assert_str_eq(b.pane, "global");
	ck_assert_str_eq(b.key_name, "q");
	ck_assert_int_eq(keymap_next_in(km, "blotter", &pos, &b), 1);
	ck_assert_str_eq(b.key_name, "C-l");
	ck_assert_int_eq(keymap_next_in(km, "blotter", &pos, &b), 1);
	ck_assert_str_eq(b.pane, "blotter");
	ck_assert_str_eq(b.action, "order-cancel");
	ck_assert_int_eq(keymap_next_in(km, "blotter", &pos, &b), 1);
	ck_assert_str_eq(b.action, "cursor-down");
	ck_assert_int_eq(keymap_next_in(km, "blotter", &pos, &b), 0);
	/* The prompt takes q and x as text: only C-l and its own Up. */
	pos = 0;
	ck_assert_int_eq(keymap_next_in(km, "prompt", &pos, &b), 1);
	ck_assert_str_eq(b.action, "redraw");
	ck_assert_int_eq(keymap_next_in(km, "prompt", &pos, &b), 1);
	ck_assert_str_eq(b.action, "history-prev");
	ck_assert_int_eq(keymap_next_in(km, "prompt", &pos, &b), 0);
	/* Global alone: the three global bindings. */
	pos = 0;
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(keymap_next_in(km, "global", &pos, &b), 1);
	ck_assert_str_eq(b.action, "cancel-all");
	ck_assert_int_eq(keymap_next_in(km, "global", &pos, &b), 0);
	free(path);
	keymap_free(km);
}
END_TEST

/* What a key does depends on the pane it is pressed in: the help lists
 * a binding only where its action does something. */
START_TEST(test_keymap_lists_what_works)
{
	struct keymap *km = new_keymap();
	struct keymap_binding b;
	size_t	pos = 0;
	char	*path = write_file(
	    "global    Esc    dialog-close\n"
	    "global    q      quit\n"
	    "positions o      sort-next\n"
	    "positions Enter  order-details\n"
	    "positions a      alloc-wizard\n"
	    "positions f      position-flatten\n"
	    "pnl       Up     cursor-up\n"
	    "quotes    c      order-cancel\n"
	    "help      /      filter\n"
	    "help      G      cursor-last\n");

	must_load_keys(km, path);
	ck_assert(keymap_action_works(km, "blotter", "order-cancel"));
	ck_assert(keymap_action_works(km, "blotter", "quit"));
	ck_assert(keymap_action_works(km, "positions", "position-flatten"));
	ck_assert(keymap_action_works(km, "positions", "cursor-down"));
	ck_assert(!keymap_action_works(km, "positions", "order-details"));
	ck_assert(!keymap_action_works(km, "positions", "sort-next"));
	ck_assert(!keymap_action_works(km, "quotes", "order-cancel"));
	ck_assert(!keymap_action_works(km, "pnl", "cursor-up"));
	ck_assert(!keymap_action_works(km, "blotter", "dialog-close"));
	ck_assert(!keymap_action_works(km, "blotter", "position-flatten"));
	ck_assert(keymap_action_works(km, "help", "cursor-last"));
	ck_assert(!keymap_action_works(km, "help", "filter"));
	ck_assert(keymap_action_works(km, "review", "review-approve"));
	ck_assert(!keymap_action_works(km, "review", "ticket-buy"));
	ck_assert(keymap_action_works(km, "alloc", "alloc-book"));
	ck_assert(!keymap_action_works(km, "alloc", "ticket-buy"));
	ck_assert(!keymap_action_works(km, "alloc", "page-down"));
	ck_assert(!keymap_action_works(km, "nowhere", "quit"));
	ck_assert(!keymap_action_works(km, "blotter", NULL));
	ck_assert(!keymap_action_works(NULL, "blotter", "quit"));
	/* Positions: global q, then its own f; not Esc, o, Enter, a. */
	ck_assert_int_eq(keymap_next_in(km, "positions", &pos, &b), 1);
	ck_assert_str_eq(b.action, "quit");
	ck_assert_int_eq(keymap_next_in(km, "positions", &pos, &b), 1);
	ck_assert_str_eq(b.action, "position-flatten");
	ck_assert_int_eq(keymap_next_in(km, "positions", &pos, &b), 0);
	/* The P&L pane: only q. */
	pos = 0;
	ck_assert_int_eq(keymap_next_in(km, "pnl", &pos, &b), 1);
	ck_assert_str_eq(b.action, "quit");
	ck_assert_int_eq(keymap_next_in(km, "pnl", &pos, &b), 0);
	free(path);
	keymap_free(km);
}
END_TEST

/* Keys that come together faster than anyone types may move and open a
 * line, never send, cancel, answer or quit. */
START_TEST(test_keymap_action_acts)
{
	struct keymap *km = new_keymap();
	static const char *const acts[] = { "order-cancel", "order-replace",
	    "cancel-all", "position-flatten", "alloc-book", "review-approve",
	    "review-reject", "halt-toggle", "quit", "dialog-yes",
	    "ticket-submit", "prompt-submit" };
	static const char *const shows[] = { "cursor-up", "cursor-down",
	    "page-up", "page-down", "cursor-first", "cursor-last", "help",
	    "zoom", "pane-next", "sort-next", "dialog-close", "dialog-no",
	    "prompt-open", "filter", "ticket-buy", "ticket-sell" };

	/* Degenerate: unknown is treated as acting. */
	ck_assert(keymap_action_acts(NULL, "cursor-up"));
	ck_assert(keymap_action_acts(km, NULL));
	ck_assert(keymap_action_acts(km, "no-such-action"));
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
		ck_assert_msg(keymap_action_acts(km, acts[i]), "%s", acts[i]);
	for (size_t i = 0; i < sizeof shows / sizeof shows[0]; i++)
		ck_assert_msg(!keymap_action_acts(km, shows[i]), "%s",
		    shows[i]);
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_override_and_none)
{
	struct keymap *km = new_keymap();
	char	*base = write_file(
	    "global  ?  help\n"
	    "global  q  quit\n"
	    "global  z  zoom\n"
	    "blotter c  order-cancel\n");
	char	*user = write_file(
	    "global  q  none\n"
	    "global  Q  quit\n"
	    "global  ?  prompt-open\n"
	    "blotter c  none\n"
	    "blotter x  none\n"		/* unbound: nothing to remove */
	    "dialog  y  dialog-yes\n");
	char	*text;

	must_load_keys(km, base);
	must_load_keys(km, user);
	ck_assert_ptr_null(keymap_action(km, "global", 'q'));
	ck_assert_str_eq(keymap_action(km, "global", 'Q'), "quit");
	ck_assert_str_eq(keymap_action(km, "global", '?'), "prompt-open");
	ck_assert_ptr_null(keymap_action(km, "blotter", 'c'));
	ck_assert_str_eq(keymap_action(km, "dialog", 'y'), "dialog-yes");
	/* An override keeps its place; new keys go last; removed are gone. */
	text = dump_keys(km);
	ck_assert_str_eq(text,
	    "# pane      key        action\n"
	    "global      ?          prompt-open\n"
	    "global      z          zoom\n"
	    "global      Q          quit\n"
	    "dialog      y          dialog-yes\n");
	free(text);
	free(base);
	free(user);
	keymap_free(km);
}
END_TEST

/* One bad line among good ones: reported as FILE:LINE, nothing applied. */
START_TEST(test_keymap_bad_lines)
{
	static const struct {
		const char *line;
		const char *msg;
	} cases[] = {
		{ "nowhere  q  quit", "unknown pane \"nowhere\"" },
		{ "Global   q  quit", "unknown pane \"Global\"" },
		{ "global   Foo  quit", "unknown key name \"Foo\"" },
		{ "global   C-1  quit", "unknown key name \"C-1\"" },
		{ "global   q  exit", "unknown action \"exit\"" },
		{ "global   q  Quit", "unknown action \"Quit\"" },
		{ "global   q", "expected PANE KEY ACTION, found 2 fields" },
		{ "global", "expected PANE KEY ACTION, found 1 field\n" },
		{ "global  q  quit  now",
		    "expected PANE KEY ACTION, found 4 fields" },
		{ "global  z  quit", "global z is already bound on line 2" },
		{ "blotter C-i help",
		    "blotter Tab is already bound on line 3" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct keymap *km = new_keymap();
		struct sbuf err = { 0 }, text = { 0 };
		char	*before, *after, *path, want[256];

		must_load_keys(km, shipped("keymaps", "default.keys"));
		before = dump_keys(km);
		sbuf_printf(&text, "# test\nglobal z redraw\nblotter Tab help\n"
		    "global F5 quit\n%s\nblotter w help\n", cases[i].line);
		path = write_file(text.p);
		ck_assert_int_eq(keymap_load(km, path, &err), -1);
		snprintf(want, sizeof want, "%s:5: %s", path, cases[i].msg);
		ck_assert_msg(err.p && strstr(err.p, want), "case %zu: want "
		    "\"%s\", got \"%s\"", i, want, err.p ? err.p : "");
		ck_assert_int_eq(count_lines(err.p), 1);
		/* Nothing from the file, not even its good lines. */
		ck_assert_ptr_null(keymap_action(km, "global", KEY_F(5)));
		ck_assert_ptr_null(keymap_action_local(km, "blotter", 'w'));
		after = dump_keys(km);
		ck_assert_str_eq(before, after);
		free(before);
		free(after);
		free(path);
		sbuf_free(&err);
		sbuf_free(&text);
		keymap_free(km);
	}
}
END_TEST

START_TEST(test_keymap_every_bad_line_reported)
{
	struct keymap *km = new_keymap();
	struct sbuf err = { 0 };
	char	*path = write_file(
	    "nowhere q quit\n"
	    "global q quit\n"
	    "global Foo quit\n"
	    "\n"
	    "global x exit\n"
	    "global\n"
	    "global q help\n");
	char	want[256];

	ck_assert_int_eq(keymap_load(km, path, &err), -1);
	ck_assert_int_eq(count_lines(err.p), 5);
	for (int line = 1; line <= 7; line++) {
		bool	bad = line != 2 && line != 4;

		snprintf(want, sizeof want, "%s:%d: ", path, line);
		ck_assert_msg((strstr(err.p, want) != NULL) == bad, "line %d",
		    line);
	}
	ck_assert_int_eq(keymap_count(km, NULL), 0);
	/* A NULL error buffer still refuses the file. */
	ck_assert_int_eq(keymap_load(km, path, NULL), -1);
	ck_assert_int_eq(keymap_count(km, NULL), 0);
	free(path);
	sbuf_free(&err);
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_missing_file)
{
	struct keymap *km = new_keymap();
	struct sbuf err = { 0 };
	char	path[128], want[160];

	snprintf(path, sizeof path, "%s/no-such.keys", tmpdir);
	ck_assert_int_eq(keymap_load(km, path, &err), -1);
	snprintf(want, sizeof want, "%s: cannot open: ", path);
	ck_assert_ptr_nonnull(err.p);
	ck_assert(strncmp(err.p, want, strlen(want)) == 0);
	/* A directory cannot be read as a keymap either. */
	sbuf_reset(&err);
	ck_assert_int_eq(keymap_load(km, tmpdir, &err), -1);
	ck_assert(err.len > 0);
	ck_assert_int_eq(keymap_count(km, NULL), 0);
	sbuf_free(&err);
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_iterate_in_order)
{
	struct keymap *km = new_keymap();
	struct keymap_binding b;
	char	*path = write_file(
	    "help     q   dialog-close\n"
	    "blotter  k   cursor-up\n"
	    "global   q   quit\n"
	    "blotter  Up  cursor-up\n"
	    "global   ?   help\n");
	static const char *const want[][3] = {
		{ "global", "q", "quit" }, { "global", "?", "help" },
		{ "blotter", "k", "cursor-up" },
		{ "blotter", "Up", "cursor-up" },
		{ "help", "q", "dialog-close" },
	};
	size_t	pos = 0, n = 0;

	must_load_keys(km, path);
	while (keymap_next(km, NULL, &pos, &b)) {
		ck_assert_int_lt(n, 5);
		ck_assert_str_eq(b.pane, want[n][0]);
		ck_assert_str_eq(b.key_name, want[n][1]);
		ck_assert_str_eq(b.action, want[n][2]);
		ck_assert_str_eq(b.help, keymap_action_help(km, b.action));
		n++;
	}
	ck_assert_int_eq(n, 5);
	pos = n = 0;
	while (keymap_next(km, "blotter", &pos, &b)) {
		ck_assert_str_eq(b.pane, "blotter");
		n++;
	}
	ck_assert_int_eq(n, 2);
	pos = 0;
	ck_assert_int_eq(keymap_next(km, "quotes", &pos, &b), 0);
	ck_assert_int_eq(keymap_next(km, "nowhere", &pos, &b), 0);
	free(path);
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_write_round_trip)
{
	static const char *const files[] = {
		"default.keys", "vi.keys", "emacs.keys",
	};

	for (size_t i = 0; i < 3; i++) {
		struct keymap *a = new_keymap(), *b = new_keymap();
		char	*text, *path, *again;

		must_load_keys(a, shipped("keymaps", "default.keys"));
		must_load_keys(a, shipped("keymaps", files[i]));
		text = dump_keys(a);
		path = write_file(text);
		must_load_keys(b, path);
		again = dump_keys(b);
		ck_assert_str_eq(text, again);
		ck_assert_int_eq(keymap_count(a, NULL), keymap_count(b, NULL));
		free(text);
		free(again);
		free(path);
		keymap_free(a);
		keymap_free(b);
	}
}
END_TEST

START_TEST(test_keymap_shipped_load)
{
	static const char *const files[] = {
		"default.keys", "vi.keys", "emacs.keys",
	};

	for (size_t i = 0; i < 3; i++) {
		struct keymap *km = new_keymap();

		must_load_keys(km, shipped("keymaps", files[i]));
		ck_assert_int_gt(keymap_count(km, NULL), 10);
		keymap_free(km);
	}
}
END_TEST

/* COMMANDS.md, "Screen (default keymap)", key by key. */
START_TEST(test_keymap_default_contract)
{
	static const struct {
		const char *pane, *key, *action;
	} contract[] = {
		{ "blotter", "?", "help" },
		{ "blotter", ":", "prompt-open" },
		{ "blotter", "Tab", "pane-next" },
		{ "positions", "Tab", "pane-next" },
		{ "blotter", "S-Tab", "pane-prev" },
		{ "blotter", "/", "filter" },
		{ "positions", "/", "filter" },
		{ "blotter", "Enter", "order-details" },
		{ "blotter", "b", "ticket-buy" },
		{ "positions", "b", "ticket-buy" },
		{ "blotter", "s", "ticket-sell" },
		{ "quotes", "s", "ticket-sell" },
		{ "blotter", "c", "order-cancel" },
		{ "blotter", "r", "order-replace" },
		{ "blotter", "a", "alloc-wizard" },
		{ "dialog", "Esc", "dialog-close" },
		{ "help", "Esc", "dialog-close" },
		{ "ticket", "Esc", "dialog-close" },
		{ "prompt", "Esc", "dialog-close" },
		{ "blotter", "q", "quit" },
		{ "positions", "q", "quit" },
		/* The extras the screen relies on. */
		{ "dialog", "y", "dialog-yes" },
		{ "dialog", "n", "dialog-no" },
		{ "ticket", "Enter", "ticket-submit" },
		{ "ticket", "Tab", "field-next" },
		{ "prompt", "Enter", "prompt-submit" },
		{ "prompt", "Up", "history-prev" },
		{ "prompt", "Down", "history-next" },
		{ "prompt", "Tab", "prompt-complete" },
		{ "blotter", "z", "zoom" },
		{ "blotter", "C-l", "redraw" },
		{ "prompt", "C-l", "redraw" },
		{ "blotter", "x", "cancel-all" },
		{ "positions", "f", "position-flatten" },
		{ "blotter", "Up", "cursor-up" },
		{ "blotter", "Down", "cursor-down" },
		{ "blotter", "PgUp", "page-up" },
		{ "blotter", "PgDn", "page-down" },
		{ "blotter", "Home", "cursor-first" },
		{ "blotter", "End", "cursor-last" },
		/* Compliance: the review list and the kill switch. */
		{ "blotter", "R", "review-open" },
		{ "positions", "R", "review-open" },
		{ "blotter", "K", "halt-toggle" },
		{ "quotes", "K", "halt-toggle" },
		{ "review", "A", "review-approve" },
		{ "review", "a", "review-approve" },
		{ "review", "X", "review-reject" },
		{ "review", "x", "review-reject" },
		{ "review", "Enter", "order-details" },
		{ "review", "Up", "cursor-up" },
		{ "review", "Down", "cursor-down" },
		{ "review", "Esc", "dialog-close" },
		{ "review", "q", "dialog-close" },
		{ "review", "R", "dialog-close" },
		/* The FIX sessions: opened anywhere, closed by the same key
		 * or as any dialog. */
		{ "blotter", "F", "sessions-open" },
		{ "quotes", "F", "sessions-open" },
		{ "dialog", "F", "sessions-open" },
		{ "dialog", "q", "dialog-close" },
		/* The allocation wizard. */
		{ "alloc", "Up", "cursor-up" },
		{ "alloc", "Down", "cursor-down" },
		{ "alloc", "m", "alloc-method-next" },
		{ "alloc", "p", "alloc-prorata" },
		{ "alloc", "e", "alloc-even" },
		{ "alloc", "w", "alloc-weights" },
		{ "alloc", "=", "alloc-share" },
		{ "alloc", "Enter", "alloc-book" },
		{ "alloc", "Esc", "dialog-close" },
		{ "alloc", "q", "dialog-close" },
	};
	struct keymap *km = new_keymap();
	struct keymap_binding b;
	size_t	pos;
	int	key;

	must_load_keys(km, shipped("keymaps", "default.keys"));
	for (size_t i = 0; i < sizeof contract / sizeof contract[0]; i++) {
		const char *got;

		ck_assert_int_eq(keymap_key_parse(contract[i].key, &key), 0);
		got = keymap_action(km, contract[i].pane, key);
		ck_assert_msg(got && strcmp(got, contract[i].action) == 0,
		    "%s %s: want %s, got %s", contract[i].pane,
		    contract[i].key, contract[i].action, got ? got : "nothing");
	}
	/* Every action is reachable from some key. */
	for (size_t a = 0; a < ui_nactions; a++) {
		bool	found = false;

		pos = 0;
		while (!found && keymap_next(km, NULL, &pos, &b))
			found = strcmp(b.action, ui_actions[a].name) == 0;
		ck_assert_msg(found, "%s is not bound", ui_actions[a].name);
	}
	keymap_free(km);
}
END_TEST

START_TEST(test_keymap_vi_emacs)
{
	struct keymap *km = new_keymap();

	must_load_keys(km, shipped("keymaps", "default.keys"));
	must_load_keys(km, shipped("keymaps", "vi.keys"));
	ck_assert_str_eq(keymap_action(km, "blotter", 'j'), "cursor-down");
	ck_assert_str_eq(keymap_action(km, "blotter", 'k'), "cursor-up");
	ck_assert_str_eq(keymap_action(km, "blotter", 'g'), "cursor-first");
	ck_assert_str_eq(keymap_action(km, "blotter", 'G'), "cursor-last");
	ck_assert_str_eq(keymap_action(km, "blotter", 0x06), "page-down");
	ck_assert_str_eq(keymap_action(km, "blotter", 0x02), "page-up");
	ck_assert_str_eq(keymap_action(km, "blotter", 'c'), "order-cancel");
	ck_assert_str_eq(keymap_action(km, "blotter", 'R'), "review-open");
	ck_assert_str_eq(keymap_action(km, "blotter", 'K'), "halt-toggle");
	ck_assert_str_eq(keymap_action(km, "review", 'G'), "cursor-last");
	ck_assert_str_eq(keymap_action(km, "review", 'j'), "cursor-down");
	ck_assert_str_eq(keymap_action(km, "review", 'a'), "review-approve");
	ck_assert_str_eq(keymap_action(km, "blotter", 'a'), "alloc-wizard");
	ck_assert_str_eq(keymap_action(km, "alloc", 'j'), "cursor-down");
	ck_assert_str_eq(keymap_action(km, "alloc", 'G'), "cursor-last");
	ck_assert_str_eq(keymap_action(km, "alloc", 0x03), "dialog-close");
	keymap_free(km);

	km = new_keymap();
	must_load_keys(km, shipped("keymaps", "default.keys"));
	must_load_keys(km, shipped("keymaps", "emacs.keys"));
	ck_assert_str_eq(keymap_action(km, "blotter", 0x0e), "cursor-down");
	ck_assert_str_eq(keymap_action(km, "blotter", 0x10), "cursor-up");
	ck_assert_str_eq(keymap_action(km, "blotter", 0x16), "page-down");
	ck_assert_str_eq(keymap_action(km, "blotter", keymap_meta('v')),
	    "page-up");
	ck_assert_str_eq(keymap_action(km, "dialog", 0x07), "dialog-close");
	ck_assert_str_eq(keymap_action(km, "prompt", 0x07), "dialog-close");
	ck_assert_str_eq(keymap_action(km, "ticket", 0x07), "dialog-close");
	ck_assert_str_eq(keymap_action(km, "quotes", keymap_meta('x')),
	    "prompt-open");
	ck_assert_str_eq(keymap_action(km, "blotter", '?'), "help");
	ck_assert_str_eq(keymap_action(km, "blotter", keymap_meta('r')),
	    "review-open");
	ck_assert_str_eq(keymap_action(km, "blotter", keymap_meta('k')),
	    "halt-toggle");
	ck_assert_str_eq(keymap_action(km, "blotter", 'K'), "halt-toggle");
	ck_assert_str_eq(keymap_action(km, "review", 0x0e), "cursor-down");
	ck_assert_str_eq(keymap_action(km, "review", 0x07), "dialog-close");
	ck_assert_str_eq(keymap_action(km, "review", 'X'), "review-reject");
	ck_assert_str_eq(keymap_action(km, "blotter", 'a'), "alloc-wizard");
	ck_assert_str_eq(keymap_action(km, "alloc", 0x0e), "cursor-down");
	ck_assert_str_eq(keymap_action(km, "alloc", 0x07), "dialog-close");
	ck_assert_str_eq(keymap_action(km, "alloc", 'm'),
	    "alloc-method-next");
	keymap_free(km);
}
END_TEST

/* ------------------------------------------------------------ blocktree */

/* An order for the grouping tests: ID, its block ("" for none). */
static struct order
tree_order(const char *id, const char *block)
{
	struct order o = testlib_order(id, "", "", SIDE_BUY, 0, 0);

	str_copy(o.block, sizeof o.block, block);
	return o;
}

/* The ids of ROWS joined by spaces, with a '>' before rows of DEPTH 1. */
static const char *
tree_ids(const struct order **rows, size_t n, const unsigned char *depth)
{
	static char buf[256];
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s%s",
		    i ? " " : "", depth && depth[i] ? ">" : "", rows[i]->id);
	return buf;
}

START_TEST(test_blocktree_degenerate)
{
	struct order a = tree_order("A", "");
	const struct order *rows[1] = { &a };
	unsigned char depth[1] = { 7 };
	size_t nm[1] = { 7 };

	blocktree_group(NULL, 3, depth, nm);
	blocktree_group(rows, 0, depth, nm);
	ck_assert_int_eq(depth[0], 7);		/* nothing to do: untouched */
	blocktree_group(rows, 1, NULL, NULL);
	ck_assert_ptr_eq(rows[0], &a);
	blocktree_group(rows, 1, depth, nm);
	ck_assert_int_eq(depth[0], 0);
	ck_assert_int_eq(nm[0], 0);
}
END_TEST

/* Newest first, as the blotter gets them: the block above its members
 * with an unrelated order in between, and a member of a block that is
 * not among the rows. */
START_TEST(test_blocktree_members_under_block)
{
	struct order o[] = {
		tree_order("X1", ""),
		tree_order("B1", "B1"),
		tree_order("X2", ""),
		tree_order("m3", "B1"),
		tree_order("far", "B9"),
		tree_order("m2", "B1"),
		tree_order("m1", "B1"),
	};
	const struct order *rows[7];
	unsigned char depth[7];
	size_t nm[7];

	for (size_t i = 0; i < 7; i++)
		rows[i] = &o[i];
	blocktree_group(rows, 7, depth, nm);
	ck_assert_str_eq(tree_ids(rows, 7, depth),
	    "X1 B1 >m3 >m2 >m1 X2 far");
	ck_assert_int_eq(nm[1], 3);
	for (size_t i = 0; i < 7; i++)
		if (i != 1)
			ck_assert_int_eq(nm[i], 0);
	/* Grouping what is grouped changes nothing. */
	blocktree_group(rows, 7, depth, nm);
	ck_assert_str_eq(tree_ids(rows, 7, depth),
	    "X1 B1 >m3 >m2 >m1 X2 far");
}
END_TEST

/* Sorted by another column the block may come after its members, and
 * two blocks interleave: each member still goes under its own block, in
 * the order the sort gave the members. */
START_TEST(test_blocktree_any_sort)
{
	struct order o[] = {
		tree_order("a2", "B2"),
		tree_order("a1", "B1"),
		tree_order("Z", ""),
		tree_order("B2", "B2"),
		tree_order("b1", "B1"),
		tree_order("b2", "B2"),
		tree_order("B1", "B1"),
	};
	const struct order *rows[7];
	unsigned char depth[7];
	size_t nm[7];

	for (size_t i = 0; i < 7; i++)
		rows[i] = &o[i];
	blocktree_group(rows, 7, depth, nm);
	ck_assert_str_eq(tree_ids(rows, 7, depth),
	    "Z B2 >a2 >b2 B1 >a1 >b1");
	ck_assert_int_eq(nm[1], 2);
	ck_assert_int_eq(nm[4], 2);
	/* Without the blocks, nobody moves. */
	const struct order *bare[5] = { &o[0], &o[1], &o[2], &o[4], &o[5] };
	blocktree_group(bare, 5, depth, NULL);
	ck_assert_str_eq(tree_ids(bare, 5, depth), "a2 a1 Z b1 b2");
}
END_TEST

/* ------------------------------------------------------------- allocwiz */

#define PCT(x)	((int64_t)((x) * ALLOC_W_SCALE))

START_TEST(test_allocwiz_normalize)
{
	static const struct {
		int64_t basis[4];
		size_t	n;
		int64_t total;
		int64_t want[4];
	} cases[] = {
		{ { 1000, 500, 300 }, 3, ALLOCWIZ_TOTAL,
		  { 55555555, 27777778, 16666667 } },
		{ { 1, 1, 1 }, 3, ALLOCWIZ_TOTAL,
		  { 33333334, 33333333, 33333333 } },
		{ { 0, 0, 0, 0 }, 4, 10, { 3, 3, 2, 2 } },	/* equal */
		{ { 0, 5, 0 }, 3, 7, { 0, 7, 0 } },
		{ { 2, 2 }, 2, 0, { 0, 0 } },
		{ { 1, 2 }, 2, 3, { 1, 2 } },
		{ { INT64_MAX / 2, INT64_MAX / 2 }, 2, ALLOCWIZ_TOTAL,
		  { PCT(50), PCT(50) } },
	};
	int64_t in[3] = { 1, -1, 2 }, out[4];
	struct err e = { "" };

	ck_assert_int_eq(allocwiz_normalize(NULL, 2, 10, out, &e), -1);
	ck_assert_int_eq(allocwiz_normalize(in, 0, 10, out, &e), -1);
	ck_assert_int_eq(allocwiz_normalize(in, 1, 10, NULL, &e), -1);
	ck_assert_int_eq(allocwiz_normalize(in, 1, -10, out, &e), -1);
	out[0] = 42;
	ck_assert_int_eq(allocwiz_normalize(in, 3, 10, out, &e), -1);
	ck_assert_msg(strstr(e.msg, "negative") != NULL, "%s", e.msg);
	ck_assert_int_eq(out[0], 42);			/* untouched */
	int64_t big[2] = { INT64_MAX, 1 };
	ck_assert_int_eq(allocwiz_normalize(big, 2, 10, out, &e), -1);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		int64_t sum = 0;
		ck_assert_int_eq(allocwiz_normalize(cases[c].basis, cases[c].n,
		    cases[c].total, out, &e), 0);
		for (size_t i = 0; i < cases[c].n; i++) {
			ck_assert_msg(out[i] == cases[c].want[i], "case %zu "
			    "entry %zu: %lld, want %lld", c, i,
			    (long long)out[i], (long long)cases[c].want[i]);
			sum += out[i];
		}
		ck_assert_int_eq(sum, cases[c].total);
	}
	/* In place. */
	int64_t v[3] = { 1000, 500, 300 };
	ck_assert_int_eq(allocwiz_normalize(v, 3, 18, v, &e), 0);
	ck_assert_int_eq(v[0], 10);
	ck_assert_int_eq(v[1], 5);
	ck_assert_int_eq(v[2], 3);
}
END_TEST

/* The re-balancing of the wizard: the account edited gets its share, the
 * others keep their relative weights, scaled so the total is 100. */
START_TEST(test_allocwiz_rebalance)
{
	static const struct {
		int64_t basis[4];
		size_t	n, k;
		int64_t share;
		int64_t want[4];
	} cases[] = {
		/* Requests 1000/500/300 (prorata), MAIN to 40%: 500:300 of
		 * the 60% left. */
		{ { 1000, 500, 300 }, 3, 0, PCT(40),
		  { PCT(40), PCT(37.5), PCT(22.5) } },
		/* Even weights, the middle one to 40%. */
		{ { 33333334, 33333333, 33333333 }, 3, 1, PCT(40),
		  { PCT(30), PCT(40), PCT(30) } },
		/* Weights already set: the others keep 30:40. */
		{ { PCT(30), PCT(40), PCT(30) }, 3, 2, PCT(10),
		  { 38571429, 51428571, PCT(10) } },
		/* All of it, and nothing. */
		{ { 1, 2, 3 }, 3, 1, PCT(100), { 0, PCT(100), 0 } },
		{ { 1, 2, 3 }, 3, 1, 0, { PCT(25), 0, PCT(75) } },
		/* The others weigh nothing: they share the rest equally. */
		{ { 0, 5, 0 }, 3, 1, PCT(50), { PCT(25), PCT(50), PCT(25) } },
		/* One account: it takes everything. */
		{ { 7 }, 1, 0, PCT(100), { PCT(100) } },
		/* Fractions of a percent stay exact. */
		{ { 1, 1 }, 2, 0, 12345678, { 12345678, 87654322 } },
	};
	int64_t basis[3] = { 1, 2, 3 }, out[4] = { 9, 9, 9, 9 };
	struct err e = { "" };

	ck_assert_int_eq(allocwiz_rebalance(NULL, 3, 0, 0, out, &e), -1);
	ck_assert_int_eq(allocwiz_rebalance(basis, 0, 0, 0, out, &e), -1);
	ck_assert_int_eq(allocwiz_rebalance(basis, 3, 0, 0, NULL, &e), -1);
	ck_assert_int_eq(allocwiz_rebalance(basis, 3, 3, 0, out, &e), -1);
	ck_assert_int_eq(allocwiz_rebalance(basis, 3, 0, -1, out, &e), -1);
	ck_assert_int_eq(allocwiz_rebalance(basis, 3, 0, PCT(100) + 1, out,
	    &e), -1);
	ck_assert_msg(strstr(e.msg, "between 0 and 100%") != NULL, "%s",
	    e.msg);
	ck_assert_int_eq(allocwiz_rebalance(basis, 1, 0, PCT(50), out, &e),
	    -1);
	ck_assert_msg(strstr(e.msg, "only account") != NULL, "%s", e.msg);
	basis[2] = -3;
	ck_assert_int_eq(allocwiz_rebalance(basis, 3, 0, PCT(50), out, &e),
	    -1);
	ck_assert_int_eq(out[0], 9);			/* untouched */
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		int64_t sum = 0;
		ck_assert_int_eq(allocwiz_rebalance(cases[c].basis, cases[c].n,
		    cases[c].k, cases[c].share, out, &e), 0);
		for (size_t i = 0; i < cases[c].n; i++) {
			ck_assert_msg(out[i] == cases[c].want[i], "case %zu "
			    "entry %zu: %lld, want %lld", c, i,
			    (long long)out[i], (long long)cases[c].want[i]);
			sum += out[i];
		}
		ck_assert_int_eq(sum, ALLOCWIZ_TOTAL);
	}
}
END_TEST

START_TEST(test_allocwiz_parse_share)
{
	static const struct {
		const char *text;
		int64_t booking, want;
	} good[] = {
		{ "40%", 900, PCT(40) },
		{ " 12.5 % ", 0, PCT(12.5) },		/* no booking needed */
		{ "0%", 900, 0 },
		{ "100%", 900, PCT(100) },
		{ "0.000001%", 900, 1 },
		{ "360", 900, PCT(40) },
		{ "1.5k", 3000, PCT(50) },
		{ "900", 900, PCT(100) },
		{ "0", 900, 0 },
		/* 347 of 900 is 38.5555...%: rounded up, so the split's ideal
		 * share is at least 347. */
		{ "347", 900, 38555556 },
		{ "1", 3, 33333334 },
	};
	static const struct {
		const char *text;
		int64_t booking;
		const char *why;
	} bad[] = {
		{ "", 900, "missing" },
		{ "   ", 900, "missing" },
		{ "abc", 900, "not a quantity" },
		{ "40%%", 900, "not a percentage" },
		{ "-5%", 900, "between 0 and 100" },
		{ "100.5%", 900, "between 0 and 100" },
		{ "1.0000001%", 900, "decimals" },
		{ "901", 900, "more than the booking of 900" },
		{ "10", 0, "no booking" },
		{ "2.5", 900, "whole number" },
		{ "-3", 900, "below zero" },
	};
	struct err e = { "" };
	int64_t v = 77;

	ck_assert_int_eq(allocwiz_parse_share(NULL, 900, &v, &e), -1);
	ck_assert_int_eq(allocwiz_parse_share("1", 900, NULL, &e), -1);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_msg(allocwiz_parse_share(good[i].text,
		    good[i].booking, &v, &e) == 0, "%s: %s", good[i].text,
		    e.msg);
		ck_assert_msg(v == good[i].want, "%s: %lld, want %lld",
		    good[i].text, (long long)v, (long long)good[i].want);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 77;
		e.msg[0] = '\0';
		ck_assert_msg(allocwiz_parse_share(bad[i].text, bad[i].booking,
		    &v, &e) == -1, "%s was accepted", bad[i].text);
		ck_assert_msg(strstr(e.msg, bad[i].why) != NULL, "%s: %s",
		    bad[i].text, e.msg);
		ck_assert_int_eq(v, 77);
	}
}
END_TEST

/* The engine's answers as the worker hands them: "show block BK1" and
 * "alloc BK1 method=weights preview", typed. */
static struct order
member(const char *id, const char *acct, int64_t qty, int64_t cum)
{
	struct order o = testlib_order(id, acct, "AAPL", SIDE_BUY, qty, 0);

	o.cum_qty = cum;
	str_copy(o.block, sizeof o.block, "BK1");
	return o;
}

static struct result *
block_answer(bool with_members)
{
	struct result *r = result_new();
	struct result_block b = { "BK1", "AAPL", SIDE_BUY,
	    ORDER_PARTIALLY_FILLED, 2000, 900, 100, P("100.02"), 4 };
	struct result_booking k = { "BK1", "1-100", "MAIN", "o1", "AAPL",
	    SIDE_BUY, 100, P("100.02"), M("10002") };

	result_block_header(r, 10);
	result_block(r, &b, 10);
	result_note(r, "800 unallocated; orders:");
	if (with_members) {
		struct order o[4] = { member("o1", "MAIN", 1000, 100),
		    member("o2", "GROWTH01", 500, 0),
		    member("o3", "INCOME01", 300, 0),
		    member("o4", "GROWTH01", 200, 0) };
		result_order_header(r, 10);
		for (int i = 0; i < 4; i++)
			result_order(r, &o[i], P("0.01"));
	}
	result_note(r, "allocations:");
	result_booking_header(r, 10);
	result_booking(r, &k, 10);
	return r;
}

static struct result *
preview_answer(void)
{
	struct result *r = result_new();
	struct result_alloc a = { "BK1", "AAPL", "weights", 800, P("100.02"),
	    true };
	struct result_alloc_row rows[3] = {
		{ "BK1", "MAIN", "o1", 1000, 100, 500, P("100.02"),
		  M("50010"), true },
		{ "BK1", "GROWTH01", "o2", 500, 0, 200, P("100.02"),
		  M("20004"), true },
		{ "BK1", "GROWTH01", "o4", 200, 0, 100, P("100.02"),
		  M("10002"), true },
	};

	result_alloc(r, &a);
	for (int i = 0; i < 3; i++)
		result_alloc_row(r, &rows[i]);
	return r;
}

START_TEST(test_allocwiz_read_block)
{
	struct allocwiz w;
	struct err e = { "" };
	struct result *block = block_answer(true), *none = result_new();
	struct result *bare = block_answer(false);

	memset(&w, 0, sizeof w);
	ck_assert_int_eq(allocwiz_read_block(NULL, block, &e), -1);
	ck_assert_int_eq(allocwiz_read_block(&w, NULL, &e), -1);
	ck_assert_int_eq(allocwiz_read_block(&w, none, &e), -1);
	result_message(none, "order BK1 is not a block");
	ck_assert_int_eq(allocwiz_read_block(&w, none, &e), -1);
	ck_assert_int_eq(allocwiz_read_block(&w, block, &e), 0);
	ck_assert_str_eq(w.block, "BK1");
	ck_assert_str_eq(w.symbol, "AAPL");
	ck_assert_str_eq(w.side, "buy");
	ck_assert_str_eq(w.status, "partially_filled");
	ck_assert_int_eq(w.qty, 2000);
	ck_assert_int_eq(w.filled, 900);
	ck_assert_int_eq(w.allocated, 100);
	ck_assert_int_eq(w.unallocated, 800);
	/* One entry per account, in the block's order; GROWTH01's two
	 * orders taken together. */
	ck_assert_int_eq(w.nacct, 3);
	ck_assert_str_eq(w.acct[0].account, "MAIN");
	ck_assert_int_eq(w.acct[0].request, 1000);
	ck_assert_int_eq(w.acct[0].before, 100);
	ck_assert_int_eq(w.acct[0].norders, 1);
	ck_assert_str_eq(w.acct[1].account, "GROWTH01");
	ck_assert_int_eq(w.acct[1].request, 700);
	ck_assert_int_eq(w.acct[1].norders, 2);
	ck_assert_str_eq(w.acct[2].account, "INCOME01");
	ck_assert(!w.have_preview);
	/* A fresh look keeps the weights set; an answer without members
	 * changes nothing. */
	w.acct[1].weight = PCT(40);
	ck_assert_int_eq(allocwiz_read_block(&w, block, &e), 0);
	ck_assert_int_eq(w.acct[1].weight, PCT(40));
	ck_assert_int_eq(w.acct[0].weight, 0);
	ck_assert_int_eq(allocwiz_read_block(&w, bare, &e), -1);
	ck_assert_msg(strstr(e.msg, "cannot read the block") != NULL, "%s",
	    e.msg);
	ck_assert_int_eq(w.nacct, 3);
	ck_assert_int_eq(w.acct[1].weight, PCT(40));
	/* The basis of each method. */
	int64_t b[3];
	allocwiz_basis(&w, ALLOC_PRORATA, b);
	ck_assert_int_eq(b[0], 1000);
	ck_assert_int_eq(b[1], 700);
	ck_assert_int_eq(b[2], 300);
	allocwiz_basis(&w, ALLOC_EVEN, b);
	ck_assert_int_eq(b[0], 1);
	ck_assert_int_eq(b[1], 2);
	ck_assert_int_eq(b[2], 1);
	allocwiz_basis(&w, ALLOC_WEIGHTS, b);
	ck_assert_int_eq(b[1], PCT(40));
	allocwiz_free(&w);
	ck_assert_int_eq(w.nacct, 0);
	allocwiz_free(NULL);
	result_free(block);
	result_free(none);
	result_free(bare);
}
END_TEST

START_TEST(test_allocwiz_read_preview)
{
	struct allocwiz w;
	struct err e = { "" };
	struct result *block = block_answer(true), *pv = preview_answer();
	struct result *nothing = result_new(), *other = result_new();

	memset(&w, 0, sizeof w);
	ck_assert_int_eq(allocwiz_read_block(&w, block, &e), 0);
	ck_assert_int_eq(allocwiz_read_preview(NULL, pv, &e), -1);
	ck_assert_int_eq(allocwiz_read_preview(&w, NULL, &e), -1);
	ck_assert(!w.have_preview);
	ck_assert_int_eq(allocwiz_read_preview(&w, pv, &e), 0);
	ck_assert(w.have_preview);
	ck_assert(!w.nothing);
	ck_assert_int_eq(w.book_qty, 800);
	ck_assert_str_eq(w.px, "100.02");
	ck_assert_str_eq(w.method, "weights");
	ck_assert_int_eq(w.nacct, 3);
	ck_assert_int_eq(w.acct[0].qty, 500);
	ck_assert_int_eq(w.acct[0].gross, 50010 * MONEY_SCALE);
	ck_assert_int_eq(w.acct[1].qty, 300);		/* o2 + o4 */
	ck_assert_int_eq(w.acct[1].gross, 30006 * MONEY_SCALE);
	ck_assert_int_eq(w.acct[2].qty, 0);		/* left out: none */
	/* Nothing to allocate: the answer holds no allocation. */
	result_message(nothing, "block BK1: nothing to allocate (900 "
	    "filled, all booked)");
	ck_assert_int_eq(allocwiz_read_preview(&w, nothing, &e), 0);
	ck_assert(w.nothing);
	ck_assert_int_eq(w.book_qty, 0);
	ck_assert_int_eq(w.acct[0].qty, 0);
	/* An account the block did not list is added. */
	struct result_alloc a = { "BK1", "AAPL", "prorata", 10, P("1"),
	    true };
	struct result_alloc_row row = { "BK1", "NEWACCT", "o9", 40, 0, 10,
	    P("1"), M("10"), true };
	result_alloc(other, &a);
	result_alloc_row(other, &row);
	ck_assert_int_eq(allocwiz_read_preview(&w, other, &e), 0);
	ck_assert_int_eq(w.nacct, 4);
	ck_assert_str_eq(w.acct[3].account, "NEWACCT");
	ck_assert_int_eq(w.acct[3].request, 40);
	ck_assert_int_eq(w.acct[3].norders, 1);
	ck_assert_int_eq(w.acct[3].qty, 10);
	ck_assert_str_eq(w.method, "prorata");
	/* A share past 64 bits: nothing changes. */
	result_reset(other);
	row.gross = INT64_MAX;
	result_alloc(other, &a);
	result_alloc_row(other, &row);
	result_alloc_row(other, &row);
	a.qty = 77;
	ck_assert_int_eq(allocwiz_read_preview(&w, other, &e), -1);
	ck_assert_int_eq(w.book_qty, 10);
	ck_assert_int_eq(w.acct[3].qty, 10);
	allocwiz_free(&w);
	result_free(block);
	result_free(pv);
	result_free(nothing);
	result_free(other);
}
END_TEST

START_TEST(test_allocwiz_command)
{
	struct allocwiz w;
	struct err e = { "" };
	char buf[256], tiny[24];
	struct result *block = block_answer(true);

	memset(&w, 0, sizeof w);
	ck_assert_ptr_null(allocwiz_command(&w, ALLOC_PRORATA, true, buf,
	    sizeof buf));
	ck_assert_str_eq(buf, "");
	ck_assert_ptr_null(allocwiz_command(NULL, ALLOC_PRORATA, true, buf,
	    sizeof buf));
	ck_assert_int_eq(allocwiz_read_block(&w, block, &e), 0);
	ck_assert_ptr_null(allocwiz_command(&w, ALLOC_PRORATA, true, NULL,
	    10));
	ck_assert_str_eq(allocwiz_command(&w, ALLOC_PRORATA, true, buf,
	    sizeof buf), "alloc BK1 method=prorata preview");
	ck_assert_str_eq(allocwiz_command(&w, ALLOC_EVEN, false, buf,
	    sizeof buf), "alloc BK1 method=even");
	/* Weights without a weight: no command. */
	ck_assert_ptr_null(allocwiz_command(&w, ALLOC_WEIGHTS, true, buf,
	    sizeof buf));
	w.acct[0].weight = PCT(37.5);
	w.acct[1].weight = 0;			/* left out */
	w.acct[2].weight = 62500001;
	ck_assert_str_eq(allocwiz_command(&w, ALLOC_WEIGHTS, true, buf,
	    sizeof buf), "alloc BK1 method=weights "
	    "weights=MAIN:37.5,INCOME01:62.500001 preview");
	ck_assert_ptr_null(allocwiz_command(&w, ALLOC_WEIGHTS, true, tiny,
	    sizeof tiny));
	ck_assert_str_eq(tiny, "");
	/* What it builds parses as the command it means. */
	struct cmd c;
	allocwiz_command(&w, ALLOC_WEIGHTS, false, buf, sizeof buf);
	ck_assert_int_eq(cmd_parse(buf, &c, &e), 0);
	ck_assert_int_eq(c.kind, CMD_ALLOC);
	ck_assert(!c.alloc.preview);
	ck_assert_int_eq(c.alloc.method, ALLOC_WEIGHTS);
	ck_assert_int_eq(c.alloc.nweights, 2);
	ck_assert_int_eq(c.alloc.weight[1], 62500001);
	/* The values the wizard sends are those the words parse to. */
	struct cmd v;
	ck_assert(allocwiz_cmd(&w, ALLOC_WEIGHTS, false, &v));
	ck_assert_int_eq(v.kind, c.kind);
	ck_assert_str_eq(v.id, c.id);
	ck_assert_int_eq(v.alloc.method, c.alloc.method);
	ck_assert(v.alloc.preview == c.alloc.preview);
	ck_assert_int_eq(v.alloc.lot, c.alloc.lot);
	ck_assert_int_eq(v.alloc.nweights, c.alloc.nweights);
	for (size_t i = 0; i < c.alloc.nweights; i++) {
		ck_assert_str_eq(v.alloc.wacct[i], c.alloc.wacct[i]);
		ck_assert_int_eq(v.alloc.weight[i], c.alloc.weight[i]);
	}
	ck_assert(allocwiz_cmd(&w, ALLOC_EVEN, true, &v));
	ck_assert(v.alloc.preview && v.alloc.method == ALLOC_EVEN);
	ck_assert_int_eq(v.alloc.nweights, 0);
	w.acct[0].weight = w.acct[2].weight = 0;
	ck_assert(!allocwiz_cmd(&w, ALLOC_WEIGHTS, false, &v));
	allocwiz_free(&w);
	result_free(block);
}
END_TEST

/* The readers against the engine itself: a block partly filled, the
 * wizard's picture of it from "show block", a share typed, the preview
 * of the weights that gives, and the booking of the same command, which
 * gives each account what the preview showed. */
static struct runtime *wz_rt;

/* Run LINE in the worker; returns the answered request (caller frees it
 * with runtime_request_free), failing the test when the command fails. */
static struct rt_request *
wz_run(const char *line)
{
	struct rt_request *r = xcalloc(1, sizeof *r);
	struct err e = { "" };

	ck_assert_msg(cmd_parse(line, &r->cmd, &e) == 0, "%s: %s", line,
	    e.msg);
	runtime_submit(wz_rt, r);
	while (!(r = runtime_results(wz_rt)))
		runtime_wait(wz_rt, 2000);
	ck_assert_ptr_null(r->node.next);
	ck_assert_msg(r->status == RT_OK, "%s: %s", line, r->err);
	return r;
}

START_TEST(test_allocwiz_against_engine)
{
	static const char *const setup[] = {
		"instrument add AAPL class=equity",
		"account add MAIN",
		"account add GROWTH01",
		"account add INCOME01",
		"quote AAPL 100.00 100.02 asksz=900",
		"stage buy 1000 AAPL acct=MAIN id=o1 tif=gtc",
		"stage buy 500 AAPL acct=GROWTH01 id=o2 tif=gtc",
		"stage buy 300 AAPL acct=INCOME01 id=o3 tif=gtc",
		"block o1 o2 o3 id=BK1",
		"release BK1",
	};
	char db[128], cmd[512];
	struct runtime_opts o = { .db_path = db, .empty = true };
	struct err e = { "" };
	struct allocwiz w;
	struct rt_request *out;
	int64_t basis[3], wt[3], share;

	snprintf(db, sizeof db, "%s/wz.db", tmpdir);
	ck_assert_int_eq(cmd_time_parse("2026-01-05T09:30:00", &o.start, &e),
	    0);
	wz_rt = runtime_start(&o, &e);
	ck_assert_msg(wz_rt != NULL, "%s", e.msg);
	for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++)
		runtime_request_free(wz_run(setup[i]));
	memset(&w, 0, sizeof w);
	out = wz_run("show block BK1");
	ck_assert_msg(allocwiz_read_block(&w, out->res, &e) == 0, "%s\n%s",
	    e.msg, out->out);
	runtime_request_free(out);
	ck_assert_int_eq(w.filled, 900);
	ck_assert_int_eq(w.unallocated, 900);
	ck_assert_int_eq(w.nacct, 3);
	out = wz_run(allocwiz_command(&w, ALLOC_PRORATA, true, cmd,
	    sizeof cmd));
	ck_assert_msg(allocwiz_read_preview(&w, out->res, &e) == 0, "%s\n%s",
	    e.msg, out->out);
	runtime_request_free(out);
	ck_assert_int_eq(w.book_qty, 900);
	ck_assert_int_eq(w.acct[0].qty, 500);
	ck_assert_int_eq(w.acct[1].qty, 250);
	ck_assert_int_eq(w.acct[2].qty, 150);
	/* INCOME01 to 90 shares; the others keep 1000:500. */
	ck_assert_int_eq(allocwiz_parse_share("90", w.book_qty, &share, &e),
	    0);
	allocwiz_basis(&w, ALLOC_PRORATA, basis);
	ck_assert_int_eq(allocwiz_rebalance(basis, 3, 2, share, wt, &e), 0);
	for (int i = 0; i < 3; i++)
		w.acct[i].weight = wt[i];
	out = wz_run(allocwiz_command(&w, ALLOC_WEIGHTS, true, cmd,
	    sizeof cmd));
	ck_assert_msg(allocwiz_read_preview(&w, out->res, &e) == 0, "%s\n%s",
	    e.msg, out->out);
	runtime_request_free(out);
	ck_assert_int_eq(w.acct[2].qty, 90);
	ck_assert_int_eq(w.acct[0].qty, 540);
	ck_assert_int_eq(w.acct[1].qty, 270);
	int64_t shown[3] = { w.acct[0].qty, w.acct[1].qty, w.acct[2].qty };
	runtime_request_free(wz_run(allocwiz_command(&w, ALLOC_WEIGHTS, false,
	    cmd, sizeof cmd)));
	out = wz_run("show block BK1");
	ck_assert_int_eq(allocwiz_read_block(&w, out->res, &e), 0);
	runtime_request_free(out);
	ck_assert_int_eq(w.allocated, 900);
	ck_assert_int_eq(w.unallocated, 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(w.acct[i].before, shown[i]);
	out = wz_run("alloc BK1 preview");
	ck_assert_int_eq(allocwiz_read_preview(&w, out->res, &e), 0);
	runtime_request_free(out);
	ck_assert(w.nothing);
	allocwiz_free(&w);
	runtime_stop(wz_rt);
	wz_rt = NULL;
	/* The store's own files, so the fixture can remove the directory. */
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal",
	    ".lock" };
	for (size_t i = 0; i < 5; i++) {
		char p[160];
		snprintf(p, sizeof p, "%s%s", db, sfx[i]);
		unlink(p);
	}
}
END_TEST

/* ------------------------------------------------------------ FIX sessions */

/* A session of the view named NAME in state S. */
static struct view_fix
view_session(const char *name, enum view_fix_state s)
{
	struct view_fix f;

	memset(&f, 0, sizeof f);
	str_copy(f.name, sizeof f.name, name);
	f.state = s;
	return f;
}

/* The status line's badges joined by blanks, as it writes them. */
static const char *
badges_text(const struct ui_fix_badge *b, size_t n)
{
	static char buf[256];
	size_t	k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s",
		    i ? " " : "", b[i].text);
	return buf;
}

/* The status line gives each session "NAME:word" in its state's colours
 * while they fit, then the first ones and a count of the rest in the
 * colours of the worst of them, then how many are up, then nothing. */
START_TEST(test_status_fix_badges)
{
	struct view_fix fix[4] = {
		view_session("BRK", VIEW_FIX_UP),
		view_session("LSE", VIEW_FIX_DOWN),
		view_session("NYB", VIEW_FIX_CONNECTING),
		view_session("TSE", VIEW_FIX_OFF),
	};
	static const struct {
		size_t	n;
		int	room;
		const char *want;
		int	width;
		bool	whole;
		enum theme_element last;
	} cases[] = {
		{ 0, 80, "", 0, false, TH_NORMAL },
		{ 1, 80, "BRK:up", 13, true, TH_FIX_UP },
		{ 1, 13, "BRK:up", 13, true, TH_FIX_UP },
		{ 1, 12, "", 0, false, TH_NORMAL },
		{ 2, 80, "BRK:up LSE:down", 22, true, TH_FIX_DOWN },
		{ 3, 31, "BRK:up LSE:down NYB:conn", 31, true,
		  TH_FIX_CONNECTING },
		/* The first two and one more, on its way up. */
		{ 3, 30, "BRK:up LSE:down +1", 25, false, TH_FIX_CONNECTING },
		/* One and two more, one of them down. */
		{ 3, 24, "BRK:up +2", 16, false, TH_FIX_DOWN },
		/* Only the count, in the colours of the worst. */
		{ 3, 15, "1/3 up", 13, false, TH_FIX_DOWN },
		{ 3, 13, "1/3 up", 13, false, TH_FIX_DOWN },
		{ 3, 12, "", 0, false, TH_NORMAL },
		{ 3, 0, "", 0, false, TH_NORMAL },
		{ 3, -5, "", 0, false, TH_NORMAL },
		/* Outside its hours is neither good nor bad. */
		{ 4, 80, "BRK:up LSE:down NYB:conn TSE:off", 39, true,
		  TH_STATUS_BAR },
	};
	struct ui_fix_badge b[VIEW_FIX_MAX + 1];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int	width = -1;
		bool	whole = !cases[i].whole;
		size_t	n = ui_fix_badges(fix, cases[i].n, cases[i].room, b,
		    &width, &whole);

		ck_assert_msg(strcmp(badges_text(b, n), cases[i].want) == 0,
		    "case %zu: got \"%s\"", i, badges_text(b, n));
		ck_assert_msg(width == cases[i].width, "case %zu: width %d",
		    i, width);
		ck_assert_msg(whole == cases[i].whole, "case %zu", i);
		if (n)
			ck_assert_msg(width <= cases[i].room, "case %zu", i);
		if (n)
			ck_assert_msg(b[n - 1].el == cases[i].last,
			    "case %zu: element %s", i,
			    theme_element_name(b[n - 1].el));
	}
	/* Each badge in its session's colours. */
	ck_assert_int_eq(ui_fix_badges(fix, 3, 80, b, &(int){ 0 },
	    &(bool){ false }), 3);
	ck_assert_int_eq(b[0].el, TH_FIX_UP);
	ck_assert_int_eq(b[1].el, TH_FIX_DOWN);
	ck_assert_int_eq(b[2].el, TH_FIX_CONNECTING);
	ck_assert_str_eq(ui_fix_word(VIEW_FIX_UNKNOWN), "?");
	ck_assert_int_eq(ui_fix_element(VIEW_FIX_UNKNOWN, TH_NORMAL),
	    TH_FIX_DOWN);
	ck_assert_int_eq(ui_fix_element(VIEW_FIX_OFF, TH_NORMAL), TH_NORMAL);
}
END_TEST

/* A socket on 127.0.0.1 that takes connections into its backlog and
 * never answers: a broker that is there but says nothing.  Its port
 * into *PORT. */
static int
silent_broker(int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int	fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void
session_config(struct venue_fix_config *c, const char *name, int port)
{
	memset(c, 0, sizeof *c);
	str_copy(c->name, sizeof c->name, name);
	str_copy(c->host, sizeof c->host, "127.0.0.1");
	c->port = port;
	str_copy(c->sender, sizeof c->sender, "BLOTTER");
	str_copy(c->target, sizeof c->target, "BROKER");
	c->heartbeat = 30;
	c->hours_start = c->hours_end = -1;
}

/* The engine puts its FIX sessions in the view as values: none without
 * a setup; held here, the venue's state, and a new view when the session
 * moves although no order did; held by another blotter, what that one
 * last wrote to the store, and "never connected" for a session it never
 * wrote. */
START_TEST(test_view_fix_sessions)
{
	const int64_t t0 = 1767605400;		/* 2026-01-05 09:30 */
	char	path[160], peer[32];
	struct err e = { "" };
	struct fix_dict *dict = NULL;
	struct venue_fix_config cfg[2];
	struct exec_setup here, there;
	struct store *st, *st2;
	struct exec *x, *x2;
	struct view *v;
	int	port, lfd = silent_broker(&port);

	snprintf(path, sizeof path, "%s/fix.db", tmpdir);
	snprintf(peer, sizeof peer, "127.0.0.1:%d", port);
	ck_assert_msg(fix_dict_load(BLOTTER_SRCDIR "/data/fix/FIX44.xml",
	    &dict, &e) == 0, "%s", e.msg);
	session_config(&cfg[0], "BRK", port);
	session_config(&cfg[1], "LSE", port);
	memset(&here, 0, sizeof here);
	here.fix = cfg;
	here.nfix = 1;
	here.dict = dict;
	there = here;
	there.nfix = 2;

	st = store_open(path, &e);
	ck_assert_msg(st != NULL, "store_open: %s", e.msg);
	/* No session set up: none in the view. */
	ck_assert_int_eq(store_begin(st, &e), 0);
	x = exec_new_setup(st, t0, false, NULL, &e);
	ck_assert_msg(x != NULL, "%s", e.msg);
	ck_assert_int_eq(store_commit(st, &e), 0);
	v = exec_view(x, true);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->nfix, 0);
	view_free(v);
	exec_free(x);

	/* Held here, before it dialed. */
	ck_assert_int_eq(store_begin(st, &e), 0);
	x = exec_new_setup(st, t0, false, &here, &e);
	ck_assert_msg(x != NULL, "%s", e.msg);
	ck_assert_int_eq(store_commit(st, &e), 0);
	v = exec_view(x, true);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->nfix, 1);
	ck_assert_str_eq(v->fix[0].name, "BRK");
	ck_assert_int_eq(v->fix[0].state, VIEW_FIX_DOWN);
	ck_assert_str_eq(v->fix[0].state_text, "disconnected");
	ck_assert(!v->fix[0].logged_on);
	ck_assert(!v->fix[0].elsewhere);
	ck_assert_int_eq(v->fix[0].next_out, 1);
	ck_assert_int_eq(v->fix[0].next_in, 1);
	ck_assert_str_eq(v->fix[0].peer, peer);
	view_free(v);
	ck_assert_ptr_null(exec_view(x, false));
	/* It dials the broker: the session is connecting.  No order moved
	 * and nothing was logged, and still there is a new view. */
	ck_assert_int_eq(store_begin(st, &e), 0);
	ck_assert_msg(exec_venues_work(x, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(store_commit(st, &e), 0);
	exec_venues_flush(x);
	v = exec_view(x, false);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->nfix, 1);
	ck_assert_int_eq(v->fix[0].state, VIEW_FIX_CONNECTING);
	ck_assert_str_eq(v->fix[0].state_text, "connecting");
	view_free(v);
	ck_assert_ptr_null(exec_view(x, false));

	/* Another blotter on the store: what the holder last wrote. */
	struct fixstore_seqs seqs = { 0, 5, 7 };
	ck_assert_int_eq(store_begin(st, &e), 0);
	ck_assert_int_eq(store_fix_set_state(st, "BRK", "logged on",
	    "10.0.0.1:9878", t0 + 60, &e), 0);
	ck_assert_int_eq(store_fix_set_seqs(st, "BRK", &seqs, &e), 0);
	ck_assert_int_eq(store_commit(st, &e), 0);
	st2 = store_open(path, &e);
	ck_assert_msg(st2 != NULL, "store_open: %s", e.msg);
	ck_assert_int_eq(store_begin(st2, &e), 0);
	x2 = exec_new_setup(st2, t0, true, &there, &e);
	ck_assert_msg(x2 != NULL, "%s", e.msg);
	ck_assert_int_eq(store_commit(st2, &e), 0);
	v = exec_view(x2, true);
	ck_assert_ptr_nonnull(v);
	ck_assert(v->remote);
	ck_assert_int_eq(v->nfix, 2);
	ck_assert_str_eq(v->fix[0].name, "BRK");
	ck_assert(v->fix[0].elsewhere);
	ck_assert_int_eq(v->fix[0].state, VIEW_FIX_UP);
	ck_assert(v->fix[0].logged_on);
	ck_assert_str_eq(v->fix[0].state_text, "logged on");
	ck_assert_str_eq(v->fix[0].peer, "10.0.0.1:9878");
	ck_assert_int_eq(v->fix[0].since, t0 + 60);
	ck_assert_int_eq(v->fix[0].next_out, 5);
	ck_assert_int_eq(v->fix[0].next_in, 7);
	ck_assert_str_eq(v->fix[1].name, "LSE");
	ck_assert(v->fix[1].elsewhere);
	ck_assert_int_eq(v->fix[1].state, VIEW_FIX_DOWN);
	ck_assert_str_eq(v->fix[1].state_text, "never connected");
	ck_assert_int_eq(v->fix[1].since, 0);
	ck_assert_str_eq(v->fix[1].peer, peer);
	view_free(v);

	exec_free(x2);
	store_close(st2);
	exec_free(x);
	store_close(st);
	fix_dict_free(dict);
	close(lfd);
}
END_TEST

/* ---------------------------------------------------------------- theme */

START_TEST(test_theme_element_names)
{
	enum theme_element el;

	ck_assert_ptr_null(theme_element_name(TH_COUNT));
	ck_assert_ptr_null(theme_element_name((enum theme_element)-1));
	ck_assert_int_eq(theme_element_parse(NULL, &el), -1);
	ck_assert_int_eq(theme_element_parse("", &el), -1);
	ck_assert_int_eq(theme_element_parse("Normal", &el), -1);
	ck_assert_int_eq(theme_element_parse("order", &el), -1);
	for (int i = 0; i < TH_COUNT; i++) {
		const char *name = theme_element_name((enum theme_element)i);

		ck_assert_ptr_nonnull(name);
		ck_assert_int_eq(theme_element_parse(name, &el), 0);
		ck_assert_int_eq(el, i);
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(theme_element_name(
			    (enum theme_element)j), name);
	}
	ck_assert_str_eq(theme_element_name(TH_NORMAL), "normal");
	ck_assert_str_eq(theme_element_name(TH_PANE_TITLE), "pane.title");
	ck_assert_str_eq(theme_element_name(TH_STATUS_BAR), "status.bar");
	ck_assert_str_eq(theme_element_name(TH_STATUS_HALTED),
	    "status.halted");
	ck_assert_int_eq(theme_element_parse("status.halted", &el), 0);
	ck_assert_int_eq(el, TH_STATUS_HALTED);
	ck_assert_int_eq(theme_element_parse("status.HALTED", &el), -1);
	ck_assert_str_eq(theme_element_name(TH_ORDER_PARTIALLY_FILLED),
	    "order.partially_filled");
}
END_TEST

START_TEST(test_theme_order_status)
{
	static const char *const names[ORDER_STATUS_COUNT] = {
		"staged", "flagged", "pending_new", "new", "partially_filled",
		"filled", "pending_cancel", "canceled", "pending_replace",
		"rejected", "expired", "done_for_day",
	};
	bool	used[TH_COUNT] = { false };
	char	want[64];

	for (int s = 0; s < ORDER_STATUS_COUNT; s++) {
		enum theme_element el;

		el = theme_order_status((enum order_status)s);

		ck_assert_int_ge(el, TH_ORDER_STAGED);
		ck_assert_int_lt(el, TH_COUNT);
		ck_assert(!used[el]);
		used[el] = true;
		snprintf(want, sizeof want, "order.%s", names[s]);
		ck_assert_str_eq(theme_element_name(el), want);
	}
	ck_assert_int_eq(theme_order_status(ORDER_REJECTED),
	    TH_ORDER_REJECTED);
	ck_assert_int_eq(theme_order_status(ORDER_STATUS_COUNT), TH_NORMAL);
}
END_TEST

START_TEST(test_theme_colour_names)
{
	static const struct {
		const char *in;
		int	colour;
		const char *out;
	} cases[] = {
		{ "default", THEME_DEFAULT, "default" },
		{ "black", COLOR_BLACK, "black" },
		{ "red", COLOR_RED, "red" },
		{ "White", COLOR_WHITE, "white" },
		{ "brightred", 8 + COLOR_RED, "brightred" },
		{ "brightblack", 8, "brightblack" },
		{ "brightwhite", 15, "brightwhite" },
		{ "color0", THEME_COLOUR(0), "color0" },
		{ "color208", THEME_COLOUR(208), "color208" },
		{ "colour255", THEME_COLOUR(255), "color255" },
		{ "color07", THEME_COLOUR(7), "color7" },
	};
	static const char *const bad[] = {
		"", "Red ", "grey", "brightdefault", "bright", "color",
		"color256", "color-1", "color+1", "color 1", "color1x",
		"color0x10", "color1000", "bright-red",
	};
	char	buf[16];
	int	c;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_msg(theme_colour_parse(cases[i].in, &c) == 0, "%s",
		    cases[i].in);
		ck_assert_int_eq(c, cases[i].colour);
		ck_assert_ptr_nonnull(theme_colour_name(c, buf, sizeof buf));
		ck_assert_str_eq(buf, cases[i].out);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = 999;
		ck_assert_msg(theme_colour_parse(bad[i], &c) == -1, "%s",
		    bad[i]);
		ck_assert_int_eq(c, 999);
	}
	ck_assert_int_eq(theme_colour_parse(NULL, &c), -1);
	for (c = -1; c < 16; c++) {
		int	back;

		ck_assert_ptr_nonnull(theme_colour_name(c, buf, sizeof buf));
		ck_assert_int_eq(theme_colour_parse(buf, &back), 0);
		ck_assert_int_eq(back, c);
	}
	for (c = THEME_COLOUR(0); c <= THEME_COLOUR(255); c++) {
		int	back;

		ck_assert_ptr_nonnull(theme_colour_name(c, buf, sizeof buf));
		ck_assert_int_eq(theme_colour_parse(buf, &back), 0);
		ck_assert_int_eq(back, c);
	}
	ck_assert_ptr_null(theme_colour_name(16, buf, sizeof buf));
	ck_assert_ptr_null(theme_colour_name(THEME_COLOUR(256), buf,
	    sizeof buf));
	ck_assert_ptr_null(theme_colour_name(COLOR_RED, buf, 3));
}
END_TEST

START_TEST(test_theme_colour_resolve)
{
	static const struct {
		const char *name;
		int	ncolours, want;
		attr_t	bold;
	} cases[] = {
		{ "default", 256, -1, 0 },
		{ "red", 8, COLOR_RED, 0 },
		{ "red", 0, -1, 0 },
		{ "brightred", 16, 9, 0 },
		{ "brightred", 256, 9, 0 },
		{ "brightred", 8, COLOR_RED, A_BOLD },
		{ "brightwhite", 8, COLOR_WHITE, A_BOLD },
		{ "color196", 256, 196, 0 },
		{ "color196", 8, COLOR_RED, 0 },
		{ "color208", 8, COLOR_RED, 0 },	/* orange */
		{ "color214", 8, COLOR_YELLOW, 0 },
		{ "color22", 8, COLOR_GREEN, 0 },	/* dark green */
		{ "color25", 8, COLOR_BLUE, 0 },
		{ "color31", 8, COLOR_CYAN, 0 },
		{ "color127", 8, COLOR_MAGENTA, 0 },
		{ "color9", 8, COLOR_RED, 0 },	/* no bold: not bright */
		{ "color9", 16, 9, 0 },
		{ "color3", 8, COLOR_YELLOW, 0 },
		{ "color16", 8, COLOR_BLACK, 0 },
		{ "color231", 8, COLOR_WHITE, 0 },
		{ "color234", 8, COLOR_BLACK, 0 },	/* dark grey */
		{ "color244", 8, -1, 0 },		/* mid grey */
		{ "color255", 8, COLOR_WHITE, 0 },
		{ "color255", 88, COLOR_WHITE, 0 },
		{ "color80", 88, 80, 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		attr_t	bold = 12345;
		int	c;

		ck_assert_int_eq(theme_colour_parse(cases[i].name, &c), 0);
		ck_assert_msg(theme_colour_resolve(c, cases[i].ncolours, &bold)
		    == cases[i].want, "%s on %d colours", cases[i].name,
		    cases[i].ncolours);
		ck_assert_msg(bold == cases[i].bold, "%s on %d colours: bold",
		    cases[i].name, cases[i].ncolours);
		ck_assert_int_eq(theme_colour_resolve(c, cases[i].ncolours,
		    NULL), cases[i].want);
	}
	ck_assert_int_eq(theme_colour_resolve(-5, 256, NULL), -1);
	ck_assert_int_eq(theme_colour_resolve(THEME_COLOUR(256), 256, NULL),
	    -1);
	ck_assert_int_eq(theme_colour_resolve(100, 256, NULL), -1);
}
END_TEST

START_TEST(test_theme_builtin_is_default_file)
{
	struct theme_style builtin[TH_COUNT], file[TH_COUNT];
	struct sbuf err = { 0 };

	theme_reset();
	snapshot_theme(builtin);
	ck_assert_int_eq(theme_load(shipped("themes", "default.theme"), &err),
	    0);
	ck_assert_ptr_null(err.p);
	snapshot_theme(file);
	ck_assert(same_theme(builtin, file));
	ck_assert_int_eq(file[TH_ORDER_REJECTED].fg, COLOR_RED);
	ck_assert(file[TH_ORDER_REJECTED].attrs & A_BOLD);
	ck_assert_int_eq(file[TH_STATUS_BAR].bg, COLOR_CYAN);
	sbuf_free(&err);
}
END_TEST

START_TEST(test_theme_shipped_load)
{
	static const char *const files[] = {
		"default.theme", "dark.theme", "light.theme", "mono.theme",
		"high-contrast.theme",
	};
	struct theme_style s[TH_COUNT];

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct sbuf err = { 0 };
		const char *path = shipped("themes", files[i]);

		theme_reset();
		ck_assert_msg(theme_load(path, &err) == 0 && err.len == 0,
		    "%s: %s", path, err.p ? err.p : "failed");
		sbuf_free(&err);
	}
	/* mono: no colour anywhere, and the selection still shows. */
	ck_assert_int_eq(theme_load(shipped("themes", "mono.theme"), NULL), 0);
	snapshot_theme(s);
	for (int i = 0; i < TH_COUNT; i++) {
		ck_assert_int_eq(s[i].fg, THEME_DEFAULT);
		ck_assert_int_eq(s[i].bg, THEME_DEFAULT);
	}
	ck_assert(s[TH_SELECTION].attrs & A_REVERSE);
	/* dark: something other than the defaults. */
	ck_assert_int_eq(theme_load(shipped("themes", "dark.theme"), NULL), 0);
	snapshot_theme(s);
	ck_assert_int_eq(s[TH_NORMAL].bg, THEME_COLOUR(234));
}
END_TEST

/* Each shipped theme names every element, so switching is complete. */
START_TEST(test_theme_shipped_complete)
{
	static const char *const files[] = {
		"default.theme", "dark.theme", "light.theme", "mono.theme",
		"high-contrast.theme",
	};

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		FILE	*fp = fopen(shipped("themes", files[i]), "r");
		bool	seen[TH_COUNT] = { false };
		char	line[256], name[64];

		ck_assert_ptr_nonnull(fp);
		while (fgets(line, sizeof line, fp)) {
			enum theme_element el;

			if (line[0] == '#' || sscanf(line, "%63s", name) != 1)
				continue;
			ck_assert_int_eq(theme_element_parse(name, &el), 0);
			seen[el] = true;
		}
		fclose(fp);
		for (int e = 0; e < TH_COUNT; e++)
			ck_assert_msg(seen[e], "%s lacks %s", files[i],
			    theme_element_name((enum theme_element)e));
	}
}
END_TEST

START_TEST(test_theme_partial_file)
{
	struct theme_style s[TH_COUNT], def[TH_COUNT], dark[TH_COUNT];
	char	*path = write_file(
	    "# just two\n"
	    "order.rejected  brightred  black  bold underline\n"
	    "pnl.up          color28    default  none   # plain\n");

	theme_reset();
	snapshot_theme(def);
	ck_assert_int_eq(theme_load(shipped("themes", "dark.theme"), NULL), 0);
	snapshot_theme(dark);
	/* theme_load() adjusts: the rest stays as the dark theme has it. */
	ck_assert_int_eq(theme_load(path, NULL), 0);
	snapshot_theme(s);
	ck_assert_int_eq(s[TH_ORDER_REJECTED].fg, 8 + COLOR_RED);
	ck_assert_int_eq(s[TH_ORDER_REJECTED].bg, COLOR_BLACK);
	ck_assert(s[TH_ORDER_REJECTED].attrs == (A_BOLD | A_UNDERLINE));
	ck_assert_int_eq(s[TH_PNL_UP].fg, THEME_COLOUR(28));
	ck_assert(s[TH_PNL_UP].attrs == 0);
	for (int i = 0; i < TH_COUNT; i++)
		if (i != TH_ORDER_REJECTED && i != TH_PNL_UP)
			ck_assert(s[i].fg == dark[i].fg &&
			    s[i].bg == dark[i].bg &&
			    s[i].attrs == dark[i].attrs);
	/* theme_switch() starts over: the rest goes back to default. */
	ck_assert_int_eq(theme_switch(path, NULL), 0);
	snapshot_theme(s);
	ck_assert_int_eq(s[TH_ORDER_REJECTED].fg, 8 + COLOR_RED);
	ck_assert_int_eq(s[TH_PNL_UP].fg, THEME_COLOUR(28));
	for (int i = 0; i < TH_COUNT; i++)
		if (i != TH_ORDER_REJECTED && i != TH_PNL_UP)
			ck_assert(s[i].fg == def[i].fg &&
			    s[i].bg == def[i].bg && s[i].attrs == def[i].attrs);
	free(path);
}
END_TEST

/* A bad file given to theme_switch() leaves the old theme in place. */
START_TEST(test_theme_switch_bad_keeps_theme)
{
	struct theme_style before[TH_COUNT], after[TH_COUNT];
	struct sbuf err = { 0 };
	char	*path = write_file("normal red default\nheader puce default\n");
	char	want[160];

	ck_assert_int_eq(theme_switch(shipped("themes", "light.theme"), NULL),
	    0);
	snapshot_theme(before);
	ck_assert_int_eq(theme_switch(path, &err), -1);
	snprintf(want, sizeof want, "%s:2: unknown foreground colour", path);
	ck_assert(err.p && strstr(err.p, want));
	snapshot_theme(after);
	ck_assert(same_theme(before, after));
	ck_assert_int_eq(theme_switch(NULL, NULL), -1);
	free(path);
	sbuf_free(&err);
}
END_TEST

START_TEST(test_theme_bad_lines)
{
	static const struct {
		const char *line;
		const char *msg;
	} cases[] = {
		{ "order.bogus  red  default",
		    "unknown element \"order.bogus\"" },
		{ "Normal  red  default", "unknown element \"Normal\"" },
		{ "normal  rouge  default",
		    "unknown foreground colour \"rouge\"" },
		{ "normal  red  color256", "unknown background colour "
		    "\"color256\"" },
		{ "normal  red  default  shiny",
		    "unknown attribute \"shiny\"" },
		{ "normal  red  default  none bold", "attribute none cannot go "
		    "with other attributes" },
		{ "normal  red", "expected ELEMENT FOREGROUND BACKGROUND "
		    "[ATTRIBUTE...], found 2 fields" },
		{ "normal", "expected ELEMENT FOREGROUND BACKGROUND "
		    "[ATTRIBUTE...], found 1 field\n" },
		{ "normal red default bold dim underline reverse standout "
		    "blink italic bold dim", "expected ELEMENT FOREGROUND "
		    "BACKGROUND [ATTRIBUTE...], found 12 fields" },
		{ "pnl.up  green  default", "pnl.up is already set on line 2" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct theme_style before[TH_COUNT], after[TH_COUNT];
		struct sbuf err = { 0 }, text = { 0 };
		char	*path, want[256];

		ck_assert_int_eq(theme_load(shipped("themes", "dark.theme"),
		    NULL), 0);
		snapshot_theme(before);
		sbuf_printf(&text, "# test\npnl.up blue default\n"
		    "order.new magenta default\n\n%s\n", cases[i].line);
		path = write_file(text.p);
		ck_assert_int_eq(theme_load(path, &err), -1);
		snprintf(want, sizeof want, "%s:5: %s", path, cases[i].msg);
		ck_assert_msg(err.p && strstr(err.p, want), "case %zu: want "
		    "\"%s\", got \"%s\"", i, want, err.p ? err.p : "");
		ck_assert_int_eq(count_lines(err.p), 1);
		snapshot_theme(after);
		ck_assert(same_theme(before, after));
		free(path);
		sbuf_free(&err);
		sbuf_free(&text);
	}
}
END_TEST

START_TEST(test_theme_every_bad_line_reported)
{
	struct sbuf err = { 0 };
	char	*path = write_file(
	    "nope red default\n"
	    "normal red default\n"
	    "header red blau\n"
	    "header red default glow\n"
	    "normal blue default\n");
	char	want[256];

	theme_reset();
	ck_assert_int_eq(theme_load(path, &err), -1);
	ck_assert_int_eq(count_lines(err.p), 4);
	for (int line = 1; line <= 5; line++) {
		snprintf(want, sizeof want, "%s:%d: ", path, line);
		ck_assert_msg((strstr(err.p, want) != NULL) == (line != 2),
		    "line %d", line);
	}
	sbuf_reset(&err);
	ck_assert_int_eq(theme_load(tmpdir, &err), -1);
	ck_assert(err.len > 0);
	ck_assert_int_eq(theme_load(NULL, &err), -1);
	free(path);
	sbuf_free(&err);
}
END_TEST

START_TEST(test_theme_missing_file)
{
	struct theme_style before[TH_COUNT], after[TH_COUNT];
	struct sbuf err = { 0 };
	char	path[128], want[160];

	theme_reset();
	snapshot_theme(before);
	snprintf(path, sizeof path, "%s/no-such.theme", tmpdir);
	ck_assert_int_eq(theme_load(path, &err), -1);
	snprintf(want, sizeof want, "%s: cannot open: ", path);
	ck_assert(err.p && strncmp(err.p, want, strlen(want)) == 0);
	snapshot_theme(after);
	ck_assert(same_theme(before, after));
	sbuf_free(&err);
}
END_TEST

START_TEST(test_theme_write_round_trip)
{
	static const char *const files[] = {
		"default.theme", "dark.theme", "light.theme", "mono.theme",
		"high-contrast.theme",
	};

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct theme_style a[TH_COUNT], b[TH_COUNT];
		struct sbuf out = { 0 };
		char	*path;

		ck_assert_int_eq(theme_load(shipped("themes", files[i]), NULL),
		    0);
		snapshot_theme(a);
		theme_write(&out);
		ck_assert_int_eq(count_lines(out.p), TH_COUNT + 1);
		path = write_file(out.p);
		theme_reset();
		ck_assert_int_eq(theme_load(path, NULL), 0);
		snapshot_theme(b);
		ck_assert_msg(same_theme(a, b), "%s", files[i]);
		free(path);
		sbuf_free(&out);
	}
}
END_TEST

START_TEST(test_theme_attr_without_colour)
{
	struct theme_style s;

	ck_assert(theme_attr(TH_COUNT) == A_NORMAL);
	ck_assert_int_eq(theme_style(TH_COUNT, &s), -1);
	ck_assert_int_eq(theme_style(TH_NORMAL, NULL), -1);
	theme_reset();
	for (int i = 0; i < TH_COUNT; i++)
		ck_assert((theme_attr((enum theme_element)i) & A_COLOR) == 0);
	ck_assert(theme_attr(TH_SELECTION) & A_REVERSE);
	ck_assert(theme_attr(TH_STATUS_BAR) & A_REVERSE);
	ck_assert(theme_attr(TH_HEADER) & A_UNDERLINE);
	ck_assert(theme_attr(TH_ORDER_REJECTED) & A_BOLD);
	ck_assert(theme_attr(TH_PNL_DOWN) & A_UNDERLINE);
	ck_assert(theme_attr(TH_ORDER_CANCELED) & A_DIM);
	/* A theme cannot make the selection invisible without colours. */
	ck_assert_int_eq(theme_load(shipped("themes", "dark.theme"), NULL), 0);
	ck_assert_int_eq(theme_style(TH_SELECTION, &s), 0);
	ck_assert((s.attrs & A_REVERSE) == 0);
	ck_assert(theme_attr(TH_SELECTION) & A_REVERSE);
}
END_TEST

/* HALTED must stand out of the status line it sits in, in every shipped
 * theme and without colours, where the status line is reversed. */
START_TEST(test_theme_halted_stands_out)
{
	static const char *const files[] = {
		"default.theme", "dark.theme", "light.theme", "mono.theme",
		"high-contrast.theme",
	};
	struct theme_style bar, halted;

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		theme_reset();
		ck_assert_int_eq(theme_load(shipped("themes", files[i]), NULL),
		    0);
		ck_assert_int_eq(theme_style(TH_STATUS_BAR, &bar), 0);
		ck_assert_int_eq(theme_style(TH_STATUS_HALTED, &halted), 0);
		ck_assert_msg(bar.fg != halted.fg || bar.bg != halted.bg ||
		    bar.attrs != halted.attrs, "%s: status.halted looks like "
		    "status.bar", files[i]);
		ck_assert_msg(halted.attrs & A_BOLD, "%s", files[i]);
		/* Without colours: bold, and not reversed like the bar. */
		ck_assert(theme_attr(TH_STATUS_HALTED) & A_BOLD);
		ck_assert((theme_attr(TH_STATUS_HALTED) & A_REVERSE) == 0);
		ck_assert(theme_attr(TH_STATUS_BAR) & A_REVERSE);
	}
	theme_reset();
	ck_assert_int_eq(theme_style(TH_STATUS_HALTED, &halted), 0);
	ck_assert_int_eq(halted.bg, COLOR_RED);
	/* Flagged orders keep bold without colours too. */
	ck_assert(theme_attr(TH_ORDER_FLAGGED) & A_BOLD);
}
END_TEST

/* A FIX session's state shows in the status line's own colours in every
 * shipped theme: up, on its way and down each differ from the bar and
 * from each other; without colours a session down is bold and not
 * reversed, as a halt is. */
START_TEST(test_theme_fix_states_stand_out)
{
	static const char *const files[] = {
		"default.theme", "dark.theme", "light.theme", "mono.theme",
		"high-contrast.theme",
	};
	static const enum theme_element els[] = {
		TH_STATUS_BAR, TH_FIX_UP, TH_FIX_CONNECTING, TH_FIX_DOWN,
	};
	struct theme_style st[4];

	ck_assert_str_eq(theme_element_name(TH_FIX_UP), "fix.up");
	ck_assert_str_eq(theme_element_name(TH_FIX_CONNECTING),
	    "fix.connecting");
	ck_assert_str_eq(theme_element_name(TH_FIX_DOWN), "fix.down");
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		theme_reset();
		ck_assert_int_eq(theme_load(shipped("themes", files[i]), NULL),
		    0);
		for (size_t k = 0; k < 4; k++)
			ck_assert_int_eq(theme_style(els[k], &st[k]), 0);
		for (size_t a = 0; a < 4; a++)
			for (size_t b = a + 1; b < 4; b++)
				ck_assert_msg(st[a].fg != st[b].fg ||
				    st[a].bg != st[b].bg ||
				    st[a].attrs != st[b].attrs,
				    "%s: %s looks like %s", files[i],
				    theme_element_name(els[a]),
				    theme_element_name(els[b]));
		ck_assert(theme_attr(TH_FIX_DOWN) & A_BOLD);
		ck_assert((theme_attr(TH_FIX_DOWN) & A_REVERSE) == 0);
		ck_assert(theme_attr(TH_FIX_CONNECTING) != theme_attr(
		    TH_FIX_DOWN));
	}
	theme_reset();
}
END_TEST

/* A screen on /dev/null of terminal type TERM, or NULL if not installed. */
static SCREEN *
fake_screen(const char *term, FILE **out, FILE **in)
{
	SCREEN	*sp;

	*out = fopen("/dev/null", "w");
	*in = fopen("/dev/null", "r");
	ck_assert(*out && *in);
	sp = newterm(term, *out, *in);
	if (sp == NULL) {
		fclose(*out);
		fclose(*in);
	}
	return sp;
}

static void
end_screen(SCREEN *sp, FILE *out, FILE *in)
{
	endwin();
	delscreen(sp);
	fclose(out);
	fclose(in);
}

START_TEST(test_theme_apply_256)
{
	FILE	*out, *in;
	SCREEN	*sp = fake_screen("xterm-256color", &out, &in);
	short	f, b;
	attr_t	a;

	if (sp == NULL)
		return;			/* terminfo not installed */
	unsetenv("NO_COLOR");
	ck_assert(theme_colour_wanted());
	setenv("NO_COLOR", "1", 1);
	ck_assert(!theme_colour_wanted());
	setenv("NO_COLOR", "", 1);
	ck_assert(theme_colour_wanted());
	unsetenv("NO_COLOR");

	theme_reset();
	theme_apply(true);
	a = theme_attr(TH_ORDER_REJECTED);
	ck_assert(a & A_BOLD);
	ck_assert_int_gt(PAIR_NUMBER(a), 0);
	ck_assert_int_eq(pair_content((short)PAIR_NUMBER(a), &f, &b), OK);
	ck_assert_int_eq(f, COLOR_RED);
	ck_assert_int_eq(b, -1);
	/* Same colours, same pair; the terminal's own colours, pair 0. */
	ck_assert_int_eq(PAIR_NUMBER(theme_attr(TH_PNL_UP)),
	    PAIR_NUMBER(theme_attr(TH_ORDER_FILLED)));
	ck_assert_int_ne(PAIR_NUMBER(theme_attr(TH_PNL_UP)),
	    PAIR_NUMBER(theme_attr(TH_PNL_DOWN)));
	ck_assert_int_eq(PAIR_NUMBER(theme_attr(TH_NORMAL)), 0);
	ck_assert(theme_attr(TH_SELECTION) & A_REVERSE);

	/* 256 colours are used as they are. */
	ck_assert_int_eq(theme_load(shipped("themes", "dark.theme"), NULL), 0);
	theme_apply(true);
	a = theme_attr(TH_MESSAGE_WARN);
	ck_assert_int_eq(pair_content((short)PAIR_NUMBER(a), &f, &b), OK);
	ck_assert_int_eq(f, 214);
	ck_assert_int_eq(b, 234);

	/* Without colours: attributes only. */
	theme_apply(false);
	for (int i = 0; i < TH_COUNT; i++)
		ck_assert((theme_attr((enum theme_element)i) & A_COLOR) == 0);
	ck_assert(theme_attr(TH_SELECTION) & A_REVERSE);
	end_screen(sp, out, in);
}
END_TEST

START_TEST(test_theme_apply_8)
{
	FILE	*out, *in;
	SCREEN	*sp = fake_screen("xterm", &out, &in);
	short	f, b;
	attr_t	a;

	if (sp == NULL)
		return;
	ck_assert_int_eq(theme_load(shipped("themes", "high-contrast.theme"),
	    NULL), 0);
	theme_apply(true);
	ck_assert_int_eq(COLORS, 8);
	/* brightgreen on 8 colours: green made bold. */
	a = theme_attr(TH_ORDER_FILLED);
	ck_assert(a & A_BOLD);
	ck_assert_int_eq(pair_content((short)PAIR_NUMBER(a), &f, &b), OK);
	ck_assert_int_eq(f, COLOR_GREEN);
	ck_assert_int_eq(b, COLOR_BLACK);
	/* The 256-colour theme falls back to the nearest basic colours. */
	ck_assert_int_eq(theme_load(shipped("themes", "dark.theme"), NULL), 0);
	theme_apply(true);
	a = theme_attr(TH_MESSAGE_ERROR);
	ck_assert_int_eq(pair_content((short)PAIR_NUMBER(a), &f, &b), OK);
	ck_assert_int_eq(f, COLOR_WHITE);
	ck_assert_int_eq(b, COLOR_RED);
	end_screen(sp, out, in);
}
END_TEST

START_TEST(test_theme_apply_mono_terminal)
{
	FILE	*out, *in;
	SCREEN	*sp = fake_screen("xterm-mono", &out, &in);

	if (sp == NULL)
		return;
	ck_assert(!theme_colour_wanted());
	theme_reset();
	theme_apply(true);		/* asked for, but there are none */
	for (int i = 0; i < TH_COUNT; i++)
		ck_assert((theme_attr((enum theme_element)i) & A_COLOR) == 0);
	ck_assert(theme_attr(TH_SELECTION) & A_REVERSE);
	end_screen(sp, out, in);
}
END_TEST

/* ---------------------------------------------------------------- suite */

/* ---- column text: separators, tick decimals, abbreviations -------------- */

START_TEST(test_format_money_sep)
{
	static const struct {
		int64_t	m;
		const char *want;
	} cases[] = {
		{ 0, "0.00" },
		{ 999990000LL, "999.99" },
		{ 1000000000LL, "1,000.00" },
		{ -44982000000LL, "-44,982.00" },
		{ 123456789012345LL, "123,456,789.01" },
		{ -1000000000000LL, "-1,000,000.00" },
		{ 100000000000LL, "100,000.00" },
		{ -5000LL, "-0.01" },
		{ INT64_MAX, "9,223,372,036,854.78" },
		{ INT64_MIN, "-9,223,372,036,854.78" },
	};
	char buf[48], tiny[6];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(format_money_sep(cases[i].m, buf, sizeof buf),
		    cases[i].want);
	/* Too small a buffer is cut, never overrun, and still ends. */
	format_money_sep(1000000000LL, tiny, sizeof tiny);
	ck_assert_str_eq(tiny, "1,000");
}
END_TEST

START_TEST(test_format_tick_decimals)
{
	ck_assert_int_eq(format_tick_decimals(PX_SCALE / 100), 2);
	ck_assert_int_eq(format_tick_decimals(PX_SCALE / 10000), 4);
	ck_assert_int_eq(format_tick_decimals(PX_SCALE / 100000), 5);
	ck_assert_int_eq(format_tick_decimals(PX_SCALE / 32), 5);
	ck_assert_int_eq(format_tick_decimals(PX_SCALE / 64), 6);
	ck_assert_int_eq(format_tick_decimals(PX_SCALE / 256), 8);
	ck_assert_int_eq(format_tick_decimals(PX_SCALE / 4), 2);
	ck_assert_int_eq(format_tick_decimals(PX_SCALE), 2);
	ck_assert_int_eq(format_tick_decimals(5 * PX_SCALE), 2);
	ck_assert_int_eq(format_tick_decimals(1), 8);
	ck_assert_int_eq(format_tick_decimals(0), 2);
	ck_assert_int_eq(format_tick_decimals(-1), 2);
}
END_TEST

START_TEST(test_format_px_tick)
{
	char buf[48];

	/* A 0.0001 tick shows four decimals even when they are zeros. */
	ck_assert_str_eq(format_px_tick(110000000LL, PX_SCALE / 10000, buf,
	    sizeof buf), "1.1000");
	ck_assert_str_eq(format_px_tick(110020000LL, PX_SCALE / 10000, buf,
	    sizeof buf), "1.1002");
	/* A mid between two ticks keeps its extra digit. */
	ck_assert_str_eq(format_px_tick(110015000LL, PX_SCALE / 10000, buf,
	    sizeof buf), "1.10015");
	/* 1/32: five decimals. */
	ck_assert_str_eq(format_px_tick(9906250000LL, PX_SCALE / 32, buf,
	    sizeof buf), "99.06250");
	ck_assert_str_eq(format_px_tick(9903125000LL, PX_SCALE / 32, buf,
	    sizeof buf), "99.03125");
	/* A cent tick, and no instrument known. */
	ck_assert_str_eq(format_px_tick(10002000000LL, PX_SCALE / 100, buf,
	    sizeof buf), "100.02");
	ck_assert_str_eq(format_px_tick(10000000000LL, 0, buf, sizeof buf),
	    "100.00");
	ck_assert_str_eq(format_px_tick(-250000000LL, PX_SCALE / 10000, buf,
	    sizeof buf), "-2.5000");
}
END_TEST

START_TEST(test_format_status_fit)
{
	static const char *const shorts[ORDER_STATUS_COUNT] = {
		[ORDER_STAGED] = "stgd", [ORDER_FLAGGED] = "flag",
		[ORDER_PENDING_NEW] = "pnew", [ORDER_NEW] = "new",
		[ORDER_PARTIALLY_FILLED] = "pfill", [ORDER_FILLED] = "fill",
		[ORDER_PENDING_CANCEL] = "pcxl", [ORDER_CANCELED] = "cxl",
		[ORDER_PENDING_REPLACE] = "prpl", [ORDER_REJECTED] = "rej",
		[ORDER_EXPIRED] = "exp", [ORDER_DONE_FOR_DAY] = "dfd",
	};

	for (int s = 0; s < ORDER_STATUS_COUNT; s++) {
		const char *name = order_status_name((enum order_status)s);
		/* Wide enough: the name itself. */
		ck_assert_str_eq(format_status_fit((enum order_status)s,
		    (int)strlen(name)), name);
		ck_assert_str_eq(format_status_fit((enum order_status)s, 16),
		    name);
		/* Narrower: the abbreviation, which always fits the
		 * narrowest status column, and no two are alike. */
		const char *ab = format_status_fit((enum order_status)s,
		    FORMAT_STATUS_SHORT);
		ck_assert_str_eq(ab, strlen(name) <= FORMAT_STATUS_SHORT ?
		    name : shorts[s]);
		ck_assert_int_le((int)strlen(ab), FORMAT_STATUS_SHORT);
		for (int t = 0; t < s; t++)
			ck_assert_str_ne(ab, format_status_fit(
			    (enum order_status)t, FORMAT_STATUS_SHORT));
	}
	ck_assert_str_eq(format_status_fit(ORDER_PARTIALLY_FILLED, 15),
	    "pfill");
	ck_assert_str_eq(format_status_fit(ORDER_PARTIALLY_FILLED, 0), "pfill");
}
END_TEST

START_TEST(test_format_history_prices)
{
	struct sbuf b = { 0 };

	/* Prices with the tick's decimals, the notional as money, the rest
	 * as it was. */
	format_history(&b, 7, 0, "order.new", "{\"id\":\"FX2\",\"qty\":1000,"
	    "\"limit_px\":109000000,\"stop_px\":108500000,\"notional\":"
	    "1100200000,\"created\":1767605400}", PX_SCALE / 10000, false);
	ck_assert_ptr_nonnull(strstr(b.p, "\"limit_px\":1.0900"));
	ck_assert_ptr_nonnull(strstr(b.p, "\"stop_px\":1.0850"));
	ck_assert_ptr_nonnull(strstr(b.p, "\"notional\":1100.20"));
	ck_assert_ptr_nonnull(strstr(b.p, "\"qty\":1000,"));
	ck_assert_ptr_nonnull(strstr(b.p, "\"created\":1767605400"));
	ck_assert_ptr_null(strstr(b.p, "109000000"));
	sbuf_free(&b);
	format_history(&b, 8, 0, "fill", "{\"qty\":10,\"px\":9906250000}",
	    PX_SCALE / 32, false);
	ck_assert_ptr_nonnull(strstr(b.p, "\"px\":99.06250"));
	sbuf_free(&b);
	/* A replace's limit and stop, a trailing stop's amount or percent. */
	format_history(&b, 9, 0, "order.amend", "{\"limit\":1005000000,"
	    "\"trail\":50000000}", PX_SCALE / 100, false);
	ck_assert_ptr_nonnull(strstr(b.p, "\"limit\":10.05"));
	ck_assert_ptr_nonnull(strstr(b.p, "\"trail\":0.50"));
	sbuf_free(&b);
	format_history(&b, 10, 0, "order.new", "{\"trail\":150000000,"
	    "\"trail_pct\":true}", PX_SCALE / 10000, false);
	ck_assert_ptr_nonnull(strstr(b.p, "\"trail\":1.50"));
	sbuf_free(&b);
	/* Not an object: shown as it is. */
	format_history(&b, 11, 0, "note", "not json", PX_SCALE / 100, false);
	ck_assert_ptr_nonnull(strstr(b.p, " not json\n"));
	sbuf_free(&b);
	/* JSON output keeps the journal's own numbers. */
	format_history(&b, 12, 0, "fill", "{\"px\":9906250000}", PX_SCALE / 32,
	    true);
	ck_assert_ptr_nonnull(strstr(b.p, "\"px\":9906250000"));
	sbuf_free(&b);
}
END_TEST

START_TEST(test_termcheck)
{
	char why[256];

	ck_assert(!termcheck_usable(NULL, why, sizeof why));
	ck_assert_ptr_nonnull(strstr(why, "TERM is not set"));
	ck_assert(!termcheck_usable("", why, sizeof why));
	ck_assert(!termcheck_usable("no-such-terminal-type", why, sizeof why));
	ck_assert_ptr_nonnull(strstr(why, "TERM=no-such-terminal-type is a "
	    "terminal type this system does not know"));
	if (access("/usr/share/terminfo/d/dumb", R_OK) == 0 ||
	    access("/lib/terminfo/d/dumb", R_OK) == 0) {
		ck_assert(!termcheck_usable("dumb", why, sizeof why));
		ck_assert_ptr_nonnull(strstr(why, "TERM=dumb cannot move the "
		    "cursor"));
	}
	if (access("/usr/share/terminfo/x/xterm", R_OK) == 0 ||
	    access("/lib/terminfo/x/xterm", R_OK) == 0) {
		why[0] = '\0';
		ck_assert(termcheck_usable("xterm", why, sizeof why));
		ck_assert_str_eq(why, "");
	}
}
END_TEST

/* ---- the blotter pages by key ------------------------------------------ */

/* Let the blotter ask for what it lacks and take the answers, until it
 * asks for nothing more. */
static void
blotter_settle(struct ui *u)
{
	for (int i = 0; i < 200; i++) {
		ui_request_page(u);
		if (!u->page_pending && !u->count_pending)
			return;
		runtime_wait(u->rt, 2000);
		struct rt_request *r = runtime_results(u->rt);
		while (r) {
			struct rt_request *next = (struct rt_request *)
			    r->node.next;
			ck_assert(r->page);
			ck_assert_msg(r->status == RT_OK, "%s", r->err);
			ui_take_page(u, r);
			runtime_request_free(r);
			r = next;
		}
	}
	ck_abort_msg("the blotter kept asking for pages");
}

/* The order under the cursor is the one its place says: the filter
 * shows every STEP-th order down from KN, the newest (K1 the oldest), so
 * place P is K(N - (P - 1) * STEP).  Returns the place. */
static int64_t
blotter_in_step(struct ui *u, int n, int step)
{
	const struct order *o = ui_selected_order(u);
	char want[ORDER_ID_MAX];

	ck_assert_ptr_nonnull(o);
	ck_assert(u->page_from_known);
	ck_assert_uint_le(u->npage, PAGE_HOLD);
	int64_t at = u->page_from + u->sel[P_BLOTTER] + 1;
	snprintf(want, sizeof want, "K%" PRId64, (int64_t)(n + step) -
	    at * step);
	ck_assert_msg(strcmp(o->id, want) == 0, "place %" PRId64 ": %s, "
	    "not %s", at, o->id, want);
	return at;
}

START_TEST(test_blotter_pages_by_key)
{
	enum { N = 2600 };
	char db[128], line[128];
	struct runtime_opts o = { .db_path = db, .empty = true };
	struct err e = { "" };
	struct ui *u = xcalloc(1, sizeof *u);
	int64_t at, was;

	snprintf(db, sizeof db, "%s/pages.db", tmpdir);
	ck_assert_int_eq(cmd_time_parse("2026-01-05T09:30:00", &o.start, &e),
	    0);
	wz_rt = runtime_start(&o, &e);
	ck_assert_msg(wz_rt != NULL, "%s", e.msg);
	runtime_request_free(wz_run("instrument add AAPL class=equity"));
	runtime_request_free(wz_run("account add A"));
	runtime_request_free(wz_run("account add B"));
	runtime_request_free(wz_run("quote AAPL 100.00 100.02"));
	/* K1 .. KN resting, every second one B's. */
	for (int i = 1; i <= N; i++) {
		struct rt_request *r = xcalloc(1, sizeof *r);
		snprintf(line, sizeof line, "buy 1 AAPL @ 99.00 acct=%s "
		    "id=K%d tif=gtc", i % 2 ? "A" : "B", i);
		ck_assert_int_eq(cmd_parse(line, &r->cmd, &e), 0);
		runtime_submit(wz_rt, r);
	}
	for (int got = 0; got < N;) {
		runtime_wait(wz_rt, 2000);
		struct rt_request *r = runtime_results(wz_rt);
		while (r) {
			struct rt_request *next = (struct rt_request *)
			    r->node.next;
			ck_assert_msg(r->status == RT_OK, "%s", r->err);
			runtime_request_free(r);
			got++;
			r = next;
		}
	}
	u->rt = wz_rt;
	u->focus = P_BLOTTER;
	u->r[P_BLOTTER].h = 15;		/* 12 rows shown */
	u->page_stale = true;
	blotter_settle(u);
	ck_assert(u->page_total_known);
	ck_assert_int_eq(u->page_total, N);
	ck_assert_int_eq(blotter_in_step(u, N, 1), 1);
	/* End, then up a page at a time to the newest: across the pages
	 * asked for, newer ones, and the rows held dropped behind. */
	ui_blotter_end(u);
	blotter_settle(u);
	ck_assert_int_eq(blotter_in_step(u, N, 1), N);
	for (was = N; was > 1; was = at) {
		ui_blotter_move(u, -12);
		blotter_settle(u);
		at = blotter_in_step(u, N, 1);
		ck_assert_int_eq(at, was > 12 ? was - 12 : 1);
	}
	ck_assert_str_eq(u->page_anchor, "");
	/* Down to the oldest. */
	for (was = 1; was < N; was = at) {
		ui_blotter_move(u, 12);
		blotter_settle(u);
		at = blotter_in_step(u, N, 1);
		ck_assert_int_eq(at, was + 12 < N ? was + 12 : N);
	}
	ck_assert(!u->page_older);
	/* Home from there, and a new order on top. */
	ui_blotter_home(u);
	blotter_settle(u);
	ck_assert_int_eq(blotter_in_step(u, N, 1), 1);
	/* A filter: B's orders, K2 .. KN; End and up again. */
	ui_apply_filter(u, "acct=B");
	blotter_settle(u);
	ck_assert_int_eq(u->page_total, N / 2);
	ui_blotter_end(u);
	blotter_settle(u);
	ck_assert_int_eq(blotter_in_step(u, N, 2), N / 2);
	for (was = N / 2; was > 1; was = at) {
		ui_blotter_move(u, -100);
		blotter_settle(u);
		at = blotter_in_step(u, N, 2);
		ck_assert_int_eq(at, was > 100 ? was - 100 : 1);
	}
	runtime_stop(wz_rt);
	wz_rt = NULL;
	free(u->page);
	free(u);
}
END_TEST

static Suite *
tui_suite(void)
{
	Suite	*s = suite_create("tui");
	TCase	*tc;

	tc = tcase_create("keys");
	tcase_add_test(tc, test_key_parse_degenerate);
	tcase_add_test(tc, test_key_table_round_trip);
	tcase_add_test(tc, test_key_printable_round_trip);
	tcase_add_test(tc, test_key_names_special);
	tcase_add_test(tc, test_key_name_unnamed);
	tcase_add_test(tc, test_key_canon);
	tcase_add_test(tc, test_key_after_esc);
	suite_add_tcase(s, tc);

	tc = tcase_create("keymap");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_keymap_actions_table);
	tcase_add_test(tc, test_keymap_degenerate);
	tcase_add_test(tc, test_keymap_good_file);
	tcase_add_test(tc, test_keymap_text_panes);
	tcase_add_test(tc, test_keymap_next_in_pane);
	tcase_add_test(tc, test_keymap_lists_what_works);
	tcase_add_test(tc, test_keymap_action_acts);
	tcase_add_test(tc, test_keymap_override_and_none);
	tcase_add_test(tc, test_keymap_bad_lines);
	tcase_add_test(tc, test_keymap_every_bad_line_reported);
	tcase_add_test(tc, test_keymap_missing_file);
	tcase_add_test(tc, test_keymap_iterate_in_order);
	tcase_add_test(tc, test_keymap_write_round_trip);
	tcase_add_test(tc, test_keymap_shipped_load);
	tcase_add_test(tc, test_keymap_default_contract);
	tcase_add_test(tc, test_keymap_vi_emacs);
	suite_add_tcase(s, tc);

	tc = tcase_create("blocks");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_blocktree_degenerate);
	tcase_add_test(tc, test_blocktree_members_under_block);
	tcase_add_test(tc, test_blocktree_any_sort);
	tcase_add_test(tc, test_allocwiz_normalize);
	tcase_add_test(tc, test_allocwiz_rebalance);
	tcase_add_test(tc, test_allocwiz_parse_share);
	tcase_add_test(tc, test_allocwiz_read_block);
	tcase_add_test(tc, test_allocwiz_read_preview);
	tcase_add_test(tc, test_allocwiz_command);
	tcase_add_test(tc, test_allocwiz_against_engine);
	tcase_add_test(tc, test_blotter_pages_by_key);
	suite_add_tcase(s, tc);

	tc = tcase_create("fix");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_status_fix_badges);
	tcase_add_test(tc, test_view_fix_sessions);
	suite_add_tcase(s, tc);

	tc = tcase_create("theme");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_theme_element_names);
	tcase_add_test(tc, test_theme_order_status);
	tcase_add_test(tc, test_theme_colour_names);
	tcase_add_test(tc, test_theme_colour_resolve);
	tcase_add_test(tc, test_theme_builtin_is_default_file);
	tcase_add_test(tc, test_theme_shipped_load);
	tcase_add_test(tc, test_theme_shipped_complete);
	tcase_add_test(tc, test_theme_partial_file);
	tcase_add_test(tc, test_theme_switch_bad_keeps_theme);
	tcase_add_test(tc, test_theme_bad_lines);
	tcase_add_test(tc, test_theme_every_bad_line_reported);
	tcase_add_test(tc, test_theme_missing_file);
	tcase_add_test(tc, test_theme_write_round_trip);
	tcase_add_test(tc, test_theme_attr_without_colour);
	tcase_add_test(tc, test_theme_halted_stands_out);
	tcase_add_test(tc, test_theme_fix_states_stand_out);
	tcase_add_test(tc, test_theme_apply_256);
	tcase_add_test(tc, test_theme_apply_8);
	tcase_add_test(tc, test_theme_apply_mono_terminal);
	suite_add_tcase(s, tc);

	tc = tcase_create("columns");
	tcase_add_test(tc, test_format_money_sep);
	tcase_add_test(tc, test_format_tick_decimals);
	tcase_add_test(tc, test_format_px_tick);
	tcase_add_test(tc, test_format_status_fit);
	tcase_add_test(tc, test_format_history_prices);
	tcase_add_test(tc, test_termcheck);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testlib_run(srunner_create(tui_suite()));
}
