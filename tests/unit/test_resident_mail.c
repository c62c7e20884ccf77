/* Unit tests of the resident account e-mails (fcgi-apps/sites/mail_render.c
 * and mail_templates.c): every language the API accepts renders every kind
 * of mail with every fact in it and no placeholder left, tells the same
 * facts as English in its own words, and a person's text is never read as a
 * template. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vestibule.h"
#include "sites.h"
#include "resident_mail.h"

static const char *const kinds[] = { "welcome", "family_welcome", "password_reset" };

/* The same facts for every mail; each distinct so its presence proves it. */
static const struct resident_mail_facts facts = {
	.name = "Ana Kowalski-Øster",
	.room = "Ryan's Home 7B",
	.login = "ana.resident@example.org",
	.password = "Xk7mPq2wRt9vBn4s",
	.sip = "6100000123",
	.family_sip = "6100000042",
	.master = "Ryan Master",
	.installer = "Bright Doors Ltd",
	.phone = "+442071234567",
	.support_email = "help@brightdoors.example",
};

/* The facts each kind must tell (placeholder names). */
static int kind_tells(const char *kind, const char *ph)
{
	if (strcmp(kind, "password_reset") == 0)
		return strcmp(ph, "room") != 0 && strcmp(ph, "sip") != 0 &&
		       strcmp(ph, "family_sip") != 0 && strcmp(ph, "master") != 0;
	if (strcmp(kind, "welcome") == 0)
		return strcmp(ph, "master") != 0;
	return 1;
}

static const struct {
	const char *ph;
	size_t off;
} fact_list[] = {
	{ "name", offsetof(struct resident_mail_facts, name) },
	{ "room", offsetof(struct resident_mail_facts, room) },
	{ "login", offsetof(struct resident_mail_facts, login) },
	{ "password", offsetof(struct resident_mail_facts, password) },
	{ "sip", offsetof(struct resident_mail_facts, sip) },
	{ "family_sip", offsetof(struct resident_mail_facts, family_sip) },
	{ "master", offsetof(struct resident_mail_facts, master) },
	{ "installer", offsetof(struct resident_mail_facts, installer) },
	{ "phone", offsetof(struct resident_mail_facts, phone) },
	{ "support_email", offsetof(struct resident_mail_facts, support_email) },
};

static const char *fact_text(const struct resident_mail_facts *f, size_t i)
{
	return *(const char *const *)((const char *)f + fact_list[i].off);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* placeholders writes the sorted, "|"-joined placeholder names of t into out
 * (a name used twice counts twice). */
static void placeholders(const char *t, char *out, size_t outlen)
{
	char names[32][32];
	size_t n = 0, i, len = 0;
	const char *p = t;

	while ((p = strchr(p, '{')) != NULL) {
		const char *close = strchr(p, '}');
		size_t k;

		assert_non_null(close);
		k = (size_t)(close - p - 1);
		assert_true(n < 32 && k < sizeof names[0]);
		memcpy(names[n], p + 1, k);
		names[n++][k] = '\0';
		p = close + 1;
	}
	qsort(names, n, sizeof names[0], cmp_name);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t k = strlen(names[i]);

		assert_true(len + k + 2 < outlen);
		memcpy(out + len, names[i], k);
		len += k;
		out[len++] = '|';
		out[len] = '\0';
	}
}

static void every_language_has_every_kind(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; site_language_choices[i] != NULL; i++)
		for (k = 0; k < VB_NITEMS(kinds); k++) {
			const struct resident_mail_template *t =
				resident_mail_template(site_language_choices[i], kinds[k]);

			if (t == NULL)
				fail_msg("no %s mail in %s", kinds[k], site_language_choices[i]);
		}
	assert_int_equal(i, 20);
	assert_int_equal(resident_mail_ntemplates, 20 * VB_NITEMS(kinds));
}

static void every_fact_rendered_nothing_left(void **state)
{
	size_t i, k, j;

	(void)state;
	for (i = 0; site_language_choices[i] != NULL; i++) {
		const char *lang = site_language_choices[i];

		for (k = 0; k < VB_NITEMS(kinds); k++) {
			char *subject = NULL, *body = NULL;
			size_t ncp;

			assert_int_equal(resident_mail_render(lang, kinds[k], &facts, &subject, &body),
					 0);
			for (j = 0; j < VB_NITEMS(fact_list); j++) {
				int want = kind_tells(kinds[k], fact_list[j].ph);
				int has = strstr(body, fact_text(&facts, j)) != NULL;

				if (want != has)
					fail_msg("%s %s: fact {%s} %s", lang, kinds[k], fact_list[j].ph,
						 want ? "missing" : "should not be told");
			}
			if (strpbrk(body, "{}") != NULL || strpbrk(subject, "{}\r\n") != NULL)
				fail_msg("%s %s: placeholder or line break left", lang, kinds[k]);
			assert_true(subject[0] != '\0');
			assert_true(strlen(subject) <= 255);  /* mail_outbox.subject */
			assert_int_equal(vb_valid_utf8(subject, strlen(subject), &ncp), 0);
			assert_int_equal(vb_valid_utf8(body, strlen(body), &ncp), 0);
			assert_non_null(strstr(body, facts.password));
			free(subject);
			free(body);
		}
	}
}

