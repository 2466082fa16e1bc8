"""Helpers of the training web tests (source 002): profiles, plans, sessions made through the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from radrules_webshell.core import clock
from web_helpers import DEMO, User, Web, new_institution, unique_id_number

TODAY = clock.today()
SPECIALTIES = ["职业性放射性疾病", "物理因素所致职业病", "职业性化学中毒"]


def profile(name: str = "张医生", **overrides: Any) -> dict[str, Any]:
    """A complete profile of an examining physician (every field §3.5 requires)."""
    data: dict[str, Any] = {
        "basic": {
            "id_number": unique_id_number(),
            "name": name,
            "mobile": "13800138001",
            "address": "南京市玄武区示范路1号",
        },
        "resume": {
            "education": "本科",
            "title": "主治医师",
            "title_level": "intermediate",
            "post": "放射科",
            "years_in_field": 5,
        },
        "qualification": {
            "attributes": ["examining_physician"],
            "physician_certificate_no": "110320100000001",
            "physician_certificate_issued_on": "2015-07-01",
            "physician_qualification_category": "临床",
            "practice_category": "医学影像和放射治疗专业",
            "main_practice_site": "南京示范人民医院",
        },
        "recipient": {"name": name, "phone": "13800138001", "address": "南京市玄武区示范路1号"},
    }
    for key, value in overrides.items():
        section, _, field = key.partition("__")
        data[section][field] = value
    return data


def unit_user(web: Web) -> tuple[User, dict[str, str], int]:
    """A fresh unit (an approved institution) logged in through the API."""
    data, institution_id = new_institution(web)
    return web.api_login(data["login"], data["password"]), data, institution_id


def cdc(web: Web) -> User:
    return web.api_login(*DEMO["reviewer"])


def add_person(user: User, **overrides: Any) -> tuple[int, dict[str, Any]]:
    body = profile(**overrides)
    response = user.api("POST", "/api/training/people/", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"]), body


def plan_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "plan_type": "职业病诊断医师",
        "name": "2026年职业病诊断医师培训班",
        "target": "职业病诊断医师",
        "content": "职业性放射性疾病诊断",
        "other_matters": "自备照片",
        "deadline": (TODAY + timedelta(days=10)).isoformat(),
        "age_limit": 60,
        "min_title_level": "intermediate",
        "specialties": SPECIALTIES,
    }
    body.update(overrides)
    return body


def published_plan(web: Web, **overrides: Any) -> int:
    reviewer = cdc(web)
    created = reviewer.api("POST", "/api/cdc/training/plans/", json=plan_body(**overrides))
    assert created.status_code == 201, created.text
    plan_id = int(created.json()["id"])
    published = reviewer.api("POST", f"/api/cdc/training/plans/{plan_id}/publish")
    assert published.status_code == 200, published.text
    return plan_id


def fill_and_submit(user: User, reg_id: int, specialties: list[str] | None = None) -> None:
    body = {
        "needs_credit_certificate": False,
        "training_kind": "initial",
        "accommodation": "none",
        "specialties": specialties or SPECIALTIES[:1],
    }
    assert user.api("PUT", f"/api/training/registrations/{reg_id}", json=body).status_code == 200
    sent = user.api("POST", f"/api/training/registrations/{reg_id}/submit")
    assert sent.status_code == 200, sent.text


def session_body(number: int = 1, capacity: int = 50, **overrides: Any) -> dict[str, Any]:
    start = TODAY + timedelta(days=20 + 10 * number)
    body: dict[str, Any] = {
        "number": number,
        "capacity": capacity,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=2)).isoformat(),
        "selection_deadline": (start - timedelta(days=1)).isoformat(),
        "place": "南京市示范培训中心",
        "training_kind": "initial",
        "specialties": [{"specialty": s, "limit": None} for s in SPECIALTIES],
    }
    body.update(overrides)
    return body


def open_session(web: Web, plan_id: int, **overrides: Any) -> int:
    reviewer = cdc(web)
    created = reviewer.api(
        "POST", f"/api/cdc/training/plans/{plan_id}/sessions", json=session_body(**overrides)
    )
    assert created.status_code == 201, created.text
    session_id = int(created.json()["id"])
    assert reviewer.api("POST", f"/api/cdc/training/sessions/{session_id}/open").status_code == 200
    return session_id


def approved(web: Web, user: User, plan_id: int, person_id: int) -> int:
    """``person_id`` registered, sent and approved for the plan; the registration's id."""
    [reg_id] = user.api(
        "POST", f"/api/training/plans/{plan_id}/registrations", json={"person_ids": [person_id]}
    ).json()["ids"]
    fill_and_submit(user, reg_id)
    assert cdc(web).api("POST", f"/api/cdc/training/registrations/{reg_id}/approve").status_code == 200
    return int(reg_id)


