/*
 * vb_internal.h - pieces of libvestibule shared between its own files and
 * not meant for area programs.
 */
#ifndef VB_INTERNAL_H
#define VB_INTERNAL_H

#include "vb_http.h"

int vb_resp_send(struct vb_req *req, struct vb_resp *resp);
void vb_resp_reset(struct vb_resp *resp);

/* What a worker needs; filled by the master before fork. */
struct vb_worker_ctx {
	const struct vb_conf *conf;
	const char *area;
	const struct vb_route *routes;
	size_t nroutes;
	int listen_fd;
	struct vb_db *db;  /* the worker's connection, opened lazily */
};

/* vb_worker_main serves requests until SIGTERM; returns the exit status. */
int vb_worker_main(struct vb_worker_ctx *ctx);

/* vb_worker_stopping tells whether SIGTERM has arrived (set by serve.c). */
int vb_worker_stopping(void);

#endif
