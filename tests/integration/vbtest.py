"""vbtest.py - helpers for the Vestibule integration tests.

The tests drive the real stack (nginx -> FastCGI programs -> MariaDB, the
mail worker and the SMTP sink) over HTTP, the way a browser would, and look
into the database and the sink's mail folder to see what a user would see.
Python 3.11 standard library only.

Environment (set by conf/devstack.sh test):
  VB_BASE_URL     public nginx, e.g. http://127.0.0.1:18080
  VB_MAIL_DIR     where the SMTP sink writes <epoch-ms>-<n>.eml
  VB_CONF         vestibule.conf of the stack
  VB_ADMIN        path of vestibule-admin
  VB_DB_SOCKET    MariaDB unix socket (user root, no password)
  VB_DB_NAME      database name (vestibule)
  VB_METRICS_URL  the loopback-only server with /internal/<area>/...
  VB_RUN_DIR      <area>.pid files (prefork master pids)
  VB_LOG_DIR      log files
"""

import base64
import email
import email.policy
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import socket
import string
import struct
import subprocess
import threading
import time
import urllib.parse

BASE_URL = os.environ.get("VB_BASE_URL", "http://127.0.0.1:18080")
MAIL_DIR = os.environ.get("VB_MAIL_DIR", "")
CONF = os.environ.get("VB_CONF", "")
ADMIN = os.environ.get("VB_ADMIN", "")
DB_SOCKET = os.environ.get("VB_DB_SOCKET", "")
DB_NAME = os.environ.get("VB_DB_NAME", "vestibule")
METRICS_URL = os.environ.get("VB_METRICS_URL", "")
RUN_DIR = os.environ.get("VB_RUN_DIR", "")
LOG_DIR = os.environ.get("VB_LOG_DIR", "")

_u = urllib.parse.urlsplit(BASE_URL)
HOST = _u.hostname or "127.0.0.1"
PORT = _u.port or 80

ME_FIELDS = ("id", "role", "username", "email", "email_confirmed", "name", "stage",
             "twofa_enabled", "totp_enrolled", "notifications_enabled",
             "payment_permission", "account_access_enabled", "access_granted",
             "installer_app", "switched_by")
INST_FIELDS = ("id", "email", "username", "name", "status", "twofa_enabled",
               "payment_permission", "account_access_enabled", "access_granted",
               "created_at")


# ---------------------------------------------------------------------------
# Failures and bookkeeping

class Failure(AssertionError):
    """A test expectation that did not hold; the message says what and why."""


def fail(msg):
    raise Failure(msg)


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def eq(got, want, what):
    if got != want:
        raise Failure("%s: expected %r, got %r" % (what, want, got))


_current = threading.local()
_current_default = ["?"]
RESPONSES = []          # (test name, method, path, status), every HTTP answer
_responses_lock = threading.Lock()


def set_current_test(name):
    """The runner names the running test so recorded responses carry it."""
    _current.name = name
    _current_default[0] = name


def current_test():
    return getattr(_current, "name", None) or _current_default[0]


def _record(method, path, status):
    with _responses_lock:
        RESPONSES.append((current_test(), method, path, status))


# ---------------------------------------------------------------------------
# Configuration of the stack

_conf_cache = None


def conf():
    """vestibule.conf as a dict of strings ("key = value" lines)."""
    global _conf_cache
    if _conf_cache is None:
        d = {}
        if CONF and os.path.exists(CONF):
            with open(CONF, encoding="utf-8") as f:
                for line in f:
                    line = line.split("#", 1)[0].strip()
                    if "=" in line:
                        k, v = line.split("=", 1)
                        d[k.strip()] = v.strip()
        _conf_cache = d
    return _conf_cache


def conf_int(key, dflt):
    try:
        return int(conf().get(key, dflt))
    except ValueError:
        return dflt


def public_origin():
    return conf().get("public_origin", "http://127.0.0.1:8080").rstrip("/")


def session_idle_s():
    return conf_int("session_idle_s", 7200)


# ---------------------------------------------------------------------------
# Unique names

_uniq_lock = threading.Lock()
_uniq_n = [0]
_RUN = "%x" % (int(time.time()) % 0xFFFFFF)


def uniq(prefix="t"):
    """A name never used before in this database: prefix, run stamp, counter,
    random letters (lower case, usable in e-mail local parts and usernames)."""
    with _uniq_lock:
        _uniq_n[0] += 1
        n = _uniq_n[0]
    rnd = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(5))
    return "%s-%s-%d-%s" % (prefix, _RUN, n, rnd)


def uniq_email(prefix="t"):
    return "%s@example.com" % uniq(prefix)


def uniq_password():
    return "Pw-" + "".join(random.choice(string.ascii_letters + string.digits) for _ in range(18))


_used_addrs = set()


def new_source_addr():
    """A loopback source address of its own (127.a.b.c), so per-address
    throttling and nginx limit_req never mix two tests."""
    with _uniq_lock:
        while True:
            a = "127.%d.%d.%d" % (random.randint(1, 254), random.randint(0, 255),
                                  random.randint(1, 254))
            if a not in _used_addrs:
                _used_addrs.add(a)
                return a


# ---------------------------------------------------------------------------
# HTTP

class Resp:
    """One HTTP answer: status, headers (list of pairs), body bytes, .json."""

    def __init__(self, status, headers, body, method="", path=""):
        self.status = status
        self.headers = headers
        self.body = body
        self.method = method
        self.path = path
        self.json = None
        if body:
            try:
                self.json = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self.json = None

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def headers_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    @property
    def error(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("error"), dict):
            return self.json["error"]
        return None

    @property
    def code(self):
        e = self.error
        return e.get("code") if e else None

    def __repr__(self):
        b = self.body[:400]
        try:
            b = b.decode("utf-8")
        except UnicodeDecodeError:
            pass
        return "%s %s -> %s %r" % (self.method, self.path, self.status, b)


_NOBODY = object()
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")


def _cookie_parse(value):
    """Set-Cookie -> (name, value, {attr lower: value}) (RFC 6265 5.2)."""
    parts = [p.strip() for p in value.split(";")]
    name, _, val = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return name.strip(), val.strip(), attrs


def _cookie_clears(val, attrs):
    if val == "":
        return True
    if "max-age" in attrs:
        try:
            if int(attrs["max-age"]) <= 0:
                return True
        except ValueError:
            pass
    if "expires" in attrs:
        try:
            t = email.utils.parsedate_to_datetime(attrs["expires"]).timestamp()
            if t < time.time():
                return True
        except (TypeError, ValueError):
            pass
    return False


class Client:
    """A browser-like client: one source address, a cookie jar holding the
    session cookie, JSON in and out, and the CSRF header on state-changing
    requests unless told otherwise."""

    def __init__(self, addr=None, token=None):
        self.addr = addr or new_source_addr()
        self.cookie_name = "vb_session"
        self.token = token
        self.set_cookies = []      # every Set-Cookie seen, raw
        self.last = None

    # -- plumbing ---------------------------------------------------------
    def request(self, method, path, body=_NOBODY, *, raw=None, headers=None, csrf=None,
                origin=None, ctype="application/json", cookie=True, timeout=20):
        hdrs = {}
        if csrf is None:
            csrf = method in STATE_CHANGING
        if csrf:
            hdrs["X-Vestibule-Csrf"] = "1"
        if origin is not None:
            hdrs["Origin"] = origin
        data = None
        if raw is not None:
            data = raw
        elif body is not _NOBODY:
            data = json.dumps(body).encode("utf-8")
        elif method in ("POST", "PUT", "PATCH"):
            data = b"{}"
        if data is not None and ctype is not None:
            hdrs["Content-Type"] = ctype
        if cookie and self.token:
            hdrs["Cookie"] = "%s=%s" % (self.cookie_name, self.token)
        if headers:
            hdrs.update(headers)
        conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout,
                                          source_address=(self.addr, 0))
        try:
            conn.request(method, path, body=data, headers=hdrs)
            r = conn.getresponse()
            body_b = r.read()
            resp = Resp(r.status, r.getheaders(), body_b, method, path)
        finally:
            conn.close()
        _record(method, path, resp.status)
        self._take_cookies(resp)
        self.last = resp
        return resp

    def _take_cookies(self, resp):
        for sc in resp.headers_all("Set-Cookie"):
            self.set_cookies.append(sc)
            name, val, attrs = _cookie_parse(sc)
            if not name.endswith("vb_session"):
                continue
            self.cookie_name = name
            self.token = None if _cookie_clears(val, attrs) else val

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=_NOBODY, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=_NOBODY, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=_NOBODY, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def me(self):
        return self.get("/api/auth/me")

    def raw_http(self, data, shutdown_write=False, timeout=12):
        """Sends data (a whole HTTP request, possibly lying) on a fresh
        connection, optionally closes the write side, and reads the answer
        until the server closes.  Returns (Resp or None, seconds taken)."""
        t0 = time.monotonic()
        s = socket.create_connection((HOST, PORT), timeout=timeout,
                                     source_address=(self.addr, 0))
        chunks = []
        try:
            try:
                view = memoryview(data)
                while view:
                    n = s.send(view[:65536])
                    view = view[n:]
            except (BrokenPipeError, ConnectionResetError):
                pass
            if shutdown_write:
                try:
                    s.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
            while True:
                try:
                    b = s.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    break
                if not b:
                    break
                chunks.append(b)
                if time.monotonic() - t0 > timeout:
                    break
        finally:
            s.close()
        elapsed = time.monotonic() - t0
        resp = parse_raw_response(b"".join(chunks))
        if resp is not None:
            resp.method, resp.path = "RAW", data[:60].split(b"\r\n")[0].decode("latin-1")
            _record("RAW", resp.path, resp.status)
        return resp, elapsed


