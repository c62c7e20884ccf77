/*
 * accounts.c - vestibule-admin's account commands: create-distributor,
 * create-installer, passwd, list-accounts and seed-accounts.
 *
 * Accounts made here belong to the operator, who vouches for the address,
 * so they start with email_confirmed = 1.  Each change and its audit row
 * (actor NULL: no signed-in person, detail {"via": "vestibule-admin"}) are
 * written in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"

#define PASSWORD_MAX 128     /* vb_password_ok's upper bound */

static const char *const role_names[] = { "distributor", "installer", "sub_installer",
					  "property_manager" };

/*
 * password_get takes the new password from the first line of stdin when
 * stdin is not a terminal and that line is not empty (so scripts can pipe
 * one in without it showing in the process list), else generates one
 * (*generated = 1).  out holds PASSWORD_MAX + 1 bytes.  Returns 0, or -1
 * after printing why the password was refused.
 */
static int password_get(char out[PASSWORD_MAX + 1], int *generated)
{
	char *line = NULL;
	size_t cap = 0, len = 0;
	ssize_t got;
	const char *why = NULL;
	int rc = -1;

	*generated = 0;
	if (!isatty(STDIN_FILENO)) {
		got = getline(&line, &cap, stdin);
		if (got > 0) {
			len = (size_t)got;
			while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
				line[--len] = '\0';
		}
	}
	if (len > 0) {
		if (len > PASSWORD_MAX) {
			admin_err("the password on stdin is longer than %d bytes", PASSWORD_MAX);
			goto out;
		}
		memcpy(out, line, len + 1);
	} else {
		do {
			if (vb_password_generate(out) < 0) {
				admin_err("cannot read random bytes");
				goto out;
			}
		} while (vb_password_ok(out, &why) < 0);
		*generated = 1;
	}
	if (vb_password_ok(out, &why) < 0) {
		admin_err("password refused: %s", why ? why : "not acceptable");
		goto out;
	}
	rc = 0;
out:
	if (line) {
		explicit_bzero(line, cap);
		free(line);
	}
	return rc;
}

/* name_ok: a display name as the portal accepts it (printable UTF-8, up to
 * 128 characters). */
static int name_ok(const char *name)
{
	static const struct vb_field spec = { "name", VB_STR, 0, 0, 128, NULL };
	struct vb_val v;
	const char *why = NULL;

	if (vb_valid_text(&spec, name, strlen(name), &v, &why) < 0) {
		admin_err("invalid name: %s", why ? why : "not acceptable");
		return -1;
	}
	return 0;
}

/*
 * admin_audit writes one audit row for a change made from the command line
 * (actor and acting account NULL: nobody is signed in).  extra (may be NULL)
 * gets "via" added and is consumed.
 */
static int admin_audit(struct vb_db *db, const char *action, int64_t tenant_id,
		       int64_t object_id, json_object *extra)
{
	json_object *detail = extra ? extra : json_object_new_object();
	int rc = -1;

	if (!detail || json_object_object_add(detail, "via",
					      json_object_new_string("vestibule-admin")) != 0)
		goto out;
	rc = vb_db_exec(db, NULL,
			"INSERT INTO audit_log (actor_id, account_id, tenant_id, action, object_type,"
			" object_id, detail) VALUES (NULL, NULL, ?, ?, 'account', ?, ?)",
			"IsIs", tenant_id > 0 ? tenant_id : VB_DB_NULL_INT, action,
			object_id > 0 ? object_id : VB_DB_NULL_INT,
			json_object_to_json_string_ext(detail, JSON_C_TO_STRING_PLAIN));
out:
	json_object_put(detail);
	if (rc < 0)
		admin_err("cannot write the audit row");
	return rc;
}

/*
 * check_free says which of email/username (username may be NULL) another
 * account has.  Returns 0 when both are free, 1 after printing which is
 * taken, -1 on a database failure.  The unique keys still decide a race.
 */
static int check_free(struct vb_db *db, const char *email, const char *username)
{
	int64_t n = 0;

	if (vb_db_query_int(db, &n, NULL, "SELECT COUNT(*) FROM accounts WHERE email = ?", "s",
			    email) < 0)
		return -1;
	if (n) {
		admin_err("the e-mail address %s is already in use", email);
		return 1;
	}
	if (!username)
		return 0;
	if (vb_db_query_int(db, &n, NULL, "SELECT COUNT(*) FROM accounts WHERE username = ?",
			    "s", username) < 0)
		return -1;
	if (n) {
		admin_err("the username %s is already in use", username);
		return 1;
	}
	return 0;
}

