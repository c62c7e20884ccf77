#!/usr/bin/env python3
"""The source of the OpenAPI 3 document of every endpoint (B1).

Edit this file when an area adds or changes a route, then regenerate:
    python3 tools/openapi.py > htdocs/api/openapi.json
The integration suite checks that every route a program prints with
--routes is documented here with the same method and path pattern.
"""
import json, re, sys
from collections import OrderedDict as OD

def ref(kind, name):
    return {"$ref": "#/components/%s/%s" % (kind, name)}

RID = {"X-Request-Id": ref("headers", "X-Request-Id")}

def s(t, **kw):
    d = {"type": t}
    d.update(kw)
    return d

def string(mn=None, mx=None, **kw):
    d = {"type": "string"}
    if mn is not None: d["minLength"] = mn
    if mx is not None: d["maxLength"] = mx
    d.update(kw)
    return d

def obj(props, required=(), desc=None, extra=False):
    d = {"type": "object", "properties": props}
    if required: d["required"] = list(required)
    if not extra:
        d["additionalProperties"] = False
    if desc: d["description"] = desc
    return d

def robj(props, required=(), desc=None):
    """A response object: open, so fields can be added without breaking clients."""
    return obj(props, required, desc, extra=True)

BOOL = {"type": "boolean"}
EMAIL = string(3, 254, format="email",
               description="addr-spec subset, at most 254 bytes; stored with the domain in lower case")
PASSWORD_NEW = string(8, 128, format="password",
                      description="8 to 128 bytes, not all one character (the password policy)")
PASSWORD_ANY = string(1, 1024, format="password", description="the current password (any length up to 1024 bytes)")
CODE6 = string(6, 6, pattern="^[0-9]{6}$")
TOKEN = string(1, 128, description="the token from the mailed link (43 characters of base64url)")

# ---------------------------------------------------------------- components
schemas = OD()
schemas["Error"] = robj({
    "error": robj({
        "code": string(description="machine-readable code, e.g. invalid_field, csrf, not_found"),
        "field": string(description="the one request field at fault, when there is one"),
        "message": string(description="human-readable explanation; never internals"),
    }, ["code", "message"]),
}, ["error"], "The one error shape of every 4xx and 5xx answer.")
schemas["Role"] = string(enum=["distributor", "installer", "sub_installer", "property_manager"])
schemas["Stage"] = string(enum=["2fa", "privacy", "email", "done"],
                          description="The first login step still pending; \"done\" when signed in fully.")
schemas["Me"] = robj(OD([
    ("id", s("integer", format="int64")),
    ("role", ref("schemas", "Role")),
    ("username", string(nullable=True)),
    ("email", string(nullable=True)),
    ("email_confirmed", BOOL),
    ("name", string()),
    ("stage", ref("schemas", "Stage")),
    ("twofa_enabled", BOOL),
    ("totp_enrolled", BOOL),
    ("notifications_enabled", BOOL),
    ("payment_permission", BOOL),
    ("account_access_enabled", BOOL),
    ("access_granted", BOOL),
    ("installer_app", BOOL),
    ("switched_by", robj(OD([("id", s("integer", format="int64")), ("email", string(nullable=True)),
                           ("name", string())]), ["id", "email", "name"],
                        "The distributor acting as this installer, or null.") | {"nullable": True}),
]), ["id", "role", "username", "email", "email_confirmed", "name", "stage", "twofa_enabled",
     "totp_enrolled", "notifications_enabled", "payment_permission", "account_access_enabled",
     "access_granted", "installer_app", "switched_by"],
    "The signed-in account (the installer's while a distributor is switched in).")
schemas["StageAnswer"] = robj({"stage": ref("schemas", "Stage")}, ["stage"])
schemas["LoginAnswer"] = robj(OD([
    ("stage", ref("schemas", "Stage")),
    ("account", ref("schemas", "Me")),
    ("twofa_methods", s("array", items=string(enum=["email", "totp"]),
                        description="second factors this account can use (when stage is 2fa)")),
]), ["stage", "account", "twofa_methods"])
schemas["Privacy"] = robj(OD([
    ("version", string()), ("title", string()), ("body", string()),
    ("published_at", string(format="date-time")),
    ("accepted_at", string(format="date-time", nullable=True,
                           description="when the caller accepted this version; null when not (or no session)")),
]), ["version", "title", "body", "published_at", "accepted_at"])
SP_FIELDS = OD([
    ("company_name", string(0, 128)),
    ("contact_name", string(0, 128)),
    ("email", string(0, 254, description="an email address (validated) or empty")),
    ("phone", string(0, 16, description="E.164 with the country code: + then 8 to 15 digits, or empty",
                     pattern="^(\\+[0-9]{8,15})?$")),
    ("address", string(0, 255)),
    ("website", string(0, 255)),
])
schemas["ServiceProvider"] = robj(SP_FIELDS, list(SP_FIELDS.keys()),
                                 "Service Provider Information shown to end users in their privacy policy.")
schemas["NotificationSettings"] = robj(OD([
    ("email", string(nullable=True)), ("email_confirmed", BOOL),
    ("pending_email", string(nullable=True, description="an address waiting for its confirmation link")),
    ("notifications_enabled", BOOL),
]), ["email", "email_confirmed", "pending_email", "notifications_enabled"])
schemas["AccountSettings"] = robj(OD([
    ("account_access_enabled", s("boolean", description="set by the distributor (read only here)")),
    ("access_granted", s("boolean", description="Permission Granted: the distributor may switch into this account")),
    ("installer_app", s("boolean", description="Installer App account on/off")),
]), ["account_access_enabled", "access_granted", "installer_app"])
schemas["Totp"] = robj({"enrolled": BOOL}, ["enrolled"])
schemas["TotpEnroll"] = robj(OD([
    ("secret", string(description="base32 (RFC 4648), no padding")),
    ("otpauth_uri", string(description="otpauth://totp/Vestibule:<email>?secret=...&issuer=Vestibule")),
]), ["secret", "otpauth_uri"])
schemas["Empty"] = obj({}, desc="An empty JSON object.")
schemas["EmailAnswer"] = robj({"email": string()}, ["email"])
INST_PROPS = OD([
    ("id", s("integer", format="int64")),
    ("email", string(nullable=True)),
    ("username", string(nullable=True)),
    ("name", string()),
    ("status", string(enum=["active", "disabled"])),
    ("twofa_enabled", BOOL),
    ("payment_permission", BOOL),
    ("account_access_enabled", BOOL),
    ("access_granted", s("boolean", description="set by the installer; false whenever account_access_enabled is false")),
    ("created_at", string(format="date-time")),
])
schemas["Installer"] = robj(INST_PROPS, list(INST_PROPS.keys()), "INST: an installer of the distributor.")
schemas["InstallerCreated"] = robj(OD(list(INST_PROPS.items()) + [
    ("password", string(16, 16, description="the generated password, present only when none was given; "
                                            "shown this once"))]),
    list(INST_PROPS.keys()), "INST, plus the generated password when none was given.")
schemas["InstallerList"] = robj(OD([
    ("items", s("array", items=ref("schemas", "Installer"))),
    ("total", s("integer", description="matching installers over all pages")),
    ("page", s("integer")), ("per_page", s("integer")),
]), ["items", "total", "page", "per_page"])
schemas["Health"] = robj({"status": string(enum=["ok"]), "db": string()}, ["status", "db"])

def err_resp(desc):
    return {"description": desc, "headers": RID,
            "content": {"application/json": {"schema": ref("schemas", "Error")}}}

responses = OD()
responses["BadRequest"] = err_resp(
    "Bad input. Codes: invalid_json (not one strict JSON object, depth <= 16, valid UTF-8), "
    "body_truncated (fewer bytes than Content-Length), unknown_field, invalid_field (\"field\" says which), "
    "missing_field, invalid_query (a broken %-escape), invalid_request (Content-Length not a number); "
    "per endpoint also invalid_token.")
responses["Unauthenticated"] = err_resp(
    "401 unauthenticated: no session cookie, or an unknown or expired session.")
responses["Forbidden"] = err_resp(
    "403. forbidden: the session's role may not call this, or a distributor is switched in where that is "
    "not allowed; login_incomplete: login steps remain (the message names the next one); csrf: a "
    "state-changing request without "
    "\"X-Vestibule-Csrf: 1\" or with an Origin other than the configured public origin.")
responses["NotFound"] = err_resp("404 not_found: no such object for this caller (another tenant's object is a 404 too).")
responses["TooLarge"] = err_resp("413 body_too_large: the body is over the route's cap (1 MiB unless the route says less).")
responses["UnsupportedMedia"] = err_resp("415 unsupported_media_type: a body that is not application/json.")
responses["TooManyRequests"] = {
    "description": "429. too_many_requests: nginx's per-address limit (10 requests/s, burst 20) on "
                   "/api/auth/login, /api/auth/2fa/* and /api/auth/password/*, with Retry-After: 1.",
    "headers": {"X-Request-Id": ref("headers", "X-Request-Id"), "Retry-After": ref("headers", "Retry-After")},
    "content": {"application/json": {"schema": ref("schemas", "Error")}}}
responses["ServerError"] = err_resp(
    "500 internal_error: unexpected failure; logged with the request id (X-Request-Id, also in the message), "
    "no internals in the answer. (503 unavailable: the program or its database is not reachable.)")

headers = OD()
headers["X-Request-Id"] = {"description": "Request id, also in every log line of the request.",
                           "schema": string()}
headers["Retry-After"] = {"description": "Seconds to wait before trying again (RFC 9110 section 10.2.3).",
                          "schema": s("integer", minimum=1)}
headers["Set-Cookie"] = {"description": "The session cookie: vb_session=<token> (or __Host-vb_session with TLS); "
                                        "HttpOnly; SameSite=Strict; Path=/ (and Secure with TLS). "
                                        "Cleared with Max-Age=0 on logout.",
                         "schema": string()}

parameters = OD()
parameters["Csrf"] = {"name": "X-Vestibule-Csrf", "in": "header", "required": True,
                      "description": "CSRF defence: must be \"1\" on every POST, PUT, PATCH and DELETE "
                                     "(a cross-site form cannot set it). When the browser sends Origin, it must "
                                     "equal the configured public_origin. Otherwise 403 csrf.",
                      "schema": string(enum=["1"])}
parameters["Id"] = {"name": "id", "in": "path", "required": True,
                    "description": "installer id (a positive integer; anything else is 404)",
                    "schema": s("integer", format="int64", minimum=1)}
parameters["Area"] = {"name": "area", "in": "path", "required": True,
                      "schema": string(enum=["auth", "distributor", "sites", "maclib", "devices"])}
parameters["Q"] = {"name": "q", "in": "query", "required": False,
                   "description": "search text (up to 100 characters): matches a substring (so also a prefix) of "
                                  "email, username or name, case-insensitively; %, _ and \\ match themselves. "
                                  "Empty = no search.",
                   "schema": string(0, 100)}
parameters["Page"] = {"name": "page", "in": "query", "required": False,
                      "schema": s("integer", minimum=1, maximum=100000, default=1)}
parameters["PerPage"] = {"name": "per_page", "in": "query", "required": False,
                         "schema": s("integer", minimum=1, maximum=200, default=20)}
parameters["InstallerSort"] = {"name": "sort", "in": "query", "required": False,
                               "description": "sort key; a leading - sorts descending. Default created_at "
                                              "(oldest first). Ties break on id.",
                               "schema": string(enum=["created_at", "-created_at", "email", "-email",
                                                      "name", "-name"], default="created_at")}

security_schemes = OD()
security_schemes["session"] = {"type": "apiKey", "in": "cookie", "name": "vb_session",
                               "description": "Session cookie over plain HTTP (development). A 32-byte random "
                                              "token, stored server-side only as its SHA-256; new at every login; "
                                              "expires after 2 h without use or 12 h after login "
                                              "(session_idle_s / session_absolute_s)."}
