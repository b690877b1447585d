/* src/cmd/parse.c: the command language of COMMANDS.md, one line at a time.
 *
 * A line is first cut into words (struct lex): blanks separate words, '#'
 * outside double quotes ends the line, double quotes keep blanks and '#'
 * inside a word and are removed, and \" inside quotes is a quote.  Each word
 * remembers where its first '=' outside quotes is, which makes it a
 * key=value option.  The command word then picks a parser from the command
 * table (include/commands.def) that reads the positional words, checks the
 * options against the keys it knows, and converts each value with the core
 * parsers (qty_parse, fixed_parse, ...).
 *
 * This file holds the words, the table and what every parser uses
 * (messages, options, values, the common openings); the parsers live by
 * family in the parse-*.c files (see parse-int.h).  Only the form is
 * checked: nothing is looked up in a store.  Every message starts with the
 * command ("buy: ") and quotes the word at fault. */
#include "config.h"
#include "cmd.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "err.h"
#include "fixed.h"
#include "instrument.h"
#include "order.h"
#include "parse-int.h"

_Static_assert(WORDS_MAX >= CMD_BLOCK_MAX + 3,
    "a block of CMD_BLOCK_MAX orders must fit on one line");

/* ---- messages ---- */

/* Set ERR to "WHAT: message" from FMT and AP; always returns -1. */
static int __attribute__((format(printf, 2, 0)))
vfail(struct pctx *c, const char *fmt, va_list ap)
{
	char	msg[ERR_MSG_MAX];

	vsnprintf(msg, sizeof msg, fmt, ap);
	return err_set(c->err, "%s: %s", c->what, msg);
}

/* Set ERR to "WHAT: message"; always returns -1. */
int __attribute__((format(printf, 2, 3)))
parse_fail(struct pctx *c, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = vfail(c, fmt, ap);
	va_end(ap);
	return rc;
}

/* Put "WHAT: " in front of a message a core parser left in ERR. */
int
parse_fail_core(struct pctx *c)
{
	return err_prefix(c->err, "%s: ", c->what);
}

/* ---- words ---- */

static bool
is_blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' ||
	    ch == '\v' || ch == '\f';
}

/* Cut LINE into words in LX.  Fails on an unterminated quote or a line too
 * long or with too many words. */
static int
lex_line(const char *line, struct lex *lx, struct err *err)
{
	size_t	len = strlen(line), i = 0;
	char	*out = lx->buf;

	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len >= LINE_MAX_LEN)
		return err_set(err, "line is too long (at most %d characters)",
		    LINE_MAX_LEN - 1);
	lx->n = 0;
	for (;;) {
		struct word *w;
		size_t	start;
		bool	inq = false, quoted = false;

		while (i < len && is_blank((unsigned char)line[i]))
			i++;
		if (i >= len || line[i] == '#')
			break;
		if (lx->n == WORDS_MAX)
			return err_set(err, "too many words on one line "
			    "(at most %d)", WORDS_MAX);
		w = &lx->w[lx->n++];
		w->text = out;
		w->eq = -1;
		start = i;
		while (i < len) {
			char	ch = line[i];

			if (inq) {
				if (ch == '\\' && i + 1 < len &&
				    line[i + 1] == '"') {
					*out++ = '"';
					i += 2;
					continue;
				}
				if (ch == '"')
					inq = false;
				else
					*out++ = ch;
				i++;
				continue;
			}
			if (is_blank((unsigned char)ch) || ch == '#')
				break;
			if (ch == '"') {
				inq = quoted = true;
				i++;
				continue;
			}
			/* Only an '=' before any quote makes an option:
			 * "a=b" in quotes is a plain word. */
			if (ch == '=' && w->eq < 0 && !quoted)
				w->eq = (int)(out - w->text);
			*out++ = ch;
			i++;
		}
		if (inq)
			return err_set(err, "missing closing quote in '%.*s'",
			    (int)(len - start), line + start);
		*out++ = '\0';
	}
	return 0;
}

/* The word at I, or NULL past the end. */
const struct word *
parse_word_at(const struct pctx *c, int i)
{
	return i < c->lx->n ? &c->lx->w[i] : NULL;
}

/* The positional (not key=value) word at I, or NULL. */
const struct word *
parse_pos_at(const struct pctx *c, int i)
{
	const struct word *w = parse_word_at(c, i);

	return w != NULL && w->eq < 0 ? w : NULL;
}

/* Whether W is the keyword KW (any case). */
bool
parse_is_kw(const struct word *w, const char *kw)
{
	return w != NULL && w->eq < 0 && strcasecmp(w->text, kw) == 0;
}

