/* The RTSP side: gst-rtsp-server with shared media (one per shard) fed by
 * devsim's feeder, digest auth, and the controls the relay's tests need
 * (stop and restart the listening socket, drop connections, count
 * sessions; a session ends with its connection).
 *
 * gst-rtsp-server 1.22 traps handled here (rtsp-server.c, rtsp-thread-pool.c,
 * rtsp-session-pool.c, rtsp-stream.c): the listen backlog defaults to 5, the
 * client thread pool to one thread, timed-out sessions stay until the
 * application calls gst_rtsp_session_pool_cleanup, one thread sends a
 * shared media to all its TCP viewers, and TCP viewers are paced by the
 * clock (rate control) unless told otherwise. */
#include "devsim.h"

#include <stdio.h>
#include <string.h>

struct devsim_stats devsim_stats;

static struct {
	const struct devsim_opts *o;
	const struct devsim_clip *clip;
	GstRTSPServer *server;
	GstRTSPSessionPool *pool;
	GstRTSPMediaFactory *factory;
	guint source_id, cleanup_id, drop_id;
	gboolean serving;
	int port;               /* bound port, kept across stop and start */
} S;

/* Shards: with --shards N, viewers are dealt round-robin over N shared
 * media (each its own pipeline, feeder and send threads). One shared media
 * sends to every TCP viewer from a single thread (send_func in
 * rtsp-stream.c), which falls behind at a few hundred viewers on a busy
 * machine; N threads keep up. The cache key of a shared media is the
 * factory's gen_key, so the subclass adds the client's shard to it. */
typedef struct {
	GstRTSPMediaFactory parent;
} DevsimFactory;

typedef struct {
	GstRTSPMediaFactoryClass parent_class;
} DevsimFactoryClass;

GType devsim_factory_get_type(void);
G_DEFINE_TYPE(DevsimFactory, devsim_factory, GST_TYPE_RTSP_MEDIA_FACTORY)

#define SHARD_KEY "devsim-shard"

static gchar *devsim_factory_gen_key(GstRTSPMediaFactory *factory, const GstRTSPUrl *url)
{
	gchar *base = GST_RTSP_MEDIA_FACTORY_CLASS(devsim_factory_parent_class)->gen_key(factory, url);
	GstRTSPContext *ctx = gst_rtsp_context_get_current();
	guint shard = 0;
	gchar *key;

	if (ctx && ctx->client)
		shard = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(ctx->client), SHARD_KEY));
	key = g_strdup_printf("%s#%u", base ? base : "", shard);
	g_free(base);
	return key;
}

static void devsim_factory_class_init(DevsimFactoryClass *klass)
{
	GST_RTSP_MEDIA_FACTORY_CLASS(klass)->gen_key = devsim_factory_gen_key;
}

static void devsim_factory_init(DevsimFactory *self)
{
}

#define T0_KEY "devsim-connected-at"
#define FEEDER_KEY "devsim-feeder"
#define SESSIONS_KEY "devsim-session-ids"

static void feeder_release(gpointer data)
{
	devsim_feeder_stop(data);
	g_atomic_int_add(&devsim_stats.media_current, -1);
}

static void on_media_unprepared(GstRTSPMedia *media, gpointer data)
{
	/* Stop pushing as soon as the media is torn down; the data's destroy
	 * notify joins the feeder thread. */
	g_object_set_data(G_OBJECT(media), FEEDER_KEY, NULL);
}

