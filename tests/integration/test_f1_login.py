"""F1: sign in by e-mail or username, sign out, who am I, the session cookie."""

import time

from vbtest import (Client, ME_FIELDS, api_installer, check, eq, expect, login,
                    new_distributor, new_installer, session_idle_s, session_row_id, sign_in,
                    sql, sql_int, uniq, uniq_password, _cookie_parse)


def test_login_by_email_then_me():
    inst = new_installer()
    c = Client()
    r = expect(login(c, inst), 200)
    check(c.token, "login set no vb_session cookie")
    eq(r.json["stage"], "privacy", "stage of a new admin-made installer")
    check(isinstance(r.json.get("twofa_methods"), list), "login answer lacks twofa_methods: %r" % r)
    acct = r.json["account"]
    eq(acct["id"], inst.id, "account.id in the login answer")
    eq(acct["email"], inst.email, "account.email in the login answer")
    me = expect(c.me(), 200).json
    for k in ME_FIELDS:
        check(k in me, "me lacks %r: %r" % (k, me))
    eq(me["id"], inst.id, "me.id")
    eq(me["role"], "installer", "me.role")
    eq(me["email"], inst.email, "me.email")
    eq(me["email_confirmed"], True, "me.email_confirmed of an admin-made account")
    eq(me["stage"], "privacy", "me.stage")
    eq(me["switched_by"], None, "me.switched_by")
    eq(me["twofa_enabled"], False, "me.twofa_enabled")


def test_login_by_username():
    dist = new_distributor()
    dc = sign_in(dist)
    name = uniq("u").replace("-", "_")[:60]
    inst, _ = api_installer(dc, dist, username=name, password=uniq_password())
    c = Client()
    r = expect(login(c, inst, login_name=name), 200)
    eq(r.json["account"]["username"], name, "account.username")
    eq(expect(c.me(), 200).json["id"], inst.id, "me.id after a username login")


def test_wrong_password_same_answer_as_unknown_user():
    inst = new_installer()
    c = Client()
    wrong = expect(login(c, inst, password="not-the-password"), 401, "invalid_credentials")
    unknown = expect(c.post("/api/auth/login", {"login": "nobody-%s@example.com" % uniq("x"),
                                                "password": "not-the-password"}),
                     401, "invalid_credentials")
    eq(wrong.json, unknown.json, "body for a wrong password vs an unknown user")
    check(c.token is None, "a failed login set a session cookie")
    expect(c.me(), 401, "unauthenticated")


def test_disabled_account_is_invalid_credentials():
    dist = new_distributor()
    dc = sign_in(dist)
    inst, _ = api_installer(dc, dist, email=uniq("dis") + "@example.com", password=uniq_password())
    expect(dc.patch("/api/distributor/installers/%d" % inst.id, {"status": "disabled"}), 200)
    c = Client()
    r = expect(login(c, inst), 401, "invalid_credentials")
    ref = expect(Client().post("/api/auth/login", {"login": "nobody-%s@example.com" % uniq("x"),
                                                   "password": "whatever-pass"}), 401)
    eq(r.json, ref.json, "body for a disabled account vs an unknown user")


def test_logout_ends_session():
    inst = new_installer()
    c = Client()
    expect(login(c, inst), 200)
    token = c.token
    sid = session_row_id(token)
    check(sid, "no sessions row for the login's token")
    r = expect(c.post("/api/auth/logout"), 204)
    eq(r.body, b"", "body of 204 logout")
    check(c.token is None, "logout did not clear the cookie: %r" % c.set_cookies[-1:])
    eq(sql_int("SELECT COUNT(*) FROM sessions WHERE id = %d" % sid), 0, "session row after logout")
    expect(c.me(), 401, "unauthenticated")
    old = Client(token=token)
    expect(old.me(), 401, "unauthenticated")


def test_session_cookie_flags():
    inst = new_installer()
    c = Client()
    r = expect(login(c, inst), 200)
    cookies = [sc for sc in r.headers_all("Set-Cookie") if _cookie_parse(sc)[0].endswith("vb_session")]
    eq(len(cookies), 1, "session Set-Cookie headers on login")
    name, val, attrs = _cookie_parse(cookies[0])
    eq(name, "vb_session", "cookie name (dev stack, no TLS)")
    eq(len(val), 43, "token length (base64url of 32 bytes)")
    check("httponly" in attrs, "cookie lacks HttpOnly: %s" % cookies[0])
    eq(attrs.get("samesite", "").lower(), "strict", "SameSite attribute")
    eq(attrs.get("path"), "/", "Path attribute")
    check("domain" not in attrs, "cookie must be host-only (no Domain): %s" % cookies[0])
    # stored only as its SHA-256
    check(session_row_id(val), "no sessions row holds the SHA-256 of the cookie's token")
    eq(sql("SELECT COUNT(*) FROM sessions WHERE token_hash = '%s'" % val), [["0"]],
       "sessions rows holding the raw token")


