/* Unit tests of the relay's packet ring (media/relay/ring.c), with
 * synthetic RTP packets.  What a viewer would notice: a late joiner that
 * does not start at a decodable keyframe (grey picture for up to a GOP), a
 * slow viewer handed half a GOP after it fell behind, or a jump in the
 * sequence numbers or timestamps when the camera reboots (players stall
 * or resynchronise). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ring.h"

#define SSRC_IN 0x11111111u
#define SSRC_V 0xabcd0001u
#define SSRC_A 0xabcd0002u
#define V 0   /* the video track */
#define A 1   /* the audio track */

/* One pushed packet's input header. */
struct hdr {
	uint16_t seq;
	uint32_t ts;
	bool marker;
};

/* build writes an RTP packet (RFC 3550 5.1) with payload p/n into buf and
 * returns its length. */
static size_t build(uint8_t *buf, struct hdr h, const uint8_t *p, size_t n)
{
	buf[0] = 0x80;
	buf[1] = (uint8_t)((h.marker ? 0x80 : 0) | 96);
	buf[2] = (uint8_t)(h.seq >> 8);
	buf[3] = (uint8_t)h.seq;
	buf[4] = (uint8_t)(h.ts >> 24);
	buf[5] = (uint8_t)(h.ts >> 16);
	buf[6] = (uint8_t)(h.ts >> 8);
	buf[7] = (uint8_t)h.ts;
	buf[8] = (uint8_t)(SSRC_IN >> 24);
	buf[9] = (uint8_t)(SSRC_IN >> 16);
	buf[10] = (uint8_t)(SSRC_IN >> 8);
	buf[11] = (uint8_t)SSRC_IN;
	memcpy(buf + 12, p, n);
	return 12 + n;
}

/* push adds a packet with payload p/n and returns its ring index. */
static uint64_t push(struct ring *r, unsigned track, uint16_t seq, uint32_t ts, bool marker,
		     const uint8_t *p, size_t n, int64_t now_us)
{
	uint8_t buf[2048];
	uint64_t index = ring_head(r);
	size_t len = build(buf, (struct hdr){ seq, ts, marker }, p, n);

	assert_int_equal(ring_push(r, track, buf, len, now_us), 0);
	return index;
}

static uint16_t out_seq(const struct ring *r, uint64_t index)
{
	struct ring_pkt pk;

	assert_int_equal(ring_get(r, index, &pk), 0);
	return (uint16_t)(pk.data[2] << 8 | pk.data[3]);
}

static uint32_t out_ts(const struct ring *r, uint64_t index)
{
	struct ring_pkt pk;

	assert_int_equal(ring_get(r, index, &pk), 0);
	return (uint32_t)pk.data[4] << 24 | (uint32_t)pk.data[5] << 16 |
	       (uint32_t)pk.data[6] << 8 | pk.data[7];
}

static uint32_t out_ssrc(const struct ring *r, uint64_t index)
{
	struct ring_pkt pk;

	assert_int_equal(ring_get(r, index, &pk), 0);
	return (uint32_t)pk.data[8] << 24 | (uint32_t)pk.data[9] << 16 |
	       (uint32_t)pk.data[10] << 8 | pk.data[11];
}

static bool is_key(const struct ring *r, uint64_t index)
{
	struct ring_pkt pk;

	assert_int_equal(ring_get(r, index, &pk), 0);
	return (pk.flags & RING_PKT_KEY) != 0;
}

static struct ring *new_ring(enum ring_codec codec, size_t bytes, uint32_t packets)
{
	struct ring *r = ring_new(bytes, packets);

	assert_non_null(r);
	assert_int_equal(ring_track_set(r, V, codec, 90000, SSRC_V), 0);
	assert_int_equal(ring_track_set(r, A, RING_CODEC_OTHER, 8000, SSRC_A), 0);
	return r;
}

