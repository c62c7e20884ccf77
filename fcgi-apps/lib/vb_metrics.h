/*
 * vb_metrics.h - request counters and latency buckets shared by all workers
 * of a program (anonymous shared memory mapped before fork, updated with
 * atomics), rendered in the Prometheus text format.
 */
#ifndef VB_METRICS_H
#define VB_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct vb_route;

/* vb_metrics_init maps the shared block; call once in the master. */
int vb_metrics_init(size_t nroutes);
/* vb_metrics_observe records one request on route index ri (nroutes for
 * "no route"), by status class, with its duration. */
void vb_metrics_observe(size_t ri, int status, int64_t micros);
/* vb_metrics_render returns a malloc'd text page (caller frees). */
char *vb_metrics_render(const char *area, const struct vb_route *routes, size_t nroutes);

#endif
