/*
 * audit.c - the audit log (contract in vb_audit.h).
 *
 * The row goes through the request's own connection, so it lands in the
 * handler's transaction: either the change and its audit row are both
 * committed or neither is.
 */
#include <stdint.h>
#include <stdio.h>

#include "vb_audit.h"
#include "vb_db.h"
#include "vb_http.h"
#include "vb_log.h"

/* Widths of audit_log.ip and audit_log.request_id; strict mode would refuse
 * a longer value and with it the whole change being audited. */
#define AUDIT_IP_MAX 45
#define AUDIT_RID_MAX 64

/* audit_insert writes the row; detail is consumed. */
static int audit_insert(struct vb_req *req, int64_t actor_id, int64_t account_id,
			int64_t tenant_id, const char *action, const char *object_type,
			int64_t object_id, json_object *detail)
{
	char ip[AUDIT_IP_MAX + 1], rid[AUDIT_RID_MAX + 1];
	const char *djson = NULL;
	int rc;

	snprintf(ip, sizeof ip, "%s", req->remote_addr ? req->remote_addr : "");
	snprintf(rid, sizeof rid, "%s", req->request_id ? req->request_id : "");
	if (detail)
		djson = json_object_to_json_string_ext(detail, JSON_C_TO_STRING_PLAIN);
	rc = vb_db_exec(req->db, NULL,
			"INSERT INTO audit_log (actor_id, account_id, tenant_id, action, object_type,"
			" object_id, ip, request_id, detail) VALUES (?,?,?,?,?,?,?,?,?)",
			"IIIssIsss", actor_id > 0 ? actor_id : VB_DB_NULL_INT,
			account_id > 0 ? account_id : VB_DB_NULL_INT,
			tenant_id > 0 ? tenant_id : VB_DB_NULL_INT, action,
			object_type ? object_type : "", object_id > 0 ? object_id : VB_DB_NULL_INT,
			ip, rid, djson);
	json_object_put(detail);
	if (rc < 0)
		vb_error("audit: cannot record %s", action);
	return rc;
}

int vb_audit(struct vb_req *req, const char *action, const char *object_type,
	     int64_t object_id, json_object *detail)
{
	/* actor_id differs from account_id while a distributor is switched in;
	 * both are kept so the log shows who really acted. */
	return audit_insert(req, req->who.actor_id, req->who.account_id, req->who.tenant_id,
			    action, object_type, object_id, detail);
}

int vb_audit_as(struct vb_req *req, int64_t account_id, int64_t tenant_id, const char *action,
		const char *object_type, int64_t object_id, json_object *detail)
{
	return audit_insert(req, account_id, account_id, tenant_id, action, object_type,
			    object_id, detail);
}
