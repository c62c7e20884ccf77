# The portal's static files, served by nginx as they are.
htdocsdir = $(pkgdatadir)/htdocs
dist_htdocs_DATA = htdocs/index.html
htdocsapidir = $(htdocsdir)/api
dist_htdocsapi_DATA = htdocs/api/openapi.json
