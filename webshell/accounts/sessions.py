"""Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the table.

A session ends after ``session_idle_seconds`` without a request or ``session_max_seconds``
after login, whichever comes first, and on logout or a password change.

One login per account at a time (source 002 §2.1 4: “同一个账号不能多人同时登录，如果多人同时
登录将会导致数据无法保存”): a login ends the account's other sessions. They are not deleted
but marked ``ended_reason = 'replaced'``, in the same transaction that opens the new one
(the account's row locked on PostgreSQL; SQLite's write transactions run one at a time), so
two logins at once leave exactly one session and every server process sees the same. A
request with a replaced session's cookie is anonymous and, where it needed a login, is told
why (:data:`ENDED_MESSAGES`) and loses the cookie; the marked row goes at its hard limit.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from radrules_webshell.accounts.tables import Account, Authority, WebSession
from radrules_webshell.core.clock import CHINA
from radrules_webshell.core.principal import Principal, division_prefix
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.settings import Settings

COOKIE = "radrules_session"
#: last_seen_at is written at most this often, so that reading pages stays read-only.
_TOUCH_SECONDS = 60
REPLACED = "replaced"
EXPIRED = "expired"
#: What a request with an ended session's cookie is told, by ``ended_reason``.
ENDED_MESSAGES = {
    REPLACED: "您的账号已在其他地方登录，本处已退出。同一个账号不能多人同时登录；如非本人操作，请尽快修改密码。",
    EXPIRED: "账号已到期，请联系所在地市疾控延长账号使用期限",
}


def expired(valid_until: date | None) -> bool:
    """Whether an account valid until that day (Beijing time) is past it (source 002 §2.1 3)."""
    return valid_until is not None and valid_until < datetime.now(CHINA).date()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


async def create(account_id: int, settings: Settings, ip: str | None) -> tuple[str, int]:
    """Open a session for the account, ending its others; the token and how many were ended.

    Call it inside a transaction (:func:`..db.transaction.atomic`): the ending and the
    opening are one change.
    """
    token = secrets.token_urlsafe(32)
    now = _now()
    # Sessions past their hard limit are removed here, so the table does not grow for ever.
    await WebSession.delete().where(WebSession.expires_at < now)
    ended: list[dict[str, object]] = []
    if settings.single_login:
        if not is_sqlite(Account._meta.db):
            await Account.select(Account.id).where(Account.id == account_id).lock_rows()
        ended = await (
            WebSession.update({WebSession.ended_reason: REPLACED})
            .where((WebSession.account == account_id) & WebSession.ended_reason.is_null())
            .returning(WebSession.id)
        )
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
    return token, len(ended)


async def load(token: str | None, settings: Settings, ip: str | None) -> Principal | None:
    user, _ended = await resolve(token, settings, ip)
    return user


@functools.cache
def _columns() -> tuple[Any, ...]:
    """What a request's session lookup reads, built once: Piccolo copies every column of the
    joined account on each ``all_columns()``, which cost ~3 ms a request (bench_answer_cost)."""
    return (
        WebSession.id,
        WebSession.ended_reason,
        WebSession.csrf_token,
        WebSession.last_seen_at,
        WebSession.expires_at,
        *WebSession.account.all_columns(exclude=[Account.password_hash]),
        WebSession.account._.authority.division_code.as_alias("authority_division"),
    )


async def resolve(
    token: str | None, settings: Settings, ip: str | None
) -> tuple[Principal | None, str | None]:
    """The session's principal, or None with the reason it was ended (None: no such session)."""
    if not token or len(token) > 100:
        return None, None
    row = await _session_row(_hash(token))
    if row is None:
        return None, None
    if row["ended_reason"]:
        return None, row["ended_reason"]
    now = _now()
    last_seen = _aware(row["last_seen_at"])
    if (
        _aware(row["expires_at"]) <= now
        or last_seen + timedelta(seconds=settings.session_idle_seconds) <= now
    ):
        await WebSession.delete().where(WebSession.id == row["id"])
        return None, None
    if not row["account.active"]:
        return None, None
    if expired(row["account.valid_until"]):
        # an account that runs out while logged in is out at its next request
        return None, EXPIRED
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
    ), None


async def _session_row(token_hash: str) -> dict[str, Any] | None:
    """The session with its account (without the password hash) and the account's
    authority's division, by the token's hash."""
    if is_sqlite(WebSession._meta.db):
        row: dict[str, Any] | None = (
            await WebSession.select(*_columns()).where(WebSession.token_hash == token_hash).first()
        )
        return row
    # Precompiled on PostgreSQL: Piccolo building this join of three tables for every
    # request was a quarter of a card submission's server CPU (py-spy; docs/performance.md,
    # issue 17), and with the columns built once (_columns) the query string is still
    # rebuilt each time. The same columns under the same keys; SQLite keeps Piccolo's
    # select, which also converts SQLite's stored values.
    rows = await WebSession.raw(_session_sql(), token_hash)
    return rows[0] if rows else None


@functools.cache
def _session_sql() -> str:
    def name(column: Any) -> str:
        return f'"{column._meta.db_column_name}"'

    session = [WebSession.id, WebSession.ended_reason, WebSession.csrf_token]
    session += [WebSession.last_seen_at, WebSession.expires_at]
    columns = [f"s.{name(c)}" for c in session]
    columns += [
        f'a.{name(c)} AS "account.{c._meta.name}"'
        for c in Account._meta.columns
        if c._meta.name != Account.password_hash._meta.name
    ]
    columns.append(f'au.{name(Authority.division_code)} AS "authority_division"')
    return (
        f'SELECT {", ".join(columns)} FROM "{WebSession._meta.tablename}" s'
        f' JOIN "{Account._meta.tablename}" a ON a.{name(Account.id)} = s.{name(WebSession.account)}'
        f' LEFT JOIN "{Authority._meta.tablename}" au ON au.{name(Authority.id)} = a.{name(Account.authority)}'
        f" WHERE s.{name(WebSession.token_hash)} = {{}} LIMIT 1"
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
