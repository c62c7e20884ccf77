"""Hostile requests on the site routes: each gets a 4xx in the error shape
and changes nothing (no site, member, identity, mail or audit row)."""

import json
import urllib.parse

from vbtest import (SITES, check, eq, expect, expect_4xx, family_body, family_path,
                    installer_client, list_sites, new_family, new_site, site_body, site_path,
                    sites_unchanged)

_shared = []


def _inst():
    """One installer with a site and a member; each test checks its refused
    requests change nothing, so sharing them is safe."""
    if not _shared:
        inst, ic = installer_client()
        s = new_site(ic, name="Hostile Target")
        m = new_family(ic, s["id"])
        _shared.append((inst, ic, s, m))
    return _shared[0]


BROKEN_JSON = [b"{", b'{"name":}', b"{'name':'a'}", b'{"name":"a" "email":"b"}',
               b'{"name":"a"} trailing', b'{"name":"a",}', b"nul", b'{"name":"a"}{}',
               b'{"name":NaN}', b'[{"name":"a"}]', b'"name"', b"42", b"null", b"[]",
               b'{"a":' * 40 + b"1" + b"}" * 40]


def test_body_over_64_kib():
    inst, ic, s, m = _inst()
    big = json.dumps(site_body(address="a" * (70 * 1024))).encode()
    check(len(big) > 64 * 1024, "the body is not over 64 KiB")
    with sites_unchanged([inst.id], "bodies over 64 KiB"):
        expect(ic.post(SITES, raw=big), 413, "body_too_large")
        expect(ic.patch(site_path(s["id"]), raw=json.dumps({"address": "a" * (70 * 1024)}).encode()),
               413, "body_too_large")
        # just under the cap: an ordinary validation error, not a 413
        r = ic.post(SITES, raw=json.dumps(site_body(address="a" * (60 * 1024))).encode())
        expect(r, 400, "invalid_field", "address")


def test_broken_json():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "broken JSON"):
        for b in BROKEN_JSON:
            expect(ic.post(SITES, raw=b), 400, "invalid_json")
            expect(ic.patch(site_path(s["id"]), raw=b), 400, "invalid_json")
            expect(ic.post(family_path(s["id"]), raw=b), 400, "invalid_json")
            expect(ic.patch(family_path(s["id"], m["id"]), raw=b), 400, "invalid_json")


def test_invalid_utf8():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "invalid UTF-8"):
        for bad in (b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80"):
            body = b'{"name": "x' + bad + b'y", "email": "utf8@example.com"}'
            r = expect(ic.post(SITES, raw=body), 400)
            check(r.code in ("invalid_json", "invalid_field"), "invalid UTF-8: %r" % r)


def test_wrong_content_type():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "a body that is not JSON"):
        expect(ic.post(SITES, raw=json.dumps(site_body()).encode(), ctype="text/plain"), 415)
        expect(ic.post(SITES, raw=b"name=a&email=b%40example.com",
                       ctype="application/x-www-form-urlencoded"), 415)


def test_wrong_types():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "wrong JSON types"):
        for k, v in (("name", 1), ("name", {"$ne": ""}), ("email", ["a@example.com"]),
                     ("premium_plan", "true"), ("video_days", "30"), ("family_count", 5)):
            r = expect_4xx(ic.patch(site_path(s["id"]), {k: v}), {400})
            check(r.error.get("field") == k, "error field for %s=%r: %r" % (k, v, r))
        for k, v in (("name", 7), ("email", True), ("mobile", 447700900123), ("country_code", 44)):
            r = expect_4xx(ic.patch(family_path(s["id"], m["id"]), {k: v}), {400})
            check(r.error.get("field") == k, "error field for member %s=%r: %r" % (k, v, r))


def test_unknown_fields():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "fields nobody may set"):
        for k, v in (("installer_id", 1), ("status", "normal"), ("sip_number", "6100000001"),
                     ("family_free", 99), ("additional_apps", 9), ("identity_id", 1),
                     ("app_registered", False), ("Name", "x"), ("last_reset_at", None)):
            expect(ic.post(SITES, dict(site_body(), **{k: v})), 400, "unknown_field", k)
            expect(ic.patch(site_path(s["id"]), {k: v}), 400, "unknown_field", k)
        for k, v in (("paid", False), ("site_id", s["id"]), ("sip_number", "1"), ("identity_id", 1)):
            expect(ic.post(family_path(s["id"]), dict(family_body(), **{k: v})), 400, "unknown_field", k)
            expect(ic.patch(family_path(s["id"], m["id"]), {k: v}), 400, "unknown_field", k)


