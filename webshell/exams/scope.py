"""Who sees which exam records (source 001 §2.4.3: three levels of authority; 表1 第17–19项).

* A **worker** (role ``worker``) sees their own registrations, sittings and results — never
  another's paper, and the key of their own only once the exam has closed.
* A **unit** (role ``client``, 放射诊疗单位) sees the registrations naming it, confirms or
  refuses them, registers its workers, and queries its workers' scores.
* The **managing authority** (role ``reviewer``, or ``admin`` for all) keeps the banks and
  plans under its division prefix; a **regulator** (county, city, province) queries the
  scores of units under its prefix, as :mod:`radrules_webshell.oversight` does.

Another's record is "not found" (404); scope is applied in every query.
"""

from __future__ import annotations

from typing import Any

from radrules_webshell.core.errors import Forbidden, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.exams.tables import ExamBank, ExamPlanRow, ExamWorker

MANAGER_ROLES = ("reviewer", "admin")
QUERY_ROLES = ("client", "regulator", "reviewer", "admin")


def manager_prefix(user: Principal) -> str:
    """The division prefix of the banks and plans ``user`` manages (all for the administrator)."""
    if user.role == "admin":
        return ""
    if user.role != "reviewer" or not user.division_prefix:
        raise Forbidden()
    return user.division_prefix


def client_of(user: Principal) -> int:
    if user.role != "client" or user.client_id is None:
        raise NotFound()
    return user.client_id


async def worker_of(user: Principal) -> dict[str, Any]:
    if user.role != "worker":
        raise NotFound()
    row = await ExamWorker.select().where(ExamWorker.account == user.account_id).first()
    if row is None:
        raise NotFound("未找到放射工作人员账号信息")
    return row


async def managed_bank(user: Principal, bank_id: int) -> dict[str, Any]:
    row = (
        await ExamBank.select()
        .where((ExamBank.id == bank_id) & ExamBank.division_code.like(f"{manager_prefix(user)}%"))
        .first()
    )
    if row is None:
        raise NotFound("题库不存在或无权查看")
    return row


async def managed_plan(user: Principal, plan_id: int, *, lock: bool = False) -> dict[str, Any]:
    query = ExamPlanRow.select().where(
        (ExamPlanRow.id == plan_id) & ExamPlanRow.division_code.like(f"{manager_prefix(user)}%")
    )
    row = await lock_rows(query).first() if lock else await query.first()
    if row is None:
        raise NotFound("培训计划不存在或无权查看")
    return row


def lock_rows(query: Any) -> Any:
    """``query`` holding its rows until commit on PostgreSQL; SQLite's immediate write
    transactions already run one at a time."""
    return query if is_sqlite(query.table._meta.db) else query.lock_rows()
