/* src/cmd/format.c: results for people (aligned columns) and for programs
 * (JSON lines built with json-c).  Numbers in JSON are written from the
 * same decimal text the table shows, so a price never grows binary noise
 * like 10.050000000000001. */
#include "config.h"
#include "format.h"

#include <ctype.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "err.h"
#include "fixed.h"
#include "result.h"
#include "sbuf.h"
#include "utf8.h"

char *
format_money(int64_t m, char *buf, size_t len)
{
	int64_t cents = fixed_muldiv(m, 1, MONEY_SCALE / 100);

	return fixed_fmt(cents, 2, 2, buf, len);
}

char *
format_money_wide(__int128 m, char *buf, size_t len)
{
	unsigned __int128 mag = m < 0 ? -(unsigned __int128)m :
	    (unsigned __int128)m, unit = MONEY_SCALE / 100, cents;
	char	digits[48];
	size_t	n = sizeof digits;

	/* To cents, half away from zero, then the digits from the end. */
	cents = mag / unit + (mag % unit * 2 >= unit);
	digits[--n] = '\0';
	digits[--n] = (char)('0' + (int)(cents % 10));
	digits[--n] = (char)('0' + (int)(cents / 10 % 10));
	digits[--n] = '.';
	cents /= 100;
	do {
		digits[--n] = (char)('0' + (int)(cents % 10));
		cents /= 10;
	} while (cents != 0);
	snprintf(buf, len, "%s%s", m < 0 && strcmp(digits + n, "0.00") != 0 ?
	    "-" : "", digits + n);
	return buf;
}

char *
format_px(int64_t px, char *buf, size_t len)
{
	return fixed_fmt(px, PX_DECIMALS, 2, buf, len);
}

int
format_tick_decimals(int64_t tick)
{
	int d = PX_DECIMALS;

	if (tick <= 0)
		return 2;
	while (d > 2 && tick % 10 == 0) {
		tick /= 10;
		d--;
	}
	return d;
}

char *
format_px_tick(int64_t px, int64_t tick, char *buf, size_t len)
{
	return fixed_fmt(px, PX_DECIMALS, format_tick_decimals(tick), buf,
	    len);
}

char *
format_money_sep(int64_t m, char *buf, size_t len)
{
	return fixed_fmt_sep(fixed_muldiv(m, 1, MONEY_SCALE / 100), 2, 2, buf,
	    len);
}

/* What a narrow column shows for each status; the man page lists them. */
static const char *const status_short[ORDER_STATUS_COUNT] = {
	[ORDER_STAGED] = "stgd",
	[ORDER_FLAGGED] = "flag",
	[ORDER_PENDING_NEW] = "pnew",
	[ORDER_NEW] = "new",
	[ORDER_PARTIALLY_FILLED] = "pfill",
	[ORDER_FILLED] = "fill",
	[ORDER_PENDING_CANCEL] = "pcxl",
	[ORDER_CANCELED] = "cxl",
	[ORDER_PENDING_REPLACE] = "prpl",
	[ORDER_REJECTED] = "rej",
	[ORDER_EXPIRED] = "exp",
	[ORDER_DONE_FOR_DAY] = "dfd",
};

const char *
format_status_fit(enum order_status s, int width)
{
	const char *name = order_status_name(s);

	if ((unsigned)s >= ORDER_STATUS_COUNT || !status_short[s] ||
	    (int)strlen(name) <= width)
		return name;
	return status_short[s];
}

static void
json_add_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

