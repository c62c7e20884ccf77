/*
 * lang.c - the choices the site routes accept: the 20 languages of account
 * e-mails that the installer guide lists, and the site list's sort keys.
 */
#include "sites.h"

/* In the guide's order: English, Traditional Chinese, Simplified Chinese,
 * Korean, Japanese, Turkish, Polish, Russian, Spanish, Bosnian, Danish,
 * Vietnamese, French, Portuguese, German, Italian, Ukrainian, Hebrew,
 * Persian, Azerbaijani.  BCP 47 tags (RFC 5646), as browsers send them. */
const char *const site_language_choices[] = {
	"en", "zh-Hant", "zh-Hans", "ko", "ja", "tr", "pl", "ru", "es", "bs",
	"da", "vi", "fr", "pt", "de", "it", "uk", "he", "fa", "az", NULL,
};

const char *const sites_sort_choices[] = {
	"created_at", "-created_at", "name", "-name", "email", "-email", "status", "-status",
	NULL,
};
