/*
 * rtsp_proto.h - the RTSP/1.0 protocol layer of vestibule-relay (RFC 2326),
 * without any media: requests parsed from a connection's input buffer, the
 * request URI, the Transport header, responses, and digest authentication
 * (RFC 2617) with stateless nonces.
 *
 * Nothing here allocates or keeps state beyond what the caller passes in, so
 * one event loop can hold hundreds of viewer connections with a small input
 * buffer each.  Parsed values point into the caller's buffer (struct
 * rtsp_str): they stay valid until the caller moves or reuses those bytes.
 */
#ifndef RTSP_PROTO_H
#define RTSP_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "vb_stream.h"

/* Limits of one request head.  RFC 2326 sets none; these bound what one
 * connection can make the relay buffer and scan, with room to spare for
 * any real client (a DESCRIBE with digest credentials is under 1 KiB). */
#define RTSP_LINE_MAX 4096      /* bytes of one line, without its CRLF */
#define RTSP_HEADERS_MAX 64     /* header lines after the request line */
#define RTSP_HEAD_MAX 16384     /* the whole head, terminators included */
#define RTSP_BODY_MAX 65536     /* a request body (skipped, never read) */

/* A viewer session idles out after this many seconds without a request or
 * RTCP (answered in Session: ...;timeout=, RFC 2326 section 12.37). */
#define RTSP_SESSION_TIMEOUT 60

/* The realm of the relay's digest challenges. */
#define RTSP_REALM "vestibule"

/* What the relay implements, answered in Public to OPTIONS. */
#define RTSP_PUBLIC "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER"

/* ------------------------------------------------------------- requests */

/* A piece of the caller's buffer: not NUL-terminated. */
struct rtsp_str {
	const char *p;
	size_t len;
};

enum rtsp_method {
	RTSP_OTHER = 0,   /* a well-formed method the relay does not know */
	RTSP_OPTIONS,
	RTSP_DESCRIBE,
	RTSP_SETUP,
	RTSP_PLAY,
	RTSP_PAUSE,
	RTSP_TEARDOWN,
	RTSP_GET_PARAMETER,
	RTSP_SET_PARAMETER,
	RTSP_ANNOUNCE,
	RTSP_RECORD,
	RTSP_REDIRECT,
};

struct rtsp_header {
	struct rtsp_str name;    /* a token, compare with strncasecmp */
	struct rtsp_str value;   /* without the surrounding white space */
};

struct rtsp_request {
	enum rtsp_method method;
	struct rtsp_str method_name;
	struct rtsp_str uri;            /* the Request-URI as sent */
	long cseq;                      /* 0 .. 999999999; always present */
	struct rtsp_str session;        /* the id before any ";": len 0 when absent */
	struct rtsp_str transport;      /* len 0 when absent */
	struct rtsp_str authorization;  /* len 0 when absent */
	size_t content_length;          /* body bytes, skipped by the parser */
	struct rtsp_header headers[RTSP_HEADERS_MAX];
	size_t nheaders;
};

/* What rtsp_parse found (see there). */
#define RTSP_PARSE_MORE 0
#define RTSP_PARSE_REQUEST 1
#define RTSP_PARSE_FRAME 2

struct rtsp_msg {
	struct rtsp_request req;   /* RTSP_PARSE_REQUEST */
	unsigned channel;          /* RTSP_PARSE_FRAME: 0 .. 255 */
	unsigned length;           /* RTSP_PARSE_FRAME: payload bytes, 0 .. 65535 */
	int status;                /* -1: the status to answer before closing */
};

/* The parser's memory between calls, so that a head arriving a byte at a
 * time is scanned once, not once per byte. */
struct rtsp_parser {
	size_t scanned;      /* bytes of the pending head already scanned */
	size_t line_start;   /* where its current line starts */
	unsigned lines;      /* its complete lines so far */
	size_t skip;         /* body or frame payload bytes still to drop */
};

/* rtsp_parser_init readies p for a new connection.  Never fails. */
void rtsp_parser_init(struct rtsp_parser *p);

/*
 * rtsp_parse looks at buf[0 .. len), the unconsumed input of one
 * connection, and reports the first thing in it:
 *   RTSP_PARSE_REQUEST  a whole request head (RFC 2326 section 6) in
 *                       msg->req, its values pointing into buf;
 *   RTSP_PARSE_FRAME    an interleaved frame ("$", channel, 16-bit length,
 *                       section 10.12), which clients use for RTCP receiver
 *                       reports: msg->channel and msg->length say which;
 *                       its payload is dropped, not shown;
 *   RTSP_PARSE_MORE     nothing complete yet: read more and call again.
 * In every case *consumed says how many bytes at the front of buf are done
 * with: the caller drops them (after using msg->req, which points into
 * them) and calls again with what follows, since one read may carry several
 * requests.  A request's body (Content-Length) and a frame's payload are
 * dropped as they arrive, also across calls, so the caller's buffer need
 * only hold one head (RTSP_HEAD_MAX).  Empty lines between messages are
 * skipped.
 * Returns one of the three, or -1 when the input breaks the protocol or the
 * limits above; msg->status then holds the status to answer (400, 413, 414,
 * 505) and the connection cannot be read further.
 */
