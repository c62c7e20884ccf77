/*
 * lock_adapter.h - talking to a third-party lock vendor's cloud (F20).
 *
 * Each vendor is one adapter (lock_dormakaba.c, lock_salto.c) behind this
 * interface, so the handlers never see a vendor's protocol and a vendor can
 * be added without touching them.  Adapters speak HTTPS/JSON with libcurl to
 * the base URL of the config (lock_dormakaba_url, lock_salto_url); the tests
 * point it at a fake vendor server on loopback (tests/integration/fakelock.py).
 *
 * Return codes, for every operation:
 *    0  done
 *    1  the vendor refused the credentials or token (answer 422)
 *    2  the vendor does not know that lock (answer 404 / 422)
 *   -1  the vendor could not be reached or answered nonsense (answer 502);
 *       the reason is logged, never shown with internals.
 * Timeouts are short (5 s total) so a dead vendor cannot hold a worker.
 */
#ifndef LOCK_ADAPTER_H
#define LOCK_ADAPTER_H

#include <json-c/json.h>

struct vb_conf;

struct lock_adapter {
	const char *vendor;   /* "dormakaba", "salto" */
	const char *title;    /* "Dormakaba", "Salto" */

	/* login exchanges the installer's vendor credentials for a token, written
	 * to *token (malloc'd, caller frees). */
	int (*login)(const char *base, const char *user, const char *password, char **token);

	/* list_locks stores in *locks (caller owns) a new array of
	 * {"id": "...", "name": "..."} for every lock the account can operate. */
	int (*list_locks)(const char *base, const char *token, json_object **locks);

	/* unlock opens lock id (momentarily, as the vendor's "open" does). */
	int (*unlock)(const char *base, const char *token, const char *id);
};

/*
 * lock_adapter_find returns the adapter of vendor when this deployment
 * offers it (a base URL configured; Dormakaba also lock_dormakaba = true),
 * with *base pointing at the URL in conf; NULL otherwise (answer 404: the
 * vendor does not exist here).
 */
const struct lock_adapter *lock_adapter_find(const struct vb_conf *conf, const char *vendor,
					     const char **base);

#endif
