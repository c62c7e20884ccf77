/*
 * test_crypto.c - digests, tokens, passwords, sealing, codecs and TOTP
 * against published vectors (RFC 4648, RFC 4231, RFC 6238, FIPS 180-2) and
 * the failure cases a user would hit (wrong password, tampered secret).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vb_crypto.h"

static void test_sha256_hmac(void **state)
{
	static const unsigned char rfc4231_2[32] = {
		0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
		0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
		0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
	};
	char hex[VB_SHA256_HEX];
	unsigned char mac[32];

	(void)state;
	assert_int_equal(vb_sha256_hex("abc", 3, hex), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(vb_sha256_hex("", 0, hex), 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	/* RFC 4231 test case 2. */
	assert_int_equal(vb_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac), 0);
	assert_memory_equal(mac, rfc4231_2, 32);
}

static void test_ct_equal(void **state)
{
	(void)state;
	assert_int_equal(vb_ct_equal("abcdef", "abcdef", 6), 1);
	assert_int_equal(vb_ct_equal("abcdef", "abcdeg", 6), 0);
	assert_int_equal(vb_ct_equal("xbcdef", "abcdef", 6), 0);
	assert_int_equal(vb_ct_equal("a", "b", 0), 1);
}

static void test_random_token_code6(void **state)
{
	char t1[VB_TOKEN_LEN + 1], t2[VB_TOKEN_LEN + 1], code[7], first[7];
	unsigned char buf[64] = { 0 }, zero[64] = { 0 };
	int i, differ = 0;
	size_t k;

	(void)state;
	assert_int_equal(vb_random(buf, sizeof(buf)), 0);
	assert_memory_not_equal(buf, zero, sizeof(buf));
	assert_int_equal(vb_random(buf, 0), 0);

	assert_int_equal(vb_token_new(t1), 0);
	assert_int_equal(vb_token_new(t2), 0);
	assert_int_equal(strlen(t1), VB_TOKEN_LEN);
	assert_string_not_equal(t1, t2);
	for (k = 0; k < VB_TOKEN_LEN; k++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				       "0123456789-_", t1[k]));

	assert_int_equal(vb_code6(first), 0);
	for (i = 0; i < 200; i++) {
		assert_int_equal(vb_code6(code), 0);
		assert_int_equal(strlen(code), 6);
		assert_int_equal(strspn(code, "0123456789"), 6);
		differ |= strcmp(code, first) != 0;
	}
	assert_true(differ);
}

/* RFC 4648 section 10 test vectors. */
static void test_base64(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const enc[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
					   "Zm9vYmFy" };
	static const char *const invalid[] = {
		"Zg=", "Zg", "Z===", "Zm9v!", "Zm 9v", "Zm9v\n", "Zg==Zg==", "=Zg=",
		"Zh==",  /* unused bits set: not the canonical spelling of "f" */
		"Zm9=",  /* same for "fo" */
		"Zm-v", "Zm_v",
	};
	unsigned char all[256], *out = NULL;
	size_t i, outlen = 0;
	char *s;

	(void)state;
	for (i = 0; i < 7; i++) {
		s = vb_b64_encode(plain[i], strlen(plain[i]));
		assert_non_null(s);
		assert_string_equal(s, enc[i]);
		free(s);
		assert_int_equal(vb_b64_decode(enc[i], &out, &outlen), 0);
		assert_int_equal(outlen, strlen(plain[i]));
		assert_memory_equal(out, plain[i], outlen);
		free(out);
	}
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (vb_b64_decode(invalid[i], &out, &outlen) == 0)
			fail_msg("accepted \"%s\"", invalid[i]);

	/* Every byte value survives a round trip. */
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	s = vb_b64_encode(all, sizeof(all));
	assert_non_null(s);
	assert_int_equal(vb_b64_decode(s, &out, &outlen), 0);
	assert_int_equal(outlen, 256);
	assert_memory_equal(out, all, 256);
	free(out);
	free(s);

	/* base64url: '-' and '_' instead of '+' and '/', no padding. */
	s = vb_b64url_encode("\xfb\xff", 2);
	assert_string_equal(s, "-_8");
	free(s);
	s = vb_b64url_encode("foob", 4);
	assert_string_equal(s, "Zm9vYg");
	free(s);
}

