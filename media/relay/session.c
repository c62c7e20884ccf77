/*
 * session.c - viewer sessions (RFC 2326 section 12.37): a cursor into the
 * source's ring and where its packets go, TCP-interleaved on the RTSP
 * connection (section 10.12) or UDP unicast to the client's ports.
 *
 * TCP: every packet ready is written in one writev per wakeup, "$ channel
 * length" headers beside pointers into the ring, so hundreds of viewers
 * cost no per-packet copy.  A packet the socket took in part is finished
 * from a copy in the connection's queue, since ring pointers die at the
 * next ring_push.  A viewer whose cursor fell out of the ring is moved to
 * the newest keyframe (ring_catch_up) and the skipped packets counted.
 *
 * UDP: one RTP/RTCP socket pair serves every UDP viewer of the relay; the
 * client's RTCP receiver reports, recognised by their source address,
 * keep its session alive.
 *
 * RTCP: each playing viewer gets a sender report per track (rtcp.h) just
 * before its first packets and then every RELAY_SR_INTERVAL_US from the
 * relay's one-second tick, with the packets and octets counted per session
 * in the send paths (an increment per packet), so players line audio up
 * with video from the start.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib-unix.h>

#include "relay.h"
#include "rtcp.h"
#include "vb_crypto.h"
#include "vb_log.h"

#define UDP_SNDBUF (4 * 1024 * 1024)
#define UDP_PORT_TRIES 64

struct session *session_new(struct relay *r, struct source *src, int lower)
{
	struct session *s;
	unsigned char rnd[RELAY_SESSION_ID_LEN / 2];
	unsigned i;

	if (vb_random(rnd, sizeof(rnd)) < 0)
		return NULL;
	s = g_new0(struct session, 1);
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(s->id + 2 * i, 3, "%02x", rnd[i]);
	s->relay = r;
	s->src = src;
	s->lower = lower;
	for (i = 0; i < RING_TRACKS_MAX; i++)
		s->chan[i] = s->rtcp_chan[i] = -1;
	s->last_seen_us = g_get_monotonic_time();
	s->link.data = s;
	g_queue_push_tail_link(&src->sessions, &s->link);
	g_hash_table_insert(r->sessions, s->id, s);
	r->sessions_total++;
	return s;
}

struct session *session_find(struct relay *r, const char *id, size_t len)
{
	char key[RELAY_SESSION_ID_LEN + 1];

	if (len != RELAY_SESSION_ID_LEN)
		return NULL;
	memcpy(key, id, len);
	key[len] = '\0';
	return g_hash_table_lookup(r->sessions, key);
}

void session_end(struct session *s)
{
	struct relay *r = s->relay;
	struct source *src = s->src;
	unsigned i;

	for (i = 0; i < RING_TRACKS_MAX; i++) {
		if (s->rtcp_key[i] != NULL) {
			if (g_hash_table_lookup(r->udp_peers, s->rtcp_key[i]) == s)
				g_hash_table_remove(r->udp_peers, s->rtcp_key[i]);
			g_free(s->rtcp_key[i]);
		}
		g_free(s->url[i]);
	}
	if (s->conn != NULL && s->conn->sess == s)
		s->conn->sess = NULL;
	g_queue_unlink(&src->sessions, &s->link);
	g_hash_table_remove(r->sessions, s->id);   /* frees s */
	source_idle(src);
}

void session_set_url(struct session *s, unsigned track, const char *url, size_t len)
{
	g_free(s->url[track]);
	s->url[track] = g_strndup(url, len);
}

void session_join(struct session *s, char *rtp_info, size_t size)
{
	struct ring *ring = s->src->ring;
	size_t n = 0;
	unsigned t;

	s->cursor = ring_join(ring);
	rtp_info[0] = '\0';
	for (t = 0; t < RING_TRACKS_MAX; t++) {
		struct ring_pkt pk;
		uint64_t i;
		uint16_t seq;
		uint32_t ts;
		int w;

		if (!s->setup[t] || s->url[t] == NULL || strpbrk(s->url[t], ",;") != NULL)
			continue;
		if ((i = ring_track_next(ring, t, s->cursor)) == RING_NONE ||
		    ring_get(ring, i, &pk) < 0)
			continue;
		rtcp_rtp_header(pk.data, &seq, &ts);
		w = snprintf(rtp_info + n, size - n, "%surl=%s;seq=%u;rtptime=%u", n ? "," : "",
			     s->url[t], (unsigned)seq, (unsigned)ts);
		if (w < 0 || (size_t)w >= size - n) {
			rtp_info[0] = '\0';
			return;
		}
		n += (size_t)w;
	}
}

