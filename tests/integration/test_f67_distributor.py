"""F6/F7: the distributor's installers, their switches, account access and
the distributor switching into a granting installer's account."""

from vbtest import (Client, INST_FIELDS, api_installer, check, db_now, eq, expect,
                    expect_unchanged, login, new_distributor, new_installer, sign_in, snapshot,
                    sql, sql_int, uniq, uniq_email, uniq_password)


def test_create_installer_generated_password_once():
    dist = new_distributor()
    dc = sign_in(dist)
    addr = uniq_email("gen")
    r = expect(dc.post("/api/distributor/installers", {"email": addr, "name": "Gen Installer"}), 201)
    for k in INST_FIELDS:
        check(k in r.json, "INST lacks %r: %r" % (k, r.json))
    pw = r.json.get("password")
    check(isinstance(pw, str) and len(pw) >= 8, "no generated password in the answer: %r" % r.json)
    eq((r.json["email"], r.json["name"], r.json["status"]), (addr, "Gen Installer", "active"),
       "INST fields")
    eq((r.json["twofa_enabled"], r.json["payment_permission"], r.json["account_access_enabled"],
        r.json["access_granted"]), (False, False, False, False), "INST switches of a new installer")
    iid = r.json["id"]
    eq(sql("SELECT role, parent_id, email_confirmed FROM accounts WHERE id = %d" % iid),
       [["installer", str(dist.id), "0"]], "accounts row")
    g = expect(dc.get("/api/distributor/installers/%d" % iid), 200).json
    check("password" not in g, "GET shows the password: %r" % g)
    lst = expect(dc.get("/api/distributor/installers"), 200).json
    check(all("password" not in i for i in lst["items"]), "the list shows passwords")
    ph = sql("SELECT password_hash FROM accounts WHERE id = %d" % iid)[0][0]
    check(pw not in ph and ph.startswith("$scrypt$"), "password not stored as scrypt: %r" % ph[:20])
    # the generated password signs in
    eq(expect(login(Client(), None, password=pw, login_name=addr), 200).json["account"]["id"], iid,
       "login with the generated password")
    # a chosen password is not echoed
    r2 = expect(dc.post("/api/distributor/installers", {"email": uniq_email("own"),
                                                       "password": uniq_password()}), 201)
    check("password" not in r2.json, "a chosen password was echoed: %r" % r2.json)


def test_create_installer_conflicts_and_rules():
    dist = new_distributor()
    dc = sign_in(dist)
    other = new_installer()             # belongs to another distributor
    uname = uniq("dup")
    api_installer(dc, dist, username=uname, password=uniq_password())
    before = snapshot([dist.id])
    expect(dc.post("/api/distributor/installers", {"email": other.email}), 409, "email_in_use")
    expect(dc.post("/api/distributor/installers", {"email": other.email.upper()}), 409, "email_in_use")
    expect(dc.post("/api/distributor/installers", {"username": uname}), 409, "username_in_use")
    expect(dc.post("/api/distributor/installers", {"name": "No Login"}), 422,
           "email_or_username_required")
    expect(dc.post("/api/distributor/installers", {"username": uniq("nomail"), "twofa_enabled": True}),
           422, "email_required")
    expect(dc.post("/api/distributor/installers", {"username": "ab"}), 400, "invalid_field", "username")
    expect(dc.post("/api/distributor/installers", {"username": "has space"}), 400, "invalid_field",
           "username")
    expect(dc.post("/api/distributor/installers", {"email": uniq_email("p"), "password": "short"}),
           400, "invalid_field", "password")
    expect_unchanged(before, snapshot([dist.id]), "refused installer creations")


