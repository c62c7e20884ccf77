/*
 * metrics.c - request counters and latency histograms shared by the workers
 * of one program, in an anonymous MAP_SHARED block mapped by the master
 * before fork (so every worker sees the same counters), updated with
 * relaxed atomics and rendered in the Prometheus text exposition format.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vestibule.h"

/* Upper bounds of the latency buckets, in microseconds. */
static const int64_t bucket_us[] = { 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
				     500000, 1000000, 2500000 };
#define NBUCKETS (VB_NITEMS(bucket_us) + 1) /* + "+Inf" */
#define NCLASSES 5                          /* 1xx..5xx */

struct route_stats {
	uint64_t by_class[NCLASSES];
	uint64_t buckets[NBUCKETS];
	uint64_t sum_us;
};

static struct route_stats *g_stats; /* nroutes + 1 entries ("no route") */
static size_t g_nroutes;

int vb_metrics_init(size_t nroutes)
{
	size_t len = (nroutes + 1) * sizeof(struct route_stats);
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		vb_error("metrics: mmap failed");
		return -1;
	}
	g_stats = p;
	g_nroutes = nroutes;
	return 0;
}

void vb_metrics_observe(size_t ri, int status, int64_t micros)
{
	struct route_stats *s;
	size_t b = 0;
	int cls = status / 100 - 1;

	if (g_stats == NULL)
		return;
	if (ri > g_nroutes)
		ri = g_nroutes;
	s = &g_stats[ri];
	if (cls < 0 || cls >= NCLASSES)
		cls = NCLASSES - 1;
	while (b < VB_NITEMS(bucket_us) && micros > bucket_us[b])
		b++;
	__atomic_fetch_add(&s->by_class[cls], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->buckets[b], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->sum_us, (uint64_t)(micros > 0 ? micros : 0), __ATOMIC_RELAXED);
}

/* A growable text buffer for rendering; on allocation failure it stops. */
struct buf {
	char *p;
	size_t len, cap;
	int failed;
};

static void bprintf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		if (b->failed)
			return;
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		char *np = realloc(b->p, b->cap * 2);
		if (np == NULL) {
			b->failed = 1;
			return;
		}
		b->p = np;
		b->cap *= 2;
	}
}

static uint64_t load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

char *vb_metrics_render(const char *area, const struct vb_route *routes, size_t nroutes)
{
	struct buf b = { malloc(8192), 0, 8192, 0 };
	size_t r, c, k;

	if (b.p == NULL || g_stats == NULL) {
		free(b.p);
		return NULL;
	}
	b.p[0] = '\0';
	bprintf(&b, "# HELP vestibule_requests_total Requests answered, by route and status class.\n"
		    "# TYPE vestibule_requests_total counter\n");
	for (r = 0; r <= nroutes; r++) {
		for (c = 0; c < NCLASSES; c++) {
			uint64_t v = load(&g_stats[r].by_class[c]);
			if (v == 0)
				continue;
			bprintf(&b, "vestibule_requests_total{area=\"%s\",route=\"%s %s\",code=\"%zuxx\"} %llu\n",
				area, r < nroutes ? routes[r].method : "ANY",
				r < nroutes ? routes[r].pattern : "unmatched", c + 1,
				(unsigned long long)v);
		}
	}
	bprintf(&b, "# HELP vestibule_request_duration_seconds Time from request to answer.\n"
		    "# TYPE vestibule_request_duration_seconds histogram\n");
	for (r = 0; r <= nroutes; r++) {
		uint64_t cum = 0, sum = load(&g_stats[r].sum_us);
		char label[256];

		for (k = 0; k < NBUCKETS; k++)
			cum += load(&g_stats[r].buckets[k]);
		if (cum == 0)
			continue;
		snprintf(label, sizeof(label), "area=\"%s\",route=\"%s %s\"", area,
			 r < nroutes ? routes[r].method : "ANY", r < nroutes ? routes[r].pattern : "unmatched");
		cum = 0;
		for (k = 0; k < NBUCKETS; k++) {
			cum += load(&g_stats[r].buckets[k]);
			if (k < VB_NITEMS(bucket_us))
				bprintf(&b, "vestibule_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n",
					label, (double)bucket_us[k] / 1e6, (unsigned long long)cum);
			else
				bprintf(&b, "vestibule_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n",
					label, (unsigned long long)cum);
		}
		bprintf(&b, "vestibule_request_duration_seconds_sum{%s} %.6f\n", label, (double)sum / 1e6);
		bprintf(&b, "vestibule_request_duration_seconds_count{%s} %llu\n", label,
			(unsigned long long)cum);
	}
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
