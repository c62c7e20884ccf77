/* The clip: made once with x264, or x265 through ffmpeg (a burned-in clock
 * over a test pattern, a tick a second on the audio), then read into memory
 * and looped by the feeder without re-encoding. */
#include "devsim.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gst/app/gstappsink.h>

const char *devsim_video_name(enum devsim_video v)
{
	return v == DEVSIM_VIDEO_H265 ? "h265" : "h264";
}

int devsim_video_parse(const char *s, enum devsim_video *out)
{
	if (g_ascii_strcasecmp(s, "h264") == 0)
		*out = DEVSIM_VIDEO_H264;
	else if (g_ascii_strcasecmp(s, "h265") == 0)
		*out = DEVSIM_VIDEO_H265;
	else
		return -1;
	return 0;
}

const char *devsim_audio_name(enum devsim_audio a)
{
	switch (a) {
	case DEVSIM_AUDIO_PCMU: return "pcmu";
	case DEVSIM_AUDIO_PCMA: return "pcma";
	case DEVSIM_AUDIO_AAC: return "aac";
	case DEVSIM_AUDIO_OPUS: return "opus";
	case DEVSIM_AUDIO_NONE: break;
	}
	return "none";
}

int devsim_audio_parse(const char *s, enum devsim_audio *out)
{
	static const enum devsim_audio all[] = {
		DEVSIM_AUDIO_NONE, DEVSIM_AUDIO_PCMU, DEVSIM_AUDIO_PCMA, DEVSIM_AUDIO_AAC,
		DEVSIM_AUDIO_OPUS,
	};
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
		if (g_ascii_strcasecmp(s, devsim_audio_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	}
	return -1;
}

char *devsim_clip_cache_path(const struct devsim_opts *o)
{
	char name[128];
	/* v1: bump when the encoding recipe changes, so old caches are not
	 * reused. H.264 clips keep the name they had before H.265 came. */
	snprintf(name, sizeof(name), "clip-v1-%dx%d-%dfps-%dk-g%d-%ds-%s%s.mov",
		o->width, o->height, o->fps, o->bitrate_kbps, o->gop, o->duration_s,
		devsim_audio_name(o->audio), o->video == DEVSIM_VIDEO_H265 ? "-h265" : "");
	return g_build_filename(o->cache_dir, name, NULL);
}

static const char *aac_encoder(void)
{
	static const char *const names[] = { "avenc_aac", "voaacenc", "fdkaacenc" };
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		GstElementFactory *f = gst_element_factory_find(names[i]);
		if (f) {
			gst_object_unref(f);
			return names[i];
		}
	}
	return NULL;
}

/* Run pipeline to EOS; 0 on EOS, -1 on error or after timeout_s. */
static int run_to_eos(GstElement *pipeline, int timeout_s, const char *what)
{
	int ret = -1;
	GstBus *bus = gst_element_get_bus(pipeline);
	GstMessage *msg;

	if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
		g_printerr("devsim: %s: the pipeline would not start\n", what);
		goto out;
	}
	msg = gst_bus_timed_pop_filtered(bus, (GstClockTime)timeout_s * GST_SECOND,
		GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
	if (msg == NULL) {
		g_printerr("devsim: %s: no end after %d s\n", what, timeout_s);
		goto out;
	}
	if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
		GError *err = NULL;
		char *dbg = NULL;
		gst_message_parse_error(msg, &err, &dbg);
		g_printerr("devsim: %s: %s (%s)\n", what, err->message, dbg ? dbg : "");
		g_clear_error(&err);
		g_free(dbg);
	} else {
		ret = 0;
	}
	gst_message_unref(msg);
out:
	gst_element_set_state(pipeline, GST_STATE_NULL);
	gst_object_unref(bus);
	return ret;
}

/* The audio branch of the clip pipeline, ending in "mux."; "" for none,
 * NULL (after a message) when the encoder is missing. Caller frees. */
