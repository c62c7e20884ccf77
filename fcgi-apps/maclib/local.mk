# vestibule-maclib: the MAC library (F16).
sbin_PROGRAMS += fcgi-apps/maclib/vestibule-maclib
fcgi_apps_maclib_vestibule_maclib_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_maclib_vestibule_maclib_LDADD = $(VB_LIBS)
fcgi_apps_maclib_vestibule_maclib_SOURCES = \
	fcgi-apps/maclib/maclib.h \
	fcgi-apps/maclib/main.c \
	fcgi-apps/maclib/macrow.c \
	fcgi-apps/maclib/list.c \
	fcgi-apps/maclib/create.c \
	fcgi-apps/maclib/csv.c \
	fcgi-apps/maclib/import.c \
	fcgi-apps/maclib/patch.c \
	fcgi-apps/maclib/delete.c
