/*
 * store.c - writing a device's state (settings.c) to its row and to its
 * relay and push-button rows.
 */
#include <string.h>

#include "devices.h"

/* get returns o's value under key (borrowed), NULL when null or absent. */
static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

/* methods_set joins an access_methods array into a SET value ("pin,face").
 * The choices are six short words, so out (64 bytes) always holds them. */
static void methods_set(json_object *methods, char out[64])
{
	size_t i, n = methods != NULL ? json_object_array_length(methods) : 0, len = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(methods, i));
		size_t k = strlen(s);

		if (len + k + 2 > 64)
			break;
		if (len > 0)
			out[len++] = ',';
		memcpy(out + len, s, k + 1);
		len += k;
	}
}

/*
 * The relay and button rows are written key by key: an upsert for each
 * position of the new list and a delete by the full primary key for each
 * position the old list (cur, read under the device's row lock) had beyond
 * it.  A DELETE of the whole list would lock the index gap next to it,
 * which a neighbouring device's rows share, and two devices gaining their
 * first rows at once would deadlock on each other's gap.  Child rows have
 * no installer of their own: they are written through their device's row,
 * with the tenant in its WHERE.
 */

/* list_len is the length of array a (0 for NULL). */
static size_t list_len(json_object *a)
{
	return a != NULL ? json_object_array_length(a) : 0;
}

/* drop_relays deletes relays from..to (1-based, inclusive) of kind of
 * device id.  Returns 0 or -1. */
static int drop_relays(struct vb_req *req, int64_t id, const char *kind, size_t from, size_t to)
{
	for (; from <= to; from++)
		if (vb_db_exec(req->db, NULL,
			       "DELETE r FROM device_relays r JOIN devices d ON d.id = r.device_id "
			       "WHERE d.installer_id = ? AND r.device_id = ? AND r.kind = ? "
			       "AND r.idx = ?",
			       "iisi", req->who.tenant_id, id, kind, (int64_t)from) < 0)
			return -1;
	return 0;
}

/*
 * store_relays writes the relays of device id, numbered from 1 in order:
 * those of a door phone, terminal or guard phone ("relay") and those of an
 * indoor monitor's external module ("external"), from st over cur's (NULL
 * for a new device).  Returns 0 or -1.
 */
static int store_relays(struct vb_req *req, int64_t id, json_object *cur, json_object *st)
{
	json_object *relays = get(st, "relays"), *ext = get(get(st, "external_relay"), "relays");
	size_t i, n = list_len(relays), m = list_len(ext);

	for (i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(relays, i);
		char methods[64];

		methods_set(get(r, "access_methods"), methods);
		if (vb_db_exec(req->db, NULL,
			       "INSERT INTO device_relays (device_id, kind, idx, name, dtmf, "
			       "access_methods, home_page, talking_page) SELECT id, 'relay', "
			       "?, ?, ?, ?, ?, ? FROM devices WHERE id = ? AND installer_id = ? "
			       "ON DUPLICATE KEY UPDATE name = VALUES(name), dtmf = VALUES(dtmf), "
			       "access_methods = VALUES(access_methods), "
			       "home_page = VALUES(home_page), talking_page = VALUES(talking_page)",
			       "isssbbii", (int64_t)i + 1, vb_row_str(r, "name"),
			       vb_row_str(r, "dtmf"), methods, vb_row_bool(r, "home_page"),
			       vb_row_bool(r, "talking_page"), id, req->who.tenant_id) < 0)
			return -1;
	}
	for (i = 0; i < m; i++) {
		json_object *r = json_object_array_get_idx(ext, i);

		if (vb_db_exec(req->db, NULL,
			       "INSERT INTO device_relays (device_id, kind, idx, name, `function`) "
			       "SELECT id, 'external', ?, ?, ? FROM devices WHERE id = ? AND "
			       "installer_id = ? ON DUPLICATE KEY UPDATE name = VALUES(name), "
			       "`function` = VALUES(`function`)",
			       "issii", (int64_t)i + 1, vb_row_str(r, "name"),
			       vb_row_str(r, "function"), id, req->who.tenant_id) < 0)
			return -1;
	}
	if (drop_relays(req, id, "relay", n + 1, list_len(get(cur, "relays"))) < 0 ||
	    drop_relays(req, id, "external", m + 1,
			list_len(get(get(cur, "external_relay"), "relays"))) < 0)
		return -1;
	return 0;
}

/* store_buttons writes the push buttons of device id from st over cur's,
 * as store_relays does.  Returns 0 or -1. */
