/*
 * macrow.c - what every maclib handler shares: the caller's scope, reading
 * one MAC as the API's MACROW, the {mac} path segment and the installer
 * check.
 */
#include <string.h>

#include "maclib.h"

int maclib_is_distributor(const struct vb_req *req)
{
	return req->who.role == VB_DISTRIBUTOR;
}

int64_t maclib_scope_id(const struct vb_req *req)
{
	return maclib_is_distributor(req) ? req->who.account_id : req->who.tenant_id;
}

/* add_ref adds {"id", "name"[, "email"]} under key from the row's columns,
 * or null when the row has no id there.  Returns 0 or -1. */
static int add_ref(json_object *o, const char *key, json_object *row, const char *id_col,
		   const char *name_col, const char *email_col)
{
	json_object *ref;
	const char *name = vb_row_str(row, name_col);

	if (vb_row_int(row, id_col) == 0)
		return json_object_object_add(o, key, NULL);
	if ((ref = json_object_new_object()) == NULL)
		return -1;
	json_object_object_add(ref, "id", json_object_new_int64(vb_row_int(row, id_col)));
	json_object_object_add(ref, "name", json_object_new_string(name ? name : ""));
	if (email_col != NULL) {
		const char *email = vb_row_str(row, email_col);

		json_object_object_add(ref, "email", email ? json_object_new_string(email) : NULL);
	}
	return json_object_object_add(o, key, ref);
}

/* copy_key copies row's value under key into o (a new reference). */
static void copy_key(json_object *o, json_object *row, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(row, key, &v);
	json_object_object_add(o, key, json_object_get(v));
}

json_object *maclib_item(const struct vb_req *req, json_object *row)
{
	json_object *o = json_object_new_object();
	int dist = maclib_is_distributor(req);

	if (o == NULL)
		return NULL;
	copy_key(o, row, "mac");
	copy_key(o, row, "note");
	if (dist && add_ref(o, "installer", row, "installer_id", "installer_name",
			    "installer_email") < 0)
		goto fail;
	json_object_object_add(o, "in_use", json_object_new_boolean(vb_row_int(row, "device_id") != 0));
	/* The site is the installer's business: its distributor sees only that
	 * the MAC is in use. */
	if (dist)
		json_object_object_add(o, "site", NULL);
	else if (add_ref(o, "site", row, "site_id", "site_name", NULL) < 0)
		goto fail;
	copy_key(o, row, "created_at");
	copy_key(o, row, "assigned_at");
	return o;
fail:
	json_object_put(o);
	return NULL;
}

int maclib_find(struct vb_req *req, const char *mac, int lock, json_object **out)
{
	int64_t scope = maclib_scope_id(req);

	/* FOR UPDATE OF m alone is not MariaDB syntax; locking the joined rows
	 * too is harmless (a device row of this MAC is what we guard against). */
	if (maclib_is_distributor(req))
		return lock ? vb_db_query_row(req->db, out,
					      "SELECT " MACLIB_COLS MACLIB_FROM MACLIB_SCOPE_D
					      " AND m.mac = ? FOR UPDATE", "is", scope, mac)
			    : vb_db_query_row(req->db, out,
					      "SELECT " MACLIB_COLS MACLIB_FROM MACLIB_SCOPE_D
					      " AND m.mac = ?", "is", scope, mac);
	return lock ? vb_db_query_row(req->db, out,
				      "SELECT " MACLIB_COLS MACLIB_FROM MACLIB_SCOPE_I
				      " AND m.mac = ? FOR UPDATE", "is", scope, mac)
		    : vb_db_query_row(req->db, out,
				      "SELECT " MACLIB_COLS MACLIB_FROM MACLIB_SCOPE_I
				      " AND m.mac = ?", "is", scope, mac);
}

int maclib_installer_param(struct vb_req *req, struct vb_resp *resp, int64_t *inst)
{
	int ok;

	*inst = VB_DB_NULL_INT;
	if (!vb_has(req, "installer_id") || vb_field(req, "installer_id")->is_null)
		return 0;
	*inst = vb_int(req, "installer_id", 0);
	if ((ok = maclib_installer_ok(req, *inst)) < 0)
		return -1;
	if (ok == 0) {
		vb_err(resp, 422, "unknown_installer", "installer_id",
		       "no installer of yours has this id");
		return 1;
	}
	return 0;
}

int maclib_answer(struct vb_req *req, struct vb_resp *resp, const char *mac, int status,
		  int commit)
{
	json_object *row = NULL, *item = NULL;
	int ret = -1;

	if (maclib_find(req, mac, 0, &row) < 0 || row == NULL)
		goto out;
	if ((item = maclib_item(req, row)) == NULL)
		goto out;
	if (commit && vb_db_commit(req->db) < 0)
		goto out;
	vb_json(resp, status, item);
	item = NULL;
	ret = 0;
out:
	json_object_put(row);
	json_object_put(item);
	return ret;
}

int maclib_not_found(struct vb_resp *resp)
{
	return vb_err(resp, 404, "not_found", NULL, "no such MAC address in your library");
}

int maclib_path_mac(const struct vb_req *req, char out[13])
{
	const char *p = vb_param(req, "mac");

	if (p == NULL || vb_valid_mac(p, out) < 0)
		return -1;
	return 0;
}

int maclib_installer_ok(struct vb_req *req, int64_t id)
{
	int64_t n = 0;

	if (vb_db_query_int(req->db, &n, NULL,
			    "SELECT COUNT(*) FROM accounts WHERE id = ? AND parent_id = ? "
			    "AND role = 'installer'", "ii", id, req->who.account_id) < 0)
		return -1;
	return n > 0;
}
