/*
 * camera_create.c - adding a third-party camera to a site (F19).
 */
#include "devices.h"

/*
 * cameras_create: POST /api/devices/cameras -> 201 CAMERA.  404 a site not
 * the tenant's, 422 premium_plan_required / no_platform_key /
 * invalid_terminal / invalid_link, 409 limit_reached.
 */
int cameras_create(struct vb_req *req, struct vb_resp *resp)
{
	int64_t site_id = vb_int(req, "site_id", 0), id, n = 0;
	const char *name = vb_str(req, "name");
	json_object *site = NULL, *detail = NULL;
	struct camera_creds c;
	int rc, ret = -1;

	if (camera_creds_read(req, resp, &c) != 0)
		return 0;
	if (vb_db_begin(req->db) < 0)
		goto out;
	/* Locked: cameras are added to one site one after the other, so the
	 * count below holds until we commit. */
	if (device_site(req, site_id, 1, &site) < 0)
		goto out;
	if (site == NULL) {
		device_not_found(resp, "site");
		ret = vb_rollback_answered(req);
		goto out;
	}
	if (!vb_row_bool(site, "premium")) {
		vb_err(resp, 422, "premium_plan_required", "site_id",
		       "third-party cameras need the site's premium plan");
		ret = vb_rollback_answered(req);
		goto out;
	}
	if ((rc = camera_rules(req, resp, site_id, &c)) != 0) {
		ret = rc < 0 ? -1 : vb_rollback_answered(req);
		goto out;
	}
	if (vb_db_query_int(req->db, &n, NULL,
			    "SELECT COUNT(*) FROM cameras WHERE installer_id = ? AND site_id = ?",
			    "ii", req->who.tenant_id, site_id) < 0)
		goto out;
	if (n >= CAMERA_MAX_PER_SITE) {
		vb_err(resp, 409, "limit_reached", "site_id",
		       "a site can have at most %d third-party cameras", CAMERA_MAX_PER_SITE);
		ret = vb_rollback_answered(req);
		goto out;
	}

	if (vb_db_exec(req->db, NULL,
		       "INSERT INTO cameras (installer_id, site_id, name, rtsp_url, username, "
		       "allow_monitoring, monitor_app, linked_device_id) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       "iisssbbI", req->who.tenant_id, site_id, name, c.p.url, c.p.user,
		       vb_bool(req, "allow_monitoring", 1), vb_bool(req, "monitor_app", 1),
		       vb_int(req, "linked_device_id", VB_DB_NULL_INT)) < 0)
		goto out;
	/* The id is in the password's AAD, so it is sealed after the insert. */
	id = vb_db_last_id(req->db);
	if (camera_store(req, id, site_id, &c) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "site_id", json_object_new_int64(site_id));
	json_object_object_add(detail, "name", json_object_new_string(name));
	json_object_object_add(detail, "rtsp_url", json_object_new_string(c.p.url));
	json_object_object_add(detail, "has_password",
			       json_object_new_boolean(c.p.password[0] != '\0'));
	rc = vb_audit(req, "camera.create", "camera", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	ret = camera_answer(req, resp, id, 201);
out:
	camera_creds_clear(&c);
	json_object_put(site);
	json_object_put(detail);
	return ret;
}
