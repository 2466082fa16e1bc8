"""The inbox as its reader sees it: list, unread count, open, mark read — scoped to the
principal (a message for another account or another organisation is "not found").

Marking read is the reader's own view, not a record of the platform, so it is not audited;
the events the messages tell about are audited where they happen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from piccolo.columns.combination import Or, Where
from radrules_webshell.core.errors import NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.notifications.recipients import orgs_of
from radrules_webshell.notifications.tables import Notification, NotificationRead

#: The most messages one "mark all read" marks (the rest stay unread for the next one).
MARK_ALL_LIMIT = 5000
_CHUNK = 500


def visible(user: Principal) -> Where | Or:
    """Messages for ``user``'s account or for one of its organisations."""
    condition: Where | Or = Notification.account == user.account_id
    for kind, org_id in orgs_of(user):
        condition = condition | ((Notification.org_kind == kind) & (Notification.org_id == org_id))
    return condition


def _read_by(user: Principal) -> Any:
    return NotificationRead.select(NotificationRead.notification).where(
        NotificationRead.account == user.account_id
    )


async def unread_count(user: Principal) -> int:
    return int(await Notification.count().where(visible(user) & Notification.id.not_in(_read_by(user))))


async def inbox(
    user: Principal, *, unread_only: bool = False, kind: str | None = None, page: int = 1, page_size: int = 20
) -> dict[str, Any]:
    """One page of the inbox, newest first, with ``total`` and ``unread`` counts."""
    where: Any = visible(user)
    if unread_only:
        where = where & Notification.id.not_in(_read_by(user))
    if kind:
        where = where & (Notification.kind == kind)
    total = await Notification.count().where(where)
    rows = (
        await Notification.select(*_COLUMNS)
        .where(where)
        .order_by(Notification.created_at, ascending=False)
        .order_by(Notification.id, ascending=False)
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    read = await _read_ids(user, [r["id"] for r in rows])
    return {
        "items": [{**r, "read": r["id"] in read} for r in rows],
        "total": total,
        "unread": await unread_count(user),
        "page": page,
        "page_size": page_size,
    }


_COLUMNS = (
    Notification.id,
    Notification.kind,
    Notification.title,
    Notification.body,
    Notification.link,
    Notification.created_at,
)


async def _read_ids(user: Principal, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    rows = await NotificationRead.select(NotificationRead.notification).where(
        (NotificationRead.account == user.account_id) & NotificationRead.notification.is_in(ids)
    )
    return {r["notification"] for r in rows}


async def get(user: Principal, notification_id: int) -> dict[str, Any]:
    row = (
        await Notification.select(*_COLUMNS)
        .where(visible(user) & (Notification.id == notification_id))
        .first()
    )
    if row is None:
        raise NotFound("消息不存在或无权查看")
    return {**row, "read": bool(await _read_ids(user, [notification_id]))}


async def _mark(user: Principal, ids: list[int]) -> None:
    now = datetime.now(UTC)
    for start in range(0, len(ids), _CHUNK):
        rows = [
            NotificationRead(
                notification=i, account=user.account_id, pair=f"{i}:{user.account_id}", read_at=now
            )
            for i in ids[start : start + _CHUNK]
        ]
        await NotificationRead.insert(*rows).on_conflict(target=NotificationRead.pair, action="DO NOTHING")


async def mark_read(user: Principal, notification_id: int) -> None:
    """Mark one message read for ``user`` (reading it twice is no error)."""
    await get(user, notification_id)
    await _mark(user, [notification_id])


async def mark_all_read(user: Principal) -> int:
    """Mark every unread message read (at most :data:`MARK_ALL_LIMIT`); how many."""
    rows = (
        await Notification.select(Notification.id)
        .where(visible(user) & Notification.id.not_in(_read_by(user)))
        .limit(MARK_ALL_LIMIT)
    )
    await _mark(user, [r["id"] for r in rows])
    return len(rows)
