/* Unit tests of the relay's RTSP protocol layer (media/relay/rtsp_proto.c):
 * every viewer's bytes go through it before any media moves, so a request
 * misread, a limit not held, a URL naming another source than it seems, or
 * a digest accepted that should not be, would be noticed here first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rtsp_proto.h"

/* ------------------------------------------------------------- helpers */

/* A connection's input as the relay will keep it: bytes in, parsed items
 * out, consumed bytes dropped from the front. */
struct conn {
	struct rtsp_parser p;
	char buf[32768];
	size_t len;
};

/* What one parsed item looked like, copied out of the buffer. */
struct item {
	int kind;
	enum rtsp_method method;
	long cseq;
	char uri[RTSP_LINE_MAX + 1];
	char session[64];
	char transport[128];
	size_t content_length;
	unsigned channel, length;
	int status;
};

static void str_copy(char *dst, size_t size, struct rtsp_str s)
{
	assert_true(s.len < size);
	if (s.len)
		memcpy(dst, s.p, s.len);
	dst[s.len] = '\0';
}

/* feed appends in[0 .. n) to c and parses all it can into items (at most
 * max); returns how many, or -1 at the first error, whose status then goes
 * to *status. */
static int feed(struct conn *c, const char *in, size_t n, struct item *items, int max,
		int *status)
{
	int count = 0;

	assert_true(c->len + n <= sizeof(c->buf));
	memcpy(c->buf + c->len, in, n);
	c->len += n;
	for (;;) {
		struct rtsp_msg msg;
		size_t used = 12345;
		int rc = rtsp_parse(&c->p, c->buf, c->len, &msg, &used);

		if (rc < 0) {
			*status = msg.status;
			return -1;
		}
		assert_true(used <= c->len);
		if (rc != RTSP_PARSE_MORE) {
			struct item *it = &items[count++];

			assert_true(count <= max);
			memset(it, 0, sizeof(*it));
			it->kind = rc;
			if (rc == RTSP_PARSE_REQUEST) {
				it->method = msg.req.method;
				it->cseq = msg.req.cseq;
				str_copy(it->uri, sizeof(it->uri), msg.req.uri);
				str_copy(it->session, sizeof(it->session), msg.req.session);
				str_copy(it->transport, sizeof(it->transport), msg.req.transport);
				it->content_length = msg.req.content_length;
			} else {
				it->channel = msg.channel;
				it->length = msg.length;
			}
		}
		memmove(c->buf, c->buf + used, c->len - used);
		c->len -= used;
		if (rc == RTSP_PARSE_MORE)
			return count;
	}
}

#define FEED(c, lit, items, st) feed(c, lit, sizeof(lit) - 1, items, 4, st)

/* refused_with feeds in to a new connection in one piece and expects the
 * parser to refuse it with status. */
static void refused_with(const char *in, size_t n, int status)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct item items[4];
	int st = 0;

	assert_non_null(c);
	rtsp_parser_init(&c->p);
	if (feed(c, in, n, items, 4, &st) != -1)
		fail_msg("accepted: %.60s", in);
	assert_int_equal(st, status);
	free(c);
}

static const char pipeline[] =
	"OPTIONS rtsp://relay.example:8554/s/d12 RTSP/1.0\r\n"
	"CSeq: 1\r\n"
	"User-Agent: LibVLC/3.0.18\r\n"
	"\r\n"
	"SET_PARAMETER rtsp://relay.example:8554/s/d12 RTSP/1.0\r\n"
	"CSeq: 2\r\n"
	"Content-Type: text/parameters\r\n"
	"Content-Length: 13\r\n"
	"\r\n"
	"barparam: 1\r\n"
	"$\x01\x00\x05" "abcde"
	"\r\n"
	"SETUP rtsp://relay.example:8554/s/d12/trackID=0 RTSP/1.0\n"
	"cseq:   3  \n"
	"Transport: RTP/AVP/TCP;unicast;interleaved=0-1\n"
	"Session: 7f3a9c;timeout=60\n"
	"\n"
	"$\x00\x00\x00"
	"PLAY rtsp://relay.example:8554/s/d12 RTSP/1.0\r\n"
	"CSeq: 4\r\n"
	"Session: 7f3a9c\r\n"
	"Range: npt=0.000-\r\n"
	"\r\n";

/* check_pipeline checks the items parsed from pipeline. */
static void check_pipeline(const struct item *it, int n)
{
	assert_int_equal(n, 6);
	assert_int_equal(it[0].kind, RTSP_PARSE_REQUEST);
	assert_int_equal(it[0].method, RTSP_OPTIONS);
	assert_int_equal(it[0].cseq, 1);
	assert_string_equal(it[0].uri, "rtsp://relay.example:8554/s/d12");
	assert_string_equal(it[0].session, "");
	assert_int_equal(it[1].method, RTSP_SET_PARAMETER);
	assert_int_equal(it[1].cseq, 2);
	assert_int_equal(it[1].content_length, 13);
	assert_int_equal(it[2].kind, RTSP_PARSE_FRAME);
	assert_int_equal(it[2].channel, 1);
	assert_int_equal(it[2].length, 5);
	assert_int_equal(it[3].kind, RTSP_PARSE_REQUEST);
	assert_int_equal(it[3].method, RTSP_SETUP);
	assert_int_equal(it[3].cseq, 3);
	assert_string_equal(it[3].uri, "rtsp://relay.example:8554/s/d12/trackID=0");
	assert_string_equal(it[3].transport, "RTP/AVP/TCP;unicast;interleaved=0-1");
	assert_string_equal(it[3].session, "7f3a9c");
	assert_int_equal(it[4].kind, RTSP_PARSE_FRAME);
	assert_int_equal(it[4].channel, 0);
	assert_int_equal(it[4].length, 0);
	assert_int_equal(it[5].method, RTSP_PLAY);
	assert_int_equal(it[5].cseq, 4);
	assert_string_equal(it[5].session, "7f3a9c");
}

