/*
 * settings.c - the account's own settings: Settings > Notification (e-mail
 * address and notifications, F4) and Settings > Account for installers
 * (Permission Granted and Installer App account, F7).
 */
#include <string.h>
#include <strings.h>
#include "auth.h"

/* notification_body builds the Settings > Notification object; the pending
 * address is the newest unused, unexpired confirmation.  *out owned by the
 * caller. */
static int notification_body(struct vb_req *req, json_object **out)
{
	json_object *row = NULL, *o;

	if (vb_db_query_row(req->db, &row,
		"SELECT a.email, a.email_confirmed, a.notifications_enabled,"
		" (SELECT c.email FROM email_confirmations c WHERE c.account_id = a.id"
		"  AND c.used_at IS NULL AND c.expires_at > UTC_TIMESTAMP(3)"
		"  ORDER BY c.id DESC LIMIT 1) AS pending_email"
		" FROM accounts a WHERE a.id = ?", "i", req->who.account_id) != 0)
		return -1;
	if (row == NULL)
		return -1;
	o = json_object_new_object();
	json_object_object_add(o, "email", json_object_get(json_object_object_get(row, "email")));
	json_object_object_add(o, "email_confirmed",
			       json_object_new_boolean(vb_row_bool(row, "email_confirmed")));
	json_object_object_add(o, "pending_email",
			       json_object_get(json_object_object_get(row, "pending_email")));
	json_object_object_add(o, "notifications_enabled",
			       json_object_new_boolean(vb_row_bool(row, "notifications_enabled")));
	json_object_put(row);
	*out = o;
	return 0;
}

/* auth_notification_get: GET /api/auth/settings/notification. */
int auth_notification_get(struct vb_req *req, struct vb_resp *resp)
{
	json_object *o;

	if (notification_body(req, &o) != 0)
		return -1;
	return vb_json(resp, 200, o);
}

/*
 * auth_notification_put: PUT /api/auth/settings/notification {email?,
 * notifications_enabled?}.  notifications_enabled is stored at once; a new
 * address only starts a confirmation (as POST /api/auth/email does) and
 * shows as pending_email until its link is followed.  Sending the current,
 * confirmed address changes nothing.
 */
int auth_notification_put(struct vb_req *req, struct vb_resp *resp)
{
	const char *email = vb_has(req, "email") ? vb_str(req, "email") : NULL;
	json_object *row = NULL, *detail = NULL, *o;
	const char *cur;
	int refused = 0, changed = 0, rc = -1;

	if (vb_db_begin(req->db) != 0)
		goto out;
	if (vb_db_query_row(req->db, &row,
		"SELECT email, email_confirmed FROM accounts WHERE id = ? FOR UPDATE", "i",
		req->who.account_id) != 0 || row == NULL)
		goto out;
	detail = json_object_new_object();
	cur = vb_row_str(row, "email");
	if (email != NULL && !(cur != NULL && vb_row_bool(row, "email_confirmed") &&
			       strcasecmp(cur, email) == 0)) {
		if (auth_email_request(req, resp, req->who.account_id, email, &refused) != 0)
			goto out;
		if (refused) {
			rc = vb_db_rollback(req->db);
			goto out;
		}
		json_object_object_add(detail, "email_requested", json_object_new_string(email));
		changed = 1;
	}
	if (vb_has(req, "notifications_enabled")) {
		int on = vb_bool(req, "notifications_enabled", 1);

		if (vb_db_exec(req->db, NULL,
			"UPDATE accounts SET notifications_enabled = ?, updated_at = UTC_TIMESTAMP(3)"
			" WHERE id = ?", "bi", on, req->who.account_id) != 0)
			goto out;
		json_object_object_add(detail, "notifications_enabled", json_object_new_boolean(on));
		changed = 1;
	}
	if (changed) {
		int arc = vb_audit(req, "account.notification_settings", "account",
				   req->who.account_id, detail);

		detail = NULL;  /* consumed either way */
		if (arc != 0)
			goto out;
	}
	/* The answer is read inside the transaction: once committed, nothing
	 * may turn the change into a 500. */
	if (notification_body(req, &o) != 0)
		goto out;
	if (vb_db_commit(req->db) != 0) {
		json_object_put(o);
		goto out;
	}
	rc = vb_json(resp, 200, o);
out:
	json_object_put(row);
	json_object_put(detail);
	return rc;
}

