#!/bin/sh
# The program's outside: options, exit statuses, error lines, JSON output,
# standard input, and stores that are corrupt or not blotter's.
set -u
: "${BLOTTER:=./blotter}"
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$srcdir/tests/lib.sh"

cat > "$tmp/good.blot" <<'S'
instrument add ACME class=equity
account add A1 nav=10m
quote ACME 9.99 10.01
buy 100 ACME acct=A1 id=O1
expect order O1 status=filled cum=100 avgpx=10.01
S
expect_exit 0 "a good script" -- "$BLOTTER" --batch "$tmp/good.blot" --empty
expect_grep "$tmp/out" '^O1 fill 100 @ 10.01 -> filled' "fill line"

# Standard input, and --batch without a file reads it too.
expect_exit 0 "script on stdin with -" -- sh -c "'$BLOTTER' --batch - --empty < '$tmp/good.blot'"
expect_exit 0 "script on stdin without a name" -- sh -c "'$BLOTTER' --empty --batch < '$tmp/good.blot'"

# A failed command: one error line FILE:LINE, exit 1, the rest not run.
cat > "$tmp/fail.blot" <<'S'
instrument add ACME class=equity
account add A1
buy 100 NOPE acct=A1
buy 100 ACME acct=A1 id=LATER
S
expect_exit 1 "a failing command" -- "$BLOTTER" --batch "$tmp/fail.blot" --empty
expect_grep "$tmp/err" "^$tmp/fail.blot:3: error: .*NOPE" "error line names file, line and symbol"
[ "$(wc -l < "$tmp/err")" -eq 1 ] && ok || bad "exactly one error line expected"
if grep -q LATER "$tmp/out"; then bad "commands after a failure ran"; else ok; fi

# --keep-going runs the rest and still exits 1.
expect_exit 1 "--keep-going" -- "$BLOTTER" --batch "$tmp/fail.blot" --empty --keep-going
expect_grep "$tmp/out" '^LATER new' "--keep-going ran the next command"

# A line that does not parse prints its own error and nothing else: not the
# previous command's order lines again (text and JSON).
printf 'instrument add ACME class=equity\naccount add A1\nquote ACME 9.99 10.01\nbuy 100 ACME acct=A1 id=B1\nfoo bar\nbuy 10 ACME acct=A1 id=B2\n' > "$tmp/badline.blot"
for fmt in "" --json; do
	expect_exit 1 "a bad line after an order ${fmt:-(text)}" -- "$BLOTTER" --batch "$tmp/badline.blot" --empty --keep-going $fmt
	n=$(grep -c 'B1' "$tmp/out")
	[ "$n" -eq 3 ] && ok || bad "a bad line ${fmt:-(text)} reprinted the order before it: $n lines for B1, expected 3 (new, ack, fill)"
	expect_grep "$tmp/out" 'B2' "the line after the bad one ran ${fmt:-(text)}"
	expect_grep "$tmp/err" "badline.blot:5: error: unknown command 'foo'" "the bad line's error ${fmt:-(text)}"
	[ "$(wc -l < "$tmp/err")" -eq 1 ] && ok || bad "one error line expected ${fmt:-(text)}"
done

# expect fail: a failure it expects is fine; a success it did not get fails.
printf 'instrument add ACME class=equity\nbuy 0 ACME\nexpect fail\n' > "$tmp/ef.blot"
printf 'account add A1\n' >> "$tmp/ef.blot"
expect_exit 0 "expect fail after a failing command" -- "$BLOTTER" --batch "$tmp/ef.blot" --empty
printf 'instrument add ACME class=equity\n\n# comment\nexpect fail\n' > "$tmp/ef2.blot"
expect_exit 1 "expect fail after a succeeding command" -- "$BLOTTER" --batch "$tmp/ef2.blot" --empty
expect_grep "$tmp/err" ":4: error: expect fail" "expect fail error names its own line"
printf 'expect fail\n' > "$tmp/ef3.blot"
expect_exit 1 "expect fail with nothing before it" -- "$BLOTTER" --batch "$tmp/ef3.blot" --empty

# A failing expect says what it found and what it expected.
printf 'instrument add ACME class=equity\naccount add A1\nquote ACME 10 10.02\nbuy 100 ACME id=X\nexpect order X status=new cum=50\n' > "$tmp/ex.blot"
expect_exit 1 "a failing expect" -- "$BLOTTER" --batch "$tmp/ex.blot" --empty
expect_grep "$tmp/err" ":5: error: expect order X: status is filled, expected new; cum is 100, expected 50" "expect message"