/* create_account is create-distributor and create-installer (installer when
 * want_parent). */
static int create_account(struct admin *a, const char *cmd, int want_parent, int argc,
			  char **argv)
{
	const char *role = want_parent ? "installer" : "distributor";
	const char *email = NULL, *username = NULL, *name = NULL, *dist = NULL;
	const struct admin_opt opts[] = {
		{ "email", &email, 0 },
		{ "username", &username, 0 },
		{ "name", &name, 0 },
		{ "distributor", &dist, 0 },
	};
	char norm[VB_NORM_MAX], dnorm[VB_NORM_MAX], pw[PASSWORD_MAX + 1];
	char *hash = NULL;
	json_object *detail = NULL;
	int64_t parent = VB_DB_NULL_INT, id;
	int generated = 0, found = 0, taken, rc = ADMIN_FAIL;

	if (admin_opts(cmd, argc, argv, opts, VB_NITEMS(opts) - (want_parent ? 0 : 1)) < 0)
		return ADMIN_USAGE;
	if (!email || (want_parent && !dist)) {
		admin_err("%s: %s required", cmd,
			  want_parent ? "--email and --distributor are" : "--email is");
		return ADMIN_USAGE;
	}
	if (vb_valid_email(email, norm) < 0) {
		admin_err("invalid e-mail address '%s'", email);
		return ADMIN_FAIL;
	}
	if (dist && vb_valid_email(dist, dnorm) < 0) {
		admin_err("invalid distributor e-mail address '%s'", dist);
		return ADMIN_FAIL;
	}
	if (username && vb_valid_username(username) < 0) {
		admin_err("invalid username '%s': 3 to 64 of letters, digits, '.', '_' and '-'",
			  username);
		return ADMIN_FAIL;
	}
	if (name && name_ok(name) < 0)
		return ADMIN_FAIL;
	if (admin_connect(a) < 0)
		return ADMIN_FAIL;
	if (want_parent) {
		if (vb_db_query_int(a->db, &parent, &found,
				    "SELECT id FROM accounts WHERE email = ? AND role = 'distributor'",
				    "s", dnorm) < 0)
			goto out;
		if (!found) {
			admin_err("no distributor with the e-mail address %s", dnorm);
			goto out;
		}
	}
	/* Before the password is read or hashed (slow on purpose). */
	taken = check_free(a->db, norm, username);
	if (taken)
		goto out;
	if (password_get(pw, &generated) < 0)
		goto out;
	if (vb_password_hash(pw, &hash) < 0) {
		admin_err("cannot hash the password");
		goto out;
	}

	if (vb_db_begin(a->db) < 0)
		goto out;
	if (vb_db_exec(a->db, NULL,
		       "INSERT INTO accounts (role, parent_id, username, email, email_confirmed,"
		       " name, password_hash) VALUES (?, ?, ?, ?, 1, ?, ?)",
		       "sIssss", role, parent, username, norm, name ? name : "", hash) < 0) {
		if (vb_db_errno(a->db) == VB_DB_ER_DUP_ENTRY)
			admin_err("the e-mail address or username is already in use");
		goto out;
	}
	id = vb_db_last_id(a->db);
	if (want_parent &&
	    vb_db_exec(a->db, NULL, "INSERT INTO installer_settings (installer_id) VALUES (?)",
		       "i", id) < 0)
		goto out;
	detail = json_object_new_object();
	if (!detail)
		goto out;
	json_object_object_add(detail, "email", json_object_new_string(norm));
	json_object_object_add(detail, "role", json_object_new_string(role));
	/* An installer's tenant is itself, and so is a distributor's. */
	if (admin_audit(a->db, want_parent ? "admin.create_installer" :
			"admin.create_distributor", id, id, detail) < 0) {
		detail = NULL;
		goto out;
	}
	detail = NULL;
	if (vb_db_commit(a->db) < 0)
		goto out;
	printf("created %s id=%lld email=%s\n", role, (long long)id, norm);
	if (generated)
		printf("password: %s\n", pw);
	rc = ADMIN_OK;
out:
	if (a->db && vb_db_in_tx(a->db))
		vb_db_rollback(a->db);
	json_object_put(detail);
	free(hash);
	explicit_bzero(pw, sizeof pw);
	return rc;
}

int admin_create_distributor(struct admin *a, int argc, char **argv)
{
	return create_account(a, "create-distributor", 0, argc, argv);
}

int admin_create_installer(struct admin *a, int argc, char **argv)
{
	return create_account(a, "create-installer", 1, argc, argv);
}