/* ------------------------------------------------------------- requests */

static void pipelined_requests_in_one_read(void **state)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct item it[8];
	int st = 0;

	(void)state;
	rtsp_parser_init(&c->p);
	check_pipeline(it, feed(c, pipeline, sizeof(pipeline) - 1, it, 8, &st));
	assert_int_equal(c->len, 0);
	free(c);
}

static void requests_arriving_a_byte_at_a_time(void **state)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct item it[8];
	size_t i;
	int n = 0, got, st = 0;

	(void)state;
	rtsp_parser_init(&c->p);
	for (i = 0; i < sizeof(pipeline) - 1; i++) {
		got = feed(c, pipeline + i, 1, it + n, 8 - n, &st);
		assert_true(got >= 0);
		n += got;
	}
	check_pipeline(it, n);
	assert_int_equal(c->len, 0);
	free(c);
}

static void header_values_and_lookup(void **state)
{
	static const char in[] =
		"DESCRIBE /s/c7?token=abc RTSP/1.0\r\n"
		"CSeq: 000000009\r\n"
		"Accept:application/sdp\r\n"
		"Authorization: Digest username=\"i42.1\"\r\n"
		"X-Empty:\r\n"
		"\r\n";
	struct rtsp_parser p;
	struct rtsp_msg msg;
	struct rtsp_str v;
	size_t used;

	(void)state;
	rtsp_parser_init(&p);
	assert_int_equal(rtsp_parse(&p, in, sizeof(in) - 1, &msg, &used), RTSP_PARSE_REQUEST);
	assert_int_equal(used, sizeof(in) - 1);
	assert_int_equal(msg.req.method, RTSP_DESCRIBE);
	assert_int_equal(msg.req.cseq, 9);
	assert_int_equal(msg.req.nheaders, 4);
	v = rtsp_header_get(&msg.req, "accept");
	assert_int_equal(v.len, 15);
	assert_memory_equal(v.p, "application/sdp", 15);
	v = rtsp_header_get(&msg.req, "X-Empty");
	assert_non_null(v.p);
	assert_int_equal(v.len, 0);
	assert_null(rtsp_header_get(&msg.req, "Range").p);
	assert_int_equal(msg.req.authorization.len, 23);

	/* An unknown method still parses; the caller answers 501. */
	rtsp_parser_init(&p);
	assert_int_equal(rtsp_parse(&p, "FLY * RTSP/1.0\r\nCSeq: 1\r\n\r\n", 27, &msg, &used),
			 RTSP_PARSE_REQUEST);
	assert_int_equal(msg.req.method, RTSP_OTHER);
	assert_int_equal(msg.req.method_name.len, 3);
}

static void a_partial_head_waits(void **state)
{
	static const char in[] = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r";
	struct rtsp_parser p;
	struct rtsp_msg msg;
	size_t used = 99;

	(void)state;
	rtsp_parser_init(&p);
	assert_int_equal(rtsp_parse(&p, "\r\n\r\n", 4, &msg, &used), RTSP_PARSE_MORE);
	assert_int_equal(used, 4);   /* blank lines are dropped */
	assert_int_equal(rtsp_parse(&p, in, sizeof(in) - 1, &msg, &used), RTSP_PARSE_MORE);
	assert_int_equal(used, 0);
	/* A frame header needs its four bytes. */
	rtsp_parser_init(&p);
	assert_int_equal(rtsp_parse(&p, "$", 1, &msg, &used), RTSP_PARSE_MORE);
	assert_int_equal(used, 0);
	assert_int_equal(rtsp_parse(&p, "$\x00\x10", 3, &msg, &used), RTSP_PARSE_MORE);
	assert_int_equal(used, 0);
}

