/*
 * metrics.c - the relay's counters in the Prometheus text format
 * (exposition format 0.0.4) on a local HTTP port: any request is answered
 * with every metric, HTTP/1.0, then the connection closes.
 *
 *   relay_viewers{source}                  sessions of the source now
 *   relay_upstream_state{source,state}     1 for the upstream's state, 0 others
 *   relay_upstream_reconnects_total{source}
 *   relay_bytes_in_total{source}           RTP bytes from the upstream
 *   relay_bytes_out_total{source}          bytes written to viewers
 *   relay_dropped_packets_total{source}    packets viewers skipped or lost
 *   relay_sessions_total                   sessions ever set up
 *   relay_connections                      RTSP connections now
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "relay.h"
#include "vb_log.h"

#define REQ_MAX 4096
#define CLIENT_TIMEOUT_S 5

struct mclient {
	struct relay *relay;
	int fd;
	guint watch, timer;
	size_t len;
	char buf[REQ_MAX];
};

static const enum upstream_state states[] = {
	UPSTREAM_IDLE, UPSTREAM_CONNECTING, UPSTREAM_PLAYING, UPSTREAM_BACKOFF,
	UPSTREAM_UNAUTHORIZED,
};

/* Writes every metric into a new string (g_free). */
static char *metrics_text(struct relay *r)
{
	GString *o = g_string_new(NULL);
	GHashTableIter it;
	void *v;
	int pass;

	static const char *const heads[] = {
		"# HELP relay_viewers Viewer sessions of a source.\n# TYPE relay_viewers gauge\n",
		"# HELP relay_upstream_state The state of a source's upstream pull.\n"
		"# TYPE relay_upstream_state gauge\n",
		"# HELP relay_upstream_reconnects_total Upstream pulls started after a failure.\n"
		"# TYPE relay_upstream_reconnects_total counter\n",
		"# HELP relay_bytes_in_total RTP bytes received from the source.\n"
		"# TYPE relay_bytes_in_total counter\n",
		"# HELP relay_bytes_out_total Bytes sent to viewers.\n"
		"# TYPE relay_bytes_out_total counter\n",
		"# HELP relay_dropped_packets_total Packets viewers skipped (slow) or lost.\n"
		"# TYPE relay_dropped_packets_total counter\n",
	};

	/* One pass per metric: the format wants each family's samples together. */
	for (pass = 0; pass < 6; pass++) {
		g_string_append(o, heads[pass]);
		g_hash_table_iter_init(&it, r->sources);
		while (g_hash_table_iter_next(&it, NULL, &v)) {
			struct source *src = v;
			struct upstream_stats st = { 0 };
			unsigned k;

			if (src->up != NULL)
				upstream_get_stats(src->up, &st);
			switch (pass) {
			case 0:
				g_string_append_printf(o, "relay_viewers{source=\"%s\"} %u\n", src->id,
						       src->sessions.length);
				break;
			case 1:
				for (k = 0; k < G_N_ELEMENTS(states); k++)
					g_string_append_printf(
						o, "relay_upstream_state{source=\"%s\",state=\"%s\"} %d\n",
						src->id, upstream_state_name(states[k]),
						source_state(src) == states[k]);
				break;
			case 2:
				g_string_append_printf(o,
						       "relay_upstream_reconnects_total{source=\"%s\"} %" PRIu64
						       "\n", src->id, st.reconnects);
				break;
			case 3:
				g_string_append_printf(o, "relay_bytes_in_total{source=\"%s\"} %" PRIu64 "\n",
						       src->id, st.bytes_in);
				break;
			case 4:
				g_string_append_printf(o, "relay_bytes_out_total{source=\"%s\"} %" PRIu64
						       "\n", src->id, src->bytes_out);
				break;
			default:
				g_string_append_printf(o,
						       "relay_dropped_packets_total{source=\"%s\"} %" PRIu64
						       "\n", src->id, src->dropped + st.packets_dropped);
				break;
			}
		}
	}
	g_string_append_printf(o, "# HELP relay_sessions_total Viewer sessions ever set up.\n"
			       "# TYPE relay_sessions_total counter\n"
			       "relay_sessions_total %" PRIu64 "\n", r->sessions_total);
	g_string_append_printf(o, "# HELP relay_connections RTSP connections open.\n"
			       "# TYPE relay_connections gauge\n"
			       "relay_connections %u\n", r->conns.length);
	return g_string_free(o, FALSE);
}

