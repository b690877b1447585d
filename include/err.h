/* include/err.h: an error a trader can act on, carried up to whoever prints. */
#ifndef BLOTTER_ERR_H
#define BLOTTER_ERR_H

#define ERR_MSG_MAX 320

struct err {
	char	msg[ERR_MSG_MAX];
};

/* Set ERR's message from a printf format; ERR may be NULL. Returns -1. */
int	err_set(struct err *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Prefix ERR's existing message with a printf-formatted context. */
int	err_prefix(struct err *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Clear ERR. */
void	err_clear(struct err *);

/* Print "blotter: fatal: WHAT" after restoring the terminal, then exit. */
_Noreturn void fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* malloc/calloc/realloc/strdup that end the program when memory is out. */
void	*xmalloc(unsigned long);
void	*xcalloc(unsigned long, unsigned long);
void	*xrealloc(void *, unsigned long);
char	*xstrdup(const char *);
/* Copy the string SRC into DST of SIZE bytes (SIZE > 0), cut to fit and
 * always terminated, as snprintf(DST, SIZE, "%s", SRC) would, without
 * the format; returns DST. */
char	*str_copy(char *dst, unsigned long size, const char *src);
/* Hook run by fatal() before it prints (the screen sets it to endwin). */
extern void (*fatal_hook)(void);

#endif
