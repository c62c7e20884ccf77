/*
 * devrow.c - reading intercom devices as the API's DEVICE object: the row,
 * the model's capabilities, and the relays and push buttons of its type and
 * model.  Show, list, create and edit all answer through here, so a device
 * looks the same in every answer.
 */
#include <stdlib.h>
#include <string.h>

#include "devices.h"

/* The relays and buttons of a set of devices, one query each: the ids come
 * as a JSON array read by JSON_TABLE, so the statement stays one prepared
 * text for any page size.  The devices are read by their primary key (named:
 * with the tenant's condition alone the optimizer may walk all of its
 * devices), and the tenant is in the WHERE. */
#define IDS_JOIN \
	" FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) j " \
	"STRAIGHT_JOIN devices d FORCE INDEX (PRIMARY) ON d.id = j.id "
#define RELAYS_SQL \
	"SELECT r.device_id, r.kind, r.name, r.dtmf, r.access_methods, r.home_page, " \
	"r.talking_page, r.`function` AS fn" IDS_JOIN \
	"STRAIGHT_JOIN device_relays r ON r.device_id = d.id WHERE d.installer_id = ? " \
	"ORDER BY r.device_id, r.kind, r.idx"
#define BUTTONS_SQL \
	"SELECT b.device_id, b.label, b.call_target" IDS_JOIN \
	"STRAIGHT_JOIN device_buttons b ON b.device_id = d.id WHERE d.installer_id = ? " \
	"ORDER BY b.device_id, b.idx"

int device_type_is_door(const char *type)
{
	return type != NULL && strcmp(type, "indoor_monitor") != 0;
}

/* copy_key copies row's value under key into o as name (a new reference). */
static void copy_key(json_object *o, const char *name, json_object *row, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(row, key, &v);
	json_object_object_add(o, name, json_object_get(v));
}

/* str_or_null adds s under key, or null when s is NULL or "" (the schema
 * stores "unknown" and "none" as ""). */
static void str_or_null(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key,
			       s != NULL && s[0] != '\0' ? json_object_new_string(s) : NULL);
}

/* methods_array turns a SET value ("pin,face", in the SET's own order) into
 * a new array of strings; NULL when out of memory. */
static json_object *methods_array(const char *set)
{
	json_object *a = json_object_new_array();
	const char *p = set != NULL ? set : "", *e;

	if (a == NULL)
		return NULL;
	while (*p != '\0') {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		if (json_object_array_add(a, json_object_new_string_len(p, (int)(e - p))) < 0) {
			json_object_put(a);
			return NULL;
		}
		p = *e == ',' ? e + 1 : e;
	}
	return a;
}

/* capabilities builds the "capabilities" object of row.  access_methods is
 * whether the model binds methods to relays with the device's firmware as
 * known now: any firmware ("" minimum), or a known one at or above the
 * minimum. */
static json_object *capabilities(json_object *row)
{
	json_object *c = json_object_new_object(), *from = NULL;
	const char *min = vb_row_str(row, "m_access_from"), *fw = vb_row_str(row, "firmware");
	int ok = 0, cmp;

	if (c == NULL)
		return NULL;
	if (min != NULL && min[0] == '\0')
		ok = 1;
	else if (min != NULL && fw != NULL && fw[0] != '\0' && vb_fw_cmp(fw, min, &cmp) == 0)
		ok = cmp >= 0;
	json_object_object_add(c, "relays", json_object_new_int64(vb_row_int(row, "m_relays")));
	json_object_object_add(c, "access_methods", json_object_new_boolean(ok));
	json_object_object_get_ex(row, "m_access_from", &from);
	json_object_object_add(c, "access_methods_from", json_object_get(from));
	json_object_object_add(c, "security_relay",
			       json_object_new_boolean(vb_row_bool(row, "m_security_relay")));
	json_object_object_add(c, "external_relay",
			       json_object_new_boolean(vb_row_bool(row, "m_external_relay")));
	json_object_object_add(c, "expansion_modules",
			       json_object_new_boolean(vb_row_bool(row, "m_expansion")));
	return c;
}

/*
 * child_lists collects from relays (RELAYS_SQL rows) and buttons
 * (BUTTONS_SQL rows) those of device id into new arrays: its relays, its
 * external module's relays and its push buttons, each in order.  Returns 0
 * or -1.
 */
