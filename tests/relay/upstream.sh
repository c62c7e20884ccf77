#!/usr/bin/env bash
# The relay's upstream pull (media/relay/upstream.c + ring.c) against the
# simulated door phone, in about a minute:
#   tests/relay/upstream.sh PATH/TO/vestibule-devsim PATH/TO/test_upstream
# Builds nothing. Needs python3 and curl. Set DEVSIM_CACHE_DIR to reuse
# devsim's clip, RELAY_UPSTREAM_KEEP=1 to keep the logs. Prints
# "N passed, N failed" last; exits non-zero on any failure.
#
# What it checks, as a viewer of the relay would notice it:
#   - a wrong password is one attempt and a clear "unauthorized" state,
#     not a retry loop that locks the camera's account;
#   - the SDP (H.264 + PCMU) arrives and packets flow at 25 frames/s;
#   - the session outlives devsim's 5 s session timeout (keep-alives);
#   - devsim /stop: back-off 1, 2, 4, 8 s; /start: playing again within
#     the pending back-off + 1 s, output sequence numbers +1 exactly and
#     timestamps advanced by the outage;
#   - devsim frozen (SIGSTOP): the 5 s watchdog fires, the back-off is
#     back at 1 s after 10 s of good data, and the pull recovers;
#   - upstream_stop ends the source's session, upstream_start resumes.
set -u
. "$(dirname "$0")/../lib/check.sh"
DEVSIM=$(realpath "${1:?usage: upstream.sh PATH/TO/vestibule-devsim PATH/TO/test_upstream}")
TEST=$(realpath "${2:?usage: upstream.sh PATH/TO/vestibule-devsim PATH/TO/test_upstream}")
work_dir relay-upstream RELAY_UPSTREAM_KEEP
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}



need_tools python3 curl

# ev LOG EXPR: evaluates a Python expression over the events test_upstream
# printed into $WORK/LOG.log (see tests/relay/test_upstream.c): E is every
# event as a dict, S(name) the state changes (to name), K(kind) the events
# of a kind.  Exits 0 when true; with --print, prints the value instead.
cat > "$WORK/ev.py" <<'PY'
import re, sys

E = []
for line in open(sys.argv[-2]):
    kind, _, rest = line.rstrip("\n").partition(" ")
    d = {"kind": kind}
    m = re.search(r"(?:^| )error=(.*)$", rest)
    if m:
        d["error"], rest = m.group(1), rest[:m.start()]
    toks = rest.split()
    if kind == "state" and toks:
        d["name"], toks = toks[0], toks[1:]
    for tok in toks:
        k, _, v = tok.partition("=")
        try:
            v = float(v) if "." in v else int(v)
        except ValueError:
            pass
        d[k] = v
    E.append(d)


def S(name=None):
    return [e for e in E if e["kind"] == "state" and name in (None, e.get("name"))]


def K(kind):
    return [e for e in E if e["kind"] == kind]


v = eval(sys.argv[-1])
if "--print" in sys.argv:
    print(v)
    sys.exit(0)
if not v:
    print("false; events:", [e for e in E if e["kind"] != "tick"][-6:])
sys.exit(0 if v else 1)
PY
ev() { python3 "$WORK/ev.py" "$WORK/$1.log" "$2"; }
evp() { python3 "$WORK/ev.py" --print "$WORK/$1.log" "$2"; }
# wait_ev LOG EXPR SECONDS: waits until EXPR holds; prints the seconds waited.
wait_ev() {
	local t0 i
	t0=$(date +%s%N)
	for i in $(seq $(( $3 * 20 ))); do
		if ev "$1" "$2" >/dev/null; then
			echo $(( ($(date +%s%N) - t0) / 1000000 ))
			return 0
		fi
		sleep 0.05
	done
	echo -1
	return 1
}
status() { curl -s --max-time 5 "http://127.0.0.1:$SPORT/$1" > "$WORK/status.json"; }
json() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$WORK/status.json"; }
jval() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$WORK/status.json"; }

