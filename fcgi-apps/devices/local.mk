# vestibule-devices: intercom devices, third-party cameras and locks (F17-F20).
sbin_PROGRAMS += fcgi-apps/devices/vestibule-devices
fcgi_apps_devices_vestibule_devices_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_devices_vestibule_devices_LDADD = $(VB_LIBS)
fcgi_apps_devices_vestibule_devices_SOURCES = \
	fcgi-apps/devices/devices.h \
	fcgi-apps/devices/lock_adapter.h \
	fcgi-apps/devices/lock_http.h \
	fcgi-apps/devices/main.c \
	fcgi-apps/devices/camera.c \
	fcgi-apps/devices/camera_create.c \
	fcgi-apps/devices/camera_delete.c \
	fcgi-apps/devices/camera_edit.c \
	fcgi-apps/devices/camera_show.c \
	fcgi-apps/devices/cameras_list.c \
	fcgi-apps/devices/create.c \
	fcgi-apps/devices/delete.c \
	fcgi-apps/devices/devrow.c \
	fcgi-apps/devices/edit.c \
	fcgi-apps/devices/list.c \
	fcgi-apps/devices/lock_account.c \
	fcgi-apps/devices/lock_adapter.c \
	fcgi-apps/devices/lock_dormakaba.c \
	fcgi-apps/devices/lock_http.c \
	fcgi-apps/devices/lock_salto.c \
	fcgi-apps/devices/lock_vendors.c \
	fcgi-apps/devices/locks.c \
	fcgi-apps/devices/mac.c \
	fcgi-apps/devices/models.c \
	fcgi-apps/devices/settings.c \
	fcgi-apps/devices/show.c \
	fcgi-apps/devices/site.c \
	fcgi-apps/devices/store.c \
	fcgi-apps/devices/stream.c
