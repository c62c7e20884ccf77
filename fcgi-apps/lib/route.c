/*
 * route.c - matching a request path against an area's route table.
 *
 * Patterns are literal segments and "{name}" segments that match exactly one
 * non-empty path segment.  Tables are small (tens of routes), so a linear scan
 * over pre-split literals is both the simplest and fast enough: no allocation,
 * no regex.
 */
#include <string.h>

#include "vb_http.h"

/*
 * seg_next returns the length of the segment starting at *p (after any '/')
 * and advances *p past it; 0 at the end of the string.
 */
static size_t seg_next(const char **p, const char **start)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == '/')
		s++;
	*start = s;
	while (s[n] != '\0' && s[n] != '/')
		n++;
	*p = s + n;
	return n;
}

/*
 * match_one tells whether path fits pattern; on success it stores the
 * {name} segments in req (when req is not NULL).  A path segment longer
 * than the parameter buffer does not match (such ids do not exist).
 * Trailing slashes are not significant, doubled ones are not either; nginx
 * has already normalised "." and ".." segments in DOCUMENT_URI.
 */
static int match_one(const char *pattern, const char *path, struct vb_req *req)
{
	const char *pp = pattern, *xp = path, *ps, *xs;
	size_t pn, xn, np = 0;

	for (;;) {
		pn = seg_next(&pp, &ps);
		xn = seg_next(&xp, &xs);
		if (pn == 0 || xn == 0)
			break;
		if (ps[0] == '{' && ps[pn - 1] == '}') {
			if (np >= VB_MAX_PARAMS || req == NULL)
				return 0;
			if (xn >= sizeof(req->param_vals[0]))
				return 0;
			memcpy(req->param_vals[np], xs, xn);
			req->param_vals[np][xn] = '\0';
			req->param_names[np] = ps + 1; /* ends at '}', compared with length below */
			np++;
			continue;
		}
		if (pn != xn || memcmp(ps, xs, pn) != 0)
			return 0;
	}
	if (pn != 0 || xn != 0)
		return 0;
	if (req != NULL)
		req->nparams = np;
	return 1;
}

/*
 * vb_route_match returns the route for method and path, filling req's path
 * parameters, or NULL.  *method_mismatch is set to 1 when some route has the
 * path but none has the method (the caller answers 405 then).
 * HEAD is served by GET routes.
 */
const struct vb_route *vb_route_match(const struct vb_route *routes, size_t n, const char *method,
				      const char *path, struct vb_req *req, int *method_mismatch)
{
	size_t i;
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;

	*method_mismatch = 0;
	for (i = 0; i < n; i++) {
		if (!match_one(routes[i].pattern, path, req))
			continue;
		if (strcmp(routes[i].method, m) == 0)
			return &routes[i];
		*method_mismatch = 1;
	}
	if (req != NULL)
		req->nparams = 0;
	return NULL;
}

/*
 * vb_param returns the path segment captured for {name}, or NULL.  The
 * string lives in req.
 */
const char *vb_param(const struct vb_req *req, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < req->nparams; i++) {
		const char *pn = req->param_names[i];
		if (strncmp(pn, name, len) == 0 && pn[len] == '}')
			return req->param_vals[i];
	}
	return NULL;
}

/*
 * vb_param_id parses {name} as a positive decimal id (no sign, no leading
 * zero, at most 18 digits so it fits int64).  Returns 0 and sets *id, or -1.
 */
int vb_param_id(const struct vb_req *req, const char *name, int64_t *id)
{
	const char *s = vb_param(req, name);
	int64_t v = 0;
	size_t i;

	if (s == NULL || s[0] == '\0' || s[0] == '0' || strlen(s) > 18)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*id = v;
	return 0;
}
