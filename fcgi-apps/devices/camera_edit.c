/*
 * camera_edit.c - changing a third-party camera (F19).  Only the keys sent
 * change; a sent monitor_device_ids replaces the list; a request that
 * changes nothing writes and audits nothing.  While the site's premium plan
 * has lapsed, nothing changes (422) until it is back.
 */
#include <string.h>

#include "devices.h"

/* str_differs tells whether key of cam differs from s. */
static int str_differs(json_object *cam, const char *key, const char *s)
{
	const char *cur = vb_row_str(cam, key);

	return strcmp(cur != NULL ? cur : "", s) != 0;
}

/* ids_differ tells whether the sent id list (a JSON array, distinct ids)
 * names other terminals than cam's, in any order. */
static int ids_differ(json_object *cam, json_object *sent)
{
	json_object *cur = NULL;
	size_t i, j, n = json_object_array_length(sent);

	json_object_object_get_ex(cam, "monitor_device_ids", &cur);
	if (json_object_array_length(cur) != n)
		return 1;
	for (i = 0; i < n; i++) {
		int64_t id = json_object_get_int64(json_object_array_get_idx(sent, i));

		for (j = 0; j < n; j++)
			if (json_object_get_int64(json_object_array_get_idx(cur, j)) == id)
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

/*
 * changes lists in a new array (caller owns; NULL when out of memory) the
 * CAMERA keys whose value the request changes, password excepted: its
 * change is told apart (password_changed), never with a value.
 */
static json_object *changes(struct vb_req *req, json_object *cam, const struct camera_creds *c)
{
	json_object *a = json_object_new_array();
	const struct vb_val *v;
	static const char *const flags[] = { "allow_monitoring", "monitor_app" };
	size_t i;

	if (a == NULL)
		return NULL;
	if (vb_has(req, "name") && str_differs(cam, "name", vb_str(req, "name")))
		json_object_array_add(a, json_object_new_string("name"));
	if (c->set_url && str_differs(cam, "rtsp_url", c->p.url))
		json_object_array_add(a, json_object_new_string("rtsp_url"));
	if (c->set_user && str_differs(cam, "username", c->p.user))
		json_object_array_add(a, json_object_new_string("username"));
	for (i = 0; i < VB_NITEMS(flags); i++)
		if (vb_has(req, flags[i]) &&
		    vb_bool(req, flags[i], 0) != vb_row_bool(cam, flags[i]))
			json_object_array_add(a, json_object_new_string(flags[i]));
	v = vb_field(req, "monitor_device_ids");
	if (v != NULL && v->present && ids_differ(cam, (json_object *)v->list))
		json_object_array_add(a, json_object_new_string("monitor_device_ids"));
	if (vb_has(req, "linked_device_id") &&
	    vb_int(req, "linked_device_id", 0) != vb_row_int(cam, "linked_device_id"))
		json_object_array_add(a, json_object_new_string("linked_device_id"));
	return a;
}

/* patch_sent tells whether the request names any field at all. */
static int patch_sent(struct vb_req *req)
{
	static const char *const keys[] = {
		"name", "rtsp_url", "username", "password", "allow_monitoring", "monitor_app",
		"monitor_device_ids", "linked_device_id",
	};
	size_t i;

	for (i = 0; i < VB_NITEMS(keys); i++)
		if (vb_has(req, keys[i]))
			return 1;
	return 0;
}

/*
 * cameras_patch: PATCH /api/devices/cameras/{id} -> 200 CAMERA.  404 not
 * the tenant's camera, 422 premium_plan_required / no_platform_key /
 * invalid_terminal / invalid_link.
 */
int cameras_patch(struct vb_req *req, struct vb_resp *resp)
{
	json_object *site = NULL, *cam = NULL, *changed = NULL, *detail = NULL;
	int64_t id, site_id = 0;
	struct camera_creds c;
	int rc, pw_changed, ret = -1;

	memset(&c, 0, sizeof(c));
	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "camera");
	if (camera_creds_read(req, resp, &c) != 0)
		return 0;
	if (vb_db_begin(req->db) < 0)
		goto out;
	/* The site first, then the camera: the order create takes them in, so
	 * the two never wait for each other. */
	if (vb_db_query_int(req->db, &site_id, NULL,
			    "SELECT site_id FROM cameras WHERE installer_id = ? AND id = ?",
			    "ii", req->who.tenant_id, id) < 0)
		goto out;
	if (site_id > 0 && device_site(req, site_id, 1, &site) < 0)
		goto out;
	/* Locked: a delete or another edit of this camera waits for us. */
	if (site != NULL && vb_db_query_int(req->db, &site_id, NULL,
					    "SELECT site_id FROM cameras WHERE installer_id = ? "
					    "AND id = ? FOR UPDATE",
					    "ii", req->who.tenant_id, id) < 0)
		goto out;
	if (site != NULL && camera_find(req, id, &cam) < 0)
		goto out;
	if (cam == NULL) {
		device_not_found(resp, "camera");
		ret = vb_rollback_answered(req);
		goto out;
	}
	if (!vb_row_bool(site, "premium")) {
		vb_err(resp, 422, "premium_plan_required", "site_id",
		       "the site's premium plan has lapsed: its cameras cannot change until it is "
		       "renewed");
		ret = vb_rollback_answered(req);
		goto out;
	}
	if (!patch_sent(req)) {
		ret = vb_rollback_answered(req) < 0 ? -1 : vb_json(resp, 200, cam);
		cam = NULL;
		goto out;
	}
	if ((rc = camera_rules(req, resp, site_id, &c)) != 0) {
		ret = rc < 0 ? -1 : vb_rollback_answered(req);
		goto out;
	}
	if ((changed = changes(req, cam, &c)) == NULL)
		goto out;
	pw_changed = c.set_password && (c.p.password[0] != '\0' || vb_row_bool(cam, "has_password"));
	if (json_object_array_length(changed) == 0 && !pw_changed) {
		/* Nothing to write, nothing to audit. */
		ret = vb_rollback_answered(req) < 0 ? -1 : vb_json(resp, 200, cam);
		cam = NULL;
		goto out;
	}

	if (vb_db_exec(req->db, NULL,
		       "UPDATE cameras SET name = ?, rtsp_url = ?, username = ?, allow_monitoring = ?, "
		       "monitor_app = ?, linked_device_id = ?, updated_at = UTC_TIMESTAMP(3) "
		       "WHERE installer_id = ? AND id = ?",
		       "sssbbIii",
		       vb_has(req, "name") ? vb_str(req, "name") : vb_row_str(cam, "name"),
		       c.set_url ? c.p.url : vb_row_str(cam, "rtsp_url"),
		       c.set_user ? c.p.user : vb_row_str(cam, "username"),
		       vb_bool(req, "allow_monitoring", vb_row_bool(cam, "allow_monitoring")),
		       vb_bool(req, "monitor_app", vb_row_bool(cam, "monitor_app")),
		       vb_has(req, "linked_device_id")
			       ? vb_int(req, "linked_device_id", VB_DB_NULL_INT)
			       : (vb_row_int(cam, "linked_device_id") > 0
					  ? vb_row_int(cam, "linked_device_id") : VB_DB_NULL_INT),
		       req->who.tenant_id, id) < 0)
		goto out;
	if (camera_store(req, id, site_id, &c) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "fields", changed);
	changed = NULL;
	json_object_object_add(detail, "password_changed", json_object_new_boolean(pw_changed));
	rc = vb_audit(req, "camera.update", "camera", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	ret = camera_answer(req, resp, id, 200);
out:
	camera_creds_clear(&c);
	json_object_put(site);
	json_object_put(cam);
	json_object_put(changed);
	json_object_put(detail);
	return ret;
}
