/* src/store/admin.c: users, compliance rules, halts and alerts, the
 * audit entries other modules write, and the store's settings. */
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

/* --- Users, rules, halts, alerts and the audit trail ---------------------- */

/* Set who the journal rows written from now on are by; NULL is "". */
void
store_set_user(struct store *s, const char *login)
{
	size_t	n = login != NULL ? strnlen(login, USER_MAX - 1) : 0;

	memcpy(s->user, login != NULL ? login : "", n);
	s->user[n] = '\0';
	s->userlen = n;
}

/* Whether S (at most MAX bytes with its NUL) is 1 to MAX - 1 bytes. */
static bool
name_ok(const char *str, size_t max)
{
	return str != NULL && str[0] != '\0' && strnlen(str, max) < max;
}

/* Journal U and put it in the users table; a user already there keeps
 * the time it was created. */
int
store_put_user(struct store *s, const struct store_user *u, int64_t ts,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_USER_PUT];
	int64_t	created = u->created != 0 ? u->created : ts;
	char	what[32 + USER_MAX];
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (!name_ok(u->login, sizeof u->login))
		return err_set(err, "%s: a user needs a login of 1 to %d "
		    "characters", s->path, USER_MAX - 1);
	if ((unsigned)u->role >= ROLE_COUNT)
		return err_set(err, "%s: user %s: unknown role %d", s->path,
		    u->login, (int)u->role);
	store_jb_begin(&s->jb);
	store_jb_str(&s->jb, "login", u->login, sizeof u->login);
	store_jb_name(&s->jb, "role", user_role_name(u->role));
	store_jb_str(&s->jb, "name", u->name, sizeof u->name);
	store_jb_int(&s->jb, "created", created);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, SJ_USER_ADD, u->login, sizeof u->login,
	    err) == -1)
		return -1;
	store_bind_str(st, 1, u->login, sizeof u->login);
	sqlite3_bind_text(st, 2, user_role_name(u->role), -1, SQLITE_STATIC);
	store_bind_str(st, 3, u->name, sizeof u->name);
	sqlite3_bind_int64(st, 4, created);
	rc = store_run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving user %s", u->login);
		return store_write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Read user LOGIN into OUT: 1, 0 when there is no such user, -1. */
