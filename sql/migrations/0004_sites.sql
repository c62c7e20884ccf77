-- Single-family sites and their residents (F8-F15).
--
-- A site is what the installer guide calls a "user": the master app account
-- of one single-family house and the house's settings, in one row.  Family
-- members are further app accounts of the site.  Every app account (master
-- or family member) signs in to the app through a resident identity: the
-- e-mail address and credentials.  A master identity may be linked to
-- several sites of the same installer ("linked sites", F12); family identities
-- belong to one account.  The site row keeps a copy of its master identity's
-- e-mail and mobile number so that list and search read one table; the copy is
-- written in the same transaction as the identity, and e-mail, mobile and
-- country code are locked while the identity has more than one site.
--
-- SIP numbers (F15) for families, accounts and (later) devices all come from
-- one sequence, so they are unique platform-wide and never handed out twice,
-- whatever the concurrency; a number freed by a delete is not reused.

CREATE SEQUENCE sip_number_seq START WITH 6100000001 INCREMENT BY 1 MINVALUE 6100000001
  MAXVALUE 6999999999 CACHE 100 NOCYCLE;

CREATE TABLE resident_identities (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('master','family') NOT NULL,
  -- NULL once a reset removed it; unique platform-wide (the app login)
  email VARCHAR(254) NULL,
  -- calling code, "+44"; mobile is E.164 and starts with it
  country_code VARCHAR(5) NOT NULL DEFAULT '',
  mobile VARCHAR(16) NOT NULL DEFAULT '',
  -- app credentials: scrypt hash of the password mailed to the resident; NULL
  -- = none (after a reset or for seeded demo data); must_change until the
  -- resident picks their own in the app
  password_hash VARCHAR(255) NULL,
  must_change_password TINYINT(1) NOT NULL DEFAULT 1,
  credentials_changed_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  UNIQUE KEY uq_resident_identities_email (email),
  KEY ix_resident_identities_installer (installer_id),
  CONSTRAINT fk_resident_identities_installer FOREIGN KEY (installer_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sites (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  -- the master account
  identity_id BIGINT UNSIGNED NULL,
  name VARCHAR(64) NOT NULL,
  room_name VARCHAR(64) NOT NULL DEFAULT '',
  -- copies of the identity's (see above); '' when none
  email VARCHAR(254) NOT NULL DEFAULT '',
  country_code VARCHAR(5) NOT NULL DEFAULT '',
  mobile VARCHAR(16) NOT NULL DEFAULT '',
  address VARCHAR(255) NOT NULL DEFAULT '',
  call_mode ENUM('sip','ip') NOT NULL DEFAULT 'sip',
  time_zone VARCHAR(64) NOT NULL,
  language VARCHAR(8) NOT NULL DEFAULT 'en',
  time_format ENUM('12h','24h') NOT NULL DEFAULT '24h',
  landline1 VARCHAR(16) NOT NULL DEFAULT '',
  landline2 VARCHAR(16) NOT NULL DEFAULT '',
  landline3 VARCHAR(16) NOT NULL DEFAULT '',
  premium_plan TINYINT(1) NOT NULL DEFAULT 0,
  premium_expires_at DATETIME(3) NULL,
  landline_service TINYINT(1) NOT NULL DEFAULT 0,
  with_indoor_monitor TINYINT(1) NOT NULL DEFAULT 0,
  -- account status; billing moves it later, the worker marks expiry
  status ENUM('inactivated','normal','expired') NOT NULL DEFAULT 'inactivated',
  expires_at DATETIME(3) NULL,
  -- video storage (step two of create)
  video_storage TINYINT(1) NOT NULL DEFAULT 0,
  video_plan ENUM('trial','subscription') NULL,
  video_days SMALLINT UNSIGNED NULL,
  video_device_count SMALLINT UNSIGNED NULL,
  video_audio TINYINT(1) NOT NULL DEFAULT 0,
  video_trial_ends_at DATETIME(3) NULL,
  -- Akubela Smart Home: once on, never off
  smart_home TINYINT(1) NOT NULL DEFAULT 0,
  smart_home_since DATETIME(3) NULL,
  -- F10: family members present, the free allowance (kept by reset) and the
  -- Additional App entitlements bought for this master (billing sells them)
  family_count INT UNSIGNED NOT NULL DEFAULT 0,
  family_free INT UNSIGNED NOT NULL DEFAULT 3,
  additional_apps INT UNSIGNED NOT NULL DEFAULT 0,
  -- F15
  family_sip_number BIGINT UNSIGNED NOT NULL,
  sip_number BIGINT UNSIGNED NOT NULL,
  -- the master's app: set when the app registers, cleared by reset
  app_registered_at DATETIME(3) NULL,
  last_reset_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  UNIQUE KEY uq_sites_family_sip (family_sip_number),
  UNIQUE KEY uq_sites_sip (sip_number),
  -- list orders and prefix searches, all within one installer
  KEY ix_sites_installer_id (installer_id, id),
  KEY ix_sites_installer_name (installer_id, name),
  KEY ix_sites_installer_email (installer_id, email),
  KEY ix_sites_installer_mobile (installer_id, mobile),
  KEY ix_sites_installer_status (installer_id, status),
  -- the worker's expiry job
  KEY ix_sites_status_expiry (status, expires_at),
  KEY ix_sites_identity (identity_id),
  CONSTRAINT fk_sites_installer FOREIGN KEY (installer_id) REFERENCES accounts (id),
  CONSTRAINT fk_sites_identity FOREIGN KEY (identity_id) REFERENCES resident_identities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Device models picked for video storage (the devices issue links devices).
CREATE TABLE site_video_models (
  site_id BIGINT UNSIGNED NOT NULL,
  model VARCHAR(32) NOT NULL,
  PRIMARY KEY (site_id, model),
  CONSTRAINT fk_site_video_models_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE family_members (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  identity_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  -- copies of the identity's, for search and lists
  email VARCHAR(254) NOT NULL DEFAULT '',
  country_code VARCHAR(5) NOT NULL DEFAULT '',
  mobile VARCHAR(16) NOT NULL DEFAULT '',
  sip_number BIGINT UNSIGNED NOT NULL,
  -- 1 when it took one of the Additional App entitlements
  paid TINYINT(1) NOT NULL DEFAULT 0,
  app_registered_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  UNIQUE KEY uq_family_members_sip (sip_number),
  KEY ix_family_members_site (site_id, id),
  KEY ix_family_members_installer_sip (installer_id, sip_number),
  CONSTRAINT fk_family_members_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE,
  CONSTRAINT fk_family_members_identity FOREIGN KEY (identity_id) REFERENCES resident_identities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a reset (F13) empties.  Later issues fill these tables; they exist
-- now so that reset and delete are real.  account_id is a family member's
-- id, or NULL for the master.

-- Access credentials: PIN, RF card, NFC, face, Bluetooth, QR code.  Secrets
-- (PIN, QR payload) are stored as the devices need them, encrypted by the
-- issue that provisions them; face data is a reference to a stored template.
CREATE TABLE access_credentials (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  family_member_id BIGINT UNSIGNED NULL,
  kind ENUM('pin','rf_card','nfc','face','bluetooth','qr') NOT NULL,
  label VARCHAR(64) NOT NULL DEFAULT '',
  value VARBINARY(1024) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  KEY ix_access_credentials_site (site_id, kind),
  CONSTRAINT fk_access_credentials_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE,
  CONSTRAINT fk_access_credentials_member FOREIGN KEY (family_member_id) REFERENCES family_members (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Door logs (opened by whom and how, with a capture) and call logs.
CREATE TABLE door_logs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  device_id BIGINT UNSIGNED NULL,
  method VARCHAR(16) NOT NULL DEFAULT '',
  who VARCHAR(64) NOT NULL DEFAULT '',
  success TINYINT(1) NOT NULL DEFAULT 1,
  capture_path VARCHAR(255) NULL,
  happened_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  KEY ix_door_logs_site (site_id, happened_at),
  CONSTRAINT fk_door_logs_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE call_logs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  caller VARCHAR(64) NOT NULL DEFAULT '',
  callee VARCHAR(64) NOT NULL DEFAULT '',
  answered TINYINT(1) NOT NULL DEFAULT 0,
  duration_s INT UNSIGNED NOT NULL DEFAULT 0,
  happened_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  KEY ix_call_logs_site (site_id, happened_at),
  CONSTRAINT fk_call_logs_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Messages delivered to a site's accounts (the messages issue sends them).
CREATE TABLE site_messages (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  family_member_id BIGINT UNSIGNED NULL,
  title VARCHAR(128) NOT NULL,
  body TEXT NOT NULL,
  read_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  KEY ix_site_messages_site (site_id, created_at),
  CONSTRAINT fk_site_messages_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE,
  CONSTRAINT fk_site_messages_member FOREIGN KEY (family_member_id) REFERENCES family_members (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE alarms (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  device_id BIGINT UNSIGNED NULL,
  kind VARCHAR(32) NOT NULL,
  zone VARCHAR(64) NOT NULL DEFAULT '',
  dealt_at DATETIME(3) NULL,
  happened_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  KEY ix_alarms_site (site_id, happened_at),
  CONSTRAINT fk_alarms_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
