/* include/sha256.h: SHA-256 (FIPS 180-4), for the audit trail's hash
 * chain.  Streaming: init, update any number of times, final. */
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

#endif
