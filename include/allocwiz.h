/* include/allocwiz.h: what the screen's allocation wizard knows of a
 * block, kept apart from curses so it can be tested on its own.
 *
 * The wizard learns the block and its accounts from the engine's typed
 * answer to "show block B", and each split from its answer to "alloc B
 * ... preview" (values, never text to read back); it never computes a
 * split itself.  What it does compute is
 * the weights a trader's edit leads to: one account gets the share typed
 * (percent of the booking, or a quantity), the others keep their relative
 * weights and are scaled so the total stays 100 percent.
 *
 * Weights here are percentages scaled by ALLOC_W_SCALE: 100 percent is
 * ALLOCWIZ_TOTAL, and "weights=MAIN:40" carries 40 * ALLOC_W_SCALE. */
#ifndef BLOTTER_ALLOCWIZ_H
#define BLOTTER_ALLOCWIZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "account.h"
#include "alloc.h"
#include "instrument.h"
#include "order.h"

struct err;
struct result;

#define ALLOCWIZ_TOTAL	(100 * ALLOC_W_SCALE)	/* 100 percent */

/* One account of the block: its orders in the block taken together. */
struct allocwiz_acct {
	char	account[ACCOUNT_MAX];
	int	norders;
	int64_t	request;		/* the orders' quantities */
	int64_t	before;			/* already allocated to them */
	int64_t	weight;			/* percent x ALLOC_W_SCALE */
	int64_t	qty;			/* the last preview's share */
	int64_t	gross;			/* its notional, MONEY_SCALE */
};

struct allocwiz {
	char	block[ORDER_ID_MAX];
	char	symbol[SYMBOL_MAX];
	char	side[8];
	char	status[24];
	int64_t	qty, filled, allocated, unallocated;
	struct allocwiz_acct *acct;	/* in the order the block lists them */
	size_t	nacct;
	/* The last preview: what it would book, at what price, and how. */
	bool	have_preview;
	bool	nothing;		/* nothing to allocate */
	int64_t	book_qty;
	char	px[32];
	char	method[16];
};

/* Release what W holds and empty it; NULL is a no-op. */
void	allocwiz_free(struct allocwiz *);

/* Read the answer R to "show block B" into W: the block's symbol, side,
 * quantities, and one entry per account of its orders.  Each account
 * keeps the weight W gave it (new ones weigh 0); the preview is
 * forgotten.  Fails with ERR, leaving W as it was, when R holds no block
 * with members. */
int	allocwiz_read_block(struct allocwiz *, const struct result *,
	    struct err *);

/* Read the answer R to "alloc B ... preview" into W: each account's
 * share (0 for accounts the preview leaves out), the quantity and price
 * of the booking, or that there is nothing to allocate (no allocation in
 * R).  An account W did not know is added.  Fails with ERR, leaving W as
 * it was, when a share cannot be added up. */
int	allocwiz_read_preview(struct allocwiz *, const struct result *,
	    struct err *);

/* The nominal weights of METHOD over W's accounts into OUT (W->nacct
 * entries, any scale): the requests for prorata, the number of orders
 * for even (the engine gives each order the same), the weights set for
 * weights. */
void	allocwiz_basis(const struct allocwiz *, enum alloc_method,
	    int64_t *out);

/* Scale the N weights BASIS (>= 0) so they add up to exactly TOTAL, in
 * proportion, largest remainders first (ties: the earlier entry); all 0
 * share TOTAL equally.  Fails with ERR (OUT untouched) when N is 0, a
 * weight or TOTAL is negative, or the sum overflows. */
int	allocwiz_normalize(const int64_t *basis, size_t n, int64_t total,
	    int64_t *out, struct err *);

/* The weights after account K is given SHARE (0..ALLOCWIZ_TOTAL) of the
 * booking: OUT[K] = SHARE, and the others split ALLOCWIZ_TOTAL - SHARE in
 * proportion to BASIS (equally when their basis is all 0), so OUT adds up
 * to ALLOCWIZ_TOTAL.  Fails with ERR (OUT untouched) when K is out of
 * range, SHARE is outside 0..100 percent, a basis is negative, or K is
 * the only account and SHARE is not 100 percent. */
int	allocwiz_rebalance(const int64_t *basis, size_t n, size_t k,
	    int64_t share, int64_t *out, struct err *);

/* Parse a share as a trader types it: "40%" or "12.5%" (percent of the
 * booking) or "360" / "1.5k" (a quantity of BOOKING) into *SHARE.  A
 * quantity becomes the smallest weight whose ideal share is at least
 * that quantity, so the split gives it exactly when it is in whole lots.
 * Fails with ERR on junk, a percentage above 100, a quantity above
 * BOOKING, or a quantity when BOOKING is not positive. */
int	allocwiz_parse_share(const char *text, int64_t booking, int64_t *share,
	    struct err *);

/* The command for W's block by METHOD, with W's weights for weights
 * (accounts of weight 0 left out), and " preview" when PREVIEW, into
 * BUF.  Returns BUF, or NULL (BUF empty) when it does not fit or weights
 * has no account with a weight. */
char	*allocwiz_command(const struct allocwiz *, enum alloc_method,
	    bool preview, char *buf, size_t len);
/* The same command as values into C, what the wizard sends: false when
 * there is no block, or weights has no account with a weight or more
 * than one command takes. */
struct cmd;
bool	allocwiz_cmd(const struct allocwiz *, enum alloc_method, bool preview,
	    struct cmd *c);

#endif
