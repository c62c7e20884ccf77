/*
 * vestibule-distributor - the distributor's area: its installers (F6) and
 * switching into an installer's account while granted (F7).  Contract:
 * the /api/distributor/ paths of the API document (htdocs/api/openapi.json).
 */
#include "distributor.h"

static const struct vb_field list_fields[] = {
	{ "q", VB_STR, 0, 0, 100, NULL },
	{ "page", VB_INT, 0, 1, 100000, NULL },
	{ "per_page", VB_INT, 0, 1, 200, NULL },
	{ "sort", VB_ENUM, 0, 0, 0, installers_sort_choices },
	VB_FIELDS_END,
};

static const struct vb_field create_fields[] = {
	{ "email", VB_EMAIL, 0, 0, 0, NULL },
	{ "username", VB_USERNAME, 0, 0, 0, NULL },
	{ "name", VB_STR, 0, 0, 128, NULL },
	{ "password", VB_PASSWORD, 0, 8, 128, NULL },
	{ "twofa_enabled", VB_BOOL, 0, 0, 0, NULL },
	{ "payment_permission", VB_BOOL, 0, 0, 0, NULL },
	{ "account_access_enabled", VB_BOOL, 0, 0, 0, NULL },
	VB_FIELDS_END,
};

static const char *const status_choices[] = { "active", "disabled", NULL };

static const struct vb_field patch_fields[] = {
	{ "name", VB_STR, 0, 0, 128, NULL },
	{ "twofa_enabled", VB_BOOL, 0, 0, 0, NULL },
	{ "payment_permission", VB_BOOL, 0, 0, 0, NULL },
	{ "account_access_enabled", VB_BOOL, 0, 0, 0, NULL },
	{ "status", VB_ENUM, 0, 0, 0, status_choices },
	VB_FIELDS_END,
};

static const struct vb_route routes[] = {
	{ "GET", "/api/distributor/installers", installers_list, VB_DISTRIBUTOR, list_fields, 0,
	  "List the distributor's installers (search, sort, pages)" },
	{ "POST", "/api/distributor/installers", installers_create, VB_DISTRIBUTOR, create_fields,
	  0, "Create an installer account" },
	{ "GET", "/api/distributor/installers/{id}", installers_get, VB_DISTRIBUTOR, NULL, 0,
	  "Show one installer" },
	{ "PATCH", "/api/distributor/installers/{id}", installers_patch, VB_DISTRIBUTOR,
	  patch_fields, 0, "Change an installer's name, 2FA, permissions or status" },
	{ "POST", "/api/distributor/installers/{id}/switch", installers_switch, VB_DISTRIBUTOR,
	  NULL, 0, "Act inside a granting installer's account" },
	/* Any role: while switched, the session's role is the installer's. */
	{ "POST", "/api/distributor/switch-back", switch_back, VB_ANY_ACCOUNT, NULL, 0,
	  "Return from an installer's account to the distributor's own" },
};

int main(int argc, char **argv)
{
	return vb_serve(argc, argv, "distributor", routes, VB_NITEMS(routes));
}
