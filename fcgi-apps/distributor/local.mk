# vestibule-distributor: the distributor's installers and account access.
sbin_PROGRAMS += fcgi-apps/distributor/vestibule-distributor
fcgi_apps_distributor_vestibule_distributor_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_distributor_vestibule_distributor_LDADD = $(VB_LIBS)
fcgi_apps_distributor_vestibule_distributor_SOURCES = \
	fcgi-apps/distributor/distributor.h \
	fcgi-apps/distributor/main.c \
	fcgi-apps/distributor/installers.c \
	fcgi-apps/distributor/installer_create.c \
	fcgi-apps/distributor/installer_patch.c \
	fcgi-apps/distributor/switch.c
