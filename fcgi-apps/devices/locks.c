/*
 * locks.c - the installer's third-party locks (F20): added from a
 * connected vendor account's list, named, assigned to one of its sites (or
 * none), removed, and opened through the vendor as a test.
 *
 * A lock row belongs to its vendor account (the foreign key cascades a
 * disconnect), so "connected" holds for every lock there is.  The vendor is
 * asked only outside a transaction: its answer may take seconds.
 */
#include <stdio.h>
#include <string.h>

#include "devices.h"
#include "lock_adapter.h"

/* The LOCK object of the API.  The site join checks the tenant too. */
#define LOCK_COLS \
	"l.id, l.vendor, l.vendor_lock_id, l.name, l.site_id, s.name AS site_name, " \
	"l.created_at, l.updated_at"
#define LOCK_FROM \
	" FROM locks l LEFT JOIN sites s ON s.id = l.site_id AND s.installer_id = l.installer_id"

/* The list's optional filters, always bound: they switch themselves off
 * ("? IS NULL OR ..."), so there is one prepared statement. */
#define FILTERS " WHERE l.installer_id = ? AND (? IS NULL OR l.site_id = ?) AND " \
	"(? IS NULL OR l.vendor = ?)"
/* The list's default page size: the devices list's. */
#define LOCK_PER_PAGE 50
/* locks.name: 64 code points of at most 4 bytes. */
#define LOCK_NAME_MAX 64

/* lock_find reads lock id of the tenant as a LOCK object into *out (caller
 * owns; NULL when there is none, still 0).  Returns 0 or -1. */
static int lock_find(struct vb_req *req, int64_t id, json_object **out)
{
	return vb_db_query_row(req->db, out,
			       "SELECT " LOCK_COLS LOCK_FROM " WHERE l.installer_id = ? AND l.id = ?",
			       "ii", req->who.tenant_id, id);
}

/* lock_answer reads lock id again, commits and answers it with status.
 * Read before the commit, so a failure cannot answer 500 for a change that
 * was made.  Returns 0 or -1. */
static int lock_answer(struct vb_req *req, struct vb_resp *resp, int64_t id, int status)
{
	json_object *l = NULL;

	if (lock_find(req, id, &l) < 0 || l == NULL || vb_db_commit(req->db) < 0) {
		json_object_put(l);
		return -1;
	}
	return vb_json(resp, status, l);
}

/* site_ok tells whether site id is the tenant's: 1 yes, 0 no, -1 failure.
 * In a transaction the row is share-locked, so the site stays until the
 * commit. */
static int site_ok(struct vb_req *req, int64_t id)
{
	int64_t n = 0;

	if (vb_db_query_int(req->db, &n, NULL,
			    vb_db_in_tx(req->db)
				    ? "SELECT COUNT(*) FROM sites WHERE installer_id = ? AND id = ? "
				      "LOCK IN SHARE MODE"
				    : "SELECT COUNT(*) FROM sites WHERE installer_id = ? AND id = ?",
			    "ii", req->who.tenant_id, id) < 0)
		return -1;
	return n > 0;
}

/* locks_list: GET /api/devices/locks?site_id=&vendor=&page=&per_page= ->
 * 200 {"items": [LOCK], "total", "page", "per_page"} ordered by vendor,
 * name; 404 for a site that is not the tenant's or a vendor not offered. */
