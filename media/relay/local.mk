# vestibule-relay: the RTSP relay (F39, issue 6; see media/relay/README.md).
# GST_CFLAGS/GST_LIBS: GStreamer 1.22 (configure.ac).
sbin_PROGRAMS += media/relay/vestibule-relay
media_relay_vestibule_relay_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS) $(GST_CFLAGS)
media_relay_vestibule_relay_LDADD = $(VB_LIBS) $(GST_LIBS)
media_relay_vestibule_relay_SOURCES = \
	media/relay/relay.h \
	media/relay/main.c \
	media/relay/server.c \
	media/relay/request.c \
	media/relay/session.c \
	media/relay/source.c \
	media/relay/auth.c \
	media/relay/metrics.c \
	media/relay/rtsp_proto.c \
	media/relay/rtsp_proto.h \
	media/relay/ring.c \
	media/relay/ring.h \
	media/relay/rtcp.c \
	media/relay/rtcp.h \
	media/relay/upstream.c \
	media/relay/upstream.h
EXTRA_DIST += media/relay/README.md