static void
json_add_int(struct json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

/* A decimal number written exactly as TEXT. */
static void
json_add_num(struct json_object *o, const char *k, const char *text)
{
	json_object_object_add(o, k,
	    json_object_new_double_s(strtod(text, NULL), text));
}

static void
json_add_px(struct json_object *o, const char *k, int64_t px)
{
	char b[48];

	if (px == 0)
		json_object_object_add(o, k, NULL);
	else
		json_add_num(o, k, format_px(px, b, sizeof b));
}

static void
json_add_money(struct json_object *o, const char *k, int64_t m)
{
	char b[48];

	json_add_num(o, k, format_money(m, b, sizeof b));
}

/* json-c escapes the C0 controls in strings but leaves DEL, the C1
 * controls (U+0080 .. U+009F), the bidirectional controls and bytes that
 * are not UTF-8 as they are: escape those too (the last as U+FFFD), so a
 * JSON line is UTF-8 and safe on a terminal, and its reader gets the text
 * as it was stored.  Outside strings JSON text is ASCII, so each such
 * byte is inside a string. */
static void
json_emit(struct sbuf *b, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(s), i = 0, plain = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len;
		unsigned esc;
		if (c < 0x7f) {
			i++;
			continue;
		}
		len = utf8_char_len(s + i, n - i);
		if (len == 0)
			esc = 0xfffd;
		else if (c == 0x7f)
			esc = c;
		else if (c == 0xc2 && (unsigned char)s[i + 1] < 0xa0)
			esc = (unsigned char)s[i + 1];
		else if ((esc = (unsigned)utf8_bidi_control(s + i, len)) == 0) {
			i += len;
			continue;
		}
		sbuf_printf(b, "%.*s\\u%04x", (int)(i - plain), s + plain, esc);
		i += len ? len : 1;
		plain = i;
	}
	sbuf_printf(b, "%.*s\n", (int)(n - plain), s + plain);
	json_object_put(o);
}

static const char *
px_or_dash(int64_t px, int64_t tick, char *buf, size_t len)
{
	if (px == 0)
		return "-";
	return format_px_tick(px, tick, buf, len);
}

/* The width of a symbol column that holds SYM and the W before it. */
int
format_symbol_width(int w, const char *sym)
{
	int	n = (int)strlen(sym);

	if (w < FORMAT_SYMBOL_W)
		w = FORMAT_SYMBOL_W;
	return n > w ? n : w;
}

void
format_order_header(struct sbuf *b, int symw)
{
	sbuf_printf(b, "%-10s %-10s %-5s %10s %-*s %-13s %10s %10s %-5s "
	    "%-16s %10s %10s %10s\n", "ID", "ACCOUNT", "SIDE", "QTY",
	    format_symbol_width(symw, ""), "SYMBOL",
	    "TYPE", "LIMIT", "STOP", "TIF", "STATUS", "CUM", "LEAVES",
	    "AVGPX");
}

void
format_order(struct sbuf *b, const struct order *o, int64_t tick, int symw,
    bool json)
{
	char lim[48], stp[48], avg[48], tif[24], t1[24], t2[24];

	order_tif_fmt(o->tif, o->gtd_date, tif, sizeof tif);
	if (json) {
		struct json_object *j = json_object_new_object();
		json_add_str(j, "id", o->id);
		json_add_str(j, "account", o->account);
		json_add_str(j, "symbol", o->symbol);
		json_add_str(j, "side", order_side_name(o->side));
		json_add_int(j, "qty", o->qty);
		json_add_str(j, "type", order_type_name(o->type));
		json_add_px(j, "limit", o->limit_px);
		json_add_px(j, "stop", o->stop_px);
		json_add_str(j, "tif", tif);
		json_add_str(j, "status", order_status_name(o->status));
		json_add_int(j, "cum_qty", o->cum_qty);
		json_add_int(j, "leaves_qty", order_leaves(o));
		json_add_px(j, "avg_px", order_avg_px(o));
		json_add_str(j, "venue", o->venue);
		json_add_str(j, "created", cmd_time_fmt(o->created, t1,
		    sizeof t1));
		json_add_str(j, "updated", cmd_time_fmt(o->updated, t2,
		    sizeof t2));
		if (o->trail) {
			char tr[48];
			fixed_fmt(o->trail, PX_DECIMALS, 0, tr, sizeof tr);
			if (o->trail_pct)
				strcat(tr, "%");
			json_add_str(j, "trail", tr);
		}
		if (o->note[0])
			json_add_str(j, "note", o->note);
		if (o->reason[0])
			json_add_str(j, "reason", o->reason);
		if (o->user[0])
			json_add_str(j, "user", o->user);
		if (o->login[0])
			json_add_str(j, "login", o->login);
		json_emit(b, j);
		return;
	}
	sbuf_printf(b, "%-10s %-10s %-5s %10" PRId64 " %-*s %-13s %10s %10s "
	    "%-5s %-16s %10" PRId64 " %10" PRId64 " %10s", o->id, o->account,
	    order_side_name(o->side), o->qty, format_symbol_width(symw,
	    o->symbol), o->symbol,
	    order_type_name(o->type), px_or_dash(o->limit_px, tick, lim,
	    sizeof lim), px_or_dash(o->stop_px, tick, stp, sizeof stp), tif,
	    order_status_name(o->status), o->cum_qty, order_leaves(o),
	    px_or_dash(order_avg_px(o), tick, avg, sizeof avg));
	if (o->reason[0])
		sbuf_printf(b, "  (%s)", o->reason);
	sbuf_puts(b, "\n");
}

