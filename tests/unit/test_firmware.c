/* Unit tests of the firmware version comparison (fcgi-apps/lib/firmware.c):
 * it decides whether a device may bind access methods per relay, so both a
 * wrong order and a malformed version read as valid would be noticed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vestibule.h"

/* cmp returns vb_fw_cmp's verdict, or 99 when it refused the input. */
static int cmp(const char *a, const char *b)
{
	int out = 42;

	if (vb_fw_cmp(a, b, &out) < 0) {
		assert_int_equal(out, 42);  /* untouched on failure */
		return 99;
	}
	return out;
}

static void fields_compare_as_numbers(void **state)
{
	(void)state;
	assert_int_equal(cmp("916.30.10.9", "916.30.10.216"), -1);
	assert_int_equal(cmp("916.30.10.216", "916.30.10.9"), 1);
	assert_int_equal(cmp("916.30.10.216", "916.30.10.216"), 0);
	assert_int_equal(cmp("2915.30.10.106", "915.30.10.128"), 1);
	assert_int_equal(cmp("539.30.10.118", "539.30.10.117"), 1);
	assert_int_equal(cmp("539.30.9.200", "539.30.10.1"), -1);
	assert_int_equal(cmp("007.1", "7.1"), 0);
	assert_int_equal(cmp("0", "0"), 0);
	assert_int_equal(cmp("999999999", "999999998"), 1);
}

static void missing_fields_count_as_zero(void **state)
{
	(void)state;
	assert_int_equal(cmp("1.2", "1.2.0"), 0);
	assert_int_equal(cmp("1.2.0.0", "1.2"), 0);
	assert_int_equal(cmp("1.2", "1.2.1"), -1);
	assert_int_equal(cmp("1.2.1", "1.2"), 1);
	assert_int_equal(cmp("320", "320.30.10.125"), -1);
}

static void anything_else_is_refused(void **state)
{
	static const char *const bad[] = {
		"", ".", "1.", ".1", "1..2", "1.2a", "v1.2", "-1.2", "+1", " 1.2", "1.2 ",
		"1,2", "1.2.3-beta", "1234567890", "1.\n", "\xc2\xb9",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cmp(bad[i], "1.2"), 99);
		assert_int_equal(cmp("1.2", bad[i]), 99);
	}
	assert_int_equal(cmp(NULL, "1"), 99);
	assert_int_equal(cmp("1", NULL), 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_compare_as_numbers),
		cmocka_unit_test(missing_fields_count_as_zero),
		cmocka_unit_test(anything_else_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
