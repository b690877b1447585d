#!/bin/sh
# Screen tests: the real program in tmux, as a trader would use it.
# send-keys types, capture-pane reads the screen.  Skipped, saying why,
# when tmux is not installed.
set -u
: "${BLOTTER:=./blotter}"
# The screen's clock starts at a time the session is open, whatever the
# hour the tests run at (orders are refused after the close).
BLOTTER_CLOCK=2026-01-05T10:00:00; export BLOTTER_CLOCK
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-screen.XXXXXX")
sock="$tmp/tmux.sock"
T() { tmux -S "$sock" -f /dev/null "$@"; }
cleanup() { T kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
# A session that lives as long as the test holds the tmux server up.
# Without it, killing the last session stops the server, and the next
# new-session can reach the dying one ("server exited unexpectedly").
T new-session -d -s keep "sleep 86400" || { echo "FAIL: tmux cannot start"; exit 1; }
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; T capture-pane -p -t =s: 2>/dev/null | sed 's/^/    |/'; }

screen() { T capture-pane -p -t =s:; }
# wait_for PATTERN [SECONDS]: until the screen shows PATTERN.
wait_for() {
	i=0
	while [ $i -lt $((${2:-10} * 10)) ]; do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# gone PATTERN [SECONDS]: until the screen no longer shows PATTERN.
gone() {
	i=0
	while [ $i -lt $((${2:-10} * 10)) ]; do
		screen | grep -qE -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
check() { if wait_for "$1" "${3:-10}"; then ok; else bad "$2: no '$1' on the screen"; fi; }
keys() { T send-keys -t =s: "$@"; }
# hot KEY...: a key that acts on orders, sent on its own as a person
# types it (keys that come together are not taken as commands).
hot() { sleep 0.3; T send-keys -t =s: "$@"; sleep 0.1; }
# cmd_on SESSION TEXT: a command on the : prompt as a person types it,
# the Enter apart once the text shows (an Enter that comes with the
# text, as in a paste, runs nothing); back when the prompt has closed.
on_bar() { T capture-pane -p -t "=$1:" | grep -qxF -- "$2"; }
cmd_on() {
	T send-keys -t "=$1:" : "$2"
	i=0
	while [ $i -lt 50 ] && ! on_bar "$1" ":$2"; do
		sleep 0.05; i=$((i + 1))
	done
	T send-keys -t "=$1:" Enter
	i=0
	while [ $i -lt 50 ] && on_bar "$1" ":$2"; do
		sleep 0.05; i=$((i + 1))
	done
}
# cmd TEXT: the same in the session under test.
cmd() { cmd_on s "$1"; }

start() {	# start [ENV...]: blotter --demo in an 80x24 terminal
	T new-session -d -s s -x 80 -y 24 \
	    "env $* TERM=${TERM_UNDER_TEST:-tmux-256color} $BLOTTER --demo --seed 7 ${ARGS:-}; echo \"exit status \$?\"; sleep 30"
}

start
check "Ticket" "ticket pane at 80x24"
for pane in Blotter Positions Quotes 'P&L' Messages; do
	check "$pane" "$pane pane at 80x24"
done
check "firm P&L" "status line"
check "AAPL +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+" "quotes tick in the demo market"

# An order through the prompt fills against the demo market.
cmd 'buy 100 AAPL acct=MAIN id=P1'
check "P1 +buy +100 AAPL .*filled" "an order from the : prompt"

# An order through the ticket: symbol first, then back to the quantity.
keys b
check "Symbol:" "the ticket opens on b"
keys MSFT BTab 50
hot Enter
check " +buy +50 MSFT .*filled" "an order from the ticket"

# The ticket completes a symbol, and a limit price makes a limit order.
keys b N V Tab
check "Symbol:NVDA" "Tab completes the symbol in the ticket"
keys Tab Tab 1 3 0
check "Type:limit" "a limit price makes the ticket a limit order"
keys BTab BTab BTab 1 0
hot Enter
check " +buy +10 NVDA +130.00 new" "a limit order from the ticket rests"

# A resting order, canceled with confirmation.
cmd 'buy 10 AAPL @ 1.00 acct=MAIN id=R1'
check "R1 +buy +10 AAPL +1.00 new" "a resting order"
keys Home
hot c
check "Cancel order R1.*\(y/n\)" "cancel asks first"
hot y
check "R1 +buy +10 AAPL +1.00 canceled" "the order is canceled after y"

# A filter on the blotter.
keys / 'sym=MSFT' Enter
check "Blotter /sym=MSFT" "the filter shows in the title"
if screen | grep -q "P1 .*AAPL"; then bad "the filter left AAPL rows"; else ok; fi
keys / C-u Enter 2>/dev/null
keys / BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace Enter

# A filter keeps the blotter's cursor on its order while the order shows,
# and so does clearing it; an order left out is never acted on.
cmd 'buy 10 MSFT @ 1.00 acct=MAIN id=FK1'
cmd 'buy 10 MSFT @ 1.00 acct=MAIN id=FK2'
cmd 'buy 10 AAPL @ 1.00 acct=MAIN id=FK3'
check "FK3 +buy +10 AAPL" "orders to filter"
keys Home Down Down
hot c
check "Cancel order FK1 " "the cursor on FK1 before the filter"
hot n
gone "Cancel order" 3
keys / 'sym=MSFT' Enter
check "Blotter /sym=MSFT" "a filter that shows FK1"
gone "FK3 +buy" 3
hot c
check "Cancel order FK1 " "a filter keeps the cursor on its order"
hot n
gone "Cancel order" 3
keys / Escape
check "─ Blotter ─" "Esc on the filter line clears the filter"
check "FK3 +buy" "every order after Esc"
hot c
check "Cancel order FK1 " "clearing the filter keeps the cursor on its order"
hot n
gone "Cancel order" 3
keys Home / 'sym=MSFT' Enter
check "Blotter /sym=MSFT" "a filter that leaves FK3 out"
gone "FK3 +buy" 3
hot c
check "Cancel order FK2 " "the order left out: the cursor on the first row"
hot n
gone "Cancel order" 3
keys / BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace Enter
check "─ Blotter ─" "an empty filter clears the filter"

# / filters the focused list: positions by account or symbol, quotes by
# symbol, messages by text; the blotter stays as it was.
cmd 'buy 10 NVDA acct=VALUE01 id=FK4'
check "VALUE01 +NVDA +10 " "a position in another account"
keys Tab End
hot f
check "Flatten VALUE01 NVDA" "the positions' cursor on VALUE01 NVDA"
hot n
gone "Flatten" 3
keys / 'nvda' Enter
check "Positions /nvda" "the positions' filter shows in its title"
check "─ Blotter ─" "the positions' filter leaves the blotter alone"
gone "MAIN +AAPL +100 " 3 && ok || bad "the positions' filter left MAIN AAPL"
hot f
check "Flatten VALUE01 NVDA" "the positions' filter keeps the cursor on its position"
hot n
gone "Flatten" 3
keys / BSpace BSpace BSpace BSpace MAIN Enter
check "Positions /MAIN" "a filter that leaves VALUE01 out"
gone "VALUE01 +NVDA" 3 && ok || bad "the positions' filter left VALUE01"
hot f
check "Flatten MAIN AAPL" "the position left out: the cursor on the first row"
hot n
gone "Flatten" 3
keys / Escape
check "─ Positions ─" "Esc clears the positions' filter"
check "VALUE01 +NVDA" "every position after Esc"
keys Tab / 'msf' Enter
check "Quotes /msf" "the quotes' filter shows in its title"
gone "│AAPL +[0-9]" 3 && ok || bad "the quotes' filter left AAPL"
keys b
check "Symbol:MSFT " "the ticket takes the quote under the filtered cursor"
keys Escape
wait_for "b buy" 3
keys Tab Tab / Escape
check "─ Quotes ─" "Esc clears the quotes' filter"
check "│AAPL +[0-9]" "every quote after Esc"
keys Tab Tab / 'FK2' Enter
check "Messages /FK2" "the messages' filter shows in its title"
check "FK2" "the messages' filter keeps FK2"
sleep 0.3
if screen | cut -c49- | grep -q "FK[134]"; then
	bad "the messages' filter left other orders' messages"
else
	ok
fi
keys / Escape
check "─ Messages ─" "Esc clears the messages' filter"
keys Tab Tab

# Help lists the bindings in force.
keys ?
check "Key bindings in force" "help screen"
check "prompt-open" "help lists the actions"
check "R +review-open +List the orders waiting" "help lists the review list"
check "K +halt-toggle +Halt all trading" "help lists the kill switch"
keys NPage
check "order-cancel" "help scrolls to the rest"
keys Escape
wait_for "Ticket" 3

# Resize to 200x60 and back: every pane still there.
T resize-window -t =s: -x 200 -y 60
check "Messages" "after growing to 200x60"
[ "$(screen | wc -l)" -ge 59 ] && ok || bad "the screen did not grow"
T resize-window -t =s: -x 80 -y 24
check "Ticket" "after shrinking back to 80x24"

# Zoom a pane and back.
keys z
check "Blotter \(zoomed\)" "zoom the blotter"
keys z

# Quit: the program ends normally and gives the terminal back.
hot q
check "exit status 0" "q quits with status 0"
T kill-session -t =s >/dev/null 2>&1

# Monochrome: NO_COLOR and the mono theme on a plain xterm.
TERM_UNDER_TEST=xterm start NO_COLOR=1 BLOTTER_THEME=mono
check "Blotter" "the mono theme without colour"
check "firm P&L" "status line in mono"
hot q
check "exit status 0" "quit in mono"
T kill-session -t =s >/dev/null 2>&1

# SIGTERM restores the terminal and ends cleanly.
start
check "Blotter" "started for SIGTERM"
pane_pid=$(T display-message -p -t =s: '#{pane_pid}')
pkill -TERM -P "$pane_pid" 2>/dev/null
check "exit status 0" "SIGTERM ends the screen cleanly"
T kill-session -t =s >/dev/null 2>&1

# A slow venue never freezes the screen: the sim answers after 5 s, and
# keys and redraws stay immediate meanwhile.
printf 'sim.delay = 5s\nconfirm = no\nkeymap = vi\n' > "$tmp/slow.rc"
ARGS="--config $tmp/slow.rc" start
check "Blotter" "started with a slow venue"
cmd 'buy 100 AAPL acct=MAIN id=SLOW'
check "SLOW +buy +100 AAPL .*pending_new" "the order waits for the slow venue" 2
keys z
check "\(zoomed\)" "a key while the venue is slow" 1
keys z
check "Ticket" "and back" 1
check "SLOW +buy +100 AAPL .*filled" "the slow venue answers" 12
# confirm = no: a cancel goes without asking.
cmd 'buy 10 AAPL @ 1.00 acct=MAIN id=NC'
check "NC +buy +10 AAPL +1.00 new" "a resting order for a cancel without asking" 12
keys g
hot c
check "NC +buy +10 AAPL +1.00 (pending_ca|canceled)" "confirm = no cancels at once" 3
# ... but the kill switch asks whatever confirm says.
keys K
check "Halt all trading\? .*\(y/n\)" "K asks even with confirm = no" 3
keys n
hot q
check "exit status 0" "quit after the slow venue"
T kill-session -t =s >/dev/null 2>&1

# Compliance on the screen.  The demo runs as this login, the store's
# admin: it adds a compliance user, a trader and a review rule, and an
# order over the rule waits for review.
me=$(id -un)
start
check "Blotter" "started for compliance"
check "^ $me \(admin\) " "the status line shows the acting user and role"
cmd 'user add carl role=compliance'
cmd 'user add tom role=trader'
cmd 'rule add BIG kind=max_qty limit=1000'
# The ticket says what compliance would do before anything is sent.
keys b A A P L BTab 5 0 0
check "compliance: pass: 1 rule checked" "the ticket shows a passing check"
keys 0 0
check "compliance: review: BIG \(max_qty\)" "the ticket shows the rule an order would break"
keys Escape
wait_for "b buy" 3
cmd 'buy 5000 AAPL acct=MAIN id=FL1'
check "!FL1 +buy +5000 AAPL .*flagged" "a flagged order is marked in the blotter"
check "1 for review" "the status line counts the orders for review"
cmd 'buy 2000 AAPL acct=MAIN id=FL2'
check "2 for review" "a second flagged order"
# At 80 columns the count leaves room for the session, the clock and the
# whole firm P&L: the store's name and the venue give way first.
check "^ $me \(admin\) \| 2 for review .*\| open [0-9:]{8} \| firm P&L -?[0-9,]+\.[0-9]{2} USD *$" "the status line keeps the firm P&L whole beside the review count"
keys R
check "Review: 2 orders waiting for compliance" "R opens the review list"
check "FL1 +MAIN +buy +5000 AAPL +mkt +$me +BIG" "the review list shows the order, who entered it and the rule"
check "Read only: only compliance users may approve or reject" "the admin sees the list read only"
keys A
check "only compliance users may approve or reject orders" "the admin cannot approve"
# The details of a flagged order: who entered it, why, and the checks.
keys Enter
check "Entered by: $me" "the details say who entered the order"
check "Flagged for review: BIG" "the details say why it was flagged"
check "Compliance checks:" "the details list the compliance checks"
check "FL1 +BIG +max_qty +review" "the details show the check that flagged it"
keys Escape
check "Review: 2 orders" "Esc goes back from the details to the review list"
keys Escape
gone "Review: " 3 && ok || bad "Esc closes the review list"
cmd 'as carl'
check "^ carl \(compliance\) " "the status line follows as"
keys R
check "A approve +X reject" "a compliance user may approve and reject"
keys A
check "Review: 1 order waiting" "the approved order leaves the list"
check "FL2 +MAIN +buy +2000" "the next order is under the cursor"
# A rejection needs a reason: an empty one is refused.
keys X
check "Reject FL2 reason:" "X asks for the reason"
keys Enter
check "a rejection needs a reason" "an empty reason is refused"
keys 'too "large" for MAIN\' Enter
check "pasted text: press Enter to reject the order" "an Enter with the reason rejects nothing"
check "Review: 1 order waiting" "the order waits while the reason waits"
hot Enter
check "No orders waiting for review" "the rejected order leaves the list"
keys Escape
check "FL1 +buy +5000 AAPL .*filled" "the approved order fills"
check "FL2 +buy +2000 AAPL .*rejected" "the rejected order is rejected"
# The reason is kept as typed, quotes and backslash and all.
cmd 'show order FL2'
check 'Rejected: rejected by compliance \(carl\): too "large" for MAIN\\ ' "the reason is kept as typed"
keys Escape
# FL1 was entered and approved from this login (as two users): allowed,
# with an alert on the screen (review.same_login = alert).
cmd 'show alerts'
check "same_login +MAIN +AAPL +review.same_login" "a same-login approval raises an alert"
keys Escape
gone "for review" 3 && ok || bad "the status line still counts orders for review"

# The kill switch (compliance or admin): asks, halts the whole store,
# orders are refused, and it resumes.
keys K
check "Halt all trading\? New orders and replaces will be refused \(y/n\)" "K asks before halting"
hot y
check "HALTED: kill switch" "the status line shows the halt"
check "alert: trading halted" "the halt shows in the messages"
cmd 'as tom'
check "^ tom \(trader\) +HALTED" "a trader sees the halt"
cmd 'buy 100 AAPL acct=MAIN id=HX'
# The refusal wraps over more lines than the messages pane may keep at
# 80x24: its first words or its last ones show.
check "trading is halted|cancels still go|go +through *│" "an order is refused while halted"
if screen | grep -q "HX +buy"; then bad "an order was taken while halted"; else ok; fi
# Only admin and compliance users hold the kill switch.
keys K
check "only admin or compliance" "a trader cannot resume"
if screen | grep -q "Resume trading"; then bad "a trader was asked to resume"; else ok; fi
cmd "as $me"
check "^ $me \(admin\) " "back to the admin"
keys K
check "Resume trading\? \(y/n\)" "K asks before resuming"
keys n
check "HALTED: kill switch" "n leaves trading halted"
keys K
check "Resume trading\? \(y/n\)" "K asks again"
hot y
gone "HALTED" 5 && ok || bad "trading did not resume"
cmd 'as tom'
check "^ tom \(trader\) " "the trader again"
cmd 'buy 100 AAPL acct=MAIN id=HY'
check "HY +buy +100 AAPL .*filled" "orders go through after resuming"
hot q
check "exit status 0" "quit after the compliance screen"
T kill-session -t =s >/dev/null 2>&1

# A configuration with a mistake is refused with its line.
printf 'confirm = maybe\n' > "$tmp/bad.rc"
if "$BLOTTER" --demo --config "$tmp/bad.rc" </dev/null >/dev/null 2>"$tmp/rc.err"; then
	bad "a bad configuration was accepted"
elif grep -q "bad.rc:1: confirm is yes or no" "$tmp/rc.err"; then ok
else bad "the configuration error does not name the line: $(cat "$tmp/rc.err")"; fi

# The terminals traders use: each draws every pane and quits cleanly.
for term in xterm-256color screen-256color tmux-256color xterm vt100 linux; do
	if ! infocmp "$term" >/dev/null 2>&1; then
		echo "SKIP: TERM=$term has no terminfo entry here"
		continue
	fi
	TERM_UNDER_TEST=$term start
	check "Positions" "the screen under TERM=$term"
	check "Messages" "all panes under TERM=$term"
	keys q
	check "exit status 0" "quit under TERM=$term"
	T kill-session -t =s >/dev/null 2>&1
done

# The blotter pages through the store: 1,500 orders, and End reaches the
# oldest, Home the newest.
{
	echo "quote AAPL 190.00 190.02"
	i=1
	while [ $i -le 1500 ]; do echo "buy 1 AAPL acct=MAIN id=PG$i"; i=$((i + 1)); done
} > "$tmp/pages.blot"
"$BLOTTER" --batch "$tmp/pages.blot" --db "$tmp/pages.db" >/dev/null
T new-session -d -s s -x 100 -y 30 "env TERM=tmux-256color $BLOTTER --db $tmp/pages.db; echo \"exit status \$?\"; sleep 30"
check "PG1500 +buy" "the newest order on top"
keys End
check "1500 of 1500" "End reaches the last of 1,500 orders"
check "PG1 +buy" "the oldest order after End"
keys Home
check "1 of 1500" "Home goes back to the newest"
keys / 'status=open' Enter
check "no orders match the filter" "a filter over the whole store"
hot q
check "exit status 0" "quit after paging"
T kill-session -t =s >/dev/null 2>&1

# The blotter pages by key: 3,000 resting orders, three times what it
# holds at once.  Scrolling across the pages it asks for keeps the
# cursor's place and its order in step ("N of 3000" is order K(3001-N)),
# at both ends, filtered or not.
{
	echo "quote AAPL 190.00 190.02"
	i=1
	while [ $i -le 3000 ]; do
		a=MAIN; [ $((i % 3)) -eq 0 ] && a=GROWTH01
		echo "buy 1 AAPL @ 189.00 acct=$a id=K$i tif=gtc"
		i=$((i + 1))
	done
} > "$tmp/keys.blot"
"$BLOTTER" --batch "$tmp/keys.blot" --db "$tmp/keys.db" >/dev/null
T new-session -d -s s -x 100 -y 30 "env TERM=tmux-256color $BLOTTER --db $tmp/keys.db; echo \"exit status \$?\"; sleep 30"
check "K3000 +buy" "the newest resting order on top"
check " 1 of 3000 " "the orders counted"
# at_cursor WHAT LO HI: the cursor's place is within LO..HI, and the
# place and its order agree.
at_cursor() {
	n=$(screen | grep -o '[0-9]* of 3000' | head -n 1 | cut -d' ' -f1)
	[ -n "$n" ] || { bad "$1: no place on the screen"; return; }
	[ "$n" -ge "$2" ] && [ "$n" -le "$3" ] && ok ||
	    bad "$1: row $n, not within $2..$3"
	hot c
	check "Cancel order K$((3001 - n)) " "$1: row $n is K$((3001 - n))"
	hot n
	gone "Cancel order" 3
}
keys End
check " 3000 of 3000 " "End on 3,000 orders"
check "K1 +buy" "the oldest order after End"
hot c
check "Cancel order K1 " "End: the cursor on the oldest order"
hot n
gone "Cancel order" 3
for k in 1 2 3 4 5 6 7 8 9 10; do
	keys PPage PPage PPage PPage PPage PPage PPage PPage PPage PPage
	sleep 0.2
done
sleep 0.5
at_cursor "up from the end past two pages" 1 2000
keys Home
check " 1 of 3000 " "Home goes back to the newest"
hot c
check "Cancel order K3000 " "Home: the cursor on the newest order"
hot n
gone "Cancel order" 3
for k in 1 2 3 4 5 6 7 8; do
	keys NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
	sleep 0.2
done
sleep 0.5
at_cursor "down from the top past the first page" 751 3000
keys Up Up Up
sleep 0.3
at_cursor "a row up" 748 3000
keys / 'acct=GROWTH01' Enter
check "Blotter /acct=GROWTH01" "a filtered blotter"
check " [0-9]+ of 1000 " "the filter's orders counted"
keys End
check " 1000 of 1000 " "End on a filtered blotter"
check "K3 +buy" "the filter's oldest order after End"
hot c
check "Cancel order K3 " "End on a filter: the cursor on its oldest order"
hot n
gone "Cancel order" 3
keys Home
check " 1 of 1000 " "Home on a filtered blotter"
keys / Escape
check "─ Blotter ─" "Esc clears the filter"
keys / 'acct=MAIN' Enter
check "Blotter /acct=MAIN" "a filter over more orders than a page"
keys End
check " 2000 of 2000 " "End on a filter of 2,000 orders"
check "K1 +buy" "the oldest MAIN order after End"
hot q
check "exit status 0" "quit after paging by key"
T kill-session -t =s >/dev/null 2>&1

# Blocks on the screen.  A block of three accounts' orders filled 900 of
# 1800 (the ask showed 900), with an unrelated order entered between its
# members: the members show right under the block, indented, in every
# sort; the allocation wizard splits the 900 by each method, re-balances
# when one account's share is typed, books with Enter, and Esc books
# nothing.
cat > "$tmp/block.blot" <<'EOF'
quote AAPL 100.00 100.02 asksz=900
stage buy 1000 AAPL acct=MAIN id=o1 tif=gtc
stage buy 500 AAPL acct=GROWTH01 id=o2 tif=gtc
buy 10 AAPL @ 1.00 acct=MAIN id=LONE tif=gtc
stage buy 300 AAPL acct=INCOME01 id=o3 tif=gtc
block o1 o2 o3 id=BK1
release BK1
expect block BK1 cum=900
EOF
for db in block block-ascii; do
	"$BLOTTER" --batch "$tmp/block.blot" --db "$tmp/$db.db" >/dev/null ||
	    bad "the block store could not be made"
done
blockscreen() {	# blockscreen LOCALE DB: the screen on DB at 80x24
	T new-session -d -s s -x 80 -y 24 "env LC_ALL=$1 TERM=tmux-256color $BLOTTER --db $2; echo \"exit status \$?\"; sleep 30"
}
# tree PATTERN: the blotter rows, one line, each row ending in '~'.
tree() { screen | tr '\n' '~' | grep -qE -- "$1"; }
treecheck() {	# treecheck PATTERN WHAT
	i=0
	while [ $i -lt 50 ]; do tree "$1" && { ok; return; }; sleep 0.1; i=$((i + 1)); done
	bad "$2"
}
m='(└|`)'	# the corner before a member: UTF-8, or ASCII without it
blockscreen C.UTF-8 "$tmp/block.db"
check "BK1 +buy +1800 AAPL +mkt partially_f" "the block in the blotter"
treecheck "BK1 +buy +1800 AAPL[^~]*~[^~]*${m}o3 +buy +300 AAPL[^~]*~[^~]*${m}o2 +buy +500 AAPL[^~]*~[^~]*${m}o1 +buy +1000 AAPL[^~]*~[^~]* LONE +buy +10 AAPL" \
    "the members are not right under their block, indented"
if locale -a 2>/dev/null | grep -qi '^c\.utf-\{0,1\}8$'; then
	check "└o3 +buy +300" "a UTF-8 terminal draws the corner"
fi
# Every sort keeps the members under their block: symbol, status,
# account (the block has none: it sorts first), and reversed.
group="BK1 +buy +1800[^~]*~([^~]*${m}o[123] +buy [^~]*~){3}"
keys o
check "blotter sorted by symbol" "sort by symbol"
treecheck "$group" "sorted by symbol, the members left their block"
keys o
check "blotter sorted by status" "sort by status"
treecheck " LONE +buy[^~]*~[^~]*$group" "sorted by status, the members left their block"
keys o
check "blotter sorted by account" "sort by account"
treecheck "$group" "sorted by account, the members left their block"
keys O
treecheck "LONE +buy[^~]*~([^~]*~)*[^~]*BK1 +buy +1800[^~]*~([^~]*${m}o[123] +buy [^~]*~){3}" "reversed, the members left their block"
keys O o o
treecheck "BK1 +buy +1800 AAPL[^~]*~[^~]*${m}o3 " "back to newest first"
# Wide enough for the account column, the block says what it is.
T resize-window -t =s: -x 200 -y 30
check "BK1 +buy +1800 AAPL .* block \(3\) +gtc" "a wide blotter shows the block and its members' count"
check "(└─|\`-)o3 +buy +300 AAPL .* INCOME01 +gtc" "a wide blotter indents the members"
T resize-window -t =s: -x 80 -y 24
check "Ticket" "back to 80x24"
# a on an order outside any block says so.
keys End a
check "a: select a block" "a on an order that is not in a block"
# a on a member opens the wizard on its block, by pro rata first.
keys Home Down a
check "Allocate BK1: buy 1800 AAPL, filled 900, allocated 0, unallocated 900" "a on a member opens the wizard on its block"
check "Would book 900 AAPL at 100.02 \(prorata\)" "the wizard previews pro rata"
check "MAIN +1000 +0 +55.56% +500 +55.56% +50010.00" "pro rata: MAIN's share"
check "GROWTH01 +500 +0 +27.78% +250 +27.78% +25005.00" "pro rata: GROWTH01's share"
check "INCOME01 +300 +0 +16.67% +150 +16.67% +15003.00" "pro rata: INCOME01's share"
# m switches the method, and the split changes.
keys m
check "Would book 900 AAPL at 100.02 \(even\)" "m switches to even"
check "MAIN +1000 +0 +33.33% +300 +33.33% +30006.00" "even: MAIN's share"
check "INCOME01 +300 +0 +33.33% +300 " "even: INCOME01's share"
# A share typed for one account: the others keep their relative weights.
keys Down 4 0 %
check "Share for GROWTH01 \(40% or a quantity\): 40%" "typing a share"
keys Enter
check "Would book 900 AAPL at 100.02 \(weights\)" "a share switches to weights"
check "GROWTH01 +500 +0 +40.00% +360 +40.00% +36007.20" "GROWTH01 gets the share typed"
check "MAIN +1000 +0 +30.00% +270 " "MAIN re-balanced"
check "INCOME01 +300 +0 +30.00% +270 " "INCOME01 re-balanced"
# ... or a quantity.
keys Down 9 0 Enter
check "INCOME01 +300 +0 +10.00% +90 +10.00% +9001.80" "INCOME01 gets the quantity typed"
check "MAIN +1000 +0 +38.57% +347 " "MAIN keeps 30:40 with GROWTH01"
check "GROWTH01 +500 +0 +51.43% +463 " "GROWTH01 keeps 40:30 with MAIN"
# A share that makes no sense stays on the line with the reason.
keys 2 0 0 0 Enter
check "share 2000 is more than the booking of 900" "a share above the booking is refused"
keys Escape
gone "Share for INCOME01" 3 && ok || bad "Esc leaves the share line"
# Esc closes the wizard and books nothing.
keys Escape
gone "Allocate BK1" 3 && ok || bad "Esc closes the wizard"
check "${m}o1 +buy +1000 AAPL +mkt new" "nothing booked after Esc"
keys a
check "Allocate BK1: buy 1800 AAPL, filled 900, allocated 0, unallocated 900" "after Esc the block is still unallocated"
# The same split again, then Enter books it after a question.
keys e Down 4 0 % Enter
check "GROWTH01 +500 +0 +40.00% +360 " "the share again"
keys Down 9 0 Enter
check "MAIN +1000 +0 +38.57% +347 .*34706.94" "the split to book"
keys Enter
check "Book 900 AAPL of block BK1 at 100.02 to 3 accounts \(weights\)\? \(y/n\)" "Enter asks before booking"
keys n
check "Allocate BK1" "n goes back to the wizard"
check "INCOME01 +300 +0 +10.00% +90 " "with the split kept"
keys Enter
check "Book 900 AAPL .*\(y/n\)" "Enter asks again"
hot y
gone "Allocate BK1" 3 && ok || bad "the wizard closes after booking"
check "MAIN +AAPL +347 +100.02" "MAIN holds what the wizard showed"
check "GROWTH01 +AAPL +463 +100.02" "GROWTH01 holds what the wizard showed"
check "INCOME01 +AAPL +90 +100.02" "INCOME01 holds what the wizard showed"
check "${m}o1 +buy +1000 AAPL +mkt partially_f" "the members took their fills"
# Booked: the wizard has nothing left to allocate.
keys Home a
check "Nothing to allocate: block BK1 has filled 900 and all of it is booked" "the wizard says when there is nothing to allocate"
keys Enter
check "nothing to allocate in block BK1" "Enter with nothing to allocate"
keys Escape
# The help lists the wizard's key and its own bindings.
keys ?
check "Key bindings in force" "help over the blocks"
keys NPage
check "blotter +a +alloc-wizard +Allocate the selected block" "help lists a"
keys Escape
# In the wizard, ? lists the wizard's keys and not the blotter's.
keys Home a
check "Allocate BK1" "the wizard again for its help"
keys ?
check "Key bindings in force in the alloc pane" "help over the wizard"
keys NPage
check "alloc +m +alloc-method-next" "help lists the wizard's keys"
if screen | grep -q "order-cancel"; then bad "the wizard's help lists the blotter's keys"; else ok; fi
keys Escape
check "Allocate BK1" "Esc goes back from the help to the wizard"
keys Escape
hot q
check "exit status 0" "quit after the wizard"
T kill-session -t =s >/dev/null 2>&1
# The store agrees: the allocations booked are the quantities shown.
printf '%s\n' 'expect allocation BK1 MAIN qty=347 avgpx=100.02' \
    'expect allocation BK1 GROWTH01 qty=463' 'expect allocation BK1 INCOME01 qty=90' \
    'expect block BK1 cum=900' 'show allocations BK1' > "$tmp/alloc.blot"
if "$BLOTTER" --batch "$tmp/alloc.blot" --db "$tmp/block.db" >"$tmp/alloc.out" 2>&1 &&
    grep -qE "MAIN +o1 +AAPL +buy +347 " "$tmp/alloc.out" &&
    [ "$(grep -c "^BK1 " "$tmp/alloc.out")" -eq 3 ]; then ok
else bad "the store's allocations differ from the wizard's: $(cat "$tmp/alloc.out")"; fi

# Without UTF-8 the corner is ASCII, and Esc from the wizard books
# nothing in the store either.
blockscreen C "$tmp/block-ascii.db"
check "BK1 +buy +1800 AAPL" "the block without UTF-8"
treecheck "BK1 +buy +1800 AAPL[^~]*~[^~]*\`o3 +buy +300 AAPL[^~]*~[^~]*\`o2 +buy +500 AAPL[^~]*~[^~]*\`o1 +buy +1000" \
    "without UTF-8 the members are not indented with an ASCII corner"
keys Home a
check "MAIN +1000 +0 +55.56% +500 " "the wizard without UTF-8"
# A share the others cannot make up for: the engine says why, and Enter
# does not book it.
keys Down = 1 0 0 % Enter
check "cannot allocate 900: the members with a weight can take only" "a split the accounts cannot take says why"
check "500 more \(400 short\)" "and how far short it is"
keys Enter
check "this split cannot be booked" "a split that cannot be booked is not"
keys Escape q
check "exit status 0" "quit after Esc in the wizard"
T kill-session -t =s >/dev/null 2>&1
printf 'expect allocation BK1 MAIN qty=0\nexpect block BK1 cum=900\n' > "$tmp/none.blot"
"$BLOTTER" --batch "$tmp/none.blot" --db "$tmp/block-ascii.db" >"$tmp/none.out" 2>&1 && ok ||
    bad "Esc booked something: $(cat "$tmp/none.out")"

# A block still at the venue: the wizard follows its fills as they
# come, and with confirm = no, Enter books at once.
grep -v '^release\|^expect' "$tmp/block.blot" > "$tmp/slowblock.blot"
"$BLOTTER" --batch "$tmp/slowblock.blot" --db "$tmp/slowblock.db" >/dev/null ||
    bad "the staged block store could not be made"
printf 'sim.delay = 2s\nconfirm = no\n' > "$tmp/slowblock.rc"
T new-session -d -s s -x 80 -y 24 "env TERM=tmux-256color $BLOTTER --config $tmp/slowblock.rc --db $tmp/slowblock.db; echo \"exit status \$?\"; sleep 30"
check "BK1 +buy +1800 AAPL +mkt staged" "the staged block"
cmd 'release BK1'
check "BK1 +buy +1800 AAPL +mkt pending_n" "the block waits for the slow venue"
keys Home a
check "Nothing to allocate: block BK1 has no fills yet" "the wizard before the block fills"
check "Would book 900 AAPL at 100.02 \(prorata\)" "the wizard follows the block's fill" 8
check "MAIN +1000 +0 +55.56% +500 " "the split after the fill"
keys Enter
gone "Allocate BK1" 3 && ok || bad "confirm = no books at once"
check "MAIN +AAPL +500 +100.02" "booked without a question"
hot q
check "exit status 0" "quit after booking without a question"
T kill-session -t =s >/dev/null 2>&1

# Two desks on one store: each sees the other's orders and fills within
# a second.  The first holds the venue; the second's orders reach it
# through the store.
printf 'quote AAPL 190.00 190.02\n' | "$BLOTTER" --batch - --db "$tmp/desk.db" >/dev/null
T new-session -d -s a -x 100 -y 30 "env TERM=xterm-256color $BLOTTER --db $tmp/desk.db; sleep 30"
sleep 1
T new-session -d -s b -x 100 -y 30 "env TERM=xterm-256color $BLOTTER --db $tmp/desk.db; sleep 30"
shot() { T capture-pane -p -t "=$1:"; }
unseen() {	# unseen SESSION PATTERN SECONDS: until PATTERN is gone
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		shot "$1" | grep -qE -- "$2" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
seen() {	# seen SESSION PATTERN SECONDS
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		shot "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
if seen b "sim: via other blotter" 5; then ok; else bad "the second desk does not say who holds the venue"; fi
cmd_on b 'buy 100 AAPL acct=MAIN id=FROMB'
if seen b "FROMB +buy +100 AAPL .*filled" 3; then ok; else bad "the second desk's order did not fill through the first"; shot b | sed 's/^/    b|/'; fi
if seen a "FROMB +buy +100 AAPL .*filled" 2; then ok; else bad "the first desk does not show the second desk's order"; shot a | sed 's/^/    a|/'; fi
cmd_on a 'buy 50 AAPL acct=MAIN id=FROMA'
if seen b "FROMA +buy +50 AAPL .*filled" 2; then ok; else bad "the second desk does not show the first desk's order"; shot b | sed 's/^/    b|/'; fi
cmd_on b 'buy 10 AAPL @ 1.00 acct=MAIN id=RESTB'
if seen a "RESTB +buy +10 AAPL +1.00 new" 3; then ok; else bad "a resting order from the second desk"; fi
cmd_on b 'cancel RESTB'
if seen a "RESTB +buy +10 AAPL +1.00 canceled" 3; then ok; else bad "a cancel from the second desk"; shot a | sed 's/^/    a|/'; fi
# The kill switch on one desk halts the other, which shows the alert.
T send-keys -t =b: K
if seen b "Halt all trading\? .*\(y/n\)" 3; then ok; else bad "K on the second desk does not ask"; fi
sleep 0.3
T send-keys -t =b: y
if seen a "HALTED: kill switch" 5; then ok; else bad "the first desk does not show the other desk's halt"; shot a | sed 's/^/    a|/'; fi
if seen a "alert: .*halt" 3; then ok; else bad "the first desk does not show the halt alert"; shot a | sed 's/^/    a|/'; fi
T send-keys -t =b: K
if seen b "Resume trading\? \(y/n\)" 3; then ok; else bad "K on the halted desk does not offer to resume"; fi
sleep 0.3
T send-keys -t =b: y
if unseen b "HALTED" 5; then ok; else bad "the second desk did not resume"; shot b | sed 's/^/    b|/'; fi
if unseen a "HALTED" 5; then ok; else bad "the first desk does not show the resume"; shot a | sed 's/^/    a|/'; fi
T send-keys -t =a: q
T send-keys -t =b: q
T kill-session -t =a >/dev/null 2>&1
T kill-session -t =b >/dev/null 2>&1
"$BLOTTER" --verify --db "$tmp/desk.db" >"$tmp/desk.verify" 2>&1 && ok || bad "verify after two desks: $(head -n 3 "$tmp/desk.verify")"

# Days pass.  A DAY order left working on Friday 2026-01-02 by a script
# expires when the screen opens on Monday, before the open; the status line
# says pre-open, then open, its clock ticking with nothing else happening.
printf 'clock set 2026-01-02T10:00:00\nbuy 10 AAPL @ 1.00 acct=MAIN id=OLD\n' |
    "$BLOTTER" --batch - --db "$tmp/days.db" >/dev/null 2>&1 || bad "the Friday script failed"
T new-session -d -s s -x 100 -y 24 "env BLOTTER_CLOCK=2026-01-05T09:29:56 TERM=tmux-256color $BLOTTER --db $tmp/days.db; echo \"exit status \$?\"; sleep 30"
check "OLD +buy +10 AAPL +1.00 expired" "a DAY order from Friday expires at the next start"
check "\| pre-open 09:29:5[6-9] \|" "the status line says pre-open before 09:30"
first=$(screen | head -n 1)
sleep 2.5
second=$(screen | head -n 1)
[ "$first" != "$second" ] && ok || bad "the status line's clock froze at: $first"
check "\| open 09:30:0[0-9] \|" "the session opens at 09:30" 5
hot q
check "exit status 0" "quit after the session test"
T kill-session -t =s >/dev/null 2>&1
# On a holiday the session is closed: a DAY order is refused with the
# reason and the next open, a GTC limit order is taken.
T new-session -d -s s -x 200 -y 24 "env BLOTTER_CLOCK=2026-01-19T12:00:00 TERM=tmux-256color $BLOTTER --db $tmp/days.db; echo \"exit status \$?\"; sleep 30"
check "\| closed 12:00:0[0-9] \|" "the status line says closed on a holiday"
cmd 'buy 10 AAPL @ 1.00 acct=MAIN id=HOL'
check "session is closed until Tue 2026-01-20 09:30" "a DAY order on a holiday is refused, saying until when"
cmd 'buy 10 AAPL @ 1.00 tif=gtc acct=MAIN id=HOLG'
check "HOLG +buy +10 AAPL +1.00 new" "a GTC limit order is taken on a holiday"
if screen | grep -q "HOL +buy"; then bad "a DAY order was taken on a holiday"; else ok; fi
hot q
check "exit status 0" "quit after the holiday test"
T kill-session -t =s >/dev/null 2>&1
"$BLOTTER" --verify --db "$tmp/days.db" >"$tmp/days.verify" 2>&1 && ok || bad "verify after the expiry at start: $(head -n 3 "$tmp/days.verify")"

# The screen's clock is the venue's (tz, New York by default), not the
# machine's: with the machine in UTC+14 the status line shows New York's
# hour, 18 or 19 hours behind.
hm1=$(TZ=America/New_York date +%H:%M)
T new-session -d -s s -x 100 -y 24 "env -u BLOTTER_CLOCK TZ=Pacific/Kiritimati TERM=tmux-256color $BLOTTER --db $tmp/tz.db --empty; echo \"exit status \$?\"; sleep 30"
wait_for "\| (pre-open|open|closed) [0-9]{2}:[0-9]{2}:[0-9]{2} \|"
shown=$(screen | grep -oE "\| (pre-open|open|closed) [0-9]{2}:[0-9]{2}" | head -n 1)
hm2=$(TZ=America/New_York date +%H:%M)
case "$shown" in
*" $hm1"|*" $hm2") ok ;;
*) bad "the status line shows '$shown', not New York's $hm1 or $hm2" ;;
esac
hot q
check "exit status 0" "quit after the time zone test"
T kill-session -t =s >/dev/null 2>&1
# A clock past the calendar's last listed year: the screen says at its
# start that holidays are unknown from then on.
T new-session -d -s s -x 200 -y 30 "env BLOTTER_CLOCK=2029-01-02T10:00:00 TERM=tmux-256color $BLOTTER --db $tmp/tz.db; echo \"exit status \$?\"; sleep 30"
check "the trading calendar lists holidays only up to 2028; update" "the screen warns that the calendar ends in 2028"
hot q
check "exit status 0" "quit after the calendar's end test"
T kill-session -t =s >/dev/null 2>&1

# The demo outside the session: its day starts at the next open, so a
# new user's DAY orders trade.  The venue's zone (tz in the settings)
# puts its time at 20:00-20:59, whatever the hour the test runs at,
# while the machine's zone (TZ) puts the machine's at 12:00-12:59, in a
# session on a weekday: the venue's decides.
h=$(date -u +%H | sed "s/^0//"); off=$(( (20 - h + 24) % 24 )); [ $off -gt 14 ] && off=$((off - 24))
off12=$(( (12 - h + 24) % 24 )); [ $off12 -gt 14 ] && off12=$((off12 - 24))
if [ $off -gt 0 ]; then etc="Etc/GMT-$off"; else etc="Etc/GMT+$((-off))"; fi
printf 'tz = %s\n' "$etc" > "$tmp/demo.rc"
T new-session -d -s s -x 100 -y 30 "env -u BLOTTER_CLOCK TZ=DEMO$((-off12)) TERM=tmux-256color $BLOTTER --demo --seed 7 --config $tmp/demo.rc; echo \"exit status \$?\"; sleep 30"
check "\| open 09:3[0-9]:[0-9][0-9] \|" "the demo's day starts at the next open after hours"
check "demo: the market's day starts" "the demo says when its day starts"
cmd 'buy 100 AAPL acct=MAIN id=D1'
check "D1 +buy +100 AAPL .*filled" "a DAY order trades in the after-hours demo"
hot q
check "exit status 0" "quit after the after-hours demo"
T kill-session -t =s >/dev/null 2>&1

# What the screen must not leave out: a 0.0001-tick FX price and a bond
# priced in 1/32 with every decimal and the bond's full symbol, a status
# in full or as its documented abbreviation, the positions' MARK, a
# block's unallocated fills as a line of their own in the positions and
# in the firm P&L (with thousands separators) until booked, and prices,
# not scaled integers, in an order's history.
cat > "$tmp/full.blot" <<'EOF'
instrument add AUDNZD class=fx ccy=USD tick=0.0001
instrument add US912828XG55 class=bond ccy=USD tick=0.03125 lot=1000
quote AUDNZD 1.1000 1.1002
quote US912828XG55 99.03125 99.0625
quote AAPL 100.00 100.02 asksz=900
buy 1000 AUDNZD acct=MAIN id=FX1
buy 1000 US912828XG55 @ 98.96875 acct=MAIN id=BD1 tif=gtc
rule add BIGBOND kind=max_qty limit=5000 sym=US912828XG55 action=review
buy 10000 US912828XG55 @ 98.96875 acct=GROWTH01 id=FL1 tif=gtc
stage buy 1000 AAPL acct=MAIN id=o1 tif=gtc
stage buy 500 AAPL acct=GROWTH01 id=o2 tif=gtc
block o1 o2 id=BK1
release BK1
buy 1000 AUDNZD @ 1.0900 acct=MAIN id=FX2 tif=gtc
expect block BK1 cum=900
EOF
"$BLOTTER" --batch "$tmp/full.blot" --db "$tmp/full.db" >/dev/null ||
    bad "the store for the full columns could not be made"
T new-session -d -s s -x 80 -y 24 "env TERM=tmux-256color $BLOTTER --db $tmp/full.db; echo \"exit status \$?\"; sleep 30"
check "FX2 +buy +1000 AUDNZD +1\.0900 +new" "a 0.0001-tick price with all its decimals at 80x24"
check "BD1 +buy +1000 US912828XG55 +98\.96875 +new" "a bond's full symbol and 1/32 price at 80x24"
check "US912828XG55 +99\.03125 +99\.06250" "a bond's quote in full at 80x24"
check "BK1 +buy +1500 AAPL +mkt +(partially_filled|pfill) " "partially_filled in full or as its abbreviation at 80x24"
check "ACCOUNT +SYMBOL +QTY +AVGCOST +MARK +UNREAL" "the positions' columns at 80x24"
check "MAIN +AUDNZD +1000 +1\.1002 +1\.1001 +-0\.10" "the positions' MARK is filled"
check "block BK1 +AAPL +900 +100\.02 +100\.01 +-9\.00" "a block's unallocated fills in the positions"
check "firm -9\.10 USD" "a block's unallocated fills in the firm P&L"
# The review list: the account, the symbol and the price in full.
keys R
check "FL1 +GROWTH01 +buy +10000 US912828XG55 +98\.96875 +$me +BIGBOND" "the review list cuts nothing"
keys Escape
gone "Review: " 3 && ok || bad "Esc closes the review list"
# The order's history (Enter on it) shows its limit price as a price.
keys Home Enter
check '"limit_px":1\.0900' "the history shows the limit as a price"
if screen | grep -q '"limit_px":109000000'; then bad "the history shows a scaled integer"; else ok; fi
keys Escape
check "Positions" "back from the order's details"
cmd 'quote AUDNZD 1.1050 1.1052'
check "MAIN +AUDNZD +1000 +1\.1002 +1\.1051 +4\.90" "the MARK follows a new quote"
cmd 'mark AAPL 150'
check "block BK1 +AAPL +900 .*44,982\.00" "the block's P&L with separators"
check "firm 44,986\.90 USD" "the firm P&L counts the block, with separators"
T resize-window -t =s: -x 132 -y 43
check "firm P&L 44,986\.90 USD" "the status line's P&L with separators"
check "BK1 +buy +1500 AAPL +mkt +partially_filled " "partially_filled in full at 132x43"
check "block BK1 +AAPL +900 +100\.02 +150\.00 +44,982\.00" "every position column at 132x43"
T resize-window -t =s: -x 80 -y 24
check "Ticket" "back to 80x24"
# Booked: the fills move to the accounts, the block's line goes, and
# nothing is counted twice.
cmd 'alloc BK1'
gone "block BK1" 5 && ok || bad "the block's line stays after booking"
check "MAIN +AAPL +600 " "MAIN holds its share after booking"
check "GROWTH01 +AAPL +300 " "GROWTH01 holds its share after booking"
check "firm 44,986\.90 USD" "the firm P&L is the same after booking"
cmd 'short 1000 US912828XG55 acct=MAIN id=SH1'
check "SH1 +short +1000 US912828XG55" "short in full"
hot q
check "exit status 0" "quit after the full columns"
T kill-session -t =s >/dev/null 2>&1

# A terminal that cannot draw the screen is refused with the reason,
# before anything is drawn.
for term in dumb no-such-terminal; do
	T new-session -d -s s -x 80 -y 24 "env TERM=$term $BLOTTER --db $tmp/full.db; echo \"exit status \$?\"; sleep 30"
	case $term in
	dumb) check "TERM=dumb cannot move the cursor" "TERM=dumb is refused with a message" ;;
	*) check "TERM=$term is a terminal type this system does not" "an unknown TERM is refused with a message" ;;
	esac
	check "exit status 2" "TERM=$term exits with status 2"
	T kill-session -t =s >/dev/null 2>&1
