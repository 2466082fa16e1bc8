"""Online training plans (source 001 表1 第17项): the managing authority writes, publishes
and closes them; workers and units see the published ones. The plan is the library's
:class:`radrules.ExamPlan`, checked by :func:`radrules.plan_problems` (its own consistency)
and :func:`radrules.check_exam_plan` (the rules, 卫生部令第55号 第七、八条 on its days), and
stored as JSON beside the columns the queries filter on.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import attrs
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Conflict, Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.exams.questions import bank_questions
from radrules_webshell.exams.scope import managed_bank, managed_plan, manager_prefix
from radrules_webshell.exams.tables import ExamPlanRow

from radrules import (
    ExamPlan,
    InputError,
    Severity,
    check_exam_plan,
    exam_certificate_problems,
    plan_problems,
    shortfalls,
    structure,
    unstructure,
)


def plan_model(row: dict[str, Any]) -> ExamPlan:
    return structure(json.loads(row["document"]), ExamPlan)


async def create(
    user: Principal, data: dict[str, Any], *, bank_id: int, today: date
) -> tuple[int, list[str]]:
    """A draft plan from ``data`` (the plan's JSON without ``plan_id``/``division_code``);
    its id and the rules' warnings."""
    bank = await managed_bank(user, bank_id)
    code = str(data.get("plan_id") or "").strip()
    if not code or len(code) > 40:
        raise Invalid("请填写计划编号", errors={"plan_id": "计划编号为必填项，最多40个字符"})
    document = {**data, "plan_id": code, "division_code": bank["division_code"]}
    try:
        plan = structure(document, ExamPlan)
    except InputError as exc:
        raise Invalid(f"培训计划有误：{exc}") from None
    problems = [*plan_problems(plan), *exam_certificate_problems(plan)]
    if problems:
        raise Invalid("培训计划有误", errors=dict(reversed(problems)))
    result = check_exam_plan(plan, as_of=today)
    errors = {f.path: f.message for f in result.findings if f.severity is Severity.error}
    if errors:
        raise Invalid("培训计划不符合规定", errors=errors)
    warnings = [f.message for f in result.findings if f.severity is Severity.warning]
    async with atomic():
        if await ExamPlanRow.exists().where(ExamPlanRow.code == code):
            raise Invalid("计划编号已被使用", errors={"plan_id": "计划编号已被使用"})
        row = ExamPlanRow(
            code=code,
            name=plan.name,
            kind=plan.kind.value,
            division_code=plan.division_code,
            bank=bank["id"],
            status="draft",
            document=json.dumps(unstructure(plan), ensure_ascii=False),
            created_by=user.account_id or None,
        )
        await row.save()
        await audit.record(user, "exam_plan_create", "exam_plan", row.id, after={"document": row.document})
    return int(row.id), warnings


async def publish(user: Principal, plan_id: int) -> None:
    """Publish a draft: refused while the bank cannot fill the blueprint."""
    async with atomic():
        row = await managed_plan(user, plan_id, lock=True)
        if row["status"] != "draft":
            raise Conflict("只有未发布的计划可以发布")
        plan = plan_model(row)
        short = shortfalls((q for _, q in await bank_questions(row["bank"])), plan.blueprint)
        if short:
            raise Conflict("题库题目不足，无法发布：" + "；".join(r for _, r in short))
        await ExamPlanRow.update({ExamPlanRow.status: "published"}).where(ExamPlanRow.id == plan_id)
        await audit.record(user, "exam_plan_publish", "exam_plan", plan_id, after={"status": "published"})


async def close(user: Principal, plan_id: int) -> None:
    async with atomic():
        row = await managed_plan(user, plan_id, lock=True)
        if row["status"] != "published":
            raise Conflict("只有已发布的计划可以关闭")
        await ExamPlanRow.update({ExamPlanRow.status: "closed"}).where(ExamPlanRow.id == plan_id)
        await audit.record(user, "exam_plan_close", "exam_plan", plan_id, after={"status": "closed"})


async def managed_list(user: Principal) -> list[dict[str, Any]]:
    rows = (
        await ExamPlanRow.select()
        .where(ExamPlanRow.division_code.like(f"{manager_prefix(user)}%"))
        .order_by(ExamPlanRow.id, ascending=False)
    )
    return [view(r) for r in rows]


async def open_plans(today: date, *, division_code: str | None = None) -> list[dict[str, Any]]:
    """Published plans whose registration is open on ``today`` (for a unit: of its division)."""
    rows = await ExamPlanRow.select().where(ExamPlanRow.status == "published").order_by(ExamPlanRow.id)
    out = []
    for r in rows:
        if division_code is not None and not division_code.startswith(_prefix(r["division_code"])):
            continue
        plan = plan_model(r)
        if plan.registration_opens_on <= today <= plan.registration_closes_on:
            out.append(view(r))
    return out


def _prefix(code: str) -> str:
    from radrules_webshell.core.principal import division_prefix

    return division_prefix(code)


def covers(plan_division: str, unit_division: str) -> bool:
    """Whether a plan published for ``plan_division`` is for a unit in ``unit_division``."""
    return unit_division.startswith(_prefix(plan_division))


def view(row: dict[str, Any]) -> dict[str, Any]:
    plan = plan_model(row)
    return {
        "id": row["id"],
        "code": row["code"],
        "name": row["name"],
        "status": row["status"],
        "status_label": {"draft": "未发布", "published": "已发布", "closed": "已关闭"}[row["status"]],
        "kind": plan.kind.value,
        "kind_label": plan.kind.label,
        "registered": row["registered"],
        "bank_id": row["bank"],
        **{k: v for k, v in attrs.asdict(plan, recurse=False).items() if k not in ("kind", "blueprint")},
        "total_marks": plan.blueprint.total_marks,
        "question_count": plan.blueprint.question_count,
        "multiple_scoring": plan.blueprint.multiple_scoring.label,
    }
