/* src/cmd/result.c: a command's typed result.  Items sit in one array and
 * everything they carry (order values, strings) in one byte arena, both
 * kept between commands: reset forgets them without freeing, so a batch
 * line costs no allocation once the result has grown to its size.
 *
 * Strings are stored as offsets into the arena (it may move as it grows)
 * and become pointers only when an item is read back with result_at(). */
#include "config.h"
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define NONE	((size_t)-1)

/* Strings of an item, by slot. */
enum { S_TEXT, S_A, S_B, S_C, S_D, S_E, S_SLOTS };

struct entry {
	enum result_kind kind;
	int	symw;
	int	nfields;
	int64_t	tick, seq, ts;
	size_t	data;			/* the item's struct in the arena */
	size_t	s[S_SLOTS];		/* its strings (NONE: NULL) */
};

/* A field of a record as stored. */
struct stored_field {
	size_t	key, value;
	int	width;
	bool	num, json_only;
};

struct result {
	struct entry *items;
	size_t	n, cap;
	char	*arena;
	size_t	len, acap;
};

struct result *
result_new(void)
{
	struct result *r = xmalloc(sizeof *r);

	memset(r, 0, sizeof *r);
	return r;
}

void
result_free(struct result *r)
{
	if (!r)
		return;
	free(r->items);
	free(r->arena);
	free(r);
}

void
result_reset(struct result *r)
{
	r->n = 0;
	r->len = 0;
}

size_t
result_count(const struct result *r)
{
	return r->n;
}

size_t
result_size(const struct result *r)
{
	return r ? r->acap + r->cap * sizeof *r->items : 0;
}

/* Room for SIZE bytes in the arena, aligned for any struct: the offset. */
static size_t
arena_take(struct result *r, size_t size)
{
	size_t off = (r->len + 15) & ~(size_t)15;

	if (off + size > r->acap) {
		size_t cap = r->acap ? r->acap : 4096;
		while (cap < off + size)
			cap *= 2;
		r->arena = xrealloc(r->arena, cap);
		r->acap = cap;
	}
	r->len = off + size;
	return off;
}

static size_t
arena_copy(struct result *r, const void *p, size_t size)
{
	size_t off = arena_take(r, size);

	memcpy(r->arena + off, p, size);
	return off;
}

static size_t
arena_str(struct result *r, const char *s)
{
	if (!s)
		return NONE;
	return arena_copy(r, s, strlen(s) + 1);
}

static struct entry *
push(struct result *r, enum result_kind kind)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->items = xrealloc(r->items, r->cap * sizeof *r->items);
	}
	struct entry *e = &r->items[r->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->data = NONE;
	for (int i = 0; i < S_SLOTS; i++)
		e->s[i] = NONE;
	return e;
}

static const char *
str_at(const struct result *r, size_t off)
{
	return off == NONE ? NULL : r->arena + off;
}

static void
push_text(struct result *r, enum result_kind kind, const char *text)
{
	size_t off = arena_str(r, text ? text : "");

	push(r, kind)->s[S_TEXT] = off;
}

static void
push_vtext(struct result *r, enum result_kind kind, const char *fmt,
    va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof msg, fmt, ap);
	push_text(r, kind, msg);
}

void
result_message(struct result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	push_vtext(r, RESULT_MESSAGE, fmt, ap);
	va_end(ap);
}

void
result_note(struct result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	push_vtext(r, RESULT_NOTE, fmt, ap);
	va_end(ap);
}

void
result_warning(struct result *r, const char *msg)
{
	push_text(r, RESULT_WARNING, msg);
}

void
result_help(struct result *r, const char *text)
{
	push_text(r, RESULT_HELP, text);
}

void
result_event_of(struct result_event *ev, const struct order *o,
    const char *what, int64_t qty, int64_t px, const char *text)
{
	memset(ev, 0, sizeof *ev);
	str_copy(ev->id, sizeof ev->id, o->id);
	str_copy(ev->account, sizeof ev->account, o->account);
	str_copy(ev->symbol, sizeof ev->symbol, o->symbol);
	str_copy(ev->what, sizeof ev->what, what);
	ev->side = o->side;
	ev->type = o->type;
	ev->tif = o->tif;
	ev->status = o->status;
	ev->gtd_date = o->gtd_date;
	ev->trail_pct = o->trail_pct;
	ev->block = order_is_block(o);
	ev->qty = o->qty;
	ev->cum_qty = o->cum_qty;
	ev->leaves = order_leaves(o);
	ev->limit_px = o->limit_px;
	ev->stop_px = o->stop_px;
	ev->trail = o->trail;
	ev->fill_qty = qty;
	ev->fill_px = px;
	ev->time = o->updated;
	ev->text = text ? text : "";
}