done

# The cursor follows the order, not the row: an order arriving on top
# while the cursor is on another leaves c on the order under the cursor.
start
check "Blotter" "started for the cursor"
cmd 'buy 10 AAPL @ 1.00 acct=MAIN id=SF1'
check "SF1 +buy +10 AAPL +1.00 new" "the order the cursor will be on"
keys Home
cmd 'buy 20 AAPL @ 1.00 acct=MAIN id=SF2'
check "SF2 +buy +20 AAPL +1.00 new" "a new order on top"
hot c
check "Cancel order SF1 \(buy 10 AAPL\)\? \(y/n\)" "c asks about the order under the cursor, not the new one"
hot y
check "SF1 +buy +10 AAPL +1.00 canceled" "y cancels the order under the cursor"
check "SF2 +buy +20 AAPL +1.00 new" "the new order stays working"
# When the order under the cursor leaves the blotter (a filter), c acts
# on nothing and says so, never on the order that took its row.
keys / 'status=open' Enter
check "Blotter /status=open" "a filter for open orders"
cmd 'buy 30 AAPL @ 1.00 acct=MAIN id=SF3'
check "SF3 +buy +30 AAPL +1.00 new" "an order to see leave"
keys Home
cmd 'cancel SF3'
gone "SF3 +buy" 5 && ok || bad "the canceled order stays in the open orders"
hot c
check "cancel: order SF3 is no" "c on an order that left the blotter says so"
if screen | grep -q "Cancel order SF2"; then bad "c asked about the order that took the row"; else ok; fi
keys / BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace Enter
check "SF1 +buy +10 AAPL" "the filter cleared"
# Keys that come together faster than anyone types are no commands: a
# pasted xy does not cancel everything, while moves still work.
keys xy
check "[0-9]+ keys? ignored: keys that come" "a burst of hotkeys is ignored"
sleep 1
check "SF2 +buy +20 AAPL +1.00 new" "xy canceled nothing" 1
if screen | grep -q "Cancel every open order"; then bad "xy asked to cancel all"; else ok; fi
keys Home Down Down
hot c
check "Cancel order SF1 " "arrow keys together still move the cursor"
hot n
# Bracketed paste: text in the prompt, a pasted line break is no Enter.
T set-buffer -b p "$(printf 'buy 5 AAPL acct=MAIN id=PB1\nx')"
keys :
check "^:$" "the prompt for a paste"
T paste-buffer -p -b p -t =s:
check "^:buy 5 AAPL acct=MAIN id=PB1 x$" "pasted text lands in the prompt, the line break as a blank"
keys BSpace BSpace
hot Enter
check "PB1 +buy +5 AAPL .*filled" "the pasted command runs on Enter"
# A paste the terminal does not mark, ending in a line break: the text
# waits on the line until the trader's own Enter.
keys : 'buy 7 AAPL acct=MAIN id=UP1' Enter
check "pasted text: press Enter to" "an Enter pasted with the text runs nothing"
check "│run it " "the message says Enter runs it"
check "^:buy 7 AAPL acct=MAIN id=UP1$" "the pasted command stays on the prompt"
if screen | grep -q "UP1 +buy"; then bad "a pasted Enter ran the command"; else ok; fi
hot Enter
check "UP1 +buy +7 AAPL .*filled" "the trader's Enter runs the pasted command"
keys b
check "Symbol:" "the ticket for an unmarked paste"
keys MSFT BTab 7 Enter
check "pasted text: press Enter to" "an Enter pasted into the ticket sends nothing"
check "│send the order " "the message says Enter sends the order"
if screen | grep -q " +buy +7 MSFT"; then bad "a pasted Enter sent the ticket"; else ok; fi
hot Enter
check " +buy +7 MSFT .*filled" "the trader's Enter sends the ticket"
# ... into the ticket's field, and ignored outside a text field.
keys b
check "Symbol:" "the ticket for a paste"
T set-buffer -b p 'MSFT'
T paste-buffer -p -b p -t =s:
check "Symbol:MSFT " "pasted text lands in the ticket's field"
keys Escape
wait_for "b buy" 3
T set-buffer -b p 'xy'
T paste-buffer -p -b p -t =s:
check "paste: 2 characters left out" "a paste outside a text field is ignored"
if screen | grep -q "Cancel every open order"; then bad "a pasted x asked to cancel all"; else ok; fi
# While the terminal is too small no key acts but quit.
T resize-window -t =s: -x 60 -y 20
check "terminal too small" "a small terminal says so"
hot :
T resize-window -t =s: -x 80 -y 24
check "1 key ignored while the *│" "a key while too small is ignored"
if screen | grep -q "^:"; then bad "a key opened the prompt while too small"; else ok; fi
# Ctrl-C closes the prompt and the ticket, and the screen stays.
keys : 'abc'
check "^:abc$" "a line to cancel"
keys C-c
gone "^:abc" 3 && ok || bad "Ctrl-C does not close the prompt"
keys b
check "Symbol:" "a ticket to cancel"
keys C-c
check "b buy  s sell" "Ctrl-C closes the ticket"
if screen | grep -q "exit status"; then bad "Ctrl-C in a prompt ended the screen"; else ok; fi
# ? lists the keys of the focused pane only.
keys Tab
sleep 0.3
keys ?
check "Key bindings in force in the positions pane" "help for the positions pane"
: > "$tmp/help.txt"
for i in 1 2 3 4; do screen >> "$tmp/help.txt"; keys NPage; sleep 0.2; done
grep -q "position-flatten" "$tmp/help.txt" && ok || bad "the positions help lacks its flatten key"
grep -q "order-cancel" "$tmp/help.txt" && bad "the positions help lists the blotter's cancel key" || ok
grep -q "review-approve" "$tmp/help.txt" && bad "the positions help lists the review list's keys" || ok
keys Escape
hot q
check "exit status 0" "quit after the keys tests"
T kill-session -t =s >/dev/null 2>&1