/* Copy S lower-cased into BUF; false when it does not fit. */
bool
parse_lower_copy(const char *s, char *buf, size_t len)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i + 1 >= len)
			return false;
		buf[i] = (char)tolower((unsigned char)s[i]);
	}
	buf[i] = '\0';
	return true;
}

/* Fail on any word left from I on. */
int
parse_no_more(struct pctx *c, int i)
{
	const struct word *w = parse_word_at(c, i);

	if (w == NULL)
		return 0;
	if (w->eq >= 0)
		return parse_fail(c, "unknown option '%.*s='; it takes no "
		    "options", w->eq, w->text);
	return parse_fail(c, "unexpected word '%s'", w->text);
}

/* ---- options ---- */

void
parse_opts_init(struct opts *o, const char *const *keys)
{
	memset(o, 0, sizeof *o);
	o->keys = keys;
}

/* Take the key=value word W into O: the key must be known and given once;
 * only note= may be empty. */
int
parse_opt_take(struct pctx *c, struct opts *o, const struct word *w)
{
	char	list[ERR_MSG_MAX];
	size_t	used = 0;
	int	k;

	for (k = 0; o->keys[k] != NULL; k++)
		if ((int)strlen(o->keys[k]) == w->eq &&
		    strncasecmp(w->text, o->keys[k], (size_t)w->eq) == 0)
			break;
	if (o->keys[k] == NULL) {
		if (o->extra_ok)
			return 0;
		if (o->keys[0] == NULL)
			return parse_fail(c, "unknown option '%.*s='; it takes "
			    "no options", w->eq, w->text);
		list[0] = '\0';
		for (k = 0; o->keys[k] != NULL && used < sizeof list; k++)
			used += (size_t)snprintf(list + used,
			    sizeof list - used, "%s%s=", k ? ", " : "",
			    o->keys[k]);
		return parse_fail(c, "unknown option '%.*s='; options are %s",
		    w->eq, w->text, list);
	}
	if (o->val[k] != NULL)
		return parse_fail(c, "%s= is given twice", o->keys[k]);
	if (w->text[w->eq + 1] == '\0' && strcmp(o->keys[k], "note") != 0)
		return parse_fail(c, "%s= needs a value", o->keys[k]);
	o->val[k] = w->text + w->eq + 1;
	return 0;
}

/* Take every word from I on as an option into O, but for one positional
 * word, which goes to *POS when POS is given (and *POS starts NULL).  Any
 * other positional word is unexpected; HINT, when given, follows that
 * message in parentheses. */
int
parse_opts_words(struct pctx *c, int i, struct opts *o, const struct word **pos,
    const char *hint)
{
	const struct word *w;

	for (; (w = parse_word_at(c, i)) != NULL; i++) {
		if (w->eq >= 0) {
			if (parse_opt_take(c, o, w) == -1)
				return -1;
		} else if (pos != NULL && *pos == NULL) {
			*pos = w;
		} else if (hint != NULL) {
			return parse_fail(c, "unexpected word '%s' (%s)",
			    w->text, hint);
		} else {
			return parse_fail(c, "unexpected word '%s'", w->text);
		}
	}
	return 0;
}

/* Take every word from I on as one of the options KEYS into O. */
int
parse_opts_rest(struct pctx *c, int i, struct opts *o, const char *const *keys)
{
	parse_opts_init(o, keys);
	return parse_opts_words(c, i, o, NULL, NULL);
}

/* The value given for KEY, or NULL. */
const char *
parse_opt_get(const struct opts *o, const char *key)
{
	int	k;

	for (k = 0; o->keys[k] != NULL; k++)
		if (strcmp(o->keys[k], key) == 0)
			return o->val[k];
	return NULL;
}

/* ---- values ---- */

/* Copy an identifier (symbol, account, order id) S into DST of LEN bytes,
 * as typed.  WHAT names it in messages. */
int
parse_ident(struct pctx *c, const char *s, char *dst, size_t len,
    const char *what)
{
	size_t	n = strlen(s);

	if (n == 0)
		return parse_fail(c, "the %s is empty", what);
	if (n >= len)
		return parse_fail(c, "%s '%s' is too long (at most %zu "
		    "characters)", what, s, len - 1);
	if (!ident_valid(s, len))
		return parse_fail(c, "'%s' is not a valid %s (printable "
		    "characters without blanks, #, \", = or @)", s, what);
	memcpy(dst, s, n + 1);
	return 0;
}

