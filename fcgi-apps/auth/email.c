/*
 * email.c - confirming an e-mail address by a mailed link (F4): the login
 * step for an account without a confirmed address, and a change of address
 * from Settings > Notification.  The address is stored on the account only
 * once the link is followed, so a typo cannot lock anyone out.
 */
#include <stdio.h>
#include <string.h>
#include "auth.h"

#define CONFIRM_TTL_H 24

/* auth_mail_link: see auth.h.  Tokens are base64url, so they need no
 * escaping in a query string. */
int auth_mail_link(const struct vb_req *req, const char *path, const char *token, char *out,
		   size_t outlen)
{
	int n = snprintf(out, outlen, "%s%s?token=%s", req->conf->public_origin, path, token);

	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* auth_email_request: see auth.h. */
int auth_email_request(struct vb_req *req, struct vb_resp *resp, int64_t account_id,
		       const char *email, int *refused)
{
	char token[VB_TOKEN_LEN + 1], hash[VB_SHA256_HEX], link[512], body[1024];
	json_object *row = NULL;
	int64_t other, recent, wait_s;
	int found;

	*refused = 0;
	if (vb_db_query_row(req->db, &row,
		"SELECT COUNT(*) AS n, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(3),"
		" MIN(created_at) + INTERVAL 1 HOUR) AS wait_s FROM email_confirmations"
		" WHERE account_id = ? AND created_at > UTC_TIMESTAMP(3) - INTERVAL 1 HOUR",
		"i", account_id) != 0)
		return -1;
	recent = vb_row_int(row, "n");
	wait_s = vb_row_int(row, "wait_s");
	json_object_put(row);
	if (recent >= AUTH_EMAIL_REQUESTS_PER_HOUR) {
		*refused = 1;
		return auth_too_many(resp, wait_s);
	}
	if (vb_db_query_int(req->db, &other, &found,
		"SELECT id FROM accounts WHERE email = ? AND id <> ?", "si", email, account_id) != 0)
		return -1;
	if (found) {
		*refused = 1;
		vb_err(resp, 409, "email_in_use", "email",
		       "This e-mail address belongs to another account.");
		return 0;
	}
	if (vb_token_new(token) != 0 || vb_sha256_hex(token, strlen(token), hash) != 0 ||
	    auth_mail_link(req, "/confirm-email", token, link, sizeof(link)) != 0)
		return -1;
	/* Only the newest request counts: an older link must not set an
	 * address the person has since replaced. */
	if (vb_db_exec(req->db, NULL,
		"UPDATE email_confirmations SET used_at = UTC_TIMESTAMP(3)"
		" WHERE account_id = ? AND used_at IS NULL", "i", account_id) != 0)
		return -1;
	if (vb_db_exec(req->db, NULL,
		"INSERT INTO email_confirmations (account_id, email, token_hash, expires_at)"
		" VALUES (?, ?, ?, UTC_TIMESTAMP(3) + INTERVAL ? HOUR)",
		"issi", account_id, email, hash, (int64_t)CONFIRM_TTL_H) != 0)
		return -1;
	snprintf(body, sizeof(body),
		 "Please confirm this e-mail address for your Vestibule account by opening\n\n"
		 "%s\n\n"
		 "The link is valid for %d hours. If you did not ask for this, ignore this mail.\n",
		 link, CONFIRM_TTL_H);
	return vb_mail_queue(req->db, email, "Confirm your e-mail address", body,
			     "email_confirm");
}

/*
 * auth_email_post: POST /api/auth/email {email} -> 202, link mailed.  Meant
 * for the email login step; also accepted once signed in (it is what
 * Settings > Notification does), never before 2FA and privacy are passed.
 */
int auth_email_post(struct vb_req *req, struct vb_resp *resp)
{
	const char *email = vb_str(req, "email");
	json_object *detail;
	int refused;

	if (req->who.stage != VB_STAGE_EMAIL && req->who.stage != VB_STAGE_DONE)
		return auth_wrong_stage(resp);
	if (vb_db_begin(req->db) != 0 ||
	    auth_email_request(req, resp, req->who.account_id, email, &refused) != 0)
		return -1;
	if (refused)
		return vb_db_rollback(req->db);
	detail = json_object_new_object();
	json_object_object_add(detail, "email", json_object_new_string(email));
	if (vb_audit(req, "account.email_requested", "account", req->who.account_id, detail) != 0 ||
	    vb_db_commit(req->db) != 0)
		return -1;
	return vb_json(resp, 202, json_object_new_object());
}

/*
 * auth_email_confirm: POST /api/auth/email/confirm {token} (public) -> 200
 * {"email"}.  Sets the address, and moves every session of the account that
 * waits at the email step on, in the same transaction.
 */
int auth_email_confirm(struct vb_req *req, struct vb_resp *resp)
{
	const char *token = vb_str(req, "token");
	char hash[VB_SHA256_HEX];
	json_object *row = NULL, *detail, *o;
	const char *email;
	int64_t id, account_id, other;
	enum vb_stage next;
	int found, rc = -1;

	if (vb_sha256_hex(token, strlen(token), hash) != 0 || vb_db_begin(req->db) != 0)
		goto out;
	if (vb_db_query_row(req->db, &row,
		"SELECT c.id, c.account_id, c.email, a.role, a.parent_id"
		" FROM email_confirmations c JOIN accounts a ON a.id = c.account_id"
		" WHERE c.token_hash = ? AND c.used_at IS NULL AND c.expires_at > UTC_TIMESTAMP(3)"
		" FOR UPDATE", "s", hash) != 0)
		goto out;
	if (row == NULL) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 400, "invalid_token", "token",
			    "This link is unknown, already used or expired.");
		goto out;
	}
	id = vb_row_int(row, "id");
	account_id = vb_row_int(row, "account_id");
	email = vb_row_str(row, "email");
	/* Someone may have taken the address since the link was mailed; the
	 * unique key catches a race with that check. */
	if (vb_db_query_int(req->db, &other, &found,
		"SELECT id FROM accounts WHERE email = ? AND id <> ?", "si", email, account_id) != 0)
		goto out;
	if (!found && vb_db_exec(req->db, NULL,
		"UPDATE accounts SET email = ?, email_confirmed = 1, updated_at = UTC_TIMESTAMP(3)"
		" WHERE id = ?", "si", email, account_id) != 0) {
		if (vb_db_errno(req->db) != VB_DB_ER_DUP_ENTRY)
			goto out;
		found = 1;
	}
	if (found) {
		vb_db_rollback(req->db);
		rc = vb_err(resp, 409, "email_in_use", NULL,
			    "This e-mail address now belongs to another account.");
		goto out;
	}
	if (vb_db_exec(req->db, NULL,
		"UPDATE email_confirmations SET used_at = UTC_TIMESTAMP(3) WHERE id = ?", "i", id) != 0)
		goto out;
	if (auth_stage_from(req->db, account_id, VB_STAGE_EMAIL + 1, &next) != 0 ||
	    vb_db_exec(req->db, NULL,
		"UPDATE sessions SET stage = ? WHERE account_id = ? AND stage = 'email'",
		"si", vb_stage_name(next), account_id) != 0)
		goto out;
	detail = json_object_new_object();
	json_object_object_add(detail, "email", json_object_new_string(email));
	if (vb_audit_as(req, account_id,
			auth_tenant_of(vb_row_str(row, "role"), account_id,
				       vb_row_int(row, "parent_id")),
			"account.email_confirmed", "account", account_id, detail) != 0 ||
	    vb_db_commit(req->db) != 0)
		goto out;
	o = json_object_new_object();
	json_object_object_add(o, "email", json_object_new_string(email));
	rc = vb_json(resp, 200, o);
out:
	json_object_put(row);
	return rc;
}
