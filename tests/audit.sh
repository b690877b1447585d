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
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
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
# The row of a fill: its own, or its order's order.new that the venue's
# ack and fill of the same instant joined.
fill_row() {
	q "SELECT seq FROM journal WHERE ref = '$1' AND (kind = 'fill' OR
	   (kind = 'order.new' AND json_extract(body, '$.fill') IS NOT NULL))"
}
fill_a1=$(fill_row A1)
fill_a3=$(fill_row A3)
kind_a1=$(q "SELECT kind FROM journal WHERE seq = '$fill_a1'")
kind_a3=$(q "SELECT kind FROM journal WHERE seq = '$fill_a3'")
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
	after_change ${after_change_arg:-}
	"$BLOTTER" --verify --db "$copy" $verify_args >"$tmp/vout" 2>&1
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
verify_args=
changed="was changed after it was written"
cut="entries were cut from its end"

tampered "a body edited" \
    "UPDATE journal SET body = replace(body, '\"qty\":100', '\"qty\":1000')
     WHERE seq = $fill_a1" \
    "journal entry $fill_a1 ($kind_a1 of order A1) $changed"
tampered "a user edited" \
    "UPDATE journal SET user = 'mallory' WHERE seq = $new_a1" \
    "journal entry $new_a1 (order.new of order A1) $changed"
# What the file says is shown, never sent to the terminal: control
# characters written into it reach --verify's output made visible.
tampered "a note with terminal controls" \
    "UPDATE orders SET note = char(27) || ']0;owned' || char(7) ||
     char(8238) || 'x' WHERE id = 'A1'" \
    'orders A1: note is "\x1b]0;owned\x07<U+202E>x" in the projection, "" by the journal'
if LC_ALL=C grep -q "$(printf '\033\\|\342\200\256')" "$tmp/vout"; then
	bad "--verify sent a control character to the terminal:"
	od -c "$tmp/vout" | sed 's/^/    /' | head -n 5
else ok; fi
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
    "journal entry $fill_a1 ($kind_a1 of order A1) $changed" \
    "journal entry $fill_a3 ($kind_a3 of order A3) $changed"
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

# The chain is keyed: the key is outside the store, its owner's alone.
mode=$(stat -c %a "$db.key" 2>/dev/null || stat -f %Lp "$db.key")
[ "$mode" = 600 ] && ok || bad "a new audit key should be mode 600, not $mode"

# forge KEYHEX [FROM]: rewrite the chain of $copy from audit_from on, as
# whoever can write the file would: SHA-256 when KEYHEX is empty, else
# HMAC-SHA-256 under KEYHEX, and the head in meta to match.  With FROM,
# also claim the keyed rows start there, sealed under KEYHEX (garbage
# when it is empty).
forge() {
	sqlite3 "$copy" "SELECT seq, ts, hex(user), hex(kind), hex(ref),
	    hex(body) FROM journal WHERE seq >= (SELECT value FROM meta
	    WHERE key = 'audit_from') ORDER BY seq" |
	perl -MDigest::SHA=sha256,hmac_sha256 -e '
	    my ($key, $from) = (pack("H*", $ARGV[0]), $ARGV[1]);
	    my ($prev, $seq, $seal) = ("\0" x 32, 0, "00" x 32);
	    while (<STDIN>) {
		chomp;
		my ($s, $ts, $u, $k, $r, $b) = split /\|/, $_, -1;
		$seal = unpack("H*", hmac_sha256("blotter audit trail keyed"
		    . " from\0" . pack("Q>", $from) . $prev, $key))
		    if length $key && $from ne "" && $s == $from;
		my $m = $prev . pack("Q>Q>", $s, $ts) . pack("H*", $u) . "\0"
		    . pack("H*", $k) . "\0" . pack("H*", $r) . "\0"
		    . pack("H*", $b);
		$prev = length $key ? hmac_sha256($m, $key) : sha256($m);
		$seq = $s;
		printf "UPDATE journal SET hash = X\x27%s\x27 WHERE seq ="
		    . " %d;\n", unpack("H*", $prev), $s;
	    }
	    printf "UPDATE meta SET value = \x27%d:%s\x27 WHERE key ="
		. " \x27audit_head\x27;\n", $seq, unpack("H*", $prev);
	    printf "UPDATE meta SET value = \x27%d:%s\x27 WHERE key ="
		. " \x27audit_keyed\x27;\n", $from, $seal if $from ne "";
	' "$1" "${2:-}" > "$tmp/forge.sql" &&
	sqlite3 "$copy" < "$tmp/forge.sql"
}
key=$(cat "$db.key")
other=$(printf '%064d' 7)
keyed_from=$(q "SELECT CAST(value AS INTEGER) FROM meta
    WHERE key = 'audit_keyed'")
head_of() {
	printf 'audit head\n' | "$BLOTTER" --batch - --db "$1" 2>&1
}
day_head=$(head_of "$db")
case $day_head in
"$last":????????????????????????????????????????????????????????????????) ok;;
*) bad "audit head printed '$day_head', not $last:HASH";;
esac
forged="its keyed audit trail was not written with the audit key"

