/*
 * privacy.c - the privacy-policy gate (F3) and the Service Provider
 * Information that end users see in their own privacy policy.
 */
#include <string.h>
#include "auth.h"

/* current_policy reads the newest policy (latest published, ties: latest
 * id) into *row, NULL when there is none; owned by the caller. */
static int current_policy(struct vb_db *db, json_object **row)
{
	return vb_db_query_row(db, row,
		"SELECT id, version, title, body, published_at FROM privacy_policies"
		" ORDER BY published_at DESC, id DESC LIMIT 1", "");
}

/*
 * auth_privacy_get: GET /api/auth/privacy (public) -> the newest policy and,
 * for a signed-in caller, when they accepted that version (else null).
 */
int auth_privacy_get(struct vb_req *req, struct vb_resp *resp)
{
	json_object *pol = NULL, *acc = NULL, *o, *v;
	int rc = -1;

	if (current_policy(req->db, &pol) != 0)
		goto out;
	if (pol == NULL) {
		rc = vb_err(resp, 404, "not_found", NULL, "No privacy policy has been published.");
		goto out;
	}
	if (req->who.account_id > 0 &&
	    vb_db_query_row(req->db, &acc,
		"SELECT accepted_at FROM privacy_acceptances WHERE account_id = ? AND policy_id = ?",
		"ii", req->who.account_id, vb_row_int(pol, "id")) != 0)
		goto out;
	o = json_object_new_object();
	json_object_object_add(o, "version", json_object_get(json_object_object_get(pol, "version")));
	json_object_object_add(o, "title", json_object_get(json_object_object_get(pol, "title")));
	json_object_object_add(o, "body", json_object_get(json_object_object_get(pol, "body")));
	json_object_object_add(o, "published_at",
			       json_object_get(json_object_object_get(pol, "published_at")));
	v = acc != NULL ? json_object_object_get(acc, "accepted_at") : NULL;
	json_object_object_add(o, "accepted_at", json_object_get(v));
	rc = vb_json(resp, 200, o);
out:
	json_object_put(pol);
	json_object_put(acc);
	return rc;
}

/*
 * auth_privacy_post: POST /api/auth/privacy {version, agree}.  Only at the
 * privacy step or once signed in (a newer policy can be agreed to later).
 * Agreeing records the acceptance and moves on; disagreeing ends the login.
 */
int auth_privacy_post(struct vb_req *req, struct vb_resp *resp)
{
	json_object *pol = NULL, *detail;
	const char *version = vb_str(req, "version");
	enum vb_stage next = req->who.stage;
	int agree = vb_bool(req, "agree", 0), rc = -1;

	if (req->who.stage != VB_STAGE_PRIVACY && req->who.stage != VB_STAGE_DONE)
		return auth_wrong_stage(resp);
	if (vb_db_begin(req->db) != 0 || current_policy(req->db, &pol) != 0)
		goto out;
	if (pol == NULL || strcmp(vb_row_str(pol, "version") ? vb_row_str(pol, "version") : "",
				  version) != 0) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 409, "policy_changed", "version",
			    "The privacy policy has changed. Please read the current version.");
		goto out;
	}
	detail = json_object_new_object();
	json_object_object_add(detail, "version", json_object_new_string(version));
	if (!agree) {
		if (vb_audit(req, "privacy.decline", "privacy_policy", vb_row_int(pol, "id"),
			     detail) != 0 ||
		    vb_session_destroy(req, resp) != 0 || vb_db_commit(req->db) != 0)
			goto out;
		rc = vb_json(resp, 200, auth_stage_body("signed_out"));
		goto out;
	}
	/* A repeated agreement keeps the first acceptance time. */
	if (vb_db_exec(req->db, NULL,
		"INSERT INTO privacy_acceptances (account_id, policy_id, ip) VALUES (?, ?, ?)"
		" ON DUPLICATE KEY UPDATE accepted_at = accepted_at",
		"iis", req->who.account_id, vb_row_int(pol, "id"),
		req->remote_addr != NULL ? req->remote_addr : "") != 0) {
		json_object_put(detail);
		goto out;
	}
	if (vb_audit(req, "privacy.accept", "privacy_policy", vb_row_int(pol, "id"), detail) != 0)
		goto out;
	if (req->who.stage == VB_STAGE_PRIVACY &&
	    auth_stage_advance(req, VB_STAGE_PRIVACY, &next) != 0)
		goto out;
	if (vb_db_commit(req->db) != 0)
		goto out;
	rc = vb_json(resp, 200, auth_stage_body(vb_stage_name(next)));
out:
	json_object_put(pol);
	return rc;
}

