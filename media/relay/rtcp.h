/*
 * rtcp.h - the RTCP the relay sends its viewers (RFC 3550 section 6): a
 * sender report per track, so players can map each track's RTP timestamps
 * to one wall clock and start audio and video in sync.  The RTP time of
 * "now" comes from the ring (ring_track_clock), the NTP time from here.
 *
 * Pure functions over caller buffers: no allocation, no state, no GLib.
 */
#ifndef RTCP_H
#define RTCP_H

#include <stddef.h>
#include <stdint.h>

/* Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
#define RTCP_NTP_UNIX_OFFSET 2208988800u

/* The longest CNAME (an SDES item's length is one octet). */
#define RTCP_CNAME_MAX 255

/* Bytes of the largest compound packet rtcp_sr_write writes: the SR (28)
 * and an SDES packet of one chunk (4 + SSRC 4 + CNAME item 2 + 255, then
 * the null terminator and padding to 32 bits). */
#define RTCP_SR_MAX (28 + 4 + 4 + ((2 + RTCP_CNAME_MAX + 1 + 3) & ~3))

/* What one sender report says (RFC 3550 section 6.4.1). */
struct rtcp_sr {
	uint32_t ssrc;          /* the track's SSRC, as in its RTP packets */
	uint64_t ntp;           /* NTP timestamp of now: seconds << 32 | fraction */
	uint32_t rtp_ts;        /* the same instant in the track's RTP clock */
	uint32_t packets;       /* RTP packets sent to this receiver, mod 2^32 */
	uint32_t octets;        /* their payload octets (no header, no padding) */
};

/*
 * rtcp_ntp_from_unix_us converts a wall-clock time in microseconds since
 * the Unix epoch (g_get_real_time) to a 64-bit NTP timestamp (RFC 3550
 * section 4): seconds since 1900 in the high 32 bits (era 0 ends in 2036
 * and wraps as the RFC allows), the fraction of a second in the low 32.
 * Times before 1970 are taken as 1970.
 */
uint64_t rtcp_ntp_from_unix_us(int64_t unix_us);

/*
 * rtcp_sr_write writes the compound packet of RFC 3550 section 6.1 for
 * one track into buf: a sender report (PT 200, no reception report block:
 * the relay receives no RTP from viewers) from sr, then an SDES packet
 * (PT 202) with one chunk for the same SSRC holding the CNAME item cname
 * (NUL-terminated, 1 .. RTCP_CNAME_MAX bytes), ended by a null item and
 * padded to 32 bits.  Returns 0 with *len set to the bytes written (at
 * most RTCP_SR_MAX); -1 when cname is empty or too long or the packet
 * does not fit in size (buf is then unspecified).
 */
int rtcp_sr_write(const struct rtcp_sr *sr, const char *cname, uint8_t *buf, size_t size,
		  size_t *len);

/* rtcp_rtp_header reads the sequence number and timestamp of an RTP
 * packet (RFC 3550 section 5.1) of at least 12 bytes at pkt. */
void rtcp_rtp_header(const uint8_t *pkt, uint16_t *seq, uint32_t *ts);

#endif
