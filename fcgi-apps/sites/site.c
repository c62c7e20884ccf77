/*
 * site.c - reading a site as the API's SITE object, and the checks that
 * create and edit (of sites and family members) share.
 */
#include <string.h>

#include "sites.h"

/* The SITE object of the API, column for key.  SIP numbers are strings: they
 * are identifiers people type and search, not quantities.  linked_sites
 * counts the tenant's sites sharing the master identity (0 without one). */
#define SITE_COLS \
	"s.id, s.name, s.room_name, s.email, s.country_code, s.mobile, s.address, " \
	"s.call_mode, s.time_zone, s.language, s.time_format, s.landline1, s.landline2, " \
	"s.landline3, s.premium_plan, s.premium_expires_at, s.landline_service, " \
	"s.with_indoor_monitor, s.status, s.expires_at, s.video_storage, s.video_plan, " \
	"s.video_days, s.video_device_count, s.video_audio, s.video_trial_ends_at, " \
	"s.smart_home, s.smart_home_since, s.family_count, s.family_free, s.additional_apps, " \
	"CAST(s.family_sip_number AS CHAR) AS family_sip_number, " \
	"CAST(s.sip_number AS CHAR) AS sip_number, s.identity_id, " \
	"(SELECT COUNT(*) FROM sites l WHERE l.installer_id = s.installer_id " \
	"AND l.identity_id = s.identity_id) AS linked_sites, " \
	"CAST(s.app_registered_at IS NOT NULL AS UNSIGNED) AS app_registered, " \
	"s.last_reset_at, s.created_at, s.updated_at"

/* What the site holds of the devices area, each on its (installer_id,
 * site_id) key; site_find gathers them into "device_counts". */
#define DEVICE_COUNT_COLS \
	"(SELECT COUNT(*) FROM devices dv WHERE dv.installer_id = s.installer_id " \
	"AND dv.site_id = s.id) AS dc_intercom, " \
	"(SELECT COUNT(*) FROM cameras cm WHERE cm.installer_id = s.installer_id " \
	"AND cm.site_id = s.id) AS dc_cameras, " \
	"(SELECT COUNT(*) FROM locks lk WHERE lk.installer_id = s.installer_id " \
	"AND lk.site_id = s.id) AS dc_locks"

/* site_models adds "video_models" (sorted) to site. Returns 0 or -1. */
static int site_models(struct vb_req *req, int64_t id, json_object *site)
{
	json_object *rows = NULL, *models = NULL;
	size_t i, n;
	int ret = -1;

	if (vb_db_query(req->db, &rows,
			"SELECT m.model FROM site_video_models m JOIN sites s ON s.id = m.site_id "
			"WHERE s.installer_id = ? AND m.site_id = ? ORDER BY m.model",
			"ii", req->who.tenant_id, id) < 0)
		goto out;
	if ((models = json_object_new_array()) == NULL)
		goto out;
	n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		json_object *m = NULL;

		json_object_object_get_ex(json_object_array_get_idx(rows, i), "model", &m);
		if (json_object_array_add(models, json_object_get(m)) < 0)
			goto out;
	}
	json_object_object_add(site, "video_models", models);
	models = NULL;
	ret = 0;
out:
	json_object_put(models);
	json_object_put(rows);
	return ret;
}

/*
 * device_counts adds "device_counts": {"intercom", "cameras", "locks"} to
 * site of id from its dc_* columns, which the unlocked read of site_find
 * has, or else from a read of their own: under FOR UPDATE MariaDB would
 * lock the counted ranges too, holding up devices, cameras and locks being
 * added to or removed from the site while it changes.  Returns 0 or -1.
 */