static void malformed_requests_are_refused(void **state)
{
#define R(s, st) refused_with(s, sizeof(s) - 1, st)
	(void)state;
	R("OPTIONS * RTSP/1.0\r\n\r\n", 400);                         /* no CSeq */
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nCSeq: 2\r\n\r\n", 400);   /* two */
	R("OPTIONS * RTSP/1.0\r\nCSeq: -1\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1234567890\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1 2\r\n\r\n", 400);
	R("OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n", 505);
	R("GET / HTTP/1.1\r\nCSeq: 1\r\n\r\n", 400);
	R("OPTIONS  * RTSP/1.0\r\nCSeq: 1\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0 \r\nCSeq: 1\r\n\r\n", 400);
	R("OPTIONS\r\nCSeq: 1\r\n\r\n", 400);
	R("OPT(IONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n", 400);
	R("OPTIONS *\x01 RTSP/1.0\r\nCSeq: 1\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0\rCSeq: 1\r\n\r\n", 400);                /* bare CR */
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nA: \0\r\n\r\n", 400);     /* NUL */
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nA: b\x7f\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nA: b\r\n c\r\n\r\n", 400); /* folding */
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nno colon\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n: x\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nA B: x\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 65537\r\n\r\n", 413);
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", 400);
	R("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: x\r\n\r\n", 400);
	R("SETUP * RTSP/1.0\r\nCSeq: 1\r\nSession: a\r\nSession: b\r\n\r\n", 400);
	R("SETUP * RTSP/1.0\r\nCSeq: 1\r\nSession: ;timeout=3\r\n\r\n", 400);
	R("SETUP * RTSP/1.0\r\nCSeq: 1\r\nTransport: a\r\nTransport: b\r\n\r\n", 400);
	R("SETUP * RTSP/1.0\r\nCSeq: 1\r\nAuthorization: a\r\nAuthorization: a\r\n\r\n", 400);
	R("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n", 400);   /* a response: not ours to read */
#undef R
}

/* head_with builds a request with nh headers of value length vlen; the
 * caller frees it.  *n receives its length. */
static char *head_with(size_t urilen, int nh, size_t vlen, size_t *n)
{
	size_t size = urilen + 64 + (size_t)nh * (vlen + 16), len = 0;
	char *s = malloc(size);
	int i;

	assert_non_null(s);
	memcpy(s, "DESCRIBE /", 10);
	len = 10;
	memset(s + len, 'a', urilen - 1);
	len += urilen - 1;
	len += (size_t)snprintf(s + len, size - len, " RTSP/1.0\r\nCSeq: 1\r\n");
	for (i = 1; i < nh; i++) {
		len += (size_t)snprintf(s + len, size - len, "X-%04d: ", i);
		memset(s + len, 'v', vlen);
		len += vlen;
		memcpy(s + len, "\r\n", 2);
		len += 2;
	}
	memcpy(s + len, "\r\n", 2);
	*n = len + 2;
	return s;
}

static void limits_hold(void **state)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct item it[2];
	size_t n, i;
	char *s;
	int st = 0;

	(void)state;
	/* A request line of exactly 4096 bytes passes, 4097 is 414. */
	s = head_with(4096 - 9 - 9, 1, 0, &n);
	rtsp_parser_init(&c->p);
	c->len = 0;
	assert_int_equal(feed(c, s, n, it, 2, &st), 1);
	free(s);
	s = head_with(4096 - 9 - 9 + 1, 1, 0, &n);
	refused_with(s, n, 414);
	free(s);

	/* A header line of 4096 passes, 4097 is refused. */
	s = head_with(1, 2, 4096 - 8, &n);
	rtsp_parser_init(&c->p);
	c->len = 0;
	assert_int_equal(feed(c, s, n, it, 2, &st), 1);
	free(s);
	s = head_with(1, 2, 4096 - 8 + 1, &n);
	refused_with(s, n, 400);
	free(s);

	/* 64 headers pass, 65 do not. */
	s = head_with(1, 64, 4, &n);
	rtsp_parser_init(&c->p);
	c->len = 0;
	assert_int_equal(feed(c, s, n, it, 2, &st), 1);
	free(s);
	s = head_with(1, 65, 4, &n);
	refused_with(s, n, 400);
	free(s);

	/* A head over 16 KiB with every line in bounds. */
	s = head_with(1, 7, 3000, &n);
	assert_true(n > RTSP_HEAD_MAX);
	refused_with(s, n, 400);
	free(s);

	/* An endless line is refused as soon as it passes the limit, without
	 * waiting for its end: byte by byte, never more than the limit kept. */
	rtsp_parser_init(&c->p);
	c->len = 0;
	st = 0;
	assert_int_equal(feed(c, "OPTIONS /", 9, it, 2, &st), 0);
	for (i = 9; i < 4096; i++)
		assert_int_equal(feed(c, "a", 1, it, 2, &st), 0);
	assert_int_equal(feed(c, "a", 1, it, 2, &st), -1);
	assert_int_equal(st, 414);
	free(c);
}

