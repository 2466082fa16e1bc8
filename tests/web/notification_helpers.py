"""Helpers for the notification tests: accounts with mobiles, telling them, a recording transport."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs
from web_helpers import Web, unique_login

_mobiles = itertools.count(1)


def unique_mobile() -> str:
    """An 11-digit mobile no other test uses (139, then the process and a counter)."""
    return f"139{os.getpid() % 1000:03d}{next(_mobiles):05d}"


def new_account(web: Web, *, mobile: str | None = None, institution_id: int | None = None) -> dict[str, Any]:
    """An account (of ``institution_id``, else an administrator) with its own mobile."""
    from radrules_webshell.accounts.services import create_account
    from radrules_webshell.core.principal import SYSTEM

    login = unique_login("nt")
    password = "Notify#2026x"
    mobile = mobile or unique_mobile()
    account_id = web.run(
        create_account,
        SYSTEM,
        login=login,
        password=password,
        role="institution" if institution_id else "admin",
        name="通知测试",
        institution_id=institution_id,
        mobile=mobile,
        must_change_password=False,
    )
    return {"id": account_id, "login": login, "password": password, "mobile": mobile}


def tell(web: Web, recipients: list[Any], **kwargs: Any) -> list[int]:
    """``notify`` in a transaction of its own, as a domain's service would."""
    from radrules_webshell.db.transaction import atomic
    from radrules_webshell.notifications import notify

    async def run() -> list[int]:
        async with atomic():
            return await notify(recipients, **kwargs)

    result: list[int] = web.run(run)
    return result


@attrs.define
class Phone:
    """An SMS transport that keeps what it was given, optionally failing or pausing first."""

    sent: list[Any] = attrs.field(factory=list)
    fail: Callable[[Any], str | None] = lambda _m: None
    pause: float = 0.0
    name: str = "phone"

    async def send(self, message: Any) -> None:
        from radrules_webshell.notifications.transports import SmsError

        if self.pause:
            await asyncio.sleep(self.pause)
        error = self.fail(message)
        if error:
            raise SmsError(error)
        self.sent.append(message)


def dispatch(
    web: Web, phone: Any, now: datetime, *, mobiles: list[str], accounts: list[int] | None = None
) -> Any:
    from radrules_webshell.notifications.dispatch import SmsDispatcher

    return web.run(SmsDispatcher(web.settings, phone).run, now, mobiles=mobiles, accounts=accounts)


def sms_rows(web: Web, mobile: str) -> list[dict[str, Any]]:
    from radrules_webshell.notifications.tables import SmsMessage

    rows: list[dict[str, Any]] = web.run(
        SmsMessage.select().where(SmsMessage.mobile == mobile).order_by(SmsMessage.id)
    )
    return rows
