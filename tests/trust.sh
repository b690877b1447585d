#!/bin/sh
# What a trader and an auditor read must be what happened: a refused fill
# ends its order with an alert, text cannot turn itself around on the
# terminal, base values say why they are missing, an order shows the login
# that entered it, and the shipped fx rates seed a store whole or not at all.
set -u
: "${BLOTTER:=./blotter}"
: "${srcdir:=.}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-trust.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$srcdir/tests/lib.sh"
# Scripts read blotterrc: not the tester's own.
XDG_CONFIG_HOME=$tmp/config
export XDG_CONFIG_HOME

# 1. A fill the position cannot hold: the order ends, an alert is raised
# and kept, and --verify replays it all.
cat > "$tmp/jump.blot" <<'S'
instrument add BIG class=equity ccy=USD
account add F1 ccy=USD
quote BIG 900.00 1000.00
short 1000000000 BIG @ 1000 acct=F1 id=F1 tif=gtc
quote BIG 9300.00 9301.00 bidsz=999999999
expect order F1 status=canceled cum=0 leaves=0
S
expect_exit 0 "a fill past the limits" -- "$BLOTTER" --batch "$tmp/jump.blot" --db "$tmp/jump.db" --empty
expect_grep "$tmp/out" '^warning: venue fill for order F1 refused' "the refusal is a warning"
expect_grep "$tmp/out" '^F1 canceled -> canceled' "the order ends"
printf 'show alerts\nshow order F1\n' > "$tmp/alerts.blot"
expect_exit 0 "show alerts" -- "$BLOTTER" --batch "$tmp/alerts.blot" --db "$tmp/jump.db"
expect_grep "$tmp/out" ' fill +F1 +BIG .*order F1: venue fill of 999999999 @ 9300\.00 not booked' "the alert is kept"
expect_grep "$tmp/out" 'canceled .*fill of 999999999 @ 9300\.00 refused' "the reason names the fill"
expect_exit 0 "--verify after a refused fill" -- "$BLOTTER" --verify --db "$tmp/jump.db"

# 2. Bidirectional controls in a note or a halt's reason are shown by code
# point in text output, never passed to the terminal.
rlo=$(printf '\342\200\256')
lri=$(printf '\342\201\246')
cat > "$tmp/bidi.blot" <<S
instrument add ACME class=equity
account add A1
buy 100 ACME @ 9 acct=A1 id=O1 note="abc${rlo}def${lri}x"
show order O1
halt acct=A1 reason="e${rlo}vil"
show alerts
S
expect_exit 0 "bidi controls in text" -- "$BLOTTER" --batch "$tmp/bidi.blot" --db "$tmp/bidi.db" --empty
expect_grep "$tmp/out" 'abc<U\+202E>def<U\+2066>x' "a note's bidi controls are escaped"
expect_grep "$tmp/out" 'e<U\+202E>vil' "a halt reason's bidi control is escaped"
expect_no "$tmp/out" "$rlo|$lri" "no raw bidi control reaches the terminal"
# In JSON they are \u escapes: the terminal is safe, and a reader of the
# JSON gets the note as it was stored, not the text's shown form.
expect_exit 0 "bidi controls in JSON" -- "$BLOTTER" --batch "$tmp/bidi.blot" --db "$tmp/bidij.db" --empty --json
expect_grep "$tmp/out" '"note":"abc\\u202edef\\u2066x"' "JSON escapes a note's bidi controls"
expect_grep "$tmp/out" '"detail":"e\\u202evil"' "JSON escapes a halt reason's bidi control"
expect_no "$tmp/out" "$rlo|$lri|<U\+" "JSON has neither raw bidi controls nor their shown form"

# 3. A base value that cannot be shown says why: an amount too large to
# convert is not a missing rate.
cat > "$tmp/base.blot" <<'S'
instrument add BIG class=equity ccy=USD
account add J1 ccy=JPY
account add G1 ccy=GBP
fx USDJPY 150
quote BIG 999.99 1000.00
buy 6666666 BIG acct=J1 id=Y1
buy 10 BIG acct=G1 id=Y2
quote BIG 2000.00 2000.01
fx USDJPY 1500
show positions
show pnl acct=J1
S
expect_exit 0 "base values past 64 bits" -- "$BLOTTER" --batch "$tmp/base.blot" --db "$tmp/base.db" --empty
expect_grep "$tmp/out" '^J1 +BIG .* USD +too large +- JPY$' "a too large base value says so"
expect_grep "$tmp/out" '^G1 +BIG .* USD +no fx rate +- GBP$' "a missing rate still says so"
expect_grep "$tmp/out" '^J1: 6,666,699,333\.33 USD is too large to convert to JPY$' "show pnl names the amount"
sed -i '$d' "$tmp/base.blot"
printf 'show pnl\n' >> "$tmp/base.blot"
expect_exit 0 "firm-wide P&L past 64 bits" -- "$BLOTTER" --batch "$tmp/base.blot" --db "$tmp/base2.db" --empty
expect_grep "$tmp/out" '^firm-wide P&L needs the P&L of every account$' "the firm line says what it lacks"

