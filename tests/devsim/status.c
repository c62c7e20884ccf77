/* The status and control port: a tiny HTTP/1.0 server for the tests.
 *   GET /status  the counters as JSON (README.md, "Status")
 *   POST /stop   close the RTSP listening socket and end every session
 *   POST /start  listen again
 *   POST /drop   end every session and connection, keep listening
 * Any method is accepted, so `curl URL` is enough. Requests are served on
 * the service's own threads; actions run on the main loop, one at a time. */
#include "devsim.h"

#include <stdio.h>
#include <string.h>
#include <gio/gio.h>

static GSocketService *service;
static const struct devsim_opts *opts;
static gint64 started_us;

char *devsim_status_json(void)
{
	return g_strdup_printf("{\"serving\": %s, \"port\": %d, \"path\": \"%s\","
		" \"sessions\": {\"current\": %u, \"total\": %d},"
		" \"connections\": {\"current\": %d, \"total\": %d, \"dropped\": %d},"
		" \"media\": {\"current\": %d, \"total\": %d},"
		" \"frames_sent\": %d, \"frames_skipped\": %d, \"loops\": %d,"
		" \"late_max_ms\": %d, \"resyncs\": %d,"
		" \"uptime_s\": %.3f}\n",
		devsim_server_serving() ? "true" : "false", devsim_server_port(), opts->path,
		devsim_server_sessions_current(), g_atomic_int_get(&devsim_stats.sessions_total),
		g_atomic_int_get(&devsim_stats.connections_current),
		g_atomic_int_get(&devsim_stats.connections_total),
		g_atomic_int_get(&devsim_stats.dropped),
		g_atomic_int_get(&devsim_stats.media_current),
		g_atomic_int_get(&devsim_stats.media_total),
		g_atomic_int_get(&devsim_stats.frames_sent),
		g_atomic_int_get(&devsim_stats.frames_skipped),
		g_atomic_int_get(&devsim_stats.loops),
		g_atomic_int_get(&devsim_stats.late_max_ms),
		g_atomic_int_get(&devsim_stats.resyncs),
		(double)(g_get_monotonic_time() - started_us) / G_USEC_PER_SEC);
}

enum action { ACT_STOP, ACT_START, ACT_DROP };

struct call {
	enum action act;
	int ret;
	gboolean done;
	GMutex lock;
	GCond cond;
};

static gboolean call_on_main(gpointer data)
{
	struct call *c = data;
	int ret = 0;

	switch (c->act) {
	case ACT_STOP: devsim_server_stop(); break;
	case ACT_START: ret = devsim_server_start(); break;
	case ACT_DROP: ret = devsim_server_drop_all(); break;
	}
	g_mutex_lock(&c->lock);
	c->ret = ret;
	c->done = TRUE;
	g_cond_signal(&c->cond);
	g_mutex_unlock(&c->lock);
	return G_SOURCE_REMOVE;
}

static int run_action(enum action act)
{
	struct call c = { .act = act };

	g_mutex_init(&c.lock);
	g_cond_init(&c.cond);
	g_main_context_invoke(NULL, call_on_main, &c);
	g_mutex_lock(&c.lock);
	while (!c.done)
		g_cond_wait(&c.cond, &c.lock);
	g_mutex_unlock(&c.lock);
	g_mutex_clear(&c.lock);
	g_cond_clear(&c.cond);
	return c.ret;
}

static gboolean on_run(GThreadedSocketService *svc, GSocketConnection *conn,
	GObject *source, gpointer data)
{
	GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(conn));
	GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(conn));
	GDataInputStream *din = g_data_input_stream_new(in);
	char *line = NULL, *body = NULL, *head = NULL, method[16] = "", path[256] = "";
	const char *status = "200 OK";
	gsize len;

	g_socket_set_timeout(g_socket_connection_get_socket(conn), 5);
	g_filter_input_stream_set_close_base_stream(G_FILTER_INPUT_STREAM(din), FALSE);
	line = g_data_input_stream_read_line(din, &len, NULL, NULL);
	if (line == NULL || sscanf(line, "%15s %255s", method, path) != 2) {
		status = "400 Bad Request";
		body = g_strdup("{\"error\": \"bad request\"}\n");
		goto reply;
	}
	/* Skip the headers: no request here has a body that matters. */
	for (;;) {
		char *h = g_data_input_stream_read_line(din, &len, NULL, NULL);
		gboolean end = h == NULL || h[0] == '\0' || (h[0] == '\r' && h[1] == '\0');
		g_free(h);
		if (end)
			break;
	}
	char *q = strchr(path, '?');
	if (q)
		*q = '\0';
	if (strcmp(path, "/status") == 0 || strcmp(path, "/") == 0) {
		body = devsim_status_json();
	} else if (strcmp(path, "/stop") == 0 || strcmp(path, "/start") == 0
		   || strcmp(path, "/drop") == 0) {
		enum action act = path[1] == 's' ? (path[3] == 'o' ? ACT_STOP : ACT_START) : ACT_DROP;
		if (run_action(act) != 0)
			status = "500 Internal Server Error";
		body = devsim_status_json();
	} else {
		status = "404 Not Found";
		body = g_strdup("{\"error\": \"not found\"}\n");
	}
reply:
	head = g_strdup_printf("HTTP/1.0 %s\r\nContent-Type: application/json\r\n"
		"Content-Length: %zu\r\nConnection: close\r\n\r\n", status, strlen(body));
	g_output_stream_write_all(out, head, strlen(head), NULL, NULL, NULL);
	g_output_stream_write_all(out, body, strlen(body), NULL, NULL, NULL);
	g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
	g_free(head);
	g_free(body);
	g_free(line);
	g_object_unref(din);
	return TRUE;
}

int devsim_status_start(const struct devsim_opts *o, GError **err)
{
	GInetAddress *addr;
	GSocketAddress *sa;
	gboolean ok;

	opts = o;
	started_us = g_get_monotonic_time();
	if (o->status_port <= 0)
		return 0;
	addr = g_inet_address_new_from_string(o->bind);
	if (addr == NULL) {
		g_set_error(err, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad address %s", o->bind);
		return -1;
	}
	sa = g_inet_socket_address_new(addr, (guint16)o->status_port);
	service = g_threaded_socket_service_new(4);
	ok = g_socket_listener_add_address(G_SOCKET_LISTENER(service), sa,
		G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, NULL, err);
	g_object_unref(sa);
	g_object_unref(addr);
	if (!ok) {
		g_clear_object(&service);
		return -1;
	}
	g_signal_connect(service, "run", G_CALLBACK(on_run), NULL);
	g_socket_service_start(service);
	return 0;
}

void devsim_status_stop(void)
{
	if (service) {
		g_socket_service_stop(service);
		g_socket_listener_close(G_SOCKET_LISTENER(service));
		g_clear_object(&service);
	}
}
