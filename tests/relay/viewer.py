# viewer.py URL SECONDS: a viewer of the relay (rtsp_client.py: DESCRIBE,
# SETUP of every track interleaved, PLAY), printing one JSON summary: video
# arrival, the PLAY reply's RTP-Info against the first packet of each track,
# and the RTCP sender reports received on the odd channels (RFC 3550 6.4.1).
import json, sys

from rtsp_client import Viewer, main_args, rtp_payload

url, secs = main_args()
v = Viewer(url)
out = v.out
hdr = v.start()
if hdr is None:
    print(json.dumps(out))
    sys.exit(0)
tracks = v.tracks
t_play = v.t_play
out["sdp_tracks"] = [t["media"] for t in tracks]
out["sdp_c"] = [l for l in v.sdp.split("\r\n") if l.startswith("c=")]
video_ch = v.channel("video")
# RTP-Info (RFC 2326 12.33): url=...;seq=...;rtptime=... per track, by the
# track whose SETUP URL it names.
out["rtp_info"] = hdr.get("rtp-info")
setup_urls = [v.track_url(i) for i in range(len(tracks))]
info = {}
for part in (hdr.get("rtp-info") or "").split(","):
    f = dict(x.split("=", 1) for x in part.strip().split(";") if "=" in x)
    if f.get("url") in setup_urls:
        info[setup_urls.index(f["url"])] = {"seq": int(f["seq"]), "rtptime": int(f["rtptime"])}
first = None
first_nal = None
first_idr = None
vpk = apk = 0
last = None
gaps = []
seq_jumps = 0
last_seq = None
per_sec = {}
# Per track: the first RTP packet, the newest one, counts, and the SRs.
rtp = [{"first": None, "ts": None, "ssrc": None, "packets": 0, "octets": 0} for _ in tracks]
srs = [[] for _ in tracks]
rtcp_bad = []


def on_rtcp(tr, pkt, now):
    # A compound packet: SR first, SDES with a CNAME (RFC 3550 6.1).
    i, sr, cname = 0, None, None
    while i + 4 <= len(pkt):
        v, pt, n = pkt[i] >> 6, pkt[i + 1], 4 * (int.from_bytes(pkt[i + 2:i + 4], "big") + 1)
        if v != 2 or i + n > len(pkt):
            rtcp_bad.append("bad header at %d" % i)
            return
        body = pkt[i:i + n]
        if pt == 200 and n >= 28:
            ntp = int.from_bytes(body[8:16], "big")
            sr = {"t": round(now - t_play, 3), "ssrc": int.from_bytes(body[4:8], "big"),
                  "ntp_minus_local_ms": round(((ntp >> 32) - 2208988800 + (ntp & 0xFFFFFFFF) / 2**32 - now) * 1000, 1),
                  "rtptime": int.from_bytes(body[16:20], "big"),
                  "packets": int.from_bytes(body[20:24], "big"), "octets": int.from_bytes(body[24:28], "big")}
        elif pt == 202 and n >= 10 and body[8] == 1:
            cname = body[10:10 + body[9]].decode(errors="replace")
        i += n
    if i != len(pkt) or sr is None or pkt[1] != 200:
        rtcp_bad.append("not SR-first compound: %s" % pkt[:4].hex())
        return
    r = rtp[tr]
    sr["cname"] = cname
    # What this viewer got before it: the SR's counts must match, and its
    # rtptime is "now", just after the newest packet's timestamp.
    sr["received_packets"], sr["received_octets"] = r["packets"], r["octets"]
    sr["ssrc_ok"] = sr["ssrc"] == r["ssrc"]
    if r["ts"] is not None and tracks[tr].get("clock"):
        d = (sr["rtptime"] - r["ts"] + 2**31) % 2**32 - 2**31
        sr["after_newest_ms"] = round(d * 1000 / tracks[tr]["clock"], 1)
    srs[tr].append(sr)


for ch, pkt, now in v.frames(secs):
    if ch // 2 < len(tracks) and ch % 2 == 1:
        on_rtcp(ch // 2, pkt, now)
        continue
    if ch // 2 < len(tracks):
        r = rtp[ch // 2]
        if r["first"] is None:
            r["first"] = {"seq": int.from_bytes(pkt[2:4], "big"), "rtptime": int.from_bytes(pkt[4:8], "big")}
        r["ts"] = int.from_bytes(pkt[4:8], "big")
        r["ssrc"] = int.from_bytes(pkt[8:12], "big")
        r["packets"] += 1
        r["octets"] += len(rtp_payload(pkt))
    if ch == video_ch:
        vpk += 1
        p = rtp_payload(pkt)
        nal = p[0] & 0x1F
        if nal == 28:
            nal = p[1] & 0x1F
        seq = int.from_bytes(pkt[2:4], "big")
        if last_seq is not None and seq != (last_seq + 1) & 0xFFFF:
            seq_jumps += 1
        last_seq = seq
        if first is None:
            first, first_nal = now, nal
        if first_idr is None and nal in (5, 7):
            first_idr = now
        if last is not None and now - last > 1.0:
            gaps.append({"from": last, "to": now, "len": round(now - last, 3)})
        last = now
        k = int(now - t_play)
        per_sec[k] = per_sec.get(k, 0) + 1
    else:
        apk += 1
out.update(first_ms=None if first is None else round((first - t_play) * 1000, 1),
           first_nal=first_nal,
           first_key_ms=None if first_idr is None else round((first_idr - t_play) * 1000, 1),
           video_packets=vpk, audio_packets=apk, gaps=gaps, seq_jumps=seq_jumps,
           per_sec=[per_sec.get(i, 0) for i in range(int(secs))], t_play=t_play,
           tracks=[{"media": t["media"], "clock": t.get("clock"), "first": rtp[i]["first"],
                    "rtp_info": info.get(i), "packets": rtp[i]["packets"], "srs": srs[i]}
                   for i, t in enumerate(tracks)],
           rtcp_bad=rtcp_bad)
print(json.dumps(out))