int admin_passwd(struct admin *a, int argc, char **argv)
{
	const char *email = NULL, *username = NULL;
	const struct admin_opt opts[] = { { "email", &email, 0 }, { "username", &username, 0 } };
	char norm[VB_NORM_MAX], pw[PASSWORD_MAX + 1];
	char *hash = NULL;
	int64_t id = 0, ended = 0;
	json_object *acct = NULL, *detail = NULL;
	int generated = 0, rc = ADMIN_FAIL;

	if (admin_opts("passwd", argc, argv, opts, VB_NITEMS(opts)) < 0)
		return ADMIN_USAGE;
	if (!email == !username) {
		admin_err("passwd: give --email E (or --username U for an account without one)");
		return ADMIN_USAGE;
	}
	if (email && vb_valid_email(email, norm) < 0) {
		admin_err("invalid e-mail address '%s'", email);
		return ADMIN_FAIL;
	}
	if (admin_connect(a) < 0)
		return ADMIN_FAIL;
	if ((email ? vb_db_query_row(a->db, &acct,
				     "SELECT id, role, parent_id FROM accounts WHERE email = ?", "s",
				     norm) :
		     vb_db_query_row(a->db, &acct,
				     "SELECT id, role, parent_id FROM accounts WHERE username = ?",
				     "s", username)) < 0)
		goto out;
	if (!acct) {
		admin_err("no account with the %s %s", email ? "e-mail address" : "username",
			  email ? norm : username);
		goto out;
	}
	id = vb_row_int(acct, "id");
	if (password_get(pw, &generated) < 0)
		goto out;
	if (vb_password_hash(pw, &hash) < 0) {
		admin_err("cannot hash the password");
		goto out;
	}
	if (vb_db_begin(a->db) < 0 ||
	    vb_db_exec(a->db, NULL,
		       "UPDATE accounts SET password_hash = ?, updated_at = UTC_TIMESTAMP(3)"
		       " WHERE id = ?", "si", hash, id) < 0 ||
	    vb_db_exec(a->db, &ended, "DELETE FROM sessions WHERE account_id = ?", "i", id) < 0 ||
	    /* A reset link mailed before would otherwise undo this. */
	    vb_db_exec(a->db, NULL,
		       "UPDATE password_resets SET used_at = UTC_TIMESTAMP(3)"
		       " WHERE account_id = ? AND used_at IS NULL", "i", id) < 0)
		goto out;
	detail = json_object_new_object();
	if (!detail)
		goto out;
	json_object_object_add(detail, "sessions_ended", json_object_new_int64(ended));
	{
		const char *role = vb_row_str(acct, "role");
		/* The tenant: installers and distributors own themselves,
		 * sub-accounts belong to their installer. */
		int64_t tenant = role && (strcmp(role, "installer") == 0 ||
					  strcmp(role, "distributor") == 0) ?
				 id : vb_row_int(acct, "parent_id");

		if (admin_audit(a->db, "admin.passwd", tenant, id, detail) < 0) {
			detail = NULL;
			goto out;
		}
	}
	detail = NULL;
	if (vb_db_commit(a->db) < 0)
		goto out;
	printf("password changed for %s (%lld session%s ended)\n", email ? norm : username,
	       (long long)ended, ended == 1 ? "" : "s");
	if (generated)
		printf("password: %s\n", pw);
	rc = ADMIN_OK;
out:
	if (a->db && vb_db_in_tx(a->db))
		vb_db_rollback(a->db);
	json_object_put(acct);
	json_object_put(detail);
	free(hash);
	explicit_bzero(pw, sizeof pw);
	return rc;
}

/* cell is a row's value as list-accounts prints it ("-" for NULL). */
static const char *cell(json_object *row, const char *key)
{
	const char *s = vb_row_str(row, key);

	return s && *s ? s : "-";
}

