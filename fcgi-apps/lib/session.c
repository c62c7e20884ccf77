/*
 * session.c - signed-in sessions (see vb_session.h for the rules).
 *
 * The browser holds the only copy of the token; the database holds its
 * SHA-256, so a leaked database does not leak usable sessions.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vestibule.h"

static const char *const stage_names[] = { "2fa", "privacy", "email", "done" };

const char *vb_stage_name(enum vb_stage stage)
{
	return (unsigned)stage < VB_NITEMS(stage_names) ? stage_names[stage] : "done";
}

static enum vb_stage stage_from_name(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < VB_NITEMS(stage_names); i++)
		if (strcmp(s, stage_names[i]) == 0)
			return (enum vb_stage)i;
	return VB_STAGE_2FA; /* unknown: the most restrictive */
}

static const struct {
	int role;
	const char *name;
} roles[] = {
	{ VB_DISTRIBUTOR, "distributor" },
	{ VB_INSTALLER, "installer" },
	{ VB_SUBINSTALLER, "sub_installer" },
	{ VB_PROPERTY_MANAGER, "property_manager" },
};

const char *vb_role_name(int role)
{
	size_t i;

	for (i = 0; i < VB_NITEMS(roles); i++)
		if (roles[i].role == role)
			return roles[i].name;
	return "";
}

int vb_role_from_name(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < VB_NITEMS(roles); i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].role;
	return 0;
}

const char *vb_session_cookie_name(const struct vb_conf *conf)
{
	/* RFC 6265bis "__Host-": Secure, Path=/, no Domain; needs TLS. */
	return conf->secure_cookies ? "__Host-vb_session" : "vb_session";
}

/*
 * set_identity fills the principal's role, tenant and distributor from an
 * account's role and parent.
 */
static void set_identity(struct vb_principal *w, int64_t id, const char *role, int64_t parent)
{
	w->account_id = id;
	w->role = vb_role_from_name(role);
	switch (w->role) {
	case VB_DISTRIBUTOR:
		w->tenant_id = id;
		break;
	case VB_INSTALLER:
		w->tenant_id = id;
		break;
	default: /* sub-installers and property managers work on their installer's data */
		w->tenant_id = parent;
		break;
	}
}

static int set_cookie(struct vb_req *req, struct vb_resp *resp, const char *value, int max_age)
{
	char v[256];

	snprintf(v, sizeof(v), "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
		 vb_session_cookie_name(req->conf), value, max_age,
		 req->conf->secure_cookies ? "; Secure" : "");
	return vb_header(resp, "Set-Cookie", v);
}

/* token_shape tells whether s can be one of our tokens (43 base64url chars). */
static int token_shape(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return i == VB_TOKEN_LEN;
}

/*
 * A per-worker cache of session rows.  A hit costs no database round trip,
 * which is most of what a signed-in read costs.  An entry is trusted only
 * while the host-wide epoch (vb_epoch.h) is unchanged since the row was read
 * -- any state-changing request bumps it -- and for at most
 * VB_SESSION_CACHE_MS, which bounds what another host's change can miss.
 * Only positive answers are cached: an unknown or expired token always
 * goes to the database.
 */
#define VB_SESSION_CACHE_SIZE 512 /* direct-mapped by token hash */
#define VB_SESSION_CACHE_MS 2000

struct cached_session {
	char hash[VB_SHA256_HEX];
	json_object *row;   /* owned; shared read-only with req->account */
	uint64_t epoch;
	int64_t loaded_ms;  /* monotonic */
	int64_t expires_s;  /* absolute expiry, Unix time */
};

static struct cached_session g_cache[VB_SESSION_CACHE_SIZE];

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct cached_session *cache_slot(const char *hash)
{
	unsigned v = 0;
	size_t i;

	for (i = 0; i < 8; i++) /* lower-case hex from vb_sha256_hex */
		v = v * 16 + (unsigned)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
	return &g_cache[v % VB_SESSION_CACHE_SIZE];
}

