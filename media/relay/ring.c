/*
 * ring.c - the per-source packet ring (see ring.h).
 *
 * Storage: a slot array indexed by packet index modulo max_packets, and one
 * byte buffer of max_bytes in which every packet is stored contiguously (a
 * packet that does not fit before the end of the buffer starts again at
 * offset 0), so a viewer's writev takes one iovec per packet.  Packets sit
 * in the buffer in index order, which makes the free space easy to find:
 * between the end of the newest packet and the start of the oldest.
 *
 * Join points (RFC 6184 for H.264, RFC 7798 for H.265): an access unit (AU)
 * is the packets of one RTP timestamp; a new one starts at a timestamp
 * change or after a packet with the marker bit.  A keyframe is an AU with
 * an IDR (H.264 type 5) or IRAP (H.265 types 16-21) slice.  Its join point
 * is the first packet of that AU or, when parameter sets (H.264 SPS/PPS
 * 7/8, H.265 VPS/SPS/PPS 32-34) came in earlier AUs with no other slice
 * in between (some cameras send them with a timestamp of their own), the
 * first packet of the AU that began them.  Parameter sets alone are not a
 * keyframe: cameras that repeat SPS/PPS before every P frame would
 * otherwise hand late joiners a frame they cannot decode.
 *
 * Clock lines (RTCP sender reports): a track's RTP clock against the
 * monotonic clock is the line through the packets that arrived earliest for
 * their timestamp (the lower envelope of the delay): a packet above the
 * line moves it up to itself, late ones (network or main loop jitter,
 * B-frames, the rest of a big frame) leave it be.  It sinks by 1/4096 of
 * the elapsed time (244 ppm) so it follows a camera clock slower than
 * ours, and a packet more than LINE_RESET_MS under it (the camera clock
 * stepped) starts it again.  Reports drawn from it are consistent with one
 * another: a player that re-bases its timestamps at each report (ffmpeg)
 * sees them move by the leak, not by the jitter of the newest packet.
 */
#include "ring.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* What one NAL unit (or the NAL units of one packet) contains. */
#define NAL_PS 0x01       /* a parameter set */
#define NAL_KEY 0x02      /* an IDR/IRAP slice */
#define NAL_NONKEY 0x04   /* another slice */

#define LINE_LEAK_SHIFT 12     /* the clock line sinks by elapsed >> 12 */
#define LINE_RESET_MS 1000     /* a packet this far under it resets it */

struct slot {
	uint32_t off;
	uint32_t len;
	uint8_t track;
	uint8_t flags;
	uint16_t payload;
};

struct track {
	bool declared;
	enum ring_codec codec;
	uint32_t clock_rate;
	uint32_t ssrc;

	/* Output numbering: out = in + off (mod 2^16, 2^32). */
	bool resync;              /* recompute the offsets at the next packet */
	bool have_out;            /* something was sent: last_* are valid */
	uint16_t seq_off;
	uint32_t ts_off;
	uint16_t last_seq;
	uint32_t last_ts;
	int64_t last_push_us;

	/* The clock line: output timestamp line_ts at line_us (see above). */
	bool have_line;
	uint32_t line_ts;
	int64_t line_us;

	/* Access unit tracking (video tracks). */
	bool have_prev;
	uint32_t prev_in_ts;
	bool prev_marker;
	uint64_t au_start;        /* index of the current AU's first packet */
	bool au_keyed;            /* the current AU already gave a join point */
	uint64_t ps_start;        /* AU start where pending parameter sets began */
};

struct ring {
	uint8_t *data;
	size_t cap;               /* bytes of data */
	struct slot *slots;
	uint32_t nslots;
	uint64_t head, tail;
	uint64_t bytes;
	uint64_t key;             /* the join point, or RING_NONE */
	int video;                /* the track giving join points, -1 none */
	uint64_t evicted, rejected;
	struct track tracks[RING_TRACKS_MAX];
};

/* Big-endian (network order, RFC 3550) field access. */
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

struct ring *ring_new(size_t max_bytes, uint32_t max_packets)
{
	struct ring *r = NULL;

	if (max_bytes == 0)
		max_bytes = RING_DEFAULT_BYTES;
	if (max_packets == 0)
		max_packets = RING_DEFAULT_PACKETS;
	/* Offsets are 32-bit. */
	if (max_bytes < RING_PKT_MAX || max_bytes > UINT32_MAX)
		goto out;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		goto out;
	r->data = malloc(max_bytes);
	r->slots = calloc(max_packets, sizeof(*r->slots));
	if (r->data == NULL || r->slots == NULL) {
		ring_free(r);
		r = NULL;
		goto out;
	}
	r->cap = max_bytes;
	r->nslots = max_packets;
	r->key = RING_NONE;
	r->video = -1;
out:
	return r;
}