static void on_media_configure(GstRTSPMediaFactory *factory, GstRTSPMedia *media, gpointer data)
{
	GstElement *bin = gst_rtsp_media_get_element(media);
	GstElement *vsrc = gst_bin_get_by_name(GST_BIN(bin), "vsrc");
	GstElement *asrc = gst_bin_get_by_name(GST_BIN(bin), "asrc");
	GstElement *pipeline;
	struct devsim_feeder *f;

	g_object_set(vsrc, "caps", S.clip->vcaps, NULL);
	if (asrc)
		g_object_set(asrc, "caps", S.clip->acaps, NULL);
	/* Rate control makes the TCP appsinks sync to the clock; the feeder
	 * already paces in real time, so by default send at once. */
	gst_rtsp_media_set_rate_control(media, S.o->rate_control);
	/* The audio payloader reports its 20 ms packet as latency; UDP sinks
	 * sync to the clock, so every viewer, TCP ones too (the stream's tee
	 * feeds one-buffer queues), would get video 20 ms late. The feeder
	 * stamps buffers with the instant it pushes them: nothing to wait for. */
	pipeline = GST_ELEMENT(gst_object_get_parent(GST_OBJECT(bin)));
	if (GST_IS_PIPELINE(pipeline))
		gst_pipeline_set_latency(GST_PIPELINE(pipeline), 0);
	if (pipeline)
		gst_object_unref(pipeline);
	/* The appsrc shares the pipeline's clock, base time and state once it
	 * runs, so the feeder watches it rather than the pipeline. */
	f = devsim_feeder_start(vsrc, vsrc, asrc, gst_rtsp_media_get_stream(media, 0), S.clip);
	g_object_set_data_full(G_OBJECT(media), FEEDER_KEY, f, feeder_release);
	g_signal_connect(media, "unprepared", G_CALLBACK(on_media_unprepared), NULL);
	g_atomic_int_inc(&devsim_stats.media_current);
	g_atomic_int_inc(&devsim_stats.media_total);
	if (S.o->verbose)
		g_printerr("devsim: media %p configured\n", (void *)media);
	gst_object_unref(vsrc);
	if (asrc)
		gst_object_unref(asrc);
	gst_object_unref(bin);
}

static void on_new_session(GstRTSPClient *client, GstRTSPSession *session, gpointer data)
{
	GPtrArray *ids = g_object_get_data(G_OBJECT(client), SESSIONS_KEY);

	gst_rtsp_session_set_timeout(session, (guint)S.o->session_timeout);
	g_ptr_array_add(ids, g_strdup(gst_rtsp_session_get_sessionid(session)));
	g_atomic_int_inc(&devsim_stats.sessions_total);
}

static void on_client_closed(GstRTSPClient *client, gpointer data)
{
	GPtrArray *ids = g_object_get_data(G_OBJECT(client), SESSIONS_KEY);

	/* A door phone ends a session with its connection; gst-rtsp-server
	 * would keep it until it times out, and the session count would
	 * still show a viewer that left. */
	for (guint i = 0; ids && i < ids->len; i++) {
		GstRTSPSession *sess = gst_rtsp_session_pool_find(S.pool, g_ptr_array_index(ids, i));
		if (sess) {
			gst_rtsp_session_pool_remove(S.pool, sess);
			g_object_unref(sess);
		}
	}
	g_atomic_int_add(&devsim_stats.connections_current, -1);
}

static void on_client_connected(GstRTSPServer *server, GstRTSPClient *client, gpointer data)
{
	gint64 *t0 = g_new(gint64, 1);

	*t0 = g_get_monotonic_time();
	g_object_set_data_full(G_OBJECT(client), T0_KEY, t0, g_free);
	g_object_set_data_full(G_OBJECT(client), SESSIONS_KEY,
		g_ptr_array_new_with_free_func(g_free), (GDestroyNotify)g_ptr_array_unref);
	g_object_set_data(G_OBJECT(client), SHARD_KEY, GUINT_TO_POINTER(
		(guint)g_atomic_int_add(&devsim_stats.connections_total, 0) % (guint)S.o->shards));
	g_signal_connect(client, "closed", G_CALLBACK(on_client_closed), NULL);
	g_signal_connect(client, "new-session", G_CALLBACK(on_new_session), NULL);
	g_atomic_int_inc(&devsim_stats.connections_current);
	g_atomic_int_inc(&devsim_stats.connections_total);
}

static GstRTSPFilterResult ref_session(GstRTSPClient *client, GstRTSPSession *sess, gpointer data)
{
	return GST_RTSP_FILTER_REF;
}

/* End a client's sessions (UDP ones would outlive the connection) and let
 * the caller's filter close its connection. */
static GstRTSPFilterResult drop_client(GstRTSPClient *client)
{
	GList *sessions = gst_rtsp_client_session_filter(client, ref_session, NULL);

	for (GList *l = sessions; l; l = l->next)
		gst_rtsp_session_pool_remove(S.pool, l->data);
	g_list_free_full(sessions, g_object_unref);
	g_atomic_int_inc(&devsim_stats.dropped);
	return GST_RTSP_FILTER_REMOVE;
}

