/* src/cmd/parse-admin.c: the parsers of users, compliance and the store's
 * settings: user add, as, rule, approve, reject, set, halt, resume and
 * audit head.  A rule's parameters are checked by the compliance module
 * (rule_set, rule_validate); only the words are read here. */
#include "config.h"
#include "cmd.h"

#include <string.h>

#include "compliance.h"
#include "parse-int.h"

/* user add LOGIN role=R [name=".."] */
int
parse_user(struct pctx *c)
{
	static const char *const keys[] = { "role", "name", NULL };
	struct opts o;
	const char *v;

	if (c->hit != CMD_USER_ADD)
		return parse_fail(c, "what? (user add LOGIN role=trader|pm|"
		    "compliance|ops|admin [name=\"..\"])");
	parse_set_what(c, 0, 2);
	if (parse_ident_at(c, 2, c->cmd->user, sizeof c->cmd->user, "login",
	    "whose login? (user add LOGIN role=..)") == -1 ||
	    parse_opts_rest(c, 3, &o, keys) == -1)
		return -1;
	if ((v = parse_opt_get(&o, "role")) == NULL)
		return parse_fail(c, "role= is missing (trader, pm, "
		    "compliance, ops or admin)");
	if (user_role_parse(v, &c->cmd->role) == -1)
		return parse_fail(c, "'%s' is not a role (trader, pm, "
		    "compliance, ops or admin)", v);
	if ((v = parse_opt_get(&o, "name")) != NULL &&
	    parse_text(c, v, c->cmd->text, sizeof c->cmd->text, "name") == -1)
		return -1;
	c->cmd->kind = CMD_USER_ADD;
	return 0;
}

/* as LOGIN */
int
parse_as(struct pctx *c)
{
	c->cmd->kind = CMD_AS;
	return parse_one_ident(c, 1, c->cmd->user, sizeof c->cmd->user, "login",
	    "as whom? (as LOGIN)");
}

/* rule add ID kind=.. [params] | rule list | rule del|disable|enable ID */
int
parse_rule(struct pctx *c)
{
	const struct word *sub = parse_pos_at(c, 1), *w;
	struct cmd *cmd = c->cmd;
	char	key[32];
	int	i;

	if (parse_sub_word(c, "rule add, list, del, disable or enable") == -1)
		return -1;
	if (c->hit == CMD_RULE_LIST) {
		cmd->kind = CMD_RULE_LIST;
		return parse_no_more(c, 2);
	}
	if (c->hit == CMD_RULE_ADD || c->hit == CMD_RULE_DEL ||
	    c->hit == CMD_RULE_DISABLE || c->hit == CMD_RULE_ENABLE)
		cmd->kind = c->hit;
	else {
		parse_set_what(c, 0, 1);
		return parse_fail(c, "cannot '%s' a rule (add, list, del, "
		    "disable or enable)", sub->text);
	}
	if (parse_ident_at(c, 2, cmd->rule.id, sizeof cmd->rule.id, "rule id",
	    "which rule? (%s ID%s)", c->what,
	    cmd->kind == CMD_RULE_ADD ? " kind=.. [params]" : "") == -1)
		return -1;
	if (cmd->kind != CMD_RULE_ADD)
		return parse_no_more(c, 3);
	/* The id as typed, not rule.id: rule_init() clears the rule. */
	if (rule_init(&cmd->rule, parse_pos_at(c, 2)->text, c->err) == -1)
		return parse_fail_core(c);
	for (i = 3; (w = parse_word_at(c, i)) != NULL; i++) {
		if (w->eq < 0)
			return parse_fail(c, "unexpected word '%s' (rule "
			    "parameters are key=value)", w->text);
		if ((size_t)w->eq >= sizeof key)
			return parse_fail(c, "unknown parameter '%.*s'", w->eq,
			    w->text);
		memcpy(key, w->text, (size_t)w->eq);
		key[w->eq] = '\0';
		if (!parse_lower_copy(key, key, sizeof key))
			return parse_fail(c, "unknown parameter '%s'", key);
		if (rule_set(&cmd->rule, key, w->text + w->eq + 1,
		    c->err) == -1)
			return parse_fail_core(c);
	}
	if (rule_validate(&cmd->rule, c->err) == -1)
		return parse_fail_core(c);
	return 0;
}

