/*
 * rtcp.c - sender reports (see rtcp.h).
 */
#include "rtcp.h"

#include <string.h>

#define RTCP_VERSION 0x80   /* V=2 in the first octet */
#define RTCP_PT_SR 200
#define RTCP_PT_SDES 202
#define SDES_CNAME 1
#define SR_LEN 28           /* header, SSRC, sender info; no report block */

static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

uint64_t rtcp_ntp_from_unix_us(int64_t unix_us)
{
	uint64_t us = unix_us > 0 ? (uint64_t)unix_us : 0;
	uint64_t secs = us / 1000000u, frac = us % 1000000u;

	/* The seconds wrap at 2^32 (February 2036), which NTP era 1 expects. */
	return (uint64_t)(uint32_t)(secs + RTCP_NTP_UNIX_OFFSET) << 32 |
	       (frac << 32) / 1000000u;
}

int rtcp_sr_write(const struct rtcp_sr *sr, const char *cname, uint8_t *buf, size_t size,
		  size_t *len)
{
	size_t n = strlen(cname);
	/* The chunk: SSRC, CNAME type and length, text, at least one null
	 * octet ending the item list, padding to 32 bits (RFC 3550 6.5). */
	size_t chunk = 4 + ((2 + n + 1 + 3) & ~(size_t)3);
	size_t total = SR_LEN + 4 + chunk;
	uint8_t *p = buf;

	if (n == 0 || n > RTCP_CNAME_MAX || total > size)
		return -1;
	/* Sender report: length in 32-bit words minus one. */
	p[0] = RTCP_VERSION;
	p[1] = RTCP_PT_SR;
	wr16(p + 2, SR_LEN / 4 - 1);
	wr32(p + 4, sr->ssrc);
	wr32(p + 8, (uint32_t)(sr->ntp >> 32));
	wr32(p + 12, (uint32_t)sr->ntp);
	wr32(p + 16, sr->rtp_ts);
	wr32(p + 20, sr->packets);
	wr32(p + 24, sr->octets);
	p += SR_LEN;
	/* SDES, one chunk (SC = 1). */
	p[0] = RTCP_VERSION | 1;
	p[1] = RTCP_PT_SDES;
	wr16(p + 2, (uint16_t)((4 + chunk) / 4 - 1));
	wr32(p + 4, sr->ssrc);
	p[8] = SDES_CNAME;
	p[9] = (uint8_t)n;
	memcpy(p + 10, cname, n);
	memset(p + 10 + n, 0, chunk - 4 - 2 - n);
	*len = total;
	return 0;
}

void rtcp_rtp_header(const uint8_t *pkt, uint16_t *seq, uint32_t *ts)
{
	*seq = (uint16_t)(pkt[2] << 8 | pkt[3]);
	*ts = (uint32_t)pkt[4] << 24 | (uint32_t)pkt[5] << 16 | (uint32_t)pkt[6] << 8 | pkt[7];
}
