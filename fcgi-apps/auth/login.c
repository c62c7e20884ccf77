/*
 * login.c - POST /api/auth/login and POST /api/auth/logout.
 *
 * Sign-in must not tell an attacker which accounts exist: unknown, disabled
 * and wrong-password answers are the same 401, and each runs exactly one
 * scrypt verification (against a dummy hash when there is no account), so
 * the time taken is the same too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"

/* Room for the login field at its limit: 254 code points of up to 4 bytes
 * (and more than the VB_NORM_MAX that vb_valid_email writes). */
#define LOGIN_KEY_MAX 1024

/*
 * dummy_hash returns this process's dummy password hash (made once, with the
 * current parameters, so verifying against it costs what a real check
 * costs).  It is made before the account lookup on every worker's first
 * login, so that first slow request says nothing about the account.  The
 * string is owned by this file for the life of the process.
 */
static const char *dummy_hash(void)
{
	static char *dummy;
	char seed[VB_TOKEN_LEN + 1];

	if (dummy == NULL && vb_token_new(seed) == 0)
		(void)vb_password_hash(seed, &dummy);
	return dummy;
}

/* find_account looks login up by e-mail (when it has an '@') or by
 * username.  An e-mail login is first normalised into norm the way addresses
 * are stored, so the throttle and the attempt log see one key per address.
 * *row is NULL when there is no such account. */
static int find_account(struct vb_req *req, const char *login, char norm[LOGIN_KEY_MAX],
			json_object **row)
{
	*row = NULL;
	snprintf(norm, LOGIN_KEY_MAX, "%s", login);
	if (strchr(login, '@') != NULL) {
		if (vb_valid_email(login, norm) != 0) {
			snprintf(norm, LOGIN_KEY_MAX, "%s", login);
			return 0;
		}
		return vb_db_query_row(req->db, row,
			"SELECT id, role, parent_id, status, password_hash FROM accounts"
			" WHERE email = ?", "s", norm);
	}
	return vb_db_query_row(req->db, row,
		"SELECT id, role, parent_id, status, password_hash FROM accounts"
		" WHERE username = ?", "s", login);
}

/* login_failed records the failure, audits it and answers 401. */
static int login_failed(struct vb_req *req, struct vb_resp *resp, json_object *acct,
			const char *login, const char *reason)
{
	int64_t id = acct != NULL ? vb_row_int(acct, "id") : 0;
	int64_t tenant = acct != NULL ? auth_tenant_of(vb_row_str(acct, "role"), id,
						     vb_row_int(acct, "parent_id")) : 0;
	json_object *detail = json_object_new_object();

	json_object_object_add(detail, "reason", json_object_new_string(reason));
	if (vb_db_begin(req->db) != 0 || auth_throttle_record(req, id, login, 0) != 0) {
		json_object_put(detail);
		return -1;
	}
	if (vb_audit_as(req, id, tenant, "auth.login_failed", "account", id, detail) != 0 ||
	    vb_db_commit(req->db) != 0)
		return -1;
	return vb_err(resp, 401, "invalid_credentials", NULL,
		      "Wrong e-mail, username or password.");
}

/* login_body builds {"stage", "account": ME, "twofa_methods"}; takes
 * ownership of methods. */
static int login_body(struct vb_req *req, enum vb_stage stage, json_object *methods,
		      json_object **out)
{
	json_object *me = NULL, *o;

	if (vb_account_me(req, &me) != 0) {
		json_object_put(methods);
		return -1;
	}
	o = json_object_new_object();
	json_object_object_add(o, "stage", json_object_new_string(vb_stage_name(stage)));
	json_object_object_add(o, "account", me);
	json_object_object_add(o, "twofa_methods", methods);
	*out = o;
	return 0;
}

/*
 * auth_login: POST /api/auth/login {login, password}.  Throttle first (a
 * locked-out caller gets 429 even with the right password), then one
 * verification, then a new session at the first pending step.
 */
