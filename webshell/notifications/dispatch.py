"""Sending what is due in the SMS outbox, and building the daily summaries.

One run (the server's periodic job, or ``radrules sms``):

1. **Summaries.** From ``sms_digest_hour`` (08:00 Beijing) on, every account with lines
   waiting from before today gets one summary text, keyed ``<account>:<day>`` (a unique
   column), so a recipient gets at most one a day however many dispatchers run; the lines
   are tied to it in the same transaction.
2. **Texts.** Each due text is claimed (:mod:`radrules_webshell.core.outbox`: one
   dispatcher per text, the attempt number as the claim's token), sent outside any
   transaction, and its outcome written with an audit row: ``sent``; back to ``pending``
   after a backoff; ``failed`` after ``sms_max_attempts``. A code older than its validity
   is not sent (``cancelled``). A sent code's text is blanked: the code is nowhere at rest.

A text is sent twice only if a dispatcher dies (or outlives its lease) between sending and
recording; the retry carries the same key (``radrules-sms-<id>``), which the file transport
uses as the file name and the HTTP transport as ``Idempotency-Key``.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from radrules_webshell.accounts.tables import Account
from radrules_webshell.audit import service as audit
from radrules_webshell.core import outbox
from radrules_webshell.core.clock import CHINA
from radrules_webshell.core.principal import SYSTEM
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.notifications.outbox import sms_text
from radrules_webshell.notifications.tables import SmsDigestItem, SmsMessage
from radrules_webshell.notifications.transports import OutgoingSms, SmsTransport
from radrules_webshell.settings import Settings

log = logging.getLogger(__name__)

#: What the audit trail keeps of a text (never its words: a code may be in them).
_FIELDS = ("id", "kind", "account", "state", "attempts", "due_at", "last_error", "sent_at", "digest_key")
SENT_CODE = "（验证码短信，已发送，内容不保留）"
#: Lines named in a summary before "等 N 条".
DIGEST_LINES = 3


@attrs.define
class SmsRunSummary:
    digests: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    problems: list[str] = attrs.field(factory=list)

    def text(self) -> str:
        lines = [
            f"短信：生成每日汇总 {self.digests} 条，发送成功 {self.sent} 条，待重试 {self.retried} 条，"
            f"放弃（已失败）{self.failed} 条，过期未发 {self.cancelled} 条"
        ]
        return "\n".join(lines + [f"  {p}" for p in self.problems])


def _snap(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in _FIELDS if k in row}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def digest_text(settings: Settings, lines: list[str]) -> str:
    """``您有 3 条新消息：甲；乙；丙。请登录平台查看“消息”。`` (more than three: ``…等 N 条``)."""
    named = "；".join(lines[:DIGEST_LINES])
    more = f"等 {len(lines)} 条" if len(lines) > DIGEST_LINES else ""
    return sms_text(settings, f"您有 {len(lines)} 条新消息：{named}{more}。请登录平台查看“消息”。")


async def build_digests(
    settings: Settings, now: datetime, *, accounts: Collection[int] | None = None, limit: int = 10_000
) -> int:
    """Queue today's summary for each account with lines from before today; how many.

    ``accounts`` restricts the run to those accounts (tests, a manual run for one recipient).
    """
    local = now.astimezone(CHINA)
    if local.hour < settings.sms_digest_hour:
        return 0
    day_start = datetime.combine(local.date(), datetime.min.time(), CHINA).astimezone(UTC)
    waiting = (SmsDigestItem.sms.is_null()) & (SmsDigestItem.created_at < day_start)
    if accounts is not None:
        waiting = waiting & SmsDigestItem.account.is_in(list(accounts) or [-1])
    found = await SmsDigestItem.select(SmsDigestItem.account).where(waiting).distinct().limit(limit)
    built = 0
    for entry in found:
        account_id = entry["account"]
        async with atomic():
            query = (
                SmsDigestItem.select(SmsDigestItem.id, SmsDigestItem.line)
                .where(waiting & (SmsDigestItem.account == account_id))
                .order_by(SmsDigestItem.created_at)
                .order_by(SmsDigestItem.id)
            )
            if not is_sqlite(SmsDigestItem._meta.db):
                query = query.lock_rows("UPDATE")
            items = await query
            if not items:
                continue  # another dispatcher took them
            ids = [i["id"] for i in items]
            account = (
                await Account.select(Account.mobile, Account.active).where(Account.id == account_id).first()
            )
            if account is None or not account["active"] or not account["mobile"]:
                # nobody to text: the messages stay in the inbox
                await SmsDigestItem.delete().where(SmsDigestItem.id.is_in(ids))
                continue
            inserted = await (
                SmsMessage.insert(
                    SmsMessage(
                        account=account_id,
                        mobile=account["mobile"],
                        kind="digest",
                        body=digest_text(settings, [i["line"] for i in items]),
                        state="pending",
                        due_at=now,
                        digest_key=f"{account_id}:{local.date().isoformat()}",
                        created_at=now,
                    )
                )
                .on_conflict(target=SmsMessage.digest_key, action="DO NOTHING")
                .returning(*SmsMessage.all_columns())
            )
            if not inserted:
                continue  # today's summary went already; these lines wait for tomorrow's
            await SmsDigestItem.update({SmsDigestItem.sms: inserted[0]["id"]}).where(
                SmsDigestItem.id.is_in(ids)
            )
            await audit.record(
                SYSTEM, "sms.digest", "sms_message", inserted[0]["id"], after=_snap(inserted[0])
            )
            built += 1
    return built


@attrs.define
class SmsDispatcher:
    settings: Settings
    transport: SmsTransport

    async def run(
        self,
        now: datetime | None = None,
        *,
        accounts: Collection[int] | None = None,
        mobiles: Collection[str] | None = None,
        limit: int = 10_000,
    ) -> SmsRunSummary:
        """Build the summaries due, then send every text due at ``now`` (at most ``limit``).

        ``accounts`` restricts the summaries, ``mobiles`` the texts, to those named.
        """
        at = (now or datetime.now(UTC)).astimezone(UTC)
        summary = SmsRunSummary(digests=await build_digests(self.settings, at, accounts=accounts))
        where = SmsMessage.mobile.is_in(list(mobiles) or ["-"]) if mobiles is not None else None
        for _ in range(limit):
            claimed = await outbox.claim_due(SmsMessage, at, self.settings.sms_lease_seconds, where)
            if claimed is None:
                break
            message = claimed[1]
            try:
                await self._handle(message, at, summary)
            except Exception as exc:  # a bug or a database error: recorded, the run goes on
                log.exception("sms: message %s", message["id"])
                await self._failed(message, at, f"内部错误：{exc}", summary)
        return summary

    async def _handle(self, message: dict[str, Any], now: datetime, summary: SmsRunSummary) -> None:
        if message["kind"] == "code":
            expiry = _aware(message["created_at"]) + timedelta(seconds=self.settings.sms_code_seconds)
            if expiry <= now:
                cancel: dict[Any, Any] = {
                    SmsMessage.state: "cancelled",
                    SmsMessage.body: SENT_CODE.replace("已发送", "已过期未发送"),
                    SmsMessage.last_error: "验证码已过期，未发送",
                }
                if await self._release(message, cancel, "sms.cancel"):
                    summary.cancelled += 1
                return
        outgoing = OutgoingSms(
            message_id=message["id"], mobile=message["mobile"], text=message["body"], kind=message["kind"]
        )
        try:
            await self.transport.send(outgoing)
        except Exception as exc:
            log.warning("sms: message %s not sent: %s", message["id"], exc)
            await self._failed(message, now, str(exc) or type(exc).__name__, summary)
            return
        changes: dict[Any, Any] = {
            SmsMessage.state: "sent",
            SmsMessage.sent_at: now,
            SmsMessage.last_error: None,
        }
        if message["kind"] == "code":
            changes[SmsMessage.body] = SENT_CODE
        if await self._release(message, changes, "sms.sent"):
            summary.sent += 1

    async def _release(self, message: dict[str, Any], changes: dict[Any, Any], action: str) -> bool:
        async with atomic():
            done = await outbox.release(SmsMessage, message, changes)
            if done is None:
                log.warning("sms: message %s was claimed again before its outcome was written", message["id"])
                return False
            await audit.record(
                SYSTEM, action, "sms_message", message["id"], before=_snap(message), after=_snap(done)
            )
        return True

    async def _failed(
        self, message: dict[str, Any], now: datetime, error: str, summary: SmsRunSummary
    ) -> None:
        attempts = message["attempts"]
        give_up = attempts >= self.settings.sms_max_attempts
        delay = outbox.backoff(
            self.settings.sms_backoff_seconds, self.settings.sms_backoff_max_seconds, attempts
        )
        changes = {
            SmsMessage.state: "failed" if give_up else "pending",
            SmsMessage.last_error: error[:1000],
            SmsMessage.due_at: now if give_up else now + delay,
        }
        if not await self._release(message, changes, "sms.failed" if give_up else "sms.retry"):
            return
        if give_up:
            summary.failed += 1
            summary.problems.append(f"短信 {message['id']}：第 {attempts} 次仍失败，已放弃：{error}")
        else:
            summary.retried += 1
            summary.problems.append(f"短信 {message['id']}：第 {attempts} 次失败，将重试：{error}")
