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

static const struct store_body_member *
member(const struct store_body *b, const char *key,
    enum store_body_type type)
{
	const struct store_body_member *m = store_body_get(b, key);

	return m != NULL && m->type == type ? m : NULL;
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
	const struct store_body_member *a, *fill, *qty, *px, *acct, *sym,
	    *side;
	struct jbuf *nb = &sp->made[0], *fb = &sp->made[1];

	/* A quote inside a string is escaped: only a member of the
	 * object itself reads ,"ack":" unescaped. */
	if (strcmp(kind, SJ_ORDER_NEW) != 0 ||
	    memmem(body, len, mark, sizeof mark - 1) == NULL ||
	    store_body_parse(&sp->sb, body, len) == -1 ||
	    (a = member(&sp->sb, STORE_JOIN_ACK, STORE_BODY_STR)) == NULL) {
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

	fill = member(&sp->sb, STORE_JOIN_FILL, STORE_BODY_STR);
	qty = member(&sp->sb, "fill_qty", STORE_BODY_INT);
	px = member(&sp->sb, "fill_px", STORE_BODY_INT);
	acct = member(&sp->sb, "account", STORE_BODY_STR);
	sym = member(&sp->sb, "symbol", STORE_BODY_STR);
	side = member(&sp->sb, "side", STORE_BODY_STR);
	if (fill != NULL && qty != NULL && px != NULL && acct != NULL &&
	    sym != NULL && side != NULL) {
		store_jb_fill(fb, fill->s, qty->i, px->i, acct->s, sym->s,
		    side->s);
		split_set(sp, 2, SJ_FILL, a->s, fb->p, fb->len);
		sp->n = 3;
	}
	return sp->n;
}
