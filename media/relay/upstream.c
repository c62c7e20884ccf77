/*
 * upstream.c - the pull of one source (see upstream.h).
 *
 * Pipeline: rtspsrc, its "recv_rtp_src_<stream>_<ssrc>_<pt>" pads each
 * linked to an appsink whose samples are RTP packets with their headers.
 * rtspsrc settings, checked against the 1.22 sources:
 *   protocols=tcp   it tries UDP first otherwise; cameras behind NAT or
 *                   firewalls then lose the first seconds or everything.
 *   latency=0       rtpjitterbuffer then pushes every in-order packet as
 *                   it arrives (over TCP all are in order) and only its
 *                   very first packet waits for a deadline of "now + 0";
 *                   the 2000 ms default would only matter for reordering.
 *                   drop-on-latency does nothing at latency 0 (the
 *                   jitterbuffer checks "latency_ms && drop_on_latency"),
 *                   so it is left alone.
 *   buffer-mode=none  no clock-skew estimation or buffering watermarks:
 *                   the relay uses the RTP timestamps as they are.
 *   do-rtcp=false   measured against tests/devsim (SEI send times, 3 runs
 *                   of 15 s each way): with RTCP, 1 to 6 frames in 375
 *                   reached the appsink 20-25 ms late (p99 up to 22 ms);
 *                   without, none over 10 ms (p99 3-5 ms).  The session
 *                   stays alive through rtspsrc's keep-alive requests
 *                   (GET_PARAMETER/OPTIONS before the session timeout),
 *                   which RFC 2326 section 12.37 accepts as liveness; the
 *                   source's sender reports are not needed since the relay
 *                   times its own.
 * appsink: sync=false (never wait for the clock), no last-sample (it would
 * pin a buffer), a small bounded queue that drops.
 *
 * Threads: rtspsrc's task and the jitterbuffers' threads call the signal
 * handlers and appsink callbacks below.  They only append to the hand-off
 * queue (a mutex-protected array) and, when it was empty, ask the main
 * context to drain it (one wakeup per batch); the ring, the state and the
 * callbacks live on the main thread alone.  Every pull has a generation
 * number: what an old pull still hands over after its teardown began is
 * dropped, so a restart never mixes two streams.  Pipelines are set to
 * NULL on a thread of their own: rtspsrc's teardown can wait on the
 * source for its teardown timeout, and the main loop serves every viewer.
 */
#include "upstream.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/rtsp/gstrtsptransport.h>
#include <gst/sdp/gstsdpmessage.h>

#define G_LOG_DOMAIN_UPSTREAM "relay-upstream"

/* rtspsrc's "buffer-mode" value "none" (an enum private to the plugin). */
#define RTSPSRC_BUFFER_MODE_NONE 0
/* Watchdog and connect-timeout checks run this often. */
#define TICK_MS 250

enum item_kind { ITEM_PACKET, ITEM_SDP };

/* One hand-over from a GStreamer thread to the main loop. */
struct item {
	enum item_kind kind;
	int gen;
	uint8_t track;
	uint8_t codec;           /* enum ring_codec */
	uint32_t clock_rate;
	GstBuffer *buf;          /* ITEM_PACKET: a reference, owned by the item */
	char *sdp;               /* ITEM_SDP: g_malloc'd, owned by the item */
};

/* Shared by the main loop and GStreamer's threads; reference counted
 * since pipelines being torn down and pending wakeups outlive a stop. */
struct handoff {
	gint refs;
	GMutex lock;
	GCond done;              /* signalled when a teardown ends */
	GMainContext *ctx;
	/* Under lock: */
	int gen;                 /* the pull whose hand-overs are accepted */
	struct item *items;
	unsigned n;
	bool wake_pending;
	unsigned teardowns;      /* pipelines still being set to NULL */
	uint64_t dropped;
	/* Main thread only: */
	struct upstream *owner;  /* NULL once upstream_free ran */
};

/* What a streaming-thread callback knows: given to signal handlers and
 * appsinks, freed with them. */
struct pullctx {
	struct handoff *h;
	int gen;
	unsigned track;          /* appsinks: the SDP media index */
	int codec;               /* appsinks: from the caps, -1 until known */
	uint32_t clock_rate;
};

struct upstream {
	char *location, *user, *password;
	struct ring *ring;
	struct upstream_cb cb;
	void *arg;
	struct handoff *h;
	struct item *spare;      /* swapped with h->items when draining */