/* Copy free text S (a name, a note) into DST of LEN bytes. */
int
parse_text(struct pctx *c, const char *s, char *dst, size_t len,
    const char *what)
{
	size_t	n = strlen(s);

	if (n >= len)
		return parse_fail(c, "%s \"%s\" is too long (at most %zu "
		    "characters)", what, s, len - 1);
	memcpy(dst, s, n + 1);
	return 0;
}

/* Copy a file name S into DST of CMD_PATH_MAX bytes. */
int
parse_path(struct pctx *c, const char *s, char *dst)
{
	size_t	n = strlen(s);

	if (n >= CMD_PATH_MAX)
		return parse_fail(c, "file name '%.40s...' is too long (at "
		    "most %d characters)", s, CMD_PATH_MAX - 1);
	memcpy(dst, s, n + 1);
	return 0;
}

/* Parse a price, rate or tick S (PX scale) that must be above zero.  NOUN
 * says what the word should have been ("price"), WHAT names the field. */
int
parse_px(struct pctx *c, const char *s, int64_t *out, const char *noun,
    const char *what)
{
	int64_t	v;

	if (fixed_parse(s, PX_DECIMALS, &v, noun, c->err) == -1)
		return parse_fail_core(c);
	if (v <= 0)
		return parse_fail(c, "%s %s must be above zero", what, s);
	*out = v;
	return 0;
}

/* Parse a quantity S (k/m suffixes).  Zero and negative quantities pass:
 * the runtime refuses them with the same message wherever they come from. */
int
parse_qty(struct pctx *c, const char *s, int64_t *out)
{
	if (qty_parse(s, out, c->err) == -1)
		return parse_fail_core(c);
	return 0;
}

/* Scan S, the whole word, as a decimal with the suffixes SUFFIX_OK
 * allows (k, m, bn) and a sign. */
bool
parse_decimal_word(const char *s, bool suffix_ok, struct fixed_dec *d)
{
	const char *end = fixed_scan(s, FIXED_SCAN_PLUS | (suffix_ok ?
	    FIXED_SCAN_KM | FIXED_SCAN_BN : 0), d);

	return end && *end == '\0';
}

/* Copy a keyword value S into BUF lower-cased; false when too long. */
bool
parse_kw_copy(const char *s, char *buf)
{
	return parse_lower_copy(s, buf, KEYWORD_MAX);
}

/* Parse a status filter: open, done, or one status. */
static int
get_status_filter(struct pctx *c, const char *s, struct cmd_filter *f)
{
	char	buf[KEYWORD_MAX];

	if (strcasecmp(s, "open") == 0) {
		f->status_kind = FILTER_OPEN;
		return 0;
	}
	if (strcasecmp(s, "done") == 0) {
		f->status_kind = FILTER_DONE;
		return 0;
	}
	if (!parse_kw_copy(s, buf) || order_status_parse(buf, &f->status) == -1)
		return parse_fail(c, "'%s' is not a status (open, done, "
		    "staged, flagged, pending_new, new, partially_filled, "
		    "filled, pending_cancel, canceled, pending_replace, "
		    "rejected, expired or done_for_day)", s);
	f->status_kind = FILTER_ONE;
	return 0;
}

/* Fill a filter from acct=, sym= and status= in O. */
int
parse_filter(struct pctx *c, const struct opts *o, struct cmd_filter *f)
{
	const char *v;

	if ((v = parse_opt_get(o, "acct")) != NULL &&
	    parse_ident(c, v, f->acct, sizeof f->acct, "account") == -1)
		return -1;
	if ((v = parse_opt_get(o, "sym")) != NULL &&
	    parse_ident(c, v, f->sym, sizeof f->sym, "symbol") == -1)
		return -1;
	if ((v = parse_opt_get(o, "status")) != NULL &&
	    get_status_filter(c, v, f) == -1)
		return -1;
	return 0;
}

/* ---- time ---- */

