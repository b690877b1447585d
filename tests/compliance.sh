#!/bin/sh
# Compliance from the outside: what show compliance, show audit and show
# alerts print, the rule file, the login's own role (as, the last admin),
# post-trade alerts, and the example rule set shipped in data/.
set -u
: "${BLOTTER:=./blotter}"
: "${BLOTTER_DATADIR:=${srcdir:-.}/data}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-cpl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Scripts read blotterrc (review.same_login): not the tester's own.
XDG_CONFIG_HOME=$tmp/config
export XDG_CONFIG_HOME
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
me=$(id -un)

# run NAME [ARGS]: the script $tmp/NAME.blot on the store $tmp/NAME.db
run() {
	name=$1
	shift
	"$BLOTTER" --batch "$tmp/$name.blot" --db "$tmp/$name.db" --empty "$@" \
	    >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}
status_is() { [ "$(cat "$tmp/$1.rc")" = "$2" ] && ok || {
	bad "$1: exit $(cat "$tmp/$1.rc"), expected $2"; sed 's/^/    /' "$tmp/$1.err"; }; }
has() {	# has FILE PATTERN WHAT
	if grep -qE -- "$2" "$1"; then ok; else
		bad "$3: no line matching '$2' in:"; sed 's/^/    |/' "$1"; fi
}
hasnt() { if grep -qE -- "$2" "$1"; then bad "$3: '$2' found"; else ok; fi; }

cat > "$tmp/day.blot" <<'S'
instrument add AAA class=equity ccy=USD issuer=Acme sector=Tech
account add F1 ccy=USD nav=1m
quote AAA 99.99 100.01
user add tina role=trader
user add carl role=compliance
rule add BIG kind=max_qty limit=1000
rule add FAT kind=max_qty limit=5000 action=block
rule add PL kind=position_limit sym=AAA limit=1500 action=warn
as tina
buy 10 AAA acct=F1 id=ok1
buy 2000 AAA acct=F1 id=fl1
buy 9000 AAA acct=F1 id=bl1
expect fail
as carl
approve fl1 reason="client confirmed"
show compliance fl1
show compliance
show audit fl1
show alerts
S
run day
status_is day 0
has "$tmp/day.out" 'fl1 +BIG +max_qty +review +tina +quantity 2,000 exceeds the limit 1,000' "show compliance names rule, outcome and numbers"
has "$tmp/day.out" 'ok1 +pass +tina +3 rules checked, none broken' "a pass is recorded"
has "$tmp/day.out" 'bl1 +FAT +max_qty +block' "a block is recorded"
has "$tmp/day.out" 'bl1 +BIG +max_qty +review' "every broken rule is recorded"
has "$tmp/day.out" '^ *[0-9]+ +2026-01-05T09:30:00 +tina +order.new +fl1 ' "the audit names who entered the order"
has "$tmp/day.out" ' carl +approve +fl1 .*client confirmed' "the approval with its user and reason"
has "$tmp/day.out" ' venue:sim +fill +fl1 ' "venue events are the venue's"
has "$tmp/day.out" 'breach +F1 +AAA +PL ' "a post-trade breach raises an alert"
printf 'as tina\nbuy 9000 AAA acct=F1 id=bl2\n' > "$tmp/block.blot"
"$BLOTTER" --batch "$tmp/block.blot" --db "$tmp/day.db" >/dev/null 2>"$tmp/block.err"
has "$tmp/block.err" 'block.blot:2: error: order bl2 rejected by compliance: FAT \(max_qty\): quantity 9,000 exceeds the limit 5,000' "a block names the rule"

# JSON rows.
"$BLOTTER" --batch - --db "$tmp/day.db" --json >"$tmp/json.out" 2>&1 <<'S'
show compliance fl1
show audit fl1
show alerts
show users
rule list
S
has "$tmp/json.out" '"order": ?"fl1", ?"rule": ?"BIG", ?"kind": ?"max_qty", ?"outcome": ?"review"' "show compliance --json"
has "$tmp/json.out" '"seq": ?[0-9]+, ?"time": ?"2026-01-05T09:30:00", ?"user": ?"tina", ?"kind": ?"order.new"' "show audit --json"
has "$tmp/json.out" '"login": ?"carl", ?"role": ?"compliance"' "show users --json"
has "$tmp/json.out" '"id": ?"FAT", ?"kind": ?"max_qty"' "rule list --json"