static void interleaved_frames_are_skipped(void **state)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct item it[4];
	char frame[4 + 65535];
	size_t i;
	int st = 0;

	(void)state;
	rtsp_parser_init(&c->p);
	/* The largest frame, its payload holding what looks like a request,
	 * arriving in pieces smaller than itself: reported once, dropped
	 * as it comes, the request after it read. */
	frame[0] = '$';
	frame[1] = 3;
	frame[2] = (char)0xff;
	frame[3] = (char)0xff;
	for (i = 4; i < sizeof(frame); i++)
		frame[i] = "OPTIONS * RTSP/1.0\r\nCSeq: 9\r\n\r\n"[i % 32];
	assert_int_equal(feed(c, frame, 1000, it, 4, &st), 1);
	assert_int_equal(it[0].kind, RTSP_PARSE_FRAME);
	assert_int_equal(it[0].channel, 3);
	assert_int_equal(it[0].length, 65535);
	assert_int_equal(c->len, 0);
	for (i = 1000; i + 1000 < sizeof(frame); i += 1000)
		assert_int_equal(feed(c, frame + i, 1000, it, 4, &st), 0);
	assert_int_equal(feed(c, frame + i, sizeof(frame) - i, it, 4, &st), 0);
	assert_int_equal(c->len, 0);
	assert_int_equal(FEED(c, "OPTIONS * RTSP/1.0\r\nCSeq: 5\r\n\r\n", it, &st), 1);
	assert_int_equal(it[0].cseq, 5);

	/* Frames back to back, then a body split across reads. */
	assert_int_equal(FEED(c, "$\x01\x00\x02xy$\x02\x00\x01z", it, &st), 2);
	assert_int_equal(it[0].channel, 1);
	assert_int_equal(it[1].channel, 2);
	assert_int_equal(FEED(c, "GET_PARAMETER * RTSP/1.0\r\nCSeq: 6\r\nContent-Length: 8\r\n"
				 "\r\n$\x01", it, &st), 1);
	assert_int_equal(it[0].method, RTSP_GET_PARAMETER);
	assert_int_equal(it[0].content_length, 8);
	assert_int_equal(c->len, 0);
	assert_int_equal(FEED(c, "\x00\x01$\x00\x00", it, &st), 0);
	assert_int_equal(c->len, 0);
	/* The body's last byte, then a frame header of an empty frame. */
	assert_int_equal(FEED(c, "x$\x07\x00\x00", it, &st), 1);
	assert_int_equal(it[0].kind, RTSP_PARSE_FRAME);
	assert_int_equal(it[0].channel, 7);
	assert_int_equal(it[0].length, 0);
	assert_int_equal(c->len, 0);
	free(c);
}

/* ------------------------------------------------------------ the URL */

static void url_ok(const char *in, const char *source, int track, const char *token)
{
	struct rtsp_url u;

	if (rtsp_url_parse(in, strlen(in), &u) != 0)
		fail_msg("refused %s", in);
	assert_int_equal(u.star, 0);
	assert_string_equal(u.source, source);
	assert_int_equal(u.kind, source[0]);
	assert_int_equal(u.id, strtoull(source + 1, NULL, 10));
	assert_int_equal(u.track, track);
	assert_string_equal(u.token, token);
}

static void url_refused(const char *in, size_t len)
{
	struct rtsp_url u;

	if (rtsp_url_parse(in, len, &u) != -1)
		fail_msg("accepted %s", in);
	assert_string_equal(u.source, "");
	assert_string_equal(u.token, "");
	assert_int_equal(u.track, -1);
}

#define TOKEN "i42.1700000300.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx"

static void url_forms(void **state)
{
	struct rtsp_url u;

	(void)state;
	assert_int_equal(rtsp_url_parse("*", 1, &u), 0);
	assert_int_equal(u.star, 1);
	url_ok("/s/d12", "d12", -1, "");
	url_ok("/s/c7/", "c7", -1, "");
	url_ok("/s/d12/trackID=0", "d12", 0, "");
	url_ok("/s/d12/trackID=99", "d12", 99, "");
	url_ok("rtsp://relay.example:8554/s/d12", "d12", -1, "");
	url_ok("RTSP://192.0.2.1/s/c999999999999999999", "c999999999999999999", -1, "");
	url_ok("rtsp://[2001:db8::1]:8554/s/c1/trackID=1", "c1", 1, "");
	url_ok("rtsp://relay.example:8554/s/d12?token=" TOKEN, "d12", -1, TOKEN);
	url_ok("rtsp://relay.example:8554/s/d12/trackID=1?token=" TOKEN, "d12", 1, TOKEN);
	url_ok("rtsp://relay.example:8554/s/d12/?token=" TOKEN, "d12", -1, TOKEN);
	/* ffmpeg appends the control after the query of the base URL. */
	url_ok("rtsp://relay.example:8554/s/d12?token=" TOKEN "/trackID=1", "d12", 1, TOKEN);
	url_ok("/s/d12?x=1&token=" TOKEN "&y", "d12", -1, TOKEN);
	url_ok("/s/d12?", "d12", -1, "");
	url_ok("/s/d12?tokens=x&&", "d12", -1, "");
}

static void url_hostile(void **state)
{
	static const char *const bad[] = {
		"", "/", "/s", "/s/", "/s/d", "/s/x12", "/s/D12", "/s/d012", "/s/d0", "/s/d-1",
		"/s/d12x", "/s/d12//", "/s/d12/trackID=", "/s/d12/trackID=100", "/s/d12/trackID=01",
		"/s/d12/trackid=0", "/s/d12/trackID=0/", "/s/d12/x", "/s/../x", "/s/d12/../c7",
		"/s/./d12", "//s/d12", "/x/s/d12", "s/d12", "/s/%64%31%32", "/s/d12%00",
		"/s/d12?token=%00", "/s/d12#frag", "/s/d\\12", "/s/d1 2", "/s/d12\x7f",
		"/s/d12\xc3\xa9", "/s/d1234567890123456789", "rtsp:///s/d12", "rtsp://host",
		"rtsp://host?x/s/d12", "http://host/s/d12", "**", "/s/d12?token=",
		"/s/d12?token=a&token=b", "/s/d12?token=a b", "/s/d12?token=a/b",
		"/s/d12?token=a/trackID=0&x", "/s/d12/trackID=0?token=a/trackID=1",
		"/s/d12?token=a:b", "/s/d12?token=a+b",
	};
	char big[8192];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		url_refused(bad[i], strlen(bad[i]));
	url_refused("/s/d12\0/c7", 10);
	/* A token longer than any vb_stream.h token. */
	memcpy(big, "/s/d12?token=", 13);
	memset(big + 13, 'a', RTSP_TOKEN_MAX + 1);
	url_refused(big, 13 + RTSP_TOKEN_MAX + 1);
	url_ok("/s/d12?token=" TOKEN, "d12", -1, TOKEN);
	memset(big + 13, 'a', RTSP_TOKEN_MAX);
	big[13 + RTSP_TOKEN_MAX] = '\0';
	url_ok(big, "d12", -1, big + 13);
	/* A very long authority or query is not a reason to misread. */
	memcpy(big, "rtsp://", 7);
	memset(big + 7, 'h', sizeof(big) - 7);
	memcpy(big + sizeof(big) - 8, "/s/c7?a", 7);
	big[sizeof(big) - 1] = '\0';
	url_ok(big, "c7", -1, "");
}

