/*
 * request.c - the answers to the viewers' RTSP requests (RFC 2326
 * section 10): OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN,
 * GET_PARAMETER and SET_PARAMETER.
 *
 * DESCRIBE and SETUP name a source and are authenticated (auth.c); the
 * requests after SETUP are bound to the session they name, whose id (96
 * random bits) only an authenticated viewer was given.
 */
#include <stdio.h>
#include <string.h>

#include "relay.h"
#include "vb_log.h"

/* Answers a bare status. */
static int reply_status(struct conn *c, const struct rtsp_request *req, int status)
{
	struct rtsp_reply rep = { .status = status, .cseq = req->cseq };

	return conn_reply(c, &rep);
}

/* Answers 401 with a fresh Digest challenge. */
static int reply_401(struct conn *c, const struct rtsp_request *req, int stale)
{
	struct rtsp_reply rep = { .status = 401, .cseq = req->cseq, .stale = stale };
	char nonce[RTSP_NONCE_LEN + 1];

	if (auth_nonce(c->relay, c, nonce) == 0)
		rep.nonce = nonce;
	return conn_reply(c, &rep);
}

/* Reads the request's URL and checks that it may watch the source, which
 * it returns; NULL after answering the refusal (*rc holds conn_reply's
 * result then). */
static struct source *authorize(struct conn *c, const struct rtsp_request *req,
				struct rtsp_url *url, int *rc)
{
	struct source *src;
	int stale = 0, status;

	*rc = 0;
	if (rtsp_url_parse(req->uri.p, req->uri.len, url) < 0 || url->star) {
		*rc = reply_status(c, req, 404);
		return NULL;
	}
	/* Credentials first: a stranger learns nothing about which sources
	 * exist, and costs no database query. */
	if (auth_check(c->relay, c, req, url, &stale) != 0) {
		*rc = reply_401(c, req, stale);
		return NULL;
	}
	src = source_get(c->relay, url, &status);
	if (src == NULL || status != 0) {
		*rc = reply_status(c, req, src == NULL && status == 0 ? 500 : status);
		return NULL;
	}
	return src;
}

/* Answers c's parked DESCRIBE (see request_describe_answer) without
 * going on with its input: the caller is the request's own handler. */
static int describe_reply(struct conn *c)
{
	struct source *src = c->parked;
	struct rtsp_reply rep = { .cseq = c->parked_cseq };
	int rc;

	source_unpark(c);
	if (src->sdp != NULL) {
		rep.status = 200;
		rep.content_type = "application/sdp";
		rep.body = src->sdp;
		rep.body_len = strlen(src->sdp);
	} else {
		rep.status = 503;
	}
	rc = conn_reply(c, &rep);
	source_idle(src);
	return rc;
}

int request_describe_answer(struct conn *c)
{
	if (describe_reply(c) < 0)
		return -1;
	return conn_resume(c);
}

static int on_describe(struct conn *c, const struct rtsp_request *req)
{
	struct rtsp_url url;
	struct source *src;
	int rc;

	if ((src = authorize(c, req, &url, &rc)) == NULL)
		return rc;
	if (source_start(src) < 0)
		return reply_status(c, req, 503);
	/* No Content-Base: clients then resolve the SDP's controls against
	 * the URL they asked for, keeping its ?token= (ffmpeg appends
	 * "/trackID=N" after the query, GStreamer inserts it before). */
	source_park(src, c, req->cseq);
	if (src->sdp != NULL || source_state(src) == UPSTREAM_UNAUTHORIZED)
		return describe_reply(c);
	return 0;
}

/* The session a request names: *s NULL when it names none.  Returns 0; 1
 * after answering 454 for an unknown one. */
static int named_session(struct conn *c, const struct rtsp_request *req, struct session **s,
			 int *rc)
{
	*s = NULL;
	*rc = 0;
	if (req->session.len == 0)
		return 0;
	*s = session_find(c->relay, req->session.p, req->session.len);
	if (*s == NULL) {
		*rc = reply_status(c, req, 454);
		return 1;
	}
	(*s)->last_seen_us = g_get_monotonic_time();
	return 0;
}

