"""F19: third-party RTSP cameras of a site with the premium plan.  The
credentials an installer pastes into the URL move out of it; the password is
sealed at rest and never comes back (no answer, audit row or log line shows
it); monitoring terminals are indoor monitors of the same site; a camera
links to a door phone of the same site and is unlinked when that door phone
goes; 16 cameras per site; a lapsed plan freezes edits but not deletion."""

import json
import urllib.parse

from vbtest import (CAMERAS, OMIT, audit_mark, audit_rows, camera_body, camera_db, camera_path,
                    camera_terminals_db, check, check_camera_shape, device_path, devices_unchanged, eq,
                    expect, expect_audit, get_camera, get_site, installer_client, list_cameras, log_text,
                    mac_for, new_camera, new_device, new_site, open_sealed, premium_site, set_site,
                    site_path, sql, uniq)

_shared = []


def _ctx():
    """A shared installer (refusals are checked to change nothing) and a new
    premium site of it (at most 16 cameras each) holding two indoor
    monitors, a door phone and an access control terminal."""
    if not _shared:
        _shared.append(installer_client())
    inst, ic = _shared[0]
    site = premium_site(ic, name="Camera Target")
    im1 = new_device(ic, site["id"], mac_for(inst), "indoor_monitor", name="Monitor one")
    im2 = new_device(ic, site["id"], mac_for(inst), "indoor_monitor", name="Monitor two")
    dp = new_device(ic, site["id"], mac_for(inst), "door_phone", name="Front door")
    ac = new_device(ic, site["id"], mac_for(inst), "access_control", name="Terminal")
    return inst, ic, site, {"im1": im1, "im2": im2, "dp": dp, "ac": ac}


def _secret():
    """A password no log or answer could hold by chance."""
    return "Cam-" + uniq("pw").replace("-", "") + "!#%&"


def _post(c, site_id, **kw):
    return c.post(CAMERAS, camera_body(site_id, **kw))


def _refused(c, inst, status, code, field, what, site_id, **kw):
    with devices_unchanged([inst.id], what):
        return expect(_post(c, site_id, **kw), status, code, field)


def _sealed_password(cam_id):
    row = camera_db(cam_id)
    if row["password_sealed"] is None:
        return None
    pw = open_sealed(row["password_sealed"], "camera:%d:password" % cam_id)
    check(pw is not None, "camera %d's sealed password does not open with camera:%d:password" % (cam_id, cam_id))
    return pw.decode("utf-8")


# ---------------------------------------------------------------------------

def test_camera_with_every_field():
    inst, ic, site, d = _ctx()
    pw = _secret()
    mark = audit_mark()
    body = camera_body(site["id"], name="Driveway", rtsp_url="rtsps://cam-1.example.net:8554/live/main",
                       username="viewer", password=pw, allow_monitoring=False, monitor_app=False,
                       monitor_device_ids=[d["im2"]["id"], d["im1"]["id"]], linked_device_id=d["dp"]["id"])
    cam = check_camera_shape(expect(ic.post(CAMERAS, body), 201).json)
    eq((cam["site_id"], cam["site_name"], cam["name"], cam["rtsp_url"], cam["username"], cam["has_password"]),
       (site["id"], site["name"], "Driveway", "rtsps://cam-1.example.net:8554/live/main", "viewer", True),
       "the new camera")
    eq((cam["allow_monitoring"], cam["monitor_app"], sorted(cam["monitor_device_ids"])),
       (False, False, sorted([d["im1"]["id"], d["im2"]["id"]])), "monitoring")
    eq((cam["linked_device_id"], cam["linked_device_name"]), (d["dp"]["id"], "Front door"), "the link")
    g = get_camera(ic, cam["id"])
    eq(dict(g, monitor_device_ids=sorted(g["monitor_device_ids"])),
       dict(cam, monitor_device_ids=sorted(cam["monitor_device_ids"])), "GET of the new camera")
    row = camera_db(cam["id"])
    eq((int(row["installer_id"]), int(row["site_id"]), row["rtsp_url"], row["username"]),
       (inst.id, site["id"], "rtsps://cam-1.example.net:8554/live/main", "viewer"), "the stored camera")
    eq(_sealed_password(cam["id"]), pw, "the sealed password")
    eq(camera_terminals_db(cam["id"]), sorted([d["im1"]["id"], d["im2"]["id"]]), "stored terminals")
    a = expect_audit(mark, "camera.create", inst.id, cam["id"], actor=inst.id)
    check(pw not in json.dumps(a["detail"]), "camera.create detail holds the password: %r" % a)


