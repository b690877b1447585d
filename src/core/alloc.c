/* src/core/alloc.c: the arithmetic of block trading, kept pure.
 *
 * alloc_split() works on a private array of shares, one per member that
 * can still take something (room = request - done > 0, and a weight above
 * 0 under the weights method).  It runs in three steps, all in exact
 * integers:
 *
 *  1. Ideal shares.  Each share is QTY x basis / S, kept as a whole part
 *     q and a remainder r over the common denominator S (the sum of the
 *     bases still sharing).  A member whose ideal exceeds its room is
 *     capped at its room and leaves the pool; the rest is shared again
 *     among the others, until no cap binds.  Capping every member over
 *     its room in one round is safe: taking capped members out can only
 *     raise the others' shares, so a cap never has to be undone.
 *  2. Whole lots.  Every share is rounded down to the lot; the lots left
 *     over go one at a time, at most one per member, to the largest
 *     remainders, skipping a member with no room for a whole lot.
 *  3. Pieces.  What is left (less than a lot, or lots nobody had room
 *     for) goes to the members furthest below their ideal first, each
 *     taking all it can up to its room, so odd lots stay few.
 *
 * Every member ends within one lot of its ideal share, and the shares add
 * up to QTY.  Products such as QTY x request are formed in 128 bits: no
 * intermediate can overflow for any 64-bit inputs.
 *
 * Settlement dates count the trading days of the calendar (calendar.c),
 * so they skip exchange holidays as well as weekends. */
#include "config.h"
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "err.h"
#include "fixed.h"
#include "names.h"

static const char *const alloc_method_names[ALLOC_METHOD_COUNT] = {
	[ALLOC_PRORATA] = "prorata",
	[ALLOC_EVEN] = "even",
	[ALLOC_WEIGHTS] = "weights",
};

/* One member that can take part of the booking. */
struct share {
	struct alloc_member *m;
	size_t	idx;		/* position in the caller's array */
	int64_t	room;		/* request - done */
	int64_t	basis;		/* request, 1 or weight */
	int64_t	q;		/* ideal share: whole units ... */
	__int128 r;		/* ... plus r / S (0 once capped) */
	int64_t	got;		/* what it is given so far */
	int64_t	key;		/* sort key: units below the ideal */
	bool	capped;		/* ideal is its room; out of the pool */
};

/* A name for member I in messages: its order id, else its account. */
static const char *
member_name(const struct alloc_member *m, size_t i, char *buf, size_t len)
{
	if (m->order_id != NULL && m->order_id[0] != '\0')
		snprintf(buf, len, "order %s", m->order_id);
	else if (m->account != NULL && m->account[0] != '\0')
		snprintf(buf, len, "account %s", m->account);
	else
		snprintf(buf, len, "member %zu", i + 1);
	return buf;
}

