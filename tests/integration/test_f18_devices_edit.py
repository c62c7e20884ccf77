"""F18: editing and deleting intercom devices.  A PATCH changes only the keys
it sends; a sent list replaces the whole list; null removes the security
relay, the external relay module or the push buttons; the model may change
within its type; the rules of F17 hold for the resulting device; the MAC may
change to another unused one of the library.  Deleting frees the MAC (still
in the installer's library, usable by another device).  Every refusal writes
nothing; every change one audit row."""

import concurrent.futures
import json
import threading

from vbtest import (HF8000, MK485, audit_mark, audit_rows, check, check_device_shape, device_db,
                    device_path, device_relays_db, devices_unchanged, eq, expect, expect_audit, get_device,
                    installer_client, list_devices, list_macs, mac_db, mac_fmt, mac_for, macs_for,
                    new_device, new_installer, new_site, new_subinstaller, rand_mac, sign_in, sql_int)

_shared = []


def _ctx():
    """A shared installer (refusals are checked to change nothing) and a new
    site of it for each test (a site holds at most 20 devices)."""
    if not _shared:
        _shared.append(installer_client())
    inst, ic = _shared[0]
    return inst, ic, new_site(ic, name="Edit Target")


def _patch(c, dev, body):
    return c.patch(device_path(dev["id"]), body)


def _patched(c, dev, body, what):
    """A PATCH that must succeed: 200 with the DEVICE, which GET then shows."""
    d = check_device_shape(expect(_patch(c, dev, body), 200).json, what)
    eq(get_device(c, dev["id"]), d, "GET after %s" % what)
    return d


def _refused(c, inst, dev, status, code, field, what, body):
    with devices_unchanged([inst.id], what):
        return expect(_patch(c, dev, body), status, code, field)


def _same_but(before, after, keys, what):
    """after equals before except for keys (and updated_at)."""
    skip = set(keys) | {"updated_at"}
    for k in before:
        if k not in skip:
            eq(after.get(k), before[k], "%s: %s" % (what, k))
    check(after["updated_at"] >= before["updated_at"], "updated_at went back: %r" % after)


def _full_door_phone(ic, inst, site):
    return new_device(ic, site["id"], mac_for(inst), model="S539", firmware="539.30.10.118",
                      internet_access=False, ip="10.20.30.40", allow_monitoring=False,
                      relays=[{"name": "Gate", "dtmf": "1", "access_methods": ["pin"]},
                              {"name": "Garage", "dtmf": "2", "home_page": False},
                              {"name": "Shed", "dtmf": "3", "talking_page": False}],
                      security_relay={"name": "Safe", "dtmf": "9"})


# ---------------------------------------------------------------------------

def test_patch_changes_only_what_is_sent():
    inst, ic, site = _ctx()
    dev = _full_door_phone(ic, inst, site)
    relays_before = device_relays_db(dev["id"])
    sealed = device_db(dev["id"])["rtsp_password_sealed"]
    mark = audit_mark()
    d = _patched(ic, dev, {"name": "Renamed gate"}, "a rename")
    eq(d["name"], "Renamed gate", "the new name")
    _same_but(dev, d, ["name"], "after a rename")
    eq(device_relays_db(dev["id"]), relays_before, "stored relays after a rename")
    eq(device_db(dev["id"])["rtsp_password_sealed"], sealed, "the RTSP password after a rename")
    a = expect_audit(mark, "device.update", inst.id, dev["id"], actor=inst.id)
    check("name" in json.dumps(a["detail"]), "device.update detail does not name the key: %r" % a)

    mark = audit_mark()
    d2 = _patched(ic, d, {"allow_monitoring": True, "rtsp_path": "/other"}, "two settings")
    eq((d2["allow_monitoring"], d2["rtsp_path"]), (True, "/other"), "the two settings")
    _same_but(d, d2, ["allow_monitoring", "rtsp_path"], "after two settings")
    det = json.dumps(expect_audit(mark, "device.update", inst.id, dev["id"])["detail"])
    check("allow_monitoring" in det and "rtsp_path" in det, "detail of two changed keys: %s" % det)


