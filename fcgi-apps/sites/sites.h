/*
 * sites.h - vestibule-sites: an installer's single-family sites (the guide's
 * "users": the master app account of a house and its settings), their family
 * members, reset and delete (F9-F15), and the dashboard's counts (F8).
 *
 * Every handler follows vb_handler's contract (vb_http.h): it returns 0 after
 * filling resp, also for the 4xx answers it chooses, and -1 only on an
 * unexpected failure (the serve loop then answers 500 and rolls back).
 * The tenant is always req->who.tenant_id (the installer, also for its
 * sub-installers and for a distributor switched in), and every query on a
 * site, family member or identity carries "installer_id = <tenant>" in its
 * WHERE, so another installer's object is a 404, never a 403.
 * Contract: the /api/sites and /api/dashboard paths of htdocs/api/openapi.json.
 */
#ifndef SITES_H
#define SITES_H

#include "vestibule.h"

/* ------------------------------------------------------------ handlers */

/* list.c: GET /api/sites (search over five fields, status filter, sort, pages) */
int sites_list(struct vb_req *req, struct vb_resp *resp);
/* create.c: POST /api/sites (both steps of the create form in one request) */
int sites_create(struct vb_req *req, struct vb_resp *resp);
/* show.c: GET /api/sites/{id} */
int sites_get(struct vb_req *req, struct vb_resp *resp);
/* edit.c: PATCH /api/sites/{id} */
int sites_patch(struct vb_req *req, struct vb_resp *resp);
/* delete.c: DELETE /api/sites/{id} */
int sites_delete(struct vb_req *req, struct vb_resp *resp);
/* reset.c: POST /api/sites/{id}/reset (F13) */
int sites_reset(struct vb_req *req, struct vb_resp *resp);
/* reset_password.c: POST /api/sites/{id}/reset-password (F14) */
int sites_reset_password(struct vb_req *req, struct vb_resp *resp);
/* family.c: /api/sites/{id}/family[/{member}] (F10) */
int family_list(struct vb_req *req, struct vb_resp *resp);
int family_create(struct vb_req *req, struct vb_resp *resp);
int family_patch(struct vb_req *req, struct vb_resp *resp);
int family_delete(struct vb_req *req, struct vb_resp *resp);
/* dashboard.c: GET /api/dashboard (F8) */
int dashboard_get(struct vb_req *req, struct vb_resp *resp);

/* ----------------------------------------------------- choices (lang.c) */

/* The 20 languages of account e-mails (the guide's list), as BCP 47 tags:
 * en zh-Hant zh-Hans ko ja tr pl ru es bs da vi fr pt de it uk he fa az.
 * NULL-terminated; the route table uses it as the "language" choices. */
extern const char *const site_language_choices[];
/* The sort keys of the site list ("-key" = descending).  NULL-terminated. */
extern const char *const sites_sort_choices[];

/* ------------------------------------------------- shared (site.c) */

/*
 * site_find reads site id of the caller's tenant as the API's SITE object.
 * lock != 0 adds FOR UPDATE (the caller has a transaction open), which also
 * serialises family-member creation on the site row.  *out is NULL when there
 * is no such site in this tenant (still 0); otherwise it is owned by the
 * caller (json_object_put).  -1 on a database failure.
 */
int site_find(struct vb_req *req, int64_t id, int lock, json_object **out);

/*
 * site_open starts a change of the site named by the path segment param
 * ("id"): it opens a transaction and reads the site locked (site_find with
 * lock), so changes of one site, and of its family, apply one after the
 * other.  Returns 0 with the transaction open, *id set and *site owned by
 * the caller; 1 after answering 404 (no transaction open, *site NULL); -1 on
 * failure (*site NULL; the serve loop rolls back).
 */
int site_open(struct vb_req *req, struct vb_resp *resp, const char *param, int64_t *id,
	      json_object **site);

/* site_not_found answers the 404 for an id that is not one of the tenant's
 * sites (or not an id at all).  Returns 0. */
int site_not_found(struct vb_resp *resp);

/*
 * site_contact_check validates the country code / mobile pair of a request
 * (create or edit of a site or family member): country_code is a calling
 * code "+" and 1-4 digits not starting with 0, and a mobile number must begin
 * with the country code in force (the request's, else cur_cc, the stored
 * one; cur_cc may be NULL or "").  Returns 0 when valid; otherwise writes the
 * 400 invalid_field (field country_code or mobile) into resp and returns -1.
 */
int site_contact_check(struct vb_req *req, struct vb_resp *resp, const char *cur_cc);

/* ------------------------------------------ settings (site_settings.c) */

