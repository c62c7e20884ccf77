# vestibule-admin: the operator's command line.
bin_PROGRAMS += fcgi-apps/admin/vestibule-admin
fcgi_apps_admin_vestibule_admin_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_admin_vestibule_admin_LDADD = $(VB_LIBS)
fcgi_apps_admin_vestibule_admin_SOURCES = \
	fcgi-apps/admin/admin.h \
	fcgi-apps/admin/main.c \
	fcgi-apps/admin/migrate.c \
	fcgi-apps/admin/accounts.c \
	fcgi-apps/admin/seed_demo.c \
	fcgi-apps/admin/stream_url.c
