"""Helpers for the supervision tests: the three levels of Yibin (city 511500, counties 翠屏
511502 and 南溪 511503) created through the supervision API, and units with a register."""

from __future__ import annotations

from typing import Any

from web_helpers import DEMO, User, Web, unique_id_number, unique_login, unique_uscc

PASSWORD = "Start#2026sv"
READY = "Ready#2026sv"


def ready(web: Web, login: str) -> User:
    """Log in with the first password, change it, and return the API session."""
    first = web.api_login(login, PASSWORD)
    r = first.api("POST", "/api/me/password", json={"current_password": PASSWORD, "new_password": READY})
    assert r.status_code == 204, r.text
    return web.api_login(login, READY)


def account(web: Web, creator: User, **data: Any) -> tuple[str, User]:
    login = unique_login("sv")
    r = creator.api("POST", "/api/supervision/accounts", json={"login": login, "password": PASSWORD, **data})
    assert r.status_code == 201, r.text
    return login, ready(web, login)


def levels(web: Web) -> dict[str, Any]:
    """The system administrator grants the city's; the city its counties'."""
    admin = web.api_login(*DEMO["admin"])
    _, city = account(web, admin, role="regulator", division="511500", level="city", name="宜宾市管理员")
    _, cuiping = account(web, city, role="regulator", division="511502", level="county", name="翠屏区管理员")
    _, nanxi = account(web, city, role="regulator", division="511503", level="county", name="南溪区管理员")
    return {"admin": admin, "city": city, "cuiping": cuiping, "nanxi": nanxi}


def unit(web: Web, county: User, division: str, name: str = "测试医院") -> tuple[int, User]:
    """A hospital registered by ``county`` and its unit administrator."""
    r = county.api(
        "POST",
        "/api/supervision/units",
        json={"uscc": unique_uscc("12"), "name": name, "kind": "general_hospital", "division_code": division},
    )
    assert r.status_code == 201, r.text
    client_id = int(r.json()["id"])
    _, user = account(web, county, role="client", client_id=client_id, level="unit")
    return client_id, user


def worker(user: User, client_id: int, **data: Any) -> dict[str, Any]:
    body = {"name": "李明", "id_number": unique_id_number(), "started_on": "2025-07-01", **data}
    r = user.api("POST", f"/api/supervision/units/{client_id}/workers", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def record(user: User, client_id: int, worker_id: int, what: str, /, **data: Any) -> dict[str, Any]:
    r = user.api("POST", f"/api/supervision/units/{client_id}/workers/{worker_id}/records/{what}", json=data)
    assert r.status_code == 201, r.text
    return dict(r.json())


def b_supervision(web: Web, client_id: int, worker_id: int, worker_data: dict[str, str]) -> dict[str, Any]:
    """The isolation test's client B (320106) with one record of every supervision kind: a
    licence, an archive record, an attachment and a transfer to a second unit of Nanjing."""
    from web_helpers import PDF

    admin = web.api_login(*DEMO["admin"])
    base = f"/api/supervision/units/{client_id}"
    licence = admin.api(
        "POST",
        f"{base}/licences",
        json={
            "number": "B-证",
            "issued_on": "2024-01-01",
            "verification_years": "1",
            "projects": ["x_ray_imaging"],
        },
    )
    training = admin.api(
        "POST",
        f"{base}/workers/{worker_id}/records/trainings",
        json={"kind": "pre_job", "ended_on": "2024-01-01", "days": "4", "passed": True},
    )
    attachment = admin.api(
        "POST",
        f"{base}/attachments",
        data={"subject": "unit", "category": "other", "title": "乙附件"},
        files={"file": ("b.pdf", PDF, "application/pdf")},
    )
    second = admin.api(
        "POST",
        "/api/supervision/units",
        json={
            "uscc": unique_uscc("12"),
            "name": "乙二医院",
            "kind": "general_hospital",
            "division_code": "320106",
        },
    )
    assert (
        licence.status_code == training.status_code == attachment.status_code == second.status_code == 201
    ), (
        licence.text,
        training.text,
        attachment.text,
        second.text,
    )
    transfer = admin.api(
        "POST",
        f"/api/supervision/units/{second.json()['id']}/transfers",
        json={"name": worker_data["name"], "id_number": worker_data["id_number"], "starts_on": "2026-01-01"},
    )
    assert transfer.status_code == 201, transfer.text
    return {
        "licence": licence.json()["id"],
        "register_item": training.json()["id"],
        "record_kind": "trainings",
        "register_attachment": attachment.json()["id"],
        "transfer": transfer.json()["id"],
    }
