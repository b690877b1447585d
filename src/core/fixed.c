/* src/core/fixed.c: exact decimal numbers as scaled 64-bit integers.
 *
 * Text is scanned once into a decimal (sign, integer part, fractional
 * digits) and only then scaled, so "more decimals than allowed", "not a
 * whole number" and "too large" are told apart from plain junk.  Products
 * are formed in 128 bits and rounded half away from zero once, at the end;
 * a product too large even for 128 bits falls back to long double and
 * saturates, which only happens for amounts no account can hold. */
#include "config.h"
#include "fixed.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

#define FRAC_DIGITS_MAX	18	/* fractional digits a decimal keeps */
#define INT_DIGITS_MAX	19	/* integer digits before "too large" */

static const int64_t pow10_tab[19] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL, 10000000000000LL, 100000000000000LL,
	1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
	1000000000000000000LL
};

/* "a" or "an" before WHAT, by its first letter. */
static const char *
article(const char *what)
{
	return strchr("aeiouAEIOU", what[0]) != NULL && what[0] != '\0' ?
	    "an" : "a";
}

/* Scan a decimal at S into D; see fixed.h.  Digits are compared as ASCII:
 * the locale never changes what a number is. */
const char *
fixed_scan(const char *s, unsigned flags, struct fixed_dec *d)
{
	const char *ip, *ipend, *fp, *fpend;

	memset(d, 0, sizeof *d);
	if (*s == '-') {
		d->neg = true;
		s++;
	} else if (*s == '+' && (flags & FIXED_SCAN_PLUS))
		s++;
	ip = s;
	while (*s >= '0' && *s <= '9')
		s++;
	ipend = fp = fpend = s;
	if (*s == '.') {
		fp = ++s;
		while (*s >= '0' && *s <= '9')
			s++;
		fpend = s;
	}
	if (ipend == ip && fpend == fp)
		return NULL;
	while (ip < ipend && *ip == '0')
		ip++;
	if (ipend - ip > INT_DIGITS_MAX)
		d->big = true;
	else
		for (; ip < ipend; ip++)
			d->ip = d->ip * 10 + (unsigned)(*ip - '0');
	while (fpend > fp && fpend[-1] == '0')
		fpend--;
	if (fpend - fp > FRAC_DIGITS_MAX)
		d->nfrac = FRAC_DIGITS_MAX + 1;
	else
		for (; fp < fpend; fp++, d->nfrac++)
			d->frac = d->frac * 10 + (unsigned)(*fp - '0');
	if ((flags & FIXED_SCAN_KM) && (*s == 'k' || *s == 'K')) {
		d->shift = 3;
		s++;
	} else if ((flags & FIXED_SCAN_KM) && (*s == 'm' || *s == 'M')) {
		d->shift = 6;
		s++;
	} else if ((flags & FIXED_SCAN_BN) && (s[0] == 'b' || s[0] == 'B') &&
	    (s[1] == 'n' || s[1] == 'N')) {
		d->shift = 9;
		s += 2;
	}
	return s;
}

/* 10^N for N in 0..19, in 128 bits. */
static unsigned __int128
pow10_wide(int n)
{
	return n <= 18 ? (unsigned __int128)pow10_tab[n] :
	    (unsigned __int128)pow10_tab[18] * 10;
}

/* D scaled by 10^DECIMALS into *OUT; see fixed.h. */
enum fixed_fit
fixed_dec_value(const struct fixed_dec *d, int decimals, int64_t *out)
{
	int	exp = decimals + d->shift, fexp;
	unsigned __int128 v = 0;

	if (d->nfrac > exp)
		return FIXED_FINE;
	fexp = exp - d->nfrac;
	/* ip < 10^19 and frac < 10^18: past 10^19 either alone is too big,
	 * and up to it each product and their sum fit in 128 bits. */
	if (d->big || (d->ip != 0 && exp > 19) || (d->frac != 0 && fexp > 19))
		return FIXED_BIG;
	if (d->ip != 0)
		v = d->ip * pow10_wide(exp);
	if (d->frac != 0)
		v += (unsigned __int128)d->frac * pow10_wide(fexp);
	if (v > (unsigned __int128)INT64_MAX)
		return FIXED_BIG;
	*out = d->neg ? -(int64_t)v : (int64_t)v;
	return FIXED_FIT;
}

/* Parse a plain decimal scaled by 10^DECIMALS; see fixed.h. */
int
fixed_parse(const char *s, int decimals, int64_t *out, const char *what,
    struct err *err)
{
	struct fixed_dec d;
	const char *end;

	if (what == NULL)
		what = "number";
	if (s == NULL)
		return err_set(err, "%s %s is missing", article(what), what);
	if (decimals < 0 || decimals > FRAC_DIGITS_MAX)
		return err_set(err, "%s: cannot keep %d decimals", what,
		    decimals);
	end = fixed_scan(s, 0, &d);
	if (end == NULL || *end != '\0')
		return err_set(err, "'%s' is not %s %s", s, article(what),
		    what);
	switch (fixed_dec_value(&d, decimals, out)) {
	case FIXED_FINE:
		if (decimals == 0)
			return err_set(err, "%s %s is not a whole number",
			    what, s);
		return err_set(err, "%s %s has more than %d decimal%s", what,
		    s, decimals, decimals == 1 ? "" : "s");
	case FIXED_BIG:
		return err_set(err, "%s %s is too large", what, s);
	default:
		return 0;
	}
}

