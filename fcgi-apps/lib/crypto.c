/*
 * crypto.c - random tokens, digests, password hashing, sealing of secrets at
 * rest and the base64 codecs, on OpenSSL 3 (EVP only; no deprecated APIs).
 * Contracts are in vb_crypto.h; every function returns 0 or -1 and writes its
 * outputs only on success.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "vb_crypto.h"

/* ------------------------------------------------------------------ random */

/* vb_random: RAND_bytes draws from OpenSSL's DRBG, seeded from getrandom(2). */
int vb_random(void *buf, size_t n)
{
	if (n > INT_MAX)
		return -1;
	if (n == 0)
		return 0;
	return RAND_bytes(buf, (int)n) == 1 ? 0 : -1;
}

/* vb_token_new: 256 bits make guessing hopeless even with online attempts
 * unthrottled; base64url keeps the token URL- and cookie-safe. */
int vb_token_new(char out[VB_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	char *enc = NULL;
	int rc = -1;

	if (vb_random(raw, sizeof(raw)) < 0)
		goto out;
	enc = vb_b64url_encode(raw, sizeof(raw));
	if (!enc || strlen(enc) != VB_TOKEN_LEN)
		goto out;
	memcpy(out, enc, VB_TOKEN_LEN + 1);
	rc = 0;
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	if (enc) {
		OPENSSL_cleanse(enc, strlen(enc));
		free(enc);
	}
	return rc;
}

/* ----------------------------------------------------------------- digests */

int vb_sha256_hex(const void *data, size_t len, char out[VB_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t i;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
		return -1;
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	return 0;
}

/* vb_hmac_sha256: EVP_Q_mac is the one-shot form of EVP_MAC (OpenSSL 3). */
int vb_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
		   unsigned char out[32])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	size_t mdlen = 0;
	int rc = -1;

	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, keylen, msg, msglen,
		       md, sizeof(md), &mdlen) || mdlen != 32)
		goto out;
	memcpy(out, md, 32);
	rc = 0;
out:
	OPENSSL_cleanse(md, sizeof(md));
	return rc;
}

/* vb_ct_equal: CRYPTO_memcmp's running time does not depend on where the
 * inputs differ, so a MAC or token check leaks nothing through timing. */
int vb_ct_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

/* --------------------------------------------------------------- passwords */

/* OWASP's scrypt recommendation (2023): N=2^17, r=8, p=1. */
#define SCRYPT_LN_DEFAULT 17
#define SCRYPT_R 8
#define SCRYPT_P 1
#define SCRYPT_SALT_LEN 16
#define SCRYPT_HASH_LEN 32
/* Bounds for parameters read back from a stored hash: a corrupt or hostile
 * row must not make a login allocate gigabytes or spin for minutes. */
#define SCRYPT_LN_MIN 10
#define SCRYPT_LN_MAX 20
#define SCRYPT_R_MAX 16
#define SCRYPT_P_MAX 4
#define SCRYPT_MAXMEM ((uint64_t)1 << 30)

static int scrypt_cost = SCRYPT_LN_DEFAULT;

/* vb_password_set_cost: tests lower the cost to stay fast; values outside
 * what vb_password_verify accepts are ignored so every new hash verifies. */
void vb_password_set_cost(int log2n)
{
	if (log2n >= SCRYPT_LN_MIN && log2n <= SCRYPT_LN_MAX)
		scrypt_cost = log2n;
}

/*
 * scrypt_derive runs scrypt (RFC 7914) through EVP_KDF into out[outlen].
 * OpenSSL refuses to run when the memory scrypt needs exceeds MAXMEM (32 MiB
 * by default, too small for N=2^17, r=8), so MAXMEM is set to exactly what
 * these parameters need, after checking that against SCRYPT_MAXMEM.
 */
static int scrypt_derive(const char *pw, const unsigned char *salt, size_t saltlen,
			 int ln, uint32_t r, uint32_t p, unsigned char *out, size_t outlen)
{
	EVP_KDF *kdf = NULL;
	EVP_KDF_CTX *ctx = NULL;
	OSSL_PARAM params[7], *q = params;
	uint64_t n = (uint64_t)1 << ln;
	/* OpenSSL's own accounting: B is p*128*r bytes, V is 128*r*(N+2). */
	uint64_t maxmem = (uint64_t)p * 128 * r + (uint64_t)128 * r * (n + 2);
	int rc = -1;

	if (maxmem > SCRYPT_MAXMEM)
		goto out;
	kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	if (!kdf)
		goto out;
	ctx = EVP_KDF_CTX_new(kdf);
	if (!ctx)
		goto out;
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)pw,
						 strlen(pw));
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, saltlen);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(ctx, out, outlen, params) != 1)
		goto out;
	rc = 0;