	enum upstream_state state;
	int gen;
	GstElement *pipeline;
	GSource *bus_watch;
	GSource *tick;           /* watchdog while connecting or playing */
	GSource *retry;          /* the back-off timer */
	int64_t attempt_us;      /* when the current pull started */
	int64_t playing_us;      /* when its first packet came, 0 before */
	int64_t last_packet_us;
	bool track_seen[RING_TRACKS_MAX];  /* declared to the ring by this pull */
	unsigned backoff_ms;     /* the next back-off */
	unsigned last_backoff_ms;
	char *sdp;
	char *error;
	uint64_t reconnects, packets_in, bytes_in, rejected;
};

static void upstream_fail(struct upstream *u, const char *why, bool unauthorized);

/* ------------------------------------------------------------- hand-off */

/* Takes a reference to h; returns h. */
static struct handoff *handoff_ref(struct handoff *h)
{
	g_atomic_int_inc(&h->refs);
	return h;
}

/* Releases what an item owns (its buffer or SDP text). */
static void item_clear(struct item *it)
{
	if (it->buf != NULL)
		gst_buffer_unref(it->buf);
	g_free(it->sdp);
	it->buf = NULL;
	it->sdp = NULL;
}

/* Drops a reference to h (a void * for GDestroyNotify); the last one frees
 * it with any items still queued. */
static void handoff_unref(void *p)
{
	struct handoff *h = p;
	unsigned i;

	if (!g_atomic_int_dec_and_test(&h->refs))
		return;
	for (i = 0; i < h->n; i++)
		item_clear(&h->items[i]);
	g_free(h->items);
	g_mutex_clear(&h->lock);
	g_cond_clear(&h->done);
	g_main_context_unref(h->ctx);
	g_free(h);
}

static gboolean drain(void *p);

/* handoff_put appends *it (taking what it owns) for the main loop, or
 * drops it when it belongs to a finished pull or the queue is full.
 * Called on GStreamer's threads. */
static void handoff_put(struct handoff *h, struct item *it)
{
	bool wake = false;

	g_mutex_lock(&h->lock);
	if (it->gen != h->gen) {
		item_clear(it);
	} else if (h->n == UPSTREAM_QUEUE_MAX) {
		h->dropped++;
		item_clear(it);
	} else {
		h->items[h->n++] = *it;
		if (!h->wake_pending)
			wake = h->wake_pending = true;
	}
	g_mutex_unlock(&h->lock);
	if (wake) {
		/* An idle source, not g_main_context_invoke: that one runs the
		 * function right here when this thread can acquire the context
		 * (the main loop between iterations), and the ring is not
		 * thread-safe. */
		GSource *s = g_idle_source_new();

		g_source_set_priority(s, G_PRIORITY_DEFAULT);
		g_source_set_callback(s, drain, handoff_ref(h), handoff_unref);
		g_source_attach(s, h->ctx);
		g_source_unref(s);
	}
}

/* Frees a signal handler's pullctx (a GClosureNotify). */
static void pullctx_free(void *p, GClosure *unused)
{
	struct pullctx *pc = p;

	(void)unused;
	handoff_unref(pc->h);
	g_free(pc);
}

/* Frees an appsink's pullctx (a GDestroyNotify). */
static void sinkctx_free(void *p)
{
	pullctx_free(p, NULL);
}

/* Returns a new pullctx for pull gen, holding a reference to h; owned by
 * the signal or appsink it is given to. */
static struct pullctx *pullctx_new(struct handoff *h, int gen, unsigned track)
{
	struct pullctx *pc = g_new0(struct pullctx, 1);

	pc->h = handoff_ref(h);
	pc->gen = gen;
	pc->track = track;
	pc->codec = -1;
	return pc;
}

/* ------------------------------------------------- streaming threads */

/* Reads codec and clock rate from RTP caps (application/x-rtp,
 * encoding-name=H264, clock-rate=90000, ...). */
