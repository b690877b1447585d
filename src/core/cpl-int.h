/* src/core/cpl-int.h: what the compliance files share and nothing else
 * includes: a rule's numbers written for a trader, in its kind's unit.
 * cpl-rules.c defines them; cpl-check.c uses them in its details. */
#ifndef BLOTTER_CPL_INT_H
#define BLOTTER_CPL_INT_H
#include <stddef.h>
#include <stdint.h>

struct rule;

#define CPL_NUMBUF	48	/* a formatted number */

/* Money with cents at least and thousands separators: "1,000,000.00".
 * Each writes into BUF of CPL_NUMBUF bytes and returns it. */
char	*cpl_fmt_money(int64_t, char *buf);
/* Whole units: "1,001". */
char	*cpl_fmt_units(int64_t, char *buf);
/* A price with cents at least: "110.00". */
char	*cpl_fmt_px(int64_t, char *buf);
/* V, limit-like, in RULE's kind's unit: money, units or "5%". */
char	*cpl_fmt_limit(const struct rule *, int64_t v, char *buf);
/* The asset classes of ALLOW (bit 1u << class) joined by SEP, into BUF
 * of LEN bytes: "equity,bond".  Returns BUF. */
char	*cpl_class_list(unsigned allow, const char *sep, char *buf,
	    size_t len);

#endif