def test_list_search_and_pagination():
    dist = new_distributor()
    dc = sign_in(dist)
    tag = uniq("tag")
    made = []
    for i in range(3):
        inst, _ = api_installer(dc, dist, email=uniq_email("list"), name="%s %d" % (tag, i),
                                password=uniq_password())
        made.append(inst.id)
    plain = uniq("plain")
    api_installer(dc, dist, username=plain, name="Unrelated", password=uniq_password())
    r = expect(dc.get("/api/distributor/installers"), 200).json
    eq((r["total"], r["page"], r["per_page"]), (4, 1, 20), "default list")
    for i in r["items"]:
        for k in INST_FIELDS:
            check(k in i, "list item lacks %r" % k)
    r = expect(dc.get("/api/distributor/installers?q=%s&per_page=2&page=1" % tag), 200).json
    eq((r["total"], r["page"], r["per_page"], len(r["items"])), (3, 1, 2, 2), "page 1 of a search")
    r2 = expect(dc.get("/api/distributor/installers?q=%s&per_page=2&page=2" % tag), 200).json
    eq((r2["total"], r2["page"], len(r2["items"])), (3, 2, 1), "page 2 of a search")
    ids = sorted(i["id"] for i in r["items"] + r2["items"])
    eq(ids, sorted(made), "the pages together hold the matching installers once each")
    r3 = expect(dc.get("/api/distributor/installers?q=%s&page=3&per_page=2" % tag), 200).json
    eq((r3["total"], r3["items"]), (3, []), "a page past the end")
    # q matches e-mail and username too
    one = expect(dc.get("/api/distributor/installers/%d" % made[0]), 200).json
    r = expect(dc.get("/api/distributor/installers?q=%s" % one["email"].split("@")[0]), 200).json
    eq([i["id"] for i in r["items"]], [made[0]], "search by e-mail")
    r = expect(dc.get("/api/distributor/installers?q=%s" % plain), 200).json
    eq([i["username"] for i in r["items"]], [plain], "search by username")
    # LIKE wildcards are plain text
    for wc in ("%25", "_", "%25%25"):
        r = expect(dc.get("/api/distributor/installers?q=%s" % wc), 200).json
        eq(r["total"], 0, "search for the wildcard %r" % wc)
    expect(dc.get("/api/distributor/installers?per_page=0"), 400)
    expect(dc.get("/api/distributor/installers?page=abc"), 400)


def test_toggle_installer_switches():
    dist = new_distributor()
    dc = sign_in(dist)
    inst = new_installer(dist)
    path = "/api/distributor/installers/%d" % inst.id
    for field, col in (("twofa_enabled", "twofa_enabled"), ("payment_permission", "payment_permission"),
                       ("account_access_enabled", "account_access_enabled")):
        r = expect(dc.patch(path, {field: True}), 200).json
        eq(r[field], True, "%s after turning it on" % field)
        eq(sql_int("SELECT %s FROM accounts WHERE id = %d" % (col, inst.id)), 1, "accounts.%s" % col)
        eq(expect(dc.get(path), 200).json[field], True, "%s read back" % field)
        r = expect(dc.patch(path, {field: False}), 200).json
        eq(r[field], False, "%s after turning it off" % field)
        eq(sql_int("SELECT %s FROM accounts WHERE id = %d" % (col, inst.id)), 0, "accounts.%s" % col)
    r = expect(dc.patch(path, {"name": "Renamed Ltd", "payment_permission": True}), 200).json
    eq((r["name"], r["payment_permission"]), ("Renamed Ltd", True), "two fields in one PATCH")
    ic = sign_in(inst)
    me = expect(ic.me(), 200).json
    eq((me["payment_permission"], me["name"]), (True, "Renamed Ltd"), "the installer sees the change")
    before = snapshot([inst.id])
    expect(dc.patch(path, {"status": "deleted"}), 400, "invalid_field", "status")
    expect(dc.patch(path, {"twofa_enabled": "yes"}), 400, "invalid_field", "twofa_enabled")
    expect(dc.patch(path, {"role": "distributor"}), 400, "unknown_field")
    expect_unchanged(before, snapshot([inst.id]), "refused PATCHes")