# The positions' cursor follows its position too: a new position coming
# in above the block's line leaves f on the block's line, which says its
# fills must be booked first, never on the position that took the row.
cat > "$tmp/posfollow.blot" <<'EOF'
quote AAPL 100.00 100.02
quote MSFT 400.00 400.05
buy 10 AAPL acct=MAIN id=PA1
stage buy 1000 AAPL acct=MAIN id=o1 tif=gtc
stage buy 500 AAPL acct=GROWTH01 id=o2 tif=gtc
block o1 o2 id=BK1
release BK1
EOF
"$BLOTTER" --batch "$tmp/posfollow.blot" --db "$tmp/posfollow.db" >/dev/null ||
    bad "the store for the positions' cursor could not be made"
T new-session -d -s s -x 100 -y 30 "env TERM=tmux-256color $BLOTTER --db $tmp/posfollow.db; echo \"exit status \$?\"; sleep 30"
check "block BK1 +AAPL +1500 " "the block's line in the positions"
keys Tab End
cmd 'buy 5 MSFT acct=MAIN id=PF1'
check "MAIN +MSFT +5 " "a new position above the block's line"
hot f
check "flatten: block BK1's fills are in no" "f stays on the block's line"
if screen | grep -q "Flatten MAIN MSFT"; then bad "f asked about the position that took the row"; else ok; fi
if screen | grep -q "acct=unallocated"; then bad "f offered to flatten an account named unallocated"; else ok; fi
keys Up
hot f
check "Flatten MAIN MSFT: sell 5 MSFT acct=MAIN\? \(y/n\)" "f on the position under the cursor"
hot n
# ? in the wizard lists its own keys, not those that do nothing there.
keys BTab
sleep 0.3
keys Home Down
hot a
check "Allocate BK1" "the wizard on the block"
keys ?
check "Key bindings in force in the alloc pane" "the wizard's help"
: > "$tmp/allochelp.txt"
for i in 1 2 3; do screen >> "$tmp/allochelp.txt"; keys NPage; sleep 0.2; done
grep -q "alloc-book" "$tmp/allochelp.txt" && ok || bad "the wizard's help lacks its book key"
grep -qE "ticket-buy|prompt-open|pane-next" "$tmp/allochelp.txt" && bad "the wizard's help lists keys that do nothing there" || ok
keys Escape
sleep 0.3
keys Escape
gone "Allocate BK1" 3 && ok || bad "Esc closes the wizard"
hot q
check "exit status 0" "quit after the positions' cursor"
T kill-session -t =s >/dev/null 2>&1

