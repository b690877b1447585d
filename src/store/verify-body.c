/* src/store/verify-body.c: reading the bodies of journal entries for
 * verify: in place when they are in the form the store writes, else with
 * json-c, each member read with the first one missing noted. */
#include "config.h"
#include "store.h"

#include <inttypes.h>
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "verify-int.h"

/* What a journal entry's kind is, as bits: an order kind (one of
 * store_kind_order()), a fill or bust, reference data (SJ_REFDATA_SQL);
 * 0 for an audit entry.  Found with a compare of the first byte before
 * strcmp(). */
#define KC_ORDER	1u
#define KC_EXEC		2u
#define KC_REFDATA	4u

unsigned
v_kind_class(const char *kind)
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

/* Keys A and B, whose key_tag()s are equal, are the same: past the tag
 * when it holds four bytes (a key shorter is all in its tag).  A loop,
 * not strcmp(): keys are short and looked up by the million. */
static inline bool
key_rest_eq(uint32_t t, const char *a, const char *b)
{
	if ((t >> 24) == 0)
		return true;
	for (a += 4, b += 4; *a == *b; a++, b++)
		if (*a == '\0')
			return true;
	return false;
}

/* The first slot of a tag in a body's index; the next ones follow. */
static inline unsigned
tag_slot(uint32_t t)
{
	return (t * 0x9e3779b1u) >> 25;		/* 7 bits: V_BODY_SLOTS */
}

/* Read TEXT (LEN bytes) into V's body in place: store_body_parse(), with
 * the tags of its members and the index of them by key, the last member
 * of a key in its slot. */
static void
sb_index(struct verify *v)
{
	unsigned s;
	int	i, j;

	memset(v->slot, 0, sizeof v->slot);
	for (i = 0; i < v->sb.n; i++) {
		v->tag[i] = key_tag(v->sb.m[i].key);
		for (s = tag_slot(v->tag[i]); (j = v->slot[s]) != 0;
		    s = (s + 1) % V_BODY_SLOTS)
			if (v->tag[j - 1] == v->tag[i] && key_rest_eq(v->tag[i],
			    v->sb.m[j - 1].key, v->sb.m[i].key))
				break;
		v->slot[s] = (uint8_t)(i + 1);
	}
}

int
v_sb_read(struct verify *v, const char *text, size_t len)
{
	if (store_body_parse(&v->sb, text, len) == -1)
		return -1;
	sb_index(v);
	return 0;
}

/* store_body_get() of B's members, read in place: the last member named
 * KEY, or NULL. */
static inline const struct store_body_member *
sb_get(const struct body *b, const char *key)
{
	uint32_t t = key_tag(key);
	unsigned s;
	int	j;

	for (s = tag_slot(t); (j = b->slot[s]) != 0; s = (s + 1) % V_BODY_SLOTS)
		if (b->tag[j - 1] == t && key_rest_eq(t, b->sb->m[j - 1].key,
		    key))
			return &b->sb->m[j - 1];
	return NULL;
}

/* B, about to read TEXT with V's reader. */
static void
body_start(struct verify *v, struct body *b, const char *text)
{
	b->sb = &v->sb;
	b->tag = v->tag;
	b->slot = v->slot;
	b->obj = NULL;
	b->missing = NULL;
	b->text = text;
	b->ok = true;
}

/* Read TEXT (LEN bytes) into B: in place when it is in the form the
 * store writes, else with json-c. */
bool
v_body_read(struct verify *v, struct body *b, const char *text, size_t len)
{
	struct json_object *obj;

	body_start(v, b, text);
	if (v_sb_read(v, text, len) == 0)
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
	b->ok = false;
	return false;
}

/* B as v_body_read() reads TEXT, whose members are the first N of FROM,
 * read already: they are taken, not read again.  FROM's strings must last
 * as long as B. */
void
v_body_read_from(struct verify *v, struct body *b, const char *text,
    const struct store_body *from, int n)
{
	body_start(v, b, text);
	memcpy(v->sb.m, from->m, (size_t)n * sizeof from->m[0]);
	v->sb.n = n;
	sb_index(v);
}

void
v_body_unread(struct verify *v, int64_t seq, const char *kind)
{
	v_problem(v, "journal seq %" PRId64 ": the %s body does not parse as "
	    "a JSON object", seq, kind);
}

/* Release what v_body_read() read. */
void
v_body_done(struct body *b)
{
	json_object_put(b->obj);
	b->obj = NULL;
}

/* Member KEY of type T (as json-c would type it), noting the first one
 * missing; NULL when missing. */
static const struct store_body_member *
body_member(struct body *b, const char *key, enum store_body_type t)
{
	const struct store_body_member *m = sb_get(b, key);

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

bool
v_body_has(struct body *b, const char *key)
{
	if (b->obj == NULL)
		return sb_get(b, key) != NULL;
	return json_object_object_get_ex(b->obj, key, NULL);
}

int64_t
v_body_int(struct body *b, const char *key)
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

bool
v_body_bool(struct body *b, const char *key)
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
const char *
v_body_str(struct body *b, const char *key)
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

void
v_body_copy(struct body *b, const char *key, char *dst, size_t size)
{
	str_copy(dst, size, v_body_str(b, key));
}

/* Report the first member B lacked, if any; true when all were there. */
bool
v_body_complete(struct verify *v, struct body *b, int64_t seq,
    const char *kind)
{
	if (b->missing == NULL)
		return true;
	v_problem(v, "journal seq %" PRId64 ": the %s body has no %s (or not "
	    "of the right type)", seq, kind, b->missing);
	return false;
}
