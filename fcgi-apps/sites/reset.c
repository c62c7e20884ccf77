/*
 * reset.c - resetting a site (F13)
 * (stub: being written)
 */
#include "sites.h"

int sites_reset(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

