"""The unit's registration page of one plan (source 002 §4.4): the plan read-only, the list of
报名人员 with their red marks, one registration's 报名资料, and the picker of in-service staff.

The red marks (“年龄：当年龄超过限制时红色显示”, “职称级别：……若不符合红色显示”) are the
province's warnings — the library's age and title rules — placed on the column of the field
each finding names; the page only colours what the check said.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from radrules_webshell.core import clock
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.db.transaction import reads
from radrules_webshell.filings.reports.lists import contains
from radrules_webshell.training.people.tables import TrainingPerson
from radrules_webshell.training.plans.queries import plan_detail
from radrules_webshell.training.registrations.forms import CHOICES
from radrules_webshell.training.registrations.service import envelope, unit_registrations
from radrules_webshell.training.shared.documents import profile_model
from radrules_webshell.training.shared.findings import mine, views
from radrules_webshell.training.shared.scope import unit_plan, unit_row
from radrules_webshell.training.shared.web import vocabulary

from radrules import (
    EmploymentStatus,
    PersonAttribute,
    PersonProfile,
    Registration,
    RegistrationStatus,
    Severity,
    Sex,
    TitleLevel,
    check_training,
    registration_open,
    unit_plan_status,
    unstructure,
)

#: Where the library's age and title findings point (the columns they colour red).
AGE_FIELD = "person.basic.birth_date"
TITLE_FIELD = "person.resume.title_level"


def _sex(profile: PersonProfile) -> str:
    return profile.basic.sex.label if profile.basic.sex else ""


def person_info(profile: PersonProfile, today: date) -> dict[str, Any]:
    """人员信息 of the 报名资料 (read-only here: “需要修改请到资质申报菜单中修改”)."""
    q = profile.qualification
    return {
        "name": profile.basic.name,
        "sex": _sex(profile),
        "id_number": profile.id_number,
        "age": profile.age_on(today),
        "title": profile.resume.title or "",
        "title_level": profile.resume.title_level.label if profile.resume.title_level else "",
        "attributes": [a.label for a in q.attributes],
        "qc_lead": PersonAttribute.qc_lead in q.attributes,
        "technical_lead": PersonAttribute.technical_lead in q.attributes,
        "qualification_types": [p.category for p in profile.professional_qualifications],
        "employment": profile.employment.label,
    }


def registration_view(
    row: dict[str, Any], reg: Registration, findings: list[dict[str, Any]], today: date
) -> dict[str, Any]:
    fields = {f["field"] for f in findings if f["severity"] == Severity.warning.value}
    return {
        "id": row["id"],
        "version": row["version"],
        **person_info(reg.person, today),
        "id_number": mask_id_number(reg.id_number),
        "status": reg.status.value,
        "status_label": reg.status.label,
        "return_reason": reg.return_reason,
        "submitted_on": reg.submitted_on,
        "training_kind": reg.training_kind.value if reg.training_kind else None,
        "training_kind_label": reg.training_kind.label if reg.training_kind else "",
        "accommodation": reg.accommodation.value if reg.accommodation else None,
        "needs_credit_certificate": reg.needs_credit_certificate,
        "specialties": list(reg.specialties),
        "recipient": unstructure(reg.recipient) if reg.recipient else {},
        "age_red": AGE_FIELD in fields,
        "title_red": TITLE_FIELD in fields,
        "findings": findings,
        "editable": reg.status in (RegistrationStatus.not_registered, RegistrationStatus.returned),
        "cancellable": reg.status is RegistrationStatus.registered,
        "removable": reg.status in (RegistrationStatus.not_registered, RegistrationStatus.returned),
    }


@reads
async def plan_page(institution_id: int, plan_id: int) -> dict[str, Any]:
    """Everything the page and ``GET /api/training/plans/{id}`` show."""
    plan = await unit_plan(institution_id, plan_id)
    today = clock.today()
    rows = await unit_registrations(institution_id, plan_id)
    filing = await envelope(institution_id, plan, rows)
    result = check_training(filing, as_of=today) if filing.registrations else None
    by_id = {r["id"]: r for r in rows}
    registrations = []
    for i, reg in enumerate(filing.registrations):
        prefix = f"registrations[{i}]"
        found = views(mine(result.findings, prefix), prefix) if result else []
        registrations.append(registration_view(by_id[int(reg.registration_id or 0)], reg, found, today))
    model = filing.plan
    assert model is not None
    vocab = vocabulary(plan["division_code"])
    status = unit_plan_status(filing.registrations)
    return {
        "plan": plan_detail(plan),
        "open": registration_open(model, today),
        "unit_status": status.value,
        "unit_status_label": status.label,
        "has_specialties": vocab.has_specialties(plan["plan_type"]),
        "registrations": registrations,
        "choices": CHOICES,
        "required": vocab.registration_required,
    }


@reads
async def candidates(institution_id: int, plan_id: int, name: str | None = None) -> list[dict[str, Any]]:
    """添加资质人员 (§4.4 3.1): the unit's in-service staff not yet on the plan's list."""
    await unit_plan(institution_id, plan_id)
    await unit_row(institution_id)
    taken = {r["id_number"] for r in await unit_registrations(institution_id, plan_id)}
    where: Any = (TrainingPerson.institution == institution_id) & (
        TrainingPerson.employment == EmploymentStatus.in_service.value
    )
    if name:
        where &= contains(TrainingPerson.name, name)
    rows = (
        await TrainingPerson.select(
            TrainingPerson.id,
            TrainingPerson.name,
            TrainingPerson.id_number,
            TrainingPerson.sex,
            TrainingPerson.title,
            TrainingPerson.title_level,
            TrainingPerson.document,
        )
        .where(where)
        .order_by(TrainingPerson.id)
        .limit(2000)
    )
    today = clock.today()
    out = []
    for r in rows:
        if r["id_number"] in taken:
            continue
        age = profile_model(r["document"]).age_on(today)
        out.append(
            {
                "id": r["id"],
                "name": r["name"],
                "sex": Sex(r["sex"]).label if r["sex"] else "",
                "age": age,
                "title": r["title"] or "",
                "title_level": TitleLevel(r["title_level"]).label if r["title_level"] else "",
            }
        )
    return out