/* RFC 4648 section 10 base32 vectors, without padding. */
static void test_base32(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const enc[] = { "", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB",
					   "MZXW6YTBOI" };
	unsigned char *out = NULL;
	size_t i, outlen = 0;
	char *s;

	(void)state;
	for (i = 0; i < 7; i++) {
		s = vb_base32_encode(plain[i], strlen(plain[i]));
		assert_non_null(s);
		assert_string_equal(s, enc[i]);
		free(s);
		assert_int_equal(vb_base32_decode(enc[i], &out, &outlen), 0);
		assert_int_equal(outlen, strlen(plain[i]));
		assert_memory_equal(out, plain[i], outlen);
		free(out);
	}
	/* As typed from a screen: lower case, spaces, padding. */
	assert_int_equal(vb_base32_decode("mzxw 6ytb oi======", &out, &outlen), 0);
	assert_int_equal(outlen, 6);
	assert_memory_equal(out, "foobar", 6);
	free(out);

	assert_int_equal(vb_base32_decode("MZXW1", &out, &outlen), -1);  /* '1' */
	assert_int_equal(vb_base32_decode("MZXW8", &out, &outlen), -1);
	assert_int_equal(vb_base32_decode("MZ=XW", &out, &outlen), -1);
	assert_int_equal(vb_base32_decode("M", &out, &outlen), -1);      /* impossible length */
	assert_int_equal(vb_base32_decode("MZX", &out, &outlen), -1);
	assert_int_equal(vb_base32_decode("MZXW-6", &out, &outlen), -1);
}

/* RFC 6238 Appendix B, SHA-1 rows, as 6-digit codes. */
static void test_totp_rfc6238(void **state)
{
	static const struct {
		int64_t t;
		uint32_t code;
	} vec[] = {
		{ 59, 287082 },         { 1111111109, 81804 }, { 1111111111, 50471 },
		{ 1234567890, 5924 },   { 2000000000, 279037 }, { 20000000000LL, 353130 },
	};
	const unsigned char *key = (const unsigned char *)"12345678901234567890";
	int64_t step = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_int_equal(vb_totp(key, 20, vec[i].t), vec[i].code);

	/* Codes are compared as 6 digits with leading zeros. */
	assert_int_equal(vb_totp_check(key, 20, 1111111109, "081804", &step), 0);
	assert_int_equal(step, 1111111109 / 30);
	assert_int_equal(vb_totp_check(key, 20, 1234567890, "005924", NULL), 0);
	assert_int_equal(vb_totp_check(key, 20, 1234567890, "5924", NULL), -1);
	assert_int_equal(vb_totp_check(key, 20, 1234567890, "005925", NULL), -1);
	assert_int_equal(vb_totp_check(key, 20, 1234567890, "00592a", NULL), -1);
	assert_int_equal(vb_totp_check(key, 20, 1234567890, "0059240", NULL), -1);

	/* One step of clock drift either way is accepted, two are not. */
	assert_int_equal(vb_totp_check(key, 20, 59 + 30, "287082", &step), 0);
	assert_int_equal(step, 1);
	assert_int_equal(vb_totp_check(key, 20, 59 - 30, "287082", &step), 0);
	assert_int_equal(step, 1);
	assert_int_equal(vb_totp_check(key, 20, 59 + 60, "287082", NULL), -1);
}

/* A secret round-trips through base32 as enrolment does. */
static void test_totp_enrol_roundtrip(void **state)
{
	unsigned char secret[20], *back = NULL;
	size_t backlen = 0;
	char code[7];
	char *b32;

	(void)state;
	assert_int_equal(vb_random(secret, sizeof(secret)), 0);
	b32 = vb_base32_encode(secret, sizeof(secret));
	assert_non_null(b32);
	assert_int_equal(strlen(b32), 32);
	assert_int_equal(vb_base32_decode(b32, &back, &backlen), 0);
	assert_int_equal(backlen, 20);
	assert_memory_equal(back, secret, 20);
	snprintf(code, sizeof(code), "%06u", (unsigned)vb_totp(back, backlen, 1795671540));
	assert_int_equal(vb_totp_check(secret, 20, 1795671540, code, NULL), 0);
	free(back);
	free(b32);
}

