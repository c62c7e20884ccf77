/*
 * ring.h - the per-source packet ring of vestibule-relay.
 *
 * One ring per source holds the RTP packets of every track of that source
 * (video, audio) in arrival order, as the relay will send them: each packet
 * is copied in once and its SSRC, sequence number and timestamp rewritten
 * to the track's output values, so hundreds of viewers read the same bytes
 * and none of them pays for a rewrite.
 *
 * Viewers are cursors: a packet index that only grows (uint64_t, it never
 * wraps in practice).  The ring holds the indexes [tail, head); a viewer
 * whose cursor is below tail fell behind and is moved forward
 * (ring_catch_up).  A new viewer starts at ring_join(): the first packet of
 * the access unit that carries the last keyframe's parameter sets, so its
 * decoder has SPS/PPS and an IDR at once instead of waiting up to a GOP.
 *
 * Output numbering stays continuous across upstream restarts: the per-track
 * offsets are recomputed at the first packet after ring_upstream_restart(),
 * so a viewer connected across a camera reboot sees seq + 1 and a timestamp
 * advanced by the wall time of the outage, with the same SSRC.
 *
 * Single-threaded: only the relay's main loop thread may call these
 * functions (upstream.c hands packets over from GStreamer's threads).
 */
#ifndef RING_H
#define RING_H

#include <stddef.h>
#include <stdint.h>

/* Tracks per source (SDP media sections kept): video, audio, and room for
 * a second video or a back channel.  Streams beyond are not relayed. */
#define RING_TRACKS_MAX 4

/* The largest RTP packet accepted: the 16-bit length of RFC 2326 section
 * 10.12 interleaved framing, so every stored packet can go to a TCP
 * viewer as it is. */
#define RING_PKT_MAX 65535

/* Defaults for ring_new: about 30 s of a 2 Mbit/s camera, several GOPs. */
#define RING_DEFAULT_BYTES (8u * 1024 * 1024)
#define RING_DEFAULT_PACKETS 16384u

/* "No such index": ring_join and the track state use it. */
#define RING_NONE UINT64_MAX

/* Packet flags (struct ring_pkt.flags). */
#define RING_PKT_KEY 0x01   /* a join point: first packet of a keyframe's AU */
#define RING_PKT_FRAME_END 0x02 /* a video track's packet with the marker bit:
				 * the last of its access unit (RFC 6184 5.1) */

enum ring_codec {
	RING_CODEC_OTHER = 0,   /* audio or anything without keyframes */
	RING_CODEC_H264,        /* RFC 6184 */
	RING_CODEC_H265,        /* RFC 7798 */
};

/* One stored packet, as ring_get shows it. */
struct ring_pkt {
	const uint8_t *data;    /* the rewritten RTP packet, owned by the ring */
	uint32_t len;
	uint8_t track;
	uint8_t flags;          /* RING_PKT_* */
	uint16_t payload;       /* payload octets: len without the header and
	                         * padding (RTCP sender reports count these) */
};

struct ring_stats {
	uint64_t head;          /* index the next packet will get */
	uint64_t tail;          /* oldest index still held */
	uint64_t bytes;         /* bytes of the held packets */
	uint64_t evicted;       /* packets pushed out by the bounds, ever */
	uint64_t rejected;      /* packets ring_push refused (malformed) */
	uint64_t key;           /* the join point, RING_NONE when none */
};

struct ring;

/*
 * ring_new creates an empty ring holding at most max_bytes of packet data
 * and max_packets packets (0 for either takes the RING_DEFAULT_* value);
 * max_bytes must be at least RING_PKT_MAX so any packet fits.  The memory
 * is reserved at once (untouched pages cost nothing until written).
 * Returns the ring, owned by the caller (ring_free), or NULL on a bad bound
 * or when out of memory.
 */
struct ring *ring_new(size_t max_bytes, uint32_t max_packets);

/* ring_free releases r and every packet in it; pointers from ring_get die
 * with it.  NULL is allowed. */
void ring_free(struct ring *r);

/*
 * ring_track_set declares track (0 .. RING_TRACKS_MAX-1) before its first
 * packet: its codec (keyframe detection for H.264/H.265), its RTP clock
 * rate (Hz, > 0; used to advance timestamps across restarts) and the SSRC
 * the relay sends it with.  Calling it again for a declared track updates
 * codec and clock rate but keeps the first SSRC and the numbering, so a
 * restarted upstream can declare its tracks again.  The first H.264/H.265
 * track declared is the one whose keyframes give the join point.
 * Returns 0, or -1 on a bad track or clock rate.
 */
