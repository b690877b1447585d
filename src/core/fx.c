/* src/core/fx.c: currency rates, and money converted between currencies.
 *
 * Rates are kept as set, one per pair ("EURUSD" = USD per EUR), in an hmap
 * that remembers the order they were first set.  A conversion tries the
 * direct pair, then its inverse, then a cross through USD whose two legs
 * may each be direct or inverse; every leg rounds half away from zero. */
#include "config.h"
#include "fx.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fixed.h"
#include "hmap.h"
#include "instrument.h"

struct fx_table {
	struct hmap *rates;		/* pair -> int64_t * (PX_SCALE) */
};

/* Create an empty table. */
struct fx_table *
fx_table_new(void)
{
	struct fx_table *t = xcalloc(1, sizeof *t);

	t->rates = hmap_new();
	return t;
}

/* Free T and its rates; NULL is a no-op. */
void
fx_table_free(struct fx_table *t)
{
	if (t == NULL)
		return;
	hmap_free_values(t->rates);
	free(t);
}

/* True when PAIR is six capital letters. */
static bool
pair_valid(const char *pair)
{
	int	i;

	if (pair == NULL)
		return false;
	for (i = 0; i < 6; i++)
		if (pair[i] < 'A' || pair[i] > 'Z')
			return false;
	return pair[6] == '\0';
}

/* Set PAIR to RATE; refuses a malformed pair or a rate that is not > 0. */
int
fx_set(struct fx_table *t, const char *pair, int64_t rate, struct err *err)
{
	int64_t	*v;
	char	buf[48];

	if (!pair_valid(pair))
		return err_set(err, "'%s' is not a currency pair (six capital "
		    "letters, like EURUSD)", pair != NULL ? pair : "");
	if (memcmp(pair, pair + 3, 3) == 0)
		return err_set(err, "%s names the same currency twice", pair);
	if (rate <= 0)
		return err_set(err, "fx rate %s for %s must be positive",
		    fixed_fmt(rate, PX_DECIMALS, 0, buf, sizeof buf), pair);
	v = hmap_get(t->rates, pair);
	if (v == NULL) {
		v = xmalloc(sizeof *v);
		hmap_put(t->rates, pair, v);
	}
	*v = rate;
	return 0;
}

/* The rate of PAIR as set, or 0. */
int64_t
fx_get(const struct fx_table *t, const char *pair)
{
	const int64_t *v;

	if (t == NULL || pair == NULL)
		return 0;
	v = hmap_get(t->rates, pair);
	return v != NULL ? *v : 0;
}

/* The rate of FROM+TO glued into a pair, or 0. */
static int64_t
rate_of(const struct fx_table *t, const char *from, const char *to)
{
	char	pair[7];

	memcpy(pair, from, 3);
	memcpy(pair + 3, to, 3);
	pair[6] = '\0';
	return fx_get(t, pair);
}

/* Convert AMOUNT from FROM to TO by the direct or the inverse pair alone.
 * Returns 0, -1 when neither is set, or -2 when the result is beyond
 * 64 bits (it is formed in 128). */
static int
convert_leg(const struct fx_table *t, int64_t amount, const char *from,
    const char *to, int64_t *out)
{
	int64_t	r;

	if ((r = rate_of(t, from, to)) > 0)
		return fixed_muldiv_fit(amount, r, PX_SCALE, out) == 0 ? 0 : -2;
	if ((r = rate_of(t, to, from)) > 0)
		return fixed_muldiv_fit(amount, PX_SCALE, r, out) == 0 ? 0 : -2;
	return -1;
}

static int
too_large(int64_t amount, const char *from, const char *to, struct err *err)
{
	char	buf[48];

	return err_set(err, "%s %s is too large to convert to %s",
	    money_fmt(amount, buf, sizeof buf), from, to);
}

/* Convert AMOUNT in FROM into TO; fails naming the missing pair. */
int
fx_convert(const struct fx_table *t, int64_t amount, const char *from,
    const char *to, int64_t *out, struct err *err)
{
	int64_t	usd, v;
	int	rc;

	if (!ccy_valid(from) || !ccy_valid(to))
		return err_set(err, "cannot convert %s to %s: currencies are "
		    "three capital letters", from != NULL ? from : "",
		    to != NULL ? to : "");
	if (strcmp(from, to) == 0) {
		*out = amount;
		return 0;
	}
	if ((rc = convert_leg(t, amount, from, to, &v)) == 0) {
		*out = v;
		return 0;
	}
	if (rc == -2)
		return too_large(amount, from, to, err);
	if (strcmp(from, "USD") != 0 && strcmp(to, "USD") != 0 &&
	    (rc = convert_leg(t, amount, from, "USD", &usd)) == 0 &&
	    (rc = convert_leg(t, usd, "USD", to, &v)) == 0) {
		*out = v;
		return 0;
	}
	if (rc == -2)
		return too_large(amount, from, to, err);
	return err_set(err, "no fx rate for %s to %s: add one with "
	    "'fx %s%s RATE'", from, to, from, to);
}

/* Whether the direct or the inverse pair of FROM and TO is set. */
static bool
leg_set(const struct fx_table *t, const char *from, const char *to)
{
	return rate_of(t, from, to) > 0 || rate_of(t, to, from) > 0;
}

/* Whether fx_convert() finds a rate from FROM to TO (see fx.h). */
bool
fx_linked(const struct fx_table *t, const char *from, const char *to)
{
	if (!ccy_valid(from) || !ccy_valid(to))
		return false;
	if (strcmp(from, to) == 0 || leg_set(t, from, to))
		return true;
	return strcmp(from, "USD") != 0 && strcmp(to, "USD") != 0 &&
	    leg_set(t, from, "USD") && leg_set(t, "USD", to);
}

/* Call FN(ARG, pair, rate) for each rate, in the order first set. */
void
fx_each(const struct fx_table *t,
    void (*fn)(void *, const char *pair, int64_t rate), void *arg)
{
	size_t	pos = 0;
	const char *pair;
	void	*val;

	if (t == NULL)
		return;
	while (hmap_next(t->rates, &pos, &pair, &val))
		fn(arg, pair, *(const int64_t *)val);
}
