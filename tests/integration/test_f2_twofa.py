"""F2: two-factor sign-in when the distributor enabled it: e-mailed code
(10 minutes, 5 tries, then a new code is needed) and TOTP as an alternative."""

import re
import time
import urllib.parse

from vbtest import (Client, check, eq, expect, expect_4xx, expect_code, expect_unchanged, login,
                    mail_mark, new_distributor, new_installer, sign_in, snapshot, sql,
                    sql_int, totp, totp_margin)


def _installer_with_2fa():
    dist = new_distributor()
    dc = sign_in(dist)
    inst = new_installer(dist)
    r = expect(dc.patch("/api/distributor/installers/%d" % inst.id, {"twofa_enabled": True}), 200)
    eq(r.json["twofa_enabled"], True, "twofa_enabled after PATCH")
    eq(sql_int("SELECT twofa_enabled FROM accounts WHERE id = %d" % inst.id), 1,
       "accounts.twofa_enabled")
    return dist, dc, inst


def _login_2fa(inst):
    c = Client()
    mark = mail_mark(inst.email)
    r = expect(login(c, inst), 200)
    eq(r.json["stage"], "2fa", "login stage with 2FA enabled")
    code = expect_code(inst.email, mark)
    return c, r, code


def _other(code):
    return "%06d" % ((int(code) + 1) % 1000000)


def _backdate_send(inst):
    """Simulates 60 s passing since the last code was sent."""
    sql("UPDATE twofa_codes SET created_at = created_at - INTERVAL 60 SECOND "
        "WHERE account_id = %d" % inst.id)


def test_twofa_email_code_flow():
    _, _, inst = _installer_with_2fa()
    c, r, code = _login_2fa(inst)
    eq(r.json["twofa_methods"], ["email"], "twofa_methods without TOTP")
    me = expect(c.me(), 200).json
    eq(me["stage"], "2fa", "me.stage before the code")
    eq(me["twofa_enabled"], True, "me.twofa_enabled")
    # the portal stays shut until the code is given
    expect(c.get("/api/auth/settings/notification"), 403)
    expect(c.get("/api/auth/totp"), 403)
    bad = expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": _other(code)}),
                 422, "invalid_code")
    check(re.search(r"\b4\b", bad.error["message"]),
          "message should say 4 tries are left: %r" % bad.error["message"])
    r = expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": code}), 200)
    eq(r.json["stage"], "privacy", "stage after the right code")
    eq(expect(c.me(), 200).json["stage"], "privacy", "me.stage after the code")
    check(sql_int("SELECT COUNT(*) FROM twofa_codes WHERE account_id = %d AND used_at IS NOT NULL"
                  % inst.id) == 1, "the code is not marked used")
    # a used code does not open a second session
    c2 = Client()
    mark = mail_mark(inst.email)
    expect(login(c2, inst), 200)
    expect_code(inst.email, mark)
    expect(c2.post("/api/auth/2fa/verify", {"method": "email", "code": code}), 422)
    eq(expect(c2.me(), 200).json["stage"], "2fa", "stage after replaying a used code")


def test_twofa_totp_not_enrolled():
    _, _, inst = _installer_with_2fa()
    c, _, _ = _login_2fa(inst)
    expect(c.post("/api/auth/2fa/verify", {"method": "totp", "code": "123456"}),
           422, "totp_not_enrolled")


def test_twofa_code_expired():
    _, _, inst = _installer_with_2fa()
    c, _, code = _login_2fa(inst)
    sql("UPDATE twofa_codes SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND "
        "WHERE account_id = %d AND used_at IS NULL" % inst.id)
    expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": code}), 422, "code_expired")
    eq(expect(c.me(), 200).json["stage"], "2fa", "stage after an expired code")
    expect(c.get("/api/auth/settings/notification"), 403)


def test_twofa_code_exhausted_then_send_new():
    _, _, inst = _installer_with_2fa()
    c, _, code = _login_2fa(inst)
    wrong = _other(code)
    for i in range(5):
        r = expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": wrong}), 422)
        check(r.code in ("invalid_code", "code_exhausted"), "wrong try %d: %r" % (i + 1, r))
    before = snapshot([inst.id])
    expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": code}), 422, "code_exhausted")
    expect_unchanged(before, snapshot([inst.id]), "the right code after 5 wrong tries")
    eq(expect(c.me(), 200).json["stage"], "2fa", "stage with an exhausted code")
    # a new code needs /2fa/send; the first one follows the login too closely
    expect(c.post("/api/auth/2fa/send", {}), 429)
    _backdate_send(inst)
    mark = mail_mark(inst.email)
    expect(c.post("/api/auth/2fa/send", {}), 202)
    code2 = expect_code(inst.email, mark)
    r = expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": code2}), 200)
    eq(r.json["stage"], "privacy", "stage after the new code")


