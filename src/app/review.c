/* src/app/review.c: the review of flagged orders, halts, alerts and the
 * log of them all, for the engine in exec.c beside the guard (guard.c).
 *
 * An order that compliance flagged waits for a compliance user other
 * than the one who entered it to approve it (it goes out) or reject it.
 * Four eyes hold between people, not only between users: an order keeps
 * the login that ran blotter when it was entered, every approval and
 * rejection records the login beside the acting user, and an approval
 * from the login that entered the order (under whatever user) is either
 * refused or let through with an alert, as review.same_login says.  The
 * setting comes from the configuration file and from the store (set by
 * an admin, journaled); refuse in either one refuses, so a trader cannot
 * loosen with their own blotterrc what the store's admin tightened.
 *
 * Halts refuse new orders and replaces for an account or the whole store.
 * Alerts (breaches the guard finds after fills, fills the books could not
 * hold, halts, approvals from the same login) go to the store; the latest
 * stay in memory for the screen.  The review is a part of its own: it
 * asks the engine's hooks who acts and at which login, and takes the
 * guard's breaches as every other alert, through the alert hook; it
 * calls nothing of the guard's, nor the guard anything of its. */
#include "config.h"
#include "guard.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "cmd.h"
#include "err.h"
#include "format.h"
#include "hmap.h"
#include "result.h"
#include "store.h"
#include "view.h"
#include "exec.h"
#include "exec-part.h"

#define HALT_ALL	"*"	/* the halts key of a halt of the whole store */
#define SAME_LOGIN	"review.same_login"	/* the setting and its rule */
/* The rule column of show compliance and show alerts: at least this
 * wide, and as wide as the longest rule id in it (review.same_login). */
#define RULE_COL	10

/* A value of review.same_login; SL_UNSET: the store has none. */
enum same_login { SL_UNSET, SL_ALERT, SL_REFUSE };

struct halt {
	char	reason[NOTE_MAX];
	char	user[USER_MAX];
	int64_t	ts;
};

struct review {
	struct hmap *halts;		/* account or HALT_ALL -> struct halt */
	struct store_alert alerts[VIEW_ALERTS];
	uint64_t nalerts;
	bool	rc_refuse;		/* the configuration says refuse */
	enum same_login store_same_login;	/* the store's setting */
};

/* The review's hooks into the engine (at the end of the file), and its
 * state found through them. */
static const struct exec_hooks review_hooks;
#define REVIEW(x)	((struct review *)exec_part((x), &review_hooks))

void
guard_set_same_login(struct exec *x, bool refuse)
{
	REVIEW(x)->rc_refuse = refuse;
}

/* ---- alerts --------------------------------------------------------- */

/* Keep A among the session's latest alerts. */
static void
keep_alert(struct review *rv, const struct store_alert *a)
{
	rv->alerts[rv->nalerts++ % VIEW_ALERTS] = *a;
}

/* Record an alert in the store and show it in the session. */
static int
review_alert(struct exec *x, const char *kind, const char *acct,
    const char *sym, const char *rule_id, const char *detail,
    struct err *err)
{
	struct review *rv = REVIEW(x);
	struct store_alert a;
	char line[VIEW_EVENT_LEN];

	memset(&a, 0, sizeof a);
	a.ts = exec_now(x);
	str_copy(a.kind, sizeof a.kind, kind);
	str_copy(a.account, sizeof a.account, acct);
	str_copy(a.symbol, sizeof a.symbol, sym);
	str_copy(a.rule_id, sizeof a.rule_id, rule_id);
	str_copy(a.user, sizeof a.user, exec_hook_user(x));
	str_copy(a.detail, sizeof a.detail, detail);
	if (store_add_alert(exec_store(x), &a, err) == -1)
		return exec_store_fail(x, err);
	keep_alert(rv, &a);
	exec_log_alert(x, &a);
	exec_touch(x);
	if (exec_res(x) && !exec_keeps_events(x))
		result_message(exec_res(x), "%s", format_alert(&a, line,
		    sizeof line));
	return 0;
}

/* ---- halts ---------------------------------------------------------- */

