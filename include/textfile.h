/* include/textfile.h: the line-by-line files people edit (keymaps,
 * themes, blotterrc): comments cut, lines numbered, errors collected. */
#ifndef BLOTTER_TEXTFILE_H
#define BLOTTER_TEXTFILE_H

struct sbuf;

/* Call FN(CTX, LINE, LINENO) for every line of PATH with its newline and
 * any '#' comment cut off (LINE may be changed).  FN returns -1 for a bad
 * line, having reported it in ERRORS (which may be NULL).  A file that
 * cannot be opened or read is reported as "PATH: cannot open/read: why".
 * Returns 0 when every line was good, -1 otherwise. */
int	textfile_lines(const char *path,
	    int (*fn)(void *ctx, char *line, unsigned lineno), void *ctx,
	    struct sbuf *errors);

#endif
