"""F4: the e-mail confirmation step and Settings > Notification."""

from vbtest import (Client, api_installer, check, eq, expect, expect_link, expect_unchanged,
                    login, mail_mark, new_distributor, new_installer, sign_in, snapshot, sql,
                    sql_int, uniq, uniq_email, uniq_password)


def _agree(c):
    v = expect(c.get("/api/auth/privacy"), 200).json["version"]
    return expect(c.post("/api/auth/privacy", {"version": v, "agree": True}), 200).json["stage"]


def test_username_only_installer_adds_and_confirms_email():
    dist = new_distributor()
    dc = sign_in(dist)
    uname = uniq("user")
    inst, r = api_installer(dc, dist, username=uname, password=uniq_password())
    eq(r.json["email"], None, "INST.email of a username-only installer")
    c = Client()
    eq(expect(login(c, inst), 200).json["stage"], "privacy", "first stage")
    eq(_agree(c), "email", "stage after the privacy gate without an e-mail")
    me = expect(c.me(), 200).json
    eq((me["stage"], me["email"], me["email_confirmed"]), ("email", None, False), "me at stage email")
    expect(c.get("/api/auth/settings/notification"), 403)

    before = snapshot([inst.id, dist.id])
    expect(c.post("/api/auth/email", {"email": dist.email}), 409, "email_in_use")
    expect(c.post("/api/auth/email", {"email": "no-at-sign"}), 400, "invalid_field", "email")
    expect_unchanged(before, snapshot([inst.id, dist.id]), "refused e-mail addresses")

    addr = uniq_email("first")
    mark = mail_mark(addr)
    expect(c.post("/api/auth/email", {"email": addr}), 202)
    eq(sql_int("SELECT email IS NULL FROM accounts WHERE id = %d" % inst.id), 1,
       "accounts.email before confirmation")
    token = expect_link(addr, mark, "confirm-email")
    r = expect(Client().post("/api/auth/email/confirm", {"token": token}), 200)
    eq(r.json["email"], addr, "confirm answer")
    me = expect(c.me(), 200).json
    eq((me["stage"], me["email"], me["email_confirmed"]), ("done", addr, True),
       "me after confirming (the waiting session moves to done)")
    eq(sql("SELECT email, email_confirmed FROM accounts WHERE id = %d" % inst.id),
       [[addr, "1"]], "accounts row after confirmation")
    expect(c.get("/api/auth/settings/notification"), 200)
    # the link works once
    before = snapshot([inst.id])
    expect(Client().post("/api/auth/email/confirm", {"token": token}), 400, "invalid_token")
    expect(Client().post("/api/auth/email/confirm", {"token": "A" * 43}), 400, "invalid_token")
    expect_unchanged(before, snapshot([inst.id]), "replayed confirmation link")
    # and the new address signs in
    eq(expect(login(Client(), inst, login_name=addr), 200).json["stage"], "done", "login by new e-mail")


def test_distributor_made_installer_confirms_its_email():
    dist = new_distributor()
    dc = sign_in(dist)
    addr = uniq_email("unconf")
    inst, _ = api_installer(dc, dist, email=addr, password=uniq_password())
    eq(sql_int("SELECT email_confirmed FROM accounts WHERE id = %d" % inst.id), 0,
       "email_confirmed of a distributor-made installer")
    c = Client()
    expect(login(c, inst), 200)
    eq(_agree(c), "email", "stage after privacy with an unconfirmed e-mail")
    me = expect(c.me(), 200).json
    eq((me["email"], me["email_confirmed"]), (addr, False), "me e-mail before confirming")
    mark = mail_mark(addr)
    expect(c.post("/api/auth/email", {"email": addr}), 202)
    token = expect_link(addr, mark, "confirm-email")
    expect(c.post("/api/auth/email/confirm", {"token": token}), 200)
    eq(expect(c.me(), 200).json["stage"], "done", "stage after confirming")
    eq(sql_int("SELECT email_confirmed FROM accounts WHERE id = %d" % inst.id), 1, "email_confirmed")


