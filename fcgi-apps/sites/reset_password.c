/*
 * reset_password.c - mailing the master account a new password (F14), at
 * the resident's request through the installer.  The installer never sees
 * the password: it goes only into the mail, in the site's language.
 */
#include <string.h>

#include "sites.h"

/*
 * sites_reset_password: POST /api/sites/{id}/reset-password -> 204; 404 for
 * another's site; 422 no_email when the account has no e-mail address to
 * send it to (after a reset, or a mobile-only account).  The password is
 * that of the master identity, so linked sites share the new one.
 */
int sites_reset_password(struct vb_req *req, struct vb_resp *resp)
{
	char pw[VB_GEN_PASSWORD_LEN + 1] = "";
	json_object *site = NULL, *detail = NULL;
	const char *email;
	int64_t id, ident;
	int rc, ret = -1;

	/* Locked so a concurrent reset cannot take the identity away between
	 * our read and the new password. */
	if ((rc = site_open(req, resp, "id", &id, &site)) != 0)
		return rc < 0 ? -1 : 0;
	ident = vb_row_int(site, "identity_id");
	email = vb_row_str(site, "email");
	if (ident == 0 || email == NULL || email[0] == '\0') {
		ret = vb_db_rollback(req->db) < 0 ? -1 :
			vb_err(resp, 422, "no_email", NULL,
			       "the account has no e-mail address; add one first");
		goto out;
	}
	if (identity_new_password(req, ident, pw) < 0 ||
	    resident_mail_queue(req, "password_reset", site, NULL, pw) < 0)
		goto out;
	/* Which identity, never the password. */
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "identity_id", json_object_new_int64(ident));
	rc = vb_audit(req, "site.reset_password", "site", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0 || vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_no_content(resp);
out:
	explicit_bzero(pw, sizeof pw);
	json_object_put(site);
	json_object_put(detail);
	return ret;
}
