/*
 * twofa.c - the second sign-in factor: a 6-digit code mailed to the account
 * (10 minutes, 5 tries) or a TOTP code from an authenticator app (RFC 6238).
 *
 * Mailed codes belong to one session and are stored only as the SHA-256 hex
 * of "<session id>:<code>", so a leaked table row is useless on its own and a
 * code cannot be used from another session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "auth.h"

#define CODE_TTL_MIN 10
#define CODE_TRIES 5
#define CODE_RESEND_S 30

/* code_hash writes the stored form of code for session_id into out. */
static int code_hash(int64_t session_id, const char *code, char out[VB_SHA256_HEX])
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%lld:%s", (long long)session_id, code);

	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	return vb_sha256_hex(buf, (size_t)n, out);
}

/* auth_twofa_methods: see auth.h. */
int auth_twofa_methods(struct vb_db *db, int64_t account_id, json_object **out,
		       char **email_out)
{
	json_object *row = NULL, *arr;
	const char *email;

	if (vb_db_query_row(db, &row,
		"SELECT a.email, t.account_id AS totp_id FROM accounts a"
		" LEFT JOIN totp_secrets t ON t.account_id = a.id AND t.active = 1"
		" WHERE a.id = ?", "i", account_id) != 0)
		return -1;
	if (row == NULL)
		return -1;
	email = vb_row_str(row, "email");
	if (email_out != NULL) {
		*email_out = email != NULL ? strdup(email) : NULL;
		if (email != NULL && *email_out == NULL) {
			json_object_put(row);
			return -1;
		}
	}
	arr = json_object_new_array();
	if (email != NULL)
		json_object_array_add(arr, json_object_new_string("email"));
	if (vb_row_int(row, "totp_id") != 0)
		json_object_array_add(arr, json_object_new_string("totp"));
	json_object_put(row);
	*out = arr;
	return 0;
}

/* auth_twofa_mail_code: see auth.h.  The code itself appears only in the
 * mail body, never in a log line or the audit log. */
int auth_twofa_mail_code(struct vb_req *req, int64_t account_id, const char *email)
{
	char code[7], hash[VB_SHA256_HEX], body[512];
	int64_t sid = req->who.session_id;

	if (vb_code6(code) != 0 || code_hash(sid, code, hash) != 0)
		return -1;
	if (vb_db_exec(req->db, NULL,
		"UPDATE twofa_codes SET used_at = UTC_TIMESTAMP(3)"
		" WHERE session_id = ? AND used_at IS NULL", "i", sid) != 0)
		return -1;
	if (vb_db_exec(req->db, NULL,
		"INSERT INTO twofa_codes (account_id, session_id, code_hash, expires_at)"
		" VALUES (?, ?, ?, UTC_TIMESTAMP(3) + INTERVAL ? MINUTE)",
		"iisi", account_id, sid, hash, (int64_t)CODE_TTL_MIN) != 0)
		return -1;
	snprintf(body, sizeof(body),
		 "Your Vestibule sign-in code is %s\n\n"
		 "It is valid for %d minutes. If you did not try to sign in, someone may know\n"
		 "your password: change it and tell your distributor.\n",
		 code, CODE_TTL_MIN);
	return vb_mail_queue(req->db, email, "Your Vestibule sign-in code", body, "2fa_code");
}

/*
 * auth_twofa_send: POST /api/auth/2fa/send -> 202 with a new mailed code;
 * earlier codes of the session are void.  At most one per 30 s per session
 * (the code mailed at login counts).
 */
