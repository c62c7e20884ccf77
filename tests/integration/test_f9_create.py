"""F9: creating a single-family site (the master account and the house's
settings, then video storage and smart home), every field validated, the
defaults, the rules that span fields, linked sites and the welcome e-mail in
the site's language."""

import concurrent.futures
import datetime
import re

from vbtest import (Client, CREDENTIAL_KINDS, ISO_RE, SITE_LANGUAGES, SITES, audit_mark, check,
                    check_site_shape, eq, expect, expect_audit, get_site,
                    identity_db, installer_client, mail_mark, new_family, new_site, outbox_since,
                    password_in, site_body, site_db, site_path, sites_unchanged, sql, sql_int,
                    uniq, uniq_email, wait_eml, wait_outbox)

_shared = []


def _inst():
    """One installer for the validation tests (each checks that its refused
    requests change nothing, so sharing one is safe)."""
    if not _shared:
        _shared.append(installer_client())
    return _shared[0]


def _iso(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")


# --- create with every field ---------------------------------------------------

FULL = {
    "room_name": "Ryan's Home",
    "country_code": "+44",
    "mobile": "+447700900123",
    "address": "12 Acacia Avenue, Leeds",
    "call_mode": "ip",
    "time_zone": "Europe/London",
    "language": "de",
    "time_format": "12h",
    "landline1": "+442079460001",
    "landline2": "+442079460002",
    "landline3": "+33140000003",
    "premium_plan": True,
    "landline_service": True,
    "with_indoor_monitor": True,
    "video_storage": True,
    "video_plan": "subscription",
    "video_days": 60,
    "video_device_count": 3,
    "video_models": ["X915", "A01", "R29"],
    "video_audio": True,
    "smart_home": True,
}


def test_create_with_every_field():
    inst, ic = _inst()
    body = site_body(**FULL)
    m = audit_mark()
    r = expect(ic.post(SITES, body), 201)
    s = check_site_shape(r.json)
    eq(r.header("Location"), "/api/sites/%d" % s["id"], "Location header")
    for k, v in body.items():
        want = sorted(v) if k == "video_models" else v
        eq(s[k], want, "SITE.%s after create" % k)
    eq((s["status"], s["expires_at"]), ("normal", None), "status and expiry of a new site")
    eq((s["family_count"], s["family_free"], s["additional_apps"]), (0, 3, 0), "family counts")
    eq((s["linked_sites"], s["contact_locked"], s["app_registered"], s["last_reset_at"]),
       (1, False, False, None), "identity state of a new site")
    check(isinstance(s["identity_id"], int), "no identity_id: %r" % s)
    check(s["sip_number"] != s["family_sip_number"], "sip_number equals family_sip_number: %r" % s)
    check(ISO_RE.match(s["smart_home_since"] or ""), "smart_home_since not set: %r" % s)
    trial = _iso(s["video_trial_ends_at"]) - _iso(s["created_at"])
    check(abs(trial - datetime.timedelta(days=7)) < datetime.timedelta(minutes=5),
          "video_trial_ends_at is not created_at + 7 days: %r" % s)
    # what the installer reads back is what was answered
    g = get_site(ic, s["id"])
    for k in body:
        eq(g[k], s[k], "GET SITE.%s" % k)
    # and what is stored
    row = site_db(s["id"])
    eq((int(row["installer_id"]), row["email"], row["mobile"], row["status"]),
       (inst.id, body["email"], body["mobile"], "normal"), "sites row")
    eq(sql("SELECT model FROM site_video_models WHERE site_id = %d ORDER BY model" % s["id"]),
       [["A01"], ["R29"], ["X915"]], "site_video_models rows")
    ident = identity_db(s["identity_id"])
    eq((ident["kind"], ident["email"], ident["country_code"], ident["mobile"], int(ident["installer_id"])),
       ("master", body["email"], "+44", "+447700900123", inst.id), "the master identity")
    check(ident["password_hash"] and ident["password_hash"].startswith("$scrypt$"),
          "the identity has no scrypt password: %r" % ident["password_hash"])
    eq(ident["must_change_password"], "1", "must_change_password of a new identity")
    a = expect_audit(m, "site.create", inst.id, s["id"], actor=inst.id)
    eq((a["detail"] or {}).get("linked"), False, "site.create detail.linked")


def test_create_defaults():
    inst, ic = installer_client()
    sql("UPDATE installer_settings SET time_zone = 'America/Sao_Paulo' WHERE installer_id = %d" % inst.id)
    s = check_site_shape(new_site(ic))
    want = {"time_zone": "America/Sao_Paulo", "language": "en", "time_format": "24h",
            "call_mode": "sip", "room_name": "", "country_code": "", "mobile": "", "address": "",
            "landline1": "", "landline2": "", "landline3": "", "premium_plan": False,
            "landline_service": False, "with_indoor_monitor": False, "video_storage": False,
            "video_plan": None, "video_days": None, "video_device_count": None, "video_models": [],
            "video_audio": False, "video_trial_ends_at": None, "smart_home": False,
            "smart_home_since": None, "status": "normal", "expires_at": None,
            "family_count": 0, "family_free": 3, "additional_apps": 0}
    for k, v in want.items():
        eq(s[k], v, "default SITE.%s" % k)


def test_create_time_zone_utc_without_installer_settings():
    inst, ic = installer_client()
    sql("DELETE FROM installer_settings WHERE installer_id = %d" % inst.id)
    eq(new_site(ic)["time_zone"], "UTC", "time zone of an installer without settings")
    eq(new_site(ic, time_zone="Asia/Tokyo")["time_zone"], "Asia/Tokyo", "a chosen time zone")


def test_create_requires_name_and_email():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "creates without name or e-mail"):
        expect(ic.post(SITES, {"email": uniq_email("x")}), 400, "missing_field", "name")
        expect(ic.post(SITES, {"name": "No Mail"}), 400, "missing_field", "email")
        r = expect(ic.post(SITES, {"name": None, "email": uniq_email("x")}), 400)
        check(r.code in ("missing_field", "invalid_field") and r.error.get("field") == "name",
              "null name: %r" % r)
        r = expect(ic.post(SITES, {"name": "Null Mail", "email": None}), 400)
        check(r.code in ("missing_field", "invalid_field") and r.error.get("field") == "email",
              "null e-mail on create: %r" % r)