read -r PORT SPORT <<< "$(free_ports 2)"
URL=rtsp://127.0.0.1:$PORT/live/ch00_0
CACHE=()
[ -n "${DEVSIM_CACHE_DIR:-}" ] && CACHE=(--cache-dir "$DEVSIM_CACHE_DIR")
"$DEVSIM" "${CACHE[@]}" --port "$PORT" --status-port "$SPORT" --user admin --password 's3cret!' \
	--session-timeout 5 > "$WORK/devsim.out" 2> "$WORK/devsim.err" &
DS=$!
PIDS+=("$DS")
for _ in $(seq 600); do
	grep -q ready "$WORK/devsim.out" 2>/dev/null && break
	kill -0 "$DS" 2>/dev/null || break
	sleep 0.1
done
if ! grep -q ready "$WORK/devsim.out"; then
	fail "devsim starts" "$(tail -3 "$WORK/devsim.err" | tr '\n' ' ')"
	finish
fi
ok "devsim starts (session timeout 5 s)"

# A wrong password: one attempt, then "unauthorized" and nothing more.
status status
C0=$(jval "j['connections']['total']")
"$TEST" "$URL" admin wrong 4 > "$WORK/bad.log" 2> "$WORK/bad.err"
check "wrong password: state unauthorized with the source's 401 ($(evp bad "S('unauthorized')[0]['error'] if S('unauthorized') else None"))" \
	ev bad "len(S('unauthorized')) == 1 and '401' in S('unauthorized')[0]['error']"
check "wrong password: one attempt, no retry in 4 s" \
	ev bad "len(S('connecting')) == 1 and not S('backoff') and not K('sdp')"
status status
C1=$(jval "j['connections']['total']")
check "wrong password: devsim saw $((C1 - C0)) connection(s) (at most 2)" test $((C1 - C0)) -le 2

# The pull, through every phase below.
"$TEST" "$URL" admin 's3cret!' 120 > "$WORK/a.log" 2> "$WORK/a.err" &
TA=$!
PIDS+=("$TA")
W=$(wait_ev a "S('playing')" 5)
check "playing ${W} ms after start" test "$W" -ge 0
check "SDP with H.264 video and PCMU audio ($(evp a "K('sdp')[-1] if K('sdp') else None"))" \
	ev a "K('sdp') and K('sdp')[-1]['video'] == 'H264' and K('sdp')[-1]['audio'] == 'PCMU'"
sleep 11
check "no failure in 11 s with a 5 s session timeout (keep-alives, no RTCP)" \
	ev a "len(S('playing')) == 1 and not S('backoff')"
FR=$(evp a "[k['frames'] for k in K('tick') if k['t'] > S('playing')[0]['t'] + 1000]")
check "packets flow: >= 20 video frames in each second ($FR)" \
	ev a "len([k for k in K('tick') if k['t'] > S('playing')[0]['t'] + 1000]) >= 8 and min(k['frames'] for k in K('tick') if k['t'] > S('playing')[0]['t'] + 1000) >= 20"

# devsim stops serving: back-off 1, 2, 4, 8 s.
status stop
W=$(wait_ev a "any(b['backoff'] == 8000 for b in S('backoff'))" 20)
BO=$(evp a "[b['backoff'] for b in S('backoff')]")
check "devsim /stop: back-off grows 1, 2, 4, 8 s ($BO)" \
	ev a "[b['backoff'] for b in S('backoff')][:4] == [1000, 2000, 4000, 8000]"
GAPS=$(evp a "[c['t'] - b['t'] for b, c in zip(S('backoff'), S('connecting')[1:])]")
check "each retry after its back-off (waited $GAPS ms)" \
	ev a "all(b['backoff'] - 20 <= c['t'] - b['t'] <= b['backoff'] + 500 for b, c in zip(S('backoff'), S('connecting')[1:]))"

