-- Devices, second part: the settings of each device type (F17-F18), the
-- third-party cameras (F19) and locks (F20), and the view the RTSP relay
-- reads its sources from.
--
-- A device's type-specific settings that are one value each live on the
-- devices row; its relays and push buttons are rows of their own.  Child
-- rows carry no installer_id: they are always reached through their device
-- or camera, whose installer_id is in the WHERE.

-- Door phones and access control terminals: where their RTSP stream is and
-- the credentials the platform gives them (the AutoP issue provisions them;
-- the password is AES-256-GCM sealed under the platform key, AAD
-- "device:<id>:rtsp").  Indoor monitors: arming, the built-in relay and an
-- external relay module.  R20K/R20B: an MD06/MD12 expansion module.  SR01:
-- the security relay of a door phone.
ALTER TABLE devices
  ADD COLUMN rtsp_path VARCHAR(128) CHARACTER SET ascii NOT NULL DEFAULT '/live/ch00_0' AFTER ip,
  ADD COLUMN rtsp_user VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '' AFTER rtsp_path,
  ADD COLUMN rtsp_password_sealed VARCHAR(255) CHARACTER SET ascii NULL AFTER rtsp_user,
  ADD COLUMN security_relay TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN security_relay_name VARCHAR(32) NOT NULL DEFAULT '',
  ADD COLUMN security_relay_dtmf VARCHAR(4) CHARACTER SET ascii NOT NULL DEFAULT '',
  ADD COLUMN arming TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN builtin_relay TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN builtin_relay_name VARCHAR(32) NOT NULL DEFAULT '',
  ADD COLUMN ext_relay_type ENUM('MK485-G2R-8J8C V3.0','HF-8000') NULL,
  ADD COLUMN ext_relay_mode ENUM('rs485','rs485_input_non_latching','rs485_input_latching',
                                 'ethernet') NULL,
  ADD COLUMN ext_relay_ip VARCHAR(15) CHARACTER SET ascii NOT NULL DEFAULT '',
  ADD COLUMN ext_relay_port INT UNSIGNED NULL,
  ADD COLUMN button_module ENUM('MD06','MD12') NULL,
  ADD KEY ix_devices_installer_name (installer_id, name);