# --- each field validated ----------------------------------------------------------

# field -> (other fields the body needs so only this one is wrong, bad values)
_VIDEO_ON = {"video_storage": True, "video_plan": "subscription"}
BAD_VALUES = {
    "name": ({}, ["", "n" * 65, 5, True, ["x"], {"a": 1}, "a\u0000b", "line\nbreak", "\u001b[31m"]),
    "room_name": ({}, ["r" * 65, 7, False, ["x"], "tab\there", "\u007f"]),
    "email": ({}, ["not-an-email", "a@", "@example.com", "a b@example.com", "a@b@example.com", 42,
                   "x" * 250 + "@example.com", "", "<a@example.com>", ["a@example.com"]]),
    "country_code": ({}, ["44", "+0", "+012", "+12345", "+4a", "+", 44, "+44 ", "++44"]),
    "mobile": ({"country_code": "+44"}, ["07700900123", "+44", "+4477009001234567",
                                         "+44 7700 900123", "+44-7700-900123", "447700900123",
                                         447700900123, "+44abc1234567", ""]),
    "address": ({}, ["a" * 256, 1, "a\u0000", ["street"]]),
    "call_mode": ({}, ["SIP CALL", "pstn", "", 1, True]),
    "time_zone": ({}, ["Mars/Olympus", "UTC+2", "../../../etc/passwd", "", 3, "Europe/London\n",
                       "/etc/localtime", "Europe/"]),
    "language": ({}, ["english", "xx", "zh", "", 5, "en-US", "klingon", ["en"]]),
    "time_format": ({}, ["24", "12", "am/pm", "", 24, True]),
    "landline1": ({}, ["12345", "+0", "abc", 123, "+44 20 7946 0000", "+4420794600001234567"]),
    "landline2": ({}, ["020 7946 0000", "+", 442079460000, "+44x2079460000"]),
    "landline3": ({}, ["0044207946000", "+0207946000", True, "+442079460000;"]),
    "premium_plan": ({}, ["true", 1, 0, "yes"]),
    "landline_service": ({}, ["true", 1, "on"]),
    "with_indoor_monitor": ({}, ["false", 1, "no"]),
    "video_storage": ({}, ["on", 1, "true"]),
    "video_plan": ({"video_storage": True}, ["free", "Trial", "", 1, True]),
    "video_days": (_VIDEO_ON, [29, 91, "30", 30.5, -30, 0, True, 120]),
    "video_device_count": (_VIDEO_ON, [0, 51, "2", -1, 1.5, False]),
    "video_models": (dict(_VIDEO_ON, video_device_count=50),
                     ["A01", {"a": "b"}, 5, True, ["A01", "A01"], [1], [None], [""], ["m" * 65],
                      [["A01"]], ["a\u0000"], ["m%d" % i for i in range(51)]]),
    "video_audio": (_VIDEO_ON, ["true", 1]),
    "smart_home": ({}, ["yes", 1, "false"]),
    "link_existing": ({}, ["true", 1]),
}


