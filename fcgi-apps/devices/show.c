/*
 * show.c - one intercom device of the installer (the API's DEVICE object).
 */
#include "devices.h"

/* devices_get: GET /api/devices/{id} -> 200 DEVICE, or 404 for anything
 * that is not one of the tenant's devices. */
int devices_get(struct vb_req *req, struct vb_resp *resp)
{
	json_object *dev = NULL;
	int64_t id;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "device");
	if (devrow_find(req, id, 0, &dev) < 0)
		return -1;
	if (dev == NULL)
		return device_not_found(resp, "device");
	return vb_json(resp, 200, dev);
}
