/*
 * import.c - a distributor registers MAC addresses from a CSV upload (F16):
 * up to MACLIB_IMPORT_MAX_ROWS rows, every bad row reported with its line
 * number and why, the good ones written in one transaction.
 *
 * Re-uploading a file changes nothing: a MAC already in the caller's
 * library with the same assignment (or uploaded without an installer) is
 * "unchanged", not an error.  An unassigned MAC of the caller's uploaded
 * for an installer is assigned to it ("assigned").  A row is bad when it is
 * not a MAC, repeats an earlier line, has a bad note, belongs to another
 * distributor (said only as "already registered") or is assigned to another
 * of the caller's installers.
 *
 * Speed: the caller's own MACs are read once (and locked, so the
 * assignments we compare stay as read), then each new MAC is one prepared
 * INSERT in the same transaction; 10,000 rows take about a second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maclib.h"

/* What became of one row. */
enum outcome { R_NEW, R_UNCHANGED, R_ASSIGN, R_BAD };

struct row {
	char mac[13];
	int64_t owner_inst;        /* R_ASSIGN/R_UNCHANGED: the current assignment */
	enum outcome outcome;
	const char *why;           /* R_BAD: static reason, or NULL with dup_of set */
	size_t dup_of;             /* the line this one repeats */
	char note[VB_NORM_MAX];
};

/* One of the caller's MACs as read from the library. */
struct own {
	char mac[13];
	int64_t inst;              /* VB_DB_NULL_INT when unassigned */
};

/* A row's place when the rows are sorted by MAC to find repeats. */
struct dup_key {
	const char *mac;
	size_t idx;
};

