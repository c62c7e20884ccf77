/*
 * mac.c - rule 8: a device's MAC address comes from the installer's MAC
 * library (F16) and is carried by one device at a time.
 */
#include "devices.h"

int device_mac_in_use(struct vb_resp *resp)
{
	return vb_err(resp, 409, "mac_in_use", "mac",
		      "another device uses this MAC address; delete it or choose another");
}

int device_mac_check(struct vb_req *req, struct vb_resp *resp, const char *mac, int64_t self)
{
	int64_t found = 0, dev = 0;
	int has = 0;

	/* Share-locked: a removal from the library or a reassignment (maclib,
	 * FOR UPDATE) waits for our commit and then sees the MAC in use.  An
	 * exact match on the unique key locks that one row and no gap. */
	if (vb_db_query_int(req->db, &found, NULL,
			    "SELECT id FROM mac_library WHERE installer_id = ? AND mac = ? "
			    "LOCK IN SHARE MODE", "is", req->who.tenant_id, mac) < 0)
		return -1;
	/* Whether the MAC exists elsewhere is somebody else's business. */
	if (found == 0) {
		vb_err(resp, 409, "mac_not_in_library", "mac",
		       "this MAC address is not in your MAC library");
		return 1;
	}
	/* A plain read: locking the gap of a MAC not in use would make two
	 * requests racing for it deadlock on their inserts instead of one
	 * losing on the unique key (device_settings_store, the create). */
	if (vb_db_query_int(req->db, &dev, &has,
			    "SELECT id FROM devices WHERE installer_id = ? AND mac = ?", "is",
			    req->who.tenant_id, mac) < 0)
		return -1;
	if (has && dev != self) {
		device_mac_in_use(resp);
		return 1;
	}
	return 0;
}
