/*
 * camera_delete.c - removing a third-party camera (F19).  Works whatever
 * the site's plan: an installer can always clean up.  Its terminal rows go
 * with it (cascade).
 */
#include "devices.h"

/* cameras_delete: DELETE /api/devices/cameras/{id} -> 204, or 404 for
 * anything that is not one of the tenant's cameras. */
int cameras_delete(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL, *detail = NULL;
	int64_t id;
	int rc, ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "camera");
	if (vb_db_begin(req->db) < 0)
		return -1;
	if (vb_db_query_row(req->db, &row,
			    "SELECT site_id, name, rtsp_url FROM cameras WHERE installer_id = ? "
			    "AND id = ? FOR UPDATE",
			    "ii", req->who.tenant_id, id) < 0)
		goto out;
	if (row == NULL) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = device_not_found(resp, "camera");
		goto out;
	}
	if (vb_db_exec(req->db, NULL, "DELETE FROM cameras WHERE installer_id = ? AND id = ?",
		       "ii", req->who.tenant_id, id) < 0)
		goto out;
	/* What it was, so the audit trail can tell which camera went. */
	detail = row;
	row = NULL;
	rc = vb_audit(req, "camera.delete", "camera", id, detail);
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
