/*
 * upstream.h - the pull of one source (camera, door phone) by
 * vestibule-relay: a GStreamer pipeline, rtspsrc over TCP with one appsink
 * per stream taking the RTP packets as they are (no depayloading), feeding
 * the source's packet ring (ring.h) on the relay's main loop thread.
 *
 * The pull survives its source: on an error, the end of the stream or 5 s
 * without a packet it is torn down and started again after a back-off of
 * 1, 2, 4, 8, 10, 10 ... s (back to 1 s once it had 10 s of good data),
 * and the ring is told (ring_upstream_restart) so viewers keep continuous
 * numbering.  Refused credentials stop the retries (state
 * UPSTREAM_UNAUTHORIZED): retrying a wrong password every few seconds
 * locks the account on many cameras.
 *
 * Threads: every function here must be called from the thread running the
 * GMainContext that was the thread-default one at upstream_new (the
 * relay's main loop); callbacks are called there too.  Packets reach the
 * ring only on that thread.  The caller calls gst_init() first.
 */
#ifndef UPSTREAM_H
#define UPSTREAM_H

#include <stdint.h>

#include "ring.h"

#define UPSTREAM_BACKOFF_MIN_MS 1000
#define UPSTREAM_BACKOFF_MAX_MS 10000
/* Playing this long resets the back-off to its minimum. */
#define UPSTREAM_GOOD_MS 10000
/* No packet for this long while playing: the pull is restarted. */
#define UPSTREAM_WATCHDOG_MS 5000
/* No packet this long after starting a pull: it is given up. */
#define UPSTREAM_CONNECT_TIMEOUT_MS 10000
/* Packets waiting for the main loop, beyond which they are dropped
 * (counted): a main loop this far behind would lose them anyway. */
#define UPSTREAM_QUEUE_MAX 2048

enum upstream_state {
	UPSTREAM_IDLE = 0,       /* not started, or stopped */
	UPSTREAM_CONNECTING,     /* a pull is starting: no packet yet */
	UPSTREAM_PLAYING,        /* packets arrive */
	UPSTREAM_BACKOFF,        /* the last pull failed; the next one is scheduled */
	UPSTREAM_UNAUTHORIZED,   /* the source refused the credentials: no retry */
};

struct upstream_stats {
	uint64_t reconnects;       /* pulls started after a failure */
	uint64_t packets_in;       /* RTP packets put into the ring */
	uint64_t bytes_in;
	uint64_t packets_dropped;  /* lost in the hand-over to the main loop */
	uint64_t packets_rejected; /* refused by the ring (malformed) */
	unsigned backoff_ms;       /* the wait before the next pull, after a failure */
};

/* Notifications on the main loop thread.  Any may be NULL.  They may call
 * upstream_stop or upstream_start, never upstream_free. */
struct upstream_cb {
	void (*on_state)(void *arg, enum upstream_state state);
	/* The source's SDP (RFC 4566) of each pull, as text: track N of the
	 * ring is the Nth m= section. */
	void (*on_sdp)(void *arg, const char *sdp);
	/* New packets were put into the ring: wake the viewers. */
	void (*on_packets)(void *arg);
};

struct upstream;

/*
 * upstream_new prepares the pull of location (an rtsp:// URL without
 * credentials) with user and password (both NULL when the source needs
 * none; sent by rtspsrc for Basic or Digest as the source asks) into ring,
 * which must outlive it.  cb (copied) and arg are passed to the callbacks.
 * Nothing is connected until upstream_start.  The strings are copied.
 * Returns the upstream, owned by the caller (upstream_free), or NULL when
 * GStreamer lacks rtspsrc or appsink (gstreamer1.0-plugins-good, -base).
 */
struct upstream *upstream_new(const char *location, const char *user, const char *password,
			      struct ring *ring, const struct upstream_cb *cb, void *arg);

/*
 * upstream_free stops u, waits for its pipelines to be torn down (at most
 * rtspsrc's teardown timeout) and frees it.  NULL is allowed.
 */
void upstream_free(struct upstream *u);

/*
 * upstream_start starts pulling (the first viewer came): from
 * UPSTREAM_IDLE or UPSTREAM_UNAUTHORIZED a pull starts at once with the
 * back-off reset; in any other state nothing changes.  Returns 0, or -1
 * when the pipeline could not be built (a retry is scheduled anyway).
 */
int upstream_start(struct upstream *u);

/*
 * upstream_stop ends the pull (the last viewer's linger is over): the
 * pipeline is torn down on a thread of its own so the main loop never
 * waits for the source, pending retries are cancelled, and the state is
 * UPSTREAM_IDLE.
 */
void upstream_stop(struct upstream *u);

/* upstream_get_state returns u's state. */
enum upstream_state upstream_get_state(const struct upstream *u);

/* upstream_state_name returns a static lower-case name of s ("playing"),
 * for logs and metrics. */
const char *upstream_state_name(enum upstream_state s);

/* upstream_sdp returns the SDP of the newest pull, or NULL before the
 * first; owned by u, valid until the next pull's SDP or upstream_free. */
const char *upstream_sdp(const struct upstream *u);

/* upstream_last_error returns why the last pull failed ("" if none yet);
 * owned by u, valid until the next failure or upstream_free.  It never
 * holds the password. */
const char *upstream_last_error(const struct upstream *u);

/* upstream_get_stats fills *out with u's counters. */
void upstream_get_stats(const struct upstream *u, struct upstream_stats *out);

#endif
