/* src/app/exec-help.c: the help command: a summary, and a page per
 * topic. */
#include "config.h"
#include "exec.h"

#include <string.h>

#include "cmd.h"
#include "err.h"
#include "result.h"
#include "exec-int.h"

static int
do_help(struct exec *x, const char *topic, struct err *err)
{
	const char *text = cmd_help(topic);

	if (!text)
		return err_set(err, "no help on '%s'; try help, help buy, "
		    "help tif, help expect", topic);
	if (x->res)
		result_help(x->res, text);
	return 0;
}

int
exec_cmd_help(struct exec *x, const struct cmd *c, struct err *err)
{
	return do_help(x, c->sym, err);
}
