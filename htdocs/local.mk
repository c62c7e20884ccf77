# The portal's static files, served by nginx as they are (no build step).
# Installed under $(pkgdatadir)/htdocs with the same relative paths; every
# file added to htdocs/ must be listed here so `make install` and
# `make distcheck` ship it.
htdocsdir = $(pkgdatadir)/htdocs
dist_htdocs_DATA = \
	htdocs/index.html \
	htdocs/favicon.svg

htdocsapidir = $(htdocsdir)/api
dist_htdocsapi_DATA = htdocs/api/openapi.json

htdocscssdir = $(htdocsdir)/css
dist_htdocscss_DATA = htdocs/css/app.css

# Boot, routing, the one API client, session state, the left column.
htdocsjsdir = $(htdocsdir)/js
dist_htdocsjs_DATA = \
	htdocs/js/app.js \
	htdocs/js/router.js \
	htdocs/js/api.js \
	htdocs/js/session.js \
	htdocs/js/nav.js

# Every user-visible text, one file per language plus the index.
htdocsstringsdir = $(htdocsjsdir)/strings
dist_htdocsstrings_DATA = \
	htdocs/js/strings/index.js \
	htdocs/js/strings/en.js

# Reusable parts every page uses.
htdocsuidir = $(htdocsjsdir)/ui
dist_htdocsui_DATA = \
	htdocs/js/ui/dom.js \
	htdocs/js/ui/shell.js \
	htdocs/js/ui/auth-layout.js \
	htdocs/js/ui/page.js \
	htdocs/js/ui/form.js \
	htdocs/js/ui/autosave.js \
	htdocs/js/ui/password.js \
	htdocs/js/ui/table.js \
	htdocs/js/ui/dialog.js \
	htdocs/js/ui/toast.js \
	htdocs/js/ui/progress.js \
	htdocs/js/ui/policy.js \
	htdocs/js/ui/qr.js \
	htdocs/js/ui/tabs.js \
	htdocs/js/ui/chart.js \
	htdocs/js/ui/chips.js \
	htdocs/js/ui/status.js \
	htdocs/js/ui/phone.js \
	htdocs/js/ui/checks.js \
	htdocs/js/ui/rows.js \
	htdocs/js/ui/mac-field.js

# Reference data the forms pick from (calling codes, time zones).
htdocsdatadir = $(htdocsjsdir)/data
dist_htdocsdata_DATA = \
	htdocs/js/data/countries.js \
	htdocs/js/data/timezones.js

# One file per page.
htdocspagesdir = $(htdocsjsdir)/pages
dist_htdocspages_DATA = \
	htdocs/js/pages/sign-in.js \
	htdocs/js/pages/two-step.js \
	htdocs/js/pages/privacy-step.js \
	htdocs/js/pages/service-provider.js \
	htdocs/js/pages/email-step.js \
	htdocs/js/pages/confirm-email.js \
	htdocs/js/pages/forgot-password.js \
	htdocs/js/pages/reset-password.js \
	htdocs/js/pages/privacy-policy.js \
	htdocs/js/pages/account-setting.js \
	htdocs/js/pages/notification-setting.js \
	htdocs/js/pages/security.js \
	htdocs/js/pages/installers.js \
	htdocs/js/pages/dashboard.js \
	htdocs/js/pages/sites.js \
	htdocs/js/pages/site-form.js \
	htdocs/js/pages/site-detail.js \
	htdocs/js/pages/site-family.js \
	htdocs/js/pages/mac-library.js \
	htdocs/js/pages/site-devices.js \
	htdocs/js/pages/site-thirdparty.js \
	htdocs/js/pages/device-form.js \
	htdocs/js/pages/device-door.js \
	htdocs/js/pages/device-monitor.js \
	htdocs/js/pages/camera-form.js \
	htdocs/js/pages/integration.js \
	htdocs/js/pages/notifications.js \
	htdocs/js/pages/coming-soon.js \
	htdocs/js/pages/not-found.js

# How the portal is organised (not installed: it is not part of the site).
EXTRA_DIST += htdocs/README.md
