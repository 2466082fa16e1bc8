"""The register pages (source 001 modules 3–8, 20; §2.3.1): drawn for the unit and its
county, forms refused beside their fields, the archive page with its records, the transfer
decided on its page, and accounts opened from the level's page — without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from register_helpers import READY, levels, unit, worker
from web_helpers import Web, error_of, unique_id_number, unique_login

from radrules import TestCondition


@pytest.fixture(scope="module")
def yibin(web: Web) -> dict[str, Any]:
    users = levels(web)
    client_id, hospital = unit(web, users["cuiping"], "511502", "翠屏区页面医院")
    return users | {"client_id": client_id, "hospital": hospital}


def _page_user(web: Web, api_user: Any) -> Any:
    login = api_user.get("/api/me").json()["login"]
    return web.login(login, READY)


def test_unit_pages_and_their_forms(web: Web, yibin: dict[str, Any]) -> None:
    page = _page_user(web, yibin["hospital"])
    cid = yibin["client_id"]
    base = f"/supervision/units/{cid}"
    assert "翠屏区页面医院" in page.get("/supervision/units").text
    html = page.get(base).text
    for part in (
        "机构基本信息",
        "放射诊疗许可证",
        "放射诊疗设备",
        "放射工作人员",
        "资质附件",
        "健康监护档案调转",
    ):
        assert part in html
    refused = page.post_form(
        f"{base}/licences", {"number": "", "issued_on": "2024-13-01", "verification_years": "x"}
    )
    assert refused.status_code == 400
    assert error_of(refused.text, "issued_on") and error_of(refused.text, "verification_years")
    created = page.post_form(
        f"{base}/licences",
        {
            "number": "川卫放证字第9号",
            "issued_on": "2024-01-01",
            "verification_years": "1",
            "projects": "x_ray_imaging",
        },
    )
    assert created.status_code == 303
    html = page.get(base).text
    licence_id = int(re.search(rf'{base}/licences/(\d+)"', html).group(1))  # type: ignore[union-attr]
    assert "X射线影像诊断" in html
    licence_page = page.get(f"{base}/licences/{licence_id}")
    assert licence_page.status_code == 200 and "校验记录" in licence_page.text
    assert (
        page.post_form(
            f"{base}/licences/{licence_id}/verifications", {"verified_on": "2025-01-02", "passed": "on"}
        ).status_code
        == 303
    )
    assert "2025-01-02" in page.get(f"{base}/licences/{licence_id}").text
    device = page.post_form(
        f"{base}/devices",
        {
            "name": "CT",
            "type": "CT",
            "model": "M",
            "device_uid": "CT-1",
            "location": "一楼",
            "installed_on": "2024-02-01",
        },
    )
    assert device.status_code == 303
    device_id = int(re.search(rf'{base}/devices/(\d+)"', page.get(base).text).group(1))  # type: ignore[union-attr]
    assert (
        page.post_form(
            f"{base}/devices/{device_id}/tests",
            {"condition": "status", "tested_on": "2025-02-01", "passed": "on"},
        ).status_code
        == 303
    )
    device_page = page.get(f"{base}/devices/{device_id}").text
    assert "2025-02-01" in device_page and TestCondition.status.label in device_page
    profile = page.post_form(
        f"{base}/profile", {"legal_representative": "院长", "beds": "120", "protection_officer_phone": "12"}
    )
    assert profile.status_code == 400 and error_of(profile.text, "protection_officer_phone")


def test_worker_archive_page(web: Web, yibin: dict[str, Any]) -> None:
    page = _page_user(web, yibin["hospital"])
    cid = yibin["client_id"]
    w = worker(yibin["hospital"], cid, name="页面员工", id_number=unique_id_number())
    base = f"/supervision/units/{cid}/workers/{w['id']}"
    html = page.get(base).text
    for part in ("培训记录", "职业健康检查", "个人剂量", "放射工作人员证", "调转记录"):
        assert part in html
    refused = page.post_form(
        f"{base}/records/trainings", {"kind": "pre_job", "ended_on": "2025-01-01", "days": "很多"}
    )
    assert refused.status_code == 400 and error_of(refused.text, "days")
    assert (
        page.post_form(
            f"{base}/records/trainings",
            {"kind": "in_service", "ended_on": "2025-01-01", "days": "2", "passed": "on"},
        ).status_code
        == 303
    )
    assert "在岗培训" in page.get(base).text
    assert page.post_form(f"{base}/records/nonsense", {}).status_code == 404


def test_accounts_page_opens_an_account(web: Web, yibin: dict[str, Any]) -> None:
    page = _page_user(web, yibin["cuiping"])
    assert "账号与权限" in page.get("/supervision/accounts").text
    login = unique_login("pg")
    refused = page.post_form(
        "/supervision/accounts",
        {"role": "regulator", "login": login, "password": "Start#2026sv", "division": "511503"},
    )
    assert refused.status_code == 400 and error_of(refused.text, "division")
    ok = page.post_form(
        "/supervision/accounts",
        {"role": "client", "login": login, "password": "Start#2026sv", "client_id": str(yibin["client_id"])},
    )
    assert ok.status_code == 303
    assert login in page.get("/supervision/accounts").text
