/*
 * vestibule-devices - the devices of an installer's sites: intercom devices
 * per type and model (F17-F18), third-party cameras (F19) and locks (F20),
 * and the model catalogue the portal's forms are built from.  Contract: the
 * /api/devices paths of the API document (htdocs/api/openapi.json).
 */
#include "devices.h"

/* Who manages devices: the installer (or a distributor switched in, whose
 * role is then the installer's) and its sub-installers. */
#define DEV_ROLES (VB_INSTALLER | VB_SUBINSTALLER)
#define DEV_READ (DEV_ROLES | VB_CACHED)

static const char *const type_choices[] = {
	"door_phone", "access_control", "indoor_monitor", "guard_phone", NULL,
};

static const struct vb_field list_fields[] = {
	{ "site_id", VB_INT, 0, 1, INT64_MAX, NULL },
	{ "type", VB_ENUM, 0, 0, 0, type_choices },
	{ "q", VB_STR, 0, 0, 64, NULL },
	{ "page", VB_INT, 0, 1, 100000, NULL },
	{ "per_page", VB_INT, 0, 1, 200, NULL },
	VB_FIELDS_END,
};

/* The fields of an intercom device.  Nested objects (relays, the security
 * relay, the built-in and external relays, push buttons) are checked item by
 * item in settings.c against the item field lists there; which fields a
 * type and model may carry, and how many relays, is checked there too. */
#define DEVICE_FIELDS(req) \
	{ "model", VB_STR, req, 1, 32, NULL }, \
	{ "mac", VB_MAC, req, 0, 0, NULL }, \
	{ "name", VB_STR, req, 1, 64, NULL }, \
	{ "firmware", VB_STR, VB_NULLABLE, 1, 32, NULL }, \
	{ "allow_monitoring", VB_BOOL, 0, 0, 0, NULL }, \
	{ "internet_access", VB_BOOL, 0, 0, 0, NULL }, \
	{ "ip", VB_IPV4, VB_NULLABLE, 0, 0, NULL }, \
	{ "rtsp_path", VB_STR, 0, 1, 128, NULL }, \
	{ "relays", VB_OBJLIST, 0, 1, DEVICE_MAX_RELAYS, NULL }, \
	{ "security_relay", VB_OBJECT, VB_NULLABLE, 0, 0, NULL }, \
	{ "arming", VB_BOOL, 0, 0, 0, NULL }, \
	{ "builtin_relay", VB_OBJECT, 0, 0, 0, NULL }, \
	{ "external_relay", VB_OBJECT, VB_NULLABLE, 0, 0, NULL }, \
	{ "push_buttons", VB_OBJECT, VB_NULLABLE, 0, 0, NULL }

static const struct vb_field create_fields[] = {
	{ "site_id", VB_INT, VB_REQUIRED, 1, INT64_MAX, NULL },
	{ "type", VB_ENUM, VB_REQUIRED, 0, 0, type_choices },
	DEVICE_FIELDS(VB_REQUIRED),
	VB_FIELDS_END,
};

static const struct vb_field patch_fields[] = {
	DEVICE_FIELDS(0),
	VB_FIELDS_END,
};

static const struct vb_field camera_list_fields[] = {
	{ "site_id", VB_INT, 0, 1, INT64_MAX, NULL },
	{ "q", VB_STR, 0, 0, 64, NULL },
	{ "page", VB_INT, 0, 1, 100000, NULL },
	{ "per_page", VB_INT, 0, 1, 200, NULL },
	VB_FIELDS_END,
};

#define CAMERA_FIELDS(req) \
	{ "name", VB_STR, req, 1, 64, NULL }, \
	{ "rtsp_url", VB_RTSP_URL, req, 0, 0, NULL }, \
	{ "username", VB_STR, VB_NULLABLE, 0, 128, NULL }, \
	{ "password", VB_PASSWORD, VB_NULLABLE, 0, 128, NULL }, \
	{ "allow_monitoring", VB_BOOL, 0, 0, 0, NULL }, \
	{ "monitor_app", VB_BOOL, 0, 0, 0, NULL }, \
	{ "monitor_device_ids", VB_INTLIST, 0, 0, CAMERA_MAX_TERMINALS, NULL }, \
	{ "linked_device_id", VB_INT, VB_NULLABLE, 1, INT64_MAX, NULL }

static const struct vb_field camera_create_fields[] = {
	{ "site_id", VB_INT, VB_REQUIRED, 1, INT64_MAX, NULL },
	CAMERA_FIELDS(VB_REQUIRED),
	VB_FIELDS_END,
};

static const struct vb_field camera_patch_fields[] = {
	CAMERA_FIELDS(0),
	VB_FIELDS_END,
};

static const struct vb_field vendor_connect_fields[] = {
	{ "username", VB_STR, VB_REQUIRED, 1, 128, NULL },
	{ "password", VB_PASSWORD, VB_REQUIRED, 1, 256, NULL },
	VB_FIELDS_END,
};

