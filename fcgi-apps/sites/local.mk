# vestibule-sites: single-family sites, residents, family members, dashboard.
sbin_PROGRAMS += fcgi-apps/sites/vestibule-sites
fcgi_apps_sites_vestibule_sites_CFLAGS = $(AM_CFLAGS) $(VB_CFLAGS)
fcgi_apps_sites_vestibule_sites_LDADD = $(VB_LIBS)
fcgi_apps_sites_vestibule_sites_SOURCES = \
	fcgi-apps/sites/sites.h \
	fcgi-apps/sites/main.c \
	fcgi-apps/sites/lang.c \
	fcgi-apps/sites/site.c \
	fcgi-apps/sites/identity.c \
	fcgi-apps/sites/site_settings.c \
	fcgi-apps/sites/list.c \
	fcgi-apps/sites/create.c \
	fcgi-apps/sites/show.c \
	fcgi-apps/sites/edit.c \
	fcgi-apps/sites/delete.c \
	fcgi-apps/sites/reset.c \
	fcgi-apps/sites/reset_password.c \
	fcgi-apps/sites/family.c \
	fcgi-apps/sites/resident_mail.h \
	fcgi-apps/sites/resident_mail.c \
	fcgi-apps/sites/mail_render.c \
	fcgi-apps/sites/mail_templates.c \
	fcgi-apps/sites/dashboard.c
