/* Unit tests of the RTSP URL splitter (fcgi-apps/lib/rtsp_url.c): the
 * camera handlers store what it leaves as the URL, shown to everyone, so
 * a credential left in it, or a control character let through in a
 * credential, would be noticed here first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vestibule.h"

/* split expects vb_rtsp_split to accept in and checks the three parts. */
static void split(const char *in, const char *url, int has_user, const char *user,
		  int has_password, const char *password)
{
	struct vb_rtsp_parts p;

	if (vb_rtsp_split(in, &p) != 0)
		fail_msg("refused %s", in);
	assert_string_equal(p.url, url);
	assert_int_equal(p.has_user, has_user);
	assert_string_equal(p.user, user);
	assert_int_equal(p.has_password, has_password);
	assert_string_equal(p.password, password);
}

static void refused(const char *in)
{
	struct vb_rtsp_parts p;

	memset(&p, 'x', sizeof(p));
	if (vb_rtsp_split(in, &p) != -1)
		fail_msg("accepted %s", in);
	/* Nothing of a half-decoded password stays in *out. */
	assert_int_equal(p.url[0], '\0');
	assert_int_equal(p.user[0], '\0');
	assert_int_equal(p.password[0], '\0');
	assert_int_equal(p.has_user, 0);
	assert_int_equal(p.has_password, 0);
}

static void without_userinfo_unchanged(void **state)
{
	(void)state;
	split("rtsp://192.0.2.7/live", "rtsp://192.0.2.7/live", 0, "", 0, "");
	split("rtsp://cam.example.com:8554/a/b?x=1", "rtsp://cam.example.com:8554/a/b?x=1", 0, "",
	      0, "");
	split("rtsps://cam.example.com", "rtsps://cam.example.com", 0, "", 0, "");
	/* An "@" after the authority is part of the path, not a userinfo. */
	split("rtsp://192.0.2.7/a@b", "rtsp://192.0.2.7/a@b", 0, "", 0, "");
}

static void userinfo_moves_out(void **state)
{
	(void)state;
	split("rtsp://admin:secret@192.0.2.7:554/Streaming/Channels/101",
	      "rtsp://192.0.2.7:554/Streaming/Channels/101", 1, "admin", 1, "secret");
	split("rtsps://admin:pw@cam.example.com/s", "rtsps://cam.example.com/s", 1, "admin", 1, "pw");
	split("rtsp://admin@192.0.2.7/s", "rtsp://192.0.2.7/s", 1, "admin", 0, "");
	split("rtsp://admin:@192.0.2.7/s", "rtsp://192.0.2.7/s", 1, "admin", 1, "");
	split("rtsp://u:p@192.0.2.7", "rtsp://192.0.2.7", 1, "u", 1, "p");
	split("rtsp://u:p@192.0.2.7?q", "rtsp://192.0.2.7?q", 1, "u", 1, "p");
	/* The first ":" splits; later ones belong to the password. */
	split("rtsp://u:a:b:c@192.0.2.7/", "rtsp://192.0.2.7/", 1, "u", 1, "a:b:c");
	/* sub-delims are allowed as they are (RFC 3986 section 3.2.1). */
	split("rtsp://u-._~:!$&'()*+,;=@192.0.2.7/", "rtsp://192.0.2.7/", 1, "u-._~", 1,
	      "!$&'()*+,;=");
}

static void percent_decoding(void **state)
{
	(void)state;
	split("rtsp://ad%6Din:s%40cret%3a%2F@192.0.2.7/", "rtsp://192.0.2.7/", 1, "admin", 1,
	      "s@cret:/");
	/* An escaped ":" in the user name does not split. */
	split("rtsp://a%3Ab:c@192.0.2.7/", "rtsp://192.0.2.7/", 1, "a:b", 1, "c");
	split("rtsp://%C3%A9t%C3%A9:%E2%82%AC@192.0.2.7/", "rtsp://192.0.2.7/", 1,
	      "\xC3\xA9t\xC3\xA9", 1, "\xE2\x82\xAC");
	split("rtsp://u:%20sp%20@192.0.2.7/", "rtsp://192.0.2.7/", 1, "u", 1, " sp ");
	/* Decoded "%25" is a plain "%", not a new escape. */
	split("rtsp://u:%2541@192.0.2.7/", "rtsp://192.0.2.7/", 1, "u", 1, "%41");
}

static void control_characters_refused(void **state)
{
	static const char *const bad[] = {
		"rtsp://u:%00@192.0.2.7/",       /* NUL would cut the password short */
		"rtsp://u:a%0Ab@192.0.2.7/",     /* LF: a new line in a config file */
		"rtsp://u:a%0Db@192.0.2.7/",
		"rtsp://u%09:p@192.0.2.7/",
		"rtsp://u:%1F@192.0.2.7/",
		"rtsp://u:%7F@192.0.2.7/",
		"rtsp://u:%C2%85@192.0.2.7/",    /* NEL, a C1 control */
		"rtsp://%C2%9B:p@192.0.2.7/",    /* CSI */
		"rtsp://u:%FF@192.0.2.7/",       /* not UTF-8 */
		"rtsp://u:%C3@192.0.2.7/",       /* a truncated sequence */
		"rtsp://u:%C0%AF@192.0.2.7/",    /* overlong "/" */
		"rtsp://u:%ED%A0%80@192.0.2.7/", /* a surrogate */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i]);
	/* The C1 test must not catch the characters after them. */
	split("rtsp://u:%C2%A0%C2%BF@192.0.2.7/", "rtsp://192.0.2.7/", 1, "u", 1,
	      "\xC2\xA0\xC2\xBF");
}

static void invalid_urls_refused(void **state)
{
	char in[VB_RTSP_URL_MAX + 2], want[VB_RTSP_URL_MAX + 1];
	struct vb_rtsp_parts p;
	static const char *const bad[] = {
		"", "http://192.0.2.7/", "rtsp://", "rtsp://@192.0.2.7/", "rtsp://:p@192.0.2.7/",
		"rtsp://u:p@/", "rtsp://u:%4@192.0.2.7/", "rtsp://u:%zz@192.0.2.7/",
		"rtsp://u:%@192.0.2.7/", "rtsp://u p:x@192.0.2.7/", "rtsp://u:p@999.1.1.1/",
		"rtsp://u:p@q@192.0.2.7/", "rtsp://u:p@192.0.2.7:0/", "rtsp://u:p@192.0.2.7:70000/",
		"rtsp://u:p\n@192.0.2.7/", "rtsp://u:p@192.0.2.7/\x7f",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i]);
	assert_int_equal(vb_rtsp_split(NULL, &p), -1);
	/* The bound counts the URL as sent, userinfo included. */
	memset(in, 'a', sizeof(in));
	memcpy(in, "rtsp://u:p@h/", 13);
	in[VB_RTSP_URL_MAX] = '\0';
	snprintf(want, sizeof(want), "rtsp://h/%s", in + 13);
	split(in, want, 1, "u", 1, "p");
	in[VB_RTSP_URL_MAX] = 'a';
	in[VB_RTSP_URL_MAX + 1] = '\0';
	refused(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(without_userinfo_unchanged),
		cmocka_unit_test(userinfo_moves_out),
		cmocka_unit_test(percent_decoding),
		cmocka_unit_test(control_characters_refused),
		cmocka_unit_test(invalid_urls_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