# The audit trail verifies, and the store is its owner's only.
"$BLOTTER" --verify --db "$tmp/day.db" >"$tmp/verify.out" 2>&1 && ok || {
	bad "verify after a compliance day"; cat "$tmp/verify.out"; }
mode=$(stat -c %a "$tmp/day.db")
[ "$mode" = 600 ] && ok || bad "the store is mode $mode, not 600"

# A rule file loads whole or not at all, naming each bad line.
cat > "$tmp/rules.txt" <<'S'
# house rules
R1 kind=max_qty limit=100 action=block
rule add R2 kind=restricted issuer="Acme" action=block

R3 kind=price_collar pct=5 warn_at=2
S
cat > "$tmp/badrules.txt" <<'S'
R4 kind=max_qty limit=100
R5 kind=max_qty
R6 kind=frob
R4 kind=max_qty limit=200
S
cat > "$tmp/load.blot" <<S
instrument add AAA class=equity ccy=USD issuer=Acme
account add F1
quote AAA 99.99 100.01
load rules $tmp/badrules.txt
expect fail
rule list
load rules $tmp/rules.txt
rule list
buy 1 AAA acct=F1 id=r1
expect fail
load rules $tmp/rules.txt
expect fail
load rules $tmp/nowhere.txt
expect fail
S
run load
status_is load 0
has "$tmp/load.out" '^no compliance rules' "a bad rule file adds nothing"
has "$tmp/load.out" '3 rules loaded' "a good rule file loads"
has "$tmp/load.out" 'R2 +restricted +\* +block +on +kind=restricted issuer=Acme action=block' "rule list shows what was loaded"
cat > "$tmp/loadbad.blot" <<S
load rules $tmp/badrules.txt
S
run loadbad
cat "$tmp/loadbad.out" "$tmp/loadbad.err" > "$tmp/loadbad.all"
has "$tmp/loadbad.err" 'loadbad.blot:1: error: .*badrules.txt:2: .*limit' "the first bad line is the error"
has "$tmp/loadbad.err" '\(also bad: lines 3, 4\)' "every bad line is named"
# Lines the reader refuses (a NUL byte, bytes that are not UTF-8, a line
# past the limit) are named among the others too, first or not.
printf 'R7 kind=frob\nR8 kind=max_qty limit=1000\000 action=block\nR9 kind=max_qty limit=\377\n' > "$tmp/bytes1.txt"
printf 'R8 kind=max_qty limit=1000\000 action=block\nR9 kind=frob\n' > "$tmp/bytes2.txt"
{ printf 'R7 kind=frob\nR8 kind=max_qty limit=1 note='; head -c 5000 /dev/zero | tr '\0' x; printf '\n'; } > "$tmp/bytes3.txt"
printf 'account add F1\nload rules %s\nload rules %s\nload rules %s\nrule list\n' \
    "$tmp/bytes1.txt" "$tmp/bytes2.txt" "$tmp/bytes3.txt" > "$tmp/bytes.blot"
run bytes --keep-going
status_is bytes 1
has "$tmp/bytes.err" 'bytes1.txt:1: .*frob.* \(also bad: lines 2, 3\)' "refused lines after the first are named"
has "$tmp/bytes.err" 'bytes2.txt:1: the line holds a NUL byte.* \(also bad: line 2\)' "a refused first line and the line after it"
has "$tmp/bytes.err" 'bytes3.txt:1: .*frob.* \(also bad: line 2\)' "a line past the limit is named"
has "$tmp/bytes.out" '^no compliance rules' "files with refused lines add nothing"
printf 'R1 kind=max_qty limit=1\nR1 kind=max_qty limit=2\n' > "$tmp/twice.txt"
printf 'load rules %s\n' "$tmp/twice.txt" > "$tmp/twice.blot"
run twice
has "$tmp/twice.err" 'twice.txt:2: rule R1 is given twice' "a rule given twice is named"

