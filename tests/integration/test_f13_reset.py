"""F13: resetting a site for new occupants.  Each item of the guide's
"removed" and "kept" lists is its own test, all on one fully furnished site
reset once (built on first use); the other tests use sites of their own."""

import http.client
import json
import time

import vbtest
from vbtest import (CREDENTIAL_KINDS, SITES, audit_mark, check, check_site_shape, eq, expect,
                    expect_audit, fill_site_data, get_site, identity_by_email, identity_db,
                    installer_client, list_family, new_family, new_site, outbox_mark,
                    outbox_since, set_site, site_body, site_data_counts, site_db, site_path,
                    sites_unchanged, sql, sql_int, sql_script, uniq, family_path, family_body)

SETTINGS = {
    "room_name": "Flat 3", "address": "7 Rental Row", "country_code": "+44", "mobile": "+447700900700",
    "call_mode": "ip", "time_zone": "Asia/Tokyo", "language": "fr", "time_format": "12h",
    "landline1": "+442079460071", "landline2": "+442079460072", "landline3": "+442079460073",
    "premium_plan": True, "landline_service": True, "with_indoor_monitor": True, "smart_home": True,
    "video_storage": True, "video_plan": "subscription", "video_days": 60, "video_device_count": 2,
    "video_models": ["A01", "X915"], "video_audio": True,
}

_cache = {}


def _furnish(ic, inst, **kw):
    """A site with every setting, four family members (one on an Additional
    App), a registered app, credentials of each kind, logs, messages and
    alarms.  Returns (site, members, counts of what was inserted)."""
    s = new_site(ic, **dict(SETTINGS, **kw))
    set_site(s["id"], additional_apps=1, premium_expires_at="'2031-01-02 03:04:05.000'",
             expires_at="UTC_TIMESTAMP(3) + INTERVAL 60 DAY", app_registered_at="UTC_TIMESTAMP(3)")
    members = [new_family(ic, s["id"], country_code="+44", mobile="+44770090071%d" % k) for k in range(4)]
    sql("UPDATE family_members SET app_registered_at = UTC_TIMESTAMP(3) WHERE site_id = %d" % s["id"])
    counts = fill_site_data(s, inst.id, member_id=members[0]["id"], n=2)
    return get_site(ic, s["id"]), members, counts


def _reset():
    """The shared furnished site, reset once: a dict of before and after."""
    if "err" in _cache:
        raise _cache["err"]
    if "r" in _cache:
        return _cache["r"]
    try:
        inst, ic = installer_client()
        s, members, inserted = _furnish(ic, inst)
        neighbour, _, _ = _furnish(ic, inst)
        d = {"inst": inst, "ic": ic, "before": s, "members": members, "inserted": inserted,
             "neighbour": neighbour, "neighbour_counts": site_data_counts(neighbour["id"]),
             "data_before": site_data_counts(s["id"]),
             "member_identities": [int(r[0]) for r in sql(
                 "SELECT identity_id FROM family_members WHERE site_id = %d" % s["id"])],
             "audit_before": sql_int("SELECT COUNT(*) FROM audit_log WHERE tenant_id = %d" % inst.id),
             "outbox": outbox_mark(), "audit": audit_mark()}
        r = expect(ic.post(site_path(s["id"], "reset")), 200)
        time.sleep(2.5)   # the worker ticks every 2 s: any mail would be queued and sent by now
        d["answer"] = r.json
        d["mail_after"] = outbox_since(d["outbox"])
        d["after"] = get_site(ic, s["id"])
        d["row"] = site_db(s["id"])
        d["data_after"] = site_data_counts(s["id"])
        _cache["r"] = d
        return d
    except Exception as e:
        _cache["err"] = e
        raise


# --- the answer -------------------------------------------------------------------

def test_reset_answer():
    d = _reset()
    a = d["answer"]
    eq(sorted(a), ["removed", "site"], "keys of the reset answer")
    check_site_shape(a["site"], "reset answer's site")
    eq(a["site"], d["after"], "the answer's site is what GET shows")
    ins = d["inserted"]
    eq(a["removed"], {"family_members": 4, "access_credentials": ins["access_credentials"],
                      "door_logs": ins["door_logs"], "call_logs": ins["call_logs"],
                      "messages": ins["messages"], "alarms": ins["alarms"]},
       "removed counts (the members' credentials and messages included)")


# --- removed, one by one -------------------------------------------------------------

