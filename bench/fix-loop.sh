#!/bin/sh
# make bench: orders round trip over FIX on the loopback.  blotter --batch
# sends ORDERS limit orders through its fix venue to a QuickFIX broker
# (tests/fix/qf-peer broker) that fills each at once, and waits for the
# last fill.  Wall time from start to the last fill over ORDERS gives the
# sustained orders a second and the mean time per round trip; blotter's
# start (store, reference data) is timed apart with no orders and no
# broker and taken off.  Several runs, since the machine is shared.  Figures only.
# Each run also says the CPU time blotter and the broker spent per order
# (the broker's from /proc, where there is one), to show which side
# holds the pace: with 2 cores, both together near 2x the wall time
# means the machine is full.
set -u
: "${BLOTTER:=./blotter}"
: "${QF_PEER:=tests/fix/qf-peer}"
: "${BLOTTER_DATADIR:=data}"
: "${ORDERS:=10000}"
: "${RUNS:=3}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-floop.XXXXXX")
peer=""
cleanup() {
	[ -n "$peer" ] && kill "$peer" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
XDG_CONFIG_HOME=$tmp/config
export XDG_CONFIG_HOME
now() { date +%s.%N; }
# cpu FILE: the user+system seconds of the children that ended, from the
# output of times in FILE (times runs in this shell, not a subshell), and
# the broker's so far (/proc/PID/stat, in clock ticks; 0 without /proc).
cpu() {
	awk 'NR == 2 { s = 0
		for (i = 1; i <= 2; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] }
		printf "%s ", s }' "$1"
	if [ -n "$peer" ] && [ -r "/proc/$peer/stat" ]; then
		awk -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" \
		    '{ sub(/.*\) /, ""); print ($12 + $13) / hz }' "/proc/$peer/stat"
	else
		echo 0
	fi
}

# start_peer: a new broker (its own store: a new FIX session from
# sequence number 1, as the run's new store is) and the blotterrc for it.
start_peer() {
	[ -n "$peer" ] && kill "$peer" 2>/dev/null && wait "$peer" 2>/dev/null
	rm -rf "$tmp/peer"
	mkdir -p "$tmp/peer"
	"$QF_PEER" broker --port 0 --sender BROKER --target BLOTTER \
	    --store "$tmp/peer" --dict "$BLOTTER_DATADIR/fix/FIX44.xml" --memory \
	    >"$tmp/peer.out" 2>"$tmp/peer.err" &
	peer=$!
	i=0
	while ! grep -q '^READY' "$tmp/peer.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "fix-loop: the QuickFIX broker did not start" >&2
			cat "$tmp/peer.err" >&2
			exit 1
		fi
		sleep 0.1
	done
	port=$(awk '/^READY/ {print $2; exit}' "$tmp/peer.out")
	printf 'fix.BRK = initiator 127.0.0.1:%s sender=BLOTTER target=BROKER heartbeat=30\n' \
	    "$port" > "$tmp/rc"
}

awk -v n="$ORDERS" 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "buy 1 AAPL @ 150 venue=BRK id=L%d\n", i
	printf "wait order L%d status=filled timeout=600s\n", n
}' > "$tmp/orders.blot"
printf 'fix status\n' > "$tmp/none.blot"
: > "$tmp/none.rc"

for run in $(seq 1 "$RUNS"); do
	rm -f "$tmp/none.db" "$tmp/run.db"
	t0=$(now)
	"$BLOTTER" --batch "$tmp/none.blot" --db "$tmp/none.db" \
	    --config "$tmp/none.rc" >/dev/null 2>"$tmp/err" || {
		echo "fix-loop: blotter failed:" >&2; cat "$tmp/err" >&2; exit 1; }
	start_peer
	times > "$tmp/times"
	c1=$(cpu "$tmp/times")
	t1=$(now)
	"$BLOTTER" --batch "$tmp/orders.blot" --db "$tmp/run.db" \
	    --config "$tmp/rc" >"$tmp/out" 2>"$tmp/err" || {
		echo "fix-loop: blotter failed:" >&2; tail "$tmp/err" >&2; exit 1; }
	t2=$(now)
	times > "$tmp/times"
	c2=$(cpu "$tmp/times")
	echo "$t0 $t1 $t2 $c1 $c2" | awk -v n="$ORDERS" -v r="$run" '{
		base = $2 - $1; t = $3 - $2 - base
		printf "fix round trip over loopback to QuickFIX, run %d: %d orders filled in %.2f s (%.2f s start taken off): %.0f orders/s, %.1f us per order (target 10000 orders/s); CPU per order: blotter %.0f us, QuickFIX broker %.0f us\n", r, n, t, base, n / t, t * 1e6 / n, ($6 - $4) * 1e6 / n, ($7 - $5) * 1e6 / n }'
done