void ring_free(struct ring *r)
{
	if (r == NULL)
		return;
	free(r->data);
	free(r->slots);
	free(r);
}

/* Forgets a track's access-unit state: the next packet starts a new AU. */
static void track_reset_au(struct track *t)
{
	t->have_prev = false;
	t->au_start = RING_NONE;
	t->au_keyed = false;
	t->ps_start = RING_NONE;
}

int ring_track_set(struct ring *r, unsigned track, enum ring_codec codec,
		   uint32_t clock_rate, uint32_t ssrc)
{
	struct track *t;

	if (track >= RING_TRACKS_MAX || clock_rate == 0)
		return -1;
	t = &r->tracks[track];
	if (!t->declared) {
		t->declared = true;
		t->ssrc = ssrc;
		t->resync = true;
		track_reset_au(t);
	}
	t->codec = codec;
	t->clock_rate = clock_rate;
	if (r->video < 0 && codec != RING_CODEC_OTHER)
		r->video = (int)track;
	return 0;
}

/* Classifies one H.264 NAL unit header byte (RFC 6184 section 5.3 and
 * H.264 table 7-1). */
static int h264_nal(uint8_t type)
{
	if (type == 5)
		return NAL_KEY;
	if (type == 7 || type == 8)
		return NAL_PS;
	if (type >= 1 && type <= 4)
		return NAL_NONKEY;
	return 0;
}

/* Classifies an H.265 NAL unit type (H.265 table 7-1): IRAP 16-21, the
 * parameter sets 32-34, other slices 0-9. */
static int h265_nal(uint8_t type)
{
	if (type >= 16 && type <= 21)
		return NAL_KEY;
	if (type >= 32 && type <= 34)
		return NAL_PS;
	if (type <= 9)
		return NAL_NONKEY;
	return 0;
}

/* Classifies the units of aggregation packet bodies: p..p+n is a sequence
 * of 16-bit sizes each followed by a NAL unit (RFC 6184 5.7.1, RFC 7798
 * 4.4.2).  A truncated tail is ignored: what came before still counts. */
static int aggregated(const uint8_t *p, size_t n, bool h265)
{
	int what = 0;

	while (n >= 2) {
		size_t sz = rd16(p);

		p += 2;
		n -= 2;
		if (sz == 0 || sz > n)
			break;
		what |= h265 ? h265_nal((uint8_t)((p[0] >> 1) & 0x3f)) : h264_nal(p[0] & 0x1f);
		p += sz;
		n -= sz;
	}
	return what;
}

/* Classifies an H.264 RTP payload (RFC 6184 5.6-5.8): a single NAL unit,
 * STAP-A/STAP-B, or the first fragment of an FU-A/FU-B (later fragments
 * carry nothing new).  MTAPs belong to the interleaved mode, which no
 * camera uses for live streams. */
static int h264_payload(const uint8_t *p, size_t n)
{
	uint8_t type;

	if (n < 1)
		return 0;
	type = p[0] & 0x1f;
	if (type >= 1 && type <= 23)
		return h264_nal(type);
	if (type == 24)
		return aggregated(p + 1, n - 1, false);
	if (type == 25)
		return n >= 3 ? aggregated(p + 3, n - 3, false) : 0;
	if (type == 28 || type == 29) {
		if (n < 2 || !(p[1] & 0x80))
			return 0;
		return h264_nal(p[1] & 0x1f);
	}
	return 0;
}

/* Classifies an H.265 RTP payload (RFC 7798 4.4): a single NAL unit, an AP
 * (48) or the first fragment of an FU (49).  DONL fields are absent since
 * cameras do not set sprop-max-don-diff; PACI (50) is not used by them. */
static int h265_payload(const uint8_t *p, size_t n)
{
	uint8_t type;

	if (n < 2)
		return 0;
	type = (uint8_t)((p[0] >> 1) & 0x3f);
	if (type == 48)
		return aggregated(p + 2, n - 2, true);
	if (type == 49) {
		if (n < 3 || !(p[2] & 0x80))
			return 0;
		return h265_nal(p[2] & 0x3f);
	}
	if (type < 48)
		return h265_nal(type);
	return 0;
}

/* Finds the payload of an RTP packet (RFC 3550 5.1, 5.3.1): after 12 bytes
 * and the CSRCs, an optional header extension, before optional padding.
 * Returns 0 with *off and *n set, -1 when the lengths do not add up. */
static int rtp_payload(const uint8_t *pkt, size_t len, size_t *off, size_t *n)
{
	size_t o = 12 + 4u * (pkt[0] & 0x0f);
	size_t end = len;

	if (o > len)
		return -1;
	if (pkt[0] & 0x10) {
		if (o + 4 > len)
			return -1;
		o += 4 + 4u * rd16(pkt + o + 2);
		if (o > len)
			return -1;
	}
	if (pkt[0] & 0x20) {
		if (len == 0 || pkt[len - 1] == 0 || pkt[len - 1] > end - o)
			return -1;
		end -= pkt[len - 1];
	}
	*off = o;
	*n = end - o;
	return 0;
}

