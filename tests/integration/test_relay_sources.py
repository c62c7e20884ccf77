"""The relay_sources view (0007_device_settings.sql): every stream the RTSP
relay may serve.  A door phone with an IP address is pulled from
rtsp://<ip><rtsp_path>, one without has no upstream yet; a camera from its
stored URL (never with credentials); the sealed password opens with the
platform key and the row's AAD; the monitoring terminals and switches
follow what the installer set through the API."""

from vbtest import (DEFAULT_RTSP_PATH, check, device_path, eq, expect, camera_path, installer_client,
                    mac_for, new_camera, new_device, open_sealed, premium_site, relay_source)


def _monitors(ids):
    return ",".join("d%d" % i for i in sorted(ids)) or None


def _opens(row, want=None):
    """The row's sealed password opens with its AAD (and is want when given)."""
    check(row["password_sealed"], "no sealed password in %r" % row)
    pw = open_sealed(row["password_sealed"], row["password_aad"])
    check(pw is not None, "%s's password does not open with %r" % (row["source_id"], row["password_aad"]))
    if want is not None:
        eq(pw.decode("utf-8"), want, "%s's password" % row["source_id"])
    return pw


def test_door_phone_with_an_ip():
    inst, ic = installer_client()
    site = premium_site(ic)
    m1 = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    m2 = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    other_site = premium_site(ic)
    new_device(ic, other_site["id"], mac_for(inst), "indoor_monitor")
    dp = new_device(ic, site["id"], mac_for(inst), internet_access=False, ip="192.168.7.7")
    row = relay_source("d%d" % dp["id"])
    check(row is not None, "door phone d%d is not a relay source" % dp["id"])
    eq((row["kind"], int(row["object_id"]), int(row["installer_id"]), int(row["site_id"])),
       ("door_phone", dp["id"], inst.id, site["id"]), "who the source is")
    eq(row["upstream_url"], "rtsp://192.168.7.7" + DEFAULT_RTSP_PATH, "upstream of a door phone with an IP")
    eq((row["username"], row["password_aad"]), ("vestibule", "device:%d:rtsp" % dp["id"]), "credentials")
    _opens(row)
    eq((row["allow_monitoring"], row["monitor_app"], row["linked_source"]), ("1", "1", None), "switches")
    eq(row["monitor_devices"], _monitors([m1["id"], m2["id"]]), "the site's indoor monitors watch it")
    expect(ic.patch(device_path(dp["id"]), {"allow_monitoring": False, "rtsp_path": "/h264/ch1"}), 200)
    row = relay_source("d%d" % dp["id"])
    eq((row["allow_monitoring"], row["upstream_url"]), ("0", "rtsp://192.168.7.7/h264/ch1"),
       "after turning monitoring off and changing the path")
    expect(ic.patch(device_path(dp["id"]), {"internet_access": True, "ip": None}), 200)
    eq(relay_source("d%d" % dp["id"])["upstream_url"], None, "after removing the IP")
    expect(ic.delete(device_path(m1["id"])), 204)
    eq(relay_source("d%d" % dp["id"])["monitor_devices"], _monitors([m2["id"]]), "after a monitor went")


def test_door_phone_without_an_ip():
    inst, ic = installer_client()
    site = premium_site(ic)
    dp = new_device(ic, site["id"], mac_for(inst))
    row = relay_source("d%d" % dp["id"])
    check(row is not None, "a door phone without an IP is not listed")
    eq((row["upstream_url"], row["monitor_devices"]), (None, None), "no upstream yet, no monitors")
    _opens(row)


def test_only_door_phones_and_cameras():
    inst, ic = installer_client()
    site = premium_site(ic)
    for t in ("indoor_monitor", "access_control"):
        d = new_device(ic, site["id"], mac_for(inst), t, **({"ip": "10.0.0.3"} if t == "access_control" else {}))
        eq(relay_source("d%d" % d["id"]), None, "a %s as a relay source" % t)


def test_camera_source():
    inst, ic = installer_client()
    site = premium_site(ic)
    m1 = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    m2 = new_device(ic, site["id"], mac_for(inst), "indoor_monitor")
    dp = new_device(ic, site["id"], mac_for(inst))
    cam = new_camera(ic, site["id"], rtsp_url="rtsp://admin:Hunter%232@10.6.6.6:554/cam/realmonitor?channel=1",
                     monitor_device_ids=[m2["id"], m1["id"]], linked_device_id=dp["id"])
    row = relay_source("c%d" % cam["id"])
    check(row is not None, "camera c%d is not a relay source" % cam["id"])
    eq((row["kind"], int(row["object_id"]), int(row["installer_id"]), int(row["site_id"])),
       ("camera", cam["id"], inst.id, site["id"]), "who the source is")
    eq(row["upstream_url"], "rtsp://10.6.6.6:554/cam/realmonitor?channel=1", "upstream without credentials")
    eq((row["username"], row["password_aad"]), ("admin", "camera:%d:password" % cam["id"]), "credentials")
    _opens(row, "Hunter#2")
    eq((row["allow_monitoring"], row["monitor_app"], row["linked_source"]), ("1", "1", "d%d" % dp["id"]),
       "switches and link")
    eq(row["monitor_devices"], _monitors([m1["id"], m2["id"]]), "the chosen monitors")
    expect(ic.patch(camera_path(cam["id"]), {"allow_monitoring": False, "monitor_app": False,
                                             "monitor_device_ids": [m1["id"]], "linked_device_id": None}), 200)
    row = relay_source("c%d" % cam["id"])
    eq((row["allow_monitoring"], row["monitor_app"], row["monitor_devices"], row["linked_source"]),
       ("0", "0", _monitors([m1["id"]]), None), "after the edit")
    plain = new_camera(ic, site["id"])
    row = relay_source("c%d" % plain["id"])
    eq((row["username"], row["password_sealed"], row["monitor_devices"]), ("", None, None),
       "a camera without credentials or terminals")


def test_deleted_sources_leave_the_view():
    inst, ic = installer_client()
    site = premium_site(ic)
    dp = new_device(ic, site["id"], mac_for(inst), internet_access=False, ip="10.7.7.7")
    cam = new_camera(ic, site["id"], linked_device_id=dp["id"])
    expect(ic.delete(device_path(dp["id"])), 204)
    eq(relay_source("d%d" % dp["id"]), None, "a deleted door phone")
    eq(relay_source("c%d" % cam["id"])["linked_source"], None, "the camera's link to it")
    expect(ic.delete(camera_path(cam["id"])), 204)
    eq(relay_source("c%d" % cam["id"]), None, "a deleted camera")
