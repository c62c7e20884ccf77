"""F17: adding intercom devices to a site.  The model catalogue and what each
model can do; per type the fields and their defaults; relays with the unlock
methods bound to them, refused by model and by firmware (the spec's minimum
versions compared field by field); the security relay; an indoor monitor's
external relay module (MK485: 8 relays, three modes; HF-8000: 4, RS485 or
Ethernet with IP and port); R20K/R20B push buttons (MD06: 6, MD12: 12);
internet access off needs a static IP; the MAC must be an unused one of the
installer's library (racing requests: exactly one wins); 20 devices per site;
the list, the device counts of the site and the dashboard.  Every refusal
writes nothing."""

import concurrent.futures
import threading

from vbtest import (DASHBOARD, DEFAULT_RTSP_PATH, DEVICE_MODELS, DEVICES, HF8000,
                    MK485, MODEL_FIELDS, OMIT, audit_mark, audit_rows, catalogue_model, check,
                    check_device_shape, device_body, device_db, device_path, device_relays_db,
                    devices_unchanged, eq, expect, expect_audit, get_device, get_site,
                    installer_client, list_devices, list_macs, mac_fmt, mac_for, macs_for,
                    new_device, new_installer, new_site, new_subinstaller, open_sealed, rand_mac,
                    sign_in, site_path, sql, sql_int)

_shared = []


def _ctx():
    """One installer for the tests (each checks its refusals change nothing,
    so sharing it is safe) and a new site of it (a site holds at most 20
    devices)."""
    if not _shared:
        _shared.append(installer_client())
    inst, ic = _shared[0]
    return inst, ic, new_site(ic, name="Devices Target")


def _post(c, site_id, mac, type="door_phone", model=None, **kw):
    return c.post(DEVICES, device_body(site_id, mac, type, model, **kw))


def _refused(c, inst, site, status, code, field, what, type="door_phone", model=None, **kw):
    """A create that must be refused with status/code/field and write nothing."""
    mac = mac_for_cached(inst)
    with devices_unchanged([inst.id], what):
        return expect(_post(c, site["id"], mac, type, model, **kw), status, code, field)


_spare = {}


def mac_for_cached(inst):
    """An unused MAC of inst's library that refused requests may share
    (nothing ever takes it)."""
    if inst.id not in _spare:
        _spare[inst.id] = mac_for(inst)
    return _spare[inst.id]


# ---------------------------------------------------------------------------
# The catalogue

def test_model_catalogue():
    inst, ic, site = _ctx()
    items = expect(ic.get(DEVICE_MODELS), 200).json["items"]
    by = {}
    for m in items:
        eq(sorted(m), sorted(MODEL_FIELDS), "keys of model %r" % m.get("model"))
        by[m["model"]] = m
    want = {  # model: (type, relays, access_methods_from, security, external, expansion, weather)
        "S539": ("door_phone", 3, "539.30.10.118", True, False, False, False),
        "S532": ("door_phone", 3, "532.30.10.117", True, False, False, False),
        "X916": ("door_phone", 3, "916.30.10.216", True, False, False, False),
        "X915 V1": ("door_phone", 3, "915.30.10.128", True, False, False, False),
        "X915 V2": ("door_phone", 3, "2915.30.10.106", True, False, False, False),
        "X912": ("door_phone", 3, "912.30.10.225", True, False, False, False),
        "R20 V5.0": ("door_phone", 2, "320.30.10.125", True, False, False, False),
        "R29": ("door_phone", 3, "", True, False, False, False),
        "E12": ("door_phone", 2, None, True, False, False, False),
        "R20K": ("door_phone", 2, None, True, False, True, False),
        "R20B": ("door_phone", 2, None, True, False, True, False),
        "A094": ("access_control", 2, "", False, False, False, False),
        "A01": ("access_control", 2, None, False, False, False, False),
        "C313": ("indoor_monitor", 1, None, False, True, False, True),
        "X933": ("indoor_monitor", 1, None, False, True, False, True),
    }
    for name, w in want.items():
        check(name in by, "the catalogue lacks %s: %r" % (name, sorted(by)))
        m = by[name]
        eq((m["type"], m["relays"], m["access_methods_from"], m["security_relay"], m["external_relay"],
            m["expansion_modules"], m["weather"]), w, "capabilities of %s" % name)
    eq(len(items), 26, "models in the catalogue")
    # ordered by type, then model: each type is one run, models sorted in it
    types = [m["type"] for m in items]
    runs = [t for k, t in enumerate(types) if k == 0 or types[k - 1] != t]
    eq(len(runs), len(set(runs)), "types appear in one run each: %r" % types)
    for t in set(types):
        names = [m["model"] for m in items if m["type"] == t]
        eq(names, sorted(names, key=lambda s: s.upper()), "models of %s in order" % t)


# ---------------------------------------------------------------------------
# Door phones

def test_door_phone_defaults():
    inst, ic, site = _ctx()
    mac = mac_for(inst)
    mark = audit_mark()
    d = check_device_shape(expect(ic.post(DEVICES, {"site_id": site["id"], "type": "door_phone",
                                                    "model": "S539", "mac": mac_fmt(mac, ":", lower=True),
                                                    "name": "Front Gate"}), 201).json)
    eq((d["site_id"], d["site_name"], d["type"], d["model"], d["mac"], d["name"]),
       (site["id"], site["name"], "door_phone", "S539", mac, "Front Gate"), "the new door phone")
    eq((d["firmware"], d["online"], d["last_seen_at"]), (None, False, None), "a device never seen")
    eq((d["allow_monitoring"], d["internet_access"], d["ip"], d["rtsp_path"], d["security_relay"]),
       (True, True, None, DEFAULT_RTSP_PATH, None), "door phone defaults")
    eq(d["relays"], [{"name": "Relay1", "dtmf": "#", "access_methods": [], "home_page": True,
                      "talking_page": True}], "the default relay")
    eq(d["capabilities"], {"relays": 3, "access_methods": False, "access_methods_from": "539.30.10.118",
                           "security_relay": True, "external_relay": False, "expansion_modules": False},
       "capabilities of an S539 of unknown firmware")
    eq(get_device(ic, d["id"]), d, "GET of the new device")
    row = device_db(d["id"])
    eq((int(row["installer_id"]), int(row["site_id"]), row["mac"], str(row["sip_number"])),
       (inst.id, site["id"], mac, str(d["sip_number"])), "the stored device")
    eq(len(device_relays_db(d["id"])), 1, "stored relays")
    a = expect_audit(mark, "device.create", inst.id, d["id"], actor=inst.id)
    check(a["object_type"] in ("device", "devices"), "object type of device.create: %r" % a)


