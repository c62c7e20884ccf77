"""F5: forgotten password (single-use link, 1 hour) and change password."""

from vbtest import (Client, check, eq, expect, expect_link, expect_unchanged, login, mail_mark,
                    mails_to, new_installer, sign_in, snapshot, sql, sql_int, uniq_email,
                    uniq_password)


def _forgot(c, addr):
    return c.post("/api/auth/password/forgot", {"email": addr})


def test_forgot_same_answer_known_and_unknown():
    inst = new_installer()
    unknown = uniq_email("ghost")
    c = Client()
    mark = mail_mark(inst.email)
    r_unknown = expect(_forgot(c, unknown), 202)
    r_known = expect(_forgot(c, inst.email), 202)
    eq(r_known.json, r_unknown.json, "forgot answer for a known vs an unknown e-mail")
    eq(r_known.json, {}, "forgot answer body")
    token = expect_link(inst.email, mark, "reset-password")
    check(len(token) >= 32, "reset token too short: %r" % token)
    # the unknown address was asked first; the known one's mail is delivered,
    # so a mail to the unknown one would be too
    eq(sql_int("SELECT COUNT(*) FROM mail_outbox WHERE to_addr = '%s'" % unknown), 0,
       "outbox rows for an unknown address")
    eq(mails_to(unknown), [], "mails delivered to an unknown address")
    eq(sql_int("SELECT COUNT(*) FROM password_resets WHERE token_hash = '%s'" % token), 0,
       "reset token stored in clear")


def test_reset_flow_single_use_and_ends_sessions():
    inst = new_installer()
    a = sign_in(inst)
    b = Client()
    expect(login(b, inst), 200)
    mark = mail_mark(inst.email)
    expect(_forgot(Client(), inst.email), 202)
    token = expect_link(inst.email, mark, "reset-password")
    newpw = uniq_password()
    c = Client()
    expect(c.post("/api/auth/password/reset", {"token": token, "password": "short"}), 400,
           "invalid_field", "password")
    r = expect(c.post("/api/auth/password/reset", {"token": token, "password": newpw}), 200)
    eq(r.json, {}, "reset answer")
    # every session of the account ended
    expect(a.me(), 401, "unauthenticated")
    expect(b.me(), 401, "unauthenticated")
    eq(sql_int("SELECT COUNT(*) FROM sessions WHERE account_id = %d" % inst.id), 0,
       "sessions after a reset")
    # the old password no longer works, the new one does
    expect(login(Client(), inst), 401, "invalid_credentials")
    eq(expect(login(Client(), inst, password=newpw), 200).json["stage"], "done", "login with the new password")
    # the link works once
    before = snapshot([inst.id])
    expect(c.post("/api/auth/password/reset", {"token": token, "password": uniq_password()}),
           400, "invalid_token")
    expect_unchanged(before, snapshot([inst.id]), "a replayed reset link")
    inst.password = newpw
    expect(login(Client(), inst), 200)


def test_reset_link_expired():
    inst = new_installer()
    mark = mail_mark(inst.email)
    expect(_forgot(Client(), inst.email), 202)
    token = expect_link(inst.email, mark, "reset-password")
    left = sql("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(3), expires_at) FROM password_resets "
               "WHERE account_id = %d AND used_at IS NULL" % inst.id)
    check(left and 55 <= int(left[0][0]) <= 60, "reset link lifetime is not 1 h: %r minutes" % left)
    sql("UPDATE password_resets SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND "
        "WHERE account_id = %d" % inst.id)
    before = snapshot([inst.id])
    expect(Client().post("/api/auth/password/reset", {"token": token, "password": uniq_password()}),
           400, "invalid_token")
    expect_unchanged(before, snapshot([inst.id]), "an expired reset link")
    expect(login(Client(), inst), 200)


def test_reset_unknown_token():
    before = snapshot()
    c = Client()
    expect(c.post("/api/auth/password/reset", {"token": "x" * 43, "password": uniq_password()}),
           400, "invalid_token")
    expect(c.post("/api/auth/password/reset", {"token": "", "password": uniq_password()}), 400)
    expect_unchanged(before, snapshot(), "unknown reset tokens")


def test_change_password():
    inst = new_installer()
    a = sign_in(inst)
    b = sign_in(inst)
    before = snapshot([inst.id])
    expect(a.post("/api/auth/password/change", {"current_password": "wrong-password",
                                                "new_password": uniq_password()}),
           422, "wrong_password")
    expect(a.post("/api/auth/password/change", {"current_password": inst.password,
                                                "new_password": "short"}),
           400, "invalid_field", "new_password")
    after = snapshot([inst.id])
    # the wrong current password is recorded (it counts toward the sign-in
    # throttle, so a stolen session cannot guess the password); nothing else
    eq(sql_int("SELECT COUNT(*) FROM login_attempts WHERE account_id = %d AND success = 0"
               " AND login = '(password)'" % inst.id), 1, "recorded wrong current password")
    before.pop("login_attempts")
    expect_unchanged(before, after, "refused password changes")
    expect(b.me(), 200)
    newpw = uniq_password()
    r = expect(a.post("/api/auth/password/change", {"current_password": inst.password,
                                                    "new_password": newpw}), 200)
    eq(r.json, {}, "change answer")
    expect(a.me(), 200)                         # the current session stays
    expect(b.me(), 401, "unauthenticated")      # the others end
    eq(sql_int("SELECT COUNT(*) FROM sessions WHERE account_id = %d" % inst.id), 1,
       "sessions left after a change")
    expect(login(Client(), inst), 401, "invalid_credentials")
    inst.password = newpw
    expect(login(Client(), inst), 200)


def test_change_password_needs_session():
    expect(Client().post("/api/auth/password/change", {"current_password": "whatever1",
                                                       "new_password": "whatever2"}),
           401, "unauthenticated")
