"""Reading classes for 集体选班 (source 002 §5.3–§5.4) and for the CDC's 分期排班.

The unit's list holds the plans where it has approved people and the CDC arranged
sessions: 培训期数, 分班总人数, 选班总人数 (its own placements), 状态 待选班/已选班. The class
page shows per session the manual's fields and per specialty 报名人数 (the unit's approved
people registered for it), 限制人数 (empty: 分班人数), 已选人数 (all units), with 剩余人数 —
the library's arithmetic (:func:`radrules.session_seats`) — and the picker offers whom the
library says (:func:`radrules.candidates`). “您选择的专业类别未开班！” is the library's too.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from radrules_webshell.core import clock
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.db.transaction import reads
from radrules_webshell.filings.reports.lists import contains
from radrules_webshell.training.plans.queries import plan_detail
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.registrations.service import state_model
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.sessions.seats import seat_counts
from radrules_webshell.training.sessions.selection import (
    approved_rows,
    plan_sessions,
    submitted,
    unit_selections,
)
from radrules_webshell.training.sessions.tables import (
    TrainingSelection,
    TrainingSelectionSubmission,
    TrainingSession,
)
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.scope import unit_plan, unit_plans, unit_row

from radrules import (
    NO_CLASS_MESSAGE,
    RegistrationStatus,
    SelectionStatus,
    Session,
    candidates,
    selectable_sessions,
    selection_open,
    selection_totals,
    session_seats,
)


@reads
async def unit_list(
    institution_id: int,
    *,
    plan_type: str | None = None,
    name: str | None = None,
    statuses: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """§5.3: plans with approved people of the unit and sessions arranged."""
    unit = await unit_row(institution_id)
    approved = TrainingRegistration.select(TrainingRegistration.plan).where(
        (TrainingRegistration.institution == institution_id)
        & (TrainingRegistration.status == RegistrationStatus.approved.value)
    )
    arranged = TrainingSession.select(TrainingSession.plan)
    where: Any = (
        unit_plans(unit["division_code"][:2])
        & TrainingPlan.id.is_in(approved)
        & TrainingPlan.id.is_in(arranged)
    )
    if plan_type:
        where &= TrainingPlan.plan_type == plan_type
    if name:
        where &= contains(TrainingPlan.name, name)
    plans = (
        await TrainingPlan.select()
        .where(where)
        .order_by(TrainingPlan.plan_type, TrainingPlan.name, TrainingPlan.id)
    )
    ids = [p["id"] for p in plans]
    sessions = (
        list(
            await TrainingSession.select(
                TrainingSession.id, TrainingSession.plan, TrainingSession.capacity
            ).where(TrainingSession.plan.is_in(ids))
        )
        if ids
        else []
    )
    placed = Counter(
        s["session"]
        for s in (
            await TrainingSelection.select(TrainingSelection.session).where(
                (TrainingSelection.institution == institution_id)
                & TrainingSelection.session.is_in([x["id"] for x in sessions])
            )
            if sessions
            else []
        )
    )
    done = {
        r["plan"]
        for r in (
            await TrainingSelectionSubmission.select(TrainingSelectionSubmission.plan).where(
                (TrainingSelectionSubmission.institution == institution_id)
                & TrainingSelectionSubmission.plan.is_in(ids)
            )
            if ids
            else []
        )
    }
    out = []
    for p in plans:
        mine = [s for s in sessions if s["plan"] == p["id"]]
        status = SelectionStatus.selected if p["id"] in done else SelectionStatus.pending
        if statuses and status.value not in statuses:
            continue
        out.append(
            {
                "id": p["id"],
                "plan_type": p["plan_type"],
                "name": p["name"],
                "sessions": len(mine),
                "capacity": sum(s["capacity"] for s in mine),
                "selected": sum(placed[s["id"]] for s in mine),
                "status": status.value,
                "status_label": status.label,
                "action": "查看" if status is SelectionStatus.selected else "选班",
            }
        )
    return out


def _session_view(
    row: dict[str, Any],
    session: Session,
    seats: Any,
    approved_by_specialty: Counter[str],
    approved_count: int,
    today: Any,
) -> dict[str, Any]:
    return {
        "id": row["id"],
        "number": session.number,
        "label": session.label,
        "capacity": session.capacity,
        "left": seats.left,
        "taken": seats.taken,
        "selection_deadline": session.selection_deadline,
        "selection_opens_on": session.selection_opens_on,
        "open": selection_open(session, today),
        "place": session.place or "",
        "training_kind": session.training_kind.label if session.training_kind else "",
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "days": session.days,
        "specialty_names": list(session.specialty_names()),
        "specialties": [
            {
                "specialty": s.specialty,
                "registered": approved_by_specialty[s.specialty],
                "limit": next((x.limit for x in session.specialties if x.specialty == s.specialty), None),
                "limit_effective": s.limit,
                "taken": s.taken,
                "left": s.left,
            }
            for s in seats.specialties
        ],
        "registered": approved_count,
    }


@reads
async def class_page(institution_id: int, plan_id: int) -> dict[str, Any]:
    """§5.4: the plan read-only, the unit's 选班信息, every session with its specialties."""
    plan = await unit_plan(institution_id, plan_id)
    unit = await unit_row(institution_id)
    today = clock.today()
    session_rows = await plan_sessions(plan_id)
    sessions = [docs.session_model(s) for s in session_rows]
    regs = [
        docs.registration_model(r, state_model(r).person, unit["uscc"])
        for r in await approved_rows(institution_id, plan_id)
    ]
    mine = await unit_selections(institution_id, [s["id"] for s in session_rows])
    selections = [docs.selection_model(r, unit["uscc"]) for r in mine]
    everyone = await seat_counts([s["id"] for s in session_rows])
    wanted: Counter[str] = Counter(s for r in regs for s in r.specialties)
    placed = {(s.id_number, n) for s in selections for n in (s.specialties or (None,))}
    pending = [(r, [n for n in (r.specialties or (None,)) if (r.id_number, n) not in placed]) for r in regs]
    pending = [(r, [n for n in names if n]) for r, names in pending if names]
    placed_total, pending_total = selection_totals(regs, selections)
    names_by_id = {r.id_number: r.person.basic.name for r in regs}
    no_class = bool(regs) and bool(sessions) and not selectable_sessions(sessions, regs)
    return {
        "plan": plan_detail(plan),
        "submitted": await submitted(plan_id, institution_id),
        "no_class": NO_CLASS_MESSAGE if no_class else None,
        "placed_total": placed_total,
        "pending_total": pending_total,
        "pending": [
            {
                "name": r.person.basic.name,
                "training_kind": r.training_kind.label if r.training_kind else "",
                "sex": r.person.basic.sex.label if r.person.basic.sex else "",
                "age": r.person.age_on(today),
                "title": r.person.resume.title or "",
                "title_level": r.person.resume.title_level.label if r.person.resume.title_level else "",
                "specialties": names,
            }
            for r, names in pending
        ],
        "sessions": [
            _session_view(row, s, session_seats(s, everyone.get(str(row["id"]))), wanted, len(regs), today)
            for row, s in zip(session_rows, sessions, strict=True)
        ],
        "placements": [
            {
                "session_id": int(s.session_id),
                "name": names_by_id.get(s.id_number, ""),
                "id_number": mask_id_number(s.id_number),
                "specialties": list(s.specialties),
            }
            for s in selections
        ],
    }


