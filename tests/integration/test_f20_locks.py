"""F20: third-party locks.  An installer connects its account at a lock
vendor's cloud (the fake vendor of conf/fake-lock-vendor.py plays Salto and
Dormakaba), sees the account's locks, adds them, assigns them to its sites,
opens one as a test, and disconnects.  The vendor password is used once and
never kept, logged or answered; the vendor's token is kept sealed; a vendor
that is down is a 502 and nothing is stored; a revoked token asks for a new
connection; another installer's locks are a 404.

The fake vendor is shared by every test of the stack: a test that takes it
down or revokes its tokens puts it back (try/finally)."""

import json
import os
import urllib.error
import urllib.request

from vbtest import (audit_mark, audit_rows, check, eq, expect, installer_client, log_text,
                    new_site, new_subinstaller, open_sealed, sign_in, sql, sql_dicts, sql_int,
                    uniq_password)

VENDORS = "/api/devices/lock-vendors"
LOCKS = "/api/devices/locks"
LOCK_URL = os.environ.get("VB_LOCK_URL", "http://127.0.0.1:18084")

SALTO = ("demo@salto.test", "salto-demo", ["sk-1001", "sk-1002", "sk-1003"])
DORMAKABA = ("demo@dormakaba.test", "dormakaba-demo", ["dk-a1", "dk-a2"])
LOCK_FIELDS = ("id", "vendor", "vendor_lock_id", "name", "site_id", "site_name", "created_at",
               "updated_at")
VENDOR_FIELDS = ("vendor", "title", "connected", "username", "connected_at")


# ---------------------------------------------------------------------------
# Helpers of this file: the fake vendor's test door, the lock paths

