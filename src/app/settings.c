/* src/app/settings.c: blotterrc, one "key = value" a line.  The whole
 * file is checked before anything from it is used. */
#include "config.h"
#include "settings.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "fixed.h"
#include "paths.h"
#include "sbuf.h"
#include "textfile.h"
#include "tzone.h"

void
settings_init(struct settings *s)
{
	memset(s, 0, sizeof *s);
	s->confirm = true;
	str_copy(s->theme, sizeof s->theme, "default");
	str_copy(s->tz, sizeof s->tz, "America/New_York");
}

static char *
trim(char *p)
{
	char *e;

	while (isspace((unsigned char)*p))
		p++;
	e = p + strlen(p);
	while (e > p && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return p;
}

static bool
name_ok(const char *v)
{
	if (!*v || strlen(v) >= 64)
		return false;
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && *v != '-' && *v != '_')
			return false;
	return true;
}

/* Apply KEY = VAL to S; -1 with ERR when it is not a setting. */
static int
setting(struct settings *s, const char *key, const char *val,
    struct err *err)
{
	if (strcmp(key, "confirm") == 0) {
		if (strcmp(val, "yes") == 0 || strcmp(val, "no") == 0) {
			s->confirm = strcmp(val, "yes") == 0;
			return 0;
		}
		return err_set(err, "confirm is yes or no, not '%s'", val);
	}
	if (strcmp(key, "theme") == 0 || strcmp(key, "keymap") == 0) {
		if (!name_ok(val))
			return err_set(err, "%s: '%s' is not a file name (letters, "
			    "digits, - and _)", key, val);
		str_copy(strcmp(key, "theme") == 0 ? s->theme : s->keymap, 64,
		    val);
		return 0;
	}
	if (strcmp(key, "sim.delay") == 0)
		return duration_parse(val, &s->sim_delay, err);
	if (strcmp(key, "review.same_login") == 0) {
		if (strcmp(val, "alert") == 0 || strcmp(val, "refuse") == 0) {
			s->same_login_refuse = strcmp(val, "refuse") == 0;
			return 0;
		}
		return err_set(err, "review.same_login is alert or refuse, "
		    "not '%s'", val);
	}
	if (strcmp(key, "tz") == 0) {
		/* Read it now: a zone that is not there is this line's
		 * error, not a clock in another zone later. */
		struct tzone *z = strlen(val) < sizeof s->tz ?
		    tzone_load(val, err) : NULL;
		if (!z)
			return strlen(val) < sizeof s->tz ?
			    err_prefix(err, "tz: ") :
			    err_set(err, "tz: '%.20s...' is too long", val);
		tzone_free(z);
		str_copy(s->tz, sizeof s->tz, val);
		return 0;
	}
	return err_set(err, "unknown setting '%s' (settings: confirm, theme, "
	    "keymap, sim.delay, review.same_login, tz)", key);
}

/* A blotterrc being read into a copy of the settings. */
struct settings_file {
	struct settings tmp;
	const char *path;
	struct sbuf *errors;
};

static int
settings_line(void *ctx, char *line, unsigned lineno)
{
	struct settings_file *f = ctx;
	struct err err = { "" };
	char *p = trim(line), *eq;

	if (!*p)
		return 0;
	if (!(eq = strchr(p, '='))) {
		sbuf_printf(f->errors, "%s:%u: expected 'setting = value'\n",
		    f->path, lineno);
		return -1;
	}
	*eq = '\0';
	if (setting(&f->tmp, trim(p), trim(eq + 1), &err) == -1) {
		sbuf_printf(f->errors, "%s:%u: %s\n", f->path, lineno, err.msg);
		return -1;
	}
	return 0;
}

int
settings_load(struct settings *s, const char *path, struct sbuf *errors)
{
	struct settings_file f = { *s, path, errors };

	if (textfile_lines(path, settings_line, &f, errors) == -1)
		return -1;
	*s = f.tmp;
	return 0;
}

const char *
settings_default_path(void)
{
	static char path[4200];
	char dir[4096];

	snprintf(path, sizeof path, "%s/blotterrc",
	    paths_config_dir(dir, sizeof dir));
	if (access(path, R_OK) == 0)
		return path;
	str_copy(path, sizeof path, "/etc/blotter/blotterrc");
	if (access(path, R_OK) == 0)
		return path;
	return NULL;
}
