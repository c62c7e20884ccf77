/*
 * site.c - what every kind of device needs from its site.
 */
#include "devices.h"

int device_site(struct vb_req *req, int64_t id, int lock, json_object **out)
{
	json_object *row = NULL;

	*out = NULL;
	if (vb_db_query_row(req->db, &row,
			    lock ? "SELECT id, name, (premium_plan = 1 AND (premium_expires_at IS NULL "
				   "OR premium_expires_at > UTC_TIMESTAMP(3))) AS premium "
				   "FROM sites WHERE installer_id = ? AND id = ? FOR UPDATE"
				 : "SELECT id, name, (premium_plan = 1 AND (premium_expires_at IS NULL "
				   "OR premium_expires_at > UTC_TIMESTAMP(3))) AS premium "
				   "FROM sites WHERE installer_id = ? AND id = ?",
			    "ii", req->who.tenant_id, id) < 0)
		return -1;
	if (row == NULL)
		return 0;
	/* A 0/1 expression is an integer to the connector; the API says bool. */
	json_object_object_add(row, "premium",
			       json_object_new_boolean(vb_row_int(row, "premium") != 0));
	*out = row;
	return 0;
}

int device_not_found(struct vb_resp *resp, const char *what)
{
	return vb_err(resp, 404, "not_found", NULL, "no such %s", what);
}