def test_reset_removes_family_members():
    d = _reset()
    eq(sql_int("SELECT COUNT(*) FROM family_members WHERE site_id = %d" % d["before"]["id"]), 0,
       "family member rows")
    eq(d["after"]["family_count"], 0, "family_count")
    lst = list_family(d["ic"], d["before"]["id"])
    eq((lst["items"], lst["total"]), ([], 0), "the family list")
    for i in d["member_identities"]:
        eq(identity_db(i), None, "family identity %d" % i)
    for m in d["members"]:
        expect(d["ic"].patch(family_path(d["before"]["id"], m["id"]), {"name": "Gone"}), 404, "not_found")


def test_reset_removes_email():
    d = _reset()
    eq((d["after"]["email"], d["row"]["email"]), ("", ""), "e-mail of the site")
    eq(d["after"]["identity_id"], None, "identity_id (the master is detached)")
    eq(d["after"]["linked_sites"], 0, "linked_sites without identity")
    eq(identity_by_email(d["before"]["email"]), None, "the identity of the old e-mail")


def test_reset_removes_mobile():
    d = _reset()
    eq((d["after"]["mobile"], d["row"]["mobile"]), ("", ""), "mobile")


def test_reset_removes_country_code():
    d = _reset()
    eq((d["after"]["country_code"], d["row"]["country_code"]), ("", ""), "country/region code")


def test_reset_removes_landlines():
    d = _reset()
    for k in ("landline1", "landline2", "landline3"):
        eq((d["after"][k], d["row"][k]), ("", ""), k)


def test_reset_removes_door_logs():
    d = _reset()
    check(d["data_before"]["door_logs"] > 0, "no door logs before")
    eq(d["data_after"]["door_logs"], 0, "door logs")


def test_reset_removes_call_logs():
    d = _reset()
    check(d["data_before"]["call_logs"] > 0, "no call logs before")
    eq(d["data_after"]["call_logs"], 0, "call logs")


def test_reset_removes_messages():
    d = _reset()
    check(d["data_before"]["site_messages"] > 0, "no messages before")
    eq(d["data_after"]["site_messages"], 0, "messages")


def test_reset_removes_alarms():
    d = _reset()
    check(d["data_before"]["alarms"] > 0, "no alarms before")
    eq(d["data_after"]["alarms"], 0, "alarms")


def _credential_test(kind):
    def test():
        d = _reset()
        check(d["data_before"]["credential:" + kind] > 0, "no %s credentials before" % kind)
        eq(d["data_after"]["credential:" + kind], 0, "%s access credentials" % kind)
    test.__name__ = "test_reset_removes_credential_" + kind
    return test


for _k in CREDENTIAL_KINDS:
    globals()["test_reset_removes_credential_" + _k] = _credential_test(_k)
del _k


# --- kept, one by one ----------------------------------------------------------------

def _kept(*keys):
    d = _reset()
    for k in keys:
        eq(d["after"][k], d["before"][k], "SITE.%s kept by the reset" % k)
    return d


def test_reset_keeps_status():
    d = _kept("status", "expires_at")
    check(d["after"]["expires_at"] is not None, "the expiry was not set up")


def test_reset_keeps_status_inactivated_and_expired():
    inst, ic = installer_client()
    for st in ("inactivated", "expired"):
        s = new_site(ic)
        set_site(s["id"], status="'%s'" % st, expires_at="'2025-01-01 00:00:00.000'")
        r = expect(ic.post(site_path(s["id"], "reset")), 200).json["site"]
        eq((r["status"], r["expires_at"]), (st, "2025-01-01T00:00:00.000Z"), "a %s site after reset" % st)


def test_reset_keeps_free_family_count():
    d = _kept("family_free", "additional_apps")
    eq((d["after"]["family_free"], d["after"]["additional_apps"]), (3, 1), "free and paid slots")


def test_reset_keeps_audit_logs():
    d = _reset()
    now = sql_int("SELECT COUNT(*) FROM audit_log WHERE tenant_id = %d" % d["inst"].id)
    check(now > d["audit_before"], "audit rows of the installer: %d before, %d after"
          % (d["audit_before"], now))
    eq(sql_int("SELECT COUNT(*) FROM audit_log WHERE tenant_id = %d AND action = 'site.create' "
               "AND object_id = %d" % (d["inst"].id, d["before"]["id"])), 1, "the site.create row")
    eq(sql_int("SELECT COUNT(*) FROM audit_log WHERE tenant_id = %d AND action = 'family.create'"
               % d["inst"].id), 8, "the family.create rows (both sites)")


