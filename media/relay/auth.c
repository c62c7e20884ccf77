/*
 * auth.c - who may watch a source: a viewer token of vb_stream.h, in the
 * URL ("?token=") or as RTSP digest credentials (RFC 2617: user name
 * "<viewer>.<expiry>", password the token's mac).  Checked with the
 * secret derived from the platform key, without a database round trip.
 * A token opens exactly the source it was signed for, so a valid token
 * for another source is refused like a forged one (401).
 */
#include <string.h>

#include "relay.h"
#include "vb_log.h"
#include "vb_stream.h"

int auth_nonce(struct relay *r, const struct conn *c, char out[RTSP_NONCE_LEN + 1])
{
	return rtsp_nonce_make(r->nonce_key, g_get_real_time() / G_USEC_PER_SEC, c->peer_ip, out);
}

/* Copies piece s into a NUL-terminated buffer of size bytes.  Returns 0,
 * -1 when it does not fit. */
static int copy_str(struct rtsp_str s, char *buf, size_t size)
{
	if (s.len >= size)
		return -1;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	return 0;
}

int auth_check(struct relay *r, const struct conn *c, const struct rtsp_request *req,
	       const struct rtsp_url *url, int *stale)
{
	int64_t now = g_get_real_time() / G_USEC_PER_SEC;
	struct rtsp_digest d;
	char pw[VB_STREAM_MAC_LEN + 1], method[32], uri[RTSP_LINE_MAX + 1];
	int rc;

	*stale = 0;
	if (url->token[0] != '\0')
		return vb_stream_token_check(r->secret, url->source, url->token, now, NULL) == 0
			       ? 0 : 1;
	if (req->authorization.len == 0 ||
	    rtsp_digest_parse(req->authorization.p, req->authorization.len, &d) < 0)
		return 1;
	if (vb_stream_digest_password(r->secret, url->source, d.username, now, pw) != 0)
		return 1;
	if (copy_str(req->method_name, method, sizeof(method)) < 0 ||
	    copy_str(req->uri, uri, sizeof(uri)) < 0)
		return 1;
	rc = rtsp_digest_verify(&d, method, uri, pw, r->nonce_key, now, RELAY_NONCE_LIFETIME,
				c->peer_ip);
	memset(pw, 0, sizeof(pw));
	if (rc == 1)
		*stale = 1;
	return rc == 0 ? 0 : 1;
}
