"""集体报名 (source 002 §4.4): the unit adds in-service staff to a plan, fills in each
registration, and sends it (报名), takes it back before review (取消报名) or deletes it.

Each step is :mod:`radrules.training.workflow`'s: storage builds the envelope — the plan,
the unit, the unit's registrations for the plan (each with its profile: the live one until
sent, then the copy sent), and the number of other units' standing registrations — and
writes what the library returns. 报名 locks the plan's row first (PostgreSQL; SQLite's
write transactions run one at a time), so a plan's registration limit holds however many
units send at once. Every write is audited with the library's audit record.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.training.people.service import profiles_of
from radrules_webshell.training.people.tables import TrainingPerson
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.registrations.forms import default_recipient
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.findings import Refused, field_errors, views
from radrules_webshell.training.shared.scope import lock_rows, unit_plan, unit_row

from radrules import (
    EDITABLE_REGISTRATIONS,
    EmploymentStatus,
    PersonProfile,
    Registration,
    RegistrationAudit,
    RegistrationRefused,
    RegistrationStatus,
    TrainingCounts,
    TrainingFiling,
    cancel_registration,
    registration_open,
    remove_registration,
    submit_registration,
    unstructure,
)

STANDING = (RegistrationStatus.registered.value, RegistrationStatus.approved.value)
#: The most people one 添加 may add (a unit keeps at most 2,000 profiles).
MAX_ADD = 500


def key_of(plan_id: int, id_number: str) -> str:
    return f"{plan_id}|{id_number.strip().upper()}"


async def reg_row(institution_id: int, registration_id: int, *, lock: bool = False) -> dict[str, Any]:
    query = TrainingRegistration.select().where(
        (TrainingRegistration.id == registration_id) & (TrainingRegistration.institution == institution_id)
    )
    row = await (lock_rows(query) if lock else query).first()
    if row is None:
        raise NotFound("报名不存在或无权访问")
    return row


async def unit_registrations(institution_id: int, plan_id: int) -> list[dict[str, Any]]:
    return list(
        await TrainingRegistration.select()
        .where((TrainingRegistration.plan == plan_id) & (TrainingRegistration.institution == institution_id))
        .order_by(TrainingRegistration.id)
    )


def _uses_copy(row: dict[str, Any]) -> bool:
    """A registration sent and not given back carries the copy it was sent with."""
    return bool(row["person_document"]) and row["status"] not in _EDITABLE


async def person_models(rows: list[dict[str, Any]]) -> dict[int, PersonProfile]:
    """Per registration, the profile it carries: the copy sent, else the unit's live profile."""
    live_ids = [r["person"] for r in rows if r["person"] and not _uses_copy(r)]
    people = list(await TrainingPerson.select().where(TrainingPerson.id.is_in(live_ids))) if live_ids else []
    live = await profiles_of(people)
    out: dict[int, PersonProfile] = {}
    for r in rows:
        if not _uses_copy(r) and r["person"] in live:
            out[r["id"]] = live[r["person"]]
        elif r["person_document"]:
            out[r["id"]] = docs.profile_model(r["person_document"])
    return out


_EDITABLE = {s.value for s in EDITABLE_REGISTRATIONS}


async def envelope(
    institution_id: int, plan: dict[str, Any], rows: list[dict[str, Any]], *, counted: bool = True
) -> TrainingFiling:
    """The plan with the unit's registrations, as the library checks them (list order = ``rows``)."""
    unit = await unit_row(institution_id)
    persons = await person_models(rows)
    registrations = tuple(
        docs.registration_model(r, persons[r["id"]], unit["uscc"]) for r in rows if r["id"] in persons
    )
    others = 0
    if counted:
        others = await TrainingRegistration.count().where(
            (TrainingRegistration.plan == plan["id"])
            & (TrainingRegistration.institution != institution_id)
            & TrainingRegistration.status.is_in(list(STANDING))
        )
    return TrainingFiling(
        plan=docs.plan_model(plan),
        unit=docs.unit_model(unit),
        registrations=registrations,
        counts=TrainingCounts(registrations=others),
    )


