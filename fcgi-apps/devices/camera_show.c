/*
 * camera_show.c - one third-party camera (the API's CAMERA object).
 */
#include "devices.h"

/* cameras_get: GET /api/devices/cameras/{id} -> 200 CAMERA, or 404 for
 * anything that is not one of the tenant's cameras. */
int cameras_get(struct vb_req *req, struct vb_resp *resp)
{
	json_object *cam = NULL;
	int64_t id;

	if (vb_param_id(req, "id", &id) < 0)
		return device_not_found(resp, "camera");
	if (camera_find(req, id, &cam) < 0)
		return -1;
	if (cam == NULL)
		return device_not_found(resp, "camera");
	return vb_json(resp, 200, cam);
}
