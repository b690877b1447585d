# tests/lib.sh: what the shell tests share.  Source it after setting tmp
# (a private folder); it counts into pass and fail.
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_exit WANT DESCRIPTION -- command...: the command's output goes to
# $tmp/out and $tmp/err.
expect_exit() {
	want=$1 what=$2
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$what: exit $got, expected $want"; sed 's/^/    /' "$tmp/err"; fi
}
# wait_line FILE PATTERN [TENTHS]: wait until FILE has a line matching
# PATTERN, TENTHS tenths of a second at most (100): 0, or 1 when none came.
wait_line() {
	i=0
	while ! grep -qE -- "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt "${3:-100}" ] && return 1
		sleep 0.1
	done
	return 0
}
# expect_grep FILE PATTERN DESCRIPTION
expect_grep() {
	if grep -qE -- "$2" "$1"; then ok; else
		bad "$3: no line matching '$2' in:"; sed 's/^/    /' "$1"; fi
}
# expect_no FILE PATTERN DESCRIPTION
expect_no() {
	if grep -qE -- "$2" "$1"; then
		bad "$3: a line matches '$2':"; grep -E -- "$2" "$1" | sed 's/^/    /'
	else ok; fi
}
