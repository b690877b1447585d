#!/bin/sh
# make bench: the pre-trade check inside the engine.  One account holds
# 10,000 positions; 100,000 orders run through blotter --batch with 20
# rules active and then with none, on copies of the same store.  The
# difference per order is what the checks cost, recording included.
set -u
: "${BLOTTER:=./blotter}"
: "${ORDERS:=100000}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-cbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN {
	print "account add F1 ccy=USD nav=10bn"
	print "account add F2 ccy=USD nav=10bn"
	for (i = 0; i < 10000; i++) {
		printf "instrument add S%d class=equity ccy=USD issuer=I%d sector=X%d\n", i, i % 200, i % 11
		printf "quote S%d 9.99 10.01\n", i
		printf "buy 100 S%d acct=F1\n", i
	}
}' > "$tmp/setup.blot"
cat > "$tmp/rules.blot" <<'S'
rule add R01 kind=max_qty limit=1m action=block
rule add R02 kind=max_qty limit=500k sym=S1 action=block
rule add R03 kind=max_notional limit=50m action=block
rule add R04 kind=max_notional limit=10m acct=F1 action=review
rule add R05 kind=price_collar pct=10 action=review
rule add R06 kind=restricted issuer=Nobody action=block
rule add R07 kind=restricted sym=S9995 action=block
rule add R08 kind=short_sale action=block
rule add R09 kind=asset_class allow=equity,bond acct=F1 action=block
rule add R10 kind=position_limit sym=S5 limit=1m action=block
rule add R11 kind=position_limit sym=S6 limit=1m acct=F1 action=block
rule add R12 kind=concentration pct=10 by=issuer acct=F1
rule add R13 kind=concentration pct=40 by=sector acct=F1
rule add R14 kind=concentration pct=5 by=symbol acct=F1
rule add R15 kind=concentration pct=10 by=issuer acct=F2
rule add R16 kind=rate_limit per_s=1000000 action=block
rule add R17 kind=max_qty limit=2m warn_at=1m acct=F1 action=block
rule add R18 kind=max_notional limit=100m warn_at=80m action=block
rule add R19 kind=price_collar pct=20 acct=F1 action=block
rule add R20 kind=asset_class allow=equity acct=F2 action=block
S
awk -v n="$ORDERS" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "buy 1 S%d @ 10.01 acct=F1\n", (i * 7919) % 9990
}' > "$tmp/orders.blot"
"$BLOTTER" --batch "$tmp/setup.blot" --db "$tmp/base.db" --empty >/dev/null || exit 1
cp "$tmp/base.db" "$tmp/none.db"
cp "$tmp/base.db" "$tmp/rules.db"
"$BLOTTER" --batch "$tmp/rules.blot" --db "$tmp/rules.db" >/dev/null || exit 1
now() { date +%s.%N; }
for run in 1 2 3; do
	for kind in none rules; do
		cp "$tmp/$kind.db" "$tmp/run.db"
		t0=$(now)
		"$BLOTTER" --batch "$tmp/orders.blot" --db "$tmp/run.db" >/dev/null || exit 1
		t1=$(now)
		eval "t_$kind=\$(awk -v a=\$t0 -v b=\$t1 'BEGIN { print b - a }')"
	done
	echo "$t_none $t_rules" | awk -v n="$ORDERS" -v r="$run" '{
		printf "compliance in the engine, run %d: %d orders, 10000 positions: %.2f s without rules, %.2f s with 20: %.2f us more per order (target 5 us)\n", r, n, $1, $2, ($2 - $1) * 1e6 / n }'
done
