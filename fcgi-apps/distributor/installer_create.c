/*
 * installer_create.c - a distributor creates an installer account (F6).
 *
 * The installer signs in with the email address or the username given here.
 * The address is stored unconfirmed: the sign-in flow's "email" stage has the
 * installer confirm it.  When the distributor gives no password one is
 * generated and answered once; it is never stored in clear or logged.
 */
#include <stdlib.h>
#include <string.h>

#include "distributor.h"

/*
 * answer_taken fills resp with the 409 for whichever of email/username
 * (either may be NULL) another account already has.  Returns 1 when it
 * answered, 0 when neither is taken, -1 on a database failure.  Both unique
 * keys compare under the accounts table's case-insensitive collation.
 */
static int answer_taken(struct vb_req *req, struct vb_resp *resp, const char *email,
			const char *username)
{
	int64_t n = 0;

	if (email != NULL) {
		if (vb_db_query_int(req->db, &n, NULL,
				    "SELECT COUNT(*) FROM accounts WHERE email = ?", "s", email) < 0)
			return -1;
		if (n > 0) {
			vb_err(resp, 409, "email_in_use", "email",
			       "this email address is already in use");
			return 1;
		}
	}
	if (username != NULL) {
		if (vb_db_query_int(req->db, &n, NULL,
				    "SELECT COUNT(*) FROM accounts WHERE username = ?", "s",
				    username) < 0)
			return -1;
		if (n > 0) {
			vb_err(resp, 409, "username_in_use", "username",
			       "this username is already in use");
			return 1;
		}
	}
	return 0;
}

/*
 * installers_create: POST /api/distributor/installers -> 201 INST (+ the
 * generated "password").  Input rules first (400/422), then the uniqueness
 * check (409), then one transaction: the account, its installer_settings row
 * and the audit row.
 */
int installers_create(struct vb_req *req, struct vb_resp *resp)
{
	const char *email = vb_str(req, "email");
	const char *username = vb_str(req, "username");
	const char *name = vb_str(req, "name");
	const char *password = vb_str(req, "password");
	int twofa = vb_bool(req, "twofa_enabled", 0);
	int payment = vb_bool(req, "payment_permission", 0);
	int access = vb_bool(req, "account_access_enabled", 0);
	char generated[VB_GEN_PASSWORD_LEN + 1] = "";
	char *hash = NULL;
	const char *why = NULL;
	json_object *inst = NULL, *detail = NULL;
	int64_t id;
	int taken, ret = -1;

	if (email == NULL && username == NULL)
		return vb_err(resp, 422, "email_or_username_required", NULL,
			      "give the installer an email address or a username");
	if (twofa && email == NULL)
		return vb_err(resp, 422, "email_required", "twofa_enabled",
			      "two-factor sign-in mails a code, so the installer needs an email address");
	if (password != NULL) {
		if (vb_password_ok(password, &why) < 0)
			return vb_err(resp, 400, "invalid_field", "password", "%s",
				      why ? why : "password not acceptable");
	} else {
		do {
			if (vb_password_generate(generated) < 0)
				goto out;
		} while (vb_password_ok(generated, &why) < 0);
		password = generated;
	}

	/* Checked before the (deliberately slow) hash so the common conflict
	 * answers fast; the unique keys still decide a race below. */
	taken = answer_taken(req, resp, email, username);
	if (taken != 0) {
		ret = taken < 0 ? -1 : 0;
		goto out;
	}
	if (vb_password_hash(password, &hash) < 0)
		goto out;

	if (vb_db_begin(req->db) < 0)
		goto out;
	if (vb_db_exec(req->db, NULL,
		       "INSERT INTO accounts (role, parent_id, username, email, email_confirmed, "
		       "name, password_hash, twofa_enabled, payment_permission, "
		       "account_access_enabled) VALUES ('installer', ?, ?, ?, 0, ?, ?, ?, ?, ?)",
		       "issssbbb", req->who.account_id, username, email, name ? name : "", hash,
		       twofa, payment, access) < 0) {
		if (vb_db_errno(req->db) != VB_DB_ER_DUP_ENTRY)
			goto out;
		/* Another request took the address or name since the check. */
		if (vb_db_rollback(req->db) < 0)
			goto out;
		taken = answer_taken(req, resp, email, username);
		if (taken == 0)  /* the other account is gone again: report the likelier key */
			vb_err(resp, 409, email ? "email_in_use" : "username_in_use",
			       email ? "email" : "username", "already in use");
		ret = taken < 0 ? -1 : 0;
		goto out;
	}
	id = vb_db_last_id(req->db);
	if (vb_db_exec(req->db, NULL, "INSERT INTO installer_settings (installer_id) VALUES (?)",
		       "i", id) < 0)
		goto out;

	detail = json_object_new_object();
	if (detail == NULL)
		goto out;
	json_object_object_add(detail, "email", email ? json_object_new_string(email) : NULL);
	json_object_object_add(detail, "username",
			       username ? json_object_new_string(username) : NULL);
	json_object_object_add(detail, "password_generated",
			       json_object_new_boolean(generated[0] != '\0'));
	json_object_object_add(detail, "twofa_enabled", json_object_new_boolean(twofa));
	json_object_object_add(detail, "payment_permission", json_object_new_boolean(payment));
	json_object_object_add(detail, "account_access_enabled",
			       json_object_new_boolean(access));
	ret = vb_audit(req, "installer.create", "account", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (ret < 0)
		goto out;
	ret = -1;

	if (installer_find(req, id, 0, &inst) < 0 || inst == NULL)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	if (generated[0] != '\0')
		json_object_object_add(inst, "password", json_object_new_string(generated));
	vb_json(resp, 201, inst);
	inst = NULL;
	ret = 0;
out:
	json_object_put(inst);
	json_object_put(detail);
	free(hash);
	explicit_bzero(generated, sizeof(generated));
	return ret;
}
