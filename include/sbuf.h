/* include/sbuf.h: a growing text buffer for output being built. */
#ifndef BLOTTER_SBUF_H
#define BLOTTER_SBUF_H
#include <stddef.h>

struct sbuf {
	char	*p;		/* NUL-terminated once anything is added */
	size_t	len, cap;
};

/* Append formatted text; grows as needed (out of memory is fatal). */
void	sbuf_printf(struct sbuf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	sbuf_puts(struct sbuf *, const char *);
/* Append the N bytes at P, which may hold any byte but NUL. */
void	sbuf_add(struct sbuf *, const char *p, size_t n);
/* Hand the text to the caller (caller frees; NULL when empty) and reset. */
char	*sbuf_take(struct sbuf *);
void	sbuf_reset(struct sbuf *);	/* keep the memory, forget the text */
void	sbuf_free(struct sbuf *);

#endif
