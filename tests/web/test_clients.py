"""Client data: devices, workers, monitoring assignments (source 000 §5.1.1, §5.2.1, §5.2.2.2).

The client maintains them; an institution picks but cannot add or change them.
"""

from __future__ import annotations

from web_helpers import DEMO, Web, error_of, unique_id_number

DEVICE = {
    "name": "移动式C形臂X射线机",
    "type": "X射线透视装置",
    "model": "Cios Alpha",
    "device_uid": "",
    "location": "手术室3",
}


def _device(uid: str) -> dict[str, str]:
    return dict(DEVICE, device_uid=uid)


def test_client_maintains_devices_through_the_pages(web: Web, request) -> None:  # type: ignore[no-untyped-def]
    user = web.login(*DEMO["client"])
    uid = f"NJSF-C-{request.node.callspec.id}"
    assert user.post_form("/client/devices", _device(uid)).status_code == 303
    page = user.get("/client/devices").text
    assert "移动式C形臂X射线机" in page and uid in page
    dup = user.post_form("/client/devices", _device(uid))
    assert dup.status_code == 400 and error_of(dup.text, "device_uid") == "本单位已有该设备唯一标识的设备"
    missing = user.post_form("/client/devices", dict(DEVICE, name=""))
    assert error_of(missing.text, "name") == "必填"


def test_client_maintains_workers_and_assignments_through_the_api(web: Web) -> None:
    from radrules_webshell.demo import INSTITUTION_USCC

    user = web.api_login(*DEMO["client"])
    id_number = unique_id_number()
    created = user.api(
        "POST", "/api/client/workers/", json={"name": "钱进", "id_number": id_number, "dosimeter_no": "D-1"}
    )
    assert created.status_code == 201, created.text
    worker_id = created.json()["id"]
    listed = user.get("/api/client/workers/").json()
    assert id_number not in str(listed)  # masked in lists
    assert user.get(f"/api/client/workers/{worker_id}").json()["id_number"] == id_number
    bad = user.api(
        "POST",
        f"/api/client/workers/{worker_id}/assignments/",
        json={"institution_uscc": INSTITUTION_USCC, "start": "2026-03-01", "end": "2026-02-01"},
    )
    assert bad.status_code == 400 and bad.json()["errors"]["end"] == "监测结束日期不能早于开始日期"
    unknown = user.api(
        "POST",
        f"/api/client/workers/{worker_id}/assignments/",
        json={"institution_uscc": "91320102MA1W2K3P00", "start": "2026-01-01"},
    )
    assert unknown.status_code == 400 and "institution_uscc" in unknown.json()["errors"]
    ok = user.api(
        "POST",
        f"/api/client/workers/{worker_id}/assignments/",
        json={"institution_uscc": INSTITUTION_USCC, "start": "2026-01-01", "end": "2026-12-31"},
    )
    assert ok.status_code == 201
    rows = user.get(f"/api/client/workers/{worker_id}/assignments/").json()
    assert rows[0]["institution_uscc"] == INSTITUTION_USCC
    # the institution sees the worker while the assignment lasts, not after it
    institution = web.api_login(*DEMO["institution"])
    client_id = user.get("/api/me").json()["client_id"]

    def names(on: str) -> list[str]:
        return [
            w["name"] for w in institution.get(f"/api/institution/clients/{client_id}/workers?on={on}").json()
        ]

    assert "钱进" in names("2026-06-30")
    assert "钱进" not in names("2027-01-01")
    assert (
        user.api("DELETE", f"/api/client/workers/{worker_id}/assignments/{ok.json()['id']}").status_code
        == 204
    )
    assert "钱进" not in names("2026-06-30")
    changed = user.api(
        "PUT",
        f"/api/client/workers/{worker_id}",
        json={"name": "钱进", "id_number": id_number, "dosimeter_no": "D-2"},
    )
    assert changed.status_code == 200 and changed.json()["dosimeter_no"] == "D-2"
    assert user.api("DELETE", f"/api/client/workers/{worker_id}").status_code == 204
    assert user.get(f"/api/client/workers/{worker_id}").status_code == 404


