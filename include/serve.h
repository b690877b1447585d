/* include/serve.h: --serve: hold a store's venues with no screen. */
#ifndef BLOTTER_SERVE_H
#define BLOTTER_SERVE_H
#include <stdbool.h>
#include <stdint.h>

struct exec_setup;

struct serve_opts {
	const char *db_path;	/* the store to open (or create) */
	bool	empty;		/* a new store gets no shipped data */
	int64_t	sim_delay;	/* the sim venue answers this late (s) */
	const struct exec_setup *setup;	/* brokers and routes, or NULL */
};

/* Hold the venues of the store (waiting while another blotter holds
 * them), run them and the timers until SIGTERM or SIGINT, and log one
 * line per event on standard error.  Returns the exit status: 0 after a
 * signal, 1 when the store cannot be used. */
int	serve_run(const struct serve_opts *);

#endif
