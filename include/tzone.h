/* include/tzone.h: a time zone of the tz database (America/New_York), read
 * from its TZif file, for the venue's clock: the zone's offset from UTC at
 * any instant, daylight saving included, without touching the process's
 * TZ. */
#ifndef BLOTTER_TZONE_H
#define BLOTTER_TZONE_H
#include <stdint.h>

struct err;
struct tzone;			/* opaque: fields live in tzone.c */

/* Read zone NAME from $TZDIR, else /usr/share/zoneinfo.  Returns the zone
 * (caller frees with tzone_free()), or NULL with ERR naming the zone and
 * why (no such zone, not a zone file). */
struct tzone *tzone_load(const char *name, struct err *);
void	tzone_free(struct tzone *);		/* NULL is a no-op */
/* The zone's name, as given to tzone_load(); borrowed. */
const char *tzone_name(const struct tzone *);
/* Seconds east of UTC in the zone at UTC instant T (-18000 for New York
 * in winter, -14400 in summer). */
int32_t	tzone_offset(const struct tzone *, int64_t t);

#endif