/* ---------------------------------------------------------- Transport */

static void transport_ok(const char *in, int lower, int a, int b)
{
	struct rtsp_transport t;

	if (rtsp_transport_parse(in, strlen(in), &t) != 0)
		fail_msg("refused %s", in);
	assert_int_equal(t.lower, lower);
	if (lower == RTSP_LOWER_TCP) {
		assert_int_equal(t.interleaved[0], a);
		assert_int_equal(t.interleaved[1], b);
	} else {
		assert_int_equal(t.client_port[0], a);
		assert_int_equal(t.client_port[1], b);
	}
}

static void transport_forms(void **state)
{
	static const char *const bad[] = {
		"", ",", "RTP/AVP", "RTP/AVP;unicast", "RTP/AVP/UDP;unicast;interleaved=0-1",
		"RTP/AVP/TCP;unicast;client_port=5000-5001", "RTP/AVP;multicast;client_port=5000",
		"RTP/AVP;unicast;client_port=5000-5001;destination=198.51.100.7",
		"RTP/AVP/TCP;unicast;interleaved=0-1;mode=record", "RTP/SAVP;unicast;client_port=5000",
		"RTP/AVPF/TCP;interleaved=0-1", "RAW/RAW/UDP;unicast;client_port=5000",
		"RTP/AVP/TCP;interleaved=256", "RTP/AVP/TCP;interleaved=255",
		"RTP/AVP/TCP;interleaved=0-256", "RTP/AVP/TCP;interleaved=-1",
		"RTP/AVP/TCP;interleaved=a-b", "RTP/AVP/TCP;interleaved=", "RTP/AVP;client_port=0",
		"RTP/AVP;client_port=65535", "RTP/AVP;client_port=70000-70001",
		"RTP/AVP;client_port=5000-", "RTP/AVP/TCP;mode=\"PLAY", "RTP/AVP/TCPX;interleaved=0",
	};
	struct rtsp_transport t;
	size_t i;

	(void)state;
	transport_ok("RTP/AVP/TCP;unicast;interleaved=0-1", RTSP_LOWER_TCP, 0, 1);
	transport_ok("RTP/AVP/TCP;interleaved=4", RTSP_LOWER_TCP, 4, 5);
	transport_ok("RTP/AVP/TCP;unicast", RTSP_LOWER_TCP, -1, -1);
	transport_ok("rtp/avp/tcp; unicast ; interleaved = 2-3 ;mode=\"PLAY\"", RTSP_LOWER_TCP, 2, 3);
	transport_ok("RTP/AVP;unicast;client_port=5000-5001", RTSP_LOWER_UDP, 5000, 5001);
	transport_ok("RTP/AVP/UDP;unicast;client_port=5000-5001;mode=play", RTSP_LOWER_UDP, 5000,
		     5001);
	transport_ok("RTP/AVP;unicast;client_port=6970", RTSP_LOWER_UDP, 6970, 6971);
	transport_ok("RTP/AVP;unicast;client_port=5000-5001;ssrc=1234ABCD;ttl=3",
		     RTSP_LOWER_UDP, 5000, 5001);
	/* The first the relay serves of a list (GStreamer sends several). */
	transport_ok("RTP/AVP;multicast;port=5000-5001,RTP/AVP/TCP;unicast;interleaved=2-3",
		     RTSP_LOWER_TCP, 2, 3);
	transport_ok("RTP/SAVP;unicast;client_port=1-2, RTP/AVP;unicast;client_port=7000-7001 ,"
		     "RTP/AVP/TCP;unicast;interleaved=0-1", RTSP_LOWER_UDP, 7000, 7001);
	transport_ok("x;a=\"q,;\\\"x\",RTP/AVP/TCP;interleaved=0-1", RTSP_LOWER_TCP, 0, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (rtsp_transport_parse(bad[i], strlen(bad[i]), &t) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(t.lower, 0);
	}
}

static void transport_answers(void **state)
{
	struct rtsp_transport t = { 0 };
	char buf[128];

	(void)state;
	t.lower = RTSP_LOWER_TCP;
	t.interleaved[0] = 2;
	t.interleaved[1] = 3;
	assert_int_equal(rtsp_transport_format(&t, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "RTP/AVP/TCP;unicast;interleaved=2-3");
	t.has_ssrc = 1;
	t.ssrc = 0xdeadbeef;
	assert_int_equal(rtsp_transport_format(&t, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "RTP/AVP/TCP;unicast;interleaved=2-3;ssrc=DEADBEEF");
	assert_int_equal(rtsp_transport_format(&t, buf, 20), -1);
	t.interleaved[0] = -1;   /* the caller must choose */
	assert_int_equal(rtsp_transport_format(&t, buf, sizeof(buf)), -1);

	memset(&t, 0, sizeof(t));
	t.lower = RTSP_LOWER_UDP;
	t.client_port[0] = 5000;
	t.client_port[1] = 5001;
	t.server_port[0] = 40000;
	t.server_port[1] = 40001;
	assert_int_equal(rtsp_transport_format(&t, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "RTP/AVP;unicast;client_port=5000-5001;server_port=40000-40001");
	t.lower = 0;
	assert_int_equal(rtsp_transport_format(&t, buf, sizeof(buf)), -1);
}

/* ----------------------------------------------------------- responses */

static void replies(void **state)
{
	static const char sdp[] = "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\n";
	struct rtsp_transport t = { 0 };
	struct rtsp_reply r;
	char buf[1024];
	size_t len = 7;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.status = 200;
	r.cseq = 1;
	r.public_methods = 1;
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: vestibule-relay\r\n"
				 "Public: " RTSP_PUBLIC "\r\nContent-Length: 0\r\n\r\n");
	assert_int_equal(len, strlen(buf));

	memset(&r, 0, sizeof(r));
	r.status = 401;
	r.cseq = 2;
	r.nonce = "000000006553f10086c3f1eb0f077003531c711b9f0a6497";
	r.stale = 1;
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nServer: vestibule-relay\r\n"
				 "WWW-Authenticate: Digest realm=\"vestibule\", "
				 "nonce=\"000000006553f10086c3f1eb0f077003531c711b9f0a6497\", "
				 "stale=TRUE\r\nContent-Length: 0\r\n\r\n");

	memset(&r, 0, sizeof(r));
	r.status = 200;
	r.cseq = 3;
	r.content_base = "rtsp://relay.example:8554/s/d12/";
	r.content_type = "application/sdp";
	r.body = sdp;
	r.body_len = sizeof(sdp) - 1;
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "RTSP/1.0 200 OK\r\nCSeq: 3\r\nServer: vestibule-relay\r\n"
				 "Content-Base: rtsp://relay.example:8554/s/d12/\r\n"
				 "Content-Type: application/sdp\r\nContent-Length: 29\r\n\r\n"
				 "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\n");
	/* Too small by one: refused, nothing half-written reported. */
	assert_int_equal(rtsp_reply_write(&r, buf, len, &len), -1);
	assert_int_equal(len, 0);
	assert_int_equal(rtsp_reply_write(&r, buf, 10, &len), -1);

	memset(&r, 0, sizeof(r));
	t.lower = RTSP_LOWER_TCP;
	t.interleaved[1] = 1;
	r.status = 200;
	r.cseq = 4;
	r.session = "7f3a9c";
	r.transport = &t;
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "RTSP/1.0 200 OK\r\nCSeq: 4\r\nServer: vestibule-relay\r\n"
				 "Session: 7f3a9c;timeout=60\r\n"
				 "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n"
				 "Content-Length: 0\r\n\r\n");

	memset(&r, 0, sizeof(r));
	r.status = 400;
	r.cseq = -1;   /* unknown: the request could not be read */
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "RTSP/1.0 400 Bad Request\r\nServer: vestibule-relay\r\n"
				 "Content-Length: 0\r\n\r\n");
	r.status = 461;
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), 0);
	assert_memory_equal(buf, "RTSP/1.0 461 Unsupported Transport\r\n", 36);

	/* Nothing from the caller may add a header. */
	r.status = 200;
	r.session = "a\r\nX-Evil: 1";
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), -1);
	r.session = NULL;
	r.status = 401;
	r.nonce = "a\", x=\"";
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), -1);
	r.nonce = NULL;
	r.status = 200;
	r.content_base = "rtsp://x/\n";
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), -1);
	r.content_base = NULL;
	r.status = 20;
	assert_int_equal(rtsp_reply_write(&r, buf, sizeof(buf), &len), -1);
	assert_string_equal(rtsp_reason(599), "Unknown");
}

