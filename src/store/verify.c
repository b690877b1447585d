/* src/store/verify.c: check a store's audit trail, replay its journal and
 * compare what it gives with the projections.
 *
 * Two passes over one read snapshot, so verifying a store of millions of
 * orders needs memory only for reference data, positions, users, rules,
 * halts and the orders whose history is under way at one time:
 *
 *   1. The whole journal in seq order.  Every row's hash is checked
 *      against the hash chain (from the seq where the chain began,
 *      audit_from, to the head recorded at the last commit); a row
 *      changed, inserted or deleted behind blotter's back is reported in
 *      words an operator can act on, naming the entry.  Reference data and
 *      fills rebuild instruments (for their multipliers), accounts, fx
 *      rates and every position (a position depends on the order of fills
 *      across orders); users, rules and halts are replayed, and each
 *      alert is compared with the alerts table as it comes (both are in
 *      seq order).  Then the tables are compared.
 *   2. The orders.  Each order is replayed through the core functions
 *      (order_apply, order_fill, ...), an event the status table refuses
 *      being a problem of its own, and its fields, the seq of its latest
 *      entry and its executions are compared with the projection rows.
 *      First during pass 1's walk, each order between the seq and
 *      last_seq of its row, the orders and executions compared as sums
 *      of hashes (see stream_start()); when that finds anything to say,
 *      the journal's order entries grouped by order id (SQLite sorts
 *      them by id, then seq: the journal has no index on ref), merged
 *      with the orders table by id and the executions table by its key
 *      (order id, exec id), which names every disagreement in order.
 *
 * Every disagreement is one line naming the table, the key, the field, the
 * projection's value and the journal's.
 *
 * The whole file goes through PRAGMA integrity_check, before the passes
 * or, when the file is read as immutable, beside them on a thread and a
 * connection of its own (the passes' lines held back meanwhile); a
 * damaged file is reported and not replayed.  Keyed rows are checked
 * with the audit key, which verify needs (a missing key is an error), and
 * the chain may be checked to pass through a head kept elsewhere (--head).
 * Verify writes nothing: an idle store is read as an immutable file. */
#include "config.h"
#include "store.h"

#include <errno.h>
#include <inttypes.h>
#include <json.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "fixed.h"
#include "hmap.h"
#include "sha256.h"
#include "store-int.h"

#define VERIFY_LINE_MAX	1024
#define V_EXEC_SEQ_COL	9	/* after the STORE_EXEC_COLS */

struct v_instrument {
	struct instrument in;
	bool	seen;			/* matched with a table row */
};

struct v_account {
	struct account a;
	bool	seen;
};

struct v_fx {
	int64_t	rate;
	bool	seen;
};

struct v_position {
	struct position p;
	bool	seen;
};

struct v_user {
	struct store_user u;
	bool	seen;
};

struct v_rule {
	struct rule r;
	int64_t	seq;			/* of the rule.add that added it */
	bool	seen;
};

struct v_halt {
	char	reason[NOTE_MAX];
	char	user[USER_MAX];
	int64_t	ts;
	bool	seen;
};

/* A writer found the journal ending at AT, not at the recorded head SEQ
 * (hash HASH), and chained row AT + 1 to that head. */
struct v_cut {
	int64_t	at, seq;
	unsigned char hash[STORE_HASH_LEN];
};

/* Walking the hash chain. */
struct chain {
	int64_t	from;			/* the first chained seq */
	int64_t	next;			/* the seq the next row must have */
	unsigned char prev[STORE_HASH_LEN];	/* stored hash of the last */
	bool	linked;			/* prev is known: check the link */
	int64_t	last;			/* the last row seen (0: none) */
	unsigned char last_hash[STORE_HASH_LEN];
	bool	last_hashed;
	bool	have_head, head_ok;	/* audit_head in meta, readable */
	int64_t	head_seq;
	unsigned char head_hash[STORE_HASH_LEN];
	struct v_cut *cut;		/* audit_cut records */
	size_t	ncut, capcut;
	long	run;			/* broken links in a row, ... */
	int64_t	run_first, run_last;	/* ... from and to */
	bool	moved;			/* a chained row before from, seen */
	int64_t	keyed_from;		/* the first keyed seq */
	const struct store_key *key;
	/* The anchored head to check (--head): seq 0 for a hash alone. */
	bool	anchor, anchor_seen;
	int64_t	anchor_seq;
	unsigned char anchor_hash[STORE_HASH_LEN];
};

/* An execution as the journal tells it, or as the projection holds
 * it. */
struct v_exec {
	struct store_exec x;
	int64_t	seq;			/* of its fill entry */
};

/* The order being replayed. */
/* A login that did something to an order (store_entry_act()). */
struct v_act {
	char	login[USER_MAX];
	const char *act;		/* static */
};

struct v_order {
	char	*ref;			/* its id as the journal spells it */
	size_t	refcap;
	bool	created;		/* its order.new was replayed */
	bool	skip;			/* beyond replay: ignore the rest */
	int64_t	seq;			/* of its order.new */
	int64_t	last_seq;		/* of its latest entry */
	struct order o;
	struct v_exec *x;		/* its executions, in journal order */
	size_t	nx, capx;
	struct v_exec *px;		/* the projection's, for comparing */
	size_t	npx, cappx;
	struct v_act *acts;		/* who entered, amended, released */
	size_t	nacts, capacts;
};

struct verify {
	const char *path;
	sqlite3	*db;
	void	(*report)(void *, const char *);
	void	*ctx;
	long	problems;
	struct err *err;
	struct json_tokener *tok;
	struct store_body sb;		/* the body being read */
	struct store_split split;	/* the entries of the row read */
	uint32_t tag[STORE_BODY_MAX];	/* its members' key_tag()s */
	struct hmap *instruments;	/* symbol -> struct v_instrument */
	struct hmap *accounts;		/* id -> struct v_account */
	struct hmap *fx;		/* pair -> struct v_fx */
	struct hmap *positions;		/* "acct\037sym" -> v_position */
	struct hmap *users;		/* login -> struct v_user */
	struct hmap *rules;		/* id -> struct v_rule */
	struct hmap *halts;		/* acct -> struct v_halt */
	char	same_login[16];		/* review.same_login, by the
					   journal ("" none) */
	sqlite3_stmt *alerts;		/* the alerts table, by seq */
	int	arc;			/* its last step */
	struct chain ch;
	struct v_order vo;
	struct v_order *cur;		/* the order being replayed */
	/* Counted by pass 1, for pass 2 to know it saw every entry: */
	int64_t	n_order;		/* entries of order kinds */
	int64_t	n_audit;		/* other entries under a ref */
	int64_t	n_noref;		/* either, naming nothing */
	int64_t	n_rows;			/* every row */
	/* Lines held back while pass 2 may still start again. */
	bool	defer;
	char	**held;
	size_t	nheld, capheld;
};

/* The most orders replayed at once alongside pass 1 (a few KB each):
 * a store whose orders' histories overlap more is left to the sorted
 * pass. */
#define V_LIVE_MAX	65536

/* An order being replayed, with the range of its row in orders. */
struct v_live {
	struct v_order vo;
	int64_t	pseq, plast;		/* its row's seq and last_seq */
	struct v_live *next;		/* on the free list */
};

struct v_stream {
	struct verify w;		/* replays; its lines held back */
	struct err err;
	bool	on;			/* started and not given up */
	sqlite3_stmt *orders;		/* the orders table by seq */
	int	orc;			/* its last step */
	struct hmap *live;		/* ref -> struct v_live */
	struct v_live **heap;		/* by plast, least first */
	size_t	nheap, capheap;
	struct v_live *spare;		/* ended, for reuse */
	/* The executions, the journal's and the table's, each folded into
	 * a sum of their hashes under a secret drawn for this run. */
	struct sha256 xkey;
	uint64_t xj[4], xp[4];
	int64_t	nxj;
	/* The orders likewise, the rows against the replayed orders. */
	uint64_t oj[4], op[4];
	int64_t	noj;
};

/* A field of a journal body, read with the first missing one noted. */
struct body {
	struct store_body *sb;		/* its members, read in place, */
	const uint32_t *tag;		/* their key_tag()s, */
	struct json_object *obj;	/* or by json-c (not NULL) */
	const char *missing;
};