# Usage errors: exit 2.
expect_exit 2 "unknown option" -- "$BLOTTER" --frobnicate
expect_exit 2 "unreadable script" -- "$BLOTTER" --batch "$tmp/does-not-exist.blot"
expect_grep "$tmp/err" "does-not-exist.blot" "unreadable script is named"
expect_exit 2 "--seed without a number" -- "$BLOTTER" --batch "$tmp/good.blot" --seed
expect_exit 2 "--seed with junk" -- "$BLOTTER" --batch "$tmp/good.blot" --seed abc
expect_exit 0 "--seed N" -- "$BLOTTER" --batch "$tmp/good.blot" --seed 42 --empty
expect_exit 0 "--help" -- "$BLOTTER" --help
expect_grep "$tmp/out" "--batch" "--help lists options"
expect_exit 0 "--version" -- "$BLOTTER" --version
expect_grep "$tmp/out" "^blotter [0-9]" "--version"

# help, with and without a topic.
printf 'help tif\n' > "$tmp/help.blot"
expect_exit 0 "help tif" -- "$BLOTTER" --batch "$tmp/help.blot" --empty
expect_grep "$tmp/out" "gtd:YYYY-MM-DD" "help tif explains gtd"
printf 'help nosuchthing\n' > "$tmp/help2.blot"
expect_exit 1 "help on an unknown topic" -- "$BLOTTER" --batch "$tmp/help2.blot" --empty
expect_grep "$tmp/err" "no help on 'nosuchthing'" "unknown help topic is named"

# The screen is not in this version: say so, exit 2.
expect_exit 2 "no screen yet" -- "$BLOTTER"
expect_grep "$tmp/err" "--batch" "the message points to --batch"

# JSON lines: every line of output is one object.
printf 'instrument add ACME class=equity\naccount add A1 nav=1m\nquote ACME 9.99 10.01\nbuy 100 ACME id=J1\nshow orders\nshow positions\nshow pnl\n' > "$tmp/json.blot"
expect_exit 0 "--json" -- "$BLOTTER" --batch "$tmp/json.blot" --json --empty
if grep -qv '^{.*}$' "$tmp/out"; then bad "--json printed a line that is not an object"; else ok; fi
expect_grep "$tmp/out" '"id":"J1".*"status":"filled".*"cum_qty":100.*"leaves_qty":0.*"avg_px":10.01' "order JSON fields"
expect_grep "$tmp/out" '"account":"A1","symbol":"ACME","qty":100,"avg_cost":10.01' "position JSON fields"
expect_grep "$tmp/out" '"realized_base":0.00,"unrealized_base":-1.00,"base_ccy":"USD"' "position base fields"

# Shipped data: a new store has it unless --empty.
printf 'quote AAPL 190 190.02\nbuy 10 AAPL id=S1\nexpect order S1 status=filled\n' > "$tmp/ship.blot"
expect_exit 0 "shipped data in a new store" -- "$BLOTTER" --batch "$tmp/ship.blot"
expect_exit 1 "--empty has no shipped data" -- "$BLOTTER" --batch "$tmp/ship.blot" --empty

# A persistent store keeps orders between runs; a duplicate id is refused.
expect_exit 0 "first run on a store" -- "$BLOTTER" --batch "$tmp/good.blot" --db "$tmp/p.db" --empty
printf 'expect order O1 status=filled\nbuy 5 ACME acct=A1 id=O1\nexpect fail\n' > "$tmp/again.blot"
expect_exit 0 "second run sees the first" -- "$BLOTTER" --batch "$tmp/again.blot" --db "$tmp/p.db"

# A restart offers no more of a quote than the last run left: an order that
# used up the ask, and a resting order a later quote filled from the bid.
cat > "$tmp/size1.blot" <<'S'
instrument add LIQ class=equity
account add A1
quote LIQ 10.00 10.02 asksz=100
buy 100 LIQ acct=A1 id=L1
expect order L1 status=filled cum=100
sell 200 LIQ @ 10.01 acct=A1 id=L2 tif=gtc
quote LIQ 10.01 10.02 bidsz=150 asksz=100
expect order L2 status=partially_filled cum=150
buy 100 LIQ acct=A1 id=L1b
expect order L1b status=filled cum=100
S
cat > "$tmp/size2.blot" <<'S'
buy 100 LIQ acct=A1 id=L3
expect order L3 status=new cum=0
sell 10 LIQ acct=A1 id=L4
expect order L4 status=new cum=0
expect order L2 status=partially_filled cum=150
quote LIQ 10.01 10.02 bidsz=60 asksz=100
expect order L3 status=filled cum=100
expect order L2 status=filled cum=200
expect order L4 status=filled cum=10
S
expect_exit 0 "a run that uses up the displayed sizes" -- "$BLOTTER" --batch "$tmp/size1.blot" --db "$tmp/size.db" --empty
expect_exit 0 "the next run finds the sizes used up" -- "$BLOTTER" --batch "$tmp/size2.blot" --db "$tmp/size.db"
expect_exit 0 "--verify after the runs on the sizes" -- "$BLOTTER" --verify --db "$tmp/size.db"