/* The slot of a packet index (held or not: callers check). */
static struct slot *slot_at(const struct ring *r, uint64_t index)
{
	return &r->slots[index % r->nslots];
}

/* Drops the oldest held packet. */
static void evict_one(struct ring *r)
{
	struct slot *s = slot_at(r, r->tail);

	r->bytes -= s->len;
	r->tail++;
	r->evicted++;
}

/* Makes room for len bytes and one slot, evicting the oldest packets, and
 * returns the offset the packet goes to. */
static uint32_t make_room(struct ring *r, uint32_t len)
{
	for (;;) {
		const struct slot *old, *new;
		uint64_t end;

		if (r->head == r->tail)
			return 0;
		if (r->head - r->tail < r->nslots) {
			old = slot_at(r, r->tail);
			new = slot_at(r, r->head - 1);
			end = (uint64_t)new->off + new->len;
			if (new->off >= old->off) {
				/* Used: [old, end).  Free: after it, or from 0. */
				if (r->cap - end >= len)
					return (uint32_t)end;
				if (old->off >= len)
					return 0;
			} else if (old->off - end >= len) {
				/* Wrapped; free: [end, old). */
				return (uint32_t)end;
			}
		}
		evict_one(r);
	}
}

/* Converts us microseconds to ticks of a clock_rate clock (rounded down),
 * seconds and the rest apart so that no span overflows. */
static uint64_t ticks(uint64_t us, uint32_t clock_rate)
{
	return us / 1000000u * clock_rate + us % 1000000u * clock_rate / 1000000u;
}

/* The track's clock line at monotonic time us (not before line_us). */
static uint32_t line_at(const struct track *t, int64_t us)
{
	uint64_t k = ticks(us > t->line_us ? (uint64_t)(us - t->line_us) : 0, t->clock_rate);

	return t->line_ts + (uint32_t)(k - (k >> LINE_LEAK_SHIFT));
}

/* Draws the track's clock line through its packet with output timestamp
 * ts pushed at now_us when the packet is above it or far under it. */
static void line_update(struct track *t, uint32_t ts, int64_t now_us)
{
	int64_t e;

	if (t->have_line) {
		e = (int32_t)(ts - line_at(t, now_us));
		if (e < 0 && e >= -(int64_t)t->clock_rate * LINE_RESET_MS / 1000)
			return;
	}
	t->have_line = true;
	t->line_ts = ts;
	t->line_us = now_us;
}

/* Sets the track's offsets at its first packet after creation or restart:
 * the output continues where it stopped, the timestamp advanced by the
 * time that passed (at least one tick, so the new frame never shares the
 * old one's timestamp). */
static void resync(struct track *t, uint16_t in_seq, uint32_t in_ts, int64_t now_us)
{
	if (t->have_out) {
		int64_t gap = now_us - t->last_push_us;
		uint64_t k = gap > 0 ? ticks((uint64_t)gap, t->clock_rate) : 0;

		if (k == 0)
			k = 1;
		t->seq_off = (uint16_t)(t->last_seq + 1u - in_seq);
		t->ts_off = (uint32_t)(t->last_ts + (uint32_t)k - in_ts);
	} else {
		t->seq_off = 0;
		t->ts_off = 0;
	}
	t->resync = false;
}

/* Follows the access units of a video track and marks join points; index
 * is the packet just stored, what its classification. */
static void mark_keys(struct ring *r, struct track *t, unsigned track, uint64_t index,
		      uint32_t in_ts, bool marker, int what)
{
	if (!t->have_prev || in_ts != t->prev_in_ts || t->prev_marker) {
		t->au_start = index;
		t->au_keyed = false;
	}
	t->have_prev = true;
	t->prev_in_ts = in_ts;
	t->prev_marker = marker;

	if ((what & NAL_PS) && t->ps_start == RING_NONE)
		t->ps_start = t->au_start;
	if ((what & NAL_KEY) && !t->au_keyed) {
		uint64_t k = t->ps_start != RING_NONE ? t->ps_start : t->au_start;

		/* Parameter sets or an AU bigger than the ring: start at what
		 * is still held of the keyframe. */
		if (k < r->tail)
			k = t->au_start;
		if (k < r->tail)
			k = index;
		slot_at(r, k)->flags |= RING_PKT_KEY;
		if ((int)track == r->video)
			r->key = k;
		t->au_keyed = true;
		t->ps_start = RING_NONE;
	} else if ((what & NAL_NONKEY) && !(what & NAL_KEY)) {
		t->ps_start = RING_NONE;
	}
}