void
format_position_header(struct sbuf *b, int symw)
{
	sbuf_printf(b, "%-11s %-*s %12s %14s %12s %14s %14s %-3s %14s "
	    "%14s %-3s\n", "ACCOUNT", format_symbol_width(symw, ""),
	    "SYMBOL", "QTY", "AVGCOST", "MARK",
	    "REALIZED", "UNREALIZED", "CCY", "REALIZED_B", "UNREALIZED_B",
	    "BASE");
}

static void
avg_cost_text(double v, char *buf, size_t len)
{
	/* Eight decimals at most, trailing zeros trimmed to two. */
	snprintf(buf, len, "%.8f", v);
	char *dot = strchr(buf, '.');
	if (!dot)
		return;
	char *end = buf + strlen(buf) - 1;
	while (end > dot + 2 && *end == '0')
		*end-- = '\0';
	if (strcmp(buf, "-0.00") == 0)
		snprintf(buf, len, "0.00");
}

void
format_position(struct sbuf *b, const struct format_position *p, bool json)
{
	char avg[48], mark[48], r[48], u[48], rb[48], ub[48];

	avg_cost_text(p->avg_cost, avg, sizeof avg);
	if (json) {
		struct json_object *j = json_object_new_object();
		json_add_str(j, "account", p->account);
		json_add_str(j, "symbol", p->symbol);
		json_add_int(j, "qty", p->qty);
		json_add_num(j, "avg_cost", avg);
		json_add_px(j, "mark", p->mark);
		json_add_money(j, "realized", p->realized);
		json_add_money(j, "unrealized", p->unrealized);
		json_add_str(j, "ccy", p->ccy);
		if (p->have_base) {
			json_add_money(j, "realized_base", p->realized_base);
			json_add_money(j, "unrealized_base",
			    p->unrealized_base);
		} else {
			json_object_object_add(j, "realized_base", NULL);
			json_object_object_add(j, "unrealized_base", NULL);
		}
		json_add_str(j, "base_ccy", p->base_ccy);
		if (p->block)
			json_add_str(j, "block", p->block);
		json_emit(b, j);
		return;
	}
	format_money(p->realized, r, sizeof r);
	format_money(p->unrealized, u, sizeof u);
	if (p->have_base) {
		format_money(p->realized_base, rb, sizeof rb);
		format_money(p->unrealized_base, ub, sizeof ub);
	} else {
		snprintf(rb, sizeof rb, p->base_too_large ? "too large" :
		    "no fx rate");
		snprintf(ub, sizeof ub, "-");
	}
	sbuf_printf(b, "%-11s %-*s %12" PRId64 " %14s %12s %14s %14s %-3s "
	    "%14s %14s %-3s\n", p->account, format_symbol_width(p->symw,
	    p->symbol), p->symbol, p->qty, avg,
	    px_or_dash(p->mark, p->tick, mark, sizeof mark), r, u, p->ccy, rb, ub,
	    p->base_ccy);
}

void
format_pnl_header(struct sbuf *b)
{
	sbuf_printf(b, "%-11s %16s %16s %16s %-3s\n", "ACCOUNT", "REALIZED",
	    "UNREALIZED", "TOTAL", "CCY");
}

