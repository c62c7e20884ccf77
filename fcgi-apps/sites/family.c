/*
 * family.c - a site's family member accounts (F10): list, add, change,
 * delete.
 *
 * Slots: each master account has family_free free members (3) and one more
 * per Additional App entitlement bought (additional_apps).  A member records
 * which kind of slot it took (paid), and the next member takes a free slot
 * while fewer than family_free free members exist, else an entitlement not
 * yet taken; so deleting a free member frees a free slot and deleting a paid
 * one frees its entitlement, and the count of paid members never exceeds
 * the entitlements bought.  Every change takes the site row's lock first
 * (site_find with FOR UPDATE), so concurrent adds on one site are counted one
 * after the other and never exceed the slots, and a reset or delete of the
 * site cannot interleave with them.
 */
#include <stdio.h>
#include <string.h>

#include "sites.h"

/* The FAMILY object of the API, column for key, plus identity_id for our
 * own use (removed before answering). */
#define FAMILY_COLS \
	"f.id, f.site_id, f.name, f.email, f.country_code, f.mobile, " \
	"CAST(f.sip_number AS CHAR) AS sip_number, f.paid, " \
	"CAST(f.app_registered_at IS NOT NULL AS UNSIGNED) AS app_registered, " \
	"f.created_at, f.updated_at, f.identity_id"

/* member_api turns a row read with FAMILY_COLS into the API object: the
 * 0/1 expression becomes a bool, identity_id goes. */
static void member_api(json_object *m)
{
	json_object_object_add(m, "app_registered",
			       json_object_new_boolean(vb_row_int(m, "app_registered") != 0));
	json_object_object_del(m, "identity_id");
}

/*
 * member_find reads member id of site site_id of the tenant (FAMILY_COLS,
 * identity_id still in it).  *out is NULL when there is none (still 0),
 * otherwise owned by the caller.  Returns 0 or -1.
 */
static int member_find(struct vb_req *req, int64_t site_id, int64_t id, json_object **out)
{
	return vb_db_query_row(req->db, out,
			       "SELECT " FAMILY_COLS " FROM family_members f "
			       "WHERE f.installer_id = ? AND f.site_id = ? AND f.id = ?",
			       "iii", req->who.tenant_id, site_id, id);
}

/* member_not_found answers the 404 for a member id that is not one of the
 * site's (or not an id at all).  Returns 0. */
static int member_not_found(struct vb_resp *resp)
{
	return vb_err(resp, 404, "not_found", NULL, "no such family member");
}

/*
 * member_open starts the work on the member named by the path
 * (/api/sites/{id}/family/{member}): it opens a transaction, locks the site
 * (as every change of its family does) and reads the member.  Returns 0
 * with the transaction open, *site_id and *id set, and *site and *m owned by
 * the caller; 1 after answering 404 (no transaction open, nothing to free);
 * -1 on failure (nothing to free; the serve loop rolls back).
 */
static int member_open(struct vb_req *req, struct vb_resp *resp, int64_t *site_id, int64_t *id,
		       json_object **site, json_object **m)
{
	int rc;

	*m = NULL;
	*site = NULL;
	if (vb_param_id(req, "id", site_id) < 0)
		return site_not_found(resp) == 0 ? 1 : -1;
	if (vb_param_id(req, "member", id) < 0)
		return member_not_found(resp) == 0 ? 1 : -1;
	if ((rc = site_open(req, resp, "id", site_id, site)) != 0)
		return rc;
	if (member_find(req, *site_id, *id, m) < 0)
		goto fail;
	if (*m == NULL) {
		json_object_put(*site);
		*site = NULL;
		return vb_db_rollback(req->db) < 0 ? -1 : (member_not_found(resp), 1);
	}
	return 0;
fail:
	json_object_put(*site);
	*site = NULL;
	return -1;
}

/* Slots used on a site: free and paid members present. */
struct slots {
	int64_t free_used, paid_used;
};

