/* src/app/guard.h: compliance, users, halts, alerts and the audit trail,
 * as a part of the engine (see exec-part.h): guard.c and review.c.  For
 * exec-run.c only. */
#ifndef BLOTTER_GUARD_H
#define BLOTTER_GUARD_H
#include <stdbool.h>

struct cmd;
struct err;
struct exec;

/* Attach the guard to X's hooks: the login running blotter acts, orders
 * are checked, recorded and watched after fills. */
void	guard_attach(struct exec *);
/* Attach the review to X's hooks, after the guard (it asks who acts):
 * flagged orders wait for review, halts hold and alerts are kept. */
void	guard_review_attach(struct exec *);
/* Whether the acting user may run C; fails with why not. */
int	guard_permit(struct exec *, const struct cmd *, struct err *);
/* review.same_login of the configuration (see exec_set_same_login). */
void	guard_set_same_login(struct exec *, bool refuse);

/* Command handlers (see exec-run.c). */
int	guard_cmd_user_add(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_as(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_show_users(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_rule_add(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_rule_change(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_rule_list(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_load_rules(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_approve(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_reject(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_set(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_show_settings(struct exec *, const struct cmd *,
	    struct err *);
int	guard_cmd_show_log(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_halt(struct exec *, const struct cmd *, struct err *);
int	guard_cmd_resume(struct exec *, const struct cmd *, struct err *);

#endif