def test_institution_picks_but_cannot_edit(web: Web) -> None:
    institution = web.login(*DEMO["institution"])
    page = institution.get("/institution/clients?q=南京示范").text
    assert "南京示范人民医院" in page
    api = web.api_login(*DEMO["institution"])
    client_id = api.get("/api/institution/clients?q=南京示范").json()[0]["id"]
    devices = api.get(f"/api/institution/clients/{client_id}/devices").json()
    assert {d["device_uid"] for d in devices} >= {"NJSF-DR-0001", "NJSF-CT-0002"}
    workers = api.get(f"/api/institution/clients/{client_id}/workers?on=2026-06-01").json()
    assert {"刘洋", "周婷"} <= {w["name"] for w in workers}
    detail = institution.get(f"/institution/clients/{client_id}").text
    assert "NJSF-DR-0001" in detail and '<form method="post"' not in detail.split("<main>")[1]
    # no route lets an institution write a client's records
    assert institution.post_form("/client/devices", _device("X-1")).status_code == 403
    assert api.api("POST", "/api/client/devices/", json=_device("X-1")).status_code == 403
    assert api.api("PUT", f"/api/client/devices/{devices[0]['id']}", json=_device("X-1")).status_code == 403
    assert api.api("DELETE", f"/api/client/workers/{workers[0]['id']}").status_code == 403


def test_client_models_for_filings(web: Web) -> None:
    from radrules_webshell.clients import service
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.demo import HOSPITAL_USCC, INSTITUTION_USCC

    from radrules import Device, Worker

    client_id = web.run(Client.select(Client.id).where(Client.uscc == HOSPITAL_USCC).first)["id"]
    devices = web.run(service.device_models, client_id)
    workers = web.run(service.worker_models, client_id)
    assert all(isinstance(d, Device) and d.owner_uscc == HOSPITAL_USCC for d in devices)
    seeded = [w for w in workers if w.name in ("刘洋", "周婷")]
    assert len(seeded) == 2 and all(isinstance(w, Worker) for w in seeded)
    assert seeded[0].assignments[0].institution_uscc == INSTITUTION_USCC


def test_regulator_reads_within_its_division(web: Web) -> None:
    regulator = web.api_login(*DEMO["regulator"])  # 南京市 (3201)
    clients = regulator.get("/api/oversight/clients").json()
    assert all(c["division_code"].startswith("3201") for c in clients)
    hospital = next(c for c in clients if c["name"] == "南京示范人民医院")
    detail = regulator.get(f"/api/oversight/clients/{hospital['id']}").json()
    assert detail["devices"] and all("*" in w["id_number"] for w in detail["workers"])
    assert "*" in hospital["contact_phone"]
    # read-only: no write route is open to a regulator
    assert regulator.api("POST", "/api/client/devices/", json=_device("R-1")).status_code == 403
    assert regulator.api("POST", "/api/review/registrations/1/approve").status_code == 403
    page = web.login(*DEMO["regulator"]).get("/oversight/institutions").text
    assert "江苏示范放射卫生技术服务有限公司" in page


def test_admin_registers_a_client_and_its_user(web: Web) -> None:
    from web_helpers import unique_uscc

    admin = web.api_login(*DEMO["admin"])
    uscc = unique_uscc("12")
    r = admin.api(
        "POST",
        "/api/admin/clients",
        json={"uscc": uscc, "name": "测试专科医院", "kind": "specialist_hospital", "division_code": "320105"},
    )
    assert r.status_code == 201, r.text
    bad_kind = admin.api(
        "POST",
        "/api/admin/clients",
        json={"uscc": unique_uscc("12"), "name": "x", "kind": "zoo", "division_code": "320105"},
    )
    assert bad_kind.json()["errors"]["kind"] == "请从列表中选择"
    user = admin.api(
        "POST",
        "/api/admin/users",
        json={"role": "client", "login": f"c{uscc[-6:]}", "password": "Client#2026x", "org": uscc},
    )
    assert user.status_code == 201
    no_org = admin.api(
        "POST",
        "/api/admin/users",
        json={"role": "client", "login": "cx1", "password": "Client#2026x", "org": "91320102MA1W2K3P00"},
    )
    assert no_org.status_code == 400 and "没有统一社会信用代码" in no_org.json()["errors"]["org"]
    county = admin.api(
        "POST",
        "/api/admin/users",
        json={
            "role": "regulator",
            "login": f"r{uscc[-6:]}",
            "password": "County#2026x",
            "division": "320105",
        },
    )
    assert county.status_code == 201
    reg = web.api_login(f"r{uscc[-6:]}", "County#2026x")
    reg.api(
        "POST", "/api/me/password", json={"current_password": "County#2026x", "new_password": "County#2027x"}
    )
    names = [c["name"] for c in reg.get("/api/oversight/clients").json()]
    assert names == ["测试专科医院"] or ("测试专科医院" in names and "南京示范人民医院" not in names)
