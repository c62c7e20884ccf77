/*
 * site_settings.c - the rules create and edit share: a site's settings as
 * the request leaves them (contact pair, landline service, defaults, video
 * storage, smart home), which of them changed, and writing them.
 *
 * A site's settable state is a JSON object with the SITE object's keys
 * (site_settings_keys), so a new site starts from the defaults and an edited
 * one from its SITE object, the request is applied on top the same way, and
 * what changed is a comparison of two objects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/* The free days every video storage plan starts with (the guide: "Get a
 * 7-day Free Trial First" / "Start Subscription Now (Include 7 Free Days)"),
 * as SQL text for site_settings_store. */
#define VIDEO_FREE_DAYS "7"
/* site_video_models.model is VARCHAR(32); the list field allows 64. */
#define VIDEO_MODEL_MAX 32

static const char *const site_settings_keys[] = {
	"name", "room_name", "email", "country_code", "mobile", "address", "call_mode",
	"time_zone", "language", "time_format", "landline1", "landline2", "landline3",
	"premium_plan", "landline_service", "with_indoor_monitor", "video_storage",
	"video_plan", "video_days", "video_device_count", "video_models", "video_audio",
	"smart_home", NULL,
};

/* The string fields a request may set (null = remove, stored as ""). */
static const char *const str_keys[] = {
	"name", "room_name", "email", "country_code", "mobile", "address", "call_mode",
	"time_zone", "language", "time_format", "landline1", "landline2", "landline3",
};
static const char *const bool_keys[] = {
	"premium_plan", "landline_service", "with_indoor_monitor",
};
/* The video fields that only mean something while video storage is on. */
static const char *const video_keys[] = {
	"video_plan", "video_days", "video_device_count", "video_models", "video_audio",
};

/* st_str reads a string of the state; "" for null or absent (borrowed). */
static const char *st_str(json_object *st, const char *key)
{
	const char *s = vb_row_str(st, key);

	return s != NULL ? s : "";
}

/* st_set_str puts a copy of s (NULL = JSON null) under key.  0 or -1. */
static int st_set_str(json_object *st, const char *key, const char *s)
{
	json_object *v = NULL;

	if (s != NULL && (v = json_object_new_string(s)) == NULL)
		return -1;
	return json_object_object_add(st, key, v);
}

/* st_set_int puts n (VB_DB_NULL_INT = JSON null) under key.  0 or -1. */
static int st_set_int(json_object *st, const char *key, int64_t n)
{
	json_object *v = NULL;

	if (n != VB_DB_NULL_INT && (v = json_object_new_int64(n)) == NULL)
		return -1;
	return json_object_object_add(st, key, v);
}

static int st_set_bool(json_object *st, const char *key, int b)
{
	return json_object_object_add(st, key, json_object_new_boolean(b));
}

/* cmp_str orders C strings for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * models_copy makes a new array of the strings in list (a JSON array of
 * strings), sorted, so the state compares like the SITE object's list.
 * NULL when out of memory.
 */
static json_object *models_copy(json_object *list)
{
	size_t i, n = list != NULL ? json_object_array_length(list) : 0;
	const char **v = NULL;
	json_object *out = json_object_new_array();

	if (out == NULL)
		return NULL;
	if (n == 0)
		return out;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		goto fail;
	for (i = 0; i < n; i++)
		v[i] = json_object_get_string(json_object_array_get_idx(list, i));
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		if (json_object_array_add(out, json_object_new_string(v[i])) < 0)
			goto fail;
	free(v);
	return out;
fail:
	free(v);
	json_object_put(out);
	return NULL;
}

/*
 * installer_time_zone stores in tz (VB_NORM_MAX bytes) the installer's
 * time zone (installer_settings), "UTC" when it has no settings row.
 * Returns 0 or -1.
 */
static int installer_time_zone(struct vb_req *req, char tz[VB_NORM_MAX])
{
	json_object *row = NULL;
	const char *s;

	if (vb_db_query_row(req->db, &row,
			    "SELECT time_zone FROM installer_settings WHERE installer_id = ?", "i",
			    req->who.tenant_id) < 0)
		return -1;
	s = row != NULL ? vb_row_str(row, "time_zone") : NULL;
	snprintf(tz, VB_NORM_MAX, "%s", s != NULL && s[0] != '\0' ? s : "UTC");
	json_object_put(row);
	return 0;
}

