"""The worker marks sites expired: a site whose status is normal and whose
expires_at has passed becomes expired (and the system writes no audit row);
nothing else changes status."""

import time

from vbtest import (DASHBOARD, check, eq, expect, fail, family_body, family_path, get_site,
                    installer_client, list_sites, new_site, set_site, sql, sql_int)


def _wait_status(site_id, want, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        st = sql("SELECT status FROM sites WHERE id = %d" % site_id)[0][0]
        if st == want:
            return
        if time.monotonic() > deadline:
            fail("site %d is %s, not %s, %d s after it expired" % (site_id, st, want, timeout))
        time.sleep(0.5)


def test_worker_marks_expired_sites():
    inst, ic = installer_client()
    due = new_site(ic)
    future = new_site(ic)
    never = new_site(ic)
    inactive = new_site(ic)
    set_site(due["id"], expires_at="UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE")
    set_site(future["id"], expires_at="UTC_TIMESTAMP(3) + INTERVAL 1 DAY")
    set_site(inactive["id"], status="'inactivated'", expires_at="UTC_TIMESTAMP(3) - INTERVAL 1 DAY")
    audit_before = sql_int("SELECT COUNT(*) FROM audit_log WHERE tenant_id = %d" % inst.id)
    _wait_status(due["id"], "expired")
    time.sleep(2.5)   # one more tick: the others must still be as they were
    g = get_site(ic, due["id"])
    eq(g["status"], "expired", "the site the installer sees")
    check(g["expires_at"] is not None, "expires_at lost: %r" % g)
    eq(get_site(ic, future["id"])["status"], "normal", "a site expiring tomorrow")
    eq(get_site(ic, never["id"])["status"], "normal", "a site without expiry")
    eq(get_site(ic, inactive["id"])["status"], "inactivated", "an inactivated site past its date")
    eq(sql_int("SELECT COUNT(*) FROM audit_log WHERE tenant_id = %d" % inst.id), audit_before,
       "audit rows written by the worker")


def test_expired_site_shows_everywhere():
    inst, ic = installer_client()
    s = new_site(ic)
    set_site(s["id"], expires_at="UTC_TIMESTAMP(3) - INTERVAL 1 SECOND")
    _wait_status(s["id"], "expired")
    eq([i["id"] for i in list_sites(ic, status="expired")["items"]], [s["id"]], "the expired list")
    d = expect(ic.get(DASHBOARD), 200).json
    eq((d["app_accounts"]["expired"], d["app_accounts"]["normal"]), (1, 0), "dashboard after expiry")
    expect(ic.post(family_path(s["id"]), family_body()), 409, "account_expired")


def test_renewed_site_is_not_expired_again():
    inst, ic = installer_client()
    s = new_site(ic)
    set_site(s["id"], status="'normal'", expires_at="UTC_TIMESTAMP(3) + INTERVAL 3 SECOND")
    time.sleep(1)
    eq(get_site(ic, s["id"])["status"], "normal", "before the expiry time")
    _wait_status(s["id"], "expired")
    # billing renews it: normal with a new date, and the worker leaves it
    set_site(s["id"], status="'normal'", expires_at="UTC_TIMESTAMP(3) + INTERVAL 30 DAY")
    time.sleep(4.5)
    eq(get_site(ic, s["id"])["status"], "normal", "a renewed site")