# The help and an order's details read their keys from the keymap: vi's
# G and g move to the end and back, a keymap file's x closes them; ? lists
# only what works in the focused pane (Esc closes nothing in the blotter,
# the P&L pane has no cursor).
mkdir -p "$tmp/cfgv/blotter"
printf 'help x dialog-close\ndialog x dialog-close\n' > "$tmp/cfgv/blotter/default.keys"
start BLOTTER_KEYMAP=vi XDG_CONFIG_HOME="$tmp/cfgv"
check "Blotter" "started with the vi keymap and a keymap file"
cmd 'buy 10 AAPL @ 1.00 acct=MAIN id=HV1'
check "HV1 +buy +10 AAPL +1.00 new" "an order for the details"
keys ?
check "Key bindings in force in the blotter pane" "the blotter's help in the vi keymap"
if screen | grep -q "dialog-close"; then bad "the blotter's help lists a key that closes nothing there"; else ok; fi
keys G
gone "Key bindings in force in the blotter pane" 3 && ok || bad "G does not go to the end of the help"
check "alloc-wizard" "the help's last page"
keys g
check "Key bindings in force in the blotter pane" "g goes back to the top of the help"
keys x
gone "Key bindings in force" 3 && ok || bad "a keymap file's x does not close the help"
keys g Enter
check "Details" "the details of an order"
keys x
gone "Details" 3 && ok || bad "a keymap file's x does not close the details"
keys l l l
sleep 0.3
keys ?
check "Key bindings in force in the pnl pane" "help for the P&L pane"
if screen | grep -qE "cursor-(up|down)|page-(up|down)"; then bad "the P&L help lists moves it does not make"; else ok; fi
keys x
gone "Key bindings in force" 3 && ok || bad "x closes the P&L pane's help"
hot q
check "exit status 0" "quit after the help's keys"
T kill-session -t =s >/dev/null 2>&1