def parse_raw_response(buf):
    """Parses an HTTP/1.x response read to EOF (Content-Length or chunked)."""
    if not buf:
        return None
    head, sep, rest = buf.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
    if not m:
        return None
    headers = []
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
    te = [v for k, v in headers if k.lower() == "transfer-encoding"]
    if te and "chunked" in te[0].lower():
        body, r = b"", rest
        while r:
            size_line, _, r = r.partition(b"\r\n")
            try:
                n = int(size_line.split(b";")[0], 16)
            except ValueError:
                break
            if n == 0:
                break
            body += r[:n]
            r = r[n + 2:]
        rest = body
    return Resp(int(m.group(1)), headers, rest)


def raw_request(method, path, body, headers, content_length=None):
    """Builds request bytes; content_length overrides the true length."""
    cl = len(body) if content_length is None else content_length
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s:%d" % (HOST, PORT),
             "Connection: close", "Content-Length: %d" % cl]
    for k, v in headers.items():
        lines.append("%s: %s" % (k, v))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def http_get_url(url, timeout=10):
    """A plain GET of an absolute URL (metrics server); returns Resp."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)
    try:
        path = u.path + ("?" + u.query if u.query else "")
        conn.request("GET", path)
        r = conn.getresponse()
        resp = Resp(r.status, r.getheaders(), r.read(), "GET", url)
    finally:
        conn.close()
    _record("GET", url, resp.status)
    return resp


# ---------------------------------------------------------------------------
# Expectations on answers

def expect(resp, status, code=None, field=None):
    """resp must have status; for errors also the one error shape with code
    (and field).  Every answer must carry X-Request-Id.  Returns resp."""
    if resp.status != status:
        fail("expected %d%s, got %r" % (status, " " + code if code else "", resp))
    check(resp.header("X-Request-Id"), "no X-Request-Id header on %r" % resp)
    if status >= 400:
        expect_error_shape(resp)
        if code is not None:
            eq(resp.code, code, "error code of %s %s" % (resp.method, resp.path))
        if field is not None:
            eq(resp.error.get("field"), field, "error field of %s %s" % (resp.method, resp.path))
    return resp


def expect_error_shape(resp):
    e = resp.error
    check(e is not None, "answer is not the error shape {\"error\":{...}}: %r" % resp)
    check(isinstance(resp.json, dict) and list(resp.json.keys()) == ["error"],
          "error body has keys other than \"error\": %r" % resp)
    check(isinstance(e.get("code"), str) and e["code"], "error without a code: %r" % resp)
    check(isinstance(e.get("message"), str), "error without a message: %r" % resp)
    for k in e:
        check(k in ("code", "field", "message"), "error has an unexpected key %r: %r" % (k, resp))
    if "field" in e:
        check(isinstance(e["field"], str), "error field is not a string: %r" % resp)


def expect_4xx(resp, allowed=None):
    """Any 4xx in the error shape (allowed: a set of statuses to narrow it)."""
    check(resp is not None, "no answer at all")
    if allowed is not None:
        check(resp.status in allowed, "expected one of %s, got %r" % (sorted(allowed), resp))
    check(400 <= resp.status < 500, "expected a 4xx, got %r" % resp)
    expect_error_shape(resp)
    return resp


# ---------------------------------------------------------------------------
# Database (the mariadb CLI over the socket)

def sql(query):
    """Runs one or more statements; returns rows of the last result as lists
    of strings (NULL as None).  Values must not contain tabs or newlines;
    use sql_text for stored text that might."""
    # utf8mb4 explicitly: without a locale (LANG unset) the client uses latin1.
    p = subprocess.run(["mariadb", "--no-defaults", "--default-character-set=utf8mb4",
                        "-S", DB_SOCKET, "-u", "root", DB_NAME,
                        "-N", "-B", "-e", query], capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("mariadb failed (%s): %s" % (query[:200], p.stderr.decode(errors="replace")))
    if query.lstrip().split(None, 1)[0].upper() in ("UPDATE", "DELETE", "INSERT", "REPLACE"):
        # A change made behind the programs' backs: tell their session
        # caches, as an operator editing the database by hand would.
        admin("flush-caches")
    rows = []
    for line in p.stdout.decode("utf-8", errors="replace").split("\n"):
        if line == "":
            continue
        rows.append([None if c == "NULL" else c for c in line.split("\t")])
    return rows


def sql_one(query):
    rows = sql(query)
    return rows[0][0] if rows else None


def sql_int(query):
    v = sql_one(query)
    return int(v) if v is not None else None


def sql_text(expr_query):
    """expr_query selects one column as HEX(...); returns the decoded text."""
    v = sql_one(expr_query)
    if v is None:
        return None
    return bytes.fromhex(v).decode("utf-8")


def q(s):
    """A SQL string literal."""
    return "'" + str(s).replace("\\", "\\\\").replace("'", "''") + "'"


def db_now():
    """The database's UTC_TIMESTAMP(3) as a string (for 'after this' checks)."""
    return sql_one("SELECT UTC_TIMESTAMP(3)")


def account_id(email=None, username=None):
    if email is not None:
        return sql_int("SELECT id FROM accounts WHERE email = %s" % q(email))
    return sql_int("SELECT id FROM accounts WHERE username = %s" % q(username))


def token_hashes(token):
    """The two ways a token may be digested (the text or the 32 raw bytes)."""
    out = [hashlib.sha256(token.encode()).hexdigest()]
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        out.append(hashlib.sha256(raw).hexdigest())
    except (ValueError, TypeError):
        pass
    return out


def session_row_id(token):
    """The sessions.id of a cookie token, or None."""
    hs = ",".join(q(h) for h in token_hashes(token))
    return sql_int("SELECT id FROM sessions WHERE token_hash IN (%s)" % hs)


_APPEND_TABLES = ("accounts", "sessions", "login_attempts", "audit_log", "mail_outbox",
                  "password_resets", "email_confirmations", "twofa_codes")


def snapshot(account_ids=()):
    """What a hostile request must not change: the newest id of every
    append-mostly table, and every row that belongs to the given accounts
    (sessions without last_seen_at, which a read may refresh)."""
    parts = []
    for t in _APPEND_TABLES:
        parts.append("SELECT '%s', COALESCE(MAX(id),0) FROM %s" % (t, t))
    parts.append("SELECT 'privacy_acceptances', COUNT(*) FROM privacy_acceptances")
    parts.append("SELECT 'service_provider_info', COUNT(*) FROM service_provider_info")
    parts.append("SELECT 'totp_secrets', COUNT(*) FROM totp_secrets")
    snap = {r[0]: r[1] for r in sql(" UNION ALL ".join(parts))}
    for a in account_ids:
        a = int(a)
        snap["account:%d" % a] = sql("SELECT * FROM accounts WHERE id = %d" % a)
        snap["sessions:%d" % a] = sql(
            "SELECT id, account_id, acting_account_id, stage, created_at, expires_at "
            "FROM sessions WHERE account_id = %d OR acting_account_id = %d ORDER BY id" % (a, a))
        snap["spi:%d" % a] = sql("SELECT HEX(company_name), HEX(contact_name), HEX(email), "
                                 "HEX(phone), HEX(address), HEX(website), updated_at "
                                 "FROM service_provider_info WHERE account_id = %d" % a)
        snap["totp:%d" % a] = sql("SELECT * FROM totp_secrets WHERE account_id = %d" % a)
        snap["privacy:%d" % a] = sql("SELECT * FROM privacy_acceptances WHERE account_id = %d" % a)
        snap["resets:%d" % a] = sql("SELECT id, used_at, expires_at FROM password_resets "
                                    "WHERE account_id = %d ORDER BY id" % a)
        snap["codes:%d" % a] = sql("SELECT id, attempts, used_at, expires_at FROM twofa_codes "
                                   "WHERE account_id = %d ORDER BY id" % a)
        snap["confirm:%d" % a] = sql("SELECT id, used_at FROM email_confirmations "
                                     "WHERE account_id = %d ORDER BY id" % a)
        snap["children:%d" % a] = sql("SELECT id, HEX(COALESCE(email,'')), HEX(COALESCE(username,'')), "
                                      "HEX(name) FROM accounts WHERE parent_id = %d ORDER BY id" % a)
    return snap


def expect_unchanged(before, after, what=""):
    diffs = [k for k in before if before.get(k) != after.get(k)]
    if diffs:
        fail("database changed%s: %s" % (" after " + what if what else "",
                                         "; ".join("%s: %r -> %r" % (k, before[k], after.get(k))
                                                   for k in diffs)))


