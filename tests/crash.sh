#!/bin/sh
# Recovery after kill -9: a long batch day runs on a store and is killed at
# several moments.  After each kill the store must open, --verify must find
# the projections equal to the journal, every order the killed run reported
# must be there, and the same store must keep trading.  Then a store is
# killed while it is being created and seeded from a large data folder:
# after each kill there is no store, or a whole one.
set -u
: "${BLOTTER:=./blotter}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-crash.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {
	if [ "$1" -eq 0 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: $2"; fi
}

# Reference data first, in a run that completes; then a day of many small
# orders and quotes that is killed part way.
cat > "$tmp/setup.blot" <<'S'
instrument add CRSH class=equity
instrument add BOND1 class=bond tick=0.00390625 lot=1000
account add A1 nav=50m
account add A2 nav=20m
S
{
	i=0
	while [ $i -lt 20000 ]; do
		echo "quote CRSH 10.0$((i % 10)) 10.1$((i % 10)) bidsz=500 asksz=700"
		echo "buy 300 CRSH acct=A1"
		echo "sell 200 CRSH @ 10.12 acct=A2 tif=gtc"
		echo "short 100 CRSH acct=A2"
		echo "quote BOND1 99.5 99.50390625"
		echo "buy 1000 BOND1 acct=A2"
		i=$((i + 1))
	done
} > "$tmp/day.blot"

for delay in 0.05 0.2 0.5 1.0 1.5; do
	db="$tmp/crash-$delay.db"
	"$BLOTTER" --batch "$tmp/setup.blot" --db "$db" --empty >/dev/null 2>&1
	check $? "setting up the store for the kill at ${delay}s"
	"$BLOTTER" --batch "$tmp/day.blot" --db "$db" --empty --keep-going \
	    >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	"$BLOTTER" --verify --db "$db" >"$tmp/verify" 2>&1
	rc=$?
	check $rc "verify after kill at ${delay}s: $(head -n 3 "$tmp/verify")"
	# Every order the killed run reported as new must be in the store.
	grep -E '^[0-9]+ new ' "$tmp/out" | awk '{print $1}' | tail -n 50 \
	    > "$tmp/ids"
	: > "$tmp/probe.blot"
	while read -r id; do
		echo "show order $id" >> "$tmp/probe.blot"
	done < "$tmp/ids"
	"$BLOTTER" --batch "$tmp/probe.blot" --db "$db" >/dev/null 2>"$tmp/perr"
	check $? "orders reported before the kill at ${delay}s are missing: $(head -n 2 "$tmp/perr")"
	# Working orders come back and still work: the resting GTC sells at
	# 10.12 all fill when the bid reaches them.
	open=$(sqlite3 "$db" "SELECT COUNT(*) FROM orders WHERE status IN ('new','partially_filled')")
	printf 'quote CRSH 10.12 10.13\nexpect count orders status=open 0\n' > "$tmp/work.blot"
	"$BLOTTER" --batch "$tmp/work.blot" --db "$db" >"$tmp/wout" 2>"$tmp/werr"
	check $? "the $open working orders did not all fill after the kill at ${delay}s: $(head -n 2 "$tmp/werr")"
	[ "$(grep -c ' fill ' "$tmp/wout")" -ge "$open" ]
	check $? "fewer fills than the $open working orders after the kill at ${delay}s"
	# The store keeps trading after the crash, and the books balance:
	# the position equals the sum of the fills of every order.
	printf 'quote CRSH 10.00 10.10\nbuy 100 CRSH acct=A1 id=after\nexpect order after status=filled\nshow orders --json\n' \
	    | sed 's/ --json//' > "$tmp/after.blot"
	"$BLOTTER" --batch "$tmp/after.blot" --db "$db" >/dev/null 2>"$tmp/aerr"
	check $? "trading after the kill at ${delay}s: $(head -n 2 "$tmp/aerr")"
	"$BLOTTER" --verify --db "$db" >"$tmp/verify" 2>&1
	check $? "verify after trading on at ${delay}s: $(head -n 3 "$tmp/verify")"
	sum=$(sqlite3 "$db" "SELECT COALESCE(SUM(CASE WHEN side IN ('buy','cover') THEN qty ELSE -qty END),0) FROM executions WHERE account='A1' AND symbol='CRSH' AND busted=0")
	pos=$(sqlite3 "$db" "SELECT COALESCE((SELECT qty FROM positions WHERE account='A1' AND symbol='CRSH'),0)")
	[ "$sum" = "$pos" ]
	check $? "A1 CRSH position $pos is not the sum of its fills $sum (kill at ${delay}s)"
