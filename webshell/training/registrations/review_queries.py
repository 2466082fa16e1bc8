"""What the CDC reads when reviewing (source 002 §1.2 “省疾控审核报名人员时会查看到填写的个人信息”):
a plan's registrations by status and unit, and one person's whole profile as sent, with the
province's findings on it (the red marks among them) and the profile's uploaded copies."""

from __future__ import annotations

from typing import Any

from radrules_webshell.core import clock
from radrules_webshell.core.errors import NotFound
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import reads
from radrules_webshell.filings.reports.lists import contains
from radrules_webshell.training.people.forms import FILE_FIELDS
from radrules_webshell.training.people.service import file_rows
from radrules_webshell.training.plans.queries import plan_detail
from radrules_webshell.training.registrations.queries import person_info
from radrules_webshell.training.registrations.review import cdc_registration
from radrules_webshell.training.registrations.service import person_models
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.findings import mine, views
from radrules_webshell.training.shared.scope import cdc_plan

from radrules import RegistrationStatus, TrainingFiling, TrainingUnit, check_training, unstructure

PAGE = 5000


@reads
async def plan_registrations(
    user: Principal, plan_id: int, *, status: str | None = None, unit: str | None = None
) -> dict[str, Any]:
    """The plan and its registrations that were sent (未报名 ones are the unit's drafts)."""
    plan = await cdc_plan(user, plan_id)
    where: Any = (TrainingRegistration.plan == plan_id) & (
        TrainingRegistration.status != RegistrationStatus.not_registered.value
    )
    if status in {s.value for s in RegistrationStatus}:
        where &= TrainingRegistration.status == status
    if unit:
        where &= contains(TrainingRegistration.institution.name, unit)
    rows = await (
        TrainingRegistration.select(
            *TrainingRegistration.all_columns(),
            TrainingRegistration.institution.name.as_alias("unit_name"),
        )
        .where(where)
        .order_by(TrainingRegistration.institution, TrainingRegistration.id)
        .limit(PAGE)
    )
    return {
        "plan": plan_detail(plan),
        "rows": [
            {
                "id": r["id"],
                "unit_name": r["unit_name"],
                "name": r["name"],
                "id_number": mask_id_number(r["id_number"]),
                "status": r["status"],
                "status_label": RegistrationStatus(r["status"]).label,
                "specialties": docs.loads(r["specialties"], []),
                "training_kind": r["training_kind"],
                "submitted_on": r["submitted_on"],
                "return_reason": r["return_reason"],
            }
            for r in rows
        ],
    }


@reads
async def registration_detail(user: Principal, registration_id: int) -> dict[str, Any]:
    row = await cdc_registration(user, registration_id)
    plan = await cdc_plan(user, row["plan"])
    person = (await person_models([row])).get(row["id"])
    if person is None:
        raise NotFound("该报名缺少人员信息")
    from radrules_webshell.institutions.tables import Institution

    inst = await Institution.select().where(Institution.id == row["institution"]).first()
    assert inst is not None
    reg = docs.registration_model(row, person, inst["uscc"])
    day = row["submitted_on"] or clock.today()
    result = check_training(
        TrainingFiling(
            plan=docs.plan_model(plan),
            unit=TrainingUnit(name=inst["name"], uscc=inst["uscc"], division_code=inst["division_code"]),
            registrations=(reg,),
        ),
        as_of=day,
    )
    files = await file_rows([row["person"]]) if row["person"] else []
    return {
        "id": row["id"],
        "version": row["version"],
        "plan": plan_detail(plan),
        "unit_name": inst["name"],
        "unit_uscc": inst["uscc"],
        "status": row["status"],
        "status_label": RegistrationStatus(row["status"]).label,
        "return_reason": row["return_reason"],
        "submitted_on": row["submitted_on"],
        "reviewed_at": row["reviewed_at"],
        "info": person_info(person, day),
        "registration": {
            "needs_credit_certificate": reg.needs_credit_certificate,
            "training_kind": reg.training_kind.label if reg.training_kind else "",
            "accommodation": reg.accommodation.label if reg.accommodation else "",
            "specialties": list(reg.specialties),
            "recipient": unstructure(reg.recipient) if reg.recipient else {},
        },
        "profile": unstructure(person),
        "findings": views(mine(result.findings, "registrations[0]"), "registrations[0]"),
        "files": [
            {"id": f["id"], "label": FILE_FIELDS.get(f["field"], f["field"]), "filename": f["original_name"]}
            for f in files
        ],
        "person_id": row["person"],
    }


async def registration_file(user: Principal, registration_id: int, file_id: int) -> dict[str, Any]:
    row = await cdc_registration(user, registration_id)
    found = next(
        (f for f in await file_rows([row["person"]] if row["person"] else []) if f["id"] == file_id), None
    )
    if found is None:
        raise NotFound("附件不存在或无权访问")
    return found
