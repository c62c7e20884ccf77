"""F8: the dashboard's counts: sites, app accounts (masters and family
members) by their site's status, devices online and offline, and property managers,
always of the signed-in installer only."""

from vbtest import (DASHBOARD, Client, eq, expect, installer_client, new_distributor, new_family,
                    new_site, new_subinstaller, put_mac_in_use, q, rand_mac, set_site, sign_in,
                    site_path, sql)


def _dash(c):
    return expect(c.get(DASHBOARD), 200).json


def _accounts(normal, inactivated, expired):
    return {"normal": normal, "inactivated": inactivated, "expired": expired,
            "total": normal + inactivated + expired}


def test_new_installer_sees_zeros():
    inst, ic = installer_client()
    eq(_dash(ic), {"sites": 0, "app_accounts": _accounts(0, 0, 0),
                   "devices": {"online": 0, "offline": 0, "total": 0}, "property_managers": 0},
       "dashboard of a new installer")


def test_counts_follow_sites_and_family_members():
    inst, ic = installer_client()
    a = new_site(ic)
    d = _dash(ic)
    eq((d["sites"], d["app_accounts"]), (1, _accounts(1, 0, 0)), "one site")
    b = new_site(ic)
    new_family(ic, b["id"])
    new_family(ic, b["id"])
    d = _dash(ic)
    eq((d["sites"], d["app_accounts"]), (2, _accounts(4, 0, 0)), "two sites, two family members")
    set_site(b["id"], status="'expired'")
    eq(_dash(ic)["app_accounts"], _accounts(1, 0, 3), "the site with the members expired")
    set_site(a["id"], status="'inactivated'")
    d = _dash(ic)
    eq((d["sites"], d["app_accounts"]), (2, _accounts(0, 1, 3)), "one inactivated, one expired")
    expect(ic.post(site_path(b["id"], "reset")), 200)
    eq(_dash(ic)["app_accounts"], _accounts(0, 1, 1), "after a reset removed the members")
    expect(ic.delete(site_path(a["id"])), 204)
    d = _dash(ic)
    eq((d["sites"], d["app_accounts"]), (1, _accounts(0, 0, 1)), "after a delete")
    eq(d["devices"], {"online": 0, "offline": 0, "total": 0}, "devices (none until the devices issue)")


def test_counts_are_the_installers_own():
    inst_a, ca = installer_client()
    inst_b, cb = installer_client()
    s = new_site(cb)
    new_family(cb, s["id"])
    eq(_dash(ca)["sites"], 0, "another installer's sites")
    eq(_dash(ca)["app_accounts"]["total"], 0, "another installer's app accounts")
    eq(_dash(cb)["app_accounts"]["total"], 2, "the owner's app accounts")


def test_property_managers_counted():
    inst, ic = installer_client()
    other, oc = installer_client()
    for parent, tag in ((inst.id, "a"), (inst.id, "b"), (other.id, "c")):
        sql("INSERT INTO accounts (role, parent_id, username, name, password_hash) VALUES "
            "('property_manager', %d, 'pm-%d-%s', 'PM', 'x')" % (parent, parent, tag))
    eq(_dash(ic)["property_managers"], 2, "property managers of the installer")
    eq(_dash(oc)["property_managers"], 1, "property managers of the other installer")


def test_dashboard_needs_an_installer():
    expect(Client().get(DASHBOARD), 401)
    dc = sign_in(new_distributor())
    expect(dc.get(DASHBOARD), 403, "forbidden")


def test_sub_installer_sees_the_installers_counts():
    inst, ic = installer_client()
    s = new_site(ic)
    new_family(ic, s["id"])
    sc = sign_in(new_subinstaller(inst))
    eq((_dash(sc)["sites"], _dash(sc)["app_accounts"]["total"]), (1, 2), "the sub-installer's dashboard")


def _device(inst, ic, site, online):
    """A device on site, its MAC in the library of inst's distributor."""
    mac = rand_mac()
    sql("INSERT INTO mac_library (mac, distributor_id, installer_id) SELECT %s, parent_id, id "
        "FROM accounts WHERE id = %d" % (q(mac), inst.id))
    _, dev = put_mac_in_use(ic, inst.id, mac, site)
    sql("UPDATE devices SET online = %d WHERE id = %d" % (1 if online else 0, dev))
    return dev


def test_devices_online_and_offline():
    inst, ic = installer_client()
    other, oc = installer_client()
    site = new_site(ic)
    _device(inst, ic, site, True)
    _device(inst, ic, site, False)
    _device(inst, ic, site, False)
    _device(other, oc, new_site(oc), True)
    eq(_dash(ic)["devices"], {"online": 1, "offline": 2, "total": 3}, "the installer's devices")
    eq(_dash(oc)["devices"], {"online": 1, "offline": 0, "total": 1}, "another installer's")
    expect(ic.delete(site_path(site["id"])), 204)
    eq(_dash(ic)["devices"], {"online": 0, "offline": 0, "total": 0}, "after the site is deleted")