/* fill_principal sets req->who from a session row and hands the row to
 * req->account (taking a reference). */
static void fill_principal(struct vb_req *req, json_object *row)
{
	struct vb_principal *w = &req->who;

	w->session_id = vb_row_int(row, "sid");
	w->stage = stage_from_name(vb_row_str(row, "stage"));
	set_identity(w, vb_row_int(row, "id"), vb_row_str(row, "role"), vb_row_int(row, "parent_id"));
	w->actor_id = vb_row_int(row, "aid");
	json_object_put(req->account);
	req->account = json_object_get(row);
	req->account_writes = vb_db_writes(req->db);
}

int vb_session_load(struct vb_req *req)
{
	struct vb_principal *w = &req->who;
	struct cached_session *c;
	char token[128];
	json_object *row = NULL;
	uint64_t epoch = vb_epoch_get(); /* read before the database: see above */
	int cacheable = 1, rc = -1;

	memset(w, 0, sizeof(*w));
	if (vb_cookie(req, vb_session_cookie_name(req->conf), token, sizeof(token)) != 0 ||
	    !token_shape(token))
		return 0;
	if (vb_sha256_hex(token, strlen(token), w->token_hash) != 0)
		goto out;
	c = cache_slot(w->token_hash);
	if (epoch != 0 && c->row != NULL && c->epoch == epoch &&
	    strcmp(c->hash, w->token_hash) == 0 && mono_ms() - c->loaded_ms < VB_SESSION_CACHE_MS &&
	    c->expires_s > (int64_t)time(NULL)) {
		fill_principal(req, c->row);
		return 0;
	}
	/* One round trip: the session, the person's account, the installer
	 * they act as (joined only while that installer still grants access),
	 * and the effective account's ME columns (see vb_account.h). */
	if (vb_db_query_row(req->db, &row,
		"SELECT s.id AS sid, s.stage, s.acting_account_id AS tid, t.id AS tok,"
		" UNIX_TIMESTAMP(s.expires_at) AS exp,"
		" (s.last_seen_at < UTC_TIMESTAMP(3) - INTERVAL 60 SECOND) AS stale,"
		" a.id AS aid," VB_ACCOUNT_COLUMNS
		" FROM sessions s"
		" JOIN accounts a ON a.id = s.account_id AND a.status = 'active'"
		" LEFT JOIN accounts t ON t.id = s.acting_account_id AND t.parent_id = a.id"
		"  AND t.account_access_enabled = 1 AND t.access_granted = 1 AND t.status = 'active'"
		" JOIN accounts e ON e.id = COALESCE(t.id, a.id)"
		" LEFT JOIN totp_secrets ts ON ts.account_id = e.id AND ts.active = 1"
		" LEFT JOIN accounts d ON d.id = a.id AND d.id <> e.id"
		" WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP(3)"
		" AND s.last_seen_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND",
		"si", w->token_hash, (int64_t)req->conf->session_idle_s) != 0)
		goto out;
	if (row == NULL) {
		memset(w, 0, sizeof(*w));
		rc = 0;
		goto out;
	}
	fill_principal(req, row);
	if (vb_row_int(row, "tid") != 0 && vb_row_int(row, "tok") == 0) {
		/* The grant was withdrawn: the switch ends now (the row already
		 * shows the person's own account). */
		cacheable = 0;
		if (vb_db_exec(req->db, NULL, "UPDATE sessions SET acting_account_id = NULL WHERE id = ?",
			       "i", w->session_id) != 0)
			goto out;
	}
	/* Refresh the idle clock at most once a minute: a write per request
	 * would cost more than the whole read path. */
	if (vb_row_int(row, "stale") != 0 &&
	    vb_db_exec(req->db, NULL, "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(3) WHERE id = ?",
		       "i", w->session_id) != 0)
		goto out;
	req->account_writes = vb_db_writes(req->db);
	if (epoch != 0 && cacheable) {
		json_object_put(c->row);
		memcpy(c->hash, w->token_hash, sizeof(c->hash));
		c->row = json_object_get(row);
		c->epoch = epoch;
		c->loaded_ms = mono_ms();
		c->expires_s = vb_row_int(row, "exp");
	}
	rc = 0;
out:
	json_object_put(row);
	return rc;
}

