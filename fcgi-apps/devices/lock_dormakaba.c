/*
 * lock_dormakaba.c - the Dormakaba adapter (lock_adapter.h).  Offered only
 * where the deployment's config turns it on (lock_dormakaba), as only some
 * regions' clouds have it.
 *
 * The protocol, modelled on Dormakaba's cloud API (conf/fake-lock-vendor.py
 * plays it in the dev stack and the tests):
 *   POST <base>/api/v1/auth/login  JSON {"email", "password"}
 *        200 {"token"}; 401 bad credentials
 *   GET  <base>/api/v1/devices     X-Auth-Token: T
 *        200 [{"deviceId", "deviceName"}]
 *   POST <base>/api/v1/devices/ID/commands  JSON {"command": "open"}
 *        202 accepted; 404 an unknown device
 *   a missing, expired or revoked token: 401
 */
#include <stdio.h>
#include <string.h>

#include "vestibule.h"
#include "lock_http.h"

#define DK_URL_MAX 768
#define DK_AUTH "X-Auth-Token: "

static int dk_login(const char *base, const char *user, const char *password, char **token)
{
	/* JSON escaping makes a byte at most six: user 128, password 256. */
	char url[DK_URL_MAX], u[6 * 128 + 3], p[6 * 256 + 3], body[sizeof(u) + sizeof(p) + 32];
	struct lock_http_req r = { "POST", url, NULL, "application/json", body };
	json_object *json = NULL;
	long status;
	int ret = -1;

	*token = NULL;
	if (lock_http_quote(user, u, sizeof(u)) < 0 || lock_http_quote(password, p, sizeof(p)) < 0)
		goto out;
	snprintf(url, sizeof(url), "%s/api/v1/auth/login", base);
	snprintf(body, sizeof(body), "{\"email\":%s,\"password\":%s}", u, p);
	if (lock_http_call(&r, &status, &json) < 0)
		goto out;
	if (status == 400 || status == 401 || status == 403) {
		ret = 1;
		goto out;
	}
	if (status != 200 || lock_http_token(json, "token", token) < 0) {
		vb_warn("lock vendor dormakaba: login answered %ld without a usable token", status);
		goto out;
	}
	ret = 0;
out:
	explicit_bzero(p, sizeof(p));
	explicit_bzero(body, sizeof(body));
	json_object_put(json);
	return ret;
}

static int dk_list_locks(const char *base, const char *token, json_object **locks)
{
	char url[DK_URL_MAX], auth[LOCK_AUTH_MAX];
	struct lock_http_req r = { "GET", url, auth, NULL, NULL };
	json_object *json = NULL;
	long status;
	int ret = -1;

	*locks = NULL;
	if (lock_http_auth(DK_AUTH, token, auth) < 0)
		return 1;
	snprintf(url, sizeof(url), "%s/api/v1/devices", base);
	if (lock_http_call(&r, &status, &json) < 0)
		goto out;
	if (status == 401 || status == 403) {
		ret = 1;
		goto out;
	}
	if (status != 200 || !json_object_is_type(json, json_type_array)) {
		vb_warn("lock vendor dormakaba: the device list answered %ld without a list", status);
		goto out;
	}
	if (lock_items_read(json, "dormakaba", "deviceId", "deviceName", locks) < 0)
		goto out;
	ret = 0;
out:
	explicit_bzero(auth, sizeof(auth));
	json_object_put(json);
	return ret;
}

static int dk_unlock(const char *base, const char *token, const char *id)
{
	char url[DK_URL_MAX], auth[LOCK_AUTH_MAX], eid[3 * 128 + 1];
	struct lock_http_req r = { "POST", url, auth, "application/json", "{\"command\":\"open\"}" };
	json_object *json = NULL;
	long status;
	int ret = -1;

	if (lock_http_auth(DK_AUTH, token, auth) < 0)
		return 1;
	if (lock_http_escape(id, eid, sizeof(eid)) < 0)
		return 2;
	snprintf(url, sizeof(url), "%s/api/v1/devices/%s/commands", base, eid);
	if (lock_http_call(&r, &status, &json) < 0)
		goto out;
	ret = lock_http_open_result("dormakaba", status);
out:
	explicit_bzero(auth, sizeof(auth));
	json_object_put(json);
	return ret;
}

const struct lock_adapter lock_dormakaba_adapter = {
	"dormakaba", "Dormakaba", dk_login, dk_list_locks, dk_unlock,
};
