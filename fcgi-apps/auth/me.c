/*
 * me.c - GET /api/auth/me: who is signed in, at which login step.
 */
#include "auth.h"

/* auth_me answers the ME object (vb_account_me) for the session's account. */
int auth_me(struct vb_req *req, struct vb_resp *resp)
{
	json_object *me = NULL;

	if (vb_account_me(req, &me) != 0)
		return -1;
	return vb_json(resp, 200, me);
}
