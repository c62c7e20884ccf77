/*
 * show.c - one site of the installer (the API's SITE object).
 */
#include "sites.h"

/* sites_get: GET /api/sites/{id} -> 200 SITE, or 404 for anything that is
 * not one of the tenant's sites. */
int sites_get(struct vb_req *req, struct vb_resp *resp)
{
	json_object *site = NULL;
	int64_t id;

	if (vb_param_id(req, "id", &id) < 0)
		return site_not_found(resp);
	if (site_find(req, id, 0, &site) < 0)
		return -1;
	if (site == NULL)
		return site_not_found(resp);
	return vb_json(resp, 200, site);
}
