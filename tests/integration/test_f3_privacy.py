"""F3: the privacy policy gate and the Service Provider Information form."""

from vbtest import (Client, check, current_policy_version, eq, expect, expect_unchanged, login,
                    new_installer, session_row_id, sign_in, snapshot, sql, sql_int, sql_text)

SPI_FIELDS = ("company_name", "contact_name", "email", "phone", "address", "website")


def test_privacy_public_shows_current_version():
    r = expect(Client().get("/api/auth/privacy"), 200)
    for k in ("version", "title", "body", "published_at", "accepted_at"):
        check(k in r.json, "privacy lacks %r: %r" % (k, r.json))
    eq(r.json["version"], current_policy_version(), "privacy.version")
    check(r.json["title"] and len(r.json["body"]) > 100, "policy title/body empty: %r" % r.json)
    eq(r.json["accepted_at"], None, "accepted_at without a session")


def test_privacy_disagree_signs_out():
    inst = new_installer()
    c = Client()
    r = expect(login(c, inst), 200)
    eq(r.json["stage"], "privacy", "stage before agreeing")
    sid = session_row_id(c.token)
    p = expect(c.get("/api/auth/privacy"), 200).json
    eq(p["version"], current_policy_version(), "version shown after login")
    eq(p["accepted_at"], None, "accepted_at before agreeing")
    expect(c.get("/api/auth/settings/notification"), 403)
    r = expect(c.post("/api/auth/privacy", {"version": p["version"], "agree": False}), 200)
    eq(r.json["stage"], "signed_out", "stage after disagreeing")
    check(c.token is None, "disagree did not clear the cookie")
    expect(c.me(), 401, "unauthenticated")
    eq(sql_int("SELECT COUNT(*) FROM sessions WHERE id = %d" % sid), 0, "session row after disagree")
    eq(sql_int("SELECT COUNT(*) FROM privacy_acceptances WHERE account_id = %d" % inst.id), 0,
       "acceptances after disagree")


def test_privacy_agree_moves_on_and_is_remembered():
    inst = new_installer()
    c = Client()
    expect(login(c, inst), 200)
    v = current_policy_version()
    expect(c.post("/api/auth/privacy", {"version": "0.0.0-old", "agree": True}), 409, "policy_changed")
    eq(expect(c.me(), 200).json["stage"], "privacy", "stage after a stale version")
    r = expect(c.post("/api/auth/privacy", {"version": v, "agree": True}), 200)
    eq(r.json["stage"], "done", "stage after agreeing (admin-made account, e-mail confirmed)")
    eq(expect(c.me(), 200).json["stage"], "done", "me.stage")
    expect(c.get("/api/auth/settings/notification"), 200)
    eq(sql_int("SELECT COUNT(*) FROM privacy_acceptances a JOIN privacy_policies p ON p.id = a.policy_id "
               "WHERE a.account_id = %d AND p.version = '%s'" % (inst.id, v)), 1, "acceptance row")
    # viewable again after login, with the acceptance time
    p = expect(c.get("/api/auth/privacy"), 200).json
    eq(p["version"], v, "version")
    check(p["accepted_at"], "accepted_at is empty after agreeing: %r" % p)
    # the next login skips the gate
    c2 = Client()
    eq(expect(login(c2, inst), 200).json["stage"], "done", "stage of the next login")


def test_service_provider_info_optional_fields():
    inst = new_installer()
    c = Client()
    expect(login(c, inst), 200)
    # at stage privacy the form is not reachable yet: it comes after Agree (F3)
    expect(c.get("/api/auth/service-provider"), 409, "wrong_stage")
    expect(c.put("/api/auth/service-provider", {"company_name": "Early"}), 409, "wrong_stage")
    v = expect(c.get("/api/auth/privacy"), 200).json["version"]
    expect(c.post("/api/auth/privacy", {"version": v, "agree": True}), 200)
    r = expect(c.get("/api/auth/service-provider"), 200)
    for k in SPI_FIELDS:
        check(k in r.json, "service-provider lacks %r: %r" % (k, r.json))
        check(r.json[k] in ("", None), "new account has %s=%r" % (k, r.json[k]))
    r = expect(c.put("/api/auth/service-provider", {"company_name": "Acme Intercom GmbH"}), 200)
    eq(r.json["company_name"], "Acme Intercom GmbH", "company_name after PUT")
    full = {"company_name": "Acme Intercom GmbH", "contact_name": "Jörg Ærø",
            "email": "support@acme.example.com", "phone": "+4915112345678",
            "address": "Hauptstraße 1, 10115 Berlin", "website": "https://acme.example.com"}
    r = expect(c.put("/api/auth/service-provider", full), 200)
    for k, v in full.items():
        eq(r.json[k], v, "%s in the PUT answer" % k)
    r = expect(c.get("/api/auth/service-provider"), 200)
    for k, v in full.items():
        eq(r.json[k], v, "%s read back" % k)
    eq(sql_text("SELECT HEX(contact_name) FROM service_provider_info WHERE account_id = %d" % inst.id),
       "Jörg Ærø", "contact_name in the database")


def test_service_provider_info_bad_email_and_phone():
    inst = new_installer()
    c = sign_in(inst)
    expect(c.put("/api/auth/service-provider", {"company_name": "Before", "email": "a@b.example.com"}), 200)
    before = snapshot([inst.id])
    expect(c.put("/api/auth/service-provider", {"company_name": "After", "email": "not an email"}),
           400, "invalid_field", "email")
    expect(c.put("/api/auth/service-provider", {"phone": "030 1234567"}), 400, "invalid_field", "phone")
    expect(c.put("/api/auth/service-provider", {"phone": "+12"}), 400, "invalid_field", "phone")
    expect_unchanged(before, snapshot([inst.id]), "refused service-provider PUTs")
    eq(expect(c.get("/api/auth/service-provider"), 200).json["company_name"], "Before",
       "company_name after a refused PUT")


def test_privacy_policy_viewable_with_session_done():
    inst = new_installer()
    c = sign_in(inst)
    p = expect(c.get("/api/auth/privacy"), 200).json
    eq(p["version"], current_policy_version(), "version")
    check(p["accepted_at"], "accepted_at empty for an account that agreed")
    row = sql("SELECT accepted_at FROM privacy_acceptances WHERE account_id = %d" % inst.id)
    check(row, "no acceptance row")
