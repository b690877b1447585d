#!/bin/sh
# Stores on troubled file systems.  A full disk: the store lives on a small
# tmpfs and a day of orders fills it; blotter must stop with one clear error
# naming the store, report nothing as done that was not saved, and leave a
# store that opens, whose journal and projections agree, and that keeps
# working once there is room.  A read-only file system: one clear error, and
# --verify still reads the store.  Mounting needs root; without it the test
# is skipped, saying why.  First, on any file system: what a filled order
# costs the store stays within its budget (1 KB).
set -u
: "${BLOTTER:=./blotter}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-full.XXXXXX")
mnt="$tmp/mnt"
mkdir -p "$mnt"
cleanup() { umount "$mnt" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
pass=0 fail=0
check() { if [ "$1" -eq 0 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: $2"; fi; }

# Bytes of store per marketable order, filled at once: the journal (new,
# ack, fill), the order's row and indexes, the execution.  The file is
# whole once blotter has closed it (the log checkpointed into it).
n=5000
{
	echo "instrument add BYTE class=equity"
	echo "account add A1"
	echo "quote BYTE 10.00 10.01"
	i=0
	while [ $i -lt $n ]; do
		echo "buy 100 BYTE acct=A1"
		i=$((i + 1))
	done
} > "$tmp/size.blot"
"$BLOTTER" --batch "$tmp/size.blot" --db "$tmp/size.db" --empty \
    >/dev/null 2>"$tmp/size.err"
check $? "the orders for the size budget did not run: $(head -n 2 "$tmp/size.err")"
size=$(wc -c < "$tmp/size.db")
[ -e "$tmp/size.db-wal" ] && size=$((size + $(wc -c < "$tmp/size.db-wal")))
[ $((size / n)) -lt 1024 ]
check $? "a filled order takes $((size / n)) bytes of store (budget: 1024)"

if ! mount -t tmpfs -o size=2m tmpfs "$mnt" 2>"$tmp/mount.err"; then
	echo "SKIP: cannot mount a small tmpfs to fill ($(cat "$tmp/mount.err"))"
	[ "$fail" -eq 0 ] || exit 1
	exit 77
fi

{
	echo "instrument add FULL class=equity"
	echo "account add A1"
	echo "quote FULL 10.00 10.01"
	i=0
	while [ $i -lt 40000 ]; do
		echo "buy 100 FULL acct=A1 note=\"filling the disk with a long note to use space quickly $i\""
		i=$((i + 1))
	done
} > "$tmp/day.blot"

db="$mnt/full.db"
"$BLOTTER" --batch "$tmp/day.blot" --db "$db" --empty >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ]
check $? "a full disk should end the run with exit 1 (got $rc)"
grep -q "full.db.*disk is full" "$tmp/err"
check $? "the error names the store and the full disk: $(head -n 2 "$tmp/err")"
[ "$(wc -l < "$tmp/err")" -eq 1 ]
check $? "one error line expected, got: $(cat "$tmp/err")"

# Make room, then the store must open and agree with its journal.
mount -o remount,size=64m "$mnt"
"$BLOTTER" --verify --db "$db" >"$tmp/verify" 2>&1
check $? "verify after the full disk: $(head -n 3 "$tmp/verify")"
# Every order reported as filled before the failure is in the store.
last=$(grep -E '^[0-9]+ fill ' "$tmp/out" | tail -n 1 | awk '{print $1}')
if [ -n "$last" ]; then
	printf 'expect order %s status=filled\n' "$last" > "$tmp/probe.blot"
	"$BLOTTER" --batch "$tmp/probe.blot" --db "$db" >/dev/null 2>"$tmp/perr"
	check $? "the last order reported before the failure is missing: $(cat "$tmp/perr")"
else
	check 1 "no order was reported before the disk filled"
fi
# Nothing reported means nothing half-saved: the position equals the fills.
printf 'buy 100 FULL acct=A1 id=after\nexpect order after status=filled\n' > "$tmp/after.blot"
"$BLOTTER" --batch "$tmp/after.blot" --db "$db" >/dev/null 2>"$tmp/aerr"
check $? "trading once there is room again: $(cat "$tmp/aerr")"
sum=$(sqlite3 "$db" "SELECT SUM(qty) FROM executions WHERE account='A1'")
pos=$(sqlite3 "$db" "SELECT qty FROM positions WHERE account='A1' AND symbol='FULL'")
[ "$sum" = "$pos" ]
check $? "position $pos is not the sum of the fills $sum"

# The same store on a file system mounted read-only.
mount -o remount,ro "$mnt"
printf 'buy 100 FULL acct=A1\n' > "$tmp/ro.blot"
"$BLOTTER" --batch "$tmp/ro.blot" --db "$db" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ]
check $? "a read-only store should end the run with exit 1 (got $rc)"
grep -q "full.db.*read-only" "$tmp/err"
check $? "the error names the store and says read-only: $(cat "$tmp/err")"
[ "$(wc -l < "$tmp/err")" -eq 1 ]
check $? "one error line expected, got: $(cat "$tmp/err")"
"$BLOTTER" --verify --db "$db" >"$tmp/verify" 2>&1
check $? "verify reads a read-only store: $(head -n 3 "$tmp/verify")"

# A copy of a store in use, taken with its write-ahead log (the last
# commits are only there: a reader holding an older snapshot keeps them
# from the file), on a read-only file system: verify reads the log with
# the file, or says it cannot; it never checks the file alone, passing a
# store without its last entries or taking them for cut.
mount -o remount,rw,size=64m "$mnt"
live="$tmp/live"
mkdir "$live" "$mnt/copy"
printf 'instrument add LIVE class=equity\naccount add A1\n' > "$tmp/live.blot"
"$BLOTTER" --batch "$tmp/live.blot" --db "$live/s.db" --empty >/dev/null 2>&1
mkfifo "$live/rd"
sqlite3 "$live/s.db" <"$live/rd" >/dev/null 2>&1 &
reader=$!
exec 8>"$live/rd"
printf 'BEGIN;\nSELECT count(*) FROM orders;\n' >&8
sleep 0.3
printf 'buy 1 LIVE @ 1 acct=A1 id=L%d\n' 1 2 3 4 5 > "$tmp/more.blot"
"$BLOTTER" --batch "$tmp/more.blot" --db "$live/s.db" >/dev/null 2>&1
cp "$live/s.db" "$live/s.db-wal" "$live/s.db.key" "$mnt/copy/"
exec 8>&-
wait "$reader"
last=$(sqlite3 "file:$mnt/copy/s.db?mode=ro" "SELECT seq || ':' ||
    lower(hex(hash)) FROM journal ORDER BY seq DESC LIMIT 1")
rm -f "$mnt/copy/s.db-shm"
[ "$(sqlite3 "file:$mnt/copy/s.db?immutable=1" \
    "SELECT count(*) FROM orders")" = 0 ]
check $? "the copy's file should lack the orders its log holds"
mount -o remount,ro "$mnt"
"$BLOTTER" --verify --db "$mnt/copy/s.db" --head "$last" >"$tmp/verify" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	check 0 ""
else
	grep -q "s.db-wal holds entries not yet in the file.*verify the copy" \
	    "$tmp/verify"
	check $? "verify of a copy with its log, read-only (exit $rc): $(head -n 3 "$tmp/verify")"
fi
echo "storage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
