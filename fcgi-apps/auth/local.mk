# vestibule-auth: sign-in, 2FA, privacy gate, e-mail, passwords, own settings.
sbin_PROGRAMS += fcgi-apps/auth/vestibule-auth
fcgi_apps_auth_vestibule_auth_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_auth_vestibule_auth_LDADD = $(VB_LIBS)
fcgi_apps_auth_vestibule_auth_SOURCES = \
	fcgi-apps/auth/auth.h \
	fcgi-apps/auth/main.c \
	fcgi-apps/auth/login.c \
	fcgi-apps/auth/throttle.c \
	fcgi-apps/auth/me.c \
	fcgi-apps/auth/twofa.c \
	fcgi-apps/auth/totp.c \
	fcgi-apps/auth/privacy.c \
	fcgi-apps/auth/email.c \
	fcgi-apps/auth/password.c \
	fcgi-apps/auth/settings.c \
	fcgi-apps/auth/stage.c
