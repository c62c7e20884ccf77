/*
 * list.c - the site list and its search (F11): a case-insensitive prefix
 * match on the name, e-mail, mobile number, family SIP number or SIP number
 * (the master's or any family member's), or on all five; a status filter;
 * sorts and pages.
 *
 * An installer may have 10,000 sites, so every search reads an index range:
 * the text fields are LIKE 'prefix%' on the (installer_id, field) keys, and
 * a SIP number prefix is a range of numbers on the number's key (every SIP
 * number has SIP_DIGITS digits).  Searches over several fields are a UNION
 * of such ranges, so no branch scans the installer's sites.  Every statement
 * is a fixed text chosen from the tables below by the (validated) field,
 * status and sort: nothing the caller sends is ever part of the SQL.
 */
#include <stdio.h>
#include <string.h>

#include "sites.h"

/* sip_number_seq runs from 6100000001 to 6999999999 (0004_sites.sql): every
 * SIP number has 10 digits, so the numbers starting with a digit prefix p of
 * k digits are exactly p * 10^(10-k) .. (p + 1) * 10^(10-k) - 1. */
#define SIP_DIGITS 10

/* SITE_ROW of the contract. */
#define ROW_COLS \
	"s.id, s.name, s.room_name, s.email, s.country_code, s.mobile, " \
	"CAST(s.sip_number AS CHAR) AS sip_number, " \
	"CAST(s.family_sip_number AS CHAR) AS family_sip_number, s.status, s.expires_at, " \
	"s.premium_plan, s.family_count, s.created_at"

/* The site numbers have platform-wide unique keys but no (installer_id,
 * number) key, so a short prefix (every number starts with 6) would be a
 * range over all installers' sites, and the optimizer may then prefer a
 * scan of the whole table.  Naming both keys leaves it the choice between
 * the number range and the installer's own sites, whichever reads less. */
#define FSIP_KEYS " FORCE INDEX (uq_sites_family_sip, ix_sites_installer_id)"
#define SIP_KEYS " FORCE INDEX (uq_sites_sip, ix_sites_installer_id)"

/* One index range each; the placeholders are the tenant and the pattern
 * (LIKE) or the lowest and highest number (BETWEEN). */
#define B_TEXT(index, cond) \
	"SELECT id FROM sites FORCE INDEX (" index ") WHERE installer_id = ? AND " cond
#define B_NAME B_TEXT("ix_sites_installer_name", "name LIKE ?")
#define B_EMAIL B_TEXT("ix_sites_installer_email", "email LIKE ?")
#define B_MOBILE B_TEXT("ix_sites_installer_mobile", "mobile LIKE ?")
#define B_FSIP \
	"SELECT id FROM sites" FSIP_KEYS " WHERE installer_id = ? AND family_sip_number " \
	"BETWEEN ? AND ?"
#define B_SIP "SELECT id FROM sites" SIP_KEYS " WHERE installer_id = ? AND sip_number BETWEEN ? AND ?"
#define B_MSIP \
	"SELECT site_id FROM family_members FORCE INDEX (ix_family_members_installer_sip) " \
	"WHERE installer_id = ? AND sip_number BETWEEN ? AND ?"

/* What each search reads.  One field is a condition on the sites row, on
 * that field's key (so a sort by the same key reads it in order); several
 * fields are the UNION of their ranges, joined back to the rows.  The tenant
 * is in every branch and again on the joined row.  The keys are named and
 * the union is read first (STRAIGHT_JOIN) because for a search matching
 * most of an installer's sites the optimizer may otherwise walk the primary
 * key in the sort's order until the page is full, which crosses every other
 * installer's newer sites too: this way the work is bounded by the
 * installer's own matches.  Every statement here names its keys, the counts
 * too: MariaDB 10.11 lets one prepared statement's index hint on a table
 * spoil the plan of another on the same connection (a re-executed
 * "COUNT(*) ... WHERE installer_id = ?" became a scan of the whole table
 * after a statement forcing ix_sites_installer_id). */
