/*
 * lock_http.c - one HTTP exchange with a lock vendor's cloud, with libcurl's
 * easy interface (lock_http.h).  One exchange at a time per worker, so the
 * blocking easy API is enough; the time bound keeps a dead vendor from
 * holding the worker.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "vestibule.h"
#include "lock_http.h"

/* What the write callback collects. */
struct sink {
	char *buf;
	size_t len, cap;
	int too_big;
};

/* sink_write keeps the answer's bytes up to LOCK_HTTP_MAX_BODY; more makes
 * it stop the transfer (curl then fails with CURLE_WRITE_ERROR). */
static size_t sink_write(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct sink *s = userdata;
	size_t n = size * nmemb, cap;
	char *p;

	if (n > LOCK_HTTP_MAX_BODY - s->len) {
		s->too_big = 1;
		return 0;
	}
	if (s->len + n + 1 > s->cap) {
		cap = s->cap ? s->cap : 4096;
		while (cap < s->len + n + 1)
			cap *= 2;
		if ((p = realloc(s->buf, cap)) == NULL)
			return 0;
		s->buf = p;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

/* parse_json parses the collected body strictly as one JSON value; NULL
 * for an empty or broken body (the adapter decides what that means). */
static json_object *parse_json(const struct sink *s)
{
	struct json_tokener *tok;
	json_object *v;

	if (s->len == 0)
		return NULL;
	if ((tok = json_tokener_new()) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	v = json_tokener_parse_ex(tok, s->buf, (int)s->len);
	if (v != NULL && (json_tokener_get_error(tok) != json_tokener_success ||
			  json_tokener_get_parse_end(tok) != s->len)) {
		json_object_put(v);
		v = NULL;
	}
	json_tokener_free(tok);
	return v;
}

int lock_http_call(const struct lock_http_req *r, long *status, json_object **json)
{
	struct curl_slist *headers = NULL, *h;
	struct sink s = { NULL, 0, 0, 0 };
	char ctype[128];
	CURL *curl = NULL;
	CURLcode rc;
	int ret = -1;

	*json = NULL;
	*status = 0;
	if ((curl = curl_easy_init()) == NULL)
		goto out;
	if ((h = curl_slist_append(headers, "Accept: application/json")) == NULL)
		goto out;
	headers = h;
	if (r->header != NULL) {
		if ((h = curl_slist_append(headers, r->header)) == NULL)
			goto out;
		headers = h;
	}
	if (r->body != NULL) {
		snprintf(ctype, sizeof(ctype), "Content-Type: %s", r->content_type);
		if ((h = curl_slist_append(headers, ctype)) == NULL)
			goto out;
		headers = h;
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r->body);
	} else if (strcmp(r->method, "POST") == 0) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
	}
	curl_easy_setopt(curl, CURLOPT_URL, r->url);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, r->method);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "vestibule");
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)LOCK_HTTP_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	/* No signals: the prefork worker owns its signal handlers. */
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)LOCK_HTTP_MAX_BODY);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &s);

	if ((rc = curl_easy_perform(curl)) != CURLE_OK) {
		vb_warn("lock vendor %s %s: %s", r->method, r->url,
			s.too_big ? "answer too large" : curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
	*json = parse_json(&s);
	ret = 0;
out:
	if (s.buf != NULL) {
		/* The answer may have held a token. */
		explicit_bzero(s.buf, s.cap);
		free(s.buf);
	}
	curl_slist_free_all(headers);
	if (curl != NULL)
		curl_easy_cleanup(curl);
	return ret;
}

int lock_http_escape(const char *s, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			if (n + 1 >= outlen)
				return -1;
			out[n++] = (char)c;
		} else {
			if (n + 3 >= outlen)
				return -1;
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		}
	}
	if (n >= outlen)
		return -1;
	out[n] = '\0';
	return 0;
}

int lock_http_quote(const char *s, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	unsigned char c;

	if (outlen < 3)
		return -1;
	out[n++] = '"';
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (n + 7 >= outlen)
			return -1;
		if (c == '"' || c == '\\') {
			out[n++] = '\\';
			out[n++] = (char)c;
		} else if (c < 0x20) {
			memcpy(out + n, "\\u00", 4);
			out[n + 4] = hex[c >> 4];
			out[n + 5] = hex[c & 15];
			n += 6;
		} else {
			out[n++] = (char)c;
		}
	}
	out[n++] = '"';
	out[n] = '\0';
	return 0;
}

int lock_token_ok(const char *t)
{
	size_t n;

	if (t == NULL)
		return 0;
	for (n = 0; t[n] != '\0'; n++)
		if ((unsigned char)t[n] <= 0x20 || (unsigned char)t[n] >= 0x7F)
			return 0;
	return n >= 1 && n <= LOCK_TOKEN_MAX;
}

int lock_http_token(json_object *o, const char *key, char **token)
{
	json_object *v = NULL;

	*token = NULL;
	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string) || !lock_token_ok(json_object_get_string(v)))
		return -1;
	*token = strdup(json_object_get_string(v));
	return *token != NULL ? 0 : -1;
}

int lock_http_auth(const char *prefix, const char *token, char out[LOCK_AUTH_MAX])
{
	if (!lock_token_ok(token))
		return -1;
	snprintf(out, LOCK_AUTH_MAX, "%s%s", prefix, token);
	return 0;
}

int lock_http_open_result(const char *vendor, long status)
{
	if (status == 200 || status == 202 || status == 204)
		return 0;
	if (status == 401 || status == 403)
		return 1;
	if (status == 404)
		return 2;
	vb_warn("lock vendor %s: the open command answered %ld", vendor, status);
	return -1;
}

/* The longest vendor lock id (locks.vendor_lock_id). */
#define LOCK_ID_MAX 128

int lock_item_add(json_object *locks, const char *vendor, json_object *id, json_object *name)
{
	static const struct vb_field text = { "name", VB_STR, 0, 0, 1024, NULL };
	struct vb_val v;
	json_object *it;
	const char *s;
	size_t n;

	if (!json_object_is_type(id, json_type_string))
		goto skip;
	s = json_object_get_string(id);
	for (n = 0; s[n] != '\0'; n++)
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] >= 0x7F)
			goto skip;
	if (n == 0 || n > LOCK_ID_MAX)
		goto skip;
	if ((it = json_object_new_object()) == NULL)
		return -1;
	json_object_object_add(it, "id", json_object_get(id));
	/* A name we could not show or store as text is replaced by the id. */
	if (json_object_is_type(name, json_type_string) &&
	    vb_valid_text(&text, json_object_get_string(name),
			  (size_t)json_object_get_string_len(name), &v, NULL) == 0)
		json_object_object_add(it, "name", json_object_get(name));
	else
		json_object_object_add(it, "name", json_object_get(id));
	if (json_object_array_add(locks, it) < 0) {
		json_object_put(it);
		return -1;
	}
	return 0;
skip:
	vb_warn("lock vendor %s: a lock without a usable id left out", vendor);
	return 0;
}

int lock_items_read(json_object *list, const char *vendor, const char *id_key,
		    const char *name_key, json_object **locks)
{
	json_object *out;
	size_t i, n = json_object_array_length(list);

	if ((out = json_object_new_array()) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(list, i), *id = NULL, *name = NULL;

		json_object_object_get_ex(it, id_key, &id);
		json_object_object_get_ex(it, name_key, &name);
		if (lock_item_add(out, vendor, id, name) < 0) {
			json_object_put(out);
			return -1;
		}
	}
	*locks = out;
	return 0;
}
