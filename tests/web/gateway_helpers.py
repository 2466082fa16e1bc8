"""Helpers for the standard interface's tests (issue 16 item 3): an occupational-health-
examination institution with an API token, units with registered workers, token calls."""

from __future__ import annotations

from typing import Any

from register_helpers import worker
from web_helpers import DEMO, User, Web, new_institution, unique_uscc


def health_exam_institution(web: Web) -> tuple[User, int]:
    """A fresh institution of Nanjing (320102) whose kind the administrator sets to 职业健康检查机构."""
    data, institution_id = new_institution(web)
    admin = web.api_login(*DEMO["admin"])
    r = admin.api(
        "PUT", f"/api/supervision/institutions/{institution_id}/kind", json={"service_kind": "health_exam"}
    )
    assert r.status_code == 200, r.text
    return web.api_login(data["login"], "Ready#2026ok"), institution_id


def token(user: User, permissions: list[str], days: int = 30) -> dict[str, Any]:
    r = user.api(
        "POST", "/api/tokens/", json={"name": "体检系统对接", "permissions": permissions, "days": days}
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def call(web: Web, secret: str, method: str, url: str, **kwargs: Any) -> Any:
    """A request of another system: the bearer token, no session cookie, no CSRF token."""
    client = web.client
    client.cookies.clear()
    headers = {"Authorization": f"Bearer {secret}", **kwargs.pop("headers", {})}
    return client.request(method, url, headers=headers, follow_redirects=False, **kwargs)


def unit_with_worker(web: Web, division: str, **data: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A unit registered by the administrator in ``division`` and one worker of it (at work
    since 2025-07-01 unless ``data`` says otherwise): the unit's row and the worker's."""
    admin = web.api_login(*DEMO["admin"])
    uscc = unique_uscc("12")
    r = admin.api(
        "POST",
        "/api/supervision/units",
        json={"uscc": uscc, "name": "体检测试医院", "kind": "general_hospital", "division_code": division},
    )
    assert r.status_code == 201, r.text
    unit = {"id": int(r.json()["id"]), "uscc": uscc, "division_code": division}
    return unit, worker(admin, unit["id"], **data)


def result(unit: dict[str, Any], person: dict[str, Any], **data: Any) -> dict[str, Any]:
    return {
        "unit_uscc": unit["uscc"],
        "name": person["name"],
        "id_number": person["id_number"],
        "kind": "pre_job",
        "examined_on": "2025-06-20",
        "fit": True,
        "conclusion": "可以从事放射工作",
        "report_no": "TJ-2025-0001",
        **data,
    }
