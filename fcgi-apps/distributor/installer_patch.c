/*
 * installer_patch.c - a distributor changes one of its installers (F6): name,
 * 2FA on/off, payment permission, the account-access feature, and
 * active/disabled.
 *
 * Withdrawing the account-access feature also withdraws the installer's
 * grant and ends any switch into the account, in the same transaction, so
 * the distributor's very next request is its own again (F7).  Disabling the
 * account signs the installer out everywhere.
 */
#include <string.h>

#include "distributor.h"

/* The boolean fields of a PATCH (see patch_fields in main.c). */
static const char *const patch_bools[] = {
	"twofa_enabled", "payment_permission", "account_access_enabled",
};

/* patch_has_fields tells whether the request sets any field at all. */
static int patch_has_fields(struct vb_req *req)
{
	size_t i;

	for (i = 0; i < VB_NITEMS(patch_bools); i++)
		if (vb_has(req, patch_bools[i]))
			return 1;
	return vb_has(req, "name") || vb_has(req, "status");
}

/*
 * patch_detail builds the audit detail: the fields the request set, with
 * their new values.  Returns a new object (caller owns it), or NULL when out
 * of memory.
 */
static json_object *patch_detail(struct vb_req *req)
{
	json_object *d = json_object_new_object();
	size_t i;

	if (d == NULL)
		return NULL;
	if (vb_has(req, "name"))
		json_object_object_add(d, "name", json_object_new_string(vb_str(req, "name")));
	if (vb_has(req, "status"))
		json_object_object_add(d, "status", json_object_new_string(vb_str(req, "status")));
	for (i = 0; i < VB_NITEMS(patch_bools); i++)
		if (vb_has(req, patch_bools[i]))
			json_object_object_add(d, patch_bools[i],
					       json_object_new_boolean(vb_bool(req, patch_bools[i], 0)));
	return d;
}

/*
 * installers_patch: PATCH /api/distributor/installers/{id} -> 200 INST.
 * Fields absent keep their value; an empty body changes (and audits)
 * nothing.  404 for another distributor's installer, 422 email_required.
 */
int installers_patch(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL, *inst = NULL, *detail = NULL;
	const char *name, *status;
	int twofa, payment, access, granted, disable;
	int64_t id;
	int ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return installer_not_found(resp);
	if (!patch_has_fields(req))  /* nothing to change, nothing to audit */
		return installers_get(req, resp);
	if (vb_db_begin(req->db) < 0)
		return -1;
	/* Locked so a concurrent grant by the installer cannot slip in between
	 * our read and write and survive the feature being switched off. */
	if (installer_find(req, id, 1, &row) < 0)
		goto out;
	if (row == NULL) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = installer_not_found(resp);
		goto out;
	}

	name = vb_has(req, "name") ? vb_str(req, "name") : vb_row_str(row, "name");
	status = vb_has(req, "status") ? vb_str(req, "status") : vb_row_str(row, "status");
	twofa = vb_bool(req, "twofa_enabled", vb_row_bool(row, "twofa_enabled"));
	payment = vb_bool(req, "payment_permission", vb_row_bool(row, "payment_permission"));
	access = vb_bool(req, "account_access_enabled", vb_row_bool(row, "account_access_enabled"));
	granted = access ? vb_row_bool(row, "access_granted") : 0;
	disable = vb_has(req, "status") && strcmp(status, "disabled") == 0;

	/* The code of the second factor goes by mail. */
	if (vb_has(req, "twofa_enabled") && twofa && vb_row_str(row, "email") == NULL) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = vb_err(resp, 422, "email_required", "twofa_enabled",
			     "two-factor sign-in mails a code, so the installer needs an email address");
		goto out;
	}

	if (vb_db_exec(req->db, NULL,
		       "UPDATE accounts SET name = ?, status = ?, twofa_enabled = ?, "
		       "payment_permission = ?, account_access_enabled = ?, access_granted = ?, "
		       "updated_at = UTC_TIMESTAMP(3) "
		       "WHERE id = ? AND parent_id = ? AND role = 'installer'",
		       "ssbbbbii", name ? name : "", status ? status : "active", twofa, payment,
		       access, granted, id, req->who.account_id) < 0)
		goto out;
	/* No grant, or no account to act as: no distributor may stay inside. */
	if ((!granted || disable) &&
	    vb_db_exec(req->db, NULL,
		       "UPDATE sessions SET acting_account_id = NULL WHERE acting_account_id = ?",
		       "i", id) < 0)
		goto out;
	if (disable && vb_session_end_others(req, id, 0) < 0)
		goto out;

	detail = patch_detail(req);
	if (detail == NULL)
		goto out;
	ret = vb_audit(req, "installer.update", "account", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (ret < 0)
		goto out;
	ret = -1;

	if (installer_find(req, id, 0, &inst) < 0 || inst == NULL)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	vb_json(resp, 200, inst);
	inst = NULL;
	ret = 0;
out:
	json_object_put(row);
	json_object_put(inst);
	json_object_put(detail);
	return ret;
}
