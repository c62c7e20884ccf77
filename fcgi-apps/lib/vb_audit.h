/*
 * vb_audit.h - the audit log.  Every change a person makes is recorded in the
 * same transaction as the change: who acted (and as whom, when a distributor
 * is switched in), the tenant, the action, the object, the address and the
 * request id.
 */
#ifndef VB_AUDIT_H
#define VB_AUDIT_H

#include <stdint.h>
#include <json-c/json.h>

struct vb_req;

/*
 * vb_audit inserts one audit_log row.  action is a dotted verb such as
 * "auth.login" or "installer.create"; object_type/object_id name what changed
 * (object_id 0 = none); detail (may be NULL) is extra JSON and is consumed
 * (json_object_put) whatever the outcome.  Secrets must never be in detail.
 */
int vb_audit(struct vb_req *req, const char *action, const char *object_type,
	     int64_t object_id, json_object *detail);

/* vb_audit_as is vb_audit for requests without a session (failed logins,
 * password resets): the acting account is given explicitly (0 = unknown). */
int vb_audit_as(struct vb_req *req, int64_t account_id, int64_t tenant_id, const char *action,
		const char *object_type, int64_t object_id, json_object *detail);

#endif
