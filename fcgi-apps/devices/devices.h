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

/* /api/devices/cameras[/{id}]: cameras_list.c, camera_create.c,
 * camera_show.c, camera_edit.c, camera_delete.c */
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

/* stream.c: GET /api/devices/{id}/stream, GET /api/devices/cameras/{id}/stream */
int devices_stream(struct vb_req *req, struct vb_resp *resp);
int cameras_stream(struct vb_req *req, struct vb_resp *resp);

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

/* ------------ intercom devices (devrow.c, settings.c, store.c, mac.c) */

/* The most intercom devices one site may have (our limit). */
#define DEVICE_MAX_PER_SITE 20

/* The DEVICE object's columns and joins, followed by a WHERE on d (always
 * "d.installer_id = ?").  The model's capabilities come as m_* columns and
 * the settings as their raw columns; devrow_items reshapes them.  The RTSP
 * credentials are never read into an answer. */
#define DEVROW_COLS \
	"d.id, d.site_id, s.name AS site_name, m.type, m.model, d.mac, d.name, " \
	"CAST(d.sip_number AS CHAR) AS sip_number, d.firmware, d.online, d.last_seen_at, " \
	"d.created_at, d.updated_at, m.builtin_relays AS m_relays, " \
	"m.relay_access_min_firmware AS m_access_from, m.security_relay AS m_security_relay, " \
	"m.external_relay AS m_external_relay, m.expansion_modules AS m_expansion, " \
	"d.allow_monitoring, d.internet_access, d.ip, d.rtsp_path, d.security_relay, " \
	"d.security_relay_name, d.security_relay_dtmf, d.arming, d.builtin_relay, " \
	"d.builtin_relay_name, d.ext_relay_type, d.ext_relay_mode, d.ext_relay_ip, " \
	"d.ext_relay_port, d.button_module"
#define DEVROW_FROM \
	" FROM devices d JOIN device_models m ON m.id = d.model_id " \
	"JOIN sites s ON s.id = d.site_id AND s.installer_id = d.installer_id"

/*
 * devrow_items turns rows (an array of DEVROW_COLS rows of the tenant,
 * borrowed) into a new array of the API's DEVICE objects in the same order
 * (caller owns), reading the relays and push buttons of all of them with one
 * query each.  Returns 0 or -1.
 */
int devrow_items(struct vb_req *req, json_object *rows, json_object **items);

/*
 * devrow_lock locks device id of the tenant for a change (the caller has a
 * transaction open): its site's row shared, then its own row exclusively.
 * Every change of a site's devices takes the site first (a create takes it
 * exclusively), and so does a change or delete of the site, so they queue
 * instead of deadlocking on each other's rows; edits of one device apply
 * one after the other; the model's row is never locked.  Returns 1 when
 * locked, 0 when the tenant has no such device, -1 on failure.
 */
int devrow_lock(struct vb_req *req, int64_t id);

/*
 * devrow_find reads device id of the tenant as a DEVICE object into *out
 * (caller owns), NULL when the tenant has no such device (still 0).  lock != 0
 * takes devrow_lock first.  Returns 0 or -1.
 */
int devrow_find(struct vb_req *req, int64_t id, int lock, json_object **out);

/*
 * devrow_answer reads device id again and answers it with status (201 or
 * 200).  Run inside the transaction that changed it, before the commit, so a
 * failure cannot answer 500 for a committed change; commits when commit != 0.
 * Returns 0 or -1.
 */
int devrow_answer(struct vb_req *req, struct vb_resp *resp, int64_t id, int status, int commit);

/* device_type_is_door tells whether type (a device_models.type) has the door
 * phone settings: relays, monitoring, internet access, the RTSP path. */
int device_type_is_door(const char *type);

/*
 * device_settings_resolve applies the request's device fields (create_fields
 * or patch_fields of main.c) to cur, the DEVICE object being edited, or to
 * the defaults of a new device of type when cur is NULL, and checks rules 3
 * to 7 of the contract in order on the state that results: the model
 * (400), fields of another type (400), the nested items (400), the model's
 * and firmware's capabilities (422, some 400), internet access and the RTSP
 * path (400).  Returns 0 with *out a new state object (the DEVICE keys a
 * request can set for the type, plus "model_id"; caller owns); 1 after
 * answering the 4xx into resp (*out NULL); -1 on failure.  cur is borrowed.
 */
int device_settings_resolve(struct vb_req *req, struct vb_resp *resp, const char *type,
			    json_object *cur, json_object **out);

/* device_settings_changed returns a new array (caller owns) of the names of
 * the settable keys whose value differs between cur and st, in DEVICE order;
 * NULL when out of memory. */
json_object *device_settings_changed(json_object *cur, json_object *st);

/*
 * device_settings_store writes state st (device_settings_resolve) to device
 * id of the tenant: its columns, and its relays and push buttons when they
 * differ from cur's (NULL = a new device: always).  Runs in the caller's
 * transaction.  Returns 0; 1 when the MAC was taken meanwhile (the unique
 * key refused it: the caller rolls back and answers 409 mac_in_use); -1 on
 * failure.
 */
int device_settings_store(struct vb_req *req, int64_t id, json_object *cur, json_object *st);