def test_door_phone_gets_sealed_rtsp_credentials():
    """A door phone gets its RTSP user "vestibule" and a generated password,
    sealed under the platform key for this device only; neither is shown."""
    inst, ic, site = _ctx()
    d = new_device(ic, site["id"], mac_for(inst))
    row = device_db(d["id"])
    eq(row["rtsp_user"], "vestibule", "RTSP user of a door phone")
    sealed = row["rtsp_password_sealed"]
    check(sealed, "no sealed RTSP password: %r" % row)
    pw = open_sealed(sealed, "device:%d:rtsp" % d["id"])
    check(pw is not None, "the sealed RTSP password does not open with device:%d:rtsp" % d["id"])
    check(len(pw) >= 12, "RTSP password too short: %d bytes" % len(pw))
    check(open_sealed(sealed, "device:%d:rtsp" % (d["id"] + 1)) is None,
          "the sealed RTSP password opens for another device's AAD")
    for body in (ic.last.body, ic.get(device_path(d["id"])).body, ic.get(DEVICES + "?site_id=%d" % site["id"]).body):
        check(pw not in body and sealed.encode() not in body, "the RTSP password shows in an answer")
    other = new_device(ic, site["id"], mac_for(inst))
    check(device_db(other["id"])["rtsp_password_sealed"] != sealed, "two door phones share a sealed value")
    check(open_sealed(device_db(other["id"])["rtsp_password_sealed"], "device:%d:rtsp" % other["id"]) != pw,
          "two door phones have the same RTSP password")


def test_door_phone_every_field():
    inst, ic, site = _ctx()
    relays = [
        {"name": "Gate", "dtmf": "1", "access_methods": ["pin", "rf_card", "face"], "home_page": True,
         "talking_page": False},
        {"name": "Garage", "dtmf": "*9", "access_methods": ["bluetooth", "nfc", "qr_code"],
         "home_page": False, "talking_page": True},
        {"name": "Side door", "dtmf": "#", "access_methods": [], "home_page": False, "talking_page": False},
    ]
    body = device_body(site["id"], mac_for(inst), "door_phone", "S539", name="Main Entrance",
                       firmware="539.30.10.118", allow_monitoring=False, internet_access=False,
                       ip="192.168.10.50", rtsp_path="/h264/main", relays=relays,
                       security_relay={"name": "Vault", "dtmf": "0"})
    d = check_device_shape(expect(ic.post(DEVICES, body), 201).json)
    eq((d["firmware"], d["allow_monitoring"], d["internet_access"], d["ip"], d["rtsp_path"]),
       ("539.30.10.118", False, False, "192.168.10.50", "/h264/main"), "settings as sent")
    eq([dict(r, access_methods=sorted(r["access_methods"])) for r in d["relays"]],
       [dict(r, access_methods=sorted(r["access_methods"])) for r in relays], "relays as sent")
    eq(d["security_relay"], {"name": "Vault", "dtmf": "0"}, "security relay")
    eq(d["capabilities"]["access_methods"], True, "an S539 at the minimum firmware binds methods")
    eq(get_device(ic, d["id"]), d, "GET after create")
    eq([(r[1], r[2], r[4], r[5]) for r in device_relays_db(d["id"])],
       [(r["name"], r["dtmf"], str(int(r["home_page"])), str(int(r["talking_page"]))) for r in relays],
       "stored relays in order")
    row = device_db(d["id"])
    eq((row["ip"], row["rtsp_path"], row["allow_monitoring"], row["internet_access"], row["firmware"]),
       ("192.168.10.50", "/h264/main", "0", "0", "539.30.10.118"), "stored settings")


def test_relay_defaults_per_relay():
    """Relays sent without a DTMF code get "#", "2", "3"; pages default on;
    methods default to none; the security relay's name to SR01."""
    inst, ic, site = _ctx()
    d = new_device(ic, site["id"], mac_for(inst), model="X916",
                   relays=[{"name": "A"}, {"name": "B"}, {"name": "C"}], security_relay={"dtmf": "7"})
    eq(d["relays"], [{"name": n, "dtmf": t, "access_methods": [], "home_page": True, "talking_page": True}
                     for n, t in (("A", "#"), ("B", "2"), ("C", "3"))], "relay defaults")
    eq(d["security_relay"], {"name": "SR01", "dtmf": "7"}, "security relay default name")
    d = new_device(ic, site["id"], mac_for(inst), model="X916",
                   relays=[{"name": "A", "dtmf": "5"}, {"name": "B"}])
    eq([r["dtmf"] for r in d["relays"]], ["5", "2"], "a later relay's default is its number")


def test_relays_up_to_the_models_count():
    inst, ic, site = _ctx()
    three = [{"name": "R%d" % k} for k in range(1, 4)]
    d = new_device(ic, site["id"], mac_for(inst), model="S539", relays=three)
    eq(len(d["relays"]), 3, "S539 with its 3 relays")
    r = _refused(ic, inst, site, 422, "too_many_relays", "relays", "4 relays on an S539",
                 model="S539", relays=three + [{"name": "R4"}])
    check("S539" in r.error["message"] and "3" in r.error["message"],
          "too_many_relays names the model and its count: %r" % r)
    r = _refused(ic, inst, site, 422, "too_many_relays", "relays", "3 relays on an R20K",
                 model="R20K", relays=three)
    check("R20K" in r.error["message"] and "2" in r.error["message"], "message: %r" % r)
    _refused(ic, inst, site, 400, "invalid_field", "relays", "no relay at all", relays=[])
    _refused(ic, inst, site, 400, "invalid_field", "relays", "9 relays",
             relays=[{"name": "R%d" % k} for k in range(9)])