int session_play(struct session *s)
{
	int64_t now = g_get_monotonic_time();
	unsigned t;

	s->playing = 1;
	s->last_seen_us = now;
	/* The first reports go before the first packets: a player then maps
	 * every timestamp with them from the start, where one re-basing its
	 * timestamps at its first report (ffmpeg) would otherwise jump. */
	for (t = 0; t < RING_TRACKS_MAX; t++)
		s->sr_due_us[t] = 0;
	if (session_report(s, now) < 0)
		return -1;
	if (s->lower == RTSP_LOWER_UDP) {
		session_send_udp(s);
		return 0;
	}
	if (s->conn != NULL && !s->conn->blocked)
		return conn_pump(s->conn);
	return 0;
}

/* Counts a packet of track sent to s, for its sender reports. */
static inline void count_sent(struct session *s, unsigned track, unsigned payload)
{
	s->sent_packets[track]++;
	s->sent_octets[track] += payload;
}

int session_send_tcp(struct session *s, struct conn *c)
{
	struct ring *ring = s->src->ring;
	struct iovec iov[2 * RELAY_BATCH];
	uint8_t hdr[RELAY_BATCH][4];
	uint64_t idx[RELAY_BATCH];
	size_t plen[RELAY_BATCH];
	uint8_t trk[RELAY_BATCH];
	uint16_t pay[RELAY_BATCH];

	for (;;) {
		struct ring_pkt pk;
		uint64_t head, i, end;
		size_t left;
		ssize_t w;
		unsigned n = 0, k;

		s->src->dropped += ring_catch_up(ring, &s->cursor);
		head = ring_head(ring);
		for (i = s->cursor; i < head && n < RELAY_BATCH; i++) {
			if (ring_get(ring, i, &pk) < 0)
				break;
			if (pk.track >= RING_TRACKS_MAX || !s->setup[pk.track] ||
			    s->chan[pk.track] < 0)
				continue;
			hdr[n][0] = '$';
			hdr[n][1] = (uint8_t)s->chan[pk.track];
			hdr[n][2] = (uint8_t)(pk.len >> 8);
			hdr[n][3] = (uint8_t)pk.len;
			iov[2 * n].iov_base = hdr[n];
			iov[2 * n].iov_len = 4;
			iov[2 * n + 1].iov_base = (void *)pk.data;
			iov[2 * n + 1].iov_len = pk.len;
			idx[n] = i;
			plen[n] = 4 + (size_t)pk.len;
			trk[n] = pk.track;
			pay[n] = pk.payload;
			n++;
		}
		end = i;
		if (n == 0) {
			s->cursor = end;
			if (end >= head)
				return 0;
			continue;
		}
		w = writev(c->fd, iov, (int)(2 * n));
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 1;
			return -1;
		}
		s->src->bytes_out += (uint64_t)w;
		left = (size_t)w;
		for (k = 0; k < n && left >= plen[k]; k++) {
			left -= plen[k];
			count_sent(s, trk[k], pay[k]);
		}
		if (k == n) {
			s->cursor = end;
			continue;
		}
		if (left > 0) {
			/* Packet k went in part: the rest goes first next time,
			 * from a copy (the ring may reuse its bytes). */
			count_sent(s, trk[k], pay[k]);
			if (left < 4) {
				g_byte_array_append(c->out, hdr[k] + left, (guint)(4 - left));
				left = 0;
			} else {
				left -= 4;
			}
			g_byte_array_append(c->out, (const uint8_t *)iov[2 * k + 1].iov_base + left,
					    (guint)(iov[2 * k + 1].iov_len - left));
			s->cursor = idx[k] + 1;
		} else {
			s->cursor = idx[k];
		}
		return 1;
	}
}

