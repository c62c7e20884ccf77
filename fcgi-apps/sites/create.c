/*
 * create.c - creating a site
 * (stub: being written)
 */
#include "sites.h"

int sites_create(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