# The example rule set ships, loads on the shipped data, and blocks a fat
# finger.
cat > "$tmp/example.blot" <<S
load rules $BLOTTER_DATADIR/rules.example
quote AAPL 189.99 190.01
buy 2m AAPL acct=MAIN id=fat
expect fail
expect order fat status=rejected
buy 100 AAPL acct=MAIN id=fine
expect order fine status=filled
S
"$BLOTTER" --batch "$tmp/example.blot" --db "$tmp/example.db" >"$tmp/example.out" 2>&1 && ok || {
	bad "the shipped example rules"; sed 's/^/    /' "$tmp/example.out"; }

# When the login running blotter is no longer an admin, 'as' is refused;
# the last admin keeps the role.
cat > "$tmp/demote.blot" <<S
user add boss role=admin
user add $me role=trader
as boss
expect fail
user add boss role=trader
expect fail
S
run demote
status_is demote 0
has "$tmp/demote.out" "user $me changed as trader" "the login demoted"
cat > "$tmp/last.blot" <<S
user add $me role=trader
S
run last
status_is last 1
has "$tmp/last.err" "$me is the only admin of this store" "the last admin"

# A login that is not a user of the store may only look.
cat > "$tmp/stranger.blot" <<S
user add boss role=admin
as boss
user add $me role=trader
user add zed role=admin
S
run stranger
cat > "$tmp/look.blot" <<'S'
show orders
instrument add QQQ class=equity
S
"$BLOTTER" --batch "$tmp/look.blot" --db "$tmp/stranger.db" >"$tmp/look.out" 2>"$tmp/look.err"
has "$tmp/look.err" "look.blot:2: error: $me is a trader: only ops or admin users may change reference data" "a trader cannot add instruments"

# Four eyes between people (review.same_login).  Every user of a script
# runs from this login, so a trader's order approved by a compliance user
# is approved by the login that entered it.
cat > "$tmp/same.setup" <<'S'
instrument add AAA class=equity ccy=USD
account add F1 ccy=USD nav=10m
quote AAA 99.99 100.01
user add tina role=trader
user add carl role=compliance
rule add BIG kind=max_qty limit=1000
as tina
buy 5000 AAA acct=F1 id=sl1
buy 2000 AAA acct=F1 id=sl2
as carl
S
cat "$tmp/same.setup" - > "$tmp/same.blot" <<'S'
approve sl1 reason="client confirmed"
reject sl2 reason="too large"
show audit sl1
show audit sl2
show compliance sl1
show alerts
show settings
S
run same
status_is same 0
has "$tmp/same.out" "^alert: same_login F1 review.same_login: order sl1 entered by tina and approved by carl, both from login $me" "the approval raises an alert"
has "$tmp/same.out" " carl +approve +sl1 .*\"by\":\"carl\",\"login\":\"$me\",.*\"same_login\":\"yes\"" "the approval records the login, marked"
has "$tmp/same.out" " carl +reject +sl2 .*\"by\":\"carl\",\"login\":\"$me\"" "the rejection records the login"
has "$tmp/same.out" " tina +order.new +sl1 .*\"user\":\"tina\",\"login\":\"$me\"" "the order records the login that entered it"
has "$tmp/same.out" "sl1 +review.same_login +four_eyes +alert +carl +entered by tina and approved by carl, both from login $me" "show compliance has the same-login check"
has "$tmp/same.out" "same_login +F1 +AAA +review.same_login +carl +order sl1 entered by tina" "show alerts has it"
has "$tmp/same.out" "^review.same_login +alert +default +alert" "show settings: the default"
# The rule column holds review.same_login: the columns after it stay
# under their headers (USER and DETAIL start where the header says).
aligned() {	# aligned FILE HEADER-PATTERN ROW-PATTERN COLUMN VALUE WHAT
	awk -v hp="$2" -v rp="$3" -v col="$4" -v val="$5" '
	    $0 ~ hp { at = index($0, col) }
	    at && $0 ~ rp { found = 1; if (substr($0, at, length(val)) == val) ok = 1 }
	    END { exit !(found && ok) }' "$1" && ok ||
	    bad "$6: $4 is not under its header"
}
aligned "$tmp/same.out" '^TIME +ORDER +RULE' 'sl1 +review.same_login' USER carl "show compliance"
aligned "$tmp/same.out" '^TIME +ORDER +RULE' 'sl1 +review.same_login' DETAIL "entered by" "show compliance"
aligned "$tmp/same.out" '^TIME +KIND +ACCOUNT' 'same_login +F1' USER carl "show alerts"
aligned "$tmp/same.out" '^TIME +KIND +ACCOUNT' 'same_login +F1' DETAIL "order sl1" "show alerts"
printf 'set review.same_login alert\nshow audit\n' > "$tmp/setaudit.blot"
run setaudit
aligned "$tmp/setaudit.out" '^SEQ +TIME +USER' 'set +review.same_login' DETAIL '{"value":"alert"' "show audit"
"$BLOTTER" --verify --db "$tmp/same.db" >"$tmp/sameverify.out" 2>&1 && ok || {
	bad "verify after a same-login approval"; cat "$tmp/sameverify.out"; }
