/*
 * rtsp_load.c - the viewers of the relay benchmark (tests/bench/relay):
 * N RTSP viewers over TCP in one thread, light enough that the clients do
 * not crowd the relay off a two-core machine (one ffmpeg per viewer does).
 *
 * Each viewer connects (all in the same instant), DESCRIBEs the URL, SETUPs
 * every track interleaved on one connection, PLAYs and reads the stream.
 * On the video track (H.264, RFC 6184) it follows access units: RTP
 * sequence gaps, the first decodable frame (a whole IDR access unit whose
 * first packet it saw) and the send time that tests/devsim writes into an
 * SEI at the head of every frame ("t=<unix us> n=<frame number>",
 * tests/devsim/README.md "Send times").  A frame's latency is the arrival
 * of its last packet (marker bit) minus t.
 *
 * After --warmup seconds the measured window starts and lasts until the end
 * of --duration.  Within it, per viewer: frames received, and the frames
 * its stream sent (the range of frame numbers that any viewer of the same
 * stream - same video SSRC - saw sent in the window), so a viewer that
 * stalls or skips shows as missing frames.  The CPU time and memory of the
 * processes named with --watch are read from /proc over the same window.
 *
 * Prints one JSON object on stdout; progress and errors go to stderr.
 *
 *   rtsp_load --url rtsp://127.0.0.1:8554/s/c1?token=... --viewers 200 \
 *             --duration 40 --warmup 10 --watch relay=1234
 *
 * Builds with a plain C compiler and no library:
 *   cc -O2 -o rtsp_load tests/bench/relay/rtsp_load.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define IN_CAP (256 * 1024)
#define TRACKS_MAX 4
#define WATCH_MAX 4
#define KEEPALIVE_US (20 * 1000000LL)
#define SETUP_TIMEOUT_US (15 * 1000000LL)
#define SEI_UUID "vestibule.devsim"

enum vstate { V_IDLE, V_CONNECTING, V_DESCRIBE, V_SETUP, V_PLAY, V_STREAM, V_FAILED };

struct viewer {
	int fd;
	enum vstate state;
	int cseq;
	char *in;
	size_t in_len;
	char out[2048];          /* a request not yet written whole */
	size_t out_len, out_off;
	char base[1024];         /* what SETUP controls resolve against */
	char session[128];
	int ntracks, setup_i, video_ch;
	char control[TRACKS_MAX][256];
	char media[TRACKS_MAX][16];
	int64_t t_play;          /* monotonic us the PLAY was written */
	int64_t t_first;         /* monotonic us of the first decodable frame, -1 */
	int64_t t_keepalive;
	int64_t t_connect;       /* monotonic us of this connection's connect */
	int64_t t_leave;         /* churn: when it hangs up, 0 never */
	int64_t t_return;        /* churn: when it connects again (V_IDLE) */
	/* video */
	int have_seq;
	uint16_t last_seq;
	uint32_t ssrc;
	uint64_t video_pkts, audio_pkts, bytes, seq_lost;
	/* the access unit in progress */
	int au_open;             /* a packet of it was seen */
	int au_clean;            /* its first packet starts a NAL unit */
	int au_idr;              /* it holds an IDR slice */
	int au_sei;              /* it holds a devsim SEI (t, n below) */
	int64_t au_t;
	int64_t au_n;
	/* the measured window */
	uint64_t win_frames;
	int64_t win_n_lo, win_n_hi;
	char error[160];
};

struct watch {
	char name[32];
	int pid;
	double cpu0, cpu1;       /* utime + stime, seconds */
	long long syscw0, syscw1; /* write calls (/proc/PID/io), -1 unknown */
	long rss_kb, hwm_kb;
};

static struct {
	const char *url;
	char host[256], port[16], path_query[1024];
	int viewers;
	int ep;
	struct addrinfo *ai;
	/* churn: viewers hang up after a random life_min..life_max ms and
	 * connect again after a random gap_min..gap_max ms */
	int life_min, life_max, gap_min, gap_max;
	uint64_t cycles, played, failures;
	char churn_err[5][160];
	double duration, warmup;
	struct watch watch[WATCH_MAX];
	int nwatch;
	/* window */
	int64_t w0_real, w1_real; /* frames sent (t) in [w0, w1) are counted */
	int in_window;
	/* latency samples in us, window only */
	int32_t *lat;
	size_t nlat, caplat;
} g;

