"""The CDC's writes on training plans (source 002 §4; issue 13 "publish a plan … and close it").

A plan is drafted (未发布), published (已发布: units see it and register until its deadline)
and closed (已关闭: still visible, no more registrations). Every change runs the plan rule of
the province (``JS.training.plan.fields``); while registrations exist the plan type and
the specialties registered for cannot change. Scoped to the CDC's province; audited.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from radrules_webshell.accounts.tables import Authority
from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict, Forbidden
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.files import discard_after, read_upload, staged
from radrules_webshell.training.shared.findings import refuse_on_errors
from radrules_webshell.training.shared.scope import cdc_plan
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads.tables import Upload

from radrules import PlanStatus, TrainingFiling, check_training

PURPOSE = "training_plan"


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "specialties": docs.dumps(values.get("specialties") or [])}


def _check(row: dict[str, Any]) -> None:
    result = check_training(TrainingFiling(plan=docs.plan_model(row)), as_of=clock.today())
    refuse_on_errors(result, "plan", "培训计划未保存")


async def create(user: Principal, values: dict[str, Any]) -> int:
    """A new plan (未发布) of the CDC's authority."""
    if user.role != "reviewer" or user.authority_id is None:
        raise Forbidden("只有省级疾控账号可以发布培训计划")
    authority = (
        await Authority.select(Authority.division_code).where(Authority.id == user.authority_id).first()
    )
    if authority is None:
        raise Forbidden()
    row = {**_columns(values), "division_code": authority["division_code"], "status": PlanStatus.draft.value}
    _check({**row, "id": 0, "published_on": None})
    async with atomic():
        inserted = await TrainingPlan.insert(
            TrainingPlan(**row, authority=user.authority_id, created_by=user.account_id)
        ).returning(TrainingPlan.id)
        plan_id = int(inserted[0]["id"])
        await audit.record(user, "training_plan_create", "training_plan", plan_id, after=row)
    return plan_id


async def _in_use(plan_id: int) -> tuple[bool, set[str]]:
    """Whether the plan has registrations, and the specialties they name (which cannot be
    withdrawn from it)."""
    rows = await TrainingRegistration.select(TrainingRegistration.specialties).where(
        TrainingRegistration.plan == plan_id
    )
    return bool(rows), {s for r in rows for s in docs.loads(r["specialties"], [])}


async def update(user: Principal, plan_id: int, values: dict[str, Any], version: int | None = None) -> None:
    """Change a plan that is not closed (a published one too: the deadline may be extended)."""
    async with atomic():
        row = await cdc_plan(user, plan_id, lock=True)
        _require_version(row, version)
        if row["status"] == PlanStatus.closed.value:
            raise Conflict("培训计划已关闭，不能修改")
        registered, used = await _in_use(plan_id)
        if registered and values["plan_type"] != row["plan_type"]:
            raise Conflict("已有单位报名，不能修改培训班类型", errors={"plan_type": "已有单位报名，不能修改"})
        dropped = sorted(used - set(values.get("specialties") or []))
        if dropped:
            raise Conflict(
                f"已有人员报名专业类别“{'、'.join(dropped)}”，不能删去",
                errors={"specialties": f"已有人员报名“{'、'.join(dropped)}”，不能删去"},
            )
        changed = {**_columns(values), "version": row["version"] + 1, "updated_at": datetime.now(UTC)}
        _check({**row, **changed})
        await TrainingPlan.update(changed).where(TrainingPlan.id == plan_id)  # type: ignore[arg-type]
        await audit.record(
            user, "training_plan_update", "training_plan", plan_id, before=_audited(row), after=changed
        )


def _require_version(row: dict[str, Any], version: int | None) -> None:
    if version is not None and version != row["version"]:
        raise Conflict("培训计划刚被修改过，请刷新页面后重试")


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


async def set_status(user: Principal, plan_id: int, status: PlanStatus) -> None:
    """发布 (from 未发布) or 关闭 (from 已发布)."""
    allowed = {PlanStatus.published: PlanStatus.draft, PlanStatus.closed: PlanStatus.published}
    async with atomic():
        row = await cdc_plan(user, plan_id, lock=True)
        if row["status"] != allowed[status].value:
            raise Conflict(
                f"培训计划当前为“{PlanStatus(row['status']).label}”，不能{'发布' if status is PlanStatus.published else '关闭'}"
            )
        changed: dict[str, Any] = {
            "status": status.value,
            "version": row["version"] + 1,
            "updated_at": datetime.now(UTC),
        }
        if status is PlanStatus.published:
            changed["published_on"] = clock.today()
            _check({**row, **changed})
        await TrainingPlan.update(changed).where(TrainingPlan.id == plan_id)  # type: ignore[arg-type]
        action = "training_plan_publish" if status is PlanStatus.published else "training_plan_close"
        await audit.record(
            user, action, "training_plan", plan_id, before={"status": row["status"]}, after=changed
        )


async def attach(user: Principal, plan_id: int, upload: Any, settings: Settings) -> int:
    """培训附件: an image or a PDF (by content); it replaces the plan's earlier one."""
    await cdc_plan(user, plan_id)
    data, media_type, ext, name = await read_upload(upload, settings)
    old: list[dict[str, Any]] = []
    async with staged(settings) as stage, atomic():
        row = await cdc_plan(user, plan_id, lock=True)
        stored = stage(data, media_type, ext, name)
        upload_id = await uploads.insert(stored, PURPOSE, institution_id=None, account_id=user.account_id)
        await TrainingPlan.update(
            {TrainingPlan.attachment: upload_id, TrainingPlan.version: row["version"] + 1}
        ).where(TrainingPlan.id == plan_id)
        if row["attachment"]:
            old = list(await Upload.select().where(Upload.id == row["attachment"]))
            await Upload.delete().where(Upload.id == row["attachment"])
        await audit.record(
            user,
            "training_plan_attach",
            "training_plan",
            plan_id,
            before={"attachment": row["attachment"]},
            after={"attachment": upload_id, "filename": stored.original_name, "sha256": stored.sha256},
        )
    discard_after(old, settings)
    return upload_id