int admin_list_accounts(struct admin *a, int argc, char **argv)
{
	static const char *const cols[] = { "id", "role", "email", "username", "parent",
					    "status" };
	const char *role = NULL;
	const struct admin_opt opts[] = { { "role", &role, 0 } };
	char rbuf[32];
	json_object *rows = NULL;
	size_t width[VB_NITEMS(cols)], n, k, c, len;
	int rc = ADMIN_FAIL;

	if (admin_opts("list-accounts", argc, argv, opts, VB_NITEMS(opts)) < 0)
		return ADMIN_USAGE;
	if (role) {
		/* "sub-installer" is how people write it; the column says
		 * "sub_installer". */
		snprintf(rbuf, sizeof rbuf, "%s", role);
		for (k = 0; rbuf[k]; k++)
			if (rbuf[k] == '-')
				rbuf[k] = '_';
		for (k = 0; k < VB_NITEMS(role_names); k++)
			if (strcmp(rbuf, role_names[k]) == 0)
				break;
		if (k == VB_NITEMS(role_names)) {
			admin_err("list-accounts: unknown role '%s' (distributor, installer,"
				  " sub_installer, property_manager)", role);
			return ADMIN_USAGE;
		}
		role = role_names[k];
	}
	if (admin_connect(a) < 0)
		return ADMIN_FAIL;
	if ((role ? vb_db_query(a->db, &rows,
				"SELECT id, role, email, username, parent_id AS parent, status"
				" FROM accounts WHERE role = ? ORDER BY id", "s", role) :
		    vb_db_query(a->db, &rows,
				"SELECT id, role, email, username, parent_id AS parent, status"
				" FROM accounts ORDER BY id", "")) < 0)
		goto out;
	n = json_object_array_length(rows);
	for (c = 0; c < VB_NITEMS(cols); c++)
		width[c] = strlen(cols[c]);
	for (k = 0; k < n; k++) {
		for (c = 0; c < VB_NITEMS(cols); c++) {
			len = strlen(cell(json_object_array_get_idx(rows, k), cols[c]));
			if (len > width[c])
				width[c] = len;
		}
	}
	for (c = 0; c < VB_NITEMS(cols); c++)
		printf("%-*s%s", (int)width[c], cols[c], c + 1 < VB_NITEMS(cols) ? "  " : "\n");
	for (k = 0; k < n; k++)
		for (c = 0; c < VB_NITEMS(cols); c++)
			printf("%-*s%s", (int)width[c], cell(json_object_array_get_idx(rows, k),
							     cols[c]),
			       c + 1 < VB_NITEMS(cols) ? "  " : "\n");
	rc = ADMIN_OK;
out:
	json_object_put(rows);
	return rc;
}

/*
 * seed_one creates or resets one benchmark account (same e-mail: new
 * password, active, no 2FA) and puts its id in *id.  LAST_INSERT_ID(id)
 * makes the existing row's id the statement's insert id, so a second seed
 * run reuses the accounts instead of failing.
 */
/* A row the seeder made: both its username and its e-mail are the seed's. */
#define SEED_ROW "username <=> VALUES(username) AND email <=> VALUES(email)"

static int seed_one(struct vb_db *db, const char *role, int64_t parent, const char *login,
		    const char *hash, int64_t policy, int64_t *id)
{
	char email[VB_NORM_MAX];
	int64_t n = 0;
	int found = 0;

	snprintf(email, sizeof email, "%s@example.com", login);
	if (vb_db_exec(db, NULL,
		       "INSERT INTO accounts (role, parent_id, username, email, email_confirmed,"
		       " name, password_hash) VALUES (?, ?, ?, ?, 1, ?, ?)"
		       " ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id),"
		       " role = IF(" SEED_ROW ", VALUES(role), role),"
		       " parent_id = IF(" SEED_ROW ", VALUES(parent_id), parent_id),"
		       " password_hash = IF(" SEED_ROW ", VALUES(password_hash), password_hash),"
		       " email_confirmed = IF(" SEED_ROW ", 1, email_confirmed),"
		       " status = IF(" SEED_ROW ", 'active', status),"
		       " twofa_enabled = IF(" SEED_ROW ", 0, twofa_enabled)",
		       "sIssss", role, parent, login, email, login, hash) < 0)
		return -1;
	*id = vb_db_last_id(db);
	/* The upsert reuses a row with the seed's username or e-mail; it must be
	 * a seed row (both match), never a real account that happens to share
	 * one of them (which the update above has not touched). */
	if (vb_db_query_int(db, &n, &found,
			    "SELECT COUNT(*) FROM accounts WHERE id = ? AND username = ? AND email = ?",
			    "iss", *id, login, email) < 0)
		return -1;
	if (n != 1) {
		admin_err("%s or %s belongs to an account that is not a seed account; "
			  "choose another --prefix", login, email);
		return -1;
	}
	if (parent != VB_DB_NULL_INT &&
	    vb_db_exec(db, NULL,
		       "INSERT INTO installer_settings (installer_id) VALUES (?)"
		       " ON DUPLICATE KEY UPDATE installer_id = installer_id", "i", *id) < 0)
		return -1;
	if (policy &&
	    vb_db_exec(db, NULL,
		       "INSERT INTO privacy_acceptances (account_id, policy_id) VALUES (?, ?)"
		       " ON DUPLICATE KEY UPDATE policy_id = policy_id", "ii", *id, policy) < 0)
		return -1;
	return 0;
}

