"""Sending what is due in the national-sync outbox (source 000 §5.3.4 第九步).

One message at a time: claim it, send it through the transport, record the outcome.

* **Claim** (:mod:`.claims`): one dispatcher at a time holds a message, for a lease; the
  outcome is written only while the claim is still its own.
* **Send** happens outside any transaction, so no database lock is held during network I/O.
* **Outcome**, in one transaction with its audit rows: success marks the message ``sent``
  and applies the workflow transition (:func:`radrules.record_data_sent` /
  :func:`radrules.record_attachments_sent`) to the card's columns; the data
  message queues the attachments message, due after the jurisdiction's
  ``attachment_sync_delay_days`` (Jiangsu: 5 days). A failure goes back to ``pending``
  with an exponential backoff, or to ``failed`` after ``sync_max_attempts``.
* An attachments message that comes due before the card is locked (stamped card and
  report cover/sign page uploaded) waits: it goes back to ``pending`` for
  ``sync_attachment_wait_seconds`` with the reason in ``last_error``, and the wait does not
  count as an attempt.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import orjson
from piccolo.columns import Column
from radrules_webshell.audit import service as audit
from radrules_webshell.core.clock import CHINA
from radrules_webshell.core.principal import SYSTEM
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.filings.cards.documents import card_columns, card_from_row
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.settings import Settings
from radrules_webshell.sync import outbox, payloads
from radrules_webshell.sync.claims import backoff, claim, release
from radrules_webshell.sync.outbox import utc
from radrules_webshell.sync.tables import SyncMessage
from radrules_webshell.sync.transports import Outgoing, Transport

from radrules import FilingStatus
from radrules.engine.registry import Registry
from radrules.services.attachments import record_attachments_sent, record_data_sent, sync_due
from radrules.services.workflow import SENDABLE, TransitionRefused, base_status, workflow_policy

log = logging.getLogger(__name__)

#: Dates on the card (data_sent_on, attachments_sent_on) are Beijing dates.
ACTOR = "系统（国家系统上报）"
#: Card columns a sync transition changes.
_CARD_SYNC_COLUMNS = ("status", "status_under_lock", "data_sent_on", "attachments_sent_on", "document")
KIND_LABELS = {"data": "报送数据", "attachments": "附件"}


@attrs.define
class RunSummary:
    """What one run did, by outcome; ``problems`` has one Chinese line per failure."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    waiting: int = 0
    problems: list[str] = attrs.field(factory=list)

    def text(self) -> str:
        lines = [
            f"国家系统上报：成功 {self.sent} 条，待重试 {self.retried} 条，"
            f"放弃（已失败）{self.failed} 条，等待附件 {self.waiting} 条"
        ]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