# ---------------------------------------------------------------------------
# Mail: the outbox row tells which message to expect; the sink's .eml file
# shows that it really went out over SMTP.

def mail_mark(to):
    """The newest outbox id for a recipient (0 if none): mail after it is new."""
    return sql_int("SELECT COALESCE(MAX(id),0) FROM mail_outbox WHERE to_addr = %s" % q(to.lower()))


def wait_outbox(to, after, timeout=10.0):
    """Waits for an outbox row for `to` with id > after; returns
    (id, subject, body)."""
    deadline = time.monotonic() + timeout
    while True:
        rows = sql("SELECT id, HEX(subject), HEX(body) FROM mail_outbox WHERE to_addr = %s "
                   "AND id > %d ORDER BY id LIMIT 1" % (q(to.lower()), after))
        if rows:
            r = rows[0]
            return (int(r[0]), bytes.fromhex(r[1]).decode("utf-8"),
                    bytes.fromhex(r[2]).decode("utf-8"))
        if time.monotonic() > deadline:
            fail("no mail queued for %s (outbox id > %d) within %.0f s" % (to, after, timeout))
        time.sleep(0.2)


class Mail:
    def __init__(self, name, msg):
        self.name = name
        self.msg = msg
        self.subject = str(msg.get("Subject", ""))
        self.rcpts = _rcpts(msg)
        texts = []
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                try:
                    texts.append(part.get_content())
                except (LookupError, ValueError):
                    texts.append(part.get_payload(decode=True).decode("utf-8", "replace"))
        self.text = "\n".join(texts)


def _rcpts(msg):
    addrs = []
    for h in ("X-Sink-Rcpt-To", "To", "Cc"):
        for v in msg.get_all(h, []):
            for _, a in email.utils.getaddresses([str(v)]):
                addrs.append(a.lower())
    return addrs


_mail_cache = {}
_mail_lock = threading.Lock()


def _mails():
    """Every .eml in the sink folder, parsed once (files appear whole)."""
    names = sorted((n for n in os.listdir(MAIL_DIR) if n.endswith(".eml") and not n.startswith(".")),
                   key=lambda n: [int(x) if x.isdigit() else x for x in re.split(r"[-.]", n)])
    out = []
    for n in names:
        with _mail_lock:
            m = _mail_cache.get(n)
        if m is None:
            with open(os.path.join(MAIL_DIR, n), "rb") as f:
                m = Mail(n, email.message_from_bytes(f.read(), policy=email.policy.default))
            with _mail_lock:
                _mail_cache[n] = m
        out.append(m)
    return out


def mails_to(to):
    return [m for m in _mails() if to.lower() in m.rcpts]


def wait_eml(to, needle, timeout=15.0):
    """Waits until the sink holds a mail to `to` whose text contains needle."""
    deadline = time.monotonic() + timeout
    while True:
        for m in mails_to(to):
            if needle in m.text or needle in m.subject:
                return m
        if time.monotonic() > deadline:
            fail("mail to %s containing %r did not arrive in %s within %.0f s"
                 % (to, needle, MAIL_DIR, timeout))
        time.sleep(0.25)


CODE_RE = re.compile(r"(?<![0-9])([0-9]{6})(?![0-9])")


def expect_code(to, mark):
    """The 6-digit code of the next mail to `to` after mark, as delivered."""
    _, subject, body = wait_outbox(to, mark)
    m = CODE_RE.search(body) or CODE_RE.search(subject)
    check(m, "queued mail to %s has no 6-digit code: %r" % (to, body[:300]))
    code = m.group(1)
    mail = wait_eml(to, code)
    check(code in mail.text or code in mail.subject, "delivered mail lacks the code")
    return code


def expect_link(to, mark, path):
    """The token of the next mail to `to` after mark with a link to
    ORIGIN/<path>?token=T, as delivered; checks the link's origin."""
    _, _, body = wait_outbox(to, mark)
    m = re.search(r"(https?://[^\s/]+)/%s\?token=([A-Za-z0-9_\-%%.~]+)" % re.escape(path), body)
    check(m, "queued mail to %s has no /%s?token= link: %r" % (to, path, body[:400]))
    eq(m.group(1), public_origin(), "origin of the link in the mail")
    token = urllib.parse.unquote(m.group(2))
    mail = wait_eml(to, m.group(2))
    check("/%s?token=%s" % (path, m.group(2)) in mail.text, "delivered mail lacks the link")
    return token


# ---------------------------------------------------------------------------
# TOTP (RFC 6238 over RFC 4226 HOTP: HMAC-SHA1, 30 s step, 6 digits)

def totp(secret_b32, t=None):
    s = secret_b32.replace(" ", "").upper()
    s += "=" * (-len(s) % 8)
    key = base64.b32decode(s)
    counter = int((time.time() if t is None else t) // 30)
    h = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    o = h[-1] & 0x0F
    v = (struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000
    return "%06d" % v


def totp_margin(seconds=3):
    """Waits out the end of a 30 s step, so a code computed now is still the
    current one when the server checks it."""
    left = 30 - time.time() % 30
    if left < seconds:
        time.sleep(left + 0.2)


def metric(area, name, **labels):
    """The value of one sample of an area's metrics (0 if absent)."""
    r = http_get_url("%s/internal/%s/metrics" % (METRICS_URL, area))
    for line in r.body.decode().splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all('%s="%s"' % (k, v) in line for k, v in labels.items()):
            return float(line.rsplit(None, 1)[1])
    return 0.0


# ---------------------------------------------------------------------------
# Accounts

class Account:
    def __init__(self, id, role, email, password, username=None, distributor=None):
        self.id = id
        self.role = role
        self.email = email
        self.password = password
        self.username = username
        self.distributor = distributor

    @property
    def login(self):
        return self.email or self.username

    def __repr__(self):
        return "<%s %s %s>" % (self.role, self.id, self.login)


def admin(*args, stdin=None):
    """Runs vestibule-admin with the stack's config; returns stdout."""
    p = subprocess.run([ADMIN, "--config", CONF] + list(args), capture_output=True,
                       input=stdin.encode() if stdin is not None else None, timeout=60)
    if p.returncode != 0:
        fail("vestibule-admin %s failed (exit %d): %s"
             % (" ".join(args), p.returncode, p.stderr.decode(errors="replace").strip()))
    return p.stdout.decode(errors="replace")


def new_distributor():
    em, pw = uniq_email("dist"), uniq_password()
    admin("create-distributor", "--email", em, stdin=pw + "\n")
    aid = account_id(email=em)
    check(aid, "create-distributor made no account row for %s" % em)
    return Account(aid, "distributor", em, pw)


def new_installer(dist=None):
    """An installer made by vestibule-admin (e-mail confirmed)."""
    dist = dist or new_distributor()
    em, pw = uniq_email("inst"), uniq_password()
    admin("create-installer", "--distributor", dist.email, "--email", em, stdin=pw + "\n")
    aid = account_id(email=em)
    check(aid, "create-installer made no account row for %s" % em)
    return Account(aid, "installer", em, pw, distributor=dist)


def api_installer(dc, dist, email=None, username=None, password=None, name=None, **extra):
    """An installer created by the distributor's client dc over the API."""
    body = {}
    if email:
        body["email"] = email
    if username:
        body["username"] = username
    if name is not None:
        body["name"] = name
    if password:
        body["password"] = password
    body.update(extra)
    r = expect(dc.post("/api/distributor/installers", body), 201)
    pw = password or r.json.get("password")
    return Account(r.json["id"], "installer", email, pw, username=username, distributor=dist), r


def login(c, who, password=None, login_name=None):
    return c.post("/api/auth/login", {"login": login_name or who.login,
                                      "password": password or who.password})


def current_policy_version():
    return sql_one("SELECT version FROM privacy_policies ORDER BY published_at DESC, id DESC LIMIT 1")


def advance(c, who, resp, mark=None, until="done"):
    """Walks a fresh login through its pending steps (2fa by e-mailed code,
    privacy agree, e-mail confirmation) until the stage is `until`."""
    stage = resp.json["stage"]
    for _ in range(6):
        if stage == until:
            return stage
        if stage == "2fa":
            code = expect_code(who.email, mark if mark is not None else 0)
            r = expect(c.post("/api/auth/2fa/verify", {"method": "email", "code": code}), 200)
            stage = r.json["stage"]
        elif stage == "privacy":
            v = expect(c.get("/api/auth/privacy"), 200).json["version"]
            r = expect(c.post("/api/auth/privacy", {"version": v, "agree": True}), 200)
            stage = r.json["stage"]
        elif stage == "email":
            addr = who.email or uniq_email("conf")
            m = mail_mark(addr)
            expect(c.post("/api/auth/email", {"email": addr}), 202)
            tok = expect_link(addr, m, "confirm-email")
            expect(c.post("/api/auth/email/confirm", {"token": tok}), 200)
            who.email = addr
            stage = expect(c.me(), 200).json["stage"]
        else:
            fail("unexpected stage %r" % stage)
    fail("stage did not reach %s (at %s)" % (until, stage))


def sign_in(who, c=None, until="done"):
    """A client signed in as `who` at stage `until` (default done)."""
    c = c or Client()
    mark = mail_mark(who.email) if who.email else 0
    r = expect(login(c, who), 200)
    advance(c, who, r, mark, until)
    return c


# ---------------------------------------------------------------------------
# Processes

def children_of(pid):
    """Pids whose parent is pid (from /proc/<n>/stat)."""
    out = []
    for n in os.listdir("/proc"):
        if not n.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % n) as f:
                st = f.read()
        except OSError:
            continue
        fields = st.rsplit(")", 1)[1].split()
        # fields[0] is the state, fields[1] the parent pid; zombies don't serve
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(n))
    return sorted(out)