/* ---------------------------------------------------------- digest auth */

static const unsigned char key[32] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
};

/*
 * The known vector, computed apart from this code:
 *   python3 -c '
 *   import hmac, hashlib
 *   key = bytes(range(32)); th = b"%016x" % 1700000000
 *   mac = hmac.new(key, b"vestibule rtsp nonce v1\n" + th + b"\n192.0.2.10",
 *                  hashlib.sha256).digest()[:16].hex()
 *   nonce = th.decode() + mac; print(nonce)
 *   md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
 *   ha1 = md5("i42.1700000300:vestibule:Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx")
 *   ha2 = md5("DESCRIBE:rtsp://relay.example:8554/s/d12")
 *   print(md5(ha1 + ":" + nonce + ":" + ha2))'
 */
#define T0 1700000000
#define BIND "192.0.2.10"
#define NONCE "000000006553f10086c3f1eb0f077003531c711b9f0a6497"
#define USER "i42.1700000300"
#define PASSWORD "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx"
#define URI "rtsp://relay.example:8554/s/d12"
#define RESPONSE "a044165f5062e7c8b65cfb6e3faee59a"

#define AUTH "Digest username=\"" USER "\", realm=\"vestibule\", nonce=\"" NONCE \
	"\", uri=\"" URI "\", response=\"" RESPONSE "\""