# The forger itself is right: under the store's own key it writes the
# very chain blotter wrote (so the failures below are the key's doing).
copy="$tmp/copy.db"
rm -f "$copy" "$copy-wal" "$copy-shm"
sqlite3 "$db" ".backup '$copy'" && cp -p "$db.key" "$copy.key"
forge "$key"
if "$BLOTTER" --verify --db "$copy" >"$tmp/vout" 2>&1; then ok; else
	bad "the chain rewritten under the store's key should verify:"
	sed 's/^/    /' "$tmp/vout"
fi
[ "$(head_of "$copy")" = "$day_head" ] && ok ||
    bad "the forger's head $(head_of "$copy") is not $day_head"

# A time changed, the chain recomputed with plain SHA-256, as it was
# before it was keyed.
retimed="UPDATE journal SET ts = ts + 1 WHERE seq = 2"
after_change() { forge ""; }
tampered "the chain recomputed with SHA-256" "$retimed" \
    "journal entry $keyed_from (user.add of user root) $changed"
# ... and the keyed rows claimed to start after the end.
after_change() { forge "" $((last + 1)); }
tampered "the chain recomputed with SHA-256, the keyed start moved" \
    "$retimed" "$forged $tmp/copy.db.key, or where it starts was changed"
# Rewritten under a key of the forger's own, sealed with it.
after_change() { forge "$other" "$keyed_from"; }
tampered "the chain rewritten without the store's key" "$retimed" \
    "$forged $tmp/copy.db.key, or where it starts was changed"
# ... and the key file replaced with the forger's: that passes, and only
# the head kept elsewhere tells, after a rewrite and after entries cut
# from the end.
after_change() {
	forge "$other" "$keyed_from"
	printf '%s\n' "$other" > "$copy.key"
	if [ "${1:-}" = unanchored ] &&
	    ! "$BLOTTER" --verify --db "$copy" >/dev/null 2>&1; then
		bad "the rewrite with the key replaced should pass unanchored"
	fi
}
verify_args="--head $day_head"
after_change_arg=unanchored
tampered "the chain and the key replaced, against the day's head" \
    "$retimed" "journal entry $last is not the anchored head (its hash\
 differs): the journal was rewritten since the head was taken"
after_change_arg=
tampered "cut, the chain and the key replaced, against the day's head" \
    "DELETE FROM journal WHERE seq = $last" \
    "the journal ends at entry $((last - 1)) but the anchored head is\
 entry $last: entries were cut from its end"
verify_args="--head ${day_head#*:}"
tampered "the same, against the day's head's hash" "$retimed" \
    "no journal entry has the anchored head's hash: the journal was\
 rewritten or cut since the head was taken"
verify_args=
after_change() { :; }

# Rewritten with plain SHA-256, the keyed start dropped and the schema set
# back to before the key: the next blotter to open it would key it from
# its end, passing the rewrite off as the rows from before the key.  It
# refuses, and so does verify, and the store is left as it is.
copy="$tmp/copy.db"
rm -f "$copy" "$copy-wal" "$copy-shm"
sqlite3 "$db" ".backup '$copy'" && cp -p "$db.key" "$copy.key"
sqlite3 "$copy" "$retimed"
forge ""
sqlite3 "$copy" "DELETE FROM meta WHERE key = 'audit_keyed';
    PRAGMA user_version = 5;"
sum=$(sha256sum < "$copy")
setback="copy.db was keyed and set back to an older schema behind blotter's\
 back (its audit key $copy.key is there): it is not keyed again"
