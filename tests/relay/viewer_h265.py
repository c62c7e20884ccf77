# viewer_h265.py URL SECONDS: a viewer (rtsp_client.py) that knows H.265
# (RFC 7798) as well as H.264 (RFC 6184), for tests/relay/codecs.sh.
# Prints one JSON summary:
#   codecs          the rtpmap encoding names, "video" and "audio"
#   first_nals      the NAL unit types of the first video packets (the first
#                   unit of an aggregation packet, the unit a fragment carries)
#   first_key_ms    from PLAY to the first keyframe (H.264 IDR 5 or SPS 7;
#                   H.265 IRAP 16-21 or VPS 32), None if none came
#   key_nals        the NAL unit types of the packets from that one on
#   frames          video packets with the marker bit (access units)
#   sei, sei_increasing  devsim send-time SEIs (H.264 type 6, H.265 prefix
#                   SEI 39, user_data_unregistered "vestibule.devsim")
#   audio_packets, audio_ts_step  audio packets and their median RTP
#                   timestamp step
#   seq_jumps       video sequence numbers that are not the previous + 1
#   error           "closed" when the server closed the connection
import json, re, statistics, sys

from rtsp_client import Viewer, main_args, rtp_payload

UUID = b"vestibule.devsim"
url, secs = main_args()
v = Viewer(url)
out = v.out
if v.start() is None:
    print(json.dumps(out))
    sys.exit(0)
out["codecs"] = {t["media"]: t.get("codec") for t in v.tracks}
video_ch = v.channel("video")
audio_ch = v.channel("audio")
h265 = out["codecs"].get("video") == "H265"
t_play = v.t_play


def nal_type(p):
    # The NAL unit type a video RTP payload starts with, and the SEI text
    # if it is a single-NAL-unit devsim SEI.
    if h265:
        t = (p[0] >> 1) & 0x3F
        if t == 48 and len(p) > 4:          # AP: 2-byte header, 2-byte size, NAL
            t = (p[4] >> 1) & 0x3F
        elif t == 49 and len(p) > 2:        # FU: the FU header's type
            t = p[2] & 0x3F
        sei = p[4:20] == UUID and p[2] == 5 and p[:1] == bytes([39 << 1])
        return t, p[20:20 + p[3] - 16] if sei else None
    t = p[0] & 0x1F
    if t == 24 and len(p) > 3:              # STAP-A
        t = p[3] & 0x1F
    elif t == 28 and len(p) > 1:            # FU-A
        t = p[1] & 0x1F
    sei = t == 6 and p[1] == 5 and p[3:19] == UUID
    return t, p[19:19 + p[2] - 16] if sei else None


KEY = set(range(16, 22)) | {32} if h265 else {5, 7}
first_nals, key_nals, first_key, frames, sei, last_seq, seq_jumps = [], [], None, 0, [], None, 0
apk, ats = 0, []
for ch, pkt, now in v.frames(secs):
    if ch == audio_ch:
        apk += 1
        ats.append(int.from_bytes(pkt[4:8], "big"))
    if ch != video_ch:
        continue
    t, text = nal_type(rtp_payload(pkt))
    seq = int.from_bytes(pkt[2:4], "big")
    if last_seq is not None and seq != (last_seq + 1) & 0xFFFF:
        seq_jumps += 1
    last_seq = seq
    if len(first_nals) < 8:
        first_nals.append(t)
    if first_key is None and t in KEY:
        first_key = now
    if first_key is not None and len(key_nals) < 6:
        key_nals.append(t)
    if pkt[1] & 0x80:
        frames += 1
    if text is not None:
        m = re.match(rb"t=(\d+) n=(\d+)", text)
        if m:
            sei.append(int(m.group(1)))
steps = [(b - a) & 0xFFFFFFFF for a, b in zip(ats, ats[1:])]
out.update(first_nals=first_nals, key_nals=key_nals,
           first_key_ms=None if first_key is None else round((first_key - t_play) * 1000, 1),
           frames=frames, sei=len(sei), sei_increasing=all(b > a for a, b in zip(sei, sei[1:])),
           audio_packets=apk, audio_ts_step=statistics.median(steps) if steps else None,
           seq_jumps=seq_jumps)
print(json.dumps(out))
