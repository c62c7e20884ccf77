/*
 * cache.c - each worker's cache of read answers (see vb_cache.h).
 *
 * A worker serves one request at a time, so the table needs no lock.  It is
 * a fixed array searched by a 64-bit hash of the key and then compared in
 * full; at VB_CACHE_ENTRIES entries a linear scan costs well under a
 * microsecond, far below the database round trip it saves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vb_cache.h"

struct entry {
	uint64_t hash;
	char *key;          /* see key_make, owned */
	char *body;         /* owned */
	size_t len;
	uint64_t epoch;     /* 0 = free slot */
	int64_t stored_ms;
	uint64_t used;      /* tick of the last hit, for LRU */
};

static struct entry g_entries[VB_CACHE_ENTRIES];
static size_t g_bytes;
static uint64_t g_tick;

/* key_make writes the key text into buf (n bytes); -1 when it does not fit
 * (such a request is simply not cached).  The path's length comes first: a
 * decoded path may hold any character, so no separator could keep
 * ("/a?b", "") and ("/a", "b") apart. */
static int key_make(char *buf, size_t n, int64_t account, int64_t tenant, const char *path,
		    const char *query)
{
	int k = snprintf(buf, n, "%lld %lld %zu %s%s", (long long)account, (long long)tenant,
			 strlen(path), path, query != NULL ? query : "");

	return k < 0 || (size_t)k >= n ? -1 : 0;
}

/* fnv1a is the 64-bit FNV-1a hash of s. */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void entry_free(struct entry *e)
{
	g_bytes -= e->len;
	free(e->key);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

/* find returns the live entry for key, or NULL. */
static struct entry *find(const char *key, uint64_t h)
{
	size_t i;

	for (i = 0; i < VB_CACHE_ENTRIES; i++)
		if (g_entries[i].epoch != 0 && g_entries[i].hash == h &&
		    strcmp(g_entries[i].key, key) == 0)
			return &g_entries[i];
	return NULL;
}

int vb_cache_get(int64_t account, int64_t tenant, const char *path, const char *query,
		 uint64_t epoch, int64_t now_ms, const char **body, size_t *len)
{
	char key[1024];
	struct entry *e;

	if (epoch == 0 || key_make(key, sizeof(key), account, tenant, path, query) < 0)
		return -1;
	if ((e = find(key, fnv1a(key))) == NULL)
		return -1;
	if (e->epoch != epoch || now_ms - e->stored_ms >= VB_CACHE_MS || now_ms < e->stored_ms) {
		entry_free(e);  /* stale for good: the counters only grow */
		return -1;
	}
	e->used = ++g_tick;
	*body = e->body;
	*len = e->len;
	return 0;
}

/* victim picks the slot for a new entry: a free one, else the least
 * recently used. */
static struct entry *victim(void)
{
	struct entry *lru = &g_entries[0];
	size_t i;

	for (i = 0; i < VB_CACHE_ENTRIES; i++) {
		if (g_entries[i].epoch == 0)
			return &g_entries[i];
		if (g_entries[i].used < lru->used)
			lru = &g_entries[i];
	}
	return lru;
}

/* evict_lru frees least recently used entries until g_bytes + need fits. */
static void evict_lru(size_t need)
{
	while (g_bytes + need > VB_CACHE_MAX_BYTES) {
		struct entry *lru = NULL;
		size_t i;

		for (i = 0; i < VB_CACHE_ENTRIES; i++)
			if (g_entries[i].epoch != 0 && (lru == NULL || g_entries[i].used < lru->used))
				lru = &g_entries[i];
		if (lru == NULL)
			return;
		entry_free(lru);
	}
}

void vb_cache_put(int64_t account, int64_t tenant, const char *path, const char *query,
		  uint64_t epoch, int64_t now_ms, const char *body, size_t len)
{
	char key[1024];
	struct entry *e;
	uint64_t h;
	char *k = NULL, *b = NULL;

	if (epoch == 0 || len > VB_CACHE_MAX_ANSWER ||
	    key_make(key, sizeof(key), account, tenant, path, query) < 0)
		return;
	h = fnv1a(key);
	if ((e = find(key, h)) != NULL)
		entry_free(e);
	if ((k = strdup(key)) == NULL || (b = malloc(len + 1)) == NULL)
		goto fail;
	memcpy(b, body, len);
	b[len] = '\0';
	evict_lru(len);
	e = victim();
	if (e->epoch != 0)
		entry_free(e);
	e->hash = h;
	e->key = k;
	e->body = b;
	e->len = len;
	e->epoch = epoch;
	e->stored_ms = now_ms;
	e->used = ++g_tick;
	g_bytes += len;
	return;
fail:
	free(k);
	free(b);
}

void vb_cache_clear(void)
{
	size_t i;

	for (i = 0; i < VB_CACHE_ENTRIES; i++)
		if (g_entries[i].epoch != 0)
			entry_free(&g_entries[i]);
}