static int store_buttons(struct vb_req *req, int64_t id, json_object *cur, json_object *st)
{
	json_object *buttons = get(get(st, "push_buttons"), "buttons");
	size_t i, n = list_len(buttons), old = list_len(get(get(cur, "push_buttons"), "buttons"));

	for (i = 0; i < n; i++) {
		json_object *b = json_object_array_get_idx(buttons, i);

		if (vb_db_exec(req->db, NULL,
			       "INSERT INTO device_buttons (device_id, idx, label, call_target) "
			       "SELECT id, ?, ?, ? FROM devices WHERE id = ? AND installer_id = ? "
			       "ON DUPLICATE KEY UPDATE label = VALUES(label), "
			       "call_target = VALUES(call_target)",
			       "issii", (int64_t)i + 1, vb_row_str(b, "label"),
			       vb_row_str(b, "call"), id, req->who.tenant_id) < 0)
			return -1;
	}
	for (i = n + 1; i <= old; i++)
		if (vb_db_exec(req->db, NULL,
			       "DELETE b FROM device_buttons b JOIN devices d ON d.id = b.device_id "
			       "WHERE d.installer_id = ? AND b.device_id = ? AND b.idx = ?",
			       "iii", req->who.tenant_id, id, (int64_t)i) < 0)
			return -1;
	return 0;
}

/* or_empty returns s, or "" for NULL: the schema stores "none" as "". */
static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

int device_settings_store(struct vb_req *req, int64_t id, json_object *cur, json_object *st)
{
	json_object *sr = get(st, "security_relay"), *br = get(st, "builtin_relay");
	json_object *ext = get(st, "external_relay"), *push = get(st, "push_buttons");
	const char *path = vb_row_str(st, "rtsp_path");
	/* The types without a setting keep the schema's defaults for it. */
	int door = json_object_object_get_ex(st, "relays", NULL);
	int64_t port = get(ext, "port") != NULL ? vb_row_int(ext, "port") : VB_DB_NULL_INT;

	/* A new row keeps updated_at = created_at, as its INSERT set them. */
	if (vb_db_exec(req->db, NULL,
		       "UPDATE devices SET model_id = ?, mac = ?, name = ?, firmware = ?, "
		       "allow_monitoring = ?, internet_access = ?, ip = ?, rtsp_path = ?, "
		       "security_relay = ?, security_relay_name = ?, security_relay_dtmf = ?, "
		       "arming = ?, builtin_relay = ?, builtin_relay_name = ?, "
		       "ext_relay_type = ?, ext_relay_mode = ?, ext_relay_ip = ?, "
		       "ext_relay_port = ?, button_module = ?, "
		       "updated_at = IF(?, updated_at, UTC_TIMESTAMP(3)) "
		       "WHERE id = ? AND installer_id = ?",
		       "isssbbssbssbbssssIsbii", vb_row_int(st, "model_id"), vb_row_str(st, "mac"),
		       vb_row_str(st, "name"), or_empty(vb_row_str(st, "firmware")),
		       door ? vb_row_bool(st, "allow_monitoring") : 1,
		       door ? vb_row_bool(st, "internet_access") : 1,
		       or_empty(vb_row_str(st, "ip")), path != NULL ? path : "/live/ch00_0",
		       sr != NULL, or_empty(vb_row_str(sr, "name")),
		       or_empty(vb_row_str(sr, "dtmf")),
		       vb_row_bool(st, "arming"), vb_row_bool(br, "enabled"),
		       or_empty(vb_row_str(br, "name")), vb_row_str(ext, "type"),
		       vb_row_str(ext, "mode"), or_empty(vb_row_str(ext, "ip")), port,
		       vb_row_str(push, "module"), cur == NULL, id, req->who.tenant_id) < 0)
		/* Another device took the MAC since device_mac_check. */
		return vb_db_errno(req->db) == VB_DB_ER_DUP_ENTRY ? 1 : -1;
	if ((cur == NULL || !json_object_equal(get(cur, "relays"), get(st, "relays")) ||
	     !json_object_equal(get(get(cur, "external_relay"), "relays"), get(ext, "relays"))) &&
	    store_relays(req, id, cur, st) < 0)
		return -1;
	if ((cur == NULL || !json_object_equal(get(get(cur, "push_buttons"), "buttons"),
					       get(push, "buttons"))) &&
	    store_buttons(req, id, cur, st) < 0)
		return -1;
	return 0;
}
