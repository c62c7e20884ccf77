/* Unit tests of the password rules in fcgi-apps/lib/account.c and of the
 * generated passwords people are handed (crypto.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vestibule.h"

static void new_passwords_follow_the_policy(void **state)
{
	const char *why = NULL;
	char long_pw[130];

	(void)state;
	assert_int_equal(vb_password_ok("correct horse", &why), 0);
	assert_int_equal(vb_password_ok("Pässwörd-ü1", &why), 0);
	assert_int_equal(vb_password_ok("short", &why), -1);
	assert_non_null(why);
	assert_int_equal(vb_password_ok("aaaaaaaaaa", &why), -1);      /* one character repeated */
	assert_int_equal(vb_password_ok("éééééééé", &why), -1);        /* also for a multi-byte one */
	assert_int_equal(vb_password_ok("abababab", &why), 0);
	assert_int_equal(vb_password_ok("pass\xffword1", &why), -1);   /* not UTF-8 */
	memset(long_pw, 'x', sizeof(long_pw));
	long_pw[0] = 'y';
	long_pw[128] = '\0';                                          /* 128 bytes: the limit */
	assert_int_equal(vb_password_ok(long_pw, &why), 0);
	long_pw[128] = 'z';
	long_pw[129] = '\0';                                          /* 129 bytes */
	assert_int_equal(vb_password_ok(long_pw, &why), -1);
	assert_int_equal(vb_password_ok(NULL, &why), -1);
}

static void generated_passwords_are_readable_and_differ(void **state)
{
	char a[VB_GEN_PASSWORD_LEN + 1], b[VB_GEN_PASSWORD_LEN + 1];
	const char *why;
	size_t i;

	(void)state;
	assert_int_equal(vb_password_generate(a), 0);
	assert_int_equal(vb_password_generate(b), 0);
	assert_int_equal(strlen(a), VB_GEN_PASSWORD_LEN);
	assert_string_not_equal(a, b);
	for (i = 0; i < VB_GEN_PASSWORD_LEN; i++)
		assert_null(strchr("0O1lI", a[i])); /* no look-alikes to misread */
	assert_int_equal(vb_password_ok(a, &why), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_passwords_follow_the_policy),
		cmocka_unit_test(generated_passwords_are_readable_and_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
