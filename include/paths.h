/* include/paths.h: where blotter's files live. */
#ifndef BLOTTER_PATHS_H
#define BLOTTER_PATHS_H
#include <stddef.h>

struct err;

/* The default store, $XDG_DATA_HOME/blotter/blotter.db (or under
 * ~/.local/share), creating its directory.  Returns 0 or -1 with ERR. */
int	paths_default_store(char *buf, size_t len, struct err *);
/* The folder holding the shipped reference data (instruments.csv, ...):
 * $BLOTTER_DATADIR, else the installed copy, else the source tree's.
 * Returns a borrowed static string, or NULL with ERR. */
const char *paths_datadir(struct err *);
/* Create DIR and its parents (like mkdir -p). */
int	paths_mkdirs(const char *dir, struct err *);

#endif
