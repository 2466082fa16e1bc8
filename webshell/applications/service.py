"""Account applications (source 002 §2.1): submitted online, reviewed by the CDC of the unit's
city, which creates the account; account validity and its extension.

- **Submit** (anyone, no login: a unit without an account applies this way): the form of
  :mod:`.forms`, checked field by field; the login must be free; the privacy commitment
  must be accepted. The applicant gets a 申请编号 that, with the credit code, opens 查询进度.
- **Review** by a reviewer (疾控) whose division prefix covers the unit's division — a city
  CDC (``3201``) sees its city's applications, the provincial CDC (``32``) the province's;
  the administrator sees all. **Approve** creates the account (role ``institution``, the
  unit found by its credit code or created) with a generated initial password, shown once
  to the reviewer, which must be changed at the first login, and the validity applied for;
  **return** records the reason. Both are audited and the applicant is told (``notify``:
  the new account's inbox and an SMS to the applicant's mobile; a return reaches the unit's
  existing accounts, and 查询进度 shows the reason to anyone holding the number).
- **Validity** (§2.1 3 “账号到期后联系所在地市疾控延长账号使用期限”): an account past its
  ``valid_until`` cannot log in (accounts.services); the reviewer of its division extends it
  by 1–3 years from the later of today and its current end.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from radrules_webshell.accounts import passwords
from radrules_webshell.accounts.services import login_taken
from radrules_webshell.accounts.tables import Account
from radrules_webshell.admin.recovery import generate_password
from radrules_webshell.applications.forms import APPLICATION_FORM
from radrules_webshell.applications.tables import AccountApplication
from radrules_webshell.audit import service as audit
from radrules_webshell.core.clock import today
from radrules_webshell.core.errors import Conflict, Forbidden, Invalid, NotFound
from radrules_webshell.core.masking import mask_phone
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.tables import Institution, QualificationDeclaration
from radrules_webshell.notifications import Recipient, notify

MAX_VALIDITY_YEARS = 3


def add_years(day: date, years: int) -> date:
    """``years`` later, the day before the same date (1 year from 2026-03-01 ends 2027-02-28)."""
    try:
        same = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        same = day.replace(year=day.year + years, day=28)
    return same - timedelta(days=1)


def applicant(login: str, ip: str | None) -> Principal:
    return Principal(account_id=0, login=login[:64] or "anonymous", name="", role="applicant", ip=ip)


def review_prefix(user: Principal) -> str:
    """The division prefix whose applications and accounts ``user`` reviews ('' for all)."""
    if user.role == "admin":
        return ""
    if user.role != "reviewer" or not user.division_prefix:
        raise Forbidden()
    return user.division_prefix


def _in_scope(division_code: str | None, prefix: str) -> bool:
    return bool(division_code) and str(division_code).startswith(prefix)


async def submit(data: dict[str, Any], ip: str | None) -> tuple[int, str]:
    """Store a new application; its id and 申请编号."""
    values, errors = APPLICATION_FORM.parse(data)
    login = values.get("login") or ""
    if login and not (login.isascii() and login.isalnum()):
        errors["login"] = "登录账号只能使用英文字母（区分大小写）或数字"
    if values.get("unit_kind") == "other" and not values.get("unit_kind_other"):
        errors["unit_kind_other"] = "单位属性选择“其他”时须填写具体属性"
    if not values.get("commitment"):
        errors["commitment"] = "须阅读并同意隐私信息安全承诺"
    start = values.get("valid_from")
    if start is not None and not today() - timedelta(days=30) <= start <= today() + timedelta(days=366):
        errors["valid_from"] = "账号有效期起始日期应在今天前后一年之内"
    if errors:
        raise Invalid(errors=errors)
    years = int(values.pop("validity_years"))
    values["valid_to"] = add_years(values["valid_from"], years)
    values["roles"] = json.dumps(values["roles"], ensure_ascii=False)
    number = "SQ" + secrets.token_hex(5).upper()
    async with atomic():
        if await login_taken(login) or await AccountApplication.exists().where(
            (AccountApplication.login == login) & (AccountApplication.status == "submitted")
        ):
            raise Invalid(errors={"login": "该登录账号已被使用，请换一个"})
        row = AccountApplication(**values, number=number, status="submitted", submitted_at=datetime.now(UTC))
        await row.save()
        after = await AccountApplication.select().where(AccountApplication.id == row.id).first()
        await audit.record(
            applicant(login, ip), "account_application_submit", "account_application", row.id, after=after
        )
    return int(row.id), number


async def progress(number: str, uscc: str) -> dict[str, Any]:
    """What 查询进度 shows for an application number and its unit's credit code."""
    row = await (
        AccountApplication.select(
            AccountApplication.number,
            AccountApplication.unit_name,
            AccountApplication.status,
            AccountApplication.return_reason,
            AccountApplication.login,
            AccountApplication.valid_to,
            AccountApplication.reviewing_body.name.as_alias("reviewing_body"),
        )
        .where(
            (AccountApplication.number == (number or "").strip().upper()[:20])
            & (AccountApplication.uscc == (uscc or "").strip().upper()[:18])
        )
        .first()
    )
    if row is None:
        raise NotFound("没有该申请编号与统一社会信用代码对应的申请")
    return row


