"""Putting messages in: :func:`notify`, the Python API other domains call (docs/notifications.md).

``notify`` runs inside the caller's transaction — the one that records the event the
message is about — so a message exists exactly when its event committed (the outbox
pattern of :mod:`radrules_webshell.sync`): a registration returned and rolled back tells
nobody, and one that commits is never left untold. It writes the inbox message and, when
asked, the SMS: ``sms="now"`` queues one text per mobile of the recipients' accounts, due at
once; ``sms="digest"`` adds a line to each account's daily summary (one SMS per recipient
and day, built by the dispatcher). The dispatcher sends what is due after the commit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from radrules_webshell import piccolo_conf
from radrules_webshell.notifications.recipients import Recipient, accounts_of
from radrules_webshell.notifications.tables import Notification, SmsDigestItem, SmsMessage
from radrules_webshell.settings import Settings

SmsMode = Literal["none", "now", "digest"]
_KIND = re.compile(r"[a-z][a-z0-9_.]{0,59}")
MAX_RECIPIENTS = 1000
MAX_BODY = 4000
MAX_KEY = 150
MAX_SMS_TEXT = 300


#: The settings of the running app (its SMS signature); set by :func:`configure`.
_configured = Settings(data_dir=Path("var"), database_url="")


def configure(settings: Settings) -> None:
    """Use ``settings`` (the app's) for what :func:`notify` needs of them."""
    global _configured
    _configured = settings


class NotifyError(ValueError):
    """A call of :func:`notify` the caller must fix (a programming error, not a user's)."""


def _check(kind: str, title: str, body: str, link: str | None, key: str | None, n: int) -> None:
    if not _KIND.fullmatch(kind):
        raise NotifyError(f"kind {kind!r}: lower-case letters, digits, '_' and '.', at most 60")
    if not title.strip() or len(title) > 200:
        raise NotifyError("title: 1 to 200 characters")
    if len(body) > MAX_BODY:
        raise NotifyError(f"body: at most {MAX_BODY} characters")
    if link is not None and (not link.startswith("/") or link.startswith("//") or len(link) > 500):
        raise NotifyError("link: a path of this site (/…), at most 500 characters")
    if key is not None and not 0 < len(key) <= MAX_KEY:
        raise NotifyError(f"key: 1 to {MAX_KEY} characters")
    if not 0 < n <= MAX_RECIPIENTS:
        raise NotifyError(f"recipients: 1 to {MAX_RECIPIENTS}")


def sms_text(settings: Settings, text: str) -> str:
    """The text as sent: the signature first, the whole bounded."""
    return (settings.sms_signature + text)[:MAX_SMS_TEXT]


async def notify(
    recipients: Sequence[Recipient],
    *,
    kind: str,
    title: str,
    body: str = "",
    link: str | None = None,
    sms: SmsMode = "none",
    sms_body: str | None = None,
    key: str | None = None,
    settings: Settings | None = None,
    at: datetime | None = None,
) -> list[int]:
    """Tell ``recipients`` about an event; the ids of the inbox messages written.

    Call it inside the transaction that records the event (``async with atomic():``);
    outside one it raises. ``key`` names the event: a second call with the same key adds
    nothing for a recipient already told (a job that runs again, a retried request).
    ``sms_body`` is the text of an ``sms="now"`` message (default: the title and a pointer
    to the inbox); ``settings`` gives its signature (default: the running app's).
    """
    unique = list(dict.fromkeys(recipients))
    _check(kind, title, body, link, key, len(unique))
    if sms not in ("none", "now", "digest"):
        raise NotifyError("sms: 'none', 'now' or 'digest'")
    engine = piccolo_conf.DB
    if not engine.transaction_exists():
        raise NotifyError("notify() runs inside the caller's transaction (db.transaction.atomic)")
    when = at or datetime.now(UTC)
    title = title.strip()
    text = sms_text(settings or _configured, sms_body or f"{title}。详情请登录平台查看“消息”。")
    written: list[int] = []
    mobiles: set[str] = set()
    for recipient in unique:
        row = Notification(
            account=recipient.account_id,
            org_kind=recipient.org_kind,
            org_id=recipient.org_id,
            kind=kind,
            title=title,
            body=body,
            link=link,
            key=f"{key}|{recipient.tag}" if key else None,
            created_at=when,
        )
        inserted = await (
            Notification.insert(row)
            .on_conflict(target=Notification.key, action="DO NOTHING")
            .returning(Notification.id)
        )
        if not inserted:
            continue  # told before under the same key
        notification_id = int(inserted[0]["id"])
        written.append(notification_id)
        if sms == "none":
            continue
        for account in await accounts_of(recipient):
            if sms == "digest":
                await SmsDigestItem.insert(
                    SmsDigestItem(
                        account=account["id"], notification=notification_id, line=title, created_at=when
                    )
                )
            elif account["mobile"] and account["mobile"] not in mobiles:
                # one text per mobile, however many of the recipients share it
                mobiles.add(account["mobile"])
                await SmsMessage.insert(
                    SmsMessage(
                        notification=notification_id,
                        account=account["id"],
                        mobile=account["mobile"],
                        kind="notice",
                        body=text,
                        state="pending",
                        due_at=when,
                        created_at=when,
                    )
                )
    return written
