"""The CDC arranges classes (期次, source 002 §5.4; issue 13): create, change, delete, and open
selection — the units with approved people are told (§5.1 “需要等待疾控老师群里通知选班”).

The session rule of the province checks each session with the plan it belongs to and the
places already taken (``JS.training.session.fields``, ``.seats-taken``). Once people are
placed, the dates and the specialties they were placed for stay as they were (the
placements were checked against them); 分班人数, 限制人数, place and deadline may change.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.sessions.seats import seat_counts
from radrules_webshell.training.sessions.tables import TrainingSelection, TrainingSession
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared import notices
from radrules_webshell.training.shared.findings import refuse_on_errors
from radrules_webshell.training.shared.scope import cdc_plan, cdc_plans, cdc_prefix, lock_rows

from radrules import PlanStatus, RegistrationStatus, Session, TrainingCounts, TrainingFiling, check_training


async def cdc_session(user: Principal, session_id: int, *, lock: bool = False) -> dict[str, Any]:
    """A session of a plan of the CDC's province, else 404."""
    plans = TrainingPlan.select(TrainingPlan.id).where(cdc_plans(cdc_prefix(user)))
    query = TrainingSession.select().where(
        (TrainingSession.id == session_id) & TrainingSession.plan.is_in(plans)
    )
    row = await (lock_rows(query) if lock else query).first()
    if row is None:
        raise NotFound("期次不存在或无权访问")
    return row


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: v for k, v in values.items() if k != "specialties"},
        "specialties": docs.session_specialties_json(values["specialties"]),
    }


async def _check(plan: dict[str, Any], row: dict[str, Any], *, counted: bool) -> None:
    session = docs.session_model(row)
    counts = await seat_counts([row["id"]]) if counted else {}
    filing = TrainingFiling(
        plan=docs.plan_model(plan), sessions=(session,), counts=TrainingCounts(seats=tuple(counts.values()))
    )
    refuse_on_errors(check_training(filing, as_of=clock.today()), "sessions[0]", "期次未保存")


async def create(user: Principal, plan_id: int, values: dict[str, Any]) -> int:
    async with atomic():
        plan = await cdc_plan(user, plan_id, lock=True)
        if plan["status"] == PlanStatus.draft.value:
            raise Conflict("培训计划尚未发布，不能分期排班")
        row = {**_columns(values), "key": f"{plan_id}|{values['number']}", "plan": plan_id}
        await _check(plan, {**row, "id": 0, "selection_opens_on": None}, counted=False)
        if await TrainingSession.exists().where(TrainingSession.key == row["key"]):
            raise Conflict(
                f"第{values['number']}期已存在", errors={"number": f"第{values['number']}期已存在"}
            )
        inserted = await TrainingSession.insert(TrainingSession(**row)).returning(TrainingSession.id)
        session_id = int(inserted[0]["id"])
        await audit.record(user, "training_session_create", "training_session", session_id, after=row)
    return session_id


async def update(
    user: Principal, session_id: int, values: dict[str, Any], version: int | None = None
) -> None:
    async with atomic():
        row = await cdc_session(user, session_id, lock=True)
        if version is not None and version != row["version"]:
            raise Conflict("期次刚被修改过，请刷新页面后重试")
        plan = await cdc_plan(user, row["plan"])
        changed = {**_columns(values), "key": f"{row['plan']}|{values['number']}"}
        if changed["key"] != row["key"] and await TrainingSession.exists().where(
            TrainingSession.key == changed["key"]
        ):
            raise Conflict(
                f"第{values['number']}期已存在", errors={"number": f"第{values['number']}期已存在"}
            )
        counts = (await seat_counts([session_id]))[str(session_id)]
        if counts.persons:
            _keep_what_placements_need(docs.session_model(row), values, counts.by_specialty)
        await _check(plan, {**row, **changed}, counted=True)
        changed |= {"version": row["version"] + 1, "updated_at": datetime.now(UTC)}
        await TrainingSession.update(changed).where(TrainingSession.id == session_id)  # type: ignore[arg-type]
        await audit.record(
            user,
            "training_session_update",
            "training_session",
            session_id,
            before=_audited(row),
            after=changed,
        )


def _keep_what_placements_need(old: Session, values: dict[str, Any], placed: dict[str, int]) -> None:
    if (values["starts_on"], values["ends_on"]) != (old.starts_on, old.ends_on):
        raise Conflict("已有人员选班，不能修改培训日期", errors={"starts_on": "已有人员选班，不能修改"})
    kept = {s.specialty for s in values["specialties"]}
    dropped = [name for name, n in placed.items() if n and name not in kept]
    if dropped:
        raise Conflict(
            f"已有人员选择专业类别“{'、'.join(dropped)}”，不能删去",
            errors={"specialties": f"已有人员选择“{'、'.join(dropped)}”，不能删去"},
        )


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


async def delete(user: Principal, session_id: int) -> None:
    async with atomic():
        row = await cdc_session(user, session_id, lock=True)
        if await TrainingSelection.exists().where(TrainingSelection.session == session_id):
            raise Conflict("已有人员选择该期次，不能删除")
        await TrainingSession.delete().where(TrainingSession.id == session_id)
        await audit.record(
            user, "training_session_delete", "training_session", session_id, before=_audited(row)
        )


async def open_selection(user: Principal, session_id: int) -> None:
    """开放选班 today; every unit with an approved person for the plan is told."""
    async with atomic():
        row = await cdc_session(user, session_id, lock=True)
        if row["selection_opens_on"] is not None:
            raise Conflict(f"第{row['number']}期已于 {row['selection_opens_on']} 开放选班")
        plan = await cdc_plan(user, row["plan"])
        today = clock.today()
        await _check(plan, {**row, "selection_opens_on": today}, counted=False)
        changed = {
            "selection_opens_on": today,
            "version": row["version"] + 1,
            "updated_at": datetime.now(UTC),
        }
        await TrainingSession.update(changed).where(TrainingSession.id == session_id)  # type: ignore[arg-type]
        await audit.record(
            user,
            "training_session_open",
            "training_session",
            session_id,
            before={"selection_opens_on": None},
            after=changed,
        )
        units = await TrainingRegistration.select(TrainingRegistration.institution).where(
            (TrainingRegistration.plan == row["plan"])
            & (TrainingRegistration.status == RegistrationStatus.approved.value)
        )
        await notices.selection_opened(row, plan, (u["institution"] for u in units))
