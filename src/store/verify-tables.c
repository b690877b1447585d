/* src/store/verify-tables.c: for verify, the projection tables compared
 * with what the replay gave, the executions table folded into a sum of
 * hashes, and the file's integrity check (on a thread of its own when it
 * can). */
#include "config.h"
#include "store.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "hmap.h"
#include "sha256.h"
#include "verify-int.h"

/* A row of a projection table, read for comparing. */
struct v_row {
	union {
		struct instrument in;
		struct account a;
		struct position p;
		struct store_user u;
		struct rule r;
	} t;
	int64_t	seq;			/* a rule's */
	const char *key;		/* its key in the replay's map */
	const char *k;			/* its key in report lines */
	char	kbuf[POSITION_KEY_MAX];	/* (a position's) */
	char	nbuf[ACCOUNT_MAX + SYMBOL_MAX + 1];
};

/* A table compared with the replay's map of the same things: every row
 * with the entry under its key, and every entry that no row matched. */
struct v_table {
	const char *name;		/* the table, in report lines */
	const char *sql;		/* its rows */
	const char *what;		/* "reading ...", for an error */
	size_t	map;			/* offsetof the map in struct verify */
	size_t	seen;			/* offsetof the seen flag in an entry */
	/* Read ST's row into R: 0, or -1 when it was reported unreadable. */
	int	(*read)(struct verify *, sqlite3_stmt *st, struct v_row *r);
	/* Report where row R (in ST) and the replay's entry VAL differ. */
	void	(*diff)(struct verify *, sqlite3_stmt *st,
		    const struct v_row *r, const void *val);
	/* The name in report lines of the entry KEY, VAL no row matched
	 * into BUF (NULL: KEY itself). */
	const char *(*unseen)(const char *key, const void *val, char *buf,
		    size_t size);
};

static int
instrument_read(struct verify *v, sqlite3_stmt *st, struct v_row *r)
{
	const char *bad;

	if (store_instrument_from_row(st, &r->t.in, &bad) == -1) {
		v_problem(v, "instruments %s: unknown %s \"%s\" in the "
		    "projection", r->t.in.symbol, bad, v_col_str(st, 1));
		return -1;
	}
	r->key = r->k = r->t.in.symbol;
	return 0;
}

static void
instrument_diff(struct verify *v, sqlite3_stmt *st, const struct v_row *r,
    const void *val)
{
	const struct instrument *t = &r->t.in;
	const struct instrument *j = &((const struct v_instrument *)val)->in;
	const char *k = r->k;

	(void)st;
	v_diff_name(v, "instruments", k, "class", asset_class_name(t->cls),
	    asset_class_name(j->cls));
	v_diff_str(v, "instruments", k, "ccy", t->ccy, j->ccy);
	v_diff_int(v, "instruments", k, "tick", t->tick, j->tick);
	v_diff_int(v, "instruments", k, "lot", t->lot, j->lot);
	v_diff_int(v, "instruments", k, "mult", t->mult, j->mult);
	v_diff_str(v, "instruments", k, "issuer", t->issuer, j->issuer);
	v_diff_str(v, "instruments", k, "sector", t->sector, j->sector);
	v_diff_str(v, "instruments", k, "underlying", t->underlying,
	    j->underlying);
}

static int
account_read(struct verify *v, sqlite3_stmt *st, struct v_row *r)
{
	(void)v;
	store_account_from_row(st, &r->t.a);
	r->key = r->k = r->t.a.id;
	return 0;
}

static void
account_diff(struct verify *v, sqlite3_stmt *st, const struct v_row *r,
    const void *val)
{
	const struct account *t = &r->t.a;
	const struct account *j = &((const struct v_account *)val)->a;

	(void)st;
	v_diff_str(v, "accounts", r->k, "name", t->name, j->name);
	v_diff_str(v, "accounts", r->k, "ccy", t->ccy, j->ccy);
	v_diff_int(v, "accounts", r->k, "nav", t->nav, j->nav);
	v_diff_int(v, "accounts", r->k, "cash", t->cash, j->cash);
}