static char *audio_branch(const struct devsim_opts *o)
{
	const char *enc;

	switch (o->audio) {
	case DEVSIM_AUDIO_PCMU:
	case DEVSIM_AUDIO_PCMA:
		/* 8 kHz mono, 100 ms buffers: exactly the clip's length. */
		return g_strdup_printf(" audiotestsrc wave=ticks volume=0.5 num-buffers=%d"
			" samplesperbuffer=800 ! audio/x-raw,format=S16LE,rate=8000,channels=1"
			" ! %s ! mux.", o->duration_s * 10,
			o->audio == DEVSIM_AUDIO_PCMU ? "mulawenc" : "alawenc");
	case DEVSIM_AUDIO_AAC:
		enc = aac_encoder();
		if (enc == NULL) {
			g_printerr("devsim: no AAC encoder (install gstreamer1.0-libav)\n");
			return NULL;
		}
		return g_strdup_printf(" audiotestsrc wave=ticks volume=0.5 num-buffers=%d"
			" samplesperbuffer=1600 ! audio/x-raw,rate=16000,channels=1"
			" ! audioconvert ! %s ! mux.", o->duration_s * 10, enc);
	case DEVSIM_AUDIO_OPUS:
		/* 48 kHz mono in 20 ms frames, as WebRTC-minded door phones send. */
		return g_strdup_printf(" audiotestsrc wave=ticks volume=0.5 num-buffers=%d"
			" samplesperbuffer=4800 ! audio/x-raw,rate=48000,channels=1"
			" ! audioconvert ! opusenc frame-size=20 ! mux.", o->duration_s * 10);
	case DEVSIM_AUDIO_NONE:
		break;
	}
	return g_strdup("");
}

/* The raw picture: SMPTE bars (their noise patch keeps the encoder near the
 * target bitrate) with the clip's own time and a caption. Caller frees. */
static char *picture_desc(const struct devsim_opts *o)
{
	int font = o->height / 12 > 8 ? o->height / 12 : 8;

	return g_strdup_printf(
		"videotestsrc pattern=smpte num-buffers=%d"
		" ! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1"
		" ! timeoverlay halignment=center valignment=center shaded-background=true"
		"   font-desc=\"Sans Bold %d\""
		" ! textoverlay halignment=left valignment=top shaded-background=true"
		"   font-desc=\"Sans %d\" text=\"vestibule-devsim %dx%d %d fps %d kbit/s\"",
		o->fps * o->duration_s, o->width, o->height, o->fps, font, font / 3,
		o->width, o->height, o->fps, o->bitrate_kbps);
}

/* Encode the picture to a video-only MOV (HEVC, hvc1) at path with x265
 * through ffmpeg: Debian's GStreamer has no H.265 encoder without
 * gstreamer1.0-plugins-bad, its ffmpeg has libx265. GStreamer draws the
 * frames and writes them as YUV4MPEG into ffmpeg's stdin. As the x264
 * recipe: the bitrate (with a VBV of one second), a keyframe (an IDR:
 * closed GOP, no scene cuts) every gop frames, no B-frames; and no x265
 * version SEI. Returns 0 or -1. */
static int encode_h265(const struct devsim_opts *o, const char *picture, const char *path)
{
	int ret = -1, in = -1, status = 0;
	GPid pid = 0;
	GstElement *pipeline = NULL;
	GError *err = NULL;
	char *desc = NULL;
	char *bitrate = g_strdup_printf("%dk", o->bitrate_kbps);
	char *params = g_strdup_printf("log-level=error:keyint=%d:min-keyint=%d:scenecut=0"
		":bframes=0:open-gop=0:info=0:vbv-maxrate=%d:vbv-bufsize=%d:pools=2",
		o->gop, o->gop, o->bitrate_kbps, o->bitrate_kbps);
	char *argv[] = {
		"ffmpeg", "-nostats", "-hide_banner", "-loglevel", "error",
		"-f", "yuv4mpegpipe", "-i", "pipe:0", "-an",
		"-c:v", "libx265", "-preset", "superfast", "-profile:v", "main",
		"-b:v", bitrate, "-x265-params", params,
		"-tag:v", "hvc1", "-f", "mov", "-y", (char *)path, NULL,
	};

	if (!g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_SEARCH_PATH
	    | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
	    &pid, &in, NULL, NULL, &err)) {
		g_printerr("devsim: --video h265 needs ffmpeg with libx265: %s\n", err->message);
		pid = 0;
		goto out;
	}
	desc = g_strdup_printf("%s ! y4menc ! fdsink fd=%d", picture, in);
	pipeline = gst_parse_launch(desc, &err);
	if (pipeline == NULL || err != NULL) {
		g_printerr("devsim: H.265 pipeline: %s\n", err ? err->message : "?");
		goto out;
	}
	/* SIGPIPE is ignored (main): should ffmpeg die, fdsink fails instead. */
	if (run_to_eos(pipeline, 300, "drawing the H.265 clip") != 0)
		goto out;
	ret = 0;