void
result_event(struct result *r, const struct order *o, const char *what,
    int64_t qty, int64_t px, const char *text)
{
	struct result_event ev;
	size_t t = arena_str(r, text ? text : "");

	result_event_of(&ev, o, what, qty, px, NULL);
	ev.text = NULL;
	struct entry *e = push(r, RESULT_EVENT);
	e->data = arena_copy(r, &ev, sizeof ev);
	e->s[S_TEXT] = t;
}

void
result_order_header(struct result *r, int symw)
{
	push(r, RESULT_ORDER_HEADER)->symw = symw;
}

void
result_order(struct result *r, const struct order *o, int64_t tick)
{
	size_t off = arena_copy(r, o, sizeof *o);
	struct entry *e = push(r, RESULT_ORDER);

	e->data = off;
	e->tick = tick;
}

void
result_origin(struct result *r, const char *user, const char *login)
{
	size_t u = arena_str(r, user), l = arena_str(r, login);
	struct entry *e = push(r, RESULT_ORIGIN);

	e->s[S_A] = u;
	e->s[S_B] = l;
}

void
result_exec_header(struct result *r)
{
	push(r, RESULT_EXEC_HEADER);
}

void
result_exec(struct result *r, const struct store_exec *x, int64_t tick)
{
	size_t off = arena_copy(r, x, sizeof *x);
	struct entry *e = push(r, RESULT_EXEC);

	e->data = off;
	e->tick = tick;
}

void
result_history_header(struct result *r)
{
	push(r, RESULT_HISTORY_HEADER);
}

void
result_history(struct result *r, int64_t seq, int64_t ts, const char *kind,
    const char *body, int64_t tick)
{
	size_t k = arena_str(r, kind), b = arena_str(r, body);
	struct entry *e = push(r, RESULT_HISTORY);

	e->seq = seq;
	e->ts = ts;
	e->tick = tick;
	e->s[S_A] = k;
	e->s[S_B] = b;
}

void
result_position_header(struct result *r, int symw)
{
	push(r, RESULT_POSITION_HEADER)->symw = symw;
}

void
result_position(struct result *r, const struct format_position *p)
{
	size_t s[S_SLOTS] = { NONE, arena_str(r, p->account),
	    arena_str(r, p->symbol), arena_str(r, p->ccy),
	    arena_str(r, p->base_ccy), arena_str(r, p->block) };
	size_t off = arena_copy(r, p, sizeof *p);
	struct entry *e = push(r, RESULT_POSITION);

	e->data = off;
	memcpy(e->s, s, sizeof s);
}

void
result_pnl_header(struct result *r)
{
	push(r, RESULT_PNL_HEADER);
}

void
result_pnl(struct result *r, const struct format_pnl *p)
{
	size_t s[S_SLOTS] = { NONE, arena_str(r, p->account),
	    arena_str(r, p->base_ccy), arena_str(r, p->block), NONE, NONE };
	size_t off = arena_copy(r, p, sizeof *p);
	struct entry *e = push(r, RESULT_PNL);

	e->data = off;
	memcpy(e->s, s, sizeof s);
}

static void
push_fields(struct result *r, enum result_kind kind,
    const struct format_field *f, size_t n)
{
	struct stored_field sf[RESULT_FIELDS_MAX];

	if (n > RESULT_FIELDS_MAX)
		n = RESULT_FIELDS_MAX;
	for (size_t i = 0; i < n; i++) {
		sf[i].key = arena_str(r, f[i].key);
		sf[i].value = arena_str(r, f[i].value ? f[i].value : "");
		sf[i].width = f[i].width;
		sf[i].num = f[i].num;
		sf[i].json_only = f[i].json_only;
	}
	size_t off = arena_copy(r, sf, n * sizeof *sf);
	struct entry *e = push(r, kind);
	e->data = off;
	e->nfields = (int)n;
}

void
result_record_header(struct result *r, const struct format_field *f,
    size_t n)
{
	push_fields(r, RESULT_RECORD_HEADER, f, n);
}

