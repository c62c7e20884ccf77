"""Hostile requests on the devices routes: another installer's devices,
cameras and sites are a 404 on every route; ids that are not ids are 404;
bodies too large, broken, of the wrong types, with unknown keys at the top
or deep inside (the error names the path, e.g. "relays[1].dtmf"), each get a
4xx in the error shape and change nothing."""

import json

from vbtest import (CAMERAS, DEVICE_MODELS, DEVICES, HF8000, MK485, Client, camera_body, camera_path,
                    check, device_body, device_path, devices_unchanged, eq, expect, expect_4xx, get_camera,
                    get_device, installer_client, list_cameras, list_devices, mac_for, new_camera,
                    new_device, new_distributor, new_subinstaller, premium_site, sign_in)

_shared = []


def _ctx():
    """One installer with a premium site, a door phone, an indoor monitor,
    an R20K and a camera; every test checks its refusals change nothing."""
    if not _shared:
        inst, ic = installer_client()
        site = premium_site(ic, name="Hostile Devices")
        dp = new_device(ic, site["id"], mac_for(inst), name="Hostile door")
        im = new_device(ic, site["id"], mac_for(inst), "indoor_monitor", name="Hostile monitor")
        rk = new_device(ic, site["id"], mac_for(inst), model="R20K", name="Hostile R20K")
        cam = new_camera(ic, site["id"], name="Hostile cam", password="pw", linked_device_id=dp["id"],
                         monitor_device_ids=[im["id"]])
        spare = mac_for(inst)
        _shared.append((inst, ic, site, dp, im, rk, cam, spare))
    return _shared[0]


def _call(c, method, path, body=None):
    return c.request(method, path) if body is None else c.request(method, path, body)


def _routes(site_id, dev_id, cam_id, mac):
    """(method, path, body) for every devices route naming a site, device or camera."""
    return [
        ("GET", device_path(dev_id), None),
        ("PATCH", device_path(dev_id), {"name": "Stolen"}),
        ("PATCH", device_path(dev_id), {}),
        ("DELETE", device_path(dev_id), None),
        ("GET", camera_path(cam_id), None),
        ("PATCH", camera_path(cam_id), {"name": "Stolen"}),
        ("PATCH", camera_path(cam_id), {}),
        ("DELETE", camera_path(cam_id), None),
        ("POST", DEVICES, device_body(site_id, mac)),
        ("POST", CAMERAS, camera_body(site_id)),
        ("GET", DEVICES + "?site_id=%d" % site_id, None),
        ("GET", CAMERAS + "?site_id=%d" % site_id, None),
    ]


def test_other_installers_objects_are_404_on_every_route():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    other, oc = installer_client()
    their_mac = mac_for(other)
    sub = sign_in(new_subinstaller(other))
    with devices_unchanged([inst.id, other.id], "another installer on every devices route"):
        for c in (oc, sub):
            for method, path, body in _routes(site["id"], dp["id"], cam["id"], their_mac):
                expect(_call(c, method, path, body), 404, "not_found")
            for method, path, body in _routes(site["id"], im["id"], cam["id"], their_mac)[:4]:
                expect(_call(c, method, path, body), 404, "not_found")
    eq(get_device(ic, dp["id"]), dp, "A's door phone afterwards")
    eq(get_camera(ic, cam["id"])["name"], cam["name"], "A's camera afterwards")
    eq(list_devices(oc)["total"], 0, "B's device list")
    eq(list_cameras(oc)["total"], 0, "B's camera list")


def test_other_installers_answers_equal_missing_ones():
    """A 404 for another's object says no more than one for no object."""
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    other, oc = installer_client()
    for mine, missing in ((device_path(dp["id"]), device_path(999999999)),
                          (camera_path(cam["id"]), camera_path(999999999))):
        a, b = oc.get(mine), oc.get(missing)
        eq((a.status, a.json), (b.status, b.json), "another's %s against a missing one" % mine)