out:
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return rc;
}

/* vb_password_hash: see vb_crypto.h.  *out is malloc'd; the caller frees. */
int vb_password_hash(const char *pw, char **out)
{
	unsigned char salt[SCRYPT_SALT_LEN], hash[SCRYPT_HASH_LEN];
	char *salt64 = NULL, *hash64 = NULL, *s = NULL;
	size_t cap;
	int rc = -1;

	if (!pw || vb_random(salt, sizeof(salt)) < 0)
		goto out;
	if (scrypt_derive(pw, salt, sizeof(salt), scrypt_cost, SCRYPT_R, SCRYPT_P, hash,
			  sizeof(hash)) < 0)
		goto out;
	salt64 = vb_b64_encode(salt, sizeof(salt));
	hash64 = vb_b64_encode(hash, sizeof(hash));
	if (!salt64 || !hash64)
		goto out;
	cap = strlen(salt64) + strlen(hash64) + 64;
	s = malloc(cap);
	if (!s)
		goto out;
	if ((size_t)snprintf(s, cap, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", scrypt_cost, SCRYPT_R,
			     SCRYPT_P, salt64, hash64) >= cap)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	OPENSSL_cleanse(hash, sizeof(hash));
	free(salt64);
	free(hash64);
	free(s);
	return rc;
}

/* parse_small reads a decimal number of at most 2 digits at *p, advancing it;
 * -1 if there is none.  No leading zeros: the format has one spelling. */
static int parse_small(const char **p, int *val)
{
	const char *s = *p;
	int v = 0, n = 0;

	if (*s == '0')
		return -1;
	while (*s >= '0' && *s <= '9' && n < 2) {
		v = v * 10 + (*s - '0');
		s++;
		n++;
	}
	if (n == 0 || (*s >= '0' && *s <= '9'))
		return -1;
	*val = v;
	*p = s;
	return 0;
}

/* expect consumes the literal lit at *p. */
static int expect(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n) != 0)
		return -1;
	*p += n;
	return 0;
}

/* decode_part decodes the base64 text from s up to (not including) end. */
static int decode_part(const char *s, const char *end, unsigned char **out, size_t *outlen)
{
	char buf[128];
	size_t n = (size_t)(end - s);

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return vb_b64_decode(buf, out, outlen);
}

/* vb_password_verify: see vb_crypto.h.  The stored string is parsed strictly
 * ("$scrypt$ln=L,r=R,p=P$salt$hash"); anything else fails. */
int vb_password_verify(const char *pw, const char *stored, int *needs_rehash)
{
	const char *p = stored, *dollar;
	unsigned char *salt = NULL, *want = NULL;
	unsigned char got[SCRYPT_HASH_LEN];
	size_t saltlen = 0, wantlen = 0;
	int ln, r, pp, rc = -1;

	if (!pw || !stored)
		goto out;
	if (expect(&p, "$scrypt$ln=") < 0 || parse_small(&p, &ln) < 0 ||
	    expect(&p, ",r=") < 0 || parse_small(&p, &r) < 0 ||
	    expect(&p, ",p=") < 0 || parse_small(&p, &pp) < 0 || expect(&p, "$") < 0)
		goto out;
	if (ln < SCRYPT_LN_MIN || ln > SCRYPT_LN_MAX || r < 1 || r > SCRYPT_R_MAX ||
	    pp < 1 || pp > SCRYPT_P_MAX)
		goto out;
	dollar = strchr(p, '$');
	if (!dollar || decode_part(p, dollar, &salt, &saltlen) < 0)
		goto out;
	if (saltlen < 8 || saltlen > 64)
		goto out;
	p = dollar + 1;
	if (decode_part(p, p + strlen(p), &want, &wantlen) < 0 || wantlen != SCRYPT_HASH_LEN)
		goto out;
	if (scrypt_derive(pw, salt, saltlen, ln, (uint32_t)r, (uint32_t)pp, got,
			  sizeof(got)) < 0)
		goto out;
	if (!vb_ct_equal(got, want, SCRYPT_HASH_LEN))
		goto out;
	if (needs_rehash)
		*needs_rehash = ln < scrypt_cost;
	rc = 0;
out:
	OPENSSL_cleanse(got, sizeof(got));
	free(salt);
	free(want);
	return rc;
}

