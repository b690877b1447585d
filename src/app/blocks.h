/* src/app/blocks.h: blocks, allocation, imports, rebalances and
 * confirmations, as a part of the engine (see exec-part.h): blocks.c,
 * import.c and reports.c.  For exec-run.c only. */
#ifndef BLOTTER_BLOCKS_H
#define BLOTTER_BLOCKS_H

struct cmd;
struct err;
struct exec;

/* Attach blocks to X's hooks: block members follow their block, staged
 * blocks release with their members, fills not yet booked show. */
void	blocks_attach(struct exec *);

/* Command handlers (see exec-run.c). */
int	blocks_cmd_block(struct exec *, const struct cmd *, struct err *);
int	blocks_cmd_block_auto(struct exec *, const struct cmd *, struct err *);
int	blocks_cmd_alloc(struct exec *, const struct cmd *, struct err *);
int	blocks_cmd_alloc_all(struct exec *, const struct cmd *, struct err *);
int	blocks_cmd_show_blocks(struct exec *, const struct cmd *,
	    struct err *);
int	blocks_cmd_show_allocations(struct exec *, const struct cmd *,
	    struct err *);
int	blocks_cmd_show_block(struct exec *, const struct cmd *, struct err *);
int	blocks_cmd_expect_block(struct exec *, const struct cmd *,
	    struct err *);
int	blocks_cmd_expect_allocation(struct exec *, const struct cmd *,
	    struct err *);
int	blocks_cmd_import_trades(struct exec *, const struct cmd *,
	    struct err *);
int	blocks_cmd_load_positions(struct exec *, const struct cmd *,
	    struct err *);
int	blocks_cmd_rebalance(struct exec *, const struct cmd *, struct err *);
int	blocks_cmd_report_confirms(struct exec *, const struct cmd *,
	    struct err *);
int	blocks_cmd_report_summary(struct exec *, const struct cmd *,
	    struct err *);

#endif
