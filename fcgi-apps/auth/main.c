/*
 * main.c - vestibule-auth: the route table of the /api/auth/ area (see API.md).
 */
#include "auth.h"

#define SIGNED_IN VB_ANY_ACCOUNT
#define PENDING_OK (VB_ANY_ACCOUNT | VB_PENDING)
#define OWN_ONLY (VB_ANY_ACCOUNT | VB_NO_SWITCHED)
/* The login steps and the recovery e-mail belong to the person: a distributor
 * switched in must not agree for them or take their account over. */
#define OWN_PENDING_OK (VB_ANY_ACCOUNT | VB_PENDING | VB_NO_SWITCHED)

/* Passwords are 8..128 bytes (API.md); a password being checked (login,
 * current password) is accepted from 1 byte so an odd value is answered
 * like any wrong password, not as malformed input. */

static const char *const twofa_methods[] = { "email", "totp", NULL };

static const struct vb_field login_fields[] = {
	{ "login", VB_STR, VB_REQUIRED, 1, 254, NULL },
	{ "password", VB_PASSWORD, VB_REQUIRED, 1, 128, NULL },
	VB_FIELDS_END,
};
static const struct vb_field twofa_verify_fields[] = {
	{ "method", VB_ENUM, VB_REQUIRED, 0, 0, twofa_methods },
	{ "code", VB_CODE6, VB_REQUIRED, 0, 0, NULL },
	VB_FIELDS_END,
};
static const struct vb_field privacy_fields[] = {
	{ "version", VB_STR, VB_REQUIRED, 1, 32, NULL },
	{ "agree", VB_BOOL, VB_REQUIRED, 0, 0, NULL },
	VB_FIELDS_END,
};
/* E-mail and phone are plain strings here so "" can clear them; the handler
 * validates a non-empty value. */
static const struct vb_field provider_fields[] = {
	{ "company_name", VB_STR, VB_NULLABLE, 0, 128, NULL },
	{ "contact_name", VB_STR, VB_NULLABLE, 0, 128, NULL },
	{ "email", VB_STR, VB_NULLABLE, 0, 254, NULL },
	{ "phone", VB_STR, VB_NULLABLE, 0, 20, NULL },
	{ "address", VB_STR, VB_NULLABLE, 0, 255, NULL },
	{ "website", VB_STR, VB_NULLABLE, 0, 255, NULL },
	VB_FIELDS_END,
};
static const struct vb_field email_fields[] = {
	{ "email", VB_EMAIL, VB_REQUIRED, 0, 0, NULL },
	VB_FIELDS_END,
};
static const struct vb_field token_fields[] = {
	{ "token", VB_STR, VB_REQUIRED, 1, 128, NULL },
	VB_FIELDS_END,
};
static const struct vb_field reset_fields[] = {
	{ "token", VB_STR, VB_REQUIRED, 1, 128, NULL },
	{ "password", VB_PASSWORD, VB_REQUIRED, 8, 128, NULL },
	VB_FIELDS_END,
};
static const struct vb_field change_fields[] = {
	{ "current_password", VB_PASSWORD, VB_REQUIRED, 1, 128, NULL },
	{ "new_password", VB_PASSWORD, VB_REQUIRED, 8, 128, NULL },
	VB_FIELDS_END,
};
static const struct vb_field code_fields[] = {
	{ "code", VB_CODE6, VB_REQUIRED, 0, 0, NULL },
	VB_FIELDS_END,
};
static const struct vb_field password_fields[] = {
	{ "password", VB_PASSWORD, VB_REQUIRED, 1, 128, NULL },
	VB_FIELDS_END,
};
static const struct vb_field notification_fields[] = {
	{ "email", VB_EMAIL, 0, 0, 0, NULL },
	{ "notifications_enabled", VB_BOOL, 0, 0, 0, NULL },
	VB_FIELDS_END,
};
static const struct vb_field account_fields[] = {
	{ "access_granted", VB_BOOL, 0, 0, 0, NULL },
	{ "installer_app", VB_BOOL, 0, 0, 0, NULL },
	VB_FIELDS_END,
};

