-- Mail outbox, audit log and per-installer settings.

CREATE TABLE mail_outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  to_addr VARCHAR(254) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  kind VARCHAR(32) NOT NULL DEFAULT '',
  status ENUM('pending','sent') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  last_error VARCHAR(255) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  sent_at DATETIME(3) NULL,
  KEY ix_mail_outbox_due (status, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  -- the person who acted, and the account they acted as (differs while a
  -- distributor is switched into an installer)
  actor_id BIGINT UNSIGNED NULL,
  account_id BIGINT UNSIGNED NULL,
  tenant_id BIGINT UNSIGNED NULL,
  action VARCHAR(64) NOT NULL,
  object_type VARCHAR(32) NOT NULL DEFAULT '',
  object_id BIGINT UNSIGNED NULL,
  ip VARCHAR(45) NOT NULL DEFAULT '',
  request_id VARCHAR(64) NOT NULL DEFAULT '',
  detail JSON NULL,
  KEY ix_audit_tenant (tenant_id, created_at),
  KEY ix_audit_actor (actor_id, created_at),
  -- the password-reset throttle counts requests per address
  KEY ix_audit_ip (ip, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE installer_settings (
  installer_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC',
  customer_service_phone VARCHAR(20) NOT NULL DEFAULT '',
  customer_service_email VARCHAR(254) NOT NULL DEFAULT '',
  receive_feedback TINYINT(1) NOT NULL DEFAULT 0,
  -- F25: log a door event for visitor calls that did not open the door
  log_unanswered_calls TINYINT(1) NOT NULL DEFAULT 1,
  -- F30: renewal and expiration e-mails to end users
  enduser_renewal_emails TINYINT(1) NOT NULL DEFAULT 1,
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  CONSTRAINT fk_installer_settings_account FOREIGN KEY (installer_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
