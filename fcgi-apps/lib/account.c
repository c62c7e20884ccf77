/*
 * account.c - the account as every area shows it ("ME"), and the password
 * policy for new passwords.
 */
#include <string.h>
#include "vestibule.h"

/* copy_str adds row[key] to o as a string, or null when absent/NULL. */
static void copy_str(json_object *o, json_object *row, const char *key, const char *as)
{
	const char *s = vb_row_str(row, key);

	json_object_object_add(o, as, s != NULL ? json_object_new_string(s) : NULL);
}

/* copy_bool adds row[key] to o as a boolean (false when absent/NULL). */
static void copy_bool(json_object *o, json_object *row, const char *key)
{
	json_object_object_add(o, key, json_object_new_boolean(vb_row_bool(row, key)));
}

/*
 * vb_account_me: see vb_account.h.  One query: the effective account, its
 * active TOTP secret (if any) and, when a distributor is switched in, the
 * distributor (joined only when actor differs from the account).
 */
int vb_account_me(struct vb_req *req, json_object **out)
{
	json_object *row = NULL, *o = NULL, *by;
	int rc = -1;

	if (req->who.account_id <= 0)
		goto out;
	/* The row read with the session is good while the request has not
	 * written anything and still acts as the same account. */
	if (req->account != NULL && req->account_writes == vb_db_writes(req->db) &&
	    vb_row_int(req->account, "id") == req->who.account_id) {
		row = json_object_get(req->account);
	} else if (vb_db_query_row(req->db, &row,
		"SELECT" VB_ACCOUNT_COLUMNS
		" FROM accounts e"
		" LEFT JOIN totp_secrets ts ON ts.account_id = e.id AND ts.active = 1"
		" LEFT JOIN accounts d ON d.id = ? AND d.id <> e.id"
		" WHERE e.id = ?", "ii", req->who.actor_id, req->who.account_id) != 0) {
		goto out;
	}
	if (row == NULL)
		goto out;

	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(vb_row_int(row, "id")));
	copy_str(o, row, "role", "role");
	copy_str(o, row, "username", "username");
	copy_str(o, row, "email", "email");
	copy_bool(o, row, "email_confirmed");
	copy_str(o, row, "name", "name");
	json_object_object_add(o, "stage", json_object_new_string(vb_stage_name(req->who.stage)));
	copy_bool(o, row, "twofa_enabled");
	json_object_object_add(o, "totp_enrolled",
			       json_object_new_boolean(vb_row_int(row, "totp_id") != 0));
	copy_bool(o, row, "notifications_enabled");
	copy_bool(o, row, "payment_permission");
	copy_bool(o, row, "account_access_enabled");
	copy_bool(o, row, "access_granted");
	copy_bool(o, row, "installer_app");
	if (vb_row_int(row, "by_id") != 0) {
		by = json_object_new_object();
		json_object_object_add(by, "id", json_object_new_int64(vb_row_int(row, "by_id")));
		copy_str(by, row, "by_email", "email");
		copy_str(by, row, "by_name", "name");
		json_object_object_add(o, "switched_by", by);
	} else {
		json_object_object_add(o, "switched_by", NULL);
	}
	*out = o;
	o = NULL;
	rc = 0;
out:
	json_object_put(row);
	json_object_put(o);
	return rc;
}

/* utf8_len tells how many bytes the UTF-8 sequence starting with lead takes
 * (the string is already known to be valid UTF-8). */
static size_t utf8_len(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if ((lead & 0xe0) == 0xc0)
		return 2;
	if ((lead & 0xf0) == 0xe0)
		return 3;
	return 4;
}

/*
 * vb_password_ok: see vb_account.h.  Length is counted in bytes because
 * that is what scrypt hashes; "one character repeated" is judged per code
 * point so "éééé" is refused like "aaaaaaaa".  *why is a static string.
 */
int vb_password_ok(const char *pw, const char **why)
{
	size_t len, ncp, k;

	if (pw == NULL) {
		*why = "password is required";
		return -1;
	}
	len = strlen(pw);
	if (len < 8 || len > 128) {
		*why = "password must be 8 to 128 bytes long";
		return -1;
	}
	if (vb_valid_utf8(pw, len, &ncp) != 0) {
		*why = "password must be valid UTF-8";
		return -1;
	}
	k = utf8_len((unsigned char)pw[0]);
	for (size_t i = k; i + k <= len; i += k) {
		if (memcmp(pw + i, pw, k) != 0)
			return 0;
	}
	if (len % k != 0)
		return 0;
	*why = "password must not be one character repeated";
	return -1;
}