static int
review_halted(struct exec *x, const char *acct, struct err *err)
{
	struct review *rv = REVIEW(x);
	const struct halt *h;
	const char *scope;

	if (!rv->halts || hmap_count(rv->halts) == 0)
		return 0;
	if ((h = hmap_get(rv->halts, HALT_ALL)))
		scope = "the whole store";
	else if ((h = hmap_get(rv->halts, acct)))
		scope = acct;
	else
		return 0;
	return err_set(err, "trading is halted for %s%s%s%s (by %s): new "
	    "orders and replaces are refused; cancels still go through",
	    scope, h->reason[0] ? " (" : "", h->reason,
	    h->reason[0] ? ")" : "", h->user);
}

static int
ld_halt(void *ctx, const char *acct, const char *reason, const char *user,
    int64_t ts)
{
	struct review *rv = ctx;
	struct halt *h = xcalloc(1, sizeof *h);

	str_copy(h->reason, sizeof h->reason, reason);
	str_copy(h->user, sizeof h->user, user);
	h->ts = ts;
	free(hmap_put(rv->halts, acct[0] ? acct : HALT_ALL, h));
	return 0;
}

static int
do_halt(struct exec *x, const struct cmd *c, bool halt, struct err *err)
{
	struct review *rv = REVIEW(x);
	const char *acct = c->filter.acct;
	const char *key = acct[0] ? acct : HALT_ALL;
	const char *scope = acct[0] ? acct : "the whole store";

	if (acct[0] && !book_account(exec_book_rw(x), acct))
		return err_set(err, "unknown account '%s'", acct);
	if (halt && hmap_get(rv->halts, key))
		return err_set(err, "trading is already halted for %s", scope);
	if (!halt && !hmap_get(rv->halts, key))
		return err_set(err, "trading is not halted for %s", scope);
	if (store_put_halt(exec_store(x), acct, halt, c->text, exec_now(x),
	    err) == -1)
		return exec_store_fail(x, err);
	if (halt)
		ld_halt(rv, acct, c->text, exec_hook_user(x), exec_now(x));
	else
		free(hmap_del(rv->halts, key));
	struct store_alert a;
	memset(&a, 0, sizeof a);
	str_copy(a.kind, sizeof a.kind, halt ? "halt" : "resume");
	str_copy(a.account, sizeof a.account, acct);
	str_copy(a.user, sizeof a.user, exec_hook_user(x));
	snprintf(a.detail, sizeof a.detail, "%.*s", (int)sizeof a.detail - 1,
	    c->text);
	char line[VIEW_EVENT_LEN];
	keep_alert(rv, &a);
	exec_log_alert(x, &a);
	exec_touch(x);
	if (exec_res(x))
		result_message(exec_res(x), "%s", format_alert(&a, line,
		    sizeof line) + strlen("alert: "));
	return 0;
}

/* ---- review --------------------------------------------------------- */

/* The flagged order ID, live in the book, and the four-eyes rule. */
static struct order *
reviewable(struct exec *x, const char *id, const char *verb,
    struct err *err)
{
	struct order tmp, *o = book_order(exec_book_rw(x), id);

	if (!o) {
		struct order *done = exec_find_order(x, id, &tmp, err);
		if (done)
			err_set(err, "order %s is %s: only a flagged order can "
			    "be %s", done->id, order_status_name(done->status),
			    verb);
		return NULL;
	}
	if (o->status != ORDER_FLAGGED) {
		err_set(err, "order %s is %s: only a flagged order can be %s",
		    o->id, order_status_name(o->status), verb);
		return NULL;
	}
	if (strcmp(o->user, exec_hook_user(x)) == 0) {
		err_set(err, "order %s was entered by %s: another compliance "
		    "user must review it", o->id, o->user);
		return NULL;
	}
	return o;
}

/* A login, and the first thing an order's history says it did. */
struct acts {
	const char *login;
	const char *act;
};

static int
find_act(void *ctx, int64_t seq, int64_t ts, const char *kind,
    const char *body)
{
	struct acts *a = ctx;
	char login[USER_MAX];
	const char *act = store_entry_act(kind, body, login, sizeof login);

	(void)seq;
	(void)ts;
	/* The entering login is the order's own (same_login()). */
	if (act == NULL || strcmp(kind, "order.new") == 0 ||
	    strcmp(login, a->login) != 0)
		return 0;
	a->act = act;
	return 1;
}

