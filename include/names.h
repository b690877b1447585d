/* include/names.h: the names of an enumeration, kept in one table of
 * strings indexed by its values, read both ways the same everywhere. */
#ifndef BLOTTER_NAMES_H
#define BLOTTER_NAMES_H

/* NAMES[I] for I in 0..N-1 (and a name there), else "?". */
const char *names_get(const char *const *names, int n, int i);
/* The index of S among NAMES[FROM..N), ignoring case, or -1 (also for a
 * NULL S). */
int	names_find(const char *const *names, int from, int n, const char *s);

#endif