/* H.264 NAL units (RFC 6184): header byte nal_ref_idc 3 | type. */
static const uint8_t SPS[] = { 0x67, 0x4d, 0x00, 0x1f };
static const uint8_t PPS[] = { 0x68, 0xee, 0x3c, 0x80 };
static const uint8_t SEI[] = { 0x06, 0x05, 0x01, 0x80 };
static const uint8_t IDR[] = { 0x65, 0x88, 0x84, 0x00 };
static const uint8_t PSLICE[] = { 0x41, 0x9a, 0x02, 0x00 };
static const uint8_t AUD[] = { 0x09, 0x10 };
static const uint8_t PCMU[] = { 0xff, 0xfe, 0xfd, 0xfc };

/* An H.264 FU-A fragment (RFC 6184 5.8) of a NAL of type type. */
static void fua(uint8_t out[4], uint8_t type, bool start, bool end)
{
	out[0] = 0x60 | 28;
	out[1] = (uint8_t)((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
	out[2] = 0xaa;
	out[3] = 0xbb;
}

static void h264_single_nal_units(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 0);
	uint64_t sps, i;

	(void)state;
	/* Before any keyframe a viewer starts with the next packet. */
	assert_int_equal(ring_join(r), 0);
	push(r, V, 1, 0, true, PSLICE, sizeof(PSLICE), 0);
	assert_int_equal(ring_join(r), 1);

	/* devsim's keyframe: SPS, PPS, SEI, IDR, same timestamp. */
	sps = push(r, V, 2, 3600, false, SPS, sizeof(SPS), 1);
	push(r, V, 3, 3600, false, PPS, sizeof(PPS), 1);
	/* No IDR yet: parameter sets alone are not a keyframe. */
	assert_int_equal(ring_join(r), ring_head(r));
	push(r, V, 4, 3600, false, SEI, sizeof(SEI), 1);
	i = push(r, V, 5, 3600, true, IDR, sizeof(IDR), 1);
	assert_int_equal(ring_join(r), sps);
	assert_true(is_key(r, sps));
	assert_false(is_key(r, i));

	/* P frames keep the join point; so does a P frame with an SPS repeated
	 * in front of it (some cameras do), since it has no IDR. */
	push(r, V, 6, 7200, true, PSLICE, sizeof(PSLICE), 2);
	push(r, V, 7, 10800, false, SPS, sizeof(SPS), 3);
	i = push(r, V, 8, 10800, true, PSLICE, sizeof(PSLICE), 3);
	assert_int_equal(ring_join(r), sps);
	assert_false(is_key(r, i - 1));

	/* An IDR without parameter sets in band (they are in the SDP): the
	 * join point is its own first packet, here an access unit delimiter. */
	i = push(r, V, 9, 14400, false, AUD, sizeof(AUD), 4);
	push(r, V, 10, 14400, true, IDR, sizeof(IDR), 4);
	assert_int_equal(ring_join(r), i);
	ring_free(r);
}

static void h264_stap_a_and_fu_a(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 0);
	uint8_t stap[64], frag[4];
	size_t n = 0;
	uint64_t first, i;

	(void)state;
	/* STAP-A (RFC 6184 5.7.1) with SPS and PPS, then the IDR in FU-As. */
	stap[n++] = 0x78;
	stap[n++] = 0;
	stap[n++] = sizeof(SPS);
	memcpy(stap + n, SPS, sizeof(SPS));
	n += sizeof(SPS);
	stap[n++] = 0;
	stap[n++] = sizeof(PPS);
	memcpy(stap + n, PPS, sizeof(PPS));
	n += sizeof(PPS);
	first = push(r, V, 100, 9000, false, stap, n, 0);
	fua(frag, 5, true, false);
	push(r, V, 101, 9000, false, frag, sizeof(frag), 0);
	fua(frag, 5, false, true);
	push(r, V, 102, 9000, true, frag, sizeof(frag), 0);
	assert_int_equal(ring_join(r), first);

	/* A STAP-A holding an IDR is a keyframe by itself. */
	n = 0;
	stap[n++] = 0x78;
	stap[n++] = 0;
	stap[n++] = sizeof(IDR);
	memcpy(stap + n, IDR, sizeof(IDR));
	n += sizeof(IDR);
	i = push(r, V, 103, 12600, true, stap, n, 1);
	assert_int_equal(ring_join(r), i);

	/* FU-A: only the start fragment tells the type; a P frame in FU-As
	 * and a lone middle fragment of an IDR (its start lost) are no
	 * keyframe. */
	fua(frag, 1, true, false);
	push(r, V, 104, 16200, false, frag, sizeof(frag), 2);
	fua(frag, 1, false, true);
	push(r, V, 105, 16200, true, frag, sizeof(frag), 2);
	fua(frag, 5, false, false);
	push(r, V, 106, 19800, false, frag, sizeof(frag), 3);
	fua(frag, 5, false, true);
	push(r, V, 107, 19800, true, frag, sizeof(frag), 3);
	assert_int_equal(ring_join(r), i);
	fua(frag, 5, true, false);
	i = push(r, V, 108, 23400, false, frag, sizeof(frag), 4);
	assert_int_equal(ring_join(r), i);
	ring_free(r);
}

