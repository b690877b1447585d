/* include/fx.h: currency rates, and money converted between currencies.
 *
 * "fx EURUSD 1.0850" says one EUR is 1.0850 USD.  A conversion uses the
 * direct pair, its inverse, or a cross through USD, in that order. */
#ifndef BLOTTER_FX_H
#define BLOTTER_FX_H
#include <stdbool.h>
#include <stdint.h>

struct err;
struct fx_table;

struct fx_table *fx_table_new(void);
void	fx_table_free(struct fx_table *);		/* NULL is a no-op */
/* Set PAIR ("EURUSD") to RATE (PX_SCALE, > 0). */
int	fx_set(struct fx_table *, const char *pair, int64_t rate,
	    struct err *);
/* The rate of PAIR as set (PX_SCALE), or 0 when unknown. */
int64_t	fx_get(const struct fx_table *, const char *pair);
/* Convert AMOUNT (MONEY_SCALE) in FROM into TO, in 128 bits.  Fails,
 * naming the pair that is missing, when no rate links the two, or saying
 * so when the converted amount is beyond 64 bits. */
int	fx_convert(const struct fx_table *, int64_t amount, const char *from,
	    const char *to, int64_t *out, struct err *);
/* Whether a rate links FROM and TO, so that an amount fx_convert() does
 * not convert is too large there rather than without a rate. */
bool	fx_linked(const struct fx_table *, const char *from, const char *to);
/* Call FN for each rate set, in the order they were first set. */
void	fx_each(const struct fx_table *,
	    void (*fn)(void *, const char *pair, int64_t rate), void *);

#endif
