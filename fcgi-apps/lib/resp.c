/*
 * resp.c - building responses: JSON bodies, the one error shape, extra
 * headers, and writing it all to the FastCGI stream.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vb_db.h"
#include "vb_http.h"
#include "vb_internal.h"

int vb_json(struct vb_resp *resp, int status, json_object *body)
{
	json_object_put(resp->body);
	resp->status = status;
	resp->body = body;
	return 0;
}

int vb_rollback_answered(struct vb_req *req)
{
	return vb_db_rollback(req->db) < 0 ? -1 : 0;
}

int vb_no_content(struct vb_resp *resp)
{
	return vb_json(resp, 204, NULL);
}

/*
 * vb_err replaces whatever the response held with
 *   {"error": {"code": code, "field": field, "message": message}}
 * ("field" only when given).  The message is for people: it must never
 * carry internals (SQL, paths, library errors).
 */
int vb_err(struct vb_resp *resp, int status, const char *code, const char *field,
	   const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_object *e = json_object_new_object(), *o = json_object_new_object();

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_object_object_add(e, "code", json_object_new_string(code));
	if (field != NULL)
		json_object_object_add(e, "field", json_object_new_string(field));
	json_object_object_add(e, "message", json_object_new_string(msg));
	json_object_object_add(o, "error", e);
	return vb_json(resp, status, o);
}

int vb_header(struct vb_resp *resp, const char *name, const char *value)
{
	int n;

	if (strpbrk(value, "\r\n") != NULL || strpbrk(name, "\r\n: ") != NULL)
		return -1;
	n = snprintf(resp->headers + resp->hlen, sizeof(resp->headers) - resp->hlen, "%s: %s\r\n",
		     name, value);
	if (n < 0 || (size_t)n >= sizeof(resp->headers) - resp->hlen) {
		resp->headers[resp->hlen] = '\0';
		return -1;
	}
	resp->hlen += (size_t)n;
	return 0;
}

static const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

/*
 * vb_resp_send writes the CGI response header block and the body.  Every
 * answer carries the request id and is not cacheable (answers depend on
 * the session).  HEAD gets the headers only.
 */
int vb_resp_send(struct vb_req *req, struct vb_resp *resp)
{
	FCGX_Stream *out = req->fcgx->out;
	const char *body = NULL;
	size_t blen = 0;
	char head[256];
	int n;

	if (resp->sent)
		return 0;
	resp->sent = 1;
	if (resp->raw != NULL) {
		body = resp->raw;
		blen = resp->raw_len;
	} else if (resp->body != NULL) {
		body = json_object_to_json_string_length(resp->body,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &blen);
	}
	/* FCGX_FPrintF knows no %zu: format here, write raw. */
	n = snprintf(head, sizeof(head),
		     "Status: %d %s\r\nX-Request-Id: %s\r\nCache-Control: no-store\r\n", resp->status, status_text(resp->status), req->request_id);
	if (body != NULL && n > 0 && (size_t)n < sizeof(head))
		n += snprintf(head + n, sizeof(head) - (size_t)n,
			      "Content-Type: application/json\r\nContent-Length: %zu\r\n", blen);
	if (n < 0 || (size_t)n >= sizeof(head))
		return -1;
	FCGX_PutStr(head, n, out);
	if (resp->hlen > 0)
		FCGX_PutStr(resp->headers, (int)resp->hlen, out);
	FCGX_PutS("\r\n", out);
	if (body != NULL && strcmp(req->method, "HEAD") != 0)
		FCGX_PutStr(body, (int)blen, out);
	return 0;
}

/* vb_resp_reset frees the body and clears the response for reuse. */
void vb_resp_reset(struct vb_resp *resp)
{
	json_object_put(resp->body);
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
}