int rtsp_parse(struct rtsp_parser *p, const char *buf, size_t len, struct rtsp_msg *msg,
	       size_t *consumed);

/* rtsp_header_get returns the value of req's first header called name
 * (case-insensitive), or a piece with p NULL and len 0 when absent. */
struct rtsp_str rtsp_header_get(const struct rtsp_request *req, const char *name);

/* ------------------------------------------------------------ the URL */

/* The longest source id ("d" or "c" and up to 18 digits), without NUL. */
#define RTSP_SOURCE_MAX 19
/* The longest token, without NUL. */
#define RTSP_TOKEN_MAX (VB_STREAM_TOKEN_MAX - 1)

/* A request URI naming a relayed source. */
struct rtsp_url {
	int star;                             /* the URI was "*" (OPTIONS only) */
	char source[RTSP_SOURCE_MAX + 1];     /* "d12": a door phone, "c7": a camera */
	char kind;                            /* 'd' or 'c' */
	uint64_t id;                          /* 12 of "d12" */
	int track;                            /* N of "/trackID=N" (0 .. 99), or -1 */
	char token[RTSP_TOKEN_MAX + 1];       /* ?token=, "" when absent */
};

/*
 * rtsp_url_parse takes the Request-URI uri[0 .. len) apart.  Accepted: "*",
 * and "/s/<source>[/][/trackID=N][?query]" either alone or after
 * "rtsp://<authority>" (RFC 2326 section 3.2; the authority is not
 * checked: the relay answers for itself whatever name reached it).  A
 * source is "d" or "c" and a decimal id without leading zeros, so each
 * source has one spelling.  In the query, "token=" carries the viewer's
 * token (characters of vb_stream.h tokens only; its check is the caller's);
 * other parameters are ignored.  Clients that append a control to a base
 * URL holding a query send ".../s/d12?token=T/trackID=0"; that track is
 * taken too.  Anything else is refused, including percent-escapes, dot
 * segments, fragments and bytes outside printable ASCII: no source needs
 * them.  Returns 0 with *out filled; -1 otherwise (*out is then cleared).
 */
int rtsp_url_parse(const char *uri, size_t len, struct rtsp_url *out);

/* ---------------------------------------------------------- Transport */

#define RTSP_LOWER_TCP 1   /* RTP/AVP/TCP, interleaved in the RTSP connection */
#define RTSP_LOWER_UDP 2   /* RTP/AVP[/UDP], to the client's ports */

struct rtsp_transport {
	int lower;              /* RTSP_LOWER_TCP or RTSP_LOWER_UDP */
	int interleaved[2];     /* TCP: RTP and RTCP channels; -1 -1 when the
	                         * client left the choice to the server */
	int client_port[2];     /* UDP: RTP and RTCP ports of the client */
	int server_port[2];     /* UDP answer: the relay's ports (set by the caller) */
	uint32_t ssrc;          /* answer: the stream's SSRC when has_ssrc */
	int has_ssrc;
};

/*
 * rtsp_transport_parse reads a Transport header value (RFC 2326 section
 * 12.39: a comma list of transport-specs, most preferred first) and fills
 * *out with the first spec the relay serves: unicast RTP/AVP/TCP (with
 * "interleaved=a[-b]" or without, the server then choosing), or unicast
 * RTP/AVP or RTP/AVP/UDP with "client_port=a[-b]".  A spec asking for
 * multicast, a "destination" (the relay sends only to the address that
 * asked: anything else would let a viewer aim a stream at a third party)
 * or a mode other than PLAY is passed over.  Returns 0; -1 when no spec is
 * served (answer 461 Unsupported Transport); *out is cleared first.
 */
int rtsp_transport_parse(const char *value, size_t len, struct rtsp_transport *out);

/* rtsp_transport_format writes the answer for t (the spec as chosen, with
 * the server's side filled in) into buf, NUL-terminated.  Returns 0; -1
 * when it does not fit in size or t is not a valid choice. */
int rtsp_transport_format(const struct rtsp_transport *t, char *buf, size_t size);

/* ----------------------------------------------------------- responses */

