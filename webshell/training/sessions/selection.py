"""集体选班 (source 002 §5.4 1.3–1.4): the unit places approved people in a session, for one
specialty at a time (or for the session, in a plan without specialties), takes placements
back, and 提交 its selection for the plan.

**Capacity under concurrency.** Placing locks the unit's approved registrations for the
plan and then the session's row (PostgreSQL ``FOR UPDATE``, always in that order, so two
requests never wait on each other in a circle; SQLite's write transactions run one at a
time), counts the places other units hold in the plan's sessions, and asks the library:
the envelope holds the plan, its sessions, the unit's approved registrations and the
unit's placements — unchanged first, the changed ones last — and the counts. Only the
errors about the changed placements refuse the step (“第1期已满（分班人数50人，剩余0人）”),
so 200 units placing one person each in a class of 50 end with exactly 50 placed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.training.registrations.service import state_model
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.sessions.seats import seat_counts
from radrules_webshell.training.sessions.tables import (
    TrainingSelection,
    TrainingSelectionSubmission,
    TrainingSession,
)
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.findings import Refused, field_errors, views
from radrules_webshell.training.shared.scope import lock_rows, unit_plan, unit_row

from radrules import (
    ClassSelection,
    RegistrationStatus,
    Severity,
    TrainingCounts,
    TrainingFiling,
    check_training,
    selection_open,
)

#: The most people one 确定 may place.
MAX_PICK = 2000


def submission_key(plan_id: int, institution_id: int) -> str:
    return f"{plan_id}|{institution_id}"


async def submitted(plan_id: int, institution_id: int) -> bool:
    return bool(
        await TrainingSelectionSubmission.exists().where(
            TrainingSelectionSubmission.key == submission_key(plan_id, institution_id)
        )
    )


async def approved_rows(institution_id: int, plan_id: int, *, lock: bool = False) -> list[dict[str, Any]]:
    query = (
        TrainingRegistration.select()
        .where(
            (TrainingRegistration.plan == plan_id)
            & (TrainingRegistration.institution == institution_id)
            & (TrainingRegistration.status == RegistrationStatus.approved.value)
        )
        .order_by(TrainingRegistration.id)
    )
    return list(await (lock_rows(query) if lock else query))


async def unit_selections(institution_id: int, session_ids: list[int]) -> list[dict[str, Any]]:
    if not session_ids:
        return []
    return list(
        await TrainingSelection.select()
        .where(
            TrainingSelection.session.is_in(session_ids) & (TrainingSelection.institution == institution_id)
        )
        .order_by(TrainingSelection.id)
    )


async def plan_sessions(plan_id: int) -> list[dict[str, Any]]:
    return list(
        await TrainingSession.select().where(TrainingSession.plan == plan_id).order_by(TrainingSession.number)
    )


async def place(
    user: Principal,
    institution_id: int,
    plan_id: int,
    session_id: int,
    specialty: str | None,
    registration_ids: list[int],
) -> dict[str, int]:
    """确定 in the picker: exactly ``registration_ids`` are placed in ``session_id`` for
    ``specialty`` (None: the session, for a plan without specialties) — those newly
    checked are added, those unchecked taken back. The numbers added and removed."""
    if len(registration_ids) > MAX_PICK:
        raise Invalid(f"一次最多选择{MAX_PICK}人")
    plan = await unit_plan(institution_id, plan_id)
    unit = await unit_row(institution_id)
    today = clock.today()
    async with atomic():
        regs = await approved_rows(institution_id, plan_id, lock=True)
        session_query = TrainingSession.select().where(
            (TrainingSession.id == session_id) & (TrainingSession.plan == plan_id)
        )
        session_row = await lock_rows(session_query).first()
        if session_row is None:
            raise NotFound("期次不存在或无权访问")
        if await submitted(plan_id, institution_id):
            raise Conflict("本单位已提交该培训计划的集体选班，不能再修改")
        sessions = await plan_sessions(plan_id)
        session = docs.session_model(session_row)
        offered = session.specialty_names()
        if offered and specialty not in offered:
            raise Invalid(
                f"{session.label}没有开设专业类别“{specialty or ''}”",
                errors={"specialty": "请选择期次开设的专业类别"},
            )
        if not offered:
            specialty = None
        by_reg = {r["id"]: r for r in regs}
        unknown = [i for i in registration_ids if i not in by_reg]
        if unknown:
            raise NotFound("报名不存在、未审核通过或无权访问")
        existing = await unit_selections(institution_id, [s["id"] for s in sessions])
        mine = {r["registration"]: r for r in existing if r["session"] == session_id}
        wanted = set(registration_ids)
        # registration id → its specialties in this session after the step; None: taken back
        changes: dict[int, list[str] | None] = {}
        for reg_id, row in mine.items():
            names = docs.loads(row["specialties"], [])
            if specialty is None:
                if reg_id not in wanted:
                    changes[reg_id] = None
            elif reg_id not in wanted and specialty in names:
                changes[reg_id] = [n for n in names if n != specialty] or None
        for reg_id in wanted:
            if reg_id not in mine:
                changes[reg_id] = [specialty] if specialty else []
            elif specialty and specialty not in (names := docs.loads(mine[reg_id]["specialties"], [])):
                changes[reg_id] = [*names, specialty]
        if not changes:
            return {"added": 0, "removed": 0}
        if not selection_open(session, today):
            raise Conflict(
                f"{session.label}尚未开放选班，请等待省疾控通知"
                if session.selection_opens_on is None or today < session.selection_opens_on
                else f"{session.label}的选班截止日期为 {session.selection_deadline}，已截止"
            )
        await _check(plan, unit, sessions, regs, existing, session_id, changes, today, institution_id)
        added, removed = await _write(institution_id, session_id, mine, by_reg, changes, today)
        await audit.record(
            user,
            "training_selection_place",
            "training_session",
            session_id,
            before={
                "placed": {str(k): docs.loads(v["specialties"], []) for k, v in mine.items() if k in changes}
            },
            after={"placed": {str(k): v for k, v in changes.items()}, "specialty": specialty},
        )
    return {"added": added, "removed": removed}


async def _check(
    plan: dict[str, Any],
    unit: dict[str, Any],
    sessions: list[dict[str, Any]],
    regs: list[dict[str, Any]],
    existing: list[dict[str, Any]],
    session_id: int,
    changes: dict[int, list[str] | None],
    today: date,
    institution_id: int,
) -> None:
    """The library's rules on the unit's placements after the step; errors about the
    placements made or changed refuse it."""
    kept = [
        docs.selection_model(r, unit["uscc"])
        for r in existing
        if not (r["session"] == session_id and r["registration"] in changes)
    ]
    by_reg = {r["id"]: r for r in regs}
    changed = [
        ClassSelection(
            session_id=str(session_id),
            id_number=by_reg[reg_id]["id_number"],
            unit_uscc=unit["uscc"],
            specialties=tuple(names),
            selected_on=today,
        )
        for reg_id, names in sorted(changes.items())
        if names is not None
    ]
    if not changed:
        return
    counts = await seat_counts([s["id"] for s in sessions], excluding=institution_id)
    filing = TrainingFiling(
        plan=docs.plan_model(plan),
        unit=docs.unit_model(unit),
        registrations=tuple(docs.registration_model(r, state_model(r).person, unit["uscc"]) for r in regs),
        sessions=tuple(docs.session_model(s) for s in sessions),
        selections=(*kept, *changed),
        counts=TrainingCounts(seats=tuple(counts.values())),
    )
    result = check_training(filing, as_of=today)
    prefixes = tuple(f"selections[{i}]" for i in range(len(kept), len(kept) + len(changed)))
    blocking = [
        f
        for f in result.findings
        if f.severity is Severity.error
        and (f.path in prefixes or f.path.startswith(tuple(p + "." for p in prefixes)))
    ]
    if blocking:
        found = views(blocking, "")
        raise Refused(f"选班未保存：{blocking[0].message}", errors=field_errors(found), findings=found)


async def _write(
    institution_id: int,
    session_id: int,
    mine: dict[int, dict[str, Any]],
    by_reg: dict[int, dict[str, Any]],
    changes: dict[int, list[str] | None],
    today: date,
) -> tuple[int, int]:
    added = removed = 0
    for reg_id, names in changes.items():
        old = mine.get(reg_id)
        if names is None:
            if old is not None:
                await TrainingSelection.delete().where(TrainingSelection.id == old["id"])
                removed += 1
        elif old is not None:
            await TrainingSelection.update(
                {TrainingSelection.specialties: docs.dumps(names), TrainingSelection.selected_on: today}
            ).where(TrainingSelection.id == old["id"])
        else:
            await TrainingSelection.insert(
                TrainingSelection(
                    session=session_id,
                    registration=reg_id,
                    institution=institution_id,
                    key=f"{session_id}|{by_reg[reg_id]['id_number']}",
                    id_number=by_reg[reg_id]["id_number"],
                    specialties=docs.dumps(names),
                    selected_on=today,
                )
            )
            added += 1
    return added, removed


async def submit(user: Principal, institution_id: int, plan_id: int) -> None:
    """提交 (§5.4 1.4): the unit's selection for the plan is done (待选班 → 已选班)."""
    await unit_plan(institution_id, plan_id)
    async with atomic():
        if await submitted(plan_id, institution_id):
            raise Conflict("本单位已提交该培训计划的集体选班")
        sessions = await plan_sessions(plan_id)
        placed = await unit_selections(institution_id, [s["id"] for s in sessions])
        if not placed:
            raise Conflict("尚未为任何人员选班，不能提交")
        await TrainingSelectionSubmission.insert(
            TrainingSelectionSubmission(
                plan=plan_id,
                institution=institution_id,
                key=submission_key(plan_id, institution_id),
                submitted_by=user.account_id or None,
                submitted_at=datetime.now(UTC),
            )
        )
        await audit.record(
            user,
            "training_selection_submit",
            "training_plan",
            plan_id,
            after={"institution": institution_id, "placements": len(placed)},
        )
