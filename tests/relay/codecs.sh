#!/usr/bin/env bash
# vestibule-relay passes H.265, AAC, Opus and PCMA through (relay.sh covers
# H.264 + PCMU), against three simulated door phones and real clients, in
# about a minute:
#   eval "$(VESTIBULE_VAR=... VESTIBULE_PORT=... VESTIBULE_BUILD=... bash conf/devstack.sh env)"
#   tests/relay/codecs.sh PATH/TO/vestibule-relay PATH/TO/vestibule-devsim
# Needs a running dev stack (its database, its API to add the cameras, its
# key), python3, curl, ffprobe/ffmpeg and gst-launch-1.0 (gstreamer1.0-libav for
# avdec_h264, avdec_h265 and avdec_aac; opusdec and alawdec are in -base and
# -good). Builds nothing. Set DEVSIM_CACHE_DIR to reuse devsim's clips (the
# H.265 ones take a few seconds to make), RELAY_KEEP=1 to keep the logs.
# Prints "N passed, N failed" last; exits non-zero on any failure.
#
# What it checks, for each door phone (H.265 + Opus, H.264 + AAC,
# H.265 + PCMA), through the relay:
#   - ffprobe over TCP names the video and the audio codec; ffmpeg decodes
#     5 s of both without an error;
#   - GStreamer's rtspsrc decodes video frames and audio buffers, over TCP
#     and over UDP, with the codec's own depayloader and decoder;
#   - a late joiner (tests/relay/viewer_h265.py, the upstream already
#     running) gets the keyframe first: its first video NAL unit is a
#     parameter set, the SEI before it or the IDR slice, the keyframe within
#     200 ms of PLAY, sequence numbers continuous, devsim's send-time SEI on
#     every frame, and audio packets with the codec's RTP timestamp step.
set -u
. "$(dirname "$0")/../lib/check.sh"
RELAY=$(realpath "${1:?usage: codecs.sh PATH/TO/vestibule-relay PATH/TO/vestibule-devsim}")
DEVSIM=$(realpath "${2:?usage: codecs.sh PATH/TO/vestibule-relay PATH/TO/vestibule-devsim}")
HERE=$(cd "$(dirname "$0")" && pwd)
: "${VB_CONF:?run under the dev stack env (conf/devstack.sh env)}"
: "${VB_ADMIN:?run under the dev stack env (conf/devstack.sh env)}"
work_dir relay-codecs RELAY_KEEP



need_tools python3 curl ffprobe ffmpeg gst-launch-1.0

read -r RPORT MPORT P1 P2 P3 <<< "$(free_ports 5)"

# The door phones, one per codec pair: NAME VIDEO AUDIO PORT. Started at
# once (the H.265 clips are made by ffmpeg's x265 at the first run).
NAMES=(hevc_opus avc_aac hevc_pcma)
declare -A VIDEO=([hevc_opus]=h265 [avc_aac]=h264 [hevc_pcma]=h265)
declare -A AUDIO=([hevc_opus]=opus [avc_aac]=aac [hevc_pcma]=pcma)
declare -A PORT=([hevc_opus]=$P1 [avc_aac]=$P2 [hevc_pcma]=$P3)
CACHE=()
[ -n "${DEVSIM_CACHE_DIR:-}" ] && CACHE=(--cache-dir "$DEVSIM_CACHE_DIR")
for n in "${NAMES[@]}"; do
	"$DEVSIM" "${CACHE[@]}" --port "${PORT[$n]}" --user admin --password 's3cret' \
		--video "${VIDEO[$n]}" --audio "${AUDIO[$n]}" --shards 1 \
		> "$WORK/devsim-$n.out" 2> "$WORK/devsim-$n.err" &
	PIDS+=($!)
done
for n in "${NAMES[@]}"; do
	for _ in $(seq 600); do grep -q ready "$WORK/devsim-$n.out" 2>/dev/null && break; sleep 0.1; done
	check "devsim $n (${VIDEO[$n]} + ${AUDIO[$n]}) starts" grep -q ready "$WORK/devsim-$n.out"
done
[ "$FAIL" -eq 0 ] || { tail -3 "$WORK"/devsim-*.err; finish; }

# A premium site of a new installer, a camera on each door phone.
cat > "$WORK/setup.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from vbtest import installer_client, premium_site, new_camera
inst, ic = installer_client()
site = premium_site(ic)
print(" ".join(str(new_camera(ic, site["id"], rtsp_url="rtsp://admin:s3cret@127.0.0.1:%s/live/ch00_0" % p)["id"])
               for p in sys.argv[2:]))
PY
read -r C1 C2 C3 <<< "$(python3 "$WORK/setup.py" "$HERE/../integration" "$P1" "$P2" "$P3" 2> "$WORK/setup.err")"
[ -n "${C3:-}" ] || { fail "cameras added through the API" "$(tail -3 "$WORK/setup.err")"; finish; }
ok "cameras c$C1, c$C2, c$C3 added through the API"
declare -A CAM=([hevc_opus]=$C1 [avc_aac]=$C2 [hevc_pcma]=$C3)
declare -A URL
for n in "${NAMES[@]}"; do
	TOK=$("$VB_ADMIN" --config "$VB_CONF" stream-url "c${CAM[$n]}" | sed 's/.*token=//')
	URL[$n]="rtsp://127.0.0.1:$RPORT/s/c${CAM[$n]}?token=$TOK"
done

"$RELAY" --config "$VB_CONF" --listen "127.0.0.1:$RPORT" --metrics "127.0.0.1:$MPORT" \
	--linger 10 > "$WORK/relay.out" 2> "$WORK/relay.err" &