int
store_get_user(struct store *s, const char *login, struct store_user *out,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_USER_GET];
	struct store_user u;
	const char *bad = NULL;
	int	rc, r = 0;

	if (login == NULL || login[0] == '\0')
		return 0;
	if (store_check_idle(s, st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r = store_user_from_row(st, &u, &bad);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW && r == -1)
		return store_bad_row(s, "user", login, bad, err);
	if (rc == SQLITE_ROW) {
		*out = u;
		return 1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(err, s->path, s->db, rc, "reading a user");
}

/* Call FN for each user, by login; FN returning non-zero stops. */
int
store_each_user(struct store *s, int (*fn)(void *, const struct store_user *),
    void *ctx, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_USER_EACH];
	struct store_user u;
	const char *bad;
	int	rc;

	if (store_check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_user_from_row(st, &u, &bad) == -1) {
			sqlite3_reset(st);
			return store_bad_row(s, "user", u.login, bad, err);
		}
		if (fn(ctx, &u) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return store_step_end(s, st, rc, "reading users", err);
}

/* Journal a rule.add, rule.enable or rule.disable of R and put R in the
 * rules table.  A rule already there keeps its place in the list; enable
 * and disable set the enabled flag whatever R says.  A rule not there is
 * added, whichever the kind. */
int
store_put_rule(struct store *s, const struct rule *r, const char *kind,
    int64_t ts, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_RULE_PUT];
	const char *k = NULL;
	char	what[32 + RULE_ID_MAX];
	bool	enabled = r->enabled;
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (kind != NULL && strcmp(kind, SJ_RULE_ADD) == 0) {
		k = SJ_RULE_ADD;
	} else if (kind != NULL && strcmp(kind, SJ_RULE_ENABLE) == 0) {
		k = SJ_RULE_ENABLE;
		enabled = true;
	} else if (kind != NULL && strcmp(kind, SJ_RULE_DISABLE) == 0) {
		k = SJ_RULE_DISABLE;
		enabled = false;
	} else {
		return err_set(err, "%s: a rule is journaled as rule.add, "
		    "rule.enable or rule.disable, not %s", s->path,
		    kind != NULL ? kind : "nothing");
	}
	if (!name_ok(r->id, sizeof r->id))
		return err_set(err, "%s: a rule needs an id of 1 to %d "
		    "characters", s->path, RULE_ID_MAX - 1);
	if ((unsigned)r->kind >= RULE_KIND_COUNT ||
	    (unsigned)r->action >= RULE_ACTION_COUNT ||
	    (unsigned)r->by >= RULE_BY_COUNT)
		return err_set(err, "%s: rule %s has an unknown kind, action "
		    "or grouping; nothing was saved", s->path, r->id);
	store_jb_begin(&s->jb);
	store_jb_str(&s->jb, "id", r->id, sizeof r->id);
	store_jb_name(&s->jb, "kind", rule_kind_name(r->kind));
	store_jb_name(&s->jb, "action", rule_action_name(r->action));
	store_jb_bool(&s->jb, "enabled", enabled);
	store_jb_str(&s->jb, "acct", r->acct, sizeof r->acct);
	store_jb_str(&s->jb, "sym", r->sym, sizeof r->sym);
	store_jb_str(&s->jb, "issuer", r->issuer, sizeof r->issuer);
	store_jb_str(&s->jb, "trader", r->trader, sizeof r->trader);
	store_jb_name(&s->jb, "by", rule_by_name(r->by));
	store_jb_int(&s->jb, "allow", r->allow);
	store_jb_int(&s->jb, "limit", r->limit);
	store_jb_int(&s->jb, "warn_at", r->warn_at);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, k, r->id, sizeof r->id, err) == -1)
		return -1;
	store_bind_str(st, 1, r->id, sizeof r->id);
	sqlite3_bind_text(st, 2, rule_kind_name(r->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rule_action_name(r->action), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 4, enabled);
	store_bind_str(st, 5, r->acct, sizeof r->acct);
	store_bind_str(st, 6, r->sym, sizeof r->sym);
	store_bind_str(st, 7, r->issuer, sizeof r->issuer);
	store_bind_str(st, 8, r->trader, sizeof r->trader);
	sqlite3_bind_text(st, 9, rule_by_name(r->by), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, r->allow);
	sqlite3_bind_int64(st, 11, r->limit);
	sqlite3_bind_int64(st, 12, r->warn_at);
	sqlite3_bind_int64(st, 13, s->seq);
	rc = store_run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "saving rule %s", r->id);
		return store_write_fail(s, rc, true, what, err);
	}
	return 0;
}

/* Journal the deletion of rule ID and delete it: 1, or 0 (nothing
 * written) when there is no such rule. */
int
store_del_rule(struct store *s, const char *id, int64_t ts,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_RULE_SEEN];
	char	what[32 + RULE_ID_MAX];
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (!name_ok(id, RULE_ID_MAX))
		return 0;
	store_bind_str(st, 1, id, RULE_ID_MAX);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_sql_fail(err, s->path, s->db, rc,
		    "looking up a rule");
	store_jb_begin(&s->jb);
	store_jb_str(&s->jb, "id", id, RULE_ID_MAX);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, SJ_RULE_DEL, id, RULE_ID_MAX, err) == -1)
		return -1;
	st = s->st[ST_RULE_DEL];
	store_bind_str(st, 1, id, RULE_ID_MAX);
	rc = store_run(st);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "deleting rule %s", id);
		return store_write_fail(s, rc, true, what, err);
	}
	return 1;
}

