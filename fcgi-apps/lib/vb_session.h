/*
 * vb_session.h - signed-in sessions.
 *
 * A session is a 32-byte random token in a cookie (HttpOnly, SameSite=Strict,
 * Path=/; with conf.secure_cookies also Secure and the "__Host-" prefix),
 * stored server-side only as its SHA-256.  It expires after
 * conf.session_idle_s without use and conf.session_absolute_s after login,
 * whichever comes first.  Every login creates a new token.
 */
#ifndef VB_SESSION_H
#define VB_SESSION_H

#include <stdint.h>
#include "vb_http.h"

/* The cookie name in use ("__Host-vb_session" or "vb_session"). */
const char *vb_session_cookie_name(const struct vb_conf *conf);

/*
 * vb_session_load reads the cookie, looks the session up (one query joining
 * the account) and fills req->who.  No cookie, or an unknown/expired token,
 * leaves req->who zeroed and returns 0; -1 only on a database failure.  It
 * refreshes last_seen at most once a minute.
 */
int vb_session_load(struct vb_req *req);

/*
 * vb_session_create starts a new session for account_id at the given stage,
 * sets the cookie on resp and fills req->who.  Runs in the caller's
 * transaction if one is open.
 */
int vb_session_create(struct vb_req *req, struct vb_resp *resp, int64_t account_id,
		      enum vb_stage stage);

/* vb_session_set_stage moves the current session to stage (and req->who). */
int vb_session_set_stage(struct vb_req *req, enum vb_stage stage);

/* vb_session_destroy deletes the current session and clears the cookie. */
int vb_session_destroy(struct vb_req *req, struct vb_resp *resp);

/* vb_session_end_others deletes every session of account_id except the
 * current request's (all of them when keep_current is 0). */
int vb_session_end_others(struct vb_req *req, int64_t account_id, int keep_current);

/* vb_session_switch makes the current session act as account_id (a
 * distributor supporting an installer), or back to the actor when
 * account_id is 0.  The caller checks the grant. */
int vb_session_switch(struct vb_req *req, int64_t account_id);

const char *vb_role_name(int role);   /* "installer", ... ; "" for 0 */
int vb_role_from_name(const char *name);
const char *vb_stage_name(enum vb_stage stage); /* "2fa", "privacy", "email", "done" */

#endif
