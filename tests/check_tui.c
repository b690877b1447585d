/* tests/check_tui.c: unit tests of the screen's text-file tables: key
 * names and keymaps (src/tui/keymap.c), element names and themes
 * (src/tui/theme.c); and of the blotter's grouping of a block's members
 * under their block (src/tui/blocktree.c).
 *
 * Files under test are written to a fresh directory per test, so error
 * messages carry a known "PATH:LINE: " prefix.  The shipped keymaps and
 * themes are read from $srcdir (default ".").  Parsing needs no curses;
 * the one test of theme_apply() makes a screen with newterm() on
 * /dev/null and is skipped when the terminal type is not installed. */
#include "config.h"

#include <check.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blocktree.h"
#include "keymap.h"
#include "order.h"
#include "sbuf.h"
#include "theme.h"

/* ------------------------------------------------------------- helpers */

static char tmpdir[64];
static int nfiles;

static void
setup_tmp(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/check_tui.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	nfiles = 0;
}

static void
teardown_tmp(void)
{
	char	path[128];

	for (int i = 0; i < nfiles; i++) {
		snprintf(path, sizeof path, "%s/f%d", tmpdir, i);
		unlink(path);
	}
	rmdir(tmpdir);
}

/* Write TEXT to a new file in the test's directory; returns its path
 * (caller frees). */
static char *
write_file(const char *text)
{
	char	*path = malloc(128);
	FILE	*fp;

	ck_assert_ptr_nonnull(path);
	snprintf(path, 128, "%s/f%d", tmpdir, nfiles++);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
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
	return keymap_new(keymap_actions, keymap_nactions);
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

START_TEST(test_keymap_actions_table)
{
	ck_assert_int_ge(keymap_nactions, 34);
	for (size_t i = 0; i < keymap_nactions; i++) {
		const char *n = keymap_actions[i].name;

		ck_assert_msg(strspn(n, "abcdefghijklmnopqrstuvwxyz-") ==
		    strlen(n) && n[0] != '-', "%s", n);
		ck_assert_str_ne(n, "none");
		ck_assert(keymap_actions[i].help && keymap_actions[i].help[0]);
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(keymap_actions[j].name, n);
	}
	ck_assert_int_eq(keymap_npanes, 11);
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
	for (size_t a = 0; a < keymap_nactions; a++) {
		bool	found = false;

		pos = 0;
		while (!found && keymap_next(km, NULL, &pos, &b))
			found = strcmp(b.action, keymap_actions[a].name) == 0;
		ck_assert_msg(found, "%s is not bound", keymap_actions[a].name);
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
	keymap_free(km);
}
END_TEST

/* ------------------------------------------------------------ blocktree */

/* An order for the grouping tests: ID, its block ("" for none). */
static struct order
tree_order(const char *id, const char *block)
{
	struct order o;

	memset(&o, 0, sizeof o);
	snprintf(o.id, sizeof o.id, "%s", id);
	snprintf(o.block, sizeof o.block, "%s", block);
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
	suite_add_tcase(s, tc);

	tc = tcase_create("keymap");
	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_keymap_actions_table);
	tcase_add_test(tc, test_keymap_degenerate);
	tcase_add_test(tc, test_keymap_good_file);
	tcase_add_test(tc, test_keymap_text_panes);
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
	tcase_add_test(tc, test_blocktree_degenerate);
	tcase_add_test(tc, test_blocktree_members_under_block);
	tcase_add_test(tc, test_blocktree_any_sort);
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
	tcase_add_test(tc, test_theme_apply_256);
	tcase_add_test(tc, test_theme_apply_8);
	tcase_add_test(tc, test_theme_apply_mono_terminal);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite	*s = tui_suite();
	SRunner	*sr = srunner_create(s);
	int	failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
