/*
 * delete.c - deleting a site
 * (stub: being written)
 */
#include "sites.h"

int sites_delete(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