static int device_counts(struct vb_req *req, int64_t id, json_object *site)
{
	static const char *const keys[][2] = {
		{ "dc_intercom", "intercom" }, { "dc_cameras", "cameras" }, { "dc_locks", "locks" },
	};
	json_object *row = NULL, *c;
	size_t i;

	if (!json_object_object_get_ex(site, keys[0][0], NULL) &&
	    vb_db_query_row(req->db, &row,
			    "SELECT " DEVICE_COUNT_COLS " FROM sites s WHERE s.installer_id = ? "
			    "AND s.id = ?", "ii", req->who.tenant_id, id) < 0)
		return -1;
	if ((c = json_object_new_object()) == NULL) {
		json_object_put(row);
		return -1;
	}
	for (i = 0; i < VB_NITEMS(keys); i++) {
		json_object_object_add(c, keys[i][1], json_object_new_int64(
			vb_row_int(row != NULL ? row : site, keys[i][0])));
		json_object_object_del(site, keys[i][0]);
	}
	json_object_put(row);
	return json_object_object_add(site, "device_counts", c);
}

int site_find(struct vb_req *req, int64_t id, int lock, json_object **out)
{
	json_object *site = NULL, *v;
	int app = 0;

	*out = NULL;
	if (vb_db_query_row(req->db, &site,
			    lock ? "SELECT " SITE_COLS " FROM sites s WHERE s.installer_id = ? "
				   "AND s.id = ? FOR UPDATE"
				 : "SELECT " SITE_COLS ", " DEVICE_COUNT_COLS " FROM sites s "
				   "WHERE s.installer_id = ? AND s.id = ?",
			    "ii", req->who.tenant_id, id) < 0)
		return -1;
	if (site == NULL)
		return 0;
	if (site_models(req, id, site) < 0) {
		json_object_put(site);
		return -1;
	}
	/* A 0/1 expression is an integer to the connector; the API says bool. */
	if (json_object_object_get_ex(site, "app_registered", &v))
		app = json_object_get_int(v) != 0;
	json_object_object_add(site, "app_registered", json_object_new_boolean(app));
	json_object_object_get_ex(site, "linked_sites", &v);
	json_object_object_add(site, "contact_locked",
			       json_object_new_boolean(json_object_get_int64(v) > 1));
	if (device_counts(req, id, site) < 0) {
		json_object_put(site);
		return -1;
	}
	*out = site;
	return 0;
}

int site_not_found(struct vb_resp *resp)
{
	return vb_err(resp, 404, "not_found", NULL, "no such site");
}

int site_open(struct vb_req *req, struct vb_resp *resp, const char *param, int64_t *id,
	      json_object **site)
{
	*site = NULL;
	if (vb_param_id(req, param, id) < 0)
		return site_not_found(resp) == 0 ? 1 : -1;
	if (vb_db_begin(req->db) < 0 || site_find(req, *id, 1, site) < 0)
		return -1;
	if (*site == NULL)
		return vb_db_rollback(req->db) < 0 ? -1 : (site_not_found(resp), 1);
	return 0;
}

/* calling_code_ok: "+" then 1-4 digits, the first not 0 (ITU-T E.164 country
 * codes are 1-3 digits; 4 admits the NANP area-coded forms like +1876). */
static int calling_code_ok(const char *s)
{
	size_t n;

	if (s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	for (n = 1; s[n] != '\0'; n++)
		if (s[n] < '0' || s[n] > '9' || n > 4)
			return 0;
	return 1;
}

int site_contact_check(struct vb_req *req, struct vb_resp *resp, const char *cur_cc)
{
	const char *cc = vb_str(req, "country_code"), *mobile = vb_str(req, "mobile");

	if (cc != NULL && cc[0] != '\0' && !calling_code_ok(cc)) {
		vb_err(resp, 400, "invalid_field", "country_code",
		       "must be a calling code such as +44");
		return -1;
	}
	if (cc == NULL)
		cc = cur_cc != NULL ? cur_cc : "";
	if (mobile == NULL || mobile[0] == '\0')
		return 0;
	if (cc[0] == '\0') {
		vb_err(resp, 400, "invalid_field", "country_code",
		       "choose the country/region code of the mobile number");
		return -1;
	}
	if (strncmp(mobile, cc, strlen(cc)) != 0) {
		vb_err(resp, 400, "invalid_field", "mobile",
		       "must start with the country/region code %s", cc);
		return -1;
	}
	return 0;
}
