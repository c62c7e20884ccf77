/*
 * delete.c - deleting an intercom device (F18).  Its MAC becomes unused
 * (it stays in the installer's library); through the schema, its relays and
 * push buttons go, a camera linked to it is unlinked and it leaves the
 * cameras' monitoring terminals.
 */
#include "devices.h"

/* devices_delete: DELETE /api/devices/{id} -> 204, or 404 for anything
 * that is not one of the tenant's devices. */
int devices_delete(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL, *detail = NULL;
	int64_t id;
	int rc, ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "device");
	if (vb_db_begin(req->db) < 0)
		return -1;
	if ((rc = devrow_lock(req, id)) < 0 ||
	    (rc > 0 && vb_db_query_row(req->db, &row,
				       "SELECT mac, site_id FROM devices WHERE installer_id = ? "
				       "AND id = ?", "ii", req->who.tenant_id, id) < 0))
		goto out;
	if (row == NULL) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = device_not_found(resp, "device");
		goto out;
	}
	if (vb_db_exec(req->db, NULL, "DELETE FROM devices WHERE installer_id = ? AND id = ?",
		       "ii", req->who.tenant_id, id) < 0)
		goto out;
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "mac", json_object_new_string(vb_row_str(row, "mac")));
	json_object_object_add(detail, "site_id",
			       json_object_new_int64(vb_row_int(row, "site_id")));
	rc = vb_audit(req, "device.delete", "device", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_no_content(resp);
out:
	json_object_put(row);
	json_object_put(detail);
	return ret;
}