/* ----------------------------------------------------------------- sealing */

#define GCM_IV_LEN 12
#define GCM_TAG_LEN 16

/* vb_seal: a fresh random 96-bit IV per message (NIST SP 800-38D 8.2.2); the
 * AAD binds the ciphertext to its row so it cannot be copied to another. */
int vb_seal(const unsigned char key[32], const char *aad, const void *pt, size_t ptlen,
	    char **out)
{
	EVP_CIPHER_CTX *ctx = NULL;
	unsigned char *buf = NULL;
	size_t buflen;
	int len, rc = -1;
	char *enc;

	if (!aad)
		aad = "";
	if (ptlen > INT_MAX - GCM_IV_LEN - GCM_TAG_LEN || strlen(aad) > INT_MAX)
		goto out;
	buflen = GCM_IV_LEN + ptlen + GCM_TAG_LEN;
	buf = malloc(buflen);
	ctx = EVP_CIPHER_CTX_new();
	if (!buf || !ctx || vb_random(buf, GCM_IV_LEN) < 0)
		goto out;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, buf) != 1)
		goto out;
	if (EVP_EncryptUpdate(ctx, NULL, &len, (const unsigned char *)aad, (int)strlen(aad)) != 1)
		goto out;
	if (ptlen > 0 && EVP_EncryptUpdate(ctx, buf + GCM_IV_LEN, &len, pt, (int)ptlen) != 1)
		goto out;
	if (EVP_EncryptFinal_ex(ctx, buf + GCM_IV_LEN + ptlen, &len) != 1)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, GCM_TAG_LEN,
				buf + GCM_IV_LEN + ptlen) != 1)
		goto out;
	enc = vb_b64_encode(buf, buflen);
	if (!enc)
		goto out;
	*out = enc;
	rc = 0;
out:
	if (buf) {
		OPENSSL_cleanse(buf, buflen);
		free(buf);
	}
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

/* vb_open: the plaintext is released only after the tag verified. */
int vb_open(const unsigned char key[32], const char *aad, const char *sealed,
	    unsigned char **out, size_t *outlen)
{
	EVP_CIPHER_CTX *ctx = NULL;
	unsigned char *raw = NULL, *pt = NULL;
	size_t rawlen = 0, ctlen = 0;
	int len, rc = -1;

	if (!aad)
		aad = "";
	if (!sealed || vb_b64_decode(sealed, &raw, &rawlen) < 0)
		goto out;
	if (rawlen < GCM_IV_LEN + GCM_TAG_LEN || rawlen > INT_MAX || strlen(aad) > INT_MAX)
		goto out;
	ctlen = rawlen - GCM_IV_LEN - GCM_TAG_LEN;
	pt = malloc(ctlen + 1);
	ctx = EVP_CIPHER_CTX_new();
	if (!pt || !ctx)
		goto out;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, raw) != 1)
		goto out;
	if (EVP_DecryptUpdate(ctx, NULL, &len, (const unsigned char *)aad, (int)strlen(aad)) != 1)
		goto out;
	if (ctlen > 0 && EVP_DecryptUpdate(ctx, pt, &len, raw + GCM_IV_LEN, (int)ctlen) != 1)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, GCM_TAG_LEN,
				raw + GCM_IV_LEN + ctlen) != 1)
		goto out;
	if (EVP_DecryptFinal_ex(ctx, pt + ctlen, &len) != 1)
		goto out;
	pt[ctlen] = '\0';
	*out = pt;
	*outlen = ctlen;
	pt = NULL;
	rc = 0;
out:
	if (pt) {
		OPENSSL_cleanse(pt, ctlen + 1);
		free(pt);
	}
	free(raw);
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

/* ------------------------------------------------------------------ base64 */