/* What rtsp_reply_write writes; a NULL or 0 field is left out. */
struct rtsp_reply {
	int status;                          /* 200, 401, 461, ... */
	long cseq;                           /* echoed; < 0 when unknown */
	const char *session;                 /* answered with ;timeout= */
	const struct rtsp_transport *transport;
	int public_methods;                  /* OPTIONS: write Public */
	const char *nonce;                   /* 401: a Digest challenge with it */
	int stale;                           /* 401: the client's nonce was stale */
	const char *range;                   /* PLAY: e.g. "npt=0.000-" */
	const char *rtp_info;                /* PLAY: the RTP-Info value */
	const char *content_base;            /* DESCRIBE */
	const char *content_type;            /* with a body: e.g. "application/sdp" */
	const char *body;                    /* written after the head */
	size_t body_len;
};

/* rtsp_reason returns the reason phrase of status (RFC 2326 section 7.1.1),
 * a static string; "Unknown" for a status it does not list. */
const char *rtsp_reason(int status);

/*
 * rtsp_reply_write writes the response rep describes (status line, CSeq,
 * Server, then the fields set, Content-Length and the body) into buf.
 * *len receives its length; buf is also NUL-terminated, so size must leave
 * one byte more.  Returns 0; -1 when it does not fit, or a string field holds
 * a control character (which would split a header: nothing is written the
 * caller did not mean).
 */
int rtsp_reply_write(const struct rtsp_reply *rep, char *buf, size_t size, size_t *len);

/* ---------------------------------------------------------- digest auth */

/* A nonce is 16 hex digits of its time and 32 of a MAC over it. */
#define RTSP_NONCE_LEN 48

/*
 * rtsp_nonce_make writes a nonce for time now into out: the time in hex and
 * a truncated HMAC-SHA256 under key over the time and bind (for example the
 * client's address, so a nonce seen on the wire is no use elsewhere; NULL
 * binds nothing).  The relay keeps no state: rtsp_nonce_check recognises
 * its own nonces with the same key.  Returns 0 or -1.
 */
int rtsp_nonce_make(const unsigned char key[32], int64_t now, const char *bind,
		    char out[RTSP_NONCE_LEN + 1]);

/*
 * rtsp_nonce_check says whether nonce (NUL-terminated) was made by
 * rtsp_nonce_make with key and bind, comparing the MAC in constant time.
 * Returns 0 when it is genuine and at most lifetime seconds old at now; 1
 * when genuine but older, or from the future (the clock stepped back): the
 * client is then challenged again with stale=TRUE (RFC 2617 section 3.2.1)
 * and retries without asking its user; -1 when it is malformed or forged.
 */
int rtsp_nonce_check(const unsigned char key[32], const char *nonce, int64_t now,
		     int64_t lifetime, const char *bind);

/* The credentials of an "Authorization: Digest ..." header, unquoted and
 * NUL-terminated.  Bounds: a username of vb_stream.h ("<viewer>.<expiry>")
 * is under 90 bytes. */
struct rtsp_digest {
	char username[128];
	char realm[64];
	char nonce[RTSP_NONCE_LEN + 1];
	char uri[RTSP_LINE_MAX + 1];
	char response[33];
};

/*
 * rtsp_digest_parse reads an Authorization value (RFC 2617 section 3.2.2:
 * "Digest" and a comma list of name=value, values tokens or quoted-strings
 * with backslash escapes, RFC 2616 section 2.2).  username, realm, nonce,
 * uri and response are required; algorithm, when given, must be MD5; qop
 * is refused (the relay never offers it, RTSP clients use RFC 2069's form);
 * unknown parameters are ignored; a parameter twice is refused.  Returns 0
 * with *out filled; -1 when malformed or a value does not fit (*out is then
 * cleared).
 */
int rtsp_digest_parse(const char *value, size_t len, struct rtsp_digest *out);

/*
 * rtsp_digest_verify checks parsed credentials d of a request with method
 * and Request-URI uri (both NUL-terminated) against password, the secret the
 * caller holds for d->username (the relay: vb_stream_digest_password).
 * The realm must be RTSP_REALM, the digest uri the Request-URI itself (RFC
 * 2617 section 3.2.2.5, so credentials for one source do not open another),
 * the nonce one of rtsp_nonce_make's with key and bind, and the response
 * MD5(MD5(username:realm:password):nonce:MD5(method:uri)) in lower-case
 * hex, compared in constant time.  Returns 0 when all hold; 1 when all hold
 * but the nonce is stale (challenge again with stale=TRUE); -1 otherwise.
 */
int rtsp_digest_verify(const struct rtsp_digest *d, const char *method, const char *uri,
		       const char *password, const unsigned char key[32], int64_t now,
		       int64_t lifetime, const char *bind);

#endif
