/*
 * delete.c - taking a MAC out of a library (F16).  The distributor deletes
 * it from the platform (it may be registered again, by anyone); an installer
 * gives it back to its distributor (unassigned).  Either way a MAC in use
 * stays: the device must go first.
 */
#include "maclib.h"

/* maclib_delete: DELETE /api/maclib/macs/{mac} -> 204; 404 not the
 * caller's, 409 mac_in_use. */
int maclib_delete(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL, *detail = NULL;
	int dist = maclib_is_distributor(req);
	char mac[13];
	int ok, ret = -1;

	if (maclib_path_mac(req, mac) < 0)
		return maclib_not_found(resp);
	if (vb_db_begin(req->db) < 0)
		return -1;
	/* Locked: a device added with this MAC now waits for us (its foreign
	 * key check reads the row), so "not in use" holds until we commit. */
	if (maclib_find(req, mac, 1, &row) < 0)
		goto out;
	if (row == NULL || vb_row_int(row, "device_id") != 0) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = row == NULL ? maclib_not_found(resp)
				  : vb_err(resp, 409, "mac_in_use", "mac",
					   "a device uses this MAC address; delete the device first");
		goto out;
	}
	if (dist)
		ok = vb_db_exec(req->db, NULL,
				"DELETE FROM mac_library WHERE mac = ? AND distributor_id = ?", "si",
				mac, req->who.account_id);
	else
		ok = vb_db_exec(req->db, NULL,
				"UPDATE mac_library SET installer_id = NULL, assigned_at = NULL "
				"WHERE mac = ? AND installer_id = ?", "si", mac, req->who.tenant_id);
	if (ok < 0)
		goto out;
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "mac", json_object_new_string(mac));
	ok = vb_audit(req, dist ? "maclib.delete" : "maclib.remove", "mac", vb_row_int(row, "id"),
		      detail);
	detail = NULL;  /* consumed by vb_audit */
	if (ok < 0)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_no_content(resp);
out:
	json_object_put(row);
	json_object_put(detail);
	return ret;
}