def test_two_relays_with_one_dtmf():
    inst, ic, site = _ctx()
    r = _refused(ic, inst, site, 400, "invalid_field", "relays[1].dtmf", "two relays with DTMF 1",
                 relays=[{"name": "A", "dtmf": "1"}, {"name": "B", "dtmf": "1"}])
    check("1" in r.error["message"], "the message names the other relay: %r" % r)
    _refused(ic, inst, site, 400, "invalid_field", "relays[2].dtmf", "relay 3 taking relay 1's code",
             relays=[{"name": "A", "dtmf": "9"}, {"name": "B"}, {"name": "C", "dtmf": "9"}])
    # relay 2's default "2" is taken by relay 1
    _refused(ic, inst, site, 400, "invalid_field", "relays[1].dtmf", "a default DTMF already used",
             relays=[{"name": "A", "dtmf": "2"}, {"name": "B"}])


def test_security_relay_needs_dtmf():
    inst, ic, site = _ctx()
    _refused(ic, inst, site, 400, "missing_field", "security_relay.dtmf", "security relay without DTMF",
             security_relay={"name": "SR01"})
    _refused(ic, inst, site, 400, "invalid_field", "security_relay.dtmf", "security relay DTMF 12345",
             security_relay={"dtmf": "12345"})
    d = new_device(ic, site["id"], mac_for(inst), security_relay=None)
    eq(d["security_relay"], None, "security relay null")


def test_security_relay_on_a_model_without():
    inst, ic, site = _ctx()
    with catalogue_model("door_phone", relays=2, security_relay=0) as model:
        _refused(ic, inst, site, 422, "security_relay_unsupported", "security_relay",
                 "a security relay on a door phone without", model=model, security_relay={"dtmf": "9"})
        d = new_device(ic, site["id"], mac_for(inst), model=model)
        eq((d["security_relay"], d["capabilities"]["security_relay"]), (None, False), "no security relay")


# ---------------------------------------------------------------------------
# Access methods by model and firmware

def _methods(on=1):
    """Two relays, unlock methods bound to relay `on` (0-based)."""
    rel = [{"name": "Door"}, {"name": "Gate"}]
    rel[on]["access_methods"] = ["pin", "face"]
    return rel


def test_access_methods_refused_by_model():
    inst, ic, site = _ctx()
    for model in ("E12", "R20K", "A01"):
        t = "access_control" if model == "A01" else "door_phone"
        r = _refused(ic, inst, site, 422, "access_methods_unsupported", "relays[1].access_methods",
                     "methods on %s" % model, type=t, model=model, relays=_methods(1),
                     firmware="999.99.99.999")
        check(model in r.error["message"], "the message names the model: %r" % r)
        d = new_device(ic, site["id"], mac_for(inst), t, model, relays=[{"name": "Door"}, {"name": "Gate"}])
        eq(d["capabilities"]["access_methods"], False, "capabilities.access_methods of %s" % model)
        eq(d["capabilities"]["access_methods_from"], None, "capabilities.access_methods_from of %s" % model)


def test_access_methods_firmware_unknown():
    inst, ic, site = _ctx()
    r = _refused(ic, inst, site, 422, "firmware_unknown", None, "methods on an S539 of unknown firmware",
                 model="S539", relays=_methods(1))
    check(r.error.get("field") in ("firmware", "relays[1].access_methods"), "field of firmware_unknown: %r" % r)
    _refused(ic, inst, site, 422, "firmware_unknown", None, "firmware null", model="S539",
             relays=_methods(0), firmware=None)


def test_access_methods_firmware_minimums():
    """The spec's minimums, compared field by field as numbers."""
    inst, ic, site = _ctx()
    cases = [  # (model, firmware, ok)
        ("S539", "539.30.10.117", False),
        ("S539", "539.30.10.118", True),
        ("S539", "539.30.10.1000", True),     # 1000 > 118 (as text it would be lower)
        ("S539", "539.30.10.99", False),      # 99 < 118 (as text it would be higher)
        ("S539", "539.30.11", True),
        ("S539", "539.30.10.118.0", True),
        ("S539", "539.29.99.999", False),
        ("S532", "532.30.10.117", True),
        ("S532", "532.30.10.116", False),
        ("X916", "916.30.10.216", True),
        ("X916", "916.30.10.215", False),
        ("X915 V1", "915.30.10.128", True),
        ("X915 V2", "2915.30.10.106", True),
        ("X915 V2", "915.30.10.200", False),
        ("X912", "912.30.10.224", False),
        ("R20 V5.0", "320.30.10.125", True),
        ("R20 V5.0", "320.30.10.124", False),
    ]
    minimums = {"S539": "539.30.10.118", "S532": "532.30.10.117", "X916": "916.30.10.216",
                "X915 V1": "915.30.10.128", "X915 V2": "2915.30.10.106", "X912": "912.30.10.225",
                "R20 V5.0": "320.30.10.125"}
    for model, fw, ok in cases:
        if ok:
            d = new_device(ic, site["id"], mac_for(inst), model=model, firmware=fw, relays=_methods(1))
            eq((d["firmware"], d["relays"][1]["access_methods"] and sorted(d["relays"][1]["access_methods"]),
                d["capabilities"]["access_methods"]), (fw, ["face", "pin"], True), "%s at %s" % (model, fw))
        else:
            r = _refused(ic, inst, site, 422, "firmware_too_old", None, "%s at %s" % (model, fw),
                         model=model, firmware=fw, relays=_methods(1))
            check(r.error.get("field") in ("firmware", "relays[1].access_methods"),
                  "field of firmware_too_old: %r" % r)
            check(minimums[model] in r.error["message"], "the message names the minimum %s: %r"
                  % (minimums[model], r))


def test_access_methods_any_firmware():
    """Models the spec lists without a version bind methods on any
    firmware, known or not."""
    inst, ic, site = _ctx()
    for t, model, fw in (("door_phone", "R29", OMIT), ("door_phone", "E18", "1.0"),
                         ("access_control", "A094", OMIT), ("door_phone", "R28 V2.0", None)):
        d = new_device(ic, site["id"], mac_for(inst), t, model, relays=_methods(0), firmware=fw)
        eq(sorted(d["relays"][0]["access_methods"]), ["face", "pin"], "methods on %s" % model)
        eq((d["capabilities"]["access_methods"], d["capabilities"]["access_methods_from"]), (True, ""),
           "capabilities of %s" % model)


