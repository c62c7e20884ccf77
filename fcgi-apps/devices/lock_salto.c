/*
 * lock_salto.c - the Salto adapter (lock_adapter.h).
 *
 * The protocol, modelled on Salto's cloud API (conf/fake-lock-vendor.py
 * plays it in the dev stack and the tests):
 *   POST <base>/oauth/token  form grant_type=password&username=&password=
 *        (OAuth 2.0 resource owner password grant, RFC 6749 section 4.3)
 *        200 {"access_token", "token_type": "Bearer"}; 400 invalid_grant
 *   GET  <base>/v1/locks     Authorization: Bearer T (RFC 6750 section 2.1)
 *        200 {"items": [{"id", "name"}]}
 *   POST <base>/v1/locks/ID/open  204; 404 an unknown lock
 *   a missing, expired or revoked token: 401
 */
#include <stdio.h>
#include <string.h>

#include "vestibule.h"
#include "lock_http.h"

/* The longest URL we build: the base (vb_conf: 256) and a path with an
 * escaped lock id (128 * 3). */
#define SALTO_URL_MAX 768
/* RFC 6750 section 2.1. */
#define SALTO_AUTH "Authorization: Bearer "

/* salto_login: RFC 6749 section 5.2 says a refused grant is 400
 * invalid_grant; some servers answer 401 to bad client credentials. */
static int salto_login(const char *base, const char *user, const char *password, char **token)
{
	/* Form-encoding triples a byte at most: user 128, password 256. */
	char url[SALTO_URL_MAX], u[3 * 128 + 1], p[3 * 256 + 1], body[sizeof(u) + sizeof(p) + 64];
	struct lock_http_req r = { "POST", url, NULL, "application/x-www-form-urlencoded", body };
	json_object *json = NULL, *err = NULL;
	long status;
	int ret = -1;

	*token = NULL;
	if (lock_http_escape(user, u, sizeof(u)) < 0 || lock_http_escape(password, p, sizeof(p)) < 0)
		goto out;
	snprintf(url, sizeof(url), "%s/oauth/token", base);
	snprintf(body, sizeof(body), "grant_type=password&username=%s&password=%s", u, p);
	if (lock_http_call(&r, &status, &json) < 0)
		goto out;
	if (status == 400 || status == 401) {
		json_object_object_get_ex(json, "error", &err);
		if (status == 401 || (err != NULL && strcmp(json_object_get_string(err),
							    "invalid_grant") == 0)) {
			ret = 1;
			goto out;
		}
	}
	if (status != 200 || lock_http_token(json, "access_token", token) < 0) {
		vb_warn("lock vendor salto: login answered %ld without a usable token", status);
		goto out;
	}
	ret = 0;
out:
	explicit_bzero(p, sizeof(p));
	explicit_bzero(body, sizeof(body));
	json_object_put(json);
	return ret;
}

static int salto_list_locks(const char *base, const char *token, json_object **locks)
{
	char url[SALTO_URL_MAX], auth[LOCK_AUTH_MAX];
	struct lock_http_req r = { "GET", url, auth, NULL, NULL };
	json_object *json = NULL, *items = NULL;
	long status;
	int ret = -1;

	*locks = NULL;
	if (lock_http_auth(SALTO_AUTH, token, auth) < 0)
		return 1;  /* not a token the vendor gave: connect again */
	snprintf(url, sizeof(url), "%s/v1/locks", base);
	if (lock_http_call(&r, &status, &json) < 0)
		goto out;
	if (status == 401 || status == 403) {
		ret = 1;
		goto out;
	}
	if (status != 200 || !json_object_object_get_ex(json, "items", &items) ||
	    !json_object_is_type(items, json_type_array)) {
		vb_warn("lock vendor salto: the lock list answered %ld without items", status);
		goto out;
	}
	if (lock_items_read(items, "salto", "id", "name", locks) < 0)
		goto out;
	ret = 0;
out:
	explicit_bzero(auth, sizeof(auth));
	json_object_put(json);
	return ret;
}

static int salto_unlock(const char *base, const char *token, const char *id)
{
	char url[SALTO_URL_MAX], auth[LOCK_AUTH_MAX], eid[3 * 128 + 1];
	struct lock_http_req r = { "POST", url, auth, NULL, NULL };
	json_object *json = NULL;
	long status;
	int ret = -1;

	if (lock_http_auth(SALTO_AUTH, token, auth) < 0)
		return 1;
	if (lock_http_escape(id, eid, sizeof(eid)) < 0)
		return 2;  /* longer than any id a vendor gave us */
	snprintf(url, sizeof(url), "%s/v1/locks/%s/open", base, eid);
	if (lock_http_call(&r, &status, &json) < 0)
		goto out;
	ret = lock_http_open_result("salto", status);
out:
	explicit_bzero(auth, sizeof(auth));
	json_object_put(json);
	return ret;
}

const struct lock_adapter lock_salto_adapter = {
	"salto", "Salto", salto_login, salto_list_locks, salto_unlock,
};
