/*
 * relay.h - the shared state of vestibule-relay's viewer side (see
 * README.md): the relay, its sources (one upstream + one ring each), the
 * viewers' RTSP connections and their sessions.
 *
 * Everything here lives on the one main loop thread: no locks.  Ownership:
 * the relay owns its sources (for its whole life: a source is small once
 * its upstream is stopped) and its connections; sessions are owned by the
 * relay's session table; a session points to its source and, while one
 * carries it, its connection.
 */
#ifndef RELAY_H
#define RELAY_H

#include <glib.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

#include "ring.h"
#include "rtsp_proto.h"
#include "upstream.h"
#include "vb_conf.h"

/* How long a DESCRIBE waits for a starting upstream's SDP before 503. */
#define RELAY_DESCRIBE_WAIT_US (5 * G_USEC_PER_SEC)
/* How long a relay_sources row is trusted before it is read again. */
#define RELAY_ROW_CACHE_US (5 * G_USEC_PER_SEC)
/* Digest nonces are fresh this long (then stale=TRUE, no new password). */
#define RELAY_NONCE_LIFETIME 300
/* Bytes a connection may have queued (replies, the unsent rest of one
 * packet) before it is closed as a client that stopped reading. */
#define RELAY_OUT_MAX (256 * 1024)
/* Packets per writev: IOV_MAX is 1024, two iovecs a packet. */
#define RELAY_BATCH 128
/* Viewers are sent new packets at the end of each video frame (its marker
 * bit), or when the oldest unsent packet is this old (audio between
 * frames, an audio-only source, a lost marker): one writev per viewer and
 * frame instead of one per upstream packet batch. */
#define RELAY_FLUSH_MS 40
/* Hex digits of a session id: 96 random bits, unguessable. */
#define RELAY_SESSION_ID_LEN 24
/* A connection with no session and no request for this long is closed. */
#define RELAY_IDLE_US ((int64_t)RTSP_SESSION_TIMEOUT * G_USEC_PER_SEC)
/* A playing viewer gets an RTCP sender report per track this often (RFC
 * 3550 section 6.2 suggests 5 s at least; on_tick's second rounds it up). */
#define RELAY_SR_INTERVAL_US (5 * G_USEC_PER_SEC)
/* The longest RTP-Info value answered (a URL with a token per track). */
#define RELAY_RTP_INFO_MAX 1536

struct vb_db;
struct session;
struct conn;

struct relay {
	struct vb_conf conf;
	struct vb_db *db;
	unsigned char secret[32];     /* token secret (vb_stream_secret) */
	unsigned char nonce_key[32];  /* digest nonces, random per run */
	GMainLoop *loop;
	int linger_s;

	int listen_fd;
	guint listen_watch;
	int metrics_fd;
	guint metrics_watch;
	int udp_fd[2];                /* RTP and RTCP of every UDP viewer, -1 none */
	guint udp_watch[2];
	int udp_port[2];

	GHashTable *sources;          /* "c7" -> struct source *, owned */
	GHashTable *sessions;         /* id -> struct session *, owned */
	GHashTable *udp_peers;        /* "addr:port" of a client RTCP port -> session */
	GQueue conns;                 /* struct conn *, owned */
	guint tick;

	uint64_t sessions_total;
	uint64_t conns_total;
};

struct source {
	struct relay *relay;
	char id[RTSP_SOURCE_MAX + 1];
	char kind;                    /* 'd' or 'c' */
	uint64_t object_id;

	/* The relay_sources row, read at most every RELAY_ROW_CACHE_US. */
	int64_t row_us;               /* when it was read, 0 never */
	int exists;
	int allow;                    /* allow_monitoring */
	char *url, *user, *password;  /* password opened with the key */

	struct ring *ring;
	struct upstream *up;          /* NULL until the first viewer */
	char *up_url, *up_user, *up_password;  /* what up was made with */
	char *sdp;                    /* the last SDP, rewritten for viewers */
	unsigned ntracks;

	uint64_t scanned;             /* ring index on_packets looked at up to */
	guint flush_id;               /* the RELAY_FLUSH_MS timer, 0 when none */

	GQueue sessions;              /* struct session * of this source */
	GQueue parked;                /* struct conn * waiting for the SDP */
	guint linger_id;

	uint64_t bytes_out;
	uint64_t dropped;
};

struct conn {
	struct relay *relay;
	GList link;                   /* in relay->conns */
	int fd;
	GSource *gsrc;
	gpointer fd_tag;
	GIOCondition events;          /* what gsrc waits for */
	struct sockaddr_storage peer;
	socklen_t peer_len;
	char peer_ip[64];

	char in[RTSP_HEAD_MAX];
	size_t in_len;
	struct rtsp_parser parser;
	int broken;                   /* the input broke the protocol: no more reads */

	GByteArray *out;              /* replies and the rest of a packet */
	size_t out_off;
	int blocked;                  /* the socket is full: wait for G_IO_OUT */
	int close_after;              /* close once out is flushed */