def test_firmware_must_be_dotted_digits():
    inst, ic, site = _ctx()
    for bad in ("v539.30", "539..30", ".539", "539.", "539.30.x", "539 30", "-1.2", "1.2.3.4567890123",
                "539.30.10.118a", "\u0665\u0663\u0669"):
        _refused(ic, inst, site, 400, "invalid_field", "firmware", "firmware %r" % bad, firmware=bad)
    d = new_device(ic, site["id"], mac_for(inst), firmware="539")
    eq(d["firmware"], "539", "a one-field version")


def test_all_access_methods_accepted():
    inst, ic, site = _ctx()
    d = new_device(ic, site["id"], mac_for(inst), model="R29",
                   relays=[{"name": "All", "access_methods": ["pin", "rf_card", "face", "bluetooth", "nfc",
                                                              "qr_code"]}])
    eq(sorted(d["relays"][0]["access_methods"]), sorted(["pin", "rf_card", "face", "bluetooth", "nfc",
                                                         "qr_code"]), "every method")
    eq(device_relays_db(d["id"])[0][3].split(","), ["pin", "rf_card", "face", "bluetooth", "nfc", "qr_code"],
       "stored methods")


# ---------------------------------------------------------------------------
# Access control terminals and guard phones

def test_access_control_terminal():
    inst, ic, site = _ctx()
    d = check_device_shape(new_device(ic, site["id"], mac_for(inst), "access_control", "A094",
                                      relays=[{"name": "Turnstile", "access_methods": ["face"]},
                                              {"name": "Exit"}]))
    check("security_relay" not in d, "an access control terminal shows a security relay: %r" % d)
    eq((d["allow_monitoring"], d["internet_access"], d["rtsp_path"]), (True, True, DEFAULT_RTSP_PATH),
       "terminal defaults")
    eq([r["name"] for r in d["relays"]], ["Turnstile", "Exit"], "terminal relays")
    r = _refused(ic, inst, site, 400, "invalid_field", "security_relay", "a security relay on a terminal",
                 type="access_control", model="A094", security_relay={"dtmf": "9"})
    check("does not apply" in r.error["message"], "message: %r" % r)
    d = new_device(ic, site["id"], mac_for(inst), "access_control", "A05")
    eq(d["relays"][0]["name"], "Relay1", "default relay of a terminal")


def test_guard_phone_like_a_door_phone_without_security_relay():
    inst, ic, site = _ctx()
    with catalogue_model("guard_phone", relays=2, access_from="") as model:
        d = check_device_shape(new_device(ic, site["id"], mac_for(inst), "guard_phone", model,
                                          internet_access=False, ip="10.1.2.3"))
        eq((d["type"], d["ip"], d["relays"][0]["dtmf"]), ("guard_phone", "10.1.2.3", "#"), "a guard phone")
        check("security_relay" not in d, "a guard phone shows a security relay: %r" % d)
        _refused(ic, inst, site, 400, "invalid_field", "security_relay", "a security relay on a guard phone",
                 type="guard_phone", model=model, security_relay={"dtmf": "9"})
        _refused(ic, inst, site, 400, "invalid_field", "arming", "arming on a guard phone",
                 type="guard_phone", model=model, arming=True)
        # in the list a site's guard phones come after its terminals, before its monitors
        im = new_device(ic, site["id"], mac_for(inst), "indoor_monitor", name="A monitor")
        ac = new_device(ic, site["id"], mac_for(inst), "access_control", name="Z terminal")
        dp = new_device(ic, site["id"], mac_for(inst), "door_phone", name="Z door")
        eq([x["id"] for x in list_devices(ic, site_id=site["id"])["items"]], [dp["id"], ac["id"], d["id"], im["id"]],
           "door phones, terminals, guard phones, monitors")


# ---------------------------------------------------------------------------
# Indoor monitors

def test_indoor_monitor_defaults():
    inst, ic, site = _ctx()
    mark = audit_mark()
    d = check_device_shape(new_device(ic, site["id"], mac_for(inst), "indoor_monitor", "C313"))
    eq((d["arming"], d["builtin_relay"], d["external_relay"]),
       (False, {"enabled": True, "name": "Relay1"}, None), "indoor monitor defaults")
    eq(d["capabilities"], {"relays": 1, "access_methods": False, "access_methods_from": None,
                           "security_relay": False, "external_relay": True, "expansion_modules": False},
       "capabilities of a C313")
    eq(device_db(d["id"])["rtsp_password_sealed"], None, "an indoor monitor gets no RTSP password")
    expect_audit(mark, "device.create", inst.id, d["id"])


def test_indoor_monitor_every_field():
    inst, ic, site = _ctx()
    ext = {"type": MK485, "mode": "rs485_input_latching",
           "relays": [{"name": "R%d" % k, "function": f} for k, f in
                      enumerate(["door", "light", "curtain", "alarm", "appliance", "other", "door", "light"], 1)]}
    d = new_device(ic, site["id"], mac_for(inst), "indoor_monitor", "X933", arming=True,
                   builtin_relay={"enabled": False, "name": "Hall"}, external_relay=ext)
    eq((d["arming"], d["builtin_relay"]), (True, {"enabled": False, "name": "Hall"}), "monitor settings")
    eq(d["external_relay"], dict(ext, ip=None, port=None), "external relay as sent")
    eq(get_device(ic, d["id"]), d, "GET after create")
    eq([(r[1], r[6]) for r in device_relays_db(d["id"], "external")],
       [(r["name"], r["function"]) for r in ext["relays"]], "stored external relays")


