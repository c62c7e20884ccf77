/*
 * throttle.c - brute-force limits on sign-in and on password-reset requests.
 *
 * Policy (the numbers live only here): within a window of 15 minutes, and
 * counting only failures after the last success, the first 5 failures are
 * free; from then on the caller is locked out until the last failure plus
 * 60 s * 2^(failures - 5), capped at an hour.  A locked-out request is
 * refused before any password check and is not itself counted, so the lock
 * grows only with attempts made after it expired.  Sign-in is limited per
 * account (or per login text when no account matches, so unknown names
 * behave like known ones) and per remote address; wrong second-factor codes
 * (mailed or authenticator) are counted per account against second-factor
 * successes only, with THROTTLE_2FA_FREE free tries (twofa.c); reset
 * requests are limited per address.
 */
#include <stdio.h>
#include "auth.h"

#define THROTTLE_WINDOW_S 900
#define THROTTLE_FREE 5
/* Second-factor codes: two mailed codes' worth of tries (5 each) before the
 * account's lock starts, so a person who mistyped one code can ask for a
 * new one and use it at once. */
#define THROTTLE_2FA_FREE 10
#define THROTTLE_BASE_S 60
#define THROTTLE_CAP_S 3600

/* lock_left_s turns a failure count and the age of the newest failure (ms)
 * into the seconds still to wait, rounded up; 0 when not locked.  The first
 * `free` failures cost nothing. */
static int64_t lock_left_s(int64_t failures, int64_t age_ms, int64_t free)
{
	int64_t delay_s = THROTTLE_BASE_S, left_ms;

	if (failures < free)
		return 0;
	for (int64_t i = free; i < failures && delay_s < THROTTLE_CAP_S; i++)
		delay_s *= 2;
	if (delay_s > THROTTLE_CAP_S)
		delay_s = THROTTLE_CAP_S;
	left_ms = delay_s * 1000 - (age_ms < 0 ? 0 : age_ms);
	return left_ms > 0 ? (left_ms + 999) / 1000 : 0;
}

/* row_left_s reads {"n", "age_ms"} (see the queries below) into seconds to
 * wait, keeping the larger of *left and the new value. */
static void row_left_s(json_object *row, int64_t *left, int64_t free)
{
	int64_t s;

	if (row == NULL)
		return;
	s = lock_left_s(vb_row_int(row, "n"), vb_row_int(row, "age_ms"), free);
	if (s > *left)
		*left = s;
}

/* addr_of is the caller's address as the tables store it ("" if unknown). */
static const char *addr_of(const struct vb_req *req)
{
	return req->remote_addr != NULL ? req->remote_addr : "";
}

/* auth_throttle_login: see auth.h.  Two indexed queries: the account (or
 * unknown login text) and the address.  Wrong second-factor codes have their
 * own count (auth_throttle_2fa): someone who mistyped a mailed code is not
 * locked out of signing in again. */
int auth_throttle_login(struct vb_req *req, int64_t account_id, const char *login,
			int64_t *retry_s)
{
	json_object *row = NULL;
	int rc = -1;

	*retry_s = 0;
	if (account_id > 0) {
		if (vb_db_query_row(req->db, &row,
			"SELECT COUNT(*) AS n,"
			" TIMESTAMPDIFF(MICROSECOND, MAX(created_at), UTC_TIMESTAMP(3)) DIV 1000 AS age_ms"
			" FROM login_attempts WHERE account_id = ? AND success = 0"
			" AND login <> '" AUTH_2FA_LOGIN "'"
			" AND created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND"
			" AND created_at > (SELECT COALESCE(MAX(s.created_at), '1000-01-01')"
			"  FROM login_attempts s WHERE s.account_id = ? AND s.success = 1"
			"  AND s.created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND)",
			"iiii", account_id, (int64_t)THROTTLE_WINDOW_S, account_id,
			(int64_t)THROTTLE_WINDOW_S) != 0)
			goto out;
	} else {
		/* Unknown logins never succeed, so there is no success to count from. */
		if (vb_db_query_row(req->db, &row,
			"SELECT COUNT(*) AS n,"
			" TIMESTAMPDIFF(MICROSECOND, MAX(created_at), UTC_TIMESTAMP(3)) DIV 1000 AS age_ms"
			" FROM login_attempts WHERE account_id IS NULL AND login = ? AND success = 0"
			" AND created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND",
			"si", login, (int64_t)THROTTLE_WINDOW_S) != 0)
			goto out;
	}
	row_left_s(row, retry_s, THROTTLE_FREE);
	json_object_put(row);
	row = NULL;

	if (vb_db_query_row(req->db, &row,
		"SELECT COUNT(*) AS n,"
		" TIMESTAMPDIFF(MICROSECOND, MAX(created_at), UTC_TIMESTAMP(3)) DIV 1000 AS age_ms"
		" FROM login_attempts WHERE ip = ? AND success = 0"
		" AND login <> '" AUTH_2FA_LOGIN "'"
		" AND created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND"
		" AND created_at > (SELECT COALESCE(MAX(s.created_at), '1000-01-01')"
		"  FROM login_attempts s WHERE s.ip = ? AND s.success = 1"
		"  AND s.created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND)",
		"sisi", addr_of(req), (int64_t)THROTTLE_WINDOW_S, addr_of(req),
		(int64_t)THROTTLE_WINDOW_S) != 0)
		goto out;
	row_left_s(row, retry_s, THROTTLE_FREE);
	rc = 0;
out:
	json_object_put(row);
	return rc;
}

