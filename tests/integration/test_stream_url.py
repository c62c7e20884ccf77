"""Stream URLs of the RTSP relay (issue 6, the portal's part): GET
/api/devices/{id}/stream and /api/devices/cameras/{id}/stream hand out a
short-lived rtsp://<relay>/s/<source>?token=... that opens that source only,
for that viewer, until its expiry; `vestibule-admin stream-url` prints one
for operators.  The tokens are checked here the way the relay will check
them: recomputed from the platform key, apart from the C code."""

import base64
import hashlib
import hmac
import subprocess
import time

from vbtest import (ADMIN, CONF, admin, check, conf, eq, expect, installer_client, mac_for, new_camera,
                    new_device, new_site, platform_key, premium_site)


def _mac(source, viewer, expiry):
    secret = hmac.new(platform_key(), b"vestibule stream tokens v1", hashlib.sha256).digest()
    msg = ("vs1\n%s\n%s\n%d" % (source, viewer, expiry)).encode()
    return base64.urlsafe_b64encode(hmac.new(secret, msg, hashlib.sha256).digest()).rstrip(b"=").decode()


def _check_url(body, source, viewer):
    """body is a StreamUrl for source and viewer, valid about 300 s from now."""
    base = conf().get("relay_public_url", "rtsp://127.0.0.1:8554")
    eq(body["source_id"], source, "source id")
    prefix = "%s/s/%s?token=" % (base, source)
    check(body["url"].startswith(prefix), "url %r does not start with %r" % (body["url"], prefix))
    token = body["url"][len(prefix):]
    v, expiry, mac = token.split(".")
    eq(v, viewer, "the viewer in the token")
    check(abs(int(expiry) - (time.time() + 300)) < 30, "expiry %s is not about 300 s away" % expiry)
    eq(mac, _mac(source, viewer, int(expiry)), "the token's signature (recomputed from the key)")
    eq((body["username"], body["password"]), ("%s.%s" % (v, expiry), mac), "digest credentials")
    return token


def test_door_phone_stream_url_opens_that_door_phone_only():
    inst, ic = installer_client()
    site = new_site(ic)
    dp = new_device(ic, site["id"], mac_for(inst))
    r = expect(ic.get("/api/devices/%d/stream" % dp["id"]), 200)
    eq(r.header("Cache-Control"), "no-store", "stream URLs are not cached")
    token = _check_url(r.json, "d%d" % dp["id"], "i%d" % inst.id)
    # The same token does not open another source: its signature names d<id>.
    _, expiry, mac = token.split(".")
    check(mac != _mac("d%d" % (dp["id"] + 1), "i%d" % inst.id, int(expiry)),
          "the token would open the next door phone too")
    # Two calls give two tokens only if a second passed; both are valid.
    r2 = expect(ic.get("/api/devices/%d/stream" % dp["id"]), 200)
    _check_url(r2.json, "d%d" % dp["id"], "i%d" % inst.id)


def test_camera_stream_url():
    inst, ic = installer_client()
    site = premium_site(ic)
    cam = new_camera(ic, site["id"], rtsp_url="rtsp://cam:s3cret@10.1.2.3/live")
    r = expect(ic.get("/api/devices/cameras/%d/stream" % cam["id"]), 200)
    _check_url(r.json, "c%d" % cam["id"], "i%d" % inst.id)
    check(b"s3cret" not in r.body, "the camera's password leaked into the stream answer")


def test_what_cannot_stream_says_why():
    inst, ic = installer_client()
    site = premium_site(ic)
    mon = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    expect(ic.get("/api/devices/%d/stream" % mon["id"]), 422, "no_stream")
    dp = new_device(ic, site["id"], mac_for(inst), allow_monitoring=False)
    expect(ic.get("/api/devices/%d/stream" % dp["id"]), 422, "monitoring_off")
    cam = new_camera(ic, site["id"], allow_monitoring=False)
    expect(ic.get("/api/devices/cameras/%d/stream" % cam["id"]), 422, "monitoring_off")


def test_another_installers_sources_are_404():
    inst, ic = installer_client()
    site = premium_site(ic)
    dp = new_device(ic, site["id"], mac_for(inst))
    cam = new_camera(ic, site["id"])
    _, other = installer_client()
    expect(other.get("/api/devices/%d/stream" % dp["id"]), 404, "not_found")
    expect(other.get("/api/devices/cameras/%d/stream" % cam["id"]), 404, "not_found")
    expect(other.get("/api/devices/0/stream"), 404, "not_found")
    expect(other.get("/api/devices/x1/stream"), 404, "not_found")


def test_admin_stream_url():
    inst, ic = installer_client()
    site = new_site(ic)
    dp = new_device(ic, site["id"], mac_for(inst))
    url = admin("stream-url", "d%d" % dp["id"], "--viewer", "ops-1", "--ttl", "300").strip()
    base = conf().get("relay_public_url", "rtsp://127.0.0.1:8554")
    token = url.split("?token=", 1)[1]
    _check_url({"source_id": "d%d" % dp["id"], "url": url, "username": token.rsplit(".", 1)[0],
                "password": token.rsplit(".", 1)[1]}, "d%d" % dp["id"], "ops-1")
    check(url.startswith(base + "/s/d%d?token=" % dp["id"]), "admin url %r" % url)
    p = subprocess.run([ADMIN, "--config", CONF, "stream-url", "d999999999"], capture_output=True,
                       timeout=30)
    eq(p.returncode, 1, "stream-url of an unknown source fails")
    check(b"no source" in p.stderr, "it says why: %r" % p.stderr)
    p = subprocess.run([ADMIN, "--config", CONF, "stream-url", "d%d" % dp["id"], "--viewer", "a.b"],
                       capture_output=True, timeout=30)
    eq(p.returncode, 2, "a viewer with a dot is a usage error")
