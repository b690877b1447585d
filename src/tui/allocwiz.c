/* src/tui/allocwiz.c: the allocation wizard's arithmetic and reading.
 *
 * The wizard's picture of a block is a struct allocwiz: the block's
 * terms and one entry per account of its orders, filled from the text
 * the engine prints for "show block B" (the worker of an interactive
 * session answers in text), then each account's share from the text of
 * "alloc B ... preview".  Readers go line by line and split on blanks:
 * ids, accounts and statuses never hold one.  They parse into a copy and
 * commit only a whole answer.
 *
 * The arithmetic is the re-balancing a trader's edit asks for: weights
 * are percentages (ALLOCWIZ_TOTAL is 100), split in exact integers with
 * 128-bit products and the largest-remainder rule, so they always add up
 * to exactly 100 and the command built from them says so. */
#include "config.h"
#include "allocwiz.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "result.h"

void
allocwiz_free(struct allocwiz *w)
{
	if (w == NULL)
		return;
	free(w->acct);
	memset(w, 0, sizeof *w);
}

/* ---- reading the engine's answers ------------------------------------ */

/* The entry of account NAME in ACCT (N entries, room for one more),
 * added when missing. */
static struct allocwiz_acct *
acct_of(struct allocwiz_acct **acct, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*acct)[i].account, name) == 0)
			return &(*acct)[i];
	*acct = xrealloc(*acct, (*n + 1) * sizeof **acct);
	struct allocwiz_acct *a = &(*acct)[(*n)++];
	memset(a, 0, sizeof *a);
	str_copy(a->account, sizeof a->account, name);
	return a;
}

int
allocwiz_read_block(struct allocwiz *w, const struct result *r,
    struct err *err)
{
	struct allocwiz t;
	struct result_item it;
	bool block = false, members = false;

	if (!w || !r)
		return err_set(err, "no answer to read");
	memset(&t, 0, sizeof t);
	for (size_t i = 0, n = result_count(r); i < n; i++) {
		result_at(r, i, &it);
		if (it.kind == RESULT_BLOCK && !block) {
			const struct result_block *b = it.block;
			block = true;
			str_copy(t.block, sizeof t.block, b->id);
			str_copy(t.symbol, sizeof t.symbol, b->symbol);
			str_copy(t.side, sizeof t.side,
			    order_side_name(b->side));
			str_copy(t.status, sizeof t.status,
			    order_status_name(b->status));
			t.qty = b->qty;
			t.filled = b->cum_qty;
			t.allocated = b->allocated;
			t.unallocated = b->cum_qty - b->allocated;
		} else if (it.kind == RESULT_ORDER_HEADER && block) {
			members = true;
		} else if (it.kind == RESULT_ORDER && members) {
			/* A member: its quantity is asked for, its fills
			 * are what was allocated to it. */
			struct allocwiz_acct *a = acct_of(&t.acct, &t.nacct,
			    it.order->account);
			a->norders++;
			a->request += it.order->qty;
			a->before += it.order->cum_qty;
		} else if (it.kind == RESULT_BOOKING_HEADER) {
			members = false;
		}
	}
	if (!block || t.nacct == 0) {
		free(t.acct);
		return err_set(err, "cannot read the block from the engine's "
		    "answer");
	}
	/* A fresh look at the same block keeps the weights a trader set. */
	for (size_t i = 0; i < t.nacct; i++)
		for (size_t j = 0; j < w->nacct; j++)
			if (strcmp(t.acct[i].account, w->acct[j].account) == 0)
				t.acct[i].weight = w->acct[j].weight;
	allocwiz_free(w);
	*w = t;
	return 0;
}

int
allocwiz_read_preview(struct allocwiz *w, const struct result *r,
    struct err *err)
{
	struct allocwiz_acct *acct;
	struct result_item it;
	const struct result_alloc *alloc = NULL;
	size_t n;

