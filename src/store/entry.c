/* src/store/entry.c: the entries one journal row holds (see store-int.h).
 *
 * A row is one entry, except an order.new that its venue's
 * acknowledgement, and its fill, joined in the instant it was entered:
 * that row gives the order.new as it was written before anything joined
 * it, the order.status "ack" and the fill, each by the user that the
 * joined members name.  The bodies are made with the writers that made
 * them when each entry had a row of its own, so they are the same bytes.
 * The row's body stays read in SP->sb: the order.new's members are those
 * before its "ack" (the last), which a reader may take from there rather
 * than read its body again. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store-int.h"

/* What an acknowledgement's entry says: the status it always leads to
 * (store_order() joins no other). */
static const char ack_body[] = "{\"event\":\"ack\",\"status\":\"new\"}";

void
store_split_init(struct store_split *sp)
{
	memset(sp, 0, sizeof *sp);
	store_body_init(&sp->sb);
}

void
store_split_free(struct store_split *sp)
{
	store_body_free(&sp->sb);
	free(sp->made[0].p);
	free(sp->made[1].p);
	memset(sp, 0, sizeof *sp);
}

/* The members a joined row is split by, as store_body_get() finds them
 * (the last of each key), in one pass and with no call per key compared:
 * every order.new is looked at. */
enum { J_ACK, J_FILL, J_QTY, J_PX, J_ACCT, J_SYM, J_SIDE, J_KEYS };

static const struct {
	const char *key;
	enum store_body_type type;
} join_keys[J_KEYS] = {
	{ STORE_JOIN_ACK, STORE_BODY_STR },
	{ STORE_JOIN_FILL, STORE_BODY_STR },
	{ "fill_qty", STORE_BODY_INT },
	{ "fill_px", STORE_BODY_INT },
	{ "account", STORE_BODY_STR },
	{ "symbol", STORE_BODY_STR },
	{ "side", STORE_BODY_STR },
};

static bool
key_eq(const char *a, const char *b)
{
	for (; *a == *b; a++, b++)
		if (*a == '\0')
			return true;
	return false;
}

/* Each of join_keys in B into M: NULL when missing or of another type. */
static void
join_members(const struct store_body *b,
    const struct store_body_member *m[J_KEYS])
{
	bool	seen[J_KEYS] = { false };
	int	i, k, left = J_KEYS;

	for (k = 0; k < J_KEYS; k++)
		m[k] = NULL;
	for (i = b->n; i-- > 0 && left > 0;)
		for (k = 0; k < J_KEYS; k++)
			if (!seen[k] && key_eq(b->m[i].key, join_keys[k].key)) {
				seen[k] = true;
				left--;
				if (b->m[i].type == join_keys[k].type)
					m[k] = &b->m[i];
				break;
			}
}

/* Entry K of SP: KIND by USER with BODY (LEN bytes). */
static void
split_set(struct store_split *sp, int k, const char *kind, const char *user,
    const char *body, size_t len)
{
	sp->e[k].kind = kind;
	sp->e[k].user = user;
	sp->e[k].body = body;
	sp->e[k].bodylen = len;
}

int
store_split_row(struct store_split *sp, const char *kind, const char *user,
    const char *body, size_t len)
{
	static const char mark[] = ",\"" STORE_JOIN_ACK "\":\"";
	const struct store_body_member *m[J_KEYS], *a;
	struct jbuf *nb = &sp->made[0], *fb = &sp->made[1];

	/* A quote inside a string is escaped: only a member of the
	 * object itself reads ,"ack":" unescaped. */
	if (strcmp(kind, SJ_ORDER_NEW) != 0 ||
	    memmem(body, len, mark, sizeof mark - 1) == NULL ||
	    store_body_parse(&sp->sb, body, len) == -1 ||
	    (join_members(&sp->sb, m), a = m[J_ACK]) == NULL) {
		split_set(sp, 0, kind, user, body, len);
		return sp->n = 1;
	}

	/* The order.new: every member before the joined ones. */
	nb->len = 0;
	store_jb_need(nb, a->off);
	memcpy(nb->p, body, a->off - 1);
	nb->len = a->off - 1;
	store_jb_end(nb);
	split_set(sp, 0, kind, user, nb->p, nb->len);
	split_set(sp, 1, SJ_ORDER_STATUS, a->s, ack_body, sizeof ack_body - 1);
	sp->n = 2;

	if (m[J_FILL] != NULL && m[J_QTY] != NULL && m[J_PX] != NULL &&
	    m[J_ACCT] != NULL && m[J_SYM] != NULL && m[J_SIDE] != NULL) {
		store_jb_fill(fb, m[J_FILL]->s, m[J_QTY]->i, m[J_PX]->i,
		    m[J_ACCT]->s, m[J_SYM]->s, m[J_SIDE]->s);
		split_set(sp, 2, SJ_FILL, a->s, fb->p, fb->len);
		sp->n = 3;
	}
	return sp->n;
}