int locks_list(struct vb_req *req, struct vb_resp *resp)
{
	int64_t site = vb_int(req, "site_id", VB_DB_NULL_INT), total = 0;
	const char *vendor = vb_str(req, "vendor");
	json_object *rows = NULL;
	struct vb_list l;
	size_t n;
	int ok;

	if (vb_list_params(req, resp, &l) < 0)
		return 0;
	l.per_page = vb_int(req, "per_page", LOCK_PER_PAGE);
	l.offset = (l.page - 1) * l.per_page;
	if (vendor != NULL && lock_adapter_find(req->conf, vendor, NULL) == NULL)
		return vb_err(resp, 404, "not_found", NULL, "this platform offers no such lock vendor");
	if (site != VB_DB_NULL_INT) {
		if ((ok = site_ok(req, site)) < 0)
			return -1;
		if (ok == 0)
			return device_not_found(resp, "site");
	}
	if (vb_db_query(req->db, &rows,
			"SELECT " LOCK_COLS LOCK_FROM FILTERS
			" ORDER BY l.vendor, l.name, l.id LIMIT ? OFFSET ?",
			"iIIssii", req->who.tenant_id, site, site, vendor, vendor, l.per_page,
			l.offset) < 0)
		return -1;
	n = json_object_array_length(rows);
	if ((int64_t)n < l.per_page && (n > 0 || l.offset == 0))
		total = l.offset + (int64_t)n;
	else if (vb_db_query_int(req->db, &total, NULL, "SELECT COUNT(*) FROM locks l" FILTERS,
				 "iIIss", req->who.tenant_id, site, site, vendor, vendor) < 0) {
		json_object_put(rows);
		return -1;
	}
	return vb_json(resp, 200, vb_list_body(rows, total, &l));
}

/*
 * vendor_name finds vid in the vendor's list locks and copies its name, cut
 * to LOCK_NAME_MAX code points (the column's size), into out.  Returns 1
 * when found, 0 when the vendor does not list it.
 */
static int vendor_name(json_object *locks, const char *vid, char out[4 * LOCK_NAME_MAX + 1])
{
	size_t i, n = json_object_array_length(locks), len, cp;
	json_object *v = NULL;
	const char *name;

	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(locks, i);

		json_object_object_get_ex(it, "id", &v);
		if (strcmp(json_object_get_string(v), vid) != 0)
			continue;
		json_object_object_get_ex(it, "name", &v);
		name = json_object_get_string(v);
		/* UTF-8 (the adapter checked it): a code point starts at every
		 * byte that is not 10xxxxxx. */
		for (len = 0, cp = 0; name[len] != '\0'; len++)
			if (((unsigned char)name[len] & 0xC0) != 0x80 && ++cp > LOCK_NAME_MAX)
				break;
		memcpy(out, name, len);
		out[len] = '\0';
		if (len == 0)
			snprintf(out, 4 * LOCK_NAME_MAX + 1, "%s", vid);
		return 1;
	}
	return 0;
}

/*
 * locks_create: POST /api/devices/locks {vendor, vendor_lock_id, name?,
 * site_id?} -> 201 LOCK.  404 vendor not offered or site not the tenant's,
 * 409 vendor_not_connected / lock_exists, 422 unknown_lock /
 * vendor_reconnect_needed, 502 vendor_unavailable.
 */
