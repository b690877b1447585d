/* src/core/account.c: a trading account and its defaults. */
#include "config.h"
#include "account.h"

#include <string.h>

#include "err.h"

/* Fill ACCT with ID, base currency USD, empty name, no NAV and no cash;
 * ACCT is untouched when ID is not a valid account id. */
int
account_init(struct account *acct, const char *id, struct err *err)
{
	struct account tmp;

	if (!ident_valid(id, ACCOUNT_MAX))
		return err_set(err, "'%s' is not a valid account id (1 to %d "
		    "printable characters without blanks, #, \", = or @)",
		    id != NULL ? id : "", ACCOUNT_MAX - 1);
	memset(&tmp, 0, sizeof tmp);
	str_copy(tmp.id, sizeof tmp.id, id);
	memcpy(tmp.ccy, "USD", sizeof "USD");
	*acct = tmp;
	return 0;
}
