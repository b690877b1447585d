/* src/fix/dict.c: the FIX data dictionary, read from a QuickFIX XML file.
 *
 * The file is read whole and turned into a tree of elements by a reader
 * for exactly what these files hold: elements, attributes in single or
 * double quotes, self-closing tags, comments, <?xml ...?> and the five
 * predefined entities.  Anything else (text between tags, DOCTYPE,
 * CDATA) is refused with the file and line.
 *
 * The tree then becomes the dictionary: the fields by tag (name, type,
 * values), and for the header, the trailer and each message a layout,
 * the list of its fields with components resolved into it.  A field of a
 * component is required when the component is and it is; a repeating
 * group is a field whose layout holds one entry's fields, the first of
 * them the delimiter.  validate.c checks messages against the layouts. */
#include "config.h"
#include "fix.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "fix-int.h"

/* The largest file read: FIX 5.0 SP2's dictionary is 1.6 MB. */
#define XML_FILE_MAX	(64L * 1024 * 1024)

/* An element: its name, attributes as name/value pairs, children. */
struct xnode {
	char	*name;
	char	**attr;			/* 2 * nattr strings */
	size_t	nattr;
	struct xnode **kid;
	size_t	nkid;
	unsigned line;
};

/* The reader's place in the file. */
struct xread {
	const char *path;
	const char *p, *end;
	unsigned line;
	struct err *err;
};

static void
xnode_free(struct xnode *x)
{
	if (x == NULL)
		return;
	for (size_t i = 0; i < 2 * x->nattr; i++)
		free(x->attr[i]);
	for (size_t i = 0; i < x->nkid; i++)
		xnode_free(x->kid[i]);
	free(x->attr);
	free(x->kid);
	free(x->name);
	free(x);
}

/* The value of attribute NAME of X, or NULL. */
static const char *
xattr(const struct xnode *x, const char *name)
{
	for (size_t i = 0; i < x->nattr; i++)
		if (strcmp(x->attr[2 * i], name) == 0)
			return x->attr[2 * i + 1];
	return NULL;
}

static int
xfail(struct xread *r, const char *what)
{
	return err_set(r->err, "%s:%u: %s", r->path, r->line, what);
}

/* Skip white space, counting lines. */
static void
xspace(struct xread *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
	    *r->p == '\r' || *r->p == '\n')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
}

static bool
xstarts(const struct xread *r, const char *s)
{
	size_t	n = strlen(s);

	return (size_t)(r->end - r->p) >= n && memcmp(r->p, s, n) == 0;
}

/* Skip to just past END, counting lines.  Returns 0, or -1 when the file
 * ends first. */
static int
xskip_past(struct xread *r, const char *end, const char *what)
{
	while (r->p < r->end && !xstarts(r, end)) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p == r->end)
		return xfail(r, what);
	r->p += strlen(end);
	return 0;
}

/* Skip white space, comments and <?...?> declarations. */
static int
xmisc(struct xread *r)
{
	for (;;) {
		xspace(r);
		if (xstarts(r, "<!--")) {
			if (xskip_past(r, "-->", "a comment is not closed")
			    == -1)
				return -1;
		} else if (xstarts(r, "<?")) {
			if (xskip_past(r, "?>", "a declaration is not closed")
			    == -1)
				return -1;
		} else
			return 0;
	}
}

static bool
xname_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.' ||
	    c == ':'));
}

/* Read a name into a new string; NULL with the error if none is here. */
static char *
xname(struct xread *r)
{
	const char *s = r->p;
	char	*n;

	while (r->p < r->end && xname_char(*r->p, r->p == s))
		r->p++;
	if (r->p == s) {
		xfail(r, "a name is expected here");
		return NULL;
	}
	n = xmalloc((unsigned long)(r->p - s) + 1);
	memcpy(n, s, (size_t)(r->p - s));
	n[r->p - s] = '\0';
	return n;
}

