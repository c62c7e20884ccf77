/*
 * dispatch.c - a worker's request loop and the checks every request passes
 * before its handler runs (see the order in vb_http.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "vestibule.h"
#include "vb_internal.h"

static int64_t now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/*
 * set_request_id takes nginx's $request_id (passed as REQUEST_ID) when it
 * looks like one, else makes one, so that every response and log line of a
 * request can be tied together.
 */
static void set_request_id(struct vb_req *req, char *buf, size_t len)
{
	const char *rid = vb_getenv(req, "REQUEST_ID");
	unsigned char rnd[8];
	size_t i;

	if (rid != NULL && rid[0] != '\0' && strlen(rid) < len) {
		for (i = 0; rid[i] != '\0'; i++)
			if (!isalnum((unsigned char)rid[i]) && rid[i] != '-')
				break;
		if (rid[i] == '\0') {
			memcpy(buf, rid, strlen(rid) + 1);
			req->request_id = buf;
			return;
		}
	}
	if (vb_random(rnd, sizeof(rnd)) != 0)
		memset(rnd, 0, sizeof(rnd));
	for (i = 0; i < sizeof(rnd) && 2 * i + 2 < len; i++)
		snprintf(buf + 2 * i, 3, "%02x", rnd[i]);
	req->request_id = buf;
}

/* check_roles applies the route's role set to the principal. */
static int check_roles(struct vb_req *req, struct vb_resp *resp)
{
	unsigned roles = req->route->roles;

	if ((roles & VB_ANY_ACCOUNT) == 0)
		return 0;
	if (req->who.session_id == 0) {
		vb_err(resp, 401, "unauthenticated", NULL, "Sign in first.");
		return -1;
	}
	if (req->who.stage != VB_STAGE_DONE && !(roles & VB_PENDING)) {
		vb_err(resp, 403, "login_incomplete", NULL,
		       "Finish signing in first (next step: %s).", vb_stage_name(req->who.stage));
		return -1;
	}
	if ((roles & (unsigned)req->who.role) == 0) {
		vb_err(resp, 403, "forbidden", NULL, "Your account cannot do this.");
		return -1;
	}
	if ((roles & VB_NO_SWITCHED) && req->who.actor_id != req->who.account_id) {
		vb_err(resp, 403, "forbidden", NULL,
		       "This is not available while you act as another account.");
		return -1;
	}
	return 0;
}

/*
 * check_csrf: a state-changing request must carry the header the portal's
 * client sends (a cross-site form cannot set it, and a cross-site script
 * cannot without a CORS preflight we never grant), and, when the browser
 * says where it comes from, come from our own origin.
 */
static int check_csrf(struct vb_req *req, struct vb_resp *resp)
{
	const char *h, *origin;

	if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
		return 0;
	h = vb_getenv(req, "HTTP_X_VESTIBULE_CSRF");
	origin = vb_getenv(req, "HTTP_ORIGIN");
	if (h == NULL || strcmp(h, "1") != 0) {
		vb_err(resp, 403, "csrf", NULL, "The request lacks the X-Vestibule-Csrf header.");
		return -1;
	}
	if (origin != NULL && strcmp(origin, req->conf->public_origin) != 0) {
		vb_err(resp, 403, "csrf", NULL, "The request comes from another site.");
		return -1;
	}
	return 0;
}

