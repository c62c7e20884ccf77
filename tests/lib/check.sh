# tests/lib/check.sh - what the shell test scripts (tests/devsim/smoke.sh,
# tests/relay/*.sh) share: counting checks in TAP-like lines and ending
# with the "N passed, N failed" line that conf/devstack.sh reads.  Sourced,
# never run:  . "$(dirname "$0")/../lib/check.sh"
PASS=0
FAIL=0

# ok NAME / fail NAME [WHY]: one check's outcome.
ok() { PASS=$((PASS + 1)); echo "ok - $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL - $1${2:+: $2}"; }

# check NAME COMMAND...: passes when the command succeeds; a failure shows
# the last three lines the command printed.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else fail "$name" "$(echo "$out" | tail -3 | tr '\n' ' ')"; fi
}

# finish: the script's time and the summary line, then exit 0 only when
# nothing failed.
finish() {
	echo "$(basename "$0"): $SECONDS s"
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
	exit $?
}

# need_tools TOOL...: a failed check and finish when one is missing.
need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null || { fail "tool $t is installed"; finish; }
	done
}

# free_ports N: N TCP ports free on loopback now, space-separated.
free_ports() {
	python3 -c "
import socket
ss = [socket.socket() for _ in range($1)]
for s in ss: s.bind(('127.0.0.1', 0))
print(' '.join(str(s.getsockname()[1]) for s in ss))"
}

# work_dir PREFIX KEEP_VAR: makes the script's scratch folder WORK under
# $TMPDIR (default /tmp) and, at exit, kills the processes whose pids the
# script added to PIDS (a stopped one is continued first) and removes WORK
# unless the variable named KEEP_VAR is set.
work_dir() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	KEEP_VAR=$2
	PIDS=()
	trap work_dir_cleanup EXIT
}
work_dir_cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	if [ -n "${!KEEP_VAR:-}" ]; then echo "logs kept in $WORK"; else rm -rf "$WORK"; fi
}

# clean_log FILE...: a check that the files hold no GLib critical and no
# sanitizer report.
clean_log() {
	local hits
	hits=$(grep -hiE 'CRITICAL|runtime error|AddressSanitizer' "$@" 2>/dev/null | head -3 | tr '\n' ' ')
	if [ -n "$hits" ]; then
		fail "no GLib critical or sanitizer report" "$hits"
	else
		ok "no GLib critical or sanitizer report"
	fi
}
