"""Races a user can provoke with two tabs or a double click: single-use links
stay single-use, unique addresses stay unique, and none of it is a 500."""

import concurrent.futures

from vbtest import (Client, api_installer, check, eq, expect, expect_4xx, expect_link, login,
                    mail_mark, new_distributor, new_installer, sign_in, sql, sql_int, unchanged,
                    uniq, uniq_email, uniq_password)


def _together(fns):
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(fns)) as ex:
        return [f.result() for f in [ex.submit(fn) for fn in fns]]


def test_reset_link_used_twice_at_once():
    inst = new_installer()
    mark = mail_mark(inst.email)
    expect(Client().post("/api/auth/password/forgot", {"email": inst.email}), 202)
    token = expect_link(inst.email, mark, "reset-password")
    pws = [uniq_password() for _ in range(3)]
    rs = _together([lambda pw=pw: Client().post("/api/auth/password/reset",
                                                {"token": token, "password": pw}) for pw in pws])
    ok = [pw for pw, r in zip(pws, rs) if r.status == 200]
    eq(len(ok), 1, "resets that succeeded with one link: %r" % rs)
    for r in rs:
        if r.status != 200:
            expect(r, 400, "invalid_token")
    inst.password = ok[0]
    expect(login(Client(), inst), 200)


def test_confirm_link_used_twice_at_once():
    dist = new_distributor()
    dc = sign_in(dist)
    inst, _ = api_installer(dc, dist, username=uniq("race"), password=uniq_password())
    c = sign_in(inst, until="email")
    addr = uniq_email("race")
    mark = mail_mark(addr)
    expect(c.post("/api/auth/email", {"email": addr}), 202)
    token = expect_link(addr, mark, "confirm-email")
    rs = _together([lambda: Client().post("/api/auth/email/confirm", {"token": token})
                    for _ in range(3)])
    eq(sorted(r.status for r in rs), [200, 400, 400], "confirmations of one link at once: %r" % rs)
    eq(expect(c.me(), 200).json["stage"], "done", "stage after the confirmation")


def test_same_email_created_twice_at_once():
    dist = new_distributor()
    dc = sign_in(dist)
    addr = uniq_email("twice")
    rs = _together([lambda: dc.post("/api/distributor/installers", {"email": addr, "name": "Twice"})
                    for _ in range(3)])
    eq(sorted(r.status for r in rs), [201, 409, 409], "creations of one e-mail at once: %r" % rs)
    for r in rs:
        if r.status == 409:
            expect(r, 409, "email_in_use")
    eq(sql_int("SELECT COUNT(*) FROM accounts WHERE email = '%s'" % addr), 1, "accounts with the e-mail")


def test_pending_email_taken_before_confirmation():
    """A asks to move to address X; before A follows the link, B takes X.
    A's link must then be refused in the error shape, never a 500."""
    a = new_installer()
    ac = sign_in(a)
    x = uniq_email("contested")
    mark = mail_mark(x)
    r = expect(ac.put("/api/auth/settings/notification", {"email": x}), 200)
    eq(r.json["pending_email"], x, "pending_email")
    token_a = expect_link(x, mark, "confirm-email")

    dist = new_distributor()
    dc = sign_in(dist)
    b, _ = api_installer(dc, dist, username=uniq("taker"), password=uniq_password())
    bc = sign_in(b, until="email")
    mark = mail_mark(x)
    r = bc.post("/api/auth/email", {"email": x})
    if r.status == 409:
        # X counts as taken while A's change is pending: also a fair answer
        expect(r, 409, "email_in_use")
        return
    expect(r, 202)
    token_b = expect_link(x, mark, "confirm-email")
    expect(Client().post("/api/auth/email/confirm", {"token": token_b}), 200)
    with unchanged([a.id], "confirming an address someone took meanwhile"):
        r = expect_4xx(Client().post("/api/auth/email/confirm", {"token": token_a}), {400, 409})
    check(r.code in ("invalid_token", "email_in_use"), "late confirmation: %r" % r)
    eq(sql("SELECT email FROM accounts WHERE id = %d" % a.id), [[a.email]], "A keeps its address")
