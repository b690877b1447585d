# tests/fix-lib.sh: what the FIX shell tests share.  Source it after
# tests/lib.sh, with tmp set: the processes whose pids are added to $pids
# are ended, and $tmp removed, on the way out.
: "${QF_PEER:=tests/fix/qf-peer}"
pids=""
fix_cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap fix_cleanup EXIT
XDG_CONFIG_HOME=$tmp/config
export XDG_CONFIG_HOME
dict=${BLOTTER_DATADIR:-$srcdir/data}/fix/FIX44.xml
