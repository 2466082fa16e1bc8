"""A dispatcher's hold on one outbox message (source 000 §5.3.4 第九步): claiming the message
due first, and writing the outcome of the claim.

The protocol — one UPDATE claims, the attempt number is the claim's token, the outcome is
written only while the token holds — is :mod:`radrules_webshell.core.outbox`'s, shared
with the SMS outbox; here each step is audited. A dispatcher that died mid-send leaves a
``sending`` row whose lease runs out; the next run claims it again (the transports are
idempotent on the message's key, so a receiver keeps one copy).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core import outbox
from radrules_webshell.core.principal import SYSTEM
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings
from radrules_webshell.sync.outbox import snap
from radrules_webshell.sync.tables import SyncMessage

log = logging.getLogger(__name__)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Delay before the next attempt after ``attempts`` failures: doubling, capped."""
    return outbox.backoff(settings.sync_backoff_seconds, settings.sync_backoff_max_seconds, attempts)


async def claim(
    now: datetime, settings: Settings, cards: Collection[int] | None = None
) -> dict[str, Any] | None:
    """Claim the message due first (or one whose claim's lease ran out); None when none is due."""
    where = SyncMessage.report_card.is_in(list(cards) or [-1]) if cards is not None else None
    async with atomic():
        claimed = await outbox.claim_due(SyncMessage, now, settings.sync_lease_seconds, where)
        if claimed is None:
            return None
        before, after = claimed
        await audit.record(
            SYSTEM, "sync.claim", "sync_message", before["id"], before=snap(before), after=snap(after)
        )
        return after


async def release(message: dict[str, Any], changes: dict[Any, Any], action: str) -> bool:
    """Write the outcome of our claim (only if it is still ours) and audit it."""
    done = await outbox.release(SyncMessage, message, changes)
    if done is None:
        log.warning(
            "national sync: message %s was claimed again before its outcome was written", message["id"]
        )
        return False
    await audit.record(SYSTEM, action, "sync_message", message["id"], before=snap(message), after=snap(done))
    return True
