/* src/tui/blocktree.c: members of a block under their block.
 *
 * The blotter sorts its rows (newest first, or by a column) and then
 * hands them here.  Each block among the rows is found by id through a
 * sorted index, each member whose block is present is chained to it in
 * the order the rows had, and the result is written out: everything but
 * the chained members in their old order, each block followed by its
 * chain.  O(n log n); the rows are only pointers, so nothing is copied
 * but them. */
#include "config.h"
#include "blocktree.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

struct block_ix {
	const char *id;
	size_t	row;
};

static int
ix_cmp(const void *a, const void *b)
{
	const struct block_ix *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	/* The first row of a repeated id wins: keep a stable order. */
	return c ? c : x->row < y->row ? -1 : x->row > y->row;
}

static int
ix_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct block_ix *)elem)->id);
}

void
blocktree_group(const struct order **rows, size_t n, unsigned char *depth,
    size_t *nmembers)
{
	struct block_ix *ix;
	size_t nix = 0;
	size_t *head, *tail, *next;
	const size_t NONE = (size_t)-1;
	const struct order **out;
	unsigned char *is_member;

	if (!rows || n == 0)
		return;
	ix = xcalloc(n, sizeof *ix);
	for (size_t i = 0; i < n; i++)
		if (order_is_block(rows[i]))
			ix[nix++] = (struct block_ix){ rows[i]->id, i };
	qsort(ix, nix, sizeof *ix, ix_cmp);
	head = xcalloc(n, sizeof *head);
	tail = xcalloc(n, sizeof *tail);
	next = xcalloc(n, sizeof *next);
	is_member = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++)
		head[i] = tail[i] = next[i] = NONE;
	for (size_t i = 0; nix && i < n; i++) {
		if (!order_in_block(rows[i]))
			continue;
		const struct block_ix *b = bsearch(rows[i]->block, ix, nix,
		    sizeof *ix, ix_key);
		if (!b)
			continue;
		/* bsearch may land on any of equal ids: take the first. */
		while (b > ix && strcmp(b[-1].id, b->id) == 0)
			b--;
		size_t p = b->row;
		if (head[p] == NONE)
			head[p] = i;
		else
			next[tail[p]] = i;
		tail[p] = i;
		is_member[i] = 1;
	}
	out = xcalloc(n, sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_member[i])
			continue;
		size_t count = 0;
		if (depth)
			depth[k] = 0;
		size_t at = k;
		out[k++] = rows[i];
		for (size_t j = head[i]; j != NONE; j = next[j]) {
			if (depth)
				depth[k] = 1;
			if (nmembers)
				nmembers[k] = 0;
			out[k++] = rows[j];
			count++;
		}
		if (nmembers)
			nmembers[at] = count;
	}
	memcpy(rows, out, n * sizeof *rows);
	free(out);
	free(is_member);
	free(next);
	free(tail);
	free(head);
	free(ix);
}