def test_empty_patch_changes_nothing():
    inst, ic, site = _ctx()
    dev = _full_door_phone(ic, inst, site)
    with devices_unchanged([inst.id], "an empty PATCH"):
        r = expect(_patch(ic, dev, {}), 200)
    eq(r.json, dev, "the answer to an empty PATCH")


def test_patch_relays_replaces_the_list():
    inst, ic, site = _ctx()
    dev = _full_door_phone(ic, inst, site)
    mark = audit_mark()
    d = _patched(ic, dev, {"relays": [{"name": "Only", "access_methods": ["face"]}]}, "one relay")
    eq(d["relays"], [{"name": "Only", "dtmf": "#", "access_methods": ["face"], "home_page": True,
                      "talking_page": True}], "the relays after sending one")
    eq([r[1] for r in device_relays_db(dev["id"])], ["Only"], "stored relays")
    _same_but(dev, d, ["relays"], "after replacing relays")
    check("relays" in json.dumps(expect_audit(mark, "device.update", inst.id, dev["id"])["detail"]),
          "device.update detail without relays")
    d = _patched(ic, d, {"relays": [{"name": "A"}, {"name": "B"}, {"name": "C", "dtmf": "*"}]}, "three relays")
    eq([(r["name"], r["dtmf"]) for r in d["relays"]], [("A", "#"), ("B", "2"), ("C", "*")], "three again")
    eq(len(device_relays_db(dev["id"])), 3, "stored relays")
    _refused(ic, inst, d, 422, "too_many_relays", "relays", "4 relays on an S539",
             {"relays": [{"name": "R%d" % k} for k in range(4)]})
    _refused(ic, inst, d, 400, "invalid_field", "relays[1].dtmf", "two relays with one code",
             {"relays": [{"name": "A", "dtmf": "5"}, {"name": "B", "dtmf": "5"}]})
    _refused(ic, inst, d, 400, "invalid_field", "relays", "no relay", {"relays": []})


def test_patch_security_relay_add_change_remove():
    inst, ic, site = _ctx()
    dev = new_device(ic, site["id"], mac_for(inst))
    d = _patched(ic, dev, {"security_relay": {"dtmf": "8"}}, "adding a security relay")
    eq(d["security_relay"], {"name": "SR01", "dtmf": "8"}, "added")
    d = _patched(ic, d, {"security_relay": {"name": "Door SR", "dtmf": "#8"}}, "changing it")
    eq(d["security_relay"], {"name": "Door SR", "dtmf": "#8"}, "changed")
    d = _patched(ic, d, {"name": "x"}, "a rename")
    eq(d["security_relay"], {"name": "Door SR", "dtmf": "#8"}, "kept by a rename")
    d = _patched(ic, d, {"security_relay": None}, "removing it")
    eq(d["security_relay"], None, "removed")
    _refused(ic, inst, d, 400, "missing_field", "security_relay.dtmf", "a security relay without DTMF",
             {"security_relay": {"name": "SR"}})


