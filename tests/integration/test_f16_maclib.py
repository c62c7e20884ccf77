"""F16: the MAC library.  A distributor registers MACs (one by one or by CSV),
assigns them to its installers; an installer lists its own (search, unused /
in use with the site) and removes an unused one.  MACs are normalised (12
upper-case hex digits, any case and separators accepted), unique
platform-wide; another tenant's MAC is a 404; every change is audited; and
the device model catalogue carries the spec's firmware minimums."""

import json
import threading
import time

from vbtest import (MACLIB, Client, audit_mark, audit_rows, check, check_macrow, distributor_client,
                    eq, expect, expect_4xx, import_macs, installer_client, list_macs, mac_db, mac_fmt,
                    mac_path, mac_prefix, maclib_unchanged, macs_with_prefix,
                    new_installer, new_mac, new_subinstaller, put_mac_in_use, rand_mac,
                    sign_in, sql_dicts, sql_int)


def _team(n=2):
    """A distributor, its client, and n of its installers each with a client."""
    dist, dc = distributor_client()
    insts = []
    for _ in range(n):
        inst, ic = installer_client(dist)
        insts.append((inst, ic))
    return dist, dc, insts


def _macs(r):
    return [i["mac"] for i in r["items"]]


def _row(c, mac, **params):
    """The list row of mac as c sees it (found by q=mac), or None."""
    for it in list_macs(c, q=mac, per_page=100)["items"]:
        if it["mac"] == mac:
            return it
    return None


def _one_audit(after, action, what):
    rows = audit_rows(after, action)
    eq(len(rows), 1, "%s: audit rows %s after %d (%r)" % (what, action, after, audit_rows(after)))
    return rows[0]


# ---------------------------------------------------------------------------
# Registering one MAC

def test_register_one_mac_normalised_from_any_writing():
    dist, dc = distributor_client()
    for form in (lambda m: mac_fmt(m, ":", lower=True), lambda m: mac_fmt(m, "-"),
                 lambda m: mac_fmt(m, ".", group=4), lambda m: m.lower(), lambda m: m,
                 lambda m: mac_fmt(m, ":", lower=False)[:8].lower() + mac_fmt(m, ":")[8:]):
        mac = rand_mac()
        written = form(mac)
        mark = audit_mark()
        r = expect(dc.post(MACLIB, {"mac": written}), 201)
        row = check_macrow(r.json, "201 body for %r" % written)
        eq(row["mac"], mac, "MAC registered as %r" % written)
        eq((row["note"], row["in_use"], row["site"], row["assigned_at"]), ("", False, None, None),
           "a new unassigned MAC")
        eq(row.get("installer"), None, "installer of an unassigned MAC")
        db = mac_db(mac)
        check(db is not None, "no mac_library row for %s (sent %r)" % (mac, written))
        eq((int(db["distributor_id"]), db["installer_id"]), (dist.id, None), "owner of %s" % mac)
        a = _one_audit(mark, "maclib.create", "register %r" % written)
        eq((int(a["actor_id"]), int(a["tenant_id"])), (dist.id, dist.id), "actor and tenant of maclib.create")


def test_register_with_note_and_installer():
    dist, dc, [(inst, ic)] = _team(1)
    mac = rand_mac()
    mark = audit_mark()
    row = check_macrow(new_mac(dc, mac_fmt(mac, "-", lower=True), note="Front gate S539",
                               installer_id=inst.id))
    eq((row["mac"], row["note"]), (mac, "Front gate S539"), "MAC and note")
    eq(row["installer"]["id"], inst.id, "installer of the new MAC")
    eq(row["installer"]["email"], inst.email, "installer e-mail in the MACROW")
    check(row["assigned_at"] is not None, "assigned_at of a MAC made assigned: %r" % row)
    db = mac_db(mac)
    eq((int(db["installer_id"]), db["note"]), (inst.id, "Front gate S539"), "stored assignment and note")
    _one_audit(mark, "maclib.create", "register assigned")
    # the installer sees it at once
    eq(_macs(list_macs(ic)), [mac], "the installer's list")


def test_duplicate_mac_is_409_in_any_writing():
    dist, dc = distributor_client()
    mac = rand_mac()
    new_mac(dc, mac)
    with maclib_unchanged([dist.id], "registering a MAC twice"):
        for again in (mac, mac.lower(), mac_fmt(mac, ":"), mac_fmt(mac, "-", lower=True)):
            expect(dc.post(MACLIB, {"mac": again, "note": "again"}), 409, "mac_in_library")


