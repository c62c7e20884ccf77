# libvestibule: one file per job (see vestibule.h for the index).
noinst_LIBRARIES += fcgi-apps/lib/libvestibule.a
fcgi_apps_lib_libvestibule_a_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_lib_libvestibule_a_SOURCES = \
	fcgi-apps/lib/vestibule.h \
	fcgi-apps/lib/vb_conf.h fcgi-apps/lib/conf.c \
	fcgi-apps/lib/vb_log.h fcgi-apps/lib/log.c \
	fcgi-apps/lib/vb_crypto.h fcgi-apps/lib/crypto.c fcgi-apps/lib/totp.c \
	fcgi-apps/lib/vb_valid.h fcgi-apps/lib/valid.c \
	fcgi-apps/lib/vb_db.h fcgi-apps/lib/db.c \
	fcgi-apps/lib/vb_http.h fcgi-apps/lib/vb_internal.h fcgi-apps/lib/route.c fcgi-apps/lib/req.c \
	fcgi-apps/lib/resp.c fcgi-apps/lib/serve.c fcgi-apps/lib/dispatch.c \
	fcgi-apps/lib/vb_session.h fcgi-apps/lib/session.c \
	fcgi-apps/lib/vb_account.h fcgi-apps/lib/account.c \
	fcgi-apps/lib/vb_audit.h fcgi-apps/lib/audit.c \
	fcgi-apps/lib/vb_mail.h fcgi-apps/lib/mail.c \
	fcgi-apps/lib/vb_metrics.h fcgi-apps/lib/metrics.c \
	fcgi-apps/lib/vb_epoch.h fcgi-apps/lib/epoch.c \
	fcgi-apps/lib/vb_sip.h fcgi-apps/lib/sip.c \
	fcgi-apps/lib/vb_cache.h fcgi-apps/lib/cache.c \
	fcgi-apps/lib/vb_firmware.h fcgi-apps/lib/firmware.c \
	fcgi-apps/lib/vb_rtsp.h fcgi-apps/lib/rtsp_url.c \
	fcgi-apps/lib/vb_stream.h fcgi-apps/lib/stream.c
