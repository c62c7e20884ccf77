"""F11: the installer's site list: prefix search on name, e-mail, mobile,
family SIP number and SIP number (the master's or a family member's), the
status filter, pages and sort orders, always within the installer."""

import os
import urllib.parse

from vbtest import (SITE_ROW_FIELDS, SITES, check, eq, expect, installer_client, list_sites,
                    new_family, new_site, set_site, sites_unchanged, uniq)


def _ids(r):
    return [i["id"] for i in r["items"]]


def _search(c, q, field=None, **kw):
    params = {"q": q}
    if field is not None:
        params["field"] = field
    params.update(kw)
    return list_sites(c, **params)


def test_list_rows_and_defaults():
    inst, ic = installer_client()
    made = [new_site(ic)["id"] for _ in range(3)]
    r = list_sites(ic)
    eq((r["total"], r["page"], r["per_page"]), (3, 1, 20), "default list")
    eq(_ids(r), made[::-1], "default order: newest first")
    for it in r["items"]:
        missing = [k for k in SITE_ROW_FIELDS if k not in it]
        check(not missing, "list row lacks %s: %r" % (missing, it))
        check(isinstance(it["sip_number"], str) and isinstance(it["family_sip_number"], str),
              "SIP numbers are not strings: %r" % it)


def test_new_installer_has_an_empty_list():
    inst, ic = installer_client()
    eq(list_sites(ic), {"items": [], "total": 0, "page": 1, "per_page": 20}, "list of a new installer")


def test_search_by_name_prefix():
    inst, ic = installer_client()
    tag = uniq("nm").replace("-", "")
    a = new_site(ic, name="%s Smith" % tag)
    b = new_site(ic, name="%s jones" % tag.upper())
    new_site(ic, name="Other %s" % tag)          # the tag not at the start
    r = _search(ic, tag, "name")
    eq(sorted(_ids(r)), sorted([a["id"], b["id"]]), "name prefix search (case-insensitive)")
    eq(r["total"], 2, "total of the name search")
    eq(_ids(_search(ic, "%s S" % tag.lower(), "name")), [a["id"]], "a longer name prefix")
    eq(_search(ic, "Smith", "name")["total"], 0, "a word inside the name is not a prefix")


def test_search_by_email_prefix():
    inst, ic = installer_client()
    tag = uniq("em")
    a = new_site(ic, email="%s-anna@example.com" % tag)
    b = new_site(ic, email="%s-bert@example.org" % tag)
    new_site(ic, email="x%s@example.com" % tag)
    eq(sorted(_ids(_search(ic, tag, "email"))), sorted([a["id"], b["id"]]), "e-mail prefix")
    eq(_ids(_search(ic, tag + "-B", "email")), [b["id"]], "e-mail prefix, case-insensitive")
    eq(_ids(_search(ic, a["email"], "email")), [a["id"]], "a whole e-mail address")
    eq(_search(ic, "example.com", "email")["total"], 0, "the domain is not a prefix")


def test_search_by_mobile_prefix():
    inst, ic = installer_client()
    a = new_site(ic, country_code="+44", mobile="+447700900111")
    b = new_site(ic, country_code="+44", mobile="+447700900222")
    c = new_site(ic, country_code="+33", mobile="+33612345678")
    new_site(ic)
    for q in ("+447700900", "447700900", "+44 7700 900", "44-7700-900", "+44 7700-900"):
        eq(sorted(_ids(_search(ic, q, "mobile"))), sorted([a["id"], b["id"]]), "mobile prefix %r" % q)
    for q in ("+4477009001", "4477009001", "+44 7700 900 1"):
        eq(_ids(_search(ic, q, "mobile")), [a["id"]], "mobile prefix %r" % q)
    eq(_ids(_search(ic, "336", "mobile")), [c["id"]], "a French mobile without the +")
    eq(_search(ic, "7700", "mobile")["total"], 0, "digits after the country code are not a prefix")


def test_search_by_family_sip_number():
    inst, ic = installer_client()
    a, b = new_site(ic), new_site(ic)
    eq(_ids(_search(ic, a["family_sip_number"], "family_sip")), [a["id"]], "the family SIP number")
    eq(_ids(_search(ic, b["family_sip_number"], "family_sip")), [b["id"]], "another family SIP number")
    eq(_search(ic, a["sip_number"], "family_sip")["total"], 0, "a SIP number is not a family SIP number")
    # a prefix of the number finds both (numbers of one installer are close)
    common = os.path.commonprefix([a["family_sip_number"], b["family_sip_number"]])
    check(len(common) >= 4, "numbers far apart: %r %r" % (a, b))
    check({a["id"], b["id"]} <= set(_ids(_search(ic, common, "family_sip"))), "a family SIP prefix")


