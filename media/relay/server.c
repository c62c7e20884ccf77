/*
 * server.c - the viewers' RTSP connections (RFC 2326): the listener, each
 * connection's input fed to rtsp_parse, and its output: replies and, for a
 * TCP-interleaved session, the ring's packets (session.c) in the same
 * byte stream, never interleaved inside a frame.
 *
 * A connection is a GSource of its own with one unix fd, so switching
 * between waiting for input and for room to write is a flag change
 * (g_source_modify_unix_fd), not a new source per wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "relay.h"
#include "vb_log.h"

#define LISTEN_BACKLOG 1024

struct conn_gsource {
	GSource base;
	struct conn *c;
};

int relay_parse_addr(const char *s, struct sockaddr_storage *out, socklen_t *len)
{
	struct addrinfo hints, *ai = NULL;
	char host[128];
	const char *colon = strrchr(s, ':'), *h = s;
	size_t hl;
	int rc = -1;

	if (colon == NULL || colon[1] == '\0')
		return -1;
	hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		h = s + 1;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host))
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0 || ai == NULL)
		goto out;
	if (ai->ai_addrlen > sizeof(*out))
		goto out;
	memset(out, 0, sizeof(*out));
	memcpy(out, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	rc = 0;
out:
	if (ai != NULL)
		freeaddrinfo(ai);
	return rc;
}

/* Sets the events c's source waits for: input unless the input stopped,
 * output while the socket is full. */
static void conn_watch(struct conn *c)
{
	GIOCondition ev = 0;

	if (!c->broken && c->parked == NULL && c->in_len < sizeof(c->in))
		ev |= G_IO_IN;
	if (c->blocked)
		ev |= G_IO_OUT;
	if (ev != c->events) {
		g_source_modify_unix_fd(c->gsrc, c->fd_tag, ev);
		c->events = ev;
	}
}

void conn_close(struct conn *c)
{
	struct relay *r = c->relay;

	source_unpark(c);
	if (c->sess != NULL) {
		struct session *s = c->sess;

		c->sess = NULL;
		s->conn = NULL;
		session_end(s);
	}
	g_queue_unlink(&r->conns, &c->link);
	g_source_destroy(c->gsrc);
	g_source_unref(c->gsrc);
	close(c->fd);
	g_byte_array_unref(c->out);
	g_free(c);
}

/* Writes what c->out holds.  Returns 0 when it is empty, 1 when the
 * socket is full, -1 on an error. */
static int flush_out(struct conn *c)
{
	while (c->out_off < c->out->len) {
		ssize_t n = send(c->fd, c->out->data + c->out_off, c->out->len - c->out_off,
				 MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 1;
			return -1;
		}
		c->out_off += (size_t)n;
		if (c->sess != NULL)
			c->sess->src->bytes_out += (uint64_t)n;
	}
	g_byte_array_set_size(c->out, 0);
	c->out_off = 0;
	return 0;
}

int conn_pump(struct conn *c)
{
	int rc;

	rc = flush_out(c);
	if (rc == 0 && c->close_after) {
		conn_close(c);
		return -1;
	}
	if (rc == 0 && c->sess != NULL && c->sess->playing)
		rc = session_send_tcp(c->sess, c);
	if (rc < 0) {
		conn_close(c);
		return -1;
	}
	c->blocked = rc == 1;
	conn_watch(c);
	return 0;
}

int conn_send(struct conn *c, const void *p, size_t len)
{
	if (c->out->len - c->out_off + len > RELAY_OUT_MAX) {
		vb_warn("relay: %s: output overflow, closing", c->peer_ip);
		conn_close(c);
		return -1;
	}
	g_byte_array_append(c->out, p, (guint)len);
	if (c->blocked)
		return 0;
	return conn_pump(c);
}

int conn_reply(struct conn *c, const struct rtsp_reply *rep)
{
	size_t size = 2048 + rep->body_len, len;
	char *buf = g_malloc(size);
	int rc;

	if (rtsp_reply_write(rep, buf, size, &len) < 0) {
		struct rtsp_reply err = { .status = 500, .cseq = rep->cseq };

		vb_error("relay: cannot write a %d reply", rep->status);
		if (rtsp_reply_write(&err, buf, size, &len) < 0)
			len = 0;
	}
	rc = len ? conn_send(c, buf, len) : 0;
	g_free(buf);
	return rc;
}

/* Parses and answers what c->in holds, one message at a time, until more
 * input is needed or a DESCRIBE is parked. */
