/* include/blocktree.h: the blotter's rows with each block's members
 * right under their block, whatever order the rows were sorted in. */
#ifndef BLOTTER_BLOCKTREE_H
#define BLOTTER_BLOCKTREE_H
#include <stddef.h>
#include "order.h"

/* Move every member of a block that is itself among the N ROWS to just
 * under its block, keeping the order ROWS had among the members of one
 * block and among everything else; members whose block is not among
 * ROWS stay where they are.  DEPTH (N entries, may be NULL) gets, per
 * row of the result, 1 for a member placed under its block, else 0;
 * NMEMBERS (may be NULL) gets, for a block, how many members it has
 * under it, else 0.  Pure: it reads the orders and moves pointers. */
void	blocktree_group(const struct order **rows, size_t n,
	    unsigned char *depth, size_t *nmembers);

#endif
