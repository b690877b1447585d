/* src/core/instrument.c: what can be traded, and the rules its prices and
 * quantities must follow (positive, on the tick, a multiple of the lot).
 *
 * Also the two identifier rules every layer shares: symbols and account ids
 * are short printable words without the characters the command language
 * gives a meaning to, and currencies are three capital letters. */
#include "config.h"
#include "instrument.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "fixed.h"
#include "names.h"

static const char *const asset_class_names[ASSET_CLASS_COUNT] = {
	[ASSET_EQUITY] = "equity",
	[ASSET_BOND] = "bond",
	[ASSET_FX] = "fx",
	[ASSET_FUTURE] = "future",
	[ASSET_OPTION] = "option",
};

/* True when S is 1..MAX-1 printable non-blank ASCII characters other than
 * '#', '"', '=' and '@'. */
bool
ident_valid(const char *s, size_t max)
{
	size_t	n;

	if (s == NULL || *s == '\0')
		return false;
	for (n = 0; s[n] != '\0'; n++) {
		unsigned char c = (unsigned char)s[n];

		if (n + 1 >= max)
			return false;
		if (c <= ' ' || c >= 0x7f || c == '#' || c == '"' ||
		    c == '=' || c == '@')
			return false;
	}
	return true;
}

/* True when S is exactly three letters A-Z. */
bool
ccy_valid(const char *s)
{
	int	i;

	if (s == NULL)
		return false;
	for (i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return s[3] == '\0';
}

/* Fill INST with SYMBOL, CLS, CCY and the defaults; INST is untouched on
 * failure. */
int
instrument_init(struct instrument *inst, const char *symbol,
    enum asset_class cls, const char *ccy, struct err *err)
{
	struct instrument tmp;

	if (!ident_valid(symbol, SYMBOL_MAX))
		return err_set(err, "'%s' is not a valid symbol (1 to %d "
		    "printable characters without blanks, #, \", = or @)",
		    symbol != NULL ? symbol : "", SYMBOL_MAX - 1);
	if ((unsigned)cls >= ASSET_CLASS_COUNT)
		return err_set(err, "%s: unknown asset class %d", symbol,
		    (int)cls);
	if (!ccy_valid(ccy))
		return err_set(err, "%s: '%s' is not a currency code (three "
		    "capital letters, like USD)", symbol,
		    ccy != NULL ? ccy : "");
	memset(&tmp, 0, sizeof tmp);
	str_copy(tmp.symbol, sizeof tmp.symbol, symbol);
	tmp.cls = cls;
	str_copy(tmp.ccy, sizeof tmp.ccy, ccy);
	tmp.tick = PX_SCALE / 100;
	tmp.lot = 1;
	tmp.mult = cls == ASSET_BOND ? PX_SCALE / 100 : PX_SCALE;
	*inst = tmp;
	return 0;
}

/* Check the fields a definition may get wrong; names the bad one. */
int
instrument_validate(const struct instrument *inst, struct err *err)
{
	char	buf[48];

	if (!ident_valid(inst->symbol, SYMBOL_MAX))
		return err_set(err, "'%s' is not a valid symbol",
		    inst->symbol);
	if ((unsigned)inst->cls >= ASSET_CLASS_COUNT)
		return err_set(err, "%s: unknown asset class %d", inst->symbol,
		    (int)inst->cls);
	if (!ccy_valid(inst->ccy))
		return err_set(err, "%s: '%s' is not a currency code (three "
		    "capital letters, like USD)", inst->symbol, inst->ccy);
	if (inst->tick <= 0)
		return err_set(err, "%s: tick %s must be positive",
		    inst->symbol, fixed_fmt(inst->tick, PX_DECIMALS, 0, buf,
		    sizeof buf));
	if (inst->tick > PX_MAX)
		return err_set(err, "%s: tick %s is too large", inst->symbol,
		    fixed_fmt(inst->tick, PX_DECIMALS, 0, buf, sizeof buf));
	if (inst->lot <= 0)
		return err_set(err, "%s: lot %lld must be positive",
		    inst->symbol, (long long)inst->lot);
	if (inst->lot > QTY_MAX)
		return err_set(err, "%s: lot %lld is too large", inst->symbol,
		    (long long)inst->lot);
	if (inst->mult <= 0)
		return err_set(err, "%s: multiplier %s must be positive",
		    inst->symbol, fixed_fmt(inst->mult, PX_DECIMALS, 0, buf,
		    sizeof buf));
	return 0;
}

/* Refuse PX (named WHAT, "price" when NULL) if not positive, too large or
 * off the tick. */
int
instrument_check_price(const struct instrument *inst, int64_t px,
    const char *what, struct err *err)
{
	char	pbuf[48], tbuf[48];

	if (what == NULL)
		what = "price";
	fixed_fmt(px, PX_DECIMALS, 2, pbuf, sizeof pbuf);
	if (px <= 0)
		return err_set(err, "%s: %s %s must be positive", inst->symbol,
		    what, pbuf);
	if (px > PX_MAX)
		return err_set(err, "%s: %s %s is too large (at most %s)",
		    inst->symbol, what, pbuf, fixed_fmt(PX_MAX, PX_DECIMALS, 2,
		    tbuf, sizeof tbuf));
	if (inst->tick > 0 && px % inst->tick != 0)
		return err_set(err, "%s: %s %s is not on the tick %s",
		    inst->symbol, what, pbuf, fixed_fmt(inst->tick,
		    PX_DECIMALS, 2, tbuf, sizeof tbuf));
	return 0;
}

/* Refuse QTY if not positive, too large or not a multiple of the lot. */
int
instrument_check_qty(const struct instrument *inst, int64_t qty,
    struct err *err)
{
	if (qty <= 0)
		return err_set(err, "%s: quantity %lld must be positive",
		    inst->symbol, (long long)qty);
	if (qty > QTY_MAX)
		return err_set(err, "%s: quantity %lld is too large (at most "
		    "%lld)", inst->symbol, (long long)qty,
		    (long long)QTY_MAX);
	if (inst->lot > 0 && qty % inst->lot != 0)
		return err_set(err, "%s: quantity %lld is not a multiple of "
		    "lot %lld", inst->symbol, (long long)qty,
		    (long long)inst->lot);
	return 0;
}

/* The lower-case name of CLS, or "?" for a value out of range. */
const char *
asset_class_name(enum asset_class cls)
{
	return names_get(asset_class_names, ASSET_CLASS_COUNT, (int)cls);
}

/* Parse an asset class name, ignoring case. */
int
asset_class_parse(const char *s, enum asset_class *out, struct err *err)
{
	int	i = names_find(asset_class_names, 0, ASSET_CLASS_COUNT, s);

	if (i >= 0) {
		*out = (enum asset_class)i;
		return 0;
	}
	return err_set(err, "'%s' is not an asset class (equity, bond, fx, "
	    "future or option)", s != NULL ? s : "");
}
