"""F12: editing a site.  Any field can change under the create rules; the
e-mail, mobile and country code are locked while the master's identity is
shared by linked sites."""

import time

from vbtest import (SITES, audit_mark, audit_rows, check, check_site_shape, eq, expect,
                    expect_audit, get_site, identity_by_email, identity_db, installer_client,
                    mail_mark, new_site, password_in, site_body, site_db, site_path,
                    sites_unchanged, uniq_email, wait_outbox)

CHANGES = {
    "name": "New Name", "room_name": "Blue House", "address": "1 New Road", "call_mode": "ip",
    "time_zone": "Australia/Sydney", "language": "ja", "time_format": "12h",
    "landline1": "+61290000001", "landline2": "+61290000002", "landline3": "+61290000003",
    "premium_plan": True, "landline_service": True, "with_indoor_monitor": True,
    "smart_home": True,
}


def test_edit_every_setting():
    inst, ic = installer_client()
    s = new_site(ic)
    time.sleep(0.01)
    m = audit_mark()
    r = check_site_shape(expect(ic.patch(site_path(s["id"]), CHANGES), 200).json)
    for k, v in CHANGES.items():
        eq(r[k], v, "SITE.%s after PATCH" % k)
    g = get_site(ic, s["id"])
    for k, v in CHANGES.items():
        eq(g[k], v, "SITE.%s read back" % k)
    check(g["updated_at"] > s["updated_at"], "updated_at did not advance: %r -> %r"
          % (s["updated_at"], g["updated_at"]))
    for k in ("id", "email", "sip_number", "family_sip_number", "identity_id", "created_at", "status"):
        eq(g[k], s[k], "SITE.%s kept by an edit" % k)
    a = expect_audit(m, "site.update", inst.id, s["id"], actor=inst.id)
    eq(sorted((a["detail"] or {}).get("fields") or []), sorted(CHANGES), "site.update detail.fields")


def test_edit_names_only_changed_fields_in_audit():
    inst, ic = installer_client()
    s = new_site(ic, room_name="Same Room")
    m = audit_mark()
    expect(ic.patch(site_path(s["id"]), {"room_name": "Same Room", "address": "2 Changed St"}), 200)
    a = expect_audit(m, "site.update", inst.id, s["id"])
    eq((a["detail"] or {}).get("fields"), ["address"], "site.update detail.fields")


def test_edit_empty_body_changes_nothing():
    inst, ic = installer_client()
    s = new_site(ic)
    m = audit_mark()
    with sites_unchanged([inst.id], "an empty PATCH"):
        r = expect(ic.patch(site_path(s["id"]), {}), 200)
    eq(r.json, get_site(ic, s["id"]), "answer to an empty PATCH")
    eq(audit_rows(m, tenant=inst.id), [], "audit rows after an empty PATCH")


def test_edit_validates_like_create():
    inst, ic = installer_client()
    s = new_site(ic)
    p = site_path(s["id"])
    with sites_unchanged([inst.id], "refused edits"):
        for k, bad in (("name", ""), ("name", "n" * 65), ("email", "nope"), ("time_zone", "Nowhere/City"),
                       ("language", "xx"), ("call_mode", "pstn"), ("time_format", "25h"),
                       ("landline1", "12345"), ("premium_plan", "yes"), ("video_days", "60"),
                       ("country_code", "+0"), ("address", "a" * 256)):
            expect(ic.patch(p, {k: bad}), 400, "invalid_field", k)
        expect(ic.patch(p, {"name": None}), 400)
        expect(ic.patch(p, {"link_existing": True}), 400, "unknown_field", "link_existing")
        expect(ic.patch(p, {"sip_number": "1"}), 400, "unknown_field", "sip_number")


