/* src/core/sha256.c: SHA-256 (FIPS 180-4) for the audit trail's hash chain.
 *
 * A context holds the eight state words, the bytes hashed so far and a
 * partial block.  Whole 64-byte blocks go straight from the caller's
 * buffer to the block function; only the tail is copied.
 *
 * Two block functions: portable C, and on x86-64 processors with the SHA
 * extensions (cpuid leaf 7, EBX bit 29) the sha256rnds2/msg1/msg2
 * instructions, about five times faster.  The choice is made once, at the
 * first block, and kept in an atomic (the worker and a verify may hash at
 * the same time).  Both give the same digests; the tests check the NIST
 * vectors on whichever this machine uses.
 *
 * HMAC (RFC 2104) keeps the inner and outer contexts with the padded key
 * already hashed: a MAC then costs the message and two more blocks. */
#include "config.h"
#include "sha256.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(SHA256_PORTABLE_ONLY)
#define SHA256_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n)	((x) >> (n) | (x) << (32 - (n)))

static uint32_t
load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Hash N 64-byte blocks of P into H: FIPS 180-4, section 6.2.2, with the
 * message schedule kept in a ring of 16 words. */
static void
blocks_portable(uint32_t h[8], const unsigned char *p, size_t n)
{
	uint32_t w[16], a, b, c, d, e, f, g, hh, t1, t2, s0, s1;
	int	i;

	for (; n > 0; n--, p += 64) {
		for (i = 0; i < 16; i++)
			w[i] = load_be32(p + 4 * i);
		a = h[0];
		b = h[1];
		c = h[2];
		d = h[3];
		e = h[4];
		f = h[5];
		g = h[6];
		hh = h[7];
		for (i = 0; i < 64; i++) {
			if (i >= 16) {
				s0 = w[(i + 1) & 15];
				s0 = ROR(s0, 7) ^ ROR(s0, 18) ^ (s0 >> 3);
				s1 = w[(i + 14) & 15];
				s1 = ROR(s1, 17) ^ ROR(s1, 19) ^ (s1 >> 10);
				w[i & 15] += s0 + s1 + w[(i + 9) & 15];
			}
			t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
			    ((e & f) ^ (~e & g)) + k256[i] + w[i & 15];
			t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
			    ((a & b) ^ (a & c) ^ (b & c));
			hh = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += hh;
	}
}

#ifdef SHA256_NI
/*
 * The same with the SHA extensions.  The state lives in two registers,
 * ABEF and CDGH; each sha256rnds2 does two rounds, so a group of four
 * rounds is two of them with the message words plus constants shifted
 * down between.  The schedule for group G + 1 is finished (msg2) in group
 * G and started (msg1) a group after its words were last used.
 */
#define NI_GROUP(g, m, mprev, mnext)					\
	do {								\
		msg = _mm_add_epi32(m, _mm_loadu_si128(			\
		    (const __m128i *)&k256[4 * (g)]));			\
		st1 = _mm_sha256rnds2_epu32(st1, st0, msg);		\
		if ((g) >= 3 && (g) < 15) {				\
			tmp = _mm_alignr_epi8(m, mprev, 4);		\
			mnext = _mm_add_epi32(mnext, tmp);		\
			mnext = _mm_sha256msg2_epu32(mnext, m);		\
		}							\
		msg = _mm_shuffle_epi32(msg, 0x0e);			\
		st0 = _mm_sha256rnds2_epu32(st0, st1, msg);		\
		if ((g) >= 1 && (g) <= 12)				\
			mprev = _mm_sha256msg1_epu32(mprev, m);		\
	} while (0)

__attribute__((target("sha,sse4.1")))
static void
blocks_ni(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i	st0, st1, msg, tmp, m0, m1, m2, m3, save0, save1;

	tmp = _mm_loadu_si128((const __m128i *)&h[0]);
	st1 = _mm_loadu_si128((const __m128i *)&h[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xb1);		/* CDAB */
	st1 = _mm_shuffle_epi32(st1, 0x1b);		/* EFGH */
	st0 = _mm_alignr_epi8(tmp, st1, 8);		/* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xf0);		/* CDGH */
	for (; n > 0; n--, p += 64) {
		save0 = st0;
		save1 = st1;
		m0 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(p + 0)), bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(p + 48)), bswap);
		NI_GROUP(0, m0, m3, m1);
		NI_GROUP(1, m1, m0, m2);
		NI_GROUP(2, m2, m1, m3);
		NI_GROUP(3, m3, m2, m0);
		NI_GROUP(4, m0, m3, m1);
		NI_GROUP(5, m1, m0, m2);
		NI_GROUP(6, m2, m1, m3);
		NI_GROUP(7, m3, m2, m0);
		NI_GROUP(8, m0, m3, m1);
		NI_GROUP(9, m1, m0, m2);
		NI_GROUP(10, m2, m1, m3);
		NI_GROUP(11, m3, m2, m0);
		NI_GROUP(12, m0, m3, m1);
		NI_GROUP(13, m1, m0, m2);
		NI_GROUP(14, m2, m1, m3);
		NI_GROUP(15, m3, m2, m0);
		st0 = _mm_add_epi32(st0, save0);
		st1 = _mm_add_epi32(st1, save1);
	}
	tmp = _mm_shuffle_epi32(st0, 0x1b);		/* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xb1);		/* DCHG */
	st0 = _mm_blend_epi16(tmp, st1, 0xf0);		/* DCBA */
	st1 = _mm_alignr_epi8(st1, tmp, 8);		/* ABEF */
	_mm_storeu_si128((__m128i *)&h[0], st0);
	_mm_storeu_si128((__m128i *)&h[4], st1);
}

