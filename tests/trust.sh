#!/bin/sh
# What a trader and an auditor read must be what happened: a refused fill
# ends its order with an alert, text cannot turn itself around on the
# terminal, base values say why they are missing, an order shows the login
# that entered it, and the shipped fx rates seed a store whole or not at all.
set -u
: "${BLOTTER:=./blotter}"
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-trust.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# Scripts read blotterrc: not the tester's own.
XDG_CONFIG_HOME=$tmp/config
export XDG_CONFIG_HOME

# expect_exit WANT DESCRIPTION -- command...
expect_exit() {
	want=$1 what=$2
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$what: exit $got, expected $want"; sed 's/^/    /' "$tmp/err"; fi
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

# 1. A fill the position cannot hold: the order ends, an alert is raised
# and kept, and --verify replays it all.
cat > "$tmp/jump.blot" <<'S'
instrument add BIG class=equity ccy=USD
account add F1 ccy=USD
quote BIG 900.00 1000.00
short 1000000000 BIG @ 1000 acct=F1 id=F1 tif=gtc
quote BIG 9300.00 9301.00 bidsz=999999999
expect order F1 status=canceled cum=0 leaves=0
S
expect_exit 0 "a fill past the limits" -- "$BLOTTER" --batch "$tmp/jump.blot" --db "$tmp/jump.db" --empty
expect_grep "$tmp/out" '^warning: venue fill for order F1 refused' "the refusal is a warning"
expect_grep "$tmp/out" '^F1 canceled -> canceled' "the order ends"
printf 'show alerts\nshow order F1\n' > "$tmp/alerts.blot"
expect_exit 0 "show alerts" -- "$BLOTTER" --batch "$tmp/alerts.blot" --db "$tmp/jump.db"
expect_grep "$tmp/out" ' fill +F1 +BIG .*order F1: venue fill of 999999999 @ 9300\.00 not booked' "the alert is kept"
expect_grep "$tmp/out" 'canceled .*fill of 999999999 @ 9300\.00 refused' "the reason names the fill"
expect_exit 0 "--verify after a refused fill" -- "$BLOTTER" --verify --db "$tmp/jump.db"

# 2. Bidirectional controls in a note or a halt's reason are shown by code
# point in text output, never passed to the terminal.
rlo=$(printf '\342\200\256')
lri=$(printf '\342\201\246')
cat > "$tmp/bidi.blot" <<S
instrument add ACME class=equity
account add A1
buy 100 ACME @ 9 acct=A1 id=O1 note="abc${rlo}def${lri}x"
show order O1
halt acct=A1 reason="e${rlo}vil"
show alerts
S
expect_exit 0 "bidi controls in text" -- "$BLOTTER" --batch "$tmp/bidi.blot" --db "$tmp/bidi.db" --empty
expect_grep "$tmp/out" 'abc<U\+202E>def<U\+2066>x' "a note's bidi controls are escaped"
expect_grep "$tmp/out" 'e<U\+202E>vil' "a halt reason's bidi control is escaped"
expect_no "$tmp/out" "$rlo|$lri" "no raw bidi control reaches the terminal"

echo "trust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