def test_duplicate_of_another_distributors_mac_says_only_registered():
    d1, c1 = distributor_client()
    d2, c2 = distributor_client()
    mac = rand_mac()
    new_mac(c1, mac, note="secret note of d1")
    with maclib_unchanged([d1.id, d2.id], "registering another distributor's MAC"):
        r = expect(c2.post(MACLIB, {"mac": mac_fmt(mac, ":", lower=True)}), 409, "mac_in_library")
    text = r.body.decode("utf-8", "replace")
    for leak in (d1.email, "secret note", str(d1.id)):
        check(leak not in text, "the 409 tells about the other distributor (%r): %r" % (leak, r))
    eq(int(mac_db(mac)["distributor_id"]), d1.id, "the MAC stays the first distributor's")


def test_racing_registrations_of_one_mac_one_wins():
    """Several distributors register one MAC at the same moment: exactly
    one 201, the others 409 mac_in_library, one library row."""
    clients = [distributor_client() for _ in range(4)]
    mac = rand_mac()
    results = [None] * len(clients)
    gate = threading.Barrier(len(clients))

    def go(k):
        gate.wait()
        results[k] = clients[k][1].post(MACLIB, {"mac": mac_fmt(mac, ":") if k % 2 else mac})

    threads = [threading.Thread(target=go, args=(k,)) for k in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    eq(sorted(r.status for r in results), [201] + [409] * (len(clients) - 1), "statuses: %r" % results)
    for r in results:
        if r.status == 409:
            expect(r, 409, "mac_in_library")
    winner = [clients[k][0].id for k, r in enumerate(results) if r.status == 201][0]
    eq(int(mac_db(mac)["distributor_id"]), winner, "owner of the raced MAC")


def test_installer_of_another_distributor_is_unknown_installer():
    dist, dc = distributor_client()
    other = new_installer()          # another distributor's installer
    sub = new_subinstaller(new_installer(dist))
    with maclib_unchanged([dist.id], "assigning to someone not the caller's installer"):
        for bad in (other.id, dist.id, sub.id, 999999999):
            expect(dc.post(MACLIB, {"mac": rand_mac(), "installer_id": bad}), 422, "unknown_installer")


# ---------------------------------------------------------------------------
# Assigning (PATCH)

def test_assign_move_unassign_and_note():
    dist, dc, [(a, ac), (b, bc)] = _team(2)
    mac = rand_mac()
    new_mac(dc, mac, note="n1")
    mark = audit_mark()
    row = check_macrow(expect(dc.patch(mac_path(mac_fmt(mac, "-", lower=True)), {"installer_id": a.id}),
                              200).json)
    eq((row["mac"], row["installer"]["id"], row["note"]), (mac, a.id, "n1"), "assigned to A, note kept")
    check(row["assigned_at"] is not None, "assigned_at after assigning: %r" % row)
    eq(int(mac_db(mac)["installer_id"]), a.id, "stored installer after assigning")
    _one_audit(mark, "maclib.assign", "assign")
    eq(_macs(list_macs(ac)), [mac], "A's list")
    eq(list_macs(bc)["total"], 0, "B's list")

    mark = audit_mark()
    row = expect(dc.patch(mac_path(mac), {"installer_id": b.id, "note": "moved"}), 200).json
    eq((row["installer"]["id"], row["note"]), (b.id, "moved"), "moved to B with a new note")
    _one_audit(mark, "maclib.assign", "move")
    eq(list_macs(ac)["total"], 0, "A's list after the move")
    eq(_macs(list_macs(bc)), [mac], "B's list after the move")

    mark = audit_mark()
    row = expect(dc.patch(mac_path(mac), {"installer_id": None}), 200).json
    eq(row.get("installer"), None, "installer after unassigning")
    eq(mac_db(mac)["installer_id"], None, "stored installer after unassigning")
    _one_audit(mark, "maclib.assign", "unassign")
    eq(list_macs(bc)["total"], 0, "B's list after unassigning")


def test_patch_to_a_foreign_installer_is_unknown_installer():
    dist, dc, [(a, ac)] = _team(1)
    mac = rand_mac()
    new_mac(dc, mac, installer_id=a.id)
    other = new_installer()
    with maclib_unchanged([dist.id], "moving a MAC to another distributor's installer"):
        for bad in (other.id, 999999999, dist.id):
            expect(dc.patch(mac_path(mac), {"installer_id": bad}), 422, "unknown_installer")


# ---------------------------------------------------------------------------
# CSV import

def test_csv_import_reports_each_bad_row_and_writes_the_good_ones():
    dist, dc, [(a, ac), (b, bc)] = _team(2)
    other, oc = distributor_client()
    p = mac_prefix()
    good1, good2, good3, foreign, at_b, mine = (rand_mac(p) for _ in range(6))
    new_mac(oc, foreign)
    new_mac(dc, at_b, installer_id=b.id)
    new_mac(dc, mine, installer_id=a.id)
    lines = [
        "MAC",                                   # 1 header
        mac_fmt(good1, ":", lower=True) + ",Front door",   # 2
        "",                                      # 3 blank
        "notamac",                               # 4 bad
        mac_fmt(good2, "-"),                     # 5
        good1.lower(),                           # 6 duplicate of line 2
        mac_fmt(foreign, ":"),                   # 7 another distributor's
        at_b,                                    # 8 assigned to B, import is for A
        good3 + ",Garage",                       # 9
        mine,                                    # 10 already A's: unchanged
        "0C1105AABBC",                           # 11 eleven digits
        "",                                      # 12 blank
    ]
    mark = audit_mark()
    r = expect(import_macs(dc, "\n".join(lines) + "\n", installer_id=a.id), 200)
    j = r.json
    eq((j.get("created"), j.get("unchanged")), (3, 1), "created and unchanged counts: %r" % j)
    errs = j.get("errors")
    check(isinstance(errs, list), "errors is not a list: %r" % j)
    eq([e.get("line") for e in errs], [4, 6, 7, 8, 11], "lines of the bad rows: %r" % errs)
    for e in errs:
        check(isinstance(e.get("reason"), str) and e["reason"], "bad row without a reason: %r" % e)
        check(isinstance(e.get("value"), str), "bad row value not a string: %r" % e)
    eq(errs[0]["value"], "notamac", "value of the bad row")
    eq(len({e["reason"] for e in errs[:4]}), 4, "not a MAC / duplicate / foreign / other installer "
       "have each their own reason: %r" % errs)
    for e in errs:
        check(other.email not in json.dumps(e), "a row names the other distributor: %r" % e)
    for m, note in ((good1, "Front door"), (good2, ""), (good3, "Garage")):
        db = mac_db(m)
        check(db is not None, "good row %s not written" % m)
        eq((int(db["distributor_id"]), int(db["installer_id"]), db["note"]), (dist.id, a.id, note),
           "stored row of %s" % m)
        check(db["assigned_at"] is not None, "assigned_at of imported %s" % m)
    eq(int(mac_db(foreign)["distributor_id"]), other.id, "the foreign MAC stays the other's")
    eq(int(mac_db(at_b)["installer_id"]), b.id, "the MAC stays B's")
    eq(macs_with_prefix(p), 6, "library rows of the test")
    a_row = _one_audit(mark, "maclib.import", "import")
    eq(int(a_row["tenant_id"]), dist.id, "tenant of maclib.import")
    det = json.dumps(a_row["detail"])
    check("3" in det, "maclib.import detail without the counts: %r" % a_row["detail"])
    eq(sorted(_macs(list_macs(ac))), sorted([good1, good2, good3, mine]), "A's list after the import")


def test_csv_without_header_and_unassigned():
    dist, dc = distributor_client()
    macs = [rand_mac() for _ in range(3)]
    r = expect(import_macs(dc, "%s\n%s,Lobby\n\n%s" % (macs[0].lower(), mac_fmt(macs[1], "-"), macs[2])), 200)
    eq((r.json["created"], r.json["unchanged"], r.json["errors"]), (3, 0, []), "a file without a header")
    for m in macs:
        db = mac_db(m)
        check(db is not None, "%s not written" % m)
        eq(db["installer_id"], None, "installer of a MAC imported without installer_id")
    eq(mac_db(macs[1])["note"], "Lobby", "note of the second row")
    r = list_macs(dc, state="unassigned")
    eq(sorted(_macs(r)), sorted(macs), "the distributor's unassigned list")


def test_csv_lower_case_header_and_line_numbers():
    dist, dc = distributor_client()
    m = rand_mac()
    r = expect(import_macs(dc, "mac\nxyz\n\n%s\nZZZZZZZZZZZZ\n" % m), 200)
    eq(r.json["created"], 1, "created with a lower-case header")
    eq([e["line"] for e in r.json["errors"]], [2, 5], "1-based lines counting header and blanks")


def test_csv_with_crlf_line_ends():
    """A spreadsheet's export ends lines with CRLF (RFC 4180 section 2)."""
    dist, dc = distributor_client()
    macs = [rand_mac() for _ in range(3)]
    text = "MAC\r\n%s,Gate\r\n%s\r\n\r\n%s\r\n" % tuple(macs)
    r = expect(import_macs(dc, text), 200)
    eq((r.json["created"], r.json["errors"]), (3, []), "a CRLF file")
    eq(mac_db(macs[0])["note"], "Gate", "the note has no CR")


def test_csv_reupload_changes_nothing():
    dist, dc, [(a, ac)] = _team(1)
    macs = [rand_mac() for _ in range(25)]
    text = "MAC\n" + "\n".join("%s,note %d" % (mac_fmt(m, ":", lower=True), k) for k, m in enumerate(macs)) + "\n"
    r = expect(import_macs(dc, text, installer_id=a.id), 200)
    eq((r.json["created"], r.json["unchanged"], r.json["errors"]), (25, 0, []), "first upload")
    with maclib_unchanged([dist.id], "uploading the same file again", audit=False):
        r = expect(import_macs(dc, text, installer_id=a.id), 200)
        eq((r.json["created"], r.json["unchanged"], r.json["errors"]), (0, 25, []), "second upload")


def test_csv_10000_rows_accepted():
    dist, dc = distributor_client()
    p = mac_prefix(6)
    macs = ["%s%06X" % (p, k) for k in range(10000)]
    text = "MAC\n\n" + "\n".join("%s,box %d" % (mac_fmt(m, "-"), k) for k, m in enumerate(macs)) + "\n\n"
    t0 = time.monotonic()
    r = expect(import_macs(dc, text), 200)
    dt = time.monotonic() - t0
    eq((r.json["created"], r.json["unchanged"], r.json["errors"]), (10000, 0, []), "10,000 rows")
    eq(macs_with_prefix(p), 10000, "rows written")
    check(dt < 30, "10,000 rows took %.1f s" % dt)
    print("      (10,000-row import: %.2f s)" % dt)
    eq(list_macs(dc, per_page=1)["total"], 10000, "total of the distributor's list")


def test_csv_10001_rows_refused_with_nothing_written():
    dist, dc = distributor_client()
    p = mac_prefix(6)
    text = "MAC\n" + "\n".join("%s%06X" % (p, k) for k in range(10001)) + "\n"
    with maclib_unchanged([dist.id], "a file of 10,001 rows"):
        expect(import_macs(dc, text), 422, "too_many_rows")
    eq(macs_with_prefix(p), 0, "rows written from a refused file")


def test_csv_over_2_mib_is_413():
    dist, dc = distributor_client()
    p = mac_prefix(6)
    text = "MAC\n" + "\n".join("%s%06X,%s" % (p, k, "n" * 200) for k in range(10000))
    check(len(text) > 2 * 1024 * 1024, "the file is not over 2 MiB")
    with maclib_unchanged([dist.id], "a body over 2 MiB"):
        expect(import_macs(dc, text), 413, "body_too_large")
    eq(macs_with_prefix(p), 0, "rows written from a refused body")


def test_import_hostile_bodies():
    dist, dc = distributor_client()
    other = new_installer()
    m = rand_mac()
    with maclib_unchanged([dist.id], "hostile import bodies"):
        for bad in (123, None, ["%s" % m], {"mac": m}, True):
            expect(dc.post(MACLIB + "/import", {"csv": bad}), 400, "invalid_field", "csv")
        r = expect_4xx(dc.post(MACLIB + "/import", {}), {400, 422})
        eq(r.error.get("field"), "csv", "field of an import without csv")
        expect(dc.post(MACLIB + "/import", {"csv": m, "installer_id": other.id}), 422, "unknown_installer")
        expect(dc.post(MACLIB + "/import", {"csv": m, "installer_id": "1"}), 400, "invalid_field",
               "installer_id")
        expect(dc.post(MACLIB + "/import", {"csv": m, "owner": 1}), 400, "unknown_field", "owner")
        for raw in (b"{", b'{"csv":}', b'{"csv":"a",}', b"null", b"[]", b'{"csv":"a"} x'):
            expect(dc.post(MACLIB + "/import", raw=raw), 400, "invalid_json")
    eq(mac_db(m), None, "MAC of a refused import")


# ---------------------------------------------------------------------------
# Lists

def test_installer_lists_only_their_macs():
    dist, dc, [(a, ac), (b, bc)] = _team(2)
    mine = sorted(new_mac(dc, installer_id=a.id)["mac"] for _ in range(3))
    theirs = sorted(new_mac(dc, installer_id=b.id)["mac"] for _ in range(2))
    loose = new_mac(dc)["mac"]
    r = list_macs(ac, per_page=100)
    eq((sorted(_macs(r)), r["total"]), (mine, 3), "A's list")
    for it in r["items"]:
        check_macrow(it, "A's row")
    eq(sorted(_macs(list_macs(bc))), theirs, "B's list")
    # another installer (of another distributor) sees nothing of them
    x, xc = installer_client()
    eq(list_macs(xc)["total"], 0, "a stranger's list")
    for m in mine + theirs + [loose]:
        eq(list_macs(xc, q=m)["total"], 0, "a stranger searching %s" % m)
        eq(list_macs(ac, q=m)["total"], 1 if m in mine else 0, "A searching %s" % m)
    # the sub-installer sees the installer's
    sc = sign_in(new_subinstaller(a))
    eq(sorted(_macs(list_macs(sc))), mine, "A's sub-installer's list")


def test_distributor_list_filters():
    dist, dc, [(a, ac), (b, bc)] = _team(2)
    at_a = sorted(new_mac(dc, installer_id=a.id)["mac"] for _ in range(3))
    at_b = sorted(new_mac(dc, installer_id=b.id)["mac"] for _ in range(2))
    loose = sorted(new_mac(dc)["mac"] for _ in range(2))
    r = list_macs(dc, per_page=100)
    eq((sorted(_macs(r)), r["total"]), (sorted(at_a + at_b + loose), 7), "the distributor's whole list")
    for it in r["items"]:
        check_macrow(it, "distributor row")
        check("installer" in it, "a distributor row lacks installer: %r" % it)
        want = a.id if it["mac"] in at_a else b.id if it["mac"] in at_b else None
        eq(it["installer"] and it["installer"]["id"], want, "installer of %s" % it["mac"])
        if it["installer"]:
            eq(it["installer"]["email"], a.email if want == a.id else b.email, "installer e-mail")
    eq(sorted(_macs(list_macs(dc, state="unassigned"))), loose, "state=unassigned")
    eq(sorted(_macs(list_macs(dc, state="assigned"))), sorted(at_a + at_b), "state=assigned")
    eq(sorted(_macs(list_macs(dc, installer_id=a.id))), at_a, "installer_id=A")
    eq(sorted(_macs(list_macs(dc, installer_id=b.id, state="assigned"))), at_b, "installer_id=B assigned")
    eq(sorted(_macs(list_macs(dc, state="unused"))), sorted(at_a + at_b + loose), "state=unused")
    # another distributor sees none
    d2, c2 = distributor_client()
    eq(list_macs(c2)["total"], 0, "another distributor's list")
    eq(list_macs(c2, q=at_a[0])["total"], 0, "another distributor searching a MAC")


def test_search_by_mac_prefix_with_separators():
    dist, dc, [(a, ac)] = _team(1)
    p = mac_prefix(6)
    m1, m2 = rand_mac(p + "A"), rand_mac(p + "B")
    new_mac(dc, m1, installer_id=a.id)
    new_mac(dc, m2, installer_id=a.id)
    new_mac(dc, installer_id=a.id)
    for c, who in ((ac, "installer"), (dc, "distributor")):
        both = sorted([m1, m2])
        for q in (p, p.lower(), mac_fmt(p + "000000", ":")[:8], mac_fmt(p + "000000", "-", lower=True)[:8],
                  p[:4] + "." + p[4:]):
            eq(sorted(_macs(list_macs(c, q=q))), both, "%s q=%r" % (who, q))
        eq(_macs(list_macs(c, q=mac_fmt(m1, ":", lower=True)[:10])), [m1], "%s q: a longer prefix" % who)
        eq(_macs(list_macs(c, q=mac_fmt(m2, "-"))), [m2], "%s q: the whole MAC with dashes" % who)
        eq(list_macs(c, q=m1[3:9])["total"], 0, "%s q: digits inside the MAC are not a prefix" % who)


def test_state_unused_and_in_use_with_the_site():
    dist, dc, [(a, ac)] = _team(1)
    used, free = rand_mac(), rand_mac()
    new_mac(dc, used, installer_id=a.id)
    new_mac(dc, free, installer_id=a.id)
    site, _ = put_mac_in_use(ac, a.id, used)
    row = _row(ac, used)
    eq((row["in_use"], row["site"]), (True, {"id": site["id"], "name": site["name"]}), "an in-use row")
    row = _row(ac, free)
    eq((row["in_use"], row["site"]), (False, None), "an unused row")
    eq(_macs(list_macs(ac, state="in_use")), [used], "state=in_use")
    eq(_macs(list_macs(ac, state="unused")), [free], "state=unused")
    eq(list_macs(ac, state="in_use")["total"], 1, "total of state=in_use")
    eq(_row(dc, used)["in_use"], True, "the distributor sees it in use")
    eq(_macs(list_macs(dc, state="in_use")), [used], "the distributor's state=in_use")
    # q also matches the name of the site
    eq(_macs(list_macs(ac, q=site["name"][:12])), [used], "q = a prefix of the site's name")


def test_pagination_and_total():
    dist, dc, [(a, ac)] = _team(1)
    made = [new_mac(dc, installer_id=a.id)["mac"] for _ in range(7)]
    for c, who in ((ac, "installer"), (dc, "distributor")):
        r = list_macs(c)
        eq((r["total"], r["page"], r["per_page"], len(r["items"])), (7, 1, 20, 7), "%s default page" % who)
        seen = []
        for page, n in ((1, 3), (2, 3), (3, 1)):
            r = list_macs(c, page=page, per_page=3)
            eq((r["total"], r["page"], r["per_page"], len(r["items"])), (7, page, 3, n),
               "%s page %d" % (who, page))
            seen += _macs(r)
        eq(sorted(seen), sorted(made), "%s pages hold every MAC once" % who)
        r = list_macs(c, page=4, per_page=3)
        eq((r["total"], r["items"]), (7, []), "%s page past the end" % who)
    with maclib_unchanged([dist.id], "bad list parameters"):
        for qs in ("per_page=0", "per_page=201", "page=0", "page=-1", "page=abc", "per_page=1.5"):
            expect(ac.get(MACLIB + "?" + qs), 400, "invalid_field", qs.split("=")[0])
        for qs in ("state=assigned", "state=unassigned", "state=broken"):
            expect(ac.get(MACLIB + "?" + qs), 400, "invalid_field", "state")
        expect(dc.get(MACLIB + "?state=broken"), 400, "invalid_field", "state")
        expect(dc.get(MACLIB + "?installer_id=abc"), 400, "invalid_field", "installer_id")


# ---------------------------------------------------------------------------
# Removing and deleting

def test_installer_removes_an_unused_mac():
    dist, dc, [(a, ac)] = _team(1)
    mac = rand_mac()
    new_mac(dc, mac, installer_id=a.id, note="keep me")
    keep = new_mac(dc, installer_id=a.id)["mac"]
    mark = audit_mark()
    expect(ac.delete(mac_path(mac_fmt(mac, ":", lower=True))), 204)
    db = mac_db(mac)
    check(db is not None, "the MAC left the distributor's library: an installer only gives it back")
    eq((int(db["distributor_id"]), db["installer_id"]), (dist.id, None), "owner after the removal")
    eq(_macs(list_macs(ac)), [keep], "the installer's list after the removal")
    row = _row(dc, mac)
    check(row is not None, "the distributor no longer lists %s" % mac)
    eq(row["installer"], None, "the distributor sees it unassigned")
    eq(_macs(list_macs(dc, state="unassigned")), [mac], "the distributor's unassigned list")
    a_row = _one_audit(mark, "maclib.remove", "installer removal")
    eq(int(a_row["actor_id"]), a.id, "actor of maclib.remove")
    # gone from the installer: a second removal is a 404
    with maclib_unchanged([dist.id], "removing it twice"):
        expect(ac.delete(mac_path(mac)), 404, "not_found")


def test_installer_cannot_remove_an_in_use_mac():
    dist, dc, [(a, ac)] = _team(1)
    mac = rand_mac()
    new_mac(dc, mac, installer_id=a.id)
    put_mac_in_use(ac, a.id, mac)
    with maclib_unchanged([dist.id], "removing an in-use MAC"):
        expect(ac.delete(mac_path(mac)), 409, "mac_in_use", "mac")
    eq(_row(ac, mac)["in_use"], True, "still listed in use")


def test_distributor_cannot_move_unassign_or_delete_an_in_use_mac():
    dist, dc, [(a, ac), (b, bc)] = _team(2)
    mac = rand_mac()
    new_mac(dc, mac, installer_id=a.id, note="door")
    put_mac_in_use(ac, a.id, mac)
    with maclib_unchanged([dist.id], "moving an in-use MAC"):
        expect(dc.patch(mac_path(mac), {"installer_id": b.id}), 409, "mac_in_use")
        expect(dc.patch(mac_path(mac), {"installer_id": None}), 409, "mac_in_use")
        expect(dc.delete(mac_path(mac)), 409, "mac_in_use", "mac")
    eq(int(mac_db(mac)["installer_id"]), a.id, "the in-use MAC stays A's")
    # keeping the installer and changing the note is not a move
    r = expect(dc.patch(mac_path(mac), {"installer_id": a.id, "note": "front door"}), 200)
    eq((r.json["note"], r.json["installer"]["id"]), ("front door", a.id), "note of an in-use MAC")


def test_distributor_deletes_unused_macs():
    dist, dc, [(a, ac)] = _team(1)
    loose, assigned = rand_mac(), rand_mac()
    new_mac(dc, loose)
    new_mac(dc, assigned, installer_id=a.id)
    for mac in (loose, assigned):
        mark = audit_mark()
        expect(dc.delete(mac_path(mac.lower())), 204)
        eq(mac_db(mac), None, "library row of deleted %s" % mac)
        a_row = _one_audit(mark, "maclib.delete", "delete")
        eq((int(a_row["actor_id"]), int(a_row["tenant_id"])), (dist.id, dist.id), "maclib.delete actor/tenant")
    eq(list_macs(dc)["total"], 0, "the distributor's list")
    eq(list_macs(ac)["total"], 0, "the installer's list")
    # a deleted MAC is free: another distributor may register it
    d2, c2 = distributor_client()
    eq(new_mac(c2, loose)["mac"], loose, "a deleted MAC registered again")


# ---------------------------------------------------------------------------
# Tenancy, roles, hostile input

def test_other_tenants_macs_are_404():
    dist, dc, [(a, ac), (b, bc)] = _team(2)
    d2, c2, [(x, xc)] = _team(1)
    at_a = new_mac(dc, installer_id=a.id)["mac"]
    loose = new_mac(dc)["mac"]
    foreign = new_mac(c2, installer_id=x.id)["mac"]
    with maclib_unchanged([dist.id, d2.id], "another tenant's MAC"):
        for m in (foreign, mac_fmt(foreign, ":", lower=True)):
            expect(dc.patch(mac_path(m), {"installer_id": a.id}), 404, "not_found")
            expect(dc.patch(mac_path(m), {"installer_id": None}), 404, "not_found")
            expect(dc.delete(mac_path(m)), 404, "not_found")
            expect(ac.delete(mac_path(m)), 404, "not_found")
        expect(bc.delete(mac_path(at_a)), 404, "not_found")     # A's MAC, B asks
        expect(ac.delete(mac_path(loose)), 404, "not_found")    # the distributor's, unassigned
        expect(xc.delete(mac_path(at_a)), 404, "not_found")
        expect(c2.delete(mac_path(at_a)), 404, "not_found")
        expect(c2.patch(mac_path(loose), {"installer_id": x.id}), 404, "not_found")
        expect(dc.patch(mac_path(rand_mac()), {"installer_id": None}), 404, "not_found")
        expect(dc.delete(mac_path(rand_mac())), 404, "not_found")
    eq(list_macs(dc, q=foreign)["total"], 0, "another distributor's MAC in the list")
    eq(list_macs(bc, q=at_a)["total"], 0, "another installer's MAC in the list")


def test_mac_in_path_normalised_and_invalid_is_404():
    dist, dc = distributor_client()
    mac = rand_mac()
    new_mac(dc, mac)
    for written in (mac_fmt(mac, "-", lower=True), mac_fmt(mac, ":"), mac_fmt(mac, ".", group=4)):
        r = expect(dc.patch(mac_path(written), {"installer_id": None, "note": written}), 200)
        eq(r.json["mac"], mac, "MAC of PATCH %s" % written)
    with maclib_unchanged([dist.id], "paths that are not MACs"):
        # (a NUL in the path nginx refuses itself, before the program)
        for bad in ("zz", mac[:11], mac + "0", "G" + mac[1:], mac[:6] + "\u00e9" + mac[6:],
                    "' OR 1=1 --", "0" * 40, mac + "/x"):
            expect(dc.delete(mac_path(bad)), 404)
            expect(dc.patch(mac_path(bad), {"installer_id": None}), 404)


def test_bad_mac_strings_are_refused():
    dist, dc = distributor_client()
    with maclib_unchanged([dist.id], "bad MACs"):
        for bad in ("", "0C1105AABBC", "0C1105AABBCCD", "0C1105AABBCC00", "GC1105AABBCC", "0C11-05AA-BBCZ",
                    "0C:11:05:AA:BB", "0C\u00a01105AABBCC", "\uff10C1105AABBCC", "0C1105AABBC\u0000",
                    "' OR 1=1 --", "0C1105AABBCC" * 100):
            expect(dc.post(MACLIB, {"mac": bad}), 400, "invalid_field", "mac")
        for bad in (12345678901, None, ["0C1105AABBCC"], {"mac": "0C1105AABBCC"}, True):
            expect(dc.post(MACLIB, {"mac": bad}), 400, "invalid_field", "mac")
        r = expect_4xx(dc.post(MACLIB, {"note": "no mac"}), {400, 422})
        eq(r.error.get("field"), "mac", "field of a body without mac")
        m = rand_mac()
        expect(dc.post(MACLIB, {"mac": m, "note": "n" * 65}), 400, "invalid_field", "note")
        expect(dc.post(MACLIB, {"mac": m, "note": 5}), 400, "invalid_field", "note")
        expect(dc.post(MACLIB, {"mac": m, "installer_id": "7"}), 400, "invalid_field", "installer_id")
        expect(dc.post(MACLIB, {"mac": m, "distributor_id": 1}), 400, "unknown_field", "distributor_id")
        expect(dc.post(MACLIB, {"mac": m, "in_use": True}), 400, "unknown_field", "in_use")
        for raw in (b"{", b'{"mac":}', b"{'mac':'0C1105AABBCC'}", b'{"mac":"a",}', b"null", b"[]",
                    b'{"a":' * 40 + b"1" + b"}" * 40):
            expect(dc.post(MACLIB, raw=raw), 400, "invalid_json")
        # over any JSON body cap (the default is 1 MiB; only the import takes 2 MiB)
        huge = json.dumps({"mac": m, "note": "n" * (3 * 1024 * 1024)}).encode()
        expect(dc.post(MACLIB, raw=huge), 413, "body_too_large")
        expect(dc.post(MACLIB, raw=json.dumps({"mac": m}).encode(), ctype="text/plain"), 415)
    eq(mac_db(m), None, "a MAC of a refused request")


def test_patch_hostile_bodies():
    dist, dc = distributor_client()
    mac = new_mac(dc)["mac"]
    with maclib_unchanged([dist.id], "hostile PATCH bodies"):
        expect(dc.patch(mac_path(mac), {"installer_id": "1"}), 400, "invalid_field", "installer_id")
        expect(dc.patch(mac_path(mac), {"installer_id": None, "note": "x" * 65}), 400, "invalid_field", "note")
        expect(dc.patch(mac_path(mac), {"installer_id": None, "mac": rand_mac()}), 400, "unknown_field", "mac")
        for raw in (b"{", b'{"installer_id":}', b"null", b"[]"):
            expect(dc.patch(mac_path(mac), raw=raw), 400, "invalid_json")
        huge = json.dumps({"installer_id": None, "note": "n" * (3 * 1024 * 1024)}).encode()
        expect(dc.patch(mac_path(mac), raw=huge), 413, "body_too_large")


def test_roles_and_csrf():
    dist, dc, [(a, ac)] = _team(1)
    mac = new_mac(dc, installer_id=a.id)["mac"]
    anon = Client()
    expect(anon.get(MACLIB), 401)
    expect(anon.post(MACLIB, {"mac": rand_mac()}), 401)
    expect(anon.delete(mac_path(mac)), 401)
    with maclib_unchanged([dist.id], "an installer on distributor routes, and no CSRF header"):
        expect(ac.post(MACLIB, {"mac": rand_mac()}), 403, "forbidden")
        expect(ac.post(MACLIB + "/import", {"csv": rand_mac()}), 403, "forbidden")
        expect(ac.patch(mac_path(mac), {"installer_id": None}), 403, "forbidden")
        expect(dc.post(MACLIB, {"mac": rand_mac()}, csrf=False), 403, "csrf")
        expect(dc.delete(mac_path(mac), csrf=False), 403, "csrf")
        expect(ac.delete(mac_path(mac), csrf=False), 403, "csrf")


def test_every_change_is_audited_with_actor_and_tenant():
    dist, dc, [(a, ac)] = _team(1)
    m1, m2 = rand_mac(), rand_mac()
    mark = audit_mark()
    new_mac(dc, m1)
    expect(dc.patch(mac_path(m1), {"installer_id": a.id}), 200)
    expect(ac.delete(mac_path(m1)), 204)
    expect(dc.delete(mac_path(m1)), 204)
    expect(import_macs(dc, m2 + "\nbad\n"), 200)
    rows = [r for r in audit_rows(mark) if r["action"].startswith("maclib.")]
    eq([r["action"] for r in rows], ["maclib.create", "maclib.assign", "maclib.remove", "maclib.delete",
                                     "maclib.import"], "audit trail of the changes")
    eq([int(r["actor_id"]) for r in rows], [dist.id, dist.id, a.id, dist.id, dist.id], "actors")
    eq([int(r["tenant_id"]) for r in rows], [dist.id, dist.id, a.id, dist.id, dist.id], "tenants")
    # refusals write nothing
    mark = audit_mark()
    dc.post(MACLIB, {"mac": m2})           # 409
    dc.post(MACLIB, {"mac": "nope"})       # 400
    eq([r for r in audit_rows(mark) if r["action"].startswith("maclib.")], [], "audit rows of refusals")


# ---------------------------------------------------------------------------
# The model catalogue

SPEC_FIRMWARE = (
    (("S539",), "539.30.10.118"),
    (("S532",), "532.30.10.117"),
    (("X916",), "916.30.10.216"),
    (("X915 V1",), "915.30.10.128"),
    (("X915 V2",), "2915.30.10.106"),
    (("X912",), "912.30.10.225"),
    (("R20 V5.0",), "320.30.10.125"),
)


def test_model_catalogue_has_the_spec_firmware_minimums():
    rows = sql_dicts("SELECT model, type, builtin_relays, relay_access_min_firmware FROM device_models")
    check(rows, "device_models is empty")
    by_name = {r["model"].upper(): r for r in rows}
    for names, fw in SPEC_FIRMWARE:
        hit = [by_name[n.upper()] for n in names if n.upper() in by_name]
        check(hit, "no model %s in the catalogue (models: %s)" % (names[0], sorted(by_name)))
        eq(hit[0]["relay_access_min_firmware"], fw, "relay_access_min_firmware of %s" % hit[0]["model"])
        check(int(hit[0]["builtin_relays"]) >= 1, "builtin_relays of %s: %r" % (hit[0]["model"], hit[0]))
    types = {r["type"] for r in rows}
    for t in ("door_phone", "access_control", "indoor_monitor"):
        check(t in types, "no %s model in the catalogue" % t)
    for r in rows:
        fw = r["relay_access_min_firmware"]
        check(fw is None or fw == "" or all(p.isdigit() for p in fw.split(".")),
              "firmware of %s is not dotted decimal: %r" % (r["model"], fw))
    exp = sql_dicts("SELECT model, expansion_modules FROM device_models WHERE model IN ('R20K', 'R20B')")
    for r in exp:
        eq(r["expansion_modules"], "1", "expansion_modules of %s" % r["model"])
    eq(sql_int("SELECT COUNT(*) FROM device_models WHERE type = 'indoor_monitor' AND external_relay = 1") > 0,
       True, "an indoor monitor with external relay support")
