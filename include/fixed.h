/* include/fixed.h: exact decimal numbers as scaled 64-bit integers.
 *
 * Prices, rates, ticks and multipliers carry 8 decimals (PX_SCALE); amounts
 * of money carry 6 (MONEY_SCALE); quantities are whole units.  Products are
 * formed in 128 bits and rounded half away from zero once, at the end. */
#ifndef BLOTTER_FIXED_H
#define BLOTTER_FIXED_H
#include <stdint.h>
#include <stddef.h>

struct err;

#define PX_SCALE	100000000LL	/* 1.0 as a price, rate or multiplier */
#define PX_DECIMALS	8
#define MONEY_SCALE	1000000LL	/* 1.0 as an amount of money */
#define MONEY_DECIMALS	6
#define QTY_MAX		1000000000000LL	/* 1e12 units */
#define PX_MAX		(1000000000LL * PX_SCALE)	/* 1e9 per unit */
/* The most an order's notional, a position's cost or its realized P&L may
 * reach, in the instrument's currency: 1e12 (a trillion).  Orders that
 * could take one past it are refused at entry, which keeps every stored
 * amount, and sums of them, far inside the 64 bits they live in. */
#define MONEY_MAX	(1000000000000LL * MONEY_SCALE)

/* Parse a plain decimal ("12", "-0.5", "99.125") scaled by 10^DECIMALS into
 * OUT.  More decimals than DECIMALS, junk or overflow fail with ERR naming
 * the text.  WHAT names the field in the message ("price"). */
int	fixed_parse(const char *s, int decimals, int64_t *out, const char *what,
	    struct err *);
/* Parse a whole quantity with an optional k/m suffix ("5k", "2.5m"). */
int	qty_parse(const char *s, int64_t *out, struct err *);
/* Parse a clock duration "90", "30s", "5m", "2h" into seconds. */
int	duration_parse(const char *s, int64_t *secs, struct err *);
/* Format V scaled by 10^DECIMALS with at least MINDEC and at most DECIMALS
 * decimals (trailing zeros trimmed to MINDEC).  Returns BUF. */
char	*fixed_fmt(int64_t v, int decimals, int mindec, char *buf, size_t len);
/* Round A*B/C half away from zero, in 128 bits.  C must not be 0. */
int64_t	fixed_muldiv(int64_t a, int64_t b, int64_t c);
/* Money (MONEY_SCALE) of QTY units at price PX times multiplier MULT,
 * saturated to 64 bits: for display; money_mul() when it is kept. */
int64_t	money_of(int64_t qty, int64_t px, int64_t mult);
/* Money of QTY units at PX times MULT into *OUT: 0, or -1 (OUT unchanged)
 * when the amount is beyond 64 bits. */
int	money_mul(int64_t qty, int64_t px, int64_t mult, int64_t *out);
/* Money of NOTIONAL (quantities times prices, PX_SCALE x units) times
 * MULT, in 128 bits, into *OUT: 0, or -1 (OUT unchanged) when the product
 * is beyond 128 bits.  For sums and steps that must not round twice. */
int	money_wide(__int128 notional, int64_t mult, __int128 *out);
/* Round A*B/C half away from zero in 128 bits; A*B must fit 128 bits and
 * C must not be 0. */
__int128 fixed_muldiv128(__int128 a, __int128 b, __int128 c);
/* Round A*B/C half away from zero into *OUT: 0, or -1 (OUT unchanged)
 * when the result is beyond 64 bits.  C must not be 0. */
int	fixed_muldiv_fit(int64_t a, int64_t b, int64_t c, int64_t *out);
/* Format an amount of money (MONEY_SCALE) with thousands separators and
 * cents ("1,000,000,000,000.00").  Returns BUF. */
char	*money_fmt(int64_t v, char *buf, size_t len);
/* Convert to a double for display and comparison only. */
double	fixed_to_double(int64_t v, int decimals);

#endif
