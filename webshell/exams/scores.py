"""Score queries by authority (source 001 表1 第19项 在线成绩查询: "实现管理员按照权限分级查询
培训信息和考试成绩"; §2.4.3 three levels): a unit sees its workers, a county its units, a
city everything under it — the authority's division prefix, as
:mod:`radrules_webshell.oversight` reads it — and the managing authority its own.

One row per scored sitting, newest first, filtered by plan, period (the day it was scored),
unit (credit code or part of the name) and passed or not; at most :data:`MAX_ROWS` on a
page and in an export, which says when it was cut. Sittings past their deadline that nobody
scored are scored first (:func:`radrules_webshell.exams.sittings.close_expired`).
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

import anyio.to_thread
from radrules_webshell.core.clock import CHINA
from radrules_webshell.core.errors import Forbidden, Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.text_match import contains
from radrules_webshell.exams.sittings import close_expired
from radrules_webshell.exams.tables import ExamSitting

from radrules import WorkerTrainingKind
from radrules.documents.tables import Column, Table, write_xlsx

MAX_ROWS = 5_000


def scope_where(user: Principal) -> Any:
    """The sittings ``user`` may see."""
    if user.role == "client" and user.client_id is not None:
        return ExamSitting.enrolment.client == user.client_id
    if user.role == "admin":
        return ExamSitting.id > 0
    if user.role in ("regulator", "reviewer") and user.division_prefix:
        return ExamSitting.enrolment._.client._.division_code.like(f"{user.division_prefix}%")
    raise Forbidden()


def filters_of(query: Any) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    plan = (query.get("plan") or "").strip()
    if plan and not plan.isdigit():
        errors["plan"] = "培训计划应为编号"
    out["plan"] = int(plan) if plan.isdigit() else None
    for key in ("from", "to"):
        text = (query.get(key) or "").strip()
        try:
            out[key] = date.fromisoformat(text) if text else None
        except ValueError:
            errors[key] = "应为日期（如 2027-05-10）"
            out[key] = None
    unit = (query.get("unit") or "").strip()
    if len(unit) > 100:
        errors["unit"] = "单位最多100个字符"
    out["unit"] = unit or None
    passed = (query.get("passed") or "").strip()
    if passed not in ("", "yes", "no"):
        errors["passed"] = "应为 yes 或 no"
    out["passed"] = passed or None
    if errors:
        raise Invalid("查询条件有误", errors=errors)
    return out


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CHINA)


async def query(user: Principal, filters: dict[str, Any], now: datetime) -> tuple[list[dict[str, Any]], bool]:
    """The rows ``user`` may see under ``filters``, and whether they were cut at MAX_ROWS."""
    where = scope_where(user)
    await close_expired(now)
    q = ExamSitting.select(
        ExamSitting.id,
        ExamSitting.attempt,
        ExamSitting.scored_at,
        ExamSitting.score,
        ExamSitting.possible,
        ExamSitting.passed,
        ExamSitting.enrolment.name.as_alias("name"),
        ExamSitting.enrolment.id_number.as_alias("id_number"),
        ExamSitting.enrolment._.plan._.id.as_alias("plan_id"),
        ExamSitting.enrolment._.plan._.name.as_alias("plan_name"),
        ExamSitting.enrolment._.plan._.kind.as_alias("plan_kind"),
        ExamSitting.enrolment._.client._.name.as_alias("unit_name"),
        ExamSitting.enrolment._.client._.uscc.as_alias("unit_uscc"),
        ExamSitting.enrolment._.client._.division_code.as_alias("division_code"),
    ).where(where & ExamSitting.scored_at.is_not_null())
    if filters.get("plan"):
        q = q.where(ExamSitting.enrolment._.plan._.id == filters["plan"])
    if filters.get("from"):
        q = q.where(ExamSitting.scored_at >= _day_start(filters["from"]))
    if filters.get("to"):
        q = q.where(ExamSitting.scored_at < _day_start(filters["to"] + timedelta(days=1)))
    if filters.get("unit"):
        unit = filters["unit"]
        q = q.where(
            (ExamSitting.enrolment._.client._.uscc == unit.upper())
            | contains(ExamSitting.enrolment._.client._.name, unit)
        )
    if filters.get("passed"):
        q = q.where(ExamSitting.passed == (filters["passed"] == "yes"))
    rows = await q.order_by(ExamSitting.scored_at, ascending=False).limit(MAX_ROWS + 1)
    for r in rows:
        r["kind_label"] = WorkerTrainingKind(r["plan_kind"]).label
        scored = r["scored_at"]
        r["scored_on"] = (scored if scored.tzinfo else scored.replace(tzinfo=CHINA)).astimezone(CHINA).date()
    return rows[:MAX_ROWS], len(rows) > MAX_ROWS


COLUMNS = (
    Column(header="姓名", width=10),
    Column(header="身份证号", width=21),
    Column(header="单位", width=28),
    Column(header="统一社会信用代码", width=21),
    Column(header="培训计划", width=28),
    Column(header="培训类别", width=10),
    Column(header="考试次数", width=8),
    Column(header="成绩", width=8),
    Column(header="满分", width=8),
    Column(header="是否合格", width=8),
    Column(header="评分日期", width=12),
)


async def export(rows: list[dict[str, Any]], cut: bool) -> bytes:
    def write() -> bytes:
        buffer = io.BytesIO()
        table = Table(
            sheet="考试成绩",
            title="放射工作人员在线考试成绩",
            columns=COLUMNS,
            rows=(
                [
                    r["name"],
                    r["id_number"],
                    r["unit_name"],
                    r["unit_uscc"],
                    r["plan_name"],
                    r["kind_label"],
                    r["attempt"],
                    r["score"],
                    r["possible"],
                    "合格" if r["passed"] else "不合格",
                    r["scored_on"],
                ]
                for r in rows
            ),
            note=f"只导出前{MAX_ROWS}条，请缩小查询范围" if cut else None,
        )
        write_xlsx([table], buffer)
        return buffer.getvalue()

    return await anyio.to_thread.run_sync(write)