static const struct vb_field lock_list_fields[] = {
	{ "site_id", VB_INT, 0, 1, INT64_MAX, NULL },
	{ "vendor", VB_ENUM, 0, 0, 0, lock_vendor_choices },
	{ "page", VB_INT, 0, 1, 100000, NULL },
	{ "per_page", VB_INT, 0, 1, 200, NULL },
	VB_FIELDS_END,
};

static const struct vb_field lock_create_fields[] = {
	{ "vendor", VB_ENUM, VB_REQUIRED, 0, 0, lock_vendor_choices },
	{ "vendor_lock_id", VB_STR, VB_REQUIRED, 1, 128, NULL },
	{ "name", VB_STR, 0, 1, 64, NULL },
	{ "site_id", VB_INT, VB_NULLABLE, 1, INT64_MAX, NULL },
	VB_FIELDS_END,
};

static const struct vb_field lock_patch_fields[] = {
	{ "name", VB_STR, 0, 1, 64, NULL },
	{ "site_id", VB_INT, VB_NULLABLE, 1, INT64_MAX, NULL },
	VB_FIELDS_END,
};

/* Literal paths come before the {id} ones: the first match wins. */
static const struct vb_route routes[] = {
	{ "GET", "/api/devices/models", models_list, DEV_READ, NULL, 0,
	  "The device model catalogue with each model's capabilities" },

	{ "GET", "/api/devices/cameras", cameras_list, DEV_READ, camera_list_fields, 0,
	  "List third-party cameras (F19)" },
	{ "POST", "/api/devices/cameras", cameras_create, DEV_ROLES, camera_create_fields, 0,
	  "Add a third-party camera to a site (premium plan)" },
	{ "GET", "/api/devices/cameras/{id}", cameras_get, DEV_READ, NULL, 0,
	  "Show a third-party camera" },
	{ "PATCH", "/api/devices/cameras/{id}", cameras_patch, DEV_ROLES, camera_patch_fields, 0,
	  "Edit a third-party camera" },
	{ "DELETE", "/api/devices/cameras/{id}", cameras_delete, DEV_ROLES, NULL, 0,
	  "Delete a third-party camera" },
	{ "GET", "/api/devices/cameras/{id}/stream", cameras_stream, DEV_ROLES, NULL, 0,
	  "A short-lived RTSP relay URL of the camera's video" },

	{ "GET", "/api/devices/lock-vendors", lock_vendors_list, DEV_ROLES, NULL, 0,
	  "The lock vendors this deployment offers and the installer's connections (F20)" },
	{ "PUT", "/api/devices/lock-vendors/{vendor}", lock_vendor_connect, DEV_ROLES,
	  vendor_connect_fields, 0, "Connect the installer's account at a lock vendor" },
	{ "DELETE", "/api/devices/lock-vendors/{vendor}", lock_vendor_disconnect, DEV_ROLES, NULL,
	  0, "Disconnect a lock vendor account (its locks are removed)" },
	{ "GET", "/api/devices/lock-vendors/{vendor}/locks", lock_vendor_locks, DEV_ROLES, NULL, 0,
	  "The locks of the installer's vendor account, marked when added" },
	{ "GET", "/api/devices/locks", locks_list, DEV_READ, lock_list_fields, 0,
	  "List the installer's third-party locks" },
	{ "POST", "/api/devices/locks", locks_create, DEV_ROLES, lock_create_fields, 0,
	  "Add a vendor's lock, optionally assigned to a site" },
	{ "PATCH", "/api/devices/locks/{id}", locks_patch, DEV_ROLES, lock_patch_fields, 0,
	  "Rename a lock or assign it to a site (null: unassign)" },
	{ "DELETE", "/api/devices/locks/{id}", locks_delete, DEV_ROLES, NULL, 0,
	  "Remove a third-party lock" },
	{ "POST", "/api/devices/locks/{id}/unlock", locks_unlock, DEV_ROLES, NULL, 0,
	  "Open a lock through its vendor (the installer's test)" },

	{ "GET", "/api/devices", devices_list, DEV_READ, list_fields, 0,
	  "List intercom devices (of one site, or all the installer's)" },
	{ "POST", "/api/devices", devices_create, DEV_ROLES, create_fields, 0,
	  "Add an intercom device to a site (F17)" },
	{ "GET", "/api/devices/{id}", devices_get, DEV_READ, NULL, 0, "Show an intercom device" },
	{ "PATCH", "/api/devices/{id}", devices_patch, DEV_ROLES, patch_fields, 0,
	  "Edit an intercom device (F18)" },
	{ "DELETE", "/api/devices/{id}", devices_delete, DEV_ROLES, NULL, 0,
	  "Delete an intercom device; its MAC becomes unused (F18)" },
	{ "GET", "/api/devices/{id}/stream", devices_stream, DEV_ROLES, NULL, 0,
	  "A short-lived RTSP relay URL of a door phone's video" },
};

int main(int argc, char **argv)
{
	return vb_serve(argc, argv, "devices", routes, VB_NITEMS(routes));
}