def test_model_change_within_the_type():
    inst, ic, site = _ctx()
    dev = new_device(ic, site["id"], mac_for(inst), model="S539",
                     relays=[{"name": "A"}, {"name": "B"}, {"name": "C"}])
    d = _patched(ic, dev, {"model": "X916"}, "S539 -> X916")
    eq((d["model"], d["capabilities"]["access_methods_from"], len(d["relays"])),
       ("X916", "916.30.10.216", 3), "an X916 now")
    r = _refused(ic, inst, d, 422, "too_many_relays", "relays", "3 relays onto an R20K", {"model": "R20K"})
    check("R20K" in r.error["message"], "message names R20K: %r" % r)
    for model in ("C313", "A094", "S999"):
        _refused(ic, inst, d, 400, "invalid_field", "model", "model %s for a door phone" % model,
                 {"model": model})
    d = _patched(ic, d, {"model": "R20K", "relays": [{"name": "A"}, {"name": "B"}]}, "R20K with 2 relays")
    eq((d["model"], len(d["relays"]), d["push_buttons"]), ("R20K", 2, None), "an R20K now")
    eq(int(device_db(d["id"])["model_id"]), sql_int("SELECT id FROM device_models WHERE model = 'R20K'"),
       "stored model")
    m = new_device(ic, site["id"], mac_for(inst), "indoor_monitor", "C313")
    m2 = _patched(ic, m, {"model": "X933"}, "C313 -> X933")
    eq(m2["model"], "X933", "monitor model")
    _refused(ic, inst, m2, 400, "invalid_field", "model", "a monitor becoming a door phone", {"model": "S539"})


def test_model_change_checks_the_bound_methods():
    inst, ic, site = _ctx()
    dev = _full_door_phone(ic, inst, site)    # S539 at 539.30.10.118, pin on relay 1
    _refused(ic, inst, dev, 422, "access_methods_unsupported", "relays[0].access_methods",
             "an S539 with methods becoming an E12", {"model": "E12", "relays": [{"name": "A", "access_methods":
                                                                                   ["pin"]}, {"name": "B"}]})
    with devices_unchanged([inst.id], "an S539 at 539 firmware becoming an X916"):
        r = _patch(ic, dev, {"model": "X916"})
        expect(r, 422, "firmware_too_old")
        check("916.30.10.216" in r.error["message"], "the message names X916's minimum: %r" % r)
    d = _patched(ic, dev, {"model": "R29"}, "to an R29 (any firmware)")
    eq(d["relays"][0]["access_methods"], ["pin"], "methods kept")


def test_patch_firmware_rechecks_methods():
    inst, ic, site = _ctx()
    dev = _full_door_phone(ic, inst, site)
    r = _refused(ic, inst, dev, 422, "firmware_too_old", None, "a downgrade below the minimum",
                 {"firmware": "539.30.10.117"})
    check("539.30.10.118" in r.error["message"], "message: %r" % r)
    _refused(ic, inst, dev, 422, "firmware_unknown", None, "firmware unknown with methods bound",
             {"firmware": None})
    _refused(ic, inst, dev, 400, "invalid_field", "firmware", "firmware not dotted digits",
             {"firmware": "latest"})
    d = _patched(ic, dev, {"firmware": "539.30.10.1000"}, "an upgrade")
    eq(d["firmware"], "539.30.10.1000", "upgraded")
    d = _patched(ic, d, {"relays": [{"name": "A"}], "firmware": None}, "methods off, firmware unknown")
    eq((d["firmware"], d["capabilities"]["access_methods"]), (None, False), "unknown firmware")
    _refused(ic, inst, d, 422, "firmware_unknown", None, "methods on the stored unknown firmware",
             {"relays": [{"name": "A", "access_methods": ["nfc"]}]})
    d = _patched(ic, d, {"relays": [{"name": "A", "access_methods": ["nfc"]}], "firmware": "539.30.10.118"},
                 "methods with the firmware in the same request")
    eq((d["relays"][0]["access_methods"], d["firmware"]), (["nfc"], "539.30.10.118"), "methods on")
    d = _patched(ic, d, {"firmware": "539.30.10.118"}, "the same firmware again")