static bool is_frame_end(const struct ring *r, uint64_t index)
{
	struct ring_pkt pk;

	assert_int_equal(ring_get(r, index, &pk), 0);
	return (pk.flags & RING_PKT_FRAME_END) != 0;
}

/* The relay sends viewers a video frame when its last packet (marker bit)
 * is in: only a video track's marker ends a frame, not audio's (RFC 3551
 * uses it for the start of a talkspurt). */
static void frame_ends_follow_the_video_marker(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 0);
	uint8_t frag[4];
	uint64_t a, b, c, d;

	(void)state;
	fua(frag, 5, true, false);
	a = push(r, V, 1, 9000, false, frag, sizeof(frag), 0);
	b = push(r, A, 7, 800, true, PCMU, sizeof(PCMU), 0);
	fua(frag, 5, false, true);
	c = push(r, V, 2, 9000, true, frag, sizeof(frag), 0);
	d = push(r, V, 3, 12600, true, PSLICE, sizeof(PSLICE), 1);
	assert_false(is_frame_end(r, a));
	assert_false(is_frame_end(r, b));
	assert_true(is_frame_end(r, c));
	assert_true(is_frame_end(r, d));
	/* The keyframe's first packet is a join point and no frame end. */
	assert_true(is_key(r, a));
	ring_free(r);
}

static void h264_parameter_sets_in_their_own_access_unit(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 0);
	uint64_t sps, i;

	(void)state;
	/* Some cameras send SPS/PPS with a timestamp (and marker) of their
	 * own before the IDR: the joiner must get them too.  Audio packets
	 * in between do not matter. */
	sps = push(r, V, 1, 1000, false, SPS, sizeof(SPS), 0);
	push(r, V, 2, 1000, true, PPS, sizeof(PPS), 0);
	push(r, A, 50, 160, true, PCMU, sizeof(PCMU), 0);
	push(r, V, 3, 4600, true, IDR, sizeof(IDR), 0);
	assert_int_equal(ring_join(r), sps);

	/* Parameter sets followed by a P frame are stale for the next IDR. */
	push(r, V, 4, 8200, true, SPS, sizeof(SPS), 1);
	push(r, V, 5, 11800, true, PSLICE, sizeof(PSLICE), 1);
	i = push(r, V, 6, 15400, true, IDR, sizeof(IDR), 2);
	assert_int_equal(ring_join(r), i);

	/* Audio tracks never give join points. */
	push(r, A, 51, 320, true, IDR, sizeof(IDR), 2);
	assert_int_equal(ring_join(r), i);
	ring_free(r);
}

/* H.265 NAL unit header (RFC 7798 1.1.4): type << 1, then TID 1. */
#define H265(type) (uint8_t)((type) << 1), 0x01