	struct session *sess;         /* the TCP session it carries, or NULL */
	struct source *parked;        /* a DESCRIBE waits for this source's SDP */
	long parked_cseq;
	int64_t parked_until;
	int64_t last_in_us;
};

struct session {
	struct relay *relay;
	char id[RELAY_SESSION_ID_LEN + 1];
	struct source *src;
	GList link;                   /* in src->sessions */
	struct conn *conn;            /* TCP: its connection; UDP: NULL */
	int lower;                    /* RTSP_LOWER_TCP or RTSP_LOWER_UDP */
	int setup[RING_TRACKS_MAX];   /* tracks SETUP */
	int chan[RING_TRACKS_MAX];    /* TCP: the RTP channel of each track */
	int rtcp_chan[RING_TRACKS_MAX];    /* TCP: its RTCP channel */
	struct sockaddr_storage dst[RING_TRACKS_MAX];  /* UDP: RTP destination */
	socklen_t dst_len[RING_TRACKS_MAX];
	int rtcp_port[RING_TRACKS_MAX];    /* UDP: the client's RTCP port */
	char *rtcp_key[RING_TRACKS_MAX];   /* UDP: key in relay->udp_peers */
	char *url[RING_TRACKS_MAX];   /* the URL each track was SETUP with, owned */
	int playing;
	uint64_t cursor;              /* the next ring index to send */
	int64_t last_seen_us;

	/* RTCP sender reports, per track: what went out, and when the next
	 * report is due (monotonic; 0: at once). */
	uint64_t sent_packets[RING_TRACKS_MAX];
	uint64_t sent_octets[RING_TRACKS_MAX];   /* payload octets */
	int64_t sr_due_us[RING_TRACKS_MAX];
};

/* ------------------------------------------------------------ server.c */

/* server_listen opens the non-blocking RTSP listener on addr ("ADDR:PORT")
 * with a backlog of 1024 and watches it.  Returns 0 or -1. */
int server_listen(struct relay *r, const char *addr);

/* server_close closes the listener and every connection (their sessions
 * end).  Never fails. */
void server_close(struct relay *r);

/* conn_send queues the len bytes at p on c (after what is queued) and
 * tries to write.  Returns 0; -1 when c was closed (overflow, error):
 * c is then freed. */
int conn_send(struct conn *c, const void *p, size_t len);

/* conn_reply writes rep as c's answer (see rtsp_reply_write).  Returns 0,
 * -1 when c was closed. */
int conn_reply(struct conn *c, const struct rtsp_reply *rep);

/* conn_pump writes what c has queued, then, when it carries a playing
 * session, the ring's packets for it until it caught up or the socket is
 * full.  Returns 0; -1 when c was closed. */
int conn_pump(struct conn *c);

/* conn_resume goes on with the input c holds (after its parked DESCRIBE
 * was answered).  Returns 0; -1 when c was closed. */
int conn_resume(struct conn *c);

/* conn_close frees c, ending its TCP session and its parked request. */
void conn_close(struct conn *c);

/* ----------------------------------------------------------- request.c */

/* request_handle answers one request of c.  Returns 0; -1 when c was
 * closed. */
int request_handle(struct conn *c, const struct rtsp_request *req);

/* request_describe_answer answers c's parked DESCRIBE with src's SDP, or
 * 503 when it has none.  Returns 0; -1 when c was closed. */
int request_describe_answer(struct conn *c);

/* ----------------------------------------------------------- session.c */

/* session_new creates a session of src (id random), counted in src and
 * the relay.  Returns it (owned by relay->sessions) or NULL. */
struct session *session_new(struct relay *r, struct source *src, int lower);

/* session_find returns the session called id[0 .. len), or NULL. */
struct session *session_find(struct relay *r, const char *id, size_t len);

/* session_end removes s from everything and frees it; its source may
 * start lingering. */
void session_end(struct session *s);

/* session_set_url records url[0 .. len), the URL the client SETUP track
 * with, for RTP-Info.  Never fails (g_malloc aborts). */
void session_set_url(struct session *s, unsigned track, const char *url, size_t len);

/*
 * session_join places s's cursor at the source's join point (the last GOP
 * first, then live) for a PLAY, and writes into rtp_info (size bytes, at
 * least 1) the RTP-Info value (RFC 2326 section 12.33) for it: per set-up
 * track, "url=<its SETUP URL>;seq=<n>;rtptime=<ts>" of the first packet of
 * that track the viewer will get, comma-separated.  A track with no packet
 * held yet (the upstream is still starting), or whose URL holds a ',' or
 * ';' (the value could not be parsed back), is left out; rtp_info is ""
 * when every track is, or when the value does not fit.  session_play then
 * starts sending.
 */
void session_join(struct session *s, char *rtp_info, size_t size);

/* session_play starts sending s from its cursor (session_join), its first
 * sender reports just before the first packets.  Returns 0; -1 when its
 * connection was closed. */
int session_play(struct session *s);

/* session_set_udp records the client's RTP and RTCP ports of track for UDP
 * viewer s at the address peer.  Returns 0 or -1. */
