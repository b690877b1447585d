/* src/app/exec-run.c: the engine assembled: the core with compliance
 * (guard.c, with review.c) and blocks (blocks.c, with import.c and
 * reports.c) attached to its hooks, and the one dispatch of commands to
 * their handlers.  The only file that names every part of the engine. */
#include "config.h"
#include "exec.h"
#include "desk.h"

#include <stdbool.h>
#include <stddef.h>

#include "cmd.h"
#include "err.h"
#include "exec-int.h"
#include "guard.h"
#include "blocks.h"

/* How every command is run: one signature, so a table can name them. */
typedef int exec_cmd_fn(struct exec *, const struct cmd *, struct err *);

/* Lines that do nothing here (a blank line; expect fail, which the
 * runner reads). */
static int
cmd_nothing(struct exec *x, const struct cmd *c, struct err *err)
{
	(void)x;
	(void)c;
	(void)err;
	return 0;
}

/* The handler of each kind of command, from the one declaration of the
 * commands (commands.def): the one place commands are dispatched. */
static exec_cmd_fn *const handlers[CMD_KIND_COUNT] = {
#define CMD_DEF(kind, name, words, parse, roles, doing, usage, topics, \
    help, handler) [CMD_##kind] = handler,
#include "commands.def"
#undef CMD_DEF
};

int
exec_run(struct exec *x, const struct cmd *c, struct result *res,
    struct err *err)
{
	exec_cmd_fn *fn;
	int rc;

	exec_begin(x, res);
	if (guard_permit(x, c, err) == -1)
		rc = -1;
	else if ((unsigned)c->kind >= CMD_KIND_COUNT ||
	    (fn = handlers[c->kind]) == NULL)
		rc = err_set(err, "this command cannot run here");
	else
		rc = fn(x, c, err);
	(void)exec_set_res(x, NULL);
	return rc;
}

struct exec *
exec_new(struct store *st, int64_t now, bool remote, struct err *err)
{
	return exec_new_setup(st, now, remote, NULL, err);
}

struct exec *
exec_new_setup(struct store *st, int64_t now, bool remote,
    const struct exec_setup *setup, struct err *err)
{
	struct exec *x = exec_alloc(st, now, remote, err);

	if (!x)
		return NULL;
	if (setup)
		x->setup = *setup;
	if (x->setup.ndesk)
		desk_attach(x);
	guard_attach(x);
	guard_review_attach(x);
	blocks_attach(x);
	if (exec_load_all(x, true, err) == -1) {
		exec_free(x);
		return NULL;
	}
	return x;
}

void
exec_set_same_login(struct exec *x, bool refuse)
{
	guard_set_same_login(x, refuse);
}
