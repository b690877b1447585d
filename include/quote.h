/* include/quote.h: a top-of-book quote, the market the sim venue trades
 * against.  A plain value. */
#ifndef BLOTTER_QUOTE_H
#define BLOTTER_QUOTE_H
#include <stdint.h>
#include "instrument.h"

#define QUOTE_SIZE_UNLIMITED	(-1)

struct quote {
	char	symbol[SYMBOL_MAX];
	int64_t	bid, ask;		/* PX_SCALE; 0: no price on that side */
	int64_t	bidsz, asksz;		/* units, or QUOTE_SIZE_UNLIMITED */
};

#endif
