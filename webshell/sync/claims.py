"""A dispatcher's hold on one outbox message (source 000 §5.3.4 第九步): claiming the message
due first, and writing the outcome of the claim.

A message is claimed by one UPDATE that moves it from ``pending`` (due) to ``sending``,
counts the attempt and sets ``due_at`` to the end of a lease. On PostgreSQL the candidate
row is selected ``FOR UPDATE SKIP LOCKED``; on SQLite the transaction is IMMEDIATE (one
writer at a time). The UPDATE re-checks the state, so two dispatchers — threads or
processes — never both claim a message. The attempt number is the claim's token: the
outcome is written only ``WHERE attempts = <token>``. A dispatcher that died mid-send
leaves a ``sending`` row whose lease runs out; the next run claims it again (the
transports are idempotent on the message's key, so a receiver keeps one copy).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core.principal import SYSTEM
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings
from radrules_webshell.sync.outbox import snap
from radrules_webshell.sync.tables import SyncMessage

log = logging.getLogger(__name__)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Delay before the next attempt after ``attempts`` failures: doubling, capped."""
    seconds = settings.sync_backoff_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.sync_backoff_max_seconds))


async def claim(
    now: datetime, settings: Settings, cards: Collection[int] | None = None
) -> dict[str, Any] | None:
    """Claim the message due first (or one whose claim's lease ran out); None when none is due."""
    lease_end = now + timedelta(seconds=settings.sync_lease_seconds)
    claimable = SyncMessage.state.is_in(["pending", "sending"]) & (SyncMessage.due_at <= now)
    async with atomic():
        query = SyncMessage.select(*SyncMessage.all_columns()).where(claimable)
        if cards is not None:
            query = query.where(SyncMessage.report_card.is_in(list(cards) or [-1]))
        query = query.order_by(SyncMessage.due_at).order_by(SyncMessage.id).limit(1)
        if not is_sqlite(SyncMessage._meta.db):
            query = query.lock_rows("UPDATE", skip_locked=True)
        row = await query.first()
        if row is None:
            return None
        claimed = await (
            SyncMessage.update(
                {
                    SyncMessage.state: "sending",
                    SyncMessage.attempts: SyncMessage.attempts + 1,
                    SyncMessage.due_at: lease_end,
                }
            )
            .where((SyncMessage.id == row["id"]) & claimable)
            .returning(*SyncMessage.all_columns())
        )
        if not claimed:
            return None
        after = claimed[0]
        await audit.record(
            SYSTEM, "sync.claim", "sync_message", row["id"], before=snap(row), after=snap(after)
        )
        return dict(after)


async def release(message: dict[str, Any], changes: dict[Any, Any], action: str) -> bool:
    """Write the outcome of our claim (only if it is still ours) and audit it."""
    done = await (
        SyncMessage.update(changes)
        .where(
            (SyncMessage.id == message["id"])
            & (SyncMessage.state == "sending")
            & (SyncMessage.attempts == message["attempts"])
        )
        .returning(*SyncMessage.all_columns())
    )
    if not done:
        log.warning(
            "national sync: message %s was claimed again before its outcome was written", message["id"]
        )
        return False
    await audit.record(
        SYSTEM, action, "sync_message", message["id"], before=snap(message), after=snap(done[0])
    )
    return True
