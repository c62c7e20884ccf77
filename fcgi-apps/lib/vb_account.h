/*
 * vb_account.h - reading accounts the way every area shows them.
 */
#ifndef VB_ACCOUNT_H
#define VB_ACCOUNT_H

#include <stdint.h>
#include <json-c/json.h>

struct vb_req;

/*
 * vb_account_me builds the "ME" object of the API (see GET /api/auth/me) for
 * the request's principal: the effective account, its stage, and
 * "switched_by" when a distributor acts as it.  *out is owned by the caller.
 */
int vb_account_me(struct vb_req *req, json_object **out);

/* vb_password_ok tells whether a new password meets the policy (8..128 bytes,
 * not all one character); returns 0 if acceptable, else -1 and *why. */
int vb_password_ok(const char *pw, const char **why);

#endif