# --verify: agrees on a healthy store, finds a tampered projection.
expect_exit 0 "--verify on a healthy store" -- "$BLOTTER" --verify --db "$tmp/p.db"
sqlite3 "$tmp/p.db" "UPDATE orders SET cum_qty = 60 WHERE id = 'O1'"
expect_exit 1 "--verify on a tampered store" -- "$BLOTTER" --verify --db "$tmp/p.db"
expect_grep "$tmp/out" "O1.*cum_qty" "--verify names the order and the field"
expect_exit 2 "--verify on a missing store" -- "$BLOTTER" --verify --db "$tmp/none.db"

# --verify on a journal whose quantities were forged to the 64-bit edge: a
# problem named for each, never arithmetic past 64 bits (UBSan builds).
cat > "$tmp/edge.blot" <<'S'
instrument add ACME class=equity
account add A1
quote ACME 9.99 10.01
buy 100 ACME acct=A1 id=E1
sell 100 ACME acct=A1 id=E2
buy 100 ACME acct=A1 id=E3
S
expect_exit 0 "a store to forge" -- "$BLOTTER" --batch "$tmp/edge.blot" --db "$tmp/edge.db" --empty
# E2's fill joined its order.new (acknowledged and filled as it came).
sqlite3 "$tmp/edge.db" "UPDATE journal SET body = replace(body, '\"fill_qty\":100', '\"fill_qty\":-9223372036854775808') WHERE kind = 'order.new' AND ref = 'E2';
    UPDATE journal SET body = replace(body, '\"qty\":100,', '\"qty\":100,\"cum_qty\":-9223372036854775808,') WHERE kind = 'order.new' AND body LIKE '%\"E3\"%'"
expect_exit 1 "--verify on forged quantities" -- "$BLOTTER" --verify --db "$tmp/edge.db"
expect_grep "$tmp/out" "fill of ACME for account A1 has quantity -9223372036854775808, outside 1\.\.1000000000000" "--verify names the forged fill quantity"
expect_grep "$tmp/out" "order E3 has quantity 100 with -9223372036854775808 filled" "--verify names the forged filled quantity"

# Stores that cannot be used: one clear line naming the file.
printf 'this is not a database, it is a shopping list\n%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 > "$tmp/garbage.db"
expect_exit 1 "a corrupt store" -- "$BLOTTER" --batch "$tmp/good.blot" --db "$tmp/garbage.db"
expect_grep "$tmp/err" "garbage.db.*not a blotter store" "corrupt store is named"
sqlite3 "$tmp/other.db" "CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('soup');"
expect_exit 1 "another program's database" -- "$BLOTTER" --batch "$tmp/good.blot" --db "$tmp/other.db"
expect_grep "$tmp/err" "other.db.*not a blotter store" "foreign database is named"
[ "$(sqlite3 "$tmp/other.db" 'SELECT name FROM recipes')" = soup ] && ok || bad "a foreign database was changed"

# A store another blotter is trading on: refused at once, by name.
expect_exit 0 "a store for two blotters" -- "$BLOTTER" --batch "$tmp/good.blot" --db "$tmp/two.db" --empty
(printf 'expect order O1 status=filled\n'; sleep 3) | "$BLOTTER" --batch - --db "$tmp/two.db" >/dev/null 2>&1 &
first=$!
sleep 1
printf 'buy 5 ACME acct=A1\n' > "$tmp/second.blot"
expect_exit 1 "a second blotter on the same store" -- "$BLOTTER" --batch "$tmp/second.blot" --db "$tmp/two.db"
expect_grep "$tmp/err" "two.db is in use by another blotter" "the second blotter is told why"
expect_exit 0 "--verify reads a store in use" -- "$BLOTTER" --verify --db "$tmp/two.db"
wait "$first"
expect_exit 0 "the store is free again" -- "$BLOTTER" --batch "$tmp/second.blot" --db "$tmp/two.db"

# A store another process holds locked: a clear error after the wait.
if command -v sqlite3 >/dev/null; then
	(printf 'BEGIN IMMEDIATE;\nINSERT INTO meta VALUES ('"'"'lock'"'"', '"'"'held'"'"');\n'; sleep 8) \
	    | sqlite3 "$tmp/p.db" &
	holder=$!
	sleep 1
	printf 'buy 5 ACME acct=A1\n' > "$tmp/lock.blot"
	expect_exit 1 "a locked store" -- "$BLOTTER" --batch "$tmp/lock.blot" --db "$tmp/p.db"
	expect_grep "$tmp/err" "p.db.*locked" "a locked store is named and called locked"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	expect_exit 0 "the store works once the lock is gone" -- "$BLOTTER" --batch "$tmp/lock.blot" --db "$tmp/p.db"
