/*
 * vestibule-relay - the RTSP relay between door phones / cameras and their
 * viewers (issue 6, README.md).
 *
 *   vestibule-relay [--config FILE] [--listen ADDR:PORT] [--metrics ADDR:PORT]
 *                   [--linger SECONDS]
 *
 * One GLib main loop serves every viewer; GStreamer pulls the sources
 * (upstream.c).  SIGTERM or SIGINT: the listeners close, sessions end,
 * upstreams stop, exit 0.
 */
#include <glib-unix.h>
#include <gst/gst.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay.h"
#include "vb_crypto.h"
#include "vb_db.h"
#include "vb_log.h"
#include "vb_stream.h"

#define DEFAULT_LISTEN "0.0.0.0:8554"
#define DEFAULT_METRICS "127.0.0.1:8555"
#define DEFAULT_LINGER 10

static gboolean on_signal(void *arg)
{
	struct relay *r = arg;

	vb_info("relay: stopping");
	g_main_loop_quit(r->loop);
	return G_SOURCE_CONTINUE;
}

/* The once-a-second chores: idle sessions, parked DESCRIBEs, sources'
 * rows, RTCP sender reports. */
static gboolean on_tick(void *arg)
{
	struct relay *r = arg;
	int64_t now = g_get_monotonic_time();

	sessions_expire(r, now);
	sources_expire_parked(r, now);
	sources_refresh(r, now);
	sessions_report(r, now);
	return G_SOURCE_CONTINUE;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vestibule-relay [--config FILE] [--listen ADDR:PORT] "
		   "[--metrics ADDR:PORT] [--linger SECONDS]\n");
}

static void session_destroy(void *p)
{
	g_free(p);
}

int main(int argc, char **argv)
{
	struct relay r;
	const char *listen = DEFAULT_LISTEN, *metrics = DEFAULT_METRICS;
	char err[512];
	int i, rc = 1;

	memset(&r, 0, sizeof(r));
	r.listen_fd = r.metrics_fd = r.udp_fd[0] = r.udp_fd[1] = -1;
	r.linger_s = DEFAULT_LINGER;
	for (i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (v == NULL) {
			usage(stderr);
			return 2;
		}
		if (strcmp(argv[i], "--config") == 0) {
			/* vb_conf_path reads it */
		} else if (strcmp(argv[i], "--listen") == 0) {
			listen = v;
		} else if (strcmp(argv[i], "--metrics") == 0) {
			metrics = v;
		} else if (strcmp(argv[i], "--linger") == 0) {
			char *end;
			long l = strtol(v, &end, 10);

			if (*end != '\0' || l < 0 || l > 86400) {
				usage(stderr);
				return 2;
			}
			r.linger_s = (int)l;
		} else {
			usage(stderr);
			return 2;
		}
	}

	vb_conf_defaults(&r.conf);
	if (vb_conf_load(&r.conf, vb_conf_path(argc, argv), err, sizeof(err)) < 0) {
		fprintf(stderr, "vestibule-relay: %s\n", err);
		return 1;
	}
	vb_log_init("relay", r.conf.log_level);
	/* The key opens the sources' passwords and derives the token secret:
	 * without it no viewer could ever be let in. */
	if (!r.conf.have_key) {
		vb_error("relay: the configuration names no key_file");
		return 1;
	}
	if (vb_stream_secret(r.conf.key, r.secret) < 0 || vb_random(r.nonce_key, 32) < 0) {
		vb_error("relay: cannot derive the secrets");
		return 1;
	}
	if (vb_db_open(&r.db, &r.conf) < 0) {
		vb_error("relay: cannot connect to the database");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	gst_init(NULL, NULL);

	r.loop = g_main_loop_new(NULL, FALSE);
	r.sources = g_hash_table_new(g_str_hash, g_str_equal);
	r.sessions = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, session_destroy);
	r.udp_peers = g_hash_table_new(g_str_hash, g_str_equal);
	g_queue_init(&r.conns);

	if (server_listen(&r, listen) < 0 || metrics_listen(&r, metrics) < 0)
		goto out;
	r.tick = g_timeout_add_seconds(1, on_tick, &r);
	g_unix_signal_add(SIGTERM, on_signal, &r);
	g_unix_signal_add(SIGINT, on_signal, &r);
	printf("vestibule-relay ready rtsp %s metrics %s\n", listen, metrics);
	fflush(stdout);
	vb_info("relay: listening on %s, metrics on %s, linger %d s", listen, metrics, r.linger_s);

	g_main_loop_run(r.loop);
	rc = 0;
out:
	if (r.tick)
		g_source_remove(r.tick);
	server_close(&r);
	metrics_close(&r);
	udp_close(&r);
	sources_free(&r);
	g_hash_table_destroy(r.sessions);
	g_hash_table_destroy(r.udp_peers);
	g_hash_table_destroy(r.sources);
	g_main_loop_unref(r.loop);
	vb_db_close(r.db);
	return rc;
}
