/*
 * camera.c - what the third-party camera handlers share (F19): reading a
 * camera as the API's CAMERA object, the credentials of a request, the
 * rules on its terminals and link, and writing the password sealed.
 *
 * The password is write-only: it is sealed before it reaches the database,
 * never read back into an answer, and never put into a log line or an audit
 * detail.  Only the relay opens it (the view relay_sources).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"

/* The longest user name and password (the fields of main.c; the URL's
 * parts obey them too). */
#define CAMERA_USER_MAX 128
#define CAMERA_PASSWORD_MAX 128

/* monitor_ids turns "12,15" (GROUP_CONCAT, NULL for none) into [12, 15].
 * Returns a new array (caller owns), NULL when out of memory. */
static json_object *monitor_ids(const char *s)
{
	json_object *a = json_object_new_array();
	char *end;

	if (a == NULL)
		return NULL;
	while (s != NULL && *s != '\0') {
		long long id = strtoll(s, &end, 10);

		if (end == s || json_object_array_add(a, json_object_new_int64(id)) < 0) {
			json_object_put(a);
			return NULL;
		}
		s = *end == ',' ? end + 1 : end;
	}
	return a;
}

json_object *camera_item(json_object *row)
{
	json_object *ids;

	if (row == NULL)
		return NULL;
	if ((ids = monitor_ids(vb_row_str(row, "monitor_ids"))) == NULL) {
		json_object_put(row);
		return NULL;
	}
	json_object_object_del(row, "monitor_ids");
	json_object_object_add(row, "monitor_device_ids", ids);
	/* A 0/1 expression is an integer to the connector; the API says bool. */
	json_object_object_add(row, "has_password",
			       json_object_new_boolean(vb_row_int(row, "has_password") != 0));
	return row;
}

int camera_find(struct vb_req *req, int64_t id, json_object **out)
{
	json_object *row = NULL;

	*out = NULL;
	if (vb_db_query_row(req->db, &row,
			    "SELECT " CAMERA_COLS CAMERA_FROM " WHERE c.installer_id = ? AND c.id = ?",
			    "ii", req->who.tenant_id, id) < 0)
		return -1;
	if (row == NULL)
		return 0;
	if ((*out = camera_item(row)) == NULL)
		return -1;
	return 0;
}

/* bad_url answers the 400 for credentials in the URL the fields would not
 * take.  Returns 1 (camera_creds_read's "answered"). */
static int bad_url(struct vb_resp *resp, const char *why)
{
	vb_err(resp, 400, "invalid_field", "rtsp_url", "rtsp_url %s", why);
	return 1;
}

int camera_creds_read(struct vb_req *req, struct vb_resp *resp, struct camera_creds *c)
{
	const char *url = vb_str(req, "rtsp_url"), *user, *pw;
	size_t ncp;

	memset(c, 0, sizeof(*c));
	if (url != NULL) {
		/* The framework checked the URL's form: a refusal here is a
		 * credential that decodes to something no login holds. */
		if (vb_rtsp_split(url, &c->p) < 0)
			return bad_url(resp, "has a user name or password with control characters or "
				       "invalid UTF-8 in it");
		if (vb_valid_utf8(c->p.user, strlen(c->p.user), &ncp) < 0 || ncp > CAMERA_USER_MAX) {
			camera_creds_clear(c);
			return bad_url(resp, "has a user name longer than 128 characters");
		}
		if (strlen(c->p.password) > CAMERA_PASSWORD_MAX) {
			camera_creds_clear(c);
			return bad_url(resp, "has a password longer than 128 bytes");
		}
		c->set_url = 1;
		c->set_user = c->p.has_user;
		c->set_password = c->p.has_password;
	}
	/* Sent fields win over the URL's; null means none. */
	if (vb_has(req, "username")) {
		user = vb_str(req, "username");
		snprintf(c->p.user, sizeof(c->p.user), "%s", user != NULL ? user : "");
		c->set_user = 1;
	}
	if (vb_has(req, "password")) {
		pw = vb_str(req, "password");
		snprintf(c->p.password, sizeof(c->p.password), "%s", pw != NULL ? pw : "");
		c->set_password = 1;
	}
	return 0;
}

void camera_creds_clear(struct camera_creds *c)
{
	explicit_bzero(c, sizeof(*c));
}

/* id_set writes the monitor_device_ids of the request as "12,15" into out
 * (outlen bytes), for FIND_IN_SET, and their number into *n.  Returns 0, or
 * -1 when it does not fit (it always does: CAMERA_MAX_TERMINALS ids). */
static int id_set(struct vb_req *req, char *out, size_t outlen, int64_t *n)
{
	const struct vb_val *v = vb_field(req, "monitor_device_ids");
	json_object *list = v != NULL ? (json_object *)v->list : NULL;
	size_t i, len = list != NULL ? json_object_array_length(list) : 0, used = 0;
	int w;

	out[0] = '\0';
	for (i = 0; i < len; i++) {
		w = snprintf(out + used, outlen - used, "%s%lld", i ? "," : "",
			     (long long)json_object_get_int64(json_object_array_get_idx(list, i)));
		if (w < 0 || (size_t)w >= outlen - used)
			return -1;
		used += (size_t)w;
	}
	*n = (int64_t)len;
	return 0;
}