async def add(user: Principal, institution_id: int, plan_id: int, person_ids: list[int]) -> list[int]:
    """添加 (§4.4 3.1): the unit's in-service staff into the plan's list as 未报名; people
    already on it are left as they are. The new registrations' ids."""
    if not person_ids:
        raise Invalid("请选择要报名的人员", errors={"person_ids": "请至少选择一人"})
    if len(person_ids) > MAX_ADD:
        raise Invalid(f"一次最多添加{MAX_ADD}人", errors={"person_ids": f"一次最多添加{MAX_ADD}人"})
    plan = await unit_plan(institution_id, plan_id)
    if not registration_open(docs.plan_model(plan), clock.today()):
        raise Conflict(f"报名已截止（报名截止日期 {plan['deadline']}），不能再添加报名人员")
    people = await TrainingPerson.select().where(
        TrainingPerson.id.is_in(person_ids) & (TrainingPerson.institution == institution_id)
    )
    found = {p["id"]: p for p in people}
    missing = [i for i in person_ids if i not in found]
    if missing:
        raise NotFound("人员不存在或无权访问")
    departed = [p["name"] for p in people if p["employment"] != EmploymentStatus.in_service.value]
    if departed:
        raise Invalid(
            f"只能为在职人员报名：{'、'.join(departed)}为离职", errors={"person_ids": "只能选择在职人员"}
        )
    profiles = await profiles_of(list(people))
    created: list[int] = []
    async with atomic():
        taken = {
            r["key"]
            for r in await TrainingRegistration.select(TrainingRegistration.key).where(
                TrainingRegistration.plan == plan_id
            )
        }
        for person_id in dict.fromkeys(person_ids):
            person = found[person_id]
            key = key_of(plan_id, person["id_number"])
            if key in taken:
                continue
            taken.add(key)
            recipient = default_recipient(profiles[person_id])
            inserted = await TrainingRegistration.insert(
                TrainingRegistration(
                    plan=plan_id,
                    institution=institution_id,
                    person=person_id,
                    key=key,
                    id_number=person["id_number"],
                    name=person["name"],
                    recipient=docs.dumps(unstructure(recipient)),
                )
            ).returning(TrainingRegistration.id)
            created.append(int(inserted[0]["id"]))
        await audit.record(
            user, "training_registration_add", "training_plan", plan_id, after={"registrations": created}
        )
    return created


async def save_info(
    user: Principal,
    institution_id: int,
    registration_id: int,
    values: dict[str, Any],
    version: int | None = None,
) -> None:
    """报名信息 and 收件人信息 of a registration not yet sent, or returned (to correct it)."""
    async with atomic():
        row = await reg_row(institution_id, registration_id, lock=True)
        _require_version(row, version)
        if row["status"] not in _EDITABLE:
            status = RegistrationStatus(row["status"]).label
            raise Conflict(
                f"报名状态为“{status}”，不能修改"
                + ("；如需修改请先取消报名" if row["status"] == RegistrationStatus.registered.value else "")
            )
        changed: dict[str, Any] = {
            k: values[k]
            for k in ("needs_credit_certificate", "training_kind", "accommodation")
            if k in values
        }
        if "specialties" in values:
            changed["specialties"] = docs.dumps(values["specialties"])
        if "recipient" in values:
            changed["recipient"] = docs.dumps(values["recipient"]) if values["recipient"] else None
        changed |= {"version": row["version"] + 1, "updated_at": datetime.now(UTC)}
        await TrainingRegistration.update(changed).where(TrainingRegistration.id == registration_id)  # type: ignore[arg-type]
        await audit.record(
            user,
            "training_registration_save",
            "training_registration",
            registration_id,
            before=audited(row),
            after=changed,
        )


def _require_version(row: dict[str, Any], version: int | None) -> None:
    if version is not None and version != row["version"]:
        raise Conflict("报名信息刚被修改过，请刷新页面后重试")


def audited(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: row[k]
        for k in ("id", "status", "specialties", "training_kind", "accommodation", "recipient", "version")
    }


def audit_record(a: RegistrationAudit) -> dict[str, Any]:
    return {
        "action": a.action.value,
        "actor": a.actor,
        "at": a.at.isoformat(),
        "from_status": a.from_status.value,
        "to_status": a.to_status.value if a.to_status else None,
        "reason": a.reason,
    }