out:
	/* ffmpeg sees the end of its input, finishes the file and exits. */
	if (in >= 0)
		close(in);
	if (pid != 0) {
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			if (ret == 0)
				g_printerr("devsim: ffmpeg (libx265) failed\n");
			ret = -1;
		}
		g_spawn_close_pid(pid);
	}
	if (pipeline)
		gst_object_unref(pipeline);
	g_clear_error(&err);
	g_free(desc);
	g_free(params);
	g_free(bitrate);
	return ret;
}

int devsim_clip_make(const struct devsim_opts *o, const char *path)
{
	int ret = -1;
	char *audio = NULL, *picture = NULL, *video = NULL, *desc = NULL;
	char *tmp = NULL, *vtmp = NULL, *dir = NULL;
	GstElement *pipeline = NULL, *sink = NULL, *vin = NULL;
	GError *err = NULL;

	audio = audio_branch(o);
	if (audio == NULL)
		goto out;
	dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_printerr("devsim: %s: %s\n", dir, g_strerror(errno));
		goto out;
	}
	/* Written beside the target and renamed: two devsims starting at once
	 * never read a half-written clip. */
	tmp = g_strdup_printf("%s.%ld.part", path, (long)getpid());
	g_printerr("devsim: making the clip %s (%d frames)\n", path, o->fps * o->duration_s);
	picture = picture_desc(o);
	if (o->video == DEVSIM_VIDEO_H265) {
		/* Encoded apart, then muxed with the audio as it is. */
		vtmp = g_strdup_printf("%s.%ld.h265.part", path, (long)getpid());
		if (encode_h265(o, picture, vtmp) != 0)
			goto out;
		video = g_strdup("filesrc name=vin ! qtdemux ! video/x-h265");
	} else {
		/* x264: constant 2 Mbit/s by default, a keyframe every gop
		 * frames, no B-frames (door phones send none, and the feeder
		 * loops in decode order). */
		video = g_strdup_printf("%s ! x264enc bitrate=%d key-int-max=%d bframes=0"
			" speed-preset=faster threads=2"
			" ! video/x-h264,profile=main,stream-format=avc,alignment=au",
			picture, o->bitrate_kbps, o->gop);
	}
	desc = g_strdup_printf("%s ! qtmux name=mux ! filesink name=out%s", video, audio);
	pipeline = gst_parse_launch(desc, &err);
	if (pipeline == NULL || err != NULL) {
		g_printerr("devsim: clip pipeline: %s\n", err ? err->message : "?");
		goto out;
	}
	sink = gst_bin_get_by_name(GST_BIN(pipeline), "out");
	g_object_set(sink, "location", tmp, NULL);
	vin = gst_bin_get_by_name(GST_BIN(pipeline), "vin");
	if (vin)
		g_object_set(vin, "location", vtmp, NULL);
	if (run_to_eos(pipeline, 300, "making the clip") != 0)
		goto out;
	if (rename(tmp, path) != 0) {
		g_printerr("devsim: rename %s: %s\n", path, g_strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (ret != 0 && tmp)
		unlink(tmp);
	if (vtmp)
		unlink(vtmp);
	if (vin)
		gst_object_unref(vin);
	if (sink)
		gst_object_unref(sink);
	if (pipeline)
		gst_object_unref(pipeline);
	g_clear_error(&err);
	g_free(vtmp);
	g_free(tmp);
	g_free(dir);
	g_free(desc);
	g_free(video);
	g_free(picture);
	g_free(audio);
	return ret;
}

/* Loading: qtdemux's pads each go to an appsink that keeps every buffer. */
struct track {
	GPtrArray *bufs;
	GstCaps *caps;
};

struct loader {
	GstElement *pipeline;
	struct track video, audio;
};

static GstFlowReturn on_sample(GstAppSink *sink, gpointer data)
{
	struct track *t = data;
	GstSample *s = gst_app_sink_pull_sample(sink);

	if (s == NULL)
		return GST_FLOW_ERROR;
	if (t->caps == NULL && gst_sample_get_caps(s))
		t->caps = gst_caps_ref(gst_sample_get_caps(s));
	g_ptr_array_add(t->bufs, gst_buffer_ref(gst_sample_get_buffer(s)));
	gst_sample_unref(s);
	return GST_FLOW_OK;
}

static void on_pad_added(GstElement *demux, GstPad *pad, gpointer data)
{
	struct loader *l = data;
	char *name = gst_pad_get_name(pad);
	struct track *t = NULL;
	GstElement *sink;
	GstPad *sinkpad;
	GstAppSinkCallbacks cb = { .new_sample = on_sample };

	if (g_str_has_prefix(name, "video_") && l->video.bufs == NULL)
		t = &l->video;
	else if (g_str_has_prefix(name, "audio_") && l->audio.bufs == NULL)
		t = &l->audio;
	g_free(name);
	if (t == NULL) {
		/* A second video or audio track, subtitles: drained and ignored. */
		sink = gst_element_factory_make("fakesink", NULL);
		g_object_set(sink, "sync", FALSE, NULL);
	} else {
		t->bufs = g_ptr_array_new_with_free_func((GDestroyNotify)gst_buffer_unref);
		sink = gst_element_factory_make("appsink", NULL);
		g_object_set(sink, "sync", FALSE, "emit-signals", FALSE, NULL);
		gst_app_sink_set_callbacks(GST_APP_SINK(sink), &cb, t, NULL);
	}
	gst_bin_add(GST_BIN(l->pipeline), sink);
	gst_element_sync_state_with_parent(sink);
	sinkpad = gst_element_get_static_pad(sink, "sink");
	if (gst_pad_link(pad, sinkpad) != GST_PAD_LINK_OK)
		g_printerr("devsim: could not link a clip track\n");
	gst_object_unref(sinkpad);
}

static GstClockTime caps_frame_duration(const GstCaps *caps)
{
	int n = 0, d = 0;
	const GstStructure *s = gst_caps_get_structure(caps, 0);
	if (gst_structure_get_fraction(s, "framerate", &n, &d) && n > 0 && d > 0)
		return gst_util_uint64_scale(GST_SECOND, (guint64)d, (guint64)n);
	return GST_CLOCK_TIME_NONE;
}

static int take_video(struct devsim_clip *clip, struct track *t)
{
	const GstStructure *s;
	const char *fmt;

	if (t->bufs == NULL || t->bufs->len == 0 || t->caps == NULL) {
		g_printerr("devsim: the clip has no video\n");
		return -1;
	}
	s = gst_caps_get_structure(t->caps, 0);
	fmt = gst_structure_get_string(s, "stream-format");
	/* Parameter sets in codec_data, as the payloaders want them (rtph265pay
	 * takes hvc1, not hev1). */
	if (gst_structure_has_name(s, "video/x-h264") && fmt && strcmp(fmt, "avc") == 0
	    && gst_structure_has_field(s, "codec_data")) {
		clip->video = DEVSIM_VIDEO_H264;
	} else if (gst_structure_has_name(s, "video/x-h265") && fmt && strcmp(fmt, "hvc1") == 0
		   && gst_structure_has_field(s, "codec_data")) {
		clip->video = DEVSIM_VIDEO_H265;
	} else {
		g_printerr("devsim: the clip's video must be H.264 (avc1) or H.265 (hvc1)"
			" in MP4/MOV (got %s, %s)\n", gst_structure_get_name(s), fmt ? fmt : "?");
		return -1;
	}
	if (GST_BUFFER_FLAG_IS_SET(g_ptr_array_index(t->bufs, 0), GST_BUFFER_FLAG_DELTA_UNIT)) {
		g_printerr("devsim: the clip's first frame is not a keyframe\n");
		return -1;
	}
	for (guint i = 0; i < t->bufs->len; i++) {
		GstBuffer *b = g_ptr_array_index(t->bufs, i);
		if (GST_BUFFER_PTS_IS_VALID(b) && GST_BUFFER_DTS_IS_VALID(b)
		    && GST_BUFFER_PTS(b) != GST_BUFFER_DTS(b)) {
			g_printerr("devsim: the clip has B-frames; make one without\n");
			return -1;
		}
	}
	clip->vdur = caps_frame_duration(t->caps);
	if (!GST_CLOCK_TIME_IS_VALID(clip->vdur)) {
		GstBuffer *b = g_ptr_array_index(t->bufs, 0);
		clip->vdur = GST_BUFFER_DURATION_IS_VALID(b) ? GST_BUFFER_DURATION(b) : GST_SECOND / 25;
	}
	for (guint i = 0; i < t->bufs->len; i++)
		clip->bytes += gst_buffer_get_size(g_ptr_array_index(t->bufs, i));
	clip->vcaps = gst_caps_copy(t->caps);
	/* The feeder stamps every buffer; drop the clip's own times and any
	 * fields the demuxer added that the payloader has no use for. */
	gst_structure_remove_fields(gst_caps_get_structure(clip->vcaps, 0),
		"pixel-aspect-ratio", "chroma-format", "bit-depth-luma", "bit-depth-chroma",
		"colorimetry", NULL);
	clip->vframes = t->bufs;
	t->bufs = NULL;
	return 0;
}

/* The duration of an Opus packet from its TOC byte (RFC 6716 3.1), 0 when
 * it is empty or malformed. */
static GstClockTime opus_packet_duration(GstBuffer *b)
{
	/* Frame size by configuration (TOC bits 7-3), in 100 us: SILK,
	 * hybrid, CELT. */
	static const guint16 frame_us100[32] = {
		100, 200, 400, 600, 100, 200, 400, 600, 100, 200, 400, 600,
		100, 200, 100, 200,
		25, 50, 100, 200, 25, 50, 100, 200, 25, 50, 100, 200, 25, 50, 100, 200,
	};
	guint8 head[2];
	gsize n = gst_buffer_extract(b, 0, head, sizeof(head));
	guint frames;

	if (n < 1)
		return 0;
	switch (head[0] & 3) {
	case 0: frames = 1; break;
	case 1:
	case 2: frames = 2; break;
	default: frames = n == 2 ? head[1] & 0x3f : 0; break;
	}
	return (GstClockTime)frames * frame_us100[head[0] >> 3] * 100 * GST_USECOND;
}

static int take_audio(struct devsim_clip *clip, struct track *t)
{
	const GstStructure *s;
	int rate = 0, version = 0;

	clip->audio = DEVSIM_AUDIO_NONE;
	if (t->bufs == NULL || t->bufs->len == 0 || t->caps == NULL)
		return 0;
	s = gst_caps_get_structure(t->caps, 0);
	gst_structure_get_int(s, "rate", &rate);
	if (rate <= 0) {
		g_printerr("devsim: the clip's audio has no rate; serving video only\n");
		return 0;
	}
	if (gst_structure_has_name(s, "audio/x-mulaw") || gst_structure_has_name(s, "audio/x-alaw")) {
		/* One run of samples cut in 20 ms units, as door phones packetise
		 * G.711 (RFC 3551 4.5.14: 1 byte a sample). */
		GstBuffer *all = gst_buffer_new();
		gsize unit = (gsize)rate / 50, size, off;
		for (guint i = 0; i < t->bufs->len; i++)
			all = gst_buffer_append(all, gst_buffer_ref(g_ptr_array_index(t->bufs, i)));
		size = gst_buffer_get_size(all);
		clip->aunits = g_ptr_array_new_with_free_func((GDestroyNotify)gst_buffer_unref);
		for (off = 0; off + unit <= size; off += unit)
			g_ptr_array_add(clip->aunits,
				gst_buffer_copy_region(all, GST_BUFFER_COPY_MEMORY, off, unit));
		gst_buffer_unref(all);
		clip->adur = GST_SECOND / 50;
		clip->audio = gst_structure_has_name(s, "audio/x-mulaw")
			? DEVSIM_AUDIO_PCMU : DEVSIM_AUDIO_PCMA;
		clip->acaps = gst_caps_new_simple(gst_structure_get_name(s),
			"rate", G_TYPE_INT, rate, "channels", G_TYPE_INT, 1, NULL);
	} else if (gst_structure_has_name(s, "audio/mpeg")
		   && gst_structure_get_int(s, "mpegversion", &version) && version == 4
		   && gst_structure_has_field(s, "codec_data")) {
		clip->aunits = t->bufs;
		t->bufs = NULL;
		clip->adur = gst_util_uint64_scale_int(GST_SECOND, 1024, rate);
		clip->audio = DEVSIM_AUDIO_AAC;
		clip->acaps = gst_caps_copy(t->caps);
	} else if (gst_structure_has_name(s, "audio/x-opus")) {
		/* One Opus packet a unit (RFC 7587: one per RTP packet), each as
		 * long as the first says (the demuxer's duration of the first
		 * is shortened by the encoder's pre-skip). */
		clip->adur = opus_packet_duration(g_ptr_array_index(t->bufs, 0));
		if (clip->adur == 0) {
			g_printerr("devsim: the clip's Opus audio is not readable; serving video only\n");
			return 0;
		}
		clip->aunits = t->bufs;
		t->bufs = NULL;
		clip->audio = DEVSIM_AUDIO_OPUS;
		clip->acaps = gst_caps_copy(t->caps);
	} else {
		g_printerr("devsim: the clip's audio (%s) is not G.711, AAC or Opus;"
			" serving video only\n", gst_structure_get_name(s));
		return 0;
	}
	if (clip->aunits->len == 0) {
		g_ptr_array_unref(clip->aunits);
		clip->aunits = NULL;
		gst_caps_replace(&clip->acaps, NULL);
		clip->audio = DEVSIM_AUDIO_NONE;
	}
	return 0;
}

int devsim_clip_load(const char *path, struct devsim_clip *clip)
{
	int ret = -1;
	struct loader l = { 0 };
	GstElement *src = NULL, *demux = NULL;

	memset(clip, 0, sizeof(*clip));
	l.pipeline = gst_pipeline_new("clip-loader");
	src = gst_element_factory_make("filesrc", NULL);
	demux = gst_element_factory_make("qtdemux", NULL);
	if (src == NULL || demux == NULL) {
		g_printerr("devsim: filesrc or qtdemux missing (gstreamer1.0-plugins-good)\n");
		if (src)
			gst_object_unref(src);
		if (demux)
			gst_object_unref(demux);
		goto out;
	}
	g_object_set(src, "location", path, NULL);
	gst_bin_add_many(GST_BIN(l.pipeline), src, demux, NULL);
	gst_element_link(src, demux);
	g_signal_connect(demux, "pad-added", G_CALLBACK(on_pad_added), &l);
	if (run_to_eos(l.pipeline, 60, path) != 0)
		goto out;
	if (take_video(clip, &l.video) != 0 || take_audio(clip, &l.audio) != 0)
		goto out;
	ret = 0;
out:
	gst_object_unref(l.pipeline);
	if (l.video.bufs)
		g_ptr_array_unref(l.video.bufs);
	if (l.audio.bufs)
		g_ptr_array_unref(l.audio.bufs);
	if (l.video.caps)
		gst_caps_unref(l.video.caps);
	if (l.audio.caps)
		gst_caps_unref(l.audio.caps);
	if (ret != 0)
		devsim_clip_clear(clip);
	return ret;
}

void devsim_clip_clear(struct devsim_clip *clip)
{
	if (clip->vframes)
		g_ptr_array_unref(clip->vframes);
	if (clip->aunits)
		g_ptr_array_unref(clip->aunits);
	gst_caps_replace(&clip->vcaps, NULL);
	gst_caps_replace(&clip->acaps, NULL);
	memset(clip, 0, sizeof(*clip));
}