#define F_KEY(index, cond) "FROM sites s FORCE INDEX (" index ") WHERE s.installer_id = ? AND " cond
#define F_NAME F_KEY("ix_sites_installer_name", "s.name LIKE ?")
#define F_EMAIL F_KEY("ix_sites_installer_email", "s.email LIKE ?")
#define F_MOBILE F_KEY("ix_sites_installer_mobile", "s.mobile LIKE ?")
#define F_FSIP \
	"FROM sites s" FSIP_KEYS " WHERE s.installer_id = ? AND s.family_sip_number BETWEEN ? AND ?"
#define F_UNION(branches) \
	"FROM (" branches ") m STRAIGHT_JOIN sites s FORCE INDEX (PRIMARY) ON s.id = m.id " \
	"WHERE s.installer_id = ?"
#define F_SIP F_UNION(B_SIP " UNION " B_MSIP)
#define F_ALL \
	F_UNION(B_NAME " UNION " B_EMAIL " UNION " B_MOBILE " UNION " B_FSIP " UNION " \
		B_SIP " UNION " B_MSIP)

/* The status filter. */
#define ANY_STATUS ""
#define ONE_STATUS " AND s.status = ?"

enum kind { K_NONE, K_NAME, K_EMAIL, K_MOBILE, K_FSIP, K_SIP, K_ALL, K_COUNT };

#define PAGE(from, order) "SELECT " ROW_COLS " " from " ORDER BY " order " LIMIT ? OFFSET ?"
#define BY_STATUS(from, order) { PAGE(from ANY_STATUS, order), PAGE(from ONE_STATUS, order) }
/* The whole list reads the sort's own (installer_id, key) index in order
 * and stops after the page (named for the reason above).  With a status
 * filter (installer_id, status) is the other choice: it is in id order
 * within a status, and the better read when the status is rare. */
#define KEY_ID "ix_sites_installer_id"
#define KEY_NAME "ix_sites_installer_name"
#define KEY_EMAIL "ix_sites_installer_email"
#define KEY_STATUS "ix_sites_installer_status"
#define F_WHOLE(keys) "FROM sites s FORCE INDEX (" keys ") WHERE s.installer_id = ?"
#define PAGES(order, index, filtered) { \
	{ PAGE(F_WHOLE(index) ANY_STATUS, order), PAGE(F_WHOLE(filtered) ONE_STATUS, order) }, \
	BY_STATUS(F_NAME, order), BY_STATUS(F_EMAIL, order), \
	BY_STATUS(F_MOBILE, order), BY_STATUS(F_FSIP, order), BY_STATUS(F_SIP, order), \
	BY_STATUS(F_ALL, order) }

/* created_at sorts by id: ids are handed out in creation order and
 * (installer_id, id) is a key, while created_at has none of its own.
 * Every order ends in id so pages never overlap.  status sorts in the
 * lifecycle order of the ENUM: inactivated, normal, expired. */
static const struct list_sort {
	const char *key;
	int desc;
	const char *sql[K_COUNT][2];  /* [kind][0 any status, 1 one status] */
} list_sorts[] = {
	{ "created_at", 1, PAGES("s.id DESC", KEY_ID, KEY_STATUS ", " KEY_ID) },
	{ "created_at", 0, PAGES("s.id", KEY_ID, KEY_STATUS ", " KEY_ID) },
	{ "name", 0, PAGES("s.name, s.id", KEY_NAME, KEY_STATUS ", " KEY_NAME) },
	{ "name", 1, PAGES("s.name DESC, s.id DESC", KEY_NAME, KEY_STATUS ", " KEY_NAME) },
	{ "email", 0, PAGES("s.email, s.id", KEY_EMAIL, KEY_STATUS ", " KEY_EMAIL) },
	{ "email", 1, PAGES("s.email DESC, s.id DESC", KEY_EMAIL, KEY_STATUS ", " KEY_EMAIL) },
	/* within one status, (installer_id, status) is in id order already */
	{ "status", 0, PAGES("s.status, s.id", KEY_STATUS, KEY_STATUS) },
	{ "status", 1, PAGES("s.status DESC, s.id DESC", KEY_STATUS, KEY_STATUS) },
};