void
format_pnl(struct sbuf *b, const struct format_pnl *p, bool json)
{
	char r[48], u[48], t[48];

	format_money(p->realized, r, sizeof r);
	format_money(p->unrealized, u, sizeof u);
	/* Each may be near the 64-bit bound (an unrealized P&L shown at
	 * it): their sum is formed wide. */
	format_money_wide((__int128)p->realized + p->unrealized, t, sizeof t);
	if (json) {
		struct json_object *j = json_object_new_object();
		json_add_str(j, "account", p->firm ? "*" : p->account);
		if (p->firm)
			json_object_object_add(j, "firm",
			    json_object_new_boolean(1));
		json_add_num(j, "realized", r);
		json_add_num(j, "unrealized", u);
		json_add_num(j, "total", t);
		json_add_str(j, "base_ccy", p->base_ccy);
		if (p->block)
			json_add_str(j, "block", p->block);
		json_emit(b, j);
		return;
	}
	sbuf_printf(b, "%-11s %16s %16s %16s %-3s\n",
	    p->firm ? "FIRM" : p->account, r, u, t, p->base_ccy);
}

void
format_exec(struct sbuf *b, const struct store_exec *e, int64_t tick,
    bool json)
{
	char px[48], t[24];

	cmd_time_fmt(e->ts, t, sizeof t);
	if (json) {
		struct json_object *j = json_object_new_object();
		json_add_str(j, "exec_id", e->exec_id);
		json_add_str(j, "order", e->order_id);
		json_add_str(j, "account", e->account);
		json_add_str(j, "symbol", e->symbol);
		json_add_str(j, "side", order_side_name(e->side));
		json_add_int(j, "qty", e->qty);
		json_add_px(j, "px", e->px);
		json_add_str(j, "time", t);
		if (e->busted)
			json_object_object_add(j, "busted",
			    json_object_new_boolean(1));
		json_emit(b, j);
		return;
	}
	sbuf_printf(b, "  fill %s %s %" PRId64 " @ %s  %s%s\n", t,
	    order_side_name(e->side), e->qty, format_px_tick(e->px, tick, px,
	    sizeof px), e->exec_id, e->busted ? "  (busted)" : "");
}

