/* include/fix.h: FIX 4.4 messages as bytes: framing a stream, parsing a
 * message into its fields in place, building one with the fields in the
 * order QuickFIX sends them, and checking one against a data dictionary
 * read from a QuickFIX XML file.  No I/O but reading the dictionary. */
#ifndef BLOTTER_FIX_H
#define BLOTTER_FIX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;

#define FIX_SOH		'\001'
#define FIX_FIELDS_MAX	512	/* fields a parsed message may hold */
#define FIX_MSG_MAX	16384	/* bytes a built message may take */
#define FIX_BUILD_UNITS	256	/* top-level fields and groups per build */
#define FIX_BUILD_DEPTH	8	/* groups open inside each other */

/* One field of a parsed message: its tag and its value, which points into
 * the parsed buffer and is not NUL-terminated.  TAG is 0 for a tag that
 * is not a positive number (the dictionary check reports it). */
struct fix_field {
	int	tag;
	const char *val;
	size_t	len;
};

/* A parsed message: the fields in the order they came, 8, 9 and 35
 * first and 10 last.  The caller owns it; values borrow the buffer. */
struct fix_msg {
	const char *buf;
	size_t	len;
	size_t	n;
	struct fix_field f[FIX_FIELDS_MAX];
};

/* Where the first message of a stream buffer ends (fix_frame()). */
enum fix_frame {
	FIX_FRAME_MORE,		/* no complete message yet: read more */
	FIX_FRAME_OK,		/* *N bytes hold one message */
	FIX_FRAME_GARBAGE	/* drop *N bytes, up to the next "8=FIX" */
};

/* The sum of LEN bytes at P modulo 256, as CheckSum (10) carries it. */
unsigned fix_checksum(const char *p, size_t len);
/* Find the first message in the LEN bytes at BUF read from a stream: a
 * message starts with "8=", then "9=" and the body length, and ends with
 * "10=" three characters and SOH where the body length says.  The
 * checksum is not checked here: fix_parse() does that. */
enum fix_frame fix_frame(const char *buf, size_t len, size_t *n);
/* Split the LEN bytes at BUF, one whole message, into M's fields without
 * copying.  Returns 0, or -1 with why the frame is garbled in ERR: fields
 * not "tag=value" ended by SOH, 8, 9 or 35 not first, second and third,
 * a body length or checksum that does not match, 10 not last. */
int	fix_parse(const char *buf, size_t len, struct fix_msg *m,
	    struct err *);
/* The index of the first field TAG of M at or after FROM, or -1. */
int	fix_msg_find(const struct fix_msg *m, int tag, size_t from);
/* Read field F's value as an integer into *V.  Returns 0, or -1 when it
 * is not one (an optional '-' and 1 to 18 digits). */
int	fix_field_int(const struct fix_field *, int64_t *v);
/* Whether field F's value is the string S. */
bool	fix_field_is(const struct fix_field *f, const char *s);

/* A message being built: fields added in any order; fix_build_end()
 * writes 8, 9, 35, the other header fields by tag, the body fields by
 * tag (each repeating group whole, where its count field sorts, its
 * entries in the order they were added), then 10.  The struct is large
 * (it stages the fields); keep one and reuse it.  Errors stick until
 * fix_build_end() reports the first. */
struct fix_builder {
	char	*out;			/* the caller's buffer */
	size_t	cap;
	char	begin[16];
	char	msgtype[8];
	size_t	len;			/* bytes staged */
	size_t	nunit;
	int	depth;			/* groups open */
	size_t	group_unit;		/* the unit of the open group */
	char	error[128];		/* the first error, "" if none */
	struct {
		int	tag;
		bool	header;
		size_t	off, len;
	} unit[FIX_BUILD_UNITS];
	char	stage[FIX_MSG_MAX];
};

/* Set B up to write messages into the CAP bytes at OUT. */
void	fix_build_init(struct fix_builder *b, char *out, size_t cap);
/* Start a message of MSGTYPE for BEGIN ("FIX.4.4"), forgetting the last. */
void	fix_build_begin(struct fix_builder *b, const char *begin,
	    const char *msgtype);
void	fix_build_int(struct fix_builder *, int tag, int64_t v);
void	fix_build_str(struct fix_builder *, int tag, const char *s);
/* LEN bytes which may hold SOH (a DATA field, after its length field). */
void	fix_build_data(struct fix_builder *, int tag, const char *p,
	    size_t len);
void	fix_build_char(struct fix_builder *, int tag, char c);
/* V / 10^DECIMALS (a price or quantity held as a scaled integer) with
 * no trailing zeros: 1005000000 with 8 decimals is "10.05". */
void	fix_build_fixed(struct fix_builder *, int tag, int64_t v,
	    int decimals);