def test_confirm_link_expired():
    dist = new_distributor()
    dc = sign_in(dist)
    inst, _ = api_installer(dc, dist, username=uniq("exp"), password=uniq_password())
    c = Client()
    expect(login(c, inst), 200)
    eq(_agree(c), "email", "stage")
    addr = uniq_email("late")
    mark = mail_mark(addr)
    expect(c.post("/api/auth/email", {"email": addr}), 202)
    token = expect_link(addr, mark, "confirm-email")
    left = sql("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(3), expires_at) FROM email_confirmations "
               "WHERE account_id = %d AND used_at IS NULL" % inst.id)
    check(left and 23 * 60 <= int(left[0][0]) <= 24 * 60,
          "confirmation link lifetime is not 24 h: %r minutes" % left)
    sql("UPDATE email_confirmations SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND "
        "WHERE account_id = %d" % inst.id)
    before = snapshot([inst.id])
    expect(c.post("/api/auth/email/confirm", {"token": token}), 400, "invalid_token")
    expect_unchanged(before, snapshot([inst.id]), "an expired confirmation link")
    eq(expect(c.me(), 200).json["stage"], "email", "stage after an expired link")


def test_notification_settings_change_email():
    inst = new_installer()
    c = sign_in(inst)
    old = inst.email
    r = expect(c.get("/api/auth/settings/notification"), 200).json
    eq(r, {"email": old, "email_confirmed": True, "pending_email": None,
           "notifications_enabled": True}, "notification settings of a new account")
    new = uniq_email("new")
    mark = mail_mark(new)
    r = expect(c.put("/api/auth/settings/notification", {"email": new}), 200).json
    eq((r["email"], r["pending_email"]), (old, new), "email/pending_email right after the change")
    eq(sql("SELECT email FROM accounts WHERE id = %d" % inst.id), [[old]],
       "accounts.email before the link is followed")
    eq(expect(login(Client(), inst), 200).json["stage"], "done", "old e-mail still signs in")
    token = expect_link(new, mark, "confirm-email")
    eq(expect(Client().post("/api/auth/email/confirm", {"token": token}), 200).json["email"], new,
       "confirm answer")
    r = expect(c.get("/api/auth/settings/notification"), 200).json
    eq((r["email"], r["email_confirmed"], r["pending_email"]), (new, True, None),
       "settings after confirming")
    eq(expect(c.me(), 200).json["email"], new, "me.email after confirming")
    eq(expect(login(Client(), inst, login_name=new), 200).json["stage"], "done", "new e-mail signs in")
    expect(login(Client(), inst, login_name=old), 401, "invalid_credentials")


def test_notification_change_to_taken_email_refused():
    inst = new_installer()
    other = new_installer(inst.distributor)
    c = sign_in(inst)
    before = snapshot([inst.id, other.id])
    expect(c.put("/api/auth/settings/notification", {"email": other.email}), 409, "email_in_use")
    expect(c.put("/api/auth/settings/notification", {"email": "bad@"}), 400, "invalid_field", "email")
    expect_unchanged(before, snapshot([inst.id, other.id]), "refused e-mail changes")


def test_notifications_off_persists():
    inst = new_installer()
    c = sign_in(inst)
    r = expect(c.put("/api/auth/settings/notification", {"notifications_enabled": False}), 200).json
    eq(r["notifications_enabled"], False, "answer of the PUT")
    eq(r["email"], inst.email, "email untouched by a notifications-only PUT")
    eq(expect(c.get("/api/auth/settings/notification"), 200).json["notifications_enabled"], False,
       "read back")
    eq(sql_int("SELECT notifications_enabled FROM accounts WHERE id = %d" % inst.id), 0, "database")
    c2 = sign_in(inst)
    eq(expect(c2.me(), 200).json["notifications_enabled"], False, "me in a new session")
    expect(c2.put("/api/auth/settings/notification", {"notifications_enabled": True}), 200)
    eq(expect(c.get("/api/auth/settings/notification"), 200).json["notifications_enabled"], True,
       "turned back on")


def test_email_requests_are_limited_per_hour():
    """Each request mails an address and tells whether it is registered, so
    an account gets 10 an hour; the 11th is refused with Retry-After and
    writes nothing."""
    inst = new_installer()
    c = sign_in(inst)
    for i in range(10):
        expect(c.put("/api/auth/settings/notification",
                     {"email": uniq_email("limit%d" % i)}), 200)
    before = snapshot([inst.id])
    r = expect(c.post("/api/auth/email", {"email": uniq_email("limit-x")}), 429, "too_many_attempts")
    check(r.header("Retry-After") is not None and int(r.header("Retry-After")) > 0,
          "429 without Retry-After: %r" % r)
    expect_unchanged(before, snapshot([inst.id]), "a refused e-mail request")