static int cmp_dup(const void *a, const void *b)
{
	const struct dup_key *x = a, *y = b;
	int c = strcmp(x->mac, y->mac);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int cmp_own(const void *a, const void *b)
{
	return strcmp(((const struct own *)a)->mac, ((const struct own *)b)->mac);
}

/*
 * check_rows validates each parsed row into out[i]: the MAC and the note
 * (the same rules as POST /api/maclib/macs), then marks every repeat of an
 * earlier line's MAC.  Returns 0 or -1 (no memory).
 */
static int check_rows(const struct maclib_csv_row *in, struct row *out, size_t n)
{
	static const struct vb_field note_spec = { "note", VB_STR, 0, 0, MACLIB_NOTE_MAX, NULL };
	struct dup_key *keys = NULL;
	struct vb_val v;
	char buf[VB_NORM_MAX];
	const char *why;
	size_t i, k = 0, first;

	for (i = 0; i < n; i++) {
		struct row *r = &out[i];

		r->outcome = R_NEW;
		if (maclib_csv_field(in[i].mac, in[i].mac_len, buf, sizeof(buf)) < 0 ||
		    vb_valid_mac(buf, r->mac) < 0) {
			r->outcome = R_BAD;
			r->why = "not a MAC address";
			continue;
		}
		if (maclib_csv_field(in[i].note, in[i].note_len, buf, sizeof(buf)) < 0 ||
		    vb_valid_text(&note_spec, buf, strlen(buf), &v, &why) < 0) {
			r->outcome = R_BAD;
			r->why = "the note must be at most 64 characters of text";
			continue;
		}
		memcpy(r->note, v.norm, sizeof(r->note));
	}
	if (n == 0)
		return 0;
	if ((keys = calloc(n, sizeof(*keys))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (out[i].outcome != R_BAD)
			keys[k++] = (struct dup_key){ out[i].mac, i };
	qsort(keys, k, sizeof(*keys), cmp_dup);
	/* Sorted by MAC, then by line: the first of each run is the original. */
	for (i = 1, first = 0; i < k; i++) {
		if (strcmp(keys[first].mac, keys[i].mac) != 0) {
			first = i;
			continue;
		}
		out[keys[i].idx].outcome = R_BAD;
		out[keys[i].idx].why = NULL;
		out[keys[i].idx].dup_of = in[keys[first].idx].line;
	}
	free(keys);
	return 0;
}

/*
 * load_own reads (and locks) every MAC of the calling distributor, sorted
 * for bsearch.  *own is a new array (caller frees) of *n.  Returns 0 or -1.
 */
static int load_own(struct vb_req *req, struct own **own, size_t *n)
{
	json_object *rows = NULL;
	size_t i, len;
	int ret = -1;

	*own = NULL;
	*n = 0;
	if (vb_db_query(req->db, &rows,
			"SELECT mac, installer_id FROM mac_library WHERE distributor_id = ? "
			"FOR UPDATE", "i", req->who.account_id) < 0)
		goto out;
	len = json_object_array_length(rows);
	if (len > 0 && (*own = calloc(len, sizeof(**own))) == NULL)
		goto out;
	for (i = 0; i < len; i++) {
		json_object *r = json_object_array_get_idx(rows, i);
		const char *mac = vb_row_str(r, "mac");
		int64_t inst = vb_row_int(r, "installer_id");

		snprintf((*own)[i].mac, sizeof((*own)[i].mac), "%s", mac ? mac : "");
		(*own)[i].inst = inst ? inst : VB_DB_NULL_INT;
	}
	if (len > 0)
		qsort(*own, len, sizeof(**own), cmp_own);
	*n = len;
	ret = 0;
out:
	json_object_put(rows);
	return ret;
}

/*
 * write_rows decides and writes each good row against the caller's own MACs
 * (own, sorted) and the upload's installer inst (VB_DB_NULL_INT = none).
 * Counts into c[R_NEW], c[R_UNCHANGED], c[R_ASSIGN], c[R_BAD].  Runs in the
 * caller's transaction.  Returns 0 or -1.
 */
static int write_rows(struct vb_req *req, struct row *rows, size_t n, const struct own *own,
		      size_t nown, int64_t inst, int64_t c[4])
{
	struct own key;
	const struct own *hit;
	int64_t affected;
	size_t i;

	for (i = 0; i < n; i++) {
		struct row *r = &rows[i];

		if (r->outcome == R_BAD) {
			c[R_BAD]++;
			continue;
		}
		memcpy(key.mac, r->mac, sizeof(key.mac));
		hit = nown ? bsearch(&key, own, nown, sizeof(*own), cmp_own) : NULL;
		if (hit != NULL) {
			if (inst == VB_DB_NULL_INT || hit->inst == inst) {
				r->outcome = R_UNCHANGED;
			} else if (hit->inst != VB_DB_NULL_INT) {
				r->outcome = R_BAD;
				r->why = "assigned to a different installer";
			} else {
				r->outcome = R_ASSIGN;
				if (vb_db_exec(req->db, NULL,
					       "UPDATE mac_library SET installer_id = ?, "
					       "assigned_at = UTC_TIMESTAMP(3) "
					       "WHERE mac = ? AND distributor_id = ? AND installer_id IS NULL",
					       "isi", inst, r->mac, req->who.account_id) < 0)
					return -1;
			}
			c[r->outcome]++;
			continue;
		}
		if (vb_db_exec(req->db, &affected,
			       "INSERT IGNORE INTO mac_library (mac, distributor_id, installer_id, "
			       "note, assigned_at) VALUES (?, ?, ?, ?, IF(? IS NULL, NULL, "
			       "UTC_TIMESTAMP(3)))",
			       "siIsI", r->mac, req->who.account_id, inst, r->note, inst) < 0)
			return -1;
		if (affected == 0) {
			/* Another distributor's (or registered by a request racing
			 * ours): either way, all anyone else may learn. */
			r->outcome = R_BAD;
			r->why = "already registered";
		}
		c[r->outcome]++;
	}
	return 0;
}

/*
 * error_value is the row's MAC text as uploaded, cut at 64 bytes on a UTF-8
 * character boundary (the body was checked to be UTF-8), for the report.
 * Returns a new string object or NULL.
 */
static json_object *error_value(const struct maclib_csv_row *in)
{
	size_t len = in->mac_len;

	if (len > 64) {
		len = 64;
		while (len > 0 && ((unsigned char)in->mac[len] & 0xC0) == 0x80)
			len--;
	}
	return json_object_new_string_len(in->mac, (int)len);
}

/*
 * report builds the answer {created, unchanged, assigned, errors: [{line,
 * value, reason}]}, the errors in line order.  Returns a new object or NULL.
 */
static json_object *report(const struct maclib_csv_row *in, const struct row *rows, size_t n,
			   const int64_t c[4])
{
	json_object *o = json_object_new_object(), *errs = json_object_new_array(), *e;
	char why[64];
	size_t i;

	if (o == NULL || errs == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		if (rows[i].outcome != R_BAD)
			continue;
		if ((e = json_object_new_object()) == NULL || json_object_array_add(errs, e) < 0) {
			json_object_put(e);
			goto fail;
		}
		if (rows[i].why == NULL)
			snprintf(why, sizeof(why), "duplicate of line %zu", rows[i].dup_of);
		json_object_object_add(e, "line", json_object_new_int64((int64_t)in[i].line));
		json_object_object_add(e, "value", error_value(&in[i]));
		json_object_object_add(e, "reason",
				       json_object_new_string(rows[i].why ? rows[i].why : why));
	}
	json_object_object_add(o, "created", json_object_new_int64(c[R_NEW]));
	json_object_object_add(o, "unchanged", json_object_new_int64(c[R_UNCHANGED]));
	json_object_object_add(o, "assigned", json_object_new_int64(c[R_ASSIGN]));
	json_object_object_add(o, "errors", errs);
	return o;
fail:
	json_object_put(errs);
	json_object_put(o);
	return NULL;
}

/* maclib_import: POST /api/maclib/macs/import {csv, installer_id?} -> 200
 * {created, unchanged, assigned, errors}; 422 too_many_rows (nothing
 * written), 422 unknown_installer. */
int maclib_import(struct vb_req *req, struct vb_resp *resp)
{
	const struct vb_val *csv = vb_field(req, "csv");
	struct maclib_csv_row *in = NULL;
	struct row *rows = NULL;
	struct own *own = NULL;
	json_object *detail = NULL, *body = NULL;
	int64_t inst = VB_DB_NULL_INT, c[4] = { 0, 0, 0, 0 };
	size_t n = 0, nown = 0;
	int ok, ret = -1;

	if ((ok = maclib_installer_param(req, resp, &inst)) != 0)
		return ok < 0 ? -1 : 0;
	if (maclib_csv_parse(csv->s, csv->len, MACLIB_IMPORT_MAX_ROWS, &in, &n) < 0)
		goto out;
	if (n > MACLIB_IMPORT_MAX_ROWS) {
		ret = vb_err(resp, 422, "too_many_rows", "csv",
			     "a file may hold at most %d MAC addresses; split it",
			     MACLIB_IMPORT_MAX_ROWS);
		goto out;
	}
	if (n > 0 && (rows = calloc(n, sizeof(*rows))) == NULL)
		goto out;
	if (check_rows(in, rows, n) < 0)
		goto out;

	if (vb_db_begin(req->db) < 0)
		goto out;
	if (load_own(req, &own, &nown) < 0)
		goto out;
	if (write_rows(req, rows, n, own, nown, inst, c) < 0)
		goto out;
	if ((body = report(in, rows, n, c)) == NULL)
		goto out;
	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "rows", json_object_new_int64((int64_t)n));
	json_object_object_add(detail, "created", json_object_new_int64(c[R_NEW]));
	json_object_object_add(detail, "unchanged", json_object_new_int64(c[R_UNCHANGED]));
	json_object_object_add(detail, "assigned", json_object_new_int64(c[R_ASSIGN]));
	json_object_object_add(detail, "errors", json_object_new_int64(c[R_BAD]));
	json_object_object_add(detail, "installer_id",
			       inst != VB_DB_NULL_INT ? json_object_new_int64(inst) : NULL);
	ok = vb_audit(req, "maclib.import", "mac", 0, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (ok < 0)
		goto out;
	if (vb_db_commit(req->db) < 0)
		goto out;
	vb_json(resp, 200, body);
	body = NULL;
	ret = 0;
out:
	json_object_put(body);
	json_object_put(detail);
	free(own);
	free(rows);
	free(in);
	return ret;
}
