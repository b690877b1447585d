/* include/settings.h: the configuration file (blotterrc; see blotterrc(5)).
 *
 *	# comment
 *	confirm = no		ask before cancels and flattens (yes)
 *	theme = dark		a file of themes/ (default)
 *	keymap = vi		a file of keymaps/, on top of the default
 *	sim.delay = 5s		the sim venue answers orders after this
 *	review.same_login = refuse	one login may not enter and approve
 *				an order (alert: it may, with an alert)
 *	tz = America/New_York	the venue's time zone: the screen's clock
 *				and sessions (a zone of /usr/share/zoneinfo)
 *	fix.LSE = initiator fix.broker.example:9876 sender=DESK target=BRKR
 *				a FIX session to a broker: the venue LSE
 *	fix.DESK = acceptor 9877 sender=DESK clients=FUND1:F1,FUND2
 *				a FIX session taking clients' orders
 *	route.equity = LSE	where an order of the class without venue=
 *				goes (the sim unless set)
 */
#ifndef BLOTTER_SETTINGS_H
#define BLOTTER_SETTINGS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "instrument.h"
#include "order.h"

struct sbuf;

#define SETTINGS_FIX_MAX	16
#define SETTINGS_CLIENTS_MAX	32

/* One client of an acceptor: clients=ID[:ACCOUNT]. */
struct settings_fix_client {
	char	id[64];			/* the client's SenderCompID */
	char	account[32];		/* its orders' account ("": the id) */
};

/* A fix.NAME line. */
struct settings_fix {
	char	name[VENUE_NAME_MAX];	/* NAME: the venue name */
	bool	initiator;		/* else acceptor */
	char	host[256];		/* initiator: HOST; acceptor: ADDR
					 * ("" = all) */
	int	port;			/* 1..65535 */
	char	sender[64], target[64];	/* target: initiator only */
	int	heartbeat;		/* seconds, default 30 */
	bool	reset_on_logon;		/* reset=logon; default never */
	int	hours_start, hours_end;	/* minutes after midnight; -1: always */
	char	tz[64];			/* the hours' zone ("": the
					 * venue's tz) */
	char	account[ACCOUNT_MAX];	/* initiator: default account ("") */
	struct settings_fix_client clients[SETTINGS_CLIENTS_MAX];
	size_t	nclients;
};

struct settings {
	bool	confirm;
	char	theme[64];
	char	keymap[64];
	int64_t	sim_delay;		/* seconds */
	bool	same_login_refuse;	/* review.same_login = refuse */
	char	tz[64];			/* the venue's time zone */
	struct settings_fix fix[SETTINGS_FIX_MAX];	/* in file order */
	size_t	nfix;
	/* route.CLASS: the venue of an order of that class without venue=,
	 * by enum asset_class; "" when not set (the sim). */
	char	route[ASSET_CLASS_COUNT][VENUE_NAME_MAX];
};

/* The defaults. */
void	settings_init(struct settings *);
/* Read PATH into S.  Every bad line is reported in ERRORS as
 * "FILE:LINE: message"; a file with errors changes nothing and returns
 * -1, as does a file that cannot be read. */
int	settings_load(struct settings *, const char *path, struct sbuf *errors);
/* The file to read when --config is not given: the user's blotterrc,
 * else the system's, else NULL.  Returns a static buffer. */
const char *settings_default_path(void);

#endif
