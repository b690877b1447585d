#!/bin/sh
# The rebalance day of data/rebalance from the outside: the shipped batch
# script runs whole, its figures, every block booked to the unit, every
# confirmation, and --verify on the store it leaves.
set -u
: "${BLOTTER:=./blotter}"
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-blocks.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
has() {	# has FILE PATTERN WHAT
	if grep -qE -- "$2" "$1"; then ok; else
		bad "$3: no line matching '$2'"; tail -n 20 "$1" | sed 's/^/    |/'; fi
}
count() {	# count FILE PATTERN N WHAT
	n=$(grep -cE -- "$2" "$1")
	if [ "$n" -eq "$3" ]; then ok; else bad "$4: $n lines, expected $3"; fi
}

day="$(cd "$srcdir" && pwd)/data/rebalance/day.blot"
db="$tmp/day.db"
# From another folder: the script finds its files next to itself.
(cd "$tmp" && "$BLOTTER" --batch "$day" --db "$db") >"$tmp/day.out" \
    2>"$tmp/day.err"
rc=$?
if [ "$rc" -eq 0 ]; then ok; else
	bad "day.blot: exit $rc"; sed 's/^/    /' "$tmp/day.err"; fi
has "$tmp/day.out" '^1790 positions loaded' "holdings"
has "$tmp/day.out" '850 orders staged, 0 flagged for review, 0 rejected' \
    "rebalance"
has "$tmp/day.out" '^45 blocks from 850 staged orders' "block auto"
has "$tmp/day.out" '^45 released' "release all"
has "$tmp/day.out" '^orders 850 \(850 in 45 blocks\), 850 filled; fill rate 100.00 %' \
    "summary"
has "$tmp/day.out" '^notional bought [0-9]+\.[0-9]{2} USD, sold [0-9]+\.[0-9]{2} USD$' \
    "notional"
count "$tmp/day.out" '^[A-Z0-9-]+ +20[0-9-]+ +20[0-9-]+ +(buy|sell) ' 850 \
    "confirmations"
# Settlement by asset class: a Treasury and a US equity T+1, a Tokyo
# equity T+2.
has "$tmp/day.out" ' 2026-01-05 +2026-01-06 +buy .* UST7Y ' "T+1 Treasury"
has "$tmp/day.out" ' 2026-01-05 +2026-01-07 +(buy|sell) .* 7203\.T ' "T+2 Tokyo"

# Every block booked whole: allocated = filled, and the members' fills
# add up to the block's.
printf 'show blocks\n' >"$tmp/look.blot"
"$BLOTTER" --batch "$tmp/look.blot" --db "$db" --json >"$tmp/blocks.json" \
    2>&1 || bad "show blocks --json failed"
count "$tmp/blocks.json" '"block"' 45 "blocks listed"
if awk -F'"cum_qty": ?' 'NF > 1 { split($2, a, /[,}]/); cum = a[1];
	    split($0, b, /"allocated": ?/); split(b[2], c, /[,}]/);
	    if (cum != c[1] || cum == 0) exit 1 }' "$tmp/blocks.json"; then
	ok; else bad "a block is not booked whole"; head -3 "$tmp/blocks.json"; fi
"$BLOTTER" --verify --db "$db" >"$tmp/verify.out" 2>&1 && ok ||
    { bad "--verify"; cat "$tmp/verify.out"; }

echo "blocks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