void session_send_udp(struct session *s)
{
	struct relay *r = s->relay;
	struct ring *ring = s->src->ring;
	uint64_t head;

	s->src->dropped += ring_catch_up(ring, &s->cursor);
	head = ring_head(ring);
	for (; s->cursor < head; s->cursor++) {
		struct ring_pkt pk;

		if (ring_get(ring, s->cursor, &pk) < 0 || pk.track >= RING_TRACKS_MAX ||
		    !s->setup[pk.track] || s->dst_len[pk.track] == 0)
			continue;
		if (sendto(r->udp_fd[0], pk.data, pk.len, MSG_DONTWAIT,
			   (const struct sockaddr *)&s->dst[pk.track], s->dst_len[pk.track]) > 0) {
			s->src->bytes_out += pk.len;
			count_sent(s, pk.track, pk.payload);
		} else {
			s->src->dropped++;
		}
	}
}

/* Sets the port of a socket address. */
static void set_port(struct sockaddr_storage *sa, int port)
{
	if (sa->ss_family == AF_INET)
		((struct sockaddr_in *)sa)->sin_port = htons((uint16_t)port);
	else if (sa->ss_family == AF_INET6)
		((struct sockaddr_in6 *)sa)->sin6_port = htons((uint16_t)port);
}

/* The udp_peers key of an address: "host:port", allocated. */
static char *peer_key(const struct sockaddr_storage *sa, socklen_t len)
{
	char host[64], port[8];

	if (getnameinfo((const struct sockaddr *)sa, len, host, sizeof(host), port, sizeof(port),
			NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return NULL;
	return g_strdup_printf("%s:%s", host, port);
}

int session_set_udp(struct session *s, unsigned track, const struct sockaddr_storage *peer,
		    socklen_t peer_len, int rtp_port, int rtcp_port)
{
	struct sockaddr_storage rtcp = *peer;

	if (track >= RING_TRACKS_MAX || rtp_port <= 0)
		return -1;
	s->dst[track] = *peer;
	set_port(&s->dst[track], rtp_port);
	s->dst_len[track] = peer_len;
	s->rtcp_port[track] = rtcp_port;
	set_port(&rtcp, rtcp_port);
	if (s->rtcp_key[track] != NULL) {
		if (g_hash_table_lookup(s->relay->udp_peers, s->rtcp_key[track]) == s)
			g_hash_table_remove(s->relay->udp_peers, s->rtcp_key[track]);
		g_free(s->rtcp_key[track]);
	}
	s->rtcp_key[track] = peer_key(&rtcp, peer_len);
	if (s->rtcp_key[track] != NULL)
		g_hash_table_insert(s->relay->udp_peers, s->rtcp_key[track], s);
	return 0;
}

/* Reads what reached a UDP socket: RTCP from a known client refreshes its
 * session; anything else (NAT openers on the RTP port) is dropped. */
static gboolean on_udp(int fd, GIOCondition cond, void *arg)
{
	struct relay *r = arg;
	uint8_t buf[2048];

	(void)cond;
	for (;;) {
		struct sockaddr_storage from;
		socklen_t len = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from,
				     &len);
		char *key;
		struct session *s;

		if (n < 0)
			break;
		if (fd != r->udp_fd[1])
			continue;
		if ((key = peer_key(&from, len)) == NULL)
			continue;
		if ((s = g_hash_table_lookup(r->udp_peers, key)) != NULL)
			s->last_seen_us = g_get_monotonic_time();
		g_free(key);
	}
	return G_SOURCE_CONTINUE;
}

/* Binds a UDP socket of family to port (0: any).  Returns the fd or -1. */
static int udp_bind(int family, int port)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int size = UDP_SNDBUF;

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.ss_family = (sa_family_t)family;
	set_port(&sa, port);
	len = family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (bind(fd, (struct sockaddr *)&sa, len) < 0) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	return fd;
}

int udp_open(struct relay *r, int family)
{
	int i;

	/* RFC 3550 section 11: RTP on an even port, RTCP on the next. */
	for (i = 0; i < UDP_PORT_TRIES; i++) {
		int port = 20000 + 2 * g_random_int_range(0, 20000);
		int a = udp_bind(family, port), b;

		if (a < 0)
			continue;
		if ((b = udp_bind(family, port + 1)) < 0) {
			close(a);
			continue;
		}
		r->udp_fd[0] = a;
		r->udp_fd[1] = b;
		r->udp_port[0] = port;
		r->udp_port[1] = port + 1;
		r->udp_watch[0] = g_unix_fd_add(a, G_IO_IN, on_udp, r);
		r->udp_watch[1] = g_unix_fd_add(b, G_IO_IN, on_udp, r);
		return 0;
	}
	return -1;
}