def master_pid(area):
    with open(os.path.join(RUN_DIR, "%s.pid" % area)) as f:
        return int(f.read().strip())


class unchanged:
    """with unchanged([ids], "what"): ... fails if the block changed the
    database (see snapshot)."""

    def __init__(self, account_ids=(), what=""):
        self.ids = list(account_ids)
        self.what = what

    def __enter__(self):
        self.before = snapshot(self.ids)
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            expect_unchanged(self.before, snapshot(self.ids), self.what)
        return False


# ---------------------------------------------------------------------------
# Sites: single-family sites (the guide's "users"), their family members and
# resident identities (issue 4, F8-F15; contract /tmp/vbplan/SITES_API.md,
# htdocs/api/openapi.json).

SITES = "/api/sites"
DASHBOARD = "/api/dashboard"

SITE_FIELDS = ("id", "name", "room_name", "email", "country_code", "mobile", "address",
               "call_mode", "time_zone", "language", "time_format", "landline1", "landline2",
               "landline3", "premium_plan", "premium_expires_at", "landline_service",
               "with_indoor_monitor", "status", "expires_at", "video_storage", "video_plan",
               "video_days", "video_device_count", "video_models", "video_audio",
               "video_trial_ends_at", "smart_home", "smart_home_since", "family_count",
               "family_free", "additional_apps", "family_sip_number", "sip_number",
               "identity_id", "linked_sites", "contact_locked", "app_registered",
               "last_reset_at", "created_at", "updated_at")
SITE_ROW_FIELDS = ("id", "name", "room_name", "email", "country_code", "mobile", "sip_number",
                   "family_sip_number", "status", "expires_at", "premium_plan", "family_count",
                   "created_at")
FAMILY_FIELDS = ("id", "site_id", "name", "email", "country_code", "mobile", "sip_number",
                 "paid", "app_registered", "created_at", "updated_at")
# The 20 languages of account e-mails, as the API spells them.
SITE_LANGUAGES = ("en", "zh-Hant", "zh-Hans", "ko", "ja", "tr", "pl", "ru", "es", "bs",
                  "da", "vi", "fr", "pt", "de", "it", "uk", "he", "fa", "az")
CREDENTIAL_KINDS = ("pin", "rf_card", "nfc", "face", "bluetooth", "qr")
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
OMIT = object()   # site_body(x=OMIT) leaves the field out


def site_path(site_id, *rest):
    return "/".join([SITES, str(site_id)] + [str(r) for r in rest])


def family_path(site_id, member_id=None):
    if member_id is None:
        return site_path(site_id, "family")
    return site_path(site_id, "family", member_id)


_site_dist = []


def installer_client(dist=None):
    """A new installer (made by vestibule-admin) and a client signed in as
    it; without dist, all share one distributor (sites are the installer's
    own, so the distributor does not matter to them)."""
    if dist is None:
        with _uniq_lock:
            if not _site_dist:
                _site_dist.append(None)
        if _site_dist[0] is None:
            _site_dist[0] = new_distributor()
        dist = _site_dist[0]
    inst = new_installer(dist)
    return inst, sign_in(inst)


def new_subinstaller(inst):
    """A sub-installer of inst (inserted by hand: no API makes them yet),
    sharing inst's password; its tenant is inst."""
    em = uniq_email("sub")
    sql("INSERT INTO accounts (role, parent_id, email, email_confirmed, name, password_hash) "
        "SELECT 'sub_installer', id, %s, 1, 'Sub Installer', password_hash FROM accounts "
        "WHERE id = %d" % (q(em), inst.id))
    aid = account_id(email=em)
    check(aid, "no sub-installer row for %s" % em)
    return Account(aid, "sub_installer", em, inst.password)


def site_body(**kw):
    """A create body: a unique name and e-mail, then kw (OMIT drops a key)."""
    b = {"name": "Resident " + uniq("r"), "email": uniq_email("res")}
    b.update(kw)
    return {k: v for k, v in b.items() if v is not OMIT}


def new_site(c, **kw):
    """Creates a site through the API (201 expected); returns the SITE."""
    r = expect(c.post(SITES, site_body(**kw)), 201)
    return r.json


def get_site(c, site_id):
    return expect(c.get(site_path(site_id)), 200).json


def family_body(**kw):
    b = {"name": "Member " + uniq("m"), "email": uniq_email("fam")}
    b.update(kw)
    return {k: v for k, v in b.items() if v is not OMIT}


def new_family(c, site_id, **kw):
    """Adds a family member through the API (201 expected); returns FAMILY."""
    r = expect(c.post(family_path(site_id), family_body(**kw)), 201)
    return r.json


def list_family(c, site_id):
    return expect(c.get(family_path(site_id)), 200).json


def list_sites(c, **params):
    """GET /api/sites with the given query parameters; returns the JSON."""
    qs = urllib.parse.urlencode(params)
    return expect(c.get(SITES + ("?" + qs if qs else "")), 200).json


def check_site_shape(s, what="SITE"):
    """Every key of the SITE object is there, with its type."""
    check(isinstance(s, dict), "%s is not an object: %r" % (what, s))
    missing = [k for k in SITE_FIELDS if k not in s]
    check(not missing, "%s lacks %s: %r" % (what, missing, s))
    for k in ("id", "family_count", "family_free", "additional_apps", "linked_sites"):
        check(isinstance(s[k], int) and not isinstance(s[k], bool), "%s.%s is not an integer: %r"
              % (what, k, s[k]))
    for k in ("premium_plan", "landline_service", "with_indoor_monitor", "video_storage",
              "video_audio", "smart_home", "contact_locked", "app_registered"):
        check(isinstance(s[k], bool), "%s.%s is not a boolean: %r" % (what, k, s[k]))
    for k in ("name", "room_name", "email", "country_code", "mobile", "address", "call_mode",
              "time_zone", "language", "time_format", "landline1", "landline2", "landline3",
              "status"):
        check(isinstance(s[k], str), "%s.%s is not a string: %r" % (what, k, s[k]))
    for k in ("sip_number", "family_sip_number"):
        check(isinstance(s[k], str) and s[k].isdigit(), "%s.%s is not a string of digits: %r"
              % (what, k, s[k]))
    for k in ("created_at", "updated_at"):
        check(isinstance(s[k], str) and ISO_RE.match(s[k]), "%s.%s is not ISO-8601 UTC: %r"
              % (what, k, s[k]))
    for k in ("premium_expires_at", "expires_at", "video_trial_ends_at", "smart_home_since",
              "last_reset_at"):
        check(s[k] is None or (isinstance(s[k], str) and ISO_RE.match(s[k])),
              "%s.%s is neither null nor ISO-8601 UTC: %r" % (what, k, s[k]))
    check(isinstance(s["video_models"], list) and all(isinstance(m, str) for m in s["video_models"]),
          "%s.video_models is not an array of strings: %r" % (what, s["video_models"]))
    check(s["identity_id"] is None or (isinstance(s["identity_id"], int)
                                       and not isinstance(s["identity_id"], bool)),
          "%s.identity_id is neither null nor an integer: %r" % (what, s["identity_id"]))
    return s


def check_family_shape(m, what="FAMILY"):
    check(isinstance(m, dict), "%s is not an object: %r" % (what, m))
    missing = [k for k in FAMILY_FIELDS if k not in m]
    check(not missing, "%s lacks %s: %r" % (what, missing, m))
    check(isinstance(m["sip_number"], str) and m["sip_number"].isdigit(),
          "%s.sip_number is not a string of digits: %r" % (what, m["sip_number"]))
    check(isinstance(m["paid"], bool) and isinstance(m["app_registered"], bool),
          "%s.paid/app_registered are not booleans: %r" % (what, m))
    return m