int ring_track_set(struct ring *r, unsigned track, enum ring_codec codec,
		   uint32_t clock_rate, uint32_t ssrc);

/*
 * ring_push copies one RTP packet (RFC 3550 section 5.1, version 2, len
 * bytes from pkt, at most RING_PKT_MAX) of a declared track into the ring,
 * evicting the oldest packets when a bound would be exceeded, and rewrites
 * the copy's SSRC, sequence number and timestamp to the track's output
 * values (pkt itself is not modified).  now_us is a monotonic time in
 * microseconds: the wall time an outage lasted is measured with it.  On a
 * video track it marks keyframe join points (see ring.c).  Pointers from
 * ring_get may be invalid after this call (eviction).
 * Returns 0, or -1 for a malformed packet or an undeclared track (counted
 * in ring_stats.rejected; the ring is unchanged).
 */
int ring_push(struct ring *r, unsigned track, const uint8_t *pkt, size_t len, int64_t now_us);

/*
 * ring_join returns the index a new viewer starts at: the join point of
 * the newest keyframe still held, or ring_head(r) (the next packet to come)
 * when there is none yet, e.g. right after an upstream restart.
 */
uint64_t ring_join(const struct ring *r);

/* ring_head returns the index the next pushed packet will get: a cursor
 * equal to it has read everything. */
uint64_t ring_head(const struct ring *r);

/*
 * ring_catch_up moves a cursor that fell behind the ring (*cursor below
 * the tail: its packets were evicted before it read them) to the join point
 * of the newest keyframe, or to the head when that keyframe is gone too,
 * so the viewer's decoder restarts cleanly; a cursor past the head is
 * clamped to the head.  Returns the number of packets the viewer skipped
 * (the dropped-packet metric), 0 when the cursor was valid.
 */
uint64_t ring_catch_up(const struct ring *r, uint64_t *cursor);

/*
 * ring_get shows the packet at index in *out.  out->data points into the
 * ring and stays valid until the next ring_push or ring_upstream_restart
 * (a caller that cannot send a packet whole before then must copy the
 * rest).  Returns 0, or -1 when index is not held (below tail, or >= head).
 */
int ring_get(const struct ring *r, uint64_t index, struct ring_pkt *out);

/*
 * ring_track_next returns the index of track's first packet held at or
 * after index from (from the tail when from is below it), or RING_NONE when
 * none is held there yet.  It scans the held slots one by one (at PLAY:
 * the first packet of each track a new viewer gets, for RTP-Info).
 */
uint64_t ring_track_next(const struct ring *r, unsigned track, uint64_t from);

/*
 * ring_upstream_restart is called when the upstream pull was torn down and
 * a new one will follow: each track's next packet continues the output
 * sequence at last + 1 and the timestamp at last + (its push time - the
 * last push time) * clock rate, and the join point is forgotten, since the
 * held GOP belongs to a stream whose parameter sets the new one may not
 * share; late joiners wait for the new stream's first keyframe.  Viewers'
 * cursors stay valid: the held packets are kept.
 */
void ring_upstream_restart(struct ring *r);

/* ring_track_last gives the output timestamp of track's newest packet and
 * its push time (sender reports use the steadier ring_track_clock).
 * Returns 0, or -1 when the track has sent nothing yet. */
int ring_track_last(const struct ring *r, unsigned track, uint32_t *rtp_ts, int64_t *push_us);

/*
 * ring_track_clock gives what an RTCP sender report says of track: its
 * output SSRC (kept across upstream restarts) and the output RTP timestamp
 * of the monotonic time now_us (microseconds, not before the track's
 * newest packet), read off the track's clock line: the line at its clock
 * rate through the packets that arrived earliest for their timestamp, so
 * that jitter in the arrival of the newest packet does not move it (see
 * ring.c).  Timestamps wrap modulo 2^32.  Returns 0, or -1 when the track
 * has had no packet yet.
 */
int ring_track_clock(const struct ring *r, unsigned track, int64_t now_us, uint32_t *ssrc,
		     uint32_t *rtp_ts);

/* ring_get_stats fills *out with r's counters. */
void ring_get_stats(const struct ring *r, struct ring_stats *out);

#endif
