/* include/hmap.h: a string-keyed hash map that remembers insertion order.
 *
 * Values are borrowed pointers; the map owns copies of its keys.  Iteration
 * runs oldest first and is stable while entries are only added. */
#ifndef BLOTTER_HMAP_H
#define BLOTTER_HMAP_H
#include <stddef.h>

struct hmap;

struct hmap *hmap_new(void);
void	hmap_free(struct hmap *);		/* NULL is a no-op */
/* Free every value of M with free(), then M: for a map that owns its
 * values.  NULL is a no-op. */
void	hmap_free_values(struct hmap *);
/* The value under KEY, or NULL. */
void	*hmap_get(const struct hmap *, const char *key);
/* Set KEY to VAL (replacing, keeping its place).  Returns the old value or
 * NULL. */
void	*hmap_put(struct hmap *, const char *key, void *val);
/* Remove KEY; returns its value or NULL. */
void	*hmap_del(struct hmap *, const char *key);
size_t	hmap_count(const struct hmap *);
/* Iterate: start with *POS = 0; returns 0 at the end. */
int	hmap_next(const struct hmap *, size_t *pos, const char **key,
	    void **val);

#endif
