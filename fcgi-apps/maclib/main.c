/*
 * vestibule-maclib - the MAC library (F16): distributors register MAC
 * addresses and assign them to installers; installers list theirs and give
 * unused ones back.  Contract: the /api/maclib paths of the API document
 * (htdocs/api/openapi.json).
 */
#include "maclib.h"

/* Installers and their sub-installers (and a distributor switched in, whose
 * role is then the installer's) see the tenant's MACs. */
#define MAC_INSTALLER (VB_INSTALLER | VB_SUBINSTALLER)
#define MAC_ANY (VB_DISTRIBUTOR | MAC_INSTALLER)

/* The two states an installer filters by, and the two more of a distributor
 * (the handler refuses those to installers). */
static const char *const state_choices[] = {
	"unused", "in_use", "unassigned", "assigned", NULL,
};

static const struct vb_field list_fields[] = {
	{ "q", VB_STR, 0, 0, 64, NULL },
	{ "state", VB_ENUM, 0, 0, 0, state_choices },
	{ "installer_id", VB_INT, 0, 1, INT64_MAX, NULL },
	{ "page", VB_INT, 0, 1, 100000, NULL },
	{ "per_page", VB_INT, 0, 1, 200, NULL },
	{ "sort", VB_ENUM, 0, 0, 0, maclib_sort_choices },
	VB_FIELDS_END,
};

static const struct vb_field create_fields[] = {
	{ "mac", VB_MAC, VB_REQUIRED, 0, 0, NULL },
	{ "note", VB_STR, 0, 0, MACLIB_NOTE_MAX, NULL },
	{ "installer_id", VB_INT, VB_NULLABLE, 1, INT64_MAX, NULL },
	VB_FIELDS_END,
};

/* 10,000 rows of a MAC with separators (17), a note (64 characters, up to
 * 256 bytes) and a line end fit well within 2 MiB; the field bound is in
 * code points, the route's body bound in bytes. */
#define IMPORT_MAX_BODY (2 * 1024 * 1024)

static const struct vb_field import_fields[] = {
	{ "csv", VB_TEXT, VB_REQUIRED, 0, IMPORT_MAX_BODY, NULL },
	{ "installer_id", VB_INT, VB_NULLABLE, 1, INT64_MAX, NULL },
	VB_FIELDS_END,
};

static const struct vb_field patch_fields[] = {
	{ "installer_id", VB_INT, VB_NULLABLE, 1, INT64_MAX, NULL },
	{ "note", VB_STR, 0, 0, MACLIB_NOTE_MAX, NULL },
	VB_FIELDS_END,
};

static const struct vb_route routes[] = {
	{ "GET", "/api/maclib/macs", maclib_list, MAC_ANY, list_fields, 0,
	  "List and search the MAC library (F16)" },
	{ "POST", "/api/maclib/macs", maclib_create, VB_DISTRIBUTOR, create_fields, 0,
	  "Register one MAC address" },
	{ "POST", "/api/maclib/macs/import", maclib_import, VB_DISTRIBUTOR, import_fields,
	  IMPORT_MAX_BODY, "Register MAC addresses from a CSV upload (up to 10,000 rows)" },
	{ "PATCH", "/api/maclib/macs/{mac}", maclib_patch, VB_DISTRIBUTOR, patch_fields, 0,
	  "Assign a MAC to an installer, unassign it, or change its note" },
	{ "DELETE", "/api/maclib/macs/{mac}", maclib_delete, MAC_ANY, NULL, 0,
	  "Delete a MAC (distributor) or give it back to the distributor (installer)" },
};

int main(int argc, char **argv)
{
	return vb_serve(argc, argv, "maclib", routes, VB_NITEMS(routes));
}
