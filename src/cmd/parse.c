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
 * Only the form is checked here: nothing is looked up in a store.  Every
 * message starts with the command ("buy: ") and quotes the word at fault. */
#include "config.h"
#include "cmd.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "alloc.h"
#include "calendar.h"
#include "err.h"
#include "fixed.h"
#include "instrument.h"
#include "order.h"
#include "quote.h"

#define LINE_MAX_LEN	4096	/* characters in one command line */
#define WORDS_MAX	128	/* words in one command line: a block of
				 * CMD_BLOCK_MAX orders and its options fit */
#define OPTS_MAX	12	/* keys one command knows */
#define KEYWORD_MAX	32	/* longest keyword value kept for lookup */

struct word {
	char	*text;		/* quotes removed, NUL-terminated */
	int	eq;		/* offset of the first unquoted '=', or -1 */
};

struct lex {
	char	buf[LINE_MAX_LEN];
	struct word w[WORDS_MAX];
	int	n;
};

/* Where a parser is: the words, the command the table found, the command
 * named in messages, the output. */
struct pctx {
	struct lex *lx;
	enum cmd_kind hit;	/* the command whose words the line starts
				 * with; CMD_EMPTY when only the first word is
				 * a command's (show, or show what?) */
	char	what[48];	/* "buy", "clock set": starts every message */
	struct cmd *cmd;
	struct err *err;
};

/* The options a command accepts; val[i] is the value given for keys[i]. */
struct opts {
	const char *const *keys;	/* NULL-terminated */
	const char *val[OPTS_MAX];
	bool	extra_ok;	/* unknown keys: algorithm parameters */
};

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
static int __attribute__((format(printf, 2, 3)))
fail(struct pctx *c, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = vfail(c, fmt, ap);
	va_end(ap);
	return rc;
}

/* Put "WHAT: " in front of a message a core parser left in ERR. */
static int
fail_core(struct pctx *c)
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
static const struct word *
word_at(const struct pctx *c, int i)
{
	return i < c->lx->n ? &c->lx->w[i] : NULL;
}

/* The positional (not key=value) word at I, or NULL. */
static const struct word *
pos_at(const struct pctx *c, int i)
{
	const struct word *w = word_at(c, i);

	return w != NULL && w->eq < 0 ? w : NULL;
}

/* Whether W is the keyword KW (any case). */
static bool
is_kw(const struct word *w, const char *kw)
{
	return w != NULL && w->eq < 0 && strcasecmp(w->text, kw) == 0;
}

/* Copy S lower-cased into BUF; false when it does not fit. */
static bool
lower_copy(const char *s, char *buf, size_t len)
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
static int
no_more(struct pctx *c, int i)
{
	const struct word *w = word_at(c, i);

	if (w == NULL)
		return 0;
	if (w->eq >= 0)
		return fail(c, "unknown option '%.*s='; it takes no options",
		    w->eq, w->text);
	return fail(c, "unexpected word '%s'", w->text);
}

/* ---- options ---- */

static void
opts_init(struct opts *o, const char *const *keys)
{
	memset(o, 0, sizeof *o);
	o->keys = keys;
}

/* Take the key=value word W into O: the key must be known and given once;
 * only note= may be empty. */
static int
opt_take(struct pctx *c, struct opts *o, const struct word *w)
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
			return fail(c, "unknown option '%.*s='; it takes no "
			    "options", w->eq, w->text);
		list[0] = '\0';
		for (k = 0; o->keys[k] != NULL && used < sizeof list; k++)
			used += (size_t)snprintf(list + used,
			    sizeof list - used, "%s%s=", k ? ", " : "",
			    o->keys[k]);
		return fail(c, "unknown option '%.*s='; options are %s",
		    w->eq, w->text, list);
	}
	if (o->val[k] != NULL)
		return fail(c, "%s= is given twice", o->keys[k]);
	if (w->text[w->eq + 1] == '\0' && strcmp(o->keys[k], "note") != 0)
		return fail(c, "%s= needs a value", o->keys[k]);
	o->val[k] = w->text + w->eq + 1;
	return 0;
}

/* Take every word from I on as an option into O, but for one positional
 * word, which goes to *POS when POS is given (and *POS starts NULL).  Any
 * other positional word is unexpected; HINT, when given, follows that
 * message in parentheses. */
static int
opts_words(struct pctx *c, int i, struct opts *o, const struct word **pos,
    const char *hint)
{
	const struct word *w;

	for (; (w = word_at(c, i)) != NULL; i++) {
		if (w->eq >= 0) {
			if (opt_take(c, o, w) == -1)
				return -1;
		} else if (pos != NULL && *pos == NULL) {
			*pos = w;
		} else if (hint != NULL) {
			return fail(c, "unexpected word '%s' (%s)", w->text,
			    hint);
		} else {
			return fail(c, "unexpected word '%s'", w->text);
		}
	}
	return 0;
}

/* Take every word from I on as one of the options KEYS into O. */
static int
opts_rest(struct pctx *c, int i, struct opts *o, const char *const *keys)
{
	opts_init(o, keys);
	return opts_words(c, i, o, NULL, NULL);
}

/* The value given for KEY, or NULL. */
static const char *
opt_get(const struct opts *o, const char *key)
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
static int
get_ident(struct pctx *c, const char *s, char *dst, size_t len,
    const char *what)
{
	size_t	n = strlen(s);

	if (n == 0)
		return fail(c, "the %s is empty", what);
	if (n >= len)
		return fail(c, "%s '%s' is too long (at most %zu characters)",
		    what, s, len - 1);
	if (!ident_valid(s, len))
		return fail(c, "'%s' is not a valid %s (printable characters "
		    "without blanks, #, \", = or @)", s, what);
	memcpy(dst, s, n + 1);
	return 0;
}

/* Copy free text S (a name, a note) into DST of LEN bytes. */
static int
get_text(struct pctx *c, const char *s, char *dst, size_t len,
    const char *what)
{
	size_t	n = strlen(s);

	if (n >= len)
		return fail(c, "%s \"%s\" is too long (at most %zu characters)",
		    what, s, len - 1);
	memcpy(dst, s, n + 1);
	return 0;
}

/* Copy a file name S into DST of CMD_PATH_MAX bytes. */
static int
get_path(struct pctx *c, const char *s, char *dst)
{
	size_t	n = strlen(s);

	if (n >= CMD_PATH_MAX)
		return fail(c, "file name '%.40s...' is too long (at most %d "
		    "characters)", s, CMD_PATH_MAX - 1);
	memcpy(dst, s, n + 1);
	return 0;
}

/* Parse a count S (a whole number, no suffix) into OUT.  KEY names the
 * option it came from, or is NULL for a positional word. */
static int
get_count(struct pctx *c, const char *key, const char *s, int64_t *out)
{
	const char *p;
	int64_t	v = 0;

	for (p = s; isdigit((unsigned char)*p); p++)
		;
	if (*p != '\0' || p == s || p - s > 15) {
		if (key != NULL)
			return fail(c, "%s='%s' is not a count (a whole "
			    "number)", key, s);
		return fail(c, "'%s' is not a count (a whole number)", s);
	}
	for (p = s; *p != '\0'; p++)
		v = v * 10 + (*p - '0');
	*out = v;
	return 0;
}

/* Copy a currency code S ("USD") into DST. */
static int
get_ccy(struct pctx *c, const char *s, char *dst)
{
	if (!ccy_valid(s))
		return fail(c, "'%s' is not a currency code (three capital "
		    "letters, like USD)", s);
	memcpy(dst, s, CCY_MAX);
	return 0;
}

/* Parse a price, rate or tick S (PX scale) that must be above zero.  NOUN
 * says what the word should have been ("price"), WHAT names the field. */
static int
get_px(struct pctx *c, const char *s, int64_t *out, const char *noun,
    const char *what)
{
	int64_t	v;

	if (fixed_parse(s, PX_DECIMALS, &v, noun, c->err) == -1)
		return fail_core(c);
	if (v <= 0)
		return fail(c, "%s %s must be above zero", what, s);
	*out = v;
	return 0;
}

