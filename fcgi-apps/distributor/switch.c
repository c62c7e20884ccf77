/*
 * switch.c - a distributor acts inside one of its installers' accounts to
 * support it, and comes back (F7).
 *
 * The switch lives on the distributor's session (sessions.acting_account_id):
 * while it lasts, requests carry the installer as account and role and the
 * distributor as actor, so audit rows name both.  It is allowed only while
 * the distributor has enabled the account-access feature and the installer
 * has granted access; withdrawing either clears acting_account_id at once
 * (installer_patch.c here, the installer's settings in the auth area).
 */
#include <string.h>

#include "distributor.h"

/* commit_and_answer_me builds the ME object of the request's (new)
 * principal inside the open transaction, then commits and answers 200 with
 * it: a failure cannot answer 500 for a switch that was made.  Returns 0 or
 * -1 (the transaction is then rolled back by the serve loop). */
static int commit_and_answer_me(struct vb_req *req, struct vb_resp *resp)
{
	json_object *me = NULL;

	if (vb_account_me(req, &me) < 0)
		return -1;
	if (vb_db_commit(req->db) < 0) {
		json_object_put(me);
		return -1;
	}
	return vb_json(resp, 200, me);
}

/*
 * installers_switch: POST /api/distributor/installers/{id}/switch -> 200 ME
 * of the installer; 404 when not this distributor's installer, 403
 * access_not_granted unless feature on, grant given and account active.
 */
int installers_switch(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL;
	int64_t id;
	int ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return installer_not_found(resp);
	if (vb_db_begin(req->db) < 0)
		return -1;
	/* FOR UPDATE: an installer withdrawing the grant right now updates this
	 * row and then clears the switches into it; locking makes that run after
	 * our commit, so it also clears the switch we are making. */
	if (vb_db_query_row(req->db, &row,
			    "SELECT account_access_enabled, access_granted, status FROM accounts "
			    "WHERE id = ? AND parent_id = ? AND role = 'installer' FOR UPDATE",
			    "ii", id, req->who.account_id) < 0)
		goto out;
	if (row == NULL || !vb_row_bool(row, "account_access_enabled") ||
	    !vb_row_bool(row, "access_granted") || vb_row_str(row, "status") == NULL ||
	    strcmp(vb_row_str(row, "status"), "active") != 0) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		if (row == NULL)
			ret = installer_not_found(resp);
		else
			ret = vb_err(resp, 403, "access_not_granted", NULL,
				     "the installer has not granted access to the account");
		goto out;
	}
	if (vb_session_switch(req, id) < 0)
		goto out;
	/* req->who now has the installer as account and us as actor. */
	if (vb_audit(req, "distributor.switch", "account", id, NULL) < 0)
		goto out;
	ret = commit_and_answer_me(req, resp);
out:
	json_object_put(row);
	return ret;
}

/* switch_back: POST /api/distributor/switch-back -> 200 ME of the
 * distributor; 409 not_switched when the session acts as itself. */
int switch_back(struct vb_req *req, struct vb_resp *resp)
{
	int64_t installer = req->who.account_id;

	if (req->who.actor_id == req->who.account_id)
		return vb_err(resp, 409, "not_switched", NULL,
			      "this session is not switched into another account");
	if (vb_db_begin(req->db) < 0)
		return -1;
	/* Written while still switched so the row names both identities. */
	if (vb_audit(req, "distributor.switch_back", "account", installer, NULL) < 0)
		return -1;
	if (vb_session_switch(req, 0) < 0)
		return -1;
	return commit_and_answer_me(req, resp);
}