has "$tmp/sameverify.out" "^note: journal seq [0-9]+: order sl1 was approved by carl from login $me, the login that entered it \(as tina\)" "--verify lists the same-login approval"
hasnt "$tmp/sameverify.out" "sl2" "a rejection is not listed as an approval"
has "$tmp/sameverify.out" "the audit chain is whole" "a same-login approval is no problem of the store"

# refuse in the configuration: the approval fails, naming the rule; a
# bad value is refused with its line.
printf '# four eyes\nreview.same_login = refuse\n' > "$tmp/refuse.rc"
cat "$tmp/same.setup" - > "$tmp/same2.blot" <<'S'
approve sl1
S
run same2 --config "$tmp/refuse.rc"
status_is same2 1
has "$tmp/same2.err" "same2.blot:11: error: order sl1 was entered by tina from login $me, the login approving it: review.same_login is refuse \(in the configuration\)" "refuse names the rule"
# An order entered before blotter kept logins (upgraded from schema 4,
# login ''): that another login approves it cannot be shown, so refuse
# refuses it too; alert lets it through.
cat "$tmp/same.setup" > "$tmp/old.blot"
run old
status_is old 0
sqlite3 "$tmp/old.db" "UPDATE orders SET login = '' WHERE id = 'sl1'"
printf 'as carl\napprove sl1\n' > "$tmp/old.blot"
run old --config "$tmp/refuse.rc"
status_is old 1
has "$tmp/old.err" "old.blot:2: error: order sl1 was entered before blotter kept logins: that another login approves it cannot be shown, and review.same_login is refuse \(in the configuration\)" "refuse holds for an order without a login"
run old
status_is old 0
has "$tmp/old.out" "^sl1 approved" "alert lets an order without a login through"
printf 'review.same_login = maybe\n' > "$tmp/maybe.rc"
run same2 --config "$tmp/maybe.rc"
status_is same2 2
has "$tmp/same2.err" "maybe.rc:1: review.same_login is alert or refuse, not 'maybe'" "a bad value names its line"

# The default configuration file counts in a script too; one with errors
# is not used, and says so.
mkdir -p "$tmp/config/blotter"
cp "$tmp/refuse.rc" "$tmp/config/blotter/blotterrc"
rm -f "$tmp/same2.db"*
run same2
status_is same2 1
has "$tmp/same2.err" "same2.blot:11: error: .*review.same_login is refuse \(in the configuration\)" "the default configuration counts in a script"
printf 'review.same_login = refuse\nbogus = 1\n' > "$tmp/config/blotter/blotterrc"
rm -f "$tmp/same2.db"*
run same2
status_is same2 0
has "$tmp/same2.err" "^blotter: warning: the configuration .*/config/blotter/blotterrc has errors and is not used" "a default configuration with errors says so"
has "$tmp/same2.err" "blotterrc:2: unknown setting 'bogus'" "and names the bad line"
rm -r "$tmp/config/blotter"

# refuse in the store, set by its admin, holds in later runs whatever a
# configuration file says.
cat "$tmp/same.setup" > "$tmp/same3.blot"
printf 'as %s\nset review.same_login refuse\n' "$me" >> "$tmp/same3.blot"
run same3
status_is same3 0
has "$tmp/same3.out" "^review.same_login = refuse in the store" "the admin sets it"
printf 'review.same_login = alert\n' > "$tmp/alert.rc"
printf 'as carl\nshow settings\napprove sl1\n' > "$tmp/same4.blot"
"$BLOTTER" --batch "$tmp/same4.blot" --db "$tmp/same3.db" --config "$tmp/alert.rc" \
    >"$tmp/same4.out" 2>"$tmp/same4.err"