/* Read a quoted attribute value, entities decoded, into a new string. */
static char *
xvalue(struct xread *r)
{
	static const struct {
		const char *ent;
		char	c;
	} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' } };
	char	q, *v, *o;
	const char *close;

	if (r->p == r->end || (*r->p != '\'' && *r->p != '"')) {
		xfail(r, "an attribute value must be in quotes");
		return NULL;
	}
	q = *r->p++;
	/* Decoding only shortens the value. */
	close = memchr(r->p, q, (size_t)(r->end - r->p));
	v = o = xmalloc((unsigned long)((close ? close : r->end) - r->p) + 1);
	for (;;) {
		size_t	i;

		if (r->p == r->end || *r->p == '<') {
			free(v);
			xfail(r, "an attribute value is not closed");
			return NULL;
		}
		if (*r->p == q)
			break;
		if (*r->p != '&') {
			if (*r->p == '\n')
				r->line++;
			*o++ = *r->p++;
			continue;
		}
		for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
			if (xstarts(r, ents[i].ent))
				break;
		if (i == sizeof ents / sizeof ents[0]) {
			free(v);
			xfail(r, "an entity other than &amp; &lt; &gt; "
			    "&quot; &apos;");
			return NULL;
		}
		*o++ = ents[i].c;
		r->p += strlen(ents[i].ent);
	}
	r->p++;
	*o = '\0';
	return v;
}

/* Read the element at '<' and everything in it; NULL with the error. */
static struct xnode *
xelement(struct xread *r, int depth)
{
	struct xnode *x;
	size_t	kcap = 0;

	if (depth > 32) {
		xfail(r, "elements nest more than 32 deep");
		return NULL;
	}
	x = xcalloc(1, sizeof *x);
	x->line = r->line;
	r->p++;
	if ((x->name = xname(r)) == NULL)
		goto fail;
	for (;;) {
		char	*an, *av;

		xspace(r);
		if (xstarts(r, "/>")) {
			r->p += 2;
			return x;
		}
		if (xstarts(r, ">"))
			break;
		if ((an = xname(r)) == NULL)
			goto fail;
		if (xattr(x, an) != NULL) {
			err_set(r->err, "%s:%u: attribute %s is given twice",
			    r->path, r->line, an);
			free(an);
			goto fail;
		}
		xspace(r);
		if (!xstarts(r, "=")) {
			free(an);
			xfail(r, "'=' is expected after an attribute name");
			goto fail;
		}
		r->p++;
		xspace(r);
		if ((av = xvalue(r)) == NULL) {
			free(an);
			goto fail;
		}
		x->attr = xrealloc(x->attr,
		    (x->nattr + 1) * 2 * sizeof (char *));
		x->attr[2 * x->nattr] = an;
		x->attr[2 * x->nattr + 1] = av;
		x->nattr++;
	}
	r->p++;
	for (;;) {
		struct xnode *k;

		xspace(r);
		if (r->p == r->end) {
			err_set(r->err, "%s:%u: <%s> is not closed", r->path,
			    x->line, x->name);
			goto fail;
		}
		if (xstarts(r, "<!--")) {
			if (xskip_past(r, "-->", "a comment is not closed")
			    == -1)
				goto fail;
			continue;
		}
		if (xstarts(r, "</")) {
			char	*n;
			int	same;

			r->p += 2;
			if ((n = xname(r)) == NULL)
				goto fail;
			same = strcmp(n, x->name) == 0;
			free(n);
			xspace(r);
			if (!same || !xstarts(r, ">")) {
				err_set(r->err, "%s:%u: </%s> is expected",
				    r->path, r->line, x->name);
				goto fail;
			}
			r->p++;
			return x;
		}
		if (xstarts(r, "<!") || xstarts(r, "<?")) {
			xfail(r, "only elements and comments may be here");
			goto fail;
		}
		if (*r->p != '<') {
			xfail(r, "text is not expected between tags");
			goto fail;
		}
		if ((k = xelement(r, depth + 1)) == NULL)
			goto fail;
		if (x->nkid == kcap) {
			kcap = kcap ? 2 * kcap : 8;
			x->kid = xrealloc(x->kid, kcap * sizeof *x->kid);
		}
		x->kid[x->nkid++] = k;
	}
fail:
	xnode_free(x);
	return NULL;
}