/* Scale a scanned decimal by MULT into a whole number: 0, or -1 when the
 * result is fractional (NOT_WHOLE) or beyond LIMIT in magnitude (TOO_BIG). */
static int
dec_whole(const struct fixed_dec *d, int64_t mult, int64_t limit, int64_t *out,
    bool *not_whole, bool *too_big)
{
	unsigned __int128 num, den, v;

	*not_whole = *too_big = false;
	if (d->nfrac > FRAC_DIGITS_MAX) {
		*not_whole = true;
		return -1;
	}
	if (d->big || d->ip > (unsigned __int128)limit) {
		*too_big = true;
		return -1;
	}
	/* ip <= limit (< 10^16) times 10^18 times mult (<= 10^6) fits. */
	den = (unsigned __int128)pow10_tab[d->nfrac];
	num = (d->ip * den + d->frac) * (unsigned __int128)mult;
	if (num % den != 0) {
		*not_whole = true;
		return -1;
	}
	v = num / den;
	if (v > (unsigned __int128)limit) {
		*too_big = true;
		return -1;
	}
	*out = d->neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

/* Parse a whole quantity with an optional k/m suffix; see fixed.h. */
int
qty_parse(const char *s, int64_t *out, struct err *err)
{
	struct fixed_dec d;
	const char *end;
	int64_t	v;
	bool	not_whole, too_big;

	if (s == NULL)
		return err_set(err, "a quantity is missing");
	end = fixed_scan(s, FIXED_SCAN_KM, &d);
	if (end == NULL || *end != '\0')
		return err_set(err, "'%s' is not a quantity", s);
	if (dec_whole(&d, pow10_tab[d.shift], QTY_MAX, &v, &not_whole, &too_big) == -1) {
		if (not_whole)
			return err_set(err, "quantity %s is not a whole number",
			    s);
		return err_set(err, "quantity %s is too large (at most %lld)",
		    s, (long long)QTY_MAX);
	}
	*out = v;
	return 0;
}

/* Parse a duration in seconds with an optional s/m/h/d unit; see fixed.h. */
int
duration_parse(const char *s, int64_t *secs, struct err *err)
{
	/* A century is more than any clock advance needs. */
	static const int64_t limit = 100LL * 366 * 86400;
	struct fixed_dec d;
	const char *end;
	int64_t	mult = 1, v;
	bool	not_whole, too_big;

	if (s == NULL)
		return err_set(err, "a duration is missing");
	end = fixed_scan(s, 0, &d);
	if (end != NULL) {
		switch (tolower((unsigned char)*end)) {
		case 's': mult = 1; end++; break;
		case 'm': mult = 60; end++; break;
		case 'h': mult = 3600; end++; break;
		case 'd': mult = 86400; end++; break;
		default: break;
		}
	}
	if (end == NULL || *end != '\0')
		return err_set(err, "'%s' is not a duration (like 90, 30s, "
		    "5m, 2h or 1d)", s);
	if (d.neg)
		return err_set(err, "duration %s is negative", s);
	if (dec_whole(&d, mult, limit, &v, &not_whole, &too_big) == -1) {
		if (not_whole)
			return err_set(err, "duration %s is not a whole number "
			    "of seconds", s);
		return err_set(err, "duration %s is too long", s);
	}
	*secs = v;
	return 0;
}

/* Format V scaled by 10^DECIMALS into BUF; see fixed.h. */
char *
fixed_fmt(int64_t v, int decimals, int mindec, char *buf, size_t len)
{
	char	frac[FRAC_DIGITS_MAX + 2];
	uint64_t mag, scale, ip, fp;
	int	n;

	if (buf == NULL || len == 0)
		return buf;
	if (decimals < 0)
		decimals = 0;
	if (decimals > FRAC_DIGITS_MAX)
		decimals = FRAC_DIGITS_MAX;
	if (mindec < 0)
		mindec = 0;
	if (mindec > decimals)
		mindec = decimals;
	/* Magnitude in unsigned arithmetic so INT64_MIN formats too. */
	mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	scale = (uint64_t)pow10_tab[decimals];
	ip = mag / scale;
	fp = mag % scale;
	n = decimals;
	if (n > 0) {
		snprintf(frac, sizeof frac, "%0*llu", n,
		    (unsigned long long)fp);
		while (n > mindec && frac[n - 1] == '0')
			n--;
	}
	frac[n] = '\0';
	snprintf(buf, len, "%s%llu%s%s", v < 0 ? "-" : "",
	    (unsigned long long)ip, n > 0 ? "." : "", frac);
	return buf;
}

/* Divide P by C, rounding half away from zero, in 128 bits. */
static __int128
div_round128(__int128 p, __int128 c)
{
	__int128 q = p / c, r = p % c;
	__int128 ar = r < 0 ? -r : r, ac = c < 0 ? -c : c;

	if (2 * ar >= ac)
		q += ((p < 0) != (c < 0)) ? -1 : 1;
	return q;
}

/* Divide P by C, rounding half away from zero, saturating to 64 bits. */
static int64_t
div_round(__int128 p, __int128 c)
{
	__int128 q = div_round128(p, c);

	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
	return (int64_t)q;
}

/* Divide P by C, rounding half away from zero, into *OUT: 0, or -1 when
 * the quotient is beyond 64 bits. */
static int
div_round_fit(__int128 p, __int128 c, int64_t *out)
{
	__int128 q = div_round128(p, c);

	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

/* Round A*B/C half away from zero, in 128 bits; C == 0 is a bug. */
int64_t
fixed_muldiv(int64_t a, int64_t b, int64_t c)
{
	if (c == 0)
		fatal("fixed_muldiv: division by zero");
	return div_round((__int128)a * b, c);
}

/* A*B/C into *OUT, or -1 when it does not fit 64 bits; see fixed.h. */
int
fixed_muldiv_fit(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	if (c == 0)
		fatal("fixed_muldiv_fit: division by zero");
	return div_round_fit((__int128)a * b, c, out);
}

/* A*B/C rounded half away from zero in 128 bits; see fixed.h. */
__int128
fixed_muldiv128(__int128 a, __int128 b, __int128 c)
{
	if (c == 0)
		fatal("fixed_muldiv128: division by zero");
	return div_round128(a * b, c);
}

#define MONEY_DEN	(PX_SCALE * PX_SCALE / MONEY_SCALE)

/* Money of NOTIONAL times MULT in 128 bits, or -1; see fixed.h. */
int
money_wide(__int128 notional, int64_t mult, __int128 *out)
{
	__int128 p;

	if (__builtin_mul_overflow(notional, (__int128)mult, &p))
		return -1;
	*out = div_round128(p, MONEY_DEN);
	return 0;
}

/* Money of QTY at PX times MULT into *OUT, or -1; see fixed.h. */
int
money_mul(int64_t qty, int64_t px, int64_t mult, int64_t *out)
{
	__int128 m;

	/* |qty * px| < 2^126: only the multiplier can leave 128 bits. */
	if (money_wide((__int128)qty * px, mult, &m) == -1 ||
	    m > INT64_MAX || m < INT64_MIN)
		return -1;
	*out = (int64_t)m;
	return 0;
}

/* fixed_fmt() with thousands separators; see fixed.h. */
char *
fixed_fmt_sep(int64_t v, int decimals, int mindec, char *buf, size_t len)
{
	char	plain[48], out[64];
	const char *p = plain;
	size_t	nd, i, j = 0;

	if (buf == NULL || len == 0)
		return buf;
	fixed_fmt(v, decimals, mindec, plain, sizeof plain);
	if (*p == '-')
		out[j++] = *p++;
	nd = strcspn(p, ".");
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = p[i];
	}
	str_copy(out + j, sizeof out - j, p + nd);
	return str_copy(buf, len, out);
}

/* Money with thousands separators and cents; see fixed.h. */
char *
money_fmt(int64_t v, char *buf, size_t len)
{
	char	out[64];
	uint64_t mag, cents;

	if (buf == NULL || len == 0)
		return buf;
	mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	/* To cents, half away from zero; the sign stays even when they
	 * round to zero. */
	cents = mag / (MONEY_SCALE / 100) +
	    (mag % (MONEY_SCALE / 100) * 2 >= MONEY_SCALE / 100);
	out[0] = '-';
	fixed_fmt_sep((int64_t)cents, 2, 2, out + 1, sizeof out - 1);
	return str_copy(buf, len, v < 0 ? out : out + 1);
}

/* Money of QTY units at PX times MULT: round(qty*px*mult / 10^10). */
int64_t
money_of(int64_t qty, int64_t px, int64_t mult)
{
	static const int64_t den = MONEY_DEN;
	__int128 p;
	long double x;

	if (!__builtin_mul_overflow((__int128)qty * px, (__int128)mult, &p))
		return div_round(p, den);
	/* Beyond 128 bits the result cannot fit 64 bits either: saturate. */
	x = (long double)qty * (long double)px * (long double)mult /
	    (long double)den;
	x = roundl(x);
	if (x >= (long double)INT64_MAX)
		return INT64_MAX;
	if (x <= (long double)INT64_MIN)
		return INT64_MIN;
	return (int64_t)x;
}

/* Convert V scaled by 10^DECIMALS to a double, for display only. */
double
fixed_to_double(int64_t v, int decimals)
{
	if (decimals <= 0)
		return (double)v;
	if (decimals > FRAC_DIGITS_MAX)
		decimals = FRAC_DIGITS_MAX;
	return (double)v / (double)pow10_tab[decimals];
}
