/*
 * create.c - adding an intercom device to a site (F17): the site (locked,
 * so the per-site limit holds), the settings of its type and model
 * (settings.c), its MAC from the installer's library, a SIP number (F15)
 * and, for a door phone, the RTSP login the platform gives it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"

/* The RTSP user every door phone is given (the AutoP issue provisions it). */
#define RTSP_USER "vestibule"

/*
 * rtsp_credentials gives door phone id its RTSP login: the user and a
 * generated password, sealed under the platform key with the row's identity
 * as AAD ("device:<id>:rtsp"), so a sealed value copied to another row does
 * not open.  Without a key (key_file unset) the password stays NULL, and
 * that is logged once per worker.  Returns 0 or -1.
 */
static int rtsp_credentials(struct vb_req *req, int64_t id)
{
	static int warned;
	char pw[VB_GEN_PASSWORD_LEN + 1] = "", aad[64];
	char *sealed = NULL;
	int ret = -1;

	if (req->conf->have_key) {
		snprintf(aad, sizeof(aad), "device:%lld:rtsp", (long long)id);
		if (vb_password_generate(pw) < 0 ||
		    vb_seal(req->conf->key, aad, pw, strlen(pw), &sealed) < 0)
			goto out;
	} else if (!warned) {
		vb_warn("no platform key (key_file): door phones get no RTSP password");
		warned = 1;
	}
	if (vb_db_exec(req->db, NULL,
		       "UPDATE devices SET rtsp_user = ?, rtsp_password_sealed = ? "
		       "WHERE id = ? AND installer_id = ?",
		       "ssii", RTSP_USER, sealed, id, req->who.tenant_id) < 0)
		goto out;
	ret = 0;
out:
	explicit_bzero(pw, sizeof(pw));
	free(sealed);
	return ret;
}

/*
 * devices_create: POST /api/devices -> 201 DEVICE with Location.  The
 * contract's rules in order: 2 the site (404), 3-7 device_settings_resolve,
 * 8 the MAC (409), 9 the site's limit (409); then, in one transaction, the
 * row, its settings, relays and buttons, the RTSP login and the audit row.
 * Nothing is written on any 4xx.
 */
int devices_create(struct vb_req *req, struct vb_resp *resp)
{
	const char *type = vb_str(req, "type");
	json_object *site = NULL, *st = NULL, *detail = NULL;
	int64_t id, sip, n = 0;
	char location[64];
	int rc, ret = -1;

	if (vb_db_begin(req->db) < 0)
		return -1;
	/* 2. Locked: devices join one site one after the other. */
	if (device_site(req, vb_int(req, "site_id", 0), 1, &site) < 0)
		goto out;
	if (site == NULL) {
		if ((ret = vb_rollback_answered(req)) == 0)
			device_not_found(resp, "site");
		goto out;
	}
	/* 3-7. */
	if ((rc = device_settings_resolve(req, resp, type, NULL, &st)) != 0) {
		ret = rc < 0 ? -1 : vb_rollback_answered(req);
		goto out;
	}
	/* 8. */
	if ((rc = device_mac_check(req, resp, vb_row_str(st, "mac"), 0)) != 0) {
		ret = rc < 0 ? -1 : vb_rollback_answered(req);
		goto out;
	}
	/* 9. A plain read is exact here: whoever added to this site held its
	 * lock and committed before we got it, and this transaction's
	 * snapshot is younger (its first plain read came after the lock).  A
	 * locking read would lock the index gap the new row goes into, which
	 * neighbouring sites share, and two adds there would deadlock. */
	if (vb_db_query_int(req->db, &n, NULL,
			    "SELECT COUNT(*) FROM devices WHERE installer_id = ? AND site_id = ?",
			    "ii", req->who.tenant_id, vb_row_int(site, "id")) < 0)
		goto out;
	if (n >= DEVICE_MAX_PER_SITE) {
		if ((ret = vb_rollback_answered(req)) == 0)
			vb_err(resp, 409, "limit_reached", "site_id",
			       "a site has at most %d intercom devices", DEVICE_MAX_PER_SITE);
		goto out;
	}

	/* F15: from the platform-wide sequence, never reused. */
	if (vb_sip_next(req->db, &sip) < 0)
		goto out;
	if (vb_db_exec(req->db, NULL,
		       "INSERT INTO devices (installer_id, site_id, model_id, mac, name, "
		       "sip_number) VALUES (?, ?, ?, ?, ?, ?)",
		       "iiissi", req->who.tenant_id, vb_row_int(site, "id"),
		       vb_row_int(st, "model_id"), vb_row_str(st, "mac"), vb_row_str(st, "name"),
		       sip) < 0) {
		/* A request racing for the same MAC won on the unique key. */
		if (vb_db_errno(req->db) != VB_DB_ER_DUP_ENTRY)
			goto out;
		if ((ret = vb_rollback_answered(req)) == 0)
			device_mac_in_use(resp);
		goto out;
	}
	id = vb_db_last_id(req->db);
	/* The MAC is this row's own now: the store cannot lose it (1). */
	if (device_settings_store(req, id, NULL, st) != 0)
		goto out;
	if (strcmp(type, "door_phone") == 0 && rtsp_credentials(req, id) < 0)
		goto out;

	if ((detail = json_object_new_object()) == NULL)
		goto out;
	json_object_object_add(detail, "site_id", json_object_new_int64(vb_row_int(site, "id")));
	json_object_object_add(detail, "type", json_object_new_string(type));
	json_object_object_add(detail, "model", json_object_new_string(vb_row_str(st, "model")));
	json_object_object_add(detail, "mac", json_object_new_string(vb_row_str(st, "mac")));
	rc = vb_audit(req, "device.create", "device", id, detail);
	detail = NULL;  /* consumed by vb_audit */
	if (rc < 0)
		goto out;
	snprintf(location, sizeof(location), "/api/devices/%lld", (long long)id);
	vb_header(resp, "Location", location);
	ret = devrow_answer(req, resp, id, 201, 1);
out:
	json_object_put(site);
	json_object_put(st);
	json_object_put(detail);
	return ret;
}
