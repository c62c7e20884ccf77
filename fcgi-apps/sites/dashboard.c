/*
 * dashboard.c - the dashboard's counts (F8): sites, app accounts by status,
 * devices online and offline, and property managers.
 */
#include <string.h>

#include "sites.h"

/* dashboard_get: GET /api/dashboard -> 200 {"sites", "app_accounts":
 * {"normal", "inactivated", "expired", "total"}, "devices": {"online",
 * "offline", "total"}, "property_managers"}. */
int dashboard_get(struct vb_req *req, struct vb_resp *resp)
{
	static const char *const statuses[] = { "normal", "inactivated", "expired" };
	json_object *rows = NULL, *dev = NULL, *body = NULL, *apps = NULL, *devices = NULL;
	int64_t sites = 0, total = 0, pms = 0;
	size_t i, k, n;
	int ret = -1;

	/* An app account is a site's master account or one of its family
	 * members, and has its site's status.  One pass over the tenant's
	 * sites (family_count is kept with the members). */
	if (vb_db_query(req->db, &rows,
			"SELECT status, COUNT(*) AS sites, CAST(SUM(family_count) AS SIGNED) AS family "
			"FROM sites WHERE installer_id = ? GROUP BY status",
			"i", req->who.tenant_id) < 0)
		goto out;
	if (vb_db_query_int(req->db, &pms, NULL,
			    "SELECT COUNT(*) FROM accounts WHERE parent_id = ? "
			    "AND role = 'property_manager'",
			    "i", req->who.tenant_id) < 0)
		goto out;
	/* online is what the device last reported (the device-facing issue). */
	if (vb_db_query_row(req->db, &dev,
			    "SELECT COUNT(*) AS total, CAST(COALESCE(SUM(online), 0) AS SIGNED) AS online "
			    "FROM devices WHERE installer_id = ?",
			    "i", req->who.tenant_id) < 0 || dev == NULL)
		goto out;
	if ((body = json_object_new_object()) == NULL || (apps = json_object_new_object()) == NULL ||
	    (devices = json_object_new_object()) == NULL)
		goto out;
	n = json_object_array_length(rows);
	for (k = 0; k < VB_NITEMS(statuses); k++) {
		int64_t count = 0;

		for (i = 0; i < n; i++) {
			json_object *r = json_object_array_get_idx(rows, i);
			const char *st = vb_row_str(r, "status");

			if (st != NULL && strcmp(st, statuses[k]) == 0) {
				sites += vb_row_int(r, "sites");
				count = vb_row_int(r, "sites") + vb_row_int(r, "family");
			}
		}
		json_object_object_add(apps, statuses[k], json_object_new_int64(count));
		total += count;
	}
	json_object_object_add(apps, "total", json_object_new_int64(total));
	json_object_object_add(devices, "online", json_object_new_int64(vb_row_int(dev, "online")));
	json_object_object_add(devices, "offline", json_object_new_int64(
		vb_row_int(dev, "total") - vb_row_int(dev, "online")));
	json_object_object_add(devices, "total", json_object_new_int64(vb_row_int(dev, "total")));
	json_object_object_add(body, "sites", json_object_new_int64(sites));
	json_object_object_add(body, "app_accounts", apps);
	json_object_object_add(body, "devices", devices);
	json_object_object_add(body, "property_managers", json_object_new_int64(pms));
	apps = devices = NULL;
	ret = vb_json(resp, 200, body);
	body = NULL;
out:
	json_object_put(rows);
	json_object_put(dev);
	json_object_put(body);
	json_object_put(apps);
	json_object_put(devices);
	return ret;
}