def test_camera_defaults():
    inst, ic, site, d = _ctx()
    cam = check_camera_shape(expect(ic.post(CAMERAS, {"site_id": site["id"], "name": "Plain",
                                                      "rtsp_url": "rtsp://10.0.0.1/stream"}), 201).json)
    eq((cam["username"], cam["has_password"], cam["allow_monitoring"], cam["monitor_app"],
        cam["monitor_device_ids"], cam["linked_device_id"], cam["linked_device_name"]),
       ("", False, True, True, [], None, None), "camera defaults")
    eq(camera_db(cam["id"])["password_sealed"], None, "no sealed password")
    for k, v in (("username", None), ("password", None), ("username", ""), ("password", "")):
        c2 = new_camera(ic, site["id"], **{k: v})
        eq((c2["username"], c2["has_password"]), ("", False), "%s %r means none" % (k, v))


def test_premium_plan_required():
    inst, ic = installer_client()
    plain = new_site(ic)
    _refused(ic, inst, 422, "premium_plan_required", "site_id", "a camera on a site without premium",
             plain["id"])
    lapsed = premium_site(ic)
    set_site(lapsed["id"], premium_expires_at="UTC_TIMESTAMP(3) - INTERVAL 1 DAY")
    _refused(ic, inst, 422, "premium_plan_required", "site_id", "a camera on a lapsed plan", lapsed["id"])
    later = premium_site(ic)
    set_site(later["id"], premium_expires_at="UTC_TIMESTAMP(3) + INTERVAL 30 DAY")
    new_camera(ic, later["id"])
    eq(list_cameras(ic)["total"], 1, "cameras of the installer")


def test_lapsed_plan_freezes_edits_not_deletion():
    inst, ic = installer_client()
    site = premium_site(ic)
    cam = new_camera(ic, site["id"], password="pw-before")
    other = new_camera(ic, site["id"])
    set_site(site["id"], premium_expires_at="UTC_TIMESTAMP(3) - INTERVAL 1 HOUR")
    with devices_unchanged([inst.id], "editing a camera of a lapsed plan"):
        for body in ({"name": "x"}, {"password": "new"}, {"allow_monitoring": False}):
            expect(ic.patch(camera_path(cam["id"]), body), 422, "premium_plan_required", "site_id")
        expect(_post(ic, site["id"]), 422, "premium_plan_required", "site_id")
    eq(get_camera(ic, cam["id"]), cam, "the camera is still shown")
    mark = audit_mark()
    expect(ic.delete(camera_path(cam["id"])), 204)
    expect_audit(mark, "camera.delete", inst.id, cam["id"])
    eq(camera_db(cam["id"]), None, "the deleted camera's row")
    # the plan turned off by the installer freezes it too; back on, edits work
    set_site(site["id"], premium_expires_at=None)
    expect(ic.patch(site_path(site["id"]), {"premium_plan": False}), 200)
    with devices_unchanged([inst.id], "editing a camera of a site without premium"):
        expect(ic.patch(camera_path(other["id"]), {"name": "y"}), 422, "premium_plan_required")
    expect(ic.patch(site_path(site["id"]), {"premium_plan": True}), 200)
    eq(expect(ic.patch(camera_path(other["id"]), {"name": "Back"}), 200).json["name"], "Back",
       "an edit once the plan is back")


def test_credentials_move_out_of_the_url():
    inst, ic, site, d = _ctx()
    cases = [  # url, stored url, username, password (None = none)
        ("rtsp://admin:s%40cret@192.0.2.7:554/Streaming/Channels/101",
         "rtsp://192.0.2.7:554/Streaming/Channels/101", "admin", "s@cret"),
        ("rtsp://us%65r:p%3Aw%25@cam.local/x", "rtsp://cam.local/x", "user", "p:w%"),
        ("rtsp://viewer@10.1.1.1/live", "rtsp://10.1.1.1/live", "viewer", None),
        ("rtsp://admin:a:b@10.1.1.1/live?ch=1", "rtsp://10.1.1.1/live?ch=1", "admin", "a:b"),
        ("rtsps://op:x@cam.example.com", "rtsps://cam.example.com", "op", "x"),
        ("rtsp://J%C3%BCrgen:%E2%82%AC@10.2.2.2:8554/", "rtsp://10.2.2.2:8554/", "J\u00fcrgen", "\u20ac"),
    ]
    for url, stored, user, pw in cases:
        cam = check_camera_shape(new_camera(ic, site["id"], rtsp_url=url))
        eq((cam["rtsp_url"], cam["username"], cam["has_password"]), (stored, user, pw is not None),
           "camera from %s" % url)
        eq(camera_db(cam["id"])["rtsp_url"], stored, "stored URL of %s" % url)
        eq(_sealed_password(cam["id"]), pw, "sealed password from %s" % url)


