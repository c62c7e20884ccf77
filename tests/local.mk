# Unit tests (cmocka) mirror fcgi-apps/lib; integration, e2e and bench tests
# run against the real stack through conf/devstack.sh test.
if HAVE_CMOCKA
VB_UNIT_LDADD = $(VB_LIBS) $(CMOCKA_LIBS)
VB_UNIT_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS) $(CMOCKA_CFLAGS)
check_PROGRAMS += tests/unit/test_valid tests/unit/test_crypto tests/unit/test_conf \
	tests/unit/test_route tests/unit/test_req tests/unit/test_account tests/unit/test_cache \
	tests/unit/test_firmware
TESTS += tests/unit/test_valid tests/unit/test_crypto tests/unit/test_conf \
	tests/unit/test_route tests/unit/test_req tests/unit/test_account tests/unit/test_cache \
	tests/unit/test_firmware
tests_unit_test_valid_SOURCES = tests/unit/test_valid.c
tests_unit_test_valid_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_valid_LDADD = $(VB_UNIT_LDADD)
tests_unit_test_crypto_SOURCES = tests/unit/test_crypto.c
tests_unit_test_crypto_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_crypto_LDADD = $(VB_UNIT_LDADD)
tests_unit_test_conf_SOURCES = tests/unit/test_conf.c
tests_unit_test_conf_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_conf_LDADD = $(VB_UNIT_LDADD)
tests_unit_test_route_SOURCES = tests/unit/test_route.c
tests_unit_test_route_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_route_LDADD = $(VB_UNIT_LDADD)
tests_unit_test_req_SOURCES = tests/unit/test_req.c
tests_unit_test_req_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_req_LDADD = $(VB_UNIT_LDADD)
tests_unit_test_account_SOURCES = tests/unit/test_account.c
tests_unit_test_account_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_account_LDADD = $(VB_UNIT_LDADD)
tests_unit_test_cache_SOURCES = tests/unit/test_cache.c
tests_unit_test_cache_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_cache_LDADD = $(VB_UNIT_LDADD)
tests_unit_test_firmware_SOURCES = tests/unit/test_firmware.c
tests_unit_test_firmware_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_firmware_LDADD = $(VB_UNIT_LDADD)
# The RTSP URL splitter (libvestibule).
check_PROGRAMS += tests/unit/test_rtsp_url
TESTS += tests/unit/test_rtsp_url
tests_unit_test_rtsp_url_SOURCES = tests/unit/test_rtsp_url.c
tests_unit_test_rtsp_url_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_rtsp_url_LDADD = $(VB_UNIT_LDADD)

check_PROGRAMS += tests/unit/test_stream
TESTS += tests/unit/test_stream
tests_unit_test_stream_SOURCES = tests/unit/test_stream.c
tests_unit_test_stream_CFLAGS = $(VB_UNIT_CFLAGS)
tests_unit_test_stream_LDADD = $(VB_UNIT_LDADD)
# The lock vendors offered and the adapters' vendor-free pieces (devices).
check_PROGRAMS += tests/unit/test_lock_adapter
TESTS += tests/unit/test_lock_adapter
tests_unit_test_lock_adapter_SOURCES = tests/unit/test_lock_adapter.c \
	fcgi-apps/devices/lock_adapter.c fcgi-apps/devices/lock_http.c \
	fcgi-apps/devices/lock_salto.c fcgi-apps/devices/lock_dormakaba.c
tests_unit_test_lock_adapter_CFLAGS = $(VB_UNIT_CFLAGS) -I$(srcdir)/fcgi-apps/devices
tests_unit_test_lock_adapter_LDADD = $(VB_UNIT_LDADD)
# The resident e-mails: pure renderer and templates, with the language list.
check_PROGRAMS += tests/unit/test_resident_mail
TESTS += tests/unit/test_resident_mail
tests_unit_test_resident_mail_SOURCES = tests/unit/test_resident_mail.c \
	fcgi-apps/sites/mail_render.c fcgi-apps/sites/mail_templates.c fcgi-apps/sites/lang.c
tests_unit_test_resident_mail_CFLAGS = $(VB_UNIT_CFLAGS) -I$(srcdir)/fcgi-apps/sites
tests_unit_test_resident_mail_LDADD = $(VB_UNIT_LDADD)
# The relay's packet ring: pure C, no GStreamer, no libvestibule.
check_PROGRAMS += tests/unit/test_relay_ring
TESTS += tests/unit/test_relay_ring
tests_unit_test_relay_ring_SOURCES = tests/unit/test_relay_ring.c \
	media/relay/ring.c media/relay/ring.h