security_schemes["sessionTls"] = {"type": "apiKey", "in": "cookie", "name": "__Host-vb_session",
                                  "description": "The same session cookie behind TLS (secure_cookies = 1): "
                                                 "Secure and the __Host- prefix."}

# ---------------------------------------------------------------- operations
SESSION = [{"session": []}, {"sessionTls": []}]
paths = OD()

def op(method, path, op_id, summary, *, program, roles, pending=False, no_switched=False, desc="",
       body=None, body_required=True, ok=("200", "", None), errors=(), params=(), tag=None,
       extra_ok_headers=None):
    """roles: 'public' or a list of role names."""
    method = method.lower()
    o = OD()
    o["tags"] = [tag or path.split("/")[2]]
    o["operationId"] = op_id
    o["summary"] = summary
    notes = []
    if roles == "public":
        notes.append("Public: no session needed.")
    else:
        notes.append("Roles: " + ", ".join(roles) + ".")
        if pending:
            notes.append("Also while login steps remain (pending ok).")
        else:
            notes.append("Needs a session at stage done.")
        if no_switched:
            notes.append("Refused (403 forbidden) while a distributor is switched into the account.")
    o["description"] = (desc + "\n\n" if desc else "") + " ".join(notes)
    o["x-vestibule-program"] = program
    o["x-vestibule-roles"] = ["public"] if roles == "public" else roles
    o["x-vestibule-pending-ok"] = pending
    o["security"] = [] if roles == "public" else SESSION
    plist = list(params)
    changing = method in ("post", "put", "patch", "delete")
    if changing:
        plist.append(ref("parameters", "Csrf"))
    if plist:
        o["parameters"] = plist
    if body is not None:
        o["requestBody"] = {"required": body_required,
                            "content": {"application/json": {"schema": body}}}
    r = OD()
    code, rdesc, schema = ok
    rr = {"description": rdesc or "OK", "headers": dict(RID)}
    if extra_ok_headers:
        rr["headers"].update(extra_ok_headers)
    if schema is not None:
        rr["content"] = {"application/json": {"schema": schema}}
    r[code] = rr
    if changing or params:
        r["400"] = ref("responses", "BadRequest")
    if roles != "public":
        r["401"] = ref("responses", "Unauthenticated")
    if changing or roles != "public":
        r["403"] = ref("responses", "Forbidden")
    for e in errors:
        c, d = e[0], e[1]
        if d is None:
            r[c] = ref("responses", {"404": "NotFound", "429": "TooManyRequests"}[c])
        else:
            resp = err_resp(d)
            if len(e) > 2 and e[2]:
                resp["headers"] = {"X-Request-Id": ref("headers", "X-Request-Id"),
                                   "Retry-After": ref("headers", "Retry-After")}
            if c in r and "$ref" not in r[c]:
                r[c]["description"] += " " + d
            else:
                if c in r:  # keep what the framework answers with this status too
                    generic = responses[r[c]["$ref"].rsplit("/", 1)[1]]["description"]
                    resp["description"] = d + " Also: " + generic
                r[c] = resp
    if re.match(r"^/api/auth/(login$|2fa/|password/)", path):
        if "429" not in r:
            r["429"] = ref("responses", "TooManyRequests")
        elif "$ref" not in r["429"]:
            r["429"]["description"] += (" nginx also limits this path per address (10 requests/s, burst 20): "
                                        "too_many_requests, Retry-After: 1.")
    if changing:
        r["413"] = ref("responses", "TooLarge")
        r["415"] = ref("responses", "UnsupportedMedia")
    r["500"] = ref("responses", "ServerError")
    o["responses"] = OD(sorted(r.items()))
    paths.setdefault(path, OD())[method] = o

ALL = ["distributor", "installer", "sub_installer", "property_manager"]
AUTH = "vestibule-auth"
DIST = "vestibule-distributor"
COOKIE = {"Set-Cookie": ref("headers", "Set-Cookie")}

# -- auth
op("POST", "/api/auth/login", "authLogin", "Sign in with email or username and password",
   program=AUTH, roles="public",
   desc="Starts a new session (new token) at the first pending login step: 2fa, then privacy, then email, "
        "then done. With stage 2fa and the email method, a 6-digit code is mailed at once.\n\n"
        "Throttling: 5 failed sign-ins for one account, or from one address, within 15 minutes answer "
        "429 too_many_attempts with Retry-After (60 s, then 120, 240, ... doubling per further failure, "
        "at most 3600 s), even with the right password, until the window passes. Unknown login, wrong "
        "password and disabled account all answer the same 401 invalid_credentials.",
   body=obj(OD([("login", string(1, 254, description="email address or username")),
                ("password", PASSWORD_ANY)]), ["login", "password"]),
   ok=("200", "Signed in (maybe with steps pending); sets the session cookie.", ref("schemas", "LoginAnswer")),
   extra_ok_headers=COOKIE,
   errors=[("401", "invalid_credentials: wrong login or password, or a disabled account."),
           ("422", "no_2fa_method: 2FA is required but the account has neither an email address nor an "
                   "authenticator app (no session is started)."),
           ("429", "too_many_attempts: throttled (see the description); Retry-After says how long.", True)])
op("POST", "/api/auth/logout", "authLogout", "Sign out", program=AUTH, roles=ALL, pending=True,
   desc="Deletes the session row and clears the cookie.",
   body=ref("schemas", "Empty"), body_required=False,
   ok=("204", "Signed out; the cookie is cleared.", None), extra_ok_headers=COOKIE)
op("GET", "/api/auth/me", "authMe", "The signed-in account (ME)", program=AUTH, roles=ALL, pending=True,
   ok=("200", "", ref("schemas", "Me")))
op("POST", "/api/auth/2fa/send", "auth2faSend", "Mail a new 2FA code", program=AUTH, roles=ALL, pending=True,
   desc="Only at stage 2fa. Mails a new 6-digit code, valid 10 minutes; every earlier code is void. "
        "At most one code per 30 seconds.",
   body=ref("schemas", "Empty"), body_required=False,
   ok=("202", "A new code is on its way.", ref("schemas", "Empty")),
   errors=[("409", "wrong_stage: the session is not at stage 2fa."),
           ("422", "no_email: the account has no email address to send to (use the authenticator app)."),
           ("429", "too_many_attempts: less than 30 s since the last code; Retry-After says how long.", True)])
op("POST", "/api/auth/2fa/verify", "auth2faVerify", "Check the second factor", program=AUTH, roles=ALL,
   pending=True,
   desc="Only at stage 2fa. Email codes: 6 digits, valid 10 minutes, 5 wrong tries, then only a new "
        "code (POST /api/auth/2fa/send) helps. TOTP (RFC 6238): SHA-1, 30 s steps, 6 digits, the "
        "current step or one either side (clock drift); each step is accepted once.",
   body=obj(OD([("method", string(enum=["email", "totp"])), ("code", CODE6)]), ["method", "code"]),
   ok=("200", "Verified; the session moves to the next step.", ref("schemas", "StageAnswer")),
   errors=[("409", "wrong_stage: the session is not at stage 2fa."),
           ("422", "invalid_code (the message says how many tries are left; also a replayed TOTP step), "
                   "code_expired, code_exhausted (5 wrong tries: request a new code), "
                   "totp_not_enrolled.")])
op("GET", "/api/auth/privacy", "authPrivacyGet", "The current privacy policy", program=AUTH, roles="public",
   desc="accepted_at is the caller's acceptance of this version when a session is sent, else null.",
   ok=("200", "", ref("schemas", "Privacy")),
   errors=[("404", "not_found: no privacy policy has been published.")])
op("POST", "/api/auth/privacy", "authPrivacyAnswer", "Agree or disagree to the privacy policy", program=AUTH,
   roles=ALL, pending=True, no_switched=True,
   desc="At stage privacy (or done, to agree again). agree=true records the acceptance and moves on; "
        "agree=false ends the login: the session is deleted, the cookie cleared and the answer is "
        "{\"stage\": \"signed_out\"}.",
   body=obj(OD([("version", string(1, 32)), ("agree", BOOL)]), ["version", "agree"]),
   ok=("200", "stage is the next step, or \"signed_out\" after a disagreement.",
       robj({"stage": string(enum=["2fa", "privacy", "email", "done", "signed_out"])}, ["stage"])),
   errors=[("409", "policy_changed: version is not the current policy's (reload it); "
                   "wrong_stage: the session is at an earlier step.")])
op("GET", "/api/auth/service-provider", "authServiceProviderGet", "Service Provider Information",
   program=AUTH, roles=ALL, pending=True, ok=("200", "", ref("schemas", "ServiceProvider")),
   errors=[("409", "wrong_stage: the form comes after the privacy policy is agreed (stage email or done).")])
op("PUT", "/api/auth/service-provider", "authServiceProviderPut", "Save the Service Provider Information",
   program=AUTH, roles=ALL, pending=True,
   desc="Every field optional; absent fields keep their value; \"\" or null clears one. A non-empty email "
        "must be an email address and a non-empty phone E.164 (400 invalid_field).",
   body=obj(OD((k, dict(v, nullable=True, **({"maxLength": 20} if k == "phone" else {})))
               for k, v in SP_FIELDS.items())), ok=("200", "", ref("schemas", "ServiceProvider")),
   errors=[("409", "wrong_stage: the form comes after the privacy policy is agreed (stage email or done).")])
op("POST", "/api/auth/email", "authEmailSet", "Give the email address (login step \"email\")", program=AUTH,
   roles=ALL, pending=True, no_switched=True,
   desc="At stage email. Mails a confirmation link ORIGIN/confirm-email?token=T to the address, valid "
        "24 hours; the address is stored once the link is used.",
   body=obj({"email": EMAIL}, ["email"]),
   ok=("202", "The confirmation link is on its way.", ref("schemas", "Empty")),
   errors=[("409", "email_in_use: another account has this address; wrong_stage: the session is not at "
                   "stage email."),
           ("429", "too_many_attempts: more than 10 address requests by this account in an hour.", True)])
op("POST", "/api/auth/email/confirm", "authEmailConfirm", "Confirm an email address from its link",
   program=AUTH, roles="public",
   desc="Sets accounts.email and email_confirmed; sessions of the account at stage email move to done. "
        "Single use.",
   body=obj({"token": TOKEN}, ["token"]), ok=("200", "", ref("schemas", "EmailAnswer")),
   errors=[("400", "invalid_token: unknown, used or expired (24 h)."),
           ("409", "email_in_use: another account took the address meanwhile.")])
op("POST", "/api/auth/password/forgot", "authPasswordForgot", "Ask for a password reset link", program=AUTH,
   roles="public",
   desc="Always the same answer whether the address exists or not. The mail has "
        "ORIGIN/reset-password?token=T, valid 1 hour, single use.",
   body=obj({"email": EMAIL}, ["email"]),
   ok=("202", "Accepted (whether or not the address exists).", ref("schemas", "Empty")),
   errors=[("429", "too_many_attempts: more than 5 reset requests from this address within 15 minutes; "
                   "Retry-After (60 s doubling, at most 3600 s). Also nginx's too_many_requests.", True)])
op("POST", "/api/auth/password/reset", "authPasswordReset", "Set a new password from a reset link",
   program=AUTH, roles="public",
   desc="Single use; ends every session of the account.",
   body=obj(OD([("token", TOKEN), ("password", PASSWORD_NEW)]), ["token", "password"]),
   ok=("200", "", ref("schemas", "Empty")),
   errors=[("400", "invalid_token: unknown, used or expired (1 h).")])
op("POST", "/api/auth/password/change", "authPasswordChange", "Change the password", program=AUTH,
   roles=ALL, no_switched=True,
   desc="Ends the account's other sessions.",
   body=obj(OD([("current_password", PASSWORD_ANY), ("new_password", PASSWORD_NEW)]),
            ["current_password", "new_password"]),
   ok=("200", "", ref("schemas", "Empty")),
   errors=[("422", "wrong_password: current_password is wrong."),
           ("429", "too_many_attempts: wrong passwords count toward the sign-in throttle.", True)])