def test_edit_contact_of_an_unlinked_site():
    inst, ic = installer_client()
    s = new_site(ic, country_code="+44", mobile="+447700900100")
    new_mail = uniq_email("moved")
    r = expect(ic.patch(site_path(s["id"]), {"email": new_mail, "country_code": "+33",
                                             "mobile": "+33612345600"}), 200).json
    eq((r["email"], r["country_code"], r["mobile"], r["identity_id"]),
       (new_mail, "+33", "+33612345600", s["identity_id"]), "contact after the edit")
    ident = identity_db(s["identity_id"])
    eq((ident["email"], ident["country_code"], ident["mobile"]), (new_mail, "+33", "+33612345600"),
       "the identity follows the edit")
    row = site_db(s["id"])
    eq((row["email"], row["mobile"]), (new_mail, "+33612345600"), "the site's copies")
    # the old address is free again
    new_site(ic, email=s["email"])


def test_edit_email_in_use():
    inst, ic = installer_client()
    a, b = new_site(ic), new_site(ic)
    other_inst, oc = installer_client()
    other = new_site(oc)
    with sites_unchanged([inst.id, other_inst.id], "taking a used e-mail by edit"):
        expect(ic.patch(site_path(a["id"]), {"email": b["email"]}), 409, "email_in_use", "email")
        expect(ic.patch(site_path(a["id"]), {"email": other["email"]}), 409, "email_in_use", "email")


def test_edit_own_email_again_is_fine():
    inst, ic = installer_client()
    s = new_site(ic)
    r = expect(ic.patch(site_path(s["id"]), {"email": s["email"], "name": "Same Mail"}), 200).json
    eq((r["email"], r["name"]), (s["email"], "Same Mail"), "re-sending the same e-mail")


def test_edit_mobile_must_start_with_country_code():
    inst, ic = installer_client()
    s = new_site(ic, country_code="+44", mobile="+447700900200")
    bare = new_site(ic)
    with sites_unchanged([inst.id], "mobiles that do not fit the country code"):
        expect(ic.patch(site_path(s["id"]), {"mobile": "+33612345678"}), 400, "invalid_field", "mobile")
        expect(ic.patch(site_path(s["id"]), {"country_code": "+1", "mobile": "+447700900200"}), 400,
               "invalid_field", "mobile")
        expect(ic.patch(site_path(bare["id"]), {"mobile": "+447700900200"}), 400, "invalid_field",
               "country_code")
    r = expect(ic.patch(site_path(s["id"]), {"mobile": "+447700900201"}), 200).json
    eq(r["mobile"], "+447700900201", "a mobile under the stored code")
    r = expect(ic.patch(site_path(bare["id"]), {"country_code": "+49", "mobile": "+4915112345678"}),
               200).json
    eq((r["country_code"], r["mobile"]), ("+49", "+4915112345678"), "both given together")


def test_edit_country_code_alone_must_fit_the_stored_mobile():
    """The rules apply to the resulting state: a new country code that the
    stored mobile does not start with is refused."""
    inst, ic = installer_client()
    s = new_site(ic, country_code="+44", mobile="+447700900300")
    with sites_unchanged([inst.id], "a country code the stored mobile does not fit"):
        r = ic.patch(site_path(s["id"]), {"country_code": "+33"})
        expect(r, 400, "invalid_field")
        check(r.error.get("field") in ("mobile", "country_code"), "error field: %r" % r)


def test_edit_mobile_removed():
    inst, ic = installer_client()
    s = new_site(ic, country_code="+44", mobile="+447700900400")
    r = expect(ic.patch(site_path(s["id"]), {"mobile": None}), 200).json
    eq(r["mobile"], "", "mobile after null")
    eq(identity_db(s["identity_id"])["mobile"], "", "the identity's mobile after null")


def test_edit_email_removed():
    inst, ic = installer_client()
    s = new_site(ic)
    r = expect(ic.patch(site_path(s["id"]), {"email": None}), 200).json
    eq(r["email"], "", "e-mail after null")
    check(identity_by_email(s["email"]) is None, "the address still names an identity")
    new_site(ic, email=s["email"])   # free again


def _linked(ic):
    a = new_site(ic, country_code="+44", mobile="+447700900500")
    b = expect(ic.post(SITES, site_body(email=a["email"], link_existing=True)), 201).json
    return a, b


