/* src/store/entry.c: the entries one journal row holds (see store-int.h).
 *
 * A row is one entry, except an order.new that its venue's
 * acknowledgement, and its fill, joined in the instant it was entered:
 * that row gives the order.new as it was written before anything joined
 * it, the order.status "ack" and the fill, each by the user that the
 * joined members name.  The bodies are made with the writers that made
 * them when each entry had a row of its own, so they are the same bytes. */
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
	free(sp->buf);
	memset(sp, 0, sizeof *sp);
}

/* The row as its one entry. */
static int
split_one(struct store_split *sp, const char *kind, const char *user,
    const char *body, size_t len)
{
	sp->e[0].kind = kind;
	sp->e[0].user = user;
	sp->e[0].body = body;
	sp->e[0].bodylen = len;
	sp->n = 1;
	return 1;
}

/* Copy B's text to SP's buffer at *AT; returns where it starts there. */
static size_t
split_keep(struct store_split *sp, size_t *at, const struct jbuf *b)
{
	size_t	off = *at;

	if (off + b->len + 1 > sp->cap) {
		sp->cap = (off + b->len + 1) * 2;
		sp->buf = xrealloc(sp->buf, sp->cap);
	}
	memcpy(sp->buf + off, b->p, b->len);
	sp->buf[off + b->len] = '\0';
	*at = off + b->len + 1;
	return off;
}

static const struct store_body_member *
member(const struct store_body *b, const char *key,
    enum store_body_type type)
{
	const struct store_body_member *m = store_body_get(b, key);

	return m != NULL && m->type == type ? m : NULL;
}

int
store_split_row(struct store_split *sp, const char *kind, const char *user,
    const char *body, size_t len)
{
	static const char mark[] = ",\"" STORE_JOIN_ACK "\":\"";
	const struct store_body_member *ack, *fill, *qty, *px, *acct, *sym,
	    *side;
	struct jbuf b = { NULL, 0, 0, true };
	size_t	at = 0, off[STORE_ENTRY_PARTS];
	int	n;

	/* A quote inside a string is escaped: only a member of the
	 * object itself reads ,"ack":" unescaped. */
	if (strcmp(kind, SJ_ORDER_NEW) != 0 ||
	    memmem(body, len, mark, sizeof mark - 1) == NULL ||
	    store_body_parse(&sp->sb, body, len) == -1 ||
	    (ack = member(&sp->sb, STORE_JOIN_ACK, STORE_BODY_STR)) == NULL)
		return split_one(sp, kind, user, body, len);

	/* The order.new: every member before the joined ones. */
	store_jb_need(&b, ack->off + 1);
	memcpy(b.p, body, ack->off - 1);
	b.len = ack->off - 1;
	store_jb_end(&b);
	off[0] = split_keep(sp, &at, &b);
	n = 1;

	fill = member(&sp->sb, STORE_JOIN_FILL, STORE_BODY_STR);
	qty = member(&sp->sb, "fill_qty", STORE_BODY_INT);
	px = member(&sp->sb, "fill_px", STORE_BODY_INT);
	acct = member(&sp->sb, "account", STORE_BODY_STR);
	sym = member(&sp->sb, "symbol", STORE_BODY_STR);
	side = member(&sp->sb, "side", STORE_BODY_STR);
	if (fill != NULL && qty != NULL && px != NULL && acct != NULL &&
	    sym != NULL && side != NULL) {
		/* As store_order() writes a fill's body. */
		store_jb_begin(&b);
		store_jb_str(&b, "exec_id", fill->s, fill->slen + 1);
		store_jb_int(&b, "qty", qty->i);
		store_jb_int(&b, "px", px->i);
		store_jb_str(&b, "account", acct->s, acct->slen + 1);
		store_jb_str(&b, "symbol", sym->s, sym->slen + 1);
		store_jb_name(&b, "side", side->s);
		store_jb_end(&b);
		off[2] = split_keep(sp, &at, &b);
		n = 3;
	}
	free(b.p);

	/* Pointers last: the buffer may have moved while it grew. */
	sp->e[0].kind = kind;
	sp->e[0].user = user;
	sp->e[0].body = sp->buf + off[0];
	sp->e[0].bodylen = strlen(sp->e[0].body);
	sp->e[1].kind = SJ_ORDER_STATUS;
	sp->e[1].user = ack->s;
	sp->e[1].body = ack_body;
	sp->e[1].bodylen = sizeof ack_body - 1;
	if (n == 3) {
		sp->e[2].kind = SJ_FILL;
		sp->e[2].user = ack->s;
		sp->e[2].body = sp->buf + off[2];
		sp->e[2].bodylen = strlen(sp->e[2].body);
	} else {
		n = 2;
	}
	sp->n = n;
	return n;
}