def test_bad_ids():
    inst, ic, s, m = _inst()
    bad_ids = ("0", "-1", "99999999999999999999", "abc", "1.5", "0x10", "1e3", "%20", "+1",
               "%s;" % s["id"], "%s%%20" % s["id"], "%s.0" % s["id"], "0%s" % s["id"])
    with sites_unchanged([inst.id], "ids that are not ids"):
        for b in bad_ids:
            for method, path, body in (("GET", SITES + "/" + b, None),
                                       ("PATCH", SITES + "/" + b, {"name": "X"}),
                                       ("DELETE", SITES + "/" + b, None),
                                       ("POST", SITES + "/" + b + "/reset", {}),
                                       ("POST", SITES + "/" + b + "/reset-password", {}),
                                       ("GET", SITES + "/" + b + "/family", None),
                                       ("POST", SITES + "/" + b + "/family", family_body()),
                                       ("PATCH", family_path(s["id"]) + "/" + b, {"name": "X"}),
                                       ("DELETE", family_path(s["id"]) + "/" + b, None)):
                r = ic.request(method, path) if body is None else ic.request(method, path, body)
                expect_4xx(r, {400, 404})
                check(r.status == 404, "%s %s: expected 404, got %r" % (method, path, r))


def test_sql_in_the_search():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "SQL-ish searches"):
        for q in ("' OR 1=1 --", "\" OR \"\"=\"", "%' OR '1'='1", "'; DROP TABLE sites; --",
                  "\\", "%", "_", "Hostile' --", "1 UNION SELECT password_hash FROM accounts",
                  "*", "(", "?", "\u00a0", "Hostile%", "Hostile_Target"):
            for field in ("all", "name", "email", "mobile", "sip", "family_sip"):
                r = list_sites(ic, q=q, field=field)
                eq(r["total"], 0, "q=%r field=%s" % (q, field))
    eq(list_sites(ic, q="Hostile Target")["total"], 1, "the plain name still matches")


def test_q_over_64_characters():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "long searches"):
        expect(ic.get(SITES + "?q=" + "a" * 65), 400, "invalid_field", "q")
        expect(ic.get(SITES + "?q=" + "%C3%A9" * 65), 400, "invalid_field", "q")
        expect(ic.get(SITES + "?q=" + "a" * 5000), 400)
    eq(list_sites(ic, q="\u00e9" * 64)["total"], 0, "64 non-ASCII characters")


def test_bad_query_encoding():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "badly encoded queries"):
        for qs in ("q=%ff", "q=%zz", "q=%", "q=a%00b", "page=1&page=2x", "status=normal%00",
                   "field=name%27"):
            r = expect_4xx(ic.get(SITES + "?" + qs), {400})
            check(r.code in ("invalid_field", "invalid_query", "invalid_request"),
                  "code for ?%s: %r" % (qs, r))


def test_video_models_hostile():
    inst, ic, s, m = _inst()
    on = {"video_storage": True, "video_plan": "subscription", "video_device_count": 50}
    with sites_unchanged([inst.id], "hostile video_models"):
        for bad in ("A01", "A01,R29", {"0": "A01"}, 5, True, None, ["A01", "A01"], ["a01", "a01"],
                    [1], [None], [True], [["A01"]], [{"m": "A01"}], [""], ["m" * 65], ["A\u0000"],
                    ["A\n01"], ["m%d" % i for i in range(51)]):
            r = ic.post(SITES, site_body(video_models=bad, **on))
            expect(r, 400, "invalid_field", "video_models")
            expect(ic.patch(site_path(s["id"]), dict(on, video_models=bad)), 400, "invalid_field",
                   "video_models")


def test_control_characters_in_text_fields():
    inst, ic, s, m = _inst()
    with sites_unchanged([inst.id], "control characters"):
        for field in ("name", "room_name", "address"):
            for bad in ("a\u0000b", "\u001b[31mred", "line\nbreak", "\u007f", "tab\there"):
                expect(ic.post(SITES, site_body(**{field: bad})), 400, "invalid_field", field)
        for bad in ("a\u0000b", "x\ny"):
            expect(ic.post(family_path(s["id"]), family_body(name=bad)), 400, "invalid_field", "name")


def test_unicode_is_kept():
    inst, ic, s, m = _inst()
    name = "Zoë Ørsted 山田 \U0001F3E0"
    t = new_site(ic, name=name, room_name="Квартира 5", address="שדרות רוטשילד 1")
    eq((t["name"], t["room_name"], t["address"]), (name, "Квартира 5", "שדרות רוטשילד 1"),
       "non-ASCII text")
    eq(list_sites(ic, q="zoë", field="name")["total"], 1, "search by a non-ASCII prefix")
    eq([i["name"] for i in list_sites(ic, q=urllib.parse.unquote("Zo%C3%AB"))["items"]], [name],
       "the list row's name")