fi

# Bad reference files: nothing from a bad file is loaded.
expect_exit 0 "a bad instruments file is refused whole" -- sh -c "cd '$srcdir' && '$BLOTTER' --batch tests/batch/load-bad.blot --empty"

# Input bytes: a NUL inside a line, bytes that are not UTF-8 and a line
# longer than 4095 bytes are errors naming the file and the line, in a
# script, a rules file and a CSV file; nothing of a bad file is applied.
# bad_line KIND: the text that makes a line bad, on stdout.
bad_line() {
	case $1 in
	nul) printf '\000' ;;
	utf8) printf 'caf\351' ;;
	long) printf '%5000s' '' ;;
	esac
}
bad_msg() {
	case $1 in
	nul) echo 'the line holds a NUL byte' ;;
	utf8) echo 'the line is not UTF-8' ;;
	long) echo 'the line is longer than 4095 bytes' ;;
	esac
}
for kind in nul utf8 long; do
	msg=$(bad_msg $kind)
	# A script: before the fix, "id=B1<NUL>0" entered order B1.
	{ printf 'instrument add ACME class=equity\naccount add A1\n'
	  printf 'buy 10 ACME acct=A1 id=B1'; bad_line $kind; printf '0\n'
	  printf 'buy 10 ACME acct=A1 id=NEXT\n'; } > "$tmp/bytes.blot"
	expect_exit 1 "script with a $kind line" -- "$BLOTTER" --batch "$tmp/bytes.blot" --empty
	expect_grep "$tmp/err" "^$tmp/bytes.blot:3: error: $msg" "script $kind line named"
	if grep -q 'B1\|NEXT' "$tmp/out"; then bad "script $kind line: an order was entered"; else ok; fi
	expect_exit 1 "script on stdin with a $kind line" -- sh -c "'$BLOTTER' --batch - --empty < '$tmp/bytes.blot'"
	expect_grep "$tmp/err" "^stdin:3: error: $msg" "stdin $kind line named"
	# A rules file: before the fix, "limit=2000<NUL> action=block" loaded
	# as a review rule, and a long line was cut at 1100 bytes.
	{ printf 'R1 kind=max_notional limit=1000 action=block\n'
	  printf 'R2 kind=max_notional limit=2000'; bad_line $kind; printf ' action=block\n'; } > "$tmp/bytes.rules"
	printf 'load rules %s\nrule list\n' "$tmp/bytes.rules" > "$tmp/rules.blot"
	expect_exit 1 "rules file with a $kind line" -- "$BLOTTER" --batch "$tmp/rules.blot" --empty --keep-going
	expect_grep "$tmp/err" "^$tmp/rules.blot:1: error: $tmp/bytes.rules:2: $msg" "rules $kind line named"
	if grep -q 'R1\|R2' "$tmp/out"; then bad "rules $kind line: a rule was loaded"; else ok; fi
	# A CSV file: before the fix, "0.01<NUL>5" loaded a tick of 0.01.
	{ printf 'symbol,class,ccy,tick\nACME,equity,USD,0.01\n'
	  printf 'ZZZ,equity,USD,0.01'; bad_line $kind; printf '5\n'; } > "$tmp/bytes.csv"
	printf 'load instruments %s\naccount add A1\nbuy 1 ACME acct=A1 id=C1\n' "$tmp/bytes.csv" > "$tmp/csv.blot"
	expect_exit 1 "CSV file with a $kind line" -- "$BLOTTER" --batch "$tmp/csv.blot" --empty --keep-going
	expect_grep "$tmp/err" "^$tmp/csv.blot:1: error: $tmp/bytes.csv:3: $msg.*nothing was loaded" "CSV $kind line named"
	expect_grep "$tmp/err" "^$tmp/csv.blot:3: error: .*ACME" "CSV $kind line: nothing was loaded"
done
# A long line does not cost its length in memory: 64 MB in 60 MB of
# address space (not under ASan, whose shadow memory needs more).
{ printf 'instrument add ACME class=equity\n'
  head -c 67108864 /dev/zero | tr '\0' x; printf '\nbuy 1 ACME\n'; } > "$tmp/huge.blot"