op("GET", "/api/auth/totp", "authTotpGet", "Is an authenticator app enrolled", program=AUTH, roles=ALL,
   no_switched=True, ok=("200", "", ref("schemas", "Totp")))
op("POST", "/api/auth/totp/enroll", "authTotpEnroll", "Start enrolling an authenticator app (TOTP)",
   program=AUTH, roles=ALL, no_switched=True,
   desc="Makes a new secret (sealed with AES-256-GCM at rest), pending until activated with a code; "
        "replaces an earlier pending one.",
   body=ref("schemas", "Empty"), body_required=False,
   ok=("200", "", ref("schemas", "TotpEnroll")),
   errors=[("409", "totp_enrolled: an authenticator app is already active; remove it first.")])
op("POST", "/api/auth/totp/activate", "authTotpActivate", "Activate the enrolled authenticator app",
   program=AUTH, roles=ALL, no_switched=True,
   body=obj({"code": CODE6}, ["code"]), ok=("200", "", ref("schemas", "Totp")),
   errors=[("422", "invalid_code; totp_not_enrolled: no enrolment pending.")])
op("POST", "/api/auth/totp/disable", "authTotpDisable", "Remove the authenticator app", program=AUTH,
   roles=ALL, no_switched=True,
   desc="Needs the password (a DELETE may not carry a body, hence POST).",
   body=obj({"password": PASSWORD_ANY}, ["password"]), ok=("200", "", ref("schemas", "Totp")),
   errors=[("422", "wrong_password."),
           ("429", "too_many_attempts: wrong passwords count toward the sign-in throttle.", True)])
op("GET", "/api/auth/settings/notification", "authNotificationGet", "Settings > Notification", program=AUTH,
   roles=ALL, ok=("200", "", ref("schemas", "NotificationSettings")))
op("PUT", "/api/auth/settings/notification", "authNotificationPut", "Change the email or notifications",
   program=AUTH, roles=ALL, no_switched=True,
   desc="A new email is stored only after the link mailed to the new address (24 h) is confirmed "
        "through POST /api/auth/email/confirm; until then it shows as pending_email.",
   body=obj(OD([("email", EMAIL), ("notifications_enabled", BOOL)])),
   ok=("200", "", ref("schemas", "NotificationSettings")),
   errors=[("409", "email_in_use: another account has this address."),
           ("429", "too_many_attempts: more than 10 address requests by this account in an hour.", True)])
op("GET", "/api/auth/settings/account", "authAccountSettingsGet", "Settings > Account (installer)",
   program=AUTH, roles=["installer"], ok=("200", "", ref("schemas", "AccountSettings")),
   errors=[("404", "not_found: no such account.")])
op("PUT", "/api/auth/settings/account", "authAccountSettingsPut", "Grant account access, Installer App",
   program=AUTH, roles=["installer"], no_switched=True,
   desc="Turning access_granted off ends any distributor switch into this account at once.",
   body=obj(OD([("access_granted", BOOL), ("installer_app", BOOL)])),
   ok=("200", "", ref("schemas", "AccountSettings")),
   errors=[("404", "not_found: no such account."),
           ("422", "feature_disabled: access_granted while the distributor has not enabled account access.")])

# -- distributor
op("GET", "/api/distributor/installers", "distributorInstallersList", "List the distributor's installers",
   program=DIST, roles=["distributor"],
   params=[ref("parameters", "Q"), ref("parameters", "Page"), ref("parameters", "PerPage"),
           ref("parameters", "InstallerSort")],
   ok=("200", "", ref("schemas", "InstallerList")))
op("POST", "/api/distributor/installers", "distributorInstallersCreate", "Create an installer", program=DIST,
   roles=["distributor"],
   desc="At least one of email and username. The email is stored unconfirmed (email_confirmed=false): the "
        "installer confirms it at the first sign-in (stage email). No password: one of 16 letters and "
        "digits is generated and answered once as \"password\". No mail is sent.",
   body=obj(OD([
       ("email", EMAIL),
       ("username", string(3, 64, pattern="^[A-Za-z0-9._-]{3,64}$")),
       ("name", string(0, 128)),
       ("password", PASSWORD_NEW),
       ("twofa_enabled", s("boolean", default=False, description="needs an email (422 email_required)")),
       ("payment_permission", s("boolean", default=False)),
       ("account_access_enabled", s("boolean", default=False)),
   ])),
   ok=("201", "Created.", ref("schemas", "InstallerCreated")),
   errors=[("409", "email_in_use or username_in_use (\"field\" says which)."),
           ("422", "email_or_username_required; email_required (twofa_enabled without an email).")])
op("GET", "/api/distributor/installers/{id}", "distributorInstallersGet", "Show one installer", program=DIST,
   roles=["distributor"], params=[ref("parameters", "Id")],
   ok=("200", "", ref("schemas", "Installer")), errors=[("404", None)])
op("PATCH", "/api/distributor/installers/{id}", "distributorInstallersPatch", "Change an installer",
   program=DIST, roles=["distributor"], params=[ref("parameters", "Id")],
   desc="Only fields sent change. account_access_enabled=false also withdraws the installer's grant "
        "(access_granted=false) and ends any switch into the account at once. status \"disabled\" signs "
        "the installer out everywhere and ends any switch into it.",
   body=obj(OD([
       ("name", string(0, 128)),
       ("twofa_enabled", s("boolean", description="true needs an email on the account (422 email_required)")),
       ("payment_permission", BOOL),
       ("account_access_enabled", BOOL),
       ("status", string(enum=["active", "disabled"])),
   ])),
   ok=("200", "", ref("schemas", "Installer")),
   errors=[("404", None), ("422", "email_required: twofa_enabled=true for an account without email.")])
op("POST", "/api/distributor/installers/{id}/switch", "distributorInstallersSwitch",
   "Switch into an installer's account", program=DIST, roles=["distributor"], params=[ref("parameters", "Id")],
   desc="Only while the distributor has enabled account access for the installer, the installer has "
        "granted it, and the account is active. While switched, the session acts as the installer "
        "(role checks use the installer's role; ME has switched_by) and audit rows carry actor = the "
        "distributor, account = the installer. The switch ends as soon as the installer withdraws the "
        "grant (the next request is the distributor's own again).",
   body=ref("schemas", "Empty"), body_required=False,
   ok=("200", "ME of the installer.", ref("schemas", "Me")),
   errors=[("404", None),
           ("403", "access_not_granted: the installer has not granted access (or the feature is off, or the "
                   "account is disabled).")])
op("POST", "/api/distributor/switch-back", "distributorSwitchBack", "Return to the distributor's own account",
   program=DIST, roles=ALL,
   desc="Callable with any role, because while switched the session has the installer's role.",
   body=ref("schemas", "Empty"), body_required=False,
   ok=("200", "ME of the distributor.", ref("schemas", "Me")),
   errors=[("409", "not_switched: the session is not switched into another account.")])

# -- sites (single-family sites, their residents and the dashboard: vestibule-sites)
SITES = "vestibule-sites"
SITE_ROLES = ["installer", "sub_installer"]
ID = s("integer", format="int64")
ISO = string(format="date-time", description="UTC, ISO 8601 with milliseconds, e.g. 2026-11-26T08:00:00.000Z")
ISO_NULL = dict(ISO, nullable=True)
E164 = string(9, 16, pattern="^\\+[1-9][0-9]{7,14}$",
              description="E.164 with the country code: + then 8 to 15 digits")
E164_OR_EMPTY = string(0, 16, pattern="^(\\+[1-9][0-9]{7,14})?$", description="E.164, or \"\" when none")
CC = string(0, 5, pattern="^(\\+[1-9][0-9]{0,3})?$",
            description="country/region calling code: + then 1 to 4 digits not starting with 0; \"\" = none")
SIPNUM = string(pattern="^[0-9]+$", description="a SIP number (digits, as a string), unique platform-wide")
LANGS = ["en", "zh-Hant", "zh-Hans", "ko", "ja", "tr", "pl", "ru", "es", "bs", "da", "vi", "fr", "pt", "de",
         "it", "uk", "he", "fa", "az"]
SITE_STATUS = string(enum=["inactivated", "normal", "expired"],
                     description="account status; new sites are normal until billing exists")
SITE_PROPS = OD([
    ("id", ID),
    ("name", string(1, 64)),
    ("room_name", string(0, 64)),
    ("email", string(0, 254, description="the master account's e-mail (its app login); \"\" when none")),
    ("country_code", CC),
    ("mobile", E164_OR_EMPTY),
    ("address", string(0, 255)),
    ("call_mode", string(enum=["sip", "ip"])),
    ("time_zone", string(description="IANA time zone name")),
    ("language", string(enum=LANGS, description="language of the resident's account e-mails (BCP 47)")),
    ("time_format", string(enum=["12h", "24h"])),
    ("landline1", E164_OR_EMPTY), ("landline2", E164_OR_EMPTY), ("landline3", E164_OR_EMPTY),
    ("premium_plan", BOOL),
    ("premium_expires_at", ISO_NULL),
    ("landline_service", s("boolean", description="only with the premium plan")),
    ("with_indoor_monitor", BOOL),
    ("status", SITE_STATUS),
    ("expires_at", ISO_NULL),
    ("video_storage", BOOL),
    ("video_plan", string(enum=["trial", "subscription"], nullable=True)),
    ("video_days", s("integer", enum=[30, 60, 90], nullable=True)),
    ("video_device_count", s("integer", minimum=1, maximum=50, nullable=True)),
    ("video_models", s("array", items=string(1, 32), description="device models recording video, sorted")),
    ("video_audio", BOOL),
    ("video_trial_ends_at", dict(ISO_NULL, description="end of the 7 free days; set when video storage first "
                                                       "goes on and kept ever after (it records the one trial)")),
    ("smart_home", s("boolean", description="Akubela Smart Home; cannot be turned off once on")),
    ("smart_home_since", ISO_NULL),
    ("family_count", s("integer", description="family members present")),
    ("family_free", s("integer", description="free family members (3), kept by a reset")),
    ("additional_apps", s("integer", description="Additional App entitlements (paid family members)")),
    ("family_sip_number", SIPNUM),
    ("sip_number", SIPNUM),
    ("identity_id", dict(ID, nullable=True, description="the master login identity; sites sharing it are linked; "
                                                       "null after a reset")),
    ("linked_sites", s("integer", description="the installer's sites sharing this master identity (1 normally, 0 "
                                              "without one)")),
    ("contact_locked", s("boolean", description="linked_sites > 1: email, mobile and country_code cannot change")),
    ("app_registered", BOOL),
    ("last_reset_at", ISO_NULL),
    ("created_at", ISO),
    ("updated_at", ISO),
    ("device_counts", robj(OD((k, s("integer")) for k in ("intercom", "cameras", "locks")),
                           ["intercom", "cameras", "locks"],
                           "the site's intercom devices, third-party cameras and locks")),
])
schemas["Site"] = robj(SITE_PROPS, list(SITE_PROPS.keys()),
                       "SITE: a single-family site (the guide's \"user\"): the master app account and the house's "
                       "settings.")
ROW_KEYS = ["id", "name", "room_name", "email", "country_code", "mobile", "sip_number", "family_sip_number",
            "status", "expires_at", "premium_plan", "family_count", "created_at"]