/* Read PATH into a tree; NULL with "PATH:LINE: what" in ERR. */
static struct xnode *
xread_file(const char *path, struct err *err)
{
	struct xread r = { .path = path, .line = 1, .err = err };
	struct xnode *root = NULL;
	FILE	*fp;
	char	*buf;
	long	size;
	size_t	got;

	if ((fp = fopen(path, "rb")) == NULL) {
		err_set(err, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) == -1 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1 || size > XML_FILE_MAX) {
		fclose(fp);
		err_set(err, "%s: cannot read (not a file of at most %ld "
		    "bytes)", path, XML_FILE_MAX);
		return NULL;
	}
	buf = xmalloc((unsigned long)size + 1);
	got = fread(buf, 1, (size_t)size, fp);
	fclose(fp);
	if (got != (size_t)size) {
		free(buf);
		err_set(err, "%s: reading failed", path);
		return NULL;
	}
	if (memchr(buf, '\0', got) != NULL) {
		free(buf);
		err_set(err, "%s: holds a NUL byte: not a dictionary", path);
		return NULL;
	}
	r.p = buf;
	r.end = buf + got;
	if (xmisc(&r) == -1)
		goto out;
	if (r.p == r.end || *r.p != '<' || xstarts(&r, "<!")) {
		xfail(&r, "an element is expected");
		goto out;
	}
	if ((root = xelement(&r, 0)) == NULL || xmisc(&r) == -1)
		goto bad;
	if (r.p != r.end) {
		xfail(&r, "nothing may follow the root element");
		goto bad;
	}
	goto out;
bad:
	xnode_free(root);
	root = NULL;
out:
	free(buf);
	return root;
}

/* What turning the tree into a dictionary needs at hand. */
struct load {
	const char *path;
	struct fix_dict *d;
	struct xnode **comp;		/* <components>, sorted by name */
	size_t	ncomp;
	struct err *err;
};