int vb_session_create(struct vb_req *req, struct vb_resp *resp, int64_t account_id,
		  enum vb_stage stage)
{
	struct vb_principal *w = &req->who;
	char token[VB_TOKEN_LEN + 1], hash[VB_SHA256_HEX];
	json_object *row = NULL;
	int rc = -1;

	if (vb_token_new(token) != 0 || vb_sha256_hex(token, strlen(token), hash) != 0)
		goto out;
	if (vb_db_exec(req->db, NULL,
		"INSERT INTO sessions (token_hash, account_id, stage, expires_at, ip, user_agent)"
		" VALUES (?, ?, ?, UTC_TIMESTAMP(3) + INTERVAL ? SECOND, ?, LEFT(?, 255))",
		"sisiss", hash, account_id, vb_stage_name(stage), (int64_t)req->conf->session_absolute_s,
		req->remote_addr, req->user_agent) != 0)
		goto out;
	memset(w, 0, sizeof(*w));
	w->session_id = vb_db_last_id(req->db);
	if (vb_db_query_row(req->db, &row, "SELECT role, parent_id FROM accounts WHERE id = ?", "i",
			    account_id) != 0 || row == NULL)
		goto out;
	set_identity(w, account_id, vb_row_str(row, "role"), vb_row_int(row, "parent_id"));
	w->actor_id = account_id;
	w->stage = stage;
	memcpy(w->token_hash, hash, sizeof(hash));
	if (set_cookie(req, resp, token, req->conf->session_absolute_s) != 0)
		goto out;
	rc = 0;
out:
	json_object_put(row);
	return rc;
}

int vb_session_set_stage(struct vb_req *req, enum vb_stage stage)
{
	if (vb_db_exec(req->db, NULL, "UPDATE sessions SET stage = ? WHERE id = ?", "si",
		       vb_stage_name(stage), req->who.session_id) != 0)
		return -1;
	req->who.stage = stage;
	return 0;
}

int vb_session_destroy(struct vb_req *req, struct vb_resp *resp)
{
	if (req->who.session_id != 0 &&
	    vb_db_exec(req->db, NULL, "DELETE FROM sessions WHERE id = ?", "i",
		       req->who.session_id) != 0)
		return -1;
	memset(&req->who, 0, sizeof(req->who));
	return set_cookie(req, resp, "", 0);
}

int vb_session_end_others(struct vb_req *req, int64_t account_id, int keep_current)
{
	return vb_db_exec(req->db, NULL, "DELETE FROM sessions WHERE account_id = ? AND id <> ?", "ii",
			  account_id, keep_current ? req->who.session_id : (int64_t)0);
}

/*
 * vb_session_switch points the session at account_id (0: back to the
 * actor's own account) and updates the principal to match.
 */
int vb_session_switch(struct vb_req *req, int64_t account_id)
{
	json_object *row = NULL;
	int64_t target = account_id != 0 ? account_id : req->who.actor_id;
	int64_t actor = req->who.actor_id;
	int rc = -1;

	if (vb_db_exec(req->db, NULL, "UPDATE sessions SET acting_account_id = ? WHERE id = ?", "Ii",
		       account_id != 0 ? account_id : VB_DB_NULL_INT, req->who.session_id) != 0)
		goto out;
	if (vb_db_query_row(req->db, &row, "SELECT role, parent_id FROM accounts WHERE id = ?", "i",
			    target) != 0 || row == NULL)
		goto out;
	set_identity(&req->who, target, vb_row_str(row, "role"), vb_row_int(row, "parent_id"));
	req->who.actor_id = actor;
	rc = 0;
out:
	json_object_put(row);
	return rc;
}
