/* src/app/settings.c: blotterrc, one "key = value" a line.  The whole
 * file is read into a copy of the settings and checked line by line; only
 * a file without a bad line replaces them.  Besides the plain settings,
 * fix.NAME lines define FIX sessions (an initiator to a broker is the
 * venue NAME; an acceptor takes clients' orders) and route.CLASS lines
 * pick the venue of an asset class.  Whether a routed-to venue exists is
 * the engine's to check: the file may name a venue another line defines. */
#include "config.h"
#include "settings.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
	/* s->route[] all "": every class goes to the sim. */
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

/* True when V is a word (letters, digits, - and _) that fits SIZE bytes. */
static bool
name_ok(const char *v, size_t size)
{
	if (!*v || strlen(v) >= size)
		return false;
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && *v != '-' && *v != '_')
			return false;
	return true;
}

/* A blotterrc being read into a copy of the settings, with the line that
 * set each FIX session and route, to name it when another line repeats
 * it. */
struct settings_file {
	struct settings tmp;
	const char *path;
	struct sbuf *errors;
	unsigned lineno;
	unsigned fix_line[SETTINGS_FIX_MAX];
	unsigned route_line[ASSET_CLASS_COUNT];
};

/* Check that zone VAL can be read and copy it into DST of SIZE bytes;
 * -1 with "tz: why" in ERR.  Read it now: a zone that is not there is
 * this line's error, not a clock in another zone later. */
static int
zone_set(char *dst, size_t size, const char *val, struct err *err)
{
	struct tzone *z;

	if (strlen(val) >= size)
		return err_set(err, "tz: '%.20s...' is too long", val);
	if (!(z = tzone_load(val, err)))
		return err_prefix(err, "tz: ");
	tzone_free(z);
	str_copy(dst, size, val);
	return 0;
}

/* ---- fix.NAME ---- */

/* The FIX session's options, and which kind of session takes each. */
enum fix_opt {
	FO_SENDER, FO_TARGET, FO_HEARTBEAT, FO_RESET, FO_HOURS, FO_TZ,
	FO_ACCOUNT, FO_CLIENTS, FO_COUNT
};
#define FO_INITIATOR	1u
#define FO_ACCEPTOR	2u
static const struct {
	const char *name;
	unsigned kinds;
} fix_opts[FO_COUNT] = {
	[FO_SENDER] = { "sender", FO_INITIATOR | FO_ACCEPTOR },
	[FO_TARGET] = { "target", FO_INITIATOR },
	[FO_HEARTBEAT] = { "heartbeat", FO_INITIATOR | FO_ACCEPTOR },
	[FO_RESET] = { "reset", FO_INITIATOR | FO_ACCEPTOR },
	[FO_HOURS] = { "hours", FO_INITIATOR },
	[FO_TZ] = { "tz", FO_INITIATOR },
	[FO_ACCOUNT] = { "account", FO_INITIATOR },
	[FO_CLIENTS] = { "clients", FO_ACCEPTOR },
};

/* Copy CompID S (WHAT: sender, target, client) into DST of SIZE bytes:
 * printable ASCII without blanks, '|' or '=', since it goes into a FIX
 * field as it is. */
static int
comp_id_set(char *dst, size_t size, const char *what, const char *s,
    struct err *err)
{
	if (!*s)
		return err_set(err, "the %s id is empty", what);
	if (strlen(s) >= size)
		return err_set(err, "%s '%.20s...' is longer than %zu "
		    "characters", what, s, size - 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '|' || *p == '=')
			return err_set(err, "%s '%s' is not a FIX CompID "
			    "(printable ASCII without blanks, | or =)", what,
			    s);
	str_copy(dst, size, s);
	return 0;
}

/* Copy account id S (WHAT names it: "account", "client C's account")
 * into DST (ACCOUNT_MAX bytes): an account id as commands take it, and no
 * '|' either, since it goes into FIX Account. */
static int
account_set(char *dst, const char *what, const char *s, struct err *err)
{
	if (!*s)
		return err_set(err, "%s is empty", what);
	if (strlen(s) >= ACCOUNT_MAX)
		return err_set(err, "%s '%.20s...' is longer than %d "
		    "characters", what, s, ACCOUNT_MAX - 1);
	if (!ident_valid(s, ACCOUNT_MAX) || strchr(s, '|'))
		return err_set(err, "%s '%s' is not an account id (printable "
		    "characters without blanks, #, \", =, @ or |)", what, s);
	str_copy(dst, ACCOUNT_MAX, s);
	return 0;
}