def test_patch_internet_access_and_ip():
    inst, ic, site = _ctx()
    dev = new_device(ic, site["id"], mac_for(inst))
    _refused(ic, inst, dev, 400, "missing_field", "ip", "internet off with no stored IP",
             {"internet_access": False})
    d = _patched(ic, dev, {"internet_access": False, "ip": "192.168.5.5"}, "internet off with an IP")
    eq((d["internet_access"], d["ip"]), (False, "192.168.5.5"), "static IP")
    _refused(ic, inst, d, 400, "missing_field", "ip", "removing the IP of a device without internet",
             {"ip": None})
    d = _patched(ic, d, {"ip": "192.168.5.6"}, "another IP")
    d = _patched(ic, d, {"internet_access": True}, "internet on")
    eq((d["internet_access"], d["ip"]), (True, "192.168.5.6"), "the IP is kept")
    d = _patched(ic, d, {"ip": None}, "IP removed with internet on")
    eq(d["ip"], None, "no IP")
    d = _patched(ic, d, {"ip": "10.9.9.9"}, "an IP again")
    d = _patched(ic, d, {"internet_access": False}, "internet off with the stored IP")
    eq((d["internet_access"], d["ip"]), (False, "10.9.9.9"), "stored IP used")


def test_patch_indoor_monitor():
    inst, ic, site = _ctx()
    m = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    d = _patched(ic, m, {"arming": True}, "arming on")
    eq(d["arming"], True, "arming")
    _same_but(m, d, ["arming"], "after arming")
    d = _patched(ic, d, {"builtin_relay": {"enabled": False, "name": "Porch"}}, "built-in relay")
    eq(d["builtin_relay"], {"enabled": False, "name": "Porch"}, "built-in relay")
    ext = {"type": HF8000, "mode": "ethernet", "ip": "10.0.0.8", "port": 6000,
           "relays": [{"name": "A", "function": "light"}, {"name": "B"}]}
    d = _patched(ic, d, {"external_relay": ext}, "adding an HF-8000")
    eq(d["external_relay"], {"type": HF8000, "mode": "ethernet", "ip": "10.0.0.8", "port": 6000,
                             "relays": [{"name": "A", "function": "light"}, {"name": "B", "function": "door"}]},
       "the HF-8000")
    eq(len(device_relays_db(m["id"], "external")), 2, "stored external relays")
    d = _patched(ic, d, {"external_relay": {"type": MK485, "mode": "rs485_input_non_latching",
                                            "relays": [{"name": "X", "function": "alarm"}]}}, "MK485 instead")
    eq(d["external_relay"], {"type": MK485, "mode": "rs485_input_non_latching", "ip": None, "port": None,
                             "relays": [{"name": "X", "function": "alarm"}]}, "the list was replaced")
    eq([r[1] for r in device_relays_db(m["id"], "external")], ["X"], "stored external relays replaced")
    eq(device_db(m["id"])["ext_relay_ip"], "", "the Ethernet IP is gone")
    _refused(ic, inst, d, 422, "too_many_relays", "external_relay.relays", "5 relays on an HF-8000",
             {"external_relay": {"type": HF8000, "mode": "rs485", "relays": [{"name": "R"}] * 5}})
    _refused(ic, inst, d, 400, "missing_field", "external_relay.port", "Ethernet without a port",
             {"external_relay": {"type": HF8000, "mode": "ethernet", "ip": "10.0.0.1", "relays": [{"name": "R"}]}})
    d = _patched(ic, d, {"external_relay": None}, "removing the module")
    eq(d["external_relay"], None, "no module")
    eq(device_relays_db(m["id"], "external"), [], "stored external relays removed")
    eq(d["arming"], True, "arming kept throughout")


