/*
 * req.c - turning what arrived into typed, valid input: the JSON body, the
 * query string, the route's field specs, cookies and list parameters.
 * Nothing here talks to the database.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>

#include "vb_http.h"

#define VB_JSON_DEPTH 16

/*
 * strict_lexemes rejects what json-c's strict mode still lets through but
 * RFC 8259 does not allow: single-quoted strings, NaN/Infinity and other
 * bare words, and raw control characters inside strings (section 7).
 * Structure, numbers and escapes are left to json-c.
 */
static int strict_lexemes(const char *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '"') {
			for (i++; i < len && buf[i] != '"'; i++) {
				if ((unsigned char)buf[i] < 0x20)
					return -1;
				if (buf[i] == '\\')
					i++;
			}
			i++;
		} else if (c == '\'') {
			return -1;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			size_t n = 0;

			while (i + n < len && ((buf[i + n] >= 'a' && buf[i + n] <= 'z') ||
					       (buf[i + n] >= 'A' && buf[i + n] <= 'Z')))
				n++;
			/* an exponent marker follows a digit or a '.' */
			if (n == 1 && (c == 'e' || c == 'E') && i > 0 &&
			    ((buf[i - 1] >= '0' && buf[i - 1] <= '9') || buf[i - 1] == '.')) {
				i++;
				continue;
			}
			if (!((n == 4 && memcmp(buf + i, "true", 4) == 0) ||
			      (n == 5 && memcmp(buf + i, "false", 5) == 0) ||
			      (n == 4 && memcmp(buf + i, "null", 4) == 0)))
				return -1;
			i += n;
		} else {
			i++;
		}
	}
	return 0;
}

/*
 * vb_body_parse parses a request body as one strict JSON object (RFC 8259,
 * json-c strict mode, depth <= 16, valid UTF-8, nothing after the value
 * but whitespace).  On success *out is a new object owned by the caller.
 * On failure returns -1 with a static reason in *why.
 */
int vb_body_parse(const char *buf, size_t len, json_object **out, const char **why)
{
	struct json_tokener *tok = NULL;
	json_object *obj = NULL;
	size_t end;
	int rc = -1;

	*out = NULL;
	if (len == 0 || len > (size_t)INT32_MAX) {
		*why = "the body is empty";
		goto out;
	}
	if (strict_lexemes(buf, len) != 0) {
		*why = "the body is not valid JSON";
		goto out;
	}
	tok = json_tokener_new_ex(VB_JSON_DEPTH);
	if (tok == NULL) {
		*why = "out of memory";
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT
#ifdef JSON_TOKENER_VALIDATE_UTF8
			       | JSON_TOKENER_VALIDATE_UTF8
#endif
	);
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	if (obj == NULL) {
		enum json_tokener_error e = json_tokener_get_error(tok);
		if (e == json_tokener_continue)
			*why = "the JSON text ends too early";
		else if (e == json_tokener_error_depth)
			*why = "the JSON text is nested too deeply";
		else
			*why = "the body is not valid JSON";
		goto out;
	}
	for (end = json_tokener_get_parse_end(tok); end < len; end++) {
		char c = buf[end];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			*why = "unexpected text after the JSON value";
			goto out;
		}
	}
	if (!json_object_is_type(obj, json_type_object)) {
		*why = "the body must be a JSON object";
		goto out;
	}
	*out = obj;
	obj = NULL;
	rc = 0;
out:
	json_object_put(obj);
	if (tok != NULL)
		json_tokener_free(tok);
	return rc;
}

size_t vb_nfields(const struct vb_field *fields)
{
	size_t n = 0;

	while (fields != NULL && fields[n].name != NULL)
		n++;
	return n;
}

static const struct vb_field *field_find(const struct vb_field *fields, const char *name,
					 size_t *idx)
{
	size_t i;

	for (i = 0; fields != NULL && fields[i].name != NULL; i++)
		if (strcmp(fields[i].name, name) == 0) {
			*idx = i;
			return &fields[i];
		}
	return NULL;
}

/*
 * check_strlist validates a VB_STRLIST value: a JSON array of min..max
 * items (0,0 = any number up to 1000, so one field cannot make the handler
 * walk an unbounded list), each a string of 1..64 code points without
 * control characters, no two the same byte for byte.  The array stays in
 * the body; out->list borrows it and out->i is the number of items.
 */
