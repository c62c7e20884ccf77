/*
 * lock_http.h - what the lock vendor adapters (lock_adapter.h) share: one
 * HTTP exchange with a vendor's cloud, bounded in time and size, and the
 * adapters themselves for lock_adapter.c's table.
 */
#ifndef LOCK_HTTP_H
#define LOCK_HTTP_H

#include <stddef.h>
#include <json-c/json.h>

#include "lock_adapter.h"

/* Every exchange ends within LOCK_HTTP_TIMEOUT_MS, connecting included, so
 * a dead vendor holds a worker for at most that long; an answer larger than
 * LOCK_HTTP_MAX_BODY is refused unread (a lock list is a few kilobytes). */
#define LOCK_HTTP_TIMEOUT_MS 5000
#define LOCK_HTTP_MAX_BODY (1024 * 1024)
/* The longest token a vendor may hand out: sealed, it must fit
 * lock_accounts.token_sealed (VARCHAR(2048) of base64). */
#define LOCK_TOKEN_MAX 1024
/* The longest token header line lock_http_auth writes. */
#define LOCK_AUTH_MAX (LOCK_TOKEN_MAX + 32)

/* One request.  header is one extra "Name: value" line (the token) or NULL;
 * body (with its content_type) is sent when not NULL. */
struct lock_http_req {
	const char *method;        /* "GET" or "POST" */
	const char *url;
	const char *header;
	const char *content_type;
	const char *body;
};

/*
 * lock_http_call sends r and waits for the answer: *status gets the HTTP
 * status and *json (caller owns) the body parsed as JSON, NULL when it was
 * empty or not JSON.  Redirects are not followed (a vendor API does not
 * send them; following one could carry the token elsewhere).  The token and
 * body are never logged; a failure is logged with the URL and curl's
 * reason.  Returns 0 when an answer came, -1 when none did (unreachable,
 * timed out, too large).
 */
int lock_http_call(const struct lock_http_req *r, long *status, json_object **json);

/*
 * lock_http_escape writes s percent-encoded into out (outlen bytes): every
 * octet but RFC 3986's unreserved characters as "%XX", which is right both
 * for a path segment (section 3.3) and for a form value
 * (application/x-www-form-urlencoded, WHATWG URL section 5.2).  Returns 0,
 * or -1 when it does not fit.
 */
int lock_http_escape(const char *s, char *out, size_t outlen);

/*
 * lock_http_quote writes s as a JSON string, quotes included (RFC 8259
 * section 7: '"', '\\' and control characters escaped; s is UTF-8), into
 * out (outlen bytes), so a body holding a password is built in memory the
 * caller can clear.  Returns 0, or -1 when it does not fit.
 */
int lock_http_quote(const char *s, char *out, size_t outlen);

/*
 * lock_token_ok tells whether a token a vendor handed out can be stored and
 * sent back in a header: 1 to LOCK_TOKEN_MAX printable ASCII characters
 * without spaces (no CR/LF can sneak into our requests).
 */
int lock_token_ok(const char *t);

/*
 * lock_http_token takes the token a login answered: the string key of o (a
 * JSON object) when it is one lock_token_ok accepts.  Returns 0 with *token
 * a new string (caller clears and frees it, lock_token_free), or -1 with
 * *token NULL.
 */
int lock_http_token(json_object *o, const char *key, char **token);

/*
 * lock_http_auth writes the header line that carries token, prefix then
 * token (e.g. "Authorization: Bearer "), into out.  Returns 0, or -1 when
 * the token is not one lock_token_ok accepts (not one a vendor gave us:
 * the caller asks the installer to connect again).
 */
int lock_http_auth(const char *prefix, const char *token, char out[LOCK_AUTH_MAX]);

/*
 * lock_http_open_result reads a vendor's answer to an open command:
 * 0 for 200, 202 or 204; 1 for 401 or 403 (the token no longer works);
 * 2 for 404 (no such lock); -1 otherwise, logged with the vendor's name.
 * The lock_adapter unlock contract.
 */
int lock_http_open_result(const char *vendor, long status);

/*
 * lock_item_add appends {"id": id, "name": name} to the array locks when id
 * is an id the platform can store (1 to 128 printable ASCII characters,
 * locks.vendor_lock_id); a lock the platform cannot handle is left out with
 * a warning rather than failing the whole list.  A name that is not text
 * without control characters is replaced by the id.
 * Returns 0, or -1 when out of memory.
 */
int lock_item_add(json_object *locks, const char *vendor, json_object *id, json_object *name);

/*
 * lock_items_read turns list (a vendor's JSON array of lock objects,
 * borrowed) into a new array of {"id", "name"} (*locks, caller owns),
 * reading each item's id_key and name_key through lock_item_add.
 * Returns 0, or -1 when out of memory (*locks untouched).
 */
int lock_items_read(json_object *list, const char *vendor, const char *id_key,
		    const char *name_key, json_object **locks);

/* The adapters (lock_dormakaba.c, lock_salto.c). */
extern const struct lock_adapter lock_dormakaba_adapter;
extern const struct lock_adapter lock_salto_adapter;

#endif