# 4. An order shows the login that entered it beside the acting user:
# a line in show order, a field of JSON order rows.
me=$(id -un)
cat > "$tmp/login.blot" <<'S'
instrument add ACME class=equity
account add A1
quote ACME 9.99 10.01
user add tina role=trader
as tina
buy 100 ACME @ 9 acct=A1 id=O1
show order O1
S
expect_exit 0 "show order" -- "$BLOTTER" --batch "$tmp/login.blot" --db "$tmp/login.db" --empty
expect_grep "$tmp/out" "^entered by tina from login $me\$" "show order names the user and the login"
printf 'show order O1\nshow orders\n' > "$tmp/login2.blot"
expect_exit 0 "show order --json" -- "$BLOTTER" --batch "$tmp/login2.blot" --db "$tmp/login.db" --json
[ "$(grep -c "^{\"id\":\"O1\",.*\"user\":\"tina\",\"login\":\"$me\"}\$" "$tmp/out")" = 2 ] && ok ||
	{ bad "JSON order rows lack the login:"; sed 's/^/    /' "$tmp/out"; }

# 5. The shipped fx rates seed a new store whole or not at all, every bad
# line named: a duplicate pair is not quietly the last one read.
: "${BLOTTER_DATADIR:=$srcdir/data}"
mkdir "$tmp/data"
cp -R "$BLOTTER_DATADIR"/. "$tmp/data"
printf 'pair,rate\nEURUSD,1.1720\nUSDJPY,abc\nGBPUSD,1.3450\nEURUSD,1.2\n' > "$tmp/data/fx.csv"
printf 'buy 1 AAPL\n' > "$tmp/seed.blot"
expect_exit 1 "a bad fx.csv" -- env BLOTTER_DATADIR="$tmp/data" "$BLOTTER" --batch "$tmp/seed.blot" --db "$tmp/seed.db"
expect_grep "$tmp/err" "^blotter: $tmp/data/fx.csv:3: 'abc' is not a rate \\(also bad: line 5\\); nothing was loaded\$" "the first bad line in full, the others by number"
# No store, or one with nothing of the shipped data in it.
if [ ! -f "$tmp/seed.db" ] || [ "$(sqlite3 "$tmp/seed.db" 'SELECT (SELECT COUNT(*) FROM fx) + (SELECT COUNT(*) FROM instruments) + (SELECT COUNT(*) FROM accounts)')" = 0 ]; then
	ok
else
	bad "a bad fx.csv left a half-seeded store"
fi
printf 'pair,rate\nEURUSD,1.1720\nGBPUSD,1.3450\nEURUSD,1.2\n' > "$tmp/data/fx.csv"
expect_exit 1 "a pair twice in fx.csv" -- env BLOTTER_DATADIR="$tmp/data" "$BLOTTER" --batch "$tmp/seed.blot" --db "$tmp/seed2.db"
expect_grep "$tmp/err" "^blotter: $tmp/data/fx.csv:4: EURUSD appears twice; nothing was loaded\$" "a repeated pair is refused"
printf 'pair\nEURUSD\n' > "$tmp/data/fx.csv"
expect_exit 1 "fx.csv without rates" -- env BLOTTER_DATADIR="$tmp/data" "$BLOTTER" --batch "$tmp/seed.blot" --db "$tmp/seed3.db"
expect_grep "$tmp/err" "^blotter: $tmp/data/fx.csv:1: the header has no 'rate' column\$" "a missing column is named"

# A rebalance target past what an order may hold (a tiny mark, a large
# NAV) is refused naming it, never saturated into a bogus trade, even
# against a short position.
cat > "$tmp/tiny-model.csv" <<'S'
account,symbol,weight
R1,TINY,100
S
cat > "$tmp/tiny-pos.csv" <<'S'
account,symbol,qty,avg_cost
R1,TINY,-1000,0.00000001
S
cat > "$tmp/tiny.blot" <<S
instrument add TINY class=equity ccy=USD tick=0.00000001
account add R1 nav=1000000000000
load positions $tmp/tiny-pos.csv
mark TINY 0.00000001
rebalance model=$tmp/tiny-model.csv
S
expect_exit 1 "a rebalance to a target past the limit" -- "$BLOTTER" --batch "$tmp/tiny.blot" --empty
expect_grep "$tmp/err" "tiny.blot:5: error: account R1: 100% of its NAV of 1,000,000,000,000.00 USD in TINY at the mark 0.00000001 is a target of more than 1000000000000 units" "the target past the limit is named"

# A P&L whose unrealized part is shown at the 64-bit bound still adds up
# to its true total with the realized part, never a wrapped one.
cat > "$tmp/bound.blot" <<'S'
instrument add BIG class=equity ccy=USD
account add A1
quote BIG 1.00 1.00
buy 900000000000 BIG @ 1.00 acct=A1
quote BIG 10.00 10.00
sell 100000000000 BIG @ 10.00 acct=A1
quote BIG 1000000000 1000000000
show pnl acct=A1
S
expect_exit 0 "a P&L at the bound" -- "$BLOTTER" --batch "$tmp/bound.blot" --empty
expect_grep "$tmp/out" "^A1 +900000000000\.00 +9223372036854\.78 +10123372036854\.78 USD\$" "the total of a P&L at the bound"
expect_exit 0 "a P&L at the bound (JSON)" -- "$BLOTTER" --batch "$tmp/bound.blot" --empty --json
expect_grep "$tmp/out" '"total": ?10123372036854\.78' "the total of a P&L at the bound (JSON)"

# The day's summary leaves out only what it cannot convert, and says why:
# a yen account's sale too large for yen still counts in USD.
cat > "$tmp/summary.blot" <<'S'
instrument add BIG class=equity ccy=USD
account add J1 ccy=JPY
fx USDJPY 150
quote BIG 999.99 1000
buy 6666666 BIG acct=J1
quote BIG 9999.99 10000
sell 6666666 BIG acct=J1
report summary
S
expect_exit 0 "a summary with an amount too large to convert" -- "$BLOTTER" --batch "$tmp/summary.blot" --empty
expect_grep "$tmp/out" "^notional bought 6666666000\.00 USD, sold 66666593333\.34 USD \(some amounts are too large to convert and are left out\)\$" "the summary says what it left out and why"

echo "trust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