def _field_test(field):
    extra, bads = BAD_VALUES[field]

    def test():
        inst, ic = _inst()
        with sites_unchanged([inst.id], "creates with a bad %s" % field):
            for bad in bads:
                body = site_body(**extra)
                body[field] = bad
                r = ic.post(SITES, body)
                if r.status != 400 or r.code != "invalid_field" or r.error.get("field") != field:
                    expect(r, 400, "invalid_field", field)   # fails, naming the value
    test.__name__ = "test_create_refuses_bad_" + field
    return test


for _f in BAD_VALUES:
    globals()["test_create_refuses_bad_" + _f] = _field_test(_f)
del _f


def test_create_unknown_fields_refused():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "creates with fields the installer may not set"):
        for k, v in (("status", "normal"), ("installer_id", inst.id), ("sip_number", "6100000001"),
                     ("family_sip_number", "6100000002"), ("family_free", 10),
                     ("additional_apps", 5), ("identity_id", 1), ("expires_at", None),
                     ("video_trial_ends_at", "2030-01-01T00:00:00.000Z"), ("id", 1),
                     ("app_registered", True), ("family_count", 0)):
            body = site_body()
            body[k] = v
            expect(ic.post(SITES, body), 400, "unknown_field", k)


# --- rules that span fields ----------------------------------------------------------

def test_mobile_must_start_with_country_code():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "mobile numbers that do not fit the country code"):
        expect(ic.post(SITES, site_body(country_code="+44", mobile="+33612345678")), 400,
               "invalid_field", "mobile")
        expect(ic.post(SITES, site_body(country_code="+1", mobile="+447700900123")), 400,
               "invalid_field", "mobile")
        expect(ic.post(SITES, site_body(mobile="+447700900123")), 400, "invalid_field", "country_code")
        expect(ic.post(SITES, site_body(country_code="", mobile="+447700900123")), 400,
               "invalid_field", "country_code")
    s = new_site(ic, country_code="+1", mobile="+12025550123")
    eq((s["country_code"], s["mobile"]), ("+1", "+12025550123"), "a fitting pair")
    s = new_site(ic, country_code="+1876", mobile="+18765550123")
    eq((s["country_code"], s["mobile"]), ("+1876", "+18765550123"), "a four-digit calling code")
    s = new_site(ic, country_code="+49")
    eq((s["country_code"], s["mobile"]), ("+49", ""), "a country code without a mobile")


def test_landline_service_requires_premium_plan():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "landline service without the premium plan"):
        expect(ic.post(SITES, site_body(landline_service=True)), 422, "premium_plan_required",
               "landline_service")
        expect(ic.post(SITES, site_body(landline_service=True, premium_plan=False)), 422,
               "premium_plan_required", "landline_service")
    s = new_site(ic, landline_service=True, premium_plan=True)
    eq((s["premium_plan"], s["landline_service"]), (True, True), "landline service with premium")
    s = new_site(ic, premium_plan=True)
    eq((s["premium_plan"], s["landline_service"]), (True, False), "premium without landline service")