/* Call FN for each rule in the order they were added. */
int
store_each_rule(struct store *s, int (*fn)(void *, const struct rule *),
    void *ctx, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_RULE_EACH];
	struct rule r;
	const char *bad;
	int	rc;

	if (store_check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (store_rule_from_row(st, &r, NULL, &bad) == -1) {
			sqlite3_reset(st);
			return store_bad_row(s, "rule", r.id, bad, err);
		}
		if (fn(ctx, &r) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return store_step_end(s, st, rc, "reading rules", err);
}

/* Put the alert of journal entry S->seq in the alerts table: that of a
 * halt or resume, or of an "alert" entry. */
static int
alert_row(struct store *s, int64_t ts, const char *kind, const char *acct,
    const char *sym, const char *rule_id, const char *user,
    const char *detail, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ALERT_PUT];
	int	rc;

	sqlite3_bind_int64(st, 1, s->seq);
	sqlite3_bind_int64(st, 2, ts);
	store_bind_str(st, 3, kind, sizeof ((struct store_alert *)0)->kind);
	store_bind_str(st, 4, acct, ACCOUNT_MAX);
	store_bind_str(st, 5, sym, SYMBOL_MAX);
	store_bind_str(st, 6, rule_id, RULE_ID_MAX);
	store_bind_str(st, 7, user, USER_MAX);
	store_bind_str(st, 8, detail, CPL_DETAIL_MAX);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, "saving an alert", err);
	return 0;
}

/* Journal a halt or resume of ACCT ("" the whole store) and update the
 * halts table; either also becomes an alert, under the entry's seq.  A
 * resume of what is not halted is recorded all the same. */
int
store_put_halt(struct store *s, const char *acct, bool halted,
    const char *reason, int64_t ts, struct err *err)
{
	sqlite3_stmt *st;
	const char *kind = halted ? SJ_HALT : SJ_RESUME;
	int	rc;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (acct == NULL)
		acct = "";
	if (reason == NULL)
		reason = "";
	if (strnlen(acct, ACCOUNT_MAX) >= ACCOUNT_MAX)
		return err_set(err, "%s: an account id is at most %d "
		    "characters", s->path, ACCOUNT_MAX - 1);
	if (strnlen(reason, NOTE_MAX) >= NOTE_MAX)
		return err_set(err, "%s: the reason for a %s is at most %d "
		    "characters", s->path, kind, NOTE_MAX - 1);
	store_jb_begin(&s->jb);
	store_jb_str(&s->jb, "reason", reason, NOTE_MAX);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, kind, acct, ACCOUNT_MAX, err) == -1)
		return -1;
	if (halted) {
		st = s->st[ST_HALT_PUT];
		store_bind_str(st, 1, acct, ACCOUNT_MAX);
		store_bind_str(st, 2, reason, NOTE_MAX);
		store_bind_str(st, 3, s->user, USER_MAX);
		sqlite3_bind_int64(st, 4, ts);
	} else {
		st = s->st[ST_HALT_DEL];
		store_bind_str(st, 1, acct, ACCOUNT_MAX);
	}
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, true, halted ? "saving a halt" :
		    "saving a resume", err);
	return alert_row(s, ts, kind, acct, "", "", s->user, reason, err);
}

