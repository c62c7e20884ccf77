#!/usr/bin/env bash
# vestibule-relay against the simulated door phone and real clients, in
# about two and a half minutes:
#   eval "$(VESTIBULE_VAR=... VESTIBULE_PORT=... VESTIBULE_BUILD=... bash conf/devstack.sh env)"
#   tests/relay/relay.sh PATH/TO/vestibule-relay PATH/TO/vestibule-devsim
# Needs a running dev stack (its database, its API to add the cameras, its
# key), python3, curl, ffprobe/ffmpeg and gst-launch-1.0 (gstreamer1.0-libav).
# Builds nothing. RELAY_KEEP=1 keeps the logs. Prints "N passed, N failed"
# last; exits non-zero on any failure.
#
# What it checks:
#   - ffprobe (TCP) sees H.264 and PCMU; GStreamer's rtspsrc decodes over TCP
#     and UDP, with the token in the URL and as digest credentials;
#   - no token, a forged one, an expired one, another source's -> 401 with
#     a Digest challenge; monitoring off -> 403; an unknown source -> 404;
#   - 2 and then 20 viewers at once are one session at the door phone; 50
#     at once (tests/bench/relay/rtsp_load.c) all served, every frame, the
#     first one within 200 ms;
#   - a late joiner's first packet is the keyframe, within 200 ms of PLAY;
#   - RTP-Info in the PLAY reply names each track's first packet; RTCP
#     sender reports per track, in time, with the right counts;
#   - devsim /stop and /start, and devsim killed and started again: the
#     connected viewer keeps its session and gets frames again within 3 s
#     of the door phone's return, numbering continuous;
#   - the linger stops the upstream after the last viewer; metrics;
#   - viewers coming and going while the upstream starts and stops;
#   - the installer changes the camera's URL while it is watched: a new pull,
#     the viewer goes on; turns monitoring off: the viewer is cut, and a new
#     one refused;
#   - SIGTERM.
set -u
. "$(dirname "$0")/../lib/check.sh"
RELAY=$(realpath "${1:?usage: relay.sh PATH/TO/vestibule-relay PATH/TO/vestibule-devsim}")
DEVSIM=$(realpath "${2:?usage: relay.sh PATH/TO/vestibule-relay PATH/TO/vestibule-devsim}")
HERE=$(cd "$(dirname "$0")" && pwd)
: "${VB_CONF:?run under the dev stack env (conf/devstack.sh env)}"
: "${VB_ADMIN:?run under the dev stack env (conf/devstack.sh env)}"
work_dir relay-test RELAY_KEEP
LINGER=3



need_tools python3 curl ffprobe ffmpeg gst-launch-1.0

