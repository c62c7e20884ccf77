/*
 * vb_epoch.h - a host-wide counter that says "sessions or accounts may have
 * changed".  Every program on the host maps the same small file
 * (<socket_dir>/vestibule.epoch); a program that changes state bumps the
 * counter, and a cached session (session.c) is used only while the counter
 * still holds the value it had when the session was read.  Across hosts the
 * cache's short lifetime (VB_SESSION_CACHE_MS) bounds how long a change can
 * go unseen.
 */
#ifndef VB_EPOCH_H
#define VB_EPOCH_H

#include <stdint.h>

struct vb_conf;

/* vb_epoch_open maps the counter file, creating it if needed.  Returns 0,
 * or -1 when it cannot (then vb_epoch_get answers 0 and caches stay off). */
int vb_epoch_open(const struct vb_conf *conf);

/* vb_epoch_get reads the counter; 0 means "no counter: do not cache". */
uint64_t vb_epoch_get(void);

/* vb_epoch_bump increments the counter (a no-op without one). */
void vb_epoch_bump(void);

#endif