def test_explicit_credentials_win_over_the_url():
    inst, ic, site, d = _ctx()
    url = "rtsp://u1:p1@10.3.3.3/cam"
    cam = new_camera(ic, site["id"], rtsp_url=url, username="u2", password="p2")
    eq((cam["rtsp_url"], cam["username"], _sealed_password(cam["id"])), ("rtsp://10.3.3.3/cam", "u2", "p2"),
       "both sent")
    cam = new_camera(ic, site["id"], rtsp_url=url, username="u2")
    eq((cam["username"], _sealed_password(cam["id"])), ("u2", "p1"), "only the username sent")
    cam = new_camera(ic, site["id"], rtsp_url=url, password="p2")
    eq((cam["username"], _sealed_password(cam["id"])), ("u1", "p2"), "only the password sent")
    cam = new_camera(ic, site["id"], rtsp_url=url, password=None)
    eq((cam["username"], cam["has_password"], _sealed_password(cam["id"])), ("u1", False, None),
       "password null sent: none")


def test_password_never_appears():
    inst, ic, site, d = _ctx()
    pw, pw2, pw3 = _secret(), _secret(), _secret()
    mark = audit_mark()
    bodies = []
    r = expect(_post(ic, site["id"], name="Secret cam", username="admin", password=pw), 201)
    cam = r.json
    bodies.append(r.body)
    r = expect(_post(ic, site["id"], rtsp_url="rtsp://admin:%s@10.4.4.4/x" % urllib.parse.quote(pw2, safe=""),
                     monitor_device_ids=[d["im1"]["id"]]), 201)
    cam2 = r.json
    bodies.append(r.body)
    bodies.append(expect(ic.get(camera_path(cam["id"])), 200).body)
    bodies.append(expect(ic.get(camera_path(cam2["id"])), 200).body)
    bodies.append(expect(ic.get(CAMERAS + "?site_id=%d&per_page=200" % site["id"]), 200).body)
    bodies.append(expect(ic.get(CAMERAS), 200).body)
    bodies.append(expect(ic.patch(camera_path(cam["id"]), {"name": "Secret cam 2"}), 200).body)
    bodies.append(expect(ic.patch(camera_path(cam["id"]), {"password": pw3}), 200).body)
    bodies.append(expect(ic.patch(camera_path(cam2["id"]), {"password": pw}), 200).body)
    bodies.append(expect(ic.get(site_path(site["id"])), 200).body)
    sealed = [camera_db(cam["id"])["password_sealed"], camera_db(cam2["id"])["password_sealed"]]
    for b in bodies:
        text = b.decode("utf-8")
        for secret in (pw, pw2, pw3, urllib.parse.quote(pw2, safe="")) + tuple(sealed):
            check(secret not in text, "an answer shows the camera password or its sealed form: %s" % text[:300])
        check("password\"" not in text.replace("has_password\"", ""), "an answer has a password key: %s"
              % text[:300])
    for s in sealed:
        for secret in (pw, pw2, pw3):
            check(secret not in s, "the password is stored in clear")
    eq((_sealed_password(cam["id"]), _sealed_password(cam2["id"])), (pw3, pw), "the sealed passwords")
    rows = audit_rows(mark, tenant=inst.id)
    eq(sorted(r["action"] for r in rows), sorted(["camera.create", "camera.create", "camera.update",
                                                  "camera.update", "camera.update"]), "audit rows")
    for row in rows:
        det = json.dumps(row["detail"])
        for secret in (pw, pw2, pw3, urllib.parse.quote(pw2, safe="")) + tuple(sealed):
            check(secret not in det, "audit %s detail holds the password: %s" % (row["action"], det))
    logs = log_text()
    for secret in (pw, pw2, pw3, urllib.parse.quote(pw2, safe="")):
        check(secret not in logs, "the logs hold a camera password (%s)" % secret)


