/*
 * vb_http.h - routes, requests, responses and the prefork serve loop.
 *
 * Order of checks for each request (all before the handler runs), each
 * failure answered in the one error shape
 *   {"error": {"code": "...", "field": "...", "message": "..."}}
 *  1. route lookup: 404 not_found / 405 method_not_allowed
 *  2. session (cookie) and role: 401 unauthenticated / 403 forbidden
 *  3. CSRF on POST/PUT/PATCH/DELETE: header "X-Vestibule-Csrf: 1" and, when an
 *     Origin header is sent, Origin == conf.public_origin: 403 csrf
 *  4. body: Content-Type application/json (415 unsupported_media_type),
 *     CONTENT_LENGTH <= cap (413 body_too_large), exactly that many bytes
 *     (400 body_truncated), strict JSON object of depth <= 16 (400 invalid_json)
 *  5. fields: unknown field (400 unknown_field), each spec (400 invalid_field,
 *     with "field" set), required (400 missing_field)
 * GET/DELETE fields come from the query string, others from the JSON body.
 */
#ifndef VB_HTTP_H
#define VB_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include <fcgiapp.h>
#include "vb_valid.h"

struct vb_db;
struct vb_conf;
struct vb_req;
struct vb_resp;

/* Roles, as a bit set on a route.  A session that has not finished the login
 * steps (2FA, privacy policy, e-mail confirmation) only reaches routes that
 * carry VB_PENDING. */
enum {
	VB_PUBLIC = 0,               /* no session needed (one is still read if sent) */
	VB_DISTRIBUTOR = 1 << 0,
	VB_INSTALLER = 1 << 1,
	VB_SUBINSTALLER = 1 << 2,
	VB_PROPERTY_MANAGER = 1 << 3,
	VB_ANY_ACCOUNT = 0x0f,
	VB_PENDING = 1 << 8,         /* also allowed while login steps remain */
	VB_NO_SWITCHED = 1 << 9,     /* refused while a distributor is switched in */
	VB_CACHED = 1 << 10,         /* GET answer kept per account until the tenant's data
					changes (vb_cache.h) */
};

enum vb_stage { VB_STAGE_2FA, VB_STAGE_PRIVACY, VB_STAGE_EMAIL, VB_STAGE_DONE };

/* Who is calling.  When a distributor has switched into an installer,
 * account_id/role are the installer's and actor_id is the distributor's;
 * otherwise actor_id == account_id. */
struct vb_principal {
	int64_t session_id;      /* 0 when no session */
	int64_t account_id;
	int64_t actor_id;
	int role;                /* one of the VB_DISTRIBUTOR... bits, 0 if none */
	int64_t tenant_id;       /* the installer that owns the data (installer: itself;
				    sub-installer/property manager: its installer;
				    distributor: itself) */
	enum vb_stage stage;
	char token_hash[65];     /* SHA-256 hex of the session token */
};

typedef int (*vb_handler)(struct vb_req *req, struct vb_resp *resp);

struct vb_route {
	const char *method;             /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern;            /* "/api/sites/{id}"; {name} matches one segment */
	vb_handler handler;
	unsigned roles;                 /* VB_PUBLIC or a set of role bits (+ flags) */
	const struct vb_field *fields;  /* NULL-name-terminated array, or NULL */
	size_t max_body;                /* 0 = conf.max_body */
	const char *summary;            /* one line for the route listing / OpenAPI */
};

#define VB_MAX_PARAMS 4

struct vb_req {
	FCGX_Request *fcgx;
	const struct vb_conf *conf;
	struct vb_db *db;               /* the worker's connection (borrowed) */
	const struct vb_route *route;
	const char *method, *path, *query;
	const char *remote_addr;
	const char *user_agent;
	const char *request_id;
	struct vb_principal who;
	json_object *account;           /* the effective account's row (VB_ACCOUNT_COLUMNS),
					   loaded with the session; NULL if none (owned by
					   the loop) */
	uint64_t account_writes;        /* vb_db_writes() when it was loaded */
	json_object *body;              /* parsed JSON body or NULL (owned by the loop) */
	struct vb_val *vals;            /* parallel to route->fields */
	size_t nparams;
	const char *param_names[VB_MAX_PARAMS];
	char param_vals[VB_MAX_PARAMS][128];
	int64_t started_us;
};

struct vb_resp {
	int status;
	json_object *body;              /* owned; NULL means no body (204) */
	const char *raw;                /* JSON text sent instead of serialising body (a kept
					   answer, or body's own text), borrowed, or NULL */
	size_t raw_len;
	char headers[2048];             /* extra "Name: value\r\n" lines */
	size_t hlen;
	int sent;
};

/* Field access (names must be in the route's field list; an absent field
 * returns the default / NULL). */