/* 0 not decided yet, 1 portable, 2 SHA extensions. */
static int use_ni;

static int
detect_ni(void)
{
	unsigned a, b, c, d;
	bool	sse41, ssse3, sha;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 1;
	ssse3 = (c & bit_SSSE3) != 0;
	sse41 = (c & bit_SSE4_1) != 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 1;
	sha = (b & (1u << 29)) != 0;
	return ssse3 && sse41 && sha ? 2 : 1;
}
#endif

static void
blocks(uint32_t h[8], const unsigned char *p, size_t n)
{
#ifdef SHA256_NI
	int	ni = __atomic_load_n(&use_ni, __ATOMIC_RELAXED);

	if (ni == 0) {
		ni = detect_ni();
		__atomic_store_n(&use_ni, ni, __ATOMIC_RELAXED);
	}
	if (ni == 2) {
		blocks_ni(h, p, n);
		return;
	}
#endif
	blocks_portable(h, p, n);
}

/* Start a hash: the initial state of section 5.3.3. */
void
sha256_init(struct sha256 *c)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(c->h, h0, sizeof c->h);
	c->len = 0;
	c->nbuf = 0;
}

/* Hash N more bytes of DATA. */
void
sha256_update(struct sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t	k;

	if (n == 0)
		return;
	c->len += n;
	if (c->nbuf > 0) {
		k = 64 - c->nbuf;
		if (k > n)
			k = n;
		memcpy(c->buf + c->nbuf, p, k);
		c->nbuf += k;
		p += k;
		n -= k;
		if (c->nbuf < 64)
			return;
		blocks(c->h, c->buf, 1);
		c->nbuf = 0;
	}
	if (n >= 64) {
		blocks(c->h, p, n / 64);
		p += n & ~(size_t)63;
		n &= 63;
	}
	if (n > 0) {
		memcpy(c->buf, p, n);
		c->nbuf = n;
	}
}

/* Pad (a 1 bit, zeros, the length in bits as 64 bits big-endian), hash the
 * last block or two and write the state out big-endian. */
void
sha256_final(struct sha256 *c, unsigned char *out)
{
	uint64_t bits = c->len * 8;
	size_t	n = c->nbuf;
	int	i;

	c->buf[n++] = 0x80;
	if (n > 56) {
		memset(c->buf + n, 0, 64 - n);
		blocks(c->h, c->buf, 1);
		n = 0;
	}
	memset(c->buf + n, 0, 56 - n);
	for (i = 0; i < 8; i++)
		c->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	blocks(c->h, c->buf, 1);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, c->h[i]);
	c->nbuf = 0;
}

/* Hash LEN bytes of DATA into OUT in one call. */
void
sha256(const void *data, size_t len, unsigned char *out)
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}

/* Hash the key block (KEY padded with zeros to 64 bytes, XOR PAD) into a
 * fresh context C. */
static void
hmac_pad(struct sha256 *c, const unsigned char *key, size_t len,
    unsigned char pad)
{
	unsigned char block[64];
	size_t	i;

	for (i = 0; i < sizeof block; i++)
		block[i] = (unsigned char)((i < len ? key[i] : 0) ^ pad);
	sha256_init(c);
	sha256_update(c, block, sizeof block);
}

void
hmac_sha256_key(struct hmac_sha256 *c, const void *key, size_t len)
{
	unsigned char h[SHA256_LEN];
	const unsigned char *k = key;

	if (len > 64) {
		sha256(key, len, h);
		k = h;
		len = sizeof h;
	}
	hmac_pad(&c->inner, k, len, 0x36);
	hmac_pad(&c->outer, k, len, 0x5c);
}

void
hmac_sha256_update(struct hmac_sha256 *c, const void *data, size_t len)
{
	sha256_update(&c->inner, data, len);
}

/* The outer hash over the inner digest. */
void
hmac_sha256_final(struct hmac_sha256 *c, unsigned char *out)
{
	unsigned char h[SHA256_LEN];

	sha256_final(&c->inner, h);
	sha256_update(&c->outer, h, sizeof h);
	sha256_final(&c->outer, out);
}

static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
sha256_hex_decode(const char *text, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(text[2 * i]), lo;

		/* A NUL stops at hi, so nothing past the end is read. */
		if (hi == -1 || (lo = hex_digit(text[2 * i + 1])) == -1)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void
sha256_hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
}
