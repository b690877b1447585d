#!/bin/sh
# The audit trail.  A store written by blotter is its owner's alone and
# verifies.  Then, each time on a fresh copy, the journal is changed behind
# blotter's back with the sqlite3 tool: a body edited, a user edited, a
# middle entry deleted, the last entry deleted (also with blotter writing
# on afterwards), an entry inserted, two bodies swapped, entries
# renumbered.  Every time --verify must exit non-zero with a line naming
# the entry.  Without the sqlite3 tool the test is skipped, saying why.
set -u
: "${BLOTTER:=./blotter}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/blotter-audit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "SKIP: the sqlite3 tool is not installed"
	exit 77
fi
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

cat > "$tmp/day.blot" <<'S'
quote AAPL 190.00 190.02
quote MSFT 410.00 410.04
buy 100 AAPL acct=MAIN id=A1
sell 40 AAPL acct=MAIN id=A2
buy 200 MSFT acct=MAIN id=A3
buy 10 MSFT acct=MAIN id=A4
S
db="$tmp/day.db"
if "$BLOTTER" --batch "$tmp/day.blot" --db "$db" >"$tmp/out" 2>"$tmp/err"
then ok; else bad "the day did not run: $(cat "$tmp/err")"; fi
if "$BLOTTER" --verify --db "$db" >"$tmp/out" 2>&1; then ok; else
	bad "a store blotter wrote does not verify:"; sed 's/^/    /' "$tmp/out"
fi
mode=$(stat -c %a "$db" 2>/dev/null || stat -f %Lp "$db")
[ "$mode" = 600 ] && ok || bad "a new store should be mode 600, not $mode"

q() { sqlite3 "$db" "$1"; }
new_a1=$(q "SELECT seq FROM journal WHERE kind = 'order.new' AND ref = 'A1'")
new_a2=$(q "SELECT seq FROM journal WHERE kind = 'order.new' AND ref = 'A2'")
fill_a1=$(q "SELECT seq FROM journal WHERE kind = 'fill' AND ref = 'A1'")
fill_a3=$(q "SELECT seq FROM journal WHERE kind = 'fill' AND ref = 'A3'")
last=$(q "SELECT max(seq) FROM journal")
if [ -z "$new_a1" ] || [ -z "$new_a2" ] || [ -z "$fill_a1" ] ||
    [ -z "$fill_a3" ] || [ -z "$last" ]; then
	bad "the day's journal lacks the entries this test changes"
	echo "audit: $pass passed, $fail failed"
	exit 1
fi

# tampered WHAT SQL WANT...: on a fresh copy of the day, run SQL with the
# sqlite3 tool; --verify must fail and print each WANT (a fixed string)
# as a line of its own.
tampered() {
	what=$1 sql=$2
	shift 2
	copy="$tmp/copy.db"
	rm -f "$copy" "$copy-wal" "$copy-shm" "$copy.key"
	sqlite3 "$db" ".backup '$copy'"
	cp -p "$db.key" "$copy.key"
	if ! sqlite3 "$copy" "$sql" 2>"$tmp/serr"; then
		bad "$what: the change did not apply: $(cat "$tmp/serr")"
		return
	fi
	after_change
	"$BLOTTER" --verify --db "$copy" >"$tmp/vout" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then ok; else
		bad "$what: --verify passed"; sed 's/^/    /' "$tmp/vout"; fi
	for want in "$@"; do
		if grep -qxF -- "$want" "$tmp/vout"; then ok; else
			bad "$what: no line '$want' in:"
			sed 's/^/    /' "$tmp/vout"
		fi
	done
}
after_change() { :; }
changed="was changed after it was written"
cut="entries were cut from its end"

tampered "a body edited" \
    "UPDATE journal SET body = replace(body, '\"qty\":100', '\"qty\":1000')
     WHERE seq = $fill_a1" \
    "journal entry $fill_a1 (fill of order A1) $changed"
tampered "a user edited" \
    "UPDATE journal SET user = 'mallory' WHERE seq = $new_a1" \
    "journal entry $new_a1 (order.new of order A1) $changed"
tampered "a middle entry deleted" \
    "DELETE FROM journal WHERE seq = $new_a2" \
    "journal entry $new_a2 is missing: deleted"
tampered "the last entry deleted" \
    "DELETE FROM journal WHERE seq = $last" \
    "the journal ends at entry $((last - 1)) but was last written to\
 entry $last: $cut"
tampered "an entry inserted" \
    "INSERT INTO journal(ts, kind, ref, body, user)
     SELECT ts, 'order.status', 'A1',
     '{\"event\":\"cancel_req\",\"status\":\"pending_cancel\"}', 'mallory'
     FROM journal WHERE seq = $last" \
    "journal entry $((last + 1)) (order.status of order A1) has no hash:\
 it was added behind blotter's back"
tampered "an entry inserted in the place of a deleted one" \
    "DELETE FROM journal WHERE seq = $new_a2;
     INSERT INTO journal(seq, ts, kind, ref, body, user, hash)
     SELECT $new_a2, ts, kind, 'A2', replace(body, 'A1', 'A2'), user, hash
     FROM journal WHERE seq = $new_a1" \
    "journal entry $new_a2 (order.new of order A2) $changed"
tampered "two bodies swapped" \
    "CREATE TEMP TABLE sw AS SELECT seq, body FROM journal
     WHERE seq IN ($fill_a1, $fill_a3);
     UPDATE journal SET body = (SELECT body FROM sw
     WHERE sw.seq = $fill_a1 + $fill_a3 - journal.seq)
     WHERE seq IN ($fill_a1, $fill_a3)" \
    "journal entry $fill_a1 (fill of order A1) $changed" \
    "journal entry $fill_a3 (fill of order A3) $changed"
tampered "an entry deleted and the rest renumbered" \
    "DELETE FROM journal WHERE seq = $new_a2;
     UPDATE journal SET seq = seq - 1 WHERE seq > $new_a2" \
    "the journal ends at entry $((last - 1)) but was last written to\
 entry $last: $cut"

# The last entry deleted, then blotter writes on: the cut stays found.
printf 'buy 5 MSFT acct=MAIN id=B1\n' > "$tmp/more.blot"
after_change() {
	"$BLOTTER" --batch "$tmp/more.blot" --db "$copy" >/dev/null \
	    2>"$tmp/merr" || bad "writing on after a cut: $(cat "$tmp/merr")"
}
tampered "the last entry deleted, then written on" \
    "DELETE FROM journal WHERE seq = $last" \
    "when blotter next wrote to the journal, it ended at entry\
 $((last - 1)) but had been written to entry $last: $cut"
after_change() { :; }

echo "audit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
