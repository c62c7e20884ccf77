/* Unit tests of fcgi-apps/lib/req.c: what a request body or query must look
 * like to reach a handler, and what the handler then reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vestibule.h"

static int parse(const char *s)
{
	json_object *o = NULL;
	const char *why = NULL;
	int rc = vb_body_parse(s, strlen(s), &o, &why);

	if (rc == 0)
		assert_non_null(o);
	else
		assert_non_null(why);
	json_object_put(o);
	return rc;
}

static void bodies_must_be_one_json_object(void **state)
{
	char deep[256];
	size_t i;

	(void)state;
	assert_int_equal(parse("{}"), 0);
	assert_int_equal(parse(" {\"a\": 1, \"b\": [1, 2, {\"c\": null}]}\r\n"), 0);
	assert_int_equal(parse("[]"), -1);
	assert_int_equal(parse("\"text\""), -1);
	assert_int_equal(parse("{\"a\": 1"), -1);       /* truncated */
	assert_int_equal(parse("{\"a\": 1} x"), -1);    /* trailing garbage */
	assert_int_equal(parse("{\"a\": 1}{}"), -1);    /* two values */
	assert_int_equal(parse("{'a': 1}"), -1);        /* not JSON quotes */
	assert_int_equal(parse("{\"a\": NaN}"), -1);    /* not a JSON number */
	assert_int_equal(parse("{\"a\": Infinity}"), -1);
	assert_int_equal(parse("{\"a\": \"x\ty\"}"), -1); /* raw control character */
	assert_int_equal(parse("{\"a\": 1e5, \"b\": 2.5E-3, \"c\": \"it's \\\" NaN\"}"), 0);
	assert_int_equal(parse("{\"a\": 1,}"), -1);     /* trailing comma */
	assert_int_equal(parse("{\"a\": \"\xff\"}"), -1); /* invalid UTF-8 */
	assert_int_equal(parse(""), -1);
	/* depth limit */
	for (i = 0; i < 100; i++)
		deep[i] = '[';
	deep[0] = '{';
	memcpy(deep + 1, "\"a\":", 4);
	for (i = 5; i < 100; i++)
		deep[i] = '[';
	deep[100] = '\0';
	assert_int_equal(parse(deep), -1);
}

static const char *const kinds[] = { "a", "b", NULL };
static const struct vb_field fields[] = {
	{ "name", VB_STR, VB_REQUIRED, 1, 8, NULL },
	{ "age", VB_INT, 0, 0, 150, NULL },
	{ "on", VB_BOOL, 0, 0, 0, NULL },
	{ "kind", VB_ENUM, VB_NULLABLE, 0, 0, kinds },
	VB_FIELDS_END,
};

/* The field name reported in *bad is borrowed from the body, as in the
 * serve loop, so the body is kept until the next call. */
static json_object *last_body;

static int check_body(const char *s, const char **bad, const char **code, struct vb_val *vals)
{
	const char *why;

	json_object_put(last_body);
	last_body = NULL;
	assert_int_equal(vb_body_parse(s, strlen(s), &last_body, &why), 0);
	return vb_fields_check(fields, last_body, NULL, vals, bad, code, &why);
}

