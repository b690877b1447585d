/* src/fix/validate.c: a parsed FIX message checked against the dictionary.
 *
 * The fields are walked once, in order, through three levels: the header
 * (8, 9 and 35 first, then the header's fields in any order), the body of
 * the message type, and the trailer (10 last).  Each field is first
 * checked alone (a tag number the dictionary defines, a value, its
 * type's format, one of its values), then against the level: a field of
 * another level that comes late is out of order, one the level does not
 * list is not for this message type, one seen before is repeated.
 *
 * A repeating group's count field is followed by that many entries, each
 * starting with the group's first field and holding the group's fields
 * in the dictionary's order; a field the group does not list ends it.
 * A level's required fields are checked as it ends.  The first problem
 * found is the answer, as the SessionRejectReason a Reject carries. */
#include "config.h"
#include "fix.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fix-int.h"

/* A walk through one message. */
struct vctx {
	const struct fix_dict *d;
	const struct fix_msg *m;
	size_t	i;			/* the next field */
	size_t	checked;		/* fields before this were checked */
	struct fix_reject *why;
};

/* A bit for each field of a level: seen yet? */
struct seen {
	uint64_t w[FIX_LAYOUT_MAX / 64];
};

static int
reject(struct vctx *c, enum fix_reason reason, int tag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int
reject(struct vctx *c, enum fix_reason reason, int tag, const char *fmt, ...)
{
	va_list	ap;

	c->why->reason = reason;
	c->why->ref_tag = tag;
	va_start(ap, fmt);
	vsnprintf(c->why->text, sizeof c->why->text, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
seen_get(const struct seen *s, int k)
{
	return (s->w[k / 64] >> (k % 64)) & 1;
}

static void
seen_set(struct seen *s, int k)
{
	s->w[k / 64] |= UINT64_C(1) << (k % 64);
}

static bool
all_digits(const char *p, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

/* The two digits at P. */
static int
two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* YYYYMMDD. */
static bool
date_ok(const char *p, size_t n)
{
	return n == 8 && all_digits(p, 8) && two(p + 4) >= 1 &&
	    two(p + 4) <= 12 && two(p + 6) >= 1 && two(p + 6) <= 31;
}

/* HH:MM:SS with an optional fraction of 1 to 9 digits. */
static bool
time_ok(const char *p, size_t n)
{
	if (n < 8 || p[2] != ':' || p[5] != ':' || !all_digits(p, 2) ||
	    !all_digits(p + 3, 2) || !all_digits(p + 6, 2) ||
	    two(p) > 23 || two(p + 3) > 59 || two(p + 6) > 60)
		return false;
	return n == 8 || (p[8] == '.' && n <= 18 && all_digits(p + 9, n - 9));
}

/* A decimal number: an optional '-', digits with at most one '.'. */
static bool
number_ok(const char *p, size_t n)
{
	size_t	i = 0, nd = 0;
	bool	dot = false;

	if (n > 0 && p[0] == '-')
		i = 1;
	for (; i < n; i++) {
		if (p[i] == '.' && !dot)
			dot = true;
		else if (p[i] >= '0' && p[i] <= '9')
			nd++;
		else
			return false;
	}
	return nd > 0;
}

/* Whether the N bytes at P are written as TYPE wants. */
static bool
format_ok(enum fix_type type, const char *p, size_t n)
{
	switch (type) {
	case FIX_T_INT:
		return p[0] == '-' ? all_digits(p + 1, n - 1) :
		    all_digits(p, n);
	case FIX_T_LENGTH:
	case FIX_T_NUMINGROUP:
	case FIX_T_SEQNUM:
		return all_digits(p, n);
	case FIX_T_DAYOFMONTH:
		return n <= 2 && all_digits(p, n) && (n == 1 ? p[0] != '0' :
		    two(p) >= 1 && two(p) <= 31);
	case FIX_T_FLOAT:
	case FIX_T_PRICE:
	case FIX_T_QTY:
	case FIX_T_AMT:
	case FIX_T_PRICEOFFSET:
	case FIX_T_PERCENTAGE:
		return number_ok(p, n);
	case FIX_T_CHAR:
		return n == 1;
	case FIX_T_BOOLEAN:
		return n == 1 && (p[0] == 'Y' || p[0] == 'N');
	case FIX_T_UTCTIMESTAMP:
		return n >= 17 && date_ok(p, 8) && p[8] == '-' &&
		    time_ok(p + 9, n - 9);
	case FIX_T_UTCTIMEONLY:
		return time_ok(p, n);
	case FIX_T_UTCDATEONLY:
	case FIX_T_LOCALMKTDATE:
		return date_ok(p, n);
	case FIX_T_MONTHYEAR:
		/* YYYYMM, YYYYMMDD or YYYYMMwN (week N of the month). */
		if (n < 6 || !all_digits(p, 6) || two(p + 4) < 1 ||
		    two(p + 4) > 12)
			return false;
		return n == 6 || (n == 8 && date_ok(p, 8)) ||
		    (n == 8 && p[6] == 'w' && p[7] >= '1' && p[7] <= '5');
	default:
		return true;
	}
}

/* Whether the N bytes at P are one of F's values. */
static bool
value_ok(const struct fix_fdef *f, const char *p, size_t n)
{
	if (f->one_byte_values) {
		unsigned char c = (unsigned char)p[0];

		return n == 1 && (f->one_byte[c / 64] >> (c % 64) & 1);
	}
	for (size_t i = 0; i < f->nv; i++)
		if (strncmp(f->v[i].enumv, p, n) == 0 &&
		    f->v[i].enumv[n] == '\0')
			return true;
	return false;
}

/* Check field C->i alone, once. */
static int
check_field(struct vctx *c)
{
	const struct fix_field *f = &c->m->f[c->i];
	const struct fix_fdef *fd;

	if (c->i < c->checked)
		return 0;
	c->checked = c->i + 1;
	if (f->tag <= 0)
		return reject(c, FIX_R_INVALID_TAG, 0, "field %zu: the tag is "
		    "not a positive number", c->i + 1);
	if ((fd = fix_dict_field(c->d, f->tag)) == NULL)
		return reject(c, FIX_R_UNDEFINED_TAG, f->tag, "tag %d is not "
		    "defined", f->tag);
	if (f->len == 0)
		return reject(c, FIX_R_NO_VALUE, f->tag, "%s (%d) has no "
		    "value", fd->name, f->tag);
	if (!format_ok(fd->type, f->val, f->len))
		return reject(c, FIX_R_BAD_FORMAT, f->tag, "%s (%d) '%.*s' is "
		    "not a %s", fd->name, f->tag,
		    (int)(f->len < 32 ? f->len : 32), f->val,
		    fd->type == FIX_T_UTCTIMESTAMP ? "UTC timestamp" :
		    "value of its type");
	if (fd->nv == 0)
		return 0;
	if (fd->type == FIX_T_MULTIPLEVALUESTRING) {
		const char *p = f->val, *end = f->val + f->len;

		while (p <= end) {
			const char *sp = memchr(p, ' ', (size_t)(end - p));

			if (sp == NULL)
				sp = end;
			if (!value_ok(fd, p, (size_t)(sp - p)))
				goto bad;
			p = sp + 1;
		}
		return 0;
	}
	if (value_ok(fd, f->val, f->len))
		return 0;
bad:
	return reject(c, FIX_R_BAD_VALUE, f->tag, "%s (%d) '%.*s' is not one "
	    "of its values", fd->name, f->tag,
	    (int)(f->len < 32 ? f->len : 32), f->val);
}

/* Check that every field Y requires is in S; WHERE names the level. */
static int
check_required(struct vctx *c, const struct fix_layout *y,
    const struct seen *s, const char *where)
{
	for (size_t w = 0; w * 64 < y->n; w++) {
		uint64_t miss = y->req[w] & ~s->w[w];

		if (miss != 0) {
			size_t	k = w * 64 + (size_t)__builtin_ctzll(miss);

			return reject(c, FIX_R_REQUIRED_MISSING, y->e[k].tag,
			    "required %s (%d) is missing from the %s",
			    fix_dict_field_name(c->d, y->e[k].tag),
			    y->e[k].tag, where);
		}
	}
	return 0;
}

static int check_group(struct vctx *, const struct fix_ent *);

/* Check one entry of group G from C->i: its fields in G's order, each
 * once, the first G's first; a field G does not list, or G's first
 * again, ends it. */
static int
check_entry(struct vctx *c, const struct fix_ent *g)
{
	const struct fix_layout *y = g->group;
	struct seen s = { { 0 } };
	int	last = -1;

	while (c->i < c->m->n) {
		const struct fix_field *f = &c->m->f[c->i];
		int	k;

		if (check_field(c) == -1)
			return -1;
		if ((k = fix_layout_find(y, f->tag)) == -1 ||
		    (k == 0 && last >= 0))
			break;
		if (seen_get(&s, k))
			return reject(c, FIX_R_REPEATED, f->tag, "tag %d "
			    "appears twice in an entry of group %d", f->tag,
			    g->tag);
		if (k < last)
			return reject(c, FIX_R_GROUP_ORDER, f->tag, "tag %d "
			    "is out of order in group %d", f->tag, g->tag);
		seen_set(&s, k);
		last = k;
		c->i++;
		if (y->e[k].group != NULL && check_group(c, &y->e[k]) == -1)
			return -1;
	}
	return check_required(c, y, &s, "group entry");
}

/* Check the entries of group G, whose count field was the last one read. */
static int
check_group(struct vctx *c, const struct fix_ent *g)
{
	int64_t	count, n = 0;

	if (fix_field_int(&c->m->f[c->i - 1], &count) == -1)
		return reject(c, FIX_R_BAD_FORMAT, g->tag, "group count %d "
		    "is not a number", g->tag);
	while (c->i < c->m->n) {
		const struct fix_field *f = &c->m->f[c->i];
		int	k;

		if (check_field(c) == -1)
			return -1;
		if ((k = fix_layout_find(g->group, f->tag)) == -1)
			break;
		if (k != 0)
			return reject(c, FIX_R_GROUP_ORDER, f->tag, "an entry "
			    "of group %d starts with tag %d, not %d", g->tag,
			    f->tag, g->group->e[0].tag);
		if (++n > count)
			return reject(c, FIX_R_GROUP_COUNT, g->tag, "group %d "
			    "says %lld entries but has more", g->tag,
			    (long long)count);
		if (check_entry(c, g) == -1)
			return -1;
	}
	if (n != count)
		return reject(c, FIX_R_GROUP_COUNT, g->tag, "group %d says "
		    "%lld entries but has %lld", g->tag, (long long)count,
		    (long long)n);
	return 0;
}

/* Check the fields from C->i that level Y lists, in any order, each once;
 * stop at the first it does not list. */
static int
check_level(struct vctx *c, const struct fix_layout *y, struct seen *s)
{
	while (c->i < c->m->n) {
		const struct fix_field *f = &c->m->f[c->i];
		int	k;

		if (check_field(c) == -1)
			return -1;
		if ((k = fix_layout_find(y, f->tag)) == -1)
			return 0;
		if (seen_get(s, k))
			return reject(c, FIX_R_REPEATED, f->tag, "tag %d "
			    "appears more than once", f->tag);
		seen_set(s, k);
		c->i++;
		if (y->e[k].group != NULL && check_group(c, &y->e[k]) == -1)
			return -1;
	}
	return 0;
}

int
fix_validate(const struct fix_dict *d, const struct fix_msg *m,
    struct fix_reject *why)
{
	struct vctx c = { .d = d, .m = m, .why = why };
	struct seen hs = { { 0 } }, bs = { { 0 } }, ts = { { 0 } };
	const struct fix_mdef *md;
	const struct fix_field *f;

	if (m->n < 4 || m->f[2].tag != 35)
		return reject(&c, FIX_R_REQUIRED_MISSING, 35, "MsgType (35) "
		    "is missing");
	md = fix_dict_msg(d, m->f[2].val, m->f[2].len);
	if (md == NULL)
		return reject(&c, FIX_R_INVALID_MSGTYPE, 35, "MsgType '%.*s' "
		    "is not defined", (int)(m->f[2].len < 16 ? m->f[2].len :
		    16), m->f[2].val);
	if (check_level(&c, d->header, &hs) == -1 ||
	    check_required(&c, d->header, &hs, "header") == -1 ||
	    check_level(&c, md->body, &bs) == -1 ||
	    check_required(&c, md->body, &bs, md->name) == -1)
		return -1;
	if (c.i < m->n && fix_layout_find(d->trailer, m->f[c.i].tag) != -1 &&
	    check_level(&c, d->trailer, &ts) == -1)
		return -1;
	if (c.i < m->n) {
		f = &m->f[c.i];
		if (fix_layout_find(d->header, f->tag) != -1 ||
		    fix_layout_find(md->body, f->tag) != -1)
			return reject(&c, FIX_R_OUT_OF_ORDER, f->tag, "tag %d "
			    "is out of order: after the %s", f->tag,
			    fix_layout_find(d->header, f->tag) != -1 ?
			    "body" : "trailer's first field");
		return reject(&c, FIX_R_NOT_FOR_MSGTYPE, f->tag, "tag %d is "
		    "not defined for %s (%s)", f->tag, md->name, md->msgtype);
	}
	return check_required(&c, d->trailer, &ts, "trailer");
}
