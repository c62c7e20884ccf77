/*
 * list.c - the intercom device list (F17): the installer's devices, of one
 * site or all, of one type or all, searched by the prefix of the name or of
 * the MAC (any separators and case), in pages.
 *
 * One fixed statement: the optional filters are always bound and switch
 * themselves off ("? IS NULL OR ..."), so nothing the caller sends is part
 * of the SQL.  The devices' relays and buttons come with one query each for
 * the whole page (devrow_items).
 */
#include <string.h>

#include "devices.h"

/* The default page: a site has at most DEVICE_MAX_PER_SITE devices, so
 * one page shows a few sites whole. */
#define LIST_PER_PAGE 50

/* The placeholders: the tenant, the site (twice), the type (twice), whether
 * there is a search, the name pattern, the MAC pattern. */
#define LIST_WHERE \
	" WHERE d.installer_id = ? AND (? IS NULL OR d.site_id = ?) " \
	"AND (? IS NULL OR m.type = ?) AND (? = 0 OR d.name LIKE ? OR d.mac LIKE ?)"

/* By site, then type as an installer walks up to a house (door phones,
 * access control, guard phones, indoor monitors), then name; the id makes
 * pages never overlap. */
#define LIST_ORDER \
	" ORDER BY d.site_id, FIELD(m.type, 'door_phone', 'access_control', 'guard_phone', " \
	"'indoor_monitor'), d.name, d.id"

/* devices_list: GET /api/devices?site_id=&type=&q=&page=&per_page= -> 200
 * {"items": [DEVICE], "total", "page", "per_page"}; 404 for a site_id that
 * is not one of the tenant's sites. */
int devices_list(struct vb_req *req, struct vb_resp *resp)
{
	const char *q = vb_str(req, "q"), *type = vb_str(req, "type");
	int64_t site = VB_DB_NULL_INT, total = 0;
	json_object *srow = NULL, *rows = NULL, *items = NULL;
	char namepat[600], macpat[14];
	const char *np = NULL, *mp = NULL;
	struct vb_list l;
	size_t len;
	int has_q = 0, ret = -1;

	if (vb_list_params(req, resp, &l) < 0)
		return 0;  /* the 400 is in resp */
	if (!vb_has(req, "per_page")) {
		l.per_page = LIST_PER_PAGE;
		l.offset = (l.page - 1) * l.per_page;
	}
	if (vb_has(req, "site_id")) {
		if (device_site(req, vb_int(req, "site_id", 0), 0, &srow) < 0)
			return -1;
		if (srow == NULL)
			return device_not_found(resp, "site");
		site = vb_row_int(srow, "id");
		json_object_put(srow);
	}
	/* Surrounding spaces are never meant. */
	while (q != NULL && *q == ' ')
		q++;
	len = q != NULL ? strlen(q) : 0;
	while (len > 0 && q[len - 1] == ' ')
		len--;
	if (len > 0) {
		has_q = 1;
		if (vb_db_like(q, len, 0, namepat, sizeof(namepat)) < 0)
			return vb_err(resp, 400, "invalid_field", "q",
				      "the search text is too long");
		np = namepat;
		if (vb_db_mac_like(q, len, macpat) == 0)
			mp = macpat;
	}

	if (vb_db_query(req->db, &rows,
			"SELECT " DEVROW_COLS DEVROW_FROM LIST_WHERE LIST_ORDER " LIMIT ? OFFSET ?",
			"iIIssbssii", req->who.tenant_id, site, site, type, type, has_q, np, mp,
			l.per_page, l.offset) < 0)
		goto out;
	len = json_object_array_length(rows);
	/* A short page that has rows (or is the first) tells the total. */
	if ((int64_t)len < l.per_page && (len > 0 || l.offset == 0))
		total = l.offset + (int64_t)len;
	else if (vb_db_query_int(req->db, &total, NULL, "SELECT COUNT(*)" DEVROW_FROM LIST_WHERE,
				 "iIIssbss", req->who.tenant_id, site, site, type, type, has_q, np,
				 mp) < 0)
		goto out;
	if (devrow_items(req, rows, &items) < 0)
		goto out;
	vb_json(resp, 200, vb_list_body(items, total, &l));
	items = NULL;  /* owned by the response now */
	ret = 0;
out:
	json_object_put(rows);
	json_object_put(items);
	return ret;
}
