"""F14: deleting a site (everything it holds goes, the audit log stays,
the resident's address is free again unless another site still uses it) and
mailing the master account a new password."""

import concurrent.futures

from vbtest import (SITES, Client, audit_mark, audit_rows, check, eq, expect, expect_audit,
                    family_body, family_path, fill_site_data, get_site, identity_by_email,
                    identity_db, installer_client, list_family, mail_mark, new_family, new_site,
                    orphan_identities, outbox_mark, outbox_since, password_in, set_site, site_body,
                    site_path, sites_unchanged, sql, sql_int, uniq_email, wait_eml, wait_outbox)


def _counts(site_id):
    out = {}
    for t in ("family_members", "access_credentials", "door_logs", "call_logs", "site_messages",
              "alarms", "site_video_models"):
        out[t] = sql_int("SELECT COUNT(*) FROM %s WHERE site_id = %d" % (t, site_id))
    return out


def test_delete_removes_everything():
    inst, ic = installer_client()
    s = new_site(ic, video_storage=True, video_plan="subscription", video_device_count=2,
                 video_models=["A01", "X915"])
    set_site(s["id"], additional_apps=1)
    members = [new_family(ic, s["id"]) for _ in range(4)]
    member_idents = [int(r[0]) for r in sql("SELECT identity_id FROM family_members WHERE site_id = %d"
                                            % s["id"])]
    fill_site_data(s, inst.id, member_id=members[0]["id"])
    check(all(_counts(s["id"]).values()), "the site was not furnished: %r" % _counts(s["id"]))
    r = expect(ic.delete(site_path(s["id"])), 204)
    eq(r.body, b"", "body of the 204")
    expect(ic.get(site_path(s["id"])), 404, "not_found")
    eq(sql_int("SELECT COUNT(*) FROM sites WHERE id = %d" % s["id"]), 0, "the sites row")
    eq(_counts(s["id"]), {k: 0 for k in _counts(s["id"])}, "what the site held")
    eq(identity_db(s["identity_id"]), None, "the master identity")
    for i in member_idents:
        eq(identity_db(i), None, "family identity %d" % i)
    eq(list_family_status(ic, s["id"]), 404, "the family list of a deleted site")
    check(s["id"] not in [i["id"] for i in ic.get(SITES + "?per_page=200").json["items"]],
          "the deleted site is still listed")
    expect(ic.delete(site_path(s["id"])), 404, "not_found")


def list_family_status(ic, site_id):
    return ic.get(family_path(site_id)).status


def test_delete_keeps_the_audit_log_and_is_audited():
    inst, ic = installer_client()
    s = new_site(ic)
    new_family(ic, s["id"])
    mark = audit_mark()
    expect(ic.delete(site_path(s["id"])), 204)
    a = expect_audit(mark, "site.delete", inst.id, s["id"], actor=inst.id)
    det = a["detail"] or {}
    eq(det.get("name"), s["name"], "site.delete detail.name")
    text = repr(det)
    check(s["sip_number"] in text and s["family_sip_number"] in text,
          "site.delete detail lacks the SIP numbers: %r" % det)
    eq(sql_int("SELECT COUNT(*) FROM audit_log WHERE action = 'site.create' AND object_id = %d "
               "AND tenant_id = %d" % (s["id"], inst.id)), 1, "the site.create row after the delete")
    check(sql_int("SELECT COUNT(*) FROM audit_log WHERE action = 'family.create' AND tenant_id = %d"
                  % inst.id) == 1, "the family.create row after the delete")


def test_delete_frees_the_addresses():
    inst, ic = installer_client()
    s = new_site(ic)
    m = new_family(ic, s["id"])
    expect(ic.delete(site_path(s["id"])), 204)
    eq(identity_by_email(s["email"]), None, "identity of the master's address")
    eq(identity_by_email(m["email"]), None, "identity of the member's address")
    mark = mail_mark(s["email"])
    again = new_site(ic, email=s["email"])
    check(again["identity_id"] != s["identity_id"], "the old identity was reused")
    _, _, text = wait_outbox(s["email"], mark)
    check(password_in(text, identity_db(again["identity_id"])["password_hash"]),
          "the new site's welcome mail holds no matching password")
    other_inst, oc = installer_client()
    new_site(oc, email=m["email"])   # any installer may use the member's address now


