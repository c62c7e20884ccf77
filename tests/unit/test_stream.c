/*
 * test_stream.c - viewer tokens of the RTSP relay (vb_stream.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "vb_stream.h"

/* The key 00 01 02 ... 1f and a token computed apart from this code:
 *   python3: secret = hmac(key, b"vestibule stream tokens v1", sha256)
 *            mac = hmac(secret, b"vs1\nd12\nr7\n1764160000", sha256)
 *            base64url(mac) without padding */
#define KNOWN_MAC "fHEEiFmjL4Q43F2T0AVGyo83810wid0A7m3vwofPAzs"
#define EXPIRY 1764160000LL

static unsigned char secret[32];

static int setup(void **state)
{
	unsigned char key[32];
	int i;

	(void)state;
	for (i = 0; i < 32; i++)
		key[i] = (unsigned char)i;
	return vb_stream_secret(key, secret);
}

static void tokens_match_an_independent_computation(void **state)
{
	char tok[VB_STREAM_TOKEN_MAX], viewer[VB_STREAM_VIEWER_MAX + 1];

	(void)state;
	assert_int_equal(vb_stream_token(secret, "d12", "r7", EXPIRY, tok), 0);
	assert_string_equal(tok, "r7.1764160000." KNOWN_MAC);
	assert_int_equal(vb_stream_token_check(secret, "d12", tok, EXPIRY - 1, viewer), 0);
	assert_string_equal(viewer, "r7");
}

static void a_token_opens_one_source_until_its_expiry(void **state)
{
	char tok[VB_STREAM_TOKEN_MAX], bad[VB_STREAM_TOKEN_MAX];
	unsigned char other[32];

	(void)state;
	assert_int_equal(vb_stream_token(secret, "c7", "i42", EXPIRY, tok), 0);
	assert_int_equal(vb_stream_token_check(secret, "c7", tok, EXPIRY - 300, NULL), 0);
	/* expired: at and after the expiry */
	assert_int_equal(vb_stream_token_check(secret, "c7", tok, EXPIRY, NULL), 1);
	assert_int_equal(vb_stream_token_check(secret, "c7", tok, EXPIRY + 1, NULL), 1);
	/* another source, another secret */
	assert_int_equal(vb_stream_token_check(secret, "c8", tok, EXPIRY - 1, NULL), -1);
	assert_int_equal(vb_stream_token_check(secret, "d7", tok, EXPIRY - 1, NULL), -1);
	memcpy(other, secret, 32);
	other[0] ^= 1;
	assert_int_equal(vb_stream_token_check(other, "c7", tok, EXPIRY - 1, NULL), -1);
	/* a longer life or another viewer written into it: forged */
	assert_int_equal(vb_stream_token_check(secret, "c7",
					       "i42.1864160000." KNOWN_MAC, EXPIRY - 1, NULL), -1);
	memcpy(bad, tok, sizeof(bad));
	bad[1] = '3';
	assert_int_equal(vb_stream_token_check(secret, "c7", bad, EXPIRY - 1, NULL), -1);
	/* one character of the mac changed */
	memcpy(bad, tok, sizeof(bad));
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(vb_stream_token_check(secret, "c7", bad, EXPIRY - 1, NULL), -1);
}

static void malformed_tokens_are_refused(void **state)
{
	static const char *const bad[] = {
		"", ".", "..", "r7..", "r7." KNOWN_MAC, ".1764160000." KNOWN_MAC,
		"r7.01764160000." KNOWN_MAC,            /* a second spelling of the expiry */
		"r7.+1764160000." KNOWN_MAC, "r7.-1." KNOWN_MAC,
		"r7.99999999999999999999." KNOWN_MAC,   /* over int64 */
		"r 7.1764160000." KNOWN_MAC, "r\"7.1764160000." KNOWN_MAC,
		"r7.1764160000." KNOWN_MAC "x", "r7.1764160000.short",
		"r7.1764160000", NULL,
	};
	char tok[VB_STREAM_TOKEN_MAX];
	int i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(vb_stream_token_check(secret, "d12", bad[i], 0, NULL), -1);
	/* what a token cannot be made for */
	assert_int_equal(vb_stream_token(secret, "d12", "", EXPIRY, tok), -1);
	assert_int_equal(vb_stream_token(secret, "d12", "a.b", EXPIRY, tok), -1);
	assert_int_equal(vb_stream_token(secret, "d 12", "r7", EXPIRY, tok), -1);
	assert_int_equal(vb_stream_token(secret, "", "r7", EXPIRY, tok), -1);
	assert_int_equal(vb_stream_token(secret, "d12",
		"12345678901234567890123456789012345678901234567890123456789012345", EXPIRY,
		tok), -1);  /* 65 characters */
	assert_int_equal(vb_stream_token(secret, "d12",
		"1234567890123456789012345678901234567890123456789012345678901234", EXPIRY,
		tok), 0);   /* 64: the longest fits the buffer */
	assert_int_equal(vb_stream_token_check(secret, "d12", tok, 0, NULL), 0);
}

static void digest_credentials_give_the_same_password(void **state)
{
	char pw[VB_STREAM_MAC_LEN + 1];

	(void)state;
	assert_int_equal(vb_stream_digest_password(secret, "d12", "r7.1764160000", EXPIRY - 1, pw),
			 0);
	assert_string_equal(pw, KNOWN_MAC);
	assert_int_equal(vb_stream_digest_password(secret, "d12", "r7.1764160000", EXPIRY, pw), 1);
	assert_int_equal(vb_stream_digest_password(secret, "d12", "r7", 0, pw), -1);
	assert_int_equal(vb_stream_digest_password(secret, "d12", "r7.1764160000.x", 0, pw), -1);
	assert_int_equal(vb_stream_digest_password(secret, "d12", "", 0, pw), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens_match_an_independent_computation),
		cmocka_unit_test(a_token_opens_one_source_until_its_expiry),
		cmocka_unit_test(malformed_tokens_are_refused),
		cmocka_unit_test(digest_credentials_give_the_same_password),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
