/*
 * edit.c - changing a site's account or settings (F12).  The rules are
 * create's, applied to the state the request leaves (site_settings.c); the
 * e-mail address, mobile number and country code belong to the master
 * identity, which several sites may share (then they are locked), and a
 * site without one (after a reset) gets a new one with its first e-mail.
 */
#include <string.h>

#include "sites.h"

/* The contact fields, copied on the site from its master identity. */
static const char *const contact_keys[] = { "email", "country_code", "mobile" };

/* changed_has tells whether key is in changed (site_settings_changed). */
static int changed_has(json_object *changed, const char *key)
{
	size_t i, n = json_object_array_length(changed);

	for (i = 0; i < n; i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(changed, i)), key) == 0)
			return 1;
	return 0;
}

/* empty_null maps "" (the site's copy of "none") to NULL for the identity. */
static const char *empty_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/*
 * contact_apply carries a change of e-mail, mobile or country code to the
 * master identity.  With an identity: locked first, so no site links to it
 * between our count and our write, then 422 contact_locked when it serves
 * more than this site, else updated (409 email_in_use when the address is
 * taken).  Without one (after a reset) and with an e-mail now: a new master
 * identity, its password in pw for the welcome mail.  Returns 0, 1 after
 * answering 4xx, -1 on failure.
 */
static int contact_apply(struct vb_req *req, struct vb_resp *resp, int64_t site_id,
			 json_object *cur, json_object *st, json_object *changed,
			 char pw[VB_GEN_PASSWORD_LEN + 1])
{
	int64_t identity = vb_row_int(cur, "identity_id"), n = 0;
	const char *email = vb_row_str(st, "email");
	const char *cc = vb_row_str(st, "country_code"), *mobile = vb_row_str(st, "mobile");
	json_object *row = NULL;
	size_t i;
	int rc;

	if (identity > 0) {
		if (vb_db_query_row(req->db, &row,
				    "SELECT id FROM resident_identities WHERE id = ? AND installer_id = ? "
				    "FOR UPDATE",
				    "ii", identity, req->who.tenant_id) < 0)
			return -1;
		json_object_put(row);
		if (identity_site_count(req, identity, &n) < 0)
			return -1;
		for (i = 0; n > 1 && i < VB_NITEMS(contact_keys); i++) {
			if (!changed_has(changed, contact_keys[i]))
				continue;
			vb_err(resp, 422, "contact_locked", contact_keys[i],
			       "the master account serves %lld sites, so its e-mail, mobile "
			       "number and country/region code cannot change", (long long)n);
			return 1;
		}
		rc = identity_set_contact(req, identity, empty_null(email), cc, mobile);
	} else {
		if (empty_null(email) == NULL)
			return 0;  /* no login without an address: only the copies */
		rc = identity_create(req, "master", email, cc, mobile, &identity, pw);
		if (rc == 0 && vb_db_exec(req->db, NULL,
					  "UPDATE sites SET identity_id = ? WHERE id = ? AND "
					  "installer_id = ?",
					  "iii", identity, site_id, req->who.tenant_id) < 0)
			return -1;
	}
	if (rc == 1)
		vb_err(resp, 409, "email_in_use", "email",
		       "this e-mail address is already used by a resident account");
	return rc;
}

/*
 * sites_patch: PATCH /api/sites/{id} -> 200 SITE.  Absent fields keep their
 * value; a request that changes nothing writes and audits nothing.  404 for
 * anything that is not one of the tenant's sites.
 */
int sites_patch(struct vb_req *req, struct vb_resp *resp)
{
	json_object *cur = NULL, *st = NULL, *changed = NULL, *site = NULL, *detail = NULL;
	char pw[VB_GEN_PASSWORD_LEN + 1] = "";
	int64_t id;
	size_t i;
	int rc, contact = 0, ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return site_not_found(resp);
	if (!vb_fields_sent(req))
		return sites_get(req, resp);
	/* Locked: two edits of one site apply one after the other, each to
	 * the state the other left. */
	if ((rc = site_open(req, resp, "id", &id, &cur)) != 0)
		return rc < 0 ? -1 : 0;
	rc = site_settings_resolve(req, resp, cur, &st);
	if (rc != 0) {
		if (rc > 0 && vb_db_rollback(req->db) < 0)
			goto out;
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if ((changed = site_settings_changed(cur, st)) == NULL)
		goto out;
	if (json_object_array_length(changed) == 0) {
		/* Nothing to write, nothing to audit. */
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = vb_json(resp, 200, cur);
		cur = NULL;
		goto out;
	}
	for (i = 0; i < VB_NITEMS(contact_keys); i++)
		contact |= changed_has(changed, contact_keys[i]);
	if (contact) {
		rc = contact_apply(req, resp, id, cur, st, changed, pw);
		if (rc != 0) {
			if (rc > 0 && vb_db_rollback(req->db) < 0)
				goto out;
			ret = rc < 0 ? -1 : 0;
			goto out;
		}
	}
	if (site_settings_store(req, id, cur, st) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "fields", changed);
	changed = NULL;
	rc = vb_audit(req, "site.update", "site", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;

	if (site_find(req, id, 0, &site) < 0 || site == NULL)
		goto out;
	/* A new master account (the first e-mail after a reset): its login. */
	if (pw[0] != '\0' && resident_mail_queue(req, "welcome", site, NULL, pw) < 0)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	vb_json(resp, 200, site);
	site = NULL;
	ret = 0;
out:
	explicit_bzero(pw, sizeof(pw));
	json_object_put(cur);
	json_object_put(st);
	json_object_put(changed);
	json_object_put(site);
	json_object_put(detail);
	return ret;
}