/* MS milliseconds since 1970 UTC as "YYYYMMDD-HH:MM:SS.sss". */
void	fix_build_time(struct fix_builder *, int tag, int64_t ms);
/* MS (milliseconds since 1970) as a UTCTimestamp with milliseconds,
 * "YYYYMMDD-HH:MM:SS.sss", into OUT (FIX_TIME_LEN + 1 bytes): false when
 * it is outside years 1970 to 9999. */
#define FIX_TIME_LEN	21
bool	fix_time_fmt(char *out, int64_t ms);
/* Open repeating group TAG of N entries; the fields added until
 * fix_build_group_end() are its entries, each starting with the
 * group's first field, in the dictionary's order. */
void	fix_build_group(struct fix_builder *, int tag, int n);
void	fix_build_group_end(struct fix_builder *);
/* Write the message with 9 and 10 into the caller's buffer.  Returns its
 * length, or -1 with the first error in ERR (a full buffer, a tag that
 * the builder writes itself, a value holding SOH, a group left open). */
long	fix_build_end(struct fix_builder *, struct err *);

/* The types of field values a dictionary names. */
enum fix_type {
	FIX_T_STRING, FIX_T_CHAR, FIX_T_INT, FIX_T_LENGTH, FIX_T_NUMINGROUP,
	FIX_T_SEQNUM, FIX_T_DAYOFMONTH, FIX_T_FLOAT, FIX_T_PRICE, FIX_T_QTY,
	FIX_T_AMT, FIX_T_PRICEOFFSET, FIX_T_PERCENTAGE, FIX_T_BOOLEAN,
	FIX_T_MULTIPLEVALUESTRING, FIX_T_CURRENCY, FIX_T_EXCHANGE,
	FIX_T_COUNTRY, FIX_T_UTCTIMESTAMP, FIX_T_UTCDATEONLY,
	FIX_T_UTCTIMEONLY, FIX_T_LOCALMKTDATE, FIX_T_MONTHYEAR, FIX_T_DATA,
	FIX_T_COUNT
};

/* SessionRejectReason (373) values the check gives. */
enum fix_reason {
	FIX_R_INVALID_TAG = 0,		/* not a positive tag number */
	FIX_R_REQUIRED_MISSING = 1,
	FIX_R_NOT_FOR_MSGTYPE = 2,
	FIX_R_UNDEFINED_TAG = 3,
	FIX_R_NO_VALUE = 4,
	FIX_R_BAD_VALUE = 5,		/* not one of the tag's values */
	FIX_R_BAD_FORMAT = 6,
	FIX_R_COMPID = 9,		/* the session's to check */
	FIX_R_INVALID_MSGTYPE = 11,
	FIX_R_REPEATED = 13,
	FIX_R_OUT_OF_ORDER = 14,
	FIX_R_GROUP_ORDER = 15,
	FIX_R_GROUP_COUNT = 16
};

/* Why a message was refused, as a Reject (35=3) would carry it. */
struct fix_reject {
	enum fix_reason reason;		/* SessionRejectReason (373) */
	int	ref_tag;		/* RefTagID (371), 0 if none */
	char	text[160];		/* Text (58) */
};

struct fix_dict;			/* opaque: fields live in dict.c */

/* Read the QuickFIX data dictionary PATH.  Returns 0 with *DICT
 * (fix_dict_free() frees it), or -1 with "PATH:LINE: what" in ERR. */
int	fix_dict_load(const char *path, struct fix_dict **dict, struct err *);
void	fix_dict_free(struct fix_dict *);	/* NULL is a no-op */
/* "FIX.4.4" for the dictionary's version (borrowed). */
const char *fix_dict_begin(const struct fix_dict *);
/* The name of field TAG ("ClOrdID"), or NULL if the dictionary has
 * none (borrowed). */
const char *fix_dict_field_name(const struct fix_dict *, int tag);
/* The tag of the field called NAME, or -1. */
int	fix_dict_field_tag(const struct fix_dict *, const char *name);
/* The type of field TAG; FIX_T_STRING for a tag the dictionary lacks. */
enum fix_type fix_dict_field_type(const struct fix_dict *, int tag);
/* The description of value VAL (LEN bytes) of field TAG ("NEW" for 39=0),
 * or NULL (borrowed). */
const char *fix_dict_value_name(const struct fix_dict *, int tag,
	    const char *val, size_t len);
/* The name of message type MSGTYPE ("NewOrderSingle" for "D"), or NULL
 * (borrowed). */
const char *fix_dict_msg_name(const struct fix_dict *, const char *msgtype);
/* Check M against DICT: tags, values, formats, the fields each message
 * type allows and requires, header, body and trailer in order, repeating
 * groups.  Returns 0, or -1 with the first problem in *WHY. */
int	fix_validate(const struct fix_dict *dict, const struct fix_msg *m,
	    struct fix_reject *why);

#endif
