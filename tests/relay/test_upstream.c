/*
 * test_upstream - drives media/relay/upstream.c (and ring.c) against a real
 * RTSP source for tests/relay/upstream.sh: a GLib main loop, one upstream
 * pulling into one ring, and one viewer-like cursor reading the ring as
 * packets arrive.  It prints one line per event on stdout, for the script
 * to check:
 *
 *   state NAME t=MS backoff=MS reconnects=N error=TEXT
 *   sdp video=ENC audio=ENC tracks=N
 *   tick t=MS frames=N packets=N lost=N      (every second: video frames
 *                                             and packets read in it)
 *   resume t=MS track=K seq_delta=D ts_delta=T outage_ms=G
 *                                            (first packet of a track after
 *                                             a failure: D must be 1, T the
 *                                             outage G in clock ticks)
 *   seqjump t=MS track=K from=A to=B         (any other discontinuity)
 *   latency n=N p50=MS p99=MS max=MS start_max=MS
 *                                            (at exit: devsim's SEI send
 *                                             time to the ring, see
 *                                             tests/devsim/README.md; the
 *                                             first 10 frames of each pull
 *                                             only count in start_max)
 *   final packets=N bytes=N reconnects=N dropped=N rejected=N evicted=N
 *
 * Usage: test_upstream URL USER PASSWORD SECONDS (USER "-" for none).
 * SIGUSR1 calls upstream_stop, SIGUSR2 upstream_start (the relay's last
 * viewer gone, first viewer back).  It exits 0 after SECONDS or at
 * SIGTERM/SIGINT.
 */
#include <glib-unix.h>
#include <gst/gst.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "upstream.h"

#define LAT_MAX 100000
#define START_FRAMES 10

struct test {
	struct ring *ring;
	struct upstream *up;
	GMainLoop *loop;
	int64_t t0;
	uint64_t cursor;
	int video;                        /* track of the video m= line, -1 unknown */
	bool have[RING_TRACKS_MAX];
	uint16_t last_seq[RING_TRACKS_MAX];
	uint32_t last_ts[RING_TRACKS_MAX];
	int64_t last_us[RING_TRACKS_MAX]; /* when the track's last packet was read */
	bool resumed[RING_TRACKS_MAX];    /* waiting for the first packet after a failure */
	uint32_t frame_ts;
	bool frame_ts_set;
	unsigned frames, packets;
	uint64_t lost;
	double *lat;
	size_t nlat;
	unsigned pull_frames;             /* SEI frames since the pull started */
	double start_max;                 /* worst latency of the first frames */
};

static long ms(const struct test *t)
{
	return (long)((g_get_monotonic_time() - t->t0) / 1000);
}

static void on_state(void *arg, enum upstream_state s)
{
	struct test *t = arg;
	struct upstream_stats st;
	unsigned i;

	upstream_get_stats(t->up, &st);
	printf("state %s t=%ld backoff=%u reconnects=%" PRIu64 " error=%s\n",
	       upstream_state_name(s), ms(t), st.backoff_ms, st.reconnects,
	       upstream_last_error(t->up));
	if (s == UPSTREAM_CONNECTING)
		t->pull_frames = 0;
	if (s == UPSTREAM_BACKOFF || s == UPSTREAM_IDLE) {
		for (i = 0; i < RING_TRACKS_MAX; i++)
			t->resumed[i] = t->have[i];
	}
}

/* Finds the encoding of each m= section: the rtpmap of its first payload
 * type, or the static type (RFC 3551: 0 PCMU, 8 PCMA). */
static void on_sdp(void *arg, const char *sdp)
{
	struct test *t = arg;
	char **lines = g_strsplit(sdp, "\n", -1);
	char video[32] = "none", audio[32] = "none";
	char *cur = NULL;
	int track = -1, pt = -1;
	size_t i;

	for (i = 0; lines[i] != NULL; i++) {
		char *l = g_strstrip(lines[i]);
		char enc[32];
		int p;

		if (g_str_has_prefix(l, "m=")) {
			track++;
			cur = g_str_has_prefix(l, "m=video") ? video
			      : g_str_has_prefix(l, "m=audio") ? audio : NULL;
			if (cur == video)
				t->video = track;
			pt = -1;
			if (sscanf(l, "m=%*s %*d RTP/AVP %d", &pt) == 1 && cur != NULL) {
				if (pt == 0)
					g_strlcpy(cur, "PCMU", 32);
				else if (pt == 8)
					g_strlcpy(cur, "PCMA", 32);
			}
		} else if (cur != NULL && sscanf(l, "a=rtpmap:%d %31[^/]", &p, enc) == 2 && p == pt) {
			g_strlcpy(cur, enc, 32);
		}
	}
	printf("sdp video=%s audio=%s tracks=%d\n", video, audio, track + 1);
	g_strfreev(lines);
}

/* Reads the SEI send time of devsim (tests/devsim/README.md, "Send
 * times") from an H.264 payload, or returns -1. */
static int64_t sei_time(const uint8_t *p, size_t n)
{
	static const char uuid[] = "vestibule.devsim";
	char text[64];
	size_t len;
	long long v;

	if (n < 3 + 16 + 3 || (p[0] & 0x1f) != 6 || p[1] != 5)
		return -1;
	if (memcmp(p + 3, uuid, 16) != 0)
		return -1;
	len = p[2] - 16u;
	if (len >= sizeof(text) || 3 + 16 + len > n)
		return -1;
	memcpy(text, p + 19, len);
	text[len] = '\0';
	if (sscanf(text, "t=%lld", &v) != 1)
		return -1;
	return v;
}

