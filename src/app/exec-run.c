/* src/app/exec-run.c: the engine assembled: the core with compliance
 * (guard.c) and blocks (blocks.c) attached to its hooks, and the one
 * dispatch of commands to their handlers.  The only file that names every
 * part of the engine. */
#include "config.h"
#include "exec.h"

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

/* The handler of each kind of command: the one place commands are
 * dispatched.  NULL: the command cannot run in the engine. */
static exec_cmd_fn *
handler_of(enum cmd_kind kind)
{
	switch (kind) {
	case CMD_EMPTY:			return cmd_nothing;
	case CMD_EXPECT_FAIL:		return cmd_nothing;
	case CMD_CLOCK_SET:		return exec_cmd_clock_set;
	case CMD_CLOCK_ADVANCE:		return exec_cmd_clock_advance;
	case CMD_INSTRUMENT_ADD:	return exec_cmd_instrument_add;
	case CMD_ACCOUNT_ADD:		return exec_cmd_account_add;
	case CMD_LOAD_INSTRUMENTS:	return exec_cmd_load_instruments;
	case CMD_LOAD_ACCOUNTS:		return exec_cmd_load_accounts;
	case CMD_FX:			return exec_cmd_fx;
	case CMD_QUOTE:			return exec_cmd_quote;
	case CMD_MARK:			return exec_cmd_mark;
	case CMD_ORDER:			return exec_cmd_order;
	case CMD_CHECK_ORDER:		return exec_cmd_order;
	case CMD_RELEASE:		return exec_cmd_release;
	case CMD_RELEASE_ALL:		return exec_cmd_release_all;
	case CMD_CANCEL:		return exec_cmd_cancel;
	case CMD_CANCEL_ALL:		return exec_cmd_cancel_all;
	case CMD_REPLACE:		return exec_cmd_replace;
	case CMD_SHOW_ORDERS:		return exec_cmd_show_orders;
	case CMD_SHOW_ORDER:		return exec_cmd_show_order;
	case CMD_SHOW_POSITIONS:	return exec_cmd_show_positions;
	case CMD_SHOW_PNL:		return exec_cmd_show_pnl;
	case CMD_EXPECT_ORDER:		return exec_cmd_expect_order;
	case CMD_EXPECT_POSITION:	return exec_cmd_expect_position;
	case CMD_EXPECT_PNL:		return exec_cmd_expect_pnl;
	case CMD_EXPECT_COUNT:		return exec_cmd_expect_count;
	case CMD_HELP:			return exec_cmd_help;
	case CMD_AUDIT_HEAD:		return exec_cmd_audit_head;
	case CMD_USER_ADD:		return guard_cmd_user_add;
	case CMD_AS:			return guard_cmd_as;
	case CMD_SHOW_USERS:		return guard_cmd_show_users;
	case CMD_RULE_ADD:		return guard_cmd_rule_add;
	case CMD_RULE_LIST:		return guard_cmd_rule_list;
	case CMD_RULE_DEL:		return guard_cmd_rule_change;
	case CMD_RULE_DISABLE:		return guard_cmd_rule_change;
	case CMD_RULE_ENABLE:		return guard_cmd_rule_change;
	case CMD_LOAD_RULES:		return guard_cmd_load_rules;
	case CMD_APPROVE:		return guard_cmd_approve;
	case CMD_REJECT:		return guard_cmd_reject;
	case CMD_SHOW_COMPLIANCE:	return guard_cmd_show_log;
	case CMD_SHOW_AUDIT:		return guard_cmd_show_log;
	case CMD_SHOW_ALERTS:		return guard_cmd_show_log;
	case CMD_HALT:			return guard_cmd_halt;
	case CMD_RESUME:		return guard_cmd_resume;
	case CMD_SET:			return guard_cmd_set;
	case CMD_SHOW_SETTINGS:		return guard_cmd_show_settings;
	case CMD_IMPORT_TRADES:		return blocks_cmd_import_trades;
	case CMD_LOAD_POSITIONS:	return blocks_cmd_load_positions;
	case CMD_REBALANCE:		return blocks_cmd_rebalance;
	case CMD_REPORT_CONFIRMS:	return blocks_cmd_report_confirms;
	case CMD_REPORT_SUMMARY:	return blocks_cmd_report_summary;
	case CMD_BLOCK:			return blocks_cmd_block;
	case CMD_BLOCK_AUTO:		return blocks_cmd_block_auto;
	case CMD_ALLOC:			return blocks_cmd_alloc;
	case CMD_ALLOC_ALL:		return blocks_cmd_alloc_all;
	case CMD_SHOW_BLOCKS:		return blocks_cmd_show_blocks;
	case CMD_SHOW_BLOCK:		return blocks_cmd_show_block;
	case CMD_SHOW_ALLOCATIONS:	return blocks_cmd_show_allocations;
	case CMD_EXPECT_BLOCK:		return blocks_cmd_expect_block;
	case CMD_EXPECT_ALLOCATION:	return blocks_cmd_expect_allocation;
	default:			return NULL;
	}
}

int
exec_run(struct exec *x, const struct cmd *c, struct result *res,
    struct err *err)
{
	exec_cmd_fn *fn;
	int rc;

	exec_begin(x, res);
	if (guard_permit(x, c, err) == -1)
		rc = -1;
	else if ((fn = handler_of(c->kind)) == NULL)
		rc = err_set(err, "this command cannot run here");
	else
		rc = fn(x, c, err);
	(void)exec_set_res(x, NULL);
	return rc;
}

struct exec *
exec_new(struct store *st, int64_t now, bool remote, struct err *err)
{
	struct exec *x = exec_alloc(st, now, remote, err);

	if (!x)
		return NULL;
	guard_attach(x);
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