int locks_create(struct vb_req *req, struct vb_resp *resp)
{
	const char *vendor = vb_str(req, "vendor"), *vid = vb_str(req, "vendor_lock_id");
	int64_t site = vb_int(req, "site_id", VB_DB_NULL_INT), id = 0;
	const struct lock_adapter *ad;
	const char *base;
	json_object *locks = NULL, *detail = NULL;
	char name[4 * LOCK_NAME_MAX + 1], *token = NULL;
	int rc, ret = -1;

	if ((rc = lock_vendor_open(req, resp, vendor, &ad, &base, &token)) != 0)
		return rc < 0 ? -1 : 0;
	/* The cheap checks before the vendor is asked. */
	if (site != VB_DB_NULL_INT && (rc = site_ok(req, site)) <= 0) {
		ret = rc < 0 ? -1 : device_not_found(resp, "site");
		goto out;
	}
	if (vb_db_query_int(req->db, &id, NULL,
			    "SELECT id FROM locks WHERE installer_id = ? AND vendor = ? AND "
			    "vendor_lock_id = ?", "iss", req->who.tenant_id, vendor, vid) < 0)
		goto out;
	if (id > 0) {
		ret = vb_err(resp, 409, "lock_exists", "vendor_lock_id", "this lock is added already");
		goto out;
	}
	if ((rc = ad->list_locks(base, token, &locks)) != 0) {
		ret = lock_vendor_failed(resp, rc == 2 ? -1 : rc);
		goto out;
	}
	if (!vendor_name(locks, vid, name)) {
		ret = vb_err(resp, 422, "unknown_lock", "vendor_lock_id",
			     "your %s account has no such lock", ad->title);
		goto out;
	}
	if (vb_has(req, "name"))
		snprintf(name, sizeof(name), "%s", vb_str(req, "name"));

	if (vb_db_begin(req->db) < 0)
		goto out;
	/* Share-locked: a disconnect or a site delete waits for our commit,
	 * so the insert's foreign keys hold. */
	if (vb_db_query_int(req->db, &id, NULL,
			    "SELECT COUNT(*) FROM lock_accounts WHERE installer_id = ? AND vendor = ? "
			    "LOCK IN SHARE MODE", "is", req->who.tenant_id, vendor) < 0)
		goto out;
	if (id == 0) {
		vb_err(resp, 409, "vendor_not_connected", "vendor", "connect your %s account first",
		       ad->title);
		ret = vb_rollback_answered(req);
		goto out;
	}
	if (site != VB_DB_NULL_INT && (rc = site_ok(req, site)) <= 0) {
		if (rc == 0) {
			device_not_found(resp, "site");
			ret = vb_rollback_answered(req);
		}
		goto out;
	}
	/* Locked (the unique key's gap too): of two requests adding one lock,
	 * the second waits here and then finds the first's row. */
	if (vb_db_query_int(req->db, &id, NULL,
			    "SELECT COUNT(*) FROM locks WHERE installer_id = ? AND vendor = ? AND "
			    "vendor_lock_id = ? FOR UPDATE", "iss", req->who.tenant_id, vendor, vid) < 0)
		goto out;
	if (id > 0) {
		vb_err(resp, 409, "lock_exists", "vendor_lock_id", "this lock is added already");
		ret = vb_rollback_answered(req);
		goto out;
	}
	if (vb_db_exec(req->db, NULL,
		       "INSERT INTO locks (installer_id, vendor, vendor_lock_id, name, site_id) "
		       "VALUES (?, ?, ?, ?, ?)",
		       "isssI", req->who.tenant_id, vendor, vid, name, site) < 0)
		goto out;
	id = vb_db_last_id(req->db);
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "vendor", json_object_new_string(vendor));
	json_object_object_add(detail, "vendor_lock_id", json_object_new_string(vid));
	json_object_object_add(detail, "site_id",
			       site != VB_DB_NULL_INT ? json_object_new_int64(site) : NULL);
	rc = vb_audit(req, "lock.create", "lock", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	ret = lock_answer(req, resp, id, 201);
out:
	lock_token_free(token);
	json_object_put(locks);
	json_object_put(detail);
	return ret;
}

/*
 * locks_patch: PATCH /api/devices/locks/{id} {name?, site_id?} -> 200 LOCK;
 * site_id null unassigns.  404 not the tenant's lock or site.  A request
 * that changes nothing writes and audits nothing.
 */
