# test_upstream: drives the relay's upstream pull (media/relay/upstream.c,
# ring.c) against the simulated door phone; run by tests/relay/upstream.sh
# (about a minute), not by `make check`, since it needs vestibule-devsim
# and real time.  GST_CFLAGS/GST_LIBS: GStreamer 1.22 (configure.ac).
# AM_CFLAGS and AM_LDFLAGS carry the sanitizers when configured; the script
# then sets ASAN_OPTIONS=detect_leaks=0 (GLib's own allocations at exit).
noinst_PROGRAMS += tests/relay/test_upstream
tests_relay_test_upstream_CFLAGS = $(AM_CFLAGS) $(GST_CFLAGS) -I$(srcdir)/media/relay
tests_relay_test_upstream_LDADD = $(GST_LIBS)
tests_relay_test_upstream_SOURCES = \
	tests/relay/test_upstream.c \
	media/relay/upstream.c \
	media/relay/upstream.h \
	media/relay/ring.c \
	media/relay/ring.h
EXTRA_DIST += \
	tests/relay/upstream.sh \
	tests/relay/relay.sh \
	tests/relay/viewer.py \
	tests/relay/codecs.sh \
	tests/relay/rtsp_client.py \
	tests/relay/viewer_h265.py