schemas["SiteRow"] = robj(OD((k, SITE_PROPS[k]) for k in ROW_KEYS), ROW_KEYS, "SITE_ROW: a site in the list.")
schemas["SiteList"] = robj(OD([
    ("items", s("array", items=ref("schemas", "SiteRow"))),
    ("total", s("integer", description="matching sites over all pages")),
    ("page", s("integer")), ("per_page", s("integer")),
]), ["items", "total", "page", "per_page"])
FAMILY_PROPS = OD([
    ("id", ID), ("site_id", ID), ("name", string(1, 64)),
    ("email", string(0, 254, description="\"\" when none")),
    ("country_code", CC), ("mobile", E164_OR_EMPTY), ("sip_number", SIPNUM),
    ("paid", s("boolean", description="took an Additional App entitlement")),
    ("app_registered", BOOL), ("created_at", ISO), ("updated_at", ISO),
])
schemas["Family"] = robj(FAMILY_PROPS, list(FAMILY_PROPS.keys()), "FAMILY: a family member's app account.")
schemas["FamilyList"] = robj(OD([
    ("items", s("array", items=ref("schemas", "Family"), description="oldest first")),
    ("total", s("integer")),
    ("free_left", s("integer", description="max(0, family_free - family_count)")),
    ("paid_left", s("integer", description="max(0, family_free + additional_apps - max(family_count, "
                                           "family_free))")),
]), ["items", "total", "free_left", "paid_left"])
COUNTS = lambda keys, desc: robj(OD((k, s("integer")) for k in keys), keys, desc)
schemas["Dashboard"] = robj(OD([
    ("sites", s("integer", description="the installer's single-family sites")),
    ("app_accounts", COUNTS(["normal", "inactivated", "expired", "total"],
                            "master accounts (one per site) and family members, each under its site's status")),
    ("devices", COUNTS(["online", "offline", "total"], "0 until devices exist")),
    ("property_managers", s("integer", description="the installer's property manager accounts")),
]), ["sites", "app_accounts", "devices", "property_managers"])
REMOVED_KEYS = ["family_members", "access_credentials", "door_logs", "call_logs", "messages", "alarms"]
schemas["SiteReset"] = robj(OD([
    ("site", ref("schemas", "Site")),
    ("removed", COUNTS(REMOVED_KEYS, "what the reset deleted")),
]), ["site", "removed"])

SITE_FIELDS = OD([
    ("name", string(1, 64)),
    ("room_name", string(0, 64)),
    ("email", dict(EMAIL, nullable=True, description="the master account's login, unique among all residents; "
                                                     "null (edit only) removes it")),
    ("country_code", CC),
    ("mobile", dict(E164, nullable=True, description="E.164; must start with country_code (the request's, else "
                                                     "the stored one); null removes it")),
    ("address", string(0, 255)),
    ("call_mode", string(enum=["sip", "ip"], description="default sip")),
    ("time_zone", string(description="IANA time zone name; default the installer's (Settings), else UTC")),
    ("language", string(enum=LANGS, description="default en")),
    ("time_format", string(enum=["12h", "24h"], description="default 24h")),
    ("landline1", dict(E164, nullable=True)), ("landline2", dict(E164, nullable=True)),
    ("landline3", dict(E164, nullable=True)),
    ("premium_plan", BOOL),
    ("landline_service", s("boolean", description="needs premium_plan true (after the request)")),
    ("with_indoor_monitor", BOOL),
    ("video_storage", s("boolean", description="off clears plan, days, device count, models and audio")),
    ("video_plan", string(enum=["trial", "subscription"], description="required when turning video storage on; "
                                                                      "a trial once per site")),
    ("video_days", s("integer", enum=[30, 60, 90], description="trial: 30 only; subscription: default 30")),
    ("video_device_count", s("integer", minimum=1, maximum=50, description="default 1")),
    ("video_models", s("array", items=string(1, 32), maxItems=50, uniqueItems=True,
                       description="at most video_device_count models; models equal but for case are one")),
    ("video_audio", BOOL),
    ("smart_home", s("boolean", description="once true, never false again")),
])
CONTACT_RULES = ("country_code is + and 1-4 digits not starting with 0, else 400 invalid_field (country_code); a "
                 "mobile must start with the country code in force, else 400 invalid_field (mobile), and a mobile "
                 "without any country code is 400 invalid_field (country_code). ")
VIDEO_RULES = ("Video storage on: video_plan required (400 missing_field video_plan); a trial keeps 30 days (422 "
               "trial_days_fixed, field video_days); a subscription 30/60/90 (400 invalid_field video_days); "
               "video_models at most video_device_count (422 too_many_video_models); a trial only once per site "
               "(422 trial_used, field video_plan); both plans start with 7 free days (video_trial_ends_at). "
               "video_* fields while video storage is off: 422 video_storage_off (field = that field). ")
op("GET", "/api/dashboard", "dashboardGet", "Dashboard counts (F8)", program=SITES, roles=SITE_ROLES,
   tag="dashboard",
   desc="Counts of the installer's sites, app accounts by status (masters and family members, each under its "
        "site's status), devices (0 until the devices issue) and property managers.",
   ok=("200", "", ref("schemas", "Dashboard")))
op("GET", "/api/sites", "sitesList", "List and search the installer's single-family sites", program=SITES,
   roles=SITE_ROLES,
   desc="A prefix search, case-insensitive, within the installer: q on field (all = any of the five). name and "
        "email match from the start; mobile ignores spaces and dashes and the leading + is optional; family_sip "
        "is the site's family SIP number, sip the master's SIP number or any of its family members'. %, _ and "
        "\\ in q match themselves. Every search reads index ranges (10,000 sites per installer).",
   params=[{"name": "q", "in": "query", "required": False, "schema": string(0, 64),
            "description": "search text, a prefix (surrounding spaces ignored); empty = no search"},
           {"name": "field", "in": "query", "required": False,
            "schema": string(enum=["all", "name", "email", "mobile", "family_sip", "sip"], default="all")},
           {"name": "status", "in": "query", "required": False,
            "schema": string(enum=["inactivated", "normal", "expired"])},
           ref("parameters", "Page"), ref("parameters", "PerPage"),
           {"name": "sort", "in": "query", "required": False,
            "description": "a leading - sorts descending; default -created_at (newest first). created_at is the "
                           "creation order (ids grow with it); status sorts inactivated, normal, expired. Ties "
                           "break on id.",
            "schema": string(enum=["created_at", "-created_at", "name", "-name", "email", "-email", "status",
                                   "-status"], default="-created_at")}],
   ok=("200", "", ref("schemas", "SiteList")))
op("POST", "/api/sites", "sitesCreate", "Create a single-family site and its master account", program=SITES,
   roles=SITE_ROLES,
   desc="Both steps of the form in one request. Rules, in order: " + CONTACT_RULES +
        "landline_service needs premium_plan (422 premium_plan_required, field landline_service). " + VIDEO_RULES +
        "smart_home true sets smart_home_since. The email must not belong to any resident account on the "
        "platform (409 email_in_use) unless it is a master account of this installer and link_existing is true: "
        "the site then shares that login (linked sites; country_code/mobile must be absent or equal to the "
        "account's, else 422 contact_locked). link_existing with an address that is no master account of this "
        "installer: 422 nothing_to_link. New sites are normal without expiry. The family SIP number and SIP "
        "number come from one platform-wide sequence. A new master account gets a generated password, mailed "
        "in the site's language with the welcome e-mail; a linked site gets no mail. Audit site.create.",
   body=obj(OD(list(SITE_FIELDS.items()) + [
       ("link_existing", s("boolean", default=False,
                           description="link the site to this installer's existing master account with this "
                                       "email"))]), ["name", "email"]),
   ok=("201", "Created; Location: /api/sites/{id}.", ref("schemas", "Site")),
   extra_ok_headers={"Location": {"description": "/api/sites/{id} of the new site", "schema": string()}},
   errors=[("400", "missing_field email (also null); missing_field video_plan; invalid_field country_code, "
                   "mobile, video_days, video_models (a model over 32 characters)."),
           ("409", "email_in_use: the address belongs to a resident account."),
           ("422", "premium_plan_required, trial_days_fixed, too_many_video_models, video_storage_off, "
                   "contact_locked, nothing_to_link (\"field\" says which).")])
SITE_ID = {"name": "id", "in": "path", "required": True,
           "description": "site id (a positive integer; anything else, or another installer's site, is 404)",
           "schema": s("integer", format="int64", minimum=1)}
MEMBER_ID = {"name": "member", "in": "path", "required": True,
             "description": "family member id of the site (else 404)",
             "schema": s("integer", format="int64", minimum=1)}
op("GET", "/api/sites/{id}", "sitesGet", "Show one site", program=SITES, roles=SITE_ROLES, params=[SITE_ID],
   ok=("200", "", ref("schemas", "Site")), errors=[("404", None)])
op("PATCH", "/api/sites/{id}", "sitesPatch", "Change a site's account or settings", program=SITES,
   roles=SITE_ROLES, params=[SITE_ID],
   desc="Any subset of the fields; absent fields keep their value; the rules of create apply to the state the "
        "request leaves (so changing only country_code under a stored mobile is checked too). email, mobile "
        "and country_code belong to the master account: while it serves more than one site (contact_locked) "
        "a different value is 422 contact_locked; otherwise the account changes with the site (409 "
        "email_in_use when the address is taken). null removes email, mobile or a landline. A site without a "
        "master account (after a reset) that is given an email gets a new one, and its welcome mail with the "
        "generated password. smart_home true -> false: 422 smart_home_permanent. A request that changes "
        "nothing (also {}) answers the site and writes no audit; otherwise audit site.update with the changed "
        "field names.",
   body=obj(SITE_FIELDS),
   ok=("200", "", ref("schemas", "Site")),
   errors=[("400", "invalid_field country_code, mobile, video_days, video_models; missing_field video_plan."),
           ("404", None),
           ("409", "email_in_use."),
           ("422", "premium_plan_required, trial_days_fixed, trial_used, too_many_video_models, "
                   "video_storage_off, smart_home_permanent, contact_locked (\"field\" says which).")])
op("DELETE", "/api/sites/{id}", "sitesDelete", "Delete a site", program=SITES, roles=SITE_ROLES,
   params=[SITE_ID],
   desc="Deletes the site with its family members, access credentials, door and call logs, messages, alarms "
        "and video models, then the login identities nothing uses any more (a master account linked to other "
        "sites stays for them). Its Additional App entitlements are lost; its SIP numbers are never reused. "
        "Audit site.delete (name, SIP numbers).",
   ok=("204", "Deleted.", None), errors=[("404", None)])
op("POST", "/api/sites/{id}/reset", "sitesReset", "Reset a site for new occupants (F13)", program=SITES,
   roles=SITE_ROLES, params=[SITE_ID],
   desc="One transaction. Removes: all family members (and their logins); the master's email, mobile and "
        "country code (the site is detached from its login; a linked login stays for the other sites); "
        "landline1-3; access credentials, door logs, call logs, messages and alarms of the site; family_count "
        "becomes 0. Keeps: status and expiry, family_free, additional_apps, the audit log, call_mode, "
        "time_zone, language, smart_home, premium_plan (and expiry), with_indoor_monitor, landline_service, "
        "name, room_name, address, video storage, SIP numbers. The app is unregistered; no e-mail is sent. "
        "Sets last_reset_at. Audit site.reset with the removed counts.",
   body=ref("schemas", "Empty"), body_required=False,
   ok=("200", "", ref("schemas", "SiteReset")), errors=[("404", None)])
op("POST", "/api/sites/{id}/reset-password", "sitesResetPassword", "Mail the master account a new password",
   program=SITES, roles=SITE_ROLES, params=[SITE_ID],
   desc="A new generated password for the master account, mailed in the site's language. Audit "
        "site.reset_password (never the password).",
   body=ref("schemas", "Empty"), body_required=False,
   ok=("204", "The new password is on its way.", None),
   errors=[("404", None),
           ("422", "no_email: the account has no e-mail address; add one first.")])
op("GET", "/api/sites/{id}/family", "familyList", "List a site's family member accounts", program=SITES,
   roles=SITE_ROLES, params=[SITE_ID],
   ok=("200", "", ref("schemas", "FamilyList")), errors=[("404", None)])
