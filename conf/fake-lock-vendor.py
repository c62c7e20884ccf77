#!/usr/bin/env python3
"""fake-lock-vendor.py - a small stand-in for the lock vendors' clouds (F20).

The dev stack and the tests have no Dormakaba or Salto account, so this
server plays both on 127.0.0.1:PORT, under /dormakaba and /salto, speaking
the protocols the adapters in fcgi-apps/devices/lock_*.c speak.  Those are
modelled on the vendors' published shapes (a token login, a lock list, an
"open" command) but simplified; when real vendor access is obtained, the
adapter changes and this file with it, not the handlers.

    fake-lock-vendor.py --port 18084 [--journal FILE]

--journal FILE appends every lock opened as one JSON line, so a developer
trying the portal sees the "door" open.

Salto (base /salto):
  POST /oauth/token   form grant_type=password&username=&password=
                      200 {"access_token", "token_type": "Bearer", "expires_in"}
                      400 {"error": "invalid_grant"}
  GET  /v1/locks      Authorization: Bearer T -> 200 {"items": [{"id", "name"}]}
  POST /v1/locks/ID/open                      -> 204; 404 unknown lock
Dormakaba (base /dormakaba):
  POST /api/v1/auth/login  JSON {"email", "password"} -> 200 {"token"}; 401
  GET  /api/v1/devices     X-Auth-Token: T -> 200 [{"deviceId", "deviceName"}]
  POST /api/v1/devices/ID/commands  JSON {"command": "open"} -> 202; 404
Any request with a missing or unknown token is 401.

Accounts (user / password), each with its own locks:
  demo@salto.test / salto-demo          3 locks
  demo@dormakaba.test / dormakaba-demo  2 locks
  other@salto.test / salto-other        1 lock (another installer's account)

For the tests (no auth):
  GET  /_fake/opened        [{"vendor", "lock", "user", "at"}] every open so far
  POST /_fake/mode          JSON {"down": bool, "revoke": bool}: down answers
                            every vendor call 503; revoke forgets every token
                            (as a vendor does when a password changes)
Python 3.11 standard library only.
"""

import argparse
import json
import secrets
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACCOUNTS = {
    ("salto", "demo@salto.test"): ("salto-demo", [
        ("sk-1001", "Front door"), ("sk-1002", "Garage"), ("sk-1003", "Garden gate")]),
    ("dormakaba", "demo@dormakaba.test"): ("dormakaba-demo", [
        ("dk-a1", "Main entrance"), ("dk-a2", "Back door")]),
    ("salto", "other@salto.test"): ("salto-other", [("sk-9001", "Other's door")]),
}


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.tokens = {}   # token -> (vendor, user)
        self.opened = []
        self.down = False
        self.journal = None


STATE = State()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-lock-vendor/1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    # ------------------------------------------------------------ helpers
    def reply(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def json_body(self):
        try:
            v = json.loads(self.body() or b"{}")
            return v if isinstance(v, dict) else {}
        except ValueError:
            return {}

    def who(self, vendor, token):
        with STATE.lock:
            v = STATE.tokens.get(token or "")
        return v[1] if v and v[0] == vendor else None

    def login(self, vendor, user, password):
        acct = ACCOUNTS.get((vendor, user))
        if not acct or not secrets.compare_digest(acct[0], password or ""):
            return None
        token = secrets.token_urlsafe(24)
        with STATE.lock:
            STATE.tokens[token] = (vendor, user)
        return token

    def locks_of(self, vendor, user):
        return ACCOUNTS[(vendor, user)][1]

    def open_lock(self, vendor, user, lock_id):
        if lock_id not in [l[0] for l in self.locks_of(vendor, user)]:
            return False
        rec = {"vendor": vendor, "lock": lock_id, "user": user, "at": time.time()}
        with STATE.lock:
            STATE.opened.append(rec)
            if STATE.journal:
                with open(STATE.journal, "a", encoding="utf-8") as f:
                    f.write(json.dumps(rec) + "\n")
        return True

    # ------------------------------------------------------------ routes
    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/_fake/opened" and method == "GET":
            with STATE.lock:
                return self.reply(200, list(STATE.opened))
        if path == "/_fake/mode" and method == "POST":
            b = self.json_body()
            with STATE.lock:
                if "down" in b:
                    STATE.down = bool(b["down"])
                if b.get("revoke"):
                    STATE.tokens.clear()
            return self.reply(204)
        if STATE.down:
            self.body()
            return self.reply(503, {"error": "maintenance"})
        parts = path.strip("/").split("/")
        if parts[0] == "salto":
            return self.salto(method, parts[1:])
        if parts[0] == "dormakaba":
            return self.dormakaba(method, parts[1:])
        self.body()
        return self.reply(404, {"error": "not_found"})

    def salto(self, method, p):
        if method == "POST" and p == ["oauth", "token"]:
            form = urllib.parse.parse_qs(self.body().decode("utf-8", "replace"))
            get = lambda k: (form.get(k) or [""])[0]
            if get("grant_type") != "password":
                return self.reply(400, {"error": "unsupported_grant_type"})
            token = self.login("salto", get("username"), get("password"))
            if not token:
                return self.reply(400, {"error": "invalid_grant"})
            return self.reply(200, {"access_token": token, "token_type": "Bearer",
                                    "expires_in": 3600})
        self.body()
        auth = self.headers.get("Authorization") or ""
        user = self.who("salto", auth[7:] if auth.startswith("Bearer ") else "")
        if user is None:
            return self.reply(401, {"error": "invalid_token"})
        if method == "GET" and p == ["v1", "locks"]:
            return self.reply(200, {"items": [{"id": i, "name": n}
                                              for i, n in self.locks_of("salto", user)]})
        if method == "POST" and len(p) == 4 and p[:2] == ["v1", "locks"] and p[3] == "open":
            if not self.open_lock("salto", user, urllib.parse.unquote(p[2])):
                return self.reply(404, {"error": "lock_not_found"})
            return self.reply(204)
        return self.reply(404, {"error": "not_found"})

    def dormakaba(self, method, p):
        if method == "POST" and p == ["api", "v1", "auth", "login"]:
            b = self.json_body()
            token = self.login("dormakaba", b.get("email"), b.get("password"))
            if not token:
                return self.reply(401, {"message": "bad credentials"})
            return self.reply(200, {"token": token})
        b = self.json_body()
        user = self.who("dormakaba", self.headers.get("X-Auth-Token"))
        if user is None:
            return self.reply(401, {"message": "unauthorized"})
        if method == "GET" and p == ["api", "v1", "devices"]:
            return self.reply(200, [{"deviceId": i, "deviceName": n}
                                    for i, n in self.locks_of("dormakaba", user)])
        if (method == "POST" and len(p) == 5 and p[:3] == ["api", "v1", "devices"]
                and p[4] == "commands"):
            if b.get("command") != "open":
                return self.reply(400, {"message": "unknown command"})
            if not self.open_lock("dormakaba", user, urllib.parse.unquote(p[3])):
                return self.reply(404, {"message": "device not found"})
            return self.reply(202, {"status": "accepted"})
        return self.reply(404, {"message": "not found"})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--journal", help="append each lock opened to this file (JSON lines)")
    args = ap.parse_args()
    STATE.journal = args.journal
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown).start())
    print("fake lock vendor on 127.0.0.1:%d" % args.port, flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
