"""Sites are the installer's own: another installer's site or family member
is a 404 on every route (never a 403, never a change), while the
installer's sub-installers and a distributor switched in act as the
installer."""

from vbtest import (DASHBOARD, SITES, Client, check, eq, expect, family_body, family_path, get_site,
                    installer_client, list_family, list_sites, new_distributor, new_family,
                    new_installer, new_site, new_subinstaller, outbox_mark, outbox_since, sign_in,
                    site_body, site_path, sites_unchanged, sql, sql_int, uniq_email)


def _routes(site_id, member_id):
    """(method, path, body) for every site route that names a site or member."""
    return [
        ("GET", site_path(site_id), None),
        ("PATCH", site_path(site_id), {"name": "Stolen"}),
        ("PATCH", site_path(site_id), {}),
        ("DELETE", site_path(site_id), None),
        ("POST", site_path(site_id, "reset"), {}),
        ("POST", site_path(site_id, "reset-password"), {}),
        ("GET", family_path(site_id), None),
        ("POST", family_path(site_id), family_body()),
        ("PATCH", family_path(site_id, member_id), {"name": "Stolen"}),
        ("DELETE", family_path(site_id, member_id), None),
    ]


def _call(c, method, path, body):
    if body is None:
        return c.request(method, path)
    return c.request(method, path, body)


def test_other_installers_site_is_404_on_every_route():
    inst_a, ca = installer_client()
    inst_b, cb = installer_client()
    s = new_site(ca, country_code="+44", mobile="+447700900600")
    m = new_family(ca, s["id"])
    mine = new_site(cb)
    om = outbox_mark()
    with sites_unchanged([inst_a.id, inst_b.id], "another installer's site on every route"):
        for method, path, body in _routes(s["id"], m["id"]):
            expect(_call(cb, method, path, body), 404, "not_found")
        # B's own site with A's member
        for method, path, body in _routes(mine["id"], m["id"])[8:]:
            expect(_call(cb, method, path, body), 404, "not_found")
    eq(outbox_since(om), [], "mail caused by another installer")
    g = get_site(ca, s["id"])
    eq((g["name"], g["family_count"], g["email"]), (s["name"], 1, s["email"]), "A's site afterwards")
    eq([x["id"] for x in list_family(ca, s["id"])["items"]], [m["id"]], "A's family afterwards")


def test_missing_ids_are_404():
    inst, ic = installer_client()
    s = new_site(ic)
    m = new_family(ic, s["id"])
    gone = new_site(ic)
    expect(ic.delete(site_path(gone["id"])), 204)
    with sites_unchanged([inst.id], "missing ids"):
        for method, path, body in _routes(999999999, m["id"]) + _routes(gone["id"], m["id"]):
            expect(_call(ic, method, path, body), 404, "not_found")
        for method, path, body in _routes(s["id"], 999999999)[8:]:
            expect(_call(ic, method, path, body), 404, "not_found")


def test_sites_need_an_installer():
    anon = Client()
    expect(anon.get(SITES), 401)
    expect(anon.post(SITES, site_body()), 401)
    expect(anon.get(site_path(1)), 401)
    dist = new_distributor()
    dc = sign_in(dist)
    with sites_unchanged(what="a distributor on the site routes"):
        expect(dc.get(SITES), 403, "forbidden")
        expect(dc.post(SITES, site_body()), 403, "forbidden")
        expect(dc.get(DASHBOARD), 403, "forbidden")


def test_csrf_header_required():
    inst, ic = installer_client()
    s = new_site(ic)
    with sites_unchanged([inst.id], "state changes without the CSRF header"):
        expect(ic.post(SITES, site_body(), csrf=False), 403, "csrf")
        expect(ic.patch(site_path(s["id"]), {"name": "x"}, csrf=False), 403, "csrf")
        expect(ic.delete(site_path(s["id"]), csrf=False), 403, "csrf")
        expect(ic.post(site_path(s["id"], "reset"), csrf=False), 403, "csrf")
        expect(ic.post(family_path(s["id"]), family_body(), csrf=False), 403, "csrf")


def test_sub_installer_works_in_the_installers_sites():
    inst, ic = installer_client()
    s = new_site(ic)
    sub = new_subinstaller(inst)
    sc = sign_in(sub)
    eq([i["id"] for i in list_sites(sc)["items"]], [s["id"]], "the sub-installer's list")
    t = new_site(sc)
    eq(sql_int("SELECT installer_id FROM sites WHERE id = %d" % t["id"]), inst.id,
       "tenant of a site a sub-installer made")
    eq(sorted(i["id"] for i in list_sites(ic)["items"]), sorted([s["id"], t["id"]]),
       "the installer sees the sub-installer's site")
    new_family(sc, s["id"])
    # another installer's sub-installer sees none of it
    other = new_installer()
    oc = sign_in(new_subinstaller(other))
    eq(list_sites(oc)["total"], 0, "another installer's sub-installer's list")
    expect(oc.get(site_path(s["id"])), 404, "not_found")


def test_switched_distributor_acts_as_the_installer():
    dist = new_distributor()
    dc = sign_in(dist)
    inst = new_installer(dist)
    ic = sign_in(inst)
    s = new_site(ic)
    expect(dc.patch("/api/distributor/installers/%d" % inst.id, {"account_access_enabled": True}), 200)
    expect(ic.put("/api/auth/settings/account", {"access_granted": True}), 200)
    expect(dc.post("/api/distributor/installers/%d/switch" % inst.id), 200)
    eq([i["id"] for i in list_sites(dc)["items"]], [s["id"]], "the switched distributor's list")
    t = new_site(dc, email=uniq_email("sw"))
    eq(sql_int("SELECT installer_id FROM sites WHERE id = %d" % t["id"]), inst.id,
       "tenant of a site made while switched")
    row = sql("SELECT actor_id, account_id, tenant_id FROM audit_log WHERE action = 'site.create' "
              "AND object_id = %d" % t["id"])
    eq(row, [[str(dist.id), str(inst.id), str(inst.id)]], "site.create audit row while switched")
    expect(dc.post("/api/distributor/switch-back"), 200)
    expect(dc.get(SITES), 403, "forbidden")
    check(get_site(ic, t["id"])["id"] == t["id"], "the installer sees the site")
