/*
 * cameras_list.c - the tenant's third-party cameras (F19), of one site or
 * all, searched by a prefix of the name, in pages.
 *
 * The optional filters are always bound and switch themselves off
 * ("? IS NULL OR ..."), so there is one prepared statement.
 */
#include <string.h>

#include "devices.h"

/* The list's default page size: the devices list's. */
#define CAMERA_PER_PAGE 50

#define FILTERS \
	" WHERE c.installer_id = ? AND (? IS NULL OR c.site_id = ?) AND (? IS NULL OR c.name LIKE ?)"

/* cameras_list: GET /api/devices/cameras?site_id=&q=&page=&per_page= -> 200
 * {"items": [CAMERA], "total", "page", "per_page"}, ordered by site, name;
 * 404 for a site_id that is not the tenant's. */
int cameras_list(struct vb_req *req, struct vb_resp *resp)
{
	int64_t site = vb_int(req, "site_id", VB_DB_NULL_INT), total = 0;
	const char *q = vb_str(req, "q"), *pat = NULL;
	json_object *rows = NULL, *items = NULL, *s = NULL;
	char like[300];
	struct vb_list l;
	size_t i, n;
	int ret = -1;

	if (vb_list_params(req, resp, &l) < 0)
		return 0;  /* the 400 is in resp */
	l.per_page = vb_int(req, "per_page", CAMERA_PER_PAGE);
	l.offset = (l.page - 1) * l.per_page;
	if (site != VB_DB_NULL_INT) {
		if (device_site(req, site, 0, &s) < 0)
			return -1;
		if (s == NULL)
			return device_not_found(resp, "site");
		json_object_put(s);
	}
	if (q != NULL && q[0] != '\0') {
		if (vb_db_like(q, strlen(q), 0, like, sizeof(like)) < 0)
			return vb_err(resp, 400, "invalid_field", "q", "the search text is too long");
		pat = like;
	}
	if (vb_db_query(req->db, &rows,
			"SELECT " CAMERA_COLS CAMERA_FROM FILTERS
			" ORDER BY c.site_id, c.name, c.id LIMIT ? OFFSET ?",
			"iIIssii", req->who.tenant_id, site, site, pat, pat, l.per_page,
			l.offset) < 0)
		goto out;
	n = json_object_array_length(rows);
	/* A short page that has rows (or is the first) tells the total. */
	if ((int64_t)n < l.per_page && (n > 0 || l.offset == 0))
		total = l.offset + (int64_t)n;
	else if (vb_db_query_int(req->db, &total, NULL,
				 "SELECT COUNT(*) FROM cameras c" FILTERS, "iIIss",
				 req->who.tenant_id, site, site, pat, pat) < 0)
		goto out;
	if ((items = json_object_new_array()) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		json_object *it = camera_item(json_object_get(json_object_array_get_idx(rows, i)));

		if (it == NULL || json_object_array_add(items, it) < 0) {
			json_object_put(it);
			goto out;
		}
	}
	vb_json(resp, 200, vb_list_body(items, total, &l));
	items = NULL;  /* owned by the response now */
	ret = 0;
out:
	json_object_put(rows);
	json_object_put(items);
	return ret;
}
