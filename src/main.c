/* src/main.c: program options, then one of: a batch run, a store check
 * (--verify), the venues with no screen (--serve), or the full-screen
 * interface. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "err.h"
#include "paths.h"
#include "runtime.h"
#include "store.h"
#include "sbuf.h"
#include "serve.h"
#include "settings.h"
#include "setup.h"
#include "ui.h"
#include "utf8.h"

static const char usage_text[] =
    "usage: blotter [--db PATH] [--config PATH] [--empty]\n"
    "       blotter --demo\n"
    "       blotter --serve [--db PATH]\n"
    "       blotter --batch [FILE|-] [--json] [--keep-going] [--seed N]"
    " [--db PATH] [--empty]\n"
    "       blotter --verify [--db PATH] [--head SEQ:HASH]\n"
    "       blotter --help | --version\n";

static const char help_text[] =
    "blotter: a keyboard-first order management system.\n\n"
    "  --batch [FILE|-]  run commands from FILE (or standard input), "
    "no screen\n"
    "  --json            batch output as JSON lines\n"
    "  --keep-going      do not stop at the first failed command\n"
    "  --seed N          seed for anything random (sim market, sim venue)\n"
    "  --db PATH         the store to open (created when absent; a batch\n"
    "                    run without --db uses a fresh temporary store)\n"
    "  --empty           a new store gets no shipped reference data\n"
    "  --config PATH     configuration file\n"
    "  --verify          replay the journal and check the projections\n"
    "  --head SEQ:HASH   with --verify: the audit trail must still pass\n"
    "                    through this head (from 'audit head')\n"
    "  --demo            the screen on a throw-away store with demo data\n"
    "  --serve           no screen: hold the store's venues until SIGTERM\n"
    "  --help, --version\n\n"
    "Commands: run 'help' in a script, or see blotter(1).\n";

static int
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "blotter: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage_text);
	return 2;
}

/* PREFIX and LINE and a newline on FP, with the control characters LINE
 * may hold (a verify line quotes what the store file says, which whoever
 * can write it chose) made visible: none reaches the terminal. */
static void
put_line(FILE *fp, const char *prefix, const char *line)
{
	struct sbuf vis = { 0 };

	utf8_visible(&vis, line, strlen(line), false);
	fprintf(fp, "%s%s\n", prefix, vis.p != NULL ? vis.p : "");
	sbuf_free(&vis);
}

static void
print_problem(void *ctx, const char *line)
{
	(void)ctx;
	put_line(stdout, "", line);
}

/* The full-screen interface: on DB (the default store when NULL), or with
 * --demo on a fresh throw-away store and a moving market. */
static int
run_screen(const char *db, bool empty, bool demo, uint64_t seed,
    const struct settings *set, const struct exec_setup *setup,
    const char *set_errors)
{
	char path[4096], dir[4000] = "", label[4096];
	struct ui_opts uo = { .empty = empty, .demo = demo, .seed = seed,
	    .confirm = set->confirm, .sim_delay = set->sim_delay,
	    .same_login_refuse = set->same_login_refuse,
	    .settings_errors = set_errors, .setup = setup };
	struct err err = { "" };
	int rc;

	str_copy(uo.theme, sizeof uo.theme, set->theme);
	str_copy(uo.keymap, sizeof uo.keymap, set->keymap);

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "blotter: the screen needs a terminal; run "
		    "scripts with --batch\n");
		return 2;
	}
	if (demo) {
		if (paths_temp_store(dir, sizeof dir, path, sizeof path) == -1) {
			fprintf(stderr, "blotter: cannot create a temporary "
			    "store: %s\n", strerror(errno));
			return 1;
		}
		db = path;
		str_copy(label, sizeof label, "demo (throw-away)");
	} else {
		if (!db) {
			if (paths_default_store(path, sizeof path, &err) == -1) {
				put_line(stderr, "blotter: ", err.msg);
				return 2;
			}
			db = path;
		}
		str_copy(label, sizeof label, db);
	}
	uo.db_path = db;
	uo.store_label = label;
	rc = ui_run(&uo);
	if (dir[0])
		paths_remove_temp_store(dir, path);
	return rc;
}

static int
run_verify(const char *db, const char *head)
{
	char path[4096];
	struct err err = { "" };

	if (!db) {
		if (paths_default_store(path, sizeof path, &err) == -1) {
			put_line(stderr, "blotter: ", err.msg);
			return 2;
		}
		db = path;
	}
	if (access(db, F_OK) == -1) {
		fprintf(stderr, "blotter: %s: %s\n", db, strerror(errno));
		return 2;
	}
	long n = store_verify_head(db, head, print_problem, NULL, &err);
	if (n < 0) {
		put_line(stderr, "blotter: ", err.msg);
		return 2;
	}
	if (n > 0) {
		printf("%s: %ld problem%s found in the journal, its audit "
		    "chain and the projections\n", db, n, n == 1 ? "" : "s");
		return 1;
	}
	if (head)
		printf("%s: the audit chain is whole and passes through the "
		    "head %s, and the journal and the projections agree\n",
		    db, head);
	else
		printf("%s: the audit chain is whole, and the journal and the "
		    "projections agree\n", db);
	return 0;
}

