/* Unit tests of the relay's RTCP sender reports (media/relay/rtcp.c) and
 * of what they and RTP-Info read from the ring (the clock line of
 * ring_track_clock, ring_track_next, payload octets).  What a viewer would notice: a
 * compound packet its RTCP parser rejects (ffmpeg and GStreamer drop it,
 * so audio and video never line up), a wrong NTP time or an RTP timestamp
 * off by a wrap (lip sync seconds or hours off), or an RTP-Info naming
 * another packet than the first one it gets (a player that maps its clock
 * from it starts with a jump). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ring.h"
#include "rtcp.h"

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void sr_layout_is_byte_exact(void **state)
{
	const struct rtcp_sr sr = {
		.ssrc = 0x11223344u,
		.ntp = 0xe8a1b2c3d4e5f607ull,
		.rtp_ts = 0xdeadbeefu,
		.packets = 1000,
		.octets = 0x01020304u,
	};
	/* "c7@r": 4 bytes of CNAME -> item 2 + 4, null, padding to 8. */
	static const uint8_t want[] = {
		/* SR: V=2 RC=0, PT=200, length 6 words - 1 */
		0x80, 200, 0x00, 0x06,
		0x11, 0x22, 0x33, 0x44,
		0xe8, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07,
		0xde, 0xad, 0xbe, 0xef,
		0x00, 0x00, 0x03, 0xe8,
		0x01, 0x02, 0x03, 0x04,
		/* SDES: V=2 SC=1, PT=202, length 4 words - 1 */
		0x81, 202, 0x00, 0x03,
		0x11, 0x22, 0x33, 0x44,
		0x01, 0x04, 'c', '7', '@', 'r', 0x00, 0x00,
	};
	uint8_t buf[RTCP_SR_MAX];
	size_t len = 0;

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(rtcp_sr_write(&sr, "c7@r", buf, sizeof(buf), &len), 0);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
	/* Exactly the room it needs is enough; a byte less is refused. */
	assert_int_equal(rtcp_sr_write(&sr, "c7@r", buf, sizeof(want), &len), 0);
	assert_int_equal(rtcp_sr_write(&sr, "c7@r", buf, sizeof(want) - 1, &len), -1);
}

/* Every CNAME length pads to 32 bits with at least one null octet, and the
 * length fields add up to the bytes written. */
static void sdes_padding_and_lengths(void **state)
{
	const struct rtcp_sr sr = { .ssrc = 1 };
	char cname[RTCP_CNAME_MAX + 2];
	uint8_t buf[RTCP_SR_MAX];
	size_t n, len;

	(void)state;
	for (n = 1; n <= RTCP_CNAME_MAX; n++) {
		size_t sdes, item_end;

		memset(cname, 'x', n);
		cname[n] = '\0';
		assert_int_equal(rtcp_sr_write(&sr, cname, buf, sizeof(buf), &len), 0);
		assert_int_equal(len % 4, 0);
		assert_true(len <= RTCP_SR_MAX);
		assert_int_equal(((size_t)buf[2] << 8 | buf[3]) + 1, 7);
		sdes = ((size_t)buf[30] << 8 | buf[31]) + 1;
		assert_int_equal(28 + 4 * sdes, len);
		assert_int_equal(buf[36], 1);
		assert_int_equal(buf[37], n);
		assert_memory_equal(buf + 38, cname, n);
		item_end = 38 + n;
		assert_true(len - item_end >= 1 && len - item_end <= 4);
		for (; item_end < len; item_end++)
			assert_int_equal(buf[item_end], 0);
	}
	/* 255 bytes give the largest packet. */
	assert_int_equal(len, RTCP_SR_MAX);
	memset(cname, 'x', RTCP_CNAME_MAX + 1);
	cname[RTCP_CNAME_MAX + 1] = '\0';
	assert_int_equal(rtcp_sr_write(&sr, cname, buf, sizeof(buf), &len), -1);
	assert_int_equal(rtcp_sr_write(&sr, "", buf, sizeof(buf), &len), -1);
}