static int check_strlist(const struct vb_field *spec, json_object *v, struct vb_val *out,
			 const char **why)
{
	static const struct vb_field item = { "item", VB_STR, 0, 1, 64, NULL };
	long long lo = spec->min, hi = spec->max ? spec->max : 1000;
	size_t n, i, k;

	if (!json_object_is_type(v, json_type_array)) {
		*why = "must be a list of strings";
		return -1;
	}
	n = json_object_array_length(v);
	if ((long long)n < lo || (long long)n > hi) {
		/* Like vb_valid_text's reasons, valid until the next check. */
		static char range[64];

		if (lo > 0)
			snprintf(range, sizeof(range), "must have %lld to %lld items", lo, hi);
		else
			snprintf(range, sizeof(range), "must have at most %lld items", hi);
		*why = range;
		return -1;
	}
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		struct vb_val tmp;

		if (!json_object_is_type(e, json_type_string)) {
			*why = "must be a list of strings";
			return -1;
		}
		if (vb_valid_text(&item, json_object_get_string(e),
				  (size_t)json_object_get_string_len(e), &tmp, why) < 0) {
			*why = "must hold texts of 1 to 64 characters without control characters";
			return -1;
		}
		/* Quadratic, but n is bounded by the spec (50 for video models). */
		for (k = 0; k < i; k++) {
			json_object *p = json_object_array_get_idx(v, k);

			if (json_object_get_string_len(p) == json_object_get_string_len(e) &&
			    memcmp(json_object_get_string(p), json_object_get_string(e),
				   (size_t)json_object_get_string_len(e)) == 0) {
				*why = "must not name the same item twice";
				return -1;
			}
		}
	}
	out->present = 1;
	out->list = v;
	out->i = (int64_t)n;
	return 0;
}

/*
 * check_json_value validates one JSON value against spec.  Integers and
 * booleans must have their JSON types (a string "5" is not an int), strings
 * go through the text validators.
 */
static int check_json_value(const struct vb_field *spec, json_object *v, struct vb_val *out,
		 const char **why)
{
	int64_t i;

	switch (spec->type) {
	case VB_INT:
	case VB_PORT:
		if (!json_object_is_type(v, json_type_int)) {
			*why = "must be an integer";
			return -1;
		}
		errno = 0;
		i = json_object_get_int64(v);
		if (errno != 0) {
			*why = "is out of range";
			return -1;
		}
		if (spec->type == VB_PORT ? (i < 1 || i > 65535)
		    : ((spec->min != 0 || spec->max != 0) && (i < spec->min || i > spec->max))) {
			*why = "is out of range";
			return -1;
		}
		out->present = 1;
		out->i = i;
		return 0;
	case VB_BOOL:
		if (!json_object_is_type(v, json_type_boolean)) {
			*why = "must be true or false";
			return -1;
		}
		out->present = 1;
		out->b = json_object_get_boolean(v);
		out->i = out->b;
		return 0;
	case VB_STRLIST:
		return check_strlist(spec, v, out, why);
	case VB_INTLIST: {
		long long lo = spec->min, hi = spec->max ? spec->max : 1000;
		size_t n, k, j;

		if (!json_object_is_type(v, json_type_array)) {
			*why = "must be a list of ids";
			return -1;
		}
		n = json_object_array_length(v);
		if ((long long)n < lo || (long long)n > hi) {
			static char range[64];

			snprintf(range, sizeof(range), "must have %lld to %lld items", lo, hi);
			*why = range;
			return -1;
		}
		for (k = 0; k < n; k++) {
			json_object *e = json_object_array_get_idx(v, k);

			errno = 0;
			if (!json_object_is_type(e, json_type_int) ||
			    json_object_get_int64(e) < 1 || errno != 0) {
				*why = "must be a list of ids (integers from 1)";
				return -1;
			}
			/* Quadratic, but n is bounded by the spec. */
			for (j = 0; j < k; j++)
				if (json_object_get_int64(json_object_array_get_idx(v, j)) ==
				    json_object_get_int64(e)) {
					*why = "must not name the same id twice";
					return -1;
				}
		}
		out->present = 1;
		out->list = v;
		out->i = (int64_t)n;
		return 0;
	}
	case VB_OBJLIST: {
		long long lo = spec->min, hi = spec->max ? spec->max : 100;
		size_t n, k;

		if (!json_object_is_type(v, json_type_array)) {
			*why = "must be a list of objects";
			return -1;
		}
		n = json_object_array_length(v);
		if ((long long)n < lo || (long long)n > hi) {
			static char range[64];

			if (lo > 0)
				snprintf(range, sizeof(range), "must have %lld to %lld items", lo, hi);
			else
				snprintf(range, sizeof(range), "must have at most %lld items", hi);
			*why = range;
			return -1;
		}
		for (k = 0; k < n; k++)
			if (!json_object_is_type(json_object_array_get_idx(v, k), json_type_object)) {
				*why = "must be a list of objects";
				return -1;
			}
		out->present = 1;
		out->list = v;
		out->i = (int64_t)n;
		return 0;
	}
	case VB_OBJECT:
		if (!json_object_is_type(v, json_type_object)) {
			*why = "must be an object";
			return -1;
		}
		out->present = 1;
		out->list = v;
		return 0;
	default:
		if (!json_object_is_type(v, json_type_string)) {
			*why = "must be a string";
			return -1;
		}
		return vb_valid_text(spec, json_object_get_string(v),
				     (size_t)json_object_get_string_len(v), out, why);
	}
}