/* A port: 1 to 5 digits, 1..65535. */
static int
port_parse(const char *s, int *port, struct err *err)
{
	size_t	n = strspn(s, "0123456789");
	long	v = n >= 1 && n <= 5 && !s[n] ? strtol(s, NULL, 10) : 0;

	if (v < 1 || v > 65535)
		return err_set(err, "port '%s' is not a number 1..65535", s);
	*port = (int)v;
	return 0;
}

/* HOST:PORT (an initiator) or [ADDR:]PORT (an acceptor) into FX; an IPv6
 * address goes in brackets, [::1]:9876. */
static int
fix_address(struct settings_fix *fx, const char *s, struct err *err)
{
	const char *form = fx->initiator ? "HOST:PORT" : "[ADDR:]PORT";
	const char *host = s, *port, *ok = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_";
	size_t	hlen;

	if (*s == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return err_set(err, "'%s' is not %s", s, form);
		host = s + 1;
		hlen = (size_t)(close - host);
		port = close + 2;
		ok = "0123456789abcdefABCDEF:.";
	} else if ((port = strrchr(s, ':'))) {
		hlen = (size_t)(port - s);
		if (memchr(s, ':', hlen))
			return err_set(err, "'%s': an IPv6 address goes in "
			    "brackets, [ADDR]:PORT", s);
		port++;
	} else if (fx->initiator) {
		return err_set(err, "'%s' is not HOST:PORT", s);
	} else {
		hlen = 0;
		port = s;
	}
	if (hlen == 0 && port != s)
		return err_set(err, "the host of '%s' is empty (%s)", s, form);
	if (hlen >= sizeof fx->host)
		return err_set(err, "the host of '%.20s...' is longer than %zu "
		    "characters", s, sizeof fx->host - 1);
	for (size_t i = 0; i < hlen; i++)
		if (!strchr(ok, host[i]))
			return err_set(err, "'%.*s' is not a host name or "
			    "address", (int)hlen, host);
	memcpy(fx->host, host, hlen);
	fx->host[hlen] = '\0';
	return port_parse(port, &fx->port, err);
}