def test_external_relay_mk485_modes():
    inst, ic, site = _ctx()
    for mode in ("rs485", "rs485_input_non_latching", "rs485_input_latching"):
        d = new_device(ic, site["id"], mac_for(inst), "indoor_monitor",
                       external_relay={"type": MK485, "mode": mode, "relays": [{"name": "Door"}]})
        eq(d["external_relay"], {"type": MK485, "mode": mode, "ip": None, "port": None,
                                 "relays": [{"name": "Door", "function": "door"}]}, "MK485 in %s" % mode)
    _refused(ic, inst, site, 400, "invalid_field", "external_relay.mode", "MK485 over Ethernet",
             type="indoor_monitor", external_relay={"type": MK485, "mode": "ethernet",
                                                    "ip": "10.0.0.9", "port": 5000, "relays": [{"name": "D"}]})
    _refused(ic, inst, site, 400, "invalid_field", "external_relay.ip", "an IP in RS485 mode",
             type="indoor_monitor", external_relay={"type": MK485, "mode": "rs485", "ip": "10.0.0.9",
                                                    "relays": [{"name": "D"}]})
    _refused(ic, inst, site, 400, "invalid_field", "external_relay.port", "a port in RS485 mode",
             type="indoor_monitor", external_relay={"type": MK485, "mode": "rs485", "port": 5000,
                                                    "relays": [{"name": "D"}]})
    d = new_device(ic, site["id"], mac_for(inst), "indoor_monitor",
                   external_relay={"type": MK485, "mode": "rs485",
                                   "relays": [{"name": "R%d" % k} for k in range(8)]})
    eq(len(d["external_relay"]["relays"]), 8, "MK485 with 8 relays")
    spare = mac_for_cached(inst)
    with devices_unchanged([inst.id], "9 relays on an MK485"):
        r = _post(ic, site["id"], spare, "indoor_monitor",
                  external_relay={"type": MK485, "mode": "rs485",
                                  "relays": [{"name": "R%d" % k} for k in range(9)]})
        check((r.status, r.code) in ((422, "too_many_relays"), (400, "invalid_field")), "9 relays: %r" % r)
        eq(r.error.get("field"), "external_relay.relays", "field of 9 relays on an MK485")


def test_external_relay_hf8000():
    inst, ic, site = _ctx()
    d = new_device(ic, site["id"], mac_for(inst), "indoor_monitor",
                   external_relay={"type": HF8000, "mode": "rs485",
                                   "relays": [{"name": "R%d" % k, "function": "light"} for k in range(4)]})
    eq((d["external_relay"]["mode"], len(d["external_relay"]["relays"])), ("rs485", 4), "HF-8000 over RS485")
    d = new_device(ic, site["id"], mac_for(inst), "indoor_monitor",
                   external_relay={"type": HF8000, "mode": "ethernet", "ip": "192.168.1.77", "port": 8080,
                                   "relays": [{"name": "Gate", "function": "door"}]})
    eq(d["external_relay"], {"type": HF8000, "mode": "ethernet", "ip": "192.168.1.77", "port": 8080,
                             "relays": [{"name": "Gate", "function": "door"}]}, "HF-8000 over Ethernet")
    row = device_db(d["id"])
    eq((row["ext_relay_type"], row["ext_relay_mode"], row["ext_relay_ip"], row["ext_relay_port"]),
       (HF8000, "ethernet", "192.168.1.77", "8080"), "stored external relay")
    one = [{"name": "Gate"}]
    _refused(ic, inst, site, 400, "missing_field", "external_relay.ip", "Ethernet without an IP",
             type="indoor_monitor", external_relay={"type": HF8000, "mode": "ethernet", "port": 80,
                                                    "relays": one})
    _refused(ic, inst, site, 400, "missing_field", "external_relay.port", "Ethernet without a port",
             type="indoor_monitor", external_relay={"type": HF8000, "mode": "ethernet", "ip": "10.0.0.1",
                                                    "relays": one})
    for mode in ("rs485_input_latching", "rs485_input_non_latching"):
        _refused(ic, inst, site, 400, "invalid_field", "external_relay.mode", "HF-8000 in %s" % mode,
                 type="indoor_monitor", external_relay={"type": HF8000, "mode": mode, "relays": one})
    r = _refused(ic, inst, site, 422, "too_many_relays", "external_relay.relays", "5 relays on an HF-8000",
                 type="indoor_monitor", external_relay={"type": HF8000, "mode": "rs485",
                                                        "relays": [{"name": "R%d" % k} for k in range(5)]})
    check("4" in r.error["message"], "the message names the HF-8000's 4: %r" % r)
    _refused(ic, inst, site, 400, "invalid_field", "external_relay.relays", "an external module without relays",
             type="indoor_monitor", external_relay={"type": HF8000, "mode": "rs485", "relays": []})
    _refused(ic, inst, site, 400, "missing_field", "external_relay.relays", "an external module, relays absent",
             type="indoor_monitor", external_relay={"type": HF8000, "mode": "rs485"})
    _refused(ic, inst, site, 400, "missing_field", "external_relay.type", "an external module without type",
             type="indoor_monitor", external_relay={"mode": "rs485", "relays": one})
    _refused(ic, inst, site, 400, "missing_field", "external_relay.mode", "an external module without mode",
             type="indoor_monitor", external_relay={"type": HF8000, "relays": one})


def test_external_relay_on_a_monitor_without():
    inst, ic, site = _ctx()
    with catalogue_model("indoor_monitor", relays=1, external_relay=0) as model:
        _refused(ic, inst, site, 422, "external_relay_unsupported", "external_relay",
                 "an external relay on a monitor without", type="indoor_monitor", model=model,
                 external_relay={"type": MK485, "mode": "rs485", "relays": [{"name": "D"}]})
        d = new_device(ic, site["id"], mac_for(inst), "indoor_monitor", model, external_relay=None)
        eq((d["external_relay"], d["capabilities"]["external_relay"]), (None, False), "no external relay")


# ---------------------------------------------------------------------------
# R20K / R20B push buttons

