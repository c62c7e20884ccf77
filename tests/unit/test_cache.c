/* Unit tests of each worker's answer cache (fcgi-apps/lib/cache.c): what a
 * client would notice is a stale answer, so every way an entry must stop
 * being served is checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vestibule.h"

static int teardown(void **state)
{
	(void)state;
	vb_cache_clear();
	return 0;
}

static void kept_answer_is_served_for_the_same_key_only(void **state)
{
	const char *b = NULL;
	size_t n = 0;

	(void)state;
	vb_cache_put(7, 3, "/api/sites", "page=1", 10, 1000, "{\"a\":1}", 7);
	assert_int_equal(vb_cache_get(7, 3, "/api/sites", "page=1", 10, 1500, &b, &n), 0);
	assert_int_equal(n, 7);
	assert_memory_equal(b, "{\"a\":1}", 7);
	/* another account, tenant, path or query is another answer */
	assert_int_equal(vb_cache_get(8, 3, "/api/sites", "page=1", 10, 1500, &b, &n), -1);
	assert_int_equal(vb_cache_get(7, 4, "/api/sites", "page=1", 10, 1500, &b, &n), -1);
	assert_int_equal(vb_cache_get(7, 3, "/api/sites/1", "page=1", 10, 1500, &b, &n), -1);
	assert_int_equal(vb_cache_get(7, 3, "/api/sites", "page=2", 10, 1500, &b, &n), -1);
	/* a decoded path may contain '?': it must not reach another key */
	vb_cache_put(7, 3, "/a?b", "", 10, 1000, "1", 1);
	assert_int_equal(vb_cache_get(7, 3, "/a", "b", 10, 1500, &b, &n), -1);
	assert_int_equal(vb_cache_get(7, 3, "/a?", "b", 10, 1500, &b, &n), -1);
}

static void a_moved_counter_or_age_ends_an_answer(void **state)
{
	const char *b = NULL;
	size_t n = 0;

	(void)state;
	vb_cache_put(1, 1, "/p", "", 5, 1000, "x", 1);
	assert_int_equal(vb_cache_get(1, 1, "/p", "", 6, 1001, &b, &n), -1);  /* data changed */
	assert_int_equal(vb_cache_get(1, 1, "/p", "", 5, 1002, &b, &n), -1);  /* and stays gone */
	vb_cache_put(1, 1, "/p", "", 5, 1000, "x", 1);
	assert_int_equal(vb_cache_get(1, 1, "/p", "", 5, 1000 + VB_CACHE_MS - 1, &b, &n), 0);
	assert_int_equal(vb_cache_get(1, 1, "/p", "", 5, 1000 + VB_CACHE_MS, &b, &n), -1);
	vb_cache_put(1, 1, "/p", "", 5, 1000, "x", 1);
	assert_int_equal(vb_cache_get(1, 1, "/p", "", 5, 999, &b, &n), -1);  /* clock went back */
	vb_cache_put(1, 1, "/p", "", 0, 1000, "x", 1);                        /* no counter */
	assert_int_equal(vb_cache_get(1, 1, "/p", "", 0, 1000, &b, &n), -1);
}

static void a_newer_answer_replaces_the_old(void **state)
{
	const char *b = NULL;
	size_t n = 0;

	(void)state;
	vb_cache_put(1, 1, "/p", "", 5, 1000, "old", 3);
	vb_cache_put(1, 1, "/p", "", 6, 1001, "newer", 5);
	assert_int_equal(vb_cache_get(1, 1, "/p", "", 5, 1002, &b, &n), -1);
	vb_cache_put(1, 1, "/p", "", 6, 1001, "newer", 5);
	assert_int_equal(vb_cache_get(1, 1, "/p", "", 6, 1002, &b, &n), 0);
	assert_memory_equal(b, "newer", 5);
}

static void full_cache_drops_the_least_recently_used(void **state)
{
	const char *b = NULL;
	size_t n = 0;
	char q[32];
	int i;

	(void)state;
	for (i = 0; i < VB_CACHE_ENTRIES; i++) {
		snprintf(q, sizeof(q), "q=%d", i);
		vb_cache_put(1, 1, "/p", q, 5, 1000, "x", 1);
	}
	assert_int_equal(vb_cache_get(1, 1, "/p", "q=0", 5, 1001, &b, &n), 0);  /* q=0 used again */
	vb_cache_put(1, 1, "/p", "q=new", 5, 1001, "y", 1);
	assert_int_equal(vb_cache_get(1, 1, "/p", "q=new", 5, 1002, &b, &n), 0);
	assert_int_equal(vb_cache_get(1, 1, "/p", "q=0", 5, 1002, &b, &n), 0);
	assert_int_equal(vb_cache_get(1, 1, "/p", "q=1", 5, 1002, &b, &n), -1); /* the LRU one */
}

static void large_answers_are_not_kept_and_bytes_are_bounded(void **state)
{
	const char *b = NULL;
	size_t n = 0, big = VB_CACHE_MAX_ANSWER;
	char *body = malloc(big + 1), q[32];
	int i, kept = 0;

	(void)state;
	assert_non_null(body);
	memset(body, 'a', big + 1);
	vb_cache_put(1, 1, "/big", "", 5, 1000, body, big + 1);
	assert_int_equal(vb_cache_get(1, 1, "/big", "", 5, 1000, &b, &n), -1);
	/* More maximal answers than the byte budget holds: the oldest go. */
	for (i = 0; i < 2 * (VB_CACHE_MAX_BYTES / VB_CACHE_MAX_ANSWER); i++) {
		snprintf(q, sizeof(q), "i=%d", i);
		vb_cache_put(1, 1, "/big", q, 5, 1000, body, big);
	}
	for (i = 0; i < 2 * (VB_CACHE_MAX_BYTES / VB_CACHE_MAX_ANSWER); i++) {
		snprintf(q, sizeof(q), "i=%d", i);
		kept += vb_cache_get(1, 1, "/big", q, 5, 1000, &b, &n) == 0;
	}
	assert_int_equal(kept, VB_CACHE_MAX_BYTES / VB_CACHE_MAX_ANSWER);
	snprintf(q, sizeof(q), "i=%d", 2 * (VB_CACHE_MAX_BYTES / VB_CACHE_MAX_ANSWER) - 1);
	assert_int_equal(vb_cache_get(1, 1, "/big", q, 5, 1000, &b, &n), 0);  /* newest kept */
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(kept_answer_is_served_for_the_same_key_only, teardown),
		cmocka_unit_test_teardown(a_moved_counter_or_age_ends_an_answer, teardown),
		cmocka_unit_test_teardown(a_newer_answer_replaces_the_old, teardown),
		cmocka_unit_test_teardown(full_cache_drops_the_least_recently_used, teardown),
		cmocka_unit_test_teardown(large_answers_are_not_kept_and_bytes_are_bounded, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