/*
 * url_decode decodes s in place (percent escapes and '+' as space, as
 * browsers encode forms, RFC 3986 section 2.1) and returns the new length,
 * or -1 on a broken escape.  The result may contain NUL bytes, which the
 * validators reject as control characters.
 */
static long url_decode(char *s)
{
	char *r = s, *w = s;

	while (*r != '\0') {
		if (*r == '%') {
			int h = vb_hex_digit((unsigned char)r[1]);
			int l = h < 0 ? -1 : vb_hex_digit((unsigned char)r[2]);
			if (h < 0 || l < 0)
				return -1;
			*w++ = (char)(h * 16 + l);
			r += 3;
		} else if (*r == '+') {
			*w++ = ' ';
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (long)(w - s);
}

/* check_query validates each "name=value" pair of a query string. */
static int check_query(const struct vb_field *fields, char *query, struct vb_val *vals,
	    const char **bad_field, const char **code, const char **why)
{
	char *save = NULL, *pair;
	size_t idx;

	for (pair = strtok_r(query, "&", &save); pair != NULL; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		const struct vb_field *spec;
		long n;

		if (eq == NULL) {
			eq = pair + strlen(pair); /* "flag" without a value: empty value */
		} else {
			*eq++ = '\0';
		}
		if (url_decode(pair) < 0) {
			*bad_field = NULL;
			*code = "invalid_query";
			*why = "the query string has a broken %-escape";
			return -1;
		}
		*bad_field = pair;
		if ((spec = field_find(fields, pair, &idx)) == NULL) {
			*code = "unknown_field";
			*why = "is not a parameter of this request";
			return -1;
		}
		if (vals[idx].present) {
			*code = "invalid_field";
			*why = "is given more than once";
			return -1;
		}
		if ((n = url_decode(eq)) < 0) {
			*code = "invalid_field";
			*why = "has a broken %-escape";
			return -1;
		}
		if (n == 0 && !(spec->flags & VB_REQUIRED))
			continue; /* "?q=" means no search */
		if (vb_valid_text(spec, eq, (size_t)n, &vals[idx], why) != 0) {
			*code = "invalid_field";
			return -1;
		}
	}
	return 0;
}

int vb_fields_check(const struct vb_field *fields, json_object *body, char *query,
		    struct vb_val *vals, const char **bad_field, const char **code, const char **why)
{
	size_t i, n = vb_nfields(fields);

	*bad_field = NULL;
	memset(vals, 0, n * sizeof(*vals));
	if (body != NULL) {
		json_object_object_foreach(body, key, v) {
			const struct vb_field *spec;
			size_t idx;

			*bad_field = key;
			if ((spec = field_find(fields, key, &idx)) == NULL) {
				*code = "unknown_field";
				*why = "is not a field of this request";
				return -1;
			}
			if (v == NULL) { /* JSON null */
				if (!(spec->flags & VB_NULLABLE)) {
					*code = "invalid_field";
					*why = "must not be null";
					return -1;
				}
				vals[idx].present = 1;
				vals[idx].is_null = 1;
				continue;
			}
			if (check_json_value(spec, v, &vals[idx], why) != 0) {
				*code = "invalid_field";
				return -1;
			}
		}
	} else if (query != NULL && query[0] != '\0') {
		if (check_query(fields, query, vals, bad_field, code, why) != 0)
			return -1;
	}
	for (i = 0; i < n; i++) {
		if ((fields[i].flags & VB_REQUIRED) && !vals[i].present) {
			*bad_field = fields[i].name;
			*code = "missing_field";
			*why = "is required";
			return -1;
		}
	}
	*bad_field = NULL;
	return 0;
}

/*
 * vb_field returns the validated value of a field of the route, or NULL
 * when the route has no such field (a programming error, logged by the
 * caller's tests) -- absent fields return a value with present == 0.
 */
const struct vb_val *vb_field(const struct vb_req *req, const char *name)
{
	size_t idx;

	if (req->route == NULL || req->vals == NULL ||
	    field_find(req->route->fields, name, &idx) == NULL)
		return NULL;
	return &req->vals[idx];
}

/*
 * vb_item_check: see vb_http.h.  The field named in the error is the item's
 * path ("relays[2].dtmf", or "external_relay.port" when i < 0), copied into
 * the response.
 */
int vb_item_check(struct vb_resp *resp, const char *name, int i, json_object *item,
		  const struct vb_field *fields, struct vb_val *vals)
{
	const char *bad = NULL, *code = NULL, *why = NULL;
	char path[160];

	if (vb_fields_check(fields, item, NULL, vals, &bad, &code, &why) == 0)
		return 0;
	if (i >= 0)
		snprintf(path, sizeof(path), "%s[%d].%s", name, i, bad ? bad : "");
	else
		snprintf(path, sizeof(path), "%s.%s", name, bad ? bad : "");
	vb_err(resp, 400, code, path, "%s %s", path, why);
	return -1;
}

const struct vb_val *vb_item(const struct vb_field *fields, const struct vb_val *vals,
			     const char *name)
{
	size_t idx;

	return field_find(fields, name, &idx) != NULL ? &vals[idx] : NULL;
}

const char *vb_str(const struct vb_req *req, const char *name)
{
	const struct vb_val *v = vb_field(req, name);

	return v != NULL && v->present && !v->is_null ? v->s : NULL;
}

int64_t vb_int(const struct vb_req *req, const char *name, int64_t dflt)
{
	const struct vb_val *v = vb_field(req, name);

	return v != NULL && v->present && !v->is_null ? v->i : dflt;
}

int vb_bool(const struct vb_req *req, const char *name, int dflt)
{
	const struct vb_val *v = vb_field(req, name);

	return v != NULL && v->present && !v->is_null ? v->b : dflt;
}

int vb_has(const struct vb_req *req, const char *name)
{
	const struct vb_val *v = vb_field(req, name);

	return v != NULL && v->present;
}

/* vb_fields_sent: see vb_http.h. */
int vb_fields_sent(const struct vb_req *req)
{
	size_t i, n = req->route != NULL ? vb_nfields(req->route->fields) : 0;

	for (i = 0; i < n; i++)
		if (req->vals[i].present)
			return 1;
	return 0;
}

/*
 * vb_list_params reads q/page/per_page/sort from the route's validated
 * query fields (declare them in the route's field list) and derives the
 * offset.  "sort" is "name" or "-name" for descending; the handler maps it
 * through its own whitelist.  Never fails today (the validators already
 * bounded the values), but keeps the -1 contract for future rules.
 */
int vb_list_params(struct vb_req *req, struct vb_resp *resp, struct vb_list *out)
{
	const char *sort = vb_str(req, "sort");

	(void)resp;
	memset(out, 0, sizeof(*out));
	out->q = vb_str(req, "q");
	out->page = vb_int(req, "page", 1);
	out->per_page = vb_int(req, "per_page", 20);
	if (out->page < 1)
		out->page = 1;
	if (out->per_page < 1 || out->per_page > 200)
		out->per_page = 20;
	out->offset = (out->page - 1) * out->per_page;
	if (sort != NULL) {
		out->desc = sort[0] == '-';
		snprintf(out->sort, sizeof(out->sort), "%s", sort + out->desc);
	}
	return 0;
}

json_object *vb_list_body(json_object *items, int64_t total, const struct vb_list *l)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "items", items);
	json_object_object_add(o, "total", json_object_new_int64(total));
	json_object_object_add(o, "page", json_object_new_int64(l->page));
	json_object_object_add(o, "per_page", json_object_new_int64(l->per_page));
	return o;
}

const char *vb_getenv(const struct vb_req *req, const char *name)
{
	return req->fcgx != NULL ? FCGX_GetParam(name, req->fcgx->envp) : NULL;
}

/*
 * vb_cookie_parse finds name in a Cookie header value (RFC 6265 section
 * 5.4: "a=b; c=d") and copies its value into out.  -1 when absent or when
 * the value does not fit.
 */
int vb_cookie_parse(const char *header, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = header;

	while (p != NULL && *p != '\0') {
		const char *end;
		size_t vlen;

		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			vlen = (size_t)(end - (p + nlen + 1));
			if (vlen >= outlen)
				return -1;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = *end != '\0' ? end + 1 : end;
	}
	return -1;
}

int vb_cookie(const struct vb_req *req, const char *name, char *out, size_t outlen)
{
	const char *h = vb_getenv(req, "HTTP_COOKIE");

	return h == NULL ? -1 : vb_cookie_parse(h, name, out, outlen);
}
