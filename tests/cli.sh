#!/bin/sh
# The program's outside: options, exit statuses, error lines, JSON output,
# standard input, and stores that are corrupt or not blotter's.
set -u
: "${BLOTTER:=./blotter}"
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

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

# --verify: agrees on a healthy store, finds a tampered projection.
expect_exit 0 "--verify on a healthy store" -- "$BLOTTER" --verify --db "$tmp/p.db"
sqlite3 "$tmp/p.db" "UPDATE orders SET cum_qty = 60 WHERE id = 'O1'"
expect_exit 1 "--verify on a tampered store" -- "$BLOTTER" --verify --db "$tmp/p.db"
expect_grep "$tmp/out" "O1.*cum_qty" "--verify names the order and the field"
expect_exit 2 "--verify on a missing store" -- "$BLOTTER" --verify --db "$tmp/none.db"

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

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