cap="ulimit -v 60000;"
grep -q __asan_init "$BLOTTER" && cap=
expect_exit 1 "a 64 MB line" -- sh -c "$cap '$BLOTTER' --batch '$tmp/huge.blot' --empty --keep-going"
expect_grep "$tmp/err" "^$tmp/huge.blot:2: error: the line is longer than 4095 bytes" "64 MB line named"
expect_grep "$tmp/err" "^$tmp/huge.blot:3: error: " "the line after a 64 MB line is read"
rm -f "$tmp/huge.blot"
# A script that cannot be read (a folder): exit 2 with the reason.
mkdir "$tmp/folder.blot"
expect_exit 2 "a script that fails to read" -- "$BLOTTER" --batch "$tmp/folder.blot" --empty
expect_grep "$tmp/err" "folder.blot.*(reading failed|cannot)" "a read failure is named"

# Terminal safety: control characters typed into a note, an issuer or a
# halt reason never reach the terminal raw, in text or in JSON.
esc=$(printf '\033')
{ printf 'instrument add ACME class=equity issuer="Acme\033[2J"\n'
  printf 'account add A1 name="Ann\033]0;owned\007"\n'
  printf 'buy 10 ACME acct=A1 id=E1 note="a\033[31mred\033]0;title\007 \302\2332J\177"\n'
  printf 'show orders\nshow order E1\n'
  printf 'halt reason="lunch\033[8m\r"\nbuy 1 ACME acct=A1 id=E2\nshow alerts\nshow audit\n'; } > "$tmp/esc.blot"
expect_exit 1 "control characters in stored text" -- "$BLOTTER" --batch "$tmp/esc.blot" --empty --keep-going
if grep -q "$esc" "$tmp/out" "$tmp/err"; then bad "a raw ESC reached the terminal:"; od -c "$tmp/out" "$tmp/err" | grep -m3 '033'; else ok; fi
if LC_ALL=C grep -q "$(printf '\r')" "$tmp/out" "$tmp/err"; then bad "a raw CR reached the terminal"; else ok; fi
expect_grep "$tmp/out" 'halted .*lunch\^\[\[8m\^M' "a halt reason shows its ESC as ^["
expect_grep "$tmp/err" ':7: error: .*lunch\^\[\[8m\^M' "an error line shows its ESC as ^["
expect_exit 1 "control characters in stored text, JSON" -- "$BLOTTER" --batch "$tmp/esc.blot" --empty --keep-going --json
if LC_ALL=C grep -q "$esc\|$(printf '\302\233')\|$(printf '\177')" "$tmp/out"; then bad "a raw control character in JSON output"; else ok; fi
expect_grep "$tmp/out" '"note":"a\\u001b\[31mred\\u001b\]0;title\\u0007 \\u009b2J\\u007f"' "JSON escapes the note's controls"
if grep -qv '^{.*}$' "$tmp/out"; then bad "--json printed a line that is not an object"; else ok; fi

