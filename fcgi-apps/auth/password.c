/*
 * password.c - forgotten passwords (a single-use link mailed for one hour)
 * and changing the password while signed in (F5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"

#define RESET_TTL_MIN 60

/* auth_check_own_password: see auth.h. */
int auth_check_own_password(struct vb_req *req, struct vb_resp *resp, const char *pw,
			    const char *field, int *ok)
{
	int64_t id = req->who.account_id, retry_s = 0;
	json_object *row = NULL;
	const char *stored;
	int rc = -1;

	*ok = 0;
	if (auth_throttle_login(req, id, AUTH_PASSWORD_CHECK_LOGIN, &retry_s) != 0)
		goto out;
	if (retry_s > 0) {
		rc = auth_too_many(resp, retry_s);
		goto out;
	}
	if (vb_db_query_row(req->db, &row, "SELECT password_hash FROM accounts WHERE id = ?", "i",
			    id) != 0)
		goto out;
	stored = row != NULL ? vb_row_str(row, "password_hash") : NULL;
	if (stored == NULL)
		goto out;
	*ok = vb_password_verify(pw, stored, NULL) == 0;
	if (!*ok) {
		if (auth_throttle_record(req, id, AUTH_PASSWORD_CHECK_LOGIN, 0) != 0)
			goto out;
		rc = vb_err(resp, 422, "wrong_password", field, "The password is wrong.");
		goto out;
	}
	rc = 0;
out:
	json_object_put(row);
	return rc;
}

/*
 * auth_password_forgot: POST /api/auth/password/forgot {email} -> 202 {}
 * whatever the address; a link is mailed only to an active account that
 * has it.  Limited per address like sign-in (auth_throttle_forgot).
 */
int auth_password_forgot(struct vb_req *req, struct vb_resp *resp)
{
	const char *email = vb_str(req, "email");
	char token[VB_TOKEN_LEN + 1], hash[VB_SHA256_HEX], link[512], body[1024];
	json_object *acct = NULL;
	int64_t id = 0, tenant = 0, retry_s;
	int rc = -1;

	if (auth_throttle_forgot(req, &retry_s) != 0)
		goto out;
	if (retry_s > 0) {
		rc = auth_too_many(resp, retry_s);
		goto out;
	}
	if (vb_db_query_row(req->db, &acct,
		"SELECT id, role, parent_id, email FROM accounts"
		" WHERE email = ? AND status = 'active'", "s", email) != 0)
		goto out;
	if (vb_db_begin(req->db) != 0)
		goto out;
	if (acct != NULL) {
		id = vb_row_int(acct, "id");
		tenant = auth_tenant_of(vb_row_str(acct, "role"), id, vb_row_int(acct, "parent_id"));
		if (vb_token_new(token) != 0 || vb_sha256_hex(token, strlen(token), hash) != 0 ||
		    auth_mail_link(req, "/reset-password", token, link, sizeof(link)) != 0)
			goto out;
		if (vb_db_exec(req->db, NULL,
			"INSERT INTO password_resets (account_id, token_hash, expires_at, ip)"
			" VALUES (?, ?, UTC_TIMESTAMP(3) + INTERVAL ? MINUTE, ?)",
			"isis", id, hash, (int64_t)RESET_TTL_MIN,
			req->remote_addr != NULL ? req->remote_addr : "") != 0)
			goto out;
		snprintf(body, sizeof(body),
			 "Someone (hopefully you) asked to reset the password of your Vestibule\n"
			 "account. To choose a new password, open\n\n"
			 "%s\n\n"
			 "The link works once and for %d minutes. If you did not ask for this,\n"
			 "ignore this mail: your password stays as it is.\n",
			 link, RESET_TTL_MIN);
		if (vb_mail_queue(req->db, vb_row_str(acct, "email"), "Reset your Vestibule password",
				  body, "password_reset") != 0)
			goto out;
	}
	/* Audited either way: it is also the per-address count. */
	if (vb_audit_as(req, id, tenant, "auth.password_forgot", "account", id, NULL) != 0 ||
	    vb_db_commit(req->db) != 0)
		goto out;
	rc = vb_json(resp, 202, json_object_new_object());
out:
	json_object_put(acct);
	return rc;
}

/* weak_password tells whether pw fails the policy for new passwords
 * (beyond the field's length bounds) and then answers 400 invalid_field. */
