/* src/core/textfile.c: one reader for the files people write by hand.
 *
 * A line is read into a buffer of TEXTFILE_LINE_MAX bytes and no more: a
 * longer one is read on to its end and thrown away, so a file with no
 * newline in a gigabyte costs no memory, and is refused, never cut.  A
 * line holding a NUL byte (which would end it early as a C string) or
 * bytes that are not UTF-8 is refused too.  The caller of
 * textfile_lines() parses each line into something held aside and
 * applies it only when the whole file was good. */
#include "config.h"
#include "textfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sbuf.h"
#include "utf8.h"

struct textfile {
	FILE	*fp;
	bool	own;		/* textfile_open() opened FP */
	bool	broken;		/* a read failed: nothing more */
	unsigned lineno;
	char	line[TEXTFILE_LINE_MAX + 2];	/* + a "\r" and the NUL */
};

struct textfile *
textfile_open(const char *path, struct err *err)
{
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		err_set(err, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	struct textfile *tf = textfile_from(fp);
	tf->own = true;
	return tf;
}

struct textfile *
textfile_from(FILE *fp)
{
	struct textfile *tf = xmalloc(sizeof *tf);

	tf->fp = fp;
	tf->own = false;
	tf->broken = false;
	tf->lineno = 0;
	tf->line[0] = '\0';
	return tf;
}

void
textfile_close(struct textfile *tf)
{
	if (tf == NULL)
		return;
	if (tf->own)
		fclose(tf->fp);
	free(tf);
}

unsigned
textfile_lineno(const struct textfile *tf)
{
	return tf->lineno;
}

int
textfile_next(struct textfile *tf, char **line, struct err *err)
{
	size_t len = 0, keep = sizeof tf->line - 1;
	int ch;

	if (tf->broken)
		return -2;
	errno = 0;
	while ((ch = getc_unlocked(tf->fp)) != EOF && ch != '\n') {
		if (len < keep)
			tf->line[len] = (char)ch;
		len++;
	}
	if (ch == EOF && ferror(tf->fp)) {
		tf->broken = true;
		err_set(err, "reading failed after line %u: %s", tf->lineno,
		    strerror(errno ? errno : EIO));
		return -2;
	}
	if (ch == EOF && len == 0)
		return 0;
	tf->lineno++;
	if (len <= keep && len > 0 && tf->line[len - 1] == '\r')
		len--;
	if (len > TEXTFILE_LINE_MAX)
		return err_set(err, "the line is longer than %d bytes",
		    TEXTFILE_LINE_MAX);
	tf->line[len] = '\0';
	const char *nul = memchr(tf->line, '\0', len);
	if (nul != NULL)
		return err_set(err, "the line holds a NUL byte (at byte %zu)",
		    (size_t)(nul - tf->line) + 1);
	size_t good = utf8_valid(tf->line, len);
	if (good < len)
		return err_set(err, "the line is not UTF-8 (byte 0x%02X at "
		    "byte %zu)", (unsigned char)tf->line[good], good + 1);
	*line = tf->line;
	return 1;
}

int
textfile_lines(const char *path,
    int (*fn)(void *ctx, char *line, unsigned lineno), void *ctx,
    struct sbuf *errors)
{
	struct err e = { "" };
	struct textfile *tf = textfile_open(path, &e);
	char *line;
	int bad = 0, r;

	if (tf == NULL) {
		if (errors)
			sbuf_printf(errors, "%s\n", e.msg);
		return -1;
	}
	while ((r = textfile_next(tf, &line, &e)) != 0) {
		if (r == -2) {
			if (errors)
				sbuf_printf(errors, "%s: %s\n", path, e.msg);
			bad = 1;
			break;
		}
		if (r == -1) {
			if (errors)
				sbuf_printf(errors, "%s:%u: %s\n", path,
				    textfile_lineno(tf), e.msg);
			bad = 1;
			continue;
		}
		line[strcspn(line, "#")] = '\0';
		if (fn(ctx, line, textfile_lineno(tf)) == -1)
			bad = 1;
	}
	textfile_close(tf);
	return bad ? -1 : 0;
}