int auth_login(struct vb_req *req, struct vb_resp *resp)
{
	const char *pw = vb_str(req, "password"), *dummy = dummy_hash(), *stored;
	char login[LOGIN_KEY_MAX];
	json_object *acct = NULL, *methods = NULL, *body = NULL, *detail;
	char *email = NULL, *rehash = NULL;
	int64_t id = 0, retry_s = 0, got = 0;
	enum vb_stage stage;
	int needs_rehash = 0, ok, locked = 0, rc = -1;

	if (dummy == NULL || find_account(req, vb_str(req, "login"), login, &acct) != 0)
		goto out;
	if (acct != NULL)
		id = vb_row_int(acct, "id");
	/* Check, verify and record as one step per account: otherwise every
	 * worker (on every host) could pass the check at once and the free
	 * tries would multiply.  A named lock of the database, not a row lock,
	 * because it is held across the slow password hash. */
	if (id > 0) {
		if (vb_db_query_int(req->db, &got, NULL, "SELECT GET_LOCK(CONCAT('vb.login.', ?), 10)",
				    "i", id) != 0)
			goto out;
		if (got != 1) {
			rc = auth_too_many(resp, 1);
			goto out;
		}
		locked = 1;
	}
	if (auth_throttle_login(req, id, login, &retry_s) != 0)
		goto out;
	if (retry_s > 0) {
		rc = auth_too_many(resp, retry_s);
		goto out;
	}

	stored = acct != NULL ? vb_row_str(acct, "password_hash") : NULL;
	ok = vb_password_verify(pw, stored != NULL ? stored : dummy, &needs_rehash) == 0;
	if (acct == NULL || stored == NULL) {
		rc = login_failed(req, resp, NULL, login, "unknown_account");
		goto out;
	}
	if (!ok) {
		rc = login_failed(req, resp, acct, login, "wrong_password");
		goto out;
	}
	if (strcmp(vb_row_str(acct, "status") ? vb_row_str(acct, "status") : "", "active") != 0) {
		rc = login_failed(req, resp, acct, login, "disabled");
		goto out;
	}

	if (auth_stage_from(req->db, id, VB_STAGE_2FA, &stage) != 0)
		goto out;
	if (stage == VB_STAGE_2FA) {
		if (auth_twofa_methods(req->db, id, &methods, &email) != 0)
			goto out;
	} else {
		methods = json_object_new_array();
	}
	/* Upgrade a hash made with weaker parameters while the password is at
	 * hand; hashing is slow, so it happens before the transaction. */
	if (needs_rehash && vb_password_hash(pw, &rehash) != 0)
		goto out;

	if (vb_db_begin(req->db) != 0 || auth_throttle_record(req, id, login, 1) != 0)
		goto out;
	if (rehash != NULL && vb_db_exec(req->db, NULL,
		"UPDATE accounts SET password_hash = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?",
		"si", rehash, id) != 0)
		goto out;
	if (stage == VB_STAGE_2FA && json_object_array_length(methods) == 0) {
		/* The password was right (the attempt counts as a success), but
		 * there is no second factor to ask for: no session. */
		if (vb_db_commit(req->db) != 0)
			goto out;
		rc = vb_err(resp, 422, "no_2fa_method", NULL,
			    "Two-factor sign-in is required but this account has no e-mail "
			    "address or authenticator app. Contact your distributor.");
		goto out;
	}
	/* The browser's previous session (if any) is replaced, not orphaned. */
	if (req->who.session_id != 0 &&
	    vb_db_exec(req->db, NULL, "DELETE FROM sessions WHERE id = ?", "i",
		       req->who.session_id) != 0)
		goto out;
	if (vb_session_create(req, resp, id, stage) != 0)
		goto out;
	if (stage == VB_STAGE_2FA && email != NULL &&
	    auth_twofa_mail_code(req, id, email) != 0)
		goto out;
	detail = json_object_new_object();
	json_object_object_add(detail, "stage", json_object_new_string(vb_stage_name(stage)));
	if (rehash != NULL)
		json_object_object_add(detail, "rehashed", json_object_new_boolean(1));
	if (vb_audit(req, "auth.login", "account", id, detail) != 0)
		goto out;
	if (login_body(req, stage, methods, &body) != 0) {
		methods = NULL;
		goto out;
	}
	methods = NULL;
	if (vb_db_commit(req->db) != 0)
		goto out;
	rc = vb_json(resp, 200, body);
	body = NULL;
out:
	if (locked) {
		if (vb_db_in_tx(req->db))
			vb_db_rollback(req->db); /* a failure above: nothing half-written stays */
		if (vb_db_query_int(req->db, &got, NULL, "SELECT RELEASE_LOCK(CONCAT('vb.login.', ?))",
				    "i", id) != 0)
			rc = -1;
	}
	json_object_put(acct);
	json_object_put(methods);
	json_object_put(body);
	free(email);
	free(rehash);
	return rc;
}

/* auth_logout: POST /api/auth/logout -> 204, the session row deleted and the
 * cookie cleared. */
int auth_logout(struct vb_req *req, struct vb_resp *resp)
{
	if (vb_db_begin(req->db) != 0)
		return -1;
	if (vb_audit(req, "auth.logout", "account", req->who.actor_id, NULL) != 0)
		return -1;
	if (vb_session_destroy(req, resp) != 0 || vb_db_commit(req->db) != 0)
		return -1;
	return vb_no_content(resp);
}