static void ntp_conversion(void **state)
{
	(void)state;
	/* The Unix epoch is NTP second 2208988800 (RFC 868). */
	assert_int_equal(rtcp_ntp_from_unix_us(0), (uint64_t)2208988800u << 32);
	/* Half a second is 2^31 of the fraction, a microsecond 4294.97. */
	assert_int_equal(rtcp_ntp_from_unix_us(1500000), (uint64_t)2208988801u << 32 | 0x80000000u);
	assert_int_equal(rtcp_ntp_from_unix_us(1), (uint64_t)2208988800u << 32 | 4294u);
	assert_int_equal(rtcp_ntp_from_unix_us(999999) & 0xffffffffu, 4294963001u);
	/* 2024-01-01T00:00:00.25Z = Unix 1704067200. */
	assert_int_equal(rtcp_ntp_from_unix_us(1704067200250000ll),
			 (uint64_t)(1704067200u + 2208988800u) << 32 | 0x40000000u);
	/* Era 0 ends at 2036-02-07T06:28:16Z (Unix 2085978496): the seconds
	 * wrap to 0, as RFC 3550 section 4 expects. */
	assert_int_equal(rtcp_ntp_from_unix_us(2085978495000000ll) >> 32, 0xffffffffu);
	assert_int_equal(rtcp_ntp_from_unix_us(2085978496000000ll), 0);
	assert_int_equal(rtcp_ntp_from_unix_us(2085978497500000ll),
			 (uint64_t)1 << 32 | 0x80000000u);
	/* Before 1970: the epoch. */
	assert_int_equal(rtcp_ntp_from_unix_us(-5), (uint64_t)2208988800u << 32);
}

/* A ring with one 90 kHz track (0) and one 8 kHz track (1). */
static struct ring *clock_ring(void)
{
	struct ring *r = ring_new(0, 0);

	assert_non_null(r);
	assert_int_equal(ring_track_set(r, 0, RING_CODEC_OTHER, 90000, 0xabcd0001u), 0);
	assert_int_equal(ring_track_set(r, 1, RING_CODEC_OTHER, 8000, 0xabcd0002u), 0);
	return r;
}

/* Pushes a packet of track with input timestamp ts at now_us (the first
 * packet of a track keeps its timestamp: the ring's offsets start at 0). */
static void push_at(struct ring *r, unsigned track, uint32_t ts, int64_t now_us)
{
	static uint16_t seq;
	uint8_t pkt[16] = { 0x80, 0x60 };

	seq++;
	pkt[2] = (uint8_t)(seq >> 8);
	pkt[3] = (uint8_t)seq;
	pkt[4] = (uint8_t)(ts >> 24);
	pkt[5] = (uint8_t)(ts >> 16);
	pkt[6] = (uint8_t)(ts >> 8);
	pkt[7] = (uint8_t)ts;
	assert_int_equal(ring_push(r, track, pkt, sizeof(pkt), now_us), 0);
}

/* The RTP time of now, as a report gives it. */
static uint32_t clock_at(const struct ring *r, unsigned track, int64_t now_us)
{
	uint32_t ssrc, ts;

	assert_int_equal(ring_track_clock(r, track, now_us, &ssrc, &ts), 0);
	return ts;
}

/* The elapsed ticks minus the line's leak (1/4096, rounded down). */
static uint32_t leaked(uint64_t k)
{
	return (uint32_t)(k - (k >> 12));
}