/*
 * state_base builds the state the request applies to: the settable keys of
 * cur (a SITE object), or for a new site the defaults of the contract
 * (installer's time zone, English, 24 h, SIP call, everything off).
 * *out is owned by the caller.  Returns 0 or -1.
 */
static int state_base(struct vb_req *req, json_object *cur, json_object **out)
{
	json_object *st = json_object_new_object();
	char tz[VB_NORM_MAX];
	size_t i;

	*out = NULL;
	if (st == NULL)
		return -1;
	if (cur != NULL) {
		for (i = 0; site_settings_keys[i] != NULL; i++) {
			json_object *v = NULL;

			json_object_object_get_ex(cur, site_settings_keys[i], &v);
			json_object_object_add(st, site_settings_keys[i],
					       strcmp(site_settings_keys[i], "video_models") == 0
						       ? models_copy(v) : json_object_get(v));
		}
		*out = st;
		return 0;
	}
	if (installer_time_zone(req, tz) < 0)
		goto fail;
	for (i = 0; i < VB_NITEMS(str_keys); i++)
		if (st_set_str(st, str_keys[i], "") < 0)
			goto fail;
	if (st_set_str(st, "call_mode", "sip") < 0 || st_set_str(st, "time_zone", tz) < 0 ||
	    st_set_str(st, "language", "en") < 0 || st_set_str(st, "time_format", "24h") < 0)
		goto fail;
	for (i = 0; i < VB_NITEMS(bool_keys); i++)
		if (st_set_bool(st, bool_keys[i], 0) < 0)
			goto fail;
	if (st_set_bool(st, "video_storage", 0) < 0 || st_set_str(st, "video_plan", NULL) < 0 ||
	    st_set_int(st, "video_days", VB_DB_NULL_INT) < 0 ||
	    st_set_int(st, "video_device_count", VB_DB_NULL_INT) < 0 ||
	    json_object_object_add(st, "video_models", json_object_new_array()) < 0 ||
	    st_set_bool(st, "video_audio", 0) < 0 || st_set_bool(st, "smart_home", 0) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	json_object_put(st);
	return -1;
}

/*
 * apply_plain copies the request's plain fields (strings, the three plan
 * switches) into st; null removes a value ("").  The route's validators have
 * checked each one already.  Returns 0 or -1.
 */
static int apply_plain(struct vb_req *req, json_object *st)
{
	size_t i;

	for (i = 0; i < VB_NITEMS(str_keys); i++) {
		const struct vb_val *v = vb_field(req, str_keys[i]);

		if (v != NULL && v->present &&
		    st_set_str(st, str_keys[i], v->is_null ? "" : v->s) < 0)
			return -1;
	}
	for (i = 0; i < VB_NITEMS(bool_keys); i++)
		if (vb_has(req, bool_keys[i]) &&
		    st_set_bool(st, bool_keys[i], vb_bool(req, bool_keys[i], 0)) < 0)
			return -1;
	return 0;
}

/*
 * check_contact is rule 1 on the resulting state: the request's own pair
 * (site_contact_check), then the pair as it will be stored, so that changing
 * only the country code under a stored mobile number cannot leave a number
 * that does not start with its code.  Returns 0, or 1 after answering 400.
 */
static int check_contact(struct vb_req *req, struct vb_resp *resp, json_object *cur,
			 json_object *st)
{
	const char *cc = st_str(st, "country_code"), *mobile = st_str(st, "mobile");

	if (site_contact_check(req, resp, cur != NULL ? vb_row_str(cur, "country_code") : NULL) < 0)
		return 1;
	if (mobile[0] == '\0')
		return 0;
	if (cc[0] == '\0') {
		vb_err(resp, 400, "invalid_field", "country_code",
		       "choose the country/region code of the mobile number");
		return 1;
	}
	if (strncmp(mobile, cc, strlen(cc)) != 0) {
		vb_err(resp, 400, "invalid_field", vb_has(req, "mobile") ? "mobile" : "country_code",
		       "the mobile number %s does not start with the country/region code %s",
		       mobile, cc);
		return 1;
	}
	return 0;
}

/*
 * apply_video is rule 4: video storage.  cur_on is whether it is on now,
 * trial_used whether the site ever had its free days.  On success st holds
 * the plan, days, device count, models and audio the site will have (all
 * cleared when off).  Returns 0, 1 after answering 4xx, -1 on failure.
 */
static int apply_video(struct vb_req *req, struct vb_resp *resp, json_object *st, int cur_on,
		       int trial_used)
{
	int on = vb_bool(req, "video_storage", cur_on);
	const char *cur_plan = vb_row_str(st, "video_plan"), *plan;
	int64_t days, count;
	json_object *models = NULL, *list;
	size_t i, n;

	if (!on) {
		for (i = 0; i < VB_NITEMS(video_keys); i++)
			if (vb_has(req, video_keys[i])) {
				vb_err(resp, 422, "video_storage_off", video_keys[i],
				       "turn video storage on to set %s", video_keys[i]);
				return 1;
			}
		/* Off clears the plan; video_trial_ends_at stays (the
		 * column is not in the state): it records the trial. */
		if (st_set_bool(st, "video_storage", 0) < 0 ||
		    st_set_str(st, "video_plan", NULL) < 0 ||
		    st_set_int(st, "video_days", VB_DB_NULL_INT) < 0 ||
		    st_set_int(st, "video_device_count", VB_DB_NULL_INT) < 0 ||
		    json_object_object_add(st, "video_models", json_object_new_array()) < 0 ||
		    st_set_bool(st, "video_audio", 0) < 0)
			return -1;
		return 0;
	}

	plan = vb_str(req, "video_plan");
	if (plan == NULL)
		plan = cur_on ? cur_plan : NULL;
	if (plan == NULL) {
		vb_err(resp, 400, "missing_field", "video_plan",
		       "choose a video storage plan: trial or subscription");
		return 1;
	}
	if (strcmp(plan, "trial") == 0) {
		if (vb_has(req, "video_days") && vb_int(req, "video_days", 30) != 30) {
			vb_err(resp, 422, "trial_days_fixed", "video_days",
			       "the free trial keeps videos for 30 days");
			return 1;
		}
		days = 30;
		/* Starting a trial, whether from off or from the subscription
		 * (which includes the same free days). */
		if (trial_used && !(cur_on && cur_plan != NULL && strcmp(cur_plan, "trial") == 0)) {
			vb_err(resp, 422, "trial_used", "video_plan",
			       "this site has had its free video storage trial");
			return 1;
		}
	} else {
		days = vb_int(req, "video_days", cur_on && vb_row_int(st, "video_days") > 0
							 ? vb_row_int(st, "video_days") : 30);
		if (days != 30 && days != 60 && days != 90) {
			vb_err(resp, 400, "invalid_field", "video_days",
			       "must be 30, 60 or 90 (days)");
			return 1;
		}
	}
	count = vb_int(req, "video_device_count",
		       cur_on && vb_row_int(st, "video_device_count") > 0
			       ? vb_row_int(st, "video_device_count") : 1);

	if (vb_has(req, "video_models")) {
		list = (json_object *)vb_field(req, "video_models")->list;
		n = list != NULL ? json_object_array_length(list) : 0;
		for (i = 0; i < n; i++) {
			json_object *m = json_object_array_get_idx(list, i);
			size_t ncp = 0;

			vb_valid_utf8(json_object_get_string(m),
				      (size_t)json_object_get_string_len(m), &ncp);
			if (ncp > VIDEO_MODEL_MAX) {
				vb_err(resp, 400, "invalid_field", "video_models",
				       "a model name is at most %d characters", VIDEO_MODEL_MAX);
				return 1;
			}
		}
		if ((models = models_copy(list)) == NULL)
			return -1;
	} else {
		json_object *have = NULL;

		json_object_object_get_ex(st, "video_models", &have);
		if ((models = models_copy(cur_on ? have : NULL)) == NULL)
			return -1;
	}
	if ((int64_t)json_object_array_length(models) > count) {
		json_object_put(models);
		vb_err(resp, 422, "too_many_video_models", "video_models",
		       "choose at most %lld device model(s), the number of stored devices",
		       (long long)count);
		return 1;
	}
	if (json_object_object_add(st, "video_models", models) < 0) {
		json_object_put(models);
		return -1;
	}
	if (st_set_bool(st, "video_storage", 1) < 0 || st_set_str(st, "video_plan", plan) < 0 ||
	    st_set_int(st, "video_days", days) < 0 ||
	    st_set_int(st, "video_device_count", count) < 0 ||
	    st_set_bool(st, "video_audio",
			vb_bool(req, "video_audio", cur_on ? vb_row_bool(st, "video_audio") : 0)) < 0)
		return -1;
	return 0;
}

int site_settings_resolve(struct vb_req *req, struct vb_resp *resp, json_object *cur,
			  json_object **out)
{
	json_object *st = NULL;
	int cur_video = cur != NULL && vb_row_bool(cur, "video_storage");
	/* The trial's end date stays when video storage goes off: it records
	 * that the site had its free days. */
	int trial_used = cur != NULL && vb_row_str(cur, "video_trial_ends_at") != NULL;
	int rc;

	*out = NULL;
	if (state_base(req, cur, &st) < 0)
		return -1;
	if (apply_plain(req, st) < 0)
		goto fail;

	/* 1. the country code and mobile number */
	if ((rc = check_contact(req, resp, cur, st)) != 0)
		goto answered;
	/* 2. the landline service is part of the premium plan */
	if (vb_row_bool(st, "landline_service") && !vb_row_bool(st, "premium_plan")) {
		vb_err(resp, 422, "premium_plan_required", "landline_service",
		       "the landline service needs the premium plan");
		goto answered;
	}
	/* 3. defaults: in state_base */
	/* 4. video storage */
	if ((rc = apply_video(req, resp, st, cur_video, trial_used)) != 0) {
		if (rc < 0)
			goto fail;
		goto answered;
	}
	/* 5. Akubela Smart Home cannot be turned off once on (the guide) */
	if (vb_has(req, "smart_home")) {
		if (!vb_bool(req, "smart_home", 0) && vb_row_bool(st, "smart_home")) {
			vb_err(resp, 422, "smart_home_permanent", "smart_home",
			       "Akubela Smart Home cannot be turned off once it is on");
			goto answered;
		}
		if (st_set_bool(st, "smart_home", vb_bool(req, "smart_home", 0)) < 0)
			goto fail;
	}
	*out = st;
	return 0;
answered:
	json_object_put(st);
	return 1;
fail:
	json_object_put(st);
	return -1;
}

/* models_equal compares two sorted arrays of strings. */
static int models_equal(json_object *a, json_object *b)
{
	size_t i, n = a != NULL ? json_object_array_length(a) : 0;

	if (n != (b != NULL ? json_object_array_length(b) : 0))
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(a, i)),
			   json_object_get_string(json_object_array_get_idx(b, i))) != 0)
			return 0;
	return 1;
}