static int
lfail(struct load *l, const struct xnode *x, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
lfail(struct load *l, const struct xnode *x, const char *fmt, ...)
{
	char	msg[ERR_MSG_MAX];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(l->err, "%s:%u: %s", l->path, x->line, msg);
}

/* The attribute NAME that X must have, or NULL after the error. */
static const char *
need(struct load *l, const struct xnode *x, const char *name)
{
	const char *v = xattr(x, name);

	if (v == NULL || v[0] == '\0')
		lfail(l, x, "<%s> needs a %s", x->name, name);
	return v;
}

static const char *const type_names[FIX_T_COUNT] = {
	[FIX_T_STRING] = "STRING", [FIX_T_CHAR] = "CHAR",
	[FIX_T_INT] = "INT", [FIX_T_LENGTH] = "LENGTH",
	[FIX_T_NUMINGROUP] = "NUMINGROUP", [FIX_T_SEQNUM] = "SEQNUM",
	[FIX_T_DAYOFMONTH] = "DAYOFMONTH", [FIX_T_FLOAT] = "FLOAT",
	[FIX_T_PRICE] = "PRICE", [FIX_T_QTY] = "QTY", [FIX_T_AMT] = "AMT",
	[FIX_T_PRICEOFFSET] = "PRICEOFFSET",
	[FIX_T_PERCENTAGE] = "PERCENTAGE", [FIX_T_BOOLEAN] = "BOOLEAN",
	[FIX_T_MULTIPLEVALUESTRING] = "MULTIPLEVALUESTRING",
	[FIX_T_CURRENCY] = "CURRENCY", [FIX_T_EXCHANGE] = "EXCHANGE",
	[FIX_T_COUNTRY] = "COUNTRY", [FIX_T_UTCTIMESTAMP] = "UTCTIMESTAMP",
	[FIX_T_UTCDATEONLY] = "UTCDATEONLY",
	[FIX_T_UTCTIMEONLY] = "UTCTIMEONLY",
	[FIX_T_LOCALMKTDATE] = "LOCALMKTDATE",
	[FIX_T_MONTHYEAR] = "MONTHYEAR", [FIX_T_DATA] = "DATA",
};

static int
by_name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
comp_cmp(const void *a, const void *b)
{
	return strcmp(xattr(*(struct xnode *const *)a, "name"),
	    xattr(*(struct xnode *const *)b, "name"));
}

/* Read <fields>: every field's number, name, type and values. */
static int
load_fields(struct load *l, const struct xnode *fs)
{
	struct fix_dict *d = l->d;

	d->maxtag = 0;
	for (size_t i = 0; i < fs->nkid; i++) {
		const struct xnode *x = fs->kid[i];
		const char *num;
		char	*end;
		long	tag;

		if (strcmp(x->name, "field") != 0)
			return lfail(l, x, "<%s> is not expected in <fields>",
			    x->name);
		if ((num = need(l, x, "number")) == NULL)
			return -1;
		tag = strtol(num, &end, 10);
		if (*end != '\0' || tag <= 0 || tag > 99999)
			return lfail(l, x, "field number '%s' is not 1 to "
			    "99999", num);
		if (tag > d->maxtag)
			d->maxtag = (int)tag;
	}
	d->field = xcalloc((unsigned long)d->maxtag + 1, sizeof *d->field);
	d->by_name = xcalloc(fs->nkid + 1, sizeof *d->by_name);
	for (size_t i = 0; i < fs->nkid; i++) {
		const struct xnode *x = fs->kid[i];
		struct fix_fdef *f;
		const char *name, *type;
		int	tag = atoi(xattr(x, "number")), t;

		if ((name = need(l, x, "name")) == NULL ||
		    (type = need(l, x, "type")) == NULL)
			return -1;
		f = &d->field[tag];
		if (f->name != NULL)
			return lfail(l, x, "field number %d is already %s",
			    tag, f->name);
		for (t = 0; t < FIX_T_COUNT; t++)
			if (strcmp(type, type_names[t]) == 0)
				break;
		if (t == FIX_T_COUNT)
			return lfail(l, x, "field %s: type '%s' is not one "
			    "this reader knows", name, type);
		f->name = xstrdup(name);
		f->type = (enum fix_type)t;
		d->by_name[d->nfield].name = f->name;
		d->by_name[d->nfield].tag = tag;
		d->nfield++;
		f->v = xcalloc(x->nkid + 1, sizeof *f->v);
		for (size_t j = 0; j < x->nkid; j++) {
			const struct xnode *v = x->kid[j];
			const char *e, *desc;

			if (strcmp(v->name, "value") != 0)
				return lfail(l, v, "<%s> is not expected in "
				    "<field>", v->name);
			if ((e = need(l, v, "enum")) == NULL ||
			    (desc = need(l, v, "description")) == NULL)
				return -1;
			f->v[f->nv].enumv = xstrdup(e);
			f->v[f->nv].desc = xstrdup(desc);
			f->nv++;
		}
		f->one_byte_values = f->nv > 0;
		for (size_t j = 0; j < f->nv; j++) {
			unsigned char c = (unsigned char)f->v[j].enumv[0];

			if (c == '\0' || f->v[j].enumv[1] != '\0')
				f->one_byte_values = false;
			else
				f->one_byte[c / 64] |= UINT64_C(1) << (c % 64);
		}
	}
	qsort(d->by_name, d->nfield, sizeof *d->by_name, by_name_cmp);
	for (size_t i = 1; i < d->nfield; i++)
		if (strcmp(d->by_name[i - 1].name, d->by_name[i].name) == 0)
			return err_set(l->err, "%s: two fields are called %s",
			    l->path, d->by_name[i].name);
	return 0;
}

static struct fix_layout *
layout_new(struct fix_dict *d)
{
	struct fix_layout *y = xcalloc(1, sizeof *y);

	y->next = d->layouts;
	d->layouts = y;
	return y;
}

static unsigned
layout_hash(int tag)
{
	return ((unsigned)tag * 2654435761u) >> 7;
}

/* Index Y by tag, refusing a field listed twice. */
static int
layout_index(struct load *l, struct fix_layout *y, const struct xnode *at)
{
	/* A table of at least twice as many slots as fields. */
	for (y->mask = 15; y->mask + 1 < 2 * y->n; y->mask = y->mask * 2 + 1)
		;
	y->slot = xcalloc((size_t)y->mask + 1, sizeof *y->slot);
	for (size_t i = 0; i < y->n; i++) {
		unsigned h = layout_hash(y->e[i].tag) & y->mask;

		for (; y->slot[h].tag != 0; h = (h + 1) & y->mask)
			if (y->slot[h].tag == y->e[i].tag)
				return err_set(l->err, "%s:%u: field %s is "
				    "listed twice in <%s %s>", l->path,
				    y->e[i].line, l->d->field[y->e[i].tag].name,
				    at->name, xattr(at, "name") ?
				    xattr(at, "name") : "");
		y->slot[h].tag = y->e[i].tag;
		y->slot[h].idx = (int)i;
		if (y->e[i].required)
			y->req[i / 64] |= UINT64_C(1) << (i % 64);
	}
	return 0;
}

/* Add the fields, groups and components listed in X to Y; a field is
 * required when it says so and REQ (its component's) holds. */
static int
layout_add(struct load *l, struct fix_layout *y, const struct xnode *x,
    bool req, int depth, const struct xnode *at)
{
	if (depth > FIX_NEST_MAX)
		return lfail(l, x, "components and groups nest more than %d "
		    "deep (one holds itself?)", FIX_NEST_MAX);
	for (size_t i = 0; i < x->nkid; i++) {
		const struct xnode *k = x->kid[i];
		const char *name, *r;
		struct fix_ent *e;
		int	tag;
		bool	kreq;

		if ((name = need(l, k, "name")) == NULL)
			return -1;
		r = xattr(k, "required");
		if (r != NULL && strcasecmp(r, "Y") != 0 &&
		    strcasecmp(r, "N") != 0)
			return lfail(l, k, "required='%s' is not Y or N", r);
		kreq = r != NULL && strcasecmp(r, "Y") == 0;
		if (strcmp(k->name, "component") == 0) {
			struct xnode key = { 0 }, *kp = &key, **c;
			char	*pair[2] = { (char *)"name", (char *)name };

			key.attr = pair;
			key.nattr = 1;
			c = bsearch(&kp, l->comp, l->ncomp, sizeof *l->comp,
			    comp_cmp);
			if (c == NULL)
				return lfail(l, k, "component %s is not in "
				    "<components>", name);
			if (layout_add(l, y, *c, req && kreq, depth + 1, at)
			    == -1)
				return -1;
			continue;
		}
		if (strcmp(k->name, "field") != 0 &&
		    strcmp(k->name, "group") != 0)
			return lfail(l, k, "<%s> is not expected in <%s>",
			    k->name, x->name);
		if ((tag = fix_dict_field_tag(l->d, name)) == -1)
			return lfail(l, k, "field %s is not in <fields>", name);
		if (y->n == FIX_LAYOUT_MAX)
			return lfail(l, k, "more than %d fields at one level",
			    FIX_LAYOUT_MAX);
		if (y->n == y->cap) {
			y->cap = y->cap ? 2 * y->cap : 16;
			y->e = xrealloc(y->e, y->cap * sizeof *y->e);
		}
		e = &y->e[y->n++];
		e->tag = tag;
		e->required = req && kreq;
		e->line = k->line;
		e->group = NULL;
		if (strcmp(k->name, "group") == 0) {
			struct fix_layout *g = layout_new(l->d);

			if (l->d->field[tag].type != FIX_T_NUMINGROUP)
				return lfail(l, k, "group %s: its field is "
				    "not a NUMINGROUP", name);
			/* Set before recursing: Y's array may move. */
			y->e[y->n - 1].group = g;
			if (layout_add(l, g, k, true, depth + 1, k) == -1 ||
			    layout_index(l, g, k) == -1)
				return -1;
			if (g->n == 0)
				return lfail(l, k, "group %s has no fields",
				    name);
		}
	}
	return 0;
}

static int
msg_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fix_mdef *)a)->msgtype,
	    ((const struct fix_mdef *)b)->msgtype);
}

