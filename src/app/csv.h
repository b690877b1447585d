/* src/app/csv.h: reading the CSV files traders and operations hand to
 * blotter (instruments, accounts, fx, trades, positions, models).  Not for
 * the rest of the program.
 *
 * A file starts with a header naming its columns (any order, any case);
 * blank lines and lines starting with # are skipped; fields follow RFC
 * 4180 quoting.  Lines are read and checked by textfile_next(). */
#ifndef BLOTTER_CSV_H
#define BLOTTER_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct err;
struct textfile;

#define CSV_MAX_FIELDS	16

struct csv {
	FILE	*f;		/* ours: textfile_from() leaves it open */
	struct textfile *tf;
	const char *path;
	int	line;
	bool	broken;		/* reading failed: stop */
	char	*buf;		/* the current line, the reader's */
	char	*hdr[CSV_MAX_FIELDS];
	char	*hdrbuf;
	int	nhdr;
};

int	csv_open(struct csv *, const char *path, struct err *);
void	csv_close(struct csv *);
/* Next record's fields; 0 at the end, -1 with ERR naming FILE:LINE (a
 * line textfile_next() refuses, or a bad record: reading may go on unless
 * BROKEN is set). */
int	csv_next(struct csv *, char **fields, struct err *);
/* Read the header; a column not in WANT is refused. */
int	csv_header(struct csv *, const char *const *want, int nwant,
	    struct err *);
/* The value of column NAME in the current record, or "". */
const char *csv_get(const struct csv *, char **f, int n, const char *name);
/* Whether the header named column NAME. */
bool	csv_has(const struct csv *, const char *name);

/* A file loaded whole or not at all. */
struct csv_kind {
	const char *const *cols;	/* the columns a header may name */
	int	ncols;
	const char *const *need;	/* columns the header must name
					   (NULL-terminated; may be NULL) */
	size_t	row_size;
	/* Parse the current record into ROW. */
	int	(*parse)(void *ctx, const struct csv *, char **, int,
		    void *row, struct err *);
	/* The key no two rows may share (NULL: rows may repeat). */
	const char *(*key)(const void *row);
	/* Write one checked row. */
	int	(*put)(void *ctx, const void *row, struct err *);
};

/* Load PATH as K: every row is parsed and checked before the first is
 * written, so a bad file changes nothing.  Each bad line goes to REPORT
 * (may be NULL) as "FILE:LINE: what"; ERR gets the first in full and the
 * numbers of the others.  *COUNT gets the number of rows written. */
int	csv_load(void *ctx, const char *path, const struct csv_kind *k,
	    void (*report)(void *ctx, const char *msg), int *count,
	    struct err *);

#endif
