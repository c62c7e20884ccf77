/*
 * lock_vendors.c - the lock vendors this deployment offers and the
 * installer's account at each (F20): connect (the vendor's login gives a
 * token, sealed here; the password is used once and never kept), disconnect
 * (its locks go too), and the vendor's list of the account's locks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "lock_adapter.h"

/* vendor_item builds {"vendor", "title", "connected", "username",
 * "connected_at"} for adapter ad from the tenant's account row (NULL: not
 * connected).  Returns a new object (caller owns), NULL when out of memory. */
static json_object *vendor_item(const struct lock_adapter *ad, json_object *acct)
{
	json_object *o = json_object_new_object(), *v = NULL;

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "vendor", json_object_new_string(ad->vendor));
	json_object_object_add(o, "title", json_object_new_string(ad->title));
	json_object_object_add(o, "connected", json_object_new_boolean(acct != NULL));
	json_object_object_get_ex(acct, "username", &v);
	json_object_object_add(o, "username", json_object_get(v));
	v = NULL;
	json_object_object_get_ex(acct, "connected_at", &v);
	json_object_object_add(o, "connected_at", json_object_get(v));
	return o;
}

/* account_row reads the tenant's account at vendor (username,
 * connected_at) into *out (NULL when not connected).  Returns 0 or -1. */
static int account_row(struct vb_req *req, const char *vendor, json_object **out)
{
	return vb_db_query_row(req->db, out,
			       "SELECT username, connected_at FROM lock_accounts WHERE installer_id = ? "
			       "AND vendor = ?", "is", req->who.tenant_id, vendor);
}

/* not_offered answers the 404 for a vendor this deployment does not offer
 * (or that does not exist).  Returns 0. */
static int not_offered(struct vb_resp *resp)
{
	return vb_err(resp, 404, "not_found", NULL, "this platform offers no such lock vendor");
}

/* lock_vendors_list: GET /api/devices/lock-vendors -> 200 {"items": [VENDOR]}
 * for the vendors offered here, connected or not. */
