/*
 * create.c - creating a single-family site and its master account (F9),
 * both steps of the portal's form in one request, with its SIP numbers
 * (F15) and, unless it joins an existing master account (linked sites,
 * F12), a new resident identity whose password goes out in the welcome mail.
 */
#include <stdio.h>
#include <string.h>

#include "sites.h"

/* The status of a new site.  This deployment has no billing yet, so a site
 * is usable from the start and never expires (expires_at NULL); the billing
 * issue makes new sites start "inactivated" until paid for. */
#define SITE_NEW_STATUS "normal"

/*
 * link_identity is rule 6 with link_existing: the master identity of this
 * installer with the request's e-mail address, locked so that a concurrent
 * delete of its last site cannot release it under us.  The site takes the
 * identity's contact copies; the request's country code and mobile must be
 * absent or equal to them (they are locked on linked sites).  Returns 0
 * with *id set, 1 after answering 422, -1 on failure.
 */
static int link_identity(struct vb_req *req, struct vb_resp *resp, const char *email,
			 json_object *st, int64_t *id)
{
	static const char *const locked[] = { "country_code", "mobile" };
	json_object *ident = NULL;
	size_t i;
	int ret = -1;

	if (vb_db_query_row(req->db, &ident,
			    "SELECT id, email, country_code, mobile FROM resident_identities "
			    "WHERE email = ? AND installer_id = ? AND kind = 'master' FOR UPDATE",
			    "si", email, req->who.tenant_id) < 0)
		goto out;
	if (ident == NULL) {
		vb_err(resp, 422, "nothing_to_link", "link_existing",
		       "no master account of yours has this e-mail address");
		ret = 1;
		goto out;
	}
	for (i = 0; i < VB_NITEMS(locked); i++) {
		const struct vb_val *v = vb_field(req, locked[i]);
		const char *have = vb_row_str(ident, locked[i]);

		if (v != NULL && v->present &&
		    strcmp(v->is_null ? "" : v->s, have != NULL ? have : "") != 0) {
			vb_err(resp, 422, "contact_locked", locked[i],
			       "a linked site keeps the master account's %s; leave it out",
			       strcmp(locked[i], "mobile") == 0 ? "mobile number"
							       : "country/region code");
			ret = 1;
			goto out;
		}
	}
	/* The copies as the identity has them (the same address may differ
	 * in case from the one typed: the key compares without case). */
	for (i = 0; i < 3; i++) {
		static const char *const keys[] = { "email", "country_code", "mobile" };
		const char *v = vb_row_str(ident, keys[i]);

		if (json_object_object_add(st, keys[i], json_object_new_string(v ? v : "")) < 0)
			goto out;
	}
	*id = vb_row_int(ident, "id");
	ret = 0;
out:
	json_object_put(ident);
	return ret;
}

/*
 * answer_taken answers the 409 for an e-mail address some resident identity
 * has; when it is one of this installer's master accounts, the message says
 * how to link the new site to it instead.  Returns 0, or -1 on failure.
 */
static int answer_taken(struct vb_req *req, struct vb_resp *resp, const char *email)
{
	int64_t n = 0;

	if (vb_db_query_int(req->db, &n, NULL,
			    "SELECT COUNT(*) FROM resident_identities "
			    "WHERE email = ? AND installer_id = ? AND kind = 'master'",
			    "si", email, req->who.tenant_id) < 0)
		return -1;
	if (n > 0)
		return vb_err(resp, 409, "email_in_use", "email",
			      "this e-mail address is the master account of another of your sites; "
			      "set link_existing to link this site to it");
	return vb_err(resp, 409, "email_in_use", "email",
		      "this e-mail address is already used by a resident account");
}

/*
 * sites_create: POST /api/sites -> 201 SITE with Location.  Rules 1-5 are
 * site_settings_resolve's; then, in one transaction: the master identity
 * (new, or linked), the SIP numbers, the row and its settings, the audit
 * row and the welcome mail.
 */
int sites_create(struct vb_req *req, struct vb_resp *resp)
{
	const char *email = vb_str(req, "email");
	int link = vb_bool(req, "link_existing", 0);
	json_object *st = NULL, *site = NULL, *detail = NULL;
	char pw[VB_GEN_PASSWORD_LEN + 1] = "";
	char location[64];
	int64_t identity = 0, id, family_sip, sip;
	int rc, ret = -1;

	/* The route marks e-mail required but nullable (PATCH removes it with
	 * null); a new site must have one. */
	if (email == NULL)
		return vb_err(resp, 400, "missing_field", "email", "is required");
	rc = site_settings_resolve(req, resp, NULL, &st);
	if (rc != 0)
		return rc < 0 ? -1 : 0;

	if (vb_db_begin(req->db) < 0)
		goto out;
	if (link)
		rc = link_identity(req, resp, email, st, &identity);
	else
		rc = identity_create(req, "master", email, vb_row_str(st, "country_code"),
				     vb_row_str(st, "mobile"), &identity, pw);
	if (rc < 0)
		goto out;
	if (rc == 1) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		/* A new identity's unique key decided: the address is taken
		 * (link_identity has answered already). */
		if (!link && answer_taken(req, resp, email) < 0)
			goto out;
		ret = 0;
		goto out;
	}

	/* F15: from the platform-wide sequence, never reused. */
	if (vb_sip_next(req->db, &family_sip) < 0 || vb_sip_next(req->db, &sip) < 0)
		goto out;
	if (vb_db_exec(req->db, NULL,
		       "INSERT INTO sites (installer_id, identity_id, name, time_zone, status, "
		       "expires_at, family_sip_number, sip_number) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
		       "iisssii", req->who.tenant_id, identity, vb_row_str(st, "name"),
		       vb_row_str(st, "time_zone"), SITE_NEW_STATUS, family_sip, sip) < 0)
		goto out;
	id = vb_db_last_id(req->db);
	if (site_settings_store(req, id, NULL, st) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "linked", json_object_new_boolean(link));
	rc = vb_audit(req, "site.create", "site", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;

	if (site_find(req, id, 0, &site) < 0 || site == NULL)
		goto out;
	/* A linked site's resident already has a login: nothing new to tell. */
	if (!link && resident_mail_queue(req, "welcome", site, NULL, pw) < 0)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	snprintf(location, sizeof(location), "/api/sites/%lld", (long long)id);
	vb_header(resp, "Location", location);
	vb_json(resp, 201, site);
	site = NULL;
	ret = 0;
out:
	explicit_bzero(pw, sizeof(pw));
	json_object_put(st);
	json_object_put(site);
	json_object_put(detail);
	return ret;
}
