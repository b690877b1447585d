/* src/store/verify-int.h: what the files of store_verify() share (see
 * verify.c for how a store is verified).  Private to src/store/verify*.c. */
#ifndef BLOTTER_VERIFY_INT_H
#define BLOTTER_VERIFY_INT_H
#include <json.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sha256.h"
#include "store-int.h"
#include "store.h"

#define VERIFY_LINE_MAX	1024
#define V_EXEC_SEQ_COL	9	/* after the STORE_EXEC_COLS */
#define V_ORDER_SEQ_COL	22	/* seq in the STORE_ORDER_COLS */

/* The most orders replayed at once alongside pass 1 (a few KB each):
 * a store whose orders' histories overlap more is left to the sorted
 * pass. */
#define V_LIVE_MAX	65536

/* What a journal entry's kind is, as bits (v_kind_class()): an order kind
 * (one of store_kind_order()), a fill or bust, reference data
 * (SJ_REFDATA_SQL); 0 for an audit entry. */
#define KC_ORDER	1u
#define KC_EXEC		2u
#define KC_REFDATA	4u

/* The slots of a body's index of its members by key (v_sb_read()): a
 * power of two, more than twice STORE_BODY_MAX. */
#define V_BODY_SLOTS	128

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

/*
 * Chunks of bytes handed from one thread to another (v_q_*() in
 * verify-chain.c): the producer fills a chunk and passes it on, the
 * consumer reads it and gives it back.  V_QCHUNKS chunks in all, so a
 * producer that is that far ahead waits; either end may give up.
 */
#define V_QCHUNKS	8
struct v_chunk {
	char	*p;
	size_t	len, cap;
};

struct v_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool	on;			/* initialised */
	struct v_chunk c[V_QCHUNKS];
	size_t	size;			/* each chunk's room */
	uint64_t put, got;		/* chunks passed on, given back */
	struct v_chunk *filling;	/* the producer's (NULL: none) */
	bool	dropped;		/* the producer's: it was stopped */
	size_t	reading;		/* the consumer's next offset */
	bool	closed, whole;		/* no more to come; all that was */
	bool	stopped;		/* the consumer wants no more */
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
	uint8_t	slot[V_BODY_SLOTS];	/* member + 1 by key_tag(), 0 free */
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
	bool	chain_beside;		/* checked on a thread of its own, */
	struct v_queue *chain_q;	/* the walk's rows handed to it */
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

/* An order being replayed, with its row in orders. */
struct v_live {
	struct v_order vo;
	struct order p;			/* its row, */
	int64_t	pseq, plast;		/* its seq and last_seq */
	struct v_live *next;		/* on the free list */
};

/* A row of the orders table, read by the reader thread. */
struct v_orow {
	struct order p;
	int64_t	pseq, plast;		/* its seq and last_seq */
	bool	ok;			/* store_order_from_row() read it */
};

struct v_stream {
	struct verify w;		/* replays; its lines held back */
	struct err err;
	bool	on;			/* started and not given up */
	sqlite3_stmt *orders;		/* the orders table by seq */
	int	orc;			/* its last step */
	int64_t	next;			/* the seq of its row (orc ROW) */
	/* Or, when the file is immutable, the table read on a thread and a
	 * connection of its own, its rows handed over in chunks: */
	pthread_t rth;
	bool	rstarted;
	sqlite3	*rdb;
	struct v_queue rq;
	const struct v_orow *row;	/* the row (orc ROW) */
	struct hmap *live;		/* ref -> struct v_live */
	struct v_live **heap;		/* by plast, least first */
	size_t	nheap, capheap;
	struct v_live *spare;		/* ended, for reuse */
	/* The executions, the journal's and the table's, each folded into
	 * a sum of their hashes under a secret drawn for this run. */
	struct sha256 xkey;
	uint64_t xj[4], xp[4];
	int64_t	nxj;
};

/* A field of a journal body, read with the first missing one noted. */
struct body {
	struct store_body *sb;		/* its members, read in place, */
	const uint32_t *tag;		/* their key_tag()s, */
	const uint8_t *slot;		/* indexed by tag, */
	struct json_object *obj;	/* or by json-c (not NULL) */
	const char *missing;
	const char *text;		/* the body as the journal has it */
	bool	ok;			/* read: it is one JSON object */
};

