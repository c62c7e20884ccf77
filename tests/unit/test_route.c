/* Unit tests of fcgi-apps/lib/route.c: which handler a request reaches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vestibule.h"

static int h_list(struct vb_req *r, struct vb_resp *s) { (void)r; (void)s; return 0; }
static int h_get(struct vb_req *r, struct vb_resp *s) { (void)r; (void)s; return 0; }
static int h_put(struct vb_req *r, struct vb_resp *s) { (void)r; (void)s; return 0; }
static int h_switch(struct vb_req *r, struct vb_resp *s) { (void)r; (void)s; return 0; }

static const struct vb_route routes[] = {
	{ "GET", "/api/distributor/installers", h_list, VB_DISTRIBUTOR, NULL, 0, "" },
	{ "GET", "/api/distributor/installers/{id}", h_get, VB_DISTRIBUTOR, NULL, 0, "" },
	{ "PATCH", "/api/distributor/installers/{id}", h_put, VB_DISTRIBUTOR, NULL, 0, "" },
	{ "POST", "/api/distributor/installers/{id}/switch", h_switch, VB_DISTRIBUTOR, NULL, 0, "" },
	{ "GET", "/api/x/{a}/y/{b}", h_get, VB_PUBLIC, NULL, 0, "" },
};

static const struct vb_route *match(const char *m, const char *p, struct vb_req *req, int *mm)
{
	memset(req, 0, sizeof(*req));
	return vb_route_match(routes, VB_NITEMS(routes), m, p, req, mm);
}

static void literal_paths_match_their_route(void **state)
{
	struct vb_req req;
	int mm;

	(void)state;
	assert_ptr_equal(match("GET", "/api/distributor/installers", &req, &mm), &routes[0]);
	assert_ptr_equal(match("GET", "/api/distributor/installers/", &req, &mm), &routes[0]);
	assert_int_equal(req.nparams, 0);
}

static void parameters_are_captured(void **state)
{
	struct vb_req req;
	int64_t id = 0;
	int mm;

	(void)state;
	assert_ptr_equal(match("GET", "/api/distributor/installers/42", &req, &mm), &routes[1]);
	assert_string_equal(vb_param(&req, "id"), "42");
	assert_int_equal(vb_param_id(&req, "id", &id), 0);
	assert_int_equal(id, 42);
	assert_ptr_equal(match("POST", "/api/distributor/installers/7/switch", &req, &mm), &routes[3]);
	assert_string_equal(vb_param(&req, "id"), "7");
	assert_ptr_equal(match("GET", "/api/x/one/y/two", &req, &mm), &routes[4]);
	assert_string_equal(vb_param(&req, "a"), "one");
	assert_string_equal(vb_param(&req, "b"), "two");
	assert_null(vb_param(&req, "c"));
}

static void ids_that_are_not_ids_are_refused(void **state)
{
	struct vb_req req;
	int64_t id = 0;
	int mm;
	const char *bad[] = { "0", "-1", "007", "1e3", "abc", "12345678901234567890", "1%20" };
	size_t i;
	char path[128];

	(void)state;
	for (i = 0; i < VB_NITEMS(bad); i++) {
		snprintf(path, sizeof(path), "/api/distributor/installers/%s", bad[i]);
		assert_non_null(match("GET", path, &req, &mm));
		assert_int_equal(vb_param_id(&req, "id", &id), -1);
	}
}

static void wrong_method_is_told_apart_from_unknown_path(void **state)
{
	struct vb_req req;
	int mm;

	(void)state;
	assert_null(match("DELETE", "/api/distributor/installers/1", &req, &mm));
	assert_int_equal(mm, 1);
	assert_null(match("GET", "/api/distributor/nothing", &req, &mm));
	assert_int_equal(mm, 0);
	assert_null(match("GET", "/api/distributor/installers/1/switch/extra", &req, &mm));
	assert_int_equal(mm, 0);
	assert_null(match("GET", "/api/distributor", &req, &mm));
	/* HEAD is answered by GET routes */
	assert_ptr_equal(match("HEAD", "/api/distributor/installers", &req, &mm), &routes[0]);
}

static void oversized_segment_does_not_match(void **state)
{
	struct vb_req req;
	char path[400];
	int mm;

	(void)state;
	memset(path, 'a', sizeof(path));
	memcpy(path, "/api/distributor/installers/", 28);
	path[sizeof(path) - 1] = '\0';
	assert_null(match("GET", path, &req, &mm));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_paths_match_their_route),
		cmocka_unit_test(parameters_are_captured),
		cmocka_unit_test(ids_that_are_not_ids_are_refused),
		cmocka_unit_test(wrong_method_is_told_apart_from_unknown_path),
		cmocka_unit_test(oversized_segment_does_not_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
