/*
 * test_valid.c - the field validators as a user meets them: what each type
 * accepts, what it refuses and what the handler then reads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vb_valid.h"
#include "vb_db.h"

/* ok/bad run vb_valid_text on a NUL-terminated example. */
static int check(enum vb_type t, long long min, long long max, const char *s,
		 struct vb_val *v, const char **why)
{
	struct vb_field f = { "f", t, 0, min, max, NULL };

	return vb_valid_text(&f, s, strlen(s), v, why);
}

static void ok(enum vb_type t, const char *s)
{
	struct vb_val v;
	const char *why = NULL;

	if (check(t, 0, 0, s, &v, &why) != 0)
		fail_msg("type %d refused \"%s\": %s", (int)t, s, why);
	assert_int_equal(v.present, 1);
}

static void bad(enum vb_type t, const char *s)
{
	struct vb_val v;
	const char *why = NULL;

	if (check(t, 0, 0, s, &v, &why) == 0)
		fail_msg("type %d accepted \"%s\"", (int)t, s);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
}

static void test_utf8(void **state)
{
	size_t n = 0;

	(void)state;
	assert_int_equal(vb_valid_utf8("", 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(vb_valid_utf8("Grüße", strlen("Grüße"), &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(vb_valid_utf8("\xf0\x9f\x94\x94", 4, &n), 0); /* U+1F514 bell */
	assert_int_equal(n, 1);
	assert_int_equal(vb_valid_utf8("\xf4\x8f\xbf\xbf", 4, NULL), 0); /* U+10FFFF */
	assert_int_equal(vb_valid_utf8("\xed\x9f\xbf", 3, NULL), 0);     /* U+D7FF */
	assert_int_equal(vb_valid_utf8("\xee\x80\x80", 3, NULL), 0);     /* U+E000 */

	assert_int_equal(vb_valid_utf8("\xc0\xaf", 2, NULL), -1);         /* overlong '/' */
	assert_int_equal(vb_valid_utf8("\xc1\xbf", 2, NULL), -1);
	assert_int_equal(vb_valid_utf8("\xe0\x80\xaf", 3, NULL), -1);     /* overlong */
	assert_int_equal(vb_valid_utf8("\xe0\x9f\xbf", 3, NULL), -1);
	assert_int_equal(vb_valid_utf8("\xf0\x8f\xbf\xbf", 4, NULL), -1); /* overlong */
	assert_int_equal(vb_valid_utf8("\xed\xa0\x80", 3, NULL), -1);     /* U+D800 */
	assert_int_equal(vb_valid_utf8("\xed\xbf\xbf", 3, NULL), -1);     /* U+DFFF */
	assert_int_equal(vb_valid_utf8("\xf4\x90\x80\x80", 4, NULL), -1); /* U+110000 */
	assert_int_equal(vb_valid_utf8("\xf5\x80\x80\x80", 4, NULL), -1);
	assert_int_equal(vb_valid_utf8("\xff", 1, NULL), -1);
	assert_int_equal(vb_valid_utf8("\x80", 1, NULL), -1);             /* lone continuation */
	assert_int_equal(vb_valid_utf8("\xc3", 1, NULL), -1);             /* truncated */
	assert_int_equal(vb_valid_utf8("\xe2\x82", 2, NULL), -1);
	assert_int_equal(vb_valid_utf8("\xc3\x28", 2, NULL), -1);         /* bad continuation */
	/* len is honoured: the bytes after it are not read. */
	assert_int_equal(vb_valid_utf8("ab\xff", 2, &n), 0);
	assert_int_equal(n, 2);
}

static void test_str(void **state)
{
	struct vb_val v;
	const char *why;
	char big[300];

	(void)state;
	ok(VB_STR, "");
	ok(VB_STR, "Haus Müller");
	ok(VB_STR, "  spaces kept  ");
	/* SQL and HTML metacharacters are plain text: queries are prepared and
	 * output is escaped, so refusing them would only annoy O'Brien. */
	ok(VB_STR, "Robert'); DROP TABLE accounts;--");
	ok(VB_STR, "O'Brien \"quoted\" <b>&amp;</b> 100%");
	ok(VB_STR, "日本語の名前");
	ok(VB_STR, "\xf0\x9f\x94\x94 door");
	bad(VB_STR, "line\nbreak");
	bad(VB_STR, "tab\there");
	bad(VB_STR, "cr\r");
	bad(VB_STR, "esc\x1b[31m");
	bad(VB_STR, "del\x7f");
	bad(VB_STR, "c1 \xc2\x85 next line");
	bad(VB_STR, "c1 \xc2\x9f");
	bad(VB_STR, "bad \xff utf8");
	bad(VB_STR, "overlong \xc0\xaf");
	bad(VB_STR, "surrogate \xed\xa0\x80");
	ok(VB_STR, "nbsp\xc2\xa0ok"); /* U+00A0 is not a control character */

	/* An embedded NUL is a control character too. */
	{
		struct vb_field f = { "f", VB_STR, 0, 0, 0, NULL };

		assert_int_equal(vb_valid_text(&f, "a\0b", 3, &v, &why), -1);
	}

	/* Length counts code points, not bytes. */
	assert_int_equal(check(VB_STR, 1, 5, "Grüße", &v, &why), 0);
	assert_int_equal(v.len, strlen("Grüße"));
	assert_string_equal(v.s, "Grüße");
	assert_int_equal(check(VB_STR, 1, 4, "Grüße", &v, &why), -1);
	assert_string_equal(why, "must be 1 to 4 characters");
	assert_int_equal(check(VB_STR, 1, 64, "", &v, &why), -1);
	assert_string_equal(why, "must be 1 to 64 characters");
	assert_int_equal(check(VB_STR, 3, 3, "abcd", &v, &why), -1);
	assert_string_equal(why, "must be exactly 3 characters");

	/* 0,0 means 0..255. */
	memset(big, 'x', 255);
	big[255] = '\0';
	assert_int_equal(check(VB_STR, 0, 0, big, &v, &why), 0);
	big[255] = 'x';
	big[256] = '\0';
	assert_int_equal(check(VB_STR, 0, 0, big, &v, &why), -1);
	assert_string_equal(why, "must be at most 255 characters");
}

static void test_text(void **state)
{
	struct vb_val v;
	const char *why;

	(void)state;
	ok(VB_TEXT, "line one\nline two\r\n\tindented");
	bad(VB_TEXT, "bell\a");
	bad(VB_TEXT, "nul\x01");
	bad(VB_TEXT, "c1 \xc2\x80");
	bad(VB_TEXT, "\xe0\x80\x80");
	assert_int_equal(check(VB_TEXT, 0, 3, "a\nb", &v, &why), 0);
	assert_int_equal(check(VB_TEXT, 0, 2, "a\nb", &v, &why), -1);
}

static void test_password(void **state)
{
	struct vb_val v;
	const char *why;

	(void)state;
	ok(VB_PASSWORD, "x");
	ok(VB_PASSWORD, "correct horse battery staple");
	ok(VB_PASSWORD, "pässwörd'\"; --");
	bad(VB_PASSWORD, "");
	bad(VB_PASSWORD, "new\nline");
	bad(VB_PASSWORD, "\xff\xfe");
	/* Bounds are bytes: "ä" is 2 bytes. */
	assert_int_equal(check(VB_PASSWORD, 8, 128, "äääää", &v, &why), 0);
	assert_int_equal(check(VB_PASSWORD, 8, 128, "äää", &v, &why), -1);
	assert_string_equal(why, "must be 8 to 128 bytes long");
	assert_int_equal(check(VB_PASSWORD, 8, 128, "1234567", &v, &why), -1);
}

static void test_email(void **state)
{
	char norm[VB_NORM_MAX];
	struct vb_val v;
	const char *why;
	char local[80], addr[300];

	(void)state;
	ok(VB_EMAIL, "anna@example.com");
	ok(VB_EMAIL, "first.last+tag@sub.example.co.uk");
	ok(VB_EMAIL, "o'brien@example.ie");
	ok(VB_EMAIL, "x_y-z!#$%&*/=?^`{|}~@ex-ample.org");
	ok(VB_EMAIL, "a@b.io");
	bad(VB_EMAIL, "");
	bad(VB_EMAIL, "anna");
	bad(VB_EMAIL, "anna@");
	bad(VB_EMAIL, "@example.com");
	bad(VB_EMAIL, "anna@localhost");
	bad(VB_EMAIL, "anna@@example.com");
	bad(VB_EMAIL, "an@na@example.com");
	bad(VB_EMAIL, ".anna@example.com");
	bad(VB_EMAIL, "anna.@example.com");
	bad(VB_EMAIL, "an..na@example.com");
	bad(VB_EMAIL, "anna@example..com");
	bad(VB_EMAIL, "anna@.example.com");
	bad(VB_EMAIL, "anna@example.com.");
	bad(VB_EMAIL, "anna@-example.com");
	bad(VB_EMAIL, "anna@example-.com");
	bad(VB_EMAIL, "anna@example.c");
	bad(VB_EMAIL, "anna@example.c0m");
	bad(VB_EMAIL, "anna@exa_mple.com");
	bad(VB_EMAIL, "an na@example.com");
	bad(VB_EMAIL, "\"anna\"@example.com");
	bad(VB_EMAIL, "anna@[127.0.0.1]");
	bad(VB_EMAIL, "anna@example.com\n");
	bad(VB_EMAIL, "ännä@example.com");

	/* The domain is case-insensitive; the local part is kept as typed. */
	assert_int_equal(vb_valid_email("Anna.Smith@Example.COM", norm), 0);
	assert_string_equal(norm, "Anna.Smith@example.com");
	assert_int_equal(check(VB_EMAIL, 0, 0, "Bob@MAIL.Example.org", &v, &why), 0);
	assert_string_equal(v.s, "Bob@mail.example.org");
	assert_ptr_equal(v.s, v.norm);
	assert_int_equal(v.len, strlen("Bob@mail.example.org"));

	/* Local part: 64 bytes maximum. */
	memset(local, 'a', 64);
	local[64] = '\0';
	snprintf(addr, sizeof(addr), "%s@example.com", local);
	ok(VB_EMAIL, addr);
	snprintf(addr, sizeof(addr), "a%s@example.com", local);
	bad(VB_EMAIL, addr);

	/* Whole address: 254 bytes maximum (labels of 63). */
	memset(addr, 0, sizeof(addr));
	memcpy(addr, "a@", 2);
	{
		size_t p = 2;
		int i;

		for (i = 0; i < 3; i++) {
			memset(addr + p, 'b', 63);
			p += 63;
			addr[p++] = '.';
		}
		memset(addr + p, 'c', 61);
		p += 61;
		addr[p] = '\0';
		assert_int_equal(strlen(addr), 255);
		bad(VB_EMAIL, addr);
		addr[p - 1] = '\0';
		ok(VB_EMAIL, addr);
	}
	/* A 64-byte label is too long. */
	memset(local, 'd', 64);
	local[64] = '\0';
	snprintf(addr, sizeof(addr), "a@%s.com", local);
	bad(VB_EMAIL, addr);
}

static void test_phone(void **state)
{
	(void)state;
	ok(VB_PHONE, "+4930123456");
	ok(VB_PHONE, "+12025550123");
	ok(VB_PHONE, "+12345678");        /* 8 digits */
	ok(VB_PHONE, "+123456789012345"); /* 15 digits */
	bad(VB_PHONE, "+1234567");        /* 7 */
	bad(VB_PHONE, "+1234567890123456");
	bad(VB_PHONE, "4930123456");
	bad(VB_PHONE, "004930123456");
	bad(VB_PHONE, "+04930123456");
	bad(VB_PHONE, "+49 30 123456");
	bad(VB_PHONE, "+49-30-123456");
	bad(VB_PHONE, "+");
	bad(VB_PHONE, "");
	bad(VB_PHONE, "++4930123456");
	bad(VB_PHONE, "+4930123456x");
}

static void test_mac(void **state)
{
	char norm[13];
	struct vb_val v;
	const char *why;

	(void)state;
	assert_int_equal(vb_valid_mac("0c:11:05:aa:bb:cc", norm), 0);
	assert_string_equal(norm, "0C1105AABBCC");
	assert_int_equal(vb_valid_mac("0C-11-05-AA-BB-CC", norm), 0);
	assert_string_equal(norm, "0C1105AABBCC");
	assert_int_equal(vb_valid_mac("0c11.05aa.bbcc", norm), 0);
	assert_string_equal(norm, "0C1105AABBCC");
	assert_int_equal(vb_valid_mac("0c1105aabbcc", norm), 0);
	assert_string_equal(norm, "0C1105AABBCC");

	assert_int_equal(check(VB_MAC, 0, 0, "a0:b1:c2:d3:e4:f5", &v, &why), 0);
	assert_string_equal(v.s, "A0B1C2D3E4F5");
	assert_int_equal(v.len, 12);

	bad(VB_MAC, "");
	bad(VB_MAC, "0c1105aabbc");      /* 11 digits */
	bad(VB_MAC, "0c1105aabbccd");    /* 13 digits */
	bad(VB_MAC, "0g1105aabbcc");
	bad(VB_MAC, "0c 11 05 aa bb cc");
	bad(VB_MAC, "0c_11_05_aa_bb_cc");
	bad(VB_MAC, "0c:11:05:aa:bb:cc:");  /* 18 bytes */
	bad(VB_MAC, "0c1105aabbcc\n");
}

static void test_ipv4(void **state)
{
	(void)state;
	ok(VB_IPV4, "192.168.1.10");
	ok(VB_IPV4, "0.0.0.0");
	ok(VB_IPV4, "255.255.255.255");
	ok(VB_IPV4, "10.0.0.1");
	bad(VB_IPV4, "256.1.1.1");
	bad(VB_IPV4, "1.2.3");
	bad(VB_IPV4, "1.2.3.4.5");
	bad(VB_IPV4, "01.2.3.4");
	bad(VB_IPV4, "1.2.3.04");
	bad(VB_IPV4, "1.2.3.4 ");
	bad(VB_IPV4, " 1.2.3.4");
	bad(VB_IPV4, "1..3.4");
	bad(VB_IPV4, "1.2.3.");
	bad(VB_IPV4, "a.b.c.d");
	bad(VB_IPV4, "1234.1.1.1");
	bad(VB_IPV4, "");
}

static void test_port(void **state)
{
	struct vb_val v;
	const char *why;

	(void)state;
	assert_int_equal(check(VB_PORT, 0, 0, "554", &v, &why), 0);
	assert_int_equal(v.i, 554);
	ok(VB_PORT, "1");
	ok(VB_PORT, "65535");
	bad(VB_PORT, "0");
	bad(VB_PORT, "65536");
	bad(VB_PORT, "-1");
	bad(VB_PORT, "");
	bad(VB_PORT, "80a");
	bad(VB_PORT, "99999999999999999999999");
}

static void test_rtsp(void **state)
{
	char url[1100];

	(void)state;
	ok(VB_RTSP_URL, "rtsp://192.168.1.20/live");
	ok(VB_RTSP_URL, "rtsp://192.168.1.20:554/Streaming/Channels/101");
	ok(VB_RTSP_URL, "rtsps://cam.example.com:322/stream1");
	ok(VB_RTSP_URL, "rtsp://admin:s3cr%40t@10.0.0.5:554/cam/realmonitor?channel=1&subtype=0");
	ok(VB_RTSP_URL, "rtsp://admin@doorphone");
	ok(VB_RTSP_URL, "rtsp://cam1.local");
	bad(VB_RTSP_URL, "http://192.168.1.20/live");
	bad(VB_RTSP_URL, "rtsp://");
	bad(VB_RTSP_URL, "rtsp:///live");
	bad(VB_RTSP_URL, "rtsp://192.168.1.20:0/live");
	bad(VB_RTSP_URL, "rtsp://192.168.1.20:65536/live");
	bad(VB_RTSP_URL, "rtsp://192.168.1.20:/live");
	bad(VB_RTSP_URL, "rtsp://192.168.1.20:55a/live");
	bad(VB_RTSP_URL, "rtsp://999.168.1.20/live");
	bad(VB_RTSP_URL, "rtsp://cam .local/live");
	bad(VB_RTSP_URL, "rtsp://cam.local/li ve");
	bad(VB_RTSP_URL, "rtsp://cam.local/live\r\nConfig.X=1");
	bad(VB_RTSP_URL, "rtsp://@cam.local/live");
	bad(VB_RTSP_URL, "rtsp://:pw@cam.local/live");
	bad(VB_RTSP_URL, "rtsp://-cam.local/live");
	bad(VB_RTSP_URL, "rtsp://[::1]/live");
	bad(VB_RTSP_URL, "rtsp://cam.local/<script>");
	bad(VB_RTSP_URL, "rtsp://cam.local/\xc3\xa4");
	memcpy(url, "rtsp://cam.local/", 17);
	memset(url + 17, 'a', 1024 - 17);
	url[1024] = '\0';
	ok(VB_RTSP_URL, url);
	url[1024] = 'a';
	url[1025] = '\0';
	bad(VB_RTSP_URL, url);
}

static void test_tz(void **state)
{
	(void)state;
	ok(VB_TZ, "UTC");
	ok(VB_TZ, "Europe/Berlin");
	ok(VB_TZ, "America/New_York");
	ok(VB_TZ, "America/Argentina/Buenos_Aires");
	ok(VB_TZ, "Etc/GMT+5");
	bad(VB_TZ, "");
	bad(VB_TZ, "Europe/Atlantis");
	bad(VB_TZ, "europe/berlin!");
	bad(VB_TZ, "Berlin");
	bad(VB_TZ, "/etc/passwd");
	bad(VB_TZ, "../../../etc/passwd");
	bad(VB_TZ, "Europe/../../etc/passwd");
	bad(VB_TZ, "Europe//Berlin");
	bad(VB_TZ, "Europe/Berlin/");
	bad(VB_TZ, "Europe");          /* a directory */
	bad(VB_TZ, "Europe/Berlin ");
	bad(VB_TZ, "right/Europe/Berlin/x");
}

static void test_time(void **state)
{
	int64_t ms = 0;
	struct vb_val v;
	const char *why;

	(void)state;
	assert_int_equal(vb_valid_time("1970-01-01T00:00:00Z", &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(vb_valid_time("2026-11-26T05:39:00Z", &ms), 0);
	assert_int_equal(ms, 1795671540000LL);
	assert_int_equal(vb_valid_time("2026-11-26T06:39:00.250+01:00", &ms), 0);
	assert_int_equal(ms, 1795671540250LL);
	assert_int_equal(vb_valid_time("2026-11-25T23:09:00-06:30", &ms), 0);
	assert_int_equal(ms, 1795671540000LL);
	assert_int_equal(vb_valid_time("2000-01-01T00:00:00.1Z", &ms), 0);
	assert_int_equal(ms, 946684800100LL);
	assert_int_equal(vb_valid_time("2000-01-01t00:00:00.123456789z", &ms), 0);
	assert_int_equal(ms, 946684800123LL);
	assert_int_equal(vb_valid_time("1969-12-31T23:59:59Z", &ms), 0);
	assert_int_equal(ms, -1000);

	/* Leap days: 2024 and 2000 are leap years, 2023 and 1900 are not. */
	assert_int_equal(vb_valid_time("2024-02-29T12:00:00Z", &ms), 0);
	assert_int_equal(ms, 1709208000000LL);
	ok(VB_TIME, "2000-02-29T00:00:00Z");
	bad(VB_TIME, "2023-02-29T00:00:00Z");
	bad(VB_TIME, "1900-02-29T00:00:00Z");
	bad(VB_TIME, "2024-02-30T00:00:00Z");
	bad(VB_TIME, "2026-04-31T00:00:00Z");
	ok(VB_TIME, "2026-12-31T23:59:59Z");
	bad(VB_TIME, "2026-13-01T00:00:00Z");
	bad(VB_TIME, "2026-00-01T00:00:00Z");
	bad(VB_TIME, "2026-01-00T00:00:00Z");
	bad(VB_TIME, "2026-01-01T24:00:00Z");
	bad(VB_TIME, "2026-01-01T00:60:00Z");
	bad(VB_TIME, "2026-12-31T23:59:60Z");
	bad(VB_TIME, "2026-01-01T00:00:00");     /* no offset */
	bad(VB_TIME, "2026-01-01 00:00:00Z");
	bad(VB_TIME, "2026-01-01T00:00Z");
	bad(VB_TIME, "2026-1-01T00:00:00Z");
	bad(VB_TIME, "2026-01-01T00:00:00.Z");
	bad(VB_TIME, "2026-01-01T00:00:00.1234567890Z");
	bad(VB_TIME, "2026-01-01T00:00:00+0100");
	bad(VB_TIME, "2026-01-01T00:00:00+24:00");
	bad(VB_TIME, "2026-01-01T00:00:00Z ");
	bad(VB_TIME, "2026-01-01");
	bad(VB_TIME, "");

	assert_int_equal(check(VB_TIME, 0, 0, "2026-11-26T05:39:00Z", &v, &why), 0);
	assert_int_equal(v.i, 1795671540000LL);
	assert_string_equal(v.s, "2026-11-26T05:39:00Z");
}

static void test_int(void **state)
{
	struct vb_val v;
	const char *why;

	(void)state;
	assert_int_equal(check(VB_INT, 0, 0, "42", &v, &why), 0);
	assert_int_equal(v.i, 42);
	assert_int_equal(check(VB_INT, 0, 0, "-17", &v, &why), 0);
	assert_int_equal(v.i, -17);
	assert_int_equal(check(VB_INT, 0, 0, "9223372036854775807", &v, &why), 0);
	assert_true(v.i == INT64_MAX);
	assert_int_equal(check(VB_INT, 0, 0, "-9223372036854775808", &v, &why), 0);
	assert_true(v.i == INT64_MIN);
	bad(VB_INT, "9223372036854775808");
	bad(VB_INT, "-9223372036854775809");
	bad(VB_INT, "99999999999999999999");
	bad(VB_INT, "+5");
	bad(VB_INT, "-");
	bad(VB_INT, "");
	bad(VB_INT, "1.5");
	bad(VB_INT, "1e3");
	bad(VB_INT, " 1");
	bad(VB_INT, "0x10");
	assert_int_equal(check(VB_INT, 1, 100, "100", &v, &why), 0);
	assert_int_equal(check(VB_INT, 1, 100, "101", &v, &why), -1);
	assert_string_equal(why, "must be between 1 and 100");
	assert_int_equal(check(VB_INT, 1, 100, "0", &v, &why), -1);
	assert_int_equal(check(VB_INT, -10, -1, "-5", &v, &why), 0);
}

static void test_bool_enum_code6(void **state)
{
	static const char *const colors[] = { "red", "green", NULL };
	struct vb_field f = { "color", VB_ENUM, 0, 0, 0, colors };
	struct vb_val v;
	const char *why;

	(void)state;
	assert_int_equal(check(VB_BOOL, 0, 0, "true", &v, &why), 0);
	assert_int_equal(v.b, 1);
	assert_int_equal(check(VB_BOOL, 0, 0, "1", &v, &why), 0);
	assert_int_equal(v.b, 1);
	assert_int_equal(check(VB_BOOL, 0, 0, "false", &v, &why), 0);
	assert_int_equal(v.b, 0);
	assert_int_equal(check(VB_BOOL, 0, 0, "0", &v, &why), 0);
	assert_int_equal(v.b, 0);
	bad(VB_BOOL, "TRUE");
	bad(VB_BOOL, "yes");
	bad(VB_BOOL, "");
	bad(VB_BOOL, "truex");

	assert_int_equal(vb_valid_text(&f, "green", 5, &v, &why), 0);
	assert_string_equal(v.s, "green");
	assert_int_equal(vb_valid_text(&f, "gre", 3, &v, &why), -1);
	assert_string_equal(why, "must be one of: red, green");
	assert_int_equal(vb_valid_text(&f, "Red", 3, &v, &why), -1);
	/* len is honoured: "greenish" cut to 5 is "green". */
	assert_int_equal(vb_valid_text(&f, "greenish", 5, &v, &why), 0);

	ok(VB_CODE6, "000123");
	ok(VB_CODE6, "999999");
	bad(VB_CODE6, "12345");
	bad(VB_CODE6, "1234567");
	bad(VB_CODE6, "12345a");
	bad(VB_CODE6, "-12345");
	bad(VB_CODE6, " 12345");
}

/* Query-string values live in a temporary buffer: the validated value must
 * not point into it. */
static void test_value_copied(void **state)
{
	struct vb_field f = { "name", VB_STR, VB_REQUIRED, 1, 64, NULL };
	struct vb_field big = { "text", VB_TEXT, 0, 0, 0, NULL };
	struct vb_val v;
	const char *why;
	char tmp[32], longtext[400];

	(void)state;
	snprintf(tmp, sizeof(tmp), "Haus Nord");
	assert_int_equal(vb_valid_text(&f, tmp, strlen(tmp), &v, &why), 0);
	memset(tmp, 'Z', sizeof(tmp));
	assert_string_equal(v.s, "Haus Nord");
	assert_int_equal(v.len, 9);
	assert_int_equal(v.present, 1);
	assert_int_equal(v.is_null, 0);

	/* Not NUL-terminated input is fine; the copy is terminated. */
	assert_int_equal(vb_valid_text(&f, "abcdef", 3, &v, &why), 0);
	assert_string_equal(v.s, "abc");

	/* A value too long for norm keeps pointing at the input. */
	memset(longtext, 'y', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	assert_int_equal(vb_valid_text(&big, longtext, strlen(longtext), &v, &why), 0);
	assert_ptr_equal(v.s, longtext);
	assert_int_equal(v.len, strlen(longtext));
}

/* Usernames sign in like e-mail addresses, so they must never look like one. */
static void test_username(void **state)
{
	(void)state;
	ok(VB_USERNAME, "installer.berlin");
	ok(VB_USERNAME, "a_b-c");
	ok(VB_USERNAME, "abc");
	bad(VB_USERNAME, "ab");
	bad(VB_USERNAME, "ann@example.com");
	bad(VB_USERNAME, "two words");
	bad(VB_USERNAME, "J\xc3\xb6rg");
	bad(VB_USERNAME, "x' OR 1=1");
	bad(VB_USERNAME, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); /* 65 */
}

/* Search text becomes a LIKE pattern that matches it literally (db.c). */
static void test_like_pattern(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(vb_db_like("ab", 2, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "ab%");
	assert_int_equal(vb_db_like("ab", 2, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "%ab%");
	assert_int_equal(vb_db_like("5%_\\x", 5, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "5\\%\\_\\\\x%");
	assert_int_equal(vb_db_like("abc", 2, 0, out, sizeof(out)), 0);  /* only len bytes */
	assert_string_equal(out, "ab%");
	assert_int_equal(vb_db_like("", 0, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "%%");
	assert_int_equal(vb_db_like("abcdefghijklmn", 14, 0, out, sizeof(out)), -1);  /* too long */
	assert_int_equal(vb_db_like("abcdefghijk", 11, 0, out, sizeof(out)), 0);
	assert_int_equal(vb_db_like("%%%%%%%", 7, 0, out, sizeof(out)), 0);  /* 14 + "%" + NUL */
	assert_int_equal(vb_db_like("%%%%%%%%", 8, 0, out, sizeof(out)), -1);  /* escaping doubles */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_rtsp),
		cmocka_unit_test(test_tz),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_bool_enum_code6),
		cmocka_unit_test(test_value_copied),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_like_pattern),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
