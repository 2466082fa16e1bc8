"""The three levels of administration (source 001 §2.3.1 三级权限管理, §2.4.3): 市级, 县区级
and 用户单位 administrators, each granting accounts and the administrator's right within its
own level and below — a city in its city and counties, a county in its county, a unit in
itself; the system administrator grants the city's.

Who is at which level is a :class:`SupervisionAdmin` row. A city or county administrator is
a regulator account (its authority's division says where); a unit administrator a client
account. Accounts are created through ``admin.service.create_user`` (the platform's one way,
with its password policy and audit), then the level, if any, granted in the same transaction.
"""

from __future__ import annotations

from typing import Any

from radrules_webshell.accounts.services import AccountError
from radrules_webshell.accounts.tables import Account
from radrules_webshell.admin import service as admin
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Client
from radrules_webshell.core.errors import Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal, division_prefix
from radrules_webshell.db.transaction import atomic
from radrules_webshell.supervision.registers.tables import SupervisionAdmin
from radrules_webshell.supervision.vocabulary import LEVEL_LABELS

#: What an account is opened with.
FIELDS = ("role", "login", "password", "name", "division", "client_id", "level")
#: Accounts listed at most (a city's regulators and its units' accounts stay far below).
MAX_LISTED = 2_000


async def level_of(user: Principal) -> str | None:
    """``system`` for the administrator; ``city``/``county``/``unit`` from the grant; else None."""
    if user.role == "admin":
        return "system"
    row = (
        await SupervisionAdmin.select(SupervisionAdmin.level)
        .where(SupervisionAdmin.account == user.account_id)
        .first()
    )
    if row is None:
        return None
    level = str(row["level"])
    # a grant only holds where the account still is what it was granted as
    if level in ("city", "county") and user.role == "regulator" and user.division_prefix:
        return level
    if level == "unit" and user.role == "client" and user.client_id is not None:
        return level
    return None


def _division_level(code: str) -> str:
    """``city`` for a city's code (``511500``), ``county`` for a county's, else ``province``."""
    prefix = division_prefix(code)
    return {4: "city", 6: "county"}.get(len(prefix), "province")


def _reaches_division(user: Principal, level: str, code: str) -> bool:
    return level == "system" or (level in ("city", "county") and code.startswith(user.division_prefix))


async def _require_level(user: Principal) -> str:
    level = await level_of(user)
    if level is None:
        raise Forbidden("只有市级、县区级或用户单位管理员可以管理账号")
    return level


def _grantable(actor_level: str, role: str, division: str | None) -> set[str]:
    """The levels ``actor_level`` may grant to an account of ``role`` (in ``division``)."""
    if role == "client":
        return {"unit"}
    if role != "regulator" or division is None:
        return set()
    at = _division_level(division)
    allowed = {"system": {"city", "county"}, "city": {"city", "county"}, "county": {"county"}}.get(
        actor_level, set()
    )
    return allowed & {at}


async def _client_in(actor: Principal, level: str, client_id: Any) -> dict[str, Any]:
    try:
        cid = int(client_id)
    except (TypeError, ValueError):
        raise Invalid(errors={"client_id": "请选择放射诊疗单位"}) from None
    row = await Client.select().where(Client.id == cid).first()
    ok = row is not None and (
        _reaches_division(actor, level, row["division_code"]) or (level == "unit" and actor.client_id == cid)
    )
    if row is None or not ok:
        raise Invalid(errors={"client_id": "只能为本辖区（本单位）的放射诊疗单位开设账号"})
    return row


async def create(actor: Principal, data: dict[str, Any]) -> int:
    """An account at or below the actor's level; ``level`` (optional) grants administration."""
    level = await _require_level(actor)
    unknown = [str(k) for k in data if k not in FIELDS]
    if unknown:
        raise Invalid(
            f"未知字段 {unknown[0]}；可用字段：{'、'.join(FIELDS)}", errors={unknown[0]: "未知字段"}
        )
    role = str(data.get("role") or "")
    grant = str(data.get("level") or "") or None
    division: str | None = None
    org: str | None = None
    if role == "regulator":
        if level not in ("system", "city", "county"):
            raise Forbidden("用户单位管理员只能开设本单位的账号")
        division = str(data.get("division") or "").strip()
        if not division or not _reaches_division(actor, level, division):
            raise Invalid(errors={"division": "只能在本级及下级行政区划开设监管账号"})
    elif role == "client":
        org = (await _client_in(actor, level, data.get("client_id")))["uscc"]
    else:
        raise Invalid(errors={"role": "账号类型应为 regulator（卫生健康行政部门）或 client（放射诊疗单位）"})
    if grant is not None and grant not in _grantable(level, role, division):
        raise Invalid(errors={"level": "不能授予该级管理权限"})
    async with atomic():
        try:
            account_id = await admin.create_user(
                actor,
                role=role,
                login=str(data.get("login") or ""),
                password=str(data.get("password") or ""),
                name=str(data.get("name") or "") or None,
                org=org,
                division=division,
            )
        except AccountError as exc:
            raise Invalid(errors=exc.errors) from None
        if grant is not None:
            await _grant(actor, account_id, grant)
    return account_id