def test_push_buttons_md06_and_md12():
    inst, ic, site = _ctx()
    d = check_device_shape(new_device(ic, site["id"], mac_for(inst), model="R20K"))
    eq(d["push_buttons"], None, "an R20K without a module")
    six = [{"label": "Flat %d" % k, "call": c} for k, c in
           enumerate(["apps_and_monitors", "apps", "indoor_monitors", "none", "apps", "apps"], 1)]
    d = new_device(ic, site["id"], mac_for(inst), model="R20K", push_buttons={"module": "MD06", "buttons": six})
    eq(d["push_buttons"], {"module": "MD06", "buttons": six}, "MD06 with 6 buttons")
    eq(int(sql_int("SELECT COUNT(*) FROM device_buttons WHERE device_id = %d" % d["id"])), 6, "stored buttons")
    twelve = [{"label": "B%d" % k} for k in range(12)]
    d = new_device(ic, site["id"], mac_for(inst), model="R20B", push_buttons={"module": "MD12", "buttons": twelve})
    eq(d["push_buttons"], {"module": "MD12", "buttons": [dict(b, call="apps_and_monitors") for b in twelve]},
       "MD12 with 12 buttons, call defaulted")
    r = _refused(ic, inst, site, 422, "too_many_buttons", None, "7 buttons on an MD06", model="R20K",
                 push_buttons={"module": "MD06", "buttons": six + [{"label": "Seven"}]})
    check((r.error.get("field") or "").startswith("push_buttons"), "field of too_many_buttons: %r" % r)
    check("6" in r.error["message"], "the message names the MD06's 6: %r" % r)
    _refused(ic, inst, site, 400, "invalid_field", "push_buttons.buttons", "13 buttons",
             model="R20B", push_buttons={"module": "MD12", "buttons": twelve + [{"label": "x"}]})
    _refused(ic, inst, site, 400, "missing_field", "push_buttons.module", "buttons without a module",
             model="R20K", push_buttons={"buttons": six[:1]})
    d = new_device(ic, site["id"], mac_for(inst), model="R20K", push_buttons={"module": "MD12", "buttons": []})
    eq(d["push_buttons"], {"module": "MD12", "buttons": []}, "a module with no buttons yet")


def test_push_buttons_need_an_expansion_model():
    inst, ic, site = _ctx()
    pb = {"module": "MD06", "buttons": [{"label": "A"}]}
    _refused(ic, inst, site, 422, "expansion_unsupported", "push_buttons", "buttons on an S539",
             model="S539", push_buttons=pb)
    _refused(ic, inst, site, 422, "expansion_unsupported", "push_buttons", "buttons on an E12",
             model="E12", push_buttons=pb)
    spare = mac_for_cached(inst)
    for t in ("access_control", "indoor_monitor"):
        with devices_unchanged([inst.id], "buttons on a %s" % t):
            r = _post(ic, site["id"], spare, t, push_buttons=pb)
            check((r.status, r.code) in ((422, "expansion_unsupported"), (400, "invalid_field")),
                  "push buttons on a %s: %r" % (t, r))
            eq(r.error.get("field"), "push_buttons", "field of buttons on a %s" % t)


# ---------------------------------------------------------------------------
# Type, model, fields of other types

def test_model_must_exist_and_match_the_type():
    inst, ic, site = _ctx()
    r = _refused(ic, inst, site, 400, "invalid_field", "model", "an unknown model", model="S999")
    check("not a known model" in r.error["message"], "message of an unknown model: %r" % r)
    r = _refused(ic, inst, site, 400, "invalid_field", "model", "S539 as an indoor monitor",
                 type="indoor_monitor", model="S539")
    check("S539" in r.error["message"], "the message names the model: %r" % r)
    _refused(ic, inst, site, 400, "invalid_field", "model", "C313 as a door phone", model="C313")
    _refused(ic, inst, site, 400, "invalid_field", "model", "A094 as a door phone", model="A094")
    _refused(ic, inst, site, 400, "invalid_field", "model", "a guard phone (no such model)",
             type="guard_phone", model="S539")
    _refused(ic, inst, site, 400, "invalid_field", "type", "an unknown type", type="doorbell")


def test_fields_of_other_types_refused():
    inst, ic, site = _ctx()
    ext = {"type": HF8000, "mode": "rs485", "relays": [{"name": "D"}]}
    for t, k, v in (("door_phone", "arming", True), ("door_phone", "builtin_relay", {"enabled": True}),
                    ("door_phone", "external_relay", ext), ("access_control", "arming", False),
                    ("indoor_monitor", "relays", [{"name": "R"}]), ("indoor_monitor", "allow_monitoring", True),
                    ("indoor_monitor", "internet_access", False), ("indoor_monitor", "ip", "10.0.0.1"),
                    ("indoor_monitor", "rtsp_path", "/x"), ("indoor_monitor", "security_relay", {"dtmf": "1"})):
        r = _refused(ic, inst, site, 400, "invalid_field", k, "%s on a %s" % (k, t), type=t, **{k: v})
        check("does not apply" in r.error["message"], "message of %s on a %s: %r" % (k, t, r))


def test_internet_access_off_needs_an_ip():
    inst, ic, site = _ctx()
    _refused(ic, inst, site, 400, "missing_field", "ip", "internet access off without an IP",
             internet_access=False)
    _refused(ic, inst, site, 400, "missing_field", "ip", "internet access off, ip null",
             internet_access=False, ip=None)
    _refused(ic, inst, site, 400, "missing_field", "ip", "a terminal without internet and IP",
             type="access_control", internet_access=False)
    d = new_device(ic, site["id"], mac_for(inst), internet_access=False, ip="172.16.0.10")
    eq((d["internet_access"], d["ip"]), (False, "172.16.0.10"), "static IP without internet")
    d = new_device(ic, site["id"], mac_for(inst), internet_access=True, ip="172.16.0.11")
    eq((d["internet_access"], d["ip"]), (True, "172.16.0.11"), "an IP with internet access is kept")
    d = new_device(ic, site["id"], mac_for(inst), ip=None)
    eq(d["ip"], None, "ip null")
    for bad in ("256.1.1.1", "10.0.0", "010.0.0.1", "10.0.0.1/24", "::1", "host.example", ""):
        _refused(ic, inst, site, 400, "invalid_field", "ip", "ip %r" % bad, internet_access=False, ip=bad)