int lock_vendors_list(struct vb_req *req, struct vb_resp *resp)
{
	json_object *items = json_object_new_array(), *acct = NULL, *it;
	const struct lock_adapter *ad;
	size_t i;
	int ret = -1;

	if (items == NULL)
		return -1;
	for (i = 0; lock_vendor_choices[i] != NULL; i++) {
		if ((ad = lock_adapter_find(req->conf, lock_vendor_choices[i], NULL)) == NULL)
			continue;
		if (account_row(req, ad->vendor, &acct) < 0)
			goto out;
		it = vendor_item(ad, acct);
		json_object_put(acct);
		acct = NULL;
		if (it == NULL || json_object_array_add(items, it) < 0) {
			json_object_put(it);
			goto out;
		}
	}
	if ((it = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(it, "items", items);
	items = NULL;
	ret = vb_json(resp, 200, it);
out:
	json_object_put(items);
	return ret;
}

/*
 * lock_vendor_connect: PUT /api/devices/lock-vendors/{vendor} {username,
 * password} -> 200 VENDOR.  404 not offered, 422 vendor_login_failed,
 * 502 vendor_unavailable.  Connecting again replaces the token.
 */
int lock_vendor_connect(struct vb_req *req, struct vb_resp *resp)
{
	const char *vendor = vb_param(req, "vendor"), *base = NULL;
	const char *user = vb_str(req, "username");
	const struct lock_adapter *ad;
	json_object *acct = NULL, *detail = NULL, *item = NULL;
	char *token = NULL, *sealed = NULL, aad[96];
	int rc, ret = -1;

	if ((ad = lock_adapter_find(req->conf, vendor, &base)) == NULL)
		return not_offered(resp);
	if (!req->conf->have_key)
		return vb_err(resp, 422, "no_platform_key", NULL,
			      "this platform has no key to keep vendor tokens with; ask its "
			      "administrator to configure key_file");
	/* No transaction open across the vendor's answer: it may take seconds. */
	rc = ad->login(base, user, vb_str(req, "password"), &token);
	if (rc == 1)
		return vb_err(resp, 422, "vendor_login_failed", "password",
			      "%s refused this user name and password", ad->title);
	if (rc != 0)
		return lock_vendor_failed(resp, -1);
	snprintf(aad, sizeof(aad), "lock_account:%lld:%s", (long long)req->who.tenant_id,
		 ad->vendor);
	if (vb_seal(req->conf->key, aad, token, strlen(token), &sealed) < 0)
		goto out;
	if (vb_db_begin(req->db) < 0)
		goto out;
	if (vb_db_exec(req->db, NULL,
		       "INSERT INTO lock_accounts (installer_id, vendor, username, token_sealed) "
		       "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE username = VALUES(username), "
		       "token_sealed = VALUES(token_sealed), connected_at = UTC_TIMESTAMP(3)",
		       "isss", req->who.tenant_id, ad->vendor, user, sealed) < 0)
		goto out;
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "vendor", json_object_new_string(ad->vendor));
	json_object_object_add(detail, "username", json_object_new_string(user));
	rc = vb_audit(req, "lock_vendor.connect", "lock_vendor", 0, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	if (account_row(req, ad->vendor, &acct) < 0 || acct == NULL)
		goto out;
	if ((item = vendor_item(ad, acct)) == NULL)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_json(resp, 200, item);
	item = NULL;
out:
	lock_token_free(token);
	free(sealed);
	json_object_put(acct);
	json_object_put(detail);
	json_object_put(item);
	return ret;
}

/* lock_vendor_disconnect: DELETE /api/devices/lock-vendors/{vendor} -> 204;
 * the account's locks are removed with it.  404 not offered or not
 * connected. */
int lock_vendor_disconnect(struct vb_req *req, struct vb_resp *resp)
{
	const char *vendor = vb_param(req, "vendor");
	const struct lock_adapter *ad;
	json_object *acct = NULL, *detail = NULL;
	int64_t n = 0;
	int rc, ret = -1;

	if ((ad = lock_adapter_find(req->conf, vendor, NULL)) == NULL)
		return not_offered(resp);
	if (vb_db_begin(req->db) < 0)
		return -1;
	/* Locked: a lock being added to this account waits, then finds none. */
	if (vb_db_query_row(req->db, &acct,
			    "SELECT username FROM lock_accounts WHERE installer_id = ? AND vendor = ? "
			    "FOR UPDATE", "is", req->who.tenant_id, ad->vendor) < 0)
		goto out;
	if (acct == NULL) {
		if (vb_db_rollback(req->db) < 0)
			goto out;
		ret = vb_err(resp, 404, "not_found", NULL, "your %s account is not connected",
			     ad->title);
		goto out;
	}
	if (vb_db_query_int(req->db, &n, NULL,
			    "SELECT COUNT(*) FROM locks WHERE installer_id = ? AND vendor = ?",
			    "is", req->who.tenant_id, ad->vendor) < 0)
		goto out;
	/* The account's locks go by the foreign key's cascade. */
	if (vb_db_exec(req->db, NULL,
		       "DELETE FROM lock_accounts WHERE installer_id = ? AND vendor = ?",
		       "is", req->who.tenant_id, ad->vendor) < 0)
		goto out;
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "vendor", json_object_new_string(ad->vendor));
	json_object_object_add(detail, "username",
			       json_object_new_string(vb_row_str(acct, "username")));
	json_object_object_add(detail, "locks_removed", json_object_new_int64(n));
	rc = vb_audit(req, "lock_vendor.disconnect", "lock_vendor", 0, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	ret = vb_no_content(resp);
out:
	json_object_put(acct);
	json_object_put(detail);
	return ret;
}

/* added_id returns the id of the tenant's lock with vendor id vid among
 * rows ({vendor_lock_id, id}), 0 when it was not added. */
static int64_t added_id(json_object *rows, const char *vid)
{
	size_t i, n = json_object_array_length(rows);

	for (i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(rows, i);
		const char *s = vb_row_str(r, "vendor_lock_id");

		if (s != NULL && strcmp(s, vid) == 0)
			return vb_row_int(r, "id");
	}
	return 0;
}

/*
 * lock_vendor_locks: GET /api/devices/lock-vendors/{vendor}/locks -> 200
 * {"items": [{"vendor_lock_id", "name", "added", "lock_id"}]} in the
 * vendor's order.  404 not offered, 409 vendor_not_connected, 422
 * vendor_reconnect_needed, 502 vendor_unavailable.
 */
int lock_vendor_locks(struct vb_req *req, struct vb_resp *resp)
{
	const struct lock_adapter *ad;
	const char *base;
	json_object *locks = NULL, *rows = NULL, *items = NULL, *body;
	char *token = NULL;
	size_t i, n;
	int rc, ret = -1;

	if ((rc = lock_vendor_open(req, resp, vb_param(req, "vendor"), &ad, &base, &token)) != 0)
		return rc < 0 ? -1 : 0;
	rc = ad->list_locks(base, token, &locks);
	if (rc != 0) {
		ret = lock_vendor_failed(resp, rc == 2 ? -1 : rc);
		goto out;
	}
	if (vb_db_query(req->db, &rows,
			"SELECT vendor_lock_id, id FROM locks WHERE installer_id = ? AND vendor = ?",
			"is", req->who.tenant_id, ad->vendor) < 0)
		goto out;
	if ((items = json_object_new_array()) == NULL)
		goto out;
	n = json_object_array_length(locks);
	for (i = 0; i < n; i++) {
		json_object *l = json_object_array_get_idx(locks, i), *it, *v = NULL;
		int64_t id;

		if ((it = json_object_new_object()) == NULL)
			goto out;
		json_object_object_get_ex(l, "id", &v);
		json_object_object_add(it, "vendor_lock_id", json_object_get(v));
		id = added_id(rows, json_object_get_string(v));
		json_object_object_get_ex(l, "name", &v);
		json_object_object_add(it, "name", json_object_get(v));
		json_object_object_add(it, "added", json_object_new_boolean(id > 0));
		json_object_object_add(it, "lock_id", id > 0 ? json_object_new_int64(id) : NULL);
		if (json_object_array_add(items, it) < 0) {
			json_object_put(it);
			goto out;
		}
	}
	if ((body = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(body, "items", items);
	items = NULL;
	ret = vb_json(resp, 200, body);
out:
	lock_token_free(token);
	json_object_put(locks);
	json_object_put(rows);
	json_object_put(items);
	return ret;
}
