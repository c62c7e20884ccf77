"""F10: family member accounts of a site: three free, the fourth only with
an Additional App entitlement, edit and delete, and the rules on who may
be added when."""

import concurrent.futures

from vbtest import (Client, OMIT, audit_mark, check, check_family_shape, eq, expect, expect_audit,
                    family_body, family_path, get_site, identity_by_email, identity_db,
                    installer_client, list_family, mail_mark, new_family, new_site, outbox_since,
                    password_in, set_site, sites_unchanged, sql, sql_int, uniq_email,
                    wait_eml, wait_outbox)


def _together(fns):
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(fns)) as ex:
        return [f.result() for f in [ex.submit(fn) for fn in fns]]


def test_family_member_fields():
    inst, ic = installer_client()
    s = new_site(ic)
    body = family_body(name="Grace Hopper", country_code="+44", mobile="+447700900777")
    m = check_family_shape(expect(ic.post(family_path(s["id"]), body), 201).json)
    eq((m["site_id"], m["name"], m["email"], m["country_code"], m["mobile"], m["paid"],
        m["app_registered"]), (s["id"], "Grace Hopper", body["email"], "+44", "+447700900777", False,
                               False), "FAMILY after create")
    check(m["sip_number"] not in (s["sip_number"], s["family_sip_number"]),
          "the member's SIP number is the site's: %r / %r" % (m, s))
    row = sql("SELECT site_id, installer_id, identity_id, paid FROM family_members WHERE id = %d" % m["id"])
    eq((row[0][0], row[0][1], row[0][3]), (str(s["id"]), str(inst.id), "0"), "family_members row")
    ident = identity_db(int(row[0][2]))
    eq((ident["kind"], ident["email"], ident["mobile"], int(ident["installer_id"])),
       ("family", body["email"], "+447700900777", inst.id), "the member's identity")
    eq(get_site(ic, s["id"])["family_count"], 1, "family_count after one member")
    only_mobile = new_family(ic, s["id"], email=OMIT, country_code="+33", mobile="+33612345678")
    eq((only_mobile["email"], only_mobile["mobile"]), ("", "+33612345678"), "a member with only a mobile")


def test_family_list_oldest_first():
    inst, ic = installer_client()
    s = new_site(ic)
    eq(list_family(ic, s["id"]), {"items": [], "total": 0, "free_left": 3, "paid_left": 0},
       "the family of a new site")
    made = [new_family(ic, s["id"])["id"] for _ in range(3)]
    r = list_family(ic, s["id"])
    eq([m["id"] for m in r["items"]], made, "members, oldest first")
    for m in r["items"]:
        check_family_shape(m)
    eq((r["total"], r["free_left"], r["paid_left"]), (3, 0, 0), "counts with three members")


def test_three_free_then_additional_app_required():
    inst, ic = installer_client()
    s = new_site(ic)
    members = [new_family(ic, s["id"]) for _ in range(3)]
    eq([m["paid"] for m in members], [False, False, False], "the first three are free")
    eq(len({m["sip_number"] for m in members}), 3, "distinct SIP numbers of the members")
    with sites_unchanged([inst.id], "a fourth member without an entitlement"):
        expect(ic.post(family_path(s["id"]), family_body()), 402, "additional_app_required")
        expect(ic.post(family_path(s["id"]), family_body(email=OMIT, country_code="+44",
                                                          mobile="+447700900100")),
               402, "additional_app_required")
    eq(get_site(ic, s["id"])["family_count"], 3, "family_count after the refusal")


def test_additional_app_entitlement_allows_one_more():
    inst, ic = installer_client()
    s = new_site(ic)
    for _ in range(3):
        new_family(ic, s["id"])
    set_site(s["id"], additional_apps=1)
    r = list_family(ic, s["id"])
    eq((r["free_left"], r["paid_left"]), (0, 1), "slots with one entitlement")
    fourth = new_family(ic, s["id"])
    eq(fourth["paid"], True, "the fourth member took the entitlement")
    eq(sql_int("SELECT paid FROM family_members WHERE id = %d" % fourth["id"]), 1, "paid column")
    r = list_family(ic, s["id"])
    eq((r["total"], r["free_left"], r["paid_left"]), (4, 0, 0), "slots after the fourth")
    g = get_site(ic, s["id"])
    eq((g["family_count"], g["additional_apps"]), (4, 1), "site counts")
    with sites_unchanged([inst.id], "a fifth member"):
        expect(ic.post(family_path(s["id"]), family_body()), 402, "additional_app_required")


