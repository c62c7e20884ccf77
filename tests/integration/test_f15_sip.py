"""F15: SIP numbers.  Every master gets a family SIP number and every
account a SIP number, all unique platform-wide, also when many are created
at once, and never handed out again after a delete."""

import concurrent.futures

from vbtest import (Client, SITES, check, eq, expect, family_body, family_path, installer_client,
                    new_family, new_site, site_body, site_path, sql)


def _together(fns):
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(fns)) as ex:
        return [f.result() for f in [ex.submit(fn) for fn in fns]]


def _platform_duplicates():
    """SIP numbers used twice anywhere on the platform (sites' two kinds and
    family members together)."""
    return sql("SELECT n, COUNT(*) FROM (SELECT sip_number AS n FROM sites UNION ALL "
               "SELECT family_sip_number FROM sites UNION ALL SELECT sip_number FROM family_members) x "
               "GROUP BY n HAVING COUNT(*) > 1 LIMIT 10")


def test_50_parallel_creates_get_distinct_sip_numbers():
    inst, ic = installer_client()
    bodies = [site_body() for _ in range(50)]
    rs = _together([lambda b=b: Client(addr=ic.addr, token=ic.token).post(SITES, b, timeout=120)
                    for b in bodies])
    bad = [(r.status, r.code) for r in rs if r.status != 201]
    eq(bad, [], "answers other than 201 among 50 parallel creates")
    sips = [r.json["sip_number"] for r in rs]
    fams = [r.json["family_sip_number"] for r in rs]
    eq(len(set(sips)), 50, "distinct sip_number among 50 sites")
    eq(len(set(fams)), 50, "distinct family_sip_number among 50 sites")
    eq(len(set(sips) | set(fams)), 100, "SIP numbers shared between the two kinds")
    check(all(n.isdigit() for n in sips + fams), "SIP numbers that are not digits: %r" % (sips + fams))
    eq(len({r.json["id"] for r in rs}), 50, "distinct site ids")
    eq(_platform_duplicates(), [], "SIP numbers used twice on the platform")


def test_parallel_family_members_get_distinct_sip_numbers():
    inst, ic = installer_client()
    sites = [new_site(ic) for _ in range(4)]
    jobs = [(s["id"], family_body()) for s in sites for _ in range(3)]
    rs = _together([lambda sid=sid, b=b: Client(addr=ic.addr, token=ic.token).post(family_path(sid), b)
                    for sid, b in jobs])
    eq([r.status for r in rs], [201] * len(jobs), "parallel family adds")
    numbers = [r.json["sip_number"] for r in rs]
    numbers += [s["sip_number"] for s in sites] + [s["family_sip_number"] for s in sites]
    eq(len(set(numbers)), len(numbers), "distinct numbers among sites and members: %r" % numbers)
    eq(_platform_duplicates(), [], "SIP numbers used twice on the platform")


def test_sip_numbers_unique_across_installers():
    a_inst, ca = installer_client()
    b_inst, cb = installer_client()
    rs = _together([lambda: Client(addr=ca.addr, token=ca.token).post(SITES, site_body())
                    for _ in range(5)] +
                   [lambda: Client(addr=cb.addr, token=cb.token).post(SITES, site_body())
                    for _ in range(5)])
    eq([r.status for r in rs], [201] * 10, "creates of two installers at once")
    numbers = [r.json[k] for r in rs for k in ("sip_number", "family_sip_number")]
    eq(len(set(numbers)), 20, "distinct numbers of two installers")


def test_sip_numbers_not_reused_after_delete():
    inst, ic = installer_client()
    s = new_site(ic)
    m = new_family(ic, s["id"])
    old = {s["sip_number"], s["family_sip_number"], m["sip_number"]}
    expect(ic.delete(site_path(s["id"])), 204)
    t = new_site(ic, email=s["email"])
    m2 = new_family(ic, t["id"], email=m["email"])
    new = {t["sip_number"], t["family_sip_number"], m2["sip_number"]}
    eq(old & new, set(), "numbers of a deleted site handed out again")
    check(min(int(n) for n in new) > max(int(n) for n in old), "numbers went backwards: %r -> %r"
          % (sorted(old), sorted(new)))


def test_sip_numbers_kept_by_edit():
    inst, ic = installer_client()
    s = new_site(ic)
    r = expect(ic.patch(site_path(s["id"]), {"name": "Renamed", "call_mode": "ip"}), 200).json
    eq((r["sip_number"], r["family_sip_number"]), (s["sip_number"], s["family_sip_number"]),
       "SIP numbers after an edit")
