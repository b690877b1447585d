/* src/core/names.c: enumeration names to values and back, for every table
 * of names in core (order sides and statuses, rule kinds, asset classes,
 * allocation methods, venue events...). */
#include "config.h"
#include "names.h"

#include <stddef.h>
#include <strings.h>

/* NAMES[I], or "?" out of range; see names.h. */
const char *
names_get(const char *const *names, int n, int i)
{
	return i >= 0 && i < n && names[i] != NULL ? names[i] : "?";
}

/* The index of S in NAMES[FROM..N) ignoring case, or -1. */
int
names_find(const char *const *names, int from, int n, const char *s)
{
	int	i;

	for (i = from; s != NULL && i < n; i++)
		if (names[i] != NULL && strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}
