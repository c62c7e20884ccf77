#!/usr/bin/env bash
# Relay benchmark (issue 6): one 2 Mbit/s 25 fps H.264 door phone
# (tests/devsim, 720p, a keyframe a second, PCMU audio), and 50, 100, 200
# and 400 viewers over TCP, each step twice in the same run:
#   direct - the viewers pull straight from the door phone (the baseline:
#            gst-rtsp-server as a camera would run it, 4 shared pipelines)
#   relay  - the same viewers pull through vestibule-relay (one upstream
#            session at the door phone, shared by all)
# The viewers are rtsp_load.c (all in one thread, connecting in the same
# instant; DESCRIBE, SETUP of both tracks, PLAY). Per step it prints:
#   - served: viewers that got frames in the measured window (of N);
#   - worst: frames received over frames sent for the worst viewer, and
#     how many viewers lost any frame;
#   - first frame p50/p99: PLAY to the end of the first whole IDR frame;
#   - latency p50/p99: arrival of a frame's last packet minus the send
#     time devsim wrote into the frame's SEI; "added" is relay minus direct;
#   - CPU-s per viewer-minute of the serving process (relay or devsim) over
#     the window, from /proc/PID/stat; the relay's write calls per
#     viewer-second (/proc/PID/io syscw, which counts write and writev but
#     not devsim's sendmsg), and memory (RSS, peak).
# Then cold starts: the first viewer of an idle upstream (the relay has to
# connect to the door phone first), five times, and 400 viewers at once on
# an idle upstream.
#
# Targets (issue 6): 400 viewers at once all served; 200 viewers with no
# lost frames; relay CPU <= 0.05 CPU-s per viewer-minute at 200 viewers;
# first frame <= 200 ms p99; added latency <= 20 ms p50.
#
# Run by hand with the dev stack up in another terminal (the relay and
# devsim it starts are its own; the stack gives the database, the API and
# the platform key):
#   bash conf/devstack.sh up            # terminal 1
#   bash tests/bench/relay/run.sh       # terminal 2
# With a stack of your own, pass the same VESTIBULE_VAR, VESTIBULE_PORT and
# VESTIBULE_BUILD to both. Environment: STEPS (default "50 100 200 400"),
# DURATION (s per run, default 40), WARMUP (s before the window, default
# 10), DEVSIM_CACHE_DIR (devsim's clip cache), KEEP=1 (keep the logs),
# RELAY_ONLY=1 (skip the baseline: for trying a change, not for figures).
# About 7 minutes with the defaults. Output also goes to
# $VAR/bench-relay/results.txt, and each run's JSON beside it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
STEPS=${STEPS:-"50 100 200 400"}
DURATION=${DURATION:-40}
WARMUP=${WARMUP:-10}
die() { echo "bench: $*" >&2; exit 1; }

