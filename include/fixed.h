/* include/fixed.h: exact decimal numbers as scaled 64-bit integers.
 *
 * Prices, rates, ticks and multipliers carry 8 decimals (PX_SCALE); amounts
 * of money carry 6 (MONEY_SCALE); quantities are whole units.  Products are
 * formed in 128 bits and rounded half away from zero once, at the end. */
#ifndef BLOTTER_FIXED_H
#define BLOTTER_FIXED_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* A decimal number as written, scanned before it is scaled:
 * (ip + frac / 10^nfrac) x 10^shift, negated when neg.  The one scanner
 * of numbers in text: every parser reads digits through fixed_scan() and
 * words its own messages from the fields. */
struct fixed_dec {
	bool	neg;
	bool	big;		/* more than 19 integer digits */
	unsigned __int128 ip;	/* integer part (when not big) */
	uint64_t frac;		/* fractional digits, trailing zeros gone */
	int	nfrac;		/* digits in frac; 19 when more than 18 */
	int	shift;		/* the suffix's power of ten: k 3, m 6, bn 9 */
};

#define FIXED_SCAN_KM	1u	/* a k or m suffix (any case) */
#define FIXED_SCAN_BN	2u	/* a bn suffix (any case) */
#define FIXED_SCAN_PLUS	4u	/* a leading + */

/* How a scanned decimal fits a scale. */
enum fixed_fit { FIXED_FIT, FIXED_FINE, FIXED_BIG };

/* Scan [-]digits[.digits] (at least one digit) at S into D, with the
 * suffixes and sign FLAGS allow.  Returns the end of the number, where
 * the caller decides what may follow, or NULL when S does not start with
 * one. */
const char *fixed_scan(const char *s, unsigned flags, struct fixed_dec *);
/* D scaled by 10^DECIMALS (0..18) into *OUT: FIXED_FIT; FIXED_FINE when
 * it has more decimals than that, FIXED_BIG when its magnitude is past
 * INT64_MAX (checked in that order; OUT unchanged on failure). */
enum fixed_fit fixed_dec_value(const struct fixed_dec *, int decimals,
	    int64_t *out);

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
/* fixed_fmt() with a comma between each three integer digits
 * ("-1,000,000.5").  Returns BUF. */
char	*fixed_fmt_sep(int64_t v, int decimals, int mindec, char *buf,
	    size_t len);
/* Format an amount of money (MONEY_SCALE) with thousands separators and
 * cents ("1,000,000,000,000.00").  Returns BUF. */
char	*money_fmt(int64_t v, char *buf, size_t len);
/* Convert to a double for display and comparison only. */
double	fixed_to_double(int64_t v, int decimals);

#endif
