/* src/store/verify-replay.c: replaying journal entries for verify:
 * reference data, positions, users, rules, halts and alerts, and each
 * entry of an order through the core functions (v_replay_entry()). */
#include "config.h"
#include "store.h"

#include <inttypes.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fixed.h"
#include "hmap.h"
#include "verify-int.h"

/* An enum member: parse it with OF, or report it. */
#define BODY_ENUM(v, b, seq, key, of, out)				\
	do {								\
		const char *name_ = v_body_str(b, key);			\
		if (v_body_has(b, key) && of(name_, out) == -1)		\
			v_problem(v, "journal seq %" PRId64		\
			    ": unknown %s \"%s\"", seq, key, name_);	\
	} while (0)

/* --- Reference data and positions --------------------------------------- */

/* The entry of MAP under KEY, made (SIZE bytes, for the caller to fill)
 * when there is none; *MADE says which. */
static void *
map_entry(struct hmap *map, const char *key, size_t size, bool *made)
{
	void	*val;

	if ((*made = (val = hmap_get(map, key)) == NULL)) {
		val = xmalloc(size);
		hmap_put(map, key, val);
	}
	return val;
}

static void
replay_instrument(struct verify *v, int64_t seq, const char *ref,
    struct body *b)
{
	struct v_instrument *vi, tmp;
	bool	made;

	memset(&tmp, 0, sizeof tmp);
	v_body_copy(b, "symbol", tmp.in.symbol, sizeof tmp.in.symbol);
	BODY_ENUM(v, b, seq, "class", store_class_of, &tmp.in.cls);
	v_body_copy(b, "ccy", tmp.in.ccy, sizeof tmp.in.ccy);
	tmp.in.tick = v_body_int(b, "tick");
	tmp.in.lot = v_body_int(b, "lot");
	tmp.in.mult = v_body_int(b, "mult");
	v_body_copy(b, "issuer", tmp.in.issuer, sizeof tmp.in.issuer);
	v_body_copy(b, "sector", tmp.in.sector, sizeof tmp.in.sector);
	v_body_copy(b, "underlying", tmp.in.underlying,
	    sizeof tmp.in.underlying);
	v_body_complete(v, b, seq, SJ_INSTRUMENT);
	if (strcmp(tmp.in.symbol, ref) != 0)
		v_problem(v, "journal seq %" PRId64 ": instrument %s is filed "
		    "under %s", seq, tmp.in.symbol, ref);
	vi = map_entry(v->instruments, tmp.in.symbol, sizeof *vi, &made);
	*vi = tmp;
}

static void
replay_account(struct verify *v, int64_t seq, const char *ref,
    struct body *b)
{
	struct v_account *va, tmp;
	bool	made;

	memset(&tmp, 0, sizeof tmp);
	v_body_copy(b, "id", tmp.a.id, sizeof tmp.a.id);
	v_body_copy(b, "name", tmp.a.name, sizeof tmp.a.name);
	v_body_copy(b, "ccy", tmp.a.ccy, sizeof tmp.a.ccy);
	tmp.a.nav = v_body_int(b, "nav");
	tmp.a.cash = v_body_int(b, "cash");
	v_body_complete(v, b, seq, SJ_ACCOUNT);
	if (strcmp(tmp.a.id, ref) != 0)
		v_problem(v, "journal seq %" PRId64 ": account %s is filed "
		    "under %s", seq, tmp.a.id, ref);
	va = map_entry(v->accounts, tmp.a.id, sizeof *va, &made);
	*va = tmp;
}

static void
replay_fx(struct verify *v, int64_t seq, const char *ref, struct body *b)
{
	struct v_fx *vf;
	bool	made;
	int64_t	rate = v_body_int(b, "rate");

	if (!v_body_complete(v, b, seq, SJ_FX))
		return;
	vf = map_entry(v->fx, ref, sizeof *vf, &made);
	vf->rate = rate;
	vf->seen = false;
}

/* The replayed position of P's account and symbol, made flat the first
 * time. */