json_object *site_settings_changed(json_object *cur, json_object *st)
{
	json_object *names = json_object_new_array();
	size_t i;

	if (names == NULL)
		return NULL;
	for (i = 0; site_settings_keys[i] != NULL; i++) {
		const char *k = site_settings_keys[i];
		json_object *a = NULL, *b = NULL;
		int same;

		json_object_object_get_ex(cur, k, &a);
		json_object_object_get_ex(st, k, &b);
		if (strcmp(k, "video_models") == 0) {
			json_object *sorted = models_copy(a);

			if (sorted == NULL)
				goto fail;
			same = models_equal(sorted, b);
			json_object_put(sorted);
		} else {
			same = json_object_equal(a, b);
		}
		if (!same && json_object_array_add(names, json_object_new_string(k)) < 0)
			goto fail;
	}
	return names;
fail:
	json_object_put(names);
	return NULL;
}

/*
 * store_models replaces the video models of site id with the list in st.
 * Two names the table's collation holds equal ("x915" and "X915") are one
 * model; the second is dropped rather than failing the request.
 */
static int store_models(struct vb_req *req, int64_t id, json_object *st)
{
	json_object *list = NULL;
	size_t i, n;

	json_object_object_get_ex(st, "video_models", &list);
	if (vb_db_exec(req->db, NULL,
		       "DELETE m FROM site_video_models m JOIN sites s ON s.id = m.site_id "
		       "WHERE s.installer_id = ? AND m.site_id = ?",
		       "ii", req->who.tenant_id, id) < 0)
		return -1;
	n = list != NULL ? json_object_array_length(list) : 0;
	for (i = 0; i < n; i++)
		if (vb_db_exec(req->db, NULL,
			       "INSERT INTO site_video_models (site_id, model) "
			       "SELECT id, ? FROM sites WHERE id = ? AND installer_id = ? "
			       "ON DUPLICATE KEY UPDATE model = model",
			       "sii", json_object_get_string(json_object_array_get_idx(list, i)), id,
			       req->who.tenant_id) < 0)
			return -1;
	return 0;
}

