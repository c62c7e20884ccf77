#!/usr/bin/env bash
# Smoke test of vestibule-devsim with real clients, in under a minute.
#   tests/devsim/smoke.sh PATH/TO/vestibule-devsim
# Builds nothing. Needs python3, curl, ffmpeg (ffprobe) and gst-launch-1.0
# with gstreamer1.0-libav. Set DEVSIM_CACHE_DIR to reuse the clip between
# runs (it is made in a few seconds otherwise), DEVSIM_SMOKE_KEEP=1 to keep
# the logs. Prints "N passed, N failed" last; exits non-zero on any failure.
set -u
. "$(dirname "$0")/../lib/check.sh"
BIN=$(realpath "${1:?usage: smoke.sh PATH/TO/vestibule-devsim}")
work_dir devsim-smoke DEVSIM_SMOKE_KEEP
CACHE=${DEVSIM_CACHE_DIR:-$WORK/cache}



need_tools python3 curl ffprobe ffmpeg gst-launch-1.0

# The RTSP viewer used below: DESCRIBE (digest), SETUP over TCP, PLAY, read.
cat > "$WORK/view.py" <<'PY'
import argparse, asyncio, hashlib, json, re, struct, sys, time
from urllib.parse import urlsplit

UUID = b"vestibule.devsim"


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


class Viewer:
    def __init__(self, url, user, password, measure):
        u = urlsplit(url)
        self.host, self.port = u.hostname, u.port or 554
        self.url = "rtsp://%s:%d%s" % (self.host, self.port, u.path)
        self.user, self.password = user, password
        self.measure = measure
        self.cseq, self.auth, self.session = 0, None, None
        self.bytes, self.frames, self.lost = 0, 0, 0
        self.keyframe_ms, self.closed_s, self.error = None, None, None
        self.seq, self.lat, self.sei = {}, [], []

    async def request(self, method, uri, headers=None):
        for _ in range(2):
            self.cseq += 1
            h = {"CSeq": str(self.cseq)}
            if self.session:
                h["Session"] = self.session
            if self.auth:
                realm, nonce = self.auth
                ha1 = md5("%s:%s:%s" % (self.user, realm, self.password))
                resp = md5("%s:%s:%s" % (ha1, nonce, md5("%s:%s" % (method, uri))))
                h["Authorization"] = ('Digest username="%s", realm="%s", nonce="%s", uri="%s", '
                                      'response="%s"' % (self.user, realm, nonce, uri, resp))
            h.update(headers or {})
            self.w.write(("%s %s RTSP/1.0\r\n%s\r\n" % (
                method, uri, "".join("%s: %s\r\n" % kv for kv in h.items()))).encode())
            await self.w.drain()
            code, hdrs, body = await self.response()
            if code == 401 and self.user and self.auth is None:
                m = re.search(r'Digest\s+realm="([^"]*)".*?nonce="([^"]*)"', hdrs.get("www-authenticate", ""))
                if m:
                    self.auth = (m.group(1), m.group(2))
                    continue
            return code, hdrs, body
        return code, hdrs, body

    async def response(self):
        while (await self.r.readexactly(1)) == b"$":
            ch, n = struct.unpack(">BH", await self.r.readexactly(3))
            await self.r.readexactly(n)
        line = await self.r.readuntil(b"\r\n")
        code = int(line.split()[1])
        hdrs = {}
        while True:
            l = (await self.r.readuntil(b"\r\n")).decode().strip()
            if not l:
                break
            k, _, v = l.partition(":")
            hdrs[k.strip().lower()] = v.strip()
        body = await self.r.readexactly(int(hdrs.get("content-length", 0)))
        return code, hdrs, body.decode(errors="replace")

    async def run(self, seconds, expect):
        try:
            self.r, self.w = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), 10)
            code, hdrs, sdp = await asyncio.wait_for(
                self.request("DESCRIBE", self.url, {"Accept": "application/sdp"}), 10)
            if expect:
                if code != expect:
                    self.error = "DESCRIBE %d" % code
                return
            if code != 200:
                self.error = "DESCRIBE %d" % code
                return
            base = hdrs.get("content-base", self.url + "/").rstrip("/")
            for i, c in enumerate(re.findall(r"^m=.*?^a=control:(\S+)", sdp, re.M | re.S)):
                uri = c if c.startswith("rtsp://") else base + "/" + c
                code, hdrs, _ = await self.request(
                    "SETUP", uri, {"Transport": "RTP/AVP/TCP;unicast;interleaved=%d-%d" % (2 * i, 2 * i + 1)})
                if code != 200:
                    self.error = "SETUP %d" % code
                    return
                self.session = hdrs["session"].split(";")[0]
            code, _, _ = await self.request("PLAY", base, {"Range": "npt=0.000-"})
            if code != 200:
                self.error = "PLAY %d" % code
                return
            self.t_play = time.time()
            await asyncio.wait_for(self.read(), seconds)
        except asyncio.TimeoutError:
            pass
        except Exception as e:
            self.error = type(e).__name__
            if hasattr(self, "t_play"):
                self.closed_s = time.time() - self.t_play
        finally:
            if hasattr(self, "w"):
                self.w.close()

    async def read(self):
        r = self.r
        while not self.measure:
            d = await r.read(65536)
            if not d:
                raise ConnectionError("closed")
            self.bytes += len(d)
        while True:
            if (await r.readexactly(1)) != b"$":
                await r.readuntil(b"\r\n\r\n")
                continue
            ch, n = struct.unpack(">BH", await r.readexactly(3))
            p = await r.readexactly(n)
            self.bytes += n + 4
            if ch % 2:
                continue
            seq = struct.unpack(">H", p[2:4])[0]
            if ch in self.seq:
                self.lost += (seq - self.seq[ch] - 1) & 0xFFFF
            self.seq[ch] = seq
            if ch != 0:
                continue
            pl = p[12 + 4 * (p[0] & 0x0F):]
            nal = pl[0] & 0x1F
            if p[1] & 0x80:
                self.frames += 1
            if nal == 6 and pl[3:19] == UUID:
                m = re.match(rb"t=(\d+) n=(\d+)", pl[19:19 + pl[2] - 16])
                if m:
                    self.sei.append(int(m.group(1)))
                    self.lat.append(time.time() * 1e3 - int(m.group(1)) / 1e3)
            if self.keyframe_ms is None and (nal == 5 or (nal == 28 and (pl[1] & 0x1F) == 5)):
                self.keyframe_ms = (time.time() - self.t_play) * 1000