# report ... out=FILE: a private file (0600), never through a symbolic
# link, and no temporary file left behind.
cat > "$tmp/conf.blot" <<'S'
instrument add ACME class=equity
account add A1
account add A2
quote ACME 9.99 10.01
stage buy 100 ACME acct=A1 id=S1
stage buy 50 ACME acct=A2 id=S2
block S1 S2 id=BK
release BK
alloc BK
S
mkdir "$tmp/rep"
printf 'precious\n' > "$tmp/target"
ln -s "$tmp/target" "$tmp/rep/link.csv"
printf 'report confirms out=%s/rep/link.csv\n' "$tmp" >> "$tmp/conf.blot"
expect_exit 1 "out= onto a symbolic link" -- "$BLOTTER" --batch "$tmp/conf.blot" --empty
expect_grep "$tmp/err" "rep/link.csv: it is a symbolic link" "the symbolic link is named"
[ "$(cat "$tmp/target")" = precious ] && ok || bad "out= wrote through a symbolic link"
[ -L "$tmp/rep/link.csv" ] && ok || bad "out= replaced the symbolic link"
[ "$(ls -A "$tmp/rep")" = link.csv ] && ok || bad "out= left a file behind after a failure: $(ls -A "$tmp/rep")"
sed -i '$d' "$tmp/conf.blot"
printf 'report confirms out=%s/rep/conf.csv\n' "$tmp" >> "$tmp/conf.blot"
mask=$(umask); umask 022
expect_exit 0 "out= writes a file" -- "$BLOTTER" --batch "$tmp/conf.blot" --empty
umask "$mask"
expect_grep "$tmp/rep/conf.csv" '^A1 .*buy.*ACME' "the confirmations are written"
[ "$(stat -c %a "$tmp/rep/conf.csv")" = 600 ] && ok || bad "out= file mode is $(stat -c %a "$tmp/rep/conf.csv"), not 600"
[ "$(ls -A "$tmp/rep" | sort | tr '\n' ' ')" = "conf.csv link.csv " ] && ok || bad "out= left a temporary file: $(ls -A "$tmp/rep")"
# Over an existing file: replaced whole, 0600 even if it was not.
printf 'old\n' > "$tmp/rep/old.csv"; chmod 644 "$tmp/rep/old.csv"
sed -i '$d' "$tmp/conf.blot"
printf 'report confirms out=%s/rep/old.csv\n' "$tmp" >> "$tmp/conf.blot"
expect_exit 0 "out= over an existing file" -- "$BLOTTER" --batch "$tmp/conf.blot" --empty
[ "$(stat -c %a "$tmp/rep/old.csv")" = 600 ] && ok || bad "a replaced out= file is $(stat -c %a "$tmp/rep/old.csv"), not 600"
if grep -q '^old$' "$tmp/rep/old.csv"; then bad "out= kept the old text"; else ok; fi
# A folder where the file should be: refused, nothing left behind.
mkdir "$tmp/ro" "$tmp/ro/conf.csv"
sed -i '$d' "$tmp/conf.blot"
printf 'report confirms out=%s/ro/conf.csv\n' "$tmp" >> "$tmp/conf.blot"
expect_exit 1 "out= onto a folder" -- "$BLOTTER" --batch "$tmp/conf.blot" --empty
expect_grep "$tmp/err" "cannot write $tmp/ro/conf.csv: it is not a plain file" "the folder is named"
[ "$(ls -A "$tmp/ro")" = conf.csv ] && ok || bad "out= left a file behind: $(ls -A "$tmp/ro")"
# Fills a block got and nobody booked yet count in show pnl and in the
# firm total, as a line of their own, until booked; then the accounts
# hold them, the line goes, and the total stays the same.
cat > "$tmp/unalloc.blot" <<'S'
instrument add BLK class=equity ccy=USD
account add A1 nav=1m
account add A2 nav=1m
quote BLK 10.00 10.02 asksz=300
stage buy 200 BLK acct=A1 id=m1
stage buy 200 BLK acct=A2 id=m2
block m1 m2 id=B1
release B1
mark BLK 12
show pnl
alloc B1
show pnl
S
expect_exit 0 "show pnl with a block's unallocated fills" -- "$BLOTTER" --batch "$tmp/unalloc.blot" --db "$tmp/unalloc.db" --empty
cp "$tmp/out" "$tmp/unalloc.out"
expect_grep "$tmp/unalloc.out" '^unallocated +0\.00 +594\.00 +594\.00 USD$' "show pnl lists the unallocated fills"
expect_grep "$tmp/unalloc.out" '^A1 +0\.00 +297\.00 +297\.00 USD$' "show pnl after booking: A1"
expect_grep "$tmp/unalloc.out" '^A2 +0\.00 +297\.00 +297\.00 USD$' "show pnl after booking: A2"
n=$(grep -cE '^FIRM +0\.00 +594\.00 +594\.00 USD$' "$tmp/unalloc.out")
[ "$n" -eq 2 ] && ok || bad "the firm total before and after booking: $n of 2 lines right"
n=$(grep -c '^unallocated' "$tmp/unalloc.out")
[ "$n" -eq 1 ] && ok || bad "the unallocated line after booking: $n lines, expected 1 before booking only"
head -n 10 "$tmp/unalloc.blot" > "$tmp/unalloc2.blot"
expect_exit 0 "show pnl in JSON" -- "$BLOTTER" --batch "$tmp/unalloc2.blot" --db "$tmp/unalloc2.db" --empty --json
expect_grep "$tmp/out" '^\{"account":"unallocated","realized":0\.00,"unrealized":594\.00,"total":594\.00,"base_ccy":"USD","block":"B1"\}$' "show pnl in JSON names the block"
expect_grep "$tmp/out" '^\{"account":"\*","firm":true,"realized":0\.00,"unrealized":594\.00,' "the firm total in JSON counts the block"