static void test_seal_open(void **state)
{
	unsigned char key[32], key2[32], *pt = NULL, *raw = NULL;
	size_t ptlen = 0, rawlen = 0;
	char *sealed = NULL, *sealed2 = NULL, *tampered;
	const char *secret = "camera-password: hunter2";

	(void)state;
	assert_int_equal(vb_random(key, 32), 0);
	memcpy(key2, key, 32);
	key2[31] ^= 1;

	assert_int_equal(vb_seal(key, "camera:42", secret, strlen(secret), &sealed), 0);
	assert_null(strstr(sealed, "hunter2"));
	assert_int_equal(vb_open(key, "camera:42", sealed, &pt, &ptlen), 0);
	assert_int_equal(ptlen, strlen(secret));
	assert_string_equal((char *)pt, secret); /* NUL-terminated */
	free(pt);
	pt = NULL;

	/* A fresh IV each time: sealing twice gives different text. */
	assert_int_equal(vb_seal(key, "camera:42", secret, strlen(secret), &sealed2), 0);
	assert_string_not_equal(sealed, sealed2);
	free(sealed2);

	/* Wrong row identity, wrong key: refused. */
	assert_int_equal(vb_open(key, "camera:43", sealed, &pt, &ptlen), -1);
	assert_int_equal(vb_open(key, "", sealed, &pt, &ptlen), -1);
	assert_int_equal(vb_open(key2, "camera:42", sealed, &pt, &ptlen), -1);
	assert_null(pt);

	/* Any flipped bit (IV, ciphertext or tag) is detected. */
	assert_int_equal(vb_b64_decode(sealed, &raw, &rawlen), 0);
	assert_int_equal(rawlen, 12 + strlen(secret) + 16);
	{
		size_t positions[] = { 0, 11, 12, 12 + 5, rawlen - 16, rawlen - 1 };
		size_t i;

		for (i = 0; i < sizeof(positions) / sizeof(positions[0]); i++) {
			raw[positions[i]] ^= 0x01;
			tampered = vb_b64_encode(raw, rawlen);
			assert_int_equal(vb_open(key, "camera:42", tampered, &pt, &ptlen), -1);
			free(tampered);
			raw[positions[i]] ^= 0x01;
		}
		/* Truncated. */
		tampered = vb_b64_encode(raw, 27);
		assert_int_equal(vb_open(key, "camera:42", tampered, &pt, &ptlen), -1);
		free(tampered);
	}
	free(raw);
	assert_int_equal(vb_open(key, "camera:42", "not base64!", &pt, &ptlen), -1);
	assert_int_equal(vb_open(key, "camera:42", "", &pt, &ptlen), -1);
	free(sealed);

	/* Empty plaintext still authenticates. */
	assert_int_equal(vb_seal(key, "totp:1", "", 0, &sealed), 0);
	assert_int_equal(vb_open(key, "totp:1", sealed, &pt, &ptlen), 0);
	assert_int_equal(ptlen, 0);
	assert_int_equal(pt[0], '\0');
	free(pt);
	pt = NULL;
	assert_int_equal(vb_open(key, "totp:2", sealed, &pt, &ptlen), -1);
	free(sealed);
}

