# vestibule-devices: intercom devices, third-party cameras and locks (F17-F20).
sbin_PROGRAMS += fcgi-apps/devices/vestibule-devices
fcgi_apps_devices_vestibule_devices_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_devices_vestibule_devices_LDADD = $(VB_LIBS)
fcgi_apps_devices_vestibule_devices_SOURCES = \
	fcgi-apps/devices/devices.h \
	fcgi-apps/devices/lock_adapter.h \
	fcgi-apps/devices/main.c \
	fcgi-apps/devices/site.c \
	fcgi-apps/devices/stubs.c