/* Read <messages>: each message's type, name, category and layout. */
static int
load_messages(struct load *l, const struct xnode *ms)
{
	struct fix_dict *d = l->d;

	d->msg = xcalloc(ms->nkid + 1, sizeof *d->msg);
	for (size_t i = 0; i < ms->nkid; i++) {
		const struct xnode *x = ms->kid[i];
		struct fix_mdef *m = &d->msg[d->nmsg];
		const char *name, *type, *cat;

		if (strcmp(x->name, "message") != 0)
			return lfail(l, x, "<%s> is not expected in "
			    "<messages>", x->name);
		if ((name = need(l, x, "name")) == NULL ||
		    (type = need(l, x, "msgtype")) == NULL ||
		    (cat = need(l, x, "msgcat")) == NULL)
			return -1;
		if (strlen(type) > 7)
			return lfail(l, x, "msgtype '%s' is too long", type);
		m->name = xstrdup(name);
		m->msgtype = xstrdup(type);
		m->cat = xstrdup(cat);
		m->body = layout_new(d);
		d->nmsg++;
		if (layout_add(l, m->body, x, true, 0, x) == -1 ||
		    layout_index(l, m->body, x) == -1)
			return -1;
	}
	qsort(d->msg, d->nmsg, sizeof *d->msg, msg_cmp);
	for (size_t i = 1; i < d->nmsg; i++)
		if (strcmp(d->msg[i - 1].msgtype, d->msg[i].msgtype) == 0)
			return err_set(l->err, "%s: two messages have msgtype "
			    "%s", l->path, d->msg[i].msgtype);
	return 0;
}

