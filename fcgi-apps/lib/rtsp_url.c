/*
 * rtsp_url.c - taking the credentials out of an RTSP URL (vb_rtsp.h).
 */
#include <string.h>

#include "vb_rtsp.h"
#include "vb_valid.h"

/*
 * pct_decode writes s[0..len) percent-decoded (RFC 3986 section 2.1: "%"
 * and two hex digits of either case stand for one octet) and NUL-terminated
 * into out, which holds at least len + 1 bytes.  Then it checks the octets:
 * well-formed UTF-8 without C0 controls, DEL or C1 controls (U+0080..U+009F,
 * "\xC2\x80".."\xC2\x9F" in UTF-8).  Returns 0, or -1 for a broken escape
 * or a refused octet.
 */
static int pct_decode(const char *s, size_t len, char *out)
{
	size_t i, n = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			out[n++] = s[i];
			continue;
		}
		if (i + 2 >= len)
			return -1;
		if ((hi = vb_hex_digit((unsigned char)s[i + 1])) < 0 ||
		    (lo = vb_hex_digit((unsigned char)s[i + 2])) < 0)
			return -1;
		out[n++] = (char)(hi << 4 | lo);
		i += 2;
	}
	out[n] = '\0';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c < 0x20 || c == 0x7F)
			return -1;
		/* 0xC2 is always a lead byte in well-formed UTF-8 (checked below). */
		if (c == 0xC2 && i + 1 < n && (unsigned char)out[i + 1] <= 0x9F)
			return -1;
	}
	return vb_valid_utf8(out, n, NULL) < 0 ? -1 : 0;
}

int vb_rtsp_split(const char *url, struct vb_rtsp_parts *out)
{
	size_t len, start, aend, at = 0, colon, i;

	memset(out, 0, sizeof(*out));
	if (url == NULL || vb_valid_rtsp_url(url) < 0)
		goto fail;
	len = strlen(url);  /* at most VB_RTSP_URL_MAX: the validator said so */
	start = strncmp(url, "rtsps://", 8) == 0 ? 8 : 7;
	/* The authority ends at the path, query or fragment (section 3.2); the
	 * validator allows no "@" in a userinfo, so the one "@" ends it. */
	aend = start + strcspn(url + start, "/?#");
	for (i = start; i < aend; i++)
		if (url[i] == '@')
			at = i;
	if (at == 0) {
		memcpy(out->url, url, len + 1);
		return 0;
	}
	out->has_user = 1;
	for (colon = start; colon < at && url[colon] != ':'; colon++)
		;
	if (pct_decode(url + start, colon - start, out->user) < 0)
		goto fail;
	if (colon < at) {
		out->has_password = 1;
		if (pct_decode(url + colon + 1, at - colon - 1, out->password) < 0)
			goto fail;
	}
	memcpy(out->url, url, start);
	memcpy(out->url + start, url + at + 1, len - at);  /* with the NUL */
	return 0;
fail:
	/* Nothing half-decoded (a password) stays behind. */
	explicit_bzero(out, sizeof(*out));
	return -1;
}
