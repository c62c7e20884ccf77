/*
 * source.c - a relayed source: its relay_sources row (cached a few
 * seconds), one upstream pull and one ring shared by every viewer, the
 * SDP the viewers are given, and the linger after the last one left.
 *
 * The SDP of the newest pull is kept after the pull fails, so a viewer
 * arriving while the upstream is in back-off is still answered and gets
 * video when the source returns; only a source that never answered makes
 * a DESCRIBE wait (parked, up to RELAY_DESCRIBE_WAIT_US) and then 503.
 */
#include <stdlib.h>
#include <string.h>

#include "relay.h"
#include "vb_crypto.h"
#include "vb_db.h"
#include "vb_log.h"

static void on_state(void *arg, enum upstream_state state);
static void on_sdp(void *arg, const char *sdp);
static void on_packets(void *arg);

static const struct upstream_cb source_cb = { on_state, on_sdp, on_packets };

enum upstream_state source_state(const struct source *src)
{
	return src->up != NULL ? upstream_get_state(src->up) : UPSTREAM_IDLE;
}

/* g_strcmp0 for "did this change". */
static int differs(const char *a, const char *b)
{
	return g_strcmp0(a, b) != 0;
}

/* Reads src's row.  Returns 0 (src->exists 0 when there is none) or -1
 * when the database failed. */
static int read_row(struct source *src)
{
	struct relay *r = src->relay;
	json_object *row = NULL;
	const char *sealed, *aad;
	unsigned char *pw = NULL;
	size_t pwlen;
	int rc = -1;

	if (vb_db_query_row(r->db, &row,
			    "SELECT upstream_url, username, password_sealed, password_aad, "
			    "allow_monitoring FROM relay_sources WHERE kind = ? AND object_id = ?",
			    "si", src->kind == 'd' ? "door_phone" : "camera",
			    (int64_t)src->object_id) < 0)
		goto out;
	g_clear_pointer(&src->url, g_free);
	g_clear_pointer(&src->user, g_free);
	if (src->password != NULL)
		memset(src->password, 0, strlen(src->password));
	g_clear_pointer(&src->password, g_free);
	src->exists = row != NULL;
	src->row_us = g_get_monotonic_time();
	rc = 0;
	if (row == NULL)
		goto out;
	src->allow = vb_row_bool(row, "allow_monitoring");
	src->url = g_strdup(vb_row_str(row, "upstream_url"));
	if (vb_row_str(row, "username") != NULL && *vb_row_str(row, "username"))
		src->user = g_strdup(vb_row_str(row, "username"));
	sealed = vb_row_str(row, "password_sealed");
	aad = vb_row_str(row, "password_aad");
	if (sealed != NULL && *sealed && aad != NULL) {
		if (vb_open(r->conf.key, aad, sealed, &pw, &pwlen) < 0) {
			/* A key that does not open it: pull without a password
			 * and let the source's 401 say so in the state. */
			vb_warn("relay: %s: the password does not open with this key", src->id);
		} else {
			src->password = g_strndup((const char *)pw, pwlen);
			memset(pw, 0, pwlen);
			free(pw);
		}
	}
out:
	json_object_put(row);
	return rc;
}

struct source *source_get(struct relay *r, const struct rtsp_url *url, int *status)
{
	struct source *src = g_hash_table_lookup(r->sources, url->source);
	int64_t now = g_get_monotonic_time();

	*status = 0;
	if (src == NULL) {
		src = g_new0(struct source, 1);
		src->ring = ring_new(0, 0);
		if (src->ring == NULL) {
			g_free(src);
			*status = 500;
			return NULL;
		}
		src->relay = r;
		g_strlcpy(src->id, url->source, sizeof(src->id));
		src->kind = url->kind;
		src->object_id = url->id;
		g_queue_init(&src->sessions);
		g_queue_init(&src->parked);
		g_hash_table_insert(r->sources, src->id, src);
	}
	if (src->row_us == 0 || now - src->row_us > RELAY_ROW_CACHE_US) {
		if (read_row(src) < 0) {
			vb_error("relay: %s: cannot read relay_sources", src->id);
			/* A row read before still says who may watch. */
			if (src->row_us == 0) {
				*status = 500;
				return src;
			}
		}
	}
	if (!src->exists)
		*status = 404;
	else if (!src->allow)
		*status = 403;
	return src;
}

static gboolean on_linger(void *arg)
{
	struct source *src = arg;

	src->linger_id = 0;
	if (src->sessions.length == 0 && src->parked.length == 0 && src->up != NULL) {
		vb_info("relay: %s: no viewer left, stopping the upstream", src->id);
		upstream_stop(src->up);
	}
	return G_SOURCE_REMOVE;
}

void source_idle(struct source *src)
{
	if (src->sessions.length > 0 || src->parked.length > 0 || src->linger_id != 0)
		return;
	if (source_state(src) == UPSTREAM_IDLE)
		return;
	src->linger_id = g_timeout_add_seconds((guint)src->relay->linger_s, on_linger, src);
}