FAMILY_BODY = OD([
    ("name", string(1, 64)),
    ("email", dict(EMAIL, description="the member's app login, unique among all residents")),
    ("country_code", CC),
    ("mobile", dict(E164, description="E.164, starting with country_code")),
])
op("POST", "/api/sites/{id}/family", "familyCreate", "Add a family member account", program=SITES,
   roles=SITE_ROLES, params=[SITE_ID],
   desc="The site must be normal. Needs an email or a mobile. The first family_free (3) members are free; "
        "further ones take an Additional App entitlement (paid=true) while the site has one left. The member "
        "gets a login with a generated password (welcome mail when it has an email) and a SIP number. Audit "
        "family.create.",
   body=obj(FAMILY_BODY, ["name"]),
   ok=("201", "Created.", ref("schemas", "Family")),
   errors=[("400", "missing_field email: neither an email nor a mobile; invalid_field country_code, mobile."),
           ("402", "additional_app_required: the first 3 family members are free; buy an Additional App to add "
                   "more."),
           ("404", None),
           ("409", "account_not_active (site inactivated), account_expired (site expired), email_in_use.")])
op("PATCH", "/api/sites/{id}/family/{member}", "familyPatch", "Change a family member account", program=SITES,
   roles=SITE_ROLES, params=[SITE_ID, MEMBER_ID],
   desc="Absent fields keep their value; null removes email or mobile, but one of them must stay (400 "
        "missing_field). The login changes with it. Audit family.update.",
   body=obj(OD([("name", string(1, 64)), ("email", dict(EMAIL, nullable=True)), ("country_code", CC),
                ("mobile", dict(E164, nullable=True))])),
   ok=("200", "", ref("schemas", "Family")),
   errors=[("400", "missing_field: neither email nor mobile would remain; invalid_field country_code, mobile."),
           ("404", None), ("409", "email_in_use.")])
op("DELETE", "/api/sites/{id}/family/{member}", "familyDelete", "Delete a family member account",
   program=SITES, roles=SITE_ROLES, params=[SITE_ID, MEMBER_ID],
   desc="Frees the slot (family_count - 1) and deletes the member's login. Audit family.delete.",
   ok=("204", "Deleted.", None), errors=[("404", None)])

# -- the MAC library (F16: vestibule-maclib)
MACLIB = "vestibule-maclib"
MAC_ANY_ROLES = ["distributor", "installer", "sub_installer"]
MAC12 = string(12, 12, pattern="^[0-9A-F]{12}$", description="a MAC address, normalised: 12 upper-case hex digits")
MAC_IN = string(12, 17, description="a MAC address: 12 hex digits, either case, separators : - . ignored")
schemas["MacRow"] = robj(OD([
    ("mac", MAC12),
    ("note", string(0, 64)),
    ("installer", robj(OD([("id", ID), ("name", string()), ("email", string(nullable=True))]),
                       ["id", "name", "email"],
                       "Distributor only (the key is absent for installers): the installer the MAC is "
                       "assigned to, null when unassigned.") | {"nullable": True}),
    ("in_use", s("boolean", description="a device carries this MAC")),
    ("site", robj(OD([("id", ID), ("name", string())]), ["id", "name"],
                  "The site of the device using the MAC, for the installer that owns it; always null for "
                  "the distributor.") | {"nullable": True}),
    ("created_at", ISO),
    ("assigned_at", dict(ISO_NULL, description="when it was assigned to its present installer")),
]), ["mac", "note", "in_use", "site", "created_at", "assigned_at"],
    "MACROW: a MAC address of the library.")
schemas["MacList"] = robj(OD([
    ("items", s("array", items=ref("schemas", "MacRow"))),
    ("total", s("integer", description="matching MACs over all pages")),
    ("page", s("integer")), ("per_page", s("integer")),
]), ["items", "total", "page", "per_page"])
schemas["MacImport"] = robj(OD([
    ("created", s("integer", description="MACs newly registered")),
    ("unchanged", s("integer", description="MACs already in the caller's library with the same assignment "
                                           "(or uploaded without installer_id)")),
    ("assigned", s("integer", description="unassigned MACs of the caller's now assigned to installer_id")),
    ("errors", s("array", items=robj(OD([
        ("line", s("integer", description="1-based line of the file")),
        ("value", string(description="the first column as uploaded (at most 64 bytes)")),
        ("reason", string(description="not a MAC address; duplicate of line N; already registered; assigned "
                                      "to a different installer; the note must be at most 64 characters of "
                                      "text")),
    ]), ["line", "value", "reason"]))),
]), ["created", "unchanged", "assigned", "errors"])
MAC_PATH = {"name": "mac", "in": "path", "required": True,
            "description": "the MAC, any case, separators : - . ignored (anything else, or a MAC not in the "
                           "caller's library, is 404)",
            "schema": string()}
MAC_INSTALLER = s("integer", format="int64", minimum=1, nullable=True,
                  description="one of the caller's installers (else 422 unknown_installer); null = none")
op("GET", "/api/maclib/macs", "maclibList", "List and search the MAC library (F16)", program=MACLIB,
   roles=MAC_ANY_ROLES,
   desc="A distributor sees the MACs it registered, an installer (and its sub-installers) those assigned to "
        "it. q is a prefix of the MAC (case and the separators : - . and spaces ignored) or, for installers, "
        "of the name of the site using it.",
   params=[{"name": "q", "in": "query", "required": False, "schema": string(0, 64),
            "description": "search text, a prefix (surrounding spaces ignored); empty = no search"},
           {"name": "state", "in": "query", "required": False,
            "description": "unused / in_use; distributors also unassigned / assigned (installers: 400 "
                           "invalid_field)",
            "schema": string(enum=["unused", "in_use", "unassigned", "assigned"])},
           {"name": "installer_id", "in": "query", "required": False,
            "description": "distributors only (installers: 400 invalid_field): MACs of this installer",
            "schema": s("integer", format="int64", minimum=1)},
           ref("parameters", "Page"), ref("parameters", "PerPage"),
           {"name": "sort", "in": "query", "required": False,
            "description": "a leading - sorts descending; default -created_at (newest first)",
            "schema": string(enum=["created_at", "-created_at", "mac", "-mac", "assigned_at", "-assigned_at"],
                             default="-created_at")}],
   ok=("200", "", ref("schemas", "MacList")))
op("POST", "/api/maclib/macs", "maclibCreate", "Register one MAC address", program=MACLIB,
   roles=["distributor"],
   desc="A MAC is registered once platform-wide. Audit maclib.create.",
   body=obj(OD([("mac", MAC_IN), ("note", string(0, 64)), ("installer_id", MAC_INSTALLER)]), ["mac"]),
   ok=("201", "Created.", ref("schemas", "MacRow")),
   errors=[("400", "invalid_field mac: not a MAC address."),
           ("409", "mac_in_library (field mac): registered already (another distributor's is only said to "
                   "be already registered)."),
           ("422", "unknown_installer (field installer_id).")])
op("POST", "/api/maclib/macs/import", "maclibImport", "Register MAC addresses from a CSV upload",
   program=MACLIB, roles=["distributor"],
   desc="csv: one MAC per line (LF or CRLF), an optional second column (the note, at most 64 characters), "
        "an optional header line whose first column is mac (any case), blank lines skipped; fields may be "
        "quoted (RFC 4180). At most 10,000 data rows, else 422 too_many_rows and nothing is written. Bad rows "
        "are reported with their line and reason and the good ones written, in one transaction. Uploading "
        "the same file again changes nothing (all unchanged). A MAC of the caller's assigned to another "
        "installer is a bad row; an unassigned one uploaded with installer_id is assigned. Body up to 2 MiB. "
        "Audit one maclib.import row with the counts.",
   body=obj(OD([("csv", string(0, 2097152)), ("installer_id", MAC_INSTALLER)]), ["csv"]),
   ok=("200", "", ref("schemas", "MacImport")),
   errors=[("422", "too_many_rows (field csv); unknown_installer (field installer_id).")])
op("PATCH", "/api/maclib/macs/{mac}", "maclibPatch", "Assign a MAC, unassign it or change its note",
   program=MACLIB, roles=["distributor"], params=[MAC_PATH],
   desc="installer_id null unassigns; absent keeps the assignment. A MAC in use cannot move to another "
        "installer or be unassigned. Audit maclib.assign.",
   body=obj(OD([("installer_id", MAC_INSTALLER), ("note", string(0, 64))])),
   ok=("200", "", ref("schemas", "MacRow")),
   errors=[("404", None), ("409", "mac_in_use (field mac): a device uses it."),
           ("422", "unknown_installer (field installer_id).")])
op("DELETE", "/api/maclib/macs/{mac}", "maclibDelete", "Delete a MAC or give it back", program=MACLIB,
   roles=MAC_ANY_ROLES, params=[MAC_PATH],
   desc="A distributor deletes the MAC from its library (audit maclib.delete); an installer gives it back to "
        "the distributor, unassigned (audit maclib.remove).",
   ok=("204", "Deleted.", None),
   errors=[("404", None), ("409", "mac_in_use (field mac): a device uses it.")])

# -- intercom devices (F17-F18: vestibule-devices)
DEVICES = "vestibule-devices"
DEV_ROLES = ["installer", "sub_installer"]
DEVICE_TYPES = ["door_phone", "access_control", "indoor_monitor", "guard_phone"]
ACCESS_METHODS = ["pin", "rf_card", "face", "bluetooth", "nfc", "qr_code"]
EXT_TYPES = ["MK485-G2R-8J8C V3.0", "HF-8000"]
EXT_MODES = ["rs485", "rs485_input_non_latching", "rs485_input_latching", "ethernet"]
RELAY_FUNCTIONS = ["door", "light", "curtain", "alarm", "appliance", "other"]
BUTTON_CALLS = ["apps_and_monitors", "apps", "indoor_monitors", "none"]
DTMF = string(1, 4, pattern="^[0-9*#]{1,4}$", description="1 to 4 of the keys 0-9, * and #")
IPV4 = string(7, 15, format="ipv4", description="dotted quad without leading zeros")
FIRMWARE = string(1, 32, pattern="^[0-9]{1,9}(\\.[0-9]{1,9})*$",
                  description="dotted numbers, e.g. 539.30.10.118, compared field by field as numbers "
                              "(a missing field counts as 0)")
ACCESS_FROM = string(nullable=True, description="null: no firmware of the model binds access methods to single "
                                                "relays; \"\": any firmware does; else the lowest firmware that "
                                                "does")
METHODS = s("array", items=string(enum=ACCESS_METHODS), uniqueItems=True,
            description="unlock methods bound to the relay, in this order: " + ", ".join(ACCESS_METHODS) +
                        "; empty = every method opens it")
DEVICE_ID = {"name": "id", "in": "path", "required": True,
             "description": "device id (anything that is not one of the tenant's devices is 404)",
             "schema": s("integer", format="int64", minimum=1)}

schemas["DeviceModel"] = robj(OD([
    ("model", string(1, 32)),
    ("type", string(enum=DEVICE_TYPES)),
    ("relays", s("integer", description="built-in relays: the most a device of the model may configure")),
    ("access_methods_from", ACCESS_FROM),
    ("security_relay", s("boolean", description="takes the SR01 security relay")),
    ("external_relay", s("boolean", description="indoor monitors: takes an external relay module "
                                                "(MK485-G2R-8J8C V3.0, HF-8000)")),
    ("expansion_modules", s("boolean", description="takes an MD06/MD12 push-button module (R20K, R20B)")),
    ("weather", s("boolean", description="shows the weather of the site's address")),
]), ["model", "type", "relays", "access_methods_from", "security_relay", "external_relay",
     "expansion_modules", "weather"], "MODEL: a device model of the catalogue and what it can do.")
schemas["DeviceModelList"] = robj({"items": s("array", items=ref("schemas", "DeviceModel"),
                                              description="ordered by type (door_phone, access_control, "
                                                          "guard_phone, indoor_monitor), then model")},
                                  ["items"])
RELAY_OUT = robj(OD([("name", string(1, 32)), ("dtmf", DTMF), ("access_methods", METHODS),
                     ("home_page", s("boolean", description="shown on the app's home page")),
                     ("talking_page", s("boolean", description="shown on the app's talking page"))]),
                 ["name", "dtmf", "access_methods", "home_page", "talking_page"])
