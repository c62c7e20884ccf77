# Migrations are installed where vestibule-admin migrate looks by default.
migrationsdir = $(pkgdatadir)/sql/migrations
dist_migrations_DATA = \
	sql/migrations/0001_accounts.sql \
	sql/migrations/0002_privacy.sql \
	sql/migrations/0003_operations.sql \
	sql/migrations/0004_sites.sql \
	sql/migrations/0005_devices.sql \
	sql/migrations/0006_device_models.sql \
	sql/migrations/0007_device_settings.sql
