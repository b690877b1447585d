/* src/cmd/manlist.c: print the command list of blotter(1) from the command
 * table, as roff: one tagged paragraph a command, its syntax and the roles
 * that may run it, in the alphabetical order of its words.  The build puts
 * it in man/blotter.1 where the template says @COMMAND_LIST@, so the page
 * lists exactly the commands the parser knows. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "compliance.h"

/* Print S with roff's special characters escaped. */
static void
put_escaped(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '-':
			fputs("\\-", stdout);
			break;
		case '\\':
			fputs("\\e", stdout);
			break;
		case '"':
			fputs("\\(dq", stdout);
			break;
		default:
			putchar(s[i]);
		}
	}
}

/* Whether the word S (N bytes) is made of CLASS characters only. */
static bool
all_of(const char *s, size_t n, int (*class)(int), const char *extra)
{
	for (size_t i = 0; i < n; i++)
		if (!class((unsigned char)s[i]) && strchr(extra, s[i]) == NULL)
			return false;
	return n > 0;
}

/* The syntax line: command words bold, VALUES italic, the rest roman. */
static void
put_usage(const char *u)
{
	while (*u != '\0') {
		size_t n = strcspn(u, " ");

		if (all_of(u, n, islower, "|._"))
			fputs("\\fB", stdout);
		else if (all_of(u, n, isupper, "_.|"))
			fputs("\\fI", stdout);
		else
			fputs("\\fR", stdout);
		put_escaped(u, n);
		u += n;
		if (*u == ' ') {
			fputs("\\fR ", stdout);
			u++;
		}
	}
	fputs("\\fR\n", stdout);
}

static int
by_words(const void *a, const void *b)
{
	const struct cmd_spec *const *x = a, *const *y = b;

	return strcmp((*x)->words, (*y)->words);
}

int
main(void)
{
	const struct cmd_spec *list[CMD_KIND_COUNT];
	size_t	n = 0;

	for (int k = 0; k < CMD_KIND_COUNT; k++) {
		const struct cmd_spec *s = cmd_spec_of((enum cmd_kind)k);

		if (s == NULL) {
			fprintf(stderr, "manlist: command kind %d is not in "
			    "commands.def\n", k);
			return 1;
		}
		if (s->usage[0] != '\0')
			list[n++] = s;
	}
	qsort(list, n, sizeof *list, by_words);
	for (size_t i = 0; i < n; i++) {
		const char *doing;
		unsigned roles = cmd_roles(list[i]->kind, &doing);
		int	left = 0;

		fputs(".TP\n", stdout);
		put_usage(list[i]->usage);
		if (roles == 0) {
			fputs("Needs no role.\n", stdout);
			continue;
		}
		for (int r = 0; r < ROLE_COUNT; r++)
			left += (roles >> r) & 1;
		fputs("Roles: ", stdout);
		for (int r = 0; r < ROLE_COUNT; r++) {
			if (!((roles >> r) & 1))
				continue;
			left--;
			printf("\\fB%s\\fR%s",
			    user_role_name((enum user_role)r),
			    left > 1 ? ", " : left == 1 ? " or " : ".\n");
		}
	}
	return ferror(stdout) || fflush(stdout) == EOF;
}