# Text tables: prices with every decimal of the instrument's tick (a
# limit of 1.0900 on a 0.0001 tick is not "1.09"), in show orders, show
# order (its fills too) and the positions' MARK; the 11-letter account
# "unallocated" keeps its row in line with the header.
cat > "$tmp/ticks.blot" <<'S'
instrument add EURX class=equity ccy=USD tick=0.0001
account add A1 nav=1m
account add A2 nav=1m
quote EURX 1.0800 1.0900 asksz=1000
buy 100 EURX @ 1.0900 acct=A1 id=t1
stage buy 200 EURX acct=A1 id=m1
stage buy 200 EURX acct=A2 id=m2
block m1 m2 id=B1
release B1
show orders
show order t1
show positions
show pnl
S
expect_exit 0 "tables of a 0.0001-tick instrument" -- "$BLOTTER" --batch "$tmp/ticks.blot" --db "$tmp/ticks.db" --empty
cp "$tmp/out" "$tmp/ticks.out"
n=$(grep -cE '^t1 +A1 +buy +100 EURX +limit +1\.0900 +- +day +filled +100 +0 +1\.0900$' "$tmp/ticks.out")
[ "$n" -eq 2 ] && ok || bad "show orders and show order: LIMIT and AVGPX 1.0900, $n of 2 lines: $(cat "$tmp/ticks.out")"
expect_grep "$tmp/ticks.out" '^  fill 2026-01-05T09:30:00 buy 100 @ 1\.0900  t1\.' "show order: the fill at 1.0900"
expect_grep "$tmp/ticks.out" '^A1 +EURX +100 +1\.09 +1\.0850 ' "show positions: the MARK 1.0850"
expect_grep "$tmp/ticks.out" '^unallocated +EURX +400 +1\.09 +1\.0850 ' "show positions: the block's line"
# Every row's last column where its header's is: nothing out of line.
awk '/^ACCOUNT / { w = length($0) - length($NF); t = 1; next }
    t && /^(A1|A2|unallocated|FIRM) / { if (length($0) - length($NF) != w) { print "row " NR ": last column at " length($0) - length($NF) ", its header at " w; bad = 1 } next }
    { t = 0 }
    END { exit bad }' "$tmp/ticks.out" >"$tmp/ticks.awk" && ok || bad "rows out of line: $(cat "$tmp/ticks.awk") in: $(cat "$tmp/ticks.out")"

# Text tables: a symbol longer than 10 (a bond's ISIN, up to 23) widens
# its column in every table it is shown in, so every row stays under its
# header: under each header word every row has a cell that starts where
# the word starts (left-aligned) or ends where it ends (right-aligned).
cat > "$tmp/wide.blot" <<'S'
instrument add US912828XG55 class=equity ccy=USD
instrument add ACME class=equity ccy=USD
instrument add ABCDEFGHIJKLMNOPQRSTUVW class=equity ccy=USD
account add A1 nav=1m
account add A2 nav=1m
rule add PL kind=position_limit sym=US912828XG55 limit=50 action=warn
quote US912828XG55 99.50 99.75 asksz=1000
quote ACME 10.00 10.02 asksz=1000
quote ABCDEFGHIJKLMNOPQRSTUVW 5.00 5.01
buy 100 US912828XG55 @ 99.75 acct=A1 id=b1
buy 100 ACME @ 10.02 acct=A1 id=a1
buy 10 ABCDEFGHIJKLMNOPQRSTUVW @ 4.00 acct=A1 id=w1 tif=gtc
stage buy 200 US912828XG55 acct=A1 id=m1
stage buy 200 US912828XG55 acct=A2 id=m2
block m1 m2 id=B1
release B1
stage buy 200 ACME acct=A1 id=m3
stage buy 200 ACME acct=A2 id=m4
block m3 m4 id=B2
release B2
show orders acct=A1
show order b1
show positions
show pnl
show blocks
alloc B2
show block B2
show allocations
report confirms
show alerts
S
expect_exit 0 "tables of long symbols" -- "$BLOTTER" --batch "$tmp/wide.blot" --db "$tmp/wide.db" --empty
cp "$tmp/out" "$tmp/wide.out"
expect_grep "$tmp/wide.out" '^w1 +A1 +buy +10 ABCDEFGHIJKLMNOPQRSTUVW limit ' "show orders: the 23-letter symbol in full"
expect_grep "$tmp/wide.out" '^unallocated US912828XG55 +400 ' "show positions: the block's line"
expect_grep "$tmp/wide.out" '^B1 +US912828XG55 +buy ' "show blocks: the bond's block"
expect_grep "$tmp/wide.out" 'US912828XG55 +PL ' "show alerts: the bond's breach"
n=$(grep -cE '^(ID|ACCOUNT|BLOCK|TIME) ' "$tmp/wide.out")
[ "$n" -eq 12 ] && ok || bad "12 tables expected, $n in: $(cat "$tmp/wide.out")"
awk 'function cols(h,  i, c) { n = 0
        for (i = 1; i <= length(h); i++) { c = substr(h, i, 1)
            if (c != " " && (i == 1 || substr(h, i - 1, 1) == " ")) st[++n] = i
            if (c != " " && (i == length(h) || substr(h, i + 1, 1) == " ")) en[n] = i }
        return n }
    /^(ID|ACCOUNT|BLOCK|TIME) / { cols($0); hdr = NR; rows = 1; next }
    rows && $0 !~ /^ / && length($0) >= st[n] {
        for (k = 2; k <= n; k++)
            if (!(substr($0, st[k] - 1, 1) == " " && substr($0, st[k], 1) != " ") &&
                !(substr($0, en[k], 1) != " " && substr($0, en[k] + 1, 1) ~ /^ ?$/)) {
                print "line " NR ": out of line under column " k " of the header on line " hdr; bad = 1; break }
        next }
    { rows = 0 }
    END { exit bad }' "$tmp/wide.out" >"$tmp/wide.awk" && ok || bad "rows out of line: $(cat "$tmp/wide.awk") in: $(cat "$tmp/wide.out")"

