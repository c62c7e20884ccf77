# Unit tests (cmocka) mirror fcgi-apps/lib; integration, e2e and bench tests
# run against the real stack through conf/devstack.sh test.
if HAVE_CMOCKA
VB_UNIT_LDADD = $(VB_LIBS) $(CMOCKA_LIBS)
VB_UNIT_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS) $(CMOCKA_CFLAGS)
check_PROGRAMS += tests/unit/test_valid tests/unit/test_crypto tests/unit/test_conf \
	tests/unit/test_route tests/unit/test_req
TESTS += tests/unit/test_valid tests/unit/test_crypto tests/unit/test_conf \
	tests/unit/test_route tests/unit/test_req
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
endif