static int child_lists(int64_t id, json_object *relays, json_object *buttons, json_object *rl,
		       json_object *ext, json_object *btn)
{
	size_t i, n = json_object_array_length(relays);

	for (i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(relays, i), *o;

		if (vb_row_int(r, "device_id") != id)
			continue;
		if ((o = json_object_new_object()) == NULL)
			return -1;
		copy_key(o, "name", r, "name");
		if (strcmp(vb_row_str(r, "kind"), "relay") == 0) {
			copy_key(o, "dtmf", r, "dtmf");
			json_object_object_add(o, "access_methods",
					       methods_array(vb_row_str(r, "access_methods")));
			copy_key(o, "home_page", r, "home_page");
			copy_key(o, "talking_page", r, "talking_page");
			if (json_object_array_add(rl, o) < 0)
				goto fail;
		} else {
			copy_key(o, "function", r, "fn");
			if (json_object_array_add(ext, o) < 0)
				goto fail;
		}
		continue;
fail:
		json_object_put(o);
		return -1;
	}
	n = json_object_array_length(buttons);
	for (i = 0; i < n; i++) {
		json_object *b = json_object_array_get_idx(buttons, i), *o;

		if (vb_row_int(b, "device_id") != id)
			continue;
		if ((o = json_object_new_object()) == NULL)
			return -1;
		copy_key(o, "label", b, "label");
		copy_key(o, "call", b, "call_target");
		if (json_object_array_add(btn, o) < 0) {
			json_object_put(o);
			return -1;
		}
	}
	return 0;
}

/*
 * type_settings adds to o the keys of row's type and model: a door phone's,
 * terminal's or guard phone's monitoring, network, RTSP path and relays (and
 * a door phone's security relay), an R20K/R20B's push buttons, an indoor
 * monitor's arming, built-in and external relay.  rl, ext and btn are the
 * device's lists (consumed).  Returns 0 or -1.
 */
static int type_settings(json_object *o, json_object *row, json_object *rl, json_object *ext,
			 json_object *btn)
{
	const char *type = vb_row_str(row, "type");
	json_object *x = NULL;

	if (device_type_is_door(type)) {
		copy_key(o, "allow_monitoring", row, "allow_monitoring");
		copy_key(o, "internet_access", row, "internet_access");
		str_or_null(o, "ip", vb_row_str(row, "ip"));
		copy_key(o, "rtsp_path", row, "rtsp_path");
		json_object_object_add(o, "relays", rl);
		rl = NULL;
		if (strcmp(type, "door_phone") == 0) {
			if (vb_row_bool(row, "security_relay")) {
				if ((x = json_object_new_object()) == NULL)
					goto fail;
				copy_key(x, "name", row, "security_relay_name");
				copy_key(x, "dtmf", row, "security_relay_dtmf");
			}
			json_object_object_add(o, "security_relay", x);
			x = NULL;
		}
		if (vb_row_bool(row, "m_expansion")) {
			if (vb_row_str(row, "button_module") != NULL) {
				if ((x = json_object_new_object()) == NULL)
					goto fail;
				copy_key(x, "module", row, "button_module");
				json_object_object_add(x, "buttons", btn);
				btn = NULL;
			}
			json_object_object_add(o, "push_buttons", x);
			x = NULL;
		}
	} else {
		copy_key(o, "arming", row, "arming");
		if ((x = json_object_new_object()) == NULL)
			goto fail;
		copy_key(x, "enabled", row, "builtin_relay");
		copy_key(x, "name", row, "builtin_relay_name");
		json_object_object_add(o, "builtin_relay", x);
		x = NULL;
		if (vb_row_str(row, "ext_relay_type") != NULL) {
			if ((x = json_object_new_object()) == NULL)
				goto fail;
			copy_key(x, "type", row, "ext_relay_type");
			copy_key(x, "mode", row, "ext_relay_mode");
			str_or_null(x, "ip", vb_row_str(row, "ext_relay_ip"));
			copy_key(x, "port", row, "ext_relay_port");
			json_object_object_add(x, "relays", ext);
			ext = NULL;
		}
		json_object_object_add(o, "external_relay", x);
		x = NULL;
	}
	json_object_put(rl);
	json_object_put(ext);
	json_object_put(btn);
	return 0;
fail:
	json_object_put(rl);
	json_object_put(ext);
	json_object_put(btn);
	return -1;
}

/* device_item builds the DEVICE object of row from the device's relays and
 * buttons among all those read.  Returns a new object, or NULL. */