async def _grant(actor: Principal, account_id: int, level: str) -> None:
    await SupervisionAdmin.delete().where(SupervisionAdmin.account == account_id)
    row = SupervisionAdmin(account=account_id, level=level, granted_by=actor.account_id or None)
    await row.save()
    await audit.record(actor, "supervision_admin_grant", "account", account_id, after={"level": level})


async def _account_in_scope(actor: Principal, level: str, account_id: int) -> dict[str, Any]:
    row = (
        await Account.select(
            Account.id,
            Account.role,
            Account.client,
            Account.authority.division_code.as_alias("division"),
            Account.client.division_code.as_alias("client_division"),
        )
        .where(Account.id == account_id)
        .first()
    )
    if row is None:
        raise NotFound()
    if row["role"] == "regulator" and row["division"] and _reaches_division(actor, level, row["division"]):
        return row
    in_division = row["client_division"] and _reaches_division(actor, level, row["client_division"])
    own_unit = level == "unit" and row["client"] == actor.client_id
    if row["role"] == "client" and (in_division or own_unit):
        return row
    raise NotFound()


async def grant(actor: Principal, account_id: int, level_name: str | None) -> None:
    """Grant (or, with None, take back) an account's administration within the actor's scope."""
    level = await _require_level(actor)
    row = await _account_in_scope(actor, level, account_id)
    if account_id == actor.account_id:
        raise Forbidden("不能修改自己的管理权限")
    async with atomic():
        if level_name is None:
            before = await SupervisionAdmin.select().where(SupervisionAdmin.account == account_id).first()
            await SupervisionAdmin.delete().where(SupervisionAdmin.account == account_id)
            await audit.record(actor, "supervision_admin_revoke", "account", account_id, before=before)
            return
        if level_name not in _grantable(level, row["role"], row["division"]):
            raise Invalid(errors={"level": "不能授予该级管理权限"})
        await _grant(actor, account_id, level_name)


async def grant_from(actor: Principal, account_id: int, data: dict[str, Any]) -> str | None:
    """:func:`grant` from a JSON body ``{"level": "county"}`` (or ``null``), read after the
    account is found in the actor's scope."""
    await _account_in_scope(actor, await _require_level(actor), account_id)
    unknown = [str(k) for k in data if k != "level"]
    level = data.get("level")
    if unknown or "level" not in data or not (level is None or isinstance(level, str)):
        raise Invalid(errors={(unknown or ["level"])[0]: "只接受字段 level（city、county、unit 或 null）"})
    await grant(actor, account_id, level or None)
    return level or None


async def accounts(actor: Principal) -> list[dict[str, Any]]:
    """The accounts within the actor's scope, with their level."""
    level = await _require_level(actor)
    query = Account.select(
        Account.id,
        Account.login,
        Account.name,
        Account.role,
        Account.active,
        Account.client,
        Account.client.name.as_alias("client_name"),
        Account.authority.name.as_alias("authority_name"),
        Account.authority.division_code.as_alias("division"),
        Account.client.division_code.as_alias("client_division"),
    )
    if level == "unit":
        query = query.where(Account.client == actor.client_id)
    elif level != "system":
        prefix = f"{actor.division_prefix}%"
        query = query.where(
            ((Account.role == "regulator") & Account.authority.division_code.like(prefix))
            | ((Account.role == "client") & Account.client.division_code.like(prefix))
        )
    else:
        query = query.where(Account.role.is_in(["regulator", "client"]))
    rows = await query.order_by(Account.id).limit(MAX_LISTED)
    levels = {
        r["account"]: r["level"]
        for r in await SupervisionAdmin.select().where(
            SupervisionAdmin.account.is_in([r["id"] for r in rows] or [0])
        )
    }
    return [
        r | {"level": levels.get(r["id"]), "level_label": LEVEL_LABELS.get(levels.get(r["id"]) or "", "")}
        for r in rows
    ]