#define COUNT(from) { "SELECT COUNT(*) AS n " from ANY_STATUS, \
		      "SELECT COUNT(*) AS n " from ONE_STATUS }
static const char *const count_sql[K_COUNT][2] = {
	{ "SELECT COUNT(*) AS n " F_WHOLE(KEY_ID), "SELECT COUNT(*) AS n " F_WHOLE(KEY_STATUS) ONE_STATUS },
	COUNT(F_NAME), COUNT(F_EMAIL), COUNT(F_MOBILE), COUNT(F_FSIP),
	COUNT(F_SIP), COUNT(F_ALL),
};

/* The search of one request: the values bound to the placeholders above. */
struct search {
	enum kind kind;
	char pat[600];     /* LIKE pattern of q: 64 code points = 256 bytes, doubled by
			      escaping, plus '%' */
	char mpat[80];     /* LIKE pattern of q as a mobile number */
	int64_t lo, hi;    /* SIP number range of q (lo > hi: q is no number prefix) */
	const char *status;
};

/*
 * list_sort_pick maps the sort parameter (one of sites_sort_choices, which
 * the framework checked; absent = newest first) to its row of list_sorts.
 * Never NULL.
 */
static const struct list_sort *list_sort_pick(const struct vb_list *l)
{
	size_t i;

	if (l->sort[0] == '\0')
		return &list_sorts[0];
	for (i = 0; i < VB_NITEMS(list_sorts); i++)
		if (strcmp(list_sorts[i].key, l->sort) == 0 && list_sorts[i].desc == !!l->desc)
			return &list_sorts[i];
	return &list_sorts[0];
}

/*
 * mobile_prefix turns q into the LIKE pattern of a stored mobile number
 * ("+" and digits): spaces and dashes are dropped and a missing "+" added.
 * When q cannot begin a mobile number the pattern is "x", which no stored
 * number equals (and which, having no wildcard, is a one-key lookup).
 */
static void mobile_prefix(const char *q, char *out, size_t outlen)
{
	size_t n = 0, digits = 0;

	out[n++] = '+';
	if (*q == '+')
		q++;
	for (; *q != '\0'; q++) {
		if (*q == ' ' || *q == '-')
			continue;
		if (*q < '0' || *q > '9' || n + 2 >= outlen) {
			snprintf(out, outlen, "x");
			return;
		}
		out[n++] = *q;
		digits++;
	}
	if (digits == 0) {
		snprintf(out, outlen, "x");
		return;
	}
	out[n++] = '%';
	out[n] = '\0';
}

/*
 * sip_range sets s->lo..s->hi to the SIP numbers that begin with q, a digit
 * prefix (spaces and dashes ignored, as people group long numbers); an
 * empty range (lo > hi) when q is not one.
 */
static void sip_range(const char *q, struct search *s)
{
	int64_t p = 0, scale = 1;
	int k = 0, i;

	s->lo = 1;
	s->hi = 0;
	for (; *q != '\0'; q++) {
		if (*q == ' ' || *q == '-')
			continue;
		if (*q < '0' || *q > '9' || k == SIP_DIGITS)
			return;
		p = p * 10 + (*q - '0');
		k++;
	}
	if (k == 0)
		return;
	for (i = k; i < SIP_DIGITS; i++)
		scale *= 10;
	s->lo = p * scale;
	s->hi = s->lo + scale - 1;
}

/*
 * search_prepare fills s from the request's q, field and status.  q is
 * trimmed of surrounding spaces; empty means no search.  Returns 0, or -1
 * after answering 400 (a q too long for its pattern: cannot happen within
 * the route's 64 characters).
 */
