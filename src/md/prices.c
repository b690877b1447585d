/* src/md/prices.c: where the demo market's prices start, and how lively
 * each symbol is.
 *
 * Three tables, consulted in order by md_profile_of(): one row per symbol
 * of the shipped instrument master (data/instruments.csv), one row per
 * futures underlying (so a new contract month of a known future starts at
 * a sensible level), and one rate per currency against the dollar (so any
 * pair of known currencies gets a realistic cross).  What none of them
 * knows gets its asset class's default.  Prices are written as text, the
 * way a trader reads them, and parsed once per lookup. */
#include "config.h"
#include "md.h"

#include <stdbool.h>
#include <string.h>

#include "err.h"
#include "fixed.h"

struct price_row {
	const char *symbol;
	const char *px;			/* in the instrument's currency */
	int	vol_bp;			/* per trading day; 0: class default */
	enum md_pace pace;
};

#define N	MD_PACE_NORMAL
#define B	MD_PACE_BUSY
#define Q	MD_PACE_QUIET

/* The shipped instruments.  Bonds in percent of par; FX as in data/fx.csv;
 * futures near their index or commodity levels. */
static const struct price_row symbols[] = {
	/* US equities */
	{ "AAPL",	"232.50",	180, B },
	{ "MSFT",	"428.00",	160, N },
	{ "NVDA",	"138.20",	250, B },
	{ "ORCL",	"168.40",	220, N },
	{ "CSCO",	"59.30",	150, N },
	{ "AVGO",	"226.80",	250, N },
	{ "GOOGL",	"193.60",	190, N },
	{ "GOOG",	"195.10",	190, N },
	{ "META",	"612.00",	220, N },
	{ "NFLX",	"882.00",	220, N },
	{ "VZ",		"40.20",	150, Q },
	{ "AMZN",	"224.90",	200, N },
	{ "TSLA",	"405.00",	250, B },
	{ "HD",		"402.30",	160, N },
	{ "MCD",	"289.70",	150, Q },
	{ "NKE",	"74.60",	200, N },
	{ "PG",		"165.20",	150, Q },
	{ "KO",		"63.10",	150, Q },
	{ "PEP",	"150.40",	150, Q },
	{ "WMT",	"92.80",	150, N },
	{ "JPM",	"248.50",	170, N },
	{ "BAC",	"45.80",	190, N },
	{ "GS",		"586.00",	200, N },
	{ "BRK.A",	"698500.00",	150, Q },
	{ "BRK.B",	"465.40",	150, N },
	{ "JNJ",	"151.30",	150, Q },
	{ "UNH",	"512.00",	200, N },
	{ "LLY",	"781.00",	220, N },
	{ "PFE",	"26.40",	170, N },
	{ "XOM",	"109.70",	170, N },
	{ "CVX",	"152.10",	170, N },
	{ "CAT",	"368.50",	190, N },
	{ "BA",		"176.20",	230, N },
	{ "HON",	"224.60",	160, Q },
	{ "NEE",	"71.80",	170, Q },
	{ "DUK",	"108.40",	150, Q },
	{ "LIN",	"441.00",	150, Q },
	{ "FCX",	"39.20",	250, N },
	/* European, Swiss and Japanese equities, local currency */
	{ "SAP.DE",	"251.40",	180, N },
	{ "SIE.DE",	"189.60",	170, N },
	{ "ASML.AS",	"702.30",	230, N },
	{ "MC.PA",	"648.90",	190, N },
	{ "SHEL.L",	"25.96",	160, N },
	{ "AZN.L",	"108.40",	150, Q },
	{ "HSBA.L",	"8.21",		160, N },
	{ "NESN.SW",	"76.50",	150, Q },
	{ "NOVN.SW",	"92.10",	150, Q },
	{ "7203.T",	"2805",		180, N },
	{ "6758.T",	"3410",		200, N },
	/* US Treasuries (bills at a discount) and corporate bonds */
	{ "UST3M",	"98.921875",	5,   Q },
	{ "UST6M",	"97.90625",	8,   Q },
	{ "UST2Y",	"99.7578125",	15,  N },
	{ "UST3Y",	"99.6875",	20,  N },
	{ "UST5Y",	"99.5",		30,  N },
	{ "UST7Y",	"99.28125",	40,  N },
	{ "UST10Y",	"99.5",		50,  B },
	{ "UST30Y",	"98.4375",	90,  N },
	{ "AAPL-4.65-2046",	"94.625",	40, Q },
	{ "MSFT-3.70-2046",	"83.250",	40, Q },
	{ "AMZN-3.15-2027",	"98.410",	20, Q },
	{ "JPM-4.25-2027",	"99.580",	20, Q },
	{ "XOM-4.114-2046",	"86.120",	40, Q },
	{ "VZ-4.862-2046",	"93.240",	45, Q },
	/* FX spot */
	{ "EURUSD",	"1.1720",	50, B },
	{ "GBPUSD",	"1.3450",	55, N },
	{ "USDJPY",	"156.80",	60, B },
	{ "USDCHF",	"0.7950",	50, N },
	{ "USDCAD",	"1.3780",	40, N },
	{ "AUDUSD",	"0.6650",	60, N },
	{ "EURGBP",	"0.8714",	35, N },
	/* Futures */
	{ "ESH6",	"6000.00",	120, B },
	{ "ESM6",	"6052.50",	120, Q },
	{ "NQH6",	"21000.00",	150, B },
	{ "CLG6",	"70.00",	200, B },
	{ "GCG6",	"2600.0",	120, N },
	{ "ZNH6",	"110.00",	50,  N },
	{ "FGBLH6",	"130.00",	50,  N },
};

