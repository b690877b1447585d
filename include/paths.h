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
/* A fresh folder of our own under $TMPDIR (or /tmp) holding a store path,
 * so the -wal and -shm files go with it.  Returns 0 or -1 (errno). */
int	paths_temp_store(char *dir, size_t dlen, char *path, size_t plen);
/* Remove such a store and its folder. */
void	paths_remove_temp_store(const char *dir, const char *path);
/* The user's configuration folder, $XDG_CONFIG_HOME/blotter or
 * ~/.config/blotter, into BUF.  Returns BUF. */
char	*paths_config_dir(char *buf, size_t len);
/* Create DIR and its parents (like mkdir -p). */
int	paths_mkdirs(const char *dir, struct err *);
/* Write the LEN bytes at DATA as the file PATH (out=FILE), mode 0600 like
 * the store: through a new private file in the same folder (O_EXCL) moved
 * over PATH, so PATH is the old file or the whole new one.  A symbolic link
 * or anything but a plain file at PATH is refused, never followed.
 * Returns 0, or -1 with "cannot write PATH: why" in ERR; no temporary
 * file is left either way. */
int	paths_write_private(const char *path, const char *data, size_t len,
	    struct err *);

#endif