static int64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t real_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("rtsp_load: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* Marks v failed with a reason (the first one is kept) and closes it. */
static void fail(struct viewer *v, const char *fmt, ...)
{
	va_list ap;

	if (v->state == V_FAILED)
		return;
	va_start(ap, fmt);
	vsnprintf(v->error, sizeof(v->error), fmt, ap);
	va_end(ap);
	v->state = V_FAILED;
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
}

/* Splits rtsp://host[:port]/path[?query] into g.host, g.port, g.path_query. */
static void parse_url(const char *url)
{
	const char *p = url + 7, *slash, *colon;

	if (strncmp(url, "rtsp://", 7) != 0)
		die("not an rtsp:// URL: %s", url);
	slash = strchr(p, '/');
	if (slash == NULL)
		slash = p + strlen(p);
	colon = memchr(p, ':', (size_t)(slash - p));
	if (colon != NULL) {
		snprintf(g.host, sizeof(g.host), "%.*s", (int)(colon - p), p);
		snprintf(g.port, sizeof(g.port), "%.*s", (int)(slash - colon - 1), colon + 1);
	} else {
		snprintf(g.host, sizeof(g.host), "%.*s", (int)(slash - p), p);
		snprintf(g.port, sizeof(g.port), "554");
	}
	snprintf(g.path_query, sizeof(g.path_query), "%s", *slash ? slash : "/");
}

/* Queues a request on v and tries to write it.  extra: header lines, each
 * ending in \r\n.  Returns 0, or -1 when v failed. */
static int send_req(struct viewer *v, const char *method, const char *uri, const char *extra)
{
	int n = snprintf(v->out, sizeof(v->out),
			 "%s %s RTSP/1.0\r\nCSeq: %d\r\nUser-Agent: vestibule-rtsp-load\r\n%s%s%s%s\r\n",
			 method, uri, ++v->cseq, extra, v->session[0] ? "Session: " : "", v->session,
			 v->session[0] ? "\r\n" : "");

	if (n < 0 || (size_t)n >= sizeof(v->out)) {
		fail(v, "request too long");
		return -1;
	}
	v->out_len = (size_t)n;
	v->out_off = 0;
	while (v->out_off < v->out_len) {
		ssize_t w = write(v->fd, v->out + v->out_off, v->out_len - v->out_off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* the rest goes on EPOLLOUT */
			struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP,
						  .data.ptr = v };

			epoll_ctl(g.ep, EPOLL_CTL_MOD, v->fd, &ev);
			return 0;
		}
		if (w <= 0) {
			fail(v, "write: %s", strerror(errno));
			return -1;
		}
		v->out_off += (size_t)w;
	}
	return 0;
}

/* The URL of track i: the SDP control resolved against the base, with the
 * base's query kept (the relay's token). */
static void track_url(const struct viewer *v, int i, char *out, size_t cap)
{
	const char *c = v->control[i];
	const char *q = strchr(v->base, '?');
	size_t bl = q ? (size_t)(q - v->base) : strlen(v->base);

	if (strncmp(c, "rtsp://", 7) == 0) {
		snprintf(out, cap, "%s", c);
		return;
	}
	if (c[0] == '\0' || strcmp(c, "*") == 0) {
		snprintf(out, cap, "%s", v->base);
		return;
	}
	while (bl > 0 && v->base[bl - 1] == '/')
		bl--;
	snprintf(out, cap, "%.*s/%s%s", (int)bl, v->base, c, q ? q : "");
}

/* Sends the SETUP of the next track, or PLAY when all are set up. */
static int next_setup(struct viewer *v)
{
	char uri[1400], tr[128];

	if (v->setup_i < v->ntracks) {
		track_url(v, v->setup_i, uri, sizeof(uri));
		snprintf(tr, sizeof(tr), "Transport: RTP/AVP/TCP;unicast;interleaved=%d-%d\r\n",
			 2 * v->setup_i, 2 * v->setup_i + 1);
		v->state = V_SETUP;
		return send_req(v, "SETUP", uri, tr);
	}
	v->state = V_PLAY;
	v->t_play = mono_us();
	v->t_keepalive = v->t_play;
	return send_req(v, "PLAY", v->base, "Range: npt=0.000-\r\n");
}