def test_search_by_sip_number_master_and_family():
    inst, ic = installer_client()
    a, b = new_site(ic), new_site(ic)
    m = new_family(ic, b["id"])
    eq(_ids(_search(ic, a["sip_number"], "sip")), [a["id"]], "the master's SIP number")
    eq(_ids(_search(ic, m["sip_number"], "sip")), [b["id"]], "a family member's SIP number")
    eq(_search(ic, a["family_sip_number"], "sip")["total"], 0, "a family SIP number is not a SIP number")
    r = _search(ic, b["sip_number"], "sip")
    eq((_ids(r), r["total"]), ([b["id"]], 1), "a site with a member appears once")


def test_search_all_fields():
    inst, ic = installer_client()
    tag = uniq("all").replace("-", "")
    s = new_site(ic, name=tag + " Allfields", email="%s-mail@example.com" % tag, country_code="+44",
                 mobile="+447700900999")
    m = new_family(ic, s["id"])
    new_site(ic)
    for what, q in (("name", tag + " All"), ("email", tag + "-mail"), ("mobile", "+447700900999"),
                    ("mobile without +", "447700900999"), ("family SIP", s["family_sip_number"]),
                    ("SIP", s["sip_number"]), ("member SIP", m["sip_number"])):
        eq(_ids(_search(ic, q)), [s["id"]], "field=all (default) by %s" % what)
        eq(_ids(_search(ic, q, "all")), [s["id"]], "field=all by %s" % what)


def test_status_filter():
    inst, ic = installer_client()
    tag = uniq("st").replace("-", "")
    ss = [new_site(ic, name="%s %d" % (tag, i)) for i in range(5)]
    set_site(ss[0]["id"], status="'expired'")
    set_site(ss[1]["id"], status="'expired'")
    set_site(ss[2]["id"], status="'inactivated'")
    eq(sorted(_ids(list_sites(ic, status="expired"))), [ss[0]["id"], ss[1]["id"]], "expired sites")
    eq(_ids(list_sites(ic, status="inactivated")), [ss[2]["id"]], "inactivated sites")
    eq(sorted(_ids(list_sites(ic, status="normal"))), [ss[3]["id"], ss[4]["id"]], "normal sites")
    r = list_sites(ic, status="expired", per_page=1)
    eq((r["total"], len(r["items"])), (2, 1), "status filter with pages")
    new_site(ic, name="zz" + tag)
    eq(sorted(_ids(_search(ic, tag, "name", status="expired"))), [ss[0]["id"], ss[1]["id"]],
       "search and status filter together")
    for it in list_sites(ic, status="expired")["items"]:
        eq(it["status"], "expired", "status of a filtered row")


def test_pagination():
    inst, ic = installer_client()
    made = [new_site(ic)["id"] for _ in range(7)]
    seen = []
    for page, n in ((1, 3), (2, 3), (3, 1)):
        r = list_sites(ic, page=page, per_page=3)
        eq((r["total"], r["page"], r["per_page"], len(r["items"])), (7, page, 3, n), "page %d" % page)
        seen += _ids(r)
    eq(len(seen), len(set(seen)), "pages overlap: %r" % seen)
    eq(sorted(seen), sorted(made), "the pages together hold every site once")
    eq(seen, made[::-1], "pages in the default order")
    r = list_sites(ic, page=4, per_page=3)
    eq((r["total"], r["items"]), (7, []), "a page past the end")
    r = list_sites(ic, per_page=200)
    eq((r["per_page"], len(r["items"])), (200, 7), "per_page 200")
    with sites_unchanged([inst.id], "bad paging"):
        for qs in ("per_page=0", "per_page=201", "page=0", "page=-1", "page=abc", "per_page=1.5",
                   "page=1e3"):
            expect(ic.get(SITES + "?" + qs), 400, "invalid_field", qs.split("=")[0])