EXT_RELAY_OUT = robj(OD([
    ("type", string(enum=EXT_TYPES)), ("mode", string(enum=EXT_MODES)),
    ("ip", dict(IPV4, nullable=True, description="ethernet mode only")),
    ("port", s("integer", minimum=1, maximum=65535, nullable=True, description="ethernet mode only")),
    ("relays", s("array", items=robj(OD([("name", string(1, 32)), ("function", string(enum=RELAY_FUNCTIONS))]),
                                     ["name", "function"]))),
]), ["type", "mode", "ip", "port", "relays"])
PUSH_OUT = robj(OD([
    ("module", string(enum=["MD06", "MD12"])),
    ("buttons", s("array", items=robj(OD([("label", string(1, 32)), ("call", string(enum=BUTTON_CALLS))]),
                                      ["label", "call"]))),
]), ["module", "buttons"])
DEVICE_COMMON = ["id", "site_id", "site_name", "type", "model", "mac", "name", "sip_number", "firmware", "online",
                 "last_seen_at", "created_at", "updated_at", "capabilities"]
schemas["Device"] = robj(OD([
    ("id", ID),
    ("site_id", ID),
    ("site_name", string()),
    ("type", string(enum=DEVICE_TYPES)),
    ("model", string(1, 32)),
    ("mac", MAC12),
    ("name", string(1, 64)),
    ("sip_number", SIPNUM),
    ("firmware", dict(FIRMWARE, nullable=True, description="null while unknown")),
    ("online", BOOL),
    ("last_seen_at", ISO_NULL),
    ("created_at", ISO),
    ("updated_at", ISO),
    ("capabilities", robj(OD([
        ("relays", s("integer", description="the model's built-in relays")),
        ("access_methods", s("boolean", description="this model with this firmware binds access methods to "
                                                    "relays now")),
        ("access_methods_from", ACCESS_FROM),
        ("security_relay", BOOL), ("external_relay", BOOL), ("expansion_modules", BOOL),
    ]), ["relays", "access_methods", "access_methods_from", "security_relay", "external_relay",
         "expansion_modules"])),
    ("allow_monitoring", s("boolean", description="door phones, access control terminals, guard phones")),
    ("internet_access", s("boolean", description="door phones, access control terminals, guard phones")),
    ("ip", dict(IPV4, nullable=True, description="the device's static IPv4 address (door phones, terminals, "
                                                 "guard phones)")),
    ("rtsp_path", string(1, 128, description="path of the device's RTSP stream (door phones, terminals, guard "
                                             "phones)")),
    ("relays", s("array", items=RELAY_OUT, description="Relay1, Relay2, ... in order (door phones, terminals, "
                                                       "guard phones)")),
    ("security_relay", robj(OD([("name", string(1, 32)), ("dtmf", DTMF)]), ["name", "dtmf"],
                            "door phones only: the SR01 security relay, or null") | {"nullable": True}),
    ("push_buttons", dict(PUSH_OUT, nullable=True, description="models with expansion_modules only (R20K, "
                                                               "R20B): the MD06/MD12 module, or null")),
    ("arming", s("boolean", description="indoor monitors")),
    ("builtin_relay", robj(OD([("enabled", BOOL), ("name", string(1, 32))]), ["enabled", "name"],
                           "indoor monitors")),
    ("external_relay", dict(EXT_RELAY_OUT, nullable=True, description="indoor monitors: the external relay "
                                                                      "module, or null")),
]), DEVICE_COMMON,
    "DEVICE: an intercom device of a site (F17-F18). Keys that do not apply to the type (or model) are absent. "
    "The RTSP credentials the platform gives door phones are never answered.")
schemas["DeviceList"] = robj(OD([
    ("items", s("array", items=ref("schemas", "Device"))),
    ("total", s("integer", description="matching devices over all pages")),
    ("page", s("integer")), ("per_page", s("integer")),
]), ["items", "total", "page", "per_page"])

# Request bodies.  An object sent where the device has none yet must be whole; sent onto an existing one (PATCH),
# its absent keys keep their values.
RELAY_IN = obj(OD([
    ("name", string(1, 32)),
    ("dtmf", dict(DTMF, description="default \"#\" for relay 1, the relay's number for the others; no two "
                                    "relays (nor the security relay) with one code")),
    ("access_methods", dict(METHODS, description="default []; non-empty needs a model and firmware that bind "
                                                 "them (capabilities)")),
    ("home_page", s("boolean", default=True)), ("talking_page", s("boolean", default=True)),
]), ["name"])
SR_IN = obj(OD([("name", string(1, 32, default="SR01")),
                ("dtmf", dict(DTMF, description="required for a new security relay"))]))
BUILTIN_IN = obj(OD([("enabled", BOOL), ("name", string(1, 32))]))
EXT_IN = obj(OD([
    ("type", string(enum=EXT_TYPES, description="required for a new module")),
    ("mode", string(enum=EXT_MODES, description="required for a new module. MK485-G2R-8J8C V3.0: rs485, "
                                                "rs485_input_non_latching, rs485_input_latching; HF-8000: "
                                                "rs485, ethernet")),
    ("ip", dict(IPV4, nullable=True, description="ethernet only, and then required")),
    ("port", s("integer", minimum=1, maximum=65535, nullable=True,
               description="ethernet only, and then required")),
    ("relays", s("array", minItems=1, maxItems=8,
                 items=obj(OD([("name", string(1, 32)),
                               ("function", string(enum=RELAY_FUNCTIONS, default="door"))]), ["name"]),
                 description="required for a new module; MK485-G2R-8J8C V3.0 up to 8, HF-8000 up to 4; "
                             "replaces the list")),
]), desc="Not sent ip/port stay only while the mode stays ethernet.")
PUSH_IN = obj(OD([
    ("module", string(enum=["MD06", "MD12"], description="required for a new module")),
    ("buttons", s("array", maxItems=12,
                  items=obj(OD([("label", string(1, 32)),
                                ("call", string(enum=BUTTON_CALLS, default="apps_and_monitors"))]), ["label"]),
                  description="MD06 up to 6, MD12 up to 12; replaces the list (absent: kept, [] for a new "
                              "module)")),
]))
DEVICE_PROPS = OD([
    ("model", string(1, 32, description="a model of the catalogue of the device's type (its case is not "
                                        "significant)")),
    ("mac", MAC_IN),
    ("name", string(1, 64)),
    ("firmware", dict(FIRMWARE, nullable=True, description=FIRMWARE["description"] + "; null = unknown")),
    ("allow_monitoring", s("boolean", default=True)),
    ("internet_access", s("boolean", default=True, description="false needs ip")),
    ("ip", dict(IPV4, nullable=True, description="the device's static IPv4 address")),
    ("rtsp_path", string(1, 128, default="/live/ch00_0",
                         description="starts with /, printable ASCII without spaces")),
    ("relays", s("array", items=RELAY_IN, minItems=1, maxItems=8,
                 description="replaces the list; at most the model's relays (default: one relay \"Relay1\")")),
    ("security_relay", dict(SR_IN, nullable=True, description="door phones; null removes it")),
    ("arming", s("boolean", default=False)),
    ("builtin_relay", dict(BUILTIN_IN, description="indoor monitors; default {enabled: true, name: \"Relay1\"}")),
    ("external_relay", dict(EXT_IN, nullable=True, description="indoor monitors; null removes it")),
    ("push_buttons", dict(PUSH_IN, nullable=True, description="R20K/R20B; null removes it")),
])
DEVICE_RULES = (
    "Rules, in order (the first failure answers; nothing is written on any 4xx): "
    "(1) fields: 400 invalid_field / missing_field / unknown_field. "
    "(2) create: site_id not the tenant's: 404 not_found. "
    "(3) model not in the catalogue: 400 invalid_field model; of another type: 400 invalid_field model (\"S539 "
    "is a door phone, not an indoor monitor\"). "
    "(4) a field of another type: 400 invalid_field, field = that key (\"does not apply to indoor monitors\"): "
    "allow_monitoring, internet_access, ip, rtsp_path, relays are for door phones, access control terminals and "
    "guard phones, security_relay for door phones, arming, builtin_relay and external_relay for indoor "
    "monitors. "
    "(5) firmware not dotted numbers: 400 invalid_field firmware; then the nested objects item by item (field "
    "paths such as relays[1].dtmf, external_relay.port; list indexes from 0): 400 invalid_field / "
    "missing_field / unknown_field; two relays with one DTMF code: 400 invalid_field relays[i].dtmf; the "
    "security relay with a relay's code: 400 invalid_field security_relay.dtmf. "
    "(6) on the state the request leaves: more relays than the model has: 422 too_many_relays (relays); access "
    "methods on a model that cannot bind them: 422 access_methods_unsupported, with its minimum firmware and "
    "the firmware unknown: 422 firmware_unknown, lower: 422 firmware_too_old (field relays[i].access_methods; "
    "the firmware is the request's, else the stored one); a security relay the model lacks: 422 "
    "security_relay_unsupported; an external relay the model lacks: 422 external_relay_unsupported; a mode "
    "not of the module: 400 invalid_field external_relay.mode; ethernet without ip or port: 400 missing_field "
    "external_relay.ip / .port; ip or port in another mode: 400 invalid_field; more relays than the module: "
    "422 too_many_relays (external_relay.relays); push buttons on a model without expansion modules: 422 "
    "expansion_unsupported (push_buttons), more than the module has: 422 too_many_buttons "
    "(push_buttons.buttons). "
    "(7) internet_access false without ip: 400 missing_field ip; a bad rtsp_path: 400 invalid_field. "
    "(8) the MAC must be in the installer's MAC library: 409 mac_not_in_library (the same whoever else has "
    "it), and on no other device: 409 mac_in_use (also the loser of two requests racing for one MAC). ")
DEVICE_400 = "invalid_field, missing_field, unknown_field (\"field\" is the path of the value at fault)."
DEVICE_422 = ("too_many_relays, access_methods_unsupported, firmware_unknown, firmware_too_old, "
              "security_relay_unsupported, external_relay_unsupported, expansion_unsupported, too_many_buttons "
              "(\"field\" says which).")

op("GET", "/api/devices/models", "deviceModels", "The device model catalogue with each model's capabilities",
   program=DEVICES, roles=DEV_ROLES,
   desc="The models the portal's forms offer, with what each can do (0006_device_models.sql).",
   ok=("200", "", ref("schemas", "DeviceModelList")))
op("GET", "/api/devices", "devicesList", "List intercom devices (of one site, or all the installer's)",
   program=DEVICES, roles=DEV_ROLES,
   desc="Ordered by site (its id), then type (door_phone, access_control, guard_phone, indoor_monitor), then "
        "name, then id. Each item is the whole DEVICE, relays and buttons included.",
   params=[{"name": "site_id", "in": "query", "required": False,
            "description": "only this site's (another tenant's site is 404)",
            "schema": s("integer", format="int64", minimum=1)},
           {"name": "type", "in": "query", "required": False, "schema": string(enum=DEVICE_TYPES)},
           {"name": "q", "in": "query", "required": False, "schema": string(0, 64),
            "description": "a prefix of the name (case-insensitive) or of the MAC (separators : - . and "
                           "spaces and case ignored); surrounding spaces ignored; empty = no search"},
           ref("parameters", "Page"),
           {"name": "per_page", "in": "query", "required": False,
            "schema": s("integer", minimum=1, maximum=200, default=50)}],
   ok=("200", "", ref("schemas", "DeviceList")), errors=[("404", None)])