/* Reads the SDP's media sections and their controls. */
static void parse_sdp(struct viewer *v, const char *sdp, size_t len)
{
	const char *p = sdp, *end = sdp + len;

	v->ntracks = 0;
	v->video_ch = -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l > 0 && p[l - 1] == '\r')
			l--;
		if (l > 2 && strncmp(p, "m=", 2) == 0 && v->ntracks < TRACKS_MAX) {
			size_t ml = strcspn(p + 2, " \r\n");

			snprintf(v->media[v->ntracks], sizeof(v->media[0]), "%.*s", (int)ml, p + 2);
			v->control[v->ntracks][0] = '\0';
			if (strcmp(v->media[v->ntracks], "video") == 0 && v->video_ch < 0)
				v->video_ch = 2 * v->ntracks;
			v->ntracks++;
		} else if (l > 10 && strncmp(p, "a=control:", 10) == 0 && v->ntracks > 0) {
			snprintf(v->control[v->ntracks - 1], sizeof(v->control[0]), "%.*s",
				 (int)(l - 10), p + 10);
		}
		p = nl ? nl + 1 : end;
	}
}

/* Finds header name (with the colon, lower case) in an RTSP head; copies
 * its value up to ';' if semi, else to the end of line. */
static int header(const char *head, size_t len, const char *name, char *out, size_t cap, int semi)
{
	size_t nl = strlen(name);
	const char *p = head, *end = head + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0) {
			const char *s = p + nl;
			size_t n;

			while (s < eol && (*s == ' ' || *s == '\t'))
				s++;
			n = strcspn(s, semi ? ";\r\n" : "\r\n");
			if ((size_t)(eol - s) < n)
				n = (size_t)(eol - s);
			snprintf(out, cap, "%.*s", (int)n, s);
			return 0;
		}
		p = eol + 1;
	}
	return -1;
}

/*
 * Takes one RTSP response from the front of v->in, if whole.  Returns the
 * bytes it used (0: not whole yet), or -1 when v failed.
 */
static ssize_t take_response(struct viewer *v)
{
	const char *head = v->in, *eoh;
	char val[1024];
	size_t hlen, body = 0, total;
	int status;

	if (v->state == V_PLAY && v->in_len > 0 && v->in[0] == '$') {
		/* Media before the PLAY reply (gst-rtsp-server sends a shared
		 * media's packets as soon as the session plays): the reply
		 * will come between frames. */
		v->state = V_STREAM;
		return 0;
	}
	eoh = memmem(v->in, v->in_len, "\r\n\r\n", 4);
	if (eoh == NULL) {
		if (v->in_len > 16384) {
			fail(v, "response head too long");
			return -1;
		}
		return 0;
	}
	hlen = (size_t)(eoh - head) + 4;
	if (header(head, hlen, "content-length:", val, sizeof(val), 0) == 0)
		body = strtoul(val, NULL, 10);
	total = hlen + body;
	if (total > IN_CAP) {
		fail(v, "response too long");
		return -1;
	}
	if (v->in_len < total)
		return 0;
	if (sscanf(head, "RTSP/1.0 %d", &status) != 1) {
		fail(v, "not an RTSP response");
		return -1;
	}
	if (v->state == V_STREAM) /* a keep-alive's answer */
		return (ssize_t)total;
	if (status != 200) {
		fail(v, "%s: %d", v->state == V_DESCRIBE ? "DESCRIBE" : v->state == V_SETUP ? "SETUP" : "PLAY",
		     status);
		return -1;
	}
	switch (v->state) {
	case V_DESCRIBE:
		if (header(head, hlen, "content-base:", val, sizeof(val), 0) == 0 &&
		    strchr(g.path_query, '?') == NULL)
			snprintf(v->base, sizeof(v->base), "%s", val);
		parse_sdp(v, head + hlen, body);
		if (v->video_ch < 0) {
			fail(v, "no video in the SDP");
			return -1;
		}
		v->setup_i = 0;
		if (next_setup(v) < 0)
			return -1;
		break;
	case V_SETUP:
		if (header(head, hlen, "session:", val, sizeof(val), 1) < 0) {
			fail(v, "SETUP without a Session");
			return -1;
		}
		if (strlen(val) >= sizeof(v->session)) {
			fail(v, "Session id too long");
			return -1;
		}
		memcpy(v->session, val, strlen(val) + 1);
		v->setup_i++;
		if (next_setup(v) < 0)
			return -1;
		break;
	case V_PLAY:
		v->state = V_STREAM;
		break;
	default:
		break;
	}
	return (ssize_t)total;
}

