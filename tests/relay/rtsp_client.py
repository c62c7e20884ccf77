# rtsp_client.py: the RTSP/TCP client the relay tests' viewers share
# (viewer.py, viewer_h265.py): one connection, DESCRIBE, SETUP of every
# track interleaved on channels 2i and 2i+1 (RFC 2326 10.12), PLAY, then
# the interleaved frames.  No auth but a token in the URL's query, which
# each track's URL keeps.
import json, socket, sys, time
from urllib.parse import urlsplit


class Viewer:
    def __init__(self, url):
        u = urlsplit(url)
        self.url = url
        self.path, _, self.query = url.partition("?")
        self.sock = socket.create_connection((u.hostname, u.port or 554), timeout=10)
        self.buf = b""
        self.cseq = 0
        self.session = None
        self.tracks = []
        self.t_play = None
        self.out = {"status": {}}   # what the script prints; "error" on a close

    def closed(self):
        """The server hung up before a reply: print what is known, exit."""
        raise SystemExit(json.dumps(dict(self.out, error="closed")))

    def request(self, method, uri, headers=""):
        """Sends a request; returns (status, headers by lower-case name,
        body), skipping interleaved frames that come before the reply."""
        self.cseq += 1
        self.sock.sendall(("%s %s RTSP/1.0\r\nCSeq: %d\r\n%s%s\r\n" % (
            method, uri, self.cseq, headers,
            "Session: %s\r\n" % self.session if self.session else "")).encode())
        while True:
            b = self.buf
            while b[:1] == b"$" and len(b) >= 4 and len(b) >= 4 + int.from_bytes(b[2:4], "big"):
                b = b[4 + int.from_bytes(b[2:4], "big"):]
            self.buf = b
            if b"\r\n\r\n" in b and b[:1] != b"$":
                head, _, rest = b.partition(b"\r\n\r\n")
                lines = head.decode().split("\r\n")
                hdr = {}
                for l in lines[1:]:
                    k, _, v = l.partition(":")
                    hdr[k.strip().lower()] = v.strip()
                n = int(hdr.get("content-length", "0"))
                while len(rest) < n:
                    d = self.sock.recv(65536)
                    if not d:
                        self.closed()
                    rest += d
                body, self.buf = rest[:n], rest[n:]
                return int(lines[0].split()[1]), hdr, body.decode(errors="replace")
            d = self.sock.recv(65536)
            if not d:
                self.closed()
            self.buf += d

    def track_url(self, i):
        """Track i's URL: its control after the path, the query kept."""
        return (self.path.rstrip("/") + "/" + self.tracks[i]["control"] +
                ("?" + self.query if self.query else ""))

    def start(self):
        """DESCRIBE, SETUP every track, PLAY.  Returns the PLAY reply's
        headers, or None (statuses in out["status"]) when a step failed.
        self.tracks: per media section its "media", "control", "codec"
        (rtpmap name, upper case) and "clock" (rtpmap rate)."""
        st, hdr, sdp = self.request("DESCRIBE", self.url, "Accept: application/sdp\r\n")
        self.out["status"]["describe"] = st
        self.out["www_authenticate"] = hdr.get("www-authenticate", "")
        if st != 200:
            return None
        self.sdp = sdp
        for l in sdp.split("\r\n"):
            if l.startswith("m="):
                self.tracks.append({"media": l[2:].split()[0]})
            elif l.startswith("a=control:") and self.tracks:
                self.tracks[-1]["control"] = l[len("a=control:"):]
            elif l.startswith("a=rtpmap:") and self.tracks:
                enc = l.split()[1].split("/")
                self.tracks[-1]["codec"] = enc[0].upper()
                self.tracks[-1]["clock"] = int(enc[1])
        for i in range(len(self.tracks)):
            st, hdr, _ = self.request("SETUP", self.track_url(i),
                                      "Transport: RTP/AVP/TCP;unicast;interleaved=%d-%d\r\n"
                                      % (2 * i, 2 * i + 1))
            self.out["status"]["setup%d" % i] = st
            if st != 200:
                return None
            self.session = hdr["session"].split(";")[0]
        self.t_play = time.time()
        st, hdr, _ = self.request("PLAY", self.url, "Range: npt=0.000-\r\n")
        self.out["status"]["play"] = st
        return hdr if st == 200 else None

    def channel(self, media):
        """The interleaved RTP channel of the first track of media, or -1."""
        kinds = [t["media"] for t in self.tracks]
        return 2 * kinds.index(media) if media in kinds else -1

    def frames(self, secs):
        """Yields (channel, packet, arrival time) for secs from PLAY; sets
        out["error"] = "closed" when the server hangs up first."""
        end = self.t_play + secs
        self.sock.settimeout(0.2)
        while time.time() < end:
            b = self.buf
            while len(b) >= 4 and b[:1] == b"$" and len(b) >= 4 + int.from_bytes(b[2:4], "big"):
                ch, n = b[1], int.from_bytes(b[2:4], "big")
                pkt, b = b[4:4 + n], b[4 + n:]
                yield ch, pkt, time.time()
            if b[:1] not in (b"", b"$"):
                # an RTSP message in the stream (not expected): drop to the next '$'
                i = b.find(b"$")
                b = b"" if i < 0 else b[i:]
            self.buf = b
            try:
                d = self.sock.recv(262144)
            except socket.timeout:
                continue
            if not d:
                self.out["error"] = "closed"
                return
            self.buf += d


def rtp_payload(pkt):
    """The payload of an RTP packet (RFC 3550 5.1): after the CSRCs and
    the header extension, without the padding."""
    off = 12 + 4 * (pkt[0] & 0x0F)
    if pkt[0] & 0x10:
        off += 4 + 4 * int.from_bytes(pkt[off + 2:off + 4], "big")
    pad = pkt[-1] if pkt[0] & 0x20 else 0
    return pkt[off:len(pkt) - pad]


def main_args():
    """URL SECONDS from the command line."""
    return sys.argv[1], float(sys.argv[2])