def refused(exc: RegistrationRefused, index: int | None) -> Refused | Conflict:
    """The library's refusal: with findings (422), each beside its field (paths within the
    registration); without (the registration's state does not allow the step), 409."""
    message = f"不能{exc.action.label}：{exc.message}"
    if not exc.findings:
        return Conflict(message)
    prefix = f"registrations[{index}]" if index is not None else ""
    found = views(exc.findings, prefix)
    return Refused(message, errors=field_errors(found), findings=found)


async def submit(user: Principal, institution_id: int, registration_id: int) -> list[dict[str, Any]]:
    """报名: send the registration for review; the warnings the rules returned (red marks)."""
    row = await reg_row(institution_id, registration_id)
    at = clock.now()
    async with atomic():
        plan_query = TrainingPlan.select().where(TrainingPlan.id == row["plan"])
        plan = await lock_rows(plan_query).first()  # the plan's limit: one 报名 at a time
        row = await reg_row(institution_id, registration_id, lock=True)
        rows = await unit_registrations(institution_id, row["plan"])
        filing = await envelope(institution_id, plan, rows)
        index = next(
            (i for i, r in enumerate(filing.registrations) if r.registration_id == str(registration_id)), None
        )
        if index is None:
            raise Conflict("该报名人员已不在本单位人员信息中，请删除后重新添加")
        try:
            step = submit_registration(filing, index, actor=user.login, at=at)
        except RegistrationRefused as exc:
            raise refused(exc, index) from None
        new = step.registration
        assert new is not None
        changed = {
            "status": new.status.value,
            "submitted_on": new.submitted_on,
            "return_reason": None,
            "person_document": docs.dumps(unstructure(new.person)),
            "version": row["version"] + 1,
            "updated_at": datetime.now(UTC),
        }
        await TrainingRegistration.update(changed).where(TrainingRegistration.id == registration_id)  # type: ignore[arg-type]
        await audit.record(
            user,
            "training_registration_submit",
            "training_registration",
            registration_id,
            before=audited(row),
            after=audit_record(step.audit),
        )
    prefix = f"registrations[{index}]"
    warnings = [f for f in (step.check.warnings if step.check else ()) if f.path.startswith(prefix)]
    return views(warnings, prefix)


async def cancel(user: Principal, institution_id: int, registration_id: int) -> None:
    """取消报名: before the CDC reviews it (§7 问题五 1, 问题十二 1)."""
    async with atomic():
        row = await reg_row(institution_id, registration_id, lock=True)
        reg = state_model(row)
        try:
            step = cancel_registration(reg, actor=user.login, at=clock.now())
        except RegistrationRefused as exc:
            raise refused(exc, None) from None
        changed = {
            "status": RegistrationStatus.not_registered.value,
            "submitted_on": None,
            "version": row["version"] + 1,
            "updated_at": datetime.now(UTC),
        }
        await TrainingRegistration.update(changed).where(TrainingRegistration.id == registration_id)  # type: ignore[arg-type]
        await audit.record(
            user,
            "training_registration_cancel",
            "training_registration",
            registration_id,
            before=audited(row),
            after=audit_record(step.audit),
        )


async def remove(user: Principal, institution_id: int, registration_id: int) -> None:
    """删除: only 未报名 and 已退回 (§4.4 3.2)."""
    async with atomic():
        row = await reg_row(institution_id, registration_id, lock=True)
        try:
            step = remove_registration(state_model(row), actor=user.login, at=clock.now())
        except RegistrationRefused as exc:
            raise refused(exc, None) from None
        await TrainingRegistration.delete().where(TrainingRegistration.id == registration_id)
        await audit.record(
            user,
            "training_registration_delete",
            "training_registration",
            registration_id,
            before=audited(row),
            after=audit_record(step.audit),
        )


def state_model(row: dict[str, Any]) -> Registration:
    """The registration for a step or a list that reads its state and the person's name,
    sex, age and title (cancel, delete, review, class selection), not the whole profile."""
    person = docs.brief_profile(row["person_document"], row["id_number"], row["name"])
    return docs.registration_model(row, person, "")
