/*
 * mail_render.c - putting the facts into a resident e-mail template
 * (contract in resident_mail.h).  Pure: no database, no I/O.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "resident_mail.h"

/* Placeholder name -> the member of the facts holding its text. */
static const struct {
	const char *name;
	size_t off;
} placeholders[] = {
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

/* A growing output string; p is NUL-terminated whenever len > 0. */
struct buf {
	char *p;
	size_t len, cap;
};

/* buf_add appends n bytes of s.  Returns 0, or -1 when out of memory. */
static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (n > (size_t)-1 / 2 - b->len)
		return -1;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/*
 * fact_of finds the placeholder whose name is the n bytes at s and points
 * *val at its text ("" for NULL).  Returns 0, or -1 for an unknown name.
 */
static int fact_of(const struct resident_mail_facts *f, const char *s, size_t n,
		   const char **val)
{
	size_t i;

	for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
		if (strlen(placeholders[i].name) == n && memcmp(placeholders[i].name, s, n) == 0) {
			const char *v = *(const char *const *)((const char *)f + placeholders[i].off);

			*val = v ? v : "";
			return 0;
		}
	}
	return -1;
}

/*
 * render_line copies the line [s, end) into out with its placeholders
 * replaced, or nothing when one of them has an empty fact.  Returns 0, or -1
 * for a malformed or unknown placeholder or no memory.
 */
static int render_line(const struct resident_mail_facts *f, const char *s, const char *end,
		       struct buf *out)
{
	const char *p, *close, *val;
	int pass;

	/* Pass 0 decides whether the line is kept; pass 1 writes it. */
	for (pass = 0; pass < 2; pass++) {
		for (p = s; p < end; p = close + 1) {
			const char *open = memchr(p, '{', (size_t)(end - p));

			if (open == NULL) {
				if (pass == 1 && buf_add(out, p, (size_t)(end - p)) < 0)
					return -1;
				break;
			}
			close = memchr(open, '}', (size_t)(end - open));
			if (close == NULL ||
			    fact_of(f, open + 1, (size_t)(close - open - 1), &val) < 0)
				return -1;
			if (pass == 0 && val[0] == '\0')
				return 0;  /* an empty fact: leave the whole line out */
			if (pass == 1 && (buf_add(out, p, (size_t)(open - p)) < 0 ||
					  buf_add(out, val, strlen(val)) < 0))
				return -1;
		}
	}
	return 0;
}

/* render copies template t into a new string *out with the facts put in.
 * Returns 0 or -1 (then *out is NULL). */
static int render(const char *t, const struct resident_mail_facts *f, char **out)
{
	struct buf b = { NULL, 0, 0 };
	const char *line = t;

	*out = NULL;
	while (*line != '\0') {
		const char *nl = strchr(line, '\n');
		const char *end = nl ? nl + 1 : line + strlen(line);

		if (render_line(f, line, end, &b) < 0) {
			free(b.p);
			return -1;
		}
		line = end;
	}
	if (b.p == NULL && buf_add(&b, "", 0) < 0)
		return -1;
	*out = b.p;
	return 0;
}

const struct resident_mail_template *resident_mail_template(const char *lang, const char *kind)
{
	size_t i;

	if (lang == NULL || kind == NULL)
		return NULL;
	for (i = 0; i < resident_mail_ntemplates; i++)
		if (strcmp(resident_mail_templates[i].lang, lang) == 0 &&
		    strcmp(resident_mail_templates[i].kind, kind) == 0)
			return &resident_mail_templates[i];
	return NULL;
}

int resident_mail_render(const char *lang, const char *kind,
			 const struct resident_mail_facts *facts, char **subject, char **body)
{
	const struct resident_mail_template *t = resident_mail_template(lang, kind);

	*subject = NULL;
	*body = NULL;
	if (t == NULL)
		t = resident_mail_template("en", kind);
	if (t == NULL)
		return -1;
	/* The subject goes through the renderer too, so a placeholder slipped
	 * into one by mistake fails the tests instead of being mailed. */
	if (render(t->subject, facts, subject) < 0)
		return -1;
	if (render(t->body, facts, body) < 0) {
		free(*subject);
		*subject = NULL;
		return -1;
	}
	return 0;
}
