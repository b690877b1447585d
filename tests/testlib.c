/* tests/testlib.c: helpers shared by the unit tests; see testlib.h. */
#include "config.h"
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "fixed.h"

/* A price from text; the text must parse. */
int64_t
P(const char *s)
{
	struct err err;
	int64_t	v = 0;

	ck_assert_msg(fixed_parse(s, PX_DECIMALS, &v, "price", &err) == 0,
	    "%s: %s", s, err.msg);
	return v;
}

/* An amount of money from text; the text must parse. */
int64_t
M(const char *s)
{
	struct err err;
	int64_t	v = 0;

	ck_assert_msg(fixed_parse(s, MONEY_DECIMALS, &v, "amount", &err) == 0,
	    "%s: %s", s, err.msg);
	return v;
}

/* A pending DAY order with the usual defaults; see testlib.h. */
struct order
testlib_order(const char *id, const char *acct, const char *sym,
    enum order_side side, int64_t qty, int64_t limit_px)
{
	struct order o;

	memset(&o, 0, sizeof o);
	str_copy(o.id, sizeof o.id, id);
	str_copy(o.account, sizeof o.account, acct);
	str_copy(o.symbol, sizeof o.symbol, sym);
	o.side = side;
	o.type = limit_px > 0 ? OTYPE_LIMIT : OTYPE_MARKET;
	o.tif = TIF_DAY;
	o.status = ORDER_PENDING_NEW;
	o.prev_status = ORDER_PENDING_NEW;
	o.qty = qty;
	o.limit_px = limit_px;
	return o;
}

/* An instrument with its class's defaults; see testlib.h. */
struct instrument
testlib_instrument(const char *sym, enum asset_class cls, const char *ccy)
{
	struct instrument in;
	struct err err;

	ck_assert_msg(instrument_init(&in, sym, cls, ccy, &err) == 0, "%s",
	    err.msg);
	return in;
}

/* A new file named from TMPL holding DATA; see testlib.h. */
void
testlib_temp_file(char *tmpl, const void *data, size_t len)
{
	int	fd = mkstemp(tmpl);

	ck_assert_msg(fd >= 0, "mkstemp %s", tmpl);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

/* A new folder named from TMPL. */
void
testlib_temp_dir(char *tmpl)
{
	ck_assert_msg(mkdtemp(tmpl) != NULL, "mkdtemp %s", tmpl);
}

/* Remove DIR and everything in it; see testlib.h. */
void
testlib_rm_dir(const char *dir)
{
	DIR	*d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char	path[4200];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			testlib_rm_dir(path);
		else
			ck_assert_msg(unlink(path) == 0, "unlink %s", path);
	}
	closedir(d);
	ck_assert_msg(rmdir(dir) == 0, "rmdir %s", dir);
}

/* Run SR's tests, free it, and say how main() ends. */
int
testlib_run(SRunner *sr)
{
	int	failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