void udp_close(struct relay *r)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (r->udp_watch[i])
			g_source_remove(r->udp_watch[i]);
		r->udp_watch[i] = 0;
		if (r->udp_fd[i] >= 0)
			close(r->udp_fd[i]);
		r->udp_fd[i] = -1;
	}
}

void sessions_expire(struct relay *r, int64_t now_us)
{
	int64_t limit = (int64_t)RTSP_SESSION_TIMEOUT * G_USEC_PER_SEC;
	GHashTableIter it;
	GPtrArray *old = g_ptr_array_new();
	GList *l, *next;
	void *v;
	guint i;

	g_hash_table_iter_init(&it, r->sessions);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		struct session *s = v;

		if (now_us - s->last_seen_us > limit)
			g_ptr_array_add(old, s);
	}
	for (i = 0; i < old->len; i++) {
		struct session *s = old->pdata[i];

		vb_info("relay: session %s of %s timed out", s->id, s->src->id);
		/* An interleaved session dies with its connection. */
		if (s->conn != NULL)
			conn_close(s->conn);
		else
			session_end(s);
	}
	g_ptr_array_free(old, TRUE);
	/* Connections that never set a session up are not kept forever. */
	for (l = r->conns.head; l != NULL; l = next) {
		struct conn *c = l->data;

		next = l->next;
		if (c->sess == NULL && c->parked == NULL && now_us - c->last_in_us > RELAY_IDLE_US)
			conn_close(c);
	}
}

int session_report(struct session *s, int64_t now_us)
{
	struct relay *r = s->relay;
	struct ring *ring = s->src->ring;
	int64_t real_us = g_get_real_time();
	/* TCP: every track's report, each an interleaved frame, in one send
	 * (which may pump packets after it). */
	uint8_t out[RING_TRACKS_MAX * (4 + RTCP_SR_MAX)];
	char name[RTSP_SOURCE_MAX + 32];
	size_t n = 0;
	unsigned t;

	if (!s->playing)
		return 0;
	if (s->lower == RTSP_LOWER_TCP && (s->conn == NULL || s->conn->blocked))
		return 0;
	/* One CNAME for all of a source's tracks, so that a player knows they
	 * belong together (RFC 3550 section 6.5.1). */
	snprintf(name, sizeof(name), "%s@vestibule-relay", s->src->id);
	for (t = 0; t < RING_TRACKS_MAX; t++) {
		uint8_t *p = out + n;
		struct rtcp_sr sr;
		size_t len;

		if (!s->setup[t] || now_us < s->sr_due_us[t] ||
		    ring_track_clock(ring, t, now_us, &sr.ssrc, &sr.rtp_ts) < 0)
			continue;
		sr.ntp = rtcp_ntp_from_unix_us(real_us);
		sr.packets = (uint32_t)s->sent_packets[t];
		sr.octets = (uint32_t)s->sent_octets[t];
		if (rtcp_sr_write(&sr, name, p + 4, RTCP_SR_MAX, &len) < 0)
			continue;
		s->sr_due_us[t] = now_us + RELAY_SR_INTERVAL_US;
		if (s->lower == RTSP_LOWER_TCP) {
			if (s->rtcp_chan[t] < 0)
				continue;
			p[0] = '$';
			p[1] = (uint8_t)s->rtcp_chan[t];
			p[2] = (uint8_t)(len >> 8);
			p[3] = (uint8_t)len;
			n += 4 + len;
		} else if (s->dst_len[t] > 0 && s->rtcp_port[t] > 0) {
			struct sockaddr_storage dst = s->dst[t];

			set_port(&dst, s->rtcp_port[t]);
			if (sendto(r->udp_fd[1], p + 4, len, MSG_DONTWAIT,
				   (const struct sockaddr *)&dst, s->dst_len[t]) > 0)
				s->src->bytes_out += len;
		}
	}
	/* After what is queued: the rest of a frame, replies. */
	if (n > 0 && conn_send(s->conn, out, n) < 0)
		return -1;
	return 0;
}

void sessions_report(struct relay *r, int64_t now_us)
{
	GHashTableIter it;
	void *v;

	g_hash_table_iter_init(&it, r->sources);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		struct source *src = v;
		GList *l, *next;

		for (l = src->sessions.head; l != NULL; l = next) {
			/* Reporting may close this session's connection, never
			 * another's: the next link stays valid. */
			next = l->next;
			session_report(l->data, now_us);
		}
	}
}
