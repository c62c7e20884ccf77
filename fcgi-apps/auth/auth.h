/*
 * auth.h - vestibule-auth: sign-in, the login steps (2FA, privacy policy,
 * e-mail confirmation), passwords, TOTP and the account's own settings.
 *
 * Handlers follow the vb_handler contract (vb_http.h): they run after the
 * framework checked session, role, CSRF and fields, fill resp and return 0
 * (also for a 4xx they chose), or -1 on an unexpected failure (500).
 */
#ifndef AUTH_H
#define AUTH_H

#include <stdint.h>
#include "vestibule.h"

/* login.c */
int auth_login(struct vb_req *req, struct vb_resp *resp);
int auth_logout(struct vb_req *req, struct vb_resp *resp);

/* me.c */
int auth_me(struct vb_req *req, struct vb_resp *resp);

/* twofa.c */
int auth_twofa_send(struct vb_req *req, struct vb_resp *resp);
int auth_twofa_verify(struct vb_req *req, struct vb_resp *resp);

/* privacy.c */
int auth_privacy_get(struct vb_req *req, struct vb_resp *resp);
int auth_privacy_post(struct vb_req *req, struct vb_resp *resp);
int auth_provider_get(struct vb_req *req, struct vb_resp *resp);
int auth_provider_put(struct vb_req *req, struct vb_resp *resp);

/* email.c */
int auth_email_post(struct vb_req *req, struct vb_resp *resp);
int auth_email_confirm(struct vb_req *req, struct vb_resp *resp);

/* password.c */
int auth_password_forgot(struct vb_req *req, struct vb_resp *resp);
int auth_password_reset(struct vb_req *req, struct vb_resp *resp);
int auth_password_change(struct vb_req *req, struct vb_resp *resp);

/* totp.c */
int auth_totp_get(struct vb_req *req, struct vb_resp *resp);
int auth_totp_enroll(struct vb_req *req, struct vb_resp *resp);
int auth_totp_activate(struct vb_req *req, struct vb_resp *resp);
int auth_totp_disable(struct vb_req *req, struct vb_resp *resp);

/* settings.c */
int auth_notification_get(struct vb_req *req, struct vb_resp *resp);
int auth_notification_put(struct vb_req *req, struct vb_resp *resp);
int auth_account_get(struct vb_req *req, struct vb_resp *resp);
int auth_account_put(struct vb_req *req, struct vb_resp *resp);

/*
 * stage.c - the order of the login steps lives only here.
 *
 * auth_stage_from writes into *out the first step, at or after `from`, that
 * account_id still has to pass: 2fa (twofa_enabled) -> privacy (newest policy
 * not accepted) -> email (none, or not confirmed) -> done.  Login asks from
 * VB_STAGE_2FA; each step asks from the step after itself.
 */
int auth_stage_from(struct vb_db *db, int64_t account_id, enum vb_stage from,
		    enum vb_stage *out);

/* auth_stage_advance moves the current session to the first pending step
 * after `done` (through auth_stage_from) and writes it into *next. */
int auth_stage_advance(struct vb_req *req, enum vb_stage done, enum vb_stage *next);

/* auth_stage_body returns a new {"stage": name} object (caller owns it). */
json_object *auth_stage_body(const char *stage_name);

/* auth_wrong_stage answers 409 wrong_stage for a request made at a step
 * where the route does not apply (e.g. /2fa/verify after 2FA passed). */
int auth_wrong_stage(struct vb_resp *resp);

/* auth_tenant_of names the installer (or distributor) that owns an account's
 * data: itself for installers and distributors, its parent otherwise. */
int64_t auth_tenant_of(const char *role, int64_t id, int64_t parent_id);

/* auth_check_own_password checks pw against the signed-in account's password
 * (one scrypt verification), under the sign-in throttle: a stolen session
 * must not brute-force the password.  *ok is 1 on a match; otherwise resp
 * holds the 429 or the 422 wrong_password naming field. */
int auth_check_own_password(struct vb_req *req, struct vb_resp *resp, const char *pw,
			    const char *field, int *ok);

/*
 * throttle.c - brute-force limits.  Each check writes into *retry_s the
 * seconds the caller must still wait (0 = go ahead).
 */
int auth_throttle_login(struct vb_req *req, int64_t account_id, const char *login,
			int64_t *retry_s);
int auth_throttle_record(struct vb_req *req, int64_t account_id, const char *login,
			 int success);
int auth_throttle_forgot(struct vb_req *req, int64_t *retry_s);
/* Second-factor codes (mailed or TOTP) are recorded under this login text
 * and counted only against second-factor successes, so a right password
 * does not buy fresh guesses (auth_throttle_2fa). */
#define AUTH_2FA_LOGIN "(2fa)"
#define AUTH_PASSWORD_CHECK_LOGIN "(password)"
int auth_throttle_2fa(struct vb_req *req, int64_t *retry_s);
/* auth_too_many answers 429 too_many_attempts with Retry-After. */
int auth_too_many(struct vb_resp *resp, int64_t retry_s);

/*
 * twofa.c helpers used by login.
 * auth_twofa_methods returns a new JSON array (caller owns it) of the second
 * factors account_id can use: "email" when it has an address, "totp" when an
 * active secret exists.  *email_out (may be NULL) gets a malloc'd copy of the
 * address or NULL (caller frees).
 */
int auth_twofa_methods(struct vb_db *db, int64_t account_id, json_object **out,
		       char **email_out);
/* auth_twofa_mail_code voids the session's earlier codes, stores a new one
 * (hashed) for req->who.session_id and queues it to email.  Call inside the
 * caller's transaction. */
int auth_twofa_mail_code(struct vb_req *req, int64_t account_id, const char *email);

/*
 * email.c helper shared with Settings > Notification.
 * auth_email_request starts confirming `email` for account_id: earlier
 * pending confirmations are voided, a new 24 h token is stored and the link
 * mailed.  It refuses (*refused = 1, resp holding the answer, nothing
 * written) with 409 email_in_use when another account holds the address,
 * and with 429 after AUTH_EMAIL_REQUESTS_PER_HOUR requests in an hour (each
 * one mails a stranger's address, and the 409 tells whether an address is
 * registered).  Call inside the caller's transaction.
 */
#define AUTH_EMAIL_REQUESTS_PER_HOUR 10
int auth_email_request(struct vb_req *req, struct vb_resp *resp, int64_t account_id,
		       const char *email, int *refused);

/* auth_mail_link writes "<public_origin><path>?token=<token>" into out. */
int auth_mail_link(const struct vb_req *req, const char *path, const char *token, char *out,
		   size_t outlen);

#endif