	if (!w || !r)
		return err_set(err, "no answer to read");
	n = w->nacct;
	acct = xcalloc(n + 1, sizeof *acct);
	if (n)
		memcpy(acct, w->acct, n * sizeof *acct);
	for (size_t i = 0; i < n; i++) {
		acct[i].qty = 0;
		acct[i].gross = 0;
	}
	for (size_t i = 0, ni = result_count(r); i < ni; i++) {
		result_at(r, i, &it);
		if (it.kind == RESULT_ALLOC) {
			alloc = it.alloc;
			continue;
		}
		if (it.kind != RESULT_ALLOC_ROW)
			continue;
		const struct result_alloc_row *row = it.alloc_row;
		struct allocwiz_acct *a = acct_of(&acct, &n, row->account);
		a->qty += row->qty;
		if (__builtin_add_overflow(a->gross, row->gross, &a->gross)) {
			free(acct);	/* never a wrapped total */
			return err_set(err, "cannot read the split from the "
			    "engine's answer");
		}
		/* An account the block did not list (a stale picture): its
		 * orders as the preview shows them. */
		if ((size_t)(a - acct) >= w->nacct) {
			a->norders++;
			a->request += row->requested;
			a->before += row->before;
		}
	}
	free(w->acct);
	w->acct = acct;
	w->nacct = n;
	w->have_preview = true;
	/* No allocation in the answer: nothing to allocate. */
	w->nothing = alloc == NULL;
	w->book_qty = alloc ? alloc->qty : 0;
	if (alloc)
		format_px(alloc->px, w->px, sizeof w->px);
	else
		w->px[0] = '\0';
	str_copy(w->method, sizeof w->method, alloc ? alloc->method : "");
	return 0;
}

/* ---- weights --------------------------------------------------------- */

void
allocwiz_basis(const struct allocwiz *w, enum alloc_method m, int64_t *out)
{
	for (size_t i = 0; w && i < w->nacct; i++)
		out[i] = m == ALLOC_PRORATA ? w->acct[i].request :
		    m == ALLOC_EVEN ? w->acct[i].norders : w->acct[i].weight;
}

int
allocwiz_normalize(const int64_t *basis, size_t n, int64_t total,
    int64_t *out, struct err *err)
{
	int64_t sum = 0, given = 0;
	int64_t *v;
	unsigned __int128 *rem;

	if (!basis || !out || n == 0)
		return err_set(err, "no weights to scale");
	if (total < 0)
		return err_set(err, "cannot scale weights to a negative total");
	for (size_t i = 0; i < n; i++) {
		if (basis[i] < 0)
			return err_set(err, "weight %zu is negative", i + 1);
		if (__builtin_add_overflow(sum, basis[i], &sum))
			return err_set(err, "the weights are too large");
	}
	v = xcalloc(n, sizeof *v);
	rem = xcalloc(n, sizeof *rem);
	for (size_t i = 0; i < n; i++) {
		if (sum == 0) {
			v[i] = total / (int64_t)n;
			rem[i] = (unsigned __int128)(total % (int64_t)n);
		} else {
			unsigned __int128 x = (unsigned __int128)total *
			    (uint64_t)basis[i];
			v[i] = (int64_t)(x / (uint64_t)sum);
			rem[i] = x % (uint64_t)sum;
		}
		given += v[i];
	}
	/* What rounding down left goes one unit at a time to the largest
	 * remainders; fewer than N units are left. */
	for (int64_t left = total - given; left > 0; left--) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (rem[i] > 0 && (best == n || rem[i] > rem[best]))
				best = i;
		if (best == n)
			break;
		v[best]++;
		rem[best] = 0;
	}
	memcpy(out, v, n * sizeof *out);
	free(v);
	free(rem);
	return 0;
}

int
allocwiz_rebalance(const int64_t *basis, size_t n, size_t k, int64_t share,
    int64_t *out, struct err *err)
{
	int64_t *others, *scaled;
	char pct[32];

	if (!basis || !out || n == 0)
		return err_set(err, "no accounts to share the booking");
	if (k >= n)
		return err_set(err, "account %zu is not in the block", k + 1);
	if (share < 0 || share > ALLOCWIZ_TOTAL)
		return err_set(err, "share %s%% is not between 0 and 100%%",
		    fixed_fmt(share, 6, 0, pct, sizeof pct));
	for (size_t i = 0; i < n; i++)
		if (basis[i] < 0)
			return err_set(err, "weight %zu is negative", i + 1);
	if (n == 1) {
		if (share != ALLOCWIZ_TOTAL)
			return err_set(err, "the only account takes the whole "
			    "booking");
		out[0] = ALLOCWIZ_TOTAL;
		return 0;
	}
	others = xcalloc(n - 1, sizeof *others);
	scaled = xcalloc(n - 1, sizeof *scaled);
	for (size_t i = 0, j = 0; i < n; i++)
		if (i != k)
			others[j++] = basis[i];
	if (allocwiz_normalize(others, n - 1, ALLOCWIZ_TOTAL - share, scaled,
	    err) == -1) {
		free(others);
		free(scaled);
		return -1;
	}
	for (size_t i = 0, j = 0; i < n; i++)
		out[i] = i == k ? share : scaled[j++];
	free(others);
	free(scaled);
	return 0;
}

