/* src/app/exec-help.c: the help command: a summary, and a page per
 * topic. */
#include "config.h"
#include "exec.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "calendar.h"
#include "cmd.h"
#include "csv.h"
#include "err.h"
#include "fixed.h"
#include "format.h"
#include "hmap.h"
#include "view.h"
#include "fx.h"
#include "store.h"
#include "venue.h"
#include "exec-int.h"

static const char help_text[] =
    "Commands (see blotter(1) for every option):\n"
    "  buy|sell|short|cover QTY SYMBOL [@ PRICE|mkt] [stop=PX] [trail=AMT|N%]\n"
    "        [tif=day|gtc|ioc|fok|opg|atc|gtd:YYYY-MM-DD] [acct=ID] [venue=NAME]\n"
    "        [id=ID] [note=\"..\"]\n"
    "  stage buy|sell|short|cover ...      release ORDER_ID\n"
    "  cancel ORDER_ID | cancel all [acct=..] [sym=..]\n"
    "  replace ORDER_ID [qty=N] [px=P] [stop=P] [tif=..]\n"
    "  quote SYMBOL BID ASK [bidsz=N] [asksz=N]     mark SYMBOL PRICE\n"
    "  instrument add SYMBOL class=.. [ccy=..] [tick=..] [lot=..] [mult=..]\n"
    "  account add ID [name=..] [ccy=..] [nav=..] [cash=..]\n"
    "  load instruments FILE.csv | load accounts FILE.csv     fx PAIR RATE\n"
    "  clock set YYYY-MM-DDTHH:MM:SS | clock advance 5m\n"
    "  show orders [acct=..] [sym=..] [status=open|done|STATUS]\n"
    "  show order ORDER_ID | show positions [acct=..] | show pnl [acct=..]\n"
    "  expect order|position|pnl|count|block|allocation ... | expect fail\n"
    "  user add LOGIN role=.. | as LOGIN | show users\n"
    "  rule add ID kind=.. [params] | rule list|del|disable|enable ID | "
    "load rules FILE\n"
    "  approve ORDER_ID [reason=..] | reject ORDER_ID reason=..\n"
    "  set review.same_login alert|refuse | show settings\n"
    "  halt [acct=..] [reason=..] | resume [acct=..] | show alerts\n"
    "  show compliance [ORDER_ID] | show audit [ORDER_ID] | check buy ...\n"
    "  audit head\n"
    "  import trades FILE.csv | load positions FILE.csv\n"
    "  rebalance model=FILE.csv [acct=..] | report confirms [BLOCK_ID] "
    "[out=FILE]\n"
    "  block ORDER_ID... [id=BLOCK_ID] | block auto [sym=..] | release all\n"
    "  alloc BLOCK_ID|all [method=prorata|even|weights] [weights=ACCT:W,..] "
    "[preview]\n"
    "  show blocks | show block BLOCK_ID | show allocations [BLOCK_ID] | "
    "report summary\n"
    "Help on one: help buy, help rule, help approve, help halt, help audit,\n"
    "  help block, help alloc, help rebalance, help confirms, help set\n";

