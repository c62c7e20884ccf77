/*
 * delete.c - deleting a site (F14): the row and, through the schema's
 * cascades, its family members, access credentials, door and call logs,
 * messages, alarms and video models; then the resident identities nothing
 * uses any more.  Its Additional App entitlements go with it, and its SIP
 * numbers are never handed out again (the sequence does not go back).
 */
#include "sites.h"

/*
 * release_all releases every identity in rows (objects with "identity_id"),
 * after the rows that used them are gone.  Returns 0 or -1.
 */
static int release_all(struct vb_req *req, json_object *rows)
{
	size_t i, n = json_object_array_length(rows);

	for (i = 0; i < n; i++) {
		int64_t id = vb_row_int(json_object_array_get_idx(rows, i), "identity_id");

		if (id > 0 && identity_release(req, id) < 0)
			return -1;
	}
	return 0;
}

/* sites_delete: DELETE /api/sites/{id} -> 204, or 404 for anything that is
 * not one of the tenant's sites. */
int sites_delete(struct vb_req *req, struct vb_resp *resp)
{
	json_object *site = NULL, *members = NULL, *detail = NULL;
	int64_t id, master;
	int rc, ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return site_not_found(resp);
	if (vb_db_begin(req->db) < 0)
		return -1;
	/* Locked first, like every change of a site, so a family member being
	 * added right now is either in the list below or never made. */
	if (vb_db_query_row(req->db, &site,
			    "SELECT id, identity_id, name, CAST(sip_number AS CHAR) AS sip_number, "
			    "CAST(family_sip_number AS CHAR) AS family_sip_number, family_count "
			    "FROM sites WHERE installer_id = ? AND id = ? FOR UPDATE",
			    "ii", req->who.tenant_id, id) < 0)
		goto out;
	if (site == NULL) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = site_not_found(resp);
		goto out;
	}
	if (vb_db_query(req->db, &members,
			"SELECT identity_id FROM family_members WHERE installer_id = ? AND site_id = ?",
			"ii", req->who.tenant_id, id) < 0)
		goto out;
	if (vb_db_exec(req->db, NULL, "DELETE FROM sites WHERE installer_id = ? AND id = ?", "ii",
		       req->who.tenant_id, id) < 0)
		goto out;
	/* A master identity linked to other sites stays for them. */
	master = vb_row_int(site, "identity_id");
	if ((master > 0 && identity_release(req, master) < 0) || release_all(req, members) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "name", json_object_new_string(vb_row_str(site, "name")));
	json_object_object_add(detail, "sip_number",
			       json_object_new_string(vb_row_str(site, "sip_number")));
	json_object_object_add(detail, "family_sip_number",
			       json_object_new_string(vb_row_str(site, "family_sip_number")));
	json_object_object_add(detail, "family_members",
			       json_object_new_int64((int64_t)json_object_array_length(members)));
	rc = vb_audit(req, "site.delete", "site", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_no_content(resp);
out:
	json_object_put(site);
	json_object_put(members);
	json_object_put(detail);
	return ret;
}
