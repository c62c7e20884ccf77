/*
 * edit.c - changing an intercom device (F18).  The rules are create's,
 * applied to the state the request leaves (settings.c); a device stays on
 * its site and keeps its type, and may change its model to another of the
 * same type and its MAC to another unused one of the library (the old one
 * becomes unused).
 */
#include <string.h>

#include "devices.h"

/* mac_change adds {"from", "to"} under "mac" to detail when the MAC changed
 * (a MAC is what ties a device in the field to its row). */
static void mac_change(json_object *detail, const char *from, const char *to)
{
	json_object *m;

	if (strcmp(from, to) == 0 || (m = json_object_new_object()) == NULL)
		return;
	json_object_object_add(m, "from", json_object_new_string(from));
	json_object_object_add(m, "to", json_object_new_string(to));
	json_object_object_add(detail, "mac", m);
}

/*
 * devices_patch: PATCH /api/devices/{id} -> 200 DEVICE.  Absent fields keep
 * their value; a request that changes nothing writes and audits nothing.
 * 404 for anything that is not one of the tenant's devices.
 */
int devices_patch(struct vb_req *req, struct vb_resp *resp)
{
	json_object *cur = NULL, *st = NULL, *changed = NULL, *detail = NULL;
	const char *mac, *old;
	int64_t id;
	int rc, ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "device");
	if (!vb_fields_sent(req))
		return devices_get(req, resp);
	if (vb_db_begin(req->db) < 0)
		return -1;
	/* Locked: two edits of one device apply one after the other, each to
	 * the state the other left. */
	if (devrow_find(req, id, 1, &cur) < 0)
		goto out;
	rc = 1;
	if (cur == NULL)
		device_not_found(resp, "device");
	else
		rc = device_settings_resolve(req, resp, vb_row_str(cur, "type"), cur, &st);
	if (rc != 0)
		goto answered;
	if ((changed = device_settings_changed(cur, st)) == NULL)
		goto out;
	if (json_object_array_length(changed) == 0) {
		/* Nothing to write, nothing to audit. */
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = vb_json(resp, 200, cur);
		cur = NULL;
		goto out;
	}
	/* 8. A new MAC, from the library and unused. */
	mac = vb_row_str(st, "mac");
	old = vb_row_str(cur, "mac");
	if (strcmp(mac, old) != 0 && (rc = device_mac_check(req, resp, mac, id)) != 0)
		goto answered;
	if ((rc = device_settings_store(req, id, cur, st)) != 0) {
		if (rc > 0)
			device_mac_in_use(resp);
		goto answered;
	}

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	mac_change(detail, old, mac);
	json_object_object_add(detail, "fields", changed);
	changed = NULL;
	rc = vb_audit(req, "device.update", "device", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	ret = devrow_answer(req, resp, id, 200, 1);
	goto out;
answered:
	/* rc 1: a 4xx is in resp, nothing may stay written. */
	if (rc > 0 && vb_db_rollback(req->db) == 0)
		ret = 0;
out:
	json_object_put(cur);
	json_object_put(st);
	json_object_put(changed);
	json_object_put(detail);
	return ret;
}
