"""B1: /api/openapi.json documents every route every area program serves."""

import json
import os
import subprocess

from vbtest import ADMIN, Client, check, eq, expect, fail


def area_programs():
    """{area: path} of the built area programs next to vestibule-admin's folder."""
    top = os.path.dirname(os.path.dirname(os.path.abspath(ADMIN)))
    out = {}
    for area in sorted(os.listdir(top)):
        if area in ("admin", "worker", "lib"):
            continue
        p = os.path.join(top, area, "vestibule-" + area)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            out[area] = p
    return out


def test_openapi_is_valid_json():
    r = expect(Client().get("/api/openapi.json"), 200)
    check(isinstance(r.json, dict), "openapi.json is not a JSON object")
    check(str(r.json.get("openapi", "")).startswith("3."), "not OpenAPI 3: %r" % r.json.get("openapi"))
    check(isinstance(r.json.get("paths"), dict) and r.json["paths"], "no paths")
    check(isinstance(r.json.get("info"), dict) and r.json["info"].get("title"), "no info.title")


def test_openapi_documents_every_route():
    doc = expect(Client().get("/api/openapi.json"), 200).json
    paths = doc["paths"]
    progs = area_programs()
    for want in ("auth", "distributor"):
        check(want in progs, "no vestibule-%s next to %s (found %r)" % (want, ADMIN, sorted(progs)))
    missing = []
    nroutes = 0
    for area, prog in progs.items():
        p = subprocess.run([prog, "--routes"], capture_output=True, timeout=30)
        eq(p.returncode, 0, "exit status of vestibule-%s --routes" % area)
        for line in p.stdout.decode().splitlines():
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) < 2:
                fail("vestibule-%s --routes printed %r" % (area, line))
            method, pattern = parts[0], parts[1]
            if pattern.startswith("/internal/"):
                continue
            nroutes += 1
            ops = paths.get(pattern)
            if not isinstance(ops, dict) or method.lower() not in ops:
                missing.append("%s %s" % (method, pattern))
    check(nroutes >= 20, "only %d routes listed by --routes" % nroutes)
    check(not missing, "routes missing from openapi.json: %s" % ", ".join(missing))


def test_served_document_is_generated_from_its_source():
    """htdocs/api/openapi.json is what tools/openapi.py prints: an edit of the
    source without regenerating would serve stale documentation."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run(["python3", os.path.join(root, "tools", "openapi.py")],
                         capture_output=True, check=True, text=True).stdout
    served = expect(Client().get("/api/openapi.json"), 200).json
    check(json.loads(out) == served,
          "htdocs/api/openapi.json differs from tools/openapi.py's output; run "
          "python3 tools/openapi.py > htdocs/api/openapi.json")
