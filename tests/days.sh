#!/bin/sh
# Days pass between two runs on one store.  A DAY order still working when
# its session closed while no blotter ran ends expired at the next start,
# journaled (so --verify replays it) with the reason in its history; GTC,
# GTD orders whose date is still ahead, and staged orders stay.  A batch
# run starts its virtual clock at 2026-01-05T09:30:00: orders left on
# Friday 2026-01-02 expire then, orders of 2026-01-05 itself do not.
# Settlement dates skip holidays too.
set -u
: "${BLOTTER:=./blotter}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-days.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { if [ "$1" -eq 0 ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: $2"; fi; }
db="$tmp/days.db"

cat > "$tmp/friday.blot" <<'END'
instrument add DAYS class=equity ccy=USD
account add D1 ccy=USD
quote DAYS 10.00 10.10 asksz=100
clock set 2026-01-02T15:00:00
buy 300 DAYS @ 10.10 acct=D1 id=part
expect order part status=partially_filled cum=100
buy 100 DAYS @ 9.00 acct=D1 id=day
buy 100 DAYS stop=11.00 acct=D1 id=stop
buy 100 DAYS @ 9.00 tif=gtc acct=D1 id=gtc
buy 100 DAYS @ 9.00 tif=gtd:2026-01-05 acct=D1 id=gtd
buy 100 DAYS @ 9.00 tif=gtd:2026-01-03 acct=D1 id=gsat
stage buy 100 DAYS @ 9.00 acct=D1 id=staged
END
"$BLOTTER" --batch "$tmp/friday.blot" --db "$db" --empty >"$tmp/out1" 2>"$tmp/err1"
check $? "the Friday run: $(cat "$tmp/err1")"

cat > "$tmp/monday.blot" <<'END'
expect order day status=expired cum=0 leaves=0
expect order stop status=expired cum=0 leaves=0
expect order part status=expired cum=100 leaves=0
expect position D1 DAYS qty=100 avgcost=10.10
expect order gtc status=new leaves=100
expect order gtd status=new leaves=100
expect order staged status=staged
expect order gsat status=expired cum=0 leaves=0
expect count orders status=expired 4
buy 100 DAYS @ 9.00 acct=D1 id=today
show order day
show order gsat
END
"$BLOTTER" --batch "$tmp/monday.blot" --db "$db" >"$tmp/out2" 2>"$tmp/err2"
check $? "the Monday run: $(cat "$tmp/err2")"
grep -q "DAY order expired at the close, Fri 2026-01-02 16:00, while no blotter was running" "$tmp/out2"
check $? "the expiry names the close it belongs to: $(cat "$tmp/out2")"
# A GTD order dated on a Saturday ends at Friday's close, the last one on
# or before its date, not at Monday's.
grep -q '"reason":"GTD order expired at the close, Fri 2026-01-02 16:00, while no blotter was running"' "$tmp/out2"
check $? "the Saturday GTD order ends at Friday's close: $(cat "$tmp/out2")"

# The expiry is in the journal: --verify replays it.
"$BLOTTER" --verify --db "$db" >"$tmp/verify" 2>&1
check $? "verify after the expiry at start: $(head -n 3 "$tmp/verify")"

# A third run the same (virtual) morning expires nothing more: today's
# DAY order is still working, the expired ones are not expired twice.
cat > "$tmp/again.blot" <<'END'
expect order today status=new leaves=100
expect order gtc status=new
expect count orders status=expired 4
END
"$BLOTTER" --batch "$tmp/again.blot" --db "$db" >"$tmp/out3" 2>"$tmp/err3"
check $? "the second Monday run: $(cat "$tmp/err3")"
[ "$(grep -c "expired" "$tmp/out3")" -eq 0 ]
check $? "nothing expires twice: $(cat "$tmp/out3")"