def pct(v, q):
    v = sorted(v)
    return round(v[min(len(v) - 1, int(q * len(v)))], 2) if v else None


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--viewers", type=int, default=1)
    ap.add_argument("--measure", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--expect-status", type=int)
    a = ap.parse_args()
    vs = [Viewer(a.url, a.user, a.password, i < a.measure) for i in range(a.viewers)]
    await asyncio.gather(*(v.run(a.seconds, a.expect_status) for v in vs))
    m = [v for v in vs if v.measure]
    lat = [x for v in m for x in v.lat]
    print(json.dumps({
        "failed": sum(1 for v in vs if v.error), "errors": sorted({v.error for v in vs if v.error}),
        "min_mbit_s": round(min(v.bytes for v in vs) * 8 / a.seconds / 1e6, 3),
        "frames_min": min((v.frames for v in m), default=0),
        "lost": sum(v.lost for v in m),
        "keyframe_ms_max": max((v.keyframe_ms or 1e9 for v in m), default=None),
        "sei_min": min((len(v.sei) for v in m), default=0),
        "sei_increasing": all(all(b > x for x, b in zip(v.sei, v.sei[1:])) for v in m),
        "latency_ms_p50": pct(lat, 0.5), "latency_ms_p99": pct(lat, 0.99),
        "closed_s": [round(v.closed_s, 2) for v in vs if v.closed_s is not None],
    }))


asyncio.run(main())
PY

# json FILE EXPR: evaluate a Python expression over the JSON document j.
json() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
view() { python3 "$WORK/view.py" "$@"; }
status() { curl -s --max-time 5 "http://127.0.0.1:$SPORT/$1" > "$WORK/status.json"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_devsim NAME ARGS...: start in the background, wait for the ready line.
start_devsim() {
	local name=$1; shift
	"$BIN" --cache-dir "$CACHE" --duration 4 "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
	PID=$!
	PIDS+=("$PID")
	for _ in $(seq 300); do
		grep -q ready "$WORK/$name.out" 2>/dev/null && return 0
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$WORK/$name.err"
	return 1
}

read -r PORT SPORT PORT2 SPORT2 PORT3 <<< "$(free_ports 5)"
URL=rtsp://127.0.0.1:$PORT/live/ch00_0
AUTH=(--user admin --password 's3cret!')
T0=$(date +%s)

if ! start_devsim a --port "$PORT" --status-port "$SPORT" "${AUTH[@]}"; then
	fail "devsim starts (and makes its clip)"
	finish
fi
A=$PID
ok "devsim starts (and makes its clip) in $(( $(date +%s) - T0 )) s"

# Auth: 401 without credentials and with a wrong password.
view "$URL" --expect-status 401 > "$WORK/v.json"
check "401 without credentials" json "$WORK/v.json" "j['failed'] == 0"
view "$URL" --user admin --password wrong --expect-status 401 > "$WORK/v.json"
check "401 with a wrong password" json "$WORK/v.json" "j['failed'] == 0"

# Real clients decode frames: ffprobe over TCP, GStreamer over UDP and TCP.
FRAMES=$(timeout 20 ffprobe -v error -rtsp_transport tcp -select_streams v -count_frames \
	-read_intervals '%+2' -show_entries stream=nb_read_frames -of csv=p=0 \
	"rtsp://admin:s3cret!@127.0.0.1:$PORT/live/ch00_0" 2>&1 | head -1)
check "ffprobe over TCP decodes frames (got $FRAMES)" test "${FRAMES:-0}" -ge 25 2>/dev/null
# gst_decodes PROTO: 25 frames decoded means the pipeline reached EOS (fakesink
# num-buffers); what rtspsrc reports while tearing down after that (a loaded
# machine can see the server's answer to PAUSE race the close) is not about
# decoding, so the exit status alone would make the check flaky.
gst_decodes() {
	timeout 20 gst-launch-1.0 rtspsrc location="$URL" protocols="$1" user-id=admin \
		user-pw='s3cret!' latency=100 ! rtph264depay ! avdec_h264 ! fakesink num-buffers=25 \
		2>&1 | grep -q 'Got EOS from element "pipeline0"'
}
for proto in udp tcp; do
	check "gst rtspsrc over ${proto^^} decodes 25 frames" gst_decodes "$proto"
done

# The loop point (the clip is 4 s): a first viewer decodes 6 s without one
# decoder error, with every frame there.
sleep 0.5
timeout 30 ffmpeg -nostdin -v error -rtsp_transport tcp -i "rtsp://admin:s3cret!@127.0.0.1:$PORT/live/ch00_0" \
	-t 6 -map 0:v -f framemd5 "$WORK/frames.md5" > "$WORK/ff.log" 2>&1
N=$(grep -c '^0,' "$WORK/frames.md5" 2>/dev/null)
if [ ! -s "$WORK/ff.log" ] && [ "${N:-0}" -ge 145 ]; then
	ok "6 s across the loop point: $N frames, no decoder error"
else
	fail "6 s across the loop point" "$N frames; $(head -3 "$WORK/ff.log" | tr '\n' ' ')"
fi

# Send times: an SEI per frame, increasing, received soon after it was sent.
view "$URL" "${AUTH[@]}" --seconds 3 > "$WORK/v.json"
check "SEI send times on every frame, increasing, latency p50 < 20 ms ($(cat "$WORK/v.json"))" \
	json "$WORK/v.json" "j['failed'] == 0 and j['sei_min'] >= 65 and j['sei_increasing'] and j['lost'] == 0 and j['latency_ms_p50'] < 20"

# Session counting: 20 viewers at once, then none.
status status && BEFORE=$(python3 -c "import json; print(json.load(open('$WORK/status.json'))['sessions']['total'])")
view "$URL" "${AUTH[@]}" --viewers 20 --measure 20 --seconds 4 > "$WORK/v20.json" &
VP=$!
sleep 2.5
status status
check "20 viewers: 20 current sessions and connections" json "$WORK/status.json" \
	"j['sessions']['current'] == 20 and j['connections']['current'] == 20"
wait $VP
check "20 viewers all got video" json "$WORK/v20.json" "j['failed'] == 0 and j['frames_min'] >= 60"
sleep 0.5
status status
check "after they leave: 0 current, total +20" json "$WORK/status.json" \
	"j['sessions']['current'] == 0 and j['connections']['current'] == 0 and j['sessions']['total'] == ${BEFORE:-0} + 20"

# 200 viewers at once (2 processes of light readers, 1 measured viewer):
# everyone served, the measured one loses nothing; devsim's CPU per viewer-minute.
LP=()
for i in 1 2; do
	view "$URL" "${AUTH[@]}" --viewers 100 --measure 0 --seconds 13 > "$WORK/l$i.json" &
	LP+=($!)
done
sleep 3
C0=$(cpu_ticks "$A"); S0=$(date +%s.%N)
view "$URL" "${AUTH[@]}" --seconds 8 > "$WORK/m.json"
C1=$(cpu_ticks "$A"); S1=$(date +%s.%N)
status status
wait "${LP[@]}"
RATE=$(python3 -c "print(round(($C1 - $C0) / $(getconf CLK_TCK) / (201 * ($S1 - $S0) / 60), 4))")
check "200 viewers: all served at 2 Mbit/s" python3 -c "
import json, sys
l = [json.load(open('$WORK/l%d.json' % i)) for i in (1, 2)]
sys.exit(0 if all(x['failed'] == 0 and x['min_mbit_s'] > 1.6 for x in l) else 1)"
check "200 viewers: measured viewer got every frame, p99 latency $(python3 -c "import json; print(json.load(open('$WORK/m.json'))['latency_ms_p99'])") ms" \
	json "$WORK/m.json" "j['failed'] == 0 and j['frames_min'] >= 190 and j['lost'] == 0"
check "200 viewers: devsim costs $RATE CPU-s per viewer-minute (< 0.2)" \
	python3 -c "import sys; sys.exit(0 if $RATE < 0.2 else 1)"
check "200 viewers: sessions counted" json "$WORK/status.json" "j['sessions']['current'] == 200"

# Stop and serve again: SIGUSR1 / SIGUSR2, then the HTTP control port.
view "$URL" "${AUTH[@]}" --seconds 4 > "$WORK/v.json" &
VP=$!
sleep 1
kill -USR1 "$A"
sleep 0.3
status status
check "SIGUSR1: not serving, no session left" json "$WORK/status.json" \
	"not j['serving'] and j['sessions']['current'] == 0 and j['connections']['current'] == 0"
view "$URL" "${AUTH[@]}" --seconds 1 > "$WORK/v2.json"
check "SIGUSR1: connections refused" json "$WORK/v2.json" "j['errors'] == ['ConnectionRefusedError']"
wait $VP
check "SIGUSR1: the playing viewer was cut" json "$WORK/v.json" "j['failed'] == 1 and j['closed_s'] and j['closed_s'][0] < 2"
kill -USR2 "$A"
sleep 0.3
view "$URL" "${AUTH[@]}" --seconds 1 > "$WORK/v.json"
check "SIGUSR2: serving again" json "$WORK/v.json" "j['failed'] == 0 and j['frames_min'] >= 15"
status stop
view "$URL" "${AUTH[@]}" --seconds 1 > "$WORK/v.json"
check "POST /stop: connections refused" json "$WORK/v.json" "j['errors'] == ['ConnectionRefusedError']"
status start
view "$URL" "${AUTH[@]}" --seconds 1 > "$WORK/v.json"
check "POST /start: serving again" json "$WORK/v.json" "j['failed'] == 0 and j['frames_min'] >= 15"

# Clean SIGTERM.
kill -TERM "$A"
S0=$(date +%s.%N)
wait "$A"
RC=$?
check "SIGTERM: exit 0 within 2 s (rc $RC)" python3 -c "
import sys; sys.exit(0 if $RC == 0 and $(date +%s.%N) - $S0 < 2 else 1)"

# --drop-after and --exit-after, no auth.
if start_devsim b --port "$PORT2" --status-port "$SPORT2" --drop-after 1.5 --exit-after 5; then
	B=$PID
	view "rtsp://127.0.0.1:$PORT2/live/ch00_0" --viewers 2 --measure 1 --seconds 4 > "$WORK/v.json"
	check "--drop-after 1.5: both viewers cut after 1.5 s" json "$WORK/v.json" \
		"j['failed'] == 2 and len(j['closed_s']) == 2 and all(1.0 < c < 2.5 for c in j['closed_s'])"
	SPORT=$SPORT2 status status
	check "--drop-after: counted as dropped" json "$WORK/status.json" "j['connections']['dropped'] == 2"
	S0=$(date +%s)
	wait "$B"
	check "--exit-after 5: exits 0 by itself" test $? -eq 0
else
	fail "second devsim starts"
fi

# H.265 and Opus: ffprobe decodes H.265 frames and finds the Opus track.
if start_devsim c --port "$PORT3" --video h265 --audio opus; then
	C=$PID
	timeout 20 ffprobe -v quiet -rtsp_transport tcp -count_frames -read_intervals '%+2' \
		-show_entries stream=codec_name,codec_type,nb_read_frames -of csv=p=0 \
		"rtsp://127.0.0.1:$PORT3/live/ch00_0" > "$WORK/h265.txt" 2>&1
	check "--video h265 --audio opus: ffprobe over TCP decodes H.265 and Opus ($(tr '\n' ' ' < "$WORK/h265.txt"))" \
		python3 -c "
import sys
r = {l.split(',')[0]: int(l.split(',')[2]) for l in open('$WORK/h265.txt') if l.count(',') == 2}
sys.exit(0 if r.get('hevc', 0) >= 25 and r.get('opus', 0) >= 50 else 1)"
	kill "$C"
else
	fail "devsim --video h265 --audio opus starts (and makes its clip)"
fi

finish
