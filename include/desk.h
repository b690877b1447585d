/* include/desk.h: the sell-side desk: clients' orders taken over FIX 4.4
 * (fix.NAME = acceptor in the settings).
 *
 * A client's NewOrderSingle becomes an order on the blotter at the venue
 * NAME (the desk), in the client's account, through the same checks as
 * any order: compliance holds a flagged one for review and refuses what
 * it blocks.  The trader works it: fills it by hand (fill ORDER_ID QTY @
 * PRICE), cancels or replaces it.  Every change of the order sends the
 * client its ExecutionReport; a cancel or replace that cannot be done, an
 * OrderCancelReject; a repeated ClOrdID is refused; a DAY order still
 * open at the close is done for the day. */
#ifndef BLOTTER_DESK_H
#define BLOTTER_DESK_H
#include <stdbool.h>
#include <stddef.h>

#include "order.h"

struct cmd;
struct err;
struct exec;

#define DESK_CLIENTS_MAX	32

struct desk_client_config {
	char	id[64];			/* the client's SenderCompID */
	char	account[32];		/* its orders' account ("": the id) */
};

struct desk_config {
	char	name[VENUE_NAME_MAX];	/* the venue the desk's orders are at */
	char	addr[256];		/* to listen on ("": every address) */
	int	port;
	char	sender[64];		/* our CompID */
	int	heartbeat;		/* seconds */
	bool	reset_on_logon;
	struct desk_client_config clients[DESK_CLIENTS_MAX];
	size_t	nclients;
};

/* Attach the desks' part to the engine: when the engine opens its venues
 * (the holder only), each desk of its setup listens and is the venue of
 * its clients' orders; every change of such an order is reported to its
 * client. */
void	desk_attach(struct exec *);

/* fill ORDER_ID QTY @ PRICE: the trader fills a client's order. */
int	desk_cmd_fill(struct exec *, const struct cmd *, struct err *);

#endif