/* Futures underlyings: a contract without its own row starts here. */
static const struct price_row underlyings[] = {
	{ "SPX",	"6000",		120, N },
	{ "NDX",	"21000",	150, N },
	{ "RUT",	"2250",		170, N },
	{ "DJI",	"43000",	110, N },
	{ "SX5E",	"5000",		130, N },
	{ "WTI",	"70",		200, N },
	{ "BRENT",	"74",		200, N },
	{ "XAU",	"2600",		120, N },
	{ "XAG",	"30",		200, N },
	{ "UST2Y",	"103",		15,  N },
	{ "UST5Y",	"107",		30,  N },
	{ "UST10Y",	"110",		50,  N },
	{ "UST30Y",	"117",		90,  N },
	{ "DE2Y",	"107",		15,  N },
	{ "DE5Y",	"117",		30,  N },
	{ "DE10Y",	"130",		50,  N },
};

/* Each currency against the dollar, in the market's convention: USD is
 * the base (USDJPY 156.80) or the quote (EURUSD 1.1720). */
static const struct {
	const char *ccy;
	const char *rate;
	bool	usd_base;
} currencies[] = {
	{ "EUR", "1.1720",  false },
	{ "GBP", "1.3450",  false },
	{ "AUD", "0.6650",  false },
	{ "NZD", "0.5980",  false },
	{ "JPY", "156.80",  true },
	{ "CHF", "0.7950",  true },
	{ "CAD", "1.3780",  true },
	{ "SEK", "10.480",  true },
	{ "NOK", "10.950",  true },
	{ "DKK", "6.3620",  true },
	{ "HKD", "7.7800",  true },
	{ "SGD", "1.3350",  true },
	{ "CNH", "7.2500",  true },
	{ "MXN", "18.500",  true },
};

#undef N
#undef B
#undef Q

/* When nothing is known: a price, a daily volatility and a pace. */
static const struct {
	const char *px;
	int	vol_bp;
} class_defaults[ASSET_CLASS_COUNT] = {
	[ASSET_EQUITY] = { "100",	200 },
	[ASSET_BOND] = { "100",		30 },
	[ASSET_FX] = { "1",		50 },
	[ASSET_FUTURE] = { "100",	150 },
	[ASSET_OPTION] = { "5",		500 },
};

#define ARRAY_LEN(a)	(sizeof (a) / sizeof (a)[0])
#define MIN_TICKS	100	/* a default price is at least this many ticks */

/* Parse the table text S; the tables are checked by the tests, so a bad
 * entry is a broken invariant. */
