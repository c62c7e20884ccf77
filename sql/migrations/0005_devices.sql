-- Devices: the model catalogue, the MAC library (F16) and the devices of a
-- site (F17-F18, their core; relays and third-party devices follow).
--
-- A MAC address is stored normalised: 12 upper-case hex digits.  It is
-- registered once platform-wide by a distributor, may be assigned to one of
-- that distributor's installers, and is "in use" while a device carries it.

-- What each model is and can do: reference data, filled by the migration
-- after this one (a change of the catalogue is a new migration).
-- relay_access_min_firmware is a dotted version compared numerically field
-- by field (vb_fw_cmp); NULL = no firmware of the model binds access
-- methods to relays.
CREATE TABLE device_models (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  model VARCHAR(32) NOT NULL,
  -- the guide's device types
  type ENUM('door_phone','access_control','indoor_monitor','guard_phone') NOT NULL,
  builtin_relays TINYINT UNSIGNED NOT NULL DEFAULT 0,
  -- access methods bindable per relay, from this firmware on ('' = any)
  relay_access_min_firmware VARCHAR(32) NULL,
  -- indoor monitors: external relay modules (MK485-G2R-8J8C V3.0, HF-8000)
  external_relay TINYINT(1) NOT NULL DEFAULT 0,
  -- R20K/R20B: MD06/MD12 expansion modules
  expansion_modules TINYINT(1) NOT NULL DEFAULT 0,
  -- security relay SR01
  security_relay TINYINT(1) NOT NULL DEFAULT 0,
  -- weather on the home screen (the site's address)
  weather TINYINT(1) NOT NULL DEFAULT 0,
  UNIQUE KEY uq_device_models_model (model)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE mac_library (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mac CHAR(12) CHARACTER SET ascii NOT NULL,
  distributor_id BIGINT UNSIGNED NOT NULL,
  -- the installer it is assigned to; NULL = the distributor's, unassigned
  installer_id BIGINT UNSIGNED NULL,
  note VARCHAR(64) NOT NULL DEFAULT '',
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  assigned_at DATETIME(3) NULL,
  UNIQUE KEY uq_mac_library_mac (mac),
  KEY ix_mac_library_distributor (distributor_id, mac),
  KEY ix_mac_library_installer (installer_id, mac),
  CONSTRAINT fk_mac_library_distributor FOREIGN KEY (distributor_id) REFERENCES accounts (id),
  CONSTRAINT fk_mac_library_installer FOREIGN KEY (installer_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A device of a site.  The unique MAC is what makes two requests racing for
-- one MAC end with exactly one device; the foreign key to the library keeps
-- a MAC in use from being removed from it.
CREATE TABLE devices (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  model_id INT UNSIGNED NOT NULL,
  mac CHAR(12) CHARACTER SET ascii NOT NULL,
  name VARCHAR(64) NOT NULL,
  sip_number BIGINT UNSIGNED NOT NULL,
  firmware VARCHAR(32) NOT NULL DEFAULT '',
  -- door phones and access control terminals
  allow_monitoring TINYINT(1) NOT NULL DEFAULT 1,
  internet_access TINYINT(1) NOT NULL DEFAULT 1,
  ip VARCHAR(15) NOT NULL DEFAULT '',
  -- reported by the device (the device-facing issue fills them)
  online TINYINT(1) NOT NULL DEFAULT 0,
  last_seen_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  UNIQUE KEY uq_devices_mac (mac),
  UNIQUE KEY uq_devices_sip (sip_number),
  KEY ix_devices_site (installer_id, site_id),
  CONSTRAINT fk_devices_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE,
  CONSTRAINT fk_devices_model FOREIGN KEY (model_id) REFERENCES device_models (id),
  CONSTRAINT fk_devices_mac FOREIGN KEY (mac) REFERENCES mac_library (mac)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