read -r DPORT DSPORT RPORT MPORT <<< "$(free_ports 4)"
status() { curl -s --max-time 5 "http://127.0.0.1:$DSPORT/$1"; }
jget() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
metric() { curl -s --max-time 5 "http://127.0.0.1:$MPORT/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# The door phone, and two cameras on it (the second with monitoring off).
CACHE=()
[ -n "${DEVSIM_CACHE_DIR:-}" ] && CACHE=(--cache-dir "$DEVSIM_CACHE_DIR")
start_devsim() { # (again) on the same ports; sets DEVSIM_PID; 1 if it did not start
	"$DEVSIM" "${CACHE[@]}" --port "$DPORT" --status-port "$DSPORT" --user admin --password 's3cret' \
		> "$WORK/devsim.out" 2>> "$WORK/devsim.err" &
	DEVSIM_PID=$!
	PIDS+=("$DEVSIM_PID")
	for _ in $(seq 600); do grep -q ready "$WORK/devsim.out" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}
start_devsim || { fail "devsim starts" "$(tail -3 "$WORK/devsim.err")"; finish; }

cat > "$WORK/setup.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from vbtest import installer_client, premium_site, new_camera, expect
inst, ic = installer_client()
site = premium_site(ic)
url = "rtsp://admin:s3cret@127.0.0.1:%s/live/ch00_0" % sys.argv[2]
a = new_camera(ic, site["id"], rtsp_url=url)
b = new_camera(ic, site["id"], rtsp_url=url)
expect(ic.patch("/api/devices/cameras/%d" % b["id"], {"allow_monitoring": False}), 200)
print(a["id"], b["id"])
with open(sys.argv[3], "w") as f:
    f.write("%s %s %s" % (inst.id, inst.email, inst.password))
PY
read -r CAM OFF <<< "$(python3 "$WORK/setup.py" "$HERE/../integration" "$DPORT" "$WORK/installer" 2> "$WORK/setup.err")"
[ -n "${OFF:-}" ] || { fail "cameras added through the API" "$(tail -3 "$WORK/setup.err")"; finish; }
ok "cameras c$CAM and c$OFF (monitoring off) added through the API"

# Tokens: the admin's for the real checks, hand-made ones for the refusals.
cat > "$WORK/token.py" <<'PY'
import base64, hashlib, hmac, sys
sys.path.insert(0, sys.argv[1])
from vbtest import platform_key
source, viewer, expiry = sys.argv[2], sys.argv[3], int(sys.argv[4])
secret = hmac.new(platform_key(), b"vestibule stream tokens v1", hashlib.sha256).digest()
mac = base64.urlsafe_b64encode(hmac.new(secret, ("vs1\n%s\n%s\n%d" % (source, viewer, expiry)).encode(),
                                        hashlib.sha256).digest()).rstrip(b"=").decode()
print("%s.%d.%s" % (viewer, expiry, mac))
PY
token() { python3 "$WORK/token.py" "$HERE/../integration" "$@"; }
TOK=$("$VB_ADMIN" --config "$VB_CONF" stream-url "c$CAM" | sed 's/.*token=//')
BASE=rtsp://127.0.0.1:$RPORT/s
URL="$BASE/c$CAM?token=$TOK"

"$RELAY" --config "$VB_CONF" --listen "127.0.0.1:$RPORT" --metrics "127.0.0.1:$MPORT" \
	--linger "$LINGER" > "$WORK/relay.out" 2> "$WORK/relay.err" &
RELAY_PID=$!
PIDS+=("$RELAY_PID")
for _ in $(seq 100); do grep -q ready "$WORK/relay.out" 2>/dev/null && break; sleep 0.1; done
check "relay starts" grep -q ready "$WORK/relay.out"

# Real clients.
ffprobe -v error -rtsp_transport tcp -show_entries stream=codec_name,codec_type -of csv=p=0 \
	"$URL" > "$WORK/ffprobe.txt" 2>&1
check "ffprobe over TCP: H.264 video ($(tr '\n' ' ' < "$WORK/ffprobe.txt"))" \
	grep -qx 'h264,video' "$WORK/ffprobe.txt"
check "ffprobe over TCP: PCMU audio" grep -qx 'pcm_mulaw,audio' "$WORK/ffprobe.txt"
gst() { # gst PROTOCOLS URL [rtspsrc options]: decodes 50 frames
	# 50 frames decoded = the pipeline reached EOS (fakesink num-buffers).
	# What rtspsrc reports while tearing down after that is left out: on a
	# loaded machine its PAUSE after EOS can race the close (seen with
	# devsim's gst-rtsp-server too).
	local proto=$1 url=$2; shift 2
	timeout 20 gst-launch-1.0 rtspsrc location="$url" protocols="$proto" latency=100 "$@" \
		! rtph264depay ! avdec_h264 ! fakesink num-buffers=50 sync=false 2>&1 |
		grep -q 'Got EOS from element "pipeline0"'
}
check "gst rtspsrc over TCP decodes 50 frames" gst tcp "$URL"
check "gst rtspsrc over UDP decodes 50 frames" gst udp "$URL"
USER_=${TOK%.*}
MAC=${TOK##*.}
check "gst rtspsrc with the token as digest credentials decodes" \
	gst tcp "$BASE/c$CAM" user-id="$USER_" user-pw="$MAC"
timeout 20 ffmpeg -v error -rtsp_transport tcp -i "$URL" -t 4 -c copy -f null - \
	> "$WORK/ffmpeg.txt" 2>&1
check "ffmpeg over TCP: 4 s without an error" test ! -s "$WORK/ffmpeg.txt"

# Refusals.
view() { python3 "$HERE/viewer.py" "$@"; }
desc() { view "$1" 1 | jget "j['status']['describe'], 'Digest' in j['www_authenticate']"; }
NOW=$(date +%s)
R=$(desc "$BASE/c$CAM")
check "no token: 401 with a Digest challenge ($R)" test "$R" = "401 True"
R=$(desc "$BASE/c$CAM?token=${TOK%?}A")
[ "${TOK: -1}" = A ] && R=$(desc "$BASE/c$CAM?token=${TOK%?}B")
check "forged token: 401 ($R)" test "$R" = "401 True"
R=$(desc "$BASE/c$CAM?token=$(token "c$CAM" i1 $((NOW - 5)))")
check "expired token: 401 ($R)" test "$R" = "401 True"
R=$(desc "$BASE/c$CAM?token=$(token "c$OFF" i1 $((NOW + 300)))")
check "another source's token: 401 ($R)" test "$R" = "401 True"
R=$(desc "$BASE/c$OFF?token=$(token "c$OFF" i1 $((NOW + 300)))")
check "monitoring off: 403 ($R)" test "$R" = "403 False"
R=$(desc "$BASE/c999999?token=$(token c999999 i1 $((NOW + 300)))")
check "unknown source: 404 ($R)" test "$R" = "404 False"

# Two and then twenty viewers, one upstream session.
for i in 1 2; do
	timeout 30 ffmpeg -v error -rtsp_transport tcp -i "$URL" -t 5 -c copy -f null - \
		> "$WORK/w$i.txt" 2>&1 &
	VP[$i]=$!
done
sleep 3
SESS=$(status status | jget "j['sessions']['current']")
VIEW=$(metric "relay_viewers{source=\"c$CAM\"}")
check "2 viewers: $VIEW relay sessions, $SESS session(s) at the door phone" \
	test "$SESS" = 1 -a "$VIEW" = 2
TOTAL2=$(status status | jget "j['sessions']['total']")
for i in 1 2; do wait "${VP[$i]}"; done
for i in $(seq 20); do
	timeout 30 ffmpeg -v error -rtsp_transport tcp -i "$URL" -t 8 -c copy -f null - \
		> "$WORK/v$i.txt" 2>&1 &
	VP[$i]=$!
done
sleep 5
SESS=$(status status | jget "j['sessions']['current']")
VIEW=$(metric "relay_viewers{source=\"c$CAM\"}")
TOTAL20=$(status status | jget "j['sessions']['total']")
check "20 viewers: $VIEW relay sessions, $SESS session(s) at the door phone, the same as the 2 viewers' (sessions ever: $TOTAL2, $TOTAL20)" \
	test "$SESS" = 1 -a "$VIEW" = 20 -a "$TOTAL2" = "$TOTAL20"
BAD=0
for i in $(seq 20); do wait "${VP[$i]}" || BAD=$((BAD + 1)); done
check "the 20 viewers ran 8 s and exited 0 ($BAD failed)" test "$BAD" = 0

# Fifty viewers connecting in the same instant (the benchmark's viewers,
# tests/bench/relay/rtsp_load.c): every one served, no frame lost, each
# one's first whole keyframe within 200 ms of its PLAY.
if cc -O2 -o "$WORK/rtsp_load" "$HERE/../bench/relay/rtsp_load.c" 2> "$WORK/cc.err"; then
	"$WORK/rtsp_load" --url "$URL" --viewers 50 --duration 10 --warmup 3 > "$WORK/load.json" 2> "$WORK/load.err"
	R=$(jget "j['served'], j['worst'] and j['worst']['ratio'], j['first_frame_ms']['p99'], j['latency_ms']['p50'], j['errors']" < "$WORK/load.json")
	check "50 viewers at once: served, worst viewer's frames received/sent, first frame p99 ms, latency p50 ms, errors: $R" \
		jget "1/0 if not (j['served'] == 50 and j['worst']['ratio'] == 1 and j['first_frame_ms']['n'] == 50 and j['first_frame_ms']['p99'] <= 200) else 1" < "$WORK/load.json"
else
	fail "rtsp_load builds" "$(tail -3 "$WORK/cc.err")"
fi

# A late joiner: the GOP goes first.
view "$URL" 2 > "$WORK/late.json"
R=$(jget "j['first_nal'], j['first_key_ms'], j['seq_jumps']" < "$WORK/late.json")
check "late joiner: first video NAL, first keyframe ms, seq jumps: $R (SPS/SEI/IDR within 200 ms)" \
	jget "1/0 if not (j['first_key_ms'] is not None and j['first_key_ms'] <= 200 and j['seq_jumps'] == 0 and j['first_nal'] in (5, 6, 7)) else 1" < "$WORK/late.json"

# RTP-Info in the PLAY reply (RFC 2326 12.33) and RTCP sender reports
# (RFC 3550 6.4.1), so players sync audio and video from the start.
view "$URL" 7 > "$WORK/rtcp.json"
R=$(jget "[(t['media'], t['rtp_info'], t['first']) for t in j['tracks']]" < "$WORK/rtcp.json")
check "RTP-Info names the first packet of each track (RTP-Info, first packet: $R)" \
	python3 -c "
import json
j = json.load(open('$WORK/rtcp.json'))
v = [t for t in j['tracks'] if t['media'] == 'video'][0]
assert v['rtp_info'] is not None and v['rtp_info'] == v['first']
assert all(t['rtp_info'] in (None, t['first']) for t in j['tracks'])"
R=$(jget "[(t['media'], [s['t'] for s in t['srs']], max([abs(s['ntp_minus_local_ms']) for s in t['srs']] or [None])) for t in j['tracks']], j['rtcp_bad']" < "$WORK/rtcp.json")
check "sender reports: one per track within 6 s, NTP within 1 s of the viewer's clock (track, SR at s, max |NTP - local| ms: $R)" \
	python3 -c "
import json
j = json.load(open('$WORK/rtcp.json'))
assert not j['rtcp_bad']
for t in j['tracks']:
    assert any(s['t'] <= 6 for s in t['srs'])
    assert all(abs(s['ntp_minus_local_ms']) <= 1000 for s in t['srs'])"
R=$(jget "[(t['media'], [s.get('after_newest_ms') for s in t['srs']], [(s['packets'], s['received_packets']) for s in t['srs']]) for t in j['tracks']]" < "$WORK/rtcp.json")
# The first reports come before the first packets (nothing to compare).
check "sender reports: rtptime within 100 ms after the newest packet, SSRC, counts of what was received (track, ms, (packets, received): $R)" \
	python3 -c "
import json
j = json.load(open('$WORK/rtcp.json'))
for t in j['tracks']:
    assert any(s.get('after_newest_ms') is not None for s in t['srs'])
    for s in t['srs']:
        assert s['cname']
        assert (s['packets'], s['octets']) == (s['received_packets'], s['received_octets'])
        if s['received_packets']:
            assert s['ssrc_ok'] and -5 <= s['after_newest_ms'] <= 100"

# back_within_3s WHAT VIEWER-JSON T_START: the viewer (viewer.py) that
# watched across an outage got video again within 3 s of the door phone's
# return at T_START (no gap ending after it: the outage was under
# viewer.py's 1 s), kept its numbering and its session, and ended at full
# rate.
back_within_3s() {
	local what=$1 json=$2 t=$3 r
	r=$(python3 -c "
import json
j = json.load(open('$json'))
g = [x for x in j['gaps'] if x['to'] > $t]
print(round(g[0]['to'] - $t, 2) if g else None, j['seq_jumps'], j.get('error'), j['per_sec'][-3:])")
	check "$what: the viewer got frames again (s after the return, seq jumps, error, video packets/s of the last 3 s: $r)" \
		python3 -c "
import json
j = json.load(open('$json'))
g = [x for x in j['gaps'] if x['to'] > $t]
assert (not g or g[0]['to'] - $t <= 3.0) and j['seq_jumps'] == 0 and 'error' not in j
assert min(j['per_sec'][-3:]) >= 20"
}

# The door phone goes away and comes back: the viewer stays.
view "$URL" 22 > "$WORK/restart.json" &
VR=$!
sleep 4
status stop > /dev/null
sleep 5
T_START=$(date +%s.%N)
status start > /dev/null
wait "$VR"
back_within_3s "devsim stopped 5 s" "$WORK/restart.json" "$T_START"

# The door phone's process is killed and started again at once (a crash
# and a respawn): the viewer stays.
view "$URL" 12 > "$WORK/kill.json" &
VR=$!
sleep 4
disown "$DEVSIM_PID"   # no "Killed" from bash
kill -KILL "$DEVSIM_PID"
while kill -0 "$DEVSIM_PID" 2> /dev/null; do sleep 0.05; done
start_devsim
T_START=$(date +%s.%N)
wait "$VR"
back_within_3s "devsim killed and started again" "$WORK/kill.json" "$T_START"
RC=$(metric "relay_upstream_reconnects_total{source=\"c$CAM\"}")
check "metrics count the reconnects ($RC)" test "${RC:-0}" -ge 2

# The linger: the upstream stops after the last viewer.
sleep $((LINGER + 2))
SESS=$(status status | jget "j['sessions']['current']")
ST=$(metric "relay_upstream_state{source=\"c$CAM\",state=\"idle\"}")
check "linger ${LINGER} s: door phone sessions $SESS, upstream idle $ST" test "$SESS" = 0 -a "$ST" = 1
for m in relay_sessions_total relay_connections "relay_bytes_out_total{source=\"c$CAM\"}" \
	"relay_dropped_packets_total{source=\"c$CAM\"}"; do
	echo "    $m $(metric "$m")"
done

# Viewers coming and going while the upstream starts and stops: 100 that
# hang up after 0-0.8 s (connecting, parked in DESCRIBE while the upstream
# starts, in SETUP, playing) and come back after 0-0.3 s, from an idle
# upstream; then one that stays 0.8-1.5 s and is away 4.1-6 s, longer than
# the 3 s linger (which GLib's second timer fires within 4 s), so each
# visit after the first pulls anew. No viewer may be refused or cut, and
# the relay serves on.
if [ -x "$WORK/rtsp_load" ]; then
	"$WORK/rtsp_load" --url "$URL" --viewers 100 --duration 8 --warmup 7 --churn 0 800 0 300 \
		> "$WORK/churn1.json" 2> "$WORK/churn1.err"
	T0=$(status status | jget "j['sessions']['total']")
	"$WORK/rtsp_load" --url "$URL" --viewers 1 --duration 22 --warmup 21 --churn 800 1500 4100 6000 \
		> "$WORK/churn2.json" 2> "$WORK/churn2.err"
	PULLS=$(( $(status status | jget "j['sessions']['total']") - T0 ))
	for k in 1 2; do
		R=$(jget "j['churn']['cycles'], j['churn']['played'], j['churn']['failures'], j['churn']['errors']" < "$WORK/churn$k.json")
		MORE=
		[ "$k" = 2 ] && MORE="; upstream pulls $PULLS"
		check "churn $k: viewers' visits, visits that played, failures, errors: $R$MORE" \
			jget "1/0 if not (j['churn']['failures'] == 0 and j['churn']['played'] >= (500 if $k == 1 else 3) and ($k == 1 or $PULLS >= 2)) else 1" < "$WORK/churn$k.json"
	done
	view "$URL" 2 > "$WORK/after-churn.json"
	R=$(jget "j['first_key_ms'], j['video_packets']" < "$WORK/after-churn.json")
	check "after the churn a viewer gets video (first keyframe ms, video packets: $R)" \
		jget "1/0 if not (j['first_key_ms'] is not None and j['video_packets'] > 20) else 1" < "$WORK/after-churn.json"
fi

# The installer changes the camera while it is watched (PATCH through the
# API as the camera's installer).
cat > "$WORK/patch.py" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1])
from vbtest import Account, sign_in, expect
aid, email, password = open(sys.argv[2]).read().split(" ", 2)
c = sign_in(Account(int(aid), "installer", email, password))
expect(c.patch("/api/devices/cameras/%s" % sys.argv[3], json.loads(sys.argv[4])), 200)
PY
patch_cam() { python3 "$WORK/patch.py" "$HERE/../integration" "$WORK/installer" "$CAM" "$1"; }
view "$URL" 14 > "$WORK/change.json" &
VR=$!
sleep 4
T0=$(status status | jget "j['sessions']['total']")
patch_cam "{\"rtsp_url\": \"rtsp://admin:s3cret@localhost:$DPORT/live/ch00_0\"}"
wait "$VR"
T1=$(status status | jget "j['sessions']['total']")
R=$(jget "j['seq_jumps'], j.get('error'), j['per_sec'][-4:]" < "$WORK/change.json")
check "new camera URL while watched: a new pull (door phone sessions ever $T0 -> $T1), the viewer goes on (seq jumps, error, video packets/s of the last 4 s: $R)" \
	python3 -c "
import json
j = json.load(open('$WORK/change.json'))
assert $T1 == $T0 + 1 and j['seq_jumps'] == 0 and 'error' not in j and min(j['per_sec'][-4:]) >= 20"
view "$URL" 20 > "$WORK/revoke.json" &
VR=$!
sleep 3
patch_cam '{"allow_monitoring": false}'
T0=$(date +%s%N)
wait "$VR"
MS=$(( ($(date +%s%N) - T0) / 1000000 ))
R=$(jget "j.get('error'), j['video_packets']" < "$WORK/revoke.json")
check "monitoring turned off while watched: the viewer is cut ${MS} ms later (error, video packets: $R)" \
	test "$MS" -le 7000 -a "${R%% *}" = closed
R=$(desc "$URL")
check "monitoring turned off: a new viewer gets 403 ($R)" test "$R" = "403 False"

kill -TERM "$RELAY_PID"
T0=$(date +%s%N)
wait "$RELAY_PID"
RC=$?
check "SIGTERM: exit $RC after $(( ($(date +%s%N) - T0) / 1000000 )) ms" test "$RC" = 0
clean_log "$WORK/relay.err"
finish