static struct v_position *
v_position(struct verify *v, const struct position *p)
{
	struct v_position *vp;
	char	key[POSITION_KEY_MAX];

	position_map_key(key, p->account, p->symbol);
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
	v_body_copy(b, "account", p.account, sizeof p.account);
	v_body_copy(b, "symbol", p.symbol, sizeof p.symbol);
	BODY_ENUM(v, b, seq, "side", store_side_of, &side);
	qty = v_body_int(b, "qty");
	px = v_body_int(b, "px");
	v_body_str(b, "exec_id");
	/* The order pass reports a bad fill body; positions only use it.
	 * A block's own fills (no account) wait unallocated: its members'
	 * allocations are what move positions. */
	if (b->missing != NULL || p.account[0] == '\0')
		return;
	if ((vi = hmap_get(v->instruments, p.symbol)) != NULL)
		mult = vi->in.mult;
	else
		v_problem(v, "journal seq %" PRId64 ": %s of %s, an instrument "
		    "the journal has not defined (multiplier 1 assumed)", seq,
		    kind, p.symbol);
	/* A forged or damaged quantity moves no position (the order pass
	 * names the fill too): negating it could not even be done. */
	if (qty <= 0 || qty > QTY_MAX) {
		v_problem(v, "journal seq %" PRId64 ": %s of %s for account %s "
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
	v_body_copy(b, "account", p.account, sizeof p.account);
	v_body_copy(b, "symbol", p.symbol, sizeof p.symbol);
	p.qty = v_body_int(b, "qty");
	p.cost = v_body_int(b, "cost");
	if (!v_body_complete(v, b, seq, SJ_POSITION))
		return;
	vp = v_position(v, &p);
	vp->p.qty = p.qty;
	vp->p.cost = p.cost;
}

/* --- Users, rules, halts and alerts --------------------------------------- */

static void
replay_user(struct verify *v, int64_t seq, const char *ref, struct body *b)
{
	struct v_user *vu, tmp;
	bool	made;

	memset(&tmp, 0, sizeof tmp);
	v_body_copy(b, "login", tmp.u.login, sizeof tmp.u.login);
	BODY_ENUM(v, b, seq, "role", store_role_of, &tmp.u.role);
	v_body_copy(b, "name", tmp.u.name, sizeof tmp.u.name);
	tmp.u.created = v_body_int(b, "created");
	v_body_complete(v, b, seq, SJ_USER_ADD);
	if (strcmp(tmp.u.login, ref) != 0)
		v_problem(v, "journal seq %" PRId64 ": user %s is filed "
		    "under %s", seq, tmp.u.login, ref);
	vu = map_entry(v->users, tmp.u.login, sizeof *vu, &made);
	if (!made)	/* a user changed keeps the time it was created */
		tmp.u.created = vu->u.created;
	*vu = tmp;
}

static void
replay_rule(struct verify *v, int64_t seq, const char *kind,
    const char *ref, struct body *b)
{
	struct v_rule *vr, tmp;
	bool	made;

	if (strcmp(kind, SJ_RULE_DEL) == 0) {
		if ((vr = hmap_del(v->rules, ref)) == NULL)
			v_problem(v, "journal seq %" PRId64 ": rule.del of "
			    "rule %s, which does not exist", seq, ref);
		free(vr);
		return;
	}
	memset(&tmp, 0, sizeof tmp);
	v_body_copy(b, "id", tmp.r.id, sizeof tmp.r.id);
	BODY_ENUM(v, b, seq, "kind", store_rule_kind_of, &tmp.r.kind);
	BODY_ENUM(v, b, seq, "action", store_rule_action_of, &tmp.r.action);
	tmp.r.enabled = v_body_bool(b, "enabled");
	v_body_copy(b, "acct", tmp.r.acct, sizeof tmp.r.acct);
	v_body_copy(b, "sym", tmp.r.sym, sizeof tmp.r.sym);
	v_body_copy(b, "issuer", tmp.r.issuer, sizeof tmp.r.issuer);
	v_body_copy(b, "trader", tmp.r.trader, sizeof tmp.r.trader);
	BODY_ENUM(v, b, seq, "by", store_rule_by_of, &tmp.r.by);
	tmp.r.allow = (unsigned)v_body_int(b, "allow");
	tmp.r.limit = v_body_int(b, "limit");
	tmp.r.warn_at = v_body_int(b, "warn_at");
	v_body_complete(v, b, seq, kind);
	if (strcmp(tmp.r.id, ref) != 0)
		v_problem(v, "journal seq %" PRId64 ": rule %s is filed "
		    "under %s", seq, tmp.r.id, ref);
	if ((strcmp(kind, SJ_RULE_ENABLE) == 0 && !tmp.r.enabled) ||
	    (strcmp(kind, SJ_RULE_DISABLE) == 0 && tmp.r.enabled))
		v_problem(v, "journal seq %" PRId64 ": %s of rule %s leaves it "
		    "%s", seq, kind, tmp.r.id, tmp.r.enabled ? "enabled" :
		    "disabled");
	/* A rule replaced, enabled or disabled keeps its place. */
	tmp.seq = seq;
	vr = map_entry(v->rules, tmp.r.id, sizeof *vr, &made);
	if (!made)
		tmp.seq = vr->seq;
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
		v_problem(v, "alerts %lld: in the projection, not in the "
		    "journal", sqlite3_column_int64(v->alerts, 0));
		v->arc = sqlite3_step(v->alerts);
	}
	snprintf(k, sizeof k, "%" PRId64, a->seq);
	if (v->arc != SQLITE_ROW ||
	    sqlite3_column_int64(v->alerts, 0) != a->seq) {
		v_problem(v, "alerts %s: in the journal, missing from the "
		    "projection", k);
		return;
	}
	store_alert_from_row(v->alerts, &t);
	v->arc = sqlite3_step(v->alerts);
	v_diff_int(v, "alerts", k, "ts", t.ts, a->ts);
	v_diff_str(v, "alerts", k, "kind", t.kind, a->kind);
	v_diff_str(v, "alerts", k, "account", t.account, a->account);
	v_diff_str(v, "alerts", k, "symbol", t.symbol, a->symbol);
	v_diff_str(v, "alerts", k, "rule_id", t.rule_id, a->rule_id);
	v_diff_str(v, "alerts", k, "user", t.user, a->user);
	v_diff_str(v, "alerts", k, "detail", t.detail, a->detail);
}

/* A halt or resume: the halts in force, and its alert. */
static void
replay_halt(struct verify *v, int64_t seq, int64_t ts, const char *user,
    const char *kind, const char *ref, struct body *b)
{
	struct store_alert a;
	struct v_halt *vh;
	bool	made;
	bool	halt = strcmp(kind, SJ_HALT) == 0;

	memset(&a, 0, sizeof a);
	v_body_copy(b, "reason", a.detail, sizeof a.detail);
	if (!v_body_complete(v, b, seq, kind))
		return;
	if (halt) {
		vh = map_entry(v->halts, ref, sizeof *vh, &made);
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
	v_body_copy(b, "kind", a.kind, sizeof a.kind);
	v_body_copy(b, "account", a.account, sizeof a.account);
	v_body_copy(b, "symbol", a.symbol, sizeof a.symbol);
	v_body_copy(b, "rule_id", a.rule_id, sizeof a.rule_id);
	v_body_copy(b, "user", a.user, sizeof a.user);
	v_body_copy(b, "detail", a.detail, sizeof a.detail);
	if (v_body_complete(v, b, seq, SJ_ALERT))
		expect_alert(v, &a);
}

/* --- Orders and executions ----------------------------------------------- */

void
v_replay_other(struct verify *v, int64_t seq, int64_t ts, const char *user,
    const char *kind, const char *ref, struct body *b)
{
	if (strcmp(kind, SJ_INSTRUMENT) == 0)
		replay_instrument(v, seq, ref, b);
	else if (strcmp(kind, SJ_ACCOUNT) == 0)
		replay_account(v, seq, ref, b);
	else if (strcmp(kind, SJ_FX) == 0)
		replay_fx(v, seq, ref, b);
	else if (strcmp(kind, SJ_FILL) == 0)
		replay_position(v, seq, kind, 1, b);
	else if (strcmp(kind, SJ_BUST) == 0)
		replay_position(v, seq, kind, -1, b);
	else if (strcmp(kind, SJ_USER_ADD) == 0)
		replay_user(v, seq, ref, b);
	else if (strncmp(kind, "rule.", 5) == 0)
		replay_rule(v, seq, kind, ref, b);
	else if (strcmp(kind, SJ_HALT) == 0 ||
	    strcmp(kind, SJ_RESUME) == 0)
		replay_halt(v, seq, ts, user, kind, ref, b);
	else if (strcmp(kind, SJ_ALERT) == 0)
		replay_alert(v, seq, ts, b);
	else if (strcmp(kind, SJ_POSITION) == 0)
		replay_load(v, seq, b);
	else
		v_problem(v, "journal seq %" PRId64 ": unknown kind "
		    "\"%s\"", seq, kind);
}

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

	if (strcmp(kind, SJ_ORDER_STATUS) != 0 && entry_act(kind, "") == NULL)
		return NULL;
	m = store_body_get(b, "event");
	if (m != NULL && m->type == STORE_BODY_STR)
		ev = m->s;
	if ((act = entry_act(kind, ev)) == NULL)
		return NULL;
	m = store_body_get(b, "login");
	if (m == NULL || m->type != STORE_BODY_STR || m->slen == 0)
		return NULL;
	str_copy(login, len, m->s);
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
	str_copy(login, len, json_object_get_string(jm));
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
note_same_login(struct verify *v, int64_t seq, struct body *b)
{
	struct v_order *vo = v->cur;
	char	id[ORDER_ID_MAX], user[USER_MAX], by[USER_MAX];
	char	login[USER_MAX];
	char	line[VERIFY_LINE_MAX];
	const char *act;

	if (!vo->created || v->report == NULL || !b->ok)
		return;
	act = vo_act_of(vo, v_body_str(b, "login"));
	if (act != NULL && strcmp(act, "entered") == 0)
		snprintf(line, sizeof line, "note: journal seq %" PRId64
		    ": order %s was approved by %s from login %s, the login "
		    "that entered it (as %s)", seq,
		    v_clean(vo->ref, id, sizeof id),
		    v_clean(v_body_str(b, "by"), by, sizeof by),
		    v_clean(vo->o.login, login, sizeof login),
		    v_clean(vo->o.user, user, sizeof user));
	else if (act != NULL)
		snprintf(line, sizeof line, "note: journal seq %" PRId64
		    ": order %s was approved by %s from login %s, the login "
		    "that %s it", seq, v_clean(vo->ref, id, sizeof id),
		    v_clean(v_body_str(b, "by"), by, sizeof by),
		    v_clean(v_body_str(b, "login"), login, sizeof login), act);
	if (act != NULL)
		v_say(v, line);
}

/* A store setting (audit entry "set", filed under the setting's name):
 * the last one is what meta must say. */
static void
replay_setting(struct verify *v, int64_t seq, struct body *b)
{
	if (strcmp(v->cur->ref, "review.same_login") != 0)
		return;
	if (!b->ok) {
		v_body_unread(v, seq, "set");
		return;
	}
	v_body_copy(b, "value", v->same_login, sizeof v->same_login);
	if (v_body_complete(v, b, seq, "set") &&
	    strcmp(v->same_login, "alert") != 0 &&
	    strcmp(v->same_login, "refuse") != 0)
		v_problem(v, "journal seq %" PRId64 ": review.same_login is "
		    "set to an unknown value", seq);
}

/* Start replaying the order REF. */
void
v_vo_reset(struct v_order *vo, const char *ref)
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
	v_body_copy(b, "id", o->id, sizeof o->id);
	v_body_copy(b, "account", o->account, sizeof o->account);
	v_body_copy(b, "symbol", o->symbol, sizeof o->symbol);
	BODY_ENUM(v, b, seq, "side", store_side_of, &o->side);
	BODY_ENUM(v, b, seq, "type", store_type_of, &o->type);
	BODY_ENUM(v, b, seq, "tif", store_tif_of, &o->tif);
	BODY_ENUM(v, b, seq, "status", store_status_of, &o->status);
	/* Members at their default may be left out (see jb_order()). */
	o->prev_status = o->status;
	if (v_body_has(b, "prev_status"))
		BODY_ENUM(v, b, seq, "prev_status", store_status_of,
		    &o->prev_status);
	o->qty = v_body_int(b, "qty");
	o->cum_qty = v_body_has(b, "cum_qty") ? v_body_int(b, "cum_qty") : 0;
	o->notional = v_body_has(b, "notional") ? v_body_int(b, "notional") : 0;
	o->limit_px = v_body_has(b, "limit_px") ? v_body_int(b, "limit_px") : 0;
	o->stop_px = v_body_has(b, "stop_px") ? v_body_int(b, "stop_px") : 0;
	o->trail = v_body_has(b, "trail") ? v_body_int(b, "trail") : 0;
	o->trail_pct = v_body_has(b, "trail_pct") &&
	    v_body_bool(b, "trail_pct");
	o->triggered = v_body_has(b, "triggered") &&
	    v_body_bool(b, "triggered");
	o->gtd_date = v_body_has(b, "gtd_date") ?
	    (int32_t)v_body_int(b, "gtd_date") : 0;
	v_body_copy(b, "venue", o->venue, sizeof o->venue);
	if (v_body_has(b, "note"))
		v_body_copy(b, "note", o->note, sizeof o->note);
	if (v_body_has(b, "reason"))
		v_body_copy(b, "reason", o->reason, sizeof o->reason);
	o->created = v_body_int(b, "created");
	o->updated = v_body_has(b, "updated") ? v_body_int(b, "updated") :
	    o->created;
	/* Who entered it: only in entries written since schema 3. */
	if (v_body_has(b, "user"))
		v_body_copy(b, "user", o->user, sizeof o->user);
	if (v_body_has(b, "login"))
		v_body_copy(b, "login", o->login, sizeof o->login);
	/* A block order names itself (schema 4). */
	if (v_body_has(b, "block"))
		v_body_copy(b, "block", o->block, sizeof o->block);
	v_body_complete(v, b, seq, SJ_ORDER_NEW);
	if (o->qty <= 0 || o->qty > QTY_MAX || o->cum_qty < 0 ||
	    o->cum_qty > o->qty)
		v_problem(v, "journal seq %" PRId64 ": order %s has quantity "
		    "%" PRId64 " with %" PRId64 " filled, outside 1..%lld "
		    "and 0..quantity", seq, o->id, o->qty, o->cum_qty,
		    (long long)QTY_MAX);
	if (strcmp(o->id, vo->ref) != 0)
		v_problem(v, "journal seq %" PRId64 ": order %s is filed under "
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
	if ((c->have_qty = v_body_has(b, "qty")))
		c->qty = v_body_int(b, "qty");
	if ((c->have_limit = v_body_has(b, "limit")))
		c->limit_px = v_body_int(b, "limit");
	if ((c->have_stop = v_body_has(b, "stop")))
		c->stop_px = v_body_int(b, "stop");
	if ((c->have_tif = v_body_has(b, "tif"))) {
		BODY_ENUM(v, b, seq, "tif", store_tif_of, &c->tif);
		if (v_body_has(b, "gtd"))
			c->gtd_date = (int32_t)v_body_int(b, "gtd");
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
	const char *evname = v_body_str(b, "event");
	const char *stname = v_body_str(b, "status");
	bool	have_after;
	struct err e;

	if (!v_body_complete(v, b, seq, SJ_ORDER_STATUS))
		return;
	if (store_event_of(evname, &ev) == -1) {
		v_problem(v, "journal seq %" PRId64 ": unknown event \"%s\"",
		    seq, evname);
		return;
	}
	have_after = store_status_of(stname, &after) == 0;
	if (!have_after)
		v_problem(v, "journal seq %" PRId64 ": unknown status \"%s\"",
		    seq, stname);
	if (ev == OEV_REPLACED) {
		body_change(v, seq, b, &c);
		if (b->missing != NULL)
			v_body_complete(v, b, seq, SJ_ORDER_STATUS);
		else if (order_change_apply(o, &c, &e) == -1)
			v_problem(v, "journal seq %" PRId64 ": order %s cannot "
			    "be replaced as the entry says: %s", seq, o->id,
			    e.msg);
	}
	if (order_apply(o, ev, &e) == -1) {
		v_problem(v, "journal seq %" PRId64 ": order %s cannot go from "
		    "%s by %s", seq, o->id, order_status_name(before),
		    order_event_name(ev));
		/* Go on from what the journal says happened. */
		if (have_after)
			o->status = after;
	} else if (have_after && o->status != after) {
		v_problem(v, "journal seq %" PRId64 ": order %s is %s after %s "
		    "by the replay, %s by the entry", seq, o->id,
		    order_status_name(o->status), order_event_name(ev),
		    order_status_name(after));
		o->status = after;
	}
	if (v_body_has(b, "reason"))
		v_body_copy(b, "reason", o->reason, sizeof o->reason);
}

static void
replay_amend(struct verify *v, struct v_order *vo, int64_t seq,
    struct body *b)
{
	struct order_change c;
	struct err e;

	body_change(v, seq, b, &c);
	if (!v_body_complete(v, b, seq, SJ_ORDER_AMEND))
		return;
	if (order_change_apply(&vo->o, &c, &e) == -1)
		v_problem(v, "journal seq %" PRId64 ": order %s cannot be "
		    "amended as the entry says: %s", seq, vo->o.id, e.msg);
}

static void
replay_stop(struct verify *v, struct v_order *vo, int64_t seq,
    struct body *b)
{
	int64_t	stop = v_body_int(b, "stop");
	bool	triggered = v_body_bool(b, "triggered");

	if (!v_body_complete(v, b, seq, SJ_ORDER_STOP))
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

	v_body_copy(b, "block", block, sizeof block);
	if (!v_body_complete(v, b, seq, SJ_ORDER_BLOCK))
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
	v_body_copy(b, "exec_id", x.exec_id, sizeof x.exec_id);
	v_body_copy(b, "account", x.account, sizeof x.account);
	v_body_copy(b, "symbol", x.symbol, sizeof x.symbol);
	BODY_ENUM(v, b, seq, "side", store_side_of, &x.side);
	x.qty = v_body_int(b, "qty");
	x.px = v_body_int(b, "px");
	x.ts = ts;
	str_copy(x.order_id, sizeof x.order_id, o->id);
	if (!v_body_complete(v, b, seq, kind))
		return;
	if (strcmp(x.account, o->account) != 0 ||
	    strcmp(x.symbol, o->symbol) != 0 || x.side != o->side)
		v_problem(v, "journal seq %" PRId64 ": %s %s is for %s %s %s, "
		    "order %s is for %s %s %s", seq, kind, x.exec_id,
		    x.account, order_side_name(x.side), x.symbol, o->id,
		    o->account, order_side_name(o->side), o->symbol);
	vx = vo_exec_find(vo, x.exec_id);
	if (fill) {
		if (order_fill(o, x.qty, x.px, &e) == -1)
			v_problem(v, "journal seq %" PRId64 ": order %s cannot "
			    "take fill %s: %s", seq, o->id, x.exec_id, e.msg);
		if (vx != NULL) {
			v_problem(v, "journal seq %" PRId64 ": execution %s of "
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
		v_problem(v, "journal seq %" PRId64 ": order %s cannot bust "
		    "%s: %s", seq, o->id, x.exec_id, e.msg);
	if (vx == NULL)
		v_problem(v, "journal seq %" PRId64 ": bust of %s, which is "
		    "not a fill of order %s", seq, x.exec_id, o->id);
	else if (vx->x.busted)
		v_problem(v, "journal seq %" PRId64 ": fill %s of order %s is "
		    "busted twice", seq, x.exec_id, o->id);
	else
		vx->x.busted = true;
}

void
v_replay_entry(struct verify *v, const struct v_entry *e)
{
	struct v_order *vo = v->cur;
	struct body *b = e->b;
	const char *kind = e->kind;
	int64_t	seq = e->seq;

	/* Every entry filed under the order counts, even one that cannot be
	 * replayed: its history must reach it. */
	vo->last_seq = seq;
	if (vo->skip)
		return;
	b->missing = NULL;
	if ((v_kind_class(kind) & KC_ORDER) == 0) {
		/* Approvals by the entering login are listed; a store setting
		 * is filed under its name, as if it were an order. */
		if (strcmp(kind, "approve") == 0)
			note_same_login(v, seq, b);
		else if (strcmp(kind, "set") == 0)
			replay_setting(v, seq, b);
		/* An audit entry filed under the order (a compliance check,
		 * an approval) counts for last_seq, as store_audit() does,
		 * and changes nothing; its content is the hash chain's to
		 * check. */
		return;
	}
	vo_note_act(vo, b->sb, b->ok && b->obj == NULL, kind, b->text);
	if (strcmp(kind, SJ_ORDER_NEW) == 0 && vo->created) {
		v_problem(v, "journal seq %" PRId64 ": order %s is created a "
		    "second time", seq, vo->ref);
		return;
	}
	if (strcmp(kind, SJ_ORDER_NEW) != 0 && !vo->created) {
		v_problem(v, "journal seq %" PRId64 ": %s of order %s comes "
		    "before its order.new", seq, kind, vo->ref);
		vo->skip = true;
		return;
	}
	if (!b->ok) {
		v_body_unread(v, seq, kind);
		return;
	}
	if (strcmp(kind, SJ_ORDER_NEW) == 0)
		replay_new(v, vo, seq, b);
	else if (strcmp(kind, SJ_ORDER_STATUS) == 0)
		replay_status(v, vo, seq, b);
	else if (strcmp(kind, SJ_ORDER_AMEND) == 0)
		replay_amend(v, vo, seq, b);
	else if (strcmp(kind, SJ_ORDER_STOP) == 0)
		replay_stop(v, vo, seq, b);
	else if (strcmp(kind, SJ_ORDER_BLOCK) == 0)
		replay_block(v, vo, seq, b);
	else
		replay_exec(v, vo, seq, e->ts, kind, b);
	/* An entry too broken to apply does not count as an update either. */
	if (vo->created && b->missing == NULL)
		vo->o.updated = e->ts;
}