op("POST", "/api/devices", "devicesCreate", "Add an intercom device to a site (F17)", program=DEVICES,
   roles=DEV_ROLES,
   desc=DEVICE_RULES + "(9) a site has at most 20 intercom devices: 409 limit_reached (counted under the "
        "site's lock). Defaults: door phones, terminals and guard phones allow monitoring, have internet "
        "access, no ip, rtsp_path /live/ch00_0, one relay {\"name\": \"Relay1\", \"dtmf\": \"#\"} and no "
        "security relay; indoor monitors are not armed, have the built-in relay on (\"Relay1\") and no "
        "external relay; R20K/R20B no push buttons. A new device gets a SIP number from the platform-wide "
        "sequence; a door phone also gets RTSP credentials (user vestibule and a generated password, sealed "
        "with AAD device:<id>:rtsp; none without a platform key), never answered. Audit device.create "
        "(detail: site_id, type, model, mac).",
   body=obj(OD([("site_id", s("integer", format="int64", minimum=1)),
                ("type", string(enum=DEVICE_TYPES))] + list(DEVICE_PROPS.items())),
            ["site_id", "type", "model", "mac", "name"]),
   ok=("201", "Created; Location: /api/devices/{id}.", ref("schemas", "Device")),
   extra_ok_headers={"Location": {"description": "/api/devices/{id} of the new device", "schema": string()}},
   errors=[("400", DEVICE_400), ("404", None),
           ("409", "mac_not_in_library, mac_in_use (field mac); limit_reached (field site_id): the site has 20 "
                   "intercom devices."),
           ("422", DEVICE_422)])
op("GET", "/api/devices/{id}", "devicesGet", "Show an intercom device", program=DEVICES, roles=DEV_ROLES,
   params=[DEVICE_ID], ok=("200", "", ref("schemas", "Device")), errors=[("404", None)])
op("PATCH", "/api/devices/{id}", "devicesPatch", "Edit an intercom device (F18)", program=DEVICES,
   roles=DEV_ROLES, params=[DEVICE_ID],
   desc="Only the keys sent change: a sent list (relays, external_relay.relays, push_buttons.buttons) replaces "
        "the whole list; an object sent onto an existing one (security_relay, builtin_relay, external_relay, "
        "push_buttons) changes the keys it holds; null removes security_relay, external_relay or push_buttons. "
        "A device stays on its site and keeps its type (site_id and type are unknown fields here); the model "
        "may change to another of the same type, the MAC to another unused one of the library (the old one "
        "becomes unused). The rules of create apply to the state that results (e.g. a model with fewer relays "
        "than configured: 422 too_many_relays; a model without expansion modules while push buttons are "
        "configured: 422 expansion_unsupported unless push_buttons: null is sent too). " + DEVICE_RULES +
        "A request that changes nothing (also {}) answers the device and writes no audit row; otherwise audit "
        "device.update (detail: fields, the changed keys; mac: {from, to} when the MAC changed).",
   body=obj(DEVICE_PROPS),
   ok=("200", "", ref("schemas", "Device")),
   errors=[("400", DEVICE_400), ("404", None),
           ("409", "mac_not_in_library, mac_in_use (field mac)."), ("422", DEVICE_422)])
op("DELETE", "/api/devices/{id}", "devicesDelete", "Delete an intercom device; its MAC becomes unused (F18)",
   program=DEVICES, roles=DEV_ROLES, params=[DEVICE_ID],
   desc="Its relays and push buttons go; a camera linked to it is unlinked and it leaves the cameras' "
        "monitoring terminals; its MAC stays in the installer's library, unused. Audit device.delete (detail: "
        "mac, site_id).",
   ok=("204", "Deleted.", None), errors=[("404", None)])

# -- third-party cameras and locks (F19-F20: vestibule-devices)
CAMERA_ID = {"name": "id", "in": "path", "required": True,
             "description": "camera id (anything that is not one of the tenant's cameras is 404)",
             "schema": s("integer", format="int64", minimum=1)}
LOCK_ID = {"name": "id", "in": "path", "required": True,
           "description": "lock id (anything that is not one of the tenant's locks is 404)",
           "schema": s("integer", format="int64", minimum=1)}
VENDOR = {"name": "vendor", "in": "path", "required": True,
          "description": "a lock vendor this deployment offers (one with a base URL in the config; dormakaba "
                         "also needs lock_dormakaba = true); any other is 404 not_found",
          "schema": string(enum=["dormakaba", "salto"])}
RTSP_URL = string(1, 1024, description="rtsp:// or rtsps://, a host (IPv4 or DNS name), optional :port and path. "
                                       "Credentials written into it (rtsp://user:password@host/...) are taken "
                                       "out, percent-decoded (RFC 3986 3.2.1), and become username / password "
                                       "unless those are sent too (then they win); a decoded control "
                                       "character is 400 invalid_field rtsp_url.")
LIST_PAGE = [ref("parameters", "Page"),
             {"name": "per_page", "in": "query", "required": False,
              "schema": s("integer", minimum=1, maximum=200, default=50)}]
PREMIUM_422 = ("premium_plan_required (field site_id): the site's premium plan is off or expired; "
               "no_platform_key (field password): a password but no platform key configured; "
               "invalid_terminal (field monitor_device_ids): an id that is not an indoor monitor of the site; "
               "invalid_link (field linked_device_id): not a door phone of the site.")
schemas["Camera"] = robj(OD([
    ("id", ID),
    ("site_id", ID),
    ("site_name", string(description="the site's name (the guide's owner)")),
    ("name", string(1, 64)),
    ("rtsp_url", string(description="the stream URL without credentials")),
    ("username", string(0, 128, description="\"\" when none")),
    ("has_password", s("boolean", description="a password is kept (sealed); the password itself is "
                                              "write-only and never answered")),
    ("allow_monitoring", BOOL),
    ("monitor_app", s("boolean", description="the residents' apps may watch it")),
    ("monitor_device_ids", s("array", items=ID, description="the indoor monitors of the site that may "
                                                            "watch it, ascending")),
    ("linked_device_id", dict(ID, nullable=True, description="the door phone it is linked to")),
    ("linked_device_name", string(nullable=True)),
    ("created_at", ISO),
    ("updated_at", ISO),
]), ["id", "site_id", "site_name", "name", "rtsp_url", "username", "has_password", "allow_monitoring",
     "monitor_app", "monitor_device_ids", "linked_device_id", "linked_device_name", "created_at", "updated_at"],
    "CAMERA: a third-party RTSP camera of a site (F19).")
schemas["CameraList"] = robj(OD([
    ("items", s("array", items=ref("schemas", "Camera"))),
    ("total", s("integer")), ("page", s("integer")), ("per_page", s("integer")),
]), ["items", "total", "page", "per_page"])
CAMERA_PROPS = OD([
    ("name", string(1, 64)),
    ("rtsp_url", RTSP_URL),
    ("username", string(0, 128, nullable=True, description="null or \"\" = none")),
    ("password", string(0, 128, format="password", nullable=True,
                        description="0 to 128 bytes; null or \"\" = none. Write-only: sealed with AES-256-GCM "
                                    "(AAD camera:<id>:password), never answered, logged or audited.")),
    ("allow_monitoring", s("boolean", default=True)),
    ("monitor_app", s("boolean", default=True)),
    ("monitor_device_ids", s("array", items=s("integer", format="int64", minimum=1), maxItems=32,
                             uniqueItems=True, description="indoor monitors of the same site")),
    ("linked_device_id", s("integer", format="int64", minimum=1, nullable=True,
                           description="a door phone of the same site; null = none")),
])
op("GET", "/api/devices/cameras", "camerasList", "List third-party cameras (F19)", program=DEVICES,
   roles=DEV_ROLES,
   desc="The tenant's cameras, of one site or all, ordered by site, then name.",
   params=[{"name": "site_id", "in": "query", "required": False,
            "description": "only this site's (another tenant's site is 404)",
            "schema": s("integer", format="int64", minimum=1)},
           {"name": "q", "in": "query", "required": False, "schema": string(0, 64),
            "description": "a prefix of the name"}] + LIST_PAGE,
   ok=("200", "", ref("schemas", "CameraList")), errors=[("404", None)])
op("POST", "/api/devices/cameras", "camerasCreate", "Add a third-party camera to a site (premium plan)",
   program=DEVICES, roles=DEV_ROLES,
   desc="Checks, in order: the site (404), its premium plan (422), the password needs the platform key, "
        "the monitoring terminals, the link, at most 16 cameras per site (409). Audit camera.create.",
   body=obj(OD([("site_id", s("integer", format="int64", minimum=1))] + list(CAMERA_PROPS.items())),
            ["site_id", "name", "rtsp_url"]),
   ok=("201", "Created.", ref("schemas", "Camera")),
   errors=[("404", None), ("409", "limit_reached (field site_id): the site has 16 cameras."),
           ("422", PREMIUM_422)])
op("GET", "/api/devices/cameras/{id}", "camerasGet", "Show a third-party camera", program=DEVICES,
   roles=DEV_ROLES, params=[CAMERA_ID], ok=("200", "", ref("schemas", "Camera")), errors=[("404", None)])
op("PATCH", "/api/devices/cameras/{id}", "camerasPatch", "Edit a third-party camera", program=DEVICES,
   roles=DEV_ROLES, params=[CAMERA_ID],
   desc="Only the keys sent change; monitor_device_ids replaces the list; a request without password keeps "
        "it. While the site's premium plan has lapsed nothing changes (422 premium_plan_required). A request "
        "that changes nothing writes no audit row. Audit camera.update (detail: the changed keys and "
        "password_changed, never the password).",
   body=obj(CAMERA_PROPS),
   ok=("200", "", ref("schemas", "Camera")), errors=[("404", None), ("422", PREMIUM_422)])
op("DELETE", "/api/devices/cameras/{id}", "camerasDelete", "Delete a third-party camera", program=DEVICES,
   roles=DEV_ROLES, params=[CAMERA_ID],
   desc="Works whatever the site's plan. Audit camera.delete.",
   ok=("204", "Deleted.", None), errors=[("404", None)])

schemas["LockVendor"] = robj(OD([
    ("vendor", string(enum=["dormakaba", "salto"])),
    ("title", string()),
    ("connected", BOOL),
    ("username", string(nullable=True, description="the vendor account's login, null when not connected")),
    ("connected_at", ISO_NULL),
]), ["vendor", "title", "connected", "username", "connected_at"],
    "A lock vendor this deployment offers and the installer's account there.")
schemas["LockVendorList"] = robj({"items": s("array", items=ref("schemas", "LockVendor"))}, ["items"])
schemas["VendorLockList"] = robj({"items": s("array", items=robj(OD([
    ("vendor_lock_id", string(1, 128)),
    ("name", string(description="the vendor's name for it")),
    ("added", s("boolean", description="added as one of the installer's locks")),
    ("lock_id", dict(ID, nullable=True, description="its id when added")),
]), ["vendor_lock_id", "name", "added", "lock_id"]))}, ["items"])
schemas["Lock"] = robj(OD([
    ("id", ID),
    ("vendor", string(enum=["dormakaba", "salto"])),
    ("vendor_lock_id", string(1, 128)),
    ("name", string(1, 64)),
    ("site_id", dict(ID, nullable=True)),
    ("site_name", string(nullable=True)),
    ("created_at", ISO),
    ("updated_at", ISO),
]), ["id", "vendor", "vendor_lock_id", "name", "site_id", "site_name", "created_at", "updated_at"],
    "LOCK: a vendor's lock the installer added, assigned to one of its sites or to none (F20).")
schemas["LockList"] = robj(OD([
    ("items", s("array", items=ref("schemas", "Lock"))),
    ("total", s("integer")), ("page", s("integer")), ("per_page", s("integer")),
]), ["items", "total", "page", "per_page"])
VENDOR_FAIL = [("502", "vendor_unavailable: the vendor could not be reached in 5 s or answered nonsense.")]
op("GET", "/api/devices/lock-vendors", "lockVendorsList",
   "The lock vendors this deployment offers and the installer's connections (F20)", program=DEVICES,
   roles=DEV_ROLES, ok=("200", "", ref("schemas", "LockVendorList")))
