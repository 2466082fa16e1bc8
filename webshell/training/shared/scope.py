"""Who sees which training records (source 002; issue 13 "Scoping").

* A **unit** (the technical-service or health-check institution that registers its staff,
  role ``institution``) sees its own people, registrations, placements, scores and
  certificates, and the plans published in its province (published or closed, never a
  draft). Another unit's record is "not found".
* The **provincial CDC** (role ``reviewer``, 省疾控) sees the plans its division publishes
  (``division_code`` under its prefix: Jiangsu's CDC, ``32``, sees Jiangsu's plans) and
  everything registered for them — which is Jiangsu's units, since a unit registers only for
  the plans of its own province. The administrator sees every plan.

Scope is applied in every query here, never by hiding links.
"""

from __future__ import annotations

from typing import Any

from radrules_webshell.core.errors import Forbidden, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.training.plans.tables import TrainingPlan

from radrules import PlanStatus

#: Plan states a unit may see (a draft is the CDC's own).
VISIBLE_TO_UNITS = (PlanStatus.published.value, PlanStatus.closed.value)
CDC_ROLES = ("reviewer", "admin")


def unit_of(user: Principal) -> int:
    """The unit (institution) whose training records ``user`` works on; other roles: 404."""
    if user.role != "institution" or user.institution_id is None:
        raise NotFound()
    return user.institution_id


def cdc_prefix(user: Principal) -> str:
    """The division prefix of the CDC's plans (``32``); the administrator's is empty (all)."""
    if user.role == "admin":
        return ""
    if user.role != "reviewer" or not user.division_prefix:
        raise Forbidden()
    return user.division_prefix


async def unit_row(institution_id: int) -> dict[str, Any]:
    row = (
        await Institution.select(
            Institution.id, Institution.name, Institution.uscc, Institution.division_code
        )
        .where(Institution.id == institution_id)
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def unit_plans(province: str) -> Any:
    """The where-clause of the plans a unit of ``province`` sees."""
    return TrainingPlan.division_code.like(f"{province}%") & TrainingPlan.status.is_in(list(VISIBLE_TO_UNITS))


def cdc_plans(prefix: str) -> Any:
    """The where-clause of the plans a CDC with ``prefix`` sees (all for the administrator)."""
    return TrainingPlan.division_code.like(f"{prefix}%")


async def unit_plan(institution_id: int, plan_id: int) -> dict[str, Any]:
    """A plan the unit may see, else 404."""
    unit = await unit_row(institution_id)
    row = (
        await TrainingPlan.select()
        .where((TrainingPlan.id == plan_id) & unit_plans(unit["division_code"][:2]))
        .first()
    )
    if row is None:
        raise NotFound("培训计划不存在或无权查看")
    return row


async def cdc_plan(user: Principal, plan_id: int, *, lock: bool = False) -> dict[str, Any]:
    """A plan of the CDC's province, else 404; ``lock`` holds the row until commit (PostgreSQL)."""
    query = TrainingPlan.select().where((TrainingPlan.id == plan_id) & cdc_plans(cdc_prefix(user)))
    if lock and not is_sqlite(TrainingPlan._meta.db):
        query = query.lock_rows()
    row = await query.first()
    if row is None:
        raise NotFound("培训计划不存在或无权查看")
    return row


def lock_rows(query: Any) -> Any:
    """``query`` holding its rows until commit on PostgreSQL; SQLite's immediate write
    transactions already run one at a time."""
    table = query.table
    return query if is_sqlite(table._meta.db) else query.lock_rows()
