/* Unit tests of which lock vendors a deployment offers (F20,
 * fcgi-apps/devices/lock_adapter.c): a vendor is offered only with a base
 * URL, Dormakaba only when the config also turns it on; anything else is
 * "no such vendor" (the handlers' 404).  Also the pieces of the adapters
 * that need no vendor: escaping and quoting what goes to it, and the
 * tokens we accept from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "devices.h"
#include "lock_http.h"

/* conf_with fills c with defaults, then the three lock keys. */
static void conf_with(struct vb_conf *c, int dk, const char *dk_url, const char *salto_url)
{
	vb_conf_defaults(c);
	c->lock_dormakaba = dk;
	snprintf(c->lock_dormakaba_url, sizeof(c->lock_dormakaba_url), "%s", dk_url);
	snprintf(c->lock_salto_url, sizeof(c->lock_salto_url), "%s", salto_url);
}

/* offered returns the adapter find gives for vendor and checks base. */
static const struct lock_adapter *offered(const struct vb_conf *c, const char *vendor,
					  const char *want_base)
{
	const char *base = "untouched";
	const struct lock_adapter *ad = lock_adapter_find(c, vendor, &base);

	if (ad == NULL) {
		assert_string_equal(base, "untouched");
		return NULL;
	}
	assert_string_equal(ad->vendor, vendor);
	assert_string_equal(base, want_base);
	assert_non_null(ad->login);
	assert_non_null(ad->list_locks);
	assert_non_null(ad->unlock);
	return ad;
}

static void nothing_configured_nothing_offered(void **state)
{
	struct vb_conf c;

	(void)state;
	conf_with(&c, 0, "", "");
	assert_null(offered(&c, "salto", NULL));
	assert_null(offered(&c, "dormakaba", NULL));
	/* The switch alone offers nothing. */
	conf_with(&c, 1, "", "");
	assert_null(offered(&c, "dormakaba", NULL));
}

static void salto_needs_only_its_url(void **state)
{
	struct vb_conf c;
	const struct lock_adapter *ad;

	(void)state;
	conf_with(&c, 0, "", "https://salto.example/api");
	ad = offered(&c, "salto", "https://salto.example/api");
	assert_non_null(ad);
	assert_string_equal(ad->title, "Salto");
	assert_null(offered(&c, "dormakaba", NULL));
}

static void dormakaba_needs_url_and_switch(void **state)
{
	struct vb_conf c;
	const struct lock_adapter *ad;

	(void)state;
	conf_with(&c, 0, "https://dk.example", "");
	assert_null(offered(&c, "dormakaba", NULL));
	conf_with(&c, 1, "https://dk.example", "");
	ad = offered(&c, "dormakaba", "https://dk.example");
	assert_non_null(ad);
	assert_string_equal(ad->title, "Dormakaba");
	assert_null(offered(&c, "salto", NULL));
	conf_with(&c, 1, "https://dk.example", "http://127.0.0.1:9/salto");
	assert_non_null(offered(&c, "dormakaba", "https://dk.example"));
	assert_non_null(offered(&c, "salto", "http://127.0.0.1:9/salto"));
	/* The switch off hides Dormakaba only. */
	conf_with(&c, 0, "https://dk.example", "http://127.0.0.1:9/salto");
	assert_null(offered(&c, "dormakaba", NULL));
	assert_non_null(offered(&c, "salto", "http://127.0.0.1:9/salto"));
}

static void unknown_vendors(void **state)
{
	static const char *const bad[] = { "", "Salto", "SALTO", "salto ", "dorma", "assa", "x" };
	struct vb_conf c;
	size_t i;

	(void)state;
	conf_with(&c, 1, "https://dk.example", "https://salto.example");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(offered(&c, bad[i], NULL));
	assert_null(lock_adapter_find(&c, NULL, NULL));
	/* base may be NULL when only the question matters. */
	assert_non_null(lock_adapter_find(&c, "salto", NULL));
}

/* Every vendor the API enumerates has an adapter, and every adapter is in
 * the enumeration (the schema's ENUM has the same two). */
static void choices_match_adapters(void **state)
{
	struct vb_conf c;
	size_t i;

	(void)state;
	conf_with(&c, 1, "https://dk.example", "https://salto.example");
	for (i = 0; lock_vendor_choices[i] != NULL; i++)
		assert_non_null(lock_adapter_find(&c, lock_vendor_choices[i], NULL));
	assert_int_equal(i, 2);
	assert_string_equal(lock_vendor_choices[0], "dormakaba");
	assert_string_equal(lock_vendor_choices[1], "salto");
}