static void translations_tell_the_same_facts_in_other_words(void **state)
{
	char want[512], got[512];
	size_t i, k;

	(void)state;
	for (k = 0; k < VB_NITEMS(kinds); k++) {
		const struct resident_mail_template *en = resident_mail_template("en", kinds[k]);

		assert_non_null(en);
		placeholders(en->body, want, sizeof want);
		for (i = 0; site_language_choices[i] != NULL; i++) {
			const char *lang = site_language_choices[i];
			const struct resident_mail_template *t = resident_mail_template(lang, kinds[k]);

			placeholders(t->body, got, sizeof got);
			if (strcmp(want, got) != 0)
				fail_msg("%s %s: placeholders %s, English has %s", lang, kinds[k], got,
					 want);
			placeholders(t->subject, got, sizeof got);
			assert_string_equal(got, "");
			if (strcmp(lang, "en") != 0 &&
			    (strcmp(t->subject, en->subject) == 0 || strcmp(t->body, en->body) == 0))
				fail_msg("%s %s: not translated", lang, kinds[k]);
		}
	}
}

static void empty_facts_leave_their_line_out(void **state)
{
	struct resident_mail_facts f = facts;
	char *subject = NULL, *body = NULL;

	(void)state;
	f.phone = "";
	f.room = NULL;
	assert_int_equal(resident_mail_render("de", "welcome", &f, &subject, &body), 0);
	assert_null(strstr(body, "Telefon"));
	assert_null(strstr(body, "Zuhause"));
	assert_non_null(strstr(body, "E-Mail: help@brightdoors.example\n"));
	assert_non_null(strstr(body, "Passwort: Xk7mPq2wRt9vBn4s\n"));
	assert_non_null(strstr(body, "Hallo Ana Kowalski-Øster,\n"));
	free(subject);
	free(body);
}

static void facts_are_text_not_templates(void **state)
{
	struct resident_mail_facts f = facts;
	char *subject = NULL, *body = NULL;

	(void)state;
	f.name = "{password} %s%n {";
	assert_int_equal(resident_mail_render("en", "password_reset", &f, &subject, &body), 0);
	assert_non_null(strstr(body, "Hello {password} %s%n {,\n"));
	/* the password is told once, on its own line, not through the name */
	assert_non_null(strstr(body, facts.password));
	assert_null(strstr(strstr(body, facts.password) + 1, facts.password));
	free(subject);
	free(body);
}

static void unknown_language_falls_back_to_english(void **state)
{
	char *subject = NULL, *body = NULL;

	(void)state;
	assert_int_equal(resident_mail_render("xx", "welcome", &facts, &subject, &body), 0);
	assert_string_equal(subject, resident_mail_template("en", "welcome")->subject);
	free(subject);
	free(body);
	assert_int_equal(resident_mail_render(NULL, "welcome", &facts, &subject, &body), 0);
	free(subject);
	free(body);
	assert_int_equal(resident_mail_render("en", "nonsense", &facts, &subject, &body), -1);
	assert_null(subject);
	assert_null(body);
}

static void right_to_left_and_cjk_render(void **state)
{
	char *subject = NULL, *body = NULL;

	(void)state;
	assert_int_equal(resident_mail_render("he", "family_welcome", &facts, &subject, &body), 0);
	assert_non_null(strstr(body, "בעל החשבון: Ryan Master\n"));
	free(subject);
	free(body);
	assert_int_equal(resident_mail_render("zh-Hant", "welcome", &facts, &subject, &body), 0);
	assert_non_null(strstr(body, "家庭 SIP 號碼：6100000042\n"));
	free(subject);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_language_has_every_kind),
		cmocka_unit_test(every_fact_rendered_nothing_left),
		cmocka_unit_test(translations_tell_the_same_facts_in_other_words),
		cmocka_unit_test(empty_facts_leave_their_line_out),
		cmocka_unit_test(facts_are_text_not_templates),
		cmocka_unit_test(unknown_language_falls_back_to_english),
		cmocka_unit_test(right_to_left_and_cjk_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