@attrs.define
class Dispatcher:
    """Sends what is due through ``transport``; ``registry`` as for :mod:`radrules.services.attachments`.

    The jurisdiction whose policy applies is the card's (its service location), as the
    workflow decides it.
    """

    settings: Settings
    transport: Transport
    registry: Registry | None = None

    async def run(
        self, now: datetime | None = None, *, cards: Collection[int] | None = None, limit: int = 10_000
    ) -> RunSummary:
        """Send every message due at ``now`` (default: the present), at most ``limit``.

        ``cards`` restricts the run to those cards' messages. A message retried or waiting
        in this run is due later than ``now``, so it is not taken twice.
        """
        at = utc(now)
        summary = RunSummary()
        for _ in range(limit):
            message = await claim(at, self.settings, cards)
            if message is None:
                break
            try:
                await self._handle(message, at, summary)
            except Exception as exc:  # a bug or a database error: recorded, the run goes on
                log.exception("national sync: message %s", message["id"])
                await self._failed(message, at, f"内部错误：{exc}", summary)
        return summary

    async def _handle(self, message: dict[str, Any], now: datetime, summary: RunSummary) -> None:
        card_row = (
            await ReportCard.select(ReportCard.qc_code).where(ReportCard.id == message["report_card"]).first()
        )
        qc_code = card_row["qc_code"] if card_row else None
        if message["kind"] == "attachments":
            prepared = await self._prepare_attachments(message, now, summary)
            if prepared is None:
                return
            message = prepared
        try:
            body = payloads.body(message, qc_code, self.settings)
            await self.transport.send(
                Outgoing(
                    message_id=message["id"],
                    card_id=message["report_card"],
                    kind=message["kind"],
                    qc_code=qc_code,
                    body=body,
                )
            )
        except Exception as exc:
            log.warning("national sync: message %s not sent: %s", message["id"], exc)
            await self._failed(message, now, str(exc) or type(exc).__name__, summary)
            return
        await self._sent(message, now, summary)

    # -- outcomes ---------------------------------------------------------------------------

    async def _failed(self, message: dict[str, Any], now: datetime, error: str, summary: RunSummary) -> None:
        attempts = message["attempts"]
        error = error[:1000]
        give_up = attempts >= self.settings.sync_max_attempts
        async with atomic():
            if give_up:
                changes = {
                    SyncMessage.state: "failed",
                    SyncMessage.last_error: error,
                    SyncMessage.due_at: now,
                }
                ok = await release(message, changes, "sync.failed")
            else:
                changes = {
                    SyncMessage.state: "pending",
                    SyncMessage.last_error: error,
                    SyncMessage.due_at: now + backoff(self.settings, attempts),
                }
                ok = await release(message, changes, "sync.retry")
        if not ok:
            return
        label = f"报送卡 {message['report_card']} 的{KIND_LABELS.get(message['kind'], message['kind'])}"
        if give_up:
            summary.failed += 1
            summary.problems.append(f"{label}：第 {attempts} 次仍失败，已放弃：{error}")
        else:
            summary.retried += 1
            summary.problems.append(f"{label}：第 {attempts} 次失败，将重试：{error}")

    async def _wait(self, message: dict[str, Any], until: datetime, reason: str, summary: RunSummary) -> None:
        changes = {
            SyncMessage.state: "pending",
            SyncMessage.due_at: until,
            SyncMessage.last_error: reason,
            SyncMessage.attempts: message["attempts"] - 1,  # waiting is not a failed attempt
        }
        if await release(message, changes, "sync.wait"):
            summary.waiting += 1

    async def _cancel(self, message: dict[str, Any], reason: str) -> None:
        changes = {
            SyncMessage.state: "cancelled",
            SyncMessage.last_error: reason,
            SyncMessage.attempts: message["attempts"] - 1,
        }
        await release(message, changes, "sync.cancel")

    async def _prepare_attachments(
        self, message: dict[str, Any], now: datetime, summary: RunSummary
    ) -> dict[str, Any] | None:
        """Fix the list of files to send, or wait/cancel when the card is not ready for it."""
        async with atomic():
            row = (
                await ReportCard.select(*ReportCard.all_columns())
                .where(ReportCard.id == message["report_card"])
                .first()
            )
            if row is None:
                await self._cancel(message, "报送卡已删除")
                return None
            card = card_from_row(row)
            local = now.astimezone(CHINA)
            if card.status is FilingStatus.synced:
                await self._cancel(message, "附件已上报")
                return None
            data_sent = card.national_sync.data_sent_on if card.national_sync else None
            if base_status(card) not in SENDABLE or data_sent is None:
                # withdrawn (and perhaps resubmitted): the next data message queues new attachments
                await self._cancel(message, "报送卡已撤销，附件随重新提交后的数据再上报")
                return None
            due = sync_due(card, as_of=local.date(), registry=self.registry)
            files = await payloads.attachment_files(message["report_card"])
            if not due.attachments or not files:
                due_on = due.attachments_due_on
                if due_on is not None and local.date() < due_on:
                    until = datetime.combine(due_on, datetime.min.time(), CHINA).astimezone(UTC)
                else:
                    until = now + timedelta(seconds=self.settings.sync_attachment_wait_seconds)
                await self._wait(
                    message, until, due.note if not due.attachments else "未找到已上传的附件文件", summary
                )
                return None
            payload = orjson.dumps(files).decode()
            await SyncMessage.update({SyncMessage.payload: payload}).where(
                (SyncMessage.id == message["id"]) & (SyncMessage.attempts == message["attempts"])
            )
        return {**message, "payload": payload}

    async def _sent(self, message: dict[str, Any], now: datetime, summary: RunSummary) -> None:
        if await self._record_sent(message, now):
            summary.sent += 1

    async def _record_sent(self, message: dict[str, Any], now: datetime) -> bool:
        """Mark the message sent and move the card on, in one transaction; False if not ours."""
        async with atomic():
            changes = {SyncMessage.state: "sent", SyncMessage.sent_at: now, SyncMessage.last_error: None}
            if not await release(message, changes, "sync.sent"):
                return False
            query = ReportCard.select(*ReportCard.all_columns()).where(
                ReportCard.id == message["report_card"]
            )
            if not is_sqlite(ReportCard._meta.db):
                query = query.lock_rows("UPDATE")
            row = await query.first()
            if row is None:
                return True
            card = card_from_row(row)
            local = now.astimezone(CHINA)
            try:
                if message["kind"] == "data":
                    transition = record_data_sent(card, actor=ACTOR, at=local)
                else:
                    transition = record_attachments_sent(card, actor=ACTOR, at=local, registry=self.registry)
            except TransitionRefused as exc:
                # The card changed while the message was on its way (withdrawn, or an
                # attachment deleted): the message stays sent; the card keeps its state.
                log.warning(
                    "national sync: card %s not updated after message %s: %s", row["id"], message["id"], exc
                )
                await audit.record(
                    SYSTEM,
                    "card.sync_not_applied",
                    "report_card",
                    row["id"],
                    before={"status": row["status"], "message": message["id"]},
                    after={"reason": exc.message},
                )
                if message["kind"] == "attachments" and base_status(card) in SENDABLE:
                    await outbox.enqueue_attachments(
                        row["id"], now + timedelta(seconds=self.settings.sync_attachment_wait_seconds)
                    )
                return True
            new = card_columns(transition.card)
            card_changes: dict[Column | str, Any] = {
                getattr(ReportCard, k): new[k] for k in _CARD_SYNC_COLUMNS
            }
            card_changes[ReportCard.version] = ReportCard.version + 1
            card_changes[ReportCard.updated_at] = now
            await ReportCard.update(card_changes).where(ReportCard.id == row["id"])
            await audit.record(
                SYSTEM,
                f"card.{transition.audit.action.value}",
                "report_card",
                row["id"],
                before={
                    k: row[k] for k in ("status", "status_under_lock", "data_sent_on", "attachments_sent_on")
                },
                after={
                    k: new[k] for k in ("status", "status_under_lock", "data_sent_on", "attachments_sent_on")
                },
            )
            if message["kind"] == "data":
                policy = workflow_policy(transition.card, as_of=local.date(), registry=self.registry)
                await outbox.enqueue_attachments(
                    row["id"], now + timedelta(days=policy.attachment_sync_delay_days)
                )
        return True


async def dispatch_due(
    settings: Settings,
    transport: Transport,
    now: datetime | None = None,
    *,
    cards: Collection[int] | None = None,
) -> RunSummary:
    """Run the dispatcher once (what ``radrules sync`` and the server's periodic task do)."""
    return await Dispatcher(settings, transport).run(now, cards=cards)
