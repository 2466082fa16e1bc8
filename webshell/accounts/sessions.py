"""Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the table.

A session ends after ``session_idle_seconds`` without a request or ``session_max_seconds``
after login, whichever comes first, and on logout or a password change.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from radrules_webshell.accounts.tables import Account, WebSession
from radrules_webshell.core.principal import Principal, division_prefix
from radrules_webshell.settings import Settings

COOKIE = "radrules_session"
#: last_seen_at is written at most this often, so that reading pages stays read-only.
_TOUCH_SECONDS = 60


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


async def create(account_id: int, settings: Settings, ip: str | None) -> str:
    token = secrets.token_urlsafe(32)
    now = _now()
    # Sessions past their hard limit are removed here, so the table does not grow for ever.
    await WebSession.delete().where(WebSession.expires_at < now)
    await WebSession.insert(
        WebSession(
            token_hash=_hash(token),
            account=account_id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(seconds=settings.session_max_seconds),
            ip=ip,
        )
    )
    return token


async def load(token: str | None, settings: Settings, ip: str | None) -> Principal | None:
    if not token or len(token) > 100:
        return None
    row = (
        await WebSession.select(
            WebSession.id,
            WebSession.csrf_token,
            WebSession.last_seen_at,
            WebSession.expires_at,
            *WebSession.account.all_columns(exclude=[Account.password_hash]),
            WebSession.account._.authority.division_code.as_alias("authority_division"),
        )
        .where(WebSession.token_hash == _hash(token))
        .first()
    )
    if row is None:
        return None
    now = _now()
    last_seen = _aware(row["last_seen_at"])
    if (
        _aware(row["expires_at"]) <= now
        or last_seen + timedelta(seconds=settings.session_idle_seconds) <= now
    ):
        await WebSession.delete().where(WebSession.id == row["id"])
        return None
    if not row["account.active"]:
        return None
    if (now - last_seen).total_seconds() > _TOUCH_SECONDS:
        await WebSession.update({WebSession.last_seen_at: now}).where(WebSession.id == row["id"])
    return Principal(
        account_id=row["account.id"],
        login=row["account.login"],
        name=row["account.name"],
        role=row["account.role"],
        institution_id=row["account.institution"],
        client_id=row["account.client"],
        authority_id=row["account.authority"],
        division_prefix=division_prefix(row["authority_division"]),
        must_change_password=row["account.must_change_password"],
        session_id=row["id"],
        csrf_token=row["csrf_token"],
        ip=ip,
    )


async def destroy(token: str | None) -> None:
    if token:
        await WebSession.delete().where(WebSession.token_hash == _hash(token))


async def destroy_all(account_id: int, *, keep_session_id: int | None = None) -> None:
    query = WebSession.delete().where(WebSession.account == account_id)
    if keep_session_id is not None:
        query = query.where(WebSession.id != keep_session_id)
    await query


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for values Piccolo stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)