/* auth_throttle_2fa: see auth.h.  Per account, second-factor failures since
 * the last second-factor success. */
int auth_throttle_2fa(struct vb_req *req, int64_t *retry_s)
{
	json_object *row = NULL;
	int64_t id = req->who.account_id;

	*retry_s = 0;
	if (vb_db_query_row(req->db, &row,
		"SELECT COUNT(*) AS n,"
		" TIMESTAMPDIFF(MICROSECOND, MAX(created_at), UTC_TIMESTAMP(3)) DIV 1000 AS age_ms"
		" FROM login_attempts WHERE account_id = ? AND login = ? AND success = 0"
		" AND created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND"
		" AND created_at > (SELECT COALESCE(MAX(s.created_at), '1000-01-01')"
		"  FROM login_attempts s WHERE s.account_id = ? AND s.login = ? AND s.success = 1"
		"  AND s.created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND)",
		"isiisi", id, AUTH_2FA_LOGIN, (int64_t)THROTTLE_WINDOW_S, id, AUTH_2FA_LOGIN,
		(int64_t)THROTTLE_WINDOW_S) != 0)
		return -1;
	row_left_s(row, retry_s, THROTTLE_2FA_FREE);
	json_object_put(row);
	return 0;
}

/* auth_throttle_record: see auth.h.  account_id 0 = no such account. */
int auth_throttle_record(struct vb_req *req, int64_t account_id, const char *login,
			 int success)
{
	return vb_db_exec(req->db, NULL,
		"INSERT INTO login_attempts (account_id, login, ip, success) VALUES (?, ?, ?, ?)",
		"Issb", account_id > 0 ? account_id : VB_DB_NULL_INT, login, addr_of(req),
		success ? 1 : 0);
}

/* auth_throttle_forgot: see auth.h.  Every reset request is audited as
 * "auth.password_forgot" whether or not the address exists, so the audit
 * log is the count (nothing in it tells the two cases apart). */
int auth_throttle_forgot(struct vb_req *req, int64_t *retry_s)
{
	json_object *row = NULL;

	*retry_s = 0;
	if (vb_db_query_row(req->db, &row,
		"SELECT COUNT(*) AS n,"
		" TIMESTAMPDIFF(MICROSECOND, MAX(created_at), UTC_TIMESTAMP(3)) DIV 1000 AS age_ms"
		" FROM audit_log WHERE action = 'auth.password_forgot' AND ip = ?"
		" AND created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND",
		"si", addr_of(req), (int64_t)THROTTLE_WINDOW_S) != 0)
		return -1;
	row_left_s(row, retry_s, THROTTLE_FREE);
	json_object_put(row);
	return 0;
}

/* auth_too_many: see auth.h.  RFC 9110 section 10.2.3: Retry-After in
 * delay-seconds. */
int auth_too_many(struct vb_resp *resp, int64_t retry_s)
{
	char secs[24];

	if (retry_s < 1)
		retry_s = 1;
	snprintf(secs, sizeof(secs), "%lld", (long long)retry_s);
	vb_err(resp, 429, "too_many_attempts", NULL,
	       "Too many attempts. Try again in %lld seconds.", (long long)retry_s);
	return vb_header(resp, "Retry-After", secs) == 0 ? 0 : -1;
}
