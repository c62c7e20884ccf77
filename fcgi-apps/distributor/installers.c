/*
 * installers.c - reading a distributor's installers: the searchable, sorted,
 * paged list and the single installer (the API's INST object).
 */
#include <string.h>

#include "distributor.h"

/* The INST object of API.md, column for key. */
#define INST_COLS \
	"id, email, username, name, status, twofa_enabled, payment_permission, " \
	"account_access_enabled, access_granted, created_at"
#define INST_FROM " FROM accounts WHERE parent_id = ? AND role = 'installer'"
/* One pattern bound three times; '\' is MariaDB's default LIKE escape, and
 * vb_db_like() escapes it along with the wildcards. */
#define INST_MATCH " AND (email LIKE ? OR username LIKE ? OR name LIKE ?)"
#define INST_PAGE " LIMIT ? OFFSET ?"

const char *const installers_sort_choices[] = {
	"created_at", "-created_at", "email", "-email", "name", "-name", NULL,
};

/* Each sort key maps to fixed SQL texts, so nothing the caller sends is ever
 * pasted into a statement; id breaks ties so pages do not overlap. */
#define LIST_SQL(order) \
	{ "SELECT " INST_COLS INST_FROM " ORDER BY " order INST_PAGE, \
	  "SELECT " INST_COLS INST_FROM INST_MATCH " ORDER BY " order INST_PAGE }

static const struct list_sort {
	const char *key;
	int desc;
	const char *sql[2];  /* [0] without q, [1] with q */
} list_sorts[] = {
	{ "created_at", 0, LIST_SQL("created_at, id") },
	{ "created_at", 1, LIST_SQL("created_at DESC, id DESC") },
	{ "email", 0, LIST_SQL("email, id") },
	{ "email", 1, LIST_SQL("email DESC, id DESC") },
	{ "name", 0, LIST_SQL("name, id") },
	{ "name", 1, LIST_SQL("name DESC, id DESC") },
};

/*
 * list_sort_pick maps the list parameters to one of list_sorts.  The sort
 * text is one of installers_sort_choices (the framework checked it); a
 * leading '-' or l->desc asks for descending.  Absent means created_at
 * ascending.  Never NULL.
 */
static const struct list_sort *list_sort_pick(const struct vb_list *l)
{
	const char *key = l->sort;
	int desc = l->desc;
	size_t i;

	if (key[0] == '-') {
		key++;
		desc = 1;
	}
	if (key[0] == '\0')
		key = "created_at";
	for (i = 0; i < VB_NITEMS(list_sorts); i++)
		if (strcmp(list_sorts[i].key, key) == 0 && list_sorts[i].desc == !!desc)
			return &list_sorts[i];
	return &list_sorts[0];
}

int installer_find(struct vb_req *req, int64_t id, int lock, json_object **out)
{
	if (lock)
		return vb_db_query_row(req->db, out,
				       "SELECT " INST_COLS INST_FROM " AND id = ? FOR UPDATE",
				       "ii", req->who.account_id, id);
	return vb_db_query_row(req->db, out, "SELECT " INST_COLS INST_FROM " AND id = ?", "ii",
			       req->who.account_id, id);
}

int installer_not_found(struct vb_resp *resp)
{
	return vb_err(resp, 404, "not_found", NULL, "no such installer");
}

/* installers_list: GET /api/distributor/installers?q=&page=&per_page=&sort=
 * -> 200 {"items": [INST], "total", "page", "per_page"}. */
int installers_list(struct vb_req *req, struct vb_resp *resp)
{
	struct vb_list l;
	const struct list_sort *sort;
	json_object *rows = NULL;
	/* q is at most 100 code points (route spec) = 400 bytes, doubled by
	 * escaping at worst, plus the two '%' and the NUL. */
	char pat[1024];
	int64_t did = req->who.account_id, total = 0;
	int ret = -1;

	if (vb_list_params(req, resp, &l) < 0)
		return 0;  /* the 400 is in resp */
	sort = list_sort_pick(&l);

	if (l.q != NULL && l.q[0] != '\0') {
		if (vb_db_like(l.q, strlen(l.q), 1, pat, sizeof(pat)) < 0)
			return vb_err(resp, 400, "invalid_field", "q", "search text is too long");
		if (vb_db_query_int(req->db, &total, NULL,
				    "SELECT COUNT(*)" INST_FROM INST_MATCH, "isss", did, pat, pat,
				    pat) < 0)
			goto out;
		if (vb_db_query(req->db, &rows, sort->sql[1], "isssii", did, pat, pat, pat,
				l.per_page, l.offset) < 0)
			goto out;
	} else {
		if (vb_db_query_int(req->db, &total, NULL, "SELECT COUNT(*)" INST_FROM, "i",
				    did) < 0)
			goto out;
		if (vb_db_query(req->db, &rows, sort->sql[0], "iii", did, l.per_page,
				l.offset) < 0)
			goto out;
	}
	vb_json(resp, 200, vb_list_body(rows, total, &l));
	rows = NULL;  /* owned by the response now */
	ret = 0;
out:
	json_object_put(rows);
	return ret;
}

/* installers_get: GET /api/distributor/installers/{id} -> 200 INST, or 404
 * for anything that is not one of this distributor's installers. */
int installers_get(struct vb_req *req, struct vb_resp *resp)
{
	json_object *inst = NULL;
	int64_t id;

	if (vb_param_id(req, "id", &id) < 0)
		return installer_not_found(resp);
	if (installer_find(req, id, 0, &inst) < 0)
		return -1;
	if (inst == NULL)
		return installer_not_found(resp);
	return vb_json(resp, 200, inst);
}
