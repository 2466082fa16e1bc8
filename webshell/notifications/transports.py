"""How a text message leaves the web shell: the SMS transports (docs/notifications.md).

A transport takes one :class:`OutgoingSms` — mobile, text and an idempotency key — and
either hands it to the gateway or raises. Three are built in:

* ``file`` (default): each message as a JSON file in a folder (a hand-off directory that a
  gateway program collects; written whole or not at all, see :mod:`..core.handoff`);
* ``log``: each message as a line of the server's log (development, demonstrations);
* ``http``: POSTs the message as JSON to a gateway's address.

Others come from plugins through the ``radrules_webshell_sms_transport`` hook
(:mod:`.hookspecs`); ``RADRULES_SMS_TRANSPORT`` names the one used.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs
import httpx
import orjson
from radrules_webshell.core.handoff import write_whole
from radrules_webshell.core.masking import mask_phone
from radrules_webshell.markers import hookimpl
from radrules_webshell.settings import Settings

log = logging.getLogger("radrules_webshell.sms")

FORMAT = "radrules-sms/1"


class SmsError(Exception):
    """The gateway did not take the message; it is retried later."""


@attrs.frozen(kw_only=True)
class OutgoingSms:
    """One text as sent: the same ``text`` and ``key`` on every attempt."""

    message_id: int
    mobile: str
    text: str
    #: ``code``, ``notice`` or ``digest``.
    kind: str

    @property
    def key(self) -> str:
        """Names the message across retries: a gateway drops a second copy with the same key."""
        return f"radrules-sms-{self.message_id}"

    @property
    def filename(self) -> str:
        return f"sms-{self.message_id:010d}-{self.kind}.json"

    def json(self) -> bytes:
        return orjson.dumps(
            {"format": FORMAT, "key": self.key, "kind": self.kind, "mobile": self.mobile, "text": self.text}
        )


@runtime_checkable
class SmsTransport(Protocol):
    """What the dispatcher calls; ``name`` is what ``RADRULES_SMS_TRANSPORT`` selects."""

    name: str

    async def send(self, message: OutgoingSms) -> None: ...


@attrs.define
class FileSmsTransport:
    """Writes ``<folder>/sms-<message id>-<kind>.json``; a retry writes the same name."""

    folder: Path
    name: str = "file"

    async def send(self, message: OutgoingSms) -> None:
        try:
            await asyncio.to_thread(write_whole, self.folder, message.filename, message.json())
        except OSError as exc:
            raise SmsError(f"写入短信文件夹 {self.folder} 失败：{exc.strerror or exc}") from exc


@attrs.define
class LogSmsTransport:
    """Writes each message to the log (logger ``radrules_webshell.sms``), the mobile masked."""

    name: str = "log"

    async def send(self, message: OutgoingSms) -> None:
        log.info("SMS %s to %s: %s", message.key, mask_phone(message.mobile), message.text)


@attrs.define
class HttpSmsTransport:
    """POSTs ``{"format", "key", "kind", "mobile", "text"}`` to ``url``.

    Headers: ``Idempotency-Key`` (the message's key) and, when a token is configured,
    ``Authorization: Bearer <token>``. A 2xx answer is success; any other status, a timeout
    or a connection error is a failure that is retried. ``client`` is for tests
    (``httpx.MockTransport``).
    """

    url: str
    token: str = ""
    timeout: float = 10.0
    client: httpx.AsyncClient | None = None
    name: str = "http"

    async def send(self, message: OutgoingSms) -> None:
        if not self.url:
            raise SmsError("未配置短信网关地址（RADRULES_SMS_URL）")
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": message.key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            if self.client is not None:
                response = await self.client.post(self.url, content=message.json(), headers=headers)
            else:
                async with httpx.AsyncClient(timeout=self.timeout) as client:
                    response = await client.post(self.url, content=message.json(), headers=headers)
        except httpx.TimeoutException as exc:
            raise SmsError(f"短信网关在 {self.timeout:g} 秒内未应答（{type(exc).__name__}）") from exc
        except httpx.HTTPError as exc:
            raise SmsError(f"无法连接短信网关：{exc}") from exc
        if not 200 <= response.status_code < 300:
            text = response.text[:200].strip()
            raise SmsError(f"短信网关拒收：HTTP {response.status_code}{'：' + text if text else ''}")


class BuiltinSmsTransports:
    """The built-in transports, registered like any plugin (and tried last)."""

    @staticmethod
    @hookimpl(trylast=True)
    def radrules_webshell_sms_transport(name: str, settings: Settings) -> SmsTransport | None:
        if name == "file":
            return FileSmsTransport(settings.sms_folder)
        if name == "log":
            return LogSmsTransport()
        if name == "http":
            return HttpSmsTransport(
                settings.sms_url, settings.sms_token, timeout=settings.sms_timeout_seconds
            )
        return None
