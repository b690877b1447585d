/* include/account.h: a trading account: base currency, NAV and cash. */
#ifndef BLOTTER_ACCOUNT_H
#define BLOTTER_ACCOUNT_H
#include <stdint.h>
#include "instrument.h"

#define ACCOUNT_MAX	32

struct account {
	char	id[ACCOUNT_MAX];
	char	name[NAME_MAX_LEN];
	char	ccy[CCY_MAX];		/* base currency */
	int64_t	nav;			/* MONEY_SCALE, base currency */
	int64_t	cash;			/* MONEY_SCALE, base currency */
};

/* Fill ACCT with ID and defaults (USD, no NAV, no cash). */
int	account_init(struct account *, const char *id, struct err *);

#endif