def test_rtsp_path_rules():
    inst, ic, site = _ctx()
    for bad in ("live/ch00_0", "/a b", "/tab\there", "/caf\u00e9", "", "rtsp://x/y"):
        _refused(ic, inst, site, 400, "invalid_field", "rtsp_path", "rtsp_path %r" % bad, rtsp_path=bad)
    d = new_device(ic, site["id"], mac_for(inst), rtsp_path="/stream?channel=1&sub=0")
    eq(d["rtsp_path"], "/stream?channel=1&sub=0", "a path with a query")


# ---------------------------------------------------------------------------
# The MAC

def _not_in_library(r, mac):
    """The 409 with the MAC itself blanked, to compare answers."""
    expect(r, 409, "mac_not_in_library")
    return (r.status, r.code, r.error.get("field"),
            r.error["message"].replace(mac, "<MAC>").replace(mac_fmt(mac, ":"), "<MAC>"))


def test_mac_not_in_the_library_is_one_answer():
    """A MAC nobody has, the distributor's unassigned one, another
    installer's of the same distributor and another distributor's: one
    answer, so the 409 never tells that a MAC exists elsewhere."""
    inst, ic, site = _ctx()
    same_dist = new_installer(inst.distributor)
    stranger = new_installer()
    cases = [("nobody's", rand_mac()), ("unassigned", macs_for(inst, 1, assigned=False)[0]),
             ("another installer's", mac_for(same_dist)), ("another distributor's", mac_for(stranger))]
    answers = []
    with devices_unchanged([inst.id, same_dist.id, stranger.id], "MACs not in the installer's library"):
        for what, mac in cases:
            answers.append((what, _not_in_library(_post(ic, site["id"], mac), mac)))
            _not_in_library(_post(ic, site["id"], mac_fmt(mac, "-", lower=True)), mac)
    for what, a in answers[1:]:
        eq(a, answers[0][1], "the answer for %s MAC against a MAC nobody has" % what)


def test_mac_in_use():
    inst, ic, site = _ctx()
    mac = mac_for(inst)
    new_device(ic, site["id"], mac)
    other_site = new_site(ic)
    with devices_unchanged([inst.id], "a MAC in use"):
        expect(_post(ic, site["id"], mac), 409, "mac_in_use")
        expect(_post(ic, other_site["id"], mac_fmt(mac, ":", lower=True), "indoor_monitor"), 409, "mac_in_use")
    row = [r for r in list_macs(ic, q=mac)["items"] if r["mac"] == mac][0]
    eq((row["in_use"], row["site"] and row["site"]["id"]), (True, site["id"]), "the MAC library row")


def _together(fns):
    gate = threading.Barrier(len(fns))

    def run(fn):
        gate.wait()
        return fn()

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(fns)) as ex:
        return [f.result() for f in [ex.submit(run, fn) for fn in fns]]


def _race(n):
    inst, ic = installer_client()
    sites = [new_site(ic), new_site(ic)]
    mac = mac_for(inst)
    mark = audit_mark()
    rs = _together([lambda k=k: _post(ic, sites[k % 2]["id"], mac if k % 2 else mac_fmt(mac, ":"),
                                      "door_phone" if k % 3 else "indoor_monitor")
                    for k in range(n)])
    eq(sorted(r.status for r in rs), [201] + [409] * (n - 1), "statuses of %d requests for one MAC: %r"
       % (n, rs))
    for r in rs:
        if r.status == 409:
            expect(r, 409, "mac_in_use")
    won = [r for r in rs if r.status == 201][0].json
    eq(sql_int("SELECT COUNT(*) FROM devices WHERE mac = '%s'" % mac), 1, "devices with the MAC")
    eq(int(device_db(won["id"])["site_id"]), won["site_id"], "the winner's site")
    eq(len(audit_rows(mark, "device.create", inst.id)), 1, "device.create rows")
    eq(list_devices(ic)["total"], 1, "the installer's devices")


def test_two_requests_race_for_one_mac():
    _race(2)


def test_ten_requests_race_for_one_mac():
    _race(10)


def test_parallel_adds_to_different_sites_all_succeed():
    """Installers adding devices at the same moment, each to a site of its
    own with a MAC of its own: all get 201 (none is a 500)."""
    teams = [installer_client() for _ in range(3)]
    sites = [(inst, ic, new_site(ic)["id"]) for inst, ic in teams for _ in range(2)]
    for rnd in range(3):
        jobs = [(ic, sid, mac_for(inst)) for inst, ic, sid in sites]
        rs = _together([lambda j=j: _post(j[0], j[1], j[2], "indoor_monitor" if rnd % 2 else "door_phone")
                        for j in jobs])
        eq([r.status for r in rs], [201] * len(jobs), "round %d of parallel adds: %r"
           % (rnd, [r for r in rs if r.status != 201]))


# ---------------------------------------------------------------------------
# The site

def test_site_must_be_the_installers():
    inst, ic, site = _ctx()
    other, oc = installer_client()
    theirs = new_site(oc)
    gone = new_site(ic)
    expect(ic.delete(site_path(gone["id"])), 204)
    spare = mac_for_cached(inst)
    with devices_unchanged([inst.id, other.id], "a device on a site not the installer's"):
        for sid in (theirs["id"], gone["id"], 999999999):
            expect(_post(ic, sid, spare), 404, "not_found")


def test_at_most_20_devices_per_site():
    inst, ic = installer_client()
    site = new_site(ic)
    macs = macs_for(inst, 21)
    types = ["door_phone", "access_control", "indoor_monitor"]
    made = [new_device(ic, site["id"], macs[k], types[k % 3]) for k in range(20)]
    with devices_unchanged([inst.id], "a 21st device"):
        expect(_post(ic, site["id"], macs[20], "indoor_monitor"), 409, "limit_reached")
    # another site of the installer is not full
    new_device(ic, new_site(ic)["id"], mac_for(inst))
    expect(ic.delete(device_path(made[0]["id"])), 204)
    d = new_device(ic, site["id"], macs[20], "indoor_monitor")
    eq(list_devices(ic, site_id=site["id"], per_page=100)["total"], 20, "devices of the full site")
    check(d["id"], "the 20th device after a delete")


def test_sip_numbers_are_unique():
    inst, ic, site = _ctx()
    a = new_device(ic, site["id"], mac_for(inst))
    b = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    check(str(a["sip_number"]) != str(b["sip_number"]), "two devices with one SIP number: %r %r" % (a, b))
    check(str(a["sip_number"]) not in (str(site["sip_number"]), str(site["family_sip_number"])),
          "a device took the site's SIP number")


