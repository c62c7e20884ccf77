/*
 * stage.c - the order of the login steps, kept in one place so login, 2FA,
 * the privacy gate and e-mail confirmation can never disagree about it.
 */
#include <string.h>
#include "auth.h"

/*
 * auth_stage_from: see auth.h.  One query reads the three facts the steps
 * depend on; "newest policy" is the latest published (ties: latest id), and
 * an empty policy table means there is nothing to agree to.
 */
int auth_stage_from(struct vb_db *db, int64_t account_id, enum vb_stage from,
		    enum vb_stage *out)
{
	json_object *row = NULL;
	int rc = -1;

	if (vb_db_query_row(db, &row,
		"SELECT a.twofa_enabled AS twofa,"
		" (a.email IS NULL OR a.email_confirmed = 0) AS need_email,"
		" (NOT EXISTS (SELECT 1 FROM privacy_policies)"
		"  OR EXISTS (SELECT 1 FROM privacy_acceptances pa"
		"   WHERE pa.account_id = a.id AND pa.policy_id ="
		"    (SELECT p.id FROM privacy_policies p"
		"     ORDER BY p.published_at DESC, p.id DESC LIMIT 1))) AS accepted"
		" FROM accounts a WHERE a.id = ?", "i", account_id) != 0)
		goto out;
	if (row == NULL)
		goto out;

	if (from <= VB_STAGE_2FA && vb_row_bool(row, "twofa"))
		*out = VB_STAGE_2FA;
	else if (from <= VB_STAGE_PRIVACY && vb_row_int(row, "accepted") == 0)
		*out = VB_STAGE_PRIVACY;
	else if (from <= VB_STAGE_EMAIL && vb_row_int(row, "need_email") != 0)
		*out = VB_STAGE_EMAIL;
	else
		*out = VB_STAGE_DONE;
	rc = 0;
out:
	json_object_put(row);
	return rc;
}

/* auth_stage_advance: see auth.h.  Steps are passed in order, so the next
 * one is searched from the step right after `done`. */
int auth_stage_advance(struct vb_req *req, enum vb_stage done, enum vb_stage *next)
{
	enum vb_stage from = done == VB_STAGE_DONE ? VB_STAGE_DONE : (enum vb_stage)(done + 1);

	if (auth_stage_from(req->db, req->who.account_id, from, next) != 0)
		return -1;
	if (*next != req->who.stage && vb_session_set_stage(req, *next) != 0)
		return -1;
	return 0;
}

/* auth_stage_body: see auth.h. */
json_object *auth_stage_body(const char *stage_name)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "stage", json_object_new_string(stage_name));
	return o;
}

/* auth_wrong_stage: see auth.h. */
int auth_wrong_stage(struct vb_resp *resp)
{
	return vb_err(resp, 409, "wrong_stage", NULL,
		      "This step does not apply to the current sign-in stage.");
}

/* auth_tenant_of: see auth.h. */
int64_t auth_tenant_of(const char *role, int64_t id, int64_t parent_id)
{
	if (role != NULL && (strcmp(role, "installer") == 0 || strcmp(role, "distributor") == 0))
		return id;
	return parent_id;
}
