/*
 * vestibule-sites - an installer's single-family sites and their residents
 * (F9-F15) and the dashboard's counts (F8).  Contract: the /api/sites and
 * /api/dashboard paths of the API document (htdocs/api/openapi.json).
 */
#include "sites.h"

/* Who manages sites: the installer (or a distributor switched in, whose role
 * is then the installer's) and its sub-installers; the tenant is the
 * installer in every case. */
#define SITE_ROLES (VB_INSTALLER | VB_SUBINSTALLER)
/* Reads are kept per account until the tenant's data changes (vb_cache.h):
 * lists are read far more often than sites change. */
#define SITE_READ (SITE_ROLES | VB_CACHED)

static const char *const search_field_choices[] = {
	"all", "name", "email", "mobile", "family_sip", "sip", NULL,
};
static const char *const status_choices[] = { "inactivated", "normal", "expired", NULL };
static const char *const call_mode_choices[] = { "sip", "ip", NULL };
static const char *const time_format_choices[] = { "12h", "24h", NULL };
static const char *const video_plan_choices[] = { "trial", "subscription", NULL };

static const struct vb_field list_fields[] = {
	{ "q", VB_STR, 0, 0, 64, NULL },
	{ "field", VB_ENUM, 0, 0, 0, search_field_choices },
	{ "status", VB_ENUM, 0, 0, 0, status_choices },
	{ "page", VB_INT, 0, 1, 100000, NULL },
	{ "per_page", VB_INT, 0, 1, 200, NULL },
	{ "sort", VB_ENUM, 0, 0, 0, sites_sort_choices },
	VB_FIELDS_END,
};

/* The fields of create and edit are the same but for what is required and the
 * link to an existing resident; the handlers apply the rules that span fields
 * (mobile vs country code, landline service vs premium plan, video storage). */
#define SITE_FIELDS(req) \
	{ "name", VB_STR, req, 1, 64, NULL }, \
	{ "room_name", VB_STR, 0, 0, 64, NULL }, \
	{ "email", VB_EMAIL, req | VB_NULLABLE, 0, 0, NULL }, \
	{ "country_code", VB_STR, 0, 0, 5, NULL }, \
	{ "mobile", VB_PHONE, VB_NULLABLE, 0, 0, NULL }, \
	{ "address", VB_STR, 0, 0, 255, NULL }, \
	{ "call_mode", VB_ENUM, 0, 0, 0, call_mode_choices }, \
	{ "time_zone", VB_TZ, 0, 0, 0, NULL }, \
	{ "language", VB_ENUM, 0, 0, 0, site_language_choices }, \
	{ "time_format", VB_ENUM, 0, 0, 0, time_format_choices }, \
	{ "landline1", VB_PHONE, VB_NULLABLE, 0, 0, NULL }, \
	{ "landline2", VB_PHONE, VB_NULLABLE, 0, 0, NULL }, \
	{ "landline3", VB_PHONE, VB_NULLABLE, 0, 0, NULL }, \
	{ "premium_plan", VB_BOOL, 0, 0, 0, NULL }, \
	{ "landline_service", VB_BOOL, 0, 0, 0, NULL }, \
	{ "with_indoor_monitor", VB_BOOL, 0, 0, 0, NULL }, \
	{ "video_storage", VB_BOOL, 0, 0, 0, NULL }, \
	{ "video_plan", VB_ENUM, 0, 0, 0, video_plan_choices }, \
	{ "video_days", VB_INT, 0, 30, 90, NULL }, \
	{ "video_device_count", VB_INT, 0, 1, 50, NULL }, \
	{ "video_models", VB_STRLIST, 0, 0, 50, NULL }, \
	{ "video_audio", VB_BOOL, 0, 0, 0, NULL }, \
	{ "smart_home", VB_BOOL, 0, 0, 0, NULL }

static const struct vb_field create_fields[] = {
	SITE_FIELDS(VB_REQUIRED),
	{ "link_existing", VB_BOOL, 0, 0, 0, NULL },
	VB_FIELDS_END,
};

static const struct vb_field patch_fields[] = {
	SITE_FIELDS(0),
	VB_FIELDS_END,
};

static const struct vb_field family_create_fields[] = {
	{ "name", VB_STR, VB_REQUIRED, 1, 64, NULL },
	{ "email", VB_EMAIL, 0, 0, 0, NULL },
	{ "country_code", VB_STR, 0, 0, 5, NULL },
	{ "mobile", VB_PHONE, 0, 0, 0, NULL },
	VB_FIELDS_END,
};

static const struct vb_field family_patch_fields[] = {
	{ "name", VB_STR, 0, 1, 64, NULL },
	{ "email", VB_EMAIL, VB_NULLABLE, 0, 0, NULL },
	{ "country_code", VB_STR, 0, 0, 5, NULL },
	{ "mobile", VB_PHONE, VB_NULLABLE, 0, 0, NULL },
	VB_FIELDS_END,
};

static const struct vb_route routes[] = {
	{ "GET", "/api/dashboard", dashboard_get, SITE_READ, NULL, 0,
	  "Counts of sites, app accounts by status and devices (F8)" },
	{ "GET", "/api/sites", sites_list, SITE_READ, list_fields, 0,
	  "List and search the installer's single-family sites" },
	{ "POST", "/api/sites", sites_create, SITE_ROLES, create_fields, 64 * 1024,
	  "Create a single-family site and its master account" },
	{ "GET", "/api/sites/{id}", sites_get, SITE_READ, NULL, 0, "Show one site" },
	{ "PATCH", "/api/sites/{id}", sites_patch, SITE_ROLES, patch_fields, 64 * 1024,
	  "Change a site's account or settings" },
	{ "DELETE", "/api/sites/{id}", sites_delete, SITE_ROLES, NULL, 0,
	  "Delete a site, its family members and everything it holds" },
	{ "POST", "/api/sites/{id}/reset", sites_reset, SITE_ROLES, NULL, 0,
	  "Reset a site for new occupants (F13)" },
	{ "POST", "/api/sites/{id}/reset-password", sites_reset_password, SITE_ROLES, NULL, 0,
	  "Mail the master account a new password" },
	{ "GET", "/api/sites/{id}/family", family_list, SITE_READ, NULL, 0,
	  "List a site's family member accounts" },
	{ "POST", "/api/sites/{id}/family", family_create, SITE_ROLES, family_create_fields, 0,
	  "Add a family member account" },
	{ "PATCH", "/api/sites/{id}/family/{member}", family_patch, SITE_ROLES,
	  family_patch_fields, 0, "Change a family member account" },
	{ "DELETE", "/api/sites/{id}/family/{member}", family_delete, SITE_ROLES, NULL, 0,
	  "Delete a family member account" },
};

int main(int argc, char **argv)
{
	return vb_serve(argc, argv, "sites", routes, VB_NITEMS(routes));
}