/* The number of N digits at S, or -1 when one is not a digit. */
static int
digits_at(const char *s, int n)
{
	int	v = 0;

	for (; n > 0; n--, s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Convert "YYYY-MM-DDTHH:MM[:SS]" to seconds since the epoch; the clock is
 * the venue's, counted like UTC (no zone, no daylight saving). */
int
cmd_time_parse(const char *s, int64_t *out, struct err *err)
{
	int	h, mi, sec = 0;
	int32_t	date;
	const char *t;
	size_t	len;

	if (s == NULL || out == NULL)
		return err_set(err, "a date and time is missing");
	len = strlen(s);
	/* The date, read where every date is read; then THH:MM[:SS]. */
	if ((len != 16 && len != 19) || !(t = calendar_date_scan(s, &date)) ||
	    (*t != 'T' && *t != 't') || s[13] != ':' ||
	    (len == 19 && s[16] != ':'))
		goto bad;
	h = digits_at(s + 11, 2);
	mi = digits_at(s + 14, 2);
	if (len == 19)
		sec = digits_at(s + 17, 2);
	if (!calendar_date_valid(date) || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || sec < 0 || sec > 59)
		goto bad;
	*out = calendar_days_from_civil(date / 10000, date / 100 % 100,
	    date % 100) * CALENDAR_DAY + h * 3600 + mi * 60 + sec;
	return 0;
bad:
	return err_set(err, "'%s' is not a date and time (YYYY-MM-DDTHH:MM:SS)",
	    s);
}

/* Format T as "2026-01-05T09:30:00" into BUF (20 bytes suffice). */
char *
cmd_time_fmt(int64_t t, char *buf, size_t len)
{
	int64_t	days, secs, y;
	int	m, d;

	if (buf == NULL || len == 0)
		return buf;
	days = calendar_day_of(t);
	secs = t - days * CALENDAR_DAY;
	calendar_civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y,
	    m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return buf;
}

/* Name a command kind for messages. */
const char *
cmd_kind_name(enum cmd_kind k)
{
	const struct cmd_spec *s = cmd_spec_of(k);

	return s != NULL ? s->name : "unknown command";
}

/* ---- the openings of the parsers ---- */

/* Name the command in messages: WORDS lower-cased, joined by blanks. */
void
parse_set_what(struct pctx *c, int from, int count)
{
	size_t	used = 0;
	int	i;

	c->what[0] = '\0';
	for (i = from; i < from + count && i < c->lx->n; i++) {
		const char *s = c->lx->w[i].text;

		if (used + strlen(s) + 2 > sizeof c->what)
			break;
		if (used > 0)
			c->what[used++] = ' ';
		while (*s != '\0')
			c->what[used++] = (char)tolower((unsigned char)*s++);
		c->what[used] = '\0';
	}
}

/* The opening of a command of two words ("show orders"): the second must
 * be there (HINT says what may come when it is not).  From then on
 * messages name the command by both words. */
int
parse_sub_word(struct pctx *c, const char *hint)
{
	if (parse_pos_at(c, 1) == NULL)
		return parse_fail(c, "what? (%s)", hint);
	parse_set_what(c, 0, 2);
	return 0;
}

/* The opening of a command of two words that is one command
 * ("instrument add"): the second word must be there and be KIND's, whose
 * name in the command table gives the word expected; HINT, the command's
 * form, ends both messages. */
int
parse_sub_command(struct pctx *c, enum cmd_kind kind, const char *hint)
{
	const struct word *sub = parse_pos_at(c, 1);
	const char *second = strchr(cmd_kind_name(kind), ' ');

	if (sub != NULL && c->hit != kind) {
		parse_set_what(c, 0, 1);
		return parse_fail(c, "'%s' is not %s (%s)", sub->text,
		    second != NULL ? second + 1 : "", hint);
	}
	return parse_sub_word(c, hint);
}

/* The identifier at word AT, a NOUN, into DST (LEN bytes).  When there
 * is no positional word there, fail with FMT: what to type. */
int __attribute__((format(printf, 6, 7)))
parse_ident_at(struct pctx *c, int at, char *dst, size_t len, const char *noun,
    const char *fmt, ...)
{
	const struct word *w = parse_pos_at(c, at);
	va_list	ap;
	int	rc;

	if (w != NULL)
		return parse_ident(c, w->text, dst, len, noun);
	va_start(ap, fmt);
	rc = vfail(c, fmt, ap);
	va_end(ap);
	return rc;
}

/* The identifier at word AT into DST (LEN bytes), and nothing after it.
 * MISSING says what to type when it is not there; when MISSING is NULL
 * the identifier may be left out. */
int
parse_one_ident(struct pctx *c, int at, char *dst, size_t len, const char *noun,
    const char *missing)
{
	if (missing == NULL && parse_pos_at(c, at) == NULL)
		return parse_no_more(c, at);
	if (parse_ident_at(c, at, dst, len, noun, "%s", missing) == -1)
		return -1;
	return parse_no_more(c, at + 1);
}

/* ---- the table ---- */

/* Each command kind's spellings and parser, from include/commands.def. */
static const struct {
	const char *words;
	int	(*parse)(struct pctx *);
} table[CMD_KIND_COUNT] = {
#define CMD_DEF(kind, name, words, parse, ...) [CMD_##kind] = { words, parse },
#include "commands.def"
#undef CMD_DEF
};

/* How many words of LX the spelling P (up to '|' or the end; words
 * separated by one blank: "show orders") matches, in any case, or 0.  The
 * words after the first must be positional, as the parsers read them
 * (parse_pos_at). */
static int
spelling_match(const char *p, const struct lex *lx)
{
	int	i;

	for (i = 0; ; i++) {
		size_t	n = strcspn(p, " |");

		if (i >= lx->n || (i > 0 && lx->w[i].eq >= 0) ||
		    strncasecmp(lx->w[i].text, p, n) != 0 ||
		    lx->w[i].text[n] != '\0')
			return 0;
		if (p[n] != ' ')
			return i + 1;
		p += n + 1;
	}
}

#define SPELLINGS_MAX	128	/* spellings in the whole table */

/* The table's spellings by their first letter, in the table's order:
 * by_letter[start[L] .. start[L + 1]) start with 'a' + L.  Built once. */
static struct spelling {
	const char *words;
	enum cmd_kind kind;
} by_letter[SPELLINGS_MAX];
static int start[27];
static pthread_once_t by_letter_once = PTHREAD_ONCE_INIT;

static void
by_letter_build(void)
{
	int	count[26] = { 0 }, at[26], n = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < CMD_KIND_COUNT; k++) {
			const char *p = table[k].words;

			for (; table[k].parse != NULL && *p != '\0';
			    p += strcspn(p, "|"), p += *p == '|') {
				int	l = tolower((unsigned char)*p) - 'a';

				if (l < 0 || l >= 26)
					fatal("commands.def: '%s' does not "
					    "start with a letter", p);
				if (pass == 0) {
					count[l]++;
					continue;
				}
				by_letter[at[l]++] = (struct spelling){ p,
				    (enum cmd_kind)k };
			}
		}
		for (int l = 0; pass == 0 && l < 26; l++) {
			start[l] = n;
			at[l] = n;
			n += count[l];
		}
		start[26] = n;
		if (n > SPELLINGS_MAX)
			fatal("commands.def: more than %d spellings",
			    SPELLINGS_MAX);
	}
}