int ring_push(struct ring *r, unsigned track, const uint8_t *pkt, size_t len, int64_t now_us)
{
	struct track *t;
	struct slot *s;
	size_t poff, plen;
	uint16_t in_seq;
	uint32_t in_ts, off;
	uint8_t *dst;
	int what = 0;
	int rc = -1;

	if (track >= RING_TRACKS_MAX || !r->tracks[track].declared)
		goto out;
	t = &r->tracks[track];
	if (pkt == NULL || len < 12 || len > RING_PKT_MAX || (pkt[0] >> 6) != 2)
		goto out;
	if (rtp_payload(pkt, len, &poff, &plen) < 0)
		goto out;
	in_seq = rd16(pkt + 2);
	in_ts = rd32(pkt + 4);
	if (t->codec == RING_CODEC_H264)
		what = h264_payload(pkt + poff, plen);
	else if (t->codec == RING_CODEC_H265)
		what = h265_payload(pkt + poff, plen);

	if (t->resync)
		resync(t, in_seq, in_ts, now_us);

	off = make_room(r, (uint32_t)len);
	s = slot_at(r, r->head);
	s->off = off;
	s->len = (uint32_t)len;
	s->track = (uint8_t)track;
	s->flags = 0;
	s->payload = (uint16_t)plen;
	dst = r->data + off;
	memcpy(dst, pkt, len);
	t->last_seq = (uint16_t)(in_seq + t->seq_off);
	t->last_ts = in_ts + t->ts_off;
	t->last_push_us = now_us;
	t->have_out = true;
	line_update(t, t->last_ts, now_us);
	wr16(dst + 2, t->last_seq);
	wr32(dst + 4, t->last_ts);
	wr32(dst + 8, t->ssrc);
	r->bytes += len;
	r->head++;
	if (t->codec != RING_CODEC_OTHER) {
		if (pkt[1] & 0x80)
			s->flags |= RING_PKT_FRAME_END;
		mark_keys(r, t, track, r->head - 1, in_ts, (pkt[1] & 0x80) != 0, what);
	}
	rc = 0;
out:
	if (rc < 0)
		r->rejected++;
	return rc;
}

uint64_t ring_join(const struct ring *r)
{
	if (r->key != RING_NONE && r->key >= r->tail)
		return r->key;
	return r->head;
}

uint64_t ring_head(const struct ring *r)
{
	return r->head;
}

uint64_t ring_catch_up(const struct ring *r, uint64_t *cursor)
{
	uint64_t lost;

	if (*cursor > r->head) {
		*cursor = r->head;
		return 0;
	}
	if (*cursor >= r->tail)
		return 0;
	/* The join point, when held, is at or after the tail: ahead. */
	lost = ring_join(r) - *cursor;
	*cursor += lost;
	return lost;
}

int ring_get(const struct ring *r, uint64_t index, struct ring_pkt *out)
{
	const struct slot *s;

	if (index < r->tail || index >= r->head)
		return -1;
	s = slot_at(r, index);
	out->data = r->data + s->off;
	out->len = s->len;
	out->track = s->track;
	out->flags = s->flags;
	out->payload = s->payload;
	return 0;
}

uint64_t ring_track_next(const struct ring *r, unsigned track, uint64_t from)
{
	uint64_t i;

	for (i = from < r->tail ? r->tail : from; i < r->head; i++)
		if (slot_at(r, i)->track == track)
			return i;
	return RING_NONE;
}

void ring_upstream_restart(struct ring *r)
{
	unsigned i;

	for (i = 0; i < RING_TRACKS_MAX; i++) {
		r->tracks[i].resync = true;
		track_reset_au(&r->tracks[i]);
	}
	r->key = RING_NONE;
}

int ring_track_last(const struct ring *r, unsigned track, uint32_t *rtp_ts, int64_t *push_us)
{
	if (track >= RING_TRACKS_MAX || !r->tracks[track].have_out)
		return -1;
	*rtp_ts = r->tracks[track].last_ts;
	*push_us = r->tracks[track].last_push_us;
	return 0;
}

int ring_track_clock(const struct ring *r, unsigned track, int64_t now_us, uint32_t *ssrc,
		     uint32_t *rtp_ts)
{
	if (track >= RING_TRACKS_MAX || !r->tracks[track].have_line)
		return -1;
	*ssrc = r->tracks[track].ssrc;
	*rtp_ts = line_at(&r->tracks[track], now_us);
	return 0;
}

void ring_get_stats(const struct ring *r, struct ring_stats *out)
{
	out->head = r->head;
	out->tail = r->tail;
	out->bytes = r->bytes;
	out->evicted = r->evicted;
	out->rejected = r->rejected;
	out->key = r->key != RING_NONE && r->key >= r->tail ? r->key : RING_NONE;
}