@reads
async def picker(
    institution_id: int, plan_id: int, session_id: int, specialty: str | None, name: str | None = None
) -> dict[str, Any]:
    """§5.4 1.3 添加人员: whom the library offers for the session and specialty, those already
    placed for it checked; searched by name."""
    plan = await unit_plan(institution_id, plan_id)
    unit = await unit_row(institution_id)
    session_rows = await plan_sessions(plan_id)
    row = next((s for s in session_rows if s["id"] == session_id), None)
    if row is None:
        from radrules_webshell.core.errors import NotFound

        raise NotFound("期次不存在或无权访问")
    sessions = [docs.session_model(s) for s in session_rows]
    session = docs.session_model(row)
    offered = session.specialty_names()
    if offered and specialty not in offered:
        specialty = offered[0]
    if not offered:
        specialty = None
    reg_rows = await approved_rows(institution_id, plan_id)
    regs = {r["id"]: docs.registration_model(r, state_model(r).person, unit["uscc"]) for r in reg_rows}
    mine = await unit_selections(institution_id, [s["id"] for s in session_rows])
    selections = [docs.selection_model(r, unit["uscc"]) for r in mine]
    here = {
        r["registration"]
        for r in mine
        if r["session"] == session_id and (specialty is None or specialty in docs.loads(r["specialties"], []))
    }
    offered_ids = {
        int(r.registration_id or 0)
        for r in candidates(session, specialty, regs.values(), selections, sessions)
    }
    today = clock.today()
    rows = []
    for reg_id, reg in regs.items():
        if reg_id not in here and reg_id not in offered_ids:
            continue
        if name and name.strip() not in reg.person.basic.name:
            continue
        p = reg.person
        rows.append(
            {
                "id": reg_id,
                "name": p.basic.name,
                "sex": p.basic.sex.label if p.basic.sex else "",
                "age": p.age_on(today),
                "title": p.resume.title or "",
                "title_level": p.resume.title_level.label if p.resume.title_level else "",
                "checked": reg_id in here,
            }
        )
    return {
        "plan": plan_detail(plan),
        "session": {"id": session_id, "label": session.label, "open": selection_open(session, today)},
        "specialty": specialty,
        "specialties": list(offered),
        "rows": rows,
        "submitted": await submitted(plan_id, institution_id),
    }