"$BLOTTER" --batch "$tmp/more.blot" --db "$copy" >"$tmp/vout" 2>&1
[ $? -ne 0 ] && grep -qF "$setback" "$tmp/vout" && ok ||
    bad "a store set back to before the key: $(cat "$tmp/vout")"
[ "$(sha256sum < "$copy")" = "$sum" ] && ok ||
    bad "the store set back to before the key was written to"
"$BLOTTER" --verify --db "$copy" >"$tmp/vout" 2>&1
[ $? -eq 2 ] && grep -qF "$setback" "$tmp/vout" && ok ||
    bad "verify of a store set back to before the key: $(cat "$tmp/vout")"

# verify --head: the day's head passes, as SEQ:HASH and as HASH alone.
if "$BLOTTER" --verify --db "$db" --head "$day_head" >"$tmp/vout" 2>&1
then ok; else bad "--head with the day's head:"; sed 's/^/    /' "$tmp/vout"
fi
if "$BLOTTER" --verify --db "$db" --head "${day_head#*:}" >"$tmp/vout" 2>&1
then ok; else bad "--head with the hash alone:"; sed 's/^/    /' "$tmp/vout"
fi
"$BLOTTER" --verify --db "$db" --head "12:zz" >"$tmp/vout" 2>&1
[ $? -eq 2 ] && grep -q "^blotter: --head 12:zz: not a head" "$tmp/vout" &&
    ok || bad "--head with no head: $(cat "$tmp/vout")"

# A missing key is an error, not a pass; a key others can read is
# refused by verify and by a writer.
cp "$db" "$tmp/nokey.db"
"$BLOTTER" --verify --db "$tmp/nokey.db" >"$tmp/vout" 2>&1
[ $? -eq 2 ] && grep -qF "its audit key $tmp/nokey.db.key is missing" \
    "$tmp/vout" && ok || bad "verify without the key: $(cat "$tmp/vout")"
"$BLOTTER" --batch "$tmp/more.blot" --db "$tmp/nokey.db" >"$tmp/vout" 2>&1
[ $? -ne 0 ] && grep -qF "its audit key $tmp/nokey.db.key is missing" \
    "$tmp/vout" && [ ! -e "$tmp/nokey.db.key" ] && ok ||
    bad "writing without the key: $(cat "$tmp/vout")"
cp -p "$db.key" "$tmp/nokey.db.key"
chmod 644 "$tmp/nokey.db.key"
"$BLOTTER" --verify --db "$tmp/nokey.db" >"$tmp/vout" 2>&1
[ $? -eq 2 ] && grep -qF "must be its owner's alone (mode 0600, not 0644)" \
    "$tmp/vout" && ok || bad "verify with a 644 key: $(cat "$tmp/vout")"
# A key that is not a file (a pipe put in its place) is refused, not
# waited on for ever.
rm -f "$tmp/nokey.db.key"
mkfifo "$tmp/nokey.db.key"
timeout 20 "$BLOTTER" --verify --db "$tmp/nokey.db" >"$tmp/vout" 2>&1
[ $? -eq 2 ] && grep -qF "nokey.db.key: the audit key is not a regular file" \
    "$tmp/vout" && ok || bad "verify with a pipe for a key: $(cat "$tmp/vout")"
timeout 20 "$BLOTTER" --batch "$tmp/more.blot" --db "$tmp/nokey.db" \
    >"$tmp/vout" 2>&1
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -qF "not a regular file" "$tmp/vout" &&
    ok || bad "writing with a pipe for a key (exit $rc): $(cat "$tmp/vout")"
rm -f "$tmp/nokey.db.key"
# So is a pipe in the store's place.
mkfifo "$tmp/pipe.db"
timeout 20 "$BLOTTER" --verify --db "$tmp/pipe.db" >"$tmp/vout" 2>&1
[ $? -eq 2 ] && grep -qF "pipe.db is not a blotter store (not a file)" \
    "$tmp/vout" && ok || bad "verify of a pipe: $(cat "$tmp/vout")"
timeout 20 "$BLOTTER" --batch "$tmp/more.blot" --db "$tmp/pipe.db" \
    >"$tmp/vout" 2>&1