static void escaping_and_quoting(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(lock_http_escape("a-Z_0.9~", out, sizeof(out)), 0);
	assert_string_equal(out, "a-Z_0.9~");
	assert_int_equal(lock_http_escape("p&w=d +/%?#\xC3\xA9", out, sizeof(out)), 0);
	assert_string_equal(out, "p%26w%3Dd%20%2B%2F%25%3F%23%C3%A9");
	assert_int_equal(lock_http_escape("", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(lock_http_escape("abc", out, 4), 0);
	assert_int_equal(lock_http_escape("abcd", out, 4), -1);
	assert_int_equal(lock_http_escape("&", out, 3), -1);

	assert_int_equal(lock_http_quote("a\"b\\c\x01\xC3\xA9", out, sizeof(out)), 0);
	assert_string_equal(out, "\"a\\\"b\\\\c\\u0001\xC3\xA9\"");
	assert_int_equal(lock_http_quote("", out, sizeof(out)), 0);
	assert_string_equal(out, "\"\"");
	assert_int_equal(lock_http_quote("abcdefgh", out, 8), -1);
}

static void tokens(void **state)
{
	char big[LOCK_TOKEN_MAX + 2];

	(void)state;
	assert_int_equal(lock_token_ok("abc.DEF-123_~+/="), 1);
	assert_int_equal(lock_token_ok(""), 0);
	assert_int_equal(lock_token_ok(NULL), 0);
	assert_int_equal(lock_token_ok("a b"), 0);
	assert_int_equal(lock_token_ok("a\r\nX-Evil: 1"), 0);
	assert_int_equal(lock_token_ok("\xC3\xA9"), 0);
	memset(big, 'a', sizeof(big));
	big[LOCK_TOKEN_MAX] = '\0';
	assert_int_equal(lock_token_ok(big), 1);
	big[LOCK_TOKEN_MAX] = 'a';
	big[LOCK_TOKEN_MAX + 1] = '\0';
	assert_int_equal(lock_token_ok(big), 0);
}

/* A login's token is taken only when it could go back in a header; the
 * header never carries one that could not. */
static void token_from_an_answer_and_into_a_header(void **state)
{
	json_object *ok = json_tokener_parse("{\"token\": \"abc.123\"}");
	json_object *evil = json_tokener_parse("{\"token\": \"a\\r\\nX-Evil: 1\"}");
	json_object *num = json_tokener_parse("{\"token\": 42}");
	char auth[LOCK_AUTH_MAX], *t = (char *)"x";

	(void)state;
	assert_int_equal(lock_http_token(ok, "token", &t), 0);
	assert_string_equal(t, "abc.123");
	free(t);
	assert_int_equal(lock_http_token(evil, "token", &t), -1);
	assert_null(t);
	assert_int_equal(lock_http_token(num, "token", &t), -1);
	assert_int_equal(lock_http_token(ok, "access_token", &t), -1);
	assert_int_equal(lock_http_token(NULL, "token", &t), -1);
	assert_int_equal(lock_http_auth("Authorization: Bearer ", "abc.123", auth), 0);
	assert_string_equal(auth, "Authorization: Bearer abc.123");
	assert_int_equal(lock_http_auth("X-Auth-Token: ", "a\r\nX-Evil: 1", auth), -1);
	json_object_put(ok);
	json_object_put(evil);
	json_object_put(num);
}

/* An open command's answer, as the unlock contract reads it. */
static void open_results(void **state)
{
	(void)state;
	assert_int_equal(lock_http_open_result("t", 200), 0);
	assert_int_equal(lock_http_open_result("t", 202), 0);
	assert_int_equal(lock_http_open_result("t", 204), 0);
	assert_int_equal(lock_http_open_result("t", 401), 1);
	assert_int_equal(lock_http_open_result("t", 403), 1);
	assert_int_equal(lock_http_open_result("t", 404), 2);
	assert_int_equal(lock_http_open_result("t", 500), -1);
	assert_int_equal(lock_http_open_result("t", 302), -1);
}

/* A vendor that cannot be reached is -1 (502) for every operation, quickly. */
static void unreachable_vendor(void **state)
{
	const struct lock_adapter *ads[] = { &lock_salto_adapter, &lock_dormakaba_adapter };
	json_object *locks = NULL;
	char *token = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		/* Port 9 (discard) on loopback: nothing listens in a test box. */
		assert_int_equal(ads[i]->login("http://127.0.0.1:9/x", "u", "p", &token), -1);
		assert_null(token);
		assert_int_equal(ads[i]->list_locks("http://127.0.0.1:9/x", "t", &locks), -1);
		assert_null(locks);
		assert_int_equal(ads[i]->unlock("http://127.0.0.1:9/x", "t", "l-1"), -1);
		/* A token that could smuggle a header is never sent. */
		assert_int_equal(ads[i]->list_locks("http://127.0.0.1:9/x", "t\r\nX: 1", &locks), 1);
		assert_int_equal(ads[i]->unlock("http://127.0.0.1:9/x", "t\r\nX: 1", "l-1"), 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing_configured_nothing_offered),
		cmocka_unit_test(salto_needs_only_its_url),
		cmocka_unit_test(dormakaba_needs_url_and_switch),
		cmocka_unit_test(unknown_vendors),
		cmocka_unit_test(choices_match_adapters),
		cmocka_unit_test(escaping_and_quoting),
		cmocka_unit_test(tokens),
		cmocka_unit_test(token_from_an_answer_and_into_a_header),
		cmocka_unit_test(open_results),
		cmocka_unit_test(unreachable_vendor),
	};

	vb_log_init("test", "error");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