async def list_for_review(user: Principal, status: str | None) -> list[dict[str, Any]]:
    query = AccountApplication.select().order_by(AccountApplication.submitted_at, ascending=False).limit(500)
    prefix = review_prefix(user)
    if prefix:
        query = query.where(AccountApplication.division_code.like(f"{prefix}%"))
    if status:
        query = query.where(AccountApplication.status == status)
    return list(await query)


async def get_for_review(user: Principal, application_id: int) -> dict[str, Any]:
    row = await AccountApplication.select().where(AccountApplication.id == application_id).first()
    if row is None or not _in_scope(row["division_code"], review_prefix(user)):
        raise NotFound("申请不存在或无权访问")
    return row


async def _unit(actor: Principal, row: dict[str, Any]) -> int:
    """The unit of the application: the one with its credit code, else a new one."""
    found = await Institution.select(Institution.id).where(Institution.uscc == row["uscc"]).first()
    if found is not None:
        return int(found["id"])
    unit = Institution(
        uscc=row["uscc"],
        name=row["unit_name"],
        division_code=row["division_code"],
        is_branch=False,
        phone=row["phone"],
        unit_attribute=row["unit_kind"],
        address=row["address"],
        legal_representative=row["legal_representative"],
        legal_representative_title=row["legal_representative_title"],
        contact_name=row["contact_name"],
        postcode=row["postcode"],
    )
    await unit.save()
    await QualificationDeclaration(institution=unit.id).save()
    await audit.record(actor, "institution_create", "institution", unit.id, after=unit.to_dict())
    return int(unit.id)


async def approve(actor: Principal, application_id: int) -> tuple[int, str]:
    """Approve: create the account; its id and the initial password (to be told once)."""
    async with atomic():
        before = await get_for_review(actor, application_id)
        if before["status"] != "submitted":
            raise Conflict("该申请已审核，不能再次审核")
        if await Account.exists().where(Account.login == before["login"]):
            raise Conflict("该登录账号已被使用，请退回申请并说明需更换登录账号")
        initial = generate_password(division_code=before["division_code"])
        unit_id = await _unit(actor, before)
        account = Account(
            login=before["login"],
            password_hash=await passwords.hash_password_off_loop(initial),
            role="institution",
            name=before["applicant_name"],
            mobile=before["applicant_mobile"],
            id_number=before["applicant_id_number"],
            institution=unit_id,
            must_change_password=True,
            valid_until=before["valid_to"],
        )
        await account.save()
        await AccountApplication.update(
            {
                AccountApplication.status: "approved",
                AccountApplication.reviewed_at: datetime.now(UTC),
                AccountApplication.reviewer: actor.account_id or None,
                AccountApplication.reviewing_body: actor.authority_id,
                AccountApplication.account: account.id,
                AccountApplication.institution: unit_id,
                AccountApplication.return_reason: None,
            }
        ).where(AccountApplication.id == application_id)
        after = await AccountApplication.select().where(AccountApplication.id == application_id).first()
        await audit.record(
            actor,
            "account_application_approve",
            "account_application",
            application_id,
            before=before,
            after=after,
        )
        await audit.record(
            actor,
            "account_create",
            "account",
            account.id,
            after={k: v for k, v in account.to_dict().items() if k != "password_hash"},
        )
        await notify(
            [Recipient.account(int(account.id))],
            kind="account.application_approved",
            title="账号申请已审核通过",
            body=(
                f"登录账号：{before['login']}；账号有效期至 {before['valid_to'].isoformat()}。"
                "初始密码由审核的疾控中心告知，首次登录须修改密码。"
            ),
            link="/password",
            sms="now",
            key=f"account_application:{application_id}:approved",
        )
    return int(account.id), initial


