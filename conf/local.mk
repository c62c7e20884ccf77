# Production shape: nginx site template, systemd units, example config,
# installed under $(pkgdatadir)/conf/ laid out as in the repository
# (e.g. /usr/local/share/vestibule/conf/systemd/vestibule-worker.service).
nobase_dist_pkgdata_DATA = \
	conf/vestibule.conf.example \
	conf/nginx/vestibule.conf.in \
	conf/systemd/vestibule-fcgi@.socket \
	conf/systemd/vestibule-fcgi@.service \
	conf/systemd/vestibule-worker.service \
	conf/systemd/vestibule-relay.service
# The dev stack and its SMTP sink run from a source tree: shipped in the
# tarball, not installed.
EXTRA_DIST += conf/devstack.sh conf/smtp-sink.py conf/fake-lock-vendor.py