tests_unit_test_relay_ring_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -I$(srcdir)/media/relay
tests_unit_test_relay_ring_LDADD = $(CMOCKA_LIBS)
# The relay's RTCP sender reports and the ring pieces they read: pure C.
check_PROGRAMS += tests/unit/test_relay_rtcp
TESTS += tests/unit/test_relay_rtcp
tests_unit_test_relay_rtcp_SOURCES = tests/unit/test_relay_rtcp.c \
	media/relay/rtcp.c media/relay/rtcp.h media/relay/ring.c media/relay/ring.h
tests_unit_test_relay_rtcp_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -I$(srcdir)/media/relay
tests_unit_test_relay_rtcp_LDADD = $(CMOCKA_LIBS)
# The relay's RTSP protocol layer: pure C on libcrypto, no GStreamer.
check_PROGRAMS += tests/unit/test_rtsp_proto
TESTS += tests/unit/test_rtsp_proto
tests_unit_test_rtsp_proto_SOURCES = tests/unit/test_rtsp_proto.c \
	media/relay/rtsp_proto.c media/relay/rtsp_proto.h
tests_unit_test_rtsp_proto_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(CMOCKA_CFLAGS) \
	-I$(srcdir)/media/relay
tests_unit_test_rtsp_proto_LDADD = $(OPENSSL_LIBS) $(CMOCKA_LIBS)
endif

# Run against the real stack by conf/devstack.sh test (integration) or by
# hand (bench, fuzz); shipped in the tarball.
EXTRA_DIST += \
	tests/bench/portal/bare.c \
	tests/bench/portal/run.sh \
	tests/bench/relay/rtsp_load.c \
	tests/bench/relay/run.sh \
	tests/bench/sites/run.sh \
	tests/fuzz/fuzz_body.c \
	tests/fuzz/fuzz_rtsp_proto.c \
	tests/fuzz/fuzz_valid.c \
	tests/integration/run.py \
	tests/lib/check.sh \
	tests/integration/test_audit.py \
	tests/integration/test_bruteforce.py \
	tests/integration/test_devices_hostile.py \
	tests/integration/test_f1_login.py \
	tests/integration/test_f10_family.py \
	tests/integration/test_f11_search.py \
	tests/integration/test_f12_edit.py \
	tests/integration/test_f13_reset.py \
	tests/integration/test_f14_delete.py \
	tests/integration/test_f15_sip.py \
	tests/integration/test_f16_maclib.py \
	tests/integration/test_f17_devices.py \
	tests/integration/test_f18_devices_edit.py \
	tests/integration/test_f19_cameras.py \
	tests/integration/test_f20_locks.py \
	tests/integration/test_f2_twofa.py \
	tests/integration/test_f3_privacy.py \
	tests/integration/test_f4_email.py \
	tests/integration/test_f5_password.py \
	tests/integration/test_f67_distributor.py \
	tests/integration/test_f8_dashboard.py \
	tests/integration/test_f9_create.py \
	tests/integration/test_hostile.py \
	tests/integration/test_metrics.py \
	tests/integration/test_openapi.py \
	tests/integration/test_races.py \
	tests/integration/test_relay_sources.py \
	tests/integration/test_stream_url.py \
	tests/integration/test_retention.py \
	tests/integration/test_site_expiry.py \
	tests/integration/test_sites_hostile.py \
	tests/integration/test_sites_tenant.py \
	tests/integration/test_worker.py \
	tests/integration/vbtest.py

# The browser tests (conf/devstack.sh test runs them when node is there).
EXTRA_DIST += \
	tests/e2e/README.md \
	tests/e2e/accounts.mjs \
	tests/e2e/lib.mjs \
	tests/e2e/package-lock.json \
	tests/e2e/package.json \
	tests/e2e/run.mjs \
	tests/e2e/suite.mjs \
	tests/e2e/tests/10-signin.test.mjs \
	tests/e2e/tests/20-twofa.test.mjs \
	tests/e2e/tests/30-privacy-email.test.mjs \
	tests/e2e/tests/40-password.test.mjs \
	tests/e2e/tests/50-session-nav.test.mjs \
	tests/e2e/tests/60-distributor.test.mjs \
	tests/e2e/tests/70-sites.test.mjs \
	tests/e2e/tests/75-dashboard.test.mjs \
	tests/e2e/tests/77-maclib.test.mjs \
	tests/e2e/tests/78-devices.test.mjs \
	tests/e2e/tests/79-locks.test.mjs \
	tests/e2e/tests/80-labels.test.mjs \
	tests/e2e/tests/90-screenshots.test.mjs \
	tests/e2e/ui.mjs