def test_family_needs_email_or_mobile_and_valid_fields():
    inst, ic = installer_client()
    s = new_site(ic)
    p = family_path(s["id"])
    with sites_unchanged([inst.id], "refused family members"):
        expect(ic.post(p, {"name": "Nobody"}), 400, "missing_field", "email")
        expect(ic.post(p, {"email": uniq_email("f")}), 400, "missing_field", "name")
        expect(ic.post(p, family_body(name="")), 400, "invalid_field", "name")
        expect(ic.post(p, family_body(name="n" * 65)), 400, "invalid_field", "name")
        expect(ic.post(p, family_body(name=5)), 400, "invalid_field", "name")
        expect(ic.post(p, family_body(email="not-mail")), 400, "invalid_field", "email")
        expect(ic.post(p, family_body(email=OMIT, mobile="+447700900123")), 400, "invalid_field",
               "country_code")
        expect(ic.post(p, family_body(country_code="+44", mobile="+33612345678")), 400,
               "invalid_field", "mobile")
        expect(ic.post(p, family_body(country_code="44")), 400, "invalid_field", "country_code")
        expect(ic.post(p, family_body(country_code="+44", mobile="07700900123")), 400, "invalid_field",
               "mobile")
        expect(ic.post(p, family_body(paid=False)), 400, "unknown_field", "paid")
        expect(ic.post(p, family_body(site_id=s["id"])), 400, "unknown_field", "site_id")


def test_family_edit():
    inst, ic = installer_client()
    s = new_site(ic)
    m = new_family(ic, s["id"], country_code="+44", mobile="+447700900001")
    p = family_path(s["id"], m["id"])
    new_mail = uniq_email("fam2")
    r = check_family_shape(expect(ic.patch(p, {"name": "Renamed Member", "email": new_mail,
                                               "country_code": "+33", "mobile": "+33612345678"}),
                                  200).json)
    eq((r["id"], r["name"], r["email"], r["country_code"], r["mobile"]),
       (m["id"], "Renamed Member", new_mail, "+33", "+33612345678"), "FAMILY after edit")
    listed = [x for x in list_family(ic, s["id"])["items"] if x["id"] == m["id"]]
    eq(listed[0]["name"], "Renamed Member", "the edit in the list")
    ident = identity_by_email(new_mail)
    check(ident is not None and ident["kind"] == "family", "the identity does not have the new e-mail")
    eq(ident["mobile"], "+33612345678", "the identity's mobile")
    check(identity_by_email(m["email"]) is None, "the old e-mail still names an identity")
    # e-mail can go while a mobile remains; then the mobile must stay
    r = expect(ic.patch(p, {"email": None}), 200).json
    eq(r["email"], "", "e-mail removed")
    with sites_unchanged([inst.id], "removing the last contact of a member"):
        expect(ic.patch(p, {"mobile": None}), 400, "missing_field")
        expect(ic.patch(p, {"mobile": "+447700900001"}), 400, "invalid_field", "mobile")
        expect(ic.patch(p, {"name": ""}), 400, "invalid_field", "name")
    r = expect(ic.patch(p, {"email": new_mail, "mobile": None}), 200).json
    eq((r["email"], r["mobile"]), (new_mail, ""), "mobile removed once an e-mail is back")
    with sites_unchanged([inst.id], "removing the e-mail of a member without mobile"):
        expect(ic.patch(p, {"email": None}), 400, "missing_field")


def test_family_edit_email_in_use():
    inst, ic = installer_client()
    s = new_site(ic)
    m1, m2 = new_family(ic, s["id"]), new_family(ic, s["id"])
    other_inst, oc = installer_client()
    other = new_site(oc)
    with sites_unchanged([inst.id, other_inst.id], "a member taking a used e-mail"):
        for taken in (s["email"], m2["email"], other["email"]):
            expect(ic.patch(family_path(s["id"], m1["id"]), {"email": taken}), 409, "email_in_use",
                   "email")


def test_family_create_email_in_use():
    inst, ic = installer_client()
    s = new_site(ic)
    m = new_family(ic, s["id"])
    other_inst, oc = installer_client()
    other = new_site(oc)
    with sites_unchanged([inst.id, other_inst.id], "members with used e-mails"):
        for taken in (s["email"], m["email"], other["email"], m["email"].upper()):
            expect(ic.post(family_path(s["id"]), family_body(email=taken)), 409, "email_in_use", "email")


def test_family_delete_frees_the_slot():
    inst, ic = installer_client()
    s = new_site(ic)
    ms = [new_family(ic, s["id"]) for _ in range(3)]
    gone = ms[1]
    ident = sql_int("SELECT identity_id FROM family_members WHERE id = %d" % gone["id"])
    r = expect(ic.delete(family_path(s["id"], gone["id"])), 204)
    eq(r.body, b"", "body of a 204")
    eq(get_site(ic, s["id"])["family_count"], 2, "family_count after a delete")
    lst = list_family(ic, s["id"])
    eq(([m["id"] for m in lst["items"]], lst["free_left"]), ([ms[0]["id"], ms[2]["id"]], 1),
       "members after the delete")
    eq(identity_db(ident), None, "the member's identity after the delete")
    again = new_family(ic, s["id"])
    eq(again["paid"], False, "the freed slot is free again")
    expect(ic.delete(family_path(s["id"], gone["id"])), 404, "not_found")
    # the address is free for anyone now
    new_site(ic, email=gone["email"])


