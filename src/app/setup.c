/* src/app/setup.c: the engine's setup from the settings (setup.h). */
#include "config.h"
#include "setup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "fix.h"
#include "paths.h"
#include "settings.h"

/* The FIX 4.4 dictionary shipped with blotter: beside the data folder
 * when installed ($(pkgdatadir)/fix), inside it in the source tree. */
static int
load_dict(struct fix_dict **dict, struct err *err)
{
	static const char *const where[] = { "%s/../fix/FIX44.xml",
	    "%s/fix/FIX44.xml" };
	const char *dir = paths_datadir(err);
	char	path[4200];

	if (!dir)
		return -1;
	for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
		snprintf(path, sizeof path, where[i], dir);
		if (access(path, R_OK) == 0)
			return fix_dict_load(path, dict, err);
	}
	return err_set(err, "the FIX 4.4 dictionary (fix/FIX44.xml) is not "
	    "installed beside %s", dir);
}

int
setup_build(struct setup *s, const struct settings *set, struct err *err)
{
	memset(s, 0, sizeof *s);
	memcpy(s->x.route, set->route, sizeof s->x.route);
	for (size_t i = 0; i < set->nfix; i++) {
		const struct settings_fix *f = &set->fix[i];
		struct venue_fix_config *c;
		if (!f->initiator) {
			struct desk_config *d = &s->desk[s->x.ndesk++];
			str_copy(d->name, sizeof d->name, f->name);
			str_copy(d->addr, sizeof d->addr, f->host);
			d->port = f->port;
			str_copy(d->sender, sizeof d->sender, f->sender);
			d->heartbeat = f->heartbeat;
			d->reset_on_logon = f->reset_on_logon;
			for (size_t k = 0; k < f->nclients &&
			    k < DESK_CLIENTS_MAX; k++) {
				str_copy(d->clients[k].id,
				    sizeof d->clients[k].id, f->clients[k].id);
				str_copy(d->clients[k].account,
				    sizeof d->clients[k].account,
				    f->clients[k].account);
				d->nclients++;
			}
			continue;
		}
		c = &s->fix[s->x.nfix++];
		str_copy(c->name, sizeof c->name, f->name);
		str_copy(c->host, sizeof c->host, f->host);
		c->port = f->port;
		str_copy(c->sender, sizeof c->sender, f->sender);
		str_copy(c->target, sizeof c->target, f->target);
		c->heartbeat = f->heartbeat;
		c->reset_on_logon = f->reset_on_logon;
		c->hours_start = f->hours_start;
		c->hours_end = f->hours_end;
		str_copy(c->tz, sizeof c->tz, f->tz[0] ? f->tz : set->tz);
		str_copy(c->account, sizeof c->account, f->account);
	}
	s->x.fix = s->fix;
	s->x.desk = s->desk;
	if ((s->x.nfix || s->x.ndesk) && load_dict(&s->dict, err) == -1)
		return -1;
	s->x.dict = s->dict;
	return 0;
}

void
setup_free(struct setup *s)
{
	fix_dict_free(s->dict);
	s->dict = NULL;
}