int auth_twofa_send(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL;
	const char *email;
	int64_t age_ms;
	int found, rc = -1;

	if (req->who.stage != VB_STAGE_2FA)
		return auth_wrong_stage(resp);
	if (vb_db_query_row(req->db, &row, "SELECT email FROM accounts WHERE id = ?", "i",
			    req->who.account_id) != 0 || row == NULL)
		goto out;
	email = vb_row_str(row, "email");
	if (email == NULL) {
		rc = vb_err(resp, 422, "no_email", NULL,
			    "This account has no e-mail address; use your authenticator app.");
		goto out;
	}
	if (vb_db_query_int(req->db, &age_ms, &found,
		"SELECT TIMESTAMPDIFF(MICROSECOND, MAX(created_at), UTC_TIMESTAMP(3)) DIV 1000"
		" FROM twofa_codes WHERE session_id = ?", "i", req->who.session_id) != 0)
		goto out;
	if (found && age_ms < CODE_RESEND_S * 1000) {
		int64_t left = (CODE_RESEND_S * 1000 - (age_ms < 0 ? 0 : age_ms) + 999) / 1000;
		char secs[24];

		snprintf(secs, sizeof(secs), "%lld", (long long)left);
		vb_err(resp, 429, "too_many_attempts", NULL,
		       "A code was sent less than %d seconds ago. Try again in %lld seconds.",
		       CODE_RESEND_S, (long long)left);
		rc = vb_header(resp, "Retry-After", secs) == 0 ? 0 : -1;
		goto out;
	}
	if (vb_db_begin(req->db) != 0 ||
	    auth_twofa_mail_code(req, req->who.account_id, email) != 0 ||
	    vb_audit(req, "auth.2fa_code_sent", "account", req->who.account_id, NULL) != 0 ||
	    vb_db_commit(req->db) != 0)
		goto out;
	rc = vb_json(resp, 202, json_object_new_object());
out:
	json_object_put(row);
	return rc;
}

/* verify_email checks a mailed code.  *passed is 1 on success; otherwise
 * resp holds the 422 and any counted try has been committed. */
static int verify_email(struct vb_req *req, struct vb_resp *resp, const char *code,
			int *passed)
{
	json_object *row = NULL;
	char hash[VB_SHA256_HEX];
	const char *stored;
	int64_t id, attempts;
	int rc = -1;

	*passed = 0;
	if (code_hash(req->who.session_id, code, hash) != 0)
		goto out;
	/* FOR UPDATE: parallel guesses must not share one count. */
	if (vb_db_query_row(req->db, &row,
		"SELECT id, code_hash, attempts, expires_at <= UTC_TIMESTAMP(3) AS expired"
		" FROM twofa_codes WHERE session_id = ? AND used_at IS NULL"
		" ORDER BY id DESC LIMIT 1 FOR UPDATE", "i", req->who.session_id) != 0)
		goto out;
	if (row == NULL || vb_row_int(row, "expired") != 0) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 422, "code_expired", "code",
			    "The code has expired. Request a new one.");
		goto out;
	}
	id = vb_row_int(row, "id");
	attempts = vb_row_int(row, "attempts");
	if (attempts >= CODE_TRIES) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 422, "code_exhausted", "code",
			    "Too many wrong codes. Request a new one.");
		goto out;
	}
	stored = vb_row_str(row, "code_hash");
	if (stored == NULL || strlen(stored) != VB_SHA256_HEX - 1 ||
	    !vb_ct_equal(stored, hash, VB_SHA256_HEX - 1)) {
		if (vb_db_exec(req->db, NULL,
			"UPDATE twofa_codes SET attempts = attempts + 1 WHERE id = ?", "i", id) != 0 ||
		    auth_throttle_record(req, req->who.account_id, AUTH_2FA_LOGIN, 0) != 0 ||
		    vb_db_commit(req->db) != 0)
			goto out;
		attempts++;
		if (attempts >= CODE_TRIES)
			rc = vb_err(resp, 422, "invalid_code", "code",
				    "Wrong code. No tries left: request a new code.");
		else
			rc = vb_err(resp, 422, "invalid_code", "code",
				    "Wrong code. %lld %s left.", (long long)(CODE_TRIES - attempts),
				    CODE_TRIES - attempts == 1 ? "try" : "tries");
		goto out;
	}
	if (vb_db_exec(req->db, NULL,
		"UPDATE twofa_codes SET used_at = UTC_TIMESTAMP(3) WHERE id = ?", "i", id) != 0 ||
	    auth_throttle_record(req, req->who.account_id, AUTH_2FA_LOGIN, 1) != 0)
		goto out;
	*passed = 1;
	rc = 0;