# After the close, release all refuses the imported DAY and market orders
# one by one, each warning naming its order, and sends the GTC limit.
printf 'account,symbol,side,qty,limit,tif\nA1,XX,buy,100,10.00,day\nA1,XX,buy,100,10.00,gtc\nA1,XX,buy,100,,gtc\n' > "$tmp/late.csv"
cat > "$tmp/late.blot" <<S
instrument add XX class=equity ccy=USD
account add A1 nav=1m
quote XX 10.00 10.02
clock set 2026-01-05T17:00:00
import trades $tmp/late.csv
release all
S
expect_exit 1 "release all after the close" -- "$BLOTTER" --batch "$tmp/late.blot" --empty
expect_grep "$tmp/out" '^warning: order 1: XX: the session is closed until Tue 2026-01-06 09:30; a tif=day order' "release all names the DAY order it refuses"
expect_grep "$tmp/out" '^warning: order 3: XX: the session is closed until Tue 2026-01-06 09:30; a market order' "release all names the market order it refuses"
expect_grep "$tmp/out" '^2 ack -> new' "release all sends the GTC limit"
expect_grep "$tmp/err" 'late\.blot:6: error: 2 not released; the first: order 1: ' "the error names the first order refused"

# A store's lock is never opened through a symbolic link: whoever
# planted one would have blotter create or lock a file of their choosing.
printf 'instrument add ACME class=equity\n' > "$tmp/lk.blot"
ln -s "$tmp/lk-target" "$tmp/lk.db.lock"
expect_exit 1 "a symlinked lock" -- "$BLOTTER" --batch "$tmp/lk.blot" --db "$tmp/lk.db"
expect_grep "$tmp/err" "lk\.db\.lock: is a symbolic link; blotter does not follow it" "the symlinked lock is named"
[ ! -e "$tmp/lk-target" ] && ok || bad "the lock's symlink was followed: $tmp/lk-target exists"
rm -f "$tmp/lk.db.lock"
mkfifo "$tmp/lk.db.lock"
expect_exit 1 "a lock that is a FIFO" -- "$BLOTTER" --batch "$tmp/lk.blot" --db "$tmp/lk.db"
expect_grep "$tmp/err" "lk\.db\.lock: not a regular file" "a lock that is no file is named"

# --serve's log shows control and bidi characters, as batch output does:
# none reaches the terminal.
esc=$(printf '\033')
rlo=$(printf '\342\200\256')
sdb="$tmp/s${esc}[2J${rlo}x.db"
"$BLOTTER" --serve --db "$sdb" 2>"$tmp/serve.log" &
server=$!
i=0
while [ $i -lt 50 ] && ! grep -q "serving" "$tmp/serve.log"; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM "$server"
wait "$server"
expect_grep "$tmp/serve.log" "serving .*/s\^\[\[2J<U\+202E>x\.db" "--serve shows the controls of what it logs"
if grep -q "$esc" "$tmp/serve.log" || grep -q "$rlo" "$tmp/serve.log"; then
	bad "--serve wrote a control character to its log"; cat -v "$tmp/serve.log"
else ok; fi
# The venue's time zone: a zone that cannot be read is an error naming
# the setting's line, never a clock in another zone.
printf 'confirm = yes\ntz = Nowhere/Atlantis\n' > "$tmp/tz.rc"
expect_exit 2 "a time zone that is not there" -- "$BLOTTER" --config "$tmp/tz.rc" --db "$tmp/tz.db"
expect_grep "$tmp/err" "tz\.rc:2: tz: no time zone 'Nowhere/Atlantis' \(no .*/Nowhere/Atlantis" "the error names the setting, its line and the file looked for"
printf 'tz = ../../etc/passwd\n' > "$tmp/tz.rc"
expect_exit 2 "a time zone name that is a path" -- "$BLOTTER" --config "$tmp/tz.rc" --db "$tmp/tz.db"
expect_grep "$tmp/err" "tz\.rc:1: tz: '\.\./\.\./etc/passwd' is not a time zone name" "a path is no zone name"
[ ! -e "$tmp/tz.db" ] && ok || bad "a store was made despite the bad zone"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