static int64_t
table_px(const char *s)
{
	struct err err;
	int64_t	v;

	if (fixed_parse(s, PX_DECIMALS, &v, "price", &err) == -1)
		fatal("md price table: %s", err.msg);
	if (v <= 0)
		fatal("md price table: price %s must be positive", s);
	return v;
}

static const struct price_row *
find_row(const struct price_row *rows, size_t n, const char *symbol)
{
	size_t	i;

	if (symbol == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(rows[i].symbol, symbol) == 0)
			return &rows[i];
	return NULL;
}

/* Return the built-in price of SYMBOL, or 0. */
int64_t
md_ref_px(const char *symbol)
{
	const struct price_row *r;

	r = find_row(symbols, ARRAY_LEN(symbols), symbol);
	return r != NULL ? table_px(r->px) : 0;
}

/* Set *NUM / *DEN (both PX_SCALE) to the dollars one unit of CCY is worth.
 * Returns -1 for a currency the table does not know. */
static int
usd_value(const char *ccy, int64_t *num, int64_t *den)
{
	size_t	i;

	if (strcmp(ccy, "USD") == 0) {
		*num = *den = PX_SCALE;
		return 0;
	}
	for (i = 0; i < ARRAY_LEN(currencies); i++) {
		if (strcmp(currencies[i].ccy, ccy) != 0)
			continue;
		*num = currencies[i].usd_base ? PX_SCALE :
		    table_px(currencies[i].rate);
		*den = currencies[i].usd_base ? table_px(currencies[i].rate) :
		    PX_SCALE;
		return 0;
	}
	return -1;
}

/* The rate of the pair SYMBOL ("EURJPY" or "EUR/JPY") from the currency
 * table, or 0 when it is not a pair of two known currencies. */
static int64_t
cross_px(const char *symbol)
{
	char	base[4], quote[4];
	size_t	len = strlen(symbol);
	int64_t	bn, bd, qn, qd, t;

	if (len == 6) {
		memcpy(base, symbol, 3);
		memcpy(quote, symbol + 3, 3);
	} else if (len == 7 && symbol[3] == '/') {
		memcpy(base, symbol, 3);
		memcpy(quote, symbol + 4, 3);
	} else
		return 0;
	base[3] = quote[3] = '\0';
	if (strcmp(base, quote) == 0 || usd_value(base, &bn, &bd) == -1 ||
	    usd_value(quote, &qn, &qd) == -1)
		return 0;
	/* (bn/bd) / (qn/qd), one rounding per step at 8 decimals. */
	t = fixed_muldiv(bn, qd, bd);
	return fixed_muldiv(t, PX_SCALE, qn);
}

/* Fill PROF for INST: its own row, its underlying, an FX cross or the
 * class default, in that order. */
int
md_profile_of(const struct instrument *inst, struct md_profile *prof)
{
	const struct price_row *r;
	enum asset_class cls = inst->cls;
	int64_t	px = 0;

	if ((unsigned)cls >= ASSET_CLASS_COUNT)
		cls = ASSET_EQUITY;
	prof->vol_bp = class_defaults[cls].vol_bp;
	prof->pace = cls == ASSET_BOND ? MD_PACE_QUIET : MD_PACE_NORMAL;
	r = find_row(symbols, ARRAY_LEN(symbols), inst->symbol);
	if (r != NULL) {
		prof->ref_px = table_px(r->px);
		if (r->vol_bp > 0)
			prof->vol_bp = r->vol_bp;
		prof->pace = r->pace;
		return 1;
	}
	if (cls == ASSET_FUTURE && inst->underlying[0] != '\0' &&
	    (r = find_row(underlyings, ARRAY_LEN(underlyings),
	    inst->underlying)) != NULL) {
		px = table_px(r->px);
		prof->vol_bp = r->vol_bp;
	} else if (cls == ASSET_FX)
		px = cross_px(inst->symbol);
	if (px <= 0)
		px = table_px(class_defaults[cls].px);
	/* A coarse tick must still leave room to move and to quote. */
	if (inst->tick > 0 && inst->tick <= PX_MAX / MIN_TICKS &&
	    px < inst->tick * MIN_TICKS)
		px = inst->tick * MIN_TICKS;
	prof->ref_px = px;
	return 0;
}