eval "$(bash "$ROOT/conf/devstack.sh" env)"
[ -f "$VB_CONF" ] || die "no $VB_CONF: start the dev stack first (bash conf/devstack.sh up)"
BUILD=$(cd "$(dirname "$VB_ADMIN")/../.." && pwd)
RELAY=$BUILD/media/relay/vestibule-relay
DEVSIM=$BUILD/tests/devsim/vestibule-devsim
[ -x "$RELAY" ] || die "no $RELAY: the dev stack builds it"
[ -x "$DEVSIM" ] || die "no $DEVSIM: the dev stack builds it"
B=$(dirname "$VB_CONF")/bench-relay
rm -rf "$B"
mkdir -p "$B"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[ -n "${KEEP:-}" ] || rm -f "$B"/*.err "$B"/*.out
}
trap cleanup EXIT

cc -O2 -Wall -o "$B/rtsp_load" "$ROOT/tests/bench/relay/rtsp_load.c"
# Up to 400 viewers each side, plus the relay's and devsim's own sockets.
ulimit -n 8192 2>/dev/null || ulimit -n 4096

free_ports() { python3 -c "
import socket
ss = [socket.socket() for _ in range($1)]
for s in ss: s.bind(('127.0.0.1', 0))
print(' '.join(str(s.getsockname()[1]) for s in ss))"; }
read -r DPORT DSPORT RPORT MPORT <<< "$(free_ports 4)"

CACHE=()
[ -n "${DEVSIM_CACHE_DIR:-}" ] && CACHE=(--cache-dir "$DEVSIM_CACHE_DIR")
"$DEVSIM" "${CACHE[@]}" --port "$DPORT" --status-port "$DSPORT" > "$B/devsim.out" 2> "$B/devsim.err" &
DPID=$!
PIDS+=("$DPID")
for _ in $(seq 900); do grep -q ready "$B/devsim.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$B/devsim.out" || die "devsim did not start: $(tail -3 "$B/devsim.err")"

# The door phone as a camera of a premium site, through the API.
CAM=$(python3 - "$ROOT/tests/integration" "$DPORT" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from vbtest import installer_client, premium_site, new_camera
inst, ic = installer_client()
site = premium_site(ic)
print(new_camera(ic, site["id"], rtsp_url="rtsp://127.0.0.1:%s/live/ch00_0" % sys.argv[2])["id"])
PY
)
[ -n "$CAM" ] || die "could not add the camera"
URL_RELAY=$("$VB_ADMIN" --config "$VB_CONF" stream-url "c$CAM" --ttl 7200 |
	sed "s|^rtsp://[^/]*|rtsp://127.0.0.1:$RPORT|")
URL_DIRECT=rtsp://127.0.0.1:$DPORT/live/ch00_0

# The relay, with the stack's configuration (database, key); a long linger
# keeps the upstream up between the steps, as for a door phone that is
# watched all the time, so the steps measure viewers joining a running
# source; the cold start is measured last, after an idle upstream.
LINGER=3
"$RELAY" --config "$VB_CONF" --listen "127.0.0.1:$RPORT" --metrics "127.0.0.1:$MPORT" \
	--linger 3600 > "$B/relay.out" 2> "$B/relay.err" &
RPID=$!
PIDS+=("$RPID")
for _ in $(seq 100); do grep -q ready "$B/relay.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$B/relay.out" || die "the relay did not start: $(tail -3 "$B/relay.err")"

load() { # load NAME URL N WATCH...: one run, its JSON in $B/NAME.json
	local name=$1 url=$2 n=$3
	shift 3
	"$B/rtsp_load" --url "$url" --viewers "$n" --duration "$DURATION" --warmup "$WARMUP" "$@" \
		> "$B/$name.json" 2> "$B/$name.err" || die "rtsp_load failed: $(tail -3 "$B/$name.err")"
}
# Warm the relay's upstream with a short single viewer.
"$B/rtsp_load" --url "$URL_RELAY" --viewers 1 --duration 4 --warmup 2 > "$B/warm.json" 2> /dev/null

echo "relay benchmark: $(nproc) cores, devsim 1280x720 25 fps 2 Mbit/s H.264 + PCMU," \
	"${DURATION}s runs (window $((DURATION - WARMUP)) s after ${WARMUP} s)" | tee "$B/results.txt"
for n in $STEPS; do
	if [ -z "${RELAY_ONLY:-}" ]; then
		load "direct-$n" "$URL_DIRECT" "$n" --watch "server=$DPID"
		sleep 3   # devsim ends the sessions with their connections
	fi
	load "relay-$n" "$URL_RELAY" "$n" --watch "server=$RPID" --watch "devsim=$DPID"
	# the door phone's sessions while the relay's upstream lingers
	curl -s "http://127.0.0.1:$DSPORT/status" > "$B/devsim-relay-$n.json"
	sleep 3
done

# Cold start: restart the relay with a short linger, so the upstream is idle.
kill "$RPID"; wait "$RPID" 2>/dev/null || true
"$RELAY" --config "$VB_CONF" --listen "127.0.0.1:$RPORT" --metrics "127.0.0.1:$MPORT" \
	--linger "$LINGER" > "$B/relay2.out" 2> "$B/relay2.err" &
RPID=$!
PIDS+=("$RPID")
for _ in $(seq 100); do grep -q ready "$B/relay2.out" 2>/dev/null && break; sleep 0.1; done
COLD=()
for i in 1 2 3 4 5; do
	"$B/rtsp_load" --url "$URL_RELAY" --viewers 1 --duration 3 --warmup 1 > "$B/cold-$i.json" 2> /dev/null
	COLD+=("$B/cold-$i.json")
	sleep $((LINGER + 2))   # the upstream stops again
done
# And 400 viewers in the same instant on the idle upstream: their DESCRIBEs
# wait for the door phone's SDP, then all start together.
"$B/rtsp_load" --url "$URL_RELAY" --viewers 400 --duration 20 --warmup 5 \
	--watch "server=$RPID" > "$B/cold-400.json" 2> "$B/cold-400.err"

python3 - "$B" "$STEPS" "${COLD[@]}" <<'PY' | tee -a "$B/results.txt"
import json, sys
b, steps, cold = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
def j(name): return json.load(open("%s/%s.json" % (b, name)))
hdr = ("%-6s %-6s %7s %14s %6s %15s %17s %12s %8s %12s" %
       ("N", "via", "served", "worst frames", "lossy", "first ms p50/99", "latency ms p50/99",
        "CPU-s/v-min", "writes", "RSS/peak MB"))
print(hdr)
print("-" * len(hdr))
summary = []
for n in steps:
    r = {}
    for via in ("direct", "relay"):
        try:
            d = j("%s-%s" % (via, n))
        except FileNotFoundError:
            continue
        w = d["watch"]["server"]
        mins = d["playing"] * d["window_s"] / 60 if d["playing"] else float("nan")
        cpu = w["cpu_s"] / mins if d["playing"] else float("nan")
        worst = d["worst"]
        r[via] = dict(d=d, cpu=cpu)
        print("%-6s %-6s %7s %14s %6d %15s %17s %12.4f %8s %12s" % (
            n, via, "%d/%s" % (d["served"], n),
            "%d (%.4f)" % (worst["frames"], worst["ratio"]) if worst else "-",
            d["lossy_viewers"],
            "%.0f/%.0f" % (d["first_frame_ms"]["p50"], d["first_frame_ms"]["p99"]),
            "%.2f/%.2f" % (d["latency_ms"]["p50"], d["latency_ms"]["p99"]),
            # syscw counts write(v) calls, not sendmsg (gst-rtsp-server's)
            cpu, "%.1f" % (w["write_calls"] / d["playing"] / d["window_s"])
            if d["playing"] and via == "relay" else "-",
            "%.1f/%.1f" % (w["rss_kb"] / 1024, w["hwm_kb"] / 1024)))
        if d["errors"]:
            print("       errors: %s" % "; ".join(d["errors"]))
    sess = j("devsim-relay-%s" % n)["sessions"]["current"]
    if len(r) < 2:
        continue
    rd, dd = r["relay"]["d"], r["direct"]["d"]
    summary.append("  %4s viewers: relay CPU %.2fx direct; added latency p50 %+.2f ms, p99 %+.2f ms;"
                   " first frame p99 %.0f ms (direct %.0f ms); door phone sessions %d" % (
                       n, r["relay"]["cpu"] / r["direct"]["cpu"] if r["direct"]["cpu"] else float("nan"),
                       rd["latency_ms"]["p50"] - dd["latency_ms"]["p50"],
                       rd["latency_ms"]["p99"] - dd["latency_ms"]["p99"],
                       rd["first_frame_ms"]["p99"], dd["first_frame_ms"]["p99"], sess))
print("relay against direct, same run:")
print("\n".join(summary))
cf = sorted(json.load(open(c))["first_frame_ms"]["p50"] for c in cold)
print("cold start (first viewer of an idle upstream, %d tries): first frame %s ms" %
      (len(cf), " ".join("%.0f" % x for x in cf)))
d = j("cold-400")
print("cold start, 400 viewers at once: %d/400 served, worst %s, first frame p50/p99 %.0f/%.0f ms,"
      " latency p50/p99 %.2f/%.2f ms, RSS %.1f MB%s" % (
          d["served"], "%d (%.4f)" % (d["worst"]["frames"], d["worst"]["ratio"]) if d["worst"] else "-",
          d["first_frame_ms"]["p50"], d["first_frame_ms"]["p99"], d["latency_ms"]["p50"],
          d["latency_ms"]["p99"], d["watch"]["server"]["rss_kb"] / 1024,
          "; errors: " + "; ".join(d["errors"]) if d["errors"] else ""))
PY