/* Help on one command or idea: the topic names, then the text. */
static const struct help_topic {
	const char *names;		/* blank-separated */
	const char *text;
} help_topics[] = {
	{ "buy sell short cover order orders",
	  "buy|sell|short|cover QTY SYMBOL [@ PRICE|mkt] [stop=PX] "
	  "[trail=AMT|N%] [tif=..] [acct=ID] [venue=NAME] [id=ID] [note=\"..\"]\n"
	  "  No price is a market order; @ PRICE a limit; stop= a stop (with @ a "
	  "stop-limit);\n  trail= a trailing stop by an amount or a percent.  "
	  "short sells short, cover buys it back.\n" },
	{ "stage release",
	  "stage buy|sell|short|cover ...  creates the order without sending it.\n"
	  "release ORDER_ID                sends a staged order to its venue.\n" },
	{ "cancel",
	  "cancel ORDER_ID | cancel all [acct=ID] [sym=SYMBOL]\n"
	  "  Staged orders are canceled at once; working ones ask their venue.\n" },
	{ "replace amend",
	  "replace ORDER_ID [qty=N] [px=P] [stop=P] [tif=..]\n"
	  "  Keeps the id; the quantity may not go below what is filled.  "
	  "Handled at once\n  against the current quote.\n" },
	{ "quote mark market",
	  "quote SYMBOL BID ASK [bidsz=N] [asksz=N]   (sizes default to "
	  "unlimited; sets the mark to the mid)\nmark SYMBOL PRICE                 "
	  "         (the mark without a quote)\n" },
	{ "instrument instruments",
	  "instrument add SYMBOL class=equity|bond|fx|future|option [ccy=USD] "
	  "[tick=0.01] [lot=1]\n  [mult=1] [issuer=..] [sector=..] "
	  "[underlying=SYMBOL]   (a bond's mult is 0.01)\n" },
	{ "account accounts",
	  "account add ID [name=\"..\"] [ccy=USD] [nav=AMOUNT] [cash=AMOUNT]\n"
	  "  The first account of a store is its default account.\n" },
	{ "load csv",
	  "load instruments FILE.csv | load accounts FILE.csv\n"
	  "load positions FILE.csv   columns account,symbol,qty,avg_cost\n"
	  "  A file loads whole or not at all; every bad line is named.\n" },
	{ "block blocks",
	  "block ORDER_ID ORDER_ID... [id=BLOCK_ID]   one order for the "
	  "members' total\nblock auto [sym=SYMBOL]   staged orders grouped by "
	  "symbol, side, price and tif\nrelease BLOCK_ID | release all   the "
	  "block goes out as one order; its orders follow it\nshow blocks | "
	  "show block BLOCK_ID\n" },
	{ "alloc allocation allocations",
	  "alloc BLOCK_ID|all [method=prorata|even|weights] [weights=ACCT:W,...] "
	  "[lot=N] [preview]\n  Books the filled quantity not yet booked, at "
	  "its average price.  Shares round\n  down to the lot; leftover lots "
	  "go to the largest remainders; no account gets\n  more than it asked "
	  "for.  preview books nothing.  show allocations [BLOCK_ID]\n" },
	{ "import rebalance model trades",
	  "import trades FILE.csv   account,symbol,side,qty[,limit][,tif] -> "
	  "staged orders\nrebalance model=FILE.csv [acct=ID]   [account,]symbol,"
	  "weight (% of NAV) -> staged\n  orders that bring each account to the "
	  "model, to the nearest lot (sells first)\n" },
	{ "report confirms confirmations summary",
	  "report confirms [BLOCK_ID] [out=FILE]   one confirmation per account "
	  "and execution\nreport summary   orders, blocks, fill rate, notional "
	  "bought and sold, per account\n" },
	{ "fx currency currencies",
	  "fx PAIR RATE   e.g. fx EURUSD 1.0850: one EUR is 1.0850 USD\n" },
	{ "clock time",
	  "clock set YYYY-MM-DDTHH:MM:SS | clock advance 5m (s, m, h, d)\n"
	  "  At 16:00:00 DAY orders still working expire.\n"
	  "  The session: 09:30 to 16:00 on trading days (no weekends, no "
	  "holidays).\n  After the close market and DAY orders are refused "
	  "(GTC/GTD limits are taken);\n  pre-open, limits wait for the open "
	  "and market orders must be tif=opg or atc.\n" },
	{ "tif day gtc ioc fok gtd opg atc",
	  "tif=day (default) | gtc | ioc (fill now, cancel the rest) | fok (all "
	  "now or nothing)\n  | opg (at the 09:30 open) | atc (at the 16:00 "
	  "close) | gtd:YYYY-MM-DD\n" },
	{ "show",
	  "show orders [acct=..] [sym=..] [status=open|done|STATUS] | "
	  "show order ORDER_ID\nshow positions [acct=..] | show pnl [acct=..]\n"
	  "show blocks | show block BLOCK_ID | show allocations [BLOCK_ID]\n" },
	{ "expect",
	  "expect order ID [status=S] [cum=N] [leaves=N] [avgpx=P] [qty=N] "
	  "[px=P]\nexpect position ACCOUNT SYMBOL [qty=N] [avgcost=P] "
	  "[realized=X] [unrealized=X]\nexpect pnl ACCOUNT [realized=X] "
	  "[unrealized=X] [total=X]\nexpect count orders [filters] N | expect "
	  "fail\nexpect block BLOCK_ID [status=S] [qty=N] [cum=N] [avgpx=P] "
	  "[orders=N]\nexpect allocation BLOCK_ID ACCOUNT [qty=N] [avgpx=P]\n"
	  "  Numbers match exactly, at the decimals kept: 8 for prices, 6 "
	  "for money.\n" },
	{ "user users as role roles",
	  "user add LOGIN role=trader|pm|compliance|ops|admin [name=\"..\"]   "
	  "(admin only)\nas LOGIN        act as that user (an admin running "
	  "blotter only; audited)\nshow users\n  Traders and pms enter orders; "
	  "compliance approves; ops keeps reference data.\n" },
	{ "rule rules compliance",
	  "rule add ID kind=KIND [params] [acct=ID] [action=block|review|warn] "
	  "[warn_at=N]\nrule list | rule del ID | rule disable ID | rule enable "
	  "ID | load rules FILE\n  kinds: restricted sym=|issuer=, max_notional "
	  "limit=, max_qty limit= [sym=],\n  price_collar pct=, position_limit "
	  "sym= limit=, concentration pct= [by=symbol|\n  issuer|sector], "
	  "short_sale, asset_class allow=.., rate_limit per_s= [trader=]\n"
	  "show compliance [ORDER_ID]   each check: order, rule, outcome, "
	  "detail\ncheck buy|sell|short|cover ...   what the rules would say "
	  "of an order, not sent\n" },
	{ "approve reject review flagged",
	  "approve ORDER_ID [reason=\"..\"]   sends a flagged order (compliance, "
	  "not its creator)\nreject ORDER_ID reason=\"..\"     ends it "
	  "rejected\n  Both record the acting user and the login running "
	  "blotter.  An approval\n  from a login that entered, amended or "
	  "released the order:\n  review.same_login decides.\n" },
	{ "set settings same_login review.same_login",
	  "set review.same_login alert|refuse   (admin only; journaled)\n"
	  "  When a login that entered, amended or released an order approves"
	  "\n  it (under any user):"
	  "\n  alert lets it through with an alert to compliance (the default),"
	  "\n  refuse refuses it.  refuse in the store or in blotterrc refuses."
	  "\nshow settings   each setting in force and where it comes from\n" },
	{ "halt resume kill",
	  "halt [acct=ID] [reason=\"..\"]  refuses new orders and replaces "
	  "(cancels go through)\nresume [acct=ID]                (admin or "
	  "compliance)\nshow alerts                     post-trade breaches and "
	  "halts\n" },
	{ "audit head",
	  "show audit [ORDER_ID]   the audit trail, oldest first: who, when, "
	  "what, and its hash\n  blotter --verify checks that no entry was "
	  "changed, inserted or deleted.\naudit head              the last "
	  "entry as SEQ:HASH; keep it elsewhere, and\n  blotter --verify "
	  "--head SEQ:HASH checks the trail still passes through it.\n" },
	{ "status statuses",
	  "staged flagged pending_new new partially_filled filled pending_cancel "
	  "canceled\npending_replace rejected expired done_for_day\n" },
};

static bool
topic_matches(const char *names, const char *topic)
{
	size_t n = strlen(topic);

	for (const char *p = names; *p; ) {
		size_t w = strcspn(p, " ");
		if (w == n && strncmp(p, topic, n) == 0)
			return true;
		p += w;
		p += strspn(p, " ");
	}
	return false;
}

static int
do_help(struct exec *x, const char *topic, struct err *err)
{
	const char *text = help_text;

	if (topic && *topic) {
		text = NULL;
		for (size_t i = 0; i < sizeof help_topics /
		    sizeof *help_topics; i++)
			if (topic_matches(help_topics[i].names, topic))
				text = help_topics[i].text;
		if (!text)
			return err_set(err, "no help on '%s'; try help, help "
			    "buy, help tif, help expect", topic);
	}
	if (!x->res)
		return 0;
	result_help(x->res, text);
	return 0;
}

int
exec_cmd_help(struct exec *x, const struct cmd *c, struct err *err)
{
	return do_help(x, c->sym, err);
}
