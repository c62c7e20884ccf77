/*
 * identity.c - resident identities: the e-mail address and credentials a
 * resident signs in to the app with.  A master identity may serve several
 * sites of one installer (linked sites); a family identity serves one family
 * member.  E-mail addresses are unique platform-wide (the unique key decides,
 * so two concurrent requests cannot both take one).
 */
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/* empty_null maps "" to NULL: an identity without an e-mail stores NULL,
 * which the unique key allows any number of times. */
static const char *empty_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

int identity_create(struct vb_req *req, const char *kind, const char *email,
		    const char *country_code, const char *mobile, int64_t *id,
		    char pw[VB_GEN_PASSWORD_LEN + 1])
{
	char *hash = NULL;
	int ret = -1;

	if (vb_password_generate(pw) < 0 || vb_password_hash(pw, &hash) < 0)
		goto out;
	if (vb_db_exec(req->db, NULL,
		       "INSERT INTO resident_identities (installer_id, kind, email, country_code, "
		       "mobile, password_hash, must_change_password) VALUES (?, ?, ?, ?, ?, ?, 1)",
		       "isssss", req->who.tenant_id, kind, empty_null(email),
		       country_code ? country_code : "", mobile ? mobile : "", hash) < 0) {
		if (vb_db_errno(req->db) == VB_DB_ER_DUP_ENTRY)
			ret = 1;
		goto out;
	}
	*id = vb_db_last_id(req->db);
	ret = 0;
out:
	if (ret != 0)
		memset(pw, 0, VB_GEN_PASSWORD_LEN + 1);
	free(hash);
	return ret;
}

int identity_set_contact(struct vb_req *req, int64_t id, const char *email,
			 const char *country_code, const char *mobile)
{
	if (vb_db_exec(req->db, NULL,
		       "UPDATE resident_identities SET email = ?, country_code = ?, mobile = ?, "
		       "updated_at = UTC_TIMESTAMP(3) WHERE id = ? AND installer_id = ?",
		       "sssii", empty_null(email), country_code ? country_code : "",
		       mobile ? mobile : "", id, req->who.tenant_id) < 0)
		return vb_db_errno(req->db) == VB_DB_ER_DUP_ENTRY ? 1 : -1;
	return 0;
}

int identity_new_password(struct vb_req *req, int64_t id, char pw[VB_GEN_PASSWORD_LEN + 1])
{
	char *hash = NULL;
	int64_t n = 0;
	int ret = -1;

	if (pw != NULL && (vb_password_generate(pw) < 0 || vb_password_hash(pw, &hash) < 0))
		goto out;
	if (vb_db_exec(req->db, &n,
		       "UPDATE resident_identities SET password_hash = ?, must_change_password = 1, "
		       "credentials_changed_at = UTC_TIMESTAMP(3), updated_at = UTC_TIMESTAMP(3) "
		       "WHERE id = ? AND installer_id = ?",
		       "sii", hash, id, req->who.tenant_id) < 0 || n != 1)
		goto out;
	ret = 0;
out:
	if (ret != 0 && pw != NULL)
		memset(pw, 0, VB_GEN_PASSWORD_LEN + 1);
	free(hash);
	return ret;
}

int identity_site_count(struct vb_req *req, int64_t id, int64_t *n)
{
	return vb_db_query_int(req->db, n, NULL,
			       "SELECT COUNT(*) FROM sites WHERE installer_id = ? AND identity_id = ?",
			       "ii", req->who.tenant_id, id);
}

int identity_release(struct vb_req *req, int64_t id)
{
	/* The NOT EXISTS checks run in the same statement as the delete, under
	 * the caller's transaction, so a concurrent link cannot slip between a
	 * check and the delete unnoticed: the foreign keys would refuse it. */
	return vb_db_exec(req->db, NULL,
			  "DELETE FROM resident_identities WHERE id = ? AND installer_id = ? "
			  "AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.identity_id = ?) "
			  "AND NOT EXISTS (SELECT 1 FROM family_members f WHERE f.identity_id = ?)",
			  "iiii", id, req->who.tenant_id, id, id);
}
