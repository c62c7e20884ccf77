/*
 * dashboard.c - the dashboard counts (F8)
 * (stub: being written)
 */
#include "sites.h"

int dashboard_get(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

