/* tests/testlib.h: what the unit tests share: numbers written as text, an
 * order and an instrument with the usual defaults, temporary files and
 * folders, and running a suite.  Every helper checks what it does with
 * ck_assert, so a test reads as the case it is about. */
#ifndef BLOTTER_TESTLIB_H
#define BLOTTER_TESTLIB_H
#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "instrument.h"
#include "order.h"

/* A price (PX_SCALE) and an amount of money (MONEY_SCALE) from text, as a
 * trader types them; the text must parse.  Short on purpose: cases are
 * tables of them. */
int64_t	P(const char *);
int64_t	M(const char *);

/* A DAY order ID of QTY units of SYM for ACCT on SIDE, pending_new (also
 * its previous status): a limit order at LIMIT_PX, or a market order when
 * that is 0.  Everything else is zero; the test sets what it is about. */
struct order testlib_order(const char *id, const char *acct, const char *sym,
	    enum order_side side, int64_t qty, int64_t limit_px);
/* The instrument SYM of class CLS in CCY with its class's defaults
 * (instrument_init(), which must succeed). */
struct instrument testlib_instrument(const char *sym, enum asset_class cls,
	    const char *ccy);

/* Make a new file from TMPL ("/tmp/check-x.XXXXXX", rewritten in place
 * to its name) holding the LEN bytes at DATA. */
void	testlib_temp_file(char *tmpl, const void *data, size_t len);
/* Make a new folder from TMPL ("/tmp/check-x.XXXXXX", rewritten in
 * place). */
void	testlib_temp_dir(char *tmpl);
/* Remove folder DIR and everything in it (a teardown's clean-up); a
 * folder that is not there is left alone. */
void	testlib_rm_dir(const char *dir);

/* Run every test of SR, free it, and return the exit status for main(). */
int	testlib_run(SRunner *sr);

#endif