/* Parse a quantity S (k/m suffixes).  Zero and negative quantities pass:
 * the runtime refuses them with the same message wherever they come from. */
static int
get_qty(struct pctx *c, const char *s, int64_t *out)
{
	if (qty_parse(s, out, c->err) == -1)
		return fail_core(c);
	return 0;
}

/* Scan S, the whole word, as a decimal with the suffixes SUFFIX_OK
 * allows (k, m, bn) and a sign. */
static bool
decimal_word(const char *s, bool suffix_ok, struct fixed_dec *d)
{
	const char *end = fixed_scan(s, FIXED_SCAN_PLUS | (suffix_ok ?
	    FIXED_SCAN_KM | FIXED_SCAN_BN : 0), d);

	return end && *end == '\0';
}

/* Parse an amount of money S (k/m/bn suffixes) at MONEY_DECIMALS. */
static int
get_money(struct pctx *c, const char *s, int64_t *out, const char *what)
{
	struct fixed_dec d;

	if (!decimal_word(s, true, &d))
		return fail(c, "'%s' is not an amount (like 250000, 50m or "
		    "1.2bn)", s);
	if (fixed_dec_value(&d, MONEY_DECIMALS, out) != FIXED_FIT)
		return fail(c, "%s %s has more than %d decimals or is too "
		    "large", what, s, MONEY_DECIMALS);
	return 0;
}

/* Parse a number to compare in an expect, exactly as written (its
 * decimals are the precision it is compared at); SUFFIX_OK allows
 * k/m/bn. */
static int
get_expect_num(struct pctx *c, const char *key, const char *s,
    bool suffix_ok, struct cmd_num *out)
{
	struct fixed_dec d;
	const char *dot = strchr(s, '.');
	int	written = 0, dec;

	if (!decimal_word(s, suffix_ok, &d))
		return fail(c, "%s='%s' is not a number", key, s);
	/* The decimals written, trailing zeros too: 100.100 is to the
	 * tenth of a cent. */
	for (const char *q = dot ? dot + 1 : ""; isdigit((unsigned char)*q);
	    q++)
		written++;
	dec = written > d.shift ? written - d.shift : 0;
	if (dec > CMD_NUM_DECIMALS_MAX || fixed_dec_value(&d, dec,
	    &out->v) != FIXED_FIT)
		return fail(c, "%s='%s' has more than %d decimals or is too "
		    "large", key, s, CMD_NUM_DECIMALS_MAX);
	out->dec = dec;
	return 0;
}

/* Copy a keyword value S into BUF lower-cased; false when too long. */
static bool
kw_copy(const char *s, char *buf)
{
	return lower_copy(s, buf, KEYWORD_MAX);
}

/* Parse a time in force ("day", "gtd:2026-01-09"). */
static int
get_tif(struct pctx *c, const char *s, enum order_tif *tif, int32_t *gtd)
{
	*gtd = 0;
	if (order_tif_parse(s, tif, gtd, c->err) == -1)
		return fail_core(c);
	return 0;
}

/* Parse one order status ("filled"). */
static int
get_status(struct pctx *c, const char *s, enum order_status *st)
{
	char	buf[KEYWORD_MAX];

	if (!kw_copy(s, buf) || order_status_parse(buf, st) == -1)
		return fail(c, "'%s' is not an order status (staged, flagged, "
		    "pending_new, new, partially_filled, filled, "
		    "pending_cancel, canceled, pending_replace, rejected, "
		    "expired or done_for_day)", s);
	return 0;
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
	if (!kw_copy(s, buf) || order_status_parse(buf, &f->status) == -1)
		return fail(c, "'%s' is not a status (open, done, staged, "
		    "flagged, pending_new, new, partially_filled, filled, "
		    "pending_cancel, canceled, pending_replace, rejected, "
		    "expired or done_for_day)", s);
	f->status_kind = FILTER_ONE;
	return 0;
}

