/* include/batch.h: --batch: run a script of commands through the runtime,
 * with the virtual clock, and report like a compiler. */
#ifndef BLOTTER_BATCH_H
#define BLOTTER_BATCH_H
#include <stdbool.h>

struct exec_setup;

struct batch_opts {
	const char *script;	/* a file, or "-" for standard input */
	const char *db_path;	/* NULL: a fresh temporary store */
	bool	empty;		/* a new store gets no shipped data */
	bool	json;
	bool	keep_going;
	bool	same_login_refuse;	/* review.same_login = refuse */
	const struct exec_setup *setup;	/* brokers and routes, or NULL */
};

/* Run the script; returns the exit status of COMMANDS.md: 0 all good,
 * 1 a command failed or an expect did not hold, 2 the script cannot be
 * read. */
int	batch_run(const struct batch_opts *);

#endif
