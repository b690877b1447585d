/* src/core/hmap.c: a string-keyed hash map that remembers insertion order.
 *
 * Entries live in one array in the order they were added; an open-addressing
 * index (linear probing, power-of-two size, at most half full) maps a key's
 * FNV-1a hash to its entry.  Deleting frees the key and leaves a tombstone
 * (key NULL) in the entry array, so positions held by an iterator stay
 * valid; an index slot that leads to a tombstone is simply probed past.
 * Tombstones are swept out only when an insertion finds the entry array
 * full: if more than half of it is dead the array is compacted in place,
 * otherwise it doubles.  Either way the index is rebuilt from the entries.
 * The first live entry is remembered, so a map used oldest-out (a queue of
 * recent items) does not walk its dead prefix on every step. */
#include "config.h"
#include "hmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define HMAP_MIN_CAP	8

struct hmap_entry {
	char	*key;		/* NULL: deleted */
	void	*val;
	uint64_t hash;
};

struct hmap {
	struct hmap_entry *ent;
	size_t	nent;		/* entries used, dead ones included */
	size_t	cap;		/* entries allocated */
	size_t	live;		/* entries with a key */
	size_t	first;		/* no live entry before this one */
	size_t	*idx;		/* entry index + 1; 0: empty slot */
	size_t	mask;		/* index size (2 * cap) - 1 */
};

/* FNV-1a of S. */
static uint64_t
hmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	/* Mix the high bits down: the index uses the low bits only. */
	h ^= h >> 32;
	return h;
}

/* Rebuild the index for the current entries at 2 * cap slots. */
static void
hmap_reindex(struct hmap *m)
{
	size_t	i, j, n = m->cap * 2;

	free(m->idx);
	m->idx = xcalloc(n, sizeof *m->idx);
	m->mask = n - 1;
	for (i = 0; i < m->nent; i++) {
		if (m->ent[i].key == NULL)
			continue;
		for (j = m->ent[i].hash & m->mask; m->idx[j] != 0;
		    j = (j + 1) & m->mask)
			;
		m->idx[j] = i + 1;
	}
}

/* Make room for one more entry: compact or double, then reindex. */
static void
hmap_grow(struct hmap *m)
{
	size_t	i, k;

	if (m->nent - m->live > m->nent / 2) {
		for (i = k = 0; i < m->nent; i++)
			if (m->ent[i].key != NULL)
				m->ent[k++] = m->ent[i];
		m->nent = k;
		m->first = 0;
	} else {
		if (m->cap > SIZE_MAX / 4 / sizeof *m->ent)
			fatal("out of memory");
		m->cap *= 2;
		m->ent = xrealloc(m->ent, m->cap * sizeof *m->ent);
	}
	hmap_reindex(m);
}

/* Create an empty map; never fails (out of memory ends the program). */
struct hmap *
hmap_new(void)
{
	struct hmap *m = xcalloc(1, sizeof *m);

	m->cap = HMAP_MIN_CAP;
	m->ent = xcalloc(m->cap, sizeof *m->ent);
	hmap_reindex(m);
	return m;
}

/* Free the map and its keys; values are the caller's.  NULL is a no-op. */
void
hmap_free(struct hmap *m)
{
	size_t	i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nent; i++)
		free(m->ent[i].key);
	free(m->ent);
	free(m->idx);
	free(m);
}

/* Free M's values, then M; see hmap.h. */
void
hmap_free_values(struct hmap *m)
{
	size_t	i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nent; i++)
		free(m->ent[i].val);
	hmap_free(m);
}

/* The index slot holding KEY, or the empty slot where it would go. */
static size_t
hmap_slot(const struct hmap *m, const char *key, uint64_t h)
{
	size_t	j;
	const struct hmap_entry *e;

	for (j = h & m->mask; m->idx[j] != 0; j = (j + 1) & m->mask) {
		e = &m->ent[m->idx[j] - 1];
		if (e->key != NULL && e->hash == h && strcmp(e->key, key) == 0)
			return j;
	}
	return j;
}

/* The value under KEY, or NULL. */
void *
hmap_get(const struct hmap *m, const char *key)
{
	size_t	j;

	if (m == NULL || key == NULL)
		return NULL;
	j = hmap_slot(m, key, hmap_hash(key));
	return m->idx[j] != 0 ? m->ent[m->idx[j] - 1].val : NULL;
}

/* Set KEY to VAL, replacing in place; returns the old value or NULL. */
void *
hmap_put(struct hmap *m, const char *key, void *val)
{
	uint64_t h = hmap_hash(key);
	size_t	j = hmap_slot(m, key, h);
	struct hmap_entry *e;
	void	*old;

	if (m->idx[j] != 0) {
		e = &m->ent[m->idx[j] - 1];
		old = e->val;
		e->val = val;
		return old;
	}
	if (m->nent == m->cap) {
		hmap_grow(m);
		j = hmap_slot(m, key, h);
	}
	e = &m->ent[m->nent];
	e->key = xstrdup(key);
	e->val = val;
	e->hash = h;
	m->idx[j] = ++m->nent;
	m->live++;
	return NULL;
}

/* Remove KEY, returning its value or NULL.  Safe while iterating. */
void *
hmap_del(struct hmap *m, const char *key)
{
	size_t	j;
	struct hmap_entry *e;
	void	*old;

	if (m == NULL || key == NULL)
		return NULL;
	j = hmap_slot(m, key, hmap_hash(key));
	if (m->idx[j] == 0)
		return NULL;
	/* The slot keeps pointing at the dead entry so probes run past it. */
	e = &m->ent[m->idx[j] - 1];
	old = e->val;
	free(e->key);
	e->key = NULL;
	e->val = NULL;
	m->live--;
	while (m->first < m->nent && m->ent[m->first].key == NULL)
		m->first++;
	return old;
}

/* Number of keys in the map. */
size_t
hmap_count(const struct hmap *m)
{
	return m != NULL ? m->live : 0;
}

/* Step to the next entry after *POS, oldest first; 0 at the end. */
int
hmap_next(const struct hmap *m, size_t *pos, const char **key, void **val)
{
	size_t	i;

	if (m == NULL)
		return 0;
	for (i = *pos > m->first ? *pos : m->first; i < m->nent; i++) {
		if (m->ent[i].key == NULL)
			continue;
		*pos = i + 1;
		if (key != NULL)
			*key = m->ent[i].key;
		if (val != NULL)
			*val = m->ent[i].val;
		return 1;
	}
	*pos = m->nent;
	return 0;
}