int locks_patch(struct vb_req *req, struct vb_resp *resp)
{
	json_object *cur = NULL, *fields = NULL, *detail = NULL;
	int64_t id, site, cur_site;
	const char *name;
	int rc, ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "lock");
	if (vb_db_begin(req->db) < 0)
		return -1;
	if (vb_db_query_row(req->db, &cur,
			    "SELECT name, site_id FROM locks WHERE installer_id = ? AND id = ? "
			    "FOR UPDATE", "ii", req->who.tenant_id, id) < 0)
		goto out;
	if (cur == NULL) {
		device_not_found(resp, "lock");
		ret = vb_rollback_answered(req);
		goto out;
	}
	cur_site = vb_row_int(cur, "site_id") > 0 ? vb_row_int(cur, "site_id") : VB_DB_NULL_INT;
	site = vb_has(req, "site_id") ? vb_int(req, "site_id", VB_DB_NULL_INT) : cur_site;
	name = vb_has(req, "name") ? vb_str(req, "name") : vb_row_str(cur, "name");
	if (site != VB_DB_NULL_INT && site != cur_site && (rc = site_ok(req, site)) <= 0) {
		if (rc == 0) {
			device_not_found(resp, "site");
			ret = vb_rollback_answered(req);
		}
		goto out;
	}
	if ((fields = json_object_new_array()) == NULL)
		goto out;
	if (strcmp(name, vb_row_str(cur, "name")) != 0)
		json_object_array_add(fields, json_object_new_string("name"));
	if (site != cur_site)
		json_object_array_add(fields, json_object_new_string("site_id"));
	if (json_object_array_length(fields) == 0) {
		/* Nothing to write, nothing to audit. */
		if (vb_db_rollback(req->db) < 0)
			goto out;
		if (lock_find(req, id, &detail) < 0 || detail == NULL)
			goto out;
		ret = vb_json(resp, 200, detail);
		detail = NULL;
		goto out;
	}
	if (vb_db_exec(req->db, NULL,
		       "UPDATE locks SET name = ?, site_id = ?, updated_at = UTC_TIMESTAMP(3) "
		       "WHERE installer_id = ? AND id = ?",
		       "sIii", name, site, req->who.tenant_id, id) < 0)
		goto out;
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "fields", fields);
	fields = NULL;
	json_object_object_add(detail, "site_id",
			       site != VB_DB_NULL_INT ? json_object_new_int64(site) : NULL);
	rc = vb_audit(req, "lock.update", "lock", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	ret = lock_answer(req, resp, id, 200);
out:
	json_object_put(cur);
	json_object_put(fields);
	json_object_put(detail);
	return ret;
}

/* locks_delete: DELETE /api/devices/locks/{id} -> 204; 404 not the
 * tenant's lock.  The lock stays at the vendor: only our link to it goes. */
int locks_delete(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL;
	int64_t id;
	int rc, ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "lock");
	if (vb_db_begin(req->db) < 0)
		return -1;
	if (vb_db_query_row(req->db, &row,
			    "SELECT vendor, vendor_lock_id, name, site_id FROM locks "
			    "WHERE installer_id = ? AND id = ? FOR UPDATE",
			    "ii", req->who.tenant_id, id) < 0)
		goto out;
	if (row == NULL) {
		device_not_found(resp, "lock");
		ret = vb_rollback_answered(req);
		goto out;
	}
	if (vb_db_exec(req->db, NULL, "DELETE FROM locks WHERE installer_id = ? AND id = ?", "ii",
		       req->who.tenant_id, id) < 0)
		goto out;
	rc = vb_audit(req, "lock.delete", "lock", id, row);
	row = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_no_content(resp);
out:
	json_object_put(row);
	return ret;
}

/*
 * locks_unlock: POST /api/devices/locks/{id}/unlock -> 204 once the vendor
 * took the command.  404 not the tenant's lock (or its vendor no longer
 * offered), 422 unknown_lock / vendor_reconnect_needed, 502
 * vendor_unavailable.
 */
int locks_unlock(struct vb_req *req, struct vb_resp *resp)
{
	const struct lock_adapter *ad;
	const char *base;
	json_object *row = NULL, *detail = NULL;
	char *token = NULL;
	int64_t id;
	int rc, ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "lock");
	if (lock_find(req, id, &row) < 0)
		return -1;
	if (row == NULL)
		return device_not_found(resp, "lock");
	if ((rc = lock_vendor_open(req, resp, vb_row_str(row, "vendor"), &ad, &base, &token)) != 0) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if ((rc = ad->unlock(base, token, vb_row_str(row, "vendor_lock_id"))) != 0) {
		ret = lock_vendor_failed(resp, rc);
		goto out;
	}
	/* The door opened: that is recorded even if nothing else changed. */
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "vendor", json_object_new_string(ad->vendor));
	json_object_object_add(detail, "vendor_lock_id",
			       json_object_new_string(vb_row_str(row, "vendor_lock_id")));
	json_object_object_add(detail, "site_id",
			       vb_row_int(row, "site_id") > 0
				       ? json_object_new_int64(vb_row_int(row, "site_id")) : NULL);
	if (vb_db_begin(req->db) < 0)
		goto out;
	rc = vb_audit(req, "lock.unlock", "lock", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0 || vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_no_content(resp);
out:
	lock_token_free(token);
	json_object_put(row);
	json_object_put(detail);
	return ret;
}