static json_object *device_item(json_object *row, json_object *relays, json_object *buttons)
{
	static const char *const common[] = {
		"id", "site_id", "site_name", "type", "model", "mac", "name", "sip_number",
	};
	json_object *o = json_object_new_object(), *caps;
	json_object *rl = json_object_new_array(), *ext = json_object_new_array();
	json_object *btn = json_object_new_array();
	size_t i;

	if (o == NULL || rl == NULL || ext == NULL || btn == NULL)
		goto fail;
	for (i = 0; i < VB_NITEMS(common); i++)
		copy_key(o, common[i], row, common[i]);
	str_or_null(o, "firmware", vb_row_str(row, "firmware"));
	copy_key(o, "online", row, "online");
	copy_key(o, "last_seen_at", row, "last_seen_at");
	copy_key(o, "created_at", row, "created_at");
	copy_key(o, "updated_at", row, "updated_at");
	if ((caps = capabilities(row)) == NULL)
		goto fail;
	json_object_object_add(o, "capabilities", caps);
	if (child_lists(vb_row_int(row, "id"), relays, buttons, rl, ext, btn) < 0)
		goto fail;
	if (type_settings(o, row, rl, ext, btn) < 0) {
		rl = ext = btn = NULL;  /* consumed */
		goto fail;
	}
	return o;
fail:
	json_object_put(rl);
	json_object_put(ext);
	json_object_put(btn);
	json_object_put(o);
	return NULL;
}

/* ids_json writes the ids of rows as a JSON array ("[3,7]") into a new
 * string (caller frees with free()); NULL when out of memory. */
static char *ids_json(json_object *rows)
{
	json_object *a = json_object_new_array();
	size_t i, n = json_object_array_length(rows);
	char *s = NULL;

	if (a == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (json_object_array_add(a, json_object_new_int64(vb_row_int(
			json_object_array_get_idx(rows, i), "id"))) < 0)
			goto out;
	s = strdup(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN));
out:
	json_object_put(a);
	return s;
}

int devrow_items(struct vb_req *req, json_object *rows, json_object **items)
{
	json_object *relays = NULL, *buttons = NULL, *out = json_object_new_array();
	size_t i, n = json_object_array_length(rows);
	char *ids = NULL;
	int ret = -1;

	*items = NULL;
	if (out == NULL)
		return -1;
	if (n > 0) {
		if ((ids = ids_json(rows)) == NULL)
			goto out;
		if (vb_db_query(req->db, &relays, RELAYS_SQL, "si", ids, req->who.tenant_id) < 0 ||
		    vb_db_query(req->db, &buttons, BUTTONS_SQL, "si", ids, req->who.tenant_id) < 0)
			goto out;
	}
	for (i = 0; i < n; i++) {
		json_object *it = device_item(json_object_array_get_idx(rows, i), relays, buttons);

		if (it == NULL || json_object_array_add(out, it) < 0) {
			json_object_put(it);
			goto out;
		}
	}
	*items = out;
	out = NULL;
	ret = 0;
out:
	free(ids);
	json_object_put(relays);
	json_object_put(buttons);
	json_object_put(out);
	return ret;
}

int devrow_lock(struct vb_req *req, int64_t id)
{
	int64_t site = 0, found = 0;

	if (vb_db_query_int(req->db, &site, NULL,
			    "SELECT site_id FROM devices WHERE installer_id = ? AND id = ?", "ii",
			    req->who.tenant_id, id) < 0)
		return -1;
	if (site == 0)
		return 0;
	/* A device never moves to another site, so site is still its own. */
	if (vb_db_query_int(req->db, &found, NULL,
			    "SELECT id FROM sites WHERE installer_id = ? AND id = ? "
			    "LOCK IN SHARE MODE", "ii", req->who.tenant_id, site) < 0)
		return -1;
	if (found == 0)
		return 0;
	found = 0;
	if (vb_db_query_int(req->db, &found, NULL,
			    "SELECT id FROM devices WHERE installer_id = ? AND id = ? "
			    "FOR UPDATE", "ii", req->who.tenant_id, id) < 0)
		return -1;
	return found != 0;
}

int devrow_find(struct vb_req *req, int64_t id, int lock, json_object **out)
{
	json_object *rows = NULL, *items = NULL;
	int rc, ret = -1;

	*out = NULL;
	if (lock && (rc = devrow_lock(req, id)) <= 0)
		return rc;
	if (vb_db_query(req->db, &rows,
			"SELECT " DEVROW_COLS DEVROW_FROM " WHERE d.installer_id = ? AND d.id = ?",
			"ii", req->who.tenant_id, id) < 0)
		goto out;
	if (json_object_array_length(rows) == 0) {
		ret = 0;
		goto out;
	}
	if (devrow_items(req, rows, &items) < 0)
		goto out;
	*out = json_object_get(json_object_array_get_idx(items, 0));
	ret = 0;
out:
	json_object_put(rows);
	json_object_put(items);
	return ret;
}

int devrow_answer(struct vb_req *req, struct vb_resp *resp, int64_t id, int status, int commit)
{
	json_object *dev = NULL;

	if (devrow_find(req, id, 0, &dev) < 0 || dev == NULL)
		goto fail;
	if (commit && vb_db_commit(req->db) < 0)
		goto fail;
	return vb_json(resp, status, dev);
fail:
	json_object_put(dev);
	return -1;
}