# Keys faster than anyone types, even in pieces: x, then y 5 ms later (a
# paste the terminal sent in two writes) does not answer the question x
# asked; and while the terminal is too small a paste types nothing into
# the prompt it hides.
printf 'quote AAPL 190.00 190.02\nbuy 10 AAPL @ 1.00 acct=MAIN id=BW1 tif=gtc\n' |
    "$BLOTTER" --batch - --db "$tmp/burst.db" >/dev/null || bad "the store for the split paste"
T new-session -d -s s -x 100 -y 30 "env TERM=tmux-256color $BLOTTER --db $tmp/burst.db; echo \"exit status \$?\"; sleep 30"
check "BW1 +buy +10 AAPL +1.00 new" "an order for the split paste"
sleep 0.3
T send-keys -t =s: x \; run-shell 'sleep 0.005' \; send-keys -t =s: y
check "Cancel every open order\? \(y/n\)" "x asks"
check "y ignored: it came with the key" "the y right after x is ignored"
sleep 0.5
check "BW1 +buy +10 AAPL +1.00 new" "a split xy canceled nothing" 1
hot n
gone "Cancel every open order" 3 && ok || bad "n answers the question"
keys :
check "^:$" "a prompt to hide"
T resize-window -t =s: -x 60 -y 20
check "terminal too small" "too small for the paste"
T set-buffer -b p 'cancel all'
T paste-buffer -p -b p -t =s:
sleep 0.3
T resize-window -t =s: -x 100 -y 30
check "[0-9]+ keys? ignored while the termi" "a paste while too small is ignored"
if screen | grep -q "^:cancel all"; then bad "a paste while too small typed into the hidden prompt"; else ok; fi
keys C-c
hot q
check "exit status 0" "quit after the split paste"
T kill-session -t =s >/dev/null 2>&1

