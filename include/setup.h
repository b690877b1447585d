/* include/setup.h: the engine's setup (exec_setup) built from the
 * settings: the brokers over FIX with the dictionary their messages are
 * checked against, and the routes by asset class. */
#ifndef BLOTTER_SETUP_H
#define BLOTTER_SETUP_H
#include "desk.h"
#include "exec.h"
#include "venue.h"

struct err;
struct settings;

struct setup {
	struct exec_setup x;		/* what the engine borrows */
	struct venue_fix_config fix[16];
	struct desk_config desk[16];
	struct fix_dict *dict;		/* owned; NULL without sessions */
};

/* Build S from SET: 0, or -1 with why in ERR (the dictionary cannot be
 * read).  Initiator sessions are brokers; acceptors, desks. */
int	setup_build(struct setup *s, const struct settings *set,
	    struct err *err);
void	setup_free(struct setup *s);

#endif