/* What the login running blotter did to O into *ACT: "entered" (O's own
 * login), else the first of "amended", "released" or "put in a block" in
 * its history, or NULL when it did none of these.  Orders entered before
 * logins were kept have none: they cannot tell.  Returns 0, or -1 when
 * the store could not be read. */
static int
same_login(struct exec *x, const struct order *o, const char **act,
    struct err *err)
{
	struct acts a = { exec_hook_login(x), NULL };

	*act = NULL;
	if (o->login[0] && strcmp(o->login, exec_hook_login(x)) == 0) {
		*act = "entered";
		return 0;
	}
	if (store_each_history(exec_store(x), o->id, find_act, &a, err) == -1)
		return exec_store_fail(x, err);
	*act = a.act;
	return 0;
}

/* Refuse (-1) O's approval by a login that entered, amended or released
 * it (ACT) when review.same_login is refuse, in the store or in the
 * configuration; and any approval of an order that keeps no login
 * (entered before logins were kept), since that another login approves
 * it cannot be shown. */
static int
same_login_refuse(struct exec *x, const struct order *o, const char *act,
    struct err *err)
{
	struct review *rv = REVIEW(x);
	const char *where = rv->store_same_login == SL_REFUSE ? "the store" :
	    "the configuration";

	if (rv->store_same_login != SL_REFUSE && !rv->rc_refuse)
		return 0;
	if (o->login[0] == '\0')
		return err_set(err, "order %s was entered before blotter kept "
		    "logins: that another login approves it cannot be shown, "
		    "and %s is refuse (in %s); cancel it and enter it again",
		    o->id, SAME_LOGIN, where);
	if (act == NULL)
		return 0;
	if (strcmp(act, "entered") != 0)
		return err_set(err, "order %s was %s from login %s, the login "
		    "approving it: %s is refuse (in %s), so someone at "
		    "another login must approve it", o->id, act,
		    exec_hook_login(x), SAME_LOGIN, where);
	return err_set(err, "order %s was entered by %s from login %s, the "
	    "login approving it: %s is refuse (in %s), so someone at another "
	    "login must approve it", o->id, o->user, o->login, SAME_LOGIN,
	    where);
}

/* An approval by a login that entered, amended or released O (ACT), let
 * through: a check in its compliance record, and an alert for compliance
 * users. */
static int
same_login_alert(struct exec *x, const struct order *o, const char *act,
    struct err *err)
{
	char detail[4 * USER_MAX + 64];	/* an alert keeps less */
	char alert[sizeof detail + ORDER_ID_MAX + 8];
	const char *login = exec_hook_login(x);

	if (strcmp(act, "entered") == 0)
		snprintf(detail, sizeof detail, "entered by %.31s and approved "
		    "by %.31s, both from login %.31s", o->user,
		    exec_hook_user(x), o->login);
	else
		snprintf(detail, sizeof detail, "%s and approved by %.31s, "
		    "both from login %.31s", act, exec_hook_user(x), login);
	const char *kv[] = { "rule", SAME_LOGIN, "kind", "four_eyes",
	    "outcome", "alert", "act", act, "detail", detail, NULL };
	if (store_audit(exec_store(x), exec_now(x), "check", o->id, kv,
	    err) == -1)
		return exec_store_fail(x, err);
	/* The alert says the same of the order it names. */
	snprintf(alert, sizeof alert, "order %.31s %s", o->id, detail);
	return review_alert(x, "same_login", o->account, o->symbol,
	    SAME_LOGIN, alert, err);
}

/* Decide the review of O: EV (OEV_APPROVE or OEV_REJECT), journaled,
 * and its audit entry: the acting user, the login, whether that login
 * entered, amended or released the order (ACT), the reason. */
