/*
 * list.c - the site list and search
 * (stub: being written)
 */
#include "sites.h"

int sites_list(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

