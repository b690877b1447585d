/* src/app/demo.c: the demo market.  The worker calls market() at each
 * tick of an interactive session; the first call adds every instrument of
 * the book to a seeded md_sim, and each call hands the quotes that moved
 * to the engine, which fills resting orders against them. */
#include "config.h"
#include "demo.h"

#include <stdlib.h>

#include "book.h"
#include "err.h"
#include "exec.h"
#include "md.h"
#include "quote.h"
#include "runtime.h"

#define DEMO_QUOTES	256

struct demo {
	struct md_sim *md;
	uint64_t seed;
	bool	started;
};

static struct demo *demo;

static void
market(void *ctx, struct exec *x, int64_t now)
{
	struct demo *d = ctx;
	struct quote q[DEMO_QUOTES];
	struct err err = { "" };
	size_t n;

	if (!d->started) {
		const struct instrument *in;
		size_t pos = 0;
		while ((in = book_next_instrument(exec_book(x), &pos)))
			(void)md_sim_add(d->md, in, 0, &err);
		d->started = true;
	}
	n = md_sim_step(d->md, now, q, DEMO_QUOTES);
	for (size_t i = 0; i < n; i++)
		if (exec_market(x, &q[i], &err) == -1 && exec_store_failed(x))
			return;
}

void
demo_market_attach(struct runtime_opts *ro, uint64_t seed)
{
	demo = xcalloc(1, sizeof *demo);
	demo->md = md_sim_new(seed);
	demo->seed = seed;
	ro->market = market;
	ro->market_ctx = demo;
}

void
demo_market_free(void)
{
	if (!demo)
		return;
	md_sim_free(demo->md);
	free(demo);
	demo = NULL;
}