def test_landline_service_requires_premium_plan_on_edit():
    inst, ic = _inst()
    plain = new_site(ic)
    both = new_site(ic, landline_service=True, premium_plan=True)
    with sites_unchanged([inst.id], "edits leaving landline service without premium"):
        expect(ic.patch(site_path(plain["id"]), {"landline_service": True}), 422,
               "premium_plan_required", "landline_service")
        expect(ic.patch(site_path(both["id"]), {"premium_plan": False}), 422,
               "premium_plan_required", "landline_service")
    r = expect(ic.patch(site_path(both["id"]), {"premium_plan": False, "landline_service": False}), 200)
    eq((r.json["premium_plan"], r.json["landline_service"]), (False, False), "both off together")
    r = expect(ic.patch(site_path(plain["id"]), {"premium_plan": True, "landline_service": True}), 200)
    eq((r.json["premium_plan"], r.json["landline_service"]), (True, True), "both on together")


# --- video storage ---------------------------------------------------------------

def test_video_plan_required():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "video storage without a plan"):
        expect(ic.post(SITES, site_body(video_storage=True)), 400, "missing_field", "video_plan")
        expect(ic.post(SITES, site_body(video_storage=True, video_days=30)), 400, "missing_field",
               "video_plan")


def test_video_trial_days_fixed_at_30():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "a trial with other than 30 days"):
        for d in (60, 90):
            expect(ic.post(SITES, site_body(video_storage=True, video_plan="trial", video_days=d)), 422,
                   "trial_days_fixed", "video_days")
    s = new_site(ic, video_storage=True, video_plan="trial")
    eq((s["video_storage"], s["video_plan"], s["video_days"], s["video_device_count"]),
       (True, "trial", 30, 1), "a trial's defaults")
    trial = _iso(s["video_trial_ends_at"]) - _iso(s["created_at"])
    check(abs(trial - datetime.timedelta(days=7)) < datetime.timedelta(minutes=5),
          "the trial does not end 7 days after creation: %r" % s)
    s = new_site(ic, video_storage=True, video_plan="trial", video_days=30)
    eq(s["video_days"], 30, "a trial with video_days 30")


def test_video_subscription_days():
    inst, ic = _inst()
    for d in (30, 60, 90):
        s = new_site(ic, video_storage=True, video_plan="subscription", video_days=d)
        eq((s["video_plan"], s["video_days"]), ("subscription", d), "subscription of %d days" % d)
        check(s["video_trial_ends_at"] is not None, "a subscription includes 7 free days: %r" % s)
    s = new_site(ic, video_storage=True, video_plan="subscription")
    eq((s["video_days"], s["video_device_count"]), (30, 1), "subscription defaults")
    with sites_unchanged([inst.id], "subscription days other than 30/60/90"):
        for d in (31, 45, 59, 61, 89):
            expect(ic.post(SITES, site_body(video_storage=True, video_plan="subscription", video_days=d)),
                   400, "invalid_field", "video_days")


def test_video_models_at_most_device_count():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "more video models than stored devices"):
        expect(ic.post(SITES, site_body(video_storage=True, video_plan="trial",
                                        video_models=["A01", "R29"])), 422, "too_many_video_models",
               "video_models")
        expect(ic.post(SITES, site_body(video_storage=True, video_plan="subscription",
                                        video_device_count=2, video_models=["A01", "R29", "X915"])),
               422, "too_many_video_models", "video_models")
    s = new_site(ic, video_storage=True, video_plan="subscription", video_device_count=2,
                 video_models=["X915", "A01"])
    eq((s["video_device_count"], s["video_models"]), (2, ["A01", "X915"]), "two models for two devices")
    s = new_site(ic, video_storage=True, video_plan="subscription", video_device_count=5,
                 video_models=["A01"])
    eq((s["video_device_count"], s["video_models"]), (5, ["A01"]), "fewer models than devices")
    # lowering the count below the stored models is refused too
    with sites_unchanged([inst.id], "a device count below the models"):
        expect(ic.patch(site_path(s["id"]), {"video_device_count": 1, "video_models": ["A01", "R29"]}),
               422, "too_many_video_models", "video_models")


