/* The feeder: one thread per prepared media pushes the clip's access units
 * into the media's appsrc elements at their due time, looping forever with
 * timestamps that keep increasing across the loop point (running time of
 * the due instant, so the payloaders' RTP timestamps never jump back).
 * Each video access unit gets an SEI NAL unit carrying the wall-clock time
 * it was handed to the payloader (README.md, "Send times"). */
#include "devsim.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <gst/app/gstappsrc.h>

struct devsim_feeder {
	GThread *thread;
	GMutex lock;
	GCond cond;
	gboolean stop;
	GstElement *pipeline, *vsrc, *asrc;
	GstRTSPStream *gate;        /* restart the clip when this gets its first viewer */
	const struct devsim_clip *clip;
	guint nal_len;              /* NAL unit length prefix size from codec_data */
};

size_t devsim_sei_build(uint8_t *out, size_t cap, enum devsim_video v, int64_t wall_us,
	uint64_t frame)
{
	char text[64];
	int n = snprintf(text, sizeof(text), "t=%" G_GINT64_FORMAT " n=%" G_GUINT64_FORMAT,
		(gint64)wall_us, (guint64)frame);
	size_t hdr = v == DEVSIM_VIDEO_H265 ? 2 : 1;
	size_t payload = 16 + (size_t)n, size = hdr + 2 + payload + 1;

	/* H.264 7.3.2.3 and D.1.6: NAL type 6 (header 06: nal_ref_idc 0);
	 * H.265 7.3.1.2, 7.3.2.4 and D.2.7: prefix SEI, type 39 (header 4e 01:
	 * layer 0, temporal id 0). Then one sei_message of type 5
	 * (user_data_unregistered) whose payload is a 16-byte UUID and our
	 * ASCII text, then rbsp_trailing_bits. No byte is zero, so no
	 * emulation prevention byte is ever needed (H.264 7.4.1, H.265 7.4.2). */
	if (n <= 0 || (size_t)n >= sizeof(text) || payload > 254 || size > cap)
		return 0;
	if (v == DEVSIM_VIDEO_H265) {
		out[0] = 39 << 1;
		out[1] = 0x01;
	} else {
		out[0] = 0x06;
	}
	out[hdr] = 0x05;
	out[hdr + 1] = (uint8_t)payload;
	memcpy(out + hdr + 2, DEVSIM_SEI_UUID, 16);
	memcpy(out + hdr + 18, text, (size_t)n);
	out[hdr + 18 + n] = 0x80;
	return size;
}

static gint64 mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (gint64)ts.tv_sec * GST_SECOND + ts.tv_nsec;
}

/* A new buffer: the SEI NAL unit, then the clip's access unit (its memory
 * shared, not copied). */
static GstBuffer *video_unit(struct devsim_feeder *f, GstBuffer *au, guint64 frame)
{
	uint8_t sei[128];
	size_t len = devsim_sei_build(sei + 4, sizeof(sei) - 4, f->clip->video,
		g_get_real_time(), frame);
	GstBuffer *buf;

	for (guint i = 0; i < f->nal_len; i++)
		sei[4 - f->nal_len + i] = (uint8_t)(len >> (8 * (f->nal_len - 1 - i)));
	buf = gst_buffer_new_memdup(sei + 4 - f->nal_len, len + f->nal_len);
	buf = gst_buffer_append(buf, gst_buffer_ref(au));
	if (GST_BUFFER_FLAG_IS_SET(au, GST_BUFFER_FLAG_DELTA_UNIT))
		GST_BUFFER_FLAG_SET(buf, GST_BUFFER_FLAG_DELTA_UNIT);
	return buf;
}

static GstRTSPFilterResult ref_transport(GstRTSPStream *s, GstRTSPStreamTransport *t, gpointer d)
{
	return GST_RTSP_FILTER_REF;
}

/* A stream gets its transports when a viewer PLAYs (gst_rtsp_media_set_state
 * activates them). */
static gboolean has_viewer(GstRTSPStream *stream)
{
	GList *l = gst_rtsp_stream_transport_filter(stream, ref_transport, NULL);
	gboolean yes = l != NULL;
	g_list_free_full(l, g_object_unref);
	return yes;
}

