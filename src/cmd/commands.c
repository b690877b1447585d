/* src/cmd/commands.c: the command table of include/commands.def, and the
 * help that is not about one command (the list of commands, tif, statuses).
 *
 * The parser keeps its own expansion of the table (the parse functions are
 * its private business); this file gives the rest of blotter the names,
 * roles, usage and help of each command. */
#include "config.h"
#include "cmd.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "err.h"
#include "order-req.h"

static const struct cmd_spec specs[CMD_KIND_COUNT] = {
#define CMD_DEF(kind, name, words, parse, roles, doing, usage, topics, \
    help, ...) \
	[CMD_##kind] = { CMD_##kind, name, words, roles, doing, usage, \
	    topics, help },
#include "commands.def"
#undef CMD_DEF
};

/* The declaration of KIND, or NULL. */
const struct cmd_spec *
cmd_spec_of(enum cmd_kind kind)
{
	if ((unsigned)kind >= CMD_KIND_COUNT || specs[kind].name == NULL)
		return NULL;
	return &specs[kind];
}

/* Who may run KIND, for the guard: deny by default. */
unsigned
cmd_roles(enum cmd_kind kind, const char **doing)
{
	const struct cmd_spec *s = cmd_spec_of(kind);

	if (s == NULL || (s->roles & (CMD_OPEN | (CMD_NOBODY - 1))) == 0) {
		*doing = "run a command no role is given";
		return CMD_NOBODY;
	}
	*doing = s->doing;
	if (s->roles & CMD_OPEN)
		return 0;
	return s->roles & (CMD_NOBODY - 1);
}

/* ---- help ---- */

/* help with no topic: every command, two to a line where they fit. */
static const char overview[] =
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
    "  fix status | fix reset NAME | show fix ORDER_ID\n"
    "  wait order ORDER_ID status=S [timeout=10s]   fill ORDER_ID QTY @ PRICE\n"
    "  import trades FILE.csv | load positions FILE.csv\n"
    "  rebalance model=FILE.csv [acct=..] | report confirms [BLOCK_ID] "
    "[out=FILE]\n"
    "  block ORDER_ID... [id=BLOCK_ID] | block auto [sym=..] | release all\n"
    "  alloc BLOCK_ID|all [method=prorata|even|weights] [weights=ACCT:W,..] "
    "[preview]\n"
    "  show blocks | show block BLOCK_ID | show allocations [BLOCK_ID] | "
    "report summary\n"
    "Help on one: help buy, help rule, help approve, help halt, help audit,\n"
    "  help block, help alloc, help rebalance, help confirms, help set, help fix\n";

/* Topics that are ideas or families rather than one command. */
static const struct {
	const char *topics;		/* blank-separated */
	const char *text;
} ideas[] = {
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
	  "  Numbers match at the decimals written, at least to the cent "
	  "(1e-6 for\n  prices under 1): avgcost=10.02 holds for 10.0166, "
	  "avgpx=100.104 not for 100.10.\n" },
	{ "status statuses",
	  "staged flagged pending_new new partially_filled filled pending_cancel "
	  "canceled\npending_replace rejected expired done_for_day\n" },
};

/* Whether TOPIC is one of the blank-separated NAMES. */
static bool
topic_in(const char *names, const char *topic)
{
	size_t n = strlen(topic), w;

	for (const char *p = names; *p != '\0'; p += w) {
		p += strspn(p, " ");
		w = strcspn(p, " ");
		if (w == n && strncmp(p, topic, n) == 0)
			return true;
	}
	return false;
}

const char *
cmd_help(const char *topic)
{
	if (topic == NULL || topic[0] == '\0')
		return overview;
	for (size_t k = 0; k < CMD_KIND_COUNT; k++)
		if (specs[k].topics != NULL && topic_in(specs[k].topics, topic))
			return specs[k].help;
	for (size_t i = 0; i < sizeof ideas / sizeof *ideas; i++)
		if (topic_in(ideas[i].topics, topic))
			return ideas[i].text;
	return NULL;
}

void
cmd_order_of(struct cmd *c, enum cmd_kind kind, const struct order_req *r)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->ord.req = *r;
	str_copy(c->sym, sizeof c->sym, r->symbol);
}

/* The words a line may start with, each once, in the table's order. */
#define FIRST_WORDS_MAX	64
#define FIRST_WORD_LEN	24
static char first_words[FIRST_WORDS_MAX][FIRST_WORD_LEN];
static size_t nfirst_words;
static pthread_once_t first_words_once = PTHREAD_ONCE_INIT;

static void
first_words_build(void)
{
	for (int k = 0; k < CMD_KIND_COUNT; k++) {
		const char *p = specs[k].words;
		while (p && *p) {
			size_t n = strcspn(p, " |"), i;
			for (i = 0; i < nfirst_words; i++)
				if (strlen(first_words[i]) == n &&
				    strncmp(first_words[i], p, n) == 0)
					break;
			if (i == nfirst_words && n > 0 && n < FIRST_WORD_LEN &&
			    nfirst_words < FIRST_WORDS_MAX) {
				memcpy(first_words[nfirst_words], p, n);
				first_words[nfirst_words++][n] = '\0';
			}
			p = strchr(p, '|');
			p = p ? p + 1 : NULL;
		}
	}
}

const char *
cmd_first_word(size_t i)
{
	pthread_once(&first_words_once, first_words_build);
	return i < nfirst_words ? first_words[i] : NULL;
}
