#!/bin/sh
# Runs every tests/batch/*.blot script on a fresh store and expects exit 0:
# every command succeeded, every "expect fail" saw its failure, every
# expect held.  A script whose first line is "# uses shipped data" gets the
# shipped reference data; the others start from an empty store.
# VALGRIND=1 runs each under valgrind and fails on any leak or error.
set -u
: "${BLOTTER:=./blotter}"
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-batch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Scripts read blotterrc (review.same_login): not the tester's own.
XDG_CONFIG_HOME=$tmp/config
export XDG_CONFIG_HOME
cd "$srcdir" || exit 99

pass=0 fail=0
for script in tests/batch/*.blot; do
	name=$(basename "$script" .blot)
	db="$tmp/$name.db"
	empty=--empty
	[ "$(head -n 1 "$script")" = "# uses shipped data" ] && empty=
	set -- "$BLOTTER" --batch "$script" --db "$db" $empty
	if [ "${VALGRIND:-}" = 1 ]; then
		set -- valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
		    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$@"
	fi
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
		echo "PASS: $name"
	else
		fail=$((fail + 1))
		echo "FAIL: $name (exit $rc)"
		sed 's/^/    /' "$tmp/$name.err" | head -n 20
	fi
done
echo "batch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