static void caps_info(GstCaps *caps, struct pullctx *pc)
{
	const GstStructure *s;
	const char *enc;
	int rate = 0;

	pc->codec = RING_CODEC_OTHER;
	pc->clock_rate = 90000;
	if (caps == NULL || gst_caps_get_size(caps) == 0)
		return;
	s = gst_caps_get_structure(caps, 0);
	enc = gst_structure_get_string(s, "encoding-name");
	if (enc != NULL && g_ascii_strcasecmp(enc, "H264") == 0)
		pc->codec = RING_CODEC_H264;
	else if (enc != NULL && g_ascii_strcasecmp(enc, "H265") == 0)
		pc->codec = RING_CODEC_H265;
	if (gst_structure_get_int(s, "clock-rate", &rate) && rate > 0)
		pc->clock_rate = (uint32_t)rate;
}

/* appsink callback (streaming thread): hands the packet to the main loop
 * with its track's codec and clock rate. */
static GstFlowReturn on_sample(GstAppSink *sink, void *p)
{
	struct pullctx *pc = p;
	GstSample *sample = gst_app_sink_pull_sample(sink);
	struct item it = { 0 };

	if (sample == NULL)
		return GST_FLOW_FLUSHING;
	if (pc->codec < 0)
		caps_info(gst_sample_get_caps(sample), pc);
	it.kind = ITEM_PACKET;
	it.gen = pc->gen;
	it.track = (uint8_t)pc->track;
	it.codec = (uint8_t)pc->codec;
	it.clock_rate = pc->clock_rate;
	it.buf = gst_buffer_ref(gst_sample_get_buffer(sample));
	gst_sample_unref(sample);
	handoff_put(pc->h, &it);
	return GST_FLOW_OK;
}

/* rtspsrc "on-sdp" (its task thread): hands the SDP text over. */
static void on_sdp(GstElement *src, GstSDPMessage *sdp, void *p)
{
	struct pullctx *pc = p;
	struct item it = { 0 };

	(void)src;
	it.kind = ITEM_SDP;
	it.gen = pc->gen;
	it.sdp = gst_sdp_message_as_text(sdp);
	if (it.sdp != NULL)
		handoff_put(pc->h, &it);
}

/* rtspsrc asks which SDP streams to SETUP: audio and video within the
 * ring's tracks (ONVIF metadata and back channels are left out). */
static gboolean on_select_stream(GstElement *src, guint num, GstCaps *caps, void *p)
{
	const GstStructure *s;
	const char *media;

	(void)src;
	(void)p;
	if (num >= RING_TRACKS_MAX)
		return FALSE;
	if (caps == NULL || gst_caps_get_size(caps) == 0)
		return TRUE;
	s = gst_caps_get_structure(caps, 0);
	media = gst_structure_get_string(s, "media");
	return media == NULL || strcmp(media, "video") == 0 || strcmp(media, "audio") == 0;
}

/* A stream's pad appeared: give it an appsink (a fakesink for what the
 * ring cannot take, since an unlinked pad would stop the pipeline). */
static void on_pad_added(GstElement *src, GstPad *pad, void *p)
{
	struct pullctx *pc = p;
	GstObject *parent = gst_element_get_parent(src);
	GstElement *sink = NULL;
	GstPad *sinkpad = NULL;
	char *name = gst_pad_get_name(pad);
	unsigned long track = RING_TRACKS_MAX;
	char *end = NULL;

	if (parent == NULL || name == NULL || !g_str_has_prefix(name, "recv_rtp_src_"))
		goto out;
	track = strtoul(name + strlen("recv_rtp_src_"), &end, 10);
	if (end == NULL || *end != '_')
		track = RING_TRACKS_MAX;
	if (track < RING_TRACKS_MAX) {
		GstAppSinkCallbacks cbs = { 0 };

		sink = gst_element_factory_make("appsink", NULL);
		if (sink == NULL)
			goto out;
		g_object_set(sink, "sync", FALSE, "async", FALSE, "enable-last-sample", FALSE,
			     "max-buffers", 256, "drop", TRUE, "emit-signals", FALSE, NULL);
		cbs.new_sample = on_sample;
		gst_app_sink_set_callbacks(GST_APP_SINK(sink), &cbs,
					   pullctx_new(pc->h, pc->gen, (unsigned)track), sinkctx_free);
	} else {
		sink = gst_element_factory_make("fakesink", NULL);
		if (sink == NULL)
			goto out;
		g_object_set(sink, "sync", FALSE, "async", FALSE, NULL);
	}
	if (!gst_bin_add(GST_BIN(parent), sink)) {
		gst_object_unref(sink);
		goto out;
	}
	gst_element_sync_state_with_parent(sink);
	sinkpad = gst_element_get_static_pad(sink, "sink");
	if (gst_pad_link(pad, sinkpad) != GST_PAD_LINK_OK)
		GST_ELEMENT_WARNING(src, STREAM, FAILED, ("relay: cannot take stream %s", name),
				    (NULL));
out:
	if (sinkpad != NULL)
		gst_object_unref(sinkpad);
	if (parent != NULL)
		gst_object_unref(parent);
	g_free(name);
}