/* Turn the tree ROOT into L's dictionary. */
static int
load_tree(struct load *l, const struct xnode *root)
{
	static const char *const parts[] = { "fields", "components",
		"header", "trailer", "messages" };
	const struct xnode *part[5] = { NULL };
	const char *type, *major, *minor;
	struct fix_dict *d = l->d;

	if (strcmp(root->name, "fix") != 0)
		return lfail(l, root, "the root element is <%s>, not <fix>",
		    root->name);
	if ((major = need(l, root, "major")) == NULL ||
	    (minor = need(l, root, "minor")) == NULL)
		return -1;
	type = xattr(root, "type") ? xattr(root, "type") : "FIX";
	if (strlen(type) + strlen(major) + strlen(minor) + 3 >
	    sizeof d->begin)
		return lfail(l, root, "the version is too long");
	snprintf(d->begin, sizeof d->begin, "%s.%s.%s", type, major, minor);
	for (size_t i = 0; i < root->nkid; i++) {
		size_t	j;

		for (j = 0; j < 5; j++)
			if (strcmp(root->kid[i]->name, parts[j]) == 0)
				break;
		if (j == 5)
			return lfail(l, root->kid[i], "<%s> is not expected in "
			    "<fix>", root->kid[i]->name);
		if (part[j] != NULL)
			return lfail(l, root->kid[i], "a second <%s>",
			    parts[j]);
		part[j] = root->kid[i];
	}
	for (size_t j = 0; j < 5; j++)
		if (part[j] == NULL)
			return lfail(l, root, "<fix> has no <%s>", parts[j]);
	if (load_fields(l, part[0]) == -1)
		return -1;
	l->comp = xcalloc(part[1]->nkid + 1, sizeof *l->comp);
	for (size_t i = 0; i < part[1]->nkid; i++) {
		struct xnode *c = part[1]->kid[i];

		if (strcmp(c->name, "component") != 0)
			return lfail(l, c, "<%s> is not expected in "
			    "<components>", c->name);
		if (need(l, c, "name") == NULL)
			return -1;
		l->comp[l->ncomp++] = c;
	}
	qsort(l->comp, l->ncomp, sizeof *l->comp, comp_cmp);
	for (size_t i = 1; i < l->ncomp; i++)
		if (comp_cmp(&l->comp[i - 1], &l->comp[i]) == 0)
			return lfail(l, l->comp[i], "a second component %s",
			    xattr(l->comp[i], "name"));
	d->header = layout_new(d);
	d->trailer = layout_new(d);
	if (layout_add(l, d->header, part[2], true, 0, part[2]) == -1 ||
	    layout_index(l, d->header, part[2]) == -1 ||
	    layout_add(l, d->trailer, part[3], true, 0, part[3]) == -1 ||
	    layout_index(l, d->trailer, part[3]) == -1)
		return -1;
	return load_messages(l, part[4]);
}