static const struct vb_route routes[] = {
	{ "POST", "/api/auth/login", auth_login, VB_PUBLIC, login_fields, 0,
	  "Sign in with e-mail or username" },
	{ "POST", "/api/auth/logout", auth_logout, PENDING_OK, NULL, 0, "Sign out" },
	{ "GET", "/api/auth/me", auth_me, PENDING_OK, NULL, 0,
	  "The signed-in account and its login stage" },
	{ "POST", "/api/auth/2fa/send", auth_twofa_send, PENDING_OK, NULL, 0,
	  "Mail a new sign-in code" },
	{ "POST", "/api/auth/2fa/verify", auth_twofa_verify, PENDING_OK, twofa_verify_fields, 0,
	  "Check a mailed or authenticator code" },
	{ "GET", "/api/auth/privacy", auth_privacy_get, VB_PUBLIC, NULL, 0,
	  "The current privacy policy" },
	{ "POST", "/api/auth/privacy", auth_privacy_post, OWN_PENDING_OK, privacy_fields, 0,
	  "Agree or disagree to the privacy policy" },
	{ "GET", "/api/auth/service-provider", auth_provider_get, PENDING_OK, NULL, 0,
	  "Service Provider Information" },
	{ "PUT", "/api/auth/service-provider", auth_provider_put, PENDING_OK, provider_fields, 0,
	  "Save Service Provider Information" },
	{ "POST", "/api/auth/email", auth_email_post, OWN_PENDING_OK, email_fields, 0,
	  "Mail a confirmation link to an e-mail address" },
	{ "POST", "/api/auth/email/confirm", auth_email_confirm, VB_PUBLIC, token_fields, 0,
	  "Confirm an e-mail address from its link" },
	{ "POST", "/api/auth/password/forgot", auth_password_forgot, VB_PUBLIC, email_fields, 0,
	  "Mail a password reset link" },
	{ "POST", "/api/auth/password/reset", auth_password_reset, VB_PUBLIC, reset_fields, 0,
	  "Set a new password from a reset link" },
	{ "POST", "/api/auth/password/change", auth_password_change, OWN_ONLY, change_fields, 0,
	  "Change the password" },
	{ "GET", "/api/auth/totp", auth_totp_get, OWN_ONLY, NULL, 0,
	  "Whether an authenticator app is set up" },
	{ "POST", "/api/auth/totp/enroll", auth_totp_enroll, OWN_ONLY, NULL, 0,
	  "Start setting up an authenticator app" },
	{ "POST", "/api/auth/totp/activate", auth_totp_activate, OWN_ONLY, code_fields, 0,
	  "Finish setting up an authenticator app" },
	{ "POST", "/api/auth/totp/disable", auth_totp_disable, OWN_ONLY, password_fields, 0,
	  "Remove the authenticator app" },
	{ "GET", "/api/auth/settings/notification", auth_notification_get, SIGNED_IN, NULL, 0,
	  "Notification settings" },
	{ "PUT", "/api/auth/settings/notification", auth_notification_put, OWN_ONLY,
	  notification_fields, 0, "Change e-mail address or notifications" },
	{ "GET", "/api/auth/settings/account", auth_account_get, VB_INSTALLER, NULL, 0,
	  "Account access and Installer App settings" },
	{ "PUT", "/api/auth/settings/account", auth_account_put, VB_INSTALLER | VB_NO_SWITCHED,
	  account_fields, 0, "Grant account access, Installer App on/off" },
};

/* main serves the auth area (vb_serve parses --config/--listen/--workers). */
int main(int argc, char **argv)
{
	return vb_serve(argc, argv, "auth", routes, VB_NITEMS(routes));
}