/* --------------------------------------------------------- main thread */

/* Changes the state, logs it and tells the caller. */
static void set_state(struct upstream *u, enum upstream_state s)
{
	if (u->state == s)
		return;
	u->state = s;
	if (s == UPSTREAM_BACKOFF || s == UPSTREAM_UNAUTHORIZED)
		g_log(G_LOG_DOMAIN_UPSTREAM, G_LOG_LEVEL_INFO, "%s: %s: %s", u->location,
		      upstream_state_name(s), u->error);
	else
		g_log(G_LOG_DOMAIN_UPSTREAM, G_LOG_LEVEL_INFO, "%s: %s", u->location,
		      upstream_state_name(s));
	if (u->cb.on_state != NULL)
		u->cb.on_state(u->arg, s);
}

/* Puts one handed-over packet into the ring (main thread). */
static void put_packet(struct upstream *u, struct item *it, int64_t now)
{
	GstMapInfo map;

	if (it->track >= RING_TRACKS_MAX)
		return;
	if (!u->track_seen[it->track]) {
		/* Every pull declares its tracks again (the codec could have
		 * changed with a camera's settings); the ring keeps the first
		 * SSRC, chosen here at random as RFC 3550 8.1 asks. */
		if (ring_track_set(u->ring, it->track, it->codec, it->clock_rate, g_random_int()) < 0)
			return;
		u->track_seen[it->track] = true;
	}
	if (!gst_buffer_map(it->buf, &map, GST_MAP_READ))
		return;
	if (ring_push(u->ring, it->track, map.data, map.size, now) == 0) {
		u->packets_in++;
		u->bytes_in += map.size;
	} else {
		u->rejected++;
	}
	gst_buffer_unmap(it->buf, &map);
}

/* drain takes what GStreamer's threads handed over into the ring; it runs
 * on the main context, once per batch. */
static gboolean drain(void *p)
{
	struct handoff *h = p;
	struct upstream *u = h->owner;
	struct item *batch;
	unsigned n, i;
	bool packets = false;
	int64_t now = g_get_monotonic_time();

	if (u == NULL)
		return G_SOURCE_REMOVE;
	g_mutex_lock(&h->lock);
	batch = h->items;
	n = h->n;
	h->items = u->spare;
	h->n = 0;
	h->wake_pending = false;
	g_mutex_unlock(&h->lock);
	u->spare = batch;

	for (i = 0; i < n; i++) {
		struct item *it = &batch[i];

		/* A callback may have stopped or restarted the pull. */
		if (it->gen != u->gen) {
			item_clear(it);
			continue;
		}
		if (it->kind == ITEM_SDP) {
			g_free(u->sdp);
			u->sdp = it->sdp;
			it->sdp = NULL;
			if (u->cb.on_sdp != NULL)
				u->cb.on_sdp(u->arg, u->sdp);
		} else {
			put_packet(u, it, now);
			packets = true;
			u->last_packet_us = now;
			if (u->state == UPSTREAM_CONNECTING) {
				u->playing_us = now;
				set_state(u, UPSTREAM_PLAYING);
			}
		}
		item_clear(it);
	}
	if (packets && u->cb.on_packets != NULL)
		u->cb.on_packets(u->arg);
	return G_SOURCE_REMOVE;
}

/* Destroys and releases *s if set, and clears it. */
static void source_drop(GSource **s)
{
	if (*s != NULL) {
		g_source_destroy(*s);
		g_source_unref(*s);
		*s = NULL;
	}
}

/* Calls fn(u) on u's main context after ms; returns the source, owned by
 * the caller (source_drop). */
static GSource *timer_add(struct upstream *u, unsigned ms, GSourceFunc fn)
{
	GSource *s = g_timeout_source_new(ms);

	g_source_set_callback(s, fn, u, NULL);
	g_source_attach(s, u->h->ctx);
	return s;
}