def fake(method, path, body=None):
    """A request to the fake vendor itself (no auth); the parsed JSON or None."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(LOCK_URL + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        raw = r.read()
    return json.loads(raw) if raw else None


def fake_mode(**mode):
    fake("POST", "/_fake/mode", mode)


def opened():
    """Every open the fake vendor took so far: [{"vendor", "lock", "user", "at"}]."""
    return fake("GET", "/_fake/opened")


def vendor_path(vendor, *rest):
    return "/".join([VENDORS, vendor] + list(rest))


def lock_path(lock_id, *rest):
    return "/".join([LOCKS, str(lock_id)] + [str(r) for r in rest])


def connect(c, vendor="salto", account=SALTO):
    """Connects c's installer to the vendor's demo account (200 expected)."""
    return expect(c.put(vendor_path(vendor), {"username": account[0], "password": account[1]}),
                  200).json


def add_lock(c, vendor_lock_id, vendor="salto", **kw):
    body = {"vendor": vendor, "vendor_lock_id": vendor_lock_id}
    body.update(kw)
    return check_lock(expect(c.post(LOCKS, body), 201).json)


def check_lock(lk, what="LOCK"):
    check(isinstance(lk, dict), "%s is not an object: %r" % (what, lk))
    eq(sorted(lk), sorted(LOCK_FIELDS), "keys of %s" % what)
    check(isinstance(lk["id"], int) and lk["id"] > 0, "%s.id: %r" % (what, lk))
    check(lk["site_id"] is None or isinstance(lk["site_id"], int), "%s.site_id: %r" % (what, lk))
    eq(lk["site_id"] is None, lk["site_name"] is None, "%s: site_name goes with site_id" % what)
    return lk


def vendor_items(c):
    r = expect(c.get(VENDORS), 200).json
    for it in r["items"]:
        eq(sorted(it), sorted(VENDOR_FIELDS), "keys of a lock vendor item")
    return {it["vendor"]: it for it in r["items"]}


def account_row(inst_id, vendor):
    rows = sql_dicts("SELECT installer_id, vendor, username, token_sealed, connected_at FROM "
                     "lock_accounts WHERE installer_id = %d AND vendor = '%s'" % (inst_id, vendor))
    return rows[0] if rows else None


def audit_text(after):
    return json.dumps(audit_rows(after))


# ---------------------------------------------------------------------------
# Vendors and connecting

def test_vendors_offered_and_connect():
    inst, c = installer_client()
    items = vendor_items(c)
    # The dev stack configures both (conf/devstack.sh: lock_dormakaba = true).
    eq(sorted(items), ["dormakaba", "salto"], "vendors offered")
    eq((items["salto"]["title"], items["dormakaba"]["title"]), ("Salto", "Dormakaba"), "titles")
    for v in items.values():
        eq((v["connected"], v["username"], v["connected_at"]), (False, None, None), "not connected yet")

    mark = audit_mark()
    v = connect(c)
    eq((v["vendor"], v["connected"], v["username"]), ("salto", True, SALTO[0]), "connected vendor item")
    check(v["connected_at"], "connected_at of a connected vendor: %r" % v)
    eq(vendor_items(c)["salto"], v, "the list shows the connection")
    eq(vendor_items(c)["dormakaba"]["connected"], False, "the other vendor stays unconnected")
    a = audit_rows(mark, "lock_vendor.connect", inst.id)
    eq(len(a), 1, "lock_vendor.connect audit rows")
    eq((a[0]["detail"]["vendor"], a[0]["detail"]["username"]), ("salto", SALTO[0]), "audit detail")

    # The token is kept sealed with the account's identity; it is a token the
    # vendor accepts, and it opens with no other identity.
    row = account_row(inst.id, "salto")
    check(row is not None, "no lock_accounts row")
    eq(row["username"], SALTO[0], "stored vendor username")
    token = open_sealed(row["token_sealed"], "lock_account:%d:salto" % inst.id)
    check(token, "the sealed token does not open with AAD lock_account:<installer>:salto")
    eq(open_sealed(row["token_sealed"], "lock_account:%d:dormakaba" % inst.id), None,
       "the sealed token opens under another vendor's AAD")
    req = urllib.request.Request(LOCK_URL + "/salto/v1/locks",
                                 headers={"Authorization": "Bearer " + token.decode()})
    with urllib.request.urlopen(req, timeout=10) as r:
        eq(r.status, 200, "the vendor accepts the stored token")

    # Dormakaba speaks another protocol (JSON login, X-Auth-Token).
    v = connect(c, "dormakaba", DORMAKABA)
    eq((v["vendor"], v["connected"], v["username"]), ("dormakaba", True, DORMAKABA[0]), "dormakaba item")


def test_connect_with_bad_credentials_stores_nothing():
    inst, c = installer_client()
    bad = uniq_password()
    mark = audit_mark()
    for vendor, user in (("salto", SALTO[0]), ("dormakaba", DORMAKABA[0]), ("salto", "nobody@x.test")):
        expect(c.put(vendor_path(vendor), {"username": user, "password": bad}), 422,
               "vendor_login_failed", "password")
        eq(account_row(inst.id, vendor), None, "lock account after a refused login (%s)" % vendor)
    eq(audit_rows(mark, tenant=inst.id), [], "audit rows of refused logins")
    eq(vendor_items(c)["salto"]["connected"], False, "connected after a refused login")
    # A good login afterwards works; a bad one then keeps the good connection.
    connect(c)
    before = account_row(inst.id, "salto")
    expect(c.put(vendor_path("salto"), {"username": SALTO[0], "password": bad}), 422,
           "vendor_login_failed")
    eq(account_row(inst.id, "salto"), before, "a refused login changed the kept connection")
    check(bad not in log_text(), "the refused password is in the stack's logs")


def test_connect_fields_and_unknown_vendor():
    inst, c = installer_client()
    expect(c.put(vendor_path("salto"), {"username": SALTO[0]}), 400, "missing_field", "password")
    expect(c.put(vendor_path("salto"), {"password": SALTO[1]}), 400, "missing_field", "username")
    expect(c.put(vendor_path("salto"), {"username": SALTO[0], "password": SALTO[1], "x": 1}), 400,
           "unknown_field")
    for vendor in ("acme", "Salto", "SALTO", "salto%20", "1"):
        expect(c.put(vendor_path(vendor), {"username": SALTO[0], "password": SALTO[1]}), 404,
               "not_found")
        expect(c.delete(vendor_path(vendor)), 404, "not_found")
        expect(c.get(vendor_path(vendor, "locks")), 404, "not_found")
    eq(sql_int("SELECT COUNT(*) FROM lock_accounts WHERE installer_id = %d" % inst.id), 0,
       "accounts after refused requests")
    # Distributors have no locks.
    dist_c = sign_in(inst.distributor)
    expect(dist_c.get(VENDORS), 403, "forbidden")
    expect(dist_c.get(LOCKS), 403, "forbidden")


def test_vendor_down_is_502_and_nothing_stored():
    inst, c = installer_client()
    mark = audit_mark()
    fake_mode(down=True)
    try:
        for vendor, acct in (("salto", SALTO), ("dormakaba", DORMAKABA)):
            expect(c.put(vendor_path(vendor), {"username": acct[0], "password": acct[1]}), 502,
                   "vendor_unavailable")
            eq(account_row(inst.id, vendor), None, "lock account stored while the vendor is down")
    finally:
        fake_mode(down=False)
    eq(audit_rows(mark, tenant=inst.id), [], "audit rows while the vendor was down")
    connect(c)
    add_lock(c, "sk-1001")
    fake_mode(down=True)
    try:
        expect(c.get(vendor_path("salto", "locks")), 502, "vendor_unavailable")
        expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1002"}), 502,
               "vendor_unavailable")
        lk = expect(c.get(LOCKS), 200).json["items"][0]
        expect(c.post(lock_path(lk["id"], "unlock")), 502, "vendor_unavailable")
    finally:
        fake_mode(down=False)
    eq(sql_int("SELECT COUNT(*) FROM locks WHERE installer_id = %d" % inst.id), 1,
       "locks after the vendor was down")


def test_disconnect_removes_account_and_locks():
    inst, c = installer_client()
    expect(c.delete(vendor_path("salto")), 404, "not_found")
    connect(c)
    add_lock(c, "sk-1001")
    add_lock(c, "sk-1002")
    mark = audit_mark()
    expect(c.delete(vendor_path("salto")), 204)
    eq(account_row(inst.id, "salto"), None, "account after disconnect")
    eq(sql_int("SELECT COUNT(*) FROM locks WHERE installer_id = %d" % inst.id), 0, "locks after disconnect")
    eq(expect(c.get(LOCKS), 200).json["items"], [], "lock list after disconnect")
    a = audit_rows(mark, "lock_vendor.disconnect", inst.id)
    eq(len(a), 1, "lock_vendor.disconnect audit rows")
    eq(a[0]["detail"]["locks_removed"], 2, "locks_removed in the audit detail")
    expect(c.delete(vendor_path("salto")), 404, "not_found")
    expect(c.get(vendor_path("salto", "locks")), 409, "vendor_not_connected")
    expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1001"}), 409, "vendor_not_connected")


# ---------------------------------------------------------------------------
# The vendor's lock list and the installer's locks

def test_vendor_lock_list_marks_added():
    inst, c = installer_client()
    expect(c.get(vendor_path("salto", "locks")), 409, "vendor_not_connected")
    connect(c)
    r = expect(c.get(vendor_path("salto", "locks")), 200).json
    eq([i["vendor_lock_id"] for i in r["items"]], SALTO[2], "the vendor's locks, in its order")
    eq([i["name"] for i in r["items"]], ["Front door", "Garage", "Garden gate"], "their names")
    for i in r["items"]:
        eq(sorted(i), ["added", "lock_id", "name", "vendor_lock_id"], "keys of a vendor lock")
        eq((i["added"], i["lock_id"]), (False, None), "nothing added yet")
    lk = add_lock(c, "sk-1002")
    r = expect(c.get(vendor_path("salto", "locks")), 200).json
    marks = {i["vendor_lock_id"]: (i["added"], i["lock_id"]) for i in r["items"]}
    eq(marks, {"sk-1001": (False, None), "sk-1002": (True, lk["id"]), "sk-1003": (False, None)},
       "added marks")
    connect(c, "dormakaba", DORMAKABA)
    r = expect(c.get(vendor_path("dormakaba", "locks")), 200).json
    eq([(i["vendor_lock_id"], i["name"]) for i in r["items"]],
       [("dk-a1", "Main entrance"), ("dk-a2", "Back door")], "dormakaba locks")


def test_add_assign_unassign_delete():
    inst, c = installer_client()
    site = new_site(c)
    connect(c)
    mark = audit_mark()
    lk = add_lock(c, "sk-1001")
    eq((lk["vendor"], lk["vendor_lock_id"], lk["name"], lk["site_id"], lk["site_name"]),
       ("salto", "sk-1001", "Front door", None, None), "a lock added without a name or site")
    a = audit_rows(mark, "lock.create", inst.id, lk["id"])
    eq(len(a), 1, "lock.create audit rows")
    eq(a[0]["detail"]["vendor_lock_id"], "sk-1001", "lock.create detail")

    lk2 = add_lock(c, "sk-1002", name="Garage side door", site_id=site["id"])
    eq((lk2["name"], lk2["site_id"], lk2["site_name"]), ("Garage side door", site["id"], site["name"]),
       "a lock added with a name and site")

    # Assign, rename, unassign.
    mark = audit_mark()
    r = expect(c.patch(lock_path(lk["id"]), {"site_id": site["id"]}), 200).json
    eq((r["site_id"], r["site_name"], r["name"]), (site["id"], site["name"], "Front door"), "assigned")
    r = expect(c.patch(lock_path(lk["id"]), {"name": "Porch"}), 200).json
    eq((r["site_id"], r["name"]), (site["id"], "Porch"), "renamed, still assigned")
    r = expect(c.patch(lock_path(lk["id"]), {"site_id": None}), 200).json
    eq((r["site_id"], r["site_name"], r["name"]), (None, None, "Porch"), "unassigned")
    ups = audit_rows(mark, "lock.update", inst.id, lk["id"])
    eq([u["detail"]["fields"] for u in ups], [["site_id"], ["name"], ["site_id"]], "lock.update details")
    # Nothing changed: no audit row.
    mark = audit_mark()
    eq(expect(c.patch(lock_path(lk["id"]), {"name": "Porch", "site_id": None}), 200).json["name"], "Porch",
       "a PATCH that changes nothing")
    expect(c.patch(lock_path(lk["id"]), {}), 200)
    eq(audit_rows(mark, tenant=inst.id), [], "audit rows of PATCHes that change nothing")

    # The list: filters, order (vendor, then name).
    connect(c, "dormakaba", DORMAKABA)
    lk3 = add_lock(c, "dk-a2", vendor="dormakaba", site_id=site["id"])
    r = expect(c.get(LOCKS), 200).json
    eq([i["id"] for i in r["items"]], [lk3["id"], lk2["id"], lk["id"]], "order: vendor, then name")
    eq((r["total"], r["page"]), (3, 1), "total and page")
    for i in r["items"]:
        check_lock(i)
    r = expect(c.get(LOCKS + "?site_id=%d" % site["id"]), 200).json
    eq(sorted(i["id"] for i in r["items"]), sorted([lk2["id"], lk3["id"]]), "the site's locks")
    r = expect(c.get(LOCKS + "?vendor=salto"), 200).json
    eq(sorted(i["id"] for i in r["items"]), sorted([lk["id"], lk2["id"]]), "salto's locks")
    r = expect(c.get(LOCKS + "?per_page=2&page=2"), 200).json
    eq(([i["id"] for i in r["items"]], r["total"]), ([lk["id"]], 3), "page 2")
    expect(c.get(LOCKS + "?vendor=acme"), 400, "invalid_field", "vendor")

    # Delete.
    mark = audit_mark()
    expect(c.delete(lock_path(lk["id"])), 204)
    eq(len(audit_rows(mark, "lock.delete", inst.id, lk["id"])), 1, "lock.delete audit rows")
    expect(c.delete(lock_path(lk["id"])), 404, "not_found")
    expect(c.patch(lock_path(lk["id"]), {"name": "x"}), 404, "not_found")
    # Deleted here, the lock is still at the vendor and can come back.
    add_lock(c, "sk-1001")


def test_subinstaller_manages_its_installers_locks():
    inst, c = installer_client()
    connect(c)
    lk = add_lock(c, "sk-1001")
    sub = sign_in(new_subinstaller(inst))
    eq(vendor_items(sub)["salto"]["connected"], True, "the sub-installer sees the connection")
    eq([i["id"] for i in expect(sub.get(LOCKS), 200).json["items"]], [lk["id"]], "its installer's locks")
    add_lock(sub, "sk-1003")
    expect(sub.post(lock_path(lk["id"], "unlock")), 204)


def test_lock_exists_and_unknown_lock():
    inst, c = installer_client()
    site = new_site(c)
    connect(c)
    add_lock(c, "sk-1001")
    expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1001"}), 409, "lock_exists",
           "vendor_lock_id")
    expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1001", "name": "Again"}), 409,
           "lock_exists")
    # Not in the account's list: unknown, also another account's lock.
    for vid in ("sk-0000", "sk-9001", "dk-a1", "SK-1002"):
        expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": vid}), 422, "unknown_lock",
               "vendor_lock_id")
    expect(c.post(LOCKS, {"vendor": "dormakaba", "vendor_lock_id": "dk-a1"}), 409,
           "vendor_not_connected", "vendor")
    # A site that is not the caller's.
    other, oc = installer_client()
    osite = new_site(oc)
    expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1002", "site_id": osite["id"]}), 404,
           "not_found")
    expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1002", "site_id": 999999999}), 404,
           "not_found")
    # Fields.
    expect(c.post(LOCKS, {"vendor": "salto"}), 400, "missing_field", "vendor_lock_id")
    expect(c.post(LOCKS, {"vendor": "acme", "vendor_lock_id": "x"}), 400, "invalid_field", "vendor")
    expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1002", "name": ""}), 400,
           "invalid_field", "name")
    eq(sql_int("SELECT COUNT(*) FROM locks WHERE installer_id = %d" % inst.id), 1, "locks after refusals")
    lk = add_lock(c, "sk-1002", site_id=site["id"])
    expect(c.patch(lock_path(lk["id"]), {"site_id": osite["id"]}), 404, "not_found")
    eq(expect(c.get(LOCKS + "?site_id=%d" % site["id"]), 200).json["items"][0]["site_id"], site["id"],
       "the lock stays on its site after a refused move")
    expect(c.get(LOCKS + "?site_id=%d" % osite["id"]), 404, "not_found")


# ---------------------------------------------------------------------------
# Opening a lock

def test_unlock_reaches_the_vendor():
    inst, c = installer_client()
    connect(c)
    lk = add_lock(c, "sk-1003")
    before = len(opened())
    mark = audit_mark()
    expect(c.post(lock_path(lk["id"], "unlock")), 204)
    new = opened()[before:]
    eq([(o["vendor"], o["lock"], o["user"]) for o in new], [("salto", "sk-1003", SALTO[0])],
       "opens the fake vendor took")
    a = audit_rows(mark, "lock.unlock", inst.id, lk["id"])
    eq(len(a), 1, "lock.unlock audit rows")
    eq(a[0]["detail"]["vendor_lock_id"], "sk-1003", "lock.unlock detail")

    connect(c, "dormakaba", DORMAKABA)
    dk = add_lock(c, "dk-a1", vendor="dormakaba")
    before = len(opened())
    expect(c.post(lock_path(dk["id"], "unlock"), {}), 204)
    eq([(o["vendor"], o["lock"]) for o in opened()[before:]], [("dormakaba", "dk-a1")], "dormakaba open")

    # The vendor no longer knows the lock (e.g. removed there): 422.
    sql("UPDATE locks SET vendor_lock_id = 'sk-gone' WHERE id = %d" % lk["id"])
    before = len(opened())
    mark = audit_mark()
    expect(c.post(lock_path(lk["id"], "unlock")), 422, "unknown_lock")
    eq(len(opened()), before, "opens after an unknown lock")
    eq(audit_rows(mark, tenant=inst.id), [], "audit rows of a refused unlock")
    expect(c.post(lock_path(999999999, "unlock")), 404, "not_found")
    expect(c.post(LOCKS + "/x/unlock"), 404)


def test_revoked_token_needs_reconnect():
    inst, c = installer_client()
    connect(c)
    lk = add_lock(c, "sk-1001")
    fake_mode(revoke=True)
    try:
        expect(c.get(vendor_path("salto", "locks")), 422, "vendor_reconnect_needed")
        before = len(opened())
        expect(c.post(lock_path(lk["id"], "unlock")), 422, "vendor_reconnect_needed")
        eq(len(opened()), before, "an open went through with a revoked token")
        expect(c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1002"}), 422,
               "vendor_reconnect_needed")
        # The connection and the locks stay until the installer acts.
        eq(vendor_items(c)["salto"]["connected"], True, "connected after a revoke")
        # Connecting again mends it, locks kept.
        connect(c)
        expect(c.post(lock_path(lk["id"], "unlock")), 204)
        eq([i["id"] for i in expect(c.get(LOCKS), 200).json["items"]], [lk["id"]], "locks after reconnect")
    finally:
        fake_mode(revoke=False)


def test_a_token_that_does_not_open_needs_reconnect():
    """A sealed token that does not open (copied from another account, or
    the key replaced) is treated as revoked, never a 500."""
    inst, c = installer_client()
    other, oc = installer_client()
    connect(c)
    connect(oc)
    lk = add_lock(c, "sk-1001")
    sql("UPDATE lock_accounts a JOIN lock_accounts b ON b.installer_id = %d AND b.vendor = 'salto' "
        "SET a.token_sealed = b.token_sealed WHERE a.installer_id = %d AND a.vendor = 'salto'"
        % (other.id, inst.id))
    expect(c.post(lock_path(lk["id"], "unlock")), 422, "vendor_reconnect_needed")
    expect(c.get(vendor_path("salto", "locks")), 422, "vendor_reconnect_needed")


# ---------------------------------------------------------------------------
# Tenancy and secrets

def test_another_installers_locks_are_404():
    inst, c = installer_client()
    site = new_site(c)
    connect(c)
    lk = add_lock(c, "sk-1001", site_id=site["id"])
    other, oc = installer_client()
    connect(oc)
    osite = new_site(oc)
    mark = audit_mark()
    before = len(opened())
    expect(oc.patch(lock_path(lk["id"]), {"name": "Mine now"}), 404, "not_found")
    expect(oc.patch(lock_path(lk["id"]), {"site_id": osite["id"]}), 404, "not_found")
    expect(oc.delete(lock_path(lk["id"])), 404, "not_found")
    expect(oc.post(lock_path(lk["id"], "unlock")), 404, "not_found")
    expect(oc.get(LOCKS + "?site_id=%d" % site["id"]), 404, "not_found")
    eq(expect(oc.get(LOCKS), 200).json["items"], [], "the other installer's lock list")
    eq(len(opened()), before, "opens by another installer")
    eq(audit_rows(mark), [], "audit rows of another installer's attempts")
    r = expect(c.get(LOCKS), 200).json["items"]
    eq([(i["id"], i["name"], i["site_id"]) for i in r], [(lk["id"], "Front door", site["id"])],
       "the lock is unchanged")
    # The same vendor lock id is another installer's own lock: both may add it.
    add_lock(oc, "sk-1001")
    # A vendor account is per installer: the other's disconnect leaves ours.
    expect(oc.delete(vendor_path("salto")), 204)
    eq(vendor_items(c)["salto"]["connected"], True, "our connection after the other's disconnect")
    expect(c.post(lock_path(lk["id"], "unlock")), 204)


def test_vendor_password_never_shown_kept_or_logged():
    inst, c = installer_client()
    site = new_site(c)
    mark = audit_mark()
    bad = uniq_password()
    answers = []
    answers.append(c.put(vendor_path("salto"), {"username": SALTO[0], "password": bad}))
    answers.append(c.put(vendor_path("salto"), {"username": SALTO[0], "password": SALTO[1]}))
    answers.append(c.put(vendor_path("dormakaba"), {"username": DORMAKABA[0], "password": DORMAKABA[1]}))
    answers.append(c.get(VENDORS))
    answers.append(c.get(vendor_path("salto", "locks")))
    r = c.post(LOCKS, {"vendor": "salto", "vendor_lock_id": "sk-1001", "site_id": site["id"]})
    answers.append(r)
    answers.append(c.post(lock_path(r.json["id"], "unlock")))
    answers.append(c.get(LOCKS))
    fake_mode(down=True)
    try:
        answers.append(c.put(vendor_path("salto"), {"username": SALTO[0], "password": SALTO[1]}))
    finally:
        fake_mode(down=False)
    row = account_row(inst.id, "salto")
    token = open_sealed(row["token_sealed"], "lock_account:%d:salto" % inst.id).decode()
    secrets = (bad, SALTO[1], DORMAKABA[1], token)
    for a in answers:
        text = a.body.decode("utf-8", "replace") + json.dumps(a.headers)
        for s in secrets:
            check(s not in text, "a secret is in the answer %r" % a)
        check("token" not in text.lower(), "the answer speaks of a token: %r" % a)
    audit = audit_text(mark)
    stored = json.dumps(sql_dicts("SELECT * FROM lock_accounts WHERE installer_id = %d" % inst.id))
    logs = log_text()
    for s in secrets:
        check(s not in audit, "a secret is in the audit log")
        check(s not in logs, "a secret is in the stack's logs")
    for s in (bad, SALTO[1], DORMAKABA[1]):
        check(s not in stored, "a vendor password is in lock_accounts")
    check(token not in stored, "the token is stored in the clear")
