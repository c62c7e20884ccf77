/*
 * totp.c - time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, with
 * HMAC-SHA1, 30 s steps and 6 digits: what every authenticator app expects)
 * and the base32 codec (RFC 4648 section 6) their secrets travel in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "vb_crypto.h"

#define TOTP_STEP 30
#define TOTP_MOD 1000000u

static const char b32_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* vb_base32_encode: upper case, no padding (otpauth:// URIs omit it).
 * Returns a malloc'd string (caller frees) or NULL. */
char *vb_base32_encode(const void *data, size_t len)
{
	const unsigned char *in = data;
	size_t i, o = 0, cap;
	uint32_t acc = 0;
	int bits = 0;
	char *s;

	if (len > (SIZE_MAX - 8) / 8)
		return NULL;
	cap = (len * 8 + 4) / 5 + 1;
	s = malloc(cap);
	if (!s)
		return NULL;
	for (i = 0; i < len; i++) {
		acc = (acc << 8 | in[i]) & 0xffff;
		bits += 8;
		while (bits >= 5) {
			s[o++] = b32_alpha[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		s[o++] = b32_alpha[(acc << (5 - bits)) & 31];
	s[o] = '\0';
	return s;
}

static int b32_value(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		c = (unsigned char)(c - 'a' + 'A');
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/*
 * vb_base32_decode is forgiving about presentation (people copy secrets by
 * hand): lower case, spaces and trailing '=' padding are accepted.  It still
 * refuses other characters, text after padding, and a number of symbols no
 * byte string encodes to (1, 3 or 6 modulo 8).  *out is malloc'd.
 */
int vb_base32_decode(const char *s, unsigned char **out, size_t *outlen)
{
	unsigned char *buf = NULL;
	size_t n, i, o = 0, nsym = 0;
	uint32_t acc = 0;
	int bits = 0, padded = 0, rc = -1;

	if (!s)
		goto out;
	n = strlen(s);
	buf = malloc(n * 5 / 8 + 1);
	if (!buf)
		goto out;
	for (i = 0; i < n; i++) {
		int v;

		if (s[i] == ' ')
			continue;
		if (s[i] == '=') {
			padded = 1;
			continue;
		}
		v = b32_value((unsigned char)s[i]);
		if (v < 0 || padded)
			goto out;
		nsym++;
		acc = (acc << 5 | (uint32_t)v) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			buf[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	if (nsym % 8 == 1 || nsym % 8 == 3 || nsym % 8 == 6)
		goto out;
	*out = buf;
	*outlen = o;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	return rc;
}

/*
 * hotp computes RFC 4226 section 5.3: HMAC-SHA1 over the 8-byte big-endian
 * counter, dynamic truncation, modulo 10^6.  Returns UINT32_MAX (never a
 * valid code) if the MAC cannot be computed.
 */
static uint32_t hotp(const unsigned char *secret, size_t len, uint64_t counter)
{
	unsigned char msg[8], md[EVP_MAX_MD_SIZE];
	size_t mdlen = 0;
	unsigned off;
	uint32_t bin;
	int i;

	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, secret, len, msg, sizeof(msg), md,
		       sizeof(md), &mdlen) || mdlen != 20)
		return UINT32_MAX;
	off = md[19] & 0x0f;
	bin = (uint32_t)(md[off] & 0x7f) << 24 | (uint32_t)md[off + 1] << 16 |
	      (uint32_t)md[off + 2] << 8 | md[off + 3];
	return bin % TOTP_MOD;
}

/* step_of is RFC 6238's T = floor((t - T0) / X) with T0 = 0, X = 30, rounding
 * down for times before the epoch too. */
static int64_t step_of(int64_t t)
{
	return t >= 0 ? t / TOTP_STEP : -((-(t + 1)) / TOTP_STEP) - 1;
}

/* vb_totp: see vb_crypto.h.  Returns UINT32_MAX when HMAC fails, which no
 * 6-digit code equals, so a caller comparing codes fails closed. */
uint32_t vb_totp(const unsigned char *secret, size_t len, int64_t t)
{
	return hotp(secret, len, (uint64_t)step_of(t));
}

/*
 * vb_totp_check: all three candidate steps are computed and compared whatever
 * matches first, so timing does not reveal which step matched.  When a code
 * matches two steps the earliest is reported: a caller that refuses steps at
 * or before the last one used then also refuses the replay.
 */
int vb_totp_check(const unsigned char *secret, size_t len, int64_t t, const char *code,
		  int64_t *step_out)
{
	int64_t step = step_of(t), match = 0;
	int found = 0, d, i;
	char want[16];

	if (!code || strlen(code) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return -1;
	for (d = -1; d <= 1; d++) {
		uint32_t v = hotp(secret, len, (uint64_t)(step + d));
		int eq;

		snprintf(want, sizeof(want), "%06u", (unsigned)v);
		eq = v < TOTP_MOD && vb_ct_equal(want, code, 6);
		if (eq && !found) {
			found = 1;
			match = step + d;
		}
	}
	if (!found)
		return -1;
	if (step_out)
		*step_out = match;
	return 0;
}