int source_start(struct source *src)
{
	if (src->linger_id != 0) {
		g_source_remove(src->linger_id);
		src->linger_id = 0;
	}
	if (src->url == NULL || *src->url == '\0')
		return -1;
	/* The installer changed the source: a new pull with its new
	 * settings, which the viewers continue on (see apply_row). */
	if (src->up != NULL &&
	    (differs(src->url, src->up_url) || differs(src->user, src->up_user) ||
	     differs(src->password, src->up_password))) {
		upstream_free(src->up);
		src->up = NULL;
	}
	if (src->up == NULL) {
		src->up = upstream_new(src->url, src->user, src->password, src->ring, &source_cb, src);
		if (src->up == NULL)
			return -1;
		g_free(src->up_url);
		g_free(src->up_user);
		g_free(src->up_password);
		src->up_url = g_strdup(src->url);
		src->up_user = g_strdup(src->user);
		src->up_password = g_strdup(src->password);
	}
	if (source_state(src) == UPSTREAM_IDLE || source_state(src) == UPSTREAM_UNAUTHORIZED)
		vb_info("relay: %s: starting the upstream", src->id);
	return upstream_start(src->up) < 0 && source_state(src) == UPSTREAM_IDLE ? -1 : 0;
}

void source_park(struct source *src, struct conn *c, long cseq)
{
	c->parked = src;
	c->parked_cseq = cseq;
	c->parked_until = g_get_monotonic_time() + RELAY_DESCRIBE_WAIT_US;
	g_queue_push_tail(&src->parked, c);
}

void source_unpark(struct conn *c)
{
	if (c->parked == NULL)
		return;
	g_queue_remove(&c->parked->parked, c);
	c->parked = NULL;
}

/* Answers every parked DESCRIBE of src whose time came (all when
 * deadline is INT64_MAX). */
static void answer_parked(struct source *src, int64_t deadline)
{
	GPtrArray *due = g_ptr_array_new();
	GList *l;
	guint i;

	for (l = src->parked.head; l != NULL; l = l->next)
		if (((struct conn *)l->data)->parked_until <= deadline)
			g_ptr_array_add(due, l->data);
	/* Answering may close a connection, but only that one. */
	for (i = 0; i < due->len; i++)
		request_describe_answer(due->pdata[i]);
	g_ptr_array_free(due, TRUE);
}

void sources_expire_parked(struct relay *r, int64_t now_us)
{
	GHashTableIter it;
	void *v;

	g_hash_table_iter_init(&it, r->sources);
	while (g_hash_table_iter_next(&it, NULL, &v))
		if (((struct source *)v)->parked.length > 0)
			answer_parked(v, now_us);
}

/* Appends one SDP line and its CRLF. */
static void add_line(GString *out, const char *line)
{
	g_string_append(out, line);
	g_string_append(out, "\r\n");
}

/*
 * sdp_rewrite makes the viewers' SDP (RFC 4566, RFC 2326 appendix C) from
 * the source's: the connection address is the relay's business, so the
 * session level gets "c=IN IP4 0.0.0.0" (before t=, the order 5.x asks)
 * and "a=control:*", each kept media section "a=control:trackID=N" (N its
 * ring track), and every upstream c= and a=control is dropped; rtpmap,
 * fmtp and the rest stay as they are.  Sections past RING_TRACKS_MAX are
 * left out.  Returns a new string (g_free) and the tracks in *ntracks.
 */
static char *sdp_rewrite(const char *in, unsigned *ntracks)
{
	GString *out = g_string_new(NULL);
	char **lines = g_strsplit(in, "\n", -1);
	int media = -1, have_c = 0, skip = 0;
	size_t i;

	for (i = 0; lines[i] != NULL; i++) {
		char *l = lines[i];
		size_t n = strlen(l);

		if (n > 0 && l[n - 1] == '\r')
			l[--n] = '\0';
		if (n == 0)
			continue;
		if (strncmp(l, "m=", 2) == 0) {
			if (media < 0) {
				if (!have_c)
					add_line(out, "c=IN IP4 0.0.0.0");
				have_c = 1;
				add_line(out, "a=control:*");
			} else if (!skip) {
				g_string_append_printf(out, "a=control:trackID=%d\r\n", media);
			}
			media++;
			skip = media >= RING_TRACKS_MAX;
			if (!skip)
				add_line(out, l);
			continue;
		}
		if (skip || strncmp(l, "c=", 2) == 0 || strncmp(l, "a=control:", 10) == 0)
			continue;
		if (media < 0 && strncmp(l, "t=", 2) == 0 && !have_c) {
			add_line(out, "c=IN IP4 0.0.0.0");
			have_c = 1;
		}
		add_line(out, l);
	}
	if (media < 0) {
		if (!have_c)
			add_line(out, "c=IN IP4 0.0.0.0");
		add_line(out, "a=control:*");
	} else if (!skip) {
		g_string_append_printf(out, "a=control:trackID=%d\r\n", media);
	}
	g_strfreev(lines);
	*ntracks = media < 0 ? 0 : (unsigned)(media + 1 > RING_TRACKS_MAX ? RING_TRACKS_MAX
									    : media + 1);
	return g_string_free(out, FALSE);
}