static void h265_packetisations(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H265, 0, 0);
	const uint8_t vps[] = { H265(32), 0x0c }, sps[] = { H265(33), 0x01 };
	const uint8_t pps[] = { H265(34), 0xc1 }, idr[] = { H265(19), 0xaf };
	const uint8_t trail[] = { H265(1), 0xd0 }, cra[] = { H265(21), 0x50 };
	uint8_t ap[64], fu[4];
	size_t n = 0;
	uint64_t first, i;

	(void)state;
	/* Single NAL unit packets: VPS, SPS, PPS, IDR_W_RADL. */
	first = push(r, V, 1, 0, false, vps, sizeof(vps), 0);
	push(r, V, 2, 0, false, sps, sizeof(sps), 0);
	push(r, V, 3, 0, false, pps, sizeof(pps), 0);
	push(r, V, 4, 0, true, idr, sizeof(idr), 0);
	assert_int_equal(ring_join(r), first);
	push(r, V, 5, 3600, true, trail, sizeof(trail), 1);
	assert_int_equal(ring_join(r), first);

	/* AP (type 48, RFC 7798 4.4.2) with the parameter sets, then the IDR
	 * in FUs (type 49, 4.4.3; IDR_N_LP 20). */
	ap[n++] = 48 << 1;
	ap[n++] = 0x01;
	ap[n++] = 0;
	ap[n++] = sizeof(vps);
	memcpy(ap + n, vps, sizeof(vps));
	n += sizeof(vps);
	ap[n++] = 0;
	ap[n++] = sizeof(sps);
	memcpy(ap + n, sps, sizeof(sps));
	n += sizeof(sps);
	ap[n++] = 0;
	ap[n++] = sizeof(pps);
	memcpy(ap + n, pps, sizeof(pps));
	n += sizeof(pps);
	first = push(r, V, 6, 7200, false, ap, n, 2);
	fu[0] = 49 << 1;
	fu[1] = 0x01;
	fu[2] = 0x80 | 20;
	fu[3] = 0xee;
	push(r, V, 7, 7200, false, fu, sizeof(fu), 2);
	fu[2] = 0x40 | 20;
	push(r, V, 8, 7200, true, fu, sizeof(fu), 2);
	assert_int_equal(ring_join(r), first);

	/* A TRAIL_R in FUs is no keyframe; a CRA (21) is. */
	fu[2] = 0x80 | 1;
	push(r, V, 9, 10800, false, fu, sizeof(fu), 3);
	fu[2] = 0x40 | 1;
	push(r, V, 10, 10800, true, fu, sizeof(fu), 3);
	assert_int_equal(ring_join(r), first);
	i = push(r, V, 11, 14400, true, cra, sizeof(cra), 4);
	assert_int_equal(ring_join(r), i);

	/* An AP holding an IRAP is a keyframe (BLA_W_LP, 16). */
	n = 0;
	ap[n++] = 48 << 1;
	ap[n++] = 0x01;
	ap[n++] = 0;
	ap[n++] = 2;
	ap[n++] = 16 << 1;
	ap[n++] = 0x01;
	i = push(r, V, 12, 18000, true, ap, n, 5);
	assert_int_equal(ring_join(r), i);
	ring_free(r);
}

/* gop pushes a GOP of n video packets (keyframe: SPS then IDR, then P
 * frames, one packet each) and returns the index of its join point. */
static uint64_t gop(struct ring *r, uint16_t *seq, uint32_t *ts, int n, int64_t now_us)
{
	uint64_t first = push(r, V, (*seq)++, *ts, false, SPS, sizeof(SPS), now_us);
	int i;

	push(r, V, (*seq)++, *ts, true, IDR, sizeof(IDR), now_us);
	for (i = 2; i < n; i++) {
		*ts += 3600;
		push(r, V, (*seq)++, *ts, true, PSLICE, sizeof(PSLICE), now_us);
	}
	*ts += 3600;
	return first;
}