[ $? = 1 ] && ok || bad "same4: an approval against the store's refuse passed"
has "$tmp/same4.out" "^review.same_login +refuse +store +refuse +alert" "show settings: the store's refuse"
has "$tmp/same4.err" "same4.blot:3: error: .*review.same_login is refuse \(in the store\)" "the store's setting names itself"
"$BLOTTER" --batch - --db "$tmp/same3.db" >"$tmp/same5.out" 2>&1 <<'S'
show audit
S
has "$tmp/same5.out" " set +review.same_login +[0-9a-f]+ +\{\"value\":\"refuse\",\"login\":\"$me\"\}" "the setting is journaled"

# Another login approving: no alert, no note (the entering login is
# changed behind blotter's back, as if someone else had entered it).
if command -v sqlite3 >/dev/null 2>&1; then
	cat "$tmp/same.setup" > "$tmp/other.blot"
	run other
	sqlite3 "$tmp/other.db" "UPDATE orders SET login = 'someone' WHERE id = 'sl1'"
	printf 'as carl\napprove sl1\nshow alerts\n' > "$tmp/other2.blot"
	"$BLOTTER" --batch "$tmp/other2.blot" --db "$tmp/other.db" --config "$tmp/refuse.rc" \
	    >"$tmp/other2.out" 2>&1 && ok || {
		bad "an approval by another login was refused"; cat "$tmp/other2.out"; }
	has "$tmp/other2.out" "^no alerts" "another login: no alert"

	# Whoever amends or releases an order is not its only reviewer:
	# entered elsewhere (the login changed as above), amended or
	# released and then approved from this login.
	cat "$tmp/same.setup" - > "$tmp/shape.blot" <<'S'
as tina
stage buy 500 AAA acct=F1 id=sa1
stage buy 5000 AAA acct=F1 id=sa2
stage buy 500 AAA acct=F1 id=sa3
S
	run shape
	status_is shape 0
	sqlite3 "$tmp/shape.db" "UPDATE orders SET login = 'someone' WHERE id LIKE 'sa%'"
	cat > "$tmp/shape2.blot" <<'S'
as tina
replace sa1 qty=5000
release sa1
release sa2
replace sa3 qty=5000
release sa3
expect count orders status=flagged 5
as carl
approve sa1
approve sa2
show alerts
show audit sa2
S
	"$BLOTTER" --batch "$tmp/shape2.blot" --db "$tmp/shape.db" \
	    >"$tmp/shape2.out" 2>&1 && ok || {
		bad "approvals by the amending login"; cat "$tmp/shape2.out"; }
	has "$tmp/shape2.out" "same_login +F1 +AAA +review.same_login +carl +order sa1 amended and approved by carl, both from login $me" "the amending login's approval raises an alert"
	has "$tmp/shape2.out" "same_login +F1 +AAA +review.same_login +carl +order sa2 released and approved by carl, both from login $me" "the releasing login's approval raises an alert"
	has "$tmp/shape2.out" " carl +approve +sa2 .*\"same_login\":\"yes\",\"same_login_act\":\"released\"" "the approval is marked with the act"
	printf 'as carl\napprove sa3\n' > "$tmp/shape3.blot"
	"$BLOTTER" --batch "$tmp/shape3.blot" --db "$tmp/shape.db" --config "$tmp/refuse.rc" \
	    >"$tmp/shape3.out" 2>&1 && {
		bad "refuse let the amending login approve"; cat "$tmp/shape3.out"; } || ok
	has "$tmp/shape3.out" "shape3.blot:2: error: order sa3 was amended from login $me, the login approving it: review.same_login is refuse \(in the configuration\)" "refuse names the act and the rule"
	"$BLOTTER" --verify --db "$tmp/shape.db" >"$tmp/shapeverify.out" 2>&1
	has "$tmp/shapeverify.out" "^note: journal seq [0-9]+: order sa2 was approved by carl from login $me, the login that entered it" "--verify lists the approval"
fi

echo "compliance: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