static GstRTSPFilterResult drop_if_old(GstRTSPServer *server, GstRTSPClient *client, gpointer data)
{
	const gint64 *t0 = g_object_get_data(G_OBJECT(client), T0_KEY);
	gint64 now = *(const gint64 *)data;

	if (t0 && now - *t0 >= (gint64)(S.o->drop_after * G_USEC_PER_SEC))
		return drop_client(client);
	return GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult drop_any(GstRTSPServer *server, GstRTSPClient *client, gpointer data)
{
	return drop_client(client);
}

static GstRTSPFilterResult remove_session(GstRTSPSessionPool *pool, GstRTSPSession *s, gpointer data)
{
	return GST_RTSP_FILTER_REMOVE;
}

static gboolean drop_tick(gpointer data)
{
	gint64 now = g_get_monotonic_time();
	g_list_free(gst_rtsp_server_client_filter(S.server, drop_if_old, &now));
	return G_SOURCE_CONTINUE;
}

static gboolean cleanup_tick(gpointer data)
{
	gst_rtsp_session_pool_cleanup(S.pool);
	return G_SOURCE_CONTINUE;
}

static char *launch_line(const struct devsim_clip *clip)
{
	const char *vpay = clip->video == DEVSIM_VIDEO_H265 ? "rtph265pay" : "rtph264pay";
	const char *apay = NULL;
	int apt = 0;

	switch (clip->audio) {
	case DEVSIM_AUDIO_PCMU: apay = "rtppcmupay"; apt = 0; break;
	case DEVSIM_AUDIO_PCMA: apay = "rtppcmapay"; apt = 8; break;
	case DEVSIM_AUDIO_AAC: apay = "rtpmp4gpay"; apt = 97; break;
	case DEVSIM_AUDIO_OPUS: apay = "rtpopuspay"; apt = 97; break;
	case DEVSIM_AUDIO_NONE: break;
	}
	/* Live appsrcs that drop their oldest buffers rather than queue
	 * without bound if nothing pulls; the parameter sets (H.264 SPS and
	 * PPS, H.265 VPS, SPS and PPS) before every IDR (the payloaders push
	 * one buffer list a frame already). Audio RTP times follow the buffer
	 * times, which are exact, not a sample count that a dropped buffer
	 * would leave behind the clock and the RTCP sender reports (ffmpeg
	 * then sees audio timestamps jump). */
	if (apay == NULL)
		return g_strdup_printf("( appsrc name=vsrc is-live=true format=time max-buffers=25"
			" leaky-type=downstream ! %s name=pay0 pt=96 config-interval=-1 )", vpay);
	return g_strdup_printf("( appsrc name=vsrc is-live=true format=time max-buffers=25"
		" leaky-type=downstream ! %s name=pay0 pt=96 config-interval=-1"
		"  appsrc name=asrc is-live=true format=time"
		" max-buffers=50 leaky-type=downstream ! %s name=pay1 pt=%d perfect-rtptime=false )",
		vpay, apay, apt);
}

int devsim_server_init(const struct devsim_opts *o, const struct devsim_clip *clip)
{
	GstRTSPMountPoints *mounts;
	GstRTSPThreadPool *threads;
	char service[16], *launch;

	S.o = o;
	S.clip = clip;
	S.server = gst_rtsp_server_new();
	snprintf(service, sizeof(service), "%d", o->port);
	gst_rtsp_server_set_address(S.server, o->bind);
	gst_rtsp_server_set_service(S.server, service);
	gst_rtsp_server_set_backlog(S.server, o->backlog);
	threads = gst_rtsp_server_get_thread_pool(S.server);
	gst_rtsp_thread_pool_set_max_threads(threads, o->threads);
	g_object_unref(threads);
	S.pool = gst_rtsp_server_get_session_pool(S.server);
	g_signal_connect(S.server, "client-connected", G_CALLBACK(on_client_connected), NULL);

	S.factory = g_object_new(devsim_factory_get_type(), NULL);
	launch = launch_line(clip);
	gst_rtsp_media_factory_set_launch(S.factory, launch);
	g_free(launch);
	/* One pipeline, fed once, for every viewer: serving costs little. */
	gst_rtsp_media_factory_set_shared(S.factory, TRUE);
	gst_rtsp_media_factory_set_suspend_mode(S.factory, GST_RTSP_SUSPEND_MODE_NONE);
	gst_rtsp_media_factory_set_protocols(S.factory, o->tcp_only ? GST_RTSP_LOWER_TRANS_TCP
		: GST_RTSP_LOWER_TRANS_UDP | GST_RTSP_LOWER_TRANS_TCP);
	g_signal_connect(S.factory, "media-configure", G_CALLBACK(on_media_configure), NULL);

	if (o->user) {
		GstRTSPAuth *auth = gst_rtsp_auth_new();
		GstRTSPToken *token = gst_rtsp_token_new(GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE,
			G_TYPE_STRING, "viewer", NULL);
		gst_rtsp_auth_set_realm(auth, "vestibule-devsim");
		if (o->basic) {
			char *basic = gst_rtsp_auth_make_basic(o->user, o->password);
			gst_rtsp_auth_add_basic(auth, basic, token);
			gst_rtsp_auth_set_supported_methods(auth, GST_RTSP_AUTH_BASIC);
			g_free(basic);
		} else {
			gst_rtsp_auth_add_digest(auth, o->user, o->password, token);
			gst_rtsp_auth_set_supported_methods(auth, GST_RTSP_AUTH_DIGEST);
		}
		gst_rtsp_token_unref(token);
		gst_rtsp_server_set_auth(S.server, auth);
		g_object_unref(auth);
		gst_rtsp_media_factory_add_role(S.factory, "viewer",
			GST_RTSP_PERM_MEDIA_FACTORY_ACCESS, G_TYPE_BOOLEAN, TRUE,
			GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE, NULL);
	}
	mounts = gst_rtsp_server_get_mount_points(S.server);
	gst_rtsp_mount_points_add_factory(mounts, o->path, g_object_ref(S.factory));
	g_object_unref(mounts);

	S.cleanup_id = g_timeout_add_seconds(1, cleanup_tick, NULL);
	if (o->drop_after > 0)
		S.drop_id = g_timeout_add(100, drop_tick, NULL);
	return 0;
}

int devsim_server_start(void)
{
	if (S.serving)
		return 0;
	S.source_id = gst_rtsp_server_attach(S.server, NULL);
	if (S.source_id == 0) {
		g_printerr("devsim: cannot listen on %s:%d\n", S.o->bind, S.o->port);
		return -1;
	}
	S.serving = TRUE;
	/* With --port 0 the server keeps the port it got, so a restart binds
	 * the same one. */
	S.port = gst_rtsp_server_get_bound_port(S.server);
	g_printerr("devsim: serving on port %d\n", S.port);
	return 0;
}

int devsim_server_drop_all(void)
{
	g_list_free(gst_rtsp_server_client_filter(S.server, drop_any, NULL));
	/* Sessions whose connection is already gone (UDP viewers). */
	g_list_free(gst_rtsp_session_pool_filter(S.pool, remove_session, NULL));
	return 0;
}

void devsim_server_stop(void)
{
	if (S.serving) {
		/* Destroying the source closes the listening socket
		 * (watch_destroyed in rtsp-server.c): new connections are
		 * refused, as by a door phone that is rebooting. */
		g_source_remove(S.source_id);
		S.source_id = 0;
		S.serving = FALSE;
		g_printerr("devsim: stopped serving\n");
	}
	devsim_server_drop_all();
}

gboolean devsim_server_serving(void)
{
	return S.serving;
}

int devsim_server_port(void)
{
	return S.port;
}

guint devsim_server_sessions_current(void)
{
	return S.pool ? gst_rtsp_session_pool_get_n_sessions(S.pool) : 0;
}

void devsim_server_shutdown(void)
{
	if (S.server == NULL)
		return;
	devsim_server_stop();
	if (S.cleanup_id)
		g_source_remove(S.cleanup_id);
	if (S.drop_id)
		g_source_remove(S.drop_id);
	g_object_unref(S.factory);
	g_object_unref(S.pool);
	g_object_unref(S.server);
	memset(&S, 0, sizeof(S));
}