static int weak_password(struct vb_resp *resp, const char *field, const char *pw)
{
	const char *why = NULL;

	if (vb_password_ok(pw, &why) == 0)
		return 0;
	vb_err(resp, 400, "invalid_field", field, "%s", why != NULL ? why : "password refused");
	return 1;
}

/*
 * auth_password_reset: POST /api/auth/password/reset {token, password} ->
 * 200 {}.  The token works once; every session of the account ends, since
 * whoever knew the old password may hold one.
 */
int auth_password_reset(struct vb_req *req, struct vb_resp *resp)
{
	const char *token = vb_str(req, "token"), *pw = vb_str(req, "password");
	char hash[VB_SHA256_HEX], *newhash = NULL;
	json_object *row = NULL;
	int64_t account_id;
	int rc = -1;

	if (weak_password(resp, "password", pw)) {
		rc = 0;
		goto out;
	}
	/* scrypt is slow: hash before taking row locks. */
	if (vb_sha256_hex(token, strlen(token), hash) != 0 || vb_password_hash(pw, &newhash) != 0)
		goto out;
	if (vb_db_begin(req->db) != 0)
		goto out;
	if (vb_db_query_row(req->db, &row,
		"SELECT r.id, r.account_id, a.role, a.parent_id"
		" FROM password_resets r JOIN accounts a ON a.id = r.account_id"
		" WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > UTC_TIMESTAMP(3)"
		" FOR UPDATE", "s", hash) != 0)
		goto out;
	if (row == NULL) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 400, "invalid_token", "token",
			    "This link is unknown, already used or expired.");
		goto out;
	}
	account_id = vb_row_int(row, "account_id");
	if (vb_db_exec(req->db, NULL,
		"UPDATE accounts SET password_hash = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?",
		"si", newhash, account_id) != 0)
		goto out;
	/* This link and any other outstanding one are spent. */
	if (vb_db_exec(req->db, NULL,
		"UPDATE password_resets SET used_at = UTC_TIMESTAMP(3)"
		" WHERE account_id = ? AND used_at IS NULL", "i", account_id) != 0)
		goto out;
	if (vb_session_end_others(req, account_id, 0) != 0)
		goto out;
	if (vb_audit_as(req, account_id,
			auth_tenant_of(vb_row_str(row, "role"), account_id,
				       vb_row_int(row, "parent_id")),
			"auth.password_reset", "account", account_id, NULL) != 0 ||
	    vb_db_commit(req->db) != 0)
		goto out;
	rc = vb_json(resp, 200, json_object_new_object());
out:
	json_object_put(row);
	free(newhash);
	return rc;
}

/*
 * auth_password_change: POST /api/auth/password/change {current_password,
 * new_password} -> 200 {}; every other session of the account ends.  Not
 * while a distributor is switched in (the route says VB_NO_SWITCHED), so the
 * account is the person's own.
 */
int auth_password_change(struct vb_req *req, struct vb_resp *resp)
{
	const char *cur = vb_str(req, "current_password"), *pw = vb_str(req, "new_password");
	char *newhash = NULL;
	int ok, rc = -1;

	if (auth_check_own_password(req, resp, cur, "current_password", &ok) != 0)
		goto out;
	if (!ok) {
		rc = 0;
		goto out;
	}
	if (weak_password(resp, "new_password", pw)) {
		rc = 0;
		goto out;
	}
	if (vb_password_hash(pw, &newhash) != 0 || vb_db_begin(req->db) != 0)
		goto out;
	if (vb_db_exec(req->db, NULL,
		"UPDATE accounts SET password_hash = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?",
		"si", newhash, req->who.account_id) != 0 ||
	    vb_db_exec(req->db, NULL, /* a reset link mailed earlier would undo this */
		"UPDATE password_resets SET used_at = UTC_TIMESTAMP(3)"
		" WHERE account_id = ? AND used_at IS NULL", "i", req->who.account_id) != 0 ||
	    vb_session_end_others(req, req->who.account_id, 1) != 0 ||
	    vb_audit(req, "auth.password_change", "account", req->who.account_id, NULL) != 0 ||
	    vb_db_commit(req->db) != 0)
		goto out;
	rc = vb_json(resp, 200, json_object_new_object());
out:
	free(newhash);
	return rc;
}
