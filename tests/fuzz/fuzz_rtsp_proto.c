/*
 * fuzz_rtsp_proto.c - libFuzzer harness for the relay's RTSP protocol layer
 * (media/relay/rtsp_proto.c): whatever a viewer sends goes through the
 * request parser, and each request's URI, Transport and Authorization
 * through their parsers, before anything else looks at it.
 *
 * Besides crashes it checks one property: the parser reports the same
 * items whether the input arrives in one read or in pieces (the first byte
 * chooses the piece size), since a relay cannot choose how TCP splits it.
 *
 * Build (not part of make; needs Debian's clang), from the source tree:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I fcgi-apps/lib -I media/relay \
 *     tests/fuzz/fuzz_rtsp_proto.c media/relay/rtsp_proto.c -lcrypto -o fuzz_rtsp_proto
 *   ./fuzz_rtsp_proto -max_total_time=60
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rtsp_proto.h"

#define MAX_ITEMS 256

/* What one parse reported, reduced to what the two runs must agree on. */
struct outcome {
	int rc;
	int status;
	long cseq;
	enum rtsp_method method;
	size_t uri_len, nheaders, content_length;
	unsigned channel, length;
};

static const unsigned char key[32] = { 7 };

/* exercise hands one request's values to the parsers behind the request
 * parser, and answers it as the relay would. */
static void exercise(const struct rtsp_request *req)
{
	struct rtsp_url url;
	struct rtsp_transport t;
	struct rtsp_digest d;
	struct rtsp_reply rep;
	char out[2048], uri[RTSP_LINE_MAX + 1], method[RTSP_LINE_MAX + 1], nonce[RTSP_NONCE_LEN + 1];
	size_t len;
	int have_t;

	rtsp_url_parse(req->uri.p, req->uri.len, &url);
	have_t = rtsp_transport_parse(req->transport.p, req->transport.len, &t) == 0;
	if (have_t) {
		if (t.interleaved[0] < 0) {
			t.interleaved[0] = 0;
			t.interleaved[1] = 1;
		}
		t.server_port[0] = 40000;
		t.server_port[1] = 40001;
	}
	memset(&rep, 0, sizeof(rep));
	rep.status = 200;
	rep.cseq = req->cseq;
	rep.transport = have_t ? &t : NULL;
	rep.session = "0123abcd";
	if (rtsp_reply_write(&rep, out, sizeof(out), &len) != 0 || len != strlen(out))
		abort();
	if (rtsp_digest_parse(req->authorization.p, req->authorization.len, &d) == 0) {
		memcpy(uri, req->uri.p, req->uri.len);
		uri[req->uri.len] = '\0';
		memcpy(method, req->method_name.p, req->method_name.len);
		method[req->method_name.len] = '\0';
		/* Random credentials never carry a nonce under this key. */
		if (rtsp_digest_verify(&d, method, uri, "pw", key, 1700000000, 60, NULL) != -1)
			abort();
		if (rtsp_nonce_make(key, 1700000000, d.username, nonce) != 0 ||
		    rtsp_nonce_check(key, nonce, 1700000000, 60, d.username) != 0)
			abort();
	}
}

/* run parses data[0 .. size) arriving in pieces of chunk bytes (0: all at
 * once) into out; returns how many outcomes. */
static size_t run(const uint8_t *data, size_t size, size_t chunk, struct outcome *out, int deep)
{
	struct rtsp_parser p;
	struct rtsp_msg msg;
	char *buf = malloc(size + 1);
	size_t have = 0, fed = 0, n = 0, used;
	int rc;

	if (!buf)
		abort();
	rtsp_parser_init(&p);
	while (fed < size) {
		size_t piece = chunk == 0 ? size - fed : chunk;

		if (piece > size - fed)
			piece = size - fed;
		memcpy(buf + have, data + fed, piece);
		have += piece;
		fed += piece;
		do {
			rc = rtsp_parse(&p, buf, have, &msg, &used);
			if (used > have)
				abort();
			if (rc != RTSP_PARSE_MORE && n < MAX_ITEMS) {
				struct outcome *o = &out[n++];

				memset(o, 0, sizeof(*o));
				o->rc = rc;
				if (rc < 0) {
					o->status = msg.status;
				} else if (rc == RTSP_PARSE_REQUEST) {
					o->cseq = msg.req.cseq;
					o->method = msg.req.method;
					o->uri_len = msg.req.uri.len;
					o->nheaders = msg.req.nheaders;
					o->content_length = msg.req.content_length;
					if (deep)
						exercise(&msg.req);
				} else {
					o->channel = msg.channel;
					o->length = msg.length;
				}
			}
			if (rc < 0)
				goto out;
			memmove(buf, buf + used, have - used);
			have -= used;
		} while (rc != RTSP_PARSE_MORE);
	}
out:
	free(buf);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct outcome whole[MAX_ITEMS], pieces[MAX_ITEMS];
	size_t nw, np, chunk;

	if (size == 0)
		return 0;
	chunk = 1 + data[0] % 64;
	data++;
	size--;
	nw = run(data, size, 0, whole, 1);
	np = run(data, size, chunk, pieces, 0);
	if (nw != np || memcmp(whole, pieces, nw * sizeof(whole[0])) != 0)
		abort();
	/* The same bytes straight into the value parsers. */
	{
		struct rtsp_url url;
		struct rtsp_transport t;
		struct rtsp_digest d;

		rtsp_url_parse((const char *)data, size, &url);
		rtsp_transport_parse((const char *)data, size, &t);
		rtsp_digest_parse((const char *)data, size, &d);
	}
	return 0;
}
