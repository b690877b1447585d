/* src/cmd/parse-int.h: what the files of the command parser share and
 * nothing else includes.  parse.c cuts a line into words, finds its
 * command in the table of include/commands.def and defines what every
 * parser uses (below); the parsers of the table live by family:
 * parse-refdata.c (reference data, the market and the clock),
 * parse-order.c (orders), parse-block.c (blocks, allocation and model
 * trades), parse-admin.c (users, compliance and settings) and
 * parse-report.c (show, expect, report and help).
 *
 * Every function that reads a word fails with a message that starts with
 * the command (parse_fail) and returns 0 or -1, unless it says otherwise. */
#ifndef BLOTTER_PARSE_INT_H
#define BLOTTER_PARSE_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cmd.h"

struct err;
struct fixed_dec;

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

/* ---- messages ---- */

/* Set ERR to "WHAT: message"; always returns -1. */
int	parse_fail(struct pctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Put "WHAT: " in front of a message a core parser left in ERR; -1. */
int	parse_fail_core(struct pctx *);

/* ---- words ---- */

/* The word at I, or NULL past the end (borrowed). */
const struct word *parse_word_at(const struct pctx *, int i);
/* The positional (not key=value) word at I, or NULL (borrowed). */
const struct word *parse_pos_at(const struct pctx *, int i);
/* Whether W is the keyword KW (any case). */
bool	parse_is_kw(const struct word *w, const char *kw);
/* Copy S lower-cased into BUF of LEN bytes; false when it does not fit. */
bool	parse_lower_copy(const char *s, char *buf, size_t len);
/* Copy a keyword value S lower-cased into BUF of KEYWORD_MAX bytes; false
 * when too long. */
bool	parse_kw_copy(const char *s, char *buf);
/* Fail on any word left from I on. */
int	parse_no_more(struct pctx *, int i);
/* Name the command in messages by COUNT words from FROM, lower-cased. */
void	parse_set_what(struct pctx *, int from, int count);

/* ---- the openings of the parsers ---- */

/* A command of two words ("show orders"): the second must be there (HINT,
 * what may follow the first, in the message when not); from then on
 * messages name the command by both words. */
int	parse_sub_word(struct pctx *, const char *hint);
/* A command of two words that is one command ("instrument add"): as
 * parse_sub_word(), and the second word must be KIND's, whose name in the
 * table gives the word expected; HINT is the command's form. */
int	parse_sub_command(struct pctx *, enum cmd_kind kind, const char *hint);
/* Copy the identifier at word AT, a NOUN, into DST of LEN bytes; with no
 * positional word there, fail with FMT, what to type. */
int	parse_ident_at(struct pctx *, int at, char *dst, size_t len,
	    const char *noun, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* As parse_ident_at(), and no word after it.  MISSING is the message when
 * the word is not there, or NULL when it may be left out. */
int	parse_one_ident(struct pctx *, int at, char *dst, size_t len,
	    const char *noun, const char *missing);

/* ---- options ---- */

/* Start O empty, knowing the NULL-terminated KEYS. */
void	parse_opts_init(struct opts *o, const char *const *keys);
/* Take the key=value word W into O: the key must be known and given once;
 * only note= may be empty. */
int	parse_opt_take(struct pctx *, struct opts *o, const struct word *w);
/* Take every word from I on as an option into O, but for one positional
 * word, which goes to *POS when POS is given (and *POS starts NULL).  Any
 * other positional word is unexpected; HINT, when given, follows that
 * message in parentheses. */
int	parse_opts_words(struct pctx *, int i, struct opts *o,
	    const struct word **pos, const char *hint);
/* Start O with KEYS and take every word from I on as one of them. */
int	parse_opts_rest(struct pctx *, int i, struct opts *o,
	    const char *const *keys);
/* The value given for KEY, or NULL (borrowed from the line). */
const char *parse_opt_get(const struct opts *o, const char *key);
/* Fill F from the acct=, sym= and status= of O. */
int	parse_filter(struct pctx *, const struct opts *o, struct cmd_filter *f);

/* ---- values ---- */

/* Copy an identifier (symbol, account, order id) S into DST of LEN bytes,
 * as typed.  WHAT names it in messages. */
int	parse_ident(struct pctx *, const char *s, char *dst, size_t len,
	    const char *what);
/* Copy free text S (a name, a note) into DST of LEN bytes. */
int	parse_text(struct pctx *, const char *s, char *dst, size_t len,
	    const char *what);
/* Copy a file name S into DST of CMD_PATH_MAX bytes. */
int	parse_path(struct pctx *, const char *s, char *dst);
/* Parse a price, rate or tick S (PX scale) above zero into OUT; NOUN says
 * what the word should have been ("price"), WHAT names the field. */
int	parse_px(struct pctx *, const char *s, int64_t *out, const char *noun,
	    const char *what);
/* Parse a quantity S (k/m suffixes) into OUT; zero and below pass. */
int	parse_qty(struct pctx *, const char *s, int64_t *out);
/* Scan S, the whole word, as a signed decimal into D, with the k, m and
 * bn suffixes when SUFFIX_OK; false when it is not one. */
bool	parse_decimal_word(const char *s, bool suffix_ok, struct fixed_dec *d);

/* ---- the parsers of the table, by family ---- */

/* parse-refdata.c */
int	parse_clock(struct pctx *);
int	parse_instrument(struct pctx *);
int	parse_account(struct pctx *);
int	parse_load(struct pctx *);
int	parse_fx(struct pctx *);
int	parse_quote(struct pctx *);
int	parse_mark(struct pctx *);
/* parse-order.c */
int	parse_trade(struct pctx *);
int	parse_check(struct pctx *);
int	parse_release(struct pctx *);
int	parse_cancel(struct pctx *);
int	parse_replace(struct pctx *);
/* parse-block.c */
int	parse_import(struct pctx *);
int	parse_rebalance(struct pctx *);
int	parse_block(struct pctx *);
int	parse_alloc(struct pctx *);
/* parse-admin.c */
int	parse_user(struct pctx *);
int	parse_as(struct pctx *);
int	parse_rule(struct pctx *);
int	parse_approve(struct pctx *);
int	parse_reject(struct pctx *);
int	parse_set(struct pctx *);
int	parse_halt(struct pctx *);
int	parse_resume(struct pctx *);
int	parse_audit(struct pctx *);
/* parse-fix.c */
int	parse_fix(struct pctx *);
/* parse-report.c */
int	parse_show(struct pctx *);
int	parse_expect(struct pctx *);
int	parse_report(struct pctx *);
int	parse_help(struct pctx *);

#endif