def test_video_model_names_stored_intact():
    """main.c admits model names of 1..64 characters; a long one is kept
    whole (or refused as invalid), never a 500 or a cut name."""
    inst, ic = _inst()
    long_name = "Model-" + "x" * 58
    r = ic.post(SITES, site_body(video_storage=True, video_plan="subscription", video_device_count=2,
                                 video_models=[long_name, "Ünïcødé 型号"]))
    if r.status == 201:
        eq(r.json["video_models"], sorted([long_name, "Ünïcødé 型号"]), "long and non-ASCII model names")
        eq(get_site(ic, r.json["id"])["video_models"], sorted([long_name, "Ünïcødé 型号"]),
           "model names read back")
    else:
        expect(r, 400, "invalid_field", "video_models")


def test_video_trial_only_once():
    inst, ic = _inst()
    s = new_site(ic, video_storage=True, video_plan="trial", video_models=["A01"], video_audio=True)
    ends = s["video_trial_ends_at"]
    r = expect(ic.patch(site_path(s["id"]), {"video_storage": False}), 200).json
    eq((r["video_storage"], r["video_plan"], r["video_days"], r["video_device_count"], r["video_models"],
        r["video_audio"]), (False, None, None, None, [], False), "video settings after turning it off")
    eq(r["video_trial_ends_at"], ends, "video_trial_ends_at kept after turning video storage off")
    eq(sql_int("SELECT COUNT(*) FROM site_video_models WHERE site_id = %d" % s["id"]), 0,
       "site_video_models rows after turning it off")
    with sites_unchanged([inst.id], "a second trial"):
        expect(ic.patch(site_path(s["id"]), {"video_storage": True, "video_plan": "trial"}), 422,
               "trial_used", "video_plan")
    r = expect(ic.patch(site_path(s["id"]), {"video_storage": True, "video_plan": "subscription",
                                             "video_days": 90}), 200).json
    eq((r["video_storage"], r["video_plan"], r["video_days"]), (True, "subscription", 90),
       "a subscription after the trial")


def test_video_fields_refused_while_storage_off():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "video fields without video storage"):
        for k, v in (("video_plan", "trial"), ("video_days", 60), ("video_device_count", 2),
                     ("video_models", ["A01"]), ("video_audio", True)):
            expect(ic.post(SITES, site_body(**{k: v})), 422, "video_storage_off", k)
            expect(ic.post(SITES, site_body(video_storage=False, **{k: v})), 422, "video_storage_off", k)
    s = new_site(ic)
    with sites_unchanged([inst.id], "video fields on a site without video storage"):
        expect(ic.patch(site_path(s["id"]), {"video_days": 60}), 422, "video_storage_off", "video_days")
        expect(ic.patch(site_path(s["id"]), {"video_models": ["A01"]}), 422, "video_storage_off",
               "video_models")
    on = new_site(ic, video_storage=True, video_plan="subscription")
    r = expect(ic.patch(site_path(on["id"]), {"video_days": 90, "video_audio": True}), 200).json
    eq((r["video_days"], r["video_audio"]), (90, True), "video fields while it is already on")


# --- smart home ------------------------------------------------------------------