# The review list's cursor follows its order too: when the order under
# it is answered on another screen, a never falls on the order that took
# its row; after this screen's own answer the cursor goes to the next.
cat > "$tmp/rv.blot" <<'EOF'
user add carl role=compliance
user add cora role=compliance
user add tina role=trader
quote AAPL 100.00 100.02
rule add BIG kind=max_qty limit=1000 sym=AAPL action=review
as tina
buy 5000 AAPL @ 99.00 acct=MAIN id=RV1 tif=gtc
buy 2000 AAPL @ 99.00 acct=MAIN id=RV2 tif=gtc
buy 3000 AAPL @ 99.00 acct=MAIN id=RV3 tif=gtc
EOF
"$BLOTTER" --batch "$tmp/rv.blot" --db "$tmp/rv.db" >/dev/null || bad "the store for the review list's cursor"
T new-session -d -s rva -x 100 -y 30 "env TERM=tmux-256color $BLOTTER --db $tmp/rv.db; sleep 30"
sleep 1
T new-session -d -s rvb -x 100 -y 30 "env TERM=tmux-256color $BLOTTER --db $tmp/rv.db; sleep 30"
if seen rvb "via other blotter" 5; then ok; else bad "the second screen starts"; fi
cmd_on rva 'as carl'
cmd_on rvb 'as cora'
if seen rva "acting as carl" 3; then ok; else bad "carl on the first screen"; fi
T send-keys -t =rva: R
if seen rva "Review: 3 orders waiting" 3; then ok; else bad "the review list with three orders"; shot rva | sed 's/^/    a|/'; fi
if seen rvb "acting as cora" 3; then ok; else bad "cora on the second screen"; fi
cmd_on rvb 'approve RV1'
if seen rva "Review: 2 orders waiting" 3; then ok; else bad "the first screen sees RV1 answered"; shot rva | sed 's/^/    a|/'; fi
sleep 0.3
T send-keys -t =rva: a
if seen rva "order RV1 is no longer waiting for review; nothing done" 3; then ok; else bad "a on an order answered elsewhere"; shot rva | sed 's/^/    a|/'; fi
sleep 0.5
if shot rva | grep -q "Review: 2 orders waiting"; then ok; else bad "a approved the order that took the row"; shot rva | sed 's/^/    a|/'; fi
T send-keys -t =rva: Home
sleep 0.3
T send-keys -t =rva: a
if seen rva "Review: 1 order waiting" 3; then ok; else bad "a after moving approves the order under the cursor"; shot rva | sed 's/^/    a|/'; fi
sleep 0.3
T send-keys -t =rva: a
if seen rva "No orders waiting for review" 3; then ok; else bad "after its own answer the cursor goes to the next order"; shot rva | sed 's/^/    a|/'; fi
T send-keys -t =rva: Escape
sleep 0.3
T send-keys -t =rva: q
T send-keys -t =rvb: q
T kill-session -t =rva >/dev/null 2>&1
T kill-session -t =rvb >/dev/null 2>&1

