"""The audit log: each change a person makes leaves a row naming who acted,
and no row holds a password or a token."""

from vbtest import (Account, Client, advance, check, db_now, eq, expect, expect_link, login,
                    mail_mark, new_distributor, sql, sql_int, uniq_email, uniq_password)


def _mark():
    return sql_int("SELECT COALESCE(MAX(id),0) FROM audit_log")


def _expect_row(mark, t0, actor, what, account=None):
    rows = sql("SELECT id, action, actor_id, account_id, created_at, object_id FROM audit_log "
               "WHERE id > %d AND actor_id = %d ORDER BY id" % (mark, actor))
    check(rows, "no audit row with actor %d after %s" % (actor, what))
    check(all(r[4] >= t0 for r in rows), "audit row time before the action: %r" % rows)
    check(all(r[1] for r in rows), "audit row without an action name: %r" % rows)
    if account is not None:
        check(any(str(account) in (r[3], r[5]) for r in rows),
              "no audit row for %s naming account %d: %r" % (what, account, rows))
    return rows


def _step(actor, what, fn, account=None):
    m, t0 = _mark(), db_now()
    out = fn()
    _expect_row(m, t0, actor, what, account)
    return out


def test_audit_rows_for_each_change_and_no_secrets():
    dist = new_distributor()
    dc = Client()
    secrets = [dist.password]
    _step(dist.id, "login", lambda: expect(login(dc, dist), 200))
    secrets.append(dc.token)
    v = expect(dc.get("/api/auth/privacy"), 200).json["version"]
    _step(dist.id, "privacy agree",
          lambda: expect(dc.post("/api/auth/privacy", {"version": v, "agree": True}), 200))
    ipw = uniq_password()
    secrets.append(ipw)
    iemail = uniq_email("aud")
    r = _step(dist.id, "installer create",
              lambda: expect(dc.post("/api/distributor/installers",
                                     {"email": iemail, "password": ipw, "name": "Audited"}), 201))
    iid = r.json["id"]
    _step(dist.id, "installer patch",
          lambda: expect(dc.patch("/api/distributor/installers/%d" % iid,
                                  {"account_access_enabled": True}), 200), account=iid)

    ic = Client()
    inst = Account(iid, "installer", iemail, ipw)
    r = _step(iid, "installer login", lambda: expect(login(ic, inst), 200))
    secrets.append(ic.token)
    advance(ic, inst, r)   # privacy and e-mail confirmation, through the API
    _step(iid, "grant", lambda: expect(ic.put("/api/auth/settings/account", {"access_granted": True}), 200))
    _step(dist.id, "switch", lambda: expect(dc.post("/api/distributor/installers/%d/switch" % iid), 200),
          account=iid)
    _step(dist.id, "switch-back", lambda: expect(dc.post("/api/distributor/switch-back"), 200))
    newpw = uniq_password()
    secrets.append(newpw)
    _step(iid, "password change",
          lambda: expect(ic.post("/api/auth/password/change",
                                 {"current_password": ipw, "new_password": newpw}), 200))
    _step(iid, "logout", lambda: expect(ic.post("/api/auth/logout"), 204))

    mark = mail_mark(iemail)
    expect(Client().post("/api/auth/password/forgot", {"email": iemail}), 202)
    token = expect_link(iemail, mark, "reset-password")
    secrets.append(token)
    reset_pw = uniq_password()
    secrets.append(reset_pw)
    m = _mark()
    expect(Client().post("/api/auth/password/reset", {"token": token, "password": reset_pw}), 200)
    rows = sql("SELECT id FROM audit_log WHERE id > %d AND (actor_id = %d OR account_id = %d)" % (m, iid, iid))
    check(rows, "no audit row for the password reset")

    # no secret in any row about these two accounts
    rows = sql("SELECT id, HEX(CONCAT_WS('|', action, object_type, COALESCE(CAST(detail AS CHAR), ''), "
               "ip, request_id)) FROM audit_log WHERE actor_id IN (%d, %d) OR account_id IN (%d, %d) "
               "OR object_id IN (%d, %d)" % (dist.id, iid, dist.id, iid, dist.id, iid))
    check(len(rows) >= 10, "expected at least 10 audit rows, got %d" % len(rows))
    for rid, hx in rows:
        text = bytes.fromhex(hx).decode("utf-8", "replace")
        for s in secrets:
            check(s not in text, "audit row %s holds a secret: %r" % (rid, text[:300]))
    # ip and request id are recorded
    with_ip = sql("SELECT COUNT(*) FROM audit_log WHERE actor_id = %d AND ip <> '' AND request_id <> ''"
                  % dist.id)
    check(int(with_ip[0][0]) >= 1, "audit rows lack ip/request_id")
    eq(sql_int("SELECT COUNT(*) FROM audit_log WHERE actor_id = %d AND ip = '%s'" % (dist.id, dc.addr))
       >= 1, True, "audit rows carry the caller's address")
