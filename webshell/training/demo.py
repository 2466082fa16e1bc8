"""Demo data of the training module (source 002), seeded with the rest of the demo so that
``radrules serve`` shows it at once: two complete profiles on the demo institution's staff
(jsinst), and a published plan of the provincial CDC (jscdc) — 职业病诊断医师 with three
specialties, its attachment, the deadline a month away — with two classes arranged, the
first open for selection.

Everything goes through the same models and rules as a user's input: the profiles and the
plan are checked by the province's rules, so the demo can never show data they refuse.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
from radrules_webshell.training.people.service import columns, key_of, with_defaults
from radrules_webshell.training.people.tables import TrainingPerson
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.sessions.tables import TrainingSession
from radrules_webshell.training.shared import documents as docs

from radrules import (
    PersonProfile,
    SessionSpecialty,
    TrainingFiling,
    TrainingUnit,
    check_training,
    structure,
)

SPECIALTIES = ("职业性放射性疾病", "物理因素所致职业病", "职业性化学中毒")


def _profile(name: str, id_number: str, *, title: str, level: str, mobile: str) -> PersonProfile:
    return with_defaults(
        structure(
            {
                "basic": {
                    "id_number": id_number,
                    "name": name,
                    "mobile": mobile,
                    "address": "南京市玄武区示范路1号",
                },
                "resume": {
                    "education": "本科",
                    "title": title,
                    "title_level": level,
                    "post": "放射卫生检测",
                    "years_in_field": 8,
                },
                "qualification": {
                    "attributes": ["examining_physician", "technical_lead"],
                    "physician_certificate_no": "110320100000123",
                    "physician_certificate_issued_on": "2014-09-01",
                    "physician_qualification_category": "临床",
                    "practice_category": "医学影像和放射治疗专业",
                    "main_practice_site": "江苏示范放射卫生技术服务有限公司",
                },
                "recipient": {
                    "name": name,
                    "phone": mobile,
                    "postcode": "210018",
                    "address": "南京市玄武区示范路1号",
                },
            },
            PersonProfile,
        )
    )


async def seed_training(
    *,
    institution_id: int,
    uscc: str,
    authority_id: int,
    people: list[tuple[str, str]],
    attachment: int | None,
    today: date,
) -> int:
    """The demo's training records (inside the demo's transaction); the plan's id."""
    unit = TrainingUnit(name="江苏示范放射卫生技术服务有限公司", uscc=uscc, division_code="320102")
    profiles = [
        _profile(name, number, title="主治医师", level="intermediate", mobile=f"1390517{1240 + i:04d}")
        for i, (name, number) in enumerate(people)
    ]
    profiles = [attrs.evolve(p, unit_uscc=uscc) for p in profiles]
    plan_row: dict[str, Any] = {
        "plan_type": "职业病诊断医师",
        "name": f"{today.year}年江苏省职业病诊断医师培训班（演示）",
        "target": "职业病诊断医师、拟申请职业病诊断资格的医师",
        "content": "职业病诊断标准与诊断程序；职业性放射性疾病、物理因素所致职业病、职业性化学中毒的诊断",
        "other_matters": "请携带身份证原件；培训结束后考核，合格者颁发培训合格证书。",
        "deadline": today + timedelta(days=30),
        "age_limit": 60,
        "min_title_level": "intermediate",
        "specialties": docs.dumps(list(SPECIALTIES)),
        "division_code": "320000",
        "status": "published",
        "published_on": today,
        "attachment": attachment,
    }
    start = today + timedelta(days=45)
    sessions: list[dict[str, Any]] = [
        {
            "number": n,
            "capacity": 50,
            "starts_on": start + timedelta(days=14 * (n - 1)),
            "ends_on": start + timedelta(days=14 * (n - 1) + 2),
            "selection_deadline": start + timedelta(days=14 * (n - 1) - 3),
            "selection_opens_on": today if n == 1 else None,
            "place": "南京市示范培训中心",
            "training_kind": "initial",
            "specialties": [
                SessionSpecialty(specialty=s, limit=20 if s == SPECIALTIES[2] else None) for s in SPECIALTIES
            ],
        }
        for n in (1, 2)
    ]
    plan_model = docs.plan_model({**plan_row, "id": 0, "registration_limit": None})
    session_models = [
        docs.session_model({**s, "id": i, "specialties": docs.session_specialties_json(s["specialties"])})
        for i, s in enumerate(sessions)
    ]
    result = check_training(
        TrainingFiling(plan=plan_model, unit=unit, profiles=tuple(profiles), sessions=tuple(session_models)),
        as_of=today,
    )
    if result.errors:  # the demo is data a user could have typed: the rules must accept it
        raise RuntimeError(
            "演示培训数据不符合规则：" + "；".join(f"{f.path} {f.message}" for f in result.errors)
        )
    for p in profiles:
        await TrainingPerson.insert(
            TrainingPerson(institution=institution_id, key=key_of(institution_id, p.id_number), **columns(p))
        )
    inserted = await TrainingPlan.insert(TrainingPlan(**plan_row, authority=authority_id)).returning(
        TrainingPlan.id
    )
    plan_id = int(inserted[0]["id"])
    for s in sessions:
        await TrainingSession.insert(
            TrainingSession(
                plan=plan_id,
                key=f"{plan_id}|{s['number']}",
                **{**s, "specialties": docs.session_specialties_json(s["specialties"])},
            )
        )
    return plan_id
