/*
 * devices.h - vestibule-devices: the devices of an installer's sites.
 *
 *   intercom devices (F17-F18)  door phones, access control terminals,
 *       indoor monitors and guard phones, each with a MAC from the
 *       installer's MAC library (F16) and a SIP number (F15), and the
 *       settings of its type and model: relays and the unlock methods bound
 *       to them, the SR01 security relay, an indoor monitor's arming,
 *       built-in relay and external relay module, an R20K/R20B's MD06/MD12
 *       push buttons.  What a model can do is in device_models
 *       (0006_device_models.sql); a request asking for more is a 422.
 *   third-party cameras (F19)   RTSP cameras of a site with the premium
 *       plan; the password is sealed (vb_seal) and write-only.
 *   third-party locks (F20)     locks at a vendor's cloud (lock_adapter.h),
 *       added by the installer and assigned to sites.
 *   relay sources               the view relay_sources
 *       (0007_device_settings.sql) lists what the RTSP relay may serve.
 *
 * Every handler follows vb_handler's contract (vb_http.h): it returns 0 after
 * filling resp, also for the 4xx answers it chooses, and -1 only on an
 * unexpected failure (the serve loop then answers 500 and rolls back).
 * The tenant is req->who.tenant_id; every query on a device, camera, lock or
 * site carries "installer_id = <tenant>" in its WHERE, so another
 * installer's object is a 404, never a 403.  Every change writes an audit
 * row in its transaction.
 * Contract: the /api/devices paths of htdocs/api/openapi.json.
 */
#ifndef DEVICES_H
#define DEVICES_H

#include "vestibule.h"

/* The most relays of any model (device_models.builtin_relays is the model's
 * own limit), of an external relay module (MK485-G2R-8J8C V3.0: 8,
 * HF-8000: 4) and the most indoor monitors a camera may be watched from. */
#define DEVICE_MAX_RELAYS 8
#define EXT_RELAY_MAX_MK485 8
#define EXT_RELAY_MAX_HF8000 4
#define CAMERA_MAX_TERMINALS 32
/* The most third-party cameras one site may have (our limit). */
#define CAMERA_MAX_PER_SITE 16

/* ------------------------------------------------------------ handlers */

/* models.c: GET /api/devices/models */
int models_list(struct vb_req *req, struct vb_resp *resp);

/* list.c: GET /api/devices */
int devices_list(struct vb_req *req, struct vb_resp *resp);
/* create.c: POST /api/devices */
int devices_create(struct vb_req *req, struct vb_resp *resp);
/* show.c: GET /api/devices/{id} */
int devices_get(struct vb_req *req, struct vb_resp *resp);
/* edit.c: PATCH /api/devices/{id} */
int devices_patch(struct vb_req *req, struct vb_resp *resp);
/* delete.c: DELETE /api/devices/{id} */
int devices_delete(struct vb_req *req, struct vb_resp *resp);

/* cameras.c: /api/devices/cameras[/{id}] */
int cameras_list(struct vb_req *req, struct vb_resp *resp);
int cameras_create(struct vb_req *req, struct vb_resp *resp);
int cameras_get(struct vb_req *req, struct vb_resp *resp);
int cameras_patch(struct vb_req *req, struct vb_resp *resp);
int cameras_delete(struct vb_req *req, struct vb_resp *resp);

/* lock_vendors.c: /api/devices/lock-vendors[/{vendor}[/locks]] */
int lock_vendors_list(struct vb_req *req, struct vb_resp *resp);
int lock_vendor_connect(struct vb_req *req, struct vb_resp *resp);
int lock_vendor_disconnect(struct vb_req *req, struct vb_resp *resp);
int lock_vendor_locks(struct vb_req *req, struct vb_resp *resp);
/* locks.c: /api/devices/locks[/{id}[/unlock]] */
int locks_list(struct vb_req *req, struct vb_resp *resp);
int locks_create(struct vb_req *req, struct vb_resp *resp);
int locks_patch(struct vb_req *req, struct vb_resp *resp);
int locks_delete(struct vb_req *req, struct vb_resp *resp);
int locks_unlock(struct vb_req *req, struct vb_resp *resp);

/* The lock vendors ("dormakaba", "salto"), NULL-terminated. */
extern const char *const lock_vendor_choices[];

/* ------------------------------------------------------ shared (site.c) */

/*
 * device_site reads site id of the caller's tenant as a new object
 * {"id", "name", "premium": whether the premium plan is on and not expired}
 * into *out (caller owns), NULL when the tenant has no such site (still 0).
 * lock != 0 adds FOR UPDATE (the caller has a transaction open): adding
 * devices or cameras to one site then happens one request after the other,
 * so per-site limits hold.  Returns 0 or -1.
 */
int device_site(struct vb_req *req, int64_t id, int lock, json_object **out);

/* device_not_found answers 404 not_found for an id that is not one of the
 * tenant's objects of that kind (what names it: "device", "camera", "lock",
 * "site").  Returns 0. */
int device_not_found(struct vb_resp *resp, const char *what);

#endif
