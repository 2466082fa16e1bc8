"""医用辐射装置检测填报 (source 000 §5.1) through the JSON API and the pages, on both databases:
save, list with filters, submit (errors block, warnings do not), withdraw, delete, isolation,
the client's devices only, and the report card that holds a report."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import orjson
from radrules_webshell.core import clock
from radrules_webshell.demo import HOSPITAL_USCC
from web_helpers import DEMO, Web, error_of, new_institution, unique_uscc

_numbers = itertools.count(1)


def report_no(prefix: str = "JC") -> str:
    return f"{prefix}-{clock.today():%Y}-{next(_numbers):04d}-{id(object()) % 9973}"


def sample(device_id: str = "NJSF-DR-0001", *, result: str = "2.1", passed: bool = True) -> dict[str, Any]:
    day = (clock.today() - timedelta(days=2)).isoformat()
    return {
        "sample_no": "",
        "device": {"device_id": device_id, "name": "任意", "owner_uscc": "任意"},
        "categories": ["performance", "protection"],
        "condition": "status",
        "performance": {
            "tested_on": day,
            "items": [{"item": "辐射输出量重复性", "result": result, "unit": "%", "passed": passed}],
        },
        "protection": {
            "tested_on": day,
            "test_conditions": "70 kV，10 mAs",
            "points": [{"name": "观察窗外30cm处", "result": "0.15", "unit": "μSv/h", "passed": True}],
        },
    }


def body(no: str, samples: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    data = {
        "report_no": no,
        "institution_uscc": "",
        "client": {
            "name": "随便写",
            "uscc": HOSPITAL_USCC,
            "kind": "general_hospital",
            "division_code": "320104",
        },
        "report_date": clock.today().isoformat(),
        "samples": samples if samples is not None else [sample()],
    }
    data.update(overrides)
    return data


def test_create_submit_withdraw_delete(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    no = report_no()
    created = inst.api("POST", "/api/device-tests/", json=body(no))
    assert created.status_code == 201, created.text
    report = created.json()
    assert report["status"] == "draft"
    # the client and the device are the platform's records, not what was sent
    assert report["report"]["client"]["name"] == "南京示范人民医院"
    device = report["report"]["samples"][0]["device"]
    assert device["name"] == "数字X射线摄影系统（DR）" and device["owner_uscc"] == HOSPITAL_USCC
    assert report["report"]["samples"][0]["sample_no"] == f"{no}-01"

    listed = inst.get("/api/device-tests/", params={"report_no": no[3:]}).json()
    assert [(r["report_no"], r["device_uid"], r["passed"], r["status"]) for r in listed] == [
        (no, "NJSF-DR-0001", "是", "draft")
    ]
    assert inst.get("/api/device-tests/", params={"report_no": no, "status": "submitted"}).json() == []

    submitted = inst.api("POST", f"/api/device-tests/{report['id']}/submit")
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"
    assert inst.get(f"/api/device-tests/{report['id']}").json()["status"] == "submitted"
    # submitted: neither edited nor deleted, only withdrawn
    assert inst.api("PUT", f"/api/device-tests/{report['id']}", json=body(no)).status_code == 409
    assert inst.api("DELETE", f"/api/device-tests/{report['id']}").status_code == 409
    assert inst.get("/api/device-tests/", params={"report_no": no, "status": "submitted"}).json()[0][
        "status"
    ] == ("submitted")

    assert inst.api("POST", f"/api/device-tests/{report['id']}/withdraw").status_code == 200
    edited = inst.api(
        "PUT", f"/api/device-tests/{report['id']}", json=body(no, [sample(), sample("NJSF-CT-0002")])
    )
    assert edited.status_code == 200, edited.text
    assert [s["sample_no"] for s in edited.json()["report"]["samples"]] == [f"{no}-01", f"{no}-02"]
    # one line per device tested (§5.1.2.1 3)
    assert len(inst.get("/api/device-tests/", params={"report_no": no}).json()) == 2
    assert inst.api("DELETE", f"/api/device-tests/{report['id']}").status_code == 204
    assert inst.get(f"/api/device-tests/{report['id']}").status_code == 404
    assert inst.get("/api/device-tests/", params={"report_no": no, "status": "all"}).json() == []

    actions = web.run(_audit_actions, report["id"])
    for action in ("create", "submit", "withdraw", "update", "delete"):
        assert f"device_test_{action}" in actions


async def _audit_actions(entity_id: int) -> list[str]:
    from radrules_webshell.audit.tables import AuditEvent

    rows = (
        await AuditEvent.select(AuditEvent.action)
        .where((AuditEvent.entity == "device_test_report") & (AuditEvent.entity_id == str(entity_id)))
        .order_by(AuditEvent.id)
    )
    actions = [r["action"] for r in rows]
    # SQLite may give a deleted report's id to a new one: this report's events start at its creation
    last = len(actions) - 1 - actions[::-1].index("device_test_create")
    return actions[last:]


def test_bad_bodies_name_the_json_path(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    bad = body(report_no())
    bad["samples"][0]["categories"] = ["performence"]
    response = inst.api("POST", "/api/device-tests/", json=bad)
    assert response.status_code == 400
    assert "samples[0].categories[0]" in response.json()["errors"]
    assert "performance" in response.json()["message"]  # the nearest valid value

    unknown = body(report_no())
    unknown["sampels"] = unknown.pop("samples")
    response = inst.api("POST", "/api/device-tests/", json=unknown)
    assert response.status_code == 400 and "sampels" in response.json()["errors"]

    wrong_type = body(report_no(), report_date=20260101)
    assert "report_date" in inst.api("POST", "/api/device-tests/", json=wrong_type).json()["errors"]

    missing_no = body("  ")
    assert inst.api("POST", "/api/device-tests/", json=missing_no).json()["errors"] == {
        "report_no": "报告编号为必填项"
    }

    no = report_no()
    assert inst.api("POST", "/api/device-tests/", json=body(no)).status_code == 201
    duplicate = inst.api("POST", "/api/device-tests/", json=body(no))
    assert duplicate.status_code == 400 and "report_no" in duplicate.json()["errors"]


def test_only_registered_clients_and_their_devices(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    stranger = body(report_no(), samples=[sample("NOT-A-DEVICE")])
    response = inst.api("POST", "/api/device-tests/", json=stranger)
    assert response.status_code == 400
    assert "samples[0].device.device_id" in response.json()["errors"]

    unknown_client = body(report_no())
    unknown_client["client"]["uscc"] = "91320102MA0000000X"
    response = inst.api("POST", "/api/device-tests/", json=unknown_client)
    assert response.status_code == 400 and "client.uscc" in response.json()["errors"]

    other = body(report_no(), institution_uscc="91110000100000000X")
    assert "institution_uscc" in inst.api("POST", "/api/device-tests/", json=other).json()["errors"]


def test_errors_block_submission_and_warnings_do_not(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    # 辐射输出量重复性 ≤ 10.0 %: 12.5 typed as 合格 contradicts the catalog (an error)
    failing = inst.api("POST", "/api/device-tests/", json=body(report_no(), [sample(result="12.5")])).json()
    refused = inst.api("POST", f"/api/device-tests/{failing['id']}/submit")
    assert refused.status_code == 422
    errors = [f for f in refused.json()["findings"] if f["severity"] == "error"]
    assert errors and errors[0]["rule_id"].startswith("JS.device-test.")
    assert errors[0]["path"].startswith("device_test_reports[0].samples[0].performance.items[0]")
    assert errors[0]["field"].startswith("samples[0].performance.items[0]")
    assert errors[0]["citation"] and errors[0]["message"]
    assert errors[0]["citation"].count("江苏省放射卫生信息管理平台") == 1  # each document's title once
    assert inst.get(f"/api/device-tests/{failing['id']}").json()["status"] == "draft"

    # no samples: a submitted report needs at least one device
    empty = inst.api("POST", "/api/device-tests/", json=body(report_no(), [])).json()
    refused = inst.api("POST", f"/api/device-tests/{empty['id']}/submit").json()
    assert [f["field"] for f in refused["findings"]] == ["samples"]

    # an item the CT's catalog (WS 519-2019) does not list: a warning, and the report is submitted
    ct = sample("NJSF-CT-0002")
    ct["performance"]["items"] = [{"item": "焦点尺寸", "result": "0.6", "unit": "mm", "passed": True}]
    warned = inst.api("POST", "/api/device-tests/", json=body(report_no(), [ct])).json()
    submitted = inst.api("POST", f"/api/device-tests/{warned['id']}/submit")
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["warnings"] and all(
        w["severity"] == "warning" for w in submitted.json()["warnings"]
    )


def test_list_filters(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    no = report_no("FILTER")
    failing = sample("NJSF-CT-0002", passed=False)
    failing["performance"]["items"][0]["result"] = "12.5"
    inst.api("POST", "/api/device-tests/", json=body(no, [sample(), failing]))

    def find(**params: Any) -> list[tuple[str, str]]:
        rows = inst.get("/api/device-tests/", params={"report_no": no, **params}).json()
        return sorted((r["device_uid"], r["passed"]) for r in rows)

    assert find() == [("NJSF-CT-0002", "否"), ("NJSF-DR-0001", "是")]
    assert find(passed="no") == [("NJSF-CT-0002", "否")]
    assert find(passed="yes") == [("NJSF-DR-0001", "是")]
    assert find(device="CT") == [("NJSF-CT-0002", "否")]
    assert find(device_uid="dr-0001") == [("NJSF-DR-0001", "是")]
    assert find(sample_no=f"{no}-02") == [("NJSF-CT-0002", "否")]
    today = clock.today()
    assert len(find(tested_from=(today - timedelta(days=5)).isoformat(), tested_to=today.isoformat())) == 2
    assert find(tested_from=today.isoformat()) == []
    assert find(report_date_to=(today - timedelta(days=1)).isoformat()) == []
    client_id = inst.get("/api/institution/clients", params={"q": HOSPITAL_USCC}).json()[0]["id"]
    assert len(find(client_id=client_id)) == 2
    assert find(client_id=client_id + 100000) == []
    assert inst.get("/api/device-tests/", params={"tested_from": "2026-13-01"}).status_code == 400


def test_isolation_and_roles(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    mine = inst.api("POST", "/api/device-tests/", json=body(report_no())).json()["id"]
    other_data, _ = new_institution(web)
    other = web.api_login(other_data["login"], other_data["password"])
    assert other.get(f"/api/device-tests/{mine}").status_code == 404
    assert other.api("PUT", f"/api/device-tests/{mine}", json=body(report_no())).status_code == 404
    assert other.api("POST", f"/api/device-tests/{mine}/submit").status_code == 404
    assert other.api("POST", f"/api/device-tests/{mine}/withdraw").status_code == 404
    assert other.api("DELETE", f"/api/device-tests/{mine}").status_code == 404
    assert other.get("/institution/device-tests/" + str(mine)).status_code in (303, 404)
    assert all(
        r["report_id"] != mine for r in other.get("/api/device-tests/", params={"status": "all"}).json()
    )
    # the same report number is another institution's own business
    assert (
        other.api(
            "POST", "/api/device-tests/", json=body(inst.get(f"/api/device-tests/{mine}").json()["report_no"])
        ).status_code
        == 201
    )

    client = web.api_login(*DEMO["client"])
    assert client.get("/api/device-tests/").status_code == 403
    assert web.anonymous().get("/api/device-tests/").status_code == 401
    no_token = web.api_login(*DEMO["institution"])
    no_token.csrf = ""
    assert no_token.api("POST", "/api/device-tests/", json=body(report_no())).status_code == 403


def test_a_report_on_a_submitted_card_cannot_be_withdrawn_or_deleted(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    report_id = inst.api("POST", "/api/device-tests/", json=body(report_no())).json()["id"]
    assert inst.api("POST", f"/api/device-tests/{report_id}/submit").status_code == 200
    card_id = web.run(_card_using, "device_test", report_id, "submitted")
    refused = inst.api("POST", f"/api/device-tests/{report_id}/withdraw")
    assert refused.status_code == 409 and "报送卡" in refused.json()["message"]
    page = inst.post_form(f"/institution/device-tests/{report_id}/withdraw", {})
    assert page.status_code == 409 and "报送卡" in page.text
    # a card back in draft no longer holds it
    web.run(_set_card_status, card_id, "withdrawn")
    assert inst.api("POST", f"/api/device-tests/{report_id}/withdraw").status_code == 200
    assert inst.api("DELETE", f"/api/device-tests/{report_id}").status_code == 204


async def _card_using(kind: str, report_id: int, status: str) -> int:
    from card_rows import example_card
    from radrules_webshell.filings.cards.tables import ReportCard
    from radrules_webshell.filings.reports.documents import dumps
    from radrules_webshell.institutions.tables import Institution

    inst = (
        await Institution.select(Institution.id)
        .where(Institution.name == "江苏示范放射卫生技术服务有限公司")
        .first()
    )
    assert inst is not None
    row = ReportCard(
        institution=inst["id"],
        division_code="320104",
        institution_division_code="320102",
        client_name="南京示范人民医院",
        client_uscc=HOSPITAL_USCC,
        service_field="protection_testing",
        report_no=f"CARD-{report_id}-{kind}",
        report_issued_on=clock.today(),
        report_year=clock.today().year,
        status=status,
        # a whole card, as every stored card is: other tests read every card of the province
        document=dumps(example_card()),
        sources=orjson.dumps([{"kind": kind, "id": report_id}]).decode(),
    )
    await row.save()
    return int(row.id)


async def _set_card_status(card_id: int, status: str) -> None:
    from radrules_webshell.filings.cards.tables import ReportCard

    await ReportCard.update({ReportCard.status: status}).where(ReportCard.id == card_id)


def test_pages_walk_the_flow(web: Web) -> None:
    inst = web.login(*DEMO["institution"])
    assert "医用辐射装置检测填报" in inst.get("/institution").text
    assert inst.get("/institution/device-tests").status_code == 200
    new = inst.get("/institution/device-tests/new", params={"q": "示范人民医院"})
    assert new.status_code == 200 and "南京示范人民医院" in new.text
    client_id = inst.get("/institution/device-tests/new").text.split('option value="')[2].split('"')[0]

    # the basic information first; a missing report date is shown beside its field
    refused = inst.post_form(
        "/institution/device-tests/new", {"report_no": "X", "client_id": client_id, "report_date": ""}
    )
    assert refused.status_code == 400 and error_of(refused.text, "report_date")
    no = report_no("PAGE")
    created = inst.post_form(
        "/institution/device-tests/new",
        {"report_no": no, "client_id": client_id, "report_date": clock.today().isoformat()},
    )
    assert created.status_code == 303
    page_url = created.headers["location"].split("?")[0]
    page = inst.get(page_url)
    assert no in page.text and "尚无样品" in page.text

    # the sample form loads the catalog's items for a DR
    form = inst.get(f"{page_url}/samples/new", params={"device": "NJSF-DR-0001"})
    assert form.status_code == 200
    assert "辐射输出量重复性" in form.text and "≤10.0%" in form.text and "已载入 18 个检测项目" in form.text
    day = (clock.today() - timedelta(days=1)).isoformat()
    fields = {
        "device": "NJSF-DR-0001",
        "condition": "status",
        "perf_tested_on": day,
        "item_0_name": "辐射输出量重复性",
        "item_0_result": "12.5",
        "item_0_unit": "%",
        "item_0_passed": "yes",
        "item_1_name": "伪影",
        "item_1_missing": "on",
        "item_1_remark": "设备不具备条件",
        "item_2_name": "",
        "prot_tested_on": day,
        "prot_test_conditions": "70 kV，10 mAs",
        "point_0_name": "观察窗外30cm处",
        "point_0_count": "1",
        "point_0_result": "0.2",
        "point_0_unit": "μSv/h",
        "point_0_passed": "yes",
    }
    bad_count = inst.request(
        "POST",
        f"{page_url}/samples/new",
        data={
            **fields,
            "point_0_count": "两",
            "categories": ["performance", "protection"],
            "_csrf_token": inst.form_token(),
        },
    )
    assert bad_count.status_code == 400 and "检测点个数应为整数" in bad_count.text
    saved = inst.request(
        "POST",
        f"{page_url}/samples/new",
        data={**fields, "categories": ["performance", "protection"], "_csrf_token": inst.form_token()},
    )
    assert saved.status_code == 303, saved.text
    listed = inst.get("/institution/device-tests", params={"report_no": no}).text
    assert f"{no}-01" in listed and "数字X射线摄影系统（DR）" in listed

    # another client cannot be picked while the samples are the first client's devices
    admin = web.api_login(*DEMO["admin"])
    other_client = admin.api(
        "POST",
        "/api/admin/clients",
        json={
            "uscc": unique_uscc("12"),
            "name": "另一医院",
            "kind": "general_hospital",
            "division_code": "320106",
        },
    ).json()["id"]
    moved = inst.post_form(
        page_url, {"report_no": no, "client_id": other_client, "report_date": clock.today().isoformat()}
    )
    assert moved.status_code == 400
    assert "不是委托单位 另一医院 的设备" in (error_of(moved.text, "client_id") or "")

    # submitting: the catalog's verdict contradicts 合格, shown beside the item
    refused = inst.post_form(f"{page_url}/submit", {})
    assert refused.status_code == 422
    assert "JS.device-test.item-verdict" in refused.text
    sample_page = inst.get(f"{page_url}/samples/0")
    assert "JS.device-test.item-verdict" in sample_page.text
    assert 'value="12.5"' in sample_page.text

    fixed = inst.request(
        "POST",
        f"{page_url}/samples/0",
        data={
            **fields,
            "item_0_result": "3.2",
            "categories": ["performance", "protection"],
            "_csrf_token": inst.form_token(),
        },
    )
    assert fixed.status_code == 303
    assert inst.post_form(f"{page_url}/submit", {}).status_code in (200, 303)
    shown = inst.get(page_url).text
    assert "已提交" in shown and "撤回" in shown
    listed = inst.get("/institution/device-tests", params={"status": "submitted", "report_no": no}).text
    assert no in listed and "NJSF-DR-0001" in listed and "查看" in listed
    assert inst.post_form(f"{page_url}/withdraw", {}).status_code == 303
    # 删除 asks first (what would go), and deletes only when confirmed
    asked = inst.post_form(f"{page_url}/delete", {})
    assert asked.status_code == 200 and "确认删除" in asked.text and no in asked.text
    assert inst.get(page_url).status_code == 200
    assert inst.post_form(f"{page_url}/delete", {"confirm": "yes"}).status_code == 303
    assert inst.get(page_url).status_code == 404


def test_a_double_submit_submits_once(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    report_id = inst.api("POST", "/api/device-tests/", json=body(report_no())).json()["id"]
    outcomes = web.run(_submit_twice, report_id)
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "list"]
    assert web.run(_audit_actions, report_id).count("device_test_submit") == 1


async def _submit_twice(report_id: int) -> list[object]:
    import asyncio

    from radrules_webshell.core.principal import Principal
    from radrules_webshell.filings.device_tests import service as device_tests
    from radrules_webshell.filings.device_tests.tables import DeviceTestReport
    from radrules_webshell.filings.reports import service as report_store

    row = (
        await DeviceTestReport.select(DeviceTestReport.institution)
        .where(DeviceTestReport.id == report_id)
        .first()
    )
    assert row is not None
    actor = Principal(
        account_id=0, login="t", name="t", role="institution", institution_id=row["institution"]
    )
    return list(
        await asyncio.gather(
            *(
                report_store.submit(device_tests.KIND, actor, row["institution"], report_id, clock.today())
                for _ in range(2)
            ),
            return_exceptions=True,
        )
    )
