# vestibule-devsim: a simulated door phone serving RTSP from a looped clip,
# for the relay's tests and benchmarks (tests/devsim/README.md).
# GST_CFLAGS/GST_LIBS: GStreamer and gst-rtsp-server 1.22 (configure.ac).
# Built without $(SAN_CFLAGS): LeakSanitizer reports an allocation made by
# GLib's own constructor at exit (so every run would "fail"), and a load
# generator measured in benchmarks should not run at ASan speed. It runs
# clean under ASan+UBSan with ASAN_OPTIONS=detect_leaks=0 (see README.md).
noinst_PROGRAMS += tests/devsim/vestibule-devsim
tests_devsim_vestibule_devsim_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN_CFLAGS) $(GST_CFLAGS)
tests_devsim_vestibule_devsim_LDFLAGS =
tests_devsim_vestibule_devsim_LDADD = $(GST_LIBS)
tests_devsim_vestibule_devsim_SOURCES = \
	tests/devsim/devsim.h \
	tests/devsim/main.c \
	tests/devsim/clip.c \
	tests/devsim/feeder.c \
	tests/devsim/server.c \
	tests/devsim/status.c
EXTRA_DIST += \
	tests/devsim/README.md \
	tests/devsim/smoke.sh