static void fields_are_typed_and_bounded(void **state)
{
	struct vb_val vals[5];
	const char *bad, *code;

	(void)state;
	assert_int_equal(check_body("{\"name\":\"Ann\",\"age\":40,\"on\":true,\"kind\":null}", &bad, &code,
				    vals), 0);
	assert_int_equal(vals[1].i, 40);
	assert_int_equal(vals[2].b, 1);
	assert_true(vals[3].present && vals[3].is_null);

	assert_int_equal(check_body("{\"age\":4}", &bad, &code, vals), -1);
	assert_string_equal(code, "missing_field");
	assert_string_equal(bad, "name");

	assert_int_equal(check_body("{\"name\":\"Ann\",\"admin\":true}", &bad, &code, vals), -1);
	assert_string_equal(code, "unknown_field");
	assert_string_equal(bad, "admin");

	assert_int_equal(check_body("{\"name\":\"Ann\",\"age\":\"40\"}", &bad, &code, vals), -1);
	assert_string_equal(code, "invalid_field");
	assert_string_equal(bad, "age");

	assert_int_equal(check_body("{\"name\":\"Ann\",\"age\":151}", &bad, &code, vals), -1);
	assert_string_equal(bad, "age");
	assert_int_equal(check_body("{\"name\":\"Ann\",\"age\":1.5}", &bad, &code, vals), -1);
	assert_int_equal(check_body("{\"name\":\"Ann\",\"on\":1}", &bad, &code, vals), -1);
	assert_string_equal(bad, "on");
	assert_int_equal(check_body("{\"name\":\"Ann\",\"kind\":\"c\"}", &bad, &code, vals), -1);
	assert_string_equal(bad, "kind");
	assert_int_equal(check_body("{\"name\":null}", &bad, &code, vals), -1);
	assert_string_equal(bad, "name");
	assert_int_equal(check_body("{\"name\":\"\"}", &bad, &code, vals), -1);
	assert_int_equal(check_body("{\"name\":\"123456789\"}", &bad, &code, vals), -1);
	assert_int_equal(check_body("{\"name\":\"a\\u0000b\"}", &bad, &code, vals), -1);
	assert_int_equal(check_body("{\"name\":[\"Ann\"]}", &bad, &code, vals), -1);
	json_object_put(last_body);
	last_body = NULL;
}

static const struct vb_field list_fields[] = {
	{ "models", VB_STRLIST, VB_NULLABLE, 0, 3, NULL },
	{ "tags", VB_STRLIST, 0, 1, 2, NULL },
	VB_FIELDS_END,
};

/* check_list runs vb_fields_check over list_fields with body s (kept in
 * last_body, which the borrowed list points into). */
static int check_list(const char *s, const char **bad, struct vb_val *vals)
{
	const char *why, *code;

	json_object_put(last_body);
	last_body = NULL;
	assert_int_equal(vb_body_parse(s, strlen(s), &last_body, &why), 0);
	if (vb_fields_check(list_fields, last_body, NULL, vals, bad, &code, &why) < 0) {
		assert_string_equal(code, "invalid_field");
		assert_non_null(why);
		return -1;
	}
	return 0;
}

static void string_lists_are_arrays_of_distinct_short_texts(void **state)
{
	struct vb_val vals[3];
	const char *bad;
	json_object *a;

	(void)state;
	assert_int_equal(check_list("{\"models\":[\"X915\",\"R20\"],\"tags\":[\"ä\"]}", &bad,
				    vals), 0);
	assert_true(vals[0].present && !vals[0].is_null);
	assert_int_equal(vals[0].i, 2);
	a = (json_object *)vals[0].list;
	assert_non_null(a);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 1)), "R20");
	assert_int_equal(check_list("{\"models\":[]}", &bad, vals), 0);   /* empty is a list */
	assert_int_equal(vals[0].i, 0);
	assert_false(vals[1].present);
	assert_int_equal(check_list("{\"models\":null}", &bad, vals), 0); /* nullable */
	assert_true(vals[0].is_null);
	assert_null(vals[0].list);

	assert_int_equal(check_list("{\"models\":\"X915\"}", &bad, vals), -1);
	assert_string_equal(bad, "models");
	assert_int_equal(check_list("{\"models\":[\"a\",\"b\",\"c\",\"d\"]}", &bad, vals), -1);
	assert_int_equal(check_list("{\"tags\":[]}", &bad, vals), -1);     /* min 1 */
	assert_string_equal(bad, "tags");
	assert_int_equal(check_list("{\"models\":[\"a\",\"a\"]}", &bad, vals), -1);
	assert_int_equal(check_list("{\"models\":[\"a\",1]}", &bad, vals), -1);
	assert_int_equal(check_list("{\"models\":[\"a\",null]}", &bad, vals), -1);
	assert_int_equal(check_list("{\"models\":[[\"a\"]]}", &bad, vals), -1);
	assert_int_equal(check_list("{\"models\":[\"\"]}", &bad, vals), -1);
	assert_int_equal(check_list("{\"models\":[\"a\\u0007b\"]}", &bad, vals), -1);
	assert_int_equal(check_list("{\"models\":[\"12345678901234567890123456789012345678901234"
				    "567890123456789012345\"]}", &bad, vals), -1);  /* 65 */
	assert_int_equal(check_list("{\"models\":[\"1234567890123456789012345678901234567890123"
				    "456789012345678901234\"]}", &bad, vals), 0);  /* 64 */
	assert_int_equal(check_list("{\"models\":{\"a\":\"b\"}}", &bad, vals), -1);
	json_object_put(last_body);
	last_body = NULL;
}