def test_patch_password_keep_change_remove():
    inst, ic, site, d = _ctx()
    cam = new_camera(ic, site["id"], username="u", password="first")
    sealed = camera_db(cam["id"])["password_sealed"]
    mark = audit_mark()
    c = expect(ic.patch(camera_path(cam["id"]), {"name": "Renamed", "allow_monitoring": False}), 200).json
    eq((c["name"], c["allow_monitoring"], c["has_password"], c["username"]), ("Renamed", False, True, "u"),
       "a rename keeps the credentials")
    eq(camera_db(cam["id"])["password_sealed"], sealed, "the sealed password after a rename")
    det = json.dumps(expect_audit(mark, "camera.update", inst.id, cam["id"])["detail"])
    check("first" not in det, "camera.update detail: %s" % det)
    c = expect(ic.patch(camera_path(cam["id"]), {"password": "second"}), 200).json
    eq((c["has_password"], _sealed_password(cam["id"])), (True, "second"), "a new password")
    c = expect(ic.patch(camera_path(cam["id"]), {"password": None}), 200).json
    eq((c["has_password"], camera_db(cam["id"])["password_sealed"]), (False, None), "password removed")
    c = expect(ic.patch(camera_path(cam["id"]), {"password": "third"}), 200).json
    c = expect(ic.patch(camera_path(cam["id"]), {"password": ""}), 200).json
    eq((c["has_password"], _sealed_password(cam["id"])), (False, None), "password \"\" removes it")
    c = expect(ic.patch(camera_path(cam["id"]), {"rtsp_url": "rtsp://new:fourth@10.5.5.5/v"}), 200).json
    eq((c["rtsp_url"], c["username"], _sealed_password(cam["id"])), ("rtsp://10.5.5.5/v", "new", "fourth"),
       "credentials in a new URL move out of it")
    c = expect(ic.patch(camera_path(cam["id"]), {"username": None}), 200).json
    eq((c["username"], _sealed_password(cam["id"])), ("", "fourth"), "username removed, password kept")


def test_monitoring_terminals_are_the_sites_indoor_monitors():
    inst, ic, site, d = _ctx()
    other_site = premium_site(ic)
    elsewhere = new_device(ic, other_site["id"], mac_for(inst), "indoor_monitor")
    stranger, sc = installer_client()
    theirs = new_device(sc, new_site(sc)["id"], mac_for(stranger), "indoor_monitor")
    for bad in ([d["dp"]["id"]], [d["ac"]["id"]], [d["im1"]["id"], elsewhere["id"]], [theirs["id"]],
                [999999999]):
        _refused(ic, inst, 422, "invalid_terminal", "monitor_device_ids", "terminals %r" % bad, site["id"],
                 monitor_device_ids=bad)
    cam = new_camera(ic, site["id"], monitor_device_ids=[d["im1"]["id"]])
    for bad in ([d["dp"]["id"]], [theirs["id"]], [elsewhere["id"]]):
        with devices_unchanged([inst.id], "PATCH terminals %r" % bad):
            expect(ic.patch(camera_path(cam["id"]), {"monitor_device_ids": bad}), 422, "invalid_terminal",
                   "monitor_device_ids")
    c = expect(ic.patch(camera_path(cam["id"]), {"monitor_device_ids": [d["im2"]["id"], d["im1"]["id"]]}),
               200).json
    eq(sorted(c["monitor_device_ids"]), sorted([d["im1"]["id"], d["im2"]["id"]]), "two terminals")
    c = expect(ic.patch(camera_path(cam["id"]), {"allow_monitoring": False}), 200).json
    eq(sorted(c["monitor_device_ids"]), sorted([d["im1"]["id"], d["im2"]["id"]]),
       "terminals kept while monitoring is off")
    c = expect(ic.patch(camera_path(cam["id"]), {"monitor_device_ids": []}), 200).json
    eq((c["monitor_device_ids"], camera_terminals_db(cam["id"])), ([], []), "terminals cleared")
    # another site's camera cannot use this site's monitors either
    cam2 = new_camera(ic, other_site["id"])
    with devices_unchanged([inst.id], "a monitor of another site"):
        expect(ic.patch(camera_path(cam2["id"]), {"monitor_device_ids": [d["im1"]["id"]]}), 422,
               "invalid_terminal")


