/* src/app/csv.c: the CSV reader behind every file blotter loads. */
#include "config.h"
#include "csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "hmap.h"
#include "sbuf.h"
#include "textfile.h"

/* Split one CSV record (RFC 4180 quoting) into FIELDS, in place. */
static int
csv_split(char *line, char **fields, int max, struct err *err)
{
	int n = 0;
	char *p = line;

	for (;;) {
		if (n == max)
			return err_set(err, "more than %d columns", max);
		char *w = p, *start = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					return err_set(err, "unterminated quote");
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
			if (*p != ',' && *p != '\0')
				return err_set(err, "text after a closing "
				    "quote");
		} else {
			while (*p && *p != ',')
				w++, p++;
		}
		char sep = *p;
		*w = '\0';
		fields[n++] = start;
		if (sep == '\0')
			break;
		p++;
	}
	return n;
}


int
csv_open(struct csv *c, const char *path, struct err *err)
{
	memset(c, 0, sizeof *c);
	c->path = path;
	if (!(c->f = fopen(path, "r")))
		return err_set(err, "cannot read %s: %s", path,
		    strerror(errno));
	c->tf = textfile_from(c->f);
	return 0;
}

void
csv_close(struct csv *c)
{
	textfile_close(c->tf);
	c->tf = NULL;
	if (c->f) {
		fclose(c->f);
		c->f = NULL;
	}
	free(c->hdrbuf);
}

int
csv_next(struct csv *c, char **fields, struct err *err)
{
	for (;;) {
		int r = textfile_next(c->tf, &c->buf, err);
		if (r == 0)
			return 0;
		c->line = (int)textfile_lineno(c->tf);
		if (r < 0) {
			c->broken = r == -2;
			if (c->broken)
				return err_prefix(err, "%s: ", c->path);
			return err_prefix(err, "%s:%d: ", c->path, c->line);
		}
		if (c->buf[0] == '\0' || c->buf[0] == '#')
			continue;
		int k = csv_split(c->buf, fields, CSV_MAX_FIELDS, err);
		if (k == -1)
			return err_prefix(err, "%s:%d: ", c->path, c->line);
		return k;
	}
}

int
csv_header(struct csv *c, const char *const *want, int nwant,
    struct err *err)
{
	char *f[CSV_MAX_FIELDS];
	int n = csv_next(c, f, err);

	if (n <= 0)
		return n == 0 ? err_set(err, "%s: the file is empty", c->path) :
		    -1;
	/* The reader's whole line buffer: the fields lie in it, split by
	 * NULs, and the next line will overwrite it. */
	c->hdrbuf = xmalloc(TEXTFILE_LINE_MAX + 2);
	memcpy(c->hdrbuf, c->buf, TEXTFILE_LINE_MAX + 2);
	for (int i = 0; i < n; i++) {
		c->hdr[i] = c->hdrbuf + (f[i] - c->buf);
		for (char *p = c->hdr[i]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	c->nhdr = n;
	for (int i = 0; i < n; i++) {
		bool known = false;
		for (int j = 0; j < nwant; j++)
			if (strcmp(c->hdr[i], want[j]) == 0)
				known = true;
		if (!known)
			return err_set(err, "%s:1: unknown column '%s'",
			    c->path, c->hdr[i]);
	}
	return 0;
}

const char *
csv_get(const struct csv *c, char **f, int n, const char *name)
{
	for (int i = 0; i < c->nhdr && i < n; i++)
		if (strcmp(c->hdr[i], name) == 0)
			return f[i];
	return "";
}

bool
csv_has(const struct csv *c, const char *name)
{
	for (int i = 0; i < c->nhdr; i++)
		if (strcmp(c->hdr[i], name) == 0)
			return true;
	return false;
}

#define CSV_BAD_LISTED	20	/* bad line numbers named in the error */

static char seen;		/* the value of a key in the map of keys */

int
csv_load(void *ctx, const char *path, const struct csv_kind *k,
    void (*report)(void *, const char *), int *count, struct err *err)
{
	struct csv c;
	struct hmap *keys = NULL;	/* the keys of the rows kept so far */
	struct sbuf others = { 0 }, all = { 0 };
	struct err first = { "" }, e;
	char *rows = NULL, *f[CSV_MAX_FIELDS];
	size_t nrows = 0, cap = 0;
	int n, nbad = 0, rc = -1;

	if (csv_open(&c, path, err) == -1)
		return -1;
	if (csv_header(&c, k->cols, k->ncols, err) == -1)
		goto out;
	for (int i = 0; k->need != NULL && k->need[i] != NULL; i++)
		if (!csv_has(&c, k->need[i])) {
			err_set(err, "%s:1: the header has no '%s' column",
			    path, k->need[i]);
			goto out;
		}
	if (cap == 0) {
		cap = 64;
		rows = xmalloc(cap * k->row_size);
	}
	if (k->key != NULL)
		keys = hmap_new();
	for (;;) {
		e.msg[0] = '\0';
		n = csv_next(&c, f, &e);
		if (n == 0)
			break;
		void *row = rows + nrows * k->row_size;
		if (n > 0 && k->parse(ctx, &c, f, n, row, &e) == 0) {
			char key[256] = "";
			/* Each key once: a hash of those seen, not a scan of
			 * every row before (a file of 160,000 rows made 10^10
			 * comparisons).  The map keeps its own copy of a key,
			 * which may live in a buffer of the key function's. */
			const char *kp = k->key != NULL ? k->key(row) : NULL;
			if (kp == NULL || hmap_get(keys, kp) == NULL) {
				if (kp != NULL)
					hmap_put(keys, kp, &seen);
				if (++nrows == cap) {
					cap *= 2;
					rows = xrealloc(rows,
					    cap * k->row_size);
				}
				continue;
			}
			str_copy(key, sizeof key, kp);
			err_set(&e, "%s appears twice", key);
		}
		/* csv_next names FILE:LINE itself; a parse error does not. */
		if (n > 0)
			err_prefix(&e, "%s:%d: ", path, c.line);
		sbuf_printf(&all, "%s\n", e.msg);
		if (nbad++ == 0)
			first = e;
		else if (nbad <= CSV_BAD_LISTED + 1)
			sbuf_printf(&others, "%s%d", nbad > 2 ? ", " : "",
			    c.line);
		if (n < 0 && c.broken)
			break;
	}
	if (nbad > 0) {
		/* Every bad line in full when there are several. */
		for (char *p = all.p, *nl; nbad > 1 && report != NULL && p &&
		    (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
			*nl = '\0';
			report(ctx, p);
		}
		if (nbad == 1)
			err_set(err, "%s; nothing was loaded", first.msg);
		else
			err_set(err, "%s (also bad: line%s %s%s); nothing was "
			    "loaded", first.msg, nbad > 2 ? "s" : "",
			    others.p, nbad > CSV_BAD_LISTED + 1 ? ", ..." : "");
		goto out;
	}
	for (size_t i = 0; i < nrows; i++)
		if (k->put(ctx, rows + i * k->row_size, err) == -1)
			goto out;
	*count = (int)nrows;
	rc = 0;
out:
	hmap_free(keys);
	free(rows);
	sbuf_free(&others);
	sbuf_free(&all);
	csv_close(&c);
	return rc;
}