static int conn_process(struct conn *c)
{
	while (c->in_len > 0 && c->parked == NULL && !c->broken) {
		struct rtsp_msg msg;
		size_t used = 0;
		int what = rtsp_parse(&c->parser, c->in, c->in_len, &msg, &used);

		if (what < 0) {
			struct rtsp_reply rep = { .status = msg.status, .cseq = -1 };

			c->broken = 1;
			c->close_after = 1;
			return conn_reply(c, &rep);
		}
		if (what == RTSP_PARSE_REQUEST) {
			/* req points into c->in: answer before dropping it. */
			if (request_handle(c, &msg.req) < 0)
				return -1;
		} else if (what == RTSP_PARSE_FRAME && c->sess != NULL) {
			/* RTCP receiver reports keep the session alive. */
			c->sess->last_seen_us = g_get_monotonic_time();
		}
		if (used > c->in_len)
			used = c->in_len;
		memmove(c->in, c->in + used, c->in_len - used);
		c->in_len -= used;
		if (what == RTSP_PARSE_MORE)
			break;
	}
	conn_watch(c);
	return 0;
}

int conn_resume(struct conn *c)
{
	return conn_process(c);
}

/* Reads what the socket has into c->in and processes it. */
static int conn_read(struct conn *c)
{
	for (;;) {
		ssize_t n;

		if (c->in_len == sizeof(c->in) || c->parked != NULL || c->broken)
			break;
		n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			conn_close(c);
			return -1;
		}
		c->in_len += (size_t)n;
		c->last_in_us = g_get_monotonic_time();
		if (c->sess != NULL)
			c->sess->last_seen_us = c->last_in_us;
		if (conn_process(c) < 0)
			return -1;
	}
	return 0;
}

static gboolean conn_dispatch(GSource *gs, GSourceFunc cb, gpointer data)
{
	struct conn *c = ((struct conn_gsource *)gs)->c;
	GIOCondition rev = g_source_query_unix_fd(gs, c->fd_tag);

	(void)cb;
	(void)data;
	if (rev & (G_IO_ERR | G_IO_NVAL)) {
		conn_close(c);
		return G_SOURCE_CONTINUE;
	}
	if ((rev & G_IO_OUT) && conn_pump(c) < 0)
		return G_SOURCE_CONTINUE;
	if (rev & (G_IO_IN | G_IO_HUP)) {
		if (conn_read(c) < 0)
			return G_SOURCE_CONTINUE;
		/* HUP with input stopped (parked, full): nothing more will come. */
		if ((rev & G_IO_HUP) && !(c->events & G_IO_IN))
			conn_close(c);
	}
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs conn_funcs = {
	.dispatch = conn_dispatch,
};

static void conn_new(struct relay *r, int fd, const struct sockaddr_storage *peer,
		     socklen_t peer_len)
{
	struct conn *c = g_new0(struct conn, 1);
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->relay = r;
	c->fd = fd;
	c->peer = *peer;
	c->peer_len = peer_len;
	if (getnameinfo((const struct sockaddr *)peer, peer_len, c->peer_ip, sizeof(c->peer_ip),
			NULL, 0, NI_NUMERICHOST) != 0)
		g_strlcpy(c->peer_ip, "?", sizeof(c->peer_ip));
	rtsp_parser_init(&c->parser);
	c->out = g_byte_array_new();
	c->last_in_us = g_get_monotonic_time();
	c->link.data = c;
	g_queue_push_tail_link(&r->conns, &c->link);
	c->gsrc = g_source_new(&conn_funcs, sizeof(struct conn_gsource));
	((struct conn_gsource *)c->gsrc)->c = c;
	c->events = G_IO_IN;
	c->fd_tag = g_source_add_unix_fd(c->gsrc, fd, G_IO_IN);
	g_source_attach(c->gsrc, NULL);
	r->conns_total++;
}

/* Accepts every pending connection: hundreds may arrive in one second. */
static gboolean on_accept(int fd, GIOCondition cond, void *arg)
{
	struct relay *r = arg;

	(void)cond;
	for (;;) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof(peer);
		int cfd = accept4(fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				vb_warn("relay: accept: %s", strerror(errno));
			break;
		}
		conn_new(r, cfd, &peer, len);
	}
	return G_SOURCE_CONTINUE;
}

int server_listen(struct relay *r, const char *addr)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd = -1, one = 1;

	if (relay_parse_addr(addr, &sa, &len) < 0) {
		vb_error("relay: bad listen address %s", addr);
		return -1;
	}
	fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, len) < 0 || listen(fd, LISTEN_BACKLOG) < 0)
		goto fail;
	r->listen_fd = fd;
	r->listen_watch = g_unix_fd_add(fd, G_IO_IN, on_accept, r);
	if (udp_open(r, sa.ss_family) < 0)
		vb_warn("relay: no UDP ports: UDP viewers will be refused");
	return 0;
fail:
	vb_error("relay: listen on %s: %s", addr, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

void server_close(struct relay *r)
{
	GHashTableIter it;
	void *v;

	if (r->listen_watch)
		g_source_remove(r->listen_watch);
	r->listen_watch = 0;
	if (r->listen_fd >= 0)
		close(r->listen_fd);
	r->listen_fd = -1;
	while (r->conns.head != NULL)
		conn_close(r->conns.head->data);
	/* UDP sessions outlive their connections: end them too. */
	for (;;) {
		g_hash_table_iter_init(&it, r->sessions);
		if (!g_hash_table_iter_next(&it, NULL, &v))
			break;
		session_end(v);
	}
}