int site_settings_store(struct vb_req *req, int64_t id, json_object *cur, json_object *st)
{
	json_object *a = NULL, *b = NULL;
	int video = vb_row_bool(st, "video_storage"), premium = vb_row_bool(st, "premium_plan");
	int smart = vb_row_bool(st, "smart_home");
	int64_t days = vb_row_int(st, "video_days"), count = vb_row_int(st, "video_device_count");
	int64_t n = 0;

	/* The trial's end is set once, when video storage first goes on (both
	 * plans start with the free days), and kept ever after; the smart home
	 * start likewise.  The premium plan's expiry goes with the plan. */
	if (vb_db_exec(req->db, &n,
		       "UPDATE sites SET name = ?, room_name = ?, email = ?, country_code = ?, "
		       "mobile = ?, address = ?, call_mode = ?, time_zone = ?, language = ?, "
		       "time_format = ?, landline1 = ?, landline2 = ?, landline3 = ?, "
		       "premium_plan = ?, premium_expires_at = IF(?, premium_expires_at, NULL), "
		       "landline_service = ?, with_indoor_monitor = ?, video_storage = ?, "
		       "video_plan = ?, video_days = ?, video_device_count = ?, video_audio = ?, "
		       "video_trial_ends_at = IF(?, COALESCE(video_trial_ends_at, "
		       "UTC_TIMESTAMP(3) + INTERVAL " VIDEO_FREE_DAYS " DAY), video_trial_ends_at), "
		       "smart_home = ?, smart_home_since = IF(?, COALESCE(smart_home_since, "
		       "UTC_TIMESTAMP(3)), NULL), updated_at = UTC_TIMESTAMP(3) "
		       "WHERE id = ? AND installer_id = ?",
		       "sssssssssssssbbbbbsIIbbbbii", st_str(st, "name"), st_str(st, "room_name"),
		       st_str(st, "email"), st_str(st, "country_code"), st_str(st, "mobile"),
		       st_str(st, "address"), st_str(st, "call_mode"), st_str(st, "time_zone"),
		       st_str(st, "language"), st_str(st, "time_format"), st_str(st, "landline1"),
		       st_str(st, "landline2"), st_str(st, "landline3"), premium, premium,
		       vb_row_bool(st, "landline_service"), vb_row_bool(st, "with_indoor_monitor"),
		       video, vb_row_str(st, "video_plan"), video ? days : VB_DB_NULL_INT,
		       video ? count : VB_DB_NULL_INT, vb_row_bool(st, "video_audio"), video, smart,
		       smart, id, req->who.tenant_id) < 0 || n != 1)
		return -1;
	if (cur != NULL) {
		json_object_object_get_ex(cur, "video_models", &a);
		json_object_object_get_ex(st, "video_models", &b);
		if ((a = models_copy(a)) == NULL)
			return -1;
		n = models_equal(a, b);
		json_object_put(a);
		if (n)
			return 0;
	}
	return store_models(req, id, st);
}