static int
decide(struct exec *x, struct order *o, enum order_event ev,
    const char *act, const char *reason, struct err *err)
{
	/* same_login=yes only when it is: the list ends early otherwise. */
	const char *kv[] = { "by", exec_hook_user(x), "login",
	    exec_hook_login(x), "reason", reason, act ? "same_login" : NULL,
	    "yes", "same_login_act", act, NULL };

	if (exec_apply_status(x, o, ev, err) == -1)
		return -1;
	if (store_audit(exec_store(x), exec_now(x), ev == OEV_APPROVE ?
	    "approve" : "reject", o->id, kv, err) == -1)
		return exec_store_fail(x, err);
	return 0;
}

int
guard_cmd_approve(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct order *o = reviewable(x, c->id, "approved", err);
	const char *act;

	if (!o)
		return -1;
	if (review_halted(x, o->account, err) == -1)
		return -1;
	if (exec_session_allows(x, o, err) == -1)
		return -1;	/* it stays flagged: approve it in the session */
	if (same_login(x, o, &act, err) == -1)
		return -1;
	if (same_login_refuse(x, o, act, err) == -1)
		return -1;
	if (decide(x, o, OEV_APPROVE, act, c->text, err) == -1)
		return -1;
	if (act && same_login_alert(x, o, act, err) == -1)
		return -1;
	exec_event(x, o, "approved", c->text[0] ? c->text : NULL);
	return exec_send_order(x, o, err);
}

int
guard_cmd_reject(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct order *o = reviewable(x, c->id, "rejected", err);
	char id[ORDER_ID_MAX];
	const char *act;

	if (!o || same_login(x, o, &act, err) == -1)
		return -1;
	snprintf(o->reason, sizeof o->reason, "rejected by compliance "
	    "(%.24s): %.70s", exec_hook_user(x), c->text);
	if (decide(x, o, OEV_REJECT, act, c->text, err) == -1)
		return -1;
	exec_event(x, o, "rejected", o->reason);
	str_copy(id, sizeof id, o->id);
	book_drop_order(exec_book_rw(x), id);
	return 0;
}

/* set review.same_login alert|refuse: journaled, and kept in meta where
 * every blotter on the store reads it at start. */
int
guard_cmd_set(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct review *rv = REVIEW(x);
	bool refuse = strcmp(c->value, "refuse") == 0;
	const char *kv[] = { "value", c->value, "login", exec_hook_login(x),
	    NULL };

	if (store_audit(exec_store(x), exec_now(x), "set", c->setting, kv,
	    err) == -1 ||
	    store_meta_set(exec_store(x), SAME_LOGIN, c->value, err) == -1)
		return exec_store_fail(x, err);
	rv->store_same_login = refuse ? SL_REFUSE : SL_ALERT;
	exec_touch(x);
	if (exec_res(x))
		result_message(exec_res(x), "%s = %s in the store%s",
		    SAME_LOGIN, c->value, !refuse && rv->rc_refuse ? " (this "
		    "session's configuration still says refuse)" : "");
	return 0;
}

int
guard_cmd_show_settings(struct exec *x, const struct cmd *c,
    struct err *err)
{
	(void)c;
	struct review *rv = REVIEW(x);
	bool refuse = rv->store_same_login == SL_REFUSE || rv->rc_refuse;
	const char *store = rv->store_same_login == SL_UNSET ? "" :
	    rv->store_same_login == SL_REFUSE ? "refuse" : "alert";
	const char *from = rv->store_same_login == SL_REFUSE ? "store" :
	    rv->rc_refuse ? "configuration" : rv->store_same_login == SL_ALERT ?
	    "store" : "default";
	(void)err;

	if (!exec_res(x))
		return 0;
	struct format_field f[] = {
		{ "setting", SAME_LOGIN, 18, false, false },
		{ "value", refuse ? "refuse" : "alert", 6, false, false },
		{ "from", from, 13, false, false },
		{ "store", store, 6, false, false },
		{ "config", rv->rc_refuse ? "refuse" : "alert", 0, false,
		    false },
	};
	result_record_header(exec_res(x), f, 5);
	result_record(exec_res(x), f, 5);
	return 0;
}

/* ---- the log -------------------------------------------------------- */

