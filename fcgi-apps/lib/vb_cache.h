/*
 * vb_cache.h - each worker's cache of read answers.
 *
 * A route flagged VB_CACHED (vb_http.h) is a GET whose answer depends only
 * on the calling account, its tenant's data, the path and the query string.
 * The serve loop keeps that answer's bytes and sends them again while the
 * tenant's change counter (vb_epoch_tenant) holds the value it had before
 * the handler read the database, and for at most VB_CACHE_MS, which bounds
 * what a change made on another host can miss.  A write by any request of
 * the tenant, and any write by vestibule-admin or vestibule-worker, moves
 * the counter, so a client never reads back older data than it wrote.
 */
#ifndef VB_CACHE_H
#define VB_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define VB_CACHE_MS 2000
#define VB_CACHE_ENTRIES 512            /* answers kept per worker */
#define VB_CACHE_MAX_ANSWER (256 * 1024) /* larger answers are not kept */
#define VB_CACHE_MAX_BYTES (16 * 1024 * 1024)

/*
 * vb_cache_get looks up the answer for (account, tenant, path, query).  It
 * returns 0 and points *body at the kept bytes (borrowed: valid until the
 * next vb_cache_* call) when one was stored under epoch and is younger than
 * VB_CACHE_MS at now_ms; otherwise -1.  epoch 0 never matches.
 */
int vb_cache_get(int64_t account, int64_t tenant, const char *path, const char *query,
		 uint64_t epoch, int64_t now_ms, const char **body, size_t *len);

/*
 * vb_cache_put keeps a copy of body (len bytes) for the key, stored under
 * epoch at now_ms, replacing the key's older answer and, when full, the
 * least recently used ones.  Answers over VB_CACHE_MAX_ANSWER, and epoch 0,
 * are not kept.  Out of memory only means nothing is kept.
 */
void vb_cache_put(int64_t account, int64_t tenant, const char *path, const char *query,
		  uint64_t epoch, int64_t now_ms, const char *body, size_t len);

/* vb_cache_clear frees everything kept (tests; a worker's exit). */
void vb_cache_clear(void);

#endif