/* The Service Provider Information fields, in table and answer order. */
static const char *const provider_cols[] = {
	"company_name", "contact_name", "email", "phone", "address", "website", NULL
};

/* provider_read returns the account's Service Provider Information with ""
 * for every field not yet filled in; *out owned by the caller. */
static int provider_read(struct vb_req *req, json_object **out)
{
	json_object *row = NULL, *o;

	if (vb_db_query_row(req->db, &row,
		"SELECT company_name, contact_name, email, phone, address, website"
		" FROM service_provider_info WHERE account_id = ?", "i", req->who.account_id) != 0)
		return -1;
	o = json_object_new_object();
	for (size_t i = 0; provider_cols[i] != NULL; i++) {
		const char *s = row != NULL ? vb_row_str(row, provider_cols[i]) : NULL;

		json_object_object_add(o, provider_cols[i], json_object_new_string(s ? s : ""));
	}
	json_object_put(row);
	*out = o;
	return 0;
}

/* provider_stage_ok: the form comes after Agree (F3), so a session that has
 * only passed the password (2FA or the policy still due) neither reads nor
 * writes what residents will be shown. */
static int provider_stage_ok(const struct vb_req *req)
{
	return req->who.stage >= VB_STAGE_EMAIL;
}

/* auth_provider_get: GET /api/auth/service-provider. */
int auth_provider_get(struct vb_req *req, struct vb_resp *resp)
{
	json_object *o;

	if (!provider_stage_ok(req))
		return auth_wrong_stage(resp);
	if (provider_read(req, &o) != 0)
		return -1;
	return vb_json(resp, 200, o);
}

/*
 * auth_provider_put: PUT /api/auth/service-provider.  Every field is
 * optional: a field sent replaces the stored value (null or "" clears it),
 * a field left out keeps it.
 */
int auth_provider_put(struct vb_req *req, struct vb_resp *resp)
{
	json_object *cur = NULL, *o, *detail;
	const char *v[6], *email = vb_str(req, "email"), *phone = vb_str(req, "phone");
	char email_norm[VB_NORM_MAX];
	int64_t locked;
	int rc = -1;

	if (!provider_stage_ok(req))
		return auth_wrong_stage(resp);
	if (email != NULL && *email != '\0') {
		if (vb_valid_email(email, email_norm) != 0)
			return vb_err(resp, 400, "invalid_field", "email",
				      "must be an e-mail address");
		email = email_norm;
	}
	if (phone != NULL && *phone != '\0' && vb_valid_phone(phone) != 0)
		return vb_err(resp, 400, "invalid_field", "phone",
			      "must be a phone number with its country code, like +4930123456");
	if (vb_db_begin(req->db) != 0)
		goto out;
	/* Lock the row (when there is one) so two saves do not interleave. */
	if (vb_db_query_int(req->db, &locked, NULL,
		"SELECT account_id FROM service_provider_info WHERE account_id = ? FOR UPDATE", "i",
		req->who.account_id) != 0 || provider_read(req, &cur) != 0)
		goto out;
	detail = json_object_new_array();
	for (size_t i = 0; provider_cols[i] != NULL; i++) {
		const struct vb_val *f = vb_field(req, provider_cols[i]);

		if (f != NULL && f->present) {
			v[i] = f->is_null ? "" : strcmp(provider_cols[i], "email") == 0 ? email : f->s;
			json_object_array_add(detail, json_object_new_string(provider_cols[i]));
		} else {
			v[i] = vb_row_str(cur, provider_cols[i]);
		}
	}
	if (vb_db_exec(req->db, NULL,
		"INSERT INTO service_provider_info"
		" (account_id, company_name, contact_name, email, phone, address, website)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
		" company_name = VALUES(company_name), contact_name = VALUES(contact_name),"
		" email = VALUES(email), phone = VALUES(phone), address = VALUES(address),"
		" website = VALUES(website), updated_at = UTC_TIMESTAMP(3)",
		"issssss", req->who.account_id, v[0], v[1], v[2], v[3], v[4], v[5]) != 0) {
		json_object_put(detail);
		goto out;
	}
	o = json_object_new_object();
	json_object_object_add(o, "fields", detail);
	if (vb_audit(req, "service_provider.update", "account", req->who.account_id, o) != 0 ||
	    vb_db_commit(req->db) != 0)
		goto out;
	for (size_t i = 0; provider_cols[i] != NULL; i++)
		json_object_object_add(cur, provider_cols[i], json_object_new_string(v[i]));
	rc = vb_json(resp, 200, cur);
	cur = NULL;
out:
	json_object_put(cur);
	return rc;
}