static int search_prepare(struct vb_req *req, struct vb_resp *resp, struct search *s)
{
	static const struct {
		const char *name;
		enum kind kind;
	} fields[] = {
		{ "all", K_ALL }, { "name", K_NAME }, { "email", K_EMAIL },
		{ "mobile", K_MOBILE }, { "family_sip", K_FSIP }, { "sip", K_SIP },
	};
	const char *q = vb_str(req, "q"), *field = vb_str(req, "field");
	size_t len, i;

	memset(s, 0, sizeof(*s));
	s->status = vb_str(req, "status");
	s->kind = K_NONE;
	while (q != NULL && *q == ' ')
		q++;
	len = q != NULL ? strlen(q) : 0;
	while (len > 0 && q[len - 1] == ' ')
		len--;
	if (len == 0)
		return 0;
	s->kind = K_ALL;
	for (i = 0; field != NULL && i < VB_NITEMS(fields); i++)
		if (strcmp(fields[i].name, field) == 0)
			s->kind = fields[i].kind;
	if (vb_db_like(q, len, 0, s->pat, sizeof(s->pat)) < 0) {
		vb_err(resp, 400, "invalid_field", "q", "the search text is too long");
		return -1;
	}
	/* The number forms skip the spaces themselves. */
	mobile_prefix(q, s->mpat, sizeof(s->mpat));
	sip_range(q, s);
	return 0;
}

/* RUN binds the search's own parameters (fmt, ...), then the status when
 * the text filters by one, then limit and offset when it is a page. */
#define RUN(fmt, ...) \
	(st != NULL ? vb_db_query(req->db, rows, sql, page ? fmt "sii" : fmt "s", __VA_ARGS__, \
				  st, limit, offset) \
		    : vb_db_query(req->db, rows, sql, page ? fmt "ii" : fmt, __VA_ARGS__, limit, \
				  offset))

/*
 * search_query runs sql (a page or a count of kind s->kind, with the status
 * filter exactly when s->status is set).  *rows is owned by the caller.
 * Returns 0 or -1.
 */
static int search_query(struct vb_req *req, const struct search *s, const char *sql, int page,
			int64_t limit, int64_t offset, json_object **rows)
{
	int64_t t = req->who.tenant_id;
	const char *st = s->status;

	switch (s->kind) {
	case K_NONE:
		return RUN("i", t);
	case K_NAME:
	case K_EMAIL:
		return RUN("is", t, s->pat);
	case K_MOBILE:
		return RUN("is", t, s->mpat);
	case K_FSIP:
		return RUN("iii", t, s->lo, s->hi);
	case K_SIP:
		return RUN("iiiiiii", t, s->lo, s->hi, t, s->lo, s->hi, t);
	default:
		return RUN("isisisiiiiiiiiii", t, s->pat, t, s->pat, t, s->mpat, t, s->lo, s->hi,
			   t, s->lo, s->hi, t, s->lo, s->hi, t);
	}
}

/* sites_list: GET /api/sites?q=&field=&status=&page=&per_page=&sort=
 * -> 200 {"items": [SITE_ROW], "total", "page", "per_page"}. */
int sites_list(struct vb_req *req, struct vb_resp *resp)
{
	struct vb_list l;
	struct search s;
	const struct list_sort *sort;
	json_object *rows = NULL, *count = NULL;
	int one = 0, ret = -1;
	int64_t total, n;

	if (vb_list_params(req, resp, &l) < 0)
		return 0;  /* the 400 is in resp */
	if (search_prepare(req, resp, &s) < 0)
		return 0;
	sort = list_sort_pick(&l);
	one = s.status != NULL;

	if (search_query(req, &s, sort->sql[s.kind][one], 1, l.per_page, l.offset, &rows) < 0)
		goto out;
	n = (int64_t)json_object_array_length(rows);
	/* A short page that has rows (or is the first) is the last one, so it
	 * tells the total: most searches need no count, which for a whole list
	 * of 10,000 sites costs ten times the page itself. */
	if (n < l.per_page && (n > 0 || l.offset == 0)) {
		total = l.offset + n;
	} else {
		if (search_query(req, &s, count_sql[s.kind][one], 0, 0, 0, &count) < 0)
			goto out;
		total = vb_row_int(json_object_array_get_idx(count, 0), "n");
	}
	vb_json(resp, 200, vb_list_body(rows, total, &l));
	rows = NULL;  /* owned by the response now */
	ret = 0;
out:
	json_object_put(count);
	json_object_put(rows);
	return ret;
}