/* Reads "t=<us> n=<frame>" from a devsim SEI NAL unit (header byte
 * included).  Returns 0 with *t and *n, or -1. */
static int sei_time(const uint8_t *nal, size_t len, int64_t *t, int64_t *n)
{
	char txt[64];
	size_t size;

	/* 06, payloadType 05, payloadSize, 16-byte UUID, text, 80 */
	if (len < 3 + 16 || nal[1] != 5)
		return -1;
	size = nal[2];
	if (size < 16 || 3 + size > len || memcmp(nal + 3, SEI_UUID, 16) != 0)
		return -1;
	size -= 16;
	if (size >= sizeof(txt))
		return -1;
	memcpy(txt, nal + 3 + 16, size);
	txt[size] = '\0';
	return sscanf(txt, "t=%lld n=%lld", (long long *)t, (long long *)n) == 2 ? 0 : -1;
}

static void lat_add(int64_t us)
{
	if (g.nlat == g.caplat) {
		g.caplat = g.caplat ? 2 * g.caplat : 65536;
		g.lat = realloc(g.lat, g.caplat * sizeof(*g.lat));
		if (g.lat == NULL)
			die("out of memory");
	}
	g.lat[g.nlat++] = us > INT32_MAX ? INT32_MAX : us < INT32_MIN ? INT32_MIN : (int32_t)us;
}

/* Closes the access unit in progress at its last packet (marker bit),
 * received at mono/real. */
static void au_end(struct viewer *v, int64_t mono, int64_t real)
{
	if (v->au_open && v->au_clean && v->au_idr && v->t_first < 0)
		v->t_first = mono;
	if (v->au_sei && g.in_window && v->au_t >= g.w0_real && v->au_t < g.w1_real) {
		v->win_frames++;
		if (v->win_n_lo < 0 || v->au_n < v->win_n_lo)
			v->win_n_lo = v->au_n;
		if (v->au_n > v->win_n_hi)
			v->win_n_hi = v->au_n;
		lat_add(real - v->au_t);
	}
	v->au_open = v->au_clean = v->au_idr = v->au_sei = 0;
}

/* One NAL unit (or its first fragment) of the current access unit. */
static void au_nal(struct viewer *v, const uint8_t *nal, size_t len, int whole)
{
	unsigned type = nal[0] & 0x1f;

	if (type == 5)
		v->au_idr = 1;
	else if (type == 6 && whole && sei_time(nal, len, &v->au_t, &v->au_n) == 0)
		v->au_sei = 1;
}

/* One RTP packet of the video track. */
static void video_packet(struct viewer *v, const uint8_t *p, size_t len, int64_t mono, int64_t real)
{
	size_t off;
	uint16_t seq;
	unsigned type;
	int starts, marker;

	if (len < 12 || (p[0] >> 6) != 2)
		return;
	off = 12 + 4u * (p[0] & 0x0f);
	if (p[0] & 0x10) {
		if (off + 4 > len)
			return;
		off += 4 + 4u * ((unsigned)p[off + 2] << 8 | p[off + 3]);
	}
	if (p[0] & 0x20 && len > off)
		len -= p[len - 1];
	if (off >= len)
		return;
	v->video_pkts++;
	marker = p[1] & 0x80;
	seq = (uint16_t)(p[2] << 8 | p[3]);
	if (v->have_seq && seq != (uint16_t)(v->last_seq + 1)) {
		v->seq_lost += (uint16_t)(seq - v->last_seq - 1);
		v->au_clean = 0; /* a piece of this unit is missing */
	}
	v->have_seq = 1;
	v->last_seq = seq;
	v->ssrc = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];

	p += off;
	len -= off;
	type = p[0] & 0x1f;
	starts = type != 28 || (len > 1 && (p[1] & 0x80));
	if (!v->au_open) {
		v->au_open = 1;
		v->au_clean = starts;
	}
	if (type >= 1 && type <= 23) {
		au_nal(v, p, len, 1);
	} else if (type == 24) { /* STAP-A */
		size_t i = 1;

		while (i + 2 < len) {
			size_t n = (size_t)p[i] << 8 | p[i + 1];

			if (n == 0 || i + 2 + n > len)
				break;
			au_nal(v, p + i + 2, n, 1);
			i += 2 + n;
		}
	} else if (type == 28 && len > 2) { /* FU-A */
		uint8_t hdr = (uint8_t)((p[0] & 0xe0) | (p[1] & 0x1f));

		if (p[1] & 0x80)
			au_nal(v, &hdr, 1, 0);
	}
	if (marker)
		au_end(v, mono, real);
}