# ---------------------------------------------------------------------------
# Who may add devices

def test_sub_installer_adds_to_the_installers_site():
    inst, ic = installer_client()
    site = new_site(ic)
    sc = sign_in(new_subinstaller(inst))
    mark = audit_mark()
    d = new_device(sc, site["id"], mac_for(inst))
    eq(int(device_db(d["id"])["installer_id"]), inst.id, "tenant of a device a sub-installer added")
    expect_audit(mark, "device.create", inst.id, d["id"])
    eq([x["id"] for x in list_devices(ic)["items"]], [d["id"]], "the installer's list")


def test_switched_distributor_adds_as_the_installer():
    inst, ic = installer_client()
    dist, dc = inst.distributor, sign_in(inst.distributor)
    site = new_site(ic)
    expect(dc.patch("/api/distributor/installers/%d" % inst.id, {"account_access_enabled": True}), 200)
    expect(ic.put("/api/auth/settings/account", {"access_granted": True}), 200)
    expect(dc.post("/api/distributor/installers/%d/switch" % inst.id), 200)
    mark = audit_mark()
    d = new_device(dc, site["id"], mac_for(inst))
    eq(int(device_db(d["id"])["installer_id"]), inst.id, "tenant of a device added while switched")
    a = expect_audit(mark, "device.create", inst.id, d["id"], actor=dist.id)
    eq(int(a["account_id"]), inst.id, "account of the audit row")
    expect(dc.post("/api/distributor/switch-back"), 200)
    expect(dc.get(device_path(d["id"])), 403, "forbidden")


# ---------------------------------------------------------------------------
# The list

def test_list_order_filters_and_search():
    inst, ic = installer_client()
    s1, s2 = new_site(ic, name="List A"), new_site(ic, name="List B")
    macs = macs_for(inst, 6)
    im = new_device(ic, s1["id"], macs[0], "indoor_monitor", name="Alpha monitor")
    dp2 = new_device(ic, s1["id"], macs[1], "door_phone", name="Zulu gate")
    dp1 = new_device(ic, s1["id"], macs[2], "door_phone", name="Back door")
    ac = new_device(ic, s1["id"], macs[3], "access_control", name="Alpha terminal")
    x = new_device(ic, s2["id"], macs[4], "door_phone", name="Other site")
    y = new_device(ic, s2["id"], macs[5], "indoor_monitor", name="Back monitor")
    r = list_devices(ic, per_page=50)
    eq((r["total"], r["page"], r["per_page"]), (6, 1, 50), "list counts")
    ids = [d["id"] for d in r["items"]]
    want1 = [dp1["id"], dp2["id"], ac["id"], im["id"]]
    want2 = [x["id"], y["id"]]
    check(ids in (want1 + want2, want2 + want1), "order by site, type, name: %r (want %r then %r)"
          % (ids, want1, want2))
    for d in r["items"]:
        check_device_shape(d, "list item")
        eq(d, get_device(ic, d["id"]), "list item and GET of %d" % d["id"])
    eq([d["id"] for d in list_devices(ic, site_id=s1["id"])["items"]], want1, "site_id filter")
    eq([d["id"] for d in list_devices(ic, type="indoor_monitor")["items"]],
       [im["id"], y["id"]] if ids[0] == dp1["id"] else [y["id"], im["id"]], "type filter")
    eq(sorted(d["id"] for d in list_devices(ic, q="alpha")["items"]), sorted([im["id"], ac["id"]]),
       "q: a name prefix, any case")
    eq(list_devices(ic, q="monitor")["total"], 0, "q: a word inside the name is not a prefix")
    for qv in (macs[4][:6], macs[4][:6].lower(), mac_fmt(macs[4], ":")[:11], mac_fmt(macs[4], "-", lower=True)):
        eq([d["id"] for d in list_devices(ic, q=qv)["items"]], [x["id"]], "q by MAC %r" % qv)
    eq(list_devices(ic, q="Back", site_id=s2["id"])["total"], 1, "q and site_id together")
    p = list_devices(ic, per_page=4, page=2)
    eq((p["total"], p["page"], p["per_page"], [d["id"] for d in p["items"]]), (6, 2, 4, ids[4:]), "page 2 of 4")
    eq(list_devices(ic, page=9)["items"], [], "a page past the end")
    other, oc = installer_client()
    eq(list_devices(oc)["total"], 0, "another installer's list")
    for qv in (macs[4], "Alpha"):
        eq(list_devices(oc, q=qv)["total"], 0, "another installer searching %r" % qv)


# ---------------------------------------------------------------------------
# Counts

def test_site_device_counts_and_dashboard():
    inst, ic = installer_client()
    site = new_site(ic)
    g = get_site(ic, site["id"])
    eq(g.get("device_counts"), {"intercom": 0, "cameras": 0, "locks": 0}, "device_counts of a new site")
    before = expect(ic.get(DASHBOARD), 200).json["devices"]
    eq(before, {"online": 0, "offline": 0, "total": 0}, "dashboard devices of a new installer")
    a = new_device(ic, site["id"], mac_for(inst))
    new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    new_device(ic, new_site(ic)["id"], mac_for(inst))
    eq(get_site(ic, site["id"])["device_counts"]["intercom"], 2, "intercom count of the site")
    eq(expect(ic.get(DASHBOARD), 200).json["devices"], {"online": 0, "offline": 3, "total": 3},
       "dashboard after adding 3")
    sql("UPDATE devices SET online = 1 WHERE id = %d" % a["id"])
    eq(expect(ic.get(DASHBOARD), 200).json["devices"], {"online": 1, "offline": 2, "total": 3},
       "dashboard with one online")
    eq(get_device(ic, a["id"])["online"], True, "the device shows online")
    expect(ic.delete(device_path(a["id"])), 204)
    eq(get_site(ic, site["id"])["device_counts"]["intercom"], 1, "intercom count after a delete")
    eq(expect(ic.get(DASHBOARD), 200).json["devices"]["total"], 2, "dashboard after a delete")