def test_bad_ids_are_404():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    bad_ids = ("0", "-1", "99999999999999999999", "abc", "1.5", "0x10", "1e3", "%20", "+1",
               "%d;" % dp["id"], "%d%%20" % dp["id"], "%d.0" % dp["id"], "0%d" % dp["id"])
    with devices_unchanged([inst.id], "ids that are not ids"):
        for b in bad_ids:
            for base in (DEVICES, CAMERAS):
                for method, body in (("GET", None), ("PATCH", {"name": "X"}), ("DELETE", None)):
                    r = _call(ic, method, base + "/" + b, body)
                    expect_4xx(r, {404, 405})
                    check(r.status == 404, "%s %s/%s: expected 404, got %r" % (method, base, b, r))


def test_devices_need_an_installer():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    anon = Client()
    dc = sign_in(new_distributor())
    with devices_unchanged([inst.id], "the devices routes without an installer"):
        for method, path, body in _routes(site["id"], dp["id"], cam["id"], spare) + [
                ("GET", DEVICE_MODELS, None), ("GET", DEVICES, None), ("GET", CAMERAS, None)]:
            expect(_call(anon, method, path, body), 401)
            expect(_call(dc, method, path, body), 403, "forbidden")


def test_csrf_header_required():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    with devices_unchanged([inst.id], "state changes without the CSRF header"):
        expect(ic.post(DEVICES, device_body(site["id"], spare), csrf=False), 403, "csrf")
        expect(ic.patch(device_path(dp["id"]), {"name": "x"}, csrf=False), 403, "csrf")
        expect(ic.delete(device_path(dp["id"]), csrf=False), 403, "csrf")
        expect(ic.post(CAMERAS, camera_body(site["id"]), csrf=False), 403, "csrf")
        expect(ic.patch(camera_path(cam["id"]), {"name": "x"}, csrf=False), 403, "csrf")
        expect(ic.delete(camera_path(cam["id"]), csrf=False), 403, "csrf")


def test_huge_bodies():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    with devices_unchanged([inst.id], "bodies over the caps"):
        for size in (1100 * 1024, 3 * 1024 * 1024):
            big = json.dumps(device_body(site["id"], spare, name="a" * size)).encode()
            expect(ic.post(DEVICES, raw=big), 413, "body_too_large")
            expect(ic.patch(device_path(dp["id"]), raw=json.dumps({"name": "a" * size}).encode()), 413,
                   "body_too_large")
            expect(ic.post(CAMERAS, raw=json.dumps(camera_body(site["id"], name="a" * size)).encode()), 413,
                   "body_too_large")
        many = [{"name": "R", "access_methods": ["pin"] * 1000}] * 8
        r = expect_4xx(ic.post(DEVICES, device_body(site["id"], spare, relays=many)), {400, 413})
        check(r.status == 413 or (r.error.get("field") or "").startswith("relays"), "huge relays: %r" % r)


BROKEN_JSON = [b"{", b'{"name":}', b"{'name':'a'}", b'{"name":"a" "mac":"b"}', b'{"name":"a"} trailing',
               b'{"name":"a",}', b"nul", b'{"name":"a"}{}', b'{"name":NaN}', b'[{"name":"a"}]', b'"name"',
               b"42", b"null", b"[]", b'{"relays":[{"name":"a"}' , b'{"relays":[' * 60 + b"]" * 60 + b"}",
               b'{"a":' * 40 + b"1" + b"}" * 40]


def test_broken_json():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    with devices_unchanged([inst.id], "broken JSON"):
        for b in BROKEN_JSON:
            for method, path in (("POST", DEVICES), ("PATCH", device_path(dp["id"])), ("POST", CAMERAS),
                                 ("PATCH", camera_path(cam["id"]))):
                r = ic.request(method, path, raw=b)
                expect(r, 400)
                check(r.code in ("invalid_json", "invalid_field", "unknown_field"),
                      "%s %s with %r: %r" % (method, path, b[:40], r))
                if b in (b"{", b'{"name":}', b"nul", b"null", b"[]", b"42"):
                    eq(r.code, "invalid_json", "code of %r" % b)