static const struct vb_field nest_fields[] = {
	{ "relays", VB_OBJLIST, 0, 1, 3, NULL },
	{ "ids", VB_INTLIST, 0, 0, 2, NULL },
	{ "ext", VB_OBJECT, VB_NULLABLE, 0, 0, NULL },
	VB_FIELDS_END,
};

static const struct vb_field relay_fields[] = {
	{ "name", VB_STR, VB_REQUIRED, 1, 8, NULL },
	{ "on", VB_BOOL, 0, 0, 0, NULL },
	VB_FIELDS_END,
};

/* check_nest runs vb_fields_check over nest_fields with body s. */
static int check_nest(const char *s, const char **bad, struct vb_val *vals)
{
	const char *why, *code;

	json_object_put(last_body);
	last_body = NULL;
	assert_int_equal(vb_body_parse(s, strlen(s), &last_body, &why), 0);
	return vb_fields_check(nest_fields, last_body, NULL, vals, bad, &code, &why);
}

/* error_field returns the "field" of the error a response carries. */
static const char *error_field(struct vb_resp *resp)
{
	json_object *e, *f;

	assert_non_null(resp->body);
	assert_true(json_object_object_get_ex(resp->body, "error", &e));
	assert_true(json_object_object_get_ex(e, "field", &f));
	return json_object_get_string(f);
}

static void nested_objects_are_checked_item_by_item(void **state)
{
	struct vb_val vals[4], item[3];
	struct vb_resp resp;
	const char *bad;
	json_object *list;

	(void)state;
	assert_int_equal(check_nest("{\"relays\":[{\"name\":\"A\"},{\"name\":\"B\",\"on\":true}],"
				    "\"ids\":[3,1],\"ext\":{\"x\":1}}", &bad, vals), 0);
	assert_int_equal(vals[0].i, 2);
	assert_int_equal(vals[1].i, 2);
	assert_non_null(vals[2].list);
	list = (json_object *)vals[0].list;

	/* A valid item fills its values ... */
	memset(&resp, 0, sizeof(resp));
	assert_int_equal(vb_item_check(&resp, "relays", 1, json_object_array_get_idx(list, 1),
				       relay_fields, item), 0);
	assert_string_equal(vb_item(relay_fields, item, "name")->s, "B");
	assert_true(vb_item(relay_fields, item, "on")->b);
	assert_null(vb_item(relay_fields, item, "nope"));

	/* ... a bad one answers 400 naming the item's path. */
	assert_int_equal(check_nest("{\"relays\":[{\"name\":\"A\"},{\"name\":\"toolongname\"}]}",
				    &bad, vals), 0);
	list = (json_object *)vals[0].list;
	memset(&resp, 0, sizeof(resp));
	assert_int_equal(vb_item_check(&resp, "relays", 1, json_object_array_get_idx(list, 1),
				       relay_fields, item), -1);
	assert_int_equal(resp.status, 400);
	assert_string_equal(error_field(&resp), "relays[1].name");
	json_object_put(resp.body);
	assert_int_equal(check_nest("{\"ext\":{\"on\":true}}", &bad, vals), 0);
	memset(&resp, 0, sizeof(resp));
	assert_int_equal(vb_item_check(&resp, "ext", -1, (json_object *)vals[2].list, relay_fields,
				       item), -1);
	assert_string_equal(error_field(&resp), "ext.name");  /* missing */
	json_object_put(resp.body);
	assert_int_equal(check_nest("{\"ext\":{\"name\":\"a\",\"evil\":1}}", &bad, vals), 0);
	memset(&resp, 0, sizeof(resp));
	assert_int_equal(vb_item_check(&resp, "ext", -1, (json_object *)vals[2].list, relay_fields,
				       item), -1);
	assert_string_equal(error_field(&resp), "ext.evil");  /* unknown key */
	json_object_put(resp.body);

	/* Shapes and bounds of the containers themselves. */
	assert_int_equal(check_nest("{\"relays\":[]}", &bad, vals), -1);           /* min 1 */
	assert_int_equal(check_nest("{\"relays\":[{},{},{},{}]}", &bad, vals), -1); /* max 3 */
	assert_int_equal(check_nest("{\"relays\":[{},1]}", &bad, vals), -1);
	assert_int_equal(check_nest("{\"relays\":{}}", &bad, vals), -1);
	assert_string_equal(bad, "relays");
	assert_int_equal(check_nest("{\"ids\":[1,1]}", &bad, vals), -1);       /* distinct */
	assert_int_equal(check_nest("{\"ids\":[0]}", &bad, vals), -1);         /* from 1 */
	assert_int_equal(check_nest("{\"ids\":[\"1\"]}", &bad, vals), -1);
	assert_int_equal(check_nest("{\"ids\":[1.5]}", &bad, vals), -1);
	assert_int_equal(check_nest("{\"ids\":[1,2,3]}", &bad, vals), -1);     /* max 2 */
	assert_int_equal(check_nest("{\"ids\":[]}", &bad, vals), 0);
	assert_int_equal(check_nest("{\"ext\":[]}", &bad, vals), -1);
	assert_int_equal(check_nest("{\"ext\":null}", &bad, vals), 0);
	assert_true(vals[2].is_null);
	json_object_put(last_body);
	last_body = NULL;
}