def test_sort_orders():
    inst, ic = installer_client()
    spec = [("Carol", "c-%s@example.com"), ("alice", "e-%s@example.com"), ("Bob", "a-%s@example.com"),
            ("dave", "b-%s@example.com"), ("Bob", "d-%s@example.com")]
    tag = uniq("so")
    made = [new_site(ic, name=n, email=e % tag) for n, e in spec]
    ids = [s["id"] for s in made]

    def order(sort):
        return _ids(list_sites(ic, sort=sort))

    eq(order("created_at"), ids, "sort=created_at")
    eq(order("-created_at"), ids[::-1], "sort=-created_at")
    eq(order("name"), [ids[1], ids[2], ids[4], ids[0], ids[3]], "sort=name (case-insensitive, ties by id)")
    check(order("-name")[:2] == [ids[3], ids[0]] and order("-name")[-1] == ids[1],
          "sort=-name: %r" % order("-name"))
    eq(sorted(order("-name")[2:4]), sorted([ids[2], ids[4]]), "sort=-name, the two Bobs in the middle")
    eq(order("email"), [ids[2], ids[3], ids[0], ids[4], ids[1]], "sort=email")
    eq(order("-email"), [ids[1], ids[4], ids[0], ids[3], ids[2]], "sort=-email")
    set_site(ids[0], status="'expired'")
    set_site(ids[3], status="'inactivated'")

    def statuses(sort):
        return [(i["status"], i["id"]) for i in list_sites(ic, sort=sort)["items"]]

    asc, desc = statuses("status"), statuses("-status")
    # each status comes as one block, and -status is the blocks reversed
    blocks_a = [s for k, (s, _) in enumerate(asc) if k == 0 or asc[k - 1][0] != s]
    blocks_d = [s for k, (s, _) in enumerate(desc) if k == 0 or desc[k - 1][0] != s]
    eq(len(blocks_a), 3, "sort=status groups the statuses: %r" % asc)
    eq(blocks_d, blocks_a[::-1], "sort=-status reverses sort=status")
    normal = [i for s, i in asc if s == "normal"]
    eq(normal, sorted(normal), "ties of sort=status by id")
    with sites_unchanged([inst.id], "unknown sort keys"):
        for bad in ("id", "password", "name;DROP TABLE sites", "-", "+name", "NAME"):
            expect(ic.get(SITES + "?" + urllib.parse.urlencode({"sort": bad})), 400, "invalid_field", "sort")


def test_like_wildcards_are_literal():
    inst, ic = installer_client()
    pct = new_site(ic, name="100% Pure")
    new_site(ic, name="1000 Other")
    under = new_site(ic, name="a_b House")
    new_site(ic, name="axb House")
    bs = new_site(ic, name="back\\slash")
    new_site(ic, name="backXslash")
    eq(_ids(_search(ic, "100%", "name")), [pct["id"]], "q with %")
    eq(_ids(_search(ic, "100%")), [pct["id"]], "q with %, all fields")
    eq(_ids(_search(ic, "a_b", "name")), [under["id"]], "q with _")
    eq(_ids(_search(ic, "back\\", "name")), [bs["id"]], "q with a backslash")
    for q in ("%", "_", "%%", "%_%", "\\", "\\%"):
        eq(_search(ic, q)["total"], 0, "q=%r matches nothing literally" % q)
        eq(_search(ic, q, "name")["total"], 0, "q=%r on names" % q)


def test_search_scoped_to_the_installer():
    inst_a, ca = installer_client()
    inst_b, cb = installer_client()
    tag = uniq("scope").replace("-", "")
    mine = new_site(ca, name=tag + " Mine", country_code="+44", mobile="+447700900444")
    theirs = new_site(cb, name=tag + " Theirs", country_code="+44", mobile="+447700900444")
    member = new_family(cb, theirs["id"])
    eq(_ids(_search(ca, tag)), [mine["id"]], "a name both installers' sites share")
    eq(_ids(_search(ca, "+447700900444", "mobile")), [mine["id"]], "a mobile both share")
    for field, q in (("email", theirs["email"]), ("sip", theirs["sip_number"]),
                     ("family_sip", theirs["family_sip_number"]), ("sip", member["sip_number"]),
                     ("all", theirs["sip_number"]), ("all", member["sip_number"]),
                     ("all", theirs["email"]), ("name", tag + " T")):
        eq(_search(ca, q, field)["total"], 0, "another installer's site by %s %r" % (field, q))
    eq(list_sites(ca)["total"], 1, "the whole list")
    for st in ("normal", "inactivated", "expired"):
        check(theirs["id"] not in _ids(list_sites(ca, status=st, per_page=200)),
              "another installer's site in the %s list" % st)