def test_invalid_utf8():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    with devices_unchanged([inst.id], "invalid UTF-8"):
        for bad in (b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80"):
            body = json.dumps(device_body(site["id"], spare, name="NAME")).encode().replace(b"NAME", b"x" + bad)
            r = expect(ic.post(DEVICES, raw=body), 400)
            check(r.code in ("invalid_json", "invalid_field"), "invalid UTF-8: %r" % r)
            body = b'{"relays": [{"name": "a' + bad + b'"}]}'
            r = expect(ic.patch(device_path(dp["id"]), raw=body), 400)
            check(r.code in ("invalid_json", "invalid_field"), "invalid UTF-8 in a relay: %r" % r)


def test_wrong_content_type():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    with devices_unchanged([inst.id], "a body that is not JSON"):
        expect(ic.post(DEVICES, raw=json.dumps(device_body(site["id"], spare)).encode(), ctype="text/plain"), 415)
        expect(ic.post(CAMERAS, raw=b"name=a", ctype="application/x-www-form-urlencoded"), 415)


def test_wrong_types_per_field():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    cases = [  # (type, model, key, value)
        ("door_phone", None, "site_id", "%d" % site["id"]), ("door_phone", None, "site_id", 1.5),
        ("door_phone", None, "site_id", True), ("door_phone", None, "site_id", 0),
        ("door_phone", None, "site_id", -5), ("door_phone", None, "site_id", [site["id"]]),
        ("door_phone", None, "type", 1), ("door_phone", None, "type", ["door_phone"]),
        ("door_phone", None, "type", "DOOR_PHONE"), ("door_phone", None, "model", 539),
        ("door_phone", None, "model", ["S539"]), ("door_phone", None, "model", "M" * 33),
        ("door_phone", None, "mac", 123456789012), ("door_phone", None, "mac", "zz:zz:zz:zz:zz:zz"),
        ("door_phone", None, "mac", "AA:BB:CC:DD:EE"), ("door_phone", None, "mac", "AABBCCDDEEFF00"),
        ("door_phone", None, "mac", [spare]), ("door_phone", None, "name", []),
        ("door_phone", None, "name", ""), ("door_phone", None, "name", "x" * 65),
        ("door_phone", None, "name", {"$ne": ""}), ("door_phone", None, "firmware", 1.2),
        ("door_phone", None, "firmware", 539), ("door_phone", None, "firmware", "9" * 33),
        ("door_phone", None, "allow_monitoring", "true"), ("door_phone", None, "allow_monitoring", 1),
        ("door_phone", None, "internet_access", "false"), ("door_phone", None, "internet_access", 0),
        ("door_phone", None, "ip", 192), ("door_phone", None, "ip", "1.2.3.4.5"),
        ("door_phone", None, "ip", ["10.0.0.1"]), ("door_phone", None, "rtsp_path", 5),
        ("door_phone", None, "rtsp_path", "/" + "a" * 128), ("door_phone", None, "relays", {}),
        ("door_phone", None, "relays", "Relay1"), ("door_phone", None, "relays", True),
        ("door_phone", None, "security_relay", []), ("door_phone", None, "security_relay", "SR01"),
        ("door_phone", None, "security_relay", 1), ("indoor_monitor", None, "arming", "yes"),
        ("indoor_monitor", None, "arming", None), ("indoor_monitor", None, "builtin_relay", []),
        ("indoor_monitor", None, "builtin_relay", "on"), ("indoor_monitor", None, "builtin_relay", True),
        ("indoor_monitor", None, "external_relay", "HF-8000"), ("indoor_monitor", None, "external_relay", []),
        ("door_phone", "R20K", "push_buttons", []), ("door_phone", "R20K", "push_buttons", "MD06"),
    ]
    with devices_unchanged([inst.id], "wrong JSON types"):
        for t, model, k, v in cases:
            r = ic.post(DEVICES, dict(device_body(site["id"], spare, t, model), **{k: v}))
            expect(r, 400, None, k)
            check(r.code in ("invalid_field", "missing_field"), "%s=%r: %r" % (k, v, r))
            if k not in ("site_id", "type"):
                target = {"indoor_monitor": im, "door_phone": rk if model == "R20K" else dp}[t]
                r = ic.patch(device_path(target["id"]), {k: v})
                expect(r, 400, None, k)
        for v in ([1], ["relay"], [[]], [None]):
            r = expect(ic.post(DEVICES, device_body(site["id"], spare, relays=v)), 400, "invalid_field")
            check((r.error.get("field") or "").startswith("relays"), "field of relays=%r: %r" % (v, r))


def test_unknown_fields():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    with devices_unchanged([inst.id], "fields nobody may set"):
        for k, v in (("installer_id", inst.id), ("id", 1), ("sip_number", "6100000001"), ("online", True),
                     ("last_seen_at", None), ("rtsp_user", "root"), ("rtsp_password", "x"),
                     ("capabilities", {}), ("site_name", "x"), ("Name", "x"), ("relay", [])):
            expect(ic.post(DEVICES, device_body(site["id"], spare, **{k: v})), 400, "unknown_field", k)
            expect(ic.patch(device_path(dp["id"]), {k: v}), 400, "unknown_field", k)
        for k, v in (("installer_id", inst.id), ("password_sealed", "x"), ("has_password", True),
                     ("site_name", "x"), ("linked_device_name", "x"), ("monitor_devices", [])):
            expect(ic.post(CAMERAS, camera_body(site["id"], **{k: v})), 400, "unknown_field", k)
            expect(ic.patch(camera_path(cam["id"]), {k: v}), 400, "unknown_field", k)
        expect(ic.patch(camera_path(cam["id"]), {"site_id": site["id"]}), 400, "unknown_field", "site_id")


def _ext(**kw):
    e = {"type": HF8000, "mode": "ethernet", "ip": "10.0.0.2", "port": 5000,
         "relays": [{"name": "a"}, {"name": "b"}]}
    e.update(kw)
    return e


# (type, model, body key, value, code, field path)
NESTED = [
    ("door_phone", None, "relays", [{"name": "A"}, {"name": "B", "colour": "red"}], "unknown_field",
     "relays[1].colour"),
    ("door_phone", None, "relays", [{"name": "A", "Dtmf": "1"}], "unknown_field", "relays[0].Dtmf"),
    ("door_phone", None, "relays", [{"name": "A"}, {"name": "B", "dtmf": 5}], "invalid_field", "relays[1].dtmf"),
    ("door_phone", None, "relays", [{"name": "A"}, {"name": "B", "dtmf": "12345"}], "invalid_field",
     "relays[1].dtmf"),
    ("door_phone", None, "relays", [{"name": "A", "dtmf": "A"}], "invalid_field", "relays[0].dtmf"),
    ("door_phone", None, "relays", [{"name": "A", "dtmf": ""}], "invalid_field", "relays[0].dtmf"),
    ("door_phone", None, "relays", [{"name": "A", "dtmf": "1 "}], "invalid_field", "relays[0].dtmf"),
    ("door_phone", None, "relays", [{"name": "A", "home_page": "yes"}], "invalid_field", "relays[0].home_page"),
    ("door_phone", None, "relays", [{"name": "A", "talking_page": 1}], "invalid_field",
     "relays[0].talking_page"),
    ("door_phone", None, "relays", [{"name": "A", "access_methods": "pin"}], "invalid_field",
     "relays[0].access_methods"),
    ("door_phone", None, "relays", [{"name": "A", "access_methods": ["iris"]}], "invalid_field",
     "relays[0].access_methods"),
    ("door_phone", None, "relays", [{"name": "A", "access_methods": ["pin", "pin"]}], "invalid_field",
     "relays[0].access_methods"),
    ("door_phone", None, "relays", [{"name": "A", "access_methods": [1]}], "invalid_field",
     "relays[0].access_methods"),
    ("door_phone", None, "relays", [{"name": "A"}, {"dtmf": "2"}], "missing_field", "relays[1].name"),
    ("door_phone", None, "relays", [{"name": ""}], "invalid_field", "relays[0].name"),
    ("door_phone", None, "relays", [{"name": "x" * 33}], "invalid_field", "relays[0].name"),
    ("door_phone", None, "relays", [{"name": "a\nb"}], "invalid_field", "relays[0].name"),
    ("door_phone", None, "relays", [{"name": ["A"]}], "invalid_field", "relays[0].name"),
    ("door_phone", None, "security_relay", {"dtmf": "1", "pin": "1234"}, "unknown_field", "security_relay.pin"),
    ("door_phone", None, "security_relay", {"dtmf": "1", "name": "x" * 33}, "invalid_field",
     "security_relay.name"),
    ("door_phone", None, "security_relay", {"dtmf": 1}, "invalid_field", "security_relay.dtmf"),
    ("indoor_monitor", None, "builtin_relay", {"enabled": True, "voltage": 12}, "unknown_field",
     "builtin_relay.voltage"),
    ("indoor_monitor", None, "builtin_relay", {"enabled": "yes"}, "invalid_field", "builtin_relay.enabled"),
    ("indoor_monitor", None, "builtin_relay", {"enabled": True, "name": ""}, "invalid_field",
     "builtin_relay.name"),
    ("indoor_monitor", None, "external_relay", _ext(baud=9600), "unknown_field", "external_relay.baud"),
    ("indoor_monitor", None, "external_relay",
     {"type": MK485, "mode": "rs485", "relays": [{"name": "a"}, {"name": "b"}, {"name": "c", "color": "x"}]},
     "unknown_field", "external_relay.relays[2].color"),
    ("indoor_monitor", None, "external_relay", _ext(port=70000), "invalid_field", "external_relay.port"),
    ("indoor_monitor", None, "external_relay", _ext(port=0), "invalid_field", "external_relay.port"),
    ("indoor_monitor", None, "external_relay", _ext(port="80"), "invalid_field", "external_relay.port"),
    ("indoor_monitor", None, "external_relay", _ext(ip="1.2.3"), "invalid_field", "external_relay.ip"),
    ("indoor_monitor", None, "external_relay", _ext(ip=10), "invalid_field", "external_relay.ip"),
    ("indoor_monitor", None, "external_relay", _ext(type="MK999"), "invalid_field", "external_relay.type"),
    ("indoor_monitor", None, "external_relay", _ext(mode="rs232"), "invalid_field", "external_relay.mode"),
    ("indoor_monitor", None, "external_relay", _ext(relays=[{"name": "a"}, {"name": "b", "function": "garage"}]),
     "invalid_field", "external_relay.relays[1].function"),
    ("indoor_monitor", None, "external_relay", _ext(relays=[{"function": "door"}]), "missing_field",
     "external_relay.relays[0].name"),
    ("indoor_monitor", None, "external_relay", _ext(relays="a"), "invalid_field", "external_relay.relays"),
    ("door_phone", "R20K", "push_buttons", {"module": "MD06", "buttons": [{"label": "a", "ring": "x"}]},
     "unknown_field", "push_buttons.buttons[0].ring"),
    ("door_phone", "R20K", "push_buttons", {"module": "MD06", "buttons": [], "extra": 1}, "unknown_field",
     "push_buttons.extra"),
    ("door_phone", "R20K", "push_buttons", {"module": "MD24", "buttons": []}, "invalid_field",
     "push_buttons.module"),
    ("door_phone", "R20K", "push_buttons", {"module": "MD06", "buttons": [{"label": "a", "call": "everyone"}]},
     "invalid_field", "push_buttons.buttons[0].call"),
    ("door_phone", "R20K", "push_buttons", {"module": "MD06", "buttons": [{"label": "a"}, {"call": "apps"}]},
     "missing_field", "push_buttons.buttons[1].label"),
    ("door_phone", "R20K", "push_buttons", {"module": "MD06", "buttons": {"label": "a"}}, "invalid_field",
     "push_buttons.buttons"),
]


def test_nested_fields_name_their_path():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    targets = {("door_phone", None): dp, ("door_phone", "R20K"): rk, ("indoor_monitor", None): im}
    with devices_unchanged([inst.id], "nested fields refused"):
        for t, model, k, v, code, field in NESTED:
            expect(ic.post(DEVICES, device_body(site["id"], spare, t, model, **{k: v})), 400, code, field)
            expect(ic.patch(device_path(targets[(t, model)]["id"]), {k: v}), 400, code, field)


def test_control_characters_in_text():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    with devices_unchanged([inst.id], "control characters"):
        for bad in ("a\u0000b", "\u001b[31mred", "line\nbreak", "\u007f", "tab\there"):
            expect(ic.post(DEVICES, device_body(site["id"], spare, name=bad)), 400, "invalid_field", "name")
            expect(ic.patch(device_path(dp["id"]), {"name": bad}), 400, "invalid_field", "name")
            expect(ic.post(CAMERAS, camera_body(site["id"], name=bad)), 400, "invalid_field", "name")
            expect(ic.post(CAMERAS, camera_body(site["id"], username=bad)), 400, "invalid_field", "username")


def test_camera_wrong_types():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    cases = [("site_id", "1"), ("name", 5), ("rtsp_url", ["rtsp://a/b"]), ("rtsp_url", 5),
             ("username", 5), ("password", 12345), ("password", ["pw"]), ("allow_monitoring", "yes"),
             ("monitor_app", 1), ("monitor_device_ids", "%d" % im["id"]), ("monitor_device_ids", im["id"]),
             ("monitor_device_ids", [im["id"], im["id"]]), ("monitor_device_ids", ["%d" % im["id"]]),
             ("monitor_device_ids", [0]), ("monitor_device_ids", [-1]), ("monitor_device_ids", [1.5]),
             ("monitor_device_ids", [None]), ("monitor_device_ids", {"0": im["id"]}),
             ("monitor_device_ids", list(range(1, 34))), ("linked_device_id", "%d" % dp["id"]),
             ("linked_device_id", 0), ("linked_device_id", True), ("linked_device_id", [dp["id"]])]
    with devices_unchanged([inst.id], "camera fields of the wrong type"):
        for k, v in cases:
            expect(ic.post(CAMERAS, dict(camera_body(site["id"]), **{k: v})), 400, "invalid_field", k)
            if k != "site_id":
                expect(ic.patch(camera_path(cam["id"]), {k: v}), 400, "invalid_field", k)


def test_hostile_queries():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    with devices_unchanged([inst.id], "hostile queries"):
        for q in ("' OR 1=1 --", "%' OR '1'='1", "'; DROP TABLE devices; --", "\\", "%", "_", "*",
                  "Hostile%", "Hostile_door", "1 UNION SELECT rtsp_password_sealed FROM devices"):
            eq(list_devices(ic, q=q)["total"], 0, "devices q=%r" % q)
            eq(list_cameras(ic, q=q)["total"], 0, "cameras q=%r" % q)
        eq(list_devices(ic, q="Hostile door")["total"], 1, "the plain name still matches")
        for base in (DEVICES, CAMERAS):
            for qs, field in (("q=" + "a" * 65, "q"), ("per_page=0", "per_page"), ("per_page=201", "per_page"),
                              ("page=0", "page"), ("site_id=abc", "site_id"), ("site_id=0", "site_id"),
                              ("page=1x", "page")):
                expect(ic.get(base + "?" + qs), 400, "invalid_field", field)
            for qs in ("q=%ff", "q=%zz", "q=a%00b"):
                expect_4xx(ic.get(base + "?" + qs), {400})
        expect(ic.get(DEVICES + "?type=doorbell"), 400, "invalid_field", "type")
        expect(ic.get(DEVICES + "?site_id=999999999"), 404, "not_found")
        expect(ic.get(CAMERAS + "?site_id=999999999"), 404, "not_found")


def test_site_of_another_installer_in_a_body():
    inst, ic, site, dp, im, rk, cam, spare = _ctx()
    other, oc = installer_client()
    theirs = premium_site(oc)
    with devices_unchanged([inst.id, other.id], "a body naming another installer's site"):
        expect(ic.post(DEVICES, device_body(theirs["id"], spare)), 404, "not_found")
        expect(ic.post(CAMERAS, camera_body(theirs["id"])), 404, "not_found")
    their_dp = new_device(oc, theirs["id"], mac_for(other))
    with devices_unchanged([inst.id, other.id], "a camera naming another installer's devices"):
        expect(ic.patch(camera_path(cam["id"]), {"linked_device_id": their_dp["id"]}), 422, "invalid_link")
        expect(ic.patch(camera_path(cam["id"]), {"monitor_device_ids": [their_dp["id"]]}), 422,
               "invalid_terminal")
