/* include/sha256.h: SHA-256 (FIPS 180-4), and HMAC-SHA-256 (RFC 2104)
 * over it, for the audit trail's hash chain.  Streaming: init, update any
 * number of times, final. */
#ifndef BLOTTER_SHA256_H
#define BLOTTER_SHA256_H
#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32

struct sha256 {
	uint32_t h[8];
	uint64_t len;			/* bytes hashed so far */
	unsigned char buf[64];
	size_t	nbuf;
};

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *, size_t);
/* Finish and write the digest to OUT (SHA256_LEN bytes). */
void	sha256_final(struct sha256 *, unsigned char *out);
/* Hash LEN bytes of DATA in one call. */
void	sha256(const void *data, size_t len, unsigned char *out);

/* HMAC-SHA-256: the inner and outer hashes with the key already in them,
 * so a key set up once (hmac_sha256_key()) is copied for each message. */
struct hmac_sha256 {
	struct sha256 inner, outer;
};

/* Set up C for KEY (any length; hashed first when over 64 bytes). */
void	hmac_sha256_key(struct hmac_sha256 *, const void *key, size_t len);
void	hmac_sha256_update(struct hmac_sha256 *, const void *, size_t);
/* Finish and write the MAC to OUT (SHA256_LEN bytes). */
void	hmac_sha256_final(struct hmac_sha256 *, unsigned char *out);
/* Read 2 * N hex digits (either case) from TEXT into OUT[N]: 0, or -1 when
 * one of them is not a hex digit (TEXT may end early: NUL is no digit). */
int	sha256_hex_decode(const char *text, unsigned char *out, size_t n);
/* Write the N bytes at IN as 2 * N lower-case hex digits to OUT (no NUL). */
void	sha256_hex_encode(const unsigned char *in, size_t n, char *out);

#endif
