/* src/app/exec-wait.c: wait order: commit what came before, then work
 * the venues' I/O (or, when another blotter holds them, watch the store)
 * until the order has the status asked for or the time is up. */
#include "config.h"
#include "exec.h"

#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "book.h"
#include "cmd.h"
#include "err.h"
#include "store.h"
#include "exec-int.h"
#include "exec-part.h"

static int64_t
mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Whether order ID has STATUS now: 1, 0 (*NOW its status, or *SEEN
 * false when there is no such order yet: a client's may come), -1 (the
 * store failed). */
static int
order_has(struct exec *x, const char *id, enum order_status status,
    enum order_status *now, bool *seen, struct err *err)
{
	struct order tmp, *o = book_order(exec_book_rw(x), id);
	int	r;

	if (!o) {
		r = store_get_order(x->st, id, &tmp, err);
		if (r == -1)
			return exec_store_fail(x, err);
		if (r == 0) {
			*seen = false;
			return 0;
		}
		o = &tmp;
	}
	*seen = true;
	*now = o->status;
	return o->status == status;
}

/* wait order ID status=S [timeout=D]: commit what came before, then work
 * the venues' I/O (or, when another blotter holds them, watch the store)
 * until the order has S or the time is up. */
int
exec_cmd_wait_order(struct exec *x, const struct cmd *c, struct err *err)
{
	int64_t	until = mono_ms() + c->t * 1000;
	enum order_status now = ORDER_PENDING_NEW;
	bool	seen = false;
	int	r;

	while ((r = order_has(x, c->id, c->exp.status, &now, &seen, err)) ==
	    0) {
		int64_t left = until - mono_ms();
		if (left <= 0 && !seen)
			return err_set(err, "there is no order %s after %llds",
			    c->id, (long long)c->t);
		if (left <= 0)
			return err_set(err, "order %s is %s, not %s, after %llds",
			    c->id, order_status_name(now), order_status_name(
			    c->exp.status), (long long)c->t);
		if (store_commit(x->st, err) == -1)
			return exec_store_fail(x, err);
		exec_venues_committed(x);
		exec_venues_flush(x);
		struct pollfd p[EXEC_MAX_VENUES];
		int t = 100, n = x->remote ? 0 : exec_venues_wait(x, p,
		    EXEC_MAX_VENUES, &t);
		if (t < 0 || t > 100)
			t = 100;
		if (t > left)
			t = (int)left;
		(void)poll(p, (nfds_t)n, t);
		if (store_begin(x->st, err) == -1)
			return exec_store_fail(x, err);
		if (x->remote ? exec_follow_others(x, err) == -1 :
		    exec_venues_poll(x, err) == -1 ||
		    exec_venues_gather(x, -1, err) == -1)
			return -1;
	}
	return r == 1 ? 0 : -1;
}
