/* vestibule-devsim: options, the clip, the main loop and its signals.
 *   SIGTERM, SIGINT  end every session and exit 0
 *   SIGUSR1          stop serving: close the listening socket, end sessions
 *   SIGUSR2          serve again */
#include "devsim.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib-unix.h>

static GMainLoop *loop;

static gboolean on_quit(gpointer data)
{
	g_printerr("devsim: %s, exiting\n", (const char *)data);
	g_main_loop_quit(loop);
	return G_SOURCE_CONTINUE;
}

static gboolean on_usr1(gpointer data)
{
	devsim_server_stop();
	return G_SOURCE_CONTINUE;
}

static gboolean on_usr2(gpointer data)
{
	devsim_server_start();
	return G_SOURCE_CONTINUE;
}

static gboolean on_exit_after(gpointer data)
{
	g_printerr("devsim: --exit-after reached\n");
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

static int parse_size(const char *s, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10), b;

	if (*end != 'x')
		return -1;
	b = strtol(end + 1, &end, 10);
	if (*end != '\0' || a < 16 || b < 16 || a > 4096 || b > 4096 || a % 2 || b % 2)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

int main(int argc, char **argv)
{
	int ret = 1;
	struct devsim_opts o = {
		.port = 8554, .threads = 4, .shards = 4, .backlog = 1024, .session_timeout = 60,
		.width = 1280, .height = 720, .fps = 25, .bitrate_kbps = 2000, .gop = 25,
		.duration_s = 8, .audio = DEVSIM_AUDIO_PCMU,
	};
	char *size = NULL, *video = NULL, *audio = NULL, *clip_path = NULL;
	struct devsim_clip clip = { 0 };
	GError *err = NULL;
	GOptionContext *ctx;
	GOptionEntry entries[] = {
		{ "bind", 0, 0, G_OPTION_ARG_STRING, &o.bind, "Address to listen on (127.0.0.1)", "ADDR" },
		{ "port", 'p', 0, G_OPTION_ARG_INT, &o.port, "RTSP port, 0 for any (8554)", "PORT" },
		{ "path", 0, 0, G_OPTION_ARG_STRING, &o.path, "Stream path (/live/ch00_0)", "PATH" },
		{ "user", 'u', 0, G_OPTION_ARG_STRING, &o.user, "Require this user (digest auth)", "USER" },
		{ "password", 'w', 0, G_OPTION_ARG_STRING, &o.password, "Its password", "PASSWORD" },
		{ "basic", 0, 0, G_OPTION_ARG_NONE, &o.basic, "Offer Basic auth instead of Digest", NULL },
		{ "status-port", 's', 0, G_OPTION_ARG_INT, &o.status_port,
		  "HTTP status and control port (none)", "PORT" },
		{ "drop-after", 0, 0, G_OPTION_ARG_DOUBLE, &o.drop_after,
		  "Close every connection and its sessions after this many seconds", "S" },
		{ "exit-after", 0, 0, G_OPTION_ARG_DOUBLE, &o.exit_after, "Exit after this many seconds", "S" },
		{ "stopped", 0, 0, G_OPTION_ARG_NONE, &o.start_stopped,
		  "Start without listening (SIGUSR2 or /start serves)", NULL },
		{ "tcp-only", 0, 0, G_OPTION_ARG_NONE, &o.tcp_only, "Refuse UDP transports", NULL },
		{ "threads", 0, 0, G_OPTION_ARG_INT, &o.threads, "RTSP client threads (4)", "N" },
		{ "backlog", 0, 0, G_OPTION_ARG_INT, &o.backlog, "Listen backlog (1024)", "N" },
		{ "shards", 0, 0, G_OPTION_ARG_INT, &o.shards,
		  "Spread viewers over N shared pipelines (4)", "N" },
		{ "session-timeout", 0, 0, G_OPTION_ARG_INT, &o.session_timeout,
		  "RTSP session timeout in seconds (60)", "S" },
		{ "rate-control", 0, 0, G_OPTION_ARG_NONE, &o.rate_control,
		  "Let gst-rtsp-server pace TCP viewers by the clock (off)", NULL },
		{ "clip", 'c', 0, G_OPTION_ARG_FILENAME, &o.clip,
		  "Serve this clip (MP4/MOV, H.264 or H.265 without B-frames, G.711, AAC or Opus)", "FILE" },
		{ "make-clip", 0, 0, G_OPTION_ARG_FILENAME, &o.make_clip, "Make the clip and exit", "FILE" },
		{ "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.cache_dir,
		  "Where the clip is made when --clip is not given (~/.cache/vestibule-devsim)", "DIR" },
		{ "size", 0, 0, G_OPTION_ARG_STRING, &size, "Clip size (1280x720)", "WxH" },
		{ "fps", 0, 0, G_OPTION_ARG_INT, &o.fps, "Clip frame rate (25)", "N" },
		{ "bitrate", 0, 0, G_OPTION_ARG_INT, &o.bitrate_kbps, "Clip bitrate in kbit/s (2000)", "K" },
		{ "gop", 0, 0, G_OPTION_ARG_INT, &o.gop, "Frames from keyframe to keyframe (25)", "N" },
		{ "duration", 0, 0, G_OPTION_ARG_INT, &o.duration_s, "Clip length in seconds (8)", "S" },
		{ "video", 0, 0, G_OPTION_ARG_STRING, &video, "h264 or h265 (h264)", "CODEC" },
		{ "audio", 'a', 0, G_OPTION_ARG_STRING, &audio, "pcmu, pcma, aac, opus or none (pcmu)",
		  "CODEC" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &o.verbose, "Log more", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};

	ctx = g_option_context_new("- a simulated door phone serving RTSP");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_add_group(ctx, gst_init_get_option_group());
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		g_printerr("vestibule-devsim: %s\n", err->message);
		g_option_context_free(ctx);
		g_clear_error(&err);
		return 2;
	}
	g_option_context_free(ctx);
	if (o.bind == NULL)
		o.bind = g_strdup("127.0.0.1");
	if (o.path == NULL)
		o.path = g_strdup("/live/ch00_0");
	if (o.cache_dir == NULL)
		o.cache_dir = g_build_filename(g_get_user_cache_dir(), "vestibule-devsim", NULL);
	if (o.password == NULL)
		o.password = g_strdup("");
	if ((size && parse_size(size, &o.width, &o.height) != 0)
	    || (video && devsim_video_parse(video, &o.video) != 0)
	    || (audio && devsim_audio_parse(audio, &o.audio) != 0)
	    || o.port < 0 || o.port > 65535 || o.status_port < 0 || o.status_port > 65535
	    || o.fps < 1 || o.fps > 120 || o.bitrate_kbps < 50 || o.gop < 1
	    || o.duration_s < 1 || o.duration_s > 600 || o.threads < 1 || o.shards < 1 || o.shards > 64 || o.backlog < 1
	    || o.session_timeout < 5 || o.path[0] != '/' || o.drop_after < 0 || o.exit_after < 0) {
		g_printerr("vestibule-devsim: bad option value (see --help)\n");
		return 2;
	}
	/* A viewer that hangs up, or ffmpeg making an H.265 clip that dies,
	 * is a write error, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (o.make_clip) {
		ret = devsim_clip_make(&o, o.make_clip) == 0 ? 0 : 1;
		goto out;
	}
	clip_path = o.clip ? g_strdup(o.clip) : devsim_clip_cache_path(&o);
	if (o.clip == NULL && !g_file_test(clip_path, G_FILE_TEST_EXISTS)
	    && devsim_clip_make(&o, clip_path) != 0)
		goto out;
	if (devsim_clip_load(clip_path, &clip) != 0)
		goto out;
	g_printerr("devsim: clip %s: %u %s frames of %.1f ms, %.0f kbit/s, audio %s\n", clip_path,
		clip.vframes->len, devsim_video_name(clip.video), (double)clip.vdur / GST_MSECOND,
		(double)clip.bytes * 8 / ((double)clip.vframes->len * clip.vdur / GST_SECOND) / 1000,
		devsim_audio_name(clip.audio));

	loop = g_main_loop_new(NULL, FALSE);
	if (devsim_server_init(&o, &clip) != 0)
		goto out;
	if (devsim_status_start(&o, &err) != 0) {
		g_printerr("vestibule-devsim: status port %d: %s\n", o.status_port,
			err ? err->message : "?");
		goto out;
	}
	if (!o.start_stopped && devsim_server_start() != 0)
		goto out;
	g_unix_signal_add(SIGTERM, on_quit, "SIGTERM");
	g_unix_signal_add(SIGINT, on_quit, "SIGINT");
	g_unix_signal_add(SIGUSR1, on_usr1, NULL);
	g_unix_signal_add(SIGUSR2, on_usr2, NULL);
	if (o.exit_after > 0)
		g_timeout_add((guint)(o.exit_after * 1000), on_exit_after, NULL);
	/* One line on stdout when ready, for scripts that wait for it. */
	printf("vestibule-devsim ready rtsp://%s:%d%s status %d\n", o.bind,
		devsim_server_port(), o.path, o.status_port);
	fflush(stdout);
	g_main_loop_run(loop);
	ret = 0;
out:
	devsim_status_stop();
	devsim_server_shutdown();
	devsim_clip_clear(&clip);
	if (loop)
		g_main_loop_unref(loop);
	g_clear_error(&err);
	g_free(clip_path);
	g_free(size);
	g_free(video);
	g_free(audio);
	g_free(o.bind);
	g_free(o.path);
	g_free(o.user);
	g_free(o.password);
	g_free(o.clip);
	g_free(o.make_clip);
	g_free(o.cache_dir);
	return ret;
}