def test_delete_keeps_a_linked_identity_for_the_other_site():
    inst, ic = installer_client()
    a = new_site(ic, country_code="+44", mobile="+447700900900")
    b = expect(ic.post(SITES, site_body(email=a["email"], link_existing=True)), 201).json
    pw = identity_db(a["identity_id"])["password_hash"]
    expect(ic.delete(site_path(a["id"])), 204)
    g = get_site(ic, b["id"])
    eq((g["identity_id"], g["email"], g["linked_sites"], g["contact_locked"]),
       (a["identity_id"], a["email"], 1, False), "the other linked site")
    ident = identity_db(a["identity_id"])
    check(ident is not None, "the shared identity was deleted with one of its sites")
    eq(ident["password_hash"], pw, "the shared identity's password")
    with sites_unchanged([inst.id], "the still-used address"):
        expect(ic.post(SITES, site_body(email=a["email"])), 409, "email_in_use", "email")


def test_family_members_cost_again_after_delete():
    inst, ic = installer_client()
    s = new_site(ic)
    set_site(s["id"], additional_apps=1)
    for _ in range(4):
        new_family(ic, s["id"])
    expect(ic.delete(site_path(s["id"])), 204)
    again = new_site(ic, email=s["email"])
    eq((again["additional_apps"], again["family_count"]), (0, 0), "a re-created site's entitlements")
    for _ in range(3):
        new_family(ic, again["id"])
    expect(ic.post(family_path(again["id"]), family_body()), 402, "additional_app_required")
    eq(list_family(ic, again["id"])["paid_left"], 0, "paid slots of the re-created site")


# --- reset password ----------------------------------------------------------------------

def test_reset_password_mails_a_new_password():
    inst, ic = installer_client()
    s = new_site(ic, name="Pat Resident")
    old = identity_db(s["identity_id"])["password_hash"]
    wait_outbox(s["email"], 0)        # the welcome mail, queued at create
    mark = mail_mark(s["email"])
    a0 = audit_mark()
    r = expect(ic.post(site_path(s["id"], "reset-password")), 204)
    eq(r.body, b"", "body of the 204")
    ident = identity_db(s["identity_id"])
    check(ident["password_hash"] != old, "the password did not change")
    eq(ident["must_change_password"], "1", "must_change_password after a reset")
    _, subject, text = wait_outbox(s["email"], mark)
    pw = password_in(text, ident["password_hash"])
    check(pw, "the reset mail holds no password matching the new one: %r" % text[:600])
    check("Pat Resident" in text and s["email"] in text, "the reset mail lacks the name or login: %r"
          % text[:600])
    check(not password_in(text, old), "the mail holds the old password")
    wait_eml(s["email"], pw)
    a = expect_audit(a0, "site.reset_password", inst.id, s["id"], actor=inst.id)
    check(pw not in repr(a), "the audit row holds the password")


def test_reset_password_mail_in_the_sites_language():
    inst, ic = installer_client()
    subjects = {}
    for lang in ("en", "de", "ja"):
        s = new_site(ic, language=lang)
        wait_outbox(s["email"], 0)
        mark = mail_mark(s["email"])
        expect(ic.post(site_path(s["id"], "reset-password")), 204)
        subjects[lang] = wait_outbox(s["email"], mark)
    welcome_en = subjects["en"][1]
    check(subjects["de"][1] != welcome_en, "the German reset mail has the English subject %r" % welcome_en)
    check(subjects["ja"][1] != welcome_en, "the Japanese reset mail has the English subject")
    check(any("\u3040" <= ch <= "\u9fff" for ch in subjects["ja"][1] + subjects["ja"][2]),
          "the Japanese reset mail is not in Japanese: %r" % subjects["ja"][2][:300])