/* Call FN for each halt in force, by account ("" first). */
int
store_each_halt(struct store *s, int (*fn)(void *, const char *acct,
    const char *reason, const char *user, int64_t ts), void *ctx,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_HALT_EACH];
	int	rc;

	if (store_check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *acct = store_col_str(st, 0);
		const char *reason = store_col_str(st, 1);
		const char *user = store_col_str(st, 2);

		if (fn(ctx, acct != NULL ? acct : "",
		    reason != NULL ? reason : "", user != NULL ? user : "",
		    sqlite3_column_int64(st, 3)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return store_step_end(s, st, rc, "reading halts", err);
}

/* Journal alert A ("alert", filed under its account) and put it in the
 * alerts table under the entry's seq.  An alert naming no user is the
 * current user's. */
int
store_add_alert(struct store *s, const struct store_alert *a,
    struct err *err)
{
	const char *user = a->user[0] != '\0' ? a->user : s->user;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (!name_ok(a->kind, sizeof a->kind))
		return err_set(err, "%s: an alert needs a kind of 1 to %d "
		    "characters", s->path, (int)sizeof a->kind - 1);
	store_jb_begin(&s->jb);
	store_jb_str(&s->jb, "kind", a->kind, sizeof a->kind);
	store_jb_str(&s->jb, "account", a->account, sizeof a->account);
	store_jb_str(&s->jb, "symbol", a->symbol, sizeof a->symbol);
	store_jb_str(&s->jb, "rule_id", a->rule_id, sizeof a->rule_id);
	store_jb_str(&s->jb, "user", user, USER_MAX);
	store_jb_str(&s->jb, "detail", a->detail, sizeof a->detail);
	store_jb_end(&s->jb);
	if (store_journal_add(s, a->ts, SJ_ALERT, a->account, sizeof a->account,
	    err) == -1)
		return -1;
	return alert_row(s, a->ts, a->kind, a->account, a->symbol, a->rule_id,
	    user, a->detail, err);
}

/* Call FN for each alert, oldest first. */
int
store_each_alert(struct store *s,
    int (*fn)(void *, const struct store_alert *), void *ctx,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_ALERT_EACH];
	struct store_alert a;
	int	rc;

	if (store_check_idle(s, st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_alert_from_row(st, &a);
		if (fn(ctx, &a) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return store_step_end(s, st, rc, "reading alerts", err);
}

/* Whether S is a name made of letters, digits and the characters of
 * EXTRA, 1 to MAX - 1 bytes. */
static bool
word_ok(const char *str, size_t max, const char *extra)
{
	size_t	i;

	if (!name_ok(str, max))
		return false;
	for (i = 0; str[i] != '\0'; i++) {
		unsigned char c = (unsigned char)str[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && strchr(extra, c) == NULL)
			return false;
	}
	return true;
}

/*
 * Journal an audit entry of KIND about REF with the string members KV.
 * An entry filed under an order (REF its id) moves the order's last_seq
 * on, as its events do, so store_each_audit() finds it with the order:
 * write it after the order's order.new.
 */
int
store_audit(struct store *s, int64_t ts, const char *kind, const char *ref,
    const char *const *kv, struct err *err)
{
	struct dirty_order *d = NULL;
	sqlite3_stmt *st;
	int64_t	oseq = 0;
	int	found = 0, rc;
	size_t	i;

	if (store_check_writable(s, err) == -1)
		return -1;
	if (!word_ok(kind, STORE_AUDIT_KIND_MAX, "._-"))
		return err_set(err, "%s: an audit entry's kind is 1 to %d "
		    "letters, digits, '.', '_' or '-'", s->path,
		    STORE_AUDIT_KIND_MAX - 1);
	if (store_kind_reserved(kind))
		return err_set(err, "%s: %s is a kind of entry only the "
		    "store writes", s->path, kind);
	if (ref == NULL)
		ref = "";
	if (strnlen(ref, STORE_AUDIT_REF_MAX) >= STORE_AUDIT_REF_MAX)
		return err_set(err, "%s: an audit entry's subject is at most "
		    "%d characters", s->path, STORE_AUDIT_REF_MAX - 1);
	for (i = 0; kv != NULL && kv[i] != NULL; i += 2)
		if (!word_ok(kv[i], 64, "_"))
			return err_set(err, "%s: audit entry %s: \"%s\" is "
			    "not a usable member name", s->path, kind, kv[i]);
	/* The order it is about, if any, looked up before anything is
	 * written. */
	if (ref[0] != '\0' && strlen(ref) < ORDER_ID_MAX) {
		if ((d = hmap_get(s->dirty_orders, ref)) != NULL)
			found = 1;
		else if ((found = store_order_row_seq(s, ref, &oseq,
		    err)) == -1)
			return -1;
	}
	store_jb_begin(&s->jb);
	for (i = 0; kv != NULL && kv[i] != NULL; i += 2)
		store_jb_str(&s->jb, kv[i], kv[i + 1] != NULL ? kv[i + 1] : "",
		    (size_t)-1);
	store_jb_end(&s->jb);
	if (store_journal_add(s, ts, kind, ref, STORE_AUDIT_REF_MAX, err) == -1)
		return -1;
	if (d != NULL) {
		d->last_seq = s->seq;
	} else if (found) {
		st = s->st[ST_ORDER_TOUCH];
		sqlite3_bind_int64(st, 1, oseq);
		sqlite3_bind_int64(st, 2, s->seq);
		rc = store_run(st);
		if (rc != SQLITE_OK)
			return store_write_fail(s, rc, true, "saving an "
			    "order's audit trail", err);
	}
	return 0;
}

/* Call FN for each journal entry, oldest first: all, or ORDER_ID's (its
 * events and the audit entries filed under it after its order.new), of
 * KIND only when KIND is not NULL. */
int
store_each_audit(struct store *s, const char *order_id, const char *kind,
    int (*fn)(void *, const struct store_audit_row *), void *ctx,
    struct err *err)
{
	static const unsigned char nohash[STORE_HASH_LEN];
	struct store_audit_row r;
	struct store_split sp;
	sqlite3_stmt *st;
	int64_t	first = 0, last = 0;
	bool	stop = false;
	int	rc;

	st = s->st[order_id != NULL ? ST_AUDIT_ORDER : ST_AUDIT_ALL];
	if (store_check_idle(s, st, err) == -1 ||
	    store_journal_for_read(s, err) == -1)
		return -1;
	if (order_id != NULL) {
		if ((rc = store_order_range(s, order_id, &first, &last,
		    err)) <= 0)
			return rc;
		sqlite3_bind_int64(st, 1, first);
		sqlite3_bind_int64(st, 2, last);
		store_bind_str(st, 3, order_id, ORDER_ID_MAX);
		if (kind != NULL)
			sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
	} else if (kind != NULL) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, 1);
	}
	store_split_init(&sp);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *user = store_col_str(st, 2);
		const char *rkind = store_col_str(st, 3);
		const char *body = store_col_str(st, 5);
		int	i, n;

		r.seq = sqlite3_column_int64(st, 0);
		r.ts = sqlite3_column_int64(st, 1);
		r.ref = store_col_str(st, 4);
		/* A row from before the chain began has no hash: zeros. */
		r.hash = sqlite3_column_blob(st, 6);
		if (r.hash == NULL ||
		    sqlite3_column_bytes(st, 6) != STORE_HASH_LEN)
			r.hash = nohash;
		r.ref = r.ref != NULL ? r.ref : "";
		/* The entries of a row share its seq and hash. */
		n = store_split_row(&sp, rkind != NULL ? rkind : "",
		    user != NULL ? user : "", body != NULL ? body : "",
		    body != NULL ? (size_t)sqlite3_column_bytes(st, 5) : 0);
		for (i = 0; i < n && !stop; i++) {
			if (kind != NULL && strcmp(sp.e[i].kind, kind) != 0)
				continue;
			r.user = sp.e[i].user;
			r.kind = sp.e[i].kind;
			r.body = sp.e[i].body;
			stop = fn(ctx, &r) != 0;
		}
	}
	store_split_free(&sp);
	if (stop)
		rc = SQLITE_DONE;
	return store_step_end(s, st, rc, "reading the journal", err);
}

/* --- Settings ------------------------------------------------------------- */

/* Read setting KEY into BUF (truncated to LEN): 1, 0 when unset, -1. */
int
store_meta_get(struct store *s, const char *key, char *buf, size_t len,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_META_GET];
	int	rc;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && buf != NULL && len > 0)
		store_col_text(st, 0, buf, len);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(err, s->path, s->db, rc, "reading a setting");
}

/* Set KEY to VALUE; inside a transaction or on its own. */
int
store_meta_set(struct store *s, const char *key, const char *value,
    struct err *err)
{
	sqlite3_stmt *st = s->st[ST_META_SET];
	int	rc;

	if (key == NULL || value == NULL)
		return err_set(err, "%s: a setting needs a name and a value",
		    s->path);
	/* The marker that tells a blotter store from other files, and the
	 * ends of the audit trail, which only the store writes. */
	if (strcmp(key, "app") == 0 || strncmp(key, STORE_META_AUDIT,
	    strlen(STORE_META_AUDIT)) == 0)
		return err_set(err, "%s: the setting '%s' is reserved",
		    s->path, key);
	if (s->broken)
		return store_check_writable(s, err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = store_run(st);
	if (rc != SQLITE_OK)
		return store_write_fail(s, rc, false, "saving a setting", err);
	return 0;
}

/* PRAGMA data_version: it changes when another connection (another
 * blotter) commits to the file, and not when this one does. */
int
store_data_version(struct store *s, int64_t *v, struct err *err)
{
	sqlite3_stmt *st = s->st[ST_DATA_VERSION];
	int	rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_sql_fail(err, s->path, s->db, rc,
		    "watching for other blotters");
	return 0;
}
