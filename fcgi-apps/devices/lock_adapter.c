/*
 * lock_adapter.c - which lock vendors this deployment offers (F20), and
 * the adapter of each (lock_adapter.h).
 */
#include <string.h>

#include "devices.h"
#include "lock_http.h"

/* The vendors the schema knows (lock_accounts.vendor, locks.vendor), in
 * the order the API lists them. */
const char *const lock_vendor_choices[] = { "dormakaba", "salto", NULL };

const struct lock_adapter *lock_adapter_find(const struct vb_conf *conf, const char *vendor,
					     const char **base)
{
	const struct lock_adapter *ad;
	const char *url;

	if (vendor == NULL)
		return NULL;
	if (strcmp(vendor, "salto") == 0) {
		ad = &lock_salto_adapter;
		url = conf->lock_salto_url;
	} else if (strcmp(vendor, "dormakaba") == 0) {
		/* Only some regions' clouds have it: the URL alone is not enough. */
		if (!conf->lock_dormakaba)
			return NULL;
		ad = &lock_dormakaba_adapter;
		url = conf->lock_dormakaba_url;
	} else {
		return NULL;
	}
	if (url[0] == '\0')
		return NULL;
	if (base != NULL)
		*base = url;
	return ad;
}
