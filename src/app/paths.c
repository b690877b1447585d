/* src/app/paths.c: the XDG locations of the store and the search for the
 * shipped reference data (environment, installed copy, source tree), and
 * the one way blotter writes a file a command names (out=FILE). */
#include "config.h"
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

int
paths_mkdirs(const char *dir, struct err *err)
{
	char tmp[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof tmp)
		return err_set(err, "folder name '%s' is empty or too long", dir);
	memcpy(tmp, dir, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
			return err_set(err, "cannot create %s: %s", tmp,
			    strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
		return err_set(err, "cannot create %s: %s", tmp,
		    strerror(errno));
	return 0;
}

int
paths_default_store(char *buf, size_t len, struct err *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char dir[4096];

	if (xdg && *xdg == '/')
		snprintf(dir, sizeof dir, "%s/blotter", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/share/blotter", home);
	else
		return err_set(err, "neither XDG_DATA_HOME nor HOME is set: "
		    "name a store with --db PATH");
	if (paths_mkdirs(dir, err) == -1)
		return -1;
	if ((size_t)snprintf(buf, len, "%s/blotter.db", dir) >= len)
		return err_set(err, "store path under %s is too long", dir);
	return 0;
}

static int
has_data(const char *dir)
{
	char p[4096];

	snprintf(p, sizeof p, "%s/instruments.csv", dir);
	return access(p, R_OK) == 0;
}

const char *
paths_datadir(struct err *err)
{
	static char found[4096];
	const char *env = getenv("BLOTTER_DATADIR");

	if (env && *env) {
		if (!has_data(env)) {
			err_set(err, "BLOTTER_DATADIR=%s has no readable "
			    "instruments.csv", env);
			return NULL;
		}
		str_copy(found, sizeof found, env);
		return found;
	}
	snprintf(found, sizeof found, "%s/data", BLOTTER_PKGDATADIR);
	if (has_data(found))
		return found;
	snprintf(found, sizeof found, "%s/data", BLOTTER_SRCDIR);
	if (has_data(found))
		return found;
	err_set(err, "the shipped reference data was not found in %s/data "
	    "or %s/data: set BLOTTER_DATADIR, or use --empty",
	    BLOTTER_PKGDATADIR, BLOTTER_SRCDIR);
	return NULL;
}

int
paths_temp_store(char *dir, size_t dlen, char *path, size_t plen)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, dlen, "%s/blotter.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, plen, "%s/blotter.db", dir);
	return 0;
}

void
paths_remove_temp_store(const char *dir, const char *path)
{
	static const char *const ends[] = { "", "-wal", "-shm", ".lock",
	    ".key" };
	char p[4200];

	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		snprintf(p, sizeof p, "%s%s", path, ends[i]);
		unlink(p);
	}
	rmdir(dir);
}

char *
paths_config_dir(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		snprintf(buf, len, "%s/blotter", xdg);
	else
		snprintf(buf, len, "%s/.config/blotter", home ? home : ".");
	return buf;
}

/* Write LEN bytes at DATA to FD, through short writes and signals. */
static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
paths_write_private(const char *path, const char *data, size_t len,
    struct err *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char tmp[4200];
	struct stat st;
	int fd, saved;

	if (*base == '\0')
		return err_set(err, "cannot write %s: that names a folder, not "
		    "a file", path);
	/* The name itself, never what it points to: a symbolic link planted
	 * there is refused, not written through.  If one appears after this
	 * check, rename() below replaces the link, never its target. */
	int there = lstat(path, &st) == 0;
	if (there && S_ISLNK(st.st_mode))
		return err_set(err, "cannot write %s: it is a symbolic link "
		    "(remove it or name another file)", path);
	if (there && !S_ISREG(st.st_mode))
		return err_set(err, "cannot write %s: it is not a plain file",
		    path);
	if ((size_t)snprintf(tmp, sizeof tmp, "%.*s.%s.XXXXXX",
	    (int)(base - path), path, base) >= sizeof tmp)
		return err_set(err, "cannot write %s: the name is too long",
		    path);
	/* A new file of our own in the same folder (O_EXCL, 0600), then
	 * moved over the name: nobody sees half a file, and a full disk
	 * leaves the old one. */
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return err_set(err, "cannot write %s: %s", path,
		    strerror(errno));
	if (write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return err_set(err, "cannot write %s: %s", path,
		    strerror(saved ? saved : EIO));
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		return err_set(err, "cannot write %s: %s", path,
		    strerror(saved));
	}
	return 0;
}