/* A member of a journal body (JSON object text), or "". */
static const char *
body_get(struct json_object *j, const char *key)
{
	struct json_object *v;

	if (!j || !json_object_object_get_ex(j, key, &v) || !v)
		return "";
	return json_object_get_string(v);
}

struct show_ctx {
	struct exec *x;
	size_t	n;
	bool	measure;	/* only find the widest cell */
	int	rule_w;		/* the rule (show audit: ref) column's width */
	int	sym_w;		/* show alerts: the symbol column's width */
};

/* One row of N fields F, under the column headers above the first. */
static void
show_row(struct show_ctx *s, const struct format_field *f, size_t n)
{
	if (s->n++ == 0)
		result_record_header(exec_res(s->x), f, n);
	result_record(exec_res(s->x), f, n);
}

/* In a measuring pass: widen the rule (or ref) column for TEXT. */
static bool
show_measure(struct show_ctx *s, const char *text)
{
	int	n = (int)strlen(text);

	if (s->measure && n > s->rule_w)
		s->rule_w = n;
	return s->measure;
}

static int
show_check(void *ctx, const struct store_audit_row *r)
{
	struct show_ctx *s = ctx;
	struct json_object *j = json_tokener_parse(r->body);
	char t[24];

	if (show_measure(s, body_get(j, "rule"))) {
		json_object_put(j);
		return 0;
	}
	cmd_time_fmt(r->ts, t, sizeof t);
	struct format_field f[] = {
		{ "time", t, 19, false, false },
		{ "order", r->ref, 10, false, false },
		{ "rule", body_get(j, "rule"), s->rule_w, false, false },
		{ "kind", body_get(j, "kind"), 14, false, false },
		{ "outcome", body_get(j, "outcome"), 7, false, false },
		{ "user", r->user, 10, false, false },
		{ "detail", body_get(j, "detail"), 0, false, false },
	};
	show_row(s, f, 7);
	json_object_put(j);
	return 0;
}

static int
show_audit_row(void *ctx, const struct store_audit_row *r)
{
	struct show_ctx *s = ctx;
	char t[24], seq[24], hash[2 * 8 + 1];

	if (show_measure(s, r->ref))
		return 0;
	cmd_time_fmt(r->ts, t, sizeof t);
	snprintf(seq, sizeof seq, "%" PRId64, r->seq);
	hash[0] = '\0';
	for (int i = 0; r->hash && i < 8; i++)
		snprintf(hash + 2 * i, 3, "%02x", r->hash[i]);
	struct format_field f[] = {
		{ "seq", seq, 7, true, false },
		{ "time", t, 19, false, false },
		{ "user", r->user, 12, false, false },
		{ "kind", r->kind, 13, false, false },
		{ "ref", r->ref, s->rule_w, false, false },
		{ "hash", hash, 16, false, false },
		{ "detail", r->body, 0, false, false },
	};
	show_row(s, f, 7);
	return 0;
}

static int
show_alert(void *ctx, const struct store_alert *a)
{
	struct show_ctx *s = ctx;
	char t[24];

	if (s->measure && (int)strlen(a->symbol) > s->sym_w)
		s->sym_w = (int)strlen(a->symbol);
	if (show_measure(s, a->rule_id))
		return 0;
	cmd_time_fmt(a->ts, t, sizeof t);
	struct format_field f[] = {
		{ "time", t, 19, false, false },
		{ "kind", a->kind, 10, false, false },
		{ "account", a->account[0] ? a->account : "*", 10, false,
		    false },
		{ "symbol", a->symbol, s->sym_w, false, false },
		{ "rule", a->rule_id, s->rule_w, false, false },
		{ "user", a->user, 10, false, false },
		{ "detail", a->detail, 0, false, false },
	};
	show_row(s, f, 7);
	return 0;
}

int
guard_cmd_show_log(struct exec *x, const struct cmd *c,
    struct err *err)
{
	struct show_ctx s = { x, 0, false, RULE_COL, 8 };
	const char *id = c->id[0] ? c->id : NULL;
	struct order tmp;
	int rc;

