#!/bin/sh
# tests/fix/live.sh: blotter's FIX session layer against QuickFIX over
# TCP (tests/fix/check-live, with tests/fix/qf-peer as the broker).  The
# peers it starts write their pids into the folder made here; whatever
# becomes of the test, they are ended and the folder removed on the way
# out.  Run from the top of the build tree, as make check does.
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/blotter-live.XXXXXX") || exit 99
cleanup() {
	for f in "$dir"/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		# Only a qf-peer: the pid may be another's by now.
		case $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) in
		*qf-peer*) kill -KILL "$pid" 2>/dev/null ;;
		esac
	done
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
QF_LIVE_DIR=$dir ./tests/fix/check-live