# Settlement skips the exchange's holidays: a US equity bought on Friday
# 2026-01-16 settles T+1 on Tuesday 2026-01-20, after Martin Luther King
# Jr. Day.
cat > "$tmp/settle.blot" <<'END'
instrument add SETL class=equity ccy=USD
account add D1 ccy=USD
quote SETL 10.00 10.10
clock set 2026-01-16T10:00:00
buy 100 SETL acct=D1 id=s1
report confirms
END
"$BLOTTER" --batch "$tmp/settle.blot" --db "$tmp/settle.db" --empty --json >"$tmp/out4" 2>"$tmp/err4"
check $? "the settlement run: $(cat "$tmp/err4")"
grep -q '"trade_date":"2026-01-16","settle_date":"2026-01-20"' "$tmp/out4"
check $? "T+1 over a holiday settles on 2026-01-20: $(grep settle_date "$tmp/out4")"

# On a Saturday a GTD order dated that day has no session left: refused,
# naming the close it would have ended at; one dated Monday is taken.
cat > "$tmp/sat.blot" <<'END'
instrument add SATD class=equity ccy=USD
account add D1 ccy=USD
clock set 2026-01-10T11:00:00
buy 100 SATD @ 9.00 tif=gtd:2026-01-12 acct=D1 id=mon
buy 100 SATD @ 9.00 tif=gtd:2026-01-10 acct=D1 id=sat
END
"$BLOTTER" --batch "$tmp/sat.blot" --db "$tmp/sat.db" --empty >"$tmp/out5" 2>"$tmp/err5"
[ $? -eq 1 ] && grep -q "^mon ack -> new" "$tmp/out5"
check $? "a GTD order dated Monday is taken on Saturday: $(cat "$tmp/out5" "$tmp/err5")"
grep -q "sat.blot:5: error: SATD: tif=gtd:2026-01-10 ends at the last close on or before that date, Fri 2026-01-09 16:00, which is past" "$tmp/err5"
check $? "a GTD order dated that Saturday is refused: $(cat "$tmp/err5")"

# A clock past the calendar's last listed year: holidays are unknown,
# and a script says so once on stderr, on the line that moved the clock
# there; a script within the calendar's years says nothing.
cat > "$tmp/late.blot" <<'END'
instrument add LATE class=equity ccy=USD
clock set 2028-12-29T10:00:00
clock set 2029-01-02T10:00:00
clock advance 1d
END
"$BLOTTER" --batch "$tmp/late.blot" --empty >"$tmp/out6" 2>"$tmp/err6"
check $? "the script into 2029 runs: $(cat "$tmp/err6")"
grep -q "late.blot:3: warning: the trading calendar lists holidays only up to 2028; update .*data/calendar.csv" "$tmp/err6"
check $? "a clock past 2028 is warned about: $(cat "$tmp/err6")"
[ "$(grep -c warning "$tmp/err6")" -eq 1 ]
check $? "the warning is given once: $(cat "$tmp/err6")"
head -n 2 "$tmp/late.blot" | "$BLOTTER" --batch - --empty >"$tmp/out7" 2>"$tmp/err7"
[ ! -s "$tmp/err7" ]
check $? "no warning within the calendar's years: $(cat "$tmp/err7")"
# No calendar file: weekends only, and a script says so.
mkdir "$tmp/data"
for f in "${BLOTTER_DATADIR:-data}"/*; do
	case "$f" in */calendar.csv) ;; *) cp -R "$f" "$tmp/data/" ;; esac
done
head -n 2 "$tmp/late.blot" | BLOTTER_DATADIR="$tmp/data" "$BLOTTER" --batch - --empty >"$tmp/out8" 2>"$tmp/err8"
check $? "a script without a calendar runs: $(cat "$tmp/err8")"
grep -q "stdin:1: warning: the trading calendar .*calendar.csv is missing: exchange holidays are unknown" "$tmp/err8"
check $? "a missing calendar is warned about: $(cat "$tmp/err8")"

echo "days: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
