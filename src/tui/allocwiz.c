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

#include "err.h"
#include "fixed.h"

#define TOKENS_MAX	16

void
allocwiz_free(struct allocwiz *w)
{
	if (w == NULL)
		return;
	free(w->acct);
	memset(w, 0, sizeof *w);
}

/* ---- reading the engine's answers ------------------------------------ */

/* Split the line at P (up to the newline) into at most TOKENS_MAX words
 * in BUF; returns how many, and sets *NEXT to the next line. */
static int
split_line(const char *p, char *buf, size_t len, char **tok,
    const char **next)
{
	size_t n = strcspn(p, "\n");
	int nt = 0;
	char *save = NULL;

	*next = p + n + (p[n] == '\n');
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	for (char *s = strtok_r(buf, " \t\r", &save); s && nt < TOKENS_MAX;
	    s = strtok_r(NULL, " \t\r", &save))
		tok[nt++] = s;
	return nt;
}

static int
get_int(const char *s, int64_t *v)
{
	char *end;
	long long x;

	if (!s || !*s)
		return -1;
	x = strtoll(s, &end, 10);
	if (*end != '\0' || x < 0)
		return -1;
	*v = x;
	return 0;
}

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
allocwiz_parse_block(struct allocwiz *w, const char *text, struct err *err)
{
	struct allocwiz t;
	char buf[512], *tok[TOKENS_MAX];
	const char *p = text, *next;
	enum { HEAD, ROW, UNALLOC, ORDERS_HEAD, ORDERS, DONE } st = HEAD;

	if (!w || !text)
		return err_set(err, "no answer to read");
	memset(&t, 0, sizeof t);
	for (; *p && st != DONE; p = next) {
		int nt = split_line(p, buf, sizeof buf, tok, &next);
		if (nt == 0)
			continue;
		switch (st) {
		case HEAD:
			if (strcmp(tok[0], "BLOCK") == 0)
				st = ROW;
			break;
		case ROW:
			if (nt < 9 || get_int(tok[3], &t.qty) == -1 ||
			    get_int(tok[4], &t.filled) == -1 ||
			    get_int(tok[5], &t.allocated) == -1)
				goto bad;
			str_copy(t.block, sizeof t.block, tok[0]);
			str_copy(t.symbol, sizeof t.symbol, tok[1]);
			str_copy(t.side, sizeof t.side, tok[2]);
			str_copy(t.status, sizeof t.status, tok[7]);
			t.unallocated = t.filled - t.allocated;
			st = UNALLOC;
			break;
		case UNALLOC:
			/* "900 unallocated; orders:" */
			if (nt >= 2 && strcmp(tok[1], "unallocated;") == 0 &&
			    get_int(tok[0], &t.unallocated) == 0)
				st = ORDERS_HEAD;
			else
				goto bad;
			break;
		case ORDERS_HEAD:
			if (strcmp(tok[0], "ID") != 0)
				goto bad;
			st = ORDERS;
			break;
		case ORDERS: {
			int64_t q, cum;
			if (nt == 1 && strcmp(tok[0], "allocations:") == 0) {
				st = DONE;
				break;
			}
			/* ID ACCOUNT SIDE QTY SYMBOL TYPE LIMIT STOP TIF
			 * STATUS CUM LEAVES AVGPX */
			if (nt < 13 || get_int(tok[3], &q) == -1 ||
			    get_int(tok[10], &cum) == -1)
				goto bad;
			struct allocwiz_acct *a = acct_of(&t.acct, &t.nacct,
			    tok[1]);
			a->norders++;
			a->request += q;
			a->before += cum;
			break;
		}
		case DONE:
			break;
		}
	}
	if (st != DONE || t.nacct == 0)
		goto bad;
	/* A fresh look at the same block keeps the weights a trader set. */
	for (size_t i = 0; i < t.nacct; i++)
		for (size_t j = 0; j < w->nacct; j++)
			if (strcmp(t.acct[i].account, w->acct[j].account) == 0)
				t.acct[i].weight = w->acct[j].weight;
	allocwiz_free(w);
	*w = t;
	return 0;
bad:
	free(t.acct);
	return err_set(err, "cannot read the block from the engine's answer");
}

int
allocwiz_parse_preview(struct allocwiz *w, const char *text, struct err *err)
{
	char buf[512], *tok[TOKENS_MAX];
	const char *p = text, *next;
	struct allocwiz_acct *acct;
	size_t n;
	int64_t book = 0;
	char px[32] = "", method[16] = "";
	bool nothing = false, head = false;

	if (!w || !text)
		return err_set(err, "no answer to read");
	n = w->nacct;
	acct = xcalloc(n + 1, sizeof *acct);
	if (n)
		memcpy(acct, w->acct, n * sizeof *acct);
	for (size_t i = 0; i < n; i++) {
		acct[i].qty = 0;
		acct[i].gross = 0;
	}
	int nt = split_line(p, buf, sizeof buf, tok, &next);
	/* "block B1: would book 900 AAPL at 100.02 (prorata)", or
	 * "block B1: nothing to allocate (...)". */
	if (nt >= 4 && strcmp(tok[0], "block") == 0 &&
	    strcmp(tok[2], "nothing") == 0) {
		nothing = true;
	} else if (nt == 9 && strcmp(tok[0], "block") == 0 &&
	    strcmp(tok[2], "would") == 0 && get_int(tok[4], &book) == 0 &&
	    tok[8][0] == '(' && tok[8][strlen(tok[8]) - 1] == ')') {
		str_copy(px, sizeof px, tok[7]);
		snprintf(method, sizeof method, "%.*s",
		    (int)strlen(tok[8]) - 2, tok[8] + 1);
	} else {
		goto bad;
	}
	for (p = next; *p && !nothing; p = next) {
		int64_t q, g;
		nt = split_line(p, buf, sizeof buf, tok, &next);
		if (nt == 0)
			continue;
		if (!head) {
			if (strcmp(tok[0], "ACCOUNT") != 0)
				goto bad;
			head = true;
			continue;
		}
		/* ACCOUNT ORDER REQUESTED BEFORE QTY PX GROSS */
		if (nt != 7 || get_int(tok[4], &q) == -1 ||
		    fixed_parse(tok[6], MONEY_DECIMALS, &g, "gross",
		    NULL) == -1)
			goto bad;
		struct allocwiz_acct *a = acct_of(&acct, &n, tok[0]);
		a->qty += q;
		if (__builtin_add_overflow(a->gross, g, &a->gross))
			goto bad;	/* never a wrapped total */
		/* An account the block did not list (a stale picture): its
		 * orders as the preview shows them. */
		if ((size_t)(a - acct) >= w->nacct) {
			int64_t r = 0, b = 0;
			if (get_int(tok[2], &r) == 0 &&
			    get_int(tok[3], &b) == 0) {
				a->norders++;
				a->request += r;
				a->before += b;
			}
		}
	}
	if (!nothing && !head)
		goto bad;
	free(w->acct);
	w->acct = acct;
	w->nacct = n;
	w->have_preview = true;
	w->nothing = nothing;
	w->book_qty = book;
	str_copy(w->px, sizeof w->px, px);
	str_copy(w->method, sizeof w->method, method);
	return 0;
bad:
	free(acct);
	return err_set(err, "cannot read the split from the engine's answer");
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