static void slow_cursor_drops_to_the_latest_gop(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 32);
	uint16_t seq = 0;
	uint32_t ts = 0;
	uint64_t cursor = 0, keen = 0, key = 0, lost;
	struct ring_stats st;
	int g;

	(void)state;
	/* Five GOPs of 10 packets in a ring of 32: the first 18 are gone. */
	for (g = 0; g < 5; g++)
		key = gop(r, &seq, &ts, 10, g);
	ring_get_stats(r, &st);
	assert_int_equal(st.head, 50);
	assert_int_equal(st.tail, 18);
	assert_int_equal(st.evicted, 18);
	assert_int_equal(key, 40);
	assert_int_equal(ring_join(r), 40);

	/* A viewer still at packet 0 lost everything up to the last GOP. */
	lost = ring_catch_up(r, &cursor);
	assert_int_equal(cursor, 40);
	assert_int_equal(lost, 40);
	/* A viewer within the ring keeps its place. */
	keen = 20;
	assert_int_equal(ring_catch_up(r, &keen), 0);
	assert_int_equal(keen, 20);
	assert_int_equal(out_seq(r, keen), 20);
	/* A cursor from the future is clamped. */
	keen = 99;
	assert_int_equal(ring_catch_up(r, &keen), 0);
	assert_int_equal(keen, 50);
	ring_free(r);
}

static void gop_longer_than_the_ring(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 16);
	uint16_t seq = 0;
	uint32_t ts = 0;
	uint64_t cursor = 0;

	(void)state;
	/* A 40-packet GOP in 16 slots: its keyframe is evicted, so a late
	 * joiner and a slow viewer both go to the head and wait. */
	gop(r, &seq, &ts, 40, 0);
	assert_int_equal(ring_join(r), 40);
	assert_int_equal(ring_catch_up(r, &cursor), 40);
	assert_int_equal(cursor, 40);
	ring_free(r);
}

static void sequence_and_timestamp_wrap(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 0);
	uint64_t i;

	(void)state;
	/* Before any restart the numbering passes through, wrapping as the
	 * camera's does (RFC 3550: both are modular). */
	i = push(r, V, 65534, 0xfffff000u, true, PSLICE, sizeof(PSLICE), 0);
	push(r, V, 65535, 0xfffff000u + 3600, true, PSLICE, sizeof(PSLICE), 40000);
	push(r, V, 0, 0xfffff000u + 7200, true, PSLICE, sizeof(PSLICE), 80000);
	assert_int_equal(out_seq(r, i), 65534);
	assert_int_equal(out_seq(r, i + 1), 65535);
	assert_int_equal(out_seq(r, i + 2), 0);
	assert_int_equal(out_ts(r, i + 2), (uint32_t)(0xfffff000u + 7200));
	assert_int_equal(out_ssrc(r, i), SSRC_V);

	/* A restart whose continuation crosses 2^16 and 2^32: the last output
	 * was seq 0 and ts 0xfffff000 + 7200 (= 0x00000c20 after the wrap)... */
	push(r, V, 65535, 0xffffff00u, true, PSLICE, sizeof(PSLICE), 120000);
	assert_int_equal(out_seq(r, i + 3), 65535);
	assert_int_equal(out_ts(r, i + 3), 0xffffff00u);
	ring_upstream_restart(r);
	/* ... and 1 s later a new stream starts at seq 7, ts 5. */
	push(r, V, 7, 5, true, IDR, sizeof(IDR), 1120000);
	assert_int_equal(out_seq(r, i + 4), 0);
	assert_int_equal(out_ts(r, i + 4), (uint32_t)(0xffffff00u + 90000));
	push(r, V, 8, 5 + 3600, true, PSLICE, sizeof(PSLICE), 1160000);
	assert_int_equal(out_seq(r, i + 5), 1);
	assert_int_equal(out_ts(r, i + 5), (uint32_t)(0xffffff00u + 90000 + 3600));
	ring_free(r);
}