static void mclient_free(struct mclient *m)
{
	if (m->watch)
		g_source_remove(m->watch);
	if (m->timer)
		g_source_remove(m->timer);
	close(m->fd);
	g_free(m);
}

/* Answers once the request head is in (or the buffer is full).  The text
 * is small enough for the socket buffer, so one blocking-free send. */
static void mclient_answer(struct mclient *m)
{
	char *body = metrics_text(m->relay);
	char *resp = g_strdup_printf("HTTP/1.0 200 OK\r\n"
				     "Content-Type: text/plain; version=0.0.4\r\n"
				     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
				     strlen(body), body);
	size_t len = strlen(resp), off = 0;

	while (off < len) {
		ssize_t n = send(m->fd, resp + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n <= 0)
			break;
		off += (size_t)n;
	}
	shutdown(m->fd, SHUT_WR);
	g_free(resp);
	g_free(body);
}

static gboolean on_mclient(int fd, GIOCondition cond, void *arg)
{
	struct mclient *m = arg;
	ssize_t n;

	(void)cond;
	n = recv(fd, m->buf + m->len, sizeof(m->buf) - m->len - 1, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return G_SOURCE_CONTINUE;
	if (n > 0) {
		m->len += (size_t)n;
		m->buf[m->len] = '\0';
		if (strstr(m->buf, "\r\n\r\n") == NULL && strstr(m->buf, "\n\n") == NULL &&
		    m->len < sizeof(m->buf) - 1)
			return G_SOURCE_CONTINUE;
		mclient_answer(m);
	}
	m->watch = 0;
	mclient_free(m);
	return G_SOURCE_REMOVE;
}

static gboolean on_mclient_timeout(void *arg)
{
	struct mclient *m = arg;

	m->timer = 0;
	mclient_free(m);
	return G_SOURCE_REMOVE;
}

static gboolean on_metrics_accept(int fd, GIOCondition cond, void *arg)
{
	struct relay *r = arg;

	(void)cond;
	for (;;) {
		int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct mclient *m;

		if (cfd < 0)
			break;
		m = g_new0(struct mclient, 1);
		m->relay = r;
		m->fd = cfd;
		m->watch = g_unix_fd_add(cfd, G_IO_IN | G_IO_HUP, on_mclient, m);
		m->timer = g_timeout_add_seconds(CLIENT_TIMEOUT_S, on_mclient_timeout, m);
	}
	return G_SOURCE_CONTINUE;
}

int metrics_listen(struct relay *r, const char *addr)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd, one = 1;

	if (relay_parse_addr(addr, &sa, &len) < 0) {
		vb_error("relay: bad metrics address %s", addr);
		return -1;
	}
	fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, len) < 0 || listen(fd, 64) < 0) {
		close(fd);
		goto fail;
	}
	r->metrics_fd = fd;
	r->metrics_watch = g_unix_fd_add(fd, G_IO_IN, on_metrics_accept, r);
	return 0;
fail:
	vb_error("relay: metrics on %s: %s", addr, strerror(errno));
	return -1;
}

void metrics_close(struct relay *r)
{
	if (r->metrics_watch)
		g_source_remove(r->metrics_watch);
	r->metrics_watch = 0;
	if (r->metrics_fd >= 0)
		close(r->metrics_fd);
	r->metrics_fd = -1;
}