def test_other_distributors_installer_is_404():
    d1, d2 = new_distributor(), new_distributor()
    c2 = sign_in(d2)
    inst = new_installer(d1)
    # even with the feature on and the grant given, it is not d2's
    sql("UPDATE accounts SET account_access_enabled = 1, access_granted = 1 WHERE id = %d" % inst.id)
    before = snapshot([inst.id, d2.id])
    p = "/api/distributor/installers/%d" % inst.id
    expect(c2.get(p), 404, "not_found")
    expect(c2.patch(p, {"name": "stolen", "twofa_enabled": True}), 404, "not_found")
    expect(c2.post(p + "/switch"), 404, "not_found")
    expect(c2.get("/api/distributor/installers/999999999"), 404, "not_found")
    expect(c2.get("/api/distributor/installers/abc"), 404)
    lst = expect(c2.get("/api/distributor/installers?q=%s" % inst.email), 200).json
    eq(lst["total"], 0, "another distributor's installer in the list")
    expect_unchanged(before, snapshot([inst.id, d2.id]), "another distributor's installer")
    eq(expect(c2.me(), 200).json["switched_by"], None, "d2 is not switched")


def test_installer_cannot_use_distributor_routes():
    inst = new_installer()
    ic = sign_in(inst)
    before = snapshot([inst.id])
    expect(ic.get("/api/distributor/installers"), 403, "forbidden")
    expect(ic.post("/api/distributor/installers", {"email": uniq_email("x")}), 403, "forbidden")
    expect(ic.get("/api/distributor/installers/%d" % inst.id), 403, "forbidden")
    expect(ic.patch("/api/distributor/installers/%d" % inst.id, {"payment_permission": True}), 403,
           "forbidden")
    expect(ic.post("/api/distributor/installers/%d/switch" % inst.id), 403, "forbidden")
    expect_unchanged(before, snapshot([inst.id]), "an installer on distributor routes")
    expect(Client().get("/api/distributor/installers"), 401, "unauthenticated")


def test_distributor_has_no_installer_settings():
    dist = new_distributor()
    dc = sign_in(dist)
    expect(dc.get("/api/auth/settings/account"), 403)


def test_switch_requires_feature_and_grant():
    dist = new_distributor()
    dc = sign_in(dist)
    inst = new_installer(dist)
    ic = sign_in(inst)
    sw = "/api/distributor/installers/%d/switch" % inst.id
    acc = expect(ic.get("/api/auth/settings/account"), 200).json
    eq(acc, {"account_access_enabled": False, "access_granted": False, "installer_app": False},
       "account settings of a new installer")
    expect(dc.post(sw), 403, "access_not_granted")
    before = snapshot([inst.id])
    expect(ic.put("/api/auth/settings/account", {"access_granted": True}), 422, "feature_disabled")
    expect_unchanged(before, snapshot([inst.id]), "a grant before the feature is on")
    expect(dc.patch("/api/distributor/installers/%d" % inst.id, {"account_access_enabled": True}), 200)
    eq(expect(ic.get("/api/auth/settings/account"), 200).json["account_access_enabled"], True,
       "feature visible to the installer")
    expect(dc.post(sw), 403, "access_not_granted")
    r = expect(ic.put("/api/auth/settings/account", {"access_granted": True}), 200).json
    eq(r["access_granted"], True, "grant answer")
    r = expect(ic.put("/api/auth/settings/account", {"installer_app": True}), 200).json
    eq((r["installer_app"], r["access_granted"]), (True, True), "installer_app on, grant kept")
    eq(sql("SELECT access_granted, installer_app FROM accounts WHERE id = %d" % inst.id), [["1", "1"]],
       "accounts row")
    # the distributor can now switch in
    me = expect(dc.post(sw), 200).json
    eq((me["id"], me["role"]), (inst.id, "installer"), "switch answer is the installer's ME")
    eq(me["switched_by"]["id"], dist.id, "switched_by.id")
    eq(me["switched_by"]["email"], dist.email, "switched_by.email")
    check("name" in me["switched_by"], "switched_by lacks name: %r" % me["switched_by"])
    me = expect(dc.me(), 200).json
    eq((me["id"], me["switched_by"]["id"]), (inst.id, dist.id), "me while switched")
    # while switched the session is the installer's: distributor routes are shut
    expect(dc.get("/api/distributor/installers"), 403, "forbidden")
    # and the installer's own account-access switch is not for the distributor
    before = snapshot([inst.id])
    expect(dc.put("/api/auth/settings/account", {"access_granted": True}), 403)
    expect_unchanged(before, snapshot([inst.id]), "account settings while switched")
    # back
    me = expect(dc.post("/api/distributor/switch-back"), 200).json
    eq((me["id"], me["role"], me["switched_by"]), (dist.id, "distributor", None), "switch-back answer")
    eq(expect(dc.me(), 200).json["id"], dist.id, "me after switch-back")
    expect(dc.post("/api/distributor/switch-back"), 409, "not_switched")
    expect(ic.post("/api/distributor/switch-back"), 409, "not_switched")


