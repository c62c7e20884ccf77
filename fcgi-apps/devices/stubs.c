/*
 * stubs.c - TEMPORARY: answers 501 for the handlers not written yet.  Each
 * helper removes its functions from here when it writes the real file.
 */
#include "devices.h"

#define STUB(fn) int fn(struct vb_req *req, struct vb_resp *resp) \
	{ (void)req; return vb_err(resp, 501, "not_implemented", NULL, "not yet"); }

STUB(models_list)
STUB(devices_list)
STUB(devices_create)
STUB(devices_get)
STUB(devices_patch)
STUB(devices_delete)
STUB(cameras_list)
STUB(cameras_create)
STUB(cameras_get)
STUB(cameras_patch)
STUB(cameras_delete)
STUB(lock_vendors_list)
STUB(lock_vendor_connect)
STUB(lock_vendor_disconnect)
STUB(lock_vendor_locks)
STUB(locks_list)
STUB(locks_create)
STUB(locks_patch)
STUB(locks_delete)
STUB(locks_unlock)

const char *const lock_vendor_choices[] = { "dormakaba", "salto", NULL };