/*
 * device_mac_check is rule 8 for MAC mac (normalised) of a new device
 * (self 0) or of device self: it must be in the tenant's MAC library (409
 * mac_not_in_library, the same answer whether anyone else has it) and not
 * carried by another device (409 mac_in_use).  The library row is
 * share-locked, so it cannot be removed or reassigned before the caller
 * commits; a device racing for the same MAC is left to the unique key.
 * Returns 0; 1 after answering 409; -1 on failure.
 */
int device_mac_check(struct vb_req *req, struct vb_resp *resp, const char *mac, int64_t self);

/* device_mac_in_use answers the 409 mac_in_use.  Returns 0. */
int device_mac_in_use(struct vb_resp *resp);

/* ------------- third-party cameras and locks (camera.c, lock_account.c) */

/* The CAMERA object's columns and joins, followed by a WHERE on c (always
 * "c.installer_id = ?").  has_password and monitor_ids ("12,15", the
 * terminals' ids) are reshaped by camera_item; password_sealed is never
 * read into an answer. */
#define CAMERA_COLS \
	"c.id, c.site_id, s.name AS site_name, c.name, c.rtsp_url, c.username, " \
	"CAST(c.password_sealed IS NOT NULL AS UNSIGNED) AS has_password, c.allow_monitoring, " \
	"c.monitor_app, (SELECT GROUP_CONCAT(t.device_id ORDER BY t.device_id) " \
	"FROM camera_terminals t WHERE t.camera_id = c.id) AS monitor_ids, " \
	"c.linked_device_id, d.name AS linked_device_name, c.created_at, c.updated_at"
#define CAMERA_FROM \
	" FROM cameras c JOIN sites s ON s.id = c.site_id AND s.installer_id = c.installer_id " \
	"LEFT JOIN devices d ON d.id = c.linked_device_id AND d.installer_id = c.installer_id"

/* camera_item reshapes row (CAMERA_COLS; consumed) into the API's CAMERA
 * object, which it returns (caller owns); NULL when out of memory. */
json_object *camera_item(json_object *row);

/* camera_find reads camera id of the tenant as a CAMERA object into *out
 * (caller owns), NULL when there is none (still 0).  Returns 0 or -1. */
int camera_find(struct vb_req *req, int64_t id, json_object **out);

/* What a camera request says about where the stream is and how to log in,
 * after the credentials were taken out of the URL (camera_creds_read).
 * set_* tell which of the three the request sets; user and password are ""
 * for none.  The password is a secret: camera_creds_clear it. */
struct camera_creds {
	int set_url, set_user, set_password;
	struct vb_rtsp_parts p;
};

/*
 * camera_creds_read applies the request's rtsp_url, username and password
 * (camera_create_fields or camera_patch_fields of main.c) to c: the URL
 * without its userinfo, and the userinfo's user and password
 * (percent-decoded), unless username / password are sent too, which then
 * win.  A URL user without ":" sets only the user.  Returns 0; 1 after
 * answering 400 invalid_field rtsp_url (a refused credential in it, or one
 * longer than the fields allow), with c cleared.
 */
int camera_creds_read(struct vb_req *req, struct vb_resp *resp, struct camera_creds *c);
void camera_creds_clear(struct camera_creds *c);

/*
 * camera_rules checks what a create or edit of a camera of site site_id
 * sends, in the contract's order after the site and its plan: a password
 * needs the platform key (422 no_platform_key), monitor_device_ids must be
 * indoor monitors of the site (422 invalid_terminal), linked_device_id a
 * door phone of the site (422 invalid_link).  The rows it finds are
 * share-locked, so they cannot go before the caller's commit.  Runs in the
 * caller's transaction.  Returns 0; 1 after answering; -1 on failure.
 */
int camera_rules(struct vb_req *req, struct vb_resp *resp, int64_t site_id,
		 const struct camera_creds *c);

/*
 * camera_store writes what camera_rules passed to camera id of site
 * site_id: the password (sealed with the platform key, AAD
 * "camera:<id>:password"; "" = none) when c sets it, and the monitoring
 * terminals when monitor_device_ids is sent (the list replaces the old
 * one).  Returns 0 or -1.
 */
int camera_store(struct vb_req *req, int64_t id, int64_t site_id, const struct camera_creds *c);

/* camera_answer reads camera id again, commits the caller's transaction
 * and answers the CAMERA with status (201 or 200).  Returns 0 or -1. */
int camera_answer(struct vb_req *req, struct vb_resp *resp, int64_t id, int status);

struct lock_adapter;

/*
 * lock_vendor_open gets ready to talk to vendor for the tenant: the adapter
 * this deployment offers (else 404 not_found), the connected account (else
 * 409 vendor_not_connected) and its token, opened (a token the platform key
 * no longer opens: 422 vendor_reconnect_needed).  Returns 0 with *ad, *base
 * and *token (malloc'd, a secret: the caller clears and frees it) set; 1
 * after answering; -1 on failure.
 */
int lock_vendor_open(struct vb_req *req, struct vb_resp *resp, const char *vendor,
		     const struct lock_adapter **ad, const char **base, char **token);

/* lock_token_free clears and frees a token from lock_vendor_open (NULL is
 * fine). */
void lock_token_free(char *token);

/*
 * lock_vendor_failed answers an adapter's failure rc (lock_adapter.h):
 * 1 422 vendor_reconnect_needed, 2 422 unknown_lock, -1 502
 * vendor_unavailable.  Returns 0.
 */
int lock_vendor_failed(struct vb_resp *resp, int rc);

#endif
