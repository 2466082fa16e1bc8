"""Workers' accounts and individual registration (source 001 表1 第17项 在线报名).

* A worker opens an account with the ID number (GB 11643) and a mobile confirmed by an SMS
  code (:func:`radrules_webshell.notifications.send_sms_code`, purpose ``exam_signup``); the
  ID number is the login.
* A worker registers for a plan naming the unit (its credit code): ``pending`` until the
  unit confirms the worker is its own; a unit registers one of its workers itself
  (``confirmed`` at once).
* Who may register is the library's :func:`radrules.check_enrolment` (``NAT.exam.*``:
  卫生部令第55号 第七、八条, the plan's window, limit and one registration per plan), given
  the trainings already recorded for the ID number. The plan's count is taken under the
  plan row's lock, so two registrations cannot both take the last place.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from radrules_webshell.accounts.services import AccountError, create_account, login_taken
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Client
from radrules_webshell.core.errors import Conflict, Invalid, NotFound
from radrules_webshell.core.principal import SYSTEM, Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.exams.plans import covers, plan_model
from radrules_webshell.exams.records import training_records_of
from radrules_webshell.exams.scope import client_of, lock_rows, worker_of
from radrules_webshell.exams.tables import ExamEnrolmentRow, ExamPlanRow, ExamWorker
from radrules_webshell.notifications import CodeRefused, CodeSent, check_sms_code, send_sms_code
from radrules_webshell.settings import Settings

from radrules import (
    ExamEnrolment,
    InvalidValue,
    Severity,
    check_enrolment,
    validate_id_number,
    validate_mobile,
    validate_uscc,
)

PURPOSE = "exam_signup"


async def send_code(mobile: str, settings: Settings) -> CodeSent:
    try:
        return await send_sms_code(
            mobile, purpose=PURPOSE, label="放射工作人员在线培训账号注册", settings=settings
        )
    except CodeRefused as exc:
        raise Invalid(exc.message, errors={exc.field: exc.message}) from None


async def sign_up(form: dict[str, str], settings: Settings, today: date) -> int:
    """Open a worker's account; its id. The code is used up only when everything else is right."""
    errors: dict[str, str] = {}
    name = (form.get("name") or "").strip()
    if not name or len(name) > 50:
        errors["name"] = "姓名为必填项，最多50个字符"
    try:
        id_number = validate_id_number((form.get("id_number") or "").strip().upper(), as_of=today)
    except InvalidValue as exc:
        errors["id_number"] = exc.reason
        id_number = ""
    try:
        mobile = validate_mobile((form.get("mobile") or "").strip())
    except InvalidValue as exc:
        errors["mobile"] = exc.reason
        mobile = ""
    password = form.get("password") or ""
    if password != (form.get("confirm") or ""):
        errors["confirm"] = "两次输入的密码不一致"
    if id_number and (
        await login_taken(id_number) or await ExamWorker.exists().where(ExamWorker.id_number == id_number)
    ):
        errors["id_number"] = "该身份证号已注册，请直接登录"
    if not (form.get("code") or "").strip():
        errors["code"] = "请填写短信验证码"
    if errors:
        raise Invalid("注册信息有误", errors=errors)
    try:
        await check_sms_code(mobile, form.get("code") or "", purpose=PURPOSE, settings=settings)
    except CodeRefused as exc:
        raise Invalid(exc.message, errors={"code": exc.message}) from None
    async with atomic():
        try:
            account_id = await create_account(
                SYSTEM,
                login=id_number,
                password=password,
                role="worker",
                name=name,
                mobile=mobile,
                id_number=id_number,
                must_change_password=False,
            )
        except AccountError as exc:
            errors = {"id_number" if k == "login" else k: v for k, v in exc.errors.items()}
            raise Invalid("注册信息有误", errors=errors) from None
        await ExamWorker.insert(
            ExamWorker(
                account=account_id,
                id_number=id_number,
                name=name,
                mobile=mobile,
                mobile_confirmed_at=datetime.now(UTC),
            )
        )
    return account_id


