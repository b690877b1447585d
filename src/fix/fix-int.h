/* src/fix/fix-int.h: what the FIX codec knows of FIX 4.4 without a
 * dictionary, shared by codec.c, dict.c and the tests that hold these
 * tables against the shipped dictionary. */
#ifndef BLOTTER_FIX_INT_H
#define BLOTTER_FIX_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fix.h"

/* A length field and the DATA field it counts, whose value may hold SOH. */
struct fix_data_pair {
	int	len_tag;
	int	data_tag;
};
extern const struct fix_data_pair fix_data_pairs[];
extern const size_t fix_ndata_pairs;

/* The DATA tag that field LEN_TAG counts, or 0. */
int	fix_data_tag(int len_tag);
/* Whether TAG is a field of the FIX 4.4 standard header (the builder
 * writes those first). */
bool	fix_header_tag(int tag);
extern const int fix_header_tags[];
extern const size_t fix_nheader_tags;

/* The most fields one level of a message (header, body, trailer, a group
 * entry) may list, components included: the check keeps a bit for each. */
#define FIX_LAYOUT_MAX	1024
/* How deep components and groups may nest in a dictionary. */
#define FIX_NEST_MAX	16

/* A value a field may take and what it means. */
struct fix_value {
	char	*enumv;
	char	*desc;
};

/* A field of the dictionary's <fields>; NAME is NULL for an unused tag.
 * When each of its values is one byte, ONE_BYTE holds a bit for each:
 * the check of a Side or an ExecType is a bit test. */
struct fix_fdef {
	char	*name;
	enum fix_type type;
	struct fix_value *v;
	size_t	nv;
	bool	one_byte_values;
	uint64_t one_byte[4];
};

/* One field of a level; GROUP is its entries' layout for a NUMINGROUP
 * field, whose first field is the delimiter. */
struct fix_ent {
	int	tag;
	bool	required;
	unsigned line;			/* in the dictionary file */
	struct fix_layout *group;
};

/* The fields of one level, components resolved, in the dictionary's
 * order; SLOT indexes them by a hash of the tag (MASK + 1 slots, a tag
 * of 0 free), and REQ has a bit for each required one. */
struct fix_layout {
	struct fix_ent *e;
	size_t	n, cap;
	struct fix_tag_idx {
		int	tag;
		int	idx;
	} *slot;
	unsigned mask;
	uint64_t req[FIX_LAYOUT_MAX / 64];
	struct fix_layout *next;	/* the dictionary's list, to free */
};

struct fix_mdef {
	char	*name;
	char	*msgtype;
	char	*cat;
	struct fix_layout *body;
};

struct fix_dict {
	char	begin[24];		/* "FIX.4.4" */
	struct fix_fdef *field;		/* by tag, 0..maxtag */
	int	maxtag;
	struct {
		const char *name;
		int	tag;
	} *by_name;			/* sorted by name */
	size_t	nfield;
	struct fix_mdef *msg;		/* sorted by msgtype */
	size_t	nmsg;
	struct fix_layout *header, *trailer;
	struct fix_layout *layouts;	/* every layout, to free */
};

/* The index in L of field TAG, or -1. */
int	fix_layout_find(const struct fix_layout *l, int tag);
/* The message of type MSGTYPE (LEN bytes), or NULL. */
const struct fix_mdef *fix_dict_msg(const struct fix_dict *,
	    const char *msgtype, size_t len);
/* Field TAG, or NULL. */
const struct fix_fdef *fix_dict_field(const struct fix_dict *, int tag);

#endif