def test_smart_home_cannot_be_turned_off():
    inst, ic = _inst()
    s = new_site(ic, smart_home=True)
    since = s["smart_home_since"]
    check(since is not None, "smart_home_since not set: %r" % s)
    with sites_unchanged([inst.id], "turning smart home off"):
        expect(ic.patch(site_path(s["id"]), {"smart_home": False}), 422, "smart_home_permanent")
        expect(ic.patch(site_path(s["id"]), {"smart_home": False, "name": "Renamed"}), 422,
               "smart_home_permanent")
    r = expect(ic.patch(site_path(s["id"]), {"smart_home": True}), 200).json
    eq((r["smart_home"], r["smart_home_since"]), (True, since), "smart home on again keeps its date")
    off = new_site(ic)
    eq((off["smart_home"], off["smart_home_since"]), (False, None), "smart home off by default")
    r = expect(ic.patch(site_path(off["id"]), {"smart_home": True}), 200).json
    check(r["smart_home"] is True and r["smart_home_since"], "smart home turned on by edit: %r" % r)
    expect(ic.patch(site_path(off["id"]), {"smart_home": False}), 422, "smart_home_permanent")
    eq(get_site(ic, off["id"])["smart_home"], True, "smart home after the refused PATCH")


# --- e-mail and linked sites ----------------------------------------------------------

def test_email_in_use():
    inst, ic = installer_client()
    s = new_site(ic)
    member = new_family(ic, s["id"])
    with sites_unchanged([inst.id], "creates with a taken e-mail"):
        expect(ic.post(SITES, site_body(email=s["email"])), 409, "email_in_use", "email")
        expect(ic.post(SITES, site_body(email=s["email"].upper())), 409, "email_in_use", "email")
        expect(ic.post(SITES, site_body(email=s["email"], link_existing=False)), 409, "email_in_use",
               "email")
        expect(ic.post(SITES, site_body(email=member["email"])), 409, "email_in_use", "email")
        # a family member's identity is not a master identity to link to
        r = ic.post(SITES, site_body(email=member["email"], link_existing=True))
        check((r.status, r.code) in ((409, "email_in_use"), (422, "nothing_to_link")),
              "linking to a family member's e-mail: %r" % r)
        expect(r, r.status)


def test_email_in_use_across_installers():
    inst_a, ca = installer_client()
    inst_b, cb = installer_client()
    s = new_site(ca)
    with sites_unchanged([inst_a.id, inst_b.id], "another installer's resident e-mail"):
        expect(cb.post(SITES, site_body(email=s["email"])), 409, "email_in_use", "email")
        r = cb.post(SITES, site_body(email=s["email"], link_existing=True))
        check((r.status, r.code) in ((409, "email_in_use"), (422, "nothing_to_link")),
              "linking to another installer's resident: %r" % r)
        expect(r, r.status)
    eq(get_site(ca, s["id"])["linked_sites"], 1, "the other installer's site is not linked")


def test_link_existing_shares_the_identity():
    inst, ic = installer_client()
    a = new_site(ic, country_code="+44", mobile="+447700900555")
    mark = mail_mark(a["email"])
    m = audit_mark()
    b = expect(ic.post(SITES, site_body(email=a["email"], link_existing=True)), 201).json
    check_site_shape(b)
    eq(b["identity_id"], a["identity_id"], "identity of the linked site")
    eq((b["email"], b["country_code"], b["mobile"]), (a["email"], "+44", "+447700900555"),
       "the linked site's contact copies")
    eq((b["linked_sites"], b["contact_locked"]), (2, True), "the new linked site")
    ga = get_site(ic, a["id"])
    eq((ga["linked_sites"], ga["contact_locked"]), (2, True), "the first site, now linked")
    check(b["sip_number"] not in (a["sip_number"], a["family_sip_number"]),
          "the linked site has SIP numbers of its own: %r / %r" % (a, b))
    eq(sql_int("SELECT COUNT(*) FROM resident_identities WHERE email = '%s'" % a["email"]), 1,
       "identities with the e-mail")
    a_row = expect_audit(m, "site.create", inst.id, b["id"])
    eq((a_row["detail"] or {}).get("linked"), True, "site.create detail.linked of a linked site")
    # the same contact may be repeated; a different one is refused
    c = expect(ic.post(SITES, site_body(email=a["email"], link_existing=True, country_code="+44",
                                        mobile="+447700900555")), 201).json
    eq(c["linked_sites"], 3, "linked_sites of a third site")
    with sites_unchanged([inst.id], "linking with another contact"):
        expect(ic.post(SITES, site_body(email=a["email"], link_existing=True, mobile="+447700900999",
                                        country_code="+44")), 422, "contact_locked")
        expect(ic.post(SITES, site_body(email=a["email"], link_existing=True, country_code="+33")),
               422, "contact_locked")
    # a linked site gets no new password and no mail
    ident = identity_db(a["identity_id"])
    eq(outbox_since(mark, a["email"]), [], "mail to the resident after linking")
    check(ident["password_hash"], "the shared identity lost its password")