static void nonces(void **state)
{
	char n[RTSP_NONCE_LEN + 1], forged[RTSP_NONCE_LEN + 1];
	unsigned char other[32];

	(void)state;
	assert_int_equal(rtsp_nonce_make(key, T0, BIND, n), 0);
	assert_string_equal(n, NONCE);
	assert_int_equal(rtsp_nonce_check(key, n, T0, 60, BIND), 0);
	assert_int_equal(rtsp_nonce_check(key, n, T0 + 60, 60, BIND), 0);
	assert_int_equal(rtsp_nonce_check(key, n, T0 + 61, 60, BIND), 1);
	assert_int_equal(rtsp_nonce_check(key, n, T0 - 1, 60, BIND), 1);
	assert_int_equal(rtsp_nonce_check(key, n, T0, 60, "192.0.2.11"), -1);
	assert_int_equal(rtsp_nonce_check(key, n, T0, 60, NULL), -1);
	memcpy(other, key, 32);
	other[31] ^= 1;
	assert_int_equal(rtsp_nonce_check(other, n, T0, 60, BIND), -1);
	/* A later time with the old MAC: a forger cannot refresh a nonce. */
	memcpy(forged, n, sizeof(forged));
	forged[15] = '1';
	assert_int_equal(rtsp_nonce_check(key, forged, T0, 60, BIND), -1);
	memcpy(forged, n, sizeof(forged));
	forged[47] = forged[47] == '0' ? '1' : '0';
	assert_int_equal(rtsp_nonce_check(key, forged, T0, 60, BIND), -1);
	memcpy(forged, n, sizeof(forged));
	forged[20] = 'A';   /* upper case is not what rtsp_nonce_make writes */
	assert_int_equal(rtsp_nonce_check(key, forged, T0, 60, BIND), -1);
	assert_int_equal(rtsp_nonce_check(key, "", T0, 60, BIND), -1);
	assert_int_equal(rtsp_nonce_check(key, NONCE "0", T0, 60, BIND), -1);
	assert_int_equal(rtsp_nonce_make(key, -1, BIND, n), -1);
	assert_int_equal(rtsp_nonce_make(key, T0, NULL, n), 0);
	assert_int_equal(rtsp_nonce_check(key, n, T0, 60, NULL), 0);
	assert_int_equal(rtsp_nonce_check(key, n, T0, 60, ""), 0);
}

static void digest_parses(void **state)
{
	struct rtsp_digest d;
	static const char *const bad[] = {
		"", "Digest", "Digest ", "Basic aTQyOnB3", "Digestusername=\"a\"",
		"Digest username=\"a\", realm=\"vestibule\", nonce=\"n\", uri=\"u\"",
		"Digest username=\"a\", realm=\"vestibule\", nonce=\"n\", uri=\"u\", response=\"short\"",
		"Digest username=\"a\", username=\"b\", realm=\"vestibule\", nonce=\"n\", uri=\"u\", "
		"response=\"" RESPONSE "\"",
		"Digest username=\"a\", realm=\"vestibule\", nonce=\"n\", uri=\"u\", response=\"" RESPONSE
		"\", qop=auth, nc=00000001, cnonce=\"x\"",
		"Digest username=\"a\", realm=\"vestibule\", nonce=\"n\", uri=\"u\", response=\"" RESPONSE
		"\", algorithm=SHA-256",
		"Digest username=\"a, realm=\"vestibule\", nonce=\"n\", uri=\"u\", response=\"" RESPONSE "\"",
		"Digest username=\"a\\\", realm=\"vestibule\", nonce=\"n\", uri=\"u\", response=\"" RESPONSE
		"\"",
		"Digest username=a b, realm=\"vestibule\", nonce=\"n\", uri=\"u\", response=\"" RESPONSE "\"",
		"Digest username=\"a\", realm=\"vestibule\", nonce=\"n\", uri=\"u\", response=\"" RESPONSE
		"\", opaque",
		"Digest username=\"a\x01\", realm=\"vestibule\", nonce=\"n\", uri=\"u\", response=\"" RESPONSE
		"\"",
		"Digest username=\"a\", realm=\"vestibule\", nonce=\"" NONCE "0\", uri=\"u\", response=\""
		RESPONSE "\"",
	};
	char big[6000];
	size_t i;
	int n;

	(void)state;
	assert_int_equal(rtsp_digest_parse(AUTH, strlen(AUTH), &d), 0);
	assert_string_equal(d.username, USER);
	assert_string_equal(d.realm, "vestibule");
	assert_string_equal(d.nonce, NONCE);
	assert_string_equal(d.uri, URI);
	assert_string_equal(d.response, RESPONSE);

	/* Tokens, escapes, odd spacing, case, algorithm, unknown parameters. */
	static const char odd[] = "digest  username=\"a\\\"b\\\\c\" ,realm=vestibule,, nonce = \"n,;\" ,"
				  "uri=\"rtsp://h/s/d1?token=x\", RESPONSE=" RESPONSE
				  ", algorithm=md5, opaque=\"\"";
	assert_int_equal(rtsp_digest_parse(odd, strlen(odd), &d), 0);
	assert_string_equal(d.username, "a\"b\\c");
	assert_string_equal(d.realm, "vestibule");
	assert_string_equal(d.nonce, "n,;");
	assert_string_equal(d.uri, "rtsp://h/s/d1?token=x");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (rtsp_digest_parse(bad[i], strlen(bad[i]), &d) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_string_equal(d.username, "");
	}
	/* A username longer than its field. */
	n = snprintf(big, sizeof(big), "Digest username=\"%0200d\", realm=vestibule, nonce=n, uri=u, "
		     "response=" RESPONSE, 0);
	assert_int_equal(rtsp_digest_parse(big, (size_t)n, &d), -1);
}

