/*
 * resident_mail.c - queueing the account e-mails residents receive, in the
 * site's language (contract in sites.h).  The texts and their rendering are
 * in mail_templates.c and mail_render.c; this file gathers the facts (the
 * site, the member, the installer) and hands the result to the outbox.
 */
#include <stdlib.h>
#include <string.h>

#include "sites.h"
#include "resident_mail.h"

/*
 * installer_contact reads whom a resident asks for help: the installer's
 * name and customer-service phone and e-mail (installer_settings), with the
 * installer's own e-mail and username standing in for what is not set.
 * *out is owned by the caller.  Returns 0 or -1.
 */
static int installer_contact(struct vb_req *req, json_object **out)
{
	if (vb_db_query_row(req->db, out,
			    "SELECT a.name, COALESCE(a.email, '') AS email, "
			    "COALESCE(a.username, '') AS username, "
			    "COALESCE(s.customer_service_phone, '') AS phone, "
			    "COALESCE(s.customer_service_email, '') AS cs_email "
			    "FROM accounts a LEFT JOIN installer_settings s ON s.installer_id = a.id "
			    "WHERE a.id = ?",
			    "i", req->who.tenant_id) < 0)
		return -1;
	return *out != NULL ? 0 : -1;
}

/* first_set returns the first of a, b, c that is not empty ("" if none). */
static const char *first_set(const char *a, const char *b, const char *c)
{
	if (a != NULL && a[0] != '\0')
		return a;
	if (b != NULL && b[0] != '\0')
		return b;
	return c != NULL ? c : "";
}

int resident_mail_queue(struct vb_req *req, const char *kind, json_object *site,
			json_object *member, const char *pw)
{
	struct resident_mail_facts f;
	json_object *inst = NULL, *who = member ? member : site;
	const char *to = vb_row_str(who, "email");
	char *subject = NULL, *body = NULL;
	int ret = -1;

	if (to == NULL || to[0] == '\0')
		return 0;  /* no address, no mail: the contract */
	if (pw == NULL || pw[0] == '\0')
		return -1;  /* every kind tells a password; a caller forgot it */
	if (installer_contact(req, &inst) < 0)
		goto out;

	memset(&f, 0, sizeof f);
	f.name = vb_row_str(who, "name");
	f.room = vb_row_str(site, "room_name");
	f.login = to;
	f.password = pw;
	f.sip = vb_row_str(who, "sip_number");
	f.family_sip = vb_row_str(site, "family_sip_number");
	f.master = member ? vb_row_str(site, "name") : NULL;
	f.phone = vb_row_str(inst, "phone");
	f.support_email = first_set(vb_row_str(inst, "cs_email"), vb_row_str(inst, "email"), "");
	/* Without a name the installer is known by its e-mail line; the
	 * username stands in only when there is no address at all. */
	f.installer = first_set(vb_row_str(inst, "name"),
				f.support_email[0] ? "" : vb_row_str(inst, "username"), "");

	if (resident_mail_render(vb_row_str(site, "language"), kind, &f, &subject, &body) < 0)
		goto out;
	ret = vb_mail_queue(req->db, to, subject, body, kind);
out:
	/* The body holds the clear password: do not leave it in freed memory. */
	if (body != NULL)
		explicit_bzero(body, strlen(body));
	free(body);
	free(subject);
	json_object_put(inst);
	return ret;
}