int
fix_dict_load(const char *path, struct fix_dict **dict, struct err *err)
{
	struct load l = { .path = path, .err = err };
	struct xnode *root;
	int	rc;

	if ((root = xread_file(path, err)) == NULL)
		return -1;
	l.d = xcalloc(1, sizeof *l.d);
	rc = load_tree(&l, root);
	free(l.comp);
	xnode_free(root);
	if (rc == -1) {
		fix_dict_free(l.d);
		return -1;
	}
	*dict = l.d;
	return 0;
}

void
fix_dict_free(struct fix_dict *d)
{
	struct fix_layout *y, *next;

	if (d == NULL)
		return;
	if (d->field != NULL)
		for (int t = 0; t <= d->maxtag; t++) {
			for (size_t i = 0; i < d->field[t].nv; i++) {
				free(d->field[t].v[i].enumv);
				free(d->field[t].v[i].desc);
			}
			free(d->field[t].v);
			free(d->field[t].name);
		}
	for (size_t i = 0; i < d->nmsg; i++) {
		free(d->msg[i].name);
		free(d->msg[i].msgtype);
		free(d->msg[i].cat);
	}
	for (y = d->layouts; y != NULL; y = next) {
		next = y->next;
		free(y->e);
		free(y->slot);
		free(y);
	}
	free(d->msg);
	free(d->by_name);
	free(d->field);
	free(d);
}

int
fix_layout_find(const struct fix_layout *y, int tag)
{
	unsigned h;

	if (y->slot == NULL || tag <= 0)
		return -1;
	for (h = layout_hash(tag) & y->mask; y->slot[h].tag != 0;
	    h = (h + 1) & y->mask)
		if (y->slot[h].tag == tag)
			return y->slot[h].idx;
	return -1;
}

const struct fix_mdef *
fix_dict_msg(const struct fix_dict *d, const char *msgtype, size_t len)
{
	size_t	lo = 0, hi = d->nmsg;

	while (lo < hi) {
		size_t	mid = (lo + hi) / 2;
		const char *t = d->msg[mid].msgtype;
		int	c = strncmp(t, msgtype, len);

		if (c == 0 && t[len] != '\0')
			c = 1;
		if (c == 0)
			return &d->msg[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct fix_fdef *
fix_dict_field(const struct fix_dict *d, int tag)
{
	if (tag <= 0 || tag > d->maxtag || d->field[tag].name == NULL)
		return NULL;
	return &d->field[tag];
}

const char *
fix_dict_begin(const struct fix_dict *d)
{
	return d->begin;
}

const char *
fix_dict_field_name(const struct fix_dict *d, int tag)
{
	const struct fix_fdef *f = fix_dict_field(d, tag);

	return f ? f->name : NULL;
}

int
fix_dict_field_tag(const struct fix_dict *d, const char *name)
{
	size_t	lo = 0, hi = d->nfield;

	while (lo < hi) {
		size_t	mid = (lo + hi) / 2;
		int	c = strcmp(d->by_name[mid].name, name);

		if (c == 0)
			return d->by_name[mid].tag;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

enum fix_type
fix_dict_field_type(const struct fix_dict *d, int tag)
{
	const struct fix_fdef *f = fix_dict_field(d, tag);

	return f ? f->type : FIX_T_STRING;
}

const char *
fix_dict_value_name(const struct fix_dict *d, int tag, const char *val,
    size_t len)
{
	const struct fix_fdef *f = fix_dict_field(d, tag);

	if (f == NULL)
		return NULL;
	for (size_t i = 0; i < f->nv; i++)
		if (strncmp(f->v[i].enumv, val, len) == 0 &&
		    f->v[i].enumv[len] == '\0')
			return f->v[i].desc;
	return NULL;
}

const char *
fix_dict_msg_name(const struct fix_dict *d, const char *msgtype)
{
	const struct fix_mdef *m = fix_dict_msg(d, msgtype, strlen(msgtype));

	return m ? m->name : NULL;
}