/* approve ORDER_ID [reason=..] | reject ORDER_ID reason=.. */
static int
parse_review(struct pctx *c, bool approve)
{
	static const char *const keys[] = { "reason", NULL };
	struct opts o;
	const char *v;

	if (parse_ident_at(c, 1, c->cmd->id, sizeof c->cmd->id, "order id",
	    "which order? (%s ORDER_ID%s)", c->what,
	    approve ? " [reason=\"..\"]" : " reason=\"..\"") == -1 ||
	    parse_opts_rest(c, 2, &o, keys) == -1)
		return -1;
	if ((v = parse_opt_get(&o, "reason")) != NULL &&
	    parse_text(c, v, c->cmd->text, sizeof c->cmd->text, "reason") == -1)
		return -1;
	if (!approve && c->cmd->text[0] == '\0')
		return parse_fail(c, "a rejection needs its reason (reject %s "
		    "reason=\"..\")", c->cmd->id);
	c->cmd->kind = approve ? CMD_APPROVE : CMD_REJECT;
	return 0;
}

int
parse_approve(struct pctx *c)
{
	return parse_review(c, true);
}

int
parse_reject(struct pctx *c)
{
	return parse_review(c, false);
}

/* set review.same_login alert|refuse: the store's settings (the values
 * are checked here: the language knows them all). */
int
parse_set(struct pctx *c)
{
	const struct word *key = parse_pos_at(c, 1), *val = parse_pos_at(c, 2);

	if (key == NULL || !parse_lower_copy(key->text, c->cmd->setting,
	    sizeof c->cmd->setting) ||
	    strcmp(c->cmd->setting, "review.same_login") != 0)
		return parse_fail(c, "%s%s%sa setting of the store is one of: "
		    "review.same_login alert|refuse", key ? "'" : "",
		    key ? key->text : "", key ? "' is not a setting: " : "");
	parse_set_what(c, 0, 2);
	if (val == NULL || !parse_lower_copy(val->text, c->cmd->value,
	    sizeof c->cmd->value) || (strcmp(c->cmd->value, "alert") != 0 &&
	    strcmp(c->cmd->value, "refuse") != 0))
		return parse_fail(c, "%s%s%sthe value is alert or refuse",
		    val ? "'" : "", val ? val->text : "",
		    val ? "' is not a value: " : "");
	c->cmd->kind = CMD_SET;
	return parse_no_more(c, 3);
}

/* halt [acct=..] [reason=..] | resume [acct=..]: trading stops, or not. */
static int
parse_stop(struct pctx *c, bool halt)
{
	static const char *const halt_keys[] = { "acct", "reason", NULL };
	static const char *const resume_keys[] = { "acct", NULL };
	struct opts o;
	const char *v;

	if (parse_opts_rest(c, 1, &o, halt ? halt_keys : resume_keys) == -1)
		return -1;
	if ((v = parse_opt_get(&o, "acct")) != NULL &&
	    parse_ident(c, v, c->cmd->filter.acct, sizeof c->cmd->filter.acct,
	    "account") == -1)
		return -1;
	if (halt && (v = parse_opt_get(&o, "reason")) != NULL &&
	    parse_text(c, v, c->cmd->text, sizeof c->cmd->text, "reason") == -1)
		return -1;
	c->cmd->kind = halt ? CMD_HALT : CMD_RESUME;
	return 0;
}

int
parse_halt(struct pctx *c)
{
	return parse_stop(c, true);
}

int
parse_resume(struct pctx *c)
{
	return parse_stop(c, false);
}

/* audit head */
int
parse_audit(struct pctx *c)
{
	if (c->hit != CMD_AUDIT_HEAD)
		return parse_fail(c, "what? (audit head)");
	parse_set_what(c, 0, 2);
	c->cmd->kind = CMD_AUDIT_HEAD;
	return parse_no_more(c, 2);
}
