/*
 * create.c - a distributor registers one MAC address (F16), optionally
 * assigned to one of its installers at once.
 */
#include "maclib.h"

/*
 * answer_registered answers the 409 for a MAC somebody registered already.
 * Whose it is is told only to its own distributor: anyone else learns no
 * more than that it is taken.  Returns 0, or -1 on a database failure.
 */
static int answer_registered(struct vb_req *req, struct vb_resp *resp, const char *mac)
{
	int64_t n = 0;

	if (vb_db_query_int(req->db, &n, NULL,
			    "SELECT COUNT(*) FROM mac_library WHERE mac = ? AND distributor_id = ?",
			    "si", mac, req->who.account_id) < 0)
		return -1;
	if (n > 0)
		return vb_err(resp, 409, "mac_in_library", "mac",
			      "this MAC address is in your library already");
	return vb_err(resp, 409, "mac_in_library", "mac", "this MAC address is already registered");
}

/* maclib_create: POST /api/maclib/macs {mac, note?, installer_id?} -> 201
 * MACROW; 409 mac_in_library, 422 unknown_installer. */
int maclib_create(struct vb_req *req, struct vb_resp *resp)
{
	const char *mac = vb_str(req, "mac"), *note = vb_str(req, "note");
	int64_t inst = VB_DB_NULL_INT, affected = 0;
	json_object *detail = NULL;
	int ok, ret = -1;

	if ((ok = maclib_installer_param(req, resp, &inst)) != 0)
		return ok < 0 ? -1 : 0;
	if (vb_db_begin(req->db) < 0)
		return -1;
	/* IGNORE turns only the duplicate into "0 rows" (the installer was
	 * checked above and accounts are never deleted), which keeps an
	 * expected conflict out of the error log. */
	if (vb_db_exec(req->db, &affected,
		       "INSERT IGNORE INTO mac_library (mac, distributor_id, installer_id, note, "
		       "assigned_at) VALUES (?, ?, ?, ?, IF(? IS NULL, NULL, UTC_TIMESTAMP(3)))",
		       "siIsI", mac, req->who.account_id, inst, note ? note : "", inst) < 0)
		goto out;
	if (affected == 0) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = answer_registered(req, resp, mac);
		goto out;
	}
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "mac", json_object_new_string(mac));
	json_object_object_add(detail, "installer_id",
			       inst != VB_DB_NULL_INT ? json_object_new_int64(inst) : NULL);
	ret = vb_audit(req, "maclib.create", "mac", vb_db_last_id(req->db), detail);
	detail = NULL;  /* consumed by vb_audit */
	if (ret < 0)
		goto out;
	ret = maclib_answer(req, resp, mac, 201, 1);
out:
	json_object_put(detail);
	return ret;
}