/* slots_used counts the site's members by the kind of slot they took.
 * Returns 0 or -1. */
static int slots_used(struct vb_req *req, int64_t site_id, struct slots *s)
{
	json_object *row = NULL;

	if (vb_db_query_row(req->db, &row,
			    "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(paid), 0) AS SIGNED) AS paid_n "
			    "FROM family_members WHERE installer_id = ? AND site_id = ?",
			    "ii", req->who.tenant_id, site_id) < 0 || row == NULL) {
		json_object_put(row);
		return -1;
	}
	s->paid_used = vb_row_int(row, "paid_n");
	s->free_used = vb_row_int(row, "n") - s->paid_used;
	json_object_put(row);
	return 0;
}

/* count_sync stores the number of members present in the site row (the
 * list reads family_count; recounting keeps it exact whatever happened
 * before).  Returns 0 or -1. */
static int count_sync(struct vb_req *req, int64_t site_id)
{
	return vb_db_exec(req->db, NULL,
			  "UPDATE sites SET family_count = (SELECT COUNT(*) FROM family_members f "
			  "WHERE f.installer_id = ? AND f.site_id = ?), updated_at = UTC_TIMESTAMP(3) "
			  "WHERE installer_id = ? AND id = ?",
			  "iiii", req->who.tenant_id, site_id, req->who.tenant_id, site_id);
}

/* Left of each kind of slot: never negative, even if the allowance was
 * lowered below what is used. */
static int64_t left(int64_t have, int64_t used)
{
	return have > used ? have - used : 0;
}

/*
 * family_list: GET /api/sites/{id}/family -> 200 {"items": [FAMILY] oldest
 * first, "total", "free_left", "paid_left"}; 404 for another's site.
 */