def test_family_refused_on_inactive_or_expired_site():
    inst, ic = installer_client()
    s = new_site(ic)
    set_site(s["id"], status="'inactivated'")
    with sites_unchanged([inst.id], "a member on an inactivated site"):
        expect(ic.post(family_path(s["id"]), family_body()), 409, "account_not_active")
    set_site(s["id"], status="'expired'", expires_at="UTC_TIMESTAMP(3) - INTERVAL 1 DAY")
    with sites_unchanged([inst.id], "a member on an expired site"):
        expect(ic.post(family_path(s["id"]), family_body()), 409, "account_expired")
    set_site(s["id"], status="'normal'", expires_at="UTC_TIMESTAMP(3) + INTERVAL 30 DAY")
    new_family(ic, s["id"])


def test_ten_parallel_adds_get_three_slots():
    inst, ic = installer_client()
    s = new_site(ic)
    bodies = [family_body() for _ in range(10)]
    rs = _together([lambda b=b: Client(addr=ic.addr, token=ic.token).post(family_path(s["id"]), b)
                    for b in bodies])
    eq(sorted(r.status for r in rs), [201] * 3 + [402] * 7, "10 adds at once on 3 free slots: %r"
       % [(r.status, r.code) for r in rs])
    for r in rs:
        if r.status == 402:
            expect(r, 402, "additional_app_required")
    eq(sql_int("SELECT COUNT(*) FROM family_members WHERE site_id = %d" % s["id"]), 3, "member rows")
    eq(get_site(ic, s["id"])["family_count"], 3, "family_count")
    refused = [b["email"] for b, r in zip(bodies, rs) if r.status != 201]
    eq([e for e in refused if identity_by_email(e)], [], "identities of refused members")


def test_member_of_another_site_is_404():
    inst, ic = installer_client()
    a, b = new_site(ic), new_site(ic)
    m = new_family(ic, a["id"])
    with sites_unchanged([inst.id], "a member addressed through another site"):
        expect(ic.patch(family_path(b["id"], m["id"]), {"name": "Moved"}), 404, "not_found")
        expect(ic.delete(family_path(b["id"], m["id"])), 404, "not_found")
    eq(list_family(ic, b["id"])["total"], 0, "the other site's family")


def test_family_welcome_mail():
    inst, ic = installer_client()
    s = new_site(ic, name="Master Person")
    body = family_body(name="Kid Person")
    mark = mail_mark(body["email"])
    m = new_family(ic, s["id"], **body)
    _, subject, text = wait_outbox(body["email"], mark)
    stored = identity_by_email(body["email"])["password_hash"]
    pw = password_in(text, stored)
    check(pw, "the family welcome mail holds no password matching the member's: %r" % text[:600])
    for what, fact in (("name", "Kid Person"), ("login", body["email"]), ("SIP number", m["sip_number"]),
                       ("family SIP number", s["family_sip_number"]), ("master's name", "Master Person")):
        check(fact in text, "the family welcome mail lacks the %s %r: %r" % (what, fact, text))
    wait_eml(body["email"], pw)
    # a member without e-mail gets nothing, and the master is not written to
    mark_all = sql_int("SELECT COALESCE(MAX(id),0) FROM mail_outbox")
    new_family(ic, s["id"], email=OMIT, country_code="+44", mobile="+447700900321")
    eq(outbox_since(mark_all), [], "mail after adding a member without e-mail")


def test_family_welcome_mail_in_the_sites_language():
    inst, ic = installer_client()
    en = new_site(ic, language="en")
    de = new_site(ic, language="de")
    subjects = {}
    for lang, s in (("en", en), ("de", de)):
        body = family_body()
        mark = mail_mark(body["email"])
        new_family(ic, s["id"], **body)
        subjects[lang] = wait_outbox(body["email"], mark)[1]
    check(subjects["en"] != subjects["de"], "the German family welcome has the English subject %r"
          % subjects["en"])


def _family_audit(mark, action, inst, site, member):
    """The one audit row of action; it names the member (or its site)."""
    row = expect_audit(mark, action, inst.id, actor=inst.id)
    check(int(row["object_id"] or 0) in (member, site),
          "the %s audit row names neither the member %d nor the site %d: %r"
          % (action, member, site, row))
    return row


def test_family_create_audited():
    inst, ic = installer_client()
    s = new_site(ic)
    m0 = audit_mark()
    m = new_family(ic, s["id"])
    _family_audit(m0, "family.create", inst, s["id"], m["id"])


def test_family_update_audited():
    inst, ic = installer_client()
    s = new_site(ic)
    m = new_family(ic, s["id"])
    m1 = audit_mark()
    expect(ic.patch(family_path(s["id"], m["id"]), {"name": "Audited"}), 200)
    _family_audit(m1, "family.update", inst, s["id"], m["id"])


def test_family_delete_audited():
    inst, ic = installer_client()
    s = new_site(ic)
    m = new_family(ic, s["id"])
    m2 = audit_mark()
    expect(ic.delete(family_path(s["id"], m["id"])), 204)
    _family_audit(m2, "family.delete", inst, s["id"], m["id"])