/* A row keyed by its first column, compared column by column. */
static int
col0_read(struct verify *v, sqlite3_stmt *st, struct v_row *r)
{
	(void)v;
	r->key = r->k = v_col_str(st, 0);
	return 0;
}

static void
fx_diff(struct verify *v, sqlite3_stmt *st, const struct v_row *r,
    const void *val)
{
	v_diff_int(v, "fx", r->k, "rate", sqlite3_column_int64(st, 1),
	    ((const struct v_fx *)val)->rate);
}

static int
position_read(struct verify *v, sqlite3_stmt *st, struct v_row *r)
{
	(void)v;
	store_position_from_row(st, &r->t.p);
	position_map_key(r->kbuf, r->t.p.account, r->t.p.symbol);
	snprintf(r->nbuf, sizeof r->nbuf, "%s/%s", r->t.p.account,
	    r->t.p.symbol);
	r->key = r->kbuf;
	r->k = r->nbuf;
	return 0;
}

static void
position_diff(struct verify *v, sqlite3_stmt *st, const struct v_row *r,
    const void *val)
{
	const struct position *t = &r->t.p;
	const struct position *j = &((const struct v_position *)val)->p;

	(void)st;
	v_diff_int(v, "positions", r->k, "qty", t->qty, j->qty);
	v_diff_int(v, "positions", r->k, "cost", t->cost, j->cost);
	v_diff_int(v, "positions", r->k, "realized", t->realized,
	    j->realized);
}

static const char *
position_unseen(const char *key, const void *val, char *buf, size_t size)
{
	const struct position *p = &((const struct v_position *)val)->p;

	(void)key;
	snprintf(buf, size, "%s/%s", p->account, p->symbol);
	return buf;
}

static int
user_read(struct verify *v, sqlite3_stmt *st, struct v_row *r)
{
	const char *bad;

	if (store_user_from_row(st, &r->t.u, &bad) == -1) {
		v_problem(v, "users %s: unknown %s \"%s\" in the projection",
		    r->t.u.login, bad, v_col_str(st, 1));
		return -1;
	}
	r->key = r->k = r->t.u.login;
	return 0;
}

static void
user_diff(struct verify *v, sqlite3_stmt *st, const struct v_row *r,
    const void *val)
{
	const struct store_user *t = &r->t.u;
	const struct store_user *j = &((const struct v_user *)val)->u;

	(void)st;
	v_diff_name(v, "users", r->k, "role", user_role_name(t->role),
	    user_role_name(j->role));
	v_diff_str(v, "users", r->k, "name", t->name, j->name);
	v_diff_int(v, "users", r->k, "created", t->created, j->created);
}

static int
rule_read(struct verify *v, sqlite3_stmt *st, struct v_row *r)
{
	const char *bad;

	if (store_rule_from_row(st, &r->t.r, &r->seq, &bad) == -1) {
		v_problem(v, "rules %s: unknown %s in the projection",
		    r->t.r.id, bad);
		return -1;
	}
	r->key = r->k = r->t.r.id;
	return 0;
}

static void
rule_diff(struct verify *v, sqlite3_stmt *st, const struct v_row *r,
    const void *val)
{
	const struct rule *t = &r->t.r;
	const struct v_rule *vr = val;
	const struct rule *j = &vr->r;
	const char *k = r->k;

	(void)st;
	v_diff_int(v, "rules", k, "seq", r->seq, vr->seq);
	v_diff_name(v, "rules", k, "kind", rule_kind_name(t->kind),
	    rule_kind_name(j->kind));
	v_diff_name(v, "rules", k, "action", rule_action_name(t->action),
	    rule_action_name(j->action));
	v_diff_bool(v, "rules", k, "enabled", t->enabled, j->enabled);
	v_diff_str(v, "rules", k, "acct", t->acct, j->acct);
	v_diff_str(v, "rules", k, "sym", t->sym, j->sym);
	v_diff_str(v, "rules", k, "issuer", t->issuer, j->issuer);
	v_diff_str(v, "rules", k, "trader", t->trader, j->trader);
	v_diff_name(v, "rules", k, "by", rule_by_name(t->by),
	    rule_by_name(j->by));
	v_diff_int(v, "rules", k, "allow", t->allow, j->allow);
	v_diff_int(v, "rules", k, "limit", t->limit, j->limit);
	v_diff_int(v, "rules", k, "warn_at", t->warn_at, j->warn_at);
}

