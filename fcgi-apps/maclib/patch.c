/*
 * patch.c - a distributor assigns one of its MACs to an installer, takes it
 * back (installer_id null), or changes its note (F16).  A MAC in use stays
 * with the installer whose device carries it.
 */
#include <string.h>

#include "maclib.h"

/* maclib_patch: PATCH /api/maclib/macs/{mac} {installer_id?, note?} -> 200
 * MACROW; 404 not the caller's, 422 unknown_installer, 409 mac_in_use. */
int maclib_patch(struct vb_req *req, struct vb_resp *resp)
{
	const struct vb_val *iv = vb_field(req, "installer_id");
	int set_inst = iv != NULL && iv->present;
	int64_t inst = set_inst && !iv->is_null ? iv->i : VB_DB_NULL_INT, cur;
	const char *note;
	json_object *row = NULL, *detail = NULL;
	char mac[13];
	int ok, moved, ret = -1;

	if (maclib_path_mac(req, mac) < 0)
		return maclib_not_found(resp);
	if (!set_inst && !vb_has(req, "note"))  /* nothing to change, nothing to audit */
		return maclib_answer(req, resp, mac, 200, 0);
	if (vb_db_begin(req->db) < 0)
		return -1;
	if (maclib_find(req, mac, 1, &row) < 0)
		goto out;
	if (row == NULL) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = maclib_not_found(resp);
		goto out;
	}
	if (inst != VB_DB_NULL_INT) {
		if ((ok = maclib_installer_ok(req, inst)) < 0)
			goto out;
		if (ok == 0) {
			if (vb_db_rollback(req->db) < 0)
				goto out;
			ret = vb_err(resp, 422, "unknown_installer", "installer_id",
				     "no installer of yours has this id");
			goto out;
		}
	}
	cur = vb_row_int(row, "installer_id");
	if (cur == 0)
		cur = VB_DB_NULL_INT;
	moved = set_inst && cur != inst;
	if (moved && vb_row_int(row, "device_id") != 0) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = vb_err(resp, 409, "mac_in_use", "mac",
			     "a device uses this MAC address; delete the device first");
		goto out;
	}
	note = vb_has(req, "note") ? vb_str(req, "note") : vb_row_str(row, "note");
	if (!set_inst)
		inst = cur;
	/* assigned_at is when it came to its present installer. */
	if (vb_db_exec(req->db, NULL,
		       "UPDATE mac_library SET installer_id = ?, note = ?, "
		       "assigned_at = IF(?, IF(? IS NULL, NULL, UTC_TIMESTAMP(3)), assigned_at) "
		       "WHERE mac = ? AND distributor_id = ?",
		       "Isbisi", inst, note ? note : "", moved, inst, mac, req->who.account_id) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "mac", json_object_new_string(mac));
	if (set_inst) {
		json_object_object_add(detail, "from",
				       cur != VB_DB_NULL_INT ? json_object_new_int64(cur) : NULL);
		json_object_object_add(detail, "to",
				       inst != VB_DB_NULL_INT ? json_object_new_int64(inst) : NULL);
	}
	if (vb_has(req, "note"))
		json_object_object_add(detail, "note", json_object_new_string(note ? note : ""));
	ok = vb_audit(req, "maclib.assign", "mac", vb_row_int(row, "id"), detail);
	detail = NULL;  /* consumed by vb_audit */
	if (ok < 0)
		goto out;
	ret = maclib_answer(req, resp, mac, 200, 1);
out:
	json_object_put(row);
	json_object_put(detail);
	return ret;
}
