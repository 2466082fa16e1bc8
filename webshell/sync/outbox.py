"""Queueing a submitted card for the national system (source 000 §5.3.4 第九步).

:func:`enqueue_card` runs inside the transaction that submits the card, so a card is
queued exactly when its submission commits. The dispatcher (:mod:`.dispatch`) sends what
is due.
"""

from __future__ import annotations

from datetime import datetime

from radrules_webshell.sync.tables import SyncMessage


async def enqueue_card(card_id: int, payload: str, *, at: datetime) -> None:
    """Queue the card's data message, replacing one still pending from an earlier submission."""
    await SyncMessage.update({SyncMessage.state: "cancelled"}).where(
        (SyncMessage.report_card == card_id) & (SyncMessage.kind == "data") & (SyncMessage.state == "pending")
    )
    await SyncMessage.insert(
        SyncMessage(report_card=card_id, kind="data", state="pending", payload=payload, due_at=at)
    )


async def cancel_pending(card_id: int) -> None:
    """Withdrawing a card stops what has not gone yet; what was sent stays sent."""
    await SyncMessage.update({SyncMessage.state: "cancelled"}).where(
        (SyncMessage.report_card == card_id) & (SyncMessage.state == "pending")
    )