const struct vb_val *vb_field(const struct vb_req *req, const char *name);
const char *vb_str(const struct vb_req *req, const char *name);
int64_t vb_int(const struct vb_req *req, const char *name, int64_t dflt);
int vb_bool(const struct vb_req *req, const char *name, int dflt);
int vb_has(const struct vb_req *req, const char *name);
/* vb_fields_sent tells whether the request set any of its route's fields at
 * all (so an empty PATCH can change and audit nothing). */
int vb_fields_sent(const struct vb_req *req);

/*
 * Nested objects (VB_OBJLIST items, a VB_OBJECT): the route checks only the
 * shape; the handler then checks each object's keys against its own field
 * list.  vb_item_check validates item (borrowed) against fields, filling vals
 * (vb_nfields(fields) entries, which borrow item), the same rules as a body.
 * name and i say where it sits: element i of list field name, or the object
 * field name itself when i < 0.  Returns 0; or -1 after writing the 400 into
 * resp (invalid_field, missing_field or unknown_field, with "field" the path,
 * e.g. "relays[2].dtmf").  vb_item returns the value of field name (NULL when
 * fields has no such name).
 */
int vb_item_check(struct vb_resp *resp, const char *name, int i, json_object *item,
		  const struct vb_field *fields, struct vb_val *vals);
const struct vb_val *vb_item(const struct vb_field *fields, const struct vb_val *vals,
			     const char *name);

/* Path parameters.  vb_param returns the raw segment or NULL; vb_param_id
 * parses a positive decimal id and returns -1 when it is not one (callers
 * answer 404 then: such an object does not exist). */
const char *vb_param(const struct vb_req *req, const char *name);
int vb_param_id(const struct vb_req *req, const char *name, int64_t *id);

/* Query-string access for list endpoints: ?q=&page=&per_page=&sort= .
 * vb_list_params validates and clamps (page >= 1, 1 <= per_page <= 200,
 * default 20); returns -1 after writing a 400 into resp. */
struct vb_list {
	const char *q;      /* borrowed, may be NULL */
	int64_t page, per_page, offset;
	char sort[64];
	int desc;
};
int vb_list_params(struct vb_req *req, struct vb_resp *resp, struct vb_list *out);
/* vb_list_body builds {"items": items, "total": total, "page": .., "per_page": ..};
 * takes ownership of items. */
json_object *vb_list_body(json_object *items, int64_t total, const struct vb_list *l);

/* Header access: name as in CGI (e.g. "HTTP_ORIGIN"); borrowed or NULL. */
const char *vb_getenv(const struct vb_req *req, const char *name);
/* vb_cookie copies the named cookie's value into out; -1 if absent. */
int vb_cookie(const struct vb_req *req, const char *name, char *out, size_t outlen);
int vb_cookie_parse(const char *header, const char *name, char *out, size_t outlen);

/* Responses.  vb_json takes ownership of body.  vb_err fills the error shape;
 * field may be NULL; message is printf-style.  All return 0 so a handler can
 * "return vb_err(...)". */
int vb_json(struct vb_resp *resp, int status, json_object *body);
int vb_no_content(struct vb_resp *resp);
int vb_err(struct vb_resp *resp, int status, const char *code, const char *field,
	   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* vb_rollback_answered ends a handler that wrote a 4xx into resp while its
 * transaction was open: it rolls the transaction back, so nothing of the
 * refused request is kept.  Returns 0 (the handler's return), or -1 when the
 * rollback failed. */
int vb_rollback_answered(struct vb_req *req);
/* vb_header appends "name: value"; -1 if the buffer is full or value has CR/LF. */
int vb_header(struct vb_resp *resp, const char *name, const char *value);

/*
 * vb_serve runs an area program: parses --config/--listen/--workers, loads the
 * config, binds <socket_dir>/<area>.sock (or uses fd 0 under socket
 * activation, or --listen PATH), forks workers, serves routes, and exits 0 on
 * SIGTERM after the workers finish their current request.  Also answers
 * GET /internal/<area>/health and /internal/<area>/metrics.
 * "--routes" prints "METHOD PATTERN" lines and exits (the OpenAPI test uses it).
 * Returns the process exit status.
 */
int vb_serve(int argc, char **argv, const char *area, const struct vb_route *routes,
	     size_t nroutes);

/* Internal pieces, exposed for unit tests. */
const struct vb_route *vb_route_match(const struct vb_route *routes, size_t n,
				      const char *method, const char *path,
				      struct vb_req *req, int *method_mismatch);
int vb_body_parse(const char *buf, size_t len, json_object **out, const char **why);
/* vb_fields_check decodes query (in place: it must outlive vals) or reads
 * body, and validates every field; on failure sets the field name, the error
 * code and a reason, and returns -1. */
int vb_fields_check(const struct vb_field *fields, json_object *body, char *query,
		    struct vb_val *vals, const char **bad_field, const char **code,
		    const char **why);
/* vb_nfields counts a NULL-name-terminated field list (0 for NULL). */
size_t vb_nfields(const struct vb_field *fields);

#define VB_NITEMS(a) (sizeof(a) / sizeof((a)[0]))

#endif
