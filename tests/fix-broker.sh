#!/bin/sh
# Orders out to a broker over FIX 4.4, against QuickFIX (tests/fix/qf-peer
# broker): fills, partial fills, rejects, cancels and replaces; duplicate
# executions; a restart that resumes the session and reconciles working
# orders; a broker that is not there yet, one that sends garbage and one
# that never answers; fix status, fix reset and show fix; --verify after.
set -u
: "${BLOTTER:=./blotter}"
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-fixb.XXXXXX")
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fix-lib.sh"

# start_peer NAME ARGS...: a broker in $tmp/NAME, its port in $port.
start_peer() {
	name=$1
	shift
	mkdir -p "$tmp/$name"
	"$QF_PEER" broker --port "${want_port:-0}" --sender BROKER \
	    --target BLOTTER --store "$tmp/$name" --dict "$dict" "$@" \
	    >"$tmp/$name.out" 2>"$tmp/$name.err" &
	peer=$!
	pids="$pids $peer"
	if ! wait_line "$tmp/$name.out" '^READY'; then
		bad "the QuickFIX broker did not start"
		cat "$tmp/$name.err"
		exit 1
	fi
	port=$(awk '/^READY/ {print $2; exit}' "$tmp/$name.out")
}

# rc FILE PORT [OPTIONS]: a blotterrc with the broker BRK at PORT.
rc() {
	printf 'fix.BRK = initiator 127.0.0.1:%s sender=BLOTTER target=BROKER heartbeat=5 %s\n' \
	    "$2" "${3:-}" > "$1"
}

# 1. Fills, a partial fill, a reject, a cancel and a replace.
start_peer b1 --rest MSFT --partial NVDA --reject ORCL
rc "$tmp/b1.rc" "$port"
cat > "$tmp/day.blot" <<'S'
buy 100 AAPL @ 150 venue=BRK id=A1
wait order A1 status=filled
expect order A1 status=filled cum=100 avgpx=150
sell 50 NVDA @ 120.5 venue=BRK id=N1
wait order N1 status=partially_filled
expect order N1 cum=25 leaves=25 avgpx=120.5
buy 10 ORCL @ 99 venue=BRK id=R1
wait order R1 status=rejected
buy 200 MSFT @ 300 venue=BRK id=M1
wait order M1 status=new
replace M1 qty=300 px=299.5
wait order M1 status=new
expect order M1 qty=300 px=299.5
cancel M1
wait order M1 status=canceled
fix status
show fix A1
show order R1
S
expect_exit 0 "orders through the broker" -- "$BLOTTER" --batch "$tmp/day.blot" --db "$tmp/b1.db" --config "$tmp/b1.rc"
expect_grep "$tmp/out" '^A1 fill 100 @ 150.00 -> filled' "a fill"
expect_grep "$tmp/out" '^N1 fill 25 @ 120.50 -> partially_filled' "a partial fill"
expect_grep "$tmp/out" '^R1 reject -> rejected.*symbol not traded here' "a reject says why"
expect_grep "$tmp/out" '^M1 replaced -> new' "a replace"
expect_grep "$tmp/out" '^M1 canceled -> canceled' "a cancel"
expect_grep "$tmp/out" '^BRK +logged on +out [0-9]+ +in [0-9]+ +127.0.0.1:' "fix status"
expect_grep "$tmp/out" ' out +[0-9]+ BRK MsgType=D .*ClOrdID=A1 .*Symbol=AAPL' "show fix: the order sent, tags named"
expect_grep "$tmp/out" ' in +[0-9]+ BRK MsgType=8 .*ExecType=F' "show fix: the fill received"
expect_grep "$tmp/b1.out" '^IN 35=G\|.*11=M1\.1\|.*41=M1\|' "the replace names the order"
expect_grep "$tmp/b1.out" '^IN 35=F\|.*11=M1\.2\|.*41=M1\.1\|' "the cancel names the replace the broker confirmed"