static void test_password_fast(void **state)
{
	char *h = NULL, *h2 = NULL, bad[512];
	int rehash = -1;

	(void)state;
	vb_password_set_cost(12);
	assert_int_equal(vb_password_hash("correct horse", &h), 0);
	assert_non_null(strstr(h, "$scrypt$ln=12,r=8,p=1$"));
	assert_int_equal(vb_password_verify("correct horse", h, &rehash), 0);
	assert_int_equal(rehash, 0);
	assert_int_equal(vb_password_verify("correct horse", h, NULL), 0);
	assert_int_equal(vb_password_verify("correct hors", h, &rehash), -1);
	assert_int_equal(vb_password_verify("Correct horse", h, &rehash), -1);
	assert_int_equal(vb_password_verify("", h, &rehash), -1);

	/* Same password, new salt: different strings, both verify. */
	assert_int_equal(vb_password_hash("correct horse", &h2), 0);
	assert_string_not_equal(h, h2);
	assert_int_equal(vb_password_verify("correct horse", h2, NULL), 0);
	free(h2);

	/* After the cost goes up, old hashes still verify but ask for an upgrade. */
	vb_password_set_cost(13);
	rehash = 0;
	assert_int_equal(vb_password_verify("correct horse", h, &rehash), 0);
	assert_int_equal(rehash, 1);
	vb_password_set_cost(12);

	/* Malformed or out-of-bounds stored strings never verify. */
	{
		const char *salt_hash = strchr(h + strlen("$scrypt$"), '$');
		static const char *const params[] = {
			"ln=9,r=8,p=1", "ln=21,r=8,p=1", "ln=12,r=0,p=1", "ln=12,r=17,p=1",
			"ln=12,r=8,p=0", "ln=12,r=8,p=5", "ln=012,r=8,p=1", "ln=12,r=8",
			"ln=12,p=1,r=8", "ln=12,r=8,p=1,x=1", "ln=-12,r=8,p=1", "ln=,r=8,p=1",
		};
		size_t i;

		assert_non_null(salt_hash);
		for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
			snprintf(bad, sizeof(bad), "$scrypt$%s%s", params[i], salt_hash);
			if (vb_password_verify("correct horse", bad, NULL) == 0)
				fail_msg("accepted %s", bad);
		}
		/* Same parameters, different encoding around them. */
		snprintf(bad, sizeof(bad), "$scrypt$ln=12,r=8,p=1%s", salt_hash);
		assert_int_equal(vb_password_verify("correct horse", bad, NULL), 0);
		snprintf(bad, sizeof(bad), "$argon2$ln=12,r=8,p=1%s", salt_hash);
		assert_int_equal(vb_password_verify("correct horse", bad, NULL), -1);
		snprintf(bad, sizeof(bad), "%sx", h);
		assert_int_equal(vb_password_verify("correct horse", bad, NULL), -1);
		snprintf(bad, sizeof(bad), "%s", h);
		bad[strlen(bad) - 5] ^= 1; /* a changed hash character */
		assert_int_equal(vb_password_verify("correct horse", bad, NULL), -1);
	}
	assert_int_equal(vb_password_verify("correct horse", "", NULL), -1);
	assert_int_equal(vb_password_verify("correct horse", "$scrypt$", NULL), -1);
	assert_int_equal(vb_password_verify("correct horse", NULL, NULL), -1);
	free(h);
}

/* The production cost really runs (OpenSSL needs MAXMEM raised for it). */
static void test_password_real_cost(void **state)
{
	char *h = NULL;
	int rehash = -1;

	(void)state;
	vb_password_set_cost(17);
	assert_int_equal(vb_password_hash("pässwörd", &h), 0);
	assert_non_null(strstr(h, "$scrypt$ln=17,r=8,p=1$"));
	assert_int_equal(vb_password_verify("pässwörd", h, &rehash), 0);
	assert_int_equal(rehash, 0);
	assert_int_equal(vb_password_verify("passwörd", h, &rehash), -1);
	free(h);
	vb_password_set_cost(12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_hmac),
		cmocka_unit_test(test_ct_equal),
		cmocka_unit_test(test_random_token_code6),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_base32),
		cmocka_unit_test(test_totp_rfc6238),
		cmocka_unit_test(test_totp_enrol_roundtrip),
		cmocka_unit_test(test_seal_open),
		cmocka_unit_test(test_password_fast),
		cmocka_unit_test(test_password_real_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