def test_patch_push_buttons():
    inst, ic, site = _ctx()
    dev = new_device(ic, site["id"], mac_for(inst), model="R20K",
                     push_buttons={"module": "MD12", "buttons": [{"label": "B%d" % k} for k in range(8)]})
    _refused(ic, inst, dev, 422, "too_many_buttons", None, "MD06 with 8 buttons",
             {"push_buttons": {"module": "MD06", "buttons": [{"label": "B%d" % k} for k in range(8)]}})
    d = _patched(ic, dev, {"push_buttons": {"module": "MD06", "buttons": [{"label": "One", "call": "apps"}]}},
                 "MD06 with one button")
    eq(d["push_buttons"], {"module": "MD06", "buttons": [{"label": "One", "call": "apps"}]}, "replaced")
    eq(sql_int("SELECT COUNT(*) FROM device_buttons WHERE device_id = %d" % dev["id"]), 1, "stored buttons")
    _refused(ic, inst, d, 422, "expansion_unsupported", "push_buttons", "an R20K with buttons becoming an S539",
             {"model": "S539"})
    d = _patched(ic, d, {"push_buttons": None}, "removing the buttons")
    eq(d["push_buttons"], None, "no module")
    eq(sql_int("SELECT COUNT(*) FROM device_buttons WHERE device_id = %d" % dev["id"]), 0, "stored buttons")
    d = _patched(ic, d, {"model": "S539"}, "now it may become an S539")
    check("push_buttons" not in d, "an S539 shows push_buttons: %r" % d)


def test_patch_fields_of_other_types_refused():
    inst, ic, site = _ctx()
    dp = new_device(ic, site["id"], mac_for(inst))
    im = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    ac = new_device(ic, site["id"], mac_for(inst), "access_control")
    for dev, k, v in ((dp, "arming", True), (dp, "builtin_relay", {"enabled": False}),
                      (im, "relays", [{"name": "R"}]), (im, "internet_access", False), (im, "ip", "10.0.0.1"),
                      (ac, "security_relay", {"dtmf": "1"}), (ac, "arming", False)):
        r = _refused(ic, inst, dev, 400, "invalid_field", k, "%s on a %s" % (k, dev["type"]), {k: v})
        check("does not apply" in r.error["message"], "message: %r" % r)
    _refused(ic, inst, dp, 422, "expansion_unsupported", "push_buttons", "buttons on an S539",
             {"push_buttons": {"module": "MD06", "buttons": []}})


def test_patch_cannot_move_or_retype_a_device():
    inst, ic, site = _ctx()
    dev = new_device(ic, site["id"], mac_for(inst))
    other = new_site(ic)
    for k, v in (("site_id", other["id"]), ("type", "indoor_monitor"), ("sip_number", "1"), ("online", True),
                 ("id", 1), ("installer_id", inst.id)):
        _refused(ic, inst, dev, 400, "unknown_field", k, "PATCH of %s" % k, {k: v})


def test_patch_the_mac():
    inst, ic, site = _ctx()
    old, new, used = macs_for(inst, 3)
    dev = new_device(ic, site["id"], old)
    new_device(ic, site["id"], used)
    stranger_mac = mac_for(new_installer())
    with devices_unchanged([inst.id], "moving to unusable MACs"):
        expect(_patch(ic, dev, {"mac": used}), 409, "mac_in_use")
        expect(_patch(ic, dev, {"mac": stranger_mac}), 409, "mac_not_in_library")
        expect(_patch(ic, dev, {"mac": rand_mac()}), 409, "mac_not_in_library")
    mark = audit_mark()
    d = _patched(ic, dev, {"mac": mac_fmt(new, "-", lower=True)}, "another MAC")
    eq(d["mac"], new, "the new MAC")
    expect_audit(mark, "device.update", inst.id, dev["id"])
    rows = {r["mac"]: r for r in list_macs(ic, per_page=200)["items"]}
    eq((rows[old]["in_use"], rows[old]["site"]), (False, None), "the old MAC is unused")
    eq((rows[new]["in_use"], rows[new]["site"]["id"]), (True, site["id"]), "the new MAC is in use")
    d2 = new_device(ic, new_site(ic)["id"], old)
    eq(d2["mac"], old, "the old MAC taken by another device")
    d = _patched(ic, d, {"mac": new}, "the same MAC again")
    eq(d["mac"], new, "unchanged MAC")