int admin_seed_accounts(struct admin *a, int argc, char **argv)
{
	const char *sd = NULL, *si = NULL, *prefix = NULL, *accept = NULL;
	const struct admin_opt opts[] = {
		{ "distributors", &sd, 0 },
		{ "installers-per", &si, 0 },
		{ "prefix", &prefix, 0 },
		{ "accept-privacy", &accept, 1 },
	};
	/* Logins are at most 24 + 7 + 7 bytes (see the limits below), well
	 * inside the 64 of accounts.username; the buffers are larger only to
	 * let the compiler see that nothing is cut. */
	char pw[PASSWORD_MAX + 1], dlogin[128], ilogin[128];
	char *hash = NULL;
	json_object *detail = NULL;
	long nd = 0, ni = 0, d, i;
	int64_t did, iid, policy = 0;
	int generated = 0, found = 0, rc = ADMIN_FAIL;
	size_t k;

	if (admin_opts("seed-accounts", argc, argv, opts, VB_NITEMS(opts)) < 0)
		return ADMIN_USAGE;
	if (!sd || !si || !prefix) {
		admin_err("seed-accounts: --distributors, --installers-per and --prefix are required");
		return ADMIN_USAGE;
	}
	if (admin_count("seed-accounts", "distributors", sd, 1, 10000, &nd) < 0 ||
	    admin_count("seed-accounts", "installers-per", si, 0, 10000, &ni) < 0)
		return ADMIN_USAGE;
	/* The prefix becomes usernames and e-mail local parts. */
	for (k = 0; prefix[k]; k++)
		if (!((prefix[k] >= 'a' && prefix[k] <= 'z') || (prefix[k] >= '0' && prefix[k] <= '9')
		      || prefix[k] == '-' || prefix[k] == '_'))
			break;
	if (k == 0 || prefix[k] || k > 24) {
		admin_err("seed-accounts: --prefix must be 1 to 24 of a-z, 0-9, '-' and '_'");
		return ADMIN_USAGE;
	}
	if (admin_connect(a) < 0)
		return ADMIN_FAIL;
	if (accept) {
		if (vb_db_query_int(a->db, &policy, &found,
				    "SELECT id FROM privacy_policies"
				    " ORDER BY published_at DESC, id DESC LIMIT 1", "") < 0)
			goto out;
		if (!found)
			policy = 0;
	}
	if (password_get(pw, &generated) < 0)
		goto out;
	/* One hash for every account: scrypt at production cost takes a good
	 * fraction of a second each. */
	if (vb_password_hash(pw, &hash) < 0) {
		admin_err("cannot hash the password");
		goto out;
	}
	if (vb_db_begin(a->db) < 0)
		goto out;
	for (d = 1; d <= nd; d++) {
		snprintf(dlogin, sizeof dlogin, "%.24s-d%ld", prefix, d);
		if (seed_one(a->db, "distributor", VB_DB_NULL_INT, dlogin, hash, policy, &did) < 0)
			goto out;
		for (i = 1; i <= ni; i++) {
			snprintf(ilogin, sizeof ilogin, "%.24s-d%ld-i%ld", prefix, d, i);
			if (seed_one(a->db, "installer", did, ilogin, hash, policy, &iid) < 0)
				goto out;
		}
	}
	detail = json_object_new_object();
	if (!detail)
		goto out;
	json_object_object_add(detail, "prefix", json_object_new_string(prefix));
	json_object_object_add(detail, "distributors", json_object_new_int64(nd));
	json_object_object_add(detail, "installers_per", json_object_new_int64(ni));
	if (admin_audit(a->db, "admin.seed_accounts", 0, 0, detail) < 0) {
		detail = NULL;
		goto out;
	}
	detail = NULL;
	if (vb_db_commit(a->db) < 0)
		goto out;
	printf("seeded %ld distributors (%s-d1 .. %s-d%ld) and %ld installers (%s-dD-i1 .. -i%ld);"
	       " e-mail is USERNAME@example.com%s\n", nd, prefix, prefix, nd, nd * ni, prefix, ni,
	       policy ? "; privacy policy accepted" : "");
	printf("password: %s\n", pw);
	rc = ADMIN_OK;
out:
	if (a->db && vb_db_in_tx(a->db))
		vb_db_rollback(a->db);
	json_object_put(detail);
	free(hash);
	explicit_bzero(pw, sizeof pw);
	return rc;
}