/* --serve: the venues of the store with no screen. */
static int
run_serve(const char *db, bool empty, const struct settings *set,
    const struct exec_setup *setup, struct sbuf *set_errors)
{
	struct serve_opts so = { db, empty, set->sim_delay, setup };
	char path[4096];
	struct err err = { "" };

	if (set_errors->len)
		fprintf(stderr, "blotter: %s", set_errors->p);
	sbuf_free(set_errors);
	if (!db) {
		if (paths_default_store(path, sizeof path, &err) == -1) {
			put_line(stderr, "blotter: ", err.msg);
			return 2;
		}
		so.db_path = path;
	}
	return serve_run(&so);
}

int
main(int argc, char **argv)
{
	struct batch_opts bo = { 0 };
	const char *db = NULL, *config = NULL, *head = NULL;
	bool batch = false, verify = false, demo = false, serve = false;
	uint64_t seed = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--batch") == 0) {
			batch = true;
			bo.script = "-";
			if (i + 1 < argc && (strcmp(argv[i + 1], "-") == 0 ||
			    strncmp(argv[i + 1], "--", 2) != 0))
				bo.script = argv[++i];
		} else if (strncmp(a, "--batch=", 8) == 0) {
			batch = true;
			bo.script = a + 8;
		} else if (strcmp(a, "--json") == 0) {
			bo.json = true;
		} else if (strcmp(a, "--keep-going") == 0) {
			bo.keep_going = true;
		} else if (strcmp(a, "--empty") == 0) {
			bo.empty = true;
		} else if (strcmp(a, "--seed") == 0) {
			char *end;
			if (i + 1 >= argc)
				return usage_error("--seed needs a number%s",
				    "");
			errno = 0;
			seed = strtoull(argv[++i], &end, 10);
			if (*end || errno || argv[i][0] == '-')
				return usage_error("--seed: '%s' is not a "
				    "whole number", argv[i]);
		} else if (strcmp(a, "--db") == 0) {
			if (i + 1 >= argc)
				return usage_error("--db needs a path%s", "");
			db = argv[++i];
		} else if (strcmp(a, "--config") == 0) {
			if (i + 1 >= argc)
				return usage_error("--config needs a path%s",
				    "");
			config = argv[++i];
		} else if (strcmp(a, "--verify") == 0) {
			verify = true;
		} else if (strcmp(a, "--head") == 0) {
			if (i + 1 >= argc)
				return usage_error("--head needs a head "
				    "(SEQ:HASH, from 'audit head')%s", "");
			head = argv[++i];
		} else if (strcmp(a, "--demo") == 0) {
			demo = true;
		} else if (strcmp(a, "--serve") == 0) {
			serve = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			fputs("\n", stdout);
			fputs(help_text, stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("blotter %s\n", PACKAGE_VERSION);
			return 0;
		} else {
			return usage_error("unknown option '%s'", a);
		}
	}
	/* The configuration: --config must be good; the default files are
	 * used when good, and their errors shown on the screen. */
	struct settings set;
	struct sbuf set_errors = { 0 };
	settings_init(&set);
	if (config) {
		if (settings_load(&set, config, &set_errors) == -1) {
			fprintf(stderr, "blotter: the configuration has errors:\n"
			    "%s", set_errors.p);
			sbuf_free(&set_errors);
			return 2;
		}
	} else if ((config = settings_default_path())) {
		settings_load(&set, config, &set_errors);
	}
	if (batch + verify + demo + serve > 1)
		return usage_error("choose one of --batch, --verify, --serve "
		    "and --demo%s", "");
	/* A script honours review.same_login: say that a default file with
	 * errors is not used rather than run without it in silence. */
	if (batch && set_errors.p && set_errors.p[0])
		fprintf(stderr, "blotter: warning: the configuration %s has "
		    "errors and is not used:\n%s", config, set_errors.p);
	if (head && !verify)
		return usage_error("--head goes with --verify%s", "");
	if (verify || batch)
		sbuf_free(&set_errors);
	if (verify)
		return run_verify(db, head);
	/* The screen's and --serve's clock: the wall clock in the venue's
	 * zone, not in the machine's. */
	struct err zerr = { "" };
	if (!batch && runtime_clock_zone(set.tz, &zerr) == -1) {
		fprintf(stderr, "blotter: the venue time zone (setting tz): "
		    "%s\n", zerr.msg);
		sbuf_free(&set_errors);
		return 1;
	}
	/* Brokers and routes: the FIX sessions' dictionary is read now, so
	 * that a missing one is said before anything starts. */
	static struct setup su;
	struct err serr = { "" };
	int rc;
	if (setup_build(&su, &set, &serr) == -1) {
		fprintf(stderr, "blotter: %s\n", serr.msg);
		sbuf_free(&set_errors);
		return 1;
	}
	if (serve) {
		rc = run_serve(db, bo.empty, &set, &su.x, &set_errors);
	} else if (batch) {
		bo.db_path = db;
		bo.same_login_refuse = set.same_login_refuse;
		bo.setup = &su.x;
		rc = batch_run(&bo);
	} else {
		rc = run_screen(db, bo.empty, demo, seed, &set, &su.x,
		    set_errors.p);
		sbuf_free(&set_errors);
	}
	setup_free(&su);
	return rc;
}
