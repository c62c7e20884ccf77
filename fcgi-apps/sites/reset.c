/*
 * reset.c - resetting a site for new occupants (F13).
 *
 * What goes is what belongs to the people: their family member accounts,
 * the master's contact details and login, landlines, access credentials,
 * logs, messages and alarms.  What stays is what belongs to the house and the
 * installer's contract with it: status and expiry, the free family slots and
 * the Additional Apps bought, the settings (call mode, time zone, language,
 * time format, smart home, premium plan, indoor monitor, landline service),
 * name, room name, address, video storage, SIP numbers and the audit log.
 * The app is unregistered and the credentials are gone, and nobody is
 * mailed: the next occupants get a login when the installer adds their
 * e-mail address (which makes a new master identity, edit.c).
 */
#include "sites.h"

/* The site's rows a reset deletes, counted under the key the answer uses.
 * They go before the family members: the credentials and messages of a
 * member would otherwise go by cascade with it, uncounted. */
static const struct {
	const char *key;
	const char *sql;
} wipes[] = {
	{ "access_credentials",
	  "DELETE FROM access_credentials WHERE installer_id = ? AND site_id = ?" },
	{ "door_logs", "DELETE FROM door_logs WHERE installer_id = ? AND site_id = ?" },
	{ "call_logs", "DELETE FROM call_logs WHERE installer_id = ? AND site_id = ?" },
	{ "messages", "DELETE FROM site_messages WHERE installer_id = ? AND site_id = ?" },
	{ "alarms", "DELETE FROM alarms WHERE installer_id = ? AND site_id = ?" },
};

/*
 * drop_family deletes the site's family members, then their identities,
 * and adds their number to removed as "family_members".  Returns 0 or -1.
 */
static int drop_family(struct vb_req *req, int64_t id, json_object *removed)
{
	json_object *rows = NULL;
	int64_t n = 0;
	size_t i;
	int ret = -1;

	if (vb_db_query(req->db, &rows,
			"SELECT identity_id FROM family_members WHERE installer_id = ? AND site_id = ?",
			"ii", req->who.tenant_id, id) < 0)
		goto out;
	if (vb_db_exec(req->db, &n,
		       "DELETE FROM family_members WHERE installer_id = ? AND site_id = ?",
		       "ii", req->who.tenant_id, id) < 0)
		goto out;
	/* Released after the rows referring to them are gone (identity.c). */
	for (i = 0; i < json_object_array_length(rows); i++)
		if (identity_release(req, vb_row_int(json_object_array_get_idx(rows, i),
						     "identity_id")) < 0)
			goto out;
	json_object_object_add(removed, "family_members", json_object_new_int64(n));
	ret = 0;
out:
	json_object_put(rows);
	return ret;
}

/*
 * sites_reset: POST /api/sites/{id}/reset -> 200 {"site": SITE, "removed":
 * {"family_members", "access_credentials", "door_logs", "call_logs",
 * "messages", "alarms"}}; 404 for another's site.  One transaction, the
 * site row locked first so no family member can be added meanwhile.
 */
int sites_reset(struct vb_req *req, struct vb_resp *resp)
{
	json_object *site = NULL, *after = NULL, *removed = NULL, *body = NULL;
	int64_t id, ident, n;
	size_t i;
	int rc, ret = -1;

	if ((rc = site_open(req, resp, "id", &id, &site)) != 0)
		return rc < 0 ? -1 : 0;
	if ((removed = json_object_new_object()) == NULL)
		goto out;
	/* First in the answer, counted last (see wipes). */
	json_object_object_add(removed, "family_members", json_object_new_int64(0));
	for (i = 0; i < VB_NITEMS(wipes); i++) {
		n = 0;
		if (vb_db_exec(req->db, &n, wipes[i].sql, "ii", req->who.tenant_id, id) < 0)
			goto out;
		json_object_object_add(removed, wipes[i].key, json_object_new_int64(n));
	}
	if (drop_family(req, id, removed) < 0)
		goto out;

	ident = vb_row_int(site, "identity_id");
	if (vb_db_exec(req->db, NULL,
		       "UPDATE sites SET identity_id = NULL, email = '', country_code = '', "
		       "mobile = '', landline1 = '', landline2 = '', landline3 = '', "
		       "family_count = 0, app_registered_at = NULL, "
		       "last_reset_at = UTC_TIMESTAMP(3), updated_at = UTC_TIMESTAMP(3) "
		       "WHERE installer_id = ? AND id = ?",
		       "ii", req->who.tenant_id, id) < 0)
		goto out;
	/* Gone with its credentials, unless other (linked) sites still sign in
	 * with it. */
	if (ident != 0 && identity_release(req, ident) < 0)
		goto out;

	/* vb_audit consumes its detail; the answer keeps its own reference. */
	if (vb_audit(req, "site.reset", "site", id, json_object_get(removed)) < 0)
		goto out;
	/* The answer is built before the commit so that nothing can fail
	 * between a reset made and its 200. */
	if (site_find(req, id, 0, &after) < 0 || after == NULL)
		goto out;
	if ((body = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(body, "site", after);
	after = NULL;
	json_object_object_add(body, "removed", removed);
	removed = NULL;
	if (vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_json(resp, 200, body);
	body = NULL;
out:
	json_object_put(site);
	json_object_put(after);
	json_object_put(removed);
	json_object_put(body);
	return ret;
}
