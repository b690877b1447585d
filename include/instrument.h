/* include/instrument.h: what can be traded, and the rules for its prices
 * and quantities.  A plain value: callers read the fields. */
#ifndef BLOTTER_INSTRUMENT_H
#define BLOTTER_INSTRUMENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;

#define SYMBOL_MAX	24
#define CCY_MAX		4
#define NAME_MAX_LEN	64

enum asset_class {
	ASSET_EQUITY,
	ASSET_BOND,
	ASSET_FX,
	ASSET_FUTURE,
	ASSET_OPTION,
	ASSET_CLASS_COUNT
};

struct instrument {
	char	symbol[SYMBOL_MAX];
	enum asset_class cls;
	char	ccy[CCY_MAX];
	int64_t	tick;			/* PX_SCALE */
	int64_t	lot;			/* units */
	int64_t	mult;			/* PX_SCALE; bonds 0.01 */
	char	issuer[NAME_MAX_LEN];
	char	sector[NAME_MAX_LEN];
	char	underlying[SYMBOL_MAX];
};

/* Fill INST with SYMBOL, class and currency and the class's defaults
 * (tick 0.01, lot 1, mult 1; a bond's mult 0.01).  Fails on a bad symbol
 * or currency code. */
int	instrument_init(struct instrument *, const char *symbol,
	    enum asset_class, const char *ccy, struct err *);
/* Check the instrument's own fields are sane (tick, lot, mult > 0). */
int	instrument_validate(const struct instrument *, struct err *);
/* Refuse a price that is zero, negative or off the tick. */
int	instrument_check_price(const struct instrument *, int64_t px,
	    const char *what, struct err *);
/* Refuse a quantity that is zero, negative, too large or off the lot. */
int	instrument_check_qty(const struct instrument *, int64_t qty,
	    struct err *);
const char *asset_class_name(enum asset_class);
/* Parse "equity", "bond", ... (case-insensitive). */
int	asset_class_parse(const char *, enum asset_class *, struct err *);
/* True when S is a valid symbol / account id (printable, no blanks). */
bool	ident_valid(const char *s, size_t max);
/* True when S is a three-letter upper-case currency code. */
bool	ccy_valid(const char *s);

#endif