/* account_body builds the Settings > Account object from a row holding the
 * three flags. */
static json_object *account_body(json_object *row)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "account_access_enabled",
			       json_object_new_boolean(vb_row_bool(row, "account_access_enabled")));
	json_object_object_add(o, "access_granted",
			       json_object_new_boolean(vb_row_bool(row, "access_granted")));
	json_object_object_add(o, "installer_app",
			       json_object_new_boolean(vb_row_bool(row, "installer_app")));
	return o;
}

/* auth_account_get: GET /api/auth/settings/account (installer). */
int auth_account_get(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL;
	int rc = -1;

	if (vb_db_query_row(req->db, &row,
		"SELECT account_access_enabled, access_granted, installer_app FROM accounts"
		" WHERE id = ? AND role = 'installer'", "i", req->who.account_id) != 0)
		goto out;
	if (row == NULL) {
		rc = vb_err(resp, 404, "not_found", NULL, "No such account.");
		goto out;
	}
	rc = vb_json(resp, 200, account_body(row));
out:
	json_object_put(row);
	return rc;
}

/*
 * auth_account_put: PUT /api/auth/settings/account {access_granted?,
 * installer_app?} (installer, not while switched).  Granting needs the
 * distributor to have enabled the feature.  Withdrawing the grant ends a
 * distributor's switch into this account in the same transaction, so their
 * very next request is their own again.
 */
int auth_account_put(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL, *detail = NULL;
	int64_t id = req->who.account_id;
	int granted, app, rc = -1;

	if (vb_db_begin(req->db) != 0)
		goto out;
	if (vb_db_query_row(req->db, &row,
		"SELECT account_access_enabled, access_granted, installer_app FROM accounts"
		" WHERE id = ? AND role = 'installer' FOR UPDATE", "i", id) != 0)
		goto out;
	if (row == NULL) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 404, "not_found", NULL, "No such account.");
		goto out;
	}
	granted = vb_has(req, "access_granted") ? vb_bool(req, "access_granted", 0)
						: vb_row_bool(row, "access_granted");
	app = vb_has(req, "installer_app") ? vb_bool(req, "installer_app", 0)
					   : vb_row_bool(row, "installer_app");
	if (granted && vb_has(req, "access_granted") && !vb_row_bool(row, "account_access_enabled")) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 422, "feature_disabled", "access_granted",
			    "Your distributor has not enabled account access.");
		goto out;
	}
	if (vb_db_exec(req->db, NULL,
		"UPDATE accounts SET access_granted = ?, installer_app = ?,"
		" updated_at = UTC_TIMESTAMP(3) WHERE id = ?", "bbi", granted, app, id) != 0)
		goto out;
	if (!granted && vb_db_exec(req->db, NULL,
		"UPDATE sessions SET acting_account_id = NULL WHERE acting_account_id = ?", "i",
		id) != 0)
		goto out;
	detail = json_object_new_object();
	json_object_object_add(detail, "access_granted", json_object_new_boolean(granted));
	json_object_object_add(detail, "installer_app", json_object_new_boolean(app));
	if (vb_audit(req, "account.settings", "account", id, detail) != 0) {
		detail = NULL;  /* consumed either way */
		goto out;
	}
	detail = NULL;
	if (vb_db_commit(req->db) != 0)
		goto out;
	json_object_object_add(row, "access_granted", json_object_new_boolean(granted));
	json_object_object_add(row, "installer_app", json_object_new_boolean(app));
	rc = vb_json(resp, 200, account_body(row));
out:
	json_object_put(row);
	json_object_put(detail);
	return rc;
}