def test_new_token_at_each_login():
    inst = new_installer()
    a, b = Client(), Client()
    expect(login(a, inst), 200)
    expect(login(b, inst), 200)
    check(a.token and b.token and a.token != b.token, "two logins gave the same token")
    expect(a.me(), 200)
    expect(b.me(), 200)
    # logging in again on a client that already has a session: a new token
    # (no session fixation)
    old = a.token
    expect(login(a, inst), 200)
    check(a.token and a.token != old, "a second login on the same client kept the token")
    expect(a.me(), 200)


def test_idle_expiry():
    inst = new_installer()
    c = sign_in(inst)
    sid = session_row_id(c.token)
    check(sid, "no sessions row")
    sql("UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(3) - INTERVAL %d SECOND WHERE id = %d"
        % (session_idle_s() + 60, sid))
    expect(c.me(), 401, "unauthenticated")
    expect(c.get("/api/auth/settings/notification"), 401, "unauthenticated")


def test_idle_session_still_valid_just_inside():
    inst = new_installer()
    c = sign_in(inst)
    sid = session_row_id(c.token)
    sql("UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(3) - INTERVAL %d SECOND WHERE id = %d"
        % (max(session_idle_s() - 120, 0), sid))
    expect(c.me(), 200)


def test_absolute_expiry():
    inst = new_installer()
    c = sign_in(inst)
    sid = session_row_id(c.token)
    check(sid, "no sessions row")
    sql("UPDATE sessions SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE id = %d" % sid)
    expect(c.me(), 401, "unauthenticated")


def test_request_id_on_every_response():
    inst = new_installer()
    c = Client()
    seen = []
    rs = [c.get("/api/auth/privacy"),                              # 200 public
          c.me(),                                                   # 401
          c.get("/api/auth/no-such-route"),                         # 404 from the program
          c.get("/api/nosucharea/x"),                               # 404 from nginx
          c.post("/api/auth/login", raw=b"{", ),                    # 400
          c.post("/api/auth/login", {"login": "a", "password": "b"}, csrf=False),  # 403
          c.post("/api/auth/login", raw=b"x", ctype="text/plain"),  # 415
          login(c, inst)]                                           # 200 + cookie
    rs.append(c.post("/api/auth/logout"))                           # 204
    for r in rs:
        rid = r.header("X-Request-Id")
        check(rid, "no X-Request-Id on %r" % r)
        seen.append(rid)
    eq(len(set(seen)), len(seen), "request ids are unique")
    check(all(r.status != 500 for r in rs), "a 500 among %r" % rs)


def test_me_without_session_is_401():
    c = Client()
    r = expect(c.me(), 401, "unauthenticated")
    check(not r.headers_all("Set-Cookie") or all(
        not _cookie_parse(x)[1] for x in r.headers_all("Set-Cookie")),
        "an anonymous request was given a session cookie")


def test_login_with_wrong_method_and_route():
    c = Client()
    expect(c.get("/api/auth/login"), 405, "method_not_allowed")
    expect(c.delete("/api/auth/me"), 405, "method_not_allowed")
    expect(c.get("/api/auth/definitely/not/here"), 404, "not_found")



def test_unknown_user_takes_as_long_as_wrong_password():
    """An unknown login must not answer measurably faster than a wrong
    password (else the timing tells which accounts exist)."""
    inst = new_installer()

    def timed(c, body):
        t0 = time.monotonic()
        expect(c.post("/api/auth/login", body), 401, "invalid_credentials")
        return time.monotonic() - t0

    a, b = Client(), Client()
    wrong = sorted(timed(a, {"login": inst.email, "password": "wrong-pass-%d" % i}) for i in range(3))
    unknown = sorted(timed(b, {"login": "nobody-%s@example.com" % uniq("t"), "password": "wrong-pass"})
                     for _ in range(3))
    check(unknown[1] >= 0.5 * wrong[1],
          "unknown user answered in %.3f s, wrong password in %.3f s (median)" % (unknown[1], wrong[1]))
