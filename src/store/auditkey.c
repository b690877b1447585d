/* src/store/auditkey.c: the key of the audit trail.
 *
 * The journal's hash chain is keyed (HMAC-SHA-256), so that whoever can
 * write the store file but not read the key cannot write a chain that
 * verifies.  The key lives outside the store: in STORE.key beside it, or
 * in the file named by $BLOTTER_AUDIT_KEY (a place a compliance officer
 * protects on its own).  It is 32 random bytes written as 64 hex digits
 * and a newline, in a file of the user running blotter that is theirs
 * alone (mode 0600); a key file others own, read or write is refused.
 * A new key is written under a temporary name and linked into place, so
 * a crash never leaves half a key, and two processes creating one at once
 * end up with the same; the temporary file a crash leaves is swept at the
 * next open. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "store-int.h"

#define KEY_BYTES	32
#define KEY_OPEN	(O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)

void
store_key_path(const char *path, char *buf, size_t size)
{
	const char *env = getenv("BLOTTER_AUDIT_KEY");

	if (env != NULL && *env != '\0')
		str_copy(buf, size, env);
	else
		snprintf(buf, size, "%s.key", path);
}

/* Read the key file K->path (open as FD) into K. */
static int
key_read(int fd, struct store_key *k, struct err *err)
{
	unsigned char key[KEY_BYTES];
	char	text[2 * KEY_BYTES + 2];
	struct stat sb;
	ssize_t	n;
	size_t	got = 0;

	if (fstat(fd, &sb) == -1)
		return err_set(err, "%s: %s", k->path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return err_set(err, "%s: the audit key is not a regular file",
		    k->path);
	/* Ours: a key someone else planted, however private, would let
	 * them write a chain that verifies. */
	if (sb.st_uid != geteuid()) {
		struct passwd *pw = getpwuid(sb.st_uid);
		char	owner[64];
		str_copy(owner, sizeof owner, pw && pw->pw_name ?
		    pw->pw_name : "another user");
		pw = getpwuid(geteuid());
		return err_set(err, "%s: the audit key belongs to %s (uid "
		    "%ld), not to %s (uid %ld) who runs blotter: only a key "
		    "of that user's own is used", k->path, owner, (long)sb.st_uid,
		    pw && pw->pw_name ? pw->pw_name : "the user",
		    (long)geteuid());
	}
	if ((sb.st_mode & 077) != 0)
		return err_set(err, "%s: the audit key must be its owner's "
		    "alone (mode 0600, not %04o): chmod 600 %s", k->path,
		    (unsigned)(sb.st_mode & 07777), k->path);
	while (got < sizeof text &&
	    (n = read(fd, text + got, sizeof text - got)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return err_set(err, "%s: %s", k->path,
			    strerror(errno));
		}
		got += (size_t)n;
	}
	if (got < 2 * KEY_BYTES || (got > 2 * KEY_BYTES &&
	    (got != 2 * KEY_BYTES + 1 || text[2 * KEY_BYTES] != '\n')))
		return err_set(err, "%s: the audit key is not %d hex digits "
		    "and a newline", k->path, 2 * KEY_BYTES);
	if (sha256_hex_decode(text, key, KEY_BYTES) == -1)
		return err_set(err, "%s: the audit key is not %d hex "
		    "digits and a newline", k->path, 2 * KEY_BYTES);
	hmac_sha256_key(&k->mac, key, sizeof key);
	memset(key, 0, sizeof key);
	return 0;
}

/* Write a new random key under a temporary name beside K->path and link
 * it into place.  Returns 0, or -1 (ERR); another process's key that got
 * there first counts as success. */
static int
key_create(struct store_key *k, struct err *err)
{
	unsigned char key[KEY_BYTES];
	char	text[2 * KEY_BYTES + 1], tmp[sizeof k->path + 16];
	size_t	got = 0;
	ssize_t	n;
	int	fd, rc = -1;

	while (got < sizeof key) {
		n = getrandom(key + got, sizeof key - got, 0);
		if (n == -1 && errno != EINTR)
			return err_set(err, "%s: no random bytes for a new "
			    "audit key: %s", k->path, strerror(errno));
		if (n > 0)
			got += (size_t)n;
	}
	sha256_hex_encode(key, KEY_BYTES, text);
	text[2 * KEY_BYTES] = '\n';
	memset(key, 0, sizeof key);
	snprintf(tmp, sizeof tmp, "%s.new-XXXXXX", k->path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		err_set(err, "%s: cannot create the audit key: %s", k->path,
		    strerror(errno));
		goto out;
	}
	/* Locked until it has its name: a file left by a crash is nobody's
	 * and the next blotter sweeps it (store_sweep_tmp()). */
	if (flock(fd, LOCK_EX) == -1 || fchmod(fd, 0600) == -1 ||
	    write(fd, text, sizeof text) != (ssize_t)sizeof text ||
	    fsync(fd) == -1) {
		err_set(err, "%s: cannot write the audit key: %s", k->path,
		    strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (link(tmp, k->path) == -1 && errno != EEXIST) {
		err_set(err, "%s: cannot create the audit key: %s", k->path,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	unlink(tmp);
	rc = 0;
out:
	memset(text, 0, sizeof text);
	return rc;
}

int
store_key_load(const char *path, bool create, struct store_key *k,
    struct err *err)
{
	int	fd, rc;

	store_key_path(path, k->path, sizeof k->path);
	/* Never waits: a pipe or a device in the key's place is refused
	 * (key_read()), not read. */
	fd = open(k->path, KEY_OPEN);
	if (fd == -1 && errno == ENOENT && create) {
		if (key_create(k, err) == -1)
			return -1;
		fd = open(k->path, KEY_OPEN);
	}
	if (fd == -1) {
		if (errno == ENOENT)
			return 0;
		if (errno == ELOOP)
			return err_set(err, "%s: the audit key is a symbolic "
			    "link: name the file itself", k->path);
		return err_set(err, "%s: cannot read the audit key: %s",
		    k->path, strerror(errno));
	}
	rc = key_read(fd, k, err);
	close(fd);
	return rc == -1 ? -1 : 1;
}

/*
 * An older store is keyed by the upgrade that makes its key (first use):
 * the rows it has then keep their plain hashes.  So a key already there
 * for a store of an older schema says the store was keyed before and set
 * back behind blotter's back (whoever can write the file can rewrite a
 * plain chain, drop the keyed start and lower its schema), and keying it
 * again would pass off what was rewritten as the rows from before the
 * key.
 */
int
store_key_absent(const char *path, struct err *err)
{
	char	kp[STORE_KEY_PATH_MAX];
	struct stat sb;

	store_key_path(path, kp, sizeof kp);
	if (lstat(kp, &sb) == -1 && errno == ENOENT)
		return 0;
	return err_set(err, "%s was keyed and set back to an older schema "
	    "behind blotter's back (its audit key %s is there): it is not "
	    "keyed again; see Audit trail in blotter(1)", path, kp);
}

void
store_key_seal(const struct store_key *k, int64_t from,
    const unsigned char *prev, unsigned char *out)
{
	static const char tag[] = "blotter audit trail keyed from";
	struct hmac_sha256 m = k->mac;
	unsigned char seq[8];

	store_put_be64(seq, (uint64_t)from);
	hmac_sha256_update(&m, tag, sizeof tag);
	hmac_sha256_update(&m, seq, sizeof seq);
	hmac_sha256_update(&m, prev, STORE_HASH_LEN);
	hmac_sha256_final(&m, out);
}