# The emacs keymap: Alt keys (ESC then the key) and Ctrl-S (no flow
# control); a keymap file rebinds the ticket's keys.
mkdir -p "$tmp/cfg/blotter"
printf 'ticket C-t field-prev\n' > "$tmp/cfg/blotter/default.keys"
start BLOTTER_KEYMAP=emacs XDG_CONFIG_HOME="$tmp/cfg"
check "Blotter" "started with the emacs keymap"
keys M-x
check "^:$" "M-x opens the prompt in the emacs keymap"
keys C-g
gone "^:$" 3 && ok || bad "C-g closes the prompt"
keys C-s
check "^/" "C-s opens the filter (no flow control)"
keys C-c
gone "^/" 3 && ok || bad "Ctrl-C closes the filter in the emacs keymap"
keys b
check "Symbol:" "the ticket in the emacs keymap"
keys MSFT C-t 50
hot Enter
check " +buy +50 MSFT .*filled" "a ticket key bound in a keymap file"
# A question takes the dialog pane's keys: C-g says no.
cmd 'buy 10 AAPL @ 1.00 acct=MAIN id=EQ1'
check "EQ1 +buy +10 AAPL +1.00 new" "an order to ask about in the emacs keymap"
keys Home
hot c
check "Cancel order EQ1 .*\\(y/n\\)" "c asks in the emacs keymap"
keys C-g
gone "Cancel order EQ1" 3 && ok || bad "C-g does not close a question in the emacs keymap"
check "EQ1 +buy +10 AAPL +1.00 new" "C-g canceled nothing"
hot q
check "exit status 0" "quit from the emacs keymap"
T kill-session -t =s >/dev/null 2>&1

# Ctrl-\ ends the screen as SIGTERM does: the terminal is given back.
T new-session -d -s s -x 80 -y 24 "env TERM=tmux-256color $BLOTTER --demo --seed 7; echo \"exit status \$?\"; stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo|ixon)\$' | tr '\n' ' '; sleep 30"
check "Blotter" "started for Ctrl-\\"
keys 'C-\'
check "exit status 0" "Ctrl-\\ ends the screen cleanly"
check "^(icanon|echo|ixon) (icanon|echo|ixon) (icanon|echo|ixon) *$" "Ctrl-\\ leaves the terminal restored"
T kill-session -t =s >/dev/null 2>&1

# The venues move on: a screen that does not hold them keeps trying,
# takes them when the holder quits and sends what waited.
printf 'quote AAPL 190.00 190.02\n' | "$BLOTTER" --batch - --db "$tmp/lease.db" >/dev/null
flock "$tmp/lease.db.lock" sleep 4 &
holder=$!
T new-session -d -s lb -x 100 -y 30 "env TERM=xterm-256color $BLOTTER --db $tmp/lease.db; sleep 30"
if seen lb "sim: via other blotter" 3; then ok; else bad "a screen without the lease says so"; fi
cmd_on lb 'buy 10 AAPL acct=MAIN id=LP1'
if seen lb "LP1 +buy +10 AAPL .*pending_new" 3; then ok; else bad "an order waits while another holds the venues"; shot lb | sed 's/^/    b|/'; fi
wait "$holder"
if seen lb "sim: up" 2; then ok; else bad "the lease let go, the screen did not take the venues"; shot lb | sed 's/^/    b|/'; fi
if seen lb "LP1 +buy +10 AAPL .*filled" 2; then ok; else bad "the order that waited was not sent"; shot lb | sed 's/^/    b|/'; fi
T new-session -d -s lc -x 100 -y 30 "env TERM=xterm-256color $BLOTTER --db $tmp/lease.db; sleep 30"
if seen lc "sim: via other blotter" 3; then ok; else bad "the second screen does not hold the venues"; fi
cmd_on lc 'buy 20 AAPL acct=MAIN id=LC1'
if seen lc "LC1 +buy +20 AAPL .*filled" 3; then ok; else bad "the holder did not handle the other screen's order"; shot lc | sed 's/^/    c|/'; fi
T send-keys -t =lb: q
if seen lc "sim: up" 2; then ok; else bad "the holder quit, the other screen did not take the venues within a second"; shot lc | sed 's/^/    c|/'; fi
cmd_on lc 'buy 30 AAPL acct=MAIN id=LC2'
if seen lc "LC2 +buy +30 AAPL .*filled" 3; then ok; else bad "an order after the takeover"; shot lc | sed 's/^/    c|/'; fi
T send-keys -t =lc: q
T kill-session -t =lb >/dev/null 2>&1
T kill-session -t =lc >/dev/null 2>&1
sleep 0.5
printf 'expect order LP1 status=filled\nexpect order LC1 status=filled\nexpect order LC2 status=filled\n' |
    "$BLOTTER" --batch - --db "$tmp/lease.db" >"$tmp/lease.out" 2>&1 && ok ||
    bad "the store after the takeover: $(cat "$tmp/lease.out")"

