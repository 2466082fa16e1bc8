"""Creating accounts for any role (web page and ``radrules admin create-user``)."""

from __future__ import annotations

from typing import Any

from radrules_webshell.accounts import throttle
from radrules_webshell.accounts.services import AccountError, create_account
from radrules_webshell.accounts.tables import ROLE_LABELS, Account, Authority
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Client
from radrules_webshell.core.masking import mask_phone
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.institutions.tables import Institution

from radrules import PROVINCES, InvalidValue, division_name, validate_division_code


def authority_name(kind: str, code: str) -> str:
    """The body's name as it calls itself: the division's full name and the body
    (``江苏省苏州市卫生健康委员会``, ``江苏省疾病预防控制中心``)."""
    body = "疾病预防控制中心" if kind == "reviewer" else "卫生健康委员会"
    return f"{division_name(code) or PROVINCES.get(code[:2], code)}{body}"


async def authority_for(actor: Principal, kind: str, division: str) -> int:
    """The authority of ``kind`` for ``division``, created if the platform has none yet."""
    code = division.strip()
    if len(code) == 2 and code.isdigit():
        code += "0000"
    try:
        code = validate_division_code(code, level="province")
    except InvalidValue as exc:
        raise AccountError({"division": exc.reason}) from None
    async with atomic():
        row = (
            await Authority.select(Authority.id)
            .where((Authority.kind == kind) & (Authority.division_code == code))
            .first()
        )
        if row:
            return int(row["id"])
        authority = Authority(name=authority_name(kind, code), kind=kind, division_code=code)
        await authority.save()
        await audit.record(actor, "authority_create", "authority", authority.id, after=authority.to_dict())
        return int(authority.id)


async def create_user(
    actor: Principal,
    *,
    role: str,
    login: str,
    password: str,
    name: str | None = None,
    org: str | None = None,
    division: str | None = None,
    must_change_password: bool = True,
) -> int:
    ids: dict[str, Any] = {}
    if role in ("institution", "client"):
        if not org:
            raise AccountError({"org": "机构或放射诊疗单位账号须填写所属单位的统一社会信用代码"})
        table = Institution if role == "institution" else Client
        row = await table.select(table.id, table.name).where(table.uscc == org.strip()).first()
        if row is None:
            what = "技术服务机构" if role == "institution" else "放射诊疗单位"
            raise AccountError({"org": f"平台上没有统一社会信用代码为 {org} 的{what}"})
        ids["institution_id" if role == "institution" else "client_id"] = row["id"]
        name = name or row["name"]
    elif role in ("reviewer", "regulator"):
        if not division:
            raise AccountError({"division": "审核或监管账号须选择所属地区"})
        ids["authority_id"] = await authority_for(actor, role, division)
    return await create_account(
        actor,
        login=login,
        password=password,
        role=role,
        name=name or ROLE_LABELS.get(role, role),
        must_change_password=must_change_password,
        **ids,
    )


async def list_accounts() -> list[dict[str, Any]]:
    rows = await Account.select(
        Account.id,
        Account.login,
        Account.name,
        Account.role,
        Account.mobile,
        Account.active,
        Account.must_change_password,
        Account.created_at,
        Account.institution.name.as_alias("institution_name"),
        Account.client.name.as_alias("client_name"),
        Account.authority.name.as_alias("authority_name"),
    ).order_by(Account.id)
    locked = await throttle.locked_logins([r["login"] for r in rows])
    return [
        r
        | {
            "mobile": mask_phone(r["mobile"]),
            "role_label": ROLE_LABELS.get(r["role"], r["role"]),
            "locked_until": locked.get(r["login"]),
        }
        for r in rows
    ]