async def _client_by_uscc(uscc: str) -> dict[str, Any]:
    try:
        code = validate_uscc((uscc or "").strip().upper())
    except InvalidValue as exc:
        raise Invalid(exc.reason, errors={"unit_uscc": exc.reason}) from None
    row = (
        await Client.select(Client.id, Client.name, Client.uscc, Client.division_code)
        .where(Client.uscc == code)
        .first()
    )
    if row is None:
        raise Invalid("未找到该单位", errors={"unit_uscc": "平台上没有该统一社会信用代码的放射诊疗单位"})
    return row


async def _enrol(
    actor: Principal,
    *,
    plan_id: int,
    client: dict[str, Any],
    id_number: str,
    name: str,
    mobile: str | None,
    worker_id: int | None,
    by: str,
    today: date,
) -> tuple[int, list[str]]:
    async with atomic():
        plan_row = await lock_rows(ExamPlanRow.select().where(ExamPlanRow.id == plan_id)).first()
        if plan_row is None or plan_row["status"] != "published":
            raise NotFound("培训计划不存在或未发布")
        if not covers(plan_row["division_code"], client["division_code"]):
            raise Invalid(
                "该单位不在本培训计划的范围内", errors={"unit_uscc": "该单位不在本培训计划的发布地区内"}
            )
        key = f"{plan_id}|{id_number}"
        already = bool(await ExamEnrolmentRow.exists().where(ExamEnrolmentRow.key == key))
        plan = plan_model(plan_row)
        enrolment = ExamEnrolment(
            plan=plan,
            id_number=id_number,
            name=name,
            unit_uscc=client["uscc"],
            registered_on=today,
            trainings=tuple(await training_records_of(id_number)),
            registered=plan_row["registered"],
            already_registered=already,
        )
        result = check_enrolment(enrolment, as_of=today)
        refused = [f.message for f in result.findings if f.severity is Severity.error]
        if refused:
            raise Invalid("不能报名：" + "；".join(refused))
        warnings = [f.message for f in result.findings if f.severity is Severity.warning]
        row = ExamEnrolmentRow(
            plan=plan_id,
            key=key,
            id_number=id_number,
            name=name,
            mobile=mobile,
            worker=worker_id,
            client=client["id"],
            status="confirmed" if by == "unit" else "pending",
            registered_by=by,
            registered_on=today,
            warnings=json.dumps(warnings, ensure_ascii=False),
            decided_by=(actor.account_id or None) if by == "unit" else None,
            decided_at=datetime.now(UTC) if by == "unit" else None,
        )
        await row.save()
        await ExamPlanRow.update({ExamPlanRow.registered: ExamPlanRow.registered + 1}).where(
            ExamPlanRow.id == plan_id
        )
        await audit.record(
            actor,
            "exam_enrol",
            "exam_enrolment",
            row.id,
            after={"plan": plan_id, "by": by, "status": row.status},
        )
    return int(row.id), warnings


async def enrol_self(user: Principal, plan_id: int, unit_uscc: str, today: date) -> tuple[int, list[str]]:
    worker = await worker_of(user)
    client = await _client_by_uscc(unit_uscc)
    return await _enrol(
        user,
        plan_id=plan_id,
        client=client,
        id_number=worker["id_number"],
        name=worker["name"],
        mobile=worker["mobile"],
        worker_id=worker["id"],
        by="worker",
        today=today,
    )


