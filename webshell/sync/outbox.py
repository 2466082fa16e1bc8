"""The national-sync outbox (source 000 §5.3.4 第九步): putting messages in it.

:func:`enqueue_card` runs inside the transaction that submits the card, so a card is
queued exactly when its submission commits; :func:`cancel_pending` inside the one that
withdraws it. The dispatcher (:mod:`.dispatch`) takes what is due (:mod:`.claims`), sends
it, and queues a card's attachments message once its data are sent
(:func:`enqueue_attachments`); :func:`retry_failed` gives up-on messages a fresh start.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from piccolo.columns import Column
from radrules_webshell.audit import service as audit
from radrules_webshell.core.principal import SYSTEM
from radrules_webshell.db.transaction import atomic
from radrules_webshell.sync.tables import SyncMessage

#: What the audit trail keeps of a message before and after a change.
MESSAGE_FIELDS = ("id", "report_card", "kind", "state", "attempts", "due_at", "last_error", "sent_at")


def snap(row: dict[str, Any]) -> dict[str, Any]:
    """A message row as the audit trail keeps it."""
    return {k: row[k] for k in MESSAGE_FIELDS if k in row}


def utc(now: datetime | None) -> datetime:
    """``now`` in UTC (default: the present); a time without a zone is refused."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    return now.astimezone(UTC)


async def enqueue_card(card_id: int, payload: str, *, at: datetime, first: bool = False) -> None:
    """Queue the card's data message, replacing one still pending from an earlier submission
    (``first``: the card's first submission, so there is none and no statement looks)."""
    if not first:
        await SyncMessage.update({SyncMessage.state: "cancelled"}).where(
            (SyncMessage.report_card == card_id)
            & (SyncMessage.kind == "data")
            & (SyncMessage.state == "pending")
        )
    await SyncMessage.insert(
        SyncMessage(report_card=card_id, kind="data", state="pending", payload=payload, due_at=at)
    )


async def cancel_pending(card_id: int) -> None:
    """Withdrawing a card stops what has not gone yet; what was sent stays sent."""
    await SyncMessage.update({SyncMessage.state: "cancelled"}).where(
        (SyncMessage.report_card == card_id) & (SyncMessage.state == "pending")
    )


async def enqueue_attachments(card_id: int, due_at: datetime) -> None:
    """Queue the card's attachments message, due at ``due_at`` (its data are sent)."""
    inserted = await SyncMessage.insert(
        SyncMessage(report_card=card_id, kind="attachments", state="pending", payload="[]", due_at=due_at)
    ).returning(*SyncMessage.all_columns())
    await audit.record(SYSTEM, "sync.queue", "sync_message", inserted[0]["id"], after=snap(inserted[0]))


async def retry_failed(now: datetime | None = None, *, cards: Collection[int] | None = None) -> int:
    """Give every ``failed`` message a fresh set of attempts, due at ``now``; how many."""
    at = utc(now)
    count = 0
    async with atomic():
        query = SyncMessage.select(*SyncMessage.all_columns()).where(SyncMessage.state == "failed")
        if cards is not None:
            query = query.where(SyncMessage.report_card.is_in(list(cards) or [-1]))
        for row in await query:
            changes: dict[Column | str, Any] = {
                SyncMessage.state: "pending",
                SyncMessage.attempts: 0,
                SyncMessage.due_at: at,
            }
            after = await (
                SyncMessage.update(changes)
                .where((SyncMessage.id == row["id"]) & (SyncMessage.state == "failed"))
                .returning(*SyncMessage.all_columns())
            )
            if after:
                await audit.record(
                    SYSTEM,
                    "sync.requeue",
                    "sync_message",
                    row["id"],
                    before=snap(row),
                    after=snap(after[0]),
                )
                count += 1
    return count
