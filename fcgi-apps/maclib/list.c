/*
 * list.c - the MAC library list (F16): search by a MAC prefix (any
 * separators and case) or, for installers, by the prefix of the name of the
 * site using it; filter by state (and, for a distributor, by installer);
 * sort; pages.
 *
 * The statement is put together from fixed texts only (scope, state, order:
 * tables below, chosen by validated values), so nothing the caller sends is
 * ever part of the SQL, and the few variants each stay prepared.  The
 * optional filters are always bound and switch themselves off
 * ("? IS NULL OR ..."), which MariaDB folds when it optimises each
 * execution with the values bound.
 */
#include <stdio.h>
#include <string.h>

#include "maclib.h"

const char *const maclib_sort_choices[] = {
	"created_at", "-created_at", "mac", "-mac", "assigned_at", "-assigned_at", NULL,
};

/* Every order ends in a unique column so pages never overlap. */
static const struct {
	const char *key;
	int desc;
	const char *order;
} sorts[] = {
	{ "created_at", 1, "m.created_at DESC, m.id DESC" },  /* the default: newest first */
	{ "created_at", 0, "m.created_at, m.id" },
	{ "mac", 0, "m.mac" },
	{ "mac", 1, "m.mac DESC" },
	{ "assigned_at", 0, "m.assigned_at, m.id" },
	{ "assigned_at", 1, "m.assigned_at DESC, m.id DESC" },
};

/* The state filter; the last two only for a distributor. */
static const struct {
	const char *name;
	const char *cond;
	int distributor_only;
} states[] = {
	{ "unused", " AND d.id IS NULL", 0 },
	{ "in_use", " AND d.id IS NOT NULL", 0 },
	{ "unassigned", " AND m.installer_id IS NULL", 1 },
	{ "assigned", " AND m.installer_id IS NOT NULL", 1 },
};

/* The placeholders after the scope: the installer filter (twice), whether
 * there is a search, the MAC prefix pattern, the site name pattern. */
#define FILTERS \
	" AND (? IS NULL OR m.installer_id = ?) AND (? = 0 OR m.mac LIKE ? OR s.name LIKE ?)"

/* maclib_list: GET /api/maclib/macs?q=&state=&installer_id=&page=&per_page=&sort=
 * -> 200 {"items": [MACROW], "total", "page", "per_page"}. */
int maclib_list(struct vb_req *req, struct vb_resp *resp)
{
	const char *state = vb_str(req, "state"), *q = vb_str(req, "q");
	const char *scope, *cond = "", *order = sorts[0].order;
	int dist = maclib_is_distributor(req), has_q = 0;
	int64_t inst = VB_DB_NULL_INT, total = 0, sid = maclib_scope_id(req);
	char macpat[14], namepat[600], sql[2048], count_sql[2048];
	const char *mp = NULL, *np = NULL;
	json_object *rows = NULL, *items = NULL;
	struct vb_list l;
	size_t i, len;
	int ret = -1;

	if (vb_list_params(req, resp, &l) < 0)
		return 0;  /* the 400 is in resp */
	for (i = 0; i < VB_NITEMS(sorts); i++)
		if (strcmp(sorts[i].key, l.sort) == 0 && sorts[i].desc == !!l.desc)
			order = sorts[i].order;
	for (i = 0; state != NULL && i < VB_NITEMS(states); i++) {
		if (strcmp(states[i].name, state) != 0)
			continue;
		if (states[i].distributor_only && !dist)
			return vb_err(resp, 400, "invalid_field", "state",
				      "must be one of: unused, in_use");
		cond = states[i].cond;
	}
	if (vb_has(req, "installer_id")) {
		if (!dist)
			return vb_err(resp, 400, "invalid_field", "installer_id",
				      "only a distributor filters by installer");
		inst = vb_int(req, "installer_id", 0);
	}
	/* Surrounding spaces are never meant. */
	while (q != NULL && *q == ' ')
		q++;
	len = q != NULL ? strlen(q) : 0;
	while (len > 0 && q[len - 1] == ' ')
		len--;
	if (len > 0) {
		char qbuf[512];

		if (len >= sizeof(qbuf))
			return vb_err(resp, 400, "invalid_field", "q", "the search text is too long");
		memcpy(qbuf, q, len);
		qbuf[len] = '\0';
		has_q = 1;
		if (vb_db_mac_like(qbuf, strlen(qbuf), macpat) == 0)
			mp = macpat;
		/* Only the installer sees sites (maclib_item). */
		if (!dist) {
			if (vb_db_like(qbuf, strlen(qbuf), 0, namepat, sizeof(namepat)) < 0)
				return vb_err(resp, 400, "invalid_field", "q",
					      "the search text is too long");
			np = namepat;
		}
	}

	scope = dist ? MACLIB_SCOPE_D : MACLIB_SCOPE_I;
	snprintf(sql, sizeof(sql), "SELECT " MACLIB_COLS MACLIB_FROM "%s" FILTERS "%s ORDER BY %s "
		 "LIMIT ? OFFSET ?", scope, cond, order);
	snprintf(count_sql, sizeof(count_sql), "SELECT COUNT(*)" MACLIB_FROM "%s" FILTERS "%s",
		 scope, cond);
	if (vb_db_query(req->db, &rows, sql, "iIIbssii", sid, inst, inst, has_q, mp, np,
			l.per_page, l.offset) < 0)
		goto out;
	len = json_object_array_length(rows);
	/* A short page that has rows (or is the first) tells the total. */
	if ((int64_t)len < l.per_page && (len > 0 || l.offset == 0))
		total = l.offset + (int64_t)len;
	else if (vb_db_query_int(req->db, &total, NULL, count_sql, "iIIbss", sid, inst, inst,
				 has_q, mp, np) < 0)
		goto out;

	if ((items = json_object_new_array()) == NULL)
		goto out;
	for (i = 0; i < len; i++) {
		json_object *it = maclib_item(req, json_object_array_get_idx(rows, i));

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