# devsim serves again: playing within the pending back-off + 1 s.
DELAY=$(evp a "S('backoff')[-1]['backoff']")
status start
W=$(wait_ev a "len(S('playing')) == 2" 15)
check "devsim /start: playing again after $W ms (back-off pending: $DELAY ms, limit + 1 s)" \
	test "$W" -ge 0 -a "$W" -le $((DELAY + 1000))
sleep 1
RES=$(evp a "[(r['track'], r['seq_delta'], r['ts_delta'], r['outage_ms']) for r in K('resume')]")
check "output sequence numbers continue +1 on every track (track, seq+, ts+, outage ms: $RES)" \
	ev a "len(K('resume')) == 2 and all(r['seq_delta'] == 1 for r in K('resume')) and not K('seqjump')"
check "timestamps advance by the outage (90 kHz video, 8 kHz audio, within 300 ms)" \
	ev a "all(abs(r['ts_delta'] * 1000 / (90000 if r['track'] == 0 else 8000) - r['outage_ms']) < 300 for r in K('resume'))"
sleep 10
check "frames flow again: >= 20 per second" \
	ev a "min(k['frames'] for k in K('tick') if k['t'] > S('playing')[1]['t'] + 1000) >= 20"

# devsim freezes (the TCP connection stays, no data): the watchdog.
kill -STOP "$DS"
W=$(wait_ev a "len(S('backoff')) == 5" 10)
kill -CONT "$DS" 2>/dev/null || true
ERR=$(evp a "S('backoff')[-1]['error'] if len(S('backoff')) == 5 else None")
check "frozen source: watchdog after $W ms (5 s + tick) with '$ERR'" \
	ev a "len(S('backoff')) == 5 and 'no packet' in S('backoff')[-1]['error'] and $W >= 4500 and $W <= 6500"
check "after 10 s of good data the back-off is 1 s again" ev a "S('backoff')[-1]['backoff'] == 1000"
W=$(wait_ev a "len(S('playing')) == 3" 15)
check "frozen source resumed: playing again ($W ms after SIGCONT)" test "$W" -ge 0
sleep 1
check "still no sequence jump (resumes: $(evp a "[(r['track'], r['seq_delta']) for r in K('resume')]"))" \
	ev a "len(K('resume')) == 4 and all(r['seq_delta'] == 1 for r in K('resume')) and not K('seqjump')"

# The server's stop (linger over) and start (a viewer is back).
kill -USR1 "$TA"
sleep 1.5
status status
check "upstream_stop: state idle" ev a "S()[-1]['name'] == 'idle'"
check "upstream_stop: devsim's session ended ($(jval "j['sessions']"))" json "j['sessions']['current'] == 0"
kill -USR2 "$TA"
W=$(wait_ev a "len(S('playing')) == 4" 5)
check "upstream_start: playing again after $W ms" test "$W" -ge 0
sleep 1
check "no sequence jump across stop and start" \
	ev a "len(K('resume')) == 6 and all(r['seq_delta'] == 1 for r in K('resume')) and not K('seqjump')"

kill -TERM "$TA"
wait "$TA"
RC=$?
check "test_upstream exits 0 (rc $RC), nothing dropped or refused ($(evp a "K('final')[0] if K('final') else None"))" \
	ev a "$RC == 0 and K('final') and K('final')[0]['dropped'] == 0 and K('final')[0]['rejected'] == 0"
LAT=$(grep '^latency' "$WORK/a.log")
check "latency devsim send -> ring: $LAT (ms; p50 under 5)" ev a "K('latency') and K('latency')[0]['p50'] < 5"
if [ -s "$WORK/a.err" ] && grep -qiE 'runtime error|AddressSanitizer|CRITICAL' "$WORK/a.err"; then
	fail "no sanitizer report or GLib critical" "$(grep -iE 'runtime error|AddressSanitizer|CRITICAL' "$WORK/a.err" | head -3 | tr '\n' ' ')"
else
	ok "no sanitizer report or GLib critical"
fi

finish