def test_same_email_created_twice_at_once():
    inst, ic = installer_client()
    addr = uniq_email("twice")
    bodies = [site_body(email=addr) for _ in range(4)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
        rs = list(ex.map(lambda b: Client(addr=ic.addr, token=ic.token).post(SITES, b), bodies))
    eq(sorted(r.status for r in rs), [201, 409, 409, 409], "creates of one e-mail at once: %r"
       % [(r.status, r.code) for r in rs])
    for r in rs:
        if r.status == 409:
            expect(r, 409, "email_in_use", "email")
    eq(sql_int("SELECT COUNT(*) FROM resident_identities WHERE email = '%s'" % addr), 1,
       "identities with the e-mail")
    eq(sql_int("SELECT COUNT(*) FROM sites WHERE email = '%s'" % addr), 1, "sites with the e-mail")


def test_link_existing_nothing_to_link():
    inst, ic = _inst()
    with sites_unchanged([inst.id], "linking to nobody"):
        expect(ic.post(SITES, site_body(link_existing=True)), 422, "nothing_to_link", "link_existing")


# --- welcome mail -------------------------------------------------------------------

def _welcome(ic, **kw):
    """Creates a site and returns (site, subject, body, password) of its
    queued welcome mail; the password is checked against the stored hash."""
    body = site_body(**kw)
    mark = mail_mark(body["email"])
    s = new_site(ic, **body)
    _, subject, text = wait_outbox(s["email"], mark)
    stored = identity_db(s["identity_id"])["password_hash"]
    pw = password_in(text, stored)
    check(pw, "the welcome mail (%s) holds no password matching the resident's: %r"
          % (s["language"], text[:600]))
    return s, subject, text, pw


def test_welcome_mail_facts():
    inst, ic = installer_client()
    company = "Acme Intercoms " + uniq("co")
    help_mail = uniq_email("help")
    sql("UPDATE accounts SET name = '%s' WHERE id = %d" % (company, inst.id))
    sql("UPDATE installer_settings SET customer_service_phone = '+442079460018', "
        "customer_service_email = '%s' WHERE installer_id = %d" % (help_mail, inst.id))
    s, subject, text, pw = _welcome(ic, name="Ada Lovelace", room_name="Ada's Flat")
    check(subject.strip(), "the welcome mail has no subject")
    for what, fact in (("name", "Ada Lovelace"), ("room name", "Ada's Flat"), ("login", s["email"]),
                       ("SIP number", s["sip_number"]), ("family SIP number", s["family_sip_number"]),
                       ("installer", company), ("customer-service phone", "+442079460018"),
                       ("customer-service e-mail", help_mail)):
        check(fact in text, "the welcome mail lacks the %s %r: %r" % (what, fact, text))
    check(pw not in subject, "the password is in the subject")
    mail = wait_eml(s["email"], pw)
    check(s["sip_number"] in mail.text, "the delivered mail lacks the SIP number")
    eq(mail.msg.get_content_type(), "text/plain", "content type of the welcome mail")


_SCRIPTS = {
    "ja": r"[\u3040-\u30ff\u4e00-\u9fff]", "zh-Hans": r"[\u4e00-\u9fff]", "zh-Hant": r"[\u4e00-\u9fff]",
    "ko": r"[\uac00-\ud7af]", "ru": r"[\u0400-\u04ff]", "uk": r"[\u0400-\u04ff]",
    "he": r"[\u0590-\u05ff]", "fa": r"[\u0600-\u06ff]",
}


def _skeleton(text, s, pw):
    for fact in (pw, s["email"], s["sip_number"], s["family_sip_number"], s["name"], s["room_name"]):
        if fact:
            text = text.replace(fact, "#")
    return text


def test_welcome_mail_in_the_sites_language():
    inst, ic = installer_client()
    mails = {}
    for lang in SITE_LANGUAGES:
        s, subject, text, pw = _welcome(ic, language=lang, room_name="Haus " + lang)
        for what, fact in (("name", s["name"]), ("login", s["email"]), ("SIP number", s["sip_number"]),
                           ("family SIP number", s["family_sip_number"])):
            check(fact in text, "the %s welcome mail lacks the %s %r" % (lang, what, fact))
        mails[lang] = (subject, _skeleton(text, s, pw), s, pw)
    en_subject, en_body = mails["en"][0], mails["en"][1]
    same = [l for l in SITE_LANGUAGES if l != "en" and mails[l][0] == en_subject]
    check(not same, "the welcome mail subject is the English one in %s: %r" % (same, en_subject))
    same = [l for l in SITE_LANGUAGES if l != "en" and mails[l][1] == en_body]
    check(not same, "the welcome mail body is the English one in %s" % same)
    for lang, script in _SCRIPTS.items():
        check(re.search(script, mails[lang][0] + mails[lang][1]),
              "the %s welcome mail is not written in its script: %r" % (lang, mails[lang][1][:300]))
    # delivered as UTF-8 text, the script intact
    for lang in ("ja", "ru", "he"):
        s, pw = mails[lang][2], mails[lang][3]
        mail = wait_eml(s["email"], pw)
        check(re.search(_SCRIPTS[lang], mail.text), "the delivered %s mail lost its script" % lang)


def test_no_welcome_mail_for_refused_create():
    inst, ic = _inst()
    addr = uniq_email("refused")
    mark = mail_mark(addr)
    expect(ic.post(SITES, site_body(email=addr, landline_service=True)), 422)
    eq(outbox_since(mark, addr), [], "mail after a refused create")


# --- status -----------------------------------------------------------------------

def test_status_normal_and_expiry_modelled():
    inst, ic = _inst()
    s = new_site(ic)
    eq((s["status"], s["expires_at"]), ("normal", None), "a new site (no billing yet)")
    sql("UPDATE sites SET status = 'inactivated' WHERE id = %d" % s["id"])
    eq(get_site(ic, s["id"])["status"], "inactivated", "status set by billing")
    sql("UPDATE sites SET status = 'normal', expires_at = '2031-05-06 07:08:09.010' WHERE id = %d" % s["id"])
    g = get_site(ic, s["id"])
    eq((g["status"], g["expires_at"]), ("normal", "2031-05-06T07:08:09.010Z"), "status and expiry")
    sql("UPDATE sites SET status = 'expired' WHERE id = %d" % s["id"])
    eq(get_site(ic, s["id"])["status"], "expired", "an expired site")
    # the installer cannot set them
    with sites_unchanged([inst.id], "setting status by PATCH"):
        expect(ic.patch(site_path(s["id"]), {"status": "normal"}), 400, "unknown_field", "status")
        expect(ic.patch(site_path(s["id"]), {"expires_at": None}), 400, "unknown_field", "expires_at")


def test_premium_expiry_shown():
    inst, ic = _inst()
    s = new_site(ic, premium_plan=True)
    sql("UPDATE sites SET premium_expires_at = '2030-11-26 08:00:00.000' WHERE id = %d" % s["id"])
    g = get_site(ic, s["id"])
    eq((g["premium_plan"], g["premium_expires_at"]), (True, "2030-11-26T08:00:00.000Z"),
       "premium plan status and expiry")


def test_created_site_has_no_credentials_or_logs():
    inst, ic = _inst()
    s = new_site(ic)
    for t in ("access_credentials", "door_logs", "call_logs", "site_messages", "alarms",
              "family_members"):
        eq(sql_int("SELECT COUNT(*) FROM %s WHERE site_id = %d" % (t, s["id"])), 0, "%s of a new site" % t)
    eq(len(CREDENTIAL_KINDS), 6, "credential kinds")
