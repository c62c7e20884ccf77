/*
 * stream.c - viewer tokens of the RTSP relay (vb_stream.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb_crypto.h"
#include "vb_stream.h"

/* The context string of the derivation: a new meaning gets a new string. */
#define SECRET_LABEL "vestibule stream tokens v1"

int vb_stream_secret(const unsigned char key[32], unsigned char out[32])
{
	return vb_hmac_sha256(key, 32, SECRET_LABEL, strlen(SECRET_LABEL), out);
}

/* viewer_ok: 1 to VB_STREAM_VIEWER_MAX of [A-Za-z0-9_-] (so "." can
 * separate the token's parts and a user name carries no quote). */
static int viewer_ok(const char *v, size_t n)
{
	size_t i;

	if (n == 0 || n > VB_STREAM_VIEWER_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* source_ok: 1 to 64 printable ASCII characters without spaces. */
static int source_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return 0;
	return 1;
}

/*
 * stream_mac writes the base64url mac of (source, viewer[0..vlen), expiry)
 * into out.  Returns 0 or -1.
 */
static int stream_mac(const unsigned char secret[32], const char *source, const char *viewer,
		      size_t vlen, int64_t expiry, char out[VB_STREAM_MAC_LEN + 1])
{
	char msg[3 + 64 + 1 + VB_STREAM_VIEWER_MAX + 1 + 21];
	unsigned char mac[32];
	char *enc;
	int n;

	n = snprintf(msg, sizeof(msg), "vs1\n%s\n%.*s\n%lld", source, (int)vlen, viewer,
		     (long long)expiry);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return -1;
	if (vb_hmac_sha256(secret, 32, msg, (size_t)n, mac) < 0)
		return -1;
	if ((enc = vb_b64url_encode(mac, sizeof(mac))) == NULL)
		return -1;
	memcpy(out, enc, VB_STREAM_MAC_LEN);
	out[VB_STREAM_MAC_LEN] = '\0';
	free(enc);
	return 0;
}

int vb_stream_token(const unsigned char secret[32], const char *source, const char *viewer,
		    int64_t expiry, char out[VB_STREAM_TOKEN_MAX])
{
	char mac[VB_STREAM_MAC_LEN + 1];

	if (!source_ok(source) || !viewer_ok(viewer, strlen(viewer)) || expiry < 0)
		return -1;
	if (stream_mac(secret, source, viewer, strlen(viewer), expiry, mac) < 0)
		return -1;
	snprintf(out, VB_STREAM_TOKEN_MAX, "%s.%lld.%s", viewer, (long long)expiry, mac);
	return 0;
}

/*
 * parse_user splits "<viewer>.<expiry>" (the first len bytes of s) into the
 * viewer's length and the expiry.  The expiry is 1 to 19 decimal digits
 * without a sign or leading zero, so one expiry has one spelling.  Returns
 * 0 or -1.
 */
static int parse_user(const char *s, size_t len, size_t *vlen, int64_t *expiry)
{
	const char *dot = memchr(s, '.', len);
	size_t i, elen;
	int64_t e = 0;

	if (dot == NULL)
		return -1;
	*vlen = (size_t)(dot - s);
	if (!viewer_ok(s, *vlen))
		return -1;
	elen = len - *vlen - 1;
	if (elen == 0 || elen > 19 || (elen > 1 && dot[1] == '0'))
		return -1;
	for (i = 1; i <= elen; i++) {
		if (dot[i] < '0' || dot[i] > '9')
			return -1;
		if (e > (INT64_MAX - (dot[i] - '0')) / 10)
			return -1;
		e = e * 10 + (dot[i] - '0');
	}
	*expiry = e;
	return 0;
}

int vb_stream_token_check(const unsigned char secret[32], const char *source, const char *token,
			  int64_t now, char viewer[VB_STREAM_VIEWER_MAX + 1])
{
	char want[VB_STREAM_MAC_LEN + 1];
	const char *last;
	size_t vlen, tlen = strlen(token);
	int64_t expiry;

	if (!source_ok(source) || tlen >= VB_STREAM_TOKEN_MAX)
		return -1;
	if ((last = strrchr(token, '.')) == NULL || strlen(last + 1) != VB_STREAM_MAC_LEN)
		return -1;
	if (parse_user(token, (size_t)(last - token), &vlen, &expiry) < 0)
		return -1;
	if (stream_mac(secret, source, token, vlen, expiry, want) < 0)
		return -1;
	if (!vb_ct_equal(want, last + 1, VB_STREAM_MAC_LEN))
		return -1;
	if (viewer != NULL) {
		memcpy(viewer, token, vlen);
		viewer[vlen] = '\0';
	}
	return now >= expiry ? 1 : 0;
}

int vb_stream_digest_password(const unsigned char secret[32], const char *source,
			      const char *user, int64_t now, char out[VB_STREAM_MAC_LEN + 1])
{
	size_t vlen, ulen = strlen(user);
	int64_t expiry;

	if (!source_ok(source) || ulen > VB_STREAM_VIEWER_MAX + 20 ||
	    parse_user(user, ulen, &vlen, &expiry) < 0)
		return -1;
	if (stream_mac(secret, source, user, vlen, expiry, out) < 0)
		return -1;
	return now >= expiry ? 1 : 0;
}