static void on_sdp(void *arg, const char *sdp)
{
	struct source *src = arg;

	g_free(src->sdp);
	src->sdp = sdp_rewrite(sdp, &src->ntracks);
	answer_parked(src, INT64_MAX);
}

static void on_state(void *arg, enum upstream_state state)
{
	struct source *src = arg;

	/* Refused credentials will not change by waiting. */
	if (state == UPSTREAM_UNAUTHORIZED)
		answer_parked(src, INT64_MAX);
}

/* Sends every playing viewer what the ring holds for it, now. */
static void flush(struct source *src)
{
	GList *l, *next;

	if (src->flush_id != 0) {
		g_source_remove(src->flush_id);
		src->flush_id = 0;
	}
	for (l = src->sessions.head; l != NULL; l = next) {
		struct session *s = l->data;

		/* Pumping may close this session's connection, never another. */
		next = l->next;
		if (!s->playing)
			continue;
		if (s->lower == RTSP_LOWER_UDP)
			session_send_udp(s);
		else if (s->conn != NULL && !s->conn->blocked)
			conn_pump(s->conn);
	}
}

static gboolean on_flush_timer(void *arg)
{
	struct source *src = arg;

	src->flush_id = 0;
	flush(src);
	return G_SOURCE_REMOVE;
}

/* New packets are in the ring: flush at once when a video frame is whole,
 * else within RELAY_FLUSH_MS (see relay.h).  Each packet is looked at once
 * (src->scanned). */
static void on_packets(void *arg)
{
	struct source *src = arg;
	uint64_t i, head = ring_head(src->ring);
	int frame_end = 0;

	for (i = src->scanned; i < head && !frame_end; i++) {
		struct ring_pkt pk;

		frame_end = ring_get(src->ring, i, &pk) == 0 && (pk.flags & RING_PKT_FRAME_END);
	}
	src->scanned = head;
	if (frame_end)
		flush(src);
	else if (src->flush_id == 0)
		src->flush_id = g_timeout_add(RELAY_FLUSH_MS, on_flush_timer, src);
}

/* Ends every viewer session of src, with its connection when interleaved. */
static void cut_viewers(struct source *src)
{
	while (src->sessions.head != NULL) {
		struct session *s = src->sessions.head->data;

		if (s->conn != NULL)
			conn_close(s->conn);
		else
			session_end(s);
	}
}

/* Applies a re-read row to a source in use: viewers of a source that is
 * gone or no longer allows monitoring are cut at once; a changed URL or
 * credentials start a new pull that the same viewers continue on (as
 * after a camera's restart: the ring keeps their numbering). */
static void apply_row(struct source *src)
{
	if (!src->exists || !src->allow) {
		if (src->sessions.length > 0)
			vb_info("relay: %s: %s, cutting %u viewer(s)", src->id,
				src->exists ? "monitoring turned off" : "source deleted",
				src->sessions.length);
		cut_viewers(src);
		if (src->up != NULL)
			upstream_stop(src->up);
		return;
	}
	if (src->up == NULL || source_state(src) == UPSTREAM_IDLE)
		return;
	if (!differs(src->url, src->up_url) && !differs(src->user, src->up_user) &&
	    !differs(src->password, src->up_password))
		return;
	vb_info("relay: %s: the source's settings changed, pulling again", src->id);
	upstream_free(src->up);
	src->up = NULL;
	if ((src->sessions.length > 0 || src->parked.length > 0) && source_start(src) < 0)
		cut_viewers(src);   /* no URL any more */
}

void sources_refresh(struct relay *r, int64_t now_us)
{
	GHashTableIter it;
	void *v;

	g_hash_table_iter_init(&it, r->sources);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		struct source *src = v;

		if (src->sessions.length == 0 && source_state(src) == UPSTREAM_IDLE)
			continue;
		if (now_us - src->row_us <= RELAY_ROW_CACHE_US)
			continue;
		if (read_row(src) < 0) {
			vb_error("relay: %s: cannot read relay_sources", src->id);
			continue;
		}
		apply_row(src);
	}
}

void sources_free(struct relay *r)
{
	GHashTableIter it;
	void *v;

	g_hash_table_iter_init(&it, r->sources);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		struct source *src = v;

		if (src->linger_id != 0)
			g_source_remove(src->linger_id);
		if (src->flush_id != 0)
			g_source_remove(src->flush_id);
		upstream_free(src->up);
		ring_free(src->ring);
		g_free(src->url);
		g_free(src->user);
		g_free(src->password);
		g_free(src->up_url);
		g_free(src->up_user);
		g_free(src->up_password);
		g_free(src->sdp);
		g_queue_clear(&src->parked);
		g_free(src);
	}
	g_hash_table_remove_all(r->sources);
}