/* The members of a journal body that hold prices (PX_SCALE). */
static bool
history_is_px(const char *key)
{
	static const char *const keys[] = { "limit_px", "stop_px", "px",
	    "limit", "stop", "trail", NULL };

	for (size_t i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* BODY with its scaled integers as decimals, or NULL to show BODY as it
 * is (not an object).  Caller frees. */
static char *
history_text(const char *body, int64_t tick)
{
	struct json_object *j = json_tokener_parse(body), *pct;
	char num[48];
	char *text;
	bool is_pct;

	if (!j || !json_object_is_type(j, json_type_object)) {
		json_object_put(j);
		return NULL;
	}
	is_pct = json_object_object_get_ex(j, "trail_pct", &pct) &&
	    json_object_get_boolean(pct);
	json_object_object_foreach(j, key, val) {
		if (!json_object_is_type(val, json_type_int))
			continue;
		int64_t v = json_object_get_int64(val);
		if (strcmp(key, "notional") == 0)
			format_money(v, num, sizeof num);
		else if (strcmp(key, "trail") == 0 && is_pct)
			format_px(v, num, sizeof num);
		else if (history_is_px(key))
			format_px_tick(v, tick, num, sizeof num);
		else
			continue;
		/* The key is there: json-c swaps the value, the walk goes on. */
		json_object_object_add(j, key,
		    json_object_new_double_s(strtod(num, NULL), num));
	}
	text = xstrdup(json_object_to_json_string_ext(j,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(j);
	return text;
}

void
format_history(struct sbuf *b, int64_t seq, int64_t ts, const char *kind,
    const char *body, int64_t tick, bool json)
{
	char t[24];

	cmd_time_fmt(ts, t, sizeof t);
	if (json) {
		struct json_object *j = json_object_new_object();
		json_add_int(j, "seq", seq);
		json_add_str(j, "time", t);
		json_add_str(j, "kind", kind);
		struct json_object *detail = json_tokener_parse(body);
		json_object_object_add(j, "detail", detail);
		json_emit(b, j);
		return;
	}
	char *text = history_text(body, tick);
	sbuf_printf(b, "  %s  #%-6" PRId64 " %-13s %s\n", t, seq, kind,
	    text ? text : body);
	free(text);
}

void
format_event_of(struct sbuf *b, const struct result_event *e, bool json)
{
	char p[48], t[24];
	if (json) {
		struct json_object *j = json_object_new_object();
		json_add_str(j, "event", e->what);
		json_add_str(j, "id", e->id);
		json_add_str(j, "account", e->account);
		json_add_str(j, "symbol", e->symbol);
		json_add_str(j, "side", order_side_name(e->side));
		if (e->fill_qty) {
			json_add_int(j, "qty", e->fill_qty);
			json_add_px(j, "px", e->fill_px);
		}
		json_add_str(j, "status", order_status_name(e->status));
		json_add_int(j, "cum_qty", e->cum_qty);
		json_add_int(j, "leaves_qty", e->leaves);
		json_add_str(j, "time", cmd_time_fmt(e->time, t, sizeof t));
		if (e->text && *e->text)
			json_add_str(j, "text", e->text);
		json_emit(b, j);
		return;
	}
	sbuf_printf(b, "%s %s", e->id, e->what);
	if (strcmp(e->what, "new") == 0 || strcmp(e->what, "staged") == 0) {
		char tif[24];
		sbuf_printf(b, " %s %" PRId64 " %s", order_side_name(e->side),
		    e->qty, e->symbol);
		if (e->limit_px)
			sbuf_printf(b, " @ %s", format_px(e->limit_px, p,
			    sizeof p));
		else if (e->type == OTYPE_MARKET)
			sbuf_puts(b, " mkt");
		if (e->type == OTYPE_TRAILING_STOP) {
			fixed_fmt(e->trail, PX_DECIMALS, 0, p, sizeof p);
			sbuf_printf(b, " trail=%s%s", p, e->trail_pct ? "%" : "");
		} else if (e->stop_px) {
			sbuf_printf(b, " stop=%s", format_px(e->stop_px, p,
			    sizeof p));
		}
		if (e->block)
			sbuf_printf(b, " %s block", order_tif_fmt(e->tif,
			    e->gtd_date, tif, sizeof tif));
		else
			sbuf_printf(b, " %s acct=%s", order_tif_fmt(e->tif,
			    e->gtd_date, tif, sizeof tif), e->account);
	}
	if (e->fill_qty)
		sbuf_printf(b, " %" PRId64 " @ %s", e->fill_qty,
		    format_px(e->fill_px, p, sizeof p));
	else if (e->fill_px)
		sbuf_printf(b, " %s", format_px(e->fill_px, p, sizeof p));
	sbuf_printf(b, " -> %s", order_status_name(e->status));
	if (e->cum_qty && e->fill_qty)
		sbuf_printf(b, " (%" PRId64 "/%" PRId64 ")", e->cum_qty,
		    e->qty);
	if (e->text && *e->text)
		sbuf_printf(b, ": %s", e->text);
	sbuf_puts(b, "\n");
}

void
format_message(struct sbuf *b, bool json, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (json) {
		struct json_object *j = json_object_new_object();
		json_add_str(j, "message", msg);
		json_emit(b, j);
		return;
	}
	sbuf_printf(b, "%s\n", msg);
}

bool
cmd_filter_match(const struct cmd_filter *f, const struct order *o)
{
	if (f->acct[0] && strcmp(f->acct, o->account) != 0)
		return false;
	if (f->sym[0] && strcmp(f->sym, o->symbol) != 0)
		return false;
	switch (f->status_kind) {
	case FILTER_ANY:
		return true;
	case FILTER_OPEN:
		return !order_status_done(o->status);
	case FILTER_DONE:
		return order_status_done(o->status);
	case FILTER_ONE:
		return o->status == f->status;
	}
	return true;
}

/* How many of F[0..N) text shows: up to the last one not JSON only. */
static size_t
text_fields(const struct format_field *f, size_t n)
{
	while (n > 0 && f[n - 1].json_only)
		n--;
	return n;
}

/* One row of named fields: aligned text (each value padded to its width,
 * the last one not; fields for JSON only left out), or a JSON object
 * whose NUM fields are numbers. */
void
format_record(struct sbuf *b, bool json, const struct format_field *f,
    size_t n)
{
	if (json) {
		struct json_object *j = json_object_new_object();
		for (size_t i = 0; i < n; i++) {
			if (f[i].num && f[i].value[0])
				json_add_num(j, f[i].key, f[i].value);
			else
				json_add_str(j, f[i].key, f[i].value);
		}
		json_emit(b, j);
		return;
	}
	n = text_fields(f, n);
	for (size_t i = 0; i < n; i++) {
		if (f[i].json_only)
			continue;
		if (i + 1 < n)
			sbuf_printf(b, "%-*s  ", f[i].width, f[i].value);
		else
			sbuf_printf(b, "%s\n", f[i].value);
	}
}

/* The header line of format_record() rows: the keys, upper-cased. */
void
format_record_header(struct sbuf *b, const struct format_field *f, size_t n)
{
	n = text_fields(f, n);
	for (size_t i = 0; i < n; i++) {
		char k[32];
		size_t j;
		if (f[i].json_only)
			continue;
		for (j = 0; f[i].key[j] && j + 1 < sizeof k; j++)
			k[j] = (char)toupper((unsigned char)f[i].key[j]);
		k[j] = '\0';
		if (i + 1 < n)
			sbuf_printf(b, "%-*s  ", f[i].width, k);
		else
			sbuf_printf(b, "%s\n", k);
	}
}

static const char *
verdict_name(enum rule_action a)
{
	return a == RULE_BLOCK ? "block" : a == RULE_REVIEW ? "review" :
	    "warn";
}

bool
format_check_line(const struct cpl_result *c, bool rule, char *buf,
    size_t len)
{
	if (c->checked == 0) {
		snprintf(buf, len, "pass: no compliance rule applies");
		return true;
	}
	if (c->n == 0) {
		snprintf(buf, len, "pass: %d rule%s checked, none broken",
		    c->checked, c->checked == 1 ? "" : "s");
		return true;
	}
	if (rule)
		snprintf(buf, len, "%s: %s (%s): %s%s", verdict_name(c->worst),
		    c->out[0].rule_id, rule_kind_name(c->out[0].kind),
		    c->out[0].detail, c->broken > 1 ? " (and more)" : "");
	else
		snprintf(buf, len, "%s: %d of %d rule%s broken",
		    verdict_name(c->worst), c->broken, c->checked,
		    c->checked == 1 ? "" : "s");
	return false;
}

void
format_check(struct sbuf *b, const struct cpl_result *c, bool json)
{
	char	line[512];
	bool	pass = format_check_line(c, false, line, sizeof line);

	format_message(b, json, "%s", line);
	for (int i = 0; !pass && i < c->n; i++)
		format_message(b, json, "  %s %s (%s): %s",
		    rule_action_name(c->out[i].outcome), c->out[i].rule_id,
		    rule_kind_name(c->out[i].kind), c->out[i].detail);
}

/* The text of a block's fields. */
struct block_text {
	char	q[24], cum[24], al[24], px[32], n[24];
};

static void
block_fields(const struct result_block *bl, int symw, struct block_text *t,
    struct format_field *f)
{
	const struct format_field row[] = {
		{ "block", bl->id, 10, false, false },
		{ "symbol", bl->symbol, format_symbol_width(symw, bl->symbol),
		    false, false },
		{ "side", order_side_name(bl->side), 6, false, false },
		{ "qty", t->q, 12, true, false },
		{ "cum_qty", t->cum, 12, true, false },
		{ "allocated", t->al, 12, true, false },
		{ "avg_px", t->px, 14, true, false },
		{ "status", order_status_name(bl->status), 18, false, false },
		{ "orders", t->n, 0, true, false },
	};

	snprintf(t->q, sizeof t->q, "%" PRId64, bl->qty);
	snprintf(t->cum, sizeof t->cum, "%" PRId64, bl->cum_qty);
	snprintf(t->al, sizeof t->al, "%" PRId64, bl->allocated);
	format_px(bl->avg_px, t->px, sizeof t->px);
	snprintf(t->n, sizeof t->n, "%" PRId64, bl->orders);
	memcpy(f, row, sizeof row);
}

void
format_block_header(struct sbuf *b, int symw)
{
	struct result_block bl;
	struct block_text t;
	struct format_field f[9];

	memset(&bl, 0, sizeof bl);
	block_fields(&bl, symw, &t, f);
	format_record_header(b, f, 9);
}

void
format_block(struct sbuf *b, const struct result_block *bl, int symw,
    bool json)
{
	struct block_text t;
	struct format_field f[9];

	block_fields(bl, symw, &t, f);
	format_record(b, json, f, 9);
}

void
format_alloc(struct sbuf *b, const struct result_alloc *a, bool json)
{
	static const struct format_field f[] = {
		{ "account", "ACCOUNT", 12, false, false },
		{ "order", "ORDER", 10, false, false },
		{ "requested", "REQUESTED", 12, true, false },
		{ "before", "BEFORE", 12, true, false },
		{ "qty", "QTY", 12, true, false },
		{ "px", "PX", 14, true, false },
		{ "gross", "GROSS", 0, true, false },
	};
	char p[48];

	if (json)
		return;
	format_message(b, false, "block %s: %s %" PRId64 " %s at %s (%s)",
	    a->block, a->preview ? "would book" : "booked", a->qty, a->symbol,
	    format_px(a->px, p, sizeof p), a->method);
	format_record_header(b, f, 7);
}

void
format_alloc_row(struct sbuf *b, const struct result_alloc_row *a,
    bool json)
{
	char req[24], before[24], q[24], p[48], g[48];
	const struct format_field f[] = {
		{ "block", a->block, 0, false, true },
		{ "account", a->account, 12, false, false },
		{ "order", a->order, 10, false, false },
		{ "requested", req, 12, true, false },
		{ "before", before, 12, true, false },
		{ "qty", q, 12, true, false },
		{ "px", p, 14, true, false },
		{ "gross", g, 0, true, false },
		{ "preview", a->preview ? "true" : "false", 0, true, true },
	};

	snprintf(req, sizeof req, "%" PRId64, a->requested);
	snprintf(before, sizeof before, "%" PRId64, a->before);
	snprintf(q, sizeof q, "%" PRId64, a->qty);
	format_px(a->px, p, sizeof p);
	format_money(a->gross, g, sizeof g);
	format_record(b, json, f, 9);
}

/* The text of a booking's fields. */
struct booking_text {
	char	q[24], p[48], g[48];
};

static void
booking_fields(const struct result_booking *bk, int symw,
    struct booking_text *t, struct format_field *f)
{
	const struct format_field row[] = {
		{ "block", bk->block, 10, false, false },
		{ "booking", bk->booking, 16, false, false },
		{ "account", bk->account, 12, false, false },
		{ "order", bk->order, 10, false, false },
		{ "symbol", bk->symbol, format_symbol_width(symw, bk->symbol),
		    false, false },
		{ "side", order_side_name(bk->side), 6, false, false },
		{ "qty", t->q, 12, true, false },
		{ "px", t->p, 14, true, false },
		{ "gross", t->g, 0, true, false },
	};

	snprintf(t->q, sizeof t->q, "%" PRId64, bk->qty);
	format_px(bk->px, t->p, sizeof t->p);
	format_money(bk->gross, t->g, sizeof t->g);
	memcpy(f, row, sizeof row);
}

void
format_booking_header(struct sbuf *b, int symw)
{
	struct result_booking bk;
	struct booking_text t;
	struct format_field f[9];

	memset(&bk, 0, sizeof bk);
	booking_fields(&bk, symw, &t, f);
	format_record_header(b, f, 9);
}

void
format_booking(struct sbuf *b, const struct result_booking *bk, int symw,
    bool json)
{
	struct booking_text t;
	struct format_field f[9];

	booking_fields(bk, symw, &t, f);
	format_record(b, json, f, 9);
}

/* The symbol column of the table whose header is item I: at least SYMW,
 * and wide enough for every symbol in the rows of kind ROW that follow. */
static int
table_symw(const struct result *r, size_t i, enum result_kind row, int symw)
{
	struct result_item it;
	const char *sym;

	symw = format_symbol_width(symw, "");
	for (size_t n = result_count(r); ++i < n; ) {
		result_at(r, i, &it);
		if (it.kind != row)
			break;
		sym = row == RESULT_ORDER ? it.order->symbol :
		    row == RESULT_BLOCK ? it.block->symbol :
		    it.booking->symbol;
		symw = format_symbol_width(symw, sym);
	}
	return symw;
}

void
format_result(struct sbuf *b, const struct result *r, bool json)
{
	format_result_part(b, r, 0, result_count(r), json);
}

void
format_result_part(struct sbuf *b, const struct result *r, size_t from,
    size_t to, bool json)
{
	struct result_item it;
	int symw = FORMAT_SYMBOL_W;	/* of the table of orders */
	int tablew = FORMAT_SYMBOL_W;	/* of a table of blocks or bookings */

	if (to > result_count(r))
		to = result_count(r);
	for (size_t i = from, n = to; i < n; i++) {
		result_at(r, i, &it);
		switch (it.kind) {
		case RESULT_MESSAGE:
			format_message(b, json, "%s", it.text);
			break;
		case RESULT_NOTE:
			if (!json)
				format_message(b, false, "%s", it.text);
			break;
		case RESULT_WARNING:
			format_message(b, json, "warning: %s", it.text);
			break;
		case RESULT_HELP:
			if (json)
				format_message(b, true, "%s", it.text);
			else
				sbuf_puts(b, it.text);
			break;
		case RESULT_EVENT:
			format_event_of(b, &it.event, json);
			break;
		case RESULT_ORDER_HEADER:
			if (json)
				break;
			symw = table_symw(r, i, RESULT_ORDER, it.symw);
			format_order_header(b, symw);
			break;
		case RESULT_ORDER:
			format_order(b, it.order, it.tick, symw, json);
			break;
		case RESULT_ORIGIN:
			if (!json)
				sbuf_printf(b, "entered by %s from login %s\n",
				    it.user, it.login);
			break;
		case RESULT_EXEC_HEADER:
			if (!json)
				sbuf_puts(b, "fills:\n");
			break;
		case RESULT_EXEC:
			format_exec(b, it.exec, it.tick, json);
			break;
		case RESULT_HISTORY_HEADER:
			if (!json)
				sbuf_puts(b, "history:\n");
			break;
		case RESULT_HISTORY:
			format_history(b, it.seq, it.ts, it.hkind, it.body,
			    it.tick, json);
			break;
		case RESULT_POSITION_HEADER:
			if (!json)
				format_position_header(b, it.symw);
			break;
		case RESULT_POSITION:
			format_position(b, &it.position, json);
			break;
		case RESULT_PNL_HEADER:
			if (!json)
				format_pnl_header(b);
			break;
		case RESULT_PNL:
			format_pnl(b, &it.pnl, json);
			break;
		case RESULT_RECORD_HEADER:
			if (!json)
				format_record_header(b, it.fields,
				    it.nfields);
			break;
		case RESULT_RECORD:
			format_record(b, json, it.fields, it.nfields);
			break;
		case RESULT_CHECK:
			format_check(b, it.check, json);
			break;
		case RESULT_BLOCK_HEADER:
			if (json)
				break;
			tablew = table_symw(r, i, RESULT_BLOCK, it.symw);
			format_block_header(b, tablew);
			break;
		case RESULT_BLOCK:
			format_block(b, it.block, json ? 0 : tablew, json);
			break;
		case RESULT_ALLOC:
			format_alloc(b, it.alloc, json);
			break;
		case RESULT_ALLOC_ROW:
			format_alloc_row(b, it.alloc_row, json);
			break;
		case RESULT_BOOKING_HEADER:
			if (json)
				break;
			tablew = table_symw(r, i, RESULT_BOOKING, it.symw);
			format_booking_header(b, tablew);
			break;
		case RESULT_BOOKING:
			format_booking(b, it.booking, json ? 0 : tablew, json);
			break;
		}
	}
}

char *
format_alert(const struct store_alert *a, char *buf, size_t len)
{
	bool halt = strcmp(a->kind, "halt") == 0;

	if (halt || strcmp(a->kind, "resume") == 0)
		snprintf(buf, len, "alert: trading %s for %.32s by "
		    "%.32s%s%.64s", halt ? "halted" : "resumed",
		    a->account[0] ? a->account : "the whole store", a->user,
		    a->detail[0] ? ": " : "", a->detail);
	else
		snprintf(buf, len, "alert: %.10s %.20s%s%.20s: %.90s",
		    a->kind, a->account[0] ? a->account : "all accounts",
		    a->rule_id[0] ? " " : "", a->rule_id, a->detail);
	return buf;
}
