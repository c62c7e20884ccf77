/*
 * models.c - the device model catalogue (0006_device_models.sql), from
 * which the portal builds its forms: each model's type and what it can do.
 */
#include "devices.h"

/* models_list: GET /api/devices/models -> 200 {"items": [MODEL]}, ordered
 * by type (as the device list orders them) and then by the model's name
 * byte by byte, so "R20 V5.0" comes before "R20B" whatever the collation. */
int models_list(struct vb_req *req, struct vb_resp *resp)
{
	static const char *const flags[] = {
		"security_relay", "external_relay", "expansion_modules", "weather",
	};
	json_object *rows = NULL, *items = NULL, *body = NULL;
	size_t i, k, n;
	int ret = -1;

	if (vb_db_query(req->db, &rows,
			"SELECT model, type, builtin_relays AS relays, "
			"relay_access_min_firmware AS access_methods_from, security_relay, "
			"external_relay, expansion_modules, weather FROM device_models "
			"ORDER BY FIELD(type, 'door_phone', 'access_control', 'guard_phone', "
			"'indoor_monitor'), model COLLATE utf8mb4_bin", "") < 0)
		goto out;
	if ((items = json_object_new_array()) == NULL || (body = json_object_new_object()) == NULL)
		goto out;
	n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(rows, i);

		/* TINYINT(1) comes as a boolean already; say so whatever the
		 * column's width, as the contract does. */
		for (k = 0; k < VB_NITEMS(flags); k++)
			json_object_object_add(row, flags[k],
					       json_object_new_boolean(vb_row_bool(row, flags[k])));
		if (json_object_array_add(items, json_object_get(row)) < 0) {
			json_object_put(row);
			goto out;
		}
	}
	json_object_object_add(body, "items", items);
	items = NULL;
	vb_json(resp, 200, body);
	body = NULL;
	ret = 0;
out:
	json_object_put(rows);
	json_object_put(items);
	json_object_put(body);
	return ret;
}