[ $? -eq 1 ] && grep -qF "pipe.db is not a blotter store (not a file)" \
    "$tmp/vout" && ok || bad "trading on a pipe: $(cat "$tmp/vout")"
# The key may be kept elsewhere.
BLOTTER_AUDIT_KEY=$db.key "$BLOTTER" --verify --db "$tmp/nokey.db" \
    >"$tmp/vout" 2>&1 && ok || bad "BLOTTER_AUDIT_KEY: $(cat "$tmp/vout")"

# A damaged store (a page of its orders overwritten, as a failing disk
# would) refuses to trade, naming the store and what is wrong, and --verify
# reports it; so does a damaged page of the journal, for --verify.
dmg="$tmp/dmg.db"
{
	echo "quote AAPL 190.00 190.02 asksz=1000000"
	i=0
	while [ $i -lt 2000 ]; do echo "buy 1 AAPL acct=MAIN"; i=$((i + 1)); done
} > "$tmp/many.blot"
"$BLOTTER" --batch "$tmp/many.blot" --db "$dmg" >/dev/null 2>"$tmp/err" ||
    bad "the day of many orders did not run: $(cat "$tmp/err")"
cp "$dmg" "$tmp/dmgj.db"
cp -p "$dmg.key" "$tmp/dmgj.db.key"
damage() {	# FILE TABLE: overwrite a leaf page of TABLE in FILE
	page=$(sqlite3 "$1" "SELECT pageno FROM dbstat WHERE name = '$2' AND
	    pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 5")
	size=$(sqlite3 "$1" "PRAGMA page_size")
	[ -n "$page" ] || { bad "no leaf page of $2 to damage"; return; }
	yes 'a damaged page' | head -c "$size" |
	    dd of="$1" bs="$size" seek=$((page - 1)) count=1 conv=notrunc \
	    2>/dev/null
}
damage "$dmg" orders
sum=$(sha256sum < "$dmg")
"$BLOTTER" --batch "$tmp/more.blot" --db "$dmg" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -ne 0 ] && grep -qF "$dmg is damaged (integrity check of table\
 orders: " "$tmp/err" && grep -qF "will not trade on it until it is\
 repaired" "$tmp/err" && ! grep -q 'B1 new' "$tmp/out" && ok ||
    bad "trading on a damaged store (exit $rc): $(cat "$tmp/out" "$tmp/err")"
[ "$(sha256sum < "$dmg")" = "$sum" ] && ok ||
    bad "the damaged store was written to"
"$BLOTTER" --verify --db "$dmg" >"$tmp/vout" 2>&1
[ $? -ne 0 ] && grep -q "^the store's file is damaged (integrity check): " \
    "$tmp/vout" && ok || bad "verify of a damaged store: $(cat "$tmp/vout")"
damage "$tmp/dmgj.db" journal
# A damaged journal, the audit trail, refuses to trade too: nothing is
# added to a trail with a part of it lost.
sum=$(sha256sum < "$tmp/dmgj.db")
"$BLOTTER" --batch "$tmp/more.blot" --db "$tmp/dmgj.db" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -ne 0 ] && grep -qF "dmgj.db is damaged (integrity check of table\
 journal: " "$tmp/err" && ! grep -q 'B1 new' "$tmp/out" && ok ||
    bad "trading on a damaged journal (exit $rc): $(cat "$tmp/out" "$tmp/err")"
[ "$(sha256sum < "$tmp/dmgj.db")" = "$sum" ] && ok ||
    bad "the store with a damaged journal was written to"
"$BLOTTER" --verify --db "$tmp/dmgj.db" >"$tmp/vout" 2>&1
[ $? -ne 0 ] && grep -q "^the store's file is damaged (integrity check): " \
    "$tmp/vout" && ok ||
    bad "verify of a damaged journal: $(cat "$tmp/vout")"

# --verify writes nothing: not the store, not a -wal or -shm beside it.
ro="$tmp/ro"
mkdir "$ro"
cp -p "$db" "$db.key" "$ro/"
state() { (cd "$ro" && ls -a && sha256sum day.db && stat -c %y day.db); }
state > "$tmp/before"
"$BLOTTER" --verify --db "$ro/day.db" >"$tmp/vout" 2>&1 && ok ||
    bad "verify of a copy: $(cat "$tmp/vout")"
