/*
 * resident_mail.h - the account e-mails residents receive (welcome, family
 * welcome, password reset) in the 20 languages of site_language_choices:
 * the templates (mail_templates.c) and their pure renderer (mail_render.c),
 * kept apart from the queueing (resident_mail.c) so they are tested without
 * a database (tests/unit/test_resident_mail.c).
 *
 * A template is plain UTF-8 text with placeholders {name} ... (see
 * resident_mail_facts).  Rendering copies the template and puts each fact's
 * text in place of its placeholder, once: a fact is never read as a template
 * itself, so whatever a person typed (a name with "{password}" in it) stays
 * text.  A line whose placeholder has an empty fact is left out whole (no
 * "Phone: " line when the installer gave no phone number).
 */
#ifndef RESIDENT_MAIL_H
#define RESIDENT_MAIL_H

#include <stddef.h>

/* The facts a mail tells; every one borrowed, NULL is the same as "". */
struct resident_mail_facts {
	const char *name;          /* {name}: the addressee (master or family member) */
	const char *room;          /* {room}: the site's room name */
	const char *login;         /* {login}: the e-mail address the app signs in with */
	const char *password;      /* {password}: the generated password */
	const char *sip;           /* {sip}: the addressee's SIP number */
	const char *family_sip;    /* {family_sip}: the site's family SIP number */
	const char *master;        /* {master}: the master account's name (family mail) */
	const char *installer;     /* {installer}: the installer's name */
	const char *phone;         /* {phone}: the installer's customer-service phone */
	const char *support_email; /* {support_email}: the installer's customer-service e-mail */
};

/* One language's subject and body of one kind of mail.  The subject has no
 * placeholders: it is a header, and nothing a person typed goes there. */
struct resident_mail_template {
	const char *lang;     /* a tag of site_language_choices */
	const char *kind;     /* "welcome", "family_welcome" or "password_reset" */
	const char *subject;
	const char *body;
};

/* mail_templates.c: every template, and their number. */
extern const struct resident_mail_template resident_mail_templates[];
extern const size_t resident_mail_ntemplates;

/*
 * resident_mail_template finds the template of exactly lang and kind, or
 * returns NULL (no fallback here: the tests use it to see each language is
 * there).  The result is static.
 */
const struct resident_mail_template *resident_mail_template(const char *lang,
							    const char *kind);

/*
 * resident_mail_render renders kind ("welcome", "family_welcome",
 * "password_reset") in lang, falling back to English for a language without
 * templates (NULL too).  On success *subject and *body are new NUL-terminated
 * strings owned by the caller (free()).  Returns 0, or -1 for an unknown kind,
 * a template naming an unknown placeholder, or no memory (both outputs NULL).
 */
int resident_mail_render(const char *lang, const char *kind,
			 const struct resident_mail_facts *facts, char **subject, char **body);

#endif
