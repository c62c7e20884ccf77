/*
 * totp.c - authenticator-app enrolment (RFC 6238 TOTP) as an alternative to
 * mailed 2FA codes.  The secret is sealed with AES-256-GCM under the
 * platform key, bound to "totp:<account id>", and shown only once, in the
 * enrolment answer.  An enrolment counts only after a code from the app was
 * checked (activate), so a mistyped or unscanned secret never locks anyone
 * out.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "auth.h"

#define TOTP_SECRET_LEN 20   /* 160 bits, RFC 4226 section 4 recommendation */

/* totp_aad writes the sealing AAD of account_id into out[32]. */
static void totp_aad(int64_t account_id, char out[32])
{
	snprintf(out, 32, "totp:%lld", (long long)account_id);
}

/* uri_escape percent-encodes s for the otpauth label (RFC 3986 section 2:
 * unreserved characters stay; '@' is allowed in a path segment and kept so
 * the app shows the address as typed).  -1 if out is too small. */
static int uri_escape(const char *s, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
			if (o + 1 >= outlen)
				return -1;
			out[o++] = (char)c;
		} else {
			if (o + 3 >= outlen)
				return -1;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return 0;
}

/* totp_state reads whether account_id has a secret and whether it is
 * active: *state is 0 none, 1 pending, 2 active. */
static int totp_state(struct vb_db *db, int64_t account_id, int *state, int lock)
{
	int64_t active;
	int found;
	int r = lock
		? vb_db_query_int(db, &active, &found,
			"SELECT active FROM totp_secrets WHERE account_id = ? FOR UPDATE", "i",
			account_id)
		: vb_db_query_int(db, &active, &found,
			"SELECT active FROM totp_secrets WHERE account_id = ?", "i", account_id);

	if (r != 0)
		return -1;
	*state = !found ? 0 : active ? 2 : 1;
	return 0;
}

/* enrolled_body returns a new {"enrolled": bool} (caller owns it). */
static json_object *enrolled_body(int enrolled)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "enrolled", json_object_new_boolean(enrolled));
	return o;
}

/* auth_totp_get: GET /api/auth/totp -> {"enrolled": bool} (active only). */
int auth_totp_get(struct vb_req *req, struct vb_resp *resp)
{
	int state;

	if (totp_state(req->db, req->who.account_id, &state, 0) != 0)
		return -1;
	return vb_json(resp, 200, enrolled_body(state == 2));
}

/*
 * auth_totp_enroll: POST /api/auth/totp/enroll -> {secret, otpauth_uri}.
 * Creates or replaces a pending secret.  An active one is not replaced here
 * (that would switch the second factor off without the password): 409
 * totp_enrolled, disable it first.
 */
int auth_totp_enroll(struct vb_req *req, struct vb_resp *resp)
{
	unsigned char secret[TOTP_SECRET_LEN];
	char aad[32], label[768], uri[1024];
	char *sealed = NULL, *b32 = NULL;
	json_object *row = NULL, *o;
	const char *who;
	int state, rc = -1;

	if (!req->conf->have_key) {
		vb_error("totp: no key_file configured, cannot seal secrets");
		goto out;
	}
	if (vb_db_begin(req->db) != 0 || totp_state(req->db, req->who.account_id, &state, 1) != 0)
		goto out;
	if (state == 2) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 409, "totp_enrolled", NULL,
			    "An authenticator app is already set up. Remove it first.");
		goto out;
	}
	if (vb_db_query_row(req->db, &row, "SELECT email, username FROM accounts WHERE id = ?",
			    "i", req->who.account_id) != 0 || row == NULL)
		goto out;
	who = vb_row_str(row, "email");
	if (who == NULL)
		who = vb_row_str(row, "username");
	if (who == NULL)
		who = "account";
	totp_aad(req->who.account_id, aad);
	if (vb_random(secret, sizeof(secret)) != 0 ||
	    vb_seal(req->conf->key, aad, secret, sizeof(secret), &sealed) != 0 ||
	    (b32 = vb_base32_encode(secret, sizeof(secret))) == NULL ||
	    uri_escape(who, label, sizeof(label)) != 0)
		goto out;
	/* Key URI format (Google Authenticator wiki): issuer both as the label
	 * prefix and as a parameter; SHA-1, 6 digits and 30 s are the defaults. */
	if (snprintf(uri, sizeof(uri), "otpauth://totp/Vestibule:%s?secret=%s&issuer=Vestibule",
		     label, b32) >= (int)sizeof(uri))
		goto out;
	if (vb_db_exec(req->db, NULL,
		"INSERT INTO totp_secrets (account_id, secret_sealed, active, last_step)"
		" VALUES (?, ?, 0, 0) ON DUPLICATE KEY UPDATE secret_sealed = VALUES(secret_sealed),"
		" active = 0, last_step = 0, created_at = UTC_TIMESTAMP(3)",
		"is", req->who.account_id, sealed) != 0 ||
	    vb_audit(req, "totp.enroll", "account", req->who.account_id, NULL) != 0 ||
	    vb_db_commit(req->db) != 0)
		goto out;
	o = json_object_new_object();
	json_object_object_add(o, "secret", json_object_new_string(b32));
	json_object_object_add(o, "otpauth_uri", json_object_new_string(uri));
	rc = vb_json(resp, 200, o);
