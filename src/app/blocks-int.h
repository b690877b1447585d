/* src/app/blocks-int.h: what the files of the blocks part share
 * (blocks.c: blocks and allocation; import.c: positions, trade files and
 * rebalances; reports.c: confirmations and the day's summary).  Not for
 * the rest of the program. */
#ifndef BLOTTER_BLOCKS_INT_H
#define BLOTTER_BLOCKS_INT_H

struct err;
struct exec;
struct order;

/* Find block ID: live in the book, or done (copied to TMP); NULL with
 * ERR when there is no such order or it is not a block. */
struct order *blocks_find(struct exec *, const char *id, struct order *tmp,
	    struct err *);

#endif