static int on_setup(struct conn *c, const struct rtsp_request *req)
{
	struct relay *r = c->relay;
	struct rtsp_url url;
	struct rtsp_transport t;
	struct rtsp_reply rep = { .status = 200, .cseq = req->cseq };
	struct source *src;
	struct session *s;
	char tbuf[256];
	int rc, created = 0;

	if ((src = authorize(c, req, &url, &rc)) == NULL)
		return rc;
	if (url.track < 0 || url.track >= RING_TRACKS_MAX ||
	    (src->ntracks > 0 && (unsigned)url.track >= src->ntracks))
		return reply_status(c, req, 404);
	if (rtsp_transport_parse(req->transport.p, req->transport.len, &t) < 0 ||
	    (t.lower == RTSP_LOWER_UDP && r->udp_fd[0] < 0))
		return reply_status(c, req, 461);
	if (named_session(c, req, &s, &rc) != 0)
		return rc;
	if (s == NULL && c->sess != NULL && c->sess->src == src)
		s = c->sess;
	if (s != NULL && (s->src != src || s->lower != t.lower))
		return reply_status(c, req, 459);
	if (s == NULL) {
		/* One connection carries one interleaved session. */
		if (t.lower == RTSP_LOWER_TCP && c->sess != NULL)
			return reply_status(c, req, 459);
		if ((s = session_new(r, src, t.lower)) == NULL)
			return reply_status(c, req, 500);
		created = 1;
	}
	if (t.lower == RTSP_LOWER_TCP) {
		if (c->sess != NULL && c->sess != s) {
			if (created)
				session_end(s);
			return reply_status(c, req, 459);
		}
		if (s->conn != NULL && s->conn != c)
			s->conn->sess = NULL;
		if (t.interleaved[0] < 0) {
			t.interleaved[0] = 2 * url.track;
			t.interleaved[1] = 2 * url.track + 1;
		}
		s->chan[url.track] = t.interleaved[0];
		s->rtcp_chan[url.track] = t.interleaved[1];
		s->conn = c;
		c->sess = s;
	} else {
		if (session_set_udp(s, (unsigned)url.track, &c->peer, c->peer_len,
				    t.client_port[0], t.client_port[1]) < 0) {
			if (created)
				session_end(s);
			return reply_status(c, req, 461);
		}
		t.server_port[0] = r->udp_port[0];
		t.server_port[1] = r->udp_port[1];
	}
	s->setup[url.track] = 1;
	session_set_url(s, (unsigned)url.track, req->uri.p, req->uri.len);
	if (source_start(src) < 0) {
		if (created)
			session_end(s);
		return reply_status(c, req, 503);
	}
	if (rtsp_transport_format(&t, tbuf, sizeof(tbuf)) < 0) {
		if (created)
			session_end(s);
		return reply_status(c, req, 461);
	}
	rep.session = s->id;
	rep.transport = &t;
	return conn_reply(c, &rep);
}

static int on_play(struct conn *c, const struct rtsp_request *req)
{
	struct rtsp_reply rep = { .status = 200, .cseq = req->cseq, .range = "npt=0.000-" };
	struct session *s;
	char info[RELAY_RTP_INFO_MAX];
	int rc, was;

	if (named_session(c, req, &s, &rc) != 0)
		return rc;
	if (s == NULL)
		return reply_status(c, req, 454);
	rep.session = s->id;
	was = s->playing;
	if (!was) {
		session_join(s, info, sizeof(info));
		if (info[0] != '\0')
			rep.rtp_info = info;
	}
	/* The reply goes out before the first packet (conn_send queues in
	 * order), then the GOP in one burst. */
	if (conn_reply(c, &rep) < 0)
		return -1;
	if (!was)
		return session_play(s);
	return 0;
}

static int on_pause(struct conn *c, const struct rtsp_request *req)
{
	struct rtsp_reply rep = { .status = 200, .cseq = req->cseq };
	struct session *s;
	int rc;

	if (named_session(c, req, &s, &rc) != 0)
		return rc;
	if (s == NULL)
		return reply_status(c, req, 454);
	s->playing = 0;
	rep.session = s->id;
	return conn_reply(c, &rep);
}

static int on_teardown(struct conn *c, const struct rtsp_request *req)
{
	struct session *s;
	int rc;

	if (named_session(c, req, &s, &rc) != 0)
		return rc;
	if (s == NULL)
		return reply_status(c, req, 454);
	if (s->conn != NULL)
		s->conn->sess = NULL;
	s->conn = NULL;
	session_end(s);
	return reply_status(c, req, 200);
}

/* GET_PARAMETER and SET_PARAMETER: keep-alives (RFC 2326 section 10.8). */
static int on_parameter(struct conn *c, const struct rtsp_request *req)
{
	struct rtsp_reply rep = { .status = 200, .cseq = req->cseq };
	struct session *s;
	int rc;

	if (named_session(c, req, &s, &rc) != 0)
		return rc;
	if (s != NULL)
		rep.session = s->id;
	return conn_reply(c, &rep);
}

int request_handle(struct conn *c, const struct rtsp_request *req)
{
	switch (req->method) {
	case RTSP_OPTIONS: {
		struct rtsp_reply rep = { .status = 200, .cseq = req->cseq, .public_methods = 1 };
		struct session *s;
		int rc;

		if (named_session(c, req, &s, &rc) != 0)
			return rc;
		return conn_reply(c, &rep);
	}
	case RTSP_DESCRIBE:
		return on_describe(c, req);
	case RTSP_SETUP:
		return on_setup(c, req);
	case RTSP_PLAY:
		return on_play(c, req);
	case RTSP_PAUSE:
		return on_pause(c, req);
	case RTSP_TEARDOWN:
		return on_teardown(c, req);
	case RTSP_GET_PARAMETER:
	case RTSP_SET_PARAMETER:
		return on_parameter(c, req);
	default:
		return reply_status(c, req, 501);
	}
}