	if (!exec_res(x))
		return 0;
	if (id && !exec_find_order(x, id, &tmp, err))
		return -1;
	/* Text: a first pass finds how wide the rule (show audit: ref)
	 * column must be, so the columns after it stay under their
	 * headers. */
	for (s.measure = true; ; s.measure = false) {
		if (c->kind == CMD_SHOW_ALERTS)
			rc = store_each_alert(exec_store(x), show_alert, &s,
			    err);
		else if (c->kind == CMD_SHOW_COMPLIANCE)
			rc = store_each_audit(exec_store(x), id, "check",
			    show_check,
			    &s, err);
		else
			rc = store_each_audit(exec_store(x), id, NULL,
			    show_audit_row,
			    &s, err);
		if (rc == -1)
			return exec_store_fail(x, err);
		if (!s.measure)
			break;
	}
	if (s.n == 0)
		result_message(exec_res(x), "%s", c->kind ==
		    CMD_SHOW_ALERTS ? "no alerts" : c->kind ==
		    CMD_SHOW_COMPLIANCE ? "no compliance checks" :
		    "no audit entries");
	return 0;
}

int
guard_cmd_halt(struct exec *x, const struct cmd *c,
    struct err *err)
{
	return do_halt(x, c, true, err);
}

int
guard_cmd_resume(struct exec *x, const struct cmd *c,
    struct err *err)
{
	return do_halt(x, c, false, err);
}

/* ---- the engine's hooks --------------------------------------------- */

static int
ld_alert(void *ctx, const struct store_alert *a)
{
	keep_alert(ctx, a);
	return 0;
}

/* The store's review.same_login, kept in meta beside its journal entry. */
static int
ld_same_login(struct exec *x, struct err *err)
{
	struct review *rv = REVIEW(x);
	char val[16];
	int rc = store_meta_get(exec_store(x), SAME_LOGIN, val, sizeof val,
	    err);

	if (rc == -1)
		return exec_store_fail(x, err);
	rv->store_same_login = rc == 0 ? SL_UNSET :
	    strcmp(val, "refuse") == 0 ? SL_REFUSE : SL_ALERT;
	return 0;
}

/* A new store or a reload: the halts, the latest alerts and the store's
 * review.same_login. */
static int
review_load(struct exec *x, struct err *err)
{
	struct review *rv = REVIEW(x);

	hmap_free_values(rv->halts);
	rv->halts = hmap_new();
	rv->nalerts = 0;
	if (store_each_halt(exec_store(x), ld_halt, rv, err) == -1 ||
	    store_each_alert(exec_store(x), ld_alert, rv, err) == -1)
		return exec_store_fail(x, err);
	return ld_same_login(x, err);
}

static void
review_view(struct exec *x, struct view *v)
{
	struct review *rv = REVIEW(x);
	const struct halt *h;
	struct order *o;
	size_t pos = 0, n = 0;

	if (rv->halts && (h = hmap_get(rv->halts, HALT_ALL))) {
		v->halted = true;
		str_copy(v->halt_reason, sizeof v->halt_reason,
		    h->reason);
	}
	while ((o = book_next_order(exec_book_rw(x), &pos)))
		n += o->status == ORDER_FLAGGED;
	if (n) {
		v->flagged = xcalloc(n, sizeof *v->flagged);
		pos = 0;
		while ((o = book_next_order(exec_book_rw(x), &pos)) &&
		    v->nflagged < n)
			if (o->status == ORDER_FLAGGED)
				v->flagged[v->nflagged++] = *o;
	}
	v->nalerts = rv->nalerts < VIEW_ALERTS ? rv->nalerts : VIEW_ALERTS;
	for (size_t i = 0; i < v->nalerts; i++)
		v->alerts[i] = rv->alerts[(rv->nalerts - v->nalerts + i) %
		    VIEW_ALERTS];
}

static void
review_free(void *state)
{
	struct review *rv = state;

	if (!rv)
		return;
	hmap_free_values(rv->halts);
	free(rv);
}

static const struct exec_hooks review_hooks = {
	.halted = review_halted,
	.alert = review_alert,
	.load = review_load,
	.view = review_view,
	.free = review_free,
};

void
guard_review_attach(struct exec *x)
{
	exec_attach(x, &review_hooks, xcalloc(1, sizeof(struct review)));
}
