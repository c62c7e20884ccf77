/*
 * vb_account.h - reading accounts the way every area shows them.
 */
#ifndef VB_ACCOUNT_H
#define VB_ACCOUNT_H

#include <stdint.h>
#include <json-c/json.h>

struct vb_req;

/*
 * The columns of the ME object, selected from "accounts e" (the effective
 * account), "totp_secrets ts" (its active TOTP secret, LEFT JOINed) and
 * "accounts d" (the distributor switched in, LEFT JOINed, NULL otherwise).
 * The session lookup selects them too, so that a request that shows the
 * account costs one round trip, not two.
 */
#define VB_ACCOUNT_COLUMNS \
	" e.id, e.role, e.parent_id, e.username, e.email, e.email_confirmed, e.name," \
	" e.twofa_enabled, ts.account_id AS totp_id, e.notifications_enabled," \
	" e.payment_permission, e.account_access_enabled, e.access_granted," \
	" e.installer_app, d.id AS by_id, d.email AS by_email, d.name AS by_name"

/*
 * vb_account_me builds the "ME" object of the API (see GET /api/auth/me) for
 * the request's principal: the effective account, its stage, and
 * "switched_by" when a distributor acts as it.  Uses the row the session
 * lookup left in req->account when it is still the principal's, else
 * queries.  *out is owned by the caller.
 */
int vb_account_me(struct vb_req *req, json_object **out);

/* vb_password_ok tells whether a new password meets the policy (8..128 bytes,
 * not all one character); returns 0 if acceptable, else -1 and *why. */
int vb_password_ok(const char *pw, const char **why);

#endif
