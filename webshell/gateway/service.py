"""Making, listing, revoking and reading API tokens (source 001 module 13 标准接口).

- Made by an organisation's own account (a technical-service or health-examination
  institution, a radiation unit, or a regulator for its division) for that organisation, with permissions its kind may hold, for at most a year; the
  secret (``rrt_`` + 43 random characters) is returned once and only its SHA-256 is kept.
- A request with ``Authorization: Bearer <secret>`` acts as the token's account, scoped to its
  organisation and to the routes its permissions open (:mod:`.permissions`); expired or
  revoked tokens and stopped accounts are refused.
- Every use is audited (:mod:`.use`), every change of a token too.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from radrules_webshell.accounts.tables import Account
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal, division_prefix
from radrules_webshell.db.transaction import atomic
from radrules_webshell.gateway.permissions import PERMISSIONS, allowed_for
from radrules_webshell.gateway.tables import ApiToken

PREFIX = "rrt_"
MAX_DAYS = 366
MAX_TOKENS = 50
#: last_used_at is written at most this often.
_TOUCH_SECONDS = 60


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _owner(actor: Principal) -> Any:
    """The condition selecting the tokens of ``actor``'s organisation."""
    if actor.token_id is not None:
        raise Forbidden("API 令牌不能管理令牌：请登录后操作")
    if actor.role == "institution" and actor.institution_id:
        return ApiToken.institution_id == actor.institution_id
    if actor.role == "client" and actor.client_id:
        return ApiToken.client_id == actor.client_id
    if actor.role == "regulator" and actor.authority_id:
        return ApiToken.authority_id == actor.authority_id
    raise Forbidden("只有技术服务机构、放射诊疗单位和监管部门的账号可以创建 API 令牌")


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "prefix": row["prefix"],
        "permissions": row["permissions"].split(),
        "created_at": row["created_at"],
        "expires_at": row["expires_at"],
        "revoked_at": row["revoked_at"],
        "last_used_at": row["last_used_at"],
    }


async def listed(actor: Principal) -> list[dict[str, Any]]:
    rows = await ApiToken.select().where(_owner(actor)).order_by(ApiToken.id, ascending=False)
    return [_public(r) for r in rows]


async def create(actor: Principal, *, name: str, permissions: list[str], days: int) -> dict[str, Any]:
    """A new token of ``actor``'s organisation; the answer holds the secret, shown once."""
    owner = _owner(actor)
    errors: dict[str, str] = {}
    name = name.strip()
    if not 1 <= len(name) <= 100:
        errors["name"] = "须填写令牌名称（1~100个字符），如“检测软件对接”"
    may = allowed_for(actor.role)
    if not permissions or len(permissions) > len(PERMISSIONS):
        errors["permissions"] = f"须选择权限：{'、'.join(may)}"
    for i, p in enumerate(permissions):
        if p not in may:
            errors[f"permissions[{i}]"] = f"本单位不能授予“{p}”：可选 {'、'.join(may)}"
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = f"有效期应为 1~{MAX_DAYS} 天"
    if errors:
        raise Invalid(errors=errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    now = _now()
    async with atomic():
        if await ApiToken.count().where(owner & ApiToken.revoked_at.is_null()) >= MAX_TOKENS:
            raise Invalid(errors={"name": f"本单位有效的令牌已达 {MAX_TOKENS} 个：请先吊销不用的令牌"})
        inserted = await ApiToken.insert(
            ApiToken(
                token_hash=_hash(secret),
                prefix=secret[:12],
                name=name,
                account=actor.account_id,
                institution_id=actor.institution_id if actor.role == "institution" else None,
                client_id=actor.client_id if actor.role == "client" else None,
                authority_id=actor.authority_id if actor.role == "regulator" else None,
                permissions=" ".join(sorted(set(permissions))),
                created_at=now,
                expires_at=now + timedelta(days=days),
            )
        ).returning(ApiToken.id)
        token_id = int(inserted[0]["id"])
        row = await ApiToken.select().where(ApiToken.id == token_id).first()
        assert row is not None
        await audit.record(actor, "api_token_create", "api_token", token_id, after=_public(row))
    return {**_public(row), "token": secret}


async def revoke(actor: Principal, token_id: int) -> None:
    async with atomic():
        row = await ApiToken.select().where(_owner(actor) & (ApiToken.id == token_id)).first()
        if row is None:
            raise NotFound()
        if row["revoked_at"] is None:
            await ApiToken.update({ApiToken.revoked_at: _now()}).where(ApiToken.id == token_id)
            await audit.record(actor, "api_token_revoke", "api_token", token_id, before=_public(row))


async def load(secret: str, ip: str | None) -> Principal | None:
    """The principal of a bearer token, or None for one that is unknown, expired or revoked."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    row = (
        await ApiToken.select(
            ApiToken.id,
            ApiToken.permissions,
            ApiToken.expires_at,
            ApiToken.revoked_at,
            ApiToken.last_used_at,
            ApiToken.institution_id,
            ApiToken.client_id,
            ApiToken.authority_id,
            *ApiToken.account.all_columns(exclude=[Account.password_hash]),
            ApiToken.account._.authority.division_code.as_alias("authority_division"),
        )
        .where(ApiToken.token_hash == _hash(secret))
        .first()
    )
    now = _now()
    if row is None or row["revoked_at"] is not None or _aware(row["expires_at"]) <= now:
        return None
    if not row["account.active"]:
        return None
    last = row["last_used_at"]
    if last is None or (now - _aware(last)).total_seconds() > _TOUCH_SECONDS:
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
    return Principal(
        account_id=row["account.id"],
        login=row["account.login"],
        name=row["account.name"],
        role=row["account.role"],
        institution_id=row["institution_id"],
        client_id=row["client_id"],
        authority_id=row["authority_id"],
        division_prefix=division_prefix(row["authority_division"]) if row["authority_id"] else "",
        ip=ip,
        token_id=row["id"],
        token_permissions=tuple(row["permissions"].split()),
    )