static void restart_continuity(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 0);
	uint16_t seq = 100;
	uint32_t ts = 9000;
	uint64_t cursor, i, key;
	uint16_t last_v;
	uint32_t last_vts, last_ats, rts;
	int64_t when;

	(void)state;
	key = gop(r, &seq, &ts, 10, 1000000);
	push(r, A, 500, 80000, true, PCMU, sizeof(PCMU), 1000000);
	assert_int_equal(ring_join(r), key);
	cursor = ring_join(r);
	last_v = out_seq(r, ring_head(r) - 2);
	last_vts = out_ts(r, ring_head(r) - 2);
	last_ats = out_ts(r, ring_head(r) - 1);
	assert_int_equal(ring_track_last(r, A, &rts, &when), 0);
	assert_int_equal(rts, last_ats);
	assert_int_equal(when, 1000000);

	/* The camera reboots: the held GOP stays for connected viewers, but
	 * late joiners wait for the new stream's keyframe. */
	ring_upstream_restart(r);
	assert_int_equal(ring_join(r), ring_head(r));
	assert_int_equal(ring_catch_up(r, &cursor), 0);
	/* The tracks declared again by the new pull keep their SSRC. */
	assert_int_equal(ring_track_set(r, V, RING_CODEC_H264, 90000, 0x5555), 0);

	/* 2.5 s later the new stream starts with unrelated numbering; its
	 * first packets are P frames (the keyframe comes later). */
	i = push(r, V, 40000, 123456, true, PSLICE, sizeof(PSLICE), 3500000);
	assert_int_equal(out_seq(r, i), (uint16_t)(last_v + 1));
	assert_int_equal(out_ts(r, i), last_vts + 225000);
	assert_int_equal(out_ssrc(r, i), SSRC_V);
	assert_int_equal(ring_join(r), ring_head(r));
	i = push(r, A, 9, 4242, true, PCMU, sizeof(PCMU), 3510000);
	assert_int_equal(out_seq(r, i), 501);
	assert_int_equal(out_ts(r, i), last_ats + 20080);
	assert_int_equal(out_ssrc(r, i), SSRC_A);
	/* Later packets keep the new offsets. */
	i = push(r, V, 40001, 123456 + 3600, false, SPS, sizeof(SPS), 3540000);
	push(r, V, 40002, 123456 + 3600, true, IDR, sizeof(IDR), 3540000);
	assert_int_equal(out_seq(r, i), (uint16_t)(last_v + 2));
	assert_int_equal(out_ts(r, i), last_vts + 225000 + 3600);
	assert_int_equal(ring_join(r), i);

	/* A restart at once (no time passed) still advances the timestamp,
	 * so the next frame never merges with the last one. */
	ring_upstream_restart(r);
	i = push(r, V, 1, 1, true, IDR, sizeof(IDR), 3540000);
	assert_int_equal(out_ts(r, i), last_vts + 225000 + 3600 + 1);
	ring_free(r);
}

/* Fills a payload with a pattern derived from n so a read-back can tell
 * whether another packet overwrote it. */
static void pattern(uint8_t *p, size_t len, unsigned n)
{
	size_t i;

	p[0] = 0x41;   /* a P slice */
	for (i = 1; i < len; i++)
		p[i] = (uint8_t)(n * 7 + i);
}

static void byte_bound_and_wrap_keep_packets_intact(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, RING_PKT_MAX, 0);
	uint8_t payload[1500];
	struct ring_stats st;
	struct ring_pkt pk;
	uint64_t i;
	unsigned n;

	(void)state;
	/* Sizes from 100 to 1499 bytes so packets wrap at every offset. */
	for (n = 0; n < 3000; n++) {
		size_t len = 100 + (n * 389) % 1400;

		pattern(payload, len, n);
		push(r, V, (uint16_t)n, n * 3600, true, payload, len, n);
		ring_get_stats(r, &st);
		assert_true(st.bytes <= RING_PKT_MAX);
	}
	ring_get_stats(r, &st);
	assert_true(st.tail > 0);
	assert_int_equal(st.evicted, st.tail);
	assert_true(st.head - st.tail > 40);   /* the space is used, not wasted */
	for (i = st.tail; i < st.head; i++) {
		size_t len = 100 + (i * 389) % 1400;

		assert_int_equal(ring_get(r, i, &pk), 0);
		assert_int_equal(pk.len, 12 + len);
		pattern(payload, len, (unsigned)i);
		assert_memory_equal(pk.data + 12, payload, len);
		assert_int_equal(out_seq(r, i), (uint16_t)i);
	}
	assert_int_equal(ring_get(r, st.tail - 1, &pk), -1);
	assert_int_equal(ring_get(r, st.head, &pk), -1);

	/* The largest packet fits, alone. */
	{
		static uint8_t big[RING_PKT_MAX];

		memset(big, 0x41, sizeof(big));
		big[0] = 0x80;
		assert_int_equal(ring_push(r, V, big, sizeof(big), 5000), 0);
		ring_get_stats(r, &st);
		assert_int_equal(st.head - st.tail, 1);
		assert_int_equal(st.bytes, RING_PKT_MAX);
	}
	ring_free(r);
}