static void timestamp_extrapolation(void **state)
{
	struct ring *r = clock_ring();
	uint32_t ssrc, ts;

	(void)state;
	assert_int_equal(ring_track_clock(r, 0, 0, &ssrc, &ts), -1);
	push_at(r, 0, 1000, 5000000);
	push_at(r, 1, 1000, 5000000);
	assert_int_equal(ring_track_clock(r, 1, 5000000, &ssrc, &ts), 0);
	assert_int_equal(ssrc, 0xabcd0002u);
	assert_int_equal(ts, 1000);
	assert_int_equal(ring_track_clock(r, 2, 5000000, &ssrc, &ts), -1);
	assert_int_equal(ring_track_clock(r, RING_TRACKS_MAX, 5000000, &ssrc, &ts), -1);
	/* 40 ms at 90 kHz is 3600 ticks; 20 ms at 8 kHz is 160. */
	assert_int_equal(clock_at(r, 0, 5040000), 1000 + leaked(3600));
	assert_int_equal(clock_at(r, 1, 5020000), 1000 + 160);
	/* Rounded down: 1 us at 90 kHz is 0.09 of a tick. */
	assert_int_equal(clock_at(r, 0, 5000001), 1000);
	assert_int_equal(clock_at(r, 0, 5000000 + 11112), 1000 + 1000);
	/* A time before the line's point counts as no time elapsed. */
	assert_int_equal(clock_at(r, 0, 100), 1000);
	/* A day at 90 kHz is 7776000000 ticks: modulo 2^32.  Years apart (a
	 * long-running host) add up without overflow. */
	assert_int_equal(clock_at(r, 0, 5000000 + 86400ll * 1000000),
			 (uint32_t)(1000 + leaked(7776000000ull)));
	assert_int_equal(clock_at(r, 1, 5000000 + 315360000ll * 1000000 + 500000),
			 (uint32_t)(1000 + leaked(315360000ull * 8000 + 4000)));
	ring_free(r);

	/* The 32-bit wrap: 0xffffff00 + 1 s at 90 kHz, then packets past it. */
	r = clock_ring();
	push_at(r, 0, 0xffffff00u, 0);
	assert_int_equal(clock_at(r, 0, 1000000), (uint32_t)(0xffffff00u + leaked(90000)));
	push_at(r, 0, 0xffffff00u + 3600, 40000);
	assert_int_equal(clock_at(r, 0, 40000), 0xffffff00u + 3600);
	assert_int_equal(clock_at(r, 0, 80000), 0xffffff00u + 3600 + leaked(3600));
	ring_free(r);
}

/* The clock line follows the packets that came earliest for their
 * timestamp: jitter does not move it, an early packet does, a clock step
 * back resets it, and a camera clock slower than the relay's by less than
 * the leak is followed. */
static void clock_line_ignores_jitter(void **state)
{
	struct ring *r = clock_ring();
	uint32_t first, ts;
	int64_t t;
	unsigned i;

	(void)state;
	/* 25 fps, each frame 0 to 30 ms late (the first one on time). */
	for (i = 0; i < 250; i++)
		push_at(r, 0, 3600 * i, 40000ll * i + (i % 7) * 5000);
	/* Ten seconds on: the on-time frames' line, less the leak. */
	t = 40000ll * 249 + 30000;
	ts = clock_at(r, 0, t);
	first = 3600 * 249 + 2700;
	assert_true(ts <= first && first - ts <= 900000 / 4096 + 1);
	/* Reports 5 s apart step by 5 s of ticks, whatever the newest packet's
	 * lateness was (here 30 ms, then 0). */
	push_at(r, 0, 3600 * 250, 40000ll * 250 + 30000);
	ts = clock_at(r, 0, 40000ll * 250 + 30000);
	push_at(r, 0, 3600 * 375, 40000ll * 375);
	assert_true(clock_at(r, 0, 40000ll * 375 + 30000) - ts >= 450000 - 120 &&
		    clock_at(r, 0, 40000ll * 375 + 30000) - ts <= 450000 + 3600);

	/* An early packet (here 20 ms) lifts the line to itself. */
	push_at(r, 0, 3600 * 376, 40000ll * 376 - 20000);
	assert_int_equal(clock_at(r, 0, 40000ll * 376 - 20000), 3600 * 376);
	/* A packet half a second late leaves it; one 2 s late (the camera's
	 * clock stepped back) resets it. */
	push_at(r, 0, 3600 * 377, 40000ll * 377 + 500000);
	assert_int_equal(clock_at(r, 0, 40000ll * 376 - 20000), 3600 * 376);
	push_at(r, 0, 3600 * 378, 40000ll * 378 + 2000000);
	assert_int_equal(clock_at(r, 0, 40000ll * 378 + 2000000), 3600 * 378);
	ring_free(r);

	/* 8 kHz audio from a clock 100 ppm slow: 20 ms packets of 159.984
	 * ticks.  After 10 minutes the line is within 2 ms of the packets. */
	r = clock_ring();
	for (i = 0; i < 30000; i++)
		push_at(r, 1, (uint32_t)(i * 159.984), 20000ll * i);
	ts = clock_at(r, 1, 20000ll * 29999);
	first = (uint32_t)(29999 * 159.984);
	assert_true((int32_t)(ts - first) <= 16 && (int32_t)(first - ts) <= 16);
	ring_free(r);
}

