/* include/settings.h: the configuration file (blotterrc).
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
 */
#ifndef BLOTTER_SETTINGS_H
#define BLOTTER_SETTINGS_H
#include <stdbool.h>
#include <stdint.h>

struct sbuf;

struct settings {
	bool	confirm;
	char	theme[64];
	char	keymap[64];
	int64_t	sim_delay;		/* seconds */
	bool	same_login_refuse;	/* review.same_login = refuse */
	char	tz[64];			/* the venue's time zone */
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
