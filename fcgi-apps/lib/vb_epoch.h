/*
 * vb_epoch.h - host-wide counters that say "something may have changed".
 * Every program on the host maps the same small file
 * (<socket_dir>/vestibule.epoch) of 64-bit counters:
 *   - the session counter: bumped after any request that wrote; a cached
 *     session (session.c) is used only while it still holds the value it
 *     had when the session was read;
 *   - one counter per tenant bucket (tenant id modulo the bucket count),
 *     bumped after a request of that tenant wrote, which guards the cached
 *     answers of that tenant (cache.c) without other tenants' writes
 *     emptying them;
 *   - the flush counter, part of every tenant's value, bumped by writers
 *     outside a request (vestibule-admin, vestibule-worker) and by
 *     `vestibule-admin flush-caches`.
 * Across hosts the caches' short lifetimes bound how long a change can go
 * unseen.
 */
#ifndef VB_EPOCH_H
#define VB_EPOCH_H

#include <stdint.h>

struct vb_conf;

/* vb_epoch_open maps the counter file, creating it if needed.  Returns 0,
 * or -1 when it cannot (then vb_epoch_get answers 0 and caches stay off). */
int vb_epoch_open(const struct vb_conf *conf);

/* vb_epoch_get reads the session counter; 0 means "no counter: do not cache". */
uint64_t vb_epoch_get(void);

/* vb_epoch_bump increments the session counter and the flush counter, so
 * every cache on the host starts over (a no-op without the file).  For
 * programs that change data outside a request. */
void vb_epoch_bump(void);

/* vb_epoch_tenant reads the value guarding tenant's cached answers (the
 * flush counter plus the tenant's bucket); 0 means "do not cache". */
uint64_t vb_epoch_tenant(int64_t tenant);

/* vb_epoch_bump_tenant records that a request of tenant (0: none, e.g. a
 * sign-in) wrote: the session counter and the tenant's bucket move. */
void vb_epoch_bump_tenant(int64_t tenant);

#endif