/* A halt of the whole store is filed under "". */
static const char *
halt_name(const char *acct)
{
	return acct[0] != '\0' ? acct : "(the whole store)";
}

static int
halt_read(struct verify *v, sqlite3_stmt *st, struct v_row *r)
{
	(void)v;
	r->key = v_col_str(st, 0);
	r->k = halt_name(r->key);
	return 0;
}

static void
halt_diff(struct verify *v, sqlite3_stmt *st, const struct v_row *r,
    const void *val)
{
	const struct v_halt *vh = val;

	v_diff_str(v, "halts", r->k, "reason", v_col_str(st, 1), vh->reason);
	v_diff_str(v, "halts", r->k, "user", v_col_str(st, 2), vh->user);
	v_diff_int(v, "halts", r->k, "ts", sqlite3_column_int64(st, 3),
	    vh->ts);
}

static const char *
halt_unseen(const char *key, const void *val, char *buf, size_t size)
{
	(void)val;
	(void)buf;
	(void)size;
	return halt_name(key);
}

static const struct v_table v_tables[] = {
	{ "instruments", "SELECT " STORE_INSTRUMENT_COLS " FROM instruments"
	    " ORDER BY rowid", "reading instruments",
	    offsetof(struct verify, instruments),
	    offsetof(struct v_instrument, seen), instrument_read,
	    instrument_diff, NULL },
	{ "accounts", "SELECT " STORE_ACCOUNT_COLS " FROM accounts"
	    " ORDER BY rowid", "reading accounts",
	    offsetof(struct verify, accounts),
	    offsetof(struct v_account, seen), account_read, account_diff,
	    NULL },
	{ "fx", "SELECT pair, rate FROM fx ORDER BY rowid",
	    "reading fx rates", offsetof(struct verify, fx),
	    offsetof(struct v_fx, seen), col0_read, fx_diff, NULL },
	{ "positions", "SELECT " STORE_POSITION_COLS " FROM positions"
	    " ORDER BY rowid", "reading positions",
	    offsetof(struct verify, positions),
	    offsetof(struct v_position, seen), position_read, position_diff,
	    position_unseen },
	{ "users", "SELECT " STORE_USER_COLS " FROM users ORDER BY login",
	    "reading users", offsetof(struct verify, users),
	    offsetof(struct v_user, seen), user_read, user_diff, NULL },
	{ "rules", "SELECT " STORE_RULE_COLS " FROM rules ORDER BY seq",
	    "reading rules", offsetof(struct verify, rules),
	    offsetof(struct v_rule, seen), rule_read, rule_diff, NULL },
	{ "halts", "SELECT " STORE_HALT_COLS " FROM halts ORDER BY acct",
	    "reading halts", offsetof(struct verify, halts),
	    offsetof(struct v_halt, seen), halt_read, halt_diff,
	    halt_unseen },
};

/* Compare table T with the replay's map: 0, or -1 when it cannot be
 * read. */
static int
compare_table(struct verify *v, const struct v_table *t)
{
	struct hmap *map = *(struct hmap **)((char *)v + t->map);
	struct v_row r;
	sqlite3_stmt *st;
	char	buf[ACCOUNT_MAX + SYMBOL_MAX + 1];
	size_t	pos = 0;
	const char *key;
	void	*val;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, t->sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return v_sql_fail(v, rc, t->what);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->read(v, st, &r) == -1)
			continue;
		if ((val = hmap_get(map, r.key)) == NULL) {
			v_problem(v, "%s %s: in the projection, not in the "
			    "journal", t->name, r.k);
			continue;
		}
		*(bool *)((char *)val + t->seen) = true;
		t->diff(v, st, &r, val);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return v_sql_fail(v, rc, t->what);
	while (hmap_next(map, &pos, &key, &val))
		if (!*(bool *)((char *)val + t->seen))
			v_problem(v, "%s %s: in the journal, missing from the "
			    "projection", t->name, t->unseen != NULL ?
			    t->unseen(key, val, buf, sizeof buf) : key);
	return 0;
}