# 2. A restart resumes the numbers and asks where the working order stands.
cat > "$tmp/again.blot" <<'S'
buy 100 MSFT @ 301 venue=BRK id=M2
wait order M2 status=new
S
expect_exit 0 "a working order" -- "$BLOTTER" --batch "$tmp/again.blot" --db "$tmp/b1.db" --config "$tmp/b1.rc"
cat > "$tmp/third.blot" <<'S'
wait order M2 status=filled timeout=2s
expect fail
show alerts
S
expect_exit 0 "after a restart" -- "$BLOTTER" --batch "$tmp/third.blot" --db "$tmp/b1.db" --config "$tmp/b1.rc"
expect_grep "$tmp/b1.out" '^IN 35=H\|.*11=M2\|' "the working order's status is asked"
expect_grep "$tmp/out" '^no alerts' "the broker agrees: no alert"
expect_no "$tmp/b1/"*event* 'MsgSeqNum too low' "no number is sent twice"
expect_exit 0 "verify" -- "$BLOTTER" --verify --db "$tmp/b1.db"

# 2b. The broker lost its books (a new peer, numbers reset by agreement):
# the working order it does not know is raised as an alert.
kill $peer 2>/dev/null
wait $peer 2>/dev/null
printf 'fix reset BRK\n' > "$tmp/r.blot"
expect_exit 0 "numbers reset by agreement" -- "$BLOTTER" --batch "$tmp/r.blot" --db "$tmp/b1.db" --config "$tmp/b1.rc"
want_port=$port start_peer b1new
want_port=
printf 'wait order M2 status=filled timeout=2s\nexpect fail\nshow alerts\n' > "$tmp/lost.blot"
expect_exit 0 "a broker that lost the order" -- "$BLOTTER" --batch "$tmp/lost.blot" --db "$tmp/b1.db" --config "$tmp/b1.rc"
expect_grep "$tmp/out" 'reconcile.*venue BRK reports order M2 with OrdStatus 8 and 0 filled; the blotter has it new with 0 filled' "the difference is an alert"

# 3. Duplicate executions are booked once.
start_peer b2 --dup-fills
rc "$tmp/b2.rc" "$port"
echo "route.equity = BRK" >> "$tmp/b2.rc"
cat > "$tmp/dup.blot" <<'S'
buy 100 AAPL @ 150 venue=BRK id=D1
wait order D1 status=filled
buy 1 AAPL @ 150 id=D2
wait order D2 status=filled
expect order D1 cum=100
expect position MAIN AAPL qty=101
S
expect_exit 0 "duplicate executions" -- "$BLOTTER" --batch "$tmp/dup.blot" --db "$tmp/b2.db" --config "$tmp/b2.rc"
expect_grep "$tmp/out" "duplicate execution 'E2' for order D1 ignored" "the second copy is said and ignored"
expect_grep "$tmp/b2.out" '^IN 35=D\|.*11=D2\|' "route.equity sends an order without venue= to the broker"

# 4. A broker not there yet: the order waits, the venue dials again, and
# the order goes when the broker comes.
free=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rc "$tmp/b3.rc" "$free"
cat > "$tmp/late.blot" <<'S'
buy 100 AAPL @ 150 venue=BRK id=L1
fix status
wait order L1 status=filled timeout=20s
S
"$BLOTTER" --batch "$tmp/late.blot" --db "$tmp/b3.db" --config "$tmp/b3.rc" >"$tmp/late.out" 2>&1 &
bl=$!
sleep 2
want_port=$free start_peer b3
if wait "$bl"; then ok; else bad "the order did not go when the broker came"; cat "$tmp/late.out"; fi
expect_grep "$tmp/late.out" '^BRK +(disconnected|connecting)' "fix status while the broker is away"
expect_grep "$tmp/late.out" '^L1 fill 100 @ 150.00 -> filled' "filled once the broker came"