async def enrol_by_unit(
    user: Principal, plan_id: int, form: dict[str, str], today: date
) -> tuple[int, list[str]]:
    client_id = client_of(user)
    client = (
        await Client.select(Client.id, Client.name, Client.uscc, Client.division_code)
        .where(Client.id == client_id)
        .first()
    )
    if client is None:
        raise NotFound()
    errors: dict[str, str] = {}
    name = (form.get("name") or "").strip()
    if not name or len(name) > 50:
        errors["name"] = "姓名为必填项，最多50个字符"
    try:
        id_number = validate_id_number((form.get("id_number") or "").strip().upper(), as_of=today)
    except InvalidValue as exc:
        errors["id_number"] = exc.reason
        id_number = ""
    mobile = (form.get("mobile") or "").strip() or None
    if mobile:
        try:
            mobile = validate_mobile(mobile)
        except InvalidValue as exc:
            errors["mobile"] = exc.reason
    if errors:
        raise Invalid("报名信息有误", errors=errors)
    worker = (
        await ExamWorker.select(ExamWorker.id, ExamWorker.name)
        .where(ExamWorker.id_number == id_number)
        .first()
    )
    if worker is not None and worker["name"] != name:
        raise Invalid("姓名与该身份证号注册的账号不一致", errors={"name": "姓名与该身份证号注册的账号不一致"})
    return await _enrol(
        user,
        plan_id=plan_id,
        client=client,
        id_number=id_number,
        name=name,
        mobile=mobile,
        worker_id=worker["id"] if worker else None,
        by="unit",
        today=today,
    )


async def decide(user: Principal, enrolment_id: int, *, confirm: bool) -> None:
    """The unit confirms the worker is its own (or refuses: the place is given back)."""
    client_id = client_of(user)
    async with atomic():
        row = await lock_rows(
            ExamEnrolmentRow.select().where(
                (ExamEnrolmentRow.id == enrolment_id) & (ExamEnrolmentRow.client == client_id)
            )
        ).first()
        if row is None:
            raise NotFound()
        if row["status"] != "pending":
            raise Conflict("该报名已确认或已拒绝")
        status = "confirmed" if confirm else "refused"
        await ExamEnrolmentRow.update(
            {
                ExamEnrolmentRow.status: status,
                ExamEnrolmentRow.decided_by: user.account_id,
                ExamEnrolmentRow.decided_at: datetime.now(UTC),
            }
        ).where(ExamEnrolmentRow.id == enrolment_id)
        if not confirm:
            # a refused registration frees its place and may be made again (for the right unit)
            await ExamEnrolmentRow.update({ExamEnrolmentRow.key: f"refused|{enrolment_id}"}).where(
                ExamEnrolmentRow.id == enrolment_id
            )
            await ExamPlanRow.update({ExamPlanRow.registered: ExamPlanRow.registered - 1}).where(
                ExamPlanRow.id == row["plan"]
            )
        await audit.record(
            user,
            f"exam_enrolment_{status}",
            "exam_enrolment",
            enrolment_id,
            before={"status": "pending"},
            after={"status": status},
        )


async def of_worker(user: Principal) -> list[dict[str, Any]]:
    worker = await worker_of(user)
    return await _listed(ExamEnrolmentRow.id_number == worker["id_number"])


async def of_unit(user: Principal) -> list[dict[str, Any]]:
    return await _listed(ExamEnrolmentRow.client == client_of(user))


STATUS_LABELS = {"pending": "待单位确认", "confirmed": "已确认", "refused": "单位已拒绝"}


async def _listed(where: Any) -> list[dict[str, Any]]:
    rows = (
        await ExamEnrolmentRow.select(
            *ExamEnrolmentRow.all_columns(),
            ExamEnrolmentRow.plan.name.as_alias("plan_name"),
            ExamEnrolmentRow.plan.kind.as_alias("plan_kind"),
            ExamEnrolmentRow.client.name.as_alias("unit_name"),
        )
        .where(where)
        .order_by(ExamEnrolmentRow.id, ascending=False)
    )
    for r in rows:
        r["status_label"] = STATUS_LABELS[r["status"]]
        r["warnings"] = json.loads(r["warnings"] or "[]")
    return rows


async def worker_enrolment(user: Principal, enrolment_id: int) -> dict[str, Any]:
    """The worker's own registration, else 404 (also for one the unit made for the worker's ID number)."""
    worker = await worker_of(user)
    row = (
        await ExamEnrolmentRow.select()
        .where((ExamEnrolmentRow.id == enrolment_id) & (ExamEnrolmentRow.id_number == worker["id_number"]))
        .first()
    )
    if row is None:
        raise NotFound()
    return row