int
allocwiz_parse_share(const char *text, int64_t booking, int64_t *share,
    struct err *err)
{
	char buf[64];
	size_t n;
	int64_t v;

	if (!text || !share)
		return err_set(err, "a share is missing");
	while (*text == ' ')
		text++;
	n = strlen(text);
	while (n > 0 && text[n - 1] == ' ')
		n--;
	if (n == 0)
		return err_set(err, "a share is missing (40%% of the booking, "
		    "or a quantity such as 300)");
	if (n >= sizeof buf)
		return err_set(err, "share '%s' is too long", text);
	memcpy(buf, text, n);
	buf[n] = '\0';
	if (buf[n - 1] == '%') {
		buf[--n] = '\0';
		while (n > 0 && buf[n - 1] == ' ')
			buf[--n] = '\0';
		if (fixed_parse(buf, 6, &v, "percentage", err) == -1)
			return -1;
		if (v < 0 || v > ALLOCWIZ_TOTAL)
			return err_set(err, "share %s%% is not between 0 and "
			    "100%%", buf);
		*share = v;
		return 0;
	}
	if (qty_parse(buf, &v, err) == -1)
		return err_prefix(err, "share: ");
	if (v < 0)
		return err_set(err, "share %s is below zero", buf);
	if (booking <= 0)
		return err_set(err, "share %s: there is no booking to take a "
		    "quantity of (give a percentage, like 40%%)", buf);
	if (v > booking)
		return err_set(err, "share %s is more than the booking of %"
		    PRId64, buf, booking);
	/* The smallest weight w with booking * w / TOTAL >= v. */
	unsigned __int128 x = (unsigned __int128)(uint64_t)v *
	    (uint64_t)ALLOCWIZ_TOTAL;
	*share = (int64_t)((x + (uint64_t)booking - 1) / (uint64_t)booking);
	return 0;
}

char *
allocwiz_command(const struct allocwiz *w, enum alloc_method m, bool preview,
    char *buf, size_t len)
{
	size_t used;
	int k;
	bool any = false;

	if (!buf || len == 0)
		return NULL;
	buf[0] = '\0';
	if (!w || !w->block[0])
		return NULL;
	k = snprintf(buf, len, "alloc %s method=%s", w->block,
	    alloc_method_name(m));
	if (k < 0 || (size_t)k >= len)
		goto full;
	used = (size_t)k;
	if (m == ALLOC_WEIGHTS) {
		for (size_t i = 0; i < w->nacct; i++) {
			char pct[32];
			if (w->acct[i].weight <= 0)
				continue;
			fixed_fmt(w->acct[i].weight, 6, 0, pct, sizeof pct);
			k = snprintf(buf + used, len - used, "%s%s:%s", any ?
			    "," : " weights=", w->acct[i].account, pct);
			if (k < 0 || (size_t)k >= len - used)
				goto full;
			used += (size_t)k;
			any = true;
		}
		if (!any)
			goto full;
	}
	if (preview) {
		k = snprintf(buf + used, len - used, " preview");
		if (k < 0 || (size_t)k >= len - used)
			goto full;
	}
	return buf;
full:
	buf[0] = '\0';
	return NULL;
}

bool
allocwiz_cmd(const struct allocwiz *w, enum alloc_method m, bool preview,
    struct cmd *c)
{
	struct cmd_alloc *a = &c->alloc;

	cmd_clear(c);
	if (!w || !w->block[0])
		return false;
	c->kind = CMD_ALLOC;
	str_copy(c->id, sizeof c->id, w->block);
	a->method = m;
	a->preview = preview;
	if (m != ALLOC_WEIGHTS)
		return true;
	for (size_t i = 0; i < w->nacct; i++) {
		if (w->acct[i].weight <= 0)
			continue;
		if (a->nweights == CMD_WEIGHTS_MAX)
			return false;
		str_copy(a->wacct[a->nweights], sizeof a->wacct[0],
		    w->acct[i].account);
		a->weight[a->nweights++] = w->acct[i].weight;
	}
	return a->nweights > 0;
}
