#!/bin/sh
# make bench: blotter's FIX 4.4 codec beside QuickFIX's, in the same run
# and on the same bytes.  bench-fix writes the messages it times and its
# figures, bench-fix-qf times QuickFIX on those messages, then each
# figure of ours is set beside QuickFIX's as a ratio ours/QuickFIX.
#
#   BENCH_FIX=... BENCH_FIX_QF=... bench/fix.sh FIX44.xml
set -u
: "${BENCH_FIX:=./bench/bench-fix}"
: "${BENCH_FIX_QF:=./bench/bench-fix-qf}"
if [ $# -ne 1 ]; then
	echo "usage: bench/fix.sh FIX44.xml" >&2
	exit 2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-fbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$BENCH_FIX" "$1" "$tmp" > "$tmp/ours" || exit 1
"$BENCH_FIX_QF" "$1" "$tmp" > "$tmp/qf" || exit 1
cat "$tmp/ours" "$tmp/qf"
# Lines end ": N msg/s"; the words before " (" name the figure.
awk '
function key(s) { sub(/^quickfix /, "", s); sub(/^fix /, "", s);
	sub(/ \(.*/, "", s); return s }
/msg\/s$/ { n = $(NF - 1); k = key($0)
	if (FILENAME ~ /qf$/) qf[k] = n; else { ours[k] = n; order[++m] = k } }
END { for (i = 1; i <= m; i++) { k = order[i]
	if (k in qf && qf[k] > 0)
		printf "fix %s, ours/QuickFIX: %.1fx\n", k, ours[k] / qf[k] } }
' "$tmp/ours" "$tmp/qf"