def test_deleted_monitor_leaves_the_terminal_list():
    inst, ic = installer_client()
    site = premium_site(ic)
    m1 = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    m2 = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    cam = new_camera(ic, site["id"], monitor_device_ids=[m1["id"], m2["id"]])
    expect(ic.delete(device_path(m1["id"])), 204)
    eq(get_camera(ic, cam["id"])["monitor_device_ids"], [m2["id"]], "terminals after a monitor is deleted")
    eq(camera_terminals_db(cam["id"]), [m2["id"]], "stored terminals")


def test_link_to_a_door_phone_of_the_site():
    inst, ic, site, d = _ctx()
    other_site = premium_site(ic)
    elsewhere = new_device(ic, other_site["id"], mac_for(inst))
    stranger, sc = installer_client()
    theirs = new_device(sc, new_site(sc)["id"], mac_for(stranger))
    for bad in (d["im1"]["id"], d["ac"]["id"], elsewhere["id"], theirs["id"], 999999999):
        _refused(ic, inst, 422, "invalid_link", "linked_device_id", "link to %r" % bad, site["id"],
                 linked_device_id=bad)
    cam = new_camera(ic, site["id"], linked_device_id=d["dp"]["id"])
    eq((cam["linked_device_id"], cam["linked_device_name"]), (d["dp"]["id"], d["dp"]["name"]), "linked")
    with devices_unchanged([inst.id], "PATCH link to another tenant's door phone"):
        expect(ic.patch(camera_path(cam["id"]), {"linked_device_id": theirs["id"]}), 422, "invalid_link",
               "linked_device_id")
    c = expect(ic.patch(camera_path(cam["id"]), {"linked_device_id": None}), 200).json
    eq((c["linked_device_id"], c["linked_device_name"], camera_db(cam["id"])["linked_device_id"]),
       (None, None, None), "unlinked")


def test_deleting_the_door_phone_unlinks_the_camera():
    inst, ic = installer_client()
    site = premium_site(ic)
    dp = new_device(ic, site["id"], mac_for(inst))
    cam = new_camera(ic, site["id"], linked_device_id=dp["id"])
    expect(ic.delete(device_path(dp["id"])), 204)
    c = get_camera(ic, cam["id"])
    eq((c["linked_device_id"], c["linked_device_name"]), (None, None), "the camera after its door phone went")
    eq(camera_db(cam["id"])["linked_device_id"], None, "stored link")


def test_at_most_16_cameras_per_site():
    inst, ic = installer_client()
    site = premium_site(ic)
    cams = [new_camera(ic, site["id"]) for _ in range(16)]
    _refused(ic, inst, 409, "limit_reached", None, "a 17th camera", site["id"])
    new_camera(ic, premium_site(ic)["id"])
    expect(ic.delete(camera_path(cams[0]["id"])), 204)
    new_camera(ic, site["id"])
    eq(list_cameras(ic, site_id=site["id"])["total"], 16, "cameras of the full site")


def test_camera_list():
    inst, ic = installer_client()
    s1, s2 = premium_site(ic), premium_site(ic)
    a = new_camera(ic, s1["id"], name="Garden")
    b = new_camera(ic, s1["id"], name="Garage")
    c = new_camera(ic, s2["id"], name="Pool")
    r = list_cameras(ic)
    eq((r["total"], sorted(x["id"] for x in r["items"])), (3, sorted([a["id"], b["id"], c["id"]])), "all cameras")
    for x in r["items"]:
        check_camera_shape(x, "list item")
        eq(x, get_camera(ic, x["id"]), "list item and GET")
    eq(sorted(x["id"] for x in list_cameras(ic, site_id=s1["id"])["items"]), sorted([a["id"], b["id"]]),
       "site_id filter")
    eq(sorted(x["id"] for x in list_cameras(ic, q="gar")["items"]), sorted([a["id"], b["id"]]), "q prefix")
    eq([x["id"] for x in list_cameras(ic, q="Pool", site_id=s1["id"])["items"]], [], "q and site_id")
    eq(list_cameras(ic, q="den")["total"], 0, "q inside a name")
    p = list_cameras(ic, per_page=2, page=2)
    eq((p["total"], p["page"], p["per_page"], len(p["items"])), (3, 2, 2, 1), "page 2")
    other, oc = installer_client()
    eq(list_cameras(oc)["total"], 0, "another installer's cameras")
    with devices_unchanged([inst.id, other.id], "listing another installer's site"):
        expect(oc.get(CAMERAS + "?site_id=%d" % s1["id"]), 404, "not_found")