static void read_packet(struct test *t, const struct ring_pkt *pk)
{
	const uint8_t *d = pk->data;
	unsigned k = pk->track;
	uint16_t seq = (uint16_t)(d[2] << 8 | d[3]);
	uint32_t ts = (uint32_t)d[4] << 24 | (uint32_t)d[5] << 16 | (uint32_t)d[6] << 8 | d[7];
	size_t off = 12 + 4u * (d[0] & 0x0f);
	int64_t sent;
	double lat;

	if (t->have[k] && t->resumed[k]) {
		printf("resume t=%ld track=%u seq_delta=%d ts_delta=%" PRIu32 " outage_ms=%ld\n",
		       ms(t), k, (uint16_t)(seq - t->last_seq[k]), ts - t->last_ts[k],
		       (long)((g_get_monotonic_time() - t->last_us[k]) / 1000));
		t->resumed[k] = false;
	} else if (t->have[k] && seq != (uint16_t)(t->last_seq[k] + 1)) {
		printf("seqjump t=%ld track=%u from=%u to=%u\n", ms(t), k, t->last_seq[k], seq);
	}
	t->have[k] = true;
	t->last_us[k] = g_get_monotonic_time();
	t->last_seq[k] = seq;
	t->last_ts[k] = ts;
	t->packets++;
	if ((int)k != t->video)
		return;
	if (!t->frame_ts_set || ts != t->frame_ts) {
		t->frames++;
		t->frame_ts = ts;
		t->frame_ts_set = true;
	}
	if (d[0] & 0x10)
		off += 4 + 4u * (uint16_t)(d[off + 2] << 8 | d[off + 3]);
	if (off >= pk->len || (sent = sei_time(d + off, pk->len - off)) <= 0)
		return;
	lat = (double)(g_get_real_time() - sent) / 1000.0;
	/* The first frames of a pull wait for the pipeline to come up: kept
	 * apart from the steady-state figure. */
	if (t->pull_frames++ < START_FRAMES) {
		if (lat > t->start_max)
			t->start_max = lat;
	} else if (t->nlat < LAT_MAX) {
		t->lat[t->nlat++] = lat;
	}
}

static void on_packets(void *arg)
{
	struct test *t = arg;
	struct ring_pkt pk;

	t->lost += ring_catch_up(t->ring, &t->cursor);
	for (; t->cursor < ring_head(t->ring); t->cursor++)
		if (ring_get(t->ring, t->cursor, &pk) == 0)
			read_packet(t, &pk);
}

static gboolean on_tick(void *arg)
{
	struct test *t = arg;

	printf("tick t=%ld frames=%u packets=%u lost=%" PRIu64 "\n", ms(t), t->frames, t->packets,
	       t->lost);
	t->frames = 0;
	t->packets = 0;
	return G_SOURCE_CONTINUE;
}

static gboolean on_quit(void *arg)
{
	g_main_loop_quit(((struct test *)arg)->loop);
	return G_SOURCE_REMOVE;
}

static gboolean on_usr1(void *arg)
{
	upstream_stop(((struct test *)arg)->up);
	return G_SOURCE_CONTINUE;
}

static gboolean on_usr2(void *arg)
{
	upstream_start(((struct test *)arg)->up);
	return G_SOURCE_CONTINUE;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct test t = { 0 };
	struct upstream_cb cb = { on_state, on_sdp, on_packets };
	struct upstream_stats st;
	struct ring_stats rs;
	int rc = 1;

	if (argc != 5) {
		fprintf(stderr, "usage: %s URL USER PASSWORD SECONDS\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	gst_init(NULL, NULL);
	t.video = -1;
	t.t0 = g_get_monotonic_time();
	t.lat = g_new(double, LAT_MAX);
	t.loop = g_main_loop_new(NULL, FALSE);
	t.ring = ring_new(0, 0);
	t.up = upstream_new(argv[1], strcmp(argv[2], "-") == 0 ? NULL : argv[2], argv[3], t.ring,
			    &cb, &t);
	if (t.ring == NULL || t.up == NULL) {
		fprintf(stderr, "test_upstream: cannot create the upstream\n");
		goto out;
	}
	g_timeout_add(1000, on_tick, &t);
	g_timeout_add((guint)(atof(argv[4]) * 1000), on_quit, &t);
	g_unix_signal_add(SIGTERM, on_quit, &t);
	g_unix_signal_add(SIGINT, on_quit, &t);
	g_unix_signal_add(SIGUSR1, on_usr1, &t);
	g_unix_signal_add(SIGUSR2, on_usr2, &t);
	upstream_start(t.up);
	g_main_loop_run(t.loop);

	upstream_get_stats(t.up, &st);
	ring_get_stats(t.ring, &rs);
	if (t.nlat > 0) {
		qsort(t.lat, t.nlat, sizeof(double), cmp_double);
		printf("latency n=%zu p50=%.2f p99=%.2f max=%.2f start_max=%.2f\n", t.nlat,
		       t.lat[t.nlat / 2], t.lat[t.nlat * 99 / 100], t.lat[t.nlat - 1], t.start_max);
	}
	printf("final packets=%" PRIu64 " bytes=%" PRIu64 " reconnects=%" PRIu64
	       " dropped=%" PRIu64 " rejected=%" PRIu64 " evicted=%" PRIu64 "\n",
	       st.packets_in, st.bytes_in, st.reconnects, st.packets_dropped,
	       st.packets_rejected, rs.evicted);
	rc = 0;
out:
	upstream_free(t.up);
	ring_free(t.ring);
	g_main_loop_unref(t.loop);
	g_free(t.lat);
	return rc;
}
