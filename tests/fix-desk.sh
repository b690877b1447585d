#!/bin/sh
# Clients' orders in over FIX 4.4 (fix.NAME = acceptor), from a QuickFIX
# client (tests/fix/qf-peer client): a new order is taken and reported, a
# repeated ClOrdID and an unknown symbol are refused, compliance holds one
# for review and refuses another, the client replaces and cancels, a
# cancel of an order that is done is refused with an OrderCancelReject,
# the trader fills by hand (on the blotter that holds the desk, and from a
# script on the same store), a DAY order is done for the day at the close,
# and a stranger's connection is closed.
set -u
: "${BLOTTER:=./blotter}"
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-fixd.XXXXXX")
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fix-lib.sh"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'fix.DESK = acceptor 127.0.0.1:%s sender=DESK clients=FUND1:MAIN,FUND2 heartbeat=5\n' "$port" > "$tmp/rc"

# The store: a compliance rule of each action, a quote.
cat > "$tmp/setup.blot" <<'S'
account add FUND2 ccy=USD
quote AAPL 149.99 150.01
quote MSFT 299.99 300.01
rule add R1 kind=max_qty limit=1000 action=review
rule add R2 kind=restricted sym=NVDA action=block
user add comp role=compliance
S
expect_exit 0 "the store" -- "$BLOTTER" --batch "$tmp/setup.blot" --db "$tmp/d.db"

# wait_for FILE PATTERN: until FILE has a line matching PATTERN (10 s).
wait_for() {
	if wait_line "$1" "$2"; then
		ok
	else
		bad "no line matching '$2' in $1:"
		sed 's/^/    /' "$1"
		return 1
	fi
}

# The desk is held by blotter --serve, in the session (09:30 to 16:00).
BLOTTER_CLOCK=2026-12-07T10:00:00 "$BLOTTER" --serve --db "$tmp/d.db" \
    --config "$tmp/rc" 2>"$tmp/serve.err" &
pids="$pids $!"
sleep 0.5
mkfifo "$tmp/in"
"$QF_PEER" client --port "$port" --host 127.0.0.1 --sender FUND1 \
    --target DESK --store "$tmp/cl" --dict "$dict" <"$tmp/in" \
    >"$tmp/cl.out" 2>"$tmp/cl.err" &
pids="$pids $!"
exec 3>"$tmp/in"
say() { printf '%s\n' "$*" >&3; }

# 1. A new order, a repeated ClOrdID, an unknown symbol.
say "D C1 buy AAPL 100 150"
wait_for "$tmp/cl.out" '^IN 35=8\|.*11=C1\|.*37=1\|.*39=0\|.*150=0\|'
say "D C1 buy AAPL 5 150"
wait_for "$tmp/cl.out" '^IN 35=8\|.*11=C1\|.*37=NONE\|.*58=duplicate ClOrdID\|.*103=6\|.*150=8\|'
say "D C2 buy NOPE 5 1"
wait_for "$tmp/cl.out" "^IN 35=8\|.*11=C2\|.*58=unknown symbol 'NOPE'\|.*150=8\|"

# 2. Compliance: held for review, then approved; refused with the rule.
say "D C3 buy MSFT 5000 300"
wait_for "$tmp/cl.out" '^IN 35=8\|.*11=C3\|.*39=A\|.*58=held for compliance review\|.*150=A\|'
say "D C4 buy NVDA 10 120"
wait_for "$tmp/cl.out" '^IN 35=8\|.*11=C4\|.*39=8\|.*58=.*R2.*\|.*150=8\|'
printf 'as comp\napprove 2 reason="client known"\nwait order 2 status=new\n' > "$tmp/approve.blot"
expect_exit 0 "approve the held order" -- "$BLOTTER" --batch "$tmp/approve.blot" --db "$tmp/d.db" --config "$tmp/rc"
wait_for "$tmp/cl.out" '^IN 35=8\|.*11=C3\|.*37=2\|.*39=0\|.*150=0\|'

# 3. Replace and cancel; a cancel of an order that is done.
say "G C5 C3 buy MSFT 4000 299"
wait_for "$tmp/cl.out" '^IN 35=9\|.*11=C5\|.*41=C3\|.*58=order 2: replace refused by compliance: R1.*434=2\|'
say "G C5 C3 buy MSFT 900 299"
wait_for "$tmp/cl.out" '^IN 35=8\|.*11=C5\|.*38=900\|.*41=C3\|.*44=299\|.*150=5\|'
say "F C6 C5 buy MSFT 900"
wait_for "$tmp/cl.out" '^IN 35=8\|.*11=C6\|.*39=4\|.*41=C5\|.*150=4\|'
say "F C7 C6 buy MSFT 900"
wait_for "$tmp/cl.out" '^IN 35=9\|.*11=C7\|.*39=4\|.*41=C6\|.*58=order 2 is canceled: nothing left to cancel\|.*434=1\|'
say "F C8 NOSUCH buy MSFT 1"
wait_for "$tmp/cl.out" '^IN 35=9\|.*11=C8\|.*58=unknown order\|.*102=1\|'