def sql_dicts(query):
    """Rows of one SELECT as dicts by column name (NULL as None); values
    must not contain tabs or newlines (select HEX(...) for free text)."""
    p = subprocess.run(["mariadb", "--no-defaults", "--default-character-set=utf8mb4",
                        "-S", DB_SOCKET, "-u", "root", DB_NAME, "-B", "-e", query],
                       capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("mariadb failed (%s): %s" % (query[:200], p.stderr.decode(errors="replace")))
    lines = [l for l in p.stdout.decode("utf-8", errors="replace").split("\n") if l != ""]
    if not lines:
        return []
    cols = lines[0].split("\t")
    return [dict(zip(cols, [None if c == "NULL" else c for c in l.split("\t")])) for l in lines[1:]]


def sql_script(text):
    """Runs SQL text through the client's stdin (DELIMITER lines allowed:
    triggers).  Changes made here are not announced to the programs."""
    p = subprocess.run(["mariadb", "--no-defaults", "--default-character-set=utf8mb4",
                        "-S", DB_SOCKET, "-u", "root", DB_NAME],
                       input=text.encode("utf-8"), capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("mariadb failed (%s): %s" % (text[:200], p.stderr.decode(errors="replace")))


_SITE_TABLES = ("sites", "family_members", "resident_identities", "access_credentials",
                "door_logs", "call_logs", "site_messages", "alarms")
_SITE_CHILD_TABLES = ("access_credentials", "door_logs", "call_logs", "site_messages", "alarms")


def sites_snapshot(installer_ids=(), account_ids=()):
    """snapshot(account_ids) plus what the sites area writes: the newest id
    and row count of each of its tables, and for each given installer every
    site, video model, family member and resident identity row, the counts
    of what reset empties, and its installer_settings row."""
    snap = snapshot(account_ids)
    parts = []
    for t in _SITE_TABLES:
        parts.append("SELECT '%s', CONCAT(COALESCE(MAX(id),0), '/', COUNT(*)) FROM %s" % (t, t))
    parts.append("SELECT 'site_video_models', COUNT(*) FROM site_video_models")
    for k, v in sql(" UNION ALL ".join(parts)):
        snap["table:" + k] = v
    for i in installer_ids:
        i = int(i)
        snap["sites:%d" % i] = sql("SELECT * FROM sites WHERE installer_id = %d ORDER BY id" % i)
        snap["models:%d" % i] = sql("SELECT m.site_id, m.model FROM site_video_models m JOIN sites s "
                                    "ON s.id = m.site_id WHERE s.installer_id = %d "
                                    "ORDER BY m.site_id, m.model" % i)
        snap["family:%d" % i] = sql("SELECT * FROM family_members WHERE installer_id = %d ORDER BY id" % i)
        snap["identities:%d" % i] = sql("SELECT * FROM resident_identities WHERE installer_id = %d "
                                        "ORDER BY id" % i)
        for t in _SITE_CHILD_TABLES:
            snap["%s:%d" % (t, i)] = sql("SELECT COUNT(*) FROM %s WHERE installer_id = %d" % (t, i))
        snap["settings:%d" % i] = sql("SELECT * FROM installer_settings WHERE installer_id = %d" % i)
    return snap


class sites_unchanged:
    """with sites_unchanged([installer ids], "what"): ... fails if the block
    changed the database (see sites_snapshot)."""

    def __init__(self, installer_ids=(), what="", account_ids=()):
        self.inst = list(installer_ids)
        self.acc = list(account_ids)
        self.what = what

    def __enter__(self):
        self.before = sites_snapshot(self.inst, self.acc)
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            expect_unchanged(self.before, sites_snapshot(self.inst, self.acc), self.what)
        return False


def site_db(site_id):
    """The sites row as a dict (free text columns as they are)."""
    rows = sql_dicts("SELECT * FROM sites WHERE id = %d" % int(site_id))
    return rows[0] if rows else None


def identity_db(identity_id):
    rows = sql_dicts("SELECT * FROM resident_identities WHERE id = %d" % int(identity_id))
    return rows[0] if rows else None


def identity_by_email(addr):
    rows = sql_dicts("SELECT * FROM resident_identities WHERE email = %s" % q(addr))
    return rows[0] if rows else None


def set_site(site_id, **cols):
    """Changes sites columns by hand (what billing or a device would do);
    values are SQL expressions given as strings, or Python ints/None."""
    sets = []
    for k, v in cols.items():
        if v is None:
            sets.append("%s = NULL" % k)
        elif isinstance(v, bool):
            sets.append("%s = %d" % (k, int(v)))
        elif isinstance(v, int):
            sets.append("%s = %d" % (k, v))
        else:
            sets.append("%s = %s" % (k, v))
    sql("UPDATE sites SET %s WHERE id = %d" % (", ".join(sets), int(site_id)))


def fill_site_data(site, inst_id, member_id=None, n=2):
    """Inserts n rows of each thing a reset empties for the site (each
    access credential kind, door and call logs, messages, alarms), half of
    them for the family member when one is given.  Returns the counts."""
    sid, a = int(site["id"]), int(inst_id)
    who = [None if (member_id is None or k % 2 == 0) else int(member_id) for k in range(n)]
    vals = []
    for kind in CREDENTIAL_KINDS:
        for k in range(n):
            vals.append("(%d, %d, %s, '%s', 'itest %s %d', UNHEX('%s'))"
                        % (a, sid, "NULL" if who[k] is None else who[k], kind, kind, k,
                           os.urandom(8).hex()))
    sql("INSERT INTO access_credentials (installer_id, site_id, family_member_id, kind, label, value) "
        "VALUES " + ", ".join(vals))
    sql("INSERT INTO door_logs (installer_id, site_id, method, who, success) VALUES "
        + ", ".join("(%d, %d, 'pin', 'itest', 1)" % (a, sid) for _ in range(n)))
    sql("INSERT INTO call_logs (installer_id, site_id, caller, callee, answered, duration_s) VALUES "
        + ", ".join("(%d, %d, 'door', 'app', 1, 12)" % (a, sid) for _ in range(n)))
    sql("INSERT INTO site_messages (installer_id, site_id, family_member_id, title, body) VALUES "
        + ", ".join("(%d, %d, %s, 'Notice', 'Water off on Monday')"
                    % (a, sid, "NULL" if w is None else w) for w in who))
    sql("INSERT INTO alarms (installer_id, site_id, kind, zone) VALUES "
        + ", ".join("(%d, %d, 'tamper', 'front door')" % (a, sid) for _ in range(n)))
    return {"access_credentials": n * len(CREDENTIAL_KINDS), "door_logs": n, "call_logs": n,
            "messages": n, "alarms": n}


def site_data_counts(site_id):
    """{table: rows of the site} for what a reset empties, and per credential kind."""
    sid = int(site_id)
    out = {}
    for t in _SITE_CHILD_TABLES:
        out[t] = sql_int("SELECT COUNT(*) FROM %s WHERE site_id = %d" % (t, sid))
    for kind in CREDENTIAL_KINDS:
        out["credential:" + kind] = sql_int("SELECT COUNT(*) FROM access_credentials "
                                            "WHERE site_id = %d AND kind = '%s'" % (sid, kind))
    return out


# -- audit --------------------------------------------------------------------

def audit_mark():
    return sql_int("SELECT COALESCE(MAX(id),0) FROM audit_log")


def audit_rows(after, action=None, tenant=None, object_id=None):
    """audit_log rows with id > after (filters optional) as dicts; detail is
    parsed JSON (None when NULL)."""
    where = ["id > %d" % after]
    if action is not None:
        where.append("action = %s" % q(action))
    if tenant is not None:
        where.append("tenant_id = %d" % tenant)
    if object_id is not None:
        where.append("object_id = %d" % object_id)
    rows = sql_dicts("SELECT id, actor_id, account_id, tenant_id, action, object_type, object_id, "
                     "HEX(detail) AS detail FROM audit_log WHERE %s ORDER BY id" % " AND ".join(where))
    for r in rows:
        r["detail"] = json.loads(bytes.fromhex(r["detail"]).decode("utf-8")) if r["detail"] else None
    return rows


def expect_audit(after, action, tenant, object_id=None, actor=None):
    """Exactly one audit row `action` of tenant written after `after` (for
    object_id when given); returns it."""
    rows = audit_rows(after, action, tenant, object_id)
    check(len(rows) == 1, "expected one audit row %s (tenant %d%s) after id %d, got %r"
          % (action, tenant, ", object %d" % object_id if object_id is not None else "", after,
             audit_rows(after, tenant=tenant)))
    if actor is not None:
        eq(int(rows[0]["actor_id"]), actor, "actor of the %s audit row" % action)
    return rows[0]


# -- resident passwords ---------------------------------------------------------

_SCRYPT_RE = re.compile(r"^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")
# vb_password_generate: 16 letters and digits without 0/O/o, 1/l/I
GEN_PASSWORD_RE = re.compile(r"(?<![A-Za-z0-9])[A-HJ-NP-Za-km-np-z2-9]{16}(?![A-Za-z0-9])")


def password_matches(pw, stored):
    """Whether pw is the password of the stored "$scrypt$..." hash."""
    m = _SCRYPT_RE.match(stored or "")
    if not m:
        return False
    ln, r, p = int(m.group(1)), int(m.group(2)), int(m.group(3))
    salt, want = base64.b64decode(m.group(4)), base64.b64decode(m.group(5))
    got = hashlib.scrypt(pw.encode("utf-8"), salt=salt, n=1 << ln, r=r, p=p,
                         maxmem=1 << 30, dklen=len(want))
    return hmac.compare_digest(got, want)


def password_in(text, stored):
    """The generated password in text that matches the stored hash, or None."""
    for cand in dict.fromkeys(GEN_PASSWORD_RE.findall(text)):
        if password_matches(cand, stored):
            return cand
    return None


def outbox_since(after, to=None):
    """mail_outbox rows with id > after (to one address when given):
    [(id, to_addr, subject, body)]."""
    where = "id > %d" % after + ("" if to is None else " AND to_addr = %s" % q(to.lower()))
    rows = sql("SELECT id, to_addr, HEX(subject), HEX(body) FROM mail_outbox WHERE %s ORDER BY id"
               % where)
    return [(int(r[0]), r[1], bytes.fromhex(r[2]).decode("utf-8"), bytes.fromhex(r[3]).decode("utf-8"))
            for r in rows]


def outbox_mark():
    return sql_int("SELECT COALESCE(MAX(id),0) FROM mail_outbox")


def orphan_identities(installer_id):
    """Resident identities of the installer that no site and no family
    member uses any more (each should have been released)."""
    return sql("SELECT ri.id, ri.kind, ri.email FROM resident_identities ri WHERE ri.installer_id = %d "
               "AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.identity_id = ri.id) "
               "AND NOT EXISTS (SELECT 1 FROM family_members f WHERE f.identity_id = ri.id)"
               % int(installer_id))


# -- MAC library (F16) ------------------------------------------------------------

MACLIB = "/api/maclib/macs"
MACROW_FIELDS = ("mac", "note", "in_use", "site", "created_at", "assigned_at")
MAC_RE = re.compile(r"^[0-9A-F]{12}$")


def distributor_client():
    """A new distributor and a client signed in as it (each test its own, so
    a distributor's MAC list holds only what the test made)."""
    dist = new_distributor()
    return dist, sign_in(dist)


def mac_prefix(n=6):
    """n random upper-case hex digits: MACs starting with them are the test's."""
    return os.urandom(8).hex().upper()[:n]


def rand_mac(prefix=None):
    """A random MAC (12 upper-case hex digits), starting with prefix when given."""
    prefix = mac_prefix() if prefix is None else prefix
    return (prefix + os.urandom(6).hex().upper())[:12]


def mac_fmt(mac, sep=":", lower=False, group=2):
    """The MAC written the way a person might: groups joined by sep."""
    s = sep.join(mac[i:i + group] for i in range(0, 12, group))
    return s.lower() if lower else s


def mac_path(mac):
    return MACLIB + "/" + urllib.parse.quote(mac, safe="")


def new_mac(dc, mac=None, **kw):
    """Registers a MAC as the distributor's client dc (201 expected); kw adds
    note / installer_id.  Returns the MACROW."""
    body = {"mac": mac or rand_mac()}
    body.update(kw)
    return expect(dc.post(MACLIB, body), 201).json


def list_macs(c, **params):
    """GET /api/maclib/macs with the given query parameters (200); the JSON."""
    qs = urllib.parse.urlencode(params)
    return expect(c.get(MACLIB + ("?" + qs if qs else "")), 200).json


def import_macs(c, csv_text, **kw):
    """POST /api/maclib/macs/import; returns the Resp (no expectation)."""
    body = {"csv": csv_text}
    body.update(kw)
    return c.post(MACLIB + "/import", body, timeout=120)


def mac_db(mac):
    """The mac_library row of a normalised MAC as a dict, or None."""
    rows = sql_dicts("SELECT * FROM mac_library WHERE mac = %s" % q(mac))
    return rows[0] if rows else None


def macs_with_prefix(prefix):
    """Count of library rows whose MAC starts with prefix (hex digits)."""
    return sql_int("SELECT COUNT(*) FROM mac_library WHERE mac LIKE %s" % q(prefix + "%"))


def maclib_snapshot(distributor_ids=()):
    """What a refused MAC library request must not change: the count, newest
    id and a checksum of every mac_library row, the devices and audit_log
    tables' newest ids, and the full rows of the given distributors."""
    snap = {}
    snap["mac_library"] = sql(
        "SELECT COUNT(*), COALESCE(MAX(id),0), COALESCE(BIT_XOR(CRC32(CONCAT_WS('|', id, mac, "
        "distributor_id, COALESCE(installer_id,'-'), HEX(note), created_at, "
        "COALESCE(assigned_at,'-')))),0) FROM mac_library")
    snap["devices"] = sql("SELECT COUNT(*), COALESCE(MAX(id),0) FROM devices")
    snap["audit_log"] = sql_one("SELECT COALESCE(MAX(id),0) FROM audit_log")
    for d in distributor_ids:
        snap["macs:%d" % int(d)] = sql("SELECT id, mac, installer_id, HEX(note), created_at, assigned_at "
                                       "FROM mac_library WHERE distributor_id = %d ORDER BY id" % int(d))
    return snap


class maclib_unchanged:
    """with maclib_unchanged([distributor ids], "what"): ... fails if the
    block changed the MAC library, the devices or the audit log."""

    def __init__(self, distributor_ids=(), what="", audit=True):
        self.ids = list(distributor_ids)
        self.what = what
        self.audit = audit

    def __enter__(self):
        self.before = maclib_snapshot(self.ids)
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            after = maclib_snapshot(self.ids)
            if not self.audit:
                after["audit_log"] = self.before["audit_log"]
            expect_unchanged(self.before, after, self.what)
        return False


def put_mac_in_use(ic, inst_id, mac, site=None):
    """Makes a MAC in use the way a device would: a devices row of the
    installer's site (made through the API when not given) carrying it.
    Returns (site, device id)."""
    site = site or new_site(ic)
    sql("INSERT INTO devices (installer_id, site_id, model_id, mac, name, sip_number) VALUES "
        "(%d, %d, (SELECT id FROM device_models ORDER BY id LIMIT 1), %s, 'itest device', "
        "NEXT VALUE FOR sip_number_seq)" % (int(inst_id), int(site["id"]), q(mac)))
    dev = sql_int("SELECT id FROM devices WHERE mac = %s" % q(mac))
    check(dev, "no devices row for %s" % mac)
    return site, dev


def check_macrow(row, what="MACROW"):
    """The MACROW shape: keys, types, normalised MAC, ISO times."""
    check(isinstance(row, dict), "%s is not an object: %r" % (what, row))
    missing = [k for k in MACROW_FIELDS if k not in row]
    check(not missing, "%s lacks %s: %r" % (what, missing, row))
    check(isinstance(row["mac"], str) and MAC_RE.match(row["mac"]), "%s.mac not normalised: %r" % (what, row))
    check(isinstance(row["note"], str), "%s.note is not a string: %r" % (what, row))
    check(isinstance(row["in_use"], bool), "%s.in_use is not a boolean: %r" % (what, row))
    check(row["site"] is None or (isinstance(row["site"], dict) and "id" in row["site"]
                                  and "name" in row["site"]), "%s.site: %r" % (what, row))
    check(isinstance(row["created_at"], str) and ISO_RE.match(row["created_at"]),
          "%s.created_at is not ISO-8601 UTC: %r" % (what, row))
    check(row["assigned_at"] is None or (isinstance(row["assigned_at"], str)
                                         and ISO_RE.match(row["assigned_at"])),
          "%s.assigned_at: %r" % (what, row))
    if "installer" in row:
        i = row["installer"]
        check(i is None or (isinstance(i, dict) and all(k in i for k in ("id", "name", "email"))),
              "%s.installer: %r" % (what, row))
    return row


# -- intercom devices, cameras (F17-F19) -------------------------------------------
# Contract: /tmp/vbplan/DEVICES_API.md and the route table with its field
# specs in fcgi-apps/devices/main.c.

DEVICES = "/api/devices"
DEVICE_MODELS = "/api/devices/models"
CAMERAS = "/api/devices/cameras"
DEVICE_TYPES = ("door_phone", "access_control", "indoor_monitor", "guard_phone")
# The order of the device list within a site.
DEVICE_TYPE_ORDER = ("door_phone", "access_control", "guard_phone", "indoor_monitor")
DEVICE_COMMON = ("id", "site_id", "site_name", "type", "model", "mac", "name", "sip_number",
                 "firmware", "online", "last_seen_at", "created_at", "updated_at", "capabilities")
_RELAYED = ("allow_monitoring", "internet_access", "ip", "rtsp_path", "relays")
DEVICE_TYPE_KEYS = {
    "door_phone": _RELAYED + ("security_relay",),
    "access_control": _RELAYED,
    "guard_phone": _RELAYED,
    "indoor_monitor": ("arming", "builtin_relay", "external_relay"),
}
CAPABILITY_FIELDS = ("relays", "access_methods", "access_methods_from", "security_relay",
                     "external_relay", "expansion_modules")
MODEL_FIELDS = ("model", "type", "relays", "access_methods_from", "security_relay",
                "external_relay", "expansion_modules", "weather")
RELAY_FIELDS = ("name", "dtmf", "access_methods", "home_page", "talking_page")
ACCESS_METHODS = ("pin", "rf_card", "face", "bluetooth", "nfc", "qr_code")
CAMERA_FIELDS = ("id", "site_id", "site_name", "name", "rtsp_url", "username", "has_password",
                 "allow_monitoring", "monitor_app", "monitor_device_ids", "linked_device_id",
                 "linked_device_name", "created_at", "updated_at")
MK485 = "MK485-G2R-8J8C V3.0"
HF8000 = "HF-8000"
# A model of each type from the catalogue (0006_device_models.sql).
DEFAULT_MODEL = {"door_phone": "S539", "access_control": "A094", "indoor_monitor": "C313"}
DEFAULT_RTSP_PATH = "/live/ch00_0"


def device_path(device_id, *rest):
    return "/".join([DEVICES, str(device_id)] + [str(r) for r in rest])


def camera_path(camera_id):
    return "%s/%s" % (CAMERAS, camera_id)


def macs_for(inst, n=1, assigned=True):
    """n new MACs in the library of inst's distributor, assigned to inst
    (unassigned when assigned is False), as the distributor would register
    them (F16 is tested on its own; here they are inserted by hand).
    Returns the normalised MACs."""
    dist = sql_int("SELECT parent_id FROM accounts WHERE id = %d" % int(inst.id))
    check(dist, "installer %r has no distributor" % inst)
    macs = [rand_mac() for _ in range(n)]
    sql("INSERT INTO mac_library (mac, distributor_id, installer_id, assigned_at) VALUES "
        + ", ".join("(%s, %d, %s, %s)" % (q(m), dist, int(inst.id) if assigned else "NULL",
                                          "UTC_TIMESTAMP(3)" if assigned else "NULL")
                    for m in macs))
    return macs


def mac_for(inst):
    """One new MAC of inst's library."""
    return macs_for(inst, 1)[0]


def device_body(site_id, mac, type="door_phone", model=None, **kw):
    """A create body: the site, type, a model of the type, the MAC and a
    unique name, then kw (OMIT drops a key)."""
    b = {"site_id": site_id, "type": type, "model": model or DEFAULT_MODEL.get(type, "S539"),
         "mac": mac, "name": "Device " + uniq("d")}
    b.update(kw)
    return {k: v for k, v in b.items() if v is not OMIT}


def new_device(c, site_id, mac, type="door_phone", model=None, **kw):
    """Adds an intercom device through the API (201 expected); the DEVICE."""
    return expect(c.post(DEVICES, device_body(site_id, mac, type, model, **kw)), 201).json


def get_device(c, device_id):
    return expect(c.get(device_path(device_id)), 200).json


def list_devices(c, **params):
    qs = urllib.parse.urlencode(params)
    return expect(c.get(DEVICES + ("?" + qs if qs else "")), 200).json


def device_models(c):
    """{model: MODEL} of the catalogue as c sees it."""
    return {m["model"]: m for m in expect(c.get(DEVICE_MODELS), 200).json["items"]}


def premium_site(c, **kw):
    """A site with the premium plan on (cameras need it)."""
    return new_site(c, premium_plan=True, **kw)


def camera_body(site_id, **kw):
    b = {"site_id": site_id, "name": "Camera " + uniq("c"),
         "rtsp_url": "rtsp://10.%d.%d.%d:554/stream1" % (random.randint(0, 255),
                                                          random.randint(0, 255),
                                                          random.randint(1, 254))}
    b.update(kw)
    return {k: v for k, v in b.items() if v is not OMIT}


def new_camera(c, site_id, **kw):
    """Adds a third-party camera through the API (201 expected); the CAMERA."""
    return expect(c.post(CAMERAS, camera_body(site_id, **kw)), 201).json


def get_camera(c, camera_id):
    return expect(c.get(camera_path(camera_id)), 200).json


def list_cameras(c, **params):
    qs = urllib.parse.urlencode(params)
    return expect(c.get(CAMERAS + ("?" + qs if qs else "")), 200).json


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_device_shape(d, what="DEVICE"):
    """The DEVICE object: the common keys, exactly the keys of its type (and
    push_buttons on expansion-capable models), their types; never an RTSP
    credential."""
    check(isinstance(d, dict), "%s is not an object: %r" % (what, d))
    missing = [k for k in DEVICE_COMMON if k not in d]
    check(not missing, "%s lacks %s: %r" % (what, missing, d))
    check(d["type"] in DEVICE_TYPES, "%s.type: %r" % (what, d["type"]))
    caps = d["capabilities"]
    check(isinstance(caps, dict) and sorted(caps) == sorted(CAPABILITY_FIELDS),
          "%s.capabilities keys: %r" % (what, caps))
    check(_is_int(caps["relays"]), "%s.capabilities.relays: %r" % (what, caps))
    for k in ("access_methods", "security_relay", "external_relay", "expansion_modules"):
        check(isinstance(caps[k], bool), "%s.capabilities.%s is not a boolean: %r" % (what, k, caps))
    check(caps["access_methods_from"] is None or isinstance(caps["access_methods_from"], str),
          "%s.capabilities.access_methods_from: %r" % (what, caps))
    want = set(DEVICE_COMMON) | set(DEVICE_TYPE_KEYS[d["type"]])
    if caps["expansion_modules"]:
        want.add("push_buttons")
    extra = sorted(set(d) - want)
    check(not extra, "%s (%s %s) has keys that do not apply: %s: %r"
          % (what, d["type"], d["model"], extra, d))
    missing = sorted(want - set(d))
    check(not missing, "%s (%s %s) lacks %s: %r" % (what, d["type"], d["model"], missing, d))
    for k in ("id", "site_id"):
        check(_is_int(d[k]), "%s.%s is not an integer: %r" % (what, k, d[k]))
    for k in ("site_name", "model", "name"):
        check(isinstance(d[k], str), "%s.%s is not a string: %r" % (what, k, d[k]))
    check(isinstance(d["mac"], str) and MAC_RE.match(d["mac"]), "%s.mac not normalised: %r" % (what, d["mac"]))
    check(str(d["sip_number"]).isdigit() and not isinstance(d["sip_number"], bool),
          "%s.sip_number is not digits: %r" % (what, d["sip_number"]))
    check(d["firmware"] is None or (isinstance(d["firmware"], str) and d["firmware"]),
          "%s.firmware is neither null nor a version: %r" % (what, d["firmware"]))
    check(isinstance(d["online"], bool), "%s.online is not a boolean: %r" % (what, d["online"]))
    check(d["last_seen_at"] is None or (isinstance(d["last_seen_at"], str) and ISO_RE.match(d["last_seen_at"])),
          "%s.last_seen_at: %r" % (what, d["last_seen_at"]))
    for k in ("created_at", "updated_at"):
        check(isinstance(d[k], str) and ISO_RE.match(d[k]), "%s.%s is not ISO-8601 UTC: %r" % (what, k, d[k]))
    if "relays" in d:
        check(isinstance(d["relays"], list) and d["relays"], "%s.relays: %r" % (what, d["relays"]))
        for i, r in enumerate(d["relays"]):
            check(isinstance(r, dict) and sorted(r) == sorted(RELAY_FIELDS),
                  "%s.relays[%d] keys: %r" % (what, i, r))
            check(isinstance(r["access_methods"], list), "%s.relays[%d].access_methods: %r" % (what, i, r))
            check(isinstance(r["home_page"], bool) and isinstance(r["talking_page"], bool),
                  "%s.relays[%d] pages: %r" % (what, i, r))
        for k in ("allow_monitoring", "internet_access"):
            check(isinstance(d[k], bool), "%s.%s is not a boolean: %r" % (what, k, d[k]))
        check(d["ip"] is None or isinstance(d["ip"], str), "%s.ip: %r" % (what, d["ip"]))
    if "security_relay" in d:
        sr = d["security_relay"]
        check(sr is None or (isinstance(sr, dict) and sorted(sr) == ["dtmf", "name"]),
              "%s.security_relay: %r" % (what, sr))
    if "builtin_relay" in d:
        br = d["builtin_relay"]
        check(isinstance(br, dict) and sorted(br) == ["enabled", "name"], "%s.builtin_relay: %r" % (what, br))
        check(isinstance(d["arming"], bool), "%s.arming: %r" % (what, d["arming"]))
        er = d["external_relay"]
        check(er is None or (isinstance(er, dict) and sorted(er) == ["ip", "mode", "port", "relays", "type"]),
              "%s.external_relay: %r" % (what, er))
    if d.get("push_buttons") is not None:
        pb = d["push_buttons"]
        check(isinstance(pb, dict) and sorted(pb) == ["buttons", "module"], "%s.push_buttons: %r" % (what, pb))
    text = json.dumps(d).lower()
    for leak in ("password", "rtsp_user", "sealed"):
        check(leak not in text, "%s shows %r: %r" % (what, leak, d))
    return d


def check_camera_shape(cam, what="CAMERA"):
    """The CAMERA object: exactly its keys (never a password), their types."""
    check(isinstance(cam, dict), "%s is not an object: %r" % (what, cam))
    eq(sorted(cam), sorted(CAMERA_FIELDS), "keys of %s" % what)
    for k in ("id", "site_id"):
        check(_is_int(cam[k]), "%s.%s is not an integer: %r" % (what, k, cam[k]))
    for k in ("site_name", "name", "rtsp_url", "username"):
        check(isinstance(cam[k], str), "%s.%s is not a string: %r" % (what, k, cam[k]))
    for k in ("has_password", "allow_monitoring", "monitor_app"):
        check(isinstance(cam[k], bool), "%s.%s is not a boolean: %r" % (what, k, cam[k]))
    check(isinstance(cam["monitor_device_ids"], list) and all(_is_int(x) for x in cam["monitor_device_ids"]),
          "%s.monitor_device_ids: %r" % (what, cam["monitor_device_ids"]))
    check(cam["linked_device_id"] is None or _is_int(cam["linked_device_id"]),
          "%s.linked_device_id: %r" % (what, cam["linked_device_id"]))
    check((cam["linked_device_id"] is None) == (cam["linked_device_name"] is None),
          "%s: linked_device_name goes with linked_device_id: %r" % (what, cam))
    for k in ("created_at", "updated_at"):
        check(isinstance(cam[k], str) and ISO_RE.match(cam[k]), "%s.%s: %r" % (what, k, cam[k]))
    check("@" not in cam["rtsp_url"], "%s.rtsp_url carries credentials: %r" % (what, cam["rtsp_url"]))
    return cam


def device_db(device_id):
    """The devices row as a dict (free text as it is), or None."""
    rows = sql_dicts("SELECT * FROM devices WHERE id = %d" % int(device_id))
    return rows[0] if rows else None


def device_relays_db(device_id, kind="relay"):
    """[(idx, name, dtmf, access_methods, home_page, talking_page, function)] of a device."""
    return [tuple(r) for r in sql("SELECT idx, name, dtmf, access_methods, home_page, talking_page, "
                                  "`function` FROM device_relays WHERE device_id = %d AND kind = %s "
                                  "ORDER BY idx" % (int(device_id), q(kind)))]


def camera_db(camera_id):
    rows = sql_dicts("SELECT * FROM cameras WHERE id = %d" % int(camera_id))
    return rows[0] if rows else None


def camera_terminals_db(camera_id):
    return [int(r[0]) for r in sql("SELECT device_id FROM camera_terminals WHERE camera_id = %d "
                                   "ORDER BY device_id" % int(camera_id))]


def relay_source(source_id):
    """The relay_sources row of "d<id>" / "c<id>" as a dict, or None."""
    rows = sql_dicts("SELECT * FROM relay_sources WHERE source_id = %s" % q(source_id))
    return rows[0] if rows else None


def platform_key():
    """The stack's 32-byte data key (conf key_file: 64 hex digits or raw)."""
    path = conf().get("key_file", "")
    check(path and os.path.exists(path), "the stack's conf names no readable key_file: %r" % path)
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) in (64, 65) and raw[:64].strip(b"0123456789abcdefABCDEF") == b"":
        return bytes.fromhex(raw[:64].decode())
    check(len(raw) == 32, "key_file %s is neither 64 hex digits nor 32 bytes" % path)
    return raw


def _gcm_open_libcrypto(key, iv, ct, tag, aad):
    """AES-256-GCM decryption through OpenSSL's libcrypto (ctypes), for a
    Python without the cryptography package.  None when the tag fails."""
    import ctypes
    import ctypes.util
    lib = ctypes.CDLL(ctypes.util.find_library("crypto") or "libcrypto.so.3")
    lib.EVP_CIPHER_CTX_new.restype = ctypes.c_void_p
    lib.EVP_aes_256_gcm.restype = ctypes.c_void_p
    vp = ctypes.c_void_p
    ctx = vp(lib.EVP_CIPHER_CTX_new())
    try:
        n = ctypes.c_int(0)
        out = ctypes.create_string_buffer(len(ct) + 32)
        tagbuf = ctypes.create_string_buffer(tag, len(tag))
        ok = lib.EVP_DecryptInit_ex(ctx, vp(lib.EVP_aes_256_gcm()), None, None, None) == 1
        ok = ok and lib.EVP_CIPHER_CTX_ctrl(ctx, 0x9, len(iv), None) == 1       # SET_IVLEN
        ok = ok and lib.EVP_DecryptInit_ex(ctx, None, None, key, iv) == 1
        ok = ok and lib.EVP_DecryptUpdate(ctx, None, ctypes.byref(n), aad, len(aad)) == 1
        ok = ok and lib.EVP_DecryptUpdate(ctx, out, ctypes.byref(n), ct, len(ct)) == 1
        total = n.value
        ok = ok and lib.EVP_CIPHER_CTX_ctrl(ctx, 0x11, len(tag), tagbuf) == 1   # SET_TAG
        m = ctypes.c_int(0)
        ok = ok and lib.EVP_DecryptFinal_ex(ctx, ctypes.byref(out, total), ctypes.byref(m)) == 1
        return out.raw[:total + m.value] if ok else None
    finally:
        lib.EVP_CIPHER_CTX_free(ctx)


def open_sealed(sealed, aad):
    """What vb_open would give for a sealed value (base64 of iv(12) | ct |
    tag(16), AES-256-GCM under the stack's key, aad the row's identity):
    the plaintext bytes, or None when the key or AAD do not open it."""
    raw = base64.b64decode(sealed, validate=True)
    check(len(raw) >= 28, "sealed value too short to be iv|ct|tag: %r" % sealed)
    iv, ct, tag = raw[:12], raw[12:-16], raw[-16:]
    key = platform_key()
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.exceptions import InvalidTag
    except ImportError:
        return _gcm_open_libcrypto(key, iv, ct, tag, aad.encode())
    try:
        return AESGCM(key).decrypt(iv, ct + tag, aad.encode())
    except InvalidTag:
        return None


_DEVICE_TABLES = ("devices", "device_relays", "device_buttons", "cameras", "camera_terminals",
                  "mac_library", "locks", "lock_accounts", "device_models")


def devices_snapshot(installer_ids=()):
    """What a refused devices request must not change: a checksum of every
    devices-area table and of the MAC library, the newest audit and outbox
    ids, and the sites rows of the given installers."""
    snap = {}
    for name, cs in sql("CHECKSUM TABLE " + ", ".join(_DEVICE_TABLES)):
        snap["table:" + name.split(".")[-1]] = cs
    snap["counts"] = sql("SELECT " + ", ".join("(SELECT COUNT(*) FROM %s)" % t for t in _DEVICE_TABLES))
    snap["audit_log"] = sql_one("SELECT COALESCE(MAX(id),0) FROM audit_log")
    snap["mail_outbox"] = sql_one("SELECT COALESCE(MAX(id),0) FROM mail_outbox")
    for i in installer_ids:
        snap["sites:%d" % int(i)] = sql("SELECT * FROM sites WHERE installer_id = %d ORDER BY id" % int(i))
    return snap


class devices_unchanged:
    """with devices_unchanged([installer ids], "what"): ... fails if the
    block changed a device, relay, button, camera, lock, MAC, the given
    installers' sites, or wrote an audit row or a mail."""

    def __init__(self, installer_ids=(), what=""):
        self.ids = list(installer_ids)
        self.what = what

    def __enter__(self):
        self.before = devices_snapshot(self.ids)
        return self

    def __exit__(self, et, ev, tb):
        if et is None:
            expect_unchanged(self.before, devices_snapshot(self.ids), self.what)
        return False


def log_text():
    """Everything the stack's programs and nginx logged so far (VB_LOG_DIR,
    every file), as text."""
    check(LOG_DIR and os.path.isdir(LOG_DIR), "VB_LOG_DIR is not a folder: %r" % LOG_DIR)
    out = []
    for root, _, files in os.walk(LOG_DIR):
        for n in sorted(files):
            try:
                with open(os.path.join(root, n), "rb") as f:
                    out.append(f.read().decode("utf-8", "replace"))
            except OSError:
                pass
    return "\n".join(out)


class catalogue_model:
    """with catalogue_model(type, relays=2, access_from=None, security_relay=0,
    external_relay=0, expansion=0) as name: a catalogue model of its own
    for capabilities no shipped model has; removed afterwards with the
    devices that used it."""

    def __init__(self, type, relays=2, access_from=None, security_relay=0, external_relay=0,
                 expansion=0):
        self.name = "IT-" + os.urandom(4).hex().upper()
        self.cols = (type, relays, access_from, security_relay, external_relay, expansion)

    def __enter__(self):
        t, r, a, s, e, x = self.cols
        sql("INSERT INTO device_models (model, type, builtin_relays, relay_access_min_firmware, "
            "external_relay, expansion_modules, security_relay, weather) VALUES (%s, %s, %d, %s, %d, "
            "%d, %d, 0)" % (q(self.name), q(t), r, "NULL" if a is None else q(a), e, x, s))
        return self.name

    def __exit__(self, et, ev, tb):
        mid = "(SELECT id FROM device_models WHERE model = %s)" % q(self.name)
        sql("DELETE FROM devices WHERE model_id = %s" % mid)
        sql("DELETE FROM device_models WHERE model = %s" % q(self.name))
        return False
