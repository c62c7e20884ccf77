# Production shape: nginx site template, systemd units, example config.
confexampledir = $(pkgdatadir)/conf
dist_confexample_DATA = \
	conf/vestibule.conf.example \
	conf/nginx/vestibule.conf.in
systemdunitdir = $(pkgdatadir)/systemd
dist_systemdunit_DATA = \
	conf/systemd/vestibule-fcgi@.socket \
	conf/systemd/vestibule-fcgi@.service \
	conf/systemd/vestibule-worker.service
dist_pkgdata_SCRIPTS = conf/devstack.sh conf/smtp-sink.py