/* Walks the interleaved frames at the front of v->in.  Returns the bytes
 * used, or -1 when v failed. */
static ssize_t take_stream(struct viewer *v, int64_t mono, int64_t real)
{
	size_t i = 0;

	while (i < v->in_len) {
		const uint8_t *b = (const uint8_t *)v->in + i;
		size_t n;

		if (b[0] != '$') {
			/* An RTSP message (a keep-alive's answer) between frames. */
			ssize_t used;
			size_t rest = v->in_len - i;

			if (rest < 5)
				break;
			if (memcmp(b, "RTSP/", 5) != 0) {
				fail(v, "garbage in the stream");
				return -1;
			}
			memmove(v->in, v->in + i, rest);
			v->in_len = rest;
			i = 0;
			used = take_response(v);
			if (used < 0)
				return -1;
			if (used == 0)
				break;
			i = (size_t)used;
			continue;
		}
		if (v->in_len - i < 4)
			break;
		n = (size_t)b[2] << 8 | b[3];
		if (v->in_len - i < 4 + n)
			break;
		v->bytes += n;
		if (b[1] == v->video_ch)
			video_packet(v, b + 4, n, mono, real);
		else if (!(b[1] & 1))
			v->audio_pkts++;
		i += 4 + n;
	}
	return (ssize_t)i;
}

/* Reads what v's socket holds and handles it. */
static void on_input(struct viewer *v)
{
	for (int rounds = 0; rounds < 4 && v->state != V_FAILED; rounds++) {
		ssize_t r = read(v->fd, v->in + v->in_len, IN_CAP - v->in_len);
		int64_t mono, real;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r <= 0) {
			fail(v, r == 0 ? "closed by the server" : "read: %s", strerror(errno));
			return;
		}
		v->in_len += (size_t)r;
		mono = mono_us();
		real = real_us();
		while (v->state != V_FAILED) {
			enum vstate before = v->state;
			ssize_t u;

			if (v->state == V_STREAM)
				u = take_stream(v, mono, real);
			else
				u = take_response(v);
			if (u == 0 && v->state != before)
				continue;
			if (u <= 0)
				break; /* failed, or a partial message: wait for more */
			memmove(v->in, v->in + u, v->in_len - (size_t)u);
			v->in_len -= (size_t)u;
			if (v->state == V_STREAM)
				break; /* take_stream used all whole frames */
		}
		if (v->state != V_FAILED && v->in_len == IN_CAP)
			fail(v, "input buffer full");
		if ((size_t)r < IN_CAP / 2)
			return;
	}
}

static void on_output(struct viewer *v)
{
	if (v->state == V_CONNECTING) {
		int err = 0;
		socklen_t l = sizeof(err);

		getsockopt(v->fd, SOL_SOCKET, SO_ERROR, &err, &l);
		if (err != 0) {
			fail(v, "connect: %s", strerror(err));
			return;
		}
		v->state = V_DESCRIBE;
		send_req(v, "DESCRIBE", v->base, "Accept: application/sdp\r\n");
		return;
	}
	while (v->out_off < v->out_len) {
		ssize_t w = write(v->fd, v->out + v->out_off, v->out_len - v->out_off);

		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (w <= 0) {
			fail(v, "write: %s", strerror(errno));
			return;
		}
		v->out_off += (size_t)w;
	}
}

static double proc_cpu(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof(buf), f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	/* after "pid (comm) ": field 14 utime, 15 stime (from 1) */
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
				&st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* The write-type system calls pid made so far (/proc/PID/io syscw: write,
 * writev, sendto...), or -1 when not readable. */
static long long proc_syscw(int pid)
{
	char path[64], line[128];
	long long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/io", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "syscw: %lld", &n) == 1)
			break;
	fclose(f);
	return n;
}

static void proc_mem(struct watch *w)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", w->pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		sscanf(line, "VmRSS: %ld", &w->rss_kb);
		sscanf(line, "VmHWM: %ld", &w->hwm_kb);
	}
	fclose(f);
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* The q-quantile (0..1) of n sorted values, nearest rank; -1 when n is 0. */
static double quantile(const int32_t *v, size_t n, double q)
{
	size_t i;

	if (n == 0)
		return -1;
	i = (size_t)(q * (double)n + 0.999999);
	if (i > 0)
		i--;
	return (double)v[i < n ? i : n - 1];
}

