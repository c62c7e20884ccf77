-- The device model catalogue (reference data for 0005_devices.sql).
--
-- Every Akuvox model the installer guide names, with what it can do:
--   relay_access_min_firmware: the guide's "Access Method" list (binding
--     unlock methods to single relays) gives a firmware for some models and
--     none for others; those are '' (any firmware).  NULL = not in the list.
--   expansion_modules: R20K/R20B take the MD06/MD12 expansion modules
--     ("Push Button Setting").
--   security_relay: the guide offers "Add Security Relay" (SR01) for door
--     phones, so every door phone has it.
--   external_relay, weather: the guide offers both for indoor monitors
--     (MK485-G2R-8J8C V3.0 / HF-8000; weather from the site's address).
-- builtin_relays: the guide gives no counts; these are our defaults
-- (S539/S532 3, X916/X915/X912 3, R29 3, R20* 2, E12/E16/E18 2, R27/R28 2,
-- A0x access terminals 2, indoor monitors 1) until a data sheet says more.
-- The guide names no indoor monitor; C313/C315/C317/C319 and X933 are the
-- current Akuvox indoor monitors (our choice, so that sites can have one).
-- A change of the catalogue is a new migration: these rows are referenced
-- by devices.model_id.

INSERT INTO device_models
  (model, type, builtin_relays, relay_access_min_firmware, external_relay,
   expansion_modules, security_relay, weather)
VALUES
  -- door phones with a minimum firmware for per-relay access methods
  ('S539',     'door_phone',     3, '539.30.10.118',  0, 0, 1, 0),
  ('S532',     'door_phone',     3, '532.30.10.117',  0, 0, 1, 0),
  ('X916',     'door_phone',     3, '916.30.10.216',  0, 0, 1, 0),
  ('X915 V1',  'door_phone',     3, '915.30.10.128',  0, 0, 1, 0),
  ('X915 V2',  'door_phone',     3, '2915.30.10.106', 0, 0, 1, 0),
  ('X912',     'door_phone',     3, '912.30.10.225',  0, 0, 1, 0),
  ('R20 V5.0', 'door_phone',     2, '320.30.10.125',  0, 0, 1, 0),
  -- door phones the list names without a version: any firmware
  ('R29',      'door_phone',     3, '',               0, 0, 1, 0),
  ('E16 V2',   'door_phone',     2, '',               0, 0, 1, 0),
  ('E18',      'door_phone',     2, '',               0, 0, 1, 0),
  ('R27',      'door_phone',     2, '',               0, 0, 1, 0),
  ('R28',      'door_phone',     2, '',               0, 0, 1, 0),
  ('R28 V2.0', 'door_phone',     2, '',               0, 0, 1, 0),
  -- door phones outside the list
  ('E12',      'door_phone',     2, NULL,             0, 0, 1, 0),
  ('E16',      'door_phone',     2, NULL,             0, 0, 1, 0),
  ('R20K',     'door_phone',     2, NULL,             0, 1, 1, 0),
  ('R20B',     'door_phone',     2, NULL,             0, 1, 1, 0),
  -- access control terminals
  ('A094',     'access_control', 2, '',               0, 0, 0, 0),
  ('A01',      'access_control', 2, NULL,             0, 0, 0, 0),
  ('A02',      'access_control', 2, NULL,             0, 0, 0, 0),
  ('A05',      'access_control', 2, NULL,             0, 0, 0, 0),
  -- indoor monitors
  ('C313',     'indoor_monitor', 1, NULL,             1, 0, 0, 1),
  ('C315',     'indoor_monitor', 1, NULL,             1, 0, 0, 1),
  ('C317',     'indoor_monitor', 1, NULL,             1, 0, 0, 1),
  ('C319',     'indoor_monitor', 1, NULL,             1, 0, 0, 1),
  ('X933',     'indoor_monitor', 1, NULL,             1, 0, 0, 1);