int family_list(struct vb_req *req, struct vb_resp *resp)
{
	json_object *site = NULL, *rows = NULL, *body = NULL;
	struct slots s = { 0, 0 };
	int64_t id;
	size_t i, n;
	int ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return site_not_found(resp);
	if (vb_db_query_row(req->db, &site,
			    "SELECT family_free, additional_apps FROM sites "
			    "WHERE installer_id = ? AND id = ?",
			    "ii", req->who.tenant_id, id) < 0)
		goto out;
	if (site == NULL) {
		ret = site_not_found(resp);
		goto out;
	}
	if (vb_db_query(req->db, &rows,
			"SELECT " FAMILY_COLS " FROM family_members f "
			"WHERE f.installer_id = ? AND f.site_id = ? ORDER BY f.id",
			"ii", req->who.tenant_id, id) < 0)
		goto out;
	n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		json_object *m = json_object_array_get_idx(rows, i);

		if (vb_row_bool(m, "paid"))
			s.paid_used++;
		else
			s.free_used++;
		member_api(m);
	}
	if ((body = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(body, "items", rows);
	rows = NULL;
	json_object_object_add(body, "total", json_object_new_int64((int64_t)n));
	json_object_object_add(body, "free_left",
			       json_object_new_int64(left(vb_row_int(site, "family_free"),
							  s.free_used)));
	json_object_object_add(body, "paid_left",
			       json_object_new_int64(left(vb_row_int(site, "additional_apps"),
							  s.paid_used)));
	ret = vb_json(resp, 200, body);
	body = NULL;
out:
	json_object_put(site);
	json_object_put(rows);
	json_object_put(body);
	return ret;
}

/*
 * status_refused answers 409 when the site's account is not in use: family
 * accounts hang off an activated, unexpired master.  A site past its
 * expires_at counts as expired even before the worker marked it.  Returns 1
 * when it answered, 0 when the account is active, -1 on a database failure.
 */
static int status_refused(struct vb_req *req, struct vb_resp *resp, json_object *site,
			  int64_t id)
{
	const char *status = vb_row_str(site, "status");
	int64_t past = 0;

	if (status != NULL && strcmp(status, "inactivated") == 0) {
		vb_err(resp, 409, "account_not_active", NULL,
		       "the account is not activated yet; family members can be added once it is");
		return 1;
	}
	if (status != NULL && strcmp(status, "normal") == 0) {
		if (vb_db_query_int(req->db, &past, NULL,
				    "SELECT COUNT(*) FROM sites WHERE installer_id = ? AND id = ? "
				    "AND expires_at < UTC_TIMESTAMP(3)",
				    "ii", req->who.tenant_id, id) < 0)
			return -1;
		if (past == 0)
			return 0;
	}
	vb_err(resp, 409, "account_expired", NULL,
	       "the account has expired; renew it to add family members");
	return 1;
}

/* answer_member reads member id back, commits and answers it with status
 * (201 adds a Location).  Returns 0 or -1. */
static int answer_member(struct vb_req *req, struct vb_resp *resp, int64_t site_id,
			 int64_t id, int status)
{
	json_object *m = NULL;
	char loc[96];

	if (member_find(req, site_id, id, &m) < 0 || m == NULL || vb_db_commit(req->db) < 0) {
		json_object_put(m);
		return -1;
	}
	member_api(m);
	if (status == 201) {
		snprintf(loc, sizeof loc, "/api/sites/%lld/family/%lld", (long long)site_id,
			 (long long)id);
		vb_header(resp, "Location", loc);
	}
	return vb_json(resp, status, m);
}

/*
 * family_create: POST /api/sites/{id}/family -> 201 FAMILY.  404, 409
 * account_not_active / account_expired, 400 missing_field (no e-mail and no
 * mobile) / invalid_field (contact), 402 additional_app_required, 409
 * email_in_use.  Mails the member its login when it has an e-mail.
 */
int family_create(struct vb_req *req, struct vb_resp *resp)
{
	const char *name = vb_str(req, "name"), *email = vb_str(req, "email");
	const char *cc = vb_str(req, "country_code"), *mobile = vb_str(req, "mobile");
	char pw[VB_GEN_PASSWORD_LEN + 1] = "";
	json_object *site = NULL, *member = NULL, *detail = NULL;
	struct slots s;
	int64_t site_id, ident = 0, sip = 0, id;
	int paid, rc, ret = -1;

	/* The lock serialises adds on this site: the slot count below cannot
	 * change until we commit. */
	if ((rc = site_open(req, resp, "id", &site_id, &site)) != 0)
		return rc < 0 ? -1 : 0;
	if ((rc = status_refused(req, resp, site, site_id)) != 0) {
		ret = rc < 0 || vb_db_rollback(req->db) < 0 ? -1 : 0;
		goto out;
	}
	if ((email == NULL || email[0] == '\0') && (mobile == NULL || mobile[0] == '\0')) {
		ret = vb_db_rollback(req->db) < 0 ? -1 :
			vb_err(resp, 400, "missing_field", "email",
			       "give an e-mail address or a mobile number");
		goto out;
	}
	if (site_contact_check(req, resp, NULL) < 0) {
		ret = vb_db_rollback(req->db) < 0 ? -1 : 0;
		goto out;
	}

	if (slots_used(req, site_id, &s) < 0)
		goto out;
	if (s.free_used < vb_row_int(site, "family_free")) {
		paid = 0;
	} else if (s.paid_used < vb_row_int(site, "additional_apps")) {
		paid = 1;
	} else {
		ret = vb_db_rollback(req->db) < 0 ? -1 :
			vb_err(resp, 402, "additional_app_required", NULL,
			       "the first %lld family members are free; buy an Additional App to "
			       "add more", (long long)vb_row_int(site, "family_free"));
		goto out;
	}

	rc = identity_create(req, "family", email, cc, mobile, &ident, pw);
	if (rc != 0) {
		if (rc > 0)
			ret = vb_db_rollback(req->db) < 0 ? -1 :
				vb_err(resp, 409, "email_in_use", "email",
				       "this e-mail address is already in use");
		goto out;
	}
	/* After the identity: a taken e-mail must not cost a SIP number. */
	if (vb_sip_next(req->db, &sip) < 0)
		goto out;
	if (vb_db_exec(req->db, NULL,
		       "INSERT INTO family_members (installer_id, site_id, identity_id, name, email, "
		       "country_code, mobile, sip_number, paid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       "iiissssib", req->who.tenant_id, site_id, ident, name, email ? email : "",
		       cc ? cc : "", mobile ? mobile : "", sip, paid) < 0)
		goto out;
	id = vb_db_last_id(req->db);
	if (count_sync(req, site_id) < 0)
		goto out;

	if (member_find(req, site_id, id, &member) < 0 || member == NULL)
		goto out;
	if (resident_mail_queue(req, "family_welcome", site, member, pw) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "site_id", json_object_new_int64(site_id));
	json_object_object_add(detail, "name", json_object_new_string(name));
	json_object_object_add(detail, "sip_number", json_object_new_int64(sip));
	json_object_object_add(detail, "paid", json_object_new_boolean(paid));
	rc = vb_audit(req, "family.create", "family_member", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;

	ret = answer_member(req, resp, site_id, id, 201);
out:
	explicit_bzero(pw, sizeof pw);
	json_object_put(site);
	json_object_put(member);
	json_object_put(detail);
	return ret;
}

/* str_or returns s, or "" for NULL (the empty column value). */
static const char *str_or(const char *s)
{
	return s != NULL ? s : "";
}

/*
 * patch_value is the value a PATCH leaves in a text field: the request's
 * (null = "") when sent, else the stored one.
 */
static const char *patch_value(struct vb_req *req, json_object *row, const char *field)
{
	if (!vb_has(req, field))
		return str_or(vb_row_str(row, field));
	return str_or(vb_str(req, field));
}

/*
 * family_patch: PATCH /api/sites/{id}/family/{member} -> 200 FAMILY.  404,
 * 400 missing_field (neither e-mail nor mobile left) / invalid_field
 * (contact), 409 email_in_use.  A member that gets its first e-mail address
 * is mailed its login with a new password: it never had a way to learn the
 * one made when it was created.  No change, no write and no audit.
 */
int family_patch(struct vb_req *req, struct vb_resp *resp)
{
	static const char *const fields[] = { "name", "email", "country_code", "mobile" };
	char pw[VB_GEN_PASSWORD_LEN + 1] = "";
	json_object *site = NULL, *m = NULL, *changed = NULL, *detail = NULL, *after = NULL;
	const char *val[4], *old_email;
	int64_t site_id, id, ident;
	size_t i;
	int rc, contact = 0, ret = -1;

	rc = member_open(req, resp, &site_id, &id, &site, &m);
	if (rc != 0)
		return rc < 0 ? -1 : 0;

	if ((changed = json_object_new_array()) == NULL)
		goto out;
	for (i = 0; i < VB_NITEMS(fields); i++) {
		val[i] = patch_value(req, m, fields[i]);
		if (strcmp(val[i], str_or(vb_row_str(m, fields[i]))) != 0) {
			json_object_array_add(changed, json_object_new_string(fields[i]));
			contact |= i > 0;
		}
	}
	if (json_object_array_length(changed) == 0) {  /* nothing to change or audit */
		if (vb_db_rollback(req->db) < 0)
			goto out;
		member_api(m);
		ret = vb_json(resp, 200, m);
		m = NULL;
		goto out;
	}

	if (val[1][0] == '\0' && val[3][0] == '\0') {
		ret = vb_db_rollback(req->db) < 0 ? -1 :
			vb_err(resp, 400, "missing_field", "email",
			       "keep an e-mail address or a mobile number");
		goto out;
	}
	if (site_contact_check(req, resp, vb_row_str(m, "country_code")) < 0) {
		ret = vb_db_rollback(req->db) < 0 ? -1 : 0;
		goto out;
	}
	/* A new country code must also fit the mobile number that stays. */
	if (val[3][0] != '\0' && !vb_has(req, "mobile") &&
	    strncmp(val[3], val[2], strlen(val[2])) != 0) {
		ret = vb_db_rollback(req->db) < 0 ? -1 :
			vb_err(resp, 400, "invalid_field", "country_code",
			       "the mobile number %s does not start with this country/region code",
			       val[3]);
		goto out;
	}
	if (val[3][0] != '\0' && val[2][0] == '\0') {
		ret = vb_db_rollback(req->db) < 0 ? -1 :
			vb_err(resp, 400, "invalid_field", "country_code",
			       "choose the country/region code of the mobile number");
		goto out;
	}

	ident = vb_row_int(m, "identity_id");
	old_email = str_or(vb_row_str(m, "email"));
	if (contact) {
		rc = identity_set_contact(req, ident, val[1][0] ? val[1] : NULL, val[2], val[3]);
		if (rc != 0) {
			if (rc > 0)
				ret = vb_db_rollback(req->db) < 0 ? -1 :
					vb_err(resp, 409, "email_in_use", "email",
					       "this e-mail address is already in use");
			goto out;
		}
	}
	if (vb_db_exec(req->db, NULL,
		       "UPDATE family_members SET name = ?, email = ?, country_code = ?, mobile = ?, "
		       "updated_at = UTC_TIMESTAMP(3) WHERE installer_id = ? AND site_id = ? AND id = ?",
		       "ssssiii", val[0], val[1], val[2], val[3], req->who.tenant_id, site_id, id) < 0)
		goto out;
	if (old_email[0] == '\0' && val[1][0] != '\0') {
		if (identity_new_password(req, ident, pw) < 0 ||
		    member_find(req, site_id, id, &after) < 0 || after == NULL ||
		    resident_mail_queue(req, "family_welcome", site, after, pw) < 0)
			goto out;
	}

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "site_id", json_object_new_int64(site_id));
	json_object_object_add(detail, "fields", changed);
	changed = NULL;
	rc = vb_audit(req, "family.update", "family_member", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;

	ret = answer_member(req, resp, site_id, id, 200);
out:
	explicit_bzero(pw, sizeof pw);
	json_object_put(site);
	json_object_put(m);
	json_object_put(after);
	json_object_put(changed);
	json_object_put(detail);
	return ret;
}

/*
 * family_delete: DELETE /api/sites/{id}/family/{member} -> 204; 404.  The
 * member's slot is free again and its identity goes (with its access
 * credentials and messages, by the foreign keys).
 */
int family_delete(struct vb_req *req, struct vb_resp *resp)
{
	json_object *site = NULL, *m = NULL, *detail = NULL;
	int64_t site_id, id;
	int rc, ret = -1;

	rc = member_open(req, resp, &site_id, &id, &site, &m);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (vb_db_exec(req->db, NULL,
		       "DELETE FROM family_members WHERE installer_id = ? AND site_id = ? AND id = ?",
		       "iii", req->who.tenant_id, site_id, id) < 0 ||
	    count_sync(req, site_id) < 0 ||
	    identity_release(req, vb_row_int(m, "identity_id")) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "site_id", json_object_new_int64(site_id));
	json_object_object_add(detail, "name", json_object_new_string(str_or(vb_row_str(m, "name"))));
	json_object_object_add(detail, "sip_number",
			       json_object_new_string(str_or(vb_row_str(m, "sip_number"))));
	json_object_object_add(detail, "paid", json_object_new_boolean(vb_row_bool(m, "paid")));
	rc = vb_audit(req, "family.delete", "family_member", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0 || vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_no_content(resp);
out:
	json_object_put(site);
	json_object_put(m);
	json_object_put(detail);
	return ret;
}
