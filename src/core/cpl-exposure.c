/* src/core/cpl-exposure.c: market value held per account and group, for
 * concentration limits.
 *
 * struct cpl_expo keeps, per account, the market value of each position
 * and the sum of each symbol, issuer and sector group, in three hash maps:
 * position_map_key() -> position (its value and pointers to its three groups),
 * "acct\037by\037key" -> group sum, and sym -> the accounts holding it.
 * Setting a position's value moves the difference into its groups. */
#include "config.h"
#include "compliance.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "hmap.h"
#include "position.h"

#define EXPO_KEY_MAX	(ACCOUNT_MAX + NAME_MAX_LEN + 8)

struct expo_grp {
	__int128 sum;		/* wide: positions at the limit add up */
};

struct expo_pos {
	int64_t	mv;
	struct expo_grp *grp[RULE_BY_COUNT];	/* NULL until first set */
	char	key[RULE_BY_COUNT][NAME_MAX_LEN];	/* group keys */
};

struct expo_holders {
	size_t	n, cap;
	char	**acct;
};

struct cpl_expo {
	struct hmap *pos;	/* "acct\037sym" -> struct expo_pos */
	struct hmap *grp;	/* "acct\037by\037key" -> struct expo_grp */
	struct hmap *holders;	/* sym -> struct expo_holders */
};

/* "ACCT\037<by>\037KEY" into BUF of EXPO_KEY_MAX bytes. */
static void
expo_group_key(char *buf, const char *acct, enum rule_by by,
    const char *key)
{
	size_t	na = strnlen(acct, ACCOUNT_MAX - 1);
	size_t	nk = strnlen(key, NAME_MAX_LEN - 1);
	char	*p = buf;

	/* Longer than their fields allow: cut, as the fields would. */
	memcpy(p, acct, na);
	p += na;
	*p++ = '\037';
	*p++ = (char)('0' + by);
	*p++ = '\037';
	memcpy(p, key, nk);
	p[nk] = '\0';
}

/* Create an empty exposure table; caller frees with cpl_expo_free(). */
struct cpl_expo *
cpl_expo_new(void)
{
	struct cpl_expo *e = xcalloc(1, sizeof *e);

	e->pos = hmap_new();
	e->grp = hmap_new();
	e->holders = hmap_new();
	return e;
}

/* Free every entry of E and its maps. */
static void
expo_drop(struct cpl_expo *e)
{
	void	*v;
	size_t	it, i;

	for (it = 0; hmap_next(e->holders, &it, NULL, &v);) {
		struct expo_holders *h = v;

		for (i = 0; i < h->n; i++)
			free(h->acct[i]);
		free(h->acct);
		free(h);
	}
	hmap_free_values(e->pos);
	hmap_free_values(e->grp);
	hmap_free(e->holders);
}

/* Release E and everything it holds. */
void
cpl_expo_free(struct cpl_expo *e)
{
	if (e == NULL)
		return;
	expo_drop(e);
	free(e);
}

/* Forget every position and group of E. */
void
cpl_expo_clear(struct cpl_expo *e)
{
	if (e == NULL)
		return;
	expo_drop(e);
	e->pos = hmap_new();
	e->grp = hmap_new();
	e->holders = hmap_new();
}

/* The group KEY of BY in ACCT, created at 0 when new. */
static struct expo_grp *
expo_group_get(struct cpl_expo *e, const char *acct, enum rule_by by,
    const char *key)
{
	char	k[EXPO_KEY_MAX];
	struct expo_grp *g;

	expo_group_key(k, acct, by, key);
	if ((g = hmap_get(e->grp, k)) == NULL) {
		g = xcalloc(1, sizeof *g);
		hmap_put(e->grp, k, g);
	}
	return g;
}

/* Set ACCT's market value in IN to MV, moving its groups' sums. */
void
cpl_expo_set(struct cpl_expo *e, const char *acct,
    const struct instrument *in, int64_t mv)
{
	char	k[POSITION_KEY_MAX];
	struct expo_pos *p;
	int	b;

	if (e == NULL || acct == NULL || in == NULL)
		return;
	position_map_key(k, acct, in->symbol);
	if ((p = hmap_get(e->pos, k)) == NULL) {
		struct expo_holders *h;

		p = xcalloc(1, sizeof *p);
		hmap_put(e->pos, k, p);
		if ((h = hmap_get(e->holders, in->symbol)) == NULL) {
			h = xcalloc(1, sizeof *h);
			hmap_put(e->holders, in->symbol, h);
		}
		if (h->n == h->cap) {
			h->cap = h->cap != 0 ? h->cap * 2 : 4;
			h->acct = xrealloc(h->acct, h->cap * sizeof *h->acct);
		}
		h->acct[h->n++] = xstrdup(acct);
	}
	for (b = 0; b < RULE_BY_COUNT; b++) {
		const char *gk = cpl_group_key(in, (enum rule_by)b);

		if (p->grp[b] != NULL && strcmp(p->key[b], gk) == 0) {
			p->grp[b]->sum += (__int128)mv - p->mv;
			continue;
		}
		/* First set, or the instrument moved to another group. */
		if (p->grp[b] != NULL)
			p->grp[b]->sum -= p->mv;
		p->grp[b] = expo_group_get(e, acct, (enum rule_by)b, gk);
		str_copy(p->key[b], sizeof p->key[b], gk);
		p->grp[b]->sum += mv;
	}
	p->mv = mv;
}

/* The sum of group KEY of BY in ACCT; 0 when nothing is held. */
int64_t
cpl_expo_group(const struct cpl_expo *e, const char *acct, enum rule_by by,
    const char *key)
{
	char	k[EXPO_KEY_MAX];
	const struct expo_grp *g;

	if (e == NULL || acct == NULL || key == NULL ||
	    (unsigned)by >= RULE_BY_COUNT)
		return 0;
	expo_group_key(k, acct, by, key);
	g = hmap_get(e->grp, k);
	if (g == NULL)
		return 0;
	/* Held to 64 bits: a sum that large breaks any limit either way. */
	if (g->sum > INT64_MAX)
		return INT64_MAX;
	if (g->sum < -INT64_MAX)
		return -INT64_MAX;
	return (int64_t)g->sum;
}

/* IN's key under BY: its symbol, issuer or sector (symbol when empty). */
const char *
cpl_group_key(const struct instrument *in, enum rule_by by)
{
	if (by == RULE_BY_ISSUER && in->issuer[0] != '\0')
		return in->issuer;
	if (by == RULE_BY_SECTOR && in->sector[0] != '\0')
		return in->sector;
	return in->symbol;
}

/* Call FN(ARG, acct) for each account that has held SYM. */
void
cpl_expo_each_holder(const struct cpl_expo *e, const char *sym,
    void (*fn)(void *, const char *acct), void *arg)
{
	const struct expo_holders *h;
	size_t	i;

	if (e == NULL || sym == NULL || fn == NULL ||
	    (h = hmap_get(e->holders, sym)) == NULL)
		return;
	for (i = 0; i < h->n; i++)
		fn(arg, h->acct[i]);
}