/* Fill a filter from acct=, sym= and status= in O. */
static int
get_filter(struct pctx *c, const struct opts *o, struct cmd_filter *f)
{
	const char *v;

	if ((v = opt_get(o, "acct")) != NULL &&
	    get_ident(c, v, f->acct, sizeof f->acct, "account") == -1)
		return -1;
	if ((v = opt_get(o, "sym")) != NULL &&
	    get_ident(c, v, f->sym, sizeof f->sym, "symbol") == -1)
		return -1;
	if ((v = opt_get(o, "status")) != NULL &&
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

/* ---- commands ---- */

/* Name the command in messages: WORDS lower-cased, joined by blanks. */
static void
set_what(struct pctx *c, int from, int count)
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
static int
sub_word(struct pctx *c, const char *hint)
{
	if (pos_at(c, 1) == NULL)
		return fail(c, "what? (%s)", hint);
	set_what(c, 0, 2);
	return 0;
}

/* The opening of a command of two words that is one command
 * ("instrument add"): the second word must be there and be KIND's, whose
 * name in the command table gives the word expected; HINT, the command's
 * form, ends both messages. */
static int
sub_command(struct pctx *c, enum cmd_kind kind, const char *hint)
{
	const struct word *sub = pos_at(c, 1);
	const char *second = strchr(cmd_kind_name(kind), ' ');

	if (sub != NULL && c->hit != kind) {
		set_what(c, 0, 1);
		return fail(c, "'%s' is not %s (%s)", sub->text,
		    second != NULL ? second + 1 : "", hint);
	}
	return sub_word(c, hint);
}

/* The identifier at word AT, a NOUN, into DST (LEN bytes).  When there
 * is no positional word there, fail with FMT: what to type. */
static int __attribute__((format(printf, 6, 7)))
ident_at(struct pctx *c, int at, char *dst, size_t len, const char *noun,
    const char *fmt, ...)
{
	const struct word *w = pos_at(c, at);
	va_list	ap;
	int	rc;

	if (w != NULL)
		return get_ident(c, w->text, dst, len, noun);
	va_start(ap, fmt);
	rc = vfail(c, fmt, ap);
	va_end(ap);
	return rc;
}

/* The identifier at word AT into DST (LEN bytes), and nothing after it.
 * MISSING says what to type when it is not there; when MISSING is NULL
 * the identifier may be left out. */
static int
one_ident(struct pctx *c, int at, char *dst, size_t len, const char *noun,
    const char *missing)
{
	if (missing == NULL && pos_at(c, at) == NULL)
		return no_more(c, at);
	if (ident_at(c, at, dst, len, noun, "%s", missing) == -1)
		return -1;
	return no_more(c, at + 1);
}

/* clock set TIME | clock advance DURATION */
static int
parse_clock(struct pctx *c)
{
	const struct word *sub = pos_at(c, 1), *v;

	if (sub == NULL)
		return fail(c, "set or advance? (clock set "
		    "2026-01-05T09:30:00, clock advance 5m)");
	set_what(c, 0, 2);
	if (c->hit == CMD_CLOCK_SET) {
		if ((v = pos_at(c, 2)) == NULL)
			return fail(c, "to what time? (clock set "
			    "2026-01-05T09:30:00)");
		if (cmd_time_parse(v->text, &c->cmd->t, c->err) == -1)
			return fail_core(c);
		c->cmd->kind = CMD_CLOCK_SET;
		return no_more(c, 3);
	}
	if (c->hit == CMD_CLOCK_ADVANCE) {
		if ((v = pos_at(c, 2)) == NULL)
			return fail(c, "by how long? (clock advance 5m)");
		if (duration_parse(v->text, &c->cmd->t, c->err) == -1)
			return fail_core(c);
		c->cmd->kind = CMD_CLOCK_ADVANCE;
		return no_more(c, 3);
	}
	set_what(c, 0, 1);
	return fail(c, "'%s' is not set or advance", sub->text);
}

/* instrument add SYMBOL class=.. [ccy=] [tick=] [lot=] [mult=] [issuer=]
 * [sector=] [underlying=] */
static int
parse_instrument(struct pctx *c)
{
	static const char *const keys[] = { "class", "ccy", "tick", "lot",
	    "mult", "issuer", "sector", "underlying", NULL };
	struct instrument *in = &c->cmd->inst;
	enum asset_class cls;
	struct opts o;
	char	symbol[SYMBOL_MAX], ccy[CCY_MAX] = "USD";
	const char *v;
	int64_t	n;

	if (sub_command(c, CMD_INSTRUMENT_ADD, "instrument add SYMBOL "
	    "class=equity ...") == -1 ||
	    ident_at(c, 2, symbol, sizeof symbol, "symbol", "which symbol? "
	    "(instrument add SYMBOL class=equity ...)") == -1 ||
	    opts_rest(c, 3, &o, keys) == -1)
		return -1;
	if ((v = opt_get(&o, "class")) == NULL)
		return fail(c, "class= is required (equity, bond, fx, future "
		    "or option)");
	if (asset_class_parse(v, &cls, c->err) == -1)
		return fail_core(c);
	if ((v = opt_get(&o, "ccy")) != NULL) {
		if (get_ccy(c, v, ccy) == -1)
			return -1;
		c->cmd->have |= HAVE_CCY;
	}
	if (instrument_init(in, symbol, cls, ccy, c->err) == -1)
		return fail_core(c);
	if ((v = opt_get(&o, "tick")) != NULL) {
		if (get_px(c, v, &in->tick, "number", "tick") == -1)
			return -1;
		c->cmd->have |= HAVE_TICK;
	}
	if ((v = opt_get(&o, "lot")) != NULL) {
		if (get_qty(c, v, &n) == -1)
			return -1;
		if (n <= 0)
			return fail(c, "lot %s must be above zero", v);
		in->lot = n;
		c->cmd->have |= HAVE_LOT;
	}
	if ((v = opt_get(&o, "mult")) != NULL) {
		if (get_px(c, v, &in->mult, "number", "multiplier") == -1)
			return -1;
		c->cmd->have |= HAVE_MULT;
	}
	if ((v = opt_get(&o, "issuer")) != NULL) {
		if (get_text(c, v, in->issuer, sizeof in->issuer,
		    "issuer") == -1)
			return -1;
		c->cmd->have |= HAVE_ISSUER;
	}
	if ((v = opt_get(&o, "sector")) != NULL) {
		if (get_text(c, v, in->sector, sizeof in->sector,
		    "sector") == -1)
			return -1;
		c->cmd->have |= HAVE_SECTOR;
	}
	if ((v = opt_get(&o, "underlying")) != NULL) {
		if (get_ident(c, v, in->underlying, sizeof in->underlying,
		    "underlying symbol") == -1)
			return -1;
		c->cmd->have |= HAVE_UNDERLYING;
	}
	c->cmd->kind = CMD_INSTRUMENT_ADD;
	return 0;
}

/* account add ID [name=] [ccy=] [nav=] [cash=] */
static int
parse_account(struct pctx *c)
{
	static const char *const keys[] = { "name", "ccy", "nav", "cash",
	    NULL };
	struct account *a = &c->cmd->acct;
	char	ident[ACCOUNT_MAX];
	struct opts o;
	const char *v;

	if (sub_command(c, CMD_ACCOUNT_ADD, "account add ID [name=..] "
	    "[ccy=USD] [nav=..] [cash=..]") == -1 ||
	    ident_at(c, 2, ident, sizeof ident, "account", "which account? "
	    "(account add ID [name=..] [ccy=USD] [nav=..] [cash=..])") == -1 ||
	    opts_rest(c, 3, &o, keys) == -1)
		return -1;
	if (account_init(a, ident, c->err) == -1)
		return fail_core(c);
	if ((v = opt_get(&o, "name")) != NULL) {
		if (get_text(c, v, a->name, sizeof a->name, "name") == -1)
			return -1;
		c->cmd->have |= HAVE_NAME;
	}
	if ((v = opt_get(&o, "ccy")) != NULL) {
		if (get_ccy(c, v, a->ccy) == -1)
			return -1;
		c->cmd->have |= HAVE_CCY;
	}
	if ((v = opt_get(&o, "nav")) != NULL) {
		if (get_money(c, v, &a->nav, "nav") == -1)
			return -1;
		if (a->nav < 0)
			return fail(c, "nav %s is negative", v);
		c->cmd->have |= HAVE_NAV;
	}
	if ((v = opt_get(&o, "cash")) != NULL) {
		if (get_money(c, v, &a->cash, "cash") == -1)
			return -1;
		c->cmd->have |= HAVE_CASH;
	}
	c->cmd->kind = CMD_ACCOUNT_ADD;
	return 0;
}

/* load instruments|accounts|positions|rules FILE.  The runtime reads the
 * file (positions: account,symbol,qty,avg_cost); only its name is here. */
static int
parse_load(struct pctx *c)
{
	const struct word *sub = pos_at(c, 1), *f;

	if (sub_word(c, "load instruments FILE, load accounts FILE, load "
	    "positions FILE, load rules FILE") == -1)
		return -1;
	if (c->hit == CMD_LOAD_INSTRUMENTS || c->hit == CMD_LOAD_ACCOUNTS ||
	    c->hit == CMD_LOAD_POSITIONS || c->hit == CMD_LOAD_RULES)
		c->cmd->kind = c->hit;
	else {
		set_what(c, 0, 1);
		return fail(c, "'%s' is not instruments, accounts, positions "
		    "or rules", sub->text);
	}
	if ((f = pos_at(c, 2)) == NULL || f->text[0] == '\0')
		return fail(c, "which file? (%s FILE)", c->what);
	if (get_path(c, f->text, c->cmd->path) == -1)
		return -1;
	return no_more(c, 3);
}

/* fx PAIR RATE */
static int
parse_fx(struct pctx *c)
{
	const struct word *pair = pos_at(c, 1), *rate = pos_at(c, 2);
	int	i;

	if (pair == NULL)
		return fail(c, "which pair? (fx EURUSD 1.0850)");
	for (i = 0; pair->text[i] != '\0'; i++)
		if (!isupper((unsigned char)pair->text[i]))
			break;
	if (i != 6 || pair->text[6] != '\0')
		return fail(c, "'%s' is not a currency pair (six capital "
		    "letters, like EURUSD)", pair->text);
	if (rate == NULL)
		return fail(c, "at what rate? (fx %s 1.0850)", pair->text);
	if (get_px(c, rate->text, &c->cmd->px, "rate", "rate") == -1)
		return -1;
	memcpy(c->cmd->sym, pair->text, 7);
	c->cmd->kind = CMD_FX;
	return no_more(c, 3);
}

/* quote SYMBOL BID ASK [bidsz=N] [asksz=N] */
static int
parse_quote(struct pctx *c)
{
	static const char *const keys[] = { "bidsz", "asksz", NULL };
	const struct word *bid = pos_at(c, 2), *ask = pos_at(c, 3);
	struct cmd *cmd = c->cmd;
	struct opts o;
	const char *v;

	if (ident_at(c, 1, cmd->sym, sizeof cmd->sym, "symbol",
	    "which symbol? (quote SYMBOL BID ASK)") == -1)
		return -1;
	if (bid == NULL || ask == NULL)
		return fail(c, "a bid and an ask are needed (quote %s BID ASK)",
		    cmd->sym);
	if (get_px(c, bid->text, &cmd->bid, "price", "bid") == -1 ||
	    get_px(c, ask->text, &cmd->ask, "price", "ask") == -1)
		return -1;
	if (cmd->bid > cmd->ask)
		return fail(c, "crossed quote: bid %s is above ask %s",
		    bid->text, ask->text);
	if (opts_rest(c, 4, &o, keys) == -1)
		return -1;
	cmd->bidsz = cmd->asksz = QUOTE_SIZE_UNLIMITED;
	if ((v = opt_get(&o, "bidsz")) != NULL) {
		if (get_qty(c, v, &cmd->bidsz) == -1)
			return -1;
		if (cmd->bidsz < 0)
			return fail(c, "bidsz=%s is negative", v);
	}
	if ((v = opt_get(&o, "asksz")) != NULL) {
		if (get_qty(c, v, &cmd->asksz) == -1)
			return -1;
		if (cmd->asksz < 0)
			return fail(c, "asksz=%s is negative", v);
	}
	cmd->kind = CMD_QUOTE;
	return 0;
}

/* mark SYMBOL PRICE */
static int
parse_mark(struct pctx *c)
{
	const struct word *px = pos_at(c, 2);

	if (ident_at(c, 1, c->cmd->sym, sizeof c->cmd->sym, "symbol",
	    "which symbol? (mark SYMBOL PRICE)") == -1)
		return -1;
	if (px == NULL)
		return fail(c, "at what price? (mark %s PRICE)", c->cmd->sym);
	if (get_px(c, px->text, &c->cmd->px, "price", "price") == -1)
		return -1;
	c->cmd->kind = CMD_MARK;
	return no_more(c, 3);
}

/* Parse "trail=0.50" or "trail=2%" into O. */
static int
get_trail(struct pctx *c, const char *s, struct cmd_order *o)
{
	char	buf[64];
	size_t	n = strlen(s);

	if (n > 0 && s[n - 1] == '%') {
		if (n >= sizeof buf)
			return fail(c, "trail=%s is not a percentage", s);
		memcpy(buf, s, n - 1);
		buf[n - 1] = '\0';
		if (fixed_parse(buf, PX_DECIMALS, &o->req.trail, "percentage",
		    c->err) == -1)
			return fail(c, "trail=%s is not a percentage (like "
			    "trail=2%%)", s);
		if (o->req.trail <= 0 || o->req.trail >= 100 * PX_SCALE)
			return fail(c, "trail=%s must be above 0%% and below "
			    "100%%", s);
		o->req.trail_pct = true;
		return 0;
	}
	o->req.trail_pct = false;
	return get_px(c, s, &o->req.trail, "price", "trail");
}

/* [stage] buy|sell|short|cover QTY SYMBOL [@ PRICE | mkt] [options]; SIDE is
 * the index of the side word. */
static int
parse_order(struct pctx *c, int side)
{
	static const char *const keys[] = { "stop", "trail", "tif", "acct",
	    "venue", "id", "algo", "note", NULL };
	struct cmd_order *ord = &c->cmd->ord;
	const struct word *sw = pos_at(c, side), *qty, *w, *px = NULL,
	    *mkt = NULL;
	const char *pxtext = NULL, *v;
	char	buf[KEYWORD_MAX];
	struct opts o;
	int	i;

	if (sw == NULL)
		return fail(c, "what? (stage buy|sell|short|cover QTY SYMBOL "
		    "...)");
	if (!kw_copy(sw->text, buf) || order_side_parse(buf, &ord->req.side) == -1)
		return fail(c, "'%s' is not a side (buy, sell, short or cover)",
		    sw->text);
	set_what(c, 0, side + 1);
	ord->req.stage = side > 0;
	if ((qty = pos_at(c, side + 1)) == NULL)
		return fail(c, "how many? (%s QTY SYMBOL [@ PRICE])", c->what);
	if (get_qty(c, qty->text, &ord->req.qty) == -1)
		return -1;
	if (ident_at(c, side + 2, c->cmd->sym, sizeof c->cmd->sym, "symbol",
	    "which symbol? (%s %s SYMBOL [@ PRICE])", c->what,
	    qty->text) == -1)
		return -1;
	str_copy(ord->req.symbol, sizeof ord->req.symbol, c->cmd->sym);

	opts_init(&o, keys);
	/* With an algorithm, keys the order does not know are its
	 * parameters, wherever they stand on the line. */
	for (i = side + 3; (w = word_at(c, i)) != NULL; i++)
		if (w->eq == 4 && strncasecmp(w->text, "algo", 4) == 0)
			o.extra_ok = true;
	for (i = side + 3; (w = word_at(c, i)) != NULL; i++) {
		if (w->eq >= 0) {
			if (opt_take(c, &o, w) == -1)
				return -1;
		} else if (w->text[0] == '@') {
			if (px != NULL)
				return fail(c, "two prices ('@ %s' and '%s')",
				    pxtext, w->text);
			px = w;
			pxtext = w->text + 1;
			if (*pxtext == '\0') {
				const struct word *n = pos_at(c, i + 1);

				if (n == NULL)
					return fail(c, "'@' needs a price "
					    "(%s %s %s @ 10.00)", c->what,
					    qty->text, c->cmd->sym);
				pxtext = n->text;
				i++;
			}
		} else if (strcasecmp(w->text, "mkt") == 0) {
			if (mkt != NULL)
				return fail(c, "'mkt' is given twice");
			mkt = w;
		} else {
			return fail(c, "unexpected word '%s' (%s QTY SYMBOL "
			    "[@ PRICE | mkt] [key=value ...])", w->text,
			    c->what);
		}
	}
	if (px != NULL && mkt != NULL)
		return fail(c, "'mkt' and '@ %s' cannot go together: a market "
		    "order has no price", pxtext);
	if (px != NULL && get_px(c, pxtext, &ord->req.limit_px, "price",
	    "price") == -1)
		return -1;
	if (opt_get(&o, "stop") != NULL && opt_get(&o, "trail") != NULL)
		return fail(c, "stop=%s and trail=%s cannot go together: a "
		    "trailing stop moves its own stop", opt_get(&o, "stop"),
		    opt_get(&o, "trail"));
	if ((v = opt_get(&o, "stop")) != NULL &&
	    get_px(c, v, &ord->req.stop_px, "price", "stop") == -1)
		return -1;
	if ((v = opt_get(&o, "trail")) != NULL && get_trail(c, v, ord) == -1)
		return -1;
	if (opt_get(&o, "trail") != NULL)
		ord->req.type = OTYPE_TRAILING_STOP;
	else if (ord->req.stop_px != 0)
		ord->req.type = px != NULL ? OTYPE_STOP_LIMIT : OTYPE_STOP;
	else
		ord->req.type = px != NULL ? OTYPE_LIMIT : OTYPE_MARKET;
	ord->req.tif = TIF_DAY;
	if ((v = opt_get(&o, "tif")) != NULL &&
	    get_tif(c, v, &ord->req.tif, &ord->req.gtd_date) == -1)
		return -1;
	if ((v = opt_get(&o, "acct")) != NULL &&
	    get_ident(c, v, ord->req.account, sizeof ord->req.account, "account") == -1)
		return -1;
	if ((v = opt_get(&o, "venue")) != NULL &&
	    get_ident(c, v, ord->req.venue, sizeof ord->req.venue, "venue") == -1)
		return -1;
	if ((v = opt_get(&o, "id")) != NULL &&
	    get_ident(c, v, ord->id, sizeof ord->id, "order id") == -1)
		return -1;
	if ((v = opt_get(&o, "algo")) != NULL &&
	    get_ident(c, v, ord->algo, sizeof ord->algo, "algorithm") == -1)
		return -1;
	if ((v = opt_get(&o, "note")) != NULL &&
	    get_text(c, v, ord->req.note, sizeof ord->req.note, "note") == -1)
		return -1;
	c->cmd->kind = CMD_ORDER;
	return 0;
}

/* release ORDER_ID | release BLOCK_ID: the runtime tells them apart. */
static int
parse_release(struct pctx *c)
{
	static const char *const keys[] = { "acct", "sym", NULL };
	struct opts o;

	if (c->hit == CMD_RELEASE_ALL) {
		set_what(c, 0, 2);
		c->cmd->kind = CMD_RELEASE_ALL;
		if (opts_rest(c, 2, &o, keys) == -1)
			return -1;
		return get_filter(c, &o, &c->cmd->filter);
	}
	c->cmd->kind = CMD_RELEASE;
	return one_ident(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order or block? (release ORDER_ID or release BLOCK_ID)");
}

/* cancel ORDER_ID | cancel all [acct=] [sym=] */
static int
parse_cancel(struct pctx *c)
{
	static const char *const keys[] = { "acct", "sym", NULL };
	struct opts o;

	/* "all" is a positional word: with it, the order id is there. */
	if (c->hit == CMD_CANCEL_ALL) {
		set_what(c, 0, 2);
		if (opts_rest(c, 2, &o, keys) == -1 ||
		    get_filter(c, &o, &c->cmd->filter) == -1)
			return -1;
		c->cmd->kind = CMD_CANCEL_ALL;
		return 0;
	}
	c->cmd->kind = CMD_CANCEL;
	return one_ident(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order? (cancel ORDER_ID or cancel all)");
}

/* replace ORDER_ID [qty=N] [px=P] [stop=P] [tif=..] */
static int
parse_replace(struct pctx *c)
{
	static const char *const keys[] = { "qty", "px", "stop", "tif", NULL };
	struct order_change *ch = &c->cmd->change;
	struct opts o;
	const char *v;

	if (ident_at(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order? (replace ORDER_ID [qty=N] [px=P] [stop=P] "
	    "[tif=..])") == -1 ||
	    opts_rest(c, 2, &o, keys) == -1)
		return -1;
	if ((v = opt_get(&o, "qty")) != NULL) {
		if (get_qty(c, v, &ch->qty) == -1)
			return -1;
		ch->have_qty = true;
	}
	if ((v = opt_get(&o, "px")) != NULL) {
		if (get_px(c, v, &ch->limit_px, "price", "price") == -1)
			return -1;
		ch->have_limit = true;
	}
	if ((v = opt_get(&o, "stop")) != NULL) {
		if (get_px(c, v, &ch->stop_px, "price", "stop") == -1)
			return -1;
		ch->have_stop = true;
	}
	if ((v = opt_get(&o, "tif")) != NULL) {
		if (get_tif(c, v, &ch->tif, &ch->gtd_date) == -1)
			return -1;
		ch->have_tif = true;
	}
	if (!ch->have_qty && !ch->have_limit && !ch->have_stop &&
	    !ch->have_tif)
		return fail(c, "nothing to change (replace %s qty=N, px=P, "
		    "stop=P or tif=..)", c->cmd->id);
	c->cmd->kind = CMD_REPLACE;
	return 0;
}

/* show orders [filters] | show order ID | show positions | show pnl |
 * show compliance|audit [ID] | show alerts|users|rules | show blocks |
 * show block BLOCK_ID | show allocations [BLOCK_ID] */
static int
parse_show(struct pctx *c)
{
	static const char *const order_keys[] = { "acct", "sym", "status",
	    NULL };
	static const char *const acct_keys[] = { "acct", NULL };
	const char *const *keys;
	const struct word *sub = pos_at(c, 1);
	struct opts o;

	if (sub_word(c, "orders, order ORDER_ID, positions, pnl, compliance, "
	    "audit, alerts, users, settings, rules, blocks, block BLOCK_ID "
	    "or allocations") == -1)
		return -1;
	if (c->hit == CMD_SHOW_ORDERS) {
		keys = order_keys;
		c->cmd->kind = CMD_SHOW_ORDERS;
	} else if (c->hit == CMD_SHOW_ORDER) {
		c->cmd->kind = CMD_SHOW_ORDER;
		return one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "order id", "which order? (show order ORDER_ID)");
	} else if (c->hit == CMD_SHOW_POSITIONS) {
		keys = acct_keys;
		c->cmd->kind = CMD_SHOW_POSITIONS;
	} else if (c->hit == CMD_SHOW_PNL) {
		keys = acct_keys;
		c->cmd->kind = CMD_SHOW_PNL;
	} else if (c->hit == CMD_SHOW_COMPLIANCE ||
	    c->hit == CMD_SHOW_AUDIT) {
		c->cmd->kind = c->hit;
		return one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "order id", NULL);
	} else if (c->hit == CMD_SHOW_ALERTS || c->hit == CMD_SHOW_USERS ||
	    c->hit == CMD_SHOW_SETTINGS || c->hit == CMD_SHOW_BLOCKS) {
		c->cmd->kind = c->hit;
		return no_more(c, 2);
	} else if (c->hit == CMD_SHOW_BLOCK) {
		c->cmd->kind = CMD_SHOW_BLOCK;
		return one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "block id", "which block? (show block BLOCK_ID)");
	} else if (c->hit == CMD_SHOW_ALLOCATIONS) {
		c->cmd->kind = CMD_SHOW_ALLOCATIONS;
		return one_ident(c, 2, c->cmd->id, sizeof c->cmd->id,
		    "block id", NULL);
	} else {
		set_what(c, 0, 1);
		return fail(c, "cannot show '%s' (orders, order ORDER_ID, "
		    "positions, pnl, compliance, audit, alerts, users, "
		    "settings, rules, blocks, block BLOCK_ID or allocations)",
		    sub->text);
	}
	if (opts_rest(c, 2, &o, keys) == -1)
		return -1;
	return get_filter(c, &o, &c->cmd->filter);
}

/* Read the numbers of an expect from O into EXP.  QTY_KEYS and MONEY_KEYS
 * may use k/m/bn suffixes; prices may not. */
static int
get_expects(struct pctx *c, const struct opts *o, struct cmd_expect *exp)
{
	static const struct {
		const char *key;
		unsigned bit;
		bool	suffix_ok;
		size_t	off;
	} nums[] = {
		{ "cum", EXP_CUM, true, offsetof(struct cmd_expect, cum) },
		{ "leaves", EXP_LEAVES, true,
		    offsetof(struct cmd_expect, leaves) },
		{ "avgpx", EXP_AVGPX, false,
		    offsetof(struct cmd_expect, avgpx) },
		{ "qty", EXP_QTY, true, offsetof(struct cmd_expect, qty) },
		{ "px", EXP_PX, false, offsetof(struct cmd_expect, px) },
		{ "avgcost", EXP_AVGCOST, false,
		    offsetof(struct cmd_expect, avgcost) },
		{ "realized", EXP_REALIZED, true,
		    offsetof(struct cmd_expect, realized) },
		{ "unrealized", EXP_UNREALIZED, true,
		    offsetof(struct cmd_expect, unrealized) },
		{ "total", EXP_TOTAL, true,
		    offsetof(struct cmd_expect, total) },
	};
	const char *v;
	size_t	i;

	if ((v = opt_get(o, "status")) != NULL) {
		if (get_status(c, v, &exp->status) == -1)
			return -1;
		exp->have |= EXP_STATUS;
	}
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		if ((v = opt_get(o, nums[i].key)) == NULL)
			continue;
		if (get_expect_num(c, nums[i].key, v, nums[i].suffix_ok,
		    (struct cmd_num *)(void *)((char *)exp + nums[i].off)) ==
		    -1)
			return -1;
		exp->have |= nums[i].bit;
	}
	return 0;
}

/* expect count orders [acct=] [sym=] [status=] N */
static int
parse_expect_count(struct pctx *c)
{
	static const char *const keys[] = { "acct", "sym", "status", NULL };
	const struct word *n = NULL;
	struct opts o;

	if (!is_kw(word_at(c, 2), "orders"))
		return fail(c, "count what? (expect count orders [acct=..] "
		    "[sym=..] [status=..] N)");
	opts_init(&o, keys);
	if (opts_words(c, 3, &o, &n, "expect count orders [filters] N") == -1)
		return -1;
	if (n == NULL)
		return fail(c, "how many? (expect count orders [acct=..] "
		    "[sym=..] [status=..] N)");
	if (get_count(c, NULL, n->text, &c->cmd->exp.count) == -1)
		return -1;
	if (get_filter(c, &o, &c->cmd->filter) == -1)
		return -1;
	c->cmd->kind = CMD_EXPECT_COUNT;
	return 0;
}

/* expect order|position|pnl|count|block|allocation|fail ... */
static int
parse_expect(struct pctx *c)
{
	static const char *const order_keys[] = { "status", "cum", "leaves",
	    "avgpx", "qty", "px", NULL };
	static const char *const pos_keys[] = { "qty", "avgcost", "realized",
	    "unrealized", NULL };
	static const char *const pnl_keys[] = { "realized", "unrealized",
	    "total", NULL };
	static const char *const block_keys[] = { "status", "qty", "cum",
	    "avgpx", "orders", NULL };
	static const char *const alloc_keys[] = { "qty", "avgpx", NULL };
	const char *const *keys;
	const struct word *sub = pos_at(c, 1);
	struct cmd *cmd = c->cmd;
	struct opts o;
	const char *v;
	int	next;

	if (sub_word(c, "order, position, pnl, count, block, allocation or "
	    "fail") == -1)
		return -1;
	if (c->hit == CMD_EXPECT_ORDER) {
		if (ident_at(c, 2, cmd->id, sizeof cmd->id, "order id",
		    "which order? (expect order ORDER_ID [status=..] [cum=N] "
		    "...)") == -1)
			return -1;
		keys = order_keys;
		cmd->kind = CMD_EXPECT_ORDER;
		next = 3;
	} else if (c->hit == CMD_EXPECT_POSITION) {
		if (ident_at(c, 2, cmd->filter.acct, sizeof cmd->filter.acct,
		    "account", "which account? (expect position ACCOUNT "
		    "SYMBOL [qty=N] ...)") == -1 ||
		    ident_at(c, 3, cmd->sym, sizeof cmd->sym, "symbol",
		    "which symbol? (expect position %s SYMBOL [qty=N] ...)",
		    cmd->filter.acct) == -1)
			return -1;
		keys = pos_keys;
		cmd->kind = CMD_EXPECT_POSITION;
		next = 4;
	} else if (c->hit == CMD_EXPECT_PNL) {
		if (ident_at(c, 2, cmd->filter.acct, sizeof cmd->filter.acct,
		    "account", "which account? (expect pnl ACCOUNT "
		    "[realized=X] [unrealized=X] [total=X])") == -1)
			return -1;
		keys = pnl_keys;
		cmd->kind = CMD_EXPECT_PNL;
		next = 3;
	} else if (c->hit == CMD_EXPECT_COUNT) {
		return parse_expect_count(c);
	} else if (c->hit == CMD_EXPECT_FAIL) {
		cmd->kind = CMD_EXPECT_FAIL;
		return no_more(c, 2);
	} else if (c->hit == CMD_EXPECT_BLOCK) {
		if (ident_at(c, 2, cmd->id, sizeof cmd->id, "block id",
		    "which block? (expect block BLOCK_ID [status=..] [qty=N] "
		    "[cum=N] [avgpx=P] [orders=N])") == -1)
			return -1;
		keys = block_keys;
		cmd->kind = CMD_EXPECT_BLOCK;
		next = 3;
	} else if (c->hit == CMD_EXPECT_ALLOCATION) {
		if (ident_at(c, 2, cmd->id, sizeof cmd->id, "block id",
		    "which block? (expect allocation BLOCK_ID ACCOUNT [qty=N] "
		    "[avgpx=P])") == -1 ||
		    ident_at(c, 3, cmd->filter.acct, sizeof cmd->filter.acct,
		    "account", "which account? (expect allocation %s ACCOUNT "
		    "[qty=N] [avgpx=P])", cmd->id) == -1)
			return -1;
		keys = alloc_keys;
		cmd->kind = CMD_EXPECT_ALLOCATION;
		next = 4;
	} else {
		set_what(c, 0, 1);
		return fail(c, "cannot expect '%s' (order, position, pnl, "
		    "count, block, allocation or fail)", sub->text);
	}
	if (opts_rest(c, next, &o, keys) == -1)
		return -1;
	/* orders= is a count of member orders, not a number compared at
	 * its written decimals; only expect block knows it. */
	if ((v = opt_get(&o, "orders")) != NULL) {
		if (get_count(c, "orders", v, &cmd->exp.count) == -1)
			return -1;
		cmd->exp.have |= EXP_ORDERS;
	}
	return get_expects(c, &o, &cmd->exp);
}

/* ---- compliance and users ---- */

/* user add LOGIN role=R [name=".."] */
static int
parse_user(struct pctx *c)
{
	static const char *const keys[] = { "role", "name", NULL };
	struct opts o;
	const char *v;

	if (c->hit != CMD_USER_ADD)
		return fail(c, "what? (user add LOGIN role=trader|pm|"
		    "compliance|ops|admin [name=\"..\"])");
	set_what(c, 0, 2);
	if (ident_at(c, 2, c->cmd->user, sizeof c->cmd->user, "login",
	    "whose login? (user add LOGIN role=..)") == -1 ||
	    opts_rest(c, 3, &o, keys) == -1)
		return -1;
	if ((v = opt_get(&o, "role")) == NULL)
		return fail(c, "role= is missing (trader, pm, compliance, ops "
		    "or admin)");
	if (user_role_parse(v, &c->cmd->role) == -1)
		return fail(c, "'%s' is not a role (trader, pm, compliance, "
		    "ops or admin)", v);
	if ((v = opt_get(&o, "name")) != NULL &&
	    get_text(c, v, c->cmd->text, sizeof c->cmd->text, "name") == -1)
		return -1;
	c->cmd->kind = CMD_USER_ADD;
	return 0;
}

/* as LOGIN */
static int
parse_as(struct pctx *c)
{
	c->cmd->kind = CMD_AS;
	return one_ident(c, 1, c->cmd->user, sizeof c->cmd->user, "login",
	    "as whom? (as LOGIN)");
}

/* rule add ID kind=.. [params] | rule list | rule del|disable|enable ID */
static int
parse_rule(struct pctx *c)
{
	const struct word *sub = pos_at(c, 1), *w;
	struct cmd *cmd = c->cmd;
	char	key[32];
	int	i;

	if (sub_word(c, "rule add, list, del, disable or enable") == -1)
		return -1;
	if (c->hit == CMD_RULE_LIST) {
		cmd->kind = CMD_RULE_LIST;
		return no_more(c, 2);
	}
	if (c->hit == CMD_RULE_ADD || c->hit == CMD_RULE_DEL ||
	    c->hit == CMD_RULE_DISABLE || c->hit == CMD_RULE_ENABLE)
		cmd->kind = c->hit;
	else {
		set_what(c, 0, 1);
		return fail(c, "cannot '%s' a rule (add, list, del, disable "
		    "or enable)", sub->text);
	}
	if (ident_at(c, 2, cmd->rule.id, sizeof cmd->rule.id, "rule id",
	    "which rule? (%s ID%s)", c->what,
	    cmd->kind == CMD_RULE_ADD ? " kind=.. [params]" : "") == -1)
		return -1;
	if (cmd->kind != CMD_RULE_ADD)
		return no_more(c, 3);
	/* The id as typed, not rule.id: rule_init() clears the rule. */
	if (rule_init(&cmd->rule, pos_at(c, 2)->text, c->err) == -1)
		return fail_core(c);
	for (i = 3; (w = word_at(c, i)) != NULL; i++) {
		if (w->eq < 0)
			return fail(c, "unexpected word '%s' (rule parameters "
			    "are key=value)", w->text);
		if ((size_t)w->eq >= sizeof key)
			return fail(c, "unknown parameter '%.*s'", w->eq,
			    w->text);
		memcpy(key, w->text, (size_t)w->eq);
		key[w->eq] = '\0';
		if (!lower_copy(key, key, sizeof key))
			return fail(c, "unknown parameter '%s'", key);
		if (rule_set(&cmd->rule, key, w->text + w->eq + 1,
		    c->err) == -1)
			return fail_core(c);
	}
	if (rule_validate(&cmd->rule, c->err) == -1)
		return fail_core(c);
	return 0;
}

/* approve ORDER_ID [reason=..] | reject ORDER_ID reason=.. */
static int
parse_review(struct pctx *c, bool approve)
{
	static const char *const keys[] = { "reason", NULL };
	struct opts o;
	const char *v;

	if (ident_at(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order? (%s ORDER_ID%s)", c->what,
	    approve ? " [reason=\"..\"]" : " reason=\"..\"") == -1 ||
	    opts_rest(c, 2, &o, keys) == -1)
		return -1;
	if ((v = opt_get(&o, "reason")) != NULL &&
	    get_text(c, v, c->cmd->text, sizeof c->cmd->text, "reason") == -1)
		return -1;
	if (!approve && c->cmd->text[0] == '\0')
		return fail(c, "a rejection needs its reason (reject %s "
		    "reason=\"..\")", c->cmd->id);
	c->cmd->kind = approve ? CMD_APPROVE : CMD_REJECT;
	return 0;
}

/* set review.same_login alert|refuse: the store's settings (the values
 * are checked here: the language knows them all). */
static int
parse_set(struct pctx *c)
{
	const struct word *key = pos_at(c, 1), *val = pos_at(c, 2);

	if (key == NULL || !lower_copy(key->text, c->cmd->setting,
	    sizeof c->cmd->setting) ||
	    strcmp(c->cmd->setting, "review.same_login") != 0)
		return fail(c, "%s%s%sa setting of the store is one of: "
		    "review.same_login alert|refuse", key ? "'" : "",
		    key ? key->text : "", key ? "' is not a setting: " : "");
	set_what(c, 0, 2);
	if (val == NULL || !lower_copy(val->text, c->cmd->value,
	    sizeof c->cmd->value) || (strcmp(c->cmd->value, "alert") != 0 &&
	    strcmp(c->cmd->value, "refuse") != 0))
		return fail(c, "%s%s%sthe value is alert or refuse",
		    val ? "'" : "", val ? val->text : "",
		    val ? "' is not a value: " : "");
	c->cmd->kind = CMD_SET;
	return no_more(c, 3);
}

/* halt [acct=..] [reason=..] | resume [acct=..]: trading stops, or not. */
static int
parse_stop(struct pctx *c, bool halt)
{
	static const char *const halt_keys[] = { "acct", "reason", NULL };
	static const char *const resume_keys[] = { "acct", NULL };
	struct opts o;
	const char *v;

	if (opts_rest(c, 1, &o, halt ? halt_keys : resume_keys) == -1)
		return -1;
	if ((v = opt_get(&o, "acct")) != NULL &&
	    get_ident(c, v, c->cmd->filter.acct, sizeof c->cmd->filter.acct,
	    "account") == -1)
		return -1;
	if (halt && (v = opt_get(&o, "reason")) != NULL &&
	    get_text(c, v, c->cmd->text, sizeof c->cmd->text, "reason") == -1)
		return -1;
	c->cmd->kind = halt ? CMD_HALT : CMD_RESUME;
	return 0;
}

/* ---- blocks, allocation and model trades ---- */

/* import trades FILE: the runtime reads the file into staged orders. */
static int
parse_import(struct pctx *c)
{
	const struct word *f;

	if (sub_command(c, CMD_IMPORT_TRADES, "import trades FILE.csv") == -1)
		return -1;
	if ((f = pos_at(c, 2)) == NULL || f->text[0] == '\0')
		return fail(c, "which file? (import trades FILE.csv)");
	if (get_path(c, f->text, c->cmd->path) == -1)
		return -1;
	c->cmd->kind = CMD_IMPORT_TRADES;
	return no_more(c, 3);
}

/* rebalance model=FILE [acct=..] */
static int
parse_rebalance(struct pctx *c)
{
	static const char *const keys[] = { "model", "acct", NULL };
	struct opts o;
	const char *v;

	opts_init(&o, keys);
	if (opts_words(c, 1, &o, NULL, "rebalance model=FILE.csv "
	    "[acct=..]") == -1)
		return -1;
	if ((v = opt_get(&o, "model")) == NULL)
		return fail(c, "model= is required (rebalance model=FILE.csv "
		    "[acct=..])");
	if (get_path(c, v, c->cmd->path) == -1)
		return -1;
	if ((v = opt_get(&o, "acct")) != NULL &&
	    get_ident(c, v, c->cmd->filter.acct, sizeof c->cmd->filter.acct,
	    "account") == -1)
		return -1;
	c->cmd->kind = CMD_REBALANCE;
	return 0;
}

/* report confirms [BLOCK_ID] [out=FILE] | report summary */
static int
parse_report(struct pctx *c)
{
	static const char *const keys[] = { "out", NULL };
	const struct word *id = NULL;
	struct opts o;
	const char *v;

	if (sub_word(c, "report confirms [BLOCK_ID] [out=FILE] or report "
	    "summary") == -1)
		return -1;
	if (c->hit == CMD_REPORT_SUMMARY) {
		c->cmd->kind = CMD_REPORT_SUMMARY;
		return no_more(c, 2);
	}
	if (sub_command(c, CMD_REPORT_CONFIRMS, "report confirms [BLOCK_ID] "
	    "[out=FILE]") == -1)
		return -1;
	opts_init(&o, keys);
	if (opts_words(c, 2, &o, &id, "report confirms [BLOCK_ID] "
	    "[out=FILE]") == -1)
		return -1;
	if (id != NULL && get_ident(c, id->text, c->cmd->id,
	    sizeof c->cmd->id, "block id") == -1)
		return -1;
	if ((v = opt_get(&o, "out")) != NULL &&
	    get_path(c, v, c->cmd->out) == -1)
		return -1;
	c->cmd->kind = CMD_REPORT_CONFIRMS;
	return 0;
}

/* block ORDER_ID ORDER_ID... [id=BLOCK_ID] | block auto [sym=..].
 *
 * "auto" right after "block" always means block auto, and it is refused
 * among the orders too: an order literally named "auto" cannot be put in
 * a block by hand (block auto, or rename the order with id= when staging
 * it).  One order makes a block of one; the usual block has several. */
static int
parse_block(struct pctx *c)
{
	static const char *const auto_keys[] = { "sym", NULL };
	static const char *const keys[] = { "id", NULL };
	const struct word *w;
	struct cmd *cmd = c->cmd;
	struct opts o;
	const char *v;
	size_t	k;
	int	i;

	if (c->hit == CMD_BLOCK_AUTO) {
		set_what(c, 0, 2);
		if (opts_rest(c, 2, &o, auto_keys) == -1 ||
		    get_filter(c, &o, &cmd->filter) == -1)
			return -1;
		cmd->kind = CMD_BLOCK_AUTO;
		return 0;
	}
	opts_init(&o, keys);
	for (i = 1; (w = word_at(c, i)) != NULL; i++) {
		if (w->eq >= 0) {
			if (opt_take(c, &o, w) == -1)
				return -1;
			continue;
		}
		if (strcasecmp(w->text, "auto") == 0)
			return fail(c, "'%s' cannot be an order id here; "
			    "block auto [sym=..] stands alone", w->text);
		if (cmd->nmembers == CMD_BLOCK_MAX)
			return fail(c, "too many orders at '%s' (at most %d in "
			    "one block)", w->text, CMD_BLOCK_MAX);
		if (get_ident(c, w->text, cmd->members[cmd->nmembers],
		    sizeof cmd->members[0], "order id") == -1)
			return -1;
		for (k = 0; k < cmd->nmembers; k++)
			if (strcmp(cmd->members[k], w->text) == 0)
				return fail(c, "order '%s' is named twice",
				    w->text);
		cmd->nmembers++;
	}
	if (cmd->nmembers == 0)
		return fail(c, "which orders? (block ORDER_ID ORDER_ID... "
		    "[id=BLOCK_ID] or block auto [sym=..])");
	if ((v = opt_get(&o, "id")) != NULL &&
	    get_ident(c, v, cmd->id, sizeof cmd->id, "block id") == -1)
		return -1;
	cmd->kind = CMD_BLOCK;
	return 0;
}

/* Parse an allocation method (prorata, even or weights; any case).  Kept
 * here rather than calling alloc_method_parse() so that the parser
 * depends on no code of the allocation module. */
static int
get_alloc_method(struct pctx *c, const char *s, enum alloc_method *m)
{
	if (strcasecmp(s, "prorata") == 0)
		*m = ALLOC_PRORATA;
	else if (strcasecmp(s, "even") == 0)
		*m = ALLOC_EVEN;
	else if (strcasecmp(s, "weights") == 0)
		*m = ALLOC_WEIGHTS;
	else
		return fail(c, "'%s' is not an allocation method (prorata, "
		    "even or weights)", s);
	return 0;
}

/* Weights are written with at most as many decimals as ALLOC_W_SCALE
 * keeps. */
#define WEIGHT_DECIMALS	6
_Static_assert(ALLOC_W_SCALE == 1000000LL,
    "WEIGHT_DECIMALS must match ALLOC_W_SCALE");

/* The largest weight one account may have: the sum of CMD_WEIGHTS_MAX
 * of them, scaled by ALLOC_W_SCALE, stays far inside 64 bits, and a
 * quantity times that sum inside 128. */
#define WEIGHT_MAX	1000000000LL

/* Parse weights=ACCT:W,ACCT:W,... into A: each account once, each weight
 * above zero with at most 6 decimals.  An account may hold ':' (the last
 * one splits), never ','. */
static int
get_weights(struct pctx *c, const char *s, struct cmd_alloc *a)
{
	char	buf[LINE_MAX_LEN], *entry, *next, *colon;
	size_t	n = strlen(s), k;
	int64_t	w;

	if (n >= sizeof buf)
		return fail(c, "weights= is too long");
	memcpy(buf, s, n + 1);
	a->nweights = 0;
	for (entry = buf; entry != NULL; entry = next) {
		if ((next = strchr(entry, ',')) != NULL)
			*next++ = '\0';
		if (*entry == '\0')
			return fail(c, "weights=%s has an empty entry "
			    "(weights=ACCT:W,ACCT:W,...)", s);
		if ((colon = strrchr(entry, ':')) == NULL)
			return fail(c, "weights= entry '%s' is not "
			    "ACCOUNT:WEIGHT (like %s:2.5)", entry, entry);
		*colon = '\0';
		if (*entry == '\0')
			return fail(c, "weights= entry ':%s' has no account "
			    "(ACCOUNT:WEIGHT, like F1:%s)", colon + 1,
			    colon + 1);
		if (colon[1] == '\0')
			return fail(c, "weights= entry '%s:' has no weight "
			    "(ACCOUNT:WEIGHT, like %s:2.5)", entry, entry);
		if (a->nweights == CMD_WEIGHTS_MAX)
			return fail(c, "weights= names too many accounts (at "
			    "most %d)", CMD_WEIGHTS_MAX);
		if (get_ident(c, entry, a->wacct[a->nweights],
		    sizeof a->wacct[0], "account") == -1)
			return -1;
		for (k = 0; k < a->nweights; k++)
			if (strcmp(a->wacct[k], entry) == 0)
				return fail(c, "account '%s' is given twice in "
				    "weights=", entry);
		if (fixed_parse(colon + 1, WEIGHT_DECIMALS, &w, "weight",
		    c->err) == -1)
			return fail_core(c);
		if (w <= 0)
			return fail(c, "weight %s for %s must be above zero",
			    colon + 1, entry);
		if (w > WEIGHT_MAX * ALLOC_W_SCALE)
			return fail(c, "weight %s for %s is too large (at most "
			    "%lld)", colon + 1, entry, (long long)WEIGHT_MAX);
		a->weight[a->nweights++] = w;
	}
	return 0;
}

/* alloc BLOCK_ID [method=prorata|even|weights] [weights=ACCT:W,...]
 * [lot=N] [preview]; preview may stand anywhere after the block id. */
static int
parse_alloc(struct pctx *c)
{
	static const char *const keys[] = { "method", "weights", "lot",
	    NULL };
	struct cmd_alloc *a = &c->cmd->alloc;
	const struct word *id = pos_at(c, 1), *w;
	struct opts o;
	const char *v;
	int	i;

	if (id == NULL)
		return fail(c, "which block? (alloc BLOCK_ID [method=prorata|"
		    "even|weights] [weights=ACCT:W,...] [lot=N] [preview])");
	bool	all = c->hit == CMD_ALLOC_ALL;
	if (!all && get_ident(c, id->text, c->cmd->id, sizeof c->cmd->id,
	    "block id") == -1)
		return -1;
	opts_init(&o, keys);
	for (i = 2; (w = word_at(c, i)) != NULL; i++) {
		if (w->eq >= 0) {
			if (opt_take(c, &o, w) == -1)
				return -1;
		} else if (strcasecmp(w->text, "preview") != 0) {
			return fail(c, "unexpected word '%s' (alloc %s "
			    "[method=..] [weights=..] [lot=N] [preview])",
			    w->text, id->text);
		} else if (a->preview) {
			return fail(c, "'%s' is given twice", w->text);
		} else {
			a->preview = true;
		}
	}
	a->method = ALLOC_PRORATA;
	if ((v = opt_get(&o, "method")) != NULL &&
	    get_alloc_method(c, v, &a->method) == -1)
		return -1;
	if (all && (opt_get(&o, "weights") != NULL ||
	    a->method == ALLOC_WEIGHTS))
		return fail(c, "weights are for one block at a time (alloc "
		    "BLOCK_ID weights=..)");
	if ((v = opt_get(&o, "weights")) != NULL) {
		/* weights= alone says method=weights. */
		if (opt_get(&o, "method") == NULL)
			a->method = ALLOC_WEIGHTS;
		else if (a->method != ALLOC_WEIGHTS)
			return fail(c, "weights= goes with method=weights, not "
			    "method=%s", opt_get(&o, "method"));
		if (get_weights(c, v, a) == -1)
			return -1;
	} else if (a->method == ALLOC_WEIGHTS) {
		return fail(c, "method=weights needs weights=ACCT:W,... "
		    "(like weights=F1:2,F2:1)");
	}
	if ((v = opt_get(&o, "lot")) != NULL) {
		if (get_qty(c, v, &a->lot) == -1)
			return -1;
		if (a->lot <= 0)
			return fail(c, "lot %s must be above zero", v);
	}
	c->cmd->kind = all ? CMD_ALLOC_ALL : CMD_ALLOC;
	return 0;
}

/* help [TOPIC]: the topic's words, lower-cased, into sym. */
static int
parse_help(struct pctx *c)
{
	char	topic[SYMBOL_MAX];
	size_t	used = 0, n;
	int	i;

	topic[0] = '\0';
	for (i = 1; i < c->lx->n; i++) {
		const char *s = c->lx->w[i].text;

		n = strlen(s);
		if (used + n + (used > 0) >= sizeof topic)
			return fail(c, "topic '%s' is too long", s);
		if (used > 0)
			topic[used++] = ' ';
		while (*s != '\0')
			topic[used++] = (char)tolower((unsigned char)*s++);
		topic[used] = '\0';
	}
	memcpy(c->cmd->sym, topic, used + 1);
	c->cmd->kind = CMD_HELP;
	return 0;
}

/* audit head */
static int
parse_audit(struct pctx *c)
{
	if (c->hit != CMD_AUDIT_HEAD)
		return fail(c, "what? (audit head)");
	set_what(c, 0, 2);
	c->cmd->kind = CMD_AUDIT_HEAD;
	return no_more(c, 2);
}

/* ---- the table ---- */

/* Lines of an order: [stage] buy|sell|short|cover ... */
static int
parse_trade(struct pctx *c)
{
	return parse_order(c, is_kw(word_at(c, 0), "stage") ? 1 : 0);
}

/* check buy 100 AAPL ...: the order as a what-if. */
static int
parse_check(struct pctx *c)
{
	if (parse_order(c, 1) == -1)
		return -1;
	c->cmd->ord.req.stage = false;
	c->cmd->kind = CMD_CHECK_ORDER;
	return 0;
}

static int
parse_approve(struct pctx *c)
{
	return parse_review(c, true);
}

static int
parse_reject(struct pctx *c)
{
	return parse_review(c, false);
}

static int
parse_halt(struct pctx *c)
{
	return parse_stop(c, true);
}

static int
parse_resume(struct pctx *c)
{
	return parse_stop(c, false);
}

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
 * (pos_at). */
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
	set_what(&c, 0, 1);
	if (w->eq >= 0)
		return err_set(err, "'%s' is not a command; a line starts with "
		    "one (type 'help' for the list)", w->text);
	if ((k = find_command(&lx, &c.hit)) >= 0)
		return table[k].parse(&c);
	return err_set(err, "unknown command '%s'; type 'help' for the list",
	    w->text);
}