struct teardown {
	GstElement *pipeline;
	struct handoff *h;
};

/* Sets a finished pull's pipeline to NULL and frees it, off the main
 * loop and off GStreamer's streaming threads (a thread of its own). */
static void *teardown_thread(void *p)
{
	struct teardown *td = p;

	gst_element_set_state(td->pipeline, GST_STATE_NULL);
	gst_object_unref(td->pipeline);
	g_mutex_lock(&td->h->lock);
	td->h->teardowns--;
	g_cond_broadcast(&td->h->done);
	g_mutex_unlock(&td->h->lock);
	handoff_unref(td->h);
	g_free(td);
	return NULL;
}

/* teardown ends the current pull: its hand-overs are refused from now on
 * and its pipeline goes to NULL on a thread of its own. */
static void teardown(struct upstream *u)
{
	struct teardown *td;
	GThread *t;

	source_drop(&u->tick);
	source_drop(&u->bus_watch);
	u->gen++;
	g_mutex_lock(&u->h->lock);
	u->h->gen = u->gen;
	g_mutex_unlock(&u->h->lock);
	if (u->pipeline == NULL)
		return;
	td = g_new0(struct teardown, 1);
	td->pipeline = u->pipeline;
	td->h = handoff_ref(u->h);
	u->pipeline = NULL;
	g_mutex_lock(&u->h->lock);
	u->h->teardowns++;
	g_mutex_unlock(&u->h->lock);
	t = g_thread_try_new("relay-teardown", teardown_thread, td, NULL);
	if (t != NULL)
		g_thread_unref(t);
	else
		teardown_thread(td);
}

/* Records why the last pull failed (copied). */
static void set_error(struct upstream *u, const char *why)
{
	g_free(u->error);
	u->error = g_strdup(why);
}

/* error_text makes "Unauthorized: Unauthorized (401)" of an element error:
 * its message and the last line of its debug text (the first lines name
 * source files and elements).  Returns a g_malloc'd string. */
static char *error_text(const GError *err, const char *debug)
{
	const char *last;

	if (debug == NULL || *debug == '\0')
		return g_strdup(err->message);
	last = strrchr(debug, '\n');
	return g_strdup_printf("%s: %s", err->message, last != NULL ? last + 1 : debug);
}

/* The current pipeline's bus (main thread): errors and end of stream end
 * the pull; a refused login ends the retries. */
static gboolean on_bus(GstBus *bus, GstMessage *msg, void *p)
{
	struct upstream *u = p;
	GError *err = NULL;
	char *debug = NULL, *why;
	bool unauthorized;

	(void)bus;
	switch (GST_MESSAGE_TYPE(msg)) {
	case GST_MESSAGE_ERROR:
		gst_message_parse_error(msg, &err, &debug);
		/* rtspsrc answers a 401 after trying the credentials with
		 * RESOURCE/NOT_AUTHORIZED ("Unauthorized", debug "... (401)"). */
		unauthorized = err->domain == GST_RESOURCE_ERROR &&
			       err->code == GST_RESOURCE_ERROR_NOT_AUTHORIZED;
		why = error_text(err, debug);
		upstream_fail(u, why, unauthorized);
		g_free(why);
		g_error_free(err);
		g_free(debug);
		break;
	case GST_MESSAGE_EOS:
		upstream_fail(u, "the source ended the stream", false);
		break;
	case GST_MESSAGE_WARNING:
		gst_message_parse_warning(msg, &err, &debug);
		g_log(G_LOG_DOMAIN_UPSTREAM, G_LOG_LEVEL_INFO, "%s: warning: %s", u->location,
		      err->message);
		g_error_free(err);
		g_free(debug);
		break;
	default:
		break;
	}
	return G_SOURCE_CONTINUE;
}

/* The watchdog (main thread): a pull that never played within the connect
 * timeout, or went silent while playing, is failed; 10 s of good data
 * resets the back-off. */
