/* src/core/err.c: error messages carried up to whoever prints them, and the
 * few ways the program ends on purpose (out of memory, broken invariants).
 *
 * A struct err is a fixed buffer: setting it never allocates, so it works
 * even when memory is out.  fatal() is the only function here that prints. */
#include "config.h"
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void (*fatal_hook)(void);

/* Set ERR's message from FMT, truncated to fit; always returns -1. */
int
err_set(struct err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* Put a formatted context in front of ERR's message (the caller writes any
 * separator, e.g. "file:3: "); always returns -1. */
int
err_prefix(struct err *err, const char *fmt, ...)
{
	char	pre[ERR_MSG_MAX];
	size_t	plen, olen;
	va_list	ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	plen = strlen(pre);
	olen = strnlen(err->msg, sizeof err->msg - 1);
	if (plen + olen > sizeof err->msg - 1)
		olen = sizeof err->msg - 1 - plen;
	memmove(err->msg + plen, err->msg, olen);
	memcpy(err->msg, pre, plen);
	err->msg[plen + olen] = '\0';
	return -1;
}

/* Empty ERR's message. */
void
err_clear(struct err *err)
{
	if (err != NULL)
		err->msg[0] = '\0';
}

/* Restore the terminal through fatal_hook, print the reason and exit 70. */
_Noreturn void
fatal(const char *fmt, ...)
{
	void	(*hook)(void) = fatal_hook;
	va_list	ap;

	/* Run the hook once even if it fails and calls fatal() itself. */
	fatal_hook = NULL;
	if (hook != NULL)
		hook();
	fputs("blotter: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	exit(70);
}

/* Allocate N bytes or end the program. */
void *
xmalloc(unsigned long n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		fatal("out of memory");
	return p;
}

/* Allocate N zeroed elements of SIZE bytes or end the program. */
void *
xcalloc(unsigned long n, unsigned long size)
{
	void	*p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		fatal("out of memory");
	return p;
}

/* Resize P to N bytes or end the program. */
void *
xrealloc(void *p, unsigned long n)
{
	void	*q = realloc(p, n ? n : 1);

	if (q == NULL)
		fatal("out of memory");
	return q;
}

char *
str_copy(char *dst, unsigned long size, const char *src)
{
	size_t	n = strnlen(src, size - 1);

	memmove(dst, src, n);
	dst[n] = '\0';
	return dst;
}

/* Copy S into new memory or end the program. */
char *
xstrdup(const char *s)
{
	char	*p = strdup(s);

	if (p == NULL)
		fatal("out of memory");
	return p;
}