/* HH:MM at S as minutes after midnight, or -1. */
static int
hhmm(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (i == 2 ? s[i] != ':' : !isdigit((unsigned char)s[i]))
			return -1;
	int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 +
	    s[4] - '0';
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

/* hours=HH:MM-HH:MM into FX; the end may be before the start (a session
 * over midnight). */
static int
fix_hours(struct settings_fix *fx, const char *s, struct err *err)
{
	int	start = strlen(s) == 11 && s[5] == '-' ? hhmm(s) : -1;
	int	end = start >= 0 ? hhmm(s + 6) : -1;

	if (end < 0)
		return err_set(err, "hours '%s' is not HH:MM-HH:MM (like "
		    "08:00-17:30, or 22:00-06:00 over midnight)", s);
	if (start == end)
		return err_set(err, "hours %s: the end is the start (leave "
		    "hours= out for a session that is always up)", s);
	fx->hours_start = start;
	fx->hours_end = end;
	return 0;
}

/* clients=ID[:ACCOUNT][,ID[:ACCOUNT]...] into FX (S is changed). */
static int
fix_clients(struct settings_fix *fx, char *s, struct err *err)
{
	char	*save = NULL, *id, *acct;

	if (*s == ',' || (*s && s[strlen(s) - 1] == ',') || strstr(s, ",,"))
		return err_set(err, "clients '%s' has an empty entry "
		    "(ID[:ACCOUNT],...)", s);
	for (id = strtok_r(s, ",", &save); id; id = strtok_r(NULL, ",",
	    &save)) {
		struct settings_fix_client *c = &fx->clients[fx->nclients];

		if ((acct = strchr(id, ':')))
			*acct++ = '\0';
		if (acct && strchr(acct, ':'))
			return err_set(err, "client '%s:%s' is not "
			    "ID[:ACCOUNT]", id, acct);
		if (fx->nclients == SETTINGS_CLIENTS_MAX)
			return err_set(err, "more than %d clients",
			    SETTINGS_CLIENTS_MAX);
		if (comp_id_set(c->id, sizeof c->id, "client", id, err) == -1)
			return -1;
		for (size_t i = 0; i < fx->nclients; i++)
			if (strcmp(fx->clients[i].id, c->id) == 0)
				return err_set(err, "client '%s' is listed "
				    "twice", c->id);
		c->account[0] = '\0';
		if (acct) {
			char what[96];

			snprintf(what, sizeof what, "client %s's account",
			    c->id);
			if (account_set(c->account, what, acct, err) == -1)
				return -1;
		}
		fx->nclients++;
	}
	return 0;
}

/* Apply option OPT's value V to FX. */
static int
fix_option(struct settings_fix *fx, enum fix_opt opt, char *v,
    struct err *err)
{
	size_t	n;

	switch (opt) {
	case FO_SENDER:
		return comp_id_set(fx->sender, sizeof fx->sender, "sender", v,
		    err);
	case FO_TARGET:
		return comp_id_set(fx->target, sizeof fx->target, "target", v,
		    err);
	case FO_HEARTBEAT:
		n = strspn(v, "0123456789");
		fx->heartbeat = n >= 1 && n <= 4 && !v[n] ? atoi(v) : 0;
		if (fx->heartbeat < 1 || fx->heartbeat > 3600)
			return err_set(err, "heartbeat '%s' is not 1..3600 "
			    "seconds", v);
		return 0;
	case FO_RESET:
		if (strcmp(v, "logon") != 0 && strcmp(v, "never") != 0)
			return err_set(err, "reset is logon or never, not '%s'",
			    v);
		fx->reset_on_logon = strcmp(v, "logon") == 0;
		return 0;
	case FO_HOURS:
		return fix_hours(fx, v, err);
	case FO_TZ:
		return zone_set(fx->tz, sizeof fx->tz, v, err);
	case FO_ACCOUNT:
		return account_set(fx->account, "account", v, err);
	case FO_CLIENTS:
		return fix_clients(fx, v, err);
	case FO_COUNT:
		break;
	}
	return err_set(err, "option %d is not known", (int)opt);
}

/* The options a session of KIND takes, for an error message. */
static const char *
fix_opt_list(unsigned kind)
{
	return kind == FO_INITIATOR ? "sender, target, heartbeat, reset, "
	    "hours, tz and account" : "sender, clients, reset and heartbeat";
}

/* Parse the value of a fix.NAME line into FX (VAL is changed); errors
 * without the "fix.NAME: " the caller puts before them. */
static int
fix_parse(struct settings_fix *fx, char *val, struct err *err)
{
	char	*save = NULL, *w, *eq;
	bool	seen[FO_COUNT] = { false };
	unsigned kind;
	int	o;

	if (!(w = strtok_r(val, " \t", &save)))
		return err_set(err, "initiator or acceptor is missing");
	if (strcmp(w, "initiator") != 0 && strcmp(w, "acceptor") != 0)
		return err_set(err, "a session is initiator or acceptor, not "
		    "'%s'", w);
	fx->initiator = strcmp(w, "initiator") == 0;
	kind = fx->initiator ? FO_INITIATOR : FO_ACCEPTOR;
	if (!(w = strtok_r(NULL, " \t", &save)))
		return err_set(err, "the %s's %s is missing", fx->initiator ?
		    "initiator" : "acceptor", fx->initiator ? "HOST:PORT" :
		    "[ADDR:]PORT");
	if (fix_address(fx, w, err) == -1)
		return -1;
	while ((w = strtok_r(NULL, " \t", &save))) {
		if (!(eq = strchr(w, '=')))
			return err_set(err, "'%s' is not an option (key=value)",
			    w);
		*eq++ = '\0';
		for (o = 0; o < FO_COUNT; o++)
			if (strcmp(w, fix_opts[o].name) == 0)
				break;
		if (o == FO_COUNT)
			return err_set(err, "unknown option '%s' (an %s takes "
			    "%s)", w, fx->initiator ? "initiator" : "acceptor",
			    fix_opt_list(kind));
		if (!(fix_opts[o].kinds & kind))
			return err_set(err, "%s= is for an %s, not an %s", w,
			    fx->initiator ? "acceptor" : "initiator",
			    fx->initiator ? "initiator" : "acceptor");
		if (seen[o])
			return err_set(err, "%s= is given twice", w);
		seen[o] = true;
		if (!*eq)
			return err_set(err, "%s= is empty", w);
		if (fix_option(fx, (enum fix_opt)o, eq, err) == -1)
			return -1;
	}
	if (!seen[FO_SENDER])
		return err_set(err, "sender= is missing (our CompID)");
	if (fx->initiator && !seen[FO_TARGET])
		return err_set(err, "target= is missing (the broker's CompID)");
	if (!fx->initiator && !seen[FO_CLIENTS])
		return err_set(err, "clients= is missing (the CompIDs of the "
		    "clients it takes orders from)");
	if (seen[FO_TZ] && !seen[FO_HOURS])
		return err_set(err, "tz= is the zone of hours=, which is not "
		    "given");
	return 0;
}

/* fix.NAME = VAL: a FIX session, added to F's settings. */
static int
fix_setting(struct settings_file *f, const char *name, char *val,
    struct err *err)
{
	struct settings *s = &f->tmp;
	struct settings_fix *fx;

	if (!*name)
		return err_set(err, "fix.: the session's name is missing "
		    "(fix.NAME = ...)");
	if (!name_ok(name, 256))
		return err_set(err, "fix.%s: the name is not a word (letters, "
		    "digits, - and _)", name);
	if (strlen(name) >= sizeof fx->name)
		return err_set(err, "fix.%s: the name is longer than %zu "
		    "characters (it names a venue)", name,
		    sizeof fx->name - 1);
	if (strcasecmp(name, "sim") == 0 || strcasecmp(name, "smart") == 0)
		return err_set(err, "fix.%s: %s is the name of the built-in "
		    "%s; choose another", name, name, strcasecmp(name, "sim") ==
		    0 ? "simulated venue" : "smart router (venue=smart)");
	for (size_t i = 0; i < s->nfix; i++) {
		if (strcmp(s->fix[i].name, name) == 0)
			return err_set(err, "fix.%s is defined twice (first on "
			    "line %u)", name, f->fix_line[i]);
		if (strcasecmp(s->fix[i].name, name) == 0)
			return err_set(err, "fix.%s: the name differs from "
			    "fix.%s (line %u) only in case", name,
			    s->fix[i].name, f->fix_line[i]);
	}
	if (s->nfix == SETTINGS_FIX_MAX)
		return err_set(err, "fix.%s: more than %d FIX sessions", name,
		    SETTINGS_FIX_MAX);
	fx = &s->fix[s->nfix];
	memset(fx, 0, sizeof *fx);
	str_copy(fx->name, sizeof fx->name, name);
	fx->heartbeat = 30;
	fx->hours_start = fx->hours_end = -1;
	if (fix_parse(fx, val, err) == -1)
		return err_prefix(err, "fix.%s: ", name);
	f->fix_line[s->nfix++] = f->lineno;
	return 0;
}

/* route.CLASS = VENUE. */
static int
route_setting(struct settings_file *f, const char *cls, const char *val,
    struct err *err)
{
	enum asset_class c;

	if (asset_class_parse(cls, &c, err) == -1)
		return err_prefix(err, "route.%s: ", cls);
	if (!*val)
		return err_set(err, "route.%s: the venue is missing", cls);
	if (!name_ok(val, VENUE_NAME_MAX))
		return err_set(err, "route.%s: '%s' is not a venue name (a "
		    "word of letters, digits, - and _, at most %d characters)",
		    cls, val, VENUE_NAME_MAX - 1);
	if (f->route_line[c])
		return err_set(err, "route.%s is set twice (first on line %u)",
		    cls, f->route_line[c]);
	str_copy(f->tmp.route[c], sizeof f->tmp.route[c], val);
	f->route_line[c] = f->lineno;
	return 0;
}

/* Apply KEY = VAL to F's settings (VAL may be changed); -1 with ERR when
 * it is not a setting or not a good value. */
static int
setting(struct settings_file *f, const char *key, char *val, struct err *err)
{
	struct settings *s = &f->tmp;

	if (strcmp(key, "confirm") == 0) {
		if (strcmp(val, "yes") == 0 || strcmp(val, "no") == 0) {
			s->confirm = strcmp(val, "yes") == 0;
			return 0;
		}
		return err_set(err, "confirm is yes or no, not '%s'", val);
	}
	if (strcmp(key, "theme") == 0 || strcmp(key, "keymap") == 0) {
		if (!name_ok(val, 64))
			return err_set(err, "%s: '%s' is not a file name "
			    "(letters, digits, - and _)", key, val);
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
	if (strcmp(key, "tz") == 0)
		return zone_set(s->tz, sizeof s->tz, val, err);
	if (strncmp(key, "fix.", 4) == 0)
		return fix_setting(f, key + 4, val, err);
	if (strncmp(key, "route.", 6) == 0)
		return route_setting(f, key + 6, val, err);
	return err_set(err, "unknown setting '%s' (settings: confirm, theme, "
	    "keymap, sim.delay, review.same_login, tz, fix.NAME, route.CLASS)",
	    key);
}

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
	f->lineno = lineno;
	if (setting(f, trim(p), trim(eq + 1), &err) == -1) {
		sbuf_printf(f->errors, "%s:%u: %s\n", f->path, lineno, err.msg);
		return -1;
	}
	return 0;
}

int
settings_load(struct settings *s, const char *path, struct sbuf *errors)
{
	/* On the heap: with its FIX sessions and their clients the copy is
	 * tens of kilobytes. */
	struct settings_file *f = xcalloc(1, sizeof *f);
	int	rc;

	f->tmp = *s;
	f->path = path;
	f->errors = errors;
	rc = textfile_lines(path, settings_line, f, errors);
	if (rc == 0)
		*s = f->tmp;
	free(f);
	return rc;
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
