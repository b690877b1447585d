/* src/store/chain.c: the kinds of journal entries, and the hash chain
 * over the journal: a row's hash, and the head of the chain as meta keeps
 * it ("SEQ:HEX"). */
#include "config.h"
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "hmap.h"
#include "sha256.h"
#include "store-int.h"

/* --- Journal kinds and the hash chain ------------------------------------- */

static const char *const order_kinds[] = {
	SJ_ORDER_NEW, SJ_ORDER_STATUS, SJ_ORDER_AMEND, SJ_ORDER_STOP, SJ_FILL,
	SJ_BUST, SJ_ORDER_BLOCK
};

static const char *const other_kinds[] = {
	SJ_INSTRUMENT, SJ_ACCOUNT, SJ_FX, SJ_USER_ADD, SJ_RULE_ADD,
	SJ_RULE_ENABLE, SJ_RULE_DISABLE, SJ_RULE_DEL, SJ_HALT, SJ_RESUME,
	SJ_ALERT, SJ_POSITION
};

bool
store_kind_order(const char *kind)
{
	size_t	i;

	for (i = 0; i < sizeof order_kinds / sizeof order_kinds[0]; i++)
		if (strcmp(kind, order_kinds[i]) == 0)
			return true;
	return false;
}

bool
store_kind_reserved(const char *kind)
{
	size_t	i;

	if (strncmp(kind, "order.", 6) == 0 || store_kind_order(kind))
		return true;
	for (i = 0; i < sizeof other_kinds / sizeof other_kinds[0]; i++)
		if (strcmp(kind, other_kinds[i]) == 0)
			return true;
	return false;
}

/* Hash row R chained to PREV, under KEY when not NULL.  The fixed part and
 * the three short strings go to SHA-256 in one piece when they fit, the
 * body in another: on the write path this is a few hundred nanoseconds a
 * row (the key's padded blocks are hashed once, in KEY). */
void
store_chain_hash(const unsigned char *prev, const struct store_chain_row *r,
    const struct store_key *key, unsigned char *out)
{
	static const unsigned char nul;
	unsigned char head[STORE_HASH_LEN + 16 + 256], *p = head;
	struct hmac_sha256 m;
	struct sha256 *c = &m.inner;

	if (key != NULL)
		m = key->mac;
	else
		sha256_init(c);
	memcpy(p, prev, STORE_HASH_LEN);
	store_put_be64(p + STORE_HASH_LEN, (uint64_t)r->seq);
	store_put_be64(p + STORE_HASH_LEN + 8, (uint64_t)r->ts);
	p += STORE_HASH_LEN + 16;
	if (r->userlen + r->kindlen + r->reflen + 3 <=
	    sizeof head - (size_t)(p - head)) {
		memcpy(p, r->user, r->userlen);
		p += r->userlen;
		*p++ = 0;
		memcpy(p, r->kind, r->kindlen);
		p += r->kindlen;
		*p++ = 0;
		memcpy(p, r->ref, r->reflen);
		p += r->reflen;
		*p++ = 0;
		sha256_update(c, head, (size_t)(p - head));
	} else {
		/* Only a doctored row read back by verify is this long. */
		sha256_update(c, head, (size_t)(p - head));
		sha256_update(c, r->user, r->userlen);
		sha256_update(c, &nul, 1);
		sha256_update(c, r->kind, r->kindlen);
		sha256_update(c, &nul, 1);
		sha256_update(c, r->ref, r->reflen);
		sha256_update(c, &nul, 1);
	}
	sha256_update(c, r->body, r->bodylen);
	if (key != NULL)
		hmac_sha256_final(&m, out);
	else
		sha256_final(c, out);
}

/* Read "SEQ:HEX", as head_save() writes it. */
int
store_head_parse(const char *text, int64_t *seq, unsigned char *hash)
{
	int64_t	v = 0;

	if (text == NULL || *text < '0' || *text > '9')
		return -1;
	for (; *text >= '0' && *text <= '9'; text++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*text - '0');
	}
	if (*text++ != ':')
		return -1;
	if (sha256_hex_decode(text, hash, STORE_HASH_LEN) == -1)
		return -1;
	if (text[2 * STORE_HASH_LEN] != '\0')
		return -1;
	*seq = v;
	return 0;
}

/* "SEQ:HEX" of SEQ and HASH into BUF (at least 24 + 2 * STORE_HASH_LEN
 * bytes); returns its length. */
int
store_head_format(char *buf, size_t size, int64_t seq,
    const unsigned char *hash)
{
	int	n;

	n = snprintf(buf, size, "%lld:", (long long)seq);
	sha256_hex_encode(hash, STORE_HASH_LEN, buf + n);
	n += 2 * STORE_HASH_LEN;
	buf[n] = '\0';
	return n;
}