async def return_(actor: Principal, application_id: int, reason: str) -> None:
    reason = (reason or "").strip()
    await get_for_review(actor, application_id)  # out of scope: 404 before anything else
    if not reason:
        raise Invalid(errors={"reason": "退回时须填写退回原因"})
    if len(reason) > 1000:
        raise Invalid(errors={"reason": "退回原因不能超过1000个字符"})
    async with atomic():
        before = await get_for_review(actor, application_id)
        if before["status"] != "submitted":
            raise Conflict("该申请已审核，不能再次审核")
        await AccountApplication.update(
            {
                AccountApplication.status: "returned",
                AccountApplication.return_reason: reason,
                AccountApplication.reviewed_at: datetime.now(UTC),
                AccountApplication.reviewer: actor.account_id or None,
                AccountApplication.reviewing_body: actor.authority_id,
            }
        ).where(AccountApplication.id == application_id)
        after = await AccountApplication.select().where(AccountApplication.id == application_id).first()
        await audit.record(
            actor,
            "account_application_return",
            "account_application",
            application_id,
            before=before,
            after=after,
        )
        unit = await Institution.select(Institution.id).where(Institution.uscc == before["uscc"]).first()
        if unit is not None:
            await notify(
                [Recipient.org("institution", int(unit["id"]))],
                kind="account.application_returned",
                title=f"账号申请已退回：{before['applicant_name']}（{before['login']}）",
                body=f"退回原因：{reason}。请按原因修改后重新提交申请（申请编号 {before['number']}）。",
                key=f"account_application:{application_id}:returned",
            )


# -- account validity ---------------------------------------------------------------------


async def accounts_for_review(user: Principal) -> list[dict[str, Any]]:
    """The unit accounts of the reviewer's divisions, with their validity (at most 500)."""
    query = (
        Account.select(
            Account.id,
            Account.login,
            Account.name,
            Account.mobile,
            Account.valid_until,
            Account.active,
            Account.institution.name.as_alias("unit_name"),
            Account.institution.division_code.as_alias("division_code"),
        )
        .where(Account.role == "institution")
        .order_by(Account.id)
        .limit(500)
    )
    prefix = review_prefix(user)
    if prefix:
        query = query.where(Account.institution.division_code.like(f"{prefix}%"))
    rows = list(await query)
    for row in rows:
        row["mobile"] = mask_phone(row["mobile"]) if row["mobile"] else None
        row["expired"] = row["valid_until"] is not None and row["valid_until"] < today()
    return rows


async def extend(actor: Principal, account_id: int, years: int) -> date:
    """Extend the account's validity by ``years`` (1–3) from the later of today and its end."""
    async with atomic():
        row = await (
            Account.select(
                Account.id, Account.valid_until, Account.institution.division_code.as_alias("division_code")
            )
            .where((Account.id == account_id) & (Account.role == "institution"))
            .first()
        )
        if row is None or not _in_scope(row["division_code"], review_prefix(actor)):
            raise NotFound("账号不存在或无权访问")
        if years not in range(1, MAX_VALIDITY_YEARS + 1):
            raise Invalid(errors={"years": "延长年限应为1至3年（账号有效期建议1-3年）"})
        start = max(today(), row["valid_until"] + timedelta(days=1)) if row["valid_until"] else today()
        until = add_years(start, years)
        await Account.update({Account.valid_until: until}).where(Account.id == account_id)
        await audit.record(
            actor,
            "account_extend",
            "account",
            account_id,
            before={"valid_until": row["valid_until"].isoformat() if row["valid_until"] else None},
            after={"valid_until": until.isoformat()},
        )
        await notify(
            [Recipient.account(account_id)],
            kind="account.extended",
            title=f"账号有效期已延长至 {until.isoformat()}",
            key=f"account:{account_id}:valid_until:{until.isoformat()}",
        )
    return until