int
v_compare_tables(struct verify *v)
{
	size_t	i;

	for (i = 0; i < sizeof v_tables / sizeof v_tables[0]; i++)
		if (compare_table(v, &v_tables[i]) == -1)
			return -1;
	return 0;
}

/* The store's review.same_login (meta) against the journal's last "set":
 * the setting cannot be loosened behind blotter's back. */
int
v_compare_settings(struct verify *v)
{
	sqlite3_stmt *st;
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "SELECT value FROM meta WHERE key ="
	    " 'review.same_login'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return v_sql_fail(v, rc, "reading the settings");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		v_diff_str(v, "meta", "review.same_login", "value",
		    rc == SQLITE_ROW ? v_col_str(st, 0) : "", v->same_login);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return v_sql_fail(v, rc, "reading the settings");
	return 0;
}

/* Add the hash of execution X of order ORDER (its entry SEQ) to SUM:
 * equal sums, equal executions, in any order. */
void
v_exec_fold(const struct sha256 *key, uint64_t sum[4], const char *order,
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

/* Fold the executions table of DB into SUM under KEY, counting them in
 * *N: 0, or -1 when a row cannot be read. */
int
v_execs_fold(sqlite3 *db, const struct sha256 *key, uint64_t sum[4],
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
		v_exec_fold(key, sum, v_col_str(st, 1), &x,
		    sqlite3_column_int64(st, V_EXEC_SEQ_COL));
		(*n)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The whole file through PRAGMA integrity_check: each thing it finds
 * wrong (the first 20) is a problem.  What store_open() checks at open
 * (every table but the journal) and the journal too. */
int
v_check_file_integrity(struct verify *v)
{
	sqlite3_stmt *st;
	const char *line;
	char	buf[VERIFY_LINE_MAX];
	int	rc;

	rc = sqlite3_prepare_v2(v->db, "PRAGMA integrity_check(20)", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return v_sql_fail(v, rc, "checking the file");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		line = store_integrity_line(v_col_str(st, 0), buf, sizeof buf);
		if (strcmp(line, "ok") != 0)
			v_problem(v, "the store's file is damaged (integrity "
			    "check): %s", line);
	}
	sqlite3_finalize(st);
	/* SQLite may give up on a damaged file after saying why. */
	if (rc != SQLITE_DONE && (v->problems == 0 ||
	    (rc & 0xff) != SQLITE_CORRUPT))
		return v_sql_fail(v, rc, "checking the file");
	return 0;
}

static void *
check_run(void *arg)
{
	struct v_check *c = arg;

	c->ret = v_check_file_integrity(&c->w);
	c->xret = -1;
	if (c->ret == 0 && c->w.problems == 0 && c->keyed)
		c->xret = v_execs_fold(c->w.db, &c->xkey, c->xp, &c->nxp);
	return NULL;
}

/* Start the check of the file at URI (read-only, immutable), and the
 * fold of its executions under KEY (not NULL): 0, or -1 when it is to
 * be run before the passes instead. */
int
v_check_start(struct verify *v, struct v_check *c, const char *uri,
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

void
v_check_join(struct v_check *c)
{
	if (c->started && !c->joined) {
		pthread_join(c->th, NULL);
		c->joined = true;
	}
}

/* Wait for the check; free what it used, its lines sent when SEND. */
void
v_check_end(struct v_check *c, bool send)
{
	if (!c->started)
		return;
	v_check_join(c);
	c->started = false;
	v_held_end(&c->w, send);
	free(c->w.held);
	sqlite3_close(c->w.db);
}
