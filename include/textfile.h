/* include/textfile.h: the line-by-line files people edit (batch scripts,
 * rules, keymaps, themes, blotterrc, CSV files): lines numbered, checked
 * and handed over one at a time, errors collected. */
#ifndef BLOTTER_TEXTFILE_H
#define BLOTTER_TEXTFILE_H
#include <stdio.h>

struct err;
struct sbuf;

/* The longest line a file may have, in bytes without its line end: the
 * longest command line.  A longer line is an error, never cut. */
#define TEXTFILE_LINE_MAX	4095

struct textfile;			/* opaque: fields live in textfile.c */

/* Open PATH for reading.  Returns the reader (textfile_close() frees it),
 * or NULL with "PATH: cannot open: why" in ERR. */
struct textfile *textfile_open(const char *path, struct err *);
/* Read FP (standard input, say); FP stays the caller's. */
struct textfile *textfile_from(FILE *fp);
void	textfile_close(struct textfile *);	/* NULL is a no-op */
/* The next line, without its line end ("\n" or "\r\n").  Returns 1 with
 * *LINE (borrowed until the next call; the caller may change it), 0 at
 * the end of the file, -1 for a line that holds a NUL byte, is not
 * UTF-8 or is longer than TEXTFILE_LINE_MAX (reading may go on after
 * it), or -2 when reading failed (stop).  ERR says what, without the
 * file and line: textfile_lineno() is the line's number. */
int	textfile_next(struct textfile *, char **line, struct err *);
unsigned textfile_lineno(const struct textfile *);

/* Call FN(CTX, LINE, LINENO) for every line of PATH with its newline and
 * any '#' comment cut off (LINE may be changed).  FN returns -1 for a bad
 * line, having reported it in ERRORS (which may be NULL); a line that
 * textfile_next() refuses is reported as "PATH:LINE: what" and not handed
 * to FN.  A file that cannot be opened or read is reported as
 * "PATH: cannot open: why" or "PATH: reading failed ...".  Returns 0 when every line was good, -1
 * otherwise. */
int	textfile_lines(const char *path,
	    int (*fn)(void *ctx, char *line, unsigned lineno), void *ctx,
	    struct sbuf *errors);

#endif
