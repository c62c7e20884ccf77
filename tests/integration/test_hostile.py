"""Hostile requests: each gets a 4xx in the error shape and changes nothing
in the database (never a 500, never a hang)."""

import json
import random
import string

from vbtest import (Client, api_installer, check, eq, expect, expect_4xx, expect_error_shape,
                    login, new_distributor, new_installer, public_origin, raw_request,
                    session_row_id, sign_in, sql, sql_text, unchanged, uniq, uniq_email,
                    uniq_password, metric)

LOGIN = "/api/auth/login"
SPI = "/api/auth/service-provider"
INSTALLERS = "/api/distributor/installers"

SQL_META = ["' OR 1=1 --", "\\", "%", "_"]
BAD_UTF8 = [b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80"]


def _login_body(**kw):
    b = {"login": "nobody-%s@example.com" % uniq("h"), "password": "not-a-password"}
    b.update(kw)
    return b


def _raw_field(fields, name, bad):
    """A JSON object text with `name` set to a string holding raw bytes bad."""
    parts = []
    for k, v in fields.items():
        if k == name:
            parts.append(json.dumps(k).encode() + b': "x' + bad + b'y"')
        else:
            parts.append(json.dumps(k).encode() + b": " + json.dumps(v).encode())
    return b"{" + b", ".join(parts) + b"}"


def _bad_utf8_answer(r, field):
    """Invalid UTF-8 is refused as 400: invalid_field naming the field, or
    invalid_json (RFC 8259 8.1: JSON text must be UTF-8)."""
    expect(r, 400)
    check(r.code in ("invalid_field", "invalid_json"), "invalid UTF-8 in %s: %r" % (field, r))
    if r.code == "invalid_field":
        eq(r.error.get("field"), field, "error field for invalid UTF-8")


# --- malformed bodies ------------------------------------------------------

def test_malformed_json():
    c = Client()
    bodies = [b"{", b'{"login":}', b"{'login':'a','password':'b'}", b'{"login":"a" "password":"b"}',
              b'{"login":"a","password":"bbbbbbbb"} trailing', b'{"login":"a",}', b"nul",
              b'{"login":"a","password":"bbbbbbbb"}{}', b'{"login":NaN}', b'{"login":"\\x41"}']
    with unchanged(what="malformed JSON on login"):
        for b in bodies:
            expect(c.post(LOGIN, raw=b), 400, "invalid_json")
    check(c.token is None, "a session cookie from malformed JSON")
    inst = new_installer()
    ic = sign_in(inst)
    with unchanged([inst.id], "malformed JSON on service-provider"):
        for b in bodies[:4]:
            expect(ic.put(SPI, raw=b), 400, "invalid_json")


def test_empty_body():
    c = Client()
    with unchanged(what="empty login bodies"):
        r = expect(c.post(LOGIN, raw=b""), 400)
        check(r.code in ("invalid_json", "missing_field"), "empty body: %r" % r)
        expect(c.post(LOGIN, raw=b"{}"), 400, "missing_field")


def test_truncated_json():
    c = Client()
    full = json.dumps(_login_body()).encode()
    with unchanged(what="truncated JSON"):
        for cut in (1, len(full) // 2, len(full) - 1):
            expect(c.post(LOGIN, raw=full[:cut]), 400, "invalid_json")


def test_json_top_level_not_object():
    c = Client()
    with unchanged(what="non-object JSON"):
        for b in (b'[{"login":"a","password":"bbbbbbbb"}]', b'"login"', b"42", b"null", b"true", b"[]"):
            expect(c.post(LOGIN, raw=b), 400, "invalid_json")


def test_deeply_nested_json():
    c = Client()
    deep_obj = b'{"a":' * 99 + b"1" + b"}" * 99
    deep_arr = b'{"login":' + b"[" * 100 + b"]" * 100 + b', "password":"bbbbbbbb"}'
    just_over = b'{"login":' + b"[" * 16 + b"]" * 16 + b', "password":"bbbbbbbb"}'
    with unchanged(what="deep JSON"):
        expect(c.post(LOGIN, raw=deep_obj), 400, "invalid_json")
        expect(c.post(LOGIN, raw=deep_arr), 400, "invalid_json")
        expect(c.post(LOGIN, raw=just_over), 400, "invalid_json")
        # shallow but the wrong shape for the field
        expect(c.post(LOGIN, raw=b'{"login":[[1]], "password":"bbbbbbbb"}'), 400, "invalid_field", "login")


def test_unknown_and_duplicate_fields():
    c = Client()
    with unchanged(what="unknown fields"):
        expect(c.post(LOGIN, _login_body(admin=True)), 400, "unknown_field", "admin")
        expect(c.post(LOGIN, _login_body(**{"Login": "x"})), 400, "unknown_field", "Login")
    inst = new_installer()
    ic = sign_in(inst)
    expect(ic.put(SPI, {"company_name": "Original"}), 200)
    with unchanged([inst.id], "unknown field on service-provider"):
        expect(ic.put(SPI, {"company_name": "X", "account_id": 1}), 400, "unknown_field", "account_id")
    # a duplicate key: refused as invalid JSON, or one value kept as plain text
    r = ic.put(SPI, raw=b'{"company_name":"Dup A","company_name":"Dup B"}')
    check(r.status in (200, 400), "duplicate key: %r" % r)
    stored = sql_text("SELECT HEX(company_name) FROM service_provider_info WHERE account_id = %d" % inst.id)
    if r.status == 400:
        expect_error_shape(r)
        eq(stored, "Original", "company_name after a refused duplicate key")
    else:
        check(stored in ("Dup A", "Dup B"), "company_name after a duplicate key: %r" % stored)


def test_wrong_types():
    c = Client()
    with unchanged(what="wrong JSON types on login"):
        expect(c.post(LOGIN, _login_body(login=12345)), 400, "invalid_field", "login")
        expect(c.post(LOGIN, _login_body(login=True)), 400, "invalid_field", "login")
        expect(c.post(LOGIN, _login_body(login={"$ne": ""})), 400, "invalid_field", "login")
        expect(c.post(LOGIN, _login_body(password=12345678)), 400, "invalid_field", "password")
        r = expect(c.post(LOGIN, _login_body(login=None)), 400)
        check(r.code in ("missing_field", "invalid_field") and r.error.get("field") == "login",
              "null login: %r" % r)
        expect(c.post(LOGIN, {"login": "someone@example.com"}), 400, "missing_field", "password")
        expect(c.post(LOGIN, _login_body(login="")), 400, "invalid_field", "login")
        expect(c.post(LOGIN, _login_body(login="a" * 255)), 400, "invalid_field", "login")
    inst = new_installer()
    ic = sign_in(inst)
    with unchanged([inst.id], "wrong JSON types when signed in"):
        expect(ic.put(SPI, {"company_name": 5}), 400, "invalid_field", "company_name")
        expect(ic.put(SPI, {"phone": 4915112345678}), 400, "invalid_field", "phone")
        expect(ic.put("/api/auth/settings/notification", {"notifications_enabled": "false"}),
               400, "invalid_field", "notifications_enabled")
        expect(ic.put("/api/auth/settings/notification", {"notifications_enabled": 0}),
               400, "invalid_field", "notifications_enabled")
        expect(ic.post("/api/auth/privacy", {"version": "7.0.0", "agree": "yes"}),
               400, "invalid_field", "agree")
        expect(ic.post("/api/auth/totp/activate", {"code": 123456}), 400, "invalid_field", "code")
        expect(ic.post("/api/auth/totp/activate", {"code": "12345a"}), 400, "invalid_field", "code")


def test_control_characters_refused():
    inst = new_installer()
    ic = sign_in(inst)
    with unchanged([inst.id], "control characters"):
        for s in ("a\u0000b", "\u001b[31mred", "line\nbreak", "\u007f"):
            expect(ic.put(SPI, {"company_name": s}), 400, "invalid_field", "company_name")
    r = ic.put(SPI, {"company_name": "lone \ud800 surrogate"})   # json.dumps escapes it
    if r.status != 200:
        expect(r, 400)
    hexv = sql("SELECT HEX(company_name) FROM service_provider_info WHERE account_id = %d" % inst.id)
    if hexv:
        bytes.fromhex(hexv[0][0]).decode("utf-8")   # stored text is valid UTF-8


# --- size and framing --------------------------------------------------------

def test_body_over_nginx_cap_2mb():
    c = Client()
    body = b'{"login":"' + b"a" * (2 * 1024 * 1024 + 1024) + b'","password":"bbbbbbbb"}'
    req = raw_request("POST", LOGIN, body, {"Content-Type": "application/json", "X-Vestibule-Csrf": "1"})
    with unchanged(what="a 2 MB body"):
        r, took = c.raw_http(req, timeout=15)
    check(r is not None, "no answer to a 2 MB body")
    eq(r.status, 413, "status for a 2 MB body")
    expect_error_shape(r)
    eq(r.code, "body_too_large", "error code")
    check(took < 10, "a 2 MB body took %.1f s" % took)


def test_body_over_program_cap_1_5mb():
    c = Client()
    body = json.dumps(_login_body(login="a" * (1536 * 1024))).encode()
    seen = metric("auth", "vestibule_requests_total", route="POST /api/auth/login", code="4xx")
    with unchanged(what="a 1.5 MB body"):
        r = c.post(LOGIN, raw=body, timeout=20)
    expect(r, 413, "body_too_large")
    # nginx let it through (its cap is 2 MB) and the program refused it
    eq(metric("auth", "vestibule_requests_total", route="POST /api/auth/login", code="4xx"), seen + 1,
       "the auth program's count of 4xx logins")
    inst = new_installer()
    ic = sign_in(inst)
    with unchanged([inst.id], "a 1.5 MB service-provider body"):
        expect(ic.put(SPI, raw=json.dumps({"address": "x" * (1536 * 1024)}).encode()), 413,
               "body_too_large")


def test_content_length_lies():
    c = Client()
    short = b'{"login":"a@example.com","password":"bbbb'
    hdrs = {"Content-Type": "application/json", "X-Vestibule-Csrf": "1"}
    with unchanged(what="a lying Content-Length"):
        # announces more than it sends, then closes its side
        r, took = c.raw_http(raw_request("POST", LOGIN, short, hdrs, content_length=len(short) + 200),
                             shutdown_write=True, timeout=12)
        check(took < 10, "a short body hung the request for %.1f s" % took)
        check(r is None or r.status == 400, "short body: expected 400 or no answer, got %r" % r)
        # announces less than it sends: only the announced bytes are the body
        full = json.dumps(_login_body()).encode()
        r, took = c.raw_http(raw_request("POST", LOGIN, full, hdrs, content_length=10), timeout=12)
        check(took < 10, "a long body took %.1f s" % took)
        check(r is not None and r.status == 400, "body longer than Content-Length: %r" % r)
        # a Content-Length that is not a number
        r, took = c.raw_http(raw_request("POST", LOGIN, full, hdrs, content_length=None)
                             .replace(b"Content-Length: %d" % len(full), b"Content-Length: 12abc"),
                             timeout=12)
        check(r is not None and r.status == 400, "a bad Content-Length: %r" % r)
    expect(Client().get("/api/auth/privacy"), 200)


def test_wrong_content_type():
    c = Client()
    body = json.dumps(_login_body()).encode()
    with unchanged(what="wrong content types"):
        expect(c.post(LOGIN, raw=body, ctype="text/plain"), 415, "unsupported_media_type")
        expect(c.post(LOGIN, raw=b"login=a&password=bbbbbbbb", ctype="application/x-www-form-urlencoded"),
               415, "unsupported_media_type")
        expect(c.post(LOGIN, raw=body, ctype="multipart/form-data; boundary=x"), 415,
               "unsupported_media_type")
        expect(c.post(LOGIN, raw=body, ctype=None), 415, "unsupported_media_type")
        expect(c.post(LOGIN, raw=body, ctype="application/jsonx"), 415, "unsupported_media_type")
    # parameters on the right type are fine
    expect(c.post(LOGIN, raw=body, ctype="application/json; charset=utf-8"), 401, "invalid_credentials")


# --- CSRF --------------------------------------------------------------------

def test_missing_csrf_header():
    c = Client()
    inst = new_installer()
    with unchanged([inst.id], "login without the CSRF header"):
        expect(c.post(LOGIN, {"login": inst.email, "password": inst.password}, csrf=False), 403, "csrf")
        expect(c.post(LOGIN, {"login": inst.email, "password": inst.password}, csrf=False,
                      headers={"X-Vestibule-Csrf": "0"}), 403, "csrf")
    check(c.token is None, "a login without CSRF header set a cookie")
    ic = sign_in(inst)
    with unchanged([inst.id], "state changes without the CSRF header"):
        expect(ic.put(SPI, {"company_name": "csrf"}, csrf=False), 403, "csrf")
        expect(ic.post("/api/auth/logout", csrf=False), 403, "csrf")
        expect(ic.post("/api/auth/password/change", {"current_password": inst.password,
                                                      "new_password": uniq_password()}, csrf=False),
               403, "csrf")
    expect(ic.me(), 200)


def test_wrong_origin():
    inst = new_installer()
    ic = sign_in(inst)
    origin = public_origin()
    host_other_port = origin.rsplit(":", 1)[0] + ":1" if origin.count(":") == 2 else origin + ":1"
    with unchanged([inst.id], "wrong Origin"):
        for o in ("http://evil.example.com", "null", host_other_port, origin + ".evil.example.com",
                  origin.replace("http://", "https://")):
            expect(ic.put(SPI, {"company_name": "evil"}, origin=o), 403, "csrf")
        expect(Client().post(LOGIN, {"login": inst.email, "password": inst.password},
                             origin="http://evil.example.com"), 403, "csrf")
    # the right Origin passes
    expect(ic.put(SPI, {"company_name": "Fine"}, origin=origin), 200)


# --- SQL meta characters and invalid UTF-8 in every field --------------------

def test_sql_meta_in_login_fields():
    inst = new_installer()
    c = Client()
    for s in SQL_META:
        expect(c.post(LOGIN, {"login": s, "password": "whatever-pass"}), 401, "invalid_credentials")
    c2 = Client()
    for s in SQL_META:
        expect(c2.post(LOGIN, {"login": inst.email, "password": s}), 401)
    c3 = Client()
    expect(c3.post(LOGIN, {"login": inst.email[:-4] + "%", "password": inst.password}), 401,
           "invalid_credentials")
    expect(c3.post(LOGIN, {"login": inst.email[:-4] + "____", "password": inst.password}), 401,
           "invalid_credentials")
    check(c.token is None and c2.token is None and c3.token is None,
          "a session cookie from a meta-character login")
    eq(sql("SELECT COUNT(*) FROM sessions WHERE account_id = %d" % inst.id), [["0"]], "sessions")
    # four failures on the account: the right password still works
    expect(login(Client(), inst), 200)


def test_sql_meta_in_service_provider_fields():
    inst = new_installer()
    ic = sign_in(inst)
    for s in SQL_META:
        body = {"company_name": "co " + s, "contact_name": s, "address": s + " street"}
        r = expect(ic.put(SPI, body), 200)
        for k, v in body.items():
            eq(r.json[k], v, "%s in the answer" % k)
            eq(sql_text("SELECT HEX(%s) FROM service_provider_info WHERE account_id = %d" % (k, inst.id)),
               v, "%s stored verbatim" % k)
        r = ic.put(SPI, {"website": s})
        if r.status == 200:
            eq(sql_text("SELECT HEX(website) FROM service_provider_info WHERE account_id = %d" % inst.id),
               s, "website stored verbatim")
        else:
            expect(r, 400, "invalid_field", "website")
    with unchanged([inst.id], "meta characters in e-mail and phone"):
        for s in SQL_META:
            expect(ic.put(SPI, {"email": s}), 400, "invalid_field", "email")
            expect(ic.put(SPI, {"phone": s}), 400, "invalid_field", "phone")
    eq(sql("SELECT COUNT(*) FROM service_provider_info WHERE account_id = %d" % inst.id), [["1"]],
       "service-provider rows")


def test_sql_meta_in_installer_create_fields():
    dist = new_distributor()
    dc = sign_in(dist)
    with unchanged([dist.id], "meta characters in e-mail and username"):
        for s in SQL_META:
            expect(dc.post(INSTALLERS, {"email": s}), 400, "invalid_field", "email")
            expect(dc.post(INSTALLERS, {"username": s}), 400, "invalid_field", "username")
            if s != "_":    # "_" is allowed in usernames ([A-Za-z0-9._-])
                expect(dc.post(INSTALLERS, {"username": "ok" + s + "ok"}), 400, "invalid_field",
                       "username")
    # names and passwords are plain text
    for s in SQL_META:
        pw = "pw " + s + " " + "".join(random.choice(string.ascii_letters) for _ in range(10))
        inst, r = api_installer(dc, dist, email=uniq_email("meta"), name="n " + s, password=pw)
        eq(r.json["name"], "n " + s, "name in the answer")
        eq(sql_text("SELECT HEX(name) FROM accounts WHERE id = %d" % inst.id), "n " + s, "name stored")
        eq(expect(login(Client(), inst), 200).json["account"]["id"], inst.id,
           "login with a meta-character password")
    r = expect(dc.get(INSTALLERS + "?q=%27%20OR%201%3D1%20--"), 200).json
    eq(r["total"], 1, "search for the SQL meta name")
    r = expect(dc.get(INSTALLERS + "?q=%5C"), 200).json
    eq(r["total"], 1, "search for a backslash")


def test_invalid_utf8_in_login_fields():
    c = Client()
    with unchanged(what="invalid UTF-8 on login"):
        for bad in BAD_UTF8:
            for f in ("login", "password"):
                _bad_utf8_answer(c.post(LOGIN, raw=_raw_field(_login_body(), f, bad)), f)


def test_invalid_utf8_in_service_provider_fields():
    inst = new_installer()
    ic = sign_in(inst)
    expect(ic.put(SPI, {"company_name": "Clean"}), 200)
    fields = {"company_name": "A", "contact_name": "B", "email": "c@example.com",
              "phone": "+4915112345678", "address": "D", "website": "https://e.example.com"}
    with unchanged([inst.id], "invalid UTF-8 on service-provider"):
        for bad in BAD_UTF8:
            for f in fields:
                _bad_utf8_answer(ic.put(SPI, raw=_raw_field(fields, f, bad)), f)


def test_invalid_utf8_in_installer_create_fields():
    dist = new_distributor()
    dc = sign_in(dist)
    with unchanged([dist.id], "invalid UTF-8 on installer create"):
        for bad in BAD_UTF8:
            for f in ("email", "username", "name", "password"):
                fields = {"email": uniq_email("u8"), "username": uniq("u8"), "name": "N",
                          "password": uniq_password()}
                _bad_utf8_answer(dc.post(INSTALLERS, raw=_raw_field(fields, f, bad)), f)
    r = dc.get(INSTALLERS + "?q=%FF%FE")
    if r.status != 200:
        expect(r, 400, "invalid_field", "q")
    else:
        eq(r.json["total"], 0, "search for invalid UTF-8")


def test_hostile_path_parameters():
    dist = new_distributor()
    dc = sign_in(dist)
    with unchanged([dist.id], "odd installer ids"):
        for p in ("0", "-1", "1%20OR%201=1", "99999999999999999999999", "1.5", "%2e%2e", "1;2"):
            r = dc.get(INSTALLERS + "/" + p)
            expect_4xx(r, {400, 404})
            r = dc.patch(INSTALLERS + "/" + p, {"name": "x"})
            expect_4xx(r, {400, 404})


# --- sessions ------------------------------------------------------------------

def test_forged_session_cookie():
    inst = new_installer()
    alphabet = string.ascii_letters + string.digits + "-_"
    with unchanged([inst.id], "forged cookies"):
        for tok in ("".join(random.choice(alphabet) for _ in range(43)),
                    "' OR 1=1 --", "A" * 4000, "", "%00"):
            c = Client(token=tok.replace(" ", "%20"))
            expect(c.me(), 401, "unauthenticated")
            expect(c.put(SPI, {"company_name": "forged"}), 401, "unauthenticated")
            expect(c.get("/api/distributor/installers"), 401, "unauthenticated")


def test_expired_session_refused():
    inst = new_installer()
    ic = sign_in(inst)
    sid = session_row_id(ic.token)
    sql("UPDATE sessions SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE id = %d" % sid)
    with unchanged([inst.id], "an expired session"):
        expect(ic.me(), 401, "unauthenticated")
        expect(ic.put(SPI, {"company_name": "late"}), 401, "unauthenticated")
        expect(ic.post("/api/auth/password/change", {"current_password": inst.password,
                                                      "new_password": uniq_password()}),
               401, "unauthenticated")


def test_stack_still_healthy_after_hostile():
    c = Client()
    expect(c.get("/api/auth/privacy"), 200)
    inst = new_installer()
    expect(login(c, inst), 200)