static void malformed_packets_are_refused(void **state)
{
	struct ring *r = new_ring(RING_CODEC_H264, 0, 0);
	uint8_t buf[64];
	size_t len = build(buf, (struct hdr){ 1, 1, true }, IDR, sizeof(IDR));
	struct ring_stats st;

	(void)state;
	assert_int_equal(ring_push(r, V, buf, 11, 0), -1);           /* short */
	assert_int_equal(ring_push(r, 2, buf, len, 0), -1);          /* undeclared */
	assert_int_equal(ring_push(r, RING_TRACKS_MAX, buf, len, 0), -1);
	buf[0] = 0x40;                                               /* version 1 */
	assert_int_equal(ring_push(r, V, buf, len, 0), -1);
	buf[0] = 0x8f;                                               /* 15 CSRCs */
	assert_int_equal(ring_push(r, V, buf, len, 0), -1);
	buf[0] = 0x90;                                               /* extension past the end */
	assert_int_equal(ring_push(r, V, buf, len, 0), -1);
	buf[0] = 0xa0;                                               /* padding longer than payload */
	buf[len - 1] = 200;
	assert_int_equal(ring_push(r, V, buf, len, 0), -1);
	ring_get_stats(r, &st);
	assert_int_equal(st.rejected, 7);
	assert_int_equal(st.head, 0);
	assert_int_equal(st.bytes, 0);

	/* CSRCs, a header extension and padding are skipped to find the
	 * payload (RFC 3550 5.1, 5.3.1). */
	len = 0;
	buf[len++] = 0xb1;   /* V=2, P, X, CC=1 */
	buf[len++] = 0x80 | 96;
	buf[len++] = 0;
	buf[len++] = 9;
	memset(buf + len, 0, 8);
	len += 8;
	memset(buf + len, 0x22, 4);   /* CSRC */
	len += 4;
	buf[len++] = 0xbe;   /* extension: profile, 1 word */
	buf[len++] = 0xde;
	buf[len++] = 0;
	buf[len++] = 1;
	memset(buf + len, 0, 4);
	len += 4;
	memcpy(buf + len, IDR, sizeof(IDR));
	len += sizeof(IDR);
	buf[len++] = 0;
	buf[len++] = 2;      /* two bytes of padding */
	assert_int_equal(ring_push(r, V, buf, len, 0), 0);
	assert_int_equal(ring_join(r), 0);
	assert_true(is_key(r, 0));

	/* Bad declarations and bounds. */
	assert_int_equal(ring_track_set(r, RING_TRACKS_MAX, RING_CODEC_H264, 90000, 1), -1);
	assert_int_equal(ring_track_set(r, 2, RING_CODEC_OTHER, 0, 1), -1);
	assert_null(ring_new(RING_PKT_MAX - 1, 16));
	ring_free(r);
	ring_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(h264_single_nal_units),
		cmocka_unit_test(h264_stap_a_and_fu_a),
		cmocka_unit_test(frame_ends_follow_the_video_marker),
		cmocka_unit_test(h264_parameter_sets_in_their_own_access_unit),
		cmocka_unit_test(h265_packetisations),
		cmocka_unit_test(slow_cursor_drops_to_the_latest_gop),
		cmocka_unit_test(gop_longer_than_the_ring),
		cmocka_unit_test(sequence_and_timestamp_wrap),
		cmocka_unit_test(restart_continuity),
		cmocka_unit_test(byte_bound_and_wrap_keep_packets_intact),
		cmocka_unit_test(malformed_packets_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