def test_patch_and_create_race_for_one_mac():
    """Two devices moving to one free MAC while a third request adds a
    device with it: exactly one wins, the others are 409 mac_in_use."""
    inst, ic, site = _ctx()
    for _ in range(3):
        a = new_device(ic, site["id"], mac_for(inst))
        b = new_device(ic, new_site(ic)["id"], mac_for(inst), "indoor_monitor")
        free = mac_for(inst)
        third = new_site(ic)["id"]
        gate = threading.Barrier(3)

        def go(fn):
            gate.wait()
            return fn()

        fns = [lambda: _patch(ic, a, {"mac": free}), lambda: _patch(ic, b, {"mac": free}),
               lambda: ic.post("/api/devices", {"site_id": third, "type": "door_phone", "model": "R29",
                                                "mac": free, "name": "Third"})]
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
            rs = [f.result() for f in [ex.submit(go, fn) for fn in fns]]
        ok = [r for r in rs if r.status in (200, 201)]
        eq(len(ok), 1, "requests that got the MAC: %r" % rs)
        for r in rs:
            if r not in ok:
                expect(r, 409, "mac_in_use")
        eq(sql_int("SELECT COUNT(*) FROM devices WHERE mac = '%s'" % free), 1, "devices with the MAC")


def test_delete_frees_the_mac():
    inst, ic, site = _ctx()
    mac = mac_for(inst)
    dev = new_device(ic, site["id"], mac, relays=[{"name": "A"}, {"name": "B"}], security_relay={"dtmf": "9"})
    b = new_device(ic, site["id"], mac_for(inst), model="R20B",
                   push_buttons={"module": "MD06", "buttons": [{"label": "x"}]})
    mark = audit_mark()
    r = expect(ic.delete(device_path(dev["id"])), 204)
    eq(r.body, b"", "a 204 has no body")
    a = expect_audit(mark, "device.delete", inst.id, dev["id"], actor=inst.id)
    det = a["detail"] or {}
    eq((det.get("mac"), det.get("site_id")), (mac, site["id"]), "device.delete detail: %r" % det)
    eq(device_db(dev["id"]), None, "the devices row")
    eq(device_relays_db(dev["id"]), [], "the relays (cascade)")
    with devices_unchanged([inst.id], "a deleted device"):
        expect(ic.get(device_path(dev["id"])), 404, "not_found")
        expect(ic.patch(device_path(dev["id"]), {"name": "ghost"}), 404, "not_found")
        expect(ic.delete(device_path(dev["id"])), 404, "not_found")
    eq(int(mac_db(mac)["installer_id"]), inst.id, "the MAC stays in the installer's library")
    row = [x for x in list_macs(ic, q=mac)["items"] if x["mac"] == mac][0]
    eq((row["in_use"], row["site"]), (False, None), "the MAC library row after the delete")
    check(dev["id"] not in [x["id"] for x in list_devices(ic)["items"]], "the list still shows it")
    d2 = new_device(ic, new_site(ic)["id"], mac, "indoor_monitor")
    eq(d2["mac"], mac, "another device takes the freed MAC")
    expect(ic.delete(device_path(b["id"])), 204)
    eq(sql_int("SELECT COUNT(*) FROM device_buttons WHERE device_id = %d" % b["id"]), 0, "buttons (cascade)")


def test_sub_installer_edits_and_deletes():
    inst, ic = installer_client()
    site = new_site(ic)
    dev = new_device(ic, site["id"], mac_for(inst))
    sc = sign_in(new_subinstaller(inst))
    mark = audit_mark()
    eq(expect(sc.patch(device_path(dev["id"]), {"name": "By sub"}), 200).json["name"], "By sub", "renamed")
    a = expect_audit(mark, "device.update", inst.id, dev["id"])
    check(int(a["actor_id"]) != inst.id, "the sub-installer is the actor: %r" % a)
    expect(sc.delete(device_path(dev["id"])), 204)
    eq(len(audit_rows(mark, "device.delete", inst.id)), 1, "device.delete by the sub-installer")