op("PUT", "/api/devices/lock-vendors/{vendor}", "lockVendorConnect",
   "Connect the installer's account at a lock vendor", program=DEVICES, roles=DEV_ROLES, params=[VENDOR],
   desc="Logs in at the vendor; the token it gives is kept sealed (AAD lock_account:<installer>:<vendor>). The "
        "password is used for this login only: never stored or logged. Connecting again replaces the token. "
        "Nothing is stored when the login fails. Audit lock_vendor.connect.",
   body=obj(OD([("username", string(1, 128)),
                ("password", string(1, 256, format="password"))]), ["username", "password"]),
   ok=("200", "", ref("schemas", "LockVendor")),
   errors=[("404", None),
           ("422", "vendor_login_failed (field password): the vendor refused the credentials; "
                   "no_platform_key: no platform key configured.")] + VENDOR_FAIL)
op("DELETE", "/api/devices/lock-vendors/{vendor}", "lockVendorDisconnect",
   "Disconnect a lock vendor account (its locks are removed)", program=DEVICES, roles=DEV_ROLES,
   params=[VENDOR], desc="404 also when not connected. Audit lock_vendor.disconnect.",
   ok=("204", "Disconnected.", None), errors=[("404", None)])
op("GET", "/api/devices/lock-vendors/{vendor}/locks", "lockVendorLocks",
   "The locks of the installer's vendor account, marked when added", program=DEVICES, roles=DEV_ROLES,
   params=[VENDOR], desc="Asks the vendor each time, in the vendor's order.",
   ok=("200", "", ref("schemas", "VendorLockList")),
   errors=[("404", None), ("409", "vendor_not_connected."),
           ("422", "vendor_reconnect_needed: the vendor refused the kept token; connect again.")]
   + VENDOR_FAIL)
op("GET", "/api/devices/locks", "locksList", "List the installer's third-party locks", program=DEVICES,
   roles=DEV_ROLES, desc="Ordered by vendor, then name.",
   params=[{"name": "site_id", "in": "query", "required": False,
            "description": "only this site's (another tenant's site is 404)",
            "schema": s("integer", format="int64", minimum=1)},
           {"name": "vendor", "in": "query", "required": False,
            "description": "only this vendor's (a vendor not offered is 404)",
            "schema": string(enum=["dormakaba", "salto"])}] + LIST_PAGE,
   ok=("200", "", ref("schemas", "LockList")), errors=[("404", None)])
op("POST", "/api/devices/locks", "locksCreate", "Add a vendor's lock, optionally assigned to a site",
   program=DEVICES, roles=DEV_ROLES,
   desc="The vendor must be connected and list the lock; name defaults to the vendor's name for it. "
        "Audit lock.create.",
   body=obj(OD([("vendor", string(enum=["dormakaba", "salto"])), ("vendor_lock_id", string(1, 128)),
                ("name", string(1, 64)),
                ("site_id", s("integer", format="int64", minimum=1, nullable=True))]),
            ["vendor", "vendor_lock_id"]),
   ok=("201", "Created.", ref("schemas", "Lock")),
   errors=[("404", "not_found: a vendor not offered, or a site that is not the tenant's."),
           ("409", "vendor_not_connected (field vendor); lock_exists (field vendor_lock_id): added already."),
           ("422", "unknown_lock (field vendor_lock_id): the vendor does not list it; "
                   "vendor_reconnect_needed.")] + VENDOR_FAIL)
op("PATCH", "/api/devices/locks/{id}", "locksPatch", "Rename a lock or assign it to a site (null: unassign)",
   program=DEVICES, roles=DEV_ROLES, params=[LOCK_ID],
   desc="A request that changes nothing writes no audit row. Audit lock.update.",
   body=obj(OD([("name", string(1, 64)),
                ("site_id", s("integer", format="int64", minimum=1, nullable=True))])),
   ok=("200", "", ref("schemas", "Lock")),
   errors=[("404", "not_found: not the tenant's lock, or a site that is not the tenant's.")])
op("DELETE", "/api/devices/locks/{id}", "locksDelete", "Remove a third-party lock", program=DEVICES,
   roles=DEV_ROLES, params=[LOCK_ID], desc="The lock stays at the vendor. Audit lock.delete.",
   ok=("204", "Removed.", None), errors=[("404", None)])
op("POST", "/api/devices/locks/{id}/unlock", "locksUnlock", "Open a lock through its vendor (the installer's test)",
   program=DEVICES, roles=DEV_ROLES, params=[LOCK_ID],
   desc="Sends the vendor's open command. Audit lock.unlock.",
   body=ref("schemas", "Empty"), body_required=False,
   ok=("204", "The vendor took the command.", None),
   errors=[("404", None),
           ("422", "unknown_lock: the vendor no longer knows it; vendor_reconnect_needed.")] + VENDOR_FAIL)

# -- stream URLs of the RTSP relay (F39: vestibule-devices)
schemas["StreamUrl"] = robj({
    "source_id": string(description='the relay source: "d<device id>" or "c<camera id>"'),
    "url": string(description="rtsp://<relay>/s/<source_id>?token=<token>; the token opens this source only, "
                              "until expires_at"),
    "username": string(description='the same token as RTSP digest credentials: "<viewer>.<expiry>"'),
    "password": string(description="... and its signature, for players that take credentials apart"),
    "expires_at": string(format="date-time"),
}, ["source_id", "url", "username", "password", "expires_at"],
   "A short-lived viewer URL of the relay (stream_token_ttl_s, default 300 s). Not cached (Cache-Control: no-store).")
STREAM_DESC = ("The token is signed with a secret derived from the platform key, so the relay checks it without a "
               "database round trip. 422 monitoring_off while allow_monitoring is off (the relay would answer 403); "
               "422 no_platform_key when the platform has no key_file.")
op("GET", "/api/devices/{id}/stream", "devicesStream", "A short-lived RTSP relay URL of a door phone's video",
   program=DEVICES, roles=DEV_ROLES, params=[DEVICE_ID], desc=STREAM_DESC + " 422 no_stream for a device that is "
   "not a door phone.", ok=("200", "", ref("schemas", "StreamUrl")),
   errors=[("404", None), ("422", "monitoring_off, no_platform_key, no_stream (see above).")])
op("GET", "/api/devices/cameras/{id}/stream", "camerasStream", "A short-lived RTSP relay URL of a camera's video",
   program=DEVICES, roles=DEV_ROLES, params=[CAMERA_ID], desc=STREAM_DESC,
   ok=("200", "", ref("schemas", "StreamUrl")),
   errors=[("404", None), ("422", "monitoring_off, no_platform_key (see above).")])

# -- served outside the area programs' route tables
paths["/api/openapi.json"] = OD(get=OD([
    ("tags", ["meta"]), ("operationId", "openapi"), ("summary", "This document"),
    ("description", "A static file served by nginx (htdocs/api/openapi.json)."),
    ("x-vestibule-program", "nginx"), ("security", []),
    ("responses", {"200": {"description": "OpenAPI 3.0.3 document",
                           "content": {"application/json": {"schema": s("object")}}}}),
]))
for what, schema, ctype, desc in (
        ("health", ref("schemas", "Health"), "application/json",
         "Liveness and database reachability of the area program."),
        ("metrics", string(), "text/plain",
         "Prometheus text format: request counts by route and status class, latency buckets.")):
    paths["/internal/{area}/" + what] = OD(get=OD([
        ("tags", ["internal"]), ("operationId", "internal" + what.capitalize()),
        ("summary", what.capitalize() + " of an area program"),
        ("description", desc + " Internal: served only on http://127.0.0.1:<metrics_port> (nginx's loopback "
                        "server), never on the public port. Answered by every area program itself, "
                        "outside its route table."),
        ("x-vestibule-program", "every area program (internal)"), ("x-internal", True),
        ("servers", [{"url": "http://127.0.0.1:{metrics_port}",
                      "variables": {"metrics_port": {"default": "9180"}}}]),
        ("parameters", [ref("parameters", "Area")]), ("security", []),
        ("responses", {"200": {"description": "OK", "content": {ctype: {"schema": schema}}},
                       "503": err_resp("The database is unreachable.")}),
    ]))

doc = OD()
doc["openapi"] = "3.0.3"
doc["info"] = OD([
    ("title", "Vestibule API"),
    ("version", "0.1.0"),
    ("description", "\n".join([
        "The HTTP API of Vestibule, an open, self-hosted cloud platform for intercom installers.",
        "",
        "Conventions:",
        "- Bodies are JSON (Content-Type: application/json), one strict JSON object, depth at most 16, "
        "at most 1 MiB unless a route says less. Unknown fields are refused (400 unknown_field).",
        "- Errors: {\"error\": {\"code\", \"field\" (only when one field is at fault), \"message\"}} with "
        "400, 401, 403, 404, 405 (method_not_allowed), 409 (conflict), 413, 415, 422 (a rule of the domain "
        "refused), 429, 500, 503.",
        "- Every response has X-Request-Id.",
        "- State-changing requests (POST, PUT, PATCH, DELETE) need the header X-Vestibule-Csrf: 1, and an "
        "Origin header, when sent, must equal the configured public origin; else 403 csrf.",
        "- The session cookie is vb_session over plain HTTP and __Host-vb_session behind TLS "
        "(HttpOnly; SameSite=Strict; Path=/; Secure with TLS). Sessions expire after 2 hours without use "
        "and 12 hours after login (configurable).",
        "- Login steps: a session starts at the first pending step: 2fa (when the distributor enabled "
        "2FA for the account) -> privacy (the current policy not yet accepted) -> email (no confirmed "
        "address) -> done. Routes need stage done unless marked pending ok (x-vestibule-pending-ok).",
        "- Passwords: 8 to 128 bytes, not all one character; stored with scrypt (N=2^17, r=8, p=1).",
        "- Lists: ?q=&page=&per_page=&sort= answer {\"items\", \"total\", \"page\", \"per_page\"}; per_page "
        "1..200, default 20.",
        "- Another tenant's object is 404, never 403.",
        "- Throttling: nginx limits /api/auth/login, /api/auth/2fa/* and /api/auth/password/* to 10 "
        "requests/s per address (burst 20) -> 429 too_many_requests, Retry-After: 1. Behind that, the "
        "auth program counts failed sign-ins: 5 for one account or from one address within 15 minutes -> "
        "429 too_many_attempts with Retry-After 60 s, doubling with each further failure up to 3600 s "
        "(a locked-out attempt is refused before the password check and not counted). Password reset "
        "requests: the same numbers per address.",
        "- 2FA: emailed codes are 6 digits, valid 10 minutes, 5 wrong tries, at most one new code per 30 s "
        "(a new code voids the old ones); TOTP per RFC 6238 (SHA-1, 30 s, 6 digits, +-1 step, each step "
        "once).",
        "- Links: email confirmation 24 hours, password reset 1 hour; both single use.",
        "",
        "x-vestibule-program names the program serving an operation; x-vestibule-roles the roles allowed "
        "([\"public\"] = no session); x-vestibule-pending-ok whether a session with login steps left "
        "may call it.",
    ])),
    ("license", {"name": "see the repository"}),
])
doc["servers"] = [{"url": "/", "description": "the portal's own origin"}]
doc["tags"] = [
    {"name": "auth", "description": "Sign-in, login steps, account settings (vestibule-auth)"},
    {"name": "distributor", "description": "A distributor's installers and account access (vestibule-distributor)"},
    {"name": "sites", "description": "Single-family sites, their residents and family members (vestibule-sites)"},
    {"name": "dashboard", "description": "The installer's dashboard counts (vestibule-sites)"},
    {"name": "maclib", "description": "The MAC library (vestibule-maclib)"},
    {"name": "devices", "description": "Intercom devices, third-party cameras and locks (vestibule-devices)"},
    {"name": "meta", "description": "About the API"},
    {"name": "internal", "description": "Health and metrics on the loopback-only port"},
]
doc["paths"] = paths
doc["components"] = OD([("schemas", schemas), ("responses", responses), ("parameters", parameters),
                        ("headers", headers), ("securitySchemes", security_schemes)])

json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
sys.stdout.write("\n")