def test_reset_keeps_call_mode():
    _kept("call_mode")


def test_reset_keeps_time_zone():
    _kept("time_zone")


def test_reset_keeps_language():
    _kept("language")


def test_reset_keeps_smart_home():
    d = _kept("smart_home", "smart_home_since")
    eq(d["after"]["smart_home"], True, "smart home")


def test_reset_keeps_premium_plan():
    d = _kept("premium_plan", "premium_expires_at", "landline_service")
    eq((d["after"]["premium_plan"], d["after"]["premium_expires_at"]), (True, "2031-01-02T03:04:05.000Z"),
       "premium plan and its expiry")


def test_reset_keeps_with_indoor_monitor():
    d = _kept("with_indoor_monitor")
    eq(d["after"]["with_indoor_monitor"], True, "with indoor monitor")


def test_reset_keeps_the_rest():
    _kept("id", "name", "room_name", "address", "time_format", "video_storage", "video_plan",
          "video_days", "video_device_count", "video_models", "video_audio", "video_trial_ends_at",
          "sip_number", "family_sip_number", "created_at")


# --- other changes -------------------------------------------------------------------

def test_reset_unregisters_the_app():
    d = _reset()
    eq(d["before"]["app_registered"], True, "the app was registered before")
    eq((d["after"]["app_registered"], d["row"]["app_registered_at"]), (False, None), "app registration")


def test_reset_removes_login_credentials():
    d = _reset()
    old = d["before"]["identity_id"]
    eq(identity_db(old), None, "the master identity (with its password) after the reset")
    eq(sql_int("SELECT COUNT(*) FROM resident_identities WHERE email = %s"
               % vbtest.q(d["before"]["email"])), 0, "identities with the old e-mail")


def test_reset_sends_no_email():
    d = _reset()
    eq([(m[1], m[2]) for m in d["mail_after"]], [], "mail queued by the reset")


def test_reset_sets_last_reset_at():
    d = _reset()
    eq(d["before"]["last_reset_at"], None, "last_reset_at before")
    check(d["after"]["last_reset_at"] and d["after"]["last_reset_at"] >= d["before"]["updated_at"],
          "last_reset_at after: %r" % d["after"]["last_reset_at"])


def test_reset_audited_with_counts():
    d = _reset()
    a = expect_audit(d["audit"], "site.reset", d["inst"].id, d["before"]["id"], actor=d["inst"].id)
    det = a["detail"] or {}
    det = det.get("removed", det)
    eq(det.get("family_members"), 4, "family_members in the site.reset detail (%r)" % a["detail"])
    eq(det.get("alarms"), d["inserted"]["alarms"], "alarms in the site.reset detail")


def test_reset_leaves_other_sites_alone():
    d = _reset()
    n = d["neighbour"]
    eq(site_data_counts(n["id"]), d["neighbour_counts"], "the neighbour site's data")
    g = get_site(d["ic"], n["id"])
    eq(g, n, "the neighbour site")
    eq(list_family(d["ic"], n["id"])["total"], 4, "the neighbour's family")


def test_reset_frees_the_email():
    inst, ic = installer_client()
    s = new_site(ic)
    m = new_family(ic, s["id"])
    expect(ic.post(site_path(s["id"], "reset")), 200)
    new_site(ic, email=s["email"])
    new_site(ic, email=m["email"])


def test_reset_twice():
    inst, ic = installer_client()
    s = new_site(ic)
    expect(ic.post(site_path(s["id"], "reset")), 200)
    r = expect(ic.post(site_path(s["id"], "reset")), 200).json
    eq(r["removed"], {"family_members": 0, "access_credentials": 0, "door_logs": 0, "call_logs": 0,
                      "messages": 0, "alarms": 0}, "a second reset removes nothing")


# --- family members after a reset ----------------------------------------------------------

def test_family_members_free_again_after_reset():
    inst, ic = installer_client()
    s = new_site(ic)
    for _ in range(3):
        new_family(ic, s["id"])
    expect(ic.post(family_path(s["id"]), family_body()), 402, "additional_app_required")
    expect(ic.post(site_path(s["id"], "reset")), 200)
    lst = list_family(ic, s["id"])
    eq((lst["total"], lst["free_left"], lst["paid_left"]), (0, 3, 0), "slots after the reset")
    again = [new_family(ic, s["id"]) for _ in range(3)]
    eq([m["paid"] for m in again], [False] * 3, "three members after the reset are free")
    expect(ic.post(family_path(s["id"]), family_body()), 402, "additional_app_required")


