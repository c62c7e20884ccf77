/*
 * stream.c - the stream URLs of the RTSP relay (F39): a door phone's or a
 * camera's rtsp://<relay>/s/<source>?token=... for the installer watching
 * it from the portal, valid for stream_token_ttl_s (vb_stream.h).  The
 * token names the viewer ("i<account id>"), so the relay can count and log
 * viewers without asking the database.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "devices.h"

/*
 * stream_answer answers 200 {"source_id", "url", "username", "password",
 * "expires_at"} for source of the tenant: the URL carries the token, and
 * username / password are the same token as RTSP digest credentials, for
 * players that take them apart.  Refused with 422 monitoring_off when the
 * source's allow_monitoring is off (the relay would answer 403), 422
 * no_platform_key without a key to sign with.  Returns 0 or -1.
 */
static int stream_answer(struct vb_req *req, struct vb_resp *resp, const char *source,
			 int allow_monitoring)
{
	char viewer[24], tok[VB_STREAM_TOKEN_MAX], url[512], user[VB_STREAM_VIEWER_MAX + 22];
	char when[32];
	unsigned char secret[32];
	const char *mac;
	int64_t expiry = (int64_t)time(NULL) + req->conf->stream_token_ttl_s;
	time_t t = (time_t)expiry;
	struct tm tm;
	json_object *body = NULL;
	int ret = -1;

	if (!allow_monitoring)
		return vb_err(resp, 422, "monitoring_off", NULL,
			      "monitoring is off for this device: turn on \"Allow users to monitor "
			      "this device\" first");
	if (!req->conf->have_key)
		return vb_err(resp, 422, "no_platform_key", NULL,
			      "the platform has no key (key_file) to sign stream URLs with");
	snprintf(viewer, sizeof(viewer), "i%lld", (long long)req->who.account_id);
	if (vb_stream_secret(req->conf->key, secret) < 0 ||
	    vb_stream_token(secret, source, viewer, expiry, tok) < 0)
		goto out;
	/* The token is "<viewer>.<expiry>.<mac>": the digest user is all but
	 * the mac, the password the mac. */
	mac = strrchr(tok, '.') + 1;
	snprintf(user, sizeof(user), "%.*s", (int)(mac - 1 - tok), tok);
	snprintf(url, sizeof(url), "%s/s/%s?token=%s", req->conf->relay_public_url, source, tok);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	if ((body = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(body, "source_id", json_object_new_string(source));
	json_object_object_add(body, "url", json_object_new_string(url));
	json_object_object_add(body, "username", json_object_new_string(user));
	json_object_object_add(body, "password", json_object_new_string(mac));
	json_object_object_add(body, "expires_at", json_object_new_string(when));
	vb_header(resp, "Cache-Control", "no-store");
	ret = vb_json(resp, 200, body);
out:
	explicit_bzero(secret, sizeof(secret));
	explicit_bzero(tok, sizeof(tok));
	return ret;
}

/* devices_stream: GET /api/devices/{id}/stream -> 200 stream URL; 404 for
 * no device of the tenant; 422 no_stream for a device without video. */
int devices_stream(struct vb_req *req, struct vb_resp *resp)
{
	json_object *row = NULL;
	char source[24];
	int64_t id;
	int ret = -1;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "device");
	if (vb_db_query_row(req->db, &row,
			    "SELECT m.type, d.allow_monitoring FROM devices d "
			    "JOIN device_models m ON m.id = d.model_id "
			    "WHERE d.installer_id = ? AND d.id = ?",
			    "ii", req->who.tenant_id, id) < 0)
		return -1;
	if (row == NULL)
		return device_not_found(resp, "device");
	/* The relay serves what relay_sources lists: door phones. */
	if (strcmp(vb_row_str(row, "type"), "door_phone") != 0) {
		ret = vb_err(resp, 422, "no_stream", NULL, "only door phones stream video");
		goto out;
	}
	snprintf(source, sizeof(source), "d%lld", (long long)id);
	ret = stream_answer(req, resp, source, vb_row_bool(row, "allow_monitoring"));
out:
	json_object_put(row);
	return ret;
}

/* cameras_stream: GET /api/devices/cameras/{id}/stream -> 200 stream URL;
 * 404 for no camera of the tenant. */
int cameras_stream(struct vb_req *req, struct vb_resp *resp)
{
	char source[24];
	int64_t id, allow = 0;
	int found = 0;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "camera");
	if (vb_db_query_int(req->db, &allow, &found,
			    "SELECT allow_monitoring FROM cameras WHERE installer_id = ? AND id = ?",
			    "ii", req->who.tenant_id, id) < 0)
		return -1;
	if (!found)
		return device_not_found(resp, "camera");
	snprintf(source, sizeof(source), "c%lld", (long long)id);
	return stream_answer(req, resp, source, allow != 0);
}