/* Report one disagreement. */
static void
problem(struct verify *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Hand LINE to the report, or hold it back (see pass_orders_keyed()). */
static void
say(struct verify *v, const char *line)
{
	if (v->report == NULL)
		return;
	if (!v->defer) {
		v->report(v->ctx, line);
		return;
	}
	if (v->nheld == v->capheld) {
		v->capheld = v->capheld != 0 ? v->capheld * 2 : 64;
		v->held = xrealloc(v->held, v->capheld * sizeof *v->held);
	}
	v->held[v->nheld++] = xstrdup(line);
}

/* Report the lines held back (SEND), or forget them. */
static void
held_end(struct verify *v, bool send)
{
	size_t	i;

	for (i = 0; i < v->nheld; i++) {
		if (send && v->report != NULL)
			v->report(v->ctx, v->held[i]);
		free(v->held[i]);
	}
	v->nheld = 0;
	v->defer = false;
}

static void
problem(struct verify *v, const char *fmt, ...)
{
	char	line[VERIFY_LINE_MAX];
	va_list	ap;

	v->problems++;
	if (v->report == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	say(v, line);
}

/* S quoted for a report line, control characters escaped. */
static const char *
quoted(const char *s, char *buf, size_t size)
{
	size_t	n = 0;

	if (size < 8)
		return "";
	buf[n++] = '"';
	for (; s != NULL && *s != '\0' && n + 6 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

/* S for a report line: control characters as '?', cut to fit SIZE. */
static const char *
clean(const char *s, char *buf, size_t size)
{
	size_t	n;

	for (n = 0; s[n] != '\0' && n + 1 < size; n++)
		buf[n] = (unsigned char)s[n] < 0x20 || s[n] == 0x7f ? '?' :
		    s[n];
	buf[n] = '\0';
	return buf;
}

static void
diff_int(struct verify *v, const char *table, const char *key,
    const char *field, int64_t proj, int64_t jour)
{
	if (proj != jour)
		problem(v, "%s %s: %s is %" PRId64 " in the projection, %"
		    PRId64 " by the journal", table, key, field, proj, jour);
}

static void
diff_str(struct verify *v, const char *table, const char *key,
    const char *field, const char *proj, const char *jour)
{
	char	a[NOTE_MAX * 4 + 8], b[NOTE_MAX * 4 + 8];

	if (strcmp(proj, jour) != 0)
		problem(v, "%s %s: %s is %s in the projection, %s by the "
		    "journal", table, key, field, quoted(proj, a, sizeof a),
		    quoted(jour, b, sizeof b));
}

/* Enum names compare unquoted: "status is filled ..., new by ...". */
static void
diff_name(struct verify *v, const char *table, const char *key,
    const char *field, const char *proj, const char *jour)
{
	if (strcmp(proj, jour) != 0)
		problem(v, "%s %s: %s is %s in the projection, %s by the "
		    "journal", table, key, field, proj, jour);
}

static void
diff_bool(struct verify *v, const char *table, const char *key,
    const char *field, bool proj, bool jour)
{
	if (proj != jour)
		diff_name(v, table, key, field, proj ? "true" : "false",
		    jour ? "true" : "false");
}

static int
sql_fail(struct verify *v, int rc, const char *what)
{
	return store_sql_fail(v->err, v->path, v->db, rc, what);
}

static const char *
col_str(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return s != NULL ? s : "";
}

/* What a journal entry's kind is, as bits: an order kind (one of
 * store_kind_order()), a fill or bust, reference data (SJ_REFDATA_SQL);
 * 0 for an audit entry.  Found with a compare of the first byte before
 * strcmp(). */
#define KC_ORDER	1u
#define KC_EXEC		2u
#define KC_REFDATA	4u

static unsigned
kind_class(const char *kind)
{
	static const struct {
		const char *name;
		unsigned cls;
	} kinds[] = {
		{ SJ_FILL, KC_ORDER | KC_EXEC },
		{ SJ_ORDER_STATUS, KC_ORDER },
		{ SJ_ORDER_NEW, KC_ORDER },
		{ SJ_ORDER_AMEND, KC_ORDER },
		{ SJ_ORDER_STOP, KC_ORDER },
		{ SJ_ORDER_BLOCK, KC_ORDER },
		{ SJ_BUST, KC_ORDER | KC_EXEC },
		{ SJ_INSTRUMENT, KC_REFDATA },
		{ SJ_ACCOUNT, KC_REFDATA },
		{ SJ_FX, KC_REFDATA },
		{ SJ_USER_ADD, KC_REFDATA },
		{ SJ_RULE_ADD, KC_REFDATA },
		{ SJ_RULE_ENABLE, KC_REFDATA },
		{ SJ_RULE_DISABLE, KC_REFDATA },
		{ SJ_RULE_DEL, KC_REFDATA },
		{ SJ_HALT, KC_REFDATA },
		{ SJ_RESUME, KC_REFDATA },
		{ SJ_ALERT, KC_REFDATA },
		{ SJ_POSITION, KC_REFDATA },
	};
	size_t	i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].name[0] == kind[0] &&
		    strcmp(kinds[i].name, kind) == 0)
			return kinds[i].cls;
	return 0;
}

/* --- Journal bodies ------------------------------------------------------- */

/* A key's first four bytes (fewer when it is shorter): most keys that
 * differ differ there, so a member is looked up with integer compares,
 * and strcmp() only for the one that matches. */
static inline uint32_t
key_tag(const char *key)
{
	uint32_t t = 0;
	int	i;

	for (i = 0; i < 4 && key[i] != '\0'; i++)
		t |= (uint32_t)(unsigned char)key[i] << (8 * i);
	return t;
}

/* Read TEXT (LEN bytes) into V's body in place: store_body_parse(), with
 * the tags of its members. */
static int
sb_read(struct verify *v, const char *text, size_t len)
{
	int	i;

	if (store_body_parse(&v->sb, text, len) == -1)
		return -1;
	for (i = 0; i < v->sb.n; i++)
		v->tag[i] = key_tag(v->sb.m[i].key);
	return 0;
}

/* store_body_get() of SB, whose members' tags are TAG: the last member
 * named KEY, or NULL. */
static inline const struct store_body_member *
sb_get(const struct store_body *sb, const uint32_t *tag, const char *key)
{
	uint32_t t = key_tag(key);
	int	i;

	for (i = sb->n; i-- > 0;)
		if (tag[i] == t && strcmp(sb->m[i].key, key) == 0)
			return &sb->m[i];
	return NULL;
}

/* Read TEXT, the body of entry SEQ, into B: in place when it is in the
 * form the store writes, else with json-c.  False, with a problem unless
 * QUIET (the other pass reports it), when it is not one JSON object. */
static bool
body_parse(struct verify *v, struct body *b, int64_t seq, const char *kind,
    const char *text, bool quiet)
{
	struct json_object *obj;
	size_t	len = strlen(text);

	b->sb = &v->sb;
	b->tag = v->tag;
	b->obj = NULL;
	b->missing = NULL;
	if (sb_read(v, text, len) == 0)
		return true;
	json_tokener_reset(v->tok);
	obj = json_tokener_parse_ex(v->tok, text, (int)len);
	if (obj != NULL && json_object_is_type(obj, json_type_object) &&
	    json_tokener_get_error(v->tok) == json_tokener_success &&
	    json_tokener_get_parse_end(v->tok) == len) {
		b->obj = obj;
		return true;
	}
	json_object_put(obj);
	if (!quiet)
		problem(v, "journal seq %" PRId64 ": the %s body does not "
		    "parse as a JSON object", seq, kind);
	return false;
}

/* Release what body_parse() read. */
static void
body_done(struct body *b)
{
	json_object_put(b->obj);
	b->obj = NULL;
}

/* Member KEY of type T (as json-c would type it), noting the first one
 * missing; NULL when missing. */
static const struct store_body_member *
body_member(struct body *b, const char *key, enum store_body_type t)
{
	const struct store_body_member *m = sb_get(b->sb, b->tag, key);

	if (m != NULL && m->type == t)
		return m;
	if (b->missing == NULL)
		b->missing = key;
	return NULL;
}

static struct json_object *
body_get(struct body *b, const char *key, enum json_type type)
{
	struct json_object *m;

	if (json_object_object_get_ex(b->obj, key, &m) &&
	    json_object_is_type(m, type))
		return m;
	if (b->missing == NULL)
		b->missing = key;
	return NULL;
}

static bool
body_has(struct body *b, const char *key)
{
	if (b->obj == NULL)
		return sb_get(b->sb, b->tag, key) != NULL;
	return json_object_object_get_ex(b->obj, key, NULL);
}

static int64_t
body_int(struct body *b, const char *key)
{
	const struct store_body_member *sm;
	struct json_object *m;

	if (b->obj == NULL) {
		sm = body_member(b, key, STORE_BODY_INT);
		return sm != NULL ? sm->i : 0;
	}
	m = body_get(b, key, json_type_int);
	return m != NULL ? json_object_get_int64(m) : 0;
}

static bool
body_bool(struct body *b, const char *key)
{
	const struct store_body_member *sm;
	struct json_object *m;

	if (b->obj == NULL) {
		sm = body_member(b, key, STORE_BODY_BOOL);
		return sm != NULL && sm->i != 0;
	}
	m = body_get(b, key, json_type_boolean);
	return m != NULL && json_object_get_boolean(m);
}

/* The string member KEY (borrowed from the body), "" when missing. */
static const char *
body_str(struct body *b, const char *key)
{
	const struct store_body_member *sm;
	struct json_object *m;

	if (b->obj == NULL) {
		sm = body_member(b, key, STORE_BODY_STR);
		return sm != NULL ? sm->s : "";
	}
	m = body_get(b, key, json_type_string);
	return m != NULL ? json_object_get_string(m) : "";
}

static void
body_copy(struct body *b, const char *key, char *dst, size_t size)
{
	str_copy(dst, size, body_str(b, key));
}

/* Report the first member B lacked, if any; true when all were there. */
static bool
body_complete(struct verify *v, struct body *b, int64_t seq,
    const char *kind)
{
	if (b->missing == NULL)
		return true;
	problem(v, "journal seq %" PRId64 ": the %s body has no %s (or not "
	    "of the right type)", seq, kind, b->missing);
	return false;
}

/* An enum member: parse it with OF, or report it. */
#define BODY_ENUM(v, b, seq, key, of, out)				\
	do {								\
		const char *name_ = body_str(b, key);			\
		if (body_has(b, key) && of(name_, out) == -1)		\
			problem(v, "journal seq %" PRId64		\
			    ": unknown %s \"%s\"", seq, key, name_);	\
	} while (0)

/* --- Pass 1: reference data and positions --------------------------------- */

static void
replay_instrument(struct verify *v, int64_t seq, const char *ref,
    struct body *b)
{
	struct v_instrument *vi, tmp;

	memset(&tmp, 0, sizeof tmp);
	body_copy(b, "symbol", tmp.in.symbol, sizeof tmp.in.symbol);
	BODY_ENUM(v, b, seq, "class", store_class_of, &tmp.in.cls);
	body_copy(b, "ccy", tmp.in.ccy, sizeof tmp.in.ccy);
	tmp.in.tick = body_int(b, "tick");
	tmp.in.lot = body_int(b, "lot");
	tmp.in.mult = body_int(b, "mult");
	body_copy(b, "issuer", tmp.in.issuer, sizeof tmp.in.issuer);
	body_copy(b, "sector", tmp.in.sector, sizeof tmp.in.sector);
	body_copy(b, "underlying", tmp.in.underlying,
	    sizeof tmp.in.underlying);
	body_complete(v, b, seq, SJ_INSTRUMENT);
	if (strcmp(tmp.in.symbol, ref) != 0)
		problem(v, "journal seq %" PRId64 ": instrument %s is filed "
		    "under %s", seq, tmp.in.symbol, ref);
	if ((vi = hmap_get(v->instruments, tmp.in.symbol)) == NULL) {
		vi = xmalloc(sizeof *vi);
		hmap_put(v->instruments, tmp.in.symbol, vi);
	}
	*vi = tmp;
}

static void
replay_account(struct verify *v, int64_t seq, const char *ref,
    struct body *b)
{
	struct v_account *va, tmp;

	memset(&tmp, 0, sizeof tmp);
	body_copy(b, "id", tmp.a.id, sizeof tmp.a.id);
	body_copy(b, "name", tmp.a.name, sizeof tmp.a.name);
	body_copy(b, "ccy", tmp.a.ccy, sizeof tmp.a.ccy);
	tmp.a.nav = body_int(b, "nav");
	tmp.a.cash = body_int(b, "cash");
	body_complete(v, b, seq, SJ_ACCOUNT);
	if (strcmp(tmp.a.id, ref) != 0)
		problem(v, "journal seq %" PRId64 ": account %s is filed "
		    "under %s", seq, tmp.a.id, ref);
	if ((va = hmap_get(v->accounts, tmp.a.id)) == NULL) {
		va = xmalloc(sizeof *va);
		hmap_put(v->accounts, tmp.a.id, va);
	}
	*va = tmp;
}

static void
replay_fx(struct verify *v, int64_t seq, const char *ref, struct body *b)
{
	struct v_fx *vf;
	int64_t	rate = body_int(b, "rate");

	if (!body_complete(v, b, seq, SJ_FX))
		return;
	if ((vf = hmap_get(v->fx, ref)) == NULL) {
		vf = xmalloc(sizeof *vf);
		hmap_put(v->fx, ref, vf);
	}
	vf->rate = rate;
	vf->seen = false;
}

/* The key of a position, "acct\037sym", into KEY (big enough for both):
 * what snprintf() would write, at the cost of two copies. */
static void
position_key(char *key, const char *acct, const char *sym)
{
	size_t	a = strlen(acct), n = strlen(sym);

	memcpy(key, acct, a);
	key[a] = '\037';
	memcpy(key + a + 1, sym, n + 1);
}

/* The replayed position of P's account and symbol, made flat the first
 * time. */
static struct v_position *
v_position(struct verify *v, const struct position *p)
{
	struct v_position *vp;
	char	key[ACCOUNT_MAX + SYMBOL_MAX + 1];

	position_key(key, p->account, p->symbol);
	if ((vp = hmap_get(v->positions, key)) == NULL) {
		vp = xmalloc(sizeof *vp);
		memset(vp, 0, sizeof *vp);
		str_copy(vp->p.account, sizeof vp->p.account, p->account);
		str_copy(vp->p.symbol, sizeof vp->p.symbol, p->symbol);
		hmap_put(v->positions, key, vp);
	}
	return vp;
}

/* Apply a fill (SIGN 1) or bust (SIGN -1) to its position. */
static void
replay_position(struct verify *v, int64_t seq, const char *kind, int sign,
    struct body *b)
{
	struct v_instrument *vi;
	struct v_position *vp;
	struct position p;
	enum order_side side = SIDE_BUY;
	int64_t	qty, px, mult = PX_SCALE;

	memset(&p, 0, sizeof p);
	body_copy(b, "account", p.account, sizeof p.account);
	body_copy(b, "symbol", p.symbol, sizeof p.symbol);
	BODY_ENUM(v, b, seq, "side", store_side_of, &side);
	qty = body_int(b, "qty");
	px = body_int(b, "px");
	body_str(b, "exec_id");
	/* The order pass reports a bad fill body; positions only use it.
	 * A block's own fills (no account) wait unallocated: its members'
	 * allocations are what move positions. */
	if (b->missing != NULL || p.account[0] == '\0')
		return;
	if ((vi = hmap_get(v->instruments, p.symbol)) != NULL)
		mult = vi->in.mult;
	else
		problem(v, "journal seq %" PRId64 ": %s of %s, an instrument "
		    "the journal has not defined (multiplier 1 assumed)", seq,
		    kind, p.symbol);
	/* A forged or damaged quantity moves no position (the order pass
	 * names the fill too): negating it could not even be done. */
	if (qty <= 0 || qty > QTY_MAX) {
		problem(v, "journal seq %" PRId64 ": %s of %s for account %s "
		    "has quantity %" PRId64 ", outside 1..%lld", seq, kind,
		    p.symbol, p.account, qty, (long long)QTY_MAX);
		return;
	}
	vp = v_position(v, &p);
	position_apply_fill(&vp->p, sign * order_side_sign(side) * qty, px,
	    mult);
}

/* Start-of-day holdings: the position is set, its realized P&L kept. */
static void
replay_load(struct verify *v, int64_t seq, struct body *b)
{
	struct v_position *vp;
	struct position p;

	memset(&p, 0, sizeof p);
	body_copy(b, "account", p.account, sizeof p.account);
	body_copy(b, "symbol", p.symbol, sizeof p.symbol);
	p.qty = body_int(b, "qty");
	p.cost = body_int(b, "cost");
	if (!body_complete(v, b, seq, SJ_POSITION))
		return;
	vp = v_position(v, &p);
	vp->p.qty = p.qty;
	vp->p.cost = p.cost;
}

/* Report the entries of MAP no table row matched.  SEEN_OFF is the offset
 * of the entry's seen flag. */
static void
report_unseen(struct verify *v, struct hmap *map, const char *table,
    size_t seen_off)
{
	size_t	pos = 0;
	const char *key;
	void	*val;

	while (hmap_next(map, &pos, &key, &val))
		if (!*(bool *)((char *)val + seen_off))
			problem(v, "%s %s: in the journal, missing from the "
			    "projection", table, key);
}

static int
compare_instruments(struct verify *v)
{
	sqlite3_stmt *st;
	struct instrument t;
	struct v_instrument *vi;
	const char *bad, *k;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT " STORE_INSTRUMENT_COLS
	    " FROM instruments ORDER BY rowid", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading instruments");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_instrument_from_row(st, &t, &bad) == -1) {
			problem(v, "instruments %s: unknown %s \"%s\" in the "
			    "projection", t.symbol, bad, col_str(st, 1));
			continue;
		}
		k = t.symbol;
		if ((vi = hmap_get(v->instruments, k)) == NULL) {
			problem(v, "instruments %s: in the projection, not in "
			    "the journal", k);
			continue;
		}
		vi->seen = true;
		diff_name(v, "instruments", k, "class",
		    asset_class_name(t.cls), asset_class_name(vi->in.cls));
		diff_str(v, "instruments", k, "ccy", t.ccy, vi->in.ccy);
		diff_int(v, "instruments", k, "tick", t.tick, vi->in.tick);
		diff_int(v, "instruments", k, "lot", t.lot, vi->in.lot);
		diff_int(v, "instruments", k, "mult", t.mult, vi->in.mult);
		diff_str(v, "instruments", k, "issuer", t.issuer,
		    vi->in.issuer);
		diff_str(v, "instruments", k, "sector", t.sector,
		    vi->in.sector);
		diff_str(v, "instruments", k, "underlying", t.underlying,
		    vi->in.underlying);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading instruments");
	report_unseen(v, v->instruments, "instruments",
	    offsetof(struct v_instrument, seen));
	return 0;
}

static int
compare_accounts(struct verify *v)
{
	sqlite3_stmt *st;
	struct account t;
	struct v_account *va;
	const char *k;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT " STORE_ACCOUNT_COLS
	    " FROM accounts ORDER BY rowid", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading accounts");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_account_from_row(st, &t);
		k = t.id;
		if ((va = hmap_get(v->accounts, k)) == NULL) {
			problem(v, "accounts %s: in the projection, not in "
			    "the journal", k);
			continue;
		}
		va->seen = true;
		diff_str(v, "accounts", k, "name", t.name, va->a.name);
		diff_str(v, "accounts", k, "ccy", t.ccy, va->a.ccy);
		diff_int(v, "accounts", k, "nav", t.nav, va->a.nav);
		diff_int(v, "accounts", k, "cash", t.cash, va->a.cash);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading accounts");
	report_unseen(v, v->accounts, "accounts",
	    offsetof(struct v_account, seen));
	return 0;
}

static int
compare_fx(struct verify *v)
{
	sqlite3_stmt *st;
	struct v_fx *vf;
	const char *k;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT pair, rate FROM fx"
	    " ORDER BY rowid", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading fx rates");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k = col_str(st, 0);
		if ((vf = hmap_get(v->fx, k)) == NULL) {
			problem(v, "fx %s: in the projection, not in the "
			    "journal", k);
			continue;
		}
		vf->seen = true;
		diff_int(v, "fx", k, "rate", sqlite3_column_int64(st, 1),
		    vf->rate);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading fx rates");
	report_unseen(v, v->fx, "fx", offsetof(struct v_fx, seen));
	return 0;
}

static int
compare_positions(struct verify *v)
{
	sqlite3_stmt *st;
	struct position t;
	struct v_position *vp;
	char	k[ACCOUNT_MAX + SYMBOL_MAX + 1];
	char	key[ACCOUNT_MAX + SYMBOL_MAX + 1];
	size_t	pos = 0;
	void	*val;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT " STORE_POSITION_COLS
	    " FROM positions ORDER BY rowid", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading positions");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_position_from_row(st, &t);
		position_key(key, t.account, t.symbol);
		snprintf(k, sizeof k, "%s/%s", t.account, t.symbol);
		if ((vp = hmap_get(v->positions, key)) == NULL) {
			problem(v, "positions %s: in the projection, not in "
			    "the journal", k);
			continue;
		}
		vp->seen = true;
		diff_int(v, "positions", k, "qty", t.qty, vp->p.qty);
		diff_int(v, "positions", k, "cost", t.cost, vp->p.cost);
		diff_int(v, "positions", k, "realized", t.realized,
		    vp->p.realized);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading positions");
	while (hmap_next(v->positions, &pos, NULL, &val)) {
		vp = val;
		if (!vp->seen)
			problem(v, "positions %s/%s: in the journal, missing "
			    "from the projection", vp->p.account,
			    vp->p.symbol);
	}
	return 0;
}

/* --- The hash chain ------------------------------------------------------- */

/* What an entry is about, for a report line: "order.status of order X". */
static const char *
describe(const char *kind, const char *ref, char *buf, size_t size)
{
	char	k[STORE_AUDIT_KIND_MAX * 2], r[STORE_AUDIT_REF_MAX];

	clean(kind, k, sizeof k);
	clean(ref, r, sizeof r);
	if (store_kind_order(kind))
		snprintf(buf, size, "%s of order %s", k, r);
	else if (strcmp(kind, SJ_INSTRUMENT) == 0)
		snprintf(buf, size, "instrument %s", r);
	else if (strcmp(kind, SJ_ACCOUNT) == 0)
		snprintf(buf, size, "account %s", r);
	else if (strcmp(kind, SJ_FX) == 0)
		snprintf(buf, size, "fx rate %s", r);
	else if (strcmp(kind, SJ_USER_ADD) == 0)
		snprintf(buf, size, "%s of user %s", k, r);
	else if (strncmp(kind, "rule.", 5) == 0)
		snprintf(buf, size, "%s of rule %s", k, r);
	else if (strcmp(kind, SJ_HALT) == 0 || strcmp(kind, SJ_RESUME) == 0)
		snprintf(buf, size, "%s of %s%s", k, ref[0] != '\0' ?
		    "account " : "the whole store", r);
	else if (ref[0] == '\0')
		snprintf(buf, size, "%s", k);
	else if (strcmp(kind, SJ_ALERT) == 0)
		snprintf(buf, size, "alert for account %s", r);
	else
		snprintf(buf, size, "%s about %s", k, r);
	return buf;
}

/* Report what a writer found at the journal's end (see v_cut). */
static void
report_cut(struct verify *v, const struct v_cut *k)
{
	if (k->seq > k->at)
		problem(v, "when blotter next wrote to the journal, it ended "
		    "at entry %" PRId64 " but had been written to entry %"
		    PRId64 ": entries were cut from its end", k->at, k->seq);
	else if (k->seq < k->at)
		problem(v, "when blotter next wrote to the journal, it ended "
		    "at entry %" PRId64 " but had been written to entry %"
		    PRId64 " only: entries were added behind blotter's back",
		    k->at, k->seq);
	else
		problem(v, "when blotter next wrote to the journal, its last "
		    "entry %" PRId64 " was not the one last written: it was "
		    "replaced", k->at);
}

/* Read the chain's ends and the cuts recorded by writers from meta. */
static int
chain_start(struct verify *v)
{
	struct chain *c = &v->ch;
	struct err e = { "" };
	sqlite3_stmt *st;
	const char *key, *val;
	int64_t	n;
	int	rc;

	c->from = 0;
	c->have_head = false;
	rc = sqlite3_prepare_v2(v->db, "SELECT key, value FROM meta WHERE"
	    " key = '" STORE_META_AUDIT_FROM "' OR key = '"
	    STORE_META_AUDIT_HEAD "' OR (key >= '" STORE_META_AUDIT_CUT "'"
	    " AND key < '" STORE_META_AUDIT_CUT "~') ORDER BY key", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading the audit trail");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key = col_str(st, 0);
		val = col_str(st, 1);
		if (strcmp(key, STORE_META_AUDIT_FROM) == 0) {
			char	*end;

			errno = 0;
			n = strtoll(val, &end, 10);
			if (errno == 0 && end != val && *end == '\0' && n >= 1)
				c->from = n;
		} else if (strcmp(key, STORE_META_AUDIT_HEAD) == 0) {
			c->have_head = true;
			c->head_ok = store_head_parse(val, &c->head_seq,
			    c->head_hash) == 0;
		} else {
			struct v_cut *k;

			if (c->ncut == c->capcut) {
				c->capcut = c->capcut != 0 ? 2 * c->capcut : 4;
				c->cut = xrealloc(c->cut,
				    c->capcut * sizeof *c->cut);
			}
			k = &c->cut[c->ncut];
			k->at = strtoll(key + strlen(STORE_META_AUDIT_CUT),
			    NULL, 10);
			if (store_head_parse(val, &k->seq, k->hash) == -1) {
				problem(v, "the record of a change to the "
				    "journal's end (%s) is unreadable", key);
				continue;
			}
			c->ncut++;
			report_cut(v, k);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading the audit trail");
	if (c->from == 0) {
		problem(v, "the store does not record where its audit trail "
		    "starts (audit_from): every journal entry is checked");
		c->from = 1;
	}
	c->next = c->from;
	c->linked = true;
	memset(c->prev, 0, sizeof c->prev);
	/* Where the keyed rows start, sealed with the key: a wrong key, or
	 * the start moved to pass keyed rows off as plain, is found here. */
	if (store_keyed_read(v->db, v->path, c->key, &c->keyed_from,
	    &e) == -1) {
		size_t	len = strlen(v->path);

		problem(v, "%s", strncmp(e.msg, v->path, len) == 0 &&
		    e.msg[len] == ':' ? e.msg + len + 2 : e.msg);
		if (c->keyed_from == 0)
			c->keyed_from = c->from;
	}
	return 0;
}

/* Close a run of broken links with one line for the rest of it. */
static void
chain_end_run(struct verify *v)
{
	struct chain *c = &v->ch;

	if (c->run > 1 && c->run == 2)
		problem(v, "journal entry %" PRId64 ", after it, does not "
		    "match its hash either", c->run_last);
	else if (c->run > 2)
		problem(v, "journal entries %" PRId64 " to %" PRId64 ", after "
		    "it, do not match their hashes either (%ld entries)",
		    c->run_first + 1, c->run_last, c->run - 1);
	c->run = 0;
}

/*
 * Check one journal row against the chain, in seq order.  Each row's link
 * is checked against the hash stored in the row before it, so a row
 * changed in place is reported alone and the rows after it still check.
 * A run of rows that fail one after another (rows renumbered, say) is one
 * line for the first and one for the count.
 */
static void
chain_row(struct verify *v, const struct store_chain_row *r,
    const unsigned char *hash, int hashlen)
{
	struct chain *c = &v->ch;
	unsigned char h[STORE_HASH_LEN];
	char	d[256];
	const char *bad = NULL;
	size_t	i;

	c->last = r->seq;
	c->last_hashed = hash != NULL && hashlen == STORE_HASH_LEN;
	if (c->last_hashed)
		memcpy(c->last_hash, hash, STORE_HASH_LEN);
	if (r->seq < c->from) {
		/* Before the chain began (an upgraded store): no hashes. */
		if (hash != NULL && !c->moved) {
			problem(v, "journal entry %" PRId64 " (%s) is chained "
			    "but lies before the start of the audit trail at "
			    "entry %" PRId64 ": the start was moved to leave "
			    "entries unchecked", r->seq, describe(r->kind,
			    r->ref, d, sizeof d), c->from);
			c->moved = true;
		}
		return;
	}
	/* The seqs of entries cut from the end, which the writer that found
	 * the cut numbered past (report_cut() named them), are no gap. */
	for (i = 0; i < c->ncut && r->seq > c->next; i++)
		if (c->cut[i].at + 1 == c->next && c->cut[i].seq + 1 == r->seq)
			c->next = r->seq;
	if (r->seq > c->next) {
		chain_end_run(v);
		if (r->seq == c->next + 1)
			problem(v, "journal entry %" PRId64 " is missing: "
			    "deleted", c->next);
		else
			problem(v, "journal entries %" PRId64 " to %" PRId64
			    " are missing: deleted", c->next, r->seq - 1);
		c->linked = false;
	}
	/* A writer that found the journal's end changed chained this row
	 * to the head it had recorded (chain_start() reported it). */
	for (i = 0; i < c->ncut; i++)
		if ((c->cut[i].seq > c->cut[i].at ? c->cut[i].seq :
		    c->cut[i].at) + 1 == r->seq) {
			memcpy(c->prev, c->cut[i].hash, STORE_HASH_LEN);
			c->linked = true;
		}
	if (hash == NULL) {
		bad = "has no hash: it was added behind blotter's back";
	} else if (hashlen != STORE_HASH_LEN) {
		bad = "was changed after it was written";
	} else if (c->linked) {
		store_chain_hash(c->prev, r, r->seq >= c->keyed_from ?
		    c->key : NULL, h);
		if (memcmp(h, hash, STORE_HASH_LEN) != 0)
			bad = "was changed after it was written";
	}
	if (bad != NULL) {
		if (c->run++ == 0) {
			problem(v, "journal entry %" PRId64 " (%s) %s", r->seq,
			    describe(r->kind, r->ref, d, sizeof d), bad);
			c->run_first = r->seq;
		}
		c->run_last = r->seq;
	} else {
		chain_end_run(v);
	}
	c->linked = hash != NULL && hashlen == STORE_HASH_LEN;
	if (c->linked)
		memcpy(c->prev, hash, STORE_HASH_LEN);
	c->next = r->seq + 1;
	if (c->anchor && !c->anchor_seen && c->linked &&
	    (c->anchor_seq == 0 || c->anchor_seq == r->seq) &&
	    memcmp(hash, c->anchor_hash, STORE_HASH_LEN) == 0)
		c->anchor_seen = true;
}

/* Does the chain still pass through the anchored head (--head)? */
static void
chain_anchor(struct verify *v)
{
	struct chain *c = &v->ch;

	if (!c->anchor || c->anchor_seen)
		return;
	if (c->anchor_seq == 0)
		problem(v, "no journal entry has the anchored head's hash: the "
		    "journal was rewritten or cut since the head was taken");
	else if (c->anchor_seq > c->last)
		problem(v, "the journal ends at entry %" PRId64 " but the "
		    "anchored head is entry %" PRId64 ": entries were cut from "
		    "its end", c->last, c->anchor_seq);
	else
		problem(v, "journal entry %" PRId64 " is not the anchored head "
		    "(its hash differs): the journal was rewritten since the "
		    "head was taken", c->anchor_seq);
}

/* After the last row: does the journal end where it was last written? */
static void
chain_finish(struct verify *v)
{
	struct chain *c = &v->ch;

	chain_end_run(v);
	if (!c->have_head) {
		if (c->last >= c->from)
			problem(v, "the record of the journal's last entry "
			    "(audit_head) is missing: entries cut from its "
			    "end could not be told");
		return;
	}
	if (!c->head_ok) {
		problem(v, "the record of the journal's last entry "
		    "(audit_head) is unreadable");
		return;
	}
	if (c->last == 0 && c->head_seq > 0)
		problem(v, "the journal is empty but was last written to "
		    "entry %" PRId64 ": its entries were deleted",
		    c->head_seq);
	else if (c->last < c->head_seq)
		problem(v, "the journal ends at entry %" PRId64 " but was last "
		    "written to entry %" PRId64 ": entries were cut from its "
		    "end", c->last, c->head_seq);
	else if (c->last > c->head_seq)
		problem(v, "the journal ends at entry %" PRId64 " but was last "
		    "written to entry %" PRId64 ": entries were added after "
		    "its last write", c->last, c->head_seq);
	else if (!c->last_hashed ||
	    memcmp(c->last_hash, c->head_hash, STORE_HASH_LEN) != 0)
		problem(v, "journal entry %" PRId64 ", the last, is not the "
		    "one last written: it was replaced", c->last);
}

/* --- Users, rules, halts and alerts --------------------------------------- */

static void
replay_user(struct verify *v, int64_t seq, const char *ref, struct body *b)
{
	struct v_user *vu, tmp;

	memset(&tmp, 0, sizeof tmp);
	body_copy(b, "login", tmp.u.login, sizeof tmp.u.login);
	BODY_ENUM(v, b, seq, "role", store_role_of, &tmp.u.role);
	body_copy(b, "name", tmp.u.name, sizeof tmp.u.name);
	tmp.u.created = body_int(b, "created");
	body_complete(v, b, seq, SJ_USER_ADD);
	if (strcmp(tmp.u.login, ref) != 0)
		problem(v, "journal seq %" PRId64 ": user %s is filed under %s",
		    seq, tmp.u.login, ref);
	if ((vu = hmap_get(v->users, tmp.u.login)) == NULL) {
		vu = xmalloc(sizeof *vu);
		hmap_put(v->users, tmp.u.login, vu);
	} else {
		/* A user changed keeps the time it was created. */
		tmp.u.created = vu->u.created;
	}
	*vu = tmp;
}

static void
replay_rule(struct verify *v, int64_t seq, const char *kind,
    const char *ref, struct body *b)
{
	struct v_rule *vr, tmp;

	if (strcmp(kind, SJ_RULE_DEL) == 0) {
		if ((vr = hmap_del(v->rules, ref)) == NULL)
			problem(v, "journal seq %" PRId64 ": rule.del of rule "
			    "%s, which does not exist", seq, ref);
		free(vr);
		return;
	}
	memset(&tmp, 0, sizeof tmp);
	body_copy(b, "id", tmp.r.id, sizeof tmp.r.id);
	BODY_ENUM(v, b, seq, "kind", store_rule_kind_of, &tmp.r.kind);
	BODY_ENUM(v, b, seq, "action", store_rule_action_of, &tmp.r.action);
	tmp.r.enabled = body_bool(b, "enabled");
	body_copy(b, "acct", tmp.r.acct, sizeof tmp.r.acct);
	body_copy(b, "sym", tmp.r.sym, sizeof tmp.r.sym);
	body_copy(b, "issuer", tmp.r.issuer, sizeof tmp.r.issuer);
	body_copy(b, "trader", tmp.r.trader, sizeof tmp.r.trader);
	BODY_ENUM(v, b, seq, "by", store_rule_by_of, &tmp.r.by);
	tmp.r.allow = (unsigned)body_int(b, "allow");
	tmp.r.limit = body_int(b, "limit");
	tmp.r.warn_at = body_int(b, "warn_at");
	body_complete(v, b, seq, kind);
	if (strcmp(tmp.r.id, ref) != 0)
		problem(v, "journal seq %" PRId64 ": rule %s is filed under %s",
		    seq, tmp.r.id, ref);
	if ((strcmp(kind, SJ_RULE_ENABLE) == 0 && !tmp.r.enabled) ||
	    (strcmp(kind, SJ_RULE_DISABLE) == 0 && tmp.r.enabled))
		problem(v, "journal seq %" PRId64 ": %s of rule %s leaves it "
		    "%s", seq, kind, tmp.r.id, tmp.r.enabled ? "enabled" :
		    "disabled");
	/* A rule replaced, enabled or disabled keeps its place. */
	tmp.seq = seq;
	if ((vr = hmap_get(v->rules, tmp.r.id)) == NULL) {
		vr = xmalloc(sizeof *vr);
		hmap_put(v->rules, tmp.r.id, vr);
	} else {
		tmp.seq = vr->seq;
	}
	*vr = tmp;
}

/* Compare alert A, as the journal tells it, with the alerts table, which
 * is read alongside in seq order. */
static void
expect_alert(struct verify *v, const struct store_alert *a)
{
	struct store_alert t;
	char	k[24];

	while (v->arc == SQLITE_ROW &&
	    sqlite3_column_int64(v->alerts, 0) < a->seq) {
		problem(v, "alerts %lld: in the projection, not in the "
		    "journal", sqlite3_column_int64(v->alerts, 0));
		v->arc = sqlite3_step(v->alerts);
	}
	snprintf(k, sizeof k, "%" PRId64, a->seq);
	if (v->arc != SQLITE_ROW ||
	    sqlite3_column_int64(v->alerts, 0) != a->seq) {
		problem(v, "alerts %s: in the journal, missing from the "
		    "projection", k);
		return;
	}
	store_alert_from_row(v->alerts, &t);
	v->arc = sqlite3_step(v->alerts);
	diff_int(v, "alerts", k, "ts", t.ts, a->ts);
	diff_str(v, "alerts", k, "kind", t.kind, a->kind);
	diff_str(v, "alerts", k, "account", t.account, a->account);
	diff_str(v, "alerts", k, "symbol", t.symbol, a->symbol);
	diff_str(v, "alerts", k, "rule_id", t.rule_id, a->rule_id);
	diff_str(v, "alerts", k, "user", t.user, a->user);
	diff_str(v, "alerts", k, "detail", t.detail, a->detail);
}

/* A halt or resume: the halts in force, and its alert. */
static void
replay_halt(struct verify *v, int64_t seq, int64_t ts, const char *user,
    const char *kind, const char *ref, struct body *b)
{
	struct store_alert a;
	struct v_halt *vh;
	bool	halt = strcmp(kind, SJ_HALT) == 0;

	memset(&a, 0, sizeof a);
	body_copy(b, "reason", a.detail, sizeof a.detail);
	if (!body_complete(v, b, seq, kind))
		return;
	if (halt) {
		if ((vh = hmap_get(v->halts, ref)) == NULL) {
			vh = xmalloc(sizeof *vh);
			hmap_put(v->halts, ref, vh);
		}
		memset(vh, 0, sizeof *vh);
		str_copy(vh->reason, sizeof vh->reason, a.detail);
		str_copy(vh->user, sizeof vh->user, user);
		vh->ts = ts;
	} else {
		free(hmap_del(v->halts, ref));
	}
	a.seq = seq;
	a.ts = ts;
	str_copy(a.kind, sizeof a.kind, kind);
	str_copy(a.account, sizeof a.account, ref);
	str_copy(a.user, sizeof a.user, user);
	expect_alert(v, &a);
}

static void
replay_alert(struct verify *v, int64_t seq, int64_t ts, struct body *b)
{
	struct store_alert a;

	memset(&a, 0, sizeof a);
	a.seq = seq;
	a.ts = ts;
	body_copy(b, "kind", a.kind, sizeof a.kind);
	body_copy(b, "account", a.account, sizeof a.account);
	body_copy(b, "symbol", a.symbol, sizeof a.symbol);
	body_copy(b, "rule_id", a.rule_id, sizeof a.rule_id);
	body_copy(b, "user", a.user, sizeof a.user);
	body_copy(b, "detail", a.detail, sizeof a.detail);
	if (body_complete(v, b, seq, SJ_ALERT))
		expect_alert(v, &a);
}

static int
compare_users(struct verify *v)
{
	sqlite3_stmt *st;
	struct store_user t;
	struct v_user *vu;
	const char *bad, *k;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT " STORE_USER_COLS
	    " FROM users ORDER BY login", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading users");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_user_from_row(st, &t, &bad) == -1) {
			problem(v, "users %s: unknown %s \"%s\" in the "
			    "projection", t.login, bad, col_str(st, 1));
			continue;
		}
		k = t.login;
		if ((vu = hmap_get(v->users, k)) == NULL) {
			problem(v, "users %s: in the projection, not in the "
			    "journal", k);
			continue;
		}
		vu->seen = true;
		diff_name(v, "users", k, "role", user_role_name(t.role),
		    user_role_name(vu->u.role));
		diff_str(v, "users", k, "name", t.name, vu->u.name);
		diff_int(v, "users", k, "created", t.created, vu->u.created);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading users");
	report_unseen(v, v->users, "users", offsetof(struct v_user, seen));
	return 0;
}

static int
compare_rules(struct verify *v)
{
	sqlite3_stmt *st;
	struct rule t;
	struct v_rule *vr;
	const char *bad, *k;
	int64_t	seq;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT " STORE_RULE_COLS
	    " FROM rules ORDER BY seq", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading rules");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_rule_from_row(st, &t, &seq, &bad) == -1) {
			problem(v, "rules %s: unknown %s in the projection",
			    t.id, bad);
			continue;
		}
		k = t.id;
		if ((vr = hmap_get(v->rules, k)) == NULL) {
			problem(v, "rules %s: in the projection, not in the "
			    "journal", k);
			continue;
		}
		vr->seen = true;
		diff_int(v, "rules", k, "seq", seq, vr->seq);
		diff_name(v, "rules", k, "kind", rule_kind_name(t.kind),
		    rule_kind_name(vr->r.kind));
		diff_name(v, "rules", k, "action", rule_action_name(t.action),
		    rule_action_name(vr->r.action));
		diff_bool(v, "rules", k, "enabled", t.enabled, vr->r.enabled);
		diff_str(v, "rules", k, "acct", t.acct, vr->r.acct);
		diff_str(v, "rules", k, "sym", t.sym, vr->r.sym);
		diff_str(v, "rules", k, "issuer", t.issuer, vr->r.issuer);
		diff_str(v, "rules", k, "trader", t.trader, vr->r.trader);
		diff_name(v, "rules", k, "by", rule_by_name(t.by),
		    rule_by_name(vr->r.by));
		diff_int(v, "rules", k, "allow", t.allow, vr->r.allow);
		diff_int(v, "rules", k, "limit", t.limit, vr->r.limit);
		diff_int(v, "rules", k, "warn_at", t.warn_at, vr->r.warn_at);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading rules");
	report_unseen(v, v->rules, "rules", offsetof(struct v_rule, seen));
	return 0;
}

static int
compare_halts(struct verify *v)
{
	sqlite3_stmt *st;
	struct v_halt *vh;
	size_t	pos = 0;
	const char *key;
	void	*val;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT " STORE_HALT_COLS
	    " FROM halts ORDER BY acct", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading halts");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *acct = col_str(st, 0);
		const char *k = acct[0] != '\0' ? acct : "(the whole store)";

		if ((vh = hmap_get(v->halts, acct)) == NULL) {
			problem(v, "halts %s: in the projection, not in the "
			    "journal", k);
			continue;
		}
		vh->seen = true;
		diff_str(v, "halts", k, "reason", col_str(st, 1), vh->reason);
		diff_str(v, "halts", k, "user", col_str(st, 2), vh->user);
		diff_int(v, "halts", k, "ts", sqlite3_column_int64(st, 3),
		    vh->ts);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading halts");
	while (hmap_next(v->halts, &pos, &key, &val))
		if (!((struct v_halt *)val)->seen)
			problem(v, "halts %s: in the journal, missing from the "
			    "projection", key[0] != '\0' ? key :
			    "(the whole store)");
	return 0;
}

static void	stream_row(struct v_stream *, int64_t, int64_t, const char *,
		    const char *, const char *);
static void	stream_after(struct v_stream *, int64_t);

/* One entry E of the journal row R (pass 1). */
static void
pass_entry(struct verify *v, struct v_stream *os,
    const struct store_chain_row *r, bool noref, const struct store_entry *e)
{
	const char *kind = e->kind;
	struct body b;
	unsigned kc = kind_class(kind);
	bool	order = (kc & KC_ORDER) != 0;

	if (order || (kc & KC_REFDATA) == 0) {
		if (noref)
			v->n_noref++;
		else if (order)
			v->n_order++;
		else
			v->n_audit++;
		if (os->on)
			stream_row(os, r->seq, r->ts, kind, noref ? NULL :
			    r->ref, e->body);
	}
	if (order && (kc & KC_EXEC) == 0)
		return;
	if (kc == 0 && strncmp(kind, "order.", 6) != 0)
		return;			/* an audit entry */
	if (!body_parse(v, &b, r->seq, kind, e->body, (kc & KC_EXEC) != 0))
		return;
	if (strcmp(kind, SJ_INSTRUMENT) == 0)
		replay_instrument(v, r->seq, r->ref, &b);
	else if (strcmp(kind, SJ_ACCOUNT) == 0)
		replay_account(v, r->seq, r->ref, &b);
	else if (strcmp(kind, SJ_FX) == 0)
		replay_fx(v, r->seq, r->ref, &b);
	else if (strcmp(kind, SJ_FILL) == 0)
		replay_position(v, r->seq, kind, 1, &b);
	else if (strcmp(kind, SJ_BUST) == 0)
		replay_position(v, r->seq, kind, -1, &b);
	else if (strcmp(kind, SJ_USER_ADD) == 0)
		replay_user(v, r->seq, r->ref, &b);
	else if (strncmp(kind, "rule.", 5) == 0)
		replay_rule(v, r->seq, kind, r->ref, &b);
	else if (strcmp(kind, SJ_HALT) == 0 || strcmp(kind, SJ_RESUME) == 0)
		replay_halt(v, r->seq, r->ts, e->user, kind, r->ref, &b);
	else if (strcmp(kind, SJ_ALERT) == 0)
		replay_alert(v, r->seq, r->ts, &b);
	else if (strcmp(kind, SJ_POSITION) == 0)
		replay_load(v, r->seq, &b);
	else
		problem(v, "journal seq %" PRId64 ": unknown kind \"%s\"",
		    r->seq, kind);
	body_done(&b);
}

/*
 * Walk the whole journal in seq order: every row through the hash chain;
 * reference data, fills, users, rules, halts and alerts replayed.  Bodies
 * of order entries are left to pass 2, which reports a bad fill body.
 */
static int
pass_journal(struct verify *v, struct v_stream *os)
{
	struct store_chain_row r;
	sqlite3_stmt *st;
	const void *hash;
	int	rc, i, n;

	if (chain_start(v) == -1)
		return -1;
	rc = sqlite3_prepare_v2(v->db, "SELECT " STORE_ALERT_COLS
	    " FROM alerts ORDER BY seq", -1, &v->alerts, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading alerts");
	v->arc = sqlite3_step(v->alerts);
	rc = sqlite3_prepare_v2(v->db, "SELECT seq, ts, user, kind, ref, body,"
	    " hash FROM journal ORDER BY seq", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading the journal");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind;
		bool	noref;

		r.seq = sqlite3_column_int64(st, 0);
		r.ts = sqlite3_column_int64(st, 1);
		r.user = col_str(st, 2);
		r.userlen = (size_t)sqlite3_column_bytes(st, 2);
		r.kind = kind = col_str(st, 3);
		r.kindlen = (size_t)sqlite3_column_bytes(st, 3);
		r.ref = col_str(st, 4);
		r.reflen = (size_t)sqlite3_column_bytes(st, 4);
		r.body = col_str(st, 5);
		r.bodylen = (size_t)sqlite3_column_bytes(st, 5);
		hash = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL :
		    sqlite3_column_blob(st, 6);
		chain_row(v, &r, hash, hash != NULL ?
		    sqlite3_column_bytes(st, 6) : 0);
		v->n_rows++;
		noref = sqlite3_column_type(st, 4) == SQLITE_NULL;
		n = store_split_row(&v->split, r.kind, r.user, r.body,
		    r.bodylen);
		for (i = 0; i < n; i++)
			pass_entry(v, os, &r, noref, &v->split.e[i]);
		if (os->on)
			stream_after(os, r.seq);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading the journal");
	for (; v->arc == SQLITE_ROW; v->arc = sqlite3_step(v->alerts))
		problem(v, "alerts %lld: in the projection, not in the "
		    "journal", sqlite3_column_int64(v->alerts, 0));
	if (v->arc != SQLITE_DONE)
		return sql_fail(v, v->arc, "reading alerts");
	chain_finish(v);
	chain_anchor(v);
	return 0;
}

/* --- Pass 2: orders and executions ---------------------------------------- */

/* The act KIND names, given the event of its body (order.status). */
static const char *
entry_act(const char *kind, const char *ev)
{
	if (strcmp(kind, SJ_ORDER_NEW) == 0)
		return "entered";
	if (strcmp(kind, SJ_ORDER_AMEND) == 0)
		return "amended";
	if (strcmp(kind, SJ_ORDER_BLOCK) == 0)
		return "put in a block";
	if (ev == NULL)
		return NULL;
	return strcmp(ev, "replace_req") == 0 ? "amended" :
	    strcmp(ev, "release") == 0 || strcmp(ev, "flag") == 0 ?
	    "released" : NULL;
}

/* store_entry_act() of a body read into B already. */
static const char *
entry_act_flat(const struct store_body *b, const char *kind, char *login,
    size_t len)
{
	const struct store_body_member *m;
	const char *act, *ev = "";

	m = store_body_get(b, "event");
	if (m != NULL && m->type == STORE_BODY_STR)
		ev = m->s;
	act = entry_act(kind, ev);
	m = store_body_get(b, "login");
	if (act == NULL || m == NULL || m->type != STORE_BODY_STR ||
	    m->slen == 0)
		return NULL;
	snprintf(login, len, "%s", m->s);
	return act;
}

/* store_entry_act() with B, a reader to use for the body. */
static const char *
entry_act_with(struct store_body *b, const char *kind, const char *body,
    char *login, size_t len)
{
	struct json_object *obj, *jm;
	const char *act, *ev = "";

	if (strcmp(kind, SJ_ORDER_STATUS) != 0 && entry_act(kind, "") == NULL)
		return NULL;
	if (store_body_parse(b, body, strlen(body)) == 0)
		return entry_act_flat(b, kind, login, len);
	if ((obj = json_tokener_parse(body)) == NULL)
		return NULL;
	if (json_object_object_get_ex(obj, "event", &jm) &&
	    json_object_is_type(jm, json_type_string))
		ev = json_object_get_string(jm);
	act = entry_act(kind, ev);
	if (act == NULL || !json_object_object_get_ex(obj, "login", &jm) ||
	    !json_object_is_type(jm, json_type_string) ||
	    json_object_get_string_len(jm) == 0) {
		json_object_put(obj);
		return NULL;
	}
	snprintf(login, len, "%s", json_object_get_string(jm));
	json_object_put(obj);
	return act;
}

const char *
store_entry_act(const char *kind, const char *body, char *login, size_t len)
{
	struct store_body b;
	const char *act;

	store_body_init(&b);
	act = entry_act_with(&b, kind, body, login, len);
	store_body_free(&b);
	return act;
}

/* The first thing the order being replayed says LOGIN did to it, from
 * its journal entries up to SEQ (NULL: nothing). */
static const char *
vo_act_of(struct v_order *vo, const char *login)
{
	for (size_t i = 0; i < vo->nacts; i++)
		if (strcmp(vo->acts[i].login, login) == 0)
			return vo->acts[i].act;
	return NULL;
}

/* Keep what an entry of the order says a login did (the first act of
 * each login); READ: its body is in SB already. */
static void
vo_note_act(struct v_order *vo, struct store_body *sb, bool read,
    const char *kind, const char *body)
{
	char	login[USER_MAX];
	const char *act = read ? entry_act_flat(sb, kind, login,
	    sizeof login) : entry_act_with(sb, kind, body, login,
	    sizeof login);

	if (act == NULL || vo_act_of(vo, login) != NULL)
		return;
	if (vo->nacts == vo->capacts) {
		vo->capacts = vo->capacts != 0 ? vo->capacts * 2 : 4;
		vo->acts = xrealloc(vo->acts, vo->capacts * sizeof *vo->acts);
	}
	str_copy(vo->acts[vo->nacts].login, USER_MAX, login);
	vo->acts[vo->nacts++].act = act;
}

/* An approval (audit entry "approve") of the order being replayed: when
 * it came from the login that entered the order, a note for the auditor.
 * Not a problem: review.same_login = alert lets such approvals through,
 * and the store is whole; but every one of them is listed. */
static void
note_same_login(struct verify *v, int64_t seq, const char *body)
{
	struct v_order *vo = v->cur;
	struct body b;
	char	id[ORDER_ID_MAX], user[USER_MAX], by[USER_MAX];
	char	login[USER_MAX];
	char	line[VERIFY_LINE_MAX];
	const char *act;

	if (!vo->created || v->report == NULL)
		return;
	if (!body_parse(v, &b, seq, "approve", body, true))
		return;
	act = vo_act_of(vo, body_str(&b, "login"));
	if (act != NULL && strcmp(act, "entered") == 0)
		snprintf(line, sizeof line, "note: journal seq %" PRId64
		    ": order %s was approved by %s from login %s, the login "
		    "that entered it (as %s)", seq,
		    clean(vo->ref, id, sizeof id),
		    clean(body_str(&b, "by"), by, sizeof by),
		    clean(vo->o.login, login, sizeof login),
		    clean(vo->o.user, user, sizeof user));
	else if (act != NULL)
		snprintf(line, sizeof line, "note: journal seq %" PRId64
		    ": order %s was approved by %s from login %s, the login "
		    "that %s it", seq, clean(vo->ref, id, sizeof id),
		    clean(body_str(&b, "by"), by, sizeof by),
		    clean(body_str(&b, "login"), login, sizeof login), act);
	if (act != NULL)
		say(v, line);
	body_done(&b);
}

/* A store setting (audit entry "set", filed under the setting's name):
 * the last one is what meta must say. */
static void
replay_setting(struct verify *v, int64_t seq, const char *body)
{
	struct body b;

	if (strcmp(v->cur->ref, "review.same_login") != 0)
		return;
	if (!body_parse(v, &b, seq, "set", body, false))
		return;
	body_copy(&b, "value", v->same_login, sizeof v->same_login);
	if (body_complete(v, &b, seq, "set") &&
	    strcmp(v->same_login, "alert") != 0 &&
	    strcmp(v->same_login, "refuse") != 0)
		problem(v, "journal seq %" PRId64 ": review.same_login is set "
		    "to an unknown value", seq);
	body_done(&b);
}

/* The store's review.same_login (meta) against the journal's last "set":
 * the setting cannot be loosened behind blotter's back. */
static int
compare_settings(struct verify *v)
{
	sqlite3_stmt *st;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT value FROM meta WHERE key ="
	    " 'review.same_login'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "reading the settings");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		diff_str(v, "meta", "review.same_login", "value",
		    rc == SQLITE_ROW ? col_str(st, 0) : "", v->same_login);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(v, rc, "reading the settings");
	return 0;
}

/* Start replaying the order REF. */
static void
vo_reset(struct v_order *vo, const char *ref)
{
	size_t	n = strlen(ref) + 1;

	if (n > vo->refcap) {
		vo->refcap = n * 2;
		vo->ref = xrealloc(vo->ref, vo->refcap);
	}
	memcpy(vo->ref, ref, n);
	vo->created = false;
	vo->skip = false;
	vo->seq = 0;
	vo->last_seq = 0;
	memset(&vo->o, 0, sizeof vo->o);
	vo->nx = 0;
	vo->npx = 0;
	vo->nacts = 0;
}

static struct v_exec *
vo_exec_find(struct v_order *vo, const char *exec_id)
{
	size_t	i;

	for (i = vo->nx; i-- > 0;)
		if (strcmp(vo->x[i].x.exec_id, exec_id) == 0)
			return &vo->x[i];
	return NULL;
}

/* The order.new body: every field of the order. */
static void
replay_new(struct verify *v, struct v_order *vo, int64_t seq,
    struct body *b)
{
	struct order *o = &vo->o;

	memset(o, 0, sizeof *o);
	body_copy(b, "id", o->id, sizeof o->id);
	body_copy(b, "account", o->account, sizeof o->account);
	body_copy(b, "symbol", o->symbol, sizeof o->symbol);
	BODY_ENUM(v, b, seq, "side", store_side_of, &o->side);
	BODY_ENUM(v, b, seq, "type", store_type_of, &o->type);
	BODY_ENUM(v, b, seq, "tif", store_tif_of, &o->tif);
	BODY_ENUM(v, b, seq, "status", store_status_of, &o->status);
	/* Members at their default may be left out (see jb_order()). */
	o->prev_status = o->status;
	if (body_has(b, "prev_status"))
		BODY_ENUM(v, b, seq, "prev_status", store_status_of,
		    &o->prev_status);
	o->qty = body_int(b, "qty");
	o->cum_qty = body_has(b, "cum_qty") ? body_int(b, "cum_qty") : 0;
	o->notional = body_has(b, "notional") ? body_int(b, "notional") : 0;
	o->limit_px = body_has(b, "limit_px") ? body_int(b, "limit_px") : 0;
	o->stop_px = body_has(b, "stop_px") ? body_int(b, "stop_px") : 0;
	o->trail = body_has(b, "trail") ? body_int(b, "trail") : 0;
	o->trail_pct = body_has(b, "trail_pct") && body_bool(b, "trail_pct");
	o->triggered = body_has(b, "triggered") && body_bool(b, "triggered");
	o->gtd_date = body_has(b, "gtd_date") ?
	    (int32_t)body_int(b, "gtd_date") : 0;
	body_copy(b, "venue", o->venue, sizeof o->venue);
	if (body_has(b, "note"))
		body_copy(b, "note", o->note, sizeof o->note);
	if (body_has(b, "reason"))
		body_copy(b, "reason", o->reason, sizeof o->reason);
	o->created = body_int(b, "created");
	o->updated = body_has(b, "updated") ? body_int(b, "updated") :
	    o->created;
	/* Who entered it: only in entries written since schema 3. */
	if (body_has(b, "user"))
		body_copy(b, "user", o->user, sizeof o->user);
	if (body_has(b, "login"))
		body_copy(b, "login", o->login, sizeof o->login);
	/* A block order names itself (schema 4). */
	if (body_has(b, "block"))
		body_copy(b, "block", o->block, sizeof o->block);
	body_complete(v, b, seq, SJ_ORDER_NEW);
	if (o->qty <= 0 || o->qty > QTY_MAX || o->cum_qty < 0 ||
	    o->cum_qty > o->qty)
		problem(v, "journal seq %" PRId64 ": order %s has quantity "
		    "%" PRId64 " with %" PRId64 " filled, outside 1..%lld "
		    "and 0..quantity", seq, o->id, o->qty, o->cum_qty,
		    (long long)QTY_MAX);
	if (strcmp(o->id, vo->ref) != 0)
		problem(v, "journal seq %" PRId64 ": order %s is filed under "
		    "%s", seq, o->id, vo->ref);
	vo->created = true;
	vo->seq = seq;
}

/* The change members of a replace or amend body. */
static void
body_change(struct verify *v, int64_t seq, struct body *b,
    struct order_change *c)
{
	memset(c, 0, sizeof *c);
	if ((c->have_qty = body_has(b, "qty")))
		c->qty = body_int(b, "qty");
	if ((c->have_limit = body_has(b, "limit")))
		c->limit_px = body_int(b, "limit");
	if ((c->have_stop = body_has(b, "stop")))
		c->stop_px = body_int(b, "stop");
	if ((c->have_tif = body_has(b, "tif"))) {
		BODY_ENUM(v, b, seq, "tif", store_tif_of, &c->tif);
		if (body_has(b, "gtd"))
			c->gtd_date = (int32_t)body_int(b, "gtd");
	}
}

static void
replay_status(struct verify *v, struct v_order *vo, int64_t seq,
    struct body *b)
{
	struct order *o = &vo->o;
	struct order_change c;
	enum order_event ev;
	enum order_status after, before = o->status;
	const char *evname = body_str(b, "event");
	const char *stname = body_str(b, "status");
	bool	have_after;
	struct err e;

	if (!body_complete(v, b, seq, SJ_ORDER_STATUS))
		return;
	if (store_event_of(evname, &ev) == -1) {
		problem(v, "journal seq %" PRId64 ": unknown event \"%s\"",
		    seq, evname);
		return;
	}
	have_after = store_status_of(stname, &after) == 0;
	if (!have_after)
		problem(v, "journal seq %" PRId64 ": unknown status \"%s\"",
		    seq, stname);
	if (ev == OEV_REPLACED) {
		body_change(v, seq, b, &c);
		if (b->missing != NULL)
			body_complete(v, b, seq, SJ_ORDER_STATUS);
		else if (order_change_apply(o, &c, &e) == -1)
			problem(v, "journal seq %" PRId64 ": order %s cannot "
			    "be replaced as the entry says: %s", seq, o->id,
			    e.msg);
	}
	if (order_apply(o, ev, &e) == -1) {
		problem(v, "journal seq %" PRId64 ": order %s cannot go from "
		    "%s by %s", seq, o->id, order_status_name(before),
		    order_event_name(ev));
		/* Go on from what the journal says happened. */
		if (have_after)
			o->status = after;
	} else if (have_after && o->status != after) {
		problem(v, "journal seq %" PRId64 ": order %s is %s after %s "
		    "by the replay, %s by the entry", seq, o->id,
		    order_status_name(o->status), order_event_name(ev),
		    order_status_name(after));
		o->status = after;
	}
	if (body_has(b, "reason"))
		body_copy(b, "reason", o->reason, sizeof o->reason);
}

static void
replay_amend(struct verify *v, struct v_order *vo, int64_t seq,
    struct body *b)
{
	struct order_change c;
	struct err e;

	body_change(v, seq, b, &c);
	if (!body_complete(v, b, seq, SJ_ORDER_AMEND))
		return;
	if (order_change_apply(&vo->o, &c, &e) == -1)
		problem(v, "journal seq %" PRId64 ": order %s cannot be "
		    "amended as the entry says: %s", seq, vo->o.id, e.msg);
}

static void
replay_stop(struct verify *v, struct v_order *vo, int64_t seq,
    struct body *b)
{
	int64_t	stop = body_int(b, "stop");
	bool	triggered = body_bool(b, "triggered");

	if (!body_complete(v, b, seq, SJ_ORDER_STOP))
		return;
	vo->o.stop_px = stop;
	vo->o.triggered = triggered;
}

/* The order joined a block, or left it (""). */
static void
replay_block(struct verify *v, struct v_order *vo, int64_t seq,
    struct body *b)
{
	char	block[ORDER_ID_MAX];

	body_copy(b, "block", block, sizeof block);
	if (!body_complete(v, b, seq, SJ_ORDER_BLOCK))
		return;
	str_copy(vo->o.block, sizeof vo->o.block, block);
}

/* A fill or bust of the order, and its execution. */
static void
replay_exec(struct verify *v, struct v_order *vo, int64_t seq, int64_t ts,
    const char *kind, struct body *b)
{
	struct order *o = &vo->o;
	struct store_exec x;
	struct v_exec *vx;
	struct err e;
	bool	fill = strcmp(kind, SJ_FILL) == 0;

	memset(&x, 0, sizeof x);
	body_copy(b, "exec_id", x.exec_id, sizeof x.exec_id);
	body_copy(b, "account", x.account, sizeof x.account);
	body_copy(b, "symbol", x.symbol, sizeof x.symbol);
	BODY_ENUM(v, b, seq, "side", store_side_of, &x.side);
	x.qty = body_int(b, "qty");
	x.px = body_int(b, "px");
	x.ts = ts;
	str_copy(x.order_id, sizeof x.order_id, o->id);
	if (!body_complete(v, b, seq, kind))
		return;
	if (strcmp(x.account, o->account) != 0 ||
	    strcmp(x.symbol, o->symbol) != 0 || x.side != o->side)
		problem(v, "journal seq %" PRId64 ": %s %s is for %s %s %s, "
		    "order %s is for %s %s %s", seq, kind, x.exec_id,
		    x.account, order_side_name(x.side), x.symbol, o->id,
		    o->account, order_side_name(o->side), o->symbol);
	vx = vo_exec_find(vo, x.exec_id);
	if (fill) {
		if (order_fill(o, x.qty, x.px, &e) == -1)
			problem(v, "journal seq %" PRId64 ": order %s cannot "
			    "take fill %s: %s", seq, o->id, x.exec_id, e.msg);
		if (vx != NULL) {
			problem(v, "journal seq %" PRId64 ": execution %s of "
			    "order %s is recorded twice", seq, x.exec_id,
			    o->id);
			return;
		}
		if (vo->nx == vo->capx) {
			vo->capx = vo->capx != 0 ? vo->capx * 2 : 16;
			vo->x = xrealloc(vo->x, vo->capx * sizeof *vo->x);
		}
		vo->x[vo->nx].x = x;
		vo->x[vo->nx].seq = seq;
		vo->nx++;
		return;
	}
	if (order_bust(o, x.qty, x.px, &e) == -1)
		problem(v, "journal seq %" PRId64 ": order %s cannot bust "
		    "%s: %s", seq, o->id, x.exec_id, e.msg);
	if (vx == NULL)
		problem(v, "journal seq %" PRId64 ": bust of %s, which is not "
		    "a fill of order %s", seq, x.exec_id, o->id);
	else if (vx->x.busted)
		problem(v, "journal seq %" PRId64 ": fill %s of order %s is "
		    "busted twice", seq, x.exec_id, o->id);
	else
		vx->x.busted = true;
}

/* Replay one journal entry of the current order. */
static void
replay_entry(struct verify *v, int64_t seq, int64_t ts, const char *kind,
    const char *body)
{
	struct v_order *vo = v->cur;
	struct body b;
	bool	read;

	/* Every entry filed under the order counts, even one that cannot be
	 * replayed: its history must reach it. */
	vo->last_seq = seq;
	if (vo->skip)
		return;
	b.missing = NULL;
	if ((kind_class(kind) & KC_ORDER) == 0) {
		/* Approvals by the entering login are listed; a store setting
		 * is filed under its name, as if it were an order. */
		if (strcmp(kind, "approve") == 0)
			note_same_login(v, seq, body);
		else if (strcmp(kind, "set") == 0)
			replay_setting(v, seq, body);
		/* An audit entry filed under the order (a compliance check,
		 * an approval) counts for last_seq, as store_audit() does,
		 * and changes nothing; its content is the hash chain's to
		 * check. */
		return;
	}
	/* Read once, for the act and the replay, when it is in the flat
	 * form. */
	read = sb_read(v, body, strlen(body)) == 0;
	vo_note_act(vo, &v->sb, read, kind, body);
	if (strcmp(kind, SJ_ORDER_NEW) == 0 && vo->created) {
		problem(v, "journal seq %" PRId64 ": order %s is created a "
		    "second time", seq, vo->ref);
		return;
	}
	if (strcmp(kind, SJ_ORDER_NEW) != 0 && !vo->created) {
		problem(v, "journal seq %" PRId64 ": %s of order %s comes "
		    "before its order.new", seq, kind, vo->ref);
		vo->skip = true;
		return;
	}
	if (read) {
		b.sb = &v->sb;
		b.tag = v->tag;
		b.obj = NULL;
	} else if (!body_parse(v, &b, seq, kind, body, false)) {
		return;
	}
	if (strcmp(kind, SJ_ORDER_NEW) == 0)
		replay_new(v, vo, seq, &b);
	else if (strcmp(kind, SJ_ORDER_STATUS) == 0)
		replay_status(v, vo, seq, &b);
	else if (strcmp(kind, SJ_ORDER_AMEND) == 0)
		replay_amend(v, vo, seq, &b);
	else if (strcmp(kind, SJ_ORDER_STOP) == 0)
		replay_stop(v, vo, seq, &b);
	else if (strcmp(kind, SJ_ORDER_BLOCK) == 0)
		replay_block(v, vo, seq, &b);
	else
		replay_exec(v, vo, seq, ts, kind, &b);
	body_done(&b);
	/* An entry too broken to apply does not count as an update either. */
	if (vo->created && b.missing == NULL)
		vo->o.updated = ts;
}

/* Compare the replayed order with its projection row P, whose seq and
 * last_seq are SEQ and LAST_SEQ. */
static void
compare_order_row(struct verify *v, const struct v_order *vo,
    const struct order *p, int64_t seq, int64_t last_seq)
{
	const struct order *j = &vo->o;
	const char *k = vo->ref;

	diff_int(v, "orders", k, "seq", seq, vo->seq);
	diff_int(v, "orders", k, "last_seq", last_seq, vo->last_seq);
	diff_str(v, "orders", k, "account", p->account, j->account);
	diff_str(v, "orders", k, "symbol", p->symbol, j->symbol);
	diff_name(v, "orders", k, "side", order_side_name(p->side),
	    order_side_name(j->side));
	diff_name(v, "orders", k, "type", order_type_name(p->type),
	    order_type_name(j->type));
	diff_name(v, "orders", k, "tif", order_tif_name(p->tif),
	    order_tif_name(j->tif));
	diff_name(v, "orders", k, "status", order_status_name(p->status),
	    order_status_name(j->status));
	diff_name(v, "orders", k, "prev_status",
	    order_status_name(p->prev_status),
	    order_status_name(j->prev_status));
	diff_int(v, "orders", k, "qty", p->qty, j->qty);
	diff_int(v, "orders", k, "cum_qty", p->cum_qty, j->cum_qty);
	diff_int(v, "orders", k, "notional", p->notional, j->notional);
	diff_int(v, "orders", k, "limit_px", p->limit_px, j->limit_px);
	diff_int(v, "orders", k, "stop_px", p->stop_px, j->stop_px);
	diff_int(v, "orders", k, "trail", p->trail, j->trail);
	diff_bool(v, "orders", k, "trail_pct", p->trail_pct, j->trail_pct);
	diff_bool(v, "orders", k, "triggered", p->triggered, j->triggered);
	diff_int(v, "orders", k, "gtd_date", p->gtd_date, j->gtd_date);
	diff_str(v, "orders", k, "venue", p->venue, j->venue);
	diff_str(v, "orders", k, "note", p->note, j->note);
	diff_str(v, "orders", k, "reason", p->reason, j->reason);
	diff_int(v, "orders", k, "created", p->created, j->created);
	diff_int(v, "orders", k, "updated", p->updated, j->updated);
	diff_str(v, "orders", k, "user", p->user, j->user);
	diff_str(v, "orders", k, "block", p->block, j->block);
	diff_str(v, "orders", k, "login", p->login, j->login);
}

/* Compare the replayed order with its projection row in ST. */
static void
compare_order(struct verify *v, const struct v_order *vo, sqlite3_stmt *st)
{
	struct order p;
	const char *bad;
	int64_t	seq, last_seq;

	if (store_order_from_row(st, &p, &seq, &last_seq, &bad) == -1) {
		problem(v, "orders %s: unknown %s in the projection", vo->ref,
		    bad);
		return;
	}
	compare_order_row(v, vo, &p, seq, last_seq);
}

static int
vexec_cmp(const void *a, const void *b)
{
	return strcmp(((const struct v_exec *)a)->x.exec_id,
	    ((const struct v_exec *)b)->x.exec_id);
}

/* Compare the order's executions, journal and projection, by exec id. */
static void
compare_execs(struct verify *v, struct v_order *vo)
{
	char	k[EXEC_ID_MAX + ORDER_ID_MAX + 16];
	size_t	i = 0, n = 0;
	int	c;

	/* qsort() must not be given a NULL array, even an empty one. */
	if (vo->nx > 1)
		qsort(vo->x, vo->nx, sizeof *vo->x, vexec_cmp);
	if (vo->npx > 1)
		qsort(vo->px, vo->npx, sizeof *vo->px, vexec_cmp);
	while (i < vo->nx || n < vo->npx) {
		const struct store_exec *j = i < vo->nx ? &vo->x[i].x : NULL;
		const struct store_exec *p = n < vo->npx ? &vo->px[n].x : NULL;

		if (j == NULL)
			c = 1;
		else if (p == NULL)
			c = -1;
		else
			c = strcmp(j->exec_id, p->exec_id);
		/* Most pairs agree: no key is written for them. */
		if (c == 0 && strcmp(p->account, j->account) == 0 &&
		    strcmp(p->symbol, j->symbol) == 0 && p->side == j->side &&
		    p->qty == j->qty && p->px == j->px && p->ts == j->ts &&
		    p->busted == j->busted && vo->px[n].seq == vo->x[i].seq) {
			i++;
			n++;
			continue;
		}
		snprintf(k, sizeof k, "%s (order %s)", c < 0 ? j->exec_id :
		    p->exec_id, vo->ref);
		if (c < 0) {
			problem(v, "executions %s: in the journal, missing "
			    "from the projection", k);
			i++;
			continue;
		}
		if (c > 0) {
			problem(v, "executions %s: in the projection, not in "
			    "the journal", k);
			n++;
			continue;
		}
		diff_str(v, "executions", k, "account", p->account,
		    j->account);
		diff_str(v, "executions", k, "symbol", p->symbol, j->symbol);
		diff_name(v, "executions", k, "side", order_side_name(p->side),
		    order_side_name(j->side));
		diff_int(v, "executions", k, "qty", p->qty, j->qty);
		diff_int(v, "executions", k, "px", p->px, j->px);
		diff_int(v, "executions", k, "ts", p->ts, j->ts);
		diff_bool(v, "executions", k, "busted", p->busted, j->busted);
		diff_int(v, "executions", k, "seq", vo->px[n].seq,
		    vo->x[i].seq);
		i++;
		n++;
	}
}

/* Add the projection's execution in ST to the current order's list. */
static void
vo_add_proj_exec(struct verify *v, struct v_order *vo, sqlite3_stmt *st)
{
	const char *bad;

	if (vo->npx == vo->cappx) {
		vo->cappx = vo->cappx != 0 ? vo->cappx * 2 : 16;
		vo->px = xrealloc(vo->px, vo->cappx * sizeof *vo->px);
	}
	if (store_exec_from_row(st, &vo->px[vo->npx].x, &bad) == -1) {
		problem(v, "executions %s: unknown %s in the projection",
		    vo->px[vo->npx].x.exec_id, bad);
		return;
	}
	vo->px[vo->npx].seq = sqlite3_column_int64(st, V_EXEC_SEQ_COL);
	vo->npx++;
}

/* Walk the journal's order entries by order id and seq alongside the
 * orders table by id and the executions table by (order id, exec id). */
static int
pass_orders_sorted(struct verify *v)
{
	static const char *const sql[3] = {
		"SELECT ref, seq, ts, kind, body FROM journal"
		" WHERE kind NOT IN " SJ_REFDATA_SQL " ORDER BY ref, seq",
		"SELECT " STORE_ORDER_COLS " FROM orders ORDER BY id",
		"SELECT " STORE_EXEC_COLS ", seq FROM executions"
		" ORDER BY order_id, exec_id",
	};
	sqlite3_stmt *st[3] = { NULL, NULL, NULL };
	struct v_order *vo = &v->vo;
	int	i, rc, jr, orr, er, ret = -1;

	v->cur = vo;

	for (i = 0; i < 3; i++) {
		rc = sqlite3_prepare_v2(v->db, sql[i], -1, &st[i], NULL);
		if (rc != SQLITE_OK) {
			sql_fail(v, rc, "reading the journal");
			goto out;
		}
	}
	jr = sqlite3_step(st[0]);
	orr = sqlite3_step(st[1]);
	er = sqlite3_step(st[2]);
	while (jr == SQLITE_ROW) {
		if (sqlite3_column_type(st[0], 0) == SQLITE_NULL) {
			problem(v, "journal seq %lld: a %s entry names no "
			    "order", sqlite3_column_int64(st[0], 1),
			    col_str(st[0], 3));
			jr = sqlite3_step(st[0]);
			continue;
		}
		vo_reset(vo, col_str(st[0], 0));
		do {
			int	k, n = store_split_row(&v->split,
			    col_str(st[0], 3), "", col_str(st[0], 4),
			    (size_t)sqlite3_column_bytes(st[0], 4));

			for (k = 0; k < n; k++)
				replay_entry(v, sqlite3_column_int64(st[0], 1),
				    sqlite3_column_int64(st[0], 2),
				    v->split.e[k].kind, v->split.e[k].body);
			jr = sqlite3_step(st[0]);
		} while (jr == SQLITE_ROW &&
		    strcmp(col_str(st[0], 0), vo->ref) == 0);

		while (orr == SQLITE_ROW &&
		    strcmp(col_str(st[1], 0), vo->ref) < 0) {
			problem(v, "orders %s: in the projection, not in the "
			    "journal", col_str(st[1], 0));
			orr = sqlite3_step(st[1]);
		}
		if (orr == SQLITE_ROW &&
		    strcmp(col_str(st[1], 0), vo->ref) == 0) {
			if (vo->created)
				compare_order(v, vo, st[1]);
			else
				problem(v, "orders %s: in the projection, but "
				    "the journal never created it", vo->ref);
			orr = sqlite3_step(st[1]);
		} else if (vo->created) {
			problem(v, "orders %s: in the journal, missing from "
			    "the projection", vo->ref);
		}

		while (er == SQLITE_ROW &&
		    strcmp(col_str(st[2], 1), vo->ref) < 0) {
			problem(v, "executions %s: of order %s, which is not "
			    "in the journal", col_str(st[2], 0),
			    col_str(st[2], 1));
			er = sqlite3_step(st[2]);
		}
		while (er == SQLITE_ROW &&
		    strcmp(col_str(st[2], 1), vo->ref) == 0) {
			vo_add_proj_exec(v, vo, st[2]);
			er = sqlite3_step(st[2]);
		}
		compare_execs(v, vo);
	}
	for (; orr == SQLITE_ROW; orr = sqlite3_step(st[1]))
		problem(v, "orders %s: in the projection, not in the journal",
		    col_str(st[1], 0));
	for (; er == SQLITE_ROW; er = sqlite3_step(st[2]))
		problem(v, "executions %s: of order %s, which is not in the "
		    "journal", col_str(st[2], 0), col_str(st[2], 1));
	rc = jr != SQLITE_DONE ? jr : orr != SQLITE_DONE ? orr : er;
	if (rc != SQLITE_DONE) {
		sql_fail(v, rc, "reading the journal");
		goto out;
	}
	ret = compare_settings(v);
out:
	for (i = 0; i < 3; i++)
		sqlite3_finalize(st[i]);
	return ret;
}

/*
 * Pass 2 without sorting the journal, for a store that is whole: the
 * orders are replayed during pass 1's walk of the journal.  The ids, seqs
 * and last_seqs of the orders table are read alongside, by seq: when the
 * walk reaches an order's seq (its order.new) the order starts, and when
 * it passes its last_seq (the seq of its latest entry) the order is over.
 * The orders being replayed at once are those between the two: few.
 * Each order thus gets the very entries the sorted pass would give it
 * (its ref's) as long as every entry lies in the range of its order.
 *
 * An order over is hashed (SHA-256 under a secret drawn for the run:
 * its key, and every field compare_order_row() compares), and so is
 * each of its executions; the hashes are summed.  The orders and
 * executions tables are summed the same way, each read in its own order,
 * on the integrity check's thread when there is one.  Equal sums and
 * counts: every row agrees with its replay, as the sorted pass would
 * find; a tamperer cannot make unequal rows sum alike without the secret.
 *
 * The first thing this pass would report (a problem, or a note), an
 * entry outside every order's range, a row left over, or sums that
 * differ, and it gives up: the sorted pass then runs after pass 1 and
 * reports everything in its order.
 */

static void
live_free(struct v_live *l)
{
	free(l->vo.ref);
	free(l->vo.x);
	free(l->vo.px);
	free(l->vo.acts);
	free(l);
}

/* Give up: the sorted pass will run. */
static void
stream_stop(struct v_stream *s)
{
	struct v_live *l;
	size_t	pos = 0;
	void	*val;

	if (s->live != NULL) {
		while (hmap_next(s->live, &pos, NULL, &val))
			live_free(val);
		hmap_free(s->live);
		s->live = NULL;
	}
	while ((l = s->spare) != NULL) {
		s->spare = l->next;
		live_free(l);
	}
	free(s->heap);
	s->heap = NULL;
	s->nheap = s->capheap = 0;
	sqlite3_finalize(s->orders);
	s->orders = NULL;
	held_end(&s->w, false);
	s->on = false;
}

/* Draw the secret the executions are hashed under into KEY: 0, or -1
 * when there is no randomness to be had. */
static int
xkey_draw(struct sha256 *key)
{
	unsigned char secret[64];

	if (getrandom(secret, sizeof secret, 0) != (ssize_t)sizeof secret)
		return -1;
	sha256_init(key);
	sha256_update(key, secret, sizeof secret);
	return 0;
}

/* Start beside pass 1 on V's connection, executions hashed under KEY;
 * off when it cannot (KEY NULL, say). */
static void
stream_start(struct verify *v, struct v_stream *s, const struct sha256 *key)
{
	struct verify *w = &s->w;

	memset(s, 0, sizeof *s);
	w->path = v->path;
	w->db = v->db;
	w->report = v->report;
	w->ctx = v->ctx;
	w->err = &s->err;
	w->defer = true;
	w->tok = v->tok;
	if (key == NULL || sqlite3_prepare_v2(v->db, "SELECT id, seq,"
	    " last_seq FROM orders ORDER BY seq", -1, &s->orders,
	    NULL) != SQLITE_OK) {
		stream_stop(s);
		return;
	}
	s->xkey = *key;
	s->live = hmap_new();
	s->on = true;
	s->orc = sqlite3_step(s->orders);
}

static bool
stream_clean(const struct v_stream *s)
{
	return s->w.problems == 0 && s->w.nheld == 0;
}

static void
heap_push(struct v_stream *s, struct v_live *l)
{
	size_t	i, up;

	if (s->nheap == s->capheap) {
		s->capheap = s->capheap != 0 ? 2 * s->capheap : 64;
		s->heap = xrealloc(s->heap, s->capheap * sizeof *s->heap);
	}
	for (i = s->nheap++; i > 0; i = up) {
		up = (i - 1) / 2;
		if (s->heap[up]->plast <= l->plast)
			break;
		s->heap[i] = s->heap[up];
	}
	s->heap[i] = l;
}

static struct v_live *
heap_pop(struct v_stream *s)
{
	struct v_live *top = s->heap[0], *last = s->heap[--s->nheap];
	size_t	i = 0, c;

	while ((c = 2 * i + 1) < s->nheap) {
		if (c + 1 < s->nheap && s->heap[c + 1]->plast <
		    s->heap[c]->plast)
			c++;
		if (last->plast <= s->heap[c]->plast)
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->nheap > 0)
		s->heap[i] = last;
	return top;
}

/* The orders whose order.new is at SEQ start; a row whose seq was passed
 * without it is a problem. */
static void
stream_admit(struct v_stream *s, int64_t seq)
{
	struct v_live *l;
	const char *id;

	while (s->on && s->orc == SQLITE_ROW &&
	    sqlite3_column_int64(s->orders, 1) <= seq) {
		if (sqlite3_column_int64(s->orders, 1) < seq) {
			stream_stop(s);
			return;
		}
		if ((l = s->spare) != NULL) {
			s->spare = l->next;
		} else {
			l = xmalloc(sizeof *l);
			memset(l, 0, sizeof *l);
		}
		id = col_str(s->orders, 0);
		l->pseq = sqlite3_column_int64(s->orders, 1);
		l->plast = sqlite3_column_int64(s->orders, 2);
		if (hmap_count(s->live) >= V_LIVE_MAX ||
		    hmap_get(s->live, id) != NULL) {
			live_free(l);
			stream_stop(s);
			return;
		}
		vo_reset(&l->vo, id);
		hmap_put(s->live, id, l);
		heap_push(s, l);
		s->orc = sqlite3_step(s->orders);
	}
	if (s->on && s->orc != SQLITE_ROW && s->orc != SQLITE_DONE)
		stream_stop(s);
}

/* Add the hash of execution X of order ORDER (its entry SEQ) to SUM:
 * equal sums, equal executions, in any order. */
static void
exec_fold(const struct sha256 *key, uint64_t sum[4], const char *order,
    const struct store_exec *x, int64_t seq)
{
	struct sha256 c = *key;
	unsigned char h[SHA256_LEN], n[48];
	int	i;

	sha256_update(&c, order, strlen(order) + 1);
	sha256_update(&c, x->exec_id, strlen(x->exec_id) + 1);
	sha256_update(&c, x->account, strlen(x->account) + 1);
	sha256_update(&c, x->symbol, strlen(x->symbol) + 1);
	store_put_be64(n, (uint64_t)x->side << 1 | (x->busted ? 1 : 0));
	store_put_be64(n + 8, (uint64_t)x->qty);
	store_put_be64(n + 16, (uint64_t)x->px);
	store_put_be64(n + 24, (uint64_t)x->ts);
	store_put_be64(n + 32, (uint64_t)seq);
	sha256_update(&c, n, 40);
	sha256_final(&c, h);
	for (i = 0; i < 4; i++) {
		uint64_t w = 0;

		memcpy(&w, h + 8 * i, 8);
		sum[i] += w;
	}
}

/* Add the hash of order O, filed under KEY, its history from SEQ to
 * LAST_SEQ, to SUM: every field compare_order_row() compares. */
static void
order_fold(const struct sha256 *key, uint64_t sum[4], const char *k,
    const struct order *o, int64_t seq, int64_t last_seq)
{
	const char *const s[] = {
		k, o->account, o->symbol, o->venue, o->note, o->reason,
		o->user, o->block, o->login
	};
	const int64_t n[] = {
		seq, last_seq, o->side, o->type, o->tif, o->status,
		o->prev_status, o->qty, o->cum_qty, o->notional, o->limit_px,
		o->stop_px, o->trail, o->trail_pct, o->triggered, o->gtd_date,
		o->created, o->updated
	};
	unsigned char b[8 * sizeof n / sizeof n[0]], h[SHA256_LEN];
	struct sha256 c = *key;
	size_t	i;

	for (i = 0; i < sizeof s / sizeof s[0]; i++)
		sha256_update(&c, s[i], strlen(s[i]) + 1);
	for (i = 0; i < sizeof n / sizeof n[0]; i++)
		store_put_be64(b + 8 * i, (uint64_t)n[i]);
	sha256_update(&c, b, sizeof b);
	sha256_final(&c, h);
	for (i = 0; i < 4; i++) {
		uint64_t w = 0;

		memcpy(&w, h + 8 * i, 8);
		sum[i] += w;
	}
}

/* Order L is over: it and its executions are folded, to be compared
 * with the tables' at the end. */
static void
stream_end_order(struct v_stream *s, struct v_live *l)
{
	struct v_order *vo = &l->vo;
	size_t	i;

	hmap_del(s->live, vo->ref);
	l->next = s->spare;
	s->spare = l;
	if (!vo->created) {
		stream_stop(s);
		return;
	}
	order_fold(&s->xkey, s->oj, vo->ref, &vo->o, vo->seq, vo->last_seq);
	s->noj++;
	for (i = 0; i < vo->nx; i++)
		exec_fold(&s->xkey, s->xj, vo->ref, &vo->x[i].x,
		    vo->x[i].seq);
	s->nxj += (int64_t)vo->nx;
}

/* Fold the orders table of DB into SUM under KEY, counting them in *N:
 * 0, or -1 when a row cannot be read. */
static int
orders_fold(sqlite3 *db, const struct sha256 *key, uint64_t sum[4],
    int64_t *n)
{
	struct order p;
	sqlite3_stmt *st;
	const char *bad;
	int64_t	seq, last_seq;
	int	rc;

	if (sqlite3_prepare_v2(db, "SELECT " STORE_ORDER_COLS " FROM orders",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_order_from_row(st, &p, &seq, &last_seq, &bad) == -1)
			break;
		order_fold(key, sum, col_str(st, 0), &p, seq, last_seq);
		(*n)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Fold the executions table of DB into SUM under KEY, counting them in
 * *N: 0, or -1 when a row cannot be read. */
static int
execs_fold(sqlite3 *db, const struct sha256 *key, uint64_t sum[4],
    int64_t *n)
{
	struct store_exec x;
	sqlite3_stmt *st;
	const char *bad;
	int	rc;

	if (sqlite3_prepare_v2(db, "SELECT " STORE_EXEC_COLS ", seq FROM"
	    " executions", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_exec_from_row(st, &x, &bad) == -1)
			break;
		exec_fold(key, sum, col_str(st, 1), &x,
		    sqlite3_column_int64(st, V_EXEC_SEQ_COL));
		(*n)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Journal entry SEQ, not reference data: replay it in its order. */
static void
stream_row(struct v_stream *s, int64_t seq, int64_t ts, const char *kind,
    const char *ref, const char *body)
{
	struct v_live *l;

	stream_admit(s, seq);
	if (!s->on)
		return;
	if (ref == NULL || (l = hmap_get(s->live, ref)) == NULL) {
		/* Outside every order's range (a setting's entry, say). */
		stream_stop(s);
		return;
	}
	s->w.cur = &l->vo;
	replay_entry(&s->w, seq, ts, kind, body);
	if (!stream_clean(s))
		stream_stop(s);
}

/* After entry SEQ: the orders whose history ends there are over. */
static void
stream_after(struct v_stream *s, int64_t seq)
{
	stream_admit(s, seq);
	while (s->on && s->nheap > 0 && s->heap[0]->plast <= seq)
		stream_end_order(s, heap_pop(s));
}

/* The journal is read: 1 when every order and execution agreed, else 0
 * (the sorted pass is needed).  XP and NXP, OP and NOP: the executions
 * and orders tables' sums and counts when folded already (XP not NULL).
 * The same_login setting goes to V. */
static int
stream_finish(struct verify *v, struct v_stream *s, const uint64_t *xp,
    int64_t nxp, const uint64_t *op, int64_t nop)
{
	while (s->on && s->nheap > 0)
		stream_end_order(s, heap_pop(s));
	if (s->on && xp == NULL) {
		if (execs_fold(v->db, &s->xkey, s->xp, &nxp) == -1 ||
		    orders_fold(v->db, &s->xkey, s->op, &nop) == -1)
			stream_stop(s);
		xp = s->xp;
		op = s->op;
	}
	if (!s->on || s->orc != SQLITE_DONE || hmap_count(s->live) != 0 ||
	    !stream_clean(s) || nxp != s->nxj || nop != s->noj ||
	    memcmp(s->xj, xp, sizeof s->xj) != 0 ||
	    memcmp(s->oj, op, sizeof s->oj) != 0) {
		stream_stop(s);
		return 0;
	}
	memcpy(v->same_login, s->w.same_login, sizeof v->same_login);
	stream_stop(s);
	return 1;
}

/* Pass 2: done alongside pass 1 (DONE), else by sorting the journal's
 * entries by ref. */
static int
pass_orders(struct verify *v, bool done)
{
	if (done && v->n_noref == 0)
		return compare_settings(v);
	return pass_orders_sorted(v);
}

/* --- The whole check ------------------------------------------------------ */

static void
free_values(struct hmap *m)
{
	size_t	pos = 0;
	void	*val;

	while (hmap_next(m, &pos, NULL, &val))
		free(val);
	hmap_free(m);
}

/* Replay the journal of PATH and report where the projections disagree. */
/* Escape the path part of a "file:PATH?..." URI: %, # and ? in a file
 * name would otherwise be read as URI syntax.  Caller frees. */
static char *
uri_escape(const char *uri)
{
	const char *q = strchr(uri, '?');
	size_t n = strlen(uri);
	char *out = xmalloc(n * 3 + 1), *w = out;

	for (const char *p = uri; *p; p++) {
		if (p < q && p >= uri + 5 && (*p == '%' || *p == '#' ||
		    *p == '?')) {
			w += sprintf(w, "%%%02X", (unsigned char)*p);
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return out;
}

/* The whole file through PRAGMA integrity_check: each thing it finds
 * wrong (the first 20) is a problem.  What store_open() checks at open
 * (every table but the journal) and the journal too. */
static int
check_file_integrity(struct verify *v)
{
	sqlite3_stmt *st;
	const char *line;
	char	buf[VERIFY_LINE_MAX];
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "PRAGMA integrity_check(20)", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return sql_fail(v, rc, "checking the file");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		line = store_integrity_line(col_str(st, 0), buf, sizeof buf);
		if (strcmp(line, "ok") != 0)
			problem(v, "the store's file is damaged (integrity "
			    "check): %s", line);
	}
	sqlite3_finalize(st);
	/* SQLite may give up on a damaged file after saying why. */
	if (rc != SQLITE_DONE && (v->problems == 0 ||
	    (rc & 0xff) != SQLITE_CORRUPT))
		return sql_fail(v, rc, "checking the file");
	return 0;
}

/* The integrity check on a thread and a connection of its own, beside
 * the passes, when the file is immutable: both see the very same. */
struct v_check {
	pthread_t th;
	bool	started, joined;
	struct verify w;
	struct err err;
	int	ret;
	/* Then, if the file is whole, the executions and orders tables
	 * folded under the stream's key (xret 0). */
	bool	keyed;
	struct sha256 xkey;
	uint64_t xp[4], op[4];
	int64_t	nxp, nop;
	int	xret;
};

static void *
check_run(void *arg)
{
	struct v_check *c = arg;

	c->ret = check_file_integrity(&c->w);
	c->xret = -1;
	if (c->ret == 0 && c->w.problems == 0 && c->keyed)
		c->xret = execs_fold(c->w.db, &c->xkey, c->xp, &c->nxp) == 0 &&
		    orders_fold(c->w.db, &c->xkey, c->op, &c->nop) == 0 ? 0 : -1;
	return NULL;
}

/* Start the check of the file at URI (read-only, immutable), and the
 * fold of its executions under KEY (not NULL): 0, or -1 when it is to
 * be run before the passes instead. */
static int
check_start(struct verify *v, struct v_check *c, const char *uri,
    const struct sha256 *key)
{
	struct verify *w = &c->w;

	memset(c, 0, sizeof *c);
	if ((c->keyed = key != NULL))
		c->xkey = *key;
	w->path = v->path;
	w->report = v->report;
	w->ctx = v->ctx;
	w->err = &c->err;
	w->defer = true;
	if (sqlite3_open_v2(uri, &w->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
	    sqlite3_exec(w->db, "PRAGMA mmap_size = 4294967296;"
	    "PRAGMA cache_size = -65536;", NULL, NULL, NULL) != SQLITE_OK ||
	    pthread_create(&c->th, NULL, check_run, c) != 0) {
		sqlite3_close(w->db);
		w->db = NULL;
		return -1;
	}
	c->started = true;
	return 0;
}

static void
check_join(struct v_check *c)
{
	if (c->started && !c->joined) {
		pthread_join(c->th, NULL);
		c->joined = true;
	}
}

/* Wait for the check; free what it used, its lines sent when SEND. */
static void
check_end(struct v_check *c, bool send)
{
	if (!c->started)
		return;
	check_join(c);
	c->started = false;
	held_end(&c->w, send);
	free(c->w.held);
	sqlite3_close(c->w.db);
}

/* Pass 2 alongside pass 1 is over: 1 when it found all agreeing, with
 * the executions table folded by the check's thread when it could. */
static int
stream_done(struct verify *v, struct v_stream *s, struct v_check *c)
{
	if (c->started) {
		check_join(c);
		if (c->ret == 0 && c->w.problems == 0 && c->xret == 0)
			return stream_finish(v, s, c->xp, c->nxp, c->op,
			    c->nop);
	}
	return stream_finish(v, s, NULL, 0, NULL, 0);
}

/* The size of the file named PATH followed by SUFFIX, or -1 when there
 * is none (so >= 0: there is one). */
static off_t
beside_size(const char *path, const char *suffix)
{
	char	p[4200];
	struct stat sb;

	snprintf(p, sizeof p, "%s%s", path, suffix);
	return stat(p, &sb) == 0 ? sb.st_size : -1;
}

/* Opening PATH failed (ERR says how): when it has a write-ahead log that
 * could not be read for want of its index, say so and what to do. */
static void
wal_unreadable(const char *path, struct err *err)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (beside_size(path, "-wal") > 0 && beside_size(path, "-shm") == -1)
		err_set(err, "%s: its write-ahead log %s-wal holds entries "
		    "not yet in the file, and they cannot be read without its "
		    "index %s-shm, which cannot be made here (read-only): copy "
		    "%s and %s-wal to a writable folder and verify the copy",
		    path, base, base, base, base);
}

long
store_verify(const char *path, void (*report)(void *, const char *),
    void *ctx, struct err *err)
{
	return store_verify_head(path, NULL, report, ctx, err);
}

long
store_verify_head(const char *path, const char *head,
    void (*report)(void *, const char *), void *ctx, struct err *err)
{
	struct store_key key;
	struct verify v;
	struct stat before, after;
	bool	empty, immutable = false;
	struct v_stream os;
	struct v_check chk;
	struct sha256 xkey;
	bool	keyed;
	char	*side_uri = NULL;
	int	rc, version, r = -1;
	off_t	wal;

	memset(&v, 0, sizeof v);
	memset(&os, 0, sizeof os);
	memset(&chk, 0, sizeof chk);
	v.path = path;
	v.report = report;
	v.ctx = ctx;
	v.err = err;
	if (path == NULL || *path == '\0')
		return err_set(err, "no store file was named");
	if (head != NULL) {
		v.ch.anchor = true;
		if (store_head_parse(head, &v.ch.anchor_seq,
		    v.ch.anchor_hash) == -1 || v.ch.anchor_seq < 1) {
			char	h[8 + 2 * STORE_HASH_LEN];

			v.ch.anchor_seq = 0;
			snprintf(h, sizeof h, "0:%s", head);
			if (store_head_parse(h, &v.ch.anchor_seq,
			    v.ch.anchor_hash) == -1)
				return err_set(err, "--head %s: not a head "
				    "(SEQ:HASH or HASH, as 'audit head' "
				    "prints it)", head);
		}
	}
	store_sqlite_setup();
	/*
	 * Verify writes nothing, not even the -wal and -shm files a reader
	 * of a WAL store makes (it may be run on a read-only copy, in a
	 * read-only folder, by root who is never refused).  A store with
	 * neither a WAL nor a rollback journal beside it is whole in its
	 * file and nobody is writing it: it is read as an immutable file,
	 * and checked afterwards to be unchanged.  One with a WAL is in use
	 * (or was left by a crash): it is read through the WAL, as a reader
	 * next to its writers.
	 */
	wal = beside_size(path, "-wal");
	if (stat(path, &before) == 0) {
		/* A pipe would be waited on for ever. */
		if (!S_ISREG(before.st_mode))
			return err_set(err, "%s is not a blotter store (not a "
			    "file)", path);
		immutable = wal == -1 && beside_size(path, "-journal") == -1;
	}
	if (immutable || (wal <= 0 && access(path, W_OK) == -1 &&
	    errno == EROFS)) {
		/* Nobody can write a store on a read-only file system, and
		 * SQLite could not create its WAL index there: read it as an
		 * immutable file.  Not when its WAL holds something: that
		 * would be read without the entries in the WAL. */
		char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
		char *q = uri_escape(uri);
		rc = sqlite3_open_v2(q, &v.db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
		sqlite3_free(uri);
		side_uri = q;
	} else {
		rc = sqlite3_open_v2(path, &v.db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX, NULL);
	}
	if (rc != SQLITE_OK) {
		store_sql_fail(err, path, v.db, rc, "opening");
		wal_unreadable(path, err);
		sqlite3_close(v.db);
		return -1;
	}
	sqlite3_busy_timeout(v.db, 5000);
	/* Both passes read the whole file, the second in two orders at
	 * once: map it rather than copy each page in, and keep more of it. */
	sqlite3_exec(v.db, "PRAGMA mmap_size = 4294967296;"
	    "PRAGMA cache_size = -65536;", NULL, NULL, NULL);
	if (store_check_file(v.db, path, &version, &empty, err) == -1) {
		wal_unreadable(path, err);
		goto out;
	}
	if (empty) {
		err_set(err, "%s is not a blotter store (it is empty)", path);
		goto out;
	}
	/* Verify reads, never writes: an older store is upgraded by opening
	 * it for work first. */
	if (version < STORE_SCHEMA_KEYED && store_key_absent(path, err) == -1)
		goto out;
	if (version < STORE_SCHEMA_VERSION) {
		err_set(err, "%s was written by an older blotter (schema %d): "
		    "open it once with this blotter to upgrade it, then verify",
		    path, version);
		goto out;
	}
	/* The keyed chain cannot be checked without its key: that is an
	 * error, never a pass. */
	rc = store_key_load(path, false, &key, err);
	if (rc == -1)
		goto out;
	if (rc == 0) {
		err_set(err, "%s: its audit key %s is missing: the audit trail "
		    "cannot be checked without it; set BLOTTER_AUDIT_KEY to "
		    "where it is kept", path, key.path);
		goto out;
	}
	v.ch.key = &key;
	/* One read transaction: both passes see the same snapshot. */
	rc = sqlite3_exec(v.db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sql_fail(&v, rc, "reading the store");
		goto out;
	}
	/*
	 * A file nobody writes can be read by a second connection that sees
	 * the very same: the integrity check runs beside the passes, on the
	 * other core, and what the passes find is held back until it is
	 * known to be whole.
	 */
	keyed = xkey_draw(&xkey) == 0;
	if (side_uri != NULL && check_start(&v, &chk, side_uri,
	    keyed ? &xkey : NULL) == 0) {
		v.defer = true;
	} else {
		if (check_file_integrity(&v) == -1)
			goto out;
		/* Replaying a damaged file tells nothing more: it is repaired
		 * first. */
		if (v.problems > 0) {
			sqlite3_exec(v.db, "COMMIT", NULL, NULL, NULL);
			r = 0;
			goto out;
		}
	}
	v.tok = json_tokener_new();
	if (v.tok == NULL)
		fatal("out of memory");
	v.instruments = hmap_new();
	v.accounts = hmap_new();
	v.fx = hmap_new();
	v.positions = hmap_new();
	v.users = hmap_new();
	v.rules = hmap_new();
	v.halts = hmap_new();
	stream_start(&v, &os, keyed ? &xkey : NULL);
	if (pass_journal(&v, &os) == 0 && compare_instruments(&v) == 0 &&
	    compare_accounts(&v) == 0 && compare_fx(&v) == 0 &&
	    compare_positions(&v) == 0 && compare_users(&v) == 0 &&
	    compare_rules(&v) == 0 && compare_halts(&v) == 0 &&
	    pass_orders(&v, stream_done(&v, &os, &chk) == 1) == 0)
		r = 0;
	sqlite3_finalize(v.alerts);
	v.alerts = NULL;
	sqlite3_exec(v.db, "COMMIT", NULL, NULL, NULL);
	if (chk.started) {
		check_end(&chk, true);
		if (chk.ret == -1) {
			*err = chk.err;
			held_end(&v, false);
			r = -1;
		} else if (chk.w.problems > 0) {
			/* Damaged: only what the check found is reported. */
			held_end(&v, false);
			v.problems = chk.w.problems;
			r = 0;
		} else {
			held_end(&v, true);
		}
	}
	/* Read as immutable, the file must not have changed meanwhile. */
	if (r == 0 && immutable && (stat(path, &after) == -1 ||
	    after.st_ino != before.st_ino || after.st_size != before.st_size ||
	    after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != before.st_mtim.tv_nsec ||
	    beside_size(path, "-wal") >= 0)) {
		err_set(err, "%s was written to while it was verified: verify "
		    "it again", path);
		r = -1;
	}
out:
	stream_stop(&os);
	store_body_free(&os.w.sb);
	store_split_free(&os.w.split);
	free(os.w.held);
	check_end(&chk, false);
	free(side_uri);
	if (v.tok != NULL)
		json_tokener_free(v.tok);
	store_body_free(&v.sb);
	store_split_free(&v.split);
	free_values(v.instruments);
	free_values(v.accounts);
	free_values(v.fx);
	free_values(v.positions);
	free_values(v.users);
	free_values(v.rules);
	free_values(v.halts);
	free(v.ch.cut);
	free(v.vo.ref);
	free(v.vo.x);
	free(v.vo.px);
	free(v.vo.acts);
	free(v.held);
	sqlite3_close(v.db);
	return r == 0 ? v.problems : -1;
}