# 4. Fills by hand from a script on the store the desk's holder works.
printf 'fill 1 60 @ 150\n' > "$tmp/fill1.blot"
expect_exit 0 "a fill by hand through the holder" -- "$BLOTTER" --batch "$tmp/fill1.blot" --db "$tmp/d.db" --config "$tmp/rc"
expect_grep "$tmp/out" '^1: the fill goes to the blotter that holds desk DESK' "the script says where the fill went"
printf 'fill 1 50 @ 150\n' > "$tmp/fill2.blot"
expect_exit 1 "an overfill" -- "$BLOTTER" --batch "$tmp/fill2.blot" --db "$tmp/d.db" --config "$tmp/rc"
expect_grep "$tmp/err" 'order 1 has 40 left to fill, not 50' "an overfill is refused at once, counting the fill asked for"
cat > "$tmp/fill.blot" <<'S'
fill 1 40 @ 149.5
wait order 1 status=filled
expect order 1 cum=100 avgpx=149.8
fill 1 1 @ 150
expect fail
show fix 1
S
expect_exit 0 "fills by hand through the holder" -- "$BLOTTER" --batch "$tmp/fill.blot" --db "$tmp/d.db" --config "$tmp/rc"
wait_for "$tmp/cl.out" '^IN 35=8\|6=150\|.*14=60\|.*31=150\|32=60\|.*39=1\|.*150=F\|'
wait_for "$tmp/cl.out" '^IN 35=8\|6=149\.8\|.*14=100\|.*31=149\.5\|32=40\|.*39=2\|.*150=F\|'
expect_grep "$tmp/out" ' in +[0-9]+ DESK:FUND1 MsgType=D .*ClOrdID=C1 ' "show fix: the client's order, filed under it"
expect_grep "$tmp/out" ' out +[0-9]+ DESK:FUND1 MsgType=8 .*ExecType=F' "show fix: the fills reported"

# 5. A stranger is not taken; a client connected twice neither.
printf 'D X1 buy AAPL 1 150\n' | "$QF_PEER" client --port "$port" --host 127.0.0.1 \
    --sender STRANGER --target DESK --store "$tmp/st" --dict "$dict" >"$tmp/st.out" 2>&1 &
pids="$pids $!"
wait_for "$tmp/serve.err" 'STRANGER is not a client of this desk: closed'
say "logout"
exec 3>&-
wait_for "$tmp/cl.out" '^LOGOUT'

# 6. The holder stops, and a script holds the desk itself: a DAY order
# still open at the close is done for the day, and its client told.
for p in $pids; do kill "$p" 2>/dev/null; done
wait 2>/dev/null
pids=""
printf 'clock set 2026-12-07T10:00:00\nwait order 4 status=new timeout=20s\nfix status\nclock set 2026-12-07T16:00:01\nexpect order 4 status=done_for_day\nwait order 4 status=filled timeout=2s\nexpect fail\n' > "$tmp/close.blot"
"$BLOTTER" --batch "$tmp/close.blot" --db "$tmp/d.db" --config "$tmp/rc" >"$tmp/close.out" 2>&1 &
bl=$!
sleep 0.5
(printf 'D C9 sell AAPL 10 151\nwait 2\n'; sleep 3; echo logout) | "$QF_PEER" client \
    --port "$port" --host 127.0.0.1 --sender FUND2 --target DESK --store "$tmp/cl2" \
    --dict "$dict" >"$tmp/cl2.out" 2>"$tmp/cl2.err" &
pids="$pids $!"
if wait "$bl"; then ok; else bad "the script holding the desk"; sed 's/^/    /' "$tmp/close.out"; fi
wait_for "$tmp/cl2.out" '^IN 35=8\|.*11=C9\|.*37=4\|.*39=0\|.*150=0\|'
expect_grep "$tmp/close.out" '^DESK:FUND2 +logged on +out [0-9]+ +in [0-9]+ +client FUND2' "fix status lists the desk's clients"
expect_grep "$tmp/close.out" '^DESK:FUND1 +disconnected ' "a client not connected"
wait_for "$tmp/cl2.out" '^IN 35=8\|.*11=C9\|.*39=3\|.*150=3\|'
printf 'show order 4\n' > "$tmp/show.blot"
expect_exit 0 "FUND2's order" -- "$BLOTTER" --batch "$tmp/show.blot" --db "$tmp/d.db"
expect_grep "$tmp/out" 'FUND2' "an order of a client without an account is in the client's own"
expect_exit 0 "verify" -- "$BLOTTER" --verify --db "$tmp/d.db"

echo "fix-desk: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
