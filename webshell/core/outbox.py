"""Claiming one message of an outbox table, and writing the outcome of the claim.

The national-sync outbox (:mod:`radrules_webshell.sync`) and the SMS outbox
(:mod:`radrules_webshell.notifications`) share this protocol; each table has the columns
``id``, ``state``, ``attempts`` and ``due_at``:

* **Claim.** One UPDATE moves the message due first from ``pending`` (or from ``sending``
  whose lease has run out) to ``sending``, counts the attempt and sets ``due_at`` to the
  end of a lease. On PostgreSQL the candidate row is selected ``FOR UPDATE SKIP LOCKED``;
  on SQLite the transaction is IMMEDIATE (one writer at a time). The UPDATE re-checks the
  state, so two dispatchers — threads or processes — never both claim a message.
* **Token.** The attempt number is the claim's token: the outcome is written only
  ``WHERE state = 'sending' AND attempts = <token>``, so a dispatcher whose lease ran out
  cannot overwrite the outcome of the one that took over.
* **Backoff.** A failed attempt waits ``base × 2^(attempts−1)``, capped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from piccolo.columns import Column, Integer
from piccolo.columns.combination import Where, WhereRaw
from piccolo.table import Table
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic


def _columns(table: type[Table]) -> tuple[Column, Column, Integer, Any]:
    """The outbox columns of ``table``: state, due_at, attempts and the primary key."""
    meta = table._meta
    attempts = meta.get_column_by_name("attempts")
    assert isinstance(attempts, Integer)
    return meta.get_column_by_name("state"), meta.get_column_by_name("due_at"), attempts, meta.primary_key


def backoff(base_seconds: float, cap_seconds: float, attempts: int) -> timedelta:
    """Delay before the next attempt after ``attempts`` failures: doubling from ``base``, capped."""
    seconds = base_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, cap_seconds))


async def claim_due(
    table: type[Table],
    now: datetime,
    lease_seconds: float,
    where: Where | WhereRaw | Any | None = None,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Claim the message of ``table`` due first (``where`` narrows the candidates).

    Returns the row before and after the claim — inside the claim's own transaction when
    the caller opened one, so it can record the claim with it — or None when none is due.
    """
    state, due_at, attempts, key = _columns(table)
    claimable = state.is_in(["pending", "sending"]) & (due_at <= now)
    async with atomic():
        query = table.select(*table.all_columns()).where(claimable)
        if where is not None:
            query = query.where(where)
        query = query.order_by(due_at).order_by(key).limit(1)
        if not is_sqlite(table._meta.db):
            query = query.lock_rows("UPDATE", skip_locked=True)
        row = await query.first()
        if row is None:
            return None
        claimed = await (
            table.update(
                {state: "sending", attempts: attempts + 1, due_at: now + timedelta(seconds=lease_seconds)}
            )
            .where((key == row["id"]) & claimable)
            .returning(*table.all_columns())
        )
        if not claimed:
            return None
        return dict(row), dict(claimed[0])


async def release(
    table: type[Table], message: dict[str, Any], changes: dict[Any, Any]
) -> dict[str, Any] | None:
    """Write ``changes`` if the claim ``message`` stands for is still ours; the row after, else None."""
    state, _due_at, attempts, key = _columns(table)
    done = await (
        table.update(changes)
        .where((key == message["id"]) & (state == "sending") & (attempts == message["attempts"]))
        .returning(*table.all_columns())
    )
    return dict(done[0]) if done else None
