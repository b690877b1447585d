/* include/demo.h: the moving market of blotter --demo. */
#ifndef BLOTTER_DEMO_H
#define BLOTTER_DEMO_H
#include <stdint.h>

struct runtime_opts;

/* Make RO's worker run a seeded random-walk market over every instrument
 * of the store, quoting each symbol every second or so. */
void	demo_market_attach(struct runtime_opts *, uint64_t seed);
/* Free the market after the runtime has stopped. */
void	demo_market_free(void);

#endif