# 5. fix reset: refused while logged on; an admin resets a session that is
# down, audited.
cat > "$tmp/reset.blot" <<'S'
buy 1 AAPL @ 150 venue=BRK id=L2
wait order L2 status=filled
fix reset BRK
expect fail
S
expect_exit 0 "fix reset while logged on" -- "$BLOTTER" --batch "$tmp/reset.blot" --db "$tmp/b3.db" --config "$tmp/b3.rc"
rc "$tmp/down.rc" "$free"
kill $peer 2>/dev/null
wait $peer 2>/dev/null
printf 'fix reset BRK\nfix status\nshow audit\n' > "$tmp/reset2.blot"
expect_exit 0 "fix reset while down" -- "$BLOTTER" --batch "$tmp/reset2.blot" --db "$tmp/b3.db" --config "$tmp/down.rc"
expect_grep "$tmp/out" 'fix BRK: sequence numbers reset to 1 \(were [0-9]+ out, [0-9]+ in\)' "the reset says what it was"
expect_grep "$tmp/out" '^BRK +[a-z ]+ +out 1 +in 1 ' "both numbers are 1"
expect_grep "$tmp/out" 'fix\.reset' "the reset is in the audit trail"

# 6. A broker that sends garbage, and one that never answers the logon:
# nothing crashes, the order waits, and wait says where it stands.
cat > "$tmp/bad.py" <<'P'
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
mode = sys.argv[1]
end = time.time() + 30
while time.time() < end:
    c, _ = s.accept()
    if mode == "garbage":
        c.sendall(b"8=FIX.4.4\x019=5\x0135=A\x0110=000\x01hello\x00\xff" * 50)
    time.sleep(3)
    c.close()
P
for mode in garbage silent; do
	python3 "$tmp/bad.py" $mode > "$tmp/$mode.port" &
	pids="$pids $!"
	wait_line "$tmp/$mode.port" . 50
	rc "$tmp/$mode.rc" "$(cat "$tmp/$mode.port")"
	printf 'buy 100 AAPL @ 150 venue=BRK id=G1\nwait order G1 status=filled timeout=4s\n' > "$tmp/$mode.blot"
	expect_exit 1 "a broker that sends $mode" -- "$BLOTTER" --batch "$tmp/$mode.blot" --db "$tmp/$mode.db" --config "$tmp/$mode.rc"
	expect_grep "$tmp/err" 'order G1 is pending_new, not filled, after 4s' "wait says where the order stands ($mode)"
done

# 6b. Outside the session's hours the venue does not dial.
start_peer b5
h=$(date -u +%H | sed "s/^0//")
from=$(( (h + 2) % 24 )) to=$(( (h + 3) % 24 ))
rc "$tmp/b5.rc" "$port" "$(printf 'hours=%02d:00-%02d:00 tz=UTC' "$from" "$to")"
printf 'buy 1 AAPL @ 150 venue=BRK id=H1\nwait order H1 status=filled timeout=2s\nexpect fail\nfix status\n' > "$tmp/hours.blot"
expect_exit 0 "a session outside its hours" -- "$BLOTTER" --batch "$tmp/hours.blot" --db "$tmp/b5.db" --config "$tmp/b5.rc"
expect_grep "$tmp/out" '^BRK +outside its hours ' "fix status says so"
expect_no "$tmp/b5.out" '^LOGON' "no logon outside the hours"

# 7. blotter --serve holds the session; a script on the same store works
# through it, and reads the session's state from the store.
start_peer b4
rc "$tmp/b4.rc" "$port"
"$BLOTTER" --serve --db "$tmp/b4.db" --config "$tmp/b4.rc" 2>"$tmp/serve.err" &
server=$!
pids="$pids $server"
wait_line "$tmp/serve.err" 'Received logon response'
printf 'buy 100 AAPL @ 150 venue=BRK id=S1\nwait order S1 status=filled\nfix status\n' > "$tmp/s.blot"
expect_exit 0 "a script through the holder" -- "$BLOTTER" --batch "$tmp/s.blot" --db "$tmp/b4.db" --config "$tmp/b4.rc"
expect_grep "$tmp/out" '^BRK +logged on +out [0-9]+ +in [0-9]+ +127.0.0.1:[0-9]+ \(held by another blotter' "fix status from the store"
expect_grep "$tmp/serve.err" 'S1 fill 100 @ 150.00 -> filled' "the holder logs the fill"
kill $server
wait $server 2>/dev/null
expect_grep "$tmp/b4.out" '^LOGOUT' "the holder logs out when it stops"

echo "fix-broker: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
