/*
 * maclib.h - vestibule-maclib: the MAC library (F16).  A distributor
 * registers the MAC addresses of the devices it sells, one by one or by CSV
 * upload, and assigns them to its installers; an installer lists its own,
 * sees which are in use and on which site, and gives unused ones back.
 *
 * A MAC is stored normalised (12 upper-case hex digits, vb_valid_mac) and is
 * registered once platform-wide; it is "in use" while a devices row carries
 * it (0005_devices.sql).
 *
 * Every handler follows vb_handler's contract (vb_http.h): it returns 0 after
 * filling resp, also for the 4xx answers it chooses, and -1 only on an
 * unexpected failure (the serve loop then answers 500 and rolls back).
 * Scoping: a distributor's queries carry "distributor_id = <caller>", an
 * installer's (and its sub-installers') "installer_id = <tenant>", so
 * anybody else's MAC is a 404, never a 403.
 * Contract: the /api/maclib paths of htdocs/api/openapi.json.
 */
#ifndef MACLIB_H
#define MACLIB_H

#include "vestibule.h"

/* The most data rows one CSV upload may hold. */
#define MACLIB_IMPORT_MAX_ROWS 10000
/* The longest note (mac_library.note), in code points. */
#define MACLIB_NOTE_MAX 64

/* ------------------------------------------------------------ handlers */

/* list.c: GET /api/maclib/macs */
int maclib_list(struct vb_req *req, struct vb_resp *resp);
/* create.c: POST /api/maclib/macs */
int maclib_create(struct vb_req *req, struct vb_resp *resp);
/* import.c: POST /api/maclib/macs/import */
int maclib_import(struct vb_req *req, struct vb_resp *resp);
/* patch.c: PATCH /api/maclib/macs/{mac} */
int maclib_patch(struct vb_req *req, struct vb_resp *resp);
/* delete.c: DELETE /api/maclib/macs/{mac} */
int maclib_delete(struct vb_req *req, struct vb_resp *resp);

/* The sort keys of the list ("-key" = descending).  NULL-terminated. */
extern const char *const maclib_sort_choices[];

/* --------------------------------------------------- shared (macrow.c) */

/* The MACROW columns and joins: the device using the MAC (at most one,
 * devices.mac is unique) and its site, checked to be the device's own
 * installer's.  Followed by one of the scopes. */
#define MACLIB_COLS \
	"m.id, m.mac, m.note, m.installer_id, a.name AS installer_name, " \
	"a.email AS installer_email, d.id AS device_id, s.id AS site_id, s.name AS site_name, " \
	"m.created_at, m.assigned_at"
#define MACLIB_FROM \
	" FROM mac_library m LEFT JOIN accounts a ON a.id = m.installer_id " \
	"LEFT JOIN devices d ON d.mac = m.mac " \
	"LEFT JOIN sites s ON s.id = d.site_id AND s.installer_id = d.installer_id"
#define MACLIB_SCOPE_D " WHERE m.distributor_id = ?"
#define MACLIB_SCOPE_I " WHERE m.installer_id = ?"

/* maclib_is_distributor tells whether the caller acts as a distributor
 * (a distributor switched into an installer acts as that installer). */
int maclib_is_distributor(const struct vb_req *req);

/* maclib_scope_id is the id the caller's scope binds: the distributor
 * itself, or the installer (the tenant). */
int64_t maclib_scope_id(const struct vb_req *req);

/*
 * maclib_item turns row (MACLIB_COLS) into the API's MACROW for the caller:
 * a distributor sees the installer ({id, name, email} or null) and no site;
 * an installer sees the site of the device using it and no installer key.
 * Returns a new object (caller owns), or NULL when out of memory.
 */
json_object *maclib_item(const struct vb_req *req, json_object *row);

/*
 * maclib_find reads MAC mac (normalised) in the caller's scope as a raw row
 * (MACLIB_COLS).  lock != 0 locks the library row (FOR UPDATE; the caller
 * has a transaction open), which also orders us against a device being added
 * with it (its foreign key check reads the same row).  *out is NULL when the
 * caller has no such MAC (still 0), else owned by the caller.  -1 on failure.
 */
int maclib_find(struct vb_req *req, const char *mac, int lock, json_object **out);

/*
 * maclib_answer reads MAC mac again and answers it as MACROW with status.
 * Run inside the transaction that changed it, before the commit, so a failure
 * cannot answer 500 for a committed change; commits when commit != 0.
 * Returns 0 or -1.
 */
int maclib_answer(struct vb_req *req, struct vb_resp *resp, const char *mac, int status,
		  int commit);

/* maclib_not_found answers the 404 for a MAC that is not the caller's (or not
 * a MAC at all).  Returns 0. */
int maclib_not_found(struct vb_resp *resp);

/* maclib_path_mac normalises the {mac} path segment into out; -1 when it is
 * not a MAC (the caller answers 404). */
int maclib_path_mac(const struct vb_req *req, char out[13]);

/*
 * maclib_installer_ok tells whether id is one of the calling distributor's
 * installers: 1 yes, 0 no, -1 on a database failure.
 */
int maclib_installer_ok(struct vb_req *req, int64_t id);

/*
 * maclib_installer_param reads the optional "installer_id" field of a
 * request that registers MACs: *inst is VB_DB_NULL_INT when it is absent or
 * null, else the id, which must be one of the caller's installers.  Returns
 * 0; 1 after answering 422 unknown_installer; -1 on a database failure.
 */
int maclib_installer_param(struct vb_req *req, struct vb_resp *resp, int64_t *inst);

/* ------------------------------------------------------ the CSV (csv.c) */

/* One data row of an upload: the MAC and note texts point into the CSV
 * (not NUL-terminated); line is 1-based. */
struct maclib_csv_row {
	size_t line;
	const char *mac, *note;
	size_t mac_len, note_len;
};

/*
 * maclib_csv_parse splits csv (len bytes) into data rows: one MAC per line,
 * an optional second column (the note), an optional header line "mac" (any
 * case) first, blank lines skipped; lines end in LF or CRLF (RFC 4180
 * section 2, without quoted line breaks: a MAC list has none).  A field may
 * be quoted ("..." with "" for a quote); fields are trimmed of spaces and
 * tabs; columns after the second are ignored.  Stops after max + 1 rows so
 * the caller can tell "too many" without reading a huge file.  On success
 * *rows is a new array (caller frees) of *n rows.  Returns 0 or -1 (no
 * memory).
 */
int maclib_csv_parse(const char *csv, size_t len, size_t max, struct maclib_csv_row **rows,
		     size_t *n);

/*
 * maclib_csv_field copies field f (flen bytes, as parsed) into out (outlen
 * bytes), removing the quotes of a quoted field and undoubling its "".
 * Returns the length, or -1 when it does not fit.
 */
int maclib_csv_field(const char *f, size_t flen, char *out, size_t outlen);

#endif
