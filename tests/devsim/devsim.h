/* vestibule-devsim: a simulated door phone that serves RTSP like an Akuvox
 * unit (rtsp://HOST:PORT/live/ch00_0), from a pre-encoded clip looped
 * without re-encoding. See tests/devsim/README.md. */
#ifndef DEVSIM_H
#define DEVSIM_H

#include <stdint.h>
#include <stddef.h>
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>

enum devsim_video {
	DEVSIM_VIDEO_H264,
	DEVSIM_VIDEO_H265,
};

enum devsim_audio {
	DEVSIM_AUDIO_NONE,
	DEVSIM_AUDIO_PCMU,
	DEVSIM_AUDIO_PCMA,
	DEVSIM_AUDIO_AAC,
	DEVSIM_AUDIO_OPUS,
};

struct devsim_opts {
	/* serving */
	char *bind;             /* address to listen on */
	int port;               /* RTSP port */
	char *path;             /* mount path, "/live/ch00_0" */
	char *user, *password;  /* digest credentials; no auth when user is NULL */
	gboolean basic;         /* offer Basic instead of Digest */
	int status_port;        /* HTTP status and control port, 0 = none */
	double drop_after;      /* close each connection after this many s, 0 = never */
	double exit_after;      /* exit after this many s, 0 = never */
	int threads;            /* RTSP client thread pool size */
	int shards;             /* shared media instances viewers are spread over */
	int backlog;            /* listen backlog */
	int session_timeout;    /* RTSP session timeout, s */
	gboolean tcp_only;      /* refuse UDP transports */
	gboolean start_stopped; /* start with the listening socket closed */
	gboolean rate_control;  /* gst-rtsp-server rate control for TCP */
	/* the clip */
	char *clip;             /* clip to serve; made in cache_dir when NULL */
	char *make_clip;        /* --make-clip FILE: make the clip and exit */
	char *cache_dir;
	int width, height, fps, bitrate_kbps, gop, duration_s;
	enum devsim_video video;
	enum devsim_audio audio;
	gboolean verbose;
};

/* The clip in memory: one GstBuffer per video access unit (AVC or HEVC,
 * length prefixed, decode order, no B-frames) and one per audio unit. */
struct devsim_clip {
	GstCaps *vcaps;            /* video/x-h264 stream-format=avc, or video/x-h265 hvc1 */
	enum devsim_video video;
	GPtrArray *vframes;        /* GstBuffer*, frames[0] is a keyframe */
	GstClockTime vdur;         /* one frame */
	GstCaps *acaps;            /* NULL when the clip has no audio */
	GPtrArray *aunits;         /* GstBuffer*: 20 ms of G.711, one AAC or Opus frame */
	GstClockTime adur;         /* one audio unit */
	enum devsim_audio audio;
	uint64_t bytes;            /* video bytes in one loop, for the log */
};

/* Counters read by the status port; updated with g_atomic_*. */
struct devsim_stats {
	gint connections_current, connections_total;
	gint sessions_total;
	gint media_current, media_total;
	gint frames_sent, frames_skipped, loops;
	gint dropped;              /* connections closed by --drop-after or /drop */
	gint late_max_ms;          /* worst lateness of a video frame push */
	gint resyncs;              /* times the feeder fell 500 ms behind and skipped */
};

extern struct devsim_stats devsim_stats;

/* clip.c */
const char *devsim_video_name(enum devsim_video v);
/* 0 and *out set when s names a video codec ("h264", "h265"), else -1. */
int devsim_video_parse(const char *s, enum devsim_video *out);
const char *devsim_audio_name(enum devsim_audio a);
int devsim_audio_parse(const char *s, enum devsim_audio *out);
/* The cache file name for the clip these options describe; caller frees. */
char *devsim_clip_cache_path(const struct devsim_opts *o);
/* Encode the test clip (x264, or x265 through ffmpeg; burned-in clock,
 * ticks) to path. */
int devsim_clip_make(const struct devsim_opts *o, const char *path);
/* Read a clip (MP4/MOV, H.264 or H.265 without B-frames, optional G.711,
 * AAC or Opus) into clip; free it with devsim_clip_clear. */
int devsim_clip_load(const char *path, struct devsim_clip *clip);
void devsim_clip_clear(struct devsim_clip *clip);

/* feeder.c: one pacing thread per prepared media. */
struct devsim_feeder;
struct devsim_feeder *devsim_feeder_start(GstElement *pipeline, GstElement *vsrc,
	GstElement *asrc, GstRTSPStream *gate, const struct devsim_clip *clip);
void devsim_feeder_stop(struct devsim_feeder *f);
/* Build the SEI NAL unit of codec v (without start code or length prefix)
 * that carries the send time into out; returns its size, 0 when cap is too
 * small. */
size_t devsim_sei_build(uint8_t *out, size_t cap, enum devsim_video v, int64_t wall_us,
	uint64_t frame);
#define DEVSIM_SEI_UUID "vestibule.devsim"

/* server.c */
int devsim_server_init(const struct devsim_opts *o, const struct devsim_clip *clip);
int devsim_server_start(void);   /* open the listening socket */
void devsim_server_stop(void);   /* close it, end every session and connection */
int devsim_server_drop_all(void);/* end every session and connection, keep serving */
gboolean devsim_server_serving(void);
int devsim_server_port(void);    /* the bound RTSP port, 0 before the first start */
guint devsim_server_sessions_current(void);
void devsim_server_shutdown(void);

/* status.c */
int devsim_status_start(const struct devsim_opts *o, GError **err);
void devsim_status_stop(void);
/* The status document; caller frees. */
char *devsim_status_json(void);

#endif