-- The relays of a device, in order ("Relay1", "Relay2", ... on the device):
--   kind 'relay'    a door phone's or terminal's relay: name, DTMF code, the
--                   unlock methods bound to it (empty = every method opens
--                   it), shown on the app's home page / talking page
--   kind 'external' a relay of an indoor monitor's external module: name
--                   and function
CREATE TABLE device_relays (
  device_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('relay','external') NOT NULL,
  idx TINYINT UNSIGNED NOT NULL,
  name VARCHAR(32) NOT NULL,
  dtmf VARCHAR(4) CHARACTER SET ascii NOT NULL DEFAULT '',
  access_methods SET('pin','rf_card','face','bluetooth','nfc','qr_code') NOT NULL DEFAULT '',
  home_page TINYINT(1) NOT NULL DEFAULT 1,
  talking_page TINYINT(1) NOT NULL DEFAULT 1,
  `function` ENUM('door','light','curtain','alarm','appliance','other') NULL,
  PRIMARY KEY (device_id, kind, idx),
  CONSTRAINT fk_device_relays_device FOREIGN KEY (device_id) REFERENCES devices (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The push buttons of an R20K/R20B's MD06 (6) or MD12 (12) module: a label
-- and whom a press calls.
CREATE TABLE device_buttons (
  device_id BIGINT UNSIGNED NOT NULL,
  idx TINYINT UNSIGNED NOT NULL,
  label VARCHAR(32) NOT NULL,
  call_target ENUM('apps_and_monitors','apps','indoor_monitors','none') NOT NULL,
  PRIMARY KEY (device_id, idx),
  CONSTRAINT fk_device_buttons_device FOREIGN KEY (device_id) REFERENCES devices (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Third-party cameras (F19).  rtsp_url never holds credentials (they are
-- moved to username / password_sealed on the way in); the password is
-- sealed with AAD "camera:<id>:password" and never leaves the server except
-- to the relay.  Linked to at most one door phone of the same site (the
-- app's camera switch); monitored from the app and/or chosen indoor
-- monitors (camera_terminals).
CREATE TABLE cameras (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  rtsp_url VARCHAR(1024) CHARACTER SET ascii NOT NULL,
  username VARCHAR(128) NOT NULL DEFAULT '',
  password_sealed VARCHAR(512) CHARACTER SET ascii NULL,
  allow_monitoring TINYINT(1) NOT NULL DEFAULT 1,
  monitor_app TINYINT(1) NOT NULL DEFAULT 1,
  linked_device_id BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  KEY ix_cameras_site (installer_id, site_id),
  KEY ix_cameras_linked (linked_device_id),
  CONSTRAINT fk_cameras_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE,
  CONSTRAINT fk_cameras_linked FOREIGN KEY (linked_device_id) REFERENCES devices (id)
    ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The indoor monitors a camera can be watched from.
CREATE TABLE camera_terminals (
  camera_id BIGINT UNSIGNED NOT NULL,
  device_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (camera_id, device_id),
  KEY ix_camera_terminals_device (device_id),
  CONSTRAINT fk_camera_terminals_camera FOREIGN KEY (camera_id) REFERENCES cameras (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_camera_terminals_device FOREIGN KEY (device_id) REFERENCES devices (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Third-party locks (F20).  An installer connects its account at a lock
-- vendor's cloud once (the vendor's token is sealed, AAD
-- "lock_account:<installer>:<vendor>"), then adds the vendor's locks and
-- assigns each to one of its sites.
CREATE TABLE lock_accounts (
  installer_id BIGINT UNSIGNED NOT NULL,
  vendor ENUM('dormakaba','salto') NOT NULL,
  username VARCHAR(128) NOT NULL,
  token_sealed VARCHAR(2048) CHARACTER SET ascii NOT NULL,
  connected_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  PRIMARY KEY (installer_id, vendor),
  CONSTRAINT fk_lock_accounts_installer FOREIGN KEY (installer_id) REFERENCES accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE locks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  installer_id BIGINT UNSIGNED NOT NULL,
  vendor ENUM('dormakaba','salto') NOT NULL,
  vendor_lock_id VARCHAR(128) CHARACTER SET ascii NOT NULL,
  name VARCHAR(64) NOT NULL,
  site_id BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  UNIQUE KEY uq_locks_vendor_lock (installer_id, vendor, vendor_lock_id),
  KEY ix_locks_site (installer_id, site_id),
  CONSTRAINT fk_locks_account FOREIGN KEY (installer_id, vendor)
    REFERENCES lock_accounts (installer_id, vendor) ON DELETE CASCADE,
  CONSTRAINT fk_locks_site FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every source the RTSP relay may serve (issue 6 reads it):
--   source_id         "d<device id>" (a door phone) or "c<camera id>"
--   kind, object_id   the same split up, so a lookup can use the primary keys
--                     (WHERE kind = 'camera' AND object_id = ?)
--   upstream_url      where to pull from, without credentials; NULL while a
--                     door phone's IP address is not known
--   username, password_sealed, password_aad
--                     the credentials (vb_open(key, password_aad, ...))
--   allow_monitoring  0 = the relay answers 403 outside calls
--   monitor_app       the residents' apps may watch it
--   monitor_devices   comma-separated source-style ids ("d12,d13") of the
--                     indoor monitors that may watch it
--   linked_source     a camera's linked door phone ("d<id>"), else NULL
CREATE VIEW relay_sources AS
SELECT CONCAT('d', d.id) AS source_id, 'door_phone' AS kind, d.id AS object_id,
       d.installer_id, d.site_id,
       IF(d.ip = '', NULL, CONCAT('rtsp://', d.ip, d.rtsp_path)) AS upstream_url,
       d.rtsp_user AS username, d.rtsp_password_sealed AS password_sealed,
       CONCAT('device:', d.id, ':rtsp') AS password_aad,
       d.allow_monitoring, 1 AS monitor_app,
       (SELECT GROUP_CONCAT(CONCAT('d', m.id) ORDER BY m.id)
          FROM devices m JOIN device_models mm ON mm.id = m.model_id
         WHERE m.installer_id = d.installer_id AND m.site_id = d.site_id
           AND mm.type = 'indoor_monitor') AS monitor_devices,
       NULL AS linked_source
  FROM devices d JOIN device_models dm ON dm.id = d.model_id
 WHERE dm.type = 'door_phone'
UNION ALL
SELECT CONCAT('c', c.id), 'camera', c.id, c.installer_id, c.site_id,
       c.rtsp_url, c.username, c.password_sealed,
       CONCAT('camera:', c.id, ':password'),
       c.allow_monitoring, c.monitor_app,
       (SELECT GROUP_CONCAT(CONCAT('d', t.device_id) ORDER BY t.device_id)
          FROM camera_terminals t WHERE t.camera_id = c.id),
       IF(c.linked_device_id IS NULL, NULL, CONCAT('d', c.linked_device_id))
  FROM cameras c;
