/* src/venue/venue.c: what every venue adapter shares: freeing a venue and
 * the names of venue events.  The adapters themselves live beside this
 * file (sim.c, ...) and fill in a struct venue_ops. */
#include "config.h"
#include "venue.h"

#include <stdlib.h>

static const char *const venue_event_kind_names[VEV_KIND_COUNT] = {
	[VEV_ACK] = "ack",
	[VEV_REJECT] = "reject",
	[VEV_FILL] = "fill",
	[VEV_CANCELED] = "canceled",
	[VEV_CANCEL_REJECT] = "cancel_reject",
	[VEV_REPLACED] = "replaced",
	[VEV_REPLACE_REJECT] = "replace_reject",
	[VEV_EXPIRED] = "expired",
	[VEV_TRIGGERED] = "triggered",
	[VEV_STOP_MOVED] = "stop_moved",
	[VEV_BUST] = "bust",
	[VEV_DONE_FOR_DAY] = "done_for_day",
	[VEV_STATUS] = "status",
};

/* Close V through its adapter (which frees its own state), then free V. */
void
venue_free(struct venue *v)
{
	if (v == NULL)
		return;
	if (v->ops != NULL && v->ops->close != NULL)
		v->ops->close(v);
	free(v);
}

/* Return the lowercase name of event kind K, "unknown" when out of range. */
const char *
venue_event_kind_name(enum venue_event_kind k)
{
	if ((unsigned)k >= VEV_KIND_COUNT)
		return "unknown";
	return venue_event_kind_names[k];
}