def other_province_cdc(web: Web, division: str = "350000") -> User:
    """A provincial CDC account of another province (Fujian by default)."""
    from web_helpers import unique_login

    admin = web.api_login(*DEMO["admin"])
    login = unique_login("cdc")
    made = admin.api(
        "POST",
        "/api/admin/users",
        json={"role": "reviewer", "login": login, "password": "Fjcdc#2026qz", "division": division},
    )
    assert made.status_code == 201, made.text
    first = web.api_login(login, "Fjcdc#2026qz")
    first.api(
        "POST", "/api/me/password", json={"current_password": "Fjcdc#2026qz", "new_password": "Fjcdc#2027wm"}
    )
    return web.api_login(login, "Fjcdc#2027wm")


def training_records(web: Web, unit: User) -> dict[str, Any]:
    """Unit B's training records (person, file, registration, certificate in a Jiangsu plan)
    and a plan with a session published in another province (Fujian), for the isolation test."""
    from web_helpers import PDF

    person_id, _ = add_person(unit, name="乙员")
    upload = unit.api(
        "POST",
        f"/api/training/people/{person_id}/files",
        data={"field": "basic.id_card_copy"},
        files={"file": ("id.pdf", PDF, "application/pdf")},
    )
    assert upload.status_code == 201, upload.text
    plan_id = published_plan(web, name="隔离测试培训班")
    reg_id = approved(web, unit, plan_id, person_id)
    session_id = open_session(web, plan_id)
    placed = unit.api(
        "PUT",
        f"/api/training/selection/{plan_id}/sessions/{session_id}",
        json={"specialty": SPECIALTIES[0], "registration_ids": [reg_id]},
    )
    assert placed.status_code == 200, placed.text
    reviewer = cdc(web)
    id_number = unit.get(f"/api/training/people/{person_id}").json()["id_number_full"]
    scores = {"scores": [{"id_number": id_number, "specialty": SPECIALTIES[0], "score": 90, "passed": True}]}
    assert (
        reviewer.api("PUT", f"/api/cdc/training/sessions/{session_id}/scores/", json=scores).status_code
        == 200
    )
    assert reviewer.api("POST", f"/api/cdc/training/sessions/{session_id}/scores/publish").status_code == 200
    certificate = unit.get(f"/api/training/scores/{session_id}").json()["rows"][0]["certificate_id"]
    fujian = other_province_cdc(web)
    elsewhere = fujian.api(
        "POST",
        "/api/cdc/training/plans/",
        json=plan_body(name="福建的培训班", specialties=[], plan_type="技术人员技能培训"),
    )
    assert elsewhere.status_code == 201, elsewhere.text
    fj_plan = int(elsewhere.json()["id"])
    assert fujian.api("POST", f"/api/cdc/training/plans/{fj_plan}/publish").status_code == 200
    fj_session = fujian.api(
        "POST", f"/api/cdc/training/plans/{fj_plan}/sessions", json=session_body(specialties=[])
    )
    assert fj_session.status_code == 201, fj_session.text
    return {
        "training_person": person_id,
        "training_person_file": int(upload.json()["id"]),
        "training_registration": reg_id,
        "training_certificate": int(certificate),
        "training_plan": fj_plan,
        "training_session": int(fj_session.json()["id"]),
        "jiangsu_plan": plan_id,
        "jiangsu_session": session_id,
    }