int session_set_udp(struct session *s, unsigned track, const struct sockaddr_storage *peer,
		    socklen_t peer_len, int rtp_port, int rtcp_port);

/*
 * session_report sends playing viewer s an RTCP sender report (rtcp.h)
 * with an SDES CNAME for each set-up track whose report is due at now_us
 * (monotonic) and that has had packets: the wall clock of now and the RTP
 * timestamp of now on the track's clock line (ring_track_clock), with s's
 * packet and octet counts of the track; the next one is then due
 * RELAY_SR_INTERVAL_US later.  TCP: on the track's RTCP channel, queued
 * after whole frames; a connection whose socket is full is passed over
 * (its report follows once it drained, so that it comes after the packets
 * it describes).  UDP: from the relay's RTCP port to the client's (lost
 * when the socket refuses it).  Returns 0; -1 when s's connection was
 * closed (overflow): s is then freed.
 */
int session_report(struct session *s, int64_t now_us);

/* session_send_tcp writes s's pending packets on c, batched with writev;
 * a packet written in part is finished from c->out.  Returns 0 when s
 * caught up, 1 when the socket is full, -1 on a socket error (the caller
 * closes c). */
int session_send_tcp(struct session *s, struct conn *c);

/* session_send_udp sends s's pending packets to its UDP ports (what the
 * socket refuses is lost, as UDP would lose it). */
void session_send_udp(struct session *s);

/* udp_open binds the relay's RTP/RTCP socket pair (consecutive ports, RTP
 * even) on the address family of the listener.  Returns 0 or -1 (UDP
 * viewers are then refused with 461). */
int udp_open(struct relay *r, int family);

/* udp_close closes them. */
void udp_close(struct relay *r);

/* sessions_expire ends sessions idle for RTSP_SESSION_TIMEOUT. */
void sessions_expire(struct relay *r, int64_t now_us);

/* sessions_report sends every playing session its due sender reports
 * (session_report); on_tick calls it. */
void sessions_report(struct relay *r, int64_t now_us);

/* ------------------------------------------------------------ source.c */

/*
 * source_get returns the source url names, created on first use, with its
 * relay_sources row refreshed when older than RELAY_ROW_CACHE_US.
 * *status is 0 when it can be watched, 404 when no such source exists,
 * 403 when its allow_monitoring is off, 500 when the database failed.
 */
struct source *source_get(struct relay *r, const struct rtsp_url *url, int *status);

/* source_start starts the upstream (the first viewer or DESCRIBE) and
 * cancels a pending linger.  Returns 0 or -1. */
int source_start(struct source *src);

/* source_idle starts the linger when src has no session and no parked
 * DESCRIBE left; once it is over, the upstream stops. */
void source_idle(struct source *src);

/* source_park makes c's DESCRIBE wait for src's SDP. */
void source_park(struct source *src, struct conn *c, long cseq);

/* source_unpark removes c's parked DESCRIBE (c is closing). */
void source_unpark(struct conn *c);

/* sources_refresh re-reads, every RELAY_ROW_CACHE_US, the relay_sources
 * row of each source with viewers or a running pull: viewers of a source
 * deleted or no longer allowing monitoring are cut, and a changed URL or
 * password starts a new pull for the same viewers. */
void sources_refresh(struct relay *r, int64_t now_us);

/* sources_expire_parked answers 503 to DESCRIBEs that waited too long. */
void sources_expire_parked(struct relay *r, int64_t now_us);

/* sources_free stops and frees every source (at exit). */
void sources_free(struct relay *r);

/* source_state returns src's upstream state (IDLE when never started). */
enum upstream_state source_state(const struct source *src);

/* -------------------------------------------------------------- auth.c */

/*
 * auth_check says whether req (with its parsed URL) may watch url->source:
 * a token in the URL (vb_stream_token_check) or digest credentials whose
 * password is the token's mac (vb_stream_digest_password).  No database
 * round trip.  Returns 0 when allowed; 1 when the answer is 401 (*stale
 * set when only the digest nonce was stale).
 */
int auth_check(struct relay *r, const struct conn *c, const struct rtsp_request *req,
	       const struct rtsp_url *url, int *stale);

/* auth_nonce writes a fresh digest nonce bound to c's address into out.
 * Returns 0 or -1. */
int auth_nonce(struct relay *r, const struct conn *c, char out[RTSP_NONCE_LEN + 1]);

/* ----------------------------------------------------------- metrics.c */

/* metrics_listen opens the Prometheus text endpoint on addr.  Returns 0
 * or -1. */
int metrics_listen(struct relay *r, const char *addr);

/* metrics_close closes it. */
void metrics_close(struct relay *r);

/* --------------------------------------------------------------- util */

/* relay_parse_addr reads "ADDR:PORT" ("[v6]:PORT" too) into *out.
 * Returns 0 or -1. */
int relay_parse_addr(const char *s, struct sockaddr_storage *out, socklen_t *len);

#endif