state > "$tmp/after"
cmp -s "$tmp/before" "$tmp/after" && ok ||
    bad "verify wrote beside or into the store: $(diff "$tmp/before" \
    "$tmp/after" | tr '\n' ' ')"
# ... so it works on a read-only store in a read-only folder.  The
# superuser is never refused, so then it runs as nobody when it can.
as_user=
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1
	then
		chown -R nobody "$ro"
		chmod 711 "$tmp"
		as_user="setpriv --reuid=nobody --regid=$(id -g nobody)
		    --clear-groups"
	else
		as_user=none
		echo "note: the read-only folder test needs a user other than"\
		    "root (setpriv and the user nobody)"
	fi
fi
if [ "$as_user" != none ]; then
	rm -f "$ro/day.db-wal" "$ro/day.db-shm"
	chmod 444 "$ro/day.db"
	chmod 555 "$ro"
	bin=$BLOTTER
	case $bin in /*) ;; *) bin=$(pwd)/$bin;; esac
	$as_user "$bin" --verify --db "$ro/day.db" >"$tmp/vout" 2>&1 && ok ||
	    bad "verify of a read-only store in a read-only folder:" \
	    "$(cat "$tmp/vout")"
	state > "$tmp/after"
	cmp -s "$tmp/before" "$tmp/after" && ok ||
	    bad "verify wrote in a read-only folder"
	# A writer is refused there, saying why.
	$as_user "$bin" --batch "$tmp/more.blot" --db "$ro/day.db" \
	    >"$tmp/vout" 2>&1
	[ $? -ne 0 ] && grep -q "day.db is read-only" "$tmp/vout" && ok ||
	    bad "writing a read-only store: $(cat "$tmp/vout")"
fi

# A key must be the running user's own: one another user owns, however
# private (0600), may have been planted by them (root would take it).
# Only the superuser can open another's 0600 file, so only it can be
# handed one here.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	cp "$db" "$tmp/owned.db"
	cp -p "$db.key" "$tmp/owned.db.key"
	chown nobody "$tmp/owned.db.key"
	"$BLOTTER" --verify --db "$tmp/owned.db" >"$tmp/vout" 2>&1
	[ $? -eq 2 ] && grep -qE "owned\.db\.key: the audit key belongs to nobody \(uid [0-9]+\), not to root \(uid 0\) who runs blotter" \
	    "$tmp/vout" && ok || bad "verify with another's key: $(cat "$tmp/vout")"
	"$BLOTTER" --batch "$tmp/more.blot" --db "$tmp/owned.db" >"$tmp/vout" 2>&1
	[ $? -ne 0 ] && grep -qF "the audit key belongs to nobody" "$tmp/vout" &&
	    ok || bad "writing with another's key: $(cat "$tmp/vout")"
fi

# A crash between writing a new key and linking it leaves KEY.new-XXXXXX
# (a key in the clear): the next writer removes it, unless a blotter
# making a key holds it locked right now.
left="$tmp/sw.db.key.new-Ab12Cd"
busy="$tmp/sw.db.key.new-Zz98Yy"
printf '%064d\n' 0 > "$left"
printf '%064d\n' 0 > "$busy"
chmod 600 "$left" "$busy"
flock "$busy" sleep 5 &
holder=$!
sleep 0.5
"$BLOTTER" --batch "$tmp/more.blot" --db "$tmp/sw.db" >"$tmp/vout" 2>&1 &&
    ok || bad "a store beside a leftover key: $(cat "$tmp/vout")"
[ ! -e "$left" ] && ok || bad "the leftover $left of a new key stays"
[ -e "$busy" ] && ok || bad "a key being made ($busy) was swept"
[ -e "$tmp/sw.db.key" ] && ok || bad "no key was made beside the leftover"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
# ... and one left after the key got its name, at a later open.
printf '%064d\n' 0 > "$left"
chmod 600 "$left"
printf 'buy 5 MSFT acct=MAIN id=B2\n' > "$tmp/sw.blot"
"$BLOTTER" --batch "$tmp/sw.blot" --db "$tmp/sw.db" >"$tmp/vout" 2>&1 &&
    ok || bad "a keyed store beside a leftover key: $(cat "$tmp/vout")"
[ ! -e "$left" ] && ok || bad "the leftover $left stays beside a key"

echo "audit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