def test_paid_slot_kept_after_reset():
    inst, ic = installer_client()
    s = new_site(ic)
    set_site(s["id"], additional_apps=1)
    for _ in range(4):
        new_family(ic, s["id"])
    expect(ic.post(site_path(s["id"], "reset")), 200)
    lst = list_family(ic, s["id"])
    eq((lst["free_left"], lst["paid_left"]), (3, 1), "slots after resetting a site with an Additional App")
    again = [new_family(ic, s["id"]) for _ in range(4)]
    eq([m["paid"] for m in again], [False, False, False, True], "members after the reset")


# --- linked identities -------------------------------------------------------------------

def test_reset_keeps_a_linked_identity_for_the_other_site():
    inst, ic = installer_client()
    a = new_site(ic, country_code="+44", mobile="+447700900800")
    b = expect(ic.post(SITES, site_body(email=a["email"], link_existing=True)), 201).json
    pw_before = identity_db(a["identity_id"])["password_hash"]
    r = expect(ic.post(site_path(a["id"], "reset")), 200).json["site"]
    eq((r["identity_id"], r["email"], r["mobile"], r["linked_sites"]), (None, "", "", 0),
       "the reset site")
    g = get_site(ic, b["id"])
    eq((g["identity_id"], g["email"], g["mobile"], g["linked_sites"], g["contact_locked"]),
       (a["identity_id"], a["email"], "+447700900800", 1, False), "the other linked site")
    ident = identity_db(a["identity_id"])
    check(ident is not None, "the shared identity was deleted")
    eq(ident["password_hash"], pw_before, "the other site's login still works (password kept)")


# --- one transaction -------------------------------------------------------------------

def _post_unrecorded(c, path):
    """A POST that vbtest does not record: the 500 it provokes comes from a
    trigger this test planted, so it must not count against the run's
    no_500_responses check."""
    conn = http.client.HTTPConnection(vbtest.HOST, vbtest.PORT, timeout=20, source_address=(c.addr, 0))
    try:
        conn.request("POST", path, body=b"{}", headers={
            "Content-Type": "application/json", "X-Vestibule-Csrf": "1",
            "Cookie": "%s=%s" % (c.cookie_name, c.token)})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def _failing(what, table, event, cond):
    """Plants a trigger that makes the statement at one step fail; returns
    its name (drop it with DROP TRIGGER)."""
    name = "itests_" + uniq("trg").replace("-", "_")
    sql_script("DELIMITER //\nCREATE TRIGGER %s %s ON %s FOR EACH ROW IF %s THEN SIGNAL SQLSTATE '45000' "
               "SET MESSAGE_TEXT = 'provoked by an integration test: %s'; END IF//\nDELIMITER ;\n"
               % (name, event, table, cond, what.replace("'", "")))
    return name


def test_reset_is_one_transaction():
    """A failure at any step of the reset leaves the site as it was."""
    inst, ic = installer_client()
    s, members, _ = _furnish(ic, inst)
    sid, ident = s["id"], s["identity_id"]
    steps = (
        ("the audit row", "audit_log", "BEFORE INSERT",
         "NEW.action = 'site.reset' AND NEW.tenant_id = %d" % inst.id),
        ("releasing the master identity", "resident_identities", "BEFORE DELETE", "OLD.id = %d" % ident),
        ("clearing the site's contact", "sites", "BEFORE UPDATE",
         "NEW.id = %d AND NEW.email = '' AND OLD.email <> ''" % sid),
        ("deleting the alarms", "alarms", "BEFORE DELETE", "OLD.site_id = %d" % sid),
        ("deleting the family members", "family_members", "BEFORE DELETE", "OLD.site_id = %d" % sid),
    )
    for what, table, event, cond in steps:
        name = _failing(what, table, event, cond)
        try:
            with sites_unchanged([inst.id], "a reset that failed at %s" % what):
                status, body = _post_unrecorded(ic, site_path(sid, "reset"))
                check(status == 500, "a reset failing at %s answered %d %r" % (what, status, body[:200]))
                err = json.loads(body.decode()).get("error", {})
                check(err.get("code"), "the 500 is not in the error shape: %r" % body[:200])
        finally:
            sql_script("DROP TRIGGER IF EXISTS %s" % name)
    r = expect(ic.post(site_path(sid, "reset")), 200).json
    eq(r["removed"]["family_members"], 4, "the reset once nothing stands in its way")