/* verify parses AUTH-like credentials with the given parts and checks
 * them for a DESCRIBE of uri at now. */
static int verify(const char *user, const char *nonce, const char *duri, const char *response,
		  const char *uri, const char *password, int64_t now, const char *bind)
{
	struct rtsp_digest d;
	char h[1024];
	int n;

	n = snprintf(h, sizeof(h),
		     "Digest username=\"%s\", realm=\"vestibule\", nonce=\"%s\", uri=\"%s\", "
		     "response=\"%s\"", user, nonce, duri, response);
	assert_true(n > 0 && (size_t)n < sizeof(h));
	if (rtsp_digest_parse(h, (size_t)n, &d) < 0)
		return -2;
	return rtsp_digest_verify(&d, "DESCRIBE", uri, password, key, now, 60, bind);
}

static void digest_verifies(void **state)
{
	struct rtsp_digest d;
	char stale[RTSP_NONCE_LEN + 1];

	(void)state;
	assert_int_equal(verify(USER, NONCE, URI, RESPONSE, URI, PASSWORD, T0 + 5, BIND), 0);
	/* Some clients write the hex in upper case. */
	assert_int_equal(verify(USER, NONCE, URI, "A044165F5062E7C8B65CFB6E3FAEE59A", URI,
				PASSWORD, T0, BIND), 0);
	/* Wrong password, user, method, uri, realm, response. */
	assert_int_equal(verify(USER, NONCE, URI, RESPONSE, URI, PASSWORD "x", T0, BIND), -1);
	assert_int_equal(verify(USER, NONCE, URI, RESPONSE, URI, "", T0, BIND), -1);
	assert_int_equal(verify("i42.1700000301", NONCE, URI, RESPONSE, URI, PASSWORD, T0, BIND), -1);
	assert_int_equal(rtsp_digest_parse(AUTH, strlen(AUTH), &d), 0);
	assert_int_equal(rtsp_digest_verify(&d, "SETUP", URI, PASSWORD, key, T0, 60, BIND), -1);
	/* The credentials were for d12; the request is for c7, or for d12
	 * with the digest uri claiming the request was another. */
	assert_int_equal(verify(USER, NONCE, URI, RESPONSE, "rtsp://relay.example:8554/s/c7",
				PASSWORD, T0, BIND), -1);
	assert_int_equal(verify(USER, NONCE, "rtsp://relay.example:8554/s/c7", RESPONSE, URI,
				PASSWORD, T0, BIND), -1);
	assert_int_equal(verify(USER, NONCE, URI, "b044165f5062e7c8b65cfb6e3faee59a", URI, PASSWORD,
				T0, BIND), -1);
	memcpy(d.realm, "Vestibule", 10);
	assert_int_equal(rtsp_digest_verify(&d, "DESCRIBE", URI, PASSWORD, key, T0, 60, BIND), -1);
	/* Stale: right credentials, old nonce: challenge again. */
	assert_int_equal(verify(USER, NONCE, URI, RESPONSE, URI, PASSWORD, T0 + 61, BIND), 1);
	/* Stale but the wrong password: refused outright. */
	assert_int_equal(verify(USER, NONCE, URI, RESPONSE, URI, "x", T0 + 61, BIND), -1);
	/* Forged nonce: another key, another client address, edited time. */
	assert_int_equal(verify(USER, NONCE, URI, RESPONSE, URI, PASSWORD, T0, "192.0.2.11"), -1);
	memcpy(stale, NONCE, sizeof(stale));
	stale[15] = '1';
	assert_int_equal(verify(USER, stale, URI, RESPONSE, URI, PASSWORD, T0, BIND), -1);
	assert_int_equal(verify(USER, "deadbeef", URI, RESPONSE, URI, PASSWORD, T0, BIND), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pipelined_requests_in_one_read),
		cmocka_unit_test(requests_arriving_a_byte_at_a_time),
		cmocka_unit_test(header_values_and_lookup),
		cmocka_unit_test(a_partial_head_waits),
		cmocka_unit_test(malformed_requests_are_refused),
		cmocka_unit_test(limits_hold),
		cmocka_unit_test(interleaved_frames_are_skipped),
		cmocka_unit_test(url_forms),
		cmocka_unit_test(url_hostile),
		cmocka_unit_test(transport_forms),
		cmocka_unit_test(transport_answers),
		cmocka_unit_test(replies),
		cmocka_unit_test(nonces),
		cmocka_unit_test(digest_parses),
		cmocka_unit_test(digest_verifies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
