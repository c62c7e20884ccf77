-- Privacy policy versions, acceptances and the Service Provider Information
-- shown to end users in their privacy policy (F3).

CREATE TABLE privacy_policies (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version VARCHAR(32) NOT NULL,
  title VARCHAR(200) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  published_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  UNIQUE KEY uq_privacy_policies_version (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE privacy_acceptances (
  account_id BIGINT UNSIGNED NOT NULL,
  policy_id BIGINT UNSIGNED NOT NULL,
  accepted_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  ip VARCHAR(45) NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, policy_id),
  CONSTRAINT fk_privacy_acc_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT fk_privacy_acc_policy FOREIGN KEY (policy_id) REFERENCES privacy_policies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE service_provider_info (
  account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  company_name VARCHAR(128) NOT NULL DEFAULT '',
  contact_name VARCHAR(128) NOT NULL DEFAULT '',
  email VARCHAR(254) NOT NULL DEFAULT '',
  phone VARCHAR(20) NOT NULL DEFAULT '',
  address VARCHAR(255) NOT NULL DEFAULT '',
  website VARCHAR(255) NOT NULL DEFAULT '',
  updated_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  CONSTRAINT fk_spi_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO privacy_policies (version, title, body) VALUES ('7.0.0', 'Vestibule Privacy Policy',
'This policy explains how the Vestibule platform collects, uses and protects the data of installers and of the residents they serve.\n\n1. What we collect. Account data (name, e-mail address, phone number), the sites and devices you manage, device logs, and video clips of door events where video storage is enabled.\n\n2. Why. To provide the service: sign-in, device provisioning, remote maintenance, calls and video, notifications and billing.\n\n3. Who sees it. You, the residents of the sites you manage for their own data, your distributor when you grant account access, and the operator of this platform for support and security. Your Service Provider Information is shown to the residents in their privacy policy.\n\n4. How long. Account data as long as the account exists; logs and clips for the retention period configured per site.\n\n5. Your rights. You may view, correct, export and delete your data; contact your service provider or the operator of this platform.');