def test_q_length_and_bad_parameters():
    inst, ic = installer_client()
    new_site(ic)
    eq(_search(ic, "q" * 64)["total"], 0, "a 64-character q")
    with sites_unchanged([inst.id], "bad list parameters"):
        expect(ic.get(SITES + "?q=" + "q" * 65), 400, "invalid_field", "q")
        expect(ic.get(SITES + "?field=phone&q=1"), 400, "invalid_field", "field")
        expect(ic.get(SITES + "?status=active"), 400, "invalid_field", "status")
        expect(ic.get(SITES + "?q=%00"), 400, "invalid_field", "q")


def test_every_field_sort_and_status_combination():
    """Each search field with each sort, with and without a status filter,
    and paged, gives exactly the matching sites in the sort's order."""
    inst, ic = installer_client()
    tag = uniq("cmb").replace("-", "")[-8:]
    spec = [("Kim Alpha", "kim-a", "+447700900301", "normal"),
            ("kim beta", "zed-b", "+447700900302", "expired"),
            ("Lee Gamma", "kim-c", "", "normal"),
            ("Kimberly Delta", "amy-d", "+33612300004", "inactivated"),
            ("Moe Epsilon", "kim-e", "+447700900305", "expired"),
            ("Kim Alpha", "bob-f", "+4915112300006", "normal")]
    sites = []

    def k_has_member(k):
        return k in (1, 4)

    for name, local, mobile, status in spec:
        kw = {"name": name, "email": "%s-%s@example.com" % (local, tag)}
        if mobile:
            kw.update(mobile=mobile, country_code=mobile[:3])
        s = new_site(ic, **kw)
        s["member_sips"] = []
        if k_has_member(len(sites)):
            s["member_sips"].append(new_family(ic, s["id"])["sip_number"])
        if status != "normal":
            set_site(s["id"], status="'%s'" % status)
        s["status"] = status
        sites.append(s)

    def digits(q):
        return "+" + "".join(ch for ch in q if ch.isdigit())

    def matches(s, field, q):
        low = q.lower()
        tests = {
            "name": s["name"].lower().startswith(low),
            "email": s["email"].lower().startswith(low),
            "mobile": bool(s["mobile"]) and s["mobile"].startswith(digits(q)),
            "family_sip": s["family_sip_number"].startswith(q),
            "sip": s["sip_number"].startswith(q) or any(n.startswith(q) for n in s["member_sips"]),
        }
        return any(tests.values()) if field == "all" else tests[field]

    def ordered(rows, sort):
        key = sort.lstrip("-")
        desc = sort.startswith("-")
        if key == "created_at":
            return sorted(rows, key=lambda s: s["id"], reverse=desc)
        if key == "status":
            return None   # the order of the statuses is the server's choice
        return sorted(rows, key=lambda s: (s[key].lower(), s["id"]), reverse=desc)

    searches = [(None, None), ("name", "kim"), ("name", "Kim Alpha"), ("email", "kim-"),
                ("mobile", "+4477"), ("mobile", "44 7700 900 30"), ("family_sip", sites[2]["family_sip_number"]),
                ("sip", sites[4]["member_sips"][0]), ("sip", sites[0]["sip_number"]), ("all", "kim"),
                ("all", "6"), ("all", "+33")]
    sorts = ["created_at", "-created_at", "name", "-name", "email", "-email", "status", "-status"]
    for field, q in searches:
        for status in (None, "normal", "expired", "inactivated"):
            want = [s for s in sites if (field is None or matches(s, field, q))
                    and (status is None or s["status"] == status)]
            for sort in sorts:
                params = {"sort": sort, "per_page": 200}
                if field is not None:
                    params.update(q=q, field=field)
                if status is not None:
                    params["status"] = status
                what = "field=%s q=%r status=%s sort=%s" % (field, q, status, sort)
                r = list_sites(ic, **params)
                got = _ids(r)
                eq(r["total"], len(want), "total of " + what)
                eq(sorted(got), sorted(s["id"] for s in want), "sites of " + what)
                exp = ordered(want, sort)
                if exp is not None:
                    eq(got, [s["id"] for s in exp], "order of " + what)
                if len(got) > 2:
                    params["per_page"] = 2
                    paged = []
                    for page in range(1, (len(got) + 1) // 2 + 1):
                        params["page"] = page
                        paged += _ids(list_sites(ic, **params))
                    eq(paged, got, "pages of " + what)
