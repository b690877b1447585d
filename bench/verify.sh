#!/bin/sh
# make bench: blotter --verify of a store of a million orders (ORDERS),
# most of them market orders filled at once, one in twenty a limit order
# left resting, across 10 symbols and 4 accounts.  The store is made
# first with --batch (a minute or two), or STORE names one made before
# (kept); a STORE that does not exist yet is made there and kept, for
# the next runs.  Three runs back to back, each its wall and CPU seconds.
set -u
: "${BLOTTER:=./blotter}"
: "${ORDERS:=1000000}"
: "${RUNS:=3}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-vbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ -z "${STORE:-}" ] || [ ! -e "$STORE" ]; then
	: "${STORE:=$tmp/verify.db}"
	awk -v n="$ORDERS" 'BEGIN {
		for (s = 0; s < 10; s++)
			printf "instrument add S%02d class=equity ccy=USD\n", s
		for (a = 1; a <= 4; a++)
			printf "account add A%d nav=1000m\n", a
		for (s = 0; s < 10; s++)
			printf "quote S%02d 99.99 100.01\n", s
		for (i = 0; i < n; i++) {
			sym = sprintf("S%02d", i % 10)
			acct = sprintf("A%d", int(i / 10) % 4 + 1)
			side = int(i / 40) % 2 ? "sell" : "buy"
			if (i % 20 == 7)
				printf "%s 100 %s @ %s acct=%s\n", side, sym,
				    side == "buy" ? "99.00" : "101.00", acct
			else
				printf "%s 100 %s acct=%s\n", side, sym, acct
		}
	}' > "$tmp/orders.blot"
	"$BLOTTER" --batch "$tmp/orders.blot" --db "$STORE" --empty \
	    >/dev/null || exit 1
fi
rows=$(sqlite3 "$STORE" "SELECT count(*) FROM journal" 2>/dev/null || echo "?")
orders=$(sqlite3 "$STORE" "SELECT count(*) FROM orders" 2>/dev/null || echo "?")
run=1
while [ "$run" -le "$RUNS" ]; do
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%e %U %S" -o "$tmp/time" \
		    "$BLOTTER" --verify --db "$STORE" >"$tmp/out" 2>&1
		rc=$?
	else
		t0=$(date +%s.%N)
		"$BLOTTER" --verify --db "$STORE" >"$tmp/out" 2>&1
		rc=$?
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a, "?", "?" }' \
		    > "$tmp/time"
	fi
	[ $rc -eq 0 ] || { cat "$tmp/out"; exit 1; }
	awk -v r="$run" -v o="$orders" -v j="$rows" '{
		printf "verify, run %d: %s orders, %s journal rows: %.2f s wall, %s s user, %s s system (target 3 s wall)\n", r, o, j, $1, $2, $3 }' "$tmp/time"
	run=$((run + 1))
done