RELAY_PID=$!
PIDS+=("$RELAY_PID")
for _ in $(seq 100); do grep -q ready "$WORK/relay.out" 2>/dev/null && break; sleep 0.1; done
check "relay starts" grep -q ready "$WORK/relay.out"

# What each codec is called by each client.
declare -A FF=([h264]=h264 [h265]=hevc [opus]=opus [aac]=aac [pcma]=pcm_alaw)
declare -A RTPMAP=([h264]=H264 [h265]=H265 [opus]=OPUS [aac]=MPEG4-GENERIC [pcma]=PCMA)
declare -A VDEC=([h264]="rtph264depay ! avdec_h264" [h265]="rtph265depay ! avdec_h265")
# Audio buffers decoded in about a second: 20 ms Opus and G.711 packets,
# 1024-sample AAC frames at 16 kHz.
declare -A ADEC=([opus]="rtpopusdepay ! opusdec" [aac]="rtpmp4gdepay ! avdec_aac"
	[pcma]="rtppcmadepay ! alawdec")
declare -A ABUFS=([opus]=50 [aac]=16 [pcma]=50)
# RTP timestamp step of one audio packet (RFC 7587: Opus always at 48 kHz).
declare -A ASTEP=([opus]=960 [aac]=1024 [pcma]=160)
# First video NAL unit a joiner may get: H.264 SEI, SPS, PPS, AUD, IDR;
# H.265 VPS, SPS, PPS, prefix SEI, AUD, IRAP.
declare -A FIRST=([h264]="6 7 8 9 5" [h265]="32 33 34 39 35 16 17 18 19 20 21")

gst() { # gst PROTOCOL URL VIDEO AUDIO: decodes 25 frames and ABUFS audio buffers
	# Both fakesinks at EOS (num-buffers) = the pipeline's EOS. What
	# rtspsrc reports while tearing down after that is left out (see
	# relay.sh).
	timeout 20 gst-launch-1.0 rtspsrc name=src location="$2" protocols="$1" latency=100 \
		src. ! ${VDEC[$3]} ! fakesink num-buffers=25 sync=false \
		src. ! ${ADEC[$4]} ! fakesink num-buffers="${ABUFS[$4]}" sync=false 2>&1 |
		grep -q 'Got EOS from element "pipeline0"'
}

for n in "${NAMES[@]}"; do
	v=${VIDEO[$n]} a=${AUDIO[$n]} url=${URL[$n]}
	echo "# $n: c${CAM[$n]}, devsim $v + $a"
	timeout 20 ffprobe -v error -rtsp_transport tcp -show_entries stream=codec_name,codec_type \
		-of csv=p=0 "$url" > "$WORK/ffprobe-$n.txt" 2>&1
	check "$n: ffprobe over TCP: ${FF[$v]} video, ${FF[$a]} audio ($(tr '\n' ' ' < "$WORK/ffprobe-$n.txt"))" \
		grep -qx "${FF[$v]},video" "$WORK/ffprobe-$n.txt"
	grep -qx "${FF[$a]},audio" "$WORK/ffprobe-$n.txt" || fail "$n: ffprobe audio is ${FF[$a]}"
	for proto in tcp udp; do
		check "$n: gst rtspsrc over ${proto^^} decodes 25 frames (${VDEC[$v]##* }) and ${ABUFS[$a]} audio buffers (${ADEC[$a]##* })" \
			gst "$proto" "$url" "$v" "$a"
	done

	# ffmpeg decodes 5 s of both tracks without an error, and meanwhile
	# keeps the upstream playing for a late joiner.
	timeout 20 ffmpeg -nostdin -v error -rtsp_transport tcp -i "$url" -t 5 -f null - \
		> "$WORK/ffmpeg-$n.txt" 2>&1 &
	BG=$!
	sleep 1.3
	python3 "$HERE/viewer_h265.py" "$url" 2 > "$WORK/late-$n.json" 2> "$WORK/late-$n.err"
	R=$(python3 -c "
import json; j = json.load(open('$WORK/late-$n.json'))
print(j.get('codecs'), j.get('first_nals', [None])[:4], j.get('first_key_ms'), j.get('seq_jumps'),
      j.get('frames'), j.get('sei'), j.get('audio_packets'), j.get('audio_ts_step'))" 2>&1)
	check "$n: late joiner (codecs, first NAL types, first keyframe ms, seq jumps, frames, SEIs, audio packets, audio step: $R)" \
		python3 -c "
import json
j = json.load(open('$WORK/late-$n.json'))
assert 'error' not in j and j['status'].get('play') == 200
assert j['codecs'] == {'video': '${RTPMAP[$v]}', 'audio': '${RTPMAP[$a]}'}, j['codecs']
assert j['first_nals'] and j['first_nals'][0] in (${FIRST[$v]// /, }), j['first_nals']
assert j['first_key_ms'] is not None and j['first_key_ms'] <= 200
assert j['seq_jumps'] == 0 and j['frames'] >= 40
assert j['sei'] >= j['frames'] - 1 and j['sei_increasing']
assert j['audio_packets'] >= 20 and j['audio_ts_step'] == ${ASTEP[$a]}"
	wait "$BG"
	RC=$?
	check "$n: ffmpeg over TCP decodes 5 s of video and audio without an error (exit $RC)" \
		test "$RC" = 0 -a ! -s "$WORK/ffmpeg-$n.txt"
done

kill -TERM "$RELAY_PID"
wait "$RELAY_PID"
RC=$?
check "relay SIGTERM: exit $RC" test "$RC" = 0
clean_log "$WORK/relay.err"
finish
