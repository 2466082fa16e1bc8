"""Helpers of the training web tests (source 002): profiles, plans, sessions made through the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from web_helpers import DEMO, User, Web, new_institution, unique_id_number

TODAY = date.today()
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