/*
 * site_settings_resolve applies the request's site fields (create_fields or
 * patch_fields of main.c) to cur, the SITE object of the site being edited,
 * or to the defaults of a new site when cur is NULL (the installer's time
 * zone, "en", "24h", "sip", everything off), and checks the rules create and
 * edit share, in the contract's order: the country code / mobile pair of the
 * resulting state (400), landline service needs the premium plan (422),
 * video storage (plan, days, device count, models, the one trial: 400/422),
 * smart home stays on (422).  E-mail ownership and linking are the caller's.
 * Returns 0 with *out a new state object (the SITE keys a request can set;
 * the caller owns it); 1 after answering the 4xx into resp (*out NULL); -1
 * on failure.  cur is borrowed and must outlive *out's use.
 */
int site_settings_resolve(struct vb_req *req, struct vb_resp *resp, json_object *cur,
			  json_object **out);

/*
 * site_settings_store writes state st (from site_settings_resolve) to site
 * id of the tenant: every settable column, the server-set dates (the video
 * trial's end when video storage first goes on, the smart home start) and,
 * when they differ from cur's (NULL = a new site), the video models.  Runs
 * in the caller's transaction.  Returns 0 or -1.
 */
int site_settings_store(struct vb_req *req, int64_t id, json_object *cur, json_object *st);

/* site_settings_changed returns a new array (caller owns) of the names of
 * the settable keys whose value differs between cur and st, in SITE order;
 * NULL when out of memory. */
json_object *site_settings_changed(json_object *cur, json_object *st);

/* ---------------------------------------------- identities (identity.c) */

/*
 * identity_create inserts a resident identity (the app login) of kind
 * "master" or "family" for the tenant, with a freshly generated password
 * whose scrypt hash is stored (must_change_password = 1).  email may be NULL
 * (no login by e-mail); country_code and mobile may be "".  On success *id is
 * the new row and pw receives the clear password, for the account e-mail only.
 * Returns 0; 1 when the e-mail address is already taken by any identity on
 * the platform (nothing written: the caller answers 409 email_in_use); -1 on
 * failure.  Must run inside the caller's transaction.
 */
int identity_create(struct vb_req *req, const char *kind, const char *email,
		    const char *country_code, const char *mobile, int64_t *id,
		    char pw[VB_GEN_PASSWORD_LEN + 1]);

/*
 * identity_set_contact changes the e-mail (NULL = remove), country code and
 * mobile of identity id of the tenant.  Returns 0; 1 when the e-mail address
 * is taken by another identity (nothing changed); -1 on failure.
 */
int identity_set_contact(struct vb_req *req, int64_t id, const char *email,
			 const char *country_code, const char *mobile);

/*
 * identity_new_password gives identity id of the tenant a fresh generated
 * password (written to pw, hash stored, must_change_password = 1) when pw is
 * not NULL, or removes its credentials when pw is NULL (reset: the resident
 * must be given new ones).  Returns 0, or -1 on failure (also when no such
 * identity).
 */
int identity_new_password(struct vb_req *req, int64_t id, char pw[VB_GEN_PASSWORD_LEN + 1]);

/*
 * identity_site_count stores in *n how many sites of the tenant use identity
 * id as their master (more than one = linked sites: e-mail, mobile and
 * country code are then locked).  Returns 0 or -1.
 */
int identity_site_count(struct vb_req *req, int64_t id, int64_t *n);

/*
 * identity_release detaches from a site or family member: deletes identity
 * id of the tenant when nothing uses it any more (no site and no family
 * member refers to it), else leaves it for the sites still linked.  Call it
 * after the referring row was changed or deleted.  Returns 0 or -1.
 */
int identity_release(struct vb_req *req, int64_t id);

/* ------------------------------------------- resident mail (resident_mail.c) */

/*
 * resident_mail_queue queues the account e-mail of a resident in the site's
 * language (site_language_choices; unknown falls back to English) through
 * vb_mail_queue, in the caller's transaction.  kind is one of
 *   "welcome"        a new master account: its login and first password,
 *                    SIP number and family SIP number
 *   "family_welcome" a new family member: the same facts for its account
 *   "password_reset" a new password for an existing account
 * site is the SITE object (borrowed); member is the FAMILY object for a
 * family member, else NULL; pw is the clear password to tell.  The mail goes
 * to the account's e-mail address; nothing is queued when it has none.  The
 * installer's name and customer-service contact are added so the resident
 * knows whom to ask.  Returns 0 or -1.
 */
int resident_mail_queue(struct vb_req *req, const char *kind, json_object *site,
			json_object *member, const char *pw);

#endif