def test_reset_password_without_email():
    inst, ic = installer_client()
    s = new_site(ic)
    t = new_site(ic, country_code="+44", mobile="+447700900950")
    wait_outbox(t["email"], 0)        # the welcome mails are out of the way
    expect(ic.post(site_path(s["id"], "reset")), 200)
    expect(ic.patch(site_path(t["id"]), {"email": None}), 200)
    m = outbox_mark()
    with sites_unchanged([inst.id], "a password reset without e-mail"):
        expect(ic.post(site_path(s["id"], "reset-password")), 422, "no_email")
        expect(ic.post(site_path(t["id"], "reset-password")), 422, "no_email")
    eq(outbox_since(m), [], "mail after refused password resets")
    eq(audit_rows(0, "site.reset_password", inst.id), [], "audit rows of refused resets")


# --- nothing left behind -----------------------------------------------------------------

def test_no_identity_left_behind():
    """After every kind of change, each resident identity is still used by a
    site or a family member: released identities are gone."""
    inst, ic = installer_client()
    a = new_site(ic)
    b = expect(ic.post(SITES, site_body(email=a["email"], link_existing=True)), 201).json
    m = new_family(ic, a["id"])
    new_family(ic, b["id"])
    expect(ic.patch(family_path(a["id"], m["id"]), {"email": uniq_email("moved")}), 200)
    expect(ic.patch(site_path(a["id"]), {"name": "Still Linked"}), 200)
    expect(ic.delete(family_path(a["id"], m["id"])), 204)
    expect(ic.post(site_path(a["id"], "reset")), 200)
    expect(ic.patch(site_path(a["id"]), {"email": uniq_email("next")}), 200)
    expect(ic.delete(site_path(b["id"])), 204)
    c = new_site(ic)
    expect(ic.patch(site_path(c["id"]), {"email": uniq_email("changed")}), 200)
    eq(orphan_identities(inst.id), [], "identities nothing uses")
    eq(sql_int("SELECT COUNT(*) FROM resident_identities WHERE installer_id = %d" % inst.id), 2,
       "identities left (the two sites' masters)")


def _together(fns):
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(fns)) as ex:
        return [f.result() for f in [ex.submit(fn) for fn in fns]]


def test_family_count_right_under_concurrent_changes():
    inst, ic = installer_client()

    def cl():
        return Client(addr=ic.addr, token=ic.token)

    for rnd in range(3):
        s = new_site(ic)
        set_site(s["id"], additional_apps=2)
        ms = [new_family(ic, s["id"]) for _ in range(3)]
        jobs = [lambda: cl().post(family_path(s["id"]), family_body()) for _ in range(4)]
        jobs += [lambda mid=m["id"]: cl().delete(family_path(s["id"], mid)) for m in ms[:2]]
        jobs += [lambda: cl().post(site_path(s["id"], "reset"))]
        rs = _together(jobs)
        eq([r.status for r in rs if r.status not in (200, 201, 204, 402, 404)], [],
           "unexpected answers in round %d: %r" % (rnd, [(r.status, r.code) for r in rs]))
        rows = sql_int("SELECT COUNT(*) FROM family_members WHERE site_id = %d" % s["id"])
        eq(get_site(ic, s["id"])["family_count"], rows, "family_count against the member rows (round %d)"
           % rnd)
        check(rows <= 5, "more members than free and paid slots: %d" % rows)
    eq(orphan_identities(inst.id), [], "identities nothing uses after concurrent changes")


def test_family_add_while_the_site_is_deleted():
    inst, ic = installer_client()
    for _ in range(3):
        s = new_site(ic)
        rs = _together([lambda: Client(addr=ic.addr, token=ic.token).post(family_path(s["id"]), family_body())
                        for _ in range(3)] +
                       [lambda: Client(addr=ic.addr, token=ic.token).delete(site_path(s["id"]))])
        check(all(r.status in (201, 204, 402, 404) for r in rs), "answers: %r"
              % [(r.status, r.code) for r in rs])
        eq(rs[-1].status, 204, "the delete")
        eq(sql_int("SELECT COUNT(*) FROM family_members WHERE site_id = %d" % s["id"]), 0,
           "members of the deleted site")
    eq(orphan_identities(inst.id), [], "identities nothing uses")