/* A random delay of min_ms..max_ms milliseconds, in microseconds. */
static int64_t rand_us(int min_ms, int max_ms)
{
	return (int64_t)min_ms * 1000 + (int64_t)(random() % ((long)(max_ms - min_ms) * 1000 + 1));
}

/* Starts v's connection (all of it anew: a churning viewer is a new one
 * each time).  A failure is recorded in v. */
static void viewer_connect(struct viewer *v, int64_t now)
{
	struct epoll_event ev;
	char *in = v->in;
	int one = 1;

	memset(v, 0, sizeof(*v));
	v->in = in;
	v->t_first = -1;
	v->win_n_lo = v->win_n_hi = -1;
	v->t_connect = now;
	if (g.life_max > 0)
		v->t_leave = now + rand_us(g.life_min, g.life_max) + 1;
	snprintf(v->base, sizeof(v->base), "%s", g.url);
	v->fd = socket(g.ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (v->fd < 0) {
		fail(v, "socket: %s", strerror(errno));
		return;
	}
	setsockopt(v->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(v->fd, g.ai->ai_addr, g.ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
		fail(v, "connect: %s", strerror(errno));
		return;
	}
	v->state = V_CONNECTING;
	ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
	ev.data.ptr = v;
	if (epoll_ctl(g.ep, EPOLL_CTL_ADD, v->fd, &ev) < 0)
		fail(v, "epoll: %s", strerror(errno));
}

/* Churn: v hangs up (wherever it is: connecting, mid-DESCRIBE, playing)
 * and will come back after a random gap.  A failure before that counts. */
static void viewer_leave(struct viewer *v, int64_t now)
{
	g.cycles++;
	if (v->state == V_STREAM)
		g.played++;
	if (v->state == V_FAILED) {
		if (g.failures < 5)
			snprintf(g.churn_err[g.failures], sizeof(g.churn_err[0]), "%s", v->error);
		g.failures++;
	}
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
	v->state = V_IDLE;
	v->t_leave = 0;
	v->t_return = now + rand_us(g.gap_min, g.gap_max);
}

static void usage(void)
{
	fputs("usage: rtsp_load --url RTSP-URL --viewers N [--duration S (40)] [--warmup S (10)]\n"
	      "                 [--watch NAME=PID]... [--churn LIFE-MIN LIFE-MAX GAP-MIN GAP-MAX]\n"
	      "churn: each viewer hangs up after LIFE-MIN..LIFE-MAX ms and comes back after\n"
	      "GAP-MIN..GAP-MAX ms (uniform), until the end\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct viewer *vs;
	struct addrinfo hints, *ai;
	struct epoll_event evs[256];
	struct rusage ru0, ru1;
	int ep, i;
	int64_t start, w0, w1;
	size_t nfirst = 0, served = 0, failed = 0, lossy = 0, playing = 0;
	int32_t *firsts;        /* PLAY to first frame, us */
	double worst = 2;
	uint64_t lost_total = 0, seq_lost = 0, bytes = 0;
	int worst_i = -1;

	g.duration = 40;
	g.warmup = 10;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (i + 1 >= argc)
			usage();
		if (strcmp(a, "--url") == 0)
			g.url = argv[++i];
		else if (strcmp(a, "--viewers") == 0)
			g.viewers = atoi(argv[++i]);
		else if (strcmp(a, "--duration") == 0)
			g.duration = atof(argv[++i]);
		else if (strcmp(a, "--warmup") == 0)
			g.warmup = atof(argv[++i]);
		else if (strcmp(a, "--churn") == 0 && i + 4 < argc) {
			g.life_min = atoi(argv[++i]);
			g.life_max = atoi(argv[++i]);
			g.gap_min = atoi(argv[++i]);
			g.gap_max = atoi(argv[++i]);
			if (g.life_min < 0 || g.life_max <= 0 || g.life_min > g.life_max ||
			    g.gap_min < 0 || g.gap_min > g.gap_max)
				usage();
		}
		else if (strcmp(a, "--watch") == 0 && g.nwatch < WATCH_MAX) {
			const char *eq = strchr(argv[++i], '=');
			struct watch *w = &g.watch[g.nwatch++];

			if (eq == NULL)
				usage();
			snprintf(w->name, sizeof(w->name), "%.*s", (int)(eq - argv[i]), argv[i]);
			w->pid = atoi(eq + 1);
		} else
			usage();
	}
	if (g.url == NULL || g.viewers <= 0 || g.duration <= g.warmup)
		usage();
	parse_url(g.url);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(g.host, g.port, &hints, &ai) != 0)
		die("cannot resolve %s:%s", g.host, g.port);
	g.ai = ai;
	srandom((unsigned)getpid());
	vs = calloc((size_t)g.viewers, sizeof(*vs));
	if (vs == NULL || (ep = g.ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		die("out of memory");

	/* Every viewer connects in the same instant. */
	getrusage(RUSAGE_SELF, &ru0);
	start = mono_us();
	for (i = 0; i < g.viewers; i++) {
		if ((vs[i].in = malloc(IN_CAP)) == NULL)
			die("out of memory");
		viewer_connect(&vs[i], start);
	}

	w0 = start + (int64_t)(g.warmup * 1e6);
	w1 = start + (int64_t)(g.duration * 1e6);
	for (;;) {
		int64_t now = mono_us();
		int n;

		if (!g.in_window && now >= w0) {
			/* Frames sent from now on are counted; those sent in the
			 * last second are not, so late ones are not cut off. */
			g.in_window = 1;
			g.w0_real = real_us();
			g.w1_real = g.w0_real + (w1 - w0) - 1000000;
			for (int k = 0; k < g.nwatch; k++) {
				g.watch[k].cpu0 = proc_cpu(g.watch[k].pid);
				g.watch[k].syscw0 = proc_syscw(g.watch[k].pid);
			}
			fprintf(stderr, "rtsp_load: window open\n");
		}
		if (now >= w1)
			break;
		n = epoll_wait(ep, evs, 256, 100);
		for (int k = 0; k < n; k++) {
			struct viewer *v = evs[k].data.ptr;

			if (v->state == V_FAILED)
				continue;
			if (evs[k].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
				on_input(v);
			if (v->state != V_FAILED && (evs[k].events & EPOLLOUT)) {
				struct epoll_event ev;

				on_output(v);
				if (v->state != V_FAILED && v->state != V_CONNECTING &&
				    v->out_off >= v->out_len) {
					ev.events = EPOLLIN | EPOLLRDHUP;
					ev.data.ptr = v;
					epoll_ctl(ep, EPOLL_CTL_MOD, v->fd, &ev);
				}
			}
		}
		/* Churn, keep-alives, and viewers stuck before PLAY. */
		for (i = 0; i < g.viewers; i++) {
			struct viewer *v = &vs[i];

			if (v->state == V_IDLE) {
				if (now >= v->t_return)
					viewer_connect(v, now);
				continue;
			}
			if (v->t_leave != 0 && now >= v->t_leave) {
				viewer_leave(v, now);
				continue;
			}
			if (v->state == V_STREAM && now - v->t_keepalive > KEEPALIVE_US) {
				v->t_keepalive = now;
				send_req(v, "GET_PARAMETER", v->base, "");
			} else if (v->state != V_STREAM && v->state != V_FAILED &&
				   now - v->t_connect > SETUP_TIMEOUT_US) {
				fail(v, "no PLAY after %d s", (int)(SETUP_TIMEOUT_US / 1000000));
			}
		}
	}
	for (i = 0; i < g.nwatch; i++) {
		g.watch[i].cpu1 = proc_cpu(g.watch[i].pid);
		g.watch[i].syscw1 = proc_syscw(g.watch[i].pid);
		proc_mem(&g.watch[i]);
	}
	getrusage(RUSAGE_SELF, &ru1);

	/* Each stream's frames in the window: the range any of its viewers saw. */
	firsts = calloc((size_t)g.viewers, sizeof(*firsts));
	for (i = 0; i < g.viewers; i++) {
		struct viewer *v = &vs[i];
		int64_t lo = -1, hi = -1;
		uint64_t expected;
		double ratio;

		if (v->state == V_FAILED) {
			failed++;
			continue;
		}
		if (v->state == V_IDLE) /* churning, between two connections */
			continue;
		playing++;
		bytes += v->bytes;
		seq_lost += v->seq_lost;
		if (v->t_first >= 0)
			firsts[nfirst++] = (int32_t)(v->t_first - v->t_play);
		for (int j = 0; j < g.viewers; j++) {
			if (vs[j].win_n_lo < 0 || vs[j].ssrc != v->ssrc || vs[j].state == V_FAILED)
				continue;
			if (lo < 0 || vs[j].win_n_lo < lo)
				lo = vs[j].win_n_lo;
			if (vs[j].win_n_hi > hi)
				hi = vs[j].win_n_hi;
		}
		if (v->win_frames > 0)
			served++;
		expected = lo < 0 ? 1 : (uint64_t)(hi - lo + 1);
		ratio = (double)v->win_frames / (double)expected;
		if (v->win_frames < expected) {
			lossy++;
			lost_total += expected - v->win_frames;
		}
		if (ratio < worst) {
			worst = ratio;
			worst_i = i;
		}
	}
	qsort(firsts, nfirst, sizeof(*firsts), cmp_i32);
	qsort(g.lat, g.nlat, sizeof(*g.lat), cmp_i32);

	printf("{\"viewers\": %d, \"playing\": %zu, \"failed\": %zu, \"served\": %zu,\n", g.viewers,
	       playing, failed, served);
	printf(" \"window_s\": %.3f,\n", (double)(w1 - w0) / 1e6);
	if (worst_i >= 0)
		printf(" \"worst\": {\"frames\": %llu, \"ratio\": %.5f},\n",
		       (unsigned long long)vs[worst_i].win_frames, worst);
	else
		printf(" \"worst\": null,\n");
	printf(" \"lossy_viewers\": %zu, \"frames_lost\": %llu, \"rtp_seq_lost\": %llu,\n", lossy,
	       (unsigned long long)lost_total, (unsigned long long)seq_lost);
	printf(" \"first_frame_ms\": {\"n\": %zu, \"p50\": %.1f, \"p99\": %.1f, \"max\": %.1f},\n", nfirst,
	       quantile(firsts, nfirst, 0.5) / 1e3, quantile(firsts, nfirst, 0.99) / 1e3,
	       quantile(firsts, nfirst, 1.0) / 1e3);
	printf(" \"latency_ms\": {\"n\": %zu, \"p50\": %.2f, \"p99\": %.2f, \"max\": %.2f},\n", g.nlat,
	       quantile(g.lat, g.nlat, 0.5) / 1e3, quantile(g.lat, g.nlat, 0.99) / 1e3,
	       quantile(g.lat, g.nlat, 1.0) / 1e3);
	printf(" \"bytes\": %llu,\n", (unsigned long long)bytes);
	printf(" \"client_cpu_s\": %.3f,\n",
	       (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec -
			ru0.ru_stime.tv_sec) +
		       (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec -
				ru0.ru_stime.tv_usec) / 1e6);
	printf(" \"watch\": {");
	for (i = 0; i < g.nwatch; i++)
		printf("%s\"%s\": {\"cpu_s\": %.3f, \"rss_kb\": %ld, \"hwm_kb\": %ld, "
		       "\"write_calls\": %lld}", i ? ", " : "", g.watch[i].name,
		       g.watch[i].cpu1 - g.watch[i].cpu0, g.watch[i].rss_kb, g.watch[i].hwm_kb,
		       g.watch[i].syscw0 < 0 || g.watch[i].syscw1 < 0 ? -1LL
								: g.watch[i].syscw1 - g.watch[i].syscw0);
	printf("},\n \"churn\": {\"cycles\": %llu, \"played\": %llu, \"failures\": %llu, \"errors\": [",
	       (unsigned long long)g.cycles, (unsigned long long)g.played,
	       (unsigned long long)g.failures);
	for (i = 0; i < 5 && (uint64_t)i < g.failures; i++)
		printf("%s\"%s\"", i ? ", " : "", g.churn_err[i]);
	printf("]},\n \"errors\": [");
	for (i = 0, failed = 0; i < g.viewers && failed < 5; i++)
		if (vs[i].state == V_FAILED)
			printf("%s\"%s\"", failed++ ? ", " : "", vs[i].error);
	printf("]}\n");
	freeaddrinfo(g.ai);
	return 0;
}
