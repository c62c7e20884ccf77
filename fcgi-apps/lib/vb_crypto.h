/*
 * vb_crypto.h - the few cryptographic operations the platform needs, on
 * OpenSSL 3 (EVP only).  Every function returns 0 on success and -1 on
 * failure unless its comment says otherwise; outputs are written only on
 * success.
 */
#ifndef VB_CRYPTO_H
#define VB_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define VB_TOKEN_LEN 43     /* base64url of 32 random bytes, no padding */
#define VB_SHA256_HEX 65    /* 64 hex digits + NUL */

/* vb_random fills buf with n bytes from the OS CSPRNG (RAND_bytes). */
int vb_random(void *buf, size_t n);

/* vb_token_new writes a fresh 32-byte random token as base64url (43 chars +
 * NUL) into out[VB_TOKEN_LEN + 1]. */
int vb_token_new(char out[VB_TOKEN_LEN + 1]);

/* vb_sha256_hex writes the lower-case hex SHA-256 of data into out. Tokens
 * are stored only as this digest. */
int vb_sha256_hex(const void *data, size_t len, char out[VB_SHA256_HEX]);

/* vb_hmac_sha256 writes HMAC-SHA256(key, msg) into out[32]. */
int vb_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
		   unsigned char out[32]);

/* vb_ct_equal compares n bytes in constant time; returns 1 if equal, else 0. */
int vb_ct_equal(const void *a, const void *b, size_t n);

/*
 * Passwords: scrypt through EVP_KDF with the parameters stored beside the hash:
 *   "$scrypt$ln=17,r=8,p=1$<salt b64>$<hash b64>"  (OWASP: N=2^17, r=8, p=1).
 * vb_password_hash allocates *out (caller frees with free()).
 * vb_password_verify returns 0 when pw matches stored, -1 otherwise (also on a
 * malformed stored string); *needs_rehash (may be NULL) is set to 1 when the
 * stored parameters are weaker than the current ones, so login can upgrade.
 * The cost parameter can be lowered for tests with vb_password_set_cost
 * (log2 N); production code never calls it.
 */
int vb_password_hash(const char *pw, char **out);
int vb_password_verify(const char *pw, const char *stored, int *needs_rehash);
void vb_password_set_cost(int log2n);

/*
 * AES-256-GCM with additional authenticated data (the row's identity, e.g.
 * "totp:42").  The sealed form is base64 of iv(12) | ciphertext | tag(16).
 * vb_seal allocates *out (NUL-terminated, caller frees).
 * vb_open allocates *out (plaintext + a NUL, *outlen excludes it; caller
 * frees) and fails when the tag, key or AAD do not match.
 */
int vb_seal(const unsigned char key[32], const char *aad, const void *pt, size_t ptlen,
	    char **out);
int vb_open(const unsigned char key[32], const char *aad, const char *sealed,
	    unsigned char **out, size_t *outlen);

/* Base64 (standard, with padding) and base64url (no padding).  Encoders
 * allocate a NUL-terminated string (caller frees); decoders allocate *out and
 * set *outlen, failing on any invalid character. */
char *vb_b64_encode(const void *data, size_t len);
char *vb_b64url_encode(const void *data, size_t len);
int vb_b64_decode(const char *s, unsigned char **out, size_t *outlen);

/* Base32 (RFC 4648, upper case, no padding) as used by TOTP apps.
 * vb_base32_encode allocates; vb_base32_decode accepts lower case, spaces and
 * padding and allocates *out. */
char *vb_base32_encode(const void *data, size_t len);
int vb_base32_decode(const char *s, unsigned char **out, size_t *outlen);

/* vb_totp computes the RFC 6238 code (SHA-1, 30 s step, 6 digits) for time t.
 * vb_totp_check returns 0 if code matches t's step or the one before/after
 * (clock drift), -1 otherwise; comparison is constant time. *step_out (may be
 * NULL) gets the matching step so callers can refuse a replayed code. */
uint32_t vb_totp(const unsigned char *secret, size_t len, int64_t t);
int vb_totp_check(const unsigned char *secret, size_t len, int64_t t, const char *code,
		  int64_t *step_out);

/* vb_password_generate writes VB_GEN_PASSWORD_LEN characters drawn
 * uniformly (no modulo bias) from letters and digits without look-alikes
 * (0/O/o, 1/l/I), since people read generated passwords out or retype them,
 * and a NUL, into out. */
#define VB_GEN_PASSWORD_LEN 16
int vb_password_generate(char out[VB_GEN_PASSWORD_LEN + 1]);

/* vb_code6 writes a uniformly random 6-digit decimal code ("000000".."999999"). */
int vb_code6(char out[7]);

#endif