/* A journal entry of an order (or filed under one), its body read: what
 * v_replay_entry() replays. */
struct v_entry {
	int64_t	seq, ts;
	const char *kind;
	const char *ref;		/* the order's id (NULL: none) */
	const char *user;
	struct body *b;
};

/* The integrity check on a thread and a connection of its own, beside
 * the passes, when the file is immutable: both see the very same. */
struct v_check {
	pthread_t th;
	bool	started, joined;
	struct verify w;
	struct err err;
	int	ret;
	/* Then, if the file is whole, the executions table folded under
	 * the stream's key (xret 0). */
	bool	keyed;
	struct sha256 xkey;
	uint64_t xp[4];
	int64_t	nxp;
	int	xret;
};

/* The audit chain checked on a thread and a connection of its own,
 * beside the passes, when the file is immutable: the walk hands it the
 * journal's rows as it reads them. */
struct v_chain_check {
	pthread_t th;
	bool	started;
	struct verify w;		/* its lines held back */
	struct err err;
	int	ret;
	struct v_queue q;		/* the rows, from the walk */
};

/* verify.c: reporting. */
/* Report one disagreement (counted, and said or held back). */
void	v_problem(struct verify *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand LINE to the report, or hold it back while V defers. */
void	v_say(struct verify *, const char *line);
/* Report the lines held back (SEND), or forget them. */
void	v_held_end(struct verify *, bool send);
/* S for a report line: control characters as '?', cut to fit SIZE. */
const char *v_clean(const char *s, char *buf, size_t size);
/* A field of TABLE's row KEY that differs: PROJ the projection's, JOUR
 * the journal's.  Names (enums) compare unquoted. */
void	v_diff_int(struct verify *, const char *table, const char *key,
    const char *field, int64_t proj, int64_t jour);
void	v_diff_str(struct verify *, const char *table, const char *key,
    const char *field, const char *proj, const char *jour);
void	v_diff_name(struct verify *, const char *table, const char *key,
    const char *field, const char *proj, const char *jour);
void	v_diff_bool(struct verify *, const char *table, const char *key,
    const char *field, bool proj, bool jour);
int	v_sql_fail(struct verify *, int rc, const char *what);
const char *v_col_str(sqlite3_stmt *, int col);	/* "" for NULL */

/* verify-body.c: journal bodies. */
unsigned v_kind_class(const char *kind);	/* KC_ bits */
/* Read TEXT (LEN bytes) into V's body in place: 0, or -1 when it is not
 * in the form the store writes. */
int	v_sb_read(struct verify *, const char *text, size_t len);
/* Read TEXT (LEN bytes) into B, V's body: B->ok, true when it is one
 * JSON object. */
bool	v_body_read(struct verify *, struct body *b, const char *text,
    size_t len);
/* Read into B, V's body, TEXT whose members are the first N of FROM
 * (read already, its strings lasting as long as B). */
void	v_body_read_from(struct verify *, struct body *b, const char *text,
    const struct store_body *from, int n);
/* Report that the KIND body of entry SEQ did not read. */
void	v_body_unread(struct verify *, int64_t seq, const char *kind);
void	v_body_done(struct body *);	/* release what was parsed */
/* Members of B; a missing one (or one of another type) is noted in
 * B->missing and reads as 0, false or "". */
bool	v_body_has(struct body *, const char *key);
int64_t	v_body_int(struct body *, const char *key);
bool	v_body_bool(struct body *, const char *key);
const char *v_body_str(struct body *, const char *key);	/* borrowed */
void	v_body_copy(struct body *, const char *key, char *dst, size_t size);
/* Report the first member B lacked, if any; true when all were there. */
bool	v_body_complete(struct verify *, struct body *b, int64_t seq,
    const char *kind);

/* verify-replay.c: replaying entries. */
/* Replay reference data, a fill's or bust's position, a user, rule,
 * halt or alert: entry SEQ of KIND, its body read into B. */
void	v_replay_other(struct verify *, int64_t seq, int64_t ts,
    const char *user, const char *kind, const char *ref, struct body *b);
/* Start replaying the order REF in VO. */
void	v_vo_reset(struct v_order *vo, const char *ref);
/* Replay entry E of the current order (V->cur, E->ref): every entry of
 * an order goes through here, in both passes. */
void	v_replay_entry(struct verify *, const struct v_entry *e);

/* verify-chain.c: the queue between threads. */
/* Set Q up for chunks of SIZE bytes (or a little more). */
void	v_q_init(struct v_queue *q, size_t size);
void	v_q_free(struct v_queue *q);	/* after both ends are done */
/* Producer: the chunk to fill (empty), waiting for one to be free; NULL
 * when the consumer has stopped. */
struct v_chunk *v_q_fill(struct v_queue *q);
void	v_q_put(struct v_queue *q);	/* pass the filled one on */
/* Producer: no more to come, WHOLE when all that was has come. */
void	v_q_close(struct v_queue *q, bool whole);
/* Consumer: the next chunk, waiting for one; NULL when there is no
 * more (then Q->whole says if all came). */
struct v_chunk *v_q_take(struct v_queue *q);
void	v_q_give(struct v_queue *q);	/* give the taken one back */
void	v_q_stop(struct v_queue *q);	/* consumer: take no more */

/* verify-chain.c: the audit chain. */
int	v_chain_start(struct verify *);	/* read its ends from meta */
/* Check row R, whose stored hash is HASH (HASHLEN bytes; NULL: none). */
void	v_chain_row(struct verify *, const struct store_chain_row *r,
    const unsigned char *hash, int hashlen);
void	v_chain_finish(struct verify *);	/* after the last row */
void	v_chain_anchor(struct verify *);	/* through --head? */
/* Check V's chain on a thread, its meta read from URI (read-only,
 * immutable), its rows as the walk hands them over (v_chain_feed()): 0,
 * or -1 when it is to be checked in the walk instead. */
int	v_chain_start_beside(struct verify *v, struct v_chain_check *c,
    const char *uri);
/* Wait for it: true when the chain is whole (no line to report). */
bool	v_chain_whole(struct v_chain_check *);
void	v_chain_end(struct v_chain_check *);	/* free it */
/* Hand row R of the walk (as v_chain_row() takes it) to the chain's
 * thread; the last with v_q_close(V->chain_q). */
void	v_chain_feed(struct verify *v, const struct store_chain_row *r,
    const unsigned char *hash, int hashlen);

/* verify-tables.c: the tables against the replay, the integrity check. */
/* Compare each table with what the journal gave: 0, or -1 with V->err. */
int	v_compare_tables(struct verify *);
int	v_compare_settings(struct verify *);
/* Add the hash of an execution under KEY to SUM. */
void	v_exec_fold(const struct sha256 *key, uint64_t sum[4],
    const char *order, const struct store_exec *x, int64_t seq);
/* Fold the executions table of DB likewise, counting in *N: 0, or -1
 * when a row cannot be read. */
int	v_execs_fold(sqlite3 *, const struct sha256 *key, uint64_t sum[4],
    int64_t *n);
int	v_check_file_integrity(struct verify *);
/* The integrity check (and the folds under KEY, not NULL) on a thread of
 * its own reading URI: 0, or -1 when it is to be run inline instead. */
int	v_check_start(struct verify *, struct v_check *c, const char *uri,
    const struct sha256 *key);
void	v_check_join(struct v_check *);
void	v_check_end(struct v_check *, bool send);

/* verify-sorted.c: pass 2 by order id. */
/* Compare the replayed order with its projection row P. */
void	v_compare_order_row(struct verify *, const struct v_order *vo,
    const struct order *p, int64_t seq, int64_t last_seq);
/* Pass 2: done alongside pass 1 (DONE), else by sorting the journal's
 * entries by ref. */
int	v_pass_orders(struct verify *, bool done);

/* verify-walk.c: pass 1, and pass 2 alongside it. */
int	v_pass_journal(struct verify *, struct v_stream *os);
int	v_xkey_draw(struct sha256 *key);
/* Start pass 2 alongside pass 1, the orders table read on a thread of
 * its own from URI (not NULL: immutable) or on V's connection. */
void	v_stream_start(struct verify *, struct v_stream *s,
    const struct sha256 *key, const char *uri);
void	v_stream_stop(struct v_stream *);
int	v_stream_finish(struct verify *, struct v_stream *s,
    const uint64_t *xp, int64_t nxp);
#endif
