/*
 * lock_account.c - what the lock handlers share (F20): the installer's
 * connected vendor account and its token, and the answers to an adapter's
 * failures.
 *
 * The vendor's token is sealed at rest with AAD
 * "lock_account:<installer>:<vendor>", so a sealed token copied to another
 * installer's or vendor's row does not open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "lock_adapter.h"

int lock_vendor_open(struct vb_req *req, struct vb_resp *resp, const char *vendor,
		     const struct lock_adapter **ad, const char **base, char **token)
{
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	char aad[96];
	const char *sealed;
	json_object *row = NULL;
	int ret = -1;

	*token = NULL;
	if ((*ad = lock_adapter_find(req->conf, vendor, base)) == NULL) {
		vb_err(resp, 404, "not_found", NULL, "this platform offers no such lock vendor");
		return 1;
	}
	if (vb_db_query_row(req->db, &row,
			    "SELECT token_sealed FROM lock_accounts WHERE installer_id = ? AND vendor = ?",
			    "is", req->who.tenant_id, vendor) < 0)
		return -1;
	if (row == NULL) {
		vb_err(resp, 409, "vendor_not_connected", "vendor",
		       "connect your %s account first", (*ad)->title);
		return 1;
	}
	sealed = vb_row_str(row, "token_sealed");
	snprintf(aad, sizeof(aad), "lock_account:%lld:%s", (long long)req->who.tenant_id, vendor);
	/* A token the key does not open (the key was replaced) is as good as
	 * a revoked one: connecting again mends it. */
	if (!req->conf->have_key || sealed == NULL ||
	    vb_open(req->conf->key, aad, sealed, &pt, &ptlen) < 0) {
		vb_warn("lock account %s of installer %lld: the sealed token does not open", vendor,
			(long long)req->who.tenant_id);
		vb_err(resp, 422, "vendor_reconnect_needed", "vendor",
		       "connect your %s account again", (*ad)->title);
		ret = 1;
		goto out;
	}
	*token = (char *)pt;
	pt = NULL;
	ret = 0;
out:
	json_object_put(row);
	return ret;
}

void lock_token_free(char *token)
{
	if (token == NULL)
		return;
	explicit_bzero(token, strlen(token));
	free(token);
}

int lock_vendor_failed(struct vb_resp *resp, int rc)
{
	if (rc == 1)
		return vb_err(resp, 422, "vendor_reconnect_needed", "vendor",
			      "the lock vendor refused the connection; connect the account again");
	if (rc == 2)
		return vb_err(resp, 422, "unknown_lock", "vendor_lock_id",
			      "the lock vendor does not know this lock");
	return vb_err(resp, 502, "vendor_unavailable", NULL,
		      "the lock vendor cannot be reached; try again later");
}