def test_switched_audit_rows_carry_both_identities():
    dist = new_distributor()
    dc = sign_in(dist)
    inst = new_installer(dist)
    ic = sign_in(inst)
    expect(dc.patch("/api/distributor/installers/%d" % inst.id, {"account_access_enabled": True}), 200)
    expect(ic.put("/api/auth/settings/account", {"access_granted": True}), 200)
    t0 = db_now()
    expect(dc.post("/api/distributor/installers/%d/switch" % inst.id), 200)
    company = "Switched Co " + uniq("c")
    r = expect(dc.put("/api/auth/service-provider", {"company_name": company}), 200)
    eq(r.json["company_name"], company, "service provider saved while switched")
    eq(expect(ic.get("/api/auth/service-provider"), 200).json["company_name"], company,
       "the installer sees what the distributor saved")
    rows = sql("SELECT actor_id, account_id, action FROM audit_log WHERE created_at >= '%s' "
               "AND (actor_id IN (%d, %d) OR account_id IN (%d, %d)) ORDER BY id"
               % (t0, dist.id, inst.id, dist.id, inst.id))
    check(rows, "no audit rows for the switch and the change")
    both = [r for r in rows if r[0] == str(dist.id) and r[1] == str(inst.id)]
    check(len(both) >= 2, "expected audit rows (switch, service-provider change) with actor=distributor "
          "%d and account=installer %d; got %r" % (dist.id, inst.id, rows))
    check(not any(r[0] == str(inst.id) for r in rows),
          "a row written while switched names the installer as actor: %r" % rows)


def test_withdrawing_grant_ends_switch():
    dist = new_distributor()
    dc = sign_in(dist)
    inst = new_installer(dist)
    ic = sign_in(inst)
    expect(dc.patch("/api/distributor/installers/%d" % inst.id, {"account_access_enabled": True}), 200)
    expect(ic.put("/api/auth/settings/account", {"access_granted": True}), 200)
    expect(dc.post("/api/distributor/installers/%d/switch" % inst.id), 200)
    eq(expect(dc.me(), 200).json["id"], inst.id, "switched")
    expect(ic.put("/api/auth/settings/account", {"access_granted": False}), 200)
    me = expect(dc.me(), 200).json
    eq((me["id"], me["role"], me["switched_by"]), (dist.id, "distributor", None),
       "the distributor's next request after the grant is withdrawn")
    expect(dc.get("/api/distributor/installers"), 200)
    expect(dc.post("/api/distributor/installers/%d/switch" % inst.id), 403, "access_not_granted")


def test_disabling_account_access_ends_switch_ability():
    dist = new_distributor()
    dc = sign_in(dist)
    inst = new_installer(dist)
    ic = sign_in(inst)
    p = "/api/distributor/installers/%d" % inst.id
    expect(dc.patch(p, {"account_access_enabled": True}), 200)
    expect(ic.put("/api/auth/settings/account", {"access_granted": True}), 200)
    expect(dc.patch(p, {"account_access_enabled": False}), 200)
    expect(dc.post(p + "/switch"), 403, "access_not_granted")
