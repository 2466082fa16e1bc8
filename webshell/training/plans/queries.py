"""Reading plans: the CDC's list and the unit's 集体报名 list (source 002 §4.3).

The unit's list has the manual's conditions — 培训班类型, 培训班名称 (模糊), 报名截止日期 (from
today by default), 是否截止 (否 by default), 状态 (未报名、报名中、已报名、已报名（有退回）, any
of them) — and columns — 总报名人数, 本单位报名人数, 状态 with its colour, 操作 (报名 while open
and not fully registered, else 查看) — sorted by 报名截止日期, then 培训班类型. The status,
its colour and the action are the library's (:func:`radrules.unit_plan_status_of`,
:func:`radrules.plan_action`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

import attrs
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid
from radrules_webshell.db.transaction import reads
from radrules_webshell.filings.reports.forms import parse_day
from radrules_webshell.filings.reports.lists import contains
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.scope import cdc_plans, unit_plans, unit_row

from radrules import PlanStatus, RegistrationStatus, UnitPlanStatus, plan_action, unit_plan_status_of

#: Registrations that stand: sent and not returned (what 总报名人数 and 本单位报名人数 count).
STANDING = (RegistrationStatus.registered.value, RegistrationStatus.approved.value)
#: The most plans one list shows.
PAGE = 500


@attrs.frozen(kw_only=True)
class UnitFilters:
    plan_type: str | None = None
    name: str | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    closed: bool = False
    statuses: tuple[UnitPlanStatus, ...] = ()


def unit_filters(query: Any, today: date) -> UnitFilters:
    """The conditions of a query string, with the manual's defaults; a bad value is a 400 on its field."""
    errors: dict[str, str] = {}

    def day(name: str) -> date | None:
        return parse_day((query.get(name) or "").strip(), name, errors)

    closed = (query.get("closed") or "no") in ("yes", "是", "1", "true")
    statuses = []
    for value in query.getall("status", []) if hasattr(query, "getall") else query.get("status") or []:
        try:
            statuses.append(UnitPlanStatus(value))
        except ValueError:
            errors["status"] = "状态应为 not_registered、registering、registered、registered_with_returns"
    start = day("deadline_from")
    filters = UnitFilters(
        plan_type=(query.get("plan_type") or "").strip() or None,
        name=(query.get("name") or "").strip() or None,
        # §4.3 2: “截止开始日期默认显示当前日期” — for the default 未截止 query
        deadline_from=start if start is not None or "deadline_from" in query or closed else today,
        deadline_to=day("deadline_to"),
        closed=closed,
        statuses=tuple(statuses),
    )
    if errors:
        raise Invalid("查询条件有误", errors=errors)
    return filters


def _plan_out(row: dict[str, Any], today: date) -> dict[str, Any]:
    return {
        "id": row["id"],
        "plan_type": row["plan_type"],
        "name": row["name"],
        "target": row["target"],
        "deadline": row["deadline"],
        "closed": row["deadline"] < today or row["status"] == PlanStatus.closed.value,
        "status": row["status"],
        "status_label": PlanStatus(row["status"]).label,
        "specialties": docs.loads(row["specialties"], []),
        "has_attachment": row["attachment"] is not None,
    }


async def _counts(plan_ids: list[int], institution_id: int | None = None) -> dict[int, Counter[str]]:
    if not plan_ids:
        return {}
    where: Any = TrainingRegistration.plan.is_in(plan_ids)
    if institution_id is not None:
        where &= TrainingRegistration.institution == institution_id
    rows = await TrainingRegistration.select(TrainingRegistration.plan, TrainingRegistration.status).where(
        where
    )
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for r in rows:
        out[r["plan"]][r["status"]] += 1
    return out


@reads
async def unit_list(institution_id: int, filters: UnitFilters, today: date) -> list[dict[str, Any]]:
    unit = await unit_row(institution_id)
    where: Any = unit_plans(unit["division_code"][:2])
    if filters.plan_type:
        where &= TrainingPlan.plan_type == filters.plan_type
    if filters.name:
        where &= contains(TrainingPlan.name, filters.name)
    if filters.deadline_from:
        where &= TrainingPlan.deadline >= filters.deadline_from
    if filters.deadline_to:
        where &= TrainingPlan.deadline <= filters.deadline_to
    where &= (TrainingPlan.deadline < today) if filters.closed else (TrainingPlan.deadline >= today)
    order = (TrainingPlan.deadline, TrainingPlan.plan_type, TrainingPlan.id)
    rows = await TrainingPlan.select().where(where).order_by(*order).limit(PAGE)
    ids = [r["id"] for r in rows]
    everyone, mine = await _counts(ids), await _counts(ids, institution_id)
    out = []
    for row in rows:
        status = unit_plan_status_of(RegistrationStatus(s) for s in mine.get(row["id"], Counter()).elements())
        if filters.statuses and status not in filters.statuses:
            continue
        out.append(
            _plan_out(row, today)
            | {
                "total_registered": sum(everyone.get(row["id"], Counter())[s] for s in STANDING),
                "unit_registered": sum(mine.get(row["id"], Counter())[s] for s in STANDING),
                "unit_status": status.value,
                "unit_status_label": status.label,
                "colour": status.colour,
                "action": plan_action(docs.plan_model(row), status, today),
            }
        )
    return out


@reads
async def cdc_list(
    prefix: str, *, status: str | None = None, name: str | None = None
) -> list[dict[str, Any]]:
    where: Any = cdc_plans(prefix)
    if status in {s.value for s in PlanStatus}:
        where &= TrainingPlan.status == status
    if name:
        where &= contains(TrainingPlan.name, name)
    rows = await TrainingPlan.select().where(where).order_by(TrainingPlan.id, ascending=False).limit(PAGE)
    counts = await _counts([r["id"] for r in rows])
    today = clock.today()
    return [
        _plan_out(r, today)
        | {
            "waiting": counts.get(r["id"], Counter())[RegistrationStatus.registered.value],
            "approved": counts.get(r["id"], Counter())[RegistrationStatus.approved.value],
            "returned": counts.get(r["id"], Counter())[RegistrationStatus.returned.value],
            "published_on": r["published_on"],
        }
        for r in rows
    ]


def plan_detail(row: dict[str, Any]) -> dict[str, Any]:
    """Every field of the plan, for its pages and the API."""
    return _plan_out(row, clock.today()) | {
        "content": row["content"],
        "other_matters": row["other_matters"],
        "age_limit": row["age_limit"],
        "min_title_level": row["min_title_level"],
        "registration_limit": row["registration_limit"],
        "published_on": row["published_on"],
        "division_code": row["division_code"],
        "version": row["version"],
    }