static const char b64_std[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* b64_encode implements RFC 4648 section 4 (pad=1) or section 5 without
 * padding (pad=0).  Returns a malloc'd string or NULL. */
static char *b64_encode(const void *data, size_t len, const char *alpha, int pad)
{
	const unsigned char *in = data;
	size_t i, o = 0, cap;
	char *s;

	if (len > (SIZE_MAX - 1) / 4 * 3 - 3)
		return NULL;
	cap = (len + 2) / 3 * 4 + 1;
	s = malloc(cap);
	if (!s)
		return NULL;
	for (i = 0; i + 3 <= len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		s[o++] = alpha[v >> 18];
		s[o++] = alpha[(v >> 12) & 63];
		s[o++] = alpha[(v >> 6) & 63];
		s[o++] = alpha[v & 63];
	}
	if (len - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;
		s[o++] = alpha[v >> 18];
		s[o++] = alpha[(v >> 12) & 63];
		if (pad) {
			s[o++] = '=';
			s[o++] = '=';
		}
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		s[o++] = alpha[v >> 18];
		s[o++] = alpha[(v >> 12) & 63];
		s[o++] = alpha[(v >> 6) & 63];
		if (pad)
			s[o++] = '=';
	}
	s[o] = '\0';
	return s;
}

char *vb_b64_encode(const void *data, size_t len)
{
	return b64_encode(data, len, b64_std, 1);
}

char *vb_b64url_encode(const void *data, size_t len)
{
	return b64_encode(data, len, b64_url, 0);
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * vb_b64_decode accepts only canonical RFC 4648 section 4 text: length a
 * multiple of 4, '=' only as the final one or two characters, and zero
 * unused bits, so every byte string has exactly one accepted spelling.
 * *out is malloc'd (caller frees); an empty input gives an empty buffer.
 */
int vb_b64_decode(const char *s, unsigned char **out, size_t *outlen)
{
	size_t n, i, o = 0, pad = 0;
	unsigned char *buf = NULL;
	int rc = -1;

	if (!s)
		goto out;
	n = strlen(s);
	if (n % 4 != 0)
		goto out;
	if (n >= 4 && s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	buf = malloc(n / 4 * 3 + 1);
	if (!buf)
		goto out;
	for (i = 0; i < n; i += 4) {
		int v[4], k, last = i + 4 == n;
		uint32_t w = 0;

		for (k = 0; k < 4; k++) {
			if (last && k >= 4 - (int)pad) {
				v[k] = 0;
				continue;
			}
			v[k] = b64_value((unsigned char)s[i + k]);
			if (v[k] < 0)
				goto out;
			w = w << 6 | (uint32_t)v[k];
		}
		if (last && pad == 2) {
			if (v[1] & 15)
				goto out;
			buf[o++] = (unsigned char)(w >> 4);
		} else if (last && pad == 1) {
			if (v[2] & 3)
				goto out;
			buf[o++] = (unsigned char)(w >> 10);
			buf[o++] = (unsigned char)(w >> 2);
		} else {
			buf[o++] = (unsigned char)(w >> 16);
			buf[o++] = (unsigned char)(w >> 8);
			buf[o++] = (unsigned char)w;
		}
	}
	*out = buf;
	*outlen = o;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------- codes */

/* vb_password_generate: see vb_crypto.h. */
int vb_password_generate(char out[VB_GEN_PASSWORD_LEN + 1])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
	const unsigned n = sizeof(alphabet) - 1;
	const unsigned limit = 256 - 256 % n; /* bytes at or above it are dropped */
	unsigned char buf[64];
	size_t got = 0, k;
	int rc = -1;

	while (got < VB_GEN_PASSWORD_LEN) {
		if (vb_random(buf, sizeof(buf)) != 0)
			goto out;
		for (k = 0; k < sizeof(buf) && got < VB_GEN_PASSWORD_LEN; k++)
			if (buf[k] < limit)
				out[got++] = alphabet[buf[k] % n];
	}
	out[got] = '\0';
	rc = 0;
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

/* vb_code6: 4294000000 is the largest multiple of 10^6 below 2^32; values at
 * or above it are drawn again so that every code is equally likely. */
int vb_code6(char out[7])
{
	uint32_t v;

	do {
		if (vb_random(&v, sizeof(v)) < 0)
			return -1;
	} while (v >= 4294000000u);
	snprintf(out, 7, "%06u", (unsigned)(v % 1000000u));
	return 0;
}