static void string_lists_have_no_query_form(void **state)
{
	static char buf[64];
	struct vb_val vals[3];
	const char *bad, *code, *why;

	(void)state;
	snprintf(buf, sizeof(buf), "models=a");
	assert_int_equal(vb_fields_check(list_fields, NULL, buf, vals, &bad, &code, &why), -1);
	assert_string_equal(code, "invalid_field");
	assert_string_equal(bad, "models");
}

static int check_query(const char *q, const char **bad, const char **code, struct vb_val *vals)
{
	/* The names reported in *bad point into the decoded query, which must
	 * outlive the check, as the serve loop's copy does. */
	static char buf[256];
	const char *why;

	snprintf(buf, sizeof(buf), "%s", q);
	return vb_fields_check(fields, NULL, buf, vals, bad, code, &why);
}

static void query_strings_are_decoded_then_checked(void **state)
{
	struct vb_val vals[5];
	const char *bad, *code;

	(void)state;
	assert_int_equal(check_query("name=A%20b&age=7&on=true", &bad, &code, vals), 0);
	assert_string_equal(vals[0].s, "A b");
	assert_int_equal(vals[1].i, 7);
	assert_int_equal(check_query("name=A+b", &bad, &code, vals), 0);
	assert_string_equal(vals[0].s, "A b");
	assert_int_equal(check_query("name=A&name=B", &bad, &code, vals), -1);
	assert_string_equal(bad, "name");
	assert_int_equal(check_query("name=A&x=1", &bad, &code, vals), -1);
	assert_string_equal(code, "unknown_field");
	assert_int_equal(check_query("name=%zz", &bad, &code, vals), -1);
	assert_int_equal(check_query("name=a%00b", &bad, &code, vals), -1);
	assert_int_equal(check_query("age=3", &bad, &code, vals), -1);
	assert_string_equal(code, "missing_field");
	assert_int_equal(check_query("name=A&age=x", &bad, &code, vals), -1);
	assert_string_equal(bad, "age");
}

static void cookies_are_found_by_exact_name(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(vb_cookie_parse("a=1; vb_session=abc; b=2", "vb_session", out, sizeof(out)), 0);
	assert_string_equal(out, "abc");
	assert_int_equal(vb_cookie_parse("xvb_session=abc", "vb_session", out, sizeof(out)), -1);
	assert_int_equal(vb_cookie_parse("vb_session_old=abc;vb_session=z", "vb_session", out,
					 sizeof(out)), 0);
	assert_string_equal(out, "z");
	assert_int_equal(vb_cookie_parse("", "vb_session", out, sizeof(out)), -1);
	assert_int_equal(vb_cookie_parse("vb_session=0123456789", "vb_session", out, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bodies_must_be_one_json_object),
		cmocka_unit_test(fields_are_typed_and_bounded),
		cmocka_unit_test(query_strings_are_decoded_then_checked),
		cmocka_unit_test(string_lists_are_arrays_of_distinct_short_texts),
		cmocka_unit_test(string_lists_have_no_query_form),
		cmocka_unit_test(nested_objects_are_checked_item_by_item),
		cmocka_unit_test(cookies_are_found_by_exact_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