static void rtp_header_fields(void **state)
{
	static const uint8_t pkt[12] = { 0x80, 0x60, 0xfe, 0xdc, 0x89, 0xab, 0xcd, 0xef,
					 1, 2, 3, 4 };
	uint16_t seq;
	uint32_t ts;

	(void)state;
	rtcp_rtp_header(pkt, &seq, &ts);
	assert_int_equal(seq, 0xfedc);
	assert_int_equal(ts, 0x89abcdefu);
	assert_int_equal(rd32(pkt + 4), ts);
}

/* The ring's side of RTP-Info and the octet counts: the first packet of
 * each track after a cursor, payload octets. */
static void ring_pieces(void **state)
{
	struct ring *r = ring_new(0, 0);
	uint8_t pkt[64];
	struct ring_pkt pk;
	unsigned i;

	(void)state;
	assert_non_null(r);
	assert_int_equal(ring_track_set(r, 0, RING_CODEC_OTHER, 90000, 0xabcd0001u), 0);
	assert_int_equal(ring_track_set(r, 1, RING_CODEC_OTHER, 8000, 0xabcd0002u), 0);
	assert_int_equal(ring_track_next(r, 0, 0), RING_NONE);

	/* Video 0, 1, audio 2, video 3: 20 payload bytes, the audio one with
	 * a CSRC and 3 bytes of padding. */
	for (i = 0; i < 4; i++) {
		size_t len = 12 + 20;

		memset(pkt, 0, sizeof(pkt));
		pkt[0] = 0x80;
		pkt[3] = (uint8_t)i;
		if (i == 2) {
			pkt[0] = 0x80 | 0x20 | 1;
			len += 4 + 3;
			pkt[len - 1] = 3;
		}
		assert_int_equal(ring_push(r, i == 2 ? 1 : 0, pkt, len, 0), 0);
	}
	assert_int_equal(ring_track_next(r, 0, 0), 0);
	assert_int_equal(ring_track_next(r, 0, 2), 3);
	assert_int_equal(ring_track_next(r, 1, 0), 2);
	assert_int_equal(ring_track_next(r, 1, 3), RING_NONE);
	assert_int_equal(ring_track_next(r, 2, 0), RING_NONE);
	assert_int_equal(ring_track_next(r, 0, 4), RING_NONE);
	for (i = 0; i < 4; i++) {
		assert_int_equal(ring_get(r, i, &pk), 0);
		assert_int_equal(pk.payload, 20);
	}
	ring_free(r);
}

/* A cursor below the tail is read from the tail. */
static void ring_next_from_below_the_tail(void **state)
{
	struct ring *r = ring_new(RING_PKT_MAX, 4);
	uint8_t pkt[12] = { 0x80 };
	unsigned i;

	(void)state;
	assert_non_null(r);
	assert_int_equal(ring_track_set(r, 0, RING_CODEC_OTHER, 8000, 1), 0);
	for (i = 0; i < 6; i++)
		assert_int_equal(ring_push(r, 0, pkt, sizeof(pkt), 0), 0);
	assert_int_equal(ring_track_next(r, 0, 0), 2);
	ring_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sr_layout_is_byte_exact),
		cmocka_unit_test(sdes_padding_and_lengths),
		cmocka_unit_test(ntp_conversion),
		cmocka_unit_test(timestamp_extrapolation),
		cmocka_unit_test(clock_line_ignores_jitter),
		cmocka_unit_test(rtp_header_fields),
		cmocka_unit_test(ring_pieces),
		cmocka_unit_test(ring_next_from_below_the_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