out:
	json_object_put(row);
	return rc;
}

/* verify_totp checks an authenticator code, refusing a step already used
 * (RFC 6238 section 5.2: a code is accepted once).  A TOTP code has no
 * per-code try limit like a mailed one, so wrong codes go through the
 * sign-in throttle instead: 10^6 codes must not be guessable at line speed. */
static int verify_totp(struct vb_req *req, struct vb_resp *resp, const char *code,
		       int *passed)
{
	json_object *row = NULL;
	unsigned char *secret = NULL;
	size_t slen = 0;
	char aad[48];
	int64_t step = 0;
	int rc = -1;

	*passed = 0;
	if (!req->conf->have_key)
		goto out;
	if (vb_db_query_row(req->db, &row,
		"SELECT secret_sealed, last_step FROM totp_secrets"
		" WHERE account_id = ? AND active = 1 FOR UPDATE", "i", req->who.account_id) != 0)
		goto out;
	if (row == NULL) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 422, "totp_not_enrolled", "method",
			    "No authenticator app is set up for this account.");
		goto out;
	}
	snprintf(aad, sizeof(aad), "totp:%lld", (long long)req->who.account_id);
	if (vb_open(req->conf->key, aad, vb_row_str(row, "secret_sealed"), &secret, &slen) != 0)
		goto out;
	if (vb_totp_check(secret, slen, (int64_t)time(NULL), code, &step) != 0 ||
	    step <= vb_row_int(row, "last_step")) {
		if (vb_db_rollback(req->db) != 0 ||
		    auth_throttle_record(req, req->who.account_id, AUTH_2FA_LOGIN, 0) != 0)
			goto out;
		rc = vb_err(resp, 422, "invalid_code", "code", "Wrong code.");
		goto out;
	}
	if (vb_db_exec(req->db, NULL,
		"UPDATE totp_secrets SET last_step = ? WHERE account_id = ?", "ii", step,
		req->who.account_id) != 0 ||
	    auth_throttle_record(req, req->who.account_id, AUTH_2FA_LOGIN, 1) != 0)
		goto out;
	*passed = 1;
	rc = 0;
out:
	if (secret != NULL) {
		memset(secret, 0, slen);
		free(secret);
	}
	json_object_put(row);
	return rc;
}

/*
 * auth_twofa_verify: POST /api/auth/2fa/verify {method, code} -> 200
 * {"stage": next}.  The check and the stage move share one transaction.
 */
int auth_twofa_verify(struct vb_req *req, struct vb_resp *resp)
{
	const char *method = vb_str(req, "method"), *code = vb_str(req, "code");
	json_object *detail;
	enum vb_stage next;
	int64_t retry_s = 0;
	int passed = 0;

	if (req->who.stage != VB_STAGE_2FA)
		return auth_wrong_stage(resp);
	/* Per-code tries alone would let a password holder log in again for
	 * five more guesses each time: the account's 2FA failures count too. */
	if (auth_throttle_2fa(req, &retry_s) != 0)
		return -1;
	if (retry_s > 0)
		return auth_too_many(resp, retry_s);
	if (vb_db_begin(req->db) != 0)
		return -1;
	if (strcmp(method, "totp") == 0) {
		if (verify_totp(req, resp, code, &passed) != 0)
			return -1;
	} else if (verify_email(req, resp, code, &passed) != 0) {
		return -1;
	}
	if (!passed)
		return 0;
	if (auth_stage_advance(req, VB_STAGE_2FA, &next) != 0)
		return -1;
	detail = json_object_new_object();
	json_object_object_add(detail, "method", json_object_new_string(method));
	if (vb_audit(req, "auth.2fa_passed", "account", req->who.account_id, detail) != 0 ||
	    vb_db_commit(req->db) != 0)
		return -1;
	return vb_json(resp, 200, auth_stage_body(vb_stage_name(next)));
}