static gboolean on_tick(void *p)
{
	struct upstream *u = p;
	int64_t now = g_get_monotonic_time();

	if (u->state == UPSTREAM_CONNECTING &&
	    now - u->attempt_us >= (int64_t)UPSTREAM_CONNECT_TIMEOUT_MS * 1000) {
		upstream_fail(u, "no packet within the connect timeout", false);
		return G_SOURCE_REMOVE;
	}
	if (u->state == UPSTREAM_PLAYING) {
		if (now - u->last_packet_us >= (int64_t)UPSTREAM_WATCHDOG_MS * 1000) {
			upstream_fail(u, "no packet for 5 s", false);
			return G_SOURCE_REMOVE;
		}
		if (now - u->playing_us >= (int64_t)UPSTREAM_GOOD_MS * 1000)
			u->backoff_ms = UPSTREAM_BACKOFF_MIN_MS;
	}
	return G_SOURCE_CONTINUE;
}

/* pull_begin builds and starts a pipeline.  Returns 0, or -1 (state
 * BACKOFF, a retry scheduled) when it could not be built or started. */
static int pull_begin(struct upstream *u)
{
	GstElement *pipeline = NULL, *src = NULL;
	GstBus *bus;
	int rc = -1;

	memset(u->track_seen, 0, sizeof(u->track_seen));
	u->attempt_us = g_get_monotonic_time();
	u->playing_us = 0;
	u->last_packet_us = 0;
	set_state(u, UPSTREAM_CONNECTING);
	pipeline = gst_pipeline_new(NULL);
	src = gst_element_factory_make("rtspsrc", NULL);
	if (pipeline == NULL || src == NULL)
		goto out;
	g_object_set(src, "location", u->location, "protocols", GST_RTSP_LOWER_TRANS_TCP,
		     "latency", 0, "buffer-mode", RTSPSRC_BUFFER_MODE_NONE, "do-rtcp", FALSE,
		     "do-retransmission", FALSE, "tcp-timeout",
		     (guint64)UPSTREAM_CONNECT_TIMEOUT_MS * 1000, "user-agent", "vestibule-relay",
		     NULL);
	if (u->user != NULL)
		g_object_set(src, "user-id", u->user, "user-pw", u->password, NULL);
	g_signal_connect_data(src, "on-sdp", G_CALLBACK(on_sdp), pullctx_new(u->h, u->gen, 0),
			      pullctx_free, 0);
	g_signal_connect_data(src, "select-stream", G_CALLBACK(on_select_stream), NULL, NULL, 0);
	g_signal_connect_data(src, "pad-added", G_CALLBACK(on_pad_added),
			      pullctx_new(u->h, u->gen, 0), pullctx_free, 0);
	gst_bin_add(GST_BIN(pipeline), src);
	src = NULL;
	bus = gst_element_get_bus(pipeline);
	u->bus_watch = gst_bus_create_watch(bus);
	gst_object_unref(bus);
	g_source_set_callback(u->bus_watch, (GSourceFunc)(void (*)(void))on_bus, u, NULL);
	g_source_attach(u->bus_watch, u->h->ctx);
	u->pipeline = pipeline;
	pipeline = NULL;
	u->tick = timer_add(u, TICK_MS, on_tick);
	/* rtspsrc connects on its own task: this does not wait for the
	 * source. */
	if (gst_element_set_state(u->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
		upstream_fail(u, "the pipeline did not start", false);
		goto out;
	}
	rc = 0;
out:
	if (src != NULL)
		gst_object_unref(src);
	if (pipeline != NULL) {
		gst_object_unref(pipeline);
		upstream_fail(u, "cannot build the pipeline", false);
	}
	return rc;
}

/* The back-off is over: start the next pull. */
static gboolean on_retry(void *p)
{
	struct upstream *u = p;

	source_drop(&u->retry);
	u->reconnects++;
	pull_begin(u);
	return G_SOURCE_REMOVE;
}

/* upstream_fail ends the current pull for why and schedules the next one
 * (none when unauthorized). */
static void upstream_fail(struct upstream *u, const char *why, bool unauthorized)
{
	int64_t now = g_get_monotonic_time();

	if (u->state != UPSTREAM_CONNECTING && u->state != UPSTREAM_PLAYING)
		return;
	teardown(u);
	ring_upstream_restart(u->ring);
	set_error(u, why);
	if (unauthorized) {
		set_state(u, UPSTREAM_UNAUTHORIZED);
		return;
	}
	if (u->playing_us != 0 && now - u->playing_us >= (int64_t)UPSTREAM_GOOD_MS * 1000)
		u->backoff_ms = UPSTREAM_BACKOFF_MIN_MS;
	u->last_backoff_ms = u->backoff_ms;
	u->retry = timer_add(u, u->backoff_ms, on_retry);
	u->backoff_ms = u->backoff_ms * 2 > UPSTREAM_BACKOFF_MAX_MS ? UPSTREAM_BACKOFF_MAX_MS
								     : u->backoff_ms * 2;
	set_state(u, UPSTREAM_BACKOFF);
}

struct upstream *upstream_new(const char *location, const char *user, const char *password,
			      struct ring *ring, const struct upstream_cb *cb, void *arg)
{
	struct upstream *u = NULL;
	GstElementFactory *f1 = NULL, *f2 = NULL;

	if (location == NULL || ring == NULL)
		goto out;
	f1 = gst_element_factory_find("rtspsrc");
	f2 = gst_element_factory_find("appsink");
	if (f1 == NULL || f2 == NULL)
		goto out;
	u = g_new0(struct upstream, 1);
	u->location = g_strdup(location);
	u->user = g_strdup(user);
	u->password = g_strdup(password != NULL ? password : "");
	u->ring = ring;
	if (cb != NULL)
		u->cb = *cb;
	u->arg = arg;
	u->error = g_strdup("");
	u->backoff_ms = UPSTREAM_BACKOFF_MIN_MS;
	u->spare = g_new0(struct item, UPSTREAM_QUEUE_MAX);
	u->h = g_new0(struct handoff, 1);
	u->h->refs = 1;
	g_mutex_init(&u->h->lock);
	g_cond_init(&u->h->done);
	u->h->ctx = g_main_context_ref_thread_default();
	u->h->items = g_new0(struct item, UPSTREAM_QUEUE_MAX);
	u->h->owner = u;
out:
	if (f1 != NULL)
		gst_object_unref(f1);
	if (f2 != NULL)
		gst_object_unref(f2);
	return u;
}

void upstream_free(struct upstream *u)
{
	struct handoff *h;
	unsigned i;

	if (u == NULL)
		return;
	upstream_stop(u);
	h = u->h;
	g_mutex_lock(&h->lock);
	while (h->teardowns > 0)
		g_cond_wait(&h->done, &h->lock);
	h->owner = NULL;
	h->gen = -1;
	for (i = 0; i < h->n; i++)
		item_clear(&h->items[i]);
	h->n = 0;
	g_mutex_unlock(&h->lock);
	handoff_unref(h);
	g_free(u->spare);
	g_free(u->location);
	g_free(u->user);
	if (u->password != NULL)
		memset(u->password, 0, strlen(u->password));
	g_free(u->password);
	g_free(u->sdp);
	g_free(u->error);
	g_free(u);
}

int upstream_start(struct upstream *u)
{
	if (u->state != UPSTREAM_IDLE && u->state != UPSTREAM_UNAUTHORIZED)
		return 0;
	u->backoff_ms = UPSTREAM_BACKOFF_MIN_MS;
	return pull_begin(u);
}

void upstream_stop(struct upstream *u)
{
	source_drop(&u->retry);
	if (u->pipeline != NULL || u->state != UPSTREAM_IDLE) {
		teardown(u);
		ring_upstream_restart(u->ring);
	}
	set_state(u, UPSTREAM_IDLE);
}

enum upstream_state upstream_get_state(const struct upstream *u)
{
	return u->state;
}

const char *upstream_state_name(enum upstream_state s)
{
	switch (s) {
	case UPSTREAM_IDLE:
		return "idle";
	case UPSTREAM_CONNECTING:
		return "connecting";
	case UPSTREAM_PLAYING:
		return "playing";
	case UPSTREAM_BACKOFF:
		return "backoff";
	case UPSTREAM_UNAUTHORIZED:
		return "unauthorized";
	}
	return "unknown";
}

const char *upstream_sdp(const struct upstream *u)
{
	return u->sdp;
}

const char *upstream_last_error(const struct upstream *u)
{
	return u->error;
}

void upstream_get_stats(const struct upstream *u, struct upstream_stats *out)
{
	out->reconnects = u->reconnects;
	out->packets_in = u->packets_in;
	out->bytes_in = u->bytes_in;
	g_mutex_lock(&u->h->lock);
	out->packets_dropped = u->h->dropped;
	g_mutex_unlock(&u->h->lock);
	out->packets_rejected = u->rejected;
	out->backoff_ms = u->last_backoff_ms;
}