out:
	memset(secret, 0, sizeof(secret));
	free(sealed);
	free(b32);
	json_object_put(row);
	return rc;
}

/*
 * auth_totp_activate: POST /api/auth/totp/activate {code} -> {"enrolled":
 * true} once a code from the app matches the pending secret.
 */
int auth_totp_activate(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL;
	unsigned char *secret = NULL;
	size_t slen = 0;
	char aad[32];
	int64_t step = 0;
	int rc = -1;

	if (!req->conf->have_key || vb_db_begin(req->db) != 0)
		goto out;
	if (vb_db_query_row(req->db, &row,
		"SELECT secret_sealed, active FROM totp_secrets WHERE account_id = ? FOR UPDATE",
		"i", req->who.account_id) != 0)
		goto out;
	if (row == NULL) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 422, "totp_not_enrolled", NULL,
			    "Start the authenticator set-up first.");
		goto out;
	}
	if (vb_row_bool(row, "active")) {
		vb_db_rollback(req->db);
		rc = vb_json(resp, 200, enrolled_body(1));
		goto out;
	}
	totp_aad(req->who.account_id, aad);
	if (vb_open(req->conf->key, aad, vb_row_str(row, "secret_sealed"), &secret, &slen) != 0)
		goto out;
	if (vb_totp_check(secret, slen, (int64_t)time(NULL), vb_str(req, "code"), &step) != 0) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 422, "invalid_code", "code",
			    "Wrong code. Check the time on your phone and try again.");
		goto out;
	}
	/* The code just used must not also pass a sign-in. */
	if (vb_db_exec(req->db, NULL,
		"UPDATE totp_secrets SET active = 1, last_step = ? WHERE account_id = ?", "ii", step,
		req->who.account_id) != 0 ||
	    vb_audit(req, "totp.activate", "account", req->who.account_id, NULL) != 0 ||
	    vb_db_commit(req->db) != 0)
		goto out;
	rc = vb_json(resp, 200, enrolled_body(1));
out:
	if (secret != NULL) {
		memset(secret, 0, slen);
		free(secret);
	}
	json_object_put(row);
	return rc;
}

/*
 * auth_totp_disable: POST /api/auth/totp/disable {password} -> {"enrolled":
 * false}.  The password is asked again so a borrowed session cannot remove
 * the second factor.
 */
int auth_totp_disable(struct vb_req *req, struct vb_resp *resp)
{
	int ok;
	int64_t n = 0;

	if (auth_check_own_password(req, resp, vb_str(req, "password"), "password", &ok) != 0)
		return -1;
	if (!ok)
		return 0;
	if (vb_db_begin(req->db) != 0 ||
	    vb_db_exec(req->db, &n, "DELETE FROM totp_secrets WHERE account_id = ?", "i",
		       req->who.account_id) != 0)
		return -1;
	if (n > 0 && vb_audit(req, "totp.disable", "account", req->who.account_id, NULL) != 0)
		return -1;
	if (vb_db_commit(req->db) != 0)
		return -1;
	return vb_json(resp, 200, enrolled_body(0));
}