def test_delete_camera():
    inst, ic, site, d = _ctx()
    cam = new_camera(ic, site["id"], password="x", monitor_device_ids=[d["im1"]["id"]],
                     linked_device_id=d["dp"]["id"])
    mark = audit_mark()
    r = expect(ic.delete(camera_path(cam["id"])), 204)
    eq(r.body, b"", "204 body")
    expect_audit(mark, "camera.delete", inst.id, cam["id"], actor=inst.id)
    eq((camera_db(cam["id"]), camera_terminals_db(cam["id"])), (None, []), "the camera and its terminals")
    with devices_unchanged([inst.id], "a deleted camera"):
        expect(ic.get(camera_path(cam["id"])), 404, "not_found")
        expect(ic.patch(camera_path(cam["id"]), {"name": "x"}), 404, "not_found")
        expect(ic.delete(camera_path(cam["id"])), 404, "not_found")
    eq(get_camera(ic, new_camera(ic, site["id"])["id"])["site_id"], site["id"], "other cameras unaffected")


def test_rtsp_url_rules():
    inst, ic, site, d = _ctx()
    for bad in ("http://10.0.0.1/x", "rtsp://", "rtsp:///path", "rtsp:// 10.0.0.1/x", "rtsp://999.1.1.1/x",
                "rtsp://10.0.0.1:99999/", "rtsp://10.0.0.1:0/", "rtsp://host/a b", "javascript:alert(1)",
                "rtsp://host/\u00e9", "RTSP", "rtsp://ho<st>/", "rtsp://a\nb/", "rtsp://h/" + "a" * 1020, "",
                "rtsp://-bad-.example/", "rtsp://u:p@/x"):
        _refused(ic, inst, 400, "invalid_field", "rtsp_url", "rtsp_url %r" % bad, site["id"], rtsp_url=bad)
    _refused(ic, inst, 400, "missing_field", "rtsp_url", "no rtsp_url", site["id"], rtsp_url=OMIT)
    _refused(ic, inst, 400, "missing_field", "name", "no name", site["id"], name=OMIT)
    _refused(ic, inst, 400, "invalid_field", "username", "a 129-character username", site["id"],
             username="u" * 129)
    _refused(ic, inst, 400, "invalid_field", "password", "a 129-byte password", site["id"],
             password="\u00e9" * 65)
    cam = new_camera(ic, site["id"], username="u" * 128, password="p" * 128,
                     rtsp_url="rtsp://cam.example.org:554/" + "a" * 900)
    eq((len(cam["username"]), _sealed_password(cam["id"])), (128, "p" * 128), "the longest credentials")


def test_site_device_counts():
    inst, ic = installer_client()
    site = premium_site(ic)
    eq(get_site(ic, site["id"])["device_counts"], {"intercom": 0, "cameras": 0, "locks": 0}, "a new site")
    new_device(ic, site["id"], mac_for(inst))
    new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    c1 = new_camera(ic, site["id"])
    new_camera(ic, site["id"])
    new_camera(ic, premium_site(ic)["id"])
    # locks come from a vendor account (tested with the fake vendor); here two rows by hand
    sql("INSERT INTO lock_accounts (installer_id, vendor, username, token_sealed) VALUES (%d, 'salto', "
        "'itest', 'x')" % inst.id)
    sql("INSERT INTO locks (installer_id, vendor, vendor_lock_id, name, site_id) VALUES "
        "(%d, 'salto', 'L1', 'Lock 1', %d), (%d, 'salto', 'L2', 'Lock 2', NULL)"
        % (inst.id, site["id"], inst.id))
    eq(get_site(ic, site["id"])["device_counts"], {"intercom": 2, "cameras": 2, "locks": 1}, "counts")
    expect(ic.delete(camera_path(c1["id"])), 204)
    eq(get_site(ic, site["id"])["device_counts"]["cameras"], 1, "cameras after a delete")