done
# Creation: the schema and the seed data (20000 instruments, the shipped
# accounts and fx rates) are one transaction, under a temporary name until
# it commits.  After a kill there is no store at the name (and the next run
# creates one), or the whole store: it verifies, and knows the last
# instrument and the last account of the data folder.
data="$tmp/data"
mkdir "$data"
cp "${srcdir:-.}/data/accounts.csv" "${srcdir:-.}/data/fx.csv" "$data/"
awk 'BEGIN { print "symbol,class,ccy,tick,lot,mult,issuer,sector,underlying"
    for (i = 0; i < 20000; i++)
	printf "Z%06d,equity,USD,0.01,1,1,Issuer %d,Technology,\n", i, i }' \
    > "$data/instruments.csv"
acct=$(tail -n 1 "$data/accounts.csv" | cut -d, -f1)
printf 'buy 1 Z019999 @ 1.00 acct=%s id=probe\nexpect order probe status=new\n' \
    "$acct" > "$tmp/probe.blot"
absent=0
for delay in 0.02 0.2 0.5 1.0; do
	db="$tmp/new-$delay.db"
	BLOTTER_DATADIR=$data "$BLOTTER" --batch "$tmp/probe.blot" --db "$db" \
	    >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -e "$db" ]; then
		"$BLOTTER" --verify --db "$db" >"$tmp/verify" 2>&1
		check $? "verify of a store killed while created at ${delay}s: $(head -n 3 "$tmp/verify")"
	else
		absent=$((absent + 1))
	fi
	# Absent, the next run creates it; whole, it has all the data.
	printf 'buy 1 Z019999 @ 1.00 acct=%s id=again\nexpect order again status=new\n' \
	    "$acct" > "$tmp/again.blot"
	BLOTTER_DATADIR=$data "$BLOTTER" --batch "$tmp/again.blot" --db "$db" \
	    >/dev/null 2>"$tmp/aerr"
	check $? "after a kill while created at ${delay}s: $(head -n 2 "$tmp/aerr")"
	"$BLOTTER" --verify --db "$db" >"$tmp/verify" 2>&1
	check $? "verify after a kill while created at ${delay}s: $(head -n 3 "$tmp/verify")"
done
# The early kills came before the creating commit.
[ "$absent" -ge 1 ]
check $? "no kill came while the store was being created"
# What a killed creation left under a temporary name (STORE.new-XXXXXX) is
# removed by the next run on the store.  A kill in the instant between
# making the file and locking it leaves it empty, and an empty file under
# a minute old may be another blotter's that is not locked yet: that one
# is left for a later run (see is_stale_tmp), so only files with
# something in them count here.
left=$(cd "$tmp" && find . -maxdepth 1 -name '*.db.new-*' -size +0c | sed 's|^\./||')
[ -z "$left" ]
check $? "killed creations left temporary files: $(echo $left)"
# ... but never a file a blotter creating the store now holds, one just
# made (empty), a store in use under such a name, or a link.
sweep="$tmp/sweep.db"
printf 'half a store' > "$sweep.new-Left01"
printf 'half a store' > "$sweep.new-Held01"
: > "$sweep.new-Fresh1"
cp "$tmp/new-1.0.db" "$sweep.new-InUse1"
ln -s "$sweep.new-Left01" "$sweep.new-Link01"
flock "$sweep.new-Held01" sleep 30 &
held=$!
sleep 0.3
printf 'account add SW ccy=USD\n' > "$tmp/sweep.blot"
"$BLOTTER" --batch "$tmp/sweep.blot" --db "$sweep" --empty >/dev/null \
    2>"$tmp/serr"
check $? "a run beside temporary files: $(head -n 2 "$tmp/serr")"
[ ! -e "$sweep.new-Left01" ]
check $? "a creation's temporary file nobody holds is left behind"
for f in Held01 Fresh1 InUse1; do
	[ -s "$sweep.new-$f" ] || [ "$f" = Fresh1 -a -e "$sweep.new-$f" ]
	check $? "the temporary-looking file $sweep.new-$f was removed"
done
[ -L "$sweep.new-Link01" ]
check $? "a link named like a temporary file was removed"
kill "$held" 2>/dev/null
wait "$held" 2>/dev/null

# An existing empty file, or one that is not a store, is refused and left
# as it is: never taken for a new store.
: > "$tmp/empty.db"
printf 'notes, not a store\n' > "$tmp/notes.db"
for f in empty notes; do
	sum=$(cksum < "$tmp/$f.db")
	"$BLOTTER" --batch "$tmp/probe.blot" --db "$tmp/$f.db" >"$tmp/out" \
	    2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && grep -q "^blotter: $tmp/$f.db is .*not a blotter store" \
	    "$tmp/err" && [ ! -s "$tmp/out" ]
	check $? "$f.db should be refused (exit $rc): $(cat "$tmp/out" "$tmp/err")"
	[ "$(cksum < "$tmp/$f.db")" = "$sum" ]
	check $? "$f.db was changed"
done

echo "crash: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
