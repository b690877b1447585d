#!/bin/sh
# make bench (screen part): a store with one million orders, then the
# screen in tmux.  Prints the time to the first frame with orders and the
# keystroke-to-redraw times while scrolling (also deep into the store and
# to its oldest order) and filtering the blotter, as the program itself
# measured them (BLOTTER_TIMING), and how long the pages of orders took
# to come from the store.  Nothing asserted.
set -u
: "${BLOTTER:=./blotter}"
: "${ORDERS:=1000000}"
command -v tmux >/dev/null 2>&1 || { echo "bench/screen.sh: tmux is not installed"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-sbench.XXXXXX")
sock="$tmp/tmux.sock"
trap 'tmux -S "$sock" kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
# Hold the tmux server up between runs (see tests/screen.sh).
tmux -S "$sock" -f /dev/null new-session -d -s keep "sleep 86400" || exit 1
{
	echo "quote AAPL 190.00 190.02"
	echo "quote MSFT 415.00 415.10"
	i=0
	while [ $i -lt $((ORDERS / 2)) ]; do
		echo "buy 100 AAPL acct=MAIN"
		echo "sell 100 MSFT acct=GROWTH01"
		i=$((i + 1))
	done
} > "$tmp/day.blot"
"$BLOTTER" --batch "$tmp/day.blot" --db "$tmp/big.db" >/dev/null || exit 1
for run in 1 2 3; do
	: > "$tmp/timing"
	tmux -S "$sock" -f /dev/null new-session -d -s s -x 120 -y 40 \
	    "env TERM=tmux-256color BLOTTER_TIMING=$tmp/timing $BLOTTER --db $tmp/big.db; sleep 5"
	sleep 2
	for k in 1 2 3 4 5 6 7 8 9 10; do
		tmux -S "$sock" send-keys -t s Down; sleep 0.05
		tmux -S "$sock" send-keys -t s PgDn; sleep 0.05
	done
	# Deep into the store, page by page, and to its oldest order.
	for k in 1 2 3 4 5 6 7 8 9 10; do
		tmux -S "$sock" send-keys -t s NPage NPage NPage NPage NPage \
		    NPage NPage NPage NPage NPage; sleep 0.1
	done
	tmux -S "$sock" send-keys -t s End; sleep 1
	tmux -S "$sock" capture-pane -p -t s | grep -o '[0-9]* of [0-9]*' | head -n 1 |
	    sed "s/^/run $run: the blotter at its end: row /"
	tmux -S "$sock" send-keys -t s Home; sleep 0.3
	tmux -S "$sock" send-keys -t s / 'sym=MSFT' Enter; sleep 0.3
	tmux -S "$sock" send-keys -t s / 'acct=MAIN status=filled' Enter; sleep 0.3
	tmux -S "$sock" send-keys -t s q; sleep 0.5
	tmux -S "$sock" kill-session -t s >/dev/null 2>&1
	grep "first frame" "$tmp/timing" | sed "s/^/run $run: /"
	for what in key page; do
		awk -v w="$what" '$1 == w { print $2 }' "$tmp/timing" | sort -n |
		    awk -v run="$run" -v w="$what" '{ t[NR] = $1 } END { if (NR)
		    printf "run %s: %s, %d times: median %.2f ms, max %.2f ms\n",
		    run, w == "key" ? "keystroke to redraw" : "a page from the store",
		    NR, t[int((NR + 1) / 2)], t[NR] }'
	done
done
