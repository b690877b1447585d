/* src/core/textfile.c: one reader for the files people write by hand.
 * The caller parses each line into something held aside and applies it
 * only when textfile_lines() says the whole file was good. */
#include "config.h"
#include "textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

int
textfile_lines(const char *path,
    int (*fn)(void *ctx, char *line, unsigned lineno), void *ctx,
    struct sbuf *errors)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int bad = 0;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		if (errors)
			sbuf_printf(errors, "%s: cannot open: %s\n", path,
			    strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		line[strcspn(line, "#\r\n")] = '\0';
		if (fn(ctx, line, lineno) == -1)
			bad = 1;
	}
	if (ferror(fp)) {
		if (errors)
			sbuf_printf(errors, "%s: cannot read: %s\n", path,
			    strerror(errno));
		bad = 1;
	}
	fclose(fp);
	free(line);
	return bad ? -1 : 0;
}
