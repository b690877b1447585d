/* src/tui/engine-text.c: the one place the screen reads the engine's
 * printed text.
 *
 * The worker answers the screen with the same text a batch script
 * prints.  Where the screen needs more than to show that text, it reads
 * it here and nowhere else, so that when the worker hands back typed
 * results each of these functions gives way to a field:
 *
 *   engine_text_details_head()	  "show order": where its fills start
 *   engine_text_check_summary()  "check ...": pass, or the worst rule
 *   engine_text_block()	  "show block B": the wizard's accounts
 *   engine_text_preview()	  "alloc B ... preview": the split
 *
 * The last two hand the text to allocwiz.c's readers, which the unit
 * tests hold against the engine's real answers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen-int.h"

size_t
engine_text_details_head(const char *details, bool *found)
{
	const char *at = strstr(details, "\nfills:\n");

	*found = at != NULL;
	return at ? (size_t)(at - details) + 1 : strlen(details);
}

bool
engine_text_check_summary(const char *out, char *buf, size_t len)
{
	const char *p = out, *nl = strchr(p, '\n');
	int n = nl ? (int)(nl - p) : (int)strlen(p);
	bool pass = strncmp(p, "pass", 4) == 0;

	if (pass || !nl || !nl[1]) {
		snprintf(buf, len, "compliance: %.*s", n, p);
	} else {
		/* "review: 2 of 3 rules broken", then a line a rule
		 * ("  block R1 (max_qty): ..."): the worst and the first
		 * rule. */
		const char *d = nl + 1;
		int broken = atoi(p + strcspn(p, ":") + 1);
		while (*d == ' ')
			d++;
		d += strcspn(d, " ");
		d += *d == ' ';
		snprintf(buf, len, "compliance: %.*s: %.*s%s",
		    (int)strcspn(p, ":"), p, (int)strcspn(d, "\n"), d,
		    broken > 1 ? " (and more)" : "");
	}
	return pass;
}

int
engine_text_block(struct allocwiz *w, const char *out, struct err *err)
{
	return allocwiz_parse_block(w, out ? out : "", err);
}

int
engine_text_preview(struct allocwiz *w, const char *out, struct err *err)
{
	return allocwiz_parse_preview(w, out ? out : "", err);
}