void
result_record(struct result *r, const struct format_field *f, size_t n)
{
	push_fields(r, RESULT_RECORD, f, n);
}

void
result_check(struct result *r, enum rule_action worst,
    const struct cpl_result *res)
{
	struct cpl_result c = *res;
	size_t off;

	c.worst = worst;
	off = arena_copy(r, &c, sizeof c);
	push(r, RESULT_CHECK)->data = off;
}

void
result_block_header(struct result *r, int symw)
{
	push(r, RESULT_BLOCK_HEADER)->symw = symw;
}

void
result_block(struct result *r, const struct result_block *b, int symw)
{
	size_t off = arena_copy(r, b, sizeof *b);
	struct entry *e = push(r, RESULT_BLOCK);

	e->data = off;
	e->symw = symw;
}

void
result_alloc(struct result *r, const struct result_alloc *a)
{
	size_t off = arena_copy(r, a, sizeof *a);

	push(r, RESULT_ALLOC)->data = off;
}

void
result_alloc_row(struct result *r, const struct result_alloc_row *a)
{
	size_t off = arena_copy(r, a, sizeof *a);

	push(r, RESULT_ALLOC_ROW)->data = off;
}

void
result_booking_header(struct result *r, int symw)
{
	push(r, RESULT_BOOKING_HEADER)->symw = symw;
}

void
result_booking(struct result *r, const struct result_booking *b, int symw)
{
	size_t off = arena_copy(r, b, sizeof *b);
	struct entry *e = push(r, RESULT_BOOKING);

	e->data = off;
	e->symw = symw;
}

void
result_at(const struct result *r, size_t i, struct result_item *it)
{
	const struct entry *e = &r->items[i];
	const void *data = e->data == NONE ? NULL : r->arena + e->data;

	memset(it, 0, sizeof *it);
	it->kind = e->kind;
	it->symw = e->symw;
	it->tick = e->tick;
	it->text = str_at(r, e->s[S_TEXT]);
	switch (e->kind) {
	case RESULT_EVENT:
		memcpy(&it->event, data, sizeof it->event);
		it->event.text = str_at(r, e->s[S_TEXT]);
		break;
	case RESULT_ORDER:
		it->order = data;
		break;
	case RESULT_EXEC:
		it->exec = data;
		break;
	case RESULT_ORIGIN:
		it->user = str_at(r, e->s[S_A]);
		it->login = str_at(r, e->s[S_B]);
		break;
	case RESULT_HISTORY:
		it->seq = e->seq;
		it->ts = e->ts;
		it->hkind = str_at(r, e->s[S_A]);
		it->body = str_at(r, e->s[S_B]);
		break;
	case RESULT_POSITION:
		memcpy(&it->position, data, sizeof it->position);
		it->position.account = str_at(r, e->s[S_A]);
		it->position.symbol = str_at(r, e->s[S_B]);
		it->position.ccy = str_at(r, e->s[S_C]);
		it->position.base_ccy = str_at(r, e->s[S_D]);
		it->position.block = str_at(r, e->s[S_E]);
		break;
	case RESULT_PNL:
		memcpy(&it->pnl, data, sizeof it->pnl);
		it->pnl.account = str_at(r, e->s[S_A]);
		it->pnl.base_ccy = str_at(r, e->s[S_B]);
		it->pnl.block = str_at(r, e->s[S_C]);
		break;
	case RESULT_RECORD:
	case RESULT_RECORD_HEADER: {
		const struct stored_field *sf = data;
		it->nfields = (size_t)e->nfields;
		for (size_t k = 0; k < it->nfields; k++) {
			it->fields[k].key = str_at(r, sf[k].key);
			it->fields[k].value = str_at(r, sf[k].value);
			it->fields[k].width = sf[k].width;
			it->fields[k].num = sf[k].num;
			it->fields[k].json_only = sf[k].json_only;
		}
		break;
	}
	case RESULT_CHECK:
		it->check = data;
		break;
	case RESULT_BLOCK:
		it->block = data;
		break;
	case RESULT_ALLOC:
		it->alloc = data;
		break;
	case RESULT_ALLOC_ROW:
		it->alloc_row = data;
		break;
	case RESULT_BOOKING:
		it->booking = data;
		break;
	default:
		break;
	}
}