static gpointer feeder_run(gpointer data)
{
	struct devsim_feeder *f = data;
	const struct devsim_clip *c = f->clip;
	guint nv = c->vframes->len, na = c->aunits ? c->aunits->len : 0;
	guint64 iv = 0, ia = 0;     /* units due since start */
	guint64 v0 = 0, a0 = 0;     /* the units at which the clip (re)started */
	gboolean viewed = f->gate == NULL;
	gboolean discont_v = FALSE, discont_a = FALSE;
	gint64 start = mono_ns();
	GstClockTime base = GST_CLOCK_TIME_NONE;
	gint64 offset = 0;

	g_mutex_lock(&f->lock);
	while (!f->stop) {
		gint64 due_v = start + (gint64)(iv * c->vdur);
		gint64 due_a = f->asrc ? start + (gint64)(ia * c->adur) : G_MAXINT64;
		gint64 due = MIN(due_v, due_a), now = mono_ns();
		gboolean video = due == due_v;
		GstClock *clock;

		if (due > now) {
			/* g_cond_wait_until counts in g_get_monotonic_time()'s
			 * microseconds, the same clock. */
			g_cond_wait_until(&f->cond, &f->lock, due / 1000 + (due % 1000 != 0));
			continue;
		}
		if (now - due > GST_SECOND / 2) {
			/* Stopped or starved for a while: skip ahead rather than
			 * burst; timestamps stay increasing, with a gap. */
			iv += (guint64)(now - due) / c->vdur;
			if (f->asrc) /* never back: a unit's time is sent once */
				ia = MAX(ia, (iv * c->vdur + c->adur - 1) / c->adur);
			discont_v = discont_a = TRUE;
			g_atomic_int_inc(&devsim_stats.resyncs);
			continue;
		}
		g_mutex_unlock(&f->lock);

		if (video) {
			gint late_ms = (gint)((now - due) / GST_MSECOND);
			gint seen = g_atomic_int_get(&devsim_stats.late_max_ms);
			while (late_ms > seen
			       && !g_atomic_int_compare_and_exchange(&devsim_stats.late_max_ms, seen, late_ms))
				seen = g_atomic_int_get(&devsim_stats.late_max_ms);
		}
		if (video && !viewed && has_viewer(f->gate)) {
			/* The media plays from its preparation on (a live media
			 * needs data to be prepared), before the first viewer's
			 * PLAY: restart the clip, keyframe first, when that viewer
			 * is there, as a camera sends a keyframe to a new session.
			 * Later viewers join mid-GOP, as at a real door phone. */
			viewed = TRUE;
			v0 = iv;
			a0 = ia;
		}
		clock = gst_element_get_clock(f->pipeline);
		if (clock && GST_STATE(f->pipeline) == GST_STATE_PLAYING) {
			GstClockTime b = gst_element_get_base_time(f->pipeline);
			GstClockTime pts;
			GstBuffer *buf;
			if (b != base) {
				/* Pipeline clock minus our monotonic clock, taken once
				 * per base time so timestamps keep an exact cadence. */
				base = b;
				offset = (gint64)gst_clock_get_time(clock) - mono_ns();
			}
			pts = (GstClockTime)MAX(due + offset - (gint64)base, 0);
			if (video) {
				buf = video_unit(f, g_ptr_array_index(c->vframes, (iv - v0) % nv), iv);
				GST_BUFFER_DURATION(buf) = c->vdur;
				GST_BUFFER_PTS(buf) = GST_BUFFER_DTS(buf) = pts;
				if (discont_v)
					GST_BUFFER_FLAG_SET(buf, GST_BUFFER_FLAG_DISCONT);
				discont_v = FALSE;
				gst_app_src_push_buffer(GST_APP_SRC(f->vsrc), buf);
				g_atomic_int_inc(&devsim_stats.frames_sent);
				if ((iv - v0) % nv == nv - 1)
					g_atomic_int_inc(&devsim_stats.loops);
			} else {
				/* The audio unit at the same clip time as the video, so
				 * sound and picture loop together even when the audio
				 * track is not a whole number of units long (AAC). */
				guint64 at = ((ia - a0) * c->adur) % (nv * c->vdur);
				buf = gst_buffer_copy(g_ptr_array_index(c->aunits, MIN(at / c->adur, na - 1)));
				GST_BUFFER_DURATION(buf) = c->adur;
				GST_BUFFER_PTS(buf) = GST_BUFFER_DTS(buf) = pts;
				if (discont_a)
					GST_BUFFER_FLAG_SET(buf, GST_BUFFER_FLAG_DISCONT);
				discont_a = FALSE;
				gst_app_src_push_buffer(GST_APP_SRC(f->asrc), buf);
			}
		} else if (video) {
			g_atomic_int_inc(&devsim_stats.frames_skipped);
		}
		if (clock)
			gst_object_unref(clock);

		g_mutex_lock(&f->lock);
		if (video)
			iv++;
		else
			ia++;
	}
	g_mutex_unlock(&f->lock);
	return NULL;
}

static guint nal_length_size(const struct devsim_clip *clip)
{
	const GValue *v = gst_structure_get_value(gst_caps_get_structure(clip->vcaps, 0),
		"codec_data");
	GstBuffer *cd = v ? gst_value_get_buffer(v) : NULL;
	/* ISO/IEC 14496-15 5.3.3.1.2 (AVC) and 8.3.3.1.2 (HEVC):
	 * lengthSizeMinusOne in byte 4 of avcC, byte 21 of hvcC. */
	gsize at = clip->video == DEVSIM_VIDEO_H265 ? 21 : 4;
	guint8 b = 3;

	if (cd && gst_buffer_get_size(cd) > at)
		gst_buffer_extract(cd, at, &b, 1);
	return (guint)(b & 3) + 1;
}

struct devsim_feeder *devsim_feeder_start(GstElement *pipeline, GstElement *vsrc,
	GstElement *asrc, GstRTSPStream *gate, const struct devsim_clip *clip)
{
	struct devsim_feeder *f = g_new0(struct devsim_feeder, 1);

	g_mutex_init(&f->lock);
	g_cond_init(&f->cond);
	f->pipeline = gst_object_ref(pipeline);
	f->vsrc = gst_object_ref(vsrc);
	f->asrc = asrc && clip->aunits ? gst_object_ref(asrc) : NULL;
	f->gate = gate ? g_object_ref(gate) : NULL;
	f->clip = clip;
	f->nal_len = nal_length_size(clip);
	f->thread = g_thread_new("devsim-feeder", feeder_run, f);
	return f;
}

void devsim_feeder_stop(struct devsim_feeder *f)
{
	if (f == NULL)
		return;
	g_mutex_lock(&f->lock);
	f->stop = TRUE;
	g_cond_signal(&f->cond);
	g_mutex_unlock(&f->lock);
	g_thread_join(f->thread);
	gst_object_unref(f->pipeline);
	gst_object_unref(f->vsrc);
	if (f->asrc)
		gst_object_unref(f->asrc);
	if (f->gate)
		g_object_unref(f->gate);
	g_mutex_clear(&f->lock);
	g_cond_clear(&f->cond);
	g_free(f);
}