/* The command of the table that LX starts with, in *HIT, and the row of
 * its parser: the spelling that matches the most words ("release all" over
 * "release").  When no spelling matches whole but the first word is a
 * command's (show, or show what?), *HIT is CMD_EMPTY and the row is that of
 * the first command spelt first with that word, whose parser says what may
 * follow it.  -1 when the first word is no command's. */
static int
find_command(const struct lex *lx, enum cmd_kind *hit)
{
	int	l = tolower((unsigned char)lx->w[0].text[0]) - 'a';
	int	best = 0, m;
	size_t	k;

	*hit = CMD_EMPTY;
	if (l < 0 || l >= 26)
		return -1;
	pthread_once(&by_letter_once, by_letter_build);
	for (int i = start[l]; i < start[l + 1]; i++)
		if ((m = spelling_match(by_letter[i].words, lx)) > best) {
			best = m;
			*hit = by_letter[i].kind;
		}
	if (best > 0)
		return (int)*hit;
	for (k = 0; k < CMD_KIND_COUNT; k++) {
		size_t	n = strcspn(table[k].words, " |");

		if (table[k].parse != NULL && n > 0 &&
		    strncasecmp(lx->w[0].text, table[k].words, n) == 0 &&
		    lx->w[0].text[n] == '\0')
			return (int)k;
	}
	return -1;
}

void
cmd_clear(struct cmd *cmd)
{
	memset(cmd, 0, offsetof(struct cmd, path));
	cmd->path[0] = '\0';
	cmd->out[0] = '\0';
	memset(&cmd->alloc, 0, offsetof(struct cmd_alloc, wacct));
}

/* Parse one line of the command language; see cmd.h. */
int
cmd_parse(const char *line, struct cmd *cmd, struct err *err)
{
	struct lex lx;
	struct pctx c = { .lx = &lx, .cmd = cmd, .err = err };
	const struct word *w;
	int	k;

	if (cmd == NULL)
		return err_set(err, "no command to parse into");
	cmd_clear(cmd);
	if (line == NULL)
		return err_set(err, "no command line");
	if (lex_line(line, &lx, err) == -1)
		return -1;
	if (lx.n == 0) {
		cmd->kind = CMD_EMPTY;
		return 0;
	}
	w = &lx.w[0];
	parse_set_what(&c, 0, 1);
	if (w->eq >= 0)
		return err_set(err, "'%s' is not a command; a line starts with "
		    "one (type 'help' for the list)", w->text);
	if ((k = find_command(&lx, &c.hit)) >= 0)
		return table[k].parse(&c);
	return err_set(err, "unknown command '%s'; type 'help' for the list",
	    w->text);
}
