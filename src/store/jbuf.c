/* src/store/jbuf.c: journal bodies, written as compact JSON objects by
 * hand: members in a fixed order, integers in decimal, strings escaped,
 * members at their default left out where a reader takes the default. */
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

/* --- Journal bodies: compact JSON ----------------------------------------- */

/* Make room for N more bytes and a terminating NUL. */
void
store_jb_need(struct jbuf *b, size_t n)
{
	size_t	cap;

	if (b->len + n + 1 <= b->cap)
		return;
	cap = b->cap != 0 ? b->cap : 512;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void
store_jb_begin(struct jbuf *b)
{
	b->len = 0;
	store_jb_need(b, 1);
	b->p[b->len++] = '{';
	b->first = true;
}

void
store_jb_end(struct jbuf *b)
{
	store_jb_need(b, 1);
	b->p[b->len++] = '}';
	b->p[b->len] = '\0';
}

/* Member name KEY (plain ASCII, no escaping needed) and its colon. */
static void
store_jb_key(struct jbuf *b, const char *key)
{
	size_t	n = strlen(key);

	store_jb_need(b, n + 4);
	if (!b->first)
		b->p[b->len++] = ',';
	b->first = false;
	b->p[b->len++] = '"';
	memcpy(b->p + b->len, key, n);
	b->len += n;
	b->p[b->len++] = '"';
	b->p[b->len++] = ':';
}

/* V in decimal, written by hand: snprintf spends more on reading its
 * format than on the digits. */
void
store_jb_int(struct jbuf *b, const char *key, int64_t v)
{
	char	tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t	n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof tmp - p);
	store_jb_key(b, key);
	store_jb_need(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
store_jb_bool(struct jbuf *b, const char *key, bool v)
{
	store_jb_key(b, key);
	store_jb_need(b, 5);
	memcpy(b->p + b->len, v ? "true" : "false", v ? 4 : 5);
	b->len += v ? 4 : 5;
}

/* A JSON string of S (at most MAX bytes): quote and backslash escaped,
 * control characters as \n, \t, ... or \u00XX; other bytes as they are. */
void
store_jb_str(struct jbuf *b, const char *key, const char *s, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t	i, n = strnlen(s, max);
	char	*p;

	store_jb_key(b, key);
	store_jb_need(b, 6 * n + 2);
	p = b->p + b->len;
	*p++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
		case '\\':
			*p++ = '\\';
			*p++ = (char)c;
			break;
		case '\b':
			*p++ = '\\';
			*p++ = 'b';
			break;
		case '\f':
			*p++ = '\\';
			*p++ = 'f';
			break;
		case '\n':
			*p++ = '\\';
			*p++ = 'n';
			break;
		case '\r':
			*p++ = '\\';
			*p++ = 'r';
			break;
		case '\t':
			*p++ = '\\';
			*p++ = 't';
			break;
		default:
			if (c < 0x20) {
				memcpy(p, "\\u00", 4);
				p[4] = hex[c >> 4];
				p[5] = hex[c & 0xf];
				p += 6;
			} else {
				*p++ = (char)c;
			}
		}
	}
	*p++ = '"';
	b->len = (size_t)(p - b->p);
}

void
store_jb_name(struct jbuf *b, const char *key, const char *name)
{
	store_jb_str(b, key, name, 64);
}

/*
 * Every field of O.  Fields at their default (zero, false, empty; the
 * previous status the same as the status, updated the same as created)
 * are left out: a new order's entry is then about half the size, which
 * is less to write and less to hash on every order.  Readers take a
 * missing member as its default.
 */
void
store_jb_fill(struct jbuf *b, const char *exec_id, int64_t qty, int64_t px,
    const char *account, const char *symbol, const char *side)
{
	store_jb_begin(b);
	store_jb_str(b, "exec_id", exec_id, EXEC_ID_MAX);
	store_jb_int(b, "qty", qty);
	store_jb_int(b, "px", px);
	store_jb_str(b, "account", account, ACCOUNT_MAX);
	store_jb_str(b, "symbol", symbol, SYMBOL_MAX);
	store_jb_name(b, "side", side);
	store_jb_end(b);
}

void
store_jb_order(struct jbuf *b, const struct order *o)
{
	store_jb_begin(b);
	store_jb_str(b, "id", o->id, sizeof o->id);
	store_jb_str(b, "account", o->account, sizeof o->account);
	store_jb_str(b, "symbol", o->symbol, sizeof o->symbol);
	store_jb_name(b, "side", order_side_name(o->side));
	store_jb_name(b, "type", order_type_name(o->type));
	store_jb_name(b, "tif", order_tif_name(o->tif));
	store_jb_name(b, "status", order_status_name(o->status));
	if (o->prev_status != o->status)
		store_jb_name(b, "prev_status",
		    order_status_name(o->prev_status));
	store_jb_int(b, "qty", o->qty);
	if (o->cum_qty)
		store_jb_int(b, "cum_qty", o->cum_qty);
	if (o->notional)
		store_jb_int(b, "notional", o->notional);
	if (o->limit_px)
		store_jb_int(b, "limit_px", o->limit_px);
	if (o->stop_px)
		store_jb_int(b, "stop_px", o->stop_px);
	if (o->trail)
		store_jb_int(b, "trail", o->trail);
	if (o->trail_pct)
		store_jb_bool(b, "trail_pct", o->trail_pct);
	if (o->triggered)
		store_jb_bool(b, "triggered", o->triggered);
	if (o->gtd_date)
		store_jb_int(b, "gtd_date", o->gtd_date);
	store_jb_str(b, "venue", o->venue, sizeof o->venue);
	if (o->note[0])
		store_jb_str(b, "note", o->note, sizeof o->note);
	if (o->reason[0])
		store_jb_str(b, "reason", o->reason, sizeof o->reason);
	store_jb_int(b, "created", o->created);
	if (o->updated != o->created)
		store_jb_int(b, "updated", o->updated);
	if (o->user[0])
		store_jb_str(b, "user", o->user, sizeof o->user);
	if (o->block[0])
		store_jb_str(b, "block", o->block, sizeof o->block);
	if (o->login[0])
		store_jb_str(b, "login", o->login, sizeof o->login);
	store_jb_end(b);
}

/* The fields of C that are set, as members of the open object. */
void
store_jb_change(struct jbuf *b, const struct order_change *c)
{
	if (c->have_qty)
		store_jb_int(b, "qty", c->qty);
	if (c->have_limit)
		store_jb_int(b, "limit", c->limit_px);
	if (c->have_stop)
		store_jb_int(b, "stop", c->stop_px);
	if (c->have_tif) {
		store_jb_name(b, "tif", order_tif_name(c->tif));
		if (c->tif == TIF_GTD)
			store_jb_int(b, "gtd", c->gtd_date);
	}
}

/* The login of REC, when it names one, as a member of the open object. */
void
store_jb_login(struct jbuf *b, const struct store_order_rec *rec)
{
	if (rec->login != NULL && rec->login[0] != '\0')
		store_jb_str(b, "login", rec->login, USER_MAX);
}
