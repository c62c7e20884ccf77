# vestibule-worker: timed jobs (mail outbox delivery, retention).
sbin_PROGRAMS += fcgi-apps/worker/vestibule-worker
fcgi_apps_worker_vestibule_worker_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_worker_vestibule_worker_LDADD = $(VB_LIBS)
fcgi_apps_worker_vestibule_worker_SOURCES = \
	fcgi-apps/worker/worker.h \
	fcgi-apps/worker/main.c \
	fcgi-apps/worker/mail_send.c \
	fcgi-apps/worker/retention.c \
	fcgi-apps/worker/site_expiry.c
