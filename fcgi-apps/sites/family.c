/*
 * family.c - family members (F10)
 * (stub: being written)
 */
#include "sites.h"

int family_list(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

int family_create(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

int family_patch(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

int family_delete(struct vb_req *req, struct vb_resp *resp)
{
	(void)req;
	return vb_err(resp, 501, "not_implemented", NULL, "not built yet");
}