/* NULL-safe strcmp: a missing id sorts as "". */
static int
id_cmp(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* qsort order: larger key, then larger remainder, then larger request,
 * then account and order id ascending, then the caller's order. */
static int
share_cmp(const void *pa, const void *pb)
{
	const struct share *a = pa, *b = pb;
	int	c;

	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	if (a->r != b->r)
		return a->r > b->r ? -1 : 1;
	if (a->m->request != b->m->request)
		return a->m->request > b->m->request ? -1 : 1;
	if ((c = id_cmp(a->m->account, b->m->account)) != 0)
		return c;
	if ((c = id_cmp(a->m->order_id, b->m->order_id)) != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Check every member's fields; fills ROOM (total room) and WROOM (room of
 * the members that can share under METHOD). */
static int
check_members(enum alloc_method method, const struct alloc_member *mem,
    size_t n, __int128 *room, __int128 *wroom, struct err *err)
{
	char	name[64], w[32];
	size_t	i;

	*room = *wroom = 0;
	for (i = 0; i < n; i++) {
		const struct alloc_member *m = &mem[i];

		if (m->request <= 0)
			return err_set(err, "%s: its quantity %lld is not "
			    "positive", member_name(m, i, name, sizeof name),
			    (long long)m->request);
		if (m->done < 0 || m->done > m->request)
			return err_set(err, "%s: %lld already allocated does "
			    "not fit its quantity %lld",
			    member_name(m, i, name, sizeof name),
			    (long long)m->done, (long long)m->request);
		if (method == ALLOC_WEIGHTS && m->weight < 0)
			return err_set(err, "%s: weight %s is negative",
			    member_name(m, i, name, sizeof name),
			    fixed_fmt(m->weight, 6, 0, w, sizeof w));
		*room += m->request - m->done;
		if (method != ALLOC_WEIGHTS || m->weight > 0)
			*wroom += m->request - m->done;
	}
	return 0;
}

/* Step 1: the ideal shares of QTY among SH[0..NS), capped at each room. */
static void
ideal_shares(struct share *sh, size_t ns, int64_t qty)
{
	int64_t	left = qty;
	bool	again = true;
	size_t	i;

	while (again) {
		__int128 s = 0;
		int64_t	next = left;

		again = false;
		for (i = 0; i < ns; i++)
			if (!sh[i].capped)
				s += sh[i].basis;
		if (s == 0)
			break;
		for (i = 0; i < ns; i++) {
			__int128 p;

			if (sh[i].capped)
				continue;
			p = (__int128)left * sh[i].basis;
			sh[i].q = (int64_t)(p / s);
			sh[i].r = p % s;
			if (sh[i].q > sh[i].room ||
			    (sh[i].q == sh[i].room && sh[i].r > 0)) {
				sh[i].capped = true;
				sh[i].q = sh[i].room;
				sh[i].r = 0;
				next -= sh[i].room;
				again = true;
			}
		}
		left = next;
	}
}

/* Split QTY among the members by METHOD in lots of LOT; see alloc.h. */
int
alloc_split(enum alloc_method method, int64_t qty, int64_t lot,
    struct alloc_member *mem, size_t n, struct err *err)
{
	struct share *sh;
	__int128 room, wroom;
	int64_t	left;
	size_t	i, ns;

	if (mem != NULL)
		for (i = 0; i < n; i++)
			mem[i].out = 0;
	if (mem == NULL || n == 0)
		return err_set(err, "there is nothing to allocate to: the "
		    "block has no members");
	if ((unsigned)method >= ALLOC_METHOD_COUNT)
		return err_set(err, "allocation method %d is unknown",
		    (int)method);
	if (lot < 1)
		return err_set(err, "cannot allocate in lots of %lld: a lot "
		    "is at least 1", (long long)lot);
	if (qty < 0)
		return err_set(err, "cannot allocate %lld: the quantity is "
		    "negative", (long long)qty);
	if (check_members(method, mem, n, &room, &wroom, err) == -1)
		return -1;
	if (qty == 0)
		return 0;
	if (room == 0)
		return err_set(err, "cannot allocate %lld: every member of "
		    "the block already has all it asked for", (long long)qty);
	if (qty > room)
		return err_set(err, "cannot allocate %lld: the block's "
		    "members can take only %lld more", (long long)qty,
		    (long long)room);
	if (wroom == 0)
		return err_set(err, "cannot allocate %lld: every member "
		    "with room left has weight 0", (long long)qty);
	if (qty > wroom)
		return err_set(err, "cannot allocate %lld: the members with "
		    "a weight can take only %lld more (%lld short)",
		    (long long)qty, (long long)wroom,
		    (long long)(qty - wroom));

	sh = xcalloc(n, sizeof *sh);
	for (i = ns = 0; i < n; i++) {
		struct alloc_member *m = &mem[i];
		int64_t	basis;

		basis = method == ALLOC_PRORATA ? m->request :
		    method == ALLOC_EVEN ? 1 : m->weight;
		if (m->request - m->done == 0 || basis == 0)
			continue;
		sh[ns].m = m;
		sh[ns].idx = i;
		sh[ns].room = m->request - m->done;
		sh[ns].basis = basis;
		ns++;
	}
	ideal_shares(sh, ns, qty);

	/* Step 2: round down to lots, then one leftover lot per member. */
	left = qty;
	for (i = 0; i < ns; i++) {
		sh[i].got = sh[i].q - sh[i].q % lot;
		sh[i].key = sh[i].q % lot;
		left -= sh[i].got;
	}
	qsort(sh, ns, sizeof *sh, share_cmp);
	for (i = 0; i < ns && left >= lot; i++) {
		if (sh[i].room - sh[i].got < lot)
			continue;	/* a whole lot would overfill it */
		sh[i].got += lot;
		left -= lot;
	}

	/* Step 3: the rest in pieces, furthest below the ideal first. */
	if (left > 0) {
		for (i = 0; i < ns; i++)
			sh[i].key = sh[i].q - sh[i].got;
		qsort(sh, ns, sizeof *sh, share_cmp);
		for (i = 0; i < ns && left > 0; i++) {
			int64_t	take = sh[i].room - sh[i].got;

			if (take > left)
				take = left;
			sh[i].got += take;
			left -= take;
		}
	}
	/* The room was checked above: everything fits. */
	if (left != 0)
		fatal("alloc_split: %lld of %lld left unplaced",
		    (long long)left, (long long)qty);
	for (i = 0; i < ns; i++)
		sh[i].m->out = sh[i].got;
	free(sh);
	return 0;
}

/* The lower-case name of METHOD, or "?" for a value out of range. */
const char *
alloc_method_name(enum alloc_method method)
{
	return names_get(alloc_method_names, ALLOC_METHOD_COUNT, (int)method);
}

/* Parse an allocation method name, ignoring case. */
int
alloc_method_parse(const char *s, enum alloc_method *out, struct err *err)
{
	int	i = names_find(alloc_method_names, 0, ALLOC_METHOD_COUNT, s);

	if (i >= 0) {
		*out = (enum alloc_method)i;
		return 0;
	}
	return err_set(err, "'%s' is not an allocation method (prorata, "
	    "even or weights)", s != NULL ? s : "");
}

/* Units for WEIGHT_PCT of NAV at MARK x MULT, to the nearest LOT.
 *
 * units = (weight_pct / 1e8 / 100) x (nav / 1e6) / (mark / 1e8 x mult / 1e8)
 *       = weight_pct x nav / (mark x mult): the scales cancel exactly. */
int64_t
rebalance_target(int64_t weight_pct, int64_t nav, int64_t mark,
    int64_t mult, int64_t lot)
{
	__int128 num, den;
	unsigned __int128 an, ad, q, rem;
	bool	neg;

	if (mark <= 0 || mult <= 0)
		return 0;
	if (lot < 1)
		lot = 1;
	/* |num| < 2^126 and mark x mult < 2^126; only x lot can overflow,
	 * and then the quotient is below one half: zero lots. */
	num = (__int128)weight_pct * nav;
	if (__builtin_mul_overflow((__int128)mark * mult, (__int128)lot, &den))
		return 0;
	neg = num < 0;
	an = neg ? -(unsigned __int128)num : (unsigned __int128)num;
	ad = (unsigned __int128)den;
	q = an / ad;
	rem = an % ad;
	if (2 * rem >= ad)	/* ad < 2^127: no wrap */
		q++;
	/* Saturate a target no position could hold. */
	if (q > (unsigned __int128)(INT64_MAX / lot))
		return neg ? INT64_MIN : INT64_MAX;
	return neg ? -(int64_t)q * lot : (int64_t)q * lot;
}

/* Business days from trade to settlement for INST (2 when NULL). */
int
settle_days(const struct instrument *inst)
{
	if (inst == NULL)
		return 2;
	switch (inst->cls) {
	case ASSET_EQUITY:
		return strcmp(inst->ccy, "USD") == 0 ? 1 : 2;
	case ASSET_BOND:
	case ASSET_FUTURE:
	case ASSET_OPTION:
		return 1;
	case ASSET_FX:
	default:
		return 2;
	}
}

/* The date DAYS business days after TRADE on calendar CAL (weekends only
 * when NULL); see calendar_add_trading_days(). */
int32_t
settle_date(const struct calendar *cal, int32_t trade, int days)
{
	return calendar_add_trading_days(cal, trade, days);
}
