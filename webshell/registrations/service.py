"""Registration: submit, query progress, edit and resubmit, review (source 000 §2.2).

On approval the institution, its (empty) qualification declaration and its first account
are created in one transaction; the account must change its password at first login
(source 000 §3.2.1).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
from radrules_webshell.accounts import passwords, throttle
from radrules_webshell.accounts.services import login_taken
from radrules_webshell.accounts.tables import Account, Authority
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Conflict, Forbidden, Invalid, NotFound, TooManyAttempts
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.tables import Institution, QualificationDeclaration
from radrules_webshell.registrations import states
from radrules_webshell.registrations.forms import FILES, REGISTRATION_FORM
from radrules_webshell.registrations.tables import Registration
from radrules_webshell.settings import Settings
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads import storage

from radrules import DeclarationStatus, InvalidValue


def applicant(login: str, ip: str | None) -> Principal:
    return Principal(account_id=0, login=login[:64] or "anonymous", name="", role="applicant", ip=ip)


def _check_password(
    data: dict[str, Any], errors: dict[str, str], *, required: bool, division: str | None
) -> str | None:
    password = data.get("password") or ""
    if not password and not required:
        return None
    # the rule of the province the institution registers in (radrules.check_password)
    rule_broken = passwords.policy_error(password, division)
    if rule_broken:
        errors["password"] = rule_broken
        return None
    if data.get("password_confirm") is not None and data.get("password_confirm") != password:
        errors["password_confirm"] = "两次输入的密码不一致"
        return None
    return password


async def _read_files(
    files: dict[str, Any], settings: Settings, errors: dict[str, str], *, required: bool
) -> dict[str, tuple[bytes, str, str, str]]:
    out = {}
    for key, _label in FILES:
        upload = files.get(key)
        if not required and (upload is None or not getattr(upload, "filename", "")):
            continue
        try:
            data, media_type, ext = await storage.read_checked(upload, settings)
        except InvalidValue as exc:
            errors[key] = exc.reason
            continue
        assert upload is not None  # read_checked refuses a missing file
        out[key] = (data, media_type, ext, upload.filename)
    return out


def _login_format(login: str | None, errors: dict[str, str]) -> None:
    if login and not (login.isascii() and login.isalnum()):
        errors["login"] = "登录账号只能使用英文字母（区分大小写）或数字"


async def submit(data: dict[str, Any], files: dict[str, Any], settings: Settings, ip: str | None) -> int:
    values, errors = REGISTRATION_FORM.parse(data)
    _login_format(values.get("login"), errors)
    password = _check_password(data, errors, required=True, division=values.get("division_code"))
    read = await _read_files(files, settings, errors, required=True)
    if errors:
        raise Invalid(errors=errors)
    async with storage.Staging(settings) as staging, atomic():
        await _refuse_duplicate(values["uscc"])
        if await login_taken(values["login"]):
            raise Invalid(errors={"login": "该登录账号已被使用，请换一个"})
        ids = {}
        for key, (blob, media_type, ext, name) in read.items():
            f = staging.add(blob, media_type, ext, name)
            ids[key] = await uploads.insert(f, f"registration_{key}", institution_id=None, account_id=None)
        reg = Registration(
            **values,
            status=DeclarationStatus.submitted,
            password_hash=await passwords.hash_password_off_loop(password or ""),
            certificate_upload=ids["certificate"],
            commitment_upload=ids["commitment"],
        )
        await reg.save()
        after = await Registration.select().where(Registration.id == reg.id).first()
        await audit.record(
            applicant(values["login"], ip), "registration_submit", "registration", reg.id, after=after
        )
    return int(reg.id)


async def _refuse_duplicate(uscc: str) -> None:
    existing = await Registration.select(Registration.status).where(Registration.uscc == uscc).first()
    if existing is not None:
        status = existing["status"]
        message = {
            "submitted": "该单位的注册申请正在审核中，可通过“查询进度”查看",
            "returned": "该单位的注册申请已被退回，请通过“查询进度”修改后重新提交",
        }.get(status, "该单位已有账号，无需重复申请")
        raise Invalid(errors={"uscc": message})
    if await Institution.exists().where(Institution.uscc == uscc):
        raise Invalid(errors={"uscc": "该单位已有账号，无需重复申请"})


@attrs.frozen(kw_only=True)
class Progress:
    uscc: str
    name: str
    status: str
    status_label: str
    submitted_at: datetime
    reviewed_at: datetime | None
    return_reason: str | None
    reviewing_body: str | None
    reviewing_phone: str | None


async def reviewing_authority(settings: Settings) -> dict[str, Any] | None:
    rows = await Authority.select().where(Authority.kind == "reviewer").order_by(Authority.id)
    for row in rows:
        if row["division_code"].startswith(settings.province):
            return row
    return rows[0] if rows else None


async def progress(uscc: str, settings: Settings) -> Progress:
    code = (uscc or "").strip()
    row = await Registration.select().where(Registration.uscc == code).first()
    if row is None:
        raise NotFound("未找到该社会信用代码的注册申请，请核对后重试（英文字母应大写）")
    body = await reviewing_authority(settings) if row["status"] == "submitted" else None
    return Progress(
        uscc=row["uscc"],
        name=row["name"],
        status=row["status"],
        status_label=states.label(row["status"]),
        submitted_at=row["submitted_at"],
        reviewed_at=row["reviewed_at"],
        return_reason=row["return_reason"] if row["status"] == "returned" else None,
        reviewing_body=body["name"] if body else None,
        reviewing_phone=body["phone"] if body else None,
    )


async def authenticate_applicant(
    uscc: str, login: str, password: str, settings: Settings, ip: str | None
) -> dict[str, Any]:
    """The returned application of ``uscc`` if ``login``/``password`` are the applicant's.

    Only a returned application takes its password (an approved one is the institution's
    account now, and its password opens nothing here); the state is what 查询进度 shows
    anyone, so it is told before any password is checked. Each check counts against the
    login's and the address's limits, the same counters as the login.
    """
    row = await Registration.select().where(Registration.uscc == (uscc or "").strip()).first()
    if row is None:
        raise Forbidden("社会信用代码、登录账号或密码不正确")
    if row["status"] != "returned":
        raise Conflict(f"该申请当前状态为“{states.label(row['status'])}”，只有被退回的申请可以修改")
    login = (login or "").strip()
    try:
        attempt = await throttle.claim(login, ip, settings)
    except throttle.Refused as exc:
        raise TooManyAttempts(exc.message) from None
    stored = row["password_hash"] if row["login"] == login else None
    if not await passwords.verify_password_off_loop(stored, password or ""):
        await throttle.failed(attempt, settings)
        raise Forbidden("社会信用代码、登录账号或密码不正确")
    await throttle.succeeded(attempt)
    return dict(row)


async def resubmit(
    reg_id: int, data: dict[str, Any], files: dict[str, Any], settings: Settings, ip: str | None
) -> int:
    """Edit and resubmit a returned application; the caller has authenticated the applicant."""
    row = await get(reg_id)
    values, errors = REGISTRATION_FORM.parse(data)
    _login_format(values.get("login"), errors)
    new_password = _check_password(
        data, errors, required=False, division=values.get("division_code") or row.get("division_code")
    )
    read = await _read_files(files, settings, errors, required=False)
    if values.get("uscc") and values["uscc"] != row["uscc"]:
        errors["uscc"] = "社会信用代码不能修改；如填错，请重新注册"
    if errors:
        raise Invalid(errors=errors)
    async with storage.Staging(settings) as staging, atomic():
        before = await Registration.select().where(Registration.id == row["id"]).first()
        if before is None or before["status"] != "returned":
            raise Conflict("该申请已不在“退回”状态")
        if values["login"] != row["login"] and await login_taken(
            values["login"], except_registration=row["id"]
        ):
            raise Invalid(errors={"login": "该登录账号已被使用，请换一个"})
        changes: dict[Any, Any] = {getattr(Registration, k): v for k, v in values.items()}
        for key, (blob, media_type, ext, name) in read.items():
            f = staging.add(blob, media_type, ext, name)
            upload_id = await uploads.insert(f, f"registration_{key}", institution_id=None, account_id=None)
            changes[getattr(Registration, f"{key}_upload")] = upload_id
        if new_password:
            changes[Registration.password_hash] = await passwords.hash_password_off_loop(new_password)
        changes[Registration.status] = states.next_state(states.TRANSITIONS, row["status"], "resubmit")
        changes[Registration.return_reason] = None
        changes[Registration.submitted_at] = datetime.now(UTC)
        await Registration.update(changes).where(Registration.id == row["id"])
        after = await Registration.select().where(Registration.id == row["id"]).first()
        await audit.record(
            applicant(values["login"], ip),
            "registration_resubmit",
            "registration",
            row["id"],
            before=before,
            after=after,
        )
    return int(row["id"])


async def list_for_review(status: str | None) -> list[dict[str, Any]]:
    query = Registration.select().order_by(Registration.submitted_at, ascending=False)
    if status:
        query = query.where(Registration.status == status)
    return await query


async def get(reg_id: int) -> dict[str, Any]:
    row = await Registration.select().where(Registration.id == reg_id).first()
    if row is None:
        raise NotFound()
    return row


async def approve(actor: Principal, reg_id: int) -> int:
    """Approve; the new institution's id."""
    async with atomic():
        before = await get(reg_id)
        status = states.next_state(states.TRANSITIONS, before["status"], "approve")
        if await Institution.exists().where(Institution.uscc == before["uscc"]):
            raise Conflict("该社会信用代码的机构已存在")
        if await Account.exists().where(Account.login == before["login"]):
            raise Conflict("该登录账号已被其他账号使用，请退回申请并说明需更换登录账号")
        institution = Institution(
            uscc=before["uscc"],
            name=before["name"],
            division_code=before["division_code"],
            is_branch=before["is_branch"],
            phone=before["phone"],
            unit_attribute=before["unit_attribute"],
        )
        await institution.save()
        await QualificationDeclaration(institution=institution.id).save()
        account = Account(
            login=before["login"],
            password_hash=before["password_hash"],
            role="institution",
            name=before["applicant_name"],
            mobile=before["applicant_mobile"],
            id_number=before["applicant_id_number"],
            institution=institution.id,
            must_change_password=True,
        )
        await account.save()
        await Registration.update(
            {
                Registration.status: status,
                Registration.reviewed_at: datetime.now(UTC),
                Registration.reviewer: actor.account_id,
                Registration.institution: institution.id,
                Registration.return_reason: None,
            }
        ).where(Registration.id == reg_id)
        after = await get(reg_id)
        await audit.record(actor, "registration_approve", "registration", reg_id, before=before, after=after)
        await audit.record(
            actor, "institution_create", "institution", institution.id, after=institution.to_dict()
        )
        await audit.record(
            actor,
            "account_create",
            "account",
            account.id,
            after={k: v for k, v in account.to_dict().items() if k != "password_hash"},
        )
    return int(institution.id)


async def return_(actor: Principal, reg_id: int, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(errors={"reason": "退回时须填写退回原因"})
    if len(reason) > 1000:
        raise Invalid(errors={"reason": "退回原因不能超过1000个字符"})
    async with atomic():
        before = await get(reg_id)
        status = states.next_state(states.TRANSITIONS, before["status"], "return")
        await Registration.update(
            {
                Registration.status: status,
                Registration.return_reason: reason,
                Registration.reviewed_at: datetime.now(UTC),
                Registration.reviewer: actor.account_id,
            }
        ).where(Registration.id == reg_id)
        after = await get(reg_id)
        await audit.record(actor, "registration_return", "registration", reg_id, before=before, after=after)