def test_contact_locked_for_linked_sites():
    inst, ic = installer_client()
    a, b = _linked(ic)
    for site in (a, b):
        p = site_path(site["id"])
        with sites_unchanged([inst.id], "contact edits of a linked site"):
            expect(ic.patch(p, {"email": uniq_email("locked")}), 422, "contact_locked", "email")
            expect(ic.patch(p, {"email": None}), 422, "contact_locked", "email")
            expect(ic.patch(p, {"mobile": "+447700900501"}), 422, "contact_locked", "mobile")
            expect(ic.patch(p, {"mobile": None}), 422, "contact_locked", "mobile")
            expect(ic.patch(p, {"country_code": "+33", "mobile": "+33612345678"}), 422, "contact_locked")
            expect(ic.patch(p, {"name": "Also Renamed", "email": uniq_email("locked")}), 422,
                   "contact_locked", "email")
    # the same values, and every other field, may be sent
    r = expect(ic.patch(site_path(a["id"]), {"email": a["email"], "mobile": "+447700900500",
                                             "country_code": "+44", "name": "Linked Renamed"}), 200).json
    eq((r["name"], r["contact_locked"], r["linked_sites"]), ("Linked Renamed", True, 2), "linked edit")
    eq(get_site(ic, b["id"])["name"], b["name"], "the other linked site keeps its name")


def test_contact_unlocked_when_the_link_ends():
    inst, ic = installer_client()
    a, b = _linked(ic)
    expect(ic.delete(site_path(b["id"])), 204)
    g = get_site(ic, a["id"])
    eq((g["linked_sites"], g["contact_locked"]), (1, False), "a site no longer linked")
    r = expect(ic.patch(site_path(a["id"]), {"mobile": "+447700900599"}), 200).json
    eq(r["mobile"], "+447700900599", "the mobile may change again")


def test_email_after_reset_creates_a_new_identity():
    inst, ic = installer_client()
    s = new_site(ic)
    expect(ic.post(site_path(s["id"], "reset")), 200)
    g = get_site(ic, s["id"])
    eq((g["identity_id"], g["email"]), (None, ""), "after the reset")
    addr = uniq_email("newtenant")
    mark = mail_mark(addr)
    r = expect(ic.patch(site_path(s["id"]), {"email": addr}), 200).json
    check(isinstance(r["identity_id"], int) and r["identity_id"] != s["identity_id"],
          "no new identity for the new occupant: %r" % r)
    eq((r["email"], r["linked_sites"]), (addr, 1), "the new occupant")
    ident = identity_db(r["identity_id"])
    eq((ident["kind"], ident["email"]), ("master", addr), "the new identity")
    _, _, text = wait_outbox(addr, mark)
    check(password_in(text, ident["password_hash"]), "the welcome mail to the new occupant holds no "
          "password matching the identity: %r" % text[:600])
    check(r["sip_number"] in text, "the welcome mail lacks the SIP number")


def test_edit_video_and_smart_home_rules_apply():
    inst, ic = installer_client()
    s = new_site(ic)
    with sites_unchanged([inst.id], "video storage on without a plan"):
        expect(ic.patch(site_path(s["id"]), {"video_storage": True}), 400, "missing_field", "video_plan")
    r = expect(ic.patch(site_path(s["id"]), {"video_storage": True, "video_plan": "trial",
                                             "video_models": ["A01"]}), 200).json
    eq((r["video_storage"], r["video_plan"], r["video_days"], r["video_device_count"], r["video_models"]),
       (True, "trial", 30, 1, ["A01"]), "video storage turned on by edit")
    check(r["video_trial_ends_at"], "the trial has no end: %r" % r)
    with sites_unchanged([inst.id], "a trial of 90 days by edit"):
        expect(ic.patch(site_path(s["id"]), {"video_days": 90}), 422, "trial_days_fixed", "video_days")


def test_edit_other_installers_site_is_404():
    inst_a, ca = installer_client()
    inst_b, cb = installer_client()
    s = new_site(ca)
    with sites_unchanged([inst_a.id, inst_b.id], "another installer's PATCH"):
        expect(cb.patch(site_path(s["id"]), {"name": "Stolen"}), 404, "not_found")
        expect(cb.patch(site_path(s["id"]), {}), 404, "not_found")
    eq(get_site(ca, s["id"])["name"], s["name"], "name after another installer's PATCH")