/* The longest id set: CAMERA_MAX_TERMINALS ids of at most 19 digits and a
 * comma each. */
#define ID_SET_MAX (CAMERA_MAX_TERMINALS * 21)

int camera_rules(struct vb_req *req, struct vb_resp *resp, int64_t site_id,
		 const struct camera_creds *c)
{
	char ids[ID_SET_MAX];
	int64_t n = 0, found = 0, link;

	if (c->set_password && c->p.password[0] != '\0' && !req->conf->have_key) {
		vb_err(resp, 422, "no_platform_key", "password",
		       "this platform has no key to keep camera passwords with; ask its "
		       "administrator to configure key_file");
		return 1;
	}
	if (vb_has(req, "monitor_device_ids")) {
		if (id_set(req, ids, sizeof(ids), &n) < 0)
			return -1;
		/* Share-locked: a monitor deleted now waits for our commit, so the
		 * terminal rows we write next always find their device. */
		if (n > 0 && vb_db_query_int(req->db, &found, NULL,
					     "SELECT COUNT(*) FROM devices d JOIN device_models m "
					     "ON m.id = d.model_id WHERE d.installer_id = ? AND "
					     "d.site_id = ? AND m.type = 'indoor_monitor' AND "
					     "FIND_IN_SET(d.id, ?) LOCK IN SHARE MODE",
					     "iis", req->who.tenant_id, site_id, ids) < 0)
			return -1;
		if (found != n) {
			vb_err(resp, 422, "invalid_terminal", "monitor_device_ids",
			       "monitoring terminals must be indoor monitors of this site");
			return 1;
		}
	}
	link = vb_int(req, "linked_device_id", 0);
	if (link > 0) {
		if (vb_db_query_int(req->db, &found, NULL,
				    "SELECT COUNT(*) FROM devices d JOIN device_models m "
				    "ON m.id = d.model_id WHERE d.installer_id = ? AND d.site_id = ? "
				    "AND d.id = ? AND m.type = 'door_phone' LOCK IN SHARE MODE",
				    "iii", req->who.tenant_id, site_id, link) < 0)
			return -1;
		if (found == 0) {
			vb_err(resp, 422, "invalid_link", "linked_device_id",
			       "a camera can be linked only to a door phone of its site");
			return 1;
		}
	}
	return 0;
}

/* store_password seals c's password for camera id, or clears it ("").
 * Returns 0 or -1. */
static int store_password(struct vb_req *req, int64_t id, const struct camera_creds *c)
{
	char aad[64], *sealed = NULL;
	int ret = -1;

	if (c->p.password[0] != '\0') {
		snprintf(aad, sizeof(aad), "camera:%lld:password", (long long)id);
		if (vb_seal(req->conf->key, aad, c->p.password, strlen(c->p.password), &sealed) < 0)
			goto out;
	}
	if (vb_db_exec(req->db, NULL,
		       "UPDATE cameras SET password_sealed = ? WHERE installer_id = ? AND id = ?",
		       "sii", sealed, req->who.tenant_id, id) < 0)
		goto out;
	ret = 0;
out:
	free(sealed);
	return ret;
}

int camera_store(struct vb_req *req, int64_t id, int64_t site_id, const struct camera_creds *c)
{
	char ids[ID_SET_MAX];
	int64_t n = 0;

	if (c->set_password && store_password(req, id, c) < 0)
		return -1;
	if (!vb_has(req, "monitor_device_ids"))
		return 0;
	if (id_set(req, ids, sizeof(ids), &n) < 0)
		return -1;
	/* Terminal rows carry no tenant: the camera's WHERE scopes them, and
	 * the devices inserted are picked with the tenant and site in theirs. */
	if (vb_db_exec(req->db, NULL,
		       "DELETE t FROM camera_terminals t JOIN cameras c ON c.id = t.camera_id "
		       "WHERE c.installer_id = ? AND t.camera_id = ?",
		       "ii", req->who.tenant_id, id) < 0)
		return -1;
	if (n > 0 && vb_db_exec(req->db, NULL,
				"INSERT INTO camera_terminals (camera_id, device_id) "
				"SELECT ?, d.id FROM devices d WHERE d.installer_id = ? AND "
				"d.site_id = ? AND FIND_IN_SET(d.id, ?)",
				"iiis", id, req->who.tenant_id, site_id, ids) < 0)
		return -1;
	return 0;
}

int camera_answer(struct vb_req *req, struct vb_resp *resp, int64_t id, int status)
{
	json_object *cam = NULL;

	/* Read before the commit, so a failure cannot answer 500 for a change
	 * that was made. */
	if (camera_find(req, id, &cam) < 0 || cam == NULL)
		goto fail;
	if (vb_db_commit(req->db) < 0)
		goto fail;
	return vb_json(resp, status, cam);
fail:
	json_object_put(cam);
	return -1;
}