/* is_json_type accepts "application/json" with optional parameters. */
static int is_json_type(const char *ct)
{
	size_t n = strlen("application/json");

	if (ct == NULL || strncasecmp(ct, "application/json", n) != 0)
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/*
 * read_body reads and parses the JSON body of POST/PUT/PATCH.  The
 * declared length is checked against the cap before anything is read, and
 * against what actually arrives.
 */
static int read_body(struct vb_req *req, struct vb_resp *resp)
{
	const char *cl = vb_getenv(req, "CONTENT_LENGTH");
	size_t cap = req->route->max_body ? req->route->max_body : req->conf->max_body;
	unsigned long long len = 0;
	char *buf = NULL, *end = NULL;
	const char *why;
	int got, rc = -1;

	if (cl != NULL && cl[0] != '\0') {
		errno = 0;
		len = strtoull(cl, &end, 10);
		if (errno != 0 || *end != '\0' || !isdigit((unsigned char)cl[0])) {
			vb_err(resp, 400, "invalid_request", NULL, "The Content-Length is not a number.");
			goto out;
		}
	}
	if (len == 0) {
		rc = 0;
		goto out;
	}
	if (len > cap) {
		vb_err(resp, 413, "body_too_large", NULL, "The body is larger than %zu bytes.", cap);
		goto out;
	}
	if (!is_json_type(vb_getenv(req, "CONTENT_TYPE"))) {
		vb_err(resp, 415, "unsupported_media_type", NULL, "Send the body as application/json.");
		goto out;
	}
	if ((buf = malloc((size_t)len + 1)) == NULL)
		goto out;
	got = FCGX_GetStr(buf, (int)len, req->fcgx->in);
	if (got < 0 || (unsigned long long)got != len) {
		vb_err(resp, 400, "body_truncated", NULL, "The body is shorter than its Content-Length.");
		goto out;
	}
	if (vb_body_parse(buf, (size_t)len, &req->body, &why) != 0) {
		vb_err(resp, 400, "invalid_json", NULL, "%s.", why);
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

/* internal answers /internal/<area>/health and /metrics (text, not JSON). */
static void internal(struct vb_worker_ctx *ctx, struct vb_req *req, const char *what)
{
	FCGX_Stream *out = req->fcgx->out;
	int64_t one = 0;
	int found = 0;

	if (strcmp(what, "health") == 0) {
		int ok = req->db != NULL &&
			 vb_db_query_int(req->db, &one, &found, "SELECT 1", "") == 0 && found;
		FCGX_FPrintF(out, "Status: %s\r\nContent-Type: application/json\r\n"
				  "Cache-Control: no-store\r\nX-Request-Id: %s\r\n\r\n"
				  "{\"status\":\"%s\",\"db\":\"%s\"}",
			     ok ? "200 OK" : "503 Service Unavailable", req->request_id,
			     ok ? "ok" : "degraded", ok ? "ok" : "unreachable");
	} else if (strcmp(what, "metrics") == 0) {
		char *text = vb_metrics_render(ctx->area, ctx->routes, ctx->nroutes);
		FCGX_PutS("Status: 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
			  "Cache-Control: no-store\r\n\r\n", out);
		if (text != NULL)
			FCGX_PutS(text, out);
		free(text);
	} else {
		FCGX_FPrintF(out, "Status: 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
				  "{\"error\":{\"code\":\"not_found\",\"message\":\"No such page.\"}}");
	}
}

/*
 * dispatch serves one accepted request: every check, the handler, the
 * answer, the log line and the metrics.  Nothing the client sends can make
 * it fail without an answer in the error shape.
 */
static void dispatch(struct vb_worker_ctx *ctx, FCGX_Request *fx)
{
	struct vb_req req;
	struct vb_resp resp;
	char rid[72], ipfx[160];
	char *query = NULL;
	const char *qs, *bad, *code, *why;
	int mismatch = 0;
	size_t ri = ctx->nroutes, nf;
	uint64_t writes = 0, epoch = 0;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	vb_resp_reset(&resp);
	req.started_us = now_us();
	req.fcgx = fx;
	req.conf = ctx->conf;
	req.method = vb_getenv(&req, "REQUEST_METHOD");
	req.path = vb_getenv(&req, "DOCUMENT_URI");
	if (req.path == NULL)
		req.path = vb_getenv(&req, "SCRIPT_NAME");
	qs = vb_getenv(&req, "QUERY_STRING");
	req.query = qs != NULL ? qs : "";
	req.remote_addr = vb_getenv(&req, "REMOTE_ADDR");
	req.user_agent = vb_getenv(&req, "HTTP_USER_AGENT");
	if (req.method == NULL)
		req.method = "GET";
	if (req.path == NULL)
		req.path = "/";
	if (req.remote_addr == NULL)
		req.remote_addr = "";
	if (req.user_agent == NULL)
		req.user_agent = "";
	set_request_id(&req, rid, sizeof(rid));
	vb_log_set_rid(req.request_id);

	if (ctx->db == NULL && vb_db_open(&ctx->db, ctx->conf) != 0)
		ctx->db = NULL;
	req.db = ctx->db;
	writes = req.db != NULL ? vb_db_writes(req.db) : 0;

	snprintf(ipfx, sizeof(ipfx), "/internal/%s/", ctx->area);
	if (strncmp(req.path, ipfx, strlen(ipfx)) == 0) {
		internal(ctx, &req, req.path + strlen(ipfx));
		goto done;
	}

	req.route = vb_route_match(ctx->routes, ctx->nroutes, req.method, req.path, &req, &mismatch);
	if (req.route == NULL) {
		if (mismatch)
			vb_err(&resp, 405, "method_not_allowed", NULL, "This method is not allowed here.");
		else
			vb_err(&resp, 404, "not_found", NULL, "No such resource.");
		goto send;
	}
	ri = (size_t)(req.route - ctx->routes);
	if (req.db == NULL) {
		vb_err(&resp, 503, "unavailable", NULL, "The service is starting; try again shortly.");
		goto send;
	}
	if (vb_session_load(&req) != 0) {
		vb_err(&resp, 500, "internal_error", NULL,
		       "Something went wrong on our side (request %s).", req.request_id);
		goto send;
	}
	if (check_roles(&req, &resp) != 0 || check_csrf(&req, &resp) != 0)
		goto send;
	if (strcmp(req.method, "POST") == 0 || strcmp(req.method, "PUT") == 0 ||
	    strcmp(req.method, "PATCH") == 0) {
		if (read_body(&req, &resp) != 0)
			goto send;
	} else if (req.query[0] != '\0' && (query = strdup(req.query)) == NULL) {
		goto fail;
	}
	nf = vb_nfields(req.route->fields);
	if ((req.vals = calloc(nf + 1, sizeof(*req.vals))) == NULL)
		goto fail;
	if (vb_fields_check(req.route->fields, req.body, query, req.vals, &bad, &code, &why) != 0) {
		if (bad != NULL)
			vb_err(&resp, 400, code, bad, "%s %s.", bad, why);
		else
			vb_err(&resp, 400, code, NULL, "%s.", why);
		goto send;
	}
	writes = vb_db_writes(req.db); /* after the session lookup's bookkeeping */
	if ((req.route->roles & VB_CACHED) && ctx->conf->answer_cache &&
	    strcmp(req.method, "GET") == 0) {
		/* The counter is read before the handler reads the database, so
		 * a write that lands in between makes the kept answer stale
		 * rather than hiding it (vb_cache.h). */
		epoch = vb_epoch_tenant(req.who.tenant_id);
		if (vb_cache_get(req.who.account_id, req.who.tenant_id, req.path, req.query, epoch,
				 now_us() / 1000, &resp.raw, &resp.raw_len) == 0)
			goto send;
	}
	if (req.route->handler(&req, &resp) != 0)
		goto fail;
	if (epoch != 0 && resp.status == 200 && resp.body != NULL && resp.hlen == 0 &&
	    vb_db_writes(req.db) == writes && !vb_db_in_tx(req.db)) {
		size_t blen = 0;
		const char *b = json_object_to_json_string_length(resp.body,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &blen);

		if (b != NULL) {
			vb_cache_put(req.who.account_id, req.who.tenant_id, req.path, req.query,
				     epoch, now_us() / 1000, b, blen);
			/* Sent as it is: the text lives with resp.body, and
			 * serialising it again would be wasted work. */
			resp.raw = b;
			resp.raw_len = blen;
		}
	}
	if (vb_db_in_tx(req.db) && resp.status < 400) {
		/* The client must not hear "saved" for work that is rolled back. */
		vb_error("%s %s left a transaction open", req.method, req.path);
		goto fail;
	}
	goto send;
fail:
	vb_error("%s %s failed in its handler", req.method, req.path);
	vb_resp_reset(&resp); /* drop half-built headers such as a new cookie */
	vb_err(&resp, 500, "internal_error", NULL,
	       "Something went wrong on our side (request %s).", req.request_id);
send:
	if (req.db != NULL && vb_db_in_tx(req.db))
		vb_db_rollback(req.db);
	/* A handler that wrote may have changed sessions, accounts or its
	 * tenant's data: tell every program's session cache and the tenant's
	 * kept answers before the client can act on the answer (vb_epoch.h).
	 * The session lookup's own bookkeeping does not count. */
	if (req.db != NULL && vb_db_writes(req.db) != writes)
		vb_epoch_bump_tenant(req.who.tenant_id);
	vb_resp_send(&req, &resp);
	vb_metrics_observe(ri, resp.status, now_us() - req.started_us);
	/* nginx's access log (with the same request id) records every request;
	 * the program adds a line for the ones that went wrong. */
	vb_log(resp.status >= 400 ? VB_LOG_INFO : VB_LOG_DEBUG, "%s %s %d %.1fms", req.method,
	       req.path, resp.status, (double)(now_us() - req.started_us) / 1000.0);
done:
	vb_log_set_rid(NULL);
	vb_resp_reset(&resp);
	json_object_put(req.body);
	json_object_put(req.account);
	free(req.vals);
	free(query);
}

int vb_worker_main(struct vb_worker_ctx *ctx)
{
	FCGX_Request fx;

	if (FCGX_InitRequest(&fx, ctx->listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	if (vb_db_open(&ctx->db, ctx->conf) != 0) {
		ctx->db = NULL; /* retried per request; health says degraded */
		vb_warn("no database connection yet");
	}
	while (!vb_worker_stopping()) {
		if (FCGX_Accept_r(&fx) < 0) {
			if (vb_worker_stopping() || errno == EINTR)
				continue;
			vb_error("accept failed: %s", strerror(errno));
			break;
		}
		dispatch(ctx, &fx);
		FCGX_Finish_r(&fx);
	}
	FCGX_Free(&fx, 0);
	if (ctx->db != NULL)
		vb_db_close(ctx->db);
	return 0;
}