def test_twofa_send_voids_old_code():
    _, _, inst = _installer_with_2fa()
    c, _, code1 = _login_2fa(inst)
    _backdate_send(inst)
    mark = mail_mark(inst.email)
    expect(c.post("/api/auth/2fa/send", {}), 202)
    code2 = expect_code(inst.email, mark)
    if code1 != code2:
        expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": code1}), 422)
    # a second send straight away is throttled
    expect(c.post("/api/auth/2fa/send", {}), 429)
    expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": code2}), 200)


def test_twofa_routes_need_stage_2fa():
    inst = new_installer()
    c = sign_in(inst)
    r = expect_4xx(c.post("/api/auth/2fa/verify", {"method": "email", "code": "123456"}))
    check(r.code != "invalid_code", "2fa/verify at stage done looked for a code: %r" % r)
    eq(expect(c.me(), 200).json["stage"], "done", "stage after a stray 2fa/verify")


def test_totp_enroll_activate_login_and_replay():
    _, _, inst = _installer_with_2fa()
    c = sign_in(inst)
    eq(expect(c.get("/api/auth/totp"), 200).json, {"enrolled": False}, "totp before enrolment")
    r = expect(c.post("/api/auth/totp/enroll", {}), 200)
    secret = r.json["secret"]
    check(re.fullmatch(r"[A-Z2-7]{16,}=*", secret), "secret is not base32: %r" % secret)
    uri = r.json["otpauth_uri"]
    check(uri.startswith("otpauth://totp/Vestibule:"), "otpauth_uri: %r" % uri)
    check("secret=" + secret in uri and "issuer=Vestibule" in uri, "otpauth_uri: %r" % uri)
    label = urllib.parse.unquote(uri.split("?", 1)[0][len("otpauth://totp/"):])
    eq(label, "Vestibule:" + inst.email, "otpauth_uri label")
    eq(expect(c.get("/api/auth/totp"), 200).json["enrolled"], False,
       "enrolled before activation")
    expect(c.post("/api/auth/totp/activate", {"code": _other(totp(secret))}), 422, "invalid_code")
    totp_margin()
    # the previous step's code: inside the allowed drift, and leaves the
    # current step free for the login below
    r = expect(c.post("/api/auth/totp/activate", {"code": totp(secret, time.time() - 30)}), 200)
    eq(r.json, {"enrolled": True}, "activate answer")
    eq(expect(c.me(), 200).json["totp_enrolled"], True, "me.totp_enrolled")
    sealed = sql("SELECT secret_sealed, active FROM totp_secrets WHERE account_id = %d" % inst.id)
    check(sealed and sealed[0][1] == "1", "totp_secrets row not active: %r" % sealed)
    check(secret not in sealed[0][0], "the TOTP secret is stored in clear")

    c2 = Client()
    r = expect(login(c2, inst), 200)
    eq(r.json["stage"], "2fa", "stage with TOTP enrolled")
    check("totp" in r.json["twofa_methods"], "twofa_methods lacks totp: %r" % r.json)
    totp_margin()
    code = totp(secret)
    r = expect(c2.post("/api/auth/2fa/verify", {"method": "totp", "code": code}), 200)
    eq(r.json["stage"], "done", "stage after TOTP")
    expect(c2.get("/api/auth/settings/notification"), 200)

    # the same code again, on a new login: refused as a replay
    c3 = Client()
    expect(login(c3, inst), 200)
    expect(c3.post("/api/auth/2fa/verify", {"method": "totp", "code": code}), 422, "invalid_code")
    eq(expect(c3.me(), 200).json["stage"], "2fa", "stage after a replayed TOTP code")

    # disable with the password
    expect(c2.post("/api/auth/totp/disable", {"password": inst.password}), 200)
    eq(expect(c2.get("/api/auth/totp"), 200).json["enrolled"], False, "enrolled after disable")


def test_twofa_failures_lock_the_account_across_codes():
    """Per-code tries are not the only limit: a password holder who logs in
    again for fresh codes runs into the account's 2FA lock (10 free tries,
    then 60 s doubling), which a right password does not reset."""
    _, _, inst = _installer_with_2fa()
    # nine wrong codes already spent on earlier codes
    sql("INSERT INTO login_attempts (account_id, login, ip, success) "
        "SELECT %d, '(2fa)', '127.9.9.9', 0 FROM seq_1_to_9" % inst.id)
    c, _, code = _login_2fa(inst)           # a right password: no reset of the count
    r = expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": _other(code)}), 422,
               "invalid_code")
    r = expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": code}), 429,
               "too_many_attempts")
    check(int(r.header("Retry-After") or "0") > 0, "429 without Retry-After: %r" % r)
    eq(expect(c.me(), 200).json["stage"], "2fa", "stage while locked")
    # signing in with the password still works: a mistyped code does not lock that
    c2 = Client()
    eq(expect(login(c2, inst), 200).json["stage"], "2fa", "a new login while 2FA is locked")
