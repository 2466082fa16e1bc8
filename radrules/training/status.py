"""What the unit's lists show (source 002 §4.3, §6.3): a plan's status and action in the
集体报名 list, whether registration is open, the score query's default dates, and whether
a session's scores are complete."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from radrules.model.training import ClassSelection, Registration, Score, TrainingPlan
from radrules.model.training_enums import PlanStatus, RegistrationStatus, UnitPlanStatus


def unit_plan_status(registrations: Iterable[Registration]) -> UnitPlanStatus:
    """The plan's 状态 for the unit whose ``registrations`` these are (§4.3 2).

    A returned registration makes it 已报名（有退回）(red) until corrected; someone added but
    not yet sent makes it 报名中; otherwise 已报名 (green) once anyone is sent, 未报名 (black)
    before.
    """
    return unit_plan_status_of(r.status for r in registrations)


def unit_plan_status_of(statuses: Iterable[RegistrationStatus]) -> UnitPlanStatus:
    """:func:`unit_plan_status` from the registrations' states alone (what a list query reads)."""
    statuses = set(statuses)
    if RegistrationStatus.returned in statuses:
        return UnitPlanStatus.registered_with_returns
    if RegistrationStatus.not_registered in statuses:
        return UnitPlanStatus.registering
    if statuses:
        return UnitPlanStatus.registered
    return UnitPlanStatus.not_registered


def registration_open(plan: TrainingPlan, on: date) -> bool:
    """True while the plan takes registrations: published, and ``on`` is not after the
    deadline (§7 问题八 “当报名时间截止时，报名入口关闭”)."""
    return plan.status is PlanStatus.published and on <= plan.deadline


def plan_action(plan: TrainingPlan, status: UnitPlanStatus, on: date) -> str:
    """The list's 操作: 报名 for an open plan not yet (fully) registered, else 查看 (§4.3 3)."""
    if registration_open(plan, on) and status in (UnitPlanStatus.not_registered, UnitPlanStatus.registering):
        return "报名"
    return "查看"


def score_query_range(on: date) -> tuple[date, date]:
    """The score query's default 培训开始日期 range: 1 January of this year to today (§6.3 2)."""
    return date(on.year, 1, 1), on


def scores_complete(session_id: str, selections: Iterable[ClassSelection], scores: Iterable[Score]) -> bool:
    """True when every person-specialty the unit placed in the session has a score: the
    unit's score query then shows the session (§6.3 3 “当本单位选择该培训班次的人员成绩录入
    完成即可查询到考试成绩”)."""
    scored = {(s.id_number.strip().upper(), s.specialty) for s in scores if s.session_id == session_id}
    wanted = [
        (sel.id_number.strip().upper(), spec)
        for sel in selections
        if sel.session_id == session_id
        for spec in (sel.specialties or (None,))
    ]
    return bool(wanted) and all(w in scored for w in wanted)
