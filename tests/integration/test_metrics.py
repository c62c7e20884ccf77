"""Health and Prometheus metrics on the loopback-only server (B6), and not on
the public port."""

import re

from vbtest import METRICS_URL, Client, check, eq, expect, http_get_url

AREAS = ("auth", "distributor")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)(\s+\d+)?$")


def parse_prometheus(text):
    """{name: type} and [(name, labels, value)] of a text exposition."""
    types, samples = {}, []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("# TYPE "):
            parts = line.split()
            types[parts[2]] = parts[3]
            continue
        if line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        check(m, "not a Prometheus sample line: %r" % line)
        samples.append((m.group(1), m.group(2) or "", float(m.group(3))))
    return types, samples


def request_count(area):
    r = http_get_url("%s/internal/%s/metrics" % (METRICS_URL, area))
    eq(r.status, 200, "metrics status")
    types, samples = parse_prometheus(r.body.decode())
    counters = [n for n, t in types.items() if t == "counter"]
    check(counters, "no counter in the metrics of %s" % area)
    total = sum(v for n, _, v in samples if n in counters and "request" in n)
    if total == 0:
        total = sum(v for n, _, v in samples if n in counters)
    return total, types, samples


def test_health_and_metrics():
    check(METRICS_URL, "VB_METRICS_URL is not set")
    for area in AREAS:
        r = http_get_url("%s/internal/%s/health" % (METRICS_URL, area))
        eq(r.status, 200, "%s health status" % area)
        eq(r.json, {"status": "ok", "db": "ok"}, "%s health body" % area)
    n0, types, samples = request_count("auth")
    check(any(t == "histogram" for t in types.values()) or any(n.endswith("_bucket") for n, _, _ in samples),
          "no latency buckets in the auth metrics")
    check(any('le="+Inf"' in lab for n, lab, _ in samples), "no +Inf bucket in the auth metrics")
    c = Client()
    for _ in range(7):
        expect(c.me(), 401)
    n1, _, _ = request_count("auth")
    check(n1 >= n0 + 7, "the request counter did not grow by 7: %s -> %s" % (n0, n1))


def test_internal_not_public():
    c = Client()
    for area in AREAS:
        for what in ("health", "metrics"):
            r = c.get("/internal/%s/%s" % (area, what))
            eq(r.status, 404, "public /internal/%s/%s" % (area, what))
            check(b"vb_" not in r.body and b"# TYPE" not in r.body, "metrics leaked on the public port")
        r = c.get("/api/%s/../../internal/%s/metrics" % (area, area))
        check(r.status in (400, 404), "path trick to /internal/: %r" % r)
        check(b"# TYPE" not in r.body, "metrics leaked through a path trick")