# blotter --serve holds the venues with no screen: it handles a screen's
# orders, logs each event, and on SIGTERM lets a screen take over; while
# a screen holds them, it waits, and takes them when the screen quits.
printf 'quote AAPL 190.00 190.02\n' | "$BLOTTER" --batch - --db "$tmp/serve.db" >/dev/null
"$BLOTTER" --serve --db "$tmp/serve.db" 2>"$tmp/serve.log" &
server=$!
logged() {	# logged FILE PATTERN SECONDS
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		grep -qE -- "$2" "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
logged "$tmp/serve.log" "serving $tmp/serve.db" 5 && ok || bad "--serve does not say what it serves: $(cat "$tmp/serve.log")"
T new-session -d -s lb -x 100 -y 30 "env TERM=xterm-256color $BLOTTER --db $tmp/serve.db; sleep 30"
if seen lb "sim: via other blotter" 3; then ok; else bad "a screen beside --serve holds the venues"; fi
cmd_on lb 'buy 10 AAPL acct=MAIN id=LS1'
if seen lb "LS1 +buy +10 AAPL .*filled" 3; then ok; else bad "--serve did not handle the screen's order"; shot lb | sed 's/^/    lb|/'; fi
logged "$tmp/serve.log" "blotter: LS1 fill 10 @ 190.02" 3 && ok || bad "--serve does not log the fill: $(cat "$tmp/serve.log")"
kill -TERM "$server"
wait "$server" && ok || bad "--serve did not end cleanly on SIGTERM"
grep -q "stopping" "$tmp/serve.log" && ok || bad "--serve does not log its stop"
if seen lb "sim: up" 2; then ok; else bad "the screen did not take the venues from --serve"; shot lb | sed 's/^/    lb|/'; fi
"$BLOTTER" --serve --db "$tmp/serve.db" 2>"$tmp/serve2.log" &
server=$!
logged "$tmp/serve2.log" "another blotter holds the venues: waiting" 5 && ok || bad "--serve does not wait for the screen: $(cat "$tmp/serve2.log")"
T send-keys -t =lb: q
logged "$tmp/serve2.log" "this blotter now holds the venues" 3 && ok || bad "--serve did not take the venues from the screen: $(cat "$tmp/serve2.log")"
# A second --serve waits; stopped by SIGHUP while waiting, it says the
# venues stay with the other, never that they are free.
"$BLOTTER" --serve --db "$tmp/serve.db" 2>"$tmp/serve3.log" &
waiter=$!
logged "$tmp/serve3.log" "another blotter holds the venues: waiting" 5 && ok || bad "a second --serve does not wait: $(cat "$tmp/serve3.log")"
kill -HUP "$waiter"
wait "$waiter" && ok || bad "--serve did not end cleanly on SIGHUP"
grep -q "stopping: another blotter still holds the venues" "$tmp/serve3.log" && ok || bad "a waiting --serve's stop: $(cat "$tmp/serve3.log")"
grep -q "the venues are free" "$tmp/serve3.log" && bad "a waiting --serve says the venues are free" || ok
kill -INT "$server"
wait "$server" && ok || bad "--serve did not end cleanly on SIGINT"
grep -q "stopping: the venues are free for another blotter" "$tmp/serve2.log" && ok || bad "the holding --serve's stop: $(cat "$tmp/serve2.log")"
T kill-session -t =lb >/dev/null 2>&1

# FIX sessions: a broker set up at a port where nobody listens shows in
# the status line at 80 columns (down, or on its way up while it dials:
# on a busy machine something else may answer there) and
# F lists it, held here; beside the --serve that holds it, the list says
# so, and follows when the screen takes it over.  A screen with no
# session set up shows none (the golden captures below).
printf 'fix.BRK = initiator 127.0.0.1:9 sender=A target=B\n' >"$tmp/fix.rc"
printf 'quote AAPL 190.00 190.02\n' | "$BLOTTER" --batch - --db "$tmp/fix.db" >/dev/null
T kill-session -t =s >/dev/null 2>&1
T new-session -d -s s -x 80 -y 24 "env TERM=tmux-256color $BLOTTER --config $tmp/fix.rc --db $tmp/fix.db; echo \"exit status \$?\"; sleep 30"
check "^ $me \(admin\) .*\| FIX BRK:(down|conn) \| open [0-9:]{8} \| firm P&L -?[0-9,.]+ USD *$" "the status line shows the FIX session at 80 columns"
keys F
check "FIX sessions: 1 " "F lists the FIX sessions"
check "│  NAME +STATE +OUT +IN +PEER +HELD" "the sessions list's columns"
check "│  BRK +(disconnected|connecting|connected|logging on) +[0-9]+ +[0-9]+ 127\.0\.0\.1:9 +here " "the sessions list shows the session held here"
keys q
gone "FIX sessions: 1 " 3 && ok || bad "q closes the FIX sessions"
check "Ticket" "the panes again after the FIX sessions"
keys F
check "FIX sessions: 1 " "F lists the FIX sessions again"
keys F
gone "FIX sessions: 1 " 3 && ok || bad "F closes the FIX sessions"
keys F
check "FIX sessions: 1 " "F lists the FIX sessions a third time"
keys Escape
gone "FIX sessions: 1 " 3 && ok || bad "Esc closes the FIX sessions"
hot q
check "exit status 0" "quit after the FIX sessions"
T kill-session -t =s >/dev/null 2>&1
"$BLOTTER" --serve --config "$tmp/fix.rc" --db "$tmp/fix.db" 2>"$tmp/fixserve.log" &
server=$!
logged "$tmp/fixserve.log" "serving $tmp/fix.db" 5 && ok || bad "--serve with a FIX session: $(cat "$tmp/fixserve.log")"
T new-session -d -s s -x 80 -y 24 "env TERM=tmux-256color $BLOTTER --config $tmp/fix.rc --db $tmp/fix.db; echo \"exit status \$?\"; sleep 30"
check "\| FIX BRK:(down|conn) \| open " "the status line beside --serve shows the FIX session"
keys F
check "Held by another blotter" "the sessions list says another blotter holds them"
check "│  BRK +(disconnected|connecting|connected|logging on) +[0-9]+ +[0-9]+ 127\.0\.0\.1:9 +other, since " "the sessions list shows the session held elsewhere"
kill -TERM "$server"
wait "$server" && ok || bad "--serve with a FIX session did not end cleanly"
check "│  BRK +(disconnected|connecting|connected|logging on) +[0-9]+ +[0-9]+ 127\.0\.0\.1:9 +here " "the sessions list follows the takeover"
gone "Held by another blotter" 3 && ok || bad "the sessions list still says another blotter holds them"
keys q
gone "FIX sessions: 1 " 3 && ok || bad "q closes the FIX sessions after the takeover"
hot q
check "exit status 0" "quit after the FIX sessions beside --serve"
T kill-session -t =s >/dev/null 2>&1

# A 14-letter symbol on a 1/256 tick at 80x24: the quotes pane puts the
# prices under the symbol rather than cut them, and the blotter gives up
# the id column before it cuts a status.
T kill-session -t =s >/dev/null 2>&1
cat > "$tmp/long.blot" <<'EOF'
instrument add ABCDEFGHIJKLMN class=equity ccy=USD tick=0.00390625
account add L1 ccy=USD nav=10m
quote ABCDEFGHIJKLMN 1000.00390625 1000.0078125 asksz=10000
short 100 ABCDEFGHIJKLMN @ 1000.00390625 acct=L1 id=longsym1
EOF
"$BLOTTER" --batch "$tmp/long.blot" --db "$tmp/long.db" >/dev/null ||
    bad "the store with a long symbol could not be made"
T new-session -d -s s -x 80 -y 24 "env TERM=tmux-256color $BLOTTER --db $tmp/long.db; echo \"exit status \$?\"; sleep 30"
check "│ABCDEFGHIJKLMN +│" "the quotes pane shows the long symbol whole at 80x24"
check "│ +1000\.00390625 1000\.00781250 +│" "the quotes pane shows both 1/256 prices whole at 80x24"
check "│ short +100 ABCDEFGHIJKLMN 1000\.00390625 (filled|fill) *│" "the blotter keeps short, the symbol, the price and the status whole at 80x24"
# A long halt reason gives way to the session, the clock and the P&L.
cmd 'halt reason="the desk is moving buildings, back in an hour"'
check "^ $me \(admin\) +HALTED: the desk is.* \| open [0-9:]{8} \| firm P&L -?[0-9,]+\.[0-9]{2} USD *$" "a long halt reason leaves the firm P&L whole at 80 columns"
cmd 'resume'
gone "HALTED" 5 && ok || bad "trading did not resume after the long halt reason"
hot q
check "exit status 0" "quit after the long symbol"
T kill-session -t =s >/dev/null 2>&1
# On a Saturday an order's refusal wraps in the narrow messages pane:
# the trader reads it to its end at 80 columns.
T new-session -d -s s -x 80 -y 24 "env BLOTTER_CLOCK=2026-01-10T12:00:00 TERM=tmux-256color $BLOTTER --db $tmp/long.db; echo \"exit status \$?\"; sleep 30"
check "closed [0-9:]{8} \|" "Saturday's session is closed"
cmd 'buy 100 ABCDEFGHIJKLMN acct=L1'
check "│ABCDEFGHIJKLMN: the session is *│" "the refusal starts in the messages pane"
check "│(limit )?price and tif=gtc\) *│" "the refusal wraps to its end in the messages pane"
hot q
check "exit status 0" "quit after the Saturday refusal"
T kill-session -t =s >/dev/null 2>&1

# Golden captures: the main screens drawn exactly as they were, at 80x24
# and at 132x43, each compared line for line with tests/golden/NAME.txt.
# A quiet store (no demo market) on the pinned clock draws the same
# every run; only the status line's clock and the login name are
# masked.  A change to a pane's drawing fails here: read the diff, and
# when the new screen is the one wanted, write the files anew with
#   GOLDEN_UPDATE=1 make check TESTS=tests/screen.sh
golden_dir="${srcdir:-.}/tests/golden"
golden_shot() {	# the screen, masked
	screen | sed -e "1s/^ $me (/ USER (/" \
	    -e '1s/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/HH:MM:SS/'
}
# golden NAME: the screen as tests/golden/NAME.txt, once it has settled
# (up to 5 s).
golden() {
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		sleep 1
		golden_shot >"$golden_dir/$1.txt"
		echo "golden: wrote $golden_dir/$1.txt"
		ok
		return
	fi
	i=0
	while [ $i -lt 50 ]; do
		golden_shot >"$tmp/$1.txt"
		cmp -s "$tmp/$1.txt" "$golden_dir/$1.txt" && { ok; return; }
		sleep 0.1
		i=$((i + 1))
	done
	bad "the $1 screen differs from $golden_dir/$1.txt (GOLDEN_UPDATE=1 writes it anew)"
	diff -u "$golden_dir/$1.txt" "$tmp/$1.txt" | sed 's/^/    /'
}
mkdir "$tmp/golden"
cat > "$tmp/golden/golden.blot" <<'EOF'
quote AAPL 190.00 190.02
quote MSFT 410.00 410.10
quote NVDA 130.00 130.05
buy 100 AAPL acct=MAIN id=G1
sell 50 MSFT acct=MAIN id=G2
buy 10 NVDA @ 120.00 acct=MAIN id=G3 tif=gtc
buy 200 AAPL @ 185.00 acct=GROWTH01 id=G4 tif=gtc
EOF
(cd "$tmp/golden" && "$BLOTTER" --batch golden.blot --db golden.db >/dev/null) ||
    bad "the store for the golden captures could not be made"
for size in 80x24 132x43; do
	T new-session -d -s s -x "${size%x*}" -y "${size#*x}" -c "$tmp/golden" \
	    "env TERM=tmux-256color $BLOTTER --db golden.db; echo \"exit status \$?\"; sleep 30"
	check "G1 +buy +100 AAPL .*filled" "the golden store's orders at $size"
	check "MAIN +MSFT +-50 " "the golden store's positions at $size"
	golden "main-$size"
	keys '?'
	check "Key bindings in force" "the help at $size"
	golden "help-$size"
	keys Escape
	gone "Key bindings in force" 3 && ok || bad "Esc closes the help at $size"
	keys Home
	hot c
	check "Cancel order G4 .*\(y/n\)" "cancel asks first at $size"
	golden "confirm-$size"
	hot n
	gone "Cancel order G4" 3 && ok || bad "n answers the question at $size"
	keys b MSFT BTab 50
	check "compliance: " "the ticket asks compliance at $size"
	golden "ticket-$size"
	keys Escape
	check "b buy  s sell" "Esc closes the ticket at $size"
	# The ticket's own checks, as the trader types: the lot and the tick.
	keys b 7203.T BTab 150
	check "7203\.T: quantity 150 is not a multiple" "the ticket checks the lot at $size"
	keys BSpace BSpace BSpace 100 Tab Tab Tab 1 . 5
	check "limit price 1\.50 is not on the tick" "the ticket checks the tick at $size"
	keys Escape
	check "b buy  s sell" "Esc closes the ticket after its checks at $size"
	hot q
	check "exit status 0" "quit after the golden captures at $size"
	T kill-session -t =s >/dev/null 2>&1
done

echo "screen: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
